//! The `orgsim` command line: `run` (whole, or one shard of it), `check`, `report`,
//! `merge` and `calibrate`. Thin on purpose: it parses arguments, loads and validates
//! every file, checks the work estimate against the limits, hands the points to the
//! batch runner and the writers, and turns their typed errors into messages and exit
//! codes.
//!
//! Exit codes: 0 success; 2 bad input (arguments, scenario files, a run too large for
//! the limits of `orgsim::estimate`, parts of a split run that do not make one run, an
//! output folder that cannot be made, must not be replaced or is in use by another
//! run); 1 an internal failure (the disk is full, a bug); 128 + the signal's number
//! when a run was stopped by SIGINT (130), SIGTERM (143) or SIGHUP (129) before its
//! results were moved in. Bad input is always found before anything is simulated or
//! written; a refused or stopped run leaves the output folder as it was.

use clap::{Args, Parser, Subcommand};
use orgsim::batch::{run_batch_until, run_block_until, unit_count, BatchError, BatchOptions};
use orgsim::estimate::{refusals, Estimate, Field, Limits, Machine, Seconds, TIME_LIMIT};
use orgsim::output::html;
use orgsim::output::{
    report, Finished, OutputError, ResultWriter, Staging, TooLongForSpreadsheets, FILES,
};
use orgsim::scenario::{field_error, load_file_seeded, scenario_files, Scenario, MAX_TRIALS};
use orgsim::shard::{
    self, InputFile, MergeError, MergePlan, Overrides, PartWriteError, PartWriter, Shard,
};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

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
    /// Validate scenario files, estimate what running them takes, and run nothing.
    Check(CheckArgs),
    /// Rebuild DIR/report.html from the CSV files of an earlier run in DIR.
    Report {
        /// The results folder of a run.
        dir: PathBuf,
    },
    /// Merge the parts of a run split with `run --shard` into the files, byte for
    /// byte, that one run on one machine writes.
    Merge(MergeArgs),
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
    /// The structure the team has today, named in the written scenario's comment; the
    /// others of the catalogue are the alternatives. The default, combined (one PM-PO
    /// holding every product duty), is the usual starting point.
    #[arg(
        long,
        default_value = orgsim::calibrate::StructureKind::DEFAULT.name(),
        value_parser = clap::builder::PossibleValuesParser::new(
            orgsim::calibrate::StructureKind::ALL.map(orgsim::calibrate::StructureKind::name)
        )
    )]
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
struct CheckArgs {
    /// Scenario files, or folders of `.toml` scenario files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads the estimate assumes (default: one per CPU, as `run`'s).
    #[arg(long, allow_negative_numbers = true, value_parser = thread_count)]
    threads: Option<u16>,
    /// Do not count a run longer than an hour as an error.
    #[arg(long)]
    no_limit: bool,
}

#[derive(Args)]
struct RunArgs {
    /// Scenario files, or folders of `.toml` scenario files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    // Negative numbers are taken as values so that they get the range message of
    // their parser, not a suggestion to write `-- -5` (which would make it a path).
    /// Trials per structure, instead of each file's `run.trials`.
    #[arg(long, allow_negative_numbers = true, value_parser = trial_count)]
    trials: Option<u32>,
    /// Master seed, instead of each file's `run.seed`.
    #[arg(long, allow_negative_numbers = true, value_parser = seed)]
    seed: Option<u64>,
    /// Worker threads (default: one per CPU). Results do not depend on it.
    #[arg(long, allow_negative_numbers = true, value_parser = thread_count)]
    threads: Option<u16>,
    /// Folder for the results, written at the end of a successful run; other files in
    /// it are left alone.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Print nothing but errors: no progress bar, no report.
    #[arg(long, short)]
    quiet: bool,
    /// Run even if the estimate says the run would take longer than an hour.
    #[arg(long)]
    no_limit: bool,
    #[command(flatten)]
    sharding: ShardArgs,
}

