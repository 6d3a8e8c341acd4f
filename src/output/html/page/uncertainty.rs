//! Which assumptions decide the verdict: what the parameter sets of `[uncertainty]`
//! say of each pair of structures (docs/model.md §18), from `uncertainty.csv` and
//! `samples.csv`.
//!
//! Per point ([`section`]): one sentence per pair on the primary outcome, as the
//! printed report words it ([`sentence`]); per pair a tornado chart of the parameters'
//! influence on the difference of the primary outcome, beside a scatter of that
//! difference in each set against the most influential parameter, coloured by the
//! side ahead by at least the practical margin, so that where the verdict turns shows;
//! then, folded, a tornado per headline metric. Across a sweep ([`across`]): the
//! sentence of each point.

use super::figure::{draw_err, entry, num, text, Figure, Table};
use super::words::{describe, scaled};
use crate::model::Metric;
use crate::output::html::charts::{self, Dot, Frame, PANEL};
use crate::output::html::data::{PointData, ScenarioData, Uncertain, UncertainComparison};
use crate::output::html::derive::primary;
use crate::output::html::palette::{colour, IDLE};
use crate::output::html::text::{esc, fmt_num};
use crate::output::html::ReportError;
use crate::stats::Verdict;
use crate::uncertainty::{is_clear, percent_of_sets, sentence, VerdictCounts};
use plotters::style::RGBColor;
use std::fmt::Write as _;

/// Longest parameter name a chart shows whole: the longest label of a panel.
const MAX_NAME: usize = 24;

/// The section of `point`, when it has parameter sets.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    let Some(uncertain) = &point.uncertainty else {
        return Ok(());
    };
    let n = scenario.structures.len();
    let metric = outcome(point, uncertain, n);
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} parameter sets, {} trials of each structure in each, drawn \
         over the ranges of {}. Every structure sees the same sets and, in a set, the same \
         random work.</p>",
        uncertain.sets,
        uncertain.trials,
        esc(&uncertain.parameters.join(", "))
    );
    let pairs = pairs(uncertain);
    out.push_str("<ul class=\"verdicts\">\n");
    for &(a, b) in &pairs {
        if let Some(c) = uncertain.comparison(a, b, metric) {
            let _ = writeln!(out, "<li>{}.</li>", esc(&words(scenario, uncertain, c)));
        }
    }
    out.push_str("</ul>\n");
    // The first pair's charts show how to read them; the other pairs' wait in a fold,
    // so that a scenario of many structures stays short.
    let compared: Vec<_> = pairs
        .iter()
        .filter_map(|&(a, b)| uncertain.comparison(a, b, metric))
        .collect();
    for (i, c) in compared.iter().enumerate() {
        if i == 1 {
            let _ = writeln!(
                out,
                "<details class=\"pairs\">\n<summary>The charts of the other {} pairs</summary>",
                compared.len() - 1
            );
        }
        pair_figure(out, scenario, point, uncertain, c)?;
    }
    if compared.len() > 1 {
        out.push_str("</details>\n");
    }
    every_metric(out, scenario, uncertain)?;
    Ok(())
}

/// Across a sweep: per pair, the sentence at each point that has parameter sets.
pub(super) fn across(out: &mut String, scenario: &ScenarioData) {
    let found: Vec<(&PointData, &Uncertain)> = scenario
        .points
        .iter()
        .filter_map(|p| p.uncertainty.as_ref().map(|u| (p, u)))
        .collect();
    let Some(&(_, first)) = found.first() else {
        return;
    };
    let n = scenario.structures.len();
    out.push_str(
        "<section class=\"part\" data-part=\"uncertainty-sweep\">\n<h3>Which assumptions \
         decide the verdict, point by point</h3>\n",
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">At each point, {} parameter sets drawn over {}; the details of \
         a point are folded under it below.</p>",
        first.sets,
        esc(&first.parameters.join(", "))
    );
    out.push_str("<ul class=\"verdicts\">\n");
    for (a, b) in pairs(first) {
        for &(point, uncertain) in &found {
            let metric = outcome(point, uncertain, n);
            if let Some(c) = uncertain.comparison(a, b, metric) {
                let _ = writeln!(
                    out,
                    "<li>At {}: {}.</li>",
                    esc(&point.label()),
                    esc(&words(scenario, uncertain, c))
                );
            }
        }
    }
    out.push_str("</ul>\n</section>\n");
}

/// The metric the sentences are about: the primary outcome, which `uncertainty.csv`
/// holds beside the headline metrics when it is not one of them.
fn outcome(point: &PointData, uncertain: &Uncertain, structures: usize) -> Metric {
    uncertain
        .comparisons
        .iter()
        .map(|c| c.metric)
        .find(|m| !Metric::HEADLINE.contains(m))
        .unwrap_or_else(|| primary(point, structures))
}

/// The pairs compared, in file order.
fn pairs(uncertain: &Uncertain) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for c in &uncertain.comparisons {
        if !pairs.contains(&(c.a, c.b)) {
            pairs.push((c.a, c.b));
        }
    }
    pairs
}

