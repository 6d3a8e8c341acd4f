//! Durations a person or a squad spends, drawn at random: switch hours, ceremony blocks
//! and discovery sessions (docs/model.md §7–§9, §11).
//!
//! Each is held to a value an argument gives, on a fixture of `tests/fixtures/durations/`
//! built so that the number of draws in the window is known exactly: the hours booked
//! are then a sum of that many independent draws, whose mean is the count times the
//! distribution's mean and whose spread is the square root of the count times its sd
//! (one draw per trial instead would spread the count times as much). Then: a constant
//! written as a table runs to the byte as the number does, a sweep and `[uncertainty]`
//! reach the three fields, and a table that is wrong is refused at its place.

use crate::support::cli::{orgsim, stderr};
use crate::support::estimate::{Estimate, SE_FACTOR};
use crate::support::{activity_hours, fixture_dir, load, load_text, metric, only_point, run};
use orgsim::model::{run_trial, Metric, TrialResult};
use orgsim::scenario::Scenario;
use std::fs;
use std::path::Path;

/// Loads a fixture of this module; it has exactly one sweep point.
fn fixture(file: &str) -> Scenario {
    let path = fixture_dir("durations").join(file);
    only_point(load(&path), &format!("fixture {file}"))
}

/// Relative closeness for sums that are equal up to the order of their terms.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Per trial, the hours `person` booked to `activity`.
fn hours_of(results: &[TrialResult], person: &str, activity: &str) -> Vec<f64> {
    results
        .iter()
        .map(|r| activity_hours(r, person, activity))
        .collect()
}

/// Checks that the per-trial values' mean is `mean` within 4 standard errors, and that
/// their spread is about `sd` (within half of it either way: with 40 trials the sample
/// sd strays from the true one by about 11%).
fn assert_mean_and_spread(what: &str, values: &[f64], mean: f64, sd: f64) {
    let estimate = Estimate::of(what, values);
    assert!(
        estimate.within(mean, SE_FACTOR),
        "{what}: expected a mean of {mean}, measured {estimate}"
    );
    let spread = estimate.se * (estimate.n as f64).sqrt();
    assert!(
        (0.5 * sd..=1.5 * sd).contains(&spread),
        "{what}: expected a spread over trials of about {sd:.4}, measured {spread:.4}"
    );
}

/// The coach pays a switch before each of the 78 blocks of the window (every block
/// follows another squad's), each Exp(mean 0.5) drawn as it is paid: the switching
/// hours of a trial are a sum of 78 such draws, mean 78 × 0.5 = 39 and sd 0.5 × √78.
/// The blocks themselves are constant and each starts after its switch well before the
/// next is due, so the window holds exactly 78 × 4 hours of them.
#[test]
fn switch_hours_drawn_per_switch_cost_their_mean_per_switch() {
    let sc = fixture("weekly.toml");
    let results = run(&sc, "switch-exp", sc.run.trials);
    let switches = 3.0 * f64::from(sc.run.weeks);
    for (t, ceremony) in hours_of(&results, "coach-1", "ceremony").iter().enumerate() {
        assert!(
            close(*ceremony, 4.0 * switches),
            "trial {t}: expected {} hours of blocks, one after each switch, measured {ceremony}",
            4.0 * switches
        );
    }
    let switching = hours_of(&results, "coach-1", "switching");
    assert_mean_and_spread(
        "switching hours of a trial",
        &switching,
        switches * 0.5,
        0.5 * switches.sqrt(),
    );
}

/// Blocks of Uniform(2, 6) hours, one per squad and week: 4 hours a week per squad on
/// average, the mean over a trial's 78 blocks with sd (4 / √12) / √78. Each squad's
/// k-th block has its stream's k-th draw whoever holds it, so one coach of the three
/// squads spends what three coaches, one per squad, spend together; and a joint block
/// at squad 0's time is squad 0's draw plus 1 hour for each other squad, so the joint
/// coach spends what squad 0's own coach spends plus 2 hours a week.
#[test]
fn ceremony_blocks_drawn_per_week_average_their_mean_per_squad() {
    let sc = fixture("weekly.toml");
    let n = sc.run.trials;
    let weeks = f64::from(sc.run.weeks);
    let blocks = 3.0 * weeks;
    let one_coach = run(&sc, "ceremony-uniform", n);
    let per_week: Vec<f64> = hours_of(&one_coach, "coach-1", "ceremony")
        .iter()
        .map(|h| h / blocks)
        .collect();
    assert_mean_and_spread(
        "ceremony hours per squad and week",
        &per_week,
        4.0,
        4.0 / 12f64.sqrt() / blocks.sqrt(),
    );
    let per_coach = run(&sc, "ceremony-per-coach", n);
    let joint = run(&sc, "ceremony-joint", n);
    for t in 0..n as usize {
        let one = activity_hours(&one_coach[t], "coach-1", "ceremony");
        let three: f64 = ["coach-1", "coach-2", "coach-3"]
            .iter()
            .map(|c| activity_hours(&per_coach[t], c, "ceremony"))
            .sum();
        assert!(
            close(one, three),
            "trial {t}: one coach spent {one} hours, three coaches {three}: the same \
             blocks should have the same hours whoever holds them"
        );
        let squad_0 = activity_hours(&per_coach[t], "coach-1", "ceremony");
        let together = activity_hours(&joint[t], "coach-1", "ceremony");
        assert!(
            close(together, squad_0 + 2.0 * weeks),
            "trial {t}: the joint coach spent {together} hours, squad 0's coach \
             {squad_0}: expected {} more",
            2.0 * weeks
        );
    }
}

