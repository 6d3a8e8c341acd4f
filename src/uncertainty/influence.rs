//! The influence of each parameter on a paired difference over the parameter sets: the
//! standardised rank regression coefficient (SRRC), with a bootstrap interval
//! (docs/model.md §17).
//!
//! The regression is written here rather than taken from a crate: it is ordinary least
//! squares on k standardised columns (k is a handful of parameters), a k × k system
//! solved by Gaussian elimination, and what matters is the transform around it (ranks,
//! ties, standardisation, the cases with no answer), which no linear-algebra crate
//! decides for us.

use crate::numeric::quantile_sorted;
use rand::Rng;

/// Resamples of the bootstrap: 1,000, the number Efron and Tibshirani (1993, §13.3)
/// give for percentile intervals, whose ends come from the 25th and 975th values.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// The ends of the percentile interval: 95%, as every interval orgsim reports.
const INTERVAL: [f64; 2] = [0.025, 0.975];

/// Ranks from 1 in ascending order, tied values sharing the mean of their ranks.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Ranks start..end (from 0) become the mean of start + 1 ..= end.
        let shared = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = shared;
        }
        start = end;
    }
    out
}

/// The rank regression of an outcome on the parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct RankFit {
    /// Per parameter, its SRRC: the change of the outcome's rank, in standard
    /// deviations, per standard deviation of the parameter's rank, the others held.
    pub coefficients: Vec<f64>,
    /// Share of the variance of the outcome's ranks that the fit explains: how far a
    /// monotone, additive reading of the parameters goes.
    pub r2: f64,
}

/// Rank regression of `outcome[i]` on `parameters[i]` (set i's values, one per
/// parameter): every column rank-transformed, standardised, and regressed by least
/// squares. `None` when it has no answer: fewer sets than parameters + 2, an outcome or
/// a parameter that does not vary, or parameters that move together exactly.
pub fn rank_regression(parameters: &[&[f64]], outcome: &[f64]) -> Option<RankFit> {
    let n = outcome.len();
    let k = parameters.first().map_or(0, |row| row.len());
    if k == 0 || n < k + 2 || parameters.len() != n {
        return None;
    }
    let y = standardised(&ranks(outcome))?;
    let columns: Vec<Vec<f64>> = (0..k)
        .map(|j| {
            let column: Vec<f64> = parameters.iter().map(|row| row[j]).collect();
            standardised(&ranks(&column))
        })
        .collect::<Option<_>>()?;
    // The normal equations (ZᵀZ) β = Zᵀy, with the right-hand side as column k.
    let mut system = vec![vec![0.0; k + 1]; k];
    for (a, row) in system.iter_mut().enumerate() {
        for (b, cell) in row.iter_mut().take(k).enumerate() {
            *cell = dot(&columns[a], &columns[b]);
        }
        row[k] = dot(&columns[a], &y);
    }
    let coefficients = solve(system)?;
    let residual: f64 = (0..n)
        .map(|i| {
            let fitted: f64 = (0..k).map(|j| coefficients[j] * columns[j][i]).sum();
            (y[i] - fitted).powi(2)
        })
        .sum();
    // Standardised, the outcome's ranks sum to 0 and their squares to n.
    let r2 = 1.0 - residual / n as f64;
    Some(RankFit { coefficients, r2 })
}

/// The SRRCs of `rank_regression(parameters, outcome)`, each with the 95% percentile
/// interval of [`BOOTSTRAP_RESAMPLES`] bootstrap resamples of the sets drawn from
/// `rng`: (coefficient, low, high) per parameter, and R². `None` when the regression
/// has no answer; an interval is `NaN` when fewer than half the resamples had one.
pub fn influences(
    parameters: &[&[f64]],
    outcome: &[f64],
    rng: &mut impl Rng,
) -> Option<(Vec<[f64; 3]>, f64)> {
    let fit = rank_regression(parameters, outcome)?;
    let n = outcome.len();
    let k = fit.coefficients.len();
    let mut resampled: Vec<Vec<f64>> = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k];
    let mut rows: Vec<&[f64]> = Vec::with_capacity(n);
    let mut ys = Vec::with_capacity(n);
    for _ in 0..BOOTSTRAP_RESAMPLES {
        rows.clear();
        ys.clear();
        for _ in 0..n {
            let i = rng.random_range(0..n);
            rows.push(parameters[i]);
            ys.push(outcome[i]);
        }
        if let Some(again) = rank_regression(&rows, &ys) {
            for (column, c) in resampled.iter_mut().zip(again.coefficients) {
                column.push(c);
            }
        }
    }
    let out = fit
        .coefficients
        .iter()
        .zip(&mut resampled)
        .map(|(&c, column)| {
            if column.len() * 2 < BOOTSTRAP_RESAMPLES {
                return [c, f64::NAN, f64::NAN];
            }
            column.sort_unstable_by(f64::total_cmp);
            let [low, high] = INTERVAL.map(|p| quantile_sorted(column, p));
            [c, low, high]
        })
        .collect();
    Some((out, fit.r2))
}

