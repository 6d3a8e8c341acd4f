//! Conclusions drawn from a run's statistics, for the report and the outputs:
//!
//! - [`warnings`]: the warning signs of docs/model.md §13, as thresholds on per-trial
//!   metrics with their words;
//! - [`settled`](mod@settled): whether a structure's queues stop growing, and which one
//!   grows most, in words;
//! - [`verdicts`]: one structure against another on one metric, with the practical
//!   margin and the rule for structures that have not settled (docs/model.md §14);
//! - [`ranking`]: the primary outcome, the ranks on it and the cost frontier;
//! - [`crossover`](mod@crossover): along a sweep, from which point one structure stays better;
//! - [`warmup`]: whether MSER-5 finds the start-up transient longer than the
//!   scenario's warm-up.
//!
//! Everything here is a pure function of the scenario points and their
//! [`PointStats`](crate::stats::PointStats): it simulates nothing, writes nothing,
//! and holds no statistics of its own.

pub mod crossover;
pub mod ranking;
pub mod settled;
pub mod verdicts;
pub mod warmup;
pub mod warnings;

pub use crossover::{
    crossing, crossover, scenario_ranges, sweep_lines, Crossing, Crossover, SweepLine,
};
pub use ranking::{
    dominated, frontier_dominated, frontier_outcome, primary_outcome, primary_ranks, ranks,
    FRONTIER_OUTCOMES, PRIMARY_OUTCOMES,
};
pub use settled::{fastest_growing, settled, GrowingQueue};
pub use verdicts::{is_waiting_time, judge, verdict_between, Judgement, Unsettled};
pub use warmup::{Series, WarmupNote};
pub use warnings::{thresholds, WarningSign};
