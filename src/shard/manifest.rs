//! A part's `manifest.toml`: what was run (the scenario files' contents and the data
//! files they read, the version, seed and trial overrides, the block) and what was
//! written (each file's rows and checksum). It holds no time, host name or thread
//! count, so a shard writes the same manifest wherever it runs.

use super::block::Shard;
use super::PartError;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// The file name of a part's manifest.
pub const MANIFEST: &str = "manifest.toml";

/// The layout of a part this version writes and reads; raised when the files of a
/// part change meaning (2: `sets.csv`, the parameter sets' trials).
pub const PART_FORMAT: u32 = 2;

/// The version of orgsim that writes and merges parts.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything a merge checks of a part before reading its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`PART_FORMAT`] of the writer.
    pub part_format: u32,
    /// The orgsim version that ran the shard.
    pub orgsim: String,
    /// SHA-256 of the scenario files' contents, in the order of the run, and of the
    /// data files each read (paths do not count): [`inputs_digest`].
    pub inputs: String,
    /// `--seed`, if given (a string: a seed may exceed TOML's integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// `--trials`, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trials: Option<u32>,
    /// The (point, trial) units of the whole run.
    pub units: u64,
    /// The number of shards the run is split into.
    pub shards: u32,
    /// This part's shard, from 0.
    pub shard: u32,
    /// The first unit of the block.
    pub first_unit: u64,
    /// One past the last unit of the block.
    pub end_unit: u64,
    /// The scenario files, in the order of the run.
    pub scenarios: Vec<ScenarioEntry>,
    /// The files of rows, in the order they are read back.
    pub files: Vec<FileEntry>,
}

/// One scenario file of the run, and its copy in the part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEntry {
    /// The path the run was given (relative `empirical` files are found from it). Not
    /// part of what must agree between parts.
    pub file: String,
    /// The copy of its contents in the part.
    pub copy: String,
    /// SHA-256 of its contents.
    pub sha256: String,
    /// The scenario's name.
    pub name: String,
    /// Its sweep points.
    pub points: u64,
    /// Its units: trials summed over its points.
    pub units: u64,
    /// Its first point's seed after `--seed` (a string: a seed may exceed TOML's
    /// integers).
    pub seed: String,
    /// The data files its points and their parameter sets read (the values of
    /// `empirical` distributions), sorted by name: the run's results depend on them as
    /// on the scenario's text, and every part must have read the same. Left out of
    /// the manifest when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataEntry>,
}

impl ScenarioEntry {
    /// Where the shard read the data file `data`: its name resolved beside the
    /// scenario file as the shard was given it.
    pub fn data_path(&self, data: &DataEntry) -> PathBuf {
        Path::new(&self.file)
            .parent()
            .unwrap_or(Path::new(""))
            .join(&data.file)
    }
}

/// One data file a scenario read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataEntry {
    /// The name the scenario gives it (`file = "x.csv"`), relative to the scenario's
    /// folder unless absolute: the same wherever the scenario is run.
    pub file: String,
    /// SHA-256 of its contents as read.
    pub sha256: String,
}

impl DataEntry {
    /// The data files that `points` (the points of one scenario file) and their
    /// parameter sets read, each (name, contents) once, sorted.
    pub fn of(points: &[Scenario]) -> Vec<DataEntry> {
        let mut out = Vec::new();
        for point in points {
            let sets = point.uncertainty.iter().flat_map(|u| &u.sets);
            let read = sets.flat_map(|set| &set.scenario.data_files);
            out.extend(point.data_files.iter().chain(read).map(|f| DataEntry {
                file: f.name.clone(),
                sha256: hex(&f.sha256),
            }));
        }
        out.sort();
        out.dedup();
        out
    }
}

/// One file of rows in the part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// The file's name in the part.
    pub name: String,
    /// Its rows, the header not counted.
    pub rows: u64,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

impl Manifest {
    /// The shard the part says it is, if the numbers make one.
    pub fn shard(&self) -> Option<Shard> {
        Shard::new(self.shard, self.shards).ok()
    }

