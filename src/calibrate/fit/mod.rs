//! Fitting distributions to durations some of which are censored: lognormal and gamma
//! maximum likelihood, Kaplan–Meier against each fit (Kolmogorov–Smirnov distance),
//! and the intervals of counts and shares.
//!
//! A duration is *exact* (the item left the stage), *right-censored* (still in it when
//! the export was taken: the true time is at least this long) or *left-censored* (too
//! short for the stamps to show: a zero between two dates is under one day). Dropping
//! the right-censored ones would leave out the longest items, so both fits use them:
//! each adds the log of the survival function at its time to the likelihood.
//!
//! The exact values enter the likelihood through sufficient statistics (sums of x,
//! ln x, (ln x)²), so an evaluation costs O(censored) and 100,000 items fit in
//! milliseconds.

mod ks;
mod optimize;

pub use ks::ks_distance;

use statrs::distribution::{ContinuousCDF, Gamma, LogNormal};
use statrs::function::erf::erfc;
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur, ln_gamma};
use std::f64::consts::{PI, SQRT_2};

/// Durations of one kind (hours in a stage), as observed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample {
    /// Durations known exactly.
    pub exact: Vec<f64>,
    /// Durations known to be at least this long (still running).
    pub right: Vec<f64>,
    /// Durations known to be at most this long (shorter than the stamps can show).
    pub left: Vec<f64>,
}

impl Sample {
    /// An empty sample.
    pub fn new() -> Self {
        Sample::default()
    }

    /// Observations of every kind.
    pub fn len(&self) -> usize {
        self.exact.len() + self.right.len() + self.left.len()
    }

    /// Whether there is no observation.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same sample without its right-censored observations: what a fit that drops
    /// the open items sees.
    pub fn without_censored(&self) -> Sample {
        Sample {
            exact: self.exact.clone(),
            right: Vec::new(),
            left: self.left.clone(),
        }
    }
}

/// A parametric family fitted by maximum likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Log-normal.
    LogNormal,
    /// Gamma.
    Gamma,
}

impl Family {
    /// Both families, the order in which ties are broken.
    pub const ALL: [Family; 2] = [Family::LogNormal, Family::Gamma];

    /// The family's `dist` name in a scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Family::LogNormal => "lognormal",
            Family::Gamma => "gamma",
        }
    }
}

/// A fitted distribution: its family, natural parameters, moments and fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The family.
    pub family: Family,
    /// Log-normal: μ and σ of the logarithm. Gamma: shape and scale.
    pub params: (f64, f64),
    /// The distribution's mean.
    pub mean: f64,
    /// The distribution's standard deviation.
    pub sd: f64,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// Kolmogorov–Smirnov distance to the Kaplan–Meier estimate of the sample.
    pub ks: f64,
}

impl Fit {
    /// The fitted cumulative distribution function.
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match self.family {
            Family::LogNormal => {
                LogNormal::new(self.params.0, self.params.1).map_or(f64::NAN, |d| d.cdf(x))
            }
            Family::Gamma => {
                Gamma::new(self.params.0, 1.0 / self.params.1).map_or(f64::NAN, |d| d.cdf(x))
            }
        }
    }
}

/// Both fits of a sample and which is better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fits {
    /// The log-normal fit.
    pub lognormal: Fit,
    /// The gamma fit.
    pub gamma: Fit,
}

impl Fits {
    /// The fit with the smaller Kolmogorov–Smirnov distance (log-normal on a tie).
    pub fn chosen(&self) -> Fit {
        if self.gamma.ks < self.lognormal.ks {
            self.gamma
        } else {
            self.lognormal
        }
    }

    /// The fit not chosen.
    pub fn other(&self) -> Fit {
        if self.gamma.ks < self.lognormal.ks {
            self.lognormal
        } else {
            self.gamma
        }
    }
}

/// Fits both families; `None` when the sample has fewer than two distinct exact
/// values (no spread to fit).
pub fn fit_both(sample: &Sample) -> Option<Fits> {
    Some(Fits {
        lognormal: fit(sample, Family::LogNormal)?,
        gamma: fit(sample, Family::Gamma)?,
    })
}

