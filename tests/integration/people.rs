//! People as they are, in time (docs/model.md §17): part-time availability, absences,
//! joining and leaving with a ramp-up, other recurring work, and demand that changes
//! by week. Each test holds the simulator to a number derived by hand in its comment:
//! exactly where the rule gives an exact number, else within 4 standard errors over
//! independent trials (plus a stated allowance for the window's edges).

use crate::support::estimate::{Estimate, SE_FACTOR};
use crate::support::theory::{assert_matches, window_hours};
use crate::support::{activity_hours, fixture_dir, load_text, metric, only_point, run};
use orgsim::model::{run_trial, Metric, TrialResult, Unit};
use orgsim::scenario::{load_str, Scenario};
use proptest::prelude::*;

/// Loads a scenario written in a test, as if it were `tests/fixtures/people/{name}.toml`.
fn scenario(src: &str, name: &str) -> Scenario {
    let path = fixture_dir("people").join(format!("{name}.toml"));
    let points = load_text(src, &path)
        .unwrap_or_else(|e| panic!("test scenario {name} was refused: {e}\n{src}"));
    only_point(points, name)
}

/// Equal up to floating-point rounding of sums over a run.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Busy hours of a person in a trial: every activity but idle and away.
fn busy_hours(r: &TrialResult, person: &str) -> f64 {
    r.people
        .iter()
        .filter(|p| p.person == person && p.activity != "idle" && p.activity != "away")
        .map(|p| p.hours)
        .sum()
}

/// One triager and nothing else: requests at `per_week`, triaged in exponential hours
/// of mean 1 and all rejected (`accept_share = 0`), so no item ever exists. `people`
/// lists the structures, one `name = "…"` / `people = […]` pair each.
fn triage_only(per_week: &str, run: &str, structures: &[(&str, &str)]) -> String {
    let mut src = format!(
        "[run]\n{run}\n\n[[stakeholders]]\nname = \"sales\"\nrequests_per_week = {per_week}\n\
         triage_hours = {{ dist = \"exp\", mean = 1 }}\naccept_share = 0\n"
    );
    for (name, person) in structures {
        src.push_str(&format!(
            "\n[[structures]]\nname = \"{name}\"\npeople = [ {{ role = \"pm\", count = 1, duties = [\"triage\"]{person} }} ]\n"
        ));
    }
    src
}

// ----- part-time -----

/// A person at half time serving a Poisson stream is twice as busy over the time it is
/// there.
///
/// Requests arrive at 8 a week and each takes an exponential hour of triage: 8 hours of
/// work a week, all of it done (the load is far below capacity). Over a 40-hour week
/// the full-timer's utilisation is 8/40 = 0.2; at `availability = 0.5` the work is the
/// same and the time at work half, so 8/20 = 0.4, whether the half falls in the first
/// half of each day or of each week. The half-timer is away exactly half the window,
/// and its busy, idle and away hours fill the window; in `people.csv` its shares other
/// than away fill its time at work (they add up to 1), and away's is 1/2 of the window.
///
/// Edge allowance: at the window's ends the away half-week of the weekly pattern holds
/// back about 20 h × 0.2 requests an hour = 4 hours of work (cut at the end, brought in
/// from the warm-up at the start), of the 1040 hours at work in the window: 2 × 4 /
/// 1040 ≈ 0.008 of utilisation.
#[test]
fn a_half_timer_is_twice_as_busy_over_its_time_at_work() {
    let src = triage_only(
        "8",
        "weeks = 52\nwarmup_weeks = 4\ntrials = 200\nseed = 12",
        &[
            ("full", ""),
            ("half-daily", ", availability = 0.5"),
            ("half-weekly", ", availability = 0.5, pattern = \"weekly\""),
        ],
    );
    let sc = scenario(&src, "part_time");
    let window = window_hours(&sc);
    for (name, utilisation) in [("full", 0.2), ("half-daily", 0.4), ("half-weekly", 0.4)] {
        let results = run(&sc, name, sc.run.trials);
        let util = Estimate::metric(&results, Metric::ProductUtilMax);
        assert_matches(&format!("{name}: utilisation"), util, utilisation, 0.008);
        let away_share = if name == "full" { 0.0 } else { 0.5 };
        for (t, r) in results.iter().enumerate() {
            let away = activity_hours(r, "pm-1", "away");
            assert!(
                close(away, away_share * window),
                "{name}, trial {t}: away {away} h, expected {}",
                away_share * window
            );
            let total = busy_hours(r, "pm-1") + activity_hours(r, "pm-1", "idle") + away;
            assert!(close(total, window), "{name}, trial {t}: hours {total}");
            // people.csv's shares are of the time at work, `away`'s of the window.
            let share = |at_work: bool| -> f64 {
                r.people
                    .iter()
                    .filter(|p| p.person == "pm-1" && (p.activity != "away") == at_work)
                    .map(|p| p.share)
                    .sum()
            };
            assert!(
                close(share(true), 1.0),
                "{name}, trial {t}: shares at work {}",
                share(true)
            );
            assert!(
                close(share(false), away_share),
                "{name}, trial {t}: away share {}",
                share(false)
            );
        }
    }
}

