//! Bad scenario files are refused with a report a person can act on: the file, the
//! line and column, the field, and what is allowed. One test per kind of bad input,
//! each against a small fixture in `tests/fixtures/errors/`.

use crate::support::{fixture_dir, shipped_dir};
use orgsim::scenario::{load_file, load_str, scenario_files, FileErrors};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    fixture_dir("errors").join(name)
}

fn refused(name: &str) -> FileErrors {
    match load_file(&fixture(name)) {
        Ok(_) => panic!("{name} should be refused"),
        Err(e) => e,
    }
}

/// Line and column (from 1) of the first occurrence of `needle` in the file.
fn position_of(path: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {}", path.display()));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Asserts that `errors` has an error of `field` at the place of `needle` whose message
/// holds every one of `words`, and that the report shows it in compiler form.
fn assert_error(errors: &FileErrors, needle: &str, field: &str, words: &[&str]) {
    let (line, column) = position_of(&errors.path, needle);
    let report = errors.render();
    let found = errors.errors.iter().find(|e| {
        e.field == field && e.line == line && words.iter().all(|w| e.message.contains(w))
    });
    let Some(e) = found else {
        panic!("no error of {field} at line {line} with {words:?} in:\n{report}");
    };
    assert_eq!(e.column, column, "column of {field} in:\n{report}");
    let header = if field.is_empty() {
        format!("{}:{line}:{column}: ", errors.path.display())
    } else {
        format!("{}:{line}:{column}: {field}: ", errors.path.display())
    };
    assert!(report.contains(&header), "{header:?} not in:\n{report}");
    // The offending line is shown under the header, with carets.
    let source_line = std::fs::read_to_string(&errors.path)
        .unwrap()
        .lines()
        .nth(line - 1)
        .unwrap()
        .to_string();
    assert!(
        report.contains(&format!("{line} | {source_line}")),
        "{report}"
    );
    assert!(report.contains('^'), "{report}");
}

#[test]
fn syntax_error_is_reported_with_its_line() {
    let e = refused("syntax.toml");
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].line, 3);
    assert!(e.errors[0].message.starts_with("invalid TOML"), "{e}");
    assert!(e.render().starts_with(&format!("{}:3:", e.path.display())));
}

#[test]
fn unknown_key_suggests_the_nearest_known_key() {
    let e = refused("unknown_key.toml");
    assert_error(
        &e,
        "question_evry_hours",
        "work.question_evry_hours",
        &["unknown key", "did you mean `question_every_hours`?"],
    );
}

#[test]
fn wrong_type_names_what_was_expected_and_got() {
    let e = refused("wrong_type.toml");
    assert_error(
        &e,
        "\"three\"",
        "team.squads",
        &["expected a whole number, got a string"],
    );
}

/// Switch hours, ceremony blocks and discovery sessions may be distributions: a wrong
/// one is refused at its parameter, its table or its family, with the field's path at
/// the top level and in a structure alike; `drop_after_weeks`, a deadline, takes a
/// number only.
#[test]
fn durations_written_as_distributions_are_refused_where_they_are_wrong() {
    let e = refused("bad_durations.toml");
    assert_error(
        &e,
        "-0.25",
        "switch_hours.mean",
        &["exp mean must be greater than 0, got -0.25"],
    );
    assert_error(
        &e,
        "{ dist = \"uniform\", min = 6",
        "work.ceremony_hours_per_week",
        &["uniform needs min <= max, got min 6, max 2"],
    );
    assert_error(
        &e,
        "{ dist = \"const\", value = 0 }",
        "discovery.session_hours",
        &["session_hours must not be always 0"],
    );
    assert_error(
        &e,
        "{ dist = \"exp\", mean = 1 }",
        "discovery.drop_after_weeks",
        &["expected a number, got a table"],
    );
    assert_error(
        &e,
        "\"gama\"",
        "structures[0].switch_hours.dist",
        &["unknown distribution \"gama\"", "did you mean `gamma`?"],
    );
    assert_eq!(e.errors.len(), 5, "{}", e.render());
}

#[test]
fn negative_rate_is_refused() {
    let e = refused("negative_rate.toml");
    assert_error(
        &e,
        "-2",
        "stakeholders[0].requests_per_week",
        &["requests_per_week must be at least 0, got -2"],
    );
}

#[test]
fn share_outside_zero_one_is_refused() {
    let e = refused("share_out_of_range.toml");
    assert_error(
        &e,
        "1.5",
        "stakeholders[0].accept_share",
        &["accept_share must be between 0 and 1, got 1.5"],
    );
}

#[test]
fn triangular_with_min_above_max_is_refused() {
    let e = refused("triangular_order.toml");
    assert_error(
        &e,
        "{ dist = \"triangular\"",
        "work.refine_hours",
        &[
            "triangular needs min <= mode <= max",
            "min 5, mode 2, max 1",
        ],
    );
}

#[test]
fn lognormal_with_negative_sd_points_at_the_sd() {
    let e = refused("lognormal_negative_sd.toml");
    assert_error(
        &e,
        "-3",
        "work.item_effort_hours.sd",
        &["lognormal sd must be at least 0, got -3"],
    );
}

