//! The comparison report printed after a run.
//!
//! Per scenario without a sweep, a table: the headline metrics
//! ([`Metric::HEADLINE`]) as rows, the structures
//! as columns, each cell `mean ± half-width of the 95% interval`, and for every
//! structure after the first a marker of its paired verdict against the first: `▲`
//! better, `▼` worse, `=` no clear difference.
//!
//! Per swept scenario, one compact table per line of the sweep (see
//! [`crate::analysis::crossover`](mod@crate::analysis::crossover)): the sweep values as columns, for each headline
//! metric one row per structure with its mean and marker; then, per pair of
//! structures and headline metric, the crossover.
//!
//! Under each scenario, the warning signs that fire in at least half of the trials
//! ([`REPORT_SHARE`]) and the warm-up check's notes. Plain text (no colour or cursor
//! codes) at most [`WIDTH`] columns wide: columns that do not fit go to a further
//! block of the same table, long sentences wrap.

use crate::analysis::warnings::{percent, REPORT_SHARE};
use crate::analysis::{
    crossover, scenario_ranges, sweep_lines, warmup, Crossing, SweepLine, WarningSign,
};
use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use std::fmt::Write as _;
use std::ops::Range;

/// Widest line the report prints, in characters.
pub const WIDTH: usize = 100;

/// Longest structure name shown in a column header before it is shortened.
const MAX_NAME: usize = 28;
/// Spaces between columns.
const GAP: usize = 2;

/// The report for every point of a batch, `stats[i]` belonging to `points[i]`.
pub fn render(points: &[Scenario], stats: &[PointStats]) -> String {
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
                render_warnings(&mut out, points, stats, p..p + 1);
                render_warmup(&mut out, points, stats, p..p + 1);
            }
        } else {
            render_sweep(&mut out, points, stats, range.clone(), &lines);
            render_warnings(&mut out, points, stats, range.clone());
            render_warmup(&mut out, points, stats, range);
        }
    }
    out
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
    // A metric no structure observed (discovery_share without `[discovery]` …) would
    // be a row of dashes: leave it out.
    let rows: Vec<Metric> = Metric::HEADLINE
        .into_iter()
        .filter(|&metric| (0..structures).any(|k| stats.summary(k, metric).moments.count() > 0))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|&metric| (0..structures).map(|k| cell(stats, k, metric)).collect())
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
    if structures > 1 {
        let _ = writeln!(
            out,
            "\nagainst {}: ▲ better, ▼ worse, = no clear difference (paired, 95%)",
            shorten(&point.structures[0].name, MAX_NAME)
        );
    }
}

/// `mean ± half-width`, then the verdict against the first structure.
fn cell(stats: &PointStats, k: usize, metric: Metric) -> String {
    let moments = &stats.summary(k, metric).moments;
    with_marker(
        mean_pm(moments.mean(), moments.ci95_half_width()),
        stats,
        k,
        metric,
    )
}

