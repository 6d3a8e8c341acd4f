//! Verdicts a product leader can defend (docs/model.md §13 and §14).
//!
//! - No verdict on rounding noise: a utilisation of 1.0000000000000002 against 1 is
//!   equivalent, and does not cross a threshold of 1.
//! - A practical margin: a 0.1% throughput gap is never `better` or `worse` under the
//!   default margin of 2%, though significance alone would call it; `[compare]
//!   min_effect` is read as a number or per metric, and refused with reasons.
//! - Settled or not: a structure whose queues keep growing gets no verdict on its
//!   waiting times, and the printed report marks and explains it.
//! - What is best: `summary.csv`'s cost, `settled` and `primary_rank`, `compare.csv`'s
//!   `margin` and `not_settled`, and the report's ranking and cost frontier, each
//!   checked against its rule applied to the files a run writes.
//!
//! Every expected value is derived from the rule it checks, not copied from a run.

use crate::support::cli::{orgsim, stderr, stdout};
use crate::support::{fixture_dir, load, load_text, only_point};
use orgsim::analysis::{
    crossover, dominated, judge, settled, sweep_lines, thresholds, Crossing, Unsettled, WarningSign,
};
use orgsim::model::{Ledger, Metric, TrialMetrics, TrialResult};
use orgsim::output::report;
use orgsim::scenario::{MinEffect, Scenario};
use orgsim::stats::{PointStats, Verdict};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::path::Path;

/// The fixture with three priced structures.
fn priced() -> Scenario {
    only_point(
        load(&fixture_dir("verdicts").join("priced.toml")),
        "priced.toml",
    )
}

/// A trial result carrying only `metrics`: what the statistics and the verdicts read.
fn trial(metrics: TrialMetrics) -> TrialResult {
    TrialResult {
        metrics,
        people: vec![],
        groups: vec![],
        ledger: Ledger::default(),
        weekly: vec![],
    }
}

/// The statistics of `point` over trials whose metrics `metrics(k, t)` gives for
/// structure k in trial t, warning signs counted.
fn stats_of(
    point: &Scenario,
    trials: u32,
    metrics: impl Fn(usize, u32) -> TrialMetrics,
) -> PointStats {
    let mut stats = PointStats::with_thresholds(thresholds(point));
    for t in 0..trials {
        let results: Vec<TrialResult> = (0..point.structures.len())
            .map(|k| trial(metrics(k, t)))
            .collect();
        stats.add_trial(&results);
    }
    stats
}

// ----- no verdict on rounding noise -----

/// 1.0000000000000002 is 1 plus one unit in the last place: rounding, not load.
#[test]
fn a_utilisation_a_rounding_above_one_is_one() {
    let mut point = priced();
    point.warnings.shared_util_max = 1.0;
    let stats = stats_of(&point, 10, |k, _| {
        let mut m = TrialMetrics::default();
        let util = if k == 0 { 1.0000000000000002 } else { 1.0 };
        m.set(Metric::ProductUtilMax, util);
        m.set(Metric::SharedUtilMax, util);
        m
    });
    for metric in [Metric::ProductUtilMax, Metric::SharedUtilMax] {
        let j = judge(&point, &stats, 0, 1, metric);
        assert_eq!(j.verdict, Some(Verdict::Equivalent), "{}", metric.name());
        assert_eq!(stats.pair(0, 1, metric).diff().mean(), 0.0);
        // Without any margin it is no verdict either: the difference is no difference,
        // and nothing lies inside an empty margin.
        assert_eq!(
            stats.pair(0, 1, metric).verdict(0.0),
            Some(Verdict::NoClearDifference)
        );
    }
    let squads = stats
        .exceedance(0, WarningSign::SquadsCompete.index())
        .expect("the sign applies");
    assert_eq!(squads.crossed(), 0, "1.0000000000000002 does not cross 1");
}

// ----- the practical margin -----

