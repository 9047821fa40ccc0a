//! Published documents: their types, the file kinds accepted (decided by the
//! content, never by the name), the subjects a document can be attached to,
//! and the checks of the upload form.

use chrono::NaiveDate;

use crate::validation::{FieldError, FieldErrors, required_text};

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
/// Subjects one document may be attached to from one form.
pub const MAX_ATTACHMENTS: usize = 10;
/// Files one upload form takes (one document, one file).
pub const MAX_FILES_PER_FORM: usize = 1;
/// Text taken from a PDF for the search index; the rest is not searched.
pub const MAX_INDEXED_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocType {
    Report,
    Guideline,
    Minutes,
    Result,
    Other,
}

impl DocType {
    pub const ALL: [DocType; 5] = [
        DocType::Report,
        DocType::Guideline,
        DocType::Minutes,
        DocType::Result,
        DocType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Report => "report",
            DocType::Guideline => "guideline",
            DocType::Minutes => "minutes",
            DocType::Result => "result",
            DocType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// The languages a document can be written in (its content, not the UI).
pub const LANGUAGES: [&str; 3] = ["de", "en", "other"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Odt,
    Ods,
    Docx,
    Xlsx,
    Csv,
    Png,
    Jpeg,
    Webp,
}

impl FileKind {
    pub const ALL: [FileKind; 9] = [
        FileKind::Pdf,
        FileKind::Odt,
        FileKind::Ods,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Csv,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Webp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Csv => "csv",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Webp => "webp",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Csv => "text/csv; charset=utf-8",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
        }
    }

    /// The file name extension a download gets, whatever the upload was called.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            k => k.as_str(),
        }
    }

    /// What a reader sees as the file type.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Odt => "ODT",
            FileKind::Ods => "ODS",
            FileKind::Docx => "DOCX",
            FileKind::Xlsx => "XLSX",
            FileKind::Csv => "CSV",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
            FileKind::Webp => "WebP",
        }
    }

    /// The kinds a file name's extension claims, so that a mismatch between the
    /// name and the content can be named to the uploader.
    pub fn claimed_by_name(name: &str) -> Option<FileKind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(FileKind::Jpeg),
            e => FileKind::parse(e),
        }
    }
}

/// Recognizes the kinds that can be told from the first bytes alone. ZIP-based
/// office files need a look inside (the caller's); text needs the whole file.
pub fn sniff_magic(head: &[u8]) -> Option<Magic> {
    if head.starts_with(b"%PDF-") {
        Some(Magic::Pdf)
    } else if head.starts_with(b"PK\x03\x04") {
        Some(Magic::Zip)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Magic::Known(FileKind::Png))
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(Magic::Known(FileKind::Jpeg))
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(Magic::Known(FileKind::Webp))
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magic {
    Pdf,
    Zip,
    Known(FileKind),
}

/// What an OpenDocument `mimetype` entry names.
pub fn opendocument_kind(mimetype: &str) -> Option<FileKind> {
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => Some(FileKind::Odt),
        "application/vnd.oasis.opendocument.spreadsheet" => Some(FileKind::Ods),
        _ => None,
    }
}

/// What an Office Open XML `[Content_Types].xml` declares as its main part.
pub fn ooxml_kind(content_types: &str) -> Option<FileKind> {
    if content_types.contains("wordprocessingml.document.main+xml") {
        Some(FileKind::Docx)
    } else if content_types.contains("spreadsheetml.sheet.main+xml") {
        Some(FileKind::Xlsx)
    } else {
        None
    }
}

/// What a document can be attached to. Surveys live elsewhere, so their ids are
/// not checked against a table here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    Process,
    /// An idea's official answer.
    Idea,
    /// A survey's results page.
    Survey,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 3] =
        [SubjectKind::Process, SubjectKind::Idea, SubjectKind::Survey];

    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Process => "process",
            SubjectKind::Idea => "idea",
            SubjectKind::Survey => "survey",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectKind> {
        SubjectKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Parses the attachment field: one `kind:id` per line or comma, e.g.
/// `process:3, survey:12`. Duplicates are dropped.
pub fn parse_subjects(input: &str) -> Result<Vec<(SubjectKind, i64)>, FieldError> {
    let err = |key| FieldError {
        field: "attach",
        key,
    };
    let mut out: Vec<(SubjectKind, i64)> = vec![];
    for item in input.split([',', '\n', ';']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let (kind, id) = item
            .split_once(':')
            .ok_or(err("error-document-attach-format"))?;
        let kind = SubjectKind::parse(kind.trim().to_ascii_lowercase().as_str())
            .ok_or(err("error-document-attach-format"))?;
        let id: i64 = id
            .trim()
            .parse()
            .ok()
            .filter(|i| *i > 0)
            .ok_or(err("error-document-attach-format"))?;
        if !out.contains(&(kind, id)) {
            out.push((kind, id));
        }
    }
    if out.len() > MAX_ATTACHMENTS {
        return Err(err("error-document-attach-too-many"));
    }
    Ok(out)
}

/// The checked text fields of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentText {
    pub title: String,
    pub description: String,
    pub language: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_type: DocType,
}

