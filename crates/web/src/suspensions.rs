//! Suspensions: the moderators' list of suspended people with a button to
//! lift each suspension early (`/moderation/suspensions`), the form that
//! suspends one person (`/moderation/users/{id}/suspend`, linked from the
//! administrators' list of users), and the notice a suspended person sees on
//! every page.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::suspensions::Suspension;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, Moderator, SharedState, dates};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/moderation/suspensions", get(list))
        .route("/moderation/suspensions/{id}/lift", post(lift))
        .route("/moderation/users/{id}/suspend", get(form).post(suspend))
}

/// The last day of a suspension as the reader writes it; None for good.
fn last_day(s: &Suspension, lang: &str) -> Option<String> {
    s.ends_at
        .map(|e| dates::date(app::suspensions::last_day(e), lang))
}

/// What the notice on a suspended person's pages says.
pub fn notice(s: &Suspension, lang: &str) -> Value {
    context! { reason => s.reason.clone(), until => last_day(s, lang) }
}

async fn list(State(state): State<SharedState>, ctx: Ctx, m: Moderator) -> AppResult<Response> {
    let rows = app::suspensions::list_active(&state.app, &m.actor()).await?;
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let until = r
                .ends_at
                .map(|e| dates::date(app::suspensions::last_day(e), ctx.lang));
            context! {
                id => r.id,
                user_id => r.user_id,
                display_name => r.display_name,
                reason => r.reason,
                since => dates::date(r.created_at.with_timezone(&chrono::Local).date_naive(), ctx.lang),
                until,
            }
        })
        .collect();
    let html = state.render(&ctx, "suspensions/list.html", context! { rows })?;
    Ok(html.into_response())
}

async fn lift(
    State(state): State<SharedState>,
    m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::suspensions::lift(&state.app, &m.actor(), id).await?;
    Ok(redirect(
        &state,
        "/moderation/suspensions",
        Some("flash-suspension-lifted"),
    ))
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    m: &Moderator,
    user_id: i64,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let Some(person) = db::accounts::by_id(&state.db, user_id)
        .await?
        .filter(|u| !db::data_rights::is_tombstone(&u.email))
    else {
        return Err(AppError::not_found());
    };
    let now = db::now();
    let history: Vec<Value> = app::suspensions::of_user(&state.app, &m.actor(), user_id)
        .await?
        .iter()
        .map(|s| {
            context! {
                id => s.id,
                reason => s.reason.clone(),
                since => dates::date(s.created_at.with_timezone(&chrono::Local).date_naive(), ctx.lang),
                until => last_day(s, ctx.lang),
                active => s.active_at(now),
                lifted => s.lifted_at.is_some(),
            }
        })
        .collect();
    let html = state.render(
        ctx,
        "suspensions/form.html",
        context! {
            person => context! { id => person.id, display_name => person.display_name.clone() },
            history,
            form,
            min_date => dates::today().to_string(),
        },
    )?;
    Ok((status, html).into_response())
}

async fn form(
    State(state): State<SharedState>,
    ctx: Ctx,
    m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_form(&state, &ctx, &m, id, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SuspendForm {
    reason: String,
    until: String,
}

async fn suspend(
    State(state): State<SharedState>,
    ctx: Ctx,
    m: Moderator,
    Path(id): Path<i64>,
    PostForm(f): PostForm<SuspendForm>,
) -> AppResult<Response> {
    let typed = || {
        FormState::new()
            .value("reason", f.reason.clone())
            .value("until", f.until.clone())
    };
    let Ok(until) = dates::parse(&f.until) else {
        let form = typed().error("until", "error-date-invalid");
        return render_form(&state, &ctx, &m, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = app::suspensions::Suspend {
        user_id: id,
        reason: f.reason.clone(),
        until,
    };
    match app::suspensions::suspend(&state.app, &m.actor(), input).await {
        Ok(_) => Ok(redirect(
            &state,
            "/moderation/suspensions",
            Some("flash-suspended"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let form = typed().errors(&errors);
            render_form(&state, &ctx, &m, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
