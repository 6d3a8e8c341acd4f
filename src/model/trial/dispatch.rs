//! Dispatch: the task queues of the product people, which person takes which task
//! (an idle eligible person at once, else the best task when one is free: best
//! priority, oldest first), preemption, switching between queues, and the booking of
//! every person's hours to its activities.

use super::{Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, ItemId, PersonId, QueueId, Queued, RequestId, SquadId};
use crate::model::measure::add_by_week;
use crate::scenario::Duty;

/// Activities a product person's hours are booked to: each duty (by [`Duty::index`]),
/// then switching, then idle.
pub(super) const ACTIVITIES: usize = Duty::COUNT + 2;
/// The activity of switching between queues.
pub(super) const SWITCHING: usize = Duty::COUNT;
/// The activity of having no task.
pub(super) const IDLE: usize = Duty::COUNT + 1;

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
    Answer(DevId),
    /// The decision on a developer's escalated question.
    Escalation(DevId),
    /// Acceptance of a finished item.
    Accept(ItemId),
    /// A squad's weekly ceremony block.
    Ceremony,
    /// A discovery session, dropped if not started by its deadline.
    Discovery {
        /// When the session is dropped if not started.
        deadline: Time,
    },
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
}

impl Queued for Task {
    type Key = (u8, u64);

    /// Serving order: the best priority (smallest), then the oldest.
    #[inline]
    fn key(&self) -> (u8, u64) {
        (self.priority, self.seq)
    }
}

/// A task in hand: since when, after how much switching.
#[derive(Debug, Clone, Copy)]
struct Running {
    task: Task,
    start: Time,
    /// Hours of switching before the task's own work.
    switch: f64,
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
    pub week_busy: Vec<f64>,
}

impl Desk {
    /// An idle person with nothing booked, over a window of `weeks`.
    pub(super) fn new(weeks: usize) -> Self {
        Desk {
            running: None,
            last_queue: None,
            token: 0,
            hours: [0.0; ACTIVITIES],
            week_busy: vec![0.0; weeks],
        }
    }
}

impl Trial<'_> {
    /// Queues a task of `hours` and gives it to an idle eligible person, or (with
    /// preemption) to the one busy with the worst-priority task, if that is worse.
    pub(super) fn enqueue(&mut self, kind: TaskKind, queue: QueueId, priority: u8, hours: f64) {
        self.task_seq += 1;
        let task = Task {
            kind,
            queue,
            priority,
            seq: self.task_seq,
            remaining: hours.max(0.0),
            started: false,
        };
        let idle = self.org.eligible[queue]
            .iter()
            .find(|&&person| self.desks[person].running.is_none());
        if let Some(&person) = idle {
            if self.nothing_waits_for(person) {
                // Dispatch would take this very task: it starts without passing
                // through its queue (the common case, and a third of a question's cost).
                self.start_task(person, task);
            } else {
                self.push_task(task);
                self.dispatch(person);
            }
            return;
        }
        self.push_task(task);
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
                self.preempt(person);
                self.dispatch(person);
            }
        }
    }

    /// Queues a task, and marks its queue non-empty for the people who serve it.
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

    /// Whether every queue the person serves is empty.
    fn nothing_waits_for(&self, person: PersonId) -> bool {
        let base = self.org.word_base[person];
        let words = self.org.people[person].queues.len().div_ceil(64);
        self.nonempty[base..base + words]
            .iter()
            .all(|&bits| bits == 0)
    }

    /// A free person takes the best task among its queues: best priority, oldest first.
    fn dispatch(&mut self, person: PersonId) {
        if self.desks[person].running.is_some() {
            return;
        }
        let now = self.now();
        // Only the non-empty queues are looked at, and only their heads' keys compared.
        let mut best: Option<((u8, u64), QueueId)> = None;
        let base = self.org.word_base[person];
        let words = self.org.people[person].queues.len().div_ceil(64);
        for w in 0..words {
            let mut bits = self.nonempty[base + w];
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let queue = self.org.people[person].queues[i];
                if self.org.duty[queue] == Duty::Discovery {
                    self.drop_expired_sessions(queue, now);
                }
                if let Some(head) = self.queues[queue].peek() {
                    if best.is_none_or(|(key, _)| head.key() < key) {
                        best = Some((head.key(), queue));
                    }
                }
            }
        }
        let Some((_, queue)) = best else { return };
        let task = self.pop_task(queue).expect("a non-empty queue");
        self.start_task(person, task);
    }

    /// A free person starts `task` (after switching, if it comes from another queue).
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
        let desk = &mut self.desks[person];
        let switch = match desk.last_queue {
            Some(last) if last != queue => self.structure.switch_hours,
            _ => 0.0,
        };
        desk.last_queue = Some(queue);
        desk.token = desk.token.wrapping_add(1);
        let token = desk.token;
        let first_start = !task.started;
        task.started = true;
        desk.running = Some(Running {
            task,
            start: now,
            switch,
        });
        self.scheduler
            .schedule_in(switch + task.remaining, Event::TaskDone { person, token });
        if first_start {
            match task.kind {
                TaskKind::Triage(request) => self.triage_started(request),
                TaskKind::Answer(dev) | TaskKind::Escalation(dev) => self.question_started(dev),
                _ => {}
            }
        }
    }

    /// Books a task segment's hours up to `until`: the switch first, then the duty.
    /// Returns the hours of the duty's own work.
    fn book(&mut self, person: PersonId, run: &Running, until: Time) -> f64 {
        let elapsed = until - run.start;
        let switch = elapsed.min(run.switch);
        let duty = self.org.duty[run.task.queue];
        if switch > 0.0 {
            self.book_span(person, SWITCHING, run.start, run.start + switch);
        }
        self.book_span(person, duty.index(), run.start + switch, until);
        if duty == Duty::Discovery {
            self.book_discovery(run.start + switch, until);
        }
        elapsed - switch
    }

    fn book_span(&mut self, person: PersonId, activity: usize, from: Time, to: Time) {
        let window = self.window;
        let desk = &mut self.desks[person];
        desk.hours[activity] += window.overlap(from, to);
        add_by_week(
            &mut desk.week_busy,
            window.start,
            self.hours_per_week,
            from.max(window.start),
            to.min(window.end),
        );
    }

    /// Interrupts the person's task, which goes back to its queue with the work left.
    fn preempt(&mut self, person: PersonId) {
        let now = self.now();
        let run = self.desks[person]
            .running
            .take()
            .expect("preempting a busy person");
        let worked = self.book(person, &run, now);
        let mut task = run.task;
        task.remaining = (task.remaining - worked).max(0.0);
        let desk = &mut self.desks[person];
        desk.token = desk.token.wrapping_add(1);
        self.push_task(task);
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
            TaskKind::Answer(dev) => self.answered(dev),
            TaskKind::Escalation(dev) => self.escalated(dev),
            TaskKind::Accept(item) => self.item_done(item),
            TaskKind::Ceremony | TaskKind::Discovery { .. } => {}
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
