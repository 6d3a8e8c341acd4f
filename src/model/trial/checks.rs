//! Which checks a compilation of the trial keeps. Most structures use few of the
//! model's mechanisms, yet every question would test for all of them; so the trial is
//! compiled three times, each keeping the checks of some groups of mechanisms, and a
//! structure runs the smallest one that holds every mechanism it uses. Each check reads
//! `M::GROUP && condition`, so a compilation without the group has no trace of it; the
//! results are the same to the last bit (benches/RESULTS.md §11).

use super::{Draws, Trial};
use crate::scenario::{Duty, Scenario, Structure, TimeFactors, WhileBlocked};

/// The groups of mechanisms whose checks a compilation keeps.
pub(crate) trait Checks {
    /// Developers' absences, ramp-up, time factors, switching while blocked, wrong
    /// decisions and their rework, hand-offs, switch hours drawn at random: the
    /// mechanisms few structures use. (Ceremony blocks' and discovery sessions' hours
    /// drawn at random need no group: they are drawn once a week, not per event.)
    const PEOPLE_AND_JUDGEMENT: bool;
    /// Escalation and approval, and discovery sessions: the ones most structures use.
    const ESCALATION_AND_DISCOVERY: bool;
}

/// The flow of docs/model.md §2 alone.
pub(crate) struct Core;

/// With escalation, approval and discovery.
pub(crate) struct Common;

/// With every mechanism.
pub(crate) struct All;

impl Checks for Core {
    const PEOPLE_AND_JUDGEMENT: bool = false;
    const ESCALATION_AND_DISCOVERY: bool = false;
}

impl Checks for Common {
    const PEOPLE_AND_JUDGEMENT: bool = false;
    const ESCALATION_AND_DISCOVERY: bool = true;
}

impl Checks for All {
    const PEOPLE_AND_JUDGEMENT: bool = true;
    const ESCALATION_AND_DISCOVERY: bool = true;
}

/// Which groups of mechanisms a structure uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uses {
    /// See [`Checks::PEOPLE_AND_JUDGEMENT`].
    pub people_and_judgement: bool,
    /// See [`Checks::ESCALATION_AND_DISCOVERY`].
    pub escalation_and_discovery: bool,
}

impl Uses {
    /// What the structure uses, read from the scenario before the trial is built. Draws
    /// are made alike for every structure of a scenario (common random numbers), so a
    /// draw that any structure needs counts for all.
    pub(crate) fn read(scenario: &Scenario, structure: &Structure) -> Uses {
        let draws = Draws::of(scenario);
        Uses {
            people_and_judgement: structure.team.dev_absence_weeks_per_year > 0
                || structure.work.while_blocked == WhileBlocked::Switch
                || structure
                    .people
                    .iter()
                    .any(|group| group.time.ramps() || group.time_factor != TimeFactors::default())
                || draws.judgement
                || draws.handoff
                || structure.switch_hours.as_constant().is_none(),
            escalation_and_discovery: draws.escalation
                || draws.approval
                || structure
                    .people
                    .iter()
                    .any(|group| group.duties.contains(Duty::Discovery)),
        }
    }

    /// Whether compilation `M` keeps the checks of every group used.
    pub(crate) fn kept_by<M: Checks>(self) -> bool {
        (!self.people_and_judgement || M::PEOPLE_AND_JUDGEMENT)
            && (!self.escalation_and_discovery || M::ESCALATION_AND_DISCOVERY)
    }
}

impl<M: Checks> Trial<'_, M> {
    /// What the built trial uses, from what it holds rather than from the scenario:
    /// what [`Uses::read`] must agree with. Reads the state itself, never a gated
    /// check, which a compilation without the group would answer `false`.
    pub(super) fn uses(&self) -> Uses {
        Uses {
            people_and_judgement: self.people_time.devs_absent()
                || self.people_time.anyone_ramps()
                || self
                    .org
                    .people
                    .iter()
                    .any(|person| person.time_factor != TimeFactors::default())
                || self.structure.work.while_blocked == WhileBlocked::Switch
                || self.decisions.draws_any()
                || self.switches.drawn(),
            escalation_and_discovery: self.draws.escalation
                || self.draws.approval
                || self.org.discovery_queue.iter().any(Option::is_some),
        }
    }
}
