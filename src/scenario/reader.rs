//! Reading the raw tree: typed getters that say what is wrong with a value, and where.
//!
//! A [`Section`] is a table being read, or several merged (later parts win); it records
//! the keys asked for, so that [`Reader::finish`] reports every key nobody asked for as
//! unknown, with a did-you-mean. A getter that finds a value in error reports it and
//! returns `None`, or the key's default, so that reading goes on and finds the file's
//! other errors.
//!
//! A [`Key`] ties a key's name to its [`Rule`] (what the value may be), its fallback
//! (a default, what leaving it out means, or the message when it is required) and its
//! line of documentation, so that one declaration serves the reading, the sweep and the
//! documentation. This module knows the shapes of values, not what the keys mean.

use super::error::{line_column, Issue};
use super::raw::{Entry, Node, Span, Table, Value};
use super::types::DataFile;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a number may be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bound {
    /// At least 0.
    NonNegative,
    /// Greater than 0.
    Positive,
    /// In [0, 1].
    Share,
    /// Greater than 0 and at most the given value.
    PositiveAtMost(f64),
}

impl Bound {
    /// `Err(what is allowed)` when `value` is outside.
    fn check(self, value: f64) -> Result<(), String> {
        match self {
            Bound::NonNegative if value < 0.0 => Err("at least 0".into()),
            Bound::Positive if value <= 0.0 => Err("greater than 0".into()),
            Bound::Share if !(0.0..=1.0).contains(&value) => Err("between 0 and 1".into()),
            Bound::PositiveAtMost(_) if value <= 0.0 => Err("greater than 0".into()),
            Bound::PositiveAtMost(max) if value > max => Err(format!("at most {max}")),
            _ => Ok(()),
        }
    }

    /// The bound as the documentation writes it (`≥ 0`, `0 to 1`).
    fn words(self) -> String {
        match self {
            Bound::NonNegative => "≥ 0".into(),
            Bound::Positive => "> 0".into(),
            Bound::Share => "0 to 1".into(),
            Bound::PositiveAtMost(max) => format!("> 0 and ≤ {}", number_words(max)),
        }
    }
}

/// One table in a section, and the field path its entries are reported under.
#[derive(Clone)]
pub(crate) struct Part<'n> {
    /// Field path of the table (`work`, `structures[1].work`).
    pub prefix: String,
    /// The table.
    pub table: &'n Table,
    /// Where the table is written.
    pub span: Span,
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
pub(crate) struct Field<'n> {
    /// The value.
    pub node: &'n Node,
    /// Dotted path of the value (`work.answer_hours`).
    pub path: String,
    /// How messages name the value (`answer_hours`).
    pub key: &'static str,
}

/// A value read, with the place it was written: for checks that point at it later.
pub(crate) struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
    /// Its field path.
    pub path: String,
}

/// `prefix.key`, or `key` at the top level.
pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

impl<'n> Section<'n> {
    /// A section of the given parts; `path` and `span` name it when it has none.
    pub fn new(path: &str, span: Span, parts: Vec<Part<'n>>) -> Self {
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
    pub fn take(&mut self, key: &'static str) -> Option<Field<'n>> {
        self.asked.push(key);
        self.parts.iter().rev().find_map(|p| {
            p.table.get(key).map(|e| Field {
                node: &e.value,
                path: join(&p.prefix, key),
                key,
            })
        })
    }

    /// Marks `keys` as known without reading them.
    pub fn know(&mut self, keys: &[&'static str]) {
        self.asked.extend(keys);
    }

    /// Every entry of every part, with its field-path prefix, for tables whose keys are
    /// free (names of roles, of duties). Marks them all as known.
    pub fn all_entries(&mut self) -> Vec<(&'n Entry, String)> {
        let out = self
            .parts
            .iter()
            .flat_map(|p| p.table.entries.iter().map(|e| (e, p.prefix.clone())))
            .collect();
        self.parts.clear();
        out
    }

    /// The keys asked for so far, in the order asked.
    #[cfg(test)]
    pub fn asked(&self) -> &[&'static str] {
        &self.asked
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

/// ``; did you mean `x`?`` or the list of what is allowed.
pub(crate) fn hint(word: &str, allowed: &[&str]) -> String {
    match suggest(word, allowed.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!("; allowed: {}", allowed.join(", ")),
    }
}

/// `a, b and c` (with `last` = "and").
pub(crate) fn word_list<S: AsRef<str>>(items: &[S], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., tail] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {last} {}", init.join(", "), tail.as_ref())
        }
    }
}

/// A number as the documentation writes it: short decimals as they are, a simple
/// fraction as one (`1/6`), anything else to four places.
pub(crate) fn number_words(value: f64) -> String {
    let plain = value.to_string();
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 4 {
        return plain;
    }
    for denominator in 2..=12u32 {
        let numerator = value * f64::from(denominator);
        if numerator == numerator.round() {
            return format!("{numerator}/{denominator}");
        }
    }
    format!("{value:.4}")
}

/// Reads a raw tree, recording every problem found.
pub(crate) struct Reader<'s> {
    /// Problems found so far.
    pub issues: Vec<Issue>,
    src: &'s str,
    base_dir: PathBuf,
    /// The table a key belongs in, for an unknown key that is known elsewhere.
    home_of: fn(&str) -> Option<&'static str>,
    /// The data files read so far ([`Reader::read_data_file`]).
    files_read: Vec<DataFile>,
}

impl<'s> Reader<'s> {
    /// A reader of a file with this text; relative file names in it are resolved in
    /// `base_dir`, and `home_of` names the table a misplaced key belongs in.
    pub fn new(src: &'s str, base_dir: &Path, home_of: fn(&str) -> Option<&'static str>) -> Self {
        Reader {
            issues: Vec::new(),
            src,
            base_dir: base_dir.to_path_buf(),
            home_of,
            files_read: Vec::new(),
        }
    }