// ----- demand that changes -----

/// A piecewise rate's request counts per period match their Poisson means.
///
/// The schedule sends 4 a week in measured weeks 0–2, 10 a week in weeks 3–4 and none
/// in weeks 5–7, and starts again every 8 weeks. The arrivals of a trial do not depend
/// on how long it runs (they come from the group's own stream), so the difference
/// between the requests counted in runs of w₁ and w₂ measured weeks is exactly the
/// count of the weeks between: Poisson with mean rate × weeks. Per period: 3 × 4 = 12,
/// 2 × 10 = 20, 0, then again 12 and 20; 64 over the 16 weeks, so the group's mean rate
/// is 4 a week. Each period's mean is held to 4 SE of its 300 trials, and its variance
/// to that of a Poisson count (the sample variance of n Poisson counts of mean m has
/// standard error √((m + 2m²)/n), 4 of them allowed); the silent weeks count exactly 0.
#[test]
fn a_rate_that_changes_by_week_sends_its_poisson_mean_in_each_period() {
    let per_week = "{ from_week = [0, 3, 5], per_week = [4, 10, 0], repeat_weeks = 8 }";
    let src = triage_only(
        per_week,
        "weeks = 16\nwarmup_weeks = 2\ntrials = 300\nseed = 5",
        &[("solo", "")],
    );
    let sc = scenario(&src, "demand");
    assert_eq!(sc.stakeholders[0].requests_per_week, 4.0, "mean rate");
    let with_weeks = |weeks: u32| {
        let mut point = sc.clone();
        point.run.weeks = weeks;
        (0..sc.run.trials)
            .map(|t| run_trial(&point, 0, t).metrics.get(Metric::RequestsArrived))
            .collect::<Vec<f64>>()
    };
    let ends = [0, 3, 5, 8, 11, 13, 16];
    let counts: Vec<Vec<f64>> = ends
        .iter()
        .map(|&w| {
            if w == 0 {
                vec![0.0; 300]
            } else {
                with_weeks(w)
            }
        })
        .collect();
    for (period, mean) in [12.0, 20.0, 0.0, 12.0, 20.0, 0.0].into_iter().enumerate() {
        let what = format!("requests in weeks {}..{}", ends[period], ends[period + 1]);
        let n: Vec<f64> = counts[period + 1]
            .iter()
            .zip(&counts[period])
            .map(|(later, earlier)| later - earlier)
            .collect();
        if mean == 0.0 {
            assert!(n.iter().all(|&c| c == 0.0), "{what}: {n:?}");
            continue;
        }
        let estimate = Estimate::of(&what, &n);
        assert_matches(&what, estimate, mean, 0.0);
        let m = estimate.mean;
        let variance = n.iter().map(|c| (c - m).powi(2)).sum::<f64>() / (n.len() - 1) as f64;
        let se = ((mean + 2.0 * mean * mean) / n.len() as f64).sqrt();
        assert!(
            (variance - mean).abs() <= SE_FACTOR * se,
            "{what}: variance {variance:.3}, a Poisson count's is {mean} (± {:.3})",
            SE_FACTOR * se
        );
    }
}

// ----- absences -----

