//! Other recurring work (docs/model.md §17.5): the roadmap, reporting and stakeholder
//! meetings a person's week holds besides its duties. Each such person is given one
//! block of its `other_hours_per_week` at the start of every week it is at work, in a
//! queue of its own at its `other_priority`, booked as `other`.

use super::dispatch::TaskKind;
use super::{Checks, Trial};

impl<M: Checks> Trial<'_, M> {
    /// A new week: every person with other recurring work who is at work this week is
    /// given its block.
    pub(super) fn give_other_work(&mut self) {
        for person in self.desks.ids() {
            let Some(queue) = self.org.other_queue[person] else {
                continue;
            };
            if !self.at_work_this_week(person) {
                continue;
            }
            let entry = self.org.people[person].entry;
            if let Some(other) = self.structure.people[entry].time.other {
                self.enqueue(TaskKind::Other, queue, other.priority, other.hours_per_week);
            }
        }
    }
}
