//! The validated, immutable scenario: what the model reads.
//!
//! Everything here has been checked: names are resolved to indices, distributions are
//! valid, every (duty, squad) that work needs has someone to do it. Nothing downstream
//! can fail because of the file.

use crate::dist::Dist;
use crate::vocabulary::named_enum;
use std::fmt;
use std::path::PathBuf;

named_enum! {
    /// A product duty: one kind of task a person may hold. Its name is how scenario
    /// files and outputs spell it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Duty {
        /// Evaluating stakeholder requests: accept or reject.
        Triage => "triage",
        /// Customer interviews and research, which keep triage and ordering informed.
        Discovery => "discovery",
        /// Strategic decisions on questions an answerer cannot settle.
        Escalation => "escalation",
        /// Answering developers' questions.
        Answer => "answer",
        /// Turning product-backlog items into ready items.
        Refine => "refine",
        /// Reviewing finished work.
        Accept => "accept",
        /// Planning, review and stand-ups: a fixed weekly block per squad.
        Ceremony => "ceremony",
    }
}

impl Duty {
    /// Default priority, smaller is served first (docs/model.md §9).
    pub fn default_priority(self) -> u8 {
        match self {
            Duty::Ceremony => 0,
            Duty::Answer | Duty::Escalation => 1,
            Duty::Accept => 2,
            Duty::Refine => 3,
            Duty::Triage => 4,
            Duty::Discovery => 5,
        }
    }
}

impl fmt::Display for Duty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of duties, as a bit mask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DutySet(u8);

impl DutySet {
    /// The set with one more duty.
    pub fn with(self, duty: Duty) -> Self {
        DutySet(self.0 | 1 << duty.index())
    }
    /// Whether the set holds the duty.
    pub fn contains(self, duty: Duty) -> bool {
        self.0 & (1 << duty.index()) != 0
    }
    /// The duties in the set, in [`Duty::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Duty> {
        Duty::ALL.into_iter().filter(move |d| self.contains(*d))
    }
}

impl FromIterator<Duty> for DutySet {
    fn from_iter<I: IntoIterator<Item = Duty>>(iter: I) -> Self {
        iter.into_iter().fold(DutySet::default(), DutySet::with)
    }
}

/// How the developer pulls from the ready backlog, and refinement from the product backlog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogOrder {
    /// Highest estimated value per hour of effort first.
    Value,
    /// Oldest first.
    Fifo,
}

/// What a developer does while its question waits for a decision (docs/model.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhileBlocked {
    /// It waits for the decision, then resumes the same item.
    Wait,
    /// It takes up other work: an item whose question is settled, else a new ready item.
    Switch,
}

/// `[run]`: how long and how often to simulate.
#[derive(Debug, Clone)]
pub struct Run {
    /// Measured weeks.
    pub weeks: u32,
    /// Weeks simulated before measuring, then discarded.
    pub warmup_weeks: u32,
    /// Trials per structure.
    pub trials: u32,
    /// Master seed.
    pub seed: u64,
    /// Working hours in a week.
    pub hours_per_week: f64,
}

/// `[team]`: the developers.
#[derive(Debug, Clone)]
pub struct Team {
    /// Number of squads, at least 1.
    pub squads: u32,
    /// Developers in each squad, at least 1.
    pub devs_per_squad: u32,
}

/// `[work]`: the shape of the work and of the questions it raises.
#[derive(Debug, Clone)]
pub struct Work {
    /// Developer hours per backlog item.
    pub item_effort_hours: Dist,
    /// Working hours between two questions of one developer.
    pub question_every_hours: Dist,
    /// Hours to answer one question.
    pub answer_hours: Dist,
    /// Share of answers that need a strategic decision.
    pub escalation_share: f64,
    /// Hours of an escalated decision.
    pub escalation_hours: Dist,
    /// Hours to refine one item.
    pub refine_hours: Dist,
    /// Hours to accept one finished item.
    pub accept_hours: Dist,
    /// Developer hours to get back into the work after a question is answered.
    pub resume_hours: Dist,
    /// Target ready items per developer; refinement is pulled below it.
    pub ready_per_dev: f64,
    /// Order of the backlogs.
    pub backlog_order: BacklogOrder,
    /// Hours a week each squad's ceremonies cost their holder.
    pub ceremony_hours_per_week: f64,
    /// Log-sd of the value estimate with no insight.
    pub value_noise_sd: f64,
    /// Weeks of lead time that halve an item's value; `None` for no decay.
    pub value_half_life_weeks: Option<f64>,
    /// Every squad always has a ready item: the closed-loop special case.
    pub unlimited_backlog: bool,
    /// Share of the team's insight that reaches people without discovery.
    pub insight_transfer: f64,
    /// Chance that a decision made with no insight is wrong.
    pub wrong_answer_share: f64,
    /// Developer hours a wrong decision adds to its item.
    pub rework_hours: Dist,
    /// Hours added to an escalated decision taken by someone other than the answerer.
    pub handoff_hours: Dist,
    /// What a blocked developer does.
    pub while_blocked: WhileBlocked,
    /// Items a developer may hold in progress when it switches while blocked.
    pub max_items_per_dev: u32,
}

