//! A run split into shards (`run --shard`, job-array indexes) and merged (`merge`):
//! the merge writes every file of one run byte for byte, whatever the order of the
//! parts and the threads of each shard, and whatever activities `people.csv` holds;
//! an identical retry of a block is accepted; missing blocks, parts of other runs or
//! versions, parts that read other data files (or data files changed since), different
//! duplicates, cut files and bad shard arguments are refused with exit 2 and nothing
//! written. The
//! Kubernetes recipe of `examples/kubernetes` is read and run as a cluster would run
//! it, one process per index. (The Slurm recipe runs on a real Slurm in
//! `tests/slurm/run.sh`.)

use crate::support::cli::{read, stderr};
use crate::support::{fixture_dir, shipped_dir};
use orgsim::output::FILES;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use yaml_rust2::{Yaml, YamlLoader};

/// The variables of the job arrays orgsim reads, kept out of every run here unless a
/// test sets them.
const ARRAY_VARIABLES: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
    "AWS_BATCH_JOB_ARRAY_SIZE",
];

/// Runs the `orgsim` binary with `args` and the job-array variables `env` (any other
/// left unset).
fn orgsim_env<S: AsRef<std::ffi::OsStr>>(args: &[S], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orgsim"));
    command.args(args);
    for variable in ARRAY_VARIABLES {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    command.output().expect("the orgsim binary runs")
}

fn orgsim<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    orgsim_env(args, &[])
}

fn ok(o: &Output) {
    assert!(o.status.success(), "failed:\n{}", stderr(o));
}

/// Asserts exit 2 with `words` in the message, and returns the message.
fn refused(o: &Output, words: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Two scenario files, one a sweep: every column the batch can have.
fn scenarios() -> Vec<String> {
    ["when-to-split.toml", "growth-stage.toml"]
        .iter()
        .map(|f| shipped_dir().join(f).to_string_lossy().into_owned())
        .collect()
}

const TRIALS: &str = "3";

/// `orgsim run` of [`scenarios`] with `extra` arguments into `out`.
fn run(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["run".to_string()];
    args.extend(scenarios());
    for a in ["--trials", TRIALS, "--quiet", "--out"] {
        args.push(a.to_string());
    }
    args.push(out.to_string_lossy().into_owned());
    args.extend(extra.iter().map(|s| s.to_string()));
    orgsim(&args)
}

/// Runs every shard of `n` into `parts`, alternating one and two threads.
fn run_shards(parts: &Path, n: u32) {
    for i in 0..n {
        let shard = format!("{i}/{n}");
        let threads = if i % 2 == 0 { "1" } else { "2" };
        ok(&run(parts, &["--shard", &shard, "--threads", threads]));
    }
}

fn part(parts: &Path, i: u32, n: u32) -> PathBuf {
    parts.join(format!("shard-{i}-of-{n}"))
}

fn merge(parts: &[PathBuf], out: &Path) -> Output {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(parts.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--quiet".into(), "--out".into()]);
    args.push(out.to_string_lossy().into_owned());
    orgsim(&args)
}

/// Every file of one run, by name, as bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect()
}

/// Asserts that `merged` holds exactly the files of `whole`, byte for byte.
fn same_files(whole: &Path, merged: &Path) {
    let (a, b) = (files(whole), files(merged));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for name in FILES.iter().copied().chain(["report.html"]) {
        assert!(a.contains_key(name), "one run wrote no {name}");
    }
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between one run and the merge"
        );
    }
}

/// One run and its three shards, in a temporary folder: (root, whole, parts).
fn whole_and_parts(n: u32) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let whole = root.path().join("whole");
    ok(&run(&whole, &[]));
    let parts = root.path().join("parts");
    run_shards(&parts, n);
    (root, whole, parts)
}

