//! The few numbers the page derives itself from the CSVs: quantiles of a metric over
//! trials (for box plots), the crossover of a sweep, and which structures the cost
//! frontier shows dominated. Everything else is shown as the CSVs have it (mean
//! activity shares are sums over trials divided by their count, in the people
//! section).

use super::data::PointData;
use crate::analysis::{crossing, Crossing, FRONTIER_OUTCOMES, PRIMARY_OUTCOMES};
use crate::model::Metric;
use crate::stats::{Reservoir, Verdict};

/// `[p5, p25, p50, p75, p95]` of the values a reservoir holds.
pub(super) fn five_numbers(values: &Reservoir) -> [f64; 5] {
    values.quantiles([0.05, 0.25, 0.5, 0.75, 0.95])
}

/// Which structure of a pair wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Structure A (listed first in `compare.csv`).
    A,
    /// Structure B.
    B,
}

/// The crossover of A against B along a sweep: the first point from which one of the
/// two is `better` at every later comparable point, and which one. `verdicts[i]` is
/// A's verdict at point `i`; points without one (no paired value, or a metric with no
/// better direction) are skipped. The rule is [`crossing`], the printed report's.
pub(super) fn crossover(verdicts: &[Option<Verdict>]) -> Option<(usize, Side)> {
    match crossing(verdicts, 0, 1).crossing {
        Crossing::From { winner, from, .. } => Some((from, side(winner))),
        Crossing::Throughout { winner, .. } => {
            let first = verdicts.iter().position(Option::is_some)?;
            Some((first, side(winner)))
        }
        Crossing::None => None,
    }
}

/// The first of `candidates` that some structure of the point has values of
/// (throughput when none has): the rules of [`crate::analysis`] on the folder's data.
fn first_observed(candidates: &[Metric], point: &PointData, structures: usize) -> Metric {
    candidates
        .iter()
        .copied()
        .find(|&m| point.observed(m, structures))
        .unwrap_or(Metric::ThroughputPerWeek)
}

/// The primary outcome of a point, by the rule `primary_rank` of `summary.csv` is
/// ranked on (docs/model.md §14, [`PRIMARY_OUTCOMES`]).
pub(super) fn primary(point: &PointData, structures: usize) -> Metric {
    first_observed(&PRIMARY_OUTCOMES, point, structures)
}

/// The outcome the cost frontier is drawn on ([`FRONTIER_OUTCOMES`]): value delivered,
/// never net of the cost it is drawn against.
pub(super) fn frontier_outcome(point: &PointData, structures: usize) -> Metric {
    first_observed(&FRONTIER_OUTCOMES, point, structures)
}

/// Structure `a`'s verdict against `b` on `metric`, from the row of the pair in
/// either order (`compare.csv` has each pair once).
pub(super) fn verdict_between(
    point: &PointData,
    a: usize,
    b: usize,
    metric: Metric,
) -> Option<Verdict> {
    if let Some(c) = point.compare(a, b, metric) {
        return c.verdict;
    }
    let reversed = |v: Verdict| match v {
        Verdict::Better => Verdict::Worse,
        Verdict::Worse => Verdict::Better,
        same => same,
    };
    point
        .compare(b, a, metric)
        .and_then(|c| c.verdict)
        .map(reversed)
}

/// Whether cost `a` is no more than cost `b`: costs within 1e-9 of each other
/// (relative) are equal, as values near a threshold are (docs/model.md §13).
fn no_more(a: f64, b: f64) -> bool {
    a <= b || (a - b) <= 1e-9 * a.abs().max(b.abs())
}

/// Per structure, the structure that dominates it on the cost frontier, if any: one
/// that costs no more, and against which it is `worse` on the primary outcome, or
/// `equivalent` while costing more. Two structures that cost the same and are
/// equivalent are interchangeable: neither dominates the other. Among several, the
/// cheapest is named (the first listed on ties). `costs[k]` is `None` where a
/// structure's cost is unknown: it neither dominates nor is dominated. `verdict(s, t)`
/// is s's verdict against t.
pub(super) fn dominated_by(
    costs: &[Option<f64>],
    verdict: impl Fn(usize, usize) -> Option<Verdict>,
) -> Vec<Option<usize>> {
    (0..costs.len())
        .map(|s| {
            let cost = costs[s]?;
            (0..costs.len())
                .filter(|&t| t != s)
                .filter_map(|t| costs[t].map(|c| (t, c)))
                .filter(|&(t, c)| {
                    no_more(c, cost)
                        && match verdict(s, t) {
                            Some(Verdict::Worse) => true,
                            Some(Verdict::Equivalent) => !no_more(cost, c),
                            _ => false,
                        }
                })
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(t, _)| t)
        })
        .collect()
}

