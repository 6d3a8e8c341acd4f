//! `report.html`: one self-contained page that shows the results of a run.
//!
//! The page is built from the CSV files of a results folder, read back with the csv
//! crate, so `orgsim run` (which builds it in its staging folder once the CSVs are
//! written) and `orgsim report DIR` (which rebuilds it from an earlier run) are the
//! same code. It holds inline SVG charts drawn with plotters and inline CSS: no
//! script, font, image or style sheet is fetched, so it opens from disk anywhere and
//! prints as it shows.
//!
//! Per scenario: its description, the notes on structures that have not settled and
//! on the warm-up; for a sweep, each headline metric against the swept parameter with
//! the crossovers, and one point at a time in detail, picked from a list; per point
//! the ranking on the primary outcome (three or more structures), the verdict in one
//! sentence per pair of structures, each structure's cost and the dominated ones, the
//! headline metrics with their 95% intervals after value (or throughput) against cost
//! (the frontier), and the warning signs that fire; folded under *More*, the
//! comparisons, box plots over trials of decision latency p90 and lead time, where
//! lead time goes, how each product person spends the week, the warning signs' chart
//! and cost per item. A missing value is said in words (why there is none), and a
//! structure that has not settled carries `↗` wherever its figures are. Every chart
//! has a title, axis descriptions with units, a legend, the numbers behind it in a
//! table that unfolds, and colours of the Okabe–Ito palette.
//!
//! The module computes no statistic of the run: means, intervals, verdicts, costs and
//! ranks are read from `summary.csv` and `compare.csv`; only the quartiles of the box
//! plots (from `trials.csv`), the mean activity shares (from `people.csv`), the
//! crossovers and which structures are dominated (from the verdicts) are derived here.
//!
//! The parts, from the bottom up: `text` (numbers, percentages, escaping) and
//! `palette` (colours) serve everything above them; `data` reads the files back, by
//! the columns [`columns`](super::columns) declares and with names read back into
//! their types (metrics, warning signs, verdicts); `derive` computes the few numbers
//! not in the files; `charts` draws SVG from numbers and names, knowing nothing of
//! the page; `page` writes the HTML section by section and calls the charts.

mod charts;
mod data;
mod derive;
mod page;
mod palette;
mod text;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The name of the page in a results folder.
pub const REPORT_FILE: &str = "report.html";

/// Why the page could not be built or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A CSV file the page needs is not in the folder.
    #[error("{}: no such file; is this the folder of a complete orgsim run?", path.display())]
    Missing {
        /// The file looked for.
        path: PathBuf,
    },
    /// A CSV file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A CSV file is not as a run writes it.
    #[error("{}:{line}: {message}", path.display())]
    Bad {
        /// The file.
        path: PathBuf,
        /// Line of the file, from 1.
        line: u64,
        /// What is wrong, naming the column.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("cannot draw the chart {chart:?}: {message}")]
    Draw {
        /// The chart's title.
        chart: String,
        /// The cause.
        message: String,
    },
    /// The page could not be written.
    #[error("cannot {action} {}: {source}", path.display())]
    Write {
        /// What was being done.
        action: &'static str,
        /// The path acted on.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

impl ReportError {
    /// Whether the error lies in the folder given (missing or broken CSV files)
    /// rather than in writing the page.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            ReportError::Missing { .. } | ReportError::Read { .. } | ReportError::Bad { .. }
        )
    }
}

/// The page for the results in `dir`, built from its CSV files.
pub fn render(dir: &Path) -> Result<String, ReportError> {
    let results = data::Results::read(dir)?;
    page::render(&results)
}

