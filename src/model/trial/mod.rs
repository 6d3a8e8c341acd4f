//! One trial of one structure: the flow of work of docs/model.md §2 driven by the kernel.
//!
//! Requests arrive, are triaged, become items, are refined, pulled by developers whose
//! questions block them until answered (and maybe escalated and approved), and are
//! accepted. Product people serve the task queues of their duties by priority, oldest
//! first. Everything random is drawn from the streams of [`super::streams`] at the
//! moment its owner (a request, a developer) comes to exist or to ask, so that a
//! structure's choices never shift the random work another structure sees.
//!
//! One [`Trial`] holds the whole state; this module builds it and runs the event loop,
//! and each process is an `impl Trial` of its own module:
//!
//! - `requests`: stakeholder requests, their triage and the estimate it makes, and the
//!   items an accepted request becomes;
//! - `backlogs`: each squad's product and ready backlogs, and the refinement between
//!   them;
//! - `developers`: developers pulling and working items, the questions that block
//!   them (answer, escalation, approval, resume), and the acceptance that ends an item;
//! - `dispatch`: the task queues, which product person takes which task, preemption,
//!   switching, and the booking of each person's hours;
//! - `durations`: the hours of switches, ceremony blocks and discovery sessions, a
//!   constant or drawn from a stream of their owner's;
//! - `recurring`: the weekly work no request asks for, ceremonies and discovery, and
//!   the insight discovery gives triage;
//! - `presence`: when people are at work (part-time, absences, joining and leaving)
//!   and the ramp-up of a new person;
//! - `other_work`: each person's weekly block of work outside the duties;
//! - `joint_ceremonies`: one ceremony block per holder instead of one per squad;
//! - `decisions`: each person's insight, the wrong decisions it makes and their rework,
//!   and hand-offs between answerer and decider;
//! - `skill`: a person's time factor per duty;
//! - `ageing`: priorities that improve while a task waits;
//! - `switching`: developers who take up other work while a question blocks an item;
//! - `finish`: the end of the trial, the metrics and the rows per person and group;
//! - `checks`: which mechanisms' checks a compilation of the trial keeps: it is
//!   compiled three times, and each structure runs the one it needs.

mod ageing;
mod backlogs;
mod checks;
mod decisions;
mod developers;
mod dispatch;
mod durations;
mod finish;
mod joint_ceremonies;
mod other_work;
mod presence;
mod recurring;
mod requests;
mod skill;
mod switching;

use self::backlogs::{Item, Squad};
pub(crate) use self::checks::{All, Checks, Common, Core, Uses};
use self::decisions::Decisions;
use self::developers::{Asked, Dev, DevState, Question, ServiceStreams};
use self::dispatch::{Desk, Task};
use self::durations::OwnHours;
use self::presence::PeopleTime;
use self::requests::{Group, Request};
use super::collections::{
    DevId, GroupId, Id, IdVec, ItemId, PersonId, QueueId, RequestId, Slab, SquadId, TaskQueue,
};
use super::measure::{Measures, TimeAverage, WeekCursor, Window};
use super::org::Org;
use super::streams::{stream, trial_key, Process, Stream};
use super::{Ledger, TrialResult, WeekStats};
use crate::dist::Dist;
use crate::kernel::{Scheduler, Time};
use crate::scenario::{Duty, DutySet, Scenario, Structure};
use rand_distr::Exp;
use std::collections::BinaryHeap;
use std::marker::PhantomData;

/// Runs trial `trial` of structure `structure`, compiled with the checks of the
/// mechanisms it uses and without the others' (see [`checks`]).
pub(crate) fn run(scenario: &Scenario, structure: usize, trial: u32) -> TrialResult {
    let uses = Uses::read(scenario, &scenario.structures[structure]);
    if uses.kept_by::<Core>() {
        Trial::<Core>::new(scenario, structure, trial).run()
    } else if uses.kept_by::<Common>() {
        Trial::<Common>::new(scenario, structure, trial).run()
    } else {
        Trial::<All>::new(scenario, structure, trial).run()
    }
}

/// The same trial with every check: what `run` must equal, for the tests.
#[cfg(test)]
pub(super) fn run_with_all_checks(
    scenario: &Scenario,
    structure: usize,
    trial: u32,
) -> TrialResult {
    Trial::<All>::new(scenario, structure, trial).run()
}

