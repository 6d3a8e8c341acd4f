//! The influence of each parameter on a paired difference over the parameter sets: the
//! standardised rank regression coefficient (SRRC), with a bootstrap interval
//! (docs/model.md §18).
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
    let design = Design::of(parameters)?;
    let y = standardised(&ranks(outcome))?;
    let coefficients = design.fit(&y);
    let residual: f64 = (0..y.len())
        .map(|i| {
            let fitted: f64 = (design.columns.iter().zip(&coefficients))
                .map(|(column, c)| c * column[i])
                .sum();
            (y[i] - fitted).powi(2)
        })
        .sum();
    // Standardised, the outcome's ranks sum to 0 and their squares to n.
    let r2 = 1.0 - residual / y.len() as f64;
    Some(RankFit { coefficients, r2 })
}

/// Per parameter, its coefficient and the ends of its 95% interval.
pub type Coefficients = Vec<[f64; 3]>;

/// The influences of the parameters on each of several outcomes over the same sets
/// (one outcome per pair of structures and metric): per outcome, the SRRCs of
/// [`rank_regression`], each with the 95% percentile interval of
/// [`BOOTSTRAP_RESAMPLES`] bootstrap resamples of the sets drawn from `rng`, and R².
/// `None` for an outcome whose regression has no answer; an interval is `NaN` when
/// fewer than half the resamples had one.
///
/// An outcome with a value in every set is resampled with the others: each resample
/// of the sets is drawn once, and the ranks of its parameters, the part of the work
/// that does not depend on the outcome, serve every such outcome. An outcome missing
/// in some sets (no paired trial there) is resampled over its own sets.
pub fn influences(
    parameters: &[&[f64]],
    outcomes: &[Vec<f64>],
    rng: &mut impl Rng,
) -> Vec<Option<(Coefficients, f64)>> {
    let n = parameters.len();
    let k = parameters.first().map_or(0, |row| row.len());
    // Each outcome's fit on its own sets.
    let mut fits: Vec<Option<RankFit>> = outcomes
        .iter()
        .map(|outcome| {
            let (rows, values) = with_value(parameters, outcome);
            rank_regression(&rows, &values)
        })
        .collect();
    let complete: Vec<usize> = (0..outcomes.len())
        .filter(|&o| fits[o].is_some() && outcomes[o].iter().all(|x| x.is_finite()))
        .collect();
    let mut resampled: Vec<Vec<Vec<f64>>> =
        vec![vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k]; outcomes.len()];
    let mut indices = vec![0; n];
    let mut rows: Vec<&[f64]> = Vec::with_capacity(n);
    let mut y = vec![0.0; n];
    if !complete.is_empty() {
        for _ in 0..BOOTSTRAP_RESAMPLES {
            for i in &mut indices {
                *i = rng.random_range(0..n);
            }
            rows.clear();
            rows.extend(indices.iter().map(|&i| parameters[i]));
            let Some(design) = Design::of(&rows) else {
                continue;
            };
            for &o in &complete {
                for (slot, &i) in y.iter_mut().zip(&indices) {
                    *slot = outcomes[o][i];
                }
                if let Some(ys) = standardised(&ranks(&y)) {
                    let coefficients = design.fit(&ys);
                    for (column, c) in resampled[o].iter_mut().zip(coefficients) {
                        column.push(c);
                    }
                }
            }
        }
    }
    for (o, outcome) in outcomes.iter().enumerate() {
        if fits[o].is_none() || complete.contains(&o) {
            continue;
        }
        let (rows, values) = with_value(parameters, outcome);
        let m = values.len();
        let mut picked: Vec<&[f64]> = Vec::with_capacity(m);
        let mut ys = Vec::with_capacity(m);
        for _ in 0..BOOTSTRAP_RESAMPLES {
            picked.clear();
            ys.clear();
            for _ in 0..m {
                let i = rng.random_range(0..m);
                picked.push(rows[i]);
                ys.push(values[i]);
            }
            if let Some(again) = rank_regression(&picked, &ys) {
                for (column, c) in resampled[o].iter_mut().zip(again.coefficients) {
                    column.push(c);
                }
            }
        }
    }
    fits.iter_mut()
        .zip(&mut resampled)
        .map(|(fit, columns)| {
            let fit = fit.take()?;
            let coefficients = fit
                .coefficients
                .iter()
                .zip(columns)
                .map(|(&c, column)| {
                    if column.len() * 2 < BOOTSTRAP_RESAMPLES {
                        return [c, f64::NAN, f64::NAN];
                    }
                    column.sort_unstable_by(f64::total_cmp);
                    let [low, high] = INTERVAL.map(|p| quantile_sorted(column, p));
                    [c, low, high]
                })
                .collect();
            Some((coefficients, fit.r2))
        })
        .collect()
}

