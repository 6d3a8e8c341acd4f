//! Ceremonies and discovery: the product work that comes round every week without a
//! request or an item asking for it. Each squad's ceremony block is due at the same
//! time each week, the squads staggered through it; each discovery holder is given its
//! sessions, dropped if not started in time. The discovery kept over the trailing
//! weeks is the team's insight, which makes triage's estimates exact or not.

use super::dispatch::{Task, TaskKind};
use super::{Checks, Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{Id, PersonId, QueueId, SquadId};
use crate::model::measure::add_by_week;
use crate::scenario::Duty;

impl<M: Checks> Trial<'_, M> {
    /// The first ceremony of every squad: squad s at s / squads of the first week.
    pub(super) fn schedule_ceremonies(&mut self) {
        let squads = self.squads.len();
        for squad in self.squads.ids() {
            if self.ceremony_in_another_block(squad) {
                continue;
            }
            let offset = squad.index() as f64 * self.hours_per_week / squads as f64;
            self.scheduler.schedule_at(offset, Event::Ceremony(squad));
        }
    }

    /// The squad's ceremony block is due: queued for its holder, and again next week.
    pub(super) fn on_ceremony(&mut self, squad: SquadId) {
        if self.joint_ceremony_due(squad) {
            return;
        }
        let queue = self.org.squad_queue(Duty::Ceremony, squad);
        let priority = self.structure.priorities[Duty::Ceremony.index()];
        // Drawn each week as the block is given (docs/model.md §7).
        let hours = self.ceremony_hours.draw(squad);
        self.enqueue(TaskKind::Ceremony, queue, priority, hours);
        self.scheduler
            .schedule_in(self.hours_per_week, Event::Ceremony(squad));
    }

    /// A new week: every discovery holder is given the week's sessions, the fraction
    /// of a session left over carried to the next week. Their number is reckoned with
    /// a session's mean hours, and each session's hours are drawn as it is given
    /// (docs/model.md §8).
    pub(super) fn on_discovery_week(&mut self) {
        let structure = self.structure;
        let discovery = structure
            .discovery
            .as_ref()
            .expect("discovery weeks only with discovery");
        let now = self.now();
        let per_week =
            discovery.target_share * self.hours_per_week / discovery.session_hours.mean();
        let sessions = self.discovery_carry + per_week;
        let n = sessions.floor();
        self.discovery_carry = sessions - n;
        let deadline = now + discovery.drop_after_weeks * self.hours_per_week;
        let priority = structure.priorities[Duty::Discovery.index()];
        for person in self.desks.ids() {
            if let Some(queue) = self.org.discovery_queue[person] {
                for _ in 0..self.sessions_of(person, n, per_week) {
                    let hours = self.session_hours.draw(person);
                    self.enqueue(TaskKind::Discovery { deadline }, queue, priority, hours);
                }
            }
        }
        self.scheduler
            .schedule_in(self.hours_per_week, Event::DiscoveryWeek);
    }

    /// Sessions past their deadline are dropped, not served, and counted as postponed
    /// when the deadline falls in the window. A holder's sessions are FIFO with
    /// growing deadlines, so the expired ones are at the head.
    pub(super) fn drop_expired_sessions(&mut self, queue: QueueId, now: Time) {
        while let Some(Task {
            kind: TaskKind::Discovery { deadline },
            started,
            ..
        }) = self.queues[queue].peek()
        {
            let deadline = *deadline;
            // A session interrupted by preemption was started: it is finished, not
            // dropped.
            if deadline >= now || *started {
                break;
            }
            self.pop_task(queue);
            if self.window.contains(deadline) {
                self.measures.discovery_postponed += 1;
            }
        }
    }

    /// Books `person`'s discovery hours to the weeks they fall in (for insight, the
    /// team's and the person's own) and to the window's total.
    pub(super) fn book_discovery(&mut self, person: PersonId, from: Time, to: Time) {
        add_by_week(
            &mut self.discovery_by_week,
            0.0,
            self.hours_per_week,
            from,
            to,
        );
        self.book_own_discovery(person, from, to);
        self.measures.discovery_hours += self.window.overlap(from, to);
    }

    /// The team's insight now: discovery achieved over the trailing 4 weeks against
    /// the target, capped at 1; 1 without discovery.
    pub(super) fn insight(&self) -> f64 {
        let Some(discovery) = &self.structure.discovery else {
            return 1.0;
        };
        if discovery.target_share <= 0.0 {
            return 1.0;
        }
        if self.discovery_holders == 0 {
            return 0.0;
        }
        self.trailing_insight(&self.discovery_by_week, None)
    }

    /// Insight from discovery hours booked by week from time 0 (`by_week`) by one
    /// person, or by every discovery holder (`whose` is `None`): their share of the
    /// time at work over the trailing 4 weeks against the target, capped at 1; 0 at
    /// time 0.
    pub(super) fn trailing_insight(&self, by_week: &[f64], whose: Option<PersonId>) -> f64 {
        let target = self
            .structure
            .discovery
            .as_ref()
            .map_or(0.0, |d| d.target_share);
        let week = self.hours_per_week;
        let now = self.now();
        let from = (now - 4.0 * week).max(0.0);
        if now <= from {
            return 0.0;
        }
        let first = (from / week) as usize;
        let last = ((now / week) as usize).min(by_week.len() - 1);
        // Whole weekly buckets; the first one may reach back a little before `from`.
        let hours: f64 = by_week[first..=last].iter().sum();
        let span = now - first as f64 * week;
        // Over the time at work in the span (docs/model.md §17.1); with none, nothing
        // was kept.
        let available = match whose {
            Some(person) => self.available_between(person, first as f64 * week, now),
            None => self.holders_available(self.discovery_holders, first, span),
        };
        let share = if available > 0.0 {
            hours / available
        } else {
            0.0
        };
        (share / target).min(1.0)
    }
}
