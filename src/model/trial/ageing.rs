//! Ageing (docs/model.md §9): a waiting task's priority improves by one level for every
//! `aging_hours` it has waited since it was first queued, never past 1, so that no duty
//! starves for ever behind a busier one. Priority 0 (ceremonies, unless a structure
//! says otherwise) is not touched, and ageing only orders the tasks a free person
//! chooses among: it never interrupts anyone.

use super::dispatch::Task;
use super::{Checks, Trial};
use crate::kernel::Time;
use crate::model::collections::{QueueId, Queued};

/// The best priority ageing reaches.
const AGED_FLOOR: u8 = 1;

impl<M: Checks> Trial<'_, M> {
    /// The serving key of the best task of `queue` at `now`, and its position there:
    /// the head without ageing; with ageing (`aging` hours a level), the best aged
    /// priority, the oldest first.
    ///
    /// Within one priority level the oldest task is ahead and has waited longest, so it
    /// is the best of its level: only the head of each level is looked at, found by
    /// binary search, O(levels · log n). Most queues hold one level.
    #[inline]
    pub(super) fn best_in_queue(
        &self,
        queue: QueueId,
        now: Time,
        aging: Option<f64>,
    ) -> Option<((u8, u64), usize)> {
        let tasks = &self.queues[queue];
        let head = tasks.peek()?;
        let Some(aging) = aging else {
            return Some((head.key(), 0));
        };
        let mut best: Option<((u8, u64), usize)> = None;
        let mut at = 0;
        while let Some(task) = tasks.get(at) {
            let key = (aged(task, now, aging), task.seq);
            if best.is_none_or(|(best_key, _)| key < best_key) {
                best = Some((key, at));
            }
            let level = task.priority;
            at = tasks.partition_point(|t| t.priority <= level);
        }
        best
    }
}

/// A task's priority at `now`, `aging` hours of waiting raising it one level, never
/// past [`AGED_FLOOR`]; a priority already at or above it stays.
fn aged(task: &Task, now: Time, aging: f64) -> u8 {
    if task.priority <= AGED_FLOOR {
        return task.priority;
    }
    let levels = ((now - task.queued) / aging).floor().max(0.0);
    let room = f64::from(task.priority - AGED_FLOOR);
    // Lossless: at most the room, which is below 10.
    task.priority - levels.min(room) as u8
}

#[cfg(test)]
mod tests {
    use super::super::dispatch::TaskKind;
    use super::*;
    use crate::model::collections::Id;

    fn task(priority: u8, queued: Time) -> Task {
        Task {
            kind: TaskKind::Ceremony,
            queue: QueueId::from_index(0),
            priority,
            seq: 0,
            remaining: 1.0,
            started: false,
            queued,
        }
    }

    #[test]
    fn a_priority_improves_a_level_per_aging_period_down_to_one() {
        let waiting = task(4, 10.0);
        assert_eq!(aged(&waiting, 10.0, 2.0), 4);
        assert_eq!(aged(&waiting, 11.9, 2.0), 4);
        assert_eq!(aged(&waiting, 12.0, 2.0), 3);
        assert_eq!(aged(&waiting, 15.0, 2.0), 2);
        assert_eq!(aged(&waiting, 16.0, 2.0), 1);
        assert_eq!(aged(&waiting, 1e9, 2.0), 1, "never past 1");
        assert_eq!(aged(&task(0, 0.0), 1e9, 2.0), 0, "priority 0 stays");
        assert_eq!(aged(&task(1, 0.0), 1e9, 2.0), 1);
    }
}
