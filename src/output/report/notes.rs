//! The lines under a scenario's tables: the legend of the verdict markers, the
//! structures that have not settled, the ranking on the primary outcome, the cost
//! frontier, the warning signs and the warm-up notes. Each takes its rule from
//! [`analysis`](crate::analysis); this module only words it.

use super::text::{point_labels, shorten, wrap, KEEP_TOGETHER};
use super::MAX_NAME;
use crate::analysis::warnings::percent;
use crate::analysis::{
    fastest_growing, frontier_dominated, frontier_outcome, primary_outcome, primary_ranks, settled,
    warmup, GrowingQueue, WarningSign,
};
use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::PointStats;
use std::fmt::Write as _;
use std::ops::Range;

/// The marker of a figure of a structure that has not settled.
pub(super) const UNSETTLED: &str = "↗";

/// The legend of the verdict markers against the first structure, `first`.
pub(super) fn legend(out: &mut String, point: &Scenario, first: &str) {
    let min_effect = &point.compare.min_effect;
    let margin = if min_effect.by_metric.is_empty() {
        format!("within {}", percent(min_effect.default))
    } else {
        "within [compare] min_effect".to_string()
    };
    wrap(
        out,
        &format!(
            "against {first} (paired, 95%): ▲ better, ▼ worse, ≈ equivalent ({margin}), \
             · no clear difference"
        ),
        4,
    );
}

/// The names of `point`'s structures as the report shows them.
fn names(point: &Scenario) -> Vec<String> {
    point
        .structures
        .iter()
        .map(|s| shorten(&s.name, MAX_NAME))
        .collect()
}

/// Per structure that has not settled at some of the points `range`: one line naming
/// the points (for a sweep) and the queue that grows most, in words.
pub(super) fn unsettled(
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) -> Vec<String> {
    let sweep = range.len() > 1;
    let names = names(&points[range.start]);
    let mut lines = Vec::new();
    for (k, name) in names.iter().enumerate() {
        // (point, the queue that grows most there) wherever k has not settled.
        let at: Vec<(usize, Option<GrowingQueue>)> = range
            .clone()
            .filter(|&p| !settled(&stats[p], k))
            .map(|p| (p, fastest_growing(&stats[p], k)))
            .collect();
        let Some(&(_, queue)) = at.first() else {
            continue;
        };
        let one_queue = at.iter().all(|(_, q)| *q == queue);
        let why = match queue {
            Some(queue) if one_queue => queue.sentence(),
            _ => "its queues grow through the window: its waiting times depend on the run's \
                  length"
                .to_string(),
        };
        let place = if !sweep {
            String::new()
        } else {
            let indices: Vec<usize> = at.iter().map(|(p, _)| *p).collect();
            // Where the queues differ, each point names its own.
            let notes: Vec<String> = at
                .iter()
                .map(|(_, q)| match q {
                    Some(q) if !one_queue => q.name().to_string(),
                    _ => String::new(),
                })
                .collect();
            format!(" at {}", point_labels(points, &indices, &notes))
        };
        // Where it finishes nothing, the queue that holds the work says why.
        let none_done: Vec<usize> = at
            .iter()
            .map(|(p, _)| *p)
            .filter(|&p| {
                stats[p]
                    .summary(k, Metric::ThroughputPerWeek)
                    .moments
                    .mean()
                    == 0.0
            })
            .collect();
        let starved = match none_done.first() {
            None => String::new(),
            Some(&p) => {
                let queue = fastest_growing(&stats[p], k).map_or("queues", |q| q.name());
                let at = if sweep {
                    format!(" at {}", point_labels(points, &none_done, &[]))
                } else {
                    String::new()
                };
                format!(
                    "; it finishes no item{at}: the developers' work waits in its {queue}, so \
                     nothing reaches done"
                )
            }
        };
        lines.push(format!(
            "{UNSETTLED} {name} has not settled{place}: {why}{starved} (no verdict on its \
             waiting times: a gap of many times against a settled structure measures the \
             run's length, not the structure)"
        ));
    }
    lines
}

