//! What each stakeholder group gets: its requests' triage wait and lead time per
//! structure, from `groups_summary.csv`, so that a group served first (a higher
//! triage priority) and the groups that wait behind it show side by side.

use super::figure::{draw_err, num, structure_legend, text, Figure, Table};
use super::notes;
use crate::output::columns::GroupsColumn;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, ScenarioData};
use crate::output::html::palette::colour;
use crate::output::html::text::fmt_num;
use crate::output::html::ReportError;

/// The measures drawn: the two waits a group feels.
const DRAWN: [(GroupsColumn, &str, &str); 2] = [
    (
        GroupsColumn::TriageWaitMeanH,
        "Triage wait",
        "hours, request to its triage",
    ),
    (
        GroupsColumn::LeadTimeMeanH,
        "Lead time",
        "hours, request to done",
    ),
];

/// Whether the point has two or more groups to set side by side.
pub(super) fn shown(point: &PointData) -> bool {
    point.groups.iter().any(|g| {
        point
            .groups
            .first()
            .is_some_and(|first| first.group != g.group)
    })
}

/// One dot chart per measure of [`DRAWN`] and structure, each on its own scale (a
/// structure whose queues grow would flatten the others): a row per group, with its
/// 95% interval.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    let labels = notes::labels(scenario, point);
    let mut svgs = Vec::new();
    let mut table = Table::new(&[
        "measure",
        "structure",
        "group",
        "mean",
        "95% low",
        "95% high",
    ]);
    for (measure, what, axis) in DRAWN {
        for (k, label) in labels.iter().enumerate() {
            let rows: Vec<_> = point
                .groups
                .iter()
                .filter(|g| g.measure == measure && g.structure == k)
                .collect();
            if rows.iter().all(|g| !g.summary.mean.is_finite()) {
                continue;
            }
            let categories: Vec<String> = rows.iter().map(|g| g.group.clone()).collect();
            let title = format!("{what}: {label}");
            let frame = Frame {
                title: &title,
                x_desc: axis,
                y_desc: "group",
                categories: &categories,
                width: charts::PANEL,
            };
            let values: Vec<(f64, f64, f64)> = rows
                .iter()
                .map(|g| (g.summary.mean, g.summary.low, g.summary.high))
                .collect();
            let colours = vec![colour(k); rows.len()];
            svgs.push(
                charts::dots_with_ci(&frame, &values, &colours).map_err(|e| draw_err(&title, e))?,
            );
            for g in &rows {
                let cell = |v: f64| {
                    if v.is_finite() {
                        num(fmt_num(v))
                    } else {
                        text("no observation")
                    }
                };
                table.rows.push(vec![
                    text(measure.name()),
                    text(label),
                    text(&g.group),
                    cell(g.summary.mean),
                    cell(g.summary.low),
                    cell(g.summary.high),
                ]);
            }
        }
    }
    if svgs.is_empty() {
        out.push_str("<p class=\"note\">No group's request was triaged or done.</p>\n");
        return Ok(());
    }
    Figure {
        chart: "groups",
        title: "What each stakeholder group waits".to_string(),
        how: "Per structure, each stakeholder group's mean over trials of its requests' \
              wait for triage and of its items' lead time, on the structure's own scale; \
              bar: the 95% confidence interval. A group with a higher triage priority is \
              served first; the others wait behind it."
            .to_string(),
        legend: structure_legend(scenario, Some(point)),
        svgs,
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
