//! A run split over machines (docs/model.md §14): each shard runs one contiguous block
//! of the (point, trial) grid into a part folder, and a merge turns the parts into
//! exactly the files, byte for byte, that one run on one machine writes.
//!
//! - `block`: which block a shard runs ([`Shard`]: `--shard i/n` or a job array's
//!   index in the environment, [`requested`]) and its range of units.
//! - `manifest`: a part's [`Manifest`]: the scenario files' SHA-256 and those of the
//!   data files they read, the version, the overrides, the block, each file's rows and
//!   SHA-256. No time, host or thread count: a shard writes the same bytes wherever it
//!   runs.
//! - `part`: the [`PartWriter`], the batch's sink for a shard. The block's rows go
//!   through the run's own [`ResultWriter`](crate::output::ResultWriter), so they are
//!   the rows a whole run writes; `weekly.csv` adds what a result carries that no file
//!   of a run holds (the weekly series of the first trials, for the warm-up check),
//!   and `sets.csv` the metrics of each trial of the parameter sets, which a run
//!   folds into per-set means without writing (a set may be cut between two blocks);
//!   the scenario files are copied in.
//! - `read`: the [`PartReader`], rebuilding each unit's
//!   [`TrialResult`](crate::model::TrialResult)s from a part's rows, checking each file
//!   against the manifest as it reads.
//! - `merge`: the [`MergePlan`]: every part checked (same run, every block once, an
//!   identical retry accepted, the data files read now those the shards read), then
//!   the rebuilt results replayed in unit order through a new `ResultWriter`. The
//!   statistics, `summary.csv` and every other file, and the page after them, come
//!   from the same code as a run's.
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
pub use merge::{MergeError, MergePlan, Merged};
pub use part::{InputFile, Overrides, PartWriteError, PartWriter};
pub use read::PartReader;

use crate::vocabulary::named_enum;
use std::fmt;
use std::path::{Path, PathBuf};

/// The part-only file of weekly series.
pub const WEEKLY: &str = "weekly.csv";

/// The part-only file of the parameter sets' trials: their metrics, which no file of
/// a run holds trial by trial.
pub const SETS: &str = "sets.csv";

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

named_enum! {
    /// The columns of a part's `sets.csv` before one column per
    /// [`Metric`](crate::model::Metric): one trial of one structure in one parameter
    /// set.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SetsColumn {
        /// The point's index in the run, from 0.
        Point => "point",
        /// The parameter set's number, from 0.
        Set => "set",
        /// The structure's index in its point, from 0.
        Structure => "structure",
        /// The trial's number.
        Trial => "trial",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{run_block_with, tests::fake_trial, unit_count, units, BatchOptions};
    use crate::model::{Activity, GroupOutcome, Metric, PersonActivity, TrialResult, WeekStats};
    use crate::output::columns::sweep_columns;
    use crate::output::tests::point;
    use crate::scenario::{Duty, Scenario};

    /// Values a cell must carry back to the same bits: missing, negative zero, the
    /// smallest and largest magnitudes, a sum that is not its decimal's double.
    const AWKWARD: [f64; 6] = [
        f64::NAN,
        -0.0,
        5e-324,
        1.7976931348623157e308,
        0.1 + 0.2,
        -1e-7,
    ];

    fn awkward(s: &Scenario, k: usize, t: u32) -> TrialResult {
        let mut r = fake_trial(s, k, t);
        let x = |i: usize| AWKWARD[(i + t as usize + k) % AWKWARD.len()];
        r.metrics.set(Metric::LeadTimeMeanH, x(0));
        r.metrics.set(Metric::CostPerItem, x(1));
        r.people.push(PersonActivity {
            person: "po, \"the\" one\nand only".into(),
            role: "po".into(),
            activity: Duty::ALL[k % Duty::COUNT].name(),
            hours: x(2),
            share: x(3),
        });
        // Every activity that is not a duty reads back too.
        r.people.push(PersonActivity {
            person: "pm".into(),
            role: "pm".into(),
            activity: Activity::ALL[(k + t as usize) % Activity::COUNT].name(),
            hours: x(4),
            share: x(5),
        });
        r.groups.push(GroupOutcome {
            group: "sales, emea".into(),
            requests_arrived: x(1),
            requests_accepted: x(2),
            triage_wait_mean_h: x(3),
            lead_time_mean_h: x(4),
            value_per_week: x(5),
        });
        r.weekly = (0..3)
            .map(|w| WeekStats {
                done: w + t,
                answered: u32::MAX - w,
                latency_sum: x(w as usize),
            })
            .collect();
        r
    }

    /// The result as text: every float at full precision, -0 apart from 0, NaN equal to
    /// NaN.
    fn bits(r: &TrialResult) -> String {
        format!("{r:?}")
    }

    #[test]
    fn a_part_reads_back_to_the_results_bit_for_bit() {
        let points = [
            point("a", &[("team.squads", "1")], 3, 2),
            point("a", &[("team.squads", "2")], 25, 2),
        ];
        let units_total = unit_count(&points);
        let shard = Shard::new(1, 2).unwrap();
        let block = shard.block(units_total);
        let dir = tempfile::tempdir().unwrap();
        let mut writer = PartWriter::create(dir.path(), &points).unwrap();
        run_block_with(
            &points,
            block,
            &BatchOptions::default(),
            &mut writer,
            awkward,
        )
        .unwrap();
        let input = InputFile {
            path: "a.toml".into(),
            text: "name = \"a\"\n".into(),
        };
        let manifest = writer
            .finish(&[input], Overrides::default(), shard)
            .unwrap();
        assert_eq!((manifest.first_unit, manifest.end_unit), (14, 28));

        let columns = sweep_columns(&points);
        let mut reader = PartReader::open(dir.path(), &manifest, &points, &columns).unwrap();
        let mut rebuilt = Vec::new();
        for unit in units(&points, block) {
            let (p, t) = (unit.point, unit.trial);
            reader.unit(p, t, &mut rebuilt).unwrap();
            for (k, r) in rebuilt.iter().enumerate() {
                let mut expected = awkward(&points[p], k, t);
                // Only the series the statistics keep travel.
                if u64::from(t) >= crate::stats::WEEKLY_TRIALS {
                    expected.weekly.clear();
                }
                assert_eq!(
                    bits(r),
                    bits(&expected),
                    "point {p} trial {t} structure {k}"
                );
            }
        }
        reader.finish(&manifest).unwrap();
    }

    #[test]
    fn an_infinite_value_is_refused_by_the_shard() {
        let points = [point("a", &[], 2, 1)];
        let dir = tempfile::tempdir().unwrap();
        let mut writer = PartWriter::create(dir.path(), &points).unwrap();
        let block = crate::batch::UnitRange::all(&points);
        let err = run_block_with(
            &points,
            block,
            &BatchOptions::default(),
            &mut writer,
            |s, k, t| {
                let mut r = fake_trial(s, k, t);
                r.metrics.set(Metric::CostPerItem, f64::INFINITY);
                r
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("infinite"), "{err}");
    }
}
