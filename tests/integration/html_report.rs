//! `report.html`: golden tests of the page for the fixed scenarios of
//! `tests/fixtures/report/` (which sections there are, in which order; that every
//! number a table shows is the one in the CSV files), and `orgsim report DIR` on the
//! folder of an earlier run and on folders with a missing or broken CSV (a clear error
//! naming the file and line, exit code 2, nothing overwritten).
//!
//! The page is read with plain string search: its tables and sections carry stable
//! markers (`data-scenario`, `data-part`, `data-chart`), and the numbers behind every
//! chart are in `<table>`s, one value per cell.

use crate::support::cli::{orgsim, read, stderr};
use crate::support::fixture_dir;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    fixture_dir("report")
}

/// Runs both fixture scenarios into `out`.
fn run_into(out: &Path, extra: &[&str]) {
    let (dir, out_s) = (fixtures(), out.to_string_lossy().into_owned());
    let mut args = vec!["run", dir.to_str().unwrap(), "--out", &out_s, "--quiet"];
    args.extend(extra);
    let o = orgsim(&args);
    assert!(o.status.success(), "orgsim run failed:\n{}", stderr(&o));
}

/// A CSV file as (header, rows).
fn csv_file(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Rows of a CSV file as maps from column name to cell.
fn records(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let (header, rows) = csv_file(path);
    rows.into_iter()
        .map(|row| header.iter().cloned().zip(row).collect())
        .collect()
}

/// The part of `html` from the first `start` on to the next `end` (exclusive).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in the page"));
    let rest = &html[i..];
    let j = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |j| j + start.len());
    &rest[..j]
}

/// The section of scenario `name`.
fn scenario<'a>(html: &'a str, name: &str) -> &'a str {
    let marker = format!("data-scenario=\"{name}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no section for scenario {name}"));
    let rest = &html[html[..at].rfind("<section").unwrap()..];
    let end = rest[1..]
        .find("<section class=\"scenario\"")
        .map_or(rest.len(), |j| j + 1);
    &rest[..end]
}

/// The figure `chart` in `part` (the first one).
fn figure<'a>(part: &'a str, chart: &str) -> &'a str {
    between(part, &format!("data-chart=\"{chart}\""), "</figure>")
}

/// The cells of the rows of the first table in `part` (header row excluded), tags
/// removed and entities decoded.
fn table(part: &str) -> Vec<Vec<String>> {
    let body = between(part, "<tbody>", "</tbody>");
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    let inner = &inner[..inner.find("</td>").unwrap()];
                    unescape(inner)
                })
                .collect()
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Whether a shown number (4 significant digits, maybe with `%` or ` h`) is `expected`.
fn shows(cell: &str, expected: f64) -> bool {
    let text = cell.trim_end_matches('%').trim_end_matches(" h");
    if !expected.is_finite() {
        return text == "–";
    }
    let Ok(shown) = text.parse::<f64>() else {
        return false;
    };
    let a = expected.abs();
    // Half a unit of the last digit shown, plus floating-point slack.
    let tol = if a >= 1000.0 {
        0.5
    } else if a == 0.0 {
        0.0
    } else {
        0.5 * 10f64.powi(a.log10().floor() as i32 - 3)
    };
    (shown - expected).abs() <= tol * 1.0001 + 1e-12
}

fn num(s: &str) -> f64 {
    if s.is_empty() {
        f64::NAN
    } else {
        s.parse().unwrap()
    }
}

fn is_share(metric: &str) -> bool {
    metric.contains("share") || metric.contains("util")
}

/// The value as the page shows it: shares in percent.
fn scaled(metric: &str, v: f64) -> f64 {
    if is_share(metric) {
        v * 100.0
    } else {
        v
    }
}

/// A results folder of the fixtures, built once per test.
fn results() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    run_into(&out, &[]);
    (tmp, out)
}

/// The outline of the page: headings, parts and figures, in order.
fn outline(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        for h in ["h2", "h3", "h4"] {
            let open = format!("<{h}>");
            if rest.starts_with(&open) {
                let end = rest.find(&format!("</{h}>")).unwrap();
                lines.push(format!("{h} {}", unescape(&rest[open.len()..end])));
            }
        }
        if rest.starts_with("<figure") {
            let chart = between(rest, "data-chart=\"", "\">");
            let chart = &chart["data-chart=\"".len()..];
            let chart = &chart[..chart.find('"').unwrap()];
            let panels = between(rest, "<figure", "</figure>")
                .matches("<svg class=\"plot\"")
                .count();
            lines.push(format!("  figure {chart} ({panels})"));
        }
        rest = &rest[1..];
    }
    lines
}

