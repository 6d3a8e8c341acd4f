//! The validated, immutable scenario: what the model reads.
//!
//! Everything here has been checked: names are resolved to indices, distributions are
//! valid, every (duty, squad) that work needs has someone to do it. Nothing downstream
//! can fail because of the file.

use super::demand::DemandSchedule;
use super::person_time::PersonTime;
use crate::dist::Dist;
// The metrics' names are a vocabulary below the model: `[compare]` names them.
use crate::model::Metric;
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

/// How a person who holds `ceremony` for several squads holds their ceremonies
/// (docs/model.md §17.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremonies {
    /// One block per squad, each at its squad's time.
    PerSquad,
    /// One block per holder for all the squads it holds them for.
    Joint,
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
    /// Whole weeks each developer is away in each 52-week year (docs/model.md §17.3).
    pub dev_absence_weeks_per_year: u32,
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
    /// Hours of each squad's weekly ceremony block for its holder, drawn for each
    /// week's block (docs/model.md §7).
    pub ceremony_hours_per_week: Dist,
    /// Log-sd of the value estimate with no insight.
    pub value_noise_sd: f64,
    /// Weeks of lead time that halve an item's value; `None` for no decay.
    pub value_half_life_weeks: Option<f64>,
    /// Every squad always has a ready item: the closed-loop special case.
    pub unlimited_backlog: bool,
    /// One ceremony block per squad, or one per holder (docs/model.md §17.7).
    pub ceremonies: Ceremonies,
    /// Hours a joint block grows by for each squad beyond the first.
    pub joint_ceremony_extra_hours: f64,
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
    /// answer escalates (`escalation_share` 0); ceremony when every draw of its weekly
    /// hours is 0.
    pub fn duties_taking_no_time(&self) -> DutySet {
        let escalation_none = self.escalation_hours.is_zero() || self.escalation_share <= 0.0;
        [
            (Duty::Answer, self.answer_hours.is_zero()),
            (Duty::Escalation, escalation_none),
            (Duty::Refine, self.refine_hours.is_zero()),
            (Duty::Accept, self.accept_hours.is_zero()),
            (Duty::Ceremony, self.ceremony_hours_per_week.is_zero()),
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
    /// Hours of one session, drawn for each session; a week's number of sessions is
    /// reckoned with its mean, which validation keeps above 0 (docs/model.md §8).
    pub session_hours: Dist,
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
    /// Poisson rate of requests; with a `schedule`, its mean over the measured weeks.
    pub requests_per_week: f64,
    /// The rate by measured week, when it changes (docs/model.md §17.6).
    pub schedule: Option<DemandSchedule>,
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
    /// When such a person is at work, and how fast (docs/model.md §17).
    pub time: PersonTime,
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
    /// Hours lost when a person changes (duty, squad), drawn for each switch
    /// (docs/model.md §9).
    pub switch_hours: Dist,
    /// Hours of waiting that improve a queued task's priority by one level; `None`
    /// for no ageing.
    pub aging_hours: Option<f64>,
    /// Priority per duty, indexed by [`Duty::index`]; smaller first.
    pub priorities: [u8; Duty::COUNT],
    /// Who holds which duties.
    pub people: Vec<PersonGroup>,
    /// Yearly cost of one developer, from `[costs]`.
    pub dev_yearly_cost: Option<f64>,
    /// Money per unit of delivered value, from `[costs] value`: what makes
    /// `net_value_per_week` comparable with the people's cost.
    pub value_per_unit: Option<f64>,
}

impl Structure {
    /// Whether a question of this structure can escalate in a way that changes its
    /// course: to an escalation task, or, when the escalation takes no time, still on
    /// to outside sign-off (docs/model.md §5). A trial draws whether each question
    /// escalates only when some structure of its scenario can, so a scenario where none
    /// can keeps its developers' streams as they were.
    pub fn escalation_matters(&self) -> bool {
        let work = &self.work;
        work.escalation_share > 0.0
            && (!work.escalation_hours.is_zero() || self.approval.share > 0.0)
    }

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

/// Thresholds of the warning signs (docs/model.md §13). Each key but
/// `discovery_share_of_target` and `queue_growth` is named after the metric it bounds.
#[derive(Debug, Clone)]
pub struct WarningThresholds {
    /// Developers wait too long: `decision_latency_p90_h` above this.
    pub decision_latency_p90_h: f64,
    /// Interviews postponed: `discovery_share` below this share of the target.
    pub discovery_share_of_target: f64,
    /// Backlog work crowds out discovery: refine + accept + ceremony above this share of
    /// the time of a person who holds discovery (`backlog_work_share_max`).
    pub backlog_work_share: f64,
    /// Squads compete for one person: `shared_util_max` above this.
    pub shared_util_max: f64,
    /// Burn-out: `overload_week_share_max` above this.
    pub overload_week_share_max: f64,
    /// Stakeholders wait for a verdict: `triage_wait_mean_h` above this.
    pub triage_wait_mean_h: f64,
    /// Developers wait for work: `dev_starved_share` above this.
    pub dev_starved_share: f64,
    /// The structure does not settle: `queue_growth_max` above this.
    pub queue_growth: f64,
}

impl Default for WarningThresholds {
    /// The thresholds of a file that leaves `[warnings]` out.
    fn default() -> Self {
        use super::schema::warnings::*;
        WarningThresholds {
            decision_latency_p90_h: DECISION_LATENCY_P90_H.default,
            discovery_share_of_target: DISCOVERY_SHARE_OF_TARGET.default,
            backlog_work_share: BACKLOG_WORK_SHARE.default,
            shared_util_max: SHARED_UTIL_MAX.default,
            overload_week_share_max: OVERLOAD_WEEK_SHARE_MAX.default,
            triage_wait_mean_h: TRIAGE_WAIT_MEAN_H.default,
            dev_starved_share: DEV_STARVED_SHARE.default,
            queue_growth: QUEUE_GROWTH.default,
        }
    }
}

/// `[compare] min_effect`: the smallest difference between two structures that counts
/// as `better` or `worse`, as a share of B's mean, for every metric or per metric
/// (docs/model.md §14).
#[derive(Debug, Clone, PartialEq)]
pub struct MinEffect {
    /// The share for every metric not named.
    pub default: f64,
    /// The metrics named, each with its own share; a metric appears at most once.
    pub by_metric: Vec<(Metric, f64)>,
}

impl MinEffect {
    /// The same share for every metric.
    pub fn uniform(share: f64) -> Self {
        MinEffect {
            default: share,
            by_metric: Vec::new(),
        }
    }

    /// The share for `metric`.
    pub fn of(&self, metric: Metric) -> f64 {
        self.by_metric
            .iter()
            .find(|(m, _)| *m == metric)
            .map_or(self.default, |&(_, share)| share)
    }
}

/// `[compare]`: how two structures are judged against each other.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSettings {
    /// The practical margin of every verdict.
    pub min_effect: MinEffect,
}

impl Default for CompareSettings {
    /// The settings of a file that leaves `[compare]` out.
    fn default() -> Self {
        CompareSettings {
            min_effect: MinEffect::uniform(super::schema::compare::MIN_EFFECT.default),
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
    /// How structures are judged against each other.
    pub compare: CompareSettings,
    /// Structures to compare, at least one, names unique.
    pub structures: Vec<Structure>,
    /// `[uncertainty]`: the parameter sets to run beside the point as written; `None`
    /// without one, and in a parameter set itself.
    pub uncertainty: Option<super::Uncertainty>,
    /// The data files this point read (the observed values of its `empirical`
    /// distributions), each once, in the order first read: what its results depend on
    /// beside the scenario's text, so that a run split over machines can tell that
    /// every machine read the same data. A parameter set's are its own scenario's.
    pub data_files: Vec<DataFile>,
}

/// A data file a scenario read: which file, and the digest of what it held then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// The name as the scenario writes it (`file = "x.csv"`), relative to the
    /// scenario's folder unless absolute: the same in every copy of the scenario,
    /// wherever it is run.
    pub name: String,
    /// Where it was read: the name resolved beside the scenario file as given.
    pub path: PathBuf,
    /// SHA-256 of the bytes read.
    pub sha256: [u8; 32],
}
