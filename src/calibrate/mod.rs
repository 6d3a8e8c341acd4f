//! `orgsim calibrate`: fits a scenario to a team's own tracker history (docs/calibrate.md).
//!
//! The path: the readers (`stage_dates` for the stage-dates CSV, `jira` for a Jira
//! search result with changelogs) turn exports into one [`History`], with stage names
//! mapped by `--stages`; `evidence` reads durations and counts out of it on the
//! working-hours `clock` and fits them (`fit`: censored maximum likelihood, KS
//! distance, Poisson intervals); `writer` turns the evidence into a scenario whose
//! every value says whether it is fitted (and on what) or assumed; `backtest`
//! simulates it and compares with the history. `synthetic` makes histories with known
//! parameters for the examples and tests.
//!
//! This module reads exports and writes the scenario and its effort file; it never
//! touches the model: the back-test goes through the public scenario loader and batch
//! runner like any other user of the library.

mod backtest;
pub mod clock;
mod error;
pub mod evidence;
pub mod fit;
pub mod history;
mod jira;
pub mod stage;
mod stage_dates;
pub mod structures;
pub mod synthetic;
pub mod writer;

pub use backtest::{back_test, BackTest, Comparison, Spread, Verdict};
pub use clock::{Stamp, WorkingClock};
pub use error::{CalibrateError, InputError, InputErrors, Place};
pub use evidence::Evidence;
pub use history::History;
pub use stage::{Stage, StageMap};
pub use structures::StructureKind;
pub use writer::{ScenarioOptions, Written};

use crate::scenario::Scenario;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How to read the exports.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Export names to stages.
    pub stages: StageMap,
    /// The attribute (CSV column, Jira field) whose values make the stakeholder
    /// groups; `None` for one group of all items.
    pub group_by: Option<String>,
}

/// Everything a calibration needs besides the exports.
#[derive(Debug, Clone)]
pub struct Options {
    /// How to read the exports.
    pub read: ReadOptions,
    /// Working hours a week (`--hours-per-week`).
    pub hours_per_week: f64,
    /// The structure the team has.
    pub structure: StructureKind,
    /// Squads of the team.
    pub squads: u32,
    /// Developers per squad; `None` to estimate from the history.
    pub devs_per_squad: Option<u32>,
    /// The scenario's name; `None` for the output file's stem.
    pub name: Option<String>,
}

/// A finished calibration: the evidence and the files to write.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The history as read.
    pub history: History,
    /// What the history says.
    pub evidence: Evidence,
    /// The scenario and effort file texts.
    pub written: Written,
    /// Where the scenario goes.
    pub scenario_path: PathBuf,
    /// Where the effort file goes, beside the scenario.
    pub effort_path: PathBuf,
    /// The written scenario, validated.
    pub scenario: Scenario,
    /// The structure the team has.
    pub structure: StructureKind,
}

/// The product work a structure's people must do on average, against their time:
/// a first check that the fitted hours can be served at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductLoad {
    /// Hours a week of triage, answers, escalations, refinement, acceptance and
    /// ceremonies that the work brings (discovery fills what is left, so it is not
    /// counted).
    pub hours_needed: f64,
    /// Product people of the structure.
    pub people: u32,
    /// Their hours a week together.
    pub hours_available: f64,
}

impl ProductLoad {
    /// Share of the product people's time the work takes.
    pub fn utilisation(&self) -> f64 {
        self.hours_needed / self.hours_available
    }
}

/// Above this average utilisation of the product people, waits grow fast (as
/// 1/(1 − ρ)): the sustainable ceiling of 0.7–0.8 in EVIDENCE, at its top.
pub const SUSTAINABLE_UTILISATION: f64 = 0.8;

/// The average product load of structure `structure` of `scenario`, from the means of
/// its distributions: requests, items per request, effort over the question interval
/// for the number of questions.
pub fn product_load(scenario: &Scenario, structure: &str) -> Option<ProductLoad> {
    let s = scenario.structures.iter().find(|s| s.name == structure)?;
    let w = &s.work;
    let mut hours = 0.0;
    let mut items = 0.0;
    for g in &scenario.stakeholders {
        hours += g.requests_per_week * g.triage_hours.mean();
        items += g.requests_per_week * g.accept_share * g.items_per_request.mean().round().max(1.0);
    }
    let questions_per_item = w.item_effort_hours.mean() / w.question_every_hours.mean();
    let per_question = w.answer_hours.mean() + w.escalation_share * w.escalation_hours.mean();
    hours +=
        items * (w.refine_hours.mean() + w.accept_hours.mean() + questions_per_item * per_question);
    hours += w.ceremony_hours_per_week.mean() * f64::from(s.team.squads);
    let people: u32 = s
        .people
        .iter()
        .map(|p| p.staffing.heads(s.team.squads))
        .sum();
    Some(ProductLoad {
        hours_needed: hours,
        people,
        hours_available: f64::from(people) * scenario.run.hours_per_week,
    })
}

