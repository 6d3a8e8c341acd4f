//! The validating stage: from the raw spanned tree to the immutable [`Scenario`].
//!
//! A [`Checker`] walks the tree once per sweep point. Each table is read through a
//! [`Section`], which records the keys asked for, so that every key nobody asked for is
//! reported as unknown (with a did-you-mean). A value in error is reported and replaced
//! by its default, so the walk goes on and finds the file's other errors; the caller
//! discards the scenario if any issue was recorded. Nothing here reads the sweep: by
//! the time a tree gets here its swept values have been set.

use super::error::Issue;
use super::raw::{Entry, Node, Span, Table, Value};
use super::types::*;
use crate::dist::{Dist, DistError};
use rand::SeedableRng;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Keys of `[run]`.
pub(crate) const RUN_KEYS: &[&str] = &["weeks", "warmup_weeks", "trials", "seed", "hours_per_week"];
/// Keys of `[team]`.
pub(crate) const TEAM_KEYS: &[&str] = &["squads", "devs_per_squad"];
/// Keys of `[work]`.
pub(crate) const WORK_KEYS: &[&str] = &[
    "item_effort_hours",
    "question_every_hours",
    "answer_hours",
    "escalation_share",
    "escalation_hours",
    "refine_hours",
    "accept_hours",
    "resume_hours",
    "ready_per_dev",
    "backlog_order",
    "ceremony_hours_per_week",
    "value_noise_sd",
    "value_half_life_weeks",
    "unlimited_backlog",
];
/// Keys of `[discovery]`.
pub(crate) const DISCOVERY_KEYS: &[&str] = &["target_share", "session_hours", "drop_after_weeks"];
/// Keys of `[approval]`.
pub(crate) const APPROVAL_KEYS: &[&str] = &["share", "delay_hours"];
/// Keys of `[warnings]`, the fields of [`WarningThresholds`].
pub(crate) const WARNING_KEYS: &[&str] = &[
    "decision_latency_p90_h",
    "discovery_share_of_target",
    "backlog_work_share",
    "product_util_max",
    "overload_week_share",
    "triage_wait_mean_h",
];
/// Tables with a fixed set of keys, which a sweep may address as `table.key`.
pub(crate) const SECTIONS: &[(&str, &[&str])] = &[
    ("run", RUN_KEYS),
    ("team", TEAM_KEYS),
    ("work", WORK_KEYS),
    ("discovery", DISCOVERY_KEYS),
    ("approval", APPROVAL_KEYS),
    ("warnings", WARNING_KEYS),
];
/// Names accepted by `dist = "…"`.
const DIST_NAMES: &[&str] = &[
    "const",
    "exp",
    "uniform",
    "triangular",
    "lognormal",
    "gamma",
    "empirical",
];
/// Sanity cap on squads and head counts: far above any real organisation, low enough
/// that a typo (`squads = 30000000`) cannot exhaust memory.
pub(crate) const MAX_HEADS: i64 = 10_000;
/// Draws used to find a stakeholder group's acceptance bar.
const ACCEPT_BAR_DRAWS: usize = 200_000;

/// What a number may be.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// At least 0.
    NonNeg,
    /// Greater than 0.
    Positive,
    /// In [0, 1].
    Share,
    /// Greater than 0 and at most the given value.
    PositiveAtMost(f64),
}

impl Bound {
    /// `Err(what is allowed)` when `v` is outside.
    fn check(self, v: f64) -> Result<(), String> {
        match self {
            Bound::NonNeg if v < 0.0 => Err("at least 0".into()),
            Bound::Positive if v <= 0.0 => Err("greater than 0".into()),
            Bound::Share if !(0.0..=1.0).contains(&v) => Err("between 0 and 1".into()),
            Bound::PositiveAtMost(_) if v <= 0.0 => Err("greater than 0".into()),
            Bound::PositiveAtMost(max) if v > max => Err(format!("at most {max}")),
            _ => Ok(()),
        }
    }
}

/// One table in a section, and the field path its entries are reported under.
#[derive(Clone)]
pub(crate) struct Part<'n> {
    /// Field path of the table (`work`, `structures[1].work`).
    prefix: String,
    /// The table.
    table: &'n Table,
    /// Where the table is written.
    span: Span,
}

/// A table being read, possibly several merged (a structure's overrides over the
/// top-level values: later parts win). Records the keys asked for.
pub(crate) struct Section<'n> {
    /// Field path for problems of the section as a whole (the most specific part).
    path: String,
    /// Where to point for such problems.
    span: Span,
    parts: Vec<Part<'n>>,
    asked: Vec<&'static str>,
}

/// A value read from a section, with its field path.
struct Field<'n> {
    node: &'n Node,
    path: String,
    key: &'static str,
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

impl<'n> Section<'n> {
    /// A section of the given parts; `path` and `span` name it when it has none.
    fn new(path: &str, span: Span, parts: Vec<Part<'n>>) -> Self {
        let (path, span) = match parts.last() {
            Some(p) => (p.prefix.clone(), p.span.clone()),
            None => (path.to_string(), span),
        };
        Section {
            path,
            span,
            parts,
            asked: Vec::new(),
        }
    }

    /// The value of `key`, from the last part that has it.
    fn take(&mut self, key: &'static str) -> Option<Field<'n>> {
        self.asked.push(key);
        self.parts.iter().rev().find_map(|p| {
            p.table.get(key).map(|e| Field {
                node: &e.value,
                path: join(&p.prefix, key),
                key,
            })
        })
    }

    /// Every entry of every part, with its field-path prefix, for tables whose keys are
    /// free (costs, priorities). Marks them all as known.
    fn all_entries(&mut self) -> Vec<(&'n Entry, String)> {
        let out = self
            .parts
            .iter()
            .flat_map(|p| p.table.entries.iter().map(|e| (e, p.prefix.clone())))
            .collect();
        self.parts.clear();
        out
    }
}

/// The best did-you-mean among `candidates`, if one is close enough.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `; did you mean "x"?` or the list of what is allowed.
fn hint(word: &str, allowed: &[&str]) -> String {
    match suggest(word, allowed.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!("; allowed: {}", allowed.join(", ")),
    }
}

fn plural_list(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// Walks a raw tree and builds the scenario, recording every problem.
pub(crate) struct Checker<'s> {
    /// Problems found so far.
    pub issues: Vec<Issue>,
    src: &'s str,
    base_dir: PathBuf,
    /// Acceptance bars already computed, by (value distribution, share): sweep points
    /// share them.
    bars: HashMap<(String, u64), f64>,
}

impl<'s> Checker<'s> {
    /// A checker for a file with this text; `empirical` paths are resolved in
    /// `base_dir`.
    pub fn new(src: &'s str, base_dir: &Path) -> Self {
        Checker {
            issues: Vec::new(),
            src,
            base_dir: base_dir.to_path_buf(),
            bars: HashMap::new(),
        }
    }

