//! Conservation and Little's law on the full flow of work (docs/model.md §16).
//!
//! In every trial of every structure of `fixtures/theory/full_flow.toml` nothing is
//! lost: items and requests are all accounted for, every person's hours and every
//! developer's hours fill the window exactly, developer shares sum to one. Averaged over
//! trials, Little's law links the time-averaged triage queue and ready backlog to their
//! arrival rates and mean waits.

use crate::support::estimate::{Estimate, SE_FACTOR};
use crate::support::{fixture_dir, load, run_all};
use orgsim::model::{Metric, TrialResult};
use orgsim::scenario::Scenario;
use std::collections::BTreeMap;

/// Relative tolerance of sums that should be exact up to floating-point rounding of
/// many small increments.
const SUM_REL: f64 = 1e-6;

fn full_flow() -> Scenario {
    let mut points = load(&fixture_dir("theory").join("full_flow.toml"));
    assert_eq!(points.len(), 1, "full_flow.toml has no sweep");
    points.remove(0)
}

fn results_by_structure(scenario: &Scenario) -> Vec<(String, Vec<TrialResult>)> {
    (0..scenario.structures.len())
        .map(|s| (scenario.structures[s].name.clone(), run_all(scenario, s)))
        .collect()
}

fn assert_sum(what: &str, sum: f64, expected: f64) {
    assert!(
        (sum - expected).abs() <= SUM_REL * expected.abs().max(1.0),
        "{what}: sums to {sum}, expected {expected} (relative tolerance {SUM_REL})"
    );
}

