//! Reader of the stage-dates CSV, the interchange format of flow-metrics tools:
//! `ID`, `Title`, one column per workflow stage in order holding the date the item
//! entered it (empty when not reached), then attribute columns.
//!
//! The stage columns are the columns named in `--stages` (or, without it, named as
//! orgsim's stages); every column between the first and the last of them must be one.
//! A row's dates must not go back in time from one stage column to the next. The row
//! numbers of messages are the file's line numbers (the header is line 1).
//!
//! A blocked column is checked but not used: it holds the first block's date only, so
//! the time from work to the next stage counts as work, blocks included.

use super::clock::Stamp;
use super::error::{InputError, Place};
use super::history::{History, Visit, ALL_ITEMS, MAX_GROUPS, NO_GROUP};
use super::stage::Stage;
use super::ReadOptions;
use std::path::Path;

/// The header's columns that matter.
struct Layout {
    id: usize,
    /// (column, header as written, stage), in column order.
    stages: Vec<(usize, String, Stage)>,
    group: Option<usize>,
    columns: usize,
}

/// Reads one stage-dates CSV into `history`, collecting every problem into `errors`.
pub fn read(
    text: &str,
    path: &Path,
    options: &ReadOptions,
    history: &mut History,
    errors: &mut Vec<InputError>,
) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => {
            errors.push(csv_error(path, &e));
            return;
        }
    };
    if header.iter().all(String::is_empty) {
        errors.push(InputError::whole(
            path,
            "the export is empty; a stage-dates CSV has a header row (ID, Title, a date \
             column per stage, attributes) and one row per item",
        ));
        return;
    }
    let Some(layout) = layout(&header, path, options, errors) else {
        return;
    };
    for (_, name, stage) in &layout.stages {
        if *stage == Stage::Blocked {
            history.notes.push(format!(
                "{}: column \"{name}\" holds one date per item, so time blocked cannot be told \
                 from time worked: it counts as work, and no decision wait is fitted from it",
                path.display()
            ));
        } else {
            history.recorded[stage.index()] = true;
        }
    }

    let mut record = csv::StringRecord::new();
    let mut visits: Vec<Visit> = Vec::with_capacity(layout.stages.len());
    let mut rows = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(csv_error(path, &e));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let here = Place::Line(line);
        if record.len() != layout.columns {
            errors.push(InputError::new(
                path,
                here,
                "",
                format!(
                    "the row has {} cells, the header {}; quote cells that hold commas",
                    record.len(),
                    layout.columns
                ),
            ));
            continue;
        }
        let id = record[layout.id].trim();
        if id.is_empty() {
            errors.push(InputError::new(
                path,
                here,
                "column \"ID\"",
                "the ID is empty; every item needs one",
            ));
            continue;
        }
        if !history.claim_id(id) {
            errors.push(InputError::new(
                path,
                here,
                "column \"ID\"",
                format!("ID \"{id}\" is used by another item already; IDs must be unique across the exports"),
            ));
            continue;
        }
        visits.clear();
        let mut row_ok = true;
        let mut previous: Option<(Stamp, &str)> = None;
        for (column, name, stage) in &layout.stages {
            let cell = record[*column].trim();
            if cell.is_empty() {
                continue;
            }
            let field = format!("column \"{name}\"");
            let at = match Stamp::parse(cell) {
                Ok((at, has_time)) => {
                    history.dates_only |= !has_time;
                    at
                }
                Err(msg) => {
                    errors.push(InputError::new(path, here.clone(), field, msg));
                    row_ok = false;
                    continue;
                }
            };
            if let Some((before, before_name)) = previous {
                if at < before {
                    errors.push(InputError::new(
                        path,
                        here.clone(),
                        field,
                        format!(
                            "{at} is before \"{before_name}\" ({before}); an item enters the \
                             stage columns in their order"
                        ),
                    ));
                    row_ok = false;
                }
            }
            previous = Some((at, name));
            // One date cannot say how blocks and work alternate (see the note above).
            if *stage != Stage::Blocked {
                visits.push(Visit { stage: *stage, at });
            }
        }
        if !row_ok {
            continue;
        }
        let Some(first) = visits.first() else {
            history.count_unusable("no stage date", path, here);
            continue;
        };
        let group_name = match layout.group {
            Some(c) if !record[c].trim().is_empty() => record[c].trim(),
            Some(_) => NO_GROUP,
            None => ALL_ITEMS,
        };
        let Some(group) = history.group(group_name) else {
            errors.push(InputError::new(
                path,
                here,
                format!("column \"{}\"", header[layout.group.unwrap_or(0)]),
                format!(
                    "--group-by makes more than {MAX_GROUPS} stakeholder groups; group by a \
                     column with fewer values"
                ),
            ));
            return;
        };
        history.push(id, group, first.at, &visits);
    }
    if rows == 0 {
        errors.push(InputError::whole(
            path,
            "the export is empty: it has a header but no item rows",
        ));
    }
}

