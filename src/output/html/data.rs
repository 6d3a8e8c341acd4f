//! Reading a results folder back: the CSV files a run wrote, folded into what the
//! page shows (per scenario, per sweep point, per structure).
//!
//! Only what the page needs is kept: `summary.csv` and `compare.csv` whole (they are
//! small), from `trials.csv` the metrics shown as distributions, from `people.csv`
//! the sums of each person's activity shares (so memory does not grow with the
//! number of trials beyond those columns), and `warnings.csv`, `scenarios.csv`,
//! `warmup.csv`, `groups_summary.csv`, `samples.csv` and `uncertainty.csv` when present
//! (a folder of an older run may lack them, or the columns `summary.csv` and
//! `compare.csv` gained since: the page then leaves out what they would tell).
//! `groups.csv` and `people_summary.csv` are not read.
//!
//! Columns are found by the names [`columns`](crate::output::columns) declares for
//! the writer; sweep columns are the ones between a file's key and its first field.
//! Names in cells are read back into their types (a [`Metric`], a [`WarningSign`],
//! a [`Verdict`]), so a name this version does not write is an error naming its file
//! and line. Rows are keyed by names, never by position, and the order of everything
//! is the order of first appearance in the files, so the page is a function of the
//! bytes of the CSVs.

use super::ReportError;
use crate::analysis::{Series, WarningSign};
use crate::model::Metric;
use crate::output::columns::{
    CompareColumn, CsvFile, GroupsColumn, GroupsSummaryColumn, NotSettled, PeopleColumn,
    SamplesColumn, ScenariosColumn, SummaryColumn, UncertaintyColumn, WarmupColumn, WarningsColumn,
    COMPARE, GROUPS_SUMMARY, PEOPLE, SAMPLES, SCENARIO, SCENARIOS, STRUCTURE, SUMMARY, TRIALS,
    UNCERTAINTY, WARMUP, WARNINGS,
};
use crate::stats::{Reservoir, Verdict};
use csv::StringRecord;
use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The metrics drawn as distributions over trials, in this order.
pub(super) const DISTRIBUTED: [Metric; 2] = [Metric::DecisionLatencyP90H, Metric::LeadTimeMeanH];

/// Everything the page shows, in the order of the files.
#[derive(Debug, Default)]
pub(super) struct Results {
    /// Scenarios in the order of `summary.csv`.
    pub scenarios: Vec<ScenarioData>,
    /// Whether `warnings.csv` was in the folder; without it the page says so.
    pub has_warnings: bool,
}

/// One scenario: its structures and sweep points.
#[derive(Debug, Default)]
pub(super) struct ScenarioData {
    /// Scenario name.
    pub name: String,
    /// Its one-line description, from `scenarios.csv`; empty without one.
    pub description: String,
    /// Structure names, in order of first appearance.
    pub structures: Vec<String>,
    /// Sweep points, in order of first appearance (the order of the run).
    pub points: Vec<PointData>,
    point_index: BTreeMap<SweepKey, usize>,
}

/// The swept values of a point: (column, value) for every non-empty sweep column.
pub(super) type SweepKey = Vec<(String, String)>;

/// The results of one sweep point of a scenario (the only point without a sweep).
#[derive(Debug, Default)]
pub(super) struct PointData {
    /// The swept values; empty without a sweep.
    pub sweep: SweepKey,
    /// `summary.csv`, per structure index, per metric (by [`Metric::index`]).
    summaries: Vec<[Option<Summary>; Metric::COUNT]>,
    /// `summary.csv`'s columns about a structure rather than a metric, per structure
    /// index.
    facts: Vec<Facts>,
    /// How the point was run, from `scenarios.csv`.
    pub run: Option<RunFacts>,
    /// `warmup.csv` rows with a suggestion, in file order.
    pub warmup: Vec<WarmupNote>,
    /// `compare.csv` rows, in file order.
    pub compare: Vec<Compare>,
    /// Per structure index: trials seen in `trials.csv` and, for each metric of
    /// [`DISTRIBUTED`], its observed values (empty cells left out).
    pub trials: BTreeMap<usize, TrialValues>,
    /// Per structure index: how people spend their time.
    pub people: BTreeMap<usize, People>,
    /// `warnings.csv` rows, in file order.
    pub warnings: Vec<Warning>,
    /// `groups_summary.csv` rows, in file order.
    pub groups: Vec<GroupMeasure>,
    /// What the parameter sets of `[uncertainty]` say, from `uncertainty.csv` and
    /// `samples.csv`; `None` without sets.
    pub uncertainty: Option<Uncertain>,
}

