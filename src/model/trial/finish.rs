//! The end of a trial: the books are closed at the end of the window (tasks in hand,
//! developers' states, questions still open, requests and sessions still waiting),
//! then the metrics are computed, and the rows per product person and per stakeholder
//! group are built apart from them.

use super::dispatch::{TaskKind, AWAY, IDLE, OTHER, SWITCHING};
use super::{Checks, DevState, Trial};
use crate::model::collections::Id;
use crate::model::{
    Activity, GroupOutcome, Metric, PersonActivity, TrialMetrics, TrialResult, Unit,
};
use crate::numeric::approx_cmp;
use crate::scenario::Duty;
use std::cmp::Ordering::Greater;

/// The duties whose hours count as backlog work (`backlog_work_share_max`, of the
/// people who hold discovery).
const BACKLOG_DUTIES: [Duty; 3] = [Duty::Refine, Duty::Accept, Duty::Ceremony];

impl<M: Checks> Trial<'_, M> {
    /// Closes the books and measures the trial.
    pub(super) fn finish(mut self) -> TrialResult {
        self.close_presence();
        self.close_books();
        let metrics = self.metrics();
        let people = self.people_rows();
        let groups = self.group_rows();
        let window = self.window;
        self.ledger.window_hours = window.hours();
        self.ledger.triage_queue_mean = self.triage_waiting.finish(window) / window.hours();
        self.ledger.dev_hours = self.devs.iter().map(|dev| dev.hours).collect();
        self.ledger.dev_away_hours = self.dev_away_hours();
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
            // Idle is time at work with nothing to do (docs/model.md §17.1).
            desk.hours[IDLE] = (window - busy - desk.hours[AWAY]).max(0.0);
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
        self.developer_metrics(&mut out);
        self.decision_metrics(&mut out);

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
                self.measures.discovery_hours / self.holders_available_in_window(),
            );
        }
        out.set(
            Metric::DiscoveryPostponed,
            self.measures.discovery_postponed as f64,
        );
        self.product_people_metrics(&mut out);
        self.cost_metrics(&mut out);
        self.growth_metrics(&mut out);

        // A share is a part of a whole: rounding in the sums of hours must not carry it
        // past either end (docs/model.md §12).
        for m in Metric::ALL {
            if m.unit() == Unit::Share {
                let v = out.get(m);
                if !v.is_nan() {
                    out.set(m, v.clamp(0.0, 1.0));
                }
            }
        }
        out
    }

    /// The developers' shares of their time present working, blocked and starved, and
    /// blocked per hour of work they had.
    fn developer_metrics(&self, out: &mut TrialMetrics) {
        // Shares of the developers' time present (docs/model.md §17.3).
        let present = self.dev_hours_present();
        let hours = |state: DevState| -> f64 {
            self.devs.iter().map(|dev| dev.hours[state.column()]).sum()
        };
        let (working, blocked, starved) = (
            hours(DevState::Working),
            hours(DevState::Blocked),
            hours(DevState::Starved),
        );
        out.set(Metric::DevWorkingShare, working / present);
        out.set(Metric::DevBlockedShare, blocked / present);
        out.set(Metric::DevStarvedShare, starved / present);
        let active = working + blocked;
        if active > 0.0 {
            out.set(Metric::DevBlockedPerActive, blocked / active);
        }
    }

    /// The product people's load, as shares of each one's time at work: the busiest
    /// one, the busiest of those serving two or more squads, the backlog work of
    /// discovery holders, and weeks of overload. Empty for a structure without product
    /// people.
    fn product_people_metrics(&self, out: &mut TrialMetrics) {
        if self.desks.is_empty() {
            return;
        }
        let mut util_max: f64 = 0.0;
        let mut shared_max: Option<f64> = None;
        let mut backlog_max: Option<f64> = None;
        let mut overload_max: f64 = 0.0;
        let mut overloaded = 0usize;
        let mut person_weeks = 0usize;
        for ((id, person), desk) in self
            .desks
            .ids()
            .zip(self.org.people.iter())
            .zip(self.desks.iter())
        {
            // Shares of the person's time at work (docs/model.md §17.1).
            let available = self.available_hours(id);
            let util = desk.hours[..IDLE].iter().sum::<f64>() / available;
            util_max = util_max.max(util);
            if person.shared {
                shared_max = Some(shared_max.map_or(util, |max| max.max(util)));
            }
            if person.discovers {
                let hours: f64 = BACKLOG_DUTIES.iter().map(|d| desk.hours[d.index()]).sum();
                let share = hours / available;
                backlog_max = Some(backlog_max.map_or(share, |max| max.max(share)));
            }
            // A week counts for overload only if the person was at work in it, and
            // against the hours it was there.
            let mut weeks_over = 0usize;
            let mut weeks_at_work = 0usize;
            for (week, &hours) in desk.week_busy.hours().iter().enumerate() {
                let at_work = self.available_in_week(id, week);
                // Above 90% as a number, not by rounding: 36 hours of a 40-hour week is
                // not over (docs/model.md §13).
                weeks_over += usize::from(approx_cmp(hours, 0.9 * at_work) == Some(Greater));
                weeks_at_work += usize::from(at_work > 0.0);
            }
            overloaded += weeks_over;
            person_weeks += weeks_at_work;
            overload_max = overload_max.max(weeks_over as f64 / weeks_at_work.max(1) as f64);
        }
        out.set(Metric::ProductUtilMax, util_max);
        out.set(Metric::SharedUtilMax, shared_max.unwrap_or(f64::NAN));
        out.set(Metric::BacklogWorkShareMax, backlog_max.unwrap_or(f64::NAN));
        out.set(
            Metric::OverloadWeekShare,
            overloaded as f64 / person_weeks.max(1) as f64,
        );
        out.set(Metric::OverloadWeekShareMax, overload_max);
    }

    /// What the structure's people cost per item done (the yearly cost of everyone,
    /// [`crate::scenario::Structure::people_cost_per_year`], less the cost of the time
    /// people were not yet or no longer on the team: docs/model.md §17.4), and the value
    /// delivered net of the people's cost per week (everyone counted whole, the cost the
    /// frontier draws value against).
    fn cost_metrics(&self, out: &mut TrialMetrics) {
        let Some(everyone) = self.structure.people_cost_per_year() else {
            return;
        };
        let weeks = self.scenario.run.weeks as f64;
        let done = out.get(Metric::ThroughputPerWeek) * weeks;
        if done > 0.0 {
            let on_team = everyone - self.cost_off_team();
            out.set(Metric::CostPerItem, on_team * weeks / 52.0 / done);
        }
        if let Some(per_unit) = self.structure.value_per_unit {
            // Empty where value is: under `unlimited_backlog`.
            let value = out.get(Metric::ValuePerWeek);
            out.set(Metric::NetValuePerWeek, value * per_unit - everyone / 52.0);
        }
    }

    /// How much each open queue grew through the window, and the largest growth.
    /// Under `unlimited_backlog` there are no requests and no product backlog.
    fn growth_metrics(&mut self, out: &mut TrialMetrics) {
        let window = self.window;
        let open = &mut self.measures.open;
        let closed_loop = self.structure.work.unlimited_backlog;
        let growths = [
            (Metric::TriageQueueGrowth, &mut open.triage, !closed_loop),
            (Metric::BacklogGrowth, &mut open.backlog, !closed_loop),
            (Metric::AcceptQueueGrowth, &mut open.accept, true),
            (Metric::QuestionQueueGrowth, &mut open.questions, true),
        ];
        let mut max: Option<f64> = None;
        for (metric, queue, exists) in growths {
            if exists {
                let growth = queue.growth(window);
                out.set(metric, growth);
                max = Some(max.map_or(growth, |m| m.max(growth)));
            }
        }
        out.set(Metric::QueueGrowthMax, max.unwrap_or(f64::NAN));
    }

    /// Per product person, its hours on each duty it holds, other work (if it has
    /// some), switching, idle and away (if it is not always at work) (`people.csv`).
    /// Shares are of the person's time at work, as utilisation is (docs/model.md
    /// §17.1); away's is of the window.
    fn people_rows(&self) -> Vec<PersonActivity> {
        let window = self.window.hours();
        let mut rows = Vec::new();
        for (id, (person, desk)) in
            (self.org.people.ids()).zip(self.org.people.iter().zip(self.desks.iter()))
        {
            let entry = &self.structure.people[person.entry];
            let available = self.available_hours(id);
            let other = entry
                .time
                .other
                .is_some()
                .then_some((Activity::Other.name(), desk.hours[OTHER]));
            let away =
                (!entry.time.always_at_work()).then_some((Activity::Away.name(), desk.hours[AWAY]));
            let activities = entry
                .duties
                .iter()
                .map(|duty| (duty.name(), desk.hours[duty.index()]))
                .chain(other)
                .chain([
                    (Activity::Switching.name(), desk.hours[SWITCHING]),
                    (Activity::Idle.name(), desk.hours[IDLE]),
                ])
                .chain(away);
            for (activity, hours) in activities {
                let of = if activity == Activity::Away.name() {
                    window
                } else {
                    available
                };
                rows.push(PersonActivity {
                    person: person.label.clone(),
                    role: person.role.clone(),
                    activity,
                    hours,
                    // Never at work in the window: no share of its time at work.
                    share: if of > 0.0 {
                        (hours / of).clamp(0.0, 1.0)
                    } else {
                        0.0
                    },
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
