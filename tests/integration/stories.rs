//! The shipped scenarios run and tell the story their header comment tells.
//!
//! Each test loads one file of `scenarios/` as a user would, runs [`TRIALS`] trials of
//! every structure (fewer than the file's own count, to keep the suite quick) and
//! checks each claim of the header with 95% confidence intervals that do not overlap
//! (mean ± 1.96·sd/√n per structure), or with paired differences where structures
//! share their random work.

use crate::support::estimate::{assert_ci_below, assert_paired_above, Estimate, SE_FACTOR};
use crate::support::{
    self, activity_hours, busy_share, group_triage_wait, load, metric, shipped_dir, structure,
};
use orgsim::model::{run_trial, Metric, TrialResult};
use orgsim::scenario::Scenario;

/// Trials per structure: enough for intervals far narrower than the differences the
/// stories claim, few enough for the whole file to run in a few seconds.
const TRIALS: u32 = 100;

/// One scenario point, run.
struct Story {
    sc: Scenario,
    results: Vec<Vec<TrialResult>>,
}

impl Story {
    fn run(sc: Scenario) -> Story {
        let n = TRIALS.min(sc.run.trials);
        let results = (0..sc.structures.len())
            .map(|s| (0..n).map(|t| run_trial(&sc, s, t)).collect())
            .collect();
        Story { sc, results }
    }

    /// Where the numbers come from, for failure messages.
    fn label(&self) -> String {
        let sweep: Vec<String> = self
            .sc
            .sweep
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        if sweep.is_empty() {
            self.sc.name.clone()
        } else {
            format!("{} ({})", self.sc.name, sweep.join(", "))
        }
    }

    fn of(&self, structure: &str) -> &[TrialResult] {
        &self.results[support::structure(&self.sc, structure)]
    }

    fn values(&self, structure: &str, m: Metric) -> Vec<f64> {
        metric(self.of(structure), m)
    }

    fn ci(&self, structure: &str, m: Metric) -> Estimate {
        let what = format!("{}: {structure} {}", self.label(), m.name());
        Estimate::of(&what, &self.values(structure, m))
    }

    /// Asserts that `low`'s interval of `m` lies entirely below `high`'s.
    fn below(&self, m: Metric, low: &str, high: &str, why: &str) {
        let (a, b) = (self.ci(low, m), self.ci(high, m));
        assert!(
            a.hi() < b.lo(),
            "{}: {why}: expected {} of {low} below {high}'s, intervals not overlapping; \
             measured {low} {a}, {high} {b}",
            self.label(),
            m.name()
        );
    }

    /// Mean busy share (not idle) of the people whose label starts with `prefix`
    /// ("po-"), per trial.
    fn busy(&self, structure: &str, prefix: &str) -> Vec<f64> {
        self.of(structure)
            .iter()
            .map(|r| {
                let people: Vec<&str> = r
                    .people
                    .iter()
                    .filter(|p| p.person.starts_with(prefix) && p.activity == "idle")
                    .map(|p| p.person.as_str())
                    .collect();
                assert!(!people.is_empty(), "{structure}: nobody named {prefix}…");
                people.iter().map(|p| busy_share(r, p)).sum::<f64>() / people.len() as f64
            })
            .collect()
    }

    /// Per trial, one stakeholder group's triage wait.
    fn group_triage_wait(&self, structure: &str, group: &str) -> Vec<f64> {
        group_triage_wait(self.of(structure), group)
    }
}

/// Loads `scenarios/<file>` and runs every point.
fn story(file: &str) -> Vec<Story> {
    load(&shipped_dir().join(file))
        .into_iter()
        .map(Story::run)
        .collect()
}

fn one(file: &str) -> Story {
    let mut points = story(file);
    assert_eq!(points.len(), 1, "{file} should have one point");
    points.remove(0)
}

/// Target discovery share of a scenario.
fn target(s: &Story) -> f64 {
    s.sc.structures[0]
        .discovery
        .as_ref()
        .expect("a [discovery] table")
        .target_share
}

/// Asserts a mean lies in `[lo, hi]`.
fn assert_between(what: &str, ci: &Estimate, lo: f64, hi: f64) {
    assert!(
        ci.mean >= lo && ci.mean <= hi,
        "{what}: expected a mean between {lo} and {hi}, measured {ci}"
    );
}

// ----- decision-loop -----

