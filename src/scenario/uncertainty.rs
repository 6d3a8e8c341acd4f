//! `[uncertainty]`: ranges over a scenario's assumptions, and the parameter sets drawn
//! from them (docs/model.md §18).
//!
//! Each key of the table besides `samples` and `trials` is a path, as a sweep writes
//! it (`team.squads`, `stakeholders.sales.requests_per_week`), or a distribution's
//! parameter after such a path (`work.question_every_hours.mean`); its value is a range
//! `[low, high]`, drawn uniformly, or `{ values = [...] }`, one of the values listed.
//! This module reads the ranges, resolving each path as the sweep does
//! ([`sweep::place`]), draws the sets (a Latin hypercube on a stream of its own) and
//! sets a set's values in a clone of the raw tree. Validating a set is the loader's
//! job, so every value drawn is checked like any other, and an error points at its
//! range.

use super::error::Issue;
use super::raw::{Node, Span, Table, Value};
use super::reader::{suggest, Part, Reader, Scale, Section};
use super::schema::{self, is_sweepable, key_at, sweepable_paths, uncertainty as keys};
use super::sweep::{self, Axis, Place};
use super::types::Scenario;
use crate::dist::is_number_parameter;
use crate::model::streams::trial_key;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// The number of a parameter set among the sets of a point, from 0: the order in which
/// they were drawn, run and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SetIndex(pub u32);

impl SetIndex {
    /// The set's position in [`Uncertainty::sets`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// `[uncertainty]` at one scenario point: the parameters given ranges, and the sets
/// drawn from them.
#[derive(Debug, Clone)]
pub struct Uncertainty {
    /// Each parameter's path as outputs name it (`work.question_every_hours.mean`), in
    /// the order of the file.
    pub parameters: Vec<String>,
    /// Trials of each structure in each set: `[uncertainty] trials`, whatever
    /// `--trials` says (it sets the trials of the point as written).
    pub trials: u32,
    /// The sets, in the order drawn.
    pub sets: Vec<ParameterSet>,
}

impl Uncertainty {
    /// The sets with their numbers.
    pub fn indexed(&self) -> impl Iterator<Item = (SetIndex, &ParameterSet)> {
        self.sets
            .iter()
            .enumerate()
            .map(|(i, set)| (SetIndex(i as u32), set))
    }

