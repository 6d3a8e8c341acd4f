//! When people are at work (docs/model.md §17): a product person's part-time pattern,
//! absent weeks and time on the team, and a developer's absent weeks.
//!
//! A product person who is not always at work has a [`Presence`]: the weeks it is on
//! the team and not absent, and its share of each day or week. Its spells at work are
//! computed from them one at a time, and one `Presence` event per change of spell
//! sends it away or brings it back. Away, it takes no task; the task in hand goes back
//! to its queue as a preempted one would, for anyone eligible. A developer's absences
//! are whole weeks, changed by the weekly event: an absent developer's item waits for
//! it, its work clock stopped. Away time is booked apart, so that utilisation, idle
//! time and developers' shares are of the time people are there.

use super::dispatch::AWAY;
use super::joint_ceremonies::{joint_blocks, JointBlocks};
use super::{Checks, DevState, Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, Id, IdVec, PersonId, QueueId};
use crate::model::measure::{add_by_week, Window};
use crate::model::org::Org;
use crate::model::streams::{stream, Process, Stream};
use crate::scenario::{Duty, Pattern, Run, Structure};
use rand::Rng;

/// Weeks in the year that absences are counted in.
const WEEKS_PER_YEAR: usize = 52;
/// Equal days in a week of the daily pattern.
const DAYS_PER_WEEK: u32 = 5;

/// Marks `per_year` distinct weeks of each 52-week year (from time 0) as away: a
/// partial shuffle of the year's weeks, drawn for every year of the run whatever
/// happens in it, so that the draws never depend on the structure.
fn draw_absences(at_work: &mut [bool], per_year: u32, rng: &mut Stream) {
    let per_year = (per_year as usize).min(WEEKS_PER_YEAR);
    if per_year == 0 {
        return;
    }
    let mut weeks: [usize; WEEKS_PER_YEAR] = std::array::from_fn(|w| w);
    for year in 0..at_work.len().div_ceil(WEEKS_PER_YEAR) {
        for i in 0..per_year {
            let j = rng.random_range(i..WEEKS_PER_YEAR);
            weeks.swap(i, j);
            if let Some(week) = at_work.get_mut(year * WEEKS_PER_YEAR + weeks[i]) {
                *week = false;
            }
        }
    }
}

/// The week (from time 0, clamped to the run) an instant falls in.
fn week_of(t: Time, hours_per_week: f64, weeks: usize) -> usize {
    ((t / hours_per_week).max(0.0) as usize).min(weeks.saturating_sub(1))
}

/// When one product person is at work.
#[derive(Debug)]
pub(super) struct Presence {
    /// Per week from time 0: on the team and not absent.
    at_work: Vec<bool>,
    /// Share of each day (or week) at work, in (0, 1].
    share: f64,
    /// Periods a week the share applies to: 5 days, or the week.
    periods: u32,
    /// Since when the person is away, while it is.
    away_since: Option<Time>,
    /// Away hours per week from time 0, for the time it is available.
    away_by_week: Vec<f64>,
    /// Discovery sessions left over from earlier weeks, for a part-timer's own count.
    discovery_carry: f64,
    /// Its time on the team: from when, until when.
    on_team: (Time, Time),
}

impl Presence {
    /// The first spell at work that ends after `t`, as (start, end); the end is
    /// infinite for a spell that lasts past the run. `None` when the person is never at
    /// work again.
    fn next_spell(&self, t: Time, hours_per_week: f64) -> Option<(Time, Time)> {
        let weeks = self.at_work.len();
        let mut w = week_of(t, hours_per_week, weeks);
        if self.share >= 1.0 {
            // Whole weeks: a spell is a run of weeks at work, told by index, so that
            // two weeks in a row make one spell.
            while w < weeks && !self.at_work[w] {
                w += 1;
            }
            if w == weeks {
                return None;
            }
            let first = (0..w).rev().take_while(|&v| self.at_work[v]).count();
            let last = (w..weeks).take_while(|&v| self.at_work[v]).count();
            let start = (w - first) as f64 * hours_per_week;
            let end = if w + last == weeks {
                f64::INFINITY
            } else {
                (w + last) as f64 * hours_per_week
            };
            return Some((start, end));
        }
        let period = hours_per_week / f64::from(self.periods);
        while w < weeks {
            if self.at_work[w] {
                let week_start = w as f64 * hours_per_week;
                for k in 0..self.periods {
                    let start = week_start + f64::from(k) * period;
                    let end = start + self.share * period;
                    if end > t {
                        return Some((start, end));
                    }
                }
            }
            w += 1;
        }
        None
    }
}