/// With three or more structures, the ranking on each point's primary outcome: one
/// line per point, structures by rank (equivalent ones share a rank).
pub(super) fn ranking(
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) -> Vec<String> {
    let sweep = range.len() > 1;
    let names = names(&points[range.start]);
    if names.len() < 3 {
        return Vec::new();
    }
    range
        .clone()
        .map(|p| {
            let ranks = primary_ranks(&points[p], &stats[p]);
            let mut order: Vec<usize> = (0..ranks.len()).collect();
            order.sort_by_key(|&k| ranks[k]);
            let listed: Vec<String> = order
                .iter()
                .map(|&k| format!("{}{KEEP_TOGETHER}{}", ranks[k], names[k]))
                .collect();
            let at = if sweep {
                format!(" at {}", point_labels(points, &[p], &[]))
            } else {
                String::new()
            };
            format!(
                "ranking on {}{at} (1 = best; equivalent ones share a rank): {}",
                primary_outcome(&stats[p]).name(),
                listed.join(", ")
            )
        })
        .collect()
}

/// With `[costs]`, the structures the cost frontier leaves behind on the primary
/// outcome: one line for a point, one per dominated structure for a sweep.
pub(super) fn frontier(
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) -> Vec<String> {
    let first = &points[range.start];
    let names = names(first);
    let costed = first
        .structures
        .iter()
        .all(|s| s.people_cost_per_year().is_some());
    if names.len() < 2 || !costed {
        return Vec::new();
    }
    let why = "costs no more and delivers at least as much";
    let why_each = "cost no more and deliver at least as much";
    let dominated: Vec<Vec<Option<usize>>> = range
        .clone()
        .map(|p| frontier_dominated(&points[p], &stats[p]))
        .collect();
    if range.len() == 1 {
        let outcome = frontier_outcome(&stats[range.start]);
        let by: Vec<String> = dominated[0]
            .iter()
            .enumerate()
            .filter_map(|(k, by)| by.map(|j| format!("{} is dominated by {}", names[k], names[j])))
            .collect();
        let text = if by.is_empty() {
            format!(
                "cost frontier on {}: no structure is dominated",
                outcome.name()
            )
        } else {
            format!(
                "cost frontier on {}: {} ({why})",
                outcome.name(),
                by.join(", ")
            )
        };
        return vec![text];
    }
    // A sweep's points share their frontier's outcome unless value appears at some only.
    let outcomes: Vec<_> = range.clone().map(|p| frontier_outcome(&stats[p])).collect();
    let on = if outcomes.iter().all(|m| *m == outcomes[0]) {
        outcomes[0].name()
    } else {
        "value or throughput"
    };
    (0..names.len())
        .filter_map(|k| {
            let at: Vec<(usize, usize)> = range
                .clone()
                .zip(&dominated)
                .filter_map(|(p, by)| by[k].map(|j| (p, j)))
                .collect();
            if at.is_empty() {
                return None;
            }
            let indices: Vec<usize> = at.iter().map(|(p, _)| *p).collect();
            let notes: Vec<String> = at
                .iter()
                .map(|(_, j)| format!("by {}", names[*j]))
                .collect();
            Some(format!(
                "cost frontier on {on}: {} is dominated at {}, which {why_each}",
                names[k],
                point_labels(points, &indices, &notes)
            ))
        })
        .collect()
}

