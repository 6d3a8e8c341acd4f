//! `[sweep]`: the axes of a grid of scenario points.
//!
//! Each leaf of the `[sweep]` table is an axis: a dotted path to a scalar or
//! distribution field (`team.squads`, or a field of one stakeholder group or structure
//! by its name: `stakeholders.sales.priority`, or of one of a structure's people
//! entries by its position: `"structures.split.people[1].count"`, which may also be
//! written `structures.split.people.1.count`) and a non-empty list of values. The
//! grid is the Cartesian product, the first axis in the file varying slowest. This
//! module reads the axes, numbers the points and sets a point's values in a clone of
//! the raw tree; validating it is the loader's job, so every swept value is checked
//! like any other. Which paths a sweep may set is the schema's to say; whether the
//! file has the entry a path names, and whether a swept value reaches any structure,
//! is checked here.

use super::error::Issue;
use super::raw::{self, Node, Span, Table, Value};
use super::reader::{suggest, word_list};
use super::schema::{
    entry_fields, indexed_list, is_sweepable, named_list, overridable, person, structure,
    sweepable_paths, List, SWEEP,
};

/// Most points a sweep may have: far above a useful grid, low enough that a typo
/// cannot make a file take hours to check.
pub(crate) const MAX_POINTS: usize = 10_000;

/// A field of the file that a sweep or an `[uncertainty]` range sets, its path
/// resolved once.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// Path of the field in the scenario (`["team", "squads"]`,
    /// `["stakeholders", "sales", "priority"]`).
    pub path: Vec<String>,
    /// The path as written in outputs (`team.squads`).
    pub name: String,
    /// For a field of one entry of a list of named tables, the entry's position in its
    /// list: the path's name is resolved once, here.
    entry: Option<usize>,
    /// For a field of one entry of a list without names inside that entry (one of a
    /// structure's `people`), that entry's position: `path[3]`, checked against the
    /// file.
    item: Option<usize>,
}

impl Place {
    /// Sets `value` at this place in `tree`, a clone of the file's tree, creating
    /// missing tables on the way.
    pub(crate) fn set(&self, tree: &mut Table, value: Node) {
        let Some(index) = self.entry else {
            raw::set_path(tree, &self.path, value);
            return;
        };
        let entry = tree
            .entries
            .iter_mut()
            .find(|e| e.key == self.path[0])
            .and_then(|e| match &mut e.value.value {
                Value::Array(nodes) => nodes.get_mut(index),
                _ => None,
            });
        let Some(Node {
            value: Value::Table(table),
            ..
        }) = entry
        else {
            return;
        };
        let Some(item) = self.item else {
            raw::set_path(table, &self.path[2..], value);
            return;
        };
        let inner = table
            .entries
            .iter_mut()
            .find(|e| e.key == self.path[2])
            .and_then(|e| match &mut e.value.value {
                Value::Array(nodes) => nodes.get_mut(item),
                _ => None,
            });
        if let Some(Node {
            value: Value::Table(inner),
            ..
        }) = inner
        {
            raw::set_path(inner, &self.path[4..], value);
        }
    }

    /// The value the file writes at this place, if it writes one.
    pub(crate) fn written<'t>(&self, root: &'t Table) -> Option<&'t Node> {
        let (table, path) = match self.entry {
            None => (root, self.path.as_slice()),
            Some(index) => {
                let list = named_list(&self.path)?;
                let Value::Table(table) = &entries(root, list).get(index)?.value else {
                    return None;
                };
                match self.item {
                    None => (table, &self.path[2..]),
                    Some(item) => match &table.get(&self.path[2])?.value.value {
                        Value::Array(items) => match &items.get(item)?.value {
                            Value::Table(inner) => (inner, &self.path[4..]),
                            _ => return None,
                        },
                        _ => return None,
                    },
                }
            }
        };
        let (last, steps) = path.split_last()?;
        let mut table = table;
        for step in steps {
            match &table.get(step)?.value.value {
                Value::Table(inner) => table = inner,
                _ => return None,
            }
        }
        table.get(last).map(|e| &e.value)
    }

    /// The place of the key `key` inside the table at this place (a distribution's
    /// `mean`), named `name.key`.
    pub(crate) fn inner(&self, key: &str) -> Place {
        let mut path = self.path.clone();
        path.push(key.to_string());
        Place {
            name: format!("{}.{key}", self.name),
            path,
            entry: self.entry,
            item: self.item,
        }
    }
}