/// The sets where `outcome` has a value: their parameters and the values.
fn with_value<'p>(parameters: &[&'p [f64]], outcome: &[f64]) -> (Vec<&'p [f64]>, Vec<f64>) {
    parameters
        .iter()
        .zip(outcome)
        .filter(|(_, y)| y.is_finite())
        .map(|(row, &y)| (*row, y))
        .unzip()
}

/// The parameters' side of a rank regression: their standardised rank columns, and
/// the inverse of the normal matrix ZᵀZ, so that any outcome's coefficients are one
/// product away.
struct Design {
    columns: Vec<Vec<f64>>,
    inverse: Vec<Vec<f64>>,
}

impl Design {
    /// The design of the sets `parameters` (set i's values, one per parameter); `None`
    /// with fewer sets than parameters + 2, a parameter that does not vary, or
    /// parameters whose ranks move together exactly.
    fn of(parameters: &[&[f64]]) -> Option<Design> {
        let n = parameters.len();
        let k = parameters.first().map_or(0, |row| row.len());
        if k == 0 || n < k + 2 {
            return None;
        }
        let columns: Vec<Vec<f64>> = (0..k)
            .map(|j| {
                let column: Vec<f64> = parameters.iter().map(|row| row[j]).collect();
                standardised(&ranks(&column))
            })
            .collect::<Option<_>>()?;
        let normal: Vec<Vec<f64>> = columns
            .iter()
            .map(|a| columns.iter().map(|b| dot(a, b)).collect())
            .collect();
        Some(Design {
            inverse: invert(normal)?,
            columns,
        })
    }

    /// The least-squares coefficients of the standardised outcome `y`: (ZᵀZ)⁻¹ Zᵀy.
    fn fit(&self, y: &[f64]) -> Vec<f64> {
        let zy: Vec<f64> = self.columns.iter().map(|column| dot(column, y)).collect();
        self.inverse.iter().map(|row| dot(row, &zy)).collect()
    }
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

/// The inverse of the k × k matrix `m`, by Gauss–Jordan elimination with partial
/// pivoting; `None` when it is singular (two parameters' ranks move together).
fn invert(mut m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let k = m.len();
    // The diagonal is n for standardised columns: a pivot below that by 1e-9 is a
    // column that is a combination of the others.
    let scale = m
        .iter()
        .enumerate()
        .map(|(i, row)| row[i].abs())
        .fold(1.0, f64::max);
    for (i, row) in m.iter_mut().enumerate() {
        row.extend((0..k).map(|j| if i == j { 1.0 } else { 0.0 }));
    }
    for col in 0..k {
        let pivot = (col..k).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-9 * scale {
            return None;
        }
        m.swap(col, pivot);
        let p = m[col][col];
        for cell in &mut m[col] {
            *cell /= p;
        }
        let pivot_row = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r == col {
                continue;
            }
            let factor = row[col];
            for (cell, p) in row.iter_mut().zip(&pivot_row) {
                *cell -= factor * p;
            }
        }
    }
    Some(m.into_iter().map(|row| row[k..].to_vec()).collect())
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
        let outcomes = [outcome.clone()];
        let run = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            influences(&params, &outcomes, &mut rng).remove(0)
        };
        let (got, r2) = run(9).unwrap();
        assert_eq!(run(9).unwrap().0, got);
        let [c, low, high] = got[0];
        assert!(low < c && c < high && low > 0.5, "{got:?}");
        let [c, low, high] = got[1];
        assert!(low < c && c < high && low < 0.0 && high > 0.0, "{got:?}");
        assert!(r2 > 0.5 && r2 <= 1.0, "{r2}");

        // Missing in some sets, the same outcome is resampled over the others, alone;
        // one that does not vary has no influence.
        let mut gappy = outcome.clone();
        gappy[3] = f64::NAN;
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let both = influences(&params, &[gappy, vec![1.0; 40]], &mut rng);
        let [c, low, high] = both[0].as_ref().unwrap().0[0];
        assert!(low < c && c < high && low > 0.5, "{both:?}");
        assert!(both[1].is_none());
    }

    #[test]
    fn the_inverse_undoes_the_matrix() {
        let m = vec![
            vec![4.0, 1.0, 0.5],
            vec![1.0, 3.0, 0.2],
            vec![0.5, 0.2, 2.0],
        ];
        let inv = invert(m.clone()).unwrap();
        for (i, row) in m.iter().enumerate() {
            for j in 0..3 {
                let x: f64 = row.iter().zip(&inv).map(|(a, back)| a * back[j]).sum();
                let identity = f64::from(u8::from(i == j));
                assert!((x - identity).abs() < 1e-12, "{i} {j}: {x}");
            }
        }
        assert!(invert(vec![vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
    }
}
