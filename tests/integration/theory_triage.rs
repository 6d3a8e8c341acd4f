//! Triage against open-queue theory (docs/model.md §16).
//!
//! Stakeholder requests arrive as Poisson processes and are triaged by a pool that
//! holds only the `triage` duty. Every request is rejected (`accept_share = 0` puts the
//! bar above every value), so nothing reaches the backlog and triage is a queue of its
//! own: M/M/c for a pool with exponential triage, M/G/1 for one triager, Cobham's
//! non-preemptive priority M/G/1 for two groups of different priority, and
//! preemptive-resume for the high group. One more person holds the squad duties
//! (refine, answer, accept, ceremony) so that every (duty, squad) has a holder; since
//! no item ever exists, that person never works and never touches triage.
//!
//! Rates in the file are per week; the formulas take them per hour: λ_h = λ_week / 40.

use crate::support::estimate::Estimate;
use crate::support::queueing::{cobham_wq, mg1_wq, mmc_lq, mmc_wq, preemptive_high_wq, Service};
use crate::support::theory::{
    assert_matches, assert_warmup_long_enough, edge_bias, load_one, relaxation_hours, window_hours,
};
use crate::support::{group_triage_wait, run_all};
use orgsim::model::{Metric, TrialResult};
use orgsim::scenario::Scenario;

const HOURS_PER_WEEK: f64 = 40.0;

/// One stakeholder group of a triage test.
struct Group {
    name: &'static str,
    /// Requests per hour.
    per_hour: f64,
    triage: Service,
    priority: Option<u8>,
}

fn triage_scenario(name: &str, c: u32, groups: &[Group], preempt: bool) -> String {
    let mut s = format!(
        r#"
name = "{name}"
description = "triage as an open queue; every request rejected"

[run]
weeks = 400
warmup_weeks = 10
trials = 40
seed = 8675309
hours_per_week = {HOURS_PER_WEEK:?}

[team]
squads = 1
devs_per_squad = 1

[work]
item_effort_hours = 8.0
question_every_hours = {{ dist = "exp", mean = 8.0 }}
answer_hours = 0.5
escalation_share = 0.0
refine_hours = 1.0
accept_hours = 0.0
ceremony_hours_per_week = 0.0
"#
    );
    for g in groups {
        s += &format!(
            r#"
[[stakeholders]]
name = "{}"
requests_per_week = {:?}
triage_hours = {}
accept_share = 0.0
items_per_request = 1
value = {{ dist = "exp", mean = 10.0 }}
"#,
            g.name,
            g.per_hour * HOURS_PER_WEEK,
            g.triage.toml
        );
        if let Some(p) = g.priority {
            s += &format!("priority = {p}\n");
        }
    }
    s += &format!(
        r#"
[[structures]]
name = "triage-pool"
preempt = {preempt}
people = [
  {{ role = "triager", count = {c}, duties = ["triage"] }},
  {{ role = "po", count = 1, duties = ["refine", "answer", "accept", "ceremony"] }},
]
"#
    );
    s
}

/// Runs the scenario and checks that triage really rejected everything.
fn run_rejecting(scenario: &Scenario) -> Vec<TrialResult> {
    let results = run_all(scenario, 0);
    for (t, r) in results.iter().enumerate() {
        assert_eq!(
            r.ledger.requests_accepted, 0,
            "trial {t}: accept_share = 0 must reject every request"
        );
        assert!(
            r.ledger.requests_arrived > 0,
            "trial {t}: no request arrived"
        );
    }
    results
}

/// Per-trial mean triage wait of one group, from `groups`.
fn group_wait(results: &[TrialResult], group: &str) -> Estimate {
    Estimate::of(
        &format!("triage wait of {group}"),
        &group_triage_wait(results, group),
    )
}

fn check_mmc(c: u32, lambda: f64, mean_triage: f64) {
    let mu = 1.0 / mean_triage;
    let label = format!("M/M/{c}, λ = {lambda}/h, E[S] = {mean_triage} h");
    let g = Group {
        name: "requests",
        per_hour: lambda,
        triage: Service::exp(mean_triage),
        priority: None,
    };
    let scenario = load_one(
        &triage_scenario(&format!("erlang-c-{c}"), c, &[g], false),
        &format!("erlang-c-{c}"),
    );
    let rho = lambda / (f64::from(c) * mu);
    // A c-server queue near load ρ relaxes about like one server c times as fast.
    assert_warmup_long_enough(
        &scenario,
        relaxation_hours(rho, mean_triage / f64::from(c), 1.0),
    );
    let results = run_rejecting(&scenario);
    let wq = mmc_wq(c, lambda, mu);
    let in_system = mmc_lq(c, lambda, mu) + lambda / mu;
    assert_matches(
        &format!("{label}: triage_wait_mean_h vs Erlang C Wq"),
        Estimate::metric(&results, Metric::TriageWaitMeanH),
        wq,
        edge_bias(wq, in_system, lambda, window_hours(&scenario)),
    );
}

