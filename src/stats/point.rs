//! Every statistic of one scenario point: per structure and metric, and per pair of
//! structures and metric.

use super::{PairedDiff, Reservoir, Welford};
use crate::model::{Metric, TrialResult};

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
/// Memory is fixed by the number of structures: s × 33 summaries and
/// s(s − 1)/2 × 33 paired differences, whatever the number of trials.
#[derive(Debug, Clone)]
pub struct PointStats {
    structures: usize,
    trials: u64,
    /// Indexed by structure × `Metric::COUNT` + metric.
    summaries: Vec<MetricSummary>,
    /// Indexed by pair × `Metric::COUNT` + metric, pairs in [`PointStats::pairs`] order.
    pairs: Vec<PairedDiff>,
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
        }
    }

    /// Folds in one trial: `results[k]` is structure k's result of that trial.
    ///
    /// # Panics
    /// If `results` does not hold one result per structure (a bug in the caller).
    pub fn add_trial(&mut self, results: &[TrialResult]) {
        assert_eq!(results.len(), self.structures, "one result per structure");
        self.trials += 1;
        for (k, r) in results.iter().enumerate() {
            let row = &mut self.summaries[k * Metric::COUNT..(k + 1) * Metric::COUNT];
            for (acc, &x) in row.iter_mut().zip(r.metrics.0.iter()) {
                acc.push(x);
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
    use crate::model::{Ledger, TrialMetrics};

    fn result(latency: f64) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        metrics.set(Metric::DecisionLatencyMeanH, latency);
        TrialResult {
            metrics,
            people: vec![],
            groups: vec![],
            ledger: Ledger::default(),
        }
    }

    #[test]
    fn pairs_are_indexed_in_listing_order() {
        let mut st = PointStats::new(4);
        assert_eq!(
            st.pairs().collect::<Vec<_>>(),
            [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        );
        for t in 0..5 {
            let t = t as f64;
            st.add_trial(&[
                result(t),
                result(t + 10.0),
                result(t + 20.0),
                result(t + 30.0),
            ]);
        }
        for (a, b) in st.pairs().collect::<Vec<_>>() {
            let d = st.pair(a, b, Metric::DecisionLatencyMeanH);
            assert_eq!(d.diff().mean(), -10.0 * (b - a) as f64, "pair ({a}, {b})");
            assert_eq!(d.count(), 5);
        }
        assert_eq!(
            st.summary(2, Metric::DecisionLatencyMeanH).moments.mean(),
            22.0
        );
        assert_eq!(st.summary(2, Metric::ThroughputPerWeek).moments.count(), 0);
        assert_eq!(st.trials(), 5);
    }

    #[test]
    fn one_structure_has_no_pairs() {
        let mut st = PointStats::new(1);
        st.add_trial(&[result(1.0)]);
        assert_eq!(st.pairs().count(), 0);
    }
}