/// Absent weeks are exactly k in each 52-week year, and shares are of the time present.
///
/// With no warm-up and 52 measured weeks the window is the first year: the PM is away
/// exactly 8 weeks (320 hours) and each developer 6 (240 hours), in every trial. A
/// developer's working, blocked and starved hours fill the rest of the window, and the
/// three shares (of the time present) add up to 1.
///
/// Others eligible take the work, otherwise it waits: the PM's 8 hours of triage a
/// week all get done in the 44 weeks it is there (utilisation 8 × 52 / (44 × 40) =
/// 0.236), except what arrives in an absence that runs to the window's end. Against a
/// twin who is never away, on the same requests (common random numbers), the triage
/// hours differ by that only: 8 hours a week times the expected length of a trailing
/// absence, Σₖ P(the last k weeks all absent) = 8/52 + 8·7/(52·51) +
/// 8·7·6/(52·51·50) + … = 0.178 weeks, so −1.42 hours (allowance 0.3 h for a backlog
/// still being cleared at the end).
#[test]
fn absences_are_whole_weeks_and_shares_are_of_the_time_present() {
    let src = format!(
        "{}\n[team]\nsquads = 1\ndevs_per_squad = 3\ndev_absence_weeks_per_year = 6\n\n\
         [work]\nanswer_hours = {{ dist = \"exp\", mean = 0.5 }}\nrefine_hours = 0\n",
        triage_only(
            "8",
            "weeks = 52\nwarmup_weeks = 0\ntrials = 200\nseed = 3",
            &[("solo", ", absence_weeks_per_year = 8"), ("twin", "")],
        )
        .replace("accept_share = 0", "accept_share = 0.5")
        .replace("duties = [\"triage\"]", "duties = [\"triage\", \"answer\"]")
    );
    let sc = scenario(&src, "absences");
    let window = window_hours(&sc);
    let results = run(&sc, "solo", sc.run.trials);
    for (t, r) in results.iter().enumerate() {
        let away = activity_hours(r, "pm-1", "away");
        assert!(
            close(away, 320.0),
            "trial {t}: PM away {away} h, expected 320"
        );
        let l = &r.ledger;
        assert_eq!(l.dev_away_hours.len(), 3, "trial {t}");
        for (d, (hours, away)) in l.dev_hours.iter().zip(&l.dev_away_hours).enumerate() {
            assert!(
                close(*away, 240.0),
                "trial {t}: developer {d} away {away} h"
            );
            let present: f64 = hours.iter().sum();
            assert!(
                close(present + away, window),
                "trial {t}: developer {d} books {present} + {away} h of {window}"
            );
        }
        let shares = r.metrics.get(Metric::DevWorkingShare)
            + r.metrics.get(Metric::DevBlockedShare)
            + r.metrics.get(Metric::DevStarvedShare);
        assert!(close(shares, 1.0), "trial {t}: developer shares {shares}");
    }
    let triage = |results: &[TrialResult]| -> Vec<f64> {
        results
            .iter()
            .map(|r| activity_hours(r, "pm-1", "triage"))
            .collect()
    };
    let twin = run(&sc, "twin", sc.run.trials);
    let lost = Estimate::paired(
        "triage hours, absent − present",
        &triage(&results),
        &triage(&twin),
    );
    let trailing: f64 = (1..=8)
        .map(|k| {
            (0..k)
                .map(|i| (8.0 - i as f64) / (52.0 - i as f64))
                .product::<f64>()
        })
        .sum();
    assert_matches(
        "absent PM: triage left at the end",
        lost,
        -8.0 * trailing,
        0.3,
    );
}

/// Two structures that both have a person "pm-1" absent 8 weeks a year see it absent
/// in the same weeks of trial i (its absences are drawn from its own stream, keyed by
/// its name, not by the structure): with the same triage work and the same weeks at
/// work, their triage hours and waits agree trial by trial, even though the second
/// structure has a second person, who never triages.
#[test]
fn the_same_person_is_absent_in_the_same_weeks_in_every_structure() {
    let mut src = triage_only(
        "8",
        "weeks = 52\nwarmup_weeks = 4\ntrials = 20\nseed = 8",
        &[("alone", ", absence_weeks_per_year = 8")],
    );
    src.push_str(
        "\n[[structures]]\nname = \"with-po\"\npeople = [ { role = \"pm\", count = 1, duties = [\"triage\"], absence_weeks_per_year = 8 }, { role = \"po\", count = 1, duties = [\"answer\"], absence_weeks_per_year = 8 } ]\n",
    );
    let sc = scenario(&src, "crn");
    let alone = run(&sc, "alone", sc.run.trials);
    let with_po = run(&sc, "with-po", sc.run.trials);
    for (t, (a, b)) in alone.iter().zip(&with_po).enumerate() {
        for m in [Metric::TriageWaitMeanH, Metric::ProductUtilMax] {
            assert_eq!(
                a.metrics.get(m),
                b.metrics.get(m),
                "trial {t}: {}",
                m.name()
            );
        }
    }
}

