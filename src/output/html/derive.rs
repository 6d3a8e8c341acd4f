//! The few numbers the page derives itself from the CSVs: quantiles of a metric over
//! trials (for box plots), mean activity shares per person, and the crossover of a
//! sweep. Everything else is shown as the CSVs have it.

use super::data::Verdict;
use crate::analysis::Crossing;
use crate::stats::quantile_sorted;

/// `[p5, p25, p50, p75, p95]` of `values` (any order, finite).
pub(super) fn five_numbers(values: &[f64]) -> [f64; 5] {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    [0.05, 0.25, 0.5, 0.75, 0.95].map(|p| quantile_sorted(&sorted, p))
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
/// A's verdict at point `i`; points without one (no paired value) are skipped. The
/// rule is [`crate::analysis::crossing`], the printed report's.
pub(super) fn crossover(verdicts: &[Verdict]) -> Option<(usize, Side)> {
    use crate::stats::Verdict as V;
    let verdicts: Vec<Option<V>> = verdicts
        .iter()
        .map(|v| match v {
            Verdict::Better => Some(V::Better),
            Verdict::Worse => Some(V::Worse),
            Verdict::Unclear => Some(V::NoClearDifference),
            Verdict::None => None,
        })
        .collect();
    match crate::analysis::crossing(&verdicts, 0, 1).crossing {
        Crossing::From { winner, from, .. } => Some((from, side(winner))),
        Crossing::Throughout { winner, .. } => {
            let first = verdicts.iter().position(Option::is_some)?;
            Some((first, side(winner)))
        }
        Crossing::None => None,
    }
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
    use Verdict::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert_eq!(quantile_sorted(&v, 0.25), 2.0);
        assert!((quantile_sorted(&v, 0.05) - 1.2).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.95) - 4.8).abs() < 1e-12);
        assert!(quantile_sorted(&[], 0.5).is_nan());
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
        assert_eq!(five_numbers(&[5.0, 1.0, 3.0, 2.0, 4.0])[2], 3.0);
    }

    #[test]
    fn the_crossover_is_the_first_point_of_the_last_run_of_wins() {
        assert_eq!(
            crossover(&[Unclear, Worse, Worse, Worse]),
            Some((1, Side::B))
        );
        // A win that is not kept to the end is not a crossover.
        assert_eq!(
            crossover(&[Better, Unclear, Worse, Worse]),
            Some((2, Side::B))
        );
        assert_eq!(crossover(&[Better, Better]), Some((0, Side::A)));
        assert_eq!(crossover(&[Better, Unclear]), Option::None);
        // A point without a paired value says nothing either way: it is skipped.
        assert_eq!(crossover(&[Worse, None]), Some((0, Side::B)));
        assert_eq!(crossover(&[Unclear, None, Worse]), Some((2, Side::B)));
        assert_eq!(crossover(&[None, None]), Option::None);
        assert_eq!(crossover(&[]), Option::None);
    }
}
