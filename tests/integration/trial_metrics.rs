//! The per-trial metrics that judge a structure's strain and worth (docs/model.md §12),
//! each held to a number worked out by hand: how much the open queues grow, how busy
//! the people who serve several squads are, the weeks of overload of the worst person,
//! the backlog work of the people meant to do discovery, a developer's blocked time per
//! hour of work, the cycle-time percentiles and the value net of the people's cost.
//!
//! Every test runs a fixture of `tests/fixtures/trial_metrics/` whose header explains
//! its set-up.

use crate::support::estimate::{Estimate, SE_FACTOR};
use crate::support::{fixture_dir, load, metric, only_point, run, structure};
use orgsim::model::{Metric, TrialResult};
use orgsim::scenario::Scenario;

/// Loads a fixture of this module; it has exactly one sweep point.
fn fixture(file: &str) -> Scenario {
    let path = fixture_dir("trial_metrics").join(file);
    only_point(load(&path), &format!("fixture {file}"))
}

/// Relative closeness for quantities that are equal up to floating-point rounding.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Asserts that every trial has `expected` (to rounding) for `m`, or an empty cell when
/// `expected` is `NaN`.
fn assert_every_trial(results: &[TrialResult], name: &str, m: Metric, expected: f64) {
    for (t, r) in results.iter().enumerate() {
        let got = r.metrics.get(m);
        let ok = if expected.is_nan() {
            got.is_nan()
        } else {
            close(got, expected)
        };
        assert!(
            ok,
            "{name}, trial {t}: expected {} = {expected}, measured {got}",
            m.name()
        );
    }
}

/// The largest of the growths a trial has, as `queue_growth_max` should be.
fn largest_growth(r: &TrialResult) -> f64 {
    [
        Metric::TriageQueueGrowth,
        Metric::BacklogGrowth,
        Metric::AcceptQueueGrowth,
        Metric::QuestionQueueGrowth,
    ]
    .into_iter()
    .map(|m| r.metrics.get(m))
    .filter(|g| !g.is_nan())
    .fold(f64::NAN, f64::max)
}

// ----- open queues -----

/// A queue fed at rate λ and served at μ < λ from an empty start holds about
/// c·t = (λ − μ)·t at time t (plus the item in service and the offset of the first
/// one, a constant b below 1). Over a window of length T: L1 = b + cT/4,
/// L2 = b + 3cT/4, L = b + cT/2, so the growth (L2 − L1) / L = (cT/2) / (cT/2 + b):
/// with c = 5 a week over 26 weeks, cT/2 = 65 and the growth is 1 within 1/65. The
/// Poisson arrivals of the triage and backlog queues add noise of a few hundredths per
/// trial; the mean over trials must lie within 4 standard errors and 0.02 of 1.
///
/// Each structure's other queues stay empty or settle, and `queue_growth_max` is its
/// largest growth; under `unlimited_backlog` the triage and backlog queues do not exist.
#[test]
fn a_queue_fed_twice_as_fast_as_it_is_served_grows_by_one() {
    let sc = fixture("open_queues.toml");
    let n = sc.run.trials;
    for (name, growing) in [
        ("triage-short", Metric::TriageQueueGrowth),
        ("backlog-short", Metric::BacklogGrowth),
        ("accept-short", Metric::AcceptQueueGrowth),
    ] {
        let results = run(&sc, name, n);
        let growth = Estimate::of(name, &metric(&results, growing));
        assert!(
            (growth.mean - 1.0).abs() <= SE_FACTOR * growth.se + 0.02,
            "{name}: a queue growing linearly from empty should give {} ≈ 1, measured {growth}",
            growing.name()
        );
        for (t, r) in results.iter().enumerate() {
            let max = r.metrics.get(Metric::QueueGrowthMax);
            assert_eq!(
                max,
                largest_growth(r),
                "{name}, trial {t}: queue_growth_max should be the largest growth"
            );
            assert_eq!(
                max,
                r.metrics.get(growing),
                "{name}, trial {t}: the short stage's queue should grow the most"
            );
            // No developer ever waits for an answer: the question queue stays empty.
            assert_eq!(r.metrics.get(Metric::QuestionQueueGrowth), 0.0);
        }
    }
    let closed_loop = run(&sc, "accept-short", n);
    assert_every_trial(
        &closed_loop,
        "accept-short",
        Metric::TriageQueueGrowth,
        f64::NAN,
    );
    assert_every_trial(
        &closed_loop,
        "accept-short",
        Metric::BacklogGrowth,
        f64::NAN,
    );
}

