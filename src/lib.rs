//! orgsim: a discrete-event simulator of product-organisation structures.
//!
//! A scenario file describes a team, the work flowing into it and several structures
//! (who holds which product duties). orgsim runs seeded trials of each structure and
//! measures throughput, lead time, developer wait for decisions, utilisation,
//! discovery, value and cost. See `ARCHITECTURE.md` for the map of the modules.
#![warn(missing_docs)]

pub mod analysis;
pub mod batch;
pub mod calibrate;
pub mod dist;
pub mod estimate;
pub mod kernel;
pub mod model;
pub mod numeric;
pub mod output;
pub mod scenario;
pub mod shard;
pub mod stats;
pub mod uncertainty;
mod vocabulary;
