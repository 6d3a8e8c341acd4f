//! Paired differences between two structures, and the verdict on them.

use super::online::Welford;
use crate::numeric::{approx_cmp, approx_diff, approx_eq};
use crate::vocabulary::named_enum;
use std::cmp::Ordering;

named_enum! {
    /// How structure A compares with structure B on one metric, paired, at 95%
    /// confidence and with a practical margin m (docs/model.md §14); its name is how
    /// `compare.csv` spells it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Verdict {
        /// The 95% interval of A − B lies on A's better side of 0, and the mean
        /// difference is at least m.
        Better => "better",
        /// The interval lies on A's worse side of 0, and the mean difference is at
        /// least m.
        Worse => "worse",
        /// The whole interval lies within (−m, m), or is exactly [0, 0]: any
        /// difference is too small to matter.
        Equivalent => "equivalent",
        /// Neither: the interval reaches past the margin but also to 0 or beyond, or
        /// fewer than two trials are paired.
        NoClearDifference => "no clear difference",
    }
}

impl Verdict {
    /// B's verdict against A, from A's against B.
    pub fn reversed(self) -> Verdict {
        match self {
            Verdict::Better => Verdict::Worse,
            Verdict::Worse => Verdict::Better,
            same => same,
        }
    }

    /// Whether one side wins: `better` or `worse`.
    pub fn is_decided(self) -> bool {
        matches!(self, Verdict::Better | Verdict::Worse)
    }
}

/// The paired difference A − B of one metric between two structures over trials.
///
/// Trial i of both structures saw the same random work (common random numbers), so
/// the per-trial difference cancels the noise the two share and its interval is much
/// tighter than that of two independent means. Only trials in which both structures
/// have a value (neither cell empty) count; `mean_a` and `mean_b` are taken over those
/// same trials. A per-trial difference within rounding
/// ([`approx_diff`](crate::numeric::approx_diff)) is exactly 0, so that the same trial
/// computed twice differs by nothing and `diff_mean` is `mean_a − mean_b` up to
/// rounding.
#[derive(Debug, Clone, Default)]
pub struct PairedDiff {
    higher_is_better: Option<bool>,
    a: Welford,
    b: Welford,
    diff: Welford,
    /// Twice the number of trials A won, plus ties: halves kept exact as integers.
    a_wins_twice: u64,
}

impl PairedDiff {
    /// An empty accumulator for a metric whose better direction is
    /// `higher_is_better` (`None`: neither direction is better).
    pub fn new(higher_is_better: Option<bool>) -> Self {
        PairedDiff {
            higher_is_better,
            ..Self::default()
        }
    }

    /// Adds one trial's values of A and B; skipped if either is `NaN`. O(1).
    pub fn push(&mut self, a: f64, b: f64) {
        if a.is_nan() || b.is_nan() {
            return;
        }
        self.a.push(a);
        self.b.push(b);
        self.diff.push(approx_diff(a, b));
        let tie = approx_eq(a, b);
        self.a_wins_twice += match self.higher_is_better {
            Some(higher) if tie || higher == (a > b) => 1 + u64::from(!tie),
            _ => 0,
        };
    }

    /// Paired trials counted.
    pub fn count(&self) -> u64 {
        self.diff.count()
    }

    /// Mean of A over the paired trials.
    pub fn mean_a(&self) -> f64 {
        self.a.mean()
    }

    /// Mean of B over the paired trials.
    pub fn mean_b(&self) -> f64 {
        self.b.mean()
    }

    /// The per-trial differences A − B.
    pub fn diff(&self) -> &Welford {
        &self.diff
    }

    /// Mean difference relative to B's mean, `diff_mean / |mean_b|` (its sign is the
    /// sign of the difference); `NaN` when B's mean is 0 or there are no trials.
    pub fn relative_change(&self) -> f64 {
        let b = self.b.mean();
        if b == 0.0 {
            f64::NAN
        } else {
            self.diff.mean() / b.abs()
        }
    }

    /// Share of paired trials in which A is better than B, ties (within rounding)
    /// counting half; `NaN` for a metric with no better direction or with no trials.
    pub fn a_better_share(&self) -> f64 {
        if self.higher_is_better.is_none() || self.count() == 0 {
            f64::NAN
        } else {
            self.a_wins_twice as f64 / (2 * self.count()) as f64
        }
    }

