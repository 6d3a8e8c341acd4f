//! The warning signs of a point: which fire, in how many trials, per structure, in
//! the signs' own words.

use super::figure::{draw_err, num, structure_colours, structure_legend, text, Figure, Table};
use super::words::show;
use crate::analysis::WarningSign;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, Results, ScenarioData};
use crate::output::html::text::{esc, pct};
use crate::output::html::ReportError;
use std::fmt::Write as _;

/// Warning signs that fire, with the share of trials in which they do.
pub(super) fn section(
    out: &mut String,
    results: &Results,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    if !results.has_warnings {
        out.push_str(
            "<p class=\"note\">No warnings.csv in this folder: no warning sign to show.</p>\n",
        );
        return Ok(());
    }
    if point.warnings.is_empty() {
        out.push_str("<p class=\"note\">warnings.csv has no row for this scenario.</p>\n");
        return Ok(());
    }
    // Signs in file order; those that fire in some trial of some structure are drawn.
    let mut signs: Vec<WarningSign> = Vec::new();
    for warning in &point.warnings {
        if !signs.contains(&warning.sign) {
            signs.push(warning.sign);
        }
    }
    let fired = |sign: WarningSign, k: usize| {
        point
            .warnings
            .iter()
            .find(|w| w.sign == sign && w.structure == k)
            .map_or(f64::NAN, |w| w.fired_share)
    };
    let n = scenario.structures.len();
    let firing: Vec<WarningSign> = signs
        .into_iter()
        .filter(|&sign| (0..n).any(|k| fired(sign, k) > 0.0))
        .collect();

    let mut table = Table::new(&[
        "structure",
        "warning",
        "metric",
        "threshold",
        "mean value",
        "trials fired",
    ]);
    for warning in &point.warnings {
        table.rows.push(vec![
            text(&scenario.structures[warning.structure]),
            text(warning.sign.name()),
            text(warning.metric.name()),
            num(show(warning.metric, warning.threshold)),
            num(show(warning.metric, warning.mean_value)),
            num(pct(warning.fired_share)),
        ]);
    }
    if firing.is_empty() {
        out.push_str("<p>No warning sign fires in any trial of any structure.</p>\n");
        table.write(out);
        return Ok(());
    }
    // In words, per structure: what fires and how often.
    out.push_str("<ul class=\"verdicts\">\n");
    for (k, name) in scenario.structures.iter().enumerate() {
        let list: Vec<String> = firing
            .iter()
            .filter(|&&sign| fired(sign, k) > 0.0)
            .map(|&sign| format!("{} in {} of trials", esc(sign.words()), pct(fired(sign, k))))
            .collect();
        if list.is_empty() {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: no warning sign fires.</li>",
                esc(name)
            );
        } else {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: {}.</li>",
                esc(name),
                list.join("; ")
            );
        }
    }
    out.push_str("</ul>\n");
    // The signs' names, short enough for a phone; the words are in the list above.
    let labels: Vec<String> = firing
        .iter()
        .map(|sign| sign.name().replace('_', " "))
        .collect();
    let values: Vec<Vec<f64>> = firing
        .iter()
        .map(|&sign| (0..n).map(|k| fired(sign, k) * 100.0).collect())
        .collect();
    let frame = Frame {
        title: "Warning signs that fire",
        x_desc: "% of trials in which the sign fires",
        y_desc: "warning sign",
        categories: &labels,
        width: charts::WIDE,
    };
    let svg = charts::grouped(&frame, &values, &structure_colours(scenario), 100.0)
        .map_err(|e| draw_err(frame.title, e))?;
    Figure {
        chart: "warnings",
        title: "Warning signs that fire".to_string(),
        how: "Share of trials in which the metric of each sign crosses its threshold; one \
              bar per structure. Signs that never fire are only in the table."
            .to_string(),
        legend: structure_legend(scenario),
        svgs: vec![svg],
        table,
    }
    .write(out);
    Ok(())
}