#[test]
fn the_page_has_every_section_of_every_scenario_in_order() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let expected = "\
h1-free
h2 report-small
h3 Verdict
h3 Headline metrics
  figure headline (8)
h3 Spread over trials
  figure distribution (2)
h3 Where lead time goes
  figure lead-time (1)
h3 How product people spend the week
  figure people (1)
h3 Warning signs
  figure warnings (1)
h3 Cost per item
  figure cost (1)
h2 report-sweep
h3 Across team.squads
  figure sweep (7)
h3 At team.squads = 1
h4 Verdict
h4 Headline metrics
  figure headline (6)
h4 Spread over trials
  figure distribution (2)
h4 Where lead time goes
  figure lead-time (1)
h4 How product people spend the week
  figure people (1)
h4 Warning signs
h4 Cost per item
  figure cost (1)
h3 At team.squads = 2
h4 Verdict
h4 Headline metrics
  figure headline (6)
h4 Spread over trials
  figure distribution (2)
h4 Where lead time goes
  figure lead-time (1)
h4 How product people spend the week
  figure people (1)
h4 Warning signs
  figure warnings (1)
h4 Cost per item
  figure cost (1)
h3 At team.squads = 4
h4 Verdict
h4 Headline metrics
  figure headline (6)
h4 Spread over trials
  figure distribution (2)
h4 Where lead time goes
  figure lead-time (1)
h4 How product people spend the week
  figure people (1)
h4 Warning signs
  figure warnings (1)
h4 Cost per item
  figure cost (1)";
    let mut got = vec!["h1-free".to_string()];
    got.extend(outline(&html));
    assert_eq!(got.join("\n"), expected, "\n{}", got.join("\n"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn headline_and_cost_numbers_are_those_of_summary_csv() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let summary = records(&out.join("summary.csv"));
    let page = scenario(&html, "report-small");
    let rows = table(figure(page, "headline"));
    assert!(rows.len() >= 2 * 7, "{rows:?}");
    for row in &rows {
        // metric, unit, structure, mean, low, high, trials
        let s = summary
            .iter()
            .find(|s| {
                s["scenario"] == "report-small" && s["structure"] == row[2] && s["metric"] == row[0]
            })
            .unwrap_or_else(|| panic!("{row:?} not in summary.csv"));
        let m = &row[0];
        assert!(shows(&row[3], scaled(m, num(&s["mean"]))), "{row:?} {s:?}");
        assert!(
            shows(&row[4], scaled(m, num(&s["ci95_low"]))),
            "{row:?} {s:?}"
        );
        assert!(
            shows(&row[5], scaled(m, num(&s["ci95_high"]))),
            "{row:?} {s:?}"
        );
        assert_eq!(row[6], s["n"]);
        assert_eq!(is_share(m), row[1].starts_with('%'), "{row:?}");
    }
    let rows = table(figure(page, "cost"));
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let s = summary
            .iter()
            .find(|s| {
                s["scenario"] == "report-small"
                    && s["structure"] == row[0]
                    && s["metric"] == "cost_per_item"
            })
            .unwrap();
        assert!(shows(&row[1], num(&s["mean"])), "{row:?}");
        assert!(shows(&row[2], num(&s["ci95_low"])), "{row:?}");
        assert!(shows(&row[3], num(&s["ci95_high"])), "{row:?}");
    }
    // The lead-time parts, and their sum the mean lead time.
    let rows = table(figure(page, "lead-time"));
    let (header, _) = csv_file(&out.join("summary.csv"));
    assert!(header.contains(&"metric".to_string()));
    let parts = [
        "lead_triage_h",
        "lead_backlog_h",
        "lead_ready_h",
        "lead_work_h",
        "lead_blocked_h",
        "lead_accept_h",
        "lead_time_mean_h",
    ];
    for row in &rows {
        for (j, part) in parts.iter().enumerate() {
            let s = summary
                .iter()
                .find(|s| {
                    s["scenario"] == "report-small"
                        && s["structure"] == row[0]
                        && s["metric"] == *part
                })
                .unwrap();
            assert!(shows(&row[j + 1], num(&s["mean"])), "{part}: {row:?}");
        }
    }
}

