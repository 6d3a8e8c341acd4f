//! The charts of the page, drawn with plotters' SVG backend into strings.
//!
//! Every chart is a function of the numbers it is given: no clock, no randomness, no
//! fonts read (without plotters' `ttf` feature the SVG backend only estimates text
//! widths and leaves the drawing of `<text>` to the browser), so the same numbers
//! give the same bytes. The `<svg>` element plotters writes is rewritten to scale with
//! the page ([`finish`]): fixed width and height attributes replaced by a class, an
//! ARIA role and a `<title>`, the `viewBox` kept.
//!
//! Categories (structures, people, warning signs) are drawn top to bottom on the
//! y axis, so that long names read horizontally; values run along the x axis.
//!
//! The charts know nothing of the page: they take numbers, names and colours
//! ([`Frame`], [`Line`], [`Mark`]) and return SVG text.

use super::text::{esc, fmt_num};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::error::Error;
use std::ops::Range;

/// A chart failed to draw (in practice only on a bug: the backend writes to a string).
pub(super) type DrawError = Box<dyn Error>;
type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
type CatChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, Keyed>>;

/// A linear axis whose ticks are exactly the given points: the categories, or the
/// points of a sweep. (plotters' own `WithKeyPoints` cannot take a label formatter
/// over `f64` in 0.3.)
pub(super) struct Keyed {
    inner: RangedCoordf64,
    keys: Vec<f64>,
}

impl Keyed {
    fn new(range: Range<f64>, keys: Vec<f64>) -> Keyed {
        Keyed {
            inner: range.into(),
            keys,
        }
    }
}

impl Ranged for Keyed {
    type ValueType = f64;
    // Labels always come from the chart's own formatter.
    type FormatOption = DefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold lines (with labels), no light ones between them.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }
}

const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Width of a chart that spans the column, in SVG units. Charts scale with the
/// page, text included: at this width the labels stay above 9 CSS pixels on a
/// 390-pixel phone and below 18 on a laptop (where CSS caps the chart at 680 pixels).
pub(super) const WIDE: u32 = 520;
/// Width of one panel of a grid of small charts.
pub(super) const PANEL: u32 = 440;
const FONT: &str = "sans-serif";
const TITLE: f64 = 21.0;
const LABEL: f64 = 16.0;
/// Height of one category row.
const ROW: u32 = 28;
/// Longest category name drawn before it is shortened (the tables have it whole), in
/// a panel and in a wide chart.
const MAX_LABEL: (usize, usize) = (24, 30);

/// What every chart with categories on the y axis shares.
pub(super) struct Frame<'a> {
    /// Title drawn above the chart.
    pub title: &'a str,
    /// Description of the x axis, with its unit.
    pub x_desc: &'a str,
    /// Description of the y axis (what the categories are).
    pub y_desc: &'a str,
    /// Category names, top to bottom.
    pub categories: &'a [String],
    /// Width in SVG units.
    pub width: u32,
}

/// Points with 95% confidence bars: one row per category, `(mean, low, high)`.
pub(super) fn dots_with_ci(
    frame: &Frame,
    rows: &[(f64, f64, f64)],
    colours: &[RGBColor],
) -> Result<String, DrawError> {
    let range = padded(rows.iter().flat_map(|&(m, lo, hi)| [m, lo, hi]), false);
    category_chart(frame, range, |chart, y| {
        for (i, &(mean, lo, hi)) in rows.iter().enumerate() {
            let (y, c) = (y(i), colours[i]);
            let style = c.stroke_width(2);
            if lo.is_finite() && hi.is_finite() {
                chart.draw_series([
                    PathElement::new(vec![(lo, y), (hi, y)], style),
                    PathElement::new(vec![(lo, y - 0.2), (lo, y + 0.2)], style),
                    PathElement::new(vec![(hi, y - 0.2), (hi, y + 0.2)], style),
                ])?;
            }
            if mean.is_finite() {
                chart.draw_series([Circle::new((mean, y), 6, c.filled())])?;
            }
        }
        Ok(())
    })
}

