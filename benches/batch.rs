//! A batch through the library's runner: `growth-stage`, `TRIALS` trials of each of its
//! structures, on one and on two worker threads, into a sink that keeps nothing (the
//! CSV writers are measured from the CLI instead: see `benches/RESULTS.md`).
//!
//! The throughput criterion prints is in trials (of one structure) per second; the
//! issue's target, 10,000 trials of each structure in 10 s, is 2,000 per second here
//! (two structures).
//!
//! `uncertainty`: 64 parameter sets × 40 trials of three structures of growth-stage
//! (its two, and one PO for the three squads), against a plain run of the same number
//! of trials of the same scenario, both through the run's own writer into a temporary
//! folder, on two threads. A set's trial must cost no more than a plain one: a set
//! writes no per-trial rows, and folds its trials as a point does. (Measured from the
//! command line, user time on one thread, a quiet-enough moment of the shared machine:
//! 9.6 s for the sets against 9.2 to 9.5 s for the plain run.)

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orgsim::batch::{run_batch, unit_count, BatchOptions, TrialSink};
use orgsim::model::TrialResult;
use orgsim::output::ResultWriter;
use orgsim::scenario::{load_str, Scenario};
use std::convert::Infallible;
use std::hint::black_box;
use std::path::Path;
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

/// Parameter sets and trials of each in the `uncertainty` case.
const SETS: u32 = 64;
const SET_TRIALS: u32 = 40;

/// growth-stage with a third structure (one PO for the three squads beside the PM) and
/// `tail` appended.
fn growth_stage_of_three(tail: &str) -> Vec<Scenario> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/growth-stage.toml");
    let text = std::fs::read_to_string(&path).expect("the shipped growth-stage");
    let text = format!(
        "{text}\n[[structures]]\nname = \"po-for-three\"\nswitch_hours = 0.25\npeople = [\n  \
         {{ role = \"pm\", count = 1, duties = [\"triage\", \"discovery\", \"escalation\"] }},\n  \
         {{ role = \"po\", count = 1, duties = [\"answer\", \"refine\", \"accept\", \"ceremony\"] }},\n]\n{tail}"
    );
    load_str(&text, &path).unwrap_or_else(|e| panic!("{}", e.render()))
}

fn uncertainty(c: &mut Criterion) {
    // Ranges over what no event depends on (how value decays, what people cost): every
    // set simulates the work of the plain run, trial for trial (the same seeds), so
    // that the difference is what the sets add, not what their parameters do to the
    // model's work.
    let ranges = format!(
        "\n[uncertainty]\nsamples = {SETS}\ntrials = {SET_TRIALS}\n\
         \"work.value_half_life_weeks\" = [13, 52]\n\
         \"costs.dev\" = [150000, 190000]\n\
         \"costs.pm\" = [200000, 250000]\n"
    );
    // The sets' trials, and the point's own one trial beside them.
    let mut sets = growth_stage_of_three(&ranges);
    sets[0].run.trials = 1;
    let mut plain = growth_stage_of_three("");
    plain[0].run.trials = SETS * SET_TRIALS + 1;
    assert_eq!(unit_count(&sets), unit_count(&plain));
    let trials = unit_count(&plain) * plain[0].structures.len() as u64;

    let mut group = c.benchmark_group("uncertainty");
    group.throughput(Throughput::Elements(trials));
    let options = BatchOptions {
        threads: Some(2),
        progress: false,
    };
    for (name, points) in [("plain", &plain), ("sets", &sets)] {
        group.bench_function(BenchmarkId::new(name, SETS * SET_TRIALS), |b| {
            b.iter(|| {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let mut writer = ResultWriter::create(dir.path(), points).expect("its files");
                run_batch(points, &options, &mut writer).expect("a run into a temporary folder");
                black_box(writer.finish().expect("its files"));
            })
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
    targets = batch, uncertainty
}
criterion_main!(benches);