#[test]
fn a_merge_writes_the_files_of_one_run_byte_for_byte_in_any_order() {
    let (root, whole, parts) = whole_and_parts(3);
    // Empty cells (NaN) are among the numbers that must come back as they were.
    let trials = read(&whole.join("trials.csv"));
    assert!(trials.contains(",,"), "no empty cell to carry");

    let backwards: Vec<PathBuf> = (0..3).rev().map(|i| part(&parts, i, 3)).collect();
    let merged = root.path().join("merged");
    ok(&merge(&backwards, &merged));
    same_files(&whole, &merged);

    // The folder of the parts stands for them.
    let again = root.path().join("again");
    ok(&merge(std::slice::from_ref(&parts), &again));
    same_files(&whole, &again);
}

/// A sweep of two points whose every point runs twelve parameter sets of three trials
/// beside its own four: 2 × (4 + 36) = 80 units, so that three blocks cut sets in two.
const UNCERTAIN: &str = r#"
name = "uncertain-split"
[run]
weeks = 4
warmup_weeks = 1
trials = 4
seed = 5

[team]
devs_per_squad = 4

[work]
question_every_hours = { dist = "exp", mean = 8 }

[[stakeholders]]
name = "sales"
requests_per_week = 6

[costs]
dev = 150000
pm-po = 175000
po = 160000

[sweep]
team.squads = [1, 2]

[uncertainty]
samples = 12
trials = 3
"work.question_every_hours.mean" = [4, 16]
"stakeholders.sales.requests_per_week" = [3, 9]

[[structures]]
name = "combined"
people = [ { role = "pm-po", count = 1, duties = ["triage", "answer", "refine"] } ]

[[structures]]
name = "separated"
people = [
  { role = "pm-po", count = 1, duties = ["triage"] },
  { role = "po", per_squad = 1, duties = ["answer", "refine"] },
]
"#;

#[test]
fn a_merge_of_parameter_sets_cut_between_blocks_writes_the_files_of_one_run() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("uncertain-split.toml");
    fs::write(&file, UNCERTAIN).unwrap();
    let run = |out: &Path, extra: &[&str]| {
        let mut args: Vec<String> = vec!["run".into(), file.to_string_lossy().into_owned()];
        args.extend(["--seed", "6", "--quiet", "--out"].map(String::from));
        args.push(out.to_string_lossy().into_owned());
        args.extend(extra.iter().map(|a| a.to_string()));
        orgsim(&args)
    };
    let whole = root.path().join("whole");
    ok(&run(&whole, &[]));
    let samples = read(&whole.join("samples.csv"));
    assert_eq!(samples.lines().count(), 1 + 2 * 12 * 2, "{samples}");
    assert!(read(&whole.join("uncertainty.csv")).lines().count() > 1);

    let parts = root.path().join("parts");
    for i in 0..3 {
        let threads = if i % 2 == 0 { "1" } else { "2" };
        ok(&run(
            &parts,
            &["--shard", &format!("{i}/3"), "--threads", threads],
        ));
    }
    let manifest = read(&part(&parts, 1, 3).join("manifest.toml"));
    assert!(manifest.contains("units = 80"), "{manifest}");
    assert!(manifest.contains("name = \"sets.csv\""), "{manifest}");
    let merged = root.path().join("merged");
    ok(&merge(
        &[part(&parts, 2, 3), part(&parts, 0, 3), part(&parts, 1, 3)],
        &merged,
    ));
    same_files(&whole, &merged);
}

#[test]
fn a_shard_writes_the_same_bytes_whatever_its_threads_or_folder() {
    let root = tempfile::tempdir().unwrap();
    let (one, two) = (root.path().join("one"), root.path().join("two"));
    ok(&run(&one, &["--shard", "1/2", "--threads", "1"]));
    ok(&run(&two, &["--shard", "1/2", "--threads", "2"]));
    assert_eq!(files(&part(&one, 1, 2)), files(&part(&two, 1, 2)));
    let manifest = read(&part(&one, 1, 2).join("manifest.toml"));
    for word in [
        "orgsim = ",
        "inputs = ",
        "shard = 1",
        "shards = 2",
        "sha256",
        "rows",
    ] {
        assert!(manifest.contains(word), "{word} not in\n{manifest}");
    }
}