#[test]
fn unknown_distribution_lists_or_suggests_the_known_ones() {
    let e = refused("unknown_dist.toml");
    assert_error(
        &e,
        "\"expo\"",
        "work.answer_hours.dist",
        &["unknown distribution \"expo\"", "did you mean `exp`?"],
    );
}

#[test]
fn nan_and_inf_are_refused() {
    let e = refused("nan_inf.toml");
    assert_error(
        &e,
        "nan\n",
        "work.escalation_share",
        &["escalation_share must be a finite number, got NaN"],
    );
    assert_error(
        &e,
        "inf\n",
        "work.answer_hours",
        &["answer_hours must be a finite number, got inf"],
    );
}

#[test]
fn zero_squads_is_refused() {
    let e = refused("zero_squads.toml");
    assert_error(
        &e,
        "0",
        "team.squads",
        &["squads must be at least 1, got 0"],
    );
}

#[test]
fn zero_weeks_is_refused() {
    let e = refused("zero_weeks.toml");
    assert_error(&e, "0", "run.weeks", &["weeks must be at least 1, got 0"]);
}

#[test]
fn a_sweep_every_structure_overrides_is_refused_naming_them() {
    let e = refused("sweep_overridden.toml");
    assert_error(
        &e,
        "switch_hours = [",
        "sweep.switch_hours",
        &[
            "every structure sets its own switch_hours (combined, separated), so sweeping it \
           changes nothing; sweep structures.NAME.switch_hours or remove the override",
        ],
    );
    assert_error(
        &e,
        "stakeholders.leadrship",
        "sweep.stakeholders.leadrship.priority",
        &["no [[stakeholders]] entry is named \"leadrship\"; did you mean \"leadership\"?"],
    );
    // A structure's own value and a group's field, reached by name, are fine.
    assert_eq!(e.errors.len(), 2, "{e}");
}

#[test]
fn a_team_larger_than_a_run_can_hold_is_refused_at_the_value_that_makes_it() {
    let e = refused("oversized_team.toml");
    assert_error(
        &e,
        "5000",
        "structures[1].team.devs_per_squad",
        &["a structure may have at most 100000 developers, got 500000 (100 squads of 5000)"],
    );
    assert_eq!(e.errors.len(), 1, "{e}");
}

#[test]
fn weeks_beyond_a_century_are_refused() {
    let src = "[run]\nweeks = 5201\nwarmup_weeks = 5201\n[work]\nunlimited_backlog = true\n\
               [[structures]]\nname = \"s\"\n\
               people = [ { role = \"po\", count = 1, duties = [\"answer\", \"refine\"] } ]\n";
    let e = load_str(src, Path::new("weeks.toml")).unwrap_err();
    let found: Vec<(&str, usize, &str)> = e
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("run.weeks", 2, "weeks must be at most 5200, got 5201"),
            (
                "run.warmup_weeks",
                3,
                "warmup_weeks must be at most 5200, got 5201"
            ),
        ]
    );
}

#[test]
fn unknown_duty_suggests_the_nearest_duty() {
    let e = refused("unknown_duty.toml");
    assert_error(
        &e,
        "\"answr\"",
        "structures[0].people[0].duties[2]",
        &["unknown duty \"answr\"", "did you mean `answer`?"],
    );
}

#[test]
fn duty_nobody_holds_names_the_duty_the_squad_and_the_structure() {
    let e = refused("uncovered_duty.toml");
    assert_error(
        &e,
        "[\n",
        "structures[0].people",
        &["answer duty", "squad 2", "\"separated\""],
    );
    assert_eq!(e.errors.len(), 1, "{e}");
}

#[test]
fn duplicate_structure_names_are_refused() {
    let e = refused("duplicate_structure.toml");
    let path = fixture("duplicate_structure.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // The second `"combined"` is the duplicate.
    let second = text.rfind("name = \"combined\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    let err = &e.errors[0];
    assert_eq!((err.line, err.column), (line, 8), "{e}");
    assert_eq!(err.field, "structures[1].name");
    assert!(
        err.message
            .contains("duplicate structure name \"combined\" (first at line 8)"),
        "{e}"
    );
}

#[test]
fn count_together_with_per_squad_is_refused() {
    let e = refused("count_and_per_squad.toml");
    assert_error(
        &e,
        "1, duties",
        "structures[0].people[0].per_squad",
        &["count and per_squad are exclusive"],
    );
}

#[test]
fn missing_empirical_file_is_named() {
    let e = refused("missing_empirical.toml");
    assert_error(
        &e,
        "\"no_such_efforts.csv\"",
        "work.item_effort_hours.file",
        &["cannot read empirical file", "no_such_efforts.csv"],
    );
}

#[test]
fn empty_file_is_refused() {
    let e = refused("empty.toml");
    assert_eq!(e.errors.len(), 1);
    assert_eq!((e.errors[0].line, e.errors[0].column), (1, 1));
    assert!(e.errors[0].message.contains("the file is empty"), "{e}");
    assert!(e
        .render()
        .starts_with(&format!("{}:1:1: ", e.path.display())));
}

#[test]
fn binary_file_is_refused_at_its_first_nul() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.toml");
    std::fs::write(&path, b"name = \"x\"\n\x00\x01\x02\xff\xfe").unwrap();
    let e = load_file(&path).unwrap_err();
    assert_eq!((e.errors[0].line, e.errors[0].column), (2, 1), "{e}");
    assert!(e.errors[0].message.contains("binary"), "{e}");
    assert!(e
        .render()
        .starts_with(&format!("{}:2:1: the file looks binary", path.display())));
}

#[test]
fn non_utf8_file_is_refused_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"name = \"caf\xe9\"\n").unwrap();
    let e = load_file(&path).unwrap_err();
    assert_eq!((e.errors[0].line, e.errors[0].column), (1, 12), "{e}");
    assert!(e.errors[0].message.contains("not UTF-8"), "{e}");
    let _ = e.render();
}

