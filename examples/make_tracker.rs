//! Writes the example tracker exports of `examples/tracker/` from the known parameters
//! of `orgsim::calibrate::synthetic::examples`, and a README that lists them:
//! `cargo run --example make_tracker [FOLDER]` (default `examples/tracker`).

use orgsim::calibrate::synthetic::{
    examples, examples_readme, generate, to_jira_json, to_stage_dates_csv,
};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let folder: PathBuf = std::env::args_os().nth(1).map_or_else(
        || {
            [env!("CARGO_MANIFEST_DIR"), "examples", "tracker"]
                .iter()
                .collect()
        },
        PathBuf::from,
    );
    let mut files = vec![("README.md".to_string(), examples_readme())];
    for (name, spec) in examples() {
        let history = generate(&spec);
        let text = if name.ends_with(".json") {
            to_jira_json(&history)
        } else {
            to_stage_dates_csv(&history)
        };
        files.push((name.to_string(), text));
    }
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