    /// What must agree between the parts of one run: the version, the inputs (the
    /// scenario files and the data files they read), the overrides, the grid and how
    /// it is split. Paths do not count.
    pub fn run_identity(&self) -> RunIdentity<'_> {
        RunIdentity {
            part_format: self.part_format,
            orgsim: &self.orgsim,
            inputs: &self.inputs,
            scenarios: &self.scenarios,
            seed: self.seed.as_deref(),
            trials: self.trials,
            units: self.units,
            shards: self.shards,
        }
    }

    /// Reads the manifest of the part folder `dir`.
    pub fn read(dir: &Path) -> Result<Manifest, PartError> {
        let path = dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let what = if dir.is_dir() {
                    "holds no manifest.toml: it is not a part written by `orgsim run --shard`"
                } else if dir.exists() {
                    "is not a folder: give the part folders that `orgsim run --shard` wrote"
                } else {
                    "no such folder"
                };
                return Err(PartError::new(dir, what));
            }
            Err(e) => return Err(PartError::new(&path, format!("cannot read it: {e}"))),
        };
        toml::from_str(&text).map_err(|e| {
            PartError::new(&path, format!("not a manifest of orgsim: {}", e.message()))
        })
    }

    /// The manifest as TOML text.
    pub fn to_text(&self) -> String {
        // Plain values, lists of plain values and lists of tables: nothing TOML cannot
        // hold, so serialising cannot fail.
        toml::to_string(self).unwrap_or_default()
    }
}

/// The part of a [`Manifest`] that every part of one run shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunIdentity<'a> {
    part_format: u32,
    orgsim: &'a str,
    inputs: &'a str,
    /// The scenario entries the inputs digest, to say which file differs.
    scenarios: &'a [ScenarioEntry],
    seed: Option<&'a str>,
    trials: Option<u32>,
    units: u64,
    shards: u32,
}

impl RunIdentity<'_> {
    /// In words, the first thing in which `self` differs from `other`.
    pub fn difference(&self, other: &RunIdentity<'_>) -> Option<String> {
        let show = |x: Option<&str>| x.map_or("not given".to_string(), str::to_string);
        if self.orgsim != other.orgsim || self.part_format != other.part_format {
            Some(format!(
                "it was written by orgsim {}, the other by orgsim {}",
                self.orgsim, other.orgsim
            ))
        } else if self.inputs != other.inputs {
            Some(inputs_difference(self.scenarios, other.scenarios))
        } else if self.seed != other.seed {
            Some(format!(
                "its --seed is {}, the other's {}",
                show(self.seed),
                show(other.seed)
            ))
        } else if self.trials != other.trials {
            let trials = |t: Option<u32>| show(t.map(|t| t.to_string()).as_deref());
            Some(format!(
                "its --trials is {}, the other's {}",
                trials(self.trials),
                trials(other.trials)
            ))
        } else if self.shards != other.shards {
            Some(format!(
                "it splits the run into {} shards, the other into {}",
                self.shards, other.shards
            ))
        } else if self.units != other.units {
            Some(format!(
                "its run has {} units, the other's {}",
                self.units, other.units
            ))
        } else {
            None
        }
    }
}

/// SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// How two lists of data files, each sorted as [`DataEntry::of`] sorts them, first
/// differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDifference<'a> {
    /// One file read by both, with other contents: the first list's, the second's.
    Contents(&'a DataEntry, &'a DataEntry),
    /// A file in the first list only.
    OnlyFirst(&'a DataEntry),
    /// A file in the second list only.
    OnlySecond(&'a DataEntry),
}

impl<'a> DataDifference<'a> {
    /// The first difference between `first` and `second`, `None` if they are equal.
    pub fn of(first: &'a [DataEntry], second: &'a [DataEntry]) -> Option<Self> {
        let (mut a, mut b) = (first.iter(), second.iter());
        loop {
            let difference = match (a.next(), b.next()) {
                (None, None) => return None,
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) if x.file == y.file => DataDifference::Contents(x, y),
                (Some(x), Some(y)) if y.file < x.file => DataDifference::OnlySecond(y),
                (Some(x), _) => DataDifference::OnlyFirst(x),
                (None, Some(y)) => DataDifference::OnlySecond(y),
            };
            return Some(difference);
        }
    }

    /// The file the difference is about.
    pub fn file(self) -> &'a DataEntry {
        match self {
            DataDifference::Contents(x, _)
            | DataDifference::OnlyFirst(x)
            | DataDifference::OnlySecond(x) => x,
        }
    }
}