#[test]
fn an_identical_retry_is_accepted_and_a_different_one_refused() {
    let (root, whole, parts) = whole_and_parts(3);
    let retry = root.path().join("retry");
    copy_dir(&part(&parts, 1, 3), &retry);
    let mut given: Vec<PathBuf> = (0..3).map(|i| part(&parts, i, 3)).collect();
    given.push(retry.clone());
    let merged = root.path().join("merged");
    ok(&merge(&given, &merged));
    same_files(&whole, &merged);

    // A retry whose trials differ: named by its block and file.
    let manifest = retry.join("manifest.toml");
    let text = read(&manifest);
    let sha = text
        .split("name = \"trials.csv\"")
        .nth(1)
        .and_then(|rest| rest.split("sha256 = \"").nth(1))
        .map(|rest| &rest[..64])
        .unwrap()
        .to_string();
    fs::write(&manifest, text.replace(&sha, &"0".repeat(64))).unwrap();
    let out = root.path().join("refused");
    let o = merge(&given, &out);
    refused(&o, &["block 1 of 3", "trials.csv", "retry"]);
    assert!(!out.exists());
}

#[test]
fn missing_blocks_and_parts_of_other_runs_are_refused_with_nothing_written() {
    let (root, _, parts) = whole_and_parts(3);
    let out = root.path().join("out");
    let all: Vec<PathBuf> = (0..3).map(|i| part(&parts, i, 3)).collect();

    let o = merge(&[all[0].clone(), all[2].clone()], &out);
    refused(&o, &["1 of 3 blocks missing", "1"]);
    assert!(!out.exists());

    // Another scenario, another seed, other shards: not the same run.
    let other = root.path().join("other");
    let small = fixture_dir("cli").join("small.toml");
    ok(&orgsim(&[
        "run".as_ref(),
        small.as_os_str(),
        "--shard".as_ref(),
        "1/3".as_ref(),
        "--out".as_ref(),
        other.as_os_str(),
    ]));
    let o = merge(&[all[0].clone(), part(&other, 1, 3), all[2].clone()], &out);
    refused(
        &o,
        &[
            "(block 1 of 3) is not a part of the same run",
            "scenario files",
        ],
    );
    let seeded = root.path().join("seeded");
    ok(&run(&seeded, &["--shard", "1/3", "--seed", "9"]));
    let o = merge(&[all[0].clone(), part(&seeded, 1, 3), all[2].clone()], &out);
    refused(&o, &["--seed"]);
    let four = root.path().join("four");
    ok(&run(&four, &["--shard", "3/4"]));
    let o = merge(&[all[0].clone(), part(&four, 3, 4)], &out);
    refused(&o, &["4 shards"]);

    // Another version of orgsim.
    let old = root.path().join("old");
    copy_dir(&all[1], &old);
    let manifest = old.join("manifest.toml");
    let text = read(&manifest).replace(
        &format!("orgsim = \"{}\"", env!("CARGO_PKG_VERSION")),
        "orgsim = \"0.0.1\"",
    );
    fs::write(&manifest, text).unwrap();
    let o = merge(&[all[0].clone(), old, all[2].clone()], &out);
    refused(&o, &["written by orgsim 0.0.1", "block 1 of 3"]);

    // Not a part at all.
    let o = merge(&[all[0].clone(), root.path().join("nowhere")], &out);
    refused(&o, &["nowhere"]);
    assert!(!out.exists());
}

