//! Refusing a run before it starts: one that asks for more than [`MAX_TRIALS`] trials
//! of a structure over its sweep points (a bound of the format, whatever the
//! machine), one that cannot fit in the memory this machine can give it (it would
//! abort half-way), or one that would take longer than [`TIME_LIMIT`] (more likely a
//! slip of the keyboard than a plan) unless the limit is lifted.
//!
//! A refusal names the field that adds the most to the excess: the one whose return
//! to its default (or, for a count with no default, to its least) would cut the
//! estimate the most. That is the field to look at first, and the place the report
//! points at.

use super::load::StructureLoad;
use super::{About, Estimate, Machine, PointLoad, Seconds};
use crate::scenario::reader::{Key, Whole};
use crate::scenario::{schema, Scenario, Staffing, MAX_TRIALS};

/// The keys of the places a field may be written, as the schema names them.
const SWEEP: &str = schema::SWEEP;
const STRUCTURES: &str = schema::structure::TABLE.name;
const PEOPLE: &str = schema::person::TABLE.name;
const STAKEHOLDERS: &str = schema::stakeholder::TABLE.name;
const UNCERTAINTY: &str = schema::uncertainty::TABLE.name;

/// The longest run allowed without `--no-limit`: an hour. Past that a run is more
/// likely a slip (`weeks = 1000000000`) than a plan, and a deliberate one can say so.
pub const TIME_LIMIT: Seconds = Seconds(3600.0);

/// What a batch may ask for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// The threads and memory of the machine.
    pub machine: Machine,
    /// The longest run allowed; `None` when lifted.
    pub time: Option<Seconds>,
    /// Whether the trials come from the command line (`--trials`) rather than the
    /// files: a refusal then names the flag.
    pub trials_from_command_line: bool,
}

/// A field of a scenario the estimate grows with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `run.trials`, or `--trials`.
    Trials,
    /// `run.weeks`.
    Weeks,
    /// `run.warmup_weeks`.
    WarmupWeeks,
    /// A structure's `team.squads`.
    Squads {
        /// The structure's index.
        structure: usize,
    },
    /// A structure's `team.devs_per_squad`.
    DevsPerSquad {
        /// The structure's index.
        structure: usize,
    },
    /// The `count` or `per_squad` of a structure's `people` entry.
    Staffing {
        /// The structure's index.
        structure: usize,
        /// The entry's index in its `people`.
        entry: usize,
    },
    /// A stakeholder group's `requests_per_week`.
    Requests {
        /// The group's index.
        group: usize,
    },
    /// The points of the sweep.
    Points,
    /// `[uncertainty] samples`: the parameter sets.
    Samples,
    /// `[uncertainty] trials`: the trials of each set.
    SetTrials,
}

/// A batch refused, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The file (its index among the batch's) and the field that adds the most;
    /// `None` when only the files together are too much.
    pub culprit: Option<(usize, Field)>,
    /// What is wrong and what to do, in a sentence.
    pub message: String,
}

impl Field {
    /// Every field of a file's points that can add to its estimate.
    fn all(point: &Scenario, points: usize) -> Vec<Field> {
        let mut out = vec![Field::Trials, Field::Weeks, Field::WarmupWeeks];
        for (structure, s) in point.structures.iter().enumerate() {
            out.push(Field::Squads { structure });
            out.push(Field::DevsPerSquad { structure });
            for (entry, group) in s.people.iter().enumerate() {
                if !matches!(group.staffing, Staffing::SquadsEach(_)) {
                    out.push(Field::Staffing { structure, entry });
                }
            }
        }
        out.extend((0..point.stakeholders.len()).map(|group| Field::Requests { group }));
        if points > 1 {
            out.push(Field::Points);
        }
        if point.uncertainty.is_some() {
            out.extend([Field::Samples, Field::SetTrials]);
        }
        out
    }

    /// `points` with this field back at its default, or its least.
    fn reset(self, points: &[PointLoad]) -> Vec<PointLoad> {
        // The casts are lossless: the defaults are small whole numbers.
        let default = |key: &Key<Whole, i64>| key.default as u64;
        if self == Field::Points {
            return points.iter().take(1).cloned().collect();
        }
        let mut out = points.to_vec();
        for point in &mut out {
            match self {
                Field::Trials => point.trials = point.trials.min(default(&schema::run::TRIALS)),
                Field::Samples => {
                    let samples = default(&schema::uncertainty::SAMPLES);
                    point
                        .sets
                        .truncate(usize::try_from(samples).unwrap_or(usize::MAX));
                }
                Field::SetTrials => {
                    let trials = default(&schema::uncertainty::TRIALS);
                    for set in &mut point.sets {
                        set.trials = set.trials.min(trials);
                    }
                }
                _ => {}
            }
            // A set's structures are the point's with the set's values: what the field
            // changes in the point, it changes in each set.
            self.reset_structures(&mut point.structures);
            for set in &mut point.sets {
                self.reset_structures(&mut set.structures);
            }
        }
        out
    }

