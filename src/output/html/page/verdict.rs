//! The verdicts of a point: with three or more structures, their ranking on the
//! primary outcome; then one sentence per pair of structures on the headline metrics,
//! telling apart the four verdicts (better, worse, equivalent: within the practical
//! margin, and no clear difference) ([`section`]); and the comparisons behind them
//! ([`table`]), which the page folds away with the other details.

use super::figure::{num, text, Table};
use super::notes;
use super::trial_counts;
use super::words::{and_list, describe, show, why_missing};
use crate::model::Metric;
use crate::output::html::data::{Compare, PointData, ScenarioData};
use crate::output::html::derive::primary;
use crate::output::html::text::{esc, pct};
use crate::stats::Verdict;
use std::fmt::Write as _;

/// The ranking and one sentence per pair of structures.
pub(super) fn section(out: &mut String, scenario: &ScenarioData, point: &PointData) {
    let pairs = point.pairs();
    if pairs.is_empty() {
        out.push_str("<p class=\"note\">One structure only: nothing to compare.</p>\n");
        return;
    }
    if scenario.structures.len() >= 3 {
        ranking(out, scenario, point);
    }
    let trials = trial_counts(point, scenario.structures.len());
    let list = |out: &mut String, pairs: &[(usize, usize)]| {
        out.push_str("<ul class=\"verdicts\">\n");
        for &(a, b) in pairs {
            let paired = trials.get(a).copied().unwrap_or(0);
            let _ = writeln!(out, "<li>{}</li>", sentence(scenario, point, a, b, paired));
        }
        out.push_str("</ul>\n");
    };
    // The first structure is the one the others are measured against (as in the
    // printed table); with four or more structures the other pairs would double the
    // section, so they wait in a fold.
    let (first, others): (Vec<_>, Vec<_>) = pairs.iter().partition(|&&(a, b)| a == 0 || b == 0);
    if others.is_empty() || first.is_empty() || scenario.structures.len() < 4 {
        list(out, &pairs);
        return;
    }
    list(out, &first);
    let _ = writeln!(
        out,
        "<details class=\"pairs\">\n<summary>The other {} pairs, without {}</summary>",
        others.len(),
        esc(&notes::labels(scenario, point)[0])
    );
    list(out, &others);
    out.push_str("</details>\n");
}

/// The comparisons behind the sentences, with the margin and the share of trials
/// each side won; nothing with one structure.
pub(super) fn table(out: &mut String, scenario: &ScenarioData, point: &PointData) {
    let pairs = point.pairs();
    if pairs.is_empty() {
        return;
    }
    let mut table = Table::new(&[
        "structure A",
        "structure B",
        "metric",
        "mean A",
        "mean B",
        "margin",
        "trials A better",
        "verdict for A",
    ]);
    let labels = notes::labels(scenario, point);
    for &(a, b) in &pairs {
        for metric in Metric::HEADLINE {
            if let Some(c) = point.compare(a, b, metric) {
                let mean = |v: f64| {
                    if v.is_finite() {
                        num(show(metric, v))
                    } else {
                        text(why_missing(metric))
                    }
                };
                table.rows.push(vec![
                    text(&labels[a]),
                    text(&labels[b]),
                    text(metric.name()),
                    mean(c.mean_a),
                    mean(c.mean_b),
                    num(show(metric, c.margin)),
                    num(pct(c.a_better_share)),
                    text(c.verdict.map_or("no paired values", Verdict::name)),
                ]);
            }
        }
    }
    table.write(out);
}

/// The ranking on the primary outcome, from `summary.csv`'s `primary_rank`: rank 1
/// first, structures of one rank together. Nothing when the file has no ranks.
fn ranking(out: &mut String, scenario: &ScenarioData, point: &PointData) {
    let n = scenario.structures.len();
    let mut ranked: Vec<(u64, usize)> = (0..n)
        .filter_map(|k| point.facts(k).primary_rank.map(|r| (r, k)))
        .collect();
    if ranked.is_empty() {
        return;
    }
    ranked.sort();
    let mut places: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ranked.len() {
        let rank = ranked[i].0;
        let names: Vec<String> = ranked[i..]
            .iter()
            .take_while(|(r, _)| *r == rank)
            .map(|&(_, k)| notes::strong(scenario, point, k))
            .collect();
        i += names.len();
        places.push(format!(
            "<span class=\"rank\">{rank}</span> {}",
            and_list(&names)
        ));
    }
    let _ = writeln!(
        out,
        "<p class=\"ranking\">Ranked on {}: {}. <span class=\"note\">A rank is 1 + the \
         number of structures clearly better; structures that share one are equivalent or \
         not clearly different.</span></p>",
        esc(&describe(primary(point, n)).short),
        places.join(" · ")
    );
}

