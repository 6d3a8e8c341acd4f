//! Helpers of the integration tests, each in one place: where the scenario files are
//! and how to load them, running trials and reading what a trial reports (here);
//! estimates over trials (`estimate`); textbook queueing formulas (`queueing`) and
//! holding the simulator to them (`theory`); running the `orgsim` command (`cli`);
//! results folders read, edited and completed for the page's tests (`results`).

pub mod cli;
pub mod estimate;
pub mod queueing;
pub mod results;
pub mod theory;

use orgsim::model::{run_trial, Metric, TrialResult};
use orgsim::scenario::{load_file, load_str, Scenario};
use std::path::{Path, PathBuf};

/// The shipped scenarios, `scenarios/`, found from the package root whatever the
/// working directory.
pub fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// The fixtures of one group of tests, `tests/fixtures/{folder}/`.
pub fn fixture_dir(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
}

/// Loads a scenario file, every sweep point; panics with the report if it is refused.
pub fn load(path: &Path) -> Vec<Scenario> {
    load_file(path).unwrap_or_else(|e| panic!("{} was refused:\n{}", path.display(), e.render()))
}

/// Loads scenario text written in a test, as if it were the file `path` (which names
/// it in errors); the refusal as the errors' text.
pub fn load_text(src: &str, path: &Path) -> Result<Vec<Scenario>, String> {
    load_str(src, path).map_err(|e| e.to_string())
}

/// The one point of a scenario without a sweep; `what` names it if there are more.
pub fn only_point(mut points: Vec<Scenario>, what: &str) -> Scenario {
    assert_eq!(points.len(), 1, "{what} should have one point");
    points.remove(0)
}

/// Index of the structure named `name`.
pub fn structure(sc: &Scenario, name: &str) -> usize {
    sc.structures
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("{}: no structure named {name}", sc.name))
}

/// Runs trials `0..trials` of the structure named `name`.
pub fn run(sc: &Scenario, name: &str, trials: u32) -> Vec<TrialResult> {
    trials_of(sc, structure(sc, name), trials)
}

/// Runs every trial (`run.trials`) of the structure at index `structure`.
pub fn run_all(sc: &Scenario, structure: usize) -> Vec<TrialResult> {
    trials_of(sc, structure, sc.run.trials)
}

fn trials_of(sc: &Scenario, structure: usize, trials: u32) -> Vec<TrialResult> {
    (0..trials).map(|t| run_trial(sc, structure, t)).collect()
}

/// One metric over trials.
pub fn metric(results: &[TrialResult], m: Metric) -> Vec<f64> {
    results.iter().map(|r| r.metrics.get(m)).collect()
}

/// Per trial, the mean triage wait of one stakeholder group.
pub fn group_triage_wait(results: &[TrialResult], group: &str) -> Vec<f64> {
    results
        .iter()
        .map(|r| {
            r.groups
                .iter()
                .find(|g| g.group == group)
                .unwrap_or_else(|| panic!("no outcome for group {group}"))
                .triage_wait_mean_h
        })
        .collect()
}

/// Hours a person (by label, "po-1") spent on an activity ("ceremony", "switching" …)
/// in one trial; 0 when the person has no such row.
pub fn activity_hours(r: &TrialResult, person: &str, activity: &str) -> f64 {
    r.people
        .iter()
        .filter(|p| p.person == person && p.activity == activity)
        .map(|p| p.hours)
        .sum()
}

/// Busy share (everything but idle) of one person in one trial.
pub fn busy_share(r: &TrialResult, person: &str) -> f64 {
    let idle = activity_hours(r, person, "idle");
    1.0 - idle / r.ledger.window_hours
}
