//! Reading a results folder back: the CSV files a run wrote, folded into what the
//! page shows (per scenario, per sweep point, per structure).
//!
//! Only what the page needs is kept: `summary.csv` and `compare.csv` whole (they are
//! small), from `trials.csv` the two metrics shown as distributions, from
//! `people.csv` the sums of each person's activity shares (so memory does not grow
//! with the number of trials beyond those two columns), and `warnings.csv` when
//! present. `groups.csv` is not read.
//!
//! Every column is found by its header name, so a file with columns added later
//! still reads; sweep columns are the ones between two fixed columns of each file.
//! Rows are keyed by names, never by position, and the order of everything is the
//! order of first appearance in the files, so the page is a function of the bytes of
//! the CSVs.

use super::ReportError;
use crate::stats::Reservoir;
use csv::StringRecord;
use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The two metrics drawn as distributions over trials, in this order.
pub(super) const DISTRIBUTED: [&str; 2] = ["decision_latency_p90_h", "lead_time_mean_h"];

/// Everything the page shows, in the order of the files.
#[derive(Debug, Default)]
pub(super) struct Results {
    /// Scenarios in the order of `summary.csv`.
    pub scenarios: Vec<ScenarioData>,
    /// Whether `warnings.csv` was in the folder (older runs do not write it).
    pub has_warnings: bool,
}

/// One scenario: its structures and sweep points.
#[derive(Debug, Default)]
pub(super) struct ScenarioData {
    /// Scenario name.
    pub name: String,
    /// Structure names, in order of first appearance.
    pub structures: Vec<String>,
    /// Sweep points, in order of first appearance (the order of the run).
    pub points: Vec<PointData>,
    point_index: BTreeMap<SweepKey, usize>,
}

/// The swept values of a point: (column, value) for every non-empty sweep column.
pub(super) type SweepKey = Vec<(String, String)>;

/// The results of one sweep point of a scenario (the only point without a sweep).
#[derive(Debug, Default)]
pub(super) struct PointData {
    /// The swept values; empty without a sweep.
    pub sweep: SweepKey,
    /// `summary.csv`, by (structure index, metric).
    pub summary: BTreeMap<(usize, String), Summary>,
    /// `compare.csv` rows, in file order.
    pub compare: Vec<Compare>,
    /// Per structure index: trials seen in `trials.csv` and, for each metric of
    /// [`DISTRIBUTED`], its observed values (empty cells left out).
    pub trials: BTreeMap<usize, TrialValues>,
    /// Per structure index: how people spend their time.
    pub people: BTreeMap<usize, People>,
    /// `warnings.csv` rows, in file order.
    pub warnings: Vec<Warning>,
}

/// One row of `summary.csv`. Missing values are `NaN`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Summary {
    /// Trials with an observation.
    pub n: u64,
    /// Mean over trials.
    pub mean: f64,
    /// Lower end of the 95% confidence interval of the mean.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

/// One row of `compare.csv`: structure A against B on one metric.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Compare {
    /// Structure index of A.
    pub a: usize,
    /// Structure index of B.
    pub b: usize,
    /// Metric name.
    pub metric: String,
    /// Mean of A.
    pub mean_a: f64,
    /// Mean of B.
    pub mean_b: f64,
    /// Share of trials A was better.
    pub a_better_share: f64,
    /// The verdict for A.
    pub verdict: Verdict,
}

/// A's verdict against B, as `compare.csv` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A is better at 95%.
    Better,
    /// A is worse at 95%.
    Worse,
    /// The interval of the difference contains 0.
    Unclear,
    /// The metric has no better direction.
    None,
}

/// Values of the [`DISTRIBUTED`] metrics over the trials of one structure.
#[derive(Debug, Default)]
pub(super) struct TrialValues {
    /// Rows of `trials.csv`.
    pub trials: u64,
    /// Observed values, per metric of [`DISTRIBUTED`], in a bounded reservoir so that
    /// reading a run of any size takes the same memory (exact up to 1,024 trials).
    pub values: [Reservoir; 2],
}

