//! The moderators' list of held contributions (`/moderation/held`): each
//! with its author, its text and where it was written, to approve or to
//! reject with a reason that is mailed to the author.

pub mod spam;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::redirect;
use crate::discussions::page_url;
use crate::forms::PostForm;
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, Moderator, SharedState, dates};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/moderation/held", get(list))
        .route("/moderation/held/comments/{id}/approve", post(approve))
        .route("/moderation/held/comments/{id}/reject", post(reject))
}

/// The failed rejection of one item: its id, the typed reason, the message.
struct Failed {
    id: i64,
    reason: String,
    key: &'static str,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    m: &Moderator,
    failed: Option<Failed>,
    status: StatusCode,
) -> AppResult<Response> {
    let items: Vec<Value> = app::holds::held_comments(&state.app, &m.actor())
        .await?
        .into_iter()
        .map(|c| {
            let url = db::comments::Subject::of(&c.subject_kind, c.subject_id)
                .map(page_url)
                .unwrap_or_default();
            let failed_here = failed.as_ref().filter(|f| f.id == c.id);
            context! {
                id => c.id,
                author => c.author_name,
                body_html => crate::markdown::plain_to_html(&c.body),
                reason_key => format!("held-reason-{}", c.held),
                created => dates::datetime(c.created_at, ctx.lang),
                url,
                typed => failed_here.map(|f| f.reason.clone()),
                error => failed_here.map(|f| f.key),
            }
        })
        .collect();
    let html = state.render(ctx, "holds/list.html", context! { items })?;
    Ok((status, html).into_response())
}

async fn list(State(state): State<SharedState>, ctx: Ctx, m: Moderator) -> AppResult<Response> {
    render(&state, &ctx, &m, None, StatusCode::OK).await
}

async fn approve(
    State(state): State<SharedState>,
    m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::holds::approve_comment(&state.app, &m.actor(), id).await?;
    Ok(redirect(
        &state,
        "/moderation/held",
        Some("flash-held-approved"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RejectForm {
    reason: String,
}

async fn reject(
    State(state): State<SharedState>,
    ctx: Ctx,
    m: Moderator,
    Path(id): Path<i64>,
    PostForm(f): PostForm<RejectForm>,
) -> AppResult<Response> {
    match app::holds::reject_comment(&state.app, &m.actor(), id, &f.reason).await {
        Ok(_) => Ok(redirect(
            &state,
            "/moderation/held",
            Some("flash-held-rejected"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let key = errors.0.first().map_or("error-required", |e| e.key);
            let failed = Failed {
                id,
                reason: f.reason,
                key,
            };
            render(
                &state,
                &ctx,
                &m,
                Some(failed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
