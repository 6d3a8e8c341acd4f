//! Which assumptions decide the verdict (docs/model.md §18): what the parameter sets of
//! a point's `[uncertainty]` say about each pair of structures.
//!
//! - [`Tally`] folds one set's trials as they arrive, as a point's are
//!   ([`PointStats`]), and gives the set's [`SetOutcome`]: per pair of structures and
//!   metric, the verdict (the rules of §14, the margins of `[compare]`) and the mean
//!   paired difference. Sets arrive one after another, so one tally is alive at a
//!   time and memory does not grow with the trials.
//! - [`Findings::of`] sums the outcomes of every set of a point: per pair and metric,
//!   the share of sets with each verdict, the spread of the difference over sets, and
//!   each parameter's influence on it ([`influence`]: the standardised rank
//!   regression coefficient with a bootstrap interval), parameters ranked.
//! - [`sentence`] says it in one line for a product leader, for the printed report
//!   and the page alike.
//!
//! Drawing the sets is the scenario's job (`scenario::uncertainty`), running them the
//! batch's, writing `samples.csv` and `uncertainty.csv` the output's.

pub mod influence;

use crate::analysis::{judge, thresholds};
use crate::model::streams::trial_key;
use crate::model::{Metric, TrialResult};
use crate::numeric::quantile_sorted;
use crate::scenario::Scenario;
use crate::stats::{PointStats, Verdict, Welford};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The ChaCha stream number of the bootstrap of the influences: not a trial's (0), not
/// the sets' draw.
const BOOTSTRAP_STREAM: u64 = 0x626f_6f74; // "boot"

/// One parameter set's trials, folded as they arrive.
#[derive(Debug, Clone)]
pub struct Tally {
    stats: PointStats,
}

impl Tally {
    /// An empty tally for the set `set` (its scenario), counting its warning signs
    /// so that whether a structure settled is judged as at a point.
    pub fn new(set: &Scenario) -> Tally {
        Tally {
            stats: PointStats::with_thresholds(thresholds(set)),
        }
    }

    /// Folds in one trial: `results[k]` is structure k's result.
    pub fn add_trial(&mut self, results: &[TrialResult]) {
        self.stats.add_trial(results);
    }

    /// Trials folded in.
    pub fn trials(&self) -> u64 {
        self.stats.trials()
    }

    /// The statistics so far: each structure's means for `samples.csv`.
    pub fn stats(&self) -> &PointStats {
        &self.stats
    }

    /// The set's outcome: per pair of structures and metric, the verdict and the mean
    /// difference, judged as a point's with the set's own settings.
    pub fn outcome(&self, set: &Scenario) -> SetOutcome {
        let stats = &self.stats;
        let pairs = stats
            .pairs()
            .flat_map(|(a, b)| {
                Metric::ALL.map(|metric| PairOutcome {
                    verdict: judge(set, stats, a, b, metric).verdict,
                    diff: stats.pair(a, b, metric).diff().mean(),
                })
            })
            .collect();
        SetOutcome { pairs }
    }
}

/// What one parameter set says of every pair of structures.
#[derive(Debug, Clone, PartialEq)]
pub struct SetOutcome {
    /// Per pair (in [`PointStats::pairs`] order) and metric (in [`Metric::ALL`] order).
    pairs: Vec<PairOutcome>,
}

impl SetOutcome {
    /// The outcome of pair number `pair` on `metric`.
    fn of(&self, pair: usize, metric: Metric) -> PairOutcome {
        self.pairs[pair * Metric::COUNT + metric.index()]
    }
}

/// Structure A against B on one metric in one parameter set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairOutcome {
    /// A's verdict against B; `None` as in `compare.csv`.
    pub verdict: Option<Verdict>,
    /// The mean paired difference A − B; `NaN` with no paired trial.
    pub diff: f64,
}

/// What the parameter sets of one point say, per pair of structures and metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The parameters, as [`Uncertainty::parameters`](crate::scenario::Uncertainty).
    pub parameters: Vec<String>,
    /// Parameter sets run.
    pub sets: usize,
    /// Trials of each structure in each set.
    pub trials: u32,
    /// The primary outcome of the point, which the sentence of a pair is about.
    pub primary: Metric,
    /// Per pair of structures (a listed before b) and metric judged: the headline
    /// metrics, then the primary outcome if it is not among them.
    pub comparisons: Vec<Comparison>,
}

/// Structure A against B on one metric over the parameter sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Structure A's index.
    pub a: usize,
    /// Structure B's index.
    pub b: usize,
    /// The metric.
    pub metric: Metric,
    /// How many sets gave each verdict.
    pub verdicts: VerdictCounts,
    /// The mean difference A − B over the sets that have one.
    pub diff: Spread,
    /// R² of the rank regression: how much of the difference's ranking the
    /// parameters' ranks explain, additively. Below about 0.7 the influences are a
    /// rough guide (the parameters act together or not monotonically). `NaN` without
    /// a regression.
    pub r2: f64,
    /// Each parameter's influence, the most influential first.
    pub influences: Vec<Influence>,
}

