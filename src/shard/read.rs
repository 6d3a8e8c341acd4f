//! Reading a part back: its rows, one unit at a time, rebuilt into the
//! [`TrialResult`]s the shard's batch produced, every file checked against the
//! manifest (rows and SHA-256) in the same pass.
//!
//! Numbers come back exactly: a run writes the shortest decimal that reads back to the
//! same `f64`, and an empty cell is `NaN` (the shard refused infinities, which a cell
//! cannot tell from `NaN`). Each row's key (scenario, structure, sweep values, trial)
//! is checked against the unit it is read for, so a row out of place is an error, not
//! a wrong result.

use super::manifest::{open_hashed, HashingReader, Manifest};
use super::{PartError, SetsColumn, WeeklyColumn, SETS, WEEKLY};
use crate::model::{
    Activity, GroupOutcome, Ledger, Metric, PersonActivity, TrialMetrics, TrialResult, WeekStats,
};
use crate::output::columns::{
    CsvFile, GroupsColumn, PeopleColumn, TrialsColumn, GROUPS, PEOPLE, TRIALS,
};
use crate::scenario::{Duty, Scenario, SetIndex};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The rows of one part, read in unit order.
pub struct PartReader<'a> {
    points: &'a [Scenario],
    sweep_columns: &'a [String],
    trials: Rows,
    people: Rows,
    groups: Rows,
    weekly: Rows,
    sets: Rows,
}

impl<'a> PartReader<'a> {
    /// Opens the files of the part in `dir` and checks their headers: those of a run of
    /// `points`, whose sweep columns are `sweep_columns`.
    pub fn open(
        dir: &Path,
        manifest: &Manifest,
        points: &'a [Scenario],
        sweep_columns: &'a [String],
    ) -> Result<Self, PartError> {
        let open = |file: &CsvFile| {
            let header = file.header(sweep_columns);
            Rows::open(dir, file.name, manifest, &header)
        };
        Ok(PartReader {
            points,
            sweep_columns,
            trials: open(&TRIALS)?,
            people: open(&PEOPLE)?,
            groups: open(&GROUPS)?,
            weekly: Rows::open(dir, WEEKLY, manifest, &WeeklyColumn::NAMES)?,
            sets: Rows::open(dir, SETS, manifest, &sets_header())?,
        })
    }

    /// Rebuilds the results of trial `trial` of parameter set `set` of point `point`,
    /// every structure, into `out` (cleared first): their metrics, all that a run
    /// reads of a set's trial.
    pub fn set_unit(
        &mut self,
        point: usize,
        set: SetIndex,
        trial: u32,
        out: &mut Vec<TrialResult>,
    ) -> Result<(), PartError> {
        out.clear();
        let structures = self.points[point].structures.len();
        let rows = &mut self.sets;
        for k in 0..structures {
            let key = [
                (SetsColumn::Point, point.to_string()),
                (SetsColumn::Set, set.0.to_string()),
                (SetsColumn::Structure, k.to_string()),
                (SetsColumn::Trial, trial.to_string()),
            ];
            let belongs = |row: &csv::ByteRecord| {
                key.iter()
                    .all(|(c, k)| row.get(c.index()) == Some(k.as_bytes()))
            };
            let Some(row) = rows.take_if(belongs)? else {
                let sought = format!(
                    "the row of trial {trial} of structure {k} in parameter set {} of point                      {point}",
                    set.0
                );
                return Err(match &rows.next {
                    Some(row) => rows.error(
                        row,
                        format!("{sought} should come here: the file was changed"),
                    ),
                    None => PartError::new(
                        &rows.path,
                        format!("it ends before {sought}: the file was cut"),
                    ),
                });
            };
            let mut metrics = TrialMetrics::default();
            for metric in Metric::ALL {
                let x = rows.number(&row, SetsColumn::COUNT + metric.index(), metric.name())?;
                metrics.set(metric, x);
            }
            out.push(TrialResult {
                metrics,
                people: Vec::new(),
                groups: Vec::new(),
                ledger: Ledger::default(),
                weekly: Vec::new(),
            });
        }
        Ok(())
    }

