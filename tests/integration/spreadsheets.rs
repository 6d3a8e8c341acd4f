//! The files a spreadsheet can open: `people_summary.csv` and `groups_summary.csv` are
//! `people.csv` and `groups.csv` summed up over trials (the same mean, standard
//! deviation and 95% Student-t interval a spreadsheet would compute from the rows),
//! `scenarios.csv` has a row per scenario point, and a run says when a per-trial file
//! is longer than a spreadsheet opens, and which file to open instead.

use crate::support::cli::{orgsim, stderr};
use crate::support::fixture_dir;
use crate::support::results::{Row, Sheet};
use orgsim::stats::t_quantile;
use std::collections::BTreeMap;
use std::path::Path;

/// Runs `scenarios` into `dir/results` with `extra` arguments; returns the folder and
/// what the run printed on standard error.
fn run(dir: &Path, scenarios: &Path, extra: &[&str]) -> (std::path::PathBuf, String) {
    let out = dir.join("results");
    let mut args = vec![
        "run",
        scenarios.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = orgsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    (out, stderr(&o))
}

/// n, mean, sd and the 95% interval of `values`, by the textbook two-pass formulas.
fn moments(values: &[f64]) -> [f64; 5] {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = t_quantile(0.975, n - 1.0) * sd / n.sqrt();
    [n, mean, sd, mean - half, mean + half]
}

/// Whether `cell` holds `expected`, a statistic of values of size `scale` (their
/// mean): equal to 1e-9 of that size. The summaries are folded online, Welford's way,
/// in another order of additions than the two-pass formulas, so their rounding differs
/// by a few units in the last place of the values (a constant's sd is 0 in one and
/// 1e-17 in the other).
fn close(cell: &str, expected: f64, scale: f64) -> bool {
    let got: f64 = cell.parse().unwrap_or(f64::NAN);
    (got - expected).abs() <= 1e-9 * expected.abs().max(scale.abs()).max(1e-9)
}

/// The rows of `sheet` grouped by the cells of `key`, each group's `column` as numbers
/// (empty cells left out).
fn grouped(sheet: &Sheet, key: &[&str], column: &str) -> BTreeMap<Vec<String>, Vec<f64>> {
    let mut groups: BTreeMap<Vec<String>, Vec<f64>> = BTreeMap::new();
    for row in &sheet.rows {
        let k: Vec<String> = key.iter().map(|c| row[*c].clone()).collect();
        let values = groups.entry(k).or_default();
        if !row[column].is_empty() {
            values.push(row[column].parse().unwrap());
        }
    }
    groups
}

/// The row of `sheet` whose cells of `key` are `values`.
fn find<'a>(sheet: &'a Sheet, key: &[&str], values: &[String]) -> &'a Row {
    sheet
        .rows
        .iter()
        .find(|r| key.iter().zip(values).all(|(c, v)| r[*c] == *v))
        .unwrap_or_else(|| panic!("no row {values:?}"))
}

#[test]
fn the_summaries_are_the_per_trial_rows_over_trials() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = run(tmp.path(), &fixture_dir("report"), &["--quiet"]);

    let people = Sheet::read(&out.join("people.csv"));
    let summary = Sheet::read(&out.join("people_summary.csv"));
    let key = [
        "scenario",
        "structure",
        "team.squads",
        "person",
        "role",
        "activity",
    ];
    let mut checked = 0;
    for (what, column) in [("hours", "hours"), ("share", "share")] {
        for (k, values) in grouped(&people, &key, column) {
            let row = find(&summary, &key, &k);
            let [n, mean, sd, low, high] = moments(&values);
            assert_eq!(row["n"], n.to_string(), "{k:?}");
            for (stat, x) in [
                ("mean", mean),
                ("sd", sd),
                ("ci95_low", low),
                ("ci95_high", high),
            ] {
                let cell = &row[&format!("{what}_{stat}")];
                assert!(
                    close(cell, x, mean),
                    "{k:?} {what}_{stat}: {cell} against {x}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        2 * (summary.rows.len()),
        "every row, hours and share"
    );

    let groups = Sheet::read(&out.join("groups.csv"));
    let summary = Sheet::read(&out.join("groups_summary.csv"));
    assert!(!groups.rows.is_empty());
    let key = ["scenario", "structure", "team.squads", "group"];
    let measures = &groups.header[groups.header.iter().position(|h| h == "group").unwrap() + 1..];
    assert_eq!(
        measures,
        [
            "requests_arrived",
            "requests_accepted",
            "triage_wait_mean_h",
            "lead_time_mean_h",
            "value_per_week"
        ]
    );
    for measure in measures {
        for (k, values) in grouped(&groups, &key, measure) {
            let mut k = k.clone();
            k.push(measure.clone());
            let row = find(&summary, &[&key[..], &["metric"]].concat(), &k);
            let [n, mean, sd, low, high] = moments(&values);
            assert_eq!(row["n"], n.to_string(), "{k:?}");
            for (stat, x) in [
                ("mean", mean),
                ("sd", sd),
                ("ci95_low", low),
                ("ci95_high", high),
            ] {
                assert!(
                    close(&row[stat], x, mean),
                    "{k:?} {stat}: {} against {x}",
                    row[stat]
                );
            }
        }
    }
    assert_eq!(
        summary.rows.len(),
        grouped(&groups, &key, "requests_arrived").len() * measures.len()
    );
}

#[test]
fn scenarios_csv_has_a_row_per_point_with_its_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = run(
        tmp.path(),
        &fixture_dir("report"),
        &["--quiet", "--trials", "6", "--seed", "9"],
    );
    let text = std::fs::read_to_string(out.join("scenarios.csv")).unwrap();
    assert_eq!(
        text,
        "scenario,team.squads,description,trials,weeks,warmup_weeks,seed\n\
         report-small,,Two squads: one PM-PO against a PM and a PO per squad,6,12,2,9\n\
         report-sweep,1,,6,10,2,9\n\
         report-sweep,2,,6,10,2,9\n\
         report-sweep,4,,6,10,2,9\n\
         report-three,,\"Two squads: one PM-PO, a PM and a PO per squad, or a PM and one PO\",6,8,2,9\n"
    );
}

#[test]
fn a_per_trial_file_past_a_spreadsheets_rows_points_to_its_summary() {
    let scenario = fixture_dir("spreadsheets").join("many-people.toml");
    let tmp = tempfile::tempdir().unwrap();
    // 2,185 trials × 480 rows + the header: 1,048,801 rows.
    let (out, err) = run(tmp.path(), &scenario, &[]);
    assert!(
        err.contains(
            "note: people.csv has 1,048,801 rows, more than a spreadsheet opens (1,048,576); \
             open people_summary.csv instead, which sums it up over trials\n"
        ),
        "{err}"
    );
    assert!(!err.contains("trials.csv has"), "{err}");
    let lines = std::fs::read_to_string(out.join("people.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, 1_048_801);
    // One trial fewer: 1,048,321 rows, which a spreadsheet opens.
    let (_, err) = run(tmp.path(), &scenario, &["--trials", "2184"]);
    assert!(!err.contains("note:"), "{err}");
    // Quiet means quiet.
    let (_, err) = run(tmp.path(), &scenario, &["--quiet"]);
    assert!(err.is_empty(), "{err}");
}
