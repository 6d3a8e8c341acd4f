//! The HTML of the page: sections, sentences, legends and the tables of numbers
//! behind every chart. The charts themselves come from [`super::charts`].
//!
//! The page is one string built in order; nothing in it depends on where or when it
//! is built (no paths, no dates), so the same CSVs give the same bytes. Every name
//! read from a CSV is escaped before it reaches the page.

use super::charts::{self, Frame, Line, Mark, PALETTE};
use super::data::{PointData, Results, ScenarioData, Verdict, DISTRIBUTED};
use super::derive::{crossover, five_numbers, Side};
use super::ReportError;
use plotters::style::RGBColor;
use std::fmt::Write as _;

/// The metrics a product leader reads first: the verdicts, the headline charts and
/// the sweep charts, in this order. Cost per item has its own section.
const HEADLINE: [&str; 8] = [
    "throughput_per_week",
    "lead_time_mean_h",
    "decision_latency_mean_h",
    "decision_latency_p90_h",
    "dev_blocked_share",
    "discovery_share",
    "product_util_max",
    "value_per_week",
];
const COST: &str = "cost_per_item";
/// The metrics of the sweep charts: the headline ones and cost per item.
const SWEPT: [&str; 9] = [
    HEADLINE[0],
    HEADLINE[1],
    HEADLINE[2],
    HEADLINE[3],
    HEADLINE[4],
    HEADLINE[5],
    HEADLINE[6],
    HEADLINE[7],
    COST,
];

/// The parts of the lead time, in the order an item goes through them; they sum to
/// `lead_time_mean_h`.
const LEAD_PARTS: [(&str, &str, RGBColor); 6] = [
    ("lead_triage_h", "triage", PALETTE[1]),
    ("lead_backlog_h", "product backlog", PALETTE[5]),
    ("lead_ready_h", "ready backlog", PALETTE[2]),
    ("lead_work_h", "work", PALETTE[0]),
    ("lead_blocked_h", "blocked on a decision", PALETTE[4]),
    ("lead_accept_h", "acceptance", PALETTE[3]),
];

/// Activities of people.csv in the order drawn, with their colours: the duties in
/// the order of MODEL.md, then switching, then idle (grey, so work stands out).
/// An activity not listed (from a newer run) follows, in another colour.
const ACTIVITIES: [(&str, RGBColor); 9] = [
    ("triage", PALETTE[1]),
    ("discovery", PALETTE[2]),
    ("escalation", PALETTE[4]),
    ("answer", PALETTE[0]),
    ("refine", PALETTE[5]),
    ("accept", PALETTE[3]),
    ("ceremony", PALETTE[6]),
    // Dark grey rather than the palette's black: a heavy block of black would draw
    // the eye to the least interesting activity.
    ("switching", charts::SWITCHING),
    ("idle", charts::IDLE),
];

/// People of a structure drawn one by one up to this many; beyond, one bar per
/// role (the mean of its people), so that a hundred squads do not draw a hundred bars.
const MAX_PEOPLE: usize = 12;

/// How a metric's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    /// A share in [0, 1], shown in percent.
    Share,
    PerWeek,
    Money,
    Count,
}

/// The unit of a metric, from its name (the suffixes of MODEL.md §7).
fn unit(metric: &str) -> Unit {
    if metric.ends_with("_h") {
        Unit::Hours
    } else if metric.contains("share") || metric.contains("util") {
        Unit::Share
    } else if metric.ends_with("per_week") {
        Unit::PerWeek
    } else if metric.starts_with("cost") {
        Unit::Money
    } else {
        Unit::Count
    }
}

/// (title, short name for sentences, axis description with unit) of a metric.
fn describe(metric: &str) -> (String, String, String) {
    let (title, short, axis) = match metric {
        "throughput_per_week" => ("Throughput", "throughput", "items done per week"),
        "lead_time_mean_h" => ("Mean lead time", "lead time", "hours, request to done"),
        "decision_latency_mean_h" => (
            "Mean decision latency",
            "decision latency",
            "hours, question to unblocked",
        ),
        "decision_latency_p90_h" => (
            "Decision latency, 90th percentile",
            "decision latency p90",
            "hours, question to unblocked",
        ),
        "dev_blocked_share" => (
            "Developer time blocked",
            "developer time blocked",
            "% of developer time",
        ),
        "discovery_share" => (
            "Discovery time",
            "discovery time",
            "% of discovery holders' time",
        ),
        "product_util_max" => (
            "Busiest product person",
            "busiest person's load",
            "% of the person's time busy",
        ),
        "value_per_week" => ("Value delivered", "value delivered", "value per week"),
        "cost_per_item" => (
            "Cost per item",
            "cost per item",
            "yearly-cost units per item",
        ),
        other => {
            let axis = match unit(other) {
                Unit::Hours => "hours",
                Unit::Share => "%",
                Unit::PerWeek => "per week",
                Unit::Money => "cost",
                Unit::Count => "count",
            };
            return (other.to_string(), other.replace('_', " "), axis.to_string());
        }
    };
    (title.to_string(), short.to_string(), axis.to_string())
}

