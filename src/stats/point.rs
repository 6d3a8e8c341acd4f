//! Every statistic of one scenario point: per structure and metric, per pair of
//! structures and metric, how often each structure crossed given thresholds, and the
//! weekly series of its first trials.

use super::{PairedDiff, Reservoir, Welford};
use crate::model::{Metric, TrialResult, WeekStats};
use crate::numeric::approx_cmp;
use std::cmp::Ordering;

/// Trials whose weekly series are kept for the warm-up check
/// ([`crate::analysis::warmup`]): the first five locate the transient, the others
/// confirm it.
pub const WEEKLY_TRIALS: u64 = 20;

/// A bound on one metric that a trial may cross: the statistical core of a warning
/// sign, without its words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The metric compared.
    pub metric: Metric,
    /// The bound.
    pub bound: f64,
    /// Crossed when the value is above the bound; `false`: when below it.
    pub above: bool,
}

impl Threshold {
    /// Whether `x` crosses the bound (strictly, and a value within rounding of the
    /// bound is equal to it: [`approx_cmp`]); `None` for `NaN`, a trial that did not
    /// observe the metric, which never counts as crossing.
    pub fn crossed(&self, x: f64) -> Option<bool> {
        let crossing = if self.above {
            Ordering::Greater
        } else {
            Ordering::Less
        };
        approx_cmp(x, self.bound).map(|order| order == crossing)
    }
}

/// How often one structure's trials crossed a [`Threshold`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exceedance {
    threshold: Threshold,
    trials: u64,
    crossed: u64,
}

impl Exceedance {
    fn new(threshold: Threshold) -> Self {
        Exceedance {
            threshold,
            trials: 0,
            crossed: 0,
        }
    }

    /// The threshold checked.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// Trials checked, those without a value included.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Trials in which the threshold was crossed.
    pub fn crossed(&self) -> u64 {
        self.crossed
    }

    /// Share of all trials in which the threshold was crossed; `NaN` with no trial.
    pub fn share(&self) -> f64 {
        if self.trials == 0 {
            f64::NAN
        } else {
            self.crossed as f64 / self.trials as f64
        }
    }
}

/// Statistics of one metric of one structure over trials: what a `summary.csv` row
/// shows.
#[derive(Debug, Clone, Default)]
pub struct MetricSummary {
    /// Count, mean, sd and confidence interval.
    pub moments: Welford,
    /// Percentiles.
    pub reservoir: Reservoir,
}

impl MetricSummary {
    /// Adds one trial's value; `NaN` is skipped.
    pub fn push(&mut self, x: f64) {
        self.moments.push(x);
        self.reservoir.push(x);
    }

    /// The 5th, 50th and 95th percentiles over trials.
    pub fn p5_p50_p95(&self) -> [f64; 3] {
        self.reservoir.quantiles([0.05, 0.5, 0.95])
    }
}

/// The statistics of one scenario point, folded in one trial at a time.
///
/// Memory is fixed by the number of structures and weeks: s × 33 summaries,
/// s(s − 1)/2 × 33 paired differences, s lists of threshold checks and s weekly
/// series, whatever the number of trials.
#[derive(Debug, Clone)]
pub struct PointStats {
    structures: usize,
    trials: u64,
    /// Indexed by structure × `Metric::COUNT` + metric.
    summaries: Vec<MetricSummary>,
    /// Indexed by pair × `Metric::COUNT` + metric, pairs in [`PointStats::pairs`] order.
    pairs: Vec<PairedDiff>,
    /// Per structure, the thresholds checked in every trial, in the caller's order.
    checks: Vec<Vec<Option<Exceedance>>>,
    /// Per structure, the weekly series of each of the first [`WEEKLY_TRIALS`] trials.
    weekly: Vec<Vec<Vec<WeekStats>>>,
}

