//! Requests and triage: stakeholder groups send requests, someone with the triage duty
//! estimates each one's value (as well as the team's insight allows) and accepts or
//! rejects it, and an accepted request, once signed off if it must be, becomes backlog
//! items assigned to squads.

use super::backlogs::Item;
use super::dispatch::TaskKind;
use super::{Checks, Event, Trial};
use crate::kernel::Time;
use crate::model::collections::{GroupId, Id, PersonId, RequestId, SquadId};
use crate::model::streams::{part_stream, Stream};
use rand::Rng;
use rand_distr::{Distribution, Exp, Exp1, StandardNormal};

/// A stakeholder group's random processes and its triage priority.
#[derive(Debug)]
pub(super) struct Group {
    /// Stream of the times between requests.
    pub arrivals: Stream,
    /// Stream of what each request carries.
    pub requests: Stream,
    /// Stream of each request's sign-off draws, when some structure has `approval`.
    pub approvals: Option<Stream>,
    /// Time between requests; `None` for a group that sends none.
    pub interarrival: Option<Exp<f64>>,
    /// Priority of the group's triage tasks.
    pub priority: u8,
}

/// A stakeholder request, from its arrival until its items exist (or it is rejected).
#[derive(Debug, Clone, Copy)]
pub(super) struct Request {
    /// The group that sent it.
    pub group: GroupId,
    /// When it arrived.
    pub arrival: Time,
    /// True value.
    value: f64,
    /// Standard normal draw behind the estimate's error.
    noise: f64,
    /// Value as estimated in triage.
    estimate: f64,
    /// Whether the request, once accepted, waits for outside sign-off.
    approval: bool,
    /// Hours of that wait.
    approval_h: f64,
    /// Backlog items it becomes.
    items: u32,
    /// Seed of the items' stream: their efforts, refine and accept hours.
    item_seed: u64,
}

