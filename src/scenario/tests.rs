//! Valid files read as meant: the complete example of docs/scenario-format.md, overrides, defaults and sweeps.
//! (Bad files are in `tests/integration/scenario_errors.rs`.)

use super::*;
use crate::dist::Dist;
use std::path::Path;

/// The complete example of docs/scenario-format.md, verbatim.
const MODEL_EXAMPLE: &str = include_str!("model_example.toml");

fn load(src: &str) -> Vec<Scenario> {
    load_str(src, Path::new("dir/test.toml")).unwrap_or_else(|e| panic!("{}", e.render()))
}

fn one(src: &str) -> Scenario {
    let mut v = load(src);
    assert_eq!(v.len(), 1);
    v.remove(0)
}

fn refused(src: &str) -> FileErrors {
    match load_str(src, Path::new("dir/test.toml")) {
        Ok(_) => panic!("should be refused:\n{src}"),
        Err(e) => e,
    }
}

/// A stakeholder group and a one-person structure holding every duty.
const MINIMAL: &str = r#"
[[stakeholders]]
name = "sales"
requests_per_week = 4

[[structures]]
name = "solo"
people = [ { role = "pm-po", count = 1, duties = ["triage", "escalation", "answer", "refine", "accept", "ceremony"] } ]
"#;

#[test]
fn model_example_reads_as_written() {
    let s = one(MODEL_EXAMPLE);
    assert_eq!(s.name, "growth-stage");
    assert!(s.description.starts_with("Three squads"));
    assert!(s.sweep.is_empty());
    assert_eq!(
        (s.run.weeks, s.run.warmup_weeks, s.run.trials, s.run.seed),
        (52, 8, 1000, 7)
    );
    assert_eq!(s.structures.len(), 2);
    let [combined, separated] = &s.structures[..] else {
        unreachable!()
    };
    assert_eq!(combined.name, "combined");
    assert_eq!(separated.name, "separated");
    for st in &s.structures {
        assert_eq!(st.team.squads, 3);
        assert_eq!(st.team.devs_per_squad, 6);
        assert_eq!(st.work.escalation_share, 0.15);
        assert_eq!(st.work.value_half_life_weeks, Some(26.0));
        assert_eq!(st.work.ceremony_hours_per_week.as_constant(), Some(5.0));
        assert!(
            matches!(st.work.item_effort_hours, Dist::LogNormal { mean, sd, .. } if mean == 24.0 && sd == 16.0)
        );
        assert_eq!(st.discovery.as_ref().unwrap().target_share, 0.3);
        assert_eq!(st.dev_yearly_cost, Some(170000.0));
        assert_eq!(st.priorities, Duty::ALL.map(Duty::default_priority));
    }
    assert_eq!(combined.switch_hours.as_constant(), Some(0.0));
    assert_eq!(separated.switch_hours.as_constant(), Some(0.25));
    assert_eq!(combined.people.len(), 1);
    assert_eq!(combined.people[0].yearly_cost, Some(200000.0));
    assert_eq!(combined.people[0].duties.iter().count(), 7);
    let po = &separated.people[1];
    assert_eq!(
        (po.role.as_str(), po.staffing),
        ("po", Staffing::PerSquad(1))
    );
    assert_eq!(po.yearly_cost, Some(160000.0));
    assert!(po.duties.contains(Duty::Answer) && !po.duties.contains(Duty::Triage));
    let sales = &s.stakeholders[0];
    assert_eq!(
        (
            sales.name.as_str(),
            sales.requests_per_week,
            sales.accept_share
        ),
        ("sales", 4.0, 0.4)
    );
    assert!(
        matches!(sales.items_per_request, Dist::Uniform { min, max } if min == 1.0 && max == 4.0)
    );
}

