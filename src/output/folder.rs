//! The output folder: results are written aside and moved in only at the end, while a
//! lock keeps any other run from writing to the same folder.
//!
//! Beside an output folder `DIR` a run keeps two things, both removed on every way a
//! run can end that a process lives through (success, error, interruption):
//! - `DIR.tmp-<pid>/`, the staging folder the results are written into;
//! - `DIR.lock`, holding the run's pid and an exclusive file lock for as long as the run
//!   lasts.
//!
//! A process that is killed outright (`kill -9`, an abort, a power cut) leaves them
//! behind: the next run into `DIR` takes over a lock whose process is gone and removes
//! staging folders whose process is gone. A live process's lock and folder are never
//! touched.

use super::OutputError;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A temporary folder beside the output folder `DIR`, named `DIR.tmp-<pid>`, that
/// receives the results of a run, and the lock on `DIR` that is held meanwhile.
/// [`Staging::commit`] moves the results into `DIR`; dropped without a commit (an
/// error, a refused or interrupted run), the folder is removed and `DIR` is left as it
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
    /// Released (its file removed) after `tmp` is gone: fields drop after `drop`.
    _lock: FolderLock,
}

impl Staging {
    /// Checks that `dir` can hold the results, locks it against other runs, removes
    /// staging folders of `dir` left by processes that are gone, and creates the
    /// temporary folder (and any missing parent of `dir`). Nothing in `dir` is touched.
    ///
    /// Refusals are [`OutputError::Io`] errors whose kind says why: another run writing
    /// to `dir` is [`io::ErrorKind::ResourceBusy`] (naming its pid), a file on the way
    /// to `dir` [`io::ErrorKind::NotADirectory`], a mount point
    /// [`io::ErrorKind::CrossesDevices`], a folder this process may not write to
    /// [`io::ErrorKind::PermissionDenied`].
    pub fn new(dir: &Path) -> Result<Staging, OutputError> {
        // `results/` is `results`, and `.` is the folder it names, so the sibling is
        // `results.tmp-…` beside it, never a folder inside.
        let shown: PathBuf = dir.components().collect();
        let dir: PathBuf = fs::canonicalize(dir).unwrap_or_else(|_| shown.clone());
        let (Some(name), Some(parent)) = (dir.file_name(), dir.parent()) else {
            return Err(OutputError::BadPath { path: dir });
        };
        check_folder(&dir)?;
        check_writable(&dir)?;
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        fs::create_dir_all(parent).map_err(|e| io_err("create", parent, e))?;
        // From here on `dir` names one folder however it was spelled, so that the lock
        // and the staging folders of two runs meet.
        let dir = fs::canonicalize(parent)
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name);
        check_same_device(&dir)?;
        let lock = FolderLock::acquire(&dir, &shown)?;
        remove_stale_staging(&dir);
        let tmp = staging_folder(&dir, std::process::id());
        // A folder of that name can only be left by an earlier process that had our
        // pid and was killed: it is ours to clear.
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_err("remove", &tmp, e))?;
        }
        fs::create_dir(&tmp).map_err(|e| io_err("create", &tmp, e))?;
        Ok(Staging {
            dir,
            shown,
            tmp,
            committed: false,
            _lock: lock,
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
    /// yet, else file by file over the previous results. Every file is checked to be
    /// replaceable before the first is moved, so a refusal leaves `DIR` as it was.
    pub fn commit(mut self) -> Result<(), OutputError> {
        check_folder(&self.dir)?;
        if !self.dir.exists() {
            fs::rename(&self.tmp, &self.dir)
                .map_err(|e| io_err("move results to", &self.dir, e))?;
            self.committed = true;
            return Ok(());
        }
        let mut moves = Vec::new();
        for entry in fs::read_dir(&self.tmp).map_err(|e| io_err("read", &self.tmp, e))? {
            let entry = entry.map_err(|e| io_err("read", &self.tmp, e))?;
            let to = self.dir.join(entry.file_name());
            // A rename cannot put a file over a folder; found now, nothing is moved.
            if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                let e = io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "a folder has the name of a result file; move it away or choose \
                     another folder with --out",
                );
                return Err(io_err("replace", &to, e));
            }
            moves.push((entry.path(), to));
        }
        for (from, to) in moves {
            fs::rename(from, &to).map_err(|e| io_err("move results to", &to, e))?;
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

/// The lock of an output folder `DIR`: the file `DIR.lock` beside it, holding the pid
/// of the run, with an exclusive lock on it (`flock`) held by the open file for as
/// long as the run lasts. The operating system lets go of the file lock when the
/// process ends however it ends, so a lock file left by a killed run is simply taken
/// over; dropping the lock removes the file.
#[derive(Debug)]
struct FolderLock {
    path: PathBuf,
    /// Holds the file lock; closed (and so unlocked) after the file is removed.
    _file: File,
}

impl FolderLock {
    /// Takes the lock of `dir` (named `shown` in messages), or says which run holds it.
    fn acquire(dir: &Path, shown: &Path) -> Result<FolderLock, OutputError> {
        let path = sibling(dir, "lock");
        let me = std::process::id();
        // A run that ends removes its lock file before it lets go of the file lock; a
        // file opened just before that is no longer the lock: open again. Twice is
        // enough for that race; more means runs keep coming and going.
        for _ in 0..3 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| io_err("create the lock file", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let holder = match read_holder(&mut file) {
                        Holder::Process(pid) => Some(pid),
                        Holder::Nobody | Holder::Unknown => None,
                    };
                    return Err(busy(shown, &path, holder));
                }
                Err(TryLockError::Error(e)) => return Err(io_err("lock", &path, e)),
            }
            if !is_at(&file, &path) {
                continue;
            }
            // No run of orgsim holds the lock. A pid in the file is that of a run that
            // was killed, or of a writer that does not take file locks; a live one is
            // respected all the same. Anything else in it is not ours to overwrite.
            match read_holder(&mut file) {
                Holder::Process(pid) if pid != me && process_alive(pid) => {
                    return Err(busy(shown, &path, Some(pid)));
                }
                Holder::Unknown => {
                    let e = io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "it is not a lock file of orgsim; move it away or choose another \
                         folder with --out",
                    );
                    return Err(io_err("use", &path, e));
                }
                Holder::Process(_) | Holder::Nobody => {}
            }
            write_pid(&mut file, me).map_err(|e| io_err("write", &path, e))?;
            return Ok(FolderLock { path, _file: file });
        }
        Err(busy(shown, &path, None))
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked, so that no other run can lock this file and then
        // find it gone (see `acquire`).
        let _ = fs::remove_file(&self.path);
    }
}

