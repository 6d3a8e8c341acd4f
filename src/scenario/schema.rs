//! The schema: every table of a scenario file and its keys, each declared once with
//! its rule (what it may be), its default and its line of documentation.
//!
//! The validating stage reads each key through its declaration here; the unknown-key
//! messages learn from [`home_of`] in which table a misplaced key belongs; the sweep
//! learns from [`is_sweepable`], [`named_list`], [`overridable`] and
//! [`sweepable_paths`] what it may vary, and where; and
//! [`fields_table`] renders the documentation's table of fields and defaults. The
//! rule behind the defaults: the core of the flow (effort, questions, answers,
//! triage, refinement, values) has one; everything that only adds load or delay
//! (escalation, acceptance, ceremonies, resume time, switching, approval, discovery)
//! costs nothing unless the file says so.

use super::demand::Demand;
use super::person_time::Pattern;
use super::reader::{
    Absent, Bound, Choice, Described, Doc, Fallback, Flag, Key, Number, Required, Text, Whole,
};
use super::types::{BacklogOrder, Ceremonies, Duty, WhileBlocked};
use super::validate::{DutyNames, MetricShares};
use crate::dist::{Distributed, Shape};

/// Sanity cap on squads and head counts: far above any real organisation, low enough
/// that a typo (`squads = 30000000`) cannot exhaust memory.
pub(crate) const MAX_HEADS: i64 = 10_000;

/// Most developers a structure may have (`squads × devs_per_squad`): the largest
/// software organisations employ some tens of thousands, and a question of product
/// roles is asked of far fewer. At about 600 bytes a developer, a trial's state then
/// stays within tens of megabytes, so a slip (`squads = 10000, devs_per_squad =
/// 10000`: 100 million) is refused before it is allocated.
pub(crate) const MAX_DEVELOPERS: i64 = 100_000;

/// Most weeks a trial may simulate, measured or warm-up: a century of working weeks
/// (100 × 52). Nobody plans past that, and what a trial keeps per week (each product
/// person's booked hours, the weekly series of its first trials) then stays small.
pub(crate) const MAX_WEEKS: i64 = 5_200;

/// Most trials of each structure a file may ask for, over all its sweep points. A
/// million puts the half-width of a 95% confidence interval at 0.2% of a metric's
/// spread (1.96 / √10⁶), finer than any difference a decision turns on; and each trial
/// writes a few kilobytes of rows, so a million already fills gigabytes.
pub const MAX_TRIALS: i64 = 1_000_000;

/// The latest measured week a people entry may name, either way from week 0: far
/// beyond any run, low enough that week arithmetic stays exact.
const MAX_WEEK: i64 = 1_000_000;

/// The keys a table may hold, in the order the documentation lists them.
pub(crate) struct Layout {
    /// The table's key in its parent (`run`, `stakeholders`).
    pub name: &'static str,
    /// Its keys.
    pub items: &'static [Item],
}