#[test]
fn defaults_apply_to_everything_left_out() {
    let s = one(MINIMAL);
    assert_eq!(s.name, "test", "the name defaults to the file stem");
    assert_eq!(s.description, "");
    assert_eq!(
        (s.run.weeks, s.run.warmup_weeks, s.run.trials, s.run.seed),
        (52, 8, 200, 1)
    );
    assert_eq!(s.run.hours_per_week, 40.0);
    let st = &s.structures[0];
    assert_eq!((st.team.squads, st.team.devs_per_squad), (1, 6));
    let w = &st.work;
    assert!(
        matches!(w.item_effort_hours, Dist::LogNormal { mean, sd, .. } if mean == 24.0 && sd == 16.0)
    );
    assert!(matches!(w.question_every_hours, Dist::Exp { mean, .. } if mean == 16.0));
    assert!(matches!(w.answer_hours, Dist::Exp { mean, .. } if mean == 1.0 / 6.0));
    assert_eq!(
        w.escalation_share, 0.0,
        "nothing escalates unless the file says so"
    );
    assert!(matches!(w.escalation_hours, Dist::Exp { mean, .. } if mean == 1.0));
    assert!(matches!(w.refine_hours, Dist::LogNormal { mean, sd, .. } if mean == 3.0 && sd == 2.0));
    assert!(
        w.accept_hours.is_zero(),
        "acceptance costs nothing unless the file says so"
    );
    assert!(w.resume_hours.is_zero());
    assert_eq!(w.ready_per_dev, 1.5);
    assert_eq!(w.backlog_order, BacklogOrder::Value);
    assert_eq!(w.ceremony_hours_per_week.as_constant(), Some(0.0));
    assert_eq!(w.value_noise_sd, 1.0);
    assert_eq!(w.value_half_life_weeks, None);
    assert!(!w.unlimited_backlog);
    assert!(st.discovery.is_none());
    assert_eq!(st.approval.share, 0.0);
    assert!(st.approval.delay_hours.is_zero());
    assert!(!st.preempt);
    assert_eq!(st.switch_hours.as_constant(), Some(0.0));
    assert_eq!(st.people[0].yearly_cost, None);
    assert_eq!(st.dev_yearly_cost, None);
    let g = &s.stakeholders[0];
    assert!(matches!(g.triage_hours, Dist::Exp { mean, .. } if mean == 0.5));
    assert_eq!(g.accept_share, 0.25);
    assert!(matches!(g.items_per_request, Dist::Const(v) if v == 1.0));
    assert!(matches!(g.value, Dist::LogNormal { mean, sd, .. } if mean == 10.0 && sd == 10.0));
    assert_eq!((g.priority, g.squad), (None, None));
    let d = WarningThresholds::default();
    assert_eq!(s.warnings.decision_latency_p90_h, d.decision_latency_p90_h);
}

#[test]
fn discovery_defaults_apply_when_the_table_is_present() {
    let src =
        format!("[discovery]\n{MINIMAL}").replace("\"triage\",", "\"triage\", \"discovery\",");
    let d = one(&src).structures[0].discovery.clone().unwrap();
    assert_eq!(
        (
            d.target_share,
            d.session_hours.as_constant(),
            d.drop_after_weeks
        ),
        (0.3, Some(1.0), 2.0)
    );
}

#[test]
fn structure_overrides_apply_to_that_structure_only() {
    let src = format!(
        r#"{MINIMAL}
[[structures]]
name = "tuned"
preempt = true
switch_hours = 0.5
approval = {{ share = 0.2, delay_hours = {{ dist = "exp", mean = 8 }} }}
priorities = {{ triage = 2 }}
people = [ {{ role = "pm-po", count = 1, duties = ["triage", "discovery", "escalation", "answer", "refine", "accept", "ceremony"] }} ]
[structures.team]
squads = 2
[structures.work]
answer_hours = 2
[structures.discovery]
target_share = 0.1
"#
    );
    let s = one(&src);
    let (solo, tuned) = (&s.structures[0], &s.structures[1]);
    assert_eq!((solo.team.squads, tuned.team.squads), (1, 2));
    assert_eq!(
        tuned.team.devs_per_squad, 6,
        "fields not overridden keep their values"
    );
    assert!(matches!(tuned.work.answer_hours, Dist::Const(v) if v == 2.0));
    assert!(matches!(solo.work.answer_hours, Dist::Exp { .. }));
    assert!(solo.discovery.is_none());
    assert_eq!(tuned.discovery.as_ref().unwrap().target_share, 0.1);
    assert!(tuned.preempt && !solo.preempt);
    assert_eq!(tuned.switch_hours.as_constant(), Some(0.5));
    assert_eq!(tuned.approval.share, 0.2);
    assert_eq!(tuned.priorities[Duty::Triage.index()], 2);
    assert_eq!(tuned.priorities[Duty::Answer.index()], 1);
    assert_eq!(solo.priorities[Duty::Triage.index()], 4);
}

