//! What a history says about the parameters: arrival rates per group, effort, decision
//! waits, refinement and acceptance times, and the observed lead and cycle times the
//! back-test compares with. One pass over the items; the rest is fitting.
//!
//! Time in a stage is working hours from entering it to entering the next one. An
//! item's effort is its total time in the work stage (a reopened item works again);
//! it is exact once the item has reached acceptance or done, right-censored while it
//! is still in work (or sent back before it), and left out when the item was dropped.
//! Each visit to the blocked, refine and accept stages is one duration, censored when
//! it is still running at the export's date. A zero duration is left-censored below
//! the stamps' resolution (a working day for dates, a minute for times).

use super::clock::{Stamp, WorkingClock};
use super::fit::{fit_both, poisson_rate, share, Estimate, Fits, Sample};
use super::history::History;
use super::stage::Stage;
use crate::numeric::quantile_sorted;

/// The observed span: from the first creation to the export's date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First creation.
    pub from: Stamp,
    /// The export's date: its latest stamp.
    pub to: Stamp,
    /// Working hours between them.
    pub hours: f64,
    /// Working weeks between them.
    pub weeks: f64,
}

/// One stakeholder group's requests.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupEvidence {
    /// The group's name.
    pub name: String,
    /// Items created in the span.
    pub created: u64,
    /// Requests per working week, with the exact Poisson 95% interval.
    pub rate: Estimate,
    /// Items closed: done or dropped.
    pub decided: u64,
    /// Items dropped.
    pub dropped: u64,
}

impl GroupEvidence {
    /// The share of decided items that were delivered, with its interval; `None`
    /// when no item was decided.
    pub fn delivered_share(&self) -> Option<Estimate> {
        (self.decided > 0).then(|| share(self.decided - self.dropped, self.decided))
    }
}

/// Durations of one stage, their fits and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct StageEvidence {
    /// The stage.
    pub stage: Stage,
    /// The durations, hours.
    pub sample: Sample,
    /// Both fits; `None` with fewer than two distinct exact durations.
    pub fits: Option<Fits>,
    /// Items or visits not in the sample, by reason.
    pub left_out: Vec<(&'static str, u64)>,
}

impl StageEvidence {
    fn new(stage: Stage, sample: Sample, left_out: Vec<(&'static str, u64)>) -> Self {
        let fits = fit_both(&sample);
        StageEvidence {
            stage,
            sample,
            fits,
            left_out,
        }
    }
}

/// How often developers were blocked: episodes over working time in work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionEvidence {
    /// Visits to the blocked stage from work.
    pub episodes: u64,
    /// Working hours spent in the work stage, open items included (exposure).
    pub work_hours: f64,
    /// Working hours between two blocks, with its 95% interval (from the Poisson
    /// interval of the rate, inverted).
    pub every_hours: Estimate,
}

/// The history's lead and cycle times and throughput: what the back-test compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// Created to done, hours, sorted, items done (with a complete history).
    pub lead_times: Vec<f64>,
    /// First entry into work to done, hours, sorted, items done that went through work.
    pub cycle_times: Vec<f64>,
    /// Items done.
    pub done: u64,
    /// Items done per working week over the span.
    pub throughput_per_week: f64,
}

impl Observed {
    /// A percentile of the lead times (p in [0, 1]).
    pub fn lead_time(&self, p: f64) -> f64 {
        quantile_sorted(&self.lead_times, p)
    }
    /// A percentile of the cycle times (p in [0, 1]).
    pub fn cycle_time(&self, p: f64) -> f64 {
        quantile_sorted(&self.cycle_times, p)
    }
    /// The mean cycle time.
    pub fn cycle_time_mean(&self) -> f64 {
        self.cycle_times.iter().sum::<f64>() / self.cycle_times.len() as f64
    }
}

/// Everything the history says.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The observed span.
    pub span: Span,
    /// Items read.
    pub items: u64,
    /// Items still open at the export's date.
    pub open: u64,
    /// Items with an incomplete history (truncated changelog): requests, not durations.
    pub partial: u64,
    /// Per stakeholder group, in the order first seen.
    pub groups: Vec<GroupEvidence>,
    /// Time in the work stage per item.
    pub effort: StageEvidence,
    /// Blocked episodes; `None` when the export records no blocked stage.
    pub blocked: Option<StageEvidence>,
    /// How often work was blocked; `None` without a blocked stage or with no episode.
    pub questions: Option<QuestionEvidence>,
    /// Time in refinement; `None` when the export records no refine stage.
    pub refine: Option<StageEvidence>,
    /// Time in acceptance; `None` when the export records no accept stage.
    pub accept: Option<StageEvidence>,
    /// Lead and cycle times, throughput.
    pub observed: Observed,
    /// Items held by developers (in work or blocked) that the team had at once, or
    /// fewer, 95% of the observed span: a floor on the number of developers.
    pub busy_developers_p95: u32,
    /// Resolution of the stamps: durations below it show as zero.
    pub resolution_hours: f64,
}