/// "The combined person is a single server for 18 developers: waits grow as 1/(1 − ρ)."
#[test]
fn decision_loop_one_answerer_for_three_squads_is_slower() {
    let s = one("decision-loop.toml");
    let why = "one PM-PO answers 18 developers, a PO answers 6";
    s.below(Metric::DecisionWaitMeanH, "separated", "combined", why);
    s.below(Metric::DecisionLatencyMeanH, "separated", "combined", why);
    s.below(Metric::ProductUtilMax, "separated", "combined", why);
}

// ----- early-stage -----

/// "At one squad the combined role's load is about 0.8 … so expect decisions nearly as
/// fast as with a PO and a lower cost per item, but little slack: discovery is the
/// first thing squeezed."
#[test]
fn early_stage_combined_role_is_cheaper_but_squeezes_discovery() {
    let s = one("early-stage.toml");
    s.below(
        Metric::CostPerItem,
        "combined",
        "separated",
        "one salary fewer for about the same items",
    );
    s.below(
        Metric::DiscoveryShare,
        "combined",
        "separated",
        "discovery is the first thing squeezed",
    );
    let separated = s.ci("separated", Metric::DiscoveryShare);
    assert!(
        (separated.mean - target(&s)).abs() < 0.01,
        "early-stage: the separated PM should keep the discovery target {}, measured {separated}",
        target(&s)
    );

    // The load of the header counts the work, not the context switching on top of it.
    let work: Vec<f64> = s
        .of("combined")
        .iter()
        .map(|r| {
            busy_share(r, "pm-po-1")
                - activity_hours(r, "pm-po-1", "switching") / r.ledger.window_hours
        })
        .collect();
    let work = Estimate::of("early-stage: combined work share (busy − switching)", &work);
    assert_between(
        "early-stage: the combined role's load, \"about 0.8\"",
        &work,
        0.7,
        0.9,
    );
    let util = s.ci("combined", Metric::ProductUtilMax);
    assert!(
        util.mean > 0.9,
        "early-stage: with switching the combined role should have little slack, measured {util}"
    );

    // "Nearly as fast": slower, but by well under half.
    let (c, p) = (
        s.ci("combined", Metric::DecisionLatencyMeanH),
        s.ci("separated", Metric::DecisionLatencyMeanH),
    );
    assert!(
        c.mean < 1.5 * p.mean,
        "early-stage: the combined role's decisions should be nearly as fast as a PO's, \
         measured {c} against {p}"
    );
}

// ----- growth-stage -----

/// "One PM-PO for three squads is a single server whose load is well above 1 …
/// developers wait for answers, refinement falls behind and developers starve,
/// discovery is crowded out. A PM with a PO per squad splits the load: each PO at
/// about half … whether it pays back in items done and value delivered."
#[test]
fn growth_stage_separated_roles_pay_back() {
    let s = one("growth-stage.toml");
    let util = s.ci("combined", Metric::ProductUtilMax);
    assert!(
        util.lo() > 0.99,
        "growth-stage: the combined role's load is above 1, so it should be busy all the \
         time, measured product_util_max {util}"
    );
    s.below(
        Metric::DecisionLatencyMeanH,
        "separated",
        "combined",
        "developers wait for answers",
    );
    s.below(
        Metric::DevStarvedShare,
        "separated",
        "combined",
        "refinement falls behind and developers starve",
    );
    s.below(
        Metric::DiscoveryShare,
        "combined",
        "separated",
        "discovery is crowded out",
    );
    let disc = s.ci("combined", Metric::DiscoveryShare);
    assert!(
        disc.hi() < 0.5 * target(&s),
        "growth-stage: the combined role's discovery should fall below half the target \
         {}, measured {disc}",
        target(&s)
    );
    let po = Estimate::of(
        "growth-stage: separated POs' busy share",
        &s.busy("separated", "po-"),
    );
    assert_between("growth-stage: each PO \"at about half\"", &po, 0.4, 0.65);
    s.below(
        Metric::ThroughputPerWeek,
        "combined",
        "separated",
        "pays back in items done",
    );
    s.below(
        Metric::ValuePerWeek,
        "combined",
        "separated",
        "pays back in value delivered",
    );
    s.below(
        Metric::CostPerItem,
        "separated",
        "combined",
        "more per head, less per item",
    );
}

// ----- scale-up -----

