//! Merging parts: every check that can be made before writing (one run, every block
//! once, the scenario files as the shards read them), then the rebuilt results of
//! every unit, in unit order, through the run's own [`ResultWriter`].

use super::block::Shard;
use super::manifest::{
    inputs_digest, sha256_hex, DataDifference, DataEntry, Manifest, ScenarioEntry, MANIFEST,
    PART_FORMAT, VERSION,
};
use super::part::{InputFile, Overrides};
use super::read::PartReader;
use super::PartError;
use crate::batch::{unit_count, units, TrialSink, UnitRange};
use crate::output::{columns, Finished, OutputError, ResultWriter, TooLongForSpreadsheets};
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a merge was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A part is missing a file, or a file is cut, changed or out of place.
    #[error(transparent)]
    Part(#[from] PartError),
    /// The parts do not make one run: another run's or version's block, a block
    /// missing, two different results for one block; or the data files the scenarios
    /// read are not those the shards read.
    #[error("{0}")]
    Refused(String),
    /// A scenario file copied into a part is no longer valid (an `empirical` file it
    /// names is gone), with the report of its errors.
    #[error("{0}")]
    Scenario(String),
    /// Writing the merged results failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl MergeError {
    /// Whether the user's input is at fault (exit 2), not the machine (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, MergeError::Output(_))
    }
}

/// The parts of one run, checked, one per block in block order, with the scenario
/// points they were run on: everything known before a merge writes anything.
#[derive(Debug)]
pub struct MergePlan {
    /// The part of each block, in block order, its manifest with it.
    parts: Vec<(PathBuf, Manifest)>,
    points: Vec<Scenario>,
}

impl MergePlan {
    /// Reads and checks the manifests of the part folders `dirs`, given in any order,
    /// and loads the scenario files the shards ran from the first part's copies. A
    /// folder that is not a part but holds parts stands for them (a shard's `--out`:
    /// no shell is needed to list its parts).
    pub fn new(dirs: &[PathBuf]) -> Result<MergePlan, MergeError> {
        let dirs = part_folders(dirs)?;
        let mut parts: Vec<(PathBuf, Manifest, Shard)> = Vec::with_capacity(dirs.len());
        for dir in &dirs {
            let mut manifest = Manifest::read(dir)?;
            let shard = check_block(dir, &manifest)?;
            if let Some((first_dir, first, _)) = parts.first() {
                let ours = manifest.run_identity();
                if let Some(difference) = ours.difference(&first.run_identity()) {
                    return Err(MergeError::Refused(format!(
                        "{} ({shard}) is not a part of the same run as {}: {difference}",
                        dir.display(),
                        first_dir.display()
                    )));
                }
                // The same as the first part's, by the identity: only one is kept.
                manifest.scenarios.clear();
            }
            parts.push((dir.clone(), manifest, shard));
        }
        let Some((_, first, _)) = parts.first() else {
            return Err(MergeError::Refused("no part to merge".to_string()));
        };
        let shards = first.shards;
        let points = load_points(&parts[0].0, first)?;

        // In block order; a block's parts by folder, so the order given does not matter.
        parts.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
        let mut kept: Vec<(PathBuf, Manifest)> = Vec::with_capacity(parts.len());
        let mut kept_shards: Vec<Shard> = Vec::with_capacity(parts.len());
        for (dir, manifest, shard) in parts {
            if kept_shards.last() == Some(&shard) {
                let Some((other, theirs)) = kept.last() else {
                    continue;
                };
                if let Some(file) = differing_file(theirs, &manifest) {
                    return Err(MergeError::Refused(format!(
                        "{shard} is given twice with different results: {file} differs \
                         between {} and {}; keep the right one",
                        other.display(),
                        dir.display()
                    )));
                }
                // An identical retry of the block: its rows are the same.
                continue;
            }
            kept_shards.push(shard);
            kept.push((dir, manifest));
        }
        let missing: Vec<String> = (0..shards)
            .filter(|i| kept_shards.binary_search_by_key(i, |s| s.index()).is_err())
            .map(|i| i.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(MergeError::Refused(format!(
                "{} of {shards} blocks missing (number{} {}); give every block's part",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )));
        }
        Ok(MergePlan {
            parts: kept,
            points,
        })
    }

