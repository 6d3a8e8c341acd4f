//! `orgsim calibrate` against histories whose parameters are known.
//!
//! The example exports of `examples/tracker/` come from `calibrate::synthetic` with
//! written-down parameters; these tests recover them, with every tolerance from a
//! formula: a rate within its exact Poisson interval, a mean within z standard errors
//! (σ/√n), a standard deviation within z standard errors of the sd (σ·√((κ − 1)/4n),
//! κ the lognormal's kurtosis). z = 3.29 and the 99.9% Poisson level: a dozen such
//! checks run here, and at 95% one in two runs of fresh seeds would fail one by chance.
//! Then: censoring beats dropping the open items, the written scenario validates, the
//! back-test runs, and every kind of bad input gets a located message and exit 2.

use orgsim::calibrate::fit::{fit, poisson_interval, Family, Sample};
use orgsim::calibrate::synthetic::{
    examples, generate, stages_option, to_jira_json, to_stage_dates_csv, Duration, HistorySpec,
    Synthetic, CSV_STAGES, JIRA_STATUSES,
};
use orgsim::calibrate::{
    calibrate, Calibration, Options, ReadOptions, StageMap, StructureKind, Verdict,
};
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Two-sided 99.9% normal quantile.
const Z: f64 = 3.290_526_731_491_926;
const LEVEL: f64 = 0.999;

fn example_path(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "examples", "tracker", name]
        .iter()
        .collect()
}

fn example_spec(name: &str) -> HistorySpec {
    examples()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
        .expect("an example of that name")
}

fn options(stages: &str, group_by: &str, structure: StructureKind) -> Options {
    Options {
        read: ReadOptions {
            stages: StageMap::parse(stages).unwrap(),
            group_by: Some(group_by.to_string()),
        },
        hours_per_week: 40.0,
        structure,
        squads: 1,
        devs_per_squad: None,
        name: None,
    }
}

