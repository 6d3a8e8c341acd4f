//! The verdict section: one sentence per pair of structures on the headline metrics,
//! and the comparisons behind it.

use super::figure::{num, text, Table};
use super::trial_counts;
use super::words::{and_list, describe, show};
use crate::model::Metric;
use crate::output::html::data::{Compare, PointData, ScenarioData};
use crate::output::html::text::{esc, pct};
use crate::stats::Verdict;
use std::fmt::Write as _;

/// One sentence per pair of structures, and the table of their comparisons.
pub(super) fn section(out: &mut String, scenario: &ScenarioData, point: &PointData) {
    let pairs = point.pairs();
    if pairs.is_empty() {
        out.push_str("<p class=\"note\">One structure only: nothing to compare.</p>\n");
        return;
    }
    let trials = trial_counts(point, scenario.structures.len());
    out.push_str("<ul class=\"verdicts\">\n");
    for &(a, b) in &pairs {
        let paired = trials.get(a).copied().unwrap_or(0);
        let _ = writeln!(out, "<li>{}</li>", sentence(scenario, point, a, b, paired));
    }
    out.push_str("</ul>\n");
    // The comparisons behind the sentences, with the share of trials each side won.
    let mut table = Table::new(&[
        "structure A",
        "structure B",
        "metric",
        "mean A",
        "mean B",
        "trials A better",
        "verdict for A",
    ]);
    for &(a, b) in &pairs {
        for metric in Metric::HEADLINE {
            if let Some(c) = point.compare(a, b, metric) {
                table.rows.push(vec![
                    text(&scenario.structures[a]),
                    text(&scenario.structures[b]),
                    text(metric.name()),
                    num(show(metric, c.mean_a)),
                    num(show(metric, c.mean_b)),
                    num(pct(c.a_better_share)),
                    text(c.verdict.map_or("", Verdict::name)),
                ]);
            }
        }
    }
    table.write(out);
}

/// The verdict on A against B in one sentence (HTML), told from the side of the
/// structure that wins more headline metrics (A on a tie).
fn sentence(scenario: &ScenarioData, point: &PointData, a: usize, b: usize, trials: u64) -> String {
    let (mut a_wins, mut b_wins, mut unclear) = (Vec::new(), Vec::new(), Vec::new());
    for metric in Metric::HEADLINE {
        let Some(c) = point.compare(a, b, metric) else {
            continue;
        };
        match c.verdict {
            Some(Verdict::Better) => a_wins.push(c),
            Some(Verdict::Worse) => b_wins.push(c),
            Some(Verdict::NoClearDifference | Verdict::Equivalent) => unclear.push(c),
            None => {}
        }
    }
    let (name_a, name_b) = (esc(&scenario.structures[a]), esc(&scenario.structures[b]));
    if a_wins.is_empty() && b_wins.is_empty() {
        return format!(
            "No clear difference between <strong>{name_a}</strong> and <strong>{name_b}</strong> \
             on any headline metric at 95% confidence ({trials} paired trials)."
        );
    }
    let a_side = a_wins.len() >= b_wins.len();
    let (subject, other, better, worse) = if a_side {
        (&name_a, &name_b, &a_wins, &b_wins)
    } else {
        (&name_b, &name_a, &b_wins, &a_wins)
    };
    // "metric (value against value)", the subject's value first.
    let item = |c: &&Compare| {
        let (mine, theirs) = if a_side {
            (c.mean_a, c.mean_b)
        } else {
            (c.mean_b, c.mean_a)
        };
        format!(
            "{} ({} against {})",
            esc(&describe(c.metric).short),
            esc(&show(c.metric, mine)),
            esc(&show(c.metric, theirs))
        )
    };
    let list =
        |items: &[&Compare]| -> String { and_list(&items.iter().map(item).collect::<Vec<_>>()) };
    let mut sentence =
        format!("<strong>{subject}</strong> is better than <strong>{other}</strong>");
    if !better.is_empty() {
        let _ = write!(sentence, " on {}", list(better));
    }
    if !worse.is_empty() {
        let _ = write!(sentence, ", but worse on {}", list(worse));
    }
    if !unclear.is_empty() {
        let names: Vec<String> = unclear
            .iter()
            .map(|c| esc(&describe(c.metric).short))
            .collect();
        let _ = write!(sentence, "; no clear difference on {}", and_list(&names));
    }
    let _ = write!(
        sentence,
        " — each at 95% confidence over {trials} paired trials."
    );
    sentence
}
