//! Errors about a file found valid: a run the work estimate refuses (too much memory,
//! too long). Reported like validation's errors, `path:line:col: field: message` with
//! the line shown, at the place the file writes the field.

use super::error::{FileErrors, Issue};
use super::raw::{self, Span, Table, Value};
use std::path::Path;

/// An error about the scenario file at `path`, at the first of `places` the file
/// writes (dotted paths with list positions: `structures[1].team.squads`,
/// `sweep.team.squads`); when it writes none of them, the field has its default and
/// the error is reported under the last, without a position.
pub fn field_error(path: &Path, places: &[String], message: &str) -> FileErrors {
    let Ok(src) = std::fs::read_to_string(path) else {
        return FileErrors::whole_file(path, message);
    };
    let root = raw::parse(&src).ok();
    let found = places.iter().find_map(|place| {
        let root = root.as_ref()?;
        let steps: Vec<&str> = place.split('.').collect();
        value_at(root, &steps).map(|span| (place, span))
    });
    let issue = match found {
        Some((place, span)) => Issue::at(span, place.clone(), message),
        None => Issue {
            span: None,
            field: places.last().cloned().unwrap_or_default(),
            message: message.to_string(),
        },
    };
    FileErrors::new(path, &src, vec![issue])
}

/// Where the value at `steps` is written: each step a key, maybe with a list
/// position (`people[0]`); a quoted dotted key (`"team.squads"`) stands for its steps.
fn value_at(table: &Table, steps: &[&str]) -> Option<Span> {
    let (first, rest) = steps.split_first()?;
    let (key, index) = match first.split_once('[') {
        Some((key, tail)) => (key, Some(tail.trim_end_matches(']').parse::<usize>().ok()?)),
        None => (*first, None),
    };
    if index.is_none() {
        // A quoted key holding several steps at once.
        for n in (2..=steps.len()).rev() {
            if let Some(entry) = table.get(&steps[..n].join(".")) {
                return match &steps[n..] {
                    [] => Some(entry.value.span.clone()),
                    more => match &entry.value.value {
                        Value::Table(inner) => value_at(inner, more),
                        _ => None,
                    },
                };
            }
        }
    }
    let mut node = &table.get(key)?.value;
    if let Some(i) = index {
        let Value::Array(items) = &node.value else {
            return None;
        };
        node = items.get(i)?;
    }
    if rest.is_empty() {
        return Some(node.span.clone());
    }
    match &node.value {
        Value::Table(inner) => value_at(inner, rest),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(src: &str, place: &str) -> Option<String> {
        let root = raw::parse(src).unwrap();
        let steps: Vec<&str> = place.split('.').collect();
        value_at(&root, &steps).map(|span| src[span].to_string())
    }

    #[test]
    fn values_are_found_through_tables_lists_and_quoted_keys() {
        let src = "[run]\ntrials = 300\n[sweep]\n\"team.squads\" = [1, 2]\n\
                   [[structures]]\nname = \"a\"\n[[structures]]\nname = \"b\"\n\
                   people = [ { role = \"po\", count = 4, duties = [\"answer\"] } ]\n\
                   [structures.team]\nsquads = 7\n";
        assert_eq!(span_of(src, "run.trials").as_deref(), Some("300"));
        assert_eq!(span_of(src, "sweep.team.squads").as_deref(), Some("[1, 2]"));
        assert_eq!(
            span_of(src, "structures[1].team.squads").as_deref(),
            Some("7")
        );
        assert_eq!(
            span_of(src, "structures[1].people[0].count").as_deref(),
            Some("4")
        );
        assert_eq!(span_of(src, "structures[0].team.squads"), None);
        assert_eq!(span_of(src, "run.weeks"), None);
    }

    #[test]
    fn a_field_the_file_does_not_write_is_reported_without_a_position() {
        let dir = std::env::temp_dir().join(format!("orgsim-locate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.toml");
        std::fs::write(&path, "[run]\nweeks = 5200\n").unwrap();
        let places = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let at = field_error(
            &path,
            &places(&["sweep.run.weeks", "run.weeks"]),
            "too long",
        );
        assert_eq!(at.errors[0].field, "run.weeks");
        assert_eq!((at.errors[0].line, at.errors[0].column), (2, 9));
        let nowhere = field_error(&path, &places(&["sweep.run.trials", "run.trials"]), "m");
        assert_eq!(
            nowhere.to_string(),
            format!("{}: run.trials: m", path.display())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
