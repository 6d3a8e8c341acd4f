//! What one structure of one scenario point asks of the model, counted from the
//! scenario alone: developers, product people, the queues they watch, weeks, and the
//! expected requests, items, questions and sessions of one trial.

use crate::scenario::{Duty, DutySet, Pattern, PersonGroup, Scenario, Staffing, Structure};

/// Duties whose tasks are queued per squad (docs/model.md §9), as the model lays out
/// its queues: a person holding one watches a queue for each squad it serves.
const PER_SQUAD: [Duty; 5] = [
    Duty::Escalation,
    Duty::Answer,
    Duty::Refine,
    Duty::Accept,
    Duty::Ceremony,
];

/// One `people` entry, as far as cost goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeopleLoad {
    /// How many and for which squads.
    pub staffing: Staffing,
    /// The duties held.
    pub duties: DutySet,
    /// Share of each person's hours at work on the team: its availability, less its
    /// absent weeks (docs/model.md §17).
    pub at_work: f64,
    /// Hours a week each person spends on other recurring work.
    pub other_hours: f64,
    /// Events a week each person adds besides its tasks: its spells at work starting
    /// and ending, and its block of other work.
    pub weekly_events: f64,
}

impl PeopleLoad {
    /// The load of one people entry.
    fn of(group: &PersonGroup) -> PeopleLoad {
        let time = &group.time;
        let absent = f64::from(time.absence_weeks_per_year) / 52.0;
        // A part-timer comes and goes once per period of its pattern.
        let spells = match (time.availability < 1.0, time.pattern) {
            (false, _) => 0.0,
            (true, Pattern::Daily) => 2.0 * 5.0,
            (true, Pattern::Weekly) => 2.0,
        };
        let other = time.other.map_or(0.0, |o| o.hours_per_week);
        PeopleLoad {
            staffing: group.staffing,
            duties: group.duties,
            at_work: time.availability * (1.0 - absent),
            other_hours: other,
            weekly_events: spells + if other > 0.0 { 1.0 } else { 0.0 },
        }
    }

    /// People the entry stands for in a team of `squads` squads.
    fn heads(self, squads: u64) -> f64 {
        // Squads came from a `u32`, and heads fit one within the schema's bounds.
        f64::from(
            self.staffing
                .heads(u32::try_from(squads).unwrap_or(u32::MAX)),
        )
    }

    /// Queues the entry's people watch together: per-squad duties for each squad one
    /// serves, plus triage and a discovery queue of one's own.
    fn queue_seats(self, squads: u64) -> f64 {
        let per_squad = PER_SQUAD
            .iter()
            .filter(|d| self.duties.contains(**d))
            .count() as f64;
        let team_wide = [Duty::Triage, Duty::Discovery]
            .iter()
            .filter(|d| self.duties.contains(**d))
            .count() as f64;
        let heads = self.heads(squads);
        let squads_each = match self.staffing {
            Staffing::Count(_) => squads as f64,
            Staffing::PerSquad(_) => 1.0,
            Staffing::SquadsEach(m) => f64::from(m).min(squads as f64),
        };
        heads * (per_squad * squads_each + team_wide)
    }
}

/// One stakeholder group, as far as cost goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupLoad {
    /// Requests a week.
    pub requests_per_week: f64,
    /// Mean hours of triage a request takes.
    pub triage_hours: f64,
    /// Items an accepted request becomes, on average (at least 1).
    pub items_per_accepted: f64,
    /// Share accepted.
    pub accept_share: f64,
}

/// What one trial of one structure of a point simulates.
#[derive(Debug, Clone)]
pub(crate) struct StructureLoad {
    /// Measured weeks.
    pub measured_weeks: u64,
    /// Warm-up weeks.
    pub warmup_weeks: u64,
    /// Working hours in a week.
    pub hours_per_week: f64,
    /// Squads.
    pub squads: u64,
    /// Developers in each squad.
    pub devs_per_squad: u64,
    /// The people entries.
    pub people: Vec<PeopleLoad>,
    /// The stakeholder groups sending work; none under `unlimited_backlog`.
    pub groups: Vec<GroupLoad>,
    /// Mean working hours between two questions of a developer.
    pub question_every_hours: f64,
    /// Mean developer hours of an item.
    pub item_effort_hours: f64,
    /// Product hours a question takes on average: its answer, and its escalation when
    /// it escalates.
    pub hours_per_question: f64,
    /// Product hours an item takes on average: refinement and acceptance.
    pub hours_per_item: f64,
    /// Discovery sessions a holder is given each week; 0 without discovery.
    pub sessions_per_week: f64,
    /// Mean hours of one discovery session.
    pub session_hours: f64,
    /// Mean hours of each squad's weekly ceremony block; 0 for none.
    pub ceremony_hours: f64,
    /// Whether every squad always has a ready item.
    pub unlimited_backlog: bool,
}