#[test]
fn a_cut_or_changed_part_is_refused_with_nothing_written() {
    let (root, whole, parts) = whole_and_parts(2);
    let out = root.path().join("out");
    let all: Vec<PathBuf> = (0..2).map(|i| part(&parts, i, 2)).collect();

    // Cut in the middle of a row.
    let people = all[1].join("people.csv");
    let bytes = fs::read(&people).unwrap();
    fs::write(&people, &bytes[..bytes.len() - 10]).unwrap();
    let o = merge(&all, &out);
    refused(&o, &["people.csv"]);
    assert!(!out.exists());
    let siblings: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
    assert_eq!(siblings.len(), 2, "something was left beside --out");

    // Cut at the end of a row: the row count is short.
    let cut = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap();
    fs::write(&people, &bytes[..=cut]).unwrap();
    refused(&merge(&all, &out), &["people.csv"]);
    assert!(!out.exists());

    // A number changed: the checksum tells.
    fs::write(&people, &bytes).unwrap();
    let trials = all[0].join("trials.csv");
    let text = read(&trials);
    let changed = text.replacen(",0.", ",1.", 1);
    assert_ne!(changed, text);
    fs::write(&trials, changed).unwrap();
    refused(&merge(&all, &out), &["trials.csv", "checksum"]);
    assert!(!out.exists());

    // Put back, the parts merge again.
    fs::write(&trials, text).unwrap();
    ok(&merge(&all, &out));
    same_files(&whole, &out);
}

#[test]
fn bad_shards_and_an_index_without_a_count_are_refused_before_anything_runs() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    for (args, words) in [
        (vec!["--shard", "5/4"], vec!["from 0 to 3"]),
        (vec!["--shard", "0/0"], vec!["at least 1"]),
        (vec!["--shard", "two"], vec!["INDEX/COUNT"]),
        (vec!["--shards", "0"], vec!["number of shards"]),
    ] {
        refused(&run(&out, &args), &words);
        assert!(!out.exists(), "{args:?}");
    }
    let single = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["run".to_string()];
        args.extend(scenarios());
        args.extend(["--out".to_string(), out.to_string_lossy().into_owned()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        orgsim_env(&args, env)
    };
    refused(
        &single(&[("JOB_COMPLETION_INDEX", "1")], &[]),
        &["JOB_COMPLETION_INDEX", "--shards"],
    );
    refused(
        &single(&[("AWS_BATCH_JOB_ARRAY_INDEX", "1")], &[]),
        &["AWS_BATCH_JOB_ARRAY_SIZE"],
    );
    refused(
        &single(&[("SLURM_ARRAY_TASK_ID", "1")], &[]),
        &["SLURM_ARRAY_TASK_MIN"],
    );
    refused(
        &single(
            &[("SLURM_ARRAY_TASK_ID", "x"), ("SLURM_ARRAY_TASK_MIN", "0")],
            &[],
        ),
        &["SLURM_ARRAY_TASK_ID"],
    );
    refused(&single(&[], &["--shards", "4"]), &["no array index"]);
    assert!(!out.exists());
}

