//! Backlogs and refinement: each squad's product backlog, from which refinement is
//! pulled while the ready backlog is below its target, and its ready backlog, from
//! which developers pull. Both are ranked by `backlog_order`.
//!
//! A refine task is queued for the squad, not for an item: it claims the best item of
//! the product backlog only when someone starts it (docs/model.md §3), so that an item
//! that arrives while refinement is queued can still overtake the items before it.

use super::dispatch::TaskKind;
use super::{Checks, Trial};
use crate::kernel::Time;
use crate::model::collections::{DevId, GroupId, Id, ItemId, Ranked, SquadId};
use crate::model::measure::TimeAverage;
use crate::model::streams::Stream;
use crate::scenario::{BacklogOrder, Duty};
use std::collections::BinaryHeap;

/// A squad: its developers, its two backlogs and the refinement between them.
#[derive(Debug)]
pub(super) struct Squad {
    /// The squad's first developer; the others follow it.
    pub first_dev: DevId,
    /// Developers in the squad.
    pub dev_count: u32,
    /// Items accepted and not yet claimed by a refine task.
    pub product: BinaryHeap<Ranked>,
    /// Items refined and not yet pulled.
    pub ready: BinaryHeap<Ranked>,
    /// Refine tasks queued or running.
    pub refining: u32,
    /// Refine tasks queued and not yet started, which have no item yet: each will
    /// claim one of `product` when it starts, so there are never more than `product`
    /// holds.
    pub unclaimed: u32,
    /// Ready items (with those being refined) below which refinement is pulled.
    pub target: f64,
    /// Stream of the efforts of the items drawn under `unlimited_backlog`.
    pub items_rng: Stream,
    /// Stream of their acceptance hours, apart from their efforts.
    pub accepts_rng: Stream,
    /// Items in the product backlog, over time.
    pub product_count: TimeAverage,
    /// Items in the ready backlog, over time.
    pub ready_count: TimeAverage,
}

impl Squad {
    /// The squad's developers.
    pub fn devs(&self) -> impl Iterator<Item = DevId> {
        let first = self.first_dev.index();
        (first..first + self.dev_count as usize).map(DevId::from_index)
    }
}

/// A backlog item and the times of its way through the flow, for its lead time.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    /// The stakeholder group that asked for it; `None` under `unlimited_backlog`.
    pub group: Option<GroupId>,
    /// The squad whose backlogs it is in.
    pub squad: SquadId,
    /// When its request arrived.
    pub arrival: Time,
    /// When triage (and sign-off) made it an item.
    pub created: Time,
    /// When its refinement ended.
    pub ready: Time,
    /// When a developer pulled it.
    pub pulled: Time,
    /// When its effort was done.
    pub effort_done: Time,
    /// Hours its developer was blocked on it (questions and resumes).
    pub blocked: f64,
    /// True value.
    pub value: f64,
    /// Estimated value.
    pub estimate: f64,
    /// Developer hours of effort.
    pub effort: f64,
    /// Hours to refine it.
    pub refine_h: f64,
    /// Hours to accept it.
    pub accept_h: f64,
}

impl Item {
    /// An item of `squad` whose request arrived at `arrival` and which was created at
    /// `created`, nothing else known or done yet.
    pub fn new(squad: SquadId, arrival: Time, created: Time) -> Item {
        Item {
            group: None,
            squad,
            arrival,
            created,
            ready: 0.0,
            pulled: 0.0,
            effort_done: 0.0,
            blocked: 0.0,
            value: 0.0,
            estimate: 0.0,
            effort: 0.0,
            refine_h: 0.0,
            accept_h: 0.0,
        }
    }
}

impl<M: Checks> Trial<'_, M> {
    /// The item's place in a backlog now.
    fn ranked(&mut self, item: ItemId) -> Ranked {
        let Item {
            estimate, effort, ..
        } = self.items[item];
        let score = match self.structure.work.backlog_order {
            BacklogOrder::Value => estimate / effort.max(1e-9),
            BacklogOrder::Fifo => 0.0,
        };
        self.item_seq += 1;
        Ranked {
            score,
            seq: self.item_seq,
            item,
        }
    }

    /// A new item joins its squad's product backlog.
    pub(super) fn add_to_product_backlog(&mut self, item: ItemId) {
        let now = self.now();
        let squad = self.items[item].squad;
        let ranked = self.ranked(item);
        let backlogs = &mut self.squads[squad];
        backlogs.product.push(ranked);
        backlogs.product_count.add(now, 1.0, self.window);
        self.measures.open.backlog.add(now, 1.0, self.window);
        self.pull_refinement(squad);
    }

    /// Queues refinement while the squad's ready backlog (with what is being refined)
    /// is below its target and the product backlog holds more unclaimed items than
    /// there are refine tasks waiting to claim one (docs/model.md §4). Without refine
    /// hours the best item is made ready at once.
    pub(super) fn pull_refinement(&mut self, squad: SquadId) {
        loop {
            let backlogs = &self.squads[squad];
            if (backlogs.ready.len() as u32 + backlogs.refining) as f64 >= backlogs.target
                || backlogs.product.len() <= backlogs.unclaimed as usize
            {
                return;
            }
            if self.skipped.contains(Duty::Refine) {
                let item = self.claim_for_refinement(squad);
                self.make_ready(item);
            } else {
                let backlogs = &mut self.squads[squad];
                backlogs.refining += 1;
                backlogs.unclaimed += 1;
                let queue = self.org.squad_queue(Duty::Refine, squad);
                let priority = self.structure.priorities[Duty::Refine.index()];
                // Its hours are the item's, known when it claims one.
                let kind = TaskKind::Refine { squad, item: None };
                self.enqueue(kind, queue, priority, 0.0);
            }
        }
    }

    /// A refine task of the squad starts for the first time: it claims the best item
    /// of the product backlog now. Returns the item and its refine hours.
    pub(super) fn refine_started(&mut self, squad: SquadId) -> (ItemId, f64) {
        self.squads[squad].unclaimed -= 1;
        let item = self.claim_for_refinement(squad);
        (item, self.items[item].refine_h)
    }

    /// Takes the best item out of the squad's product backlog ranking; it still counts
    /// in the product backlog until its refinement ends.
    fn claim_for_refinement(&mut self, squad: SquadId) -> ItemId {
        self.squads[squad]
            .product
            .pop()
            .expect("a refine task is queued only for an unclaimed item")
            .item
    }

    /// A refine task ends: its item is ready.
    pub(super) fn refined(&mut self, item: ItemId) {
        let squad = self.items[item].squad;
        self.squads[squad].refining -= 1;
        self.make_ready(item);
    }

    /// The item moves to the ready backlog, where a starved developer of its squad
    /// takes it at once.
    fn make_ready(&mut self, item: ItemId) {
        let now = self.now();
        let squad = self.items[item].squad;
        self.items[item].ready = now;
        let ranked = self.ranked(item);
        let window = self.window;
        self.measures.open.backlog.add(now, -1.0, window);
        let backlogs = &mut self.squads[squad];
        backlogs.product_count.add(now, -1.0, window);
        backlogs.ready.push(ranked);
        backlogs.ready_count.add(now, 1.0, window);
        for dev in backlogs.devs() {
            if self.squads[squad].ready.is_empty() {
                break;
            }
            self.offer_ready_item(dev);
        }
        self.pull_refinement(squad);
    }
}
