//! People as they are, the half about how they decide and work (docs/model.md §5, §8,
//! §9): a person's own time factor per duty, insight per person and the wrong
//! decisions and rework it costs, hand-offs between answerer and decider, developers
//! who switch to other work while blocked, and priorities that improve with age.
//!
//! Each test holds a mechanism to a number derived by hand from a textbook queue or a
//! counting argument, stated in its comment, within 4 standard errors over independent
//! trials (plus the window's edge bias where waits are measured).

use crate::support::estimate::Estimate;
use crate::support::queueing::mmc_wq;
use crate::support::theory::{
    assert_matches, assert_warmup_long_enough, edge_bias, load_one, relaxation_hours, window_hours,
};
use crate::support::{busy_share, fixture_dir, load_text, run_all};
use orgsim::model::{Metric, TrialResult};

const HOURS_PER_WEEK: f64 = 40.0;

/// Busy share of one person over trials.
fn busy(results: &[TrialResult], person: &str) -> Estimate {
    let shares: Vec<f64> = results.iter().map(|r| busy_share(r, person)).collect();
    Estimate::of(&format!("busy share of {person}"), &shares)
}

// ----- skill -----

/// A triager whose `time_factor` for triage is 2, given exponential triage of mean
/// 0.25 h, triages in exponential time of mean 0.5 h: with every request rejected,
/// triage is an M/M/1 queue of λ = 48/40 = 1.2 per hour and mean service S = 0.5 h, so
/// ρ = 0.6, the triager is busy 0.6 of the time and a request waits
/// Wq = ρ S / (1 − ρ) = 0.75 h before its triage starts. Without the factor the queue
/// would be at ρ = 0.3 with Wq = 0.107 h, far outside the tolerance.
#[test]
fn a_slower_triager_is_an_mm1_queue_at_its_own_pace() {
    let lambda = 1.2;
    let drawn = 0.25;
    let factor = 2.0;
    let src = format!(
        r#"
name = "skill"
[run]
weeks = 300
warmup_weeks = 10
trials = 30
seed = 1212
[team]
squads = 1
devs_per_squad = 1
[work]
item_effort_hours = 8.0
answer_hours = 0.5
refine_hours = 1.0
[[stakeholders]]
name = "requests"
requests_per_week = {per_week:?}
triage_hours = {{ dist = "exp", mean = {drawn:?} }}
accept_share = 0.0
[[structures]]
name = "slow-triager"
people = [
  {{ role = "triager", count = 1, duties = ["triage"], time_factor = {{ triage = {factor:?} }} }},
  {{ role = "po", count = 1, duties = ["refine", "answer"] }},
]
"#,
        per_week = lambda * HOURS_PER_WEEK,
    );
    let scenario = load_one(&src, "skill");
    let service = drawn * factor;
    let rho = lambda * service;
    assert_warmup_long_enough(&scenario, relaxation_hours(rho, service, 1.0));
    let results = run_all(&scenario, 0);
    let wq = mmc_wq(1, lambda, 1.0 / service);
    let window = window_hours(&scenario);
    assert_matches(
        "triage_wait_mean_h of an M/M/1 at time factor 2",
        Estimate::metric(&results, Metric::TriageWaitMeanH),
        wq,
        edge_bias(wq, lambda * (wq + service), lambda, window),
    );
    // A busy share is a time average over the window: only the task in hand at each
    // edge is cut, at most one service time in the window.
    assert_matches(
        "busy share of a triager at time factor 2",
        busy(&results, "triager-1"),
        rho,
        2.0 * service / window,
    );
}

// ----- the file -----

/// Every new key is checked where it is written: each bad value is reported as
/// `file:line:column: field: message`, all of them in one report.
#[test]
fn bad_values_of_the_new_keys_are_reported_where_they_are_written() {
    let src = r#"
name = "bad-decisions"
aging_hours = 0
[work]
insight_transfer = 1.5
wrong_answer_share = -0.1
rework_hours = { dist = "exp", mean = -2 }
handoff_hours = "soon"
while_blocked = "swap"
max_items_per_dev = 0
[[stakeholders]]
name = "sales"
requests_per_week = 1
[[structures]]
name = "s"
people = [
  { role = "po", count = 1, duties = ["triage", "answer", "refine"], time_factor = { answer = 0, accept = 2, answr = 1 } },
]
"#;
    let path = fixture_dir("decisions").join("bad.toml");
    let report = load_text(src, &path).expect_err("the file should be refused");
    let at = |needle: &str, nth: usize| {
        let start = src
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle} not in the file"))
            .0;
        let line = src[..start].matches('\n').count() + 1;
        let column = start - src[..start].rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{}:{line}:{column}", path.display())
    };
    for (place, field, words) in [
        (at("0", 0), "aging_hours", "greater than 0"),
        (at("1.5", 0), "work.insight_transfer", "between 0 and 1"),
        (at("-0.1", 0), "work.wrong_answer_share", "between 0 and 1"),
        (at("-2", 0), "work.rework_hours.mean", ""),
        (at("\"soon\"", 0), "work.handoff_hours", ""),
        (
            at("\"swap\"", 0),
            "work.while_blocked",
            "\"wait\" or \"switch\"",
        ),
        (
            at("0\n[[stake", 0),
            "work.max_items_per_dev",
            "between 1 and 100",
        ),
        (
            at("0, accept", 0),
            "structures[0].people[0].time_factor.answer",
            "greater than 0",
        ),
        (
            at("accept = 2", 0),
            "structures[0].people[0].time_factor.accept",
            "does not hold `accept`",
        ),
        (
            at("answr", 0),
            "structures[0].people[0].time_factor.answr",
            "did you mean `answer`",
        ),
    ] {
        let header = format!("{place}: {field}: ");
        assert!(
            report
                .lines()
                .any(|line| line.starts_with(&header) && line.contains(words)),
            "no line starting {header:?} and holding {words:?} in:\n{report}"
        );
    }
}