/// The maximum-likelihood fit of one family, with its KS distance; `None` when the
/// sample has fewer than two distinct positive exact values.
pub fn fit(sample: &Sample, family: Family) -> Option<Fit> {
    let stats = Sufficient::of(&sample.exact)?;
    let (start, objective): ([f64; 2], Objective) = match family {
        Family::LogNormal => {
            let start = [stats.log_mean, stats.log_var.sqrt().ln()];
            let f = move |p: &[f64; 2]| -lognormal_ll(&stats, sample, p[0], p[1].exp());
            (start, Box::new(f))
        }
        Family::Gamma => {
            let shape = stats.mean * stats.mean / stats.var;
            let start = [shape.ln(), (stats.mean / shape).ln()];
            let f = move |p: &[f64; 2]| -gamma_ll(&stats, sample, p[0].exp(), p[1].exp());
            (start, Box::new(f))
        }
    };
    let (best, value) = optimize::nelder_mead(&objective, start);
    if !value.is_finite() {
        return None;
    }
    let (a, b) = (best[0], best[1].exp());
    let (params, mean, sd) = match family {
        Family::LogNormal => {
            let mean = (a + b * b / 2.0).exp();
            ((a, b), mean, mean * (b * b).exp_m1().sqrt())
        }
        Family::Gamma => {
            let shape = a.exp();
            ((shape, b), shape * b, shape.sqrt() * b)
        }
    };
    let mut fit = Fit {
        family,
        params,
        mean,
        sd,
        log_likelihood: -value,
        ks: f64::NAN,
    };
    fit.ks = ks_distance(sample, |x| fit.cdf(x));
    Some(fit)
}

/// A function to minimise over two parameters.
type Objective<'a> = Box<dyn Fn(&[f64; 2]) -> f64 + 'a>;

/// What the likelihood needs of the exact values.
#[derive(Debug, Clone, Copy)]
struct Sufficient {
    n: f64,
    mean: f64,
    var: f64,
    sum_log: f64,
    log_mean: f64,
    log_var: f64,
}

impl Sufficient {
    /// `None` with fewer than two distinct positive values.
    fn of(exact: &[f64]) -> Option<Self> {
        let (mut n, mut mean, mut m2, mut log_mean, mut log_m2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &x in exact.iter().filter(|x| **x > 0.0) {
            // Welford's updates: stable sums for data far from zero.
            n += 1.0;
            let d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
            let l = x.ln();
            let dl = l - log_mean;
            log_mean += dl / n;
            log_m2 += dl * (l - log_mean);
        }
        let (var, log_var) = (m2 / n, log_m2 / n);
        (n >= 2.0 && var > 0.0 && log_var > 0.0).then_some(Sufficient {
            n,
            mean,
            var,
            sum_log: log_mean * n,
            log_mean,
            log_var,
        })
    }
}

/// ln of a probability, kept finite so that the optimiser can compare bad points.
fn ln_p(p: f64) -> f64 {
    p.max(f64::MIN_POSITIVE).ln()
}

fn lognormal_ll(s: &Sufficient, sample: &Sample, mu: f64, sigma: f64) -> f64 {
    if !(sigma > 0.0 && sigma.is_finite() && mu.is_finite()) {
        return f64::NEG_INFINITY;
    }
    let squares = s.n * (s.log_var + (s.log_mean - mu).powi(2));
    let mut ll =
        -s.sum_log - s.n * (sigma.ln() + 0.5 * (2.0 * PI).ln()) - squares / (2.0 * sigma * sigma);
    let z = |x: f64| (x.ln() - mu) / (sigma * SQRT_2);
    for &c in &sample.right {
        ll += ln_p(0.5 * erfc(z(c)));
    }
    for &c in &sample.left {
        ll += ln_p(0.5 * erfc(-z(c)));
    }
    ll
}

fn gamma_ll(s: &Sufficient, sample: &Sample, shape: f64, scale: f64) -> f64 {
    if !(shape > 0.0 && scale > 0.0 && shape.is_finite() && scale.is_finite()) {
        return f64::NEG_INFINITY;
    }
    let sum = s.mean * s.n;
    let mut ll =
        (shape - 1.0) * s.sum_log - sum / scale - s.n * (ln_gamma(shape) + shape * scale.ln());
    for &c in &sample.right {
        ll += ln_p(checked_gamma_ur(shape, c / scale).unwrap_or(0.0));
    }
    for &c in &sample.left {
        ll += ln_p(checked_gamma_lr(shape, c / scale).unwrap_or(0.0));
    }
    ll
}

/// A value with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The point estimate.
    pub value: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
}

/// The rate of a Poisson process that gave `count` events over `exposure` (events
/// per unit of exposure), with its exact (Garwood) 95% interval.
pub fn poisson_rate(count: u64, exposure: f64) -> Estimate {
    poisson_interval(count, exposure, 0.95)
}