#[test]
fn box_plots_show_the_quantiles_of_trials_csv() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let trials = records(&out.join("trials.csv"));
    let summary = records(&out.join("summary.csv"));
    let rows = table(figure(scenario(&html, "report-small"), "distribution"));
    assert_eq!(rows.len(), 4, "{rows:?}");
    for row in &rows {
        // metric, structure, p5, p25, p50, p75, p95, observed
        let (metric, structure) = (&row[0], &row[1]);
        let mut values: Vec<f64> = trials
            .iter()
            .filter(|t| t["scenario"] == "report-small" && &t["structure"] == structure)
            .map(|t| num(&t[metric.as_str()]))
            .filter(|v| v.is_finite())
            .collect();
        values.sort_by(f64::total_cmp);
        // The spreadsheet rule: linear between order statistics.
        let q = |p: f64| {
            let h = (values.len() - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(values.len() - 1);
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        };
        for (j, p) in [0.05, 0.25, 0.5, 0.75, 0.95].into_iter().enumerate() {
            assert!(
                shows(&row[2 + j], q(p)),
                "{metric} {structure} p{p}: {row:?}"
            );
        }
        assert_eq!(row[7], values.len().to_string());
        // p5, p50 and p95 are those of summary.csv too.
        let s = summary
            .iter()
            .find(|s| {
                s["scenario"] == "report-small"
                    && &s["structure"] == structure
                    && &s["metric"] == metric
            })
            .unwrap();
        for (col, j) in [("p5", 2), ("p50", 4), ("p95", 6)] {
            assert!(
                shows(&row[j], num(&s[col])),
                "{metric} {structure} {col}: {row:?}"
            );
        }
    }
}

#[test]
fn people_bars_are_mean_shares_of_people_csv() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let (header, people) = csv_file(&out.join("people.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let page = scenario(&html, "report-small");
    let fig = figure(page, "people");
    let head = between(fig, "<thead>", "</thead>");
    let activities: Vec<String> = head
        .split("<th scope=\"col\">")
        .skip(4)
        .map(|c| c[..c.find("</th>").unwrap()].to_string())
        .collect();
    assert!(activities.contains(&"idle".to_string()), "{activities:?}");
    assert!(activities.contains(&"triage".to_string()), "{activities:?}");
    let rows = table(fig);
    // combined: one PM-PO; separated: a PM and a PO per squad (2 squads).
    let who: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("combined", "pm-po-1"),
            ("separated", "pm-1"),
            ("separated", "po-1"),
            ("separated", "po-2")
        ]
    );
    for row in &rows {
        let sum = |a: &str| -> f64 {
            people
                .iter()
                .filter(|p| {
                    p[col("scenario")] == "report-small"
                        && p[col("structure")] == row[0]
                        && p[col("person")] == row[1]
                        && p[col("activity")] == a
                })
                .map(|p| num(&p[col("share")]))
                .sum()
        };
        let trials = 20.0;
        let mut total = 0.0;
        for (j, a) in activities.iter().enumerate() {
            let mean = sum(a) / trials;
            total += mean;
            assert!(shows(&row[3 + j], mean * 100.0), "{a}: {row:?} vs {mean}");
        }
        assert!(
            (total - 1.0).abs() < 1e-9,
            "a person's shares sum to 1: {total}"
        );
    }
}

#[test]
fn warnings_show_the_share_of_trials_of_warnings_csv() {
    let (_tmp, out) = results();
    // A warnings.csv written here, so that the test does not depend on which signs
    // the model makes fire.
    let (header, _) = csv_file(&out.join("summary.csv"));
    let sweep: Vec<&String> = header[2..header.iter().position(|h| h == "metric").unwrap()]
        .iter()
        .collect();
    let blanks = ",".repeat(sweep.len());
    let head = format!(
        "scenario,structure,{}{}warning,metric,threshold,mean_value,fired_share\n",
        sweep
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(","),
        if sweep.is_empty() { "" } else { "," }
    );
    let text = format!(
        "{head}report-small,combined,{blanks}slow_decisions,decision_latency_p90_h,4,3.5,0.25\n\
         report-small,combined,{blanks}squads_compete,product_util_max,0.85,0.93,0.95\n\
         report-small,separated,{blanks}slow_decisions,decision_latency_p90_h,4,1.5,0\n\
         report-small,separated,{blanks}squads_compete,product_util_max,0.85,0.5,0\n"
    );
    fs::write(out.join("warnings.csv"), text).unwrap();
    let o = orgsim(&["report", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&out.join("report.html"));
    let part = between(
        scenario(&html, "report-small"),
        "data-part=\"warnings\"",
        "</section>",
    );
    assert!(
        part.contains("<strong>combined</strong>: developers wait too long for answers in 25.00% of trials; several squads compete for one person in 95.00% of trials."),
        "{part}"
    );
    assert!(
        part.contains("<strong>separated</strong>: no warning sign fires."),
        "{part}"
    );
    let rows = table(figure(part, "warnings"));
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[1],
        [
            "combined",
            "squads_compete",
            "product_util_max",
            "85.00%",
            "93.00%",
            "95.00%"
        ]
    );
    assert_eq!(
        rows[2],
        [
            "separated",
            "slow_decisions",
            "decision_latency_p90_h",
            "4.000 h",
            "1.500 h",
            "0%"
        ]
    );
}

