//! The pending-event set, keyed by (time, sequence): a sorted array while it holds few
//! events, a quaternary (4-ary) min-heap when it holds many.
//!
//! A trial keeps 5 to 55 events pending on the shipped scenarios (one or two per
//! developer and product person, the weekly ones, the window's end), and most events
//! it pops schedule one more: the *hold* pattern. `benches/kernel.rs` measures the
//! choices below against `std::collections::BinaryHeap` and against bench copies of
//! the alternatives; the figures, and what was tried and lost (sentinel padding, a
//! bottom-up pop, a binary search for the sorted insertion), are in
//! `benches/RESULTS.md`, section 1.
//!
//! - **A sorted array for small sets.** Latest first, so the earliest is the last entry
//!   and a pop is `Vec::pop`; a push walks in from that end, moving each entry due
//!   before the new one up by one slot, and writes the new one where the walk stops.
//!   Its cost is the number of events due before the new one: a third of the set or
//!   less in a trial, since far-off events (next week's ceremony, the window's end) sit
//!   at the front and never move. A heap pays its levels, and a mispredicted branch
//!   or two, on every push and pop.
//! - **A heap for large sets.** A push onto a sorted array of [`SORTED_MAX`] events
//!   makes it a heap (sorted earliest first, an array is one, so the change is a
//!   reverse), and a pop from a heap of [`SORTED_AGAIN`] events sorts it back.
//!   The gap between the two means that a set hovering at either size does not change
//!   shape at every event.
//! - **Arity 4.** Half the depth of a binary heap, and the four children of a node lie
//!   next to each other in memory, so a level costs one or two cache lines instead of
//!   one per comparison. Arity 8 makes each level too wide to pay for the depth it saves.
//! - **One integer key.** The time and the sequence number are packed into one `u128`
//!   (time in the high half, mapped to a `u64` that sorts exactly as `f64::total_cmp`),
//!   so that comparing two entries is one integer comparison with no branch on ties.
//!   The four children of a node are compared as a small tournament without branches,
//!   so the unpredictable outcome of a comparison never costs a mispredicted jump.
//! - **A hole, not swaps.** Sifting and the sorted insertion carry the moving entry in
//!   registers and shift the others by one copy each, writing it once where it stops;
//!   this is why events must be `Copy` (the model's events are small typed enums).
//! - **A heap's popped root stays until the next push.** A popped event leaves its slot
//!   as a hole at the root; when the handler schedules an event (most do), the new entry
//!   fills that hole and sifts down once, where a pop and a push would sift down and
//!   then up. The order of pops is the heap's order either way.
//! - **Push and pop inline where they are called.** The sorted path is a few
//!   instructions, and a call would cost as much as it does.
//!
//! Whatever the shape, events pop in (time, sequence) order, so the shape never shows
//! in a trial's results.

use super::Time;
use std::cmp::Reverse;

/// Time and sequence number packed so that integer order is (time, seq) order, with
/// times ordered as by `f64::total_cmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u128);

impl Key {
    #[inline]
    fn new(time: Time, seq: u64) -> Key {
        Key((u128::from(time_to_ordered_bits(time)) << 64) | u128::from(seq))
    }

    #[inline]
    fn time(self) -> Time {
        ordered_bits_to_time((self.0 >> 64) as u64)
    }
}

/// Maps an `f64` to a `u64` whose unsigned order is the order of `f64::total_cmp`:
/// positive numbers get the sign bit set (so they sort above every negative one), and
/// negative numbers have all bits flipped (so a larger magnitude sorts lower).
#[inline]
fn time_to_ordered_bits(time: Time) -> u64 {
    let bits = time.to_bits();
    let negative_mask = ((bits as i64) >> 63) as u64; // all ones if negative
    bits ^ (negative_mask | (1 << 63))
}

/// The inverse of [`time_to_ordered_bits`].
#[inline]
fn ordered_bits_to_time(ordered: u64) -> Time {
    let bits = if ordered >> 63 == 1 {
        ordered ^ (1 << 63)
    } else {
        !ordered
    };
    Time::from_bits(bits)
}

#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    key: Key,
    event: E,
}

