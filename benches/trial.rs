//! One trial, on one core: the shipped `decision-loop` (unlimited backlog, nothing but
//! the question/answer loop) and `growth-stage` (the whole flow of work, 52 weeks), each
//! structure on its own; then how time per trial grows with simulated weeks (13, 26,
//! 52, 104) and with squads (1, 4, 16, 64, everything else in proportion, see
//! `common::with_squads`).
//!
//! Each iteration runs the next trial index, cycling over `TRIALS`, so that the figure
//! is a mean over random work and not one lucky draw. The throughput criterion prints
//! is in events per second, from the mean of the exact event counts in those trials'
//! ledgers (`Ledger::events`).

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orgsim::model::run_trial;
use orgsim::scenario::Scenario;
use std::hint::black_box;
use std::time::Duration;

/// Trial indices each bench cycles through.
const TRIALS: u32 = 32;

/// Mean events per trial of `structure` over the trials the bench runs.
fn mean_events(sc: &Scenario, structure: usize) -> u64 {
    let total: u64 = (0..TRIALS)
        .map(|t| run_trial(sc, structure, t).ledger.events)
        .sum();
    total / u64::from(TRIALS)
}

/// Benches one structure of `sc` under `group/id`.
fn bench_trial(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: BenchmarkId,
    sc: &Scenario,
    structure: usize,
) {
    group.throughput(Throughput::Elements(mean_events(sc, structure)));
    let mut trial = 0;
    group.bench_function(id, |b| {
        b.iter(|| {
            trial = (trial + 1) % TRIALS;
            black_box(run_trial(black_box(sc), structure, trial))
        })
    });
}

/// Every structure of the two scenarios the issue names.
fn shipped_trials(c: &mut Criterion) {
    let mut group = c.benchmark_group("trial");
    for name in ["decision-loop", "growth-stage"] {
        let sc = common::shipped(name);
        for (s, st) in sc.structures.iter().enumerate() {
            bench_trial(&mut group, BenchmarkId::new(name, &st.name), &sc, s);
        }
    }
    group.finish();
}

/// Index of the structure named `name`.
fn structure(sc: &Scenario, name: &str) -> usize {
    sc.structures
        .iter()
        .position(|st| st.name == name)
        .unwrap_or_else(|| panic!("{} has no structure {name}", sc.name))
}

/// `growth-stage`, separated structure (the one whose flow of work keeps moving as the
/// organisation grows), against measured weeks and against squads.
fn growth(c: &mut Criterion) {
    let base = common::shipped("growth-stage");
    let s = structure(&base, "separated");

    let mut group = c.benchmark_group("growth-weeks");
    for weeks in [13, 26, 52, 104] {
        let sc = common::with_weeks(&base, weeks);
        bench_trial(&mut group, BenchmarkId::new("separated", weeks), &sc, s);
    }
    group.finish();

    let mut group = c.benchmark_group("growth-squads");
    for squads in [1, 4, 16, 64] {
        let sc = common::with_squads(&base, squads);
        bench_trial(&mut group, BenchmarkId::new("separated", squads), &sc, s);
    }
    group.finish();
}

fn config() -> Criterion {
    // Modest times: the machine is shared; see benches/RESULTS.md for the noise.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = shipped_trials, growth
}
criterion_main!(benches);
