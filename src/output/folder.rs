//! The output folder, replaced whole at the end of a run.

use super::OutputError;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A temporary folder beside the output folder `DIR`, named `DIR.tmp-<pid>`, that
/// receives the results of a run. [`Staging::commit`] moves it to `DIR`, replacing
/// the previous results; dropped without a commit (an error, a refused run), it is
/// removed and `DIR` is left as it was.
///
/// `DIR` is only ever replaced if it holds nothing but files a run writes (`*.csv`,
/// `*.txt`, `report.html`) and hidden files (a spreadsheet's lock file): pointed by mistake at a
/// source or scenario folder, orgsim refuses instead of deleting it.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `dir` may be replaced and creates the temporary folder (and any
    /// missing parent of `dir`). Nothing in `dir` is touched.
    pub fn new(dir: &Path) -> Result<Staging, OutputError> {
        // Normalise `results/` to `results`, so the sibling is `results.tmp-…`, not a
        // folder inside.
        let dir: PathBuf = dir.components().collect();
        if dir.file_name().is_none() {
            return Err(OutputError::BadPath { path: dir });
        }
        check_replaceable(&dir)?;
        let tmp = sibling(&dir, &format!("tmp-{}", std::process::id()));
        // A folder of that name can only be left by an earlier process that had our
        // pid and was killed: it is ours to clear.
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_err("remove", &tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| io_err("create", &tmp, e))?;
        Ok(Staging {
            dir,
            tmp,
            committed: false,
        })
    }

    /// The temporary folder to write into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The output folder the results will replace.
    pub fn target(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the temporary one. The old folder is first
    /// moved aside, so that if the final rename fails it is put back.
    pub fn commit(mut self) -> Result<(), OutputError> {
        check_replaceable(&self.dir)?;
        let old = sibling(&self.dir, &format!("old-{}", std::process::id()));
        let had_old = match fs::symlink_metadata(&self.dir) {
            Ok(_) => {
                fs::rename(&self.dir, &old).map_err(|e| io_err("move aside", &self.dir, e))?;
                true
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_err("read", &self.dir, e)),
        };
        if let Err(e) = fs::rename(&self.tmp, &self.dir) {
            if had_old {
                // Best effort: the error below is what the user needs to see.
                let _ = fs::rename(&old, &self.dir);
            }
            return Err(io_err("move results to", &self.dir, e));
        }
        self.committed = true;
        if had_old {
            // The new results are in place; a leftover old folder is only clutter.
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// `DIR.<suffix>`, beside `dir`.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = dir.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `dir` is absent, or a folder holding only what a run writes.
fn check_replaceable(dir: &Path) -> Result<(), OutputError> {
    let foreign = |entry: String| OutputError::NotResults {
        path: dir.to_path_buf(),
        entry,
    };
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err("read", dir, e)),
    };
    if !meta.is_dir() {
        return Err(foreign("(it is not a folder)".to_string()));
    }
    let entries = fs::read_dir(dir).map_err(|e| io_err("read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_err("read", dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry
            .file_type()
            .map_err(|e| io_err("read", &entry.path(), e))?
            .is_file();
        let ours = name.ends_with(".csv")
            || name.ends_with(".txt")
            || name == super::html::REPORT_FILE
            || name.starts_with('.');
        if !(is_file && ours) {
            return Err(foreign(name));
        }
    }
    Ok(())
}

fn io_err(action: &'static str, path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::write(path, text).unwrap();
    }

    #[test]
    fn commit_replaces_the_old_results_whole() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        fs::create_dir(&dir).unwrap();
        write(&dir.join("trials.csv"), "old");
        write(&dir.join("stale.csv"), "old");
        let staging = Staging::new(&dir).unwrap();
        write(&staging.path().join("trials.csv"), "new");
        assert_eq!(fs::read_to_string(dir.join("trials.csv")).unwrap(), "old");
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(dir.join("trials.csv")).unwrap(), "new");
        assert!(!dir.join("stale.csv").exists());
        // Nothing left beside it.
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn dropping_without_commit_leaves_the_old_results() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        write(&dir.join("summary.csv"), "old");
        {
            let staging = Staging::new(&dir).unwrap();
            write(&staging.path().join("summary.csv"), "half");
        }
        assert_eq!(fs::read_to_string(dir.join("summary.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_folder_and_its_parents_are_created() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b/results/");
        let staging = Staging::new(&dir).unwrap();
        assert!(staging.path().starts_with(root.path().join("a/b")));
        assert!(staging.path().to_string_lossy().contains("results.tmp-"));
        staging.commit().unwrap();
        assert!(root.path().join("a/b/results").is_dir());
    }

    #[test]
    fn a_folder_with_other_files_is_refused_and_untouched() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("scenarios");
        fs::create_dir(&dir).unwrap();
        write(&dir.join("growth.toml"), "keep me");
        let err = Staging::new(&dir).unwrap_err();
        assert!(err.to_string().contains("growth.toml"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.join("growth.toml")).unwrap(),
            "keep me"
        );
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_or_the_current_folder_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("results");
        write(&file, "x");
        assert!(matches!(
            Staging::new(&file),
            Err(OutputError::NotResults { .. })
        ));
        assert!(matches!(
            Staging::new(Path::new(".")),
            Err(OutputError::BadPath { .. })
        ));
        assert!(matches!(
            Staging::new(Path::new("/")),
            Err(OutputError::BadPath { .. })
        ));
    }

    #[test]
    fn spreadsheet_lock_files_do_not_block_a_run() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        fs::create_dir(&dir).unwrap();
        write(&dir.join(".~lock.trials.csv#"), "");
        Staging::new(&dir).unwrap().commit().unwrap();
    }
}
