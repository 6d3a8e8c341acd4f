//! Each feature of docs/model.md §2–§9 has a test here that would fail if the feature were
//! switched off.
//!
//! Every test runs a small fixture of `tests/fixtures/features/` whose header explains
//! its set-up. Where an argument gives an exact value the test checks it exactly; where
//! it gives a direction or an expected size, two structures of the same scenario are
//! compared trial by trial (trial i of both sees the same requests, efforts and
//! questions: common random numbers), and the 95% interval of the paired differences
//! must exclude 0 or contain the expected size.

use crate::support::estimate::{assert_paired_above, normal_cdf, Estimate};
use crate::support::{activity_hours, fixture_dir, load, load_text, metric, only_point, run};
use orgsim::model::{Metric, TrialResult};
use orgsim::scenario::Scenario;
use std::path::PathBuf;

/// Path of a fixture of this module, `tests/fixtures/features/`.
fn fixture_path(file: &str) -> PathBuf {
    fixture_dir("features").join(file)
}

/// Loads a fixture of this module; it has exactly one sweep point.
fn fixture(file: &str) -> Scenario {
    only_point(load(&fixture_path(file)), &format!("fixture {file}"))
}

/// Relative closeness for quantities that are equal up to floating-point rounding.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-12)
}

/// Measured window of a trial, hours.
fn window(r: &TrialResult) -> f64 {
    r.ledger.window_hours
}

// ----- discovery -----

/// Each week the holder is given 10 one-hour sessions (target 0.25 of 40 hours).
///
/// - idle-holder: nothing else to do, so the ten sessions run from the week's start:
///   exactly 10 hours a week, share 0.25, none dropped.
/// - busy-patient: the 15-hour ceremony comes first (priority 0), the sessions run
///   from hour 15 to 25, all within the one week allowed: share 0.25, none dropped.
/// - busy-impatient: sessions must start within 20 hours; those at hours 15 … 20 run
///   (six), four are dropped each week: share 6/40 = 0.15 and 4 × 26 = 104 postponed.
///   Every session given in the window has its deadline in the window and vice versa
///   (the window starts and ends on week boundaries), so the count is exact.
///
/// Without the drop rule busy-impatient would postpone nothing and keep 0.25.
#[test]
fn discovery_sessions_not_started_in_time_are_dropped_and_counted() {
    let sc = fixture("discovery.toml");
    let weeks = f64::from(sc.run.weeks);
    for (name, holder, share, postponed) in [
        ("idle-holder", "pm-1", 0.25, 0.0),
        ("busy-patient", "pm-1", 0.25, 0.0),
        ("busy-impatient", "pm-1", 0.15, 4.0 * weeks),
    ] {
        for (t, r) in run(&sc, name, sc.run.trials).iter().enumerate() {
            let got_share = r.metrics.get(Metric::DiscoveryShare);
            let got_postponed = r.metrics.get(Metric::DiscoveryPostponed);
            let hours = activity_hours(r, holder, "discovery");
            assert!(
                (got_share - share).abs() < 1e-9,
                "{name}, trial {t}: expected discovery_share {share}, measured {got_share}"
            );
            assert_eq!(
                got_postponed, postponed,
                "{name}, trial {t}: expected {postponed} sessions postponed, measured {got_postponed}"
            );
            assert!(
                (hours - share * window(r)).abs() < 1e-6,
                "{name}, trial {t}: expected {} discovery hours for {holder}, measured {hours}",
                share * window(r)
            );
        }
    }
}

// ----- insight and value-estimate noise -----