/// The parameter sets of a point: each structure's means in each set, and what they
/// say of each pair of structures.
#[derive(Debug, Default)]
pub(super) struct Uncertain {
    /// Sets run.
    pub sets: u64,
    /// Trials of each structure in each set.
    pub trials: u64,
    /// The parameters, in the order of `samples.csv`'s columns.
    pub parameters: Vec<String>,
    /// `uncertainty.csv`, one entry per pair and metric, in file order.
    pub comparisons: Vec<UncertainComparison>,
    /// `samples.csv`, per set (by its number): each parameter's value as written, and
    /// per structure index each metric's mean (`NaN` where missing).
    pub samples: Vec<SetSample>,
}

/// One parameter set of a point, as `samples.csv` gives it.
#[derive(Debug, Default)]
pub(super) struct SetSample {
    /// Each parameter's value as written, in the order of [`Uncertain::parameters`].
    pub values: Vec<String>,
    /// Per structure index, each metric's mean by [`Metric::index`].
    pub means: Vec<[f64; Metric::COUNT]>,
}

/// Structure A against B on one metric over the parameter sets (the rows of
/// `uncertainty.csv` of one pair and metric).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct UncertainComparison {
    /// Structure index of A.
    pub a: usize,
    /// Structure index of B.
    pub b: usize,
    /// The metric.
    pub metric: Metric,
    /// The share of sets with each verdict of A against B, by [`Verdict::index`].
    pub shares: [f64; Verdict::COUNT],
    /// Mean of the difference A − B over the sets.
    pub diff_mean: f64,
    /// R² of the rank regression.
    pub r2: f64,
    /// Each parameter's influence, in the file's order (by rank).
    pub influences: Vec<InfluenceRow>,
}

/// One parameter's influence on a difference.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct InfluenceRow {
    /// The parameter.
    pub parameter: String,
    /// Its standardised rank regression coefficient.
    pub influence: f64,
    /// Lower end of its 95% interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// One row of `groups_summary.csv`: what one stakeholder group got from one structure,
/// over trials. Missing values are `NaN`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GroupMeasure {
    /// The structure's index.
    pub structure: usize,
    /// The group's name.
    pub group: String,
    /// The measure: a column of `groups.csv`.
    pub measure: GroupsColumn,
    /// Mean over trials, and its 95% confidence interval.
    pub summary: Summary,
}

/// One row of `summary.csv`. Missing values are `NaN`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Summary {
    /// Trials with an observation.
    pub n: u64,
    /// Mean over trials.
    pub mean: f64,
    /// Lower end of the 95% confidence interval of the mean.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// What `summary.csv` says of a structure at a point beside its metrics (the same in
/// each of its rows). `None` where the file does not say (an empty cell, or a file
/// written before the column existed).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Facts {
    /// The yearly cost of all its people.
    pub cost_per_year: Option<f64>,
    /// Whether its queues settle (`false`: they keep growing through the window).
    pub settled: Option<bool>,
    /// Its rank on the primary outcome at the point, from 1.
    pub primary_rank: Option<u64>,
}

/// How a point was run (a row of `scenarios.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RunFacts {
    /// Trials per structure.
    pub trials: u64,
    /// Measured weeks.
    pub weeks: u64,
    /// Warm-up weeks before them.
    pub warmup_weeks: u64,
}

/// A weekly series whose start-up transient outlasts the warm-up (a row of
/// `warmup.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WarmupNote {
    /// Structure index.
    pub structure: usize,
    /// The series.
    pub series: Series,
    /// Weeks of warm-up MSER-5 suggests.
    pub suggested_weeks: u64,
    /// `false`: the series had not settled by the end of the weeks searched.
    pub settled: bool,
}

/// One row of `compare.csv`: structure A against B on one metric.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Compare {
    /// Structure index of A.
    pub a: usize,
    /// Structure index of B.
    pub b: usize,
    /// The metric compared.
    pub metric: Metric,
    /// Mean of A.
    pub mean_a: f64,
    /// Mean of B.
    pub mean_b: f64,
    /// Share of trials A was better.
    pub a_better_share: f64,
    /// A's verdict against B; `None` for a metric with no better direction (an empty
    /// cell).
    pub verdict: Option<Verdict>,
    /// The practical margin, in the metric's unit; `NaN` where not given.
    pub margin: f64,
    /// Which side has not settled; `None` when both have (or the file does not say).
    pub not_settled: Option<NotSettled>,
}