/// Box plots: one row per category, `[p5, p25, p50, p75, p95]`; the box spans the
/// quartiles, the whiskers p5 to p95, the bar inside is the median.
pub(super) fn boxes(
    frame: &Frame,
    rows: &[[f64; 5]],
    colours: &[RGBColor],
) -> Result<String, DrawError> {
    let range = padded(rows.iter().flatten().copied(), false);
    category_chart(frame, range, |chart, y| {
        for (i, q) in rows.iter().enumerate() {
            if q.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let (y, c) = (y(i), colours[i]);
            let line = c.stroke_width(2);
            chart.draw_series([
                Rectangle::new([(q[1], y - 0.3), (q[3], y + 0.3)], c.mix(0.3).filled()),
                Rectangle::new([(q[1], y - 0.3), (q[3], y + 0.3)], line),
            ])?;
            chart.draw_series([
                PathElement::new(vec![(q[0], y), (q[1], y)], line),
                PathElement::new(vec![(q[3], y), (q[4], y)], line),
                PathElement::new(vec![(q[0], y - 0.18), (q[0], y + 0.18)], line),
                PathElement::new(vec![(q[4], y - 0.18), (q[4], y + 0.18)], line),
                PathElement::new(vec![(q[2], y - 0.3), (q[2], y + 0.3)], INK.stroke_width(3)),
            ])?;
        }
        Ok(())
    })
}

/// Stacked bars: one row per category, its parts in `parts[i]` (in the order of
/// `colours`). `max` fixes the end of the axis (100 for shares in percent); without
/// it the axis fits the longest bar, and each bar's total is written at its end.
pub(super) fn stacked(
    frame: &Frame,
    parts: &[Vec<f64>],
    colours: &[RGBColor],
    max: Option<f64>,
) -> Result<String, DrawError> {
    let totals: Vec<f64> = parts
        .iter()
        .map(|p| p.iter().filter(|v| v.is_finite()).sum())
        .collect();
    let longest = totals.iter().copied().fold(0.0, f64::max);
    let end = match max {
        Some(m) => m,
        // Room for the totals written after the bars.
        None if longest > 0.0 => longest * 1.18,
        None => 1.0,
    };
    category_chart(frame, 0.0..end, |chart, y| {
        for (i, p) in parts.iter().enumerate() {
            let y = y(i);
            let mut x = 0.0;
            for (k, &v) in p.iter().enumerate() {
                if !(v.is_finite() && v > 0.0) {
                    continue;
                }
                let c = colours[k % colours.len()];
                chart.draw_series([
                    Rectangle::new([(x, y - 0.32), (x + v, y + 0.32)], c.filled()),
                    Rectangle::new([(x, y - 0.32), (x + v, y + 0.32)], WHITE.stroke_width(1)),
                ])?;
                x += v;
            }
            if max.is_none() && totals[i] > 0.0 {
                let style = (FONT, LABEL)
                    .into_font()
                    .color(&INK)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                chart.draw_series([Text::new(
                    fmt_num(totals[i]),
                    (totals[i] + longest * 0.015, y),
                    style,
                )])?;
            }
        }
        Ok(())
    })
}

/// Grouped bars: one group of rows per category, one bar per series in each group
/// (`values[i][k]` for category `i`, series `k`), on an axis from 0 to `max`.
pub(super) fn grouped(
    frame: &Frame,
    values: &[Vec<f64>],
    colours: &[RGBColor],
    max: f64,
) -> Result<String, DrawError> {
    category_chart(frame, 0.0..max, |chart, y| {
        for (i, row) in values.iter().enumerate() {
            let n = row.len().max(1) as f64;
            let band = 0.76 / n;
            for (k, &v) in row.iter().enumerate() {
                if !v.is_finite() {
                    continue;
                }
                let top = y(i) + 0.38 - band * k as f64;
                let c = colours[k % colours.len()];
                // A zero share still gets a hairline, so "never fires" is visibly a
                // value rather than a missing bar.
                let end = if v > 0.0 { v } else { max * 0.003 };
                chart.draw_series([Rectangle::new(
                    [(0.0, top), (end, top - band * 0.9)],
                    c.filled(),
                )])?;
            }
        }
        Ok(())
    })
}

