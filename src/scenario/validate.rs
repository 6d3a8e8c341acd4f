//! The validating stage: from the raw spanned tree to one immutable [`Scenario`] point.
//!
//! [`Validator::scenario`] reads the file table by table, each key through its
//! declaration in `schema`, then runs the checks across tables (`checks`). A value in
//! error is reported and replaced by its default, so the walk goes on and finds the
//! file's other errors; the caller discards the scenario if any issue was recorded.
//! Nothing here reads the sweep: by the time a tree gets here its swept values have
//! been set.

use super::checks;
use super::demand::RequestRate;
use super::person_time;
use super::raw::{Node, Span, Table, Value};
use super::reader::{
    hint, join, number_words, word_list, Bound, DefaultValue, Fallback, Field, Part, Reader, Rule,
    Section,
};
use super::schema::{self, person, priorities, stakeholder, structure, Layout};
use super::types::*;
use crate::dist::Dist;
use crate::model::Metric;
use std::path::Path;

/// Reads the points of one file: the reader with the issues found so far.
pub(crate) struct Validator<'s> {
    /// The reader, holding every issue found.
    pub reader: Reader<'s>,
}

impl<'s> Validator<'s> {
    /// A validator for a file with this text; `empirical` files are found in
    /// `base_dir`.
    pub fn new(src: &'s str, base_dir: &Path) -> Self {
        Validator {
            reader: Reader::new(src, base_dir, schema::home_of),
        }
    }

    /// Builds one scenario point from a raw tree (its sweep values already set).
    pub fn scenario(
        &mut self,
        root: &Table,
        path: &Path,
        sweep: Vec<(String, String)>,
    ) -> Scenario {
        let reader = &mut self.reader;
        let mut top = Section::new(
            "",
            0..0,
            vec![Part {
                prefix: String::new(),
                table: root,
                span: 0..0,
            }],
        );
        let name = reader.optional(&mut top, &schema::NAME).unwrap_or_else(|| {
            path.file_stem().map_or_else(
                || "scenario".to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
        let description = reader.get(&mut top, &schema::DESCRIPTION);
        let run = read_top_table(reader, &mut top, &schema::run::TABLE, read_run);
        let inherited = Inherited::take(reader, &mut top);
        let warnings = read_top_table(reader, &mut top, &schema::warnings::TABLE, read_warnings);
        let compare = read_top_table(reader, &mut top, &schema::compare::TABLE, read_compare);
        inherited.check(reader);
        let groups = Groups::read(reader, &mut top, root, run.weeks);
        let costs = Costs::read(reader, &mut top);
        let entries = structure_entries(reader, &mut top);
        // Read before validation; known here so that they are not reported unknown.
        top.take(schema::SWEEP);
        top.take(schema::uncertainty::TABLE.name);
        reader.finish(top);

        let mut names = Vec::new();
        let structures: Vec<Structure> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, node)| {
                read_structure(reader, i, node, &inherited, &groups, &costs, &mut names)
            })
            .collect();
        let stakeholders =
            if !structures.is_empty() && structures.iter().all(|s| s.work.unlimited_backlog) {
                Vec::new()
            } else {
                groups.read.into_iter().map(|(g, _)| g).collect()
            };
        Scenario {
            name,
            description,
            path: path.to_path_buf(),
            sweep,
            run,
            stakeholders,
            warnings,
            compare,
            structures,
            // Drawn and validated by the loader, once the point is read.
            uncertainty: None,
            data_files: reader.take_files_read(),
        }
    }
}

/// The top-level table of `layout`, if the file has it.
fn take_table<'n>(
    reader: &mut Reader<'_>,
    section: &mut Section<'n>,
    layout: &Layout,
) -> Option<Part<'n>> {
    reader.table(section.take(layout.name))
}

/// Reads the top-level table of `layout` with `read`, then reports its unknown keys.
fn read_top_table<'s, 'n, T>(
    reader: &mut Reader<'s>,
    top: &mut Section<'n>,
    layout: &Layout,
    read: impl FnOnce(&mut Reader<'s>, &mut Section<'n>) -> T,
) -> T {
    let part = take_table(reader, top, layout);
    read_table(reader, layout, part, read)
}