    /// Rebuilds the results of trial `trial` of point `point`, every structure, into
    /// `out` (cleared first).
    pub fn unit(
        &mut self,
        point: usize,
        trial: u32,
        out: &mut Vec<TrialResult>,
    ) -> Result<(), PartError> {
        out.clear();
        let trial_text = trial.to_string();
        let scenario = &self.points[point];
        // The point's value of each sweep column, empty where it does not sweep it.
        let sweep: Vec<&str> = self
            .sweep_columns
            .iter()
            .map(|column| {
                scenario
                    .sweep
                    .iter()
                    .find(|(path, _)| path == column)
                    .map_or("", |(_, value)| value.as_str())
            })
            .collect();
        for (k, structure) in scenario.structures.iter().enumerate() {
            let key = Key {
                scenario: &scenario.name,
                structure: &structure.name,
                sweep: &sweep,
                trial: &trial_text,
            };
            let metrics = self.metrics(&key)?;
            let people = self.people(&key)?;
            let groups = self.groups(&key)?;
            let weekly = self.weekly(point, k, trial)?;
            out.push(TrialResult {
                metrics,
                people,
                groups,
                // The books of conservation tests: no file of a run shows them.
                ledger: Ledger::default(),
                weekly,
            });
        }
        Ok(())
    }

    /// Checks that every file is read to its end, with the rows and checksum its
    /// manifest gives.
    pub fn finish(self, manifest: &Manifest) -> Result<(), PartError> {
        for rows in [
            self.trials,
            self.people,
            self.groups,
            self.weekly,
            self.sets,
        ] {
            rows.finish(manifest)?;
        }
        Ok(())
    }

    fn metrics(&mut self, key: &Key) -> Result<TrialMetrics, PartError> {
        let rows = &mut self.trials;
        let Some(row) = rows.take_if(|row| key.matches(row, TrialsColumn::Trial.index()))? else {
            return Err(rows.missing(key));
        };
        let first = TRIALS.key.len() + key.sweep.len() + TRIALS.fields.len();
        let mut metrics = TrialMetrics::default();
        for metric in Metric::ALL {
            let x = rows.number(&row, first + metric.index(), metric.name())?;
            metrics.set(metric, x);
        }
        Ok(metrics)
    }

    fn people(&mut self, key: &Key) -> Result<Vec<PersonActivity>, PartError> {
        let rows = &mut self.people;
        let at = |c: PeopleColumn| PEOPLE.key.len() + key.sweep.len() + c.index();
        let mut out = Vec::new();
        while let Some(row) = rows.take_if(|row| key.matches(row, PeopleColumn::Trial.index()))? {
            let activity = rows.text(&row, at(PeopleColumn::Activity))?;
            let activity = Duty::from_name(activity)
                .map(Duty::name)
                .or_else(|| Activity::from_name(activity).map(Activity::name))
                .ok_or_else(|| {
                    rows.error(&row, format!("{activity:?} is not an activity of a person"))
                })?;
            out.push(PersonActivity {
                person: rows.text(&row, at(PeopleColumn::Person))?.to_string(),
                role: rows.text(&row, at(PeopleColumn::Role))?.to_string(),
                activity,
                hours: rows.number(&row, at(PeopleColumn::Hours), PeopleColumn::Hours.name())?,
                share: rows.number(&row, at(PeopleColumn::Share), PeopleColumn::Share.name())?,
            });
        }
        Ok(out)
    }