// ----- joining and leaving -----

/// "Hire a PO in week 13": it is away until then (the warm-up not counted), and costs
/// only from then on.
///
/// Two structures differ only by a PO who joins in measured week 13 of 26 and holds
/// acceptance, which takes no time here (so it changes no flow: the two structures do
/// the same work in every trial). It is away exactly 13 weeks of the window, 520 hours.
/// `cost_per_item` prorates it by its time on the team, half the window, so in every
/// trial the difference of cost per item is its yearly 100 000 × ½ × 26/52 over the
/// items done, exactly. `net_value_per_week` counts every person whole, as
/// `people_cost_per_year` does (docs/model.md §17.4): with the same value delivered, the
/// hire takes its whole 100 000 / 52 a week off the net value.
#[test]
fn a_person_who_joins_late_is_away_until_then_and_costs_from_then() {
    let base = triage_only(
        "8",
        "weeks = 26\nwarmup_weeks = 4\ntrials = 30\nseed = 4",
        &[("without", "")],
    )
    .replace("accept_share = 0", "accept_share = 0.5");
    let src = format!(
        "{base}\n[work]\nanswer_hours = 0\nrefine_hours = 0\naccept_hours = 0\n\n\
         [costs]\ndev = 150000\npm = 200000\npo = 100000\nvalue = 10\n\n\
         [[structures]]\nname = \"with-hire\"\npeople = [ {{ role = \"pm\", count = 1, duties = [\"triage\"] }}, \
         {{ role = \"po\", count = 1, duties = [\"accept\"], from_week = 13 }} ]\n"
    );
    let sc = scenario(&src, "hire");
    let without = run(&sc, "without", sc.run.trials);
    let with_hire = run(&sc, "with-hire", sc.run.trials);
    for (t, (a, b)) in without.iter().zip(&with_hire).enumerate() {
        let away = activity_hours(b, "po-1", "away");
        assert!(close(away, 520.0), "trial {t}: the hire is away {away} h");
        let done = a.metrics.get(Metric::ThroughputPerWeek) * 26.0;
        assert_eq!(done, b.metrics.get(Metric::ThroughputPerWeek) * 26.0);
        let extra = b.metrics.get(Metric::CostPerItem) - a.metrics.get(Metric::CostPerItem);
        let expected = 100_000.0 * 0.5 * 26.0 / 52.0 / done;
        assert!(
            (extra - expected).abs() <= 1e-6 * expected,
            "trial {t}: the hire adds {extra} per item, expected {expected}"
        );
        let value = a.metrics.get(Metric::ValuePerWeek);
        assert!(value > 0.0, "trial {t}: no value delivered");
        assert_eq!(value, b.metrics.get(Metric::ValuePerWeek));
        let less = a.metrics.get(Metric::NetValuePerWeek) - b.metrics.get(Metric::NetValuePerWeek);
        let whole = 100_000.0 / 52.0;
        assert!(
            (less - whole).abs() <= 1e-9 * whole.max(10.0 * value),
            "trial {t}: the hire takes {less} a week off the net value, expected {whole}"
        );
    }
}

