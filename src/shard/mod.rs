//! A run split over machines (docs/model.md §14): each shard runs one contiguous block
//! of the (point, trial) grid into a part folder, and a merge turns the parts into
//! exactly the files, byte for byte, that one run on one machine writes.
//!
//! - `block`: which block a shard runs ([`Shard`]: `--shard i/n` or a job array's
//!   index in the environment, [`requested`]) and its range of units.
//! - `manifest`: a part's [`Manifest`]: the scenario files' SHA-256, the version,
//!   the overrides, the block, each file's rows and SHA-256. No time, host or thread
//!   count: a shard writes the same bytes wherever it runs.
//! - `part`: the [`PartWriter`], the batch's sink for a shard. The block's rows go
//!   through the run's own [`ResultWriter`](crate::output::ResultWriter), so they are
//!   the rows a whole run writes; `weekly.csv` adds what a result carries that no file
//!   of a run holds (the weekly series of the first trials, for the warm-up check);
//!   the scenario files are copied in.
//! - `read`: the [`PartReader`], rebuilding each unit's
//!   [`TrialResult`](crate::model::TrialResult)s from a part's rows, checking each file
//!   against the manifest as it reads.
//! - `merge`: the [`MergePlan`]: every part checked (same run, every block once, an
//!   identical retry accepted), then the rebuilt results replayed in unit order
//!   through a new `ResultWriter`. The statistics, `summary.csv` and every other file,
//!   and the page after them, come from the same code as a run's.
//!
//! A merge reads one part at a time, row by row: memory does not grow with the number
//! of trials, and by a few hundred bytes of manifest per shard.

mod block;
mod manifest;
mod merge;
mod part;
mod read;

pub use block::{requested, Shard};
pub use manifest::{Manifest, MANIFEST, PART_FORMAT, VERSION};
pub use merge::{MergeError, MergePlan};
pub use part::{InputFile, Overrides, PartWriteError, PartWriter};
pub use read::PartReader;

use crate::vocabulary::named_enum;
use std::fmt;
use std::path::{Path, PathBuf};

/// The part-only file of weekly series.
pub const WEEKLY: &str = "weekly.csv";

named_enum! {
    /// The columns of a part's `weekly.csv`: one week of one trial of one structure,
    /// for the trials whose weekly series the statistics keep.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WeeklyColumn {
        /// The point's index in the run, from 0.
        Point => "point",
        /// The structure's index in its point, from 0.
        Structure => "structure",
        /// The trial's number.
        Trial => "trial",
        /// The week's number from time 0, warm-up included.
        Week => "week",
        /// Items done in the week.
        Done => "done",
        /// Questions answered in the week.
        Answered => "answered",
        /// Sum of their decision latencies, hours.
        LatencySum => "latency_sum",
    }
}

/// Something wrong in a part: a file that is missing, cut, changed or out of place.
/// Always bad input: the part is given by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartError {
    path: PathBuf,
    line: Option<u64>,
    message: String,
}

impl PartError {
    /// An error of the file or folder at `path`.
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        PartError::at(path, None, message.into())
    }

    /// An error of line `line` of the file at `path`.
    pub fn at(path: &Path, line: Option<u64>, message: String) -> Self {
        PartError {
            path: path.to_path_buf(),
            line,
            message,
        }
    }

    /// An error of the CSV reader on the file at `path`.
    pub fn csv(path: &Path, e: csv::Error) -> Self {
        let line = e.position().map(csv::Position::line);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "a row of {len} fields where {expected_len} are expected: the file was cut \
                 or changed"
            ),
            _ => e.to_string(),
        };
        PartError::at(path, line, message)
    }
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PartError {}
