//! No heap allocation per event in the steady state: a trial of 104 weeks allocates
//! (almost) exactly as often as the same trial of 26 weeks.
//!
//! A counting global allocator counts the allocations and reallocations made by the
//! current thread. It serves the whole test binary, but a trial runs on its caller's
//! thread and the other tests run on other threads, so they do not touch these counts.
//! Four times the simulated time means about four times the events, tens of thousands
//! more; what may legitimately grow is only the amortised growth of buffers that hold
//! more when the run is longer (the decision latencies and lead times kept for
//! percentiles, a task queue that grows without bound in an overloaded structure). A
//! `Vec` doubles its capacity when full, so holding four times as much costs it at most
//! ⌈log2 4⌉ + 1 = 3 more reallocations (the +1 for where the two runs' lengths fall
//! between powers of two). The bound is therefore 3 per growable buffer of a trial, and
//! a trial has at most [`growable_buffers`] of them.
//!
//! When the test fails, run it with `ORGSIM_ALLOC_BACKTRACE=1` (and `--nocapture`) to
//! print the call sites that allocate during the long trial, most frequent first.

use crate::support::{load, only_point, shipped_dir};
use orgsim::dist::Dist;
use orgsim::model::run_trial;
use orgsim::scenario::{Duty, Scenario, Staffing, WhileBlocked};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Counts every allocation of the current thread, then defers to the system allocator.
struct Counting;

thread_local! {
    /// Allocations and reallocations made by this thread.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    /// Whether to capture a backtrace at each allocation (the diagnostic mode).
    static TRACING: Cell<bool> = const { Cell::new(false) };
    /// Set while a backtrace is being taken, whose own allocations are not traced.
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
    /// Captured backtraces, formatted later.
    static TRACES: RefCell<Vec<std::backtrace::Backtrace>> = const { RefCell::new(Vec::new()) };
}

impl Counting {
    fn count() {
        // `try_with`: during thread teardown the cells may already be gone.
        if IN_HOOK.try_with(Cell::get).unwrap_or(true) {
            return; // the backtrace's own allocations are not the model's
        }
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        if TRACING.try_with(Cell::get).unwrap_or(false) {
            IN_HOOK.with(|h| h.set(true));
            let trace = std::backtrace::Backtrace::force_capture();
            TRACES.with(|t| t.borrow_mut().push(trace));
            IN_HOOK.with(|h| h.set(false));
        }
    }
}

// SAFETY: every call is forwarded unchanged to `System`; counting touches only
// thread-local cells with constant initialisers, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Counting::count();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Counting::count();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Counting::count();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The one point of a shipped scenario, `scenarios/{name}.toml`.
fn shipped(name: &str) -> Scenario {
    only_point(load(&shipped_dir().join(format!("{name}.toml"))), name)
}

/// `base` with `weeks` measured weeks (warm-up unchanged).
fn with_weeks(base: &Scenario, weeks: u32) -> Scenario {
    let mut sc = base.clone();
    sc.run.weeks = weeks;
    sc
}

/// Allocations this thread makes while running one trial.
fn allocations_of(sc: &Scenario, structure: usize, trial: u32) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    let result = run_trial(sc, structure, trial);
    let after = ALLOCATIONS.with(Cell::get);
    drop(result);
    after - before
}

/// An upper bound on the buffers of one trial that may grow with its length: per
/// squad, its five task queues (escalation, answer, refine, accept, ceremony) and its
/// two backlogs; per product person, a discovery queue; and, once per trial, the
/// triage queue, the pending-event set, the request and item arenas with their free
/// lists, and the latencies and lead times kept for percentiles.
fn growable_buffers(sc: &Scenario, structure: usize) -> u64 {
    let st = &sc.structures[structure];
    let squads = u64::from(st.team.squads);
    let people: u64 = st
        .people
        .iter()
        .map(|g| match g.staffing {
            Staffing::Count(n) => u64::from(n),
            Staffing::PerSquad(k) => u64::from(k) * squads,
            Staffing::SquadsEach(m) => squads.div_ceil(u64::from(m)),
        })
        .sum();
    7 * squads + people + 1 + 1 + 4 + 2
}

/// Runs trial 0 of `structure` at 26 and at 104 measured weeks and checks that the
/// longer one allocates no more than amortised buffer growth allows.
fn check_flat(name: &str, structure: usize) {
    check_flat_scenario(&shipped(name), name, structure);
}