    /// The scenario points the run was made of, with the overrides applied.
    pub fn points(&self) -> &[Scenario] {
        &self.points
    }

    /// The part chosen for each block, in block order.
    pub fn parts(&self) -> impl Iterator<Item = &Path> {
        self.parts.iter().map(|(dir, _)| dir.as_path())
    }

    /// Writes the merged results into `dir` (normally a staging folder): the rows of
    /// every part, rebuilt and handed unit by unit to a [`ResultWriter`], which then
    /// writes the files of the statistics. Returns every point's statistics and
    /// findings, and the files too long for a spreadsheet, or `None` once `stop` is raised (checked
    /// between units).
    pub fn write(&self, dir: &Path, stop: &AtomicBool) -> Result<Option<Merged>, MergeError> {
        let points = &self.points;
        let sweep_columns = columns::sweep_columns(points);
        let mut writer = ResultWriter::create(dir, points)?;
        let mut results = Vec::new();
        for (part, manifest) in &self.parts {
            let block = UnitRange {
                start: manifest.first_unit,
                end: manifest.end_unit,
            };
            let mut reader = PartReader::open(part, manifest, points, &sweep_columns)?;
            for unit in units(points, block) {
                if stop.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                let (point, trial) = (unit.point, unit.trial);
                match unit.set {
                    None => {
                        reader.unit(point, trial, &mut results)?;
                        writer.trial(point, trial, &results)?;
                    }
                    Some(set) => {
                        reader.set_unit(point, set, trial, &mut results)?;
                        writer.set_trial(point, set, trial, &results)?;
                    }
                }
            }
            reader.finish(manifest)?;
        }
        let too_long = writer.too_long_for_spreadsheets();
        Ok(Some(Merged {
            finished: writer.finish()?,
            too_long,
        }))
    }
}

/// What a merge wrote: every point's statistics and findings, for the report, and the
/// files too long for a spreadsheet, for the notes after it.
pub struct Merged {
    /// Every point's statistics and findings, in point order.
    pub finished: Finished,
    /// The files with more rows than a spreadsheet shows.
    pub too_long: Vec<TooLongForSpreadsheets>,
}

