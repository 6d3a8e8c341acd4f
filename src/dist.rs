//! Probability distributions for durations, values and counts.
//!
//! A [`Dist`] is an immutable value validated when it is built, so that sampling never
//! fails and one distribution can be shared by every thread. Sampling takes the caller's
//! RNG: which stream a draw comes from is the model's decision, not the distribution's.
//!
//! This module also reads a distribution from a scenario (a number, or a table such as
//! `{ dist = "exp", mean = 4 }`, or an empirical file), through the scenario's reader,
//! so that the form of a distribution in a file is declared beside the distribution.

use crate::scenario::raw::{Table, Value};
use crate::scenario::reader::{
    hint, join, number_words, DefaultValue, Fallback, Field, Part, Reader, Rule, Scale, Section,
};
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

    /// The value of a constant, which draws nothing from the stream it is sampled
    /// with; `None` for every other distribution. A model that keeps a stream only for
    /// the durations it draws asks this.
    pub fn as_constant(&self) -> Option<f64> {
        match self {
            Dist::Const(v) => Some(*v),
            _ => None,
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

    /// The acceptance bar: the value a draw must reach to be among the best `share` of
    /// draws, the (1 − share) quantile ([`Dist::quantile`]), so that accepting what
    /// reaches it accepts that share (docs/model.md §3). 0 for a share of 1 or more,
    /// +∞ for a share of 0 or less.
    pub fn accept_bar(&self, share: f64) -> f64 {
        if share >= 1.0 {
            return 0.0;
        }
        if share <= 0.0 {
            return f64::INFINITY;
        }
        self.quantile(1.0 - share)
    }

    /// The p-quantile (0 < p < 1), exactly: the inverse of the distribution function,
    /// in closed form where there is one, statrs' inverse of the regularised gamma
    /// function for the gamma. For observed values, the order statistic at
    /// ⌊p·n⌋ (counted from 0) of the n sorted values: resampling them, a draw reaches it
    /// with the share of values at or above it, the nearest to 1 − p there is.
    pub fn quantile(&self, p: f64) -> f64 {
        use statrs::distribution::ContinuousCDF;
        match self {
            Dist::Const(v) => *v,
            Dist::Exp { mean, .. } => -mean * (-p).ln_1p(),
            Dist::Uniform { min, max } => min + p * (max - min),
            Dist::Triangular { min, mode, max, .. } => {
                let (range, below) = (max - min, mode - min);
                if p * range < below {
                    min + (p * range * below).sqrt()
                } else {
                    max - ((1.0 - p) * range * (max - mode)).sqrt()
                }
            }
            Dist::LogNormal { mean, sd, .. } => {
                let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
                let mu = mean.ln() - sigma2 / 2.0;
                statrs::distribution::LogNormal::new(mu, sigma2.sqrt())
                    .map_or(*mean, |d| d.inverse_cdf(p))
            }
            Dist::Gamma { mean, sd, .. } => {
                let shape = (mean / sd).powi(2);
                let rate = mean / (sd * sd);
                statrs::distribution::Gamma::new(shape, rate).map_or(*mean, |d| d.inverse_cdf(p))
            }
            Dist::Empirical(values) => {
                let mut sorted = values.to_vec();
                let k = ((p * sorted.len() as f64) as usize).min(sorted.len() - 1);
                let (_, at, _) = sorted.select_nth_unstable_by(k, f64::total_cmp);
                *at
            }
        }
    }

    /// One draw, using the caller's stream.
    ///
    /// The constant and the exponential, the draws of every question, are inlined
    /// into the caller; the other families are one call away.
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Const(v) => *v,
            Dist::Exp { sampler, .. } => sampler.sample(rng),
            _ => self.sample_other(rng),
        }
    }

    /// One draw of a family other than the constant and the exponential.
    #[inline(never)]
    fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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

/// A family of distributions, as `dist = "…"` names it in a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `const`: one value.
    Const,
    /// `exp`: exponential.
    Exp,
    /// `uniform`.
    Uniform,
    /// `triangular`.
    Triangular,
    /// `lognormal`.
    LogNormal,
    /// `gamma`.
    Gamma,
    /// `empirical`: observed values read from a file.
    Empirical,
}

