//! The spreadsheet-sized forms of the per-trial files: `people_summary.csv` (per
//! person and activity) and `groups_summary.csv` (per stakeholder group and measure),
//! each a mean, standard deviation and 95% interval over trials; and the note that
//! sends a reader to them when a per-trial file is longer than a spreadsheet opens.
//!
//! `people.csv` and `groups.csv` grow with the number of trials: 200 trials of a large
//! structure already pass the [`SPREADSHEET_ROWS`] a spreadsheet opens. Their
//! summaries have one row per person and activity (per group and measure) whatever
//! the number of trials, and are folded from the same rows as they stream past, into
//! online accumulators ([`Welford`]): memory does not grow with the trials.

use super::columns::{
    CsvFile, GroupsColumn, GROUPS_SUMMARY, PEOPLE_SUMMARY, SPREADSHEET_ROWS, SUMMARIZED_BY,
};
use super::writer::{CsvWriter, StatisticsFiles};
use super::OutputError;
use crate::model::{GroupOutcome, PersonActivity, TrialResult};
use crate::stats::Welford;
use std::fmt;

/// The people and group accumulators of a batch: per point, per structure.
pub(super) struct Summaries {
    points: Vec<Vec<StructureSums>>,
}

/// One structure's accumulators at one point, in the order its rows first came.
#[derive(Default)]
struct StructureSums {
    people: Vec<ActivitySums>,
    groups: Vec<GroupSums>,
}

/// One activity of one person over trials.
struct ActivitySums {
    person: String,
    role: String,
    activity: &'static str,
    hours: Welford,
    share: Welford,
}

/// One stakeholder group over trials: an accumulator per measure of
/// [`GroupsColumn::MEASURES`].
struct GroupSums {
    group: String,
    measures: [Welford; GroupsColumn::MEASURES.len()],
}

/// The value of a `groups.csv` measure in one group's outcome.
fn measure(outcome: &GroupOutcome, column: GroupsColumn) -> f64 {
    match column {
        GroupsColumn::RequestsArrived => outcome.requests_arrived,
        GroupsColumn::RequestsAccepted => outcome.requests_accepted,
        GroupsColumn::TriageWaitMeanH => outcome.triage_wait_mean_h,
        GroupsColumn::LeadTimeMeanH => outcome.lead_time_mean_h,
        GroupsColumn::ValuePerWeek => outcome.value_per_week,
        // Not measures: the key of a row.
        GroupsColumn::Trial | GroupsColumn::Group => f64::NAN,
    }
}

impl Summaries {
    /// Empty accumulators for points with these numbers of structures.
    pub(super) fn new(structures: impl Iterator<Item = usize>) -> Summaries {
        Summaries {
            points: structures
                .map(|n| (0..n).map(|_| StructureSums::default()).collect())
                .collect(),
        }
    }

    /// Folds in trial results of point `point`, `results[k]` of structure k.
    pub(super) fn add(&mut self, point: usize, results: &[TrialResult]) {
        for (sums, result) in self.points[point].iter_mut().zip(results) {
            sums.add_people(&result.people);
            sums.add_groups(&result.groups);
        }
    }

    /// Writes `people_summary.csv` and `groups_summary.csv`.
    pub(super) fn write(&self, files: &StatisticsFiles) -> Result<(), OutputError> {
        let mut people = CsvWriter::create(files.dir, &PEOPLE_SUMMARY, files.sweep_columns)?;
        let mut groups = CsvWriter::create(files.dir, &GROUPS_SUMMARY, files.sweep_columns)?;
        for ((point, sweep, _), sums) in files.each_point().zip(&self.points) {
            for (structure, sums) in point.structures.iter().zip(sums) {
                for a in &sums.people {
                    people.text(&point.name)?;
                    people.text(&structure.name)?;
                    people.sweep(point, sweep)?;
                    people.text(&a.person)?;
                    people.text(&a.role)?;
                    people.text(a.activity)?;
                    people.int(a.hours.count())?;
                    moments(&mut people, &a.hours)?;
                    moments(&mut people, &a.share)?;
                    people.end()?;
                }
                for g in &sums.groups {
                    for (column, values) in GroupsColumn::MEASURES.iter().zip(&g.measures) {
                        groups.text(&point.name)?;
                        groups.text(&structure.name)?;
                        groups.sweep(point, sweep)?;
                        groups.text(&g.group)?;
                        groups.text(column.name())?;
                        groups.int(values.count())?;
                        moments(&mut groups, values)?;
                        groups.end()?;
                    }
                }
            }
        }
        people.finish()?;
        groups.finish()
    }
}

/// Mean, standard deviation and the two ends of the 95% interval.
fn moments(file: &mut CsvWriter, values: &Welford) -> Result<(), OutputError> {
    let (low, high) = values.ci95();
    for x in [values.mean(), values.sd(), low, high] {
        file.num(x)?;
    }
    Ok(())
}

