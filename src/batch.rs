//! The batch runner: every trial of every scenario point, in parallel, streamed to a
//! sink in a fixed order.
//!
//! The unit of parallel work is one trial index of one scenario point, running *all*
//! its structures one after another on one thread: the results of trial i of every
//! structure arrive together, so paired differences are folded in on the spot and
//! nothing waits in memory for its partner. A point with `[uncertainty]` has more
//! units: after its own trials, the trials of each of its parameter sets, set by set
//! (a [`Unit`] names which).
//!
//! Units come from one sequence (all trials of the first point and of its sets, then
//! of the second …, across every file of the batch). They are simulated on a rayon
//! pool, started in sequence order, at most [`CHUNK`] ahead of the sink; the calling
//! thread hands each result to the sink as soon as it and every unit before it are
//! done, while the workers go on simulating. Hence:
//! - the sink sees units in the same order whatever the thread count, so output files
//!   are identical byte for byte with `--threads 1` or `--threads 8`;
//! - memory is bounded by [`CHUNK`] units' results, whatever the number of trials;
//! - the sink's work (formatting rows, folding statistics) overlaps the simulation,
//!   and no worker waits for another (there is no barrier between groups of units):
//!   the serial part of a run is only its start and its end;
//! - a unit's results depend only on (scenario point, structure, trial) through the
//!   pure [`run_trial`]: never on threads, the order in which units finish or the
//!   other files of the batch.
//!
//! [`run_batch_until`] also watches a stop flag (raised by the CLI on Ctrl-C): workers
//! start no new trial once it is up, and the sink gets no partial unit.
//!
//! [`run_block_until`] runs one contiguous [`UnitRange`] of that sequence (a shard of
//! a run split over machines): the sink sees exactly the units, in the same order,
//! that a whole run would hand it in that range.
//!
//! This module owns no file format and no statistics: that is the sink's job.

use crate::model::{run_trial, TrialResult};
use crate::scenario::{Scenario, SetIndex};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Units (one trial of one point, all structures) that may be simulated ahead of the
/// sink, and so the most units whose results are held at once. Large enough that a
/// worker never waits for a slow unit before it, or for the sink, small enough that
/// the results take little memory.
pub const CHUNK: usize = 128;

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Worker threads; `None` for one per CPU.
    pub threads: Option<usize>,
    /// Show a progress bar on stderr (the caller decides: a terminal, not `--quiet`).
    pub progress: bool,
}

/// Receives the results of a batch, one unit at a time, in a fixed order.
pub trait TrialSink {
    /// What can go wrong in the sink (writing a file …).
    type Error;

    /// Called once per trial `trial` of scenario point `point` (an index into the
    /// batch's points) with `results[k]` the result of structure k. Units come in
    /// point order, then trial order. An error stops the batch.
    fn trial(
        &mut self,
        point: usize,
        trial: u32,
        results: &[TrialResult],
    ) -> Result<(), Self::Error>;

    /// Called once per trial `trial` of parameter set `set` of point `point`, with
    /// `results[k]` the result of structure k: after the point's own trials, set by
    /// set, each set's trials in order. A sink that reads the points as written only
    /// leaves them aside, as this default does.
    fn set_trial(
        &mut self,
        point: usize,
        set: SetIndex,
        trial: u32,
        results: &[TrialResult],
    ) -> Result<(), Self::Error> {
        let _ = (point, set, trial, results);
        Ok(())
    }
}

/// One unit of a batch: every structure of one trial of a point as written, or of one
/// of its parameter sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// The point's index in the batch.
    pub point: usize,
    /// The parameter set of the point's `[uncertainty]`; `None` for the point as written.
    pub set: Option<SetIndex>,
    /// The trial's number.
    pub trial: u32,
}

impl Unit {
    /// The scenario the unit's trial runs: the point as written, or its set.
    ///
    /// # Panics
    /// If the unit is not one of `points` (a bug: units come from [`units`]).
    pub fn scenario<'a>(&self, points: &'a [Scenario]) -> &'a Scenario {
        let point = &points[self.point];
        match (self.set, &point.uncertainty) {
            (Some(set), Some(uncertainty)) => &uncertainty.set(set).scenario,
            _ => point,
        }
    }

    /// Hands the unit's results to `sink`.
    fn hand_to<S: TrialSink>(self, sink: &mut S, results: &[TrialResult]) -> Result<(), S::Error> {
        match self.set {
            None => sink.trial(self.point, self.trial, results),
            Some(set) => sink.set_trial(self.point, set, self.trial, results),
        }
    }
}