/// One key of a table, by the kind of value it holds.
pub(crate) enum Item {
    /// A number, flag, text, choice or distribution.
    Value(&'static dyn Described),
    /// A top-level table of fixed keys, each of which a sweep may vary.
    Table(&'static Layout),
    /// A table whose keys are names (of duties, of roles), each with a value.
    Map(&'static Map),
    /// A list of tables.
    List(&'static List),
    /// Keys of which exactly one must be given.
    OneOf(&'static [&'static Key<Whole, Absent>]),
    /// A structure's own value of a top-level key, overriding it.
    Inherited(&'static Item),
    /// `[sweep]`, read before validation (see `sweep`).
    Sweep,
    /// `[uncertainty]`, read before validation (see `uncertainty`): keys of its own,
    /// and ranges keyed by path.
    Uncertainty(&'static Ranges),
}

/// `[uncertainty]`'s layout: a table of fixed keys, and besides them keys that are
/// paths, each with a range.
pub(crate) struct Ranges {
    /// The fixed keys; its name is the table's.
    pub layout: &'static Layout,
    /// How the documentation names a path key (`PATH`).
    pub placeholder: &'static str,
    /// The line of a path key in the fields table.
    pub doc: Doc,
}

/// A table whose keys are names, each with a value of one rule.
pub(crate) struct Map {
    /// The table's key.
    pub name: &'static str,
    /// How the documentation names a key of the table (`DUTY`).
    pub placeholder: &'static str,
    /// Which names it takes.
    pub names: Names,
    /// The value of each name; its key is how messages name the value.
    pub value: &'static dyn Described,
}

/// The names a [`Map`] takes.
pub(crate) enum Names {
    /// Duty names.
    Duties,
    /// Any role name; `required` must be among them.
    Roles {
        /// The name the table must hold.
        required: &'static str,
        /// Keys of the table that are not role names, each with a value of its own.
        reserved: &'static [&'static dyn Described],
    },
}

/// A list of tables of one layout.
pub(crate) struct List {
    /// The layout of each entry; its name is the list's key.
    pub layout: &'static Layout,
    /// What the value must be, in a type error.
    pub expected: &'static str,
    /// The message when the list is required and missing.
    pub missing: Option<&'static str>,
    /// Whether the fields table shows it in one line rather than key by key.
    pub summarized: bool,
    /// The key that tells its entries apart, if they have one: a sweep reaches a
    /// field of one entry by its value (`stakeholders.sales.priority`).
    pub named_by: Option<&'static Key<Text, Required>>,
}

impl Item {
    /// The keys this item stands for (several for [`Item::OneOf`]).
    pub fn names(&self) -> Vec<&'static str> {
        match self {
            Item::Value(key) => vec![key.name()],
            Item::Table(layout) => vec![layout.name],
            Item::Map(map) => vec![map.name],
            Item::List(list) => vec![list.layout.name],
            Item::OneOf(keys) => keys.iter().map(|k| k.name).collect(),
            Item::Inherited(item) => item.names(),
            Item::Sweep => vec![SWEEP],
            Item::Uncertainty(ranges) => vec![ranges.layout.name],
        }
    }
}

impl Layout {
    /// Every key of the table.
    pub fn keys(&self) -> Vec<&'static str> {
        self.items.iter().flat_map(Item::names).collect()
    }
}

/// The key of the `[sweep]` table.
pub(crate) const SWEEP: &str = "sweep";

/// `[uncertainty]`: ranges over the assumptions, and the parameter sets drawn from
/// them (docs/model.md §18).
pub(crate) mod uncertainty {
    use super::*;

    /// Most parameter sets a file may draw, over all its sweep points: as many points
    /// as a sweep may have, since each is validated like one.
    pub(crate) const MAX_SETS: i64 = 10_000;

    /// Parameter sets drawn.
    pub(crate) const SAMPLES: Key<Whole, i64> = Key {
        name: "samples",
        rule: Whole {
            min: 10,
            max: MAX_SETS,
        },
        default: 64,
        doc: Doc::new(
            "parameter sets drawn over the ranges (a Latin hypercube), at least 2 more than the ranges",
            "count",
        ),
    };
    /// Trials of each structure in each set.
    pub(crate) const TRIALS: Key<Whole, i64> = Key {
        name: "trials",
        rule: Whole {
            min: 2,
            max: MAX_TRIALS,
        },
        default: 40,
        doc: Doc::new(
            "trials of each structure in each parameter set (`--trials` does not change it)",
            "count",
        ),
    };
    /// The table's fixed keys.
    pub(crate) const TABLE: Layout = Layout {
        name: "uncertainty",
        items: &[Item::Value(&SAMPLES), Item::Value(&TRIALS)],
    };
    /// The table.
    pub(crate) const RANGES: Ranges = Ranges {
        layout: &TABLE,
        placeholder: "PATH",
        doc: Doc::new(
            "range of a field a sweep may set, or of a distribution's parameter (`PATH.mean`): `[low, high]` (uniform), or `{ values = [...] }`",
            "the field's",
        ),
    };
}

/// `name = "…"`: the scenario's name.
pub(crate) const NAME: Key<Text, Absent> = Key {
    name: "name",
    rule: Text { non_empty: true },
    default: Absent("file name without `.toml`"),
    doc: Doc::new("scenario name in outputs", "text"),
};

/// `description = "…"`.
pub(crate) const DESCRIPTION: Key<Text, &str> = Key {
    name: "description",
    rule: Text { non_empty: false },
    default: "",
    doc: Doc::new("one-line description", "text"),
};

/// `preempt`: for every structure, unless it sets its own.
pub(crate) const PREEMPT: Key<Flag, bool> = Key {
    name: "preempt",
    rule: Flag,
    default: false,
    doc: Doc::new("a better-priority task interrupts a worse one", "bool"),
};

/// `switch_hours`: for every structure, unless it sets its own. Drawn for each
/// switch when it is a distribution (docs/model.md §9).
pub(crate) const SWITCH_HOURS: Key<Distributed, Shape> = Key {
    name: "switch_hours",
    rule: Distributed { never_zero: None },
    default: Shape::Const(0.0),
    doc: Doc::new("time lost when a person changes (duty, squad)", "hours"),
};

/// `aging_hours`: for every structure, unless it sets its own.
pub(crate) const AGING_HOURS: Key<Number, Absent> = Key {
    name: "aging_hours",
    rule: Number(Bound::Positive),
    default: Absent("none (no ageing)"),
    doc: Doc::new(
        "waiting time that raises a queued task's priority one level, never past 1",
        "hours",
    ),
};

/// `[run]`: how long and how often to simulate.
pub(crate) mod run {
    use super::*;

    /// Measured weeks.
    pub(crate) const WEEKS: Key<Whole, i64> = Key {
        name: "weeks",
        rule: Whole {
            min: 1,
            max: MAX_WEEKS,
        },
        default: 52,
        doc: Doc::new("measured weeks", "weeks"),
    };
    /// Weeks simulated before measuring.
    pub(crate) const WARMUP_WEEKS: Key<Whole, i64> = Key {
        name: "warmup_weeks",
        rule: Whole {
            min: 0,
            max: MAX_WEEKS,
        },
        default: 8,
        doc: Doc::new("weeks simulated first and discarded", "weeks"),
    };
    /// Trials per structure.
    pub(crate) const TRIALS: Key<Whole, i64> = Key {
        name: "trials",
        rule: Whole {
            min: 1,
            max: MAX_TRIALS,
        },
        default: 200,
        doc: Doc::new("trials per structure (`--trials` overrides)", "count"),
    };
    /// Master seed.
    pub(crate) const SEED: Key<Whole, i64> = Key {
        name: "seed",
        rule: Whole {
            min: 0,
            max: i64::MAX,
        },
        default: 1,
        doc: Doc::new("master seed (`--seed` overrides)", "integer"),
    };
    /// Working hours in a week.
    pub(crate) const HOURS_PER_WEEK: Key<Number, f64> = Key {
        name: "hours_per_week",
        rule: Number(Bound::PositiveAtMost(168.0)),
        default: 40.0,
        doc: Doc::new("working hours in a week", "hours"),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "run",
        items: &[
            Item::Value(&WEEKS),
            Item::Value(&WARMUP_WEEKS),
            Item::Value(&TRIALS),
            Item::Value(&SEED),
            Item::Value(&HOURS_PER_WEEK),
        ],
    };
}

/// `[team]`: the developers.
pub(crate) mod team {
    use super::*;

    /// Number of squads.
    pub(crate) const SQUADS: Key<Whole, i64> = Key {
        name: "squads",
        rule: Whole {
            min: 1,
            max: MAX_HEADS,
        },
        default: 1,
        doc: Doc::new("number of squads", "count"),
    };
    /// Developers in each squad.
    pub(crate) const DEVS_PER_SQUAD: Key<Whole, i64> = Key {
        name: "devs_per_squad",
        rule: Whole {
            min: 1,
            max: MAX_HEADS,
        },
        default: 6,
        doc: Doc::new("developers per squad", "count"),
    };
    /// Whole weeks each developer is away in each 52-week year (docs/model.md §17.3).
    pub(crate) const DEV_ABSENCE_WEEKS_PER_YEAR: Key<Whole, i64> = Key {
        name: "dev_absence_weeks_per_year",
        rule: Whole { min: 0, max: 52 },
        default: 0,
        doc: Doc::new(
            "whole weeks each developer is away in every 52-week year, drawn at random",
            "weeks",
        ),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "team",
        items: &[
            Item::Value(&SQUADS),
            Item::Value(&DEVS_PER_SQUAD),
            Item::Value(&DEV_ABSENCE_WEEKS_PER_YEAR),
        ],
    };
}

/// `[work]`: the shape of the work and of the questions it raises.
pub(crate) mod work {
    use super::*;

    /// Developer hours per backlog item.
    pub(crate) const ITEM_EFFORT_HOURS: Key<Distributed, Shape> = Key {
        name: "item_effort_hours",
        rule: Distributed {
            never_zero: Some("an item would take no time"),
        },
        default: Shape::LogNormal {
            mean: 24.0,
            sd: 16.0,
        },
        doc: Doc::new("developer effort per backlog item", "hours"),
    };
    /// Working hours between two questions of one developer.
    pub(crate) const QUESTION_EVERY_HOURS: Key<Distributed, Shape> = Key {
        name: "question_every_hours",
        rule: Distributed {
            never_zero: Some("a developer would ask questions without end"),
        },
        default: Shape::Exp { mean: 16.0 },
        doc: Doc::new("working time between two questions of a developer", "hours")
            .noted("(½ question per 8-hour day)"),
    };
    /// Hours to answer one question.
    pub(crate) const ANSWER_HOURS: Key<Distributed, Shape> = Key {
        name: "answer_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Exp { mean: 1.0 / 6.0 },
        doc: Doc::new("time to answer a question", "hours").noted("(10 minutes)"),
    };
    /// Share of answers that need a strategic decision.
    pub(crate) const ESCALATION_SHARE: Key<Number, f64> = Key {
        name: "escalation_share",
        rule: Number(Bound::Share),
        default: 0.0,
        doc: Doc::new("share of answers that escalate", "share"),
    };
    /// Hours of an escalated decision.
    pub(crate) const ESCALATION_HOURS: Key<Distributed, Shape> = Key {
        name: "escalation_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Exp { mean: 1.0 },
        doc: Doc::new("time of an escalated decision", "hours"),
    };
    /// Hours to refine one item.
    pub(crate) const REFINE_HOURS: Key<Distributed, Shape> = Key {
        name: "refine_hours",
        rule: Distributed { never_zero: None },
        default: Shape::LogNormal { mean: 3.0, sd: 2.0 },
        doc: Doc::new("time to refine an item", "hours"),
    };
    /// Hours to accept one finished item.
    pub(crate) const ACCEPT_HOURS: Key<Distributed, Shape> = Key {
        name: "accept_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new("time to accept a finished item", "hours"),
    };
    /// Developer hours to get back into the work after an answer.
    pub(crate) const RESUME_HOURS: Key<Distributed, Shape> = Key {
        name: "resume_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new(
            "developer time to get back into the work after an answer",
            "hours",
        ),
    };
    /// Target ready items per developer.
    pub(crate) const READY_PER_DEV: Key<Number, f64> = Key {
        name: "ready_per_dev",
        rule: Number(Bound::Positive),
        default: 1.5,
        doc: Doc::new("ready-backlog target per developer", "items"),
    };
    /// Order of the backlogs.
    pub(crate) const BACKLOG_ORDER: Key<Choice<BacklogOrder>, BacklogOrder> = Key {
        name: "backlog_order",
        rule: Choice {
            options: &[
                (
                    "value",
                    BacklogOrder::Value,
                    "estimated value per effort hour",
                ),
                ("fifo", BacklogOrder::Fifo, "oldest first"),
            ],
        },
        default: BacklogOrder::Value,
        doc: Doc::new("order of the backlogs", "—"),
    };
    /// Hours a week each squad's ceremonies cost their holder, drawn for each week's
    /// block when it is a distribution (docs/model.md §7).
    pub(crate) const CEREMONY_HOURS_PER_WEEK: Key<Distributed, Shape> = Key {
        name: "ceremony_hours_per_week",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new("each squad's weekly ceremony block for its holder", "hours"),
    };
    /// Log-sd of the value estimate with no insight.
    pub(crate) const VALUE_NOISE_SD: Key<Number, f64> = Key {
        name: "value_noise_sd",
        rule: Number(Bound::NonNegative),
        default: 1.0,
        doc: Doc::new("log-sd of value estimates with no insight", "—"),
    };
    /// Weeks of lead time that halve an item's value.
    pub(crate) const VALUE_HALF_LIFE_WEEKS: Key<Number, Absent> = Key {
        name: "value_half_life_weeks",
        rule: Number(Bound::Positive),
        default: Absent("none (no decay)"),
        doc: Doc::new("lead time that halves delivered value", "weeks"),
    };
    /// The closed loop: every squad always has a ready item.
    pub(crate) const UNLIMITED_BACKLOG: Key<Flag, bool> = Key {
        name: "unlimited_backlog",
        rule: Flag,
        default: false,
        doc: Doc::new("every squad always has a ready item (closed loop)", "bool"),
    };
    /// Ceremonies per squad, or joint per holder (docs/model.md §17.7).
    pub(crate) const CEREMONIES: Key<Choice<Ceremonies>, Ceremonies> = Key {
        name: "ceremonies",
        rule: Choice {
            options: &[
                (
                    "per_squad",
                    Ceremonies::PerSquad,
                    "a block per squad, at its time",
                ),
                (
                    "joint",
                    Ceremonies::Joint,
                    "one block per holder for all its squads",
                ),
            ],
        },
        default: Ceremonies::PerSquad,
        doc: Doc::new("how a holder of several squads' ceremonies holds them", "—"),
    };
    /// Hours a joint block grows by per squad beyond the first.
    pub(crate) const JOINT_CEREMONY_EXTRA_HOURS: Key<Number, f64> = Key {
        name: "joint_ceremony_extra_hours",
        rule: Number(Bound::NonNegative),
        default: 1.0,
        doc: Doc::new(
            "hours a joint block adds for each squad beyond the first",
            "hours",
        ),
    };
    /// Share of the team's insight that reaches people without discovery.
    pub(crate) const INSIGHT_TRANSFER: Key<Number, f64> = Key {
        name: "insight_transfer",
        rule: Number(Bound::Share),
        default: 1.0,
        doc: Doc::new(
            "share of the team's insight that people without discovery see",
            "share",
        ),
    };
    /// Chance that a decision made with no insight is wrong.
    pub(crate) const WRONG_ANSWER_SHARE: Key<Number, f64> = Key {
        name: "wrong_answer_share",
        rule: Number(Bound::Share),
        default: 0.0,
        doc: Doc::new(
            "chance that a decision is wrong, times (1 − the decider's insight)",
            "share",
        ),
    };
    /// Developer hours a wrong decision adds to its item.
    pub(crate) const REWORK_HOURS: Key<Distributed, Shape> = Key {
        name: "rework_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new(
            "developer effort a wrong decision adds to its item",
            "hours",
        ),
    };
    /// Hours added to an escalated decision taken by someone other than the answerer.
    pub(crate) const HANDOFF_HOURS: Key<Distributed, Shape> = Key {
        name: "handoff_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new(
            "time added to an escalated decision taken by someone other than the answerer",
            "hours",
        ),
    };
    /// What a developer does while its question waits for a decision.
    pub(crate) const WHILE_BLOCKED: Key<Choice<WhileBlocked>, WhileBlocked> = Key {
        name: "while_blocked",
        rule: Choice {
            options: &[
                (
                    "wait",
                    WhileBlocked::Wait,
                    "wait, then resume the same item",
                ),
                (
                    "switch",
                    WhileBlocked::Switch,
                    "take up a decided item, else start a new one",
                ),
            ],
        },
        default: WhileBlocked::Wait,
        doc: Doc::new("what a developer does while its question is open", "—"),
    };
    /// Items a developer who switches may hold in progress.
    pub(crate) const MAX_ITEMS_PER_DEV: Key<Whole, i64> = Key {
        name: "max_items_per_dev",
        rule: Whole { min: 1, max: 100 },
        default: 2,
        doc: Doc::new(
            "items a developer who switches may hold in progress",
            "items",
        ),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "work",
        items: &[
            Item::Value(&ITEM_EFFORT_HOURS),
            Item::Value(&QUESTION_EVERY_HOURS),
            Item::Value(&ANSWER_HOURS),
            Item::Value(&ESCALATION_SHARE),
            Item::Value(&ESCALATION_HOURS),
            Item::Value(&REFINE_HOURS),
            Item::Value(&ACCEPT_HOURS),
            Item::Value(&RESUME_HOURS),
            Item::Value(&READY_PER_DEV),
            Item::Value(&BACKLOG_ORDER),
            Item::Value(&CEREMONY_HOURS_PER_WEEK),
            Item::Value(&VALUE_NOISE_SD),
            Item::Value(&VALUE_HALF_LIFE_WEEKS),
            Item::Value(&UNLIMITED_BACKLOG),
            Item::Value(&CEREMONIES),
            Item::Value(&JOINT_CEREMONY_EXTRA_HOURS),
            Item::Value(&INSIGHT_TRANSFER),
            Item::Value(&WRONG_ANSWER_SHARE),
            Item::Value(&REWORK_HOURS),
            Item::Value(&HANDOFF_HOURS),
            Item::Value(&WHILE_BLOCKED),
            Item::Value(&MAX_ITEMS_PER_DEV),
        ],
    };
}