/// In words, which input differs between two parts whose inputs digests differ: a
/// scenario file, or a data file one of them read (named where the shard of `ours`
/// found it).
fn inputs_difference(ours: &[ScenarioEntry], theirs: &[ScenarioEntry]) -> String {
    let same_files =
        ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| a.sha256 == b.sha256);
    if !same_files {
        return "its scenario files have other contents".to_string();
    }
    for (scenario, other) in ours.iter().zip(theirs) {
        let Some(difference) = DataDifference::of(&scenario.data, &other.data) else {
            continue;
        };
        let what = match difference {
            DataDifference::Contents(x, y) => format!(
                "held other contents when its shard read it (SHA-256 {}) than when the other's \
                 did ({})",
                x.sha256, y.sha256
            ),
            DataDifference::OnlyFirst(_) => "was read by it and not by the other".to_string(),
            DataDifference::OnlySecond(_) => "was read by the other and not by it".to_string(),
        };
        let data = difference.file();
        return format!(
            "the data file {} (`file = {:?}` in {}) {what}",
            scenario.data_path(data).display(),
            data.file,
            scenario.file
        );
    }
    "its scenario files or the data files they read have other contents".to_string()
}

/// The digest of a run's inputs: SHA-256 over, in the order of the run, each scenario
/// file's own SHA-256 (hex, one line), each followed by the data files it read (a
/// line each: the SHA-256 of the name, a space, the SHA-256 of the contents).
/// Contents only: the same files under other paths give the same digest; a run that
/// reads no data file has the digest of its scenario files alone.
pub fn inputs_digest(scenarios: &[ScenarioEntry]) -> String {
    let mut hasher = Sha256::new();
    for scenario in scenarios {
        hasher.update(scenario.sha256.as_bytes());
        hasher.update(b"\n");
        for data in &scenario.data {
            hasher.update(sha256_hex(data.file.as_bytes()).as_bytes());
            hasher.update(b" ");
            hasher.update(data.sha256.as_bytes());
            hasher.update(b"\n");
        }
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A reader that hashes every byte read through it, so that a file is checked in the
/// same pass that reads its rows.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> HashingReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// SHA-256 of the bytes read so far, in lowercase hex.
    pub fn digest(self) -> String {
        hex(&self.hasher.finalize())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Opens `path` for reading through a [`HashingReader`].
pub fn open_hashed(path: &Path) -> Result<HashingReader<BufReader<File>>, PartError> {
    let file =
        File::open(path).map_err(|e| PartError::new(path, format!("cannot read it: {e}")))?;
    Ok(HashingReader::new(BufReader::with_capacity(1 << 16, file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &[u8], data: &[(&str, &[u8])]) -> ScenarioEntry {
        ScenarioEntry {
            file: "x/a.toml".into(),
            copy: "scenario-0.toml".into(),
            sha256: sha256_hex(text),
            name: "a".into(),
            points: 1,
            units: 10,
            seed: "7".into(),
            data: data
                .iter()
                .map(|(file, bytes)| DataEntry {
                    file: file.to_string(),
                    sha256: sha256_hex(bytes),
                })
                .collect(),
        }
    }

    fn manifest() -> Manifest {
        let scenarios = vec![entry(b"a", &[("data/effort.csv", b"1\n2\n")])];
        Manifest {
            part_format: PART_FORMAT,
            orgsim: VERSION.to_string(),
            inputs: inputs_digest(&scenarios),
            seed: Some(u64::MAX.to_string()),
            trials: None,
            units: 10,
            shards: 2,
            shard: 1,
            first_unit: 5,
            end_unit: 10,
            scenarios,
            files: vec![FileEntry {
                name: "trials.csv".into(),
                rows: 10,
                sha256: sha256_hex(b""),
            }],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let m = manifest();
        std::fs::write(dir.path().join(MANIFEST), m.to_text()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        assert_eq!(m.shard(), Shard::new(1, 2).ok());
    }

    #[test]
    fn digests_are_of_contents_in_order() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let (a, b) = (entry(b"a", &[]), entry(b"b", &[]));
        assert_ne!(
            inputs_digest(&[a.clone(), b.clone()]),
            inputs_digest(&[b.clone(), a.clone()])
        );
        // Without data files, the digest of the scenario files alone (as parts that
        // read none have always had).
        let mut alone = Sha256::new();
        alone.update(format!("{}\n{}\n", a.sha256, b.sha256));
        assert_eq!(inputs_digest(&[a.clone(), b]), hex(&alone.finalize()));
        // A data file's contents and its name count; the scenario's path does not.
        let with = |name: &str, bytes: &[u8]| inputs_digest(&[entry(b"a", &[(name, bytes)])]);
        let read = with("x.csv", b"1\n");
        assert_ne!(read, inputs_digest(&[a]));
        assert_ne!(read, with("x.csv", b"2\n"));
        assert_ne!(read, with("y.csv", b"1\n"));
        let mut moved = entry(b"a", &[("x.csv", b"1\n")]);
        moved.file = "/elsewhere/a.toml".into();
        assert_eq!(read, inputs_digest(&[moved]));
        let mut reader = HashingReader::new(&b"abc"[..]);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(reader.digest(), sha256_hex(b"abc"));
    }

    #[test]
    fn identities_name_what_differs() {
        let a = manifest();
        let mut b = manifest();
        assert_eq!(a.run_identity().difference(&b.run_identity()), None);
        b.file_like_path_change();
        assert_eq!(a.run_identity().difference(&b.run_identity()), None);
        b.orgsim = "0.0.1".into();
        let diff = a.run_identity().difference(&b.run_identity()).unwrap();
        assert!(diff.contains("orgsim 0.0.1"), "{diff}");
        let mut c = manifest();
        c.trials = Some(3);
        let diff = a.run_identity().difference(&c.run_identity()).unwrap();
        assert!(
            diff.contains("--trials is not given, the other's 3"),
            "{diff}"
        );
    }

    #[test]
    fn a_data_file_read_with_other_contents_or_by_one_part_only_is_named() {
        let with = |data: &[(&str, &[u8])]| {
            let mut m = manifest();
            m.scenarios = vec![entry(b"a", data)];
            m.inputs = inputs_digest(&m.scenarios);
            m
        };
        let a = with(&[("effort.csv", b"1\n"), ("value.csv", b"5\n")]);
        let differ = |b: &Manifest| a.run_identity().difference(&b.run_identity());
        assert_eq!(differ(&a.clone()), None);

        let changed = with(&[("effort.csv", b"1\n"), ("value.csv", b"6\n")]);
        let diff = differ(&changed).unwrap();
        assert!(
            diff.contains("data file x/value.csv (`file = \"value.csv\"` in x/a.toml)"),
            "{diff}"
        );
        assert!(diff.contains("other contents"), "{diff}");
        assert!(diff.contains(&sha256_hex(b"5\n")), "{diff}");

        let fewer = with(&[("value.csv", b"5\n")]);
        let diff = differ(&fewer).unwrap();
        assert!(diff.contains("x/effort.csv"), "{diff}");
        assert!(diff.contains("read by it and not by the other"), "{diff}");
        let more = with(&[
            ("a.csv", b""),
            ("effort.csv", b"1\n"),
            ("value.csv", b"5\n"),
        ]);
        let diff = differ(&more).unwrap();
        assert!(diff.contains("x/a.csv"), "{diff}");
        assert!(diff.contains("read by the other and not by it"), "{diff}");

        let mut other_scenario = with(&[]);
        other_scenario.scenarios[0].sha256 = sha256_hex(b"b");
        other_scenario.inputs = inputs_digest(&other_scenario.scenarios);
        let diff = differ(&other_scenario).unwrap();
        assert_eq!(diff, "its scenario files have other contents");
    }

    #[test]
    fn something_else_is_not_a_manifest() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::read(dir.path())
            .unwrap_err()
            .to_string()
            .contains("no manifest.toml"));
        std::fs::write(dir.path().join(MANIFEST), "part_format = 1\n").unwrap();
        assert!(Manifest::read(dir.path())
            .unwrap_err()
            .to_string()
            .contains("not a manifest"));
    }

    impl Manifest {
        /// The same run given from another folder.
        fn file_like_path_change(&mut self) {
            self.scenarios[0].file = "/elsewhere/a.toml".into();
        }
    }
}
