//! The comparison table printed after a run.
//!
//! Per scenario point a table: the headline metrics as rows, the structures as
//! columns, each cell `mean ± half-width of the 95% interval`, and for every structure
//! after the first a marker of its paired verdict against the first: `▲` better,
//! `▼` worse, `=` no clear difference. Plain text (no colour or cursor codes) at most
//! [`WIDTH`] columns wide: structures that do not fit go to a further block of the
//! same table.

use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use std::fmt::Write as _;

/// Widest line the report prints, in characters.
pub const WIDTH: usize = 100;

/// The rows of the table: the metrics a product leader reads first.
pub const HEADLINE: [Metric; 9] = [
    Metric::ThroughputPerWeek,
    Metric::LeadTimeMeanH,
    Metric::DecisionLatencyMeanH,
    Metric::DecisionLatencyP90H,
    Metric::DevBlockedShare,
    Metric::DiscoveryShare,
    Metric::ProductUtilMax,
    Metric::ValuePerWeek,
    Metric::CostPerItem,
];

/// Longest structure name shown in a column header before it is shortened.
const MAX_NAME: usize = 28;
/// Spaces between columns.
const GAP: usize = 2;

/// The report for every point of a batch, `stats[i]` belonging to `points[i]`.
pub fn render(points: &[Scenario], stats: &[PointStats]) -> String {
    let mut out = String::new();
    for (i, (point, st)) in points.iter().zip(stats).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_point(&mut out, point, st);
    }
    out
}

fn render_point(out: &mut String, point: &Scenario, st: &PointStats) {
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
        st.trials(),
        point.run.seed
    );
    let s = st.structures();
    if s == 0 {
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
    let rows: Vec<Metric> = HEADLINE
        .into_iter()
        .filter(|&m| (0..s).any(|k| st.summary(k, m).moments.count() > 0))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|&m| (0..s).map(|k| cell(st, k, m)).collect())
        .collect();
    let label = HEADLINE.iter().map(|m| m.name().len()).max().unwrap_or(0) + GAP;
    let widths: Vec<usize> = (0..s)
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
    while start < s {
        let mut end = start;
        let mut used = label;
        while end < s && (end == start || used + widths[end] <= WIDTH) {
            used += widths[end] + GAP;
            end += 1;
        }
        out.push('\n');
        let mut line = format!("{:label$}", "");
        for k in start..end {
            let _ = write!(line, "{:w$}", headers[k], w = widths[k] + GAP);
        }
        let _ = writeln!(out, "{}", line.trim_end());
        for (m, row) in rows.iter().zip(&cells) {
            let mut line = format!("{:label$}", m.name());
            for k in start..end {
                let _ = write!(line, "{:w$}", row[k], w = widths[k] + GAP);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        start = end;
    }
    if s > 1 {
        let _ = writeln!(
            out,
            "\nagainst {}: ▲ better, ▼ worse, = no clear difference (paired, 95%)",
            shorten(&point.structures[0].name, MAX_NAME)
        );
    }
}

/// `mean ± half-width`, then the verdict against the first structure.
fn cell(st: &PointStats, k: usize, m: Metric) -> String {
    let moments = &st.summary(k, m).moments;
    let mut text = mean_pm(moments.mean(), moments.ci95_half_width());
    let pair = if k > 0 { Some(st.pair(0, k, m)) } else { None };
    // No marker where the two were never observed in the same trial: there is no
    // paired difference to judge.
    if let Some(pair) = pair.filter(|p| p.count() > 0) {
        let marker = match pair.verdict() {
            // The pair is (first, k): the first's verdict against k, turned around.
            Some(Verdict::Better) => "▼",
            Some(Verdict::Worse) => "▲",
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
        let mut st = PointStats::new(p.structures.len());
        for t in 0..p.run.trials {
            let results: Vec<_> = (0..p.structures.len())
                .map(|k| fake_trial(p, k, t))
                .collect();
            st.add_trial(&results);
        }
        st
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
        let st = stats_for(&p);
        let got = render(std::slice::from_ref(&p), &[st]);
        let want = "\
growth (team.squads = 2)
Two squads: one PM-PO against a PO per squad
20 trials per structure, seed 1; mean ± 95% confidence half-width

                         s0             s1               s2
throughput_per_week      6009.5 ± 2.8   6109.5 ± 2.8 ▲   6209.5 ± 2.8 ▲
decision_latency_mean_h  1.285 ± 0.093  2.285 ± 0.093 ▼  3.285 ± 0.093 ▼

against s0: ▲ better, ▼ worse, = no clear difference (paired, 95%)
";
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn many_structures_wrap_into_blocks_within_the_width() {
        let mut p = point("wide", &[], 5, 9);
        for (k, s) in p.structures.iter_mut().enumerate() {
            s.name = format!("a-rather-long-structure-name-{k}");
        }
        let st = stats_for(&p);
        let got = render(std::slice::from_ref(&p), &[st]);
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
