//! The back-test: simulates the calibrated scenario under the structure the team has
//! and sets the simulated lead times, cycle times and throughput beside the observed
//! ones. Each simulated trial is a history as long as the real one, so the spread of
//! a metric over trials is what one real history could show: an observed value
//! outside the trials' 5th to 95th percentiles is one the model does not reproduce.

use super::error::CalibrateError;
use super::evidence::Observed;
use super::writer::num;
use crate::batch::{run_batch, BatchOptions, TrialSink};
use crate::model::{Metric, TrialResult};
use crate::numeric::quantile_sorted;
use crate::scenario::Scenario;
use std::fmt::Write;

/// Where an observed value falls against the simulated histories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the simulated 5th to 95th percentiles.
    Reproduced,
    /// Below them: the model gives more than the history had.
    Below,
    /// Above them: the model gives less than the history had.
    Above,
    /// The model does not report this figure.
    NotSimulated,
    /// The history has no observation (no item done).
    NotObserved,
}

/// The simulated spread of one metric over trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// 5th percentile over trials.
    pub low: f64,
    /// Median over trials.
    pub median: f64,
    /// 95th percentile over trials.
    pub high: f64,
}

/// One compared figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What it is, for people ("lead time p85").
    pub label: &'static str,
    /// Its unit ("h", "per week").
    pub unit: &'static str,
    /// The history's value.
    pub observed: f64,
    /// The simulated spread; `None` when the model does not report it.
    pub simulated: Option<Spread>,
    /// Where the observation falls.
    pub verdict: Verdict,
}

/// The result of a back-test.
#[derive(Debug, Clone, PartialEq)]
pub struct BackTest {
    /// The structure simulated.
    pub structure: String,
    /// Trials run.
    pub trials: u32,
    /// Measured weeks of each trial.
    pub weeks: u32,
    /// The compared figures.
    pub rows: Vec<Comparison>,
}

/// Figures compared: label, unit, the model's metric (if it has one), and the
/// observed value's source.
const FIGURES: [(&str, &str, Option<Metric>, Figure); 8] = [
    (
        "lead time p50",
        "h",
        Some(Metric::LeadTimeP50H),
        Figure::Lead(0.50),
    ),
    (
        "lead time p85",
        "h",
        Some(Metric::LeadTimeP85H),
        Figure::Lead(0.85),
    ),
    (
        "lead time p95",
        "h",
        Some(Metric::LeadTimeP95H),
        Figure::Lead(0.95),
    ),
    (
        "cycle time mean",
        "h",
        Some(Metric::CycleTimeMeanH),
        Figure::CycleMean,
    ),
    (
        "cycle time p50",
        "h",
        Some(Metric::CycleTimeP50H),
        Figure::Cycle(0.50),
    ),
    (
        "cycle time p85",
        "h",
        Some(Metric::CycleTimeP85H),
        Figure::Cycle(0.85),
    ),
    (
        "cycle time p95",
        "h",
        Some(Metric::CycleTimeP95H),
        Figure::Cycle(0.95),
    ),
    (
        "throughput",
        "per week",
        Some(Metric::ThroughputPerWeek),
        Figure::Throughput,
    ),
];

#[derive(Debug, Clone, Copy)]
enum Figure {
    Lead(f64),
    Cycle(f64),
    CycleMean,
    Throughput,
}

impl Figure {
    fn observed(self, o: &Observed) -> f64 {
        match self {
            Figure::Lead(p) => o.lead_time(p),
            Figure::Cycle(p) => o.cycle_time(p),
            Figure::CycleMean => o.cycle_time_mean(),
            Figure::Throughput => o.throughput_per_week,
        }
    }
}

/// Collects the compared metrics of every trial of one structure.
struct Collect {
    values: Vec<Vec<f64>>,
}

impl TrialSink for Collect {
    type Error = std::convert::Infallible;
    fn trial(
        &mut self,
        _point: usize,
        _trial: u32,
        results: &[TrialResult],
    ) -> Result<(), Self::Error> {
        for (values, (_, _, metric, _)) in self.values.iter_mut().zip(FIGURES) {
            if let Some(v) = metric
                .map(|m| results[0].metrics.get(m))
                .filter(|v| v.is_finite())
            {
                values.push(v);
            }
        }
        Ok(())
    }
}

