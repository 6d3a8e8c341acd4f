//! The comparison report printed after a run.
//!
//! Per scenario without a sweep, a table: the headline metrics
//! ([`Metric::HEADLINE`]) as rows, the structures as columns, each cell `mean ±
//! half-width of the 95% interval`, a `↗` after every figure of a structure that has
//! not settled, and for every structure after the first a marker of its verdict
//! against the first ([`judge`]): `▲` better, `▼` worse, `≈` equivalent, `·` no clear
//! difference. Under it, the legend, a note per structure that has not settled, and
//! with three or more structures the ranking on the primary outcome; with `[costs]`,
//! the structures the cost frontier leaves behind.
//!
//! Per swept scenario, one compact table per line of the sweep (see
//! [`crate::analysis::crossover`](mod@crate::analysis::crossover)): the sweep values
//! as columns, for each headline metric one row per structure with its mean and
//! markers; then, per pair of structures and headline metric, the crossover; then the
//! same notes as for one point, per point where they differ.
//!
//! Under each scenario, the warning signs that fire in at least half of the trials
//! ([`REPORT_SHARE`](crate::analysis::warnings::REPORT_SHARE)), the warm-up check's
//! notes and, with `[uncertainty]`, what the parameter sets say (`uncertainty`): per
//! pair a sentence, and a table of the headline metrics. Plain text (no colour or cursor codes) at most [`WIDTH`] columns wide:
//! columns that do not fit go to a further block of the same table, long sentences
//! wrap.

mod notes;
mod sweep;
mod text;
mod uncertainty;

use crate::analysis::{judge, scenario_ranges, settled, sweep_lines};
use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use crate::uncertainty::Findings;
use notes::{legend, render_warmup, render_warnings, UNSETTLED};
use std::fmt::Write as _;
use std::ops::Range;
use text::{mean_pm, shorten, wrap};

/// Widest line the report prints, in characters.
pub const WIDTH: usize = 100;

/// Longest structure name shown in a column header before it is shortened.
const MAX_NAME: usize = 28;
/// Spaces between columns.
const GAP: usize = 2;

/// The report for every point of a batch, `stats[i]` and `findings[i]` belonging to
/// `points[i]` (a point past the end of `findings` has none).
pub fn render(points: &[Scenario], stats: &[PointStats], findings: &[Option<Findings>]) -> String {
    let mut out = String::new();
    let n = points.len().min(stats.len());
    for (i, range) in scenario_ranges(&points[..n]).into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let lines = sweep_lines(points, range.clone());
        if lines.is_empty() {
            for (j, p) in range.clone().enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                render_point(&mut out, &points[p], &stats[p]);
                render_conclusions(&mut out, points, stats, p..p + 1);
                render_warnings(&mut out, points, stats, p..p + 1);
                render_warmup(&mut out, points, stats, p..p + 1);
                uncertainty::render(&mut out, points, findings, p..p + 1);
            }
        } else {
            sweep::render_sweep(&mut out, points, stats, range.clone(), &lines);
            render_conclusions(&mut out, points, stats, range.clone());
            render_warnings(&mut out, points, stats, range.clone());
            render_warmup(&mut out, points, stats, range.clone());
            uncertainty::render(&mut out, points, findings, range);
        }
    }
    out
}

/// The notes that qualify the verdicts, the ranking and the cost frontier, for the
/// points `range`; after a point's legend, or after a sweep's crossovers.
fn render_conclusions(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) {
    let lines: Vec<String> = notes::unsettled(points, stats, range.clone())
        .into_iter()
        .chain(notes::ranking(points, stats, range.clone()))
        .chain(notes::frontier(points, stats, range.clone()))
        .collect();
    if range.len() > 1 && !lines.is_empty() {
        out.push('\n');
    }
    for line in lines {
        wrap(out, &line, 4);
    }
}