fn calibrate_example(name: &str) -> Calibration {
    let spec = example_spec(name);
    let (stages, group_by) = if name.ends_with(".json") {
        (stages_option(&JIRA_STATUSES, true), "issuetype")
    } else {
        (
            stages_option(&CSV_STAGES, spec.blocking.is_some()),
            "Requester",
        )
    };
    let dir = tempfile::tempdir().unwrap();
    calibrate(
        &[example_path(name)],
        &dir.path().join("team.toml"),
        &options(&stages, group_by, StructureKind::Combined),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Standard error of the sd of n lognormal draws with this mean and sd.
fn lognormal_sd_error(mean: f64, sd: f64, n: usize) -> f64 {
    let w = 1.0 + (sd / mean).powi(2);
    let kurtosis = w.powi(4) + 2.0 * w.powi(3) + 3.0 * w.powi(2) - 3.0;
    sd * ((kurtosis - 1.0) / (4.0 * n as f64)).sqrt()
}

fn assert_recovers(what: &str, truth: Duration, fitted_mean: f64, fitted_sd: f64, n: usize) {
    let mean_tol = Z * truth.sd / (n as f64).sqrt();
    assert!(
        (fitted_mean - truth.mean).abs() <= mean_tol,
        "{what}: mean {fitted_mean} vs {} ± {mean_tol} (n = {n})",
        truth.mean
    );
    let sd_tol = Z * lognormal_sd_error(truth.mean, truth.sd, n);
    assert!(
        (fitted_sd - truth.sd).abs() <= sd_tol,
        "{what}: sd {fitted_sd} vs {} ± {sd_tol} (n = {n})",
        truth.sd
    );
}

#[test]
fn example_exports_are_what_the_generator_makes() {
    for (name, spec) in examples() {
        let history = generate(&spec);
        let made = if name.ends_with(".json") {
            to_jira_json(&history)
        } else {
            to_stage_dates_csv(&history)
        };
        let shipped = fs::read_to_string(example_path(name)).unwrap();
        assert!(
            made == shipped,
            "examples/tracker/{name} is stale: run `cargo run --example make_tracker`"
        );
    }
    let readme = fs::read_to_string(example_path("README.md")).unwrap();
    assert_eq!(
        readme,
        orgsim::calibrate::synthetic::examples_readme(),
        "examples/tracker/README.md is stale"
    );
}

#[test]
fn arrival_rates_fall_within_their_poisson_interval() {
    for name in ["stage-dates.csv", "jira.json"] {
        let spec = example_spec(name);
        let cal = calibrate_example(name);
        let e = &cal.evidence;
        assert_eq!(e.groups.len(), spec.groups.len(), "{name}");
        for (group_name, true_rate) in &spec.groups {
            let g = e.groups.iter().find(|g| &g.name == group_name).unwrap();
            let interval = poisson_interval(g.created, e.span.weeks, LEVEL);
            assert!(
                interval.low <= *true_rate && *true_rate <= interval.high,
                "{name}: {group_name} {true_rate} outside {interval:?}"
            );
        }
        // The dropped share (in every group alike) within its interval too.
        let (decided, dropped) = e
            .groups
            .iter()
            .fold((0, 0), |(d, x), g| (d + g.decided, x + g.dropped));
        let p = dropped as f64 / decided as f64;
        let tol = Z * (spec.dropped_share * (1.0 - spec.dropped_share) / decided as f64).sqrt();
        assert!((p - spec.dropped_share).abs() <= tol, "{name}: dropped {p}");
    }
}

#[test]
fn effort_mean_and_sd_are_recovered_within_sampling_error() {
    for name in ["stage-dates.csv", "jira.json"] {
        let spec = example_spec(name);
        let cal = calibrate_example(name);
        let effort = &cal.evidence.effort;
        let chosen = effort.fits.unwrap().chosen();
        assert_recovers(
            name,
            spec.effort,
            chosen.mean,
            chosen.sd,
            effort.sample.exact.len(),
        );
        // Refinement and review are lognormal stage times in the generator.
        let refine = cal.evidence.refine.as_ref().unwrap();
        let fit = refine.fits.unwrap().lognormal;
        assert_recovers(
            "refine",
            spec.refine,
            fit.mean,
            fit.sd,
            refine.sample.exact.len(),
        );
    }
}

#[test]
fn open_items_are_right_censored_not_dropped() {
    for name in ["stage-dates.csv", "jira.json"] {
        let history: Synthetic = generate(&example_spec(name));
        let cal = calibrate_example(name);
        let effort = &cal.evidence.effort;
        assert!(
            history.in_work_at_end() > 0,
            "{name}: the example has open items"
        );
        assert_eq!(
            effort.sample.right.len(),
            history.in_work_at_end(),
            "{name}"
        );
        assert_eq!(cal.evidence.open as usize, {
            history
                .items
                .iter()
                .filter(|i| !i.visits.last().unwrap().0.is_closed())
                .count()
        });
        // Open items are not done: throughput counts the done only.
        let done = history
            .items
            .iter()
            .filter(|i| i.visits.last().unwrap().0 == orgsim::calibrate::Stage::Done)
            .count();
        assert_eq!(cal.evidence.observed.done as usize, done, "{name}");
    }
}

#[test]
fn censoring_comes_closer_to_the_true_effort_than_dropping_open_items() {
    // Six weeks of long items on a large team: a third of the started items are still
    // in work at the export, and they are the long ones.
    let truth = Duration {
        mean: 80.0,
        sd: 60.0,
    };
    let spec = HistorySpec {
        weeks: 6,
        groups: vec![("all".into(), 60.0)],
        developers: 200,
        effort: truth,
        dropped_share: 0.0,
        blocking: None,
        seed: 11,
        ..example_spec("stage-dates.csv")
    };
    let history = generate(&spec);
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("short.csv");
    fs::write(&export, to_stage_dates_csv(&history)).unwrap();
    let cal = calibrate(
        &[export],
        &dir.path().join("short.toml"),
        &options(
            &stages_option(&CSV_STAGES, false),
            "Requester",
            StructureKind::Combined,
        ),
    )
    .unwrap();
    let sample: &Sample = &cal.evidence.effort.sample;
    assert!(
        sample.right.len() * 4 > sample.exact.len(),
        "heavy censoring"
    );
    for family in Family::ALL {
        let censored = fit(sample, family).unwrap();
        let dropped = fit(&sample.without_censored(), family).unwrap();
        let (c, d) = (
            (censored.mean - truth.mean).abs(),
            (dropped.mean - truth.mean).abs(),
        );
        assert!(
            c < d,
            "{family:?}: censored {} vs dropping {}",
            censored.mean,
            dropped.mean
        );
    }
    // And the censored lognormal fit is right within its sampling error: the standard
    // error of the mean of all started items (exact and censored), a generous
    // stand-in for the censored MLE's (which uses less information).
    let lognormal = fit(sample, Family::LogNormal).unwrap();
    let n = sample.exact.len() + sample.right.len();
    let tol = Z * truth.sd / (sample.exact.len() as f64).sqrt();
    assert!(
        (lognormal.mean - truth.mean).abs() <= tol,
        "censored mean {} vs {} ± {tol} (n = {n})",
        lognormal.mean,
        truth.mean
    );
}

#[test]
fn blocked_episodes_give_the_question_interval_and_the_decision_wait() {
    let spec = example_spec("jira.json");
    let blocking = spec.blocking.unwrap();
    let cal = calibrate_example("jira.json");
    let q = cal.evidence.questions.unwrap();
    let rate = poisson_interval(q.episodes, q.work_hours, LEVEL);
    let true_rate = 1.0 / blocking.every_hours;
    assert!(
        rate.low <= true_rate && true_rate <= rate.high,
        "{true_rate} outside {rate:?}"
    );
    let blocked = cal.evidence.blocked.as_ref().unwrap();
    let fit = blocked.fits.unwrap().lognormal;
    assert_recovers(
        "blocked",
        blocking.lasts,
        fit.mean,
        fit.sd,
        blocked.sample.exact.len(),
    );
    // The written scenario carries both, fitted.
    let text = &cal.written.scenario;
    assert!(text.contains("blocked episodes in"), "{text}");
    assert!(
        text.contains("\nanswer_hours = { dist = \"lognormal\""),
        "{text}"
    );
}

#[test]
fn the_written_scenario_validates_and_says_what_is_fitted_and_assumed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.toml");
    let spec = example_spec("stage-dates.csv");
    let cal = calibrate(
        &[example_path("stage-dates.csv")],
        &out,
        &options(
            &stages_option(&CSV_STAGES, false),
            "Requester",
            StructureKind::Separated,
        ),
    )
    .unwrap();
    cal.save().unwrap();
    let points = orgsim::scenario::load_file(&out).unwrap_or_else(|e| panic!("{}", e.render()));
    let names: Vec<&str> = points[0]
        .structures
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["separated", "combined"]);
    assert_eq!(points[0].stakeholders.len(), spec.groups.len());
    let text = fs::read_to_string(&out).unwrap();
    for line in text.lines() {
        for key in ["requests_per_week =", "accept_share ="] {
            if line.starts_with(key) {
                assert!(line.contains("# fitted:"), "{line}");
                assert!(
                    line.contains("items") && line.contains("95% interval"),
                    "{line}"
                );
            }
        }
        if line.starts_with("question_every_hours") {
            assert!(line.contains("# assumed:"), "{line}");
        }
    }
    assert!(
        text.contains("censored") && text.contains("KS distance lognormal"),
        "{text}"
    );
    // The ranges are a live [uncertainty] table, with every group's triage time.
    assert!(text.contains("\n[uncertainty]\n"), "{text}");
    assert!(text.contains("\n\"work.question_every_hours.mean\" = ["));
    let uncertainty = points[0]
        .uncertainty
        .as_ref()
        .expect("[uncertainty] is read");
    for (group, _) in &spec.groups {
        let path = format!("stakeholders.{group}.triage_hours.mean");
        assert!(uncertainty.parameters.contains(&path), "{path}: {text}");
    }
    assert_eq!(uncertainty.parameters.len(), cal.written.assumptions);
    // The empirical file beside it is a valid empirical distribution: uncomment it
    // and the scenario still validates.
    let effort_file = out.with_file_name("team-effort.csv");
    assert!(effort_file.exists());
    let switched = text
        .replace(
            "# item_effort_hours = { dist = \"empirical\"",
            "item_effort_hours = { dist = \"empirical\"",
        )
        .replacen(
            "item_effort_hours = { dist = \"lognormal\"",
            "# item_effort_hours = { dist = \"lognormal\"",
            1,
        )
        .replacen(
            "item_effort_hours = { dist = \"gamma\"",
            "# item_effort_hours = { dist = \"gamma\"",
            1,
        );
    orgsim::scenario::load_str(&switched, &out).unwrap_or_else(|e| panic!("{}", e.render()));
}

