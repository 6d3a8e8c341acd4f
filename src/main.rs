//! The `orgsim` command line: `run`, `check`, `report` and `calibrate`. Thin on purpose: it parses
//! arguments, loads and validates every file, hands the points to the batch runner
//! and the writers, and turns their typed errors into messages and exit codes.
//!
//! Exit codes: 0 success; 1 an I/O failure (a file could not be written); 2 bad
//! input (arguments, scenario files, an output folder that must not be replaced).
//! Bad input is always found before anything is simulated or written.

use clap::{Args, Parser, Subcommand};
use orgsim::batch::{run_batch, BatchError, BatchOptions};
use orgsim::output::html;
use orgsim::output::{report, OutputError, ResultWriter, Staging};
use orgsim::scenario::{load_file, scenario_files, Scenario};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Simulate product-organisation structures (combined or separated PM and PO roles …)
/// and compare them with confidence intervals.
#[derive(Parser)]
#[command(name = "orgsim", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every structure of the scenarios and write CSV results and a report.
    Run(RunArgs),
    /// Validate scenario files and run nothing.
    Check {
        /// Scenario files, or folders of `.toml` scenario files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Rebuild DIR/report.html from the CSV files of an earlier run in DIR.
    Report {
        /// The results folder of a run.
        dir: PathBuf,
    },
    /// Fit a scenario to a team's tracker history (stage-dates CSV or Jira JSON).
    Calibrate(CalibrateArgs),
}

#[derive(Args)]
struct CalibrateArgs {
    /// Tracker exports: stage-dates CSV files, Jira search results with changelogs (JSON).
    #[arg(required = true)]
    exports: Vec<PathBuf>,
    /// The scenario file to write; the observed efforts go beside it (NAME-effort.csv).
    #[arg(long)]
    out: PathBuf,
    /// The structure the team has today; the others of the catalogue are the alternatives.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
        orgsim::calibrate::StructureKind::ALL.map(orgsim::calibrate::StructureKind::name)
    ))]
    structure: String,
    /// Export names to orgsim stages, e.g. "Backlog=backlog,In Progress=work,Done=done"
    /// (stages: backlog, refine, ready, work, blocked, accept, done, dropped). Default:
    /// names that are orgsim's stage names.
    #[arg(long)]
    stages: Option<String>,
    /// The attribute (CSV column, Jira field) whose values make the stakeholder groups.
    #[arg(long)]
    group_by: Option<String>,
    /// Working hours a week: Monday to Friday, a fifth of it a day.
    #[arg(long, default_value_t = 40.0)]
    hours_per_week: f64,
    /// Squads of the team.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10000))]
    squads: u32,
    /// Developers per squad (default: estimated from the items in work at once).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10000))]
    devs_per_squad: Option<u32>,
    /// The scenario's name (default: the output file's name).
    #[arg(long)]
    name: Option<String>,
    /// Simulate the written scenario under the team's structure and compare it with
    /// the history (the back-test).
    #[arg(long)]
    check: bool,
    /// Trials of the back-test.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    trials: u32,
    /// Worker threads of the back-test (default: one per CPU).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Args)]
struct RunArgs {
    /// Scenario files, or folders of `.toml` scenario files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Trials per structure, instead of each file's `run.trials`.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    trials: Option<u32>,
    /// Master seed, instead of each file's `run.seed`.
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per CPU). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Folder for the results, written at the end of a successful run; other files in
    /// it are left alone.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Print nothing but errors: no progress bar, no report.
    #[arg(long, short)]
    quiet: bool,
}

