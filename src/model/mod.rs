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
    trial::run(scenario, structure, trial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Dist;
    use crate::scenario::*;
    use std::path::Path;

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
            ceremony_hours_per_week: Dist::Const(0.0),
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
            data_files: Vec::new(),
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
                switch_hours: Dist::Const(0.0),
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

    /// Removes from every structure the mechanisms of `Checks::PEOPLE_AND_JUDGEMENT`.
    fn without_people_and_judgement(mut scenario: Scenario) -> Scenario {
        for structure in &mut scenario.structures {
            structure.team.dev_absence_weeks_per_year = 0;
            let work = &mut structure.work;
            work.while_blocked = WhileBlocked::Wait;
            work.wrong_answer_share = 0.0;
            work.handoff_hours = Dist::constant(0.0).unwrap();
            structure.switch_hours = Dist::constant(structure.switch_hours.mean()).unwrap();
            for group in &mut structure.people {
                group.time.ramp_weeks = 0.0;
                group.time_factor = TimeFactors::default();
            }
        }
        scenario
    }

    /// Removes from every structure the mechanisms of
    /// `Checks::ESCALATION_AND_DISCOVERY`, and a people entry left with no duty.
    fn without_escalation_and_discovery(mut scenario: Scenario) -> Scenario {
        for structure in &mut scenario.structures {
            structure.work.escalation_share = 0.0;
            structure.approval.share = 0.0;
            structure.discovery = None;
            for group in &mut structure.people {
                group.duties = group
                    .duties
                    .iter()
                    .filter(|&d| d != Duty::Discovery)
                    .collect();
            }
            structure
                .people
                .retain(|group| group.duties.iter().next().is_some());
        }
        scenario
    }

    #[test]
    fn each_compilation_of_the_trial_gives_the_full_trials_results() {
        // Every shipped scenario (its first sweep point) as shipped, without the
        // people-and-judgement mechanisms, and without those and escalation and
        // discovery too: whatever compilation `run_trial` picks must give, to the last
        // bit, what the trial with every check gives.
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        let mut picked = [0; 3];
        for file in files {
            let shipped = load_file(&file).unwrap().swap_remove(0);
            let common = without_people_and_judgement(shipped.clone());
            let core = without_escalation_and_discovery(common.clone());
            for scenario in [shipped, common, core] {
                for (s, structure) in scenario.structures.iter().enumerate() {
                    let uses = trial::Uses::read(&scenario, structure);
                    let compilation = if uses.kept_by::<trial::Core>() {
                        0
                    } else if uses.kept_by::<trial::Common>() {
                        1
                    } else {
                        2
                    };
                    picked[compilation] += 1;
                    for t in 0..2 {
                        // Debug text, because empty metrics are NaN and NaN != NaN.
                        assert_eq!(
                            format!("{:?}", run_trial(&scenario, s, t)),
                            format!("{:?}", trial::run_with_all_checks(&scenario, s, t)),
                            "{} {} trial {t}",
                            file.display(),
                            structure.name
                        );
                    }
                }
            }
        }
        let [core, common, all] = picked;
        assert!(
            core >= 30 && common >= 60 && all >= 3,
            "structures per compilation: core {core}, common {common}, all {all}"
        );
    }

    #[test]
    fn each_mechanism_is_checked_by_its_group() {
        // The scenario's reading and the built trial's agree, mechanism by mechanism,
        // so that `Trial::new`'s guard never fires and no mechanism loses its checks.
        let agree = |scenario: &Scenario, expected: trial::Uses, what: &str| {
            let read = trial::Uses::read(scenario, &scenario.structures[0]);
            let built = trial::built_uses(scenario, 0);
            assert_eq!((read, built), (expected, expected), "{what}");
        };
        let uses = |people_and_judgement, escalation_and_discovery| trial::Uses {
            people_and_judgement,
            escalation_and_discovery,
        };
        let core = repairman(6, 1, 6.0, 0.5);
        agree(&core, uses(false, false), "the core flow");
        type Change = fn(&mut Structure);
        let changes: [(&str, Change, trial::Uses); 10] = [
            (
                "absences",
                |s| s.team.dev_absence_weeks_per_year = 3,
                uses(true, false),
            ),
            (
                "switching",
                |s| s.work.while_blocked = WhileBlocked::Switch,
                uses(true, false),
            ),
            (
                "wrong decisions",
                |s| s.work.wrong_answer_share = 0.1,
                uses(true, false),
            ),
            (
                "hand-offs",
                |s| s.work.handoff_hours = Dist::constant(0.5).unwrap(),
                uses(true, false),
            ),
            (
                "ramp-up",
                |s| s.people[0].time.ramp_weeks = 4.0,
                uses(true, false),
            ),
            (
                "switch hours drawn",
                |s| s.switch_hours = Dist::exp(0.25).unwrap(),
                uses(true, false),
            ),
            (
                "time factors",
                |s| s.people[0].time_factor = TimeFactors::default().with(Duty::Answer, 0.8),
                uses(true, false),
            ),
            (
                "escalation",
                |s| {
                    s.work.escalation_share = 0.2;
                    s.work.escalation_hours = Dist::constant(1.0).unwrap();
                },
                uses(false, true),
            ),
            ("approval", |s| s.approval.share = 0.1, uses(false, true)),
            (
                "discovery",
                |s| s.people[0].duties = s.people[0].duties.with(Duty::Discovery),
                uses(false, true),
            ),
        ];
        for (what, change, expected) in changes {
            let mut scenario = core.clone();
            change(&mut scenario.structures[0]);
            agree(&scenario, expected, what);
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