/// One series of a sweep chart: a structure's mean and 95% interval at every point.
pub(super) struct Line {
    /// Colour of the line and its band.
    pub colour: RGBColor,
    /// `(mean, low, high)` per point, `NaN` where missing.
    pub values: Vec<(f64, f64, f64)>,
    /// Per point, a mark to write beside its dot (`↗` where the structure has not
    /// settled), or an empty string.
    pub marks: Vec<String>,
}

/// One structure on a cost frontier chart.
pub(super) struct CostPoint {
    /// Its yearly cost (x).
    pub cost: f64,
    /// Its outcome: `(mean, low, high)` of the 95% interval (y).
    pub outcome: (f64, f64, f64),
    /// Its colour.
    pub colour: RGBColor,
    /// The label written beside its dot.
    pub label: String,
    /// Whether another structure dominates it: drawn hollow, off the frontier line.
    pub dominated: bool,
}

/// Each structure's outcome against its yearly cost: a dot (hollow when dominated)
/// with its 95% interval as a vertical bar and its name beside it, and a dashed line
/// through the structures nobody dominates, in order of cost: the frontier.
pub(super) fn frontier(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    points: &[CostPoint],
) -> Result<String, DrawError> {
    // As tall as two rows of category panels of two structures, which it spans.
    let (width, height) = (PANEL, 380);
    let x_range = padded(points.iter().map(|p| p.cost), true);
    // Room on both sides for the names written beside the dots.
    let span = x_range.end - x_range.start;
    let x_range = x_range.start - span * 0.12..x_range.end + span * 0.12;
    // Not from zero: the intervals, and which structure delivers more, must show.
    let y_range = padded(
        points
            .iter()
            .flat_map(|p| [p.outcome.0, p.outcome.1, p.outcome.2]),
        true,
    );
    let mid = (x_range.start + x_range.end) / 2.0;
    render(width, height, title, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, TITLE).into_font().color(&INK))
            .margin(12)
            .margin_right(20)
            .x_label_area_size(52)
            .y_label_area_size(66)
            .build_cartesian_2d(x_range.clone(), y_range.clone())?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(5)
            .y_labels(6)
            .x_label_formatter(&|v| fmt_money_tick(*v))
            .y_label_formatter(&|v| fmt_tick(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_desc_style((FONT, LABEL).into_font().color(&INK))
            .label_style((FONT, LABEL).into_font().color(&INK))
            .draw()?;
        let mut line: Vec<(f64, f64)> = points
            .iter()
            .filter(|p| !p.dominated && p.cost.is_finite() && p.outcome.0.is_finite())
            .map(|p| (p.cost, p.outcome.0))
            .collect();
        line.sort_by(|a, b| a.0.total_cmp(&b.0));
        if line.len() > 1 {
            chart.draw_series([plotters::element::DashedPathElement::new(
                line,
                6,
                4,
                INK.stroke_width(1),
            )])?;
        }
        let dy = (y_range.end - y_range.start) * 0.025;
        for p in points {
            let (mean, lo, hi) = p.outcome;
            if !(p.cost.is_finite() && mean.is_finite()) {
                continue;
            }
            let style = p.colour.stroke_width(2);
            if lo.is_finite() && hi.is_finite() {
                let cap = span * 0.02;
                chart.draw_series([
                    PathElement::new(vec![(p.cost, lo), (p.cost, hi)], style),
                    PathElement::new(vec![(p.cost - cap, lo), (p.cost + cap, lo)], style),
                    PathElement::new(vec![(p.cost - cap, hi), (p.cost + cap, hi)], style),
                ])?;
            }
            if p.dominated {
                chart.draw_series([
                    Circle::new((p.cost, mean), 7, WHITE.filled()),
                    Circle::new((p.cost, mean), 7, p.colour.stroke_width(3)),
                ])?;
            } else {
                chart.draw_series([Circle::new((p.cost, mean), 7, p.colour.filled())])?;
            }
            // Names go away from the middle, so that they stay inside the plot.
            let (anchor, gap) = if p.cost > mid {
                (HPos::Right, -span * 0.03)
            } else {
                (HPos::Left, span * 0.03)
            };
            let text = (FONT, LABEL)
                .into_font()
                .color(&INK)
                .pos(Pos::new(anchor, VPos::Bottom));
            chart.draw_series([Text::new(
                shorten(&p.label, MAX_LABEL.0),
                (p.cost + gap, mean + dy),
                text,
            )])?;
        }
        Ok(())
    })
}