/// What can stop a batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError<E> {
    /// The worker thread pool could not be built.
    #[error("could not start the worker threads: {0}")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
    /// The sink failed.
    #[error(transparent)]
    Sink(E),
}

/// Runs `run.trials` trials of every structure of every point, feeding `sink`.
pub fn run_batch<S: TrialSink>(
    points: &[Scenario],
    options: &BatchOptions,
    sink: &mut S,
) -> Result<(), BatchError<S::Error>> {
    run_batch_with(points, options, sink, run_trial)
}

/// As [`run_batch`], with the trial function given: the seam that lets the batch and
/// the writers be tested with synthetic results. `trial_fn` must be pure for the
/// output to be deterministic.
pub fn run_batch_with<S, F>(
    points: &[Scenario],
    options: &BatchOptions,
    sink: &mut S,
    trial_fn: F,
) -> Result<(), BatchError<S::Error>>
where
    S: TrialSink,
    F: Fn(&Scenario, usize, u32) -> TrialResult + Sync,
{
    let never = AtomicBool::new(false);
    let all = UnitRange::all(points);
    run_units(points, all, options, sink, trial_fn, &never).map(|_| ())
}

/// How a batch that can be stopped ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Every trial was run and handed to the sink.
    Finished,
    /// The stop flag was raised: the sink got a prefix of the units, in order, and
    /// no partial unit.
    Stopped,
}

/// As [`run_batch`], stopping early once `stop` is set (by a signal handler, say):
/// workers start no new trial, the units not yet handed over are dropped, and the
/// sink is not called again. How long a stop takes is at most one trial per worker.
pub fn run_batch_until<S: TrialSink>(
    points: &[Scenario],
    options: &BatchOptions,
    sink: &mut S,
    stop: &AtomicBool,
) -> Result<Completion, BatchError<S::Error>> {
    let all = UnitRange::all(points);
    run_units(points, all, options, sink, run_trial, stop)
}

/// As [`run_batch_until`], for the units of `block` only: the sink gets the units of
/// the block, in the order and with the results a whole run would give them.
pub fn run_block_until<S: TrialSink>(
    points: &[Scenario],
    block: UnitRange,
    options: &BatchOptions,
    sink: &mut S,
    stop: &AtomicBool,
) -> Result<Completion, BatchError<S::Error>> {
    run_units(points, block, options, sink, run_trial, stop)
}

/// As [`run_block_until`], with the trial function given (see [`run_batch_with`]),
/// and no stop flag.
pub fn run_block_with<S, F>(
    points: &[Scenario],
    block: UnitRange,
    options: &BatchOptions,
    sink: &mut S,
    trial_fn: F,
) -> Result<(), BatchError<S::Error>>
where
    S: TrialSink,
    F: Fn(&Scenario, usize, u32) -> TrialResult + Sync,
{
    let never = AtomicBool::new(false);
    run_units(points, block, options, sink, trial_fn, &never).map(|_| ())
}

