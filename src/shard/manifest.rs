//! A part's `manifest.toml`: what was run (the scenario files' contents, the version,
//! seed and trial overrides, the block) and what was written (each file's rows and
//! checksum). It holds no time, host name or thread count, so a shard writes the same
//! manifest wherever it runs.

use super::block::Shard;
use super::PartError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

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
    /// SHA-256 of the scenario files' contents, in the order of the run (paths do not
    /// count): [`inputs_digest`].
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

    /// What must agree between the parts of one run: the version, the inputs, the
    /// overrides, the grid and how it is split. Paths do not count.
    pub fn run_identity(&self) -> RunIdentity<'_> {
        RunIdentity {
            part_format: self.part_format,
            orgsim: &self.orgsim,
            inputs: &self.inputs,
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
            Some("its scenario files have other contents".to_string())
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

/// The digest of a run's scenario files: SHA-256 over each file's own SHA-256 (hex, one
/// line each), in the order of the run. Contents only: the same files under other
/// paths give the same digest.
pub fn inputs_digest<'a>(file_digests: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for digest in file_digests {
        hasher.update(digest.as_bytes());
        hasher.update(b"\n");
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

    fn manifest() -> Manifest {
        Manifest {
            part_format: PART_FORMAT,
            orgsim: VERSION.to_string(),
            inputs: inputs_digest([sha256_hex(b"a").as_str()]),
            seed: Some(u64::MAX.to_string()),
            trials: None,
            units: 10,
            shards: 2,
            shard: 1,
            first_unit: 5,
            end_unit: 10,
            scenarios: vec![ScenarioEntry {
                file: "x/a.toml".into(),
                copy: "scenario-0.toml".into(),
                sha256: sha256_hex(b"a"),
                name: "a".into(),
                points: 1,
                units: 10,
                seed: "7".into(),
            }],
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
        let (a, b) = (sha256_hex(b"a"), sha256_hex(b"b"));
        assert_ne!(
            inputs_digest([a.as_str(), b.as_str()]),
            inputs_digest([b.as_str(), a.as_str()])
        );
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
