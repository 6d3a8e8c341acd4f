//! Which assumptions decide the verdict, in the printed report: under a scenario with
//! `[uncertainty]`, per pair of structures the sentence on the primary outcome (per
//! point of a sweep), then for one point a table of the headline metrics: the share of
//! parameter sets with each verdict and the parameter the difference turns on most.
//! The rules and the sentence are [`crate::uncertainty`]'s; this module lays them out.

use super::text::{pad, shorten, wrap};
use super::{GAP, WIDTH};
use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::Verdict;
use crate::uncertainty::{percent_of_sets, sentence, Comparison, Findings};
use std::fmt::Write as _;
use std::ops::Range;

/// The markers of the verdicts, in [`Verdict::ALL`] order, as the report's legend
/// gives them.
const MARKERS: [&str; Verdict::COUNT] = ["▲", "▼", "≈", "·"];

/// The marker of the sets without a verdict.
const NO_VERDICT: &str = "–";

/// Width of a share's column: `100%` and a space.
const SHARE_WIDTH: usize = 5;

/// The section of the points `range` of one scenario, if they have findings.
pub(super) fn render(
    out: &mut String,
    points: &[Scenario],
    findings: &[Option<Findings>],
    range: Range<usize>,
) {
    let found: Vec<(usize, &Findings)> = range
        .clone()
        .filter_map(|p| findings.get(p)?.as_ref().map(|f| (p, f)))
        .collect();
    let Some(&(first, head)) = found.first() else {
        return;
    };
    let point = &points[first];
    out.push('\n');
    wrap(
        out,
        &format!(
            "which assumptions decide the verdict: {} parameter sets × {} trials, drawn over {}",
            head.sets,
            head.trials,
            head.parameters.join(", ")
        ),
        4,
    );
    let sweep = range.len() > 1;
    let structures = point.structures.len();
    let pairs = (0..structures).flat_map(|a| (a + 1..structures).map(move |b| (a, b)));
    for (a, b) in pairs {
        for &(p, f) in &found {
            let Some(c) = f.comparison(a, b, f.primary) else {
                continue;
            };
            let mut line = format!("  {}.", words(&points[p], f, c));
            if sweep {
                line = format!("  at {}: {}", label(&points[p]), line.trim_start());
            }
            wrap(out, &line, 4);
        }
    }
    // The table of one point: the only one, or the last of a sweep (where the sweep's
    // tables end, and where its questions usually are).
    let Some(&(p, f)) = found.last() else {
        return;
    };
    let at = if sweep {
        format!("at {}, ", label(&points[p]))
    } else {
        String::new()
    };
    table(out, &points[p], f, &at);
}

/// The sentence of comparison `c`.
fn words(point: &Scenario, findings: &Findings, c: &Comparison) -> String {
    let name = |k: usize| point.structures[k].name.as_str();
    let top = c.influences.first().filter(|i| i.coefficient.is_finite());
    let top = top.map(|i| (findings.parameters[i.parameter].as_str(), i.is_clear()));
    sentence(name(c.a), name(c.b), c.metric.name(), &c.verdicts, top)
}

/// A point's sweep values: `team.squads = 3`.
fn label(point: &Scenario) -> String {
    let values: Vec<String> = point
        .sweep
        .iter()
        .map(|(path, value)| format!("{path} = {value}"))
        .collect();
    values.join(", ")
}

/// Per pair, a row per headline metric judged: the share of sets with each verdict of
/// A against B, and the parameter with the largest influence, with its interval. `at`
/// begins each pair's title (the point of a sweep).
fn table(out: &mut String, point: &Scenario, findings: &Findings, at: &str) {
    let structures = point.structures.len();
    let pairs = (0..structures).flat_map(|a| (a + 1..structures).map(move |b| (a, b)));
    let gap = " ".repeat(GAP);
    let metrics: Vec<Metric> = Metric::HEADLINE
        .into_iter()
        .chain((!Metric::HEADLINE.contains(&findings.primary)).then_some(findings.primary))
        .collect();
    let width = metrics.iter().map(|m| m.name().len()).max().unwrap_or(0);
    let judged = |a: usize, b: usize| {
        metrics
            .iter()
            .filter_map(move |&m| findings.comparison(a, b, m))
            .filter(|c| c.verdicts.judged() > 0)
    };
    // A column for the sets without a verdict, where some have none.
    let unjudged = pairs
        .clone()
        .flat_map(|(a, b)| judged(a, b))
        .any(|c| c.verdicts.judged() < c.verdicts.sets());
    for (a, b) in pairs {
        let title = format!(
            "  {at}{} against {}:",
            point.structures[a].name, point.structures[b].name
        );
        wrap(out, &title, 4);
        let mut head = format!("    {}", " ".repeat(width));
        let markers = MARKERS.iter().chain(unjudged.then_some(&NO_VERDICT));
        for marker in markers {
            head.push_str(&format!("{marker:>SHARE_WIDTH$}"));
        }
        let _ = writeln!(out, "{head}{gap}turns most on (influence, 95% interval)");
        for c in judged(a, b) {
            let mut row = format!("    {}", pad(c.metric.name(), width));
            for verdict in Verdict::ALL {
                let share = percent_of_sets(c.verdicts.share(verdict));
                row.push_str(&format!("{share:>SHARE_WIDTH$}"));
            }
            if unjudged {
                let sets = c.verdicts.sets().max(1) as f64;
                let none = (c.verdicts.sets() - c.verdicts.judged()) as f64 / sets;
                row.push_str(&format!("{:>SHARE_WIDTH$}", percent_of_sets(none)));
            }
            row.push_str(&gap);
            let used = row.chars().count();
            row.push_str(&top_words(findings, c, WIDTH.saturating_sub(used)));
            let _ = writeln!(out, "{}", row.trim_end());
        }
    }
    let none = if unjudged {
        ", – no verdict (a side without values)"
    } else {
        ""
    };
    wrap(
        out,
        &format!(
            "  share of the sets in which the first is ▲ better, ▼ worse, ≈ equivalent, · not \
             clearly different{none}. Influence: standardised rank regression coefficient of \
             the difference on the parameter, about −1 to 1 (0: none); an interval (a \
             bootstrap over the sets) that leaves 0 out says the parameter clearly moves the \
             difference."
        ),
        4,
    );
}

/// `work.question_every_hours.mean −0.91 [−0.95, −0.86]` in at most `room` columns,
/// the name shortened first; a dash when nothing could be measured.
fn top_words(findings: &Findings, c: &Comparison, room: usize) -> String {
    let Some(top) = c.influences.first().filter(|i| i.coefficient.is_finite()) else {
        return "–".to_string();
    };
    let figures = if top.low.is_finite() {
        format!(
            " {} [{}, {}]",
            signed(top.coefficient),
            signed(top.low),
            signed(top.high)
        )
    } else {
        format!(" {}", signed(top.coefficient))
    };
    let name = &findings.parameters[top.parameter];
    let room = room.saturating_sub(figures.chars().count()).max(8);
    format!("{}{figures}", shorten(name, room))
}

/// A coefficient to two decimals, with its sign (a minus sign, not a hyphen).
fn signed(x: f64) -> String {
    let text = format!("{x:+.2}");
    text.replacen('-', "−", 1)
}
