//! A batch through the library's runner: `growth-stage`, `TRIALS` trials of each of its
//! structures, on one and on two worker threads, into a sink that keeps nothing (the
//! CSV writers are measured from the CLI instead: see `benches/RESULTS.md`).
//!
//! The throughput criterion prints is in trials (of one structure) per second; the
//! issue's target, 10,000 trials of each structure in 10 s, is 2,000 per second here
//! (two structures).

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orgsim::batch::{run_batch, BatchOptions, TrialSink};
use orgsim::model::TrialResult;
use std::convert::Infallible;
use std::hint::black_box;
use std::time::Duration;

/// Trials of each structure per batch: long enough that the pool's start and the last
/// chunk's tail are small, short enough for criterion's ten samples.
const TRIALS: u32 = 500;

/// Looks at every result, as a writer would, and keeps nothing.
struct Discard;

impl TrialSink for Discard {
    type Error = Infallible;
    fn trial(
        &mut self,
        _point: usize,
        _trial: u32,
        results: &[TrialResult],
    ) -> Result<(), Infallible> {
        black_box(results);
        Ok(())
    }
}

fn batch(c: &mut Criterion) {
    let mut sc = common::shipped("growth-stage");
    sc.run.trials = TRIALS;
    let points = [sc];
    let trials = u64::from(TRIALS) * points[0].structures.len() as u64;

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(trials));
    for threads in [1, 2] {
        let options = BatchOptions {
            threads: Some(threads),
            progress: false,
        };
        group.bench_function(BenchmarkId::new("growth-stage", threads), |b| {
            b.iter(|| run_batch(&points, &options, &mut Discard).expect("a sink that cannot fail"))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // Ten samples of a second or two each: the machine is shared, read with care.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15))
        .sample_size(10)
}

criterion_group! {
    name = benches;
    config = config();
    targets = batch
}
criterion_main!(benches);