/// Finds the ID, stage and group columns, or says what is missing.
fn layout(
    header: &[String],
    path: &Path,
    options: &ReadOptions,
    errors: &mut Vec<InputError>,
) -> Option<Layout> {
    let here = || Place::Line(1);
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let shown = header.join(", ");
    let before = errors.len();
    let id = find("ID");
    for needed in ["ID", "Title"] {
        if find(needed).is_none() {
            errors.push(InputError::new(
                path,
                here(),
                "",
                format!(
                    "missing column \"{needed}\" (the header is: {shown}); a stage-dates CSV \
                     starts with ID, Title, then one date column per stage"
                ),
            ));
        }
    }
    let stages: Vec<(usize, String, Stage)> = header
        .iter()
        .enumerate()
        .filter(|(c, _)| Some(*c) != id && Some(*c) != find("Title"))
        .filter_map(|(c, h)| options.stages.stage_of(h).map(|s| (c, h.clone(), s)))
        .collect();
    if options.stages.is_given() {
        for name in options.stages.names() {
            if find(name).is_none() {
                errors.push(InputError::new(
                    path,
                    here(),
                    "",
                    format!("missing column \"{name}\" named in --stages (the header is: {shown})"),
                ));
            }
        }
    }
    for needed in [Stage::Work, Stage::Done] {
        if !stages.iter().any(|s| s.2 == needed) && !options.stages.is_given() {
            errors.push(InputError::new(
                path,
                here(),
                "",
                format!(
                    "no column maps to the {needed} stage (the header is: {shown}); name the \
                     stage columns with --stages, e.g. --stages \"Backlog=backlog,In \
                     Progress=work,Done=done\""
                ),
            ));
        }
    }
    if let (Some(first), Some(last)) = (stages.first(), stages.last()) {
        for (c, h) in header.iter().enumerate().take(last.0).skip(first.0 + 1) {
            if !stages.iter().any(|s| s.0 == c) {
                errors.push(InputError::new(
                    path,
                    here(),
                    format!("column {} \"{h}\"", c + 1),
                    format!(
                        "stands among the stage columns but is not in --stages ({}); map it to \
                         a stage or move it after the last stage column",
                        options.stages.describe()
                    ),
                ));
            }
        }
    }
    let group = match &options.group_by {
        None => None,
        Some(name) => match find(name) {
            Some(c) if stages.iter().any(|s| s.0 == c) => {
                errors.push(InputError::new(
                    path,
                    here(),
                    format!("column \"{name}\""),
                    "--group-by names a stage column; group by an attribute (type, label, requester)",
                ));
                None
            }
            Some(c) => Some(c),
            None => {
                let last_stage = stages.last().map_or(0, |s| s.0);
                let attributes: Vec<&str> = header
                    .iter()
                    .skip(last_stage + 1)
                    .map(String::as_str)
                    .collect();
                errors.push(InputError::new(
                    path,
                    here(),
                    "",
                    format!(
                        "missing column \"{name}\" named by --group-by; the attribute columns are: {}",
                        if attributes.is_empty() { "none".to_string() } else { attributes.join(", ") }
                    ),
                ));
                None
            }
        },
    };
    if errors.len() > before {
        return None;
    }
    Some(Layout {
        id: id?,
        stages,
        group,
        columns: header.len(),
    })
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let place = e.position().map_or(Place::File, |p| Place::Line(p.line()));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the row is not UTF-8 text; save the export as UTF-8".to_string()
        }
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("not a readable CSV row: {e}"),
    };
    InputError::new(path, place, "", message)
}