/// The export's format, from its extension, else its first character.
fn is_json(path: &Path, text: &str) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => true,
        Some("csv") => false,
        _ => text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with(['{', '[']),
    }
}

/// Reads every export into one history; every problem of every file is reported.
pub fn read_exports(paths: &[PathBuf], options: &ReadOptions) -> Result<History, CalibrateError> {
    let mut history = History::new();
    let mut errors = Vec::new();
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(InputError::whole(
                    path,
                    format!("cannot read the export: {e}"),
                ));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                errors.push(InputError::whole(
                    path,
                    format!(
                        "the export is not UTF-8 text (byte {} is 0x{:02x}); save it as UTF-8",
                        e.utf8_error().valid_up_to(),
                        e.as_bytes()[e.utf8_error().valid_up_to()]
                    ),
                ));
                continue;
            }
        };
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            errors.push(InputError::whole(path, "the export is empty"));
            continue;
        }
        history.sources.push(path.clone());
        if is_json(path, &text) {
            jira::read(&text, path, options, &mut history, &mut errors);
        } else {
            stage_dates::read(&text, path, options, &mut history, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(history)
    } else {
        Err(CalibrateError::Input(InputErrors(errors)))
    }
}

/// Reads the exports, fits and writes the scenario text for `out` (nothing is written
/// to disk: see [`Calibration::save`]). The written scenario is validated by the
/// scenario loader before it is returned.
pub fn calibrate(
    exports: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<Calibration, CalibrateError> {
    let bad = |message: String| {
        CalibrateError::input(InputError::whole(Path::new("orgsim calibrate"), message))
    };
    let clock = WorkingClock::new(options.hours_per_week).map_err(bad)?;
    if options.squads == 0 || options.devs_per_squad == Some(0) {
        return Err(bad(
            "--squads and --devs-per-squad must be at least 1".into()
        ));
    }
    let history = read_exports(exports, &options.read)?;
    let first = history.sources.first().cloned().unwrap_or_default();
    let evidence = evidence::gather(&history, &clock).ok_or_else(|| {
        CalibrateError::input(InputError::whole(&first, "the exports hold no usable item"))
    })?;
    if evidence.span.hours <= 0.0 {
        return Err(CalibrateError::input(InputError::whole(
            &first,
            format!(
                "every item was created at {} and nothing happened after: no span to measure rates over",
                evidence.span.from
            ),
        )));
    }
    let stem = out
        .file_stem()
        .map_or_else(|| "team".to_string(), |s| s.to_string_lossy().into_owned());
    let effort_path = out.with_file_name(format!("{stem}-effort.csv"));
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(export) = exports
        .iter()
        .find(|e| same(e, out) || same(e, &effort_path))
    {
        return Err(bad(format!(
            "--out {} would overwrite the export {} (or its effort file would); write the \
             scenario elsewhere",
            out.display(),
            export.display()
        )));
    }
    let scenario_options = ScenarioOptions {
        name: options.name.clone().unwrap_or_else(|| stem.clone()),
        structure: options.structure,
        squads: options.squads,
        devs_per_squad: options.devs_per_squad,
        effort_file: effort_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sources: history.sources.clone(),
    };
    let written = writer::write(&evidence, &clock, &scenario_options).ok_or_else(|| {
        let s = &evidence.effort.sample;
        CalibrateError::input(InputError::whole(
            &first,
            format!(
                "too few items finished work to fit effort: {} finished ({} distinct times), {} still in \
                 work; at least two different finished times are needed (does --stages map the work and \
                 done stages?)",
                s.exact.len() + s.left.len(),
                distinct(&s.exact),
                s.right.len()
            ),
        ))
    })?;
    let invalid = |detail: String| {
        CalibrateError::Internal(format!(
            "the calibrated scenario does not validate (a bug in orgsim calibrate):\n{detail}"
        ))
    };
    let scenario = crate::scenario::load_str(&written.scenario, out)
        .map_err(|e| invalid(e.render()))?
        .into_iter()
        .next()
        .ok_or_else(|| invalid("no scenario point".into()))?;
    Ok(Calibration {
        history,
        evidence,
        written,
        scenario_path: out.to_path_buf(),
        effort_path,
        scenario,
        structure: options.structure,
    })
}

fn distinct(values: &[f64]) -> usize {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v.len()
}

impl Calibration {
    /// Writes the effort file, then the scenario.
    pub fn save(&self) -> Result<(), CalibrateError> {
        for (path, text) in [
            (&self.effort_path, &self.written.effort_csv),
            (&self.scenario_path, &self.written.scenario),
        ] {
            std::fs::write(path, text).map_err(|source| CalibrateError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }

    /// What was read and fitted, for people: counts, what was left out and why, and
    /// each fitted value with its evidence.
    pub fn summary(&self) -> String {
        let e = &self.evidence;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "read {} items from {} export{}: {} done, {} open, {} to {} ({} working weeks)",
            e.items,
            self.history.sources.len(),
            if self.history.sources.len() == 1 {
                ""
            } else {
                "s"
            },
            e.observed.done,
            e.open,
            e.span.from,
            e.span.to,
            writer::num(e.span.weeks)
        );
        for u in &self.history.unusable {
            let place = InputError::new(&u.first.0, u.first.1.clone(), "", "").to_string();
            let _ = writeln!(
                out,
                "left out: {} item{} with {} (the first at {})",
                u.count,
                if u.count == 1 { "" } else { "s" },
                u.reason,
                place.trim_end().trim_end_matches(':')
            );
        }
        if e.partial > 0 {
            let _ = writeln!(
                out,
                "{} item{} a truncated changelog: counted as requests and by where {} stand, not in stage times",
                e.partial,
                if e.partial == 1 { " has" } else { "s have" },
                if e.partial == 1 { "it" } else { "they" }
            );
        }
        for note in &self.history.notes {
            let _ = writeln!(out, "note: {note}");
        }
        for g in &e.groups {
            let _ = writeln!(
                out,
                "group {}: {} requests per week (95% interval {} to {}), {} items",
                g.name,
                writer::num(g.rate.value),
                writer::num(g.rate.low),
                writer::num(g.rate.high),
                g.created
            );
        }
        let stages = [
            Some(&e.effort),
            e.blocked.as_ref(),
            e.refine.as_ref(),
            e.accept.as_ref(),
        ];
        for s in stages.into_iter().flatten() {
            let sample = &s.sample;
            let mut line = format!(
                "time in {}: {} exact, {} right-censored, {} under the stamps' resolution",
                s.stage,
                sample.exact.len(),
                sample.right.len(),
                sample.left.len()
            );
            for (reason, n) in &s.left_out {
                let _ = write!(line, ", {n} left out ({reason})");
            }
            match s.fits {
                Some(f) => {
                    let (c, o) = (f.chosen(), f.other());
                    let _ = write!(
                        line,
                        "; {} mean {} sd {} (KS {}), {} mean {} sd {} (KS {})",
                        c.family.name(),
                        writer::num(c.mean),
                        writer::num(c.sd),
                        writer::num(c.ks),
                        o.family.name(),
                        writer::num(o.mean),
                        writer::num(o.sd),
                        writer::num(o.ks)
                    );
                }
                None => line.push_str("; too few to fit: assumed"),
            }
            let _ = writeln!(out, "{line}");
        }
        if let Some(q) = &e.questions {
            let _ = writeln!(
                out,
                "blocked every {} working hours of work ({} episodes)",
                writer::num(q.every_hours.value),
                q.episodes
            );
        }
        let _ = writeln!(
            out,
            "{} developers per squad; {} assumptions stated with ranges",
            self.written.devs_per_squad, self.written.assumptions
        );
        for kind in std::iter::once(self.structure).chain(self.structure.alternatives()) {
            let Some(load) = product_load(&self.scenario, kind.name()) else {
                continue;
            };
            let _ = write!(
                out,
                "{kind}: the work takes {} of the {} product {} hours a week ({}%)",
                writer::num(load.hours_needed),
                load.people,
                if load.people == 1 {
                    "person's"
                } else {
                    "people's"
                },
                (load.utilisation() * 100.0).round()
            );
            if load.utilisation() > SUSTAINABLE_UTILISATION {
                out.push_str(
                    ": more than they can sustain. Where a stage time was fitted to hours, it includes \
                     waiting; the ranges under [uncertainty] run down to hands-on times",
                );
            }
            out.push('\n');
        }
        out
    }
}