#[test]
fn an_error_in_an_override_points_at_the_override() {
    let src = format!("{MINIMAL}\n[structures.work]\nanswer_hours = -1\n");
    let e = refused(&src);
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].field, "structures[0].work.answer_hours");
    assert_eq!(e.errors[0].line, src.lines().count());
}

#[test]
fn sweep_expands_to_the_grid_first_key_slowest() {
    let src = format!(
        "{MINIMAL}\n[sweep]\nteam.squads = [1, 2, 4]\nwork.escalation_share = [0.1, 0.2]\n"
    );
    let points = load(&src);
    assert_eq!(points.len(), 6);
    let got: Vec<(u32, f64)> = points
        .iter()
        .map(|p| {
            (
                p.structures[0].team.squads,
                p.structures[0].work.escalation_share,
            )
        })
        .collect();
    assert_eq!(
        got,
        [(1, 0.1), (1, 0.2), (2, 0.1), (2, 0.2), (4, 0.1), (4, 0.2)]
    );
    assert_eq!(
        points[3].sweep,
        [
            ("team.squads".to_string(), "2".to_string()),
            ("work.escalation_share".to_string(), "0.2".to_string())
        ]
    );
}

#[test]
fn sweep_may_set_distributions_and_tables_absent_from_the_file() {
    let src = format!(
        "{MINIMAL}\n[sweep]\nwork.answer_hours = [0.5, {{ dist = \"exp\", mean = 1 }}]\nrun.trials = [7]\n"
    );
    let points = load(&src);
    assert_eq!(points.len(), 2);
    assert!(matches!(
        points[1].structures[0].work.answer_hours,
        Dist::Exp { .. }
    ));
    assert_eq!(points[1].sweep[0].1, "{ dist = \"exp\", mean = 1 }");
    assert_eq!(points[0].run.trials, 7);
}

#[test]
fn an_invalid_sweep_value_is_reported_at_that_value_and_point() {
    let src = format!("{MINIMAL}\n[sweep]\nteam.squads = [1, 0]\n");
    let e = refused(&src);
    assert_eq!(e.errors.len(), 1, "{e}");
    let err = &e.errors[0];
    assert_eq!(err.line, src.lines().count());
    assert_eq!(err.column, "team.squads = [1, ".len() + 1);
    assert!(
        err.message
            .contains("squads must be at least 1, got 0 (at sweep point team.squads = 0)"),
        "{e}"
    );
}

#[test]
fn squads_each_covers_every_squad_with_the_ceiling_of_heads() {
    let src = MINIMAL.replace("count = 1", "squads_each = 2") + "[team]\nsquads = 5\n";
    let s = one(&src);
    let st = &s.structures[0];
    assert_eq!(st.people[0].staffing, Staffing::SquadsEach(2));
    assert_eq!(st.people[0].staffing.heads(st.team.squads), 3);
    assert_eq!(Staffing::PerSquad(2).heads(5), 10);
    assert_eq!(Staffing::Count(1).heads(5), 1);
}

#[test]
fn unlimited_backlog_needs_no_stakeholders_and_ignores_them() {
    let closed = r#"
[work]
unlimited_backlog = true
[[structures]]
name = "answerers"
people = [ { role = "po", count = 2, duties = ["answer", "escalation", "accept", "ceremony"] } ]
"#;
    let s = one(closed);
    assert!(s.stakeholders.is_empty());
    let with_groups = format!("{closed}\n[[stakeholders]]\nname = \"x\"\nrequests_per_week = 1\n");
    assert!(one(&with_groups).stakeholders.is_empty());
    let open = closed.replace("unlimited_backlog = true", "unlimited_backlog = false");
    let e = refused(&open);
    assert!(
        e.errors
            .iter()
            .any(|e| e.field == "stakeholders" && e.message.contains("no work comes in")),
        "{e}"
    );
}

#[test]
fn duties_whose_hours_are_zero_need_no_holder() {
    let src = r#"
[work]
accept_hours = 0
refine_hours = 0
escalation_share = 0
ceremony_hours_per_week = 0
[[stakeholders]]
name = "sales"
requests_per_week = 1
[[structures]]
name = "thin"
people = [ { role = "po", count = 1, duties = ["triage", "answer"] } ]
"#;
    one(src);
}

