//! `report.html` in a real browser: Chromium from the system packages, headless, on
//! the page of every shipped scenario (run with few trials; the columns this
//! version's run may leave empty completed by `support::results::complete`, and one
//! structure marked as not settled by hand).
//!
//! What is checked:
//!
//! - **Not blank**: a 1280 × 4000 screenshot is taken, kept at
//!   `target/report-screenshot.png` for review, decoded, and must show ink (a share of
//!   pixels far from white, many distinct colours) and the palette's blue, which only
//!   the charts use.
//! - **What shows as the page opens**: a copy of the page with a measuring script
//!   appended (the page itself has none) is loaded with `--dump-dom`; the script
//!   writes onto `<body>` what it finds. Every scenario's description shows, the notes
//!   show at the top of exactly the scenarios whose files call for one (a structure
//!   not settled in `summary.csv`, a warm-up suggestion in `warmup.csv`), and every
//!   cost frontier outside a fold shows. At a laptop's width no scenario is taller than
//!   [`MAX_SCENARIO_HEIGHT`] pixels as the page opens, and they average under
//!   [`MEAN_SCENARIO_HEIGHT`].
//! - **Every chart visible**: with every fold opened and each point of each sweep
//!   picked in turn, every `svg.plot` chart shows at least once, at least 250 × 80 CSS
//!   pixels; and the page is never wider than the window. At a laptop's width (1280)
//!   and a phone's (390).
//! - **No errors**: with `--enable-logging=stderr --v=0` Chromium logs every message
//!   the page writes to the console (`:CONSOLE`) and every uncaught exception
//!   (`Uncaught`); a self-contained page without scripts writes none, so any such line
//!   fails the test, as does a failed load (`net::ERR_`, `Failed to load`). Lines
//!   about the machine (D-Bus, GPU, sandbox) are not about the page and are ignored.
//!
//! Without `/usr/bin/chromium` the test says so and passes, unless `CI=true`: on CI a
//! missing browser is a failure, so that the check can never silently not run
//! (`.ci/run` installs the package when it is missing).

use crate::support::cli::{orgsim, stderr};
use crate::support::results::{complete, set, Sheet};
use crate::support::shipped_dir;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The tallest one scenario's part of the page may be as it opens, at 1280 CSS pixels
/// wide: its verdict, cost frontier and warning signs in about two screens of a laptop,
/// and with `[uncertainty]` a third for which assumptions decide it (the rest waits in
/// folds).
const MAX_SCENARIO_HEIGHT: u32 = 2_600;
/// The most the scenarios' parts may average as the page opens, at 1280 CSS pixels
/// wide: a reader scrolls through a folder of scenarios in a few minutes.
const MEAN_SCENARIO_HEIGHT: u32 = 1_600;
const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a Chromium run may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The browser, or `None` (after saying why) when the test cannot run here.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{CHROMIUM} is missing and CI=true: the report must be checked in a browser on CI \
             (`apt-get install -y chromium`, which .ci/run does)"
        );
    }
    eprintln!("browser test skipped: {CHROMIUM} is missing (install the chromium package)");
    None
}

/// Runs Chromium headless with `args` on `url`, its stdout and stderr into files of
/// `dir`; returns (stdout, stderr).
fn run_chromium(chromium: &Path, dir: &Path, args: &[&str], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.join("chromium.out"), dir.join("chromium.err"));
    let profile_arg = format!("--user-data-dir={}", profile.path().display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            &profile_arg,
        ])
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (
        fs::read_to_string(&out_path).unwrap_or_default(),
        fs::read_to_string(&err_path).unwrap_or_default(),
    );
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    (out, err)
}

/// Lines of Chromium's log that are about the page: console messages, uncaught
/// exceptions, failed loads.
fn page_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("net::ERR_")
                || l.contains("Failed to load")
        })
        .collect()
}

/// The structure marked as not settled by hand, so that a note must show.
const UNSETTLED: (&str, &str) = ("growth-stage", "separated");

