//! Helpers shared by the benches: loading the shipped scenarios and resizing them for
//! the growth curves, and the decision loop written by hand (`hand_loop`).
//!
//! Each bench needs only part of this module, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod hand_loop;

use orgsim::scenario::{load_file, Scenario, Staffing};
use std::path::Path;

/// The first (only) point of a shipped scenario, `scenarios/{name}.toml`.
pub fn shipped(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.toml"));
    let mut points =
        load_file(&path).unwrap_or_else(|e| panic!("{} was refused: {e:?}", path.display()));
    points.swap_remove(0)
}

/// `base` with `weeks` measured weeks (warm-up unchanged).
pub fn with_weeks(base: &Scenario, weeks: u32) -> Scenario {
    let mut sc = base.clone();
    sc.run.weeks = weeks;
    sc
}

/// `base` grown to `squads` squads with everything else in proportion: the
/// stakeholders' request rates, and every pool of product people (a pool of `n` for the
/// base's `b` squads becomes one person per `b / n` squads). The work and the staff
/// per squad stay the same, so that time per trial measures the simulator, not a team
/// drowning in requests or starving for them.
pub fn with_squads(base: &Scenario, squads: u32) -> Scenario {
    let mut sc = base.clone();
    let base_squads = base.structures[0].team.squads;
    for st in &mut sc.structures {
        st.team.squads = squads;
        for group in &mut st.people {
            if let Staffing::Count(n) = group.staffing {
                group.staffing = Staffing::SquadsEach((base_squads / n).max(1));
            }
        }
    }
    for g in &mut sc.stakeholders {
        g.requests_per_week *= f64::from(squads) / f64::from(base_squads);
    }
    sc
}
