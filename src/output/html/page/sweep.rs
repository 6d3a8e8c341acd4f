//! The sweep of a scenario: each headline metric against the swept parameter, a line
//! per structure with its band, the crossovers marked on the charts and told in
//! words.

use super::figure::{draw_err, num, structure_legend, text, Figure, Table};
use super::notes::{self, MARK};
use super::words::{and_list, describe, scaled, why_missing, ONE_TRIAL};
use crate::analysis::is_waiting_time;
use crate::model::Metric;
use crate::output::html::charts::{self, Line, Mark};
use crate::output::html::data::ScenarioData;
use crate::output::html::derive::{crossover, Side};
use crate::output::html::palette::colour;
use crate::output::html::text::{esc, fmt_num};
use crate::output::html::ReportError;
use std::fmt::Write as _;

/// The sweep section of `scenario`, with the anchor `{id}-sweep`.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    id: &str,
) -> Result<(), ReportError> {
    let columns = scenario.swept();
    let desc = columns.join(", ");
    let _ = writeln!(
        out,
        "<section class=\"sweep\" id=\"{id}-sweep\" data-sweep=\"{}\">\n<h3>Across {}</h3>",
        esc(&desc),
        esc(&desc)
    );
    // Numeric positions when one parameter with numeric values is swept; otherwise
    // the points in run order, named.
    let numeric: Option<Vec<f64>> = if columns.len() == 1 {
        scenario
            .points
            .iter()
            .map(|point| {
                point
                    .sweep
                    .first()
                    .and_then(|(_, v)| v.parse::<f64>().ok())
                    .filter(|x| x.is_finite())
            })
            .collect()
    } else {
        None
    };
    let value_of = |j: usize| -> String {
        let point = &scenario.points[j];
        if columns.len() == 1 {
            point
                .sweep
                .first()
                .map_or(String::new(), |(_, v)| v.clone())
        } else {
            point.label()
        }
    };
    let (xs, names): (Vec<f64>, Option<Vec<String>>) = match numeric {
        Some(xs) => (xs, None),
        None => (
            (0..scenario.points.len()).map(|j| j as f64).collect(),
            Some((0..scenario.points.len()).map(value_of).collect()),
        ),
    };
    let n = scenario.structures.len();
    // Pairs compared at any point, in order of first appearance.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for point in &scenario.points {
        for pair in point.pairs() {
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }

    // Crossovers per pair and metric, and the sentences that tell them.
    let mut sentences: Vec<String> = Vec::new();
    let mut marks: Vec<Vec<Mark>> = Metric::HEADLINE.iter().map(|_| Vec::new()).collect();
    for &(a, b) in &pairs {
        // (side, first point) → metrics
        let mut groups: Vec<((Side, usize), Vec<String>)> = Vec::new();
        for (i, metric) in Metric::HEADLINE.into_iter().enumerate() {
            // As the printed report: a waiting time where a side has not settled is
            // not compared (crate::analysis::crossover).
            let verdicts: Vec<_> = scenario
                .points
                .iter()
                .map(|point| {
                    point
                        .compare(a, b, metric)
                        .filter(|c| !(is_waiting_time(metric) && c.not_settled.is_some()))
                        .and_then(|c| c.verdict)
                })
                .collect();
            let Some((from, side)) = crossover(&verdicts) else {
                continue;
            };
            let winner = if side == Side::A { a } else { b };
            if from > 0 {
                marks[i].push(Mark {
                    x: xs[from],
                    label: format!(
                        "{} better from {}",
                        scenario.structures[winner],
                        value_of(from)
                    ),
                });
            }
            let short = describe(metric).short;
            match groups.iter_mut().find(|(key, _)| *key == (side, from)) {
                Some((_, list)) => list.push(short),
                None => groups.push(((side, from), vec![short])),
            }
        }
        if groups.is_empty() {
            sentences.push(format!(
                "Neither <strong>{}</strong> nor <strong>{}</strong> is better on any headline \
                 metric up to the last point at 95% confidence.",
                esc(&scenario.structures[a]),
                esc(&scenario.structures[b])
            ));
            continue;
        }
        for ((side, from), metrics) in groups {
            let (winner, loser) = if side == Side::A { (a, b) } else { (b, a) };
            let from = if from == 0 {
                "at every point".to_string()
            } else {
                format!("from {} = {} on", esc(&desc), esc(&value_of(from)))
            };
            sentences.push(format!(
                "<strong>{}</strong> is better than <strong>{}</strong> on {} {from}.",
                esc(&scenario.structures[winner]),
                esc(&scenario.structures[loser]),
                esc(&and_list(&metrics))
            ));
        }
    }
    out.push_str("<ul class=\"verdicts\">\n");
    for sentence in &sentences {
        let _ = writeln!(out, "<li>{sentence}</li>");
    }
    out.push_str("</ul>\n");

    let mut svgs = Vec::new();
    let mut table = Table::new(&[
        "metric",
        "unit",
        &desc,
        "structure",
        "mean",
        "95% CI low",
        "95% CI high",
    ]);
    for (i, metric) in Metric::HEADLINE.into_iter().enumerate() {
        if !scenario.points.iter().any(|p| p.informative(metric, n)) {
            continue;
        }
        let wording = describe(metric);
        let lines: Vec<Line> = (0..n)
            .map(|k| Line {
                colour: colour(k),
                values: scenario
                    .points
                    .iter()
                    .map(|point| {
                        point
                            .summary(k, metric)
                            .map_or((f64::NAN, f64::NAN, f64::NAN), |x| {
                                (
                                    scaled(metric, x.mean),
                                    scaled(metric, x.low),
                                    scaled(metric, x.high),
                                )
                            })
                    })
                    .collect(),
                marks: scenario
                    .points
                    .iter()
                    .map(|point| {
                        if point.unsettled(k) {
                            MARK.to_string()
                        } else {
                            String::new()
                        }
                    })
                    .collect(),
            })
            .collect();
        svgs.push(
            charts::sweep_chart(
                &wording.title,
                &desc,
                &wording.axis,
                &xs,
                names.as_deref(),
                &lines,
                &marks[i],
            )
            .map_err(|e| draw_err(&wording.title, e))?,
        );
        for (j, point) in scenario.points.iter().enumerate() {
            for k in 0..n {
                if let Some(x) = point.summary(k, metric) {
                    // Words instead of an empty cell: why there is no value, or no
                    // interval.
                    let cell = |v: f64| {
                        if v.is_finite() {
                            num(fmt_num(scaled(metric, v)))
                        } else if x.mean.is_finite() {
                            text(ONE_TRIAL)
                        } else {
                            text(why_missing(metric))
                        }
                    };
                    table.rows.push(vec![
                        text(metric.name()),
                        text(&wording.axis),
                        text(&value_of(j)),
                        text(&notes::label(scenario, point, k)),
                        cell(x.mean),
                        cell(x.low),
                        cell(x.high),
                    ]);
                }
            }
        }
    }
    Figure {
        chart: "sweep",
        title: format!("Headline metrics across {desc}"),
        how: format!(
            "Line: mean over trials at each point; band: its 95% confidence interval. A \
             vertical line marks a crossover: the first point from which one structure is \
             better at every later point. {MARK}: the structure has not settled at that point."
        ),
        legend: structure_legend(scenario, None),
        svgs,
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    out.push_str("</section>\n");
    Ok(())
}