/// A queue in its steady state does not grow. The fixture's two queue lengths (an M/M/1
/// queue of requests, the finite-source queue of questions) are birth-death processes,
/// which are reversible: in the stationary state the path over the window has the same
/// law run backwards, so (L1, L2) has the same law as (L2, L1) and the growth, odd in
/// the swap, has mean exactly 0. Four weeks of warm-up are some hundred times the
/// queues' relaxation time (about 1/(μ(1 − √ρ)²) ≈ 12 hours for the M/M/1), so the
/// window starts in the stationary state: the mean over 40 trials must lie within
/// 4 standard errors of 0.
#[test]
fn a_settled_queue_does_not_grow() {
    let sc = fixture("settled_queues.toml");
    let n = sc.run.trials;
    for (name, queue) in [
        ("triage-mm1", Metric::TriageQueueGrowth),
        ("questions", Metric::QuestionQueueGrowth),
    ] {
        let results = run(&sc, name, n);
        let growth = Estimate::of(name, &metric(&results, queue));
        assert!(
            growth.mean.abs() <= SE_FACTOR * growth.se,
            "{name}: a settled queue should give {} ≈ 0, measured {growth}",
            queue.name()
        );
        assert!(
            growth.se > 0.0,
            "{name}: the queue should vary from trial to trial, measured {growth}"
        );
    }
}

// ----- product people -----

/// The loads of the fixture's people, exact in every trial (see its header):
///
/// - `backlog_work_share_max` counts only people who hold discovery: the PM-PO's
///   10-hour ceremony, 10/40 = 0.25, not the PO's 0.75 of acceptance; empty when nobody
///   holds discovery.
/// - `shared_util_max` is the busiest person serving two or more squads: the coach of
///   two squads, 8/40 = 0.2 (the POs, one squad each, are busier at 0.75); empty when
///   everyone serves one squad, and with a single squad.
/// - `overload_week_share_max` is the worst person's share of weeks above 90%: the
///   coach at 38/40 = 0.95 every week gives 1, while `overload_week_share` over both
///   people's weeks is 1/2; 0 when nobody passes 90%, as the coach of three 12-hour
///   ceremonies, 36/40 within rounding, does not (above is above as a number).
/// - a PM in a team-wide pool who only triages serves no squad: no `shared_util_max`.
/// - `cost_per_item` prorates the structure's `people_cost_per_year`, counted by hand.
#[test]
fn people_loads_are_measured_on_the_people_they_concern() {
    let sc = fixture("people_load.toml");
    let n = sc.run.trials;
    let nan = f64::NAN;
    for (name, backlog, shared, util, overload_max, overload) in [
        ("discovery-holder", 0.25, nan, 0.75, 0.0, 0.0),
        ("no-discovery-holder", nan, nan, 0.75, 0.0, 0.0),
        ("shared-coach", nan, 0.2, 0.75, 0.0, 0.0),
        ("coach-per-squad", nan, nan, 0.75, 0.0, 0.0),
        ("overloaded", nan, nan, 0.95, 1.0, 0.5),
        ("at-ninety", nan, 0.9, 0.9, 0.0, 0.0),
        ("triage-pool", nan, nan, 0.75, 0.0, 0.0),
    ] {
        let results = run(&sc, name, n);
        assert_every_trial(&results, name, Metric::BacklogWorkShareMax, backlog);
        assert_every_trial(&results, name, Metric::SharedUtilMax, shared);
        assert_every_trial(&results, name, Metric::ProductUtilMax, util);
        assert_every_trial(&results, name, Metric::OverloadWeekShareMax, overload_max);
        assert_every_trial(&results, name, Metric::OverloadWeekShare, overload);
        // `[costs]` without `value`: no net value (and no value either, in a closed loop).
        assert_every_trial(&results, name, Metric::NetValuePerWeek, nan);
    }

    // Two squads of two developers at 52 000, a coach at 26 000 and two POs at 78 000.
    let yearly = 4.0 * 52_000.0 + 26_000.0 + 2.0 * 78_000.0;
    let shared = &sc.structures[structure(&sc, "shared-coach")];
    assert_eq!(shared.people_cost_per_year(), Some(yearly));
    for (t, r) in run(&sc, "shared-coach", n).iter().enumerate() {
        let per_item = r.metrics.get(Metric::CostPerItem);
        let per_week = r.metrics.get(Metric::ThroughputPerWeek);
        assert!(
            close(per_item * per_week * 52.0, yearly),
            "shared-coach, trial {t}: cost_per_item {per_item} × {per_week} items a week \
             × 52 should be the yearly cost of everyone, {yearly}"
        );
    }
}

// ----- developers, cycle time, net value -----