#[test]
fn costs_need_dev_and_every_role() {
    let e = refused(&format!("{MINIMAL}\n[costs]\npm = 1\n"));
    let text = e.to_string();
    assert!(text.contains("costs: [costs] needs `dev`"), "{text}");
    assert!(
        text.contains("structures[0].people[0].role: role \"pm-po\" has no yearly cost"),
        "{text}"
    );
}

#[test]
fn costs_value_is_the_money_of_a_unit_of_value_not_a_role() {
    let costs = "\n[costs]\ndev = 100\n\"pm-po\" = 200\n";
    let without = one(&format!("{MINIMAL}{costs}"));
    assert_eq!(without.structures[0].value_per_unit, None);
    let with = one(&format!("{MINIMAL}{costs}value = 1000\n"));
    let st = &with.structures[0];
    assert_eq!(st.value_per_unit, Some(1000.0));
    assert_eq!(st.people_cost_per_year(), Some(100.0 * 6.0 + 200.0));

    let text = refused(&format!("{MINIMAL}{costs}value = -1\n")).to_string();
    assert!(text.contains("costs.value"), "{text}");
    let role_named_value = MINIMAL.replace("pm-po", "value");
    let text = refused(&format!(
        "{role_named_value}\n[costs]\ndev = 1\nvalue = 2\n"
    ))
    .to_string();
    assert!(
        text.contains("role \"value\" cannot be given a yearly cost"),
        "{text}"
    );
}

#[test]
fn stakeholder_squad_counts_from_zero_and_must_exist() {
    let ok = MINIMAL.replace(
        "requests_per_week = 4",
        "requests_per_week = 4\nsquad = 1\npriority = 1",
    ) + "[team]\nsquads = 2\n";
    let s = one(&ok);
    assert_eq!(
        (s.stakeholders[0].squad, s.stakeholders[0].priority),
        (Some(1), Some(1))
    );
    let bad = ok.replace("squads = 2", "squads = 1");
    let e = refused(&bad);
    assert!(
        e.to_string()
            .contains("stakeholders[0].squad: squad must be below the number of squads (1)"),
        "{e}"
    );
}

#[test]
fn priorities_name_duties_and_stay_within_zero_to_nine() {
    let src = MINIMAL.replace(
        "name = \"solo\"",
        "name = \"solo\"\npriorities = { triag = 1, answer = 12 }",
    );
    let e = refused(&src);
    assert_eq!(e.errors.len(), 2, "{e}");
    assert!(e.errors[0].message.contains("did you mean `triage`"), "{e}");
    assert!(
        e.errors[1]
            .message
            .contains("priority must be between 0 and 9, got 12"),
        "{e}"
    );
}

#[test]
fn warnings_override_the_default_thresholds() {
    let s = one(&format!(
        "{MINIMAL}\n[warnings]\ndecision_latency_p90_h = 8\n"
    ));
    assert_eq!(s.warnings.decision_latency_p90_h, 8.0);
    assert_eq!(s.warnings.shared_util_max, 0.85);
}

#[test]
fn accept_bar_is_the_value_quantile_of_the_rejected_share() {
    let src = MINIMAL.replace(
        "requests_per_week = 4",
        "requests_per_week = 4\naccept_share = 0.25\nvalue = { dist = \"uniform\", min = 0, max = 40 }",
    );
    let bar = one(&src).stakeholders[0].accept_bar;
    assert!((bar - 30.0).abs() < 0.2, "bar {bar}");
}

#[test]
fn empirical_files_resolve_beside_the_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let src = format!(
        "{MINIMAL}\n[work]\nitem_effort_hours = {{ dist = \"empirical\", file = \"empirical.csv\" }}\n"
    );
    let s = load_str(&src, &dir.join("x.toml")).unwrap_or_else(|e| panic!("{}", e.render()));
    let Dist::Empirical(values) = &s[0].structures[0].work.item_effort_hours else {
        panic!("not empirical")
    };
    assert_eq!(&values[..], [4.0, 8.5, 16.0]);
}

