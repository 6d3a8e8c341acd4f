//! Settled or not (docs/model.md §14): a structure whose queues keep growing through
//! the measured window has no steady state, so its waiting times and backlogs say as
//! much about the run's length as about the structure.
//!
//! A structure is *not settled* at a point when its `not_settled` warning sign
//! (`queue_growth_max` above `[warnings] queue_growth`) is reported, that is fires in
//! at least half of the trials. Which queue grows most is told from the means over
//! trials of the four growth metrics, so that a note can say it in words.

use super::WarningSign;
use crate::model::Metric;
use crate::stats::PointStats;
use crate::vocabulary::named_enum;

/// Whether structure `structure` settled at the point of `stats`: its `not_settled`
/// sign is not reported. A structure whose signs were not counted is settled.
pub fn settled(stats: &PointStats, structure: usize) -> bool {
    !WarningSign::NotSettled.reported(stats, structure)
}

named_enum! {
    /// A queue that can grow without bound; its name is how the report words it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum GrowingQueue {
        /// Requests arrived and not yet triaged.
        Triage => "triage queue",
        /// Items in the product backlog, not yet refined.
        Backlog => "product backlog",
        /// Items whose effort is done, not yet accepted.
        Accept => "acceptance queue",
        /// Questions raised and not yet answered or decided.
        Questions => "open questions",
    }
}

impl GrowingQueue {
    /// The metric of the queue's growth.
    pub fn metric(self) -> Metric {
        match self {
            GrowingQueue::Triage => Metric::TriageQueueGrowth,
            GrowingQueue::Backlog => Metric::BacklogGrowth,
            GrowingQueue::Accept => Metric::AcceptQueueGrowth,
            GrowingQueue::Questions => Metric::QuestionQueueGrowth,
        }
    }

    /// What a growing queue means, in one sentence for a product leader:
    /// `its triage queue grows through the window: stakeholders' requests wait longer
    /// the longer the run`.
    pub fn sentence(self) -> String {
        let (grows, consequence) = match self {
            GrowingQueue::Triage => ("grows", "stakeholders' requests wait longer"),
            GrowingQueue::Backlog => ("grows", "accepted requests wait longer to be refined"),
            GrowingQueue::Accept => ("grows", "finished items wait longer to be accepted"),
            GrowingQueue::Questions => ("grow", "developers wait longer for answers"),
        };
        format!(
            "its {} {grows} through the window: {consequence} the longer the run",
            self.name()
        )
    }
}

/// The queue of structure `structure` whose growth has the highest mean over trials;
/// `None` when no growth was measured (a model or a scenario without those queues).
pub fn fastest_growing(stats: &PointStats, structure: usize) -> Option<GrowingQueue> {
    GrowingQueue::ALL
        .into_iter()
        .map(|queue| {
            let moments = &stats.summary(structure, queue.metric()).moments;
            (queue, moments.mean())
        })
        .filter(|(_, mean)| !mean.is_nan())
        .fold(None, |best: Option<(GrowingQueue, f64)>, (queue, mean)| {
            match best {
                // The first listed wins a tie.
                Some((_, top)) if top >= mean => best,
                _ => Some((queue, mean)),
            }
        })
        .map(|(queue, _)| queue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::thresholds;
    use crate::model::{TrialMetrics, TrialResult};
    use crate::output::tests::point;

    /// A trial whose four queues grow by `growth` (triage, backlog, accept, questions).
    fn trial(growth: [f64; 4]) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        for (queue, g) in GrowingQueue::ALL.into_iter().zip(growth) {
            metrics.set(queue.metric(), g);
        }
        let max = growth.into_iter().fold(f64::NAN, f64::max);
        metrics.set(Metric::QueueGrowthMax, max);
        TrialResult::synthetic(metrics, vec![])
    }

    #[test]
    fn a_structure_whose_queues_grow_in_half_of_the_trials_is_not_settled() {
        let p = point("s", &[], 4, 2);
        let mut stats = PointStats::with_thresholds(thresholds(&p));
        // s0: questions grow past 0.2 in two trials of four; s1: in one.
        for (g0, g1) in [(0.5, 0.5), (0.3, 0.0), (0.1, 0.1), (0.0, 0.0)] {
            stats.add_trial(&[
                trial([f64::NAN, 0.05, 0.0, g0]),
                trial([0.01, 0.0, 0.0, g1]),
            ]);
        }
        assert!(!settled(&stats, 0));
        assert!(settled(&stats, 1));
        assert_eq!(fastest_growing(&stats, 0), Some(GrowingQueue::Questions));
        assert_eq!(fastest_growing(&stats, 1), Some(GrowingQueue::Questions));
        // Without counted signs, nothing is reported.
        assert!(settled(&PointStats::new(2), 0));
        assert_eq!(fastest_growing(&PointStats::new(1), 0), None);
    }

    #[test]
    fn a_growing_queue_reads_as_a_sentence() {
        assert_eq!(
            GrowingQueue::Triage.sentence(),
            "its triage queue grows through the window: stakeholders' requests wait longer \
             the longer the run"
        );
        assert_eq!(
            GrowingQueue::Questions.sentence(),
            "its open questions grow through the window: developers wait longer for answers \
             the longer the run"
        );
    }
}