/// A new person's hours fall from twice the drawn ones to the drawn ones over its ramp,
/// and a person who leaves is away from then on.
///
/// One triager joins at measured week 0 (no warm-up) with `ramp_weeks = 8`, over an
/// 8-week window T = 320 h; requests arrive at λ = 2 a week (0.05 an hour) and each
/// triage takes 1 drawn hour. A triage started at time t takes 2 − t/T hours, and at
/// this load it starts about when its request arrives, so the triage hours of the
/// window are λ ∫₀ᵀ (2 − t/T) dt = 1.5 λT = 24 hours (16 without the ramp). Their
/// per-trial sd is √(λ ∫ (2 − t/T)² dt) = √(λT · 7/3) ≈ 6.1 h, so 400 trials give a
/// standard error near 0.3 h. Allowance 0.1 h: a triage cut by the window's end, and
/// the few minutes of queueing that make a triage start a little later (and shorter).
///
/// The leaver (`until_week = 6`) is away the window's last 2 weeks, exactly 80 hours.
#[test]
fn a_new_person_ramps_up_and_a_leaver_is_away_from_its_last_week() {
    let src = triage_only(
        "2",
        "weeks = 8\nwarmup_weeks = 0\ntrials = 400\nseed = 21",
        &[
            ("ramp", ", from_week = 0, ramp_weeks = 8"),
            ("steady", ""),
            ("leaver", ", until_week = 6"),
        ],
    )
    .replace("{ dist = \"exp\", mean = 1 }", "1");
    let sc = scenario(&src, "ramp");
    let triage = |name: &str| {
        let hours: Vec<f64> = run(&sc, name, sc.run.trials)
            .iter()
            .map(|r| activity_hours(r, "pm-1", "triage"))
            .collect();
        Estimate::of(name, &hours)
    };
    assert_matches("ramping triager's hours", triage("ramp"), 24.0, 0.1);
    assert_matches("steady triager's hours", triage("steady"), 16.0, 0.1);
    for (t, r) in run(&sc, "leaver", 20).iter().enumerate() {
        let away = activity_hours(r, "pm-1", "away");
        assert!(close(away, 80.0), "trial {t}: the leaver is away {away} h");
    }
}

// ----- other recurring work -----

/// Other recurring work is one block a week, booked as `other`, and not given in
/// absent weeks.
///
/// The PM has 6 hours of other work a week at the top priority, and 2 hours of triage
/// a week besides: each week's block is done within its week. Over the first year (no
/// warm-up) it is there 52 − 10 = 42 weeks, so its other work is exactly 6 × 42 = 252
/// hours in every trial; without absences it would be 312. Busy hours count it, and
/// the year's 2 × 52 = 104 hours of triage are all done in the weeks it is there: its
/// utilisation over its time at work is (252 + 104) / (42 × 40) = 0.2119 (edge
/// allowance 0.005: an absence in the last weeks leaves a few hours of triage undone).
#[test]
fn other_work_is_a_weekly_block_skipped_in_absent_weeks() {
    let src = triage_only(
        "2",
        "weeks = 52\nwarmup_weeks = 0\ntrials = 100\nseed = 9",
        &[(
            "solo",
            ", other_hours_per_week = 6, absence_weeks_per_year = 10",
        )],
    );
    let sc = scenario(&src, "other_work");
    let results = run(&sc, "solo", sc.run.trials);
    for (t, r) in results.iter().enumerate() {
        let other = activity_hours(r, "pm-1", "other");
        assert!(close(other, 252.0), "trial {t}: other work {other} h");
    }
    let util = Estimate::metric(&results, Metric::ProductUtilMax);
    assert_matches(
        "PM with other work: utilisation",
        util,
        356.0 / 1680.0,
        0.005,
    );
    assert!(metric(&results, Metric::ProductUtilMax)
        .iter()
        .all(|u| u.is_finite()));
}

// ----- joint ceremonies -----