#[test]
fn verdicts_name_every_clear_headline_difference() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let compare = records(&out.join("compare.csv"));
    let page = scenario(&html, "report-small");
    let verdict = between(page, "data-part=\"verdict\"", "</section>");
    let sentences: Vec<&str> = verdict.split("<li>").skip(1).collect();
    assert_eq!(sentences.len(), 1, "one pair, one sentence: {verdict}");
    let sentence = &sentences[0][..sentences[0].find("</li>").unwrap()];
    let clear: Vec<_> = compare
        .iter()
        .filter(|c| c["scenario"] == "report-small")
        .filter(|c| c["verdict"] == "better" || c["verdict"] == "worse")
        .collect();
    let better = clear.iter().filter(|c| c["verdict"] == "better").count();
    let worse = clear.len() - better;
    let winner = if better >= worse {
        "combined"
    } else {
        "separated"
    };
    assert!(
        sentence.starts_with(&format!("<strong>{winner}</strong> is better than")),
        "{sentence}"
    );
    // The table behind the sentence: every headline comparison as compare.csv has it.
    let rows = table(verdict);
    assert_eq!(rows.len(), 9, "{rows:?}");
    for row in &rows {
        let c = compare
            .iter()
            .find(|c| {
                c["scenario"] == "report-small"
                    && c["structure_a"] == row[0]
                    && c["structure_b"] == row[1]
                    && c["metric"] == row[2]
            })
            .unwrap_or_else(|| panic!("{row:?}"));
        let m = &row[2];
        assert!(shows(&row[3], scaled(m, num(&c["mean_a"]))), "{row:?}");
        assert!(shows(&row[4], scaled(m, num(&c["mean_b"]))), "{row:?}");
        assert!(shows(&row[5], num(&c["a_better_share"]) * 100.0), "{row:?}");
        assert_eq!(row[6], c["verdict"]);
    }
    assert!(
        sentence.contains("95% confidence over 20 paired trials"),
        "{sentence}"
    );
    // Every headline metric with a clear verdict, with both means as shown.
    for (metric, words) in [
        ("lead_time_mean_h", "lead time ("),
        ("decision_latency_p90_h", "decision latency p90 ("),
        ("product_util_max", "busiest person&#39;s load ("),
    ] {
        let c = compare
            .iter()
            .find(|c| c["scenario"] == "report-small" && c["metric"] == metric)
            .unwrap();
        if c["verdict"] == "better" || c["verdict"] == "worse" {
            let at = sentence
                .find(words)
                .unwrap_or_else(|| panic!("{words} in {sentence}"));
            let shown = &sentence[at + words.len()..];
            let shown = &shown[..shown.find(')').unwrap()];
            let (first, second) = shown.split_once(" against ").unwrap();
            let (mine, theirs) = if winner == "combined" {
                (num(&c["mean_a"]), num(&c["mean_b"]))
            } else {
                (num(&c["mean_b"]), num(&c["mean_a"]))
            };
            assert!(shows(first, scaled(metric, mine)), "{shown} vs {c:?}");
            assert!(shows(second, scaled(metric, theirs)), "{shown} vs {c:?}");
        }
    }
}

