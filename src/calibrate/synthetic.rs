//! Synthetic tracker histories with known parameters: the example exports of
//! `examples/tracker/`, the tests that recover their parameters, and the speed bench.
//!
//! A small process of its own, not orgsim's model, so that calibration is tested
//! against a truth written down here rather than against itself. In working hours from
//! the first Monday: each stakeholder group sends items as a Poisson process; an item
//! waits in the backlog (exponential), is dropped there with a fixed probability or
//! else refined (lognormal), waits in the ready queue, and is worked by the first free
//! developer, oldest ready first. Work takes a lognormal effort; while working, the
//! developer is blocked as a Poisson process in working time, each block lasting a
//! lognormal time. Review (acceptance) is a lognormal delay, then the item is done.
//! The export is taken at the end of the last week: stages entered later are not in it.

use super::clock::{Stamp, WorkingClock, WorkingHours};
use super::stage::Stage;
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, LogNormal};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write;

/// A lognormal duration by its own mean and sd, hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duration {
    /// Mean, hours.
    pub mean: f64,
    /// Standard deviation, hours.
    pub sd: f64,
}

impl Duration {
    fn sampler(self) -> LogNormal<f64> {
        let sigma2 = (1.0 + (self.sd / self.mean).powi(2)).ln();
        LogNormal::new(self.mean.ln() - sigma2 / 2.0, sigma2.sqrt()).expect("a valid lognormal")
    }
}

/// How developers are blocked while working.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blocking {
    /// Mean working hours between two blocks (exponential).
    pub every_hours: f64,
    /// How long a block lasts.
    pub lasts: Duration,
}

/// The known parameters of a synthetic history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistorySpec {
    /// The first day (a Monday).
    pub start: Date,
    /// Working weeks of history.
    pub weeks: u32,
    /// Working hours a week.
    pub hours_per_week: f64,
    /// Stakeholder groups: name and requests per working week.
    pub groups: Vec<(String, f64)>,
    /// Mean wait in the backlog before refinement (or dropping), hours (exponential).
    pub backlog_wait_hours: f64,
    /// Share of items dropped from the backlog.
    pub dropped_share: f64,
    /// Time in refinement.
    pub refine: Duration,
    /// Developers.
    pub developers: u32,
    /// Working time per item.
    pub effort: Duration,
    /// Blocks while working; `None` for none.
    pub blocking: Option<Blocking>,
    /// Time in review.
    pub review: Duration,
    /// Seed of the random streams.
    pub seed: u64,
}

/// One generated item: its group, its creation and the stages it entered, as
/// working-hour positions, up to the export.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticItem {
    /// Index into the spec's groups.
    pub group: usize,
    /// Creation, working hours from the start.
    pub created: f64,
    /// Stages entered, in order, with when.
    pub visits: Vec<(Stage, f64)>,
}

/// A generated history and the truth about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// The parameters it was made with.
    pub spec: HistorySpec,
    /// The items, in order of creation.
    pub items: Vec<SyntheticItem>,
    /// The export's moment, working hours from the start.
    pub end: f64,
}

impl Synthetic {
    /// Items whose last recorded stage holds a developer: the ones whose effort is
    /// right-censored.
    pub fn in_work_at_end(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.visits.last().is_some_and(|v| v.0.holds_developer()))
            .count()
    }

    /// Items created per group.
    pub fn created_per_group(&self) -> Vec<u64> {
        let mut counts = vec![0; self.spec.groups.len()];
        for item in &self.items {
            counts[item.group] += 1;
        }
        counts
    }
}