    fn groups(&mut self, key: &Key) -> Result<Vec<GroupOutcome>, PartError> {
        let rows = &mut self.groups;
        let at = |c: GroupsColumn| GROUPS.key.len() + key.sweep.len() + c.index();
        let mut out = Vec::new();
        while let Some(row) = rows.take_if(|row| key.matches(row, GroupsColumn::Trial.index()))? {
            let number = |c: GroupsColumn| rows.number(&row, at(c), c.name());
            out.push(GroupOutcome {
                group: rows.text(&row, at(GroupsColumn::Group))?.to_string(),
                requests_arrived: number(GroupsColumn::RequestsArrived)?,
                requests_accepted: number(GroupsColumn::RequestsAccepted)?,
                triage_wait_mean_h: number(GroupsColumn::TriageWaitMeanH)?,
                lead_time_mean_h: number(GroupsColumn::LeadTimeMeanH)?,
                value_per_week: number(GroupsColumn::ValuePerWeek)?,
            });
        }
        Ok(out)
    }

    fn weekly(
        &mut self,
        point: usize,
        structure: usize,
        trial: u32,
    ) -> Result<Vec<WeekStats>, PartError> {
        let rows = &mut self.weekly;
        let key = [
            (WeeklyColumn::Point, point.to_string()),
            (WeeklyColumn::Structure, structure.to_string()),
            (WeeklyColumn::Trial, trial.to_string()),
        ];
        let mut out = Vec::new();
        let belongs = |row: &csv::ByteRecord| {
            key.iter()
                .all(|(c, k)| row.get(c.index()) == Some(k.as_bytes()))
        };
        while let Some(row) = rows.take_if(belongs)? {
            let at = |c: WeeklyColumn| c.index();
            let week = rows.whole(&row, at(WeeklyColumn::Week))?;
            if week != out.len() as u64 {
                return Err(rows.error(&row, format!("week {week} out of order")));
            }
            let count = |c: WeeklyColumn| -> Result<u32, PartError> {
                let n = rows.whole(&row, at(c))?;
                u32::try_from(n).map_err(|_| rows.error(&row, format!("{n} is too large")))
            };
            let latency = WeeklyColumn::LatencySum;
            out.push(WeekStats {
                done: count(WeeklyColumn::Done)?,
                answered: count(WeeklyColumn::Answered)?,
                latency_sum: rows.number(&row, at(latency), latency.name())?,
            });
        }
        Ok(out)
    }
}

/// The header of a part's `sets.csv`.
fn sets_header() -> Vec<&'static str> {
    SetsColumn::NAMES
        .iter()
        .chain(&Metric::NAMES)
        .copied()
        .collect()
}

/// The key cells a unit's rows of one structure carry.
struct Key<'a> {
    scenario: &'a str,
    structure: &'a str,
    sweep: &'a [&'a str],
    trial: &'a str,
}

impl Key<'_> {
    /// Whether `row` is of this key, its trial in field `trial_field`. Every file read
    /// here is keyed by scenario and structure, as `trials.csv` is.
    fn matches(&self, row: &csv::ByteRecord, trial_field: usize) -> bool {
        let sweep_at = TRIALS.key.len();
        row.get(0) == Some(self.scenario.as_bytes())
            && row.get(1) == Some(self.structure.as_bytes())
            && self
                .sweep
                .iter()
                .enumerate()
                .all(|(i, value)| row.get(sweep_at + i) == Some(value.as_bytes()))
            && row.get(sweep_at + self.sweep.len() + trial_field) == Some(self.trial.as_bytes())
    }

    fn describe(&self) -> String {
        format!(
            "trial {} of structure {} in scenario {}",
            self.trial, self.structure, self.scenario
        )
    }
}

/// One CSV file of a part, read row by row with one row of look-ahead, hashed as it is
/// read.
struct Rows {
    name: &'static str,
    path: PathBuf,
    reader: csv::Reader<HashingReader<BufReader<File>>>,
    /// The next row, read but not taken.
    next: Option<csv::ByteRecord>,
    /// Rows taken so far.
    taken: u64,
}