/// The warning signs that fire in at least
/// [`REPORT_SHARE`](crate::analysis::warnings::REPORT_SHARE) of the trials, per
/// structure: with their values for one point, with the points where they fire for a
/// sweep.
pub(super) fn render_warnings(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) {
    let first = &points[range.start];
    let sweep = range.len() > 1;
    let mut lines: Vec<String> = Vec::new();
    for (k, name) in names(first).iter().enumerate() {
        for sign in WarningSign::ALL {
            // (point, threshold bound, fired share) wherever it is reported.
            let fired: Vec<(usize, f64, f64)> = range
                .clone()
                .filter(|&p| sign.reported(&stats[p], k))
                .filter_map(|p| {
                    let check = stats[p].exceedance(k, sign.index())?;
                    Some((p, check.threshold().bound, check.share()))
                })
                .collect();
            let Some(&(p, bound, share)) = fired.first() else {
                continue;
            };
            if sweep {
                let same = fired.iter().all(|f| f.1 == bound);
                let op = if sign.above() { ">" } else { "<" };
                // A swept threshold has no one value to show.
                let what = if same {
                    format!("{} {op} {}", sign.metric().name(), sign.bound_text(bound))
                } else {
                    format!("{} past its threshold", sign.metric().name())
                };
                let indices: Vec<usize> = fired.iter().map(|f| f.0).collect();
                let at = point_labels(points, &indices, &[]);
                lines.push(format!("{name}: {} ({what}) at {at}", sign.words()));
            } else {
                let mean = stats[p].summary(k, sign.metric()).moments.mean();
                lines.push(format!(
                    "{name}: {} ({}) in {} of trials",
                    sign.words(),
                    sign.comparison(mean, bound),
                    percent(share)
                ));
            }
        }
    }
    out.push('\n');
    if lines.is_empty() {
        let _ = writeln!(
            out,
            "warning signs: none fires in at least half of the trials"
        );
        return;
    }
    let when = if sweep {
        "in at least half of the trials at a point"
    } else {
        "in at least half of the trials"
    };
    let _ = writeln!(out, "warning signs {when}:");
    for line in lines {
        wrap(out, &format!("  {line}"), 4);
    }
}

/// The warm-up check's notes for the points `range`, per structure and series.
pub(super) fn render_warmup(
    out: &mut String,
    points: &[Scenario],
    stats: &[PointStats],
    range: Range<usize>,
) {
    let first = &points[range.start];
    let sweep = range.len() > 1;
    let notes: Vec<(usize, warmup::WarmupNote)> = range
        .clone()
        .flat_map(|p| {
            warmup::check(&points[p], &stats[p])
                .into_iter()
                .map(move |n| (p, n))
        })
        .collect();
    if notes.is_empty() {
        return;
    }
    for (k, name) in names(first).iter().enumerate() {
        for series in warmup::Series::ALL {
            let mine: Vec<&(usize, warmup::WarmupNote)> = notes
                .iter()
                .filter(|(_, n)| n.structure == k && n.series == series)
                .collect();
            let Some((p, note)) = mine.first() else {
                continue;
            };
            let weeks = |n: &warmup::WarmupNote| {
                if n.unsettled() {
                    "not settled".to_string()
                } else {
                    format!("{} weeks", n.weeks())
                }
            };
            let text = if sweep {
                let indices: Vec<usize> = mine.iter().map(|(p, _)| *p).collect();
                let weeks: Vec<String> = mine.iter().map(|(_, n)| weeks(n)).collect();
                format!(
                    "warm-up: MSER-5 finds {name}'s {} settling later than warmup_weeks = {} \
                     at {}",
                    series.name(),
                    points[*p].run.warmup_weeks,
                    point_labels(points, &indices, &weeks)
                )
            } else if note.unsettled() {
                format!(
                    "warm-up: {name}'s {} has not settled by week {} of {} (MSER-5 cut at its \
                     limit): a queue that keeps growing, or a run too short to tell",
                    series.name(),
                    note.weeks(),
                    points[*p].run.warmup_weeks + points[*p].run.weeks
                )
            } else {
                format!(
                    "warm-up: MSER-5 suggests {} weeks of warm-up for {name}'s {}; the \
                     scenario has warmup_weeks = {}",
                    note.weeks(),
                    series.name(),
                    points[*p].run.warmup_weeks
                )
            };
            wrap(out, &text, 4);
        }
    }
}
