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
    /// The last issue counted, so that an issue counts once.
    last_key: String,
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
    /// The current issue's visits, reused.
    visits: Vec<Visit>,
    /// Issues seen.
    issues: u64,
    /// Too many groups: the rest of the issues are not read.
    stopped: bool,
}

/// A problem of one issue: the field and the message.
type Problem = (String, String);

/// One status change of an issue: when, where in the changelog, from and to.
struct Change<'a> {
    at: Stamp,
    history: usize,
    item: usize,
    from: &'a str,
    to: &'a str,
}

impl Change<'_> {
    fn field(&self, end: &str) -> String {
        format!(
            "changelog.histories[{}].items[{}].{end}",
            self.history, self.item
        )
    }
}

impl Reader<'_> {
    /// Reads one issue into the history, or records why it cannot be.
    fn issue(&mut self, index: usize, issue: &RawIssue) {
        self.issues += 1;
        if self.stopped {
            return;
        }
        let key = match issue.key.as_deref().map(str::trim) {
            Some(k) if !k.is_empty() => k.to_string(),
            _ => {
                let place = Place::Issue(format!("#{} (issues[{index}])", index + 1));
                let error = InputError::new(self.path, place, "key", "the issue has no key");
                self.errors.push(error);
                return;
            }
        };
        if let Err((field, message)) = self.keyed_issue(&key, issue) {
            let error = InputError::new(self.path, Place::Issue(key), field, message);
            self.errors.push(error);
        }
    }

    fn keyed_issue(&mut self, key: &str, issue: &RawIssue) -> Result<(), Problem> {
        let problem = |field: &str, message: &str| (field.to_string(), message.to_string());
        if !self.history.claim_id(key) {
            let msg = format!(
                "issue key \"{key}\" appears twice; keys must be unique across the exports"
            );
            return Err(("key".into(), msg));
        }
        let fields = issue
            .fields
            .as_ref()
            .ok_or_else(|| problem("fields", "missing; an issue of a search result has fields"))?;
        let created = match fields.get("created").map(|raw| string(raw)) {
            Some(Some(text)) => self
                .stamp(&text)
                .map_err(|m| ("fields.created".to_string(), m))?,
            Some(None) => return Err(problem("fields.created", "is not a date string")),
            None => {
                return Err(problem(
                    "fields.created",
                    "missing; the creation date is the request's arrival",
                ))
            }
        };
        let changelog = issue.changelog.as_ref().ok_or_else(|| {
            problem(
                "changelog",
                "missing; export the search with expand=changelog",
            )
        })?;
        let histories = changelog.histories.as_deref().unwrap_or(&[]);
        let changes = self.status_changes(histories, created)?;

        // Where the issue stood at its creation: what its first change left, or, with
        // no change, where it stands now.
        let (initial, initial_field) = match changes.first() {
            Some(first) => (first.from.to_string(), first.field("fromString")),
            None => {
                let name = fields.get("status").and_then(|raw| named(raw)).ok_or_else(|| {
                    problem(
                        "fields.status",
                        "missing, and the changelog has no status change; where the issue stands is unknown",
                    )
                })?;
                (name, "fields.status.name".to_string())
            }
        };
        let statuses = std::iter::once((created, initial, initial_field)).chain(
            changes
                .iter()
                .map(|c| (c.at, c.to.to_string(), c.field("toString"))),
        );
        self.visits.clear();
        let mut known = true;
        for (at, status, field) in statuses {
            match self.options.stages.stage_of(&status) {
                Some(stage) => self.visits.push(Visit { stage, at }),
                None => {
                    known = false;
                    self.unknown_status(status, key, field);
                }
            }
        }
        if !known {
            // Reported once per status name, after the whole file.
            return Ok(());
        }
        let group_name = match &self.options.group_by {
            None => ALL_ITEMS.to_string(),
            Some(name) => fields
                .get(name.as_str())
                .and_then(|raw| named(raw))
                .unwrap_or_else(|| NO_GROUP.to_string()),
        };
        let Some(group) = self.history.group(&group_name) else {
            self.stopped = true;
            return Err((
                format!("fields.{}", self.options.group_by.as_deref().unwrap_or("")),
                format!(
                    "--group-by makes more than {MAX_GROUPS} stakeholder groups; group by a field \
                     with fewer values"
                ),
            ));
        };
        let truncated = changelog.total.is_some_and(|t| t > histories.len() as u64);
        if truncated {
            // The changes given are not all: only where the issue stands now is sure
            // (its status, else its last change given).
            let now = fields
                .get("status")
                .and_then(|raw| named(raw))
                .and_then(|name| self.options.stages.stage_of(&name))
                .or(self.visits.last().map(|v| v.stage));
            let visits: Vec<Visit> = now
                .map(|stage| Visit { stage, at: created })
                .into_iter()
                .collect();
            self.history.push_partial(key, group, created, &visits);
        } else {
            self.history.push(key, group, created, &self.visits);
        }
        Ok(())
    }

    /// The status changes of a changelog, in time order; each must come after the
    /// issue's creation.
    fn status_changes<'a>(
        &mut self,
        histories: &'a [RawHistory<'a>],
        created: Stamp,
    ) -> Result<Vec<Change<'a>>, Problem> {
        let mut changes = Vec::new();
        for (h, entry) in histories.iter().enumerate() {
            let items = entry.items.as_deref().unwrap_or(&[]);
            let is_status = |c: &RawChange| {
                c.field
                    .as_deref()
                    .is_some_and(|f| f.eq_ignore_ascii_case("status"))
            };
            if !items.iter().any(is_status) {
                continue;
            }
            let field = format!("changelog.histories[{h}].created");
            let text = entry.created.as_deref().ok_or_else(|| {
                (
                    field.clone(),
                    "missing; every change needs its date".to_string(),
                )
            })?;
            let at = self.stamp(text).map_err(|m| (field.clone(), m))?;
            if at < created {
                let msg = format!(
                    "{at} is before the issue was created ({created}); a status changes after \
                     its issue exists"
                );
                return Err((field, msg));
            }
            for (i, change) in items.iter().enumerate().filter(|(_, c)| is_status(c)) {
                let (Some(from), Some(to)) = (change.from.as_deref(), change.to.as_deref()) else {
                    return Err((
                        format!("changelog.histories[{h}].items[{i}]"),
                        "a status change needs fromString and toString".into(),
                    ));
                };
                changes.push(Change {
                    at,
                    history: h,
                    item: i,
                    from,
                    to,
                });
            }
        }
        // Jira lists histories oldest first, but a merged or hand-made export may not.
        changes.sort_by_key(|c| c.at);
        Ok(changes)
    }

    /// Reads a stamp, noting whether the exports hold dates without times.
    fn stamp(&mut self, text: &str) -> Result<Stamp, String> {
        let (at, has_time) = Stamp::parse(text)?;
        self.history.dates_only |= !has_time;
        Ok(at)
    }

    /// Remembers a status not in the stage map: where first seen, in how many issues.
    fn unknown_status(&mut self, status: String, key: &str, field: String) {
        match self.unknown.iter_mut().find(|u| u.0 == status) {
            Some((_, u)) if u.last_key != key => {
                u.issues += 1;
                u.last_key = key.to_string();
            }
            Some(_) => {}
            None => self.unknown.push((
                status,
                Unknown {
                    key: key.to_string(),
                    field,
                    issues: 1,
                    last_key: key.to_string(),
                },
            )),
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