#[test]
fn the_back_test_compares_observed_with_simulated() {
    let cal = calibrate_example("jira.json");
    let test = orgsim::calibrate::back_test(
        &cal.scenario,
        "combined",
        &cal.evidence.observed,
        20,
        Some(1),
    )
    .unwrap();
    assert_eq!(test.trials, 20);
    let labels: Vec<&str> = test.rows.iter().map(|r| r.label).collect();
    for l in [
        "lead time p50",
        "lead time p85",
        "lead time p95",
        "cycle time p50",
        "cycle time p85",
        "cycle time p95",
        "throughput",
    ] {
        assert!(labels.contains(&l), "{labels:?}");
    }
    let throughput = test.rows.iter().find(|r| r.label == "throughput").unwrap();
    let spread = throughput.simulated.unwrap();
    assert!(spread.low <= spread.median && spread.median <= spread.high);
    // The generator's items wait a day in the backlog before refinement, which no
    // product person causes: the model's lead times are shorter, and it says so.
    let p50 = test
        .rows
        .iter()
        .find(|r| r.label == "lead time p50")
        .unwrap();
    assert_eq!(p50.verdict, Verdict::Above, "{}", test.render());
    assert!(test
        .render()
        .contains("Where the model does not reproduce the history:"));
}

// ---------- the command line, and bad input ----------

