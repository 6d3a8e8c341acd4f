//! The end of a trial: the books are closed at the end of the window (tasks in hand,
//! developers' states, questions still open, requests and sessions still waiting),
//! then the metrics are computed, and the rows per product person and per stakeholder
//! group are built apart from them.

use super::dispatch::{TaskKind, IDLE, SWITCHING};
use super::{DevState, Trial};
use crate::model::collections::Id;
use crate::model::{GroupOutcome, Metric, PersonActivity, TrialMetrics, TrialResult};
use crate::scenario::Duty;

/// The duties whose hours count as backlog work (`backlog_work_share_max`).
const BACKLOG_DUTIES: [Duty; 3] = [Duty::Refine, Duty::Accept, Duty::Ceremony];

impl Trial<'_> {
    /// Closes the books and measures the trial.
    pub(super) fn finish(mut self) -> TrialResult {
        self.close_books();
        let metrics = self.metrics();
        let people = self.people_rows();
        let groups = self.group_rows();
        let window = self.window;
        self.ledger.window_hours = window.hours();
        self.ledger.triage_queue_mean = self.triage_waiting.finish(window) / window.hours();
        self.ledger.dev_hours = self.devs.iter().map(|dev| dev.hours).collect();
        self.ledger.person_hours = self.desks.iter().map(|desk| desk.hours).collect();
        TrialResult {
            metrics,
            people,
            groups,
            ledger: self.ledger,
            weekly: self.weekly,
        }
    }

    /// Books everything still under way at the end of the window as if it ended there.
    fn close_books(&mut self) {
        let end = self.window.end;
        self.close_desks();
        self.close_rework();
        self.close_shelves();
        let switching = self.switches_while_blocked();
        for dev in self.devs.ids() {
            let state = self.devs[dev].state;
            self.dev_set_state(dev, state);
            let developer = &self.devs[dev];
            // A developer who switches keeps its open questions on its shelf.
            if developer.state == DevState::Blocked && !switching {
                // A question still open counts with the wait it has had so far.
                let question = developer.question;
                if !question.started {
                    self.measures.decision_wait.push(end - question.raised);
                }
                self.measures.latency.push(end - question.raised);
            }
        }
        for queue in self.queues.iter() {
            for task in queue.iter() {
                match task.kind {
                    TaskKind::Triage(request) if !task.started => {
                        let waiting = &self.requests[request];
                        self.measures
                            .triage_wait(waiting.group, end - waiting.arrival);
                    }
                    TaskKind::Discovery { deadline }
                        if !task.started && deadline >= self.window.start && deadline < end =>
                    {
                        self.measures.discovery_postponed += 1;
                    }
                    _ => {}
                }
            }
        }
        let window = self.window.hours();
        for desk in self.desks.iter_mut() {
            let busy: f64 = desk.hours[..IDLE].iter().sum();
            desk.hours[IDLE] = (window - busy).max(0.0);
        }
    }

    /// The trial's metrics, from the books closed at the end of the window.
    fn metrics(&mut self) -> TrialMetrics {
        let window = self.window.hours();
        let weeks = self.scenario.run.weeks as f64;
        let mut out = TrialMetrics::default();
        self.measures.fill(&mut out, weeks);
        if self.structure.work.unlimited_backlog {
            // Items that nobody asked for carry no value: an empty cell, not a zero.
            out.set(Metric::ValuePerWeek, f64::NAN);
        }

        self.decision_metrics(&mut out);
        let devs = self.devs.len() as f64;
        let dev_share = |state: DevState| {
            let hours: f64 = self.devs.iter().map(|dev| dev.hours[state.column()]).sum();
            hours / (devs * window)
        };
        out.set(Metric::DevWorkingShare, dev_share(DevState::Working));
        out.set(Metric::DevBlockedShare, dev_share(DevState::Blocked));
        out.set(Metric::DevStarvedShare, dev_share(DevState::Starved));

        let mut product = 0.0;
        let mut ready = 0.0;
        for backlogs in self.squads.iter_mut() {
            product += backlogs.product_count.finish(self.window);
            ready += backlogs.ready_count.finish(self.window);
        }
        // Items being refined are still in the product backlog.
        out.set(Metric::ProductBacklogMean, product / window);
        out.set(Metric::ReadyBacklogMean, ready / window);

        if self.discovery_holders > 0 {
            out.set(
                Metric::DiscoveryShare,
                self.measures.discovery_hours / (self.discovery_holders as f64 * window),
            );
        }
        out.set(
            Metric::DiscoveryPostponed,
            self.measures.discovery_postponed as f64,
        );

        if !self.desks.is_empty() {
            let mut util_max: f64 = 0.0;
            let mut backlog_max: f64 = 0.0;
            let mut overloaded = 0usize;
            let mut person_weeks = 0usize;
            for desk in self.desks.iter() {
                let busy: f64 = desk.hours[..IDLE].iter().sum();
                util_max = util_max.max(busy / window);
                let backlog_work: f64 = BACKLOG_DUTIES.iter().map(|d| desk.hours[d.index()]).sum();
                backlog_max = backlog_max.max(backlog_work / window);
                overloaded += desk
                    .week_busy
                    .iter()
                    .filter(|&&hours| hours > 0.9 * self.hours_per_week)
                    .count();
                person_weeks += desk.week_busy.len();
            }
            out.set(Metric::ProductUtilMax, util_max);
            out.set(Metric::BacklogWorkShareMax, backlog_max);
            out.set(
                Metric::OverloadWeekShare,
                overloaded as f64 / person_weeks.max(1) as f64,
            );
        }

        let done = out.get(Metric::ThroughputPerWeek) * weeks;
        if let Some(dev_cost) = self.structure.dev_yearly_cost {
            if done > 0.0 {
                let yearly = dev_cost * devs
                    + self
                        .org
                        .people
                        .iter()
                        .map(|person| person.yearly_cost)
                        .sum::<f64>();
                out.set(Metric::CostPerItem, yearly * weeks / 52.0 / done);
            }
        }
        out
    }

    /// Per product person, its hours on each duty it holds, switching and idle
    /// (`people.csv`).
    fn people_rows(&self) -> Vec<PersonActivity> {
        let window = self.window.hours();
        let mut rows = Vec::new();
        for (person, desk) in self.org.people.iter().zip(self.desks.iter()) {
            let duties = self.structure.people[person.entry].duties;
            let activities = duties
                .iter()
                .map(|duty| (duty.name(), desk.hours[duty.index()]))
                .chain([
                    ("switching", desk.hours[SWITCHING]),
                    ("idle", desk.hours[IDLE]),
                ]);
            for (activity, hours) in activities {
                rows.push(PersonActivity {
                    person: person.label.clone(),
                    role: person.role.clone(),
                    activity,
                    hours,
                    share: hours / window,
                });
            }
        }
        rows
    }

    /// Per stakeholder group, its outcome (`groups.csv`).
    fn group_rows(&self) -> Vec<GroupOutcome> {
        let weeks = self.scenario.run.weeks as f64;
        self.groups
            .ids()
            .map(|group| {
                let name = &self.scenario.stakeholders[group.index()].name;
                self.measures.group_outcome(group, name, weeks)
            })
            .collect()
    }
}
