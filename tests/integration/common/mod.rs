//! Shared helpers of the theory and conservation tests: loading a scenario from TOML,
//! running its trials, and comparing a simulated mean with a formula within a tolerance
//! derived from the spread across independent trials.
//!
//! Each test binary uses only part of this module, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod queueing;

use orgsim::model::{run_trial, Metric, TrialResult};
use orgsim::scenario::{load_str, Scenario};
use std::path::{Path, PathBuf};

/// How many standard errors a simulated mean may stray from theory. Trials are
/// independent, so the mean over R trials has standard error sd/√R; 4 SE is a
/// two-sided error rate below 1e-3 even with the t distribution at 15 degrees of freedom.
pub const SE_FACTOR: f64 = 4.0;

/// Loads a scenario written in the test and expects exactly one sweep point.
pub fn load_one(src: &str, name: &str) -> Scenario {
    let path = PathBuf::from(format!("tests/fixtures/theory/{name}.toml"));
    let mut points = load_str(src, &path)
        .unwrap_or_else(|e| panic!("test scenario {name} was refused: {e:?}\n{src}"));
    assert_eq!(
        points.len(),
        1,
        "test scenario {name} should have one point"
    );
    points.remove(0)
}

/// Loads a fixture file from `tests/fixtures/theory/`.
pub fn load_fixture(file: &str) -> Vec<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/theory")
        .join(file);
    let src = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    load_str(&src, &path)
        .unwrap_or_else(|e| panic!("fixture {} was refused: {e:?}", path.display()))
}

/// Runs every trial (`run.trials`) of one structure.
pub fn run_all(scenario: &Scenario, structure: usize) -> Vec<TrialResult> {
    (0..scenario.run.trials)
        .map(|t| run_trial(scenario, structure, t))
        .collect()
}

/// Length of the measured window, hours.
pub fn window_hours(scenario: &Scenario) -> f64 {
    f64::from(scenario.run.weeks) * scenario.run.hours_per_week
}

/// Mean of per-trial values and its standard error.
#[derive(Debug, Clone, Copy)]
pub struct Estimate {
    /// Mean over trials.
    pub mean: f64,
    /// Standard error of that mean: sample sd / √R.
    pub se: f64,
    /// Number of trials, R.
    pub n: usize,
}

impl Estimate {
    /// Estimate from per-trial values; every value must be observed (not NaN).
    pub fn of(what: &str, values: &[f64]) -> Estimate {
        assert!(values.len() >= 2, "{what}: need at least 2 trials");
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{what}: some trials have no observation: {values:?}"
        );
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        Estimate {
            mean,
            se: (var / n).sqrt(),
            n: values.len(),
        }
    }

    /// Estimate of one metric over trials.
    pub fn metric(results: &[TrialResult], m: Metric) -> Estimate {
        let v: Vec<f64> = results.iter().map(|r| r.metrics.get(m)).collect();
        Estimate::of(m.name(), &v)
    }
}

/// Asserts |sim − theory| ≤ 4·SE + `bias`, and prints the comparison (shown with
/// `--nocapture`) so that a run can be read as a table of sim against theory.
pub fn assert_matches(what: &str, sim: Estimate, theory: f64, bias: f64) {
    let tol = SE_FACTOR * sim.se + bias;
    let diff = sim.mean - theory;
    eprintln!(
        "{what}: sim {:.5} (SE {:.5}, {} trials), theory {:.5}, diff {:+.5}, tolerance {:.5}",
        sim.mean, sim.se, sim.n, theory, diff, tol
    );
    assert!(
        diff.abs() <= tol,
        "{what}: expected {theory:.5} (theory), simulated {:.5} over {} trials; \
         |diff| = {:.5} exceeds tolerance {SE_FACTOR}·SE + bias = {SE_FACTOR}·{:.5} + {bias:.5} = {tol:.5}",
        sim.mean,
        sim.n,
        diff.abs(),
        sim.se
    );
}

/// Bias allowance for a per-trial mean of waits over a window of `window` hours.
///
/// Waits are attributed to the window by when they end, and a task still queued at
/// the end counts with the wait it has had so far (MODEL.md §7). So only the tasks
/// present at the two edges of the window are counted differently from a stationary
/// sample: those queued when the window opens bring wait from the warm-up, those
/// queued when it closes are cut short. About `in_system` tasks sit at each edge, each
/// off by about one mean wait, among `rate · window` observations; a mean of ratios
/// adds a bias of the same order 1/n. Hence `wait · 2 · (in_system + 1) / (rate · window)`.
/// For the run lengths of these tests this is well below 1% of the wait, so it does not
/// hide a modelling error (a wrong discipline moves waits by tens of percent).
pub fn edge_bias(wait: f64, in_system: f64, rate: f64, window: f64) -> f64 {
    wait * 2.0 * (in_system + 1.0) / (rate * window)
}

/// Asserts that the warm-up is long against the queue's relaxation time, so that the
/// empty start leaves no measurable trace: the start's effect on the window mean is
/// about wait · τ · e^(−warm-up/τ) / window, and warm-up ≥ 5 τ makes that below 1e-4
/// of the wait for these runs.
pub fn assert_warmup_long_enough(scenario: &Scenario, relax_hours: f64) {
    let warm = f64::from(scenario.run.warmup_weeks) * scenario.run.hours_per_week;
    assert!(
        warm >= 5.0 * relax_hours,
        "test design: warm-up {warm} h is shorter than 5 relaxation times ({relax_hours:.1} h each)"
    );
}

/// The relaxation time of a single-server queue at load ρ with mean service m: the
/// inverse spectral gap of M/M/1, τ = m / (1 − √ρ)², scaled by (1 + cv²)/2 for other
/// service distributions (heavy-traffic diffusion scaling). An order of magnitude, used
/// only to check that a test's warm-up is long enough.
pub fn relaxation_hours(rho: f64, mean_service: f64, cv2: f64) -> f64 {
    mean_service / (1.0 - rho.sqrt()).powi(2) * (1.0 + cv2) / 2.0
}