/// Generates the history of `spec`. Deterministic in the spec (its seed included).
pub fn generate(spec: &HistorySpec) -> Synthetic {
    let end = f64::from(spec.weeks) * spec.hours_per_week;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    // Arrivals, each group its own Poisson process, merged in time order.
    let mut arrivals: Vec<(f64, usize)> = Vec::new();
    for (g, (_, per_week)) in spec.groups.iter().enumerate() {
        if *per_week <= 0.0 {
            continue;
        }
        let gap = Exp::new(per_week / spec.hours_per_week).expect("a positive rate");
        let mut t = gap.sample(&mut rng);
        while t < end {
            arrivals.push((t, g));
            t += gap.sample(&mut rng);
        }
    }
    arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));

    let backlog = Exp::new(1.0 / spec.backlog_wait_hours).expect("a positive wait");
    let (refine, effort, review) = (
        spec.refine.sampler(),
        spec.effort.sampler(),
        spec.review.sampler(),
    );
    let blocking = spec.blocking.map(|b| {
        (
            Exp::new(1.0 / b.every_hours).expect("a positive interval"),
            b.lasts.sampler(),
        )
    });

    // Backlog and refinement are delays; then items queue for developers by ready time.
    let mut items: Vec<SyntheticItem> = Vec::with_capacity(arrivals.len());
    let mut ready: Vec<(f64, usize)> = Vec::new();
    for &(t, group) in &arrivals {
        let mut visits = vec![(Stage::Backlog, t)];
        let leaves = t + backlog.sample(&mut rng);
        if rng.random::<f64>() < spec.dropped_share {
            visits.push((Stage::Dropped, leaves));
        } else {
            let refined = leaves + refine.sample(&mut rng);
            visits.push((Stage::Refine, leaves));
            visits.push((Stage::Ready, refined));
            ready.push((refined, items.len()));
        }
        items.push(SyntheticItem {
            group,
            created: t,
            visits,
        });
    }
    ready.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut free: BinaryHeap<Reverse<Ordered>> = (0..spec.developers)
        .map(|_| Reverse(Ordered(0.0)))
        .collect();
    for (ready_at, i) in ready {
        let Some(Reverse(Ordered(dev_free))) = free.pop() else {
            break;
        };
        let mut t = ready_at.max(dev_free);
        let visits = &mut items[i].visits;
        visits.push((Stage::Work, t));
        let mut left = effort.sample(&mut rng);
        if let Some((gap, lasts)) = &blocking {
            loop {
                let until_block = gap.sample(&mut rng);
                if until_block >= left {
                    break;
                }
                t += until_block;
                left -= until_block;
                visits.push((Stage::Blocked, t));
                t += lasts.sample(&mut rng);
                visits.push((Stage::Work, t));
            }
        }
        t += left;
        free.push(Reverse(Ordered(t)));
        visits.push((Stage::Accept, t));
        visits.push((Stage::Done, t + review.sample(&mut rng)));
    }
    // The export: nothing after its moment.
    for item in &mut items {
        item.visits.retain(|v| v.1 <= end);
    }
    Synthetic {
        spec: spec.clone(),
        items,
        end,
    }
}

