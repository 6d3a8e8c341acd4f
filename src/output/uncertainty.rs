//! `samples.csv` and `uncertainty.csv`: the parameter sets of `[uncertainty]`.
//!
//! A set's trials are folded into one [`Tally`] as they arrive; when its last trial is
//! in, its rows of `samples.csv` (each structure's metric means, beside the set's
//! values) are written and only its [`SetOutcome`] is kept: per pair and metric, a
//! verdict and a difference. At the end, [`Findings::of`] sums every set of a point
//! into the rows of `uncertainty.csv`. Memory holds one tally and the outcomes, never
//! a trial's rows.

use super::columns::{self, SAMPLES, UNCERTAINTY};
use super::writer::{CsvWriter, StatisticsFiles};
use super::OutputError;
use crate::analysis::primary_outcome;
use crate::model::{Metric, TrialResult};
use crate::scenario::{Scenario, SetIndex};
use crate::stats::Verdict;
use crate::uncertainty::{Findings, SetOutcome, Tally};
use std::path::{Path, PathBuf};

/// The parameter sets' part of a [`ResultWriter`](super::ResultWriter).
pub(super) struct SetsWriter {
    dir: PathBuf,
    parameter_columns: Vec<String>,
    /// Per point, per parameter column: the parameter's index in the point's own list.
    parameter_values: Vec<Vec<Option<usize>>>,
    /// `samples.csv`, created with its first row (or at the end, empty): a shard's part
    /// never holds one.
    samples: Option<CsvWriter>,
    /// The set whose trials are arriving.
    current: Option<(usize, SetIndex, Tally)>,
    /// Per point, the outcome of each set done, in set order.
    outcomes: Vec<Vec<SetOutcome>>,
}

impl SetsWriter {
    /// The writer of the sets of `points`, into `dir`.
    pub(super) fn new(dir: &Path, points: &[Scenario]) -> SetsWriter {
        let parameter_columns = columns::parameter_columns(points);
        let parameter_values = points
            .iter()
            .map(|point| {
                let own = point.uncertainty.as_ref().map(|u| &u.parameters);
                parameter_columns
                    .iter()
                    .map(|column| own.and_then(|list| list.iter().position(|p| p == column)))
                    .collect()
            })
            .collect();
        SetsWriter {
            dir: dir.to_path_buf(),
            parameter_columns,
            parameter_values,
            samples: None,
            current: None,
            outcomes: vec![Vec::new(); points.len()],
        }
    }

    /// Folds in trial `trial` of set `set` of point `index`; at the set's last trial,
    /// writes its rows of `samples.csv` and keeps its outcome. `sweep` are the point's
    /// sweep values, as the writer finds them.
    pub(super) fn set_trial(
        &mut self,
        points: &[Scenario],
        sweep_columns: &[String],
        sweep: &[Option<usize>],
        index: usize,
        set: SetIndex,
        results: &[TrialResult],
    ) -> Result<(), OutputError> {
        let point = &points[index];
        let Some(uncertainty) = &point.uncertainty else {
            return Ok(());
        };
        let scenario = &uncertainty.set(set).scenario;
        let tally = match &mut self.current {
            Some((p, s, tally)) if (*p, *s) == (index, set) => tally,
            current => &mut current.insert((index, set, Tally::new(scenario))).2,
        };
        tally.add_trial(results);
        if tally.trials() < u64::from(uncertainty.trials) {
            return Ok(());
        }
        let Some((_, _, tally)) = self.current.take() else {
            return Ok(());
        };
        let file = match &mut self.samples {
            Some(file) => file,
            none => none.insert(create_samples(
                &self.dir,
                sweep_columns,
                &self.parameter_columns,
            )?),
        };
        let values = &uncertainty.set(set).texts;
        for (k, structure) in point.structures.iter().enumerate() {
            file.text(&point.name)?;
            file.text(&structure.name)?;
            file.sweep(point, sweep)?;
            file.int(u64::from(set.0))?;
            for column in &self.parameter_values[index] {
                file.text(column.map_or("", |i| values[i].as_str()))?;
            }
            for metric in Metric::ALL {
                file.num(tally.stats().summary(k, metric).moments.mean())?;
            }
            file.end()?;
        }
        self.outcomes[index].push(tally.outcome(scenario));
        Ok(())
    }

    /// Writes `samples.csv`'s header if no set wrote a row, and `uncertainty.csv`; the
    /// findings of every point, in point order (`None` for a point without sets).
    pub(super) fn finish(
        self,
        files: &StatisticsFiles<'_>,
    ) -> Result<Vec<Option<Findings>>, OutputError> {
        let samples = match self.samples {
            Some(file) => file,
            None => create_samples(&self.dir, files.sweep_columns, &self.parameter_columns)?,
        };
        samples.finish()?;
        let mut findings = Vec::new();
        let mut file = CsvWriter::create(files.dir, &UNCERTAINTY, files.sweep_columns)?;
        for ((point, sweep, stats), outcomes) in files.each_point().zip(&self.outcomes) {
            let found = Findings::of(point, outcomes, primary_outcome(stats));
            if let Some(found) = &found {
                write_findings(&mut file, point, sweep, found)?;
            }
            findings.push(found);
        }
        file.finish()?;
        Ok(findings)
    }
}

/// Creates `samples.csv` in `dir` with its header.
fn create_samples(
    dir: &Path,
    sweep_columns: &[String],
    parameter_columns: &[String],
) -> Result<CsvWriter, OutputError> {
    CsvWriter::create_with(dir, &SAMPLES, sweep_columns, parameter_columns)
}

/// The rows of `uncertainty.csv` of one point: per comparison, one row per parameter,
/// the most influential first.
fn write_findings(
    file: &mut CsvWriter,
    point: &Scenario,
    sweep: &[Option<usize>],
    findings: &Findings,
) -> Result<(), OutputError> {
    for comparison in &findings.comparisons {
        for (rank, influence) in comparison.influences.iter().enumerate() {
            file.text(&point.name)?;
            file.sweep(point, sweep)?;
            file.text(&point.structures[comparison.a].name)?;
            file.text(&point.structures[comparison.b].name)?;
            file.text(comparison.metric.name())?;
            file.int(findings.sets as u64)?;
            file.int(u64::from(findings.trials))?;
            for verdict in Verdict::ALL {
                file.num(comparison.verdicts.share(verdict))?;
            }
            let diff = comparison.diff;
            for x in [diff.mean, diff.sd, diff.p5, diff.p95, comparison.r2] {
                file.num(x)?;
            }
            file.text(&findings.parameters[influence.parameter])?;
            file.int(rank as u64 + 1)?;
            for x in [influence.coefficient, influence.low, influence.high] {
                file.num(x)?;
            }
            file.end()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::UncertaintyColumn;

    #[test]
    fn the_verdict_shares_are_written_in_the_order_of_their_columns() {
        let shares: Vec<&str> = Verdict::ALL
            .iter()
            .map(|&v| UncertaintyColumn::share_of(v).name())
            .collect();
        let fields = UNCERTAINTY.fields;
        let at = fields.iter().position(|f| *f == shares[0]).unwrap();
        assert_eq!(fields[at..at + shares.len()], shares[..]);
    }
}
