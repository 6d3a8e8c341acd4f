//! `[uncertainty]` (docs/model.md §18): parameter sets drawn over ranges, run beside the
//! scenario as written, and what they say of each pair of structures.
//!
//! Known answers, on the finite-source queue of the theory tests (one squad of six
//! developers whose questions wait for the answerers, docs/model.md §16): a pool of two
//! answerers against one faster answerer, the pool's answer time given a range. The
//! machine-repairman formula says at which answer time the two have the same mean
//! decision latency, so the share of sets in which each is better is the share of the
//! range on each side of it; the answer time is the only parameter the latency turns
//! on, and a yearly cost drawn beside it is one it does not turn on at all. Then:
//! located errors for bad ranges, the same bytes whatever `--threads`, the sets drawn
//! from the run's seed, and a sweep whose every point runs every set.

use crate::support::cli::{orgsim, read, stderr, stdout};
use crate::support::fixture_dir;
use crate::support::queueing::machine_repairman;
use orgsim::batch::{run_batch, BatchOptions};
use orgsim::model::Metric;
use orgsim::output::{Finished, ResultWriter};
use orgsim::scenario::{load_str, FileErrors, Scenario};
use orgsim::stats::Verdict;
use std::fs;
use std::path::{Path, PathBuf};

/// Questions per hour of work of one developer.
const LAMBDA: f64 = 0.5;
/// Developers of the squad.
const DEVELOPERS: u32 = 6;
/// The single answerer's mean answer time, hours.
const ONE_ANSWER: f64 = 0.25;
/// The range of the pool's mean answer time, hours.
const POOL_RANGE: (f64, f64) = (0.2, 0.8);
/// Parameter sets drawn.
const SETS: u32 = 40;

/// One answerer answering in `ONE_ANSWER` h against a pool of two whose answer time is
/// ranged over `POOL_RANGE`, written at `nominal` h; a yearly developer cost ranged
/// beside it, which no latency depends on. No margin (`min_effect = 0`): a verdict is
/// `better` as soon as the 95% interval leaves 0 out, so that the crossover is where
/// the latencies are equal.
fn answers_scenario(nominal: f64) -> String {
    format!(
        r#"
name = "answer-pool"
[run]
weeks = 26
warmup_weeks = 2
trials = 40
seed = 11

[team]
squads = 1
devs_per_squad = {DEVELOPERS}

[work]
unlimited_backlog = true
item_effort_hours = {{ dist = "exp", mean = 16.0 }}
question_every_hours = {{ dist = "exp", mean = {q:?} }}
answer_hours = {{ dist = "exp", mean = {nominal:?} }}

[compare]
min_effect = 0

[costs]
dev = 150000
answerer = 120000

[uncertainty]
samples = {SETS}
trials = 40
"work.answer_hours.mean" = [{lo:?}, {hi:?}]
"costs.dev" = [100000, 200000]

[[structures]]
name = "one"
work = {{ answer_hours = {{ dist = "exp", mean = {ONE_ANSWER:?} }} }}
people = [ {{ role = "answerer", count = 1, duties = ["answer"] }} ]

[[structures]]
name = "pool"
people = [ {{ role = "answerer", count = 2, duties = ["answer"] }} ]
"#,
        q = 1.0 / LAMBDA,
        lo = POOL_RANGE.0,
        hi = POOL_RANGE.1,
    )
}

/// The pool's mean decision latency W (machine-repairman, two answerers) at answer
/// time `x`.
fn pool_latency(x: f64) -> f64 {
    machine_repairman(DEVELOPERS, 2, LAMBDA, 1.0 / x).w
}

