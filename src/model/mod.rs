//! The product-team model: squads, developers, product people and their duties, on top
//! of the generic event kernel.
//!
//! [`run_trial`] is the one entry point: a pure function from (scenario, structure,
//! trial) to a [`TrialResult`]. The seed comes from the scenario's `[run]`.
//!
//! - `org` lays out a structure: its product people, the task queues by (duty, squad)
//!   and who may serve each.
//! - `trial` is one trial: a `Trial` holding the whole state and the event loop, with
//!   each process in a module of its own (requests and triage, backlogs and refinement,
//!   developers and questions, dispatch, ceremonies and discovery, the end and the
//!   metrics).
//! - `collections` holds the typed ids and the containers they index (tables, an
//!   arena, the task queue, a backlog's ranking).
//! - `measure` accumulates what a trial observes in its measured window.
//! - [`streams`] derives one random stream per random process.
//! - [`metrics`] names the per-trial metrics and the result types.

mod collections;
mod measure;
pub mod metrics;
mod org;
pub mod streams;
mod trial;

pub use metrics::*;

use crate::scenario::Scenario;

/// Runs trial `trial` of structure `structure` of the scenario. A pure function of its
/// arguments: the same inputs give the same result on any thread, in any order.
pub fn run_trial(scenario: &Scenario, structure: usize, trial: u32) -> TrialResult {
    trial::Trial::new(scenario, structure, trial).run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Dist;
    use crate::scenario::*;

    /// One squad of `n` developers, `c` answerers, exponential questions and answers.
    fn repairman(n: u32, c: u32, question_mean: f64, answer_mean: f64) -> Scenario {
        let work = Work {
            item_effort_hours: Dist::exp(24.0).unwrap(),
            question_every_hours: Dist::exp(question_mean).unwrap(),
            answer_hours: Dist::exp(answer_mean).unwrap(),
            escalation_share: 0.0,
            escalation_hours: Dist::constant(0.0).unwrap(),
            refine_hours: Dist::constant(0.0).unwrap(),
            accept_hours: Dist::constant(0.0).unwrap(),
            resume_hours: Dist::constant(0.0).unwrap(),
            ready_per_dev: 1.0,
            backlog_order: BacklogOrder::Fifo,
            ceremony_hours_per_week: 0.0,
            value_noise_sd: 0.0,
            value_half_life_weeks: None,
            unlimited_backlog: true,
            ceremonies: Ceremonies::PerSquad,
            joint_ceremony_extra_hours: 1.0,
            insight_transfer: 1.0,
            wrong_answer_share: 0.0,
            rework_hours: Dist::constant(0.0).unwrap(),
            handoff_hours: Dist::constant(0.0).unwrap(),
            while_blocked: WhileBlocked::Wait,
            max_items_per_dev: 2,
        };
        Scenario {
            name: "repairman".into(),
            description: String::new(),
            path: "repairman.toml".into(),
            sweep: vec![],
            run: Run {
                weeks: 200,
                warmup_weeks: 4,
                trials: 1,
                seed: 1,
                hours_per_week: 40.0,
            },
            stakeholders: vec![],
            warnings: WarningThresholds::default(),
            compare: CompareSettings::default(),
            uncertainty: None,
            structures: vec![Structure {
                name: "pool".into(),
                team: Team {
                    squads: 1,
                    devs_per_squad: n,
                    dev_absence_weeks_per_year: 0,
                },
                work,
                discovery: None,
                approval: Approval {
                    share: 0.0,
                    delay_hours: Dist::constant(0.0).unwrap(),
                },
                preempt: false,
                switch_hours: 0.0,
                aging_hours: None,
                priorities: Duty::ALL.map(Duty::default_priority),
                people: vec![PersonGroup {
                    role: "po".into(),
                    duties: [Duty::Answer].into_iter().collect(),
                    staffing: Staffing::Count(c),
                    yearly_cost: None,
                    time: PersonTime::default(),
                    time_factor: TimeFactors::default(),
                }],
                dev_yearly_cost: None,
                value_per_unit: None,
            }],
        }
    }

    #[test]
    fn a_trial_is_a_pure_function_of_its_inputs() {
        let scenario = repairman(6, 1, 6.0, 0.5);
        // Debug text, because empty metrics are NaN and NaN != NaN.
        let show = |t| format!("{:?}", run_trial(&scenario, 0, t));
        assert_eq!(show(3), show(3));
        assert_ne!(show(3), show(4));
    }

    #[test]
    fn one_developer_one_answerer_matches_the_two_state_chain() {
        // N = 1, c = 1: the developer alternates Exp(λ) work and Exp(μ) answers, so the
        // working share is μ/(λ+μ) and the latency mean is 1/μ (no queueing).
        let scenario = repairman(1, 1, 4.0, 1.0);
        let result = run_trial(&scenario, 0, 0);
        let working = result.metrics.get(Metric::DevWorkingShare);
        let latency = result.metrics.get(Metric::DecisionLatencyMeanH);
        let wait = result.metrics.get(Metric::DecisionWaitMeanH);
        // 8000 h of ~5 h cycles: ~1600 questions, SE of a mean of Exp(1) ≈ 0.025.
        assert!(
            (working - 0.8).abs() < 0.02,
            "working share {working}, expected 0.8"
        );
        assert!((latency - 1.0).abs() < 0.1, "latency {latency}, expected 1");
        assert_eq!(wait, 0.0, "a single developer never queues");
        let ledger = &result.ledger;
        assert_eq!(
            ledger.items_arrived,
            ledger.items_done + ledger.items_in_progress + ledger.items_waiting
        );
    }
}
