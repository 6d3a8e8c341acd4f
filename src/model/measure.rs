//! Within-trial measurement: what a trial observes in its window, accumulated in place
//! as events happen and turned into [`TrialMetrics`] at the end.
//!
//! Waits are attributed to the window by when they end; time averages integrate only
//! the part of each interval that lies in the window.

use super::collections::{GroupId, IdVec};
use super::{GroupOutcome, Metric, TrialMetrics};
use crate::kernel::Time;
use crate::numeric::quantiles_select;

/// The measured window `[start, end]`: from the end of the warm-up to the end of the
/// trial.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// End of the warm-up.
    pub start: Time,
    /// End of the trial.
    pub end: Time,
}

impl Window {
    /// Whether `t` lies in the window, both ends included.
    #[inline]
    pub(crate) fn contains(self, t: Time) -> bool {
        t >= self.start && t <= self.end
    }

    /// `[from, to]` cut to the window (empty, with `to <= from`, when outside it).
    #[inline]
    pub(crate) fn clip(self, from: Time, to: Time) -> (Time, Time) {
        // Comparisons rather than `f64::min`/`max`: times are never NaN, and the
        // NaN-aware forms cost about 2% of a question's time (benches/RESULTS.md §10).
        let from = if from > self.start { from } else { self.start };
        let to = if to < self.end { to } else { self.end };
        (from, to)
    }

    /// Length of `[from, to]` that lies inside the window.
    #[inline]
    pub(crate) fn overlap(self, from: Time, to: Time) -> f64 {
        let (from, to) = self.clip(from, to);
        if to > from {
            to - from
        } else {
            0.0
        }
    }

    /// Length of the window, hours.
    pub(crate) fn hours(self) -> f64 {
        self.end - self.start
    }

    /// The first and the second half of the window.
    pub(crate) fn halves(self) -> [Window; 2] {
        let middle = self.start + 0.5 * self.hours();
        [
            Window {
                start: self.start,
                end: middle,
            },
            Window {
                start: middle,
                end: self.end,
            },
        ]
    }
}

/// Adds the length of `[from, to]` to weekly buckets, `buckets[w]` covering
/// `[origin + w·week, origin + (w+1)·week)` for a week of `hours_per_week`; time past
/// the last bucket goes to it. O(1) for an interval within one week, the common case.
#[inline]
pub(crate) fn add_by_week(
    buckets: &mut [f64],
    origin: Time,
    hours_per_week: f64,
    from: Time,
    to: Time,
) {
    if to <= from || buckets.is_empty() {
        return;
    }
    let last = buckets.len() - 1;
    // Both ends are at or after `origin`, so truncation is the floor.
    let week = |t: Time| (((t - origin) / hours_per_week) as usize).min(last);
    let (first, final_week) = (week(from), week(to));
    if first == final_week {
        buckets[first] += to - from;
        return;
    }
    let mut t = from;
    for (w, bucket) in buckets
        .iter_mut()
        .enumerate()
        .take(final_week + 1)
        .skip(first)
    {
        let week_end = if w == final_week {
            to
        } else {
            origin + (w + 1) as f64 * hours_per_week
        };
        *bucket += week_end - t;
        t = week_end;
    }
}

/// The week an instant falls in, among `weeks` weeks from `origin` (time past the last
/// week belongs to it), remembering the last week found: events come in time order, so
/// most instants fall in the week of the one before and need no division.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WeekCursor {
    origin: Time,
    hours_per_week: f64,
    weeks: usize,
    /// The week last found, and its bounds (the last week's end is infinite).
    week: usize,
    start: Time,
    end: Time,
}

impl WeekCursor {
    /// A cursor over `weeks` weeks (at least one) from `origin`, at the first.
    pub(crate) fn new(weeks: usize, origin: Time, hours_per_week: f64) -> Self {
        let mut cursor = WeekCursor {
            origin,
            hours_per_week,
            weeks: weeks.max(1),
            week: 0,
            start: origin,
            end: origin,
        };
        cursor.move_to(0);
        cursor
    }

    /// The week `t` (at or after the origin) falls in.
    #[inline]
    pub(crate) fn week(&mut self, t: Time) -> usize {
        if t >= self.start && t < self.end {
            return self.week;
        }
        self.move_to((((t - self.origin) / self.hours_per_week) as usize).min(self.weeks - 1));
        self.week
    }

