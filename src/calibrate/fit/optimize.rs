//! Nelder–Mead minimisation in two dimensions: enough for two-parameter likelihoods,
//! no derivatives needed (the censored terms' derivatives in the gamma shape are
//! awkward), and robust from a method-of-moments start.

/// Most iterations: far more than a smooth two-parameter likelihood needs (tens).
const MAX_ITERATIONS: usize = 2000;

/// Minimises `f` from `start`; returns the best point and its value. A value that is
/// not finite counts as +∞, so the search steps back from invalid parameters.
pub fn nelder_mead(f: &dyn Fn(&[f64; 2]) -> f64, start: [f64; 2]) -> ([f64; 2], f64) {
    let eval = |p: &[f64; 2]| {
        let v = f(p);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let step = 0.2;
    let mut simplex = [
        start,
        [start[0] + step, start[1]],
        [start[0], start[1] + step],
    ];
    let mut values = simplex.map(|p| eval(&p));
    for _ in 0..MAX_ITERATIONS {
        // Order: best first.
        let mut order = [0, 1, 2];
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.map(|i| simplex[i]);
        values = order.map(|i| values[i]);
        let spread = (values[2] - values[0]).abs();
        let size = (0..2)
            .map(|d| {
                (simplex[1][d] - simplex[0][d])
                    .abs()
                    .max((simplex[2][d] - simplex[0][d]).abs())
            })
            .fold(0.0, f64::max);
        if spread <= 1e-12 * (1.0 + values[0].abs()) && size < 1e-9 {
            break;
        }
        let centroid = [
            (simplex[0][0] + simplex[1][0]) / 2.0,
            (simplex[0][1] + simplex[1][1]) / 2.0,
        ];
        let towards = |t: f64| {
            [
                centroid[0] + t * (simplex[2][0] - centroid[0]),
                centroid[1] + t * (simplex[2][1] - centroid[1]),
            ]
        };
        let reflected = towards(-1.0);
        let fr = eval(&reflected);
        if fr < values[0] {
            let expanded = towards(-2.0);
            let fe = eval(&expanded);
            (simplex[2], values[2]) = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < values[1] {
            (simplex[2], values[2]) = (reflected, fr);
        } else {
            let contracted = if fr < values[2] {
                towards(-0.5)
            } else {
                towards(0.5)
            };
            let fc = eval(&contracted);
            if fc < values[2].min(fr) {
                (simplex[2], values[2]) = (contracted, fc);
            } else {
                // Shrink towards the best point.
                for i in 1..3 {
                    simplex[i] = [
                        simplex[0][0] + 0.5 * (simplex[i][0] - simplex[0][0]),
                        simplex[0][1] + 0.5 * (simplex[i][1] - simplex[0][1]),
                    ];
                    values[i] = eval(&simplex[i]);
                }
            }
        }
    }
    let best = (0..3)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    (simplex[best], values[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let f = |p: &[f64; 2]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let (best, value) = nelder_mead(&f, [-1.2, 1.0]);
        assert!(value < 1e-10, "{value}");
        assert!(
            (best[0] - 1.0).abs() < 1e-4 && (best[1] - 1.0).abs() < 1e-4,
            "{best:?}"
        );
    }

    #[test]
    fn steps_back_from_invalid_points() {
        let f = |p: &[f64; 2]| {
            if p[0] < 0.0 {
                f64::NAN
            } else {
                (p[0] - 0.1).powi(2) + p[1] * p[1]
            }
        };
        let (best, _) = nelder_mead(&f, [0.05, 1.0]);
        assert!((best[0] - 0.1).abs() < 1e-5, "{best:?}");
    }
}
