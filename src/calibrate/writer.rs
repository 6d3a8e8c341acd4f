//! Writes the calibrated scenario: TOML text whose every fitted value carries its
//! evidence in a comment (items used, censored items, date span, fit distance), whose
//! every assumed value says it is assumed and on what basis, and whose assumptions
//! have ranges in a live `[uncertainty]` table, so that `orgsim run` says which of them
//! decides the verdict. Also the empirical file of observed efforts.
//!
//! What the data cannot separate is said, not hidden: the time an item spends in the
//! refine, blocked or accept stage is waiting *and* hands-on time, so the hours fitted
//! to it are an upper bound on what the product person spends; the range under
//! `[uncertainty]` runs from the assumed hands-on time to the fitted one.

use super::clock::WorkingClock;
use super::evidence::{Evidence, StageEvidence};
use super::fit::Fit;
use super::structures::StructureKind;
use std::fmt::Write;
use std::path::PathBuf;

/// What the scenario describes beyond the history.
#[derive(Debug, Clone)]
pub struct ScenarioOptions {
    /// The scenario's name.
    pub name: String,
    /// The structure the team has.
    pub structure: StructureKind,
    /// Squads of the team.
    pub squads: u32,
    /// Developers per squad; `None` to estimate from the history.
    pub devs_per_squad: Option<u32>,
    /// File name of the empirical effort file, beside the scenario.
    pub effort_file: String,
    /// The exports, for the header.
    pub sources: Vec<PathBuf>,
}

/// The written files' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The scenario, TOML.
    pub scenario: String,
    /// The observed efforts, one a line under a header.
    pub effort_csv: String,
    /// Developers per squad written (given or estimated).
    pub devs_per_squad: u32,
    /// How many assumptions the scenario gives a range under `[uncertainty]`.
    pub assumptions: usize,
}

/// Column at which trailing comments start, where the line is short enough.
const COMMENT_COLUMN: usize = 44;

/// `[uncertainty] samples` written when the ranges are few: the format's default, a
/// Latin hypercube fine enough to rank a dozen parameters' influence.
const UNCERTAINTY_SAMPLES: usize = 64;

/// `[uncertainty] trials` written: the format's default.
const UNCERTAINTY_TRIALS: u32 = 40;

/// A value the data cannot give: its point value in the live file and its range.
struct Assumption {
    /// Path under `[uncertainty]` (the `[uncertainty]` path syntax: a sweep path, optionally followed by a distribution parameter).
    path: String,
    low: f64,
    high: f64,
    /// What the range is, in words.
    basis: String,
}