impl Work {
    /// The duties this work gives no time to, which are therefore skipped: no task is
    /// queued, the work flows on at once, and nobody needs to hold them. Answer,
    /// refine and accept when every draw of their hours is 0; escalation also when no
    /// answer escalates (`escalation_share` 0); ceremony when its weekly hours are 0.
    pub fn duties_taking_no_time(&self) -> DutySet {
        let escalation_none = self.escalation_hours.is_zero() || self.escalation_share <= 0.0;
        [
            (Duty::Answer, self.answer_hours.is_zero()),
            (Duty::Escalation, escalation_none),
            (Duty::Refine, self.refine_hours.is_zero()),
            (Duty::Accept, self.accept_hours.is_zero()),
            (Duty::Ceremony, self.ceremony_hours_per_week <= 0.0),
        ]
        .into_iter()
        .filter(|&(_, none)| none)
        .map(|(duty, _)| duty)
        .collect()
    }
}

/// `[discovery]`: the customer research the discovery holders are given.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// Share of each holder's week meant for discovery.
    pub target_share: f64,
    /// Hours of one session.
    pub session_hours: f64,
    /// Weeks after which a session not started is dropped.
    pub drop_after_weeks: f64,
}

/// `[approval]`: sign-off from outside the team.
#[derive(Debug, Clone)]
pub struct Approval {
    /// Share of escalations and of accepted triage decisions that wait for sign-off.
    pub share: f64,
    /// Hours of the wait.
    pub delay_hours: Dist,
}

/// A `[[stakeholders]]` group sending requests.
#[derive(Debug, Clone)]
pub struct StakeholderGroup {
    /// Name, for outputs.
    pub name: String,
    /// Poisson rate of requests.
    pub requests_per_week: f64,
    /// Hours to triage one request.
    pub triage_hours: Dist,
    /// Share of requests a perfectly informed triager accepts.
    pub accept_share: f64,
    /// The estimated value a request must reach to be accepted: the
    /// (1 − `accept_share`) quantile of `value`.
    pub accept_bar: f64,
    /// Backlog items per accepted request (rounded, at least 1).
    pub items_per_request: Dist,
    /// True value of a request.
    pub value: Dist,
    /// Priority of this group's triage tasks, when it differs from the structure's.
    pub priority: Option<u8>,
    /// The squad that gets all of this group's items, instead of round-robin.
    pub squad: Option<u32>,
}

/// How many people one entry of a structure stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staffing {
    /// A pool of n serving all squads.
    Count(u32),
    /// k people for each squad, each serving only that squad.
    PerSquad(u32),
    /// One person for every m consecutive squads; the last takes the remainder.
    SquadsEach(u32),
}

impl Staffing {
    /// How many people the entry stands for in a team of `squads` squads:
    /// n, k × squads, or ⌈squads / m⌉.
    pub fn heads(self, squads: u32) -> u32 {
        match self {
            Staffing::Count(n) => n,
            Staffing::PerSquad(k) => k * squads,
            Staffing::SquadsEach(m) => squads.div_ceil(m.max(1)),
        }
    }
}

/// How long a person takes over each duty, against the duty's drawn hours: a factor
/// per duty, 1 by default (docs/model.md §9).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeFactors([f64; Duty::COUNT]);

impl Default for TimeFactors {
    /// Every duty at its drawn hours.
    fn default() -> Self {
        TimeFactors([1.0; Duty::COUNT])
    }
}

impl TimeFactors {
    /// The factor of one duty.
    pub fn of(&self, duty: Duty) -> f64 {
        self.0[duty.index()]
    }

    /// The same factors with one duty's set.
    pub fn with(mut self, duty: Duty, factor: f64) -> Self {
        self.0[duty.index()] = factor;
        self
    }
}

