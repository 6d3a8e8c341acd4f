//! The output folder: results are written aside and moved in only at the end.

use super::OutputError;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A temporary folder beside the output folder `DIR`, named `DIR.tmp-<pid>`, that
/// receives the results of a run. [`Staging::commit`] moves them into `DIR`; dropped
/// without a commit (an error, a refused run), it is removed and `DIR` is left as it
/// was, so an interrupted run leaves the last good results whole.
///
/// When `DIR` does not exist the whole folder is renamed into place (atomic). When it
/// does, each file of the run replaces its namesake by a rename (each atomic), and
/// anything else in `DIR` (notes, a spreadsheet made from the CSVs, the scenario files
/// themselves) is left alone: orgsim only ever replaces the files it writes.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// `dir` as the user named it, for messages.
    shown: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `dir` can hold the results and creates the temporary folder (and any
    /// missing parent of `dir`). Nothing in `dir` is touched.
    pub fn new(dir: &Path) -> Result<Staging, OutputError> {
        // `results/` is `results`, and `.` is the folder it names, so the sibling is
        // `results.tmp-…` beside it, never a folder inside.
        let shown: PathBuf = dir.components().collect();
        let dir: PathBuf = fs::canonicalize(dir).unwrap_or_else(|_| shown.clone());
        if dir.file_name().is_none() {
            return Err(OutputError::BadPath { path: dir });
        }
        check_folder(&dir)?;
        let tmp = sibling(&dir, &format!("tmp-{}", std::process::id()));
        // A folder of that name can only be left by an earlier process that had our
        // pid and was killed: it is ours to clear.
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_err("remove", &tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| io_err("create", &tmp, e))?;
        Ok(Staging {
            dir,
            shown,
            tmp,
            committed: false,
        })
    }

    /// The temporary folder to write into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The output folder the results go to, as the user named it.
    pub fn target(&self) -> &Path {
        &self.shown
    }

    /// Moves the results into the output folder: the whole folder when there is none
    /// yet, else file by file over the previous results.
    pub fn commit(mut self) -> Result<(), OutputError> {
        check_folder(&self.dir)?;
        if !self.dir.exists() {
            fs::rename(&self.tmp, &self.dir)
                .map_err(|e| io_err("move results to", &self.dir, e))?;
            self.committed = true;
            return Ok(());
        }
        let entries = fs::read_dir(&self.tmp).map_err(|e| io_err("read", &self.tmp, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_err("read", &self.tmp, e))?;
            let to = self.dir.join(entry.file_name());
            fs::rename(entry.path(), &to).map_err(|e| io_err("move results to", &to, e))?;
        }
        self.committed = true;
        // Empty now; what is left is only clutter.
        let _ = fs::remove_dir_all(&self.tmp);
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

/// Whether `dir` is absent or a folder: a file of that name is not replaced.
fn check_folder(dir: &Path) -> Result<(), OutputError> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(OutputError::NotAFolder {
            path: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err("read", dir, e)),
    }
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
    fn commit_replaces_the_old_results_and_keeps_everything_else() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        fs::create_dir(&dir).unwrap();
        write(&dir.join("trials.csv"), "old");
        write(&dir.join("my-chart.csv"), "mine");
        write(&dir.join("growth.toml"), "keep me");
        let staging = Staging::new(&dir).unwrap();
        write(&staging.path().join("trials.csv"), "new");
        assert_eq!(fs::read_to_string(dir.join("trials.csv")).unwrap(), "old");
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(dir.join("trials.csv")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(dir.join("my-chart.csv")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(dir.join("growth.toml")).unwrap(),
            "keep me"
        );
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
    fn a_file_or_the_root_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("results");
        write(&file, "x");
        assert!(matches!(
            Staging::new(&file),
            Err(OutputError::NotAFolder { .. })
        ));
        assert_eq!(fs::read_to_string(&file).unwrap(), "x");
        assert!(matches!(
            Staging::new(Path::new("/")),
            Err(OutputError::BadPath { .. })
        ));
    }
}