/// Reads the evidence out of a history. `None` for a history with no item.
pub fn gather(history: &History, clock: &WorkingClock) -> Option<Evidence> {
    let from = history.first_created()?;
    let to = history.as_of()?;
    let hours = clock.hours_between(from, to);
    let span = Span {
        from,
        to,
        hours,
        weeks: hours / clock.hours_per_week(),
    };
    let resolution_hours = if history.dates_only {
        clock.hours_per_day()
    } else {
        1.0 / 60.0
    };
    let h = |a: Stamp, b: Stamp| clock.hours_between(a, b);
    let add = |sample: &mut Sample, d: f64, open: bool| {
        if open {
            sample.right.push(d);
        } else if d > 0.0 {
            sample.exact.push(d);
        } else {
            sample.left.push(resolution_hours);
        }
    };

    let mut groups: Vec<GroupEvidence> = history
        .groups
        .iter()
        .map(|name| GroupEvidence {
            name: name.clone(),
            created: 0,
            rate: poisson_rate(0, 1.0),
            decided: 0,
            dropped: 0,
        })
        .collect();
    let (mut effort, mut blocked, mut refine, mut accept) =
        (Sample::new(), Sample::new(), Sample::new(), Sample::new());
    let (mut not_started, mut skipped_work, mut dropped_after_work) = (0u64, 0u64, 0u64);
    let (mut open, mut partial, mut episodes, mut work_hours) = (0u64, 0u64, 0u64, 0.0);
    let mut done = 0u64;
    let mut lead_times = Vec::new();
    let mut cycle_times = Vec::new();
    // (position in working hours, change in busy developers)
    let mut busy: Vec<(f64, i32)> = Vec::new();

    for item in &history.items {
        let visits = history.visits(item);
        let Some(last) = visits.last() else { continue };
        let group = &mut groups[item.group.0 as usize];
        group.created += 1;
        let closed = last.stage.is_closed();
        if closed {
            group.decided += 1;
        } else {
            open += 1;
        }
        if last.stage == Stage::Dropped {
            group.dropped += 1;
        }
        if last.stage == Stage::Done {
            done += 1;
        }
        if item.partial {
            partial += 1;
            continue;
        }
        if last.stage == Stage::Done {
            lead_times.push(h(item.created, last.at));
        }
        let mut in_work = 0.0;
        let mut worked = false;
        let mut first_work: Option<Stamp> = None;
        for (i, visit) in visits.iter().enumerate() {
            let next = visits.get(i + 1);
            let running = next.is_none() && !visit.stage.is_closed();
            let end = next.map_or(to, |n| n.at);
            let d = h(visit.at, end);
            let ends_dropped = next.is_some_and(|n| n.stage == Stage::Dropped);
            if visit.stage.holds_developer() && (next.is_some() || running) {
                busy.push((clock.position(visit.at).0, 1));
                busy.push((clock.position(end).0, -1));
            }
            match visit.stage {
                Stage::Work => {
                    worked = true;
                    first_work.get_or_insert(visit.at);
                    in_work += d;
                    if next.is_some_and(|n| n.stage == Stage::Blocked) {
                        episodes += 1;
                    }
                }
                Stage::Blocked if !ends_dropped => add(&mut blocked, d, running),
                Stage::Refine if !ends_dropped => add(&mut refine, d, running),
                Stage::Accept if !ends_dropped => add(&mut accept, d, running),
                _ => {}
            }
        }
        work_hours += in_work;
        match (worked, last.stage) {
            (true, Stage::Dropped) => dropped_after_work += 1,
            (true, Stage::Accept | Stage::Done) => add(&mut effort, in_work, false),
            (true, _) => add(&mut effort, in_work, true),
            (false, Stage::Done) => skipped_work += 1,
            (false, Stage::Dropped) => {}
            (false, _) => not_started += 1,
        }
        if let (Some(start), Stage::Done) = (first_work, last.stage) {
            cycle_times.push(h(start, last.at));
        }
    }
    for g in &mut groups {
        g.rate = poisson_rate(g.created, span.weeks);
    }
    lead_times.sort_by(f64::total_cmp);
    cycle_times.sort_by(f64::total_cmp);

    let mut effort_left_out = vec![
        ("not started yet", not_started),
        ("done without a work date", skipped_work),
        ("dropped after work started", dropped_after_work),
    ];
    if partial > 0 {
        effort_left_out.push(("truncated changelog", partial));
    }
    effort_left_out.retain(|e| e.1 > 0);
    let recorded = |s: Stage| history.recorded[s.index()];
    let blocked =
        recorded(Stage::Blocked).then(|| StageEvidence::new(Stage::Blocked, blocked, vec![]));
    let questions = (recorded(Stage::Blocked) && episodes > 0 && work_hours > 0.0).then(|| {
        let rate = poisson_rate(episodes, work_hours);
        QuestionEvidence {
            episodes,
            work_hours,
            every_hours: Estimate {
                value: 1.0 / rate.value,
                low: 1.0 / rate.high,
                high: 1.0 / rate.low,
            },
        }
    });
    Some(Evidence {
        span,
        items: history.items.len() as u64,
        open,
        partial,
        groups,
        effort: StageEvidence::new(Stage::Work, effort, effort_left_out),
        blocked,
        questions,
        refine: recorded(Stage::Refine).then(|| StageEvidence::new(Stage::Refine, refine, vec![])),
        accept: recorded(Stage::Accept).then(|| StageEvidence::new(Stage::Accept, accept, vec![])),
        observed: Observed {
            lead_times,
            cycle_times,
            done,
            throughput_per_week: done as f64 / span.weeks,
        },
        busy_developers_p95: busy_p95(&mut busy),
        resolution_hours,
    })
}