/// Where the sweep path `path` (written `name`) leads in the file: the entry a
/// path of a named list names, found by its name, and in it the people entry a
/// position names. `Err` with the message when no entry has that name or position,
/// when the field is one every structure overrides, so that setting it would change
/// nothing, or when it would staff a people entry twice. The path must be one a sweep may set
/// ([`is_sweepable`]).
pub(crate) fn place(root: &Table, path: Vec<String>, name: String) -> Result<Place, String> {
    let entry = match named_list(&path) {
        Some(list) => Some(entry_named(root, list, &path[1])?),
        None => None,
    };
    if entry.is_none() && overridable(&path) {
        if let Some(msg) = overridden_everywhere(root, &path, &name) {
            return Err(msg);
        }
    }
    let item = match (entry, indexed_list(&path)) {
        (Some(index), Some(list)) => Some(item_at(root, index, list, &path)?),
        _ => None,
    };
    Ok(Place {
        path,
        name,
        entry,
        item,
    })
}

/// One swept parameter.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// The field swept.
    pub place: Place,
    /// The values, as written.
    pub values: Vec<Node>,
    /// Each value as display text (`4`, `0.1`, `{ dist = "exp", mean = 2 }`).
    pub texts: Vec<String>,
}

impl Axis {
    /// Sets the axis's value number `i` in `tree`, a clone of the file's tree, creating
    /// missing tables on the way.
    pub(crate) fn set(&self, tree: &mut Table, i: usize) {
        self.place.set(tree, self.values[i].clone());
    }
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
    walk(root, table, &[], src, &mut out, issues);
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

fn walk(
    root: &Table,
    table: &Table,
    prefix: &[String],
    src: &str,
    out: &mut Vec<Axis>,
    issues: &mut Vec<Issue>,
) {
    for e in &table.entries {
        // `"work.escalation_share" = [...]` (a quoted dotted key) means the same as the
        // bare dotted key.
        let mut path = prefix.to_vec();
        path.extend(e.key.split('.').map(str::to_string));
        let path = with_positions(path);
        let name = display_name(&path);
        let field = format!("{SWEEP}.{name}");
        match &e.value.value {
            Value::Table(t) if !is_sweepable(&path) => walk(root, t, &path, src, out, issues),
            Value::Array(values) => {
                let key = dotted_key(src, &e.key_span);
                let at = |msg: String| Issue::at(key.clone(), field.clone(), msg);
                if !is_sweepable(&path) {
                    let msg = match indexed_list(&path) {
                        Some(list) => unknown_entry_field(list, &path),
                        None => unknown_path(root, &name),
                    };
                    issues.push(at(msg));
                    continue;
                }
                if values.is_empty() {
                    issues.push(Issue::at(
                        e.value.span.clone(),
                        field,
                        format!("the sweep of {name} needs at least one value"),
                    ));
                    continue;
                }
                match place(root, path, name) {
                    Ok(place) => out.push(Axis {
                        place,
                        texts: values.iter().map(|v| text(src, &v.span)).collect(),
                        values: values.clone(),
                    }),
                    Err(msg) => issues.push(at(msg)),
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

/// The message for a path no sweep may set, with the nearest one that may.
pub(crate) fn unknown_path(root: &Table, name: &str) -> String {
    let all = sweepable_paths(&|list| entry_names(root, list));
    let mut msg = format!("unknown sweep path `{name}`");
    match suggest(name, all.iter().map(String::as_str)) {
        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
        None => msg.push_str(
            "; a sweep sets a field of [run], [team], [work], [discovery], [approval], \
             [warnings] or [costs] (such as team.squads), or of one stakeholder group or \
             structure by its name (such as stakeholders.NAME.priority)",
        ),
    }
    msg
}

/// The path with a position written as an index (`people[1]`, in a quoted key) split
/// into its own step (`people`, `1`), as a bare dotted key (`people.1`) gives it.
pub(crate) fn with_positions(path: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(path.len() + 1);
    for step in path {
        let indexed = step
            .strip_suffix(']')
            .and_then(|s| s.split_once('['))
            .filter(|(list, _)| !list.is_empty());
        match indexed {
            Some((list, index))
                if out.len() == 2
                    && indexed_list(&[&out[..], &[list.to_string()]].concat()).is_some() =>
            {
                out.push(list.to_string());
                out.push(index.to_string());
            }
            _ => out.push(step),
        }
    }
    out
}

/// The path as outputs write it: dotted, with the position of an entry of a list
/// without names as an index (`structures.split.people[1].count`).
pub(crate) fn display_name(path: &[String]) -> String {
    match (indexed_list(path), path) {
        (Some(_), [list, entry, inner, index, field @ ..]) if !field.is_empty() => {
            format!("{list}.{entry}.{inner}[{index}].{}", field.join("."))
        }
        _ => path.join("."),
    }
}

/// Why a path into one entry of `list` (`structures.NAME.people.I.FIELD`) is no field
/// a sweep may set: a position that is not a number, or a field the entry does not
/// have, with the nearest one.
fn unknown_entry_field(list: &List, path: &[String]) -> String {
    let inner = list.layout.name;
    let example = format!("{}.{}.{inner}[0].{}", path[0], path[1], person::COUNT.name);
    let position = path.get(3).filter(|index| index.parse::<usize>().is_ok());
    let (Some(index), [_, _, _, _, field @ ..]) = (position, path) else {
        return format!(
            "a {inner} entry is named by its position from 0 and a field, such as {example}"
        );
    };
    let field = field.join(".");
    let fields = entry_fields(list);
    let mut msg = format!("{inner}[{index}] has no field `{field}` a sweep may set");
    match suggest(&field, fields.iter().map(String::as_str)) {
        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
        None => msg.push_str(&format!("; it may set {}", word_list(&fields, "or"))),
    }
    msg
}

/// The position `path[3]` of an entry of `list` in entry `index` of the named list
/// `path[0]`, or why the file has no such entry to sweep: fewer entries, or an entry
/// staffed by another key than the one swept (`per_squad`, when `count` is swept),
/// which would give it two.
fn item_at(root: &Table, index: usize, list: &List, path: &[String]) -> Result<usize, String> {
    let position: usize = path[3]
        .parse()
        .map_err(|_| format!("{} is not a position", path[3]))?;
    let inner = list.layout.name;
    let owner = format!("{} \"{}\"", singular(&path[0]), path[1]);
    let outer = root.get(&path[0]).map(|e| &e.value.value);
    let items: &[Node] = match outer {
        Some(Value::Array(nodes)) => match nodes.get(index).map(|n| &n.value) {
            Some(Value::Table(table)) => match table.get(inner).map(|e| &e.value.value) {
                Some(Value::Array(items)) => items,
                _ => &[],
            },
            _ => &[],
        },
        _ => &[],
    };
    let Some(node) = items.get(position) else {
        return Err(match items.len() {
            0 => format!("{owner} lists no {inner} entries"),
            1 => format!("{owner} has one {inner} entry, {inner}[0]; there is no {inner}[{position}]"),
            n => format!(
                "{owner} has {n} {inner} entries, {inner}[0] to {inner}[{}]; there is no {inner}[{position}]",
                n - 1
            ),
        });
    };
    let swept = &path[4..];
    let staffing: Vec<&str> = person::STAFFING.iter().map(|key| key.name).collect();
    if let ([key], Value::Table(entry)) = (swept, &node.value) {
        let written = staffing.iter().find(|k| entry.get(k).is_some());
        if let Some(written) = written.filter(|w| staffing.contains(&key.as_str()) && *w != key) {
            return Err(format!(
                "{inner}[{position}] of {owner} is staffed by {written}, so sweeping {key} would \
                 give it two; sweep {}.{}.{inner}[{position}].{written}",
                path[0], path[1]
            ));
        }
    }
    Ok(position)
}

/// "structure" for `structures`: the word for one entry of a list.
fn singular(list: &str) -> &str {
    list.strip_suffix('s').unwrap_or(list)
}

/// The entries of the list `list` in the file, tables or not.
fn entries<'t>(root: &'t Table, list: &List) -> &'t [Node] {
    match root.get(list.layout.name).map(|e| &e.value.value) {
        Some(Value::Array(nodes)) => nodes,
        _ => &[],
    }
}

/// The name an entry of `list` is given in the file, if it has one.
fn entry_name<'t>(node: &'t Node, list: &List) -> Option<&'t str> {
    let key = list.named_by?.name;
    match &node.value {
        Value::Table(t) => match t.get(key).map(|e| &e.value.value) {
            Some(Value::String(name)) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The names of the entries of `list`, in file order.
fn entry_names(root: &Table, list: &List) -> Vec<String> {
    entries(root, list)
        .iter()
        .filter_map(|node| entry_name(node, list))
        .map(str::to_string)
        .collect()
}

/// The position of the first entry of `list` named `name`, or why there is none.
fn entry_named(root: &Table, list: &List, name: &str) -> Result<usize, String> {
    let found = entries(root, list)
        .iter()
        .position(|node| entry_name(node, list) == Some(name));
    found.ok_or_else(|| {
        let names = entry_names(root, list);
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        let mut msg = format!("no [[{}]] entry is named \"{name}\"", list.layout.name);
        match suggest(name, names.iter().map(String::as_str)) {
            Some(s) => msg.push_str(&format!("; did you mean \"{s}\"?")),
            None if names.is_empty() => {
                msg.push_str(&format!("; the file has no [[{}]]", list.layout.name))
            }
            None => msg.push_str(&format!("; the names are {}", word_list(&quoted, "and"))),
        }
        msg
    })
}

/// Why sweeping the top-level field `path` (written `name`) would change nothing:
/// every structure sets its own value of it. `None` when some structure takes the
/// swept value, or the file has no structure to tell.
fn overridden_everywhere(root: &Table, path: &[String], name: &str) -> Option<String> {
    let list = &structure::LIST;
    let nodes = entries(root, list);
    let mut overriding = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        let Value::Table(table) = &node.value else {
            return None;
        };
        if !holds(table, path) {
            return None;
        }
        let shown = entry_name(node, list)
            .map_or_else(|| format!("{}[{i}]", list.layout.name), str::to_string);
        overriding.push(shown);
    }
    if overriding.is_empty() {
        return None;
    }
    Some(format!(
        "every structure sets its own {name} ({}), so sweeping it changes nothing; \
         sweep {}.NAME.{name} or remove the override",
        overriding.join(", "),
        list.layout.name
    ))
}

/// Whether `table` writes a value at `path`.
fn holds(table: &Table, path: &[String]) -> bool {
    match path {
        [] => false,
        [key] => table.get(key).is_some(),
        [step, rest @ ..] => match table.get(step).map(|e| &e.value.value) {
            Some(Value::Table(inner)) => holds(inner, rest),
            _ => false,
        },
    }
}

/// The whole dotted key whose last part is at `last`: from the first word of its line
/// (`stakeholders.sales.priority`, not only `priority`), so that a problem of the path
/// underlines all of it. The tree keeps the span of a key's last part only.
pub(crate) fn dotted_key(src: &str, last: &Span) -> Span {
    let line = src
        .get(..last.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let indent = src
        .get(line..last.start)
        .map_or(0, |text| text.len() - text.trim_start().len());
    line + indent..last.end
}

/// The source text of a value, on one line.
pub(crate) fn text(src: &str, span: &Span) -> String {
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
        let names: Vec<&str> = axes.iter().map(|a| a.place.name.as_str()).collect();
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

    /// Two structures, the first overriding `switch_hours` and `team.squads`, and two
    /// stakeholder groups.
    const NAMED: &str = "switch_hours = 0.1\n\
        [[stakeholders]]\nname = \"sales\"\nrequests_per_week = 1\n\
        [[stakeholders]]\nname = \"leadership\"\nrequests_per_week = 2\n\
        [[structures]]\nname = \"combined\"\nswitch_hours = 0.25\n\
        [structures.team]\nsquads = 2\n\
        [[structures]]\nname = \"separated\"\nswitch_hours = 0.5\n";

    #[test]
    fn a_field_every_structure_overrides_is_not_swept() {
        let src = format!("{NAMED}[sweep]\nswitch_hours = [0, 1]\nteam.squads = [1, 3]\n");
        let mut issues = Vec::new();
        let axes = axes(&parse(&src).unwrap(), &src, &mut issues);
        // team.squads reaches `separated`, which does not set its own.
        assert_eq!(axes.len(), 1);
        assert_eq!(axes[0].place.name, "team.squads");
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].field, "sweep.switch_hours");
        assert_eq!(
            issues[0].message,
            "every structure sets its own switch_hours (combined, separated), so sweeping it \
             changes nothing; sweep structures.NAME.switch_hours or remove the override"
        );
        assert_eq!(&src[issues[0].span.clone().unwrap()], "switch_hours");
    }

    #[test]
    fn a_named_entry_is_swept_by_its_name() {
        let src = format!(
            "{NAMED}[sweep]\nstakeholders.leadership.priority = [4, 1]\n\
             structures.separated.switch_hours = [2]\n"
        );
        let root = parse(&src).unwrap();
        let mut issues = Vec::new();
        let axes = axes(&root, &src, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(axes[0].place.name, "stakeholders.leadership.priority");
        let mut tree = root.clone();
        axes[0].set(&mut tree, 1);
        axes[1].set(&mut tree, 0);
        let entry = |list: &str, i: usize| -> Table {
            let Some(Value::Array(nodes)) = tree.get(list).map(|e| &e.value.value) else {
                panic!("{list} is a list")
            };
            let Value::Table(t) = &nodes[i].value else {
                panic!("{list}[{i}] is a table")
            };
            t.clone()
        };
        let leadership = entry("stakeholders", 1);
        assert!(matches!(
            leadership.get("priority").unwrap().value.value,
            Value::Integer(1)
        ));
        assert!(entry("stakeholders", 0).get("priority").is_none());
        let separated = entry("structures", 1);
        assert!(matches!(
            separated.get("switch_hours").unwrap().value.value,
            Value::Integer(2)
        ));
    }

    #[test]
    fn an_unknown_entry_name_is_reported_with_the_nearest() {
        let src = format!(
            "{NAMED}[sweep]\nstakeholders.leadrship.priority = [4, 1]\n\
             structures.nobody.preempt = [true]\nstakeholders.sales.squadz = [0]\n"
        );
        let mut issues = Vec::new();
        let axes = axes(&parse(&src).unwrap(), &src, &mut issues);
        assert!(axes.is_empty());
        // In the order of the tree: keys under one dotted prefix stand together.
        let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "no [[stakeholders]] entry is named \"leadrship\"; did you mean \"leadership\"?",
                "unknown sweep path `stakeholders.sales.squadz`; did you mean `stakeholders.sales.squad`?",
                "no [[structures]] entry is named \"nobody\"; the names are \"combined\" and \"separated\"",
            ]
        );
    }

    #[test]
    fn quoted_dotted_keys_are_paths() {
        let src = "[sweep]\n\"team.squads\" = [3]\ncosts.dev = [1]\n";
        let mut issues = Vec::new();
        let axes = axes(&parse(src).unwrap(), src, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(axes[0].place.path, ["team", "squads"]);
        assert_eq!(axes[1].place.name, "costs.dev");
    }

    /// A structure of two people entries: one PM, and a PO per squad.
    const PEOPLE: &str = "[[structures]]\nname = \"split\"\npeople = [\n\
        { role = \"pm\", count = 1, duties = [\"triage\"] },\n\
        { role = \"po\", per_squad = 1, duties = [\"answer\"] },\n]\n";

    /// The value of `key` in people entry `i` of the first structure of `tree`.
    fn person_value(tree: &Table, i: usize, key: &str) -> Option<Value> {
        let Some(Value::Array(structures)) = tree.get("structures").map(|e| &e.value.value) else {
            panic!("structures is a list")
        };
        let Value::Table(split) = &structures[0].value else {
            panic!("a structure is a table")
        };
        let Some(Value::Array(people)) = split.get("people").map(|e| &e.value.value) else {
            panic!("people is a list")
        };
        let Value::Table(entry) = &people[i].value else {
            panic!("a people entry is a table")
        };
        entry.get(key).map(|e| e.value.value.clone())
    }

    #[test]
    fn a_people_entry_is_swept_by_its_position_either_way_it_is_written() {
        for key in [
            "\"structures.split.people[1].per_squad\"",
            "structures.split.people.1.per_squad",
        ] {
            let src = format!(
                "{PEOPLE}[sweep]\n{key} = [1, 2]\n\"structures.split.people[0].availability\" = [0.4]\n"
            );
            let root = parse(&src).unwrap();
            let mut issues = Vec::new();
            let axes = axes(&root, &src, &mut issues);
            assert!(issues.is_empty(), "{key}: {issues:?}");
            assert_eq!(axes[0].place.name, "structures.split.people[1].per_squad");
            assert_eq!(
                axes[1].place.name,
                "structures.split.people[0].availability"
            );
            let mut tree = root.clone();
            axes[0].set(&mut tree, 1);
            axes[1].set(&mut tree, 0);
            assert!(matches!(
                person_value(&tree, 1, "per_squad"),
                Some(Value::Integer(2))
            ));
            assert!(
                matches!(person_value(&tree, 0, "availability"), Some(Value::Float(f)) if f == 0.4)
            );
            assert!(person_value(&tree, 0, "per_squad").is_none());
        }
    }

    #[test]
    fn a_people_path_the_file_cannot_take_is_reported_where_it_is_written() {
        let src = format!(
            "{PEOPLE}[sweep]\n\"structures.split.people[2].count\" = [1]\n\
             \"structures.split.people[1].count\" = [1]\n\
             \"structures.split.people[0].availabilty\" = [0.5]\n\
             structures.split.people.first.count = [1]\n"
        );
        let mut issues = Vec::new();
        let axes = axes(&parse(&src).unwrap(), &src, &mut issues);
        assert!(axes.is_empty());
        let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "structure \"split\" has 2 people entries, people[0] to people[1]; there is no people[2]",
                "people[1] of structure \"split\" is staffed by per_squad, so sweeping count would \
                 give it two; sweep structures.split.people[1].per_squad",
                "people[0] has no field `availabilty` a sweep may set; did you mean `availability`?",
                "a people entry is named by its position from 0 and a field, such as \
                 structures.split.people[0].count",
            ]
        );
        assert_eq!(issues[0].field, "sweep.structures.split.people[2].count");
        assert_eq!(
            &src[issues[0].span.clone().unwrap()],
            "\"structures.split.people[2].count\""
        );
    }
}
