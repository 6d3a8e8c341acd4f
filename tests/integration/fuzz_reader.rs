//! Fuzzing the scenario reader: every scenario file of the project (`scenarios/` and
//! `tests/fixtures/**/*.toml`, good and bad) is mutated the ways a hurried author or a
//! broken tool would (bit flips, truncation, deleted, duplicated and moved lines,
//! values of the wrong type, huge and tiny numbers, NaN and infinities, negative
//! counts, stray sections and sweeps) and read with [`load_str`].
//!
//! Whatever the input, the reader must not panic, and must either accept it (a
//! non-empty list of points, each with structures and at least one trial) or refuse it
//! with errors that all name the file, each at a line and column inside the text.
//!
//! The seed of the random cases is fixed, so a run is reproducible. The files are
//! dealt into two halves, one test each, so that the two run side by side; a release
//! build tries [`RELEASE_CASES`] cases a half, a debug build fewer.

use orgsim::scenario::{load_str, FileErrors, Scenario};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// Cases of each half tried by `cargo test --release`. Most of the time goes to files
/// with stakeholder groups, whose acceptance bars are drawn when the file is read.
const RELEASE_CASES: u32 = 10_000;
/// Cases of each half tried by a debug build, which reads those files far slower.
const DEBUG_CASES: u32 = 200;
/// The fixed seed of the cases; each half changes its last byte.
const SEED: [u8; 32] = *b"orgsim: scenario reader fuzzing!";

/// Values put in place of a value or a number: other types, extremes of each numeric
/// type, numbers just outside the usual ranges, NaN and the infinities.
const VALUES: &[&str] = &[
    // Other types.
    "\"text\"",
    "\"\"",
    "'literal'",
    "true",
    "false",
    "[]",
    "[1, 2]",
    "[[1], [\"a\"]]",
    "{}",
    "{ dist = \"exp\", mean = 1 }",
    "{ dist = \"triangular\", min = 3, mode = 2, max = 1 }",
    "{ dist = \"nope\" }",
    "{ dist = \"empirical\", file = \"missing.csv\" }",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    // Whole numbers at and past the edges.
    "0",
    "-0",
    "1",
    "-1",
    "-5",
    "2",
    "10000",
    "10001",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999999",
    // Floats: tiny, huge, signed zeros, fractions.
    "0.0",
    "-0.0",
    "0.5",
    "-0.5",
    "1.5",
    "1e-308",
    "5e-324",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e400",
    // Not numbers.
    "nan",
    "+nan",
    "-nan",
    "inf",
    "+inf",
    "-inf",
];

/// Lines inserted whole: unknown keys, repeated and stray sections, sweeps of bad
/// values, a second name.
const LINES: &[&str] = &[
    "unknown = 1",
    "name = \"again\"",
    "[team]",
    "[[structures]]",
    "[[structures]]\nname = \"extra\"",
    "[run]\ntrials = -1",
    "[sweep]\nteam.squads = [1, 2]",
    "[sweep]\nteam.squads = [0, -1, 100000]",
    "[sweep]\nrun.trials = []",
    "[sweep]\nwork.escalation_share = [0.1, 2.0, nan]",
    "[sweep]\nwork.answer_hours = [{ dist = \"exp\", mean = -1 }, 1e308]",
    "[sweep]\nnot.a.field = [1]",
    "sweep = 3",
    "people = [ { role = \"x\", count = -3, duties = [\"answer\"] } ]",
    "duties = [\"nope\"]",
    "\"quoted.key\" = 1",
    "a.b.c = { d = [1, { e = inf }] }",
    "= 1",
    "[",
    "\"unterminated",
    "x = \"\\u{0}\"",
];

