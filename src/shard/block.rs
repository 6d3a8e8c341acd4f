//! Which block of the grid a shard runs: `--shard i/n`, or the index a job array puts
//! in the environment, and the contiguous range of units it stands for.

use crate::batch::UnitRange;
use std::fmt;

/// The i-th of n blocks of a run's (point, trial) grid, counted from 0: what
/// `--shard i/n` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// The shard `index` of `count`, or why there is none: the count is at least 1 and
    /// the index below it.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 {
            return Err("the number of shards must be at least 1".to_string());
        }
        if index >= count {
            return Err(format!(
                "shard {index} of {count} does not exist: shards are numbered from 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Reads `i/n`, as `--shard` takes it.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let form = || format!("expected INDEX/COUNT, as in 0/4 (the first of four), got {text:?}");
        let (index, count) = text.trim().split_once('/').ok_or_else(form)?;
        let number = |part: &str| part.trim().parse::<u32>().map_err(|_| form());
        Shard::new(number(index)?, number(count)?)
    }

    /// The shard's number, from 0.
    pub fn index(self) -> u32 {
        self.index
    }

    /// The number of shards the run is split into.
    pub fn count(self) -> u32 {
        self.count
    }

    /// The shard's block of a grid of `units` units: the i-th of n contiguous ranges
    /// whose sizes differ by one at most (the larger ones last). With more shards than
    /// units some blocks are empty.
    pub fn block(self, units: u64) -> UnitRange {
        let edge = |i: u32| {
            // u128: units × count may not fit in 64 bits.
            let at = u128::from(units) * u128::from(i) / u128::from(self.count);
            u64::try_from(at).unwrap_or(units)
        };
        UnitRange {
            start: edge(self.index),
            end: edge(self.index + 1),
        }
    }

    /// The name of the shard's part folder inside the `--out` folder, numbered with as
    /// many digits as the count so that the parts list in order: `shard-03-of-16`.
    pub fn folder_name(self) -> String {
        let width = self.count.to_string().len();
        format!("shard-{:0width$}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    /// "block 3 of 16", counted from 0 as `--shard` counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block {} of {}", self.index, self.count)
    }
}

/// Where a job array keeps a task's index, and where its count.
struct ArrayVariables {
    /// The scheduler, for messages.
    scheduler: &'static str,
    /// The variable holding the task's index.
    index: &'static str,
    /// The variable holding the number of tasks, if the scheduler sets one.
    count: Option<&'static str>,
    /// The variable holding the first index, subtracted from the task's index.
    first: Option<&'static str>,
}

/// The job arrays whose index is read, in the order they are looked for.
const ARRAYS: [ArrayVariables; 3] = [
    ArrayVariables {
        scheduler: "Slurm",
        index: "SLURM_ARRAY_TASK_ID",
        count: Some("SLURM_ARRAY_TASK_COUNT"),
        first: Some("SLURM_ARRAY_TASK_MIN"),
    },
    ArrayVariables {
        scheduler: "Kubernetes",
        index: "JOB_COMPLETION_INDEX",
        count: None,
        first: None,
    },
    ArrayVariables {
        scheduler: "AWS Batch",
        index: "AWS_BATCH_JOB_ARRAY_INDEX",
        count: Some("AWS_BATCH_JOB_ARRAY_SIZE"),
        first: None,
    },
];

/// The shard a run is asked for: `--shard` if given, else the index of a job array in
/// the environment (Slurm, then a Kubernetes Indexed Job, then AWS Batch), its count
/// from `--shards` or else from the environment. `Ok(None)`: a whole run.
///
/// `env` looks a variable up (the process's environment, or a test's). An index
/// without a count, a count without an index, or a number that is not one, is an
/// error that names the variable.
pub fn requested(
    shard: Option<Shard>,
    shards: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, String> {
    if let Some(shard) = shard {
        return Ok(Some(shard));
    }
    let Some((array, index)) = ARRAYS
        .iter()
        .find_map(|array| env(array.index).map(|value| (array, value)))
    else {
        return match shards {
            Some(_) => Err(
                "--shards gives the number of shards of a job array, but no \
                 array index is set (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or \
                 AWS_BATCH_JOB_ARRAY_INDEX); give --shard INDEX/COUNT instead"
                    .to_string(),
            ),
            None => Ok(None),
        };
    };
    let number = |variable: &str, value: &str| {
        value.trim().parse::<u32>().map_err(|_| {
            format!("{variable} is {value:?}; a job array's index and count are whole numbers")
        })
    };
    let mut index = number(array.index, &index)?;
    if let Some(first) = array.first {
        let Some(value) = env(first) else {
            return Err(format!(
                "{} is set but {first} is not; run the shards as a {} array job",
                array.index, array.scheduler
            ));
        };
        let first_index = number(first, &value)?;
        index = index
            .checked_sub(first_index)
            .ok_or_else(|| format!("{} ({index}) is below {first} ({first_index})", array.index))?;
    }
    let count = match (shards, array.count.and_then(|c| env(c).map(|v| (c, v)))) {
        (Some(count), _) => count,
        (None, Some((variable, value))) => number(variable, &value)?,
        (None, None) => {
            let hint = match array.count {
                Some(variable) => format!("{variable} is not set; give the count with --shards N"),
                None => {
                    "give the number of shards with --shards N (the Job's completions)".to_string()
                }
            };
            return Err(format!(
                "{} is set ({} array index {index}) but the number of shards is unknown: {hint}",
                array.index, array.scheduler
            ));
        }
    };
    Shard::new(index, count)
        .map(Some)
        .map_err(|e| format!("from {} ({} job array): {e}", array.index, array.scheduler))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn shards_are_read_and_checked() {
        assert_eq!(Shard::parse("3/4"), Shard::new(3, 4));
        assert_eq!(Shard::parse(" 0 / 1 ").unwrap(), Shard::new(0, 1).unwrap());
        for bad in ["5/4", "4/4", "0/0", "1", "a/4", "-1/4", "1/4/5", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert!(Shard::parse("5/4").unwrap_err().contains("from 0 to 3"));
    }

    #[test]
    fn blocks_tile_the_grid_in_order() {
        for units in [0u64, 1, 7, 100, 1001] {
            for count in [1u32, 2, 3, 4, 7, 16, 1000] {
                let mut next = 0;
                for i in 0..count {
                    let block = Shard::new(i, count).unwrap().block(units);
                    assert_eq!(block.start, next, "{units} units, {i}/{count}");
                    assert!(block.len() <= units / u64::from(count) + 1);
                    next = block.end;
                }
                assert_eq!(next, units);
            }
        }
        let huge = Shard::new(2, 3).unwrap().block(u64::MAX);
        assert_eq!(huge.end, u64::MAX);
    }

    #[test]
    fn folder_names_sort_as_numbers() {
        assert_eq!(Shard::new(3, 16).unwrap().folder_name(), "shard-03-of-16");
        assert_eq!(Shard::new(0, 4).unwrap().folder_name(), "shard-0-of-4");
    }

    #[test]
    fn job_arrays_give_the_index_and_an_explicit_shard_wins() {
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert_eq!(
            requested(None, None, env(&slurm)),
            Ok(Shard::new(1, 4).ok())
        );
        let explicit = Shard::new(2, 3).ok();
        assert_eq!(requested(explicit, None, env(&slurm)), Ok(explicit));
        let k8s = [("JOB_COMPLETION_INDEX", "2")];
        assert_eq!(
            requested(None, Some(3), env(&k8s)),
            Ok(Shard::new(2, 3).ok())
        );
        let aws = [
            ("AWS_BATCH_JOB_ARRAY_INDEX", "0"),
            ("AWS_BATCH_JOB_ARRAY_SIZE", "10"),
        ];
        assert_eq!(requested(None, None, env(&aws)), Ok(Shard::new(0, 10).ok()));
        assert_eq!(requested(None, None, env(&[])), Ok(None));
    }

    #[test]
    fn an_index_without_a_count_or_a_bad_number_is_refused() {
        let err = requested(None, None, env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap_err();
        assert!(err.contains("--shards"), "{err}");
        let err = requested(None, None, env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "1")])).unwrap_err();
        assert!(err.contains("AWS_BATCH_JOB_ARRAY_SIZE"), "{err}");
        let err = requested(
            None,
            None,
            env(&[
                ("SLURM_ARRAY_TASK_ID", "1"),
                ("SLURM_ARRAY_TASK_COUNT", "2"),
            ]),
        )
        .unwrap_err();
        assert!(err.contains("SLURM_ARRAY_TASK_MIN"), "{err}");
        let err = requested(None, Some(4), env(&[("JOB_COMPLETION_INDEX", "x")])).unwrap_err();
        assert!(err.contains("JOB_COMPLETION_INDEX"), "{err}");
        let err = requested(None, Some(4), env(&[("JOB_COMPLETION_INDEX", "4")])).unwrap_err();
        assert!(err.contains("from 0 to 3"), "{err}");
        assert!(requested(None, Some(4), env(&[])).is_err());
    }
}
