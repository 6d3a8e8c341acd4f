//! The containers of a trial's state and the typed ids that address them.
//!
//! Every table is indexed by its own kind of id ([`DevId`], [`ItemId`], [`PersonId`],
//! [`QueueId`], [`RequestId`], [`SquadId`], [`GroupId`]), so an id of one kind cannot
//! index another kind's table and no index is an integer cast at the place of use.
//! [`IdVec`] is a table laid out once (developers, squads, people, queues), [`Slab`] an
//! arena whose slots are reused (requests and items come and go), [`TaskQueue`] the tasks
//! waiting in one queue in serving order, and [`Ranked`] an item's place in a backlog.
//!
//! Indexing is on the hot path: the impls are `#[inline]` and cost what a `Vec` index
//! costs.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A typed position in an [`IdVec`] or a [`Slab`].
pub(crate) trait Id: Copy {
    /// The id of position `index`.
    fn from_index(index: usize) -> Self;
    /// The position the id stands for.
    fn index(self) -> usize;
}

/// Declares id newtypes over an unsigned integer, each an [`Id`].
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident($repr:ty);)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) struct $name($repr);

        impl Id for $name {
            #[inline]
            fn from_index(index: usize) -> Self {
                debug_assert!(<$repr>::try_from(index).is_ok(), "{index} overflows {}", stringify!($name));
                $name(index as $repr)
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A developer, counted across squads (squad 0's first, then squad 1's …).
    DevId(u32);
    /// A backlog item, from its creation until it is done.
    ItemId(u32);
    /// A product person, in structure order.
    PersonId(u32);
    /// A task queue of the structure's layout (`Org`).
    QueueId(u32);
    /// A stakeholder request, from its arrival until triage rejects it or its items exist.
    RequestId(u32);
    /// A squad, counted from 0.
    SquadId(u32);
    /// A stakeholder group, in scenario order.
    GroupId(u16);
}

/// A table of `T` indexed by ids of kind `I`.
#[derive(Debug, Clone)]
pub(crate) struct IdVec<I, T> {
    entries: Vec<T>,
    id: PhantomData<fn(I)>,
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec {
            entries: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I: Id, T> IdVec<I, T> {
    /// Appends an entry and returns its id.
    pub(crate) fn push(&mut self, entry: T) -> I {
        self.entries.push(entry);
        I::from_index(self.entries.len() - 1)
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every id, in order. Borrows nothing, so the table may change while they are
    /// visited.
    pub(crate) fn ids(&self) -> impl Iterator<Item = I> {
        (0..self.entries.len()).map(I::from_index)
    }

    /// The entries, in id order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.entries.iter()
    }

    /// The entries, in id order, mutably.
    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.entries.iter_mut()
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(entries: Vec<T>) -> Self {
        IdVec {
            entries,
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    #[inline]
    fn index(&self, id: I) -> &T {
        &self.entries[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.entries[id.index()]
    }
}

/// A free-list arena: an id stays valid until released, then its slot is reused, so
/// the arena holds as many entries as are alive at once, not as ever existed.
#[derive(Debug)]
pub(crate) struct Slab<I, T> {
    slots: IdVec<I, T>,
    free: Vec<I>,
}

impl<I: Id, T> Slab<I, T> {
    /// An empty arena.
    pub(crate) fn new() -> Self {
        Slab {
            slots: IdVec::default(),
            free: Vec::new(),
        }
    }

    /// Stores an entry, in a released slot if there is one, and returns its id.
    pub(crate) fn insert(&mut self, entry: T) -> I {
        match self.free.pop() {
            Some(id) => {
                self.slots[id] = entry;
                id
            }
            None => self.slots.push(entry),
        }
    }

    /// Frees the slot of `id` for reuse; its entry stays readable until then.
    pub(crate) fn release(&mut self, id: I) {
        self.free.push(id);
    }
}

impl<I: Id, T> Index<I> for Slab<I, T> {
    type Output = T;
    #[inline]
    fn index(&self, id: I) -> &T {
        &self.slots[id]
    }
}

impl<I: Id, T> IndexMut<I> for Slab<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.slots[id]
    }
}

/// An entry of a [`TaskQueue`]: its key orders service, the smallest first.
pub(crate) trait Queued {
    /// The serving key.
    type Key: Ord;
    /// The entry's serving key.
    fn key(&self) -> Self::Key;
}

/// The tasks waiting in one queue, kept in serving order.
///
/// A deque rather than a heap: almost every task arrives last in order (one priority
/// per duty, growing sequence numbers), so a push is an append and a pop takes the
/// front, both O(1). Only a stakeholder group's own triage priority, or a preempted
/// task going back, inserts elsewhere (found by binary search).
#[derive(Debug)]
pub(crate) struct TaskQueue<T>(VecDeque<T>);

impl<T> Default for TaskQueue<T> {
    fn default() -> Self {
        TaskQueue(VecDeque::new())
    }
}

impl<T: Queued> TaskQueue<T> {
    /// Adds a task at its place in serving order.
    #[inline]
    pub(crate) fn push(&mut self, task: T) {
        let key = task.key();
        // Appended first and moved only when out of order: the task goes straight to
        // its slot, never through a copy on the stack (which stalls the next read).
        self.0.push_back(task);
        let n = self.0.len();
        if n > 1 && self.0[n - 2].key() > key {
            let at = self.0.partition_point(|t| t.key() < key);
            let task = self.0.pop_back().expect("just pushed");
            self.0.insert(at, task);
        }
    }

    /// The task served next.
    #[inline]
    pub(crate) fn peek(&self) -> Option<&T> {
        self.0.front()
    }

    /// Takes the task served next.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }

    /// The tasks in serving order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    /// The task at position `at` in serving order.
    #[inline]
    pub(crate) fn get(&self, at: usize) -> Option<&T> {
        self.0.get(at)
    }

    /// The first position whose task fails `before` (which holds for a prefix of the
    /// serving order): O(log n).
    #[inline]
    pub(crate) fn partition_point(&self, before: impl FnMut(&T) -> bool) -> usize {
        self.0.partition_point(before)
    }

    /// Takes the task at position `at`, out of serving order (ageing, docs/model.md §9).
    pub(crate) fn remove(&mut self, at: usize) -> Option<T> {
        self.0.remove(at)
    }

    /// Number of tasks waiting.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no task waits.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An item's place in a backlog (a max-heap): the highest score first, the oldest
/// (smallest sequence number) on ties. The score is estimated value per effort, or 0
/// for a FIFO backlog.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    /// Estimated value per hour of effort; 0 in a FIFO backlog.
    pub score: f64,
    /// When the item was ranked: oldest first among equal scores.
    pub seq: u64,
    /// The item.
    pub item: ItemId,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.seq.cmp(&self.seq))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Job(u8, u64);

    impl Queued for Job {
        type Key = (u8, u64);
        fn key(&self) -> (u8, u64) {
            (self.0, self.1)
        }
    }

    #[test]
    fn a_task_queue_serves_the_best_priority_then_the_oldest() {
        let mut q = TaskQueue::default();
        for job in [Job(2, 1), Job(2, 2), Job(1, 3), Job(2, 0), Job(1, 4)] {
            q.push(job);
        }
        let order: Vec<Job> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            [Job(1, 3), Job(1, 4), Job(2, 0), Job(2, 1), Job(2, 2)]
        );
        assert!(q.is_empty());
    }

    proptest::proptest! {
        /// Pushes in any order, pops between them: always the smallest key waiting.
        #[test]
        fn a_task_queue_pops_what_a_sorted_list_would(
            ops in proptest::collection::vec((0u8..4, proptest::bool::ANY), 1..200)
        ) {
            let mut q = TaskQueue::default();
            let mut reference: Vec<Job> = Vec::new();
            for (seq, (priority, pop)) in ops.into_iter().enumerate() {
                if pop {
                    reference.sort_by_key(Job::key);
                    let expected = (!reference.is_empty()).then(|| reference.remove(0));
                    proptest::prop_assert_eq!(q.pop(), expected);
                } else {
                    let job = Job(priority, seq as u64);
                    q.push(job);
                    reference.push(job);
                }
                proptest::prop_assert_eq!(q.len(), reference.len());
            }
        }
    }

    #[test]
    fn a_slab_reuses_released_slots() {
        let mut slab: Slab<ItemId, &str> = Slab::new();
        let a = slab.insert("a");
        let b = slab.insert("b");
        slab.release(a);
        let c = slab.insert("c");
        assert_eq!(c, a, "the released slot is reused");
        assert_eq!((slab[b], slab[c]), ("b", "c"));
    }

    #[test]
    fn a_backlog_ranks_by_score_then_age() {
        let ranked = |score, seq| Ranked {
            score,
            seq,
            item: ItemId::from_index(0),
        };
        let mut heap =
            std::collections::BinaryHeap::from([ranked(1.0, 2), ranked(3.0, 5), ranked(1.0, 1)]);
        let order: Vec<u64> = std::iter::from_fn(|| heap.pop().map(|r| r.seq)).collect();
        assert_eq!(order, [5, 1, 2]);
    }
}
