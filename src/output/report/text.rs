//! Plain-text helpers of the printed report: padding and wrapping to [`WIDTH`]
//! columns (counted in characters, so that `▲` is one column), numbers rounded to
//! their interval, names shortened in the middle, and the labels of sweep points.

use super::WIDTH;
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// `s` padded with spaces to `width` characters (counted as characters, not bytes:
/// `▲` is one column).
pub(super) fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    let mut t = s.to_string();
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
    t
}

/// Written between words that a line must not separate (a rank and its structure); a
/// space once the text is wrapped.
pub(super) const KEEP_TOGETHER: char = '\u{a0}';

/// Writes `text` wrapped at spaces to [`WIDTH`] columns, continuation lines indented
/// by `indent` spaces. A word longer than a line is cut; words joined by
/// [`KEEP_TOGETHER`] stay on one line.
pub(super) fn wrap(out: &mut String, text: &str, indent: usize) {
    // Words are split at plain spaces only, so the words joined stay one.
    let mut wrapped = String::new();
    wrap_at_spaces(&mut wrapped, text, indent);
    out.push_str(&wrapped.replace(KEEP_TOGETHER, " "));
}

/// [`wrap`], keeping [`KEEP_TOGETHER`] as it is.
fn wrap_at_spaces(out: &mut String, text: &str, indent: usize) {
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let mut line = " ".repeat(lead);
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{line}");
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&shorten(word, WIDTH - indent));
        empty = false;
    }
    let _ = writeln!(out, "{line}");
}

/// A mean and its half-width, rounded so the half-width keeps two significant digits
/// (the mean to the same decimals); four significant digits when there is no interval.
pub(super) fn mean_pm(mean: f64, half: f64) -> String {
    if !mean.is_finite() {
        return "–".to_string();
    }
    if half.is_finite() && half > 0.0 {
        let decimals = 1 - half.log10().floor() as i32;
        // Below a millionth the interval is noise in the last digits: say ± 0.
        if decimals <= 6 {
            let decimals = decimals.max(0) as usize;
            return format!("{mean:.decimals$} ± {half:.decimals$}");
        }
    }
    let magnitude = if mean == 0.0 {
        3
    } else {
        mean.abs().log10().floor() as i32
    };
    let decimals = (3 - magnitude).clamp(0, 6) as usize;
    if half.is_nan() {
        format!("{mean:.decimals$}")
    } else {
        format!("{mean:.decimals$} ± 0")
    }
}

/// `s` cut to `max` characters by an ellipsis in the middle: names that differ only
/// at the end (`po-per-squad-2`, `po-per-squad-3`) stay distinct.
pub(super) fn shorten(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let head = keep / 2;
    let tail = keep - head;
    let mut t: String = s.chars().take(head).collect();
    t.push('…');
    t.extend(s.chars().skip(n - tail));
    t
}

/// The sweep values of the points `indices`, each followed by its `notes` entry when
/// not empty: `team.squads = 3, 4 (10 weeks)` for a one-parameter sweep,
/// `(team.squads, work.y) = (3, a), (4, a)` for a grid.
pub(super) fn point_labels(points: &[Scenario], indices: &[usize], notes: &[String]) -> String {
    let Some(&first) = indices.first() else {
        return String::new();
    };
    let sweep = &points[first].sweep;
    let one = sweep.len() == 1;
    let values: Vec<String> = indices
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let v: Vec<&str> = points[p].sweep.iter().map(|(_, v)| v.as_str()).collect();
            let mut label = if one {
                v.join(", ")
            } else {
                format!("({})", v.join(", "))
            };
            if let Some(note) = notes.get(i).filter(|n| !n.is_empty()) {
                let _ = write!(label, " ({note})");
            }
            label
        })
        .collect();
    let names: Vec<&str> = sweep.iter().map(|(k, _)| k.as_str()).collect();
    if one {
        format!("{} = {}", names[0], values.join(", "))
    } else {
        format!("({}) = {}", names.join(", "), values.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_two_significant_digits_of_the_interval() {
        assert_eq!(mean_pm(12.3456, 0.0567), "12.346 ± 0.057");
        assert_eq!(mean_pm(12345.678, 234.5), "12346 ± 234");
        assert_eq!(mean_pm(0.123456, f64::NAN), "0.1235");
        assert_eq!(mean_pm(5.0, 0.0), "5.000 ± 0");
        assert_eq!(mean_pm(0.0, 0.0), "0 ± 0");
        assert_eq!(mean_pm(0.3, 4e-8), "0.3000 ± 0");
        assert_eq!(mean_pm(0.299998, 0.000045), "0.299998 ± 0.000045");
        assert_eq!(mean_pm(f64::NAN, f64::NAN), "–");
    }

    #[test]
    fn words_kept_together_wrap_as_one() {
        let mut out = String::new();
        let tail = format!("1{KEEP_TOGETHER}two-pms");
        let text = format!("{} {tail}", "x".repeat(WIDTH - 5));
        wrap(&mut out, &text, 4);
        assert_eq!(out, format!("{}\n    1 two-pms\n", "x".repeat(WIDTH - 5)));
    }

    #[test]
    fn names_are_shortened_in_the_middle() {
        assert_eq!(shorten("po-per-squad-2", 9), "po-p…ad-2");
        assert_eq!(shorten("short", 9), "short");
    }
}