    /// Records a problem at `span` in field `field`.
    pub fn report(&mut self, span: Span, field: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::at(span, field, message));
    }

    /// Records a problem of the section as a whole (a key it lacks), at its most
    /// specific part.
    pub fn report_in(&mut self, section: &Section<'_>, message: impl Into<String>) {
        self.report(section.span.clone(), section.path.clone(), message);
    }

    /// The line (from 1) where `span` starts.
    pub fn line_of(&self, span: &Span) -> usize {
        line_column(self.src, span.start.min(self.src.len())).0
    }

    /// A file named in the scenario, resolved beside it.
    pub fn resolve(&self, name: &str) -> PathBuf {
        self.base_dir.join(name)
    }

    /// Reads the data file the scenario names `name`, resolved beside it, as text, and
    /// notes it among the files read ([`Reader::take_files_read`]) with the digest of
    /// what it held: a result depends on it as on the scenario's text. Returns the
    /// resolved path, for messages, with the text or why it could not be read.
    pub fn read_data_file(&mut self, name: &str) -> (PathBuf, std::io::Result<String>) {
        let path = self.resolve(name);
        let text = std::fs::read_to_string(&path);
        if let Ok(text) = &text {
            let file = DataFile {
                name: name.to_string(),
                path: path.clone(),
                sha256: Sha256::digest(text.as_bytes()).into(),
            };
            if !self.files_read.contains(&file) {
                self.files_read.push(file);
            }
        }
        (path, text)
    }

    /// The data files read since the last call, each once, in the order first read.
    pub fn take_files_read(&mut self) -> Vec<DataFile> {
        std::mem::take(&mut self.files_read)
    }

