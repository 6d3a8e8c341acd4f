//! Writes the example tracker exports of `examples/tracker/` from the known parameters
//! of `orgsim::calibrate::synthetic::examples`, and a README that lists them:
//! `cargo run --example make_tracker [FOLDER]` (default `examples/tracker`).
//!
//! `cargo run --release --example make_tracker -- --large N FOLDER` writes instead
//! `large.csv` and `large.json`, a history of about N items (`synthetic::large`), to
//! time `orgsim calibrate` on.

use orgsim::calibrate::synthetic::{
    examples, examples_readme, generate, large, to_jira_json, to_stage_dates_csv,
};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut files: Vec<(String, String)> = Vec::new();
    if args.first().map(String::as_str) == Some("--large") {
        let Some(items) = args.get(1).and_then(|n| n.parse::<u32>().ok()) else {
            eprintln!("error: --large needs a number of items");
            return ExitCode::from(2);
        };
        let history = generate(&large(items));
        files.push(("large.csv".into(), to_stage_dates_csv(&history)));
        files.push(("large.json".into(), to_jira_json(&history)));
        args.drain(..2);
    } else {
        files.push(("README.md".into(), examples_readme()));
        for (name, spec) in examples() {
            let history = generate(&spec);
            let text = if name.ends_with(".json") {
                to_jira_json(&history)
            } else {
                to_stage_dates_csv(&history)
            };
            files.push((name.to_string(), text));
        }
    }
    let folder: PathBuf = args.first().map_or_else(
        || {
            [env!("CARGO_MANIFEST_DIR"), "examples", "tracker"]
                .iter()
                .collect()
        },
        PathBuf::from,
    );
    if let Err(e) = std::fs::create_dir_all(&folder) {
        eprintln!("error: {}: {e}", folder.display());
        return ExitCode::from(1);
    }
    for (name, text) in files {
        let path = folder.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(1);
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
