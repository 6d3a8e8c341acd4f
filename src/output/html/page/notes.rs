//! What a reader must know before trusting a scenario's figures, said at its top:
//! which structures have not settled (their queues keep growing through the window,
//! so their waiting times and backlogs depend on the run's length), and where the
//! warm-up check finds the start-up transient longer than the warm-up. A structure
//! that has not settled carries the mark `↗` after its name wherever the page shows
//! one of its figures: in sentences, legends, chart labels and tables.

use super::words::{and_list, QUEUES};
use crate::analysis::Series;
use crate::model::Metric;
use crate::output::html::data::{PointData, ScenarioData, WarmupNote};
use crate::output::html::text::esc;
use std::fmt::Write as _;

/// The mark of a structure that has not settled.
pub(super) const MARK: &str = "↗";

/// The queue of structure `k` that grows most at `point` (by the means over trials of
/// the growth metrics of [`QUEUES`]): the queue in words and what its growth does.
pub(super) fn growing_queue(point: &PointData, k: usize) -> Option<(&'static str, &'static str)> {
    QUEUES
        .iter()
        .filter_map(|&(metric, queue, effect)| {
            let growth = point.summary(k, metric)?.mean;
            growth.is_finite().then_some((growth, queue, effect))
        })
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, queue, effect)| (queue, effect))
}

/// What the mark says when pointed at: why the structure is marked.
fn why(point: &PointData, k: usize) -> String {
    match growing_queue(point, k) {
        Some((queue, _)) => format!("not settled: its {queue} grows through the window"),
        None => "not settled: its queues grow through the window".to_string(),
    }
}

/// The mark after the name of structure `k` (HTML, with its reason as a title), or
/// nothing when it has settled. `long` adds the words `not settled`, for legends.
pub(super) fn mark(point: &PointData, k: usize, long: bool) -> String {
    if !point.unsettled(k) {
        return String::new();
    }
    let words = if long { " not settled" } else { "" };
    format!(
        " <span class=\"unsettled\" title=\"{}\">{MARK}{words}</span>",
        esc(&why(point, k))
    )
}

/// The name of structure `k` in bold, with its mark (HTML).
pub(super) fn strong(scenario: &ScenarioData, point: &PointData, k: usize) -> String {
    format!(
        "<strong>{}</strong>{}",
        esc(&scenario.structures[k]),
        mark(point, k, false)
    )
}

/// The name of structure `k` as a chart or table label: with ` ↗` when it has not
/// settled (plain text; escaped where written).
pub(super) fn label(scenario: &ScenarioData, point: &PointData, k: usize) -> String {
    let name = &scenario.structures[k];
    if point.unsettled(k) {
        format!("{name} {MARK}")
    } else {
        name.clone()
    }
}

/// [`label`] of every structure, in order.
pub(super) fn labels(scenario: &ScenarioData, point: &PointData) -> Vec<String> {
    (0..scenario.structures.len())
        .map(|k| label(scenario, point, k))
        .collect()
}

/// The points `indices` of a sweep in words: `team.squads = 4, 6` when one
/// parameter is swept, the full labels otherwise.
pub(super) fn points_phrase(scenario: &ScenarioData, indices: &[usize]) -> String {
    let one = scenario.swept().len() == 1;
    let values: Vec<String> = indices
        .iter()
        .map(|&j| {
            let point = &scenario.points[j];
            match (one, point.sweep.first()) {
                (true, Some((_, value))) => value.clone(),
                _ => format!("({})", point.label()),
            }
        })
        .collect();
    match (one, scenario.swept().first()) {
        (true, Some(column)) => format!("{column} = {}", values.join(", ")),
        _ => values.join(", "),
    }
}