/// Each point lists the data files it read, once each, with the digest of what they
/// held: what a run split over machines checks that every machine read alike.
#[test]
fn a_point_lists_the_data_files_it_read() {
    use sha2::{Digest, Sha256};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bytes = std::fs::read(dir.join("empirical.csv")).unwrap();
    let file = DataFile {
        name: "empirical.csv".into(),
        path: dir.join("empirical.csv"),
        sha256: Sha256::digest(&bytes).into(),
    };
    // Named twice, in a sweep and a parameter set: listed once by each point and set.
    let empirical = "{ dist = \"empirical\", file = \"empirical.csv\" }";
    let src = format!(
        "{MINIMAL}\n[work]\nitem_effort_hours = {empirical}\nanswer_hours = {empirical}\n\
         [sweep]\nteam.squads = [1, 2]\n\
         [uncertainty]\nsamples = 10\ntrials = 2\n\"work.escalation_share\" = [0.1, 0.2]\n"
    );
    let points = load_str(&src, &dir.join("x.toml")).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(points.len(), 2);
    for point in &points {
        assert_eq!(point.data_files, std::slice::from_ref(&file));
        let sets = &point.uncertainty.as_ref().unwrap().sets;
        assert_eq!(sets.len(), 10);
        for set in sets {
            assert_eq!(set.scenario.data_files, std::slice::from_ref(&file));
        }
    }
    // A file that reads none lists none.
    assert!(one(MINIMAL).data_files.is_empty());
}

#[test]
fn backlog_order_is_value_or_fifo() {
    let fifo = one(&format!("{MINIMAL}\n[work]\nbacklog_order = \"fifo\"\n"));
    assert_eq!(fifo.structures[0].work.backlog_order, BacklogOrder::Fifo);
    let e = refused(&format!("{MINIMAL}\n[work]\nbacklog_order = \"vaule\"\n"));
    assert!(e.errors[0].message.contains("did you mean `value`"), "{e}");
}

#[test]
fn a_table_given_as_the_wrong_kind_is_reported() {
    let e = refused(&format!("{MINIMAL}\n[[run]]\nweeks = 3\n"));
    assert!(
        e.to_string().contains("run: expected a table, got a list"),
        "{e}"
    );
    let e = refused("[[structures]]\nname = \"x\"\n[structures.work]\nsquads = 2\n");
    assert!(e.to_string().contains("`squads` belongs in [team]"), "{e}");
}

#[test]
fn a_scenario_without_structures_is_refused() {
    let e = refused("name = \"x\"\n");
    assert!(e.to_string().contains("at least one [[structures]]"), "{e}");
}

#[test]
fn documented_sweep_example_expands_as_documented() {
    let format = include_str!("../../docs/scenario-format.md");
    let start = format.find("## Sweeps").expect("format section");
    let section = &format[start..];
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml example in the format section");
    let points = load(&format!("{MINIMAL}\n{block}"));
    assert_eq!(points.len(), 20, "5 × 2 × 2 points");
    assert_eq!(points[1].sweep[2].1, "{ dist = \"exp\", mean = 0.5 }");
    assert_eq!(points[19].structures[0].team.squads, 6);
}

#[test]
fn a_string_where_a_number_belongs_is_reported_as_such() {
    let src = MINIMAL.replace(
        "requests_per_week = 4",
        "requests_per_week = 4\naccept_share = \"high\"",
    );
    let e = refused(&src);
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].field, "stakeholders[0].accept_share");
    assert_eq!(
        e.errors[0].message,
        "expected a number, got a string (\"high\")"
    );
}

#[test]
fn triage_that_takes_no_time_needs_nobody_to_hold_it() {
    let src = r#"
[[stakeholders]]
name = "sales"
requests_per_week = 5
triage_hours = 0

[[structures]]
name = "po"
people = [ { role = "po", count = 1, duties = ["answer", "escalation", "refine", "accept", "ceremony"] } ]
"#;
    assert_eq!(one(src).structures[0].name, "po");
    let timed = src.replace("triage_hours = 0", "triage_hours = 0.5");
    let e = refused(&timed);
    assert!(
        e.to_string().contains("holds the triage duty"),
        "expected a triage coverage error, got: {e}"
    );
}

#[test]
fn with_every_request_rejected_only_triage_needs_a_holder() {
    // The triage check of docs/model.md §16: requests triaged by a pool and all rejected. No item
    // can exist, so nobody needs to answer, refine or accept.
    let src = r#"
[[stakeholders]]
name = "sales"
requests_per_week = 5
accept_share = 0

[[structures]]
name = "triagers"
people = [ { role = "pm", count = 2, duties = ["triage"] } ]
"#;
    assert_eq!(one(src).structures[0].people.len(), 1);
    let e = refused(&src.replace("accept_share = 0", "accept_share = 0.5"));
    assert!(
        e.to_string().contains("holds the answer duty"),
        "expected an answer coverage error, got: {e}"
    );
}
