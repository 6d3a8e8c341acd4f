//! The columns of every CSV file of a run, declared once: the writer
//! ([`ResultWriter`](super::ResultWriter)) writes its headers from them, and the page
//! ([`html`](super::html)) finds the columns it reads by them.
//!
//! A file's columns come in three runs: the **key** (`scenario`, and `structure` where
//! a row belongs to one structure), then one column per swept parameter of the batch
//! ([`sweep_columns`]), then the file's own **fields**, listed by one enum per file
//! (and, in `trials.csv` and `samples.csv`, one column per [`Metric`]). A reader finds
//! the sweep columns as the ones between the key and the first field. `samples.csv`
//! has one more run, one column per parameter of `[uncertainty]`
//! ([`parameter_columns`]), between its fields and its metrics.

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
        self.header_with(sweep, &[])
    }

    /// The header row with the columns `more` after the fields (the parameters of
    /// `samples.csv`).
    pub fn header_with<'a>(&self, sweep: &'a [String], more: &'a [String]) -> Vec<&'a str> {
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
            .chain(more.iter().map(String::as_str))
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
    /// The values of `compare.csv`'s `not_settled` column (an empty cell: both sides
    /// settled): which side of the pair has queues that keep growing.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum NotSettled {
        /// Structure A has not settled.
        A => "a",
        /// Structure B has not settled.
        B => "b",
        /// Neither has.
        Both => "both",
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

named_enum! {
    /// The fields of `people_summary.csv`: one activity of one person over trials,
    /// the spreadsheet-sized form of `people.csv`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PeopleSummaryColumn {
        /// The person's label (`po-2`).
        Person => "person",
        /// The person's role.
        Role => "role",
        /// A duty's name, `switching` or `idle`.
        Activity => "activity",
        /// Trials with a value.
        Count => "n",
        /// Mean hours in the measured window over trials.
        HoursMean => "hours_mean",
        /// Standard deviation of the hours over trials.
        HoursSd => "hours_sd",
        /// Lower end of the 95% confidence interval of the mean hours.
        HoursCi95Low => "hours_ci95_low",
        /// Upper end.
        HoursCi95High => "hours_ci95_high",
        /// Mean share of the window over trials.
        ShareMean => "share_mean",
        /// Standard deviation of the share over trials.
        ShareSd => "share_sd",
        /// Lower end of the 95% confidence interval of the mean share.
        ShareCi95Low => "share_ci95_low",
        /// Upper end.
        ShareCi95High => "share_ci95_high",
    }
}

named_enum! {
    /// The fields of `groups_summary.csv`: one measure of one stakeholder group over
    /// trials, the spreadsheet-sized form of `groups.csv`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum GroupsSummaryColumn {
        /// The group's name.
        Group => "group",
        /// The measure: a column of `groups.csv` ([`GroupsColumn::MEASURES`]).
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
    }
}

impl GroupsColumn {
    /// The columns of `groups.csv` that measure a group in a trial (all but the key,
    /// the trial and the group): the rows of `groups_summary.csv`, in this order.
    pub const MEASURES: [GroupsColumn; 5] = [
        GroupsColumn::RequestsArrived,
        GroupsColumn::RequestsAccepted,
        GroupsColumn::TriageWaitMeanH,
        GroupsColumn::LeadTimeMeanH,
        GroupsColumn::ValuePerWeek,
    ];
}

named_enum! {
    /// The fields of `scenarios.csv`: what one scenario point is and how it was run,
    /// for the page (which is built from the files alone) and for the reader of the
    /// files.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ScenariosColumn {
        /// The scenario's one-line description; empty when it has none.
        Description => "description",
        /// Trials per structure.
        Trials => "trials",
        /// Measured weeks of a trial.
        Weeks => "weeks",
        /// Warm-up weeks before them.
        WarmupWeeks => "warmup_weeks",
        /// The master seed.
        Seed => "seed",
    }
}

named_enum! {
    /// The fields of `warmup.csv`: what the warm-up check finds in one weekly series
    /// of one structure.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WarmupColumn {
        /// The series, as [`Series`](crate::analysis::warmup::Series) names it.
        Series => "series",
        /// Weeks of warm-up MSER-5 suggests, where the check finds the start-up
        /// transient longer than `warmup_weeks`; empty where it does not.
        SuggestedWeeks => "suggested_warmup_weeks",
        /// With a suggestion, `false` when the series had not settled by the end of the
        /// weeks searched (the first half of the trial): it still drifts.
        Settled => "settled",
    }
}

named_enum! {
    /// The fields of `samples.csv`, before one column per parameter and one per
    /// metric: one structure in one parameter set of `[uncertainty]`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SamplesColumn {
        /// The parameter set's number, from 0.
        Set => "set",
    }
}