#[test]
fn job_array_indexes_name_the_same_shards_as_the_option() {
    let root = tempfile::tempdir().unwrap();
    let by_option = root.path().join("option");
    ok(&run(&by_option, &["--shard", "1/3"]));
    let expected = files(&part(&by_option, 1, 3));
    for env in [
        &[
            ("SLURM_ARRAY_TASK_ID", "6"),
            ("SLURM_ARRAY_TASK_MIN", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ][..],
        &[
            ("AWS_BATCH_JOB_ARRAY_INDEX", "1"),
            ("AWS_BATCH_JOB_ARRAY_SIZE", "3"),
        ][..],
    ] {
        let out = root.path().join(env[0].0);
        let mut args = vec!["run".to_string()];
        args.extend(scenarios());
        args.extend(["--trials", TRIALS, "--quiet", "--out"].map(String::from));
        args.push(out.to_string_lossy().into_owned());
        ok(&orgsim_env(&args, env));
        assert_eq!(files(&part(&out, 1, 3)), expected, "{env:?}");
    }
    // An explicit --shard wins over the environment.
    let out = root.path().join("explicit");
    let mut args = vec!["run".to_string()];
    args.extend(scenarios());
    args.extend(["--trials", TRIALS, "--shard", "1/3", "--quiet", "--out"].map(String::from));
    args.push(out.to_string_lossy().into_owned());
    ok(&orgsim_env(&args, &[("JOB_COMPLETION_INDEX", "0")]));
    assert_eq!(files(&part(&out, 1, 3)), expected);
}

/// The Kubernetes recipe as a cluster runs it: the image's paths (from the container
/// file) and the volume's mount point mapped to folders here, the Indexed Job's
/// container run once per index with `JOB_COMPLETION_INDEX`, then the merge Job's;
/// the result equals one run of the same arguments on this machine.
#[test]
fn the_kubernetes_recipe_runs_as_shipped() {
    let recipe = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kubernetes");
    let image = Image::read(&recipe.join("Containerfile"));
    let shards = yaml(&recipe.join("shards.yaml"));
    let merge_doc = yaml(&recipe.join("merge.yaml"));

    let job = shards
        .iter()
        .find(|d| d["kind"].as_str() == Some("Job"))
        .expect("shards.yaml holds a Job");
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"].as_str(), Some("Indexed"));
    let completions = spec["completions"].as_i64().expect("completions") as u32;
    let claim = shards
        .iter()
        .find(|d| d["kind"].as_str() == Some("PersistentVolumeClaim"))
        .expect("shards.yaml holds the claim of the parts' volume");
    let claim_name = claim["metadata"]["name"].as_str().unwrap();

    let root = tempfile::tempdir().unwrap();
    let shard_container = Container::of(job, claim_name, root.path());
    let args = shard_container.args(&image);
    let shards_flag = args.iter().position(|a| a == "--shards").unwrap();
    assert_eq!(args[shards_flag + 1], completions.to_string());
    for index in 0..completions {
        let index = index.to_string();
        ok(&orgsim_env(&args, &[("JOB_COMPLETION_INDEX", &index)]));
    }

    let merge_job = merge_doc
        .iter()
        .find(|d| d["kind"].as_str() == Some("Job"))
        .expect("merge.yaml holds a Job");
    let merge_container = Container::of(merge_job, claim_name, root.path());
    let merge_args = merge_container.args(&image);
    assert_eq!(merge_args[0], "merge");
    ok(&orgsim(&merge_args));

    // One run of the shards' arguments, without the sharding and into its own folder.
    let mut whole_args = Vec::new();
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--shards" | "--out" => {
                rest.next();
            }
            _ => whole_args.push(a.clone()),
        }
    }
    let whole = root.path().join("whole");
    whole_args.extend(["--out".to_string(), whole.to_string_lossy().into_owned()]);
    ok(&orgsim(&whole_args));
    let out_flag = merge_args.iter().position(|a| a == "--out").unwrap();
    same_files(&whole, Path::new(&merge_args[out_flag + 1]));
}

fn yaml(path: &Path) -> Vec<Yaml> {
    YamlLoader::load_from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The final stage of a container file: where its entry point and copied folders
/// are.
struct Image {
    entrypoint: String,
    /// (path in the image, path in the repository), from its `COPY` lines.
    copies: Vec<(String, PathBuf)>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let text = read(path);
        let last_stage = text.rsplit("\nFROM ").next().unwrap();
        let mut entrypoint = None;
        let mut copies = Vec::new();
        for line in last_stage.lines().map(str::trim) {
            if let Some(list) = line.strip_prefix("ENTRYPOINT ") {
                let words: Vec<String> = serde_like_list(list);
                entrypoint = words.into_iter().next();
            } else if let Some(copy) = line.strip_prefix("COPY ") {
                let words: Vec<&str> = copy.split_whitespace().collect();
                // The binary comes from the build stage: here, the binary under test.
                if words[0].starts_with("--from=") {
                    continue;
                }
                let (from, to) = (words[0], words[1]);
                let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
                copies.push((to.trim_end_matches('/').to_string(), repo));
            }
        }
        Image {
            entrypoint: entrypoint.expect("the image has an ENTRYPOINT"),
            copies,
        }
    }
}