/// `text`, then structure k's verdict against the first on `metric`, if it has one.
fn with_marker(mut text: String, stats: &PointStats, k: usize, metric: Metric) -> String {
    let pair = if k > 0 {
        Some(stats.pair(0, k, metric))
    } else {
        None
    };
    // No marker where the two were never observed in the same trial: there is no
    // paired difference to judge.
    if let Some(pair) = pair.filter(|p| p.count() > 0) {
        let marker = match pair.verdict() {
            // The pair is (first, k): the first's verdict against k, turned around.
            Some(Verdict::Better) => "▼",
            Some(Verdict::Worse) => "▲",
            Some(Verdict::Equivalent) => "≈",
            Some(Verdict::NoClearDifference) => "=",
            None => "",
        };
        if !marker.is_empty() {
            text.push(' ');
            text.push_str(marker);
        }
    }
    text
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

/// A swept scenario: per line of the sweep a compact table, sweep values as columns,
/// then the crossovers along the line.
fn render_sweep(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
    lines: &[SweepLine],
) {
    let first = &points[range.start];
    let parameter = &lines[0].parameter;
    let _ = writeln!(
        out,
        "{}",
        shorten(
            &format!(
                "{}: a sweep of {} points along {parameter}",
                first.name,
                range.len()
            ),
            WIDTH
        )
    );
    if !first.description.is_empty() {
        let _ = writeln!(out, "{}", shorten(&first.description, WIDTH));
    }
    let _ = writeln!(
        out,
        "{} trials per structure and point, seed {}; means (95% intervals in summary.csv)",
        stats[range.start].trials(),
        first.run.seed
    );
    let structures = stats[range.start].structures();
    if structures == 0 {
        return;
    }
    let names: Vec<String> = first
        .structures
        .iter()
        .map(|x| shorten(&x.name, MAX_NAME))
        .collect();
    if structures > 1 {
        let _ = writeln!(
            out,
            "against {}: ▲ better, ▼ worse, = no clear difference (paired, 95%)",
            names[0]
        );
    }
    for line in lines {
        out.push('\n');
        if !line.fixed.is_empty() {
            let fixed: Vec<String> = line
                .fixed
                .iter()
                .map(|(p, v)| format!("{p} = {v}"))
                .collect();
            wrap(out, &format!("with {}:", fixed.join(", ")), 0);
        }
        render_line_table(out, points, stats, line, &names);
        if structures > 1 {
            render_crossovers(out, points, stats, line, &names);
        }
    }
}

/// One line of a sweep as a table: a header row of the swept values, then for each
/// headline metric its name and one row per structure.
fn render_line_table(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    line: &SweepLine,
    names: &[String],
) {
    let rows = observed_headline(stats, &line.points);
    let structures = names.len();
    let label = rows
        .iter()
        .map(|metric| metric.name().chars().count())
        .chain(names.iter().map(|n| n.chars().count() + 2))
        .chain([line.parameter.chars().count()])
        .max()
        .unwrap_or(0)
        .min(WIDTH / 2)
        + GAP;
    let headers: Vec<String> = (0..line.points.len())
        .map(|i| shorten(line.value(points, i), MAX_NAME))
        .collect();
    // cells[metric][structure][position]
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|&metric| {
            (0..structures)
                .map(|k| {
                    line.points
                        .iter()
                        .map(|&p| {
                            let mean = stats[p].summary(k, metric).moments.mean();
                            with_marker(mean_pm(mean, f64::NAN), &stats[p], k, metric)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..line.points.len())
        .map(|i| {
            cells
                .iter()
                .flatten()
                .map(|row| row[i].chars().count())
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut start = 0;
    while start < headers.len() {
        let mut end = start;
        let mut used = label;
        while end < headers.len() && (end == start || used + widths[end] <= WIDTH) {
            used += widths[end] + GAP;
            end += 1;
        }
        if start > 0 {
            out.push('\n');
        }
        let mut text = pad(&shorten(&line.parameter, label - GAP), label);
        for i in start..end {
            text.push_str(&pad(&headers[i], widths[i] + GAP));
        }
        let _ = writeln!(out, "{}", text.trim_end());
        for (metric, metric_cells) in rows.iter().zip(&cells) {
            let _ = writeln!(out, "{}", metric.name());
            for (name, row) in names.iter().zip(metric_cells) {
                let mut text = pad(&format!("  {name}"), label);
                for i in start..end {
                    text.push_str(&pad(&row[i], widths[i] + GAP));
                }
                let _ = writeln!(out, "{}", text.trim_end());
            }
        }
        start = end;
    }
}

/// Per pair of structures and headline metric, the crossover along `line`.
fn render_crossovers(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    line: &SweepLine,
    names: &[String],
) {
    let _ = writeln!(
        out,
        "\ncrossovers along {} (the first point from which one structure stays better):",
        line.parameter
    );
    let metrics = observed_headline(stats, &line.points);
    let at = |positions: &[usize]| -> String {
        let values: Vec<&str> = positions.iter().map(|&i| line.value(points, i)).collect();
        format!("{} = {}", line.parameter, values.join(", "))
    };
    for a in 0..names.len() {
        for b in a + 1..names.len() {
            for &metric in &metrics {
                let c = crossover(stats, line, a, b, metric);
                let mut text = match c.crossing {
                    Crossing::From {
                        winner,
                        loser,
                        from,
                    } => format!(
                        "{} overtakes {} on {} from {}",
                        names[winner],
                        names[loser],
                        metric.name(),
                        at(&[from])
                    ),
                    Crossing::Throughout { winner, loser } => format!(
                        "{} is better than {} on {} at every point",
                        names[winner],
                        names[loser],
                        metric.name()
                    ),
                    Crossing::None => format!(
                        "{} and {}: no crossover on {}",
                        names[a],
                        names[b],
                        metric.name()
                    ),
                };
                if !c.skipped.is_empty() {
                    let _ = write!(text, " (no paired values at {})", at(&c.skipped));
                }
                wrap(out, &format!("  {text}"), 4);
            }
        }
    }
}

/// The warning signs that fire in at least [`REPORT_SHARE`] of the trials, per
/// structure: with their values for one point, with the points where they fire for a
/// sweep.
fn render_warnings(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) {
    let first = &points[range.start];
    let sweep = range.len() > 1;
    let mut lines: Vec<String> = Vec::new();
    for (k, structure) in first.structures.iter().enumerate() {
        let name = shorten(&structure.name, MAX_NAME);
        for (i, sign) in WarningSign::ALL.iter().enumerate() {
            // (point, threshold bound, fired share) wherever it fires.
            let fired: Vec<(usize, f64, f64)> = range
                .clone()
                .filter_map(|p| {
                    let check = stats[p].exceedance(k, i)?;
                    (check.share() >= REPORT_SHARE)
                        .then(|| (p, check.threshold().bound, check.share()))
                })
                .collect();
            let Some(&(p, bound, share)) = fired.first() else {
                continue;
            };
            if sweep {
                let same = fired.iter().all(|f| f.1 == bound);
                let op = if sign.above() { ">" } else { "<" };
                // A swept threshold has no one value to show.
                let what = if same {
                    format!("{} {op} {}", sign.metric().name(), sign.bound_text(bound))
                } else {
                    format!("{} past its threshold", sign.metric().name())
                };
                let indices: Vec<usize> = fired.iter().map(|f| f.0).collect();
                let at = point_labels(points, &indices, &[]);
                lines.push(format!("{name}: {} ({what}) at {at}", sign.words()));
            } else {
                let mean = stats[p].summary(k, sign.metric()).moments.mean();
                lines.push(format!(
                    "{name}: {} ({}) in {} of trials",
                    sign.words(),
                    sign.comparison(mean, bound),
                    percent(share)
                ));
            }
        }
    }
    out.push('\n');
    if lines.is_empty() {
        let _ = writeln!(
            out,
            "warning signs: none fires in at least half of the trials"
        );
        return;
    }
    let when = if sweep {
        "in at least half of the trials at a point"
    } else {
        "in at least half of the trials"
    };
    let _ = writeln!(out, "warning signs {when}:");
    for line in lines {
        wrap(out, &format!("  {line}"), 4);
    }
}

/// The warm-up check's notes for the points `range`, per structure and series.
fn render_warmup(out: &mut String, points: &[Scenario], stats: &[PointStats], range: Range<usize>) {
    let first = &points[range.start];
    let sweep = range.len() > 1;
    let notes: Vec<(usize, warmup::WarmupNote)> = range
        .clone()
        .flat_map(|p| {
            warmup::check(&points[p], &stats[p])
                .into_iter()
                .map(move |n| (p, n))
        })
        .collect();
    if notes.is_empty() {
        return;
    }
    for (k, structure) in first.structures.iter().enumerate() {
        let name = shorten(&structure.name, MAX_NAME);
        for series in warmup::Series::ALL {
            let mine: Vec<&(usize, warmup::WarmupNote)> = notes
                .iter()
                .filter(|(_, n)| n.structure == k && n.series == series)
                .collect();
            let Some((p, note)) = mine.first() else {
                continue;
            };
            let weeks = |n: &warmup::WarmupNote| {
                if n.unsettled() {
                    "not settled".to_string()
                } else {
                    format!("{} weeks", n.weeks())
                }
            };
            let text = if sweep {
                let indices: Vec<usize> = mine.iter().map(|(p, _)| *p).collect();
                let weeks: Vec<String> = mine.iter().map(|(_, n)| weeks(n)).collect();
                format!(
                    "warm-up: MSER-5 finds {name}'s {} settling later than warmup_weeks = {} \
                     at {}",
                    series.name(),
                    points[*p].run.warmup_weeks,
                    point_labels(points, &indices, &weeks)
                )
            } else if note.unsettled() {
                format!(
                    "warm-up: {name}'s {} has not settled by week {} of {} (MSER-5 cut at its \
                     limit): a queue that keeps growing, or a run too short to tell",
                    series.name(),
                    note.weeks(),
                    points[*p].run.warmup_weeks + points[*p].run.weeks
                )
            } else {
                format!(
                    "warm-up: MSER-5 suggests {} weeks of warm-up for {name}'s {}; the \
                     scenario has warmup_weeks = {}",
                    note.weeks(),
                    series.name(),
                    points[*p].run.warmup_weeks
                )
            };
            wrap(out, &text, 4);
        }
    }
}

/// The sweep values of the points `indices`, each followed by its `notes` entry when
/// not empty: `team.squads = 3, 4 (10 weeks)` for a one-parameter sweep,
/// `(team.squads, work.y) = (3, a), (4, a)` for a grid.
fn point_labels(points: &[Scenario], indices: &[usize], notes: &[String]) -> String {
    let Some(&first) = indices.first() else {
        return String::new();
    };
    let sweep = &points[first].sweep;
    let one = sweep.len() == 1;
    let values: Vec<String> = indices
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let v: Vec<&str> = points[p].sweep.iter().map(|(_, v)| v.as_str()).collect();
            let mut label = if one {
                v.join(", ")
            } else {
                format!("({})", v.join(", "))
            };
            if let Some(note) = notes.get(i).filter(|n| !n.is_empty()) {
                let _ = write!(label, " ({note})");
            }
            label
        })
        .collect();
    let names: Vec<&str> = sweep.iter().map(|(k, _)| k.as_str()).collect();
    if one {
        format!("{} = {}", names[0], values.join(", "))
    } else {
        format!("({}) = {}", names.join(", "), values.join(", "))
    }
}

/// `s` padded with spaces to `width` characters (counted as characters, not bytes:
/// `▲` is one column).
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    let mut t = s.to_string();
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
    t
}

/// Writes `text` wrapped at spaces to [`WIDTH`] columns, continuation lines indented
/// by `indent` spaces. A word longer than a line is cut.
fn wrap(out: &mut String, text: &str, indent: usize) {
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let mut line = " ".repeat(lead);
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{line}");
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&shorten(word, WIDTH - indent));
        empty = false;
    }
    let _ = writeln!(out, "{line}");
}

/// A mean and its half-width, rounded so the half-width keeps two significant digits
/// (the mean to the same decimals); four significant digits when there is no interval.
fn mean_pm(mean: f64, half: f64) -> String {
    if !mean.is_finite() {
        return "–".to_string();
    }
    if half.is_finite() && half > 0.0 {
        let decimals = 1 - half.log10().floor() as i32;
        // Below a millionth the interval is noise in the last digits: say ± 0.
        if decimals <= 6 {
            let decimals = decimals.max(0) as usize;
            return format!("{mean:.decimals$} ± {half:.decimals$}");
        }
    }
    let magnitude = if mean == 0.0 {
        3
    } else {
        mean.abs().log10().floor() as i32
    };
    let decimals = (3 - magnitude).clamp(0, 6) as usize;
    if half.is_nan() {
        format!("{mean:.decimals$}")
    } else {
        format!("{mean:.decimals$} ± 0")
    }
}

/// `s` cut to `max` characters by an ellipsis in the middle: names that differ only
/// at the end (`po-per-squad-2`, `po-per-squad-3`) stay distinct.
fn shorten(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let head = keep / 2;
    let tail = keep - head;
    let mut t: String = s.chars().take(head).collect();
    t.push('…');
    t.extend(s.chars().skip(n - tail));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::tests::fake_trial;
    use crate::output::tests::point;

    fn stats_for(p: &Scenario) -> PointStats {
        let mut point_stats = PointStats::new(p.structures.len());
        for t in 0..p.run.trials {
            let results: Vec<_> = (0..p.structures.len())
                .map(|k| fake_trial(p, k, t))
                .collect();
            point_stats.add_trial(&results);
        }
        point_stats
    }

    #[test]
    fn numbers_keep_two_significant_digits_of_the_interval() {
        assert_eq!(mean_pm(12.3456, 0.0567), "12.346 ± 0.057");
        assert_eq!(mean_pm(12345.678, 234.5), "12346 ± 234");
        assert_eq!(mean_pm(0.123456, f64::NAN), "0.1235");
        assert_eq!(mean_pm(5.0, 0.0), "5.000 ± 0");
        assert_eq!(mean_pm(0.0, 0.0), "0 ± 0");
        assert_eq!(mean_pm(0.3, 4e-8), "0.3000 ± 0");
        assert_eq!(mean_pm(0.299998, 0.000045), "0.299998 ± 0.000045");
        assert_eq!(mean_pm(f64::NAN, f64::NAN), "–");
    }

    #[test]
    fn report_matches_the_golden_text() {
        let mut p = point("growth", &[("team.squads", "2")], 20, 3);
        p.description = "Two squads: one PM-PO against a PO per squad".into();
        let stats = stats_for(&p);
        let got = render(std::slice::from_ref(&p), &[stats]);
        let want = "\
growth (team.squads = 2)
Two squads: one PM-PO against a PO per squad
20 trials per structure, seed 1; mean ± 95% confidence half-width

                         s0             s1               s2
throughput_per_week      6009.5 ± 2.8   6109.5 ± 2.8 ▲   6209.5 ± 2.8 ▲
decision_latency_mean_h  1.285 ± 0.093  2.285 ± 0.093 ▼  3.285 ± 0.093 ▼

against s0: ▲ better, ▼ worse, = no clear difference (paired, 95%)

warning signs: none fires in at least half of the trials
";
        assert_eq!(got, want, "\n{got}");
    }

    /// Trials of a sweep point whose structure k has p90 latency `2 + k·gap` (± noise)
    /// and a utilisation that crosses 0.85 in trial t when t·k is odd.
    fn sweep_stats(p: &Scenario, gap: f64) -> PointStats {
        let mut point_stats = PointStats::with_thresholds(crate::analysis::thresholds(p));
        for t in 0..p.run.trials {
            let results: Vec<_> = (0..p.structures.len())
                .map(|k| {
                    let mut r = fake_trial(p, k, t);
                    let noise = f64::from(t % 4) * 0.1;
                    r.metrics
                        .set(Metric::DecisionLatencyP90H, 2.0 + k as f64 * gap + noise);
                    let busy = if (t * k as u32) % 2 == 1 { 0.9 } else { 0.5 };
                    r.metrics.set(Metric::ProductUtilMax, busy);
                    r
                })
                .collect();
            point_stats.add_trial(&results);
        }
        point_stats
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
            .zip([0.0, -0.5, -3.0])
            .map(|(p, gap)| sweep_stats(p, gap))
            .collect();
        let got = render(&points, &stats);
        let want = "\
too-many: a sweep of 3 points along team.squads
One PO or one per squad
8 trials per structure and point, seed 1; means (95% intervals in summary.csv)
against s0: ▲ better, ▼ worse, = no clear difference (paired, 95%)

team.squads              1         2         4
throughput_per_week
  s0                     8004      8004      8004
  s1                     8104 ▲    8104 ▲    8104 ▲
decision_latency_mean_h
  s0                     1.263     1.263     1.263
  s1                     2.262 ▼   2.262 ▼   2.262 ▼
decision_latency_p90_h
  s0                     2.150     2.150     2.150
  s1                     2.150 =   1.650 ▲   -0.8500 ▲
product_util_max
  s0                     0.5000    0.5000    0.5000
  s1                     0.7000 ▼  0.7000 ▼  0.7000 ▼

crossovers along team.squads (the first point from which one structure stays better):
  s1 is better than s0 on throughput_per_week at every point
  s0 is better than s1 on decision_latency_mean_h at every point
  s1 overtakes s0 on decision_latency_p90_h from team.squads = 2
  s0 is better than s1 on product_util_max at every point

warning signs in at least half of the trials at a point:
  s1: several squads compete for one person (product_util_max > 85%) at team.squads = 1, 2, 4
";
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn warning_signs_of_one_point_are_told_in_words() {
        let p = point("one", &[], 8, 2);
        let stats = sweep_stats(&p, 3.0);
        let got = render(std::slice::from_ref(&p), &[stats]);
        let tail = got.split("(paired, 95%)\n").nth(1).unwrap_or("");
        assert_eq!(
            tail,
            "
warning signs in at least half of the trials:
  s1: developers wait too long for answers (p90 5.1 h > 4 h) in 100% of trials
  s1: several squads compete for one person (busiest product person 70% busy on average, threshold
    85%) in 50% of trials
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
        let got = render(std::slice::from_ref(&p), &[stats]);
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