/// Informed triage picks better requests when estimates are noisy.
///
/// log V = μ + sX with s² = ln(1 + (sd/mean)²) = ln 5. The informed triager (insight 1,
/// exact estimates) accepts X ≥ 0 (the bar is the median); the uninformed one (insight
/// 0, σ = 1.5) accepts W = (sX + σZ)/√(s² + σ²) ≥ 0, with corr(X, W) = ρ = s/√(s² + σ²).
/// For jointly normal X, W: E[e^{sX}; W ≥ 0] = e^{s²/2} Φ(sρ), so the uninformed
/// triager's accepted value is Φ(sρ)/Φ(s) ≈ 0.884 of the informed one's, with the same
/// expected number of requests. Developers deliver everything accepted, so
/// value_per_week carries the same ratio.
#[test]
fn informed_triage_accepts_more_valuable_requests() {
    let sc = fixture("insight.toml");
    let n = sc.run.trials;
    let informed = run(&sc, "informed", n);
    let uninformed = run(&sc, "uninformed", n);

    // The set-up really gives full and no insight.
    let inf_share = Estimate::of(
        "informed discovery_share",
        &metric(&informed, Metric::DiscoveryShare),
    );
    assert!(
        (inf_share.mean - 0.25).abs() < 1e-6,
        "informed researcher should keep its 0.25 discovery share, measured {inf_share}"
    );
    for r in &uninformed {
        assert_eq!(
            r.metrics.get(Metric::DiscoveryShare),
            0.0,
            "the uninformed researcher should do no discovery"
        );
    }

    let vi = metric(&informed, Metric::ValuePerWeek);
    let vu = metric(&uninformed, Metric::ValuePerWeek);
    let d = assert_paired_above("value_per_week, informed − uninformed", &vi, &vu);

    let s = 5f64.ln().sqrt();
    let sigma = sc.structures[0].work.value_noise_sd;
    let rho = s / (s * s + sigma * sigma).sqrt();
    let ratio = normal_cdf(s * rho) / normal_cdf(s);
    let resid: Vec<f64> = vu.iter().zip(&vi).map(|(u, i)| u - ratio * i).collect();
    let resid = Estimate::of("uninformed − ratio × informed", &resid);
    let mean_i = Estimate::of("informed value_per_week", &vi).mean;
    // 4 standard errors, plus 2% of the level for the sampled median bar.
    assert!(
        resid.mean.abs() <= 4.0 * resid.se + 0.02 * mean_i,
        "expected uninformed value_per_week ≈ {ratio:.4} × informed ({:.2}); \
         measured uninformed − ratio × informed = {resid} (difference informed − uninformed {d})",
        ratio * mean_i
    );
}

/// With value_noise_sd = 0 an estimate is the true value whatever the insight, and the
/// two structures triage at the same moments (the researcher does nothing else), so by
/// common random numbers they accept exactly the same requests in every trial.
#[test]
fn insight_does_not_matter_without_noise() {
    let mut sc = fixture("insight.toml");
    for st in &mut sc.structures {
        st.work.value_noise_sd = 0.0;
    }
    let n = 20;
    let informed = run(&sc, "informed", n);
    let uninformed = run(&sc, "uninformed", n);
    for (t, (i, u)) in informed.iter().zip(&uninformed).enumerate() {
        for m in [Metric::RequestsAccepted, Metric::ValuePerWeek] {
            assert_eq!(
                i.metrics.get(m),
                u.metrics.get(m),
                "trial {t}: without noise, {} should be equal with and without discovery",
                m.name()
            );
        }
    }
}

// ----- value decay -----

/// With lead time L exactly the effort and every item worth 1, delivered value is
/// Σ 0.5^(L/H) (H the half-life in hours) against Σ 1 without decay.
///
/// - Constant effort 40 hours, half-life 1 week: each item keeps exactly 0.5, in every
///   trial.
/// - Exponential effort, mean m = 20 hours: E[0.5^(L/H)] = E[e^{−L ln2/H}] =
///   1/(1 + m ln2/H) = 1/(1 + ln2/2) ≈ 0.743 (the Laplace transform of Exp(m)).
#[test]
fn value_decays_with_lead_time() {
    let sc = fixture("decay.toml");
    let n = sc.run.trials;
    let fresh = run(&sc, "const-fresh", n);
    let decayed = run(&sc, "const-decay", n);
    for (t, (f, d)) in fresh.iter().zip(&decayed).enumerate() {
        let (vf, vd) = (
            f.metrics.get(Metric::ValuePerWeek),
            d.metrics.get(Metric::ValuePerWeek),
        );
        let lead = d.metrics.get(Metric::LeadTimeMeanH);
        assert!(
            (lead - 40.0).abs() < 1e-9,
            "trial {t}: lead time should be the constant effort 40 h, measured {lead}"
        );
        assert!(vf > 0.0, "trial {t}: no value delivered");
        assert!(
            close(vd, 0.5 * vf, 1e-9),
            "trial {t}: with a one-week half-life and one-week lead time expected half the \
             value, {} per week, measured {vd}",
            0.5 * vf
        );
    }

    let fresh = run(&sc, "exp-fresh", n);
    let decayed = run(&sc, "exp-decay", n);
    let lead = Estimate::of("lead_time_mean_h", &metric(&decayed, Metric::LeadTimeMeanH));
    assert!(
        lead.within(20.0, 4.0),
        "lead time should be the exponential effort, mean 20 h, measured {lead}"
    );
    let expected = 1.0 / (1.0 + 20.0 * std::f64::consts::LN_2 / 40.0);
    let ratios: Vec<f64> = fresh
        .iter()
        .zip(&decayed)
        .map(|(f, d)| d.metrics.get(Metric::ValuePerWeek) / f.metrics.get(Metric::ValuePerWeek))
        .collect();
    let ratio = Estimate::of("decayed / fresh value_per_week", &ratios);
    assert!(
        ratio.within(expected, 4.0),
        "expected decayed/fresh value ≈ E[0.5^(L/H)] = {expected:.4}, measured {ratio}"
    );
}