/// The refusal of a run while another holds the lock at `lock`.
fn busy(shown: &Path, lock: &Path, pid: Option<u32>) -> OutputError {
    let holder = match pid {
        Some(pid) => format!("pid {pid}, "),
        None => String::new(),
    };
    let message = format!(
        "another orgsim run ({holder}see {}) is writing to it; wait for it to end or \
         choose another folder with --out",
        lock.display()
    );
    io_err(
        "write to",
        shown,
        io::Error::new(io::ErrorKind::ResourceBusy, message),
    )
}

/// What a lock file says of its holder.
enum Holder {
    /// Empty: just created, or its writer was killed before writing.
    Nobody,
    /// The pid of the run that wrote it.
    Process(u32),
    /// Something else: not a lock file of orgsim.
    Unknown,
}

/// Reads what a lock file says of its holder.
fn read_holder(file: &mut File) -> Holder {
    let mut bytes = Vec::new();
    // A pid takes ten digits at most; more is not a lock file of orgsim.
    let read = file
        .rewind()
        .and_then(|()| file.take(64).read_to_end(&mut bytes));
    let text = bytes.trim_ascii();
    match (read, parse_pid(text)) {
        (Ok(_), Some(pid)) => Holder::Process(pid),
        (Ok(_), None) if text.is_empty() => Holder::Nobody,
        _ => Holder::Unknown,
    }
}