    /// The practical margin m = `min_effect` × |mean of B|: the smallest difference
    /// that counts. `NaN` when no trial is paired.
    pub fn margin(&self, min_effect: f64) -> f64 {
        min_effect * self.b.mean().abs()
    }

    /// A against B at 95% with the margin of `min_effect` ([`PairedDiff::margin`]):
    /// `better`/`worse` when the interval of A − B lies on one side of 0 and the mean
    /// difference is at least m, `equivalent` when the interval lies within (−m, m),
    /// `no clear difference` otherwise (and with fewer than two paired trials).
    /// `None` for a metric with no better direction, or when no trial had a value of
    /// both. Bounds are compared within rounding: an end equal to ±m is not inside.
    pub fn verdict(&self, min_effect: f64) -> Option<Verdict> {
        if self.count() == 0 {
            // Nothing was compared: no verdict at all, not "no clear difference".
            return None;
        }
        let higher = self.higher_is_better?;
        let m = self.margin(min_effect);
        let (lo, hi) = self.diff.ci95();
        // With fewer than two trials the interval is NaN and every test below fails.
        let a_higher = lo > 0.0;
        let a_lower = hi < 0.0;
        let large = approx_cmp(self.diff.mean().abs(), m).is_some_and(Ordering::is_ge);
        let inside = approx_cmp(lo, -m) == Some(Ordering::Greater)
            && approx_cmp(hi, m) == Some(Ordering::Less);
        Some(if (a_higher || a_lower) && large {
            if a_higher == higher {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        } else if inside {
            Verdict::Equivalent
        } else {
            Verdict::NoClearDifference
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use rand_distr::{Distribution, Normal};

    /// Trials with shared noise and an extra `effect` on A.
    fn paired(higher: Option<bool>, effect: f64, seed: u64) -> PairedDiff {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let shared = Normal::new(100.0, 20.0).unwrap();
        let own = Normal::new(0.0, 1.0).unwrap();
        let mut p = PairedDiff::new(higher);
        for _ in 0..200 {
            let common = shared.sample(&mut rng);
            p.push(
                common + effect + own.sample(&mut rng),
                common + own.sample(&mut rng),
            );
        }
        p
    }

    #[test]
    fn a_clearly_lower_latency_is_better() {
        let p = paired(Some(false), -1.0, 1);
        assert_eq!(p.verdict(0.0), Some(Verdict::Better));
        assert!(p.a_better_share() > 0.6);
        assert!(p.relative_change() < 0.0);
    }

    #[test]
    fn a_clearly_lower_throughput_is_worse() {
        let p = paired(Some(true), -1.0, 2);
        assert_eq!(p.verdict(0.0), Some(Verdict::Worse));
        assert!(p.a_better_share() < 0.4);
    }

    /// The margin is 2% of B's mean (100) = 2, the effect 1: clearly there, and too
    /// small to matter. The interval of the mean difference is about 1 ± 0.2, inside
    /// (−2, 2).
    #[test]
    fn a_clear_gap_smaller_than_the_margin_is_equivalent() {
        let p = paired(Some(true), 1.0, 3);
        assert_eq!(p.verdict(0.0), Some(Verdict::Better));
        assert_eq!(p.verdict(0.02), Some(Verdict::Equivalent));
        // A margin between the mean difference and the interval's upper end: the
        // difference may or may not reach it, so neither a verdict nor equivalence.
        let (_, hi) = p.diff().ci95();
        let straddling = (p.diff().mean() + hi) / 2.0 / p.mean_b();
        assert_eq!(p.verdict(straddling), Some(Verdict::NoClearDifference));
        // A margin of exactly the mean difference is reached.
        let reached = p.diff().mean() / p.mean_b();
        assert_eq!(p.verdict(reached), Some(Verdict::Better));
    }

    #[test]
    fn rounding_noise_is_no_difference() {
        let mut p = PairedDiff::new(Some(false));
        (0..5).for_each(|_| p.push(1.0000000000000002, 1.0));
        assert_eq!(p.diff().mean(), 0.0);
        assert_eq!(p.a_better_share(), 0.5);
        // A difference of 0 with a margin of 0: not inside (−0, 0), not a verdict.
        assert_eq!(p.verdict(0.0), Some(Verdict::NoClearDifference));
        assert_eq!(p.verdict(0.02), Some(Verdict::Equivalent));
    }

    #[test]
    fn a_mean_difference_equal_to_the_margin_counts() {
        // B = 50, A = 51 in every trial: m = 0.02 × 50 = 1 = the difference.
        let mut p = PairedDiff::new(Some(true));
        (0..4).for_each(|_| p.push(51.0, 50.0));
        assert_eq!(p.verdict(0.02), Some(Verdict::Better));
        assert_eq!(Verdict::Better.reversed(), Verdict::Worse);
        assert_eq!(Verdict::Equivalent.reversed(), Verdict::Equivalent);
    }

    /// The shared noise (sd 20) would hide an effect of 1 between independent means;
    /// pairing removes it.
    #[test]
    fn pairing_removes_the_shared_noise() {
        let p = paired(Some(true), 1.0, 3);
        assert!(p.diff().sd() < 2.0, "sd of differences {}", p.diff().sd());
        assert_eq!(p.verdict(0.0), Some(Verdict::Better));
    }

    #[test]
    fn identical_structures_show_no_clear_difference_about_95_percent_of_the_time() {
        let clear = (0..400)
            .filter(|&seed| {
                paired(Some(true), 0.0, seed).verdict(0.0) != Some(Verdict::NoClearDifference)
            })
            .count();
        // Binomial(400, 0.05): mean 20, sd 4.4; allow 4 sd.
        assert!(clear <= 38, "{clear} of 400 false verdicts");
    }

    #[test]
    fn ties_count_half_and_empty_cells_are_skipped() {
        let mut p = PairedDiff::new(Some(true));
        p.push(2.0, 1.0); // A wins
        p.push(1.0, 1.0); // tie
        p.push(1.0, 2.0); // B wins
        p.push(f64::NAN, 5.0);
        p.push(5.0, f64::NAN);
        assert_eq!(p.count(), 3);
        assert_eq!(p.a_better_share(), 0.5);
        assert_eq!(p.mean_a() - p.mean_b(), p.diff().mean());
    }

    /// Equivalent means inside (−m, m), which is empty when m is 0: identical values
    /// are equivalent under a margin, and of no clear difference without one (or when
    /// B's mean is 0, as for a count both structures leave at 0).
    #[test]
    fn identical_values_are_equivalent_under_a_margin_only() {
        let mut p = PairedDiff::new(Some(false));
        (0..10).for_each(|i| p.push(i as f64, i as f64));
        assert_eq!(p.verdict(0.0), Some(Verdict::NoClearDifference));
        assert_eq!(p.verdict(0.02), Some(Verdict::Equivalent));
        let mut zeros = PairedDiff::new(Some(false));
        (0..10).for_each(|_| zeros.push(0.0, 0.0));
        assert_eq!(zeros.verdict(0.02), Some(Verdict::NoClearDifference));
        assert_eq!(p.a_better_share(), 0.5);
        assert_eq!(p.relative_change(), 0.0);
    }

    #[test]
    fn a_constant_gap_is_a_verdict() {
        let mut p = PairedDiff::new(Some(false));
        (0..3).for_each(|_| p.push(3.0, 4.0));
        assert_eq!(p.verdict(0.02), Some(Verdict::Better));
        // A gap of a quarter is below a margin of 30% of B's mean: too small to count.
        assert_eq!(p.verdict(0.3), Some(Verdict::Equivalent));
        assert_eq!(p.margin(0.25), 1.0);
        assert_eq!(p.relative_change(), -0.25);
    }

    #[test]
    fn metrics_without_direction_have_no_verdict_or_share() {
        let mut p = PairedDiff::new(None);
        (0..10).for_each(|i| p.push(i as f64 + 1.0, i as f64));
        assert_eq!(p.verdict(0.0), None);
        assert!(p.a_better_share().is_nan());
        assert_eq!(p.diff().mean(), 1.0);
    }

    #[test]
    fn one_trial_is_no_clear_difference() {
        let mut p = PairedDiff::new(Some(true));
        p.push(10.0, 1.0);
        assert_eq!(p.verdict(0.0), Some(Verdict::NoClearDifference));
    }
}