impl<M: Checks> Trial<'_, M> {
    pub(super) fn schedule_arrival(&mut self, group: GroupId) {
        let now = self.now();
        let sender = &mut self.groups[group];
        if let Some(exp) = sender.interarrival {
            let dt = exp.sample(&mut sender.arrivals);
            self.scheduler.schedule_in(dt, Event::Arrival(group));
        } else if let Some(schedule) = &self.scenario.stakeholders[group.index()].schedule {
            // A rate that changes by week: the next arrival is where the rate's
            // integral reaches a unit exponential draw (docs/model.md §17.6).
            let expected: f64 = Exp1.sample(&mut sender.arrivals);
            let (origin, week) = (self.window.start, self.hours_per_week);
            if let Some(at) = schedule.arrival_after(now, expected, origin, week) {
                self.scheduler.schedule_at(at, Event::Arrival(group));
            }
        }
    }

    pub(super) fn on_arrival(&mut self, group: GroupId) {
        let now = self.now();
        self.schedule_arrival(group);
        let sender = &self.scenario.stakeholders[group.index()];
        let approval = &self.structure.approval;
        let sent = &mut self.groups[group];
        // Sign-off from its own stream: its delay's distribution is the structure's.
        let (approval_u, approval_h) = match &mut sent.approvals {
            Some(rng) => (rng.random::<f64>(), approval.delay_hours.sample(rng)),
            None => (1.0, 0.0),
        };
        let rng = &mut sent.requests;
        // Fixed order of draws: the request's content never depends on the structure.
        let value = sender.value.sample(rng);
        let noise: f64 = StandardNormal.sample(rng);
        let triage_h = sender.triage_hours.sample(rng);
        let items = (sender.items_per_request.sample(rng).round() as u32).max(1);
        let item_seed: u64 = rng.random();
        let request = self.requests.insert(Request {
            group,
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
        self.measures.open.triage.add(now, 1.0, self.window);
        if self.window.contains(now) {
            self.measures.requests_arrived += 1;
            self.measures.groups[group].arrived += 1;
        }
        if sender.triage_hours.is_zero() {
            self.ledger.requests_in_triage += 1;
            self.estimate(request, None);
            self.decide(request);
        } else {
            self.ledger.requests_waiting += 1;
            self.triage_waiting.add(now, 1.0, self.window);
            let priority = self.groups[group].priority;
            let queue = self.org.triage_queue();
            self.enqueue(TaskKind::Triage(request), queue, priority, triage_h);
        }
    }

    /// Triage starts: the request leaves the waiting line and is estimated now, with
    /// the insight `triager` has at this moment.
    pub(super) fn triage_started(&mut self, request: RequestId, triager: PersonId) {
        let now = self.now();
        self.ledger.requests_waiting -= 1;
        self.ledger.requests_in_triage += 1;
        self.triage_waiting.add(now, -1.0, self.window);
        let Request { group, arrival, .. } = self.requests[request];
        if self.window.contains(now) {
            self.measures.triage_wait(group, now - arrival);
        }
        self.estimate(request, Some(triager));
    }

    /// Fixes the request's estimate with the triager's insight (the team's, when the
    /// triage takes no time and nobody does it).
    fn estimate(&mut self, request: RequestId, triager: Option<PersonId>) {
        let sigma = self.structure.work.value_noise_sd * (1.0 - self.triage_insight(triager));
        let request = &mut self.requests[request];
        // Full insight, the common case of a team that keeps its discovery: exact.
        request.estimate = if sigma == 0.0 {
            request.value
        } else {
            request.value * (sigma * request.noise).exp()
        };
    }

    /// Triage ends: the request is accepted if its estimate clears its group's bar.
    pub(super) fn decide(&mut self, request: RequestId) {
        let now = self.now();
        let Request {
            group,
            estimate,
            approval,
            approval_h,
            ..
        } = self.requests[request];
        let bar = self.scenario.stakeholders[group.index()].accept_bar;
        let accepted = estimate >= bar;
        self.measures.open.triage.add(now, -1.0, self.window);
        let counted = self.window.contains(now);
        if accepted {
            if counted {
                self.measures.requests_accepted += 1;
                self.measures.groups[group].accepted += 1;
            }
            if approval && self.structure.approval.share > 0.0 {
                self.scheduler
                    .schedule_in(approval_h, Event::RequestApproved(request));
            } else {
                self.create_items(request);
            }
        } else {
            self.ledger.requests_rejected += 1;
            self.ledger.requests_in_triage -= 1;
            if counted {
                self.measures.requests_rejected += 1;
            }
            self.requests.release(request);
        }
    }

    /// An accepted (and signed-off) request becomes items in its squads' product
    /// backlogs, its value and estimate split evenly over them.
    pub(super) fn create_items(&mut self, request: RequestId) {
        let now = self.now();
        let accepted = self.requests[request];
        self.requests.release(request);
        // Approved only now: until then it stays in triage in the books.
        self.ledger.requests_in_triage -= 1;
        self.ledger.requests_accepted += 1;
        let home_squad = self.scenario.stakeholders[accepted.group.index()].squad;
        let work = &self.structure.work;
        // Efforts, refinement and acceptance hours each from a stream of their own:
        // how many draws one takes depends on the structure's distribution of it.
        let [mut efforts, mut refines, mut accepts] =
            [0, 1, 2].map(|part| part_stream(accepted.item_seed, part));
        let n = accepted.items as f64;
        let squads = self.structure.team.squads;
        for _ in 0..accepted.items {
            let effort = work.item_effort_hours.sample(&mut efforts);
            let refine_h = work.refine_hours.sample(&mut refines);
            let accept_h = work.accept_hours.sample(&mut accepts);
            let squad = match home_squad {
                Some(s) => s.min(squads - 1),
                None => {
                    let s = self.round_robin % squads;
                    self.round_robin = self.round_robin.wrapping_add(1);
                    s
                }
            };
            let item = self.items.insert(Item {
                group: Some(accepted.group),
                value: accepted.value / n,
                estimate: accepted.estimate / n,
                effort,
                refine_h,
                accept_h,
                ..Item::new(SquadId::from_index(squad as usize), accepted.arrival, now)
            });
            self.ledger.items_arrived += 1;
            self.ledger.items_waiting += 1;
            self.add_to_product_backlog(item);
        }
    }
}
