//! Opinion maps: the voting page (one statement at a time, by the routing
//! priority of the last computation), one's own votes, statements and their
//! moderation, the map of opinion groups and the exports. The groups come from
//! what the background job stored; no math runs on a request.

mod export;
mod map;
mod pages;

pub(crate) use map::group_label;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};

use crate::{AppError, AppResult, AppState, SharedState, cookies};

/// The cookie that names an anonymous participant's browser session.
pub const SESSION_COOKIE: &str = "mitreden_opinion";

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes/{id}/opinion/new", get(pages::new_form))
        .route("/processes/{id}/opinion", post(pages::create))
        .route("/opinion/{id}", get(pages::vote_page))
        .route("/opinion/{id}/votes", post(pages::vote))
        .route("/opinion/{id}/mine", get(pages::mine))
        .route("/opinion/{id}/status", post(pages::set_open))
        .route("/opinion/{id}/statements", post(pages::add_statement))
        .route("/opinion/{id}/moderation", get(pages::moderation))
        .route("/opinion/statements/{id}/moderation", post(pages::moderate))
        .route("/opinion/{id}/map", get(map::public_map))
        .route("/opinion/{id}/map/you", get(map::my_map))
        .route("/opinion/{id}/comments.csv", get(export::comments))
        .route("/opinion/{id}/votes.csv", get(export::votes))
        .route(
            "/opinion/{id}/participants-votes.csv",
            get(export::participants_votes),
        )
        .route("/opinion/{id}/export.json", get(export::json))
}

/// The anonymous browser's key, if it carries one.
pub(crate) fn session_key(headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, SESSION_COOKIE)
        .filter(|k| {
            k.len() >= 16
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
}

/// Decoded results, kept per map while the stored one is unchanged: decoding
/// a large conversation's state takes longer than serving a page.
#[derive(Default)]
pub struct Views {
    kept: Mutex<HashMap<i64, Kept>>,
}

/// A decoded state and the time of the computation it came from.
type Kept = (DateTime<Utc>, Arc<opinion::State>);

const KEPT_MAPS: usize = 64;

/// The last stored computation of a map, if there is one.
pub(crate) async fn stored_state(
    state: &AppState,
    map_id: i64,
) -> AppResult<Option<(Arc<opinion::State>, db::opinion::ResultStamp)>> {
    let Some(stamp) = db::opinion::result_stamp(state.db.conn(), map_id).await? else {
        return Ok(None);
    };
    if let Ok(kept) = state.opinion_views.kept.lock()
        && let Some((at, s)) = kept.get(&map_id)
        && *at == stamp.computed_at
    {
        return Ok(Some((s.clone(), stamp)));
    }
    let Some(stored) = db::opinion::result(state.db.conn(), map_id).await? else {
        return Ok(None);
    };
    let decoded = tokio::task::spawn_blocking(move || app::opinion::decode_state(&stored.state))
        .await
        .map_err(AppError::internal)?;
    let s = match decoded {
        Ok(s) => Arc::new(s),
        Err(e) => {
            // The page shows the map as not yet computed; the job reports the error.
            tracing::warn!(map = map_id, error = %e, "stored opinion state unreadable");
            return Ok(None);
        }
    };
    if let Ok(mut kept) = state.opinion_views.kept.lock() {
        if kept.len() >= KEPT_MAPS {
            kept.clear();
        }
        kept.insert(map_id, (stamp.computed_at, s.clone()));
    }
    Ok(Some((s, stamp)))
}
