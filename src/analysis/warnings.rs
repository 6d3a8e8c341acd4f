//! The warning signs of docs/model.md §13: symptoms that product writing gives of a
//! structure under strain, each a bound on one per-trial metric.
//!
//! This module gives each sign its name, metric, direction and words, turns a
//! scenario's `[warnings]` thresholds into the [`Threshold`]s that
//! [`PointStats`] counts trial by trial, and says which signs are reported: those that
//! fire in at least [`REPORT_SHARE`] of the trials.

use crate::model::Metric;
use crate::numeric::approx_cmp;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Threshold};
use crate::vocabulary::named_enum;
use std::cmp::Ordering;

/// Share of trials from which the printed report lists a warning sign as firing.
pub const REPORT_SHARE: f64 = 0.5;

named_enum! {
    /// One warning sign; its name is how `warnings.csv` spells it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WarningSign {
        /// Developers wait too long for answers: `decision_latency_p90_h` above.
        SlowDecisions => "slow_decisions",
        /// Customer interviews keep getting postponed: `discovery_share` below a share
        /// of the structure's discovery target.
        DiscoveryPostponed => "discovery_postponed",
        /// Backlog work takes most of the week of someone meant to do discovery:
        /// `backlog_work_share_max` above.
        BacklogWorkDominates => "backlog_work_dominates",
        /// Several squads compete for one person: `shared_util_max` above.
        SquadsCompete => "squads_compete",
        /// A person burns out: `overload_week_share_max` above.
        Burnout => "burnout",
        /// Stakeholders wait long for a verdict on their requests: `triage_wait_mean_h`
        /// above.
        StakeholdersWait => "stakeholders_wait",
        /// Developers wait for work: `dev_starved_share` above.
        DevelopersStarved => "developers_starved",
        /// The structure's queues keep growing through the window, so its waiting
        /// times and backlogs depend on the run's length: `queue_growth_max` above.
        NotSettled => "not_settled",
    }
}

impl WarningSign {
    /// The metric the sign watches.
    pub fn metric(self) -> Metric {
        match self {
            WarningSign::SlowDecisions => Metric::DecisionLatencyP90H,
            WarningSign::DiscoveryPostponed => Metric::DiscoveryShare,
            WarningSign::BacklogWorkDominates => Metric::BacklogWorkShareMax,
            WarningSign::SquadsCompete => Metric::SharedUtilMax,
            WarningSign::Burnout => Metric::OverloadWeekShareMax,
            WarningSign::StakeholdersWait => Metric::TriageWaitMeanH,
            WarningSign::DevelopersStarved => Metric::DevStarvedShare,
            WarningSign::NotSettled => Metric::QueueGrowthMax,
        }
    }

    /// Whether the sign fires above its threshold (`false`: below it).
    pub fn above(self) -> bool {
        !matches!(self, WarningSign::DiscoveryPostponed)
    }

    /// The symptom in words, as the report prints it.
    pub fn words(self) -> &'static str {
        match self {
            WarningSign::SlowDecisions => "developers wait too long for answers",
            WarningSign::DiscoveryPostponed => "customer interviews keep getting postponed",
            WarningSign::BacklogWorkDominates => {
                "backlog work takes most of the week of someone meant to do discovery"
            }
            WarningSign::SquadsCompete => "several squads compete for one person",
            WarningSign::Burnout => "a person risks burning out",
            WarningSign::StakeholdersWait => "stakeholders wait long for a verdict",
            WarningSign::DevelopersStarved => "developers wait for work",
            WarningSign::NotSettled => {
                "its queues keep growing, so its waiting times depend on the run's length"
            }
        }
    }

    /// What is compared, with a value (the mean over trials) and the bound, in words:
    /// `p90 5.7 h > 4 h`. A sign can fire in most trials while its mean stays on the
    /// safe side (a skewed metric); then the text does not claim the mean crosses:
    /// `p90 3.8 h on average, threshold 4 h`.
    pub fn comparison(self, value: f64, bound: f64) -> String {
        let crossing = if self.above() {
            Ordering::Greater
        } else {
            Ordering::Less
        };
        let crosses = approx_cmp(value, bound) == Some(crossing);
        let (what, value, bound) = match self {
            WarningSign::SlowDecisions => {
                ("p90", format!("{} h", hours(value)), self.bound_text(bound))
            }
            WarningSign::DiscoveryPostponed => (
                "discovery",
                format!("{} of the time", percent(value)),
                percent(bound),
            ),
            WarningSign::BacklogWorkDominates => (
                "refine + accept + ceremony",
                format!("{} of a discovery holder's time", percent(value)),
                percent(bound),
            ),
            WarningSign::SquadsCompete => (
                "busiest person serving several squads",
                format!("{} busy", percent(value)),
                percent(bound),
            ),
            WarningSign::Burnout => (
                "the worst person's weeks over 90% busy:",
                percent(value),
                percent(bound),
            ),
            WarningSign::StakeholdersWait => (
                "triage wait",
                format!("{} h", hours(value)),
                self.bound_text(bound),
            ),
            WarningSign::DevelopersStarved => (
                "developers without a ready item",
                format!("{} of the time", percent(value)),
                percent(bound),
            ),
            WarningSign::NotSettled => (
                "a queue grows between the window's halves by",
                format!("{} of its mean", percent(value)),
                percent(bound),
            ),
        };
        if crosses {
            let op = if self.above() { ">" } else { "<" };
            format!("{what} {value} {op} {bound}")
        } else {
            format!("{what} {value} on average, threshold {bound}")
        }
    }

    /// The bound on [`WarningSign::metric`] as a text with its unit (`4 h`, `85%`),
    /// for lines that name the metric rather than a value.
    pub fn bound_text(self, bound: f64) -> String {
        match self {
            WarningSign::SlowDecisions | WarningSign::StakeholdersWait => format!("{bound} h"),
            _ => percent(bound),
        }
    }

    /// The sign's threshold for structure `structure` of `point`; `None` where the
    /// sign does not apply (discovery kept without a `[discovery]` target).
    pub fn threshold(self, point: &Scenario, structure: usize) -> Option<Threshold> {
        let w = &point.warnings;
        let bound = match self {
            WarningSign::SlowDecisions => w.decision_latency_p90_h,
            WarningSign::DiscoveryPostponed => {
                let target = point.structures.get(structure)?.discovery.as_ref()?;
                if target.target_share <= 0.0 {
                    return None;
                }
                w.discovery_share_of_target * target.target_share
            }
            WarningSign::BacklogWorkDominates => w.backlog_work_share,
            WarningSign::SquadsCompete => w.shared_util_max,
            WarningSign::Burnout => w.overload_week_share_max,
            WarningSign::StakeholdersWait => w.triage_wait_mean_h,
            WarningSign::DevelopersStarved => w.dev_starved_share,
            WarningSign::NotSettled => w.queue_growth,
        };
        Some(Threshold {
            metric: self.metric(),
            bound,
            above: self.above(),
        })
    }

    /// Whether the sign is reported for structure `structure`: it fired in at least
    /// [`REPORT_SHARE`] of the trials. `false` where it does not apply, or where `stats`
    /// did not count it.
    pub fn reported(self, stats: &PointStats, structure: usize) -> bool {
        stats
            .exceedance(structure, self.index())
            .is_some_and(|check| check.share() >= REPORT_SHARE)
    }
}