    /// `structures` with this field back at its default, or its least, where it is
    /// one of a structure's.
    fn reset_structures(self, structures: &mut [StructureLoad]) {
        // The casts are lossless: the defaults are small whole numbers.
        let default = |key: &Key<Whole, i64>| key.default as u64;
        for (k, s) in structures.iter_mut().enumerate() {
            match self {
                Field::Weeks => {
                    s.measured_weeks = s.measured_weeks.min(default(&schema::run::WEEKS));
                }
                Field::WarmupWeeks => {
                    let warmup = default(&schema::run::WARMUP_WEEKS);
                    s.warmup_weeks = s.warmup_weeks.min(warmup);
                }
                Field::Squads { structure } if structure == k => {
                    s.squads = s.squads.min(default(&schema::team::SQUADS));
                }
                Field::DevsPerSquad { structure } if structure == k => {
                    let devs = default(&schema::team::DEVS_PER_SQUAD);
                    s.devs_per_squad = s.devs_per_squad.min(devs);
                }
                Field::Staffing { structure, entry } if structure == k => {
                    if let Some(people) = s.people.get_mut(entry) {
                        people.staffing = match people.staffing {
                            Staffing::Count(_) => Staffing::Count(1),
                            Staffing::PerSquad(_) => Staffing::PerSquad(1),
                            other => other,
                        };
                    }
                }
                Field::Requests { group } => {
                    if let Some(g) = s.groups.get_mut(group) {
                        g.requests_per_week = 0.0;
                    }
                }
                _ => {}
            }
        }
    }

    /// Where the file may write the field, the most specific place first: a sweep
    /// of a structure's own value, the structure's own value, a sweep, the top level.
    /// The last is the field's path as the report names it when the file writes it
    /// nowhere.
    pub fn places(self, point: &Scenario) -> Vec<String> {
        let structure_name = |k: usize| point.structures.get(k).map_or("", |s| s.name.as_str());
        let inherited = |k: usize, path: &str| {
            vec![
                format!("{SWEEP}.{STRUCTURES}.{}.{path}", structure_name(k)),
                format!("{STRUCTURES}[{k}].{path}"),
                format!("{SWEEP}.{path}"),
                path.to_string(),
            ]
        };
        let run = |key: &str| {
            let path = format!("{}.{key}", schema::run::TABLE.name);
            vec![format!("{SWEEP}.{path}"), path]
        };
        let team = |key: &str| format!("{}.{key}", schema::team::TABLE.name);
        match self {
            Field::Trials => run(schema::run::TRIALS.name),
            Field::Weeks => run(schema::run::WEEKS.name),
            Field::WarmupWeeks => run(schema::run::WARMUP_WEEKS.name),
            Field::Squads { structure } => inherited(structure, &team(schema::team::SQUADS.name)),
            Field::DevsPerSquad { structure } => {
                inherited(structure, &team(schema::team::DEVS_PER_SQUAD.name))
            }
            Field::Staffing { structure, entry } => {
                let key = match point
                    .structures
                    .get(structure)
                    .and_then(|s| s.people.get(entry))
                {
                    Some(group) if matches!(group.staffing, Staffing::PerSquad(_)) => {
                        schema::person::PER_SQUAD.name
                    }
                    _ => schema::person::COUNT.name,
                };
                vec![format!("{STRUCTURES}[{structure}].{PEOPLE}[{entry}].{key}")]
            }
            Field::Requests { group } => {
                let name = point
                    .stakeholders
                    .get(group)
                    .map_or("", |g| g.name.as_str());
                let key = schema::stakeholder::REQUESTS_PER_WEEK.name;
                vec![
                    format!("{SWEEP}.{STAKEHOLDERS}.{name}.{key}"),
                    format!("{STAKEHOLDERS}[{group}].{key}"),
                ]
            }
            Field::Points => vec![SWEEP.to_string()],
            Field::Samples => vec![format!(
                "{UNCERTAINTY}.{}",
                schema::uncertainty::SAMPLES.name
            )],
            Field::SetTrials => vec![format!(
                "{UNCERTAINTY}.{}",
                schema::uncertainty::TRIALS.name
            )],
        }
    }

    /// The clause of a refusal that blames the field and says what to do.
    fn blame(self, point: &Scenario, limits: &Limits) -> String {
        if self == Field::Points {
            return "the sweep's points add the most: sweep fewer values".to_string();
        }
        if self == Field::Trials && limits.trials_from_command_line {
            return "--trials adds the most: ask for fewer".to_string();
        }
        let places = self.places(point);
        let path = places.last().map_or("", String::as_str);
        let path = match self {
            Field::Squads { structure } | Field::DevsPerSquad { structure } => {
                let name = point
                    .structures
                    .get(structure)
                    .map_or("", |s| s.name.as_str());
                format!("{path} of structure \"{name}\"")
            }
            _ => path.to_string(),
        };
        format!("{path} adds the most: lower it")
    }
}

