//! The work estimate: what a batch of scenario points will ask of this machine, in
//! memory and in time, counted from the points alone before anything is simulated.
//!
//! `load` counts what one trial of one structure simulates (developers, product
//! people, the queues they watch, weeks, the expected questions, items, requests and
//! weekly tasks). Here those counts become bytes and seconds through a cost model
//! measured on this code (the constants below say how). `machine` reads what the
//! machine offers, and `limits` refuses a batch it cannot give, naming the field that
//! adds most to the excess.
//!
//! A module of its own rather than a part of the batch runner: it runs nothing, and it
//! reads the sizes of what the batch, the model and the statistics keep; the runner
//! stays a runner. The figures are estimates ("about"): the model's real work depends
//! on queues the estimate does not simulate. On the shipped scenarios the time is
//! within 0.85 to 1.5 times the measured time, and the memory errs on the high side.

mod limits;
mod load;
mod machine;

pub use limits::{refusals, Field, Limits, Refusal, TIME_LIMIT};
pub use machine::Machine;

use crate::batch::CHUNK;
use crate::scenario::Scenario;
use crate::stats::{Reservoir, WEEKLY_TRIALS};
use load::StructureLoad;
use std::fmt;

/// An amount of memory, in bytes; a float, so that an absurd scenario gives a huge
/// figure rather than an overflow.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Bytes(pub f64);

/// A span of time, in seconds; a float for the same reason as [`Bytes`].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Seconds(pub f64);

// The time model: CPU nanoseconds per unit of work of a trial. The relative costs of
// a question, an item, a request and a weekly task were fitted (least squares on the
// logarithm of the ratio) to the CPU time of one thread running `model::run_trial`,
// 20 trials of each structure, on the shipped scenarios (every sweep point) and on
// variants of growth-stage with 4 and 16 times the questions, 4 and 16 times the
// requests, 8 times the discovery sessions, and an unlimited backlog with items of 1
// and 1/4 the effort: the variants part what the shipped files vary together. The
// scale was then set to the CPU time of the whole command, which also writes the rows
// and folds the statistics:
//
//     /usr/bin/time -f "%U %S" orgsim run FILE --threads 1 --quiet --trials N --out DIR
//
// with N = 1010 and N = 10, the difference divided by 1000, on a 2-core machine
// (user + sys time, so that the other processes of a busy machine do not count). Per
// trial, every structure and sweep point of the file together, measured / estimated:
// decision-loop 1.26 / 1.83 ms, early-stage 1.12 / 1.12, growth-stage 2.32 / 2.45,
// loudest-voice 2.50 / 2.45, mature 7.14 / 6.18, po-as-ticket-admin 3.55 / 3.01,
// responsibility-without-authority 3.33 / 2.83, scale-up 7.22 / 7.22, too-many-teams
// 6.79 / 7.81, when-to-split 4.89 / 5.17. On the variants the estimate stays within
// 0.7 to 1.9 times the measurement but for the most overloaded structure (one PO for
// eight squads: 3.7 times), whose developers mostly wait. The costs per developer, per
// person and per point were measured the same way on scenarios made to grow in one
// of them (see each).

/// CPU time of a question a developer asks and the product people serve.
const NS_PER_QUESTION: f64 = 130.0;
/// CPU time of an item: ranked, refined, worked, accepted.
const NS_PER_ITEM: f64 = 340.0;
/// CPU time of a stakeholder request: its arrival and triage.
const NS_PER_REQUEST: f64 = 240.0;
/// CPU time of a ceremony block or a discovery session.
const NS_PER_WEEKLY_TASK: f64 = 180.0;
/// CPU time of setting up a developer (its state, its streams, its first item and
/// question), whatever it does next: 100,000 developers whose first question never
/// comes took 47 ms a trial.
const NS_PER_DEVELOPER: f64 = 500.0;
/// CPU time of a product person's rows in `people.csv`: 10,000 people took 21 ms a
/// trial.
const NS_PER_PERSON: f64 = 2_000.0;
/// CPU time of the statistics, the summary and the page of one structure at one
/// point: a sweep of 1,000 points of two structures and one trial took 0.7 s.
const NS_PER_POINT_STRUCTURE: f64 = 350_000.0;