fn run_units<S, F>(
    points: &[Scenario],
    block: UnitRange,
    options: &BatchOptions,
    sink: &mut S,
    trial_fn: F,
    stop: &AtomicBool,
) -> Result<Completion, BatchError<S::Error>>
where
    S: TrialSink,
    F: Fn(&Scenario, usize, u32) -> TrialResult + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .thread_name(|i| format!("orgsim-worker-{i}"))
        .build()?;

    // Progress counts trials of one structure: the unit a reader thinks in.
    let total: u64 = units(points, block)
        .map(|unit| points[unit.point].structures.len() as u64)
        .sum();
    let bar = progress_bar(options.progress, total);

    // Raised when the sink fails: the units not yet started are skipped.
    let abandoned = AtomicBool::new(false);
    let halted = || stop.load(Ordering::Relaxed) || abandoned.load(Ordering::Relaxed);
    let (done, finished) = mpsc::channel::<Done>();
    let trial_fn = &trial_fn;
    let end = pool.in_place_scope_fifo(|scope| {
        let mut next = units(points, block);
        // Units started and not yet handed to the sink, in sequence order: each slot
        // fills when its unit is done, and the sink takes them from the front.
        let mut window: VecDeque<Slot> = VecDeque::with_capacity(CHUNK);
        // Sequence index of the unit at the window's front.
        let mut front: usize = 0;
        loop {
            while window.len() < CHUNK {
                let Some(unit) = next.next() else { break };
                let index = front + window.len();
                window.push_back(Slot {
                    unit,
                    results: None,
                });
                let done = done.clone();
                let (halted, bar) = (&halted, &bar);
                scope.spawn_fifo(move |_| {
                    let point = unit.scenario(points);
                    // A panic (a bug, never bad input) is carried to the calling thread,
                    // which would otherwise wait for this unit for ever.
                    let results = panic::catch_unwind(AssertUnwindSafe(|| {
                        // `None` as soon as the batch is halted: the unit is dropped whole.
                        (0..point.structures.len())
                            .map(|k| {
                                if halted() {
                                    return None;
                                }
                                let result = trial_fn(point, k, unit.trial);
                                // Counted as trials finish, not as units are handed over,
                                // so the bar moves smoothly; it decides nothing.
                                bar.inc(1);
                                Some(result)
                            })
                            .collect()
                    }));
                    // The receiver outlives the scope, so the send cannot fail.
                    let _ = done.send(Done { index, results });
                });
            }
            if window.is_empty() {
                return Ok(Completion::Finished);
            }
            // Every unit in the window is under way and sends once, and this thread
            // holds a sender too: `recv` returns a message.
            let Ok(Done { index, results }) = finished.recv() else {
                return Ok(Completion::Stopped);
            };
            window[index - front].results = Some(results);
            // Hand over the done units at the front, in sequence order.
            while let Some(slot) = window.front_mut() {
                let Some(results) = slot.results.take() else {
                    break;
                };
                let unit = slot.unit;
                window.pop_front();
                front += 1;
                let results = results.unwrap_or_else(|payload| {
                    abandoned.store(true, Ordering::Relaxed);
                    panic::resume_unwind(payload)
                });
                let Some(results) = results.filter(|_| !stop.load(Ordering::Relaxed)) else {
                    abandoned.store(true, Ordering::Relaxed);
                    return Ok(Completion::Stopped);
                };
                if let Err(e) = unit.hand_to(sink, &results) {
                    abandoned.store(true, Ordering::Relaxed);
                    return Err(BatchError::Sink(e));
                }
            }
        }
    });
    bar.finish_and_clear();
    end
}

/// A unit started and not yet handed to the sink.
struct Slot {
    unit: Unit,
    /// `Some` once the unit is done: see [`Done::results`].
    results: Option<UnitResults>,
}

/// A unit done, sent from the worker that ran it.
struct Done {
    /// The unit's index in the sequence, counted from the first unit of the run.
    index: usize,
    results: UnitResults,
}

/// What a unit gives: the result of each structure, `None` if the batch was halted
/// before the unit ended, or the panic of the trial that failed.
type UnitResults = std::thread::Result<Option<Vec<TrialResult>>>;

/// A contiguous run of the batch's units, by their index in the sequence every run
/// follows (all trials of the first point, then of each of its parameter sets, then of
/// the second point …): `start..end`. Every structure of a trial is in the unit, so a
/// block never splits a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRange {
    /// Index of the first unit.
    pub start: u64,
    /// Index one past the last unit.
    pub end: u64,
}

impl UnitRange {
    /// Every unit of the batch of `points`.
    pub fn all(points: &[Scenario]) -> UnitRange {
        UnitRange {
            start: 0,
            end: unit_count(points),
        }
    }

    /// The number of units in the range.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the range holds no unit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The number of units of the batch of `points`: the trials of every point that has a
/// structure to run, and of its parameter sets.
pub fn unit_count(points: &[Scenario]) -> u64 {
    points.iter().map(point_units).sum()
}

/// The units of one point: its trials and its sets', none without a structure.
fn point_units(point: &Scenario) -> u64 {
    if point.structures.is_empty() {
        return 0;
    }
    let sets = point
        .uncertainty
        .as_ref()
        .map_or(0, |u| u.sets.len() as u64 * u64::from(u.trials));
    u64::from(point.run.trials) + sets
}

/// The units of `block`, in the order a run hands them to its sink.
pub fn units(points: &[Scenario], block: UnitRange) -> impl Iterator<Item = Unit> + '_ {
    Units::starting_at(points, block.start).take_while_index(block.end)
}

/// The sequence of units, point-major (a point's own trials, then its sets' in set
/// order), with each unit's index in the sequence.
struct Units<'a> {
    points: &'a [Scenario],
    point: usize,
    set: Option<u32>,
    trial: u32,
    index: u64,
}

