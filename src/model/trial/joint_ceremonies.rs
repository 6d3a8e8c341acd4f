//! Joint ceremonies (docs/model.md §17.7): with `work.ceremonies = "joint"`, a person
//! who holds `ceremony` for k squads holds one weekly block of
//! `ceremony_hours_per_week` + (k − 1) × `joint_ceremony_extra_hours` instead of k
//! blocks. Each squad's ceremony is assigned to one holder (the one with the fewest
//! squads so far, the first listed on ties); the block sits at its holder's first
//! squad's time, in a queue of the holder's own, and is not given in weeks the holder
//! is not at work. The block's `ceremony_hours_per_week` are drawn each week from the
//! stream of the squad at whose time it sits, whether or not the block is given that
//! week, so that its k-th week has that squad's k-th draw in every structure.

use super::dispatch::TaskKind;
use super::{Checks, Event, Trial};
use crate::model::collections::{Id, IdVec, PersonId, SquadId};
use crate::model::org::Org;
use crate::scenario::{Ceremonies, Duty, Structure};

/// Per squad, the joint block whose time is that squad's: its holder and the hours it
/// adds to a squad's block for the squads beyond the first; `None` for a squad whose
/// ceremony is part of a block at another squad's time.
pub(super) type JointBlocks = IdVec<SquadId, Option<(PersonId, f64)>>;

/// The joint blocks of a structure; empty unless its ceremonies are joint.
pub(super) fn joint_blocks(structure: &Structure, org: &Org) -> JointBlocks {
    let work = &structure.work;
    if work.ceremonies != Ceremonies::Joint {
        return IdVec::default();
    }
    let squads = structure.team.squads as usize;
    let mut held: IdVec<PersonId, u32> = vec![0; org.people.len()].into();
    let mut first: IdVec<PersonId, Option<SquadId>> = vec![None; org.people.len()].into();
    for s in 0..squads {
        let squad = SquadId::from_index(s);
        let queue = org.squad_queue(Duty::Ceremony, squad);
        // Fewest squads so far; `min_by_key` keeps the first listed on ties.
        if let Some(&holder) = org.eligible[queue].iter().min_by_key(|&&p| held[p]) {
            held[holder] += 1;
            first[holder].get_or_insert(squad);
        }
    }
    let mut blocks: JointBlocks = vec![None; squads].into();
    for person in org.people.ids() {
        if let Some(squad) = first[person] {
            let extra = f64::from(held[person] - 1) * work.joint_ceremony_extra_hours;
            blocks[squad] = Some((person, extra));
        }
    }
    blocks
}

impl<M: Checks> Trial<'_, M> {
    /// Whether the squad's ceremony is part of a joint block held at another squad's
    /// time: its own weekly event is then not needed.
    pub(super) fn ceremony_in_another_block(&self, squad: SquadId) -> bool {
        !self.people_time.joint_blocks.is_empty() && self.people_time.joint_blocks[squad].is_none()
    }

    /// The squad's ceremony time has come under joint ceremonies: its holder's block
    /// is queued, if the holder is at work this week, and again next week. Returns
    /// whether the ceremonies are joint (else the squad's own block is the rule).
    pub(super) fn joint_ceremony_due(&mut self, squad: SquadId) -> bool {
        if self.people_time.joint_blocks.is_empty() {
            return false;
        }
        if let Some((holder, extra)) = self.people_time.joint_blocks[squad] {
            // Drawn whether or not the block is given this week.
            let hours = self.ceremony_hours.draw(squad) + extra;
            if self.at_work_this_week(holder) {
                let queue = self.org.joint_ceremony_queue[holder]
                    .expect("a joint block's holder has a joint ceremony queue");
                let priority = self.structure.priorities[Duty::Ceremony.index()];
                self.enqueue(TaskKind::Ceremony, queue, priority, hours);
            }
            self.scheduler
                .schedule_in(self.hours_per_week, Event::Ceremony(squad));
        }
        true
    }
}
