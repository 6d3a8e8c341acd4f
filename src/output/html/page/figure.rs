//! The building blocks of every section: a figure (caption, legend, charts and the
//! table of the numbers behind them), its table, and the legends of structures.

use super::notes;
use crate::output::html::charts::DrawError;
use crate::output::html::data::{PointData, ScenarioData};
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
        out.push_str("<details><summary>Numbers</summary>");
        self.write_bare(out);
        out.push_str("</details>\n");
    }

    /// Writes the table alone, in a wrapper that scrolls sideways on a narrow screen.
    fn write_bare(&self, out: &mut String) {
        out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
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
        out.push_str("</tbody></table></div>");
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
    /// Legend entries.
    pub legend: Vec<Entry>,
    /// The charts, as SVG.
    pub svgs: Vec<String>,
    /// Whether the first chart spans two rows of a grid of panels (a chart drawn
    /// twice as tall as the others).
    pub first_tall: bool,
    /// The numbers behind them, in one or more tables.
    pub tables: Vec<Table>,
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
        for (i, svg) in self.svgs.iter().enumerate() {
            let tall = if i == 0 && self.first_tall {
                " tall"
            } else {
                ""
            };
            let _ = writeln!(out, "<div class=\"chart-box{tall}\">{svg}</div>");
        }
        out.push_str("</div>\n<details><summary>Numbers</summary>");
        for table in &self.tables {
            table.write_bare(out);
        }
        out.push_str("</details>\n</figure>\n");
    }
}

/// One entry of a legend: a name in a colour, and what follows the name.
pub(super) struct Entry {
    /// The name (text).
    pub name: String,
    /// Its colour.
    pub colour: RGBColor,
    /// HTML after the name: the mark of a structure that has not settled, or nothing.
    pub mark: String,
}

/// A legend entry with nothing after its name.
pub(super) fn entry(name: &str, colour: RGBColor) -> Entry {
    Entry {
        name: name.to_string(),
        colour,
        mark: String::new(),
    }
}

/// A legend: a coloured square and a name per entry.
fn legend(out: &mut String, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    out.push_str("<ul class=\"legend\" aria-label=\"Legend\">");
    for e in entries {
        let _ = write!(
            out,
            "<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\">\
             <rect width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#555\" stroke-width=\"0.5\"/></svg>{}{}</li>",
            hex(e.colour),
            esc(&e.name),
            e.mark
        );
    }
    out.push_str("</ul>\n");
}

/// A legend entry per structure, in its colour, with the mark of those that have not
/// settled at `point` (none for a figure across points).
pub(super) fn structure_legend(scenario: &ScenarioData, point: Option<&PointData>) -> Vec<Entry> {
    scenario
        .structures
        .iter()
        .enumerate()
        .map(|(k, name)| Entry {
            mark: point.map_or(String::new(), |p| notes::mark(p, k, true)),
            ..entry(name, colour(k))
        })
        .collect()
}

/// The colour of each structure, in order.
pub(super) fn structure_colours(scenario: &ScenarioData) -> Vec<RGBColor> {
    (0..scenario.structures.len()).map(colour).collect()
}
