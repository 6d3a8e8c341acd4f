//! `orgsim calibrate` on synthetic histories of 10,000 and 100,000 items
//! (`calibrate::synthetic::large`), in both export formats, from the file to the
//! validated scenario text (nothing is written). The figure the issue asks for: a
//! 100,000-issue export calibrates in seconds, in memory proportional to the issues.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orgsim::calibrate::synthetic::{
    generate, large, stages_option, to_jira_json, to_stage_dates_csv, CSV_STAGES, JIRA_STATUSES,
};
use orgsim::calibrate::{calibrate, Options, ReadOptions, StageMap, StructureKind};
use std::hint::black_box;
use std::time::Duration;

fn options(stages: &str, group_by: &str) -> Options {
    Options {
        read: ReadOptions {
            stages: StageMap::parse(stages).expect("the generator's stage names"),
            group_by: Some(group_by.to_string()),
        },
        hours_per_week: 40.0,
        structure: StructureKind::Combined,
        squads: 1,
        devs_per_squad: None,
        name: None,
    }
}

fn calibrate_exports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("calibrate");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for items in [10_000, 100_000] {
        let history = generate(&large(items));
        let csv = dir.path().join(format!("{items}.csv"));
        let json = dir.path().join(format!("{items}.json"));
        std::fs::write(&csv, to_stage_dates_csv(&history)).expect("written");
        std::fs::write(&json, to_jira_json(&history)).expect("written");
        let out = dir.path().join("team.toml");
        group.throughput(Throughput::Elements(history.items.len() as u64));
        let csv_options = options(&stages_option(&CSV_STAGES, true), "Requester");
        group.bench_function(BenchmarkId::new("stage-dates", items), |b| {
            b.iter(|| black_box(calibrate(std::slice::from_ref(&csv), &out, &csv_options)))
        });
        let json_options = options(&stages_option(&JIRA_STATUSES, true), "issuetype");
        group.bench_function(BenchmarkId::new("jira", items), |b| {
            b.iter(|| black_box(calibrate(std::slice::from_ref(&json), &out, &json_options)))
        });
    }
    group.finish();
}

criterion_group!(benches, calibrate_exports);
criterion_main!(benches);