/// One developer's absent weeks and what it left when it went away.
#[derive(Debug)]
pub(super) struct DevAbsence {
    /// Per week from time 0: not absent.
    at_work: Vec<bool>,
    /// Since when the developer is away, while it is.
    away_since: Option<Time>,
    /// Work events scheduled before it went away, not yet due: each is ignored.
    stale_events: u32,
    /// Resume hours to spend on its return, when it comes back to work on its item
    /// (it was working, or its question was settled while it was away).
    owed_resume: Option<f64>,
    /// Away hours in the window.
    away_hours: f64,
}

/// Who is at work when, in one trial: per product person and per developer.
#[derive(Debug, Default)]
pub(super) struct PeopleTime {
    /// Per product person, when it is at work; `None` for someone always at work.
    person: IdVec<PersonId, Option<Presence>>,
    /// Per product person who ramps up: when the ramp starts, and its hours.
    ramp: IdVec<PersonId, Option<(Time, f64)>>,
    /// Per developer, its absences; empty when no developer is ever absent.
    dev: IdVec<DevId, DevAbsence>,
    /// Whether some product person is not always at work.
    any_person: bool,
    /// Per squad, the joint ceremony block at its time; empty unless ceremonies are
    /// joint (docs/model.md §17.7).
    pub joint_blocks: JointBlocks,
}

impl PeopleTime {
    /// Lays out who is at work when, drawing every absence of the run from its owner's
    /// own stream (docs/model.md §11).
    pub(super) fn new(structure: &Structure, org: &Org, run: &Run, key: u64) -> Self {
        let hours_per_week = run.hours_per_week;
        let weeks = (run.warmup_weeks + run.weeks) as usize;
        let origin = f64::from(run.warmup_weeks) * hours_per_week;
        let mut out = PeopleTime {
            joint_blocks: joint_blocks(structure, org),
            ..PeopleTime::default()
        };
        for person in org.people.iter() {
            let time = &structure.people[person.entry].time;
            // The measured weeks the person joins and leaves, as weeks from time 0.
            let week = |w: i64| (w + i64::from(run.warmup_weeks)).clamp(0, weeks as i64) as usize;
            let joins = time.from_week.map_or(0, week);
            let leaves = time.until_week.map_or(weeks, week);
            let at_hour = |w: usize| w as f64 * hours_per_week;
            let on_team = (
                at_hour(joins),
                if leaves == weeks {
                    f64::INFINITY
                } else {
                    at_hour(leaves)
                },
            );
            out.ramp.push(time.ramps().then(|| {
                let start = time
                    .from_week
                    .map_or(0.0, |w| (origin + w as f64 * hours_per_week).max(0.0));
                (start, time.ramp_weeks * hours_per_week)
            }));
            if time.always_at_work() {
                out.person.push(None);
                continue;
            }
            out.any_person = true;
            let mut at_work: Vec<bool> = (0..weeks).map(|w| w >= joins && w < leaves).collect();
            if time.absence_weeks_per_year > 0 {
                let mut rng = stream(key, Process::Person(&person.label));
                draw_absences(&mut at_work, time.absence_weeks_per_year, &mut rng);
            }
            out.person.push(Some(Presence {
                at_work,
                share: time.availability,
                periods: match time.pattern {
                    Pattern::Daily => DAYS_PER_WEEK,
                    Pattern::Weekly => 1,
                },
                away_since: None,
                away_by_week: vec![0.0; weeks + 1],
                discovery_carry: 0.0,
                on_team,
            }));
        }
        let per_year = structure.team.dev_absence_weeks_per_year;
        if per_year > 0 {
            for squad in 0..structure.team.squads {
                for dev in 0..structure.team.devs_per_squad {
                    let mut at_work = vec![true; weeks];
                    let mut rng = stream(key, Process::DevAbsences { squad, dev });
                    draw_absences(&mut at_work, per_year, &mut rng);
                    out.dev.push(DevAbsence {
                        at_work,
                        away_since: None,
                        stale_events: 0,
                        owed_resume: None,
                        away_hours: 0.0,
                    });
                }
            }
        }
        out
    }

    /// Whether developers are ever absent, which needs the weekly event.
    pub(super) fn devs_absent(&self) -> bool {
        !self.dev.is_empty()
    }