    /// The set numbered `set`.
    ///
    /// # Panics
    /// If there is no such set (a bug in the caller: set numbers come from the sets).
    pub fn set(&self, set: SetIndex) -> &ParameterSet {
        &self.sets[set.index()]
    }
}

/// One parameter set: its values, and the scenario point with them in place.
#[derive(Debug, Clone)]
pub struct ParameterSet {
    /// Each parameter's value as written in outputs (`13.57`, `"fifo"`), in the order
    /// of [`Uncertainty::parameters`].
    pub texts: Vec<String>,
    /// Each parameter's value as the influence measure ranks it: the number, or for a
    /// listed value that is not a number, its position in the list.
    pub numbers: Vec<f64>,
    /// The point with the set's values, validated like a file of its own. Its name,
    /// seed and sweep values are the point's, so that trial i of every set draws the
    /// same random work; its `run.trials` is [`Uncertainty::trials`].
    pub scenario: Scenario,
}

/// What `[uncertainty]` asks for, read from the file before anything is drawn.
#[derive(Debug)]
pub(crate) struct Ranges {
    samples: u32,
    trials: u32,
    parameters: Vec<Parameter>,
}

/// One parameter with its range.
#[derive(Debug)]
struct Parameter {
    /// Where its value goes in the file; its name is the parameter's.
    place: Place,
    range: Range,
}

/// What a parameter's values may be.
#[derive(Debug)]
enum Range {
    /// Uniform between `low` and `high`; whole numbers only, both ends included, when
    /// `whole`. `span` is where the range is written: a value drawn is reported there.
    Between {
        low: f64,
        high: f64,
        whole: bool,
        span: Span,
    },
    /// One of the values listed, each equally likely.
    Listed {
        values: Vec<Node>,
        texts: Vec<String>,
        numbers: Vec<f64>,
    },
}

/// One set's values, drawn: what goes into the tree, and what outputs write.
#[derive(Debug, Clone)]
pub(crate) struct Draw {
    values: Vec<Node>,
    /// As [`ParameterSet::texts`].
    pub texts: Vec<String>,
    /// As [`ParameterSet::numbers`].
    pub numbers: Vec<f64>,
}

/// The key of a list of values to choose from.
const VALUES: &str = "values";

/// How a range is written, for messages.
const FORMS: &str =
    "a range [low, high] such as [8, 24], or a list of choices such as { values = [1, 2, 4] }";

/// The fields of `[run]` a range may not vary: they say how to simulate, not what the
/// team is like.
const NOT_ASSUMPTIONS: [(&str, &str); 2] = [
    (
        "run.seed",
        "the seed is how the trials draw their random work, not an assumption: every set \
         draws the same work so that sets differ by their parameters only",
    ),
    (
        "run.trials",
        "each set runs `uncertainty.trials` trials of each structure",
    ),
];

/// Reads `[uncertainty]` (`None` without one, or when it is broken: every problem is in
/// `issues`). `axes` are the file's sweep axes, which a range may not repeat, and
/// `points` the number of sweep points, each of which runs every set.
pub(crate) fn read(
    root: &Table,
    src: &str,
    base_dir: &Path,
    axes: &[Axis],
    points: usize,
    issues: &mut Vec<Issue>,
) -> Option<Ranges> {
    let name = keys::TABLE.name;
    let entry = root.get(name)?;
    let Value::Table(table) = &entry.value.value else {
        issues.push(Issue::at(
            entry.value.span.clone(),
            name,
            format!(
                "expected a table such as [uncertainty] with samples, trials and ranges, got {}",
                entry.value.value.describe()
            ),
        ));
        return None;
    };
    let before = issues.len();
    let mut reader = Reader::new(src, base_dir, schema::home_of);
    let part = Part {
        prefix: name.to_string(),
        table,
        span: entry.value.span.clone(),
    };
    let mut section = Section::new(name, entry.value.span.clone(), vec![part]);
    let samples = reader.get(&mut section, &keys::SAMPLES);
    let trials = reader.get(&mut section, &keys::TRIALS);
    issues.append(&mut reader.issues);

    let mut parameters = Vec::new();
    let fixed = keys::TABLE.keys();
    let ranged = table
        .entries
        .iter()
        .filter(|e| !fixed.contains(&e.key.as_str()));
    for e in ranged {
        walk(root, src, e, &[], axes, &mut parameters, issues);
    }
    for (i, parameter) in parameters.iter().enumerate() {
        if parameters[..i]
            .iter()
            .any(|p| p.place.name == parameter.place.name)
        {
            let msg = format!("{} has two ranges; give it one", parameter.place.name);
            issues.push(Issue::at(entry.key_span.clone(), name, msg));
        }
    }
    let samples_at = || {
        table
            .get(keys::SAMPLES.name)
            .map_or(entry.key_span.clone(), |e| e.value.span.clone())
    };
    let field = format!("{name}.{}", keys::SAMPLES.name);
    if parameters.is_empty() && issues.len() == before {
        let msg = "[uncertainty] gives no range; add one such as \
                   \"work.question_every_hours.mean\" = [8, 24]";
        issues.push(Issue::at(entry.key_span.clone(), name, msg));
    } else if samples < parameters.len() as i64 + 2 {
        // The influences of k parameters are a regression of k coefficients on ranks
        // standardised by their means: k + 2 sets leave the residual one degree of
        // freedom.
        let msg = format!(
            "{} ranges need at least {} samples to tell their influences apart, got {samples}",
            parameters.len(),
            parameters.len() + 2
        );
        issues.push(Issue::at(samples_at(), field.clone(), msg));
    }
    let sets = (points as i64).saturating_mul(samples);
    if points > 1 && sets > keys::MAX_SETS {
        let msg = format!(
            "the sweep's {points} points × {samples} samples make {sets} parameter sets, \
             at most {} are allowed",
            keys::MAX_SETS
        );
        issues.push(Issue::at(samples_at(), field, msg));
    }
    if issues.len() > before {
        return None;
    }
    // Lossless: the rules keep both within their types.
    Some(Ranges {
        samples: samples as u32,
        trials: trials as u32,
        parameters,
    })
}

/// Reads the range of entry `e` under the path `prefix` (a bare dotted key makes nested
/// tables, as in the sweep).
fn walk(
    root: &Table,
    src: &str,
    e: &super::raw::Entry,
    prefix: &[String],
    axes: &[Axis],
    out: &mut Vec<Parameter>,
    issues: &mut Vec<Issue>,
) {
    let mut path = prefix.to_vec();
    path.extend(e.key.split('.').map(str::to_string));
    // A people entry by its position, as a sweep writes it (`people[1]`).
    let path = sweep::with_positions(path);
    let name = sweep::display_name(&path);
    let field = format!("{}.{name}", keys::TABLE.name);
    let key = sweep::dotted_key(src, &e.key_span);
    let at_key = |msg: String| Issue::at(key.clone(), field.clone(), msg);
    let at_value = |msg: String| Issue::at(e.value.span.clone(), field.clone(), msg);
    let listed = match &e.value.value {
        Value::Table(t) if t.get(VALUES).is_some() => Some(t),
        Value::Table(t) => {
            for inner in &t.entries {
                walk(root, src, inner, &path, axes, out, issues);
            }
            return;
        }
        Value::Array(_) => None,
        other => {
            issues.push(at_value(format!(
                "expected {FORMS}, got {}",
                other.describe()
            )));
            return;
        }
    };
    let (place, scale) = match resolve(root, path, name.clone(), axes) {
        Ok(found) => found,
        Err(msg) => {
            issues.push(at_key(msg));
            return;
        }
    };
    let range = match listed {
        Some(table) => choices(src, table, &name).map_err(|(span, msg)| {
            issues.push(Issue::at(span, field.clone(), msg));
        }),
        None => between(&e.value, scale, &name).map_err(|msg| issues.push(at_value(msg))),
    };
    if let Ok(range) = range {
        out.push(Parameter { place, range });
    }
}

/// Where the parameter `path` (written `name`) goes in the file, and how its values may
/// vary; or why it cannot be given a range.
fn resolve(
    root: &Table,
    path: Vec<String>,
    name: String,
    axes: &[Axis],
) -> Result<(Place, Scale), String> {
    let swept = |place: &Place| {
        axes.iter()
            .any(|axis| axis.place.path == place.path || axis.place.name == place.name)
    };
    let both = |name: &str| {
        format!("{name} is swept in [sweep]; a field is either swept or given a range, not both")
    };
    if let Some((_, reason)) = NOT_ASSUMPTIONS.iter().find(|(path, _)| *path == name) {
        return Err(format!("{name} cannot be given a range: {reason}"));
    }
    if is_sweepable(&path) {
        let scale = key_at(&path).map_or(Scale::Listed, |key| key.scale());
        let place = sweep::place(root, path, name)?;
        if swept(&place) {
            return Err(both(&place.name));
        }
        return Ok((place, scale));
    }
    let (parameter, base) = match path.split_last() {
        Some((last, base)) if is_number_parameter(last) && is_sweepable(base) => {
            (last.clone(), base.to_vec())
        }
        _ => return Err(unknown(root, &path)),
    };
    let key = key_at(&base);
    if key.is_none_or(|key| key.scale() != Scale::Distribution) {
        let base_name = base.join(".");
        return Err(format!(
            "{base_name} is not a distribution, so it has no {parameter}; give \
             {base_name} itself a range"
        ));
    }
    let base_name = base.join(".");
    let place = sweep::place(root, base, base_name.clone())?;
    if swept(&place) {
        return Err(both(&place.name));
    }
    match place.written(root).map(|node| &node.value) {
        Some(Value::Table(_)) => Ok((place.inner(&parameter), Scale::Continuous)),
        Some(Value::Integer(_) | Value::Float(_)) if parameter == "value" => {
            Ok((place, Scale::Continuous))
        }
        Some(Value::Integer(_) | Value::Float(_)) => Err(format!(
            "{base_name} is a constant, so it has no {parameter}: give {base_name} itself a \
             range, or write it as a distribution with a {parameter}"
        )),
        // Not a distribution at all: validation says what is wrong with it.
        Some(_) => Ok((place.inner(&parameter), Scale::Continuous)),
        None => {
            let default = key.map_or_else(String::new, |key| key.cells()[2].clone());
            Err(format!(
                "the file does not write {base_name}, so it has no {parameter} to vary: \
                 write it out (its default is {default})"
            ))
        }
    }
}

/// The message for a path no range may vary, with the nearest that may.
fn unknown(root: &Table, path: &[String]) -> String {
    let name = path.join(".");
    // A distribution's parameter is matched on the path before it.
    let (base, parameter) = match path.split_last() {
        Some((last, base)) if is_number_parameter(last) && !base.is_empty() => {
            (base.join("."), format!(".{last}"))
        }
        _ => (name.clone(), String::new()),
    };
    let mut msg = sweep::unknown_path(root, &base).replace(
        &format!("unknown sweep path `{base}`"),
        &format!("unknown path `{name}`"),
    );
    if !parameter.is_empty() {
        let all = sweepable_paths(&|_| Vec::new());
        if let Some(s) = suggest(&base, all.iter().map(String::as_str)) {
            msg = format!("unknown path `{name}`; did you mean `{s}{parameter}`?");
        }
    }
    msg
}

/// `[low, high]` for a value of `scale`.
fn between(node: &Node, scale: Scale, name: &str) -> Result<Range, String> {
    let Value::Array(ends) = &node.value else {
        return Err(format!("expected {FORMS}, got {}", node.value.describe()));
    };
    if scale == Scale::Listed {
        return Err(format!(
            "{name} is not a number: list its choices as {{ values = [...] }}"
        ));
    }
    let numbers: Vec<f64> = ends
        .iter()
        .filter_map(|end| match end.value {
            Value::Integer(i) => Some(i as f64),
            Value::Float(x) if x.is_finite() => Some(x),
            _ => None,
        })
        .collect();
    let [low, high] = numbers[..] else {
        return Err(format!(
            "a range is two finite numbers [low, high], got {} value{}{}",
            ends.len(),
            if ends.len() == 1 { "" } else { "s" },
            if numbers.len() == ends.len() {
                ""
            } else {
                " (not all numbers)"
            }
        ));
    };
    if low >= high {
        return Err(format!(
            "a range needs low < high, got [{low}, {high}]; a value that is known needs no range"
        ));
    }
    let whole = scale == Scale::Whole;
    if whole && (low.fract() != 0.0 || high.fract() != 0.0) {
        return Err(format!(
            "{name} is a whole number: its range needs whole ends, got [{low}, {high}]"
        ));
    }
    Ok(Range::Between {
        low,
        high,
        whole,
        span: node.span.clone(),
    })
}

/// `{ values = [...] }`: at least two distinct values.
fn choices(src: &str, table: &Table, name: &str) -> Result<Range, (Span, String)> {
    if let Some(other) = table.entries.iter().find(|e| e.key != VALUES) {
        return Err((
            other.key_span.clone(),
            format!(
                "unknown key `{}` in the choices of {name}; a list of choices is \
                 {{ values = [...] }}",
                other.key
            ),
        ));
    }
    let Some(entry) = table.get(VALUES) else {
        unreachable!("only tables holding `values` are read as choices")
    };
    let Value::Array(values) = &entry.value.value else {
        return Err((
            entry.value.span.clone(),
            format!(
                "expected a list of choices such as [1, 2, 4], got {}",
                entry.value.value.describe()
            ),
        ));
    };
    let texts: Vec<String> = values.iter().map(|v| sweep::text(src, &v.span)).collect();
    let distinct = texts
        .iter()
        .enumerate()
        .all(|(i, t)| !texts[..i].contains(t));
    if values.len() < 2 || !distinct {
        return Err((
            entry.value.span.clone(),
            format!(
                "a list of choices needs at least two different values, got {}",
                texts.join(", ")
            ),
        ));
    }
    let as_number = |v: &Node| match v.value {
        Value::Integer(i) => Some(i as f64),
        Value::Float(x) if x.is_finite() => Some(x),
        _ => None,
    };
    // Numbers are ranked as numbers; anything else by its place in the list.
    let numbers = values
        .iter()
        .map(as_number)
        .collect::<Option<Vec<f64>>>()
        .unwrap_or_else(|| (0..values.len()).map(|i| i as f64).collect());
    Ok(Range::Listed {
        values: values.clone(),
        texts,
        numbers,
    })
}

impl Ranges {
    /// Trials of each structure in each set.
    pub(crate) fn trials(&self) -> u32 {
        self.trials
    }

