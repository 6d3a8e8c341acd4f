//! One trial of one structure: the flow of work of MODEL.md §3 driven by the kernel.
//!
//! Requests arrive, are triaged, become items, are refined, pulled by developers whose
//! questions block them until answered (and maybe escalated and approved), and are
//! accepted. Product people serve the task queues of their duties by priority, oldest
//! first. Everything random is drawn from the streams of [`super::streams`] at the
//! moment its owner (a request, a developer) comes to exist or to ask, so that a
//! structure's choices never shift the random work another structure sees.

use super::measure::{add_by_week, window_overlap, Measures, TimeAverage};
use super::org::Org;
use super::streams::{stream, trial_key, Process, Stream};
use super::{GroupOutcome, Ledger, Metric, PersonActivity, TrialMetrics, TrialResult, WeekStats};
use crate::kernel::{Scheduler, Time};
use crate::scenario::{BacklogOrder, Duty, Scenario, Structure};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, StandardNormal};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Activities a product person's hours are booked to: each duty, then switching.
const SWITCHING: usize = Duty::COUNT;
const IDLE: usize = Duty::COUNT + 1;

/// Developer activity columns.
const WORKING: usize = 0;
const BLOCKED: usize = 1;
const STARVED: usize = 2;

/// What happens in the model. Typed, small and `Copy`: the kernel stores it by value.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A stakeholder group sends a request.
    Arrival(u16),
    /// A product person's current task segment ends (stale if the token moved on).
    TaskDone { person: u32, token: u32 },
    /// A developer reaches its next question.
    Question(u32),
    /// A developer finishes the effort of its item.
    EffortDone(u32),
    /// Outside sign-off of an escalated question arrives.
    QuestionApproved(u32),
    /// Outside sign-off of an accepted request arrives.
    RequestApproved(u32),
    /// A squad's weekly ceremony block is due.
    Ceremony(u32),
    /// A new week: discovery holders are given their sessions.
    DiscoveryWeek,
    /// The measured window ends.
    End,
}

#[derive(Debug, Clone, Copy)]
enum TaskKind {
    Triage(u32),
    Refine(u32),
    Answer(u32),
    Escalation(u32),
    Accept(u32),
    Ceremony,
    Discovery { deadline: Time },
}

/// A unit of work for a product person.
#[derive(Debug, Clone, Copy)]
struct Task {
    kind: TaskKind,
    queue: u32,
    priority: u8,
    /// Enqueue order: oldest first among equal priorities, kept across preemption.
    seq: u64,
    remaining: f64,
    started: bool,
}

impl Task {
    /// Serving order: the best priority (smallest), then the oldest.
    fn key(&self) -> (u8, u64) {
        (self.priority, self.seq)
    }
}

/// The tasks waiting in one (duty, squad) queue, kept in serving order.
///
/// A deque rather than a heap: almost every task arrives last in order (one priority
/// per duty, growing sequence numbers), so a push is an append and a pop takes the
/// front, both O(1). Only a stakeholder group's own triage priority, or a preempted
/// task going back, inserts elsewhere (found by binary search).
#[derive(Debug, Default)]
struct TaskQueue(VecDeque<Task>);

impl TaskQueue {
    fn push(&mut self, task: Task) {
        match self.0.back() {
            Some(last) if last.key() > task.key() => {
                let at = self.0.partition_point(|t| t.key() < task.key());
                self.0.insert(at, task);
            }
            _ => self.0.push_back(task),
        }
    }
    fn peek(&self) -> Option<&Task> {
        self.0.front()
    }
    fn pop(&mut self) -> Option<Task> {
        self.0.pop_front()
    }
    fn iter(&self) -> impl Iterator<Item = &Task> {
        self.0.iter()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

#[derive(Debug, Clone, Copy)]
struct Running {
    task: Task,
    start: Time,
    switch: f64,
}

#[derive(Debug)]
struct Person {
    running: Option<Running>,
    last_queue: Option<u32>,
    token: u32,
    hours: [f64; Duty::COUNT + 2],
    week_busy: Vec<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DevState {
    Starved,
    Working,
    Blocked,
}

/// A question's random content, drawn when it is raised.
#[derive(Debug, Clone, Copy, Default)]
struct Question {
    raised: Time,
    escalate: bool,
    escalation_h: f64,
    approval: bool,
    approval_h: f64,
    resume_h: f64,
    started: bool,
}

#[derive(Debug)]
struct Dev {
    squad: u32,
    rng: Stream,
    state: DevState,
    since: Time,
    item: Option<u32>,
    effort_left: f64,
    question_left: f64,
    question: Question,
    hours: [f64; 3],
}

#[derive(Debug, Clone, Copy)]
struct Request {
    group: u16,
    arrival: Time,
    value: f64,
    noise: f64,
    estimate: f64,
    approval: bool,
    approval_h: f64,
    items: u32,
    item_seed: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Item {
    group: Option<u16>,
    squad: u32,
    arrival: Time,
    created: Time,
    ready: Time,
    pulled: Time,
    effort_done: Time,
    blocked: f64,
    value: f64,
    estimate: f64,
    effort: f64,
    refine_h: f64,
    accept_h: f64,
}

/// A backlog ordered by estimated value per effort (or FIFO), oldest first on ties.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: f64,
    seq: u64,
    item: u32,
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.seq.cmp(&self.seq))
    }
}

#[derive(Debug)]
struct Squad {
    first_dev: u32,
    devs: u32,
    product: BinaryHeap<Ranked>,
    ready: BinaryHeap<Ranked>,
    refining: u32,
    target: f64,
    items_rng: Stream,
    product_count: TimeAverage,
    ready_count: TimeAverage,
}

#[derive(Debug)]
struct Group {
    arrivals: Stream,
    requests: Stream,
    interarrival: Option<Exp<f64>>,
    priority: u8,
}

/// A free-list arena: ids stay valid until released, slots are reused.
#[derive(Debug)]
struct Slab<T> {
    slots: Vec<T>,
    free: Vec<u32>,
}

impl<T> Slab<T> {
    fn new() -> Self {
        Slab {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
    fn insert(&mut self, v: T) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = v;
                i
            }
            None => {
                self.slots.push(v);
                (self.slots.len() - 1) as u32
            }
        }
    }
    fn release(&mut self, i: u32) {
        self.free.push(i);
    }
}

