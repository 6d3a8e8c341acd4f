//! `[sweep]`: the axes of a grid of scenario points.
//!
//! Each leaf of the `[sweep]` table is an axis: a dotted path to a scalar or
//! distribution field (`team.squads`) and a non-empty list of values. The grid is the
//! Cartesian product, the first axis in the file varying slowest. This module only
//! reads the axes and numbers the points; setting a point's values in the raw tree and
//! validating it is the loader's job, so every swept value is checked like any other.
//! Which paths a sweep may set is the schema's to say.

use super::error::Issue;
use super::raw::{Node, Span, Table, Value};
use super::reader::suggest;
use super::schema::{is_sweepable, sweepable_paths, SWEEP};

/// Most points a sweep may have: far above a useful grid, low enough that a typo
/// cannot make a file take hours to check.
pub(crate) const MAX_POINTS: usize = 10_000;

/// One swept parameter.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// Path of the field in the scenario (`["team", "squads"]`).
    pub path: Vec<String>,
    /// The path as written in outputs (`team.squads`).
    pub name: String,
    /// The values, as written.
    pub values: Vec<Node>,
    /// Each value as display text (`4`, `0.1`, `{ dist = "exp", mean = 2 }`).
    pub texts: Vec<String>,
}

/// Reads the axes of the `[sweep]` table (none without one), in file order.
pub(crate) fn axes(root: &Table, src: &str, issues: &mut Vec<Issue>) -> Vec<Axis> {
    let Some(entry) = root.get(SWEEP) else {
        return Vec::new();
    };
    let Value::Table(table) = &entry.value.value else {
        issues.push(Issue::at(
            entry.value.span.clone(),
            SWEEP,
            format!(
                "expected a table of lists such as team.squads = [1, 2, 4], got {}",
                entry.value.value.describe()
            ),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(table, &[], src, &mut out, issues);
    let points = out
        .iter()
        .try_fold(1usize, |acc, a: &Axis| acc.checked_mul(a.values.len()));
    match points {
        Some(n) if n <= MAX_POINTS => {}
        _ => issues.push(Issue::at(
            entry.key_span.clone(),
            SWEEP,
            format!(
                "the sweep has {} points, at most {MAX_POINTS} are allowed",
                points.map_or_else(|| "too many".to_string(), |n| n.to_string())
            ),
        )),
    }
    out
}

fn walk(table: &Table, prefix: &[String], src: &str, out: &mut Vec<Axis>, issues: &mut Vec<Issue>) {
    for e in &table.entries {
        // `"work.escalation_share" = [...]` (a quoted dotted key) means the same as the
        // bare dotted key.
        let mut path = prefix.to_vec();
        path.extend(e.key.split('.').map(str::to_string));
        let name = path.join(".");
        let field = format!("{SWEEP}.{name}");
        match &e.value.value {
            Value::Table(t) if !is_sweepable(&path) => walk(t, &path, src, out, issues),
            Value::Array(values) => {
                if !is_sweepable(&path) {
                    let all = sweepable_paths();
                    let mut msg = format!("unknown sweep path `{name}`");
                    match suggest(&name, all.iter().map(String::as_str)) {
                        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
                        None => msg.push_str(
                            "; a sweep sets a field of [run], [team], [work], [discovery], [approval], [warnings] or [costs], such as team.squads",
                        ),
                    }
                    issues.push(Issue::at(e.key_span.clone(), field, msg));
                } else if values.is_empty() {
                    issues.push(Issue::at(
                        e.value.span.clone(),
                        field,
                        format!("the sweep of {name} needs at least one value"),
                    ));
                } else {
                    out.push(Axis {
                        texts: values.iter().map(|v| text(src, &v.span)).collect(),
                        values: values.clone(),
                        path,
                        name,
                    });
                }
            }
            other => issues.push(Issue::at(
                e.value.span.clone(),
                field,
                format!(
                    "a sweep value must be a list such as [1, 2, 4], got {}",
                    other.describe()
                ),
            )),
        }
    }
}

/// The source text of a value, on one line.
fn text(src: &str, span: &Span) -> String {
    src.get(span.clone())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value index of each axis at grid point `point`: the first axis varies slowest.
pub(crate) fn indices(axes: &[Axis], mut point: usize) -> Vec<usize> {
    let mut out = vec![0; axes.len()];
    for (slot, axis) in out.iter_mut().zip(axes).rev() {
        *slot = point % axis.values.len();
        point /= axis.values.len();
    }
    out
}

/// Number of grid points.
pub(crate) fn points(axes: &[Axis]) -> usize {
    axes.iter().map(|a| a.values.len()).product()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::raw::parse;

    #[test]
    fn axes_come_in_file_order_with_their_texts() {
        let src = "[sweep]\nwork.escalation_share = [0.1, 0.2]\nteam.squads = [1, 2, 4]\n";
        let mut issues = Vec::new();
        let axes = axes(&parse(src).unwrap(), src, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        let names: Vec<&str> = axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["work.escalation_share", "team.squads"]);
        assert_eq!(axes[1].texts, ["1", "2", "4"]);
    }

    #[test]
    fn first_axis_varies_slowest() {
        let src = "[sweep]\nteam.squads = [1, 2]\nrun.weeks = [5, 6, 7]\n";
        let axes = axes(&parse(src).unwrap(), src, &mut Vec::new());
        assert_eq!(points(&axes), 6);
        assert_eq!(indices(&axes, 0), [0, 0]);
        assert_eq!(indices(&axes, 1), [0, 1]);
        assert_eq!(indices(&axes, 3), [1, 0]);
        assert_eq!(indices(&axes, 5), [1, 2]);
    }

    #[test]
    fn unknown_paths_and_empty_lists_are_reported() {
        let src = "[sweep]\nteam.squad = [1]\nwork.answer_hours = []\nrun.weeks = 3\n";
        let mut issues = Vec::new();
        let axes = axes(&parse(src).unwrap(), src, &mut issues);
        assert!(axes.is_empty());
        assert_eq!(issues.len(), 3, "{issues:?}");
        assert!(issues[0].message.contains("did you mean `team.squads`"));
    }

    #[test]
    fn quoted_dotted_keys_are_paths() {
        let src = "[sweep]\n\"team.squads\" = [3]\ncosts.dev = [1]\n";
        let mut issues = Vec::new();
        let axes = axes(&parse(src).unwrap(), src, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(axes[0].path, ["team", "squads"]);
        assert_eq!(axes[1].name, "costs.dev");
    }
}
