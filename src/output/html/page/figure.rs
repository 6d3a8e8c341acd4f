//! The building blocks of every section: a figure (caption, legend, charts and the
//! table of the numbers behind them), its table, and the legends of structures.

use crate::output::html::charts::DrawError;
use crate::output::html::data::ScenarioData;
use crate::output::html::palette::{colour, hex};
use crate::output::html::text::esc;
use crate::output::html::ReportError;
use plotters::style::RGBColor;
use std::fmt::Write as _;

/// A chart that could not be drawn, as the page's error.
pub(super) fn draw_err(chart: &str, e: DrawError) -> ReportError {
    ReportError::Draw {
        chart: chart.to_string(),
        message: e.to_string(),
    }
}

/// A table of numbers: column headers and rows of cells. Cells that hold numbers are
/// right-aligned.
pub(super) struct Table {
    head: Vec<String>,
    /// The rows, each a cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a [`Table`].
pub(super) enum Cell {
    /// Text, left-aligned.
    Text(String),
    /// A number already written, right-aligned.
    Num(String),
}

impl Table {
    /// A table with these column headers and no row yet.
    pub fn new(head: &[&str]) -> Table {
        Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Writes the table, folded under a `Numbers` summary.
    pub fn write(&self, out: &mut String) {
        out.push_str(
            "<details><summary>Numbers</summary><div class=\"table-wrap\"><table>\n<thead><tr>",
        );
        for h in &self.head {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for cell in row {
                match cell {
                    Cell::Text(t) => {
                        let _ = write!(out, "<td>{}</td>", esc(t));
                    }
                    Cell::Num(t) => {
                        let _ = write!(out, "<td class=\"num\">{}</td>", esc(t));
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div></details>\n");
    }
}

/// A cell of text.
pub(super) fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A cell holding a number, already written.
pub(super) fn num(s: String) -> Cell {
    Cell::Num(s)
}

/// A figure: caption (title and a sentence on how to read it), legend, charts (side
/// by side when there are several and the screen is wide enough) and the table of
/// the numbers behind them.
pub(super) struct Figure<'a> {
    /// The chart's marker (`data-chart`).
    pub chart: &'a str,
    /// Its title, for screen readers.
    pub title: String,
    /// The caption: how to read the chart (HTML).
    pub how: String,
    /// Legend entries: name and colour.
    pub legend: Vec<(String, RGBColor)>,
    /// The charts, as SVG.
    pub svgs: Vec<String>,
    /// The numbers behind them.
    pub table: Table,
}

impl Figure<'_> {
    /// Writes the figure.
    pub fn write(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "<figure class=\"chart\" data-chart=\"{}\" aria-label=\"{}\">\n<figcaption>{}</figcaption>",
            self.chart,
            esc(&self.title),
            self.how
        );
        legend(out, &self.legend);
        let class = if self.svgs.len() > 1 {
            "panels"
        } else {
            "single"
        };
        let _ = writeln!(out, "<div class=\"{class}\">");
        for svg in &self.svgs {
            let _ = writeln!(out, "<div class=\"chart-box\">{svg}</div>");
        }
        out.push_str("</div>\n");
        self.table.write(out);
        out.push_str("</figure>\n");
    }
}

/// A legend: a coloured square and a name per entry.
fn legend(out: &mut String, entries: &[(String, RGBColor)]) {
    if entries.is_empty() {
        return;
    }
    out.push_str("<ul class=\"legend\" aria-label=\"Legend\">");
    for (name, c) in entries {
        let _ = write!(
            out,
            "<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\">\
             <rect width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#555\" stroke-width=\"0.5\"/></svg>{}</li>",
            hex(*c),
            esc(name)
        );
    }
    out.push_str("</ul>\n");
}

/// A legend entry per structure, in its colour.
pub(super) fn structure_legend(scenario: &ScenarioData) -> Vec<(String, RGBColor)> {
    scenario
        .structures
        .iter()
        .enumerate()
        .map(|(k, name)| (name.clone(), colour(k)))
        .collect()
}

/// The colour of each structure, in order.
pub(super) fn structure_colours(scenario: &ScenarioData) -> Vec<RGBColor> {
    (0..scenario.structures.len()).map(colour).collect()
}
