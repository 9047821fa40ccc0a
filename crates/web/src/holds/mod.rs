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
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{Admin, AppResult, AppState, Ctx, Moderator, SharedState, dates};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/moderation/held", get(list))
        .route("/moderation/held/comments/{id}/approve", post(approve))
        .route("/moderation/held/comments/{id}/reject", post(reject))
        .route("/moderation/held/ideas/{id}/approve", post(approve_idea))
        .route("/moderation/held/ideas/{id}/reject", post(reject_idea))
        .route("/admin/spam", get(spam_form).post(spam_save))
}

async fn render_spam(
    state: &AppState,
    ctx: &Ctx,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(ctx, "holds/spam.html", context! { form })?;
    Ok((status, html).into_response())
}

async fn spam_form(State(state): State<SharedState>, ctx: Ctx, a: Admin) -> AppResult<Response> {
    let rules = app::holds::spam_rules(&state.app, &a.actor()).await?;
    let form = FormState::new()
        .value("blocked_words", rules.blocked_words.join("\n"))
        .value("new_account_days", rules.new_account_days.to_string())
        .value("new_account_links", rules.new_account_links.to_string());
    render_spam(&state, &ctx, form, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SpamForm {
    blocked_words: String,
    new_account_days: String,
    new_account_links: String,
}

async fn spam_save(
    State(state): State<SharedState>,
    ctx: Ctx,
    a: Admin,
    PostForm(f): PostForm<SpamForm>,
) -> AppResult<Response> {
    match app::holds::save_spam_rules(
        &state.app,
        &a.actor(),
        &f.blocked_words,
        &f.new_account_days,
        &f.new_account_links,
    )
    .await
    {
        Ok(_) => Ok(redirect(&state, "/admin/spam", Some("flash-spam-saved"))),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let form = FormState::new()
                .value("blocked_words", f.blocked_words)
                .value("new_account_days", f.new_account_days)
                .value("new_account_links", f.new_account_links)
                .errors(&errors);
            render_spam(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The failed rejection of one item: its kind and id, the typed reason, the
/// message.
struct Failed {
    kind: &'static str,
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
    let failed_on = |kind: &str, id: i64| failed.as_ref().filter(|f| f.kind == kind && f.id == id);
    let comments = app::holds::held_comments(&state.app, &m.actor()).await?;
    let ideas = app::holds::held_ideas(&state.app, &m.actor()).await?;
    // Oldest first, whatever their kind.
    let mut items: Vec<(chrono::DateTime<chrono::Utc>, Value)> = comments
        .into_iter()
        .map(|c| {
            let url = db::comments::Subject::of(&c.subject_kind, c.subject_id)
                .map(page_url)
                .unwrap_or_default();
            let failed_here = failed_on("comment", c.id);
            let item = context! {
                kind => "comment",
                id => c.id,
                dom => c.id.to_string(),
                by_key => "held-comment-by",
                author => c.author_name,
                body_html => crate::markdown::plain_to_html(&c.body),
                reason_key => format!("held-reason-{}", c.held),
                created => dates::datetime(c.created_at, ctx.lang),
                url,
                typed => failed_here.map(|f| f.reason.clone()),
                error => failed_here.map(|f| f.key),
            };
            (c.created_at, item)
        })
        .collect();
    items.extend(ideas.into_iter().map(|i| {
        let failed_here = failed_on("idea", i.id);
        let item = context! {
            kind => "idea",
            id => i.id,
            dom => format!("idea-{}", i.id),
            by_key => "held-idea-by",
            author => i.author_name,
            title => i.title,
            body_html => crate::markdown::plain_to_html(&i.body_md),
            reason_key => format!("held-reason-{}", i.held),
            created => dates::datetime(i.created_at, ctx.lang),
            url => format!("/ideas/{}", i.id),
            typed => failed_here.map(|f| f.reason.clone()),
            error => failed_here.map(|f| f.key),
        };
        (i.created_at, item)
    }));
    items.sort_by_key(|(t, _)| *t);
    let items: Vec<Value> = items.into_iter().map(|(_, v)| v).collect();
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

async fn approve_idea(
    State(state): State<SharedState>,
    m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::holds::approve_idea(&state.app, &m.actor(), id).await?;
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
    let result = app::holds::reject_comment(&state.app, &m.actor(), id, &f.reason).await;
    rejected(&state, &ctx, &m, "comment", id, f, result).await
}

async fn reject_idea(
    State(state): State<SharedState>,
    ctx: Ctx,
    m: Moderator,
    Path(id): Path<i64>,
    PostForm(f): PostForm<RejectForm>,
) -> AppResult<Response> {
    let result = app::holds::reject_idea(&state.app, &m.actor(), id, &f.reason).await;
    rejected(&state, &ctx, &m, "idea", id, f, result).await
}

/// The answer to a rejection: back to the list, or the list with the message
/// at the item's reason and the reason kept.
async fn rejected(
    state: &AppState,
    ctx: &Ctx,
    m: &Moderator,
    kind: &'static str,
    id: i64,
    f: RejectForm,
    result: app::CommandResult<app::Outcome<()>>,
) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(redirect(
            state,
            "/moderation/held",
            Some("flash-held-rejected"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let key = errors.0.first().map_or("error-required", |e| e.key);
            let failed = Failed {
                kind,
                id,
                reason: f.reason,
                key,
            };
            render(
                state,
                ctx,
                m,
                Some(failed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
