//! Student's t distribution: the CDF and the quantile behind every confidence interval.
//!
//! statrs does the maths: both rest on its regularized incomplete beta function
//! (`beta_reg`); this module only picks the form of it that keeps the digits and finds
//! the quantile by bisection on the tail. statrs' own `StudentsT::inverse_cdf` is not
//! used: it drifts at large degrees of freedom (a relative error of 3·10⁻⁶ at 10⁵, of
//! several percent at 10⁷), while a run can hold millions of trials. The quantiles
//! here are good to about 10⁻¹² relative up to 10⁴ degrees of freedom, 5·10⁻⁸ at 10⁷.

use statrs::function::beta::beta_reg;
use std::cell::Cell;

/// The CDF of Student's t with `df` degrees of freedom at `t`.
/// `df` must be positive and finite; returns `NaN` otherwise, and for a `NaN` `t`.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    if !valid_df(df) || t.is_nan() {
        return f64::NAN;
    }
    if t < 0.0 {
        upper_tail(-t, df)
    } else {
        1.0 - upper_tail(t, df)
    }
}

/// The `p` quantile of Student's t with `df` degrees of freedom: the t with
/// `t_cdf(t, df) == p`. `p` must lie in (0, 1) and `df` be positive and finite;
/// returns `NaN` otherwise. `t_quantile(0.975, 9.0)` ≈ 2.262.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    // A run asks for the same quantile for every interval it writes (one per metric,
    // structure and pair, all with the same trials), and each costs a bisection of some
    // fifty incomplete beta functions: the last one asked on this thread is kept.
    thread_local! {
        static LAST: Cell<(f64, f64, f64)> = const { Cell::new((f64::NAN, f64::NAN, f64::NAN)) };
    }
    let (last_p, last_df, last) = LAST.get();
    if p == last_p && df == last_df {
        return last;
    }
    let quantile = solve_quantile(p, df);
    LAST.set((p, df, quantile));
    quantile
}

/// [`t_quantile`], computed.
fn solve_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && valid_df(df)) {
        return f64::NAN;
    }
    // Solve on the tail beyond the quantile rather than on the CDF: the tail keeps
    // its relative precision where the CDF rounds towards 1, and 1 − p is exact for
    // p ≥ ½ (Sterbenz), so no digit of a small upper tail is lost either.
    if p < 0.5 {
        -upper_point(p, df)
    } else if p > 0.5 {
        upper_point(1.0 - p, df)
    } else {
        0.0
    }
}

/// Degrees of freedom the distribution is defined for (∞, the normal, is left out).
fn valid_df(df: f64) -> bool {
    df > 0.0 && df.is_finite()
}

/// P(T > t) for t ≥ 0: ½ I_x(ν/2, ½) with x = ν / (ν + t²).
fn upper_tail(t: f64, df: f64) -> f64 {
    let t2 = t * t;
    if t < 1.0 {
        // Near the centre x is so close to 1 that it keeps few digits of t, and
        // statrs takes x within 10⁻¹⁵ of 1 for 1 (for ν = 10⁷ the tail would read ½
        // for all |t| < 10⁻⁴). So take the mass between 0 and t from
        // 1 − x = t² / (ν + t²) instead; the tail is above 0.15 here, so the
        // subtraction from ½ costs no digits.
        0.5 - 0.5 * beta_reg(0.5, df / 2.0, t2 / (df + t2))
    } else {
        0.5 * beta_reg(df / 2.0, 0.5, df / (df + t2))
    }
}