/// A vertical marker on a sweep chart.
pub(super) struct Mark {
    /// Where, on the x axis.
    pub x: f64,
    /// What it says.
    pub label: String,
}

/// Lines against a swept parameter, each with its 95% band (drawn translucent under
/// the line), and vertical dashed markers with labels (the crossovers). `xs` are the
/// points' positions; `x_labels`, when given, name the positions 0, 1, 2 … instead
/// of numbers (a sweep over text values or several parameters).
pub(super) fn sweep_chart(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    xs: &[f64],
    x_labels: Option<&[String]>,
    lines: &[Line],
    marks: &[Mark],
) -> Result<String, DrawError> {
    let width = PANEL;
    let height = 270 + 24 * marks.len() as u32;
    let x_range = padded(xs.iter().copied(), true);
    let y_range = padded(
        lines
            .iter()
            .flat_map(|l| l.values.iter().flat_map(|&(m, lo, hi)| [m, lo, hi])),
        false,
    );
    let x_keys: Vec<f64> = xs.to_vec();
    let names: Vec<String> = x_labels.map(|l| l.to_vec()).unwrap_or_default();
    let x_fmt = |v: &f64| -> String {
        if names.is_empty() {
            fmt_tick(*v)
        } else {
            let i = v.round();
            names
                .get(i as usize)
                .filter(|_| i >= 0.0)
                .map(|s| shorten(s, 14))
                .unwrap_or_default()
        }
    };
    render(width, height, title, |root| {
        // Title, then a strip for the markers' labels, then the plot.
        let area = root.titled(title, (FONT, TITLE).into_font().color(&INK))?;
        let strip = if marks.is_empty() {
            0
        } else {
            24 * marks.len() as u32 + 4
        };
        let (_, plot) = area.split_vertically(strip);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .margin_top(6)
            .x_label_area_size(52)
            .y_label_area_size(66)
            .build_cartesian_2d(Keyed::new(x_range, x_keys), y_range.clone())?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|v| fmt_tick(*v))
            .y_labels(6)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_desc_style((FONT, LABEL).into_font().color(&INK))
            .label_style((FONT, LABEL).into_font().color(&INK))
            .draw()?;
        for line in lines {
            // The band and the line are broken where a point has no value.
            for run in finite_runs(xs, &line.values) {
                let mut band: Vec<(f64, f64)> = run.iter().map(|&(x, _, _, hi)| (x, hi)).collect();
                band.extend(run.iter().rev().map(|&(x, _, lo, _)| (x, lo)));
                if run
                    .iter()
                    .all(|&(_, _, lo, hi)| lo.is_finite() && hi.is_finite())
                {
                    chart.draw_series([Polygon::new(band, line.colour.mix(0.18).filled())])?;
                }
                chart.draw_series([PathElement::new(
                    run.iter().map(|&(x, m, _, _)| (x, m)).collect::<Vec<_>>(),
                    line.colour.stroke_width(3),
                )])?;
                chart.draw_series(
                    run.iter()
                        .map(|&(x, m, _, _)| Circle::new((x, m), 5, line.colour.filled())),
                )?;
            }
            let marked = xs.iter().zip(&line.values).zip(&line.marks);
            for ((&x, &(m, _, _)), mark) in marked {
                if mark.is_empty() || !m.is_finite() {
                    continue;
                }
                let style = (FONT, LABEL)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&line.colour)
                    .pos(Pos::new(HPos::Left, VPos::Bottom));
                let (px, py) = chart.backend_coord(&(x, m));
                root.draw(&Text::new(mark.clone(), (px + 5, py - 4), style))?;
            }
        }
        let (top, bottom) = (y_range.end, y_range.start);
        for (j, mark) in marks.iter().enumerate() {
            chart.draw_series([plotters::element::DashedPathElement::new(
                vec![(mark.x, bottom), (mark.x, top)],
                6,
                4,
                INK.stroke_width(2),
            )])?;
            // Labels stack in the strip above the plot, one line each, so that they
            // never cover the lines or each other.
            let (px, py) = chart.backend_coord(&(mark.x, top));
            let y = py - 8 - 24 * (marks.len() - 1 - j) as i32;
            let anchor = if px > (width / 2) as i32 {
                HPos::Right
            } else {
                HPos::Left
            };
            let style = (FONT, LABEL)
                .into_font()
                .style(FontStyle::Bold)
                .color(&INK)
                .pos(Pos::new(anchor, VPos::Bottom));
            root.draw(&Text::new(mark.label.clone(), (px, y), style))?;
        }
        Ok(())
    })
}