impl<E> Entry<E> {
    /// What a pop returns.
    #[inline]
    fn into_parts(self) -> (Time, E) {
        (self.key.time(), self.event)
    }
}

/// The events a sorted array holds at most: a push onto a full one turns it into a
/// heap. In the hold benchmark, whose new events fall anywhere in the set, the sorted
/// array beats the heap at 32 events and loses at 64 (`benches/RESULTS.md`,
/// section 1); a trial's new events fall nearer the front, so the array stays the
/// cheaper a little longer there.
const SORTED_MAX: usize = 48;

/// A pop from a heap of at most this many events sorts it back into an array first.
/// Below [`SORTED_MAX`] by 16, so that the set changes shape at most once in 16 pushes
/// or pops, whatever it does: a sort's cost is spread over at least that many events.
const SORTED_AGAIN: usize = 32;

/// How the entries are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Sorted latest first: the earliest event is the last entry.
    Sorted,
    /// A 4-ary min-heap: the earliest event is the root, entry 0.
    Heap,
    /// A 4-ary min-heap whose root was popped: entry 0 is a hole, filled by the next
    /// push or removed by the next pop.
    HeapRootPopped,
}

/// The pending events by (time, sequence number): a sorted array while small, a 4-ary
/// min-heap when large, popped in (time, sequence) order either way.
#[derive(Debug, Clone)]
pub struct EventHeap<E> {
    entries: Vec<Entry<E>>,
    shape: Shape,
}

const ARITY: usize = 4;