/// The smallest count of busy developers that the team had at most during 95% of
/// the time some item was held, from (position, ±1) changes. O(n log n).
fn busy_p95(changes: &mut [(f64, i32)]) -> u32 {
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Time spent at each level.
    let mut at_level: Vec<f64> = Vec::new();
    let mut level: i32 = 0;
    let mut since = changes.first().map_or(0.0, |c| c.0);
    for &(at, delta) in changes.iter() {
        if at > since && level > 0 {
            let l = level as usize;
            if at_level.len() <= l {
                at_level.resize(l + 1, 0.0);
            }
            at_level[l] += at - since;
        }
        since = at;
        level += delta;
    }
    let total: f64 = at_level.iter().sum();
    let mut covered = 0.0;
    for (l, t) in at_level.iter().enumerate() {
        covered += t;
        if covered >= 0.95 * total && total > 0.0 {
            return l as u32;
        }
    }
    at_level.len().saturating_sub(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::history::Visit;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap().0
    }

    fn history(items: &[&[(Stage, &str)]]) -> History {
        let mut h = History::new();
        h.recorded = [true; Stage::COUNT];
        let g = h.group("all").unwrap();
        for (i, visits) in items.iter().enumerate() {
            let visits: Vec<Visit> = visits
                .iter()
                .map(|(stage, at)| Visit {
                    stage: *stage,
                    at: stamp(at),
                })
                .collect();
            h.push(&format!("I-{i}"), g, visits[0].at, &visits);
        }
        h
    }

    #[test]
    fn effort_is_exact_after_work_and_censored_during_it() {
        use Stage::*;
        // 2024-03-04 is a Monday; 8-hour days from 09:00.
        let h = history(&[
            &[
                (Backlog, "2024-03-04T09:00"),
                (Work, "2024-03-04T10:00"),
                (Accept, "2024-03-04T14:00"),
                (Done, "2024-03-05T09:00"),
            ],
            &[
                (Backlog, "2024-03-04T09:00"),
                (Work, "2024-03-05T10:00"),
                (Blocked, "2024-03-05T11:00"),
                (Work, "2024-03-05T13:00"),
                (Done, "2024-03-05T15:00"),
            ],
            &[(Backlog, "2024-03-04T09:00"), (Work, "2024-03-06T09:00")],
            &[(Backlog, "2024-03-04T09:00"), (Dropped, "2024-03-06T17:00")],
        ]);
        let clock = WorkingClock::new(40.0).unwrap();
        let e = gather(&h, &clock).unwrap();
        assert_eq!(e.span.hours, 24.0);
        assert_eq!(e.effort.sample.exact, vec![4.0, 3.0]);
        assert_eq!(e.effort.sample.right, vec![8.0]); // in work to the export's date
        assert_eq!(e.blocked.as_ref().unwrap().sample.exact, vec![2.0]);
        let q = e.questions.unwrap();
        assert_eq!((q.episodes, q.work_hours), (1, 15.0));
        assert_eq!(e.observed.lead_times, vec![8.0, 14.0]);
        assert_eq!(e.observed.cycle_times, vec![5.0, 7.0]);
        assert_eq!(e.groups[0].delivered_share().unwrap().value, 2.0 / 3.0);
        assert_eq!(e.open, 1);
        assert_eq!(e.accept.as_ref().unwrap().sample.exact, vec![3.0]);
    }

    #[test]
    fn busy_developers_count_items_held_at_once() {
        // Two items overlap for a quarter of the time, one alone for the rest.
        let mut changes = vec![(0.0, 1), (30.0, 1), (40.0, -1), (40.0, -1)];
        assert_eq!(busy_p95(&mut changes), 2);
        let mut changes = vec![(0.0, 1), (99.0, 1), (100.0, -1), (100.0, -1)];
        assert_eq!(busy_p95(&mut changes), 1);
    }
}