/// Values of the [`DISTRIBUTED`] metrics over the trials of one structure.
#[derive(Debug, Default)]
pub(super) struct TrialValues {
    /// Rows of `trials.csv`.
    pub trials: u64,
    /// Observed values, per metric of [`DISTRIBUTED`], in a bounded reservoir so that
    /// reading a run of any size takes the same memory (exact up to 1,024 trials).
    pub values: [Reservoir; DISTRIBUTED.len()],
}

/// How the people of one structure spend their time, summed over trials.
#[derive(Debug, Default)]
pub(super) struct People {
    /// Trials seen: a trial's rows are consecutive, as `orgsim run` writes them, so a
    /// change of trial number starts a new one (a count, not a set: memory stays flat
    /// whatever the number of trials).
    pub trials: u64,
    last_trial: Option<u64>,
    /// People in order of first appearance.
    pub persons: Vec<Person>,
    index: BTreeMap<String, usize>,
}

/// One person's activities, summed over trials.
#[derive(Debug, Default)]
pub(super) struct Person {
    /// Person name (`po-2`).
    pub name: String,
    /// Role.
    pub role: String,
    /// (activity, sum over trials of its share of the window), in order of first
    /// appearance.
    pub activities: Vec<(String, f64)>,
}

/// One row of `warnings.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Warning {
    /// Structure index.
    pub structure: usize,
    /// The sign.
    pub sign: WarningSign,
    /// The metric it watches, as the file names it.
    pub metric: Metric,
    /// Its threshold.
    pub threshold: f64,
    /// Mean of the metric over trials.
    pub mean_value: f64,
    /// Share of trials in which it fired.
    pub fired_share: f64,
}

impl Results {
    /// Reads the CSV files of the results folder `dir`. `summary.csv`, `compare.csv`,
    /// `trials.csv` and `people.csv` must be there; the others may be missing.
    pub fn read(dir: &Path) -> Result<Results, ReportError> {
        let mut results = Results::default();
        // Opened before anything is read, so that a missing file is reported first,
        // whatever the state of the others.
        let summary = CsvReader::open(dir, &SUMMARY)?;
        let compare = CsvReader::open(dir, &COMPARE)?;
        let trials = CsvReader::open(dir, &TRIALS)?;
        let people = CsvReader::open(dir, &PEOPLE)?;
        let warnings = CsvReader::open_optional(dir, &WARNINGS)?;
        let scenarios = CsvReader::open_optional(dir, &SCENARIOS)?;
        let warmup = CsvReader::open_optional(dir, &WARMUP)?;
        let groups = CsvReader::open_optional(dir, &GROUPS_SUMMARY)?;
        let samples = CsvReader::open_optional(dir, &SAMPLES)?;
        let uncertainty = CsvReader::open_optional(dir, &UNCERTAINTY)?;
        results.read_summary(summary)?;
        results.read_compare(compare)?;
        results.read_trials(trials)?;
        results.read_people(people)?;
        if let Some(warnings) = warnings {
            results.has_warnings = true;
            results.read_warnings(warnings)?;
        }
        if let Some(scenarios) = scenarios {
            results.read_scenarios(scenarios)?;
        }
        if let Some(warmup) = warmup {
            results.read_warmup(warmup)?;
        }
        if let Some(groups) = groups {
            results.read_groups(groups)?;
        }
        if let Some(samples) = samples {
            results.read_samples(samples)?;
        }
        if let Some(uncertainty) = uncertainty {
            results.read_uncertainty(uncertainty)?;
        }
        Ok(results)
    }

    /// The scenario of `row` and the index of its point in it, both created if new.
    fn point_of(&mut self, row: &Row, sweep: &[(usize, String)]) -> (&mut ScenarioData, usize) {
        let name = row.get(0);
        let s = match self.scenarios.iter().position(|s| s.name == name) {
            Some(s) => s,
            None => {
                self.scenarios.push(ScenarioData {
                    name: name.to_string(),
                    ..ScenarioData::default()
                });
                self.scenarios.len() - 1
            }
        };
        let scenario = &mut self.scenarios[s];
        let key: SweepKey = sweep
            .iter()
            .filter(|(i, _)| !row.get(*i).is_empty())
            .map(|(i, name)| (name.clone(), row.get(*i).to_string()))
            .collect();
        let p = match scenario.point_index.get(&key) {
            Some(&p) => p,
            None => {
                scenario.points.push(PointData {
                    sweep: key.clone(),
                    ..PointData::default()
                });
                scenario.point_index.insert(key, scenario.points.len() - 1);
                scenario.points.len() - 1
            }
        };
        (scenario, p)
    }

