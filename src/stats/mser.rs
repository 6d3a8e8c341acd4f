//! MSER-5: where the start-up transient of a simulated series ends.
//!
//! A trial starts empty (no queues, nobody busy), so its first weeks are not typical
//! of what follows. MSER (the Marginal Standard Error Rule, White 1997) picks the
//! truncation point d that minimises the standard error of the mean of what is kept,
//!
//! ```text
//! MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (m − d)²
//! ```
//!
//! over the batch means Z_1 … Z_m of the series (MSER-5: batches of 5 observations),
//! Z̄_d being the mean of the batches after d. Dropping a transient shrinks the sum
//! faster than the divisor; dropping steady-state data does not pay. d is searched over
//! the first half of the batches only: near the end MSER(d) rests on so few batches
//! that its minimum is noise.
//!
//! This module knows nothing of weeks or metrics: a series is a slice of numbers.

/// Observations per batch: the 5 of MSER-5.
pub const MSER_BATCH: usize = 5;

/// The truncation point MSER-5 found for one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Truncation {
    /// Leading observations to discard: a multiple of [`MSER_BATCH`].
    pub observations: usize,
    /// The largest truncation searched (in observations): half the batches.
    pub limit: usize,
    /// The minimum of the MSER statistic.
    pub statistic: f64,
}

impl Truncation {
    /// Whether the minimum sits at the end of the searched range: the series has not
    /// settled within the first half of the run (a queue that grows without bound, a
    /// run too short for its transient), so MSER cannot say where it ends.
    pub fn at_limit(&self) -> bool {
        self.observations > 0 && self.observations == self.limit
    }
}

/// MSER-5 of `series`: `None` when it holds a non-finite value or fewer than two full
/// batches (nothing to compare). Observations after the last full batch are ignored.
/// Ties go to the earliest truncation. O(n).
pub fn mser5(series: &[f64]) -> Option<Truncation> {
    if series.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let m = series.len() / MSER_BATCH;
    if m < 2 {
        return None;
    }
    let batches: Vec<f64> = series
        .chunks_exact(MSER_BATCH)
        .map(|b| b.iter().sum::<f64>() / MSER_BATCH as f64)
        .collect();
    let limit = m / 2;
    // Welford's update over the batches from the last one backwards gives the sum of
    // squared deviations of every suffix in one pass, without cancellation.
    let (mut n, mut mean, mut m2) = (0.0, 0.0, 0.0);
    let mut stat = vec![f64::NAN; limit + 1];
    for d in (0..m).rev() {
        n += 1.0;
        let delta = batches[d] - mean;
        mean += delta / n;
        m2 += delta * (batches[d] - mean);
        if d <= limit {
            stat[d] = m2.max(0.0) / (n * n);
        }
    }
    let mut best = 0;
    for d in 1..=limit {
        if stat[d] < stat[best] {
            best = d;
        }
    }
    Some(Truncation {
        observations: best * MSER_BATCH,
        limit: limit * MSER_BATCH,
        statistic: stat[best],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use rand_distr::{Distribution, Normal};

    /// `n` observations of N(level, 1) noise from a fixed seed, plus `transient(t)`.
    fn series(n: usize, seed: u64, transient: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let noise = Normal::new(10.0, 1.0).expect("a valid normal");
        (0..n)
            .map(|t| noise.sample(&mut rng) + transient(t))
            .collect()
    }

    /// How often each truncation is chosen over 200 seeds of `n` observations.
    fn cuts(n: usize, transient: impl Fn(usize) -> f64) -> Vec<(usize, usize)> {
        let mut hist: Vec<(usize, usize)> = Vec::new();
        for seed in 0..200 {
            let cut = mser5(&series(n, seed, &transient))
                .expect("enough data")
                .observations;
            match hist.iter_mut().find(|(c, _)| *c == cut) {
                Some(h) => h.1 += 1,
                None => hist.push((cut, 1)),
            }
        }
        hist.sort_unstable();
        hist
    }

    /// The truncation chosen most often.
    fn mode(hist: &[(usize, usize)]) -> usize {
        hist.iter().max_by_key(|h| h.1).map_or(0, |h| h.0)
    }

    #[test]
    fn a_step_transient_is_never_kept_and_mostly_cut_where_it_ends() {
        // 20 observations 8 sd above the level, then steady.
        let hist = cuts(100, |t| if t < 20 { 8.0 } else { 0.0 });
        assert!(hist[0].0 >= 20, "some cut keeps the transient: {hist:?}");
        assert_eq!(mode(&hist), 20, "{hist:?}");
        // MSER over-truncates a steady stretch now and then (the noise of the sum of
        // squares outweighs the gain of one more batch), but most cuts are exact.
        assert!(hist[0].1 >= 100, "{hist:?}");
    }

    #[test]
    fn a_decaying_transient_is_cut_once_it_is_below_the_noise() {
        // 20·e^(−t/4): 2.9 at t = 8, 0.47 at t = 15; batch means have sd 1/√5 ≈ 0.45,
        // so the cut lands where the transient sinks below that.
        let hist = cuts(100, |t| 20.0 * (-(t as f64) / 4.0).exp());
        assert!(hist[0].0 >= 10, "{hist:?}");
        assert_eq!(mode(&hist), 15, "{hist:?}");
    }

    #[test]
    fn a_steady_series_is_mostly_kept_whole() {
        let hist = cuts(100, |_| 0.0);
        assert_eq!(mode(&hist), 0, "{hist:?}");
        // About 60% are kept whole (a Monte Carlo property of MSER-5 on white noise);
        // the rest is why the warm-up check confirms a cut before reporting it.
        assert!(hist[0].1 >= 100, "{hist:?}");
    }

    #[test]
    fn a_series_that_never_settles_hits_the_limit() {
        let y: Vec<f64> = (0..60).map(|t| t as f64).collect();
        let cut = mser5(&y).unwrap();
        assert_eq!(cut.limit, 30);
        assert_eq!(cut.observations, 30);
        assert!(cut.at_limit());
    }

    #[test]
    fn a_constant_series_is_kept_whole() {
        let cut = mser5(&[3.0; 40]).unwrap();
        assert_eq!(cut.observations, 0);
        assert_eq!(cut.statistic, 0.0);
        assert!(!cut.at_limit());
    }

    #[test]
    fn short_or_broken_series_have_no_answer() {
        assert_eq!(mser5(&[1.0; 9]), None);
        assert_eq!(mser5(&[]), None);
        let mut y = vec![1.0; 20];
        y[3] = f64::NAN;
        assert_eq!(mser5(&y), None);
        // A partial last batch is ignored.
        assert_eq!(mser5(&[1.0; 14]).unwrap().limit, 5);
    }
}
