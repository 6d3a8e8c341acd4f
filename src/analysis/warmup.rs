//! The warm-up check: is `warmup_weeks` long enough for the start-up transient?
//!
//! Every trial starts empty. For each structure of a point, two weekly series from
//! time 0 (warm-up included) are read: items done per week, and the mean decision
//! latency of the questions answered in the week.
//!
//! 1. **Locate.** MSER-5 ([`mser5`]) on the series averaged over the first
//!    [`LOCATE_TRIALS`] trials (Hoad, Robinson and Davies 2010 found MSER-5 reliable
//!    on the mean of five replications) gives a truncation point d, a multiple of 5
//!    weeks.
//! 2. **Confirm.** When d is later than `warmup_weeks`, the next trials, up to
//!    [`WEEKLY_TRIALS`](crate::stats::WEEKLY_TRIALS) in all, test it: in each, the
//!    mean over the weeks MSER-5 would drop beyond the warm-up, `[warmup_weeks, d)`,
//!    minus the mean over the weeks it keeps, `[d, end)`. Those differences are
//!    independent of each other and of the trials that chose d; the cut stands when
//!    their 99% Student-t interval excludes 0.
//!
//! The confirmation is there because MSER-5 alone truncates a steady series now and
//! then (about 4 times in 10 on white noise, see the tests of [`mser5`]): its statistic
//! is scale-free, so averaging more trials does not cure that, and a report that cries
//! wolf is not read. It uses other trials than the ones that chose d, since the chosen
//! stretch is by construction the one that looks most different in those. And 99%
//! rather than 95%, because a run makes many checks (two series, every structure and
//! point): at most 1% × 40% of them give a false note. A genuine transient, or a queue
//! that grows without bound, differs from the kept weeks in every trial and passes
//! easily. With fewer than `LOCATE_TRIALS + 2` trials nothing is confirmed, nothing
//! reported.

use crate::model::WeekStats;
use crate::scenario::Scenario;
use crate::stats::{mser5, t_quantile, PointStats, Truncation, Welford};
use crate::vocabulary::named_enum;

/// Trials whose mean series MSER-5 reads; the trials after them confirm.
pub const LOCATE_TRIALS: usize = 5;

/// Two-sided confidence of the confirmation.
pub const CONFIRM_CONFIDENCE: f64 = 0.99;

named_enum! {
    /// A weekly series the warm-up check reads; its name is how the report words it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Series {
        /// Items done per week.
        Throughput => "weekly throughput",
        /// Mean decision latency of the week's answered questions.
        DecisionLatency => "weekly decision latency",
    }
}

impl Series {
    /// The series' value over weeks `weeks` of one trial: items done per week, or the
    /// pooled mean latency (`NaN` without an answered question).
    fn over(self, trial: &[WeekStats], weeks: std::ops::Range<usize>) -> f64 {
        let span = &trial[weeks.start.min(trial.len())..weeks.end.min(trial.len())];
        match self {
            Series::Throughput => {
                let done: f64 = span.iter().map(|w| f64::from(w.done)).sum();
                done / span.len() as f64
            }
            Series::DecisionLatency => {
                let answered: u32 = span.iter().map(|w| w.answered).sum();
                let sum: f64 = span.iter().map(|w| w.latency_sum).sum();
                if answered == 0 {
                    f64::NAN
                } else {
                    sum / f64::from(answered)
                }
            }
        }
    }

    /// The series week by week, over `trials` together.
    fn mean_series(self, trials: &[Vec<WeekStats>]) -> Vec<f64> {
        let weeks = trials.iter().map(Vec::len).min().unwrap_or(0);
        (0..weeks)
            .map(|w| match self {
                Series::Throughput => {
                    let done: f64 = trials.iter().map(|t| f64::from(t[w].done)).sum();
                    done / trials.len() as f64
                }
                Series::DecisionLatency => {
                    let answered: u32 = trials.iter().map(|t| t[w].answered).sum();
                    let sum: f64 = trials.iter().map(|t| t[w].latency_sum).sum();
                    if answered == 0 {
                        f64::NAN
                    } else {
                        sum / f64::from(answered)
                    }
                }
            })
            .collect()
    }
}

/// A confirmed suggestion of a longer warm-up for one series of one structure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarmupNote {
    /// The structure.
    pub structure: usize,
    /// The series.
    pub series: Series,
    /// What MSER-5 found; `truncation.observations` is in weeks.
    pub truncation: Truncation,
}

