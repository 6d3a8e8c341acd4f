//! The headline metrics of a point: their means with 95% intervals per structure,
//! and the spread over trials of the metrics drawn as distributions.

use super::figure::{draw_err, num, structure_colours, structure_legend, text, Figure, Table};
use super::frontier::{self, Frontier};
use super::notes;
use super::words::{describe, scaled, why_missing, ONE_TRIAL};
use crate::model::Metric;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, ScenarioData, DISTRIBUTED};
use crate::output::html::derive::five_numbers;
use crate::output::html::text::{esc, fmt_num};
use crate::output::html::ReportError;
use std::fmt::Write as _;

/// Headline metrics per structure, a panel per metric: mean and 95% interval; first,
/// where the structures' costs are known, value (or throughput) against cost (the
/// frontier). Cost per item is left to its own section.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
    frontier: Option<&Frontier>,
) -> Result<(), ReportError> {
    let n = scenario.structures.len();
    // The frontier's y axis is value (or throughput), with its intervals: no panel of
    // its own beside it.
    let drawn = frontier.map(|f| f.metric);
    let metrics: Vec<Metric> = Metric::HEADLINE
        .into_iter()
        .filter(|&m| m != Metric::CostPerItem && Some(m) != drawn && point.informative(m, n))
        .collect();
    if metrics.is_empty() {
        out.push_str("<p class=\"note\">No headline metric in summary.csv.</p>\n");
        return Ok(());
    }
    let mut table = Table::new(&[
        "metric",
        "unit",
        "structure",
        "mean",
        "95% CI low",
        "95% CI high",
        "trials",
    ]);
    let mut svgs = Vec::new();
    // Where the costs are known, value against cost is what is read
    // first; the metrics one by one wait in a fold beneath it (the verdict's sentences
    // give their means).
    if let Some(f) = frontier {
        let (svg, table, words) =
            frontier::panel(scenario, point, f).map_err(|(title, e)| draw_err(&title, e))?;
        Figure {
            chart: "frontier",
            title: "Value against cost".to_string(),
            how: words,
            legend: structure_legend(scenario, Some(point)),
            svgs: vec![svg],
            tables: vec![table],
            first_tall: false,
        }
        .write(out);
        out.push_str(
            "<details class=\"metrics\"><summary>Each headline metric: its mean and 95% \
             interval per structure</summary>\n",
        );
    }
    let labels = notes::labels(scenario, point);
    let mut missing: Vec<String> = Vec::new();
    for metric in metrics {
        let wording = describe(metric);
        let rows: Vec<(f64, f64, f64)> = (0..n)
            .map(|k| {
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
            .collect();
        let frame = Frame {
            title: &wording.title,
            x_desc: &wording.axis,
            y_desc: "structure",
            categories: &labels,
            width: charts::PANEL,
        };
        svgs.push(
            charts::dots_with_ci(&frame, &rows, &structure_colours(scenario))
                .map_err(|e| draw_err(&wording.title, e))?,
        );
        for (k, label) in labels.iter().enumerate() {
            let Some(x) = point.summary(k, metric) else {
                continue;
            };
            let observed = x.mean.is_finite();
            if !observed {
                missing.push(format!(
                    "{} has no {}: {}.",
                    notes::strong(scenario, point, k),
                    esc(&wording.short),
                    why_missing(metric)
                ));
            }
            // Words instead of an empty cell: why there is no value, or no interval.
            let cell = |v: f64| {
                if v.is_finite() {
                    num(fmt_num(scaled(metric, v)))
                } else if observed {
                    text(ONE_TRIAL)
                } else {
                    text(why_missing(metric))
                }
            };
            table.rows.push(vec![
                text(metric.name()),
                text(&wording.axis),
                text(label),
                cell(x.mean),
                cell(x.low),
                cell(x.high),
                num(x.n.to_string()),
            ]);
        }
    }
    let mut how =
        "Dot: mean over trials; bar: its 95% confidence interval. Shares in percent.".to_string();
    if !missing.is_empty() {
        let _ = write!(how, " {}", missing.join(" "));
    }
    Figure {
        chart: "headline",
        title: "Headline metrics by structure".to_string(),
        how,
        legend: structure_legend(scenario, Some(point)),
        svgs,
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    if frontier.is_some() {
        out.push_str("</details>\n");
    }
    Ok(())
}

/// Box plots over trials of the metrics of [`DISTRIBUTED`].
pub(super) fn spread_section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    let n = scenario.structures.len();
    let labels = notes::labels(scenario, point);
    let mut svgs = Vec::new();
    let mut table = Table::new(&[
        "metric",
        "structure",
        "p5",
        "p25",
        "p50",
        "p75",
        "p95",
        "trials observed",
    ]);
    for (j, metric) in DISTRIBUTED.into_iter().enumerate() {
        let rows: Vec<[f64; 5]> = (0..n)
            .map(|k| {
                point
                    .trials
                    .get(&k)
                    .map_or([f64::NAN; 5], |t| five_numbers(&t.values[j]))
            })
            .collect();
        if rows.iter().all(|q| q.iter().any(|v| !v.is_finite())) {
            continue;
        }
        let wording = describe(metric);
        let frame = Frame {
            title: &wording.title,
            x_desc: &wording.axis,
            y_desc: "structure",
            categories: &labels,
            width: charts::PANEL,
        };
        svgs.push(
            charts::boxes(&frame, &rows, &structure_colours(scenario))
                .map_err(|e| draw_err(&wording.title, e))?,
        );
        for (k, quantiles) in rows.iter().enumerate() {
            let observed = point.trials.get(&k).map_or(0, |t| t.values[j].count());
            let mut row = vec![text(metric.name()), text(&labels[k])];
            row.extend(quantiles.iter().map(|&v| {
                if v.is_finite() {
                    num(fmt_num(v))
                } else {
                    text(why_missing(metric))
                }
            }));
            row.push(num(observed.to_string()));
            table.rows.push(row);
        }
    }
    if svgs.is_empty() {
        out.push_str("<p class=\"note\">No trial in trials.csv observed these metrics.</p>\n");
        return Ok(());
    }
    Figure {
        chart: "distribution",
        title: "Decision latency p90 and lead time over trials".to_string(),
        how: "Box: middle half of the trials (25th to 75th percentile); thick bar: median; \
              whiskers: 5th to 95th percentile."
            .to_string(),
        legend: structure_legend(scenario, Some(point)),
        svgs,
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