impl PointStats {
    /// Empty statistics for a point with `structures` structures.
    pub fn new(structures: usize) -> Self {
        let n_pairs = structures * structures.saturating_sub(1) / 2;
        let pairs = (0..n_pairs)
            .flat_map(|_| Metric::ALL.map(|m| PairedDiff::new(m.higher_is_better())))
            .collect();
        PointStats {
            structures,
            trials: 0,
            summaries: vec![MetricSummary::default(); structures * Metric::COUNT],
            pairs,
            checks: vec![Vec::new(); structures],
            weekly: vec![Vec::new(); structures],
        }
    }

    /// Empty statistics that also count, per structure k, how often each threshold of
    /// `thresholds[k]` is crossed (`None`: a check that does not apply to k, kept so
    /// that index i means the same check for every structure).
    pub fn with_thresholds(thresholds: Vec<Vec<Option<Threshold>>>) -> Self {
        let mut stats = PointStats::new(thresholds.len());
        stats.checks = thresholds
            .into_iter()
            .map(|list| list.into_iter().map(|t| t.map(Exceedance::new)).collect())
            .collect();
        stats
    }

    /// Folds in one trial: `results[k]` is structure k's result of that trial.
    ///
    /// # Panics
    /// If `results` does not hold one result per structure (a bug in the caller).
    pub fn add_trial(&mut self, results: &[TrialResult]) {
        assert_eq!(results.len(), self.structures, "one result per structure");
        let weekly = self.trials < WEEKLY_TRIALS;
        self.trials += 1;
        for (k, r) in results.iter().enumerate() {
            let row = &mut self.summaries[k * Metric::COUNT..(k + 1) * Metric::COUNT];
            for (acc, &x) in row.iter_mut().zip(r.metrics.0.iter()) {
                acc.push(x);
            }
            for check in self.checks[k].iter_mut().flatten() {
                check.trials += 1;
                let x = r.metrics.get(check.threshold.metric);
                check.crossed += u64::from(check.threshold.crossed(x) == Some(true));
            }
            if weekly {
                self.weekly[k].push(r.weekly.clone());
            }
        }
        for (p, (a, b)) in Self::pair_list(self.structures).enumerate() {
            let (ma, mb) = (&results[a].metrics.0, &results[b].metrics.0);
            let row = &mut self.pairs[p * Metric::COUNT..(p + 1) * Metric::COUNT];
            for (i, acc) in row.iter_mut().enumerate() {
                acc.push(ma[i], mb[i]);
            }
        }
    }

    /// Number of structures.
    pub fn structures(&self) -> usize {
        self.structures
    }

    /// Trials folded in.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// The statistics of `metric` for structure `structure`.
    pub fn summary(&self, structure: usize, metric: Metric) -> &MetricSummary {
        &self.summaries[structure * Metric::COUNT + metric.index()]
    }

    /// Check `i` of structure `structure` (see [`PointStats::with_thresholds`]);
    /// `None` where it does not apply or was never given.
    pub fn exceedance(&self, structure: usize, i: usize) -> Option<&Exceedance> {
        self.checks.get(structure)?.get(i)?.as_ref()
    }

    /// The weekly series (from time 0, warm-up included) of structure `structure` in
    /// each of the first [`WEEKLY_TRIALS`] trials, in trial order.
    pub fn weekly(&self, structure: usize) -> &[Vec<WeekStats>] {
        &self.weekly[structure]
    }

    /// Every ordered pair (a, b) with a listed before b: (0, 1), (0, 2) … (1, 2) ….
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> {
        Self::pair_list(self.structures)
    }

    fn pair_list(s: usize) -> impl Iterator<Item = (usize, usize)> {
        (0..s).flat_map(move |a| (a + 1..s).map(move |b| (a, b)))
    }

