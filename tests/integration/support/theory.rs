//! Holding the simulator to queueing theory (the `theory_*` tests):
//! scenarios written in a test, and a simulated mean compared with a formula within a
//! tolerance derived from the spread across independent trials, plus a bias allowance
//! for what a finite window measures differently from a stationary queue.

use super::estimate::{Estimate, SE_FACTOR};
use super::{fixture_dir, load_text, only_point};
use orgsim::scenario::Scenario;

/// Loads a scenario written in a test (named `name` in errors, as if it were a file of
/// `tests/fixtures/theory/`) and expects exactly one sweep point.
pub fn load_one(src: &str, name: &str) -> Scenario {
    let path = fixture_dir("theory").join(format!("{name}.toml"));
    let points = load_text(src, &path)
        .unwrap_or_else(|e| panic!("test scenario {name} was refused: {e}\n{src}"));
    only_point(points, &format!("test scenario {name}"))
}

/// Length of the measured window, hours.
pub fn window_hours(scenario: &Scenario) -> f64 {
    f64::from(scenario.run.weeks) * scenario.run.hours_per_week
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
/// the end counts with the wait it has had so far (docs/model.md §12). So only the tasks
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