/// The scenario text for the evidence. `None` when effort cannot be fitted (fewer than
/// two distinct finished efforts): the caller reports it as bad input.
pub fn write(
    evidence: &Evidence,
    clock: &WorkingClock,
    options: &ScenarioOptions,
) -> Option<Written> {
    let effort = evidence.effort.fits?.chosen();
    let hpd = clock.hours_per_day();
    let mut out = String::new();
    let mut assumptions: Vec<Assumption> = Vec::new();
    let span = &evidence.span;
    let span_words = format!("{} to {}", span.from.date(), span.to.date());

    // Header.
    let sources: Vec<String> = options.sources.iter().map(|p| file_name(p)).collect();
    let alternatives: Vec<&str> = options
        .structure
        .alternatives()
        .map(StructureKind::name)
        .collect();
    let _ = writeln!(
        out,
        "# {}: calibrated by `orgsim calibrate` from the team's tracker history.",
        options.name
    );
    let _ = writeln!(out, "#");
    let partial = if evidence.partial > 0 {
        format!(", {} with a truncated changelog", evidence.partial)
    } else {
        String::new()
    };
    comment(
        &mut out,
        &format!(
            "Source: {} ({} items created {span_words}, as of {}: {} working weeks of {} \
             hours, Monday to Friday; {} done, {} open{partial}).",
            sources.join(", "),
            evidence.items,
            span.to,
            num(span.weeks),
            num(clock.hours_per_week()),
            evidence.observed.done,
            evidence.open,
        ),
    );
    comment(
        &mut out,
        "Each fitted value says on what it rests; values marked \"assumed\" are not in the \
         data and have a range in the [uncertainty] table at the end. Times in the refine, \
         blocked and accept stages include waiting, so hours fitted to them are upper bounds.",
    );
    comment(
        &mut out,
        &format!(
            "The team today: {} ({}); compared against: {}. The structure of today is \
             --structure, {} when it is not given: check that it is your team's.",
            options.structure,
            options.structure.describe(),
            alternatives.join(", "),
            StructureKind::DEFAULT
        ),
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "name = {}", quoted(&options.name));
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!(
            "Fitted to {}: {} as the team works today, against {}",
            sources.join(", "),
            options.structure,
            alternatives.join(", ")
        ))
    );

    // [run]
    let weeks = span.weeks.round().max(1.0) as u32;
    let _ = writeln!(out, "\n[run]");
    line(
        &mut out,
        &format!("weeks = {weeks}"),
        "the observed span: a simulated history as long as the real one",
    );
    line(&mut out, "warmup_weeks = 8", "");
    line(&mut out, "trials = 200", "");
    line(&mut out, "seed = 1", "");
    line(
        &mut out,
        &format!("hours_per_week = {}", num(clock.hours_per_week())),
        "--hours-per-week: the clock the export's times were counted with",
    );

    // [team]
    let devs = options.devs_per_squad.unwrap_or_else(|| {
        (f64::from(evidence.busy_developers_p95.max(1)) / f64::from(options.squads)).ceil() as u32
    });
    let _ = writeln!(out, "\n[team]");
    line(
        &mut out,
        &format!("squads = {}", options.squads),
        "--squads",
    );
    if options.devs_per_squad.is_some() {
        line(
            &mut out,
            &format!("devs_per_squad = {devs}"),
            "--devs-per-squad",
        );
    } else {
        line(
            &mut out,
            &format!("devs_per_squad = {devs}"),
            &format!(
                "assumed from the history: {} items in work at once or fewer, 95% of the time (a floor); --devs-per-squad sets it",
                evidence.busy_developers_p95
            ),
        );
        assumptions.push(Assumption {
            path: "team.devs_per_squad".into(),
            low: f64::from(devs),
            high: (f64::from(devs) * 1.5).ceil(),
            basis: "the busy count is a floor: developers may have been idle".into(),
        });
    }

    // [work]
    let _ = writeln!(out, "\n[work]");
    comment(
        &mut out,
        &stage_evidence_words(&evidence.effort, "items finished work", &span_words),
    );
    let _ = writeln!(out, "item_effort_hours = {}", dist(&effort));
    comment(
        &mut out,
        &format!(
            "or resample the {} finished efforts themselves (they leave out the open items, so lean short):",
            evidence.effort.sample.exact.len() + evidence.effort.sample.left.len()
        ),
    );
    let _ = writeln!(
        out,
        "# item_effort_hours = {{ dist = \"empirical\", file = {} }}",
        quoted(&options.effort_file)
    );

    match (
        &evidence.questions,
        evidence
            .blocked
            .as_ref()
            .and_then(|b| b.fits.map(|f| (b, f))),
    ) {
        (Some(q), Some((blocked, fits))) => {
            comment(
                &mut out,
                &format!(
                    "fitted: {} blocked episodes in {} working hours of work, {span_words}; 95% interval {} to {} hours. Only questions long enough to be recorded as blocked: fewer than developers ask",
                    q.episodes,
                    num(q.work_hours),
                    num(q.every_hours.low),
                    num(q.every_hours.high)
                ),
            );
            let _ = writeln!(
                out,
                "question_every_hours = {{ dist = \"exp\", mean = {} }}",
                num(q.every_hours.value)
            );
            comment(
                &mut out,
                &stage_evidence_words(blocked, "blocked episodes ended", &span_words),
            );
            comment(&mut out, "the time blocked includes waiting for the answerer: an upper bound on the hands-on time");
            let chosen = fits.chosen();
            let _ = writeln!(out, "answer_hours = {}", dist(&chosen));
            assumptions.push(Assumption {
                path: "work.answer_hours.mean".into(),
                low: (1.0 / 6.0_f64).min(chosen.mean),
                high: chosen.mean.max(1.0 / 6.0),
                basis: "from 10 minutes of hands-on time (assumption) to the whole time blocked"
                    .into(),
            });
        }
        _ => {
            let why = match &evidence.blocked {
                None => "the export records no blocked stage",
                Some(_) => "no item was recorded as blocked",
            };
            let mean = hpd / 0.5;
            line(
                &mut out,
                &format!(
                    "question_every_hours = {{ dist = \"exp\", mean = {} }}",
                    num(mean)
                ),
                &format!("assumed: 0.5 questions per developer-day, no study measures it ({why})"),
            );
            assumptions.push(Assumption {
                path: "work.question_every_hours.mean".into(),
                low: hpd / 1.5,
                high: hpd / 0.2,
                basis: "0.2 to 1.5 questions per developer-day".into(),
            });
            line(
                &mut out,
                "answer_hours = { dist = \"exp\", mean = 0.1667 }",
                "assumed: 10 minutes per answer",
            );
            assumptions.push(Assumption {
                path: "work.answer_hours.mean".into(),
                low: 5.0 / 60.0,
                high: 0.5,
                basis: "5 to 30 minutes".into(),
            });
        }
    }
    line(
        &mut out,
        "escalation_share = 0.15",
        "assumed: the tracker does not show escalations",
    );
    assumptions.push(Assumption {
        path: "work.escalation_share".into(),
        low: 0.0,
        high: 0.3,
        basis: "none to almost a third of answers".into(),
    });
    line(
        &mut out,
        "escalation_hours = { dist = \"exp\", mean = 1 }",
        "assumed",
    );
    assumptions.push(Assumption {
        path: "work.escalation_hours.mean".into(),
        low: 0.5,
        high: 2.0,
        basis: "half an hour to two hours".into(),
    });
    line(
        &mut out,
        "resume_hours = 0.25",
        "assumed: 15 minutes back into the work (Parnin & Rugaber 2011, A)",
    );
    assumptions.push(Assumption {
        path: "work.resume_hours.value".into(),
        low: 10.0 / 60.0,
        high: 25.0 / 60.0,
        basis: "10 to 25 minutes".into(),
    });
    stage_or_assumed(
        &mut out,
        &mut assumptions,
        "refine_hours",
        evidence.refine.as_ref(),
        &span_words,
        (
            "{ dist = \"lognormal\", mean = 1.5, sd = 1 }",
            1.5,
            (0.75, 3.0),
        ),
        "the product person's part of refinement",
    );
    stage_or_assumed(
        &mut out,
        &mut assumptions,
        "accept_hours",
        evidence.accept.as_ref(),
        &span_words,
        ("{ dist = \"exp\", mean = 0.5 }", 0.5, (0.25, 1.0)),
        "reviewing one finished item",
    );
    line(
        &mut out,
        "backlog_order = \"fifo\"",
        "a tracker records no values: oldest first",
    );
    line(
        &mut out,
        "ceremony_hours_per_week = 4",
        "assumed: the PO's share of Scrum events per squad (Scrum Guide timeboxes, B)",
    );
    assumptions.push(Assumption {
        path: "work.ceremony_hours_per_week".into(),
        low: 2.0,
        high: 6.0,
        basis: "Scrum Guide timeboxes".into(),
    });

    // [discovery]
    let _ = writeln!(out, "\n[discovery]");
    line(
        &mut out,
        "target_share = 0.3",
        "assumed: PMs spend 27% on strategy and discovery (Pragmatic Institute, B/C)",
    );
    assumptions.push(Assumption {
        path: "discovery.target_share".into(),
        low: 0.25,
        high: 0.6,
        basis: "25-30% observed, 50-60% wished".into(),
    });
    line(&mut out, "session_hours = 1", "one customer conversation");
    line(&mut out, "drop_after_weeks = 2", "");

    // [[stakeholders]]
    for g in &evidence.groups {
        let _ = writeln!(out, "\n[[stakeholders]]");
        let _ = writeln!(out, "name = {}", quoted(&g.name));
        line(
            &mut out,
            &format!("requests_per_week = {}", num(g.rate.value)),
            &format!(
                "fitted: {} items created in {} weeks, {span_words}; 95% interval {} to {}",
                g.created,
                num(span.weeks),
                num(g.rate.low),
                num(g.rate.high)
            ),
        );
        match g.delivered_share() {
            Some(s) => line(
                &mut out,
                &format!("accept_share = {}", num(s.value)),
                &format!(
                    "fitted: {} of {} closed items were done, not dropped; 95% interval {} to {}",
                    g.decided - g.dropped,
                    g.decided,
                    num(s.low),
                    num(s.high)
                ),
            ),
            None => line(
                &mut out,
                "accept_share = 1",
                "assumed: no item of the group is closed yet",
            ),
        }
        line(
            &mut out,
            "triage_hours = { dist = \"exp\", mean = 0.5 }",
            "assumed",
        );
    }
    // Every group's triage time is assumed, so every group gets its range. A path is
    // split at its dots, so a group whose name holds one cannot be named by it.
    let mut unnamed_groups = Vec::new();
    for g in &evidence.groups {
        if g.name.contains('.') {
            unnamed_groups.push(g.name.as_str());
            continue;
        }
        assumptions.push(Assumption {
            path: format!("stakeholders.{}.triage_hours.mean", g.name),
            low: 0.25,
            high: 1.0,
            basis: "a quarter to a whole hour per request (assumed)".into(),
        });
    }

    // [[structures]]
    for s in std::iter::once(options.structure).chain(options.structure.alternatives()) {
        let _ = writeln!(out, "\n[[structures]]");
        let role = if s == options.structure {
            "the team today"
        } else {
            "alternative"
        };
        line(&mut out, &format!("name = {}", quoted(s.name())), role);
        let _ = writeln!(out, "{}", s.people());
    }

    // The assumptions' ranges, as orgsim reads them (docs/model.md §18). A range needs
    // low < high as written: where the fitted value is the assumed one, there is none.
    let written = |x: f64| num(x).parse::<f64>().unwrap_or(x);
    let (ranged, agreed): (Vec<&Assumption>, Vec<&Assumption>) = assumptions
        .iter()
        .partition(|a| written(a.low) < written(a.high));
    let _ = writeln!(out);
    comment(
        &mut out,
        "What the data cannot say, as ranges: `orgsim run` draws parameter sets over them \
         and reports which assumption decides the verdict. Narrow or remove a range whose \
         value you know.",
    );
    let _ = writeln!(out, "[uncertainty]");
    let samples = UNCERTAINTY_SAMPLES.max(ranged.len() + 2);
    line(
        &mut out,
        &format!("samples = {samples}"),
        "parameter sets; at least 2 more than the ranges",
    );
    line(
        &mut out,
        &format!("trials = {UNCERTAINTY_TRIALS}"),
        "trials of each structure in each set",
    );
    for a in &ranged {
        let key = quoted(&a.path);
        let entry = format!("{key} = [{}, {}]", num(a.low), num(a.high));
        let _ = writeln!(out, "{}", with_comment(&entry, &a.basis));
    }
    for a in &agreed {
        comment(
            &mut out,
            &format!(
                "{}: no range, the fitted value is the assumed one ({})",
                quoted(&a.path),
                num(a.low)
            ),
        );
    }
    for name in &unnamed_groups {
        comment(
            &mut out,
            &format!(
                "stakeholders {}: no triage range, a path cannot name a group whose name holds a dot",
                quoted(name)
            ),
        );
    }

    let mut effort_csv = String::from("effort_hours\n");
    for x in evidence
        .effort
        .sample
        .exact
        .iter()
        .chain(&evidence.effort.sample.left)
    {
        let _ = writeln!(effort_csv, "{}", num(*x));
    }
    Some(Written {
        scenario: out,
        effort_csv,
        devs_per_squad: devs,
        assumptions: ranged.len(),
    })
}