#[test]
fn unreadable_file_is_refused_without_a_position() {
    let path = fixture("does_not_exist.toml");
    let e = load_file(&path).unwrap_err();
    assert_eq!(e.errors[0].line, 0);
    assert!(e
        .to_string()
        .starts_with(&format!("{}: cannot read the file", path.display())));
}

#[test]
fn all_errors_of_a_file_are_reported_not_only_the_first() {
    let e = refused("three_errors.toml");
    assert_eq!(e.errors.len(), 3, "{}", e.render());
    assert_error(&e, "0", "team.squads", &["at least 1"]);
    assert_error(
        &e,
        "2\n",
        "work.escalation_share",
        &["between 0 and 1, got 2"],
    );
    assert_error(
        &e,
        "anwser_hours",
        "work.anwser_hours",
        &["did you mean `answer_hours`?"],
    );
    // Display: one line per error, in file order.
    let text = e.to_string();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().next().unwrap().contains("team.squads"));
    let tail = format!("3 errors in {}\n", e.path.display());
    assert!(e.render().ends_with(&tail));
}

#[test]
fn scenario_files_expands_folders_and_refuses_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.toml", "a.toml", "notes.txt"] {
        std::fs::write(dir.path().join(name), "").unwrap();
    }
    let files = scenario_files(&[dir.path().to_path_buf()]).unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["a.toml", "b.toml"]);
    let missing = dir.path().join("nope.toml");
    let e = scenario_files(std::slice::from_ref(&missing)).unwrap_err();
    assert_eq!(e.path, missing);
    assert!(e.to_string().contains("no such file or folder"));
}

/// A valid scenario touching most of the format, for the mutation test.
const VALID: &str = r#"
name = "fuzz"
[run]
weeks = 10
trials = 3
[team]
squads = 2
[work]
answer_hours = { dist = "exp", mean = 0.5 }
refine_hours = { dist = "triangular", min = 1, mode = 2, max = 4 }
[discovery]
target_share = 0.2
[[stakeholders]]
name = "sales"
requests_per_week = 3
value = { dist = "uniform", min = 1, max = 9 }
squad = 1
[costs]
dev = 1
po = 2
pm = 3
[[structures]]
name = "split"
priorities = { triage = 2 }
people = [
  { role = "pm", count = 1, duties = ["triage", "discovery", "escalation"] },
  { role = "po", squads_each = 2, duties = ["answer", "refine", "accept", "ceremony"] },
]
[structures.work]
escalation_share = 0.3
[sweep]
team.squads = [2, 3]
"#;

#[test]
fn the_mutation_base_is_valid() {
    let points = load_str(VALID, Path::new("fuzz.toml")).unwrap();
    assert_eq!(points.len(), 2);
}

proptest! {
    // A fixed seed: the same cases on every run, so CI is reproducible.
    #![proptest_config(ProptestConfig {
        cases: 128,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261124),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_str(&text, Path::new("random.toml")).map_err(|e| e.render());
    }

    #[test]
    fn mutated_valid_text_never_panics(
        edits in proptest::collection::vec(
            (0usize..VALID.len(), 0usize..6, prop::sample::select(vec![
                "", "=", "[", "]", "{", "}", "\"", ",", ".", "-", "0", "1e9", "nan", "\n",
                "[[structures]]", "squads", "dist", "x", "é", "\u{0}",
            ])),
            1..6,
        )
    ) {
        let mut text = VALID.to_string();
        for (at, cut, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, insert);
        }
        match load_str(&text, Path::new("mutated.toml")) {
            Ok(points) => prop_assert!(!points.is_empty()),
            Err(e) => {
                prop_assert!(!e.errors.is_empty());
                let _ = e.render();
            }
        }
    }
}

#[test]
fn shipped_scenarios_are_valid() {
    let dir = shipped_dir();
    if !dir.is_dir() {
        return;
    }
    for path in scenario_files(&[dir]).unwrap() {
        if let Err(e) = load_file(&path) {
            panic!("{}", e.render());
        }
    }
}
