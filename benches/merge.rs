//! Shards and their merge, through the `orgsim` command as a cluster runs it.
//!
//! - `merge/1000x100`: `orgsim merge` of 1,000 parts of 100 trials each (100,000 trials
//!   of each `growth-stage` structure), and `merge/100x100` for a tenth of that: time,
//!   and the merge's peak memory (its maximum resident set, printed after the group):
//!   flat in the number of trials and shards means about the same for both. The parts
//!   are written by the library's [`PartWriter`] from real `growth-stage` results,
//!   the first 50 trials of each structure cycled, so that writing them takes seconds,
//!   not the hour 100,000 real trials would; a merge reads rows, which are of the same
//!   shape. They take about 0.4 GB of temporary disk, the merged results as much.
//! - `split/growth-stage`: one run of 400 trials on 2 threads against the same run as
//!   4 shards (two processes of one thread at a time on the 2 cores) and their merge:
//!   the overhead of splitting.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use orgsim::batch::{run_block_with, unit_count, BatchOptions};
use orgsim::model::{run_trial, TrialResult};
use orgsim::shard::{InputFile, Overrides, PartWriter, Shard};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

const ORGSIM: &str = env!("CARGO_BIN_EXE_orgsim");

/// Real results cycled through by the synthetic trials of the large merge.
const DISTINCT_TRIALS: u32 = 50;

fn growth_stage() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/growth-stage.toml")
}

/// Writes `shards` parts of `trials_each` trials of growth-stage into `dir`.
fn write_parts(dir: &Path, shards: u32, trials_each: u32) {
    let input = InputFile::read(&growth_stage()).expect("the shipped scenario reads");
    let mut points = input.points().expect("the shipped scenario is valid");
    let overrides = Overrides {
        trials: Some(shards * trials_each),
        seed: None,
    };
    overrides.apply(&mut points);
    let real: Vec<Vec<TrialResult>> = (0..points[0].structures.len())
        .map(|k| {
            (0..DISTINCT_TRIALS)
                .map(|t| run_trial(&points[0], k, t))
                .collect()
        })
        .collect();
    let cycled = |_: &orgsim::scenario::Scenario, k: usize, t: u32| {
        real[k][(t % DISTINCT_TRIALS) as usize].clone()
    };
    let units = unit_count(&points);
    let options = BatchOptions {
        threads: Some(2),
        progress: false,
    };
    for i in 0..shards {
        let shard = Shard::new(i, shards).expect("a shard below the count");
        let part = dir.join(shard.folder_name());
        std::fs::create_dir_all(&part).expect("a part folder");
        let mut writer = PartWriter::create(&part, &points).expect("the part's files");
        run_block_with(&points, shard.block(units), &options, &mut writer, cycled)
            .expect("the part is written");
        writer
            .finish(std::slice::from_ref(&input), overrides, shard)
            .expect("the manifest is written");
    }
}

/// Waits for `child` and returns its peak resident memory in MiB.
fn peak_mib(child: Child) -> f64 {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the command failed"
    );
    // ru_maxrss is in KiB on Linux.
    usage.ru_maxrss as f64 / 1024.0
}

fn orgsim(args: &[&str]) -> Child {
    Command::new(ORGSIM)
        .args(args)
        .spawn()
        .expect("the orgsim binary runs")
}

fn merge(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("a temporary folder");
    let mut peaks = Vec::new();
    let mut group = c.benchmark_group("merge");
    for shards in [100, 1000] {
        let parts = root.path().join(format!("parts-{shards}"));
        write_parts(&parts, shards, 100);
        let out = root.path().join(format!("merged-{shards}"));
        let args = [
            "merge",
            parts.to_str().expect("a UTF-8 path"),
            "--quiet",
            "--out",
            out.to_str().expect("a UTF-8 path"),
        ];
        let mut peak: f64 = 0.0;
        group.bench_function(BenchmarkId::new("shards_x100", shards), |b| {
            b.iter(|| peak = peak.max(peak_mib(orgsim(&args))))
        });
        peaks.push((shards, peak));
        let _ = std::fs::remove_dir_all(&parts);
    }
    group.finish();
    for (shards, peak) in peaks {
        println!("merge of {shards} parts of 100 trials: peak memory {peak:.1} MiB");
    }
}

fn split(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("a temporary folder");
    let scenario = growth_stage();
    let scenario = scenario.to_str().expect("a UTF-8 path");
    let path = |name: &str| root.path().join(name).to_string_lossy().into_owned();
    let (whole, parts, merged) = (path("whole"), path("parts"), path("merged"));
    let run = |extra: &[&str], out: &str| {
        let mut args = vec!["run", scenario, "--trials", "400", "--quiet", "--out", out];
        args.extend(extra);
        orgsim(&args)
    };

    let mut group = c.benchmark_group("split");
    group.bench_function("one_run_2_threads", |b| {
        b.iter(|| peak_mib(run(&["--threads", "2"], &whole)))
    });
    group.bench_function("4_shards_2_at_a_time_and_merge", |b| {
        b.iter(|| {
            for pair in [["0/4", "1/4"], ["2/4", "3/4"]] {
                let running: Vec<Child> = pair
                    .iter()
                    .map(|shard| run(&["--shard", shard, "--threads", "1"], &parts))
                    .collect();
                for child in running {
                    peak_mib(child);
                }
            }
            peak_mib(orgsim(&["merge", &parts, "--quiet", "--out", &merged]))
        })
    });
    group.finish();
}

fn config() -> Criterion {
    // Each sample is a few seconds of processes: ten of them, read with care on a
    // shared machine.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(30))
        .sample_size(10)
}

criterion_group! {
    name = benches;
    config = config();
    targets = merge, split
}
criterion_main!(benches);
