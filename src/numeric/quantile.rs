//! Quantiles by linear interpolation between order statistics (type 7 of Hyndman and
//! Fan, the spreadsheet convention): position (n − 1)·p. One definition for every
//! percentile orgsim reports, within a trial and over trials.

/// The `p`-quantile (p in [0, 1]) of data sorted ascending; `NaN` when empty or when
/// `p` is outside [0, 1].
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = h - lo as f64;
    if frac == 0.0 {
        sorted[lo]
    } else {
        sorted[lo] + frac * (sorted[hi] - sorted[lo])
    }
}

/// The same quantile of data in any order, found by selection in O(n) instead of a
/// sort; reorders `data`. Equal to [`quantile_sorted`] of the sorted data.
pub fn quantile_select(data: &mut [f64], p: f64) -> f64 {
    let n = data.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let frac = h - lo as f64;
    let (_, &mut low, upper) = data.select_nth_unstable_by(lo, f64::total_cmp);
    if frac == 0.0 || upper.is_empty() {
        return low;
    }
    // The next order statistic is the least of what lies above the selected one.
    let high = upper.iter().copied().fold(f64::INFINITY, f64::min);
    low + frac * (high - low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let data = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&data, 0.5), 3.0);
        assert_eq!(quantile_sorted(&data, 0.9), 4.6);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
        assert!(quantile_sorted(&data, 1.5).is_nan());
    }

    #[test]
    fn selection_agrees_with_sorting() {
        let mut x: u64 = 99;
        let data: Vec<f64> = (0..1001)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect();
        let mut sorted = data.clone();
        sorted.sort_by(f64::total_cmp);
        for p in [0.0, 0.05, 0.5, 0.85, 0.9, 0.95, 0.99, 1.0] {
            let mut scratch = data.clone();
            assert_eq!(
                quantile_select(&mut scratch, p),
                quantile_sorted(&sorted, p),
                "p = {p}"
            );
        }
        assert!(quantile_select(&mut [], 0.5).is_nan());
    }
}
