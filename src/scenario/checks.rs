//! Checks across tables, once a structure is read: who holds which duty (coverage),
//! whether work comes in and goes to squads that exist (stakeholders), whether every
//! role has a cost (costs), that names are unique, and that a team is not larger than
//! a run can hold (team size).
//!
//! Each check reports through the reader, pointing where a person would fix the file.
//! None of them changes what was read.

use super::raw::Span;
use super::reader::{suggest, word_list, Part, Reader};
use super::schema::{self, team, MAX_DEVELOPERS};
use super::types::{Duty, Staffing, StakeholderGroup, Structure, Team, Work};
use super::validate::{Costs, Groups, PeopleEntry};

/// Reports `name` if an earlier entry of the same list has it: at `at`, in `field`.
pub(crate) fn unique_name(
    reader: &mut Reader<'_>,
    what: &str,
    name: &str,
    at: &Span,
    field: String,
    earlier: &[(&str, &Span)],
) {
    if let Some((_, first)) = earlier.iter().find(|(other, _)| *other == name) {
        let msg = format!(
            "duplicate {what} name \"{name}\" (first at line {})",
            reader.line_of(first)
        );
        reader.report(at.clone(), field, msg);
    }
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

/// Per-squad duties that work needs in this structure, with why. Answers, escalations,
/// acceptance and refinement exist only where items can: with `unlimited_backlog`, or
/// when some group sends requests that triage can accept.
fn needed_per_squad(w: &Work, items_possible: bool) -> Vec<(Duty, &'static str)> {
    let skipped = w.duties_taking_no_time();
    // (duty, whether its work can arise at all, why it is needed), in report order.
    let duties = [
        (
            Duty::Ceremony,
            true,
            "ceremony_hours_per_week is not always 0",
        ),
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

/// Every (duty, squad) that work needs must have someone eligible (docs/model.md §9).
/// Reported at `at`, the structure's `people` (span and field path).
pub(crate) fn coverage(
    reader: &mut Reader<'_>,
    structure: &Structure,
    groups: &[(StakeholderGroup, Span)],
    at: &(Span, String),
) {
    // A group whose triage takes no time needs nobody to triage it.
    let needs_triage = groups.iter().any(|(g, _)| !g.triage_hours.is_zero());
    // With every request rejected (accept_share 0) no item ever exists.
    let items_possible = structure.work.unlimited_backlog
        || groups
            .iter()
            .any(|(g, _)| g.accept_share > 0.0 && g.requests_per_week > 0.0);
    let squads = structure.team.squads;
    let holds = |duty: Duty, squad: u32| {
        structure
            .people
            .iter()
            .any(|g| g.duties.contains(duty) && covers(g.staffing, squad, squads))
    };
    for (duty, why) in needed_per_squad(&structure.work, items_possible) {
        let missing: Vec<String> = (0..squads)
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
            structure.name,
            word_list(&shown, "or")
        );
        reader.report(at.0.clone(), at.1.clone(), msg);
    }
    let mut team_wide = Vec::new();
    if needs_triage && !structure.work.unlimited_backlog {
        team_wide.push((Duty::Triage, "stakeholders send requests to triage"));
    }
    if structure
        .discovery
        .as_ref()
        .is_some_and(|d| d.target_share > 0.0)
    {
        team_wide.push((Duty::Discovery, "[discovery] sets a target_share above 0"));
    }
    for (duty, why) in team_wide {
        if !structure.people.iter().any(|g| g.duties.contains(duty)) {
            let msg = format!(
                "nobody in structure \"{}\" holds the {duty} duty, yet {why}; add \"{duty}\" to someone's duties",
                structure.name
            );
            reader.report(at.0.clone(), at.1.clone(), msg);
        }
    }
}

/// Stakeholders are needed without `unlimited_backlog`, and their squads must exist.
pub(crate) fn stakeholders(reader: &mut Reader<'_>, structure: &Structure, groups: &Groups) {
    if structure.work.unlimited_backlog {
        return;
    }
    if groups.entries == 0 {
        // The same words for every structure, so the report shows it once.
        let msg = "no work comes in: add a [[stakeholders]] group, or set unlimited_backlog = true in [work]";
        reader.report(groups.span.clone(), "stakeholders", msg);
    }
    for (i, (group, span)) in groups.read.iter().enumerate() {
        if let Some(squad) = group.squad {
            if squad >= structure.team.squads {
                let msg = format!(
                    "squad must be below the number of squads ({}) in structure \"{}\", got {squad}; squads count from 0",
                    structure.team.squads, structure.name
                );
                reader.report(span.clone(), format!("stakeholders[{i}].squad"), msg);
            }
        }
    }
}

/// With `[costs]`, every role of a structure must have a yearly cost there.
pub(crate) fn role_costs(reader: &mut Reader<'_>, people: &[PeopleEntry], costs: &Costs) {
    for entry in people {
        let role = &entry.group.role;
        if costs.of(role).is_some() {
            continue;
        }
        let value = schema::costs::VALUE.name;
        if role == value {
            let msg = format!(
                "role \"{value}\" cannot be given a yearly cost: `{value}` in [costs] is the money \
                 per unit of delivered value; name the role otherwise"
            );
            reader.report(entry.role_span.clone(), entry.role_path.clone(), msg);
            continue;
        }
        let mut msg = format!(
            "role \"{role}\" has no yearly cost in [costs]; add `\"{role}\" = …` there or remove [costs]"
        );
        let roles = costs.by_role.iter().map(|(r, _)| r.as_str());
        if let Some(s) = suggest(role, roles) {
            msg.push_str(&format!(" (did you mean \"{s}\"?)"));
        }
        reader.report(entry.role_span.clone(), entry.role_path.clone(), msg);
    }
}

/// A structure's developers, `squads × devs_per_squad`, must be at most
/// [`MAX_DEVELOPERS`]. Reported at the value of the two the file writes last (a
/// structure's own over the top level's; `devs_per_squad` before `squads`), where the
/// team was read from `parts`.
pub(crate) fn team_size(reader: &mut Reader<'_>, team: &Team, parts: &[Part<'_>]) {
    let developers = i64::from(team.squads) * i64::from(team.devs_per_squad);
    if developers <= MAX_DEVELOPERS {
        return;
    }
    let written = [team::DEVS_PER_SQUAD.name, team::SQUADS.name]
        .into_iter()
        .find_map(|key| {
            parts.iter().rev().find_map(|part| {
                let entry = part.table.get(key)?;
                Some((
                    entry.value.span.clone(),
                    super::reader::join(&part.prefix, key),
                ))
            })
        });
    let Some((span, field)) = written else {
        return;
    };
    let msg = format!(
        "a structure may have at most {MAX_DEVELOPERS} developers, got {developers} \
         ({} squads of {}); a team that large is more likely a slip than a plan",
        team.squads, team.devs_per_squad
    );
    reader.report(span, field, msg);
}
