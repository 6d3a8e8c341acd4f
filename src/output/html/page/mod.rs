//! The HTML of the page, one module per section of a point: the verdicts
//! ([`verdict`]), the headline metrics and their spread over trials ([`headline`]),
//! where lead time goes ([`lead_time`]), how product people spend the week
//! ([`people`]), the warning signs ([`warnings`]) and cost per item ([`cost`]); for a
//! sweep, the metrics across its points first ([`sweep`]). Each writes its sentences,
//! legends and the tables of numbers behind its charts ([`figure`]); the charts
//! themselves come from [`super::charts`], and how a metric is worded and shown from
//! [`words`].
//!
//! The page is one string built in order; nothing in it depends on where or when it
//! is built (no paths, no dates), so the same CSVs give the same bytes. Every name
//! read from a CSV is escaped before it reaches the page.

mod cost;
mod figure;
mod headline;
mod lead_time;
mod people;
mod sweep;
mod verdict;
mod warnings;
mod words;

use super::data::{PointData, Results, ScenarioData};
use super::text::esc;
use super::ReportError;
use std::fmt::Write as _;

/// The page's style sheet, inline so that the page fetches nothing: readable on a
/// phone, charts side by side on a wide screen, tables folded away when printed.
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

/// The page for `results`.
pub(super) fn render(results: &Results) -> Result<String, ReportError> {
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
    if results.scenarios.is_empty() {
        out.push_str("<p class=\"note\">The results hold no scenario.</p>\n");
    } else {
        out.push_str("<nav aria-label=\"Scenarios\">\n<h2 class=\"toc\">Scenarios</h2>\n<ol>\n");
        for (i, scenario) in results.scenarios.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#s{}\">{}</a>: {}</li>",
                i + 1,
                esc(&scenario.name),
                esc(&scenario.structures.join(", "))
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</header>\n");
    for (i, scenario) in results.scenarios.iter().enumerate() {
        scenario_section(&mut out, results, scenario, &format!("s{}", i + 1))?;
    }
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out)
}

/// One scenario: a line on its structures and trials, the sweep (if any), then each
/// point's sections.
fn scenario_section(
    out: &mut String,
    results: &Results,
    scenario: &ScenarioData,
    id: &str,
) -> Result<(), ReportError> {
    let _ = writeln!(
        out,
        "<section class=\"scenario\" id=\"{id}\" data-scenario=\"{}\">\n<h2>{}</h2>",
        esc(&scenario.name),
        esc(&scenario.name)
    );
    let trials = scenario
        .points
        .first()
        .map(|point| trial_counts(point, scenario.structures.len()))
        .unwrap_or_default();
    let counts: Vec<String> = trials.iter().map(|t| t.to_string()).collect();
    let same = counts.windows(2).all(|w| w[0] == w[1]);
    let _ = write!(
        out,
        "<p class=\"meta\">{} structure{}: {}",
        scenario.structures.len(),
        if scenario.structures.len() == 1 {
            ""
        } else {
            "s"
        },
        esc(&scenario.structures.join(", ")),
    );
    if same && !counts.is_empty() {
        let _ = write!(out, "; {} trials each", counts[0]);
    }
    if scenario.points.len() > 1 {
        let _ = write!(
            out,
            "; {} sweep points over {}",
            scenario.points.len(),
            esc(&scenario.swept().join(", "))
        );
    }
    out.push_str(".</p>\n");

    if scenario.points.len() > 1 {
        sweep::section(out, scenario, id)?;
        for (j, point) in scenario.points.iter().enumerate() {
            let _ = writeln!(
                out,
                "<section class=\"point\" id=\"{id}-p{}\" data-point=\"{}\">\n<h3>At {}</h3>",
                j + 1,
                esc(&point.label()),
                esc(&point.label())
            );
            point_sections(out, results, scenario, point, 4)?;
            out.push_str("</section>\n");
        }
    } else if let Some(point) = scenario.points.first() {
        point_sections(out, results, scenario, point, 3)?;
    }
    out.push_str("</section>\n");
    Ok(())
}

/// Trials per structure: rows of trials.csv.
fn trial_counts(point: &PointData, structures: usize) -> Vec<u64> {
    (0..structures)
        .map(|k| point.trials.get(&k).map_or(0, |t| t.trials))
        .collect()
}

/// The sections of one point, each under a heading of level `level`.
fn point_sections(
    out: &mut String,
    results: &Results,
    scenario: &ScenarioData,
    point: &PointData,
    level: u8,
) -> Result<(), ReportError> {
    let open = |out: &mut String, name: &str, title: &str| {
        let _ = writeln!(
            out,
            "<section class=\"part\" data-part=\"{name}\">\n<h{level}>{title}</h{level}>"
        );
    };
    open(out, "verdict", "Verdict");
    verdict::section(out, scenario, point);
    out.push_str("</section>\n");

    open(out, "headline", "Headline metrics");
    headline::section(out, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "distribution", "Spread over trials");
    headline::spread_section(out, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "lead-time", "Where lead time goes");
    lead_time::section(out, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "people", "How product people spend the week");
    people::section(out, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "warnings", "Warning signs");
    warnings::section(out, results, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "cost", "Cost per item");
    cost::section(out, scenario, point)?;
    out.push_str("</section>\n");
    Ok(())
}