/// `[discovery]`: customer research; absent, there is none.
pub(crate) mod discovery {
    use super::*;

    /// Share of each holder's week meant for discovery.
    pub(crate) const TARGET_SHARE: Key<Number, f64> = Key {
        name: "target_share",
        rule: Number(Bound::Share),
        default: 0.3,
        doc: Doc::new("share of each holder's week meant for discovery", "share"),
    };
    /// Hours of one session, drawn for each session when it is a distribution; a
    /// week's number of sessions is reckoned with its mean (docs/model.md §8).
    pub(crate) const SESSION_HOURS: Key<Distributed, Shape> = Key {
        name: "session_hours",
        rule: Distributed {
            never_zero: Some(
                "a week's number of sessions is its target hours over a session's mean",
            ),
        },
        default: Shape::Const(1.0),
        doc: Doc::new("length of one session", "hours"),
    };
    /// Weeks after which a session not started is dropped: a deadline the team sets,
    /// not a duration that varies, so a number and never a distribution.
    pub(crate) const DROP_AFTER_WEEKS: Key<Number, f64> = Key {
        name: "drop_after_weeks",
        rule: Number(Bound::Positive),
        default: 2.0,
        doc: Doc::new(
            "a session not started by then is dropped (a deadline: a number, not a distribution)",
            "weeks",
        ),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "discovery",
        items: &[
            Item::Value(&TARGET_SHARE),
            Item::Value(&SESSION_HOURS),
            Item::Value(&DROP_AFTER_WEEKS),
        ],
    };
}