/// The headline comparisons of a pair, sorted by verdict.
#[derive(Default)]
struct Sorted<'a> {
    a_wins: Vec<&'a Compare>,
    b_wins: Vec<&'a Compare>,
    equivalent: Vec<&'a Compare>,
    /// No clear difference where both sides have settled.
    unclear: Vec<&'a Compare>,
    /// No clear difference where a side has not settled.
    unsettled: Vec<&'a Compare>,
    /// No verdict: no trial with a value of both.
    unpaired: Vec<&'a Compare>,
}

/// The verdict on A against B in one sentence (HTML), told from the side of the
/// structure that wins more headline metrics (A on a tie).
fn sentence(scenario: &ScenarioData, point: &PointData, a: usize, b: usize, trials: u64) -> String {
    let mut sorted = Sorted::default();
    for metric in Metric::HEADLINE {
        let Some(c) = point.compare(a, b, metric) else {
            continue;
        };
        match c.verdict {
            Some(Verdict::Better) => sorted.a_wins.push(c),
            Some(Verdict::Worse) => sorted.b_wins.push(c),
            Some(Verdict::Equivalent) => sorted.equivalent.push(c),
            Some(Verdict::NoClearDifference) if c.not_settled.is_some() => sorted.unsettled.push(c),
            Some(Verdict::NoClearDifference) => sorted.unclear.push(c),
            // Said only where a side has values: a metric neither has is not news.
            None if metric.higher_is_better().is_some()
                && (point.summary(a, metric).is_some_and(|s| s.n > 0)
                    || point.summary(b, metric).is_some_and(|s| s.n > 0)) =>
            {
                sorted.unpaired.push(c)
            }
            None => {}
        }
    }
    let (name_a, name_b) = (
        notes::strong(scenario, point, a),
        notes::strong(scenario, point, b),
    );
    let names = |items: &[&Compare]| -> String {
        and_list(
            &items
                .iter()
                .map(|c| esc(&describe(c.metric).short))
                .collect::<Vec<_>>(),
        )
    };
    // What is neither a win nor a loss, after the wins.
    let mut rest: Vec<String> = Vec::new();
    if !sorted.equivalent.is_empty() {
        rest.push(format!("equivalent on {}", names(&sorted.equivalent)));
    }
    if !sorted.unclear.is_empty() {
        rest.push(format!("no clear difference on {}", names(&sorted.unclear)));
    }
    if !sorted.unsettled.is_empty() {
        let who: Vec<usize> = [a, b].into_iter().filter(|&k| point.unsettled(k)).collect();
        let who = and_list(
            &who.iter()
                .map(|&k| format!("<strong>{}</strong>", esc(&scenario.structures[k])))
                .collect::<Vec<_>>(),
        );
        let verb = if point.unsettled(a) && point.unsettled(b) {
            "have"
        } else {
            "has"
        };
        rest.push(format!(
            "not compared on {} ({who} {verb} not settled)",
            names(&sorted.unsettled)
        ));
    }
    if !sorted.unpaired.is_empty() {
        let why: Vec<String> = sorted
            .unpaired
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    esc(&describe(c.metric).short),
                    why_missing(c.metric)
                )
            })
            .collect();
        rest.push(format!("no paired values on {}", and_list(&why)));
    }
    let trials = format!("{trials} paired trials");
    if sorted.a_wins.is_empty() && sorted.b_wins.is_empty() {
        let all = Metric::HEADLINE
            .iter()
            .filter(|m| {
                point
                    .compare(a, b, **m)
                    .is_some_and(|c| c.verdict.is_some())
            })
            .count();
        if all > 0 && sorted.equivalent.len() == all {
            return format!(
                "{name_a} and {name_b} are equivalent on every headline metric: each difference \
                 lies within the practical margin ({trials})."
            );
        }
        let mut sentence = format!("No clear winner between {name_a} and {name_b}");
        if !rest.is_empty() {
            let _ = write!(sentence, ": {}", rest.join("; "));
        }
        let _ = write!(sentence, " — at 95% confidence over {trials}.");
        return sentence;
    }
    let a_side = sorted.a_wins.len() >= sorted.b_wins.len();
    let (subject, other, better, worse) = if a_side {
        (&name_a, &name_b, &sorted.a_wins, &sorted.b_wins)
    } else {
        (&name_b, &name_a, &sorted.b_wins, &sorted.a_wins)
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
    let mut sentence = format!("{subject} is better than {other}");
    if !better.is_empty() {
        let _ = write!(sentence, " on {}", list(better));
    }
    if !worse.is_empty() {
        let _ = write!(sentence, ", but worse on {}", list(worse));
    }
    if !rest.is_empty() {
        let _ = write!(sentence, "; {}", rest.join("; "));
    }
    let _ = write!(sentence, " — each at 95% confidence over {trials}.");
    sentence
}
