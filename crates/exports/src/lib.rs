//! Spreadsheets (XLSX) for the staff's exports, behind a small interface, in a
//! crate of its own so that a change elsewhere never recompiles the writer:
//! sheets of rows, a bold header row, text and number cells.

use std::fmt;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Num(f64),
}

/// Why a spreadsheet could not be written.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "xlsx: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Error(e.to_string())
    }
}

/// A spreadsheet being written, sheet by sheet.
pub struct Workbook {
    inner: rust_xlsxwriter::Workbook,
    bold: rust_xlsxwriter::Format,
}

impl Default for Workbook {
    fn default() -> Self {
        Workbook::new()
    }
}

impl Workbook {
    pub fn new() -> Workbook {
        Workbook {
            inner: rust_xlsxwriter::Workbook::new(),
            bold: rust_xlsxwriter::Format::new().set_bold(),
        }
    }

    /// Adds a sheet named `name` with `header` in bold as its first row.
    pub fn sheet<S: AsRef<str>>(&mut self, name: &str, header: &[S]) -> Result<Sheet<'_>, Error> {
        let sheet = self.inner.add_worksheet();
        sheet.set_name(name)?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, column(c)?, h.as_ref(), &self.bold)?;
        }
        Ok(Sheet { sheet, next: 1 })
    }

    /// The file's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        Ok(self.inner.save_to_buffer()?)
    }
}

/// A sheet taking rows below its header.
pub struct Sheet<'a> {
    sheet: &'a mut rust_xlsxwriter::Worksheet,
    next: u32,
}

impl Sheet<'_> {
    /// Writes the next row; empty cells stay blank.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        let r = self.next;
        for (c, cell) in cells.iter().enumerate() {
            let c = column(c)?;
            match cell {
                Cell::Empty => continue,
                Cell::Text(s) => self.sheet.write_string(r, c, s)?,
                Cell::Num(n) => self.sheet.write_number(r, c, *n)?,
            };
        }
        self.next += 1;
        Ok(())
    }
}

fn column(c: usize) -> Result<u16, Error> {
    u16::try_from(c).map_err(|_| Error(format!("column {c} is beyond the sheet")))
}

/// A ZIP archive of named files (the open-data export), deflated, with the
/// zip implementation the spreadsheet writer already brings along.
pub fn zip_archive(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Error> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), options)
            .map_err(|e| Error(e.to_string()))?;
        w.write_all(bytes).map_err(|e| Error(e.to_string()))?;
    }
    let out = w.finish().map_err(|e| Error(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_a_zip_with_every_sheet() {
        let mut wb = Workbook::new();
        let mut s = wb.sheet("Ideen", &["id", "title"]).unwrap();
        s.row(&[Cell::Num(1.0), Cell::Text("Bänke".into())])
            .unwrap();
        s.row(&[Cell::Num(2.0), Cell::Empty]).unwrap();
        wb.sheet("Kommentare", &["text"]).unwrap();
        let bytes = wb.finish().unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}