/// `[approval]`: sign-off from outside the team.
pub(crate) mod approval {
    use super::*;

    /// Share of decisions that wait for sign-off.
    pub(crate) const SHARE: Key<Number, f64> = Key {
        name: "share",
        rule: Number(Bound::Share),
        default: 0.0,
        doc: Doc::new(
            "share of escalations and accepted triage decisions awaiting outside sign-off",
            "share",
        ),
    };
    /// Hours of the wait.
    pub(crate) const DELAY_HOURS: Key<Distributed, Shape> = Key {
        name: "delay_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Const(0.0),
        doc: Doc::new("wait for that sign-off", "hours"),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "approval",
        items: &[Item::Value(&SHARE), Item::Value(&DELAY_HOURS)],
    };
}

/// `priorities = { triage = 2 }`: duties' priorities.
pub(crate) mod priorities {
    use super::*;

    /// The priority of one duty; the default is the duty's own.
    pub(crate) const PRIORITY: Key<Whole, PerDuty> = Key {
        name: "priority",
        rule: Whole { min: 0, max: 9 },
        default: PerDuty,
        doc: Doc::new("priority of a duty (smaller first)", "integer"),
    };
    /// The table.
    pub(crate) const MAP: Map = Map {
        name: "priorities",
        placeholder: "DUTY",
        names: Names::Duties,
        value: &PRIORITY,
    };

    /// Each duty's default priority ([`Duty::default_priority`]).
    pub(crate) struct PerDuty;

    impl Fallback<Whole> for PerDuty {
        fn words(&self, _: &Whole) -> String {
            let mut duties = Duty::ALL.to_vec();
            duties.sort_by_key(|d| d.default_priority());
            let words: Vec<String> = duties
                .iter()
                .map(|d| format!("{d} {}", d.default_priority()))
                .collect();
            words.join(", ")
        }
    }
}

/// `[[stakeholders]]`: groups sending requests.
pub(crate) mod stakeholder {
    use super::*;

    /// The group's name.
    pub(crate) const NAME: Key<Text, Required> = Key {
        name: "name",
        rule: Text { non_empty: true },
        default: Required("a stakeholder group needs a `name`"),
        doc: Doc::new("group name in outputs", "text"),
    };
    /// Poisson rate of requests, constant or by measured week (docs/model.md §17.6).
    pub(crate) const REQUESTS_PER_WEEK: Key<Demand, Required> = Key {
        name: "requests_per_week",
        rule: Demand,
        default: Required("a stakeholder group needs `requests_per_week`"),
        doc: Doc::new("Poisson rate of requests", "per week"),
    };
    /// Hours to triage one request.
    pub(crate) const TRIAGE_HOURS: Key<Distributed, Shape> = Key {
        name: "triage_hours",
        rule: Distributed { never_zero: None },
        default: Shape::Exp { mean: 0.5 },
        doc: Doc::new("time to triage one request", "hours"),
    };
    /// Share of requests a perfectly informed triager accepts.
    pub(crate) const ACCEPT_SHARE: Key<Number, f64> = Key {
        name: "accept_share",
        rule: Number(Bound::Share),
        default: 0.25,
        doc: Doc::new("share a perfectly informed triager accepts", "share"),
    };
    /// Backlog items per accepted request.
    pub(crate) const ITEMS_PER_REQUEST: Key<Distributed, Shape> = Key {
        name: "items_per_request",
        rule: Distributed { never_zero: None },
        default: Shape::Const(1.0),
        doc: Doc::new(
            "backlog items per accepted request (rounded, at least 1)",
            "items",
        ),
    };
    /// True value of a request.
    pub(crate) const VALUE: Key<Distributed, Shape> = Key {
        name: "value",
        rule: Distributed { never_zero: None },
        default: Shape::LogNormal {
            mean: 10.0,
            sd: 10.0,
        },
        doc: Doc::new("true value of a request", "value"),
    };
    /// Priority of the group's triage tasks.
    pub(crate) const PRIORITY: Key<Whole, Absent> = Key {
        name: "priority",
        rule: Whole { min: 0, max: 9 },
        default: Absent("the structure's triage priority"),
        doc: Doc::new("priority of this group's triage tasks", "integer"),
    };
    /// The squad that gets all the group's items.
    pub(crate) const SQUAD: Key<Whole, Absent> = Key {
        name: "squad",
        rule: Whole {
            min: 0,
            max: MAX_HEADS - 1,
        },
        default: Absent("none (round-robin)"),
        doc: Doc::new("squad (from 0) that gets all its items", "index"),
    };
    /// One group.
    pub(crate) const TABLE: Layout = Layout {
        name: "stakeholders",
        items: &[
            Item::Value(&NAME),
            Item::Value(&REQUESTS_PER_WEEK),
            Item::Value(&TRIAGE_HOURS),
            Item::Value(&ACCEPT_SHARE),
            Item::Value(&ITEMS_PER_REQUEST),
            Item::Value(&VALUE),
            Item::Value(&PRIORITY),
            Item::Value(&SQUAD),
        ],
    };
    /// The list.
    pub(crate) const LIST: List = List {
        layout: &TABLE,
        expected: "a list of tables ([[stakeholders]])",
        missing: None,
        summarized: false,
        named_by: Some(&NAME),
    };
}

/// `[costs]`: yearly cost per role name, and of a developer.
pub(crate) mod costs {
    use super::*;

