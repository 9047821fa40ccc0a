//! Pictures served from the database; they were checked and re-encoded on
//! upload by `files::images`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::params::Path;
use crate::{AppError, AppResult, Ctx, SharedState};

pub use files::images::MAX_BYTES;

/// `/images/{id}/{size}`: a picture of a published process or of an idea in
/// one (drafts' pictures only for those who may manage them, never cached by
/// others).
pub async fn serve(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path((id, size)): Path<(i64, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let small = match size.as_str() {
        "small.jpg" => true,
        "large.jpg" => false,
        _ => return Err(AppError::not_found()),
    };
    let audience = db::processes::image_audience(&state.db, id).await?;
    let manages = |dep: &i64| {
        ctx.user
            .as_deref()
            .is_some_and(|u| domain::processes::may_manage(u.role, u.department_id, *dep))
    };
    // A draft's picture is shown only to those who may manage the draft; to
    // everyone else it does not exist.
    if !audience.public && !audience.departments.iter().any(manages) {
        return Err(AppError::not_found());
    }
    let etag = format!("\"img-{id}-{size}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let Some((content_type, bytes)) = db::processes::image(&state.db, id, small).await? else {
        return Err(AppError::not_found());
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // A replaced picture gets a new id, so a stored one never changes. A
    // draft's picture is no one else's business: no shared cache may keep it,
    // and the browser asks again (cheaply, by its ETag) so that access ends
    // with the right to manage.
    let cache = if audience.public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(res)
}
