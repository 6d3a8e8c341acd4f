//! Cost against value: what each structure costs a year against what it delivers
//! (value per week, else throughput: never net value, which has the cost taken off
//! already), with the structures that cost no less and deliver no more
//! named as dominated (docs/model.md §14). In words with the verdicts
//! ([`sentences`]), and as the first panel of the headline metrics ([`panel`]). Only
//! where `summary.csv` gives the people cost.

use super::figure::{num, text, Table};
use super::notes;
use super::words::{describe, show, why_missing, ONE_TRIAL};
use crate::model::Metric;
use crate::output::html::charts::{self, CostPoint, DrawError};
use crate::output::html::data::{PointData, ScenarioData};
use crate::output::html::derive::{dominated_by, frontier_outcome, verdict_between};
use crate::output::html::palette::colour;
use crate::output::html::text::{esc, money};
use crate::stats::Verdict;
use std::fmt::Write as _;

/// The cost frontier of a point: the outcome it is drawn on, each structure's yearly
/// people cost, and who dominates whom.
pub(super) struct Frontier {
    /// The outcome drawn against cost: value delivered, else throughput.
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
    let metric = frontier_outcome(point, n);
    let dominated = dominated_by(&costs, |s, t| verdict_between(point, s, t, metric));
    Some(Frontier {
        metric,
        costs,
        dominated,
    })
}

/// How much more `cost` is than `base`, in whole percent (one decimal below 10%).
fn more_than(cost: f64, base: f64) -> String {
    let x = (cost / base - 1.0) * 100.0;
    if x < 10.0 {
        format!("{x:.1}% more")
    } else {
        format!("{x:.0}% more")
    }
}

/// In words: each structure's yearly people cost, cheapest first; which structures
/// are dominated, by whom and why; and what each other structure buys for what it
/// costs above the cheapest.
pub(super) fn sentences(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
    f: &Frontier,
) {
    let short = esc(&describe(f.metric).short);
    let name = |k: usize| notes::strong(scenario, point, k);
    let mut by_cost: Vec<(usize, f64)> = f
        .costs
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|c| (k, c)))
        .collect();
    by_cost.sort_by(|x, y| x.1.total_cmp(&y.1));
    let Some(&(cheapest, base)) = by_cost.first() else {
        return;
    };
    let listed: Vec<String> = by_cost
        .iter()
        .map(|&(k, c)| {
            let more = if k != cheapest && base > 0.0 && c > base {
                format!(" ({})", more_than(c, base))
            } else {
                String::new()
            };
            format!("{} {}{more}", name(k), money(c))
        })
        .collect();
    let mut said: Vec<String> = Vec::new();
    if f.dominated.iter().all(Option::is_none) {
        said.push("No structure is dominated.".to_string());
    }
    for &(s, cost) in &by_cost {
        if let Some(t) = f.dominated[s] {
            let other = f.costs[t].unwrap_or(f64::NAN);
            let cheaper = if other < cost {
                format!(
                    "costs less ({} against {} a year)",
                    money(other),
                    money(cost)
                )
            } else {
                "costs the same".to_string()
            };
            let how = match verdict_between(point, s, t, f.metric) {
                Some(Verdict::Worse) => "better",
                _ => "equivalent",
            };
            said.push(format!(
                "{} is dominated: {} {cheaper} and is {how} on {short}.",
                name(s),
                name(t)
            ));
            continue;
        }
        if s == cheapest || base <= 0.0 {
            continue;
        }
        // What the structure buys for what it costs above the cheapest.
        let costs = if cost > base {
            format!("costs {} than {}", more_than(cost, base), name(cheapest))
        } else {
            format!("costs the same as {}", name(cheapest))
        };
        let buys = match verdict_between(point, s, cheapest, f.metric) {
            Some(Verdict::Better) => format!("and is better on {short}"),
            Some(Verdict::Worse) => format!("and is worse on {short}"),
            Some(Verdict::Equivalent) => format!("and is equivalent on {short}"),
            Some(Verdict::NoClearDifference) | None => {
                format!("with no clear difference on {short}")
            }
        };
        said.push(format!("{} {costs} {buys}.", name(s)));
    }
    let _ = writeln!(
        out,
        "<p class=\"cost\">People cost per year, developers included: {}. {}</p>",
        listed.join(", "),
        said.join(" ")
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
        "Mean {} against yearly people cost, with its 95% interval; \
         hollow dots are dominated, the dashed line joins the others.{}",
        esc(&wording.short),
        missing.concat()
    );
    Ok((svg, table, how))
}