    /// The yearly cost of one person of a role.
    pub(crate) const YEARLY_COST: Key<Number, Absent> = Key {
        name: "a yearly cost",
        rule: Number(Bound::NonNegative),
        default: Absent("none"),
        doc: Doc::new(
            "yearly cost of one person of the role / one developer",
            "money per year",
        ),
    };
    /// Money per unit of delivered value: what turns `value_per_week` into money, for
    /// `net_value_per_week`. A key of the table, not a role.
    pub(crate) const VALUE: Key<Number, Absent> = Key {
        name: "value",
        rule: Number(Bound::NonNegative),
        default: Absent("none (no `net_value_per_week`)"),
        doc: Doc::new(
            "money per unit of delivered value, for `net_value_per_week` (a key, not a role)",
            "money per unit of value",
        ),
    };
    /// The key of a developer's cost, which the table must hold.
    pub(crate) const DEVELOPER: &str = "dev";
    /// The message when it does not.
    pub(crate) const NO_DEVELOPER: &str = "[costs] needs `dev`, the yearly cost of one developer";
    /// The table.
    pub(crate) const MAP: Map = Map {
        name: "costs",
        placeholder: "ROLE",
        names: Names::Roles {
            required: DEVELOPER,
            reserved: &[&VALUE],
        },
        value: &YEARLY_COST,
    };
}

/// `[warnings]`: thresholds of the warning signs (docs/model.md §13).
pub(crate) mod warnings {
    use super::*;

    /// Developers wait too long.
    pub(crate) const DECISION_LATENCY_P90_H: Key<Number, f64> = Key {
        name: "decision_latency_p90_h",
        rule: Number(Bound::NonNegative),
        default: 4.0,
        doc: Doc::new("flag when `decision_latency_p90_h` is above this", "hours"),
    };
    /// Interviews postponed.
    pub(crate) const DISCOVERY_SHARE_OF_TARGET: Key<Number, f64> = Key {
        name: "discovery_share_of_target",
        rule: Number(Bound::NonNegative),
        default: 0.5,
        doc: Doc::new(
            "flag when `discovery_share` is below this share of the target",
            "share",
        ),
    };
    /// Backlog work crowds out discovery.
    pub(crate) const BACKLOG_WORK_SHARE: Key<Number, f64> = Key {
        name: "backlog_work_share",
        rule: Number(Bound::NonNegative),
        default: 0.6,
        doc: Doc::new(
            "flag when refine + accept + ceremony exceed this share of the time of someone who holds discovery (`backlog_work_share_max`)",
            "share",
        ),
    };
    /// Squads compete for one person.
    pub(crate) const SHARED_UTIL_MAX: Key<Number, f64> = Key {
        name: "shared_util_max",
        rule: Number(Bound::NonNegative),
        default: 0.85,
        doc: Doc::new(
            "flag when `shared_util_max` (the busiest person serving two or more squads) is above this",
            "share",
        ),
    };
    /// Burn-out.
    pub(crate) const OVERLOAD_WEEK_SHARE_MAX: Key<Number, f64> = Key {
        name: "overload_week_share_max",
        rule: Number(Bound::NonNegative),
        default: 0.25,
        doc: Doc::new(
            "flag when `overload_week_share_max` (the worst person's share of weeks above 90% busy) is above this",
            "share",
        ),
    };
    /// Stakeholders wait for a verdict.
    pub(crate) const TRIAGE_WAIT_MEAN_H: Key<Number, f64> = Key {
        name: "triage_wait_mean_h",
        rule: Number(Bound::NonNegative),
        default: 40.0,
        doc: Doc::new("flag when `triage_wait_mean_h` is above this", "hours"),
    };
    /// Developers wait for work.
    pub(crate) const DEV_STARVED_SHARE: Key<Number, f64> = Key {
        name: "dev_starved_share",
        rule: Number(Bound::NonNegative),
        default: 0.25,
        doc: Doc::new("flag when `dev_starved_share` is above this", "share"),
    };
    /// The structure does not settle.
    pub(crate) const QUEUE_GROWTH: Key<Number, f64> = Key {
        name: "queue_growth",
        rule: Number(Bound::NonNegative),
        default: 0.2,
        doc: Doc::new(
            "flag `not_settled` when `queue_growth_max` is above this",
            "—",
        ),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "warnings",
        items: &[
            Item::Value(&DECISION_LATENCY_P90_H),
            Item::Value(&DISCOVERY_SHARE_OF_TARGET),
            Item::Value(&BACKLOG_WORK_SHARE),
            Item::Value(&SHARED_UTIL_MAX),
            Item::Value(&OVERLOAD_WEEK_SHARE_MAX),
            Item::Value(&TRIAGE_WAIT_MEAN_H),
            Item::Value(&DEV_STARVED_SHARE),
            Item::Value(&QUEUE_GROWTH),
        ],
    };
}

/// `[compare]`: how two structures are judged against each other (docs/model.md §14).
pub(crate) mod compare {
    use super::*;

    /// The practical margin.
    pub(crate) const MIN_EFFECT: Key<MetricShares, f64> = Key {
        name: "min_effect",
        rule: MetricShares,
        default: 0.02,
        doc: Doc::new(
            "smallest difference that counts as `better` or `worse`, as a share of B's mean (≥ 0); a table `{ default = …, METRIC = … }` sets it per metric",
            "share",
        ),
    };
    /// The table.
    pub(crate) const TABLE: Layout = Layout {
        name: "compare",
        items: &[Item::Value(&MIN_EFFECT)],
    };
}

/// One entry of a structure's `people`.
pub(crate) mod person {
    use super::*;

