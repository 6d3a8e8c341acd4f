//! The columns of every CSV file of a run, declared once: the writer
//! ([`ResultWriter`](super::ResultWriter)) writes its headers from them, and the page
//! ([`html`](super::html)) finds the columns it reads by them.
//!
//! A file's columns come in three runs: the **key** (`scenario`, and `structure` where
//! a row belongs to one structure), then one column per swept parameter of the batch
//! ([`sweep_columns`]), then the file's own **fields**, listed by one enum per file
//! (and, in `trials.csv`, one column per [`Metric`]). A reader finds the sweep
//! columns as the ones between the key and the first field.

use crate::model::Metric;
use crate::scenario::Scenario;
use crate::vocabulary::named_enum;

/// The first column of every file: the scenario's name.
pub const SCENARIO: &str = "scenario";
/// The column naming the structure a row belongs to.
pub const STRUCTURE: &str = "structure";
/// The key of the files whose rows belong to one structure.
const BY_STRUCTURE: &[&str] = &[SCENARIO, STRUCTURE];

/// One CSV file of a run: its name and its columns.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile {
    /// The file's name in the results folder.
    pub name: &'static str,
    /// The columns before the sweep columns, which key a row; `scenario` first.
    pub key: &'static [&'static str],
    /// The file's own columns, after the sweep columns.
    pub fields: &'static [&'static str],
    /// Whether one column per metric, in [`Metric::ALL`] order, follows the fields.
    pub metric_columns: bool,
}

impl CsvFile {
    /// The header row for a batch whose sweep columns are `sweep`.
    pub fn header<'a>(&self, sweep: &'a [String]) -> Vec<&'a str> {
        let metrics: &[&str] = if self.metric_columns {
            &Metric::NAMES
        } else {
            &[]
        };
        self.key
            .iter()
            .copied()
            .chain(sweep.iter().map(String::as_str))
            .chain(self.fields.iter().copied())
            .chain(metrics.iter().copied())
            .collect()
    }
}

named_enum! {
    /// The fields of `trials.csv`, before one column per metric.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TrialsColumn {
        /// The trial's number, from 0.
        Trial => "trial",
    }
}

named_enum! {
    /// The fields of `summary.csv`: one metric of one structure over trials.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SummaryColumn {
        /// The metric's name.
        Metric => "metric",
        /// Trials with a value.
        Count => "n",
        /// Mean over trials.
        Mean => "mean",
        /// Standard deviation over trials.
        Sd => "sd",
        /// Lower end of the 95% confidence interval of the mean.
        Ci95Low => "ci95_low",
        /// Upper end.
        Ci95High => "ci95_high",
        /// 5th percentile over trials.
        P5 => "p5",
        /// Median over trials.
        P50 => "p50",
        /// 95th percentile over trials.
        P95 => "p95",
        /// The structure's yearly cost of all people, each counted whole.
        PeopleCostPerYear => "people_cost_per_year",
        /// `true` unless the structure's queues keep growing through the window.
        Settled => "settled",
        /// Rank on the primary outcome within the point: 1 + the structures better.
        PrimaryRank => "primary_rank",
    }
}

named_enum! {
    /// The fields of `compare.csv`: structure A against structure B on one metric.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum CompareColumn {
        /// Structure A's name.
        StructureA => "structure_a",
        /// Structure B's name.
        StructureB => "structure_b",
        /// The metric's name.
        Metric => "metric",
        /// Mean of A over the paired trials.
        MeanA => "mean_a",
        /// Mean of B over the paired trials.
        MeanB => "mean_b",
        /// Mean of the paired differences A − B.
        DiffMean => "diff_mean",
        /// Lower end of its 95% confidence interval.
        DiffCi95Low => "diff_ci95_low",
        /// Upper end.
        DiffCi95High => "diff_ci95_high",
        /// The mean difference relative to B's mean.
        RelativeChange => "relative_change",
        /// Share of paired trials in which A was better, ties counting half.
        ABetterShare => "a_better_share",
        /// A's [`Verdict`](crate::stats::Verdict) against B, empty for a metric with no
        /// better direction.
        Verdict => "verdict",
        /// The practical margin: `min_effect` × |mean of B|.
        Margin => "margin",
        /// Which side has not settled: empty, `a`, `b` or `both`.
        NotSettled => "not_settled",
    }
}

named_enum! {
    /// The fields of `warnings.csv`: one warning sign of one structure.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WarningsColumn {
        /// The sign's name.
        Warning => "warning",
        /// The metric it watches.
        Metric => "metric",
        /// Its threshold; empty where the sign does not apply.
        Threshold => "threshold",
        /// Mean of the metric over trials.
        MeanValue => "mean_value",
        /// Share of trials in which the sign fired.
        FiredShare => "fired_share",
    }
}