/// Builds the page from the CSV files in `dir` and writes it to `dir/report.html`,
/// which it returns. The page is written to a temporary file first and renamed over
/// the old one, so on any error an existing `report.html` is left as it was.
pub fn write_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let html = render(dir)?;
    let target = dir.join(REPORT_FILE);
    // Hidden, so that a results folder holding a leftover of a killed process can
    // still be replaced by a run (see `Staging`).
    let tmp = dir.join(format!(".{REPORT_FILE}.tmp-{}", std::process::id()));
    let written = fs::write(&tmp, html).map_err(|source| ReportError::Write {
        action: "write",
        path: tmp.clone(),
        source,
    });
    let renamed = written.and_then(|()| {
        fs::rename(&tmp, &target).map_err(|source| ReportError::Write {
            action: "rename to",
            path: target.clone(),
            source,
        })
    });
    if renamed.is_err() {
        // Best effort: the error returned is what the user needs.
        let _ = fs::remove_file(&tmp);
    }
    renamed.map(|()| target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    const SUMMARY: &str = "scenario,structure,metric,n,mean,sd,ci95_low,ci95_high,p5,p50,p95\n";
    const COMPARE: &str = "scenario,structure_a,structure_b,metric,mean_a,mean_b,diff_mean,\
                           diff_ci95_low,diff_ci95_high,relative_change,a_better_share,verdict\n";
    const TRIALS: &str = "scenario,structure,trial,lead_time_mean_h\n";
    const PEOPLE: &str = "scenario,structure,trial,person,role,activity,hours,share\n";

    #[test]
    fn odd_but_readable_files_give_a_page_not_a_panic() {
        // One structure (nothing to compare), missing values, a metric only some
        // files know, an activity the page has no colour for, rows of a structure the
        // summary does not list, and nothing for decision latency.
        let summary = format!(
            "{SUMMARY}solo,only,lead_time_mean_h,3,,,,,,,\nsolo,only,throughput_per_week,3,2,0,2,2,2,2,2\n"
        );
        let trials = format!("{TRIALS}solo,only,0,5\nsolo,only,1,\nsolo,ghost,0,7\n");
        let people = format!(
            "{PEOPLE}solo,only,0,po-1,po,coffee,10,0.25\nsolo,only,0,po-1,po,idle,30,0.75\n"
        );
        let dir = folder(&[
            ("summary.csv", &summary),
            ("compare.csv", COMPARE),
            ("trials.csv", &trials),
            ("people.csv", &people),
        ]);
        let html = render(dir.path()).unwrap();
        assert!(html.contains("One structure only"), "{html}");
        assert!(
            html.contains(">coffee</li>"),
            "the unknown activity has a legend entry"
        );
        assert!(html.contains("No warnings.csv"));
        assert_eq!(html, render(dir.path()).unwrap());
    }

    #[test]
    fn an_empty_run_gives_a_page_that_says_so() {
        let dir = folder(&[
            ("summary.csv", SUMMARY),
            ("compare.csv", COMPARE),
            ("trials.csv", TRIALS),
            ("people.csv", PEOPLE),
        ]);
        assert!(render(dir.path())
            .unwrap()
            .contains("The results hold no scenario."));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = folder(&[
            (
                "summary.csv",
                &format!("{SUMMARY}a,b,throughput_per_week,1,x,0,0,0,0,0,0\n"),
            ),
            ("compare.csv", COMPARE),
            ("trials.csv", TRIALS),
            ("people.csv", PEOPLE),
        ]);
        let err = render(dir.path()).unwrap_err();
        let path = dir.path().join("summary.csv");
        assert_eq!(
            err.to_string(),
            format!("{}:2: column mean: \"x\" is not a number", path.display())
        );
        assert!(err.is_bad_input());
        // Nothing was written.
        assert!(write_report(dir.path()).is_err());
        assert!(!dir.path().join(REPORT_FILE).exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4);
    }

    #[test]
    fn names_this_version_does_not_write_are_errors() {
        let warnings = "scenario,structure,warning,metric,threshold,mean_value,fired_share\n";
        let cases = [
            (
                "summary.csv",
                format!("{SUMMARY}a,b,coffee_h,1,1,0,0,0,0,0,0\n"),
                "summary.csv:2: column metric: unknown metric \"coffee_h\"",
            ),
            (
                "warnings.csv",
                format!("{warnings}a,b,gloom,product_util_max,0.85,0.5,0\n"),
                "warnings.csv:2: column warning: unknown warning sign \"gloom\"",
            ),
            (
                "compare.csv",
                format!("{COMPARE}a,b,c,throughput_per_week,1,2,-1,-2,0,-0.5,0.5,maybe\n"),
                "compare.csv:2: column verdict: unknown verdict \"maybe\", expected \
                 \"better\", \"worse\", \"equivalent\", \"no clear difference\" or an empty cell",
            ),
        ];
        for (file, text, expected) in cases {
            let mut files = vec![
                ("summary.csv", SUMMARY.to_string()),
                ("compare.csv", COMPARE.to_string()),
                ("trials.csv", TRIALS.to_string()),
                ("people.csv", PEOPLE.to_string()),
            ];
            files.retain(|(name, _)| *name != file);
            files.push((file, text));
            let named: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let dir = folder(&named);
            let path = dir.path().join(file);
            let err = render(dir.path()).unwrap_err();
            assert_eq!(
                err.to_string(),
                expected.replace(file, &path.display().to_string())
            );
        }
    }
}