/// The whole state of one trial.
pub(crate) struct Trial<'a> {
    sc: &'a Scenario,
    st: &'a Structure,
    org: Org,
    sched: Scheduler<Event>,
    hpw: f64,
    warm: Time,
    end: Time,
    people: Vec<Person>,
    queues: Vec<TaskQueue>,
    /// Per person, a bit per queue it serves: set while that queue has tasks
    /// (laid out by [`Org::word_base`]), so a free person looks only where work is.
    nonempty: Vec<u64>,
    devs: Vec<Dev>,
    squads: Vec<Squad>,
    groups: Vec<Group>,
    requests: Slab<Request>,
    items: Slab<Item>,
    task_seq: u64,
    item_seq: u64,
    round_robin: u32,
    triage_waiting: TimeAverage,
    /// Discovery hours per week of the whole run, for insight.
    discovery_week: Vec<f64>,
    discovery_carry: f64,
    discovery_holders: u32,
    m: Measures,
    ledger: Ledger,
    /// Per week from time 0: done items and decision latencies, for the warm-up check.
    weekly: Vec<WeekStats>,
    /// Whether any structure of the scenario escalates, or waits for approval: draws
    /// that no structure needs are not made, in every structure alike, so the streams
    /// stay aligned across structures (common random numbers).
    draws_escalation: bool,
    draws_approval: bool,
    answer_skipped: bool,
    escalation_skipped: bool,
    refine_skipped: bool,
    accept_skipped: bool,
    resume_skipped: bool,
}

impl<'a> Trial<'a> {
    pub(crate) fn new(sc: &'a Scenario, structure: usize, trial: u32) -> Self {
        let st = &sc.structures[structure];
        let org = Org::new(st);
        let key = trial_key(sc.run.seed, &sc.name, trial);
        let hpw = sc.run.hours_per_week;
        let warm = sc.run.warmup_weeks as f64 * hpw;
        let end = warm + sc.run.weeks as f64 * hpw;
        let weeks = sc.run.weeks as usize;
        let total_weeks = (sc.run.warmup_weeks + sc.run.weeks) as usize;
        let people = org
            .people
            .iter()
            .map(|_| Person {
                running: None,
                last_queue: None,
                token: 0,
                hours: [0.0; Duty::COUNT + 2],
                week_busy: vec![0.0; weeks],
            })
            .collect();
        let queues = (0..org.queue_count())
            .map(|_| TaskQueue::default())
            .collect();
        let w = &st.work;
        let mut devs = Vec::new();
        let mut squads = Vec::new();
        for s in 0..st.team.squads {
            squads.push(Squad {
                first_dev: devs.len() as u32,
                devs: st.team.devs_per_squad,
                product: BinaryHeap::new(),
                ready: BinaryHeap::new(),
                refining: 0,
                target: w.ready_per_dev * st.team.devs_per_squad as f64,
                items_rng: stream(key, Process::SquadItems(s)),
                product_count: TimeAverage::default(),
                ready_count: TimeAverage::default(),
            });
            for d in 0..st.team.devs_per_squad {
                let mut rng = stream(key, Process::Questions { squad: s, dev: d });
                let question_left = w.question_every_hours.sample(&mut rng);
                devs.push(Dev {
                    squad: s,
                    rng,
                    state: DevState::Starved,
                    since: 0.0,
                    item: None,
                    effort_left: 0.0,
                    question_left,
                    question: Question::default(),
                    hours: [0.0; 3],
                });
            }
        }
        let stakeholders = if w.unlimited_backlog {
            &[][..]
        } else {
            &sc.stakeholders[..]
        };
        let groups = stakeholders
            .iter()
            .map(|g| Group {
                arrivals: stream(key, Process::Arrivals(&g.name)),
                requests: stream(key, Process::Requests(&g.name)),
                interarrival: (g.requests_per_week > 0.0)
                    .then(|| Exp::new(g.requests_per_week / hpw).expect("a positive rate")),
                priority: g.priority.unwrap_or(st.priorities[Duty::Triage.index()]),
            })
            .collect::<Vec<_>>();
        let discovery_holders = match &st.discovery {
            Some(d) if d.target_share > 0.0 && d.session_hours > 0.0 => {
                org.people.iter().filter(|p| p.discovers).count() as u32
            }
            _ => 0,
        };
        let mut t = Trial {
            sc,
            st,
            sched: Scheduler::with_capacity(64 + devs.len() * 2),
            hpw,
            warm,
            end,
            people,
            queues,
            nonempty: vec![0; org.words],
            devs,
            squads,
            groups,
            requests: Slab::new(),
            items: Slab::new(),
            task_seq: 0,
            item_seq: 0,
            round_robin: 0,
            triage_waiting: TimeAverage::default(),
            discovery_week: vec![0.0; total_weeks + 1],
            discovery_carry: 0.0,
            discovery_holders,
            m: Measures::new(stakeholders.len()),
            ledger: Ledger::default(),
            weekly: vec![WeekStats::default(); total_weeks],
            draws_escalation: sc
                .structures
                .iter()
                .any(|st| st.work.escalation_share > 0.0 && !st.work.escalation_hours.is_zero()),
            draws_approval: sc.structures.iter().any(|st| st.approval.share > 0.0),
            answer_skipped: w.answer_hours.is_zero(),
            escalation_skipped: w.escalation_hours.is_zero() || w.escalation_share == 0.0,
            refine_skipped: w.refine_hours.is_zero(),
            accept_skipped: w.accept_hours.is_zero(),
            resume_skipped: w.resume_hours.is_zero(),
            org,
        };
        t.start();
        t
    }