// The memory model: bytes, from the peak resident size (`/usr/bin/time -f %M`) of
// `orgsim run --threads 1` on scenarios made to grow one count at a time: 100,000
// and 200,000 developers (570 bytes each), 10,000 product people for one and two
// trials (400 bytes, and 520 for each trial's result rows held), 10,000 people over
// 1,000 weeks (the booked hours of a person-week), 4 and 8 million queues watched
// (17 bytes each), 100,000 requests waiting for triage (110 bytes each) and 100,000
// items in a backlog (120), and a sweep of 1,000 points of two structures at 1 and
// 100 trials (48 kB per point and structure, and 360 bytes per trial kept).

/// What the process holds whatever the scenario: the program, its buffers.
const BASE_BYTES: f64 = 5e6;
/// A developer: its state, its two random streams, its pending events.
const BYTES_PER_DEVELOPER: f64 = 570.0;
/// A product person's state, its labels and its desk.
const BYTES_PER_PERSON: f64 = 400.0;
/// A product person's hours booked in one simulated week.
const BYTES_PER_PERSON_WEEK: f64 = 8.0;
/// One queue a person watches: its place in the eligibility lists and bit sets.
const BYTES_PER_QUEUE_SEAT: f64 = 17.0;
/// A request, alive until triaged.
const BYTES_PER_REQUEST: f64 = 110.0;
/// An item, alive until accepted.
const BYTES_PER_ITEM: f64 = 120.0;
/// A value kept for a within-trial percentile (a latency, a lead time), with the
/// slack of a growing buffer.
const BYTES_PER_KEPT_VALUE: f64 = 16.0;
/// A week of a trial's weekly series (the warm-up check's and discovery's).
const BYTES_PER_WEEK: f64 = 24.0;
/// A week of the weekly series a result carries.
const BYTES_PER_RESULT_WEEK: f64 = 16.0;
/// A product person's rows in a trial's result (one per activity).
const BYTES_PER_RESULT_PERSON: f64 = 520.0;
/// A stakeholder group's row in a trial's result, and the metrics.
const BYTES_PER_RESULT_GROUP: f64 = 100.0;
/// What the statistics and the report keep of one structure at one point, whatever
/// the trials.
const BYTES_PER_POINT_STRUCTURE: f64 = 48e3;
/// What they keep per trial, up to [`Reservoir::CAPACITY`] trials.
const BYTES_PER_KEPT_TRIAL: f64 = 360.0;
/// What is kept of one pair of structures in one parameter set until the end: a
/// verdict and a difference per metric.
const BYTES_PER_SET_PAIR: f64 = 24.0 * crate::model::Metric::COUNT as f64;

impl StructureLoad {
    /// CPU time of one trial.
    fn trial_cpu(&self) -> Seconds {
        let flow = self.flow();
        let ns = self.questions() * flow * NS_PER_QUESTION
            + self.items() * flow * NS_PER_ITEM
            + self.requests() * NS_PER_REQUEST
            + self.recurring_tasks() * NS_PER_WEEKLY_TASK
            + self.developers() * NS_PER_DEVELOPER
            + self.people() * NS_PER_PERSON;
        Seconds(ns * 1e-9)
    }

    /// Memory of one trial while it runs. Requests and items are counted as if all
    /// were alive at once: an upper bound, which an overloaded structure comes near.
    fn trial_state(&self) -> Bytes {
        let people = self.people();
        Bytes(
            self.developers() * BYTES_PER_DEVELOPER
                + people * (BYTES_PER_PERSON + self.weeks() * BYTES_PER_PERSON_WEEK)
                + self.queue_seats() * BYTES_PER_QUEUE_SEAT
                + self.weeks() * BYTES_PER_WEEK
                + self.requests() * BYTES_PER_REQUEST
                + self.items_alive() * BYTES_PER_ITEM
                + (self.measured_questions() + self.items()) * self.flow() * BYTES_PER_KEPT_VALUE,
        )
    }

    /// Memory of one trial's result, held until its chunk is written.
    fn trial_result(&self) -> Bytes {
        Bytes(
            self.people() * BYTES_PER_RESULT_PERSON
                + (self.groups.len() + 1) as f64 * BYTES_PER_RESULT_GROUP
                + self.weeks() * BYTES_PER_RESULT_WEEK,
        )
    }

