//! An uploaded file on its way in: spooled to a temporary file chunk by chunk
//! (hashed and measured on the way, never held whole in memory), then checked
//! by its content (the name and the browser's claim count for nothing), and for
//! PDFs counted, searched for text and drawn as a first-page preview.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use domain::documents::{
    FileKind, MAX_INDEXED_CHARS, Magic, ooxml_kind, opendocument_kind, sniff_magic,
};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// The first bytes kept for sniffing.
const HEAD_BYTES: usize = 8192;
/// PDFs up to this size are opened to count pages, take their text and draw a
/// preview; larger ones are only checked at both ends.
pub const PDF_ANALYSIS_MAX: u64 = 32 * 1024 * 1024;
/// Pages whose text goes into the search index.
const PDF_TEXT_PAGES: u32 = 200;
const PREVIEW_WIDTH: f32 = 360.0;
const PREVIEW_MAX_HEIGHT: f32 = 720.0;

/// A received file in the spool folder; removed when dropped, so no partial
/// upload outlives its request.
pub struct Spooled {
    pub path: PathBuf,
    pub hash: String,
    pub size: u64,
    pub filename: String,
    head: Vec<u8>,
    utf8: bool,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub enum Received {
    File(Spooled),
    /// The field was sent without a file.
    Empty,
    TooLarge,
}

/// The request body handed to the multipart parser one chunk per poll. The
/// parser reads whatever is ready into one buffer, so a client faster than the
/// disk would otherwise pile the upload up in memory; pausing after each chunk
/// lets the file be written before more is taken.
struct Paced<S> {
    inner: S,
    just_yielded: bool,
}

impl<S: futures_util::Stream + Unpin> futures_util::Stream for Paced<S> {
    type Item = S::Item;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<S::Item>> {
        use std::task::Poll;
        if self.just_yielded {
            self.just_yielded = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let next = std::pin::Pin::new(&mut self.inner).poll_next(cx);
        if matches!(next, Poll::Ready(Some(_))) {
            self.just_yielded = true;
        }
        next
    }
}

/// The multipart form of an upload request, read at the pace it is written.
pub async fn paced_multipart(req: axum::extract::Request) -> Result<Multipart, crate::AppError> {
    use axum::extract::FromRequest;
    let (parts, body) = req.into_parts();
    let paced = Paced {
        inner: body.into_data_stream(),
        just_yielded: false,
    };
    let req = axum::extract::Request::from_parts(parts, axum::body::Body::from_stream(paced));
    Multipart::from_request(req, &())
        .await
        .map_err(|_| crate::AppError::bad_request())
}

/// Removes a half-written spool file if the copy stops early.
struct PartGuard(Option<PathBuf>);

impl Drop for PartGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn spool_name(dir: &Path) -> std::io::Result<PathBuf> {
    let token =
        crate::security::random_token().map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(dir.join(format!("mitreden-upload-{}.part", &token[..24])))
}

/// Checks UTF-8 across chunk borders: `carry` holds an incomplete sequence
/// from the end of the previous chunk.
fn utf8_continues(carry: &mut Vec<u8>, chunk: &[u8]) -> bool {
    let mut buf = std::mem::take(carry);
    buf.extend_from_slice(chunk);
    if buf.contains(&0) {
        return false;
    }
    match std::str::from_utf8(&buf) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => {
            carry.extend_from_slice(&buf[e.valid_up_to()..]);
            true
        }
        Err(_) => false,
    }
}

/// Copies a file field to the spool folder. Stops at `max` bytes.
pub async fn spool(field: &mut Field<'_>, dir: &Path, max: u64) -> Result<Received, SpoolError> {
    let filename = field.file_name().unwrap_or("").to_owned();
    tokio::fs::create_dir_all(dir).await?;
    let path = spool_name(dir)?;
    let mut guard = PartGuard(Some(path.clone()));
    let mut out = tokio::io::BufWriter::new(tokio::fs::File::create(&path).await?);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut utf8 = true;
    let mut carry = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(SpoolError::from_body)? {
        size += chunk.len() as u64;
        if size > max {
            return Ok(Received::TooLarge);
        }
        if head.len() < HEAD_BYTES {
            let n = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..n]);
        }
        if utf8 {
            utf8 = utf8_continues(&mut carry, &chunk);
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    out.into_inner().sync_all().await?;
    if size == 0 {
        return Ok(Received::Empty);
    }
    guard.0 = None;
    Ok(Received::File(Spooled {
        path,
        hash: format!("{:x}", hasher.finalize()),
        size,
        filename,
        head,
        utf8: utf8 && carry.is_empty(),
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("upload interrupted")]
    Interrupted,
    /// The client paused longer than the server's body read timeout.
    #[error("upload stalled")]
    TimedOut,
    #[error("spool file: {0}")]
    Io(#[from] std::io::Error),
}

impl SpoolError {
    fn from_body(e: axum::extract::multipart::MultipartError) -> Self {
        if crate::server::is_body_timeout(&e) {
            SpoolError::TimedOut
        } else {
            SpoolError::Interrupted
        }
    }
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
pub fn analyze(f: &Spooled) -> Result<Analysis, &'static str> {
    let claimed = FileKind::claimed_by_name(&f.filename);
    let kind = match sniff_magic(&f.head) {
        Some(Magic::Known(k)) => k,
        Some(Magic::Pdf) => FileKind::Pdf,
        Some(Magic::Zip) => zip_kind(&f.path).ok_or(mismatch(claimed))?,
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
        return if ends_like_pdf(&f.path, f.size) {
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
    let bytes = std::fs::read(&f.path).map_err(|_| "error-document-unreadable")?;
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
pub(super) fn pdf(bytes: Vec<u8>) -> Result<Analysis, &'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_across_chunk_borders() {
        let text = "Straße, Größe".as_bytes();
        let mut carry = vec![];
        // Split inside the two bytes of "ß".
        assert!(utf8_continues(&mut carry, &text[..5]));
        assert!(!carry.is_empty());
        assert!(utf8_continues(&mut carry, &text[5..]));
        assert!(carry.is_empty());
        let mut carry = vec![];
        assert!(!utf8_continues(&mut carry, b"\xff\xfe binary"));
        assert!(!utf8_continues(&mut vec![], b"a\0b"));
    }
}