/// Writes a fitted stage time, or the assumed value when the export cannot give one.
fn stage_or_assumed(
    out: &mut String,
    assumptions: &mut Vec<Assumption>,
    field: &str,
    evidence: Option<&StageEvidence>,
    span_words: &str,
    (assumed_dist, assumed_mean, (low, high)): (&str, f64, (f64, f64)),
    what: &str,
) {
    let path = format!("work.{field}.mean");
    match evidence.and_then(|e| e.fits.map(|f| (e, f))) {
        Some((e, fits)) => {
            let chosen = fits.chosen();
            comment(
                out,
                &stage_evidence_words(e, &format!("visits to {} ended", e.stage), span_words),
            );
            comment(
                out,
                &format!(
                    "the time in {} includes waiting: an upper bound on {what}",
                    e.stage
                ),
            );
            let _ = writeln!(out, "{field} = {}", dist(&chosen));
            assumptions.push(Assumption {
                path,
                low: assumed_mean.min(chosen.mean),
                high: assumed_mean.max(chosen.mean),
                basis: format!(
                    "from the assumed hands-on time to the whole time in {}",
                    e.stage
                ),
            });
        }
        None => {
            let why = match evidence {
                None => "the export records no such stage".to_string(),
                Some(e) => format!(
                    "{} durations in {}: too few to fit",
                    e.sample.len(),
                    e.stage
                ),
            };
            line(
                out,
                &format!("{field} = {assumed_dist}"),
                &format!("assumed: {what} ({why})"),
            );
            assumptions.push(Assumption {
                path,
                low,
                high,
                basis: what.to_string(),
            });
        }
    }
}