fn check_mg1(name: &str, lambda: f64, s: Service) {
    let label = format!(
        "M/G/1 ({name}), λ = {lambda}/h, E[S] = {}, E[S²] = {:.4}",
        s.mean, s.second
    );
    let rho = lambda * s.mean;
    let cv2 = s.second / (s.mean * s.mean) - 1.0;
    let g = Group {
        name: "requests",
        per_hour: lambda,
        triage: s.clone(),
        priority: None,
    };
    let scenario = load_one(
        &triage_scenario(&format!("pk-{name}"), 1, &[g], false),
        &format!("pk-{name}"),
    );
    assert_warmup_long_enough(&scenario, relaxation_hours(rho, s.mean, cv2));
    let results = run_rejecting(&scenario);
    let wq = mg1_wq(lambda, &s);
    let in_system = lambda * (wq + s.mean);
    assert_matches(
        &format!("{label}: triage_wait_mean_h vs Pollaczek–Khinchine Wq"),
        Estimate::metric(&results, Metric::TriageWaitMeanH),
        wq,
        edge_bias(wq, in_system, lambda, window_hours(&scenario)),
    );
}

#[test]
fn pooled_exponential_triage_matches_erlang_c_two_triagers() {
    check_mmc(2, 1.5, 1.0);
}

#[test]
fn pooled_exponential_triage_matches_erlang_c_three_triagers() {
    check_mmc(3, 4.0, 0.5);
}

#[test]
fn single_exponential_triager_matches_mm1() {
    check_mmc(1, 0.7, 1.0);
}

#[test]
fn constant_triage_matches_md1() {
    check_mg1("const", 0.7, Service::constant(1.0));
}

#[test]
fn uniform_triage_matches_pollaczek_khinchine() {
    check_mg1("uniform", 0.7, Service::uniform(0.5, 1.5));
}

#[test]
fn lognormal_triage_matches_pollaczek_khinchine() {
    check_mg1("lognormal", 0.7, Service::lognormal(1.0, 1.5));
}

#[test]
fn gamma_triage_matches_pollaczek_khinchine() {
    check_mg1("gamma", 0.7, Service::gamma(1.0, 0.5));
}

#[test]
fn triangular_triage_matches_pollaczek_khinchine() {
    check_mg1("triangular", 0.7, Service::triangular(0.25, 0.75, 2.0));
}

/// Two groups at one triager: "loud" with triage priority 1, "quiet" at the default
/// triage priority (4). Exponential and uniform triage, total load 0.7.
fn two_groups() -> [Group; 2] {
    [
        Group {
            name: "loud",
            per_hour: 0.3,
            triage: Service::exp(1.0),
            priority: Some(1),
        },
        Group {
            name: "quiet",
            per_hour: 0.4,
            triage: Service::uniform(0.5, 1.5),
            priority: None,
        },
    ]
}

fn two_group_scenario(preempt: bool) -> Scenario {
    let name = if preempt {
        "priority-preemptive"
    } else {
        "priority-nonpreemptive"
    };
    let groups = two_groups();
    let scenario = load_one(&triage_scenario(name, 1, &groups, preempt), name);
    let rho: f64 = groups.iter().map(|g| g.per_hour * g.triage.mean).sum();
    // The low class sees the busy periods of the whole queue: relaxation at total ρ,
    // cv² of the exponential (the larger of the two).
    assert_warmup_long_enough(&scenario, relaxation_hours(rho, 1.0, 1.0));
    scenario
}

#[test]
fn priority_groups_match_cobham_non_preemptive() {
    let groups = two_groups();
    let scenario = two_group_scenario(false);
    let results = run_rejecting(&scenario);
    let classes: Vec<(f64, Service)> = groups
        .iter()
        .map(|g| (g.per_hour, g.triage.clone()))
        .collect();
    let w = cobham_wq(&classes);
    let lambda: f64 = groups.iter().map(|g| g.per_hour).sum();
    let in_system: f64 = groups
        .iter()
        .zip(&w)
        .map(|(g, wk)| g.per_hour * (wk + g.triage.mean))
        .sum();
    let window = window_hours(&scenario);
    for (g, wk) in groups.iter().zip(&w) {
        assert_matches(
            &format!(
                "Cobham, group {} (λ = {}/h): triage_wait_mean_h",
                g.name, g.per_hour
            ),
            group_wait(&results, g.name),
            *wk,
            edge_bias(*wk, in_system, g.per_hour, window),
        );
    }
    // The overall mean is the arrival-weighted mean of the groups' waits.
    let overall: f64 = groups
        .iter()
        .zip(&w)
        .map(|(g, wk)| g.per_hour * wk)
        .sum::<f64>()
        / lambda;
    assert_matches(
        "Cobham, all requests: triage_wait_mean_h",
        Estimate::metric(&results, Metric::TriageWaitMeanH),
        overall,
        edge_bias(overall, in_system, lambda, window),
    );
}

#[test]
fn preemptive_high_priority_group_sees_only_its_own_queue() {
    let groups = two_groups();
    let scenario = two_group_scenario(true);
    let results = run_rejecting(&scenario);
    let high = &groups[0];
    let wq = preemptive_high_wq(high.per_hour, &high.triage);
    let in_system = high.per_hour * (wq + high.triage.mean);
    assert_matches(
        &format!(
            "preemptive-resume, group {} (λ = {}/h): triage_wait_mean_h vs M/G/1 of the group alone",
            high.name, high.per_hour
        ),
        group_wait(&results, high.name),
        wq,
        edge_bias(wq, in_system, high.per_hour, window_hours(&scenario)),
    );
    // And it must differ from the non-preemptive wait, or the test would not tell
    // preemption from its absence: W0/(1 − ρ_h) against λ_h E[S_h²]/(2(1 − ρ_h)).
    let classes: Vec<(f64, Service)> = groups
        .iter()
        .map(|g| (g.per_hour, g.triage.clone()))
        .collect();
    assert!(
        cobham_wq(&classes)[0] > 1.5 * wq,
        "test design: preemptive and non-preemptive waits too close to tell apart"
    );
}
