//! Estimates over independent trials: a mean with its standard error, the 95%
//! interval the feature and story tests compare (per structure, and of paired
//! differences between two structures of one scenario, which share their random work),
//! and the tolerance of the tests that hold a mean to a value from theory.

use orgsim::model::{Metric, TrialResult};
use std::fmt;

/// How many standard errors an estimate may stray from the value theory gives. Trials
/// (and draws) are independent, so the mean over R of them has standard error sd/√R;
/// 4 SE is a two-sided error rate below 1e-3 even with the t distribution at 15
/// degrees of freedom.
pub const SE_FACTOR: f64 = 4.0;

/// z quantile of a two-sided 95% interval.
pub const Z95: f64 = 1.96;

/// A mean over trials with its standard error; shown as its 95% interval,
/// mean ± 1.96·sd/√n.
#[derive(Debug, Clone, Copy)]
pub struct Estimate {
    /// Mean over trials.
    pub mean: f64,
    /// Standard error of that mean: sample sd / √n.
    pub se: f64,
    /// Number of trials, n.
    pub n: usize,
}

impl Estimate {
    /// Estimate from per-trial values; every value must be observed (not NaN).
    pub fn of(what: &str, values: &[f64]) -> Estimate {
        assert!(values.len() >= 2, "{what}: need at least 2 trials");
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{what}: some trials have no observation (NaN): {values:?}"
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
        Estimate::of(m.name(), &super::metric(results, m))
    }

    /// Estimate of the paired differences `a[i] − b[i]`.
    pub fn paired(what: &str, a: &[f64], b: &[f64]) -> Estimate {
        assert_eq!(a.len(), b.len(), "{what}: paired samples differ in length");
        let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
        Estimate::of(what, &d)
    }

    /// Half-width of the 95% interval.
    pub fn half(&self) -> f64 {
        Z95 * self.se
    }
    /// Lower end of the 95% interval.
    pub fn lo(&self) -> f64 {
        self.mean - self.half()
    }
    /// Upper end of the 95% interval.
    pub fn hi(&self) -> f64 {
        self.mean + self.half()
    }
    /// Whether the 95% interval lies entirely above 0.
    pub fn above_zero(&self) -> bool {
        self.lo() > 0.0
    }
    /// Whether `x` lies within `k` standard errors of the mean.
    pub fn within(&self, x: f64, k: f64) -> bool {
        (self.mean - x).abs() <= k * self.se
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.4} ± {:.4} (95%, n = {})",
            self.mean,
            self.half(),
            self.n
        )
    }
}

/// Asserts that a paired difference `a − b` is positive: its 95% interval excludes 0
/// from above.
pub fn assert_paired_above(what: &str, a: &[f64], b: &[f64]) -> Estimate {
    let d = Estimate::paired(what, a, b);
    assert!(
        d.above_zero(),
        "{what}: expected a positive paired difference (95% interval above 0), measured {d}"
    );
    d
}

/// Asserts `a < b` with interval `a` entirely below interval `b` (CIs not overlapping).
pub fn assert_ci_below(what: &str, a: &Estimate, b: &Estimate) {
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
