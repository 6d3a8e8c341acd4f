//! What one trial measures: the per-trial metrics of docs/model.md §12, and the long-format
//! rows per person and per stakeholder group.

use crate::vocabulary::named_enum;

named_enum! {
    /// A per-trial metric: one column of `trials.csv`, named as docs/outputs.md
    /// lists it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[allow(missing_docs)] // each variant is documented by its column in docs/outputs.md
    pub enum Metric {
        ThroughputPerWeek => "throughput_per_week",
        ValuePerWeek => "value_per_week",
        LeadTimeMeanH => "lead_time_mean_h",
        LeadTimeP50H => "lead_time_p50_h",
        LeadTimeP85H => "lead_time_p85_h",
        LeadTimeP95H => "lead_time_p95_h",
        LeadTriageH => "lead_triage_h",
        LeadBacklogH => "lead_backlog_h",
        LeadReadyH => "lead_ready_h",
        LeadWorkH => "lead_work_h",
        LeadBlockedH => "lead_blocked_h",
        LeadAcceptH => "lead_accept_h",
        CycleTimeMeanH => "cycle_time_mean_h",
        DecisionWaitMeanH => "decision_wait_mean_h",
        DecisionLatencyMeanH => "decision_latency_mean_h",
        DecisionLatencyP50H => "decision_latency_p50_h",
        DecisionLatencyP90H => "decision_latency_p90_h",
        DecisionLatencyP99H => "decision_latency_p99_h",
        DevWorkingShare => "dev_working_share",
        DevBlockedShare => "dev_blocked_share",
        DevStarvedShare => "dev_starved_share",
        TriageWaitMeanH => "triage_wait_mean_h",
        RequestsArrived => "requests_arrived",
        RequestsAccepted => "requests_accepted",
        RequestsRejected => "requests_rejected",
        ProductBacklogMean => "product_backlog_mean",
        ReadyBacklogMean => "ready_backlog_mean",
        DiscoveryShare => "discovery_share",
        DiscoveryPostponed => "discovery_postponed",
        ProductUtilMax => "product_util_max",
        BacklogWorkShareMax => "backlog_work_share_max",
        OverloadWeekShare => "overload_week_share",
        CostPerItem => "cost_per_item",
        DevBlockedPerActive => "dev_blocked_per_active",
        NetValuePerWeek => "net_value_per_week",
        SharedUtilMax => "shared_util_max",
        OverloadWeekShareMax => "overload_week_share_max",
        TriageQueueGrowth => "triage_queue_growth",
        BacklogGrowth => "backlog_growth",
        AcceptQueueGrowth => "accept_queue_growth",
        QuestionQueueGrowth => "question_queue_growth",
        QueueGrowthMax => "queue_growth_max",
        CycleTimeP50H => "cycle_time_p50_h",
        CycleTimeP85H => "cycle_time_p85_h",
        CycleTimeP95H => "cycle_time_p95_h",
        ReworkShare => "rework_share",
    }
}

impl Metric {
    /// The metrics a product leader reads first, in the order the printed report and
    /// the page show them (rows of the tables, verdicts, sweep charts); cost per item
    /// last, since the page gives it a section of its own. Developers' blocked time is
    /// shown per hour of work they had (`dev_blocked_per_active`): starved developers
    /// would make `dev_blocked_share` look good.
    pub const HEADLINE: [Metric; 9] = [
        Metric::ThroughputPerWeek,
        Metric::LeadTimeMeanH,
        Metric::DecisionLatencyMeanH,
        Metric::DecisionLatencyP90H,
        Metric::DevBlockedPerActive,
        Metric::DiscoveryShare,
        Metric::ProductUtilMax,
        Metric::ValuePerWeek,
        Metric::CostPerItem,
    ];

    /// The six parts of the lead time, in the order an item passes them; their means
    /// add up to `lead_time_mean_h`.
    pub const LEAD_PARTS: [Metric; 6] = [
        Metric::LeadTriageH,
        Metric::LeadBacklogH,
        Metric::LeadReadyH,
        Metric::LeadWorkH,
        Metric::LeadBlockedH,
        Metric::LeadAcceptH,
    ];