impl StructureLoad {
    /// The load of structure `structure` of `point`.
    pub fn of(point: &Scenario, structure: &Structure) -> StructureLoad {
        let run = &point.run;
        let work = &structure.work;
        let groups = if work.unlimited_backlog {
            Vec::new()
        } else {
            point
                .stakeholders
                .iter()
                .map(|g| GroupLoad {
                    requests_per_week: g.requests_per_week,
                    triage_hours: g.triage_hours.mean(),
                    items_per_accepted: g.items_per_request.mean().round().max(1.0),
                    accept_share: g.accept_share,
                })
                .collect()
        };
        let (sessions_per_week, session_hours) = match &structure.discovery {
            Some(d) if d.target_share > 0.0 => (
                d.target_share * run.hours_per_week / d.session_hours.mean(),
                d.session_hours.mean(),
            ),
            _ => (0.0, 0.0),
        };
        let skipped = work.duties_taking_no_time();
        let hours = |duty: Duty, mean: f64| if skipped.contains(duty) { 0.0 } else { mean };
        let refine = if work.unlimited_backlog {
            0.0
        } else {
            hours(Duty::Refine, work.refine_hours.mean())
        };
        StructureLoad {
            measured_weeks: u64::from(run.weeks),
            warmup_weeks: u64::from(run.warmup_weeks),
            hours_per_week: run.hours_per_week,
            squads: u64::from(structure.team.squads),
            devs_per_squad: u64::from(structure.team.devs_per_squad),
            people: structure.people.iter().map(PeopleLoad::of).collect(),
            groups,
            question_every_hours: work.question_every_hours.mean(),
            item_effort_hours: work.item_effort_hours.mean(),
            hours_per_question: hours(Duty::Answer, work.answer_hours.mean())
                + work.escalation_share * hours(Duty::Escalation, work.escalation_hours.mean()),
            hours_per_item: refine + hours(Duty::Accept, work.accept_hours.mean()),
            sessions_per_week,
            session_hours,
            ceremony_hours: work.ceremony_hours_per_week.mean(),
            unlimited_backlog: work.unlimited_backlog,
        }
    }

    /// Weeks simulated in a trial, warm-up included.
    pub fn weeks(&self) -> f64 {
        (self.measured_weeks + self.warmup_weeks) as f64
    }

    /// Developers.
    pub fn developers(&self) -> f64 {
        (self.squads * self.devs_per_squad) as f64
    }

    /// Product people.
    pub fn people(&self) -> f64 {
        self.people.iter().map(|p| p.heads(self.squads)).sum()
    }

    /// Queues watched, summed over the product people.
    pub fn queue_seats(&self) -> f64 {
        self.people.iter().map(|p| p.queue_seats(self.squads)).sum()
    }

    /// Developer-weeks of a trial.
    pub fn developer_weeks(&self) -> f64 {
        self.developers() * self.weeks()
    }

    /// Requests expected in a trial.
    pub fn requests(&self) -> f64 {
        let per_week: f64 = self.groups.iter().map(|g| g.requests_per_week).sum();
        per_week * self.weeks()
    }

    /// Items expected to be created in a trial: of the accepted requests, or as fast
    /// as developers take them under `unlimited_backlog`.
    pub fn items(&self) -> f64 {
        if self.unlimited_backlog {
            return self.developer_weeks() * self.hours_per_week / self.item_effort_hours;
        }
        let per_week: f64 = self
            .groups
            .iter()
            .map(|g| g.requests_per_week * g.accept_share * g.items_per_accepted)
            .sum();
        per_week * self.weeks()
    }