/// What the built trial uses, which [`Trial::new`] checks [`Uses::read`] against, for
/// the tests.
#[cfg(test)]
pub(super) fn built_uses(scenario: &Scenario, structure: usize) -> Uses {
    Trial::<All>::new(scenario, structure, 0).uses()
}

/// The optional draws of a request or a question: each is made when some structure of
/// the scenario needs it, and then in every structure alike, so that the streams stay
/// aligned across structures (common random numbers); a draw that no structure needs is
/// not made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draws {
    /// Whether a question escalates, and the hours of its decision.
    pub escalation: bool,
    /// Whether a request or an escalated question waits for outside sign-off, and how
    /// long.
    pub approval: bool,
    /// Whether a question's decision is wrong, and the rework it adds.
    pub judgement: bool,
    /// The hours an escalation gains when handed off.
    pub handoff: bool,
}

impl Draws {
    /// The draws the scenario's structures need.
    pub(crate) fn of(scenario: &Scenario) -> Draws {
        let any = |needs: fn(&Structure) -> bool| scenario.structures.iter().any(needs);
        Draws {
            escalation: any(Structure::escalation_matters),
            approval: any(|s| s.approval.share > 0.0),
            judgement: any(|s| s.work.wrong_answer_share > 0.0),
            handoff: any(|s| !s.work.handoff_hours.is_zero()),
        }
    }
}

/// What happens in the model. Typed, small and `Copy`: the kernel stores it by value.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A stakeholder group sends a request.
    Arrival(GroupId),
    /// A product person's current task segment ends (stale if the token moved on).
    TaskDone { person: PersonId, token: u32 },
    /// A developer reaches its next question.
    Question(DevId),
    /// A developer finishes the effort of its item.
    EffortDone(DevId),
    /// Outside sign-off of an escalated question arrives.
    QuestionApproved(Asked),
    /// Outside sign-off of an accepted request arrives.
    RequestApproved(RequestId),
    /// A squad's weekly ceremony block is due.
    Ceremony(SquadId),
    /// A new week: discovery holders are given their sessions.
    DiscoveryWeek,
    /// A product person's spell at work changes: it comes back, or its spell ends.
    Presence(PersonId),
    /// A product person goes away, after everything else due at the instant.
    Away(PersonId),
    /// A new week: developers' absences change and other recurring work is due.
    PeopleWeek,
    /// The measured window ends.
    End,
}

/// The whole state of one trial, compiled with the checks `M` keeps ([`checks`]).
pub(crate) struct Trial<'a, M: Checks> {
    scenario: &'a Scenario,
    structure: &'a Structure,
    org: Org,
    scheduler: Scheduler<Event>,
    hours_per_week: f64,
    /// The measured window, after the warm-up.
    window: Window,
    /// Per product person, what it is doing and the hours it has booked.
    desks: IdVec<PersonId, Desk>,
    queues: IdVec<QueueId, TaskQueue<Task>>,
    /// Per person, a bit per queue it serves: set while that queue has tasks
    /// (laid out by [`Org::word_base`]), so a free person looks only where work is.
    nonempty: Vec<u64>,
    devs: IdVec<DevId, Dev>,
    /// Per developer, the stream of its escalations' sign-off draws, when some
    /// structure has `approval` (else empty): apart from its questions' stream, whose
    /// draws must not depend on this structure's delay.
    question_approvals: IdVec<DevId, Stream>,
    squads: IdVec<SquadId, Squad>,
    groups: IdVec<GroupId, Group>,
    requests: Slab<RequestId, Request>,
    items: Slab<ItemId, Item>,
    /// Tasks queued so far: a task's sequence number, oldest first on equal priority.
    task_seq: u64,
    /// Items ranked so far: a ranking's sequence number, oldest first on equal score.
    item_seq: u64,
    /// Items assigned round-robin so far, for the next one's squad.
    round_robin: u32,
    /// Requests waiting for triage to start, over time.
    triage_waiting: TimeAverage,
    /// Discovery hours per week of the whole run, for insight.
    discovery_by_week: Vec<f64>,
    /// Fraction of a session carried to next week's sessions.
    discovery_carry: f64,
    /// The hours of each person's switches between queues.
    switches: OwnHours<PersonId>,
    /// The hours of each squad's weekly ceremony blocks (a joint block's, at its
    /// squad's time).
    ceremony_hours: OwnHours<SquadId>,
    /// The hours of each discovery holder's sessions.
    session_hours: OwnHours<PersonId>,
    /// People given discovery sessions; 0 when the structure does no discovery.
    discovery_holders: u32,
    /// What the window observes, for the metrics.
    measures: Measures,
    /// Where every request and item stands, from time 0.
    ledger: Ledger,
    /// Per week from time 0: done items and decision latencies, for the warm-up check.
    weekly: Vec<WeekStats>,
    /// The week of `weekly` an instant falls in.
    weekly_cursor: WeekCursor,
    /// The optional draws the scenario makes, alike in every structure.
    draws: Draws,
    /// Duties whose tasks take no time in this structure: they are skipped, no task
    /// is queued and the work flows on at once.
    skipped: DutySet,
    /// Who is at work when (docs/model.md §17).
    people_time: PeopleTime,
    /// Wrong decisions, rework and hand-offs, and the insight per person they need.
    decisions: Decisions,
    /// The compilation: which mechanisms' checks this trial's code keeps.
    checks: PhantomData<M>,
}