/// A gap that is real but small: A delivers 0.1% more than B in every trial, plus
/// noise of at most ±0.2% of the week's level on each side. Per trial the difference
/// is then within (0.1 ± 0.4)% of the level, so its mean is at most 0.5% of B's mean
/// (B itself within 0.2% of the level): never the 2% the default margin asks for, in
/// any of the 200 cases. Significance alone (`min_effect` = 0) does call it: with 40
/// trials the interval of a mean gap of 0.1% of about 10 has a half-width of about
/// 2 × 0.0023 × 10 / √40 ≈ 0.007, far from 0 in most cases.
#[test]
fn a_throughput_gap_of_a_tenth_of_a_percent_is_never_better_or_worse() {
    let point = priced();
    let (mut equivalent, mut significant) = (0, 0);
    for case in 0..200u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(case);
        let weeks: Vec<(f64, f64, f64)> = (0..40)
            .map(|_| {
                let level = rng.random_range(5.0..15.0);
                let noise_a = rng.random_range(-0.002..0.002) * level;
                let noise_b = rng.random_range(-0.002..0.002) * level;
                (level, noise_a, noise_b)
            })
            .collect();
        let stats = stats_of(&point, 40, |k, t| {
            let (level, noise_a, noise_b) = weeks[t as usize];
            let mut m = TrialMetrics::default();
            let throughput = match k {
                0 => level * 1.001 + noise_a,
                _ => level + noise_b,
            };
            m.set(Metric::ThroughputPerWeek, throughput);
            m
        });
        let verdict = judge(&point, &stats, 0, 1, Metric::ThroughputPerWeek).verdict;
        assert!(
            !verdict.is_some_and(Verdict::is_decided),
            "case {case}: {verdict:?} on a 0.1% gap"
        );
        equivalent += u32::from(verdict == Some(Verdict::Equivalent));
        let pair = stats.pair(0, 1, Metric::ThroughputPerWeek);
        significant += u32::from(pair.verdict(0.0) == Some(Verdict::Better));
    }
    // The interval (at most ±0.5% wide) always lies inside ±2%: equivalent, every time.
    assert_eq!(equivalent, 200);
    assert!(
        significant > 150,
        "significance alone called {significant} of 200"
    );
}

const MINIMAL: &str = r#"
name = "margins"
[work]
unlimited_backlog = true
[[structures]]
name = "one"
people = [ { role = "po", count = 1, duties = ["answer", "refine", "accept"] } ]
"#;

fn read_compare(table: &str) -> Result<MinEffect, String> {
    let text = format!("{MINIMAL}\n[compare]\n{table}\n");
    load_text(&text, Path::new("margins.toml")).map(|points| {
        let point = only_point(points, "margins.toml");
        point.compare.min_effect
    })
}

#[test]
fn min_effect_is_a_share_for_every_metric_or_per_metric() {
    assert_eq!(read_compare("").unwrap(), MinEffect::uniform(0.02));
    assert_eq!(
        read_compare("min_effect = 0.05").unwrap(),
        MinEffect::uniform(0.05)
    );
    // The example of docs/scenario-format.md.
    let m = read_compare("min_effect = { default = 0.02, decision_latency_p90_h = 0.1 }").unwrap();
    assert_eq!(m.of(Metric::DecisionLatencyP90H), 0.1);
    assert_eq!(m.of(Metric::ThroughputPerWeek), 0.02);
    // Without `default`, the others keep the default margin.
    let m = read_compare("min_effect = { lead_time_mean_h = 0 }").unwrap();
    assert_eq!(m.of(Metric::LeadTimeMeanH), 0.0);
    assert_eq!(m.of(Metric::ValuePerWeek), 0.02);
}

#[test]
fn a_bad_min_effect_is_refused_with_what_is_allowed() {
    let e = read_compare(
        "min_effect = { default = -1, decison_latency_p90_h = 0.1, requests_arrived = 0.1 }",
    )
    .unwrap_err();
    assert!(e.contains("min_effect must be at least 0, got -1"), "{e}");
    assert!(
        e.contains("unknown metric `decison_latency_p90_h` in min_effect; did you mean `decision_latency_p90_h`?"),
        "{e}"
    );
    assert!(
        e.contains("`requests_arrived` has no better direction, so it gets no verdict"),
        "{e}"
    );
    let e = read_compare("min_effect = \"2%\"").unwrap_err();
    assert!(
        e.contains("expected a number, or a table of metric names"),
        "{e}"
    );
    // A table of shares is not a value a sweep can set.
    let text = format!("{MINIMAL}\n[sweep]\ncompare.min_effect = [0.01, 0.05]\n");
    let e = load_text(&text, Path::new("margins.toml")).unwrap_err();
    assert!(e.contains("compare.min_effect"), "{e}");
}

