//! People as they are, in time: the optional keys of a `people` entry that say when
//! its people are at work on their duties (docs/model.md §17): part-time availability,
//! absences, joining and leaving with a ramp-up, and other recurring work. Left out,
//! each key gives today's person: always there, at full pace, with no other work.

use super::reader::{Reader, Rule, Section};
use super::schema::person;

/// When in the week a part-time person's available share falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The first share of each of five equal days.
    Daily,
    /// The first share of the week.
    Weekly,
}

/// A weekly block of work outside the duties (roadmap, reporting, stakeholder
/// meetings), queued at the start of each week like a ceremony.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OtherWork {
    /// Hours of the block.
    pub hours_per_week: f64,
    /// Its priority, smaller first.
    pub priority: u8,
}

/// When the people of one entry are at work, and how fast (docs/model.md §17).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonTime {
    /// Share of the week spent on these duties, in (0, 1].
    pub availability: f64,
    /// Where that share falls in the week.
    pub pattern: Pattern,
    /// Whole weeks away in each 52-week year, drawn at random.
    pub absence_weeks_per_year: u32,
    /// The measured week the person joins (the warm-up counts before week 0); `None`
    /// for on the team from the start.
    pub from_week: Option<i64>,
    /// The measured week the person leaves; `None` for never.
    pub until_week: Option<i64>,
    /// Weeks after joining over which the person's time factor falls from 2 to 1; 0
    /// for none.
    pub ramp_weeks: f64,
    /// Other recurring work, if any.
    pub other: Option<OtherWork>,
}

impl Default for PersonTime {
    /// Today's person: always there, at full pace, no other work.
    fn default() -> Self {
        PersonTime {
            availability: 1.0,
            pattern: Pattern::Daily,
            absence_weeks_per_year: 0,
            from_week: None,
            until_week: None,
            ramp_weeks: 0.0,
            other: None,
        }
    }
}

impl PersonTime {
    /// Whether the person is at work all the time of the run: full time, never absent,
    /// on the team from start to end.
    pub fn always_at_work(&self) -> bool {
        self.availability >= 1.0
            && self.absence_weeks_per_year == 0
            && self.from_week.is_none()
            && self.until_week.is_none()
    }

    /// Whether the person ramps up after joining: its hours take longer for a while.
    pub fn ramps(&self) -> bool {
        self.ramp_weeks > 0.0
    }
}

/// Reads the time keys of one people entry, reporting each problem where it is written.
pub(crate) fn read(reader: &mut Reader<'_>, section: &mut Section<'_>) -> PersonTime {
    use person::*;
    let availability = reader.get(section, &AVAILABILITY);
    let pattern = reader.get(section, &PATTERN);
    // Lossless: the rule keeps it within 0 and 52.
    let absence_weeks_per_year = reader.get(section, &ABSENCE_WEEKS_PER_YEAR) as u32;
    let from_week = reader.optional(section, &FROM_WEEK);
    let until = section.take(UNTIL_WEEK.name);
    let until_week = until
        .as_ref()
        .and_then(|field| UNTIL_WEEK.rule.read(reader, field));
    if let (Some(from), Some(until_week), Some(field)) = (from_week, until_week, &until) {
        if until_week <= from {
            let msg = format!("until_week must be after from_week ({from}), got {until_week}");
            reader.report(field.node.span.clone(), field.path.clone(), msg);
        }
    }
    let ramp_weeks = reader.get(section, &RAMP_WEEKS);
    let other_hours = reader.get(section, &OTHER_HOURS_PER_WEEK);
    // Lossless: the rule keeps it within 0 and 9.
    let other_priority = reader.get(section, &OTHER_PRIORITY) as u8;
    PersonTime {
        availability,
        pattern,
        absence_weeks_per_year,
        from_week,
        until_week,
        ramp_weeks,
        other: (other_hours > 0.0).then_some(OtherWork {
            hours_per_week: other_hours,
            priority: other_priority,
        }),
    }
}
