//! End to end: the `orgsim` binary on temporary folders, as a user runs it.
//!
//! Exit codes (0 ok, 2 bad input), the five CSV files and their headers (golden),
//! that a refused run leaves existing results untouched, and that a trial's row is the
//! same whatever the thread count, the trial count and the other files of the batch.

use crate::support::cli::{orgsim, read, stderr, stdout};
use crate::support::fixture_dir;
use std::fs;
use std::path::Path;

fn fixture(name: &str) -> String {
    fixture_dir("cli").join(name).to_string_lossy().into_owned()
}

/// Runs `orgsim run` into `out` and asserts success.
fn run_into(out: &Path, files: &[&str], extra: &[&str]) {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["run"];
    let files: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", out.as_str(), "--quiet"]);
    args.extend(extra);
    let o = orgsim(&args);
    assert!(
        o.status.success(),
        "orgsim {args:?} failed:\n{}",
        stderr(&o)
    );
}

/// The rows of `trials.csv` of scenario `scenario`, trial `trial`, with columns
/// named: robust to other files adding sweep columns.
fn trial_rows(dir: &Path, scenario: &str, trial: &str) -> Vec<Vec<(String, String)>> {
    let text = read(&dir.join("trials.csv"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (sc, tr) = (col("scenario"), col("trial"));
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[sc] == scenario && cells[tr] == trial)
        .map(|cells| {
            header
                .iter()
                .zip(cells)
                .filter(|(h, v)| !(h.contains('.') && v.is_empty())) // absent sweep columns
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn check_accepts_a_good_file() {
    let o = orgsim(&["check", &fixture("small.toml")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("cli-small"), "{out}");
    assert!(
        out.contains("2 structures (combined, separated), 1 sweep point; "),
        "{out}"
    );
    // Then what running it takes.
    assert!(
        out.contains(" thread") && out.trim_end().ends_with('B'),
        "{out}"
    );
}

#[test]
fn check_rejects_a_bad_file_naming_file_line_and_field() {
    let o = orgsim(&["check", &fixture("bad.toml")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml:4:"), "{err}");
    assert!(err.contains("squadz"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn check_reports_every_bad_file_not_only_the_first() {
    let missing = fixture("missing.toml");
    let o = orgsim(&[
        "check",
        &fixture("bad.toml"),
        &fixture("small.toml"),
        &missing,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("missing.toml"), "{err}");
    let o = orgsim(&["check", &fixture("small.toml"), &fixture("bad.toml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml:4:"), "{}", stderr(&o));
}

#[test]
fn bad_arguments_are_exit_code_2() {
    assert_eq!(orgsim(&["run"]).status.code(), Some(2));
    assert_eq!(
        orgsim(&["run", &fixture("small.toml"), "--trials", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        orgsim(&["run", &fixture("small.toml"), "--threads", "x"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn run_writes_the_five_files_with_golden_headers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    run_into(&out, &["small.toml"], &["--trials", "3"]);

    let header = |file: &str| {
        read(&out.join(file))
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        header("trials.csv"),
        "scenario,structure,trial,throughput_per_week,value_per_week,lead_time_mean_h,\
         lead_time_p50_h,lead_time_p85_h,lead_time_p95_h,lead_triage_h,lead_backlog_h,\
         lead_ready_h,lead_work_h,lead_blocked_h,lead_accept_h,cycle_time_mean_h,\
         decision_wait_mean_h,decision_latency_mean_h,decision_latency_p50_h,\
         decision_latency_p90_h,decision_latency_p99_h,dev_working_share,dev_blocked_share,\
         dev_starved_share,triage_wait_mean_h,requests_arrived,requests_accepted,\
         requests_rejected,product_backlog_mean,ready_backlog_mean,discovery_share,\
         discovery_postponed,product_util_max,backlog_work_share_max,overload_week_share,\
         cost_per_item,dev_blocked_per_active,net_value_per_week,shared_util_max,\
         overload_week_share_max,triage_queue_growth,backlog_growth,accept_queue_growth,\
         question_queue_growth,queue_growth_max,cycle_time_p50_h,cycle_time_p85_h,\
         cycle_time_p95_h,rework_share"
    );
    assert_eq!(
        header("summary.csv"),
        "scenario,structure,metric,n,mean,sd,ci95_low,ci95_high,p5,p50,p95,\
         people_cost_per_year,settled,primary_rank"
    );
    assert_eq!(
        header("compare.csv"),
        "scenario,structure_a,structure_b,metric,mean_a,mean_b,diff_mean,diff_ci95_low,\
         diff_ci95_high,relative_change,a_better_share,verdict,margin,not_settled"
    );
    assert_eq!(
        header("people.csv"),
        "scenario,structure,trial,person,role,activity,hours,share"
    );
    assert_eq!(
        header("groups.csv"),
        "scenario,structure,trial,group,requests_arrived,requests_accepted,\
         triage_wait_mean_h,lead_time_mean_h,value_per_week"
    );
    // 3 trials × 2 structures; one row per structure and metric; one pair.
    assert_eq!(read(&out.join("trials.csv")).lines().count(), 1 + 6);
    assert_eq!(
        read(&out.join("summary.csv")).lines().count(),
        1 + 2 * orgsim::model::Metric::COUNT
    );
    assert_eq!(
        read(&out.join("compare.csv")).lines().count(),
        1 + orgsim::model::Metric::COUNT
    );
    // Nothing left beside the results.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn run_prints_the_comparison_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r").to_string_lossy().into_owned();
    let o = orgsim(&[
        "run",
        &fixture("small.toml"),
        "--trials",
        "4",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("cli-small"), "{report}");
    assert!(
        report.contains("combined") && report.contains("separated"),
        "{report}"
    );
    assert!(report.contains("decision_latency_mean_h"), "{report}");
    // The legend of the verdict markers, with the default practical margin.
    assert!(
        report.contains("against combined (paired, 95%): ▲ better, ▼ worse, ≈ equivalent (within 2%), · no clear difference"),
        "{report}"
    );
    assert!(report.lines().all(|l| l.chars().count() <= 100), "{report}");

    let o = orgsim(&[
        "run",
        &fixture("small.toml"),
        "--trials",
        "2",
        "--out",
        &out,
        "--quiet",
    ]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn sweep_points_get_one_column_per_swept_parameter() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    run_into(&out, &["sweep.toml"], &[]);
    let trials = read(&out.join("trials.csv"));
    assert!(
        trials.starts_with("scenario,structure,team.devs_per_squad,trial,"),
        "{trials}"
    );
    // 2 points × 4 trials × 2 structures.
    assert_eq!(trials.lines().count(), 1 + 16);
    assert!(trials
        .lines()
        .any(|l| l.starts_with("cli-sweep,one-po,1,0,")));
    assert!(trials
        .lines()
        .any(|l| l.starts_with("cli-sweep,two-pos,3,3,")));
    let compare = read(&out.join("compare.csv"));
    assert!(
        compare.starts_with("scenario,team.devs_per_squad,structure_a,"),
        "{compare}"
    );
}

#[test]
fn a_refused_run_leaves_existing_results_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("trials.csv"), "last good results").unwrap();
    let out_s = out.to_string_lossy().into_owned();

    // A bad scenario among good ones.
    let o = orgsim(&[
        "run",
        &fixture("small.toml"),
        &fixture("bad.toml"),
        "--out",
        &out_s,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(read(&out.join("trials.csv")), "last good results");
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temporary folder left"
    );

    // An output folder holding something orgsim did not write keeps it: only the
    // files a run writes are replaced.
    let shared = tmp.path().join("scenarios");
    fs::create_dir(&shared).unwrap();
    fs::write(shared.join("mine.toml"), "keep").unwrap();
    let shared_s = shared.to_string_lossy().into_owned();
    let o = orgsim(&["run", &fixture("small.toml"), "--out", &shared_s, "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&shared.join("mine.toml")), "keep");
    assert!(shared.join("trials.csv").is_file());
}

#[test]
fn results_are_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    run_into(&one, &["small.toml"], &["--trials", "40", "--threads", "1"]);
    run_into(&two, &["small.toml"], &["--trials", "40", "--threads", "2"]);
    for file in [
        "trials.csv",
        "summary.csv",
        "compare.csv",
        "people.csv",
        "groups.csv",
    ] {
        assert!(
            fs::read(one.join(file)).unwrap() == fs::read(two.join(file)).unwrap(),
            "{file} differs between --threads 1 and --threads 2"
        );
    }
}

#[test]
fn a_trial_row_does_not_depend_on_the_trial_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (five, ten) = (tmp.path().join("five"), tmp.path().join("ten"));
    run_into(&five, &["small.toml"], &["--trials", "5"]);
    run_into(&ten, &["small.toml"], &["--trials", "10"]);
    let rows = trial_rows(&five, "cli-small", "3");
    assert_eq!(rows.len(), 2, "one row per structure");
    assert_eq!(rows, trial_rows(&ten, "cli-small", "3"));
}

#[test]
fn a_trial_row_does_not_depend_on_the_other_files_of_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let (alone, together) = (tmp.path().join("alone"), tmp.path().join("together"));
    run_into(&alone, &["small.toml"], &["--trials", "6"]);
    run_into(
        &together,
        &["other.toml", "sweep.toml", "small.toml"],
        &["--trials", "6"],
    );
    for trial in ["0", "5"] {
        let rows = trial_rows(&alone, "cli-small", trial);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows,
            trial_rows(&together, "cli-small", trial),
            "trial {trial}"
        );
    }
}

#[test]
fn seed_override_changes_the_results_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    run_into(&a, &["small.toml"], &["--trials", "3", "--seed", "1"]);
    run_into(&b, &["small.toml"], &["--trials", "3", "--seed", "1"]);
    run_into(&c, &["small.toml"], &["--trials", "3", "--seed", "2"]);
    let trials = |d: &Path| read(&d.join("trials.csv"));
    assert_eq!(trials(&a), trials(&b));
    assert_ne!(trials(&a), trials(&c));
}

#[test]
fn a_stakeholder_groups_field_is_swept_by_its_name() {
    let path = fixture_dir("cli").join("stakeholder_sweep.toml");
    let points = crate::support::load(&path);
    let priorities: Vec<(Option<u8>, Option<u8>)> = points
        .iter()
        .map(|p| (p.stakeholders[0].priority, p.stakeholders[1].priority))
        .collect();
    assert_eq!(priorities, [(None, Some(4)), (None, Some(1))]);

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    run_into(&out, &["stakeholder_sweep.toml"], &[]);
    // The column is named by the path, as every sweep column is.
    let trials = read(&out.join("trials.csv"));
    assert!(
        trials.starts_with("scenario,structure,stakeholders.leadership.priority,trial,"),
        "{trials}"
    );
    assert!(trials
        .lines()
        .any(|l| l.starts_with("cli-stakeholder-sweep,separated,1,2,")));
    let groups = read(&out.join("groups.csv"));
    assert!(
        groups.starts_with("scenario,structure,stakeholders.leadership.priority,"),
        "{groups}"
    );
}

#[test]
fn a_folder_runs_every_scenario_file_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = tmp.path().join("scenarios");
    fs::create_dir(&scenarios).unwrap();
    fs::copy(fixture("small.toml"), scenarios.join("a.toml")).unwrap();
    fs::copy(fixture("other.toml"), scenarios.join("b.toml")).unwrap();
    fs::write(scenarios.join("notes.md"), "not a scenario").unwrap();
    let o = orgsim(&["check", &scenarios.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // A line per file, then the estimate of the two together.
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        out.contains("cli-small") && out.contains("cli-other"),
        "{out}"
    );
    assert!(out.lines().last().unwrap().starts_with("in all: "), "{out}");
}

#[test]
fn two_files_with_one_scenario_name_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("copy.toml");
    fs::copy(fixture("small.toml"), &copy).unwrap();
    let o = orgsim(&["check", &fixture("small.toml"), &copy.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cli-small"), "{}", stderr(&o));
}