impl Family {
    /// Every family, in the order messages list them.
    const ALL: [Family; 7] = [
        Family::Const,
        Family::Exp,
        Family::Uniform,
        Family::Triangular,
        Family::LogNormal,
        Family::Gamma,
        Family::Empirical,
    ];

    /// The name written after `dist =`.
    fn name(self) -> &'static str {
        match self {
            Family::Const => "const",
            Family::Exp => "exp",
            Family::Uniform => "uniform",
            Family::Triangular => "triangular",
            Family::LogNormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Empirical => "empirical",
        }
    }

    /// The keys a table of this family gives, in order: numbers, except `empirical`'s
    /// `file`.
    fn parameters(self) -> &'static [&'static str] {
        match self {
            Family::Const => &["value"],
            Family::Exp => &["mean"],
            Family::Uniform => &["min", "max"],
            Family::Triangular => &["min", "mode", "max"],
            Family::LogNormal | Family::Gamma => &["mean", "sd"],
            Family::Empirical => &["file"],
        }
    }
}

/// A parametric distribution as a scenario states it, before validation: a family and
/// its numbers. Built by [`Shape::build`]; a constant, so defaults can be declared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// Always `value`.
    Const(f64),
    /// Exponential with this mean.
    Exp {
        /// Mean.
        mean: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular on `[min, max]` peaking at `mode`.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Log-normal with this mean and sd (of the distribution, not of its logarithm).
    LogNormal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Gamma with this mean and sd.
    Gamma {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
}

impl Shape {
    /// The shape of `family` with `values` given in the order of its parameters;
    /// `None` for `empirical` or a wrong count.
    fn of(family: Family, values: &[f64]) -> Option<Shape> {
        Some(match (family, values) {
            (Family::Const, &[value]) => Shape::Const(value),
            (Family::Exp, &[mean]) => Shape::Exp { mean },
            (Family::Uniform, &[min, max]) => Shape::Uniform { min, max },
            (Family::Triangular, &[min, mode, max]) => Shape::Triangular { min, mode, max },
            (Family::LogNormal, &[mean, sd]) => Shape::LogNormal { mean, sd },
            (Family::Gamma, &[mean, sd]) => Shape::Gamma { mean, sd },
            _ => return None,
        })
    }

    /// The distribution, or why its numbers are refused.
    pub fn build(self) -> Result<Dist, DistError> {
        match self {
            Shape::Const(value) => Dist::constant(value),
            Shape::Exp { mean } => Dist::exp(mean),
            Shape::Uniform { min, max } => Dist::uniform(min, max),
            Shape::Triangular { min, mode, max } => Dist::triangular(min, mode, max),
            Shape::LogNormal { mean, sd } => Dist::lognormal(mean, sd),
            Shape::Gamma { mean, sd } => Dist::gamma(mean, sd),
        }
    }

    /// The family and its numbers, in the order of its parameters.
    fn parts(self) -> (Family, Vec<f64>) {
        match self {
            Shape::Const(value) => (Family::Const, vec![value]),
            Shape::Exp { mean } => (Family::Exp, vec![mean]),
            Shape::Uniform { min, max } => (Family::Uniform, vec![min, max]),
            Shape::Triangular { min, mode, max } => (Family::Triangular, vec![min, mode, max]),
            Shape::LogNormal { mean, sd } => (Family::LogNormal, vec![mean, sd]),
            Shape::Gamma { mean, sd } => (Family::Gamma, vec![mean, sd]),
        }
    }

    /// How the documentation writes it: `0`, `exp mean 16`, `lognormal mean 24, sd 16`.
    pub fn words(self) -> String {
        if let Shape::Const(value) = self {
            return number_words(value);
        }
        let (family, values) = self.parts();
        let parameters: Vec<String> = family
            .parameters()
            .iter()
            .zip(values)
            .map(|(name, value)| format!("{name} {}", number_words(value)))
            .collect();
        format!("{} {}", family.name(), parameters.join(", "))
    }
}

/// Whether `name` is a number that some family of distributions takes (`mean`, `sd`,
/// `min`, `mode`, `max`, `value`): what an `[uncertainty]` range may vary inside a
/// distribution.
pub(crate) fn is_number_parameter(name: &str) -> bool {
    Family::ALL
        .iter()
        .filter(|family| **family != Family::Empirical)
        .any(|family| family.parameters().contains(&name))
}

/// Every key a distribution table may hold besides `dist`, in the order an unknown-key
/// message lists them when `dist` is missing.
const PARAMETER_KEYS: [&str; 7] = ["value", "mean", "sd", "min", "mode", "max", "file"];

/// A scenario key whose value is a distribution (docs/model.md §10).
pub(crate) struct Distributed {
    /// Why the key must not be always 0, when it must not: the simulation would stall.
    pub never_zero: Option<&'static str>,
}

impl Rule for Distributed {
    type Value = Dist;

    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<Dist> {
        read(reader, field)
    }

    fn refuse(&self, key: &str, value: &Dist) -> Option<String> {
        let why = self.never_zero?;
        value
            .is_zero()
            .then(|| format!("{key} must not be always 0: {why}"))
    }

    fn bound(&self) -> Option<String> {
        self.never_zero.map(|_| "never always 0".to_string())
    }

    fn unit(&self, unit: &str) -> String {
        format!("dist, {unit}")
    }

    fn scale(&self) -> Scale {
        Scale::Distribution
    }
}

impl Fallback<Distributed> for Shape {
    fn words(&self, _: &Distributed) -> String {
        Shape::words(*self)
    }
}

impl DefaultValue<Distributed> for Shape {
    fn value(&self) -> Dist {
        // Defaults are constants of the schema, each built in its tests.
        self.build().expect("default distributions are valid")
    }
}

/// A distribution as a scenario writes it: a number is a constant, a table names its
/// `dist`.
pub(crate) fn read(reader: &mut Reader<'_>, field: &Field<'_>) -> Option<Dist> {
    match &field.node.value {
        Value::Integer(_) | Value::Float(_) => {
            let v = reader.number(field)?;
            match Dist::constant(v) {
                Ok(d) => Some(d),
                Err(_) => {
                    let msg = format!("{} must be at least 0, got {v}", field.key);
                    reader.report(field.node.span.clone(), field.path.clone(), msg);
                    None
                }
            }
        }
        Value::Table(t) => read_table(reader, field, t),
        _ => {
            reader.type_error(
                field,
                "a number or a distribution such as { dist = \"exp\", mean = 4 }",
            );
            None
        }
    }
}

/// `{ dist = "…", … }`.
fn read_table(reader: &mut Reader<'_>, field: &Field<'_>, table: &Table) -> Option<Dist> {
    let part = Part {
        prefix: field.path.clone(),
        table,
        span: field.node.span.clone(),
    };
    let mut section = Section::new(&field.path, field.node.span.clone(), vec![part]);
    let Some(kind_field) = section.take("dist") else {
        let names = Family::ALL.map(Family::name);
        let msg = format!(
            "a distribution table needs `dist`, one of {}",
            names.join(", ")
        );
        reader.report(field.node.span.clone(), field.path.clone(), msg);
        section.know(&PARAMETER_KEYS);
        reader.finish(section);
        return None;
    };
    let kind = reader.string(&kind_field)?;
    let Some(family) = Family::ALL.into_iter().find(|f| f.name() == kind) else {
        let names = Family::ALL.map(Family::name);
        let msg = format!("unknown distribution \"{kind}\"{}", hint(&kind, &names));
        reader.report(kind_field.node.span.clone(), kind_field.path, msg);
        return None;
    };
    let dist = if family == Family::Empirical {
        read_empirical(reader, &mut section, field)
    } else {
        read_parametric(reader, &mut section, field, family)
    };
    reader.finish(section);
    dist
}

/// The numbers of a parametric family, each reported where it is wrong.
fn read_parametric(
    reader: &mut Reader<'_>,
    section: &mut Section<'_>,
    field: &Field<'_>,
    family: Family,
) -> Option<Dist> {
    let kind = family.name();
    let names = family.parameters();
    let mut values = Vec::with_capacity(names.len());
    let mut spans = Vec::with_capacity(names.len());
    let mut ok = true;
    for &name in names {
        match section.take(name) {
            Some(p) => {
                spans.push((name, p.node.span.clone()));
                match reader.number(&p) {
                    Some(v) => values.push(v),
                    None => ok = false,
                }
            }
            None => {
                let article = if kind.starts_with('e') { "an" } else { "a" };
                let msg = format!("{article} {kind} distribution needs `{name}`");
                reader.report(field.node.span.clone(), field.path.clone(), msg);
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let shape = Shape::of(family, &values)?;
    match shape.build() {
        Ok(d) => Some(d),
        Err(e) => {
            let (span, path, msg) = match e {
                DistError::OutOfRange { name, bound, value } => {
                    let at = spans.iter().find(|(n, _)| *n == name);
                    (
                        at.map_or(field.node.span.clone(), |(_, s)| s.clone()),
                        at.map_or(field.path.clone(), |(n, _)| join(&field.path, n)),
                        format!("{kind} {name} must be {bound}, got {value}"),
                    )
                }
                DistError::Order { min, max, .. } if family == Family::Uniform => (
                    field.node.span.clone(),
                    field.path.clone(),
                    format!("uniform needs min <= max, got min {min}, max {max}"),
                ),
                other => (
                    field.node.span.clone(),
                    field.path.clone(),
                    format!("{kind} {other}"),
                ),
            };
            reader.report(span, path, msg);
            None
        }
    }
}

/// `{ dist = "empirical", file = "x.csv" }`: one column of numbers, header optional,
/// found beside the scenario.
fn read_empirical(
    reader: &mut Reader<'_>,
    section: &mut Section<'_>,
    field: &Field<'_>,
) -> Option<Dist> {
    let Some(file) = section.take("file") else {
        let msg = "an empirical distribution needs `file`, a CSV of observed values";
        reader.report(field.node.span.clone(), field.path.clone(), msg);
        return None;
    };
    let name = reader.string(&file)?;
    let (span, path) = (file.node.span.clone(), file.path.clone());
    let (resolved, text) = reader.read_data_file(&name);
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("cannot read empirical file {}: {e}", resolved.display());
            reader.report(span, path, msg);
            return None;
        }
    };
    let msg = match parse_column(&text) {
        Ok(values) => match Dist::empirical(values) {
            Ok(d) => return Some(d),
            Err(DistError::Empty) => {
                format!("empirical file {} holds no values", resolved.display())
            }
            Err(e) => format!("empirical file {}: {e}", resolved.display()),
        },
        Err((line, cell)) => format!(
            "empirical file {} line {line}: expected a number, got {cell:?}",
            resolved.display()
        ),
    };
    reader.report(span, path, msg);
    None
}

/// The first column of a CSV or plain list of numbers; a first line that is not a
/// number is a header. `Err((line, cell))` names the first cell that is not a number.
fn parse_column(text: &str) -> Result<Vec<f64>, (usize, String)> {
    let mut values = Vec::new();
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cell = line
            .split([',', ';', '\t'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        match cell.parse::<f64>() {
            Ok(v) => values.push(v),
            Err(_) if first => {}
            Err(_) => return Err((i + 1, cell.to_string())),
        }
        first = false;
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn accept_bar_is_the_upper_quantile_of_value() {
        let d = Dist::uniform(0.0, 100.0).unwrap();
        assert_eq!(d.accept_bar(0.25), 75.0);
    }

    /// Each family's quantile q at p solves F(q) = p, with F written out by hand.
    #[test]
    fn quantiles_invert_the_distribution_functions() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        for p in [0.1, 0.25, 0.5, 0.75, 0.9, 0.99] {
            // Exponential of mean 4: F(x) = 1 − e^(−x/4).
            let q = Dist::exp(4.0).unwrap().quantile(p);
            assert!(close(1.0 - (-q / 4.0).exp(), p), "exp p={p}: {q}");
            // Triangular 1, 2, 6: F(x) = (x−1)²/((6−1)(2−1)) below 2, else
            // 1 − (6−x)²/((6−1)(6−2)).
            let q = Dist::triangular(1.0, 2.0, 6.0).unwrap().quantile(p);
            let f = if q < 2.0 {
                (q - 1.0).powi(2) / 5.0
            } else {
                1.0 - (6.0 - q).powi(2) / 20.0
            };
            assert!(close(f, p), "triangular p={p}: {q}");
            // Gamma of mean 8 and sd √32: shape (8/√32)² = 2, scale 32/8 = 4, so
            // F(x) = 1 − e^(−x/4)(1 + x/4).
            let q = Dist::gamma(8.0, 32f64.sqrt()).unwrap().quantile(p);
            let f = 1.0 - (-q / 4.0).exp() * (1.0 + q / 4.0);
            assert!((f - p).abs() < 1e-8, "gamma p={p}: {q} gives {f}");
        }
        // Log-normal of mean 24, sd 12: ln X is normal with σ² = ln(1 + 1/4) and
        // μ = ln 24 − σ²/2; its upper quartile is e^(μ + 0.6744897501960817 σ).
        let s2 = 1.25f64.ln();
        let expected = (24f64.ln() - s2 / 2.0 + 0.674_489_750_196_081_7 * s2.sqrt()).exp();
        let q = Dist::lognormal(24.0, 12.0).unwrap().quantile(0.75);
        assert!(close(q, expected), "lognormal: {q} against {expected}");
        // Observed values 1 … 4: the bar of the best quarter is 4, reached by 1 in 4.
        let d = Dist::empirical(vec![3.0, 1.0, 4.0, 2.0]).unwrap();
        assert_eq!(d.accept_bar(0.25), 4.0);
        assert_eq!(d.accept_bar(0.5), 3.0);
    }

    /// Accepting the draws that reach the bar accepts the share asked for: 200,000
    /// draws of a log-normal of mean 10 and sd 20 against the bar of 0.25 accept a
    /// share within 4 standard errors (√(0.25 · 0.75 / 200,000) ≈ 0.00097) of 0.25.
    #[test]
    fn the_bar_accepts_the_share_asked_for() {
        let d = Dist::lognormal(10.0, 20.0).unwrap();
        let bar = d.accept_bar(0.25);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let n = 200_000;
        let accepted = (0..n).filter(|_| d.sample(&mut rng) >= bar).count();
        let share = accepted as f64 / n as f64;
        assert!((share - 0.25).abs() < 4.0 * 0.00097, "accepted {share}");
    }

    #[test]
    fn accept_bar_limits_accept_all_or_nothing() {
        let d = Dist::exp(3.0).unwrap();
        assert_eq!(d.accept_bar(1.0), 0.0);
        assert_eq!(d.accept_bar(0.0), f64::INFINITY);
        assert_eq!(Dist::Const(4.0).accept_bar(0.5), 4.0);
    }

    #[test]
    fn parse_column_skips_a_header_and_blank_lines() {
        assert_eq!(parse_column("hours\n1.5\n\n2,x\n").unwrap(), vec![1.5, 2.0]);
        assert_eq!(
            parse_column("1\nfoo\n").unwrap_err(),
            (2, "foo".to_string())
        );
    }

    #[test]
    fn parameter_keys_are_those_of_the_families() {
        let mut listed = PARAMETER_KEYS.to_vec();
        let mut from_families: Vec<&str> = Family::ALL
            .iter()
            .flat_map(|f| f.parameters().iter().copied())
            .collect();
        listed.sort_unstable();
        from_families.sort_unstable();
        from_families.dedup();
        assert_eq!(listed, from_families);
    }

    #[test]
    fn a_shape_builds_its_distribution_and_reads_as_the_docs_write_it() {
        let shape = Shape::LogNormal {
            mean: 24.0,
            sd: 16.0,
        };
        let (family, values) = shape.parts();
        assert_eq!(Shape::of(family, &values), Some(shape));
        assert!(matches!(shape.build(), Ok(Dist::LogNormal { mean, .. }) if mean == 24.0));
        assert_eq!(shape.words(), "lognormal mean 24, sd 16");
        assert_eq!(Shape::Exp { mean: 1.0 / 6.0 }.words(), "exp mean 1/6");
        assert_eq!(Shape::Const(0.0).words(), "0");
        assert_eq!(Shape::of(Family::Empirical, &[]), None);
    }
}
