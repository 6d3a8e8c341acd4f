//! The Kolmogorov–Smirnov distance between a fitted distribution and a censored
//! sample. With censoring the sample's distribution is the Kaplan–Meier estimate, not
//! the plain empirical one (which would count open items as short). O(n log n).

use super::Sample;

/// The largest gap between the Kaplan–Meier estimate of `sample`'s distribution and
/// `cdf`, over the observed range. Left-censored values count as events at their
/// bound (the fitted `cdf` there covers everything below it). `NaN` for an empty
/// sample.
pub fn ks_distance(sample: &Sample, cdf: impl Fn(f64) -> f64) -> f64 {
    // (time, is an event); events before censorings at equal times, as Kaplan–Meier
    // takes an item censored at t to be at risk at t.
    let mut points: Vec<(f64, bool)> = Vec::with_capacity(sample.len());
    points.extend(sample.exact.iter().chain(&sample.left).map(|&x| (x, true)));
    points.extend(sample.right.iter().map(|&x| (x, false)));
    if points.is_empty() {
        return f64::NAN;
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = points.len() as f64;
    let mut survival = 1.0;
    let mut distance: f64 = 0.0;
    let mut i = 0;
    while i < points.len() {
        let t = points[i].0;
        let (mut events, mut censored) = (0.0, 0.0);
        while i < points.len() && points[i].0 == t {
            if points[i].1 {
                events += 1.0;
            } else {
                censored += 1.0;
            }
            i += 1;
        }
        let fitted = cdf(t);
        if events > 0.0 {
            let before = 1.0 - survival;
            survival *= 1.0 - events / at_risk;
            distance = distance
                .max((before - fitted).abs())
                .max((1.0 - survival - fitted).abs());
        } else if i == points.len() {
            // Past the last event the estimate is flat up to the last censoring.
            distance = distance.max((1.0 - survival - fitted).abs());
        }
        at_risk -= events + censored;
    }
    distance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_censoring_it_is_the_classic_statistic() {
        // Uniform(0, 1) against 0.1, 0.4, 0.7: gaps at each step, largest 1/3 − 0.1.
        let s = Sample {
            exact: vec![0.7, 0.1, 0.4],
            ..Sample::new()
        };
        let d = ks_distance(&s, |x| x.clamp(0.0, 1.0));
        let expected = [
            0.1f64,
            1.0 / 3.0 - 0.1,
            0.4 - 1.0 / 3.0,
            2.0 / 3.0 - 0.4,
            0.7 - 2.0 / 3.0,
            1.0 - 0.7,
        ]
        .into_iter()
        .fold(0.0, f64::max);
        assert!((d - expected).abs() < 1e-12, "{d} vs {expected}");
    }

    #[test]
    fn censored_items_are_at_risk_not_short() {
        // Events at 1 and 3, a censoring at 2: Kaplan–Meier steps to 1/3, then to 1
        // (the one left at risk at 3 has its event).
        let s = Sample {
            exact: vec![1.0, 3.0],
            right: vec![2.0],
            left: vec![],
        };
        let d = ks_distance(&s, |_| 0.0);
        assert!((d - 1.0).abs() < 1e-12, "{d}");
        // The plain empirical distribution would step to 2/3 at 2; Kaplan–Meier stays
        // at 1/3 there, so a fit at 1/3 on [1, 3) is off only at the last event.
        let d = ks_distance(&s, |x| if x < 3.0 { 1.0 / 3.0 } else { 2.0 / 3.0 });
        assert!((d - 1.0 / 3.0).abs() < 1e-12, "{d}");
    }
}