/// The shipped scenario files.
fn shipped_files() -> Vec<PathBuf> {
    fs::read_dir(shipped_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect()
}

/// Writes the results of the shipped scenarios into `dir/results`, completes them and
/// marks [`UNSETTLED`]; returns the page.
fn report(dir: &Path) -> PathBuf {
    let (scenarios, out) = (shipped_dir(), dir.join("results"));
    let o = orgsim(&[
        "run",
        scenarios.to_str().unwrap(),
        "--trials",
        "20",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    complete(&out, &[&scenarios]);
    let (scenario, structure) = UNSETTLED;
    set(
        &out,
        "summary.csv",
        &[("scenario", scenario), ("structure", structure)],
        "settled",
        "false",
    );
    let o = orgsim(&["report", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    out.join("report.html")
}

/// The scenarios whose files call for notes at their top: a structure that has not
/// settled at some point, or a warm-up note.
fn expected_notes(out: &Path) -> BTreeSet<String> {
    let summary = Sheet::read(&out.join("summary.csv")).rows;
    let warmup = Sheet::read(&out.join("warmup.csv")).rows;
    summary
        .iter()
        .filter(|r| r["settled"] == "false")
        .chain(
            warmup
                .iter()
                .filter(|r| !r["suggested_warmup_weeks"].is_empty()),
        )
        .map(|r| r["scenario"].clone())
        .collect()
}

/// Appended to a copy of the page: measures it as it opens (height, descriptions,
/// notes, frontiers), then with every fold open and each sweep point picked in turn
/// (every chart), and writes the findings onto `<body>`, where `--dump-dom` shows
/// them.
const MEASURE: &str = r#"<script>
(function () {
  var body = document.body;
  function shown(el) {
    var r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility === "visible";
  }
  function big(svg) {
    var r = svg.getBoundingClientRect();
    return shown(svg) && r.width >= 250 && r.height >= 80;
  }
  var wide = document.documentElement.scrollWidth > window.innerWidth;
  var described = [], noted = [], heights = [];
  document.querySelectorAll("section.scenario").forEach(function (s) {
    heights.push(s.getAttribute("data-scenario") + ":" + Math.round(s.getBoundingClientRect().height));
    var d = s.querySelector(":scope > .description");
    if (d && shown(d)) described.push(s.getAttribute("data-scenario"));
    var n = s.querySelector(":scope > .notes");
    if (n && shown(n)) noted.push(s.getAttribute("data-scenario"));
  });
  body.setAttribute("data-heights", heights.join(" "));
  body.setAttribute("data-described", described.join(" "));
  body.setAttribute("data-noted", noted.join(" "));
  var frontiers = 0, folded = [];
  document.querySelectorAll("svg.plot").forEach(function (svg, i) {
    if (!/ against cost$/.test(svg.getAttribute("aria-label") || "") || svg.closest("details")) return;
    if (big(svg)) frontiers++; else folded.push(i);
  });
  body.setAttribute("data-frontiers", String(frontiers));
  body.setAttribute("data-hidden-frontiers", folded.join(" ") || "none");

  var plots = document.querySelectorAll("svg.plot");
  var seen = [];
  function look() {
    plots.forEach(function (svg, i) { if (big(svg)) seen[i] = true; });
    wide = wide || document.documentElement.scrollWidth > window.innerWidth;
  }
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  look();
  document.querySelectorAll(".pick input[type=radio]").forEach(function (r) {
    r.checked = true;
    look();
  });
  var bad = [];
  plots.forEach(function (svg, i) {
    if (!seen[i]) {
      var r = svg.getBoundingClientRect();
      bad.push(i + ":" + Math.round(r.width) + "x" + Math.round(r.height));
    }
  });
  body.setAttribute("data-plots", String(plots.length));
  body.setAttribute("data-bad", bad.join(" ") || "none");
  body.setAttribute("data-overflow", String(wide));
})();
</script>
"#;

/// The value of attribute `name` on `<body>` in a dumped DOM.
fn body_attr<'a>(dom: &'a str, name: &str) -> &'a str {
    let body = &dom[dom.find("<body").expect("a body in the dump")..];
    let body = &body[..body.find('>').unwrap()];
    let key = format!("{name}=\"");
    let at = body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} not set: the script did not run\n{body}"))
        + key.len();
    &body[at..at + body[at..].find('"').unwrap()]
}

/// The words of attribute `name` on `<body>`, as a set.
fn body_set(dom: &str, name: &str) -> BTreeSet<String> {
    body_attr(dom, name)
        .split_whitespace()
        .map(String::from)
        .collect()
}

#[test]
fn the_page_renders_in_chromium_short_with_every_chart_visible_and_no_errors() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let page = report(tmp.path());
    let out = page.parent().unwrap();
    let html = fs::read_to_string(&page).unwrap();
    let charts = html.matches("<svg class=\"plot\"").count();
    assert!(charts > 20, "{charts} charts");

    // The screenshot, kept under target/ for review.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf();
    let png = target.join("report-screenshot.png");
    let _ = fs::remove_file(&png);
    let shot = format!("--screenshot={}", png.display());
    let url = format!("file://{}", page.display());
    let (_, log) = run_chromium(
        &chromium,
        tmp.path(),
        &[&shot, "--window-size=1280,4000"],
        &url,
    );
    let errors = page_errors(&log);
    assert!(
        errors.is_empty(),
        "the browser logged errors for the page:\n{errors:#?}"
    );
    check_not_blank(&png);

    let scenarios: BTreeSet<String> = Sheet::read(&out.join("scenarios.csv"))
        .rows
        .iter()
        .filter(|r| !r["description"].is_empty())
        .map(|r| r["scenario"].clone())
        .collect();
    let shipped = shipped_files();
    assert_eq!(
        scenarios.len(),
        shipped.len(),
        "every shipped scenario has a description"
    );
    let noted = expected_notes(out);
    assert!(noted.contains(UNSETTLED.0), "{noted:?}");
    // The frontiers to see as the page opens: one per scenario without a sweep whose
    // structures' costs are known (those of a sweep are folded with its points).
    let frontiers = html
        .split("<section class=\"scenario\"")
        .skip(1)
        .filter(|s| !s.contains("<section class=\"sweep\"") && s.contains("<p class=\"cost\">"))
        .count();
    let without_sweep = shipped
        .iter()
        .filter(|f| !fs::read_to_string(f).unwrap().contains("\n[sweep]"))
        .count();
    assert_eq!(
        frontiers, without_sweep,
        "every shipped scenario without a sweep has [costs]"
    );
    let measured = tmp.path().join("measured.html");
    fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();
    let url = format!("file://{}", measured.display());
    for size in ["1280,900", "390,844"] {
        let window = format!("--window-size={size}");
        let (dom, log) = run_chromium(&chromium, tmp.path(), &["--dump-dom", &window], &url);
        let errors = page_errors(&log);
        assert!(errors.is_empty(), "at {size}: {errors:#?}");
        assert_eq!(
            body_attr(&dom, "data-plots"),
            charts.to_string(),
            "at {size}"
        );
        assert_eq!(
            body_attr(&dom, "data-bad"),
            "none",
            "charts hidden or too small at {size}, every fold open"
        );
        assert_eq!(
            body_attr(&dom, "data-overflow"),
            "false",
            "the page is wider than {size}"
        );
        assert_eq!(body_set(&dom, "data-described"), scenarios, "at {size}");
        assert_eq!(body_set(&dom, "data-noted"), noted, "at {size}");
        assert_eq!(
            body_attr(&dom, "data-hidden-frontiers"),
            "none",
            "at {size}"
        );
        assert_eq!(
            body_attr(&dom, "data-frontiers"),
            frontiers.to_string(),
            "at {size}"
        );
        if size.starts_with("1280") {
            let heights: Vec<(&str, u32)> = body_attr(&dom, "data-heights")
                .split(' ')
                .map(|h| {
                    let (name, px) = h.rsplit_once(':').unwrap();
                    (name, px.parse().unwrap())
                })
                .collect();
            assert_eq!(heights.len(), scenarios.len(), "{heights:?}");
            for &(name, px) in &heights {
                assert!(
                    px < MAX_SCENARIO_HEIGHT,
                    "{name} is {px} px tall at 1280 px wide, more than {MAX_SCENARIO_HEIGHT}"
                );
            }
            let mean = heights.iter().map(|h| h.1).sum::<u32>() / heights.len() as u32;
            assert!(
                mean < MEAN_SCENARIO_HEIGHT,
                "scenarios average {mean} px at 1280 px wide, more than \
                 {MEAN_SCENARIO_HEIGHT}: {heights:?}"
            );
        }
    }
}

/// The screenshot shows a page with charts: mostly white paper with a fair share of
/// ink in many colours, the palette's blue among them.
fn check_not_blank(png: &Path) {
    let file = File::open(png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1280, 4000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let (mut n, mut inked, mut blue) = (0u64, 0u64, 0u64);
    let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
    let mut colours = std::collections::BTreeSet::new();
    for p in pixels {
        let (r, g, b) = (p[0], p[1], p[2]);
        let lum = 0.2126 * r as f64 + 0.7152 * g as f64 + 0.0722 * b as f64;
        n += 1;
        sum += lum;
        sum_sq += lum * lum;
        if lum < 200.0 {
            inked += 1;
        }
        // Okabe–Ito blue, as the structures' first colour (allowing for smoothing).
        if r < 20 && (100..130).contains(&g) && (160..195).contains(&b) {
            blue += 1;
        }
        if colours.len() < 10_000 {
            colours.insert((r >> 3, g >> 3, b >> 3));
        }
    }
    let mean = sum / n as f64;
    let sd = (sum_sq / n as f64 - mean * mean).max(0.0).sqrt();
    let share = inked as f64 / n as f64;
    assert!(
        sd > 15.0,
        "the screenshot is nearly uniform (luminance sd {sd:.1})"
    );
    assert!(
        share > 0.01 && share < 0.6,
        "{:.3} of the pixels inked",
        share
    );
    assert!(colours.len() > 40, "only {} colours", colours.len());
    assert!(blue > 500, "the charts' blue is missing ({blue} pixels)");
}
