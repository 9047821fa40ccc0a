//! What an uploaded file is, judged by its content (the name and the browser's
//! claim count for nothing), and for PDFs their page count, their text and a
//! first-page preview. Runs on blocking threads; knows nothing of HTTP.

use std::collections::HashMap;
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
/// How long reading an upload may take before it is kept unread.
pub const READ_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);
/// Pages whose text goes into the search index.
const PDF_TEXT_PAGES: u32 = 200;
/// What the compressed streams of a PDF may inflate to, all together, for its
/// text and preview to be taken: a PDF of 100 KB can inflate to 50 MB of page
/// content that takes half a minute to draw. Beyond it the file is kept
/// without text and preview.
pub const PDF_INFLATE_MAX: u64 = 16 * 1024 * 1024;
/// Streams looked at; a file with more is not read either.
const PDF_STREAMS_MAX: usize = 20_000;
/// The inflated content a page may have for its text to be taken, or to be
/// drawn as the preview: both take about 80 times its size in memory (15 MB
/// of page content took 1.2 GB). A dense page of text has 5 to 20 KB.
const PAGE_CONTENT_MAX: usize = 1024 * 1024;
/// The page content read for the text of one document, all pages together.
const TEXT_CONTENT_MAX: usize = 4 * 1024 * 1024;
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
    /// A PDF whose text and preview were not taken: too large or too costly
    /// to read.
    pub unread: bool,
}

impl Analysis {
    /// A PDF kept without reading it.
    pub fn unread_pdf() -> Analysis {
        Analysis {
            kind: FileKind::Pdf,
            page_count: None,
            text: String::new(),
            preview: None,
            unread: true,
        }
    }
}

