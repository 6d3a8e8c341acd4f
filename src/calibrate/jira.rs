//! Reader of a Jira issues search result with changelogs (the JSON of the REST search
//! with `expand=changelog`).
//!
//! What is read of each issue: `key`, `fields.created` (the request's arrival),
//! `fields.status.name` (where an issue without status changes stands), the
//! `--group-by` field, and every `changelog.histories[].items[]` whose `field` is
//! `status` (its `fromString`, `toString` and the history's `created`). Status
//! changes are taken in time order; an issue that is reopened visits its stages
//! again. The rest of the file is skipped without being kept: the JSON is read with
//! borrowed strings, so memory stays proportional to the issues.

use super::clock::Stamp;
use super::error::{InputError, Place};
use super::history::{History, Visit, ALL_ITEMS, MAX_GROUPS, NO_GROUP};
use super::ReadOptions;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

#[derive(Deserialize)]
struct RawIssue<'a> {
    #[serde(borrow)]
    key: Option<Cow<'a, str>>,
    #[serde(borrow)]
    fields: Option<HashMap<Cow<'a, str>, &'a RawValue>>,
    #[serde(borrow)]
    changelog: Option<RawChangelog<'a>>,
}

#[derive(Deserialize)]
struct RawChangelog<'a> {
    #[serde(borrow)]
    histories: Option<Vec<RawHistory<'a>>>,
    total: Option<u64>,
}

#[derive(Deserialize)]
struct RawHistory<'a> {
    #[serde(borrow)]
    created: Option<Cow<'a, str>>,
    #[serde(borrow)]
    items: Option<Vec<RawChange<'a>>>,
}

#[derive(Deserialize)]
struct RawChange<'a> {
    #[serde(borrow)]
    field: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "fromString")]
    from: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "toString")]
    to: Option<Cow<'a, str>>,
}

/// A status name not in the stage map: where it was first seen and how often.
struct Unknown {
    key: String,
    field: String,
    issues: u64,
}

const NOT_A_SEARCH: &str = "not a Jira search result (export the issues with \
    /rest/api/2/search?expand=changelog, or the newer /rest/api/3/search/jql)";

/// Reads one Jira search result into `history`, collecting every problem into `errors`.
pub fn read(
    text: &str,
    path: &Path,
    options: &ReadOptions,
    history: &mut History,
    errors: &mut Vec<InputError>,
) {
    // serde would read a struct from a list too; a search result is an object.
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        errors.push(InputError::whole(
            path,
            format!("{NOT_A_SEARCH}: the top level is not an object with an \"issues\" list"),
        ));
        return;
    }
    let mut reader = Reader {
        path,
        options,
        history,
        errors,
        unknown: Vec::new(),
        visits: Vec::new(),
        issues: 0,
        stopped: false,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let summary = Top {
        reader: &mut reader,
    }
    .deserialize(&mut de)
    .and_then(|s| de.end().map(|()| s));
    let Reader {
        history,
        errors,
        unknown,
        issues,
        ..
    } = reader;
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            let place = if e.line() > 0 {
                Place::Position(e.line(), e.column())
            } else {
                Place::File
            };
            errors.push(InputError::new(
                path,
                place,
                "",
                format!("{NOT_A_SEARCH}: {e}"),
            ));
            return;
        }
    };
    if !summary.has_issues {
        errors.push(InputError::whole(
            path,
            format!("{NOT_A_SEARCH}: the top level has no \"issues\" list"),
        ));
        return;
    }
    if issues == 0 {
        errors.push(InputError::whole(
            path,
            "the export is empty: \"issues\" holds no issue",
        ));
        return;
    }
    if let Some(total) = summary.total {
        let end = summary.start_at.unwrap_or(0) + issues;
        if total > end {
            history.notes.push(format!(
                "{} holds issues {} to {end} of the {total} the search found (one page): the \
                 rest are not in the fit",
                path.display(),
                summary.start_at.unwrap_or(0) + 1
            ));
        }
    }
    for stage in options.stages.stages() {
        history.recorded[stage.index()] = true;
    }
    for (status, u) in unknown {
        let others = if u.issues > 1 {
            format!(" ({} issues have it)", u.issues)
        } else {
            String::new()
        };
        errors.push(InputError::new(
            path,
            Place::Issue(u.key),
            u.field,
            format!(
                "status \"{status}\" is not in --stages ({}){others}; map it to a stage, e.g. \
                 --stages \"{},{status}=work\"",
                options.stages.describe(),
                options.stages.describe()
            ),
        ));
    }
}