/// The words of an exec-form list, `["/orgsim", "run"]`.
fn serde_like_list(list: &str) -> Vec<String> {
    list.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|w| w.trim().trim_matches('"').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The one container of a Job's pod, with its volume mounted at a folder of `root`.
struct Container {
    command: Vec<String>,
    args: Vec<String>,
    /// (mount path, folder here).
    mounts: Vec<(String, PathBuf)>,
}

impl Container {
    fn of(job: &Yaml, claim: &str, root: &Path) -> Container {
        let pod = &job["spec"]["template"]["spec"];
        assert_eq!(pod["restartPolicy"].as_str(), Some("Never"));
        let containers = pod["containers"].as_vec().expect("containers");
        assert_eq!(containers.len(), 1);
        let c = &containers[0];
        let words = |y: &Yaml| -> Vec<String> {
            y.as_vec()
                .map(|v| v.iter().map(|w| w.as_str().unwrap().to_string()).collect())
                .unwrap_or_default()
        };
        let volumes = pod["volumes"].as_vec().expect("volumes");
        let mut mounts = Vec::new();
        for mount in c["volumeMounts"].as_vec().expect("volumeMounts") {
            let name = mount["name"].as_str().unwrap();
            let volume = volumes
                .iter()
                .find(|v| v["name"].as_str() == Some(name))
                .expect("the mounted volume");
            assert_eq!(
                volume["persistentVolumeClaim"]["claimName"].as_str(),
                Some(claim)
            );
            let folder = root.join(name);
            fs::create_dir_all(&folder).unwrap();
            mounts.push((mount["mountPath"].as_str().unwrap().to_string(), folder));
        }
        Container {
            command: words(&c["command"]),
            args: words(&c["args"]),
            mounts,
        }
    }

    /// The arguments of the entry point, image and volume paths mapped to folders
    /// here.
    fn args(&self, image: &Image) -> Vec<String> {
        let mut words = if self.command.is_empty() {
            vec![image.entrypoint.clone()]
        } else {
            self.command.clone()
        };
        words.extend(self.args.iter().cloned());
        assert_eq!(words[0], image.entrypoint, "the container runs orgsim");
        let places = self.mounts.iter().chain(&image.copies);
        words[1..]
            .iter()
            .map(|word| {
                for (inside, here) in places.clone() {
                    if let Some(rest) = word.strip_prefix(inside.as_str()) {
                        if rest.is_empty() || rest.starts_with('/') {
                            return format!("{}{rest}", here.display());
                        }
                    }
                }
                word.clone()
            })
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// `orgsim run FILE` with `extra` arguments into `out`.
fn run_file(file: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["run".into(), file.to_string_lossy().into_owned()];
    args.extend(["--quiet", "--out"].map(String::from));
    args.push(out.to_string_lossy().into_owned());
    args.extend(extra.iter().map(|a| a.to_string()));
    orgsim(&args)
}

/// A part-time person (`availability`, so `people.csv` has `away` rows) and a person
/// with recurring work outside the duties (`other_hours_per_week`, `other` rows).
const PEOPLE_IN_TIME: &str = r#"
name = "people-in-time"
[run]
weeks = 5
warmup_weeks = 1
trials = 7
seed = 3

[team]
devs_per_squad = 3

[work]
question_every_hours = { dist = "exp", mean = 8 }

[[stakeholders]]
name = "sales"
requests_per_week = 5

[costs]
dev = 150000
pm = 170000
pm-po = 175000
po = 160000

[[structures]]
name = "combined"
people = [
  { role = "pm-po", count = 1, duties = ["triage", "answer", "refine"], availability = 0.5 },
]

[[structures]]
name = "separated"
people = [
  { role = "pm", count = 1, duties = ["triage"], other_hours_per_week = 6 },
  { role = "po", per_squad = 1, duties = ["answer", "refine"], availability = 0.6, pattern = "weekly" },
]
"#;

#[test]
fn a_merge_carries_away_and_other_time_as_one_run_writes_it() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("people-in-time.toml");
    fs::write(&file, PEOPLE_IN_TIME).unwrap();
    let whole = root.path().join("whole");
    ok(&run_file(&file, &whole, &[]));
    let people = read(&whole.join("people.csv"));
    for activity in [",away,", ",other,", ",switching,", ",idle,"] {
        assert!(people.contains(activity), "no {activity} row in\n{people}");
    }
    for n in [2, 3] {
        let parts = root.path().join(format!("parts-{n}"));
        for i in 0..n {
            ok(&run_file(&file, &parts, &["--shard", &format!("{i}/{n}")]));
        }
        let merged = root.path().join(format!("merged-{n}"));
        ok(&merge(std::slice::from_ref(&parts), &merged));
        same_files(&whole, &merged);
    }
}

/// Item efforts drawn from a data file beside the scenario.
const EMPIRICAL: &str = r#"
name = "observed-efforts"
[run]
weeks = 5
warmup_weeks = 1
trials = 6
seed = 4

[team]
devs_per_squad = 3

[work]
item_effort_hours = { dist = "empirical", file = "data/efforts.csv" }
question_every_hours = { dist = "exp", mean = 8 }

[[stakeholders]]
name = "sales"
requests_per_week = 5

[[structures]]
name = "combined"
people = [ { role = "pm-po", count = 1, duties = ["triage", "answer", "refine"] } ]
"#;

#[test]
fn shards_that_read_other_data_are_refused_and_the_same_data_merges() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("observed-efforts.toml");
    fs::write(&file, EMPIRICAL).unwrap();
    fs::create_dir(root.path().join("data")).unwrap();
    let data = root.path().join("data/efforts.csv");
    let (ours, theirs) = ("effort\n12\n20\n36\n", "effort\n4\n6\n9\n");
    fs::write(&data, ours).unwrap();
    let whole = root.path().join("whole");
    ok(&run_file(&file, &whole, &[]));
    let parts = root.path().join("parts");
    ok(&run_file(&file, &parts, &["--shard", "0/2"]));
    let manifest = read(&part(&parts, 0, 2).join("manifest.toml"));
    assert!(
        manifest.contains("[[scenarios.data]]") && manifest.contains("file = \"data/efforts.csv\""),
        "{manifest}"
    );

    // The second shard reads other values: the two parts are not of one run.
    fs::write(&data, theirs).unwrap();
    let other = root.path().join("other");
    ok(&run_file(&file, &other, &["--shard", "1/2"]));
    let out = root.path().join("out");
    let given = [part(&parts, 0, 2), part(&other, 1, 2)];
    refused(
        &merge(&given, &out),
        &[
            "not a part of the same run",
            "data file",
            "data/efforts.csv",
        ],
    );
    assert!(!out.exists());

    // Both shards read the same values, and the file has changed since.
    fs::write(&data, ours).unwrap();
    ok(&run_file(&file, &parts, &["--shard", "1/2"]));
    fs::write(&data, theirs).unwrap();
    refused(
        &merge(std::slice::from_ref(&parts), &out),
        &[
            "data/efforts.csv",
            "other contents than when the shards read it",
        ],
    );
    assert!(!out.exists());

    // Put back, the parts merge into what one run writes.
    fs::write(&data, ours).unwrap();
    ok(&merge(std::slice::from_ref(&parts), &out));
    same_files(&whole, &out);
}