/// The t > 0 whose upper tail P(T > t) is `tail`, for `tail` in (0, ½).
fn upper_point(tail: f64, df: f64) -> f64 {
    // Bracket the point in [lo, hi] by doubling, then halve: the tail is monotone, so
    // bisection always converges, which Newton on a heavy tail (df = 1) does not.
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while upper_tail(hi, df) > tail {
        lo = hi;
        hi *= 2.0;
        if hi.is_infinite() {
            return f64::INFINITY;
        }
    }
    // Down to a couple of ulps of the answer: the tail itself is not more accurate.
    while hi - lo > f64::EPSILON * hi {
        let mid = 0.5 * (lo + hi);
        if upper_tail(mid, df) > tail {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Values from the standard two-sided t table (6 decimals).
    #[test]
    fn quantiles_match_the_t_table() {
        let table = [
            (0.975, 1.0, 12.706_205),
            (0.975, 2.0, 4.302_653),
            (0.975, 3.0, 3.182_446),
            (0.975, 9.0, 2.262_157),
            (0.975, 10.0, 2.228_139),
            (0.975, 29.0, 2.045_230),
            (0.975, 30.0, 2.042_272),
            (0.975, 120.0, 1.979_930),
            (0.95, 5.0, 2.015_048),
            (0.995, 10.0, 3.169_273),
            (0.9995, 4.0, 8.610_302),
        ];
        for (p, df, want) in table {
            let got = t_quantile(p, df);
            assert!(close(got, want, 1e-5), "t({p}, {df}) = {got}, want {want}");
        }
    }

    #[test]
    fn a_kept_quantile_is_the_one_asked_for() {
        // Repeats, a change of p alone, of df alone, and back: each answer is the one
        // computed afresh, bit for bit.
        let asked = [
            (0.975, 9.0),
            (0.975, 9.0),
            (0.95, 9.0),
            (0.95, 10.0),
            (0.975, 9.0),
        ];
        for (p, df) in asked {
            assert_eq!(t_quantile(p, df).to_bits(), solve_quantile(p, df).to_bits());
        }
        assert!(t_quantile(f64::NAN, 9.0).is_nan() && t_quantile(0.975, f64::NAN).is_nan());
    }

    #[test]
    fn quantile_tends_to_the_normal_for_large_df() {
        // First term of the Cornish–Fisher expansion: t ≈ z + (z³ + z) / (4 df).
        let z = 1.959_963_984_540_054_f64;
        for df in [1e4, 1e5, 1e6, 1e7] {
            let got = t_quantile(0.975, df);
            let want = z + (z.powi(3) + z) / (4.0 * df);
            assert!(close(got, want, 1e-7), "df {df}: {got}, want {want}");
        }
    }

    #[test]
    fn quantile_and_cdf_are_inverse_and_symmetric() {
        for df in [1.0, 2.5, 7.0, 63.0, 999.0, 1e5, 1e7] {
            for p in [0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999] {
                let t = t_quantile(p, df);
                // At large ν the tail jitters by about ν·ε relative, as x = ν/(ν + t²)
                // is rounded: the round trip is held to that, and to 10⁻¹¹ below it.
                let tol = 1e-11_f64.max(relative_tolerance(df) * p.min(1.0 - p));
                assert!(close(t_cdf(t, df), p, tol), "df {df} p {p}");
                assert!(close(t_quantile(1.0 - p, df), -t, 1e-9 * t.abs().max(1.0)));
            }
        }
    }

    #[test]
    fn cauchy_cdf_is_exact() {
        // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/π.
        for t in [-30.0, -1.0, 0.0, 0.4, 3.0, 100.0] {
            let want = 0.5 + f64::atan(t) / std::f64::consts::PI;
            assert!(close(t_cdf(t, 1.0), want, 1e-13), "t = {t}");
        }
    }

    /// Relative accuracy the quantile is held to. statrs' incomplete beta takes
    /// ln Γ(ν/2 + ½) − ln Γ(ν/2) as the difference of two numbers near (ν/2)·ln(ν/2),
    /// each good to an ulp, so its error grows about as ε·ν·ln ν (1.7·10⁻⁸ at
    /// ν = 10⁷), a few times more where a tail comes from 1 − I. The worst quantile
    /// error measured for ν up to 10⁷ and p from 10⁻⁶ to 1 − 10⁻⁶ is 4.5·10⁻⁸ at
    /// ν = 10⁷; 10⁻¹⁴·ν bounds that with a margin of two, and 10⁻¹² covers the small
    /// ν, where the bisection's stop (a few ulps) dominates.
    fn relative_tolerance(df: f64) -> f64 {
        1e-12 + 1e-14 * df
    }

    /// Absolute resolution of a quantile near the centre: the tail is compared with
    /// 1 − p at an ulp of ½ (1.1·10⁻¹⁶), and the density there is at least 1/π, so t
    /// is pinned to 3.5·10⁻¹⁶; three times that.
    const CENTRE_RESOLUTION: f64 = 1e-15;

    /// The p of every row of `REFERENCE`, from one tail through the centre to the other.
    const REFERENCE_P: [f64; 7] = [1e-6, 0.025, 0.4999, 0.500001, 0.8, 0.975, 1.0 - 1e-6];

    /// Quantiles at the `REFERENCE_P` (as the f64 values they are) for each df, rounded
    /// to the nearest f64: solved in 40-digit arithmetic on the CDF, itself the integral
    /// of the density by numerical quadrature (mpmath). The df = 1 row is checked
    /// against the closed form below.
    const REFERENCE: [(f64, [f64; 7]); 7] = [
        (
            1.0,
            [
                -318_309.886_182_743_5,
                -12.706_204_736_174_705,
                -0.000_314_159_275_694_370_7,
                3.141_592_653_690_467_4e-06,
                1.376_381_920_471_174,
                12.706_204_736_174_694,
                318_309.886_173_590_26,
            ],
        ),
        (
            2.5,
            [
                -220.173_429_178_236_86,
                -3.574_654_842_003_683,
                -0.000_276_389_139_180_273_5,
                2.763_891_342_622_306_7e-06,
                1.010_163_874_722_239,
                3.574_654_842_003_681_7,
                220.173_429_175_704_26,
            ],
        ),
        (
            9.0,
            [
                -10.720_160_409_909_5,
                -2.262_157_162_798_205_3,
                -0.000_257_708_775_534_281_97,
                2.577_087_723_725_153e-06,
                0.883_403_859_685_534_7,
                2.262_157_162_798_205,
                10.720_160_409_872_825,
            ],
        ),
        (
            199.0,
            [
                -4.898_044_059_397_848,
                -1.971_956_544_251_753_7,
                -0.000_250_977_929_720_075_77,
                2.509_779_270_794_981_6e-06,
                0.843_431_199_937_297_1,
                1.971_956_544_251_753_5,
                4.898_044_059_391_513,
            ],
        ),
        (
            1e4,
            [
                -4.756_229_685_056_779,
                -1.960_201_239_890_626_3,
                -0.000_250_669_096_737_475_8,
                2.506_690_941_195_796_5e-06,
                0.841_657_179_141_653,
                1.960_201_239_890_626,
                4.756_229_685_050_958,
            ],
        ),
        (
            1e5,
            [
                -4.753_704_716_391_288,
                -1.959_987_707_534_609_7,
                -0.000_250_663_456_745_905_4,
                2.506_634_541_284_225e-06,
                0.841_624_827_996_901,
                1.959_987_707_534_609_3,
                4.753_704_716_385_476,
            ],
        ),
        (
            1e7,
            [
                -4.753_427_112_755_577,
                -1.959_964_221_767_205_5,
                -0.000_250_662_836_354_578_7,
                2.506_628_337_371_413e-06,
                0.841_621_269_517_008_1,
                1.959_964_221_767_205,
                4.753_427_112_749_766,
            ],
        ),
    ];

    #[test]
    fn quantiles_match_the_reference_from_both_tails_through_the_centre() {
        for (df, row) in REFERENCE {
            for (p, want) in REFERENCE_P.into_iter().zip(row) {
                let got = t_quantile(p, df);
                let tol = relative_tolerance(df) * want.abs() + CENTRE_RESOLUTION;
                assert!(close(got, want, tol), "t({p}, {df}) = {got}, want {want}");
            }
        }
    }

    /// The Cauchy quantile tan(π(p − ½)) in the form each region needs to keep its
    /// digits: near a pole of the tangent, rounding π·p would cost as many digits as
    /// p is close to 0 or 1, so the tails take the cotangent of the small π·p or
    /// π·(1 − p) instead (1 − p and p − ½ are exact where they are used, by Sterbenz).
    fn cauchy_quantile(p: f64) -> f64 {
        use std::f64::consts::PI;
        if p < 0.25 {
            -1.0 / (PI * p).tan()
        } else if p > 0.75 {
            1.0 / (PI * (1.0 - p)).tan()
        } else {
            (PI * (p - 0.5)).tan()
        }
    }

    #[test]
    fn cauchy_reference_is_the_closed_form() {
        // Guards the reference table itself: df = 1 is the Cauchy distribution. A
        // handful of roundings of about ε each, amplified at most 2× by the tangent.
        let (_, row) = REFERENCE[0];
        for (p, want) in REFERENCE_P.into_iter().zip(row) {
            let exact = cauchy_quantile(p);
            assert!(
                close(exact, want, 1e-14 * want.abs()),
                "p {p}: {exact}, want {want}"
            );
            let got = t_quantile(p, 1.0);
            let tol = relative_tolerance(1.0) * exact.abs() + CENTRE_RESOLUTION;
            assert!(close(got, exact, tol), "p {p}: {got}, want {exact}");
        }
    }

    #[test]
    fn cdf_keeps_its_digits_at_the_centre() {
        // To first order F(t) = ½ + t·f(0), and for large ν the density at 0 is
        // f(0) = (1 − 1/(4ν) + O(ν⁻²)) / √(2π). The cubic term, f(0)·(1 + 1/ν)·t³/6,
        // is below 10⁻¹⁸ for these t. Here x = ν/(ν + t²) rounds to 1, which would
        // leave the CDF flat at ½ for all |t| < √(10⁻¹⁵ ν).
        for df in [1e5, 1e7] {
            let f0 = (1.0 - 1.0 / (4.0 * df)) / (2.0 * std::f64::consts::PI).sqrt();
            for t in [1e-9, 1e-7, 1e-6] {
                let centre = t * f0;
                let tol = relative_tolerance(df) * centre + f64::EPSILON;
                assert!(close(t_cdf(t, df), 0.5 + centre, tol), "df {df} t {t}");
                assert!(close(t_cdf(-t, df), 0.5 - centre, tol), "df {df} t -{t}");
            }
        }
    }

    #[test]
    fn cdf_at_the_infinities_and_quantile_at_the_median() {
        assert_eq!(t_cdf(f64::INFINITY, 3.0), 1.0);
        assert_eq!(t_cdf(f64::NEG_INFINITY, 3.0), 0.0);
        assert_eq!(t_quantile(0.5, 3.0), 0.0);
    }

    #[test]
    fn invalid_arguments_give_nan() {
        assert!(t_quantile(0.0, 5.0).is_nan());
        assert!(t_quantile(1.0, 5.0).is_nan());
        assert!(t_quantile(f64::NAN, 5.0).is_nan());
        assert!(t_quantile(0.9, 0.0).is_nan());
        assert!(t_quantile(0.9, f64::NAN).is_nan());
        assert!(t_quantile(0.9, f64::INFINITY).is_nan());
        assert!(t_cdf(1.0, -1.0).is_nan());
        assert!(t_cdf(f64::NAN, 5.0).is_nan());
        assert!(t_cdf(1.0, f64::INFINITY).is_nan());
    }
}
