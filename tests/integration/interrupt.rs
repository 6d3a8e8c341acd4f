//! End to end, how a run ends and what it leaves behind, with the `orgsim` binary in
//! temporary folders:
//! - SIGINT or SIGTERM during a run: exit 130 or 143, one line saying what was kept,
//!   no staging folder or lock left, the previous results byte for byte as they were;
//! - a second signal ends the run at once; a staging folder or a lock left by that or
//!   by a killed process is cleared by the next run into the same folder, those of a
//!   live process never;
//! - a second run into a folder another run is writing to is refused (exit 2);
//! - exit codes: 2 for every bad argument, output path or scenario path (a device or a
//!   pipe is refused, not read forever), with a message that says what is allowed.
//!
//! A run is caught mid-way by starting one with far more trials than it could finish
//! and waiting until its staging folder holds rows.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Two structures, two simulated years: a trial takes about a millisecond, so a run
/// writes rows soon and is nowhere near done when it is stopped.
const SCENARIO: &str = r#"
name = "interrupt"

[run]
weeks = 104
warmup_weeks = 1
trials = 3
seed = 7

[team]
squads = 1
devs_per_squad = 3

[work]
unlimited_backlog = true
item_effort_hours = { dist = "exp", mean = 8 }
question_every_hours = { dist = "exp", mean = 4 }
answer_hours = { dist = "exp", mean = 0.5 }
escalation_share = 0.2
escalation_hours = { dist = "exp", mean = 1 }
accept_hours = 0.5
ceremony_hours_per_week = 0

[[structures]]
name = "combined"
people = [ { role = "pm-po", count = 1, duties = ["escalation", "answer", "accept"] } ]

[[structures]]
name = "separated"
people = [
  { role = "pm", count = 1, duties = ["escalation"] },
  { role = "po", per_squad = 1, duties = ["answer", "accept"] },
]
"#;

/// Trials of a run meant to be stopped: the most a run may ask for, a quarter of an
/// hour of work or more (`--no-limit` goes with it), far longer than a test waits.
const ENDLESS: &str = "1000000";

/// Longest wait for a background run to reach a state.
const PATIENCE: Duration = Duration::from_secs(120);