/// How many parameter sets gave each verdict, of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerdictCounts {
    /// Per verdict, by [`Verdict::index`].
    counts: [usize; Verdict::COUNT],
    /// Every set, those without a verdict included.
    sets: usize,
}

impl VerdictCounts {
    /// Counts from the shares of `sets` sets, as `uncertainty.csv` writes them.
    pub fn from_shares(shares: [f64; Verdict::COUNT], sets: usize) -> VerdictCounts {
        VerdictCounts {
            counts: shares.map(|share| (share * sets as f64).round() as usize),
            sets,
        }
    }

    /// The share of all sets that gave `verdict`; `NaN` with no set.
    pub fn share(&self, verdict: Verdict) -> f64 {
        if self.sets == 0 {
            f64::NAN
        } else {
            self.counts[verdict.index()] as f64 / self.sets as f64
        }
    }

    /// The sets counted.
    pub fn sets(&self) -> usize {
        self.sets
    }

    /// The sets that gave a verdict: those in which both structures have values.
    pub fn judged(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The spread of a difference over the parameter sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean over sets.
    pub mean: f64,
    /// Standard deviation over sets.
    pub sd: f64,
    /// 5th percentile over sets.
    pub p5: f64,
    /// 95th percentile over sets.
    pub p95: f64,
}

/// One parameter's influence on a difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Influence {
    /// The parameter's index in [`Findings::parameters`].
    pub parameter: usize,
    /// Its standardised rank regression coefficient, about −1 to 1 (beyond only as far
    /// as the parameters' ranks happen to correlate in the sets drawn): positive when
    /// A − B grows with the parameter.
    pub coefficient: f64,
    /// Lower end of its 95% bootstrap interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Influence {
    /// Whether its interval leaves 0 out ([`is_clear`]).
    pub fn is_clear(&self) -> bool {
        is_clear(self.low, self.high)
    }
}

/// Whether an influence's interval `[low, high]` leaves 0 out: the parameter clearly
/// moves the difference. `false` without an interval.
pub fn is_clear(low: f64, high: f64) -> bool {
    low > 0.0 || high < 0.0
}

impl Findings {
    /// The findings of `point`'s parameter sets, `outcomes[s]` being set s's; `None`
    /// for a point without `[uncertainty]`. `primary` is the point's primary outcome.
    pub fn of(point: &Scenario, outcomes: &[SetOutcome], primary: Metric) -> Option<Findings> {
        let uncertainty = point.uncertainty.as_ref()?;
        let mut metrics = Metric::HEADLINE.to_vec();
        if !metrics.contains(&primary) {
            metrics.push(primary);
        }
        let structures = point.structures.len();
        let pairs = (0..structures).flat_map(|a| (a + 1..structures).map(move |b| (a, b)));
        let mut rng = ChaCha8Rng::seed_from_u64(trial_key(point.run.seed, &point.name, u32::MAX));
        rng.set_stream(BOOTSTRAP_STREAM);
        // The sets with an outcome: every set, once the run is through.
        let numbers: Vec<&[f64]> = uncertainty
            .sets
            .iter()
            .take(outcomes.len())
            .map(|s| s.numbers.as_slice())
            .collect();
        // Every pair and metric, in order, with each set's outcome.
        let judged: Vec<(usize, usize, Metric, Vec<PairOutcome>)> = pairs
            .enumerate()
            .flat_map(|(p, (a, b))| {
                metrics.iter().map(move |&metric| {
                    let each = outcomes.iter().map(|o| o.of(p, metric)).collect();
                    (a, b, metric, each)
                })
            })
            .collect();
        let differences: Vec<Vec<f64>> = judged
            .iter()
            .map(|(.., each)| each.iter().map(|o| o.diff).collect())
            .collect();
        let measured = influence::influences(&numbers, &differences, &mut rng);
        let mut comparisons = Vec::with_capacity(judged.len());
        for ((a, b, metric, each), (diffs, found)) in judged
            .into_iter()
            .zip(differences.into_iter().zip(measured))
        {
            let mut verdicts = VerdictCounts {
                sets: each.len(),
                ..VerdictCounts::default()
            };
            for verdict in each.iter().filter_map(|o| o.verdict) {
                verdicts.counts[verdict.index()] += 1;
            }
            let (coefficients, r2) = found.unwrap_or_else(|| {
                let none = [f64::NAN; 3];
                (vec![none; uncertainty.parameters.len()], f64::NAN)
            });
            let mut influences: Vec<Influence> = coefficients
                .into_iter()
                .enumerate()
                .map(|(parameter, [coefficient, low, high])| Influence {
                    parameter,
                    coefficient,
                    low,
                    high,
                })
                .collect();
            // Largest first; no answer last; a tie in the file's order.
            influences.sort_by(|x, y| {
                let size = |i: &Influence| {
                    if i.coefficient.is_nan() {
                        -1.0
                    } else {
                        i.coefficient.abs()
                    }
                };
                size(y)
                    .total_cmp(&size(x))
                    .then(x.parameter.cmp(&y.parameter))
            });
            // Sets without a paired trial have no difference to spread.
            let diffs = diffs.into_iter().filter(|d| d.is_finite()).collect();
            comparisons.push(Comparison {
                a,
                b,
                metric,
                verdicts,
                diff: spread(diffs),
                r2,
                influences,
            });
        }
        Some(Findings {
            parameters: uncertainty.parameters.clone(),
            sets: outcomes.len(),
            trials: uncertainty.trials,
            primary,
            comparisons,
        })
    }

