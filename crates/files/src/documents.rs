//! What an uploaded file is, judged by its content (the name and the browser's
//! claim count for nothing), and for PDFs their page count, their text and a
//! first-page preview. Runs on blocking threads; knows nothing of HTTP.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use domain::documents::{
    FileKind, MAX_INDEXED_CHARS, Magic, ooxml_kind, opendocument_kind, sniff_magic,
};

/// The first bytes of a file kept for sniffing.
pub const HEAD_BYTES: usize = 8192;
/// PDFs up to this size are opened to count pages, take their text and draw a
/// preview; larger ones are only checked at both ends.
pub const PDF_ANALYSIS_MAX: u64 = 32 * 1024 * 1024;
/// Pages whose text goes into the search index.
const PDF_TEXT_PAGES: u32 = 200;
const PREVIEW_WIDTH: f32 = 360.0;
const PREVIEW_MAX_HEIGHT: f32 = 720.0;

/// A received file as the check sees it.
pub struct Sample<'a> {
    pub path: &'a Path,
    pub size: u64,
    /// The name it was sent with.
    pub filename: &'a str,
    /// Its first `HEAD_BYTES` bytes.
    pub head: &'a [u8],
    /// Whether it is all UTF-8 without NUL bytes.
    pub utf8: bool,
}

/// What the content check found.
pub struct Analysis {
    pub kind: FileKind,
    pub page_count: Option<i32>,
    pub text: String,
    pub preview: Option<Vec<u8>>,
}

/// Decides what a spooled file is and reads what it can from it. Runs on a
/// blocking thread. The error is a message key for the file field.
pub fn analyze(f: &Sample<'_>) -> Result<Analysis, &'static str> {
    let claimed = FileKind::claimed_by_name(f.filename);
    let kind = match sniff_magic(f.head) {
        Some(Magic::Known(k)) => k,
        Some(Magic::Pdf) => FileKind::Pdf,
        Some(Magic::Zip) => zip_kind(f.path).ok_or(mismatch(claimed))?,
        None if f.utf8 => FileKind::Csv,
        None => return Err(mismatch(claimed)),
    };
    if let Some(c) = claimed
        && c != kind
    {
        return Err(mismatch(Some(c)));
    }
    if kind != FileKind::Pdf {
        return Ok(Analysis {
            kind,
            page_count: None,
            text: String::new(),
            preview: None,
        });
    }
    if f.size > PDF_ANALYSIS_MAX {
        return if ends_like_pdf(f.path, f.size) {
            Ok(Analysis {
                kind,
                page_count: None,
                text: String::new(),
                preview: None,
            })
        } else {
            Err("error-document-not-pdf")
        };
    }
    let bytes = std::fs::read(f.path).map_err(|_| "error-document-unreadable")?;
    pdf(bytes)
}

/// The message for a file whose content is not what it claims (or nothing we take).
fn mismatch(claimed: Option<FileKind>) -> &'static str {
    match claimed {
        Some(FileKind::Pdf) => "error-document-not-pdf",
        Some(_) => "error-document-type-mismatch",
        None => "error-document-type",
    }
}

fn ends_like_pdf(path: &Path, size: u64) -> bool {
    use std::io::{Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let tail = 2048.min(size);
    let mut buf = vec![0u8; tail as usize];
    file.seek(SeekFrom::End(-(tail as i64))).is_ok()
        && file.read_exact(&mut buf).is_ok()
        && buf.windows(5).any(|w| w == b"%%EOF")
}

/// Reads at most `max` bytes of a ZIP entry.
fn entry_text<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max: u64,
) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut s = String::new();
    entry.take(max).read_to_string(&mut s).ok()?;
    Some(s)
}

/// OpenDocument files name their type in a `mimetype` entry, Office Open XML
/// files in `[Content_Types].xml`; any other ZIP is refused.
fn zip_kind(path: &Path) -> Option<FileKind> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    if let Some(m) = entry_text(&mut zip, "mimetype", 200) {
        return opendocument_kind(&m);
    }
    entry_text(&mut zip, "[Content_Types].xml", 1024 * 1024).and_then(|c| ooxml_kind(&c))
}

/// Opens a PDF: it must parse and have pages. Text and preview are taken
/// where they can be; a failure there does not refuse the file.
pub fn pdf(bytes: Vec<u8>) -> Result<Analysis, &'static str> {
    let pages = catch_unwind(AssertUnwindSafe(|| {
        hayro::hayro_syntax::Pdf::new(bytes.clone())
            .ok()
            .map(|p| p.pages().len())
    }))
    .ok()
    .flatten()
    .filter(|n| *n > 0)
    .ok_or("error-document-not-pdf")?;
    let preview = catch_unwind(AssertUnwindSafe(|| preview(bytes.clone())))
        .ok()
        .flatten();
    let text = catch_unwind(AssertUnwindSafe(|| text(&bytes)))
        .ok()
        .unwrap_or_default();
    Ok(Analysis {
        kind: FileKind::Pdf,
        page_count: i32::try_from(pages).ok(),
        text,
        preview,
    })
}

fn text(bytes: &[u8]) -> String {
    let Ok(doc) = lopdf::Document::load_mem(bytes) else {
        return String::new();
    };
    let pages: Vec<u32> = doc
        .get_pages()
        .keys()
        .copied()
        .take(PDF_TEXT_PAGES as usize)
        .collect();
    let text = doc
        .extract_text_with_limit(&pages, 64 * 1024 * 1024)
        .unwrap_or_default();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_INDEXED_CHARS)
        .collect()
}

/// The first page as a PNG, about `PREVIEW_WIDTH` pixels wide.
fn preview(bytes: Vec<u8>) -> Option<Vec<u8>> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings, render};
    let pdf = hayro::hayro_syntax::Pdf::new(bytes).ok()?;
    let page = pdf.pages().first()?;
    let (w, h) = page.render_dimensions();
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let scale = (PREVIEW_WIDTH / w).min(PREVIEW_MAX_HEIGHT / h);
    let cache = RenderCache::new();
    let pixmap = render(
        page,
        &cache,
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    pixmap.into_png().ok()
}