impl<'a, M: Checks> Trial<'a, M> {
    pub(crate) fn new(scenario: &'a Scenario, structure: usize, trial: u32) -> Self {
        let run = &scenario.run;
        let structure = &scenario.structures[structure];
        let org = Org::new(structure);
        let key = trial_key(run.seed, &scenario.name, trial);
        let hours_per_week = run.hours_per_week;
        let start = run.warmup_weeks as f64 * hours_per_week;
        let window = Window {
            start,
            end: start + run.weeks as f64 * hours_per_week,
        };
        let total_weeks = (run.warmup_weeks + run.weeks) as usize;
        let desks = org
            .people
            .iter()
            .map(|_| Desk::new(window, run.weeks as usize, hours_per_week))
            .collect();
        let queues = (0..org.queue_count())
            .map(|_| TaskQueue::default())
            .collect();
        let work = &structure.work;
        let team = &structure.team;
        let draws = Draws::of(scenario);
        let decisions = Decisions::new(draws, structure, &org, total_weeks);
        let mut devs = IdVec::default();
        let mut question_approvals = IdVec::default();
        let mut squads = IdVec::default();
        for s in 0..team.squads {
            let squad = squads.push(Squad {
                first_dev: DevId::from_index(devs.len()),
                dev_count: team.devs_per_squad,
                product: BinaryHeap::new(),
                ready: BinaryHeap::new(),
                refining: 0,
                unclaimed: 0,
                target: work.ready_per_dev * team.devs_per_squad as f64,
                items_rng: stream(key, Process::SquadItems(s)),
                accepts_rng: stream(key, Process::SquadItemAccepts(s)),
                product_count: TimeAverage::default(),
                ready_count: TimeAverage::default(),
            });
            for d in 0..team.devs_per_squad {
                if draws.approval {
                    question_approvals
                        .push(stream(key, Process::QuestionApprovals { squad: s, dev: d }));
                }
                let mut rng = stream(key, Process::Questions { squad: s, dev: d });
                let question_left = work.question_every_hours.sample(&mut rng);
                devs.push(Dev {
                    squad,
                    rng,
                    service: ServiceStreams::new(key, s, d),
                    decisions: decisions.stream(key, s, d),
                    rework_left: 0.0,
                    state: DevState::Starved,
                    since: 0.0,
                    item: None,
                    effort_left: 0.0,
                    question_left,
                    question: Question::default(),
                    shelf: switching::shelf(work),
                    hours: [0.0; 3],
                });
            }
        }
        let stakeholders = if work.unlimited_backlog {
            &[][..]
        } else {
            &scenario.stakeholders[..]
        };
        let groups = stakeholders
            .iter()
            .map(|group| Group {
                arrivals: stream(key, Process::Arrivals(&group.name)),
                requests: stream(key, Process::Requests(&group.name)),
                approvals: draws
                    .approval
                    .then(|| stream(key, Process::RequestApprovals(&group.name))),
                interarrival: (group.requests_per_week > 0.0 && group.schedule.is_none()).then(
                    || Exp::new(group.requests_per_week / hours_per_week).expect("a positive rate"),
                ),
                priority: group
                    .priority
                    .unwrap_or(structure.priorities[Duty::Triage.index()]),
            })
            .collect();
        let discovery_holders = match &structure.discovery {
            Some(d) if d.target_share > 0.0 && d.session_hours.mean() > 0.0 => {
                org.people.iter().filter(|p| p.discovers).count() as u32
            }
            _ => 0,
        };
        let mut trial = Trial {
            scenario,
            structure,
            scheduler: Scheduler::with_capacity(64 + devs.len() * 2),
            hours_per_week,
            window,
            desks,
            queues,
            nonempty: vec![0; org.words],
            devs,
            question_approvals,
            squads,
            groups,
            requests: Slab::new(),
            items: Slab::new(),
            task_seq: 0,
            item_seq: 0,
            round_robin: 0,
            triage_waiting: TimeAverage::default(),
            discovery_by_week: vec![0.0; total_weeks + 1],
            discovery_carry: 0.0,
            discovery_holders,
            switches: OwnHours::new(
                &structure.switch_hours,
                key,
                org.people.iter().map(|p| Process::Switches(&p.label)),
            ),
            ceremony_hours: OwnHours::new(
                &work.ceremony_hours_per_week,
                key,
                (0..team.squads).map(Process::Ceremonies),
            ),
            session_hours: OwnHours::new(
                structure
                    .discovery
                    .as_ref()
                    .map_or(&Dist::Const(0.0), |d| &d.session_hours),
                key,
                org.people.iter().map(|p| Process::Sessions(&p.label)),
            ),
            measures: Measures::new(stakeholders.len()),
            ledger: Ledger::default(),
            weekly: vec![WeekStats::default(); total_weeks],
            weekly_cursor: WeekCursor::new(total_weeks, 0.0, hours_per_week),
            draws,
            skipped: work.duties_taking_no_time(),
            people_time: PeopleTime::new(structure, &org, run, key),
            decisions,
            org,
            checks: PhantomData,
        };
        assert!(
            trial.uses().kept_by::<M>(),
            "a trial compiled without some mechanisms' checks runs a structure that uses them"
        );
        trial.start();
        trial
    }

