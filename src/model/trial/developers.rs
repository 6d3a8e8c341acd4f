//! Developers and their questions: an idle developer pulls the next ready item of its
//! squad and works it; every so often a question blocks it until answered (and, for
//! some, escalated and signed off), then it resumes; when the effort is done the item
//! goes to acceptance, which makes it done, and the developer pulls the next one.

use super::backlogs::Item;
use super::decisions::DecisionStreams;
use super::dispatch::TaskKind;
use super::switching::Shelved;
use super::{Checks, Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, ItemId, PersonId, SquadId};
use crate::model::streams::{stream, Process, Service, Stream};
use crate::scenario::Duty;
use rand::Rng;

/// What a developer is doing; the discriminant is the state's column in a
/// developer's hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DevState {
    /// Working on its item.
    Working = 0,
    /// Waiting for its question to be settled, or getting back into the work.
    Blocked = 1,
    /// No ready item to pull.
    Starved = 2,
}

impl DevState {
    /// The state's column in a developer's hours: working, blocked, starved (the order
    /// of `Ledger::dev_hours`).
    #[inline]
    pub(super) fn column(self) -> usize {
        self as usize
    }
}

/// A question's random content, drawn when it is raised.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Question {
    /// When the developer raised it.
    pub raised: Time,
    /// Whether the answer needs a strategic decision.
    pub escalate: bool,
    /// Hours of that decision.
    pub escalation_h: f64,
    /// Whether the decision waits for outside sign-off.
    pub approval: bool,
    /// Hours of that wait.
    pub approval_h: f64,
    /// Hours to get back into the work once it is settled.
    pub resume_h: f64,
    /// Whether someone has taken it up (its wait is then counted).
    pub started: bool,
    /// Uniform draw against which its decision is wrong (docs/model.md §5); 1 when
    /// no structure of the scenario decides wrongly.
    pub wrong_u: f64,
    /// Developer hours a wrong decision adds to the item.
    pub rework_h: f64,
    /// Hours its escalation gains when handed to someone other than the answerer.
    pub handoff_h: f64,
    /// Who answered it, once answered by someone.
    pub answered_by: Option<PersonId>,
    /// The insight of whoever started its final decision, when someone did.
    pub decider_insight: Option<f64>,
}

/// A question of a developer about one of its items: what answer and escalation
/// tasks and sign-offs are for. A developer that switches while blocked may have open
/// questions about several items, one each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Asked {
    /// The developer who asked.
    pub dev: DevId,
    /// The item it asked about.
    pub item: ItemId,
}

/// A developer of a squad.
#[derive(Debug)]
pub(super) struct Dev {
    /// The developer's squad.
    pub squad: SquadId,
    /// The developer's stream of question intervals.
    pub rng: Stream,
    /// Its streams of what a question costs: answer hours, whether it escalates,
    /// escalation hours, resume hours (docs/model.md §11).
    pub service: ServiceStreams,
    /// The developer's streams of what its decisions cost (wrong or not, rework,
    /// hand-off); `None` when no structure of the scenario needs them.
    pub decisions: Option<Box<DecisionStreams>>,
    /// Hours of rework at the front of the item's remaining effort.
    pub rework_left: f64,
    /// What it is doing.
    pub state: DevState,
    /// When the current state began.
    pub since: Time,
    /// The item in work.
    pub item: Option<ItemId>,
    /// Working hours left on the item.
    pub effort_left: f64,
    /// Working hours left until the next question.
    pub question_left: f64,
    /// The last question raised, until it is set aside with its item.
    pub question: Question,
    /// Items set aside with their questions while the developer does other work
    /// (`while_blocked = "switch"`); always empty otherwise.
    pub shelf: Vec<Shelved>,
    /// Hours in the window per state, by [`DevState::column`].
    pub hours: [f64; 3],
}

/// A developer's streams of what its questions cost, one per quantity, so that a
/// structure's distribution of one never shifts the draws of another.
#[derive(Debug)]
pub(super) struct ServiceStreams {
    answer: Stream,
    escalates: Stream,
    escalation: Stream,
    resume: Stream,
}

