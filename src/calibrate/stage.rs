//! orgsim's workflow stages and the `--stages` map from an export's own names (CSV
//! column headers, Jira statuses) to them.

use std::fmt;

/// A stage of orgsim's flow of work that a tracker records: where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Created, waiting in the product backlog (triage included).
    Backlog,
    /// Being refined.
    Refine,
    /// Refined, waiting for a developer.
    Ready,
    /// A developer works on it.
    Work,
    /// Its developer waits for a decision.
    Blocked,
    /// Finished work awaiting or under review and acceptance.
    Accept,
    /// Done: accepted and delivered.
    Done,
    /// Closed without being delivered (won't do, duplicate, cancelled).
    Dropped,
}

impl Stage {
    /// Number of stages.
    pub const COUNT: usize = 8;
    /// Every stage, in the order an item passes them (dropped last).
    pub const ALL: [Stage; Stage::COUNT] = [
        Stage::Backlog,
        Stage::Refine,
        Stage::Ready,
        Stage::Work,
        Stage::Blocked,
        Stage::Accept,
        Stage::Done,
        Stage::Dropped,
    ];

    /// The stage's name on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Backlog => "backlog",
            Stage::Refine => "refine",
            Stage::Ready => "ready",
            Stage::Work => "work",
            Stage::Blocked => "blocked",
            Stage::Accept => "accept",
            Stage::Done => "done",
            Stage::Dropped => "dropped",
        }
    }

    /// The stage so named (exactly, lowercase).
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Position in [`Stage::ALL`], for arrays indexed by stage.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether an item in this stage is closed: nothing more happens to it.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Done | Stage::Dropped)
    }

    /// Whether a developer is held by an item in this stage (working, or blocked on a
    /// decision while working).
    pub fn holds_developer(self) -> bool {
        matches!(self, Stage::Work | Stage::Blocked)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `--stages` map: export names (compared without regard to case and surrounding
/// spaces) to stages. Several names may map to one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMap {
    /// (name as written, its lowercase key, stage), in the order given.
    entries: Vec<(String, String, Stage)>,
    /// Whether the map was given; without it a name maps only when it is a stage's own.
    given: bool,
}

impl StageMap {
    /// The map used without `--stages`: every stage's own name (`Work`, `done` …).
    pub fn identity() -> Self {
        let entries = Stage::ALL
            .into_iter()
            .map(|s| (s.name().to_string(), s.name().to_string(), s))
            .collect();
        StageMap {
            entries,
            given: false,
        }
    }

    /// Parses `"Backlog=backlog,In Progress=work,Done=done"`. The message of an error
    /// is a sentence for the user.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries: Vec<(String, String, Stage)> = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let Some((name, stage)) = part.rsplit_once('=') else {
                return Err(format!(
                    "--stages entry \"{part}\" has no \"=\"; write NAME=STAGE, e.g. \"In Progress=work\""
                ));
            };
            let (name, stage_text) = (name.trim(), stage.trim());
            if name.is_empty() {
                return Err(format!(
                    "--stages entry \"{part}\" has no name before \"=\""
                ));
            }
            let Some(stage) = Stage::from_name(&stage_text.to_lowercase()) else {
                return Err(format!(
                    "--stages entry \"{part}\": stage \"{stage_text}\" is not one of {}",
                    Stage::ALL.map(Stage::name).join(", ")
                ));
            };
            let key = name.to_lowercase();
            if let Some((first, _, other)) = entries.iter().find(|e| e.1 == key) {
                return Err(format!(
                    "--stages names \"{name}\" twice (\"{first}={other}\" and \"{part}\"); each name maps to one stage"
                ));
            }
            entries.push((name.to_string(), key, stage));
        }
        if entries.is_empty() {
            return Err("--stages is empty; write NAME=STAGE pairs separated by commas".into());
        }
        for needed in [Stage::Work, Stage::Done] {
            if !entries.iter().any(|e| e.2 == needed) {
                return Err(format!(
                    "--stages maps no name to \"{needed}\"; effort and throughput need the {needed} stage"
                ));
            }
        }
        Ok(StageMap {
            entries,
            given: true,
        })
    }

    /// The stage an export name maps to.
    pub fn stage_of(&self, name: &str) -> Option<Stage> {
        let key = name.trim().to_lowercase();
        self.entries.iter().find(|e| e.1 == key).map(|e| e.2)
    }

    /// The names of the map, as written, in the order given.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.0.as_str())
    }

    /// The stages some name maps to (with repeats).
    pub fn stages(&self) -> impl Iterator<Item = Stage> + '_ {
        self.entries.iter().map(|e| e.2)
    }

    /// Whether the map came from `--stages` rather than the stages' own names.
    pub fn is_given(&self) -> bool {
        self.given
    }

    /// The map as `--stages` text, for messages.
    pub fn describe(&self) -> String {
        self.entries
            .iter()
            .map(|(name, _, stage)| format!("{name}={stage}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_without_regard_to_case_or_spaces() {
        let map = StageMap::parse("Backlog=backlog, In Progress = work ,Done=DONE").unwrap();
        assert_eq!(map.stage_of("in progress"), Some(Stage::Work));
        assert_eq!(map.stage_of(" DONE "), Some(Stage::Done));
        assert_eq!(map.stage_of("Review"), None);
        assert_eq!(map.describe(), "Backlog=backlog,In Progress=work,Done=done");
    }

    #[test]
    fn a_bad_map_says_what_is_wrong() {
        let err = StageMap::parse("Backlog=backlog,Doing=wip,Done=done").unwrap_err();
        assert!(err.contains("\"wip\" is not one of backlog"), "{err}");
        let err = StageMap::parse("Backlog=backlog,Done=done").unwrap_err();
        assert!(err.contains("no name to \"work\""), "{err}");
        let err = StageMap::parse("Doing=work,doing=done").unwrap_err();
        assert!(err.contains("twice"), "{err}");
        assert!(StageMap::parse("Doing").unwrap_err().contains("no \"=\""));
    }

    #[test]
    fn without_a_map_stages_go_by_their_own_names() {
        let map = StageMap::identity();
        assert_eq!(map.stage_of("Work"), Some(Stage::Work));
        assert_eq!(map.stage_of("In Progress"), None);
        assert!(!map.is_given());
    }
}