impl WarmupNote {
    /// Weeks of warm-up MSER-5 suggests.
    pub fn weeks(&self) -> usize {
        self.truncation.observations
    }

    /// Whether the series had not settled by the end of the searched range (half the
    /// simulated weeks): its level still drifts, as when a queue grows without bound.
    pub fn unsettled(&self) -> bool {
        self.truncation.at_limit()
    }
}

/// The notes for one point: every (structure, series) for which MSER-5 suggests a
/// truncation later than `warmup_weeks` and the trials confirm it. A series with a
/// week in which no question was answered in any of the trials is not checked.
pub fn check(point: &Scenario, stats: &PointStats) -> Vec<WarmupNote> {
    let warmup = point.run.warmup_weeks as usize;
    let mut notes = Vec::new();
    for structure in 0..stats.structures() {
        let trials = stats.weekly(structure);
        if trials.len() < LOCATE_TRIALS + 2 {
            continue;
        }
        let (locate, confirm) = trials.split_at(LOCATE_TRIALS);
        for series in Series::ALL {
            let Some(truncation) = mser5(&series.mean_series(locate)) else {
                continue;
            };
            let cut = truncation.observations;
            if cut <= warmup {
                continue;
            }
            let weeks = trials.iter().map(Vec::len).min().unwrap_or(0);
            let mut diff = Welford::new();
            for t in confirm {
                diff.push(series.over(t, warmup..cut) - series.over(t, cut..weeks));
            }
            if diff.count() < 2 {
                continue;
            }
            let t = t_quantile(0.5 + CONFIRM_CONFIDENCE / 2.0, (diff.count() - 1) as f64);
            let half = t * diff.sd() / (diff.count() as f64).sqrt();
            if diff.mean().abs() > half {
                notes.push(WarmupNote {
                    structure,
                    series,
                    truncation,
                });
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TrialMetrics, TrialResult};
    use crate::output::tests::point;

    /// A trial whose weekly throughput is `level` plus a transient and a wobble that
    /// differs from trial to trial.
    fn trial(t: u32, weeks: usize, transient: impl Fn(usize) -> u32) -> TrialResult {
        let weekly = (0..weeks)
            .map(|w| WeekStats {
                done: 20 + transient(w) + (w as u32 * 7 + t * 3) % 5,
                answered: 10,
                latency_sum: 10.0 + f64::from((w as u32 * 3 + t) % 4),
            })
            .collect();
        TrialResult::synthetic(TrialMetrics::default(), weekly)
    }

    fn stats_of(transient: impl Fn(usize) -> u32 + Copy) -> PointStats {
        let mut stats = PointStats::new(1);
        for t in 0..20 {
            stats.add_trial(&[trial(t, 60, transient)]);
        }
        stats
    }

    #[test]
    fn a_transient_longer_than_the_warm_up_is_reported() {
        let mut p = point("w", &[], 10, 1);
        p.run.warmup_weeks = 4;
        // Throughput 30 higher for the first 15 weeks.
        let stats = stats_of(|w| if w < 15 { 30 } else { 0 });
        let notes = check(&p, &stats);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].series, Series::Throughput);
        assert_eq!(notes[0].weeks(), 15);
        assert!(!notes[0].unsettled());
        // A warm-up that covers it: no note.
        p.run.warmup_weeks = 15;
        assert!(check(&p, &stats).is_empty());
    }

    #[test]
    fn a_steady_series_gives_no_note() {
        let mut p = point("w", &[], 10, 1);
        p.run.warmup_weeks = 0;
        assert!(check(&p, &stats_of(|_| 0)).is_empty());
    }

    #[test]
    fn too_few_trials_confirm_nothing() {
        let mut p = point("w", &[], 6, 1);
        p.run.warmup_weeks = 0;
        let mut stats = PointStats::new(1);
        for t in 0..6 {
            stats.add_trial(&[trial(t, 60, |w| if w < 15 { 30 } else { 0 })]);
        }
        assert!(check(&p, &stats).is_empty());
    }

    #[test]
    fn a_series_that_keeps_growing_is_unsettled() {
        let mut p = point("w", &[], 10, 1);
        p.run.warmup_weeks = 4;
        let stats = stats_of(|w| 3 * w as u32);
        let notes = check(&p, &stats);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].unsettled());
        assert_eq!(notes[0].weeks(), 30);
    }
}