fn orgsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .output()
        .expect("the orgsim binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn calibrate_writes_the_scenario_and_back_tests_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.toml");
    let stages = stages_option(&CSV_STAGES, false);
    let o = orgsim(&[
        "calibrate",
        example_path("stage-dates.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--structure",
        "combined",
        "--stages",
        &stages,
        "--group-by",
        "Requester",
        "--check",
        "--trials",
        "10",
        "--threads",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    assert!(stdout.contains("group sales:"), "{stdout}");
    assert!(
        stdout.contains("combined: the work takes") && stdout.contains("separated: the work takes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("back-test: 10 simulated histories of \"combined\""),
        "{stdout}"
    );
    assert!(out.exists() && dir.path().join("team-effort.csv").exists());
    let check = orgsim(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}

#[test]
fn without_structure_the_team_today_is_combined() {
    // The same scenario, byte for byte, as with --structure combined: the file names
    // are the same in both folders, and the comment names the default either way.
    let stages = stages_option(&CSV_STAGES, false);
    let export = example_path("stage-dates.csv");
    let write = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("team.toml");
        let mut args = vec![
            "calibrate",
            export.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--stages",
            &stages,
            "--group-by",
            "Requester",
        ];
        args.extend(extra);
        let o = orgsim(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        (
            fs::read_to_string(&out).unwrap(),
            fs::read_to_string(dir.path().join("team-effort.csv")).unwrap(),
        )
    };
    let default = write(&[]);
    assert_eq!(default, write(&["--structure", "combined"]));
    assert!(
        default
            .0
            .contains("--structure, combined when it is not given"),
        "{}",
        default.0
    );
    assert!(
        default
            .0
            .lines()
            .any(|l| l.starts_with("name = \"combined\"") && l.ends_with("# the team today")),
        "{}",
        default.0
    );
    let help = text(&orgsim(&["calibrate", "--help"]).stdout);
    assert!(help.contains("[default: combined]"), "{help}");
}

#[test]
fn the_written_scenario_checks_and_runs_its_uncertainty_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.toml");
    let stages = stages_option(&JIRA_STATUSES, true);
    let o = orgsim(&[
        "calibrate",
        example_path("jira.json").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--stages",
        &stages,
        "--group-by",
        "issuetype",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let check = orgsim(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).contains("64 parameter sets of 40 trials"),
        "{}",
        text(&check.stdout)
    );
    let results = dir.path().join("results");
    let run = orgsim(&[
        "run",
        out.to_str().unwrap(),
        "--trials",
        "20",
        "--threads",
        "2",
        "--out",
        results.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    // One row per parameter set and structure, and every range among the parameters.
    let samples = fs::read_to_string(results.join("samples.csv")).unwrap();
    assert_eq!(samples.lines().count(), 1 + 64 * 2);
    let header = samples.lines().next().unwrap();
    for path in [
        "work.answer_hours.mean",
        "stakeholders.Story.triage_hours.mean",
        "stakeholders.Bug.triage_hours.mean",
    ] {
        assert!(header.contains(path), "{path} in {header}");
    }
    assert!(results.join("uncertainty.csv").exists());
}

#[test]
fn a_group_whose_name_a_path_cannot_hold_has_no_triage_range() {
    let csv = "ID,Title,Backlog,In Progress,Done,Release\n\
               A-1,t,2024-03-04T09:00,2024-03-04T10:00,2024-03-04T12:00,v1.2\n\
               A-2,t,2024-03-04T09:00,2024-03-05T10:00,2024-03-05T15:00,v2\n";
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("x.csv");
    fs::write(&export, csv).unwrap();
    let opts = options(STAGES, "Release", StructureKind::Combined);
    // calibrate validates the scenario it writes, [uncertainty] included.
    let cal = calibrate(&[export], &dir.path().join("t.toml"), &opts).unwrap();
    let text = &cal.written.scenario;
    assert!(
        text.contains("\n\"stakeholders.v2.triage_hours.mean\" = [0.25, 1]"),
        "{text}"
    );
    assert!(
        text.contains("# stakeholders \"v1.2\": no triage range"),
        "{text}"
    );
}

/// Runs `orgsim calibrate` on a file of the given name and text; returns (exit code,
/// stderr, stdout, whether a scenario was written).
fn calibrate_text(
    name: &str,
    contents: &str,
    extra: &[&str],
) -> (Option<i32>, String, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join(name);
    fs::write(&export, contents).unwrap();
    let out = dir.path().join("team.toml");
    let mut args = vec![
        "calibrate",
        export.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--structure",
        "combined",
    ];
    args.extend(extra);
    let o = orgsim(&args);
    // Messages name the file by the path given; strip the folder for the asserts.
    let strip = |s: String| s.replace(&format!("{}/", dir.path().display()), "");
    (
        o.status.code(),
        strip(text(&o.stderr)),
        strip(text(&o.stdout)),
        out.exists(),
    )
}

const STAGES: &str = "Backlog=backlog,In Progress=work,Done=done";

fn assert_bad(name: &str, contents: &str, extra: &[&str], expected: &str) {
    let (code, stderr, _, written) = calibrate_text(name, contents, extra);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(!written, "nothing is written on bad input");
}

#[test]
fn a_missing_column_is_named() {
    assert_bad(
        "x.csv",
        "ID,Backlog,In Progress,Done\nA-1,2024-03-04,2024-03-05,2024-03-06\n",
        &["--stages", STAGES],
        "x.csv:1: missing column \"Title\"",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,Done\nA-1,t,2024-03-04,2024-03-06\n",
        &["--stages", STAGES],
        "x.csv:1: missing column \"In Progress\" named in --stages",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,2024-03-06\n",
        &["--stages", STAGES, "--group-by", "Team"],
        "missing column \"Team\" named by --group-by",
    );
}

#[test]
fn unparseable_and_out_of_order_dates_are_located() {
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,2024-03-06\nA-2,t,2024-03-04,2024-03-05,2024-13-01\n",
        &["--stages", STAGES],
        "x.csv:3: column \"Done\": \"2024-13-01\" is not an ISO 8601 date",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-01,2024-03-05,2024-03-01\n",
        &["--stages", STAGES],
        "x.csv:2: column \"Done\": 2024-03-01 is before \"In Progress\" (2024-03-05)",
    );
}

#[test]
fn a_column_among_the_stages_that_is_not_mapped_is_refused() {
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,QA,Done\nA-1,t,2024-03-04,2024-03-05,,2024-03-06\n",
        &["--stages", STAGES],
        "x.csv:1: column 5 \"QA\": stands among the stage columns but is not in --stages",
    );
}

fn jira(issues: &str) -> String {
    format!("{{\"startAt\":0,\"total\":2,\"issues\":[{issues}]}}")
}

fn issue(key: &str, created: &str, changes: &[(&str, &str, &str)]) -> String {
    let histories: Vec<String> = changes
        .iter()
        .map(|(at, from, to)| {
            format!(
                "{{\"created\":\"{at}\",\"items\":[{{\"field\":\"status\",\"fromString\":\"{from}\",\"toString\":\"{to}\"}}]}}"
            )
        })
        .collect();
    format!(
        "{{\"key\":\"{key}\",\"fields\":{{\"created\":\"{created}\",\"status\":{{\"name\":\"x\"}}}},\"changelog\":{{\"histories\":[{}]}}}}",
        histories.join(",")
    )
}

const JIRA_STAGES: &str = "To Do=backlog,In Progress=work,Done=done";

#[test]
fn unknown_statuses_and_early_changes_are_located_by_issue_key() {
    let good = issue(
        "AB-1",
        "2024-03-04T09:00:00.000+0100",
        &[
            ("2024-03-04T10:00:00.000+0100", "To Do", "In Progress"),
            ("2024-03-05T10:00:00.000+0100", "In Progress", "Done"),
        ],
    );
    let qa = issue(
        "AB-2",
        "2024-03-04T09:00:00.000+0100",
        &[("2024-03-04T10:00:00.000+0100", "To Do", "QA")],
    );
    assert_bad(
        "x.json",
        &jira(&format!("{good},{qa}")),
        &["--stages", JIRA_STAGES],
        "x.json: issue AB-2: changelog.histories[0].items[0].toString: status \"QA\" is not in --stages",
    );
    let early = issue(
        "AB-3",
        "2024-03-04T09:00:00.000+0100",
        &[("2024-03-01T10:00:00.000+0100", "To Do", "In Progress")],
    );
    assert_bad(
        "x.json",
        &jira(&format!("{good},{early}")),
        &["--stages", JIRA_STAGES],
        "x.json: issue AB-3: changelog.histories[0].created: 2024-03-01T10:00 is before the issue was created",
    );
    let bad_date = issue("AB-4", "yesterday", &[]);
    assert_bad(
        "x.json",
        &jira(&format!("{good},{bad_date}")),
        &["--stages", JIRA_STAGES],
        "x.json: issue AB-4: fields.created: \"yesterday\" is not an ISO 8601 date",
    );
}

#[test]
fn a_json_that_is_not_a_jira_search_result_is_refused() {
    assert_bad(
        "x.json",
        "[1, 2, 3]",
        &["--stages", JIRA_STAGES],
        "x.json: not a Jira search result (export the issues with",
    );
    assert_bad(
        "x.json",
        "{\"values\": []}",
        &["--stages", JIRA_STAGES],
        "x.json: not a Jira search result",
    );
    assert_bad(
        "x.json",
        "{\"issues\": [",
        &["--stages", JIRA_STAGES],
        "x.json:1:",
    );
    let no_changelog = "{\"issues\":[{\"key\":\"AB-1\",\"fields\":{\"created\":\"2024-03-04\"}}]}";
    assert_bad(
        "x.json",
        no_changelog,
        &["--stages", JIRA_STAGES],
        "x.json: issue AB-1: changelog: missing; export the search with expand=changelog",
    );
}

#[test]
fn empty_exports_are_refused() {
    assert_bad(
        "x.csv",
        "",
        &["--stages", STAGES],
        "x.csv: the export is empty",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\n",
        &["--stages", STAGES],
        "x.csv: the export is empty: it has a header but no item rows",
    );
    assert_bad(
        "x.json",
        "{\"issues\": []}",
        &["--stages", JIRA_STAGES],
        "x.json: the export is empty",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,,\n",
        &["--stages", STAGES],
        "x.csv: every item was created at 2024-03-04 and nothing happened after",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,\nA-2,t,2024-03-04,2024-03-05,2024-03-07\n",
        &["--stages", STAGES],
        "x.csv: too few items finished work to fit effort: 1 finished (1 distinct times), 1 still in work",
    );
}

#[test]
fn bad_options_are_refused_before_reading() {
    let csv = "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,2024-03-06\n";
    assert_bad(
        "x.csv",
        csv,
        &["--stages", "Backlog=backlog,Doing=wip"],
        "stage \"wip\" is not one of",
    );
    assert_bad(
        "x.csv",
        csv,
        &["--stages", STAGES, "--hours-per-week", "0"],
        "--hours-per-week must be greater than 0",
    );
}

#[test]
fn rows_that_cannot_be_used_are_counted_and_reported() {
    let mut csv = String::from("ID,Title,Backlog,In Progress,Done,Type\n");
    csv.push_str("A-1,t,2024-03-04,2024-03-05T10:00,2024-03-06T12:00,bug\n");
    csv.push_str("A-2,t,,,,bug\n");
    csv.push_str("A-3,t,2024-03-04,2024-03-05T11:00,2024-03-07T15:00,feature\n");
    csv.push_str("A-4,t,2024-03-05,2024-03-06T09:30,2024-03-08T10:00,\n");
    csv.push_str("A-5,t,2024-03-06,2024-03-07T09:00,,feature\n");
    let (code, stderr, stdout, written) =
        calibrate_text("x.csv", &csv, &["--stages", STAGES, "--group-by", "Type"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(written);
    assert!(
        stdout.contains("left out: 1 item with no stage date (the first at x.csv:3)"),
        "{stdout}"
    );
    assert!(stdout.contains("group (none):"), "{stdout}");
    assert!(stdout.contains("3 exact, 1 right-censored"), "{stdout}");
}

#[test]
fn dates_without_times_count_whole_working_days() {
    // Effort of 1, 2, 0 (under a day), 3 and 5 working days; the last over a weekend.
    let csv = "ID,Title,Backlog,In Progress,Done\n\
               A-1,t,2024-03-04,2024-03-04,2024-03-05\n\
               A-2,t,2024-03-04,2024-03-05,2024-03-07\n\
               A-3,t,2024-03-05,2024-03-06,2024-03-06\n\
               A-4,t,2024-03-06,2024-03-06,2024-03-11\n\
               A-5,t,2024-03-07,2024-03-08,2024-03-15\n";
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("x.csv");
    fs::write(&export, csv).unwrap();
    let mut opts = options(STAGES, "Title", StructureKind::Combined);
    opts.read.group_by = None;
    let cal = calibrate(&[export], &dir.path().join("t.toml"), &opts).unwrap();
    let sample = &cal.evidence.effort.sample;
    let mut exact = sample.exact.clone();
    exact.sort_by(f64::total_cmp);
    assert_eq!(exact, [8.0, 16.0, 24.0, 40.0]);
    assert_eq!(sample.left, [8.0], "a zero is under one working day");
    assert_eq!(cal.evidence.resolution_hours, 8.0);
}

#[test]
fn a_blocked_column_of_a_stage_dates_csv_counts_as_work() {
    let csv = "ID,Title,Backlog,In Progress,Blocked,Done\n\
               A-1,t,2024-03-04T09:00,2024-03-04T10:00,2024-03-04T12:00,2024-03-04T15:00\n\
               A-2,t,2024-03-04T09:00,2024-03-05T10:00,,2024-03-05T11:00\n";
    let (code, stderr, stdout, _) = calibrate_text(
        "x.csv",
        csv,
        &[
            "--stages",
            "Backlog=backlog,In Progress=work,Blocked=blocked,Done=done",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("note: x.csv: column \"Blocked\" holds one date per item"),
        "{stdout}"
    );
    // 5 hours from work to done, the block included; no blocked stage is fitted.
    assert!(stdout.contains("time in work: 2 exact"), "{stdout}");
    assert!(!stdout.contains("time in blocked"), "{stdout}");
}

#[test]
fn a_truncated_changelog_and_a_partial_page_are_reported() {
    let full = issue(
        "AB-1",
        "2024-03-04T09:00:00.000+0100",
        &[
            ("2024-03-04T10:00:00.000+0100", "To Do", "In Progress"),
            ("2024-03-05T10:00:00.000+0100", "In Progress", "Done"),
        ],
    );
    let second = issue(
        "AB-2",
        "2024-03-04T09:00:00.000+0100",
        &[
            ("2024-03-04T11:00:00.000+0100", "To Do", "In Progress"),
            ("2024-03-06T10:00:00.000+0100", "In Progress", "Done"),
        ],
    );
    let cut = issue(
        "AB-3",
        "2024-03-04T09:00:00.000+0100",
        &[("2024-03-06T10:00:00.000+0100", "In Progress", "Done")],
    )
    .replace("\"changelog\":{", "\"changelog\":{\"total\":120,");
    let text = format!("{{\"startAt\":0,\"total\":50,\"issues\":[{full},{second},{cut}]}}");
    let (code, stderr, stdout, _) = calibrate_text("x.json", &text, &["--stages", JIRA_STAGES]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("1 item has a truncated changelog"),
        "{stdout}"
    );
    assert!(
        stdout.contains("x.json holds issues 1 to 3 of the 50 the search found"),
        "{stdout}"
    );
    assert!(stdout.contains("3 done"), "{stdout}");
    assert!(stdout.contains("time in work: 2 exact"), "{stdout}");
}

#[test]
fn duplicate_ids_and_ragged_rows_are_located() {
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,2024-03-06\nA-1,t,2024-03-04,2024-03-05,2024-03-07\n",
        &["--stages", STAGES],
        "x.csv:3: column \"ID\": ID \"A-1\" is used by another item already",
    );
    assert_bad(
        "x.csv",
        "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05\n",
        &["--stages", STAGES],
        "x.csv:2: the row has 4 cells, the header 5",
    );
}

#[test]
fn the_output_never_overwrites_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("team-effort.csv");
    let csv = "ID,Title,Backlog,In Progress,Done\nA-1,t,2024-03-04,2024-03-05,2024-03-06\n";
    fs::write(&export, csv).unwrap();
    let out = dir.path().join("team.toml");
    let o = orgsim(&[
        "calibrate",
        export.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--structure",
        "combined",
        "--stages",
        STAGES,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("would overwrite the export"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(fs::read_to_string(&export).unwrap(), csv);
}