    /// Whether some product person ramps up after joining.
    pub(super) fn anyone_ramps(&self) -> bool {
        self.ramp.iter().any(Option::is_some)
    }
}

impl<M: Checks> Trial<'_, M> {
    /// At time 0: each product person not at work then is away, and the first change
    /// of everyone's spells is scheduled.
    pub(super) fn start_presence(&mut self) {
        for person in self.desks.ids() {
            let Some(presence) = &mut self.people_time.person[person] else {
                continue;
            };
            match presence.next_spell(0.0, self.hours_per_week) {
                Some((start, end)) if start <= 0.0 => {
                    if end.is_finite() {
                        self.scheduler.schedule_at(end, Event::Presence(person));
                    }
                }
                next => {
                    presence.away_since = Some(0.0);
                    self.desks[person].away = true;
                    if let Some((start, _)) = next {
                        self.scheduler.schedule_at(start, Event::Presence(person));
                    }
                }
            }
        }
    }

    /// The person's spell changes: it comes back, or its spell at work ends, in which
    /// case it goes away only after every other event already due at this instant (a
    /// task that ends now ends first).
    pub(super) fn on_presence(&mut self, person: PersonId) {
        let now = self.now();
        let hours_per_week = self.hours_per_week;
        let presence = self.people_time.person[person]
            .as_mut()
            .expect("presence events only for people not always at work");
        let Some(since) = presence.away_since.take() else {
            self.scheduler.schedule_at(now, Event::Away(person));
            return;
        };
        if let Some((_, end)) = presence.next_spell(now, hours_per_week) {
            if end.is_finite() {
                self.scheduler.schedule_at(end, Event::Presence(person));
            }
        }
        self.book_away(person, since, now);
        self.desks[person].away = false;
        self.dispatch(person);
    }

    /// The person goes away: its task in hand goes back to its queue, for another
    /// eligible person if one is free, and it returns at its next spell.
    pub(super) fn on_away(&mut self, person: PersonId) {
        let now = self.now();
        self.desks[person].away = true;
        if self.desks[person].queue_in_hand().is_some() {
            let queue = self.preempt(person);
            self.offer(queue);
        }
        let hours_per_week = self.hours_per_week;
        let presence = self.people_time.person[person]
            .as_mut()
            .expect("away events only for people not always at work");
        presence.away_since = Some(now);
        if let Some((start, _)) = presence.next_spell(now, hours_per_week) {
            self.scheduler.schedule_at(start, Event::Presence(person));
        }
    }

    /// Books a spell away, in the window and by week.
    fn book_away(&mut self, person: PersonId, from: Time, to: Time) {
        let window = self.window;
        self.desks[person].hours[AWAY] += window.overlap(from, to);
        if let Some(presence) = &mut self.people_time.person[person] {
            add_by_week(
                &mut presence.away_by_week,
                0.0,
                self.hours_per_week,
                from,
                to,
            );
        }
    }

    /// Whether the person is at work in the week that starts now: its own weekly blocks
    /// (discovery sessions, other work) are not given in weeks it is absent or off the
    /// team.
    pub(super) fn at_work_this_week(&self, person: PersonId) -> bool {
        self.people_time.person[person]
            .as_ref()
            .is_none_or(|presence| {
                let weeks = presence.at_work.len();
                presence.at_work[week_of(self.now(), self.hours_per_week, weeks)]
            })
    }

    /// The discovery sessions the person is given this week, when the team's count is
    /// `team`: none in a week it is not at work, and a part-timer's scaled by its
    /// share, with a carry of its own; `per_week` is a full-timer's sessions a week.
    pub(super) fn sessions_of(&mut self, person: PersonId, team: f64, per_week: f64) -> u32 {
        if !self.at_work_this_week(person) {
            return 0;
        }
        match &mut self.people_time.person[person] {
            Some(presence) if presence.share < 1.0 => {
                let sessions = presence.discovery_carry + per_week * presence.share;
                let n = sessions.floor();
                presence.discovery_carry = sessions - n;
                n as u32
            }
            _ => team as u32,
        }
    }

    /// The person's hours at work from `from` to `to` (both from time 0): the span
    /// less its time away in the weeks it covers; `to - from` for someone always at
    /// work. Whole weekly buckets, as discovery's hours are kept.
    pub(super) fn available_between(&self, person: PersonId, from: Time, to: Time) -> f64 {
        let span = to - from;
        let Some(presence) = &self.people_time.person[person] else {
            return span;
        };
        let last = presence.away_by_week.len() - 1;
        let first = ((from / self.hours_per_week).max(0.0) as usize).min(last);
        let until = ((to / self.hours_per_week).max(0.0) as usize).min(last);
        let mut away: f64 = presence.away_by_week[first..=until].iter().sum();
        if let Some(since) = presence.away_since {
            away += to - since.max(from);
        }
        (span - away).max(0.0)
    }

    /// The discovery holders' hours at work over the span from the start of week
    /// `first_week` to now: `holders × span` when all are always at work.
    pub(super) fn holders_available(&self, holders: u32, first_week: usize, span: f64) -> f64 {
        let all = f64::from(holders) * span;
        if !self.people_time.any_person {
            return all;
        }
        let from = first_week as f64 * self.hours_per_week;
        let now = self.now();
        let mut available = 0.0;
        for person in self.desks.ids() {
            if self.org.people[person].discovers {
                available += self.available_between(person, from, now);
            }
        }
        available
    }

    /// The person's hours in the window it was there: the window less its time away.
    pub(super) fn available_hours(&self, person: PersonId) -> f64 {
        self.window.hours() - self.desks[person].hours[AWAY]
    }

    /// The person's hours at work in measured week `week`.
    pub(super) fn available_in_week(&self, person: PersonId, week: usize) -> f64 {
        match &self.people_time.person[person] {
            None => self.hours_per_week,
            Some(presence) => {
                let w = (self.scenario.run.warmup_weeks as usize + week)
                    .min(presence.away_by_week.len() - 1);
                (self.hours_per_week - presence.away_by_week[w]).max(0.0)
            }
        }
    }

    /// The discovery holders' hours in the window they were there.
    pub(super) fn holders_available_in_window(&self) -> f64 {
        let all = f64::from(self.discovery_holders) * self.window.hours();
        if !self.people_time.any_person {
            return all;
        }
        self.desks
            .ids()
            .filter(|&person| self.org.people[person].discovers)
            .map(|person| self.available_hours(person))
            .sum()
    }

    /// The yearly cost of the time people were not on the team in the window, each
    /// prorated by the share of the window it was off (docs/model.md §17.4): zero when
    /// everyone is on the team throughout.
    pub(super) fn cost_off_team(&self) -> f64 {
        let mut off = 0.0;
        for person in self.desks.ids() {
            if let Some(presence) = &self.people_time.person[person] {
                if presence.on_team != (0.0, f64::INFINITY) {
                    let (joins, leaves) = presence.on_team;
                    let on = self.window.overlap(joins, leaves) / self.window.hours();
                    let entry = &self.structure.people[self.org.people[person].entry];
                    off += entry.yearly_cost.unwrap_or(0.0) * (1.0 - on);
                }
            }
        }
        off
    }

    /// The factor a ramping person's hours are multiplied by now: from 2 when it
    /// joins down to 1 over its ramp; 1 for everyone else (docs/model.md §17.4).
    #[inline]
    fn ramp_factor(&self, person: PersonId) -> f64 {
        match self.people_time.ramp[person] {
            Some((start, hours)) => {
                let into = (self.now() - start).max(0.0);
                1.0 + (1.0 - into / hours).max(0.0)
            }
            None => 1.0,
        }
    }

    /// A new week: developers' absences change, and other recurring work is given.
    pub(super) fn on_people_week(&mut self) {
        self.change_dev_absences();
        self.give_other_work();
        self.scheduler
            .schedule_in(self.hours_per_week, Event::PeopleWeek);
    }

    /// The factor of the part of a task of `queue` that `person` starts now: its
    /// ramp-up on the duties of the flow; a timeboxed block (ceremony, discovery
    /// session, other work) lasts its hours whoever holds it.
    #[inline]
    pub(super) fn pace(&self, person: PersonId, queue: QueueId) -> f64 {
        if !M::PEOPLE_AND_JUDGEMENT || self.people_time.ramp[person].is_none() {
            return 1.0;
        }
        match self.org.duty[queue] {
            Some(Duty::Ceremony | Duty::Discovery) | None => 1.0,
            Some(_) => self.ramp_factor(person),
        }
    }

    /// The weekly change of developers' absences: a developer absent this week and
    /// not last goes away, one back at work returns.
    fn change_dev_absences(&mut self) {
        if !self.people_time.devs_absent() {
            return;
        }
        let weeks = self.people_time.dev[DevId::from_index(0)].at_work.len();
        let week = week_of(self.now(), self.hours_per_week, weeks);
        for dev in self.devs.ids() {
            let absence = &self.people_time.dev[dev];
            match (absence.at_work[week], absence.away_since) {
                (false, None) => self.dev_away(dev),
                (true, Some(since)) => self.dev_back(dev, since),
                _ => {}
            }
        }
    }

    /// The developer goes away: its work clock stops where it is, and the hours of
    /// getting back into the work it had booked ahead are given back, owed on return.
    fn dev_away(&mut self, dev: DevId) {
        let now = self.now();
        let window = self.window;
        let state = self.devs[dev].state;
        let owed = if state == DevState::Working {
            let developer = &mut self.devs[dev];
            let ahead = (developer.since - now).max(0.0);
            if ahead > 0.0 {
                developer.hours[DevState::Blocked.column()] -= window.overlap(now, developer.since);
                if let Some(item) = developer.item {
                    self.items[item].blocked -= ahead;
                }
                developer.since = now;
            }
            let worked = now - developer.since;
            developer.effort_left -= worked;
            developer.question_left -= worked;
            self.people_time.dev[dev].stale_events += 1;
            Some(ahead)
        } else {
            None
        };
        self.dev_set_state(dev, state);
        let absence = &mut self.people_time.dev[dev];
        absence.owed_resume = owed;
        absence.away_since = Some(now);
    }

    /// The developer is back: it works on its item (after the resume it owes), still
    /// waits for its decision, or, without an item in hand, takes one as at a break.
    fn dev_back(&mut self, dev: DevId, since: Time) {
        let now = self.now();
        let absence = &mut self.people_time.dev[dev];
        absence.away_since = None;
        absence.away_hours += self.window.overlap(since, now);
        let owed = absence.owed_resume.take();
        // The time away is booked to no state.
        self.devs[dev].since = now;
        match owed {
            Some(resume) => self.continue_work(dev, resume),
            // Waiting while blocked, a developer holds its item; one that switches
            // holds none while its items wait on the shelf, and may take up another.
            None if self.devs[dev].item.is_none() => self.dev_at_break(dev),
            None => {}
        }
    }

    /// Whether the developer is away: it takes no item.
    #[inline]
    pub(super) fn dev_is_away(&self, dev: DevId) -> bool {
        M::PEOPLE_AND_JUDGEMENT
            && !self.people_time.dev.is_empty()
            && self.people_time.dev[dev].away_since.is_some()
    }

    /// Whether a work event of the developer was scheduled before it went away: it is
    /// ignored, the work having stopped then.
    #[inline]
    pub(super) fn dev_event_is_stale(&mut self, dev: DevId) -> bool {
        if !M::PEOPLE_AND_JUDGEMENT || self.people_time.dev.is_empty() {
            return false;
        }
        let absence = &mut self.people_time.dev[dev];
        if absence.stale_events > 0 {
            absence.stale_events -= 1;
            return true;
        }
        false
    }

    /// Whether the developer, away, defers getting back to work until it returns (its
    /// question settled meanwhile): the resume hours are owed.
    #[inline]
    pub(super) fn dev_defers_work(&mut self, dev: DevId, resume: f64) -> bool {
        if !self.dev_is_away(dev) {
            return false;
        }
        self.people_time.dev[dev].owed_resume = Some(resume);
        true
    }

    /// The developers' hours present in the window: all their hours less time away.
    pub(super) fn dev_hours_present(&self) -> f64 {
        let all = self.devs.len() as f64 * self.window.hours();
        if !self.people_time.devs_absent() {
            return all;
        }
        all - self.dev_away_hours().iter().sum::<f64>()
    }

    /// Per developer, its hours away in the window; empty when nobody is absent.
    pub(super) fn dev_away_hours(&self) -> Vec<f64> {
        self.people_time.dev.iter().map(|a| a.away_hours).collect()
    }

    /// At the end of the window: every spell away still open is booked to the end,
    /// and an absent developer's state books nothing more.
    pub(super) fn close_presence(&mut self) {
        let end = self.window.end;
        for person in self.desks.ids() {
            let since = self.people_time.person[person]
                .as_mut()
                .and_then(|presence| presence.away_since.take());
            if let Some(since) = since {
                self.book_away(person, since, end);
            }
        }
        let window: Window = self.window;
        for dev in self.people_time.dev.ids() {
            let absence = &mut self.people_time.dev[dev];
            if let Some(since) = absence.away_since.take() {
                absence.away_hours += window.overlap(since, end);
                self.devs[dev].since = end;
            }
        }
    }
}
