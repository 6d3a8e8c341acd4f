//! The integration tests of orgsim, in one test binary: the library and the `orgsim`
//! command seen from outside, one module per behaviour.
//!
//! One binary rather than one per file: the suite links orgsim and its dependencies
//! once, and the helpers of `support` are compiled once and checked for dead code
//! across every module that uses them.
//!
//! To add a module: put it in this folder (`tests/integration/NAME.rs`, its fixtures
//! under `tests/fixtures/NAME/`) and declare it below with `mod NAME;`. Run it alone
//! with `cargo test --release --test integration NAME::`.

mod support;

mod allocations;
mod browser;
mod cli;
mod comparisons;
mod conservation;
mod distributions;
mod features;
mod html_report;
mod model_properties;
mod scenario_errors;
mod stories;
mod theory_decision_loop;
mod theory_triage;
