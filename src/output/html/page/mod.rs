//! The HTML of the page. Per scenario: its description, the notes a reader needs
//! before trusting its figures ([`notes`]: structures that have not settled, the
//! warm-up check), for a sweep the headline metrics across its points ([`sweep`]),
//! then per point the verdicts, ranking and cost in words ([`verdict`],
//! [`frontier`]), the headline metrics with value against cost first ([`headline`],
//! [`frontier`]), the warning signs in words ([`warnings`]) and, with
//! `[uncertainty]`, which assumptions decide the verdict ([`uncertainty`]; across a
//! sweep too); the rest is folded under one *More* per point: the spread over
//! trials ([`headline`]), where lead time goes ([`lead_time`]), how product people
//! spend the week ([`people`]), the warning signs' chart and cost per item
//! ([`cost`]). A sweep shows one point at a time, folded: the reader picks it from a
//! list (radio buttons and CSS, since the page has no script), the last point first.
//! Each section writes its sentences, legends and the tables of numbers behind its
//! charts ([`figure`]); the charts themselves come from [`super::charts`], and how a
//! metric is worded and shown from [`words`].
//!
//! The page is one string built in order; nothing in it depends on where or when it
//! is built (no paths, no dates), so the same CSVs give the same bytes. Every name
//! read from a CSV is escaped before it reaches the page.

mod cost;
mod figure;
mod frontier;
mod groups;
mod headline;
mod lead_time;
mod notes;
mod people;
mod sweep;
mod uncertainty;
mod verdict;
mod warnings;
mod words;

use super::data::{PointData, Results, ScenarioData};
use super::text::esc;
use super::ReportError;
use std::fmt::Write as _;

