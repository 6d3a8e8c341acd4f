//! Welford's online mean and variance.

use super::tdist::t_quantile;
use super::CONFIDENCE;

/// Count, mean and variance of a stream of values, updated in place in O(1) per value
/// with Welford's algorithm (numerically stable: no catastrophic cancellation of a
/// running sum of squares). `NaN` values are empty cells: they are skipped, not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value; `NaN` is skipped.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Folds another accumulator into this one (Chan et al.'s parallel update), as if
    /// its values had been pushed here.
    pub fn merge(&mut self, other: &Welford) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        self.mean += delta * other.n as f64 / n as f64;
        self.m2 += other.m2 + delta * delta * (self.n as f64 * other.n as f64 / n as f64);
        self.n = n;
    }

    /// Number of (non-`NaN`) values.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean, `NaN` when empty.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// Sample variance (n − 1 denominator), `NaN` with fewer than two values.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            // Rounding can leave m2 a hair below zero for constant data.
            (self.m2 / (self.n - 1) as f64).max(0.0)
        }
    }

    /// Sample standard deviation, `NaN` with fewer than two values.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Half-width of the 95% Student-t confidence interval of the mean:
    /// t(0.975, n − 1) · sd / √n. `NaN` with fewer than two values.
    pub fn ci95_half_width(&self) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let t = t_quantile(0.5 + CONFIDENCE / 2.0, (self.n - 1) as f64);
        t * self.sd() / (self.n as f64).sqrt()
    }

    /// The 95% confidence interval of the mean, `(NaN, NaN)` with fewer than two values.
    pub fn ci95(&self) -> (f64, f64) {
        let h = self.ci95_half_width();
        (self.mean() - h, self.mean() + h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use rand_distr::{Distribution, Normal};

    /// The textbook two-pass mean and variance, on values shifted by `offset` (an
    /// exact subtraction here) so that the reference itself keeps its digits.
    fn two_pass(xs: &[f64], offset: f64) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().map(|x| x - offset).sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - offset - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean + offset, var)
    }

    #[test]
    fn welford_matches_two_pass() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // A large offset is where a naive sum of squares loses its digits.
        let xs: Vec<f64> = (0..10_000)
            .map(|_| 1e9 + rng.random::<f64>() * 10.0)
            .collect();
        let mut w = Welford::new();
        xs.iter().for_each(|&x| w.push(x));
        let (mean, var) = two_pass(&xs, 1e9);
        assert_eq!(w.count(), 10_000);
        assert!(
            (w.mean() - mean).abs() < 1e-6 * 1e-6 * 1e9,
            "{} vs {}",
            w.mean(),
            mean
        );
        // The data's condition number (offset / sd ≈ 3e8) times machine epsilon bounds
        // what any single-pass method can keep: ~1e-8. A naive Σx² − n·mean² would lose
        // every digit here.
        assert!(
            (w.variance() - var).abs() / var < 1e-7,
            "{} vs {}",
            w.variance(),
            var
        );
    }

    #[test]
    fn nan_is_an_empty_cell_not_a_value() {
        let mut w = Welford::new();
        for x in [1.0, f64::NAN, 3.0] {
            w.push(x);
        }
        assert_eq!(w.count(), 2);
        assert_eq!(w.mean(), 2.0);
        assert_eq!(w.variance(), 2.0);
    }

    #[test]
    fn too_few_values_give_empty_statistics() {
        let mut w = Welford::new();
        assert!(w.mean().is_nan() && w.sd().is_nan() && w.ci95_half_width().is_nan());
        w.push(5.0);
        assert_eq!(w.mean(), 5.0);
        assert!(w.sd().is_nan() && w.ci95().0.is_nan());
    }

    #[test]
    fn constant_values_have_zero_width_interval() {
        let mut w = Welford::new();
        (0..50).for_each(|_| w.push(0.1));
        assert_eq!(w.sd(), 0.0);
        assert_eq!(w.ci95_half_width(), 0.0);
    }

    #[test]
    fn merge_equals_pushing_everything_into_one() {
        let xs: Vec<f64> = (0..101).map(|i| (i as f64).sin() * 7.0 + 3.0).collect();
        let (mut a, mut b, mut all) = (Welford::new(), Welford::new(), Welford::new());
        xs[..40].iter().for_each(|&x| a.push(x));
        xs[40..].iter().for_each(|&x| b.push(x));
        xs.iter().for_each(|&x| all.push(x));
        a.merge(&b);
        assert_eq!(a.count(), all.count());
        assert!((a.mean() - all.mean()).abs() < 1e-12);
        assert!((a.variance() - all.variance()).abs() < 1e-12);
    }

    /// For normal samples the 95% t interval covers the true mean in 95% of
    /// repetitions. With 2000 repetitions the covered count is Binomial(2000, 0.95):
    /// sd = √(2000 · 0.95 · 0.05) ≈ 9.7, so ±4 sd is ±39 around 1900.
    #[test]
    fn ci95_covers_the_true_mean_95_percent_of_the_time() {
        let mut rng = ChaCha8Rng::seed_from_u64(20240501);
        let normal = Normal::new(10.0, 3.0).unwrap();
        let reps = 2000;
        for n in [5usize, 30] {
            let covered = (0..reps)
                .filter(|_| {
                    let mut w = Welford::new();
                    (0..n).for_each(|_| w.push(normal.sample(&mut rng)));
                    let (lo, hi) = w.ci95();
                    lo <= 10.0 && 10.0 <= hi
                })
                .count() as f64;
            let expected = reps as f64 * 0.95;
            let tol = 4.0 * (reps as f64 * 0.95 * 0.05).sqrt();
            assert!(
                (covered - expected).abs() <= tol,
                "n = {n}: covered {covered} of {reps}, expected {expected} ± {tol:.0}"
            );
        }
    }
}