/// The values as z-scores (mean 0, population sd 1); `None` when they do not vary.
fn standardised(values: &[f64]) -> Option<Vec<f64>> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    // Ranks are whole or half numbers: a spread this small is none at all.
    (sd > 1e-9).then(|| values.iter().map(|x| (x - mean) / sd).collect())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Solves the k × (k + 1) augmented system by Gaussian elimination with partial
/// pivoting; `None` when it is singular (two parameters' ranks move together).
fn solve(mut m: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let k = m.len();
    for col in 0..k {
        let pivot = (col..k).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        // The diagonal is n for standardised columns: a pivot below n · 1e-9 is a
        // column that is a combination of the others.
        if m[pivot][col].abs() < 1e-9 * m[col][col].abs().max(1.0) {
            return None;
        }
        m.swap(col, pivot);
        let (done, below) = m.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for row in below {
            let factor = row[col] / pivot_row[col];
            for (cell, p) in row.iter_mut().zip(pivot_row).skip(col) {
                *cell -= factor * p;
            }
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let known: f64 = (row + 1..k).map(|c| m[row][c] * x[c]).sum();
        x[row] = (m[row][k] - known) / m[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn ties_share_the_mean_of_their_ranks() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), [2.0, 2.0, 2.0]);
    }

    #[test]
    fn a_monotone_outcome_of_one_parameter_has_srrc_one_and_the_other_zero() {
        // x0 runs through 1..=20; x1 alternates, orthogonal to it in ranks.
        let rows: Vec<[f64; 2]> = (0..20)
            .map(|i| [f64::from(i), [0.0, 1.0, 1.0, 0.0][i as usize % 4]])
            .collect();
        let params: Vec<&[f64]> = rows.iter().map(|r| r.as_slice()).collect();
        // Any increasing function of x0: ranks see only the order.
        let outcome: Vec<f64> = rows.iter().map(|r| r[0].exp()).collect();
        let fit = rank_regression(&params, &outcome).unwrap();
        assert!((fit.coefficients[0] - 1.0).abs() < 1e-12, "{fit:?}");
        assert!(fit.coefficients[1].abs() < 1e-12, "{fit:?}");
        assert!((fit.r2 - 1.0).abs() < 1e-12);
        // Decreasing: −1.
        let falling: Vec<f64> = rows.iter().map(|r| -r[0]).collect();
        let fit = rank_regression(&params, &falling).unwrap();
        assert!((fit.coefficients[0] + 1.0).abs() < 1e-12, "{fit:?}");
    }

    #[test]
    fn no_answer_without_spread_or_with_too_few_sets() {
        let rows = [[1.0], [2.0], [3.0]];
        let params: Vec<&[f64]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(rank_regression(&params, &[1.0, 1.0, 1.0]).is_none());
        assert!(rank_regression(&params[..2], &[1.0, 2.0]).is_none());
        let same = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]];
        let params: Vec<&[f64]> = same.iter().map(|r| r.as_slice()).collect();
        assert!(rank_regression(&params, &[1.0, 3.0, 2.0, 4.0]).is_none());
    }

    #[test]
    fn the_bootstrap_interval_brackets_the_coefficient_and_is_reproducible() {
        let mut noise = ChaCha8Rng::seed_from_u64(3);
        let rows: Vec<[f64; 2]> = (0..40)
            .map(|_| [noise.random::<f64>(), noise.random::<f64>()])
            .collect();
        let params: Vec<&[f64]> = rows.iter().map(|r| r.as_slice()).collect();
        let outcome: Vec<f64> = rows
            .iter()
            .map(|r| r[0] + 0.3 * noise.random::<f64>())
            .collect();
        let run = |seed| influences(&params, &outcome, &mut ChaCha8Rng::seed_from_u64(seed));
        let (got, r2) = run(9).unwrap();
        assert_eq!(run(9).unwrap().0, got);
        let [c, low, high] = got[0];
        assert!(low < c && c < high && low > 0.5, "{got:?}");
        let [c, low, high] = got[1];
        assert!(low < c && c < high && low < 0.0 && high > 0.0, "{got:?}");
        assert!(r2 > 0.5 && r2 <= 1.0, "{r2}");
    }
}