    /// The number of sets drawn.
    pub(crate) fn draw_count(&self) -> usize {
        self.samples as usize
    }

    /// Each parameter's name, in the order of the file.
    pub(crate) fn names(&self) -> Vec<String> {
        self.parameters
            .iter()
            .map(|p| p.place.name.clone())
            .collect()
    }

    /// The parameter sets of the scenario `scenario` run with seed `seed`: a Latin
    /// hypercube on a stream of their own, so that the same file and seed draw the
    /// same sets and no trial's random work is shared with them.
    pub(crate) fn draw(&self, seed: u64, scenario: &str) -> Vec<Draw> {
        let mut rng = sampling_stream(seed, scenario);
        let positions = latin_hypercube(&mut rng, self.samples as usize, self.parameters.len());
        positions
            .into_iter()
            .map(|row| {
                let mut draw = Draw {
                    values: Vec::with_capacity(row.len()),
                    texts: Vec::with_capacity(row.len()),
                    numbers: Vec::with_capacity(row.len()),
                };
                for (parameter, u) in self.parameters.iter().zip(row) {
                    let (node, text, number) = parameter.range.at(u);
                    draw.values.push(node);
                    draw.texts.push(text);
                    draw.numbers.push(number);
                }
                draw
            })
            .collect()
    }