    /// Whether `[from, to]` lies in the week last found.
    #[inline]
    fn holds(&self, from: Time, to: Time) -> bool {
        from >= self.start && to < self.end
    }

    fn move_to(&mut self, week: usize) {
        self.week = week;
        self.start = self.origin + week as f64 * self.hours_per_week;
        self.end = if week + 1 < self.weeks {
            self.origin + (week + 1) as f64 * self.hours_per_week
        } else {
            f64::INFINITY
        };
    }
}

/// Hours in weekly buckets, as [`add_by_week`] adds them, remembering the week it last
/// added to: a person's tasks mostly end in the week they started, and such an
/// interval is added without a division.
#[derive(Debug, Clone)]
pub(crate) struct WeekBuckets {
    hours: Vec<f64>,
    cursor: WeekCursor,
}

impl WeekBuckets {
    /// `weeks` empty buckets, the first starting at `origin`.
    pub(crate) fn new(weeks: usize, origin: Time, hours_per_week: f64) -> Self {
        WeekBuckets {
            hours: vec![0.0; weeks],
            cursor: WeekCursor::new(weeks, origin, hours_per_week),
        }
    }

    /// Adds the length of `[from, to]`, both at or after the origin.
    // The common case, an interval within the week last added to, inlined where it is
    // called (every task a person ends); the rest out of line.
    #[inline(always)]
    pub(crate) fn add(&mut self, from: Time, to: Time) {
        if to <= from || self.hours.is_empty() {
            return;
        }
        if self.cursor.holds(from, to) {
            self.hours[self.cursor.week] += to - from;
            return;
        }
        self.add_across(from, to);
    }

    /// Adds an interval outside the week last added to, and moves there.
    #[inline(never)]
    fn add_across(&mut self, from: Time, to: Time) {
        let WeekCursor {
            origin,
            hours_per_week,
            ..
        } = self.cursor;
        add_by_week(&mut self.hours, origin, hours_per_week, from, to);
        self.cursor.week(to);
    }

    /// The hours of each week.
    pub(crate) fn hours(&self) -> &[f64] {
        &self.hours
    }
}

/// The integral over the window of a count that changes by steps.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TimeAverage {
    value: f64,
    since: Time,
    area: f64,
}

impl TimeAverage {
    /// Changes the count by `delta` at time `t`.
    #[inline]
    pub(crate) fn add(&mut self, t: Time, delta: f64, window: Window) {
        self.area += self.value * window.overlap(self.since, t);
        self.value += delta;
        self.since = t;
    }

    /// The integral over the whole window (divide by its length for the time average).
    pub(crate) fn finish(&mut self, window: Window) -> f64 {
        self.add(window.end, 0.0, window);
        self.area
    }
}

/// A count that changes by steps, integrated over each half of the window apart: the
/// two time averages whose difference tells whether a queue keeps growing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HalvesAverage {
    value: f64,
    since: Time,
    area: [f64; 2],
}

impl HalvesAverage {
    /// Changes the count by `delta` at time `t`.
    #[inline]
    pub(crate) fn add(&mut self, t: Time, delta: f64, window: Window) {
        for (area, half) in self.area.iter_mut().zip(window.halves()) {
            *area += self.value * half.overlap(self.since, t);
        }
        self.value += delta;
        self.since = t;
    }

    /// The count's growth over the window (docs/model.md §12): with L1 and L2 its time
    /// averages over the first and the second half and L their mean,
    /// (L2 − L1) / max(L, 1). A count that grows linearly from 0 gives 1, a settled one
    /// about 0; the floor of 1 keeps a queue of a few items from looking like a trend.
    pub(crate) fn growth(&mut self, window: Window) -> f64 {
        self.add(window.end, 0.0, window);
        let half = 0.5 * window.hours();
        let [l1, l2] = self.area.map(|area| area / half);
        (l2 - l1) / (0.5 * (l1 + l2)).max(1.0)
    }
}

/// The queues that can grow without bound, each counted over the two halves of the
/// window for its growth.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OpenQueues {
    /// Requests arrived and not yet triaged (accepted or rejected).
    pub triage: HalvesAverage,
    /// Items in the product backlog: accepted, not yet refined.
    pub backlog: HalvesAverage,
    /// Items whose effort is done, not yet accepted.
    pub accept: HalvesAverage,
    /// Questions raised and not yet settled: developers blocked on them.
    pub questions: HalvesAverage,
}

