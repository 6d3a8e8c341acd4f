//! How well people decide, and what a decision costs besides its hours
//! (docs/model.md §5 and §8): each person's insight (its own discovery, or the team's
//! passed on), the wrong decisions that too little insight makes and the rework they
//! add to developers' items, and the hand-off an escalation pays when its decider is
//! not the one who answered.
//!
//! What a question carries for this (whether its decision is wrong, the rework, the
//! hand-off hours) is drawn from the developer's own decisions stream when it is
//! raised; whether the decision is wrong is settled with the insight of whoever
//! starts the final decision.

use super::developers::Asked;
use super::dispatch::{Task, TaskKind};
use super::{Checks, DevState, Draws, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, IdVec, PersonId};
use crate::model::measure::add_by_week;
use crate::model::org::Org;
use crate::model::streams::{stream, Process, Service, Stream};
use crate::model::{Metric, TrialMetrics};
use crate::scenario::{Duty, Structure};
use rand::Rng;

/// What a trial keeps for wrong decisions, rework and hand-offs.
#[derive(Debug)]
pub(super) struct Decisions {
    /// Whether some structure of the scenario may decide wrongly, so every structure
    /// draws each question's chance of being wrong and its rework (common random
    /// numbers).
    draws_judgement: bool,
    /// Whether some structure of the scenario hands escalations off, so every
    /// structure draws each question's hand-off hours.
    draws_handoff: bool,
    /// Whether this structure's decisions can be wrong: a `wrong_answer_share` above
    /// 0, and discovery, without which insight is 1 for everyone.
    wrong_decisions: bool,
    /// Whether a wrong decision adds any rework here: `rework_share` is measured.
    reworks: bool,
    /// Whether an escalation may be handed off here.
    hands_off: bool,
    /// Per person, its discovery hours by week from time 0, for its own insight;
    /// empty for people without discovery, and for everyone when no decision can be
    /// wrong.
    own_discovery: IdVec<PersonId, Vec<f64>>,
    /// Rework hours developers worked in the window.
    rework_hours: f64,
}

impl Decisions {
    /// What `structure`, laid out as `org`, keeps over a run of `total_weeks`, with the
    /// scenario's `draws`.
    pub(super) fn new(
        draws: Draws,
        structure: &Structure,
        org: &Org,
        total_weeks: usize,
    ) -> Decisions {
        let work = &structure.work;
        let discovers = structure
            .discovery
            .as_ref()
            .is_some_and(|d| d.target_share > 0.0);
        let wrong_decisions = work.wrong_answer_share > 0.0 && discovers;
        let own_discovery = org
            .people
            .iter()
            .map(|person| match wrong_decisions && person.discovers {
                true => vec![0.0; total_weeks + 1],
                false => Vec::new(),
            })
            .collect();
        Decisions {
            draws_judgement: draws.judgement,
            draws_handoff: draws.handoff,
            wrong_decisions,
            reworks: wrong_decisions && !work.rework_hours.is_zero(),
            hands_off: !work.handoff_hours.is_zero(),
            own_discovery,
            rework_hours: 0.0,
        }
    }

    /// Whether anything happens when a decision starts here: its decider's insight is
    /// taken, or its escalation may be handed off.
    #[inline]
    pub(super) fn judged_at_start(&self) -> bool {
        self.wrong_decisions || self.hands_off
    }

    /// Whether some structure of the scenario draws from the developers' decisions
    /// streams.
    pub(super) fn draws_any(&self) -> bool {
        self.draws_judgement || self.draws_handoff
    }

    /// The decisions streams of developer `dev` of squad `squad`, when the scenario
    /// draws from them.
    pub(super) fn stream(
        &self,
        trial_key: u64,
        squad: u32,
        dev: u32,
    ) -> Option<Box<DecisionStreams>> {
        self.draws_any().then(|| {
            let of = |part| stream(trial_key, Process::QuestionService { part, squad, dev });
            Box::new(DecisionStreams {
                wrong: stream(trial_key, Process::Decisions { squad, dev }),
                rework: of(Service::Rework),
                handoff: of(Service::Handoff),
            })
        })
    }
}

/// A developer's streams of what its decisions cost: whether one is wrong (a uniform
/// draw), its rework hours, its hand-off hours, one stream each, since how many draws
/// the hours take depends on the structure's distribution of them.
#[derive(Debug)]
pub(super) struct DecisionStreams {
    wrong: Stream,
    rework: Stream,
    handoff: Stream,
}