#[test]
fn the_sweep_shows_each_point_and_marks_the_crossover() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    let compare = records(&out.join("compare.csv"));
    let summary = records(&out.join("summary.csv"));
    let page = scenario(&html, "report-sweep");
    let sweep = between(page, "<section class=\"sweep\"", "</section>");

    // The crossover of decision latency p90, found here from the verdicts.
    let verdicts: Vec<&str> = ["1", "2", "4"]
        .iter()
        .map(|x| {
            compare
                .iter()
                .find(|c| {
                    c["scenario"] == "report-sweep"
                        && c["team.squads"] == *x
                        && c["metric"] == "decision_latency_p90_h"
                })
                .unwrap()["verdict"]
                .as_str()
        })
        .collect();
    let last = *verdicts.last().unwrap();
    assert!(last == "better" || last == "worse", "{verdicts:?}");
    let first = verdicts.len() - verdicts.iter().rev().take_while(|v| **v == last).count();
    let winner = if last == "better" {
        "one-po"
    } else {
        "po-per-squad"
    };
    let at = ["1", "2", "4"][first];
    assert!(first > 0, "a crossover after the first point: {verdicts:?}");
    assert!(
        sweep.contains(&format!("\n{winner} better from {at}\n</text>")),
        "the chart labels the crossover: {sweep}"
    );
    let sentence = between(sweep, "<li>", "</li>");
    assert!(
        sentence.contains(&format!("from team.squads = {at} on"))
            && sentence.contains("decision latency p90"),
        "{sentence}"
    );

    // The numbers behind the lines.
    let rows = table(figure(sweep, "sweep"));
    assert_eq!(rows.len(), 7 * 3 * 2, "7 metrics × 3 points × 2 structures");
    for row in &rows {
        // metric, unit, point, structure, mean, low, high
        let s = summary
            .iter()
            .find(|s| {
                s["scenario"] == "report-sweep"
                    && s["team.squads"] == row[2]
                    && s["structure"] == row[3]
                    && s["metric"] == row[0]
            })
            .unwrap_or_else(|| panic!("{row:?}"));
        let m = &row[0];
        assert!(shows(&row[4], scaled(m, num(&s["mean"]))), "{row:?}");
        assert!(shows(&row[5], scaled(m, num(&s["ci95_low"]))), "{row:?}");
        assert!(shows(&row[6], scaled(m, num(&s["ci95_high"]))), "{row:?}");
    }
}

#[test]
fn the_page_is_self_contained_and_accessible() {
    let (_tmp, out) = results();
    let html = read(&out.join("report.html"));
    for banned in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", " src=", "<object",
    ] {
        assert!(
            !html.contains(banned),
            "the page must fetch nothing: {banned}"
        );
    }
    // The only address is the SVG namespace, which is never fetched.
    assert_eq!(
        html.matches("http").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("@media print"));

    let figures: Vec<&str> = html.split("<figure").skip(1).collect();
    assert!(figures.len() > 20);
    for f in &figures {
        let f = &f[..f.find("</figure>").unwrap()];
        assert!(f.contains("aria-label=\""), "a figure has a name");
        assert!(f.contains("<figcaption>"), "a figure says how to read it");
        assert_eq!(f.matches("<ul class=\"legend\"").count(), 1, "one legend");
        assert_eq!(f.matches("<details><summary>Numbers</summary>").count(), 1);
        for svg in f.split("<svg class=\"plot\"").skip(1) {
            let open = &svg[..svg.find('>').unwrap()];
            assert!(
                open.contains("viewBox=\"0 0 ") && !open.contains(" width="),
                "{open}"
            );
            assert!(open.contains("role=\"img\" aria-label=\""), "{open}");
            assert!(svg.contains("<title>"), "each chart has a title");
            // Title and the two axis descriptions at least.
            assert!(svg.matches("<text").count() >= 3);
        }
    }
    // Colours: the Okabe–Ito palette, greys and white only.
    let allowed = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000",
        "#D4D4D4", "#5A5A5A", "#E4E4E4", "#222222", "#FFFFFF", "#555",
    ];
    for attr in ["fill=\"#", "stroke=\"#"] {
        for (i, _) in html.match_indices(attr) {
            let start = i + attr.len() - 1;
            let colour = &html[start..start + html[start..].find('"').unwrap()];
            assert!(
                allowed.contains(&colour),
                "colour {colour} is not in the palette"
            );
        }
    }
}

