//! Results folders as the page tests need them: CSV files read as rows of named
//! cells and written back, cells set by hand (a structure that has not settled, a
//! verdict, a value missing), and the columns a structure's cost, settling and rank
//! fill in `summary.csv` and the margins in `compare.csv`, completed where a run left
//! them empty, by the rules of docs/outputs.md, so that every part of the page has
//! something to show.

use orgsim::scenario::{load_file, Scenario};
use std::collections::btree_map::{BTreeMap, Entry};
use std::path::Path;

/// One row of a CSV file: column name to cell.
pub type Row = BTreeMap<String, String>;

/// A CSV file as its header and rows.
pub struct Sheet {
    /// The column names, in order.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Sheet {
    /// Reads `path`.
    pub fn read(path: &Path) -> Sheet {
        let mut reader =
            csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| {
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect();
        Sheet { header, rows }
    }

    /// Writes the sheet to `path`, columns in header order.
    pub fn write(&self, path: &Path) {
        let mut writer = csv::Writer::from_path(path).unwrap();
        writer.write_record(&self.header).unwrap();
        for row in &self.rows {
            writer
                .write_record(self.header.iter().map(|h| row[h].as_str()))
                .unwrap();
        }
        writer.flush().unwrap();
    }
}

/// Changes the rows of the file `name` of `dir` by `edit`.
pub fn edit(dir: &Path, name: &str, mut edit: impl FnMut(&mut Row)) {
    let path = dir.join(name);
    let mut sheet = Sheet::read(&path);
    sheet.rows.iter_mut().for_each(&mut edit);
    sheet.write(&path);
}

/// Sets `column` to `value` in the rows of file `name` whose cells match every
/// `(column, cell)` of `filter`; returns how many rows were set.
pub fn set(dir: &Path, name: &str, filter: &[(&str, &str)], column: &str, value: &str) -> usize {
    let mut count = 0;
    edit(dir, name, |row| {
        if filter.iter().all(|(c, v)| row[*c] == *v) {
            row.insert(column.to_string(), value.to_string());
            count += 1;
        }
    });
    assert!(count > 0, "no row of {name} matches {filter:?}");
    count
}

/// The key of a point's rows: the scenario and its swept values, as the files write
/// them (`column=value`, in column order).
fn point_key(row: &Row, sweep: &[String]) -> String {
    let mut key = row["scenario"].clone();
    for column in sweep {
        key.push_str(&format!(";{column}={}", row[column]));
    }
    key
}

/// The sweep columns of a sheet: those between `first` (the key's last column) and
/// `last` (the first field).
fn sweep_columns(sheet: &Sheet, after: &str, before: &str) -> Vec<String> {
    let a = sheet.header.iter().position(|h| h == after).unwrap();
    let b = sheet.header.iter().position(|h| h == before).unwrap();
    sheet.header[a + 1..b].to_vec()
}

/// Fills the cells a run may leave empty, as docs/outputs.md defines them:
/// `people_cost_per_year` (from the scenario files of `scenarios`, by
/// `Structure::people_cost_per_year`), `settled` (`true`), `primary_rank` (1 + the
/// structures `better` on the primary outcome) and `margin` (2% of |mean B|). Cells a
/// run filled are left as they are.
pub fn complete(dir: &Path, scenarios: &[&Path]) {
    let points: Vec<Scenario> = scenarios
        .iter()
        .flat_map(|path| {
            let files = if path.is_dir() {
                let mut files: Vec<_> = std::fs::read_dir(path)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .collect();
                files.sort();
                files
            } else {
                vec![path.to_path_buf()]
            };
            files.into_iter().flat_map(|f| {
                load_file(&f).unwrap_or_else(|e| panic!("{}: {}", f.display(), e.render()))
            })
        })
        .collect();
    let summary_path = dir.join("summary.csv");
    let mut summary = Sheet::read(&summary_path);
    let sweep = sweep_columns(&summary, "structure", "metric");
    let mut compare = Sheet::read(&dir.join("compare.csv"));
    let compare_sweep = sweep_columns(&compare, "scenario", "structure_a");

    // Per point, the primary outcome: net value, else value, else throughput, the
    // first that some structure observed.
    let observed = |key: &str, metric: &str| {
        summary
            .rows
            .iter()
            .any(|r| point_key(r, &sweep) == key && r["metric"] == metric && r["n"] != "0")
    };
    let mut primary: BTreeMap<String, String> = BTreeMap::new();
    for row in &summary.rows {
        if let Entry::Vacant(entry) = primary.entry(point_key(row, &sweep)) {
            let metric = ["net_value_per_week", "value_per_week"]
                .into_iter()
                .find(|m| observed(entry.key(), m))
                .unwrap_or("throughput_per_week");
            entry.insert(metric.to_string());
        }
    }
    let better_than = |key: &str, structure: &str| -> usize {
        compare
            .rows
            .iter()
            .filter(|c| point_key(c, &compare_sweep) == key && c["metric"] == primary[key])
            .filter(|c| {
                (c["structure_b"] == structure && c["verdict"] == "better")
                    || (c["structure_a"] == structure && c["verdict"] == "worse")
            })
            .count()
    };
    let cost = |row: &Row| -> Option<f64> {
        let point = points.iter().find(|p| {
            p.name == row["scenario"]
                && sweep.iter().all(|c| {
                    p.sweep
                        .iter()
                        .find(|(path, _)| path == c)
                        .map_or("", |(_, v)| v)
                        == row[c]
                })
        })?;
        point
            .structures
            .iter()
            .find(|s| s.name == row["structure"])?
            .people_cost_per_year()
    };
    let ranks: Vec<usize> = summary
        .rows
        .iter()
        .map(|r| 1 + better_than(&point_key(r, &sweep), &r["structure"]))
        .collect();
    let costs: Vec<Option<f64>> = summary.rows.iter().map(cost).collect();
    for ((row, rank), cost) in summary.rows.iter_mut().zip(ranks).zip(costs) {
        let fill = |row: &mut Row, column: &str, value: String| {
            if row[column].is_empty() {
                row.insert(column.to_string(), value);
            }
        };
        if let Some(cost) = cost {
            fill(row, "people_cost_per_year", cost.to_string());
        }
        fill(row, "settled", "true".to_string());
        fill(row, "primary_rank", rank.to_string());
    }
    summary.write(&summary_path);
    for row in &mut compare.rows {
        if row["margin"].is_empty() {
            if let Ok(b) = row["mean_b"].parse::<f64>() {
                row.insert("margin".to_string(), (0.02 * b.abs()).to_string());
            }
        }
    }
    compare.write(&dir.join("compare.csv"));
}