impl<M: Checks> Trial<'_, M> {
    /// Draws what the developer's new question costs besides its hours, in the fixed
    /// order of the decisions stream: whether it is wrong and its rework, then its
    /// hand-off hours, each only when some structure of the scenario needs it.
    pub(super) fn draw_decision(&mut self, dev: DevId) {
        if !M::PEOPLE_AND_JUDGEMENT {
            // No decisions stream: what a question's decision costs keeps its defaults,
            // which nothing reads without wrong decisions or hand-offs.
            return;
        }
        let work = &self.structure.work;
        let Decisions {
            draws_judgement,
            draws_handoff,
            ..
        } = self.decisions;
        let developer = &mut self.devs[dev];
        let (mut wrong_u, mut rework_h, mut handoff_h) = (1.0, 0.0, 0.0);
        if let Some(streams) = developer.decisions.as_deref_mut() {
            if draws_judgement {
                wrong_u = streams.wrong.random::<f64>();
                rework_h = work.rework_hours.sample(&mut streams.rework);
            }
            if draws_handoff {
                handoff_h = work.handoff_hours.sample(&mut streams.handoff);
            }
        }
        let question = &mut developer.question;
        question.wrong_u = wrong_u;
        question.rework_h = rework_h;
        question.handoff_h = handoff_h;
    }

    /// A task is started for the first time by `person`: the final decision on a
    /// question takes its decider's insight now, and an escalation started by someone
    /// other than the answerer gains its hand-off hours.
    pub(super) fn decision_starting(&mut self, person: PersonId, task: &mut Task) {
        let (asked, escalation) = match task.kind {
            TaskKind::Answer(asked) => (asked, false),
            TaskKind::Escalation(asked) => (asked, true),
            _ => return,
        };
        let question = *self.question(asked);
        if escalation
            && question
                .answered_by
                .is_some_and(|answerer| answerer != person)
        {
            task.remaining += question.handoff_h;
        }
        let last = escalation || !question.escalate || self.skipped.contains(Duty::Escalation);
        if last && self.decisions.wrong_decisions {
            let insight = self.person_insight(person);
            self.question_mut(asked).decider_insight = Some(insight);
        }
    }

    /// The rework the question settled now adds to the front of its item's remaining
    /// effort: its rework hours if its decision was wrong, else 0. A decision nobody
    /// made (no task took any time) is made with the team's pooled insight.
    #[inline]
    pub(super) fn rework_of(&self, asked: Asked) -> f64 {
        if !M::PEOPLE_AND_JUDGEMENT || !self.decisions.wrong_decisions {
            return 0.0;
        }
        let question = self.question(asked);
        let insight = question.decider_insight.unwrap_or_else(|| self.insight());
        if question.wrong_u < self.structure.work.wrong_answer_share * (1.0 - insight) {
            question.rework_h
        } else {
            0.0
        }
    }

    /// A working developer stops (a question, or the effort done): the rework at the
    /// front of its item's effort that it has just worked is counted, the part in the
    /// window.
    #[inline]
    pub(super) fn book_rework(&mut self, dev: DevId) {
        self.book_rework_until(dev, self.now());
    }

    /// Counts the rework the developer worked since it started working, up to `until`.
    fn book_rework_until(&mut self, dev: DevId, until: Time) {
        if !M::PEOPLE_AND_JUDGEMENT {
            // Rework comes only from wrong decisions.
            return;
        }
        let window = self.window;
        let developer = &mut self.devs[dev];
        if developer.rework_left <= 0.0 || developer.state != DevState::Working {
            return;
        }
        let worked = (until - developer.since).max(0.0);
        let rework = worked.min(developer.rework_left);
        developer.rework_left -= rework;
        let since = developer.since;
        self.decisions.rework_hours += window.overlap(since, since + rework);
    }

    /// At the end of the window: the rework of developers still working is counted up
    /// to the end.
    pub(super) fn close_rework(&mut self) {
        let end = self.window.end;
        for dev in self.devs.ids() {
            self.book_rework_until(dev, end);
        }
    }

    /// `rework_share`: rework hours over developers' working hours in the window;
    /// empty where no wrong decision can add rework, or nobody worked.
    pub(super) fn decision_metrics(&self, out: &mut TrialMetrics) {
        if !self.decisions.reworks {
            return;
        }
        let working: f64 = self
            .devs
            .iter()
            .map(|dev| dev.hours[DevState::Working.column()])
            .sum();
        if working > 0.0 {
            out.set(Metric::ReworkShare, self.decisions.rework_hours / working);
        }
    }

    /// Books `person`'s discovery hours to its own weeks, when its own insight counts.
    pub(super) fn book_own_discovery(&mut self, person: PersonId, from: Time, to: Time) {
        let week = self.hours_per_week;
        let own = &mut self.decisions.own_discovery[person];
        add_by_week(own, 0.0, week, from, to);
    }

    /// A person's insight now (docs/model.md §8): its own discovery share over the
    /// trailing 4 weeks against the target when it holds discovery, else the team's
    /// insight as passed on. Read only where a decision can be wrong, the one case in
    /// which own discovery is kept.
    pub(super) fn person_insight(&self, person: PersonId) -> f64 {
        if !self.org.people[person].discovers {
            return self.passed_on_insight();
        }
        let own = &self.decisions.own_discovery[person];
        debug_assert!(!own.is_empty(), "own discovery is kept");
        self.trailing_insight(own, Some(person))
    }

    /// The insight triage estimates with: the team's, passed on when the triager holds
    /// no discovery; the team's when nobody triages (a triage that takes no time).
    pub(super) fn triage_insight(&self, triager: Option<PersonId>) -> f64 {
        match triager {
            Some(person) if !self.org.people[person].discovers => self.passed_on_insight(),
            _ => self.insight(),
        }
    }

    /// The team's insight as someone without discovery of its own sees it: times
    /// `insight_transfer`, when there is discovery to pass on (else it is 1).
    fn passed_on_insight(&self) -> f64 {
        let team = self.insight();
        match &self.structure.discovery {
            Some(d) if d.target_share > 0.0 => team * self.structure.work.insight_transfer,
            _ => team,
        }
    }
}