/// Reads issues one at a time as the JSON is parsed, so that no issue outlives its
/// own reading.
struct Reader<'r> {
    path: &'r Path,
    options: &'r ReadOptions,
    history: &'r mut History,
    errors: &'r mut Vec<InputError>,
    unknown: Vec<(String, Unknown)>,
    visits: Vec<Visit>,
    issues: u64,
    /// Too many groups: the rest of the issues are not read.
    stopped: bool,
}

impl Reader<'_> {
    fn issue(&mut self, index: usize, issue: &RawIssue) {
        self.issues += 1;
        let Reader {
            path,
            options,
            history,
            errors,
            unknown,
            visits,
            stopped,
            ..
        } = self;
        let (path, options) = (*path, *options);
        if *stopped {
            return;
        }
        let mut changes: Vec<(Stamp, usize, usize, &str, &str)> = Vec::new();
        let key = match issue.key.as_deref().map(str::trim) {
            Some(k) if !k.is_empty() => k.to_string(),
            _ => {
                errors.push(InputError::new(
                    path,
                    Place::Issue(format!("#{} (issues[{index}])", index + 1)),
                    "key",
                    "the issue has no key",
                ));
                return;
            }
        };
        let here = || Place::Issue(key.clone());
        let mut fail = |field: &str, message: String| {
            errors.push(InputError::new(path, here(), field, message));
        };
        if !history.claim_id(&key) {
            fail(
                "key",
                format!(
                    "issue key \"{key}\" appears twice; keys must be unique across the exports"
                ),
            );
            return;
        }
        let Some(fields) = &issue.fields else {
            fail(
                "fields",
                "missing; an issue of a search result has fields".into(),
            );
            return;
        };
        let created = match fields.get("created").map(|raw| string(raw)) {
            Some(Some(text)) => match Stamp::parse(&text) {
                Ok((at, has_time)) => {
                    history.dates_only |= !has_time;
                    at
                }
                Err(msg) => {
                    fail("fields.created", msg);
                    return;
                }
            },
            Some(None) => {
                fail("fields.created", "is not a date string".into());
                return;
            }
            None => {
                fail(
                    "fields.created",
                    "missing; the creation date is the request's arrival".into(),
                );
                return;
            }
        };
        let Some(changelog) = &issue.changelog else {
            fail(
                "changelog",
                "missing; export the search with expand=changelog".into(),
            );
            return;
        };
        let histories = changelog.histories.as_deref().unwrap_or(&[]);

        changes.clear();
        let mut issue_ok = true;
        for (h, history_entry) in histories.iter().enumerate() {
            let status_items = history_entry
                .items
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.field
                        .as_deref()
                        .is_some_and(|f| f.eq_ignore_ascii_case("status"))
                });
            let mut at = None;
            for (i, change) in status_items {
                let when = match at {
                    Some(when) => when,
                    None => {
                        let field = format!("changelog.histories[{h}].created");
                        let parsed = match history_entry.created.as_deref() {
                            None => Err("missing; every change needs its date".to_string()),
                            Some(text) => Stamp::parse(text).map(|(s, has_time)| {
                                history.dates_only |= !has_time;
                                s
                            }),
                        };
                        match parsed {
                            Ok(when) if when < created => {
                                fail(
                                    &field,
                                    format!(
                                        "{when} is before the issue was created ({created}); a \
                                         status changes after its issue exists"
                                    ),
                                );
                                issue_ok = false;
                                break;
                            }
                            Ok(when) => {
                                at = Some(when);
                                when
                            }
                            Err(msg) => {
                                fail(&field, msg);
                                issue_ok = false;
                                break;
                            }
                        }
                    }
                };
                let (Some(from), Some(to)) = (change.from.as_deref(), change.to.as_deref()) else {
                    fail(
                        &format!("changelog.histories[{h}].items[{i}]"),
                        "a status change needs fromString and toString".into(),
                    );
                    return;
                };
                changes.push((when, h, i, from, to));
            }
        }
        if !issue_ok {
            return;
        }
        // Jira lists histories oldest first, but a merged or hand-made export may not.
        changes.sort_by_key(|c| c.0);

        let initial = match changes.first() {
            Some(&(_, h, i, from, _)) => (
                from.to_string(),
                format!("changelog.histories[{h}].items[{i}].fromString"),
            ),
            None => match fields.get("status").and_then(|raw| named(raw)) {
                Some(name) => (name, "fields.status.name".to_string()),
                None => {
                    fail("fields.status", "missing, and the changelog has no status change; where the issue stands is unknown".into());
                    return;
                }
            },
        };
        visits.clear();
        let mut statuses = vec![(created, initial.0, initial.1)];
        statuses.extend(changes.iter().map(|&(at, h, i, _, to)| {
            (
                at,
                to.to_string(),
                format!("changelog.histories[{h}].items[{i}].toString"),
            )
        }));
        for (at, status, field) in statuses {
            match options.stages.stage_of(&status) {
                Some(stage) => visits.push(Visit { stage, at }),
                None => {
                    issue_ok = false;
                    match unknown.iter_mut().find(|u| u.0 == status) {
                        Some((_, u)) if u.key != key => u.issues += 1,
                        Some(_) => {}
                        None => unknown.push((
                            status,
                            Unknown {
                                key: key.clone(),
                                field,
                                issues: 1,
                            },
                        )),
                    }
                }
            }
        }
        if !issue_ok {
            return;
        }
        let group_name = match &options.group_by {
            None => ALL_ITEMS.to_string(),
            Some(name) => fields
                .get(name.as_str())
                .and_then(|raw| named(raw))
                .unwrap_or_else(|| NO_GROUP.to_string()),
        };
        let Some(group) = history.group(&group_name) else {
            errors.push(InputError::new(
                path,
                here(),
                format!("fields.{}", options.group_by.as_deref().unwrap_or("")),
                format!("--group-by makes more than {MAX_GROUPS} stakeholder groups; group by a field with fewer values"),
            ));
            *stopped = true;
            return;
        };
        let truncated = changelog.total.is_some_and(|t| t > histories.len() as u64);
        if truncated {
            history.push_partial(&key, group, created, visits);
        } else {
            history.push(&key, group, created, visits);
        }
    }
}

