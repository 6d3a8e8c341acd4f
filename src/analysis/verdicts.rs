//! The verdict of one structure against another on one metric, as `compare.csv`, the
//! printed report and the crossovers give it (docs/model.md §14): the paired verdict
//! with the scenario's practical margin (`[compare] min_effect`), and no verdict on a
//! waiting time where either structure has not settled, since that time depends on
//! the run's length.

use super::settled::settled;
use crate::model::{Metric, Unit};
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use crate::vocabulary::named_enum;

named_enum! {
    /// Which structures of a pair have not settled; its name is how `compare.csv`
    /// writes it (an empty cell when both settled).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Unsettled {
        /// Structure A only.
        A => "a",
        /// Structure B only.
        B => "b",
        /// Both.
        Both => "both",
    }
}

impl Unsettled {
    /// Which of structures `a` and `b` have not settled; `None` when both have.
    pub fn of(stats: &PointStats, a: usize, b: usize) -> Option<Unsettled> {
        match (settled(stats, a), settled(stats, b)) {
            (true, true) => None,
            (false, true) => Some(Unsettled::A),
            (true, false) => Some(Unsettled::B),
            (false, false) => Some(Unsettled::Both),
        }
    }
}

/// A against B on one metric, with what the verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// The verdict; `None` for a metric with no better direction, or when no trial
    /// has a value of both.
    pub verdict: Option<Verdict>,
    /// The practical margin m = min_effect × |mean of B|; `NaN` without a verdict.
    pub margin: f64,
    /// Which of the two have not settled.
    pub unsettled: Option<Unsettled>,
}

/// Whether `metric` is a waiting time, whose level a structure that does not settle
/// owes to the run's length: every metric in hours (its name ends in `_h`).
pub fn is_waiting_time(metric: Metric) -> bool {
    metric.unit() == Unit::Hours
}

/// Structure `a` against structure `b` (`a < b`, as [`PointStats::pair`] holds them)
/// on `metric` at `point`.
pub fn judge(
    point: &Scenario,
    stats: &PointStats,
    a: usize,
    b: usize,
    metric: Metric,
) -> Judgement {
    let pair = stats.pair(a, b, metric);
    let min_effect = point.compare.min_effect.of(metric);
    let unsettled = Unsettled::of(stats, a, b);
    let verdict = pair.verdict(min_effect).map(|verdict| {
        if unsettled.is_some() && is_waiting_time(metric) {
            Verdict::NoClearDifference
        } else {
            verdict
        }
    });
    let margin = if verdict.is_some() {
        pair.margin(min_effect)
    } else {
        f64::NAN
    };
    Judgement {
        verdict,
        margin,
        unsettled,
    }
}

/// Structure `k`'s verdict against structure `j` on `metric`, in either order of the
/// two (`k ≠ j`): the verdict of [`judge`], turned around when `k` is listed after `j`.
pub fn verdict_between(
    point: &Scenario,
    stats: &PointStats,
    k: usize,
    j: usize,
    metric: Metric,
) -> Option<Verdict> {
    if k < j {
        judge(point, stats, k, j, metric).verdict
    } else {
        judge(point, stats, j, k, metric)
            .verdict
            .map(Verdict::reversed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::thresholds;
    use crate::model::{TrialMetrics, TrialResult};
    use crate::output::tests::point;
    use crate::scenario::MinEffect;

    /// Structure k's trial t: latency 10 + k + noise, throughput 100 + k/10 + noise
    /// (a 0.1% gap), queues growing for `unsettled` structures.
    fn trial(k: usize, t: u32, unsettled: &[usize]) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        let noise = f64::from(t % 3);
        metrics.set(Metric::DecisionLatencyMeanH, 10.0 + k as f64 + noise);
        metrics.set(Metric::ThroughputPerWeek, 100.0 + k as f64 / 10.0 + noise);
        let growth = if unsettled.contains(&k) { 1.0 } else { 0.0 };
        metrics.set(Metric::QueueGrowthMax, growth);
        TrialResult::synthetic(metrics, vec![])
    }

    fn stats(p: &Scenario, unsettled: &[usize]) -> PointStats {
        let mut stats = PointStats::with_thresholds(thresholds(p));
        for t in 0..p.run.trials {
            let results: Vec<_> = (0..p.structures.len())
                .map(|k| trial(k, t, unsettled))
                .collect();
            stats.add_trial(&results);
        }
        stats
    }

    #[test]
    fn a_gap_below_the_margin_is_equivalent_and_a_larger_one_a_verdict() {
        let mut p = point("v", &[], 12, 2);
        let st = stats(&p, &[]);
        // Throughput 0.1% apart, every trial: far below the 2% margin.
        let j = judge(&p, &st, 0, 1, Metric::ThroughputPerWeek);
        assert_eq!(j.verdict, Some(Verdict::Equivalent));
        assert_eq!(j.unsettled, None);
        // m = 0.02 × 101.1 (B's mean throughput: 100.1 + mean noise 1).
        assert!((j.margin - 0.02 * 101.1).abs() < 1e-9, "{}", j.margin);
        // Latency 1 h apart on 12 h: 8% > 2%, s0 lower, so better.
        let j = judge(&p, &st, 0, 1, Metric::DecisionLatencyMeanH);
        assert_eq!(j.verdict, Some(Verdict::Better));
        assert_eq!(
            verdict_between(&p, &st, 1, 0, Metric::DecisionLatencyMeanH),
            Some(Verdict::Worse)
        );
        // With a margin of 10% on that metric alone, 1 h on 12 h is equivalent.
        p.compare.min_effect = MinEffect {
            default: 0.02,
            by_metric: vec![(Metric::DecisionLatencyMeanH, 0.1)],
        };
        let j = judge(&p, &st, 0, 1, Metric::DecisionLatencyMeanH);
        assert_eq!(j.verdict, Some(Verdict::Equivalent));
        // Requests arrived have no better direction: no verdict, no margin.
        let j = judge(&p, &st, 0, 1, Metric::RequestsArrived);
        assert_eq!(j.verdict, None);
        assert!(j.margin.is_nan());
    }

    #[test]
    fn a_waiting_time_gets_no_verdict_where_either_side_has_not_settled() {
        let p = point("v", &[], 12, 3);
        let st = stats(&p, &[1]);
        let j = judge(&p, &st, 0, 1, Metric::DecisionLatencyMeanH);
        assert_eq!(j.verdict, Some(Verdict::NoClearDifference));
        assert_eq!(j.unsettled, Some(Unsettled::B));
        let j = judge(&p, &st, 1, 2, Metric::DecisionLatencyMeanH);
        assert_eq!(
            (j.verdict, j.unsettled),
            (Some(Verdict::NoClearDifference), Some(Unsettled::A))
        );
        // Both settled: the verdict stands.
        let j = judge(&p, &st, 0, 2, Metric::DecisionLatencyMeanH);
        assert_eq!((j.verdict, j.unsettled), (Some(Verdict::Better), None));
        // Throughput is no waiting time: its verdict stands (equivalent here).
        let j = judge(&p, &st, 0, 1, Metric::ThroughputPerWeek);
        assert_eq!(j.verdict, Some(Verdict::Equivalent));
        let st = stats(&p, &[0, 1]);
        assert_eq!(Unsettled::of(&st, 0, 1), Some(Unsettled::Both));
    }
}
