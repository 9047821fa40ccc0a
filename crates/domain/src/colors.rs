//! The site's colours and the WCAG 2.1 contrast rule they must meet: text
//! needs a contrast ratio of at least 4.5:1 against what it stands on
//! (success criterion 1.4.3, level AA).

/// The least contrast ratio for normal text at level AA.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// A colour as `#rrggbb`; `#rgb` is widened, letters are lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
    };

    /// Reads `#rrggbb` or `#rgb` (the `#` may be left out, spaces around
    /// are ignored).
    pub fn parse(text: &str) -> Option<Color> {
        let t = text.trim();
        let t = t.strip_prefix('#').unwrap_or(t);
        if !t.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&t[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&t[i..i + 2], 16).ok();
        match t.len() {
            3 => Some(Color {
                r: digit(0)? * 17,
                g: digit(1)? * 17,
                b: digit(2)? * 17,
            }),
            6 => Some(Color {
                r: pair(0)?,
                g: pair(2)?,
                b: pair(4)?,
            }),
            _ => None,
        }
    }

    /// The form `#rrggbb`, as stored and as written into the page's CSS.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance as WCAG 2.1 defines it.
    pub fn luminance(&self) -> f64 {
        fn channel(c: u8) -> f64 {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black on
/// white), whichever is the lighter.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Whether text in one colour is readable on the other at level AA.
pub fn readable(text: Color, background: Color) -> bool {
    contrast(text, background) >= MIN_TEXT_CONTRAST
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_long_and_short_forms() {
        assert_eq!(
            Color::parse("#0B4F8A").map(|c| c.hex()),
            Some("#0b4f8a".into())
        );
        assert_eq!(
            Color::parse(" fff ").map(|c| c.hex()),
            Some("#ffffff".into())
        );
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("#gggggg"), None);
        assert_eq!(Color::parse("red"), None);
        assert_eq!(Color::parse("#+1+1+1"), None);
    }

    #[test]
    fn ratios_match_the_wcag_examples() {
        let black = Color { r: 0, g: 0, b: 0 };
        assert!((contrast(black, Color::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes: 4.54:1.
        let grey = Color::parse("#767676").unwrap();
        assert!(readable(grey, Color::WHITE));
        let lighter = Color::parse("#777777").unwrap();
        assert!(!readable(lighter, Color::WHITE));
        // The default primary colour with white text.
        assert!(readable(Color::WHITE, Color::parse("#0b4f8a").unwrap()));
        assert!(!readable(Color::WHITE, Color::parse("#ffbf47").unwrap()));
    }
}
