//! Numerical helpers that both the model (within a trial) and the statistics (over
//! trials) use, kept below both so that neither imports the other for them.
//!
//! - [`quantile_sorted`], [`quantile_select`]: the one quantile definition of every
//!   percentile orgsim reports.

mod quantile;

pub use quantile::{quantile_select, quantile_sorted};
