//! The pending-event set: a quaternary (4-ary) min-heap keyed by (time, sequence).
//!
//! Three choices make it fast for the *hold* pattern of a simulation (pop the earliest
//! event, push one a little later); `benches/kernel.rs` measures each against
//! `std::collections::BinaryHeap` and against binary and 8-ary heaps
//! (figures in `benches/RESULTS.md`):
//!
//! - **Arity 4.** Half the depth of a binary heap, and the four children of a node lie
//!   next to each other in memory, so a level costs one or two cache lines instead of
//!   one per comparison. Arity 8 makes each level too wide to pay for the depth it saves.
//! - **One integer key.** The time and the sequence number are packed into one `u128`
//!   (time in the high half, mapped to a `u64` that sorts exactly as `f64::total_cmp`),
//!   so that comparing two entries is one integer comparison with no branch on ties.
//!   The four children of a node are compared as a small tournament without branches,
//!   so the unpredictable outcome of a comparison never costs a mispredicted jump.
//! - **A hole, not swaps.** Sifting carries the moving entry in a register and shifts
//!   the others by one copy each, writing it once where it stops; this is why events
//!   must be `Copy` (the model's events are small typed enums).
//! - **The popped root stays until the next push.** A popped event leaves its slot as a
//!   hole at the root; when the handler schedules an event (most do), the new entry
//!   fills that hole and sifts down once, where a pop and a push would sift down and
//!   then up. The order of pops is the heap's order either way.

use super::Time;

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

/// A min-heap of events by (time, sequence number). O(log n) push and pop.
#[derive(Debug, Clone)]
pub struct EventHeap<E> {
    entries: Vec<Entry<E>>,
    /// Whether the root was popped and its slot is a hole, filled by the next push or
    /// removed by the next pop.
    root_popped: bool,
}

const ARITY: usize = 4;

impl<E> Default for EventHeap<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventHeap<E> {
    /// An empty heap.
    pub fn new() -> Self {
        EventHeap {
            entries: Vec::new(),
            root_popped: false,
        }
    }

    /// An empty heap with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        EventHeap {
            entries: Vec::with_capacity(n),
            root_popped: false,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len() - usize::from(self.root_popped)
    }

    /// Whether the heap is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<E: Copy> EventHeap<E> {
    /// Adds an event. O(log n); on average O(1) for the hold pattern, where a new
    /// event rarely climbs far. Right after a pop it fills the popped root's slot.
    #[inline]
    pub fn push(&mut self, time: Time, seq: u64, event: E) {
        let entry = Entry {
            key: Key::new(time, seq),
            event,
        };
        if self.root_popped {
            self.root_popped = false;
            self.sift_down(entry);
            return;
        }
        let hole = self.entries.len();
        self.entries.push(entry);
        self.sift_up(hole, entry);
    }

    /// Removes the earliest event. O(log n).
    #[inline]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        if self.root_popped {
            self.root_popped = false;
            let last = self.entries.pop().expect("a popped root is an entry");
            if !self.entries.is_empty() {
                self.sift_down(last);
            }
        }
        let &top = self.entries.first()?;
        self.root_popped = true;
        Some((top.key.time(), top.event))
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

    proptest::proptest! {
        /// Interleaved pushes and pops (the hold pattern and bursts) always pop what a
        /// sorted reference would, and count what it holds (a popped root's hole
        /// included), times drawn from a few values so that ties abound.
        #[test]
        fn interleaved_pushes_and_pops_match_a_sorted_reference(
            ops in proptest::collection::vec(proptest::option::of(0u8..6), 0..300)
        ) {
            let mut h = EventHeap::new();
            let mut reference = std::collections::BTreeSet::new();
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
                        proptest::prop_assert_eq!(h.pop(), expected);
                    }
                }
                proptest::prop_assert_eq!(h.len(), reference.len());
                proptest::prop_assert_eq!(h.is_empty(), reference.is_empty());
            }
        }
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
    fn ties_pop_in_sequence_order_at_every_heap_size() {
        // Sizes around multiples of the arity exercise the partly filled last node.
        for n in 1..40u64 {
            let mut h = EventHeap::new();
            for seq in (0..n).rev() {
                h.push(7.0, seq, seq);
            }
            let order: Vec<u64> = std::iter::from_fn(|| h.pop().map(|(_, e)| e)).collect();
            assert_eq!(order, (0..n).collect::<Vec<_>>());
        }
    }
}