/// How the people of one structure spend their time, summed over trials.
#[derive(Debug, Default)]
pub(super) struct People {
    /// Trials seen: a trial's rows are consecutive, as `orgsim run` writes them, so a
    /// change of trial number starts a new one (a count, not a set: memory stays flat
    /// whatever the number of trials).
    pub trials: u64,
    last_trial: Option<u64>,
    /// People in order of first appearance.
    pub persons: Vec<Person>,
    index: BTreeMap<String, usize>,
}

/// One person's activities, summed over trials.
#[derive(Debug, Default)]
pub(super) struct Person {
    /// Person name (`po-2`).
    pub name: String,
    /// Role.
    pub role: String,
    /// (activity, sum over trials of its share of the window), in order of first
    /// appearance.
    pub activities: Vec<(String, f64)>,
}

/// One row of `warnings.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Warning {
    /// Structure index.
    pub structure: usize,
    /// The sign's name.
    pub warning: String,
    /// The metric it watches.
    pub metric: String,
    /// Its threshold.
    pub threshold: f64,
    /// Mean of the metric over trials.
    pub mean_value: f64,
    /// Share of trials in which it fired.
    pub fired_share: f64,
}

impl Results {
    /// Reads the CSV files of the results folder `dir`. `summary.csv`, `compare.csv`,
    /// `trials.csv` and `people.csv` must be there; `warnings.csv` may be missing.
    pub fn read(dir: &Path) -> Result<Results, ReportError> {
        let mut results = Results::default();
        // Opened before anything is read, so that a missing file is reported first,
        // whatever the state of the others.
        let summary = Sheet::open(dir, "summary.csv")?;
        let compare = Sheet::open(dir, "compare.csv")?;
        let trials = Sheet::open(dir, "trials.csv")?;
        let people = Sheet::open(dir, "people.csv")?;
        let warnings = Sheet::open_optional(dir, "warnings.csv")?;
        results.read_summary(summary)?;
        results.read_compare(compare)?;
        results.read_trials(trials)?;
        results.read_people(people)?;
        if let Some(w) = warnings {
            results.has_warnings = true;
            results.read_warnings(w)?;
        }
        Ok(results)
    }

