//! The decision loop written by hand (`benches/common/hand_loop.rs`, the limit the
//! engine is timed against in `benches/decision_loop.rs`) against the
//! machine-repairman formula: the bench must time a correct loop.

#[path = "../../benches/common/hand_loop.rs"]
mod loop_by_hand;

use crate::support::estimate::Estimate;
use crate::support::queueing::machine_repairman;
use crate::support::run_all;
use crate::support::theory::{assert_matches, edge_bias, load_one};
use loop_by_hand::Repairman;
use orgsim::model::Metric;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Independent trials per check: the mean of 40 per-trial means has standard error
/// sd/√40, and 4 SE is a two-sided error rate below 1e-3 at 39 degrees of freedom.
const TRIALS: u64 = 40;

/// Holds per-trial mean waits and latencies to the formula's Wq and W for `model`,
/// within 4 standard errors plus the window's edge bias.
fn assert_repairman(label: &str, model: &Repairman, waits: &[f64], latencies: &[f64]) {
    let theory = machine_repairman(
        model.developers,
        model.answerers,
        1.0 / model.question_mean_h,
        1.0 / model.answer_mean_h,
    );
    // Waits are attributed to the window by when they end, as in orgsim: the questions
    // open at the window's two edges (about L of them) are counted differently from a
    // stationary sample (see `edge_bias`).
    let window = model.end_h - model.warmup_h;
    let bias = |w: f64| edge_bias(w, theory.l, theory.throughput, window);
    assert_matches(
        &format!("{label}: mean wait vs Wq"),
        Estimate::of("wait", waits),
        theory.wq,
        bias(theory.wq),
    );
    assert_matches(
        &format!("{label}: mean latency vs W"),
        Estimate::of("latency", latencies),
        theory.w,
        bias(theory.w),
    );
}

/// Runs `TRIALS` trials of `model` on generator `R` and holds them to the formula.
fn check<R: Rng + SeedableRng>(model: &Repairman, generator: &str) {
    let outcomes: Vec<_> = (0..TRIALS)
        .map(|seed| loop_by_hand::run::<R>(model, seed))
        .collect();
    let waits: Vec<f64> = outcomes.iter().map(|o| o.wait_mean_h).collect();
    let latencies: Vec<f64> = outcomes.iter().map(|o| o.latency_mean_h).collect();
    let label = format!(
        "hand loop on {generator}, M/M/{}//{}",
        model.answerers, model.developers
    );
    assert_repairman(&label, model, &waits, &latencies);
    let theory = machine_repairman(
        model.developers,
        model.answerers,
        1.0 / model.question_mean_h,
        1.0 / model.answer_mean_h,
    );
    // Two events per question (raised, answered): the loop really ran the window.
    let questions = theory.throughput * model.end_h;
    for o in &outcomes {
        assert!(
            (o.events as f64) > 1.5 * questions,
            "{label}: {} events for ~{questions:.0} questions",
            o.events
        );
    }
}

#[test]
fn hand_loop_matches_machine_repairman_on_the_benched_model() {
    // The bench's model; the warm-up (400 h) is hundreds of times the chain's
    // relaxation time (all its rates are at least λ = 0.25 per hour).
    check::<ChaCha8Rng>(&Repairman::ISSUE, "ChaCha8");
}

#[test]
fn hand_loop_matches_machine_repairman_with_one_answerer() {
    // Six developers, a question every 6 working hours, answers of 30 minutes.
    let model = Repairman {
        developers: 6,
        answerers: 1,
        question_mean_h: 6.0,
        answer_mean_h: 0.5,
        ..Repairman::ISSUE
    };
    check::<ChaCha8Rng>(&model, "ChaCha8");
}

#[test]
fn the_benched_scenario_is_the_same_queue_in_orgsim() {
    // The bench times orgsim on the scenario the hand loop writes for itself: it must
    // be the same queue, so orgsim's means obey the same formula.
    let model = Repairman::ISSUE;
    let trials = u32::try_from(TRIALS).expect("a small count");
    let scenario = load_one(&model.scenario(trials, 1), "hand-loop-repairman");
    let results = run_all(&scenario, 0);
    let of = |m: Metric| -> Vec<f64> { results.iter().map(|r| r.metrics.get(m)).collect() };
    assert_repairman(
        "orgsim on the hand loop's scenario",
        &model,
        &of(Metric::DecisionWaitMeanH),
        &of(Metric::DecisionLatencyMeanH),
    );
}