#[test]
fn the_renamed_warning_keys_are_refused_naming_the_new_ones() {
    let text = format!("{MINIMAL}\n[warnings]\nproduct_util_max = 0.9\n");
    let e = load_text(&text, Path::new("w.toml")).unwrap_err();
    assert!(
        e.contains("unknown key `product_util_max` in [warnings]") && e.contains("shared_util_max"),
        "{e}"
    );
    let text = format!("{MINIMAL}\n[warnings]\noverload_week_share = 0.3\n");
    let e = load_text(&text, Path::new("w.toml")).unwrap_err();
    assert!(e.contains("did you mean `overload_week_share_max`?"), "{e}");
    let text = format!("{MINIMAL}\n[warnings]\nshared_util_max = 0.9\nqueue_growth = 0.5\ndev_starved_share = 0.1\n");
    let point = only_point(load_text(&text, Path::new("w.toml")).unwrap(), "w.toml");
    assert_eq!(
        (
            point.warnings.shared_util_max,
            point.warnings.queue_growth,
            point.warnings.dev_starved_share
        ),
        (0.9, 0.5, 0.1)
    );
}

// ----- settled or not -----

/// Structure 0 answers an hour faster than 1 and 2 and delivers 10% more, every
/// trial; structure 1's open questions grow (by 0.5 of their mean between the
/// window's halves) in every trial. A waiting time of structure 1 gets no verdict,
/// against either other structure; its throughput does; the other pair is unaffected.
#[test]
fn a_structure_that_has_not_settled_gets_no_verdict_on_waiting_times() {
    let point = priced();
    let stats = stats_of(&point, 20, |k, t| {
        let mut m = TrialMetrics::default();
        let noise = f64::from(t % 4) * 0.1;
        let faster = if k == 0 { 0.0 } else { 1.0 };
        m.set(Metric::DecisionLatencyMeanH, 2.0 + faster + noise);
        m.set(Metric::ThroughputPerWeek, 10.0 - faster + noise);
        let growth = if k == 1 { 0.5 } else { 0.0 };
        m.set(Metric::QuestionQueueGrowth, growth);
        m.set(Metric::QueueGrowthMax, growth);
        m
    });
    assert_eq!(
        (0..3).map(|k| settled(&stats, k)).collect::<Vec<_>>(),
        [true, false, true]
    );
    let latency = judge(&point, &stats, 0, 1, Metric::DecisionLatencyMeanH);
    assert_eq!(latency.verdict, Some(Verdict::NoClearDifference));
    assert_eq!(latency.unsettled, Some(Unsettled::B));
    let latency = judge(&point, &stats, 1, 2, Metric::DecisionLatencyMeanH);
    assert_eq!(latency.verdict, Some(Verdict::NoClearDifference));
    assert_eq!(latency.unsettled, Some(Unsettled::A));
    assert_eq!(
        judge(&point, &stats, 0, 1, Metric::ThroughputPerWeek).verdict,
        Some(Verdict::Better)
    );
    assert_eq!(
        judge(&point, &stats, 0, 2, Metric::DecisionLatencyMeanH).verdict,
        Some(Verdict::Better)
    );

    // The printed report marks every figure of structure 1 and says why in words.
    let text = report::render(
        std::slice::from_ref(&point),
        std::slice::from_ref(&stats),
        &[],
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("decision_latency_mean_h"))
        .expect("a latency row");
    assert_eq!(row.matches('↗').count(), 1, "{row}");
    assert!(row.contains("↗ ·"), "{row}");
    assert!(
        text.replace("\n    ", " ").contains(
            "↗ separated has not settled: its open questions grow through the window: \
             developers wait longer for answers the longer the run"
        ),
        "{text}"
    );
}

/// Along a sweep, a structure that answers faster overtakes its rival even where the
/// rival stops settling: those points are not compared, and named, rather than ending
/// the run of wins.
#[test]
fn a_crossover_on_a_waiting_time_skips_the_points_where_a_side_has_not_settled() {
    let base = priced();
    let points: Vec<Scenario> = (1..=3)
        .map(|squads| {
            let mut p = base.clone();
            p.sweep = vec![("team.squads".to_string(), squads.to_string())];
            p
        })
        .collect();
    // Point 0: the same latency. Points 1 and 2: structure 0 an hour faster; at point
    // 2 structure 1's questions pile up (it has not settled).
    let stats: Vec<PointStats> = (0..3)
        .map(|p| {
            stats_of(&points[p], 20, |k, t| {
                let mut m = TrialMetrics::default();
                let noise = f64::from(t % 4) * 0.1;
                let slower = if k == 1 && p > 0 { 1.0 } else { 0.0 };
                m.set(Metric::DecisionLatencyMeanH, 2.0 + slower + noise);
                let growth = if k == 1 && p == 2 { 0.5 } else { 0.0 };
                m.set(Metric::QuestionQueueGrowth, growth);
                m.set(Metric::QueueGrowthMax, growth);
                m
            })
        })
        .collect();
    let lines = sweep_lines(&points, 0..3);
    assert_eq!(lines.len(), 1);
    let c = crossover(
        &points,
        &stats,
        &lines[0],
        0,
        1,
        Metric::DecisionLatencyMeanH,
    );
    assert_eq!(
        c.crossing,
        Crossing::From {
            winner: 0,
            loser: 1,
            from: 1
        }
    );
    assert_eq!((c.skipped, c.unsettled), (vec![], vec![2]));
    let text = report::render(&points, &stats, &[]).replace("\n    ", " ");
    assert!(
        text.contains(
            "combined overtakes separated on decision_latency_mean_h from team.squads = 2 \
             (not compared at team.squads = 3, where a side has not settled)"
        ),
        "{text}"
    );
}

