//! The raw stage: the TOML document as an owned tree that keeps every span.
//!
//! The tree mirrors the file one to one (no defaults, no meaning) and records where
//! each key and value stands, so that validation can point at them. Tables keep their
//! entries in file order. Sweep points are made by replacing values in a clone of this
//! tree, before any validation.
//!
//! Why a tree and not serde structs: serde stops at the first error and loses the
//! position of a value once it is converted, while a scenario's author wants every
//! error of the file at once, each with its line. Walking the spanned tree gives both,
//! and lets one reader report every key it did not ask for.

use super::error::Issue;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Byte range in the source.
pub(crate) type Span = Range<usize>;

/// A value and where it stands.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Where the value is written (for a `[header]` table, its header).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A TOML value.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float, possibly NaN or infinite (TOML has `nan` and `inf`).
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// A date or time: never valid in a scenario, kept to be reported.
    Datetime,
    /// An array.
    Array(Vec<Node>),
    /// A table.
    Table(Table),
}

/// A table's entries, in file order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// The entries.
    pub entries: Vec<Entry>,
}

/// One `key = value` of a table.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Table {
    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

impl Value {
    /// How the value reads in an error message: `got {describe}`.
    pub fn describe(&self) -> String {
        match self {
            Value::String(s) => format!("a string ({s:?})"),
            Value::Integer(i) => format!("the whole number {i}"),
            Value::Float(f) => format!("the number {f}"),
            Value::Boolean(b) => format!("the boolean {b}"),
            Value::Datetime => "a date".to_string(),
            Value::Array(_) => "a list".to_string(),
            Value::Table(_) => "a table".to_string(),
        }
    }
}

/// Parses a TOML document into a spanned tree. On a syntax error, returns the first
/// one only: the parser recovers, but what follows an error is mostly its echo.
pub(crate) fn parse(src: &str) -> Result<Table, Issue> {
    let (doc, errors) = DeTable::parse_recoverable(src);
    if let Some(first) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
    {
        let span = first.span().unwrap_or(0..0);
        return Err(Issue::at(
            span,
            "",
            format!("invalid TOML: {}", first.message()),
        ));
    }
    let mut issues = Vec::new();
    let table = convert_table(doc.get_ref(), &mut issues);
    match issues.into_iter().next() {
        Some(issue) => Err(issue),
        None => Ok(table),
    }
}

fn convert_table(table: &DeTable<'_>, issues: &mut Vec<Issue>) -> Table {
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            value: convert(v.get_ref(), v.span(), issues),
        })
        .collect();
    // The parser keeps keys sorted by name; the file's order reads better in reports
    // and is the order of the sweep's axes.
    entries.sort_by_key(|e| e.key_span.start);
    Table { entries }
}

fn convert(value: &DeValue<'_>, span: Span, issues: &mut Vec<Issue>) -> Node {
    let value = match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(v) => Value::Integer(v),
            Err(_) => {
                issues.push(Issue::at(
                    span.clone(),
                    "",
                    format!("the whole number {i} is too large"),
                ));
                Value::Integer(i64::MAX)
            }
        },
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|x| convert(x.get_ref(), x.span(), issues))
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, issues)),
    };
    Node { span, value }
}

/// Sets the value at `path` in `root`, creating missing tables on the way. A step that
/// exists but is not a table is left alone: validation will report it as it stands.
pub(crate) fn set_path(root: &mut Table, path: &[String], value: Node) {
    let Some((last, steps)) = path.split_last() else {
        return;
    };
    let mut table = root;
    for step in steps {
        let index = match table.entries.iter().position(|e| &e.key == step) {
            Some(i) => i,
            None => {
                table.entries.push(Entry {
                    key: step.clone(),
                    key_span: value.span.clone(),
                    value: Node {
                        span: value.span.clone(),
                        value: Value::Table(Table::default()),
                    },
                });
                table.entries.len() - 1
            }
        };
        match &mut table.entries[index].value.value {
            Value::Table(t) => table = t,
            _ => return,
        }
    }
    match table.entries.iter_mut().find(|e| &e.key == last) {
        Some(entry) => entry.value = value,
        None => table.entries.push(Entry {
            key: last.clone(),
            key_span: value.span.clone(),
            value,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_file_order_and_spans() {
        let src = "zeta = 1\nalpha = 2.5\n[run]\nweeks = 0x10\n";
        let t = parse(src).unwrap();
        let keys: Vec<&str> = t.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "run"]);
        assert_eq!(&src[t.entries[1].value.span.clone()], "2.5");
        let Value::Table(run) = &t.entries[2].value.value else {
            panic!("run is a table")
        };
        assert!(matches!(run.entries[0].value.value, Value::Integer(16)));
    }

    #[test]
    fn nan_and_inf_are_kept_to_be_reported() {
        let t = parse("a = nan\nb = -inf\n").unwrap();
        assert!(matches!(t.entries[0].value.value, Value::Float(f) if f.is_nan()));
        assert!(matches!(t.entries[1].value.value, Value::Float(f) if f == f64::NEG_INFINITY));
    }

    #[test]
    fn syntax_errors_report_the_first_with_its_span() {
        let e = parse("a = 1\nb = = 2\n").unwrap_err();
        assert!(e.message.starts_with("invalid TOML"));
        assert!(e.span.unwrap().start >= 6);
    }

    #[test]
    fn set_path_creates_missing_tables() {
        let mut t = parse("[team]\nsquads = 1\n").unwrap();
        let node = Node {
            span: 0..1,
            value: Value::Integer(4),
        };
        set_path(&mut t, &["team".into(), "squads".into()], node.clone());
        set_path(&mut t, &["work".into(), "x".into()], node);
        let Value::Table(team) = &t.get("team").unwrap().value.value else {
            panic!()
        };
        assert!(matches!(team.entries[0].value.value, Value::Integer(4)));
        assert!(t.get("work").is_some());
    }
}
