//! The closed decision loop against the finite-source M/M/c//N (machine-repairman)
//! queue (docs/model.md §16).
//!
//! One squad of N developers with `unlimited_backlog`: a developer always has work,
//! raises a question after an exponential stretch of working time (mean 1/λ) and is
//! blocked until one of c answerers has answered it (exponential, mean 1/μ). Nothing
//! else takes anyone's time: no escalation, no acceptance, no ceremony, no resume time,
//! no discovery. Working developers are the machines, answerers the repairmen; by the
//! memorylessness of the working stretch it does not matter whether the question clock
//! carries over from one item to the next.

use crate::support::estimate::Estimate;
use crate::support::queueing::machine_repairman;
use crate::support::run_all;
use crate::support::theory::{assert_matches, edge_bias, load_one, window_hours};
use orgsim::model::Metric;
use orgsim::scenario::Duty;

/// The scenario for (N, c, λ, μ), rates per hour.
fn repairman_scenario(n: u32, c: u32, lambda: f64, mu: f64) -> String {
    format!(
        r#"
name = "repairman-n{n}-c{c}"
description = "closed decision loop: machine-repairman M/M/{c}//{n}"

[run]
weeks = 200
warmup_weeks = 4
trials = 40
seed = 20240601
hours_per_week = 40

[team]
squads = 1
devs_per_squad = {n}

[work]
unlimited_backlog = true
item_effort_hours = {{ dist = "exp", mean = 16.0 }}
question_every_hours = {{ dist = "exp", mean = {q:?} }}
answer_hours = {{ dist = "exp", mean = {a:?} }}
escalation_share = 0.0
accept_hours = 0.0
resume_hours = 0.0
ceremony_hours_per_week = 0.0

[[structures]]
name = "answer-pool"
people = [ {{ role = "answerer", count = {c}, duties = ["answer"] }} ]
"#,
        q = 1.0 / lambda,
        a = 1.0 / mu,
    )
}

fn check_repairman(n: u32, c: u32, lambda: f64, mu: f64) {
    let label = format!("M/M/{c}//{n}, λ = {lambda:.4}/h, μ = {mu:.4}/h");
    let scenario = load_one(
        &repairman_scenario(n, c, lambda, mu),
        &format!("repairman-{n}-{c}"),
    );
    let theory = machine_repairman(n, c, lambda, mu);
    let results = run_all(&scenario, 0);
    let window = window_hours(&scenario);

    // Warm-up: the loop is a birth–death chain on 0..=N blocked developers whose rates
    // are all at least min(λ, μ) per hour; it forgets its start within a few tens of
    // hours, and the 4-week (160 h) warm-up is many times that.
    //
    // Waits (decision wait and latency) are per-question means: edge effects as in
    // `edge_bias`, with L questions open at each edge among λ_eff · window questions.
    let wait_bias = |w: f64| edge_bias(w, theory.l, theory.throughput, window);

    assert_matches(
        &format!("{label}: decision_wait_mean_h vs Wq"),
        Estimate::metric(&results, Metric::DecisionWaitMeanH),
        theory.wq,
        wait_bias(theory.wq),
    );
    assert_matches(
        &format!("{label}: decision_latency_mean_h vs W"),
        Estimate::metric(&results, Metric::DecisionLatencyMeanH),
        theory.w,
        wait_bias(theory.w),
    );
    // Shares are time integrals over the window itself: no edge bias.
    assert_matches(
        &format!("{label}: dev_working_share vs (N − L)/N"),
        Estimate::metric(&results, Metric::DevWorkingShare),
        theory.working_share,
        0.0,
    );
    assert_matches(
        &format!("{label}: dev_blocked_share vs L/N"),
        Estimate::metric(&results, Metric::DevBlockedShare),
        theory.l / f64::from(n),
        0.0,
    );
    for r in &results {
        let starved = r.metrics.get(Metric::DevStarvedShare);
        assert!(
            starved.abs() < 1e-9,
            "{label}: with unlimited_backlog no developer may starve, got dev_starved_share {starved}"
        );
    }

    // Answerers' utilisation from the ledger: answer hours over the window, averaged
    // over the c answerers (the only product people in this structure).
    let busy: Vec<f64> = results
        .iter()
        .map(|r| {
            assert_eq!(
                r.ledger.person_hours.len(),
                c as usize,
                "{label}: expected the {c} answerers to be the only product people"
            );
            r.ledger
                .person_hours
                .iter()
                .map(|row| row[Duty::Answer.index()] / r.ledger.window_hours)
                .sum::<f64>()
                / f64::from(c)
        })
        .collect();
    assert_matches(
        &format!("{label}: answerers' busy share vs ρ = λ_eff/(cμ)"),
        Estimate::of("answer busy share", &busy),
        theory.server_util,
        0.0,
    );
}

#[test]
fn closed_loop_matches_machine_repairman_one_answerer() {
    // Six developers, a question every 6 working hours, answers of 30 minutes.
    check_repairman(6, 1, 1.0 / 6.0, 2.0);
}

#[test]
fn closed_loop_matches_machine_repairman_two_answerers() {
    // Twelve developers, a question every 4 working hours, answers of an hour: the two
    // answerers are busy about 93% of the time, so queueing dominates the latency.
    check_repairman(12, 2, 0.25, 1.0);
}

#[test]
fn closed_loop_matches_machine_repairman_three_answerers() {
    check_repairman(20, 3, 0.125, 1.0);
}