/// A tornado chart: one bar per category from 0 to its value, with its 95% interval
/// as a whisker, on an axis symmetric about 0 that shows at least −1 to 1 (the span
/// of a standardised coefficient). Rows come sorted by the caller, largest first.
pub(super) fn tornado(
    frame: &Frame,
    rows: &[(f64, f64, f64)],
    colours: &[RGBColor],
) -> Result<String, DrawError> {
    let reach = rows
        .iter()
        .flat_map(|&(v, lo, hi)| [v, lo, hi])
        .filter(|v| v.is_finite())
        .fold(1.0_f64, |m, v| m.max(v.abs()));
    let x = -reach * 1.05..reach * 1.05;
    category_chart(frame, x, |chart, y| {
        let (bottom, top) = (-0.6, frame.categories.len() as f64 - 0.4);
        chart.draw_series([PathElement::new(
            vec![(0.0, bottom), (0.0, top)],
            INK.stroke_width(1),
        )])?;
        for (i, &(value, lo, hi)) in rows.iter().enumerate() {
            let (y, c) = (y(i), colours[i]);
            if value.is_finite() {
                chart.draw_series([Rectangle::new(
                    [(0.0, y - 0.3), (value, y + 0.3)],
                    c.filled(),
                )])?;
            }
            if lo.is_finite() && hi.is_finite() {
                let style = INK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(lo, y), (hi, y)], style),
                    PathElement::new(vec![(lo, y - 0.15), (lo, y + 0.15)], style),
                    PathElement::new(vec![(hi, y - 0.15), (hi, y + 0.15)], style),
                ])?;
            }
        }
        Ok(())
    })
}

/// One dot of a scatter chart.
pub(super) struct Dot {
    /// Its x.
    pub x: f64,
    /// Its y.
    pub y: f64,
    /// Its colour.
    pub colour: RGBColor,
}

/// Dots of (x, y) with a dashed line at y = 0. `x_names`, when given, name the
/// positions 0, 1, 2 … of the x axis (values that are not numbers).
pub(super) fn scatter(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    dots: &[Dot],
    x_names: Option<&[String]>,
) -> Result<String, DrawError> {
    let (width, height) = (PANEL, 320);
    let x_range = padded(dots.iter().map(|d| d.x), true);
    let y_range = padded(dots.iter().map(|d| d.y).chain([0.0]), true);
    let names: Vec<String> = x_names.map(<[String]>::to_vec).unwrap_or_default();
    let keys: Vec<f64> = if names.is_empty() {
        ticks(&x_range)
    } else {
        (0..names.len()).map(|i| i as f64).collect()
    };
    let x_fmt = |v: &f64| -> String {
        if names.is_empty() {
            fmt_tick(*v)
        } else {
            let i = v.round();
            names
                .get(i as usize)
                .filter(|_| i >= 0.0)
                .map(|s| shorten(s, 14))
                .unwrap_or_default()
        }
    };
    render(width, height, title, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, TITLE).into_font().color(&INK))
            .margin(12)
            .margin_right(20)
            .x_label_area_size(52)
            .y_label_area_size(66)
            .build_cartesian_2d(Keyed::new(x_range.clone(), keys), y_range.clone())?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|v| fmt_tick(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_desc_style((FONT, LABEL).into_font().color(&INK))
            .label_style((FONT, LABEL).into_font().color(&INK))
            .draw()?;
        chart.draw_series([plotters::element::DashedPathElement::new(
            vec![(x_range.start, 0.0), (x_range.end, 0.0)],
            6,
            4,
            INK.stroke_width(1),
        )])?;
        chart.draw_series(
            dots.iter()
                .filter(|d| d.x.is_finite() && d.y.is_finite())
                .map(|d| Circle::new((d.x, d.y), 5, d.colour.filled())),
        )?;
        Ok(())
    })
}