// ----- context switching -----

/// The same PO, the same work: with switch_hours = 0.25 every change of queue costs a
/// quarter hour, booked as `switching`. The PO is at about half load, so it serves the
/// same tasks either way and its busy share grows by about its switching share.
#[test]
fn switching_costs_time_of_its_own() {
    let sc = fixture("one_po.toml");
    let n = sc.run.trials;
    let base = run(&sc, "baseline", n);
    let switching = run(&sc, "switching", n);
    for (t, (b, s)) in base.iter().zip(&switching).enumerate() {
        let (hb, hs) = (
            activity_hours(b, "po-1", "switching"),
            activity_hours(s, "po-1", "switching"),
        );
        assert_eq!(hb, 0.0, "trial {t}: switching hours without switch_hours");
        assert!(
            hs > 0.0,
            "trial {t}: expected switching hours with switch_hours = 0.25, measured {hs}"
        );
    }
    let ub = metric(&base, Metric::ProductUtilMax);
    let us = metric(&switching, Metric::ProductUtilMax);
    let d = assert_paired_above("product_util_max, switching − baseline", &us, &ub);
    let share: Vec<f64> = switching
        .iter()
        .map(|r| activity_hours(r, "po-1", "switching") / window(r))
        .collect();
    let share = Estimate::of("switching share", &share);
    assert!(
        (d.mean - share.mean).abs() <= 0.25 * share.mean,
        "expected product_util_max to grow by about the switching share {share}, measured {d}"
    );
}

// ----- approval -----

/// No queue anywhere (see the fixture): the sign-off delay D adds
/// escalation_share × approval.share × E[D] = 0.5 × 0.5 × 8 = 2 hours to the mean
/// decision latency, whether D is constant or exponential (only its mean enters), and
/// approval.share × E[D] = 4 hours to lead_triage_h (one item per request).
#[test]
fn approval_delays_decisions_and_accepted_requests() {
    let sc = fixture("approval.toml");
    let n = sc.run.trials;
    let base = run(&sc, "with-authority", n);
    let w = &sc.structures[0].work;
    let share = 0.5;
    let delay = 8.0;
    let latency_gain = w.escalation_share * share * delay;
    let triage_gain = share * delay;
    for name in ["sign-off-const", "sign-off-exp"] {
        let signed = run(&sc, name, n);
        for (m, expected) in [
            (Metric::DecisionLatencyMeanH, latency_gain),
            (Metric::LeadTriageH, triage_gain),
        ] {
            let d = assert_paired_above(
                &format!("{name}: {} − with-authority", m.name()),
                &metric(&signed, m),
                &metric(&base, m),
            );
            assert!(
                d.within(expected, 4.0),
                "{name}: expected {} to grow by {expected} h, measured {d}",
                m.name()
            );
        }
    }
}