    /// The scenario named `name`, created at the end if new.
    fn scenario(&mut self, name: &str) -> usize {
        match self.scenarios.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                self.scenarios.push(ScenarioData {
                    name: name.to_string(),
                    ..ScenarioData::default()
                });
                self.scenarios.len() - 1
            }
        }
    }

    /// The point of `row` and the index of its structure column `structure`, both
    /// created if new.
    fn locate(
        &mut self,
        row: &Row,
        sweep: &[(usize, String)],
        structure: Option<usize>,
    ) -> (&mut PointData, Option<usize>) {
        let s = self.scenario(row.get(0));
        let scenario = &mut self.scenarios[s];
        let key: SweepKey = sweep
            .iter()
            .filter(|(i, _)| !row.get(*i).is_empty())
            .map(|(i, name)| (name.clone(), row.get(*i).to_string()))
            .collect();
        let k = structure.map(|c| scenario.structure(row.get(c)));
        let p = match scenario.point_index.get(&key) {
            Some(&p) => p,
            None => {
                scenario.points.push(PointData {
                    sweep: key.clone(),
                    ..PointData::default()
                });
                scenario.point_index.insert(key, scenario.points.len() - 1);
                scenario.points.len() - 1
            }
        };
        (&mut scenario.points[p], k)
    }

    fn read_summary(&mut self, mut sheet: Sheet) -> Result<(), ReportError> {
        let structure = sheet.column("structure")?;
        let sweep = sheet.sweep_columns("structure", "metric")?;
        let [metric, n, mean, lo, hi] =
            sheet.columns(["metric", "n", "mean", "ci95_low", "ci95_high"])?;
        while let Some(row) = sheet.next_row()? {
            let summary = Summary {
                n: row.count(n)?,
                mean: row.num(mean)?,
                lo: row.num(lo)?,
                hi: row.num(hi)?,
            };
            let metric = row.get(metric).to_string();
            let (point, k) = self.locate(&row, &sweep, Some(structure));
            point.summary.insert((k.unwrap_or(0), metric), summary);
        }
        Ok(())
    }

    fn read_compare(&mut self, mut sheet: Sheet) -> Result<(), ReportError> {
        let sweep = sheet.sweep_columns("scenario", "structure_a")?;
        let [a, b, metric, mean_a, mean_b, share, verdict] = sheet.columns([
            "structure_a",
            "structure_b",
            "metric",
            "mean_a",
            "mean_b",
            "a_better_share",
            "verdict",
        ])?;
        while let Some(row) = sheet.next_row()? {
            let verdict = match row.get(verdict) {
                "better" => Verdict::Better,
                "worse" => Verdict::Worse,
                "no clear difference" => Verdict::Unclear,
                "" => Verdict::None,
                other => {
                    return Err(row.bad(format!(
                        "column verdict: unknown verdict {other:?}, expected \"better\", \
                         \"worse\", \"no clear difference\" or an empty cell"
                    )))
                }
            };
            let (mean_a, mean_b, a_better_share) =
                (row.num(mean_a)?, row.num(mean_b)?, row.num(share)?);
            let metric = row.get(metric).to_string();
            let s = self.scenario(row.get(0));
            let ka = self.scenarios[s].structure(row.get(a));
            let kb = self.scenarios[s].structure(row.get(b));
            let (point, _) = self.locate(&row, &sweep, None);
            point.compare.push(Compare {
                a: ka,
                b: kb,
                metric,
                mean_a,
                mean_b,
                a_better_share,
                verdict,
            });
        }
        Ok(())
    }

    fn read_trials(&mut self, mut sheet: Sheet) -> Result<(), ReportError> {
        let structure = sheet.column("structure")?;
        let sweep = sheet.sweep_columns("structure", "trial")?;
        // A results folder of an older run may lack a metric: its plot is left out.
        let metrics = DISTRIBUTED.map(|m| sheet.header.iter().position(|h| h == m));
        while let Some(row) = sheet.next_row()? {
            let values = [
                metrics[0].map(|c| row.num(c)).transpose()?,
                metrics[1].map(|c| row.num(c)).transpose()?,
            ];
            let (point, k) = self.locate(&row, &sweep, Some(structure));
            let t = point.trials.entry(k.unwrap_or(0)).or_default();
            t.trials += 1;
            for (sample, v) in t.values.iter_mut().zip(values) {
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    sample.push(v);
                }
            }
        }
        Ok(())
    }

    fn read_people(&mut self, mut sheet: Sheet) -> Result<(), ReportError> {
        let structure = sheet.column("structure")?;
        let sweep = sheet.sweep_columns("structure", "trial")?;
        let [trial, person, role, activity, share] =
            sheet.columns(["trial", "person", "role", "activity", "share"])?;
        while let Some(row) = sheet.next_row()? {
            let (t, v) = (row.count(trial)?, row.num(share)?);
            let (point, k) = self.locate(&row, &sweep, Some(structure));
            let people = point.people.entry(k.unwrap_or(0)).or_default();
            if people.last_trial != Some(t) {
                people.last_trial = Some(t);
                people.trials += 1;
            }
            let i = match people.index.get(row.get(person)) {
                Some(&i) => i,
                None => {
                    people.persons.push(Person {
                        name: row.get(person).to_string(),
                        role: row.get(role).to_string(),
                        activities: Vec::new(),
                    });
                    let i = people.persons.len() - 1;
                    people.index.insert(row.get(person).to_string(), i);
                    i
                }
            };
            let acts = &mut people.persons[i].activities;
            let a = row.get(activity);
            let v = if v.is_finite() { v } else { 0.0 };
            match acts.iter_mut().find(|(name, _)| name == a) {
                Some((_, sum)) => *sum += v,
                None => acts.push((a.to_string(), v)),
            }
        }
        Ok(())
    }

    fn read_warnings(&mut self, mut sheet: Sheet) -> Result<(), ReportError> {
        let structure = sheet.column("structure")?;
        let sweep = sheet.sweep_columns("structure", "warning")?;
        let [warning, metric, threshold, mean_value, fired] = sheet.columns([
            "warning",
            "metric",
            "threshold",
            "mean_value",
            "fired_share",
        ])?;
        while let Some(row) = sheet.next_row()? {
            let (threshold, mean_value, fired_share) =
                (row.num(threshold)?, row.num(mean_value)?, row.num(fired)?);
            let (warning, metric) = (row.get(warning).to_string(), row.get(metric).to_string());
            let (point, k) = self.locate(&row, &sweep, Some(structure));
            point.warnings.push(Warning {
                structure: k.unwrap_or(0),
                warning,
                metric,
                threshold,
                mean_value,
                fired_share,
            });
        }
        Ok(())
    }
}