/// [`check_flat`] for a scenario point, named `name` in messages.
fn check_flat_scenario(base: &Scenario, name: &str, structure: usize) {
    let short = with_weeks(base, 26);
    let long = with_weeks(base, 104);
    let label = format!("{name}/{}", base.structures[structure].name);

    // Anything done once per process (lazy statics, thread-locals) happens here.
    allocations_of(&short, structure, 0);

    let a_short = allocations_of(&short, structure, 0);
    let a_long = if std::env::var_os("ORGSIM_ALLOC_BACKTRACE").is_some() {
        traced(&long, structure, &label)
    } else {
        allocations_of(&long, structure, 0)
    };
    let events_short = run_trial(&short, structure, 0).ledger.events;
    let events_long = run_trial(&long, structure, 0).ledger.events;
    let extra_events = events_long - events_short;
    let bound = 3 * growable_buffers(base, structure);
    let extra = a_long.saturating_sub(a_short);
    println!(
        "{label}: {a_short} allocations at 26 weeks, {a_long} at 104 \
         ({extra} more for {extra_events} more events; bound {bound})"
    );
    assert!(
        extra <= bound,
        "{label}: 104 weeks made {extra} more allocations than 26 weeks, for \
         {extra_events} more events; amortised buffer growth allows at most {bound}. \
         Something allocates per event: rerun with ORGSIM_ALLOC_BACKTRACE=1 --nocapture"
    );
}

/// The diagnostic mode: runs the trial with a backtrace taken at every allocation and
/// prints the call sites in orgsim that allocate, most frequent first.
fn traced(sc: &Scenario, structure: usize, label: &str) -> u64 {
    TRACING.with(|t| t.set(true));
    let n = allocations_of(sc, structure, 0);
    TRACING.with(|t| t.set(false));
    let traces = TRACES.with(|t| std::mem::take(&mut *t.borrow_mut()));
    let mut sites: HashMap<String, u64> = HashMap::new();
    for trace in &traces {
        // The innermost frames of orgsim itself name the call site.
        let text = trace.to_string();
        let site: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("orgsim::") && !l.contains("allocations::"))
            .take(3)
            .map(str::trim)
            .collect();
        *sites.entry(site.join(" <- ")).or_default() += 1;
    }
    let mut sites: Vec<_> = sites.into_iter().collect();
    sites.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    println!("{label}: {n} allocations in the long trial, by call site:");
    for (site, count) in sites.iter().take(15) {
        println!("{count:>8}  {site}");
    }
    n
}

#[test]
fn decision_loop_allocations_do_not_grow_with_simulated_time() {
    let sc = shipped("decision-loop");
    for s in 0..sc.structures.len() {
        check_flat("decision-loop", s);
    }
}

#[test]
fn growth_stage_allocations_do_not_grow_with_simulated_time() {
    let sc = shipped("growth-stage");
    for s in 0..sc.structures.len() {
        check_flat("growth-stage", s);
    }
}

/// The growth stage with every mechanism of how people decide and work switched on
/// (wrong decisions and rework, hand-offs, ageing, developers switching while blocked,
/// a time factor): per-person insight is kept in buckets laid out at the start and each
/// developer's shelf has room for its items from the start, so nothing allocates per
/// event either.
#[test]
fn growth_stage_with_decisions_allocations_do_not_grow_with_simulated_time() {
    let mut sc = shipped("growth-stage");
    for st in &mut sc.structures {
        st.work.wrong_answer_share = 0.5;
        st.work.insight_transfer = 0.5;
        st.work.rework_hours = Dist::exp(2.0).expect("a valid mean");
        st.work.handoff_hours = Dist::exp(0.25).expect("a valid mean");
        st.work.while_blocked = WhileBlocked::Switch;
        st.work.max_items_per_dev = 3;
        st.aging_hours = Some(8.0);
        for entry in &mut st.people {
            entry.time_factor = entry.time_factor.with(Duty::Answer, 1.5);
        }
    }
    for s in 0..sc.structures.len() {
        check_flat_scenario(&sc, "growth-stage with decisions", s);
    }
}

/// The growth stage with its switches, ceremony blocks and discovery sessions of random
/// length: each owner's stream is laid out when the trial starts, so a draw allocates
/// nothing.
#[test]
fn growth_stage_with_drawn_durations_allocations_do_not_grow_with_simulated_time() {
    let mut sc = shipped("growth-stage");
    for st in &mut sc.structures {
        st.switch_hours = Dist::exp(0.25).expect("a valid mean");
        st.work.ceremony_hours_per_week = Dist::uniform(2.0, 6.0).expect("valid bounds");
        if let Some(discovery) = &mut st.discovery {
            discovery.session_hours = Dist::lognormal(1.0, 0.5).expect("valid moments");
        }
    }
    for s in 0..sc.structures.len() {
        check_flat_scenario(&sc, "growth-stage with drawn durations", s);
    }
}