/// The part folders named by `dirs`: a part folder (it holds a manifest) for itself, a
/// folder of part folders for them, in name order.
fn part_folders(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, MergeError> {
    let mut out = Vec::with_capacity(dirs.len());
    for dir in dirs {
        if dir.join(MANIFEST).exists() || !dir.is_dir() {
            out.push(dir.clone());
            continue;
        }
        let entries = std::fs::read_dir(dir)
            .map_err(|e| PartError::new(dir, format!("cannot read it: {e}")))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.join(MANIFEST).is_file())
            .collect();
        if found.is_empty() {
            return Err(PartError::new(
                dir,
                "holds no manifest.toml and no part folders: give the folders that \
                 `orgsim run --shard` wrote",
            )
            .into());
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// The part's shard, checked against its version and its block's bounds.
fn check_block(dir: &Path, manifest: &Manifest) -> Result<Shard, MergeError> {
    let shown = dir.display();
    let Some(shard) = manifest.shard() else {
        return Err(MergeError::Refused(format!(
            "{shown}: its manifest names shard {} of {}, which does not exist",
            manifest.shard, manifest.shards
        )));
    };
    if manifest.orgsim != VERSION || manifest.part_format != PART_FORMAT {
        return Err(MergeError::Refused(format!(
            "{shown} ({shard}) was written by orgsim {}, and this is orgsim {VERSION}: \
             run every shard and the merge with one version",
            manifest.orgsim
        )));
    }
    let block = shard.block(manifest.units);
    if (block.start, block.end) != (manifest.first_unit, manifest.end_unit) {
        return Err(MergeError::Refused(format!(
            "{shown}: its manifest gives units {}..{} for {shard} of a run of {} units, \
             which is units {}..{}",
            manifest.first_unit, manifest.end_unit, manifest.units, block.start, block.end
        )));
    }
    Ok(shard)
}

/// The first file in which two parts of one block differ, if any.
fn differing_file(a: &Manifest, b: &Manifest) -> Option<String> {
    let names = a.files.iter().chain(&b.files).map(|f| f.name.as_str());
    for name in names {
        let find = |m: &Manifest| m.files.iter().find(|f| f.name == name).cloned();
        if find(a) != find(b) {
            return Some(name.to_string());
        }
    }
    None
}

/// The run's points, from the scenario files copied into the part `dir`: each copy
/// checked against its SHA-256, validated as the file the shard was given (so that
/// relative `empirical` files are found where the shard found them), the data files it
/// reads now checked against those the shard read, with the manifest's overrides
/// applied.
fn load_points(dir: &Path, manifest: &Manifest) -> Result<Vec<Scenario>, MergeError> {
    let digest = inputs_digest(&manifest.scenarios);
    let manifest_path = dir.join(MANIFEST);
    if digest != manifest.inputs {
        return Err(PartError::new(
            &manifest_path,
            "its scenario and data checksums do not add up to its inputs: the manifest was \
             changed",
        )
        .into());
    }
    let seed =
        match &manifest.seed {
            Some(text) => Some(text.parse::<u64>().map_err(|_| {
                PartError::new(&manifest_path, format!("seed {text:?} is not a seed"))
            })?),
            None => None,
        };
    let overrides = Overrides {
        trials: manifest.trials,
        seed,
    };
    let mut points = Vec::new();
    for entry in &manifest.scenarios {
        let path = dir.join(&entry.copy);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| PartError::new(&path, format!("cannot read it: {e}")))?;
        if sha256_hex(text.as_bytes()) != entry.sha256 {
            return Err(PartError::new(
                &path,
                "it is not the scenario file the shard ran: its checksum differs",
            )
            .into());
        }
        let input = InputFile {
            path: PathBuf::from(&entry.file),
            text,
        };
        let loaded = input.points_seeded(seed).map_err(|errors| {
            MergeError::Scenario(format!(
                "{}the copy in {} of {} no longer loads",
                errors.render(),
                path.display(),
                entry.file
            ))
        })?;
        let read = DataEntry::of(&loaded);
        if let Some(difference) = DataDifference::of(&entry.data, &read) {
            return Err(data_changed(dir, entry, difference));
        }
        points.extend(loaded);
    }
    overrides.apply(&mut points);
    if unit_count(&points) != manifest.units {
        return Err(PartError::new(
            &manifest_path,
            format!(
                "its scenario files make a run of {} units, and it says {}",
                unit_count(&points),
                manifest.units
            ),
        )
        .into());
    }
    Ok(points)
}

/// The refusal of a merge whose scenario reads data files other than those the shard of
/// the part `dir` read (the first difference, `difference`, between the manifest's
/// list and the merge's): the merge would rebuild the points from other data than the
/// trials were run on.
fn data_changed(dir: &Path, entry: &ScenarioEntry, difference: DataDifference<'_>) -> MergeError {
    let data = difference.file();
    let what = match difference {
        DataDifference::Contents(then, now) => format!(
            "holds other contents than when the shards read it: SHA-256 {} now, {} in the \
             manifest of {}; put back the file the shards read, or run them again",
            now.sha256,
            then.sha256,
            dir.display()
        ),
        DataDifference::OnlyFirst(_) => format!(
            "was read by the shards (the manifest of {} lists it), and the scenario no \
             longer reads it",
            dir.display()
        ),
        DataDifference::OnlySecond(_) => format!(
            "is read by the scenario, and the manifest of {} does not list it among the \
             data files the shards read; run the shards again with this version",
            dir.display()
        ),
    };
    MergeError::Refused(format!(
        "the data file {} (`file = {:?}` in {}) {what}",
        entry.data_path(data).display(),
        data.file,
        entry.file
    ))
}
