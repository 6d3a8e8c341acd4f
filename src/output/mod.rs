//! Output: the CSV files of a run and the printed report.
//!
//! - [`Staging`]: results are written into a temporary folder beside the output folder
//!   and moved in place only when complete, so an interrupted or refused run leaves
//!   the last good results whole.
//! - [`columns`]: the columns of every file, declared once for the writer and for
//!   the page that reads the files back.
//! - [`ResultWriter`]: the batch's [`TrialSink`](crate::batch::TrialSink). Streams
//!   `trials.csv`, `people.csv` and `groups.csv` as trials finish, folds every trial
//!   into [`PointStats`](crate::stats::PointStats), and at the end writes
//!   `summary.csv`, `compare.csv` and `warnings.csv`; with `summaries`,
//!   `people_summary.csv` and `groups_summary.csv` (the per-trial people and group
//!   rows over trials, for spreadsheets); with `points`, `scenarios.csv` and
//!   `warmup.csv` (each point's description and run, and the warm-up check's notes);
//!   with `uncertainty`, `samples.csv` (each structure's means in each parameter set
//!   of `[uncertainty]`, as the set ends) and `uncertainty.csv` (what the sets say of
//!   each pair of structures, and which parameters decide it).
//! - [`report`]: the plain-text comparison printed after a run: tables, crossovers,
//!   warning signs and warm-up notes.
//! - [`html`]: `report.html`, the page of charts built from the CSV files of a
//!   results folder (after a run, or by `orgsim report DIR`). The report and the
//!   page show the same headline metrics ([`Metric::HEADLINE`](crate::model::Metric::HEADLINE)).
//!
//! Every file is for spreadsheets: one header row, a stable column order, `.` as the
//! decimal separator, no thousands separators, numbers at full precision (Rust's
//! shortest representation that reads back to the same `f64`, never in exponent
//! notation), and an empty cell where a value is missing (`NaN` or infinite).
//!
//! This module simulates nothing and computes no statistic itself.

pub mod columns;
mod folder;
pub mod html;
mod points;
pub mod report;
mod summaries;
mod uncertainty;
mod writer;

pub use columns::FILES;
pub use folder::Staging;
pub use summaries::TooLongForSpreadsheets;
pub use writer::{Finished, ResultWriter};

use std::path::PathBuf;

/// What can go wrong writing results.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file-system operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("create", "rename" …).
        action: &'static str,
        /// The path acted on.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Writing a CSV file failed.
    #[error("cannot write {}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// The output path names a file, not a folder.
    #[error("the output folder {} is a file; choose a folder with --out", path.display())]
    NotAFolder {
        /// The output path.
        path: PathBuf,
    },
    /// The output path is not something a folder can be made at.
    #[error("the output folder must be a folder name, got {}", path.display())]
    BadPath {
        /// The path given.
        path: PathBuf,
    },
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::dist::Dist;
    use crate::scenario::*;
    use std::path::PathBuf;

    /// A scenario point for tests that do not run the model: `structures` structures
    /// named `s0`, `s1` …, the given sweep values.
    pub(crate) fn point(
        name: &str,
        sweep: &[(&str, &str)],
        trials: u32,
        structures: usize,
    ) -> Scenario {
        let c = |v: f64| Dist::constant(v).expect("a valid constant");
        let work = Work {
            item_effort_hours: c(8.0),
            question_every_hours: c(4.0),
            answer_hours: c(0.5),
            escalation_share: 0.0,
            escalation_hours: c(1.0),
            refine_hours: c(1.0),
            accept_hours: c(0.5),
            resume_hours: c(0.0),
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
            rework_hours: c(0.0),
            handoff_hours: c(0.0),
            while_blocked: WhileBlocked::Wait,
            max_items_per_dev: 2,
        };
        let structures = (0..structures)
            .map(|k| Structure {
                name: format!("s{k}"),
                team: Team {
                    squads: 1,
                    devs_per_squad: 2,
                    dev_absence_weeks_per_year: 0,
                },
                work: work.clone(),
                discovery: None,
                approval: Approval {
                    share: 0.0,
                    delay_hours: c(0.0),
                },
                preempt: false,
                switch_hours: Dist::Const(0.0),
                aging_hours: None,
                priorities: Duty::ALL.map(Duty::default_priority),
                people: vec![],
                dev_yearly_cost: None,
                value_per_unit: None,
            })
            .collect();
        Scenario {
            name: name.to_string(),
            description: String::new(),
            path: PathBuf::from(format!("{name}.toml")),
            sweep: sweep
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect(),
            run: Run {
                weeks: 1,
                warmup_weeks: 0,
                trials,
                seed: 1,
                hours_per_week: 40.0,
            },
            stakeholders: vec![],
            warnings: WarningThresholds::default(),
            compare: CompareSettings::default(),
            uncertainty: None,
            data_files: Vec::new(),
            structures,
        }
    }
}
