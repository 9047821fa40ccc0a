use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{redirect, safe_next};
use crate::params::{Path, Query};
use crate::{SharedState, cookies, i18n};

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page.
pub async fn switch(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Response {
    let mut res = redirect(&state, &safe_next(q.next.as_deref()), None);
    if let Some(lang) = i18n::supported(&code) {
        cookies::append(
            res.headers_mut(),
            cookies::set(
                cookies::LANG,
                lang,
                Some(365 * 24 * 3600),
                state.config.secure_cookies(),
            ),
        );
    }
    res.into_response()
}