/// The page's style sheet, inline so that the page fetches nothing: readable on a
/// phone, charts side by side on a wide screen, tables folded away when printed. The
/// rules that show the point picked in a sweep follow it ([`pick_rules`]).
const CSS: &str = r#"
:root { color-scheme: light; --ink: #222; --muted: #555; --line: #d8d8d8; --link: #0b5394; --warn: #A04000; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.9rem; margin: .6rem 0; }
h2 { font-size: 1.55rem; margin: 2rem 0 .3rem; padding-top: .6rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.2rem; line-height: 1.3; margin: 1rem 0 .3rem; }
h4 { font-size: 1.05rem; line-height: 1.3; margin: .9rem 0 .3rem; }
a { color: var(--link); }
p, li { max-width: 100ch; }
.meta, .note { color: var(--muted); }
.description { font-size: 1.12rem; margin: 0; }
.description + .meta { margin-top: 0; }
.verdicts { padding-left: 1.2rem; }
.verdicts li { margin: .3rem 0; }
.ranking .rank { display: inline-block; min-width: 1.5em; border-radius: 3px; background: var(--ink); color: #fff; text-align: center; font-weight: 600; }
.notes { border-left: 4px solid var(--warn); background: #FDF3EC; padding: .2rem .9rem; margin: .7rem 0; }
.notes p { margin: .3rem 0; }
.unsettled { color: var(--warn); font-weight: 600; white-space: nowrap; cursor: help; }
figure { margin: .8rem 0 1rem; padding: .7rem .8rem .5rem; border: 1px solid var(--line); border-radius: 6px; break-inside: avoid; }
figcaption { font-size: .95rem; color: var(--muted); margin: 0 0 .3rem; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: .4rem 1.2rem; }
svg.plot { display: block; width: 100%; height: auto; }
.panels > .tall { grid-row: span 2; }
.single svg.plot { max-width: 560px; }
figure[data-chart="frontier"] .single svg.plot { max-width: 400px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; padding: 0; margin: .2rem 0 .4rem; font-size: .93rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { width: 14px; height: 14px; flex: none; }
details { margin-top: .4rem; }
summary { cursor: pointer; color: var(--link); }
details.more, details.at-point { margin: 1rem 0 .4rem; border-top: 1px solid var(--line); padding-top: .4rem; }
details.more > summary, details.at-point > summary { font-weight: 600; }
.pick > input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.pick > label { display: inline-block; margin: .5rem .3rem 0 0; padding: .1rem .7rem; border: 1px solid var(--line); border-radius: 4px; cursor: pointer; }
.pick > input:checked + label { background: var(--ink); border-color: var(--ink); color: #fff; }
.pick > input:focus-visible + label { outline: 2px solid var(--link); outline-offset: 1px; }
.pick > .at > section { display: none; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .87rem; margin-top: .4rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: .2rem .6rem; text-align: left; white-space: nowrap; }
td.num { text-align: right; }
nav ol { padding-left: 1.4rem; margin: .3rem 0; columns: 2 24rem; column-gap: 2.4rem; }
nav li { break-inside: avoid; }
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

/// The rules that show, in a sweep's folded details, the point whose radio button
/// is checked: one per position, up to the most points of any sweep on the page.
fn pick_rules(points: usize) -> String {
    let mut css = String::new();
    for j in 1..=points {
        let _ = writeln!(
            css,
            ".pick > input:nth-of-type({j}):checked ~ .at > section:nth-of-type({j}) \
             {{ display: block; }}"
        );
    }
    css
}

/// The page for `results`.
pub(super) fn render(results: &Results) -> Result<String, ReportError> {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>orgsim report</title>\n<style>",
    );
    out.push_str(CSS);
    let most_points = results
        .scenarios
        .iter()
        .filter(|s| s.points.len() > 1)
        .map(|s| s.points.len())
        .max()
        .unwrap_or(0);
    out.push_str(&pick_rules(most_points));
    out.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>orgsim report</h1>\n");
    out.push_str(
        "<p>Which product structure does better, by how much and how sure we can be. \
         Every number comes from the CSV files beside this page; bars and bands are 95% \
         confidence intervals of the mean over trials. Structures are compared trial by \
         trial, on the same random work: one is <em>better</em> on a metric when the 95% \
         interval of the paired difference excludes zero and the difference reaches the \
         practical margin; <em>equivalent</em> when the whole interval lies within the \
         margin, a difference too small to matter; otherwise there is <em>no clear \
         difference</em>. <span class=\"unsettled\">↗</span> marks a structure that has not \
         settled: its queues keep growing, so its waiting times depend on the run's length. \
         Unfold <em>Numbers</em> under a chart for the values behind it, <em>More</em> for \
         the details.</p>\n",
    );
    if results.scenarios.is_empty() {
        out.push_str("<p class=\"note\">The results hold no scenario.</p>\n");
    } else {
        out.push_str("<nav aria-label=\"Scenarios\">\n<h2 class=\"toc\">Scenarios</h2>\n<ol>\n");
        for (i, scenario) in results.scenarios.iter().enumerate() {
            let about = if scenario.description.is_empty() {
                scenario.structures.join(", ")
            } else {
                scenario.description.clone()
            };
            let _ = writeln!(
                out,
                "<li><a href=\"#s{}\">{}</a>: {}</li>",
                i + 1,
                esc(&scenario.name),
                esc(&about)
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

/// One scenario: its description, a line on its structures and runs, the notes, the
/// sweep (if any) with its points to pick from, or the sections of its one point.
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
    if !scenario.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"description\">{}</p>",
            esc(&scenario.description)
        );
    }
    meta(out, scenario);
    notes::section(out, scenario);

    if scenario.points.len() > 1 {
        sweep::section(out, scenario, id)?;
        uncertainty::across(out, scenario);
        points(out, results, scenario, id)?;
    } else if let Some(point) = scenario.points.first() {
        point_sections(out, results, scenario, point, 3)?;
    }
    out.push_str("</section>\n");
    Ok(())
}

/// The line under a scenario's title: its structures, trials, weeks and sweep.
fn meta(out: &mut String, scenario: &ScenarioData) {
    let n = scenario.structures.len();
    let _ = write!(
        out,
        "<p class=\"meta\">{n} structure{}: {}",
        if n == 1 { "" } else { "s" },
        esc(&scenario.structures.join(", ")),
    );
    let trials = scenario
        .points
        .first()
        .map(|point| trial_counts(point, n))
        .unwrap_or_default();
    if !trials.is_empty() && trials.windows(2).all(|w| w[0] == w[1]) {
        let _ = write!(out, "; {} trials each", trials[0]);
    }
    if let Some(run) = scenario.points.first().and_then(|p| p.run) {
        let _ = write!(
            out,
            " of {} measured weeks after {} of warm-up",
            run.weeks, run.warmup_weeks
        );
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
}

/// A sweep's points, folded: a radio button per point to pick which one to show (the
/// last at first), and each point's sections, of which CSS shows the picked one.
fn points(
    out: &mut String,
    results: &Results,
    scenario: &ScenarioData,
    id: &str,
) -> Result<(), ReportError> {
    let swept = scenario.swept();
    let one = swept.len() == 1;
    let _ = writeln!(
        out,
        "<details class=\"at-point\" data-part=\"points\">\n<summary>Details at one point \
         of the sweep: verdicts, headline metrics, cost and value, warning signs</summary>\n\
         <div class=\"pick\" role=\"radiogroup\" aria-label=\"Point of the sweep\">"
    );
    if one {
        let _ = write!(out, "<span class=\"note\">{} =</span> ", esc(&swept[0]));
    }
    let last = scenario.points.len();
    for (j, point) in scenario.points.iter().enumerate() {
        let name = match (one, point.sweep.first()) {
            (true, Some((_, value))) => value.clone(),
            _ => point.label(),
        };
        let _ = writeln!(
            out,
            "<input type=\"radio\" name=\"{id}-at\" id=\"{id}-at{}\"{}><label for=\"{id}-at{}\">{}</label>",
            j + 1,
            if j + 1 == last { " checked" } else { "" },
            j + 1,
            esc(&name)
        );
    }
    out.push_str("<div class=\"at\">\n");
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
    out.push_str("</div>\n</div>\n</details>\n");
    Ok(())
}

/// Trials per structure: rows of trials.csv.
fn trial_counts(point: &PointData, structures: usize) -> Vec<u64> {
    (0..structures)
        .map(|k| point.trials.get(&k).map_or(0, |t| t.trials))
        .collect()
}

/// The sections of one point, each under a heading of level `level`: what a reader
/// needs first, then the details folded under *More*.
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
    let frontier = frontier::of(scenario, point);
    open(out, "verdict", "Verdict");
    verdict::section(out, scenario, point);
    if let Some(f) = &frontier {
        frontier::sentences(out, scenario, point, f);
    }
    out.push_str("</section>\n");

    let title = if frontier.is_some() {
        "Headline metrics and cost"
    } else {
        "Headline metrics"
    };
    open(out, "headline", title);
    headline::section(out, scenario, point, frontier.as_ref())?;
    out.push_str("</section>\n");

    open(out, "warnings", "Warning signs");
    warnings::section(out, results, scenario, point);
    out.push_str("</section>\n");

    if point.uncertainty.is_some() {
        open(out, "uncertainty", "Which assumptions decide the verdict");
        uncertainty::section(out, scenario, point)?;
        out.push_str("</section>\n");
    }

    out.push_str(
        "<details class=\"more\">\n<summary>More: the comparisons, spread over trials, where \
         lead time goes, stakeholder groups, people's week, warning signs, cost per item</summary>\n",
    );
    if !point.pairs().is_empty() {
        open(out, "comparisons", "The comparisons behind the verdicts");
        verdict::table(out, scenario, point);
        out.push_str("</section>\n");
    }
    open(out, "distribution", "Spread over trials");
    headline::spread_section(out, scenario, point)?;
    out.push_str("</section>\n");

    open(out, "lead-time", "Where lead time goes");
    lead_time::section(out, scenario, point)?;
    out.push_str("</section>\n");

    if groups::shown(point) {
        open(out, "groups", "Stakeholder groups");
        groups::section(out, scenario, point)?;
        out.push_str("</section>\n");
    }

    open(out, "people", "How product people spend the week");
    people::section(out, scenario, point)?;
    out.push_str("</section>\n");

    if !point.warnings.is_empty() {
        open(out, "warning-chart", "Warning signs in detail");
        warnings::chart(out, scenario, point)?;
        out.push_str("</section>\n");
    }

    open(out, "cost", "Cost per item");
    cost::section(out, scenario, point)?;
    out.push_str("</section>\n");
    out.push_str("</details>\n");
    Ok(())
}