/// As [`poisson_rate`] at any confidence `level` in (0, 1): the interval is
/// [χ²(α/2; 2n)/2, χ²(1 − α/2; 2n + 2)/2] / exposure with α = 1 − level.
pub fn poisson_interval(count: u64, exposure: f64, level: f64) -> Estimate {
    let n = count as f64;
    let alpha = 1.0 - level;
    let quantile =
        |shape: f64, p: f64| Gamma::new(shape, 1.0).map_or(f64::NAN, |g| g.inverse_cdf(p));
    let low = if count == 0 {
        0.0
    } else {
        quantile(n, alpha / 2.0)
    };
    let high = quantile(n + 1.0, 1.0 - alpha / 2.0);
    Estimate {
        value: n / exposure,
        low: low / exposure,
        high: high / exposure,
    }
}

/// The share `successes / trials` with its Wilson 95% interval.
pub fn share(successes: u64, trials: u64) -> Estimate {
    const Z: f64 = 1.959_963_984_540_054;
    let n = trials as f64;
    let p = successes as f64 / n;
    let centre = (p + Z * Z / (2.0 * n)) / (1.0 + Z * Z / n);
    let half = Z / (1.0 + Z * Z / n) * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt();
    Estimate {
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use rand_distr::Distribution;

    fn lognormal_sample(n: usize, mean: f64, sd: f64, seed: u64) -> Vec<f64> {
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let d = rand_distr::LogNormal::new(mu, sigma2.sqrt()).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| d.sample(&mut rng)).collect()
    }

    #[test]
    fn uncensored_lognormal_fit_is_the_closed_form_mle() {
        let xs = lognormal_sample(2000, 24.0, 16.0, 1);
        let fit = fit(
            &Sample {
                exact: xs.clone(),
                ..Sample::new()
            },
            Family::LogNormal,
        )
        .unwrap();
        let logs: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
        let mu = logs.iter().sum::<f64>() / logs.len() as f64;
        let sigma = (logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / logs.len() as f64).sqrt();
        assert!((fit.params.0 - mu).abs() < 1e-6, "{:?} vs {mu}", fit.params);
        assert!(
            (fit.params.1 - sigma).abs() < 1e-6,
            "{:?} vs {sigma}",
            fit.params
        );
    }

    #[test]
    fn uncensored_gamma_fit_satisfies_the_likelihood_equations() {
        // MLE of the gamma: ln k − ψ(k) = ln(mean) − mean(ln x), and k θ = mean.
        let xs = lognormal_sample(3000, 10.0, 5.0, 2);
        let fit = fit(
            &Sample {
                exact: xs.clone(),
                ..Sample::new()
            },
            Family::Gamma,
        )
        .unwrap();
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let mean_log = xs.iter().map(|x| x.ln()).sum::<f64>() / n;
        let (k, theta) = fit.params;
        let psi = statrs::function::gamma::digamma(k);
        assert!(((k.ln() - psi) - (mean.ln() - mean_log)).abs() < 1e-6);
        assert!((k * theta - mean).abs() < 1e-6 * mean);
    }

    #[test]
    fn ks_picks_the_family_the_data_came_from() {
        let xs = lognormal_sample(5000, 24.0, 16.0, 3);
        let fits = fit_both(&Sample {
            exact: xs,
            ..Sample::new()
        })
        .unwrap();
        assert_eq!(fits.chosen().family, Family::LogNormal, "{fits:?}");
        let g = rand_distr::Gamma::new(2.0, 5.0).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let xs: Vec<f64> = (0..5000).map(|_| g.sample(&mut rng)).collect();
        let fits = fit_both(&Sample {
            exact: xs,
            ..Sample::new()
        })
        .unwrap();
        assert_eq!(fits.chosen().family, Family::Gamma, "{fits:?}");
    }

    #[test]
    fn no_spread_no_fit() {
        assert!(fit_both(&Sample {
            exact: vec![4.0, 4.0, 4.0],
            ..Sample::new()
        })
        .is_none());
        assert!(fit_both(&Sample {
            exact: vec![4.0],
            right: vec![9.0],
            left: vec![]
        })
        .is_none());
    }

    #[test]
    fn poisson_interval_matches_tables() {
        // Garwood's exact interval for 10 events: 4.795 to 18.39 (standard tables).
        let e = poisson_rate(10, 1.0);
        assert!(
            (e.low - 4.795).abs() < 1e-3 && (e.high - 18.39).abs() < 1e-2,
            "{e:?}"
        );
        let e = poisson_rate(0, 2.0);
        assert_eq!(e.low, 0.0);
        assert!((e.high - 3.689 / 2.0).abs() < 1e-3, "{e:?}");
    }

    #[test]
    fn wilson_interval_matches_its_formula_at_a_known_point() {
        // 8 of 10: Wilson 95% is 0.490 to 0.943.
        let e = share(8, 10);
        assert!(
            (e.low - 0.490).abs() < 1e-3 && (e.high - 0.943).abs() < 1e-3,
            "{e:?}"
        );
    }
}
