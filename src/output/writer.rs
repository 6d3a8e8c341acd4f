//! The CSV files of a run: the streamed ones (`trials.csv`, `people.csv`,
//! `groups.csv`, and `samples.csv` as parameter sets end) as trials finish, and those
//! of the statistics (`summary.csv`, `compare.csv`, `warnings.csv`,
//! `uncertainty.csv`) at the end. Their columns are declared in [`columns`].

use super::columns::{self, CsvFile, COMPARE, GROUPS, PEOPLE, SUMMARY, TRIALS, WARNINGS};
use super::summaries::{self, Summaries, TooLongForSpreadsheets};
use super::uncertainty::SetsWriter;
use super::{points, OutputError};
use crate::analysis::{judge, primary_ranks, settled, thresholds, Unsettled, WarningSign};
use crate::batch::TrialSink;
use crate::model::{Metric, TrialResult};
use crate::scenario::{Scenario, SetIndex};
use crate::stats::{PointStats, Verdict};
use crate::uncertainty::Findings;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Writes a batch's results into a folder (normally a [`Staging`](super::Staging)
/// folder) as they arrive, and folds them into per-point statistics.
///
/// `trials.csv`, `people.csv` and `groups.csv` are streamed: each trial's rows are
/// written when the batch hands it over, nothing is kept. `summary.csv`,
/// `compare.csv` and `warnings.csv` are written by [`ResultWriter::finish`] from the
/// with its sweep values and statistics.
pub struct ResultWriter<'a> {
    points: &'a [Scenario],
    dir: PathBuf,
    sweep_columns: Vec<String>,
    /// Per point, per sweep column: the value's index in the point's `sweep`.
    sweep_values: Vec<Vec<Option<usize>>>,
    trials: CsvWriter,
    people: CsvWriter,
    groups: CsvWriter,
    stats: Vec<PointStats>,
    /// `people_summary.csv` and `groups_summary.csv`, folded as trials stream past.
    summaries: Summaries,
    /// `samples.csv` and `uncertainty.csv`, folded as the parameter sets' trials arrive.
    sets: SetsWriter,
}

/// What a run's statistics say, once every file is written: for the printed report.
#[derive(Debug)]
pub struct Finished {
    /// Every point's statistics, in point order.
    pub stats: Vec<PointStats>,
    /// Every point's findings over its parameter sets (`None` without
    /// `[uncertainty]`), in point order.
    pub findings: Vec<Option<Findings>>,
}

impl<'a> ResultWriter<'a> {
    /// Creates the streamed files in `dir` and writes their headers.
    pub fn create(dir: &Path, points: &'a [Scenario]) -> Result<Self, OutputError> {
        let sweep_columns = columns::sweep_columns(points);
        let sweep_values = points
            .iter()
            .map(|point| {
                sweep_columns
                    .iter()
                    .map(|column| point.sweep.iter().position(|(path, _)| path == column))
                    .collect()
            })
            .collect();
        let trials = CsvWriter::create(dir, &TRIALS, &sweep_columns)?;
        let people = CsvWriter::create(dir, &PEOPLE, &sweep_columns)?;
        let groups = CsvWriter::create(dir, &GROUPS, &sweep_columns)?;
        Ok(ResultWriter {
            points,
            dir: dir.to_path_buf(),
            sweep_columns,
            sweep_values,
            trials,
            people,
            groups,
            // Each point counts its structures' warning signs as trials arrive.
            stats: points
                .iter()
                .map(|point| PointStats::with_thresholds(thresholds(point)))
                .collect(),
            summaries: Summaries::new(points.iter().map(|p| p.structures.len())),
            sets: SetsWriter::new(dir, points),
        })
    }

    /// The per-trial files written so far that are longer than a spreadsheet opens,
    /// each with the summary to open instead: for the command line to say so.
    pub fn too_long_for_spreadsheets(&self) -> Vec<TooLongForSpreadsheets> {
        let rows = |file: &CsvFile| {
            [&self.trials, &self.people, &self.groups]
                .into_iter()
                .find(|w| w.name == file.name)
                .map_or(0, |w| w.rows)
        };
        summaries::too_long(rows, columns::SPREADSHEET_ROWS)
    }