/// A temporary folder with the scenario in it, where runs write `out/`.
struct Place {
    root: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let root = tempfile::tempdir().expect("a temporary folder");
        fs::write(root.path().join("interrupt.toml"), SCENARIO).expect("the scenario");
        Place { root }
    }

    fn scenario(&self) -> String {
        path_text(&self.root.path().join("interrupt.toml"))
    }

    /// The output folder.
    fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    /// Runs `orgsim run` to completion with `trials` trials and the given extra
    /// arguments.
    fn run(&self, trials: &str, extra: &[&str]) -> Output {
        let (scenario, out) = (self.scenario(), path_text(&self.out()));
        let mut args = vec![
            "run", &scenario, "--out", &out, "--quiet", "--trials", trials,
        ];
        args.extend(extra);
        orgsim(&args)
    }

    /// Starts a run that will not finish by itself.
    fn start(&self) -> Background {
        let child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args(["run", &self.scenario(), "--out"])
            .arg(self.out())
            .args([
                "--quiet",
                "--threads",
                "1",
                "--no-limit",
                "--trials",
                ENDLESS,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the orgsim binary starts");
        Background { child }
    }

    /// The names beside `out` that belong to it: `out`, `out.lock`, `out.tmp-…`.
    fn beside_out(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root.path())
            .expect("the temporary folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n == "out" || n.starts_with("out."))
            .collect();
        names.sort();
        names
    }
}

/// A run in the background; killed (and reaped) if the test ends before it does.
struct Background {
    child: Child,
}

impl Background {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until the run writes rows into its staging folder: it is mid-run.
    fn wait_until_writing(&mut self, out: &Path) {
        let trials = staging_of(out, self.pid()).join("trials.csv");
        let start = Instant::now();
        while fs::metadata(&trials).map_or(0, |m| m.len()) < 4096 {
            if let Some(status) = self.child.try_wait().expect("the run's status") {
                panic!("the run ended early with {status}");
            }
            assert!(start.elapsed() < PATIENCE, "the run wrote no rows");
            sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, signal: i32) {
        let pid = libc::pid_t::try_from(self.pid()).expect("a pid");
        // SAFETY: sends a signal to our own child, which has not been reaped yet.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "the signal was sent");
    }

    /// Waits for the end of the run: its status and what it wrote to stderr.
    fn end(mut self) -> (ExitStatus, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the run's status") {
                break status;
            }
            assert!(start.elapsed() < PATIENCE, "the run did not stop");
            sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("stderr");
        }
        (status, stderr)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn orgsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .output()
        .expect("the orgsim binary runs")
}

/// As [`orgsim`], in folder `dir`: the default output folder is created there, should
/// a run that is meant to be refused go ahead.
fn orgsim_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the orgsim binary runs")
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `out.tmp-<pid>`, the staging folder of a run.
fn staging_of(out: &Path, pid: u32) -> PathBuf {
    PathBuf::from(format!("{}.tmp-{pid}", out.display()))
}

/// Every file of a folder with its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("the folder")
        .map(|e| {
            let e = e.expect("an entry");
            let bytes = fs::read(e.path()).expect("a file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// The pid of a process that has ended and been reaped.
fn dead_pid() -> u32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .arg("--version")
        .stdout(Stdio::null())
        .spawn()
        .expect("the orgsim binary starts");
    let pid = child.id();
    child.wait().expect("it ends");
    pid
}

/// A run stopped by `signal` exits with `code`, says in one line that the last
/// results were kept, and leaves them byte for byte as they were, with nothing beside.
fn a_stopped_run_keeps_the_last_results(signal: i32, code: i32, name: &str) {
    let place = Place::new();
    let first = place.run("3", &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = snapshot(&place.out());

    let mut run = place.start();
    run.wait_until_writing(&place.out());
    run.signal(signal);
    let (status, err) = run.end();

    assert_eq!(status.code(), Some(code), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(name), "{err}");
    assert!(
        err.contains("keeps the results of the last complete run"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(snapshot(&place.out()) == before, "the results changed");
    assert_eq!(place.beside_out(), ["out"]);
}

#[test]
fn sigint_stops_a_run_and_keeps_the_last_results() {
    a_stopped_run_keeps_the_last_results(libc::SIGINT, 130, "SIGINT");
}

#[test]
fn sigterm_stops_a_run_and_keeps_the_last_results() {
    a_stopped_run_keeps_the_last_results(libc::SIGTERM, 143, "SIGTERM");
}

#[test]
fn a_second_signal_ends_the_run_at_once_and_the_next_run_clears_up() {
    let place = Place::new();
    let mut run = place.start();
    run.wait_until_writing(&place.out());
    run.signal(libc::SIGINT);
    run.signal(libc::SIGINT);
    let (status, err) = run.end();
    assert_eq!(status.code(), Some(130), "{err}");
    // Whatever the second signal cut short is gone after the next run.
    let o = place.run("2", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(place.beside_out(), ["out"]);
}

#[test]
fn a_stopped_first_run_creates_nothing() {
    let place = Place::new();
    let mut run = place.start();
    run.wait_until_writing(&place.out());
    run.signal(libc::SIGINT);
    let (status, err) = run.end();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(place.beside_out().is_empty(), "{:?}", place.beside_out());
}

#[test]
fn staging_folders_of_dead_processes_are_removed_and_live_ones_kept() {
    let place = Place::new();
    let root = place.root.path();
    let dead = staging_of(&place.out(), dead_pid());
    fs::create_dir(&dead).unwrap();
    fs::write(dead.join("trials.csv"), "half a run").unwrap();
    // This test's own process is alive: its folder is not the run's to remove.
    let live = staging_of(&place.out(), std::process::id());
    fs::create_dir(&live).unwrap();
    // The staging folder of another output folder is not this run's business.
    let other = staging_of(&root.join("other"), dead_pid());
    fs::create_dir(&other).unwrap();

    let o = place.run("2", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dead.exists(), "the dead process's folder was left");
    assert!(live.is_dir(), "a live process's folder was removed");
    assert!(
        other.is_dir(),
        "another output folder's staging was removed"
    );
    assert!(place.out().join("trials.csv").is_file());
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_the_first_writes() {
    let place = Place::new();
    let first = place.run("3", &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = snapshot(&place.out());

    let mut long = place.start();
    long.wait_until_writing(&place.out());
    let second = place.run("2", &[]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert!(err.contains("another orgsim run"), "{err}");
    assert!(err.contains(&format!("pid {}", long.pid())), "{err}");
    assert!(err.contains("out.lock"), "{err}");
    // The refused run neither wrote nor removed anything of the first.
    assert!(staging_of(&place.out(), long.pid()).is_dir());
    assert!(place.out().with_extension("lock").is_file());

    long.signal(libc::SIGINT);
    let (status, err) = long.end();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(snapshot(&place.out()) == before, "the results changed");
    // The lock went with the first run: the next one goes ahead.
    assert_eq!(place.beside_out(), ["out"]);
    let third = place.run("2", &[]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert_eq!(place.beside_out(), ["out"]);
}

#[test]
fn the_lock_and_folder_of_a_killed_run_are_taken_over() {
    let place = Place::new();
    let mut long = place.start();
    long.wait_until_writing(&place.out());
    long.signal(libc::SIGKILL);
    let (status, _) = long.end();
    assert_eq!(status.code(), None, "killed by a signal");
    // `kill -9` leaves both behind.
    assert!(!place.beside_out().is_empty());

    let o = place.run("2", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(place.beside_out(), ["out"]);
}

#[test]
fn a_lock_naming_a_live_process_is_respected() {
    let place = Place::new();
    let lock = place.out().with_extension("lock");
    let me = std::process::id().to_string();
    fs::write(&lock, &me).unwrap();
    let o = place.run("2", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("pid {me}")), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&lock).unwrap(),
        me,
        "not the run's to change"
    );
    assert!(!place.out().exists());

    // Once that process is gone, the lock is stale and taken over.
    fs::write(&lock, dead_pid().to_string()).unwrap();
    let o = place.run("2", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(place.beside_out(), ["out"]);
}

/// Runs `orgsim run` with `args` after the scenario and expects a refusal (exit 2)
/// whose message contains every one of `words`; returns the message.
fn refused(place: &Place, args: &[&str], words: &[&str]) -> String {
    let scenario = place.scenario();
    let mut all = vec!["run", scenario.as_str(), "--quiet"];
    all.extend(args);
    let o = orgsim_in(place.root.path(), &all);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "orgsim {all:?}: {err}");
    for word in words {
        assert!(err.contains(word), "orgsim {all:?}: no {word:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn negative_numbers_get_the_allowed_range_not_a_hint_to_write_them_as_paths() {
    let place = Place::new();
    for (flag, range) in [
        ("--trials", "from 1 to 1000000"),
        ("--seed", "from 0 to 18446744073709551615"),
        ("--threads", "from 1 to 65535"),
    ] {
        let err = refused(&place, &[flag, "-5"], &[flag, range]);
        assert!(!err.contains("-- -5"), "{err}");
        refused(&place, &[&format!("{flag}=-5")], &[flag, range]);
        refused(&place, &[flag, "1.5"], &[flag, range]);
        refused(&place, &[flag, "99999999999999999999999"], &[flag, range]);
    }
    refused(&place, &["--trials", "0"], &["--trials", "from 1"]);
    assert!(!place.root.path().join("results").exists());
}

#[test]
fn every_unusable_output_path_is_exit_2_and_touches_nothing() {
    let place = Place::new();
    let root = place.root.path();
    let file = root.join("a-file");
    fs::write(&file, "mine").unwrap();

    // A file on the way: the folder cannot be made.
    let sub = path_text(&file.join("sub"));
    refused(&place, &["--out", &sub], &["a-file is a file"]);
    let deeper = path_text(&file.join("sub/deeper"));
    refused(&place, &["--out", &deeper], &["a-file is a file"]);
    // The output folder is a file.
    refused(
        &place,
        &["--out", &path_text(&file)],
        &["a-file", "is a file"],
    );
    refused(&place, &["--out", "/dev/null"], &["/dev/null"]);
    // Not a folder name at all.
    refused(&place, &["--out", "/"], &["folder name"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");

    // A folder in the way of a result file: found before anything is replaced.
    let first = place.run("2", &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    fs::remove_file(place.out().join("people.csv")).unwrap();
    fs::create_dir(place.out().join("people.csv")).unwrap();
    let before = snapshot_names(&place.out());
    let trials = fs::read(place.out().join("trials.csv")).unwrap();
    let o = place.run("3", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("people.csv"), "{}", stderr(&o));
    assert_eq!(snapshot_names(&place.out()), before);
    assert!(fs::read(place.out().join("trials.csv")).unwrap() == trials);
    assert_eq!(place.beside_out(), ["out"]);
}

/// The names in a folder, sorted.
fn snapshot_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_device_or_a_pipe_named_as_a_scenario_is_refused_not_read_forever() {
    let place = Place::new();
    let fifo = place.root.path().join("pipe.toml");
    let c_path = std::ffi::CString::new(path_text(&fifo)).unwrap();
    // SAFETY: `c_path` is a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    for path in [path_text(&fifo), "/dev/zero".to_string()] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args(["check", &path])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the orgsim binary starts");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                let _ = child.wait();
                panic!("orgsim check {path} did not return");
            }
            sleep(Duration::from_millis(20));
        };
        let output = child.wait_with_output().unwrap();
        let err = stderr(&output);
        assert_eq!(status.code(), Some(2), "{err}");
        assert!(
            err.contains(&path) && err.contains("not a regular file"),
            "{err}"
        );
    }
}