/// Simulates structure `structure` of `scenario` for `trials` trials and compares.
pub fn back_test(
    scenario: &Scenario,
    structure: &str,
    observed: &Observed,
    trials: u32,
    threads: Option<usize>,
) -> Result<BackTest, CalibrateError> {
    let mut point = scenario.clone();
    point.structures.retain(|s| s.name == structure);
    if point.structures.is_empty() {
        return Err(CalibrateError::Internal(format!(
            "the calibrated scenario has no structure \"{structure}\""
        )));
    }
    point.run.trials = trials;
    // The back-test simulates the fitted values as written; the parameter sets of the
    // scenario's `[uncertainty]` are for comparing structures, not for reproducing one.
    point.uncertainty = None;
    let mut sink = Collect {
        values: vec![Vec::new(); FIGURES.len()],
    };
    let options = BatchOptions {
        threads,
        progress: false,
    };
    run_batch(std::slice::from_ref(&point), &options, &mut sink)
        .map_err(|e| CalibrateError::Internal(format!("the back-test could not run: {e}")))?;
    let rows = FIGURES
        .iter()
        .zip(&mut sink.values)
        .map(|(&(label, unit, metric, figure), values)| {
            values.sort_by(f64::total_cmp);
            let observed = figure.observed(observed);
            let simulated = (metric.is_some() && !values.is_empty()).then(|| Spread {
                low: quantile_sorted(values, 0.05),
                median: quantile_sorted(values, 0.5),
                high: quantile_sorted(values, 0.95),
            });
            let verdict = match simulated {
                _ if !observed.is_finite() => Verdict::NotObserved,
                None => Verdict::NotSimulated,
                Some(s) if observed < s.low => Verdict::Below,
                Some(s) if observed > s.high => Verdict::Above,
                Some(_) => Verdict::Reproduced,
            };
            Comparison {
                label,
                unit,
                observed,
                simulated,
                verdict,
            }
        })
        .collect();
    Ok(BackTest {
        structure: structure.to_string(),
        trials,
        weeks: point.run.weeks,
        rows,
    })
}

impl BackTest {
    /// The comparisons the model does not reproduce.
    pub fn misses(&self) -> impl Iterator<Item = &Comparison> {
        self.rows
            .iter()
            .filter(|r| matches!(r.verdict, Verdict::Below | Verdict::Above))
    }

    /// The side-by-side table and a plain sentence per figure the model misses.
    pub fn render(&self) -> String {
        let mut out = format!(
            "back-test: {} simulated histories of \"{}\", {} weeks each, against the history\n\n",
            self.trials, self.structure, self.weeks
        );
        let _ = writeln!(
            out,
            "{:<24} {:>10} {:>10} {:>21}  verdict",
            "figure", "observed", "simulated", "90% of histories"
        );
        for r in &self.rows {
            let label = format!("{} ({})", r.label, r.unit);
            let observed = if r.observed.is_finite() {
                num(r.observed)
            } else {
                "-".into()
            };
            let (median, range) = match r.simulated {
                Some(s) => (num(s.median), format!("{} to {}", num(s.low), num(s.high))),
                None => ("-".into(), "-".into()),
            };
            let verdict = match r.verdict {
                Verdict::Reproduced => "reproduced",
                Verdict::Below => "NOT reproduced: below",
                Verdict::Above => "NOT reproduced: above",
                Verdict::NotSimulated => "not simulated",
                Verdict::NotObserved => "no item done",
            };
            let _ = writeln!(
                out,
                "{label:<24} {observed:>10} {median:>10} {range:>21}  {verdict}"
            );
        }
        out.push('\n');
        let misses: Vec<&Comparison> = self.misses().collect();
        if misses.is_empty() {
            out.push_str("Every simulated figure holds the observed one within its 90% range.\n");
        } else {
            out.push_str("Where the model does not reproduce the history:\n");
        }
        for r in misses {
            let Some(s) = r.simulated else { continue };
            let (side, meaning) = match (r.verdict, r.label) {
                (Verdict::Below, "throughput") => {
                    ("below", "the model delivers more than the team did")
                }
                (Verdict::Above, "throughput") => {
                    ("above", "the model delivers less than the team did")
                }
                (Verdict::Below, _) => {
                    ("below", "the model's items take longer than the team's did")
                }
                _ => ("above", "the model's items are faster than the team's were"),
            };
            let _ = writeln!(
                out,
                "- {}: the history's {} {} is {side} 95% of simulated histories ({} to {}): {meaning}.",
                r.label,
                num(r.observed),
                r.unit,
                num(s.low),
                num(s.high)
            );
        }
        if self.rows.iter().any(|r| r.verdict == Verdict::NotSimulated) {
            out.push_str(
                "Cycle-time percentiles are observed only: the model reports the mean cycle time.\n",
            );
        }
        out
    }
}