    /// Items alive at once, at most: every item created, or under `unlimited_backlog`
    /// (where an item is drawn when a developer takes it) the one each developer works
    /// and the one ready for it.
    pub fn items_alive(&self) -> f64 {
        if self.unlimited_backlog {
            2.0 * self.developers()
        } else {
            self.items()
        }
    }

    /// Questions a trial's developers could ask at most: every developer working all
    /// the time.
    pub fn questions(&self) -> f64 {
        self.developer_weeks() * self.hours_per_week / self.question_every_hours
    }

    /// Questions asked in the measured window at most: the latencies a trial keeps.
    pub fn measured_questions(&self) -> f64 {
        self.questions() * self.measured_weeks as f64 / self.weeks()
    }

    /// People given discovery sessions.
    fn discovery_holders(&self) -> f64 {
        self.people
            .iter()
            .filter(|p| p.duties.contains(Duty::Discovery))
            .map(|p| p.heads(self.squads))
            .sum()
    }

    /// Ceremony blocks in a trial.
    fn ceremonies(&self) -> f64 {
        if self.ceremony_hours > 0.0 {
            self.squads as f64 * self.weeks()
        } else {
            0.0
        }
    }

    /// Tasks and events of a trial no request asks for: ceremonies, discovery
    /// sessions, and each person's other work and comings and goings.
    pub fn recurring_tasks(&self) -> f64 {
        let own: f64 = self
            .people
            .iter()
            .map(|p| p.heads(self.squads) * p.weekly_events)
            .sum();
        self.ceremonies()
            + self.discovery_holders() * self.sessions_per_week * self.weeks()
            + own * self.weeks()
    }

    /// The share of the developers' questions and items the product people can serve:
    /// 1 when their hours cover what the work asks of them, less when the work asks
    /// more (developers then wait, and ask and finish less). Over all duties at once,
    /// as if anyone could take any task: a rough bound, not the queueing model.
    pub fn flow(&self) -> f64 {
        let requests: f64 = self
            .groups
            .iter()
            .map(|g| g.requests_per_week * g.triage_hours)
            .sum::<f64>()
            * self.weeks();
        let asked = self.questions() * self.hours_per_question
            + self.items() * self.hours_per_item
            + requests
            + self.ceremonies() * self.ceremony_hours
            + self.discovery_holders() * self.sessions_per_week * self.session_hours * self.weeks();
        // Hours at work on the duties: part-time and absent weeks left out, and other
        // recurring work taken off.
        let available: f64 = self
            .people
            .iter()
            .map(|p| p.heads(self.squads) * (p.at_work * self.hours_per_week - p.other_hours))
            .sum::<f64>()
            .max(0.0)
            * self.weeks();
        if asked <= available {
            1.0
        } else {
            available / asked
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use std::path::Path;

    /// The load of a one-person structure whose people entry adds `keys`.
    fn load(keys: &str) -> StructureLoad {
        let src = format!(
            r#"
[run]
weeks = 10
warmup_weeks = 0

[[stakeholders]]
name = "sales"
requests_per_week = 4

[[structures]]
name = "solo"
people = [ {{ role = "pm-po", count = 1, duties = ["triage", "escalation", "answer", "refine", "accept", "ceremony"]{keys} }} ]
"#
        );
        let points =
            load_str(&src, Path::new("solo.toml")).unwrap_or_else(|e| panic!("{}", e.render()));
        StructureLoad::of(&points[0], &points[0].structures[0])
    }

    #[test]
    fn a_part_timer_counts_its_comings_and_goings_and_brings_fewer_hours() {
        let full = load("");
        let part = load(", availability = 0.5, other_hours_per_week = 4");
        // Five days of coming and going and one block of other work a week, 10 weeks.
        assert_eq!(part.recurring_tasks() - full.recurring_tasks(), 110.0);
        let weekly = load(", availability = 0.5, pattern = \"weekly\"");
        assert_eq!(weekly.recurring_tasks() - full.recurring_tasks(), 20.0);
        // Half the hours, less 4 of other work: 16 of 40 a week are left for the duties.
        assert_eq!(
            part.people[0].at_work * 40.0 - part.people[0].other_hours,
            16.0
        );
        assert!(part.flow() <= full.flow());
    }
}