fn side(winner: usize) -> Side {
    if winner == 0 {
        Side::A
    } else {
        Side::B
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::{Better, Equivalent, NoClearDifference as Unclear, Worse};

    /// Dominance among structures of these costs, with `verdicts[s][t]` s against t.
    fn dominance(costs: &[Option<f64>], verdicts: &[&[Option<Verdict>]]) -> Vec<Option<usize>> {
        dominated_by(costs, |s, t| verdicts[s][t])
    }

    #[test]
    fn a_structure_that_costs_more_and_delivers_no_more_is_dominated() {
        let (better, worse, same, unclear) =
            (Some(Better), Some(Worse), Some(Equivalent), Some(Unclear));
        // b costs more and is worse than a; c costs more and is equivalent to a.
        let costs = [Some(100.0), Some(120.0), Some(150.0)];
        let v: [&[Option<Verdict>]; 3] = [
            &[None, better, same],
            &[worse, None, unclear],
            &[same, unclear, None],
        ];
        assert_eq!(dominance(&costs, &v), [None, Some(0), Some(0)]);
        // Costing more and delivering clearly more, or no clear difference: not
        // dominated.
        let v: [&[Option<Verdict>]; 3] = [
            &[None, worse, unclear],
            &[better, None, unclear],
            &[unclear, unclear, None],
        ];
        assert_eq!(dominance(&costs, &v), [None, None, None]);
    }

    #[test]
    fn equal_costs_dominate_only_a_worse_structure() {
        let (better, worse, same) = (Some(Better), Some(Worse), Some(Equivalent));
        // Within 1e-9 relative, costs are the same.
        let costs = [Some(1e6), Some(1e6 * (1.0 + 1e-12))];
        assert_eq!(
            dominance(&costs, &[&[None, same], &[same, None]]),
            [None, None]
        );
        assert_eq!(
            dominance(&costs, &[&[None, better], &[worse, None]]),
            [None, Some(0)]
        );
        // An unknown cost takes no part.
        let costs = [None, Some(1.0)];
        assert_eq!(
            dominance(&costs, &[&[None, better], &[worse, None]]),
            [None, None]
        );
    }

    #[test]
    fn box_plot_numbers_are_the_quantiles_of_the_values() {
        let mut r = Reservoir::default();
        for v in [5.0, 1.0, 3.0, 2.0, 4.0] {
            r.push(v);
        }
        let q = five_numbers(&r);
        assert_eq!(q[1..4], [2.0, 3.0, 4.0]);
        assert!(
            (q[0] - 1.2).abs() < 1e-12 && (q[4] - 4.8).abs() < 1e-12,
            "got {q:?}"
        );
        assert!(five_numbers(&Reservoir::default())[2].is_nan());
    }

    #[test]
    fn the_crossover_is_the_first_point_of_the_last_run_of_wins() {
        let (better, worse, unclear) = (Some(Better), Some(Worse), Some(Unclear));
        assert_eq!(
            crossover(&[unclear, worse, worse, worse]),
            Some((1, Side::B))
        );
        // A win that is not kept to the end is not a crossover.
        assert_eq!(
            crossover(&[better, unclear, worse, worse]),
            Some((2, Side::B))
        );
        assert_eq!(crossover(&[better, better]), Some((0, Side::A)));
        assert_eq!(crossover(&[better, unclear]), None);
        // A point without a paired value says nothing either way: it is skipped.
        assert_eq!(crossover(&[worse, None]), Some((0, Side::B)));
        assert_eq!(crossover(&[unclear, None, worse]), Some((2, Side::B)));
        assert_eq!(crossover(&[None, None]), None);
        assert_eq!(crossover(&[]), None);
    }
}