/// What a refusal measures: memory or time.
#[derive(Debug, Clone, Copy)]
enum Measure {
    Memory,
    Time,
}

impl Measure {
    fn of(self, estimate: &Estimate) -> f64 {
        match self {
            Measure::Memory => estimate.memory.0,
            Measure::Time => estimate.time().0,
        }
    }
}

/// The field of a file whose reset cuts the `measure` of its estimate the most.
fn culprit(point: &Scenario, points: &[PointLoad], threads: usize, measure: Measure) -> Field {
    let whole = measure.of(&Estimate::of_loads(points, threads));
    let cut =
        |field: &Field| whole - measure.of(&Estimate::of_loads(&field.reset(points), threads));
    Field::all(point, points.len())
        .into_iter()
        .map(|field| (cut(&field), field))
        .fold(None, |best: Option<(f64, Field)>, (c, field)| match best {
            Some((b, _)) if b >= c => best,
            _ => Some((c, field)),
        })
        .map_or(Field::Trials, |(_, field)| field)
}

/// Checks every file of a batch, then the batch as a whole, against `limits`: the
/// refusals, none when the batch may run.
pub fn refusals(files: &[&[Scenario]], limits: &Limits) -> Vec<Refusal> {
    let threads = limits.machine.threads;
    let loads: Vec<Vec<PointLoad>> = files
        .iter()
        .map(|points| points.iter().map(PointLoad::of).collect())
        .collect();
    let mut refusals = Vec::new();
    for (i, (points, load)) in files.iter().zip(&loads).enumerate() {
        let Some(first) = points.first() else {
            continue;
        };
        let trials: u64 = load.iter().map(PointLoad::all_trials).sum();
        if trials > MAX_TRIALS as u64 {
            let own: u64 = load.iter().map(|p| p.trials).sum();
            let (field, parts) = match &first.uncertainty {
                Some(u) if trials - own > own => (
                    Field::Samples,
                    format!(
                        "{} sweep point{} × ({} trials + {} parameter sets × {} trials)",
                        points.len(),
                        if points.len() == 1 { "" } else { "s" },
                        first.run.trials,
                        u.sets.len(),
                        u.trials
                    ),
                ),
                _ => (
                    if points.len() > 1 {
                        Field::Points
                    } else {
                        Field::Trials
                    },
                    format!(
                        "{} sweep point{} × {} trials",
                        points.len(),
                        if points.len() == 1 { "" } else { "s" },
                        first.run.trials
                    ),
                ),
            };
            let advice = if field == Field::Samples {
                "draw fewer parameter sets or run fewer trials in each"
            } else {
                "sweep fewer values or ask for fewer trials"
            };
            refusals.push(Refusal {
                culprit: Some((i, field)),
                message: format!(
                    "the run asks for {trials} trials of each structure in all ({parts}), \
                     more than the {MAX_TRIALS} a run may have; {advice}"
                ),
            });
            continue;
        }
        let estimate = Estimate::of_loads(load, threads);
        for (measure, excess) in excesses(&estimate, limits, load) {
            let field = culprit(first, load, threads, measure);
            refusals.push(Refusal {
                culprit: Some((i, field)),
                message: format!("{excess}; {}", field.blame(first, limits)),
            });
        }
    }
    if refusals.is_empty() && files.len() > 1 {
        let all: Vec<PointLoad> = loads.into_iter().flatten().collect();
        let estimate = Estimate::of_loads(&all, threads);
        for (_, excess) in excesses(&estimate, limits, &all) {
            refusals.push(Refusal {
                culprit: None,
                message: format!(
                    "together, the {} files: {excess}; run them one at a time",
                    files.len()
                ),
            });
        }
    }
    refusals
}

/// What `estimate` exceeds, each with the words that say so.
fn excesses(estimate: &Estimate, limits: &Limits, points: &[PointLoad]) -> Vec<(Measure, String)> {
    let mut out = Vec::new();
    if let Some(available) = limits.machine.memory {
        if estimate.memory > available {
            let mut msg = format!(
                "the run would need {} of memory, more than the {available} this \
                 machine can give it",
                About(estimate.memory)
            );
            let alone = Estimate::of_loads(points, 1).memory;
            if estimate.threads > 1 && alone <= available {
                msg.push_str(&format!(" (with --threads 1, {})", About(alone)));
            }
            out.push((Measure::Memory, msg));
        }
    }
    if let Some(limit) = limits.time {
        if estimate.time() > limit {
            let threads = estimate.threads;
            let s = if threads == 1 { "" } else { "s" };
            out.push((
                Measure::Time,
                format!(
                    "the run would take {} on {threads} thread{s}, longer than the \
                     limit of {limit} (--no-limit lifts it)",
                    About(estimate.time())
                ),
            ));
        }
    }
    out
}
