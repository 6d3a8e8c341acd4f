//! Numbers and names as the page writes them, for the page and its charts alike:
//! four significant digits, percentages, and text escaped for HTML.

/// A number with 4 significant digits (all digits from 1000 on), never in exponent
/// notation; `–` when missing.
pub(super) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 1000.0 {
        0
    } else {
        // Digits after the point that leave 4 significant ones.
        (3 - a.log10().floor() as i32).clamp(0, 12) as usize
    };
    let s = format!("{v:.decimals$}");
    // "-0.000" is a zero.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// An amount of money as a person reads it: whole units with thousands separators
/// from 10,000 on (`1,610,000`), as [`fmt_num`] below; `–` when missing.
pub(super) fn money(v: f64) -> String {
    if !(v.is_finite() && v.abs() >= 10_000.0) {
        return fmt_num(v);
    }
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share in [0, 1] as a percentage, e.g. `73.42%`.
pub(super) fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{}%", fmt_num(v * 100.0))
    } else {
        fmt_num(v)
    }
}

/// A share of trials as a percentage to a tenth at most, e.g. `0.5%`, `98.5%`, `100%`:
/// a count of trials out of hundreds has no more digits worth reading.
pub(super) fn share_of_trials(v: f64) -> String {
    if !v.is_finite() {
        return fmt_num(v);
    }
    let tenths = (v * 1000.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}%")
    } else {
        format!("{tenths:.1}%")
    }
}

/// Text made safe for HTML content and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_four_significant_digits_without_exponents() {
        assert_eq!(fmt_num(1234.567), "1235");
        assert_eq!(fmt_num(123.4567), "123.5");
        assert_eq!(fmt_num(1.234567), "1.235");
        assert_eq!(fmt_num(0.001234567), "0.001235");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-0.00001), "-0.00001000");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(f64::NAN), "–");
        assert_eq!(fmt_num(1e-300), "0.000000000000");
        assert_eq!(pct(0.25), "25.00%");
        assert_eq!(money(1_610_000.4), "1,610,000");
        assert_eq!(money(-25_000.0), "-25,000");
        assert_eq!(money(2177.25), "2177");
        assert_eq!(money(f64::NAN), "–");
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