/// How `run` splits over machines (docs/shards.md).
#[derive(Args)]
struct ShardArgs {
    /// Run only block INDEX of COUNT blocks (from 0) of the (point, trial) grid, into
    /// the part folder OUT/shard-INDEX-of-COUNT, for `orgsim merge`. Without it, a job
    /// array's index is read from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or
    /// AWS_BATCH_JOB_ARRAY_INDEX.
    #[arg(long, value_name = "INDEX/COUNT", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// The number of shards, for a job array's index in the environment (a Kubernetes
    /// Indexed Job's completions).
    #[arg(long, value_name = "COUNT", conflicts_with = "shard", value_parser = shard_count)]
    shards: Option<u32>,
}

#[derive(Args)]
struct MergeArgs {
    /// The part folders written by `orgsim run --shard`, in any order; a block given
    /// twice must be the same both times.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Folder for the merged results, written at the end; other files in it are left
    /// alone.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Print nothing but errors: no report.
    #[arg(long, short)]
    quiet: bool,
}

/// Exit code for bad input: arguments, scenario files, the output folder.
const BAD_INPUT: u8 = 2;
/// Exit code for an internal failure: the file system failed, or orgsim did.
const IO_FAILURE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug, not bad input: its message is printed by the panic hook, the
    // staging folder and the lock are released as it unwinds, and the exit code is 1
    // (not the 101 of an uncaught panic).
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Run(args) => run(args),
        Command::Check(args) => check(&args),
        Command::Report { dir } => rebuild_report(&dir),
        Command::Calibrate(args) => calibrate(args),
        Command::Merge(args) => merge(args),
    })
    .unwrap_or_else(|_| {
        let _ = writeln!(io::stderr(), "error: internal failure (a bug in orgsim)");
        Err(IO_FAILURE)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn check(args: &CheckArgs) -> Result<(), u8> {
    let files = load_all(&args.paths, "", None)?;
    let machine = Machine::this(args.threads.map(usize::from));
    let mut out = std::io::stdout().lock();
    for (path, points) in &files {
        let first = &points[0];
        let names: Vec<&str> = first.structures.iter().map(|s| s.name.as_str()).collect();
        let sets = first.uncertainty.as_ref().map_or_else(String::new, |u| {
            format!(
                " with {} parameter set{} of {} trials each",
                u.sets.len(),
                plural(u.sets.len()),
                u.trials
            )
        });
        let _ = writeln!(
            out,
            "{}: {}: {} structure{} ({}), {} sweep point{}{sets}; {}",
            path.display(),
            first.name,
            names.len(),
            plural(names.len()),
            names.join(", "),
            points.len(),
            plural(points.len()),
            Estimate::of(points, machine.threads),
        );
    }
    if files.len() > 1 {
        let all: Vec<Scenario> = files.iter().flat_map(|(_, p)| p.clone()).collect();
        let _ = writeln!(out, "in all: {}", Estimate::of(&all, machine.threads));
    }
    drop(out);
    let limits = Limits {
        machine,
        time: (!args.no_limit).then_some(TIME_LIMIT),
        trials_from_command_line: false,
    };
    refuse_beyond_limits(&files, &limits, "")
}

fn run(args: RunArgs) -> Result<(), u8> {
    let shard = requested_shard(&args.sharding)?;
    let mut files = load_all(&args.paths, "; nothing was run", args.seed)?;
    for (_, points) in &mut files {
        overrides(&args).apply(points);
    }
    // Refused before anything is allocated for the trials, or written. A shard is
    // allowed an hour of its own.
    let limits = Limits {
        machine: Machine::this(args.threads.map(usize::from)),
        time: (!args.no_limit)
            .then(|| Seconds(TIME_LIMIT.0 * f64::from(shard.map_or(1, |s| s.count())))),
        trials_from_command_line: args.trials.is_some(),
    };
    refuse_beyond_limits(&files, &limits, "; nothing was run")?;
    if let Some(shard) = shard {
        let paths = files.into_iter().map(|(path, _)| path).collect();
        return run_shard(&args, paths, shard);
    }
    let points: Vec<Scenario> = files.into_iter().flat_map(|(_, p)| p).collect();

    // From here a signal only raises a flag, read at the points below: the run then
    // ends by dropping its staging folder, never in the middle of moving results in.
    let interruption = Interruption::watch()?;
    // The output folder is checked (and locked) before anything is simulated.
    let staging = Staging::new(&args.out).map_err(output_failure)?;
    let mut writer = ResultWriter::create(staging.path(), &points).map_err(output_failure)?;
    let options = BatchOptions {
        threads: args.threads.map(usize::from),
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    run_batch_until(&points, &options, &mut writer, &interruption.stop).map_err(|e| match e {
        BatchError::Sink(e) => output_failure(e),
        BatchError::ThreadPool(e) => {
            eprintln!("error: could not start the worker threads: {e}");
            IO_FAILURE
        }
    })?;
    if let Some(signal) = interruption.received() {
        drop(writer);
        return Err(signal.stop_run(staging));
    }
    let too_long = writer.too_long_for_spreadsheets();
    let finished = writer.finish().map_err(output_failure)?;
    publish(
        staging,
        &points,
        &finished,
        too_long,
        &interruption,
        args.quiet,
    )
}

/// Ends a run or a merge whose CSV files are in `staging`: writes the page, moves the
/// results in, and prints the report (unless `quiet`).
fn publish(
    staging: Staging,
    points: &[Scenario],
    finished: &Finished,
    too_long: Vec<TooLongForSpreadsheets>,
    interruption: &Interruption,
    quiet: bool,
) -> Result<(), u8> {
    // From the CSVs just written, as `orgsim report` would: one code path for both.
    html::write_report(staging.path()).map_err(|e| {
        eprintln!("error: {e}");
        IO_FAILURE
    })?;
    // The last point to stop at: once the results are moved in, the run is complete.
    if let Some(signal) = interruption.received() {
        return Err(signal.stop_run(staging));
    }
    let target = staging.target().to_path_buf();
    staging.commit().map_err(output_failure)?;

    if !quiet {
        // A closed pipe (`orgsim run … | head`) is not an error worth reporting.
        let _ = write!(
            std::io::stdout().lock(),
            "{}",
            report::render(points, &finished.stats, &finished.findings)
        );
        eprintln!("results written to {}", target.display());
        for note in too_long {
            eprintln!("note: {note}");
        }
    }
    Ok(())
}

/// The command line's `--trials` and `--seed`.
fn overrides(args: &RunArgs) -> Overrides {
    Overrides {
        trials: args.trials,
        seed: args.seed,
    }
}

/// The shard `run` is asked for: `--shard`, or a job array's index in the environment.
fn requested_shard(args: &ShardArgs) -> Result<Option<Shard>, u8> {
    shard::requested(args.shard, args.shards, |name| std::env::var(name).ok()).map_err(|e| {
        eprintln!("error: {e}; nothing was run");
        BAD_INPUT
    })
}

/// `orgsim run … --shard i/n`: runs one block of the grid into the part folder
/// `OUT/shard-i-of-n`. The scenario files are read once more, as text, so that the
/// copies in the part are exactly what was run.
fn run_shard(args: &RunArgs, paths: Vec<PathBuf>, shard: Shard) -> Result<(), u8> {
    let mut inputs = Vec::with_capacity(paths.len());
    let mut points = Vec::new();
    for path in paths {
        let input = InputFile::read(&path).map_err(|e| {
            eprintln!("error: {}: cannot read the file: {e}", path.display());
            BAD_INPUT
        })?;
        let loaded = input.points_seeded(args.seed).map_err(|errors| {
            eprint!("{}", errors.render());
            eprintln!(
                "{} changed while it was read; nothing was run",
                path.display()
            );
            BAD_INPUT
        })?;
        points.extend(loaded);
        inputs.push(input);
    }
    overrides(args).apply(&mut points);
    let units = unit_count(&points);
    let block = shard.block(units);

    let interruption = Interruption::watch()?;
    let staging = Staging::new(&args.out.join(shard.folder_name())).map_err(output_failure)?;
    let mut writer = PartWriter::create(staging.path(), &points).map_err(output_failure)?;
    let options = BatchOptions {
        threads: args.threads.map(usize::from),
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    run_block_until(&points, block, &options, &mut writer, &interruption.stop).map_err(
        |e| match e {
            BatchError::Sink(PartWriteError::Output(e)) => output_failure(e),
            BatchError::Sink(e @ PartWriteError::NotCarried(_)) => {
                eprintln!("error: {e}");
                IO_FAILURE
            }
            BatchError::ThreadPool(e) => {
                eprintln!("error: could not start the worker threads: {e}");
                IO_FAILURE
            }
        },
    )?;
    if let Some(signal) = interruption.received() {
        drop(writer);
        return Err(signal.stop_run(staging));
    }
    writer
        .finish(&inputs, overrides(args), shard)
        .map_err(output_failure)?;
    if let Some(signal) = interruption.received() {
        return Err(signal.stop_run(staging));
    }
    let target = staging.target().to_path_buf();
    staging.commit().map_err(output_failure)?;
    if !args.quiet {
        eprintln!(
            "{shard} (units {} up to {} of {units}) written to {}; merge the parts of \
             every block with `orgsim merge`",
            block.start,
            block.end,
            target.display()
        );
    }
    Ok(())
}

/// `orgsim merge PART… --out DIR`: checks every part before anything is written, then
/// writes the merged results and the page as a run would, and prints its report. A
/// refused merge leaves `--out` as it was.
fn merge(args: MergeArgs) -> Result<(), u8> {
    let refused = |e: MergeError| {
        eprintln!("error: {e}");
        eprintln!(
            "nothing was merged; {} was left as it was",
            args.out.display()
        );
        if e.is_bad_input() {
            BAD_INPUT
        } else {
            IO_FAILURE
        }
    };
    let plan = MergePlan::new(&args.parts).map_err(refused)?;
    let interruption = Interruption::watch()?;
    let staging = Staging::new(&args.out).map_err(output_failure)?;
    let merged = match plan.write(staging.path(), &interruption.stop) {
        Ok(Some(merged)) => merged,
        Ok(None) => {
            let signal = interruption.received().unwrap_or(Signal(STOP_SIGNALS[0]));
            return Err(signal.stop_run(staging));
        }
        Err(MergeError::Output(e)) => return Err(output_failure(e)),
        Err(e) => return Err(refused(e)),
    };
    let points = plan.points();
    publish(
        staging,
        points,
        &merged.finished,
        merged.too_long,
        &interruption,
        args.quiet,
    )
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
/// errors of all of them before giving up. Every file loaded has at least one point
/// (a sweep with no value is an error of the file). `consequence` ends the closing
/// line of a failure; `seed` (`--seed`) draws the parameter sets of `[uncertainty]`.
fn load_all(
    paths: &[PathBuf],
    consequence: &str,
    seed: Option<u64>,
) -> Result<Vec<(PathBuf, Vec<Scenario>)>, u8> {
    let mut files = Vec::new();
    let (paths, bad_paths) = expand(paths);
    let mut failed = bad_paths;
    let total = paths.len();
    for path in paths {
        match load_file_seeded(&path, seed) {
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

/// Checks the files against `limits` (the trials a run may have, this machine's
/// memory, the time limit) and prints every refusal, located in its file like a
/// validation error; `consequence` ends the closing line of a refusal.
fn refuse_beyond_limits(
    files: &[(PathBuf, Vec<Scenario>)],
    limits: &Limits,
    consequence: &str,
) -> Result<(), u8> {
    let points: Vec<&[Scenario]> = files.iter().map(|(_, p)| p.as_slice()).collect();
    let refused = refusals(&points, limits);
    if refused.is_empty() {
        return Ok(());
    }
    for refusal in &refused {
        match refusal.culprit {
            Some((i, Field::Trials)) if limits.trials_from_command_line => {
                let (path, _) = &files[i];
                eprintln!("error: {}: --trials: {}", path.display(), refusal.message);
            }
            Some((i, field)) => {
                let (path, points) = &files[i];
                let places = field.places(&points[0]);
                eprint!("{}", field_error(path, &places, &refusal.message).render());
            }
            None => eprintln!("error: {}", refusal.message),
        }
    }
    eprintln!("refused: too large to run{consequence}");
    Err(BAD_INPUT)
}

/// The scenario files named by `paths` (folders expanded by
/// [`scenario_files`]), every unusable path reported, not only the first. A file named
/// twice is loaded once; a path that is not a regular file is unusable. The flag tells
/// whether some path was unusable (and reported).
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
    // A device or a pipe named as a scenario (`/dev/zero`, a FIFO) would be read
    // forever: only regular files are read.
    files.retain(|f| {
        let regular = std::fs::metadata(f).map_or(true, |m| m.is_file());
        if !regular {
            eprintln!(
                "error: {}: not a regular file; a scenario is a TOML text file",
                f.display()
            );
            failed = true;
        }
        regular
    });
    let mut seen: Vec<PathBuf> = Vec::new();
    files.retain(|f| {
        let key = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    (files, failed)
}

/// Prints an output error and picks its exit code: a folder that cannot be made, must
/// not be replaced or is in use by another run is the user's input; anything else is
/// the file system's failure.
fn output_failure(e: OutputError) -> u8 {
    eprintln!("error: {e}");
    match &e {
        OutputError::NotAFolder { .. } | OutputError::BadPath { .. } => BAD_INPUT,
        OutputError::Io { source, .. } if is_bad_path(source) => BAD_INPUT,
        OutputError::Io { .. } | OutputError::Csv { .. } => IO_FAILURE,
    }
}

/// Whether a file-system error lies in the path the user chose (a file on the way, a
/// folder that may not be written, a name too long, a mount point, a folder in use by
/// another run) rather than in the machine (a full disk, a failing device).
fn is_bad_path(e: &io::Error) -> bool {
    use io::ErrorKind as Kind;
    let symlink_loop = cfg!(unix) && e.raw_os_error() == Some(libc::ELOOP);
    symlink_loop
        || matches!(
            e.kind(),
            Kind::NotFound
                | Kind::PermissionDenied
                | Kind::AlreadyExists
                | Kind::NotADirectory
                | Kind::IsADirectory
                | Kind::DirectoryNotEmpty
                | Kind::ReadOnlyFilesystem
                | Kind::InvalidInput
                | Kind::InvalidFilename
                | Kind::ResourceBusy
                | Kind::CrossesDevices
        )
}

/// The signals that stop a run cleanly: Ctrl-C, `kill`, a closed terminal.
#[cfg(unix)]
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];
#[cfg(not(unix))]
const STOP_SIGNALS: [i32; 2] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// Watches for the [`STOP_SIGNALS`] during a run. The handlers only raise flags: the
/// batch's workers start no new trial once `stop` is up, and the run reads
/// [`Interruption::received`] where it can end cleanly. A second signal ends the
/// process at once; what that leaves behind is removed by the next run into the same
/// folder.
struct Interruption {
    /// Raised by any stop signal; watched by the workers.
    stop: Arc<AtomicBool>,
    /// The number of the last stop signal received, 0 before any.
    signal: Arc<AtomicUsize>,
}

/// A stop signal that arrived.
#[derive(Debug, Clone, Copy)]
struct Signal(i32);

impl Interruption {
    /// Installs the handlers, or says why it could not (exit 1).
    fn watch() -> Result<Interruption, u8> {
        let interruption = Interruption {
            stop: Arc::new(AtomicBool::new(false)),
            signal: Arc::new(AtomicUsize::new(0)),
        };
        let install = |signal: i32| -> io::Result<()> {
            let number = usize::try_from(signal).unwrap_or(0);
            // Handlers run in the order registered: the shutdown sees `stop` as it was
            // before this signal, so only a second one ends the process at once.
            let exit_code = Signal(signal).exit_code().into();
            signal_hook::flag::register_conditional_shutdown(
                signal,
                exit_code,
                Arc::clone(&interruption.stop),
            )?;
            signal_hook::flag::register_usize(signal, Arc::clone(&interruption.signal), number)?;
            signal_hook::flag::register(signal, Arc::clone(&interruption.stop))?;
            Ok(())
        };
        for signal in STOP_SIGNALS {
            install(signal).map_err(|e| {
                eprintln!("error: cannot watch for Ctrl-C: {e}");
                IO_FAILURE
            })?;
        }
        Ok(interruption)
    }

    /// The stop signal received so far, if any.
    fn received(&self) -> Option<Signal> {
        if !self.stop.load(Ordering::SeqCst) {
            return None;
        }
        let number = self.signal.load(Ordering::SeqCst);
        Some(Signal(i32::try_from(number).unwrap_or(STOP_SIGNALS[0])))
    }
}

impl Signal {
    /// 128 + the signal's number, as a shell reports a process the signal ended.
    fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }

    /// Ends a run stopped by this signal: removes its staging folder (and lock), says
    /// in one line what the output folder holds, and gives the exit code.
    fn stop_run(self, staging: Staging) -> u8 {
        let target = staging.target().to_path_buf();
        drop(staging);
        let name = signal_hook::low_level::signal_name(self.0).unwrap_or("a signal");
        let kept = kept(&target);
        // Not `eprintln!`: after SIGHUP the terminal may be gone, and a failed write
        // must not turn a clean stop into a panic.
        let _ = writeln!(
            io::stderr(),
            "interrupted by {name}: the run was stopped and its partial results removed; {kept}"
        );
        self.exit_code()
    }
}

/// What the output folder `dir` holds after a stopped run, in words.
fn kept(dir: &Path) -> String {
    let shown = dir.display();
    if FILES.iter().any(|f| dir.join(f).is_file()) {
        format!("{shown} keeps the results of the last complete run")
    } else if dir.is_dir() {
        format!("{shown} was left as it was")
    } else {
        format!("nothing was written to {shown}")
    }
}

/// `--trials`: a whole number of trials, at most what a scenario file may ask for.
fn trial_count(text: &str) -> Result<u32, String> {
    let most = u32::try_from(MAX_TRIALS).unwrap_or(u32::MAX);
    whole_number(text, "the number of trials", 1, most)
}

/// `--seed`: any whole number a 64-bit seed can be.
fn seed(text: &str) -> Result<u64, String> {
    whole_number(text, "the seed", 0, u64::MAX)
}

/// `--shards`: a whole number of shards.
fn shard_count(text: &str) -> Result<u32, String> {
    whole_number(text, "the number of shards", 1, u32::MAX)
}

/// `--threads`: a whole number of worker threads.
fn thread_count(text: &str) -> Result<u16, String> {
    whole_number(text, "the number of worker threads", 1, u16::MAX)
}

/// Reads a whole number from `low` to `high`, or says which numbers `what` may be.
fn whole_number<T>(text: &str, what: &str, low: T, high: T) -> Result<T, String>
where
    T: Copy + std::fmt::Display + Into<i128> + TryFrom<i128>,
{
    let allowed = || format!("{what} must be a whole number from {low} to {high}");
    let n: i128 = text.trim().parse().map_err(|_| allowed())?;
    if n < low.into() || n > high.into() {
        return Err(allowed());
    }
    T::try_from(n).map_err(|_| allowed())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