/// A holder of k squads' ceremonies holds one joint block of h + (k − 1) × extra hours.
///
/// Ceremonies of h = 3 hours a week, extra 1 hour per further squad, and nothing else
/// to do (an unlimited backlog whose questions and acceptance take no product time),
/// over 20 measured weeks:
/// - one PM-PO for 4 squads, per squad: 4 blocks, 12 hours a week, 240 in the window;
/// - the same, joint: one block of 3 + 3 × 1 = 6 hours, 120 in the window;
/// - a pool of two for 3 squads, joint: squad 0 goes to po-1 (both hold none), squad 1
///   to po-2 (fewer), squad 2 to po-1 (a tie, the first listed): blocks of 3 + 1 = 4
///   and 3 hours a week, 80 and 60 in the window;
/// - the pool again, po-1 absent 10 weeks a year with no warm-up and 52 weeks
///   measured: its own block is not given in those weeks (4 × 42 = 168 hours) and
///   po-2 keeps its 3 × 52 = 156.
///
/// Every block is done within its week, so the hours are exact in every trial.
#[test]
fn a_joint_ceremony_is_one_block_per_holder() {
    let src = r#"
[run]
weeks = 20
warmup_weeks = 2
trials = 10
seed = 2

[team]
squads = 4

[work]
unlimited_backlog = true
answer_hours = 0
ceremony_hours_per_week = 3

[[structures]]
name = "per-squad"
people = [ { role = "pm-po", count = 1, duties = ["ceremony"] } ]

[[structures]]
name = "joint"
work = { ceremonies = "joint" }
people = [ { role = "pm-po", count = 1, duties = ["ceremony"] } ]

[[structures]]
name = "pool"
team = { squads = 3 }
work = { ceremonies = "joint" }
people = [ { role = "po", count = 2, duties = ["ceremony"] } ]
"#;
    let sc = scenario(src, "joint_ceremonies");
    for (name, person, weekly) in [
        ("per-squad", "pm-po-1", 12.0),
        ("joint", "pm-po-1", 6.0),
        ("pool", "po-1", 4.0),
        ("pool", "po-2", 3.0),
    ] {
        for (t, r) in run(&sc, name, sc.run.trials).iter().enumerate() {
            let hours = activity_hours(r, person, "ceremony");
            assert!(
                close(hours, weekly * 20.0),
                "{name}, trial {t}: {person} holds {hours} h of ceremonies, expected {}",
                weekly * 20.0
            );
        }
    }
    let absent = src
        .replace(
            "weeks = 20\nwarmup_weeks = 2",
            "weeks = 52\nwarmup_weeks = 0",
        )
        .replace(
            "{ role = \"po\", count = 2, duties = [\"ceremony\"] }",
            "{ role = \"po\", count = 1, duties = [\"ceremony\"], absence_weeks_per_year = 10 }, \
             { role = \"po\", count = 1, duties = [\"ceremony\"] }",
        );
    let sc = scenario(&absent, "joint_ceremonies_absent");
    for (t, r) in run(&sc, "pool", sc.run.trials).iter().enumerate() {
        let (first, second) = (
            activity_hours(r, "po-1", "ceremony"),
            activity_hours(r, "po-2", "ceremony"),
        );
        assert!(
            close(first, 168.0) && close(second, 156.0),
            "trial {t}: po-1 holds {first} h, po-2 {second} h; expected 168 and 156"
        );
    }
}

// ----- the file -----

/// The new keys' mistakes are reported where they are written.
#[test]
fn mistakes_in_the_new_keys_are_located() {
    let src = r#"
[team]
dev_absence_weeks_per_year = 60

[[stakeholders]]
name = "sales"
requests_per_week = { from_week = [1, 0, 3], per_week = [4], repeat_weeks = 2 }

[[stakeholders]]
name = "support"
requests_per_week = { per_week = [4] }

[[structures]]
name = "s"
people = [ { role = "pm", count = 1, duties = ["triage", "answer", "refine"], availability = 0, pattern = "hourly", from_week = 5, until_week = 5 } ]
"#;
    let errors = match load_str(src, &fixture_dir("people").join("mistakes.toml")) {
        Ok(_) => panic!("the file should be refused"),
        Err(e) => e,
    };
    let report = errors.render();
    let expect = |field: &str, line: usize, words: &str| {
        assert!(
            errors
                .errors
                .iter()
                .any(|e| e.field == field && e.line == line && e.message.contains(words)),
            "no error of {field} at line {line} with {words:?} in:\n{report}"
        );
    };
    expect(
        "team.dev_absence_weeks_per_year",
        3,
        "between 0 and 52, got 60",
    );
    let schedule = "stakeholders[0].requests_per_week";
    expect(&format!("{schedule}.from_week[0]"), 7, "starts at week 0");
    expect(&format!("{schedule}.from_week[1]"), 7, "must increase");
    expect(
        &format!("{schedule}.per_week"),
        7,
        "one rate for each from_week",
    );
    expect(
        &format!("{schedule}.repeat_weeks"),
        7,
        "after the last from_week",
    );
    expect(
        "stakeholders[1].requests_per_week",
        11,
        "needs `from_week` and `per_week`",
    );
    let person = "structures[0].people[0]";
    expect(&format!("{person}.availability"), 15, "greater than 0");
    expect(&format!("{person}.pattern"), 15, "\"daily\" or \"weekly\"");
    expect(&format!("{person}.until_week"), 15, "after from_week (5)");
}