/// Exit code for bad input.
const BAD_INPUT: u8 = 2;
/// Exit code for a failure to write.
const IO_FAILURE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Check { paths } => check(&paths),
        Command::Report { dir } => rebuild_report(&dir),
        Command::Calibrate(args) => calibrate(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn check(paths: &[PathBuf]) -> Result<(), u8> {
    let files = load_all(paths, "")?;
    let mut out = std::io::stdout().lock();
    for (path, points) in &files {
        let first = &points[0];
        let names: Vec<&str> = first.structures.iter().map(|s| s.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{}: {}: {} structure{} ({}), {} sweep point{}",
            path.display(),
            first.name,
            names.len(),
            plural(names.len()),
            names.join(", "),
            points.len(),
            plural(points.len()),
        );
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<(), u8> {
    let files = load_all(&args.paths, "; nothing was run")?;
    let mut points: Vec<Scenario> = files.into_iter().flat_map(|(_, p)| p).collect();
    for p in &mut points {
        if let Some(trials) = args.trials {
            p.run.trials = trials;
        }
        if let Some(seed) = args.seed {
            p.run.seed = seed;
        }
    }

    // The output folder is checked before anything is simulated.
    let staging = Staging::new(&args.out).map_err(output_failure)?;
    let mut writer = ResultWriter::create(staging.path(), &points).map_err(output_failure)?;
    let options = BatchOptions {
        threads: args.threads.map(usize::from),
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    run_batch(&points, &options, &mut writer).map_err(|e| match e {
        BatchError::Sink(e) => output_failure(e),
        BatchError::ThreadPool(e) => {
            eprintln!("error: could not start the worker threads: {e}");
            IO_FAILURE
        }
    })?;
    let stats = writer.finish().map_err(output_failure)?;
    // From the CSVs just written, as `orgsim report` would: one code path for both.
    html::write_report(staging.path()).map_err(|e| {
        eprintln!("error: {e}");
        IO_FAILURE
    })?;
    let target = staging.target().to_path_buf();
    staging.commit().map_err(output_failure)?;

    if !args.quiet {
        // A closed pipe (`orgsim run … | head`) is not an error worth reporting.
        let _ = write!(
            std::io::stdout().lock(),
            "{}",
            report::render(&points, &stats)
        );
        eprintln!("results written to {}", target.display());
    }
    Ok(())
}

/// `orgsim report DIR`: rebuilds `DIR/report.html` from the CSVs in `DIR`. Bad or
/// missing CSVs are bad input (exit 2); the old page is left as it was.
fn rebuild_report(dir: &std::path::Path) -> Result<(), u8> {
    match html::write_report(dir) {
        Ok(path) => {
            eprintln!("report written to {}", path.display());
            Ok(())
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "no report written; nothing in {} was changed",
                dir.display()
            );
            Err(if e.is_bad_input() {
                BAD_INPUT
            } else {
                IO_FAILURE
            })
        }
    }
}

/// `orgsim calibrate`: reads the exports, writes the fitted scenario and its effort
/// file, prints what was fitted and, with `--check`, the back-test. Nothing is written
/// when the input is bad.
fn calibrate(args: CalibrateArgs) -> Result<(), u8> {
    use orgsim::calibrate::{self as cal, CalibrateError};
    let fail = |e: CalibrateError| {
        eprintln!(
            "{}",
            if e.is_bad_input() {
                e.to_string()
            } else {
                format!("error: {e}")
            }
        );
        if e.is_bad_input() {
            eprintln!("nothing was written");
            BAD_INPUT
        } else {
            IO_FAILURE
        }
    };
    let stages = match &args.stages {
        Some(text) => cal::StageMap::parse(text).map_err(|msg| {
            eprintln!("error: {msg}");
            BAD_INPUT
        })?,
        None => cal::StageMap::identity(),
    };
    let structure = cal::StructureKind::from_name(&args.structure).map_err(|msg| {
        eprintln!("error: {msg}");
        BAD_INPUT
    })?;
    let options = cal::Options {
        read: cal::ReadOptions {
            stages,
            group_by: args.group_by.clone(),
        },
        hours_per_week: args.hours_per_week,
        structure,
        squads: args.squads,
        devs_per_squad: args.devs_per_squad,
        name: args.name.clone(),
    };
    let calibration = cal::calibrate(&args.exports, &args.out, &options).map_err(fail)?;
    calibration.save().map_err(fail)?;
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", calibration.summary());
    let _ = writeln!(
        out,
        "scenario written to {} (efforts in {})",
        calibration.scenario_path.display(),
        calibration.effort_path.display()
    );
    if args.check {
        let test = cal::back_test(
            &calibration.scenario,
            structure.name(),
            &calibration.evidence.observed,
            args.trials,
            args.threads.map(usize::from),
        )
        .map_err(fail)?;
        let _ = write!(out, "\n{}", test.render());
    }
    Ok(())
}

/// Loads and validates every file named by `paths` (folders expanded), reporting the
/// errors of all of them before giving up. On success every file has at least one
/// point. `consequence` ends the closing line of a failure.
fn load_all(paths: &[PathBuf], consequence: &str) -> Result<Vec<(PathBuf, Vec<Scenario>)>, u8> {
    let mut files = Vec::new();
    let (paths, bad_paths) = expand(paths);
    let mut failed = bad_paths;
    let total = paths.len();
    for path in paths {
        match load_file(&path) {
            Ok(points) if points.is_empty() => {
                eprintln!(
                    "error: {}: the scenario has no points to run",
                    path.display()
                );
                failed = true;
            }
            Ok(points) => files.push((path, points)),
            Err(errors) => {
                eprint!("{}", errors.render());
                failed = true;
            }
        }
    }
    // Rows of every output file are keyed by scenario name: two files with one name
    // would mix their rows.
    for (i, (path, points)) in files.iter().enumerate() {
        if let Some((other, _)) = files[..i].iter().find(|(_, p)| p[0].name == points[0].name) {
            eprintln!(
                "error: {} and {} both name their scenario \"{}\"; scenario names must be \
                 unique in a run",
                other.display(),
                path.display(),
                points[0].name
            );
            failed = true;
        }
    }
    if failed {
        let bad = total - files.len();
        if bad > 0 {
            eprintln!(
                "{bad} of {total} scenario file{} with errors{consequence}",
                plural(total)
            );
        } else {
            eprintln!("bad input{consequence}");
        }
        return Err(BAD_INPUT);
    }
    Ok(files)
}

/// The scenario files named by `paths` (folders expanded by
/// [`scenario_files`]), every unusable path reported, not only the first. A file named
/// twice is loaded once. The flag tells whether some path was unusable (and reported).
fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut failed = false;
    for path in paths {
        match scenario_files(std::slice::from_ref(path)) {
            Ok(found) => files.extend(found),
            Err(errors) => {
                eprint!("{}", errors.render());
                failed = true;
            }
        }
    }
    let mut seen: Vec<PathBuf> = Vec::new();
    files.retain(|f| {
        let key = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    (files, failed)
}

/// Prints an output error and picks its exit code: a folder that must not be
/// replaced is the user's input; anything else is the file system's failure.
fn output_failure(e: OutputError) -> u8 {
    eprintln!("error: {e}");
    match e {
        OutputError::NotAFolder { .. } | OutputError::BadPath { .. } => BAD_INPUT,
        OutputError::Io { .. } | OutputError::Csv { .. } => IO_FAILURE,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
