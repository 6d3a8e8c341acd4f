//! Helpers of the feature and story tests: loading fixtures, running trials, reading a
//! person's activity hours, and 95% confidence intervals (per structure, and of paired
//! differences between two structures of one scenario, which share their random work).
//!
//! Kept apart from `tests/common` (the theory and conservation tests' helpers) so that
//! the two suites can change independently. Each test binary uses part of it.
#![allow(dead_code)]

use orgsim::model::{run_trial, Metric, TrialResult};
use orgsim::scenario::{load_file, load_str, Scenario};
use std::fmt;
use std::path::{Path, PathBuf};

/// z quantile of a two-sided 95% interval.
pub const Z95: f64 = 1.96;

/// Path of a fixture of `tests/fixtures/features/`.
pub fn fixture_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/features")
        .join(file)
}

/// Loads a fixture of `tests/fixtures/features/` and expects exactly one sweep point.
pub fn fixture(file: &str) -> Scenario {
    let mut points = load(&fixture_path(file));
    assert_eq!(points.len(), 1, "fixture {file} should have one point");
    points.remove(0)
}

/// Loads a scenario file, every sweep point; panics with the report if it is refused.
pub fn load(path: &Path) -> Vec<Scenario> {
    load_file(path).unwrap_or_else(|e| panic!("{} was refused:\n{}", path.display(), e))
}

/// Loads scenario text written in a test (`name` names it in errors).
pub fn load_text(src: &str, name: &str) -> Result<Vec<Scenario>, String> {
    load_str(src, &fixture_path(name)).map_err(|e| e.to_string())
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
    let s = structure(sc, name);
    (0..trials).map(|t| run_trial(sc, s, t)).collect()
}

/// One metric over trials.
pub fn metric(results: &[TrialResult], m: Metric) -> Vec<f64> {
    results.iter().map(|r| r.metrics.get(m)).collect()
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

/// A mean over trials with its 95% confidence interval, mean ± 1.96·sd/√n.
#[derive(Debug, Clone, Copy)]
pub struct Ci {
    /// Mean over trials.
    pub mean: f64,
    /// Half-width of the 95% interval.
    pub half: f64,
    /// Standard error, sd/√n.
    pub se: f64,
    /// Trials.
    pub n: usize,
}

impl Ci {
    /// The interval of per-trial values; every value must be observed (not NaN).
    pub fn of(what: &str, values: &[f64]) -> Ci {
        assert!(values.len() >= 2, "{what}: need at least 2 trials");
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{what}: some trials have no observation (NaN): {values:?}"
        );
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let se = (var / n).sqrt();
        Ci {
            mean,
            half: Z95 * se,
            se,
            n: values.len(),
        }
    }

    /// The interval of paired differences `a[i] − b[i]`.
    pub fn paired(what: &str, a: &[f64], b: &[f64]) -> Ci {
        assert_eq!(a.len(), b.len(), "{what}: paired samples differ in length");
        let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
        Ci::of(what, &d)
    }

    /// Lower end.
    pub fn lo(&self) -> f64 {
        self.mean - self.half
    }
    /// Upper end.
    pub fn hi(&self) -> f64 {
        self.mean + self.half
    }
    /// Whether the interval lies entirely above 0.
    pub fn above_zero(&self) -> bool {
        self.lo() > 0.0
    }
    /// Whether `x` lies within `k` standard errors of the mean.
    pub fn within(&self, x: f64, k: f64) -> bool {
        (self.mean - x).abs() <= k * self.se
    }
}

impl fmt::Display for Ci {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.4} ± {:.4} (95%, n = {})",
            self.mean, self.half, self.n
        )
    }
}

/// Asserts that a paired difference `a − b` is positive: its 95% interval excludes 0
/// from above.
pub fn assert_paired_above(what: &str, a: &[f64], b: &[f64]) -> Ci {
    let d = Ci::paired(what, a, b);
    assert!(
        d.above_zero(),
        "{what}: expected a positive paired difference (95% interval above 0), measured {d}"
    );
    d
}

/// Asserts `a < b` with interval `a` entirely below interval `b` (CIs not overlapping).
pub fn assert_ci_below(what: &str, a: &Ci, b: &Ci) {
    assert!(
        a.hi() < b.lo(),
        "{what}: expected the first interval entirely below the second, measured {a} against {b}"
    );
}

/// The standard normal distribution function, by the Abramowitz–Stegun 7.1.26
/// approximation of erf (absolute error below 1.5e-7), enough for expected values.
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}
