//! Cost per item: per structure with its 95% interval, and the cheapest in words.

use super::figure::{draw_err, num, structure_colours, structure_legend, text, Figure, Table};
use super::notes;
use super::words::{describe, why_missing, ONE_TRIAL};
use crate::model::Metric;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, ScenarioData};
use crate::output::html::text::fmt_num;
use crate::output::html::ReportError;
use std::fmt::Write as _;

/// The metric of this section.
const COST: Metric = Metric::CostPerItem;

/// Cost per item per structure with its interval, and the cheapest in words.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    let n = scenario.structures.len();
    if !point.observed(COST, n) {
        out.push_str(
            "<p class=\"note\">No cost per item: the scenario has no <code>[costs]</code>, or no \
             item was done.</p>\n",
        );
        return Ok(());
    }
    let wording = describe(COST);
    let labels = notes::labels(scenario, point);
    let rows: Vec<(f64, f64, f64)> = (0..n)
        .map(|k| {
            point
                .summary(k, COST)
                .map_or((f64::NAN, f64::NAN, f64::NAN), |x| (x.mean, x.low, x.high))
        })
        .collect();
    let mean = |k: usize| rows[k].0;
    let cheapest = (0..n)
        .filter(|&k| mean(k).is_finite())
        .min_by(|&i, &j| mean(i).total_cmp(&mean(j)));
    if let Some(c) = cheapest {
        let others: Vec<String> = (0..n)
            .filter(|&k| k != c && mean(k).is_finite() && mean(c) > 0.0)
            .map(|k| {
                format!(
                    "{} costs {} ({}% more)",
                    notes::strong(scenario, point, k),
                    fmt_num(mean(k)),
                    fmt_num((mean(k) / mean(c) - 1.0) * 100.0)
                )
            })
            .collect();
        let _ = write!(
            out,
            "<p>Cheapest per item: {} at {}",
            notes::strong(scenario, point, c),
            fmt_num(mean(c))
        );
        if !others.is_empty() {
            let _ = write!(out, "; {}", others.join("; "));
        }
        out.push_str(".</p>\n");
    }
    let frame = Frame {
        title: &wording.title,
        x_desc: &wording.axis,
        y_desc: "structure",
        categories: &labels,
        width: charts::PANEL,
    };
    let svg = charts::dots_with_ci(&frame, &rows, &structure_colours(scenario))
        .map_err(|e| draw_err(&wording.title, e))?;
    let mut table = Table::new(&["structure", "mean", "95% CI low", "95% CI high", "trials"]);
    for (k, label) in labels.iter().enumerate() {
        if let Some(x) = point.summary(k, COST) {
            let observed = x.mean.is_finite();
            let cell = |v: f64| {
                if v.is_finite() {
                    num(fmt_num(v))
                } else if observed {
                    text(ONE_TRIAL)
                } else {
                    text(why_missing(COST))
                }
            };
            table.rows.push(vec![
                text(label),
                cell(x.mean),
                cell(x.low),
                cell(x.high),
                num(x.n.to_string()),
            ]);
        }
    }
    Figure {
        chart: "cost",
        title: "Cost per item".to_string(),
        how: "Yearly cost of everyone in the team, prorated to the measured weeks, over the \
              items done (the currency of the scenario's [costs]). Dot: mean; bar: 95% \
              confidence interval."
            .to_string(),
        legend: structure_legend(scenario, Some(point)),
        svgs: vec![svg],
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
