//! Crossovers along a sweep: from which point on one structure stays better.
//!
//! A swept scenario is a grid of points. Its **lines** run along the first swept
//! parameter that takes more than one value, every other parameter held at one of
//! its values (a one-parameter sweep is a single line). Along a line, for a pair of
//! structures and a metric, the **crossover** is the first point from which one
//! structure is `better` (paired, 95%, beyond the practical margin:
//! [`judge`](super::verdicts::judge)) at that point and at every later point. Points
//! where the pair has no paired value (a structure that finished no item has no lead
//! time) say nothing either way: they are skipped and listed. So do the points where a
//! waiting time has no verdict because a side has not settled (its waits grow with the
//! run's length): listed apart, so that a structure that answers faster until its rival
//! stops settling is still seen to overtake it, with the points not compared named.

use super::verdicts::{is_waiting_time, judge};
use crate::model::Metric;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict};
use std::ops::Range;

/// The batch index ranges of the scenarios of a batch: a file's points are
/// consecutive and share the scenario's name.
pub fn scenario_ranges(points: &[Scenario]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match ranges.last_mut() {
            Some(r) if points[r.start].name == p.name && points[r.start].path == p.path => {
                r.end = i + 1
            }
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

/// The points of a sweep along one parameter, the others held fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepLine {
    /// The parameter varied along the line, by its path (`team.squads`).
    pub parameter: String,
    /// The other swept parameters and their values on this line, as (path, value).
    pub fixed: Vec<(String, String)>,
    /// Batch indices of the points, in sweep order.
    pub points: Vec<usize>,
}

impl SweepLine {
    /// The varied parameter's value at position `i` of the line.
    pub fn value<'a>(&self, points: &'a [Scenario], i: usize) -> &'a str {
        let sweep = &points[self.points[i]].sweep;
        sweep
            .iter()
            .find(|(path, _)| *path == self.parameter)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The lines through the points `range` of one scenario: one per combination of the
/// other parameters' values, in the order first met. Empty when no parameter takes
/// two values (nothing varies).
pub fn sweep_lines(points: &[Scenario], range: Range<usize>) -> Vec<SweepLine> {
    let group = &points[range.clone()];
    let Some(first) = group.first() else {
        return Vec::new();
    };
    // The first parameter with two values; a parameter swept over one value is a
    // constant, not a direction.
    let Some(axis) = (0..first.sweep.len()).find(|&i| {
        group
            .iter()
            .any(|p| p.sweep.get(i).map(|x| &x.1) != first.sweep.get(i).map(|x| &x.1))
    }) else {
        return Vec::new();
    };
    let mut lines: Vec<SweepLine> = Vec::new();
    for (offset, p) in group.iter().enumerate() {
        let fixed: Vec<(String, String)> = p
            .sweep
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != axis)
            .map(|(_, kv)| kv.clone())
            .collect();
        let index = range.start + offset;
        match lines.iter_mut().find(|l| l.fixed == fixed) {
            Some(line) => line.points.push(index),
            None => lines.push(SweepLine {
                parameter: first.sweep[axis].0.clone(),
                fixed,
                points: vec![index],
            }),
        }
    }
    lines
}

/// What a line shows for one pair of structures and one metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// `winner` is better than `loser` from position `from` of the line on, and not at
    /// the comparable point before.
    From {
        /// The structure that overtakes.
        winner: usize,
        /// The structure overtaken.
        loser: usize,
        /// Position in the line's points.
        from: usize,
    },
    /// `winner` is better than `loser` at every comparable point of the line.
    Throughout {
        /// The better structure.
        winner: usize,
        /// The other.
        loser: usize,
    },
    /// Neither structure is better at the last comparable point: no crossover.
    None,
}

/// The crossing of a pair on a line, with the positions skipped for want of paired
/// values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossover {
    /// What the line shows.
    pub crossing: Crossing,
    /// Positions of the line with no paired value of the metric.
    pub skipped: Vec<usize>,
    /// Positions where the metric is a waiting time and a side has not settled: not
    /// compared.
    pub unsettled: Vec<usize>,
}

/// The crossover of structures `a` and `b` (`a < b`) on `metric` along `line`;
/// `stats[i]` belongs to batch point `points[i]`.
pub fn crossover(
    points: &[Scenario],
    stats: &[PointStats],
    line: &SweepLine,
    a: usize,
    b: usize,
    metric: Metric,
) -> Crossover {
    if metric.higher_is_better().is_none() {
        // A metric with no better direction has no crossover.
        return Crossover {
            crossing: Crossing::None,
            skipped: Vec::new(),
            unsettled: Vec::new(),
        };
    }
    let judged: Vec<_> = line
        .points
        .iter()
        .map(|&p| judge(&points[p], &stats[p], a, b, metric))
        .collect();
    let not_compared = |i: usize| is_waiting_time(metric) && judged[i].unsettled.is_some();
    let verdicts: Vec<Option<Verdict>> = (0..judged.len())
        .map(|i| judged[i].verdict.filter(|_| !not_compared(i)))
        .collect();
    let unsettled: Vec<usize> = (0..judged.len())
        .filter(|&i| judged[i].verdict.is_some() && not_compared(i))
        .collect();
    let mut c = crossing(&verdicts, a, b);
    c.skipped.retain(|i| !unsettled.contains(i));
    c.unsettled = unsettled;
    c
}