/// "At equal money the eight pooled PM-POs answer developers faster and deliver as
/// much, while the separated POs stay far from overload. A PM-PO per squad delivers as
/// much for less, but its discovery falls short of the target. One PO for three
/// squads halves what is done; that PO is busy all the time."
#[test]
fn scale_up_pooled_pm_pos_answer_faster_at_equal_cost() {
    let s = one("scale-up.toml");
    let paired = |a: &str, b: &str, m: Metric| {
        let what = format!("scale-up: {a} − {b}, {}", m.name());
        Estimate::paired(&what, &s.values(a, m), &s.values(b, m))
    };
    // Faster answers: the paired difference of decision latency lies below zero.
    let latency = paired("pooled-pm-pos", "separated", Metric::DecisionLatencyMeanH);
    assert!(latency.hi() < 0.0, "pooled PM-POs answer faster: {latency}");
    // As much delivered: the paired throughput difference's interval lies within the
    // 2% practical margin of the separated mean (the file's `[compare]` default).
    let done = paired("pooled-pm-pos", "separated", Metric::ThroughputPerWeek);
    let margin = 0.02 * s.ci("separated", Metric::ThroughputPerWeek).mean;
    assert!(
        done.lo() > -margin && done.hi() < margin,
        "pooled PM-POs deliver as much as separated, within ±{margin}: {done}"
    );
    s.below(
        Metric::ProductUtilMax,
        "separated",
        "pooled-pm-pos",
        "the separated POs are further from overload",
    );

    // A PM-PO per squad: as much done, less discovery than the target.
    let done = paired("pm-po-per-squad", "separated", Metric::ThroughputPerWeek);
    assert!(
        done.lo() > -margin,
        "a PM-PO per squad delivers at least as much, within ±{margin}: {done}"
    );
    let disc = s.ci("pm-po-per-squad", Metric::DiscoveryShare);
    assert!(
        disc.hi() < target(&s),
        "scale-up: a PM-PO per squad's discovery falls short of the target {}: {disc}",
        target(&s)
    );

    // One PO for three squads: its capacity bounds what is done. Each of the two POs
    // has 40 h a week less 3 × 4 h of ceremonies, and each item takes at least 1.5 h
    // of refinement, 0.5 h of acceptance and 1.5 questions × 0.85 answered by the PO ×
    // 1/6 h: 2.21 h. So at most 2 × 28 / 2.21 = 25.3 items a week, 70% of the
    // separated structure's throughput (demand-bound at about 36); switching squads
    // takes more.
    let (three, sep) = (
        s.ci("po-for-three", Metric::ThroughputPerWeek),
        s.ci("separated", Metric::ThroughputPerWeek),
    );
    let bound = 2.0 * (40.0 - 3.0 * 4.0) / (1.5 + 0.5 + 1.5 * 0.85 / 6.0);
    assert!(
        three.hi() < bound && bound < sep.lo(),
        "scale-up: one PO for three squads does at most {bound:.1} items a week, \
         below separated's: measured {three} against {sep}"
    );
    let busy = Estimate::of(
        "scale-up: po-for-three POs' busy share",
        &s.busy("po-for-three", "po-"),
    );
    assert!(
        busy.lo() > 0.99,
        "scale-up: three squads competing for one PO keep it busy all the time: {busy}"
    );
}

// ----- mature -----

/// "The combined-per-squad structure has more people on discovery, but each of them
/// has the backlog work of a squad first."
#[test]
fn mature_pm_po_per_squad_puts_backlog_work_first() {
    let s = one("mature.toml");
    let holders = |name: &str| -> u32 {
        let st = &s.sc.structures[structure(&s.sc, name)];
        st.people
            .iter()
            .filter(|g| g.duties.contains(orgsim::scenario::Duty::Discovery))
            .map(|g| g.staffing.heads(st.team.squads))
            .sum()
    };
    assert!(
        holders("cpo-pm-po-combined") > holders("cpo-pm-po"),
        "mature: the combined-per-squad structure should have more people on discovery"
    );
    let why = "each PM-PO has a squad's backlog work first";
    s.below(
        Metric::DiscoveryShare,
        "cpo-pm-po-combined",
        "cpo-pm-po",
        why,
    );
    s.below(
        Metric::DecisionLatencyMeanH,
        "cpo-pm-po",
        "cpo-pm-po-combined",
        why,
    );
    s.below(
        Metric::ProductUtilMax,
        "cpo-pm-po",
        "cpo-pm-po-combined",
        why,
    );
}

// ----- po-as-ticket-admin -----

