//! What each scenario point is, beside its statistics: `scenarios.csv` (its
//! description and run) and `warmup.csv` (the warm-up check's notes).
//!
//! The page is built from the files of a results folder alone (so that `orgsim
//! report DIR` rebuilds it), and these two facts are in no other file: the scenario's
//! own words, and what the warm-up check found in the weekly series, which no file
//! holds.

use super::columns::{SCENARIOS, WARMUP};
use super::writer::{CsvWriter, StatisticsFiles};
use super::OutputError;
use crate::analysis::{warmup, Series};

/// Writes `scenarios.csv`: one row per scenario point.
pub(super) fn write_scenarios(files: &StatisticsFiles) -> Result<(), OutputError> {
    let mut file = CsvWriter::create(files.dir, &SCENARIOS, files.sweep_columns)?;
    for (point, sweep, _) in files.each_point() {
        file.text(&point.name)?;
        file.sweep(point, sweep)?;
        file.text(&point.description)?;
        file.int(u64::from(point.run.trials))?;
        file.int(u64::from(point.run.weeks))?;
        file.int(u64::from(point.run.warmup_weeks))?;
        file.int(point.run.seed)?;
        file.end()?;
    }
    file.finish()
}

/// Writes `warmup.csv`: one row per structure, point and weekly series, with the
/// warm-up [`warmup::check`] suggests where it finds the start-up transient longer
/// than `warmup_weeks` (empty cells elsewhere), so that every series checked has its
/// row.
pub(super) fn write_warmup(files: &StatisticsFiles) -> Result<(), OutputError> {
    let mut file = CsvWriter::create(files.dir, &WARMUP, files.sweep_columns)?;
    for (point, sweep, stats) in files.each_point() {
        let notes = warmup::check(point, stats);
        for (k, structure) in point.structures.iter().enumerate() {
            for series in Series::ALL {
                let note = notes
                    .iter()
                    .find(|n| n.structure == k && n.series == series);
                file.text(&point.name)?;
                file.text(&structure.name)?;
                file.sweep(point, sweep)?;
                file.text(series.name())?;
                match note {
                    Some(note) => {
                        file.int(note.weeks() as u64)?;
                        file.text(if note.unsettled() { "false" } else { "true" })?;
                    }
                    None => {
                        file.text("")?;
                        file.text("")?;
                    }
                }
                file.end()?;
            }
        }
    }
    file.finish()
}

#[cfg(test)]
mod tests {
    use crate::batch::{run_batch_with, tests::fake_trial, BatchOptions};
    use crate::model::WeekStats;
    use crate::output::tests::point;
    use crate::output::ResultWriter;

    #[test]
    fn each_point_has_its_description_and_run_and_the_warm_up_notes_their_rows() {
        let mut a = point("a", &[("team.squads", "1")], 12, 2);
        a.description = "One squad, \"two\" ways".to_string();
        a.run.warmup_weeks = 2;
        let b = point("a", &[("team.squads", "2")], 12, 2);
        let points = [a, b];
        let dir = tempfile::tempdir().unwrap();
        let mut w = ResultWriter::create(dir.path(), &points).unwrap();
        // Structure s1 of the first point does 30 items more a week in its first
        // 15 weeks than after them: a transient longer than the warm-up, in every trial.
        run_batch_with(&points, &BatchOptions::default(), &mut w, |s, k, t| {
            let mut r = fake_trial(s, k, t);
            let transient = k == 1 && s.sweep[0].1 == "1";
            r.weekly = (0..60)
                .map(|week| WeekStats {
                    done: 20 + if transient && week < 15 { 30 } else { 0 } + (week * 7 + t) % 5,
                    answered: 10,
                    latency_sum: 10.0 + f64::from((week * 3 + t) % 4),
                })
                .collect();
            r
        })
        .unwrap();
        w.finish().unwrap();
        let text = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            text("scenarios.csv"),
            "scenario,team.squads,description,trials,weeks,warmup_weeks,seed\n\
             a,1,\"One squad, \"\"two\"\" ways\",12,1,2,1\n\
             a,2,,12,1,0,1\n"
        );
        assert_eq!(
            text("warmup.csv"),
            "scenario,structure,team.squads,series,suggested_warmup_weeks,settled\n\
             a,s0,1,weekly throughput,,\n\
             a,s0,1,weekly decision latency,,\n\
             a,s1,1,weekly throughput,15,true\n\
             a,s1,1,weekly decision latency,,\n\
             a,s0,2,weekly throughput,,\n\
             a,s0,2,weekly decision latency,,\n\
             a,s1,2,weekly throughput,,\n\
             a,s1,2,weekly decision latency,,\n"
        );
    }
}