    /// Reports every key of the section nobody asked for.
    pub fn finish(&mut self, section: Section<'_>) {
        for part in &section.parts {
            for e in &part.table.entries {
                if section.asked.contains(&e.key.as_str()) {
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
                if let Some(s) = suggest(&e.key, section.asked.iter().copied()) {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                } else if let Some(table) = (self.home_of)(&e.key) {
                    msg.push_str(&format!("; `{}` belongs in [{table}]", e.key));
                } else {
                    msg.push_str(&format!("; allowed: {}", section.asked.join(", ")));
                }
                self.report(e.key_span.clone(), join(&part.prefix, &e.key), msg);
            }
        }
    }

    /// Reports that the field holds the wrong kind of value.
    pub fn type_error(&mut self, field: &Field<'_>, expected: &str) {
        let msg = format!("expected {expected}, got {}", field.node.value.describe());
        self.report(field.node.span.clone(), field.path.clone(), msg);
    }

    /// The field as a table, to be part of a section.
    pub fn table<'n>(&mut self, field: Option<Field<'n>>) -> Option<Part<'n>> {
        let field = field?;
        match &field.node.value {
            Value::Table(t) => Some(Part {
                prefix: field.path.clone(),
                table: t,
                span: field.node.span.clone(),
            }),
            _ => {
                self.type_error(&field, "a table");
                None
            }
        }
    }

    /// The field as a list; `expected` says what it should have been.
    pub fn array<'n>(&mut self, field: &Field<'n>, expected: &str) -> Option<&'n [Node]> {
        match &field.node.value {
            Value::Array(a) => Some(a),
            _ => {
                self.type_error(field, expected);
                None
            }
        }
    }

    /// The field as a string.
    pub fn string(&mut self, field: &Field<'_>) -> Option<String> {
        match &field.node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.type_error(field, "a string");
                None
            }
        }
    }

    /// The field as a string with something in it besides spaces.
    pub fn non_empty(&mut self, field: &Field<'_>) -> Option<String> {
        let s = self.string(field)?;
        if s.trim().is_empty() {
            let msg = format!("{} must not be empty", field.key);
            self.report(field.node.span.clone(), field.path.clone(), msg);
            return None;
        }
        Some(s)
    }

    /// The field as a boolean.
    pub fn boolean(&mut self, field: &Field<'_>) -> Option<bool> {
        match &field.node.value {
            Value::Boolean(b) => Some(*b),
            _ => {
                self.type_error(field, "true or false");
                None
            }
        }
    }

    /// The field as a finite number, integer or float.
    pub fn number(&mut self, field: &Field<'_>) -> Option<f64> {
        let v = match &field.node.value {
            Value::Integer(i) => *i as f64,
            Value::Float(x) => *x,
            _ => {
                self.type_error(field, "a number");
                return None;
            }
        };
        if !v.is_finite() {
            let msg = format!("{} must be a finite number, got {v}", field.key);
            self.report(field.node.span.clone(), field.path.clone(), msg);
            return None;
        }
        Some(v)
    }

    /// The field as a finite number within `bound`.
    pub fn bounded(&mut self, field: &Field<'_>, bound: Bound) -> Option<f64> {
        let v = self.number(field)?;
        match bound.check(v) {
            Ok(()) => Some(v),
            Err(allowed) => {
                let msg = format!("{} must be {allowed}, got {v}", field.key);
                self.report(field.node.span.clone(), field.path.clone(), msg);
                None
            }
        }
    }

    /// The field as a whole number in `[min, max]` (a float with no fraction is
    /// accepted).
    pub fn whole(&mut self, field: &Field<'_>, min: i64, max: i64) -> Option<i64> {
        let v = match &field.node.value {
            Value::Integer(i) => *i,
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9e15 => *x as i64,
            _ => {
                self.type_error(field, "a whole number");
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
            let msg = format!("{} must be {allowed}, got {v}", field.key);
            self.report(field.node.span.clone(), field.path.clone(), msg);
            return None;
        }
        Some(v)
    }

    /// The key's value, or its default when it is absent or in error.
    pub fn get<R: Rule, D: DefaultValue<R>>(
        &mut self,
        section: &mut Section<'_>,
        key: &Key<R, D>,
    ) -> R::Value {
        let value = self
            .optional(section, key)
            .unwrap_or_else(|| key.default.value());
        if let Some(msg) = key.rule.refuse(key.name, &value) {
            // Taken again to point at the value, if the file gives one.
            if let Some(field) = section.take(key.name) {
                self.report(field.node.span.clone(), field.path, msg);
            }
        }
        value
    }

    /// The key's value as written; `None` when it is absent or in error.
    pub fn optional<R: Rule, D>(
        &mut self,
        section: &mut Section<'_>,
        key: &Key<R, D>,
    ) -> Option<R::Value> {
        section
            .take(key.name)
            .and_then(|field| key.rule.read(self, &field))
    }

    /// The key's value and where it is written; reports it missing when it is.
    pub fn required<R: Rule>(
        &mut self,
        section: &mut Section<'_>,
        key: &Key<R, Required>,
    ) -> Option<Located<R::Value>> {
        match section.take(key.name) {
            Some(field) => key.rule.read(self, &field).map(|value| Located {
                value,
                span: field.node.span.clone(),
                path: field.path,
            }),
            None => {
                self.report_in(section, key.default.0);
                None
            }
        }
    }
}

/// A key of a table: its name, what its value may be, what it is when left out, and
/// its line in the documentation's fields table.
pub(crate) struct Key<R, D> {
    /// The key as written in the file, and as messages name the value.
    pub name: &'static str,
    /// What the value may be.
    pub rule: R,
    /// What the key is when left out: a default value, [`Absent`] or [`Required`].
    pub default: D,
    /// Its line in the fields table.
    pub doc: Doc,
}

/// A key's line in the fields table, besides what its rule and default say.
pub(crate) struct Doc {
    /// What the value means, without its bound (`measured weeks`).
    pub meaning: &'static str,
    /// Its unit (`hours`, `share`), `—` for none.
    pub unit: &'static str,
    /// Words after the default, such as what it amounts to (`(10 minutes)`).
    pub note: &'static str,
}