    /// Which way is better, for verdicts; `None` where neither is (counts of arrivals,
    /// backlog sizes).
    pub fn higher_is_better(self) -> Option<bool> {
        use Metric::*;
        match self {
            ThroughputPerWeek | ValuePerWeek | NetValuePerWeek | DevWorkingShare
            | DiscoveryShare => Some(true),
            RequestsArrived | RequestsAccepted | RequestsRejected | ProductBacklogMean
            | ReadyBacklogMean => None,
            _ => Some(false),
        }
    }

    /// What the metric's values measure, as its name's suffix tells (`_h`, `_share`,
    /// `_per_week` …).
    pub fn unit(self) -> Unit {
        use Metric::*;
        match self {
            LeadTimeMeanH | LeadTimeP50H | LeadTimeP85H | LeadTimeP95H | LeadTriageH
            | LeadBacklogH | LeadReadyH | LeadWorkH | LeadBlockedH | LeadAcceptH
            | CycleTimeMeanH | CycleTimeP50H | CycleTimeP85H | CycleTimeP95H
            | DecisionWaitMeanH | DecisionLatencyMeanH | DecisionLatencyP50H
            | DecisionLatencyP90H | DecisionLatencyP99H | TriageWaitMeanH => Unit::Hours,
            DevWorkingShare | DevBlockedShare | DevStarvedShare | DiscoveryShare
            | ProductUtilMax | BacklogWorkShareMax | OverloadWeekShare | DevBlockedPerActive
            | SharedUtilMax | OverloadWeekShareMax | ReworkShare => Unit::Share,
            ThroughputPerWeek | ValuePerWeek | NetValuePerWeek => Unit::PerWeek,
            TriageQueueGrowth | BacklogGrowth | AcceptQueueGrowth | QuestionQueueGrowth
            | QueueGrowthMax => Unit::Ratio,
            CostPerItem => Unit::Money,
            RequestsArrived | RequestsAccepted | RequestsRejected | ProductBacklogMean
            | ReadyBacklogMean | DiscoveryPostponed => Unit::Count,
        }
    }
}

/// What a metric's values measure, for showing them with their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Working hours.
    Hours,
    /// A share in [0, 1] (shown in percent).
    Share,
    /// A rate per working week.
    PerWeek,
    /// Money, in the currency of the scenario's `[costs]`.
    Money,
    /// A count or a mean count.
    Count,
    /// A dimensionless ratio that may leave [0, 1] (a queue's growth).
    Ratio,
}

/// Every metric of one trial; `NaN` where the trial had no observation (an empty cell).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialMetrics(pub [f64; Metric::COUNT]);

impl Default for TrialMetrics {
    fn default() -> Self {
        TrialMetrics([f64::NAN; Metric::COUNT])
    }
}

impl TrialMetrics {
    /// The metric's value, `NaN` if unobserved.
    pub fn get(&self, m: Metric) -> f64 {
        self.0[m.index()]
    }
    /// Sets the metric's value.
    pub fn set(&mut self, m: Metric, v: f64) {
        self.0[m.index()] = v;
    }
}

named_enum! {
    /// An activity of a product person that is not a duty: the rows of `people.csv`
    /// beside each duty's, named once here for the trial that books them, the merge
    /// that reads them back and the page that draws them. In the order a person's
    /// hours are booked after the duties; busy time is every activity before `idle`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Activity {
        /// Recurring work outside the duties (`other_hours_per_week`): a row only for
        /// a person who has some.
        Other => "other",
        /// Time lost changing duty or squad.
        Switching => "switching",
        /// Time at work with nothing to do.
        Idle => "idle",
        /// Time not at work (`availability`, absences, before `from_week` or after
        /// `until_week`): a row only for a person not always at work.
        Away => "away",
    }
}

/// Hours one person spent on one activity in the measured window (`people.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonActivity {
    /// Person label, unique in the structure ("po-2").
    pub person: String,
    /// Role name.
    pub role: String,
    /// What the hours were spent on: a [`Duty`](crate::scenario::Duty)'s name or an
    /// [`Activity`]'s name (`other`, `switching`, `idle`, `away`). A name, not an enum,
    /// since `people.csv` writes it as it is; the names of both vocabularies differ.
    pub activity: &'static str,
    /// Hours in the window.
    pub hours: f64,
    /// Hours over the window's length.
    pub share: f64,
}

