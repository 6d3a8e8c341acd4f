//! Demand that changes: a stakeholder group's `requests_per_week` as a number (a
//! constant Poisson rate) or as a piecewise-constant schedule by measured week,
//! optionally repeating (docs/model.md §17.6).
//!
//! The schedule is read here, as a [`Rule`] of its own, and knows the arithmetic the
//! model needs: the rate of a week, the mean rate over the window, and where the next
//! arrival of a non-homogeneous Poisson process falls.

use super::raw::Value;
use super::reader::{Bound, Field, Part, Reader, Rule, Scale, Section};
use crate::kernel::Time;

/// A piecewise-constant rate of requests by measured week: `per_week[i]` from measured
/// week `from_week[i]` until the next entry (or the end of a cycle, or for ever). The
/// warm-up runs at the first rate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSchedule {
    /// The measured week each rate starts, from 0, strictly increasing.
    pub from_week: Vec<u32>,
    /// Poisson rate of requests per week from that week on, each ≥ 0.
    pub per_week: Vec<f64>,
    /// Length of a cycle that starts again from its first entry; `None` for no repeat.
    pub repeat_weeks: Option<u32>,
}

impl DemandSchedule {
    /// The rate per week in measured week `week` (negative: the warm-up, at the first
    /// rate).
    pub fn rate_in_week(&self, week: i64) -> f64 {
        let Ok(week) = u64::try_from(week) else {
            return self.per_week[0];
        };
        let week = match self.repeat_weeks {
            Some(cycle) => week % u64::from(cycle),
            None => week,
        };
        let i = self
            .from_week
            .iter()
            .rposition(|&from| u64::from(from) <= week)
            .unwrap_or(0);
        self.per_week[i]
    }

    /// The mean rate per week over measured weeks `0..weeks`: what the group sends on
    /// average in the window.
    pub fn mean_rate(&self, weeks: u32) -> f64 {
        if weeks == 0 {
            return self.per_week[0];
        }
        let total: f64 = (0..i64::from(weeks)).map(|w| self.rate_in_week(w)).sum();
        total / f64::from(weeks)
    }

    /// Whether the schedule ever sends anything.
    fn sends(&self) -> bool {
        self.per_week.iter().any(|&r| r > 0.0)
    }

    /// The time of the next arrival after `t`, for a unit-mean exponential draw
    /// `expected` (the expected number of arrivals to wait for): the instant where the
    /// rate's integral from `t` reaches it, with measured week 0 at `origin` and weeks
    /// of `hours_per_week`. `None` when the rate is 0 from `t` on for ever.
    pub fn arrival_after(
        &self,
        t: Time,
        mut expected: f64,
        origin: Time,
        hours_per_week: f64,
    ) -> Option<Time> {
        if !self.sends() {
            return None;
        }
        let mut t = t;
        if t < origin {
            // The warm-up, at the first rate.
            let rate = self.per_week[0] / hours_per_week;
            if rate > 0.0 {
                let due = t + expected / rate;
                if due <= origin {
                    return Some(due);
                }
                expected -= rate * (origin - t);
            }
            t = origin;
        }
        // The segment `t` falls in, walked forward by index so that its ends are always
        // computed the same way and a boundary is never met twice.
        let weeks_in = ((t - origin) / hours_per_week).max(0.0);
        let (mut cycle, within) = match self.repeat_weeks {
            Some(length) => {
                let length = f64::from(length);
                let cycle = (weeks_in / length).floor();
                (cycle as u64, weeks_in - cycle * length)
            }
            None => (0, weeks_in),
        };
        let mut i = self
            .from_week
            .iter()
            .rposition(|&from| f64::from(from) <= within)
            .unwrap_or(0);
        loop {
            let cycle_start = match self.repeat_weeks {
                Some(length) => cycle as f64 * f64::from(length),
                None => 0.0,
            };
            let end_week = match (self.from_week.get(i + 1), self.repeat_weeks) {
                (Some(&next), _) => Some(f64::from(next)),
                (None, Some(length)) => Some(f64::from(length)),
                (None, None) => None,
            };
            let end = end_week.map(|w| origin + (cycle_start + w) * hours_per_week);
            let rate = self.per_week[i] / hours_per_week;
            if rate > 0.0 {
                let due = t + expected / rate;
                match end {
                    Some(end) if due > end => expected -= rate * (end - t).max(0.0),
                    _ => return Some(due),
                }
            }
            let end = end?;
            t = t.max(end);
            i += 1;
            if i == self.from_week.len() {
                i = 0;
                cycle += 1;
            }
        }
    }
}