/// A structure's sign-off draws never shift the random work (docs/model.md §11): with a
/// share of 1e-300 no request or question waits, but a random delay is drawn for each
/// from the sign-off streams. Every other draw is the same as without approval, so
/// every metric of every trial is the same, to the bit, as "with-authority"'s. (When
/// the delay was drawn from the requests' and questions' own streams, a random delay
/// shifted every later value, item and interval: trial 1 accepted 27 requests against
/// 39.)
#[test]
fn sign_off_draws_leave_the_rest_of_the_random_work_alone() {
    let sc = fixture("approval.toml");
    let n = sc.run.trials;
    let base = run(&sc, "with-authority", n);
    let never = run(&sc, "sign-off-never", n);
    for (t, (a, b)) in base.iter().zip(&never).enumerate() {
        for m in Metric::ALL {
            let (x, y) = (a.metrics.get(m), b.metrics.get(m));
            assert!(
                x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
                "trial {t}, {}: {x} without approval, {y} with a sign-off that never happens",
                m.name()
            );
        }
    }
}

/// The fixture's two structures differ only in whether three durations are drawn or
/// constant, by at most 1e-7 hours: with each quantity drawn from a stream of its own,
/// they accept the same requests in every trial and every figure stays within 1e-4
/// (relative) of the other's. Drawn from one stream, the random answers shifted every
/// later interval and effort: decision latency 0.227 against 0.210 h.
#[test]
fn a_constant_duration_shifts_no_other_draw() {
    let sc = fixture("service_streams.toml");
    let n = sc.run.trials;
    let drawn = run(&sc, "drawn", n);
    let fixed = run(&sc, "fixed", n);
    for (t, (a, b)) in drawn.iter().zip(&fixed).enumerate() {
        for m in [
            Metric::RequestsAccepted,
            Metric::ThroughputPerWeek,
            Metric::LeadTimeMeanH,
            Metric::DecisionLatencyMeanH,
            Metric::DecisionWaitMeanH,
            Metric::DevBlockedShare,
        ] {
            let (x, y) = (a.metrics.get(m), b.metrics.get(m));
            assert!(
                close(x, y, 1e-4),
                "trial {t}, {}: {x} drawn, {y} constant",
                m.name()
            );
        }
    }
}

/// A duty that takes no time is skipped as a task, not as a step: with
/// `escalation_hours = 0` nobody holds escalation, yet an escalated question still
/// waits for outside sign-off. Nothing queues in the fixture, so every question
/// settled in the window took exactly answer + escalation + sign-off hours:
/// 0.5 + 0.001 + 10 = 10.501 with a short escalation, 0.5 + 0 + 10 = 10.5 without
/// one. Questions still open at the window's end count with less (their wait so far),
/// but there are at most four of them (one per developer) against some 280 settled (a
/// developer raises one question per 4 + 10.5 hours on average, 72 in the 1040-hour
/// window), so the median and p90 are the settled value itself. Alone in its scenario the zero-hour structure
/// must still draw whether questions escalate.
#[test]
fn an_escalation_taking_no_time_still_waits_for_sign_off() {
    let sc = fixture("zero_hour_escalation.toml");
    let n = sc.run.trials;
    let mut alone = sc.clone();
    alone.structures.retain(|s| s.name == "no-escalation-hours");
    for (scenario, name, expected) in [
        (&sc, "short-escalation", 10.501),
        (&sc, "no-escalation-hours", 10.5),
        (&alone, "no-escalation-hours", 10.5),
    ] {
        let structures = scenario.structures.len();
        for (t, r) in run(scenario, name, n).iter().enumerate() {
            for m in [Metric::DecisionLatencyP50H, Metric::DecisionLatencyP90H] {
                let got = r.metrics.get(m);
                assert!(
                    close(got, expected, 1e-9),
                    "{name} (of {structures} structures), trial {t}: expected {} = {expected} h \
                     (answer + escalation + sign-off), measured {got}",
                    m.name()
                );
            }
            assert_eq!(
                r.metrics.get(Metric::DecisionWaitMeanH),
                0.0,
                "{name}, trial {t}: no question should wait for a free person"
            );
        }
    }
}

// ----- preemption -----