    /// The point of `row` and the index of the structure named in its column
    /// `structure`, both created if new.
    fn locate(
        &mut self,
        row: &Row,
        sweep: &[(usize, String)],
        structure: usize,
    ) -> (&mut PointData, usize) {
        let (scenario, p) = self.point_of(row, sweep);
        let k = scenario.structure(row.get(structure));
        (&mut scenario.points[p], k)
    }

    fn read_summary(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use SummaryColumn as C;
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let [metric, n, mean, low, high] =
            file.columns([C::Metric, C::Count, C::Mean, C::Ci95Low, C::Ci95High].map(C::name))?;
        let [cost, settled, rank] =
            [C::PeopleCostPerYear, C::Settled, C::PrimaryRank].map(|c| file.optional(c.name()));
        while let Some(row) = file.next_row()? {
            let metric = row.named(metric, "metric", Metric::from_name)?;
            let summary = Summary {
                n: row.count(n)?,
                mean: row.num(mean)?,
                low: row.num(low)?,
                high: row.num(high)?,
            };
            let facts = Facts {
                cost_per_year: cost
                    .map(|i| row.num(i))
                    .transpose()?
                    .filter(|x| x.is_finite()),
                settled: settled.map(|i| row.flag(i)).transpose()?.flatten(),
                primary_rank: rank.map(|i| row.optional_count(i)).transpose()?.flatten(),
            };
            let (point, k) = self.locate(&row, &sweep, structure);
            point.set_summary(k, metric, summary);
            point.add_facts(k, facts);
        }
        Ok(())
    }

    fn read_compare(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use CompareColumn as C;
        let sweep = file.sweep_columns()?;
        let [a, b, metric, mean_a, mean_b, share, verdict] = file.columns(
            [
                C::StructureA,
                C::StructureB,
                C::Metric,
                C::MeanA,
                C::MeanB,
                C::ABetterShare,
                C::Verdict,
            ]
            .map(C::name),
        )?;
        let [margin, not_settled] = [C::Margin, C::NotSettled].map(|c| file.optional(c.name()));
        while let Some(row) = file.next_row()? {
            let metric = row.named(metric, "metric", Metric::from_name)?;
            let (mean_a, mean_b, a_better_share) =
                (row.num(mean_a)?, row.num(mean_b)?, row.num(share)?);
            let verdict = row.verdict(verdict)?;
            let margin = margin.map_or(Ok(f64::NAN), |i| row.num(i))?;
            let not_settled = match not_settled {
                Some(i) if !row.get(i).is_empty() => {
                    Some(row.named(i, "side", NotSettled::from_name)?)
                }
                _ => None,
            };
            let (scenario, p) = self.point_of(&row, &sweep);
            let (a, b) = (
                scenario.structure(row.get(a)),
                scenario.structure(row.get(b)),
            );
            scenario.points[p].compare.push(Compare {
                a,
                b,
                metric,
                mean_a,
                mean_b,
                a_better_share,
                verdict,
                margin,
                not_settled,
            });
        }
        Ok(())
    }

    fn read_trials(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        // A distributed metric without a column has no values: its plot is left out.
        let metrics = DISTRIBUTED.map(|m| file.header.iter().position(|h| h == m.name()));
        while let Some(row) = file.next_row()? {
            let mut values = [None; DISTRIBUTED.len()];
            for (value, column) in values.iter_mut().zip(metrics) {
                *value = column.map(|c| row.num(c)).transpose()?;
            }
            let (point, k) = self.locate(&row, &sweep, structure);
            let trial = point.trials.entry(k).or_default();
            trial.trials += 1;
            for (sample, value) in trial.values.iter_mut().zip(values) {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    sample.push(v);
                }
            }
        }
        Ok(())
    }

    fn read_people(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use PeopleColumn as C;
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let [trial, person, role, activity, share] =
            file.columns([C::Trial, C::Person, C::Role, C::Activity, C::Share].map(C::name))?;
        while let Some(row) = file.next_row()? {
            let (trial, share) = (row.count(trial)?, row.num(share)?);
            let (point, k) = self.locate(&row, &sweep, structure);
            let people = point.people.entry(k).or_default();
            if people.last_trial != Some(trial) {
                people.last_trial = Some(trial);
                people.trials += 1;
            }
            let i = match people.index.get(row.get(person)) {
                Some(&i) => i,
                None => {
                    people.persons.push(Person {
                        name: row.get(person).to_string(),
                        role: row.get(role).to_string(),
                        activities: Vec::new(),
                    });
                    let i = people.persons.len() - 1;
                    people.index.insert(row.get(person).to_string(), i);
                    i
                }
            };
            let activities = &mut people.persons[i].activities;
            let name = row.get(activity);
            let share = if share.is_finite() { share } else { 0.0 };
            match activities.iter_mut().find(|(a, _)| a == name) {
                Some((_, sum)) => *sum += share,
                None => activities.push((name.to_string(), share)),
            }
        }
        Ok(())
    }

    fn read_warnings(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use WarningsColumn as C;
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let [warning, metric, threshold, mean_value, fired] = file.columns(
            [
                C::Warning,
                C::Metric,
                C::Threshold,
                C::MeanValue,
                C::FiredShare,
            ]
            .map(C::name),
        )?;
        while let Some(row) = file.next_row()? {
            let sign = row.named(warning, "warning sign", WarningSign::from_name)?;
            let metric = row.named(metric, "metric", Metric::from_name)?;
            let (threshold, mean_value, fired_share) =
                (row.num(threshold)?, row.num(mean_value)?, row.num(fired)?);
            let (point, k) = self.locate(&row, &sweep, structure);
            point.warnings.push(Warning {
                structure: k,
                sign,
                metric,
                threshold,
                mean_value,
                fired_share,
            });
        }
        Ok(())
    }
}

