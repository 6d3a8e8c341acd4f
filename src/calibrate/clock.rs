//! Tracker timestamps and the working-hours clock that measures time between them.
//!
//! orgsim's time is working hours (docs/model.md §1), so the time an item spends in a stage
//! counts Monday to Friday only, `hours_per_week / 5` hours a day. A working day runs
//! from 09:00 (earlier when the day is longer than 15 hours, so that it ends by
//! midnight): a stamp before the day's start counts as its start, one after its end as
//! its end, one on a weekend as the next Monday's start. A date without a time is the
//! start of that day, so from Monday to Tuesday is one working day.
//!
//! Stamps are read on the clock they are written in: an offset (`+01:00`, `Z`) is
//! accepted and set aside, because the working day is the team's local day and
//! trackers write stamps in the team's zone.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::Pieces;
use std::fmt;

/// A moment read from an export: a civil date and time as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(DateTime);

impl Stamp {
    /// Reads an ISO 8601 date (`2024-03-05`) or date and time (`2024-03-05T14:30`,
    /// `2024-03-05 14:30:00.000+0100`). The flag tells whether a time was given. The
    /// error is a sentence for the user.
    pub fn parse(text: &str) -> Result<(Stamp, bool), String> {
        let pieces = Pieces::parse(text.trim()).map_err(|e| {
            format!(
                "\"{}\" is not an ISO 8601 date or date and time (such as 2024-03-05 or \
                 2024-03-05T14:30:00+01:00): {e}",
                text.trim()
            )
        })?;
        let time = pieces.time();
        let at = pieces.date().to_datetime(time.unwrap_or(Time::midnight()));
        Ok((Stamp(at), time.is_some()))
    }

    /// The stamp at a civil date and time.
    pub fn at(datetime: DateTime) -> Self {
        Stamp(datetime)
    }

    /// The civil date and time.
    pub fn datetime(self) -> DateTime {
        self.0
    }

    /// The date.
    pub fn date(self) -> Date {
        self.0.date()
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = self.0;
        if dt.time() == Time::midnight() {
            write!(f, "{}", dt.date())
        } else {
            write!(
                f,
                "{}T{:02}:{:02}",
                dt.date(),
                dt.time().hour(),
                dt.time().minute()
            )
        }
    }
}

/// A position on the working-hours clock: working hours since a fixed Monday.
/// Differences of positions are working hours between stamps.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct WorkingHours(pub f64);

/// The working-hours clock: which hours of which days count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkingClock {
    hours_per_day: f64,
    /// Hour of the day (0–24) at which a working day starts.
    day_start: f64,
}

/// Largest `hours_per_week` the clock accepts: five days of 24 hours.
pub const MAX_HOURS_PER_WEEK: f64 = 120.0;

/// The Monday from which positions are counted.
fn epoch() -> Date {
    Date::constant(1970, 1, 5)
}

const SECONDS_PER_DAY: i64 = 86_400;

impl WorkingClock {
    /// A clock of `hours_per_week` working hours, five equal days. The error is a
    /// sentence for the user.
    pub fn new(hours_per_week: f64) -> Result<Self, String> {
        if !(hours_per_week > 0.0 && hours_per_week <= MAX_HOURS_PER_WEEK) {
            return Err(format!(
                "--hours-per-week must be greater than 0 and at most {MAX_HOURS_PER_WEEK} \
                 (five days of 24 hours), got {hours_per_week}"
            ));
        }
        let hours_per_day = hours_per_week / 5.0;
        Ok(WorkingClock {
            hours_per_day,
            day_start: (24.0 - hours_per_day).min(9.0),
        })
    }

    /// Working hours in a day.
    pub fn hours_per_day(&self) -> f64 {
        self.hours_per_day
    }

    /// Working hours in a week.
    pub fn hours_per_week(&self) -> f64 {
        self.hours_per_day * 5.0
    }