/// One `people` entry of a structure.
#[derive(Debug, Clone)]
pub struct PersonGroup {
    /// Role name, free text ("pm", "po", "pm-po" …).
    pub role: String,
    /// Duties held.
    pub duties: DutySet,
    /// How many and for which squads.
    pub staffing: Staffing,
    /// Yearly cost of one such person, from `[costs]`.
    pub yearly_cost: Option<f64>,
    /// Each such person's hours per duty against the drawn hours.
    pub time_factor: TimeFactors,
}

/// A `[[structures]]` entry with every override applied.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Name, unique in the scenario.
    pub name: String,
    /// The team, with this structure's overrides.
    pub team: Team,
    /// The work, with this structure's overrides.
    pub work: Work,
    /// Discovery, if any.
    pub discovery: Option<Discovery>,
    /// Outside sign-off.
    pub approval: Approval,
    /// Whether a better-priority task interrupts a worse one.
    pub preempt: bool,
    /// Hours lost when a person changes (duty, squad).
    pub switch_hours: f64,
    /// Hours of waiting that improve a queued task's priority by one level; `None`
    /// for no ageing.
    pub aging_hours: Option<f64>,
    /// Priority per duty, indexed by [`Duty::index`]; smaller first.
    pub priorities: [u8; Duty::COUNT],
    /// Who holds which duties.
    pub people: Vec<PersonGroup>,
    /// Yearly cost of one developer, from `[costs]`.
    pub dev_yearly_cost: Option<f64>,
}

impl Structure {
    /// The yearly cost of everyone in the structure, developers included, each person
    /// counted whole (docs/model.md §14); `None` without `[costs]`. What the structure
    /// costs per year, whatever it delivers: the x axis of the cost frontier.
    pub fn people_cost_per_year(&self) -> Option<f64> {
        let dev = self.dev_yearly_cost?;
        let squads = self.team.squads;
        let developers = f64::from(squads) * f64::from(self.team.devs_per_squad);
        let product: f64 = self
            .people
            .iter()
            .map(|entry| f64::from(entry.staffing.heads(squads)) * entry.yearly_cost.unwrap_or(0.0))
            .sum();
        Some(dev * developers + product)
    }
}

/// Thresholds of the warning signs (docs/model.md §13).
#[derive(Debug, Clone)]
pub struct WarningThresholds {
    /// Developers wait too long: `decision_latency_p90_h` above this.
    pub decision_latency_p90_h: f64,
    /// Interviews postponed: `discovery_share` below this share of the target.
    pub discovery_share_of_target: f64,
    /// Backlog work crowds out the rest: refine + accept + ceremony above this share of
    /// a product person's time.
    pub backlog_work_share: f64,
    /// Squads compete for one person: `product_util_max` above this.
    pub product_util_max: f64,
    /// Burn-out: `overload_week_share` above this.
    pub overload_week_share: f64,
    /// Stakeholders wait for a verdict: `triage_wait_mean_h` above this.
    pub triage_wait_mean_h: f64,
}

impl Default for WarningThresholds {
    /// The thresholds of a file that leaves `[warnings]` out.
    fn default() -> Self {
        use super::schema::warnings::*;
        WarningThresholds {
            decision_latency_p90_h: DECISION_LATENCY_P90_H.default,
            discovery_share_of_target: DISCOVERY_SHARE_OF_TARGET.default,
            backlog_work_share: BACKLOG_WORK_SHARE.default,
            product_util_max: PRODUCT_UTIL_MAX.default,
            overload_week_share: OVERLOAD_WEEK_SHARE.default,
            triage_wait_mean_h: TRIAGE_WAIT_MEAN_H.default,
        }
    }
}

/// One point of a scenario: a fully resolved description of a team, its work and the
/// structures to compare. A scenario without `[sweep]` has exactly one point.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Scenario name (from `name`, else the file stem).
    pub name: String,
    /// One-line description.
    pub description: String,
    /// File it came from.
    pub path: PathBuf,
    /// The swept parameters and their values at this point, as (path, value text),
    /// in the order of the `[sweep]` table; empty without a sweep.
    pub sweep: Vec<(String, String)>,
    /// Run settings.
    pub run: Run,
    /// Stakeholder groups; empty with `unlimited_backlog`.
    pub stakeholders: Vec<StakeholderGroup>,
    /// Warning-sign thresholds.
    pub warnings: WarningThresholds,
    /// Structures to compare, at least one, names unique.
    pub structures: Vec<Structure>,
}
