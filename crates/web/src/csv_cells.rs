//! Cells of the CSV exports. Spreadsheet programs run a cell that starts with
//! `=`, `+`, `-` or `@` as a formula (and skip a leading tab or carriage
//! return before looking), so text that people typed could call out to other
//! programs or sites when staff open an export. The XLSX exports store such
//! text as strings; CSV has no types, so text cells are neutralized here.

/// A CSV cell holding text (from people, or named by them): a leading `'`,
/// which spreadsheet programs hide and which makes the cell text, when it
/// could be read as a formula. A plain decimal number ("-3", "+4,5") is left
/// as it is: it cannot be a formula and stays a number for analysis.
pub fn text(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !plain_number(s) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A sign, digits and at most one decimal point or comma followed by digits.
fn plain_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, fraction) = match unsigned.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formulas_become_text_and_numbers_stay() {
        for (input, out) in [
            (
                "=HYPERLINK(\"https://evil.example\")",
                "'=HYPERLINK(\"https://evil.example\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-1e5", "'-1e5"),
            ("-3", "-3"),
            ("+4,5", "+4,5"),
            ("-0.25", "-0.25"),
            ("Radweg = gut", "Radweg = gut"),
            ("", ""),
            ("'quoted", "'quoted"),
        ] {
            assert_eq!(text(input), out, "{input:?}");
        }
    }
}