impl Rows {
    fn open(
        dir: &Path,
        name: &'static str,
        manifest: &Manifest,
        header: &[&str],
    ) -> Result<Self, PartError> {
        let path = dir.join(name);
        if !manifest.files.iter().any(|f| f.name == name) {
            return Err(PartError::new(
                &dir.join(super::manifest::MANIFEST),
                format!("it lists no {name}"),
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(open_hashed(&path)?);
        let found = reader
            .byte_headers()
            .map_err(|e| PartError::csv(&path, e))?;
        if found.iter().ne(header.iter().map(|h| h.as_bytes())) {
            return Err(PartError::new(
                &path,
                format!(
                    "its header is not that of this run's {name}: {:?}",
                    String::from_utf8_lossy(found.as_slice())
                ),
            ));
        }
        Ok(Rows {
            name,
            path,
            reader,
            next: None,
            taken: 0,
        })
    }

    /// The next row if `belongs` says it is one of the rows sought.
    fn take_if(
        &mut self,
        belongs: impl Fn(&csv::ByteRecord) -> bool,
    ) -> Result<Option<csv::ByteRecord>, PartError> {
        if self.next.is_none() {
            let mut row = csv::ByteRecord::new();
            if self
                .reader
                .read_byte_record(&mut row)
                .map_err(|e| PartError::csv(&self.path, e))?
            {
                self.next = Some(row);
            }
        }
        match self.next.take() {
            Some(row) if belongs(&row) => {
                self.taken += 1;
                Ok(Some(row))
            }
            other => {
                self.next = other;
                Ok(None)
            }
        }
    }

    /// The error for a row that should come next and does not.
    fn missing(&self, key: &Key) -> PartError {
        let sought = key.describe();
        match &self.next {
            Some(row) => self.error(
                row,
                format!("the row of {sought} should come here: the file was changed"),
            ),
            None => PartError::new(
                &self.path,
                format!("it ends before the row of {sought}: the file was cut"),
            ),
        }
    }

    fn text<'r>(&self, row: &'r csv::ByteRecord, field: usize) -> Result<&'r str, PartError> {
        let cell = row
            .get(field)
            .ok_or_else(|| self.error(row, format!("it has no field {}", field + 1)))?;
        std::str::from_utf8(cell).map_err(|_| self.error(row, "it is not UTF-8 text".to_string()))
    }

    /// A number cell: empty is `NaN`, anything else the `f64` it reads as.
    fn number(&self, row: &csv::ByteRecord, field: usize, column: &str) -> Result<f64, PartError> {
        let text = self.text(row, field)?;
        if text.is_empty() {
            return Ok(f64::NAN);
        }
        text.parse()
            .map_err(|_| self.error(row, format!("{column} is {text:?}, not a number")))
    }

    fn whole(&self, row: &csv::ByteRecord, field: usize) -> Result<u64, PartError> {
        let text = self.text(row, field)?;
        text.parse()
            .map_err(|_| self.error(row, format!("{text:?} is not a whole number")))
    }

    fn error(&self, row: &csv::ByteRecord, message: String) -> PartError {
        let line = row.position().map(csv::Position::line);
        PartError::at(&self.path, line, message)
    }

    /// Checks that the file ends here, with the rows and checksum of the manifest.
    fn finish(mut self, manifest: &Manifest) -> Result<(), PartError> {
        if let Some(row) = self.take_if(|_| true)? {
            return Err(self.error(&row, "a row past the part's last unit".to_string()));
        }
        let entry = manifest.files.iter().find(|f| f.name == self.name);
        let mut hashed = self.reader.into_inner();
        std::io::copy(&mut hashed, &mut std::io::sink())
            .map_err(|e| PartError::new(&self.path, format!("cannot read it: {e}")))?;
        let digest = hashed.digest();
        match entry {
            Some(entry) if entry.rows != self.taken => Err(PartError::new(
                &self.path,
                format!(
                    "it holds {} rows, its manifest says {}: the file was cut or changed",
                    self.taken, entry.rows
                ),
            )),
            Some(entry) if entry.sha256 != digest => Err(PartError::new(
                &self.path,
                "its checksum is not the one in its manifest: the file was changed",
            )),
            _ => Ok(()),
        }
    }
}
