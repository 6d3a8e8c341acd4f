//! The pending-event set: a quaternary (4-ary) min-heap keyed by (time, sequence).
//!
//! A 4-ary heap halves the depth of a binary heap and keeps a node's children in one
//! cache line, which makes it faster than `std::collections::BinaryHeap` for the
//! hold pattern of a simulation (one pop, one push). Keys live apart from payloads so
//! that sifting moves small entries.

use super::Time;

#[derive(Debug, Clone, Copy)]
struct Key {
    time: Time,
    seq: u64,
}

impl Key {
    #[inline]
    fn before(&self, other: &Key) -> bool {
        match self.time.total_cmp(&other.time) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => self.seq < other.seq,
        }
    }
}

/// A min-heap of events by (time, sequence number). O(log n) push and pop.
#[derive(Debug, Clone)]
pub struct EventHeap<E> {
    entries: Vec<(Key, E)>,
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
        }
    }

    /// An empty heap with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        EventHeap {
            entries: Vec::with_capacity(n),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the heap is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Time of the earliest entry.
    pub fn peek_time(&self) -> Option<Time> {
        self.entries.first().map(|(k, _)| k.time)
    }

    /// Adds an event.
    #[inline]
    pub fn push(&mut self, time: Time, seq: u64, event: E) {
        self.entries.push((Key { time, seq }, event));
        self.sift_up(self.entries.len() - 1);
    }

    /// Removes the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        let last = self.entries.pop()?;
        if self.entries.is_empty() {
            return Some((last.0.time, last.1));
        }
        let top = std::mem::replace(&mut self.entries[0], last);
        self.sift_down(0);
        Some((top.0.time, top.1))
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.entries[i].0.before(&self.entries[parent].0) {
                self.entries.swap(i, parent);
                i = parent;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn sift_down(&mut self, mut i: usize) {
        let n = self.entries.len();
        loop {
            let first = i * ARITY + 1;
            if first >= n {
                break;
            }
            let last = (first + ARITY).min(n);
            let mut best = first;
            for c in first + 1..last {
                if self.entries[c].0.before(&self.entries[best].0) {
                    best = c;
                }
            }
            if self.entries[best].0.before(&self.entries[i].0) {
                self.entries.swap(i, best);
                i = best;
            } else {
                break;
            }
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
}
