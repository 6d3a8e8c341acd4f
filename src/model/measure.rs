//! Within-trial measurement: what a trial observes in its window, accumulated in place
//! as events happen and turned into [`TrialMetrics`] at the end.
//!
//! Waits are attributed to the window by when they end; time averages integrate only
//! the part of each interval that lies in the window.

use super::{GroupOutcome, Metric, TrialMetrics};
use crate::kernel::Time;
use crate::numeric::quantile_select;

/// Length of `[from, to]` that lies inside the window `[warm, end]`.
#[inline]
pub(crate) fn window_overlap(from: Time, to: Time, warm: Time, end: Time) -> f64 {
    (to.min(end) - from.max(warm)).max(0.0)
}

/// Adds the length of `[from, to]` to weekly buckets, `buckets[w]` covering
/// `[origin + w·hpw, origin + (w+1)·hpw)`; time past the last bucket goes to it.
/// O(1) for an interval within one week, the common case.
#[inline]
pub(crate) fn add_by_week(buckets: &mut [f64], origin: Time, hpw: f64, from: Time, to: Time) {
    if to <= from || buckets.is_empty() {
        return;
    }
    let last = buckets.len() - 1;
    // Both ends are at or after `origin`, so truncation is the floor.
    let week = |t: Time| (((t - origin) / hpw) as usize).min(last);
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
            origin + (w + 1) as f64 * hpw
        };
        *bucket += week_end - t;
        t = week_end;
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
    pub(crate) fn add(&mut self, t: Time, delta: f64, warm: Time, end: Time) {
        self.area += self.value * window_overlap(self.since, t, warm, end);
        self.value += delta;
        self.since = t;
    }

    /// The integral up to `t` (divide by the window for the time average).
    pub(crate) fn finish(&mut self, t: Time, warm: Time, end: Time) -> f64 {
        self.add(t, 0.0, warm, end);
        self.area
    }
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
    pub groups: Vec<GroupMeasure>,
    pub decision_wait: Mean,
    pub latency: Vec<f64>,
    lead: Vec<f64>,
    lead_parts: [f64; 6],
    cycle: Mean,
    value: f64,
    triage_wait: Mean,
    pub discovery_hours: f64,
    pub discovery_postponed: u64,
}

impl Measures {
    pub(crate) fn new(groups: usize) -> Self {
        Measures {
            groups: vec![GroupMeasure::default(); groups],
            ..Default::default()
        }
    }

    /// An item done in the window: its lead time, cycle time, decayed value and the
    /// hours it spent in each stage.
    pub(crate) fn item_done(
        &mut self,
        group: Option<u16>,
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
            let gm = &mut self.groups[g as usize];
            gm.lead.push(lead);
            gm.value += value;
        }
    }

    pub(crate) fn triage_wait(&mut self, group: u16, wait: f64) {
        self.triage_wait.push(wait);
        self.groups[group as usize].triage_wait.push(wait);
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
        }
        // Means first: selection reorders the samples, and a sum's last bits depend on
        // the order.
        out.set(Metric::LeadTimeP50H, quantile_select(&mut self.lead, 0.50));
        out.set(Metric::LeadTimeP85H, quantile_select(&mut self.lead, 0.85));
        out.set(Metric::LeadTimeP95H, quantile_select(&mut self.lead, 0.95));
        out.set(Metric::CycleTimeMeanH, self.cycle.get());
        out.set(Metric::DecisionWaitMeanH, self.decision_wait.get());
        if !self.latency.is_empty() {
            out.set(
                Metric::DecisionLatencyMeanH,
                self.latency.iter().sum::<f64>() / self.latency.len() as f64,
            );
        }
        out.set(
            Metric::DecisionLatencyP50H,
            quantile_select(&mut self.latency, 0.50),
        );
        out.set(
            Metric::DecisionLatencyP90H,
            quantile_select(&mut self.latency, 0.90),
        );
        out.set(
            Metric::DecisionLatencyP99H,
            quantile_select(&mut self.latency, 0.99),
        );
        out.set(Metric::TriageWaitMeanH, self.triage_wait.get());
        out.set(Metric::RequestsArrived, self.requests_arrived as f64);
        out.set(Metric::RequestsAccepted, self.requests_accepted as f64);
        out.set(Metric::RequestsRejected, self.requests_rejected as f64);
    }

    pub(crate) fn group_outcome(&self, g: usize, name: &str, weeks: f64) -> GroupOutcome {
        let gm = &self.groups[g];
        GroupOutcome {
            group: name.to_string(),
            requests_arrived: gm.arrived as f64,
            requests_accepted: gm.accepted as f64,
            triage_wait_mean_h: gm.triage_wait.get(),
            lead_time_mean_h: gm.lead.get(),
            value_per_week: gm.value / weeks,
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
    fn time_average_counts_only_the_window() {
        let mut a = TimeAverage::default();
        // Count 2 on [0, 10), 0 after; window [5, 20]: area 2 × 5.
        a.add(0.0, 2.0, 5.0, 20.0);
        a.add(10.0, -2.0, 5.0, 20.0);
        assert_eq!(a.finish(20.0, 5.0, 20.0), 10.0);
    }
}