/// The PO's residual work, as a Poisson arrival sees it, is R = Σ λᵢ E[Sᵢ²] / 2 over
/// its task kinds (rates per hour: triage 0.0625 × E[S²] 0.5, refinement 0.0625 × 36,
/// acceptance 0.0625 × 0.25, answers 0.25 × 0.125), R ≈ 1.16 h, nearly all of it the
/// rest of a 6-hour refinement. Non-preemptive, answers (priority 1) wait by Cobham's
/// formula W = R / (1 − ρ_answers) ≈ 1.16 / 0.94 ≈ 1.24 h. Preemptive, an answer
/// interrupts refinement, triage and acceptance at once and waits only for other
/// answers: an M/M/1 of its own at load 0.06, Wq ≈ 0.017 h (less, with only three
/// developers asking).
#[test]
fn preemption_lets_answers_interrupt_long_refinement() {
    let sc = fixture("one_po.toml");
    let n = sc.run.trials;
    let base = metric(&run(&sc, "baseline", n), Metric::DecisionWaitMeanH);
    let pre = metric(&run(&sc, "preemptive", n), Metric::DecisionWaitMeanH);
    let d = assert_paired_above("decision_wait_mean_h, baseline − preemptive", &base, &pre);
    let pre = Estimate::of("preemptive decision_wait_mean_h", &pre);
    let base = Estimate::of("baseline decision_wait_mean_h", &base);
    assert!(
        pre.mean < 0.05,
        "preemptive answers should wait only for other answers (≈ 0.017 h), measured {pre}"
    );
    // Questions come from developers' working time, not a Poisson stream: 30% leeway.
    assert!(
        (base.mean - 1.24).abs() < 0.3 * 1.24,
        "non-preemptive answers should wait ≈ 1.24 h (Cobham), measured {base} \
         (difference {d})"
    );
}

// ----- dispatch -----

/// The fixture's header follows the run hour by hour: the PO answers 26 hours and
/// escalates 13, the PM escalates the other 13; latency 53/26 h, wait 1/26 h. If an
/// escalation waited for the PO while the PM sat idle, the PM would escalate nothing.
#[test]
fn a_waiting_task_goes_to_whoever_is_idle_and_may_take_it() {
    let sc = fixture("idle_taker.toml");
    let results = run(&sc, "po-first", 1);
    let r = &results[0];
    for (person, activity, hours) in [
        ("po-1", "answer", 26.0),
        ("po-1", "escalation", 13.0),
        ("pm-1", "escalation", 13.0),
    ] {
        let got = activity_hours(r, person, activity);
        assert!(
            close(got, hours, 1e-9),
            "{person} {activity}: expected {hours} h, got {got}"
        );
    }
    for (m, expected) in [
        (Metric::DecisionLatencyMeanH, 53.0 / 26.0),
        (Metric::DecisionWaitMeanH, 1.0 / 26.0),
    ] {
        let got = r.metrics.get(m);
        assert!(
            close(got, expected, 1e-9),
            "{}: expected {expected}, got {got}",
            m.name()
        );
    }
}

// ----- ceremonies -----

/// Squad s's block of h = 4 hours is due at s·40/3 + 40k. The coach holds nothing
/// else and the blocks never overlap, so each runs exactly when due; the window starts
/// and ends on week boundaries, so it holds exactly 26 blocks per squad: 3 × 4 × 26 =
/// 312 hours. The busy PO may start a block late by the task in hand (well under the
/// 13.3 hours between blocks), so at most one block per squad straddles each window
/// edge: whatever a late block of the last week loses at the end, a late block of the
/// week before the window adds at the start, each at most h, so the total is within
/// 3 × 4 = 12 hours of 312. With ceremony_hours_per_week = 0 there are none.
#[test]
fn ceremony_holders_spend_their_weekly_blocks() {
    let sc = fixture("ceremonies.toml");
    let n = sc.run.trials;
    let squads = f64::from(sc.structures[0].team.squads);
    let h = sc.structures[0]
        .work
        .ceremony_hours_per_week
        .as_constant()
        .expect("a constant block");
    let expected = squads * h * f64::from(sc.run.weeks);
    for (t, r) in run(&sc, "coach", n).iter().enumerate() {
        let got = activity_hours(r, "coach-1", "ceremony");
        assert!(
            (got - expected).abs() < 1e-6,
            "coach, trial {t}: expected exactly {expected} ceremony hours, measured {got}"
        );
    }
    for (t, r) in run(&sc, "busy-po", n).iter().enumerate() {
        let got = activity_hours(r, "po-1", "ceremony");
        assert!(
            (got - expected).abs() <= squads * h + 1e-6,
            "busy-po, trial {t}: expected {expected} ± {} ceremony hours, measured {got}",
            squads * h
        );
    }
    for (t, r) in run(&sc, "no-ceremonies", n).iter().enumerate() {
        let got = activity_hours(r, "coach-1", "ceremony");
        assert_eq!(
            got, 0.0,
            "no-ceremonies, trial {t}: expected no ceremony hours, measured {got}"
        );
    }
}

