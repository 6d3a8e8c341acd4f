//! Probability distributions for durations, values and counts.
//!
//! A [`Dist`] is an immutable value validated when it is built, so that sampling never
//! fails and one distribution can be shared by every thread. Sampling takes the caller's
//! RNG: which stream a draw comes from is the model's decision, not the distribution's.

use rand::Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Triangular};
use std::sync::Arc;

/// A validated distribution over non-negative reals.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Always the same value.
    Const(f64),
    /// Exponential with the given mean.
    Exp {
        /// Mean of the distribution.
        mean: f64,
        /// Sampler built from the mean.
        sampler: Exp<f64>,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular {
        /// Lower bound, peak and upper bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
        /// Sampler built from the bounds.
        sampler: Triangular<f64>,
    },
    /// Log-normal given by its own mean and standard deviation.
    LogNormal {
        /// Mean of the distribution (not of its logarithm).
        mean: f64,
        /// Standard deviation of the distribution.
        sd: f64,
        /// Sampler built from the moments.
        sampler: LogNormal<f64>,
    },
    /// Gamma given by its mean and standard deviation.
    Gamma {
        /// Mean of the distribution.
        mean: f64,
        /// Standard deviation of the distribution.
        sd: f64,
        /// Sampler built from the moments.
        sampler: Gamma<f64>,
    },
    /// Resampling of observed values, each equally likely.
    Empirical(Arc<[f64]>),
}

/// Why a distribution's parameters were refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A parameter is NaN or infinite.
    #[error("{0} must be a finite number")]
    NotFinite(&'static str),
    /// A parameter is below what the distribution allows.
    #[error("{name} must be {bound}, got {value}")]
    OutOfRange {
        /// The parameter.
        name: &'static str,
        /// What is allowed, as words ("at least 0").
        bound: &'static str,
        /// The value given.
        value: f64,
    },
    /// The bounds are in the wrong order.
    #[error("needs min <= mode <= max, got min {min}, mode {mode}, max {max}")]
    Order {
        /// Lower bound given.
        min: f64,
        /// Mode given (equal to min for a uniform).
        mode: f64,
        /// Upper bound given.
        max: f64,
    },
    /// An empirical sample with nothing in it.
    #[error("empirical data has no values")]
    Empty,
}

fn finite(name: &'static str, v: f64) -> Result<f64, DistError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(DistError::NotFinite(name))
    }
}

fn non_negative(name: &'static str, v: f64) -> Result<f64, DistError> {
    finite(name, v)?;
    if v < 0.0 {
        return Err(DistError::OutOfRange {
            name,
            bound: "at least 0",
            value: v,
        });
    }
    Ok(v)
}

fn positive(name: &'static str, v: f64) -> Result<f64, DistError> {
    finite(name, v)?;
    if v <= 0.0 {
        return Err(DistError::OutOfRange {
            name,
            bound: "greater than 0",
            value: v,
        });
    }
    Ok(v)
}

impl Dist {
    /// A constant, at least 0.
    pub fn constant(value: f64) -> Result<Self, DistError> {
        Ok(Dist::Const(non_negative("value", value)?))
    }

    /// An exponential with the given mean (greater than 0).
    pub fn exp(mean: f64) -> Result<Self, DistError> {
        let mean = positive("mean", mean)?;
        let sampler = Exp::new(1.0 / mean).map_err(|_| DistError::NotFinite("mean"))?;
        Ok(Dist::Exp { mean, sampler })
    }

    /// A uniform on `[min, max]`, `0 <= min <= max`.
    pub fn uniform(min: f64, max: f64) -> Result<Self, DistError> {
        let min = non_negative("min", min)?;
        let max = finite("max", max)?;
        if max < min {
            return Err(DistError::Order {
                min,
                mode: min,
                max,
            });
        }
        Ok(Dist::Uniform { min, max })
    }

    /// A triangular on `[min, max]` peaking at `mode`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Self, DistError> {
        let min = non_negative("min", min)?;
        let mode = finite("mode", mode)?;
        let max = finite("max", max)?;
        if !(min <= mode && mode <= max) {
            return Err(DistError::Order { min, mode, max });
        }
        if min == max {
            return Ok(Dist::Const(min));
        }
        let sampler =
            Triangular::new(min, max, mode).map_err(|_| DistError::Order { min, mode, max })?;
        Ok(Dist::Triangular {
            min,
            mode,
            max,
            sampler,
        })
    }

    /// A log-normal with the given mean (> 0) and standard deviation (>= 0).
    pub fn lognormal(mean: f64, sd: f64) -> Result<Self, DistError> {
        let mean = positive("mean", mean)?;
        let sd = non_negative("sd", sd)?;
        if sd == 0.0 {
            return Ok(Dist::Const(mean));
        }
        // Moments of the underlying normal, from E[X] and Var[X].
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let sampler = LogNormal::new(mu, sigma2.sqrt()).map_err(|_| DistError::NotFinite("sd"))?;
        Ok(Dist::LogNormal { mean, sd, sampler })
    }

    /// A gamma with the given mean (> 0) and standard deviation (> 0).
    pub fn gamma(mean: f64, sd: f64) -> Result<Self, DistError> {
        let mean = positive("mean", mean)?;
        let sd = non_negative("sd", sd)?;
        if sd == 0.0 {
            return Ok(Dist::Const(mean));
        }
        let shape = (mean / sd).powi(2);
        let scale = sd * sd / mean;
        let sampler = Gamma::new(shape, scale).map_err(|_| DistError::NotFinite("sd"))?;
        Ok(Dist::Gamma { mean, sd, sampler })
    }

    /// Resampling of observed values (each finite and at least 0).
    pub fn empirical(values: Vec<f64>) -> Result<Self, DistError> {
        if values.is_empty() {
            return Err(DistError::Empty);
        }
        for &v in &values {
            non_negative("an observed value", v)?;
        }
        Ok(Dist::Empirical(values.into()))
    }

    /// The distribution's mean.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Const(v) => *v,
            Dist::Exp { mean, .. } | Dist::LogNormal { mean, .. } | Dist::Gamma { mean, .. } => {
                *mean
            }
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { min, mode, max, .. } => (min + mode + max) / 3.0,
            Dist::Empirical(v) => v.iter().sum::<f64>() / v.len() as f64,
        }
    }

    /// Whether every draw is 0: a duty whose hours are this is skipped.
    pub fn is_zero(&self) -> bool {
        match self {
            Dist::Const(v) => *v == 0.0,
            Dist::Uniform { max, .. } => *max == 0.0,
            Dist::Empirical(v) => v.iter().all(|&x| x == 0.0),
            _ => false,
        }
    }

    /// One draw, using the caller's stream.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Const(v) => *v,
            Dist::Exp { sampler, .. } => sampler.sample(rng),
            Dist::Uniform { min, max } => {
                if min == max {
                    *min
                } else {
                    rng.random_range(*min..=*max)
                }
            }
            Dist::Triangular { sampler, .. } => sampler.sample(rng),
            Dist::LogNormal { sampler, .. } => sampler.sample(rng),
            Dist::Gamma { sampler, .. } => sampler.sample(rng),
            Dist::Empirical(v) => v[rng.random_range(0..v.len())],
        }
    }
}