/// Checks the typed fields; `date` is `Err(())` when it did not parse.
pub fn check_text(
    title: &str,
    description: &str,
    language: &str,
    date: Result<Option<NaiveDate>, ()>,
    doc_type: &str,
) -> Result<DocumentText, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(required_text(
        "title",
        title,
        TITLE_MAX_CHARS,
        "error-document-title-too-long",
    ));
    let description = description.trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        errors.add("description", "error-document-description-too-long");
    }
    if !LANGUAGES.contains(&language) {
        errors.add("language", "error-required");
    }
    let doc_date = match date {
        Ok(d) => d,
        Err(()) => {
            errors.add("doc_date", "error-date-invalid");
            None
        }
    };
    let doc_type = DocType::parse(doc_type);
    if doc_type.is_none() {
        errors.add("doc_type", "error-required");
    }
    match (title, doc_type) {
        (Some(title), Some(doc_type)) if errors.is_empty() => Ok(DocumentText {
            title,
            description,
            language: language.to_owned(),
            doc_date,
            doc_type,
        }),
        _ => Err(errors),
    }
}

/// A file name fit for a Content-Disposition header: no path, no control
/// characters, no quotes, at most 120 characters, and the extension of the
/// kind the content really is.
pub fn download_name(title_or_name: &str, kind: FileKind) -> String {
    let base = title_or_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim();
    let stem = match base.rsplit_once('.') {
        Some((s, ext)) if FileKind::claimed_by_name(&format!("x.{ext}")).is_some() => s,
        _ => base,
    };
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "\"\\/:*?<>|;%".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    let clean = clean.trim_matches(['.', ' ']).to_owned();
    let stem = if clean.is_empty() {
        "dokument".to_owned()
    } else {
        clean
    };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide() {
        assert_eq!(sniff_magic(b"%PDF-1.7\n"), Some(Magic::Pdf));
        assert_eq!(sniff_magic(b"PK\x03\x04...."), Some(Magic::Zip));
        assert_eq!(
            sniff_magic(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(Magic::Known(FileKind::Webp))
        );
        assert_eq!(sniff_magic(b"Titel;Wert\n"), None);
    }

    #[test]
    fn subjects_parse_and_refuse_nonsense() {
        assert_eq!(
            parse_subjects("process:3, survey:12\nprocess:3").unwrap(),
            vec![(SubjectKind::Process, 3), (SubjectKind::Survey, 12)]
        );
        assert!(parse_subjects("process:-1").is_err());
        assert!(parse_subjects("user:1").is_err());
        assert!(parse_subjects("").unwrap().is_empty());
    }

    #[test]
    fn download_names_are_safe() {
        assert_eq!(
            download_name("../../etc/passwd", FileKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            download_name("Bericht \"final\".exe", FileKind::Pdf),
            "Bericht _final_.exe.pdf"
        );
        assert_eq!(
            download_name("Leitfaden.docx", FileKind::Pdf),
            "Leitfaden.pdf"
        );
        assert_eq!(download_name("   ", FileKind::Csv), "dokument.csv");
    }

    #[test]
    fn text_is_checked() {
        let e = check_text("", &"x".repeat(6000), "xx", Err(()), "memo").unwrap_err();
        for f in ["title", "description", "language", "doc_date", "doc_type"] {
            assert!(e.get(f).is_some(), "{f}");
        }
        let ok = check_text(" Leitfaden ", "", "de", Ok(None), "guideline").unwrap();
        assert_eq!(ok.title, "Leitfaden");
        assert_eq!(ok.doc_type, DocType::Guideline);
    }
}
