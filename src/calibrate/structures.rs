//! The structures a calibrated scenario can describe: the one the team has (from the
//! command line) and the alternatives written beside it to compare against.

use std::fmt;

/// A product-organisation structure of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureKind {
    /// One PM-PO holds every product duty for every squad.
    Combined,
    /// A PM (triage, discovery, escalation) and a PO per squad (answers, refinement,
    /// acceptance, ceremonies).
    Separated,
}

impl StructureKind {
    /// Every structure of the catalogue.
    pub const ALL: [StructureKind; 2] = [StructureKind::Combined, StructureKind::Separated];

    /// The structure assumed when `--structure` is not given: one PM-PO holding every
    /// product duty, the usual starting point of the question whether to separate the
    /// roles. The scenario's comment names it either way, so the assumption is seen.
    pub const DEFAULT: StructureKind = StructureKind::Combined;

    /// The structure's name on the command line and in the scenario.
    pub const fn name(self) -> &'static str {
        match self {
            StructureKind::Combined => "combined",
            StructureKind::Separated => "separated",
        }
    }

    /// The structure so named; the error is a sentence for the user.
    pub fn from_name(name: &str) -> Result<Self, String> {
        StructureKind::ALL
            .into_iter()
            .find(|s| s.name() == name.trim())
            .ok_or_else(|| {
                format!(
                    "--structure \"{name}\" is not one of {}",
                    StructureKind::ALL.map(StructureKind::name).join(", ")
                )
            })
    }

    /// Who holds what, in words, for the scenario's comments.
    pub fn describe(self) -> &'static str {
        match self {
            StructureKind::Combined => "one PM-PO holds every product duty",
            StructureKind::Separated => {
                "a PM (triage, discovery, escalation) and a PO per squad (answers, refinement, acceptance, ceremonies)"
            }
        }
    }

    /// The `people` list of the structure, as TOML lines.
    pub fn people(self) -> &'static str {
        match self {
            StructureKind::Combined => {
                "people = [\n  { role = \"pm-po\", count = 1, duties = [\"triage\", \"discovery\", \"escalation\", \"answer\", \"refine\", \"accept\", \"ceremony\"] },\n]"
            }
            StructureKind::Separated => {
                "people = [\n  { role = \"pm\", count = 1, duties = [\"triage\", \"discovery\", \"escalation\"] },\n  { role = \"po\", per_squad = 1, duties = [\"answer\", \"refine\", \"accept\", \"ceremony\"] },\n]"
            }
        }
    }

    /// The other structures of the catalogue: the alternatives to compare against.
    pub fn alternatives(self) -> impl Iterator<Item = StructureKind> {
        StructureKind::ALL.into_iter().filter(move |s| *s != self)
    }
}

impl fmt::Display for StructureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