impl StructureSums {
    /// A trial's people rows. A structure gives the same rows in the same order in
    /// every trial, so row i is looked for at position i first; a row not met before
    /// is added (in a merged or hand-made batch the rows may differ between trials).
    fn add_people(&mut self, rows: &[PersonActivity]) {
        for (i, row) in rows.iter().enumerate() {
            let same = |s: &ActivitySums| s.person == row.person && s.activity == row.activity;
            let at = match self.people.get(i) {
                Some(s) if same(s) => i,
                _ => match self.people.iter().position(same) {
                    Some(j) => j,
                    None => {
                        self.people.push(ActivitySums {
                            person: row.person.clone(),
                            role: row.role.clone(),
                            activity: row.activity,
                            hours: Welford::new(),
                            share: Welford::new(),
                        });
                        self.people.len() - 1
                    }
                },
            };
            let sums = &mut self.people[at];
            sums.hours.push(row.hours);
            sums.share.push(row.share);
        }
    }

    /// A trial's group rows, matched by position first as in
    /// [`add_people`](Self::add_people).
    fn add_groups(&mut self, rows: &[GroupOutcome]) {
        for (i, row) in rows.iter().enumerate() {
            let at = match self.groups.get(i) {
                Some(g) if g.group == row.group => i,
                _ => match self.groups.iter().position(|g| g.group == row.group) {
                    Some(j) => j,
                    None => {
                        self.groups.push(GroupSums {
                            group: row.group.clone(),
                            measures: [Welford::new(); GroupsColumn::MEASURES.len()],
                        });
                        self.groups.len() - 1
                    }
                },
            };
            let sums = &mut self.groups[at];
            for (values, &column) in sums.measures.iter_mut().zip(&GroupsColumn::MEASURES) {
                values.push(measure(row, column));
            }
        }
    }
}

/// A per-trial file with more rows than a spreadsheet opens, and the summary of it
/// to open instead. Its `Display` is the note the command line prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLongForSpreadsheets {
    /// The per-trial file.
    pub file: &'static str,
    /// Its rows, the header included.
    pub rows: u64,
    /// The file that sums it up over trials.
    pub summary: &'static str,
}

impl fmt::Display for TooLongForSpreadsheets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} has {} rows, more than a spreadsheet opens ({}); open {} instead, which \
             sums it up over trials",
            self.file,
            grouped(self.rows),
            grouped(SPREADSHEET_ROWS),
            self.summary
        )
    }
}

/// The notes for per-trial files of these sizes (rows with the header, by file
/// name): every file of [`SUMMARIZED_BY`] longer than `limit` rows.
pub(super) fn too_long(rows: impl Fn(&CsvFile) -> u64, limit: u64) -> Vec<TooLongForSpreadsheets> {
    SUMMARIZED_BY
        .iter()
        .filter(|(file, _)| rows(file) > limit)
        .map(|(file, summary)| TooLongForSpreadsheets {
            file: file.name,
            rows: rows(file),
            summary: summary.name,
        })
        .collect()
}