    fn start(&mut self) {
        self.start_presence();
        for group in self.groups.ids() {
            self.schedule_arrival(group);
        }
        if !self.skipped.contains(Duty::Ceremony) {
            self.schedule_ceremonies();
        }
        if self.discovery_holders > 0 {
            self.scheduler.schedule_at(0.0, Event::DiscoveryWeek);
        }
        self.scheduler.schedule_at(self.window.end, Event::End);
        for dev in self.devs.ids() {
            self.dev_pull(dev);
        }
        if self.people_time.devs_absent() || self.org.other_queue.iter().any(Option::is_some) {
            self.scheduler.schedule_at(0.0, Event::PeopleWeek);
        }
    }

    /// Runs the trial to the end of the window and measures it.
    pub(crate) fn run(mut self) -> TrialResult {
        while let Some((_, event)) = self.scheduler.pop() {
            self.ledger.events += 1;
            match event {
                Event::Arrival(group) => self.on_arrival(group),
                Event::TaskDone { person, token } => self.on_task_done(person, token),
                Event::Question(dev) => self.on_question(dev),
                Event::EffortDone(dev) => self.on_effort_done(dev),
                Event::QuestionApproved(asked) => self.unblock(asked),
                Event::RequestApproved(request) => self.create_items(request),
                Event::Ceremony(squad) => self.on_ceremony(squad),
                Event::DiscoveryWeek => self.on_discovery_week(),
                Event::Presence(person) => self.on_presence(person),
                Event::Away(person) => self.on_away(person),
                Event::PeopleWeek => self.on_people_week(),
                Event::End => break,
            }
        }
        self.finish()
    }

    fn now(&self) -> Time {
        self.scheduler.now()
    }

    /// The weekly-series entry of the week `t` falls in, to count into (the window's
    /// last instant belongs to the last week).
    fn week_stats_mut(&mut self, t: Time) -> &mut WeekStats {
        let week = self.weekly_cursor.week(t);
        &mut self.weekly[week]
    }
}