/// The sentence of a comparison, as the printed report has it.
fn words(scenario: &ScenarioData, uncertain: &Uncertain, c: &UncertainComparison) -> String {
    let counts = VerdictCounts::from_shares(c.shares, count(uncertain.sets));
    let top = c
        .influences
        .first()
        .filter(|i| i.influence.is_finite())
        .map(|i| (i.parameter.as_str(), is_clear(i.low, i.high)));
    sentence(
        &scenario.structures[c.a],
        &scenario.structures[c.b],
        c.metric.name(),
        &counts,
        top,
    )
}

/// A count of sets as an index type.
fn count(sets: u64) -> usize {
    usize::try_from(sets).unwrap_or(usize::MAX)
}

/// A parameter's name as a chart shows it: whole, or cut in the middle, so that the
/// table it starts with and the parameter of a distribution it ends with both show
/// (`work.questi…_hours.mean`).
fn short(name: &str) -> String {
    let n = name.chars().count();
    if n <= MAX_NAME {
        return name.to_string();
    }
    let head = (MAX_NAME - 1) / 2;
    let tail = MAX_NAME - 1 - head;
    let mut out: String = name.chars().take(head).collect();
    out.push('…');
    out.extend(name.chars().skip(n - tail));
    out
}

/// The colour of the side a rise of the parameter favours: A's when the difference
/// A − B moves the way A is better, B's the other way, grey without a better way.
fn favoured(metric: Metric, coefficient: f64, a: usize, b: usize) -> RGBColor {
    match metric.higher_is_better() {
        Some(higher) if coefficient.is_finite() => {
            if (coefficient > 0.0) == higher {
                colour(a)
            } else {
                colour(b)
            }
        }
        _ => IDLE,
    }
}

/// The tornado of comparison `c`, `width` wide.
fn tornado(c: &UncertainComparison, title: &str, width: u32) -> Result<String, ReportError> {
    let names: Vec<String> = c.influences.iter().map(|i| short(&i.parameter)).collect();
    let rows: Vec<(f64, f64, f64)> = c
        .influences
        .iter()
        .map(|i| (i.influence, i.low, i.high))
        .collect();
    let colours: Vec<RGBColor> = c
        .influences
        .iter()
        .map(|i| favoured(c.metric, i.influence, c.a, c.b))
        .collect();
    let frame = Frame {
        title,
        x_desc: "influence on the difference",
        y_desc: "parameter",
        categories: &names,
        width,
    };
    charts::tornado(&frame, &rows, &colours).map_err(|e| draw_err(title, e))
}

