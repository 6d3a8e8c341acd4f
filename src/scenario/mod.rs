//! Scenario files: parsing, validation, sweep expansion and parameter sets.
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
//! of its own. `uncertainty` reads the ranges of `[uncertainty]` (resolving paths as
//! the sweep does) and draws the parameter sets; each set is a point's tree with the
//! set's values set, validated the same way, and held by its point
//! ([`Scenario::uncertainty`]).
//!
//! This module owns reading files and folders and the error report (`error`), and
//! reports an error about a file already read at the place it writes a field
//! ([`field_error`], for a run the work estimate refuses). It does not apply the
//! command line's `--trials`/`--seed` to [`Scenario::run`] (the caller does); only the
//! seed that draws the parameter sets is taken here ([`load_file_seeded`]), since the
//! sets are drawn and validated as the file is read.

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
mod uncertainty;
mod validate;

pub use demand::DemandSchedule;
pub use error::{FileErrors, ScenarioError};
pub use locate::field_error;
pub use person_time::{OtherWork, Pattern, PersonTime};
pub use schema::{fields_table, MAX_TRIALS};
pub use types::*;
pub use uncertainty::{ParameterSet, SetIndex, Uncertainty};

use error::Issue;
use std::path::{Path, PathBuf};

/// Reads, validates and expands one scenario file: one [`Scenario`] per sweep point,
/// each with the parameter sets of its `[uncertainty]`, drawn with the file's seed.
pub fn load_file(path: &Path) -> Result<Vec<Scenario>, FileErrors> {
    load_file_seeded(path, None)
}

/// As [`load_file`], the parameter sets drawn with `seed` (the command line's `--seed`)
/// when it is given, rather than the file's `run.seed`: what is drawn depends on the
/// run's seed, whichever says it.
pub fn load_file_seeded(path: &Path, seed: Option<u64>) -> Result<Vec<Scenario>, FileErrors> {
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
        Ok(src) => load_str_seeded(&src, path, seed),
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
    load_str_seeded(src, path, None)
}

/// As [`load_file_seeded`], from text already read.
pub fn load_str_seeded(
    src: &str,
    path: &Path,
    seed: Option<u64>,
) -> Result<Vec<Scenario>, FileErrors> {
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
    let count = sweep::points(&axes);
    let ranges = uncertainty::read(&root, src, base_dir, &axes, count, &mut issues);

    if !issues.is_empty() {
        // A broken sweep or range: check the file as written, to find what else is wrong.
        validator.scenario(&root, path, Vec::new());
        issues.append(&mut validator.reader.issues);
        return Err(FileErrors::new(path, src, issues));
    }

    let sets = ranges.as_ref().map_or(0, |r| r.draw_count());
    let cases = count * (1 + sets);
    let mut scenarios: Vec<Scenario> = Vec::with_capacity(count);
    let mut draws = Vec::new();
    let mut found = Found::default();
    for point in 0..count {
        let mut tree = root.clone();
        let mut labels = Vec::with_capacity(axes.len());
        for (axis, i) in axes.iter().zip(sweep::indices(&axes, point)) {
            axis.set(&mut tree, i);
            labels.push((axis.place.name.clone(), axis.texts[i].clone()));
        }
        let mut scenario = validator.scenario(&tree, path, labels);
        found.add(&mut validator.reader.issues, Case { point, set: None });
        if let Some(ranges) = &ranges {
            if draws.is_empty() {
                // The same sets at every point: drawn once, with the run's seed.
                draws = ranges.draw(seed.unwrap_or(scenario.run.seed), &scenario.name);
            }
            let mut sets = Vec::with_capacity(draws.len());
            for (s, draw) in draws.iter().enumerate() {
                let mut set_tree = tree.clone();
                ranges.set(&mut set_tree, draw);
                let mut set = validator.scenario(&set_tree, path, scenario.sweep.clone());
                found.add(
                    &mut validator.reader.issues,
                    Case {
                        point,
                        set: Some(s),
                    },
                );
                set.run.trials = ranges.trials();
                sets.push(ParameterSet {
                    texts: draw.texts.clone(),
                    numbers: draw.numbers.clone(),
                    scenario: set,
                });
            }
            scenario.uncertainty = Some(Uncertainty {
                parameters: ranges.names(),
                trials: ranges.trials(),
                sets,
            });
        }
        scenarios.push(scenario);
    }
    if found.issues.is_empty() {
        return Ok(scenarios);
    }
    // An issue of some points or sets only says at which it appears first.
    let issues = found
        .issues
        .into_iter()
        .map(|f| {
            let mut issue = f.issue;
            if f.cases < cases {
                let mut at = f.first.words(&scenarios, &draws);
                if f.sets > 1 {
                    at.push_str(&format!(", and {} more parameter sets", f.sets - 1));
                }
                issue.message.push_str(&format!(" (at {at})"));
            }
            issue
        })
        .collect();
    Err(FileErrors::new(path, src, issues))
}

/// One validation of a file: a sweep point as written, or one parameter set at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case {
    point: usize,
    set: Option<usize>,
}

impl Case {
    /// Where the case stands, for a message: `sweep point team.squads = 2, parameter
    /// set 3: work.x = 1.5`, or `the file as written`.
    fn words(self, scenarios: &[Scenario], draws: &[uncertainty::Draw]) -> String {
        let mut parts = Vec::new();
        let sweep: Vec<String> = scenarios
            .get(self.point)
            .map(|s| s.sweep.iter().map(|(a, v)| format!("{a} = {v}")).collect())
            .unwrap_or_default();
        if !sweep.is_empty() {
            parts.push(format!("sweep point {}", sweep.join(", ")));
        }
        if let Some(set) = self.set {
            let values = scenarios
                .get(self.point)
                .and_then(|s| s.uncertainty.as_ref())
                .map(|u| {
                    u.parameters
                        .iter()
                        .zip(&draws[set].texts)
                        .map(|(name, value)| format!("{name} = {value}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            parts.push(format!("parameter set {set}: {values}"));
        }
        if parts.is_empty() {
            parts.push("the file as written".to_string());
        }
        parts.join(", ")
    }
}

/// The distinct issues of a file's cases: each with the first case it showed in, and
/// in how many.
#[derive(Default)]
struct Found {
    issues: Vec<FoundIssue>,
}

/// One distinct issue.
struct FoundIssue {
    issue: Issue,
    first: Case,
    last: Case,
    /// Cases it showed in.
    cases: usize,
    /// Parameter sets among them.
    sets: usize,
}

impl Found {
    /// Takes the issues of `case`. In a parameter set, an issue of the same field at
    /// the same place is the same whatever the value drawn: a range that reaches past
    /// what a field allows is told once, at the first set, not once per set.
    fn add(&mut self, issues: &mut Vec<Issue>, case: Case) {
        for issue in issues.drain(..) {
            let same = |f: &&mut FoundIssue| {
                f.issue == issue
                    || (case.set.is_some()
                        && f.issue.span == issue.span
                        && f.issue.field == issue.field)
            };
            match self.issues.iter_mut().find(same) {
                Some(f) if f.last != case => {
                    f.last = case;
                    f.cases += 1;
                    f.sets += usize::from(case.set.is_some());
                }
                Some(_) => {}
                None => self.issues.push(FoundIssue {
                    issue,
                    first: case,
                    last: case,
                    cases: 1,
                    sets: usize::from(case.set.is_some()),
                }),
            }
        }
    }
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