/// One stakeholder group's outcome in one trial (`groups.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// Group name.
    pub group: String,
    /// Requests arrived in the window.
    pub requests_arrived: f64,
    /// Requests accepted in the window.
    pub requests_accepted: f64,
    /// Mean wait from arrival to triage start (`NaN` if none).
    pub triage_wait_mean_h: f64,
    /// Mean lead time of this group's items done in the window.
    pub lead_time_mean_h: f64,
    /// Delivered (decayed) value per week of this group's items.
    pub value_per_week: f64,
}

/// Everything one trial of one structure produces.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialResult {
    /// The per-trial metrics.
    pub metrics: TrialMetrics,
    /// Per person and activity.
    pub people: Vec<PersonActivity>,
    /// Per stakeholder group.
    pub groups: Vec<GroupOutcome>,
    /// Counts for conservation checks.
    pub ledger: Ledger,
    /// One entry per simulated week from time 0, warm-up included: the series the
    /// warm-up check (MSER-5) reads. Not part of any metric.
    pub weekly: Vec<WeekStats>,
}

/// What one week of a trial saw, counted by when it happened (warm-up included), so
/// that the start-up transient shows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeekStats {
    /// Items done (accepted) in the week.
    pub done: u32,
    /// Questions whose developer was unblocked in the week.
    pub answered: u32,
    /// Sum of those questions' decision latencies, hours.
    pub latency_sum: f64,
}

impl TrialResult {
    /// A result with only these metrics and weekly series: for testing what consumes
    /// results (statistics, writers, analysis) without running the model.
    #[cfg(test)]
    pub(crate) fn synthetic(metrics: TrialMetrics, weekly: Vec<WeekStats>) -> Self {
        TrialResult {
            metrics,
            people: vec![],
            groups: vec![],
            ledger: Ledger::default(),
            weekly,
        }
    }
}

/// Where every request and item stands at the end of a trial, counted from time 0
/// (warm-up included): the books that conservation tests balance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Length of the measured window, hours.
    pub window_hours: f64,
    /// Requests that arrived.
    pub requests_arrived: u64,
    /// Requests accepted by triage whose items exist (outside approval, if any, given).
    pub requests_accepted: u64,
    /// Requests rejected by triage.
    pub requests_rejected: u64,
    /// Requests queued for triage, not started.
    pub requests_waiting: u64,
    /// Requests in triage (started, or waiting for outside approval).
    pub requests_in_triage: u64,
    /// Backlog items created (from accepted requests, or drawn for `unlimited_backlog`).
    pub items_arrived: u64,
    /// Items accepted: done.
    pub items_done: u64,
    /// Items pulled by a developer and not yet done (in work or awaiting acceptance).
    pub items_in_progress: u64,
    /// Items in the product or ready backlog, or being refined.
    pub items_waiting: u64,
    /// Per developer, hours working, blocked and starved in the window (its time
    /// present: the window less its time away).
    pub dev_hours: Vec<[f64; 3]>,
    /// Per developer, hours away in the window; empty when no developer is ever absent.
    pub dev_away_hours: Vec<f64>,
    /// Per product person, hours per activity in the window (each duty in `Duty::ALL`
    /// order, then other recurring work, switching, idle and away).
    pub person_hours: Vec<[f64; crate::scenario::Duty::COUNT + 4]>,
    /// Questions raised in the window.
    pub questions_raised: u64,
    /// Time-averaged number of requests waiting for triage in the window.
    pub triage_queue_mean: f64,
    /// Events the kernel delivered in the whole trial, for performance figures.
    pub events: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naming rule of docs/outputs.md: the suffix of a metric's name tells its unit.
    #[test]
    fn units_follow_the_metric_names() {
        for m in Metric::ALL {
            let name = m.name();
            let by_name = if name.ends_with("_h") {
                Unit::Hours
            } else if name.contains("share")
                || name.contains("util")
                || name.ends_with("_per_active")
            {
                Unit::Share
            } else if name.contains("growth") {
                Unit::Ratio
            } else if name.ends_with("per_week") {
                Unit::PerWeek
            } else if name.starts_with("cost") {
                Unit::Money
            } else {
                Unit::Count
            };
            assert_eq!(m.unit(), by_name, "{name}");
        }
    }

    /// An activity of `people.csv` reads back as one thing: no duty is named like an
    /// activity that is not one.
    #[test]
    fn activities_are_not_named_like_duties() {
        for activity in Activity::ALL {
            let name = activity.name();
            assert_eq!(crate::scenario::Duty::from_name(name), None, "{name}");
            assert_eq!(Activity::from_name(name), Some(activity));
        }
    }
}