impl ScenarioData {
    /// Index of the structure named `name`, appended if new.
    fn structure(&mut self, name: &str) -> usize {
        match self.structures.iter().position(|s| s == name) {
            Some(i) => i,
            None => {
                self.structures.push(name.to_string());
                self.structures.len() - 1
            }
        }
    }

    /// The sweep columns whose value differs between points, in the order of the
    /// first point's key.
    pub fn swept(&self) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        for (c, _) in self.points.iter().flat_map(|p| &p.sweep) {
            if !columns.contains(c) {
                columns.push(c.clone());
            }
        }
        columns
    }
}

impl PointData {
    /// The summary of `metric` for structure `k`, if the run wrote it.
    pub fn summary(&self, k: usize, metric: &str) -> Option<&Summary> {
        self.summary.get(&(k, metric.to_string()))
    }

    /// Whether any structure has an observation of `metric`.
    pub fn observed(&self, metric: &str, structures: usize) -> bool {
        (0..structures).any(|k| {
            self.summary(k, metric)
                .is_some_and(|s| s.n > 0 && s.mean.is_finite())
        })
    }

    /// Whether `metric` is worth a chart: some structure observed it, and not every
    /// value is 0 (value per week without stakeholders, discovery without
    /// `[discovery]` …: a flat line at zero says nothing).
    pub fn informative(&self, metric: &str, structures: usize) -> bool {
        self.observed(metric, structures)
            && (0..structures).any(|k| {
                self.summary(k, metric)
                    .is_some_and(|s| s.mean != 0.0 || s.lo != 0.0 || s.hi != 0.0)
            })
    }

    /// The comparison of A against B on `metric`.
    pub fn compare(&self, a: usize, b: usize, metric: &str) -> Option<&Compare> {
        self.compare
            .iter()
            .find(|c| c.a == a && c.b == b && c.metric == metric)
    }