impl<'a> Units<'a> {
    /// The sequence from the unit of index `start` on, found without walking the
    /// units before it.
    fn starting_at(points: &'a [Scenario], start: u64) -> Self {
        let mut skip = start;
        let mut point = 0;
        for p in points {
            let units = point_units(p);
            if skip < units {
                break;
            }
            skip -= units;
            point += 1;
        }
        let own = points.get(point).map_or(0, |p| u64::from(p.run.trials));
        let (set, trial) = match points.get(point).and_then(|p| p.uncertainty.as_ref()) {
            Some(u) if skip >= own => {
                let within = skip - own;
                let per_set = u64::from(u.trials);
                (Some(within / per_set), within % per_set)
            }
            // Below the point's trial count, or 0 past the last point.
            _ => (None, skip),
        };
        Units {
            points,
            point,
            // Within a point's counts, which are u32.
            set: set.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
            trial: u32::try_from(trial).unwrap_or(0),
            index: start,
        }
    }

    /// The units of index below `end`.
    fn take_while_index(self, end: u64) -> impl Iterator<Item = Unit> + 'a {
        self.take_while(move |&(_, index)| index < end)
            .map(|(unit, _)| unit)
    }
}

impl Iterator for Units<'_> {
    type Item = (Unit, u64);

    fn next(&mut self) -> Option<(Unit, u64)> {
        loop {
            let point = self.points.get(self.point)?;
            let sets = point.uncertainty.as_ref();
            let trials = match (self.set, sets) {
                (None, _) => point.run.trials,
                (Some(s), Some(u)) if (s as usize) < u.sets.len() => u.trials,
                _ => 0,
            };
            // A point without structures has nothing to run.
            if self.trial < trials && !point.structures.is_empty() {
                let unit = Unit {
                    point: self.point,
                    set: self.set.map(SetIndex),
                    trial: self.trial,
                };
                self.trial += 1;
                self.index += 1;
                return Some((unit, self.index - 1));
            }
            self.trial = 0;
            let next_set = self.set.map_or(0, |s| s + 1);
            if sets.is_some_and(|u| (next_set as usize) < u.sets.len()) {
                self.set = Some(next_set);
            } else {
                self.set = None;
                self.point += 1;
            }
        }
    }
}