/// Decides what a spooled file is and reads what it can from it. Runs on a
/// blocking thread. The error is a message key for the file field.
pub fn analyze(f: &Sample<'_>) -> Result<Analysis, &'static str> {
    analyze_as(f, true)
}

/// The same check without opening a PDF (whose reading took too long): a
/// PDF is only checked at both ends and kept unread.
pub fn analyze_unread(f: &Sample<'_>) -> Result<Analysis, &'static str> {
    analyze_as(f, false)
}

fn analyze_as(f: &Sample<'_>, read_pdf: bool) -> Result<Analysis, &'static str> {
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
            unread: false,
        });
    }
    if f.size > PDF_ANALYSIS_MAX || !read_pdf {
        return if ends_like_pdf(f.path, f.size) {
            Ok(Analysis {
                unread: !read_pdf,
                ..Analysis::unread_pdf()
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

/// Whether the compressed streams of a PDF inflate to more than `max` bytes
/// in all (or there are too many to look at). Reads the raw file, before any
/// PDF library inflates anything, and stops at the limit.
pub fn inflates_beyond(bytes: &[u8], max: u64) -> bool {
    let mut total = 0u64;
    let mut streams = 0;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"stream") {
        let start = at + i;
        at = start + 6;
        if start >= 3 && &bytes[start - 3..start] == b"end" {
            continue;
        }
        let data = match &bytes[at..] {
            [b'\r', b'\n', rest @ ..] | [b'\n', rest @ ..] => rest,
            _ => continue,
        };
        streams += 1;
        if streams > PDF_STREAMS_MAX {
            return true;
        }
        // A stream that is not zlib stops at its first bytes.
        let decoder = flate2::read::ZlibDecoder::new(data);
        let left = max - total;
        total += std::io::copy(&mut decoder.take(left + 1), &mut std::io::sink()).unwrap_or(0);
        if total > max {
            return true;
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Opens a PDF: it must parse and have pages. Text and preview are taken
/// where they can be; a failure there does not refuse the file. A PDF that
/// inflates beyond `PDF_INFLATE_MAX` is only checked at its end and kept
/// unread.
pub fn pdf(bytes: Vec<u8>) -> Result<Analysis, &'static str> {
    if inflates_beyond(&bytes, PDF_INFLATE_MAX) {
        let tail = &bytes[bytes.len().saturating_sub(2048)..];
        return if find(tail, b"%%EOF").is_some() {
            Ok(Analysis::unread_pdf())
        } else {
            Err("error-document-not-pdf")
        };
    }
    let pages = catch_unwind(AssertUnwindSafe(|| {
        hayro::hayro_syntax::Pdf::new(bytes.clone())
            .ok()
            .map(|p| p.pages().len())
    }))
    .ok()
    .flatten()
    .filter(|n| *n > 0)
    .ok_or("error-document-not-pdf")?;
    let doc = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(&bytes).ok()))
        .ok()
        .flatten();
    let first_page_small = doc.as_ref().is_some_and(|d| {
        d.get_pages()
            .values()
            .next()
            .is_some_and(|id| drawing_cost(d, *id, PAGE_CONTENT_MAX).is_some())
    });
    let preview = if first_page_small {
        catch_unwind(AssertUnwindSafe(|| preview(bytes.clone())))
            .ok()
            .flatten()
    } else {
        None
    };
    let (text, complete) = match &doc {
        Some(d) => catch_unwind(AssertUnwindSafe(|| text(d))).unwrap_or_default(),
        None => (String::new(), true),
    };
    Ok(Analysis {
        kind: FileKind::Pdf,
        page_count: i32::try_from(pages).ok(),
        text,
        preview,
        unread: !first_page_small || !complete,
    })
}

/// What drawing a page costs, in bytes of content: its own content and, for
/// every use of an XObject (`/Name Do`), that object's cost (a form's content
/// and what it uses in turn, a picture's pixels), as drawing it again
/// costs again. `None` beyond `max`: a page of a few bytes can draw a form of
/// 10 KB thousands of times (30 KB of PDF took 1.4 GB and 16 s to draw).
fn drawing_cost(doc: &lopdf::Document, page: lopdf::ObjectId, max: usize) -> Option<usize> {
    let content = doc.get_page_content_with_limit(page, max).ok()?;
    let (dict, ids) = doc.get_page_resources(page).ok()?;
    let resources = dict.or_else(|| ids.first().and_then(|id| doc.get_dictionary(*id).ok()));
    cost_of(doc, &content, resources, max, 0, &mut HashMap::new())
}

/// Bytes of decoded picture that count as one byte of page content.
const PICTURE_WEIGHT: usize = 128;
/// Forms within forms deeper than this are not drawn.
const FORM_DEPTH_MAX: usize = 8;

fn cost_of(
    doc: &lopdf::Document,
    content: &[u8],
    resources: Option<&lopdf::Dictionary>,
    max: usize,
    depth: usize,
    known: &mut HashMap<lopdf::ObjectId, usize>,
) -> Option<usize> {
    if depth > FORM_DEPTH_MAX || content.len() > max {
        return None;
    }
    let xobjects = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| doc.dereference(x).ok())
        .and_then(|(_, x)| x.as_dict().ok());
    let mut total = content.len();
    for name in xobject_uses(content) {
        // A name the page does not define draws nothing.
        let Some(id) = xobjects
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok())
        else {
            continue;
        };
        let cost = match known.get(&id) {
            Some(c) => *c,
            None => {
                let stream = doc.get_object(id).ok()?.as_stream().ok()?;
                let data = inflated(stream, max)?;
                let form =
                    stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Form");
                let c = if form {
                    let own = stream
                        .dict
                        .get(b"Resources")
                        .ok()
                        .and_then(|r| doc.dereference(r).ok())
                        .and_then(|(_, r)| r.as_dict().ok());
                    cost_of(doc, &data, own.or(resources), max, depth + 1, known)?
                } else {
                    // A picture is decoded at its full size whatever its
                    // stream holds: a small JPEG can declare 60,000 pixels
                    // square. Four bytes a pixel, as drawn, weighed at
                    // 1/128 of page content (which takes about 80 bytes of
                    // memory per byte): a page may draw 128 MiB of pictures,
                    // so that scans keep their preview.
                    let side = |k: &[u8]| {
                        stream
                            .dict
                            .get(k)
                            .and_then(|v| v.as_i64())
                            .map_or(0, |v| v.clamp(0, 1 << 20) as usize)
                    };
                    data.len().max(side(b"Width") * side(b"Height") * 4) / PICTURE_WEIGHT
                };
                known.insert(id, c);
                c
            }
        };
        total = total.checked_add(cost).filter(|t| *t <= max)?;
    }
    Some(total)
}

/// A stream's bytes as drawn, at most `max`.
fn inflated(stream: &lopdf::Stream, max: usize) -> Option<Vec<u8>> {
    match stream.decompressed_content_with_limit(max) {
        Ok(data) => Some(data),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => None,
        // Not compressed, or with a filter only the renderer knows.
        Err(_) => Some(stream.content.clone()).filter(|c| c.len() <= max),
    }
}

/// The names of the XObjects a content stream draws, once per use. A `Do`
/// inside a string counts too, which only makes the cost higher.
fn xobject_uses(content: &[u8]) -> Vec<&[u8]> {
    let mut uses = vec![];
    let mut last_name = None;
    for token in content
        .split(|b| b" \t\r\n\x0c\0".contains(b))
        .filter(|t| !t.is_empty())
    {
        if token == b"Do" {
            uses.extend(last_name.take());
        } else {
            last_name = token.strip_prefix(b"/");
        }
    }
    uses
}

/// The text of the first pages, within `PAGE_CONTENT_MAX` per page and
/// `TEXT_CONTENT_MAX` in all, and whether no page was left out for its size.
fn text(doc: &lopdf::Document) -> (String, bool) {
    let mut budget = TEXT_CONTENT_MAX;
    let mut complete = true;
    let mut text = String::new();
    for (n, id) in doc.get_pages().into_iter().take(PDF_TEXT_PAGES as usize) {
        let limit = budget.min(PAGE_CONTENT_MAX);
        let Ok(content) = doc.get_page_content_with_limit(id, limit) else {
            complete = false;
            if limit < PAGE_CONTENT_MAX {
                break;
            }
            continue;
        };
        budget -= content.len().min(budget);
        drop(content);
        if let Ok(page) = doc.extract_text_with_limit(&[n], limit) {
            text.push_str(&page);
            text.push(' ');
        }
        if text.len() > MAX_INDEXED_CHARS * 4 {
            break;
        }
    }
    let text = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_INDEXED_CHARS)
        .collect();
    (text, complete)
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
    fn a_pdf_that_inflates_too_far_is_kept_unread() {
        // About 100 KB that inflate to 50 MB of page content.
        let bomb = crate::testing::pdf_bomb(50 * 1024 * 1024);
        assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
        let started = std::time::Instant::now();
        let a = pdf(bomb).unwrap();
        assert!(a.unread);
        assert_eq!((a.text.as_str(), a.preview.is_none()), ("", true));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_page_with_too_much_content_is_neither_drawn_nor_read() {
        // Within the inflate limit, but 3 MB of content on one page would take
        // about 250 MB to read and as much to draw.
        let heavy = crate::testing::pdf_bomb(3 * 1024 * 1024);
        assert!(!inflates_beyond(&heavy, PDF_INFLATE_MAX));
        let started = std::time::Instant::now();
        let a = pdf(heavy).unwrap();
        assert!(a.unread);
        assert_eq!(a.page_count, Some(1));
        assert_eq!((a.text.as_str(), a.preview.is_none()), ("", true));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_small_page_that_draws_a_form_over_and_over_is_not_drawn() {
        // 30 KB that draw a form of 10 KB 2,000 times: 1.4 GB and 16 s to draw.
        let bomb = crate::testing::pdf_form_bomb(2000);
        assert!(bomb.len() < 40 * 1024, "{}", bomb.len());
        let started = std::time::Instant::now();
        let a = pdf(bomb).unwrap();
        assert!(a.unread);
        assert!(a.preview.is_none());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // A picture that declares 60,000 pixels square is not drawn either.
        let a = pdf(crate::testing::pdf_picture_bomb(60_000)).unwrap();
        assert!(a.unread);
        assert!(a.preview.is_none());
        // A scanned page is drawn: 3,000 x 3,000 pixels are 36 MB.
        let a = pdf(crate::testing::pdf_picture_bomb(3_000)).unwrap();
        assert!(a.preview.is_some());
        // Drawn a few times, it is drawn.
        let a = pdf(crate::testing::pdf_form_bomb(20)).unwrap();
        assert!(!a.unread);
        assert!(a.preview.is_some());
    }

    #[test]
    fn an_ordinary_pdf_is_read() {
        let small = crate::testing::pdf_bomb(10_000);
        assert!(!inflates_beyond(&small, PDF_INFLATE_MAX));
        let a = pdf(small).unwrap();
        assert!(!a.unread);
        assert_eq!(a.page_count, Some(1));
        assert!(a.text.starts_with("Bombe Bombe"), "{}", a.text);
        assert!(a.preview.is_some());
        let written = crate::pdf_writer::simple_pdf("Titel", &[("Kopf", "Inhalt der Seite")]);
        let a = pdf(written).unwrap();
        assert!(!a.unread);
        assert!(a.text.contains("Inhalt der Seite"), "{}", a.text);
    }
}