impl Doc {
    /// A line with no note after the default.
    pub const fn new(meaning: &'static str, unit: &'static str) -> Doc {
        Doc {
            meaning,
            unit,
            note: "",
        }
    }

    /// The same line with a note after the default.
    pub const fn noted(self, note: &'static str) -> Doc {
        Doc { note, ..self }
    }
}

/// What a value may be: how it is read, and how the documentation states its bound.
pub(crate) trait Rule {
    /// The value read.
    type Value;
    /// The value of `field`, or `None` once what is wrong has been reported.
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<Self::Value>;
    /// Why a value read correctly, or the default, must still be refused.
    fn refuse(&self, _key: &str, _value: &Self::Value) -> Option<String> {
        None
    }
    /// The bound as the documentation states it, if there is one.
    fn bound(&self) -> Option<String> {
        None
    }
    /// The unit column for a value of unit `unit`.
    fn unit(&self, unit: &str) -> String {
        unit.to_string()
    }
    /// Whether a sweep may vary the value.
    fn sweepable(&self) -> bool {
        true
    }
    /// How an `[uncertainty]` range may vary the value.
    fn scale(&self) -> Scale {
        Scale::Listed
    }
}

/// How an `[uncertainty]` range may vary a key's value: what the values drawn between
/// its two ends must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Any number between the ends.
    Continuous,
    /// Whole numbers between the ends, both included.
    Whole,
    /// A distribution: held constant at any number between the ends, or one of its
    /// parameters varied (`.mean`).
    Distribution,
    /// No number between two ends: only values listed with `{ values = [...] }` (a
    /// flag, a choice, text).
    Listed,
}

/// What a key is when the file leaves it out, as the fields table says it.
pub(crate) trait Fallback<R> {
    /// The default column.
    fn words(&self, rule: &R) -> String;
    /// Whether leaving the key out is an error.
    fn is_required(&self) -> bool {
        false
    }
}

/// A fallback that is a value: the key reads as it when left out or in error.
pub(crate) trait DefaultValue<R: Rule>: Fallback<R> {
    /// The default.
    fn value(&self) -> R::Value;
}

/// A key that may be left out, and what that means (`none (no decay)`).
pub(crate) struct Absent(pub &'static str);

impl<R> Fallback<R> for Absent {
    fn words(&self, _: &R) -> String {
        self.0.to_string()
    }
}

/// A key that must be given, and the message when it is not.
pub(crate) struct Required(pub &'static str);

impl<R> Fallback<R> for Required {
    fn words(&self, _: &R) -> String {
        "—".to_string()
    }
    fn is_required(&self) -> bool {
        true
    }
}

/// A whole number in `[min, max]`.
pub(crate) struct Whole {
    /// Smallest value allowed.
    pub min: i64,
    /// Largest value allowed.
    pub max: i64,
}

impl Rule for Whole {
    type Value = i64;
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<i64> {
        reader.whole(field, self.min, self.max)
    }
    fn scale(&self) -> Scale {
        Scale::Whole
    }
    fn bound(&self) -> Option<String> {
        // A maximum this large only keeps the number within its type: not a rule a
        // scenario's author needs to read.
        Some(if self.max >= i64::from(u32::MAX) {
            format!("≥ {}", self.min)
        } else {
            format!("{} to {}", self.min, self.max)
        })
    }
}

impl Fallback<Whole> for i64 {
    fn words(&self, _: &Whole) -> String {
        self.to_string()
    }
}

impl DefaultValue<Whole> for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

/// A finite number within a bound.
pub(crate) struct Number(pub Bound);

impl Rule for Number {
    type Value = f64;
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<f64> {
        reader.bounded(field, self.0)
    }
    fn scale(&self) -> Scale {
        Scale::Continuous
    }
    fn bound(&self) -> Option<String> {
        Some(self.0.words())
    }
}

impl Fallback<Number> for f64 {
    fn words(&self, _: &Number) -> String {
        number_words(*self)
    }
}

impl DefaultValue<Number> for f64 {
    fn value(&self) -> f64 {
        *self
    }
}

/// `true` or `false`.
pub(crate) struct Flag;

impl Rule for Flag {
    type Value = bool;
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<bool> {
        reader.boolean(field)
    }
}

impl Fallback<Flag> for bool {
    fn words(&self, _: &Flag) -> String {
        self.to_string()
    }
}

impl DefaultValue<Flag> for bool {
    fn value(&self) -> bool {
        *self
    }
}

/// A string; free text, so a sweep does not vary it.
pub(crate) struct Text {
    /// Whether a string of spaces only is refused.
    pub non_empty: bool,
}

impl Rule for Text {
    type Value = String;
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<String> {
        if self.non_empty {
            reader.non_empty(field)
        } else {
            reader.string(field)
        }
    }
    fn sweepable(&self) -> bool {
        false
    }
}

impl Fallback<Text> for &'static str {
    fn words(&self, _: &Text) -> String {
        format!("{self:?}")
    }
}

impl DefaultValue<Text> for &'static str {
    fn value(&self) -> String {
        self.to_string()
    }
}