    /// Flushes the streamed files, writes `summary.csv`, `compare.csv`,
    /// `warnings.csv` and the files of the summaries, of the points and of the
    /// parameter sets, and returns every point's statistics and findings (for the
    /// report), in point order.
    pub fn finish(self) -> Result<Finished, OutputError> {
        self.trials.finish()?;
        self.people.finish()?;
        self.groups.finish()?;
        let files = StatisticsFiles {
            points: self.points,
            dir: &self.dir,
            sweep_columns: &self.sweep_columns,
            sweep_values: &self.sweep_values,
            stats: &self.stats,
        };
        files.summary()?;
        files.compare()?;
        files.warnings()?;
        self.summaries.write(&files)?;
        points::write_scenarios(&files)?;
        points::write_warmup(&files)?;
        let findings = self.sets.finish(&files)?;
        Ok(Finished {
            stats: self.stats,
            findings,
        })
    }
}

impl ResultWriter<'_> {
    /// Flushes the streamed files and writes nothing else: the end of a shard's part
    /// (see [`crate::shard`]), whose statistics would cover only its block. A merge
    /// feeds the rebuilt trials of every part to a new writer, through the same
    /// [`TrialSink::trial`], and calls [`ResultWriter::finish`].
    pub fn finish_rows(self) -> Result<(), OutputError> {
        self.trials.finish()?;
        self.people.finish()?;
        self.groups.finish()
    }
}

/// The files written from the statistics at the end, and what they read: every point
/// with its sweep values and statistics.
pub(super) struct StatisticsFiles<'a> {
    points: &'a [Scenario],
    pub(super) dir: &'a Path,
    pub(super) sweep_columns: &'a [String],
    sweep_values: &'a [Vec<Option<usize>>],
    stats: &'a [PointStats],
}

impl StatisticsFiles<'_> {
    /// (point, its sweep values, its statistics), in point order.
    pub(super) fn each_point(
        &self,
    ) -> impl Iterator<Item = (&Scenario, &[Option<usize>], &PointStats)> {
        self.points
            .iter()
            .zip(self.sweep_values)
            .zip(self.stats)
            .map(|((point, sweep), stats)| (point, sweep.as_slice(), stats))
    }

    /// `summary.csv`: per point, structure and metric, the statistics over trials,
    /// then what holds for the structure as a whole: its yearly people cost, whether it
    /// settled and its rank on the primary outcome.
    fn summary(&self) -> Result<(), OutputError> {
        let mut file = CsvWriter::create(self.dir, &SUMMARY, self.sweep_columns)?;
        for (point, sweep, stats) in self.each_point() {
            let ranks = primary_ranks(point, stats);
            for (k, structure) in point.structures.iter().enumerate() {
                let cost = structure.people_cost_per_year().unwrap_or(f64::NAN);
                let settled = if settled(stats, k) { "true" } else { "false" };
                for metric in Metric::ALL {
                    let summary = stats.summary(k, metric);
                    let moments = &summary.moments;
                    let (low, high) = moments.ci95();
                    let [p5, p50, p95] = summary.p5_p50_p95();
                    file.text(&point.name)?;
                    file.text(&structure.name)?;
                    file.sweep(point, sweep)?;
                    file.text(metric.name())?;
                    file.int(moments.count())?;
                    for x in [moments.mean(), moments.sd(), low, high, p5, p50, p95] {
                        file.num(x)?;
                    }
                    file.num(cost)?;
                    file.text(settled)?;
                    file.int(ranks[k] as u64)?;
                    file.end()?;
                }
            }
        }
        file.finish()
    }

    /// `compare.csv`: per point, pair of structures and metric, the paired difference,
    /// its verdict, the margin it was judged by and which side has not settled.
    fn compare(&self) -> Result<(), OutputError> {
        let mut file = CsvWriter::create(self.dir, &COMPARE, self.sweep_columns)?;
        for (point, sweep, stats) in self.each_point() {
            for (a, b) in stats.pairs() {
                for metric in Metric::ALL {
                    let pair = stats.pair(a, b, metric);
                    let judgement = judge(point, stats, a, b, metric);
                    let (low, high) = pair.diff().ci95();
                    file.text(&point.name)?;
                    file.sweep(point, sweep)?;
                    file.text(&point.structures[a].name)?;
                    file.text(&point.structures[b].name)?;
                    file.text(metric.name())?;
                    for x in [pair.mean_a(), pair.mean_b(), pair.diff().mean(), low, high] {
                        file.num(x)?;
                    }
                    file.num(pair.relative_change())?;
                    file.num(pair.a_better_share())?;
                    file.text(judgement.verdict.map_or("", Verdict::name))?;
                    file.num(judgement.margin)?;
                    file.text(judgement.unsettled.map_or("", Unsettled::name))?;
                    file.end()?;
                }
            }
        }
        file.finish()
    }

    /// `warnings.csv`: per point, structure and warning sign, how often it fired.
    fn warnings(&self) -> Result<(), OutputError> {
        let mut file = CsvWriter::create(self.dir, &WARNINGS, self.sweep_columns)?;
        for (point, sweep, stats) in self.each_point() {
            for (k, structure) in point.structures.iter().enumerate() {
                for (i, sign) in WarningSign::ALL.iter().enumerate() {
                    file.text(&point.name)?;
                    file.text(&structure.name)?;
                    file.sweep(point, sweep)?;
                    file.text(sign.name())?;
                    file.text(sign.metric().name())?;
                    // A sign that does not apply (no discovery target) keeps its row,
                    // so every structure has the same rows, with empty cells.
                    let check = stats.exceedance(k, i);
                    file.num(check.map_or(f64::NAN, |c| c.threshold().bound))?;
                    let mean = stats.summary(k, sign.metric()).moments.mean();
                    file.num(if check.is_some() { mean } else { f64::NAN })?;
                    file.num(check.map_or(f64::NAN, |c| c.share()))?;
                    file.end()?;
                }
            }
        }
        file.finish()
    }
}