/// A chart with the categories of `frame` on the y axis and `x` on the x axis; `draw`
/// gets the chart and the y position of category `i`.
fn category_chart(
    frame: &Frame,
    x: Range<f64>,
    draw: impl FnOnce(&mut CatChart, &dyn Fn(usize) -> f64) -> Result<(), DrawError>,
) -> Result<String, DrawError> {
    let n = frame.categories.len();
    let names: Vec<String> = frame
        .categories
        .iter()
        .map(|c| {
            let max = if frame.width >= WIDE {
                MAX_LABEL.1
            } else {
                MAX_LABEL.0
            };
            shorten(c, max)
        })
        .collect();
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    // About 7.4 units per character at the label size, plus the tick marks.
    let label_area = (longest as f64 * 7.4) as u32 + 22;
    let height = 104 + ROW * n as u32;
    // Category i is at y = n − 1 − i: the first on top.
    let y_of = move |i: usize| n.saturating_sub(1).saturating_sub(i) as f64;
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let y_fmt = |v: &f64| -> String {
        let i = v.round();
        if i < 0.0 || i as usize >= n {
            return String::new();
        }
        names[n - 1 - i as usize].clone()
    };
    render(frame.width, height, frame.title, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(frame.title, (FONT, TITLE).into_font().color(&INK))
            .margin(12)
            .margin_right(24)
            .x_label_area_size(52)
            .y_label_area_size(label_area + 26)
            .build_cartesian_2d(x.clone(), Keyed::new(-0.6..n as f64 - 0.4, keys))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(frame.x_desc)
            .y_desc(frame.y_desc)
            .x_labels(6)
            .x_label_formatter(&|v| fmt_tick(*v))
            .y_label_formatter(&y_fmt)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_desc_style((FONT, LABEL).into_font().color(&INK))
            .label_style((FONT, LABEL).into_font().color(&INK))
            .draw()?;
        draw(&mut chart, &y_of)
    })
}

/// Draws into an SVG of `width` × `height` and returns it, made to scale with the
/// page and labelled `title` for screen readers.
fn render(
    width: u32,
    height: u32,
    title: &str,
    draw: impl FnOnce(&Area) -> Result<(), DrawError>,
) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(finish(&svg, width, height, title))
}

/// Replaces the opening tag plotters writes (fixed pixel size) by one that scales
/// to the width of its container and carries an accessible name.
fn finish(svg: &str, width: u32, height: u32, title: &str) -> String {
    let body = match svg.find('>') {
        Some(end) if svg.starts_with("<svg") => &svg[end + 1..],
        _ => svg,
    };
    let title = esc(title);
    format!(
        "<svg class=\"plot\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{title}\">\
         <title>{title}</title>{body}"
    )
}

/// An axis range around `values` (non-finite ones ignored) with a margin, starting
/// at 0 when every value is positive and `tight` is false, so that bars and dots
/// read against zero; never empty.
fn padded(values: impl Iterator<Item = f64>, tight: bool) -> Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return 0.0..1.0;
    }
    if !tight && lo >= 0.0 {
        lo = 0.0;
    }
    let span = hi - lo;
    if span <= 0.0 {
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        return lo - pad..hi + pad;
    }
    let pad = span * if tight { 0.06 } else { 0.08 };
    let start = if !tight && lo == 0.0 { 0.0 } else { lo - pad };
    start..hi + pad
}