impl Results {
    fn read_scenarios(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use ScenariosColumn as C;
        let sweep = file.sweep_columns()?;
        let [description, trials, weeks, warmup] =
            file.columns([C::Description, C::Trials, C::Weeks, C::WarmupWeeks].map(C::name))?;
        while let Some(row) = file.next_row()? {
            let run = RunFacts {
                trials: row.count(trials)?,
                weeks: row.count(weeks)?,
                warmup_weeks: row.count(warmup)?,
            };
            let (scenario, p) = self.point_of(&row, &sweep);
            if scenario.description.is_empty() {
                scenario.description = row.get(description).to_string();
            }
            scenario.points[p].run = Some(run);
        }
        Ok(())
    }

    fn read_warmup(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use WarmupColumn as C;
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let [series, weeks, settled] =
            file.columns([C::Series, C::SuggestedWeeks, C::Settled].map(C::name))?;
        while let Some(row) = file.next_row()? {
            let series = row.named(series, "series", Series::from_name)?;
            // A series without a suggestion needs no note.
            let Some(suggested_weeks) = row.optional_count(weeks)? else {
                continue;
            };
            let Some(settled) = row.flag(settled)? else {
                return Err(row.bad(format!(
                    "column {}: expected \"true\" or \"false\" beside a suggestion, got an \
                     empty cell",
                    C::Settled.name()
                )));
            };
            let (point, k) = self.locate(&row, &sweep, structure);
            point.warmup.push(WarmupNote {
                structure: k,
                series,
                suggested_weeks,
                settled,
            });
        }
        Ok(())
    }
}

impl Results {
    fn read_groups(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use GroupsSummaryColumn as C;
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let [group, measure, n, mean, low, high] = file.columns(
            [
                C::Group,
                C::Metric,
                C::Count,
                C::Mean,
                C::Ci95Low,
                C::Ci95High,
            ]
            .map(C::name),
        )?;
        while let Some(row) = file.next_row()? {
            let measure = row.named(measure, "measure", GroupsColumn::from_name)?;
            let summary = Summary {
                n: row.count(n)?,
                mean: row.num(mean)?,
                low: row.num(low)?,
                high: row.num(high)?,
            };
            let group = row.get(group).to_string();
            let (point, k) = self.locate(&row, &sweep, structure);
            point.groups.push(GroupMeasure {
                structure: k,
                group,
                measure,
                summary,
            });
        }
        Ok(())
    }