    /// The role's name.
    pub(crate) const ROLE: Key<Text, Required> = Key {
        name: "role",
        rule: Text { non_empty: true },
        default: Required("a people entry needs a `role`, such as \"po\""),
        doc: Doc::new(
            "role name, free text, used in outputs and in [costs]",
            "text",
        ),
    };
    /// The duties held.
    pub(crate) const DUTIES: Key<DutyNames, Required> = Key {
        name: "duties",
        rule: DutyNames,
        default: Required("a people entry needs `duties`, such as [\"answer\", \"refine\"]"),
        doc: Doc::new("duties held", "—"),
    };
    /// A pool serving all squads.
    pub(crate) const COUNT: Key<Whole, Absent> = Key {
        name: "count",
        rule: Whole {
            min: 1,
            max: MAX_HEADS,
        },
        default: Absent("—"),
        doc: Doc::new("people serving all squads as one pool", "count"),
    };
    /// People in each squad.
    pub(crate) const PER_SQUAD: Key<Whole, Absent> = Key {
        name: "per_squad",
        rule: Whole {
            min: 1,
            max: MAX_HEADS,
        },
        default: Absent("—"),
        doc: Doc::new("people in each squad, each serving only it", "count"),
    };
    /// One person for every so many squads.
    pub(crate) const SQUADS_EACH: Key<Whole, Absent> = Key {
        name: "squads_each",
        rule: Whole {
            min: 1,
            max: MAX_HEADS,
        },
        default: Absent("—"),
        doc: Doc::new("squads served by each person", "count"),
    };
    /// How many people the entry stands for: exactly one of these.
    pub(crate) const STAFFING: [&Key<Whole, Absent>; 3] = [&COUNT, &PER_SQUAD, &SQUADS_EACH];
    /// Share of the week on these duties (docs/model.md §17.2).
    pub(crate) const AVAILABILITY: Key<Number, f64> = Key {
        name: "availability",
        rule: Number(Bound::PositiveAtMost(1.0)),
        default: 1.0,
        doc: Doc::new("share of the week spent on these duties", "share"),
    };
    /// Where that share falls.
    pub(crate) const PATTERN: Key<Choice<Pattern>, Pattern> = Key {
        name: "pattern",
        rule: Choice {
            options: &[
                (
                    "daily",
                    Pattern::Daily,
                    "the first share of each of five equal days",
                ),
                ("weekly", Pattern::Weekly, "the first share of the week"),
            ],
        },
        default: Pattern::Daily,
        doc: Doc::new("where the available share falls", "—"),
    };
    /// Whole weeks away a year (docs/model.md §17.3).
    pub(crate) const ABSENCE_WEEKS_PER_YEAR: Key<Whole, i64> = Key {
        name: "absence_weeks_per_year",
        rule: Whole { min: 0, max: 52 },
        default: 0,
        doc: Doc::new(
            "whole weeks each such person is away in every 52-week year, drawn at random",
            "weeks",
        ),
    };
    /// The measured week the person joins (docs/model.md §17.4).
    pub(crate) const FROM_WEEK: Key<Whole, Absent> = Key {
        name: "from_week",
        rule: Whole {
            min: -MAX_WEEK,
            max: MAX_WEEK,
        },
        default: Absent("on the team from the start"),
        doc: Doc::new(
            "measured week the person joins (warm-up weeks count as −1, −2 …)",
            "week",
        ),
    };
    /// The measured week the person leaves.
    pub(crate) const UNTIL_WEEK: Key<Whole, Absent> = Key {
        name: "until_week",
        rule: Whole {
            min: -MAX_WEEK,
            max: MAX_WEEK,
        },
        default: Absent("never leaves"),
        doc: Doc::new("measured week the person leaves, after `from_week`", "week"),
    };
    /// Weeks of ramp-up after joining.
    pub(crate) const RAMP_WEEKS: Key<Number, f64> = Key {
        name: "ramp_weeks",
        rule: Number(Bound::NonNegative),
        default: 0.0,
        doc: Doc::new(
            "weeks after joining over which its time factor falls from 2 to 1",
            "weeks",
        ),
    };
    /// Hours a week of other recurring work (docs/model.md §17.5).
    pub(crate) const OTHER_HOURS_PER_WEEK: Key<Number, f64> = Key {
        name: "other_hours_per_week",
        rule: Number(Bound::NonNegative),
        default: 0.0,
        doc: Doc::new(
            "a weekly block of other work (roadmap, reporting), booked as `other`",
            "hours",
        ),
    };
    /// The priority of that block.
    pub(crate) const OTHER_PRIORITY: Key<Whole, i64> = Key {
        name: "other_priority",
        rule: Whole { min: 0, max: 9 },
        default: 0,
        doc: Doc::new("priority of that block (smaller first)", "integer"),
    };
    /// A person's hours of one duty against the duty's drawn hours.
    pub(crate) const FACTOR: Key<Number, f64> = Key {
        name: "time_factor",
        rule: Number(Bound::Positive),
        default: 1.0,
        doc: Doc::new("multiplies each such person's hours of a duty", "factor"),
    };
    /// `time_factor = { answer = 0.8 }`: a factor per duty held.
    pub(crate) const TIME_FACTOR: Map = Map {
        name: "time_factor",
        placeholder: "DUTY",
        names: Names::Duties,
        value: &FACTOR,
    };
    /// One entry.
    pub(crate) const TABLE: Layout = Layout {
        name: "people",
        items: &[
            Item::Value(&ROLE),
            Item::Value(&DUTIES),
            Item::OneOf(&STAFFING),
            Item::Value(&AVAILABILITY),
            Item::Value(&PATTERN),
            Item::Value(&ABSENCE_WEEKS_PER_YEAR),
            Item::Value(&FROM_WEEK),
            Item::Value(&UNTIL_WEEK),
            Item::Value(&RAMP_WEEKS),
            Item::Value(&OTHER_HOURS_PER_WEEK),
            Item::Value(&OTHER_PRIORITY),
            Item::Map(&TIME_FACTOR),
        ],
    };
    /// The list.
    pub(crate) const LIST: List = List {
        layout: &TABLE,
        expected: "a list of people such as [ { role = \"po\", per_squad = 1, duties = [\"answer\"] } ]",
        missing: Some(
            "a structure needs `people`, such as [ { role = \"pm-po\", count = 1, duties = [\"answer\"] } ]",
        ),
        summarized: true,
        named_by: None,
    };
}

/// `[[structures]]`: who holds which duty, and a structure's own settings.
pub(crate) mod structure {
    use super::*;

    /// The structure's name.
    pub(crate) const NAME: Key<Text, Required> = Key {
        name: "name",
        rule: Text { non_empty: true },
        default: Required("a structure needs a `name`"),
        doc: Doc::new("unique structure name", "text"),
    };
    /// One structure.
    pub(crate) const TABLE: Layout = Layout {
        name: "structures",
        items: &[
            Item::Value(&NAME),
            Item::Inherited(&TEAM),
            Item::Inherited(&WORK),
            Item::Inherited(&DISCOVERY),
            Item::Inherited(&APPROVAL),
            Item::Inherited(&Item::Value(&PREEMPT)),
            Item::Inherited(&Item::Value(&SWITCH_HOURS)),
            Item::Inherited(&Item::Value(&AGING_HOURS)),
            Item::Inherited(&PRIORITIES),
            Item::List(&person::LIST),
        ],
    };
    /// The list.
    pub(crate) const LIST: List = List {
        layout: &TABLE,
        expected: "a list of tables ([[structures]])",
        missing: Some(
            "a scenario needs at least one [[structures]] entry, each listing its people",
        ),
        summarized: false,
        named_by: Some(&NAME),
    };
}

const TEAM: Item = Item::Table(&team::TABLE);
const WORK: Item = Item::Table(&work::TABLE);
const DISCOVERY: Item = Item::Table(&discovery::TABLE);
const APPROVAL: Item = Item::Table(&approval::TABLE);
const PRIORITIES: Item = Item::Map(&priorities::MAP);

/// The top level of a file.
pub(crate) const ROOT: Layout = Layout {
    name: "",
    items: &[
        Item::Value(&NAME),
        Item::Value(&DESCRIPTION),
        Item::Table(&run::TABLE),
        TEAM,
        WORK,
        DISCOVERY,
        APPROVAL,
        Item::Value(&PREEMPT),
        Item::Value(&SWITCH_HOURS),
        Item::Value(&AGING_HOURS),
        PRIORITIES,
        Item::List(&stakeholder::LIST),
        Item::Map(&costs::MAP),
        Item::Table(&warnings::TABLE),
        Item::Table(&compare::TABLE),
        Item::List(&structure::LIST),
        Item::Sweep,
        Item::Uncertainty(&uncertainty::RANGES),
    ],
};

/// The top-level table of fixed keys that holds `key`, for an unknown key that
/// belongs elsewhere.
pub(crate) fn home_of(key: &str) -> Option<&'static str> {
    ROOT.items.iter().find_map(|item| match item {
        Item::Table(table) if table.keys().contains(&key) => Some(table.name),
        Item::Uncertainty(ranges) if ranges.layout.keys().contains(&key) => {
            Some(ranges.layout.name)
        }
        _ => None,
    })
}