/// Reads a table of `layout` made of `parts` (the top-level one, then a structure's
/// override) with `read`, then reports its unknown keys.
fn read_table<'s, 'n, T>(
    reader: &mut Reader<'s>,
    layout: &Layout,
    parts: impl IntoIterator<Item = Part<'n>>,
    read: impl FnOnce(&mut Reader<'s>, &mut Section<'n>) -> T,
) -> T {
    let mut section = Section::new(layout.name, 0..0, parts.into_iter().collect());
    let out = read(reader, &mut section);
    reader.finish(section);
    out
}

fn read_run(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Run {
    use schema::run::*;
    // The casts are lossless: each rule's bounds fit the field's type.
    Run {
        weeks: reader.get(section, &WEEKS) as u32,
        warmup_weeks: reader.get(section, &WARMUP_WEEKS) as u32,
        trials: reader.get(section, &TRIALS) as u32,
        seed: reader.get(section, &SEED) as u64,
        hours_per_week: reader.get(section, &HOURS_PER_WEEK),
    }
}

fn read_team(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Team {
    use schema::team::*;
    Team {
        squads: reader.get(section, &SQUADS) as u32,
        devs_per_squad: reader.get(section, &DEVS_PER_SQUAD) as u32,
        dev_absence_weeks_per_year: reader.get(section, &DEV_ABSENCE_WEEKS_PER_YEAR) as u32,
    }
}

fn read_work(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Work {
    use schema::work::*;
    // Read in this order: an unknown key's message lists the keys in the order asked.
    let item_effort_hours = reader.get(section, &ITEM_EFFORT_HOURS);
    let question_every_hours = reader.get(section, &QUESTION_EVERY_HOURS);
    let backlog_order = reader.get(section, &BACKLOG_ORDER);
    Work {
        item_effort_hours,
        question_every_hours,
        answer_hours: reader.get(section, &ANSWER_HOURS),
        escalation_share: reader.get(section, &ESCALATION_SHARE),
        escalation_hours: reader.get(section, &ESCALATION_HOURS),
        refine_hours: reader.get(section, &REFINE_HOURS),
        accept_hours: reader.get(section, &ACCEPT_HOURS),
        resume_hours: reader.get(section, &RESUME_HOURS),
        ready_per_dev: reader.get(section, &READY_PER_DEV),
        backlog_order,
        ceremony_hours_per_week: reader.get(section, &CEREMONY_HOURS_PER_WEEK),
        value_noise_sd: reader.get(section, &VALUE_NOISE_SD),
        value_half_life_weeks: reader.optional(section, &VALUE_HALF_LIFE_WEEKS),
        unlimited_backlog: reader.get(section, &UNLIMITED_BACKLOG),
        ceremonies: reader.get(section, &CEREMONIES),
        joint_ceremony_extra_hours: reader.get(section, &JOINT_CEREMONY_EXTRA_HOURS),
        insight_transfer: reader.get(section, &INSIGHT_TRANSFER),
        wrong_answer_share: reader.get(section, &WRONG_ANSWER_SHARE),
        rework_hours: reader.get(section, &REWORK_HOURS),
        handoff_hours: reader.get(section, &HANDOFF_HOURS),
        while_blocked: reader.get(section, &WHILE_BLOCKED),
        // Lossless: the rule keeps it within 1 to 100.
        max_items_per_dev: reader.get(section, &MAX_ITEMS_PER_DEV) as u32,
    }
}

fn read_discovery(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Discovery {
    use schema::discovery::*;
    Discovery {
        target_share: reader.get(section, &TARGET_SHARE),
        session_hours: reader.get(section, &SESSION_HOURS),
        drop_after_weeks: reader.get(section, &DROP_AFTER_WEEKS),
    }
}

fn read_approval(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Approval {
    use schema::approval::*;
    Approval {
        share: reader.get(section, &SHARE),
        delay_hours: reader.get(section, &DELAY_HOURS),
    }
}

fn read_warnings(reader: &mut Reader<'_>, section: &mut Section<'_>) -> WarningThresholds {
    use schema::warnings::*;
    WarningThresholds {
        decision_latency_p90_h: reader.get(section, &DECISION_LATENCY_P90_H),
        discovery_share_of_target: reader.get(section, &DISCOVERY_SHARE_OF_TARGET),
        backlog_work_share: reader.get(section, &BACKLOG_WORK_SHARE),
        shared_util_max: reader.get(section, &SHARED_UTIL_MAX),
        overload_week_share_max: reader.get(section, &OVERLOAD_WEEK_SHARE_MAX),
        triage_wait_mean_h: reader.get(section, &TRIAGE_WAIT_MEAN_H),
        dev_starved_share: reader.get(section, &DEV_STARVED_SHARE),
        queue_growth: reader.get(section, &QUEUE_GROWTH),
    }
}

fn read_compare(reader: &mut Reader<'_>, section: &mut Section<'_>) -> CompareSettings {
    CompareSettings {
        min_effect: reader.get(section, &schema::compare::MIN_EFFECT),
    }
}

/// `priorities = { triage = 2 }`, merged over the parts (later wins).
fn read_priorities(reader: &mut Reader<'_>, parts: Vec<Part<'_>>) -> [u8; Duty::COUNT] {
    let mut out = Duty::ALL.map(Duty::default_priority);
    let mut section = Section::new(priorities::MAP.name, 0..0, parts);
    for (entry, prefix) in section.all_entries() {
        let field = Field {
            node: &entry.value,
            path: join(&prefix, &entry.key),
            key: priorities::PRIORITY.name,
        };
        let Some(duty) = duty_named(reader, &entry.key, entry.key_span.clone(), &field.path) else {
            continue;
        };
        if let Some(priority) = priorities::PRIORITY.rule.read(reader, &field) {
            // Lossless: the rule keeps it within 0 to 9.
            out[duty.index()] = priority as u8;
        }
    }
    out
}

/// The duty called `name`, or `None` once reported as unknown.
fn duty_named(reader: &mut Reader<'_>, name: &str, span: Span, field: &str) -> Option<Duty> {
    let duty = Duty::from_name(name);
    if duty.is_none() {
        let names = Duty::ALL.map(Duty::name);
        let msg = format!("unknown duty \"{name}\"{}", hint(name, &names));
        reader.report(span, field, msg);
    }
    duty
}

/// A list of duty names, at least one.
pub(crate) struct DutyNames;

impl Rule for DutyNames {
    type Value = DutySet;

    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<DutySet> {
        let nodes = reader.array(
            field,
            "a list of duty names such as [\"answer\", \"refine\"]",
        )?;
        let mut set = DutySet::default();
        let mut ok = true;
        for (i, node) in nodes.iter().enumerate() {
            let path = format!("{}[{i}]", field.path);
            match &node.value {
                Value::String(s) => match duty_named(reader, s, node.span.clone(), &path) {
                    Some(d) => set = set.with(d),
                    None => ok = false,
                },
                other => {
                    let msg = format!("expected a duty name, got {}", other.describe());
                    reader.report(node.span.clone(), path, msg);
                    ok = false;
                }
            }
        }
        if nodes.is_empty() {
            let msg = "duties must name at least one duty";
            reader.report(field.node.span.clone(), field.path.clone(), msg);
            return None;
        }
        ok.then_some(set)
    }
}

/// The rule of `[compare] min_effect`: a share for every metric, or a table of metric
/// names (and `default`, for the metrics not named) to shares, each at least 0. A
/// metric with no better direction gets no verdict, so a share for it is refused.
pub(crate) struct MetricShares;

/// The key of `min_effect`'s table that stands for every metric not named.
const EVERY_OTHER_METRIC: &str = "default";

impl Rule for MetricShares {
    type Value = MinEffect;

    fn read(&self, reader: &mut Reader<'_>, field: &Field<'_>) -> Option<MinEffect> {
        let share = Bound::NonNegative;
        let table = match &field.node.value {
            Value::Table(table) => table,
            Value::Integer(_) | Value::Float(_) => {
                return reader.bounded(field, share).map(MinEffect::uniform);
            }
            _ => {
                let expected = "a number, or a table of metric names to shares such as \
                                { default = 0.02, decision_latency_p90_h = 0.1 }";
                reader.type_error(field, expected);
                return None;
            }
        };
        let mut out = MinEffect::uniform(schema::compare::MIN_EFFECT.default);
        let mut ok = true;
        for entry in &table.entries {
            let path = join(&field.path, &entry.key);
            let value = Field {
                node: &entry.value,
                path: path.clone(),
                key: field.key,
            };
            let metric = if entry.key == EVERY_OTHER_METRIC {
                None
            } else {
                match Metric::from_name(&entry.key) {
                    Some(metric) if metric.higher_is_better().is_some() => Some(metric),
                    Some(metric) => {
                        let msg = format!(
                            "`{}` has no better direction, so it gets no verdict and no margin",
                            metric.name()
                        );
                        reader.report(entry.key_span.clone(), path, msg);
                        ok = false;
                        continue;
                    }
                    None => {
                        let judged = Metric::ALL
                            .into_iter()
                            .filter(|m| m.higher_is_better().is_some())
                            .map(Metric::name);
                        let names: Vec<&str> =
                            [EVERY_OTHER_METRIC].into_iter().chain(judged).collect();
                        let msg = format!(
                            "unknown metric `{}` in {}{}",
                            entry.key,
                            field.key,
                            hint(&entry.key, &names)
                        );
                        reader.report(entry.key_span.clone(), path, msg);
                        ok = false;
                        continue;
                    }
                }
            };
            match (metric, reader.bounded(&value, share)) {
                (_, None) => ok = false,
                (None, Some(v)) => out.default = v,
                (Some(metric), Some(v)) => out.by_metric.push((metric, v)),
            }
        }
        ok.then_some(out)
    }

    /// Stated in the key's meaning, where it reads before the table form.
    fn bound(&self) -> Option<String> {
        None
    }

    /// A table of shares is not one value a sweep could set.
    fn sweepable(&self) -> bool {
        false
    }
}

impl Fallback<MetricShares> for f64 {
    fn words(&self, _: &MetricShares) -> String {
        number_words(*self)
    }
}

impl DefaultValue<MetricShares> for f64 {
    fn value(&self) -> MinEffect {
        MinEffect::uniform(*self)
    }
}

/// What every structure inherits from the top level: the tables it may override, as
/// written, and the values it may replace.
struct Inherited<'n> {
    team: Option<Part<'n>>,
    work: Option<Part<'n>>,
    discovery: Option<Part<'n>>,
    approval: Option<Part<'n>>,
    priorities: Option<Part<'n>>,
    preempt: bool,
    switch_hours: Dist,
    aging_hours: Option<f64>,
}

impl<'n> Inherited<'n> {
    /// Takes the inherited keys from the top level.
    fn take(reader: &mut Reader<'_>, top: &mut Section<'n>) -> Self {
        Inherited {
            team: take_table(reader, top, &schema::team::TABLE),
            work: take_table(reader, top, &schema::work::TABLE),
            discovery: take_table(reader, top, &schema::discovery::TABLE),
            approval: take_table(reader, top, &schema::approval::TABLE),
            priorities: reader.table(top.take(priorities::MAP.name)),
            preempt: reader.get(top, &schema::PREEMPT),
            switch_hours: reader.get(top, &schema::SWITCH_HOURS),
            aging_hours: reader.optional(top, &schema::AGING_HOURS),
        }
    }

    /// Reads the top-level tables on their own, so that their errors are found even
    /// when every structure overrides them (the duplicates are dropped later).
    fn check(&self, reader: &mut Reader<'_>) {
        read_table(reader, &schema::team::TABLE, self.team.clone(), read_team);
        read_table(reader, &schema::work::TABLE, self.work.clone(), read_work);
        let discovery = self.discovery.clone();
        read_table(reader, &schema::discovery::TABLE, discovery, read_discovery);
        let approval = self.approval.clone();
        read_table(reader, &schema::approval::TABLE, approval, read_approval);
        read_priorities(reader, self.priorities.iter().cloned().collect());
    }
}

/// The top-level part, then a structure's own.
fn merged<'n>(top: &Option<Part<'n>>, own: Option<Part<'n>>) -> Vec<Part<'n>> {
    top.iter().cloned().chain(own).collect()
}

/// The `[[stakeholders]]` groups read, each with where it is written.
pub(crate) struct Groups {
    /// The groups read without error.
    pub read: Vec<(StakeholderGroup, Span)>,
    /// How many entries the list has, read or not.
    pub entries: usize,
    /// Where the list's key is written (the start of the file without one).
    pub span: Span,
}

impl Groups {
    fn read(reader: &mut Reader<'_>, top: &mut Section<'_>, root: &Table, weeks: u32) -> Groups {
        let list = &stakeholder::LIST;
        let mut read: Vec<(StakeholderGroup, Span)> = Vec::new();
        let mut entries = 0;
        if let Some(field) = top.take(list.layout.name) {
            if let Some(nodes) = reader.array(&field, list.expected) {
                entries = nodes.len();
                for (i, node) in nodes.iter().enumerate() {
                    let prefix = format!("{}[{i}]", list.layout.name);
                    let Some((group, span)) = read_group(reader, node, prefix, weeks) else {
                        continue;
                    };
                    let earlier: Vec<(&str, &Span)> =
                        read.iter().map(|(g, s)| (g.name.as_str(), s)).collect();
                    let field = format!("{}[{i}].name", list.layout.name);
                    let what = "stakeholder group";
                    checks::unique_name(reader, what, &group.name, &span, field, &earlier);
                    read.push((group, span));
                }
            }
        }
        let span = root
            .get(list.layout.name)
            .map_or(0..0, |e| e.key_span.clone());
        Groups {
            read,
            entries,
            span,
        }
    }
}

/// One `[[stakeholders]]` group and where it is written; a schedule's mean rate is
/// taken over the run's `weeks` measured weeks.
fn read_group(
    reader: &mut Reader<'_>,
    node: &Node,
    prefix: String,
    weeks: u32,
) -> Option<(StakeholderGroup, Span)> {
    use schema::stakeholder::*;
    let field = Field {
        node,
        path: prefix,
        key: TABLE.name,
    };
    let part = reader.table(Some(field))?;
    let span = part.span.clone();
    let mut section = Section::new("", 0..0, vec![part]);
    let name = reader.required(&mut section, &NAME);
    let requests_per_week = reader.required(&mut section, &REQUESTS_PER_WEEK);
    let triage_hours = reader.get(&mut section, &TRIAGE_HOURS);
    let accept_share = reader.get(&mut section, &ACCEPT_SHARE);
    let items_per_request = reader.get(&mut section, &ITEMS_PER_REQUEST);
    let value = reader.get(&mut section, &VALUE);
    let priority = reader.optional(&mut section, &PRIORITY);
    let squad = reader.optional(&mut section, &SQUAD);
    reader.finish(section);
    let accept_bar = value.accept_bar(accept_share);
    let (requests_per_week, schedule) = match requests_per_week?.value {
        RequestRate::Constant(rate) => (rate, None),
        RequestRate::Schedule(schedule) => (schedule.mean_rate(weeks), Some(schedule)),
    };
    Some((
        StakeholderGroup {
            name: name?.value,
            requests_per_week,
            schedule,
            triage_hours,
            accept_share,
            accept_bar,
            items_per_request,
            value,
            // Lossless: the rules keep them within their types.
            priority: priority.map(|p| p as u8),
            squad: squad.map(|s| s as u32),
        },
        span,
    ))
}

/// `[costs]` as read: each role's yearly cost, and the money a unit of value is worth.
pub(crate) struct Costs {
    /// Yearly cost by role name, in file order.
    pub by_role: Vec<(String, f64)>,
    /// Money per unit of delivered value (`value`), if given.
    pub value_per_unit: Option<f64>,
}

impl Costs {
    /// The yearly cost of one person of `role`.
    pub fn of(&self, role: &str) -> Option<f64> {
        self.by_role
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, cost)| *cost)
    }

    /// Reads `[costs]`, if the file has it, and reports a missing developer cost.
    fn read(reader: &mut Reader<'_>, top: &mut Section<'_>) -> Option<Costs> {
        let map = &schema::costs::MAP;
        let yearly = &schema::costs::YEARLY_COST;
        let value = &schema::costs::VALUE;
        let field = top.take(map.name);
        let span = field.as_ref().map(|f| f.node.span.clone());
        let part = reader.table(field)?;
        let mut section = Section::new(map.name, 0..0, vec![part]);
        let mut by_role = Vec::new();
        let mut value_per_unit = None;
        for (entry, prefix) in section.all_entries() {
            let path = join(&prefix, &entry.key);
            if entry.key == value.name {
                let field = Field {
                    node: &entry.value,
                    path,
                    key: value.name,
                };
                value_per_unit = value.rule.read(reader, &field);
                continue;
            }
            let field = Field {
                node: &entry.value,
                path,
                key: yearly.name,
            };
            // Known but invalid: keep the role so it is not also reported missing.
            let cost = yearly.rule.read(reader, &field).unwrap_or(0.0);
            by_role.push((entry.key.clone(), cost));
        }
        let costs = Costs {
            by_role,
            value_per_unit,
        };
        if let (None, Some(span)) = (costs.of_developer(), span) {
            reader.report(span, map.name, schema::costs::NO_DEVELOPER);
        }
        Some(costs)
    }

    /// The yearly cost of one developer.
    fn of_developer(&self) -> Option<f64> {
        self.of(schema::costs::DEVELOPER)
    }
}

/// The entries of `[[structures]]`; reports a scenario without any.
fn structure_entries<'n>(reader: &mut Reader<'_>, top: &mut Section<'n>) -> &'n [Node] {
    let list = &structure::LIST;
    let field = top.take(list.layout.name);
    let nodes: &[Node] = match &field {
        Some(f) => reader.array(f, list.expected).unwrap_or(&[]),
        None => &[],
    };
    if nodes.is_empty() {
        let span = field.as_ref().map_or(0..0, |f| f.node.span.clone());
        if let Some(missing) = list.missing {
            reader.report(span, list.layout.name, missing);
        }
    }
    nodes
}

/// A people entry read, and where its role is written.
pub(crate) struct PeopleEntry {
    /// The group of people.
    pub group: PersonGroup,
    /// Where the role is written.
    pub role_span: Span,
    /// The role's field path.
    pub role_path: String,
}

/// One `[[structures]]` entry with the top level's values under its own; `None` when
/// it cannot be read or has no name. `names` holds the names read so far.
fn read_structure(
    reader: &mut Reader<'_>,
    index: usize,
    node: &Node,
    inherited: &Inherited<'_>,
    groups: &Groups,
    costs: &Option<Costs>,
    names: &mut Vec<(String, Span)>,
) -> Option<Structure> {
    let prefix = format!("{}[{index}]", structure::TABLE.name);
    let part = reader.table(Some(Field {
        node,
        path: prefix.clone(),
        key: structure::TABLE.name,
    }))?;
    let span = part.span.clone();
    let mut section = Section::new("", 0..0, vec![part]);
    let name = reader.required(&mut section, &structure::NAME);
    if let Some(name) = &name {
        let earlier: Vec<(&str, &Span)> = names.iter().map(|(n, s)| (n.as_str(), s)).collect();
        let (field, at) = (name.path.clone(), &name.span);
        checks::unique_name(reader, "structure", &name.value, at, field, &earlier);
        names.push((name.value.clone(), name.span.clone()));
    }
    let own = take_table(reader, &mut section, &schema::team::TABLE);
    let parts = merged(&inherited.team, own);
    let team = read_table(reader, &schema::team::TABLE, parts.clone(), read_team);
    checks::team_size(reader, &team, &parts);
    let own = take_table(reader, &mut section, &schema::work::TABLE);
    let work = read_table(
        reader,
        &schema::work::TABLE,
        merged(&inherited.work, own),
        read_work,
    );
    let own = take_table(reader, &mut section, &schema::discovery::TABLE);
    let parts = merged(&inherited.discovery, own);
    let discovery = (!parts.is_empty())
        .then(|| read_table(reader, &schema::discovery::TABLE, parts, read_discovery));
    let own = take_table(reader, &mut section, &schema::approval::TABLE);
    let approval = read_table(
        reader,
        &schema::approval::TABLE,
        merged(&inherited.approval, own),
        read_approval,
    );
    let preempt = reader
        .optional(&mut section, &schema::PREEMPT)
        .unwrap_or(inherited.preempt);
    let switch_hours = reader
        .optional(&mut section, &schema::SWITCH_HOURS)
        .unwrap_or_else(|| inherited.switch_hours.clone());
    let aging_hours = reader
        .optional(&mut section, &schema::AGING_HOURS)
        .or(inherited.aging_hours);
    let own = reader.table(section.take(priorities::MAP.name));
    let priorities = read_priorities(reader, merged(&inherited.priorities, own));

    let list = &person::LIST;
    let people_field = section.take(list.layout.name);
    let people_at = people_field.as_ref().map_or_else(
        || (span.clone(), join(&prefix, list.layout.name)),
        |f| (f.node.span.clone(), f.path.clone()),
    );
    let issues_before = reader.issues.len();
    let mut people = match &people_field {
        Some(f) => read_people(reader, f),
        None => {
            if let Some(missing) = list.missing {
                reader.report(span.clone(), prefix.clone(), missing);
            }
            Vec::new()
        }
    };
    // Coverage is checked only when every entry was read: a misspelt duty must not
    // also show as a duty nobody holds.
    let people_ok = people_field.is_some() && reader.issues.len() == issues_before;
    reader.finish(section);

    if let Some(costs) = costs {
        for entry in &mut people {
            entry.group.yearly_cost = costs.of(&entry.group.role);
        }
        checks::role_costs(reader, &people, costs);
    }

    let name = name?.value;
    let structure = Structure {
        name,
        team,
        work,
        discovery,
        approval,
        preempt,
        switch_hours,
        aging_hours,
        priorities,
        people: people.into_iter().map(|entry| entry.group).collect(),
        dev_yearly_cost: costs.as_ref().and_then(Costs::of_developer),
        value_per_unit: costs.as_ref().and_then(|costs| costs.value_per_unit),
    };
    if people_ok {
        checks::coverage(reader, &structure, &groups.read, &people_at);
    }
    checks::stakeholders(reader, &structure, groups);
    Some(structure)
}

/// A structure's `people`: each entry read, the unreadable ones reported and left out.
fn read_people(reader: &mut Reader<'_>, field: &Field<'_>) -> Vec<PeopleEntry> {
    let Some(nodes) = reader.array(field, person::LIST.expected) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let entry = Field {
            node,
            path: format!("{}[{i}]", field.path),
            key: person::TABLE.name,
        };
        let Some(part) = reader.table(Some(entry)) else {
            continue;
        };
        let mut section = Section::new("", 0..0, vec![part]);
        let role = reader.required(&mut section, &person::ROLE);
        let duties = reader.required(&mut section, &person::DUTIES);
        let staffing = read_staffing(reader, &mut section);
        let time = person_time::read(reader, &mut section);
        let held = duties.as_ref().map(|d| d.value);
        let time_factor = read_time_factors(reader, &mut section, held);
        reader.finish(section);
        if let (Some(role), Some(duties), Some(staffing)) = (role, duties, staffing) {
            out.push(PeopleEntry {
                group: PersonGroup {
                    role: role.value,
                    duties: duties.value,
                    staffing,
                    yearly_cost: None,
                    time,
                    time_factor,
                },
                role_span: role.span,
                role_path: role.path,
            });
        }
    }
    out
}

/// `time_factor = { answer = 0.8 }`: a factor per duty, each for a duty the entry
/// holds (`held`, when its duties could be read); 1 for every duty not named.
fn read_time_factors(
    reader: &mut Reader<'_>,
    section: &mut Section<'_>,
    held: Option<DutySet>,
) -> TimeFactors {
    let mut out = TimeFactors::default();
    let Some(part) = reader.table(section.take(person::TIME_FACTOR.name)) else {
        return out;
    };
    let mut table = Section::new(person::TIME_FACTOR.name, 0..0, vec![part]);
    for (entry, prefix) in table.all_entries() {
        let field = Field {
            node: &entry.value,
            path: join(&prefix, &entry.key),
            key: person::FACTOR.name,
        };
        let Some(duty) = duty_named(reader, &entry.key, entry.key_span.clone(), &field.path) else {
            continue;
        };
        if held.is_some_and(|duties| !duties.contains(duty)) {
            let msg = format!(
                "the entry does not hold `{duty}`; a time factor applies only to a duty held"
            );
            reader.report(entry.key_span.clone(), field.path.clone(), msg);
            continue;
        }
        if let Some(factor) = person::FACTOR.rule.read(reader, &field) {
            out = out.with(duty, factor);
        }
    }
    out
}

/// Exactly one of `count`, `per_squad` and `squads_each`.
fn read_staffing(reader: &mut Reader<'_>, section: &mut Section<'_>) -> Option<Staffing> {
    let mut given = Vec::new();
    for key in person::STAFFING {
        if let Some(field) = section.take(key.name) {
            let heads = key.rule.read(reader, &field);
            given.push((key.name, field.node.span.clone(), field.path, heads));
        }
    }
    let names = person::STAFFING.map(|key| key.name);
    let one_of = word_list(&names, "or");
    match given.as_slice() {
        [] => {
            let msg = format!("a people entry needs one of {one_of}");
            reader.report_in(section, msg);
            None
        }
        [(key, _, _, heads)] => heads.map(|n| {
            // Lossless: the rule keeps heads within 1 to MAX_HEADS.
            let n = n as u32;
            if *key == person::COUNT.name {
                Staffing::Count(n)
            } else if *key == person::PER_SQUAD.name {
                Staffing::PerSquad(n)
            } else {
                Staffing::SquadsEach(n)
            }
        }),
        [(first, ..), rest @ ..] => {
            for (key, span, path, _) in rest {
                let msg = format!("{first} and {key} are exclusive: give exactly one of {one_of}");
                reader.report(span.clone(), path.clone(), msg);
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys `read` asks, sorted.
    fn asked<T>(read: impl FnOnce(&mut Reader<'_>, &mut Section<'_>) -> T) -> Vec<&'static str> {
        let mut reader = Reader::new("", Path::new("."), schema::home_of);
        let mut section = Section::new("x", 0..0, Vec::new());
        read(&mut reader, &mut section);
        let mut keys = section.asked().to_vec();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    fn sorted(layout: &Layout) -> Vec<&'static str> {
        let mut keys = layout.keys();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn table_readers_ask_exactly_the_declared_keys() {
        // The sweep and the docs take the keys from the schema; they must not drift.
        assert_eq!(asked(read_run), sorted(&schema::run::TABLE));
        assert_eq!(asked(read_team), sorted(&schema::team::TABLE));
        assert_eq!(asked(read_work), sorted(&schema::work::TABLE));
        assert_eq!(asked(read_discovery), sorted(&schema::discovery::TABLE));
        assert_eq!(asked(read_approval), sorted(&schema::approval::TABLE));
        assert_eq!(asked(read_warnings), sorted(&schema::warnings::TABLE));
        assert_eq!(asked(read_compare), sorted(&schema::compare::TABLE));
    }
}
