//! Conclusions drawn from a run's statistics, for the report and the outputs:
//!
//! - [`warnings`]: the warning signs of docs/model.md §13, as thresholds on per-trial
//!   metrics with their words;
//! - [`crossover`](mod@crossover): along a sweep, from which point one structure stays better;
//! - [`warmup`]: whether MSER-5 finds the start-up transient longer than the
//!   scenario's warm-up.
//!
//! Everything here is a pure function of the scenario points and their
//! [`PointStats`](crate::stats::PointStats): it simulates nothing, writes nothing,
//! and holds no statistics of its own.

pub mod crossover;
pub mod warmup;
pub mod warnings;

pub use crossover::{
    crossing, crossover, scenario_ranges, sweep_lines, Crossing, Crossover, SweepLine,
};
pub use warmup::{Series, WarmupNote};
pub use warnings::{thresholds, WarningSign};