/// What the top level says besides the issues.
#[derive(Default)]
struct Summary {
    has_issues: bool,
    total: Option<u64>,
    start_at: Option<u64>,
}

/// The top-level object of a search result, its issues handed to the reader.
struct Top<'a, 'r> {
    reader: &'a mut Reader<'r>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = Summary;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Summary, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = Summary;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Jira search result object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Summary, A::Error> {
        let mut summary = Summary::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "issues" => {
                    map.next_value_seed(Issues {
                        reader: &mut *self.reader,
                    })?;
                    summary.has_issues = true;
                }
                "total" => summary.total = map.next_value()?,
                "startAt" => summary.start_at = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(summary)
    }
}

/// The `issues` list, read one issue at a time.
struct Issues<'a, 'r> {
    reader: &'a mut Reader<'r>,
}

impl<'de> DeserializeSeed<'de> for Issues<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Issues<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of issues")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(issue) = seq.next_element::<RawIssue<'de>>()? {
            self.reader.issue(index, &issue);
            index += 1;
        }
        Ok(())
    }
}

/// A JSON string's text.
fn string(raw: &RawValue) -> Option<String> {
    serde_json::from_str::<String>(raw.get()).ok()
}

/// The name a person reads for a field's value: a string, or an object's `name`,
/// `value`, `displayName` or `key`, or the first of a list of those. `None` for null,
/// an empty list or anything else.
fn named(raw: &RawValue) -> Option<String> {
    fn of(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Object(map) => ["name", "value", "displayName", "key"]
                .iter()
                .find_map(|k| map.get(*k).and_then(of)),
            serde_json::Value::Array(list) => list.first().and_then(of),
            _ => None,
        }
    }
    of(&serde_json::from_str(raw.get()).ok()?)
}