// ----- priorities -----

/// With the same residual work R ≈ 1.16 h as in the preemption test: at priority 0
/// triage waits only for the task in hand and for earlier triage, Cobham's top class
/// W = R / (1 − ρ_triage) ≈ 1.16 / 0.97 ≈ 1.2 h. At the default priority 4 it also
/// waits for every answer, acceptance and refinement queued ahead of it or arriving
/// meanwhile, so longer. (Cobham's bottom-class formula would say 4.4 h, but here a
/// refinement only comes from a finished triage, so none arrives while the oldest
/// triage waits: the default's wait lies between the two.)
#[test]
fn triage_priority_zero_cuts_triage_wait() {
    let sc = fixture("one_po.toml");
    let n = sc.run.trials;
    let base = metric(&run(&sc, "baseline", n), Metric::TriageWaitMeanH);
    let first = metric(&run(&sc, "triage-first", n), Metric::TriageWaitMeanH);
    let d = assert_paired_above("triage_wait_mean_h, baseline − triage-first", &base, &first);
    let (b, f) = (
        Estimate::of("baseline triage wait", &base),
        Estimate::of("triage-first triage wait", &first),
    );
    assert!(
        (f.mean - 1.2).abs() < 0.3 * 1.2,
        "triage first should wait ≈ 1.2 h (Cobham, top class), measured {f}"
    );
    assert!(
        b.mean > 1.2 && b.mean < 4.4,
        "at the default priority triage should wait between 1.2 h and 4.4 h, measured {b} \
         (difference {d})"
    );
}

// ----- backlog order -----

/// Capacity short, the backlog grows: FIFO delivers its oldest items, a random sample
/// of values (mean 10 per item), while value order delivers the best value per effort
/// of an ever larger backlog. Both keep the two developers busy, so value order
/// delivers much more value per week.
#[test]
fn value_order_delivers_more_when_capacity_is_short() {
    let sc = fixture("order.toml");
    let n = sc.run.trials;
    let by_value = run(&sc, "by-value", n);
    let fifo = run(&sc, "fifo", n);
    let starved = Estimate::of(
        "fifo dev_starved_share",
        &metric(&fifo, Metric::DevStarvedShare),
    );
    assert!(
        starved.mean < 0.05,
        "the fixture should keep developers busy (capacity short), measured starved {starved}"
    );
    let vv = metric(&by_value, Metric::ValuePerWeek);
    let vf = metric(&fifo, Metric::ValuePerWeek);
    assert_paired_above("value_per_week, by-value − fifo", &vv, &vf);
    let (v, f) = (Estimate::of("by-value", &vv), Estimate::of("fifo", &vf));
    assert!(
        v.mean > 1.5 * f.mean,
        "expected value order to deliver well over fifo's value per week, measured {v} \
         against {f}"
    );
}

/// Refinement claims its item when it starts (docs/model.md §3). The fixture's PO
/// refines ten items a week out of twenty arriving, values i.i.d. uniform on [0, 2],
/// effort constant, so an item's estimated value per effort is its value / 8 and the
/// items accepted have mean value E[V] = 1 (every request is accepted, one item each).
/// Developers wait for refined items, so the items done are the items refined.
///
/// - Claimed when it starts: each refinement takes the best item of the product
///   backlog, which keeps the low half of the arrivals. Items refined are those above
///   a threshold θ where the rate of arrivals above it matches the PO's rate,
///   20 · P(V > θ) = 10, so θ = 1 and the items done have mean E[V | V > 1] = 1.5
///   in the long run (less while the backlog is young).
/// - Claimed when queued (the old rule): the ready-backlog target never binds, so
///   every item was claimed by a refine task as it arrived and refined in arrival
///   order, which is independent of value: mean E[V] = 1.
///
/// The test asks for a mean above 1.25, halfway. About 260 items are done per trial,
/// so one trial's mean has a standard error near sd(V)/√260 = 0.577/16 ≈ 0.036 and the
/// mean over 20 trials about 0.008: both rules lie more than 30 standard errors from
/// the bound.
#[test]
fn refinement_claims_the_best_item_when_it_starts() {
    let sc = fixture("refine_claim.toml");
    let effort = 8.0;
    let accepted_mean = 1.0 / effort;
    let done_mean: Vec<f64> = run(&sc, "by-value", sc.run.trials)
        .iter()
        .map(|r| {
            r.metrics.get(Metric::ValuePerWeek) / r.metrics.get(Metric::ThroughputPerWeek) / effort
        })
        .collect();
    let done = Estimate::of("value per effort of the items done", &done_mean);
    assert!(
        done.lo() > 1.25 * accepted_mean,
        "refinement by value should deliver items worth well over the accepted ones' \
         {accepted_mean} per hour of effort (≈ 1.5 × that), measured {done}"
    );
}