    fn err(&mut self, span: Span, field: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::at(span, field, message));
    }

    fn line_of(&self, span: &Span) -> usize {
        super::error::line_column(self.src, span.start.min(self.src.len())).0
    }

    /// Reports every key of the section nobody asked for.
    fn finish(&mut self, sec: Section<'_>) {
        for part in &sec.parts {
            for e in &part.table.entries {
                if sec.asked.contains(&e.key.as_str()) {
                    continue;
                }
                let place = if part.prefix.is_empty() {
                    "at the top level".to_string()
                } else if part.prefix.contains(['.', '[']) {
                    format!("in {}", part.prefix)
                } else {
                    format!("in [{}]", part.prefix)
                };
                let mut msg = format!("unknown key `{}` {place}", e.key);
                if let Some(s) = suggest(&e.key, sec.asked.iter().copied()) {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                } else if let Some((table, _)) = SECTIONS
                    .iter()
                    .find(|(_, keys)| keys.contains(&e.key.as_str()))
                {
                    msg.push_str(&format!("; `{}` belongs in [{table}]", e.key));
                } else {
                    msg.push_str(&format!("; allowed: {}", sec.asked.join(", ")));
                }
                self.err(e.key_span.clone(), join(&part.prefix, &e.key), msg);
            }
        }
    }

    fn type_err(&mut self, f: &Field<'_>, expected: &str) {
        let msg = format!("expected {expected}, got {}", f.node.value.describe());
        self.err(f.node.span.clone(), f.path.clone(), msg);
    }