    /// Memory the statistics and the report keep for this structure at a point of
    /// `trials` trials until the end of the run: summaries, percentiles and the first
    /// trials' weekly series.
    fn kept(&self, trials: u64) -> Bytes {
        let reservoir = trials.min(Reservoir::CAPACITY as u64) as f64;
        let weekly = trials.min(WEEKLY_TRIALS) as f64;
        Bytes(
            BYTES_PER_POINT_STRUCTURE
                + reservoir * BYTES_PER_KEPT_TRIAL
                + weekly * self.weeks() * BYTES_PER_RESULT_WEEK,
        )
    }
}

/// One scenario point's structures, as the estimate counts them, and those of its
/// parameter sets.
#[derive(Debug, Clone)]
pub(crate) struct PointLoad {
    /// Trials of the point (the same for each structure).
    trials: u64,
    /// Its structures.
    structures: Vec<StructureLoad>,
    /// Its parameter sets of `[uncertainty]`, each with the set's trials; none
    /// without one.
    sets: Vec<PointLoad>,
}

impl PointLoad {
    fn of(point: &Scenario) -> PointLoad {
        let sets = point.uncertainty.as_ref().map_or_else(Vec::new, |u| {
            u.sets
                .iter()
                .map(|set| PointLoad {
                    sets: Vec::new(),
                    trials: u64::from(u.trials),
                    ..PointLoad::of(&set.scenario)
                })
                .collect()
        });
        PointLoad {
            trials: u64::from(point.run.trials),
            structures: point
                .structures
                .iter()
                .map(|s| StructureLoad::of(point, s))
                .collect(),
            sets,
        }
    }

    /// The trials of the point and of its sets.
    fn all_trials(&self) -> u64 {
        self.trials + self.sets.iter().map(|s| s.trials).sum::<u64>()
    }

    /// What is kept until the end of the run of a set of this point: its outcome.
    fn set_outcome(&self) -> f64 {
        let n = self.structures.len() as f64;
        n * (n - 1.0) / 2.0 * BYTES_PER_SET_PAIR
    }
}

/// What a batch will ask: CPU time, memory, and the threads sharing the time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// CPU time of every trial, on one thread.
    pub cpu: Seconds,
    /// Peak memory.
    pub memory: Bytes,
    /// Worker threads the trials are spread over (no more than there are trials).
    pub threads: usize,
}

impl Estimate {
    /// The estimate for running `points` on `threads` worker threads, as
    /// [`crate::batch::run_batch`] runs them.
    pub fn of(points: &[Scenario], threads: usize) -> Estimate {
        let loads: Vec<PointLoad> = points.iter().map(PointLoad::of).collect();
        Estimate::of_loads(&loads, threads)
    }

    /// The estimate of points already counted.
    pub(crate) fn of_loads(points: &[PointLoad], threads: usize) -> Estimate {
        let units: u64 = points.iter().map(PointLoad::all_trials).sum();
        let threads = threads
            .max(1)
            .min(usize::try_from(units).unwrap_or(usize::MAX).max(1));
        let sets = points.iter().flat_map(|p| &p.sets);
        // Each structure of each point and of each set, with its trials. A set is
        // counted as a point (its statistics, its rows), an upper bound.
        let structures = points
            .iter()
            .chain(sets.clone())
            .flat_map(|p| p.structures.iter().map(move |s| (p.trials, s)));
        let cpu = structures
            .clone()
            .map(|(trials, s)| trials as f64 * s.trial_cpu().0 + NS_PER_POINT_STRUCTURE * 1e-9)
            .sum();
        // A point's statistics are kept to the end; a set's while its trials arrive
        // (one set at a time), then only its outcome.
        let kept: f64 = points
            .iter()
            .flat_map(|p| p.structures.iter().map(move |s| s.kept(p.trials).0))
            .sum();
        let one_set = sets
            .clone()
            .map(|set| set.structures.iter().map(|s| s.kept(set.trials).0).sum())
            .fold(0.0, f64::max);
        let outcomes: f64 = points
            .iter()
            .map(|p| p.sets.len() as f64 * p.set_outcome())
            .sum();
        // Each worker runs one trial at a time; the results of a chunk of units wait
        // together to be written.
        let running = structures
            .map(|(_, s)| s.trial_state().0)
            .fold(0.0, f64::max)
            * threads as f64;
        let chunk = units.min(CHUNK as u64) as f64;
        let waiting = points
            .iter()
            .chain(sets)
            .map(|p| p.structures.iter().map(|s| s.trial_result().0).sum::<f64>())
            .fold(0.0, f64::max)
            * chunk;
        Estimate {
            cpu: Seconds(cpu),
            memory: Bytes(BASE_BYTES + kept + one_set + outcomes + running + waiting),
            threads,
        }
    }