fn write_pid(file: &mut File, pid: u32) -> io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{pid}")?;
    file.flush()
}

/// A pid written in decimal digits (a name or a file), or `None`.
fn parse_pid(text: &[u8]) -> Option<u32> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(text)
        .ok()?
        .parse()
        .ok()
        .filter(|&p| p > 0)
}

/// Whether `file` is still the file at `path`.
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_at(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Whether a process with this pid exists (a zombie counts until it is reaped).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    // Out of range is not a process; 0 and negative numbers would name groups.
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 sends nothing; `kill` only checks that the process exists and
    // may be signalled.
    let sent = unsafe { libc::kill(pid, 0) };
    // EPERM: it exists but belongs to another user.
    sent == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every process counts as alive: nothing of it is touched.
#[cfg(not(unix))]
fn process_alive(_: u32) -> bool {
    true
}

/// `DIR.tmp-<pid>`, the staging folder of `dir` for process `pid`.
fn staging_folder(dir: &Path, pid: u32) -> PathBuf {
    sibling(dir, &format!("tmp-{pid}"))
}

/// Removes the staging folders of `dir` (`DIR.tmp-<pid>`) whose process is gone: left
/// by a run that was killed or crashed, they would otherwise stay for good. Failures
/// are ignored: what remains is clutter, not a reason to refuse the run.
fn remove_stale_staging(dir: &Path) {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return;
    };
    let mut prefix: OsString = name.to_owned();
    prefix.push(".tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let Some(pid) = staging_pid(&entry.file_name(), &prefix) else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != me && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The pid of a staging folder named `<prefix><pid>`.
fn staging_pid(name: &OsStr, prefix: &OsStr) -> Option<u32> {
    let digits = name
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())?;
    parse_pid(digits)
}

/// `DIR.<suffix>`, beside `dir`.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = dir.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `dir` is absent or a folder: a file of that name is not replaced, and a
/// file on the way to it (`a-file/sub`) means it cannot be made.
fn check_folder(dir: &Path) -> Result<(), OutputError> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(OutputError::NotAFolder {
            path: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            let file = dir
                .ancestors()
                .skip(1)
                .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()));
            let e = match file {
                Some(file) => io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!(
                        "{} is a file, not a folder; choose a folder with --out",
                        file.display()
                    ),
                ),
                None => e,
            };
            Err(io_err("create", dir, e))
        }
        Err(e) => Err(io_err("read", dir, e)),
    }
}