    /// Sets the values of `draw` in `tree`, a clone of the file's tree.
    pub(crate) fn set(&self, tree: &mut Table, draw: &Draw) {
        for (parameter, value) in self.parameters.iter().zip(&draw.values) {
            parameter.place.set(tree, value.clone());
        }
    }
}

impl Range {
    /// The value at position `u` in [0, 1) of the range: the node set in the tree, its
    /// text and its number.
    fn at(&self, u: f64) -> (Node, String, f64) {
        match self {
            Range::Between {
                low,
                high,
                whole: false,
                span,
            } => {
                let x = low + u * (high - low);
                let node = Node {
                    span: span.clone(),
                    value: Value::Float(x),
                };
                (node, x.to_string(), x)
            }
            Range::Between {
                low,
                high,
                whole: true,
                span,
            } => {
                // Each whole number of [low, high] takes an equal share of [0, 1).
                let x = (low + (u * (high - low + 1.0)).floor()).min(*high);
                let node = Node {
                    span: span.clone(),
                    // Lossless: a whole number within two ends read from the file.
                    value: Value::Integer(x as i64),
                };
                (node, (x as i64).to_string(), x)
            }
            Range::Listed {
                values,
                texts,
                numbers,
            } => {
                let i = ((u * values.len() as f64) as usize).min(values.len() - 1);
                (values[i].clone(), texts[i].clone(), numbers[i])
            }
        }
    }
}

/// The ChaCha stream number of the parameter sets. Every trial stream is on stream 0 of
/// its own key, so this stream never shares a draw with one.
const SAMPLING_STREAM: u64 = 0x756e_6365_7274; // "uncert"

/// The stream the sets of `scenario` run with `seed` are drawn from.
fn sampling_stream(seed: u64, scenario: &str) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(trial_key(seed, scenario, u32::MAX));
    rng.set_stream(SAMPLING_STREAM);
    rng
}