    fn read_samples(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        let structure = file.column(STRUCTURE)?;
        let sweep = file.sweep_columns()?;
        let set = file.column(SamplesColumn::Set.name())?;
        let first_metric = file.column(Metric::ALL[0].name())?;
        let parameters: Vec<(usize, String)> = (set + 1..first_metric)
            .map(|i| (i, file.header[i].clone()))
            .collect();
        let metrics = Metric::ALL.map(|m| file.header.iter().position(|h| h == m.name()));
        while let Some(row) = file.next_row()? {
            // A run draws at most so many sets: a larger number is not one of its rows.
            let most = crate::scenario::schema::uncertainty::MAX_SETS;
            let count = row.count(set)?;
            let number = usize::try_from(count)
                .ok()
                .filter(|&n| i64::try_from(n).is_ok_and(|n| n < most))
                .ok_or_else(|| {
                    row.bad(format!(
                        "column {}: {count} is not the number of a parameter set (0 to {})",
                        SamplesColumn::Set.name(),
                        most - 1
                    ))
                })?;
            let mut means = [f64::NAN; Metric::COUNT];
            for (mean, column) in means.iter_mut().zip(metrics) {
                if let Some(c) = column {
                    *mean = row.num(c)?;
                }
            }
            // The point's own parameters: the columns it fills.
            let own: Vec<(String, String)> = parameters
                .iter()
                .filter(|(i, _)| !row.get(*i).is_empty())
                .map(|(i, name)| (name.clone(), row.get(*i).to_string()))
                .collect();
            let (point, k) = self.locate(&row, &sweep, structure);
            let uncertain = point.uncertainty.get_or_insert_with(Uncertain::default);
            if uncertain.parameters.is_empty() {
                uncertain.parameters = own.iter().map(|(name, _)| name.clone()).collect();
            }
            if uncertain.samples.len() <= number {
                uncertain
                    .samples
                    .resize_with(number + 1, SetSample::default);
            }
            let sample = &mut uncertain.samples[number];
            if sample.values.is_empty() {
                sample.values = own.into_iter().map(|(_, value)| value).collect();
            }
            if sample.means.len() <= k {
                sample.means.resize(k + 1, [f64::NAN; Metric::COUNT]);
            }
            sample.means[k] = means;
        }
        Ok(())
    }

    fn read_uncertainty(&mut self, mut file: CsvReader) -> Result<(), ReportError> {
        use UncertaintyColumn as C;
        let sweep = file.sweep_columns()?;
        let [a, b, metric, sets, trials, diff_mean, r2, parameter, influence, low, high] = file
            .columns(
                [
                    C::StructureA,
                    C::StructureB,
                    C::Metric,
                    C::Sets,
                    C::Trials,
                    C::DiffMean,
                    C::RankR2,
                    C::Parameter,
                    C::Influence,
                    C::InfluenceLow,
                    C::InfluenceHigh,
                ]
                .map(C::name),
            )?;
        let shares = file.columns(Verdict::ALL.map(|v| C::share_of(v).name()))?;
        while let Some(row) = file.next_row()? {
            let metric = row.named(metric, "metric", Metric::from_name)?;
            let mut share = [f64::NAN; Verdict::COUNT];
            for (slot, &column) in share.iter_mut().zip(&shares) {
                *slot = row.num(column)?;
            }
            let found = InfluenceRow {
                parameter: row.get(parameter).to_string(),
                influence: row.num(influence)?,
                low: row.num(low)?,
                high: row.num(high)?,
            };
            let (sets, trials) = (row.count(sets)?, row.count(trials)?);
            let (diff_mean, r2) = (row.num(diff_mean)?, row.num(r2)?);
            let (scenario, p) = self.point_of(&row, &sweep);
            let (a, b) = (
                scenario.structure(row.get(a)),
                scenario.structure(row.get(b)),
            );
            let uncertain = scenario.points[p]
                .uncertainty
                .get_or_insert_with(Uncertain::default);
            uncertain.sets = sets;
            uncertain.trials = trials;
            match uncertain
                .comparisons
                .iter_mut()
                .find(|c| (c.a, c.b, c.metric) == (a, b, metric))
            {
                Some(c) => c.influences.push(found),
                None => uncertain.comparisons.push(UncertainComparison {
                    a,
                    b,
                    metric,
                    shares: share,
                    diff_mean,
                    r2,
                    influences: vec![found],
                }),
            }
        }
        Ok(())
    }
}

impl Uncertain {
    /// The comparison of A against B on `metric`, if the file has it.
    pub fn comparison(&self, a: usize, b: usize, metric: Metric) -> Option<&UncertainComparison> {
        self.comparisons
            .iter()
            .find(|c| c.a == a && c.b == b && c.metric == metric)
    }
}

impl ScenarioData {
    /// Index of the structure named `name`, appended if new.
    fn structure(&mut self, name: &str) -> usize {
        match self.structures.iter().position(|s| s == name) {
            Some(i) => i,
            None => {
                self.structures.push(name.to_string());
                self.structures.len() - 1
            }
        }
    }

    /// The swept columns: those with a value at some point, in order of first
    /// appearance.
    pub fn swept(&self) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        for (column, _) in self.points.iter().flat_map(|p| &p.sweep) {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        columns
    }
}

impl PointData {
    /// Records the summary of `metric` for structure `k`.
    fn set_summary(&mut self, k: usize, metric: Metric, summary: Summary) {
        if self.summaries.len() <= k {
            self.summaries.resize(k + 1, [None; Metric::COUNT]);
        }
        self.summaries[k][metric.index()] = Some(summary);
    }