fn render_point(out: &mut String, point: &Scenario, stats: &PointStats) {
    let mut title = point.name.clone();
    if !point.sweep.is_empty() {
        let values: Vec<String> = point
            .sweep
            .iter()
            .map(|(p, v)| format!("{p} = {v}"))
            .collect();
        let _ = write!(title, " ({})", values.join(", "));
    }
    let _ = writeln!(out, "{}", shorten(&title, WIDTH));
    if !point.description.is_empty() {
        let _ = writeln!(out, "{}", shorten(&point.description, WIDTH));
    }
    let _ = writeln!(
        out,
        "{} trials per structure, seed {}; mean ± 95% confidence half-width",
        stats.trials(),
        point.run.seed
    );
    let structures = stats.structures();
    if structures == 0 {
        return;
    }

    // Cells first, so that column widths fit them.
    let headers: Vec<String> = point
        .structures
        .iter()
        .map(|x| shorten(&x.name, MAX_NAME))
        .collect();
    let rows = observed_headline(std::slice::from_ref(stats), &[0]);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|&metric| {
            (0..structures)
                .map(|k| figure(point, stats, k, metric, true))
                .collect()
        })
        .collect();
    let label = Metric::HEADLINE
        .iter()
        .map(|metric| metric.name().len())
        .max()
        .unwrap_or(0)
        + GAP;
    let widths: Vec<usize> = (0..structures)
        .map(|k| {
            cells
                .iter()
                .map(|row| row[k].chars().count())
                .chain([headers[k].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();

    // Split the structures into blocks that fit the width.
    let mut start = 0;
    while start < structures {
        let mut end = start;
        let mut used = label;
        while end < structures && (end == start || used + widths[end] <= WIDTH) {
            used += widths[end] + GAP;
            end += 1;
        }
        out.push('\n');
        let mut line = format!("{:label$}", "");
        for k in start..end {
            let _ = write!(line, "{:w$}", headers[k], w = widths[k] + GAP);
        }
        let _ = writeln!(out, "{}", line.trim_end());
        for (metric, row) in rows.iter().zip(&cells) {
            let mut line = format!("{:label$}", metric.name());
            for k in start..end {
                let _ = write!(line, "{:w$}", row[k], w = widths[k] + GAP);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        start = end;
    }
    out.push('\n');
    if structures > 1 {
        legend(out, point, &headers[0]);
    }
}

/// Structure k's figure on `metric`: its mean (`± half-width` of the 95% interval when
/// `interval`), `↗` when the structure has not settled, then its verdict against the
/// first structure, if it has one.
fn figure(
    point: &Scenario,
    stats: &PointStats,
    k: usize,
    metric: Metric,
    interval: bool,
) -> String {
    let moments = &stats.summary(k, metric).moments;
    let half = if interval {
        moments.ci95_half_width()
    } else {
        f64::NAN
    };
    let mut text = mean_pm(moments.mean(), half);
    if !settled(stats, k) {
        text.push(' ');
        text.push_str(UNSETTLED);
    }
    // The pair is (first, k): the first's verdict against k, turned around. No marker
    // where the two were never observed in the same trial: there is nothing to judge.
    let verdict = if k > 0 {
        judge(point, stats, 0, k, metric).verdict
    } else {
        None
    };
    if let Some(verdict) = verdict {
        text.push(' ');
        text.push_str(marker(verdict.reversed()));
    }
    text
}

/// The marker of a verdict in the tables.
fn marker(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Better => "▲",
        Verdict::Worse => "▼",
        Verdict::Equivalent => "≈",
        Verdict::NoClearDifference => "·",
    }
}

/// The headline metrics some structure of some of `points` observed: a metric no
/// structure observed (discovery_share without `[discovery]` …) would be a row of
/// dashes.
fn observed_headline(stats: &[PointStats], points: &[usize]) -> Vec<Metric> {
    Metric::HEADLINE
        .into_iter()
        .filter(|&metric| {
            points.iter().any(|&p| {
                let point_stats = &stats[p];
                (0..point_stats.structures())
                    .any(|k| point_stats.summary(k, metric).moments.count() > 0)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{thresholds, GrowingQueue};
    use crate::batch::tests::fake_trial;
    use crate::model::TrialResult;
    use crate::output::tests::point;

    /// The statistics of `p`'s trials, each trial of structure k as `trial` makes it.
    fn stats_with(p: &Scenario, trial: impl Fn(usize, u32) -> TrialResult) -> PointStats {
        let mut point_stats = PointStats::with_thresholds(thresholds(p));
        for t in 0..p.run.trials {
            let results: Vec<_> = (0..p.structures.len()).map(|k| trial(k, t)).collect();
            point_stats.add_trial(&results);
        }
        point_stats
    }

    fn stats_for(p: &Scenario) -> PointStats {
        stats_with(p, |k, t| fake_trial(p, k, t))
    }

    /// Marks a trial's open questions as growing by `growth` over the window.
    fn growing(mut r: TrialResult, growth: f64) -> TrialResult {
        r.metrics.set(GrowingQueue::Questions.metric(), growth);
        r.metrics.set(Metric::QueueGrowthMax, growth);
        r
    }

    /// Throughput 100 apart between neighbours on about 6000 (1.7%: within the 2%
    /// margin), 200 apart between s0 and s2 (3.3%: beyond it); decision latency 1 h
    /// apart on 1 to 3 h. s1 is equivalent to both others, s2 better than s0: s1 and
    /// s2 share the first rank.
    #[test]
    fn report_matches_the_golden_text() {
        let mut p = point("growth", &[("team.squads", "2")], 20, 3);
        p.description = "Two squads: one PM-PO against a PO per squad".into();
        let stats = stats_for(&p);
        let got = render(std::slice::from_ref(&p), &[stats], &[]);
        let want = "\
growth (team.squads = 2)
Two squads: one PM-PO against a PO per squad
20 trials per structure, seed 1; mean ± 95% confidence half-width

                         s0             s1               s2
throughput_per_week      6009.5 ± 2.8   6109.5 ± 2.8 ≈   6209.5 ± 2.8 ▲
decision_latency_mean_h  1.285 ± 0.093  2.285 ± 0.093 ▼  3.285 ± 0.093 ▼

against s0 (paired, 95%): ▲ better, ▼ worse, ≈ equivalent (within 2%), · no clear difference
ranking on throughput_per_week (1 = best; equivalent ones share a rank): 1 s1, 1 s2, 2 s0

warning signs: none fires in at least half of the trials
";
        assert_eq!(got, want, "\n{got}");
    }

    /// The same trials, priced (two developers each, s2's the cheapest) and with s2's
    /// open questions growing in every trial: s2's figures carry `↗`, its latency gets
    /// no verdict, a note says why, and the cost frontier leaves s0 and s1 behind s2
    /// (cheaper, and better than s0, equivalent to s1).
    #[test]
    fn a_structure_that_has_not_settled_is_marked_and_explained() {
        let mut p = point("frontier", &[], 20, 3);
        for (s, cost) in p.structures.iter_mut().zip([100.0, 100.0, 50.0]) {
            s.dev_yearly_cost = Some(cost);
        }
        let stats = stats_with(&p, |k, t| {
            let growth = if k == 2 { 0.5 } else { 0.0 };
            growing(fake_trial(&p, k, t), growth)
        });
        let got = render(std::slice::from_ref(&p), &[stats], &[]);
        let want = "\
frontier
20 trials per structure, seed 1; mean ± 95% confidence half-width

                         s0             s1               s2
throughput_per_week      8009.5 ± 2.8   8109.5 ± 2.8 ≈   8209.5 ± 2.8 ↗ ▲
decision_latency_mean_h  1.285 ± 0.093  2.285 ± 0.093 ▼  3.285 ± 0.093 ↗ ·

against s0 (paired, 95%): ▲ better, ▼ worse, ≈ equivalent (within 2%), · no clear difference
↗ s2 has not settled: its open questions grow through the window: developers wait longer for answers
    the longer the run (no verdict on its waiting times: a gap of many times against a settled
    structure measures the run's length, not the structure)
ranking on throughput_per_week (1 = best; equivalent ones share a rank): 1 s1, 1 s2, 2 s0
cost frontier on throughput_per_week: s0 is dominated by s2, s1 is dominated by s2 (costs no more
    and delivers at least as much)

warning signs in at least half of the trials:
  s2: its queues keep growing, so its waiting times depend on the run's length (a queue grows
    between the window's halves by 50% of its mean > 20%) in 100% of trials
";
        assert_eq!(got, want, "\n{got}");
    }

    /// Trials of a sweep point whose structure k has p90 latency `2 + k·gap` (± noise)
    /// and a utilisation (of a person serving every squad) that crosses 0.85 in trial
    /// t when t·k is odd; s1's open questions grow where `unsettled`.
    fn sweep_stats(p: &Scenario, gap: f64, unsettled: bool) -> PointStats {
        stats_with(p, |k, t| {
            let mut r = fake_trial(p, k, t);
            let noise = f64::from(t % 4) * 0.1;
            r.metrics
                .set(Metric::DecisionLatencyP90H, 2.0 + k as f64 * gap + noise);
            let busy = if (t * k as u32) % 2 == 1 { 0.9 } else { 0.5 };
            r.metrics.set(Metric::ProductUtilMax, busy);
            r.metrics.set(Metric::SharedUtilMax, busy);
            let growth = if unsettled && k == 1 { 1.0 } else { 0.0 };
            growing(r, growth)
        })
    }

    #[test]
    fn a_sweep_reads_as_one_table_with_its_crossovers() {
        let points: Vec<Scenario> = ["1", "2", "4"]
            .iter()
            .map(|v| {
                let mut p = point("too-many", &[("team.squads", v)], 8, 2);
                p.description = "One PO or one per squad".into();
                p
            })
            .collect();
        let stats: Vec<PointStats> = points
            .iter()
            .zip([(0.0, true), (-0.5, false), (-3.0, false)])
            .map(|(p, (gap, unsettled))| sweep_stats(p, gap, unsettled))
            .collect();
        let got = render(&points, &stats, &[]);
        // Throughput 100 apart on 8000 is within the margin: no crossover. At one
        // squad s1 has not settled: its latencies get no verdict there and that point
        // is not compared, so each side's lead on a latency holds at every point
        // compared.
        let want = "\
too-many: a sweep of 3 points along team.squads
One PO or one per squad
8 trials per structure and point, seed 1; means (95% intervals in summary.csv)
against s0 (paired, 95%): ▲ better, ▼ worse, ≈ equivalent (within 2%), · no clear difference

team.squads              1           2         4
throughput_per_week
  s0                     8004        8004      8004
  s1                     8104 ↗ ≈    8104 ≈    8104 ≈
decision_latency_mean_h
  s0                     1.263       1.263     1.263
  s1                     2.262 ↗ ·   2.262 ▼   2.262 ▼
decision_latency_p90_h
  s0                     2.150       2.150     2.150
  s1                     2.150 ↗ ·   1.650 ▲   -0.8500 ▲
product_util_max
  s0                     0.5000      0.5000    0.5000
  s1                     0.7000 ↗ ▼  0.7000 ▼  0.7000 ▼

crossovers along team.squads (the first point from which one structure stays better):
  s0 and s1: no crossover on throughput_per_week
  s0 is better than s1 on decision_latency_mean_h at every point compared (not compared at
    team.squads = 1, where a side has not settled)
  s1 is better than s0 on decision_latency_p90_h at every point compared (not compared at
    team.squads = 1, where a side has not settled)
  s0 is better than s1 on product_util_max at every point

↗ s1 has not settled at team.squads = 1: its open questions grow through the window: developers wait
    longer for answers the longer the run (no verdict on its waiting times: a gap of many times
    against a settled structure measures the run's length, not the structure)

warning signs in at least half of the trials at a point:
  s1: several squads compete for one person (shared_util_max > 85%) at team.squads = 1, 2, 4
  s1: its queues keep growing, so its waiting times depend on the run's length (queue_growth_max >
    20%) at team.squads = 1
";
        assert_eq!(got, want, "\n{got}");
    }

    /// Three structures along a sweep, throughput 1000 + 100 k + t (10% apart: a strict
    /// order), priced at 100, 50 and 50 a developer: a ranking line per point, and s0
    /// dominated at both points (s1 costs less and delivers more). s1 and s2 cost the
    /// same and s2 delivers more: s1 is dominated too.
    #[test]
    fn a_sweep_ranks_and_prices_each_point() {
        let points: Vec<Scenario> = ["1", "2"]
            .iter()
            .map(|v| {
                let mut p = point("r", &[("team.squads", v)], 6, 3);
                for (s, cost) in p.structures.iter_mut().zip([100.0, 50.0, 50.0]) {
                    s.dev_yearly_cost = Some(cost);
                }
                p
            })
            .collect();
        let stats: Vec<PointStats> = points.iter().map(stats_for).collect();
        let got = render(&points, &stats, &[]);
        let tail = got.split("at every point\n").last().unwrap_or("");
        assert_eq!(
            tail,
            "
ranking on throughput_per_week at team.squads = 1 (1 = best; equivalent ones share a rank): 1 s2,
    2 s1, 3 s0
ranking on throughput_per_week at team.squads = 2 (1 = best; equivalent ones share a rank): 1 s2,
    2 s1, 3 s0
cost frontier on throughput_per_week: s0 is dominated at team.squads = 1 (by s1), 2 (by s1), which
    cost no more and deliver at least as much
cost frontier on throughput_per_week: s1 is dominated at team.squads = 1 (by s2), 2 (by s2), which
    cost no more and deliver at least as much

warning signs: none fires in at least half of the trials
",
            "\n{got}"
        );
    }

    #[test]
    fn warning_signs_of_one_point_are_told_in_words() {
        let p = point("one", &[], 8, 2);
        let stats = sweep_stats(&p, 3.0, false);
        let got = render(std::slice::from_ref(&p), &[stats], &[]);
        let tail = got.split("no clear difference\n").nth(1).unwrap_or("");
        assert_eq!(
            tail,
            "
warning signs in at least half of the trials:
  s1: developers wait too long for answers (p90 5.1 h > 4 h) in 100% of trials
  s1: several squads compete for one person (busiest person serving several squads 70% busy on
    average, threshold 85%) in 50% of trials
",
            "\n{got}"
        );
    }

    #[test]
    fn many_structures_wrap_into_blocks_within_the_width() {
        let mut p = point("wide", &[], 5, 9);
        for (k, s) in p.structures.iter_mut().enumerate() {
            s.name = format!("a-rather-long-structure-name-{k}");
        }
        let stats = stats_for(&p);
        let got = render(std::slice::from_ref(&p), &[stats], &[]);
        for line in got.lines() {
            assert!(line.chars().count() <= WIDTH, "too wide: {line}");
        }
        // Every structure appears in some block header, shortened but distinct.
        for k in 0..9 {
            assert!(
                got.contains(&format!("a-rather-long…ructure-name-{k}")),
                "{k}\n{got}"
            );
        }
        assert!(got.matches("throughput_per_week").count() >= 3);
    }
}
