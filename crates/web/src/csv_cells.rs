//! Cells of the CSV exports. Spreadsheet programs run a cell that starts with
//! `=`, `+`, `-` or `@` as a formula (and skip a leading tab or carriage
//! return before looking), so text that people typed could call out to other
//! programs or sites when staff open an export. The XLSX exports store such
//! text as strings; CSV has no types, so text cells are neutralized here.

use serde::Deserialize;

use crate::AppError;

/// The field separator of a CSV export. German spreadsheet programs read a
/// comma as part of a cell (it is their decimal mark), so German readers get
/// semicolons unless they ask for commas (`?sep=comma`); English readers the
/// other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Semicolon,
    Comma,
}

impl Separator {
    /// The separator asked for in the query, else the language's usual one.
    pub fn choose(asked: &str, lang: &str) -> Separator {
        match asked {
            "semicolon" => Separator::Semicolon,
            "comma" => Separator::Comma,
            _ if lang == "de" => Separator::Semicolon,
            _ => Separator::Comma,
        }
    }

    fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
        }
    }
}

/// The query of an export link: `?sep=semicolon|comma`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsvParams {
    pub sep: String,
}

/// The one way every CSV export is written: a UTF-8 byte-order mark (so that
/// spreadsheet programs read the file as UTF-8), the chosen separator, and
/// text cells neutralized against formulas (`text`).
pub struct CsvWriter {
    inner: csv::Writer<Vec<u8>>,
}

impl CsvWriter {
    pub fn new(sep: Separator) -> CsvWriter {
        CsvWriter {
            inner: csv::WriterBuilder::new()
                .delimiter(sep.byte())
                .from_writer(vec![0xEF, 0xBB, 0xBF]),
        }
    }

    /// A row of text cells, each neutralized.
    pub fn text_row<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), AppError> {
        self.inner
            .write_record(cells.into_iter().map(|c| text(c.as_ref())))
            .map_err(AppError::internal)
    }

    /// A row whose cells the caller has made safe already (numbers the
    /// platform wrote, text passed through `text`).
    pub fn row<S: AsRef<[u8]>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), AppError> {
        self.inner.write_record(cells).map_err(AppError::internal)
    }

    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        self.inner.into_inner().map_err(AppError::internal)
    }
}

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
    use super::{CsvWriter, Separator, text};

    #[test]
    fn exports_start_with_a_bom_and_use_the_chosen_separator() {
        let mut w = CsvWriter::new(Separator::choose("", "de"));
        w.text_row(["a", "=1+1", "c;d"]).unwrap();
        let out = w.finish().unwrap();
        assert_eq!(out, b"\xEF\xBB\xBFa;'=1+1;\"c;d\"\n");
        let mut w = CsvWriter::new(Separator::choose("", "en"));
        w.text_row(["a", "b"]).unwrap();
        assert_eq!(w.finish().unwrap(), b"\xEF\xBB\xBFa,b\n");
        assert_eq!(Separator::choose("comma", "de"), Separator::Comma);
        assert_eq!(Separator::choose("semicolon", "en"), Separator::Semicolon);
    }

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
