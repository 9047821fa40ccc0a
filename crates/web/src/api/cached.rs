//! The API's reads served from memory. API reads carry no session, so every
//! reader is anonymous and one answer serves all: a handler marks an answer
//! as shareable with `cache::tagged` (what it shows), it is kept in
//! `AppState::api_answers` beside the page cache and forgotten by the same
//! log, so a command's change (on this instance or, through its NOTIFY, on
//! another) drops it. `If-None-Match` is answered here, from the kept
//! entity tag.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::SharedState;
use crate::cache::{CacheTags, CachedPage, NewPage};

/// The store's language slot: an API answer is the same in every language.
const LANG: &str = "api";

/// A kept answer is at most this large.
const KEPT_LIMIT: usize = 8 * 1024 * 1024;

pub async fn serve(State(state): State<SharedState>, mut req: Request, next: Next) -> Response {
    let store = &state.api_answers;
    if req.method() != Method::GET || !store.usable() {
        return next.run(req).await;
    }
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    // Answers change with the calendar too (a phase opens at midnight).
    let key = format!("{} {path}", crate::dates::today());
    // The handler renders the whole answer, so that it can be kept; whether
    // the client holds it already is decided here.
    let held = req.headers_mut().remove(header::IF_NONE_MATCH);
    if let Some(kept) = store.get(&key, LANG) {
        return from_store(&kept, held.as_ref());
    }
    // An answer known to be shareable is rendered by one request at a time;
    // those arriving meanwhile get that rendering.
    let turn = match store.shareable(None, &path) {
        Some(_) => {
            let turn = store.turn(&key, LANG).await;
            if let Some(kept) = turn.rendered_meanwhile().or_else(|| store.get(&key, LANG)) {
                return from_store(&kept, held.as_ref());
            }
            Some(turn)
        }
        None => None,
    };
    let epoch = store.epoch();
    let res = next.run(req).await;
    let tags = res.extensions().get::<CacheTags>().cloned();
    let (Some(tags), StatusCode::OK) = (tags, res.status()) else {
        // Not kept: the client may hold it all the same.
        let etag = res.headers().get(header::ETAG);
        if res.status() == StatusCode::OK && held_matches(held.as_ref(), etag) {
            return not_modified(etag.cloned());
        }
        return res;
    };
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, KEPT_LIMIT).await {
        Ok(b) => b,
        Err(e) => return super::Problem::internal(e).into_response(),
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("application/json"));
    if turn.is_none() {
        store.learn_shareable(None, &path, tags.sharing);
    }
    let kept = store.put(
        &key,
        LANG,
        NewPage {
            body: body.clone(),
            content_type,
            etag: parts.headers.get(header::ETAG).cloned(),
            tags: tags.tags,
            involvement: None,
            rendered_at: epoch,
            max_age: None,
        },
    );
    if let Some(t) = turn {
        t.done(kept.clone());
    }
    if held_matches(held.as_ref(), parts.headers.get(header::ETAG)) {
        return not_modified(parts.headers.get(header::ETAG).cloned());
    }
    Response::from_parts(parts, Body::from(body))
}

fn from_store(kept: &CachedPage, held: Option<&HeaderValue>) -> Response {
    if held_matches(held, kept.etag.as_ref()) {
        return not_modified(kept.etag.clone());
    }
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, kept.content_type.clone());
    if let Some(e) = &kept.etag {
        headers.insert(header::ETAG, e.clone());
    }
    headers.insert(header::CACHE_CONTROL, super::cache_control());
    headers.insert("x-cache", HeaderValue::from_static("hit"));
    (headers, kept.fill("", "", "", "")).into_response()
}

fn held_matches(held: Option<&HeaderValue>, etag: Option<&HeaderValue>) -> bool {
    match (held, etag.and_then(|e| e.to_str().ok())) {
        (Some(h), Some(etag)) => super::matches_etag(h, etag),
        _ => false,
    }
}

fn not_modified(etag: Option<HeaderValue>) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(e) = etag {
        headers.insert(header::ETAG, e);
    }
    headers.insert(header::CACHE_CONTROL, super::cache_control());
    (StatusCode::NOT_MODIFIED, headers).into_response()
}