    fn start(&mut self) {
        for g in 0..self.groups.len() {
            self.schedule_arrival(g as u16);
        }
        let squads = self.st.team.squads;
        if self.st.work.ceremony_hours_per_week > 0.0 {
            for s in 0..squads {
                let offset = s as f64 * self.hpw / squads as f64;
                self.sched.schedule_at(offset, Event::Ceremony(s));
            }
        }
        if self.discovery_holders > 0 {
            self.sched.schedule_at(0.0, Event::DiscoveryWeek);
        }
        self.sched.schedule_at(self.end, Event::End);
        for d in 0..self.devs.len() as u32 {
            self.dev_pull(d);
        }
    }

    /// Runs the trial to the end of the window and measures it.
    pub(crate) fn run(mut self) -> TrialResult {
        while let Some((_, event)) = self.sched.pop() {
            self.ledger.events += 1;
            match event {
                Event::Arrival(g) => self.on_arrival(g),
                Event::TaskDone { person, token } => self.on_task_done(person, token),
                Event::Question(d) => self.on_question(d),
                Event::EffortDone(d) => self.on_effort_done(d),
                Event::QuestionApproved(d) => self.unblock(d),
                Event::RequestApproved(r) => self.create_items(r),
                Event::Ceremony(s) => self.on_ceremony(s),
                Event::DiscoveryWeek => self.on_discovery_week(),
                Event::End => break,
            }
        }
        self.finish()
    }

    fn now(&self) -> Time {
        self.sched.now()
    }

    fn in_window(&self, t: Time) -> bool {
        t >= self.warm && t <= self.end
    }

    /// The weekly-series entry of the week `t` falls in (the window's last instant
    /// belongs to the last week).
    fn week_of(&mut self, t: Time) -> &mut WeekStats {
        let last = self.weekly.len() - 1;
        &mut self.weekly[((t / self.hpw) as usize).min(last)]
    }

    // ----- stakeholders and triage -----

    fn schedule_arrival(&mut self, g: u16) {
        let group = &mut self.groups[g as usize];
        if let Some(exp) = group.interarrival {
            let dt = exp.sample(&mut group.arrivals);
            self.sched.schedule_in(dt, Event::Arrival(g));
        }
    }

    fn on_arrival(&mut self, g: u16) {
        let now = self.now();
        self.schedule_arrival(g);
        let spec = &self.sc.stakeholders[g as usize];
        let approval = &self.st.approval;
        let rng = &mut self.groups[g as usize].requests;
        // Fixed order of draws: the request's content never depends on the structure.
        let value = spec.value.sample(rng);
        let noise: f64 = StandardNormal.sample(rng);
        let triage_h = spec.triage_hours.sample(rng);
        let (approval_u, approval_h) = if self.draws_approval {
            (rng.random::<f64>(), approval.delay_hours.sample(rng))
        } else {
            (1.0, 0.0)
        };
        let items = (spec.items_per_request.sample(rng).round() as u32).max(1);
        let item_seed: u64 = rng.random();
        let r = self.requests.insert(Request {
            group: g,
            arrival: now,
            value,
            noise,
            estimate: value,
            approval: approval_u < approval.share,
            approval_h,
            items,
            item_seed,
        });
        self.ledger.requests_arrived += 1;
        if self.in_window(now) {
            self.m.requests_arrived += 1;
            self.m.groups[g as usize].arrived += 1;
        }
        if spec.triage_hours.is_zero() {
            self.ledger.requests_in_triage += 1;
            self.estimate(r);
            self.decide(r);
        } else {
            self.ledger.requests_waiting += 1;
            self.triage_waiting.add(now, 1.0, self.warm, self.end);
            let priority = self.groups[g as usize].priority;
            let queue = self.org.triage_queue();
            self.enqueue(TaskKind::Triage(r), queue, priority, triage_h);
        }
    }

    /// The team's insight now: discovery achieved over the trailing 4 weeks against
    /// the target, capped at 1; 1 without discovery.
    fn insight(&self) -> f64 {
        let Some(d) = &self.st.discovery else {
            return 1.0;
        };
        if d.target_share <= 0.0 {
            return 1.0;
        }
        if self.discovery_holders == 0 {
            return 0.0;
        }
        let now = self.now();
        let from = (now - 4.0 * self.hpw).max(0.0);
        if now <= from {
            return 0.0;
        }
        let first = (from / self.hpw) as usize;
        let last = ((now / self.hpw) as usize).min(self.discovery_week.len() - 1);
        // Whole weekly buckets; the first one may reach back a little before `from`.
        let hours: f64 = self.discovery_week[first..=last].iter().sum();
        let span = now - first as f64 * self.hpw;
        let share = hours / (self.discovery_holders as f64 * span);
        (share / d.target_share).min(1.0)
    }