/// One way to damage a scenario file. Positions are drawn as [`Index`]es, scaled to
/// the text at hand when applied.
#[derive(Debug, Clone)]
enum Mutation {
    /// Flip one bit of one byte (the result read as UTF-8, invalid bytes replaced).
    FlipBit(Index, u8),
    /// Cut the text at a byte.
    Truncate(Index),
    /// Delete a `key = value` line.
    DeleteKey(Index),
    /// Write a `key = value` line twice.
    DuplicateKey(Index),
    /// Move a line elsewhere (into another table, say).
    MoveLine(Index, Index),
    /// Put one of [`VALUES`] after the `=` of a `key = value` line.
    ReplaceValue(Index, Index),
    /// Put one of [`VALUES`] in place of a number.
    ReplaceNumber(Index, Index),
    /// Put a minus sign before a number.
    Negate(Index),
    /// Insert one of [`LINES`] before a line.
    Insert(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        1 => (i(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        1 => i().prop_map(Mutation::Truncate),
        2 => i().prop_map(Mutation::DeleteKey),
        2 => i().prop_map(Mutation::DuplicateKey),
        1 => (i(), i()).prop_map(|(from, to)| Mutation::MoveLine(from, to)),
        4 => (i(), i()).prop_map(|(line, v)| Mutation::ReplaceValue(line, v)),
        4 => (i(), i()).prop_map(|(n, v)| Mutation::ReplaceNumber(n, v)),
        2 => i().prop_map(Mutation::Negate),
        2 => (i(), i()).prop_map(|(line, l)| Mutation::Insert(line, l)),
    ]
}

impl Mutation {
    /// The text with this mutation applied (the text itself when there is nothing to
    /// apply it to, such as a number in a file without numbers).
    fn apply(&self, text: &str) -> String {
        let mut lines: Vec<&str> = text.lines().collect();
        let keys: Vec<usize> = (0..lines.len()).filter(|&i| is_key(lines[i])).collect();
        let key = |at: &Index| (!keys.is_empty()).then(|| keys[at.index(keys.len())]);
        match self {
            Mutation::FlipBit(at, bit) => {
                let mut bytes = text.as_bytes().to_vec();
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] ^= 1 << bit;
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Mutation::Truncate(at) => {
                let mut end = at.index(text.len() + 1);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].to_string()
            }
            Mutation::DeleteKey(at) => match key(at) {
                Some(line) => {
                    lines.remove(line);
                    lines.join("\n")
                }
                None => text.to_string(),
            },
            Mutation::DuplicateKey(at) => match key(at) {
                Some(line) => {
                    lines.insert(line, lines[line]);
                    lines.join("\n")
                }
                None => text.to_string(),
            },
            Mutation::MoveLine(from, to) => {
                if lines.is_empty() {
                    return text.to_string();
                }
                let moved = lines.remove(from.index(lines.len()));
                lines.insert(to.index(lines.len() + 1), moved);
                lines.join("\n")
            }
            Mutation::ReplaceValue(at, value) => match key(at) {
                Some(line) => {
                    let (left, _) = lines[line].split_once('=').unwrap_or((lines[line], ""));
                    let replaced = format!("{left}= {}", value.get(VALUES));
                    lines[line] = &replaced;
                    lines.join("\n")
                }
                None => text.to_string(),
            },
            Mutation::ReplaceNumber(at, value) => {
                let numbers = numbers(text);
                if numbers.is_empty() {
                    return text.to_string();
                }
                let span = &numbers[at.index(numbers.len())];
                format!(
                    "{}{}{}",
                    &text[..span.start],
                    value.get(VALUES),
                    &text[span.end..]
                )
            }
            Mutation::Negate(at) => {
                let numbers = numbers(text);
                if numbers.is_empty() {
                    return text.to_string();
                }
                let start = numbers[at.index(numbers.len())].start;
                format!("{}-{}", &text[..start], &text[start..])
            }
            Mutation::Insert(at, line) => {
                let at = at.index(lines.len() + 1);
                lines.insert(at, *line.get(LINES));
                lines.join("\n")
            }
        }
    }
}

/// Whether a line is a `key = value` line (not a header, a comment or a continuation).
fn is_key(line: &str) -> bool {
    let line = line.trim_start();
    let Some((key, _)) = line.split_once('=') else {
        return false;
    };
    let key = key.trim_end();
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.\" ".contains(c))
}

/// Byte ranges of the numbers in `text` outside strings and comments: a run of number
/// characters that starts with a digit and does not continue a name (`po-1`).
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'0'..=b'9' if i == 0 || !is_word(bytes[i - 1]) => {
                let start = i;
                while i < bytes.len() && (is_word(bytes[i]) || b"+-".contains(&bytes[i])) {
                    i += 1;
                }
                out.push(start..i);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A byte that can be part of a name or a number.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

/// A scenario file of the project, the starting point of mutations.
struct Seed {
    path: PathBuf,
    text: String,
}

/// Every scenario file of `scenarios/` and `tests/fixtures/` (recursively), by path.
fn all_seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    toml_files(&root.join("scenarios"), &mut paths);
    toml_files(&root.join("tests/fixtures"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Seed { path, text }
        })
        .collect()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

/// One case: a seed file and what is done to it.
#[derive(Clone)]
struct Case<'a> {
    seed: &'a Seed,
    mutations: Vec<Mutation>,
}