impl TrialSink for ResultWriter<'_> {
    type Error = OutputError;

    fn trial(
        &mut self,
        index: usize,
        trial: u32,
        results: &[TrialResult],
    ) -> Result<(), OutputError> {
        let point = &self.points[index];
        let sweep = &self.sweep_values[index];
        for (structure, result) in point.structures.iter().zip(results) {
            let file = &mut self.trials;
            file.text(&point.name)?;
            file.text(&structure.name)?;
            file.sweep(point, sweep)?;
            file.int(u64::from(trial))?;
            for &x in &result.metrics.0 {
                file.num(x)?;
            }
            file.end()?;

            for activity in &result.people {
                let file = &mut self.people;
                file.text(&point.name)?;
                file.text(&structure.name)?;
                file.sweep(point, sweep)?;
                file.int(u64::from(trial))?;
                file.text(&activity.person)?;
                file.text(&activity.role)?;
                file.text(activity.activity)?;
                file.num(activity.hours)?;
                file.num(activity.share)?;
                file.end()?;
            }

            for group in &result.groups {
                let file = &mut self.groups;
                file.text(&point.name)?;
                file.text(&structure.name)?;
                file.sweep(point, sweep)?;
                file.int(u64::from(trial))?;
                file.text(&group.group)?;
                file.num(group.requests_arrived)?;
                file.num(group.requests_accepted)?;
                file.num(group.triage_wait_mean_h)?;
                file.num(group.lead_time_mean_h)?;
                file.num(group.value_per_week)?;
                file.end()?;
            }
        }
        self.stats[index].add_trial(results);
        self.summaries.add(index, results);
        Ok(())
    }

    fn set_trial(
        &mut self,
        index: usize,
        set: SetIndex,
        _trial: u32,
        results: &[TrialResult],
    ) -> Result<(), OutputError> {
        self.sets.set_trial(
            self.points,
            &self.sweep_columns,
            &self.sweep_values[index],
            index,
            set,
            results,
        )
    }
}

