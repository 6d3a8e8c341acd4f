//! The warning signs of a point: which fire, in how many trials, per structure, in
//! the signs' own words ([`section`]); and the chart of them with every row of
//! `warnings.csv` behind it ([`chart`]), which the page folds away with the other
//! details.

use super::figure::{draw_err, num, structure_colours, structure_legend, text, Figure, Table};
use super::notes;
use super::words::{show, why_missing};

/// What a cell of a sign that does not apply to a structure says.
const NOT_APPLICABLE: &str = "does not apply";
use crate::analysis::warnings::REPORT_SHARE;
use crate::analysis::WarningSign;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{PointData, Results, ScenarioData};
use crate::output::html::text::{esc, pct, share_of_trials};
use crate::output::html::ReportError;
use std::fmt::Write as _;

/// Share of trials in which `sign` fired for structure `k`; `NaN` without a row.
fn fired(point: &PointData, sign: WarningSign, k: usize) -> f64 {
    point
        .warnings
        .iter()
        .find(|w| w.sign == sign && w.structure == k)
        .map_or(f64::NAN, |w| w.fired_share)
}

/// The signs that fire in some trial of some structure, in file order.
fn firing(point: &PointData, structures: usize) -> Vec<WarningSign> {
    let mut signs: Vec<WarningSign> = Vec::new();
    for warning in &point.warnings {
        if !signs.contains(&warning.sign) {
            signs.push(warning.sign);
        }
    }
    signs
        .into_iter()
        .filter(|&sign| (0..structures).any(|k| fired(point, sign, k) > 0.0))
        .collect()
}

/// Per structure, in words, the warning signs that fire and in what share of trials.
pub(super) fn section(
    out: &mut String,
    results: &Results,
    scenario: &ScenarioData,
    point: &PointData,
) {
    if !results.has_warnings {
        out.push_str(
            "<p class=\"note\">No warnings.csv in this folder: no warning sign to show.</p>\n",
        );
        return;
    }
    if point.warnings.is_empty() {
        out.push_str("<p class=\"note\">warnings.csv has no row for this scenario.</p>\n");
        return;
    }
    let firing = firing(point, scenario.structures.len());
    if firing.is_empty() {
        out.push_str("<p>No warning sign fires in any trial of any structure.</p>\n");
        return;
    }
    // As in the printed report: the signs of at least half of the trials; the rarer
    // ones are in the chart of the fold, which shows every share.
    let often = |sign: WarningSign, k: usize| fired(point, sign, k) >= REPORT_SHARE;
    let mut rarer = false;
    let mut quiet = Vec::new();
    let mut items = String::new();
    for k in 0..scenario.structures.len() {
        rarer |= firing
            .iter()
            .any(|&sign| fired(point, sign, k) > 0.0 && !often(sign, k));
        let list: Vec<String> = firing
            .iter()
            .filter(|&&sign| often(sign, k))
            .map(|&sign| {
                format!(
                    "{} in {} of trials",
                    esc(sign.words()),
                    share_of_trials(fired(point, sign, k))
                )
            })
            .collect();
        if list.is_empty() {
            quiet.push(notes::strong(scenario, point, k));
        } else {
            let who = notes::strong(scenario, point, k);
            let _ = writeln!(items, "<li>{who}: {}.</li>", list.join("; "));
        }
    }
    if !items.is_empty() {
        let _ = write!(out, "<ul class=\"verdicts\">\n{items}</ul>\n");
    }
    let mut note = String::new();
    if !quiet.is_empty() {
        let none = if items.is_empty() {
            "No warning sign fires in half of the trials or more.".to_string()
        } else {
            format!(
                "{}: no warning sign in half of the trials or more.",
                quiet.join(", ")
            )
        };
        note.push_str(&none);
    }
    if rarer {
        note.push_str(
            " Signs that fire in fewer trials are in “Warning signs in detail”, under More.",
        );
    }
    if !note.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", note.trim_start());
    }
}

/// The chart of the signs that fire, and the table of every row of `warnings.csv`
/// (the table alone when no sign fires; nothing without rows).
pub(super) fn chart(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    if point.warnings.is_empty() {
        return Ok(());
    }
    let n = scenario.structures.len();
    let labels = notes::labels(scenario, point);
    let mut table = Table::new(&[
        "structure",
        "warning",
        "metric",
        "threshold",
        "mean value",
        "trials fired",
    ]);
    for warning in &point.warnings {
        // Words instead of empty cells: a sign that does not apply (no discovery
        // target), or a metric no trial observed.
        let (threshold, mean, fired) = if warning.threshold.is_finite() {
            let mean = if warning.mean_value.is_finite() {
                num(show(warning.metric, warning.mean_value))
            } else {
                text(why_missing(warning.metric))
            };
            (
                num(show(warning.metric, warning.threshold)),
                mean,
                num(pct(warning.fired_share)),
            )
        } else {
            (
                text(NOT_APPLICABLE),
                text(NOT_APPLICABLE),
                text(NOT_APPLICABLE),
            )
        };
        table.rows.push(vec![
            text(&labels[warning.structure]),
            text(warning.sign.name()),
            text(warning.metric.name()),
            threshold,
            mean,
            fired,
        ]);
    }
    let firing = firing(point, n);
    if firing.is_empty() {
        table.write(out);
        return Ok(());
    }
    // The signs' names, short enough for a phone; the words are in the list above.
    let names: Vec<String> = firing
        .iter()
        .map(|sign| sign.name().replace('_', " "))
        .collect();
    let values: Vec<Vec<f64>> = firing
        .iter()
        .map(|&sign| (0..n).map(|k| fired(point, sign, k) * 100.0).collect())
        .collect();
    let frame = Frame {
        title: "Warning signs that fire",
        x_desc: "% of trials in which the sign fires",
        y_desc: "warning sign",
        categories: &names,
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
        legend: structure_legend(scenario, Some(point)),
        svgs: vec![svg],
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