/// A count with thousands separators, as a person reads it: `1,048,576`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::{GROUPS, PEOPLE, TRIALS};

    fn activity(person: &str, activity: &'static str, hours: f64) -> PersonActivity {
        PersonActivity {
            person: person.into(),
            role: "po".into(),
            activity,
            hours,
            share: hours / 40.0,
        }
    }

    fn group(name: &str, wait: f64) -> GroupOutcome {
        GroupOutcome {
            group: name.into(),
            requests_arrived: 4.0,
            requests_accepted: 2.0,
            triage_wait_mean_h: wait,
            lead_time_mean_h: 30.0,
            value_per_week: 1.5,
        }
    }

    #[test]
    fn rows_are_matched_by_person_and_activity_whatever_their_order() {
        let mut sums = StructureSums::default();
        sums.add_people(&[
            activity("po-1", "answer", 10.0),
            activity("po-1", "idle", 30.0),
        ]);
        // Another order, and a row not seen before.
        sums.add_people(&[
            activity("po-1", "idle", 20.0),
            activity("po-1", "answer", 20.0),
            activity("po-2", "answer", 5.0),
        ]);
        let found: Vec<(&str, &str, u64, f64)> = sums
            .people
            .iter()
            .map(|s| {
                (
                    s.person.as_str(),
                    s.activity,
                    s.hours.count(),
                    s.hours.mean(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("po-1", "answer", 2, 15.0),
                ("po-1", "idle", 2, 25.0),
                ("po-2", "answer", 1, 5.0)
            ]
        );
        assert_eq!(sums.people[0].share.mean(), 15.0 / 40.0);
    }

    #[test]
    fn a_group_measure_without_a_value_is_not_counted() {
        let mut sums = StructureSums::default();
        sums.add_groups(&[group("sales", 2.0)]);
        sums.add_groups(&[group("sales", f64::NAN)]);
        sums.add_groups(&[group("sales", 4.0)]);
        let g = &sums.groups[0];
        let wait = GroupsColumn::MEASURES
            .iter()
            .position(|&c| c == GroupsColumn::TriageWaitMeanH)
            .unwrap();
        assert_eq!(
            (g.measures[wait].count(), g.measures[wait].mean()),
            (2, 3.0)
        );
        assert_eq!(g.measures[0].count(), 3);
    }

    #[test]
    fn every_measure_of_groups_csv_is_summarised() {
        let fields = &GroupsColumn::ALL[2..];
        assert_eq!(fields, GroupsColumn::MEASURES);
        let g = group("g", 7.0);
        for column in GroupsColumn::MEASURES {
            assert!(measure(&g, column).is_finite(), "{}", column.name());
        }
    }

    /// Runs `points` through a [`ResultWriter`](crate::output::ResultWriter) with
    /// synthetic trials in which po-1 answers 10 + trial hours, and the group `sales`
    /// waits the trial's number of hours for triage; returns the folder.
    fn written(points: &[crate::scenario::Scenario]) -> tempfile::TempDir {
        use crate::batch::{run_batch_with, tests::fake_trial, BatchOptions};
        let dir = tempfile::tempdir().unwrap();
        let mut w = crate::output::ResultWriter::create(dir.path(), points).unwrap();
        run_batch_with(points, &BatchOptions::default(), &mut w, |s, k, t| {
            let mut r = fake_trial(s, k, t);
            r.people
                .push(activity("po-1", "answer", 10.0 + f64::from(t)));
            r.groups.push(group("sales, emea", f64::from(t)));
            r
        })
        .unwrap();
        assert!(w.too_long_for_spreadsheets().is_empty());
        w.finish().unwrap();
        dir
    }

    #[test]
    fn the_summaries_are_the_per_trial_rows_over_trials() {
        let points = [crate::output::tests::point(
            "a",
            &[("team.squads", "2")],
            5,
            2,
        )];
        let dir = written(&points);
        let text = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let people: Vec<String> = text("people_summary.csv")
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(
            people[0],
            "scenario,structure,team.squads,person,role,activity,n,hours_mean,hours_sd,\
             hours_ci95_low,hours_ci95_high,share_mean,share_sd,share_ci95_low,share_ci95_high"
        );
        assert_eq!(
            people.len(),
            1 + 2,
            "one row per structure, person and activity"
        );
        // Hours 10..=14: mean 12, sd √2.5; the interval's half-width is
        // t(0.975, 4) · sd / √5 = 2.7764451 × 0.7071068.
        let cells: Vec<&str> = people[1].split(',').collect();
        assert_eq!(cells[..7], ["a", "s0", "2", "po-1", "po", "answer", "5"]);
        let num = |i: usize| cells[i].parse::<f64>().unwrap();
        assert_eq!(num(7), 12.0);
        assert!((num(8) - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((num(10) - 12.0 - 2.7764451051977987 * 0.5f64.sqrt()).abs() < 1e-9);
        assert!((num(11) - 12.0 / 40.0).abs() < 1e-15);

        let groups: Vec<String> = text("groups_summary.csv")
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(
            groups[0],
            "scenario,structure,team.squads,group,metric,n,mean,sd,ci95_low,ci95_high"
        );
        assert_eq!(groups.len(), 1 + 2 * GroupsColumn::MEASURES.len());
        assert_eq!(
            groups[1],
            "a,s0,2,\"sales, emea\",requests_arrived,5,4,0,4,4"
        );
        assert!(
            groups[3].starts_with("a,s0,2,\"sales, emea\",triage_wait_mean_h,5,2,"),
            "{}",
            groups[3]
        );
    }

    #[test]
    fn a_file_past_the_limit_points_to_its_summary() {
        let rows = |file: &CsvFile| match file.name {
            "people.csv" => 11,
            "trials.csv" => 10,
            _ => 3,
        };
        let notes = too_long(rows, 10);
        assert_eq!(
            notes,
            [TooLongForSpreadsheets {
                file: PEOPLE.name,
                rows: 11,
                summary: "people_summary.csv"
            }]
        );
        assert!(too_long(|_| SPREADSHEET_ROWS, SPREADSHEET_ROWS).is_empty());
        let note = TooLongForSpreadsheets {
            file: TRIALS.name,
            rows: 2_000_001,
            summary: "summary.csv",
        };
        assert_eq!(
            note.to_string(),
            "trials.csv has 2,000,001 rows, more than a spreadsheet opens (1,048,576); open \
             summary.csv instead, which sums it up over trials"
        );
        assert_eq!(GROUPS.name, SUMMARIZED_BY[2].0.name);
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }
}