    /// The field as a table (part of a section).
    fn part<'n>(&mut self, f: Option<Field<'n>>) -> Option<Part<'n>> {
        let f = f?;
        match &f.node.value {
            Value::Table(t) => Some(Part {
                prefix: f.path.clone(),
                table: t,
                span: f.node.span.clone(),
            }),
            _ => {
                self.type_err(&f, "a table");
                None
            }
        }
    }

    fn array<'n>(&mut self, f: &Field<'n>, expected: &str) -> Option<&'n [Node]> {
        match &f.node.value {
            Value::Array(a) => Some(a),
            _ => {
                self.type_err(f, expected);
                None
            }
        }
    }

    fn string(&mut self, f: &Field<'_>) -> Option<String> {
        match &f.node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.type_err(f, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, f: &Field<'_>) -> Option<bool> {
        match &f.node.value {
            Value::Boolean(b) => Some(*b),
            _ => {
                self.type_err(f, "true or false");
                None
            }
        }
    }

    /// A finite number, integer or float.
    fn number(&mut self, f: &Field<'_>) -> Option<f64> {
        let v = match &f.node.value {
            Value::Integer(i) => *i as f64,
            Value::Float(x) => *x,
            _ => {
                self.type_err(f, "a number");
                return None;
            }
        };
        if !v.is_finite() {
            let msg = format!("{} must be a finite number, got {v}", f.key);
            self.err(f.node.span.clone(), f.path.clone(), msg);
            return None;
        }
        Some(v)
    }

    fn bounded(&mut self, f: &Field<'_>, bound: Bound) -> Option<f64> {
        let v = self.number(f)?;
        match bound.check(v) {
            Ok(()) => Some(v),
            Err(allowed) => {
                let msg = format!("{} must be {allowed}, got {v}", f.key);
                self.err(f.node.span.clone(), f.path.clone(), msg);
                None
            }
        }
    }

    /// A whole number in `[min, max]` (a float with no fraction is accepted).
    fn whole(&mut self, f: &Field<'_>, min: i64, max: i64) -> Option<i64> {
        let v = match &f.node.value {
            Value::Integer(i) => *i,
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9e15 => *x as i64,
            _ => {
                self.type_err(f, "a whole number");
                return None;
            }
        };
        if v < min || v > max {
            // A narrow range reads best whole ("between 0 and 9"); a wide one by the
            // side that was crossed.
            let allowed = if max.saturating_sub(min) <= 100 {
                format!("between {min} and {max}")
            } else if v < min {
                format!("at least {min}")
            } else {
                format!("at most {max}")
            };
            let msg = format!("{} must be {allowed}, got {v}", f.key);
            self.err(f.node.span.clone(), f.path.clone(), msg);
            return None;
        }
        Some(v)
    }

    // --- section-level helpers: read a key, fall back to its default ---

    fn num(&mut self, sec: &mut Section<'_>, key: &'static str, default: f64, bound: Bound) -> f64 {
        sec.take(key)
            .and_then(|f| self.bounded(&f, bound))
            .unwrap_or(default)
    }

    fn opt_num(&mut self, sec: &mut Section<'_>, key: &'static str, bound: Bound) -> Option<f64> {
        sec.take(key).and_then(|f| self.bounded(&f, bound))
    }

    fn int(
        &mut self,
        sec: &mut Section<'_>,
        key: &'static str,
        default: i64,
        min: i64,
        max: i64,
    ) -> i64 {
        sec.take(key)
            .and_then(|f| self.whole(&f, min, max))
            .unwrap_or(default)
    }

    fn flag(&mut self, sec: &mut Section<'_>, key: &'static str, default: bool) -> bool {
        sec.take(key)
            .and_then(|f| self.boolean(&f))
            .unwrap_or(default)
    }

    fn dist_or(&mut self, sec: &mut Section<'_>, key: &'static str, default: Dist) -> Dist {
        sec.take(key).and_then(|f| self.dist(&f)).unwrap_or(default)
    }

    /// A distribution (MODEL.md §5): a number is a constant, a table names its `dist`.
    fn dist(&mut self, f: &Field<'_>) -> Option<Dist> {
        match &f.node.value {
            Value::Integer(_) | Value::Float(_) => {
                let v = self.number(f)?;
                match Dist::constant(v) {
                    Ok(d) => Some(d),
                    Err(_) => {
                        let msg = format!("{} must be at least 0, got {v}", f.key);
                        self.err(f.node.span.clone(), f.path.clone(), msg);
                        None
                    }
                }
            }
            Value::Table(t) => self.dist_table(f, t),
            _ => {
                self.type_err(
                    f,
                    "a number or a distribution such as { dist = \"exp\", mean = 4 }",
                );
                None
            }
        }
    }

    fn dist_table(&mut self, f: &Field<'_>, t: &Table) -> Option<Dist> {
        let part = Part {
            prefix: f.path.clone(),
            table: t,
            span: f.node.span.clone(),
        };
        let mut sec = Section::new(&f.path, f.node.span.clone(), vec![part]);
        let Some(kind_field) = sec.take("dist") else {
            let msg = format!(
                "a distribution table needs `dist`, one of {}",
                DIST_NAMES.join(", ")
            );
            self.err(f.node.span.clone(), f.path.clone(), msg);
            sec.asked
                .extend(["value", "mean", "sd", "min", "mode", "max", "file"]);
            self.finish(sec);
            return None;
        };
        let kind = self.string(&kind_field)?;
        let Some(&kind) = DIST_NAMES.iter().find(|n| **n == kind) else {
            let msg = format!("unknown distribution \"{kind}\"{}", hint(&kind, DIST_NAMES));
            self.err(kind_field.node.span.clone(), kind_field.path, msg);
            return None;
        };
        let dist = if kind == "empirical" {
            self.empirical(&mut sec, f)
        } else {
            self.parametric(&mut sec, f, kind)
        };
        self.finish(sec);
        dist
    }

    fn parametric(&mut self, sec: &mut Section<'_>, f: &Field<'_>, kind: &str) -> Option<Dist> {
        let names: &[&'static str] = match kind {
            "const" => &["value"],
            "exp" => &["mean"],
            "uniform" => &["min", "max"],
            "triangular" => &["min", "mode", "max"],
            _ => &["mean", "sd"],
        };
        let mut values = Vec::with_capacity(names.len());
        let mut spans = Vec::with_capacity(names.len());
        let mut ok = true;
        for &name in names {
            match sec.take(name) {
                Some(p) => {
                    spans.push((name, p.node.span.clone()));
                    match self.number(&p) {
                        Some(v) => values.push(v),
                        None => ok = false,
                    }
                }
                None => {
                    let article = if kind.starts_with('e') { "an" } else { "a" };
                    let msg = format!("{article} {kind} distribution needs `{name}`");
                    self.err(f.node.span.clone(), f.path.clone(), msg);
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let built = match kind {
            "const" => Dist::constant(values[0]),
            "exp" => Dist::exp(values[0]),
            "uniform" => Dist::uniform(values[0], values[1]),
            "triangular" => Dist::triangular(values[0], values[1], values[2]),
            "lognormal" => Dist::lognormal(values[0], values[1]),
            _ => Dist::gamma(values[0], values[1]),
        };
        match built {
            Ok(d) => Some(d),
            Err(e) => {
                let (span, field, msg) = match e {
                    DistError::OutOfRange { name, bound, value } => {
                        let at = spans.iter().find(|(n, _)| *n == name);
                        (
                            at.map_or(f.node.span.clone(), |(_, s)| s.clone()),
                            at.map_or(f.path.clone(), |(n, _)| join(&f.path, n)),
                            format!("{kind} {name} must be {bound}, got {value}"),
                        )
                    }
                    DistError::Order { min, max, .. } if kind == "uniform" => (
                        f.node.span.clone(),
                        f.path.clone(),
                        format!("uniform needs min <= max, got min {min}, max {max}"),
                    ),
                    other => (
                        f.node.span.clone(),
                        f.path.clone(),
                        format!("{kind} {other}"),
                    ),
                };
                self.err(span, field, msg);
                None
            }
        }
    }

    /// `{ dist = "empirical", file = "x.csv" }`: one column of numbers, header optional.
    fn empirical(&mut self, sec: &mut Section<'_>, f: &Field<'_>) -> Option<Dist> {
        let Some(file) = sec.take("file") else {
            let msg = "an empirical distribution needs `file`, a CSV of observed values";
            self.err(f.node.span.clone(), f.path.clone(), msg);
            return None;
        };
        let name = self.string(&file)?;
        let resolved = self.base_dir.join(&name);
        let (span, path) = (file.node.span.clone(), file.path.clone());
        let text = match std::fs::read_to_string(&resolved) {
            Ok(t) => t,
            Err(e) => {
                let msg = format!("cannot read empirical file {}: {e}", resolved.display());
                self.err(span, path, msg);
                return None;
            }
        };
        match parse_column(&text) {
            Ok(values) => match Dist::empirical(values) {
                Ok(d) => Some(d),
                Err(DistError::Empty) => {
                    let msg = format!("empirical file {} holds no values", resolved.display());
                    self.err(span, path, msg);
                    None
                }
                Err(e) => {
                    let msg = format!("empirical file {}: {e}", resolved.display());
                    self.err(span, path, msg);
                    None
                }
            },
            Err((line, cell)) => {
                let msg = format!(
                    "empirical file {} line {line}: expected a number, got {cell:?}",
                    resolved.display()
                );
                self.err(span, path, msg);
                None
            }
        }
    }

    // --- the tables of a scenario ---

    fn run(&mut self, sec: &mut Section<'_>) -> Run {
        Run {
            weeks: self.int(sec, "weeks", 52, 1, u32::MAX.into()) as u32,
            warmup_weeks: self.int(sec, "warmup_weeks", 8, 0, u32::MAX.into()) as u32,
            trials: self.int(sec, "trials", 200, 1, u32::MAX.into()) as u32,
            seed: self.int(sec, "seed", 1, 0, i64::MAX) as u64,
            hours_per_week: self.num(sec, "hours_per_week", 40.0, Bound::PositiveAtMost(168.0)),
        }
    }

    fn team(&mut self, sec: &mut Section<'_>) -> Team {
        Team {
            squads: self.int(sec, "squads", 1, 1, MAX_HEADS) as u32,
            devs_per_squad: self.int(sec, "devs_per_squad", 6, 1, MAX_HEADS) as u32,
        }
    }

    fn work(&mut self, sec: &mut Section<'_>) -> Work {
        let effort = self.dist_or(sec, "item_effort_hours", dflt(Dist::lognormal(24.0, 16.0)));
        self.never_zero(
            sec,
            "item_effort_hours",
            &effort,
            "an item would take no time",
        );
        let every = self.dist_or(sec, "question_every_hours", dflt(Dist::exp(16.0)));
        self.never_zero(
            sec,
            "question_every_hours",
            &every,
            "a developer would ask questions without end",
        );
        let order = match sec.take("backlog_order") {
            None => BacklogOrder::Value,
            Some(f) => match self.string(&f).as_deref() {
                Some("value") => BacklogOrder::Value,
                Some("fifo") => BacklogOrder::Fifo,
                Some(other) => {
                    let msg = format!(
                        "backlog_order must be \"value\" or \"fifo\", got \"{other}\"{}",
                        hint(other, &["value", "fifo"])
                    );
                    self.err(f.node.span.clone(), f.path, msg);
                    BacklogOrder::Value
                }
                None => BacklogOrder::Value,
            },
        };
        Work {
            item_effort_hours: effort,
            question_every_hours: every,
            answer_hours: self.dist_or(sec, "answer_hours", dflt(Dist::exp(1.0 / 6.0))),
            escalation_share: self.num(sec, "escalation_share", 0.0, Bound::Share),
            escalation_hours: self.dist_or(sec, "escalation_hours", dflt(Dist::exp(1.0))),
            refine_hours: self.dist_or(sec, "refine_hours", dflt(Dist::lognormal(3.0, 2.0))),
            accept_hours: self.dist_or(sec, "accept_hours", Dist::Const(0.0)),
            resume_hours: self.dist_or(sec, "resume_hours", Dist::Const(0.0)),
            ready_per_dev: self.num(sec, "ready_per_dev", 1.5, Bound::Positive),
            backlog_order: order,
            ceremony_hours_per_week: self.num(sec, "ceremony_hours_per_week", 0.0, Bound::NonNeg),
            value_noise_sd: self.num(sec, "value_noise_sd", 1.0, Bound::NonNeg),
            value_half_life_weeks: self.opt_num(sec, "value_half_life_weeks", Bound::Positive),
            unlimited_backlog: self.flag(sec, "unlimited_backlog", false),
        }
    }

    /// Reports a distribution that is always 0 where that would stall the simulation.
    fn never_zero(&mut self, sec: &mut Section<'_>, key: &'static str, d: &Dist, why: &str) {
        if d.is_zero() {
            if let Some(f) = sec.take(key) {
                let msg = format!("{key} must not be always 0: {why}");
                self.err(f.node.span.clone(), f.path, msg);
            }
        }
    }

    fn discovery(&mut self, sec: &mut Section<'_>) -> Discovery {
        Discovery {
            target_share: self.num(sec, "target_share", 0.3, Bound::Share),
            session_hours: self.num(sec, "session_hours", 1.0, Bound::Positive),
            drop_after_weeks: self.num(sec, "drop_after_weeks", 2.0, Bound::Positive),
        }
    }

    fn approval(&mut self, sec: &mut Section<'_>) -> Approval {
        Approval {
            share: self.num(sec, "share", 0.0, Bound::Share),
            delay_hours: self.dist_or(sec, "delay_hours", Dist::Const(0.0)),
        }
    }

    fn warnings(&mut self, sec: &mut Section<'_>) -> WarningThresholds {
        let d = WarningThresholds::default();
        WarningThresholds {
            decision_latency_p90_h: self.num(
                sec,
                "decision_latency_p90_h",
                d.decision_latency_p90_h,
                Bound::NonNeg,
            ),
            discovery_share_of_target: self.num(
                sec,
                "discovery_share_of_target",
                d.discovery_share_of_target,
                Bound::NonNeg,
            ),
            backlog_work_share: self.num(
                sec,
                "backlog_work_share",
                d.backlog_work_share,
                Bound::NonNeg,
            ),
            product_util_max: self.num(sec, "product_util_max", d.product_util_max, Bound::NonNeg),
            overload_week_share: self.num(
                sec,
                "overload_week_share",
                d.overload_week_share,
                Bound::NonNeg,
            ),
            triage_wait_mean_h: self.num(
                sec,
                "triage_wait_mean_h",
                d.triage_wait_mean_h,
                Bound::NonNeg,
            ),
        }
    }

    /// `priorities = { triage = 2 }`, merged over the parts (later wins).
    fn priorities(&mut self, parts: Vec<Part<'_>>) -> [u8; Duty::COUNT] {
        let mut out = Duty::ALL.map(Duty::default_priority);
        let mut sec = Section::new("priorities", 0..0, parts);
        for (e, prefix) in sec.all_entries() {
            let f = Field {
                node: &e.value,
                path: join(&prefix, &e.key),
                key: "priority",
            };
            let Some(duty) = self.duty_name(&e.key, e.key_span.clone(), &f.path) else {
                continue;
            };
            if let Some(p) = self.whole(&f, 0, 9) {
                out[duty.index()] = p as u8;
            }
        }
        out
    }

    fn duty_name(&mut self, name: &str, span: Span, field: &str) -> Option<Duty> {
        let d = Duty::from_name(name);
        if d.is_none() {
            let names = Duty::ALL.map(Duty::name);
            let msg = format!("unknown duty \"{name}\"{}", hint(name, &names));
            self.err(span, field, msg);
        }
        d
    }

    fn stakeholder(&mut self, node: &Node, prefix: String) -> Option<(StakeholderGroup, Span)> {
        let f = Field {
            node,
            path: prefix,
            key: "stakeholders",
        };
        let part = self.part(Some(f))?;
        let span = part.span.clone();
        let mut sec = Section::new("", 0..0, vec![part]);
        let name = match sec.take("name") {
            Some(f) => self.non_empty(&f),
            None => {
                let msg = "a stakeholder group needs a `name`";
                self.err(sec.span.clone(), sec.path.clone(), msg);
                None
            }
        };
        let rate = match sec.take("requests_per_week") {
            Some(f) => self.bounded(&f, Bound::NonNeg),
            None => {
                let msg = "a stakeholder group needs `requests_per_week`";
                self.err(sec.span.clone(), sec.path.clone(), msg);
                None
            }
        };
        let triage_hours = self.dist_or(&mut sec, "triage_hours", dflt(Dist::exp(0.5)));
        let accept_share = self.num(&mut sec, "accept_share", 0.25, Bound::Share);
        let items = self.dist_or(&mut sec, "items_per_request", Dist::Const(1.0));
        let value = self.dist_or(&mut sec, "value", dflt(Dist::lognormal(10.0, 10.0)));
        let priority = sec.take("priority").and_then(|f| self.whole(&f, 0, 9));
        let squad = sec
            .take("squad")
            .and_then(|f| self.whole(&f, 0, MAX_HEADS - 1));
        self.finish(sec);
        let accept_bar = self.accept_bar(&value, accept_share);
        Some((
            StakeholderGroup {
                name: name?,
                requests_per_week: rate?,
                triage_hours,
                accept_share,
                accept_bar,
                items_per_request: items,
                value,
                priority: priority.map(|p| p as u8),
                squad: squad.map(|s| s as u32),
            },
            span,
        ))
    }

    fn non_empty(&mut self, f: &Field<'_>) -> Option<String> {
        let s = self.string(f)?;
        if s.trim().is_empty() {
            let msg = format!("{} must not be empty", f.key);
            self.err(f.node.span.clone(), f.path.clone(), msg);
            return None;
        }
        Some(s)
    }

    /// The (1 − share) quantile of `value`, from a fixed-seed sample so that it is the
    /// same on every machine and run.
    fn accept_bar(&mut self, value: &Dist, share: f64) -> f64 {
        if share >= 1.0 {
            return 0.0;
        }
        if share <= 0.0 {
            return f64::INFINITY;
        }
        if let Dist::Const(v) = value {
            return *v;
        }
        let key = (format!("{value:?}"), share.to_bits());
        if let Some(&bar) = self.bars.get(&key) {
            return bar;
        }
        let bar = accept_bar_of(value, share);
        self.bars.insert(key, bar);
        bar
    }

    fn people(&mut self, f: &Field<'_>) -> Vec<(PersonGroup, Span, String)> {
        let Some(nodes) = self.array(
            f,
            "a list of people such as [ { role = \"po\", per_squad = 1, duties = [\"answer\"] } ]",
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let pf = Field {
                node,
                path: format!("{}[{i}]", f.path),
                key: "people",
            };
            let Some(part) = self.part(Some(pf)) else {
                continue;
            };
            let mut sec = Section::new("", 0..0, vec![part]);
            let role = match sec.take("role") {
                Some(rf) => self
                    .non_empty(&rf)
                    .map(|r| (r, rf.node.span.clone(), rf.path.clone())),
                None => {
                    let msg = "a people entry needs a `role`, such as \"po\"";
                    self.err(sec.span.clone(), sec.path.clone(), msg);
                    None
                }
            };
            let duties = match sec.take("duties") {
                Some(df) => self.duties(&df),
                None => {
                    let msg = "a people entry needs `duties`, such as [\"answer\", \"refine\"]";
                    self.err(sec.span.clone(), sec.path.clone(), msg);
                    None
                }
            };
            let mut staffing = Vec::new();
            for key in ["count", "per_squad", "squads_each"] {
                if let Some(sf) = sec.take(key) {
                    let n = self.whole(&sf, 1, MAX_HEADS);
                    staffing.push((key, sf.node.span.clone(), sf.path.clone(), n));
                }
            }
            let staffing = match staffing.as_slice() {
                [] => {
                    let msg = "a people entry needs one of count, per_squad or squads_each";
                    self.err(sec.span.clone(), sec.path.clone(), msg);
                    None
                }
                [(key, _, _, n)] => n.map(|n| {
                    let n = n as u32;
                    match *key {
                        "count" => Staffing::Count(n),
                        "per_squad" => Staffing::PerSquad(n),
                        _ => Staffing::SquadsEach(n),
                    }
                }),
                [(first, ..), rest @ ..] => {
                    for (key, span, path, _) in rest {
                        let msg = format!(
                            "{first} and {key} are exclusive: give exactly one of count, per_squad or squads_each"
                        );
                        self.err(span.clone(), path.clone(), msg);
                    }
                    None
                }
            };
            self.finish(sec);
            if let (Some((role, span, path)), Some(duties), Some(staffing)) =
                (role, duties, staffing)
            {
                out.push((
                    PersonGroup {
                        role,
                        duties,
                        staffing,
                        yearly_cost: None,
                    },
                    span,
                    path,
                ));
            }
        }
        out
    }

    fn duties(&mut self, f: &Field<'_>) -> Option<DutySet> {
        let nodes = self.array(f, "a list of duty names such as [\"answer\", \"refine\"]")?;
        let mut set = DutySet::default();
        let mut ok = true;
        for (i, n) in nodes.iter().enumerate() {
            let path = format!("{}[{i}]", f.path);
            match &n.value {
                Value::String(s) => match self.duty_name(s, n.span.clone(), &path) {
                    Some(d) => set = set.with(d),
                    None => ok = false,
                },
                other => {
                    let msg = format!("expected a duty name, got {}", other.describe());
                    self.err(n.span.clone(), path, msg);
                    ok = false;
                }
            }
        }
        if nodes.is_empty() {
            let msg = "duties must name at least one duty";
            self.err(f.node.span.clone(), f.path.clone(), msg);
            return None;
        }
        ok.then_some(set)
    }
}

fn dflt(d: Result<Dist, DistError>) -> Dist {
    d.expect("default distributions are valid")
}

/// The (1 − share) quantile of `value` from [`ACCEPT_BAR_DRAWS`] draws of a ChaCha8
/// stream seeded 0: the order statistic at ⌊(1 − share)·n⌋.
pub(crate) fn accept_bar_of(value: &Dist, share: f64) -> f64 {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
    let mut draws: Vec<f64> = (0..ACCEPT_BAR_DRAWS)
        .map(|_| value.sample(&mut rng))
        .collect();
    let k = (((1.0 - share) * ACCEPT_BAR_DRAWS as f64) as usize).min(ACCEPT_BAR_DRAWS - 1);
    // O(n): only the k-th value is needed, not a full sort.
    let (_, bar, _) = draws.select_nth_unstable_by(k, f64::total_cmp);
    *bar
}

/// The first column of a CSV or plain list of numbers; a first line that is not a
/// number is a header. `Err((line, cell))` names the first cell that is not a number.
pub(crate) fn parse_column(text: &str) -> Result<Vec<f64>, (usize, String)> {
    let mut values = Vec::new();
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cell = line
            .split([',', ';', '\t'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        match cell.parse::<f64>() {
            Ok(v) => values.push(v),
            Err(_) if first => {}
            Err(_) => return Err((i + 1, cell.to_string())),
        }
        first = false;
    }
    Ok(values)
}

/// Whether a group of people has someone who can take tasks of `squad`.
fn covers(staffing: Staffing, squad: u32, squads: u32) -> bool {
    match staffing {
        Staffing::Count(n) | Staffing::PerSquad(n) => n >= 1,
        // Person i of squads_each = m covers [i·m, min((i+1)·m, squads)), and there are
        // ⌈squads/m⌉ of them.
        Staffing::SquadsEach(m) => m >= 1 && squad / m < squads.div_ceil(m),
    }
}

fn opt_parts<'n>(p: &Option<Part<'n>>) -> Vec<Part<'n>> {
    p.iter().cloned().collect()
}

fn merged<'n>(top: &Option<Part<'n>>, over: Option<Part<'n>>) -> Vec<Part<'n>> {
    top.iter().cloned().chain(over).collect()
}

/// Reads a section with `read` and reports its unknown keys.
fn read_section<'s, 'n, T>(
    ck: &mut Checker<'s>,
    mut sec: Section<'n>,
    read: impl FnOnce(&mut Checker<'s>, &mut Section<'n>) -> T,
) -> T {
    let out = read(ck, &mut sec);
    ck.finish(sec);
    out
}

/// Per-squad duties that work needs in this structure, with why. Answers, escalations,
/// acceptance and refinement exist only where items can: with `unlimited_backlog`, or
/// when some group sends requests that triage can accept.
fn needed_per_squad(w: &Work, items_possible: bool) -> Vec<(Duty, &'static str)> {
    let skipped = w.duties_taking_no_time();
    // (duty, whether its work can arise at all, why it is needed), in report order.
    let duties = [
        (Duty::Ceremony, true, "ceremony_hours_per_week is above 0"),
        (
            Duty::Answer,
            items_possible,
            "developers' questions there need answers",
        ),
        (
            Duty::Escalation,
            items_possible,
            "escalation_share is above 0, so some questions escalate",
        ),
        (
            Duty::Accept,
            items_possible,
            "finished items there need accepting",
        ),
        (
            Duty::Refine,
            items_possible && !w.unlimited_backlog,
            "backlog items there need refining",
        ),
    ];
    duties
        .into_iter()
        .filter(|&(duty, arises, _)| arises && !skipped.contains(duty))
        .map(|(duty, _, why)| (duty, why))
        .collect()
}

/// Builds one scenario point from a raw tree (its sweep values already set).
pub(crate) fn scenario(
    ck: &mut Checker<'_>,
    root: &Table,
    path: &Path,
    sweep: Vec<(String, String)>,
) -> Scenario {
    let mut sec = Section::new(
        "",
        0..0,
        vec![Part {
            prefix: String::new(),
            table: root,
            span: 0..0,
        }],
    );
    let name = sec
        .take("name")
        .and_then(|f| ck.non_empty(&f))
        .unwrap_or_else(|| {
            path.file_stem().map_or_else(
                || "scenario".to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
    let description = sec
        .take("description")
        .and_then(|f| ck.string(&f))
        .unwrap_or_default();

    let run_part = ck.part(sec.take("run"));
    let run = read_section(
        ck,
        Section::new("run", 0..0, opt_parts(&run_part)),
        Checker::run,
    );
    let team_part = ck.part(sec.take("team"));
    let work_part = ck.part(sec.take("work"));
    let discovery_part = ck.part(sec.take("discovery"));
    let approval_part = ck.part(sec.take("approval"));
    let priorities_part = ck.part(sec.take("priorities"));
    let preempt = sec
        .take("preempt")
        .and_then(|f| ck.boolean(&f))
        .unwrap_or(false);
    let switch_hours = sec
        .take("switch_hours")
        .and_then(|f| ck.bounded(&f, Bound::NonNeg))
        .unwrap_or(0.0);
    let warnings_part = ck.part(sec.take("warnings"));
    let warnings = read_section(
        ck,
        Section::new("warnings", 0..0, opt_parts(&warnings_part)),
        Checker::warnings,
    );

    // Top-level tables are read once on their own so that their errors are found even
    // when every structure overrides them (the duplicates are dropped later).
    read_section(
        ck,
        Section::new("team", 0..0, opt_parts(&team_part)),
        Checker::team,
    );
    read_section(
        ck,
        Section::new("work", 0..0, opt_parts(&work_part)),
        Checker::work,
    );
    read_section(
        ck,
        Section::new("discovery", 0..0, opt_parts(&discovery_part)),
        Checker::discovery,
    );
    read_section(
        ck,
        Section::new("approval", 0..0, opt_parts(&approval_part)),
        Checker::approval,
    );
    ck.priorities(opt_parts(&priorities_part));

    // Stakeholder groups.
    let mut groups: Vec<(StakeholderGroup, Span)> = Vec::new();
    let mut group_entries = 0;
    if let Some(f) = sec.take("stakeholders") {
        if let Some(nodes) = ck.array(&f, "a list of tables ([[stakeholders]])") {
            group_entries = nodes.len();
            for (i, n) in nodes.iter().enumerate() {
                if let Some((g, span)) = ck.stakeholder(n, format!("stakeholders[{i}]")) {
                    if let Some((_, first)) = groups.iter().find(|(o, _)| o.name == g.name) {
                        let msg = format!(
                            "duplicate stakeholder group name \"{}\" (first at line {})",
                            g.name,
                            ck.line_of(first)
                        );
                        ck.err(span.clone(), format!("stakeholders[{i}].name"), msg);
                    }
                    groups.push((g, span));
                }
            }
        }
    }
    let stakeholders_span = root
        .get("stakeholders")
        .map_or(0..0, |e| e.key_span.clone());

    // Costs: free role names.
    let costs_field = sec.take("costs");
    let costs_span = costs_field.as_ref().map(|f| f.node.span.clone());
    let costs: Option<Vec<(String, f64)>> = ck.part(costs_field).map(|p| {
        let mut cs = Section::new("costs", 0..0, vec![p]);
        let mut out = Vec::new();
        for (e, prefix) in cs.all_entries() {
            let f = Field {
                node: &e.value,
                path: join(&prefix, &e.key),
                key: "a yearly cost",
            };
            if let Some(v) = ck.bounded(&f, Bound::NonNeg) {
                out.push((e.key.clone(), v));
            } else {
                // Known but invalid: keep the role so it is not also reported missing.
                out.push((e.key.clone(), 0.0));
            }
        }
        out
    });
    let cost_of = |role: &str| -> Option<f64> {
        costs
            .as_ref()
            .and_then(|c| c.iter().find(|(r, _)| r == role).map(|(_, v)| *v))
    };
    let dev_cost = cost_of("dev");
    if let (Some(_), None, Some(span)) = (&costs, dev_cost, &costs_span) {
        ck.err(
            span.clone(),
            "costs",
            "[costs] needs `dev`, the yearly cost of one developer",
        );
    }

    // Structures.
    let mut structures: Vec<Structure> = Vec::new();
    let mut names: Vec<(String, Span)> = Vec::new();
    let structures_field = sec.take("structures");
    let nodes: &[Node] = match &structures_field {
        Some(f) => ck
            .array(f, "a list of tables ([[structures]])")
            .unwrap_or(&[]),
        None => &[],
    };
    if nodes.is_empty() {
        let span = structures_field
            .as_ref()
            .map_or(0..0, |f| f.node.span.clone());
        ck.err(
            span,
            "structures",
            "a scenario needs at least one [[structures]] entry, each listing its people",
        );
    }
    sec.take("sweep");
    ck.finish(sec);

    let mut all_unlimited_backlog = true;
    for (i, node) in nodes.iter().enumerate() {
        let prefix = format!("structures[{i}]");
        let Some(part) = ck.part(Some(Field {
            node,
            path: prefix.clone(),
            key: "structures",
        })) else {
            continue;
        };
        let span = part.span.clone();
        let mut ss = Section::new("", 0..0, vec![part]);
        let name = match ss.take("name") {
            Some(f) => ck.non_empty(&f).map(|n| (n, f.node.span.clone())),
            None => {
                ck.err(span.clone(), prefix.clone(), "a structure needs a `name`");
                None
            }
        };
        if let Some((n, s)) = &name {
            if let Some((_, first)) = names.iter().find(|(o, _)| o == n) {
                let msg = format!(
                    "duplicate structure name \"{n}\" (first at line {})",
                    ck.line_of(first)
                );
                ck.err(s.clone(), format!("{prefix}.name"), msg);
            }
            names.push((n.clone(), s.clone()));
        }
        let over = ck.part(ss.take("team"));
        let team = read_section(
            ck,
            Section::new("team", 0..0, merged(&team_part, over)),
            Checker::team,
        );
        let over = ck.part(ss.take("work"));
        let work = read_section(
            ck,
            Section::new("work", 0..0, merged(&work_part, over)),
            Checker::work,
        );
        let over = ck.part(ss.take("discovery"));
        let disc_parts = merged(&discovery_part, over);
        let discovery = (!disc_parts.is_empty()).then(|| {
            read_section(
                ck,
                Section::new("discovery", 0..0, disc_parts),
                Checker::discovery,
            )
        });
        let over = ck.part(ss.take("approval"));
        let approval = read_section(
            ck,
            Section::new("approval", 0..0, merged(&approval_part, over)),
            Checker::approval,
        );
        let preempt = ss
            .take("preempt")
            .and_then(|f| ck.boolean(&f))
            .unwrap_or(preempt);
        let switch_hours = ss
            .take("switch_hours")
            .and_then(|f| ck.bounded(&f, Bound::NonNeg))
            .unwrap_or(switch_hours);
        let over_prio = ck.part(ss.take("priorities"));
        let priorities = ck.priorities(merged(&priorities_part, over_prio));
        let people_field = ss.take("people");
        let people_at = people_field
            .as_ref()
            .map_or((span.clone(), format!("{prefix}.people")), |f| {
                (f.node.span.clone(), f.path.clone())
            });
        let issues_before = ck.issues.len();
        let mut people = match &people_field {
            Some(f) => ck.people(f),
            None => {
                let msg = "a structure needs `people`, such as [ { role = \"pm-po\", count = 1, duties = [\"answer\"] } ]";
                ck.err(span.clone(), prefix.clone(), msg);
                Vec::new()
            }
        };
        // Coverage is checked only when every entry was read: a misspelt duty must not
        // also show as a duty nobody holds.
        let people_ok = people_field.is_some() && ck.issues.len() == issues_before;
        ck.finish(ss);

        // Costs per role.
        if costs.is_some() {
            for (g, role_span, role_path) in &mut people {
                g.yearly_cost = cost_of(&g.role);
                if g.yearly_cost.is_none() {
                    let roles: Vec<&str> =
                        costs.iter().flatten().map(|(r, _)| r.as_str()).collect();
                    let mut msg = format!(
                        "role \"{}\" has no yearly cost in [costs]; add `\"{}\" = …` there or remove [costs]",
                        g.role, g.role
                    );
                    if let Some(s) = suggest(&g.role, roles) {
                        msg.push_str(&format!(" (did you mean \"{s}\"?)"));
                    }
                    ck.err(role_span.clone(), role_path.clone(), msg);
                }
            }
        }

        let Some((name, _)) = name else { continue };
        if !work.unlimited_backlog {
            all_unlimited_backlog = false;
        }
        let people: Vec<PersonGroup> = people.into_iter().map(|(g, ..)| g).collect();
        let st = Structure {
            name,
            team,
            work,
            discovery,
            approval,
            preempt,
            switch_hours,
            priorities,
            people,
            dev_yearly_cost: dev_cost,
        };
        if people_ok {
            // A group whose triage takes no time needs nobody to triage it.
            let needs_triage = groups.iter().any(|(g, _)| !g.triage_hours.is_zero());
            // With every request rejected (accept_share 0) no item ever exists.
            let items_possible = st.work.unlimited_backlog
                || groups
                    .iter()
                    .any(|(g, _)| g.accept_share > 0.0 && g.requests_per_week > 0.0);
            check_coverage(ck, &st, needs_triage, items_possible, &people_at);
        }
        check_stakeholders(ck, &st, &groups, group_entries, &stakeholders_span);
        structures.push(st);
    }

    let stakeholders = if !structures.is_empty() && all_unlimited_backlog {
        Vec::new()
    } else {
        groups.into_iter().map(|(g, _)| g).collect()
    };
    Scenario {
        name,
        description,
        path: path.to_path_buf(),
        sweep,
        run,
        stakeholders,
        warnings,
        structures,
    }
}

/// Every (duty, squad) that work needs must have someone eligible (MODEL.md §4).
fn check_coverage(
    ck: &mut Checker<'_>,
    st: &Structure,
    needs_triage: bool,
    items_possible: bool,
    at: &(Span, String),
) {
    let holds = |d: Duty, squad: u32| {
        st.people
            .iter()
            .any(|g| g.duties.contains(d) && covers(g.staffing, squad, st.team.squads))
    };
    for (duty, why) in needed_per_squad(&st.work, items_possible) {
        let missing: Vec<String> = (0..st.team.squads)
            .filter(|&s| !holds(duty, s))
            .map(|s| format!("squad {s}"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<String> = if missing.len() > 6 {
            let mut v = missing[..5].to_vec();
            v.push(format!("{} more squads", missing.len() - 5));
            v
        } else {
            missing
        };
        let msg = format!(
            "nobody in structure \"{}\" holds the {duty} duty for {}, yet {why}; add \"{duty}\" to someone's duties",
            st.name,
            plural_list(&shown, "or")
        );
        ck.err(at.0.clone(), at.1.clone(), msg);
    }
    let mut team_wide = Vec::new();
    if needs_triage && !st.work.unlimited_backlog {
        team_wide.push((Duty::Triage, "stakeholders send requests to triage"));
    }
    if st.discovery.as_ref().is_some_and(|d| d.target_share > 0.0) {
        team_wide.push((Duty::Discovery, "[discovery] sets a target_share above 0"));
    }
    for (duty, why) in team_wide {
        if !st.people.iter().any(|g| g.duties.contains(duty)) {
            let msg = format!(
                "nobody in structure \"{}\" holds the {duty} duty, yet {why}; add \"{duty}\" to someone's duties",
                st.name
            );
            ck.err(at.0.clone(), at.1.clone(), msg);
        }
    }
}

/// Stakeholders are needed without `unlimited_backlog`, and their squads must exist.
fn check_stakeholders(
    ck: &mut Checker<'_>,
    st: &Structure,
    groups: &[(StakeholderGroup, Span)],
    entries: usize,
    span: &Span,
) {
    if st.work.unlimited_backlog {
        return;
    }
    if entries == 0 {
        // The same words for every structure, so the report shows it once.
        let msg = "no work comes in: add a [[stakeholders]] group, or set unlimited_backlog = true in [work]";
        ck.err(span.clone(), "stakeholders", msg);
    }
    for (i, (g, span)) in groups.iter().enumerate() {
        if let Some(s) = g.squad {
            if s >= st.team.squads {
                let msg = format!(
                    "squad must be below the number of squads ({}) in structure \"{}\", got {s}; squads count from 0",
                    st.team.squads, st.name
                );
                ck.err(span.clone(), format!("stakeholders[{i}].squad"), msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T>(f: impl FnOnce(&mut Checker<'_>, &mut Section<'_>) -> T) -> Vec<&'static str> {
        let mut ck = Checker::new("", Path::new("."));
        let mut sec = Section::new("x", 0..0, Vec::new());
        f(&mut ck, &mut sec);
        sec.asked.sort_unstable();
        sec.asked.dedup();
        sec.asked
    }

    fn sorted(keys: &[&'static str]) -> Vec<&'static str> {
        let mut v = keys.to_vec();
        v.sort_unstable();
        v
    }

    #[test]
    fn section_readers_ask_exactly_the_listed_keys() {
        // The sweep validates paths against these lists; they must not drift.
        assert_eq!(read(|c, s| c.run(s)), sorted(RUN_KEYS));
        assert_eq!(read(|c, s| c.team(s)), sorted(TEAM_KEYS));
        assert_eq!(read(|c, s| c.work(s)), sorted(WORK_KEYS));
        assert_eq!(read(|c, s| c.discovery(s)), sorted(DISCOVERY_KEYS));
        assert_eq!(read(|c, s| c.approval(s)), sorted(APPROVAL_KEYS));
        assert_eq!(read(|c, s| c.warnings(s)), sorted(WARNING_KEYS));
    }

    #[test]
    fn accept_bar_is_the_upper_quantile_of_value() {
        let d = Dist::uniform(0.0, 100.0).unwrap();
        let bar = accept_bar_of(&d, 0.25);
        assert!((bar - 75.0).abs() < 0.5, "bar {bar}");
        // Deterministic: a fixed seed gives the same bar each time.
        assert_eq!(bar, accept_bar_of(&d, 0.25));
    }

    #[test]
    fn accept_bar_limits_accept_all_or_nothing() {
        let mut ck = Checker::new("", Path::new("."));
        let d = Dist::exp(3.0).unwrap();
        assert_eq!(ck.accept_bar(&d, 1.0), 0.0);
        assert_eq!(ck.accept_bar(&d, 0.0), f64::INFINITY);
    }

    #[test]
    fn parse_column_skips_a_header_and_blank_lines() {
        assert_eq!(parse_column("hours\n1.5\n\n2,x\n").unwrap(), vec![1.5, 2.0]);
        assert_eq!(
            parse_column("1\nfoo\n").unwrap_err(),
            (2, "foo".to_string())
        );
    }

    #[test]
    fn suggest_finds_near_misses_only() {
        assert_eq!(
            suggest("question_evry_hours", WORK_KEYS.iter().copied()),
            Some("question_every_hours")
        );
        assert_eq!(suggest("zzz", WORK_KEYS.iter().copied()), None);
    }
}