/// Every question costs its developer exactly 1 hour (an answerer is always free), and
/// a question comes after each exponential stretch of 4 working hours: about 1 blocked
/// hour per 4 worked, so `dev_blocked_per_active` = 1 / (4 + 1) = 0.2 whatever the
/// starvation, while `dev_blocked_share` is that times the share of time the
/// developers have work (about half). A question still open at the window's end counts
/// with part of its hour: under 2 hours of some 250 a trial, 0.002 at most.
#[test]
fn blocked_time_per_hour_of_work_ignores_starvation() {
    let sc = fixture("developers.toml");
    let results = run(&sc, "blocked", sc.run.trials);
    let per_active = Estimate::of(
        "dev_blocked_per_active",
        &metric(&results, Metric::DevBlockedPerActive),
    );
    assert!(
        (per_active.mean - 0.2).abs() <= SE_FACTOR * per_active.se + 0.002,
        "expected dev_blocked_per_active ≈ 1/(4 + 1) = 0.2, measured {per_active}"
    );
    for (t, r) in results.iter().enumerate() {
        let m = &r.metrics;
        let active = m.get(Metric::DevWorkingShare) + m.get(Metric::DevBlockedShare);
        assert!(
            close(
                m.get(Metric::DevBlockedPerActive) * active,
                m.get(Metric::DevBlockedShare)
            ),
            "trial {t}: blocked per active × (working + blocked) should be the blocked share"
        );
        assert!(
            m.get(Metric::DevStarvedShare) > 0.1,
            "trial {t}: the fixture should starve its developers, measured {}",
            m.get(Metric::DevStarvedShare)
        );
    }
}

/// The cycle time of the fixture's closed loop is the item's effort, exponential of
/// mean 16 hours, whose p-quantile is −16 ln(1 − p): 11.09 h, 30.35 h and 47.93 h for
/// p50, p85 and p95. Some 260 items a trial put one trial's p95 within about 4 hours
/// (standard error √(p(1 − p)/n) / f(q) = 0.0135 / (0.05/16)); the means over trials
/// must lie within 4 standard errors, plus 2% for the interpolation between order
/// statistics and the items that straddle the window's start.
#[test]
fn cycle_time_percentiles_are_those_of_the_effort() {
    let sc = fixture("developers.toml");
    let results = run(&sc, "cycle", sc.run.trials);
    for (m, p) in [
        (Metric::CycleTimeP50H, 0.50),
        (Metric::CycleTimeP85H, 0.85),
        (Metric::CycleTimeP95H, 0.95),
    ] {
        let expected = -16.0 * f64::ln(1.0 - p);
        let got = Estimate::metric(&results, m);
        assert!(
            (got.mean - expected).abs() <= SE_FACTOR * got.se + 0.02 * expected,
            "expected {} ≈ {expected:.2} h (the effort's quantile), measured {got}",
            m.name()
        );
    }
}

/// `net_value_per_week` = value_per_week × `[costs] value` − the people's cost per
/// week: two developers at 52 000 and two answerers at 26 000 a year cost
/// 156 000 / 52 = 3 000 a week, and a unit of value is worth 100. Under
/// `unlimited_backlog` items carry no value, so there is no net value either.
#[test]
fn net_value_is_value_in_money_less_the_people_cost() {
    let sc = fixture("developers.toml");
    let n = sc.run.trials;
    for (t, r) in run(&sc, "blocked", n).iter().enumerate() {
        let value = r.metrics.get(Metric::ValuePerWeek);
        let net = r.metrics.get(Metric::NetValuePerWeek);
        assert!(value > 0.0, "trial {t}: no value delivered");
        assert!(
            close(net, 100.0 * value - 3000.0),
            "trial {t}: expected net_value_per_week = 100 × {value} − 3000, measured {net}"
        );
    }
    assert_every_trial(
        &run(&sc, "cycle", n),
        "cycle",
        Metric::NetValuePerWeek,
        f64::NAN,
    );
}

// ----- shares -----

/// A share is a part of a whole, written in [0, 1] even where sums of hours round past
/// it: trial 60 of the shipped PO who does everything is busy all the window, and its
/// hours summed by duty come to 1.0000000000000002 of it before clamping. Every share
/// of those trials, and every person's share of the window, stays within [0, 1].
#[test]
fn shares_stay_within_zero_and_one() {
    let path = crate::support::shipped_dir().join("po-as-ticket-admin.toml");
    let sc = only_point(load(&path), "po-as-ticket-admin");
    let po = structure(&sc, "po-does-all");
    for trial in 58..63 {
        let r = orgsim::model::run_trial(&sc, po, trial);
        for m in Metric::ALL {
            let v = r.metrics.get(m);
            if m.unit() == orgsim::model::Unit::Share && !v.is_nan() {
                assert!(
                    (0.0..=1.0).contains(&v),
                    "trial {trial}: {} = {v} is not a share",
                    m.name()
                );
            }
        }
        for row in &r.people {
            assert!(
                (0.0..=1.0).contains(&row.share),
                "trial {trial}: {} spent a share {} of the window on {}",
                row.person,
                row.share,
                row.activity
            );
        }
    }
}
