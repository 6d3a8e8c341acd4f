//! Numerical helpers that both the model (within a trial) and the statistics (over
//! trials) use, kept below both so that neither imports the other for them.
//!
//! - [`quantile_sorted`], [`quantile_select`], [`quantiles_select`]: the one quantile
//!   definition of every percentile orgsim reports.
//! - [`approx_eq`], [`approx_cmp`], [`approx_diff`]: equality within a relative 1e-9,
//!   for every threshold checked and every difference judged, so that no warning sign
//!   and no verdict rests on rounding.

mod quantile;
mod tolerance;

pub use quantile::{quantile_select, quantile_sorted, quantiles_select};
pub use tolerance::{approx_cmp, approx_diff, approx_eq, RELATIVE_TOLERANCE};