/// The notes at the top of a scenario, if any: one line per structure that has not
/// settled, and one per warm-up note (per structure and series).
pub(super) fn section(out: &mut String, scenario: &ScenarioData) {
    let sweep = scenario.points.len() > 1;
    let mut lines: Vec<String> = Vec::new();
    for (k, name) in scenario.structures.iter().enumerate() {
        let at: Vec<usize> = (0..scenario.points.len())
            .filter(|&j| scenario.points[j].unsettled(k))
            .collect();
        if at.is_empty() {
            continue;
        }
        // The queue that grows most, at each point where the structure has not
        // settled; points with the same queue told together.
        let mut queues: Vec<(&str, &str, Vec<usize>)> = Vec::new();
        for &j in &at {
            // Without growth metrics (a file that does not say which queue), "queues".
            let (queue, effect) = growing_queue(&scenario.points[j], k).unwrap_or(("", ""));
            match queues.iter_mut().find(|(q, _, _)| *q == queue) {
                Some((_, _, points)) => points.push(j),
                None => queues.push((queue, effect, vec![j])),
            }
        }
        let whose = if sweep {
            format!(" at {}", esc(&points_phrase(scenario, &at)))
        } else {
            String::new()
        };
        let grows = if queues.len() == 1 || !sweep {
            match queues[0] {
                ("", _, _) => "its queues grow through the window".to_string(),
                (queue, effect, _) => format!("its {queue} grows through the window: {effect}"),
            }
        } else {
            let parts: Vec<String> = queues
                .iter()
                .map(|(queue, _, points)| {
                    let queue = if queue.is_empty() { "queues" } else { queue };
                    format!("its {queue} (at {})", esc(&points_phrase(scenario, points)))
                })
                .collect();
            format!("{} grow through the window", and_list(&parts))
        };
        // Where it finishes nothing, the queue that holds the work says why.
        let none_done: Vec<usize> = at
            .iter()
            .copied()
            .filter(|&j| {
                scenario.points[j]
                    .summary(k, Metric::ThroughputPerWeek)
                    .is_some_and(|x| x.mean == 0.0)
            })
            .collect();
        let starved = match none_done.first() {
            None => String::new(),
            Some(&j) => {
                let queue = growing_queue(&scenario.points[j], k).map_or("queues", |q| q.0);
                let place = if sweep {
                    format!(" at {}", esc(&points_phrase(scenario, &none_done)))
                } else {
                    String::new()
                };
                format!(
                    " It finishes no item in the measured window{place}: the developers' \
                     work waits in its {queue}, so nothing reaches done however much they work."
                )
            }
        };
        lines.push(format!(
            "<span class=\"unsettled\">{MARK}</span> <strong>{}</strong> has not settled{whose}: \
             {grows}.{starved} Its waiting times and backlogs depend on the run's length, so they \
             are not compared (a longer run gives longer ones: a gap of many times against a \
             settled structure measures the run, not the structure); its figures carry the \
             mark {MARK}.",
            esc(name),
        ));
    }
    for (k, name) in scenario.structures.iter().enumerate() {
        for series in Series::ALL {
            let notes: Vec<(usize, &WarmupNote)> = scenario
                .points
                .iter()
                .enumerate()
                .flat_map(|(j, point)| point.warmup.iter().map(move |note| (j, note)))
                .filter(|(_, note)| note.structure == k && note.series == series)
                .collect();
            if let Some(line) = warmup_line(scenario, name, series, &notes) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    out.push_str("<div class=\"notes\" role=\"note\">\n");
    for line in lines {
        let _ = writeln!(out, "<p>{line}</p>");
    }
    out.push_str("</div>\n");
}

/// The warm-up note of one structure's series: at its only point, or the points of a
/// sweep where the check finds the transient longer than the warm-up.
fn warmup_line(
    scenario: &ScenarioData,
    name: &str,
    series: Series,
    notes: &[(usize, &WarmupNote)],
) -> Option<String> {
    let &(j, first) = notes.first()?;
    let run = scenario.points[j].run;
    let warmup = run.map_or(String::new(), |r| {
        format!(" (the scenario has {} weeks of warm-up)", r.warmup_weeks)
    });
    let whose = format!("<strong>{}</strong>’s {}", esc(name), series.name());
    if scenario.points.len() > 1 {
        let at: Vec<String> = notes
            .iter()
            .map(|&(j, note)| {
                let weeks = if note.settled {
                    format!("{} weeks", note.suggested_weeks)
                } else {
                    "not settled".to_string()
                };
                format!("{} ({weeks})", points_phrase(scenario, &[j]))
            })
            .collect();
        return Some(format!(
            "Warm-up: {whose} settles later than the warm-up{warmup} at {}.",
            esc(&at.join("; "))
        ));
    }
    Some(if first.settled {
        format!(
            "Warm-up: the warm-up check suggests {} weeks of warm-up for {whose}{warmup}: the \
             first measured weeks still carry the start-up.",
            first.suggested_weeks
        )
    } else {
        let of = run.map_or(String::new(), |r| {
            format!(" of {}", r.warmup_weeks + r.weeks)
        });
        format!(
            "Warm-up: {whose} has not settled by week {}{of}: a queue that keeps growing, or \
             a run too short to tell.",
            first.suggested_weeks
        )
    })
}