/// Round ticks across `range`, about five: steps of 1, 2 or 5 times a power of ten.
fn ticks(range: &Range<f64>) -> Vec<f64> {
    let span = range.end - range.start;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    let first = (range.start / step).ceil() as i64;
    let last = (range.end / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// The runs of consecutive points with a finite mean: `(x, mean, low, high)`.
fn finite_runs(xs: &[f64], values: &[(f64, f64, f64)]) -> Vec<Vec<(f64, f64, f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64, f64, f64)>> = vec![Vec::new()];
    for (&x, &(m, lo, hi)) in xs.iter().zip(values) {
        if m.is_finite() {
            if let Some(run) = runs.last_mut() {
                run.push((x, m, lo, hi));
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// An axis tick: up to 4 significant digits, no trailing zeros.
fn fmt_tick(v: f64) -> String {
    let s = fmt_num(v);
    if s.contains('.') {
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    } else {
        s
    }
}

/// An axis tick of money: thousands as `k` and millions as `M`, up to 4 significant
/// digits (`850k`, `1.275M`), so that yearly costs stay short.
fn fmt_money_tick(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", fmt_tick(v / 1e6))
    } else if a >= 1e3 {
        format!("{}k", fmt_tick(v / 1e3))
    } else {
        fmt_tick(v)
    }
}

/// `s` cut to `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::palette::PALETTE;

    #[test]
    fn charts_scale_with_the_page_and_are_named() {
        let cats = vec!["combined".to_string(), "separated".to_string()];
        let frame = Frame {
            title: "Lead time <mean>",
            x_desc: "hours",
            y_desc: "structure",
            categories: &cats,
            width: PANEL,
        };
        let svg = dots_with_ci(&frame, &[(3.0, 2.0, 4.0), (5.0, 4.5, 5.5)], &PALETTE[..2]).unwrap();
        assert!(
            svg.starts_with("<svg class=\"plot\" viewBox=\"0 0 440 "),
            "{svg}"
        );
        let open = &svg[..svg.find('>').unwrap()];
        assert!(!open.contains("width="), "{open}");
        assert!(
            svg.contains("aria-label=\"Lead time &lt;mean&gt;\""),
            "{svg}"
        );
        assert!(
            svg.contains(">combined<") || svg.contains("combined\n"),
            "{svg}"
        );
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn the_same_numbers_draw_the_same_bytes() {
        let cats = vec!["a".to_string()];
        let frame = Frame {
            title: "t",
            x_desc: "x",
            y_desc: "y",
            categories: &cats,
            width: WIDE,
        };
        let draw = || stacked(&frame, &[vec![1.0, 2.0, f64::NAN]], &PALETTE, None).unwrap();
        assert_eq!(draw(), draw());
    }

    #[test]
    fn ranges_start_at_zero_for_positive_values_and_are_never_empty() {
        assert_eq!(padded([2.0, 4.0].into_iter(), false).start, 0.0);
        let r = padded([f64::NAN].into_iter(), false);
        assert!(r.start < r.end);
        let r = padded([5.0, 5.0].into_iter(), true);
        assert!(r.start < 5.0 && r.end > 5.0);
        let r = padded([-3.0, 1.0].into_iter(), false);
        assert!(r.start < -3.0 && r.end > 1.0);
    }

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        assert_eq!(ticks(&(0.3..9.7)), [2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(&(-1.05..1.05)), [-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert!(ticks(&(1.0..1.0)).is_empty());
    }

    #[test]
    fn runs_break_at_missing_points() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let v = [
            (1.0, 0.0, 2.0),
            (f64::NAN, f64::NAN, f64::NAN),
            (3.0, 2.0, 4.0),
            (4.0, 3.0, 5.0),
        ];
        let runs = finite_runs(&xs, &v);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].len(), 2);
    }

    #[test]
    fn ticks_drop_trailing_zeros() {
        assert_eq!(fmt_tick(2.5), "2.5");
        assert_eq!(fmt_tick(20.0), "20");
        assert_eq!(fmt_tick(-0.0), "0");
        assert_eq!(fmt_money_tick(1_275_000.0), "1.275M");
        assert_eq!(fmt_money_tick(850_000.0), "850k");
        assert_eq!(fmt_money_tick(12.5), "12.5");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