/// "fitted: 812 items finished work, 23 still running (right-censored), …; lognormal
/// KS distance 0.021 (chosen), gamma 0.048".
fn stage_evidence_words(e: &StageEvidence, exact_words: &str, span_words: &str) -> String {
    let s = &e.sample;
    let mut words = format!("fitted: {} {exact_words}", s.exact.len());
    if !s.right.is_empty() {
        let _ = write!(words, ", {} still running (right-censored)", s.right.len());
    }
    if !s.left.is_empty() {
        let _ = write!(
            words,
            ", {} too short for the stamps (left-censored)",
            s.left.len()
        );
    }
    for (reason, n) in &e.left_out {
        let _ = write!(words, ", {n} left out ({reason})");
    }
    let _ = write!(words, ", {span_words}");
    if let Some(fits) = e.fits {
        let (c, o) = (fits.chosen(), fits.other());
        let _ = write!(
            words,
            "; KS distance {} {} (chosen), {} {}",
            c.family.name(),
            num3(c.ks),
            o.family.name(),
            num3(o.ks)
        );
    }
    words
}

/// A fit as a scenario distribution table.
fn dist(fit: &Fit) -> String {
    format!(
        "{{ dist = \"{}\", mean = {}, sd = {} }}",
        fit.family.name(),
        num(fit.mean),
        num(fit.sd)
    )
}