    fn estimate(&mut self, r: u32) {
        let sigma = self.st.work.value_noise_sd * (1.0 - self.insight());
        let req = &mut self.requests.slots[r as usize];
        // Full insight, the common case of a team that keeps its discovery: exact.
        req.estimate = if sigma == 0.0 {
            req.value
        } else {
            req.value * (sigma * req.noise).exp()
        };
    }

    fn decide(&mut self, r: u32) {
        let now = self.now();
        let req = self.requests.slots[r as usize];
        let bar = self.sc.stakeholders[req.group as usize].accept_bar;
        let accepted = req.estimate >= bar;
        let counted = self.in_window(now);
        if accepted {
            if counted {
                self.m.requests_accepted += 1;
                self.m.groups[req.group as usize].accepted += 1;
            }
            if req.approval && self.st.approval.share > 0.0 {
                self.sched
                    .schedule_in(req.approval_h, Event::RequestApproved(r));
            } else {
                self.create_items(r);
            }
        } else {
            self.ledger.requests_rejected += 1;
            self.ledger.requests_in_triage -= 1;
            if counted {
                self.m.requests_rejected += 1;
            }
            self.requests.release(r);
        }
    }

    fn create_items(&mut self, r: u32) {
        let now = self.now();
        let req = self.requests.slots[r as usize];
        self.requests.release(r);
        // Approved only now: until then it stays in triage in the books.
        self.ledger.requests_in_triage -= 1;
        self.ledger.requests_accepted += 1;
        let spec = &self.sc.stakeholders[req.group as usize];
        let w = &self.st.work;
        let mut rng = Stream::seed_from_u64(req.item_seed);
        let n = req.items as f64;
        let squads = self.st.team.squads;
        for _ in 0..req.items {
            let effort = w.item_effort_hours.sample(&mut rng);
            let refine_h = w.refine_hours.sample(&mut rng);
            let accept_h = w.accept_hours.sample(&mut rng);
            let squad = match spec.squad {
                Some(s) => s.min(squads - 1),
                None => {
                    let s = self.round_robin % squads;
                    self.round_robin = self.round_robin.wrapping_add(1);
                    s
                }
            };
            let item = self.items.insert(Item {
                group: Some(req.group),
                squad,
                arrival: req.arrival,
                created: now,
                value: req.value / n,
                estimate: req.estimate / n,
                effort,
                refine_h,
                accept_h,
                ..Item::default()
            });
            self.ledger.items_arrived += 1;
            self.ledger.items_waiting += 1;
            let ranked = self.ranked(item);
            let sq = &mut self.squads[squad as usize];
            sq.product.push(ranked);
            sq.product_count.add(now, 1.0, self.warm, self.end);
            self.pull_refinement(squad);
        }
    }

    fn ranked(&mut self, item: u32) -> Ranked {
        let it = &self.items.slots[item as usize];
        let score = match self.st.work.backlog_order {
            BacklogOrder::Value => it.estimate / it.effort.max(1e-9),
            BacklogOrder::Fifo => 0.0,
        };
        self.item_seq += 1;
        Ranked {
            score,
            seq: self.item_seq,
            item,
        }
    }

    // ----- backlogs -----

    /// Queues refinement while the squad's ready backlog (with what is being refined)
    /// is below its target.
    fn pull_refinement(&mut self, s: u32) {
        loop {
            let sq = &self.squads[s as usize];
            if (sq.ready.len() as u32 + sq.refining) as f64 >= sq.target {
                return;
            }
            let Some(ranked) = self.squads[s as usize].product.pop() else {
                return;
            };
            if self.refine_skipped {
                self.make_ready(ranked.item);
            } else {
                self.squads[s as usize].refining += 1;
                let h = self.items.slots[ranked.item as usize].refine_h;
                let queue = self.org.squad_queue(Duty::Refine, s);
                let priority = self.st.priorities[Duty::Refine.index()];
                self.enqueue(TaskKind::Refine(ranked.item), queue, priority, h);
            }
        }
    }

    fn make_ready(&mut self, item: u32) {
        let now = self.now();
        let s = self.items.slots[item as usize].squad;
        self.items.slots[item as usize].ready = now;
        let ranked = self.ranked(item);
        let (warm, end) = (self.warm, self.end);
        let sq = &mut self.squads[s as usize];
        sq.product_count.add(now, -1.0, warm, end);
        sq.ready.push(ranked);
        sq.ready_count.add(now, 1.0, warm, end);
        let (first, n) = (sq.first_dev, sq.devs);
        for d in first..first + n {
            if self.squads[s as usize].ready.is_empty() {
                break;
            }
            if self.devs[d as usize].state == DevState::Starved {
                self.dev_pull(d);
            }
        }
        self.pull_refinement(s);
    }

    // ----- developers -----

    fn dev_set_state(&mut self, d: u32, state: DevState) {
        let now = self.now();
        let (warm, end) = (self.warm, self.end);
        let dev = &mut self.devs[d as usize];
        let col = match dev.state {
            DevState::Working => WORKING,
            DevState::Blocked => BLOCKED,
            DevState::Starved => STARVED,
        };
        dev.hours[col] += window_overlap(dev.since, now, warm, end);
        if dev.state == DevState::Blocked {
            if let Some(item) = dev.item {
                self.items.slots[item as usize].blocked += now - dev.since;
            }
        }
        dev.state = state;
        dev.since = now;
    }

