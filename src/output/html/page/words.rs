//! How the page words and shows a metric: its title, its short name in sentences,
//! its axis with the unit, and its values (shares in percent, hours with `h`).

use crate::model::{Metric, Unit};
use crate::output::html::text::{fmt_num, pct};

/// How a metric is named on the page.
pub(super) struct Wording {
    /// Title of its chart.
    pub title: String,
    /// Short name, for sentences.
    pub short: String,
    /// Description of its axis, with the unit.
    pub axis: String,
}

/// The wording of `metric`: chosen words for the headline metrics, its name and unit
/// for the others.
pub(super) fn describe(metric: Metric) -> Wording {
    let (title, short, axis) = match metric {
        Metric::ThroughputPerWeek => ("Throughput", "throughput", "items done per week"),
        Metric::LeadTimeMeanH => ("Mean lead time", "lead time", "hours, request to done"),
        Metric::DecisionLatencyMeanH => (
            "Mean decision latency",
            "decision latency",
            "hours, question to unblocked",
        ),
        Metric::DecisionLatencyP90H => (
            "Decision latency, 90th percentile",
            "decision latency p90",
            "hours, question to unblocked",
        ),
        Metric::DevBlockedShare => (
            "Developer time blocked",
            "developer time blocked",
            "% of developer time",
        ),
        Metric::DevBlockedPerActive => (
            "Developer time blocked, per hour of work",
            "developer time blocked",
            "% of developers' working and blocked time",
        ),
        Metric::DiscoveryShare => (
            "Discovery time",
            "discovery time",
            "% of discovery holders' time",
        ),
        Metric::ProductUtilMax => (
            "Busiest product person",
            "busiest person's load",
            "% of the person's time busy",
        ),
        Metric::ValuePerWeek => ("Value delivered", "value delivered", "value per week"),
        Metric::CostPerItem => (
            "Cost per item",
            "cost per item",
            "yearly-cost units per item",
        ),
        other => {
            let axis = match other.unit() {
                Unit::Hours => "hours",
                Unit::Share => "%",
                Unit::PerWeek => "per week",
                Unit::Money => "cost",
                Unit::Count => "count",
                Unit::Ratio => "ratio",
            };
            let name = other.name();
            return Wording {
                title: name.to_string(),
                short: name.replace('_', " "),
                axis: axis.to_string(),
            };
        }
    };
    Wording {
        title: title.to_string(),
        short: short.to_string(),
        axis: axis.to_string(),
    }
}

/// A metric's value as drawn: shares in percent.
pub(super) fn scaled(metric: Metric, v: f64) -> f64 {
    if metric.unit() == Unit::Share {
        v * 100.0
    } else {
        v
    }
}

/// A metric's value as written on the page, with its unit where short.
pub(super) fn show(metric: Metric, v: f64) -> String {
    match metric.unit() {
        Unit::Share => pct(v),
        Unit::Hours if v.is_finite() => format!("{} h", fmt_num(v)),
        _ => fmt_num(v),
    }
}

/// Why a metric has no value in any trial, in words: what the page says instead of
/// an empty cell (the cases of docs/outputs.md, `trials.csv`).
pub(super) fn why_missing(metric: Metric) -> &'static str {
    use Metric::*;
    match metric {
        LeadTimeMeanH | LeadTimeP50H | LeadTimeP85H | LeadTimeP95H | LeadTriageH | LeadBacklogH
        | LeadReadyH | LeadWorkH | LeadBlockedH | LeadAcceptH | CycleTimeMeanH => {
            "no item was done"
        }
        DecisionWaitMeanH | DecisionLatencyMeanH | DecisionLatencyP50H | DecisionLatencyP90H
        | DecisionLatencyP99H => "no question was answered",
        TriageWaitMeanH => "no request was triaged",
        ValuePerWeek => "items carry no value under an unlimited backlog",
        NetValuePerWeek => "no [costs] value, or no value delivered",
        CostPerItem => "no [costs], or no item was done",
        DiscoveryShare | BacklogWorkShareMax => "nobody holds discovery",
        SharedUtilMax => "nobody serves two squads",
        DevBlockedPerActive => "developers neither worked nor were blocked",
        TriageQueueGrowth | BacklogGrowth => "no such queue under an unlimited backlog",
        _ => "no trial observed it",
    }
}

/// Why a value with no 95% interval has none.
pub(super) const ONE_TRIAL: &str = "one trial: no interval";

/// The metrics of the queues that can grow without bound, each with the queue in
/// words and what its growth does to the reader's figures.
pub(super) const QUEUES: [(Metric, &str, &str); 4] = [
    (
        Metric::TriageQueueGrowth,
        "triage queue",
        "stakeholders' requests wait longer the longer the run",
    ),
    (
        Metric::BacklogGrowth,
        "product backlog",
        "items wait longer for refinement the longer the run",
    ),
    (
        Metric::AcceptQueueGrowth,
        "acceptance queue",
        "finished work waits longer for acceptance the longer the run",
    ),
    (
        Metric::QuestionQueueGrowth,
        "queue of open questions",
        "developers wait longer for answers the longer the run",
    ),
];

/// `a, b and c`.
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_in_their_unit() {
        assert_eq!(show(Metric::ProductUtilMax, 0.25), "25.00%");
        assert_eq!(show(Metric::LeadTriageH, 1.5), "1.500 h");
        assert_eq!(show(Metric::LeadTriageH, f64::NAN), "–");
        assert_eq!(show(Metric::CostPerItem, 1234.0), "1234");
        assert_eq!(scaled(Metric::BacklogWorkShareMax, 0.5), 50.0);
        assert_eq!(describe(Metric::RequestsArrived).axis, "count");
        assert_eq!(describe(Metric::RequestsArrived).short, "requests arrived");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
