//! A team's history as the readers leave it, whatever the export's format: items,
//! each with its creation, its stakeholder group and the stages it entered, in order.
//!
//! Memory is proportional to the items: one small record per item and one per stage
//! entry, in two flat vectors.

use super::clock::Stamp;
use super::error::Place;
use super::stage::Stage;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

/// Index of a stakeholder group in [`History::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub u32);

/// The group items fall in when `--group-by` is not given, or their cell is empty.
pub const NO_GROUP: &str = "(none)";

/// The group of all items when no `--group-by` is given.
pub const ALL_ITEMS: &str = "all";

/// The most stakeholder groups `--group-by` may make: a scenario with more would be
/// unreadable, and a column with that many values is rarely a requester.
pub const MAX_GROUPS: usize = 100;

/// Entering a stage at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// The stage entered.
    pub stage: Stage,
    /// When.
    pub at: Stamp,
}

/// One tracker item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its ID or key, for messages.
    pub id: Box<str>,
    /// Its stakeholder group.
    pub group: GroupId,
    /// When it was created: the request's arrival.
    pub created: Stamp,
    /// Its visits in [`History::visits`], in time order; the last is where it stands.
    visits: Range<u32>,
    /// Its visits are incomplete (a truncated changelog): it counts as a request and
    /// by where it stands (its one visit, at its creation), but its times in stages
    /// are unknown.
    pub partial: bool,
}

/// Items that could not be used at all, with the first one's place.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable {
    /// Why, as words ("no stage date").
    pub reason: &'static str,
    /// How many.
    pub count: u64,
    /// The first such item's file and place.
    pub first: (PathBuf, Place),
}

/// Every item read from the exports.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The items, in the order read.
    pub items: Vec<Item>,
    visits: Vec<Visit>,
    /// Stakeholder group names, indexed by [`GroupId`].
    pub groups: Vec<String>,
    group_index: HashMap<String, GroupId>,
    ids: HashSet<Box<str>>,
    /// Items left out entirely, by reason.
    pub unusable: Vec<Unusable>,
    /// Whether some stamp was a date without a time: then durations are known to a day.
    pub dates_only: bool,
    /// The exports read, in order.
    pub sources: Vec<PathBuf>,
    /// Things worth knowing about the exports that are not errors (a search result
    /// that holds one page of issues), as sentences.
    pub notes: Vec<String>,
    /// Stages the exports can record (a CSV's columns, the `--stages` of a JSON): a
    /// stage the export cannot show has no fitted time, whatever the items say.
    pub recorded: [bool; Stage::COUNT],
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        History::default()
    }

    /// The group so named, added if new. `None` when adding it would pass
    /// [`MAX_GROUPS`].
    pub fn group(&mut self, name: &str) -> Option<GroupId> {
        if let Some(&id) = self.group_index.get(name) {
            return Some(id);
        }
        if self.groups.len() >= MAX_GROUPS {
            return None;
        }
        let id = GroupId(self.groups.len() as u32);
        self.groups.push(name.to_string());
        self.group_index.insert(name.to_string(), id);
        Some(id)
    }

    /// Claims an item ID; `false` when an item of the exports already has it.
    pub fn claim_id(&mut self, id: &str) -> bool {
        self.ids.insert(id.into())
    }

    /// Adds an item with its visits (in time order, at least one).
    pub fn push(&mut self, id: &str, group: GroupId, created: Stamp, visits: &[Visit]) {
        self.push_item(id, group, created, visits, false);
    }

    /// As [`Self::push`], for an item whose visits are incomplete.
    pub fn push_partial(&mut self, id: &str, group: GroupId, created: Stamp, visits: &[Visit]) {
        self.push_item(id, group, created, visits, true);
    }

    fn push_item(
        &mut self,
        id: &str,
        group: GroupId,
        created: Stamp,
        visits: &[Visit],
        partial: bool,
    ) {
        let start = self.visits.len() as u32;
        // Two names of one stage in a row (two columns, or a status change between
        // statuses of one stage) are one visit.
        for v in visits {
            if self.visits.len() as u32 == start
                || self.visits.last().map(|l| l.stage) != Some(v.stage)
            {
                self.visits.push(*v);
            }
        }
        self.items.push(Item {
            id: id.into(),
            group,
            created,
            visits: start..self.visits.len() as u32,
            partial,
        });
    }

    /// The item's visits, in time order.
    pub fn visits(&self, item: &Item) -> &[Visit] {
        &self.visits[item.visits.start as usize..item.visits.end as usize]
    }

    /// Counts an item left out, remembering where the first one was.
    pub fn count_unusable(&mut self, reason: &'static str, file: &std::path::Path, place: Place) {
        match self.unusable.iter_mut().find(|u| u.reason == reason) {
            Some(u) => u.count += 1,
            None => self.unusable.push(Unusable {
                reason,
                count: 1,
                first: (file.to_path_buf(), place),
            }),
        }
    }

    /// The latest stamp of the history: the export's date, when open items are
    /// censored. `None` for an empty history.
    pub fn as_of(&self) -> Option<Stamp> {
        let created = self.items.iter().map(|i| i.created);
        created.chain(self.visits.iter().map(|v| v.at)).max()
    }

    /// The earliest creation: the start of the observed span.
    pub fn first_created(&self) -> Option<Stamp> {
        self.items.iter().map(|i| i.created).min()
    }
}
