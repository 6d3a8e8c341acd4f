//! Comparing numbers as numbers, not as floating-point noise: two values within a
//! relative 1e-9 of each other are the same value (docs/model.md §13 and §14).
//!
//! A utilisation of 1.0000000000000002 against a bound of 1, or two structures whose
//! means differ in the sixteenth digit because their sums were added in another order,
//! say nothing about an organisation. Every threshold orgsim checks and every
//! difference it judges goes through these helpers, so that no verdict and no warning
//! sign ever rests on rounding.

use std::cmp::Ordering;

/// The relative tolerance: `a` and `b` are equal when `|a − b| ≤ 1e-9 × max(|a|, |b|)`.
/// Far above the rounding of a few thousand additions (about 1e-13 relative), far
/// below any difference a product leader would act on.
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// Whether `a` and `b` are the same number within [`RELATIVE_TOLERANCE`]. A value is
/// equal to 0 only when it is exactly 0 (no scale to be relative to); `NaN` equals
/// nothing; an infinity equals only itself.
pub fn approx_eq(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if !(a.is_finite() && b.is_finite()) {
        return false;
    }
    (a - b).abs() <= RELATIVE_TOLERANCE * a.abs().max(b.abs())
}

/// How `a` compares with `b`, values within the tolerance being `Equal`; `None` when
/// either is `NaN`. A value equal to a bound does not cross it.
pub fn approx_cmp(a: f64, b: f64) -> Option<Ordering> {
    if a.is_nan() || b.is_nan() {
        None
    } else if approx_eq(a, b) {
        Some(Ordering::Equal)
    } else {
        a.partial_cmp(&b)
    }
}

/// `a − b`, or exactly 0 when the two are the same number within the tolerance: a
/// difference made of rounding is no difference. `NaN` when either is.
pub fn approx_diff(a: f64, b: f64) -> f64 {
    if approx_eq(a, b) {
        0.0
    } else {
        a - b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_noise_is_equality() {
        assert!(approx_eq(1.0000000000000002, 1.0));
        assert!(approx_eq(0.1 + 0.2, 0.3));
        assert!(approx_eq(1e6 + 1e-4, 1e6));
        assert!(!approx_eq(1.0 + 2e-9, 1.0));
        assert!(!approx_eq(1e-300, 0.0));
        assert!(approx_eq(-0.0, 0.0));
        assert!(!approx_eq(f64::NAN, f64::NAN));
        assert!(approx_eq(f64::INFINITY, f64::INFINITY));
        assert!(!approx_eq(f64::INFINITY, 1e308));
    }

    #[test]
    fn a_value_equal_to_a_bound_does_not_cross_it() {
        assert_eq!(approx_cmp(0.85 + 1e-12, 0.85), Some(Ordering::Equal));
        assert_eq!(approx_cmp(0.86, 0.85), Some(Ordering::Greater));
        assert_eq!(approx_cmp(0.84, 0.85), Some(Ordering::Less));
        assert_eq!(approx_cmp(f64::NAN, 0.85), None);
    }

    #[test]
    fn differences_of_rounding_are_zero() {
        assert_eq!(approx_diff(1.0000000000000002, 1.0), 0.0);
        assert_eq!(approx_diff(3.0, 1.0), 2.0);
        assert!(approx_diff(f64::NAN, 1.0).is_nan());
    }
}