/// The crossover rule itself, on `a`'s verdicts against `b` at the positions of a
/// line; `None` where the pair has no paired value (skipped). Only `better` and
/// `worse` name a winner: `equivalent` and `no clear difference` end a run of wins.
/// Shared by the printed report and `report.html`, so that both always name the same
/// point.
pub fn crossing(verdicts: &[Option<Verdict>], a: usize, b: usize) -> Crossover {
    let skipped: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i].is_none())
        .collect();
    // (position, verdict of a against b) at each comparable point.
    let comparable: Vec<(usize, Verdict)> = verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let crossing = match comparable.last() {
        Some(&(_, last)) if last.is_decided() => {
            let (winner, loser) = if last == Verdict::Better {
                (a, b)
            } else {
                (b, a)
            };
            // The run of equal verdicts that reaches the end of the line.
            let run = comparable
                .iter()
                .rev()
                .take_while(|(_, v)| *v == last)
                .count();
            if run == comparable.len() {
                Crossing::Throughout { winner, loser }
            } else {
                Crossing::From {
                    winner,
                    loser,
                    from: comparable[comparable.len() - run].0,
                }
            }
        }
        _ => Crossing::None,
    };
    Crossover {
        crossing,
        skipped,
        unsettled: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TrialMetrics, TrialResult};
    use crate::output::tests::point;

    fn result(latency: f64) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        metrics.set(Metric::DecisionLatencyMeanH, latency);
        TrialResult::synthetic(metrics, vec![])
    }

    /// Statistics of two structures whose latencies differ by `gap[i]` at point i
    /// (b − a; positive: a better), with noise shared by both.
    fn stats(gaps: &[f64]) -> Vec<PointStats> {
        gaps.iter()
            .map(|&gap| {
                let mut point_stats = PointStats::new(2);
                for t in 0..20 {
                    let noise = f64::from(t % 5);
                    let b = if gap.is_nan() { f64::NAN } else { 1.0 + gap };
                    point_stats.add_trial(&[result(1.0 + noise), result(b + noise)]);
                }
                point_stats
            })
            .collect()
    }

    /// `n` points of two structures, with the default margin.
    fn points(n: usize) -> Vec<Scenario> {
        vec![point("x", &[("team.squads", "1")], 20, 2); n]
    }

    fn line(n: usize) -> SweepLine {
        SweepLine {
            parameter: "team.squads".into(),
            fixed: vec![],
            points: (0..n).collect(),
        }
    }

    #[test]
    fn the_crossover_is_the_start_of_the_last_run_of_better_verdicts() {
        // Equal at 0, a better at 1, equal at 2, a worse from 3 on: b overtakes from 3.
        // (The gaps of 1 h on a mean of 3 h are far beyond the 2% margin.)
        let point_stats = stats(&[0.0, 1.0, 0.0, -1.0, -2.0]);
        let c = crossover(
            &points(5),
            &point_stats,
            &line(5),
            0,
            1,
            Metric::DecisionLatencyMeanH,
        );
        assert_eq!(
            c.crossing,
            Crossing::From {
                winner: 1,
                loser: 0,
                from: 3
            }
        );
        let c = crossover(
            &points(5),
            &point_stats[..3],
            &line(3),
            0,
            1,
            Metric::DecisionLatencyMeanH,
        );
        assert_eq!(c.crossing, Crossing::None);
        let c = crossover(
            &points(5),
            &point_stats[1..2],
            &line(1),
            0,
            1,
            Metric::DecisionLatencyMeanH,
        );
        assert_eq!(
            c.crossing,
            Crossing::Throughout {
                winner: 0,
                loser: 1
            }
        );
    }

    #[test]
    fn points_without_paired_values_are_skipped() {
        let point_stats = stats(&[0.0, 1.0, f64::NAN]);
        let c = crossover(
            &points(5),
            &point_stats,
            &line(3),
            0,
            1,
            Metric::DecisionLatencyMeanH,
        );
        assert_eq!(
            c.crossing,
            Crossing::From {
                winner: 0,
                loser: 1,
                from: 1
            }
        );
        assert_eq!(c.skipped, [2]);
        // Requests arrived have no better direction: never a crossover.
        let c = crossover(
            &points(5),
            &point_stats,
            &line(3),
            0,
            1,
            Metric::RequestsArrived,
        );
        assert_eq!(c.crossing, Crossing::None);
    }

    #[test]
    fn lines_run_along_the_first_parameter_that_varies() {
        let points: Vec<Scenario> = [("1", "a"), ("1", "b"), ("2", "a"), ("2", "b")]
            .iter()
            .map(|(x, y)| point("g", &[("team.squads", x), ("work.y", y)], 1, 2))
            .chain([point("other", &[], 1, 2)])
            .collect();
        let ranges = scenario_ranges(&points);
        assert_eq!(ranges, [0..4, 4..5]);
        let lines = sweep_lines(&points, ranges[0].clone());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].parameter, "team.squads");
        assert_eq!(lines[0].fixed, [("work.y".to_string(), "a".to_string())]);
        assert_eq!(lines[0].points, [0, 2]);
        assert_eq!(lines[1].points, [1, 3]);
        assert_eq!(lines[1].value(&points, 1), "2");
        assert!(sweep_lines(&points, ranges[1].clone()).is_empty());

        // A first parameter with one value is a constant: lines run along the second.
        let points: Vec<Scenario> = ["a", "b", "c"]
            .iter()
            .map(|y| point("g", &[("team.squads", "3"), ("work.y", y)], 1, 2))
            .collect();
        let lines = sweep_lines(&points, 0..3);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].parameter, "work.y");
        assert_eq!(
            lines[0].fixed,
            [("team.squads".to_string(), "3".to_string())]
        );
    }
}