    /// Wall-clock time: the CPU time shared by the threads.
    pub fn time(&self) -> Seconds {
        Seconds(self.cpu.0 / self.threads as f64)
    }
}

impl fmt::Display for Estimate {
    /// `about 40 s on 2 threads, 12 MB`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let threads = self.threads;
        let s = if threads == 1 { "" } else { "s" };
        write!(
            f,
            "{} on {threads} thread{s}, {}",
            About(self.time()),
            self.memory
        )
    }
}

/// An estimated amount in words: `about 3 h`, `under a second`, `about 12 MB`, and
/// what overflows any unit said as such.
pub(crate) struct About<T>(pub T);

/// A year of seconds.
const YEAR: f64 = 365.25 * 86_400.0;

impl fmt::Display for About<Seconds> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0 .0;
        if s < 1.0 {
            f.write_str("under a second")
        } else if !s.is_finite() || s >= 1000.0 * YEAR {
            f.write_str("more than a thousand years")
        } else {
            write!(f, "about {}", self.0)
        }
    }
}

impl fmt::Display for About<Bytes> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 .0.is_finite() {
            write!(f, "about {}", self.0)
        } else {
            f.write_str("an unbounded amount")
        }
    }
}

impl fmt::Display for Seconds {
    /// In the largest unit it reaches: `40 s`, `12 min`, `1.5 h`, `3 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(f64, &str); 5] = [
            (1.0, "s"),
            (60.0, "min"),
            (3600.0, "h"),
            (86_400.0, "days"),
            (YEAR, "years"),
        ];
        let s = self.0;
        let (size, name) = UNITS
            .iter()
            .rev()
            .find(|(size, _)| s >= *size)
            .unwrap_or(&UNITS[0]);
        f.write_str(&amount(s / size, name))
    }
}

impl fmt::Display for Bytes {
    /// In decimal units: `840 kB`, `12 MB`, `1.5 GB`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
        let mut value = self.0;
        let mut unit = 0;
        while value >= 1000.0 && unit + 1 < UNITS.len() {
            value /= 1000.0;
            unit += 1;
        }
        f.write_str(&amount(value, UNITS[unit]))
    }
}

/// `1.5 h`, `12 min`: one decimal below 10, none above.
fn amount(value: f64, unit: &str) -> String {
    if value < 9.95 && value.fract().abs() >= 0.05 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_in_the_unit_that_keeps_them_small() {
        assert_eq!(About(Seconds(0.2)).to_string(), "under a second");
        assert_eq!(About(Seconds(40.0)).to_string(), "about 40 s");
        assert_eq!(Seconds(40.0).to_string(), "40 s");
        assert_eq!(Seconds(90.0).to_string(), "1.5 min");
        assert_eq!(Seconds(700.0).to_string(), "12 min");
        assert_eq!(Seconds(3600.0).to_string(), "1 h");
        assert_eq!(Seconds(3.0 * 3600.0).to_string(), "3 h");
        assert_eq!(Seconds(3.0 * 86_400.0).to_string(), "3 days");
        assert_eq!(
            About(Seconds(f64::INFINITY)).to_string(),
            "more than a thousand years"
        );
        assert_eq!(
            About(Bytes(f64::INFINITY)).to_string(),
            "an unbounded amount"
        );
        assert_eq!(Bytes(840e3).to_string(), "840 kB");
        assert_eq!(Bytes(12.3e6).to_string(), "12 MB");
        assert_eq!(Bytes(1.5e9).to_string(), "1.5 GB");
        assert_eq!(Bytes(512.0).to_string(), "512 B");
    }
}
