//! Runs too large for this machine, or for an hour, are refused before anything is
//! allocated or written: exit 2, the file and the field that adds the most named, the
//! results folder as it was. And the estimate behind the refusals grows as the work
//! does: linearly in trials, weeks and developers (nothing here is timed; machines are
//! noisy, and the time model's measurements are written beside its constants).
//!
//! The fixtures are in `tests/fixtures/limits/`. The memory refusal is made certain on
//! any machine by running orgsim under an address-space limit (`ulimit -v`), which
//! the estimate reads as the memory it may take.

use crate::support::cli::{orgsim, read, stderr, stdout};
use crate::support::{fixture_dir, load};
use orgsim::estimate::{refusals, Bytes, Estimate, Field, Limits, Machine, TIME_LIMIT};
use orgsim::scenario::Scenario;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    fixture_dir("limits").join(name)
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The estimate of `points` on one thread.
fn estimate(points: &[Scenario]) -> Estimate {
    Estimate::of(points, 1)
}

/// `steady.toml` with `change` made to every point.
fn steady(change: impl Fn(&mut Scenario)) -> Vec<Scenario> {
    let mut points = load(&fixture("steady.toml"));
    points.iter_mut().for_each(change);
    points
}

/// Asserts that `f` is affine and increasing at 1, 2 and 3 times a base: equal steps
/// up (to rounding), so the estimate grows in proportion to the work.
fn assert_linear(what: &str, f: impl Fn(u32) -> f64) {
    let (one, two, three) = (f(1), f(2), f(3));
    assert!(two > one, "{what}: {one} then {two}");
    let (step, next) = (two - one, three - two);
    assert!(
        (next - step).abs() <= 1e-9 * three,
        "{what} does not grow linearly: {one}, {two}, {three}"
    );
}

#[test]
fn the_estimate_grows_linearly_in_trials_weeks_and_developers() {
    let trials = |k: u32| estimate(&steady(|p| p.run.trials = 50 * k));
    let weeks = |k: u32| estimate(&steady(|p| p.run.weeks = 20 * k));
    let developers = |k: u32| {
        estimate(&steady(|p| {
            for s in &mut p.structures {
                s.team.devs_per_squad = 4 * k;
            }
        }))
    };
    assert_linear("time in trials", |k| trials(k).time().0);
    assert_linear("time in weeks", |k| weeks(k).time().0);
    assert_linear("time in developers", |k| developers(k).time().0);
    assert_linear("memory in weeks", |k| weeks(k).memory.0);
    assert_linear("memory in developers", |k| developers(k).memory.0);
}

#[test]
fn memory_stops_growing_with_trials_once_the_statistics_are_full() {
    // Rows are streamed and statistics keep at most 1,024 values a metric: memory does
    // not grow with the trials beyond that.
    let at = |trials: u32| estimate(&steady(|p| p.run.trials = trials)).memory;
    assert!(at(200) < at(1024));
    assert_eq!(at(2048), at(40_000));
}

#[test]
fn more_threads_share_the_time_and_take_more_memory() {
    let points = load(&fixture("steady.toml"));
    let (one, two) = (Estimate::of(&points, 1), Estimate::of(&points, 2));
    assert_eq!(one.cpu, two.cpu);
    assert!((two.time().0 - one.time().0 / 2.0).abs() < 1e-12);
    assert!(two.memory > one.memory);
    // No more threads than there are trials to share.
    let single = steady(|p| p.run.trials = 1);
    assert_eq!(Estimate::of(&single, 8).threads, 1);
}

#[test]
fn check_prints_the_estimate_of_each_file() {
    let o = orgsim(&["check", &text(&fixture("steady.toml")), "--threads", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "2 structures (pool, per-squad), 1 sweep point; under a second on 2 threads, "
        ),
        "{out}"
    );
    assert!(out.trim_end().ends_with(" MB"), "{out}");
}

/// A results folder from a good run, and a copy of its bytes to compare with later.
struct Results {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    before: Vec<(PathBuf, Vec<u8>)>,
}

