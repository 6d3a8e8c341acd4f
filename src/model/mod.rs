//! The product-team model: squads, developers, product people and their duties, on top
//! of the generic event kernel.

pub mod metrics;
pub use metrics::*;

use crate::scenario::Scenario;

/// Runs trial `trial` of structure `structure` of the scenario. A pure function of its
/// arguments: the same inputs give the same result on any thread, in any order.
pub fn run_trial(scenario: &Scenario, structure: usize, trial: u32) -> TrialResult {
    let _ = (scenario, structure, trial);
    todo!("model")
}
