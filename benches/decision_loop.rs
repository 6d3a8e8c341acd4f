//! orgsim against the limit: one trial of the decision loop (M/M/2//12, 8,400
//! simulated hours, `common::hand_loop::Repairman::ISSUE`) run by orgsim's general
//! engine and by a loop written by hand for that one model (`common::hand_loop`), in
//! one criterion run, so that the ratio of the two medians is measured under the same
//! load of the machine.
//!
//! - `orgsim`: `run_trial` on the scenario the hand loop writes for itself, the whole
//!   trial (setup, events, metrics, the rows per person);
//! - `hand-loop`: the loop, a std `BinaryHeap` and ChaCha8 (orgsim's generator too),
//!   the reference of the ratio.
//!
//! On a machine shared with other work the two medians move apart from run to run
//! (by up to a quarter here), since each is measured over its own few seconds. So after
//! criterion the bench also times the two in pairs, one trial of each back to back,
//! and prints the quartiles of the per-pair ratio: a burst of other work then slows
//! both sides of the pairs it falls on, and the ratio stays.
//!
//! Each iteration runs the next trial index (the next seed), cycling over `TRIALS`.

mod common;

use common::hand_loop::{self, Repairman};
use criterion::{criterion_group, Criterion};
use orgsim::model::run_trial;
use orgsim::scenario::{load_str, Scenario};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Trial indices (and hand-loop seeds) each bench cycles through.
const TRIALS: u32 = 32;

/// The hand loop's model as the orgsim scenario both measurements run.
fn scenario(model: &Repairman) -> Scenario {
    load_str(
        &model.scenario(TRIALS, 1),
        Path::new("hand-loop-repairman.toml"),
    )
    .unwrap_or_else(|e| panic!("the bench's scenario was refused: {e:?}"))
    .swap_remove(0)
}

fn limit(c: &mut Criterion) {
    let model = Repairman::ISSUE;
    let scenario = scenario(&model);

    let mut group = c.benchmark_group("decision-loop-limit");
    let mut trial = 0;
    group.bench_function("orgsim", |b| {
        b.iter(|| {
            trial = (trial + 1) % TRIALS;
            black_box(run_trial(black_box(&scenario), 0, trial))
        })
    });
    let mut seed = 0;
    group.bench_function("hand-loop", |b| {
        b.iter(|| {
            seed = (seed + 1) % u64::from(TRIALS);
            black_box(hand_loop::run::<ChaCha8Rng>(black_box(&model), seed))
        })
    });
    group.finish();
}

fn config() -> Criterion {
    // Modest times: the machine is shared; see benches/RESULTS.md for the noise.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(30)
}

/// Pairs timed for the ratio: about a second of work on this machine.
const PAIRS: u32 = 400;

/// Times one orgsim trial and one hand-loop trial back to back, `PAIRS` times (which one
/// goes first alternates), and prints the quartiles of orgsim's time over the loop's.
fn paired_ratio() {
    let model = Repairman::ISSUE;
    let scenario = scenario(&model);
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let mut ratios = Vec::with_capacity(PAIRS as usize);
    for pair in 0..PAIRS {
        let trial = pair % TRIALS;
        let mut engine = || {
            black_box(run_trial(black_box(&scenario), 0, trial));
        };
        let mut hand = || {
            black_box(hand_loop::run::<ChaCha8Rng>(
                black_box(&model),
                u64::from(trial),
            ));
        };
        let (orgsim, loop_time) = if pair % 2 == 0 {
            let a = time(&mut engine);
            (a, time(&mut hand))
        } else {
            let b = time(&mut hand);
            (time(&mut engine), b)
        };
        ratios.push(orgsim / loop_time);
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    println!(
        "decision-loop-limit/paired: orgsim's time over the hand loop's, {PAIRS} pairs: \
         quartiles {:.3} {:.3} {:.3} (orgsim at {:.2} of the loop's speed, median)",
        at(0.25),
        at(0.5),
        at(0.75),
        1.0 / at(0.5)
    );
}

criterion_group! {
    name = benches;
    config = config();
    targets = limit
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only when benchmarking (`cargo bench`), not when `cargo test` runs the bench once.
    if std::env::args().any(|arg| arg == "--bench") {
        paired_ratio();
    }
}