/// What `requests_per_week` holds: a constant rate, or a schedule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RequestRate {
    /// The same Poisson rate throughout.
    Constant(f64),
    /// A rate that changes by measured week.
    Schedule(DemandSchedule),
}

/// The rule of `requests_per_week`: a number ≥ 0, or a table
/// `{ from_week = [0, 13], per_week = [4, 6], repeat_weeks = 52 }`.
pub(crate) struct Demand;

/// The keys of a schedule table.
const FROM_WEEK: &str = "from_week";
const PER_WEEK: &str = "per_week";
const REPEAT_WEEKS: &str = "repeat_weeks";
/// The example every message about a schedule shows.
const EXAMPLE: &str = "{ from_week = [0, 13], per_week = [4, 6], repeat_weeks = 52 }";
/// The largest week a schedule may name: far beyond any run, low enough to stay exact.
const MAX_WEEK: i64 = 1_000_000;

impl Rule for Demand {
    type Value = RequestRate;

    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<RequestRate> {
        match &field.node.value {
            Value::Table(_) => read_schedule(reader, field).map(RequestRate::Schedule),
            _ => reader
                .bounded(field, Bound::NonNegative)
                .map(RequestRate::Constant),
        }
    }

    // A range draws a constant rate (a schedule in the file is replaced by it).
    fn scale(&self) -> Scale {
        Scale::Continuous
    }

    fn bound(&self) -> Option<String> {
        Some(format!(
            "≥ 0, or a schedule by measured week `{EXAMPLE}` (the warm-up at the first rate; `repeat_weeks` optional)"
        ))
    }
}