    /// Records what a row of `summary.csv` says of structure `k` itself; the first
    /// value given stands.
    fn add_facts(&mut self, k: usize, facts: Facts) {
        if self.facts.len() <= k {
            self.facts.resize(k + 1, Facts::default());
        }
        let known = &mut self.facts[k];
        known.cost_per_year = known.cost_per_year.or(facts.cost_per_year);
        known.settled = known.settled.or(facts.settled);
        known.primary_rank = known.primary_rank.or(facts.primary_rank);
    }

    /// What `summary.csv` says of structure `k` itself.
    pub fn facts(&self, k: usize) -> Facts {
        self.facts.get(k).copied().unwrap_or_default()
    }

    /// Whether structure `k` has not settled (its queues keep growing): `false` when
    /// it has, or when the files do not say.
    pub fn unsettled(&self, k: usize) -> bool {
        self.facts(k).settled == Some(false)
    }

    /// The summary of `metric` for structure `k`, if the run wrote it.
    pub fn summary(&self, k: usize, metric: Metric) -> Option<&Summary> {
        self.summaries.get(k)?[metric.index()].as_ref()
    }

    /// Whether any structure has an observation of `metric`.
    pub fn observed(&self, metric: Metric, structures: usize) -> bool {
        (0..structures).any(|k| {
            self.summary(k, metric)
                .is_some_and(|s| s.n > 0 && s.mean.is_finite())
        })
    }

    /// Whether `metric` is worth a chart: some structure observed it, and not every
    /// value is 0 (value per week without stakeholders, discovery without
    /// `[discovery]` …: a flat line at zero says nothing).
    pub fn informative(&self, metric: Metric, structures: usize) -> bool {
        self.observed(metric, structures)
            && (0..structures).any(|k| {
                self.summary(k, metric)
                    .is_some_and(|s| s.mean != 0.0 || s.low != 0.0 || s.high != 0.0)
            })
    }

    /// The comparison of A against B on `metric`.
    pub fn compare(&self, a: usize, b: usize, metric: Metric) -> Option<&Compare> {
        self.compare
            .iter()
            .find(|c| c.a == a && c.b == b && c.metric == metric)
    }

    /// The pairs of structures compared, in file order.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for c in &self.compare {
            if !pairs.contains(&(c.a, c.b)) {
                pairs.push((c.a, c.b));
            }
        }
        pairs
    }

    /// The point's swept values as text: `team.squads = 3, work.x = 1`.
    pub fn label(&self) -> String {
        self.sweep
            .iter()
            .map(|(column, value)| format!("{column} = {value}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One CSV file being read: its declared columns, its header and a reused record
/// buffer.
struct CsvReader {
    file: &'static CsvFile,
    path: PathBuf,
    reader: csv::Reader<File>,
    header: Vec<String>,
    record: StringRecord,
}

/// One row of a [`CsvReader`], with what is needed to report an error in it.
struct Row<'a> {
    path: &'a Path,
    header: &'a [String],
    line: u64,
    record: &'a StringRecord,
}

impl CsvReader {
    /// Opens `file` in `dir` and reads its header; a missing file is an error.
    fn open(dir: &Path, file: &'static CsvFile) -> Result<CsvReader, ReportError> {
        CsvReader::open_optional(dir, file)?.ok_or_else(|| ReportError::Missing {
            path: dir.join(file.name),
        })
    }

    /// Opens `file` in `dir` and reads its header; `None` if there is no such file.
    fn open_optional(dir: &Path, file: &'static CsvFile) -> Result<Option<CsvReader>, ReportError> {
        let path = dir.join(file.name);
        let opened = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ReportError::Read { path, source }),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(opened);
        let mut record = StringRecord::new();
        let header = match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(str::to_string).collect(),
            Ok(false) => {
                return Err(ReportError::Bad {
                    path,
                    line: 1,
                    message: "the file is empty; expected a header row".to_string(),
                })
            }
            Err(e) => return Err(csv_error(&path, e)),
        };
        Ok(Some(CsvReader {
            file,
            path,
            reader,
            header,
            record,
        }))
    }

    /// An error in the header row.
    fn bad_header(&self, message: String) -> ReportError {
        ReportError::Bad {
            path: self.path.clone(),
            line: 1,
            message,
        }
    }

    /// Position of the column named `name`, `None` when the file has none (a column
    /// older runs did not write).
    fn optional(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Position of the column named `name`.
    fn column(&self, name: &str) -> Result<usize, ReportError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| self.bad_header(format!("the header has no column {name:?}")))
    }

    /// Positions of the columns named `names`.
    fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], ReportError> {
        let mut out = [0; N];
        for (position, name) in out.iter_mut().zip(names) {
            *position = self.column(name)?;
        }
        Ok(out)
    }

    /// The sweep columns, with their positions: those strictly between the file's key
    /// and its first field. The first column must be `scenario`.
    fn sweep_columns(&self) -> Result<Vec<(usize, String)>, ReportError> {
        if self.header.first().map(String::as_str) != Some(SCENARIO) {
            return Err(self.bad_header(format!("the first column must be {SCENARIO:?}")));
        }
        let (after, before) = (self.file.key[self.file.key.len() - 1], self.file.fields[0]);
        let (a, b) = (self.column(after)?, self.column(before)?);
        if b <= a {
            return Err(self.bad_header(format!("column {before:?} must come after {after:?}")));
        }
        Ok((a + 1..b).map(|i| (i, self.header[i].clone())).collect())
    }

    /// The next row, `None` at the end of the file.
    fn next_row(&mut self) -> Result<Option<Row<'_>>, ReportError> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => Ok(Some(Row {
                path: &self.path,
                header: &self.header,
                line: self.record.position().map_or(0, |p| p.line()),
                record: &self.record,
            })),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(&self.path, e)),
        }
    }
}