#[test]
fn report_rebuilds_the_same_page_from_an_earlier_run() {
    let (_tmp, out) = results();
    let first = read(&out.join("report.html"));
    fs::remove_file(out.join("report.html")).unwrap();
    let o = orgsim(&["report", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("report.html"), "{}", stderr(&o));
    assert_eq!(
        read(&out.join("report.html")),
        first,
        "same CSVs, same bytes"
    );

    // Whatever the thread count of the run.
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("results");
    run_into(&other, &["--threads", "1"]);
    assert_eq!(read(&other.join("report.html")), first);

    // A run replaces a folder that holds a report.
    run_into(&out, &[]);
    assert_eq!(read(&out.join("report.html")), first);
    // Nothing left beside it.
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn an_older_run_without_warnings_csv_still_reports() {
    let (_tmp, out) = results();
    let _ = fs::remove_file(out.join("warnings.csv"));
    fs::remove_file(out.join("report.html")).unwrap();
    let o = orgsim(&["report", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(&out.join("report.html"));
    assert!(html.contains("No warnings.csv in this folder"));
    assert!(!html.contains("data-chart=\"warnings\""));
}

/// Runs `orgsim report` on `dir`, which holds an old page: it must fail with exit
/// code 2, print `expected`, and leave the old page and nothing else.
fn refuses(dir: &Path, expected: &str) {
    fs::write(dir.join("report.html"), "old page").unwrap();
    let before: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let o = orgsim(&["report", dir.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(err.contains("no report written"), "{err}");
    assert_eq!(read(&dir.join("report.html")), "old page");
    let after: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "no file added or removed");
}

#[test]
fn a_missing_csv_is_a_clear_error_and_nothing_is_overwritten() {
    let (_tmp, out) = results();
    for file in ["summary.csv", "compare.csv", "trials.csv", "people.csv"] {
        let tmp = tempfile::tempdir().unwrap();
        for entry in fs::read_dir(&out).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
        fs::remove_file(tmp.path().join(file)).unwrap();
        refuses(tmp.path(), &format!("{file}: no such file"));
    }
    let o = orgsim(&["report", "/nonexistent/orgsim-results"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("summary.csv: no such file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_broken_csv_names_its_file_and_line_and_nothing_is_overwritten() {
    let (_tmp, out) = results();
    // Column `name` of line `i` (from 0) of `text` set to `value`.
    fn set(text: &str, i: usize, name: &str, value: &str) -> Vec<u8> {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let c = header.iter().position(|h| *h == name).unwrap();
        replace_line(text, i, |l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells[c] = value;
            cells.join(",")
        })
    }
    // (file, how to break it, what the error must say)
    type Break = fn(&str) -> Vec<u8>;
    let cases: [(&str, Break, &str); 7] = [
        (
            "summary.csv",
            |t| set(t, 2, "n", "abc"),
            "summary.csv:3: column n: \"abc\" is not a whole number",
        ),
        (
            "summary.csv",
            |t| set(t, 4, "mean", "twelve"),
            "summary.csv:5: column mean: \"twelve\" is not a number",
        ),
        (
            "compare.csv",
            |t| set(t, 1, "verdict", "maybe"),
            "compare.csv:2: column verdict: unknown verdict \"maybe\"",
        ),
        (
            "people.csv",
            |t| replace_line(t, 4, |l| l.rsplit_once(',').unwrap().0.to_string()),
            "people.csv:5: the row has 8 fields, the header 9",
        ),
        (
            "trials.csv",
            |_| Vec::new(),
            "trials.csv:1: the file is empty",
        ),
        (
            "summary.csv",
            |t| replace_line(t, 0, |l| l.replace("ci95_low", "ci_low")),
            "summary.csv:1: the header has no column \"ci95_low\"",
        ),
        (
            "people.csv",
            |t| {
                let mut bytes = replace_line(t, 2, |l| l.replacen("pm-po", "pm\u{1}po", 1));
                let at = bytes.iter().position(|&b| b == 1).unwrap();
                bytes[at] = 0xFF;
                bytes
            },
            "people.csv:3: the row is not valid UTF-8",
        ),
    ];
    for (file, break_it, expected) in cases {
        let tmp = tempfile::tempdir().unwrap();
        for entry in fs::read_dir(&out).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
        let path = tmp.path().join(file);
        fs::write(&path, break_it(&read(&path))).unwrap();
        refuses(tmp.path(), expected);
    }
}

/// `text` with its line `i` (from 0) replaced by `f(line)`.
fn replace_line(text: &str, i: usize, f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[i] = f(&lines[i]);
    (lines.join("\n") + "\n").into_bytes()
}
