//! How product people spend the week: each person's time by activity (every duty,
//! switching and idle), stacked, one bar per person, or per role in large
//! structures.

use super::figure::{draw_err, entry, num, text, Figure, Table};
use super::notes;
use crate::model::Activity;
use crate::output::html::charts::{self, Frame};
use crate::output::html::data::{Person, PointData, ScenarioData};
use crate::output::html::palette::{self, colour, PALETTE};
use crate::output::html::text::pct;
use crate::output::html::ReportError;
use crate::scenario::Duty;
use plotters::style::RGBColor;

/// People of a structure drawn one by one up to this many; beyond, one bar per
/// role (the mean of its people), so that a hundred squads do not draw a hundred bars.
const MAX_PEOPLE: usize = 12;

/// The colour of a duty's time.
fn duty_colour(duty: Duty) -> RGBColor {
    match duty {
        Duty::Triage => PALETTE[1],
        Duty::Discovery => PALETTE[2],
        Duty::Escalation => PALETTE[4],
        Duty::Answer => PALETTE[0],
        Duty::Refine => PALETTE[5],
        Duty::Accept => PALETTE[3],
        Duty::Ceremony => PALETTE[6],
    }
}

/// The activities of `people.csv` in the order drawn, with their colours: the duties
/// in [`Duty::ALL`] order, then switching, then idle (grey, so that work stands out).
fn activities_in_order() -> impl Iterator<Item = (&'static str, RGBColor)> {
    Duty::ALL
        .into_iter()
        .map(|duty| (duty.name(), duty_colour(duty)))
        .chain([
            (Activity::Switching.name(), palette::SWITCHING),
            (Activity::Idle.name(), palette::IDLE),
        ])
}

/// One bar of the people chart: a person, or the mean of the people of a role.
struct Bar {
    label: String,
    structure: String,
    who: String,
    role: String,
    /// Mean share of the window per activity, in the order of the point's activities.
    shares: Vec<f64>,
}

/// Stacked bars of each product person's time by activity, idle included.
pub(super) fn section(
    out: &mut String,
    scenario: &ScenarioData,
    point: &PointData,
) -> Result<(), ReportError> {
    // The activities of this point, in the order drawn, then any other in order of
    // first appearance, in the palette's colours. The shares are of time at work and
    // add up to 1 without `away`, whose share is of the window: it is not stacked.
    let mut seen: Vec<&str> = Vec::new();
    let mut someone_away = false;
    for people in point.people.values() {
        for person in &people.persons {
            for (activity, _) in &person.activities {
                if activity == Activity::Away.name() {
                    someone_away = true;
                } else if !seen.contains(&activity.as_str()) {
                    seen.push(activity);
                }
            }
        }
    }
    if seen.is_empty() {
        out.push_str("<p class=\"note\">No product person in people.csv.</p>\n");
        return Ok(());
    }
    let mut activities: Vec<(String, RGBColor)> = activities_in_order()
        .filter(|(activity, _)| seen.contains(activity))
        .map(|(activity, c)| (activity.to_string(), c))
        .collect();
    let mut extra = 0;
    for activity in &seen {
        if !activities_in_order().any(|(known, _)| known == *activity) {
            activities.push((activity.to_string(), colour(extra)));
            extra += 1;
        }
    }

    let mut bars: Vec<Bar> = Vec::new();
    for k in 0..scenario.structures.len() {
        let structure = &notes::label(scenario, point, k);
        let Some(people) = point.people.get(&k) else {
            continue;
        };
        let trials = people.trials.max(1) as f64;
        let share = |person: &Person, activity: &str| {
            person
                .activities
                .iter()
                .find(|(name, _)| name == activity)
                .map_or(0.0, |(_, sum)| sum / trials)
        };
        if people.persons.len() <= MAX_PEOPLE {
            for person in &people.persons {
                bars.push(Bar {
                    label: format!("{structure}: {}", person.name),
                    structure: structure.clone(),
                    who: person.name.clone(),
                    role: person.role.clone(),
                    shares: activities.iter().map(|(a, _)| share(person, a)).collect(),
                });
            }
        } else {
            let mut roles: Vec<&str> = Vec::new();
            for person in &people.persons {
                if !roles.contains(&person.role.as_str()) {
                    roles.push(&person.role);
                }
            }
            for role in roles {
                let members: Vec<&Person> =
                    people.persons.iter().filter(|x| x.role == role).collect();
                let count = members.len() as f64;
                bars.push(Bar {
                    label: format!("{structure}: {role} ×{}", members.len()),
                    structure: structure.clone(),
                    who: format!("mean of {} {role}", members.len()),
                    role: role.to_string(),
                    shares: activities
                        .iter()
                        .map(|(a, _)| members.iter().map(|x| share(x, a)).sum::<f64>() / count)
                        .collect(),
                });
            }
        }
    }
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let parts: Vec<Vec<f64>> = bars
        .iter()
        .map(|b| b.shares.iter().map(|v| v * 100.0).collect())
        .collect();
    let colours: Vec<RGBColor> = activities.iter().map(|x| x.1).collect();
    let frame = Frame {
        title: "Product people's time by activity",
        x_desc: "% of the time at work, mean over trials",
        y_desc: "structure: person",
        categories: &labels,
        width: charts::WIDE,
    };
    let svg = charts::stacked(&frame, &parts, &colours, Some(100.0))
        .map_err(|e| draw_err(frame.title, e))?;
    let mut head = vec!["structure", "person", "role"];
    head.extend(activities.iter().map(|(a, _)| a.as_str()));
    let mut table = Table::new(&head);
    for bar in &bars {
        let mut row = vec![text(&bar.structure), text(&bar.who), text(&bar.role)];
        row.extend(bar.shares.iter().map(|&v| num(pct(v))));
        table.rows.push(row);
    }
    let by_role = if bars.iter().any(|b| b.who.starts_with("mean of")) {
        format!(
            "Structures with more than {MAX_PEOPLE} people show one bar per role, the mean of \
             its people."
        )
    } else {
        String::new()
    };
    let away = if someone_away {
        "Time away (part-time, absences, before joining or after leaving) is not drawn: \
         people.csv has it."
    } else {
        ""
    };
    Figure {
        chart: "people",
        title: "How each product person spends the week".to_string(),
        how: [
            "Share of each person's time at work per activity, mean over trials; grey is \
             idle time.",
            away,
            &by_role,
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" "),
        legend: activities.iter().map(|(a, c)| entry(a, *c)).collect(),
        svgs: vec![svg],
        tables: vec![table],
        first_tall: false,
    }
    .write(out);
    Ok(())
}
