//! Where lead time goes: the parts of [`Metric::LEAD_PARTS`] stacked, one bar per
//! structure.

use super::figure::{draw_err, entry, num, text, Figure, Table};
use super::notes;
use super::words::why_missing;
use crate::model::Metric;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, ScenarioData};
use crate::output::html::palette::PALETTE;
use crate::output::html::text::fmt_num;
use crate::output::html::ReportError;
use plotters::style::RGBColor;

/// A part of the lead time as the legend names it, and its colour.
fn look(part: Metric) -> (&'static str, RGBColor) {
    match part {
        Metric::LeadTriageH => ("triage", PALETTE[1]),
        Metric::LeadBacklogH => ("product backlog", PALETTE[5]),
        Metric::LeadReadyH => ("ready backlog", PALETTE[2]),
        Metric::LeadWorkH => ("work", PALETTE[0]),
        Metric::LeadBlockedH => ("blocked on a decision", PALETTE[4]),
        Metric::LeadAcceptH => ("acceptance", PALETTE[3]),
        // Not a part of the lead time: named as the files name it.
        other => (other.name(), PALETTE[7]),
    }
}

/// Stacked bars of the parts of the lead time, one bar per structure.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    let n = scenario.structures.len();
    if !Metric::LEAD_PARTS.iter().any(|&m| point.observed(m, n)) {
        out.push_str(
            "<p class=\"note\">No lead-time breakdown in summary.csv (no item was done).</p>\n",
        );
        return Ok(());
    }
    let mean = |k: usize, m: Metric| point.summary(k, m).map_or(f64::NAN, |x| x.mean);
    let parts: Vec<Vec<f64>> = (0..n)
        .map(|k| Metric::LEAD_PARTS.iter().map(|&m| mean(k, m)).collect())
        .collect();
    let colours: Vec<RGBColor> = Metric::LEAD_PARTS.iter().map(|&m| look(m).1).collect();
    let labels = notes::labels(scenario, point);
    let frame = Frame {
        title: "Mean lead time by part",
        x_desc: "hours, request arrival to done",
        y_desc: "structure",
        categories: &labels,
        width: charts::WIDE,
    };
    let svg =
        charts::stacked(&frame, &parts, &colours, None).map_err(|e| draw_err(frame.title, e))?;
    let mut head = vec!["structure"];
    head.extend(Metric::LEAD_PARTS.iter().map(|m| m.name()));
    head.push(Metric::LeadTimeMeanH.name());
    let mut table = Table::new(&head);
    for (k, label) in labels.iter().enumerate() {
        let cell = |m: Metric, v: f64| {
            if v.is_finite() {
                num(fmt_num(v))
            } else {
                text(why_missing(m))
            }
        };
        let mut row = vec![text(label)];
        row.extend(
            Metric::LEAD_PARTS
                .iter()
                .zip(&parts[k])
                .map(|(&m, &v)| cell(m, v)),
        );
        row.push(cell(Metric::LeadTimeMeanH, mean(k, Metric::LeadTimeMeanH)));
        table.rows.push(row);
    }
    Figure {
        chart: "lead-time",
        title: "Where lead time goes".to_string(),
        how: "Mean hours an item spends in each part, from the request's arrival to done; \
              the parts add up to the mean lead time written after each bar."
            .to_string(),
        legend: Metric::LEAD_PARTS
            .iter()
            .map(|&m| {
                let (name, colour) = look(m);
                entry(name, colour)
            })
            .collect(),
        svgs: vec![svg],
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