impl ServiceStreams {
    /// The streams of developer `dev` of squad `squad` in the trial of `key`.
    pub(super) fn new(key: u64, squad: u32, dev: u32) -> Self {
        let of = |part| stream(key, Process::QuestionService { part, squad, dev });
        ServiceStreams {
            answer: of(Service::Answer),
            escalates: of(Service::Escalates),
            escalation: of(Service::Escalation),
            resume: of(Service::Resume),
        }
    }
}

impl<M: Checks> Trial<'_, M> {
    /// Books the time since the developer's last change to its state, and changes it.
    pub(super) fn dev_set_state(&mut self, dev: DevId, state: DevState) {
        let now = self.now();
        let window = self.window;
        let developer = &mut self.devs[dev];
        developer.hours[developer.state.column()] += window.overlap(developer.since, now);
        if developer.state == DevState::Blocked {
            if let Some(item) = developer.item {
                self.items[item].blocked += now - developer.since;
            }
        }
        developer.state = state;
        developer.since = now;
    }

    /// An idle developer takes the next ready item of its squad, or starves; one away
    /// takes none (docs/model.md §17.3).
    pub(super) fn dev_pull(&mut self, dev: DevId) {
        if self.dev_is_away(dev) {
            return;
        }
        let now = self.now();
        let squad = self.devs[dev].squad;
        let item = if self.structure.work.unlimited_backlog {
            let work = &self.structure.work;
            let backlog = &mut self.squads[squad];
            let effort = work.item_effort_hours.sample(&mut backlog.items_rng);
            let accept_h = work.accept_hours.sample(&mut backlog.accepts_rng);
            self.ledger.items_arrived += 1;
            // Ready the moment it is asked for: no request, no refinement.
            self.items.insert(Item {
                ready: now,
                effort,
                accept_h,
                ..Item::new(squad, now, now)
            })
        } else {
            let window = self.window;
            let backlogs = &mut self.squads[squad];
            let Some(ranked) = backlogs.ready.pop() else {
                if self.devs[dev].state != DevState::Starved {
                    self.dev_set_state(dev, DevState::Starved);
                }
                return;
            };
            backlogs.ready_count.add(now, -1.0, window);
            self.ledger.items_waiting -= 1;
            ranked.item
        };
        self.ledger.items_in_progress += 1;
        let pulled = &mut self.items[item];
        pulled.pulled = now;
        let effort = pulled.effort;
        let developer = &mut self.devs[dev];
        developer.item = Some(item);
        developer.effort_left = effort;
        self.continue_work(dev, 0.0);
        if !self.structure.work.unlimited_backlog {
            self.pull_refinement(squad);
        }
    }

    /// Works on until the next question or the end of the effort, whichever is first,
    /// after `resume` hours of getting back into it (blocked time, booked at once: the
    /// developer's next event comes after it anyway, which saves an event per question).
    pub(super) fn continue_work(&mut self, dev: DevId, resume: f64) {
        if self.dev_defers_work(dev, resume) {
            return;
        }
        self.dev_set_state(dev, DevState::Working);
        let now = self.now();
        let window = self.window;
        let developer = &mut self.devs[dev];
        if resume > 0.0 {
            developer.hours[DevState::Blocked.column()] += window.overlap(now, now + resume);
            if let Some(item) = developer.item {
                self.items[item].blocked += resume;
            }
            // Working time starts after the resume; nothing else happens to a working
            // developer before its next event, which is later still.
            developer.since = now + resume;
        }
        let next = resume + developer.question_left.min(developer.effort_left);
        if developer.question_left < developer.effort_left {
            self.scheduler.schedule_in(next, Event::Question(dev));
        } else {
            self.scheduler.schedule_in(next, Event::EffortDone(dev));
        }
    }

    /// The developer reaches a question: it is blocked, and the question is drawn and
    /// queued for an answer.
    pub(super) fn on_question(&mut self, dev: DevId) {
        if self.dev_event_is_stale(dev) {
            return;
        }
        let now = self.now();
        self.book_rework(dev);
        self.dev_set_state(dev, DevState::Blocked);
        let work = &self.structure.work;
        let approval = &self.structure.approval;
        let developer = &mut self.devs[dev];
        developer.effort_left -= developer.question_left;
        // Each quantity from its own stream: how many draws one takes depends on this
        // structure's distribution of it, and must not move the others.
        let next = work.question_every_hours.sample(&mut developer.rng);
        let service = &mut developer.service;
        let answer_h = work.answer_hours.sample(&mut service.answer);
        let (escalate_u, escalation_h) = if M::ESCALATION_AND_DISCOVERY && self.draws.escalation {
            (
                service.escalates.random::<f64>(),
                work.escalation_hours.sample(&mut service.escalation),
            )
        } else {
            (1.0, 0.0)
        };
        // A resume that takes no time draws nothing, the same as no resume.
        let resume_h = work.resume_hours.sample(&mut service.resume);
        // Sign-off from its own stream: its delay's distribution is the structure's.
        let (approval_u, approval_h) = if M::ESCALATION_AND_DISCOVERY && self.draws.approval {
            let rng = &mut self.question_approvals[dev];
            (rng.random::<f64>(), approval.delay_hours.sample(rng))
        } else {
            (1.0, 0.0)
        };
        developer.question_left = next;
        developer.question = Question {
            raised: now,
            escalate: escalate_u < work.escalation_share,
            escalation_h,
            approval: approval_u < approval.share,
            approval_h,
            resume_h,
            started: false,
            ..Question::default()
        };
        self.draw_decision(dev);
        let developer = &self.devs[dev];
        let squad = developer.squad;
        let asked = Asked {
            dev,
            item: developer.item.expect("a developer asks about its item"),
        };
        self.ledger.questions_raised += u64::from(self.window.contains(now));
        self.measures.open.questions.add(now, 1.0, self.window);
        let switching = self.switches_while_blocked();
        if switching {
            self.set_aside(dev);
        }
        if self.skipped.contains(Duty::Answer) {
            self.answered(asked);
        } else {
            let queue = self.org.squad_queue(Duty::Answer, squad);
            let priority = self.structure.priorities[Duty::Answer.index()];
            self.enqueue(TaskKind::Answer(asked), queue, priority, answer_h);
        }
        if switching {
            self.dev_at_break(dev);
        }
    }

    /// The question asked, wherever it waits: with its item on the developer's shelf,
    /// else the developer's last one.
    #[inline]
    pub(super) fn question(&self, asked: Asked) -> &Question {
        let developer = &self.devs[asked.dev];
        // Only a developer who switches while blocked shelves its questions.
        if !M::PEOPLE_AND_JUDGEMENT || developer.shelf.is_empty() {
            return &developer.question;
        }
        match developer.shelf.iter().find(|s| s.item == asked.item) {
            Some(shelved) => &shelved.question,
            None => &developer.question,
        }
    }

    /// The question asked, to change it.
    #[inline]
    pub(super) fn question_mut(&mut self, asked: Asked) -> &mut Question {
        let developer = &mut self.devs[asked.dev];
        if !M::PEOPLE_AND_JUDGEMENT || developer.shelf.is_empty() {
            return &mut developer.question;
        }
        match developer.shelf.iter().position(|s| s.item == asked.item) {
            Some(at) => &mut developer.shelf[at].question,
            None => &mut developer.question,
        }
    }

    /// The question is answered: escalated if it must be, else settled. An escalation
    /// that takes no time is decided at once, and the question still goes on from
    /// there (to outside sign-off, if it needs one).
    pub(super) fn answered(&mut self, asked: Asked) {
        let Question {
            escalate,
            escalation_h,
            ..
        } = *self.question(asked);
        if !M::ESCALATION_AND_DISCOVERY || !escalate {
            self.unblock(asked);
        } else if self.skipped.contains(Duty::Escalation) {
            self.escalated(asked);
        } else {
            let squad = self.devs[asked.dev].squad;
            let queue = self.org.squad_queue(Duty::Escalation, squad);
            let priority = self.structure.priorities[Duty::Escalation.index()];
            self.enqueue(TaskKind::Escalation(asked), queue, priority, escalation_h);
        }
    }

    /// The escalation is decided: settled, after outside sign-off if it needs one.
    pub(super) fn escalated(&mut self, asked: Asked) {
        let Question {
            approval,
            approval_h,
            ..
        } = *self.question(asked);
        if approval && self.structure.approval.share > 0.0 {
            self.scheduler
                .schedule_in(approval_h, Event::QuestionApproved(asked));
        } else {
            self.unblock(asked);
        }
    }

    /// Someone takes the question up (its answer or escalation starts): the first
    /// time, its wait ends.
    pub(super) fn question_started(&mut self, asked: Asked) {
        let now = self.now();
        let counted = self.window.contains(now);
        let question = self.question_mut(asked);
        if question.started {
            return;
        }
        question.started = true;
        let raised = question.raised;
        if counted {
            self.measures.decision_wait.push(now - raised);
        }
    }

    /// The question is settled: its latency is counted and the developer resumes (or,
    /// switching, takes the item up again when it can).
    pub(super) fn unblock(&mut self, asked: Asked) {
        let now = self.now();
        let Question {
            raised,
            started,
            resume_h,
            ..
        } = *self.question(asked);
        if !started && self.window.contains(now) {
            // Nobody had to take it up: no wait.
            self.measures.decision_wait.push(0.0);
        }
        self.measures.open.questions.add(now, -1.0, self.window);
        let week = self.week_stats_mut(now);
        week.answered += 1;
        week.latency_sum += now - raised;
        if self.window.contains(now) {
            self.measures.latency.push(now - raised);
        }
        let rework = self.rework_of(asked);
        if self.switches_while_blocked() {
            self.settle_shelved(asked, rework);
            return;
        }
        let developer = &mut self.devs[asked.dev];
        developer.effort_left += rework;
        developer.rework_left += rework;
        self.continue_work(asked.dev, resume_h);
    }

    /// The effort is done: the item goes to acceptance and the developer, at a break,
    /// takes its next item (docs/model.md §5).
    pub(super) fn on_effort_done(&mut self, dev: DevId) {
        if self.dev_event_is_stale(dev) {
            return;
        }
        let now = self.now();
        self.book_rework(dev);
        let developer = &mut self.devs[dev];
        developer.question_left -= developer.effort_left;
        developer.effort_left = 0.0;
        let item = developer
            .item
            .take()
            .expect("a working developer has an item");
        let squad = developer.squad;
        self.dev_set_state(dev, DevState::Starved);
        self.items[item].effort_done = now;
        self.measures.open.accept.add(now, 1.0, self.window);
        if self.skipped.contains(Duty::Accept) {
            self.item_done(item);
        } else {
            let hours = self.items[item].accept_h;
            let queue = self.org.squad_queue(Duty::Accept, squad);
            let priority = self.structure.priorities[Duty::Accept.index()];
            self.enqueue(TaskKind::Accept(item), queue, priority, hours);
        }
        self.dev_at_break(dev);
    }

    /// The item is accepted: done, and measured if in the window.
    pub(super) fn item_done(&mut self, item: ItemId) {
        let now = self.now();
        let done = self.items[item];
        self.items.release(item);
        self.measures.open.accept.add(now, -1.0, self.window);
        self.ledger.items_in_progress -= 1;
        self.ledger.items_done += 1;
        self.week_stats_mut(now).done += 1;
        if !self.window.contains(now) {
            return;
        }
        let lead = now - done.arrival;
        let value = match self.structure.work.value_half_life_weeks {
            Some(half) => done.value * 0.5f64.powf(lead / self.hours_per_week / half),
            None => done.value,
        };
        let work = done.effort_done - done.pulled - done.blocked;
        self.measures.item_done(
            done.group,
            lead,
            now - done.pulled,
            value,
            [
                done.created - done.arrival,
                done.ready - done.created,
                done.pulled - done.ready,
                work,
                done.blocked,
                now - done.effort_done,
            ],
        );
    }
}