/// "Backlog work … always has a better priority than discovery, so customer interviews
/// are postponed week after week: the PO becomes a ticket administrator and triage
/// works from guesses."
#[test]
fn po_as_ticket_admin_crowds_out_discovery() {
    let s = one("po-as-ticket-admin.toml");
    let half = 0.5 * target(&s);
    let all = s.ci("po-does-all", Metric::DiscoveryShare);
    assert!(
        all.hi() < half,
        "po-as-ticket-admin: po-does-all should keep under half the discovery target \
         ({half}), measured {all}"
    );
    let pm = s.ci("pm-owns-discovery", Metric::DiscoveryShare);
    assert!(
        pm.lo() > half,
        "po-as-ticket-admin: a PM who owns discovery should keep over half the target \
         ({half}), measured {pm}"
    );
    s.below(
        Metric::DiscoveryPostponed,
        "pm-owns-discovery",
        "po-does-all",
        "interviews are postponed week after week",
    );
    s.below(
        Metric::ValuePerWeek,
        "po-does-all",
        "pm-owns-discovery",
        "triage works from guesses",
    );
    // "A fourth PO gives back most of the discovery target and as much value as the
    // PM does … Only the PM keeps the whole target."
    let four = s.ci("four-pos-do-all", Metric::DiscoveryShare);
    assert!(
        four.lo() > half && four.hi() < pm.lo(),
        "po-as-ticket-admin: four POs who do everything should keep over half the \
         target ({half}) and less than the PM: measured {four} against {pm}"
    );
    let value = |st: &str| s.values(st, Metric::ValuePerWeek);
    let d = Estimate::paired(
        "po-as-ticket-admin: value, four-pos-do-all − pm-owns-discovery",
        &value("four-pos-do-all"),
        &value("pm-owns-discovery"),
    );
    let margin = 0.02 * s.ci("pm-owns-discovery", Metric::ValuePerWeek).mean;
    assert!(
        d.lo() > -margin && d.hi() < margin,
        "po-as-ticket-admin: four POs deliver as much value as the PM's team, within \
         ±{margin}: {d}"
    );
}

// ----- responsibility-without-authority -----

/// "Half of the escalated decisions and half of the accepted requests wait two working
/// days on average … The developers' decision latency tail (p90, p99) and the lead
/// time show the price." The sign-off adds escalation_share × share × E[delay] =
/// 0.15 × 0.5 × 16 = 1.2 h to the mean latency (a pure delay, no queue).
#[test]
fn responsibility_without_authority_shows_in_the_tail() {
    let s = one("responsibility-without-authority.toml");
    for m in [
        Metric::DecisionLatencyP90H,
        Metric::DecisionLatencyP99H,
        Metric::LeadTimeMeanH,
    ] {
        s.below(
            m,
            "with-authority",
            "no-authority",
            "decisions wait for sign-off",
        );
    }
    let d = Estimate::paired(
        "responsibility-without-authority: latency, no-authority − with-authority",
        &s.values("no-authority", Metric::DecisionLatencyMeanH),
        &s.values("with-authority", Metric::DecisionLatencyMeanH),
    );
    assert_between(
        "responsibility-without-authority: added mean latency, ≈ 1.2 h",
        &d,
        0.9,
        1.5,
    );
}

// ----- loudest-voice -----

/// "The loud group's requests are triaged sooner in every structure. Where triage is
/// one duty among many of people with time to spare, the others hardly notice. Where
/// one person holds every duty, triage at priority 1 also goes ahead of the answers
/// developers wait for, so their decisions get slower." The sweep's two points run
/// the same random work (same seed, same trial numbers), so they pair.
#[test]
fn loudest_voice_jumps_the_queue_and_slows_a_combined_role() {
    let points = story("loudest-voice.toml");
    let priority = |s: &Story| {
        let group = s.sc.stakeholders.iter().find(|g| g.name == "leadership");
        group.expect("a leadership group").priority
    };
    let (quiet, loud) = match &points[..] {
        [a, b] if priority(a) == Some(4) && priority(b) == Some(1) => (a, b),
        _ => panic!("loudest-voice should sweep leadership's priority over [4, 1]"),
    };
    for st in ["separated", "pooled-pm-pos", "combined"] {
        let first = Estimate::of(
            "leadership triage wait",
            &loud.group_triage_wait(st, "leadership"),
        );
        for other in ["sales", "support", "customers"] {
            let rest = Estimate::of("other triage wait", &loud.group_triage_wait(st, other));
            assert_ci_below(
                &format!("loudest-voice, {st}: leadership's triage wait below {other}'s"),
                &first,
                &rest,
            );
        }
    }

    let latency = |story: &Story, st: &str| story.values(st, Metric::DecisionLatencyMeanH);
    let throughput = |story: &Story, st: &str| story.values(st, Metric::ThroughputPerWeek);
    assert_paired_above(
        "loudest-voice, combined: decision latency, loud − quiet leadership",
        &latency(loud, "combined"),
        &latency(quiet, "combined"),
    );
    assert_paired_above(
        "loudest-voice, combined: items per week, quiet − loud leadership",
        &throughput(quiet, "combined"),
        &throughput(loud, "combined"),
    );
    // Whoever triages with time to spare: a question now also waits behind the loud
    // group's triage, but only while one is in progress (5.4 requests a week × 0.25 h
    // of 40 h: 3.4% of the time) and only for its remainder (0.25 h on average, for
    // an exponential triage): under 0.01 h per question, so within ±0.05 h.
    for st in ["separated", "pooled-pm-pos"] {
        let d = Estimate::paired(
            &format!("loudest-voice, {st}: decision latency, loud − quiet leadership"),
            &latency(loud, st),
            &latency(quiet, st),
        );
        assert!(
            d.lo() > -0.05 && d.hi() < 0.05,
            "loudest-voice: with {st} the loud group should not slow the answers, \
             measured a difference of {d} h"
        );
    }
}