/// `text`, then `# note` at [`COMMENT_COLUMN`] (or after one space when longer).
fn with_comment(text: &str, note: &str) -> String {
    if note.is_empty() {
        return text.to_string();
    }
    let width = COMMENT_COLUMN.max(text.chars().count() + 1);
    format!("{text:<width$}# {note}")
}

fn line(out: &mut String, text: &str, note: &str) {
    let _ = writeln!(out, "{}", with_comment(text, note));
}

/// A comment wrapped at 88 characters.
fn comment(out: &mut String, text: &str) {
    let mut current = String::from("#");
    for word in text.split(' ') {
        if current.len() + 1 + word.len() > 88 && current.len() > 1 {
            let _ = writeln!(out, "{current}");
            current = String::from("#");
        }
        current.push(' ');
        current.push_str(word);
    }
    let _ = writeln!(out, "{current}");
}

/// A TOML string literal.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A number with four significant digits and no trailing zeros: what a reader wants
/// to see of a fitted value (the sampling error is larger than the fifth digit).
pub fn num(x: f64) -> String {
    digits(x, 4)
}

/// A distance or share with three significant digits.
fn num3(x: f64) -> String {
    digits(x, 3)
}

fn digits(x: f64, significant: i32) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() {
            "0".into()
        } else {
            x.to_string()
        };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (significant - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(num(23.87654), "23.88");
        assert_eq!(num(0.1666667), "0.1667");
        assert_eq!(num(24.0), "24");
        assert_eq!(num(1234.56), "1235");
        assert_eq!(num(0.0), "0");
        assert_eq!(num3(0.020449), "0.0204");
    }

    #[test]
    fn comments_align_and_wrap() {
        assert_eq!(
            with_comment("a = 1", "why"),
            format!("{:<44}# why", "a = 1")
        );
        let mut out = String::new();
        comment(&mut out, &"word ".repeat(40));
        assert!(
            out.lines().all(|l| l.len() <= 88 && l.starts_with('#')),
            "{out}"
        );
    }

    #[test]
    fn names_are_quoted_as_toml_strings() {
        for name in ["sales \"big\"", "it's", "a\\b", "ünïcode"] {
            let table: toml::Table = format!("x = {}", quoted(name)).parse().unwrap();
            assert_eq!(table["x"].as_str(), Some(name));
        }
    }
}
