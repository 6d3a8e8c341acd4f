//! The event kernel: a clock and a pending-event set, and nothing else.
//!
//! It knows no product teams: the model defines its own event `enum` and drives the
//! loop. Events are ordered by (time, sequence number), so that events scheduled for
//! the same time run in the order they were scheduled, whatever the heap does: this is
//! what makes a trial reproducible. Times are compared with `total_cmp`.
//!
//! Events are `Copy`: the model's events are small typed enums, stored by value, and
//! the heap moves them by copying (see [`EventHeap`] for why).

mod heap;

pub use heap::EventHeap;

/// Simulated time, in hours.
pub type Time = f64;

/// A clock and the pending events of type `E`.
#[derive(Debug, Clone)]
pub struct Scheduler<E> {
    now: Time,
    next_seq: u64,
    pending: EventHeap<E>,
}

impl<E> Default for Scheduler<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Scheduler<E> {
    /// An empty scheduler at time 0.
    pub fn new() -> Self {
        Scheduler {
            now: 0.0,
            next_seq: 0,
            pending: EventHeap::new(),
        }
    }

    /// An empty scheduler with room for `n` pending events before it allocates.
    pub fn with_capacity(n: usize) -> Self {
        Scheduler {
            now: 0.0,
            next_seq: 0,
            pending: EventHeap::with_capacity(n),
        }
    }

    /// The current time: the time of the last event popped.
    #[inline]
    pub fn now(&self) -> Time {
        self.now
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

impl<E: Copy> Scheduler<E> {
    /// Schedules `event` at absolute time `at` (not before now). O(log n) at most.
    #[inline]
    pub fn schedule_at(&mut self, at: Time, event: E) {
        debug_assert!(
            at >= self.now,
            "event scheduled in the past: {at} < {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        // Not before now, and never -0.0: the two zeros are equal times, but
        // `total_cmp` (and so the pending set) would put -0.0 first and break the
        // scheduling order of ties. `now` is never -0.0 nor NaN (it starts at 0.0 and
        // takes only times chosen here), so `now` stands for any `at` not above it,
        // -0.0 and NaN included: one comparison (`maxsd` on x86) on the path of every
        // event, where `f64::max` and then `+ 0.0` would chain five operations.
        let time = if at > self.now { at } else { self.now };
        self.pending.push(time, seq, event);
    }

    /// Schedules `event` after `delay` hours.
    #[inline]
    pub fn schedule_in(&mut self, delay: Time, event: E) {
        self.schedule_at(self.now + delay, event);
    }

    /// Removes the next event, advances the clock to its time and returns it. O(log n)
    /// at most.
    // Inlined where it is called whatever the caller's size: left to the compiler's
    // heuristics, a model compiled in several variants called it out of line and took 8%
    // longer (benches/RESULTS.md §11).
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        let (time, event) = self.pending.pop()?;
        self.now = time;
        Some((time, event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_pop_in_time_order() {
        let mut s = Scheduler::new();
        for (t, e) in [(3.0, 'c'), (1.0, 'a'), (2.0, 'b')] {
            s.schedule_at(t, e);
        }
        let order: Vec<char> = std::iter::from_fn(|| s.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['a', 'b', 'c']);
        assert_eq!(s.now(), 3.0);
    }

    #[test]
    fn simultaneous_events_run_in_scheduling_order() {
        let mut s = Scheduler::new();
        for e in 0..100 {
            s.schedule_at(5.0, e);
        }
        let order: Vec<i32> = std::iter::from_fn(|| s.pop().map(|(_, e)| e)).collect();
        assert_eq!(
            order,
            (0..100).collect::<Vec<_>>(),
            "ties must keep scheduling order"
        );
    }

    #[test]
    fn negative_zero_ties_with_zero() {
        let mut s = Scheduler::new();
        s.schedule_at(0.0, 'a');
        s.schedule_at(-0.0, 'b');
        assert_eq!(s.pop(), Some((0.0, 'a')));
        assert_eq!(s.pop().map(|(_, e)| e), Some('b'));
    }

    #[test]
    fn schedule_in_is_relative_to_now() {
        let mut s = Scheduler::new();
        s.schedule_at(2.0, 0);
        s.pop();
        s.schedule_in(1.5, 1);
        assert_eq!(s.pop(), Some((3.5, 1)));
        assert!(s.is_empty());
    }
}