/// "Hire a PM or a PO next?" is a sweep: a structure's people entry is reached by
/// its position, its count and its availability set at each point, and a swept value
/// out of bounds or a path the file cannot take is reported where it is written.
#[test]
fn a_sweep_sets_a_people_entrys_count_and_availability() {
    let src = r#"
[[stakeholders]]
name = "sales"
requests_per_week = 4

[[structures]]
name = "hire"
people = [
  { role = "pm", count = 1, duties = ["triage", "escalation"] },
  { role = "po", count = 1, duties = ["answer", "refine", "accept", "ceremony"] },
]

[sweep]
"structures.hire.people[0].count" = [1, 2]
structures.hire.people.1.availability = [0.5, 1]
"#;
    let path = fixture_dir("people").join("hire.toml");
    let points = load_str(src, &path).unwrap_or_else(|e| panic!("{}", e.render()));
    let staffed: Vec<(u32, u32, f64)> = points
        .iter()
        .map(|p| {
            let people = &p.structures[0].people;
            let squads = p.structures[0].team.squads;
            let heads = |i: usize| people[i].staffing.heads(squads);
            (heads(0), heads(1), people[1].time.availability)
        })
        .collect();
    assert_eq!(
        staffed,
        [(1, 1, 0.5), (1, 1, 1.0), (2, 1, 0.5), (2, 1, 1.0)]
    );

    let refused = |src: &str| match load_str(src, &path) {
        Ok(_) => panic!("the file should be refused:\n{src}"),
        Err(e) => e,
    };
    let too_much = refused(&src.replace("[0.5, 1]", "[0.5, 1.5]"));
    let line = src.lines().count();
    assert_eq!(too_much.errors.len(), 1, "{}", too_much.render());
    let error = &too_much.errors[0];
    assert_eq!(
        (error.line, error.column),
        (
            line,
            "structures.hire.people.1.availability = [0.5, ".len() + 1
        )
    );
    assert!(
        error
            .message
            .contains("structures.hire.people[1].availability = 1.5"),
        "{}",
        error.message
    );

    let missing = refused(&src.replace("people[0].count", "people[2].count"));
    assert_eq!(
        missing.errors[0].field,
        "sweep.structures.hire.people[2].count"
    );
    assert_eq!(missing.errors[0].line, line - 1);
    assert!(
        missing.errors[0].message.contains("there is no people[2]"),
        "{}",
        missing.render()
    );
}

// ----- every combination -----

/// One combination of the keys of docs/model.md §17, drawn by proptest.
#[derive(Debug, Clone)]
struct TimeSetup {
    availability: f64,
    weekly: bool,
    absences: u32,
    dev_absences: u32,
    joins: Option<i64>,
    leaves: Option<i64>,
    ramp: f64,
    other: f64,
    joint: bool,
    schedule: bool,
    preempt: bool,
    pool: bool,
}

fn time_setup() -> impl Strategy<Value = TimeSetup> {
    (
        (
            prop_oneof![Just(1.0), Just(0.5), Just(0.3)],
            any::<bool>(),
            prop_oneof![Just(0u32), Just(4), Just(20)],
            prop_oneof![Just(0u32), Just(6), Just(20)],
        ),
        (
            prop_oneof![Just(None), Just(Some(-1i64)), Just(Some(2))],
            prop_oneof![Just(None), Just(Some(5i64))],
            prop_oneof![Just(0.0), Just(3.0)],
            prop_oneof![Just(0.0), Just(10.0)],
        ),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (availability, weekly, absences, dev_absences),
                (joins, leaves, ramp, other),
                (joint, schedule, preempt, pool),
            )| TimeSetup {
                availability,
                weekly,
                absences,
                dev_absences,
                joins,
                leaves,
                ramp,
                other,
                joint,
                schedule,
                preempt,
                pool,
            },
        )
}

