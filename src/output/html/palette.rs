//! The colours of the page and its charts: the Okabe–Ito palette for structures,
//! lead-time parts and activities, and the greys for what should not draw the eye.

use plotters::style::RGBColor;

/// The Okabe–Ito palette (Okabe & Ito 2008), safe for the common kinds of colour
/// blindness. Structures take its colours in this order; yellow and black come last,
/// yellow because it is faint on white.
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];
/// Idle time: a neutral grey, so that work stands out.
pub(super) const IDLE: RGBColor = RGBColor(0xD4, 0xD4, 0xD4);
/// Time lost switching: a dark grey, told from idle by its lightness. Dark grey
/// rather than the palette's black: a heavy block of black would draw the eye to the
/// least interesting activity.
pub(super) const SWITCHING: RGBColor = RGBColor(0x5A, 0x5A, 0x5A);

/// The colour of the `k`-th series.
pub(super) fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// `#RRGGBB` of a colour, for the HTML legends.
pub(super) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}