/// Whether a sweep may set the field at `path`: a top-level value, a key of a table
/// of fixed keys, a duty's priority or a role's cost; or such a field of one entry of
/// a list of named tables, by its name (`stakeholders.NAME.priority`,
/// `structures.NAME.switch_hours`), or of one entry of a list without names inside
/// it, by its position (`structures.NAME.people.1.count`). Whether an entry of that
/// name or position exists is the file's to say.
pub(crate) fn is_sweepable(path: &[String]) -> bool {
    ROOT.items.iter().any(|item| reaches(item, path))
}

/// For a sweep path into an entry of a named list (`structures.NAME.…`), the list
/// without names that its next step enters (`people`), if it does: its entries are
/// told apart by position, the step after it.
pub(crate) fn indexed_list(path: &[String]) -> Option<&'static List> {
    let outer = named_list(path)?;
    let inner = path.get(2)?;
    outer.layout.items.iter().find_map(|item| match item {
        Item::List(list) if list.named_by.is_none() && list.layout.name == inner => Some(*list),
        _ => None,
    })
}

/// The paths a sweep may set within one entry of `list` (`count`, `availability`,
/// `time_factor.answer`), for did-you-mean.
pub(crate) fn entry_fields(list: &List) -> Vec<String> {
    let mut out = Vec::new();
    for item in list.layout.items {
        match item {
            Item::Value(value) if value.sweepable() => out.push(value.name().to_string()),
            Item::OneOf(keys) => out.extend(keys.iter().map(|key| key.name().to_string())),
            Item::Map(map) if matches!(map.names, Names::Duties) => {
                out.extend(Duty::ALL.iter().map(|d| format!("{}.{d}", map.name)));
            }
            _ => {}
        }
    }
    out
}

/// The list of named tables whose entry a sweep path names (`stakeholders` for
/// `stakeholders.sales.priority`), if it is such a path: `LIST.NAME.FIELD…`.
pub(crate) fn named_list(path: &[String]) -> Option<&'static List> {
    let [list, _, field @ ..] = path else {
        return None;
    };
    ROOT.items.iter().find_map(|item| match item {
        Item::List(l) if l.layout.name == list && l.named_by.is_some() && !field.is_empty() => {
            Some(*l)
        }
        _ => None,
    })
}

/// Whether a structure may set its own value of the top-level field at `path`, which
/// then overrides it for that structure (`switch_hours`, `team.squads`).
pub(crate) fn overridable(path: &[String]) -> bool {
    structure::TABLE
        .items
        .iter()
        .any(|item| matches!(item, Item::Inherited(_)) && reaches(item, path))
}

/// The key a sweep path leads to (`team.squads`: [`team::SQUADS`]), as the
/// documentation and the sweep see it; `None` unless [`is_sweepable`].
pub(crate) fn key_at(path: &[String]) -> Option<&'static dyn Described> {
    ROOT.items.iter().find_map(|item| key_in(item, path))
}