    /// The stamp's position: working hours since the clock's Monday. O(1).
    pub fn position(&self, stamp: Stamp) -> WorkingHours {
        let dt = stamp.datetime();
        let seconds = dt.date().duration_since(epoch()).as_secs();
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let (weeks, weekday) = (days.div_euclid(7), days.rem_euclid(7));
        let whole_days = (weeks * 5 + weekday.min(5)) as f64;
        let within = if weekday < 5 {
            let t = dt.time();
            let hour = f64::from(t.hour())
                + f64::from(t.minute()) / 60.0
                + (f64::from(t.second()) + f64::from(t.subsec_nanosecond()) * 1e-9) / 3600.0;
            (hour - self.day_start).clamp(0.0, self.hours_per_day)
        } else {
            0.0
        };
        WorkingHours(whole_days * self.hours_per_day + within)
    }

    /// Working hours from `from` to `to` (negative when `to` is earlier).
    pub fn hours_between(&self, from: Stamp, to: Stamp) -> f64 {
        self.position(to).0 - self.position(from).0
    }

    /// The stamp at a position, to the second: the inverse of [`Self::position`] on
    /// working time (a position at a day's end is the next working day's start).
    pub fn stamp_at(&self, position: WorkingHours) -> Stamp {
        let day = (position.0 / self.hours_per_day).floor();
        let within = position.0 - day * self.hours_per_day;
        let day = day as i64;
        let (weeks, weekday) = (day.div_euclid(5), day.rem_euclid(5));
        let date = epoch()
            .checked_add(jiff::Span::new().days(weeks * 7 + weekday))
            .unwrap_or(epoch());
        let seconds = ((self.day_start + within) * 3600.0).round() as i64;
        let seconds = seconds.clamp(0, SECONDS_PER_DAY - 1);
        let time = Time::new(
            (seconds / 3600) as i8,
            (seconds / 60 % 60) as i8,
            (seconds % 60) as i8,
            0,
        )
        .unwrap_or(Time::midnight());
        Stamp(date.to_datetime(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap().0
    }

    #[test]
    fn dates_times_and_offsets_are_read_as_written() {
        assert_eq!(
            Stamp::parse("2024-03-05").unwrap(),
            (stamp("2024-03-05T00:00"), false)
        );
        assert!(Stamp::parse("2024-03-05T14:30").unwrap().1);
        // The offset is set aside: the civil time is the team's.
        assert_eq!(
            stamp("2024-03-05T14:30:00.000+0100"),
            stamp("2024-03-05 14:30")
        );
        assert_eq!(stamp("2024-03-05T14:30Z"), stamp("2024-03-05T14:30:00"));
        let err = Stamp::parse("05/03/2024").unwrap_err();
        assert!(
            err.starts_with("\"05/03/2024\" is not an ISO 8601 date"),
            "{err}"
        );
        assert!(Stamp::parse("2024-02-30").is_err());
    }

    #[test]
    fn a_working_week_has_five_days_of_hours_per_week_over_five() {
        let clock = WorkingClock::new(40.0).unwrap();
        // 2024-03-04 is a Monday.
        let h = |a: &str, b: &str| clock.hours_between(stamp(a), stamp(b));
        assert_eq!(h("2024-03-04", "2024-03-05"), 8.0);
        assert_eq!(h("2024-03-04", "2024-03-11"), 40.0);
        assert_eq!(h("2024-03-08T16:00", "2024-03-11T10:00"), 2.0); // over a weekend
        assert_eq!(h("2024-03-04T07:00", "2024-03-04T20:00"), 8.0); // outside the day
        assert_eq!(h("2024-03-09T12:00", "2024-03-11T09:00"), 0.0); // Saturday to Monday
        assert_eq!(h("2024-03-05", "2024-03-04"), -8.0);
        let long = WorkingClock::new(100.0).unwrap(); // 20-hour days from 04:00
        assert_eq!(
            long.hours_between(stamp("2024-03-04T03:00"), stamp("2024-03-04T23:00")),
            19.0
        );
    }

    #[test]
    fn stamp_at_inverts_position_on_working_time() {
        let clock = WorkingClock::new(37.5).unwrap();
        for p in [0.0, 3.25, 7.5, 7.6, 37.5, 1000.125, -12.0] {
            let back = clock.position(clock.stamp_at(WorkingHours(p))).0;
            assert!((back - p).abs() < 1.0 / 3600.0, "{p} -> {back}");
        }
    }

    #[test]
    fn hours_per_week_out_of_range_is_refused() {
        assert!(WorkingClock::new(0.0).is_err());
        assert!(WorkingClock::new(121.0).is_err());
        assert!(WorkingClock::new(f64::NAN).is_err());
    }
}