/// Whether an existing `dir` lets this process put files in it: found before the run,
/// not when the results are moved in at the end.
#[cfg(unix)]
fn check_writable(dir: &Path) -> Result<(), OutputError> {
    use std::os::unix::ffi::OsStrExt;
    if !dir.is_dir() {
        return Ok(());
    }
    let Ok(c_path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: `c_path` is a NUL-terminated string that outlives the call.
    if unsafe { libc::access(c_path.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
        Ok(())
    } else {
        Err(io_err("write to", dir, io::Error::last_os_error()))
    }
}

#[cfg(not(unix))]
fn check_writable(_: &Path) -> Result<(), OutputError> {
    Ok(())
}

/// Whether an existing `dir` is on the file system of its parent, where the staging
/// folder goes: a rename cannot cross file systems, so a mount point (a container's
/// volume, say) would fail only once the run is over.
#[cfg(unix)]
fn check_same_device(dir: &Path) -> Result<(), OutputError> {
    use std::os::unix::fs::MetadataExt;
    let (Ok(folder), Some(Ok(parent))) = (fs::metadata(dir), dir.parent().map(fs::metadata)) else {
        return Ok(());
    };
    if folder.dev() == parent.dev() {
        return Ok(());
    }
    let e = io::Error::new(
        io::ErrorKind::CrossesDevices,
        "it is a mount point, and results are written beside it and moved in, which \
         cannot cross file systems; choose a folder inside it with --out",
    );
    Err(io_err("write to", dir, e))
}

#[cfg(not(unix))]
fn check_same_device(_: &Path) -> Result<(), OutputError> {
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

    #[test]
    fn a_file_on_the_way_is_named_and_nothing_is_created() {
        let root = tempfile::tempdir().unwrap();
        write(&root.path().join("a-file"), "x");
        let Err(OutputError::Io { source, .. }) = Staging::new(&root.path().join("a-file/sub"))
        else {
            panic!("a folder under a file was accepted");
        };
        assert_eq!(source.kind(), io::ErrorKind::NotADirectory);
        assert!(source.to_string().contains("a-file is a file"), "{source}");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn one_folder_takes_one_run_at_a_time() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        let first = Staging::new(&dir).unwrap();
        let lock = root.path().join("results.lock");
        let me = std::process::id();
        assert_eq!(fs::read_to_string(&lock).unwrap(), format!("{me}\n"));
        let Err(OutputError::Io { source, .. }) = Staging::new(&dir) else {
            panic!("a second staging of a locked folder");
        };
        assert_eq!(source.kind(), io::ErrorKind::ResourceBusy);
        assert!(
            source.to_string().contains(&format!("pid {me}")),
            "{source}"
        );
        // Spelled another way, it is the same folder.
        assert!(Staging::new(&root.path().join("./results/")).is_err());
        first.commit().unwrap();
        assert!(!lock.exists());
        drop(Staging::new(&dir).unwrap());
        assert!(!lock.exists());
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_a_dead_process_are_cleared_and_a_live_ones_kept() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        assert!(!process_alive(dead));
        assert!(process_alive(std::process::id()));

        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        let stale = staging_folder(&dir, dead);
        fs::create_dir(&stale).unwrap();
        write(&stale.join("trials.csv"), "half");
        let not_a_pid = sibling(&dir, "tmp-x1");
        fs::create_dir(&not_a_pid).unwrap();
        write(&sibling(&dir, "lock"), &format!("{dead}\n"));
        let staging = Staging::new(&dir).unwrap();
        assert!(!stale.exists());
        assert!(not_a_pid.exists(), "not a staging folder");
        drop(staging);
        assert!(!sibling(&dir, "lock").exists());
    }

    #[test]
    fn commit_refuses_a_folder_in_the_way_and_moves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        fs::create_dir_all(dir.join("summary.csv")).unwrap();
        write(&dir.join("trials.csv"), "old");
        let staging = Staging::new(&dir).unwrap();
        write(&staging.path().join("trials.csv"), "new");
        write(&staging.path().join("summary.csv"), "new");
        let Err(OutputError::Io { source, path, .. }) = staging.commit() else {
            panic!("a file moved over a folder");
        };
        assert_eq!(source.kind(), io::ErrorKind::IsADirectory);
        assert!(path.ends_with("summary.csv"));
        assert_eq!(fs::read_to_string(dir.join("trials.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_of_the_lock_name_that_is_not_a_lock_is_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("results");
        let lock = sibling(&dir, "lock");
        write(&lock, "my notes");
        let Err(OutputError::Io { source, .. }) = Staging::new(&dir) else {
            panic!("a foreign file was taken as a lock");
        };
        assert_eq!(source.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&lock).unwrap(), "my notes");
        // An empty one is a lock whose writer died before writing its pid.
        write(&lock, "");
        drop(Staging::new(&dir).unwrap());
        assert!(!lock.exists());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_mount_point_is_refused_before_anything_is_written() {
        // `/proc` is always a file system of its own, mounted on `/`.
        let Err(OutputError::Io { source, .. }) = Staging::new(Path::new("/proc")) else {
            panic!("a mount point was accepted");
        };
        assert_eq!(source.kind(), io::ErrorKind::CrossesDevices);
        assert!(!Path::new("/proc.lock").exists());
    }

    #[test]
    fn pids_are_decimal_digits_only() {
        assert_eq!(parse_pid(b"4242"), Some(4242));
        for bad in [&b""[..], b"0", b"-1", b"+5", b" 5", b"5x", b"99999999999"] {
            assert_eq!(parse_pid(bad), None, "{bad:?}");
        }
    }
}