/// f64 ordered by `total_cmp`, for the heap of developers' free times.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered(f64);
impl Eq for Ordered {}
impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The names an export gives the stages, in workflow order (dropped last).
pub type StageNames = [(Stage, &'static str); 8];

/// Stage names of the example stage-dates CSV.
pub const CSV_STAGES: StageNames = [
    (Stage::Backlog, "Backlog"),
    (Stage::Refine, "Refinement"),
    (Stage::Ready, "Ready"),
    (Stage::Work, "In Progress"),
    (Stage::Blocked, "Blocked"),
    (Stage::Accept, "Review"),
    (Stage::Done, "Done"),
    (Stage::Dropped, "Cancelled"),
];

/// Status names of the example Jira export.
pub const JIRA_STATUSES: StageNames = [
    (Stage::Backlog, "To Do"),
    (Stage::Refine, "Refinement"),
    (Stage::Ready, "Ready"),
    (Stage::Work, "In Progress"),
    (Stage::Blocked, "Blocked"),
    (Stage::Accept, "In Review"),
    (Stage::Done, "Done"),
    (Stage::Dropped, "Won't Do"),
];

fn name_of(names: &StageNames, stage: Stage) -> &'static str {
    names.iter().find(|n| n.0 == stage).map_or("", |n| n.1)
}

/// The `--stages` text for a set of names, leaving out stages the history never
/// records (blocked when nothing blocks).
pub fn stages_option(names: &StageNames, blocking: bool) -> String {
    names
        .iter()
        .filter(|(s, _)| blocking || *s != Stage::Blocked)
        .map(|(s, n)| format!("{n}={s}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The history as a stage-dates CSV: `ID`, `Title`, a column per stage (the first
/// entry into it, to the minute), then `Requester`. A history with blocks gets a
/// blocked column (its first block only, as the format allows).
pub fn to_stage_dates_csv(history: &Synthetic) -> String {
    let clock = WorkingClock::new(history.spec.hours_per_week).expect("a valid week");
    let origin = clock
        .position(Stamp::at(
            history
                .spec
                .start
                .to_datetime(jiff::civil::Time::midnight()),
        ))
        .0;
    let columns: Vec<(Stage, &str)> = CSV_STAGES
        .iter()
        .copied()
        .filter(|(s, _)| history.spec.blocking.is_some() || *s != Stage::Blocked)
        .collect();
    let mut out = String::from("ID,Title");
    for (_, name) in &columns {
        out.push(',');
        out.push_str(name);
    }
    out.push_str(",Requester\n");
    for (n, item) in history.items.iter().enumerate() {
        let _ = write!(out, "T-{},Item {}", n + 1, n + 1);
        for (stage, _) in &columns {
            out.push(',');
            if let Some(&(_, at)) = item.visits.iter().find(|v| v.0 == *stage) {
                let _ = write!(out, "{}", minute(clock.stamp_at(WorkingHours(origin + at))));
            }
        }
        let _ = writeln!(out, ",{}", history.spec.groups[item.group].0);
    }
    out
}

/// The history as a Jira search result with changelogs: one issue a line, stamps to
/// the second at `+01:00` written as Jira writes it (`+0100`), the group as the
/// issue type.
pub fn to_jira_json(history: &Synthetic) -> String {
    let clock = WorkingClock::new(history.spec.hours_per_week).expect("a valid week");
    let origin = clock
        .position(Stamp::at(
            history
                .spec
                .start
                .to_datetime(jiff::civil::Time::midnight()),
        ))
        .0;
    let stamp = |at: f64| {
        let s = clock.stamp_at(WorkingHours(origin + at)).datetime();
        format!("{}T{}.000+0100", s.date(), s.time().strftime("%H:%M:%S"))
    };
    let n = history.items.len();
    let mut out = format!("{{\"startAt\":0,\"maxResults\":{n},\"total\":{n},\"issues\":[\n");
    for (i, item) in history.items.iter().enumerate() {
        let status = name_of(
            &JIRA_STATUSES,
            item.visits.last().map_or(Stage::Backlog, |v| v.0),
        );
        let changes = item.visits.len().saturating_sub(1);
        let _ = write!(
            out,
            "{{\"key\":\"ORG-{}\",\"fields\":{{\"summary\":\"Item {}\",\"created\":\"{}\",\"issuetype\":{{\"name\":\"{}\"}},\"status\":{{\"name\":\"{status}\"}}}},\"changelog\":{{\"startAt\":0,\"maxResults\":{changes},\"total\":{changes},\"histories\":[",
            i + 1,
            i + 1,
            stamp(item.created),
            history.spec.groups[item.group].0,
        );
        for (k, pair) in item.visits.windows(2).enumerate() {
            let _ = write!(
                out,
                "{}{{\"id\":\"{}\",\"created\":\"{}\",\"items\":[{{\"field\":\"status\",\"fieldtype\":\"jira\",\"fromString\":\"{}\",\"toString\":\"{}\"}}]}}",
                if k == 0 { "" } else { "," },
                (i + 1) * 100 + k,
                stamp(pair[1].1),
                name_of(&JIRA_STATUSES, pair[0].0),
                name_of(&JIRA_STATUSES, pair[1].0),
            );
        }
        out.push_str("]}}");
        out.push_str(if i + 1 < n { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
}

fn minute(s: Stamp) -> String {
    let dt = s.datetime();
    format!("{}T{}", dt.date(), dt.time().strftime("%H:%M"))
}

/// The example exports' specs: a year of a six-developer team, three requester
/// groups, without blocks (the stage-dates CSV) and with them (the Jira JSON).
pub fn examples() -> [(&'static str, HistorySpec); 2] {
    let base = HistorySpec {
        start: Date::constant(2024, 1, 8),
        weeks: 52,
        hours_per_week: 40.0,
        groups: vec![
            ("sales".to_string(), 3.0),
            ("support".to_string(), 2.5),
            ("leadership".to_string(), 1.0),
        ],
        backlog_wait_hours: 24.0,
        dropped_share: 0.1,
        refine: Duration { mean: 2.0, sd: 1.5 },
        developers: 6,
        effort: Duration {
            mean: 24.0,
            sd: 16.0,
        },
        blocking: None,
        review: Duration { mean: 1.0, sd: 1.0 },
        seed: 7,
    };
    let jira = HistorySpec {
        groups: vec![("Story".to_string(), 4.0), ("Bug".to_string(), 2.0)],
        blocking: Some(Blocking {
            every_hours: 40.0,
            lasts: Duration { mean: 2.0, sd: 1.5 },
        }),
        seed: 8,
        ..base.clone()
    };
    [("stage-dates.csv", base), ("jira.json", jira)]
}

/// A history of about `items` items over four years of a team large enough to keep
/// up (developers at about 60% of their time), blocked as the Jira example is: the
/// speed bench's input.
pub fn large(items: u32) -> HistorySpec {
    let weeks = 208;
    let per_week = f64::from(items) / f64::from(weeks);
    let jira = examples()[1].1.clone();
    let work_per_item = jira.effort.mean * (1.0 - jira.dropped_share) * 1.1;
    HistorySpec {
        weeks,
        groups: vec![
            ("Story".to_string(), per_week * 0.6),
            ("Bug".to_string(), per_week * 0.3),
            ("Task".to_string(), per_week * 0.1),
        ],
        developers: (per_week * work_per_item / (jira.hours_per_week * 0.6)).ceil() as u32,
        seed: 9,
        ..jira
    }
}

/// The example folder's README: what the files are and the parameters they were made
/// with, from the specs themselves.
pub fn examples_readme() -> String {
    let mut out = String::from(
        "# Example tracker exports\n\n\
         Made by `cargo run --example make_tracker` from known parameters, so that \
         `orgsim calibrate` can be checked against a truth (`tests/integration/calibrate.rs` \
         recovers these parameters). Do not edit: run the generator.\n\n",
    );
    for (file, spec) in examples() {
        let synthetic = generate(&spec);
        let names = if file.ends_with(".json") {
            &JIRA_STATUSES
        } else {
            &CSV_STAGES
        };
        let _ = writeln!(out, "## `{file}`\n");
        let _ = writeln!(
            out,
            "- {} working weeks of {} hours from {}, {} items; {} developers",
            spec.weeks,
            spec.hours_per_week,
            spec.start,
            synthetic.items.len(),
            spec.developers
        );
        let groups: Vec<String> = spec
            .groups
            .iter()
            .map(|(n, r)| format!("{n} {r}"))
            .collect();
        let _ = writeln!(out, "- requests per week: {}", groups.join(", "));
        let _ = writeln!(
            out,
            "- backlog wait exponential, mean {} h; {}% dropped from the backlog",
            spec.backlog_wait_hours,
            spec.dropped_share * 100.0
        );
        let _ = writeln!(
            out,
            "- lognormal (mean, sd) hours: refinement ({}, {}), effort ({}, {}), review ({}, {})",
            spec.refine.mean,
            spec.refine.sd,
            spec.effort.mean,
            spec.effort.sd,
            spec.review.mean,
            spec.review.sd
        );
        match spec.blocking {
            Some(b) => {
                let _ = writeln!(
                    out,
                    "- blocked every {} working hours of work on average (exponential), for lognormal ({}, {}) hours",
                    b.every_hours, b.lasts.mean, b.lasts.sd
                );
            }
            None => {
                let _ = writeln!(out, "- never blocked");
            }
        }
        let _ = writeln!(
            out,
            "\n```sh\norgsim calibrate examples/tracker/{file} --out team.toml --structure combined \\\n  --stages \"{}\"{}\n```\n",
            stages_option(names, spec.blocking.is_some()),
            if file.ends_with(".csv") { " --group-by Requester" } else { " --group-by issuetype" }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_ordered() {
        let spec = &examples()[1].1;
        let a = generate(spec);
        assert_eq!(a, generate(spec));
        for item in &a.items {
            assert!(item.visits.windows(2).all(|w| w[0].1 <= w[1].1));
            assert!(item.visits.iter().all(|v| v.1 <= a.end));
        }
        assert!(a.in_work_at_end() > 0);
    }
}