    /// An idle developer takes the next ready item of its squad, or starves.
    fn dev_pull(&mut self, d: u32) {
        let now = self.now();
        let s = self.devs[d as usize].squad;
        let item = if self.st.work.unlimited_backlog {
            let w = &self.st.work;
            let rng = &mut self.squads[s as usize].items_rng;
            let effort = w.item_effort_hours.sample(rng);
            let accept_h = w.accept_hours.sample(rng);
            self.ledger.items_arrived += 1;
            self.items.insert(Item {
                group: None,
                squad: s,
                arrival: now,
                created: now,
                ready: now,
                effort,
                accept_h,
                ..Item::default()
            })
        } else {
            let (warm, end) = (self.warm, self.end);
            let sq = &mut self.squads[s as usize];
            let Some(ranked) = sq.ready.pop() else {
                if self.devs[d as usize].state != DevState::Starved {
                    self.dev_set_state(d, DevState::Starved);
                }
                return;
            };
            sq.ready_count.add(now, -1.0, warm, end);
            self.ledger.items_waiting -= 1;
            ranked.item
        };
        self.ledger.items_in_progress += 1;
        let it = &mut self.items.slots[item as usize];
        it.pulled = now;
        let effort = it.effort;
        let dev = &mut self.devs[d as usize];
        dev.item = Some(item);
        dev.effort_left = effort;
        self.continue_work(d, 0.0);
        if !self.st.work.unlimited_backlog {
            self.pull_refinement(s);
        }
    }

    /// Works on until the next question or the end of the effort, whichever is first,
    /// after `resume` hours of getting back into it (blocked time, booked at once: the
    /// developer's next event comes after it anyway, which saves an event per question).
    fn continue_work(&mut self, d: u32, resume: f64) {
        self.dev_set_state(d, DevState::Working);
        let now = self.now();
        let (warm, end) = (self.warm, self.end);
        let dev = &mut self.devs[d as usize];
        if resume > 0.0 {
            dev.hours[BLOCKED] += window_overlap(now, now + resume, warm, end);
            if let Some(item) = dev.item {
                self.items.slots[item as usize].blocked += resume;
            }
            // Working time starts after the resume; nothing else happens to a working
            // developer before its next event, which is later still.
            dev.since = now + resume;
        }
        let next = resume + dev.question_left.min(dev.effort_left);
        if dev.question_left < dev.effort_left {
            self.sched.schedule_in(next, Event::Question(d));
        } else {
            self.sched.schedule_in(next, Event::EffortDone(d));
        }
    }

    fn on_question(&mut self, d: u32) {
        let now = self.now();
        self.dev_set_state(d, DevState::Blocked);
        let w = &self.st.work;
        let approval = &self.st.approval;
        let dev = &mut self.devs[d as usize];
        dev.effort_left -= dev.question_left;
        // Fixed order of draws from the developer's own stream.
        let rng = &mut dev.rng;
        let next = w.question_every_hours.sample(rng);
        let answer_h = w.answer_hours.sample(rng);
        let (escalate_u, escalation_h) = if self.draws_escalation {
            (rng.random::<f64>(), w.escalation_hours.sample(rng))
        } else {
            (1.0, 0.0)
        };
        let (approval_u, approval_h) = if self.draws_approval {
            (rng.random::<f64>(), approval.delay_hours.sample(rng))
        } else {
            (1.0, 0.0)
        };
        let resume_h = w.resume_hours.sample(rng);
        dev.question_left = next;
        dev.question = Question {
            raised: now,
            escalate: escalate_u < w.escalation_share,
            escalation_h,
            approval: approval_u < approval.share,
            approval_h,
            resume_h,
            started: false,
        };
        let s = dev.squad;
        self.ledger.questions_raised += u64::from(self.in_window(now));
        if self.answer_skipped {
            self.after_answer(d);
        } else {
            let queue = self.org.squad_queue(Duty::Answer, s);
            let priority = self.st.priorities[Duty::Answer.index()];
            self.enqueue(TaskKind::Answer(d), queue, priority, answer_h);
        }
    }

    fn after_answer(&mut self, d: u32) {
        let q = self.devs[d as usize].question;
        if q.escalate && !self.escalation_skipped {
            let s = self.devs[d as usize].squad;
            let queue = self.org.squad_queue(Duty::Escalation, s);
            let priority = self.st.priorities[Duty::Escalation.index()];
            self.enqueue(TaskKind::Escalation(d), queue, priority, q.escalation_h);
        } else {
            self.unblock(d);
        }
    }

    fn after_escalation(&mut self, d: u32) {
        let q = self.devs[d as usize].question;
        if q.approval && self.st.approval.share > 0.0 {
            self.sched
                .schedule_in(q.approval_h, Event::QuestionApproved(d));
        } else {
            self.unblock(d);
        }
    }

    fn question_started(&mut self, d: u32) {
        let now = self.now();
        let counted = self.in_window(now);
        let q = &mut self.devs[d as usize].question;
        if !q.started {
            q.started = true;
            if counted {
                self.m.decision_wait.push(now - q.raised);
            }
        }
    }