// ----- too-many-teams -----

/// "One PO for all squads is one server for ever more developers: its utilisation
/// grows linearly with the squads and the wait for answers as 1/(1 − ρ), so from some
/// team size a PO per squad answers clearly faster."
#[test]
fn too_many_teams_one_po_falls_behind_as_squads_grow() {
    let points = story("too-many-teams.toml");
    let squads: Vec<u32> = points
        .iter()
        .map(|p| p.sc.structures[0].team.squads)
        .collect();
    assert!(
        squads[0] == 1 && squads.windows(2).all(|w| w[0] < w[1]) && squads.len() >= 3,
        "too-many-teams should sweep from 1 squad upwards, got {squads:?}"
    );

    // At one squad one PO for all squads and a PO per squad are the same structure.
    let first = &points[0];
    for (t, (a, b)) in first
        .of("one-po")
        .iter()
        .zip(first.of("po-per-squad"))
        .enumerate()
    {
        assert_eq!(
            format!("{:?}", a.metrics),
            format!("{:?}", b.metrics),
            "too-many-teams at 1 squad, trial {t}: the two structures should be identical"
        );
    }

    let util: Vec<Estimate> = points
        .iter()
        .map(|p| p.ci("one-po", Metric::ProductUtilMax))
        .collect();
    let u1 = util[0].mean;
    let growth = util[1].mean / u1;
    assert!(
        (1.8..=2.4).contains(&growth),
        "too-many-teams: one PO's utilisation should about double from 1 to 2 squads, \
         measured {} and {}",
        util[0],
        util[1]
    );
    for (k, u) in squads.iter().zip(&util) {
        if f64::from(*k) * u1 > 1.0 {
            assert!(
                u.lo() > 0.99,
                "too-many-teams at {k} squads: {k} × {u1:.3} > 1, so one PO should be busy \
                 all the time, measured {u}"
            );
        }
    }

    let latency: Vec<Estimate> = points
        .iter()
        .map(|p| p.ci("one-po", Metric::DecisionLatencyMeanH))
        .collect();
    for w in latency.windows(2) {
        assert_ci_below(
            "too-many-teams: one PO's decision latency grows with every squad",
            &w[0],
            &w[1],
        );
    }
    for (k, p) in squads.iter().zip(&points) {
        let own = p.ci("po-per-squad", Metric::DecisionLatencyMeanH);
        assert!(
            own.mean < 1.2,
            "too-many-teams at {k} squads: a PO per squad serves 6 developers at any size, \
             its latency should stay under 1.2 h, measured {own}"
        );
    }
    // From some size on (and at every larger size) a PO per squad is clearly faster.
    let clearly = |p: &Story| {
        p.ci("po-per-squad", Metric::DecisionLatencyMeanH).hi()
            < p.ci("one-po", Metric::DecisionLatencyMeanH).lo()
    };
    let from = points
        .iter()
        .position(clearly)
        .expect("a PO per squad should answer clearly faster at some size");
    assert!(
        points[from..].iter().all(clearly),
        "too-many-teams: once a PO per squad is clearly faster it should stay so"
    );
    let last = points.last().expect("points");
    last.below(
        Metric::DecisionLatencyMeanH,
        "po-per-squad",
        "one-po",
        "at 8 squads one PO for all is far behind",
    );
}

