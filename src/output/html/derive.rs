//! The few numbers the page derives itself from the CSVs: quantiles of a metric over
//! trials (for box plots) and the crossover of a sweep. Everything else is shown as
//! the CSVs have it (mean activity shares are sums over trials divided by their
//! count, in the people section).

use crate::analysis::{crossing, Crossing};
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
    use Verdict::{Better, NoClearDifference as Unclear, Worse};

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
