//! Styles, scripts and icons built into the binary. Each is served under a name
//! that carries a hash of its content, so browsers may cache it for a year and
//! still see a change at once. A theme folder may replace any of them.

use std::collections::HashMap;
use std::path::Path;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::SharedState;

const BUILT_IN: &[(&str, &[u8])] = &[
    ("app.css", include_bytes!("../static/app.css")),
    ("charts.css", include_bytes!("../static/charts.css")),
    ("opinion.css", include_bytes!("../static/opinion.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("live.js", include_bytes!("../static/live.js")),
    ("nav.js", include_bytes!("../static/nav.js")),
    ("map.js", include_bytes!("../static/map.js")),
    ("share.js", include_bytes!("../static/share.js")),
];

pub struct Asset {
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub etag: String,
}

pub struct Assets {
    /// logical name ("app.css") -> URL path ("/static/app.1a2b3c4d5e.css")
    urls: HashMap<String, String>,
    /// hashed file name -> content
    files: HashMap<String, Asset>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

impl Assets {
    pub fn load(theme_dir: Option<&Path>) -> Assets {
        let mut urls = HashMap::new();
        let mut files = HashMap::new();
        for (name, built_in) in BUILT_IN {
            let body = theme_dir
                .and_then(|d| std::fs::read(d.join("static").join(name)).ok())
                .unwrap_or_else(|| built_in.to_vec());
            let hash: String = Sha256::digest(&body)
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            urls.insert((*name).to_owned(), format!("/static/{hashed}"));
            files.insert(
                hashed,
                Asset {
                    body,
                    content_type: content_type(name),
                    etag: format!("\"{hash}\""),
                },
            );
        }
        Assets { urls, files }
    }

    /// The URL of a built-in asset by its plain name.
    pub fn url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }
}

pub async fn serve(
    State(state): State<SharedState>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = state.assets.files.get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_str(&asset.etag).ok();
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    if let Some(etag) = &etag
        && headers.get(header::IF_NONE_MATCH) == Some(etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::CACHE_CONTROL, cache)]).into_response();
    }
    let mut res = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, cache),
        ],
        asset.body.clone(),
    )
        .into_response();
    if let Some(etag) = etag {
        res.headers_mut().insert(header::ETAG, etag);
    }
    res
}
