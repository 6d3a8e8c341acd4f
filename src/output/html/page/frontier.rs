//! Cost against value: what each structure costs a year against what it delivers on
//! the primary outcome, with the structures that cost no less and deliver no more
//! named as dominated (docs/model.md §14). In words with the verdicts
//! ([`sentences`]), and as the first panel of the headline metrics ([`panel`]). Only
//! where `summary.csv` gives the people cost.

use super::figure::{num, text, Table};
use super::notes;
use super::words::{describe, show, why_missing, ONE_TRIAL};
use crate::model::Metric;
use crate::output::html::charts::{self, CostPoint, DrawError};
use crate::output::html::data::{PointData, ScenarioData};
use crate::output::html::derive::{dominated_by, primary, verdict_between};
use crate::output::html::palette::colour;
use crate::output::html::text::{esc, fmt_num, money};
use crate::stats::Verdict;
use std::fmt::Write as _;

/// The cost frontier of a point: the outcome it is drawn on, each structure's yearly
/// people cost, and who dominates whom.
pub(super) struct Frontier {
    /// The primary outcome.
    pub metric: Metric,
    /// Per structure, its yearly people cost, where known.
    costs: Vec<Option<f64>>,
    /// Per structure, the structure that dominates it.
    dominated: Vec<Option<usize>>,
}

/// The frontier of `point`, or `None` when no structure's cost is known (no
/// `[costs]`, or a folder of an older run).
pub(super) fn of(scenario: &ScenarioData, point: &PointData) -> Option<Frontier> {
    let n = scenario.structures.len();
    let costs: Vec<Option<f64>> = (0..n).map(|k| point.facts(k).cost_per_year).collect();
    if costs.iter().all(Option::is_none) {
        return None;
    }
    let metric = primary(point, n);
    let dominated = dominated_by(&costs, |s, t| verdict_between(point, s, t, metric));
    Some(Frontier {
        metric,
        costs,
        dominated,
    })
}

/// In words: each structure's yearly people cost, cheapest first, and which
/// structures are dominated, by whom and why.
pub(super) fn sentences(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
    f: &Frontier,
) {
    let short = esc(&describe(f.metric).short);
    let mut by_cost: Vec<(usize, f64)> = f
        .costs
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|c| (k, c)))
        .collect();
    by_cost.sort_by(|x, y| x.1.total_cmp(&y.1));
    let cheapest = by_cost.first().map_or(0.0, |&(_, c)| c);
    let listed: Vec<String> = by_cost
        .iter()
        .enumerate()
        .map(|(i, &(k, c))| {
            let more = if i > 0 && cheapest > 0.0 {
                format!(" (+{}%)", fmt_num((c / cheapest - 1.0) * 100.0))
            } else {
                String::new()
            };
            format!("{} {}{more}", notes::strong(scenario, point, k), money(c))
        })
        .collect();
    let dominated: Vec<String> = f
        .dominated
        .iter()
        .enumerate()
        .filter_map(|(s, by)| by.map(|t| (s, t)))
        .map(|(s, t)| {
            let (cs, ct) = (
                f.costs[s].unwrap_or(f64::NAN),
                f.costs[t].unwrap_or(f64::NAN),
            );
            let cost = if ct < cs {
                format!("costs less ({} against {} a year)", money(ct), money(cs))
            } else {
                "costs the same".to_string()
            };
            let delivers = match verdict_between(point, s, t, f.metric) {
                Some(Verdict::Worse) => format!("is better on {short}"),
                _ => format!("is equivalent on {short}"),
            };
            format!(
                "{} is dominated: {} {cost} and {delivers}.",
                notes::strong(scenario, point, s),
                notes::strong(scenario, point, t)
            )
        })
        .collect();
    let verdict = if dominated.is_empty() {
        format!(
            "No structure is dominated: none costs as much as another, or more, while being \
             worse or equivalent on {short}."
        )
    } else {
        dominated.join(" ")
    };
    let _ = writeln!(
        out,
        "<p class=\"cost\">People cost per year, developers included: {}. {verdict}</p>",
        listed.join(", ")
    );
}

/// The frontier chart as a panel of the headline figure, the table of its numbers,
/// and the words of the caption that read it.
pub(super) fn panel(
    scenario: &ScenarioData,
    point: &PointData,
    f: &Frontier,
) -> Result<(String, Table, String), (String, DrawError)> {
    let wording = describe(f.metric);
    let outcome = |k: usize| {
        point
            .summary(k, f.metric)
            .map_or((f64::NAN, f64::NAN, f64::NAN), |x| (x.mean, x.low, x.high))
    };
    let labels = notes::labels(scenario, point);
    let points: Vec<CostPoint> = (0..scenario.structures.len())
        .filter_map(|k| {
            Some(CostPoint {
                cost: f.costs[k]?,
                outcome: outcome(k),
                colour: colour(k),
                label: labels[k].clone(),
                dominated: f.dominated[k].is_some(),
            })
        })
        .collect();
    let title = format!("{} against cost", wording.title);
    let svg = charts::frontier(&title, "people cost per year", &wording.axis, &points)
        .map_err(|e| (title.clone(), e))?;

    let mut table = Table::new(&[
        "structure",
        "people cost per year",
        f.metric.name(),
        "95% CI low",
        "95% CI high",
        "dominated by",
    ]);
    let mut missing: Vec<String> = Vec::new();
    for (k, label) in labels.iter().enumerate() {
        let Some(cost) = f.costs[k] else { continue };
        let (mean, low, high) = outcome(k);
        let interval = |v: f64| {
            if v.is_finite() {
                num(show(f.metric, v))
            } else if mean.is_finite() {
                text(ONE_TRIAL)
            } else {
                text(why_missing(f.metric))
            }
        };
        if !mean.is_finite() {
            missing.push(format!(
                " {} has no {}: {}.",
                notes::strong(scenario, point, k),
                esc(&wording.short),
                why_missing(f.metric)
            ));
        }
        table.rows.push(vec![
            text(label),
            num(money(cost)),
            interval(mean),
            interval(low),
            interval(high),
            text(f.dominated[k].map_or("", |t| scenario.structures[t].as_str())),
        ]);
    }
    let how = format!(
        "First: mean {} (the primary outcome) against yearly people cost; hollow dots are \
         dominated, the dashed line joins the others.{}",
        esc(&wording.short),
        missing.concat()
    );
    Ok((svg, table, how))
}