// ----- what is best, from the files of a run -----

/// The rows of a CSV file as maps from column to cell.
fn rows(dir: &Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()));
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(cell: &str) -> f64 {
    cell.parse()
        .unwrap_or_else(|e| panic!("{cell:?} is not a number: {e}"))
}

/// Runs the priced fixture and holds `summary.csv`, `compare.csv` and the printed
/// report to their rules, applied to the files themselves.
#[test]
fn the_files_of_a_run_tell_cost_settledness_rank_and_frontier_by_their_rules() {
    files_of_a_run_by_their_rules(None);
}

/// The same with `[costs] value`: the ranking is on net value, and the frontier still
/// sets the value delivered against the cost (net value has the cost taken off
/// already: a dearer structure that delivers more would pay for its cost twice).
#[test]
fn with_value_priced_the_ranking_is_on_net_value_and_the_frontier_on_value() {
    files_of_a_run_by_their_rules(Some(20.0));
}

/// The rules of [`the_files_of_a_run_tell_cost_settledness_rank_and_frontier_by_their_rules`],
/// on the priced fixture with `[costs] value` set to `value` where it is given.
fn files_of_a_run_by_their_rules(value: Option<f64>) {
    let point = priced();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let mut path = fixture_dir("verdicts").join("priced.toml");
    if let Some(value) = value {
        let text = std::fs::read_to_string(&path).unwrap();
        let priced = text.replace(
            "po = 120000\n",
            &format!("po = 120000\nvalue = {value:?}\n"),
        );
        assert_ne!(priced, text, "the fixture's [costs] table moved");
        path = tmp.path().join("priced-value.toml");
        std::fs::write(&path, priced).unwrap();
    }
    let o = orgsim(&[
        "run",
        &path.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    let summary = rows(&out, "summary.csv");
    let compare = rows(&out, "compare.csv");
    let warnings = rows(&out, "warnings.csv");
    let names: Vec<&str> = point.structures.iter().map(|s| s.name.as_str()).collect();
    let per_structure = |name: &str, column: &str| -> String {
        let cells: Vec<&String> = summary
            .iter()
            .filter(|r| r["structure"] == name)
            .map(|r| &r[column])
            .collect();
        assert!(cells.windows(2).all(|w| w[0] == w[1]), "{name} {column}");
        cells[0].clone()
    };

    // The yearly cost of everyone, by hand from the file: 2 squads × 4 developers at
    // 100 000, plus one PM-PO at 150 000; or one PM at 160 000 and a PO per squad at
    // 120 000; or two PMs and a PO per squad.
    let developers = 8.0 * 100_000.0;
    let costs = [
        developers + 150_000.0,
        developers + 160_000.0 + 2.0 * 120_000.0,
        developers + 2.0 * 160_000.0 + 2.0 * 120_000.0,
    ];
    for (name, cost) in names.iter().zip(costs) {
        assert_eq!(number(&per_structure(name, "people_cost_per_year")), cost);
    }

    // Settled: the not_settled sign reported in at least half of the trials, or not.
    let settled: BTreeMap<&str, bool> = names
        .iter()
        .map(|&name| {
            let sign = warnings
                .iter()
                .find(|w| w["structure"] == name && w["warning"] == "not_settled")
                .expect("a not_settled row");
            let fired = sign["fired_share"].parse::<f64>().unwrap_or(0.0);
            let flag = per_structure(name, "settled");
            assert_eq!(flag, (fired < 0.5).to_string(), "{name}");
            (name, flag == "true")
        })
        .collect();

    // compare.csv: margin, not_settled and the verdict on waiting times.
    for row in &compare {
        let (a, b) = (row["structure_a"].as_str(), row["structure_b"].as_str());
        let side = match (settled[a], settled[b]) {
            (true, true) => "",
            (false, true) => "a",
            (true, false) => "b",
            (false, false) => "both",
        };
        assert_eq!(row["not_settled"], side, "{row:?}");
        if row["verdict"].is_empty() {
            assert!(row["margin"].is_empty(), "{row:?}");
            continue;
        }
        let margin = 0.02 * number(&row["mean_b"]).abs();
        assert!(
            (number(&row["margin"]) - margin).abs() <= 1e-12 * margin.max(1.0),
            "{row:?}"
        );
        if !side.is_empty() && row["metric"].ends_with("_h") {
            assert_eq!(row["verdict"], "no clear difference", "{row:?}");
        }
    }

    // Ranks: 1 + the structures better on the primary outcome: net value where
    // `[costs] value` prices the value delivered, else value_per_week.
    let primary = if value.is_some() {
        "net_value_per_week"
    } else {
        "value_per_week"
    };
    let (compare, names) = (&compare, &names);
    let verdict_on = |metric: &'static str| {
        move |k: usize, j: usize| -> Option<Verdict> {
            let (a, b, turn) = if k < j { (k, j, false) } else { (j, k, true) };
            let row = compare
                .iter()
                .find(|r| {
                    r["structure_a"] == names[a]
                        && r["structure_b"] == names[b]
                        && r["metric"] == metric
                })
                .expect("a row of the pair");
            let v = Verdict::from_name(&row["verdict"])?;
            Some(if turn { v.reversed() } else { v })
        }
    };
    let verdict = verdict_on(primary);
    let mut ranking = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let better = (0..3).filter(|&j| j != k && verdict(j, k) == Some(Verdict::Better));
        let rank = 1 + better.count();
        assert_eq!(
            per_structure(name, "primary_rank"),
            rank.to_string(),
            "{name}"
        );
        ranking.push((rank, *name));
    }
    // By rank, structures of one rank in the file's order.
    ranking.sort_by_key(|&(rank, _)| rank);
    let listed: Vec<String> = ranking.iter().map(|(r, n)| format!("{r} {n}")).collect();
    let line = format!(
        "ranking on {primary} (1 = best; equivalent ones share a rank): {}",
        listed.join(", ")
    );
    let flat = printed.replace("\n    ", " ");
    assert!(flat.contains(&line), "{line:?} not in:\n{printed}");
    // Before the warning signs.
    assert!(
        flat.find(&line) < flat.find("warning signs"),
        "the ranking comes first:\n{printed}"
    );

    // The cost frontier, by the rule the page also applies, from these files: on the
    // value delivered, whether or not value is priced.
    let frontier = "value_per_week";
    let priced: Vec<Option<f64>> = costs.iter().map(|&c| Some(c)).collect();
    let by = dominated(&priced, verdict_on(frontier));
    let named: Vec<String> = by
        .iter()
        .enumerate()
        .filter_map(|(k, j)| j.map(|j| format!("{} is dominated by {}", names[k], names[j])))
        .collect();
    let line = if named.is_empty() {
        format!("cost frontier on {frontier}: no structure is dominated")
    } else {
        format!(
            "cost frontier on {frontier}: {} (costs no more and delivers at least as much)",
            named.join(", ")
        )
    };
    assert!(flat.contains(&line), "{line:?} not in:\n{printed}");
    // The cheapest structure is never dominated: nothing costs less, and a structure
    // of the same cost would have to be better.
    assert_eq!(by[0], None);
}

/// A structure that finishes nothing says which queue holds the developers' work, in
/// the printed report and on the page: one PO for six or eight squads accepts nothing
/// (its acceptance queue grows: too-many-teams' header says so).
#[test]
fn a_structure_that_finishes_nothing_names_the_queue_that_holds_the_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let file = crate::support::shipped_dir().join("too-many-teams.toml");
    let o = orgsim(&[
        "run",
        file.to_str().unwrap(),
        "--trials",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o).replace("\n    ", " ");
    assert!(
        text.contains(
            "it finishes no item at team.squads = 6, 8: the developers' work waits in its \
             acceptance queue, so nothing reaches done"
        ),
        "{text}"
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        page.contains(
            "It finishes no item in the measured window at team.squads = 6, 8: the \
             developers' work waits in its acceptance queue"
        ),
        "the page says it too"
    );
}
