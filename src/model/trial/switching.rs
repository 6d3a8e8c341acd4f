//! While blocked (docs/model.md §5): with `while_blocked = "switch"` a developer whose
//! question is open does not wait for it. The item goes on the developer's shelf with
//! its question, and at each break (its current item blocks or ends) the developer
//! takes up an item whose question is settled, paying that question's resume hours,
//! else starts a new ready item of its squad while it holds fewer than
//! `max_items_per_dev`, else waits, blocked, for the first of its questions to be
//! settled. A waiting developer with room also takes an item as soon as one is ready.
//!
//! With `while_blocked = "wait"` (the default) every shelf stays empty and each of
//! these steps is the developer's usual one.

use super::developers::{Asked, Question};
use super::{Checks, DevState, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, ItemId};
use crate::scenario::{WhileBlocked, Work};

/// An item set aside with its open (or settled, not yet taken up) question.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shelved {
    /// The item.
    pub item: ItemId,
    /// Working hours left on it.
    effort_left: f64,
    /// Hours of rework at the front of them.
    rework_left: f64,
    /// Its question.
    pub question: Question,
    /// When it was set aside: it counts as blocked from then until taken up again.
    set_aside: Time,
    /// Whether its question is settled, so that it can be taken up again.
    settled: bool,
}

/// The shelf a developer starts with: room for `max_items_per_dev` items when it
/// switches, so that it never grows during the trial; none when it waits.
pub(super) fn shelf(work: &Work) -> Vec<Shelved> {
    match work.while_blocked {
        WhileBlocked::Switch => Vec::with_capacity(work.max_items_per_dev as usize),
        WhileBlocked::Wait => Vec::new(),
    }
}

impl<M: Checks> Trial<'_, M> {
    /// Whether developers switch to other work while blocked.
    #[inline]
    pub(super) fn switches_while_blocked(&self) -> bool {
        M::PEOPLE_AND_JUDGEMENT && self.structure.work.while_blocked == WhileBlocked::Switch
    }

    /// The developer's item, just blocked by its question, goes on its shelf with it.
    pub(super) fn set_aside(&mut self, dev: DevId) {
        let now = self.now();
        let developer = &mut self.devs[dev];
        let item = developer
            .item
            .take()
            .expect("a developer sets aside the item it works on");
        developer.shelf.push(Shelved {
            item,
            effort_left: developer.effort_left,
            rework_left: developer.rework_left,
            question: developer.question,
            set_aside: now,
            settled: false,
        });
        developer.effort_left = 0.0;
        developer.rework_left = 0.0;
    }

    /// The developer is at a break, without an item in hand: it pulls the next ready
    /// item (or starves) when it waits while blocked; when it switches, it takes up
    /// the first item on its shelf whose question is settled, else pulls a new one if
    /// it has room and one is ready, else waits for a decision.
    pub(super) fn dev_at_break(&mut self, dev: DevId) {
        if !self.switches_while_blocked() {
            self.dev_pull(dev);
            return;
        }
        let developer = &self.devs[dev];
        if developer.item.is_some() {
            // An item settled during the break was taken up already.
            return;
        }
        if let Some(at) = developer.shelf.iter().position(|s| s.settled) {
            self.take_up(dev, at);
        } else if developer.shelf.is_empty() {
            self.dev_pull(dev);
        } else if self.has_room(dev) && self.ready_item_for(dev) {
            self.pull_beside_shelf(dev);
        } else if developer.state != DevState::Blocked {
            self.dev_set_state(dev, DevState::Blocked);
        }
    }

    /// An item of the developer's squad is ready: a starved developer takes it, and
    /// so does one that switches, waits for its decisions and has room for more.
    pub(super) fn offer_ready_item(&mut self, dev: DevId) {
        let developer = &self.devs[dev];
        match developer.state {
            DevState::Starved => self.dev_pull(dev),
            DevState::Blocked if developer.item.is_none() && self.has_room(dev) => {
                self.pull_beside_shelf(dev);
            }
            _ => {}
        }
    }

    /// The question is settled while its item is on the shelf: a wrong decision's
    /// `rework` joins the item's effort, and a developer waiting for a decision takes
    /// up an item at once.
    pub(super) fn settle_shelved(&mut self, asked: Asked, rework: f64) {
        let developer = &mut self.devs[asked.dev];
        let shelved = developer
            .shelf
            .iter_mut()
            .find(|s| s.item == asked.item)
            .expect("an open question's item is on the shelf");
        shelved.settled = true;
        shelved.effort_left += rework;
        shelved.rework_left += rework;
        if developer.item.is_none() {
            self.dev_at_break(asked.dev);
        }
    }

    /// At the end of the window: the questions still open on shelves count with the
    /// wait they have had so far, as a blocked developer's does (docs/model.md §12).
    pub(super) fn close_shelves(&mut self) {
        let end = self.window.end;
        for developer in self.devs.iter() {
            for shelved in developer.shelf.iter().filter(|s| !s.settled) {
                let raised = shelved.question.raised;
                if !shelved.question.started {
                    self.measures.decision_wait.push(end - raised);
                }
                self.measures.latency.push(end - raised);
            }
        }
    }

    /// Whether the developer, with no item in hand, may start another.
    fn has_room(&self, dev: DevId) -> bool {
        self.devs[dev].shelf.len() < self.structure.work.max_items_per_dev as usize
    }

    /// Whether a new item is there for the developer to pull.
    fn ready_item_for(&self, dev: DevId) -> bool {
        self.structure.work.unlimited_backlog || !self.squads[self.devs[dev].squad].ready.is_empty()
    }

    /// Pulls a new item while others wait on the shelf. The state is booked first,
    /// with no item in hand, so the time spent waiting is not counted against the new
    /// item.
    fn pull_beside_shelf(&mut self, dev: DevId) {
        self.dev_set_state(dev, DevState::Blocked);
        self.dev_pull(dev);
    }

    /// Takes the item at `at` of the developer's shelf up again: it was blocked from
    /// when it was set aside until now, and the developer gets back into it for its
    /// question's resume hours, then works on.
    fn take_up(&mut self, dev: DevId, at: usize) {
        let now = self.now();
        // Booked with no item in hand: the item's blocked time is counted below.
        self.dev_set_state(dev, DevState::Blocked);
        let developer = &mut self.devs[dev];
        let shelved = developer.shelf.remove(at);
        developer.item = Some(shelved.item);
        developer.effort_left = shelved.effort_left;
        developer.rework_left = shelved.rework_left;
        developer.question = shelved.question;
        self.items[shelved.item].blocked += now - shelved.set_aside;
        self.continue_work(dev, shelved.question.resume_h);
    }
}