impl Results {
    fn new() -> Results {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("results");
        let small = fixture_dir("cli").join("small.toml");
        let o = orgsim(&["run", &text(&small), "--out", &text(&dir), "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut before: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        before.sort();
        Results {
            _tmp: tmp,
            dir,
            before,
        }
    }

    /// The folder holds what it held, byte for byte, and nothing stands beside it (no
    /// staging folder, no lock).
    fn assert_untouched(&self) {
        let mut now: Vec<PathBuf> = fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        now.sort();
        let then: Vec<&PathBuf> = self.before.iter().map(|(p, _)| p).collect();
        assert_eq!(now.iter().collect::<Vec<_>>(), then);
        for (path, bytes) in &self.before {
            assert!(
                &fs::read(path).unwrap() == bytes,
                "{} changed",
                path.display()
            );
        }
        let beside: Vec<String> = fs::read_dir(self.dir.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside, ["results"]);
    }
}

/// Asserts a refusal: exit 2, no panic, every one of `words` in the message.
fn assert_refused(o: &Output, words: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for word in words {
        assert!(err.contains(word), "no {word:?} in:\n{err}");
    }
    err
}

/// Line and column (from 1) of the first `needle` in a file, as the report writes them.
fn position(path: &Path, needle: &str) -> String {
    let text = read(path);
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{}:{line}:{column}: ", path.display())
}

#[test]
fn a_run_longer_than_an_hour_is_refused_unless_the_limit_is_lifted() {
    let long = fixture("long.toml");
    let at = position(&long, "1000000");
    let words = [
        at.as_str(),
        "run.trials: the run would take about",
        "on 1 thread, longer than the limit of 1 h (--no-limit lifts it)",
        "run.trials adds the most: lower it",
    ];
    let results = Results::new();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--threads", "1", "--quiet", "--out"];
        let (file, out) = (text(&long), text(&results.dir));
        args.extend([out.as_str(), file.as_str()]);
        args.extend(extra);
        orgsim(&args)
    };
    let err = assert_refused(&run(&[]), &words);
    assert!(
        err.ends_with("refused: too large to run; nothing was run\n"),
        "{err}"
    );
    results.assert_untouched();

    let check = orgsim(&["check", "--threads", "1", &text(&long)]);
    assert_refused(&check, &words);
    // The estimate is printed all the same.
    assert!(stdout(&check).contains("about 2"), "{}", stdout(&check));
    let lifted = orgsim(&["check", "--threads", "1", "--no-limit", &text(&long)]);
    assert_eq!(lifted.status.code(), Some(0), "{}", stderr(&lifted));

    // Asked on the command line, the trials are blamed on the flag.
    let flagged = orgsim(&[
        "run",
        "--threads",
        "1",
        "--trials",
        "1000000",
        "--quiet",
        "--out",
        &text(&results.dir),
        &text(&long),
    ]);
    assert_refused(
        &flagged,
        &[
            "long.toml: --trials: the run would take",
            "--trials adds the most",
        ],
    );
    results.assert_untouched();
}

/// Runs orgsim with `args` under an address-space limit of `kib` kilobytes.
fn orgsim_within(kib: u64, args: &[&str]) -> Output {
    let command = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .arg(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn a_run_that_cannot_fit_in_memory_is_refused_naming_the_field() {
    let crowded = fixture("crowded.toml");
    let at = position(&crowded, "10000");
    let words = [
        at.as_str(),
        "structures[0].people[0].count: the run would need about 1.1 GB of memory, more \
         than the",
        "this machine can give it; structures[0].people[0].count adds the most: lower it",
    ];
    let results = Results::new();
    let (file, out) = (text(&crowded), text(&results.dir));
    // Half a gigabyte of address space: far less than the run needs, far more than
    // orgsim needs to read the file.
    let run = ["run", "--threads", "1", "--quiet", "--out", &out, &file];
    assert_refused(&orgsim_within(500_000, &run), &words);
    results.assert_untouched();
    let check = ["check", "--threads", "1", "--no-limit", &file];
    assert_refused(&orgsim_within(500_000, &check), &words);
}

#[test]
fn more_trials_in_all_than_a_run_may_have_are_refused_at_the_sweep() {
    let many = fixture("many_points.toml");
    let at = position(&many, "[sweep]");
    let o = orgsim(&["check", "--threads", "1", &text(&many)]);
    assert_refused(
        &o,
        &[
            &format!("{at}sweep: the run asks for 2000000 trials of each structure in all (1000 sweep points × 2000 trials), more than the 1000000 a run may have"),
        ],
    );
    // The flag itself is bounded the same.
    let o = orgsim(&["run", "--trials", "1000001", &text(&fixture("steady.toml"))]);
    assert_refused(&o, &["--trials", "from 1 to 1000000"]);
}

#[test]
fn the_issues_oversized_team_and_endless_run_are_refused_before_running() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("huge.toml");
    fs::write(
        &file,
        "[run]\nweeks = 1000000000\n\n[team]\nsquads = 10000\ndevs_per_squad = 10000\n\n\
         [work]\nunlimited_backlog = true\n\n[[structures]]\nname = \"s\"\n\
         people = [ { role = \"po\", count = 1, duties = [\"answer\"] } ]\n",
    )
    .unwrap();
    let results = Results::new();
    let o = orgsim(&["run", "--quiet", "--out", &text(&results.dir), &text(&file)]);
    assert_refused(
        &o,
        &[
            "huge.toml:2:9: run.weeks: weeks must be at most 5200, got 1000000000",
            "huge.toml:6:18: team.devs_per_squad: a structure may have at most 100000 \
             developers, got 100000000 (10000 squads of 10000)",
            "nothing was run",
        ],
    );
    results.assert_untouched();
}

#[test]
fn the_library_names_the_field_that_adds_the_most() {
    let machine = Machine {
        threads: 1,
        memory: Some(Bytes(1e9)),
    };
    let limits = Limits {
        machine,
        time: Some(TIME_LIMIT),
        trials_from_command_line: false,
    };
    let crowded = load(&fixture("crowded.toml"));
    let long = load(&fixture("long.toml"));
    let steady = load(&fixture("steady.toml"));
    let refused = refusals(&[&crowded, &long, &steady], &limits);
    let culprits: Vec<_> = refused.iter().map(|r| r.culprit).collect();
    assert_eq!(
        culprits,
        [
            Some((
                0,
                Field::Staffing {
                    structure: 0,
                    entry: 0
                }
            )),
            Some((1, Field::Trials)),
        ]
    );
    // Lifted, the time is no reason; the memory still is.
    let lifted = Limits {
        time: None,
        ..limits
    };
    assert_eq!(refusals(&[&crowded, &long], &lifted).len(), 1);
    // Unknown memory refuses nothing for it.
    let unknown = Limits {
        machine: Machine {
            memory: None,
            ..machine
        },
        time: None,
        ..limits
    };
    assert!(refusals(&[&crowded], &unknown).is_empty());
}
