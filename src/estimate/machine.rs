//! What this machine offers a run: worker threads and the memory it can still take.
//!
//! The memory is the least of what the kernel says is available to new work
//! (`MemAvailable` in `/proc/meminfo`), what the process's control group still allows
//! (cgroup v2 `memory.max` less `memory.current`) and what its address-space limit
//! (`ulimit -v`) leaves. Where none of these can be read, the machine's physical
//! memory stands in; where not even that, the memory is unknown and nothing is
//! refused for it.

use super::Bytes;
use std::path::Path;

/// The threads and memory a run gets on this machine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Machine {
    /// Worker threads of the batch.
    pub threads: usize,
    /// Memory the run may still take; `None` when it cannot be told.
    pub memory: Option<Bytes>,
}

impl Machine {
    /// This machine, running `threads` workers (`None`: one per CPU, as the batch
    /// runner does).
    pub fn this(threads: Option<usize>) -> Machine {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        Machine {
            threads: threads.unwrap_or(cpus).max(1),
            memory: available_memory(),
        }
    }
}

/// The least of the limits that can be read, or the physical memory.
fn available_memory() -> Option<Bytes> {
    let read = |path: &str| std::fs::read_to_string(Path::new(path)).ok();
    let limits = [
        read("/proc/meminfo").and_then(|text| meminfo_available(&text)),
        cgroup_room(
            read("/sys/fs/cgroup/memory.max").as_deref(),
            read("/sys/fs/cgroup/memory.current").as_deref(),
        ),
        address_space_room(read("/proc/self/status").as_deref()),
    ];
    limits
        .into_iter()
        .flatten()
        .reduce(|a, b| if b < a { b } else { a })
        .or_else(physical_memory)
}

/// `MemAvailable` of `/proc/meminfo` (given in kB).
fn meminfo_available(meminfo: &str) -> Option<Bytes> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(Bytes(kib * 1024.0))
}

/// What a cgroup v2 still allows: `memory.max` less `memory.current`; `None` without
/// a limit (`max`) or files to read.
fn cgroup_room(max: Option<&str>, current: Option<&str>) -> Option<Bytes> {
    let max: f64 = max?.trim().parse().ok()?;
    let current: f64 = current.and_then(|c| c.trim().parse().ok()).unwrap_or(0.0);
    Some(Bytes((max - current).max(0.0)))
}

/// What the address-space limit (`RLIMIT_AS`) leaves beside what the process already
/// maps (`VmSize` of `/proc/self/status`, in kB); `None` without a limit.
fn address_space_room(status: Option<&str>) -> Option<Bytes> {
    let limit = address_space_limit()?;
    let mapped = status
        .and_then(|text| text.lines().find(|l| l.starts_with("VmSize:")))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib * 1024.0);
    Some(Bytes((limit - mapped).max(0.0)))
}

/// The process's address-space limit in bytes, if it has one.
#[cfg(unix)]
fn address_space_limit() -> Option<f64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes into the struct it is given and nothing else.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) };
    (status == 0 && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as f64)
}

#[cfg(not(unix))]
fn address_space_limit() -> Option<f64> {
    None
}

/// The machine's physical memory: a weaker bound, for systems without `/proc`.
#[cfg(unix)]
fn physical_memory() -> Option<Bytes> {
    // SAFETY: `sysconf` only reads a system setting.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    (pages > 0 && size > 0).then_some(Bytes(pages as f64 * size as f64))
}

#[cfg(not(unix))]
fn physical_memory() -> Option<Bytes> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meminfo_gives_the_available_memory_in_bytes() {
        let text = "MemTotal:       24684084 kB\nMemFree:         8936360 kB\nMemAvailable:   23494844 kB\n";
        assert_eq!(meminfo_available(text), Some(Bytes(23_494_844.0 * 1024.0)));
        assert_eq!(meminfo_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn a_cgroup_allows_its_limit_less_its_use() {
        assert_eq!(
            cgroup_room(Some("1000\n"), Some("400\n")),
            Some(Bytes(600.0))
        );
        assert_eq!(cgroup_room(Some("max\n"), Some("400\n")), None);
        assert_eq!(cgroup_room(None, None), None);
        assert_eq!(cgroup_room(Some("100"), Some("400")), Some(Bytes(0.0)));
    }

    #[test]
    fn this_machine_has_a_thread_and_knows_its_memory() {
        let machine = Machine::this(None);
        assert!(machine.threads >= 1);
        assert_eq!(Machine::this(Some(3)).threads, 3);
        if cfg!(target_os = "linux") {
            assert!(machine.memory.is_some_and(|m| m.0 > 0.0), "{machine:?}");
        }
    }
}
