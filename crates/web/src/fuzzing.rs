//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`): the
//! parsers behind the forms, called as the handlers call them, without a
//! server or a database.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;

use crate::forms::PostForm;
pub use files::images::{ImageProblem, Processed};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime for the fuzz target")
    })
}

fn request(content_type: &str, body: &[u8]) -> Request {
    Request::builder()
        .method("POST")
        .uri("/")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .expect("a request from fixed parts")
}

/// A urlencoded body decoded as every form handler decodes it.
pub fn form_fields(body: &[u8]) -> Option<BTreeMap<String, String>> {
    let req = request("application/x-www-form-urlencoded", body);
    runtime()
        .block_on(PostForm::<BTreeMap<String, String>>::from_request(req, &()))
        .ok()
        .map(|PostForm(f)| f)
}

/// What the idea form read from a multipart body: its text fields, and per
/// picture slot the size, or `None` if the file was over the limit.
pub struct Upload {
    pub fields: Vec<String>,
    pub pictures: Vec<(usize, Option<usize>)>,
}

pub const UPLOAD_BOUNDARY: &str = "fuzzboundary";

/// A multipart body (boundary [`UPLOAD_BOUNDARY`]) through the idea form's reader.
pub fn idea_upload(body: &[u8]) -> Option<Upload> {
    let ct = format!("multipart/form-data; boundary={UPLOAD_BOUNDARY}");
    let req = request(&ct, body);
    runtime().block_on(async {
        let mp = Multipart::from_request(req, &()).await.ok()?;
        let s = crate::ideas::form::read(mp).await.ok()?;
        Some(Upload {
            fields: s.fields.into_keys().collect(),
            pictures: s
                .images
                .into_iter()
                .map(|(slot, b)| (slot, b.map(|b| b.len())))
                .collect(),
        })
    })
}

/// The picture check of every upload form.
pub fn picture(bytes: &[u8]) -> Result<Processed, ImageProblem> {
    files::images::convert(bytes)
}

/// The Markdown sanitizer on its own.
pub fn sanitize(html: &str) -> String {
    crate::markdown::sanitizer().clean(html).to_string()
}

pub const MAX_PICTURE_BYTES: usize = crate::images::MAX_BYTES;

/// A survey page as the answer handler decodes it: the raw answer fields,
/// without the page's control fields.
pub fn survey_answer_fields(body: &[u8]) -> Option<domain::surveys::Raw> {
    let req = request("application/x-www-form-urlencoded", body);
    runtime()
        .block_on(PostForm::<Vec<(String, String)>>::from_request(req, &()))
        .ok()
        .map(|PostForm(pairs)| crate::surveys::raw_answers(pairs))
}

/// A column of a histogram as drawn: x, y, width and height in SVG units.
pub type Rect = [f64; 4];

/// A number question's histogram (as the results page and the public report
/// draw it): its bins, and each column's rectangle (NaN where a coordinate is
/// not a number).
pub fn histogram(values: &[(f64, u64)], answered: u64) -> (Vec<(String, u64)>, Vec<Rect>) {
    use crate::surveys::results::charts;
    let bins = charts::bins(values, "de");
    let num = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    let rects = match charts::histogram(values, answered, "en").0 {
        charts::Chart::Columns { columns, .. } => columns
            .iter()
            .map(|c| [num(&c.x), num(&c.y), num(&c.width), num(&c.height)])
            .collect(),
        _ => vec![],
    };
    (bins, rects)
}

/// The width of a chart's drawing area.
pub const CHART_WIDTH: f64 = 640.0;