/// A Latin hypercube of `samples` points in `dimensions` dimensions: in each dimension
/// the points fall one in each of `samples` equal strata of [0, 1), at a uniform
/// position within it, the strata matched across dimensions by independent random
/// permutations (McKay, Beckman & Conover 1979). Every range is covered evenly with far
/// fewer sets than a grid needs, and each dimension's share of points below any value
/// is within 1/`samples` of that value.
fn latin_hypercube(rng: &mut impl Rng, samples: usize, dimensions: usize) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; dimensions]; samples];
    let mut strata: Vec<usize> = (0..samples).collect();
    for j in 0..dimensions {
        // Fisher–Yates, written out so that the draws are fixed by this code alone.
        for i in (1..samples).rev() {
            let k = rng.random_range(0..=i);
            strata.swap(i, k);
        }
        for (point, &stratum) in points.iter_mut().zip(&strata) {
            let within: f64 = rng.random();
            point[j] = (stratum as f64 + within) / samples as f64;
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::raw::parse;

    fn ranges(src: &str) -> (Option<Ranges>, Vec<Issue>) {
        let root = parse(src).unwrap();
        let mut issues = Vec::new();
        let axes = sweep::axes(&root, src, &mut issues);
        let points = sweep::points(&axes);
        let ranges = read(&root, src, Path::new(""), &axes, points, &mut issues);
        (ranges, issues)
    }

    fn messages(src: &str) -> Vec<String> {
        ranges(src).1.into_iter().map(|i| i.message).collect()
    }

    #[test]
    fn a_latin_hypercube_has_one_point_in_each_stratum_of_each_dimension() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let points = latin_hypercube(&mut rng, 20, 3);
        for j in 0..3 {
            let mut strata: Vec<usize> = points.iter().map(|p| (p[j] * 20.0) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..20).collect::<Vec<_>>(), "dimension {j}");
        }
        // Independent permutations: the dimensions are not in lockstep.
        assert!(points
            .iter()
            .any(|p| (p[0] * 20.0) as usize != (p[1] * 20.0) as usize));
    }

    #[test]
    fn the_same_seed_draws_the_same_sets_and_another_seed_others() {
        let src = "[uncertainty]\nsamples = 12\n\"work.escalation_share\" = [0.1, 0.3]\n\
                   team.squads = [1, 4]\n";
        let (Some(r), issues) = ranges(src) else {
            panic!("the ranges read")
        };
        assert!(issues.is_empty(), "{issues:?}");
        let a = r.draw(7, "s");
        assert_eq!(a.len(), 12);
        assert_eq!(
            a.iter().map(|d| d.texts.clone()).collect::<Vec<_>>(),
            r.draw(7, "s")
                .iter()
                .map(|d| d.texts.clone())
                .collect::<Vec<_>>()
        );
        assert_ne!(a[0].numbers, r.draw(8, "s")[0].numbers);
        for d in &a {
            assert!((0.1..0.3).contains(&d.numbers[0]), "{:?}", d.numbers);
            assert!(
                [1.0, 2.0, 3.0, 4.0].contains(&d.numbers[1]),
                "{:?}",
                d.numbers
            );
            assert!(matches!(d.values[1].value, Value::Integer(_)));
        }
        // Twelve sets over four whole numbers: three each.
        for n in 1..=4 {
            let count = a.iter().filter(|d| d.numbers[1] == f64::from(n)).count();
            assert_eq!(count, 3, "squads = {n}");
        }
    }

    #[test]
    fn choices_are_drawn_evenly_and_ranked_by_position_unless_numbers() {
        let src = "[uncertainty]\nsamples = 10\n\
                   \"work.backlog_order\" = { values = [\"value\", \"fifo\"] }\n\
                   \"team.devs_per_squad\" = { values = [8, 4] }\n";
        let (Some(r), issues) = ranges(src) else {
            panic!("the ranges read: {:?}", ranges(src).1)
        };
        assert!(issues.is_empty(), "{issues:?}");
        let draws = r.draw(1, "s");
        let fifo = draws.iter().filter(|d| d.texts[0] == "\"fifo\"").count();
        assert_eq!(fifo, 5);
        assert!(draws
            .iter()
            .all(|d| d.numbers[0] == f64::from(u8::from(d.texts[0] == "\"fifo\""))));
        assert!(draws
            .iter()
            .all(|d| d.numbers[1] == 8.0 || d.numbers[1] == 4.0));
    }

    #[test]
    fn a_distribution_parameter_is_set_inside_the_distribution() {
        let src = "[work]\nquestion_every_hours = { dist = \"exp\", mean = 16 }\n\
                   answer_hours = 0.5\n\
                   [uncertainty]\n\"work.question_every_hours.mean\" = [8, 24]\n\
                   \"work.answer_hours.value\" = [0.1, 0.2]\n";
        let (Some(r), issues) = ranges(src) else {
            panic!("the ranges read: {:?}", ranges(src).1)
        };
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            r.names(),
            ["work.question_every_hours.mean", "work.answer_hours"]
        );
        let root = parse(src).unwrap();
        let draw = &r.draw(3, "s")[0];
        let mut tree = root.clone();
        r.set(&mut tree, draw);
        let place = sweep::place(
            &tree,
            vec!["work".into(), "question_every_hours".into()],
            "work.question_every_hours".into(),
        )
        .unwrap();
        let Some(Value::Table(dist)) = place.written(&tree).map(|n| &n.value) else {
            panic!("still a table")
        };
        assert!(matches!(
            dist.get("dist").unwrap().value.value,
            Value::String(_)
        ));
        assert!(
            matches!(dist.get("mean").unwrap().value.value, Value::Float(x) if x == draw.numbers[0])
        );
    }

    #[test]
    fn bad_ranges_are_reported_each_at_its_key_or_value() {
        let src = "[team]\nsquads = 2\n[sweep]\nteam.squads = [1, 2]\n\
                   [uncertainty]\nsamples = 10\n\
                   team.squads = [1, 3]\n\
                   \"work.escalation_share\" = [0.3, 0.1]\n\
                   \"work.answer_hour\" = [1, 2]\n\
                   \"work.backlog_order\" = [1, 2]\n\
                   \"team.devs_per_squad\" = [2.5, 4]\n\
                   \"work.question_every_hours.mean\" = [8, 24]\n\
                   \"work.escalation_share.mean\" = [1, 2]\n\
                   \"run.seed\" = [1, 2]\n\
                   \"work.unlimited_backlog\" = { values = [true] }\n\
                   \"work.ready_per_dev\" = \"high\"\n";
        let got = messages(src);
        let expected = [
            "team.squads is swept in [sweep]; a field is either swept or given a range, not both",
            "a range needs low < high, got [0.3, 0.1]; a value that is known needs no range",
            "unknown path `work.answer_hour`; did you mean `work.answer_hours`?",
            "work.backlog_order is not a number: list its choices as { values = [...] }",
            "team.devs_per_squad is a whole number: its range needs whole ends, got [2.5, 4]",
            "the file does not write work.question_every_hours, so it has no mean to vary: \
             write it out (its default is exp mean 16 (½ question per 8-hour day))",
            "work.escalation_share is not a distribution, so it has no mean; give \
             work.escalation_share itself a range",
            "run.seed cannot be given a range: the seed is how the trials draw their random \
             work, not an assumption: every set draws the same work so that sets differ by \
             their parameters only",
            "a list of choices needs at least two different values, got true",
            "expected a range [low, high] such as [8, 24], or a list of choices such as \
             { values = [1, 2, 4] }, got a string (\"high\")",
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn too_few_samples_or_no_range_is_an_error() {
        assert_eq!(
            messages("[uncertainty]\nsamples = 10\n"),
            ["[uncertainty] gives no range; add one such as \
              \"work.question_every_hours.mean\" = [8, 24]"]
        );
        let src = "[uncertainty]\nsamples = 10\n\"team.squads\" = [1, 9]\n\
                   \"work.escalation_share\" = [0, 1]\n\"work.value_noise_sd\" = [0, 1]\n\
                   \"work.ready_per_dev\" = [1, 2]\n\"work.refine_hours\" = [1, 2]\n\
                   \"switch_hours\" = [0, 1]\n\"work.ceremony_hours_per_week\" = [0, 1]\n\
                   \"work.accept_hours\" = [0, 1]\n\"work.resume_hours\" = [0, 1]\n";
        assert_eq!(
            messages(src),
            ["9 ranges need at least 11 samples to tell their influences apart, got 10"]
        );
        assert_eq!(
            messages("[uncertainty]\nsamples = 4\n\"team.squads\" = [1, 9]\n"),
            ["samples must be at least 10, got 4"]
        );
    }
}
