//! Writing a part: the rows of one block through the run's own [`ResultWriter`], the
//! weekly series no CSV of a run holds, copies of the scenario files, and the
//! manifest.

use super::block::Shard;
use super::manifest::{
    inputs_digest, open_hashed, sha256_hex, DataEntry, FileEntry, Manifest, ScenarioEntry,
    MANIFEST, PART_FORMAT, VERSION,
};
use super::{SetsColumn, WeeklyColumn, SETS, WEEKLY};
use crate::batch::{unit_count, TrialSink};
use crate::model::{GroupOutcome, Metric, PersonActivity, TrialResult, WeekStats};
use crate::output::columns::{GROUPS, PEOPLE, TRIALS};
use crate::output::{OutputError, ResultWriter};
use crate::scenario::{load_str_seeded, FileErrors, Scenario, SetIndex};
use crate::stats::WEEKLY_TRIALS;
use std::fmt::Write as _;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The command line's overrides of every file's `[run]`, applied the same way by a
/// run, a shard and a merge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--trials`: trials per structure.
    pub trials: Option<u32>,
    /// `--seed`: the master seed.
    pub seed: Option<u64>,
}

impl Overrides {
    /// Sets every point's trials and seed where the command line gave them, and the
    /// seed of its parameter sets (whose trials are `[uncertainty] trials`, whatever
    /// `--trials` says). The sets themselves are drawn with the seed as the files are
    /// read ([`InputFile::points`]).
    pub fn apply(&self, points: &mut [Scenario]) {
        for point in points {
            if let Some(trials) = self.trials {
                point.run.trials = trials;
            }
            if let Some(seed) = self.seed {
                point.run.seed = seed;
                let sets = point.uncertainty.iter_mut().flat_map(|u| &mut u.sets);
                for set in sets {
                    set.scenario.run.seed = seed;
                }
            }
        }
    }
}

/// One scenario file as a shard read it: the path it was given and its text.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The path as given (relative `empirical` files are found from it).
    pub path: PathBuf,
    /// The file's text, exactly as read.
    pub text: String,
}

impl InputFile {
    /// Reads the file at `path`.
    pub fn read(path: &Path) -> io::Result<InputFile> {
        Ok(InputFile {
            path: path.to_path_buf(),
            text: std::fs::read_to_string(path)?,
        })
    }

    /// Validates the text into its points, as if read from `path`.
    pub fn points(&self) -> Result<Vec<Scenario>, FileErrors> {
        self.points_seeded(None)
    }

    /// As [`InputFile::points`], the parameter sets drawn with `seed` (`--seed`) when
    /// it is given.
    pub fn points_seeded(&self, seed: Option<u64>) -> Result<Vec<Scenario>, FileErrors> {
        load_str_seeded(&self.text, &self.path, seed)
    }
}

/// Writes one block's part into a folder (normally a [`Staging`](crate::output::Staging)
/// folder), as the batch hands it the block's units.
///
/// `trials.csv`, `people.csv` and `groups.csv` are written by the run's own
/// [`ResultWriter`], so they are the rows of the block as a whole run writes them;
/// `weekly.csv` holds what a result carries that no file of a run holds: the weekly
/// series the warm-up check reads, of the trials it reads them of; `sets.csv` the
/// metrics of every trial of the parameter sets, which a run folds into each set's
/// means as the set ends (a block may end within a set).
pub struct PartWriter<'a> {
    dir: PathBuf,
    points: &'a [Scenario],
    rows: ResultWriter<'a>,
    weekly: csv::Writer<File>,
    sets: csv::Writer<File>,
    number: String,
}

/// What can stop the writing of a part.
#[derive(Debug, thiserror::Error)]
pub enum PartWriteError {
    /// Writing a file failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A result holds a value that a CSV cell cannot carry back exactly.
    #[error(
        "{0}: a CSV cell holds it as an empty cell, so a merge could not rebuild it; \
         run this scenario on one machine"
    )]
    NotCarried(String),
}