    fn unblock(&mut self, d: u32) {
        let now = self.now();
        let q = self.devs[d as usize].question;
        if !q.started && self.in_window(now) {
            // Nobody had to take it up: no wait.
            self.m.decision_wait.push(0.0);
        }
        let week = self.week_of(now);
        week.answered += 1;
        week.latency_sum += now - q.raised;
        if self.in_window(now) {
            self.m.latency.push(now - q.raised);
        }
        let resume = if self.resume_skipped { 0.0 } else { q.resume_h };
        self.continue_work(d, resume);
    }

    fn on_effort_done(&mut self, d: u32) {
        let now = self.now();
        let dev = &mut self.devs[d as usize];
        dev.question_left -= dev.effort_left;
        dev.effort_left = 0.0;
        let item = dev.item.take().expect("a working developer has an item");
        let s = dev.squad;
        self.dev_set_state(d, DevState::Starved);
        self.items.slots[item as usize].effort_done = now;
        if self.accept_skipped {
            self.item_done(item);
        } else {
            let h = self.items.slots[item as usize].accept_h;
            let queue = self.org.squad_queue(Duty::Accept, s);
            let priority = self.st.priorities[Duty::Accept.index()];
            self.enqueue(TaskKind::Accept(item), queue, priority, h);
        }
        self.dev_pull(d);
    }

    fn item_done(&mut self, item: u32) {
        let now = self.now();
        let it = self.items.slots[item as usize];
        self.items.release(item);
        self.ledger.items_in_progress -= 1;
        self.ledger.items_done += 1;
        self.week_of(now).done += 1;
        if !self.in_window(now) {
            return;
        }
        let lead = now - it.arrival;
        let value = match self.st.work.value_half_life_weeks {
            Some(half) => it.value * 0.5f64.powf(lead / self.hpw / half),
            None => it.value,
        };
        let work = it.effort_done - it.pulled - it.blocked;
        self.m.item_done(
            it.group,
            lead,
            now - it.pulled,
            value,
            [
                it.created - it.arrival,
                it.ready - it.created,
                it.pulled - it.ready,
                work,
                it.blocked,
                now - it.effort_done,
            ],
        );
    }

    // ----- ceremonies and discovery -----

    fn on_ceremony(&mut self, s: u32) {
        let queue = self.org.squad_queue(Duty::Ceremony, s);
        let priority = self.st.priorities[Duty::Ceremony.index()];
        let h = self.st.work.ceremony_hours_per_week;
        self.enqueue(TaskKind::Ceremony, queue, priority, h);
        self.sched.schedule_in(self.hpw, Event::Ceremony(s));
    }

    fn on_discovery_week(&mut self) {
        let d = self
            .st
            .discovery
            .as_ref()
            .expect("discovery weeks only with discovery");
        let now = self.now();
        let sessions = self.discovery_carry + d.target_share * self.hpw / d.session_hours;
        let n = sessions.floor();
        self.discovery_carry = sessions - n;
        let deadline = now + d.drop_after_weeks * self.hpw;
        let priority = self.st.priorities[Duty::Discovery.index()];
        let hours = d.session_hours;
        for p in 0..self.people.len() {
            if let Some(queue) = self.org.discovery_queue[p] {
                for _ in 0..n as u32 {
                    self.enqueue(TaskKind::Discovery { deadline }, queue, priority, hours);
                }
            }
        }
        self.sched.schedule_in(self.hpw, Event::DiscoveryWeek);
    }

    // ----- product people and their queues -----

    fn enqueue(&mut self, kind: TaskKind, queue: u32, priority: u8, hours: f64) {
        self.task_seq += 1;
        let task = Task {
            kind,
            queue,
            priority,
            seq: self.task_seq,
            remaining: hours.max(0.0),
            started: false,
        };
        self.push_task(task);
        let eligible = &self.org.eligible[queue as usize];
        if let Some(&p) = eligible
            .iter()
            .find(|&&p| self.people[p as usize].running.is_none())
        {
            self.dispatch(p);
            return;
        }
        if self.st.preempt {
            // The eligible person busy with the worst-priority task, first listed on ties.
            let mut victim: Option<(u32, u8)> = None;
            for &p in eligible {
                if let Some(run) = &self.people[p as usize].running {
                    let worse = run.task.priority > priority;
                    if worse && victim.is_none_or(|(_, vp)| run.task.priority > vp) {
                        victim = Some((p, run.task.priority));
                    }
                }
            }
            if let Some((p, _)) = victim {
                self.preempt(p);
                self.dispatch(p);
            }
        }
    }

    /// Queues a task, and marks its queue non-empty for the people who serve it.
    fn push_task(&mut self, task: Task) {
        let q = task.queue;
        self.queues[q as usize].push(task);
        if self.queues[q as usize].len() == 1 {
            self.mark_queue(q, true);
        }
    }

    /// Takes the head of a queue, and marks it empty when it is.
    fn pop_task(&mut self, q: u32) -> Option<Task> {
        let task = self.queues[q as usize].pop();
        if task.is_some() && self.queues[q as usize].len() == 0 {
            self.mark_queue(q, false);
        }
        task
    }

    /// Sets or clears a queue's bit in the non-empty sets of the people who serve it.
    fn mark_queue(&mut self, q: u32, nonempty: bool) {
        let org = &self.org;
        for (&p, &i) in org.eligible[q as usize]
            .iter()
            .zip(&org.position[q as usize])
        {
            let word = &mut self.nonempty[org.word_base[p as usize] as usize + i as usize / 64];
            let bit = 1u64 << (i % 64);
            if nonempty {
                *word |= bit;
            } else {
                *word &= !bit;
            }
        }
    }