    /// The paired difference `a − b` of `metric`.
    ///
    /// # Panics
    /// Unless `a < b < structures`.
    pub fn pair(&self, a: usize, b: usize, metric: Metric) -> &PairedDiff {
        assert!(
            a < b && b < self.structures,
            "pair ({a}, {b}) out of order or range"
        );
        let s = self.structures;
        // Pairs before row a: (s−1) + (s−2) + … + (s−a).
        let index = a * (2 * s - a - 1) / 2 + (b - a - 1);
        &self.pairs[index * Metric::COUNT + metric.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TrialMetrics;

    fn result(latency: f64) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        metrics.set(Metric::DecisionLatencyMeanH, latency);
        let week = WeekStats {
            done: 2,
            answered: 4,
            latency_sum: latency * 4.0,
        };
        TrialResult::synthetic(metrics, vec![week; 3])
    }

    #[test]
    fn pairs_are_indexed_in_listing_order() {
        let mut stats = PointStats::new(4);
        assert_eq!(
            stats.pairs().collect::<Vec<_>>(),
            [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        );
        for t in 0..5 {
            let t = t as f64;
            stats.add_trial(&[
                result(t),
                result(t + 10.0),
                result(t + 20.0),
                result(t + 30.0),
            ]);
        }
        for (a, b) in stats.pairs().collect::<Vec<_>>() {
            let d = stats.pair(a, b, Metric::DecisionLatencyMeanH);
            assert_eq!(d.diff().mean(), -10.0 * (b - a) as f64, "pair ({a}, {b})");
            assert_eq!(d.count(), 5);
        }
        assert_eq!(
            stats
                .summary(2, Metric::DecisionLatencyMeanH)
                .moments
                .mean(),
            22.0
        );
        assert_eq!(
            stats.summary(2, Metric::ThroughputPerWeek).moments.count(),
            0
        );
        assert_eq!(stats.trials(), 5);
    }

    #[test]
    fn thresholds_count_crossings_and_nan_never_crosses() {
        let above = Threshold {
            metric: Metric::DecisionLatencyMeanH,
            bound: 2.0,
            above: true,
        };
        let below = Threshold {
            above: false,
            ..above
        };
        let mut stats =
            PointStats::with_thresholds(vec![vec![Some(above), None], vec![Some(below)]]);
        for x in [1.0, 2.0, 3.0, f64::NAN] {
            stats.add_trial(&[result(x), result(x)]);
        }
        let up = stats.exceedance(0, 0).unwrap();
        assert_eq!((up.trials(), up.crossed(), up.share()), (4, 1, 0.25));
        assert!(stats.exceedance(0, 1).is_none());
        assert_eq!(stats.exceedance(1, 0).unwrap().crossed(), 1);
        assert!(stats.exceedance(1, 1).is_none());
        assert!(PointStats::new(1).exceedance(0, 0).is_none());
    }

    #[test]
    fn a_value_within_rounding_of_the_bound_does_not_cross_it() {
        let at_most_one = Threshold {
            metric: Metric::ProductUtilMax,
            bound: 1.0,
            above: true,
        };
        assert_eq!(at_most_one.crossed(1.0000000000000002), Some(false));
        assert_eq!(at_most_one.crossed(1.001), Some(true));
        let at_least = Threshold {
            bound: 0.15,
            above: false,
            ..at_most_one
        };
        assert_eq!(at_least.crossed(0.1 + 0.05), Some(false));
        assert_eq!(at_least.crossed(0.14), Some(true));
    }

    #[test]
    fn weekly_series_of_the_first_trials_are_kept() {
        let mut stats = PointStats::new(1);
        for t in 0..25 {
            stats.add_trial(&[result(f64::from(t))]);
        }
        assert_eq!(stats.weekly(0).len(), WEEKLY_TRIALS as usize);
        assert_eq!(stats.weekly(0)[3][0].latency_sum, 12.0);
    }

    #[test]
    fn one_structure_has_no_pairs() {
        let mut stats = PointStats::new(1);
        stats.add_trial(&[result(1.0)]);
        assert_eq!(stats.pairs().count(), 0);
    }
}
