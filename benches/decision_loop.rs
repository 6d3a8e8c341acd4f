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
//! On a machine shared with other work the two medians move apart from run to run;
//! `benches/RESULTS.md` gives the ratio also as CPU times of the two, interleaved.
//!
//! Each iteration runs the next trial index (the next seed), cycling over `TRIALS`.

mod common;

use common::hand_loop::{self, Repairman};
use criterion::{criterion_group, criterion_main, Criterion};
use orgsim::model::run_trial;
use orgsim::scenario::load_str;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// Trial indices (and hand-loop seeds) each bench cycles through.
const TRIALS: u32 = 32;

fn limit(c: &mut Criterion) {
    let model = Repairman::ISSUE;
    let text = model.scenario(TRIALS, 1);
    let scenario = load_str(&text, Path::new("hand-loop-repairman.toml"))
        .unwrap_or_else(|e| panic!("the bench's scenario was refused: {e:?}"))
        .swap_remove(0);

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

criterion_group! {
    name = benches;
    config = config();
    targets = limit
}
criterion_main!(benches);
