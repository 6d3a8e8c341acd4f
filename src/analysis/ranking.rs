//! What is best, in one line (docs/model.md §14): the primary outcome of a point, the
//! structures' ranks on it, and which structures the cost frontier (value delivered
//! against people cost) leaves behind.
//!
//! The rules take the verdicts through a lookup, `verdict(k, j)` = structure k's
//! verdict against structure j, so that the printed report (from the statistics) and
//! the page (from `compare.csv`) apply the same rule to the same verdicts.

use super::verdicts::verdict_between;
use crate::model::Metric;
use crate::numeric::approx_cmp;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use std::cmp::Ordering;

/// The candidates for the primary outcome, first choice first: net value where
/// `[costs] value` prices the value delivered, else the value delivered, else items
/// done.
pub const PRIMARY_OUTCOMES: [Metric; 3] = [
    Metric::NetValuePerWeek,
    Metric::ValuePerWeek,
    Metric::ThroughputPerWeek,
];

/// The outcomes the cost frontier sets against the people cost, first choice first:
/// the value delivered, else items done. Never net value, which has the cost taken off
/// already: a dearer structure that delivers more is not dominated for its cost twice.
pub const FRONTIER_OUTCOMES: [Metric; 2] = [Metric::ValuePerWeek, Metric::ThroughputPerWeek];

/// The first of `candidates` that some structure of the point has values of
/// (throughput when none has).
fn first_observed(candidates: &[Metric], stats: &PointStats) -> Metric {
    candidates
        .iter()
        .copied()
        .find(|&metric| {
            (0..stats.structures()).any(|k| stats.summary(k, metric).moments.count() > 0)
        })
        .unwrap_or(Metric::ThroughputPerWeek)
}

/// The primary outcome of a point: the first of [`PRIMARY_OUTCOMES`] that some
/// structure has values of.
pub fn primary_outcome(stats: &PointStats) -> Metric {
    first_observed(&PRIMARY_OUTCOMES, stats)
}

/// The outcome the cost frontier of a point is drawn on: the first of
/// [`FRONTIER_OUTCOMES`] that some structure has values of.
pub fn frontier_outcome(stats: &PointStats) -> Metric {
    first_observed(&FRONTIER_OUTCOMES, stats)
}

/// Each structure's rank among `structures`: 1 + the number of others `better` than
/// it. Structures equivalent to each other, or with no clear difference, are not
/// better than each other, so they can share a rank.
pub fn ranks(structures: usize, verdict: impl Fn(usize, usize) -> Option<Verdict>) -> Vec<usize> {
    (0..structures)
        .map(|k| {
            let better = (0..structures)
                .filter(|&j| j != k && verdict(j, k) == Some(Verdict::Better))
                .count();
            1 + better
        })
        .collect()
}

/// The ranks of every structure of `point` on its [`primary_outcome`].
pub fn primary_ranks(point: &Scenario, stats: &PointStats) -> Vec<usize> {
    let metric = primary_outcome(stats);
    ranks(stats.structures(), |k, j| {
        verdict_between(point, stats, k, j, metric)
    })
}

/// For each structure, the one that dominates it on cost and outcome, if any: another
/// that costs no more and against which it is `worse`, or that costs less and against
/// which it is `equivalent`. Two structures of the same cost with equivalent outcomes
/// are the same point of the frontier: neither leaves the other behind. Among several,
/// the cheapest is named (the first listed on a tie). All `None` unless every
/// structure has a cost. Costs are compared within rounding
/// ([`approx_cmp`]).
pub fn dominated(
    costs: &[Option<f64>],
    verdict: impl Fn(usize, usize) -> Option<Verdict>,
) -> Vec<Option<usize>> {
    let Some(costs) = costs.iter().copied().collect::<Option<Vec<f64>>>() else {
        return vec![None; costs.len()];
    };
    (0..costs.len())
        .map(|k| {
            (0..costs.len())
                .filter(|&j| j != k)
                .filter(|&j| {
                    matches!(
                        (approx_cmp(costs[j], costs[k]), verdict(k, j)),
                        (
                            Some(Ordering::Less),
                            Some(Verdict::Worse | Verdict::Equivalent)
                        ) | (Some(Ordering::Equal), Some(Verdict::Worse))
                    )
                })
                .min_by(|&x, &y| costs[x].total_cmp(&costs[y]))
        })
        .collect()
}

/// [`dominated`] for the structures of `point`, on its [`frontier_outcome`] and their
/// yearly people cost; all `None` without `[costs]`.
pub fn frontier_dominated(point: &Scenario, stats: &PointStats) -> Vec<Option<usize>> {
    let metric = frontier_outcome(stats);
    let costs: Vec<Option<f64>> = point
        .structures
        .iter()
        .map(|s| s.people_cost_per_year())
        .collect();
    dominated(&costs, |k, j| verdict_between(point, stats, k, j, metric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::{Better, Equivalent, NoClearDifference as Unclear, Worse};

    /// A verdict lookup from a table: `table[k][j]` is k's verdict against j.
    fn lookup<'t>(
        table: &'t [&'t [Option<Verdict>]],
    ) -> impl Fn(usize, usize) -> Option<Verdict> + 't {
        move |k, j| table[k][j]
    }

    #[test]
    fn a_rank_is_one_plus_the_structures_better_than_it() {
        // a better than c; b equivalent to a and unclear against c.
        let table: &[&[Option<Verdict>]] = &[
            &[None, Some(Equivalent), Some(Better)],
            &[Some(Equivalent), None, Some(Unclear)],
            &[Some(Worse), Some(Unclear), None],
        ];
        assert_eq!(ranks(3, lookup(table)), [1, 1, 2]);
        // A strict order.
        let table: &[&[Option<Verdict>]] = &[
            &[None, Some(Worse), Some(Worse)],
            &[Some(Better), None, Some(Better)],
            &[Some(Better), Some(Worse), None],
        ];
        assert_eq!(ranks(3, lookup(table)), [3, 1, 2]);
    }

    #[test]
    fn what_costs_no_less_and_delivers_no_more_is_dominated() {
        // a and b equivalent, b cheaper: a is dominated by b. c is worse than a but the
        // cheapest: not dominated. d costs as much as a and is worse than it.
        let table: &[&[Option<Verdict>]] = &[
            &[None, Some(Equivalent), Some(Better), Some(Better)],
            &[Some(Equivalent), None, Some(Better), Some(Better)],
            &[Some(Worse), Some(Worse), None, Some(Unclear)],
            &[Some(Worse), Some(Worse), Some(Unclear), None],
        ];
        let costs = [Some(10.0), Some(8.0), Some(5.0), Some(10.0)];
        assert_eq!(
            dominated(&costs, lookup(table)),
            [Some(1), None, None, Some(1)]
        );
        // Without every cost, nothing is said.
        let costs = [Some(10.0), None, Some(5.0), Some(10.0)];
        assert_eq!(dominated(&costs, lookup(table)), [None; 4]);
    }

    #[test]
    fn twins_of_equal_cost_do_not_dominate_each_other() {
        let table: &[&[Option<Verdict>]] = &[&[None, Some(Equivalent)], &[Some(Equivalent), None]];
        let costs = [Some(1e6), Some(1e6 * (1.0 + 1e-12))];
        assert_eq!(dominated(&costs, lookup(table)), [None, None]);
    }
}