// ----- when-to-split -----

/// "Expect the separated roles to answer faster at every size, the combined role to
/// keep its discovery at one squad and lose it from two, and the combined role to be
/// cheaper per item at one and two squads and dearer from three."
#[test]
fn when_to_split_cost_crosses_over_at_three_squads() {
    let points = story("when-to-split.toml");
    let at = |squads: u32| {
        points
            .iter()
            .find(|p| p.sc.structures[0].team.squads == squads)
            .unwrap_or_else(|| panic!("when-to-split should sweep through {squads} squads"))
    };
    for p in &points {
        p.below(
            Metric::DecisionLatencyMeanH,
            "separated",
            "combined",
            "two people answer faster than one",
        );
    }
    let target = target(at(1));
    let kept = at(1).ci("combined", Metric::DiscoveryShare);
    assert!(
        (kept.mean - target).abs() < 0.01,
        "when-to-split at 1 squad: the combined role should keep its discovery target {target}, \
         measured {kept}"
    );
    at(2).below(
        Metric::DiscoveryShare,
        "combined",
        "separated",
        "from two squads the combined role loses its discovery",
    );
    for squads in [1, 2] {
        at(squads).below(
            Metric::CostPerItem,
            "combined",
            "separated",
            "one person is cheaper while it keeps up",
        );
    }
    for squads in [3, 4] {
        at(squads).below(
            Metric::CostPerItem,
            "separated",
            "combined",
            "from three squads the combined role's queue starves developers",
        );
    }
}

// ----- combined-or-split -----

/// "Two squads of six and $380K a year for product people, either way … Expect both
/// to keep up with demand and deliver the same value, the PM-POs to be faster … but
/// busier …, and rework to move with the sweep: a PM-PO's wrong answers cost about 2%
/// of developer time at every point, the PO's 13% when a fifth of the insight reaches
/// it and none only when all of it does."
#[test]
fn combined_or_split_at_the_same_money_turns_on_the_insight_that_reaches_the_po() {
    let points = story("combined-or-split.toml");
    let transfer = |p: &Story| p.sc.structures[0].work.insight_transfer;
    assert!(
        points.windows(2).all(|w| transfer(&w[0]) < transfer(&w[1])),
        "combined-or-split should sweep insight_transfer upwards"
    );
    for p in &points {
        let cost: Vec<Option<f64>> =
            p.sc.structures
                .iter()
                .map(|s| s.people_cost_per_year())
                .collect();
        assert_eq!(cost[0], cost[1], "{}: the same money either way", p.label());

        // The same value: the paired difference's 95% interval within ±5% of it.
        let d = Estimate::paired(
            &format!("{}: value, pm-and-po − pm-po-per-squad", p.label()),
            &p.values("pm-and-po", Metric::ValuePerWeek),
            &p.values("pm-po-per-squad", Metric::ValuePerWeek),
        );
        let margin = 0.05 * p.ci("pm-po-per-squad", Metric::ValuePerWeek).mean;
        assert!(
            d.lo() > -margin && d.hi() < margin,
            "{}: both keep up with demand, so the value should be the same within ±{margin:.2}, \
             measured a difference of {d}",
            p.label()
        );
        // Paired: both structures of trial i see the same requests and questions.
        assert_paired_above(
            &format!(
                "{}: lead time, pm-and-po − pm-po-per-squad (two people refine and answer \
                 where one PO serves both squads)",
                p.label()
            ),
            &p.values("pm-and-po", Metric::LeadTimeMeanH),
            &p.values("pm-po-per-squad", Metric::LeadTimeMeanH),
        );
        p.below(
            Metric::ProductUtilMax,
            "pm-and-po",
            "pm-po-per-squad",
            "the PM-POs are busier",
        );
    }

    // A PM-PO decides with its own discovery: the transfer does not reach it, so its
    // trials are the same at every point.
    for p in &points[1..] {
        for (t, (a, b)) in p
            .of("pm-po-per-squad")
            .iter()
            .zip(points[0].of("pm-po-per-squad"))
            .enumerate()
        {
            assert_eq!(
                format!("{:?}", a.metrics),
                format!("{:?}", b.metrics),
                "{}, trial {t}: the PM-POs should not see insight_transfer",
                p.label()
            );
        }
    }
    let own = points[0].ci("pm-po-per-squad", Metric::ReworkShare);
    assert_between(
        "combined-or-split: a PM-PO's rework, about 2%",
        &own,
        0.01,
        0.04,
    );
    let po: Vec<Estimate> = points
        .iter()
        .map(|p| p.ci("pm-and-po", Metric::ReworkShare))
        .collect();
    for w in po.windows(2) {
        assert_ci_below(
            "combined-or-split: the PO's rework falls as more insight reaches it",
            &w[1],
            &w[0],
        );
    }
    assert_between(
        "combined-or-split: the PO's rework with a fifth of the insight, about 13%",
        &po[0],
        0.1,
        0.16,
    );
    assert_ci_below(
        "combined-or-split: with a fifth of the insight the PO reworks more than a PM-PO",
        &own,
        &po[0],
    );
    let last = po.last().expect("points");
    assert!(
        last.mean < 0.005,
        "combined-or-split: with all the insight the PO should hardly rework, measured {last}"
    );
}