/// A progress bar on stderr with trials done, rate and ETA, or a hidden one.
fn progress_bar(show: bool, total: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    // The template is a constant; should it ever fail to parse, the default style will do.
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {human_pos}/{human_len} trials  {rate} trials/s  eta {eta}",
    ) {
        bar.set_style(style.with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}", state.per_sec());
            },
        ));
    }
    bar
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Metric, TrialMetrics};

    /// A synthetic trial function: a pure function of its arguments, so different in
    /// every cell and easy to check.
    pub(crate) fn fake_trial(s: &Scenario, k: usize, t: u32) -> TrialResult {
        let mut metrics = TrialMetrics::default();
        let base = s.name.len() as f64 * 1000.0 + k as f64 * 100.0 + f64::from(t);
        metrics.set(Metric::ThroughputPerWeek, base);
        metrics.set(
            Metric::DecisionLatencyMeanH,
            1.0 + k as f64 + f64::from(t % 7) * 0.1,
        );
        TrialResult::synthetic(metrics, vec![])
    }

    #[derive(Default)]
    struct Collect(Vec<(usize, u32, Vec<f64>)>);

    impl TrialSink for Collect {
        type Error = std::convert::Infallible;
        fn trial(&mut self, p: usize, t: u32, r: &[TrialResult]) -> Result<(), Self::Error> {
            let v = r
                .iter()
                .map(|r| r.metrics.get(Metric::ThroughputPerWeek))
                .collect();
            self.0.push((p, t, v));
            Ok(())
        }
    }

    fn run(points: &[Scenario], threads: usize) -> Vec<(usize, u32, Vec<f64>)> {
        let mut sink = Collect::default();
        let options = BatchOptions {
            threads: Some(threads),
            progress: false,
        };
        run_batch_with(points, &options, &mut sink, fake_trial).unwrap();
        sink.0
    }

    #[test]
    fn units_come_in_point_then_trial_order_whatever_the_threads() {
        let points = [
            crate::output::tests::point("a", &[], 300, 2),
            crate::output::tests::point("bb", &[], 5, 3),
        ];
        let one = run(&points, 1);
        assert_eq!(one.len(), 305);
        assert_eq!(one[0], (0, 0, vec![1000.0, 1100.0]));
        assert_eq!(one[299].1, 299);
        assert_eq!(one[300], (1, 0, vec![2000.0, 2100.0, 2200.0]));
        assert_eq!(one, run(&points, 2));
        assert_eq!(one, run(&points, 3));
    }

    #[test]
    fn blocks_end_to_end_are_the_whole_run() {
        let points = [
            crate::output::tests::point("a", &[], 7, 2),
            crate::output::tests::point("none", &[], 5, 0),
            crate::output::tests::point("bb", &[], 300, 3),
        ];
        let whole = run(&points, 2);
        assert_eq!(unit_count(&points), 307);
        for cuts in [
            vec![0, 307],
            vec![0, 3, 7, 8, 200, 307],
            vec![0, 0, 7, 307, 307],
        ] {
            let mut pieces = Vec::new();
            for w in cuts.windows(2) {
                let block = UnitRange {
                    start: w[0],
                    end: w[1],
                };
                let listed: Vec<(usize, u32)> = units(&points, block)
                    .map(|unit| (unit.point, unit.trial))
                    .collect();
                assert_eq!(listed.len() as u64, block.len());
                let mut sink = Collect::default();
                run_block_with(
                    &points,
                    block,
                    &BatchOptions::default(),
                    &mut sink,
                    fake_trial,
                )
                .unwrap();
                let seen: Vec<(usize, u32)> = sink.0.iter().map(|&(p, t, _)| (p, t)).collect();
                assert_eq!(seen, listed);
                pieces.extend(sink.0);
            }
            assert_eq!(pieces, whole, "{cuts:?}");
        }
    }

    /// `point` with `sets` parameter sets of `trials` trials each, set s being the point
    /// with its name suffixed by s, so that a fake trial tells them apart.
    pub(crate) fn with_sets(mut point: Scenario, sets: usize, trials: u32) -> Scenario {
        let set = |s: usize| {
            let mut scenario = point.clone();
            scenario.name.push_str(&"+".repeat(s + 1));
            scenario.run.trials = trials;
            crate::scenario::ParameterSet {
                texts: vec![s.to_string()],
                numbers: vec![s as f64],
                scenario,
            }
        };
        let sets = (0..sets).map(set).collect();
        point.uncertainty = Some(crate::scenario::Uncertainty {
            parameters: vec!["x".into()],
            trials,
            sets,
        });
        point
    }

    /// Every unit handed over: (point, set, trial, throughput of each structure).
    #[derive(Default)]
    struct CollectAll(Vec<(usize, Option<u32>, u32, Vec<f64>)>);

    impl TrialSink for CollectAll {
        type Error = std::convert::Infallible;
        fn trial(&mut self, p: usize, t: u32, r: &[TrialResult]) -> Result<(), Self::Error> {
            let v = r.iter().map(|r| r.metrics.get(Metric::ThroughputPerWeek));
            self.0.push((p, None, t, v.collect()));
            Ok(())
        }
        fn set_trial(
            &mut self,
            p: usize,
            set: SetIndex,
            t: u32,
            r: &[TrialResult],
        ) -> Result<(), Self::Error> {
            let v = r.iter().map(|r| r.metrics.get(Metric::ThroughputPerWeek));
            self.0.push((p, Some(set.0), t, v.collect()));
            Ok(())
        }
    }

    #[test]
    fn a_points_sets_follow_its_own_trials_set_by_set_and_blocks_cut_anywhere() {
        let points = [
            with_sets(crate::output::tests::point("a", &[], 3, 2), 4, 5),
            crate::output::tests::point("bb", &[], 2, 1),
            with_sets(crate::output::tests::point("c", &[], 0, 1), 2, 3),
        ];
        assert_eq!(unit_count(&points), 3 + 4 * 5 + 2 + 2 * 3);
        let mut whole = CollectAll::default();
        let options = BatchOptions {
            threads: Some(2),
            progress: false,
        };
        run_batch_with(&points, &options, &mut whole, fake_trial).unwrap();
        let seen: Vec<(usize, Option<u32>, u32)> =
            whole.0.iter().map(|&(p, s, t, _)| (p, s, t)).collect();
        let mut expected: Vec<(usize, Option<u32>, u32)> = (0..3).map(|t| (0, None, t)).collect();
        for s in 0..4 {
            expected.extend((0..5).map(|t| (0, Some(s), t)));
        }
        expected.extend((0..2).map(|t| (1, None, t)));
        for s in 0..2 {
            expected.extend((0..3).map(|t| (2, Some(s), t)));
        }
        assert_eq!(seen, expected);
        // A set's trial runs the set's scenario: "a+" has a name one longer than "a".
        assert_eq!(whole.0[3].3, [2000.0, 2100.0]);
        assert_eq!(whole.0[3 + 5].3, [3000.0, 3100.0]);
        for cut in 0..=unit_count(&points) {
            let mut pieces = CollectAll::default();
            for block in [
                UnitRange { start: 0, end: cut },
                UnitRange {
                    start: cut,
                    end: unit_count(&points),
                },
            ] {
                let listed: Vec<Unit> = units(&points, block).collect();
                assert_eq!(listed.len() as u64, block.len(), "cut at {cut}");
                run_block_with(&points, block, &options, &mut pieces, fake_trial).unwrap();
            }
            assert_eq!(pieces.0, whole.0, "cut at {cut}");
        }
    }

    #[test]
    fn a_sink_error_stops_the_batch() {
        struct Fail(u32);
        impl TrialSink for Fail {
            type Error = &'static str;
            fn trial(&mut self, _: usize, _: u32, _: &[TrialResult]) -> Result<(), &'static str> {
                self.0 += 1;
                if self.0 == 3 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            }
        }
        let points = [crate::output::tests::point("a", &[], 1000, 1)];
        let mut sink = Fail(0);
        let err = run_batch_with(&points, &BatchOptions::default(), &mut sink, fake_trial);
        assert!(matches!(err, Err(BatchError::Sink("disk full"))));
        assert_eq!(sink.0, 3);
    }

    #[test]
    fn a_raised_stop_flag_ends_the_batch_after_whole_units_only() {
        /// Raises the stop flag while taking the unit `at`.
        struct StopAt<'a> {
            at: usize,
            stop: &'a AtomicBool,
            seen: Vec<(usize, u32)>,
        }
        impl TrialSink for StopAt<'_> {
            type Error = std::convert::Infallible;
            fn trial(&mut self, p: usize, t: u32, _: &[TrialResult]) -> Result<(), Self::Error> {
                if self.seen.len() == self.at {
                    self.stop.store(true, Ordering::Relaxed);
                }
                self.seen.push((p, t));
                Ok(())
            }
        }
        let points = [crate::output::tests::point("a", &[], 1000, 2)];
        let stop = AtomicBool::new(false);
        let mut sink = StopAt {
            at: 5,
            stop: &stop,
            seen: Vec::new(),
        };
        let options = BatchOptions::default();
        let end = run_units(
            &points,
            UnitRange::all(&points),
            &options,
            &mut sink,
            fake_trial,
            &stop,
        )
        .unwrap();
        assert_eq!(end, Completion::Stopped);
        // The unit under way is handed over whole, then nothing more, though later
        // units were done already.
        let expected: Vec<(usize, u32)> = (0..=5).map(|t| (0, t)).collect();
        assert_eq!(sink.seen, expected);

        // Raised before the start: nothing runs.
        let mut sink = StopAt {
            at: usize::MAX,
            stop: &stop,
            seen: Vec::new(),
        };
        let end = run_units(
            &points,
            UnitRange::all(&points),
            &options,
            &mut sink,
            fake_trial,
            &stop,
        )
        .unwrap();
        assert_eq!(end, Completion::Stopped);
        assert!(sink.seen.is_empty());
    }

    #[test]
    fn a_panic_in_a_trial_reaches_the_caller() {
        let points = [crate::output::tests::point("a", &[], 300, 2)];
        let mut sink = Collect::default();
        let options = BatchOptions {
            threads: Some(2),
            progress: false,
        };
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            run_batch_with(&points, &options, &mut sink, |s, k, t| {
                assert!(t != 7, "a bug in trial 7");
                fake_trial(s, k, t)
            })
        }));
        assert!(outcome.is_err(), "the batch must not hang or succeed");
        assert!(sink.0.len() <= 7, "{} units handed over", sink.0.len());
    }

    #[test]
    fn units_finishing_out_of_order_are_handed_over_in_order() {
        // Early units are slow, so later ones finish first on the other workers.
        let points = [crate::output::tests::point("a", &[], 40, 1)];
        let mut sink = Collect::default();
        let options = BatchOptions {
            threads: Some(3),
            progress: false,
        };
        run_batch_with(&points, &options, &mut sink, |s, k, t| {
            if t % 10 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            fake_trial(s, k, t)
        })
        .unwrap();
        let order: Vec<u32> = sink.0.iter().map(|&(_, t, _)| t).collect();
        assert_eq!(order, (0..40).collect::<Vec<_>>());
    }
}