/// A running mean.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mean {
    sum: f64,
    n: u64,
}

impl Mean {
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }
    /// The mean, `NaN` with no observation.
    pub(crate) fn get(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sum / self.n as f64
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct GroupMeasure {
    pub arrived: u64,
    pub accepted: u64,
    triage_wait: Mean,
    lead: Mean,
    value: f64,
}

/// Everything a trial accumulates in its window.
#[derive(Debug, Clone, Default)]
pub(crate) struct Measures {
    pub requests_arrived: u64,
    pub requests_accepted: u64,
    pub requests_rejected: u64,
    pub groups: IdVec<GroupId, GroupMeasure>,
    pub decision_wait: Mean,
    pub latency: Vec<f64>,
    lead: Vec<f64>,
    lead_parts: [f64; 6],
    cycle: Vec<f64>,
    value: f64,
    triage_wait: Mean,
    pub discovery_hours: f64,
    pub discovery_postponed: u64,
    pub open: OpenQueues,
}

impl Measures {
    pub(crate) fn new(groups: usize) -> Self {
        Measures {
            groups: vec![GroupMeasure::default(); groups].into(),
            ..Default::default()
        }
    }

    /// An item done in the window: its lead time, cycle time, decayed value and the
    /// hours it spent in each stage.
    pub(crate) fn item_done(
        &mut self,
        group: Option<GroupId>,
        lead: f64,
        cycle: f64,
        value: f64,
        parts: [f64; 6],
    ) {
        self.lead.push(lead);
        for (sum, part) in self.lead_parts.iter_mut().zip(parts) {
            *sum += part;
        }
        self.cycle.push(cycle);
        self.value += value;
        if let Some(g) = group {
            let measure = &mut self.groups[g];
            measure.lead.push(lead);
            measure.value += value;
        }
    }

    /// A request's wait for its triage to start.
    pub(crate) fn triage_wait(&mut self, group: GroupId, wait: f64) {
        self.triage_wait.push(wait);
        self.groups[group].triage_wait.push(wait);
    }

    pub(crate) fn fill(&mut self, out: &mut TrialMetrics, weeks: f64) {
        let done = self.lead.len() as f64;
        out.set(Metric::ThroughputPerWeek, done / weeks);
        out.set(Metric::ValuePerWeek, self.value / weeks);
        if done > 0.0 {
            out.set(Metric::LeadTimeMeanH, self.lead.iter().sum::<f64>() / done);
            for (m, sum) in Metric::LEAD_PARTS.into_iter().zip(self.lead_parts) {
                out.set(m, sum / done);
            }
            out.set(
                Metric::CycleTimeMeanH,
                self.cycle.iter().sum::<f64>() / done,
            );
        }
        // Means first: selection reorders the samples, and a sum's last bits depend on
        // the order. Percentiles ascending, so each selection searches above the last.
        let [p50, p85, p95] = quantiles_select(&mut self.lead, [0.50, 0.85, 0.95]);
        out.set(Metric::LeadTimeP50H, p50);
        out.set(Metric::LeadTimeP85H, p85);
        out.set(Metric::LeadTimeP95H, p95);
        let [p50, p85, p95] = quantiles_select(&mut self.cycle, [0.50, 0.85, 0.95]);
        out.set(Metric::CycleTimeP50H, p50);
        out.set(Metric::CycleTimeP85H, p85);
        out.set(Metric::CycleTimeP95H, p95);
        out.set(Metric::DecisionWaitMeanH, self.decision_wait.get());
        if !self.latency.is_empty() {
            out.set(
                Metric::DecisionLatencyMeanH,
                self.latency.iter().sum::<f64>() / self.latency.len() as f64,
            );
        }
        let [p50, p90, p99] = quantiles_select(&mut self.latency, [0.50, 0.90, 0.99]);
        out.set(Metric::DecisionLatencyP50H, p50);
        out.set(Metric::DecisionLatencyP90H, p90);
        out.set(Metric::DecisionLatencyP99H, p99);
        out.set(Metric::TriageWaitMeanH, self.triage_wait.get());
        out.set(Metric::RequestsArrived, self.requests_arrived as f64);
        out.set(Metric::RequestsAccepted, self.requests_accepted as f64);
        out.set(Metric::RequestsRejected, self.requests_rejected as f64);
    }

    /// One stakeholder group's row, named `name`, over a window of `weeks`.
    pub(crate) fn group_outcome(&self, group: GroupId, name: &str, weeks: f64) -> GroupOutcome {
        let measure = &self.groups[group];
        GroupOutcome {
            group: name.to_string(),
            requests_arrived: measure.arrived as f64,
            requests_accepted: measure.accepted as f64,
            triage_wait_mean_h: measure.triage_wait.get(),
            lead_time_mean_h: measure.lead.get(),
            value_per_week: measure.value / weeks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_split_over_the_weeks_they_span() {
        let mut weeks = [0.0; 3];
        add_by_week(&mut weeks, 10.0, 40.0, 15.0, 20.0);
        assert_eq!(weeks, [5.0, 0.0, 0.0]);
        // 45..130: 5 h in week 0 (to 50), 40 h in week 1, 40 h in week 2.
        add_by_week(&mut weeks, 10.0, 40.0, 45.0, 130.0);
        assert_eq!(weeks, [10.0, 40.0, 40.0]);
        // Time past the last bucket goes to it.
        add_by_week(&mut weeks, 10.0, 40.0, 120.0, 200.0);
        assert_eq!(weeks, [10.0, 40.0, 120.0]);
        add_by_week(&mut weeks, 10.0, 40.0, 30.0, 30.0);
        assert_eq!(weeks, [10.0, 40.0, 120.0], "an empty interval adds nothing");
    }

    #[test]
    fn a_week_cursor_finds_the_week_a_division_finds() {
        let mut cursor = WeekCursor::new(4, 0.0, 40.0);
        for t in [
            0.0, 5.0, 39.9, 40.0, 41.0, 200.0, 79.0, 119.999, 120.0, 1e9, 3.0,
        ] {
            let expected = ((t / 40.0) as usize).min(3);
            assert_eq!(cursor.week(t), expected, "at {t}");
        }
    }

    #[test]
    fn week_buckets_add_as_add_by_week_does() {
        // Intervals within a week, across weeks, back in an earlier week, past the end.
        let spans = [
            (15.0, 20.0),
            (21.0, 49.0),
            (45.0, 130.0),
            (131.0, 132.5),
            (12.0, 13.0),
            (120.0, 200.0),
            (30.0, 30.0),
            (199.0, 260.0),
        ];
        let mut expected = [0.0; 3];
        let mut buckets = WeekBuckets::new(3, 10.0, 40.0);
        for (from, to) in spans {
            add_by_week(&mut expected, 10.0, 40.0, from, to);
            buckets.add(from, to);
            assert_eq!(buckets.hours(), expected, "after [{from}, {to}]");
        }
    }

    #[test]
    fn a_count_growing_linearly_from_empty_grows_by_one() {
        let window = Window {
            start: 100.0,
            end: 500.0,
        };
        // One more every 4 hours from the window's start: L1 = 25, L2 = 75, L = 50.
        let mut rising = HalvesAverage::default();
        for k in 0..100 {
            rising.add(100.0 + 4.0 * f64::from(k), 1.0, window);
        }
        let growth = rising.growth(window);
        assert!((growth - 1.0).abs() < 0.03, "{growth}");
        // Steady at 3 from before the window: no growth.
        let mut steady = HalvesAverage::default();
        steady.add(0.0, 3.0, window);
        assert_eq!(steady.growth(window), 0.0);
        // Under one item on average, the floor of 1 divides: 0.5 then 0 gives −0.5.
        let mut draining = HalvesAverage::default();
        draining.add(0.0, 0.5, window);
        draining.add(300.0, -0.5, window);
        assert_eq!(draining.growth(window), -0.5);
    }

    #[test]
    fn time_average_counts_only_the_window() {
        let mut a = TimeAverage::default();
        let window = Window {
            start: 5.0,
            end: 20.0,
        };
        // Count 2 on [0, 10), 0 after; window [5, 20]: area 2 × 5.
        a.add(0.0, 2.0, window);
        a.add(10.0, -2.0, window);
        assert_eq!(a.finish(window), 10.0);
    }
}
