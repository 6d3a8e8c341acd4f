//! Statistics over trials: online accumulators that are updated in place as trials
//! finish, so that nothing grows with the number of trials.
//!
//! - [`Welford`]: count, mean and variance of the non-empty values (Welford's update).
//! - [`t_quantile`]: Student-t quantiles, for 95% confidence intervals (on statrs'
//!   incomplete beta function).
//! - [`Reservoir`]: p5/p50/p95 over trials in bounded memory.
//! - [`PairedDiff`]: the paired difference A − B of one metric between two structures
//!   that saw the same random work (common random numbers), with its verdict.
//! - [`PointStats`]: all of the above for every structure, metric and pair of
//!   structures of one scenario point, plus how often each structure crossed given
//!   [`Threshold`]s and its weekly series: what `summary.csv`, `compare.csv`,
//!   `warnings.csv` and the printed report read.
//! - [`mser5`]: the MSER-5 truncation point of a series, for the warm-up check.
//!
//! This module owns no I/O and knows nothing of the simulation beyond the
//! [`Metric`](crate::model::Metric) list. The within-trial statistics the model
//! computes (lead-time percentiles of one trial …) live with the model.

mod mser;
mod online;
mod paired;
mod point;
mod reservoir;
mod tdist;

pub use mser::{mser5, Truncation, MSER_BATCH};
pub use online::Welford;
pub use paired::{PairedDiff, Verdict};
pub use point::{Exceedance, MetricSummary, PointStats, Threshold, WEEKLY_TRIALS};
pub use reservoir::Reservoir;
pub use tdist::{t_cdf, t_quantile};

/// Two-sided confidence level of every interval orgsim reports.
pub const CONFIDENCE: f64 = 0.95;