impl<'a> PartWriter<'a> {
    /// Creates the part's files in `dir` for a run of `points`.
    pub fn create(dir: &Path, points: &'a [Scenario]) -> Result<Self, OutputError> {
        let rows = ResultWriter::create(dir, points)?;
        let path = dir.join(WEEKLY);
        let mut weekly = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
            path: path.clone(),
            source,
        })?;
        weekly
            .write_record(WeeklyColumn::NAMES)
            .map_err(|source| OutputError::Csv { path, source })?;
        let path = dir.join(SETS);
        let mut sets = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
            path: path.clone(),
            source,
        })?;
        sets.write_record(SetsColumn::NAMES.iter().chain(&Metric::NAMES))
            .map_err(|source| OutputError::Csv { path, source })?;
        Ok(PartWriter {
            dir: dir.to_path_buf(),
            points,
            rows,
            weekly,
            sets,
            number: String::with_capacity(32),
        })
    }

    /// Flushes the rows, copies the scenario files and writes the manifest of `shard`,
    /// which it returns. The manifest lists, per scenario file, the data files its
    /// points read as they were loaded, with the digest of what each held then.
    pub fn finish(
        self,
        inputs: &[InputFile],
        overrides: Overrides,
        shard: Shard,
    ) -> Result<Manifest, OutputError> {
        let PartWriter {
            dir,
            points,
            rows,
            mut weekly,
            mut sets,
            ..
        } = self;
        rows.finish_rows()?;
        for (writer, name) in [(&mut weekly, WEEKLY), (&mut sets, SETS)] {
            writer
                .flush()
                .map_err(|e| io_err("write", &dir.join(name), e))?;
        }
        drop(weekly);
        drop(sets);

        let mut scenarios = Vec::with_capacity(inputs.len());
        let mut first_point = 0;
        for (k, input) in inputs.iter().enumerate() {
            let copy = format!("scenario-{k}.toml");
            let path = dir.join(&copy);
            std::fs::write(&path, &input.text).map_err(|e| io_err("write", &path, e))?;
            // The points of one file follow each other in the run, named by the file.
            let name = points.get(first_point).map_or("", |p| p.name.as_str());
            let count = points[first_point..]
                .iter()
                .take_while(|p| p.name == name)
                .count();
            let own = &points[first_point..first_point + count];
            scenarios.push(ScenarioEntry {
                file: input.path.to_string_lossy().into_owned(),
                copy,
                sha256: sha256_hex(input.text.as_bytes()),
                name: name.to_string(),
                points: count as u64,
                units: unit_count(own),
                seed: own.first().map_or(0, |p| p.run.seed).to_string(),
                data: DataEntry::of(own),
            });
            first_point += count;
        }

        let mut files = Vec::new();
        for name in [TRIALS.name, PEOPLE.name, GROUPS.name, WEEKLY, SETS] {
            let path = dir.join(name);
            let (rows, sha256) = count_rows(&path).map_err(|e| io_err("read", &path, e))?;
            files.push(FileEntry {
                name: name.to_string(),
                rows,
                sha256,
            });
        }
        let units = unit_count(points);
        let block = shard.block(units);
        let manifest = Manifest {
            part_format: PART_FORMAT,
            orgsim: VERSION.to_string(),
            inputs: inputs_digest(&scenarios),
            seed: overrides.seed.map(|s| s.to_string()),
            trials: overrides.trials,
            units,
            shards: shard.count(),
            shard: shard.index(),
            first_unit: block.start,
            end_unit: block.end,
            scenarios,
            files,
        };
        let path = dir.join(MANIFEST);
        std::fs::write(&path, manifest.to_text()).map_err(|e| io_err("write", &path, e))?;
        Ok(manifest)
    }

    fn weekly_row(
        &mut self,
        point: usize,
        structure: usize,
        trial: u32,
        week: usize,
        stats: &WeekStats,
    ) -> csv::Result<()> {
        let WeekStats {
            done,
            answered,
            latency_sum,
        } = *stats;
        // `{}` on f64 reads back to the same value, NaN and infinities included.
        let cells: [&dyn std::fmt::Display; 7] = [
            &point,
            &structure,
            &trial,
            &week,
            &done,
            &answered,
            &latency_sum,
        ];
        for cell in cells {
            self.number.clear();
            let _ = write!(self.number, "{cell}");
            self.weekly.write_field(&self.number)?;
        }
        self.weekly.write_record(None::<&[u8]>)
    }

    /// The row of `sets.csv` of structure `structure` in trial `trial` of set `set`.
    fn set_row(
        &mut self,
        point: usize,
        set: SetIndex,
        structure: usize,
        trial: u32,
        result: &TrialResult,
    ) -> csv::Result<()> {
        let key: [&dyn std::fmt::Display; 4] = [&point, &set.0, &structure, &trial];
        for cell in key {
            self.number.clear();
            let _ = write!(self.number, "{cell}");
            self.sets.write_field(&self.number)?;
        }
        // `{}` on f64 reads back to the same value; NaN (no observation) too.
        for x in &result.metrics.0 {
            self.number.clear();
            let _ = write!(self.number, "{x}");
            self.sets.write_field(&self.number)?;
        }
        self.sets.write_record(None::<&[u8]>)
    }
}