    /// A free person takes the best task among its queues: best priority, oldest first.
    fn dispatch(&mut self, p: u32) {
        if self.people[p as usize].running.is_some() {
            return;
        }
        let now = self.now();
        // Only the non-empty queues are looked at, and only their heads' keys compared.
        let mut best: Option<(u8, u64, u32)> = None;
        let base = self.org.word_base[p as usize] as usize;
        let words = self.org.people[p as usize].queues.len().div_ceil(64);
        for w in 0..words {
            let mut bits = self.nonempty[base + w];
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let q = self.org.people[p as usize].queues[i];
                if self.org.duty[q as usize] == Duty::Discovery {
                    self.drop_expired_sessions(q, now);
                }
                if let Some(top) = self.queues[q as usize].peek() {
                    if best.is_none_or(|(bp, bs, _)| (top.priority, top.seq) < (bp, bs)) {
                        best = Some((top.priority, top.seq, q));
                    }
                }
            }
        }
        let Some((_, _, q)) = best else { return };
        let mut task = self.pop_task(q).expect("a non-empty queue");
        let person = &mut self.people[p as usize];
        let switch = match person.last_queue {
            Some(last) if last != q => self.st.switch_hours,
            _ => 0.0,
        };
        person.last_queue = Some(q);
        person.token = person.token.wrapping_add(1);
        let token = person.token;
        let first_start = !task.started;
        task.started = true;
        person.running = Some(Running {
            task,
            start: now,
            switch,
        });
        self.sched.schedule_in(
            switch + task.remaining,
            Event::TaskDone { person: p, token },
        );
        if first_start {
            match task.kind {
                TaskKind::Triage(r) => {
                    self.ledger.requests_waiting -= 1;
                    self.ledger.requests_in_triage += 1;
                    self.triage_waiting.add(now, -1.0, self.warm, self.end);
                    let req = self.requests.slots[r as usize];
                    if self.in_window(now) {
                        self.m.triage_wait(req.group, now - req.arrival);
                    }
                    self.estimate(r);
                }
                TaskKind::Answer(d) | TaskKind::Escalation(d) => self.question_started(d),
                _ => {}
            }
        }
    }

    /// Sessions past their deadline are dropped, not served, and counted as postponed
    /// when the deadline falls in the window. A holder's sessions are FIFO with
    /// growing deadlines, so the expired ones are at the head.
    fn drop_expired_sessions(&mut self, q: u32, now: Time) {
        while let Some(Task {
            kind: TaskKind::Discovery { deadline },
            started,
            ..
        }) = self.queues[q as usize].peek()
        {
            let deadline = *deadline;
            // A session interrupted by preemption was started: it is finished, not
            // dropped.
            if deadline >= now || *started {
                break;
            }
            self.pop_task(q);
            if deadline >= self.warm && deadline <= self.end {
                self.m.discovery_postponed += 1;
            }
        }
    }

    /// Books a task segment's hours: the switch first, then the duty.
    fn book(&mut self, p: u32, run: &Running, until: Time) -> f64 {
        let elapsed = until - run.start;
        let switch = elapsed.min(run.switch);
        let duty = self.org.duty[run.task.queue as usize];
        if switch > 0.0 {
            self.book_span(p, SWITCHING, run.start, run.start + switch);
        }
        self.book_span(p, duty.index(), run.start + switch, until);
        if duty == Duty::Discovery {
            self.book_discovery(run.start + switch, until);
        }
        elapsed - switch
    }

    fn book_span(&mut self, p: u32, activity: usize, from: Time, to: Time) {
        let (warm, end) = (self.warm, self.end);
        let person = &mut self.people[p as usize];
        person.hours[activity] += window_overlap(from, to, warm, end);
        add_by_week(
            &mut person.week_busy,
            warm,
            self.hpw,
            from.max(warm),
            to.min(end),
        );
    }

    fn book_discovery(&mut self, from: Time, to: Time) {
        add_by_week(&mut self.discovery_week, 0.0, self.hpw, from, to);
        self.m.discovery_hours += window_overlap(from, to, self.warm, self.end);
    }

    fn preempt(&mut self, p: u32) {
        let now = self.now();
        let run = self.people[p as usize]
            .running
            .take()
            .expect("preempting a busy person");
        let worked = self.book(p, &run, now);
        let mut task = run.task;
        task.remaining = (task.remaining - worked).max(0.0);
        let person = &mut self.people[p as usize];
        person.token = person.token.wrapping_add(1);
        self.push_task(task);
    }

    fn on_task_done(&mut self, p: u32, token: u32) {
        if self.people[p as usize].token != token {
            return;
        }
        let now = self.now();
        let run = self.people[p as usize]
            .running
            .take()
            .expect("a finishing person is busy");
        self.book(p, &run, now);
        match run.task.kind {
            TaskKind::Triage(r) => self.decide(r),
            TaskKind::Refine(item) => {
                let s = self.items.slots[item as usize].squad;
                self.squads[s as usize].refining -= 1;
                self.make_ready(item);
            }
            TaskKind::Answer(d) => self.after_answer(d),
            TaskKind::Escalation(d) => self.after_escalation(d),
            TaskKind::Accept(item) => self.item_done(item),
            TaskKind::Ceremony | TaskKind::Discovery { .. } => {}
        }
        self.dispatch(p);
    }

    // ----- the end -----

    fn finish(mut self) -> TrialResult {
        let end = self.end;
        // Close the books of running tasks and developer states at the window's end.
        for p in 0..self.people.len() as u32 {
            if let Some(run) = self.people[p as usize].running {
                self.book(p, &run, end);
            }
        }
        for d in 0..self.devs.len() as u32 {
            let state = self.devs[d as usize].state;
            self.dev_set_state(d, state);
            let dev = &self.devs[d as usize];
            if dev.state == DevState::Blocked {
                // A question still open counts with the wait it has had so far.
                let q = dev.question;
                if !q.started {
                    self.m.decision_wait.push(end - q.raised);
                }
                self.m.latency.push(end - q.raised);
            }
        }
        for q in 0..self.queues.len() {
            for task in self.queues[q].iter() {
                match task.kind {
                    TaskKind::Triage(r) if !task.started => {
                        let req = self.requests.slots[r as usize];
                        self.m.triage_wait(req.group, end - req.arrival);
                    }
                    TaskKind::Discovery { deadline }
                        if !task.started && deadline >= self.warm && deadline < end =>
                    {
                        self.m.discovery_postponed += 1;
                    }
                    _ => {}
                }
            }
        }
        self.metrics()
    }

    fn metrics(mut self) -> TrialResult {
        let (warm, end) = (self.warm, self.end);
        let window = end - warm;
        let weeks = self.sc.run.weeks as f64;
        let mut out = TrialMetrics::default();
        self.m.fill(&mut out, weeks);
        if self.st.work.unlimited_backlog {
            // Items that nobody asked for carry no value: an empty cell, not a zero.
            out.set(Metric::ValuePerWeek, f64::NAN);
        }

        let devs = self.devs.len() as f64;
        let dev_total =
            |col: usize| self.devs.iter().map(|d| d.hours[col]).sum::<f64>() / (devs * window);
        out.set(Metric::DevWorkingShare, dev_total(WORKING));
        out.set(Metric::DevBlockedShare, dev_total(BLOCKED));
        out.set(Metric::DevStarvedShare, dev_total(STARVED));

        let mut product = 0.0;
        let mut ready = 0.0;
        for sq in &mut self.squads {
            product += sq.product_count.finish(end, warm, end);
            ready += sq.ready_count.finish(end, warm, end);
        }
        // Items being refined are still in the product backlog.
        out.set(Metric::ProductBacklogMean, product / window);
        out.set(Metric::ReadyBacklogMean, ready / window);
        self.ledger.triage_queue_mean = self.triage_waiting.finish(end, warm, end) / window;

        if self.discovery_holders > 0 {
            out.set(
                Metric::DiscoveryShare,
                self.m.discovery_hours / (self.discovery_holders as f64 * window),
            );
        }
        out.set(
            Metric::DiscoveryPostponed,
            self.m.discovery_postponed as f64,
        );

        let mut people_rows = Vec::new();
        let mut util_max: f64 = 0.0;
        let mut backlog_max: f64 = 0.0;
        let mut overloaded = 0usize;
        let mut person_weeks = 0usize;
        for (p, person) in self.people.iter_mut().enumerate() {
            let busy: f64 = person.hours[..IDLE].iter().sum();
            person.hours[IDLE] = (window - busy).max(0.0);
            util_max = util_max.max(busy / window);
            let backlog_work = [Duty::Refine, Duty::Accept, Duty::Ceremony]
                .iter()
                .map(|d| person.hours[d.index()])
                .sum::<f64>();
            backlog_max = backlog_max.max(backlog_work / window);
            overloaded += person
                .week_busy
                .iter()
                .filter(|&&h| h > 0.9 * self.hpw)
                .count();
            person_weeks += person.week_busy.len();
            let spec = &self.org.people[p];
            let duties = self.st.people[spec.group].duties;
            let mut row = |activity: &'static str, hours: f64| {
                people_rows.push(PersonActivity {
                    person: spec.label.clone(),
                    role: spec.role.clone(),
                    activity,
                    hours,
                    share: hours / window,
                });
            };
            for d in duties.iter() {
                row(d.name(), person.hours[d.index()]);
            }
            row("switching", person.hours[SWITCHING]);
            row("idle", person.hours[IDLE]);
            self.ledger.person_hours.push(person.hours);
        }
        if !self.people.is_empty() {
            out.set(Metric::ProductUtilMax, util_max);
            out.set(Metric::BacklogWorkShareMax, backlog_max);
            out.set(
                Metric::OverloadWeekShare,
                overloaded as f64 / person_weeks.max(1) as f64,
            );
        }

        let costed = self.st.dev_yearly_cost.is_some();
        let done = out.get(Metric::ThroughputPerWeek) * weeks;
        if costed && done > 0.0 {
            let yearly = self.st.dev_yearly_cost.unwrap_or(0.0) * devs
                + self.org.people.iter().map(|p| p.yearly_cost).sum::<f64>();
            out.set(Metric::CostPerItem, yearly * weeks / 52.0 / done);
        }

        self.ledger.window_hours = window;
        self.ledger.dev_hours = self.devs.iter().map(|d| d.hours).collect();
        let groups = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, _)| {
                self.m
                    .group_outcome(g, &self.sc.stakeholders[g].name, weeks)
            })
            .collect::<Vec<GroupOutcome>>();
        TrialResult {
            metrics: out,
            people: people_rows,
            groups,
            ledger: self.ledger,
            weekly: self.weekly,
        }
    }
}
