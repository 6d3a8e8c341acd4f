//! Scenario files: parsing, validation and sweep expansion.
//!
//! Two stages: the raw stage (`raw`) turns the TOML text into an owned tree that keeps
//! every span; the validating stage turns that tree into the immutable [`Scenario`] the
//! model reads, collecting every error of a file with its line, column and field. The
//! validating stage has four parts:
//!
//! - `reader`: typed getters over the tree (numbers, whole numbers, bounds, strings,
//!   booleans, lists), unknown keys and did-you-mean. It knows the shapes of values,
//!   not what they mean.
//! - `schema`: every table's keys, each declared once with its rule, default and line
//!   of documentation. The reading, the table a misplaced key belongs in, the paths a
//!   sweep may set and the documentation's table of fields ([`fields_table`]) all come
//!   from it.
//! - `validate`: builds one point, table by table, into the types of `types`.
//! - `checks`: the checks across tables, once a structure is read: who holds which
//!   duty, stakeholders, costs, unique names.
//!
//! A distribution's own form (`{ dist = "exp", mean = 4 }`, an empirical file) is
//! read by [`crate::dist`], with the distributions. `sweep` reads the `[sweep]` axes;
//! each grid point is the raw tree with the point's values set, validated like a file
//! of its own.
//!
//! This module owns reading files and folders and the error report (`error`), and
//! reports an error about a file already read at the place it writes a field
//! ([`field_error`], for a run the work estimate refuses). It does
//! not apply the command line's `--trials`/`--seed`: the caller mutates
//! [`Scenario::run`].

mod checks;
mod demand;
mod error;
mod locate;
mod person_time;
pub(crate) mod raw;
pub(crate) mod reader;
pub(crate) mod schema;
mod sweep;
mod types;
mod validate;

pub use demand::DemandSchedule;
pub use error::{FileErrors, ScenarioError};
pub use locate::field_error;
pub use person_time::{OtherWork, Pattern, PersonTime};
pub use schema::{fields_table, MAX_TRIALS};
pub use types::*;

use error::Issue;
use std::path::{Path, PathBuf};

/// Reads, validates and expands one scenario file: one [`Scenario`] per sweep point.
pub fn load_file(path: &Path) -> Result<Vec<Scenario>, FileErrors> {
    let bytes = std::fs::read(path)
        .map_err(|e| FileErrors::whole_file(path, format!("cannot read the file: {e}")))?;
    let not_text = "a scenario is a TOML text file";
    if bytes.contains(&0) {
        let lossy = String::from_utf8_lossy(&bytes);
        let at = lossy.find('\0').unwrap_or(0);
        let msg = format!("the file looks binary (it holds a NUL byte); {not_text}");
        return Err(FileErrors::new(
            path,
            &lossy,
            vec![Issue::at(at..at + 1, "", msg)],
        ));
    }
    match String::from_utf8(bytes) {
        Ok(src) => load_str(&src, path),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[at];
            // Up to the bad byte the lossy text is the file itself, so offsets agree.
            let lossy = String::from_utf8_lossy(e.as_bytes());
            let msg = format!("the file is not UTF-8 text (byte 0x{byte:02x}); {not_text}");
            let span = at..at + char::REPLACEMENT_CHARACTER.len_utf8();
            Err(FileErrors::new(
                path,
                &lossy,
                vec![Issue::at(span, "", msg)],
            ))
        }
    }
}

/// As [`load_file`], from text already read; `path` names it in errors and resolves
/// relative `empirical` files.
pub fn load_str(src: &str, path: &Path) -> Result<Vec<Scenario>, FileErrors> {
    let fail = |issue: Issue| FileErrors::new(path, src, vec![issue]);
    if let Some(at) = src.find('\0') {
        let msg = "the file looks binary (it holds a NUL byte); a scenario is a TOML text file";
        return Err(fail(Issue::at(at..at + 1, "", msg)));
    }
    if src.trim().is_empty() {
        let msg = "the file is empty; a scenario needs at least one [[structures]] entry";
        return Err(fail(Issue::at(0..0, "", msg)));
    }
    let root = raw::parse(src).map_err(fail)?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    let mut validator = validate::Validator::new(src, base_dir);
    let mut issues = Vec::new();
    let axes = sweep::axes(&root, src, &mut issues);

    if axes.is_empty() || !issues.is_empty() {
        // No sweep, or a broken one: check the file as written, to find what else is wrong.
        let scenario = validator.scenario(&root, path, Vec::new());
        issues.append(&mut validator.reader.issues);
        return if issues.is_empty() {
            Ok(vec![scenario])
        } else {
            Err(FileErrors::new(path, src, issues))
        };
    }

    let count = sweep::points(&axes);
    let mut scenarios = Vec::with_capacity(count);
    let mut found: Vec<Found> = Vec::new();
    for point in 0..count {
        let mut tree = root.clone();
        let mut labels = Vec::with_capacity(axes.len());
        for (axis, i) in axes.iter().zip(sweep::indices(&axes, point)) {
            axis.set(&mut tree, i);
            labels.push((axis.name.clone(), axis.texts[i].clone()));
        }
        scenarios.push(validator.scenario(&tree, path, labels));
        for issue in validator.reader.issues.drain(..) {
            match found.iter_mut().find(|f| f.issue == issue) {
                Some(f) if f.last != point => {
                    f.last = point;
                    f.points += 1;
                }
                Some(_) => {}
                None => found.push(Found {
                    issue,
                    first: point,
                    last: point,
                    points: 1,
                }),
            }
        }
    }
    if found.is_empty() {
        return Ok(scenarios);
    }
    // An issue of some points only says at which point it appears first.
    let issues = found
        .into_iter()
        .map(
            |Found {
                 mut issue,
                 first,
                 points,
                 ..
             }| {
                if points < count {
                    let at: Vec<String> = scenarios[first]
                        .sweep
                        .iter()
                        .map(|(axis, value)| format!("{axis} = {value}"))
                        .collect();
                    issue
                        .message
                        .push_str(&format!(" (at sweep point {})", at.join(", ")));
                }
                issue
            },
        )
        .collect();
    Err(FileErrors::new(path, src, issues))
}

/// A distinct issue of a sweep: the first and last points it showed in, and in how
/// many.
struct Found {
    issue: Issue,
    first: usize,
    last: usize,
    points: usize,
}

/// The scenario files named by `paths`: a folder stands for its `*.toml` files (sorted
/// by name, not recursing), a file for itself. A path that does not exist, or a folder
/// with no scenario in it, is an error.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FileErrors> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| {
                FileErrors::whole_file(path, format!("cannot read the folder: {e}"))
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            if files.is_empty() {
                return Err(FileErrors::whole_file(
                    path,
                    "the folder holds no .toml scenario files",
                ));
            }
            files.sort();
            out.extend(files);
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(FileErrors::whole_file(path, "no such file or folder"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