/// Five sessions a week (0.25 × 40 over the mean session of 2 hours), each log-normal
/// with mean 2 and sd 1.5, all run in their week: the discovery share of a trial is the
/// sum of 5 × 26 draws over the 1040 hours of the window, mean 0.25 (the target) and sd
/// 1.5 × √130 / 1040. None is dropped.
#[test]
fn sessions_drawn_per_session_keep_the_target_share_on_average() {
    let sc = fixture("sessions.toml");
    let results = run(&sc, "researcher", sc.run.trials);
    for (t, r) in results.iter().enumerate() {
        assert_eq!(
            r.metrics.get(Metric::DiscoveryPostponed),
            0.0,
            "trial {t}: no session should be dropped"
        );
    }
    let window = 40.0 * f64::from(sc.run.weeks);
    let sessions = 5.0 * f64::from(sc.run.weeks);
    assert_mean_and_spread(
        "discovery_share",
        &metric(&results, Metric::DiscoveryShare),
        0.25,
        1.5 * sessions.sqrt() / window,
    );
}

/// A constant written as `{ dist = "const", value = x }` is the number x: the same
/// draws (none), the same trials, the same files, byte for byte.
#[test]
fn a_constant_table_runs_as_its_number_to_the_byte() {
    let path = fixture_dir("features").join("full_flow.toml");
    let numbers = fs::read_to_string(&path).unwrap();
    let mut tables = numbers.clone();
    for (number, table) in [
        (
            "switch_hours = 0.25",
            "switch_hours = { dist = \"const\", value = 0.25 }",
        ),
        (
            "switch_hours = 0.1",
            "switch_hours = { dist = \"const\", value = 0.1 }",
        ),
        (
            "ceremony_hours_per_week = 3",
            "ceremony_hours_per_week = { dist = \"const\", value = 3 }",
        ),
        (
            "session_hours = 1",
            "session_hours = { dist = \"const\", value = 1 }",
        ),
    ] {
        assert!(tables.contains(number), "{number} not in the fixture");
        tables = tables.replace(number, table);
    }
    let a = only_point(load_text(&numbers, &path).unwrap(), "numbers");
    let b = only_point(load_text(&tables, &path).unwrap(), "tables");
    for s in 0..a.structures.len() {
        for t in 0..3 {
            // Debug text, because empty metrics are NaN and NaN != NaN.
            assert_eq!(
                format!("{:?}", run_trial(&a, s, t)),
                format!("{:?}", run_trial(&b, s, t)),
                "{} trial {t}",
                a.structures[s].name
            );
        }
    }
    // And every file of a run.
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (name, text) in [("numbers", &numbers), ("tables", &tables)] {
        let folder = dir.path().join(name);
        fs::create_dir(&folder).unwrap();
        let file = folder.join("full_flow.toml");
        fs::write(&file, text).unwrap();
        let out = folder.join("out");
        let o = orgsim(&[
            "run",
            file.to_str().unwrap(),
            "--trials",
            "4",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(out);
    }
    let mut files: Vec<_> = fs::read_dir(&outputs[0])
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        assert_eq!(
            fs::read(outputs[0].join(&file)).unwrap(),
            fs::read(outputs[1].join(&file)).unwrap(),
            "{file:?} differs"
        );
    }
}

/// The three fields as a sweep varies them: numbers, as before (`switch_hours = [0,
/// 0.25]`), and distributions; a point whose durations are drawn runs and draws them.
#[test]
fn a_sweep_sets_numbers_or_distributions() {
    let src = r#"
name = "durations-swept"

[run]
weeks = 4
warmup_weeks = 1
trials = 2
seed = 3

[team]
squads = 2
devs_per_squad = 1

[work]
unlimited_backlog = true
answer_hours = 0
ceremony_hours_per_week = 2

[discovery]
target_share = 0.2

[sweep]
switch_hours = [0, 0.25, { dist = "exp", mean = 0.5 }]
"work.ceremony_hours_per_week" = [2, { dist = "uniform", min = 2, max = 6 }]
"discovery.session_hours" = [1, { dist = "gamma", mean = 2, sd = 1 }]

[[structures]]
name = "one"
people = [ { role = "po", count = 1, duties = ["ceremony", "discovery"] } ]
"#;
    let points = load_text(src, Path::new("swept.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(points.len(), 12);
    for (i, point) in points.iter().enumerate() {
        let st = &point.structures[0];
        // The first key varies slowest.
        let (switch, ceremony, session) = (i / 4, i / 2 % 2, i % 2);
        let switch_hours = &st.switch_hours;
        assert_eq!(
            switch_hours.as_constant(),
            [Some(0.0), Some(0.25), None][switch],
            "point {i}"
        );
        assert_eq!(switch_hours.mean(), [0.0, 0.25, 0.5][switch], "point {i}");
        let blocks = &st.work.ceremony_hours_per_week;
        assert_eq!(
            blocks.as_constant(),
            [Some(2.0), None][ceremony],
            "point {i}"
        );
        assert_eq!(blocks.mean(), [2.0, 4.0][ceremony], "point {i}");
        let sessions = &st.discovery.as_ref().unwrap().session_hours;
        assert_eq!(
            sessions.as_constant(),
            [Some(1.0), None][session],
            "point {i}"
        );
        assert_eq!(sessions.mean(), [1.0, 2.0][session], "point {i}");
    }
    let drawn = points.last().unwrap();
    let values: Vec<&str> = drawn.sweep.iter().map(|(_, v)| v.as_str()).collect();
    assert!(
        values.iter().all(|v| v.starts_with("{ dist =")),
        "{values:?}"
    );
    let r = run_trial(drawn, 0, 0);
    assert!(activity_hours(&r, "po-1", "switching") > 0.0);
    assert!(activity_hours(&r, "po-1", "ceremony") > 0.0);
    assert!(activity_hours(&r, "po-1", "discovery") > 0.0);
}

/// `[uncertainty]` reaches a distribution's parameter (`.mean`) and a number's value
/// (`.value`) in each of the three fields, at the top level and in a structure; every
/// parameter set holds the values it drew.
#[test]
fn uncertainty_ranges_reach_the_parameters_of_the_durations() {
    let src = r#"
name = "durations-uncertain"
switch_hours = { dist = "exp", mean = 0.25 }

[run]
weeks = 4
warmup_weeks = 1
trials = 2
seed = 5

[team]
squads = 2
devs_per_squad = 1

[work]
unlimited_backlog = true
answer_hours = 0
ceremony_hours_per_week = 2

[discovery]
target_share = 0.2
session_hours = { dist = "lognormal", mean = 1, sd = 0.5 }

[uncertainty]
samples = 10
trials = 2
"switch_hours.mean" = [0.1, 0.5]
"work.ceremony_hours_per_week.value" = [1, 3]
"discovery.session_hours.mean" = [0.5, 2]
"structures.split.switch_hours.mean" = [1, 2]

[[structures]]
name = "one"
people = [ { role = "po", count = 1, duties = ["ceremony", "discovery"] } ]

[[structures]]
name = "split"
switch_hours = { dist = "gamma", mean = 1.5, sd = 0.5 }
people = [
  { role = "po", per_squad = 1, duties = ["ceremony"] },
  { role = "pm", count = 1, duties = ["discovery"] },
]
"#;
    let point = only_point(
        load_text(src, Path::new("uncertain.toml")).unwrap_or_else(|e| panic!("{e}")),
        "uncertain",
    );
    let uncertainty = point.uncertainty.as_ref().expect("parameter sets");
    // A number's `.value` is the number itself, and named so.
    assert_eq!(
        uncertainty.parameters,
        [
            "switch_hours.mean",
            "work.ceremony_hours_per_week",
            "discovery.session_hours.mean",
            "structures.split.switch_hours.mean"
        ]
    );
    assert_eq!(uncertainty.sets.len(), 10);
    for (i, set) in uncertainty.sets.iter().enumerate() {
        let [switch, ceremony, session, split] = set.numbers[..] else {
            panic!("set {i}: {:?}", set.numbers);
        };
        let [one, other] = &set.scenario.structures[..] else {
            panic!("set {i}: two structures");
        };
        assert!((0.1..=0.5).contains(&switch), "set {i}: {switch}");
        assert!(close(one.switch_hours.mean(), switch), "set {i}");
        assert_eq!(one.switch_hours.as_constant(), None, "set {i}");
        assert_eq!(
            one.work.ceremony_hours_per_week.as_constant(),
            Some(ceremony),
            "set {i}"
        );
        let sessions = &one.discovery.as_ref().unwrap().session_hours;
        assert!(close(sessions.mean(), session), "set {i}");
        assert!(close(other.switch_hours.mean(), split), "set {i}");
        assert_eq!(other.switch_hours.as_constant(), None, "set {i}");
        for s in 0..2 {
            let r = run_trial(&set.scenario, s, 0);
            assert!(r.metrics.get(Metric::DiscoveryShare) > 0.0, "set {i}");
        }
    }
}
