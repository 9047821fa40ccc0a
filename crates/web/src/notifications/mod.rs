//! Notifications on the web: the list (`/notifications`), the settings per
//! kind (`/settings/notifications`), the one-click unsubscribe of mails
//! (`/unsubscribe/{token}`), following a process, and the share links of
//! processes and ideas (`share`).

pub mod share;

use app::CommandError;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::notifications::{DELIVERIES, KINDS};
use i18n::FluentValue;
use minijinja::context;
use serde::Deserialize;

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, Member, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(mark_read))
        .route(
            "/settings/notifications",
            get(settings_page).post(save_settings),
        )
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/processes/{id}/follow", post(follow_process))
        .route("/share/mastodon", get(share::mastodon))
}

/// Whether a path is a one-click unsubscribe, which is posted without a form
/// token.
pub fn is_unsubscribe_path(path: &str) -> bool {
    path.strip_prefix("/unsubscribe/")
        .is_some_and(|t| !t.is_empty() && !t.contains('/'))
}

/// What the header says of a reader's unread notifications, read afresh at
/// each request (one indexed count), so that news shows at once without
/// forgetting anything kept of the people told.
pub async fn unread_of(state: &AppState, lang: &str, user_id: i64) -> String {
    match db::notifications::unread(&state.db, user_id).await {
        Ok(n) => unread_text(state, lang, n),
        Err(e) => {
            // The page is still worth showing without its count.
            tracing::warn!(error = %e, "could not count unread notifications");
            String::new()
        }
    }
}

/// What the header says of `n` unread notifications: nothing for none.
pub fn unread_text(state: &AppState, lang: &str, n: i64) -> String {
    if n <= 0 {
        return String::new();
    }
    state.i18n.t(
        lang,
        "notifications-unread",
        &[("count", FluentValue::from(n))],
    )
}

async fn list(State(state): State<SharedState>, member: Member, ctx: Ctx) -> AppResult<Response> {
    let all = app::notifications::list(&state.app, &member.actor()).await?;
    let unread = all.iter().filter(|n| n.read_at.is_none()).count();
    let items: Vec<_> = all
        .into_iter()
        .map(|n| {
            context! {
                text => app::notifications::describe(&state.app, ctx.lang, &n.kind, &n.title, &n.detail),
                kind => n.kind,
                link => n.link,
                unread => n.read_at.is_none(),
                created => crate::dates::datetime(n.created_at, ctx.lang),
                created_iso => n.created_at.to_rfc3339(),
            }
        })
        .collect();
    Ok(state
        .render(
            &ctx,
            "notifications/list.html",
            context! { items, unread_count => unread },
        )?
        .into_response())
}

async fn mark_read(
    State(state): State<SharedState>,
    member: Member,
    PostForm(_): PostForm<Empty>,
) -> AppResult<Response> {
    app::notifications::mark_read(&state.app, &member.actor()).await?;
    Ok(redirect(
        &state,
        "/notifications",
        Some("flash-notifications-read"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Empty {}

async fn render_settings(
    state: &AppState,
    ctx: &Ctx,
    current: Vec<(&'static str, String)>,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let kinds: Vec<_> = current
        .into_iter()
        .map(|(kind, delivery)| context! { kind, delivery })
        .collect();
    let html = state.render(
        ctx,
        "notifications/settings.html",
        context! { kinds, deliveries => DELIVERIES, form },
    )?;
    Ok((status, html).into_response())
}

async fn settings_page(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
) -> AppResult<Response> {
    let current = app::notifications::settings(&state.app, &member.actor()).await?;
    render_settings(&state, &ctx, current, FormState::new(), StatusCode::OK).await
}

async fn save_settings(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    PostForm(f): PostForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let chosen: Vec<(String, String)> = f
        .into_iter()
        .filter(|(k, _)| KINDS.contains(&k.as_str()))
        .collect();
    match app::notifications::save_settings(&state.app, &member.actor(), &chosen).await {
        Ok(_) => Ok(redirect(
            &state,
            "/settings/notifications",
            Some("flash-notification-settings-saved"),
        )),
        Err(CommandError::Invalid(e)) => {
            let current = KINDS
                .iter()
                .map(|k| {
                    let d = chosen
                        .iter()
                        .find(|(c, _)| c == k)
                        .map_or(String::new(), |(_, d)| d.clone());
                    (*k, d)
                })
                .collect();
            let form = FormState::new().errors(&e);
            render_settings(
                &state,
                &ctx,
                current,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn unsubscribe_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let kind = app::notifications::unsubscribe_target(&state.app, &token).await?;
    let html = state.render(
        &ctx,
        "notifications/unsubscribe.html",
        context! { kind, token, done => false },
    )?;
    Ok(html.into_response())
}

/// The one-click unsubscribe (RFC 8058): mail programs post
/// `List-Unsubscribe=One-Click`, people the page's button; both turn the kind
/// off, and whatever the body says.
async fn unsubscribe(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let outcome = app::notifications::unsubscribe(&state.app, &token).await?;
    let html = state.render(
        &ctx,
        "notifications/unsubscribe.html",
        context! { kind => outcome.value, done => true },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    on: String,
}

async fn follow_process(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ToggleForm>,
) -> AppResult<Response> {
    let on = f.on == "1";
    app::notifications::follow_process(&state.app, &member.actor(), id, on).await?;
    let flash = if on {
        "flash-process-following"
    } else {
        "flash-process-unfollowed"
    };
    Ok(redirect(&state, &format!("/processes/{id}"), Some(flash)))
}