/// The thresholds of every structure of `point`, one list per structure in
/// [`WarningSign::ALL`] order: what
/// [`PointStats::with_thresholds`](crate::stats::PointStats::with_thresholds) takes.
pub fn thresholds(point: &Scenario) -> Vec<Vec<Option<Threshold>>> {
    (0..point.structures.len())
        .map(|k| {
            WarningSign::ALL
                .iter()
                .map(|sign| sign.threshold(point, k))
                .collect()
        })
        .collect()
}

/// Hours to two significant digits, at least whole hours: `5.7`, `42`, `1245`.
fn hours(h: f64) -> String {
    if h.abs() < 10.0 {
        format!("{h:.1}")
    } else {
        format!("{h:.0}")
    }
}

/// A share as a percentage to at most one decimal: `0.85` → `85%`, `0.125` → `12.5%`.
pub fn percent(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    format!("{p}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Dist;
    use crate::output::tests::point;
    use crate::scenario::Discovery;

    #[test]
    fn every_sign_has_its_default_threshold() {
        let mut p = point("w", &[], 1, 2);
        p.structures[1].discovery = Some(Discovery {
            target_share: 0.3,
            session_hours: Dist::Const(1.0),
            drop_after_weeks: 2.0,
        });
        let t = thresholds(&p);
        let bounds: Vec<Option<f64>> = t[1].iter().map(|t| t.map(|t| t.bound)).collect();
        assert_eq!(
            bounds,
            [
                Some(4.0),
                Some(0.15),
                Some(0.6),
                Some(0.85),
                Some(0.25),
                Some(40.0),
                Some(0.25),
                Some(0.2)
            ]
        );
        // Without discovery, the discovery sign does not apply.
        assert_eq!(t[0][1], None);
        let postponed = t[1][1].unwrap();
        assert_eq!(postponed.metric, Metric::DiscoveryShare);
        assert_eq!(postponed.crossed(0.1), Some(true));
        assert_eq!(postponed.crossed(0.2), Some(false));
        assert_eq!(t[1][0].unwrap().crossed(f64::NAN), None);
    }

    #[test]
    fn comparisons_read_as_words() {
        assert_eq!(
            WarningSign::SlowDecisions.comparison(5.6789, 4.0),
            "p90 5.7 h > 4 h"
        );
        assert_eq!(
            WarningSign::SquadsCompete.comparison(0.9999, 0.85),
            "busiest person serving several squads 100% busy > 85%"
        );
        assert_eq!(
            WarningSign::SquadsCompete.comparison(0.7, 0.85),
            "busiest person serving several squads 70% busy on average, threshold 85%"
        );
        assert_eq!(
            WarningSign::Burnout.comparison(0.5, 0.25),
            "the worst person's weeks over 90% busy: 50% > 25%"
        );
        // Rounding above the bound is the bound: it does not cross.
        assert_eq!(
            WarningSign::Burnout.comparison(0.25 + 1e-15, 0.25),
            "the worst person's weeks over 90% busy: 25% on average, threshold 25%"
        );
        assert_eq!(
            WarningSign::NotSettled.comparison(0.45, 0.2),
            "a queue grows between the window's halves by 45% of its mean > 20%"
        );
        assert_eq!(
            WarningSign::DiscoveryPostponed.comparison(0.01, 0.125),
            "discovery 1% of the time < 12.5%"
        );
        assert_eq!(
            WarningSign::StakeholdersWait.comparison(123.4, 40.0),
            "triage wait 123 h > 40 h"
        );
        assert_eq!(WarningSign::Burnout.bound_text(0.25), "25%");
        assert_eq!(WarningSign::SlowDecisions.bound_text(4.5), "4.5 h");
    }
}
