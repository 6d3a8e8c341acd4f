//! Paired differences between two structures.

use super::online::Welford;
use crate::vocabulary::named_enum;

named_enum! {
    /// How structure A compares with structure B on one metric, at 95% confidence;
    /// its name is how `compare.csv` spells it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Verdict {
        /// The 95% interval of A − B lies entirely on the better side of 0.
        Better => "better",
        /// The 95% interval of A − B lies entirely on the worse side of 0.
        Worse => "worse",
        /// The whole interval lies within (−m, m), or is exactly [0, 0]: any
        /// difference is too small to matter.
        Equivalent => "equivalent",
        /// The interval contains 0, or there are fewer than two paired trials.
        NoClearDifference => "no clear difference",
    }
}

/// The paired difference A − B of one metric between two structures over trials.
///
/// Trial i of both structures saw the same random work (common random numbers), so
/// the per-trial difference cancels the noise the two share and its interval is much
/// tighter than that of two independent means. Only trials in which both structures
/// have a value (neither cell empty) count; `mean_a` and `mean_b` are taken over those
/// same trials, so `diff_mean = mean_a − mean_b`.
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
        self.diff.push(a - b);
        self.a_wins_twice += match self.higher_is_better {
            Some(higher) if a == b || higher == (a > b) => 1 + u64::from(a != b),
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

    /// Share of paired trials in which A is better than B, ties counting half;
    /// `NaN` for a metric with no better direction or with no trials.
    pub fn a_better_share(&self) -> f64 {
        if self.higher_is_better.is_none() || self.count() == 0 {
            f64::NAN
        } else {
            self.a_wins_twice as f64 / (2 * self.count()) as f64
        }
    }

    /// A against B at 95%; `None` for a metric with no better direction, or when no
    /// trial had a value of both.
    pub fn verdict(&self) -> Option<Verdict> {
        if self.count() == 0 {
            // Nothing was compared: no verdict at all, not "no clear difference".
            return None;
        }
        let higher = self.higher_is_better?;
        let (lo, hi) = self.diff.ci95();
        // With fewer than two trials the interval is NaN and both tests fail.
        let a_higher = lo > 0.0;
        let a_lower = hi < 0.0;
        Some(if !(a_higher || a_lower) {
            Verdict::NoClearDifference
        } else if a_higher == higher {
            Verdict::Better
        } else {
            Verdict::Worse
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
        assert_eq!(p.verdict(), Some(Verdict::Better));
        assert!(p.a_better_share() > 0.6);
        assert!(p.relative_change() < 0.0);
    }

    #[test]
    fn a_clearly_lower_throughput_is_worse() {
        let p = paired(Some(true), -1.0, 2);
        assert_eq!(p.verdict(), Some(Verdict::Worse));
        assert!(p.a_better_share() < 0.4);
    }

    /// The shared noise (sd 20) would hide an effect of 1 between independent means;
    /// pairing removes it.
    #[test]
    fn pairing_removes_the_shared_noise() {
        let p = paired(Some(true), 1.0, 3);
        assert!(p.diff().sd() < 2.0, "sd of differences {}", p.diff().sd());
        assert_eq!(p.verdict(), Some(Verdict::Better));
    }

    #[test]
    fn identical_structures_show_no_clear_difference_about_95_percent_of_the_time() {
        let clear = (0..400)
            .filter(|&seed| {
                paired(Some(true), 0.0, seed).verdict() != Some(Verdict::NoClearDifference)
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

    #[test]
    fn identical_values_are_no_clear_difference() {
        let mut p = PairedDiff::new(Some(false));
        (0..10).for_each(|i| p.push(i as f64, i as f64));
        assert_eq!(p.verdict(), Some(Verdict::NoClearDifference));
        assert_eq!(p.a_better_share(), 0.5);
        assert_eq!(p.relative_change(), 0.0);
    }

    #[test]
    fn a_constant_gap_is_a_verdict() {
        let mut p = PairedDiff::new(Some(false));
        (0..3).for_each(|_| p.push(3.0, 4.0));
        assert_eq!(p.verdict(), Some(Verdict::Better));
        assert_eq!(p.relative_change(), -0.25);
    }

    #[test]
    fn metrics_without_direction_have_no_verdict_or_share() {
        let mut p = PairedDiff::new(None);
        (0..10).for_each(|i| p.push(i as f64 + 1.0, i as f64));
        assert_eq!(p.verdict(), None);
        assert!(p.a_better_share().is_nan());
        assert_eq!(p.diff().mean(), 1.0);
    }

    #[test]
    fn one_trial_is_no_clear_difference() {
        let mut p = PairedDiff::new(Some(true));
        p.push(10.0, 1.0);
        assert_eq!(p.verdict(), Some(Verdict::NoClearDifference));
    }
}