/// One CSV file being written, field by field, through one reused writer and one
/// reused number buffer: no allocation per row.
pub(super) struct CsvWriter {
    name: &'static str,
    path: PathBuf,
    writer: csv::Writer<File>,
    number: String,
    /// Rows written, the header included.
    rows: u64,
}

impl CsvWriter {
    /// Creates `file` in `dir` and writes its header for the batch's sweep columns.
    pub(super) fn create(
        dir: &Path,
        file: &CsvFile,
        sweep_columns: &[String],
    ) -> Result<Self, OutputError> {
        Self::create_with(dir, file, sweep_columns, &[])
    }

    /// As [`CsvWriter::create`], with the columns `more` after the file's fields.
    pub(super) fn create_with(
        dir: &Path,
        file: &CsvFile,
        sweep_columns: &[String],
        more: &[String],
    ) -> Result<Self, OutputError> {
        let path = dir.join(file.name);
        let writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_path(&path)
            .map_err(|source| csv_err(&path, source))?;
        let mut out = CsvWriter {
            name: file.name,
            path,
            writer,
            number: String::with_capacity(32),
            rows: 0,
        };
        for column in file.header_with(sweep_columns, more) {
            out.text(column)?;
        }
        out.end()?;
        Ok(out)
    }

    pub(super) fn text(&mut self, s: &str) -> Result<(), OutputError> {
        self.writer
            .write_field(s)
            .map_err(|e| csv_err(&self.path, e))
    }

    /// A number at full precision: `{}` on `f64` is the shortest decimal that reads
    /// back to the same value, without exponent notation. `NaN` and infinities are
    /// empty cells: a spreadsheet would read them as text.
    pub(super) fn num(&mut self, x: f64) -> Result<(), OutputError> {
        self.number.clear();
        if x.is_finite() {
            // Writing to a String cannot fail.
            let _ = write!(self.number, "{x}");
        }
        self.writer
            .write_field(&self.number)
            .map_err(|e| csv_err(&self.path, e))
    }

    pub(super) fn int(&mut self, x: u64) -> Result<(), OutputError> {
        self.number.clear();
        let _ = write!(self.number, "{x}");
        self.writer
            .write_field(&self.number)
            .map_err(|e| csv_err(&self.path, e))
    }

    /// The point's value of each sweep column, empty where it does not sweep it.
    pub(super) fn sweep(
        &mut self,
        point: &Scenario,
        values: &[Option<usize>],
    ) -> Result<(), OutputError> {
        for value in values {
            let text = value.map_or("", |i| point.sweep[i].1.as_str());
            self.text(text)?;
        }
        Ok(())
    }

    pub(super) fn end(&mut self) -> Result<(), OutputError> {
        self.rows += 1;
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_err(&self.path, e))
    }

    pub(super) fn finish(mut self) -> Result<(), OutputError> {
        self.writer.flush().map_err(|source| OutputError::Io {
            action: "write",
            path: self.path.clone(),
            source,
        })
    }
}