#[test]
fn nothing_is_lost_in_any_trial() {
    let scenario = full_flow();
    // Every broken balance of every trial is collected, so that one run shows the
    // whole pattern (which structures, which books) rather than the first case only.
    let mut broken = Vec::new();
    for (name, results) in results_by_structure(&scenario) {
        for (t, r) in results.iter().enumerate() {
            let at = format!("structure {name}, trial {t}");
            let l = &r.ledger;
            assert!(
                l.requests_accepted > 0 && l.items_done > 0,
                "{at}: the fixture should move work through the whole flow \
                 (accepted {}, done {})",
                l.requests_accepted,
                l.items_done
            );
            let items = l.items_done + l.items_in_progress + l.items_waiting;
            if l.items_arrived != items {
                broken.push(format!(
                    "{at}: items arrived {} != done {} + in progress {} + waiting {} = {items}",
                    l.items_arrived, l.items_done, l.items_in_progress, l.items_waiting
                ));
            }
            let requests = l.requests_accepted
                + l.requests_rejected
                + l.requests_waiting
                + l.requests_in_triage;
            if l.requests_arrived != requests {
                broken.push(format!(
                    "{at}: requests arrived {} != accepted {} + rejected {} + waiting {} \
                     + in triage {} = {requests}",
                    l.requests_arrived,
                    l.requests_accepted,
                    l.requests_rejected,
                    l.requests_waiting,
                    l.requests_in_triage
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "conservation broken in {} cases (exact equality expected):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn every_hour_of_the_window_is_accounted_for() {
    let scenario = full_flow();
    let window = f64::from(scenario.run.weeks) * scenario.run.hours_per_week;
    let devs =
        (scenario.structures[0].team.squads * scenario.structures[0].team.devs_per_squad) as usize;
    for (name, results) in results_by_structure(&scenario) {
        for (t, r) in results.iter().enumerate() {
            let at = format!("structure {name}, trial {t}");
            let l = &r.ledger;
            assert_sum(&format!("{at}: window_hours"), l.window_hours, window);
            assert!(
                !l.person_hours.is_empty(),
                "{at}: no product person in the ledger"
            );
            for (p, row) in l.person_hours.iter().enumerate() {
                assert!(
                    row.iter().all(|h| *h >= 0.0),
                    "{at}: person {p} has negative hours {row:?}"
                );
                assert_sum(
                    &format!("{at}: person {p} activity hours"),
                    row.iter().sum(),
                    window,
                );
            }
            assert_eq!(
                l.dev_hours.len(),
                devs,
                "{at}: one dev_hours row per developer"
            );
            for (d, row) in l.dev_hours.iter().enumerate() {
                assert!(
                    row.iter().all(|h| *h >= 0.0),
                    "{at}: developer {d} has negative hours {row:?}"
                );
                assert_sum(
                    &format!("{at}: developer {d} working + blocked + starved hours"),
                    row.iter().sum(),
                    window,
                );
            }
            let shares = r.metrics.get(Metric::DevWorkingShare)
                + r.metrics.get(Metric::DevBlockedShare)
                + r.metrics.get(Metric::DevStarvedShare);
            assert_sum(&format!("{at}: developer shares"), shares, 1.0);

            // The long-format people rows tell the same story: per person, hours fill
            // the window and shares sum to one.
            let mut per_person: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
            for a in &r.people {
                let e = per_person.entry(a.person.as_str()).or_default();
                e.0 += a.hours;
                e.1 += a.share;
            }
            assert_eq!(
                per_person.len(),
                l.person_hours.len(),
                "{at}: people rows and ledger disagree on the number of product people"
            );
            for (p, (hours, share)) in per_person {
                assert_sum(&format!("{at}: people.csv hours of {p}"), hours, window);
                assert_sum(&format!("{at}: people.csv shares of {p}"), share, 1.0);
            }
        }
    }
}

/// Little's law L = λ W on a finite window, averaged over trials.
///
/// On one sample path the area under the count over the window equals the sum of the
/// time each task spent in the stage *inside* the window. The measured mean wait
/// differs from that only through the tasks present at the window's edges: those
/// present when it opens bring time from before it (counted in W, not in the area),
/// those present when it closes are counted in the area but not (or cut short) in W.
/// Each edge term is about (tasks at the edge) × (one mean wait) / window, so per trial
/// |L − λW| is of order `edge` = (L_edge + 1) · W / T (the + 1 for the task that may
/// sit at an edge even when the mean count is well below one); its mean over trials is bounded by the
/// mean of `edge`, and the spread of the per-trial difference adds SE_FACTOR standard
/// errors.
fn assert_little(what: &str, l: &[f64], lambda: &[f64], w: &[f64], edge: &[f64]) {
    let d: Vec<f64> = l
        .iter()
        .zip(lambda)
        .zip(w)
        .map(|((l, lambda), w)| l - lambda * w)
        .collect();
    let diff = Estimate::of(what, &d);
    let bias = edge.iter().sum::<f64>() / edge.len() as f64;
    let l_mean = l.iter().sum::<f64>() / l.len() as f64;
    let tol = SE_FACTOR * diff.se + bias;
    eprintln!(
        "{what}: L = {l_mean:.5}, mean(L − λW) = {:+.5} (SE {:.5}), tolerance {tol:.5}",
        diff.mean, diff.se
    );
    assert!(
        diff.mean.abs() <= tol,
        "{what}: Little's law L = λW off by {:.5} on average over {} trials (L = {l_mean:.5}); \
         tolerance {SE_FACTOR}·SE + edge bound = {SE_FACTOR}·{:.5} + {bias:.5} = {tol:.5}",
        diff.mean.abs(),
        diff.n,
        diff.se
    );
}

#[test]
fn littles_law_holds_for_the_triage_queue_and_the_ready_backlog() {
    let scenario = full_flow();
    let hpw = scenario.run.hours_per_week;
    for (name, results) in results_by_structure(&scenario) {
        let window: Vec<f64> = results.iter().map(|r| r.ledger.window_hours).collect();
        let get = |m: Metric| -> Vec<f64> { results.iter().map(|r| r.metrics.get(m)).collect() };

        // Triage queue: requests waiting for their triage to start. λ is the measured
        // arrival rate in the window, W the mean wait from arrival to triage start.
        let lq: Vec<f64> = results.iter().map(|r| r.ledger.triage_queue_mean).collect();
        let lambda: Vec<f64> = get(Metric::RequestsArrived)
            .iter()
            .zip(&window)
            .map(|(n, t)| n / t)
            .collect();
        let wq = get(Metric::TriageWaitMeanH);
        let edge: Vec<f64> = (0..results.len())
            .map(|i| (lq[i] + 1.0) * wq[i] / window[i])
            .collect();
        assert_little(
            &format!("structure {name}: triage_queue_mean vs arrivals/h × triage_wait_mean_h"),
            &lq,
            &lambda,
            &wq,
            &edge,
        );

        // Ready backlog: items ready and not yet pulled. In steady state items leave it
        // at the rate they are done, so λ is the throughput per hour and W lead_ready_h.
        // At the edges the items concerned are those in the ready backlog or between
        // pull and done (in progress).
        let ready = get(Metric::ReadyBacklogMean);
        let thr: Vec<f64> = get(Metric::ThroughputPerWeek)
            .iter()
            .map(|x| x / hpw)
            .collect();
        let w_ready = get(Metric::LeadReadyH);
        let edge: Vec<f64> = results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (ready[i] + r.ledger.items_in_progress as f64 + 1.0) * w_ready[i] / window[i]
            })
            .collect();
        assert_little(
            &format!("structure {name}: ready_backlog_mean vs throughput/h × lead_ready_h"),
            &ready,
            &thr,
            &w_ready,
            &edge,
        );
    }
}