// ----- part-time-founder -----

/// "A founder who spends 40% of each day on product … Expect a question asked in the
/// afternoon to wait for the next morning (decision latency in hours, not minutes),
/// refinement to lag so that developers … finish a quarter fewer items, requests to
/// queue for triage without end (not settled), and discovery to vanish; with a PO,
/// answers within the hour, the founder's discovery kept, and a lower cost per item
/// despite the PO's salary."
#[test]
fn part_time_founder_alone_falls_behind_and_a_po_pays_for_itself() {
    let s = one("part-time-founder.toml");
    // Away 60% of the window, to the hour: the daily pattern over whole weeks.
    for r in s.of("founder-alone") {
        let away = activity_hours(r, "founder-1", "away") / r.ledger.window_hours;
        assert!(
            (away - 0.6).abs() < 1e-9,
            "part-time-founder: the founder is away 60% of the week, measured {away}"
        );
    }
    let alone = s.ci("founder-alone", Metric::DecisionLatencyMeanH);
    assert!(
        alone.lo() > 3.0,
        "part-time-founder: alone, answers should take hours, measured {alone}"
    );
    let with_po = s.ci("founder-and-po", Metric::DecisionLatencyMeanH);
    assert!(
        with_po.hi() < 2.0,
        "part-time-founder: with a PO, answers within the hour or two, measured {with_po}"
    );
    let ratio = s.ci("founder-alone", Metric::ThroughputPerWeek).mean
        / s.ci("founder-and-po", Metric::ThroughputPerWeek).mean;
    assert!(
        (0.65..=0.85).contains(&ratio),
        "part-time-founder: alone, about a quarter fewer items, measured a ratio of {ratio:.3}"
    );
    let growing = s
        .values("founder-alone", Metric::TriageQueueGrowth)
        .iter()
        .filter(|&&g| g > s.sc.warnings.queue_growth)
        .count();
    assert!(
        2 * growing > s.of("founder-alone").len(),
        "part-time-founder: alone, the triage queue should keep growing in most trials, \
         it did in {growing}"
    );
    let vanished = s.ci("founder-alone", Metric::DiscoveryShare);
    assert!(
        vanished.hi() < 0.1 * target(&s),
        "part-time-founder: alone, discovery should vanish, measured {vanished}"
    );
    let kept = s.ci("founder-and-po", Metric::DiscoveryShare);
    assert!(
        (kept.mean - target(&s)).abs() < 0.01,
        "part-time-founder: with a PO the founder keeps the target {}, measured {kept}",
        target(&s)
    );
    s.below(
        Metric::CostPerItem,
        "founder-and-po",
        "founder-alone",
        "the PO pays for itself in items done",
    );
}

// ----- seasonal-demand -----