impl Row<'_> {
    /// The cell in column `i` (the reader refuses rows of another length, so it is
    /// always there).
    fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }

    /// An error at this row.
    fn bad(&self, message: String) -> ReportError {
        ReportError::Bad {
            path: self.path.to_path_buf(),
            line: self.line,
            message,
        }
    }

    /// The number in column `i`; an empty cell is `NaN` (no observation).
    fn num(&self, i: usize) -> Result<f64, ReportError> {
        let text = self.get(i);
        if text.is_empty() {
            return Ok(f64::NAN);
        }
        text.parse().map_err(|_| {
            self.bad(format!(
                "column {}: {text:?} is not a number",
                self.column_name(i)
            ))
        })
    }

    /// The whole number in column `i`.
    fn count(&self, i: usize) -> Result<u64, ReportError> {
        let text = self.get(i);
        text.parse().map_err(|_| {
            self.bad(format!(
                "column {}: {text:?} is not a whole number",
                self.column_name(i)
            ))
        })
    }

    /// The whole number in column `i`, `None` for an empty cell.
    fn optional_count(&self, i: usize) -> Result<Option<u64>, ReportError> {
        if self.get(i).is_empty() {
            Ok(None)
        } else {
            self.count(i).map(Some)
        }
    }

    /// `true` or `false` in column `i`, `None` for an empty cell.
    fn flag(&self, i: usize) -> Result<Option<bool>, ReportError> {
        match self.get(i) {
            "" => Ok(None),
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            text => Err(self.bad(format!(
                "column {}: expected \"true\" or \"false\", got {text:?}",
                self.column_name(i)
            ))),
        }
    }

    /// The `what` named in column `i`, read back by `from_name`.
    fn named<T>(
        &self,
        i: usize,
        what: &str,
        from_name: fn(&str) -> Option<T>,
    ) -> Result<T, ReportError> {
        let text = self.get(i);
        from_name(text).ok_or_else(|| {
            self.bad(format!(
                "column {}: unknown {what} {text:?}",
                self.column_name(i)
            ))
        })
    }

    /// The verdict in column `i`; an empty cell is no verdict (a metric with no
    /// better direction).
    fn verdict(&self, i: usize) -> Result<Option<Verdict>, ReportError> {
        let text = self.get(i);
        if text.is_empty() {
            return Ok(None);
        }
        Verdict::from_name(text).map(Some).ok_or_else(|| {
            let names: Vec<String> = Verdict::NAMES.iter().map(|n| format!("{n:?}")).collect();
            self.bad(format!(
                "column {}: unknown verdict {text:?}, expected {} or an empty cell",
                self.column_name(i),
                names.join(", ")
            ))
        })
    }

    fn column_name(&self, i: usize) -> &str {
        self.header.get(i).map_or("?", String::as_str)
    }
}

/// A CSV reading error as a [`ReportError`] with the line it occurred on.
fn csv_error(path: &Path, e: csv::Error) -> ReportError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields, the header {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ReportError::Read {
            path: path.to_path_buf(),
            source,
        },
        _ => ReportError::Bad {
            path: path.to_path_buf(),
            line,
            message,
        },
    }
}