/// The answer time at which the pool's latency equals the single answerer's, by
/// bisection (the pool's W grows with its answer time).
fn crossover() -> f64 {
    let target = machine_repairman(DEVELOPERS, 1, LAMBDA, 1.0 / ONE_ANSWER).w;
    let (mut lo, mut hi) = POOL_RANGE;
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if pool_latency(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// Loads scenario text as if it were the file `name` in the fixtures' folder.
fn load(src: &str, name: &str) -> Result<Vec<Scenario>, FileErrors> {
    load_str(src, &fixture_dir("uncertainty").join(name))
}

/// Runs `points` through the run's own writer into `dir`.
fn run_into(points: &[Scenario], dir: &Path) -> Finished {
    let mut writer = ResultWriter::create(dir, points).unwrap();
    run_batch(points, &BatchOptions::default(), &mut writer).unwrap();
    writer.finish().unwrap()
}

#[test]
fn the_verdict_turns_where_the_repairman_queue_says_and_on_the_one_parameter_it_depends_on() {
    let x_star = crossover();
    let (lo, hi) = POOL_RANGE;
    let share_below = (x_star - lo) / (hi - lo);
    // The crossover lies well inside the range: both verdicts have sets.
    assert!((0.2..0.8).contains(&share_below), "{share_below}");

    // Written at the crossover, so that the point as written measures the paired
    // interval where the verdict is decided.
    let points = load(&answers_scenario(x_star), "answer-pool.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let finished = run_into(&points, dir.path());
    let latency = Metric::DecisionLatencyMeanH;
    let findings = finished.findings[0].as_ref().expect("the point has sets");
    assert_eq!(findings.sets, SETS as usize);
    let c = findings.comparison(0, 1, latency).unwrap();

    // How close to the crossover a set may be judged either way (or neither). A set at
    // answer time x has a true difference d(x) ≈ slope · (x − x*); its 95% interval,
    // of half-width h (measured at the crossover, in the point as written), leaves 0
    // out on the right side once |d| > 2h (the set's mean strays by at most h, 95%);
    // 3h keeps a margin. A window of 26 weeks measures W within about 1% of the
    // stationary queue (edge effects, as in the theory tests): that moves the crossover
    // by 0.01·W / slope more.
    let (lo_ci, hi_ci) = finished.stats[0].pair(0, 1, latency).diff().ci95();
    let h = (hi_ci - lo_ci) / 2.0;
    let slope = (pool_latency(x_star + 0.01) - pool_latency(x_star - 0.01)) / 0.02;
    let delta = (3.0 * h + 0.01 * pool_latency(x_star)) / slope;
    let band = delta / (hi - lo);
    // A Latin hypercube puts exactly one set in each of n equal strata of the range:
    // the share of sets below any value is within 1/n of its share of the range. A set
    // near the crossover may, with probability under 2.5%, be judged on the wrong side:
    // one set more (1/n) allows for it.
    let n = f64::from(SETS);
    let pool_better = c.verdicts.share(Verdict::Worse);
    let one_better = c.verdicts.share(Verdict::Better);
    eprintln!(
        "x* = {x_star:.4} h ({:.1}% of the range), h = {h:.4} h, band ±{:.1}% of the range; \
         pool better in {:.1}% of sets, one better in {:.1}%",
        100.0 * share_below,
        100.0 * band,
        100.0 * pool_better,
        100.0 * one_better
    );
    assert!(
        pool_better >= share_below - band - 1.0 / n && pool_better <= share_below + 2.0 / n,
        "the pool is better in {pool_better} of the sets; {share_below} of the range lies below \
         the crossover (band {band})"
    );
    assert!(
        one_better >= 1.0 - share_below - band - 1.0 / n
            && one_better <= 1.0 - share_below + 2.0 / n,
        "one answerer is better in {one_better} of the sets; {} of the range lies above the \
         crossover (band {band})",
        1.0 - share_below
    );

    // Only the pool's answer time moves the latency: it ranks first, clearly, with
    // nearly the whole ranking of the difference (one − pool falls as the pool slows).
    let top = &c.influences[0];
    assert_eq!(findings.parameters[top.parameter], "work.answer_hours.mean");
    assert!(top.coefficient < -0.9 && top.high < 0.0, "{top:?}");
    assert!(c.r2 > 0.9, "R² {}", c.r2);
    // The developers' yearly cost moves no latency. Its coefficient is then the partial
    // rank correlation of the difference with an independent random order, about
    // N(0, 1/n); its 95% bootstrap interval covers 0 (in 95% of seeds, and in this
    // fixed one).
    let cost = &c.influences[1];
    assert_eq!(findings.parameters[cost.parameter], "costs.dev");
    assert!(cost.low < 0.0 && cost.high > 0.0, "{cost:?}");
    assert!(cost.coefficient.abs() < 3.0 / n.sqrt(), "{cost:?}");

    // samples.csv: one row per set and structure, the set's values beside its means.
    let samples = read(&dir.path().join("samples.csv"));
    let mut lines = samples.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header[..6],
        [
            "scenario",
            "structure",
            "set",
            "work.answer_hours.mean",
            "costs.dev",
            "throughput_per_week"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2 * SETS as usize);
    for set in 0..SETS as usize {
        let (one, pool) = (&rows[2 * set], &rows[2 * set + 1]);
        assert_eq!((one[1], pool[1]), ("one", "pool"));
        assert_eq!(one[2..5], pool[2..5], "set {set}: the same values for both");
        let x: f64 = one[3].parse().unwrap();
        assert!((lo..hi).contains(&x), "{x}");
    }
}

/// The known-answer scenario, shortened: few trials, for the tests of bytes and seeds.
fn quick_scenario() -> String {
    answers_scenario(0.4)
        .replace("weeks = 26", "weeks = 4")
        .replace("trials = 40", "trials = 6")
        .replace(&format!("samples = {SETS}"), "samples = 12")
}

/// Writes `text` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_same_file_and_seed_give_the_same_bytes_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "answer-pool.toml", &quick_scenario());
    let file = file.to_str().unwrap();
    let out = |name: &str, extra: &[&str]| {
        let dir = tmp.path().join(name);
        let mut args = vec!["run", file, "--quiet", "--out", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = orgsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        dir
    };
    let one = out("one", &["--threads", "1"]);
    let two = out("two", &["--threads", "2"]);
    for file in ["samples.csv", "uncertainty.csv", "report.html"] {
        let a = fs::read(one.join(file)).unwrap();
        assert!(a.len() > 500, "{file} is nearly empty");
        assert!(a == fs::read(two.join(file)).unwrap(), "{file} differs");
    }
    // Another seed draws other sets, and the page shows them.
    let other = out("other", &["--seed", "12"]);
    let values = |dir: &Path| -> Vec<String> {
        read(&dir.join("samples.csv"))
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap().to_string())
            .collect()
    };
    assert_ne!(values(&one), values(&other));
    let page = read(&one.join("report.html"));
    assert!(page.contains("data-part=\"uncertainty\""));
    assert!(page.contains("of plausible parameter sets"));

    // The page is built from the files alone: `report` rebuilds it, byte for byte, and
    // refuses a broken row naming its file and line.
    fs::remove_file(one.join("report.html")).unwrap();
    let o = orgsim(&["report", one.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&one.join("report.html")), page);
    let uncertainty = one.join("uncertainty.csv");
    let text = read(&uncertainty);
    fs::write(
        &uncertainty,
        text.replacen(",throughput_per_week,", ",throughput,", 1),
    )
    .unwrap();
    let o = orgsim(&["report", one.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("uncertainty.csv:2: column metric: unknown metric \"throughput\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        read(&one.join("report.html")),
        page,
        "the page was left as it was"
    );
}

#[test]
fn the_printed_report_gives_a_sentence_per_pair_and_a_table_of_the_headline_metrics() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "answer-pool.toml", &quick_scenario());
    let dir = tmp.path().join("out");
    let o = orgsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("which assumptions decide the verdict: 12 parameter sets × 6 trials"),
        "{text}"
    );
    assert!(text.contains("of plausible parameter sets"), "{text}");
    assert!(text.contains("one against pool"), "{text}");
    // `check` counts the sets in its estimate.
    let o = orgsim(&["check", file.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("with 12 parameter sets of 6 trials each"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn every_point_of_a_sweep_runs_the_same_sets() {
    let text = quick_scenario().replace(
        "[uncertainty]",
        "[sweep]\nteam.devs_per_squad = [3, 6]\n\n[uncertainty]",
    );
    let points = load(&text, "swept.toml").unwrap();
    assert_eq!(points.len(), 2);
    let values = |p: &Scenario| -> Vec<Vec<String>> {
        let u = p.uncertainty.as_ref().unwrap();
        u.sets.iter().map(|s| s.texts.clone()).collect()
    };
    assert_eq!(values(&points[0]), values(&points[1]));
    let set = &points[1].uncertainty.as_ref().unwrap().sets[0].scenario;
    assert_eq!(set.structures[0].team.devs_per_squad, 6);
    assert_eq!(set.sweep, points[1].sweep);

    let dir = tempfile::tempdir().unwrap();
    let finished = run_into(&points, dir.path());
    assert!(finished.findings.iter().all(Option::is_some));
    let samples = read(&dir.path().join("samples.csv"));
    assert!(samples.starts_with("scenario,structure,team.devs_per_squad,set,"));
    assert_eq!(samples.lines().count(), 1 + 2 * 2 * 12);
    let uncertainty = read(&dir.path().join("uncertainty.csv"));
    assert!(uncertainty.starts_with("scenario,team.devs_per_squad,structure_a,"));
    for squad in ["3", "6"] {
        assert!(
            uncertainty
                .lines()
                .any(|l| l.starts_with(&format!("answer-pool,{squad},one,pool,"))),
            "{uncertainty}"
        );
    }
}

/// Line and column (from 1) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    (line, at - before.rfind('\n').map_or(0, |i| i + 1) + 1)
}

#[test]
fn bad_ranges_are_reported_at_their_place_before_anything_runs() {
    let text = quick_scenario().replace(
        "\"costs.dev\" = [100000, 200000]",
        "\"costs.dev\" = [200000, 100000]\n\
         \"work.answer_hour.mean\" = [1, 2]\n\
         \"run.seed\" = [1, 2]",
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "bad.toml", &text);
    let o = orgsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        tmp.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    let report = stderr(&o);
    let shown = file.display();
    for (needle, field, words) in [
        (
            "[200000, 100000]",
            "uncertainty.costs.dev",
            "a range needs low < high, got [200000, 100000]",
        ),
        (
            "\"work.answer_hour.mean\"",
            "uncertainty.work.answer_hour.mean",
            "unknown path `work.answer_hour.mean`; did you mean `work.answer_hours.mean`?",
        ),
        (
            "\"run.seed\"",
            "uncertainty.run.seed",
            "run.seed cannot be given a range",
        ),
    ] {
        let (line, column) = position(&text, needle);
        let header = format!("{shown}:{line}:{column}: {field}: {words}");
        assert!(report.contains(&header), "{header:?} not in:\n{report}");
    }
    // The sets are checked as any file: a time drawn below 0 is refused where its range
    // is written, with the first set that drew one, once.
    let text = quick_scenario().replace(
        "\"costs.dev\" = [100000, 200000]",
        "\"switch_hours\" = [-0.5, 0.5]",
    );
    let errors = load(&text, "bad.toml").map(|_| ()).unwrap_err();
    let (line, column) = position(&text, "[-0.5, 0.5]");
    assert_eq!(errors.errors.len(), 1, "{}", errors.render());
    let e = &errors.errors[0];
    assert_eq!(
        (e.field.as_str(), e.line, e.column),
        ("switch_hours", line, column)
    );
    assert!(
        e.message
            .starts_with("switch_hours must be at least 0, got -0.")
            && e.message.contains("(at parameter set ")
            && e.message.ends_with("more parameter sets)"),
        "{}",
        e.message
    );
    // A value of the file that every set replaces is wrong in the file as written only.
    let text = quick_scenario()
        .replace("[run]", "switch_hours = -1\n[run]")
        .replace(
            "\"costs.dev\" = [100000, 200000]",
            "\"switch_hours\" = [0, 0.5]",
        );
    let errors = load(&text, "bad.toml").map(|_| ()).unwrap_err();
    assert_eq!(errors.errors.len(), 1, "{}", errors.render());
    assert_eq!(
        errors.errors[0].message,
        "switch_hours must be at least 0, got -1 (at the file as written)"
    );
}

#[test]
fn the_sets_count_in_the_trials_and_the_time_a_run_may_have() {
    let tmp = tempfile::tempdir().unwrap();
    // 5,000 sets of 300 trials: 1.5 million trials of each structure beside the point's.
    let text = quick_scenario()
        .replace("samples = 12", "samples = 5000")
        .replacen("trials = 6\n\"", "trials = 300\n\"", 1);
    assert!(text.contains("trials = 300\n"), "{text}");
    let file = write(tmp.path(), "many.toml", &text);
    let o = orgsim(&["check", "--threads", "1", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let (line, column) = position(&text, "samples = 5000");
    let column = column + "samples = ".len();
    let header = format!(
        "{}:{line}:{column}: uncertainty.samples: the run asks for 1500006 trials of each \
         structure in all (1 sweep point × (6 trials + 5000 parameter sets × 300 trials)), \
         more than the 1000000 a run may have; draw fewer parameter sets or run fewer trials \
         in each",
        file.display()
    );
    assert!(
        stderr(&o).contains(&header),
        "{header:?} not in:\n{}",
        stderr(&o)
    );

    // Within the trials, an hour of them: refused naming the field that adds the most.
    let long = text
        .replace("trials = 300\n", "trials = 100\n")
        .replace("weeks = 4", "weeks = 400");
    let file = write(tmp.path(), "long.toml", &long);
    let o = orgsim(&["check", "--threads", "1", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("longer than the limit of 1 h"),
        "{}",
        stderr(&o)
    );
}

/// A people entry is given a range by its position, as a sweep names it; its values
/// are drawn within the range and written under that name; a position the structure
/// does not have is an error at the range.
#[test]
fn a_people_entry_takes_a_range_by_its_position() {
    let text = quick_scenario().replace(
        "\"costs.dev\" = [100000, 200000]",
        "\"costs.dev\" = [100000, 200000]\n\
         \"structures.pool.people[0].availability\" = [0.5, 1.0]",
    );
    let points = load(&text, "people.toml").unwrap_or_else(|e| panic!("{}", e.render()));
    let tmp = tempfile::tempdir().unwrap();
    run_into(&points, tmp.path());
    let samples = fs::read_to_string(tmp.path().join("samples.csv")).unwrap();
    let mut lines = samples.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "structures.pool.people[0].availability")
        .unwrap_or_else(|| panic!("{header:?}"));
    let mut drawn = 0;
    for line in lines {
        let x: f64 = line.split(',').nth(column).unwrap().parse().unwrap();
        assert!((0.5..=1.0).contains(&x), "{x}");
        drawn += 1;
    }
    // 12 sets, a row per structure.
    assert_eq!(drawn, 24);

    let bad = text.replace("people[0].availability", "people[3].availability");
    let errors = load(&bad, "people.toml").unwrap_err().render();
    assert!(
        errors.contains(
            "uncertainty.structures.pool.people[3].availability: structure \"pool\" has one \
             people entry, people[0]; there is no people[3]"
        ),
        "{errors}"
    );
}
