//! Scenario files: parsing, validation and sweep expansion.
//!
//! Two stages: raw serde structs mirror the TOML one to one and keep spans; validation
//! turns them into the immutable [`Scenario`] the model reads, collecting every error
//! of a file with its line, column and field.

mod types;
pub use types::*;

use std::path::{Path, PathBuf};

/// Every error found in one file, ready to be shown to a person.
#[derive(Debug)]
pub struct FileErrors {
    /// The file.
    pub path: PathBuf,
}

/// Reads, validates and expands one scenario file: one [`Scenario`] per sweep point.
pub fn load_file(path: &Path) -> Result<Vec<Scenario>, FileErrors> {
    let _ = path;
    todo!("scenario loading")
}

/// As [`load_file`], from text already read; `path` names it in errors and resolves
/// relative `empirical` files.
pub fn load_str(src: &str, path: &Path) -> Result<Vec<Scenario>, FileErrors> {
    let _ = (src, path);
    todo!("scenario loading")
}