    /// The pairs of structures compared, in file order.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for c in &self.compare {
            if !pairs.contains(&(c.a, c.b)) {
                pairs.push((c.a, c.b));
            }
        }
        pairs
    }

    /// The point's swept values as text: `team.squads = 3, work.x = 1`.
    pub fn label(&self) -> String {
        self.sweep
            .iter()
            .map(|(c, v)| format!("{c} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One CSV file being read: its header and a reused record buffer.
struct Sheet {
    path: PathBuf,
    reader: csv::Reader<File>,
    header: Vec<String>,
    record: StringRecord,
}

/// One row of a [`Sheet`], with what is needed to report an error in it.
struct Row<'a> {
    path: &'a Path,
    header: &'a [String],
    line: u64,
    record: &'a StringRecord,
}

impl Sheet {
    /// Opens `dir/name` and reads its header; a missing file is an error.
    fn open(dir: &Path, name: &str) -> Result<Sheet, ReportError> {
        Sheet::open_optional(dir, name)?.ok_or_else(|| ReportError::Missing {
            path: dir.join(name),
        })
    }

    /// Opens `dir/name` and reads its header; `None` if there is no such file.
    fn open_optional(dir: &Path, name: &str) -> Result<Option<Sheet>, ReportError> {
        let path = dir.join(name);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ReportError::Read { path, source }),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(file);
        let mut record = StringRecord::new();
        let header = match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(str::to_string).collect(),
            Ok(false) => {
                return Err(ReportError::Bad {
                    path,
                    line: 1,
                    message: "the file is empty; expected a header row".to_string(),
                })
            }
            Err(e) => return Err(csv_error(&path, e)),
        };
        Ok(Some(Sheet {
            path,
            reader,
            header,
            record,
        }))
    }

    /// Position of the column named `name`.
    fn column(&self, name: &str) -> Result<usize, ReportError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ReportError::Bad {
                path: self.path.clone(),
                line: 1,
                message: format!("the header has no column {name:?}"),
            })
    }

    /// Positions of the columns named `names`.
    fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], ReportError> {
        let mut out = [0; N];
        for (o, name) in out.iter_mut().zip(names) {
            *o = self.column(name)?;
        }
        Ok(out)
    }

    /// The sweep columns: those strictly between the columns `after` and `before`.
    /// The first column must be `scenario`.
    fn sweep_columns(
        &self,
        after: &str,
        before: &str,
    ) -> Result<Vec<(usize, String)>, ReportError> {
        if self.header.first().map(String::as_str) != Some("scenario") {
            return Err(ReportError::Bad {
                path: self.path.clone(),
                line: 1,
                message: "the first column must be \"scenario\"".to_string(),
            });
        }
        let (a, b) = (self.column(after)?, self.column(before)?);
        if b <= a {
            return Err(ReportError::Bad {
                path: self.path.clone(),
                line: 1,
                message: format!("column {before:?} must come after {after:?}"),
            });
        }
        Ok((a + 1..b).map(|i| (i, self.header[i].clone())).collect())
    }

    /// The next row, `None` at the end of the file.
    fn next_row(&mut self) -> Result<Option<Row<'_>>, ReportError> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => Ok(Some(Row {
                path: &self.path,
                header: &self.header,
                line: self.record.position().map_or(0, |p| p.line()),
                record: &self.record,
            })),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(&self.path, e)),
        }
    }
}

impl Row<'_> {
    /// The cell in column `i` (the reader refuses rows of another length, so it is
    /// always there).
    fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }

    /// An error at this row.
    fn bad(&self, message: String) -> ReportError {
        ReportError::Bad {
            path: self.path.to_path_buf(),
            line: self.line,
            message,
        }
    }

    /// The number in column `i`; an empty cell is `NaN` (no observation).
    fn num(&self, i: usize) -> Result<f64, ReportError> {
        let text = self.get(i);
        if text.is_empty() {
            return Ok(f64::NAN);
        }
        text.parse().map_err(|_| {
            self.bad(format!(
                "column {}: {text:?} is not a number",
                self.column_name(i)
            ))
        })
    }

    /// The whole number in column `i`.
    fn count(&self, i: usize) -> Result<u64, ReportError> {
        let text = self.get(i);
        text.parse().map_err(|_| {
            self.bad(format!(
                "column {}: {text:?} is not a whole number",
                self.column_name(i)
            ))
        })
    }

    fn column_name(&self, i: usize) -> &str {
        self.header.get(i).map_or("?", String::as_str)
    }
}

/// A CSV reading error as a [`ReportError`] with the line it occurred on.
fn csv_error(path: &Path, e: csv::Error) -> ReportError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields, the header {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ReportError::Read {
            path: path.to_path_buf(),
            source,
        },
        _ => ReportError::Bad {
            path: path.to_path_buf(),
            line,
            message,
        },
    }
}
