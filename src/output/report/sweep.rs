//! A swept scenario in the printed report: per line of the sweep a compact table,
//! sweep values as columns, one row per structure under each headline metric, then
//! the crossovers along the line.

use super::text::{pad, shorten, wrap};
use super::{figure, legend, observed_headline, GAP, MAX_NAME, WIDTH};
use crate::analysis::{crossover, Crossing, SweepLine};
use crate::scenario::Scenario;
use crate::stats::PointStats;
use std::fmt::Write as _;
use std::ops::Range;

/// A swept scenario: per line of the sweep a compact table, sweep values as columns,
/// then the crossovers along the line.
pub(super) fn render_sweep(
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
        legend(out, first, &names[0]);
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
                        .map(|&p| figure(&points[p], &stats[p], k, metric, false))
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
                let c = crossover(points, stats, line, a, b, metric);
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
                        "{} is better than {} on {} at every point{}",
                        names[winner],
                        names[loser],
                        metric.name(),
                        if c.skipped.is_empty() && c.unsettled.is_empty() {
                            ""
                        } else {
                            " compared"
                        }
                    ),
                    Crossing::None => format!(
                        "{} and {}: no crossover on {}",
                        names[a],
                        names[b],
                        metric.name()
                    ),
                };
                let mut gaps = Vec::new();
                if !c.skipped.is_empty() {
                    gaps.push(format!("no paired values at {}", at(&c.skipped)));
                }
                if !c.unsettled.is_empty() {
                    gaps.push(format!(
                        "not compared at {}, where a side has not settled",
                        at(&c.unsettled)
                    ));
                }
                if !gaps.is_empty() {
                    let _ = write!(text, " ({})", gaps.join("; "));
                }
                wrap(out, &format!("  {text}"), 4);
            }
        }
    }
}