/// One string of a fixed list, each standing for a value of `T`.
pub(crate) struct Choice<T: 'static> {
    /// The choices: the string, its value, and what it means (empty when plain).
    pub options: &'static [(&'static str, T, &'static str)],
}

impl<T> Choice<T> {
    fn names(&self) -> Vec<&'static str> {
        self.options.iter().map(|(name, ..)| *name).collect()
    }
}

impl<T: Copy> Rule for Choice<T> {
    type Value = T;
    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<T> {
        let written = reader.string(field)?;
        if let Some((_, value, _)) = self.options.iter().find(|(name, ..)| *name == written) {
            return Some(*value);
        }
        let names = self.names();
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        let msg = format!(
            "{} must be {}, got \"{written}\"{}",
            field.key,
            word_list(&quoted, "or"),
            hint(&written, &names)
        );
        reader.report(field.node.span.clone(), field.path.clone(), msg);
        None
    }
    fn bound(&self) -> Option<String> {
        let options: Vec<String> = self
            .options
            .iter()
            .map(|(name, _, meaning)| match meaning.is_empty() {
                true => format!("`\"{name}\"`"),
                false => format!("`\"{name}\"` ({meaning})"),
            })
            .collect();
        Some(word_list(&options, "or"))
    }
}

impl<T: Copy + PartialEq> Fallback<Choice<T>> for T {
    fn words(&self, rule: &Choice<T>) -> String {
        rule.options
            .iter()
            .find(|(_, value, _)| value == self)
            .map_or_else(String::new, |(name, ..)| format!("\"{name}\""))
    }
}

impl<T: Copy + PartialEq> DefaultValue<Choice<T>> for T {
    fn value(&self) -> T {
        *self
    }
}

/// A key as the documentation and the sweep see it, whatever its rule.
pub(crate) trait Described {
    /// The key's name.
    fn name(&self) -> &'static str;
    /// Whether a sweep may vary it.
    fn sweepable(&self) -> bool;
    /// Whether leaving it out is an error.
    fn is_required(&self) -> bool;
    /// How an `[uncertainty]` range may vary it.
    fn scale(&self) -> Scale;
    /// Its meaning, unit and default columns in the fields table.
    fn cells(&self) -> [String; 3];
}

impl<R: Rule, D: Fallback<R>> Described for Key<R, D> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn sweepable(&self) -> bool {
        self.rule.sweepable()
    }

    fn is_required(&self) -> bool {
        self.default.is_required()
    }

    fn scale(&self) -> Scale {
        self.rule.scale()
    }

    fn cells(&self) -> [String; 3] {
        let mut meaning = String::new();
        if self.default.is_required() {
            meaning.push_str("*required*, ");
        }
        meaning.push_str(self.doc.meaning);
        if let Some(bound) = self.rule.bound() {
            meaning.push_str(", ");
            meaning.push_str(&bound);
        }
        let mut default = self.default.words(&self.rule);
        if !self.doc.note.is_empty() {
            default.push(' ');
            default.push_str(self.doc.note);
        }
        [meaning, self.rule.unit(self.doc.unit), default]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggest_finds_near_misses_only() {
        let keys = ["answer_hours", "question_every_hours", "refine_hours"];
        assert_eq!(
            suggest("question_evry_hours", keys),
            Some("question_every_hours")
        );
        assert_eq!(suggest("zzz", keys), None);
    }

    #[test]
    fn numbers_read_as_written_or_as_simple_fractions() {
        assert_eq!(number_words(40.0), "40");
        assert_eq!(number_words(0.85), "0.85");
        assert_eq!(number_words(1.0 / 6.0), "1/6");
        assert_eq!(number_words(std::f64::consts::PI), "3.1416");
    }

    #[test]
    fn word_lists_end_with_the_given_word() {
        assert_eq!(word_list(&["a"], "or"), "a");
        assert_eq!(word_list(&["a", "b", "c"], "or"), "a, b or c");
    }
}
