//! Helpers shared by the benches (and by `tests/allocations.rs`): loading the shipped
//! scenarios, resizing them for the growth curves, and estimating how many events a
//! trial ran from what it reports.
//!
//! Each user needs only part of this module, hence the `dead_code` allowance.
#![allow(dead_code)]

use orgsim::model::TrialResult;
use orgsim::scenario::{load_file, Scenario, Staffing};
use std::path::Path;

/// The first (only) point of a shipped scenario, `scenarios/{name}.toml`.
pub fn shipped(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.toml"));
    let mut points =
        load_file(&path).unwrap_or_else(|e| panic!("{} was refused: {e:?}", path.display()));
    points.swap_remove(0)
}

/// `base` with `weeks` measured weeks (warm-up unchanged).
pub fn with_weeks(base: &Scenario, weeks: u32) -> Scenario {
    let mut sc = base.clone();
    sc.run.weeks = weeks;
    sc
}

/// `base` grown to `squads` squads with everything else in proportion: the
/// stakeholders' request rates, and every pool of product people (a pool of `n` for the
/// base's `b` squads becomes one person per `b / n` squads). The work and the staff
/// per squad stay the same, so that time per trial measures the simulator, not a team
/// drowning in requests or starving for them.
pub fn with_squads(base: &Scenario, squads: u32) -> Scenario {
    let mut sc = base.clone();
    let base_squads = base.structures[0].team.squads;
    for st in &mut sc.structures {
        st.team.squads = squads;
        for group in &mut st.people {
            if let Staffing::Count(n) = group.staffing {
                group.staffing = Staffing::SquadsEach((base_squads / n).max(1));
            }
        }
    }
    for g in &mut sc.stakeholders {
        g.requests_per_week *= f64::from(squads) / f64::from(base_squads);
    }
    sc
}

/// An estimate of the events a trial of structure `structure` popped, from its
/// ledger, counted from time 0 (warm-up included). The model does not count its
/// events; this adds up one event per thing that happened:
///
/// - a request: its arrival, its triage (when triage takes time), its approval delay;
/// - an item: its refinement and its acceptance (when they take time), the end of its
///   effort;
/// - a question (the ledger counts those raised in the window; scaled to the whole
///   run): the question itself, its answer, its escalation (a share), its approval
///   delay and the developer's resume (when they take time);
/// - each week: each squad's ceremony (the event and the task), a discovery week, and
///   the discovery sessions held (from the holders' discovery hours).
///
/// Checked against an exact count from a temporary pop counter in the kernel: within
/// 1% on the shipped scenarios, 7% on an overloaded one (see `benches/RESULTS.md`).
pub fn estimated_events(sc: &Scenario, structure: usize, r: &TrialResult) -> f64 {
    let st = &sc.structures[structure];
    let w = &st.work;
    let l = &r.ledger;
    let took_time = |d: &orgsim::dist::Dist| f64::from(u8::from(!d.is_zero()));
    let total_weeks = f64::from(sc.run.warmup_weeks + sc.run.weeks);
    let whole_run = total_weeks / f64::from(sc.run.weeks);

    let triage = sc
        .stakeholders
        .iter()
        .any(|g| !g.triage_hours.is_zero() && !w.unlimited_backlog);
    let requests = l.requests_arrived as f64
        + f64::from(u8::from(triage)) * (l.requests_accepted + l.requests_rejected) as f64
        + l.requests_accepted as f64 * st.approval.share;

    let pulled = (l.items_done + l.items_in_progress) as f64;
    let refined = l.items_arrived.saturating_sub(l.items_waiting) as f64;
    let items = pulled
        + took_time(&w.refine_hours) * refined * f64::from(u8::from(!w.unlimited_backlog))
        + took_time(&w.accept_hours) * l.items_done as f64;

    let escalated = w.escalation_share * took_time(&w.escalation_hours);
    let per_question = 1.0
        + took_time(&w.answer_hours)
        + escalated * (1.0 + st.approval.share)
        + took_time(&w.resume_hours);
    let questions = l.questions_raised as f64 * whole_run * per_question;

    let squads = f64::from(st.team.squads);
    let ceremonies = if w.ceremony_hours_per_week > 0.0 {
        2.0 * squads * total_weeks
    } else {
        0.0
    };
    let discovery = match &st.discovery {
        Some(d) if d.session_hours > 0.0 && d.target_share > 0.0 => {
            let discovery_column = orgsim::scenario::Duty::Discovery.index();
            let hours: f64 = l.person_hours.iter().map(|h| h[discovery_column]).sum();
            total_weeks + hours * whole_run / d.session_hours
        }
        _ => 0.0,
    };
    requests + items + questions + ceremonies + discovery
}
