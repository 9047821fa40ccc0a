//! Downloads: streamed from the store with the type the content was found to
//! be, as an attachment with a clean name, nosniff, an ETag (the content hash)
//! answered with 304, and single byte ranges answered with 206 or 416.

use std::ops::Range;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use db::documents::{Document, Version};
use domain::documents::download_name;
use domain::processes::may_manage;
use futures_util::StreamExt;

use crate::params::Path;
use crate::{AppError, AppResult, Ctx, ErrorPage, SharedState};

/// What a `Range` header asks for, given the file's size.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    All,
    Part(Range<u64>),
    Unsatisfiable,
}

/// Parses a single `bytes=` range; several ranges, other units or nonsense
/// get the whole file, as the standard allows.
pub fn wanted(header: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::All;
    };
    if spec.contains(',') {
        return Wanted::All;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Wanted::All;
    };
    let (a, b) = (a.trim(), b.trim());
    let range = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => start..end.saturating_add(1).min(size),
        (Ok(_), Ok(_)) => return Wanted::All,
        (Ok(start), Err(_)) if b.is_empty() => start..size,
        (Err(_), Ok(n)) if a.is_empty() => {
            if n == 0 {
                return Wanted::Unsatisfiable;
            }
            size.saturating_sub(n)..size
        }
        _ => return Wanted::All,
    };
    if range.start >= size {
        Wanted::Unsatisfiable
    } else {
        Wanted::Part(range)
    }
}

/// RFC 8187 percent-encoding for `filename*`.
fn ext_value(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        ext_value(name)
    )
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        })
}

fn set(h: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

async fn serve(
    state: &SharedState,
    headers: &HeaderMap,
    doc: &Document,
    v: &Version,
    immutable: bool,
) -> AppResult<Response> {
    let etag = format!("\"{}\"", v.content_hash);
    let cache_control = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        // The current version may change; the ETag makes revalidation cheap.
        "public, max-age=0, must-revalidate"
    };
    if etag_matches(headers, &etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        set(res.headers_mut(), header::ETAG, &etag);
        set(res.headers_mut(), header::CACHE_CONTROL, cache_control);
        return Ok(res);
    }
    let size = v.size.max(0) as u64;
    // A range applies only to the version the client has (If-Range).
    let if_range_ok = headers
        .get(header::IF_RANGE)
        .and_then(|h| h.to_str().ok())
        .is_none_or(|t| t == etag);
    let range_header = headers.get(header::RANGE).and_then(|h| h.to_str().ok());
    let want = if if_range_ok {
        wanted(range_header, size)
    } else {
        Wanted::All
    };
    if want == Wanted::Unsatisfiable {
        let mut res = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
        set(
            res.headers_mut(),
            header::CONTENT_RANGE,
            &format!("bytes */{size}"),
        );
        return Ok(res);
    }
    let range = match &want {
        Wanted::Part(r) => Some(r.clone()),
        _ => None,
    };
    let download = state
        .config
        .storage
        .get(&v.content_hash, range.clone())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading a stored file failed");
            AppError::Page(ErrorPage::Unavailable)
        })?
        .ok_or_else(|| {
            tracing::error!(hash = %v.content_hash, "a stored file is missing");
            AppError::not_found()
        })?;
    let body = Body::from_stream(download.stream.map(|c| c.map_err(std::io::Error::other)));
    let mut res = body.into_response();
    let h = res.headers_mut();
    set(h, header::CONTENT_TYPE, v.file_kind.content_type());
    set(
        h,
        header::CONTENT_DISPOSITION,
        &disposition(&download_name(&doc.title, v.file_kind)),
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::ACCEPT_RANGES, "bytes");
    set(h, header::ETAG, &etag);
    set(h, header::CACHE_CONTROL, cache_control);
    match range {
        Some(r) => {
            *res.status_mut() = StatusCode::PARTIAL_CONTENT;
            let h = res.headers_mut();
            set(h, header::CONTENT_LENGTH, &(r.end - r.start).to_string());
            set(
                h,
                header::CONTENT_RANGE,
                &format!("bytes {}-{}/{size}", r.start, r.end - 1),
            );
        }
        None => set(res.headers_mut(), header::CONTENT_LENGTH, &size.to_string()),
    }
    Ok(res)
}

/// The document if this person may download it: withdrawn ones only for
/// those who manage them.
async fn downloadable(state: &SharedState, ctx: &Ctx, id: i64) -> AppResult<Document> {
    let doc = db::documents::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let manager = ctx
        .user
        .as_deref()
        .is_some_and(|u| may_manage(u.role, u.department_id, doc.department_id));
    if doc.withdrawn_at.is_some() && !manager {
        return Err(AppError::not_found());
    }
    Ok(doc)
}

pub async fn current(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let doc = downloadable(&state, &ctx, id).await?;
    let v = doc.file.clone();
    serve(&state, &headers, &doc, &v, false).await
}

pub async fn version(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path((id, n)): Path<(i64, i32)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let doc = downloadable(&state, &ctx, id).await?;
    let v = db::documents::version(&state.db, id, n)
        .await?
        .ok_or_else(AppError::not_found)?;
    serve(&state, &headers, &doc, &v, true).await
}

pub async fn preview(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let doc = downloadable(&state, &ctx, id).await?;
    if !doc.file.has_preview {
        return Err(AppError::not_found());
    }
    let etag = format!("\"p-{}\"", doc.file.content_hash);
    if etag_matches(&headers, &etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        set(res.headers_mut(), header::ETAG, &etag);
        return Ok(res);
    }
    let png = state
        .config
        .storage
        .preview(&doc.file.content_hash)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading a preview failed");
            AppError::Page(ErrorPage::Unavailable)
        })?
        .ok_or_else(AppError::not_found)?;
    let mut res = Body::from(png).into_response();
    let h = res.headers_mut();
    set(h, header::CONTENT_TYPE, "image/png");
    set(h, header::ETAG, &etag);
    set(
        h,
        header::CACHE_CONTROL,
        "public, max-age=0, must-revalidate",
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_the_standard() {
        assert_eq!(wanted(None, 100), Wanted::All);
        assert_eq!(wanted(Some("bytes=0-9"), 100), Wanted::Part(0..10));
        assert_eq!(wanted(Some("bytes=90-"), 100), Wanted::Part(90..100));
        assert_eq!(wanted(Some("bytes=-10"), 100), Wanted::Part(90..100));
        assert_eq!(wanted(Some("bytes=50-500"), 100), Wanted::Part(50..100));
        assert_eq!(wanted(Some("bytes=100-"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-1,5-6"), 100), Wanted::All);
        assert_eq!(wanted(Some("items=0-1"), 100), Wanted::All);
        assert_eq!(wanted(Some("bytes=9-3"), 100), Wanted::All);
    }

    #[test]
    fn names_are_encoded_for_the_header() {
        assert_eq!(
            disposition("Bericht Ü.pdf"),
            "attachment; filename=\"Bericht _.pdf\"; filename*=UTF-8''Bericht%20%C3%9C.pdf"
        );
    }
}