/// A metric's value as drawn: shares in percent.
fn scaled(metric: &str, v: f64) -> f64 {
    if unit(metric) == Unit::Share {
        v * 100.0
    } else {
        v
    }
}

/// A metric's value as written on the page, with its unit where short.
fn show(metric: &str, v: f64) -> String {
    match unit(metric) {
        Unit::Share => pct(v),
        Unit::Hours if v.is_finite() => format!("{} h", fmt_num(v)),
        _ => fmt_num(v),
    }
}

/// A number with 4 significant digits (all digits from 1000 on), never in exponent
/// notation; `–` when missing.
pub(super) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 1000.0 {
        0
    } else {
        // Digits after the point that leave 4 significant ones.
        (3 - a.log10().floor() as i32).clamp(0, 12) as usize
    };
    let s = format!("{v:.decimals$}");
    // "-0.000" is a zero.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A share in [0, 1] as a percentage, e.g. `73.42%`.
fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{}%", fmt_num(v * 100.0))
    } else {
        fmt_num(v)
    }
}

/// Text made safe for HTML content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn draw_err(chart: &str, e: charts::DrawError) -> ReportError {
    ReportError::Draw {
        chart: chart.to_string(),
        message: e.to_string(),
    }
}

/// A table of numbers: column headers and rows of cells. Cells that hold numbers are
/// right-aligned.
struct Table {
    head: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

enum Cell {
    Text(String),
    Num(String),
}

impl Table {
    fn new(head: &[&str]) -> Table {
        Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn write(&self, out: &mut String) {
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

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn num(s: String) -> Cell {
    Cell::Num(s)
}

/// A figure: caption (title and a sentence on how to read it), legend, charts (side
/// by side when there are several and the screen is wide enough) and the table of
/// the numbers behind them.
struct Figure<'a> {
    chart: &'a str,
    title: String,
    how: String,
    legend: Vec<(String, RGBColor)>,
    svgs: Vec<String>,
    table: Table,
}

impl Figure<'_> {
    fn write(&self, out: &mut String) {
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
            charts::hex(*c),
            esc(name)
        );
    }
    out.push_str("</ul>\n");
}

const CSS: &str = r#"
:root { color-scheme: light; --ink: #222; --muted: #555; --line: #d8d8d8; --link: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.9rem; margin: .6rem 0; }
h2 { font-size: 1.55rem; margin: 2.6rem 0 .6rem; padding-top: .6rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
h4 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }
a { color: var(--link); }
p, li { max-width: 72ch; }
.meta, .note { color: var(--muted); }
.verdicts li { margin: .35rem 0; }
figure { margin: 1rem 0 1.4rem; padding: .8rem; border: 1px solid var(--line); border-radius: 6px; break-inside: avoid; }
figcaption { font-size: .95rem; color: var(--muted); margin: 0 0 .3rem; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 460px), 1fr)); gap: .6rem 1.2rem; }
svg.plot { display: block; width: 100%; height: auto; }
.single svg.plot { max-width: 680px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; padding: 0; margin: .2rem 0 .5rem; font-size: .93rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { width: 14px; height: 14px; flex: none; }
details { margin-top: .5rem; }
summary { cursor: pointer; color: var(--link); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .87rem; margin-top: .4rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: .2rem .6rem; text-align: left; white-space: nowrap; }
td.num { text-align: right; }
nav ol { padding-left: 1.4rem; }
@media (max-width: 640px) {
  main { padding: .6rem .6rem 2rem; }
  figure { padding: .4rem; }
}
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav, details { display: none; }
  figure { border: none; padding: 0; }
  .scenario ~ .scenario { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The page for `r`.
pub(super) fn render(r: &Results) -> Result<String, ReportError> {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>orgsim report</title>\n<style>",
    );
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>orgsim report</h1>\n");
    out.push_str(
        "<p>Which product structure does better, by how much and how sure we can be. \
         Every number comes from the CSV files beside this page. Bars and bands are 95% \
         confidence intervals of the mean over trials; a structure is called better on a \
         metric when the 95% interval of its paired difference (the same random work in \
         every structure, trial by trial) excludes zero. Unfold <em>Numbers</em> under a \
         chart for the values behind it.</p>\n",
    );
    if r.scenarios.is_empty() {
        out.push_str("<p class=\"note\">The results hold no scenario.</p>\n");
    } else {
        out.push_str("<nav aria-label=\"Scenarios\">\n<h2 class=\"toc\">Scenarios</h2>\n<ol>\n");
        for (i, s) in r.scenarios.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#s{}\">{}</a>: {}</li>",
                i + 1,
                esc(&s.name),
                esc(&s.structures.join(", "))
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</header>\n");
    for (i, s) in r.scenarios.iter().enumerate() {
        scenario(&mut out, r, s, &format!("s{}", i + 1))?;
    }
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out)
}

fn scenario(out: &mut String, r: &Results, s: &ScenarioData, id: &str) -> Result<(), ReportError> {
    let _ = writeln!(
        out,
        "<section class=\"scenario\" id=\"{id}\" data-scenario=\"{}\">\n<h2>{}</h2>",
        esc(&s.name),
        esc(&s.name)
    );
    let trials = s
        .points
        .first()
        .map(|p| trial_counts(p, s.structures.len()))
        .unwrap_or_default();
    let counts: Vec<String> = trials.iter().map(|t| t.to_string()).collect();
    let same = counts.windows(2).all(|w| w[0] == w[1]);
    let _ = write!(
        out,
        "<p class=\"meta\">{} structure{}: {}",
        s.structures.len(),
        if s.structures.len() == 1 { "" } else { "s" },
        esc(&s.structures.join(", ")),
    );
    if same && !counts.is_empty() {
        let _ = write!(out, "; {} trials each", counts[0]);
    }
    if s.points.len() > 1 {
        let _ = write!(
            out,
            "; {} sweep points over {}",
            s.points.len(),
            esc(&s.swept().join(", "))
        );
    }
    out.push_str(".</p>\n");

    if s.points.len() > 1 {
        sweep(out, s, id)?;
        for (j, p) in s.points.iter().enumerate() {
            let _ = writeln!(
                out,
                "<section class=\"point\" id=\"{id}-p{}\" data-point=\"{}\">\n<h3>At {}</h3>",
                j + 1,
                esc(&p.label()),
                esc(&p.label())
            );
            point(out, r, s, p, 4)?;
            out.push_str("</section>\n");
        }
    } else if let Some(p) = s.points.first() {
        point(out, r, s, p, 3)?;
    }
    out.push_str("</section>\n");
    Ok(())
}

/// Trials per structure: rows of trials.csv.
fn trial_counts(p: &PointData, structures: usize) -> Vec<u64> {
    (0..structures)
        .map(|k| p.trials.get(&k).map_or(0, |t| t.trials))
        .collect()
}

/// The parts of one point, each under a heading of level `h`.
fn point(
    out: &mut String,
    r: &Results,
    s: &ScenarioData,
    p: &PointData,
    h: u8,
) -> Result<(), ReportError> {
    let part = |out: &mut String, name: &str, title: &str| {
        let _ = writeln!(
            out,
            "<section class=\"part\" data-part=\"{name}\">\n<h{h}>{title}</h{h}>"
        );
    };
    part(out, "verdict", "Verdict");
    verdicts(out, s, p);
    out.push_str("</section>\n");

    part(out, "headline", "Headline metrics");
    headline(out, s, p)?;
    out.push_str("</section>\n");

    part(out, "distribution", "Spread over trials");
    distribution(out, s, p)?;
    out.push_str("</section>\n");

    part(out, "lead-time", "Where lead time goes");
    lead_time(out, s, p)?;
    out.push_str("</section>\n");

    part(out, "people", "How product people spend the week");
    people(out, s, p)?;
    out.push_str("</section>\n");

    part(out, "warnings", "Warning signs");
    warnings(out, r, s, p)?;
    out.push_str("</section>\n");

    part(out, "cost", "Cost per item");
    cost(out, s, p)?;
    out.push_str("</section>\n");
    Ok(())
}

fn structure_legend(s: &ScenarioData) -> Vec<(String, RGBColor)> {
    s.structures
        .iter()
        .enumerate()
        .map(|(k, n)| (n.clone(), charts::colour(k)))
        .collect()
}

fn structure_colours(s: &ScenarioData) -> Vec<RGBColor> {
    (0..s.structures.len()).map(charts::colour).collect()
}

/// One sentence per pair of structures.
fn verdicts(out: &mut String, s: &ScenarioData, p: &PointData) {
    let pairs = p.pairs();
    if pairs.is_empty() {
        out.push_str("<p class=\"note\">One structure only: nothing to compare.</p>\n");
        return;
    }
    let trials = trial_counts(p, s.structures.len());
    out.push_str("<ul class=\"verdicts\">\n");
    for &(a, b) in &pairs {
        let n = trials.get(a).copied().unwrap_or(0);
        let _ = writeln!(out, "<li>{}</li>", verdict_sentence(s, p, a, b, n));
    }
    out.push_str("</ul>\n");
    // The comparisons behind the sentences, with the share of trials each side won.
    let mut table = Table::new(&[
        "structure A",
        "structure B",
        "metric",
        "mean A",
        "mean B",
        "trials A better",
        "verdict for A",
    ]);
    for &(a, b) in &pairs {
        for metric in &SWEPT {
            if let Some(c) = p.compare(a, b, metric) {
                table.rows.push(vec![
                    text(&s.structures[a]),
                    text(&s.structures[b]),
                    text(metric),
                    num(show(metric, c.mean_a)),
                    num(show(metric, c.mean_b)),
                    num(pct(c.a_better_share)),
                    text(match c.verdict {
                        Verdict::Better => "better",
                        Verdict::Worse => "worse",
                        Verdict::Unclear => "no clear difference",
                        Verdict::None => "",
                    }),
                ]);
            }
        }
    }
    table.write(out);
}

/// The verdict on A against B in one sentence (HTML), told from the side of the
/// structure that wins more headline metrics (A on a tie).
fn verdict_sentence(s: &ScenarioData, p: &PointData, a: usize, b: usize, trials: u64) -> String {
    let mut wins = (Vec::new(), Vec::new());
    let mut unclear = Vec::new();
    for metric in &SWEPT {
        let Some(c) = p.compare(a, b, metric) else {
            continue;
        };
        match c.verdict {
            Verdict::Better => wins.0.push(c),
            Verdict::Worse => wins.1.push(c),
            Verdict::Unclear => unclear.push(c),
            Verdict::None => {}
        }
    }
    let (na, nb) = (esc(&s.structures[a]), esc(&s.structures[b]));
    if wins.0.is_empty() && wins.1.is_empty() {
        return format!(
            "No clear difference between <strong>{na}</strong> and <strong>{nb}</strong> \
             on any headline metric at 95% confidence ({trials} paired trials)."
        );
    }
    let a_side = wins.0.len() >= wins.1.len();
    let (subject, other, better, worse) = if a_side {
        (&na, &nb, &wins.0, &wins.1)
    } else {
        (&nb, &na, &wins.1, &wins.0)
    };
    // "metric (value against value)", the subject's value first.
    let item = |c: &&super::data::Compare| {
        let (mine, theirs) = if a_side {
            (c.mean_a, c.mean_b)
        } else {
            (c.mean_b, c.mean_a)
        };
        format!(
            "{} ({} against {})",
            esc(&describe(&c.metric).1),
            esc(&show(&c.metric, mine)),
            esc(&show(&c.metric, theirs))
        )
    };
    let list = |items: &[&super::data::Compare]| -> String {
        and_list(&items.iter().map(item).collect::<Vec<_>>())
    };
    let mut sentence =
        format!("<strong>{subject}</strong> is better than <strong>{other}</strong>");
    if !better.is_empty() {
        let _ = write!(sentence, " on {}", list(better));
    }
    if !worse.is_empty() {
        let _ = write!(sentence, ", but worse on {}", list(worse));
    }
    if !unclear.is_empty() {
        let names: Vec<String> = unclear
            .iter()
            .map(|c| esc(&describe(&c.metric).1))
            .collect();
        let _ = write!(sentence, "; no clear difference on {}", and_list(&names));
    }
    let _ = write!(
        sentence,
        " — each at 95% confidence over {trials} paired trials."
    );
    sentence
}

/// Headline metrics per structure, a panel per metric: mean and 95% interval.
fn headline(out: &mut String, s: &ScenarioData, p: &PointData) -> Result<(), ReportError> {
    let n = s.structures.len();
    let metrics: Vec<&str> = HEADLINE
        .iter()
        .copied()
        .filter(|m| p.informative(m, n))
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
    for m in &metrics {
        let (title, _, axis) = describe(m);
        let rows: Vec<(f64, f64, f64)> = (0..n)
            .map(|k| {
                p.summary(k, m).map_or((f64::NAN, f64::NAN, f64::NAN), |x| {
                    (scaled(m, x.mean), scaled(m, x.lo), scaled(m, x.hi))
                })
            })
            .collect();
        let frame = Frame {
            title: &title,
            x_desc: &axis,
            y_desc: "structure",
            categories: &s.structures,
            width: charts::PANEL,
        };
        svgs.push(
            charts::dots_with_ci(&frame, &rows, &structure_colours(s))
                .map_err(|e| draw_err(&title, e))?,
        );
        for (k, name) in s.structures.iter().enumerate() {
            if let Some(x) = p.summary(k, m) {
                table.rows.push(vec![
                    text(m),
                    text(&axis),
                    text(name),
                    num(fmt_num(scaled(m, x.mean))),
                    num(fmt_num(scaled(m, x.lo))),
                    num(fmt_num(scaled(m, x.hi))),
                    num(x.n.to_string()),
                ]);
            }
        }
    }
    Figure {
        chart: "headline",
        title: "Headline metrics by structure".to_string(),
        how: "Dot: mean over trials; bar: its 95% confidence interval. Shares in percent."
            .to_string(),
        legend: structure_legend(s),
        svgs,
        table,
    }
    .write(out);
    Ok(())
}

/// Box plots of the metrics of [`DISTRIBUTED`] over trials.
fn distribution(out: &mut String, s: &ScenarioData, p: &PointData) -> Result<(), ReportError> {
    let n = s.structures.len();
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
    for (j, m) in DISTRIBUTED.iter().enumerate() {
        let rows: Vec<[f64; 5]> = (0..n)
            .map(|k| {
                p.trials
                    .get(&k)
                    .map_or([f64::NAN; 5], |t| five_numbers(&t.values[j]))
            })
            .collect();
        if rows.iter().all(|q| q.iter().any(|v| !v.is_finite())) {
            continue;
        }
        let (title, _, axis) = describe(m);
        let frame = Frame {
            title: &title,
            x_desc: &axis,
            y_desc: "structure",
            categories: &s.structures,
            width: charts::PANEL,
        };
        svgs.push(
            charts::boxes(&frame, &rows, &structure_colours(s)).map_err(|e| draw_err(&title, e))?,
        );
        for (k, q) in rows.iter().enumerate() {
            let observed = p.trials.get(&k).map_or(0, |t| t.values[j].count());
            let mut row = vec![text(m), text(&s.structures[k])];
            row.extend(q.iter().map(|&v| num(fmt_num(v))));
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
        legend: structure_legend(s),
        svgs,
        table,
    }
    .write(out);
    Ok(())
}

/// Stacked bars of the six parts of the lead time, one bar per structure.
fn lead_time(out: &mut String, s: &ScenarioData, p: &PointData) -> Result<(), ReportError> {
    let n = s.structures.len();
    if !LEAD_PARTS.iter().any(|(m, _, _)| p.observed(m, n)) {
        out.push_str(
            "<p class=\"note\">No lead-time breakdown in summary.csv (no item was done, or \
             the results are from a run before the breakdown was measured).</p>\n",
        );
        return Ok(());
    }
    let mean = |k: usize, m: &str| p.summary(k, m).map_or(f64::NAN, |x| x.mean);
    let parts: Vec<Vec<f64>> = (0..n)
        .map(|k| LEAD_PARTS.iter().map(|(m, _, _)| mean(k, m)).collect())
        .collect();
    let colours: Vec<RGBColor> = LEAD_PARTS.iter().map(|x| x.2).collect();
    let frame = Frame {
        title: "Mean lead time by part",
        x_desc: "hours, request arrival to done",
        y_desc: "structure",
        categories: &s.structures,
        width: charts::WIDE,
    };
    let svg =
        charts::stacked(&frame, &parts, &colours, None).map_err(|e| draw_err(frame.title, e))?;
    let mut head = vec!["structure"];
    head.extend(LEAD_PARTS.iter().map(|(m, _, _)| *m));
    head.push("lead_time_mean_h");
    let mut table = Table::new(&head);
    for (k, name) in s.structures.iter().enumerate() {
        let mut row = vec![text(name)];
        row.extend(parts[k].iter().map(|&v| num(fmt_num(v))));
        row.push(num(fmt_num(mean(k, "lead_time_mean_h"))));
        table.rows.push(row);
    }
    Figure {
        chart: "lead-time",
        title: "Where lead time goes".to_string(),
        how: "Mean hours an item spends in each part, from the request's arrival to done; \
              the parts add up to the mean lead time written after each bar."
            .to_string(),
        legend: LEAD_PARTS
            .iter()
            .map(|(_, name, c)| (name.to_string(), *c))
            .collect(),
        svgs: vec![svg],
        table,
    }
    .write(out);
    Ok(())
}

/// One bar of the people chart: a person, or the mean of the people of a role.
struct Bar {
    label: String,
    structure: String,
    who: String,
    role: String,
    /// Mean share of the window per activity, in the order of the point's activities.
    shares: Vec<f64>,
}

/// Stacked bars of each product person's time by activity, idle included.
fn people(out: &mut String, s: &ScenarioData, p: &PointData) -> Result<(), ReportError> {
    // The activities of this point, in the order of ACTIVITIES, then any other in
    // order of first appearance.
    let mut seen: Vec<&str> = Vec::new();
    for people in p.people.values() {
        for person in &people.persons {
            for (a, _) in &person.activities {
                if !seen.contains(&a.as_str()) {
                    seen.push(a);
                }
            }
        }
    }
    if seen.is_empty() {
        out.push_str("<p class=\"note\">No product person in people.csv.</p>\n");
        return Ok(());
    }
    let mut activities: Vec<(String, RGBColor)> = ACTIVITIES
        .iter()
        .filter(|(a, _)| seen.contains(a))
        .map(|(a, c)| (a.to_string(), *c))
        .collect();
    let mut extra = 0;
    for a in &seen {
        if !ACTIVITIES.iter().any(|(k, _)| k == a) {
            activities.push((a.to_string(), charts::colour(extra)));
            extra += 1;
        }
    }

    let mut bars: Vec<Bar> = Vec::new();
    for (k, structure) in s.structures.iter().enumerate() {
        let Some(people) = p.people.get(&k) else {
            continue;
        };
        let trials = people.trials.max(1) as f64;
        let share = |person: &super::data::Person, a: &str| {
            person
                .activities
                .iter()
                .find(|(x, _)| x == a)
                .map_or(0.0, |(_, sum)| sum / trials)
        };
        if people.persons.len() <= MAX_PEOPLE {
            for person in &people.persons {
                bars.push(Bar {
                    label: format!("{structure}: {}", person.name),
                    structure: structure.clone(),
                    who: person.name.clone(),
                    role: person.role.clone(),
                    shares: activities.iter().map(|(a, _)| share(person, a)).collect(),
                });
            }
        } else {
            let mut roles: Vec<&str> = Vec::new();
            for person in &people.persons {
                if !roles.contains(&person.role.as_str()) {
                    roles.push(&person.role);
                }
            }
            for role in roles {
                let members: Vec<_> = people.persons.iter().filter(|x| x.role == role).collect();
                let m = members.len() as f64;
                bars.push(Bar {
                    label: format!("{structure}: {role} ×{}", members.len()),
                    structure: structure.clone(),
                    who: format!("mean of {} {role}", members.len()),
                    role: role.to_string(),
                    shares: activities
                        .iter()
                        .map(|(a, _)| members.iter().map(|x| share(x, a)).sum::<f64>() / m)
                        .collect(),
                });
            }
        }
    }
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let parts: Vec<Vec<f64>> = bars
        .iter()
        .map(|b| b.shares.iter().map(|v| v * 100.0).collect())
        .collect();
    let colours: Vec<RGBColor> = activities.iter().map(|x| x.1).collect();
    let frame = Frame {
        title: "Product people's time by activity",
        x_desc: "% of the working week, mean over trials",
        y_desc: "structure: person",
        categories: &labels,
        width: charts::WIDE,
    };
    let svg = charts::stacked(&frame, &parts, &colours, Some(100.0))
        .map_err(|e| draw_err(frame.title, e))?;
    let mut head = vec!["structure", "person", "role"];
    head.extend(activities.iter().map(|(a, _)| a.as_str()));
    let mut table = Table::new(&head);
    for b in &bars {
        let mut row = vec![text(&b.structure), text(&b.who), text(&b.role)];
        row.extend(b.shares.iter().map(|&v| num(pct(v))));
        table.rows.push(row);
    }
    Figure {
        chart: "people",
        title: "How each product person spends the week".to_string(),
        how: format!(
            "Share of each person's working week per activity, mean over trials; grey is \
             idle time. {}",
            if bars.iter().any(|b| b.who.starts_with("mean of")) {
                "Structures with more than 12 people show one bar per role, the mean of its people."
            } else {
                ""
            }
        )
        .trim_end()
        .to_string(),
        legend: activities,
        svgs: vec![svg],
        table,
    }
    .write(out);
    Ok(())
}

/// Warning signs that fire, with the share of trials in which they do.
fn warnings(
    out: &mut String,
    r: &Results,
    s: &ScenarioData,
    p: &PointData,
) -> Result<(), ReportError> {
    if !r.has_warnings {
        out.push_str(
            "<p class=\"note\">No warnings.csv in this folder: the results are from a run \
             before warning signs were measured.</p>\n",
        );
        return Ok(());
    }
    if p.warnings.is_empty() {
        out.push_str("<p class=\"note\">warnings.csv has no row for this scenario.</p>\n");
        return Ok(());
    }
    // Signs in file order; those that fire in some trial of some structure are drawn.
    let mut signs: Vec<&str> = Vec::new();
    for w in &p.warnings {
        if !signs.contains(&w.warning.as_str()) {
            signs.push(&w.warning);
        }
    }
    let fired = |sign: &str, k: usize| {
        p.warnings
            .iter()
            .find(|w| w.warning == sign && w.structure == k)
            .map_or(f64::NAN, |w| w.fired_share)
    };
    let n = s.structures.len();
    let firing: Vec<&str> = signs
        .iter()
        .copied()
        .filter(|sign| (0..n).any(|k| fired(sign, k) > 0.0))
        .collect();

    let mut table = Table::new(&[
        "structure",
        "warning",
        "metric",
        "threshold",
        "mean value",
        "trials fired",
    ]);
    for w in &p.warnings {
        table.rows.push(vec![
            text(&s.structures[w.structure]),
            text(&w.warning),
            text(&w.metric),
            num(show(&w.metric, w.threshold)),
            num(show(&w.metric, w.mean_value)),
            num(pct(w.fired_share)),
        ]);
    }
    if firing.is_empty() {
        out.push_str("<p>No warning sign fires in any trial of any structure.</p>\n");
        table.write(out);
        return Ok(());
    }
    // In words, per structure: what fires and how often.
    out.push_str("<ul class=\"verdicts\">\n");
    for (k, name) in s.structures.iter().enumerate() {
        let list: Vec<String> = firing
            .iter()
            .filter(|sign| fired(sign, k) > 0.0)
            .map(|sign| format!("{} in {} of trials", esc(&words(sign)), pct(fired(sign, k))))
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
    let labels: Vec<String> = firing.iter().map(|w| w.replace('_', " ")).collect();
    let values: Vec<Vec<f64>> = firing
        .iter()
        .map(|sign| (0..n).map(|k| fired(sign, k) * 100.0).collect())
        .collect();
    let frame = Frame {
        title: "Warning signs that fire",
        x_desc: "% of trials in which the sign fires",
        y_desc: "warning sign",
        categories: &labels,
        width: charts::WIDE,
    };
    let svg = charts::grouped(&frame, &values, &structure_colours(s), 100.0)
        .map_err(|e| draw_err(frame.title, e))?;
    Figure {
        chart: "warnings",
        title: "Warning signs that fire".to_string(),
        how: "Share of trials in which the metric of each sign crosses its threshold; one \
              bar per structure. Signs that never fire are only in the table."
            .to_string(),
        legend: structure_legend(s),
        svgs: vec![svg],
        table,
    }
    .write(out);
    Ok(())
}

/// `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A warning sign's name in words.
fn words(sign: &str) -> String {
    let known = match sign {
        "slow_decisions" => "developers wait too long for answers",
        "discovery_postponed" => "customer interviews keep getting postponed",
        "backlog_work_dominates" => "backlog work takes most of the week",
        "squads_compete" => "several squads compete for one person",
        "burnout" => "the busiest people risk burning out",
        "stakeholders_wait" => "stakeholders wait long for a verdict",
        other => return other.replace('_', " "),
    };
    known.to_string()
}

/// Cost per item per structure with its interval, and the cheapest in words.
fn cost(out: &mut String, s: &ScenarioData, p: &PointData) -> Result<(), ReportError> {
    let n = s.structures.len();
    if !p.observed(COST, n) {
        out.push_str(
            "<p class=\"note\">No cost per item: the scenario has no <code>[costs]</code>, or no \
             item was done.</p>\n",
        );
        return Ok(());
    }
    let (title, _, axis) = describe(COST);
    let rows: Vec<(f64, f64, f64)> = (0..n)
        .map(|k| {
            p.summary(k, COST)
                .map_or((f64::NAN, f64::NAN, f64::NAN), |x| (x.mean, x.lo, x.hi))
        })
        .collect();
    let cheapest = (0..n)
        .filter(|&k| rows[k].0.is_finite())
        .min_by(|&i, &j| rows[i].0.total_cmp(&rows[j].0));
    if let Some(c) = cheapest {
        let others: Vec<String> = (0..n)
            .filter(|&k| k != c && rows[k].0.is_finite() && rows[c].0 > 0.0)
            .map(|k| {
                format!(
                    "{} costs {} ({}% more)",
                    esc(&s.structures[k]),
                    fmt_num(rows[k].0),
                    fmt_num((rows[k].0 / rows[c].0 - 1.0) * 100.0)
                )
            })
            .collect();
        let _ = write!(
            out,
            "<p>Cheapest per item: <strong>{}</strong> at {}",
            esc(&s.structures[c]),
            fmt_num(rows[c].0)
        );
        if !others.is_empty() {
            let _ = write!(out, "; {}", others.join("; "));
        }
        out.push_str(".</p>\n");
    }
    let frame = Frame {
        title: &title,
        x_desc: &axis,
        y_desc: "structure",
        categories: &s.structures,
        width: charts::WIDE,
    };
    let svg = charts::dots_with_ci(&frame, &rows, &structure_colours(s))
        .map_err(|e| draw_err(&title, e))?;
    let mut table = Table::new(&["structure", "mean", "95% CI low", "95% CI high", "trials"]);
    for (k, name) in s.structures.iter().enumerate() {
        if let Some(x) = p.summary(k, COST) {
            table.rows.push(vec![
                text(name),
                num(fmt_num(x.mean)),
                num(fmt_num(x.lo)),
                num(fmt_num(x.hi)),
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
        legend: structure_legend(s),
        svgs: vec![svg],
        table,
    }
    .write(out);
    Ok(())
}

/// The sweep: each headline metric against the swept parameter, a line per structure
/// with its band, crossovers marked; and the crossovers in words.
fn sweep(out: &mut String, s: &ScenarioData, id: &str) -> Result<(), ReportError> {
    let columns = s.swept();
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
        s.points
            .iter()
            .map(|p| {
                p.sweep
                    .first()
                    .and_then(|(_, v)| v.parse::<f64>().ok())
                    .filter(|x| x.is_finite())
            })
            .collect()
    } else {
        None
    };
    let value_of = |j: usize| -> String {
        let p = &s.points[j];
        if columns.len() == 1 {
            p.sweep.first().map_or(String::new(), |(_, v)| v.clone())
        } else {
            p.label()
        }
    };
    let (xs, names): (Vec<f64>, Option<Vec<String>>) = match numeric {
        Some(xs) => (xs, None),
        None => (
            (0..s.points.len()).map(|j| j as f64).collect(),
            Some((0..s.points.len()).map(value_of).collect()),
        ),
    };
    let n = s.structures.len();
    // Pairs compared at any point, in order of first appearance.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for p in &s.points {
        for pair in p.pairs() {
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }

    // Crossovers per pair and metric, and the sentences that tell them.
    let mut sentences: Vec<String> = Vec::new();
    let mut marks: Vec<Vec<Mark>> = SWEPT.iter().map(|_| Vec::new()).collect();
    for &(a, b) in &pairs {
        // (side, first point) → metrics
        let mut groups: Vec<((Side, usize), Vec<String>)> = Vec::new();
        for (mi, m) in SWEPT.iter().enumerate() {
            let verdicts: Vec<Verdict> = s
                .points
                .iter()
                .map(|p| p.compare(a, b, m).map_or(Verdict::None, |c| c.verdict))
                .collect();
            let Some((i, side)) = crossover(&verdicts) else {
                continue;
            };
            let winner = if side == Side::A { a } else { b };
            if i > 0 {
                marks[mi].push(Mark {
                    x: xs[i],
                    label: format!("{} better from {}", s.structures[winner], value_of(i)),
                });
            }
            let short = describe(m).1;
            match groups.iter_mut().find(|(key, _)| *key == (side, i)) {
                Some((_, list)) => list.push(short),
                None => groups.push(((side, i), vec![short])),
            }
        }
        if groups.is_empty() {
            sentences.push(format!(
                "Neither <strong>{}</strong> nor <strong>{}</strong> is better on any headline \
                 metric up to the last point at 95% confidence.",
                esc(&s.structures[a]),
                esc(&s.structures[b])
            ));
            continue;
        }
        for ((side, i), metrics) in groups {
            let (w, l) = if side == Side::A { (a, b) } else { (b, a) };
            let from = if i == 0 {
                "at every point".to_string()
            } else {
                format!("from {} = {} on", esc(&desc), esc(&value_of(i)))
            };
            sentences.push(format!(
                "<strong>{}</strong> is better than <strong>{}</strong> on {} {from}.",
                esc(&s.structures[w]),
                esc(&s.structures[l]),
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
    for (mi, m) in SWEPT.iter().enumerate() {
        if !s.points.iter().any(|p| p.informative(m, n)) {
            continue;
        }
        let (title, _, axis) = describe(m);
        let lines: Vec<Line> = (0..n)
            .map(|k| Line {
                colour: charts::colour(k),
                values: s
                    .points
                    .iter()
                    .map(|p| {
                        p.summary(k, m).map_or((f64::NAN, f64::NAN, f64::NAN), |x| {
                            (scaled(m, x.mean), scaled(m, x.lo), scaled(m, x.hi))
                        })
                    })
                    .collect(),
            })
            .collect();
        svgs.push(
            charts::sweep_lines(
                &title,
                &desc,
                &axis,
                &xs,
                names.as_deref(),
                &lines,
                &marks[mi],
            )
            .map_err(|e| draw_err(&title, e))?,
        );
        for (j, p) in s.points.iter().enumerate() {
            for (k, name) in s.structures.iter().enumerate() {
                if let Some(x) = p.summary(k, m) {
                    table.rows.push(vec![
                        text(m),
                        text(&axis),
                        text(&value_of(j)),
                        text(name),
                        num(fmt_num(scaled(m, x.mean))),
                        num(fmt_num(scaled(m, x.lo))),
                        num(fmt_num(scaled(m, x.hi))),
                    ]);
                }
            }
        }
    }
    Figure {
        chart: "sweep",
        title: format!("Headline metrics across {desc}"),
        how: "Line: mean over trials at each point; band: its 95% confidence interval. A \
              vertical line marks a crossover: the first point from which one structure is \
              better at every later point."
            .to_string(),
        legend: structure_legend(s),
        svgs,
        table,
    }
    .write(out);
    out.push_str("</section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_four_significant_digits_without_exponents() {
        assert_eq!(fmt_num(1234.567), "1235");
        assert_eq!(fmt_num(123.4567), "123.5");
        assert_eq!(fmt_num(1.234567), "1.235");
        assert_eq!(fmt_num(0.001234567), "0.001235");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-0.00001), "-0.00001000");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(f64::NAN), "–");
        assert_eq!(fmt_num(1e-300), "0.000000000000");
        assert_eq!(pct(0.25), "25.00%");
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn units_follow_the_metric_names() {
        assert_eq!(unit("lead_triage_h"), Unit::Hours);
        assert_eq!(unit("product_util_max"), Unit::Share);
        assert_eq!(unit("backlog_work_share_max"), Unit::Share);
        assert_eq!(unit("throughput_per_week"), Unit::PerWeek);
        assert_eq!(unit("cost_per_item"), Unit::Money);
        assert_eq!(unit("requests_arrived"), Unit::Count);
    }
}