fn csv_err(path: &Path, source: csv::Error) -> OutputError {
    OutputError::Csv {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{run_batch_with, tests::fake_trial, BatchOptions};
    use crate::model::{GroupOutcome, PersonActivity};
    use crate::output::tests::point;
    use crate::output::FILES;
    use std::fs;

    fn run(points: &[Scenario], threads: usize) -> (tempfile::TempDir, Vec<PointStats>) {
        let dir = tempfile::tempdir().unwrap();
        let mut w = ResultWriter::create(dir.path(), points).unwrap();
        let options = BatchOptions {
            threads: Some(threads),
            progress: false,
        };
        run_batch_with(points, &options, &mut w, |s, k, t| {
            let mut r = fake_trial(s, k, t);
            r.people.push(PersonActivity {
                person: "po-1".into(),
                role: "po".into(),
                activity: "answer",
                hours: 12.5,
                share: 0.3125,
            });
            r.groups.push(GroupOutcome {
                group: "sales, emea".into(),
                requests_arrived: 4.0,
                requests_accepted: 1.0,
                triage_wait_mean_h: f64::NAN,
                lead_time_mean_h: 0.1 + 0.2,
                value_per_week: 1e-7,
            });
            r
        })
        .unwrap();
        let stats = w.finish().unwrap().stats;
        (dir, stats)
    }

    fn lines(dir: &Path, file: &str) -> Vec<String> {
        fs::read_to_string(dir.join(file))
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn headers_are_stable() {
        let points = [point("a", &[("team.squads", "1")], 2, 2)];
        let (dir, _) = run(&points, 1);
        let metrics: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(
            lines(dir.path(), "trials.csv")[0],
            format!("scenario,structure,team.squads,trial,{}", metrics.join(","))
        );
        assert_eq!(
            lines(dir.path(), "summary.csv")[0],
            "scenario,structure,team.squads,metric,n,mean,sd,ci95_low,ci95_high,p5,p50,p95,people_cost_per_year,settled,primary_rank"
        );
        assert_eq!(
            lines(dir.path(), "compare.csv")[0],
            "scenario,team.squads,structure_a,structure_b,metric,mean_a,mean_b,diff_mean,\
             diff_ci95_low,diff_ci95_high,relative_change,a_better_share,verdict,margin,not_settled"
        );
        assert_eq!(
            lines(dir.path(), "warnings.csv")[0],
            "scenario,structure,team.squads,warning,metric,threshold,mean_value,fired_share"
        );
        assert_eq!(
            lines(dir.path(), "people.csv")[0],
            "scenario,structure,team.squads,trial,person,role,activity,hours,share"
        );
        assert_eq!(
            lines(dir.path(), "groups.csv")[0],
            "scenario,structure,team.squads,trial,group,requests_arrived,requests_accepted,\
             triage_wait_mean_h,lead_time_mean_h,value_per_week"
        );
    }

    #[test]
    fn rows_are_full_precision_with_empty_cells_for_missing_values() {
        let points = [
            point("a", &[("team.squads", "1")], 2, 2),
            point("b", &[], 1, 1),
        ];
        let (dir, _) = run(&points, 2);
        let trials = lines(dir.path(), "trials.csv");
        assert_eq!(trials.len(), 1 + 2 * 2 + 1);
        // Scenario a: name length 1 → throughput 1000 + 100 k + t.
        assert!(trials[1].starts_with("a,s0,1,0,1000,,"), "{}", trials[1]);
        assert!(trials[2].starts_with("a,s1,1,0,1100,,"), "{}", trials[2]);
        assert!(trials[3].starts_with("a,s0,1,1,1001,,"), "{}", trials[3]);
        // b sweeps nothing: its team.squads cell is empty.
        assert!(trials[5].starts_with("b,s0,,0,1000,,"), "{}", trials[5]);
        let groups = lines(dir.path(), "groups.csv");
        assert_eq!(
            groups[1],
            "a,s0,1,0,\"sales, emea\",4,1,,0.30000000000000004,0.0000001"
        );
        let people = lines(dir.path(), "people.csv");
        assert_eq!(people[1], "a,s0,1,0,po-1,po,answer,12.5,0.3125");
    }

    #[test]
    fn summary_and_compare_have_one_row_per_metric() {
        let mut points = [point("a", &[], 20, 3)];
        // s1 is priced: two developers at 1000 a year.
        points[0].structures[1].dev_yearly_cost = Some(1000.0);
        let (dir, stats) = run(&points, 2);
        let summary = lines(dir.path(), "summary.csv");
        assert_eq!(summary.len(), 1 + 3 * Metric::COUNT);
        // Throughput of s1 over trials 0..19: 1100..1119, mean 1109.5.
        let row = summary
            .iter()
            .find(|l| l.starts_with("a,s1,throughput_per_week,"))
            .unwrap();
        assert!(
            row.starts_with("a,s1,throughput_per_week,20,1109.5,"),
            "{row}"
        );
        // An unobserved metric: n = 0 and every statistic empty; then the structure's
        // cost (none without [costs]), settled, and its rank on throughput (the primary
        // outcome without value): s1 and s2 both deliver more than s0, by 9% and 18%.
        let row = summary
            .iter()
            .find(|l| l.starts_with("a,s0,value_per_week,"))
            .unwrap();
        assert_eq!(row, "a,s0,value_per_week,0,,,,,,,,,true,3");
        let row = summary
            .iter()
            .find(|l| l.starts_with("a,s1,value_per_week,"))
            .unwrap();
        assert_eq!(row, "a,s1,value_per_week,0,,,,,,,,2000,true,2");

        let compare = lines(dir.path(), "compare.csv");
        assert_eq!(compare.len(), 1 + 3 * Metric::COUNT);
        let pairs: Vec<&str> = compare[1..]
            .iter()
            .filter(|l| l.contains(",throughput_per_week,"))
            .map(|l| &l[..6])
            .collect();
        assert_eq!(pairs, ["a,s0,s", "a,s0,s", "a,s1,s"]);
        // s0 always lower throughput than s1 by exactly 100, 9% of s1's 1109.5: worse,
        // beyond the margin of 2% × 1109.5 = 22.19; both settled.
        let row = compare
            .iter()
            .find(|l| l.starts_with("a,s0,s1,throughput_per_week,"))
            .unwrap();
        assert!(
            row.ends_with(",-100,-100,-100,-0.09013068949977468,0,worse,22.19,"),
            "{row}"
        );
        // Latency: s0 lower by 1 each trial: better; the margin is 2% of B's mean.
        let row = compare
            .iter()
            .find(|l| l.starts_with("a,s0,s2,decision_latency_mean_h,"))
            .unwrap();
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells[10..12], ["1", "better"], "{row}");
        let mean_b: f64 = cells[5].parse().unwrap();
        let margin: f64 = cells[12].parse().unwrap();
        assert_eq!(margin, 0.02 * mean_b, "{row}");
        assert_eq!(cells[13], "", "{row}");
        // Requests arrived have no better direction: no verdict, no margin.
        let row = compare
            .iter()
            .find(|l| l.starts_with("a,s0,s1,requests_arrived,"))
            .unwrap();
        assert!(row.ends_with(",,,"), "{row}");
        assert_eq!(stats[0].trials(), 20);
    }

    #[test]
    fn warnings_have_one_row_per_structure_and_sign() {
        let points = [point("a", &[("team.squads", "3")], 4, 2)];
        let dir = tempfile::tempdir().unwrap();
        let mut w = ResultWriter::create(dir.path(), &points).unwrap();
        // p90 latency 2, 4, 6, 8 h for s0 (two trials above 4 h), NaN for s1.
        run_batch_with(&points, &BatchOptions::default(), &mut w, |s, k, t| {
            let mut r = fake_trial(s, k, t);
            let p90 = if k == 0 {
                2.0 * f64::from(t + 1)
            } else {
                f64::NAN
            };
            r.metrics.set(Metric::DecisionLatencyP90H, p90);
            r
        })
        .unwrap();
        w.finish().unwrap();
        let rows = lines(dir.path(), "warnings.csv");
        assert_eq!(rows.len(), 1 + 2 * WarningSign::COUNT);
        assert_eq!(
            rows[1],
            "a,s0,3,slow_decisions,decision_latency_p90_h,4,5,0.5"
        );
        // No discovery target: the sign does not apply, its cells are empty.
        assert_eq!(rows[2], "a,s0,3,discovery_postponed,discovery_share,,,");
        // A metric never observed never fires.
        assert_eq!(
            rows[1 + WarningSign::COUNT],
            "a,s1,3,slow_decisions,decision_latency_p90_h,4,,0"
        );
    }

    #[test]
    fn output_is_identical_for_any_thread_count() {
        let points = [point("a", &[], 300, 2), point("bb", &[("x", "1")], 40, 3)];
        let (one, _) = run(&points, 1);
        let (two, _) = run(&points, 2);
        for file in FILES {
            assert_eq!(
                fs::read(one.path().join(file)).unwrap(),
                fs::read(two.path().join(file)).unwrap(),
                "{file}"
            );
        }
    }
}