impl<E> Default for EventHeap<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventHeap<E> {
    /// An empty set.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty set with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        EventHeap {
            entries: Vec::with_capacity(n),
            shape: Shape::Sorted,
        }
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.entries.len() - usize::from(self.shape == Shape::HeapRootPopped)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<E: Copy> EventHeap<E> {
    /// Adds an event. For a small set, O(number of events due before it); for a large
    /// one O(log n), on average O(1) for the hold pattern, where a new event rarely
    /// climbs far. Right after a pop from a heap it fills the popped root's slot.
    #[inline(always)]
    pub fn push(&mut self, time: Time, seq: u64, event: E) {
        let key = Key::new(time, seq);
        match self.shape {
            Shape::HeapRootPopped => {
                self.shape = Shape::Heap;
                self.sift_down(Entry { key, event });
            }
            Shape::Heap => self.push_heap(Entry { key, event }),
            Shape::Sorted if self.entries.len() < SORTED_MAX => self.insert_sorted(key, event),
            Shape::Sorted => {
                self.sorted_to_heap();
                self.push_heap(Entry { key, event });
            }
        }
    }

    /// Removes the earliest event. O(1) for a small set, O(log n) for a large one.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        match self.shape {
            Shape::Sorted => return self.entries.pop().map(Entry::into_parts),
            Shape::HeapRootPopped => {
                let last = self.entries.pop().expect("a popped root is an entry");
                // The hole and the other entries: as many as there are events.
                if self.entries.len() <= SORTED_AGAIN {
                    self.sort_from_heap(last);
                    return self.entries.pop().map(Entry::into_parts);
                }
                self.sift_down(last);
            }
            Shape::Heap => {}
        }
        let &top = self.entries.first()?;
        self.shape = Shape::HeapRootPopped;
        Some(top.into_parts())
    }

    /// Adds `entry` at the end of the heap and lets it climb to where it fits.
    #[inline(always)]
    fn push_heap(&mut self, entry: Entry<E>) {
        let hole = self.entries.len();
        self.entries.push(entry);
        self.sift_up(hole, entry);
    }

    /// Turns the full sorted array into a heap: earliest first, it is one already.
    #[cold]
    fn sorted_to_heap(&mut self) {
        self.entries.reverse();
        self.shape = Shape::Heap;
    }

    /// Turns a heap whose root was popped, and whose last entry `last` was taken out,
    /// into a sorted array: `last` fills the hole, then the entries are sorted latest
    /// first. Keys are unique, so an unstable sort has only one result.
    #[cold]
    fn sort_from_heap(&mut self, last: Entry<E>) {
        // With no entry left, `last` was the hole itself.
        if let Some(hole) = self.entries.first_mut() {
            *hole = last;
        }
        self.entries
            .sort_unstable_by_key(|entry| Reverse(entry.key));
        self.shape = Shape::Sorted;
    }

    /// The entry at `i`, which the sifting code keeps below the length.
    #[inline(always)]
    fn at(&self, i: usize) -> &Entry<E> {
        debug_assert!(i < self.entries.len());
        // SAFETY: every index sifting reads or writes is a parent, a child below
        // `n = len` or the hole, all below the length.
        unsafe { self.entries.get_unchecked(i) }
    }

    #[inline(always)]
    fn at_mut(&mut self, i: usize) -> &mut Entry<E> {
        debug_assert!(i < self.entries.len());
        // SAFETY: as for `at`.
        unsafe { self.entries.get_unchecked_mut(i) }
    }

    /// Puts a new entry into the sorted array: a hole opens at the end and moves towards
    /// the front past every entry due before the new one, which fills it where it stops.
    #[inline]
    fn insert_sorted(&mut self, key: Key, event: E) {
        self.entries.reserve(1);
        let n = self.entries.len();
        let base = self.entries.as_mut_ptr();
        let mut hole = n;
        // SAFETY: the entries below `n` are initialised, and the reserve makes room for
        // one more, so every slot read (`hole - 1 < n`) holds an entry and every slot
        // written (`hole <= n`) lies within the allocation. After the loop every slot
        // below `n + 1` holds an entry, which is what the new length says.
        unsafe {
            while hole > 0 {
                let before = base.add(hole - 1).read();
                if before.key > key {
                    break;
                }
                base.add(hole).write(before);
                hole -= 1;
            }
            base.add(hole).write(Entry { key, event });
            self.entries.set_len(n + 1);
        }
    }

    /// Moves the hole at `hole` up until `entry` fits there, and puts it in.
    #[inline]
    fn sift_up(&mut self, mut hole: usize, entry: Entry<E>) {
        while hole > 0 {
            let parent = (hole - 1) / ARITY;
            if entry.key < self.at(parent).key {
                *self.at_mut(hole) = *self.at(parent);
                hole = parent;
            } else {
                break;
            }
        }
        *self.at_mut(hole) = entry;
    }

    /// Fills the hole left at the root by moving `entry` down to where it fits.
    #[inline]
    fn sift_down(&mut self, entry: Entry<E>) {
        let n = self.entries.len();
        let mut hole = 0;
        loop {
            let first = hole * ARITY + 1;
            if first >= n {
                break;
            }
            let best = self.least_child(first, n);
            if self.at(best).key < entry.key {
                *self.at_mut(hole) = *self.at(best);
                hole = best;
            } else {
                break;
            }
        }
        *self.at_mut(hole) = entry;
    }

    /// Index of the least of the children starting at `first` (at most `ARITY` of them,
    /// fewer at the end of the heap).
    #[inline]
    fn least_child(&self, first: usize, n: usize) -> usize {
        let key = |i: usize| self.at(i).key;
        if first + ARITY <= n {
            // A full node: two pairs, then their winners, each pick a bool turned into
            // an index offset, which compiles to flag arithmetic rather than jumps.
            let a = first + usize::from(key(first + 1) < key(first));
            let b = first + 2 + usize::from(key(first + 3) < key(first + 2));
            if key(b) < key(a) {
                b
            } else {
                a
            }
        } else {
            (first + 1..n).fold(first, |best, c| if key(c) < key(best) { c } else { best })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_order_for_random_input() {
        let mut h = EventHeap::new();
        let mut x: u64 = 12345;
        let mut keys = Vec::new();
        for seq in 0..2000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let t = (x >> 40) as f64 / 1000.0;
            keys.push((t, seq));
            h.push(t, seq, seq);
        }
        keys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (t, seq) in keys {
            assert_eq!(h.pop(), Some((t, seq)));
        }
        assert!(h.pop().is_none());
    }

    /// Runs `ops` (a push at time `t / 2`, or a pop) on a set and on a sorted
    /// reference, checking every pop and the length after every step, and returns how
    /// many times the set changed between a sorted array and a heap.
    fn check_against_reference(ops: impl IntoIterator<Item = Option<u8>>) -> usize {
        let mut h = EventHeap::new();
        let mut reference = std::collections::BTreeSet::new();
        let mut sorted = true;
        let mut changes = 0;
        for (seq, op) in (0u64..).zip(ops) {
            match op {
                Some(t) => {
                    h.push(f64::from(t) * 0.5, seq, seq);
                    reference.insert((t, seq));
                }
                None => {
                    let expected = reference
                        .pop_first()
                        .map(|(t, seq)| (f64::from(t) * 0.5, seq));
                    assert_eq!(h.pop(), expected, "pop after {seq} operations");
                }
            }
            assert_eq!(h.len(), reference.len());
            assert_eq!(h.is_empty(), reference.is_empty());
            if sorted != (h.shape == Shape::Sorted) {
                sorted = !sorted;
                changes += 1;
            }
        }
        changes
    }

    /// Rounds of a climb (two to nineteen pushes per pop) and a fall (the reverse),
    /// pushes and pops mixed at random, so that the size crosses `SORTED_MAX` upwards
    /// and `SORTED_AGAIN` downwards: in 95% of cases at least once, in 73% at least
    /// twice (counted on proptest's deterministic runner).
    fn phases() -> impl proptest::strategy::Strategy<Value = Vec<Option<u8>>> {
        use proptest::collection::vec;
        use proptest::strategy::Strategy;
        let phase = |push_shares: std::ops::Range<f64>| {
            push_shares
                .prop_flat_map(|share| vec(proptest::option::weighted(share, 0u8..16), 50..250))
        };
        vec((phase(0.65..0.95), phase(0.05..0.35)), 1..6).prop_map(|rounds| {
            rounds
                .into_iter()
                .flat_map(|(climb, fall)| climb.into_iter().chain(fall))
                .collect()
        })
    }

    proptest::proptest! {
        /// Interleaved pushes and pops (the hold pattern and bursts) always pop what a
        /// sorted reference would, and count what it holds (a popped root's hole
        /// included), in either shape and across changes of shape; times are drawn from
        /// a few values, so that ties abound.
        #[test]
        fn interleaved_pushes_and_pops_match_a_sorted_reference(ops in phases()) {
            check_against_reference(ops);
        }
    }

    #[test]
    fn order_holds_across_many_changes_of_shape() {
        // Twenty climbs above `SORTED_MAX` (two pushes per pop) and falls below
        // `SORTED_AGAIN` (two pops per push), to peaks and troughs that vary, with
        // times from a fixed pseudo-random sequence.
        let mut x: u64 = 2024;
        let mut time = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 60) as u8
        };
        let mut ops = Vec::new();
        let mut len = 0;
        for round in 0..20 {
            let peak = SORTED_MAX + 1 + round % 5 * 7;
            while len < peak {
                ops.extend([Some(time()), None, Some(time())]);
                len += 1;
            }
            let trough = SORTED_AGAIN - 1 - round % 4 * 8;
            while len > trough {
                ops.extend([None, Some(time()), None]);
                len -= 1;
            }
        }
        assert_eq!(check_against_reference(ops), 40);
    }

    #[test]
    fn packed_times_sort_as_total_cmp() {
        let times = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1.0 + f64::EPSILON,
            3.5e9,
            f64::INFINITY,
        ];
        for w in times.windows(2) {
            assert!(
                time_to_ordered_bits(w[0]) < time_to_ordered_bits(w[1]),
                "{} should sort before {}",
                w[0],
                w[1]
            );
        }
        for t in times {
            assert_eq!(
                ordered_bits_to_time(time_to_ordered_bits(t)).to_bits(),
                t.to_bits(),
                "{t} should survive packing"
            );
        }
    }

    #[test]
    fn ties_pop_in_sequence_order_at_every_size() {
        // Sizes up to three times `SORTED_MAX`: sorted arrays, and heaps whose sizes
        // around multiples of the arity exercise the partly filled last node.
        for n in 1..3 * SORTED_MAX as u64 {
            let mut h = EventHeap::new();
            for seq in (0..n).rev() {
                h.push(7.0, seq, seq);
            }
            let order: Vec<u64> = std::iter::from_fn(|| h.pop().map(|(_, e)| e)).collect();
            assert_eq!(order, (0..n).collect::<Vec<_>>());
        }
    }
}