/// A schedule table, every problem reported where it is written.
fn read_schedule(reader: &mut Reader<'_>, field: &Field<'_>) -> Option<DemandSchedule> {
    let part: Part<'_> = reader.table(Some(Field {
        node: field.node,
        path: field.path.clone(),
        key: field.key,
    }))?;
    let mut section = Section::new(&field.path, field.node.span.clone(), vec![part]);
    let from_field = section.take(FROM_WEEK);
    let per_field = section.take(PER_WEEK);
    let repeat_field = section.take(REPEAT_WEEKS);
    reader.finish(section);
    let (Some(from_field), Some(per_field)) = (from_field, per_field) else {
        let msg = format!("a schedule needs `from_week` and `per_week`, such as {EXAMPLE}");
        reader.report(field.node.span.clone(), field.path.clone(), msg);
        return None;
    };
    let lists = "a list of whole weeks such as [0, 13, 26]";
    let from_nodes = reader.array(&from_field, lists)?;
    let per_nodes = reader.array(&per_field, "a list of rates such as [4, 6, 4]")?;
    let mut ok = true;
    let mut from_week = Vec::with_capacity(from_nodes.len());
    for (i, node) in from_nodes.iter().enumerate() {
        let item = Field {
            node,
            path: format!("{}[{i}]", from_field.path),
            key: FROM_WEEK,
        };
        let Some(week) = reader.whole(&item, 0, MAX_WEEK) else {
            ok = false;
            continue;
        };
        let problem = match from_week.last() {
            None if week != 0 => Some(format!(
                "a schedule starts at week 0 (the first rate also runs in the warm-up), got {week}"
            )),
            Some(&last) if week <= i64::from(last) => {
                Some(format!("from_week must increase, got {week} after {last}"))
            }
            _ => None,
        };
        if let Some(msg) = problem {
            reader.report(node.span.clone(), item.path, msg);
            ok = false;
        }
        // Lossless: the rule keeps it within 0 and MAX_WEEK.
        from_week.push(week as u32);
    }
    let mut per_week = Vec::with_capacity(per_nodes.len());
    for (i, node) in per_nodes.iter().enumerate() {
        let item = Field {
            node,
            path: format!("{}[{i}]", per_field.path),
            key: PER_WEEK,
        };
        match reader.bounded(&item, Bound::NonNegative) {
            Some(rate) => per_week.push(rate),
            None => ok = false,
        }
    }
    if from_nodes.is_empty() || from_nodes.len() != per_nodes.len() {
        let msg = format!(
            "per_week needs one rate for each from_week, got {} rates for {} weeks",
            per_nodes.len(),
            from_nodes.len()
        );
        reader.report(per_field.node.span.clone(), per_field.path.clone(), msg);
        ok = false;
    }
    let mut repeat_weeks = None;
    if let Some(repeat) = &repeat_field {
        match reader.whole(repeat, 1, MAX_WEEK) {
            Some(length) => {
                let last = from_week.last().copied().unwrap_or(0);
                if length <= i64::from(last) {
                    let msg = format!(
                        "repeat_weeks must be after the last from_week ({last}), got {length}"
                    );
                    reader.report(repeat.node.span.clone(), repeat.path.clone(), msg);
                    ok = false;
                }
                // Lossless: the rule keeps it within 1 and MAX_WEEK.
                repeat_weeks = Some(length as u32);
            }
            None => ok = false,
        }
    }
    ok.then_some(DemandSchedule {
        from_week,
        per_week,
        repeat_weeks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(from: &[u32], per: &[f64], repeat: Option<u32>) -> DemandSchedule {
        DemandSchedule {
            from_week: from.to_vec(),
            per_week: per.to_vec(),
            repeat_weeks: repeat,
        }
    }

    #[test]
    fn weeks_take_their_period_rate_and_the_warm_up_the_first() {
        let s = schedule(&[0, 13, 26, 39], &[4.0, 6.0, 4.0, 2.0], Some(52));
        assert_eq!(s.rate_in_week(-3), 4.0);
        assert_eq!(s.rate_in_week(12), 4.0);
        assert_eq!(s.rate_in_week(13), 6.0);
        assert_eq!(s.rate_in_week(51), 2.0);
        assert_eq!(s.rate_in_week(52 + 13), 6.0, "the cycle starts again");
        assert_eq!(s.mean_rate(52), 4.0);
        let once = schedule(&[0, 2], &[1.0, 3.0], None);
        assert_eq!(once.rate_in_week(100), 3.0, "the last rate holds for ever");
        assert_eq!(once.mean_rate(4), 2.0);
    }

    #[test]
    fn arrivals_integrate_the_rate_across_periods() {
        // 40-hour weeks; 4 a week for 2 weeks (0.1 an hour), then 0, then 8 a week.
        let s = schedule(&[0, 2, 3], &[4.0, 0.0, 8.0], None);
        let at = |t: f64, e: f64| s.arrival_after(t, e, 0.0, 40.0).unwrap();
        assert!((at(0.0, 1.0) - 10.0).abs() < 1e-9);
        // From hour 75: 0.5 expected arrivals left in the first period, none in the
        // second, then 0.2 an hour from hour 120.
        assert!((at(75.0, 1.0) - 122.5).abs() < 1e-9);
        // The warm-up (before the origin) runs at the first rate.
        let warm = s.arrival_after(-20.0, 3.0, 0.0, 40.0).unwrap();
        assert!((warm - 10.0).abs() < 1e-9);
    }

    #[test]
    fn a_schedule_that_stops_sends_nothing_more() {
        let s = schedule(&[0, 1], &[4.0, 0.0], None);
        assert_eq!(s.arrival_after(0.0, 5.0, 0.0, 40.0), None);
        let silent = schedule(&[0], &[0.0], Some(4));
        assert_eq!(silent.arrival_after(0.0, 0.1, 0.0, 40.0), None);
        let cycle = schedule(&[0, 1], &[0.0, 4.0], Some(2));
        // Week 0 of each cycle is silent: 4 expected arrivals fill week 1, then week 3.
        let t = cycle.arrival_after(0.0, 6.0, 0.0, 40.0).unwrap();
        assert!((t - 140.0).abs() < 1e-9, "{t}");
    }
}