named_enum! {
    /// The fields of `uncertainty.csv`: structure A against B on one metric over the
    /// parameter sets, and one parameter's influence on the difference.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum UncertaintyColumn {
        /// Structure A's name.
        StructureA => "structure_a",
        /// Structure B's name.
        StructureB => "structure_b",
        /// The metric's name.
        Metric => "metric",
        /// Parameter sets run.
        Sets => "sets",
        /// Trials of each structure in each set.
        Trials => "trials",
        /// Share of the sets in which A's verdict against B is `better`.
        BetterShare => "better_share",
        /// Share in which it is `worse`.
        WorseShare => "worse_share",
        /// Share in which it is `equivalent`.
        EquivalentShare => "equivalent_share",
        /// Share in which it is `no clear difference`.
        NoClearDifferenceShare => "no_clear_difference_share",
        /// Mean over sets of the set's mean difference A − B.
        DiffMean => "diff_mean",
        /// Its standard deviation over sets.
        DiffSd => "diff_sd",
        /// Its 5th percentile over sets.
        DiffP5 => "diff_p5",
        /// Its 95th percentile over sets.
        DiffP95 => "diff_p95",
        /// R² of the rank regression of the difference on the parameters.
        RankR2 => "rank_r2",
        /// The parameter's path.
        Parameter => "parameter",
        /// Its rank by influence, 1 for the largest.
        Rank => "rank",
        /// Its standardised rank regression coefficient.
        Influence => "influence",
        /// Lower end of the coefficient's 95% bootstrap interval.
        InfluenceLow => "influence_ci95_low",
        /// Upper end.
        InfluenceHigh => "influence_ci95_high",
    }
}

impl UncertaintyColumn {
    /// The column of the share of sets with `verdict`.
    pub fn share_of(verdict: crate::stats::Verdict) -> UncertaintyColumn {
        use crate::stats::Verdict;
        match verdict {
            Verdict::Better => UncertaintyColumn::BetterShare,
            Verdict::Worse => UncertaintyColumn::WorseShare,
            Verdict::Equivalent => UncertaintyColumn::EquivalentShare,
            Verdict::NoClearDifference => UncertaintyColumn::NoClearDifferenceShare,
        }
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

/// `people_summary.csv`: how each product person spent the trials, over trials.
pub const PEOPLE_SUMMARY: CsvFile = CsvFile {
    name: "people_summary.csv",
    key: BY_STRUCTURE,
    fields: &PeopleSummaryColumn::NAMES,
    metric_columns: false,
};

/// `groups_summary.csv`: what each stakeholder group got, over trials.
pub const GROUPS_SUMMARY: CsvFile = CsvFile {
    name: "groups_summary.csv",
    key: BY_STRUCTURE,
    fields: &GroupsSummaryColumn::NAMES,
    metric_columns: false,
};

/// `scenarios.csv`: each scenario point's description and run.
pub const SCENARIOS: CsvFile = CsvFile {
    name: "scenarios.csv",
    key: &[SCENARIO],
    fields: &ScenariosColumn::NAMES,
    metric_columns: false,
};

/// `warmup.csv`: the warm-up check, one row per structure, point and weekly series.
pub const WARMUP: CsvFile = CsvFile {
    name: "warmup.csv",
    key: BY_STRUCTURE,
    fields: &WarmupColumn::NAMES,
    metric_columns: false,
};

/// `samples.csv`: each structure's metric means in each parameter set.
pub const SAMPLES: CsvFile = CsvFile {
    name: "samples.csv",
    key: BY_STRUCTURE,
    fields: &SamplesColumn::NAMES,
    metric_columns: true,
};

/// `uncertainty.csv`: per pair of structures and metric, the verdicts over the
/// parameter sets and each parameter's influence.
pub const UNCERTAINTY: CsvFile = CsvFile {
    name: "uncertainty.csv",
    key: &[SCENARIO],
    fields: &UncertaintyColumn::NAMES,
    metric_columns: false,
};

/// The files a run writes, in the order they are described in the README.
pub const FILES: [&str; 12] = [
    TRIALS.name,
    SUMMARY.name,
    COMPARE.name,
    WARNINGS.name,
    PEOPLE.name,
    GROUPS.name,
    PEOPLE_SUMMARY.name,
    GROUPS_SUMMARY.name,
    SCENARIOS.name,
    WARMUP.name,
    SAMPLES.name,
    UNCERTAINTY.name,
];

/// The most rows a spreadsheet opens (Excel, and LibreOffice Calc since 7.4), the
/// header row included.
pub const SPREADSHEET_ROWS: u64 = 1_048_576;

/// Each per-trial file, with the file that sums it up over trials: what to open in a
/// spreadsheet when the first has more than [`SPREADSHEET_ROWS`] rows.
pub const SUMMARIZED_BY: [(CsvFile, CsvFile); 3] = [
    (TRIALS, SUMMARY),
    (PEOPLE, PEOPLE_SUMMARY),
    (GROUPS, GROUPS_SUMMARY),
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

/// The parameter columns of `samples.csv`: the union of every point's parameters of
/// `[uncertainty]`, in the order first met. A point without one leaves it empty.
pub fn parameter_columns(points: &[Scenario]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    let parameters = points
        .iter()
        .filter_map(|p| p.uncertainty.as_ref())
        .flat_map(|u| &u.parameters);
    for parameter in parameters {
        if !columns.contains(parameter) {
            columns.push(parameter.clone());
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