/// The key `path`, read from where `item` stands, leads to, if a sweep may set it.
fn key_in(item: &'static Item, path: &[String]) -> Option<&'static dyn Described> {
    match (item, path) {
        (Item::Inherited(inner), _) => key_in(inner, path),
        (Item::Value(value), [key]) => (value.name() == key && value.sweepable()).then_some(*value),
        (Item::Table(layout), [table, key]) if layout.name == table => layout
            .items
            .iter()
            .find_map(|item| key_in(item, std::slice::from_ref(key))),
        (Item::Map(map), [table, key]) if map.name == table => match map.names {
            Names::Duties => Duty::from_name(key).map(|_| map.value),
            Names::Roles { reserved, .. } => Some(
                reserved
                    .iter()
                    .find(|k| k.name() == key)
                    .copied()
                    .unwrap_or(map.value),
            ),
        },
        (Item::List(list), [name, _entry, field @ ..])
            if list.layout.name == name && list.named_by.is_some() =>
        {
            list.layout
                .items
                .iter()
                .find_map(|item| key_in(item, field))
        }
        // An entry of a list without names, by its position (a structure's people).
        (Item::List(list), [name, index, field @ ..])
            if list.layout.name == name
                && list.named_by.is_none()
                && index.parse::<usize>().is_ok() =>
        {
            list.layout
                .items
                .iter()
                .find_map(|item| key_in(item, field))
        }
        (Item::OneOf(keys), [key]) => keys
            .iter()
            .find(|k| k.name() == key)
            .map(|k| *k as &'static dyn Described),
        _ => None,
    }
}

/// Whether the sweep path `path`, read from where `item` stands, ends at a value a
/// sweep may set.
fn reaches(item: &Item, path: &[String]) -> bool {
    match (item, path) {
        (Item::Inherited(inner), _) => reaches(inner, path),
        (Item::Value(value), [key]) => value.name() == key && value.sweepable(),
        (Item::Table(layout), [table, key]) => {
            layout.name == table
                && layout
                    .items
                    .iter()
                    .any(|item| reaches(item, std::slice::from_ref(key)))
        }
        (Item::Map(map), [table, key]) => {
            map.name == table
                && match map.names {
                    Names::Duties => Duty::from_name(key).is_some(),
                    Names::Roles { .. } => true,
                }
        }
        // An entry of a list without names, by its position.
        (Item::List(list), [name, index, field @ ..]) if list.named_by.is_none() => {
            list.layout.name == name
                && index.parse::<usize>().is_ok()
                && list.layout.items.iter().any(|item| reaches(item, field))
        }
        (Item::List(list), [name, _entry, field @ ..]) => {
            list.layout.name == name
                && list.named_by.is_some()
                && list.layout.items.iter().any(|item| reaches(item, field))
        }
        // One of the keys of which an entry writes exactly one (`count`, `per_squad`).
        (Item::OneOf(keys), [key]) => keys.iter().any(|k| k.name() == key),
        _ => false,
    }
}

/// Every path a sweep may set, for did-you-mean: top-level values, then the keys of
/// each table of fixed keys, then the names of each table of names (every duty, the
/// required role), then the same of each entry of a list of named tables, whose
/// names in the file `names` gives.
pub(crate) fn sweepable_paths(names: &dyn Fn(&List) -> Vec<String>) -> Vec<String> {
    let mut all = Vec::new();
    paths_in(ROOT.items, "", names, &mut all);
    all
}

/// Appends the sweepable paths of `items`, each starting with `prefix`.
fn paths_in(
    items: &'static [Item],
    prefix: &str,
    names: &dyn Fn(&List) -> Vec<String>,
    out: &mut Vec<String>,
) {
    // A structure's own values are swept as the top level's are.
    let own = |item: &'static Item| match item {
        Item::Inherited(inner) => *inner,
        other => other,
    };
    for item in items.iter().map(own) {
        if let Item::Value(value) = item {
            if value.sweepable() {
                out.push(format!("{prefix}{}", value.name()));
            }
        }
    }
    for item in items.iter().map(own) {
        if let Item::Table(layout) = item {
            for key in layout.items {
                if let Item::Value(value) = key {
                    if value.sweepable() {
                        out.push(format!("{prefix}{}.{}", layout.name, value.name()));
                    }
                }
            }
        }
    }
    for item in items.iter().map(own) {
        if let Item::Map(map) = item {
            match map.names {
                Names::Duties => {
                    out.extend(
                        Duty::ALL
                            .iter()
                            .map(|d| format!("{prefix}{}.{d}", map.name)),
                    );
                }
                Names::Roles { required, reserved } => {
                    out.push(format!("{prefix}{}.{required}", map.name));
                    let keys = reserved.iter().filter(|key| key.sweepable());
                    out.extend(keys.map(|key| format!("{prefix}{}.{}", map.name, key.name())));
                }
            }
        }
    }
    for item in items {
        if let Item::List(list) = item {
            if list.named_by.is_some() {
                for name in names(list) {
                    let prefix = format!("{prefix}{}.{name}.", list.layout.name);
                    paths_in(list.layout.items, &prefix, names, out);
                }
            }
        }
    }
}

/// The documentation's table of fields and defaults, in Markdown: one line per key
/// (a list of tables shown in one line when it is summarized), in schema order.
pub fn fields_table() -> String {
    let mut out = String::from("| field | meaning | unit | default |\n|---|---|---|---|\n");
    rows(&ROOT, "", &mut out);
    out
}

/// Appends the lines of `layout`'s keys, their paths starting with `prefix`.
fn rows(layout: &Layout, prefix: &str, out: &mut String) {
    for item in layout.items {
        match item {
            Item::Value(value) => line(out, format!("`{prefix}{}`", value.name()), value.cells()),
            Item::Map(map) => map_line(out, prefix, map),
            Item::List(list) if list.summarized => {
                let keys: Vec<String> = list
                    .layout
                    .items
                    .iter()
                    .filter(|item| in_summary(item))
                    .map(|item| item.names().join(" / "))
                    .collect();
                let required = if list.missing.is_some() {
                    "*required*, "
                } else {
                    ""
                };
                let meaning = format!("{required}list of `{{ {} }}`", keys.join(", "));
                line(
                    out,
                    format!("`{prefix}{}`", list.layout.name),
                    [meaning, "—".into(), "—".into()],
                );
                // The optional keys of an entry, each with its default, below it.
                let entry = format!("{prefix}{}[].", list.layout.name);
                for item in list.layout.items.iter().filter(|item| !in_summary(item)) {
                    match item {
                        Item::Value(value) => {
                            line(out, format!("`{entry}{}`", value.name()), value.cells());
                        }
                        Item::Map(map) => map_line(out, &entry, map),
                        _ => {}
                    }
                }
            }
            // Tables and lists are shown key by key below their own line-less heading.
            Item::Table(table) => rows(table, &format!("{prefix}{}.", table.name), out),
            Item::Uncertainty(ranges) => {
                let name = ranges.layout.name;
                rows(ranges.layout, &format!("{prefix}{name}."), out);
                let [meaning, unit] = [ranges.doc.meaning, ranges.doc.unit].map(String::from);
                line(
                    out,
                    format!("`{prefix}{name}.{}`", ranges.placeholder),
                    [meaning, unit, "—".into()],
                );
            }
            Item::List(list) => rows(
                list.layout,
                &format!("{prefix}{}[].", list.layout.name),
                out,
            ),
            // Documented elsewhere: with the table they override, or in its own section.
            Item::OneOf(_) | Item::Inherited(_) | Item::Sweep => {}
        }
    }
}

/// Whether a summarized list's one line names the key: what the entry must say
/// (required keys, and a choice among keys), not what it may add.
fn in_summary(item: &Item) -> bool {
    match item {
        Item::Value(value) => value.is_required(),
        Item::OneOf(_) => true,
        _ => false,
    }
}

/// Appends the lines of a table of names: its entries, then each reserved key.
fn map_line(out: &mut String, prefix: &str, map: &Map) {
    let mut field = format!("`{prefix}{}.{}`", map.name, map.placeholder);
    if let Names::Roles { required, .. } = map.names {
        field.push_str(&format!(", `{prefix}{}.{required}`", map.name));
    }
    line(out, field, map.value.cells());
    if let Names::Roles { reserved, .. } = map.names {
        for key in reserved {
            line(
                out,
                format!("`{prefix}{}.{}`", map.name, key.name()),
                key.cells(),
            );
        }
    }
}

/// Appends one line of the table.
fn line(out: &mut String, field: String, [meaning, unit, default]: [String; 3]) {
    out.push_str(&format!("| {field} | {meaning} | {unit} | {default} |\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misplaced_keys_find_their_table() {
        assert_eq!(home_of("squads"), Some("team"));
        assert_eq!(home_of("share"), Some("approval"));
        assert_eq!(home_of("people"), None);
    }

    #[test]
    fn sweeps_reach_values_of_fixed_tables_duties_roles_and_named_entries_only() {
        let path = |p: &str| p.split('.').map(str::to_string).collect::<Vec<_>>();
        for ok in [
            "preempt",
            "team.squads",
            "priorities.answer",
            "costs.po",
            "costs.value",
            "stakeholders.sales.priority",
            "stakeholders.sales.requests_per_week",
            "stakeholders.sales.value",
            "structures.combined.switch_hours",
            "structures.combined.team.squads",
            "structures.combined.priorities.triage",
        ] {
            assert!(is_sweepable(&path(ok)), "{ok}");
        }
        for no in [
            "name",
            "team",
            "priorities.answr",
            "stakeholders.name",
            "stakeholders.sales.name",
            "stakeholders.sales",
            "structures.combined.name",
            "structures.combined.people",
            "structures.combined.run.weeks",
            "structures.combined.costs.dev",
        ] {
            assert!(!is_sweepable(&path(no)), "{no}");
        }
        let none = sweepable_paths(&|_| Vec::new());
        assert_eq!(
            none[..4],
            ["preempt", "switch_hours", "aging_hours", "run.weeks"]
        );
        assert!(none.iter().all(|p| is_sweepable(&path(p))));
        assert_eq!(none[none.len() - 2..], ["costs.dev", "costs.value"]);
        let named = sweepable_paths(&|list| vec![format!("{}-one", list.layout.name)]);
        assert!(named.iter().all(|p| is_sweepable(&path(p))));
        for p in [
            "stakeholders.stakeholders-one.accept_share",
            "structures.structures-one.work.answer_hours",
        ] {
            assert!(named.iter().any(|n| n == p), "{p}");
        }
    }

    #[test]
    fn structures_override_what_they_inherit_only() {
        let path = |p: &str| p.split('.').map(str::to_string).collect::<Vec<_>>();
        for yes in [
            "switch_hours",
            "preempt",
            "aging_hours",
            "team.squads",
            "work.answer_hours",
            "priorities.answer",
            "discovery.target_share",
            "approval.share",
        ] {
            assert!(overridable(&path(yes)), "{yes}");
        }
        for no in [
            "run.weeks",
            "costs.dev",
            "warnings.product_util_max",
            "name",
        ] {
            assert!(!overridable(&path(no)), "{no}");
        }
        assert!(named_list(&path("stakeholders.sales.priority")).is_some());
        assert!(named_list(&path("team.squads")).is_none());
    }
}