/// The scenario of a setup: a PM with the team-wide duties and the setup's time keys,
/// and POs (a pool, or one per squad) with the squad duties, half of them with the
/// same keys.
fn time_scenario(s: &TimeSetup) -> String {
    let mut keys = format!(
        ", availability = {}, pattern = \"{}\", absence_weeks_per_year = {}, ramp_weeks = {}, other_hours_per_week = {}",
        s.availability,
        if s.weekly { "weekly" } else { "daily" },
        s.absences,
        s.ramp,
        s.other
    );
    if let Some(w) = s.joins {
        keys.push_str(&format!(", from_week = {w}"));
    }
    if let Some(w) = s.leaves {
        keys.push_str(&format!(", until_week = {w}"));
    }
    let rate = if s.schedule {
        "{ from_week = [0, 2, 3], per_week = [12, 30, 0], repeat_weeks = 4 }"
    } else {
        "12"
    };
    format!(
        r#"
[run]
weeks = 8
warmup_weeks = 2
trials = 1
seed = 6
[team]
squads = 3
devs_per_squad = 2
dev_absence_weeks_per_year = {dev_absences}
[work]
item_effort_hours = {{ dist = "exp", mean = 6 }}
question_every_hours = {{ dist = "exp", mean = 3 }}
answer_hours = {{ dist = "exp", mean = 0.5 }}
escalation_share = 0.3
refine_hours = {{ dist = "exp", mean = 1 }}
accept_hours = 0.5
resume_hours = 0.25
ceremony_hours_per_week = 4
ceremonies = "{ceremonies}"
[discovery]
target_share = 0.2
[[stakeholders]]
name = "sales"
requests_per_week = {rate}
accept_share = 0.5
[[structures]]
name = "s"
preempt = {preempt}
switch_hours = 0.25
people = [
  {{ role = "pm", count = 1, duties = ["triage", "discovery", "escalation"]{keys} }},
  {{ role = "po", {staffing}, duties = ["answer", "refine", "accept", "ceremony"]{keys} }},
  {{ role = "po", count = 1, duties = ["answer", "refine", "accept", "ceremony"] }},
]
"#,
        dev_absences = s.dev_absences,
        ceremonies = if s.joint { "joint" } else { "per_squad" },
        preempt = s.preempt,
        staffing = if s.pool { "count = 2" } else { "per_squad = 1" },
    )
}

proptest! {
    // A fixed seed: the same cases on every run.
    #![proptest_config(ProptestConfig {
        cases: 128,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261201),
        ..ProptestConfig::default()
    })]

    /// Whoever is away when, a trial runs to its end and its books balance: nothing is
    /// lost, every person's hours (away included) fill the window, every developer's
    /// hours present and away fill it, and every metric is empty or a finite number
    /// in its unit's range.
    #[test]
    fn every_combination_of_time_keys_balances_its_books(s in time_setup()) {
        let src = time_scenario(&s);
        let points = load_str(&src, std::path::Path::new("time.toml")).unwrap_or_else(|e| {
            panic!("the generated scenario should be valid:\n{}\n{src}", e.render())
        });
        let r = run_trial(&points[0], 0, 0);
        let l = &r.ledger;
        prop_assert_eq!(l.items_arrived, l.items_done + l.items_in_progress + l.items_waiting);
        prop_assert_eq!(
            l.requests_arrived,
            l.requests_accepted + l.requests_rejected + l.requests_waiting + l.requests_in_triage
        );
        let window = l.window_hours;
        for (p, hours) in l.person_hours.iter().enumerate() {
            let total: f64 = hours.iter().sum();
            prop_assert!(hours.iter().all(|h| *h >= -1e-9), "person {} books {:?}", p, hours);
            prop_assert!((total - window).abs() < 1e-6 * window, "person {} books {} h", p, total);
        }
        for (d, hours) in l.dev_hours.iter().enumerate() {
            let away = l.dev_away_hours.get(d).copied().unwrap_or(0.0);
            let total: f64 = hours.iter().sum::<f64>() + away;
            prop_assert!(hours.iter().all(|h| *h >= -1e-9), "developer {} books {:?}", d, hours);
            prop_assert!((total - window).abs() < 1e-6 * window, "developer {} books {} h", d, total);
        }
        let shares = r.metrics.get(Metric::DevWorkingShare)
            + r.metrics.get(Metric::DevBlockedShare)
            + r.metrics.get(Metric::DevStarvedShare);
        prop_assert!(shares.is_nan() || (shares - 1.0).abs() < 1e-9, "developer shares {}", shares);
        for m in Metric::ALL {
            let v = r.metrics.get(m);
            // A queue's growth may be negative (a queue that drains), and net value
            // too (a team that costs more than it delivers); shares stay in [0, 1].
            let may_be_negative = matches!(m.unit(), Unit::Ratio | Unit::Money);
            let in_range = match m.unit() {
                Unit::Share => (0.0..=1.0).contains(&v),
                _ => may_be_negative || v >= 0.0,
            };
            prop_assert!(v.is_nan() || (v.is_finite() && in_range), "{} = {}", m.name(), v);
        }
    }
}