// ----- lead-time breakdown -----

/// The six stages are consecutive intervals of each item's life (arrival → items
/// created → ready → pulled → effort done → accepted, with blocked time carved out of
/// the development interval), so their means add up to the mean lead time, and none
/// is negative.
#[test]
fn lead_time_parts_add_up_to_the_lead_time() {
    let sc = fixture("full_flow.toml");
    let parts = Metric::LEAD_PARTS;
    for st in &sc.structures {
        for (t, r) in run(&sc, &st.name, sc.run.trials).iter().enumerate() {
            let lead = r.metrics.get(Metric::LeadTimeMeanH);
            assert!(lead > 0.0, "{}, trial {t}: no item done", st.name);
            let mut sum = 0.0;
            for m in parts {
                let v = r.metrics.get(m);
                assert!(
                    v >= 0.0,
                    "{}, trial {t}: {} should be a non-negative mean, measured {v}",
                    st.name,
                    m.name()
                );
                sum += v;
            }
            assert!(
                close(sum, lead, 1e-6),
                "{}, trial {t}: the six parts sum to {sum}, lead_time_mean_h is {lead}",
                st.name
            );
        }
    }
}

// ----- items per request and squad routing -----

/// Two items per accepted request, all to squad 1: squad 0's developers never get an
/// item (working 0, starved the whole window). With round-robin each request gives
/// squad 0 and squad 1 one identical item (8 hours) at the same moment, no questions,
/// so the two squads evolve identically: equal working hours in every trial.
#[test]
fn items_go_to_the_named_squad_or_round_robin() {
    let mut sc = fixture("routing.toml");
    let n = sc.run.trials;
    for (t, r) in run(&sc, "pm", n).iter().enumerate() {
        let l = &r.ledger;
        assert_eq!(
            l.items_arrived,
            2 * l.requests_accepted,
            "trial {t}: two items per accepted request"
        );
        for d in 0..2 {
            let [working, _, starved] = l.dev_hours[d];
            assert_eq!(
                working, 0.0,
                "trial {t}: squad 0's developer {d} should never work, worked {working} h"
            );
            assert!(
                (starved - window(r)).abs() < 1e-6,
                "trial {t}: squad 0's developer {d} should starve the whole window, starved {starved} h"
            );
        }
        let busy: f64 = l.dev_hours[2..].iter().map(|h| h[0]).sum();
        assert!(busy > 0.0, "trial {t}: squad 1 did no work");
    }

    sc.stakeholders[0].squad = None;
    for (t, r) in run(&sc, "pm", n).iter().enumerate() {
        let w = |s: usize| -> f64 {
            r.ledger.dev_hours[2 * s..2 * s + 2]
                .iter()
                .map(|h| h[0])
                .sum()
        };
        let (w0, w1) = (w(0), w(1));
        assert!(w0 > 0.0, "trial {t}: round-robin left squad 0 without work");
        assert!(
            close(w0, w1, 1e-9),
            "trial {t}: round-robin should give both squads the same work, measured {w0} h \
             and {w1} h"
        );
    }
}

// ----- duties with zero hours -----