/// The tornado and the scatter of the primary outcome of one pair, with the numbers
/// of every headline metric of the pair.
fn pair_figure(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
    uncertain: &Uncertain,
    c: &UncertainComparison,
) -> Result<(), ReportError> {
    let (a, b) = (c.a, c.b);
    let (name_a, name_b) = (&scenario.structures[a], &scenario.structures[b]);
    let mut svgs = vec![tornado(c, &describe(c.metric).title, PANEL)?];
    let wording = describe(c.metric);
    let mut how = format!(
        "Left: each parameter's influence on the difference in {} between {} and {} over \
         the sets (its standardised rank regression coefficient, −1 to 1, 0: none), with its \
         95% interval; a bar is in the colour of the structure a rise of the parameter \
         favours.",
        esc(&wording.short),
        esc(name_a),
        esc(name_b)
    );
    if let Some(top) = c.influences.first().filter(|i| i.influence.is_finite()) {
        let column = uncertain
            .parameters
            .iter()
            .position(|p| *p == top.parameter);
        if let Some(svg) = column.map(|j| scatter(scenario, point, uncertain, c, j)) {
            svgs.push(svg?);
            how.push_str(&format!(
                " Right: the difference in each set against {}, the parameter it turns on \
                 most; a dot is in the colour of the structure ahead by at least the practical \
                 margin, grey within it (a verdict also needs the 95% interval of the set's \
                 trials to leave 0 out).",
                esc(&top.parameter)
            ));
        }
    }
    if c.r2.is_finite() && c.r2 < 0.7 {
        how.push_str(&format!(
            " The ranks of the parameters explain {} of the ranking of the difference: they \
             act together, or not in one direction, and the influences are a rough guide.",
            percent_of_sets(c.r2)
        ));
    }
    let mut table = Table::new(&[
        "metric",
        "sets A better",
        "sets A worse",
        "sets equivalent",
        "sets unclear",
        "mean difference A − B",
        "parameter",
        "influence",
        "95% low",
        "95% high",
        "R²",
    ]);
    for metric in Metric::HEADLINE
        .into_iter()
        .chain((!Metric::HEADLINE.contains(&c.metric)).then_some(c.metric))
    {
        let Some(m) = uncertain.comparison(a, b, metric) else {
            continue;
        };
        for i in &m.influences {
            let mut row = vec![text(metric.name())];
            row.extend(Verdict::ALL.map(|v| num(percent_of_sets(m.shares[v.index()]))));
            row.push(num(fmt_num(scaled(metric, m.diff_mean))));
            row.push(text(&i.parameter));
            row.extend([i.influence, i.low, i.high, m.r2].map(|x| num(fmt_num(x))));
            table.rows.push(row);
        }
    }
    Figure {
        chart: "uncertainty",
        title: format!("{name_a} against {name_b}: which assumptions decide it"),
        how,
        legend: vec![
            entry(name_a, colour(a)),
            entry(name_b, colour(b)),
            entry("within the practical margin, or no better way", IDLE),
        ],
        svgs,
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}

/// The scatter of the difference of comparison `c` in each set against parameter
/// number `j`.
fn scatter(
    scenario: &ScenarioData,
    point: &PointData,
    uncertain: &Uncertain,
    c: &UncertainComparison,
    j: usize,
) -> Result<String, ReportError> {
    let (a, b, metric) = (c.a, c.b, c.metric);
    // The practical margin as a share of B's mean, from the point's own comparison.
    let min_effect = point
        .compare(a, b, metric)
        .map(|p| p.margin / p.mean_b.abs())
        .filter(|m| m.is_finite())
        .unwrap_or(0.0);
    let values: Vec<&str> = uncertain
        .samples
        .iter()
        .map(|s| s.values.get(j).map_or("", String::as_str))
        .collect();
    let numbers: Option<Vec<f64>> = values.iter().map(|v| v.parse::<f64>().ok()).collect();
    // Values that are not numbers take positions in the order first met.
    let mut names: Vec<String> = Vec::new();
    let xs: Vec<f64> = match numbers {
        Some(xs) => xs,
        None => values
            .iter()
            .map(|v| match names.iter().position(|n| n == v) {
                Some(i) => i as f64,
                None => {
                    names.push((*v).to_string());
                    (names.len() - 1) as f64
                }
            })
            .collect(),
    };
    let dots: Vec<Dot> = uncertain
        .samples
        .iter()
        .zip(&xs)
        .filter_map(|(sample, &x)| {
            let mean = |k: usize| sample.means.get(k).map_or(f64::NAN, |m| m[metric.index()]);
            let (mean_a, mean_b) = (mean(a), mean(b));
            let diff = mean_a - mean_b;
            diff.is_finite().then(|| {
                let ahead = diff.abs() >= min_effect * mean_b.abs() && diff != 0.0;
                let colour = match metric.higher_is_better() {
                    Some(higher) if ahead => {
                        if (diff > 0.0) == higher {
                            colour(a)
                        } else {
                            colour(b)
                        }
                    }
                    _ => IDLE,
                };
                Dot {
                    x,
                    y: scaled(metric, diff),
                    colour,
                }
            })
        })
        .collect();
    let wording = describe(metric);
    let title = format!("{} difference in each set", wording.title);
    let y_desc = format!(
        "{} − {}, {}",
        scenario.structures[a], scenario.structures[b], wording.axis
    );
    let x_desc = short(&uncertain.parameters[j]);
    let named = (!names.is_empty()).then_some(names.as_slice());
    charts::scatter(&title, &x_desc, &y_desc, &dots, named).map_err(|e| draw_err(&title, e))
}

/// Folded: a tornado per headline metric of every pair, in panels.
fn every_metric(
    out: &mut String,
    scenario: &ScenarioData,
    uncertain: &Uncertain,
) -> Result<(), ReportError> {
    let mut svgs = Vec::new();
    let pairs = pairs(uncertain);
    for &(a, b) in &pairs {
        for metric in Metric::HEADLINE {
            let Some(c) = uncertain.comparison(a, b, metric) else {
                continue;
            };
            if c.influences.iter().all(|i| !i.influence.is_finite()) {
                continue;
            }
            let mut title = describe(metric).title;
            if pairs.len() > 1 {
                let names = &scenario.structures;
                title = format!("{title}: {} − {}", names[a], names[b]);
            }
            svgs.push(tornado(c, &title, PANEL)?);
        }
    }
    if svgs.is_empty() {
        return Ok(());
    }
    out.push_str(
        "<details class=\"more\" data-part=\"uncertainty-metrics\">\n<summary>What moves \
         each headline metric's difference</summary>\n<figure class=\"chart\" \
         data-chart=\"uncertainty-metrics\" aria-label=\"The parameters' influence on every \
         headline metric\">\n<figcaption>One tornado per pair and headline metric, read as \
         above; the numbers are in the tables above.</figcaption>\n<div class=\"panels\">\n",
    );
    for svg in svgs {
        let _ = writeln!(out, "<div class=\"chart-box\">{svg}</div>");
    }
    out.push_str("</div>\n</figure>\n</details>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_parameter_names_are_cut_in_the_middle() {
        assert_eq!(short("team.squads"), "team.squads");
        assert_eq!(
            short("work.question_every_hours.mean"),
            "work.questi…y_hours.mean"
        );
        assert_eq!(
            short("work.question_every_hours.mean").chars().count(),
            MAX_NAME
        );
    }
}
