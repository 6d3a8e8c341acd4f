//! The integration tests of orgsim, in one test binary: the library and the `orgsim`
//! command seen from outside, one module per behaviour, and `support`, the helpers
//! they share.
//!
//! One binary rather than one per file: the suite links orgsim and its dependencies
//! once, and each helper of `support` is compiled once and checked for dead code
//! across every module that uses it.
//!
//! To add a module: write it here as `tests/integration/NAME.rs` (its fixtures in
//! `tests/fixtures/NAME/`, found with `support::fixture_dir`), declare it below with
//! `mod NAME;`, and take helpers from `crate::support`. A file left at `tests/NAME.rs`
//! would build as a test binary of its own. Run one module with
//! `cargo test --release --test integration NAME::`.
//!
//! `allocations` installs a counting global allocator for the whole binary; it counts
//! per thread, so the other modules are neither disturbed nor measured.

mod support;

mod allocations;
mod browser;
mod calibrate;
mod cli;
mod comparisons;
mod conservation;
mod decisions;
mod distributions;
mod docs;
mod durations;
mod features;
mod fields_table;
mod fuzz_reader;
mod hand_loop;
mod html_report;
mod interrupt;
mod limits;
mod model_properties;
mod people;
mod scenario_errors;
mod shards;
mod spreadsheets;
mod stories;
mod theory_decision_loop;
mod theory_triage;
mod trial_metrics;
mod uncertainty;
mod verdicts;