/// "The sweep has these two points, so the difference between them is the push alone
/// … Expect the push to tip the PM-PO over: requests wait twice as long for triage,
/// lead time grows by a fifth …; the split absorbs it with a few hours more lead time
/// and keeps its value delivered."
#[test]
fn seasonal_demand_a_push_tips_the_combined_role_over() {
    let points = story("seasonal-demand.toml");
    assert_eq!(points.len(), 2, "seasonal-demand: evenly, then the push");
    let (even, push) = (&points[0], &points[1]);
    let sales = |p: &Story| {
        let g = &p.sc.stakeholders[0];
        assert_eq!(g.name, "sales");
        (g.requests_per_week, g.schedule.is_some())
    };
    assert_eq!(sales(even), (5.0, false));
    assert_eq!(sales(push), (5.0, true), "the push's mean is the even rate");
    // The same requests a year: 12 a week on average at both points, a Poisson count
    // whose mean each estimate must hold within its standard errors.
    let weeks = f64::from(even.sc.run.weeks);
    for p in &points {
        let arrived = p.ci("combined", Metric::RequestsArrived);
        assert!(
            arrived.within(12.0 * weeks, SE_FACTOR),
            "{}: expected {} requests in the window, measured {arrived}",
            p.label(),
            12.0 * weeks
        );
    }
    // The push, paired trial by trial against the even year.
    let change = |st: &str, m: Metric| {
        Estimate::paired(
            &format!("seasonal-demand: {st} {}, push − even", m.name()),
            &push.values(st, m),
            &even.values(st, m),
        )
    };
    let triage = change("combined", Metric::TriageWaitMeanH);
    let base = even.ci("combined", Metric::TriageWaitMeanH);
    assert!(
        triage.lo() > 0.5 * base.mean,
        "seasonal-demand: the push should make requests wait much longer for the PM-PO's \
         triage, measured {triage} on {base}"
    );
    let lead = change("combined", Metric::LeadTimeMeanH);
    let lead_base = even.ci("combined", Metric::LeadTimeMeanH);
    assert!(
        lead.lo() > 0.1 * lead_base.mean,
        "seasonal-demand: the push should lengthen the PM-PO's lead time by about a fifth, \
         measured {lead} on {lead_base}"
    );
    // Less added lead time for the split, paired trial by trial: trial i of both
    // structures sees the same requests at both points, so the difference of the two
    // changes is measured with the noise they share taken out.
    let added = |st: &str| -> Vec<f64> {
        let (p, e) = (
            push.values(st, Metric::LeadTimeMeanH),
            even.values(st, Metric::LeadTimeMeanH),
        );
        p.iter().zip(&e).map(|(p, e)| p - e).collect()
    };
    let less = Estimate::paired(
        "seasonal-demand: lead time the push adds, separated − combined",
        &added("separated"),
        &added("combined"),
    );
    assert!(
        less.hi() < 0.0,
        "seasonal-demand: the split should absorb the push with less added lead time, \
         measured {less} (combined adds {lead})"
    );
    assert_paired_above(
        "seasonal-demand: value in a push, separated − combined",
        &push.values("separated", Metric::ValuePerWeek),
        &push.values("combined", Metric::ValuePerWeek),
    );
}

// ----- next-hire -----

/// "Expect the floating PO to win up to 6 squads on every count …; from 8 squads the
/// single PM falls behind on discovery and rework grows; at 10 the second PM delivers
/// more and costs less per item, although answers are still faster with the extra
/// PO."
#[test]
fn next_hire_a_po_first_then_a_pm_when_discovery_slips() {
    let points = story("next-hire.toml");
    let at = |squads: u32| {
        points
            .iter()
            .find(|p| p.sc.structures[0].team.squads == squads)
            .unwrap_or_else(|| panic!("next-hire should sweep through {squads} squads"))
    };
    for p in &points {
        p.below(
            Metric::DecisionLatencyMeanH,
            "plus-a-po",
            "plus-a-pm",
            "an extra PO answers faster",
        );
    }
    for squads in [2, 4, 6] {
        let p = at(squads);
        p.below(
            Metric::ThroughputPerWeek,
            "plus-a-pm",
            "plus-a-po",
            "while the PM keeps up, the PO is the hire",
        );
        p.below(
            Metric::CostPerItem,
            "plus-a-po",
            "plus-a-pm",
            "while the PM keeps up, the PO is the hire",
        );
        let kept = p.ci("plus-a-po", Metric::DiscoveryShare);
        assert!(
            (kept.mean - target(p)).abs() < 0.01,
            "{}: one PM keeps its discovery target, measured {kept}",
            p.label()
        );
    }
    for squads in [8, 10] {
        at(squads).below(
            Metric::DiscoveryShare,
            "plus-a-po",
            "plus-a-pm",
            "one PM for this many squads lets discovery slip",
        );
    }
    assert_ci_below(
        "next-hire: with one PM, rework grows from 6 to 10 squads",
        &at(6).ci("plus-a-po", Metric::ReworkShare),
        &at(10).ci("plus-a-po", Metric::ReworkShare),
    );
    let last = at(10);
    last.below(
        Metric::ThroughputPerWeek,
        "plus-a-po",
        "plus-a-pm",
        "at 10 squads the second PM delivers more",
    );
    last.below(
        Metric::CostPerItem,
        "plus-a-pm",
        "plus-a-po",
        "at 10 squads the second PM costs less per item",
    );
}