/// accept_hours, answer_hours and refine_hours are 0 and nobody holds those duties:
/// the scenario is valid, items are done, acceptance takes no time and questions are
/// answered at once. The same file with accept or answer hours above 0 is refused,
/// naming the duty.
#[test]
fn zero_hour_duties_need_nobody() {
    let sc = fixture("no_accept.toml");
    for (t, r) in run(&sc, "pm-only", sc.run.trials).iter().enumerate() {
        let m = &r.metrics;
        assert!(
            m.get(Metric::ThroughputPerWeek) > 0.0,
            "trial {t}: no item done"
        );
        for metric in [
            Metric::LeadAcceptH,
            Metric::DecisionLatencyMeanH,
            Metric::DecisionWaitMeanH,
        ] {
            assert_eq!(
                m.get(metric),
                0.0,
                "trial {t}: expected {} = 0 with nobody holding the duty, measured {}",
                metric.name(),
                m.get(metric)
            );
        }
    }

    let src = std::fs::read_to_string(fixture_path("no_accept.toml")).expect("fixture");
    for (from, to, duty) in [
        ("accept_hours = 0\n", "accept_hours = 0.5\n", "accept"),
        ("answer_hours = 0\n", "answer_hours = 0.25\n", "answer"),
    ] {
        assert!(src.contains(from), "fixture lost its `{from}`");
        let err = load_text(&src.replace(from, to), &fixture_path("no_accept.toml"))
            .expect_err("a duty with hours and no holder must be refused");
        assert!(
            err.contains(&format!("the {duty} duty")),
            "the error should name the {duty} duty, got:\n{err}"
        );
    }
}

// ----- cost -----

/// Yearly: 12 developers × 170 000 + PM 225 000 + 3 POs × 160 000 + 2 coaches
/// (⌈3/2⌉) × 100 000 = 2 945 000; over the 26-week window 2 945 000 × 26/52, divided
/// by the items done.
#[test]
fn cost_per_item_is_the_prorated_payroll_per_item_done() {
    let sc = fixture("cost.toml");
    let weeks = f64::from(sc.run.weeks);
    let yearly = 12.0 * 170_000.0 + 225_000.0 + 3.0 * 160_000.0 + 2.0 * 100_000.0;
    for (t, r) in run(&sc, "pm-po-coach", sc.run.trials).iter().enumerate() {
        let done = (r.metrics.get(Metric::ThroughputPerWeek) * weeks).round();
        assert!(done > 0.0, "trial {t}: no item done");
        let expected = yearly * weeks / 52.0 / done;
        let got = r.metrics.get(Metric::CostPerItem);
        assert!(
            close(got, expected, 1e-9),
            "trial {t}: expected cost_per_item {expected} ({yearly} a year, {done} items), \
             measured {got}"
        );
    }
}

/// A discovery session interrupted by a ceremony (preemption) was started before its
/// deadline: it resumes and is finished, never dropped as postponed.
///
/// One person holds discovery and the ceremonies of two squads, preemptive. Each week
/// one 30-hour session (target 0.75 of 40 hours) is given at hour 0 with a 4-hour
/// deadline; squad 0's 1-hour ceremony comes first (hour 0), the session starts at
/// hour 1, squad 1's ceremony interrupts it at hour 20 and it resumes at hour 21, long
/// after its deadline, and ends at hour 32. So every week holds exactly 30 hours of
/// discovery and nothing is postponed; dropping the interrupted session would leave
/// 19 hours and one postponement a week.
#[test]
fn an_interrupted_discovery_session_is_finished_not_dropped() {
    let src = r#"
name = "interrupted-session"
[run]
weeks = 4
warmup_weeks = 1
trials = 1
[team]
squads = 2
devs_per_squad = 1
[work]
unlimited_backlog = true
answer_hours = 0
ceremony_hours_per_week = 1
[discovery]
target_share = 0.75
session_hours = 30
drop_after_weeks = 0.1
[[structures]]
name = "one"
preempt = true
people = [ { role = "pm", count = 1, duties = ["discovery", "ceremony"] } ]
"#;
    let sc = load_text(src, &fixture_path("interrupted-session.toml"))
        .unwrap()
        .remove(0);
    let r = &run(&sc, "one", 1)[0];
    assert_eq!(
        r.metrics.get(Metric::DiscoveryPostponed),
        0.0,
        "an interrupted session must not be counted as postponed"
    );
    let share = r.metrics.get(Metric::DiscoveryShare);
    assert!(
        (share - 0.75).abs() < 1e-9,
        "30 of every 40 hours should be discovery, measured {share}"
    );
}