impl TrialSink for PartWriter<'_> {
    type Error = PartWriteError;

    fn set_trial(
        &mut self,
        point: usize,
        set: SetIndex,
        trial: u32,
        results: &[TrialResult],
    ) -> Result<(), PartWriteError> {
        let scenario = &self.points[point];
        for (k, result) in results.iter().enumerate() {
            if result.metrics.0.iter().any(|x| x.is_infinite()) {
                let name = scenario.structures.get(k).map_or("", |s| s.name.as_str());
                return Err(PartWriteError::NotCarried(format!(
                    "trial {trial} of {name} in parameter set {} of {} gave an infinite metric",
                    set.0, scenario.name
                )));
            }
            self.set_row(point, set, k, trial, result)
                .map_err(|source| OutputError::Csv {
                    path: self.dir.join(SETS),
                    source,
                })?;
        }
        Ok(())
    }

    fn trial(
        &mut self,
        point: usize,
        trial: u32,
        results: &[TrialResult],
    ) -> Result<(), PartWriteError> {
        let scenario = &self.points[point];
        for (structure, result) in scenario.structures.iter().zip(results) {
            if let Some(what) = not_carried(result) {
                return Err(PartWriteError::NotCarried(format!(
                    "trial {trial} of {} in {} gave an infinite {what}",
                    structure.name, scenario.name
                )));
            }
        }
        self.rows.trial(point, trial, results)?;
        // The statistics keep the weekly series of the first trials only.
        if u64::from(trial) < WEEKLY_TRIALS {
            for (k, result) in results.iter().enumerate() {
                for (week, stats) in result.weekly.iter().enumerate() {
                    self.weekly_row(point, k, trial, week, stats)
                        .map_err(|source| OutputError::Csv {
                            path: self.dir.join(WEEKLY),
                            source,
                        })?;
                }
            }
        }
        Ok(())
    }
}

/// The first value of `result` that its CSV rows cannot carry: an infinity, which a
/// cell of a run's files holds as empty (read back as NaN). Fields are listed whole,
/// so a new one must be placed here or the build fails.
fn not_carried(result: &TrialResult) -> Option<&'static str> {
    let TrialResult {
        metrics,
        people,
        groups,
        ledger: _,
        weekly: _,
    } = result;
    if metrics.0.iter().any(|x| x.is_infinite()) {
        return Some("metric");
    }
    for person in people {
        let PersonActivity {
            person: _,
            role: _,
            activity: _,
            hours,
            share,
        } = person;
        if hours.is_infinite() || share.is_infinite() {
            return Some("number of hours in people.csv");
        }
    }
    for group in groups {
        let GroupOutcome {
            group: _,
            requests_arrived,
            requests_accepted,
            triage_wait_mean_h,
            lead_time_mean_h,
            value_per_week,
        } = group;
        let values = [
            requests_arrived,
            requests_accepted,
            triage_wait_mean_h,
            lead_time_mean_h,
            value_per_week,
        ];
        if values.iter().any(|x| x.is_infinite()) {
            return Some("value in groups.csv");
        }
    }
    None
}

/// The rows (header not counted) and SHA-256 of a CSV file, read once.
pub(super) fn count_rows(path: &Path) -> io::Result<(u64, String)> {
    let hashed = open_hashed(path).map_err(|e| io::Error::other(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(hashed);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(io::Error::other)?
    {
        rows += 1;
    }
    // Whatever the CSV reader left unread (nothing, at its end) is hashed too.
    let mut hashed = reader.into_inner();
    io::copy(&mut hashed, &mut io::sink())?;
    Ok((rows, hashed.digest()))
}

fn io_err(action: &'static str, path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}