    /// The comparison of A against B on `metric`, if it was judged.
    pub fn comparison(&self, a: usize, b: usize, metric: Metric) -> Option<&Comparison> {
        self.comparisons
            .iter()
            .find(|c| c.a == a && c.b == b && c.metric == metric)
    }
}

/// Mean, sd, p5 and p95 of the values.
fn spread(mut values: Vec<f64>) -> Spread {
    let mut moments = Welford::new();
    for &x in &values {
        moments.push(x);
    }
    values.sort_unstable_by(f64::total_cmp);
    Spread {
        mean: moments.mean(),
        sd: moments.sd(),
        p5: quantile_sorted(&values, 0.05),
        p95: quantile_sorted(&values, 0.95),
    }
}

/// A share of the parameter sets in whole percent: `87%`. Whole, since a share of a
/// few dozen sets is not known to a tenth of a percent.
pub fn percent_of_sets(share: f64) -> String {
    format!("{}%", (share * 100.0).round())
}

/// What the sets say of structure `a` against `b` on `metric`, in one sentence without
/// its full stop: `separated is better than combined on value_per_week in 87% of
/// plausible parameter sets, not clearly different in 13%; it turns most on
/// work.question_every_hours.mean`.
/// `verdicts` counts A's verdicts against B; `top` is the most influential parameter
/// and whether its interval leaves 0 out (`None` when no influence could be measured).
pub fn sentence(
    a: &str,
    b: &str,
    metric: &str,
    verdicts: &VerdictCounts,
    top: Option<(&str, bool)>,
) -> String {
    let share = |v: Verdict| verdicts.share(v);
    let (better, worse) = (share(Verdict::Better), share(Verdict::Worse));
    let plausible = "of plausible parameter sets";
    let mut out = if better > 0.0 || worse > 0.0 {
        let (winner, loser, most, least) = if better >= worse {
            (a, b, better, worse)
        } else {
            (b, a, worse, better)
        };
        let mut s = format!(
            "{winner} is better than {loser} on {metric} in {} {plausible}",
            percent_of_sets(most)
        );
        // The other sets, so that the shares read whole.
        let others = [
            (least, format!("{loser} in")),
            (share(Verdict::Equivalent), "equivalent in".to_string()),
            (
                share(Verdict::NoClearDifference),
                "not clearly different in".to_string(),
            ),
        ];
        for (part, words) in others {
            if part > 0.0 {
                s.push_str(&format!(", {words} {}", percent_of_sets(part)));
            }
        }
        s
    } else if share(Verdict::Equivalent) > 0.0 {
        format!(
            "{a} and {b} are equivalent on {metric} in {} {plausible}, with no clear \
             difference in the others",
            percent_of_sets(share(Verdict::Equivalent))
        )
    } else {
        format!("{a} and {b} show no clear difference on {metric} in any parameter set")
    };
    match top {
        Some((parameter, true)) => out.push_str(&format!("; it turns most on {parameter}")),
        Some((_, false)) => out.push_str("; no single assumption clearly decides it"),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(better: usize, worse: usize, equivalent: usize, sets: usize) -> VerdictCounts {
        let mut c = VerdictCounts {
            sets,
            ..VerdictCounts::default()
        };
        c.counts[Verdict::Better.index()] = better;
        c.counts[Verdict::Worse.index()] = worse;
        c.counts[Verdict::Equivalent.index()] = equivalent;
        c.counts[Verdict::NoClearDifference.index()] = sets - better - worse - equivalent;
        c
    }

    #[test]
    fn the_sentence_names_the_structure_better_in_more_sets_first() {
        let top = Some(("work.question_every_hours.mean", true));
        assert_eq!(
            sentence(
                "combined",
                "separated",
                "value_per_week",
                &counts(3, 56, 0, 64),
                top
            ),
            "separated is better than combined on value_per_week in 88% of plausible \
             parameter sets, combined in 5%, not clearly different in 8%; it turns most on \
             work.question_every_hours.mean"
        );
        assert_eq!(
            sentence("a", "b", "m", &counts(0, 0, 16, 64), Some(("x", false))),
            "a and b are equivalent on m in 25% of plausible parameter sets, with no clear \
             difference in the others; no single assumption clearly decides it"
        );
        assert_eq!(
            sentence("a", "b", "m", &counts(0, 0, 0, 64), None),
            "a and b show no clear difference on m in any parameter set"
        );
    }

    #[test]
    fn counts_read_back_from_their_shares() {
        let c = counts(56, 3, 1, 64);
        let shares = Verdict::ALL.map(|v| c.share(v));
        assert_eq!(VerdictCounts::from_shares(shares, 64), c);
    }
}