impl Case<'_> {
    fn text(&self) -> String {
        self.mutations
            .iter()
            .fold(self.seed.text.clone(), |text, m| m.apply(&text))
    }
}

impl fmt::Debug for Case<'_> {
    /// The seed, the mutations and the text they make: enough to replay a failure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} with {:?}, giving:\n{}",
            self.seed.path.display(),
            self.mutations,
            self.text()
        )
    }
}

/// Reads `text` as the file `path` and checks the outcome; `Err` says what is wrong.
fn check(text: &str, path: &Path) -> Result<(), String> {
    match load_str(text, path) {
        Ok(points) => check_points(&points),
        Err(errors) => check_errors(&errors, text, path),
    }
}

/// An accepted file gives points a run can use.
fn check_points(points: &[Scenario]) -> Result<(), String> {
    if points.is_empty() {
        return Err("accepted with no point to run".into());
    }
    for p in points {
        if p.structures.is_empty() || p.run.trials == 0 {
            return Err(format!(
                "accepted a point with {} structures and {} trials",
                p.structures.len(),
                p.run.trials
            ));
        }
    }
    Ok(())
}

/// Every error names the file and stands at a line and column of the text.
fn check_errors(errors: &FileErrors, text: &str, path: &Path) -> Result<(), String> {
    if errors.path != path {
        return Err(format!("errors name {}", errors.path.display()));
    }
    if errors.errors.is_empty() {
        return Err("refused with no error".into());
    }
    let lines = text.split('\n').count();
    for e in &errors.errors {
        let located = e.line >= 1
            && e.line <= lines
            && e.column >= 1
            && e.span.start <= e.span.end
            && e.span.end <= text.len();
        if !located || e.message.is_empty() {
            return Err(format!("an error without a place in the text: {e:?}"));
        }
    }
    // Compiler style, one error a line: `path:line:column: …`.
    let prefix = format!("{}:", path.display());
    let shown = errors.to_string();
    if let Some(line) = shown.lines().find(|l| !l.starts_with(&prefix)) {
        return Err(format!("a message that does not name the file: {line}"));
    }
    if !errors.render().contains(&prefix) {
        return Err("the report does not name the file".into());
    }
    Ok(())
}

/// The files of half `half` (0 or 1): every other file in path order.
fn seeds(half: usize) -> Vec<Seed> {
    all_seeds()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == half)
        .map(|(_, seed)| seed)
        .collect()
}

/// Reads every file of half `half` as it is, then mutated cases of them.
fn fuzz(half: usize) {
    let seeds = seeds(half);
    assert!(
        seeds.len() >= 10,
        "only {} scenario files found",
        seeds.len()
    );
    // The seeds as they are, first: good ones are accepted, bad ones located.
    for seed in &seeds {
        check(&seed.text, &seed.path).unwrap_or_else(|e| panic!("{}: {e}", seed.path.display()));
    }

    let cases = if cfg!(debug_assertions) {
        DEBUG_CASES
    } else {
        RELEASE_CASES
    };
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let mut seed = SEED;
    seed[31] ^= u8::try_from(half).expect("a small half number");
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let strategy =
        (0..seeds.len(), prop::collection::vec(mutation(), 1..=3)).prop_map(|(seed, mutations)| {
            Case {
                seed: &seeds[seed],
                mutations,
            }
        });
    let outcome = runner.run(&strategy, |case| {
        check(&case.text(), &case.seed.path).map_err(TestCaseError::fail)
    });
    match outcome {
        Ok(()) => {}
        Err(TestError::Fail(why, case)) => panic!("{why}\n{case:?}"),
        Err(TestError::Abort(why)) => panic!("aborted: {why}"),
    }
}

#[test]
fn mutated_scenario_files_are_read_or_refused_with_located_errors_first_half() {
    fuzz(0);
}

#[test]
fn mutated_scenario_files_are_read_or_refused_with_located_errors_second_half() {
    fuzz(1);
}
