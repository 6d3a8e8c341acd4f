//! Skill: how long a person takes over a duty against the hours the work drew
//! (docs/model.md §9). A task's remaining work is kept in drawn hours; each part of it
//! takes those hours times the factor of whoever works it, taken when the part starts,
//! so a task interrupted by preemption is rescaled for whoever resumes it.

use super::{Checks, Trial};
use crate::model::collections::PersonId;
use crate::scenario::Duty;

impl<M: Checks> Trial<'_, M> {
    /// The hours `person` spends per drawn hour of `duty`, for a part of a task that
    /// starts now: the factor of its people entry (1 unless the file says otherwise).
    /// Other recurring work (no duty) is a block of fixed hours, whoever holds it.
    #[inline]
    pub(super) fn time_factor(&self, person: PersonId, duty: Option<Duty>) -> f64 {
        if !M::PEOPLE_AND_JUDGEMENT {
            return 1.0;
        }
        duty.map_or(1.0, |duty| self.org.people[person].time_factor.of(duty))
    }
}