named_enum! {
    /// The fields of `people.csv`: one activity of one person in one trial.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PeopleColumn {
        /// The trial's number.
        Trial => "trial",
        /// The person's label (`po-2`).
        Person => "person",
        /// The person's role.
        Role => "role",
        /// A duty's name, `switching` or `idle`.
        Activity => "activity",
        /// Hours in the measured window.
        Hours => "hours",
        /// Hours over the window's length.
        Share => "share",
    }
}

named_enum! {
    /// The fields of `groups.csv`: one stakeholder group in one trial.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum GroupsColumn {
        /// The trial's number.
        Trial => "trial",
        /// The group's name.
        Group => "group",
        /// Requests arrived in the window.
        RequestsArrived => "requests_arrived",
        /// Requests accepted in the window.
        RequestsAccepted => "requests_accepted",
        /// Mean wait from arrival to triage start.
        TriageWaitMeanH => "triage_wait_mean_h",
        /// Mean lead time of the group's items done in the window.
        LeadTimeMeanH => "lead_time_mean_h",
        /// Delivered value per week of the group's items.
        ValuePerWeek => "value_per_week",
    }
}

/// `trials.csv`: every metric of every trial of every structure.
pub const TRIALS: CsvFile = CsvFile {
    name: "trials.csv",
    key: BY_STRUCTURE,
    fields: &TrialsColumn::NAMES,
    metric_columns: true,
};

/// `summary.csv`: every metric of every structure over trials.
pub const SUMMARY: CsvFile = CsvFile {
    name: "summary.csv",
    key: BY_STRUCTURE,
    fields: &SummaryColumn::NAMES,
    metric_columns: false,
};

/// `compare.csv`: every metric of every pair of structures, paired over trials.
pub const COMPARE: CsvFile = CsvFile {
    name: "compare.csv",
    key: &[SCENARIO],
    fields: &CompareColumn::NAMES,
    metric_columns: false,
};

/// `warnings.csv`: every warning sign of every structure.
pub const WARNINGS: CsvFile = CsvFile {
    name: "warnings.csv",
    key: BY_STRUCTURE,
    fields: &WarningsColumn::NAMES,
    metric_columns: false,
};

/// `people.csv`: how each product person spent each trial.
pub const PEOPLE: CsvFile = CsvFile {
    name: "people.csv",
    key: BY_STRUCTURE,
    fields: &PeopleColumn::NAMES,
    metric_columns: false,
};

/// `groups.csv`: what each stakeholder group got in each trial.
pub const GROUPS: CsvFile = CsvFile {
    name: "groups.csv",
    key: BY_STRUCTURE,
    fields: &GroupsColumn::NAMES,
    metric_columns: false,
};

/// The files a run writes, in the order they are described in the README.
pub const FILES: [&str; 6] = [
    TRIALS.name,
    SUMMARY.name,
    COMPARE.name,
    WARNINGS.name,
    PEOPLE.name,
    GROUPS.name,
];

/// The swept parameter columns of a batch: the union of every point's sweep paths,
/// in the order first met. A point that does not sweep a column leaves it empty.
pub fn sweep_columns(points: &[Scenario]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for (path, _) in points.iter().flat_map(|p| &p.sweep) {
        if !columns.contains(path) {
            columns.push(path.clone());
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::point;

    #[test]
    fn sweep_columns_are_the_union_in_first_seen_order() {
        let points = [
            point("a", &[("team.squads", "1")], 1, 1),
            point(
                "b",
                &[("work.escalation_share", "0.1"), ("team.squads", "2")],
                1,
                1,
            ),
            point("c", &[], 1, 1),
        ];
        assert_eq!(
            sweep_columns(&points),
            ["team.squads", "work.escalation_share"]
        );
    }

    #[test]
    fn headers_put_the_sweep_between_the_key_and_the_fields() {
        let sweep = ["team.squads".to_string()];
        assert_eq!(
            WARNINGS.header(&sweep).join(","),
            "scenario,structure,team.squads,warning,metric,threshold,mean_value,fired_share"
        );
        assert_eq!(
            COMPARE.header(&[])[..3],
            ["scenario", "structure_a", "structure_b"]
        );
        let trials = TRIALS.header(&sweep);
        assert_eq!(trials.len(), 4 + Metric::COUNT);
        assert_eq!(trials[3..5], ["trial", "throughput_per_week"]);
    }
}
