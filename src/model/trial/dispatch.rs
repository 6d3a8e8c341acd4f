//! Dispatch: the task queues of the product people, which person takes which task
//! (an idle eligible person at once, else the best task when one is free: best
//! priority, oldest first), preemption, switching between queues, and the booking of
//! every person's hours to its activities.

use super::developers::Asked;
use super::{Checks, Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{ItemId, PersonId, QueueId, Queued, RequestId, SquadId};
use crate::model::measure::{WeekBuckets, Window};
use crate::model::Activity;
use crate::scenario::Duty;

/// Activities a product person's hours are booked to: each duty (by [`Duty::index`]),
/// then each [`Activity`] (by its index after the duties): other recurring work,
/// switching, idle and away. Busy time is every activity before idle.
pub(super) const ACTIVITIES: usize = Duty::COUNT + Activity::COUNT;
/// The activity of recurring work outside the duties (docs/model.md §17.5).
pub(super) const OTHER: usize = Duty::COUNT + Activity::Other.index();
/// The activity of switching between queues.
pub(super) const SWITCHING: usize = Duty::COUNT + Activity::Switching.index();
/// The activity of having no task while at work.
pub(super) const IDLE: usize = Duty::COUNT + Activity::Idle.index();
/// The activity of not being at work (docs/model.md §17.1).
pub(super) const AWAY: usize = Duty::COUNT + Activity::Away.index();

/// What a task is for.
#[derive(Debug, Clone, Copy)]
pub(super) enum TaskKind {
    /// Triage of a request.
    Triage(RequestId),
    /// Refinement for a squad, of the item it claimed when it started (`None` until
    /// then).
    Refine {
        /// The squad whose product backlog it refines from.
        squad: SquadId,
        /// The item claimed.
        item: Option<ItemId>,
    },
    /// The answer to a developer's question.
    Answer(Asked),
    /// The decision on a developer's escalated question.
    Escalation(Asked),
    /// Acceptance of a finished item.
    Accept(ItemId),
    /// A squad's weekly ceremony block.
    Ceremony,
    /// A discovery session, dropped if not started by its deadline.
    Discovery {
        /// When the session is dropped if not started.
        deadline: Time,
    },
    /// A person's weekly block of other recurring work.
    Other,
}

/// A unit of work for a product person.
#[derive(Debug, Clone, Copy)]
pub(super) struct Task {
    /// What it is for.
    pub kind: TaskKind,
    /// The queue it waits in, which gives its duty.
    pub queue: QueueId,
    /// Smaller is served first.
    pub priority: u8,
    /// Enqueue order: oldest first among equal priorities, kept across preemption.
    pub seq: u64,
    /// Hours of work left.
    pub remaining: f64,
    /// Whether someone has started it (a preempted task has).
    pub started: bool,
    /// When it was first queued, for ageing; kept across preemption.
    pub queued: Time,
}

impl Queued for Task {
    type Key = (u8, u64);

    /// Serving order: the best priority (smallest), then the oldest.
    #[inline]
    fn key(&self) -> (u8, u64) {
        (self.priority, self.seq)
    }
}

/// A task in hand: since when, after how much switching, at what pace.
#[derive(Debug, Clone, Copy)]
struct Running {
    task: Task,
    start: Time,
    /// Hours of switching before the task's own work.
    switch: f64,
    /// The person's hours per hour of the task's remaining work, taken when the part
    /// started: its time factor for the duty times its ramp-up (docs/model.md §9,
    /// §17.4).
    factor: f64,
}

/// A product person during the trial: the task in hand, the last queue served (for
/// switching) and the hours booked. Who the person is lies in the org's
/// `ProductPerson` of the same id.
#[derive(Debug)]
pub(super) struct Desk {
    running: Option<Running>,
    last_queue: Option<QueueId>,
    /// Moves on whenever the task in hand ends or is preempted, so a `TaskDone`
    /// scheduled for an earlier task is recognised as stale.
    token: u32,
    /// Hours in the window per activity (see [`ACTIVITIES`]).
    pub hours: [f64; ACTIVITIES],
    /// Busy hours per measured week.
    pub week_busy: WeekBuckets,
    /// Whether the person is away (docs/model.md §17): it takes no task.
    pub away: bool,
}

impl Desk {
    /// An idle person with nothing booked, over `window` of `weeks` weeks.
    pub(super) fn new(window: Window, weeks: usize, hours_per_week: f64) -> Self {
        Desk {
            running: None,
            last_queue: None,
            token: 0,
            hours: [0.0; ACTIVITIES],
            week_busy: WeekBuckets::new(weeks, window.start, hours_per_week),
            away: false,
        }
    }

    /// Whether the person may take a task now: at work, with none in hand.
    #[inline]
    fn is_free(&self) -> bool {
        self.running.is_none() && !self.away
    }

    /// The queue of the task in hand, if any.
    pub(super) fn queue_in_hand(&self) -> Option<QueueId> {
        self.running.map(|run| run.task.queue)
    }
}

impl<M: Checks> Trial<'_, M> {
    /// Queues a task of `hours` and gives it to an idle eligible person, or (with
    /// preemption) to the one busy with the worst-priority task, if that is worse.
    #[inline(always)]
    pub(super) fn enqueue(&mut self, kind: TaskKind, queue: QueueId, priority: u8, hours: f64) {
        self.task_seq += 1;
        let (seq, now) = (self.task_seq, self.now());
        // Built where it goes rather than once up front: a task built on the stack and
        // then copied stalls the copy (benches/RESULTS.md §10).
        let task = || Task {
            kind,
            queue,
            priority,
            seq,
            remaining: hours.max(0.0),
            started: false,
            queued: now,
        };
        let idle = self.org.eligible[queue]
            .iter()
            .find(|&&person| self.desks[person].is_free());
        if let Some(&person) = idle {
            if self.nothing_waits_for(person) {
                // Dispatch would take this very task: it starts without passing
                // through its queue (the common case, and a third of a question's cost).
                self.start_task(person, task());
            } else {
                // The first free person takes its best task, which may be an older one
                // of another queue: the next free one is offered the queue, and so on.
                self.push_task(task());
                self.offer(queue);
            }
            return;
        }
        self.push_task(task());
        if self.structure.preempt {
            let eligible = &self.org.eligible[queue];
            // The eligible person busy with the worst-priority task, first listed on ties.
            let mut victim: Option<(PersonId, u8)> = None;
            for &person in eligible {
                if let Some(run) = &self.desks[person].running {
                    let worse = run.task.priority > priority;
                    if worse && victim.is_none_or(|(_, worst)| run.task.priority > worst) {
                        victim = Some((person, run.task.priority));
                    }
                }
            }
            if let Some((person, _)) = victim {
                let back = self.preempt(person);
                self.dispatch(person);
                // The interrupted task is a waiting task like any other: a free person
                // eligible for it takes it now rather than leaving it to its holder.
                self.offer(back);
            }
        }
    }

    /// Queues a task, and marks its queue non-empty for the people who serve it.
    #[inline(always)]
    fn push_task(&mut self, task: Task) {
        let queue = task.queue;
        self.queues[queue].push(task);
        if self.queues[queue].len() == 1 {
            self.mark_queue(queue, true);
        }
    }

    /// Takes the head of a queue, and marks it empty when it is.
    pub(super) fn pop_task(&mut self, queue: QueueId) -> Option<Task> {
        let task = self.queues[queue].pop();
        if task.is_some() && self.queues[queue].is_empty() {
            self.mark_queue(queue, false);
        }
        task
    }

    /// Sets or clears a queue's bit in the non-empty sets of the people who serve it.
    fn mark_queue(&mut self, queue: QueueId, nonempty: bool) {
        let org = &self.org;
        for (&person, &i) in org.eligible[queue].iter().zip(&org.position[queue]) {
            let word = &mut self.nonempty[org.word_base[person] + i / 64];
            let bit = 1u64 << (i % 64);
            if nonempty {
                *word |= bit;
            } else {
                *word &= !bit;
            }
        }
    }

    /// The free people eligible for `queue`, first listed first, each take the best of
    /// their tasks while the queue still holds one: nobody eligible stays idle while a
    /// task waits (docs/model.md §9). A free person may take an older task of another
    /// queue, so one offer is not enough.
    pub(super) fn offer(&mut self, queue: QueueId) {
        for k in 0..self.org.eligible[queue].len() {
            if self.queues[queue].is_empty() {
                return;
            }
            let person = self.org.eligible[queue][k];
            if self.desks[person].is_free() {
                self.dispatch(person);
            }
        }
    }

    /// Whether every queue the person serves is empty.
    fn nothing_waits_for(&self, person: PersonId) -> bool {
        let base = self.org.word_base[person];
        let words = self.org.people[person].queues.len().div_ceil(64);
        self.nonempty[base..base + words]
            .iter()
            .all(|&bits| bits == 0)
    }

    /// A free person takes the best task among its queues: best priority, oldest first.
    pub(super) fn dispatch(&mut self, person: PersonId) {
        if !self.desks[person].is_free() {
            return;
        }
        let now = self.now();
        // Expired sessions leave first, so that the search below only reads.
        if M::ESCALATION_AND_DISCOVERY {
            if let Some(queue) = self.org.discovery_queue[person] {
                self.drop_expired_sessions(queue, now);
            }
        }
        let best = self.best_task_for(person, now);
        let Some((_, queue, at)) = best else { return };
        // Each way of taking the task starts it itself: merging the two into one
        // value would copy the task once more on the way.
        if at == 0 {
            // Copied from its place before the head is dropped: taking it out of an
            // `Option` costs a stalled copy (benches/RESULTS.md §10).
            let task = *self.queues[queue].peek().expect("a waiting task");
            self.pop_task(queue);
            self.start_task(person, task);
        } else {
            // A task behind the head leaves the queue non-empty.
            let task = self.queues[queue].remove(at).expect("a waiting task");
            self.start_task(person, task);
        }
    }

    /// The best task waiting for `person`: its queue and place in it. Only the
    /// non-empty queues are looked at, and only their heads' keys compared (with
    /// ageing, the head of each priority level: `ageing`).
    #[inline]
    fn best_task_for(&self, person: PersonId, now: Time) -> Option<((u8, u64), QueueId, usize)> {
        let aging = self.structure.aging_hours;
        let queues = &self.org.people[person].queues;
        let base = self.org.word_base[person];
        let words = &self.nonempty[base..base + queues.len().div_ceil(64)];
        let mut best: Option<((u8, u64), QueueId, usize)> = None;
        for (w, &word) in words.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let queue = queues[w * 64 + bits.trailing_zeros() as usize];
                bits &= bits - 1;
                if let Some((key, at)) = self.best_in_queue(queue, now, aging) {
                    if best.is_none_or(|(best_key, ..)| key < best_key) {
                        best = Some((key, queue, at));
                    }
                }
            }
        }
        best
    }

    /// A free person starts `task` (after switching, if it comes from another queue,
    /// whose hours are drawn then).
    #[inline(always)]
    fn start_task(&mut self, person: PersonId, mut task: Task) {
        let now = self.now();
        let queue = task.queue;
        // A refine task claims its item only as it starts, so that the best item of
        // this moment is refined (docs/model.md §4).
        if let TaskKind::Refine { squad, item: None } = task.kind {
            let (item, hours) = self.refine_started(squad);
            task.kind = TaskKind::Refine {
                squad,
                item: Some(item),
            };
            task.remaining = hours.max(0.0);
        }
        if M::PEOPLE_AND_JUDGEMENT && !task.started && self.decisions.judged_at_start() {
            self.decision_starting(person, &mut task);
        }
        let factor = self.time_factor(person, self.org.duty[queue]) * self.pace(person, queue);
        let switch = match self.desks[person].last_queue {
            Some(last) if last != queue => self.switch_hours(person),
            _ => 0.0,
        };
        let desk = &mut self.desks[person];
        desk.last_queue = Some(queue);
        desk.token = desk.token.wrapping_add(1);
        let token = desk.token;
        let first_start = !task.started;
        task.started = true;
        desk.running = Some(Running {
            task,
            start: now,
            switch,
            factor,
        });
        self.scheduler.schedule_in(
            switch + task.remaining * factor,
            Event::TaskDone { person, token },
        );
        if first_start {
            match task.kind {
                TaskKind::Triage(request) => self.triage_started(request, person),
                TaskKind::Answer(asked) | TaskKind::Escalation(asked) => {
                    self.question_started(asked)
                }
                _ => {}
            }
        }
    }

    /// The hours of a switch `person` pays now (docs/model.md §9): the next draw of
    /// its own stream when `switch_hours` is a distribution, else the constant.
    #[inline(always)]
    fn switch_hours(&mut self, person: PersonId) -> f64 {
        if M::PEOPLE_AND_JUDGEMENT {
            self.switches.draw(person)
        } else {
            self.switches.constant()
        }
    }

    /// Books a task segment's hours up to `until`: the switch first, then the duty (or
    /// the other work). Returns the hours of the task's own work.
    #[inline(always)]
    fn book(&mut self, person: PersonId, run: &Running, until: Time) -> f64 {
        let elapsed = until - run.start;
        let switch = elapsed.min(run.switch);
        let duty = self.org.duty[run.task.queue];
        if switch > 0.0 {
            self.book_span(person, SWITCHING, run.start, run.start + switch);
        }
        let activity = duty.map_or(OTHER, Duty::index);
        self.book_span(person, activity, run.start + switch, until);
        if duty == Some(Duty::Discovery) {
            self.book_discovery(person, run.start + switch, until);
        }
        elapsed - switch
    }

    #[inline(always)]
    fn book_span(&mut self, person: PersonId, activity: usize, from: Time, to: Time) {
        let window = self.window;
        let desk = &mut self.desks[person];
        desk.hours[activity] += window.overlap(from, to);
        let (from, to) = window.clip(from, to);
        desk.week_busy.add(from, to);
    }

    /// Interrupts the person's task, which goes back to its queue with the work left
    /// (in drawn hours, rescaled for whoever resumes it). Returns that queue.
    pub(super) fn preempt(&mut self, person: PersonId) -> QueueId {
        let now = self.now();
        let run = self.desks[person]
            .running
            .take()
            .expect("preempting a busy person");
        let worked = self.book(person, &run, now);
        let mut task = run.task;
        // Kept in the task's own hours: whoever resumes it works at its own pace.
        task.remaining = (task.remaining - worked / run.factor).max(0.0);
        let desk = &mut self.desks[person];
        desk.token = desk.token.wrapping_add(1);
        self.push_task(task);
        task.queue
    }

    /// The person's task ends (unless the event is stale): its work flows on and the
    /// person takes the next task.
    pub(super) fn on_task_done(&mut self, person: PersonId, token: u32) {
        if self.desks[person].token != token {
            return;
        }
        let now = self.now();
        let run = self.desks[person]
            .running
            .take()
            .expect("a finishing person is busy");
        self.book(person, &run, now);
        match run.task.kind {
            TaskKind::Triage(request) => self.decide(request),
            TaskKind::Refine { item, .. } => {
                self.refined(item.expect("a started refine task holds its item"));
            }
            TaskKind::Answer(asked) => {
                // Who answered matters only to an escalation's hand-off.
                if M::PEOPLE_AND_JUDGEMENT {
                    self.question_mut(asked).answered_by = Some(person);
                }
                self.answered(asked);
            }
            TaskKind::Escalation(asked) => self.escalated(asked),
            TaskKind::Accept(item) => self.item_done(item),
            TaskKind::Ceremony | TaskKind::Discovery { .. } | TaskKind::Other => {}
        }
        self.dispatch(person);
    }

    /// At the end of the trial: books the task in hand of every person up to the end.
    pub(super) fn close_desks(&mut self) {
        let end = self.window.end;
        for person in self.desks.ids() {
            if let Some(run) = self.desks[person].running {
                self.book(person, &run, end);
            }
        }
    }
}
