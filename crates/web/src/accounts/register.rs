use app::CommandError;
use app::accounts::{Link, LinkProblem, MailRequest, Registration};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::FieldErrors;
use minijinja::context;
use serde::Deserialize;

use super::{link_page, minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, SharedState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    email: String,
    display_name: String,
    password: String,
    /// Spam protection (`holds::spam`).
    website: String,
    form_stamp: String,
}

pub async fn form(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(
        &ctx,
        "accounts/register.html",
        context! { form => FormState::new() },
    )
}

fn render_form(
    state: &AppState,
    ctx: &Ctx,
    f: &RegisterForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let form = FormState::new()
        .value("email", f.email.trim())
        .value("display_name", f.display_name.trim())
        .errors(errors);
    let minutes = minutes(state.config.rate_limits.register_per_ip);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        state.render(ctx, "accounts/register.html", context! { form, minutes })?,
    )
        .into_response())
}

pub async fn submit(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<RegisterForm>,
) -> AppResult<Response> {
    if let Some(key) = crate::holds::spam::refusal(&state, &f.website, &f.form_stamp).await? {
        return render_form(&state, &ctx, &f, &FieldErrors::one("email", key));
    }
    let input = Registration {
        email: f.email.clone(),
        display_name: f.display_name.clone(),
        password: f.password.clone(),
        lang: ctx.lang.to_owned(),
        ip: ctx.ip.clone(),
    };
    match app::accounts::register(&state.app, &ctx.actor(), input).await {
        Ok(_) => Ok(redirect(&state, "/register/done", None)),
        Err(e) => match e.field_errors() {
            Some(errors) => render_form(&state, &ctx, &f, &errors),
            None => Err(e.into()),
        },
    }
}

pub async fn done(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(&ctx, "accounts/register_done.html", context! {})
}

/// The page a verification link opens: a button that verifies, so that a
/// mail system's link scanner opening the link uses nothing up. A link that
/// no longer works says so at once.
pub async fn verify_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match app::accounts::check_link(&state.app, Link::Verify, &token).await {
        Ok(()) => link_page(&state, &ctx, "verify", StatusCode::OK),
        Err(e) => verify_outcome(&state, &ctx, Err(e)),
    }
}

pub async fn verify(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let res = app::accounts::verify_email(&state.app, &ctx.actor(), &token).await;
    verify_outcome(&state, &ctx, res.map(|_| "verified"))
}

/// The page after a link was used (`Ok` with its outcome), or that tells why
/// it does not work.
pub fn verify_outcome(
    state: &AppState,
    ctx: &Ctx,
    res: Result<&'static str, CommandError>,
) -> AppResult<Response> {
    let (outcome, status) = match res {
        Ok(o) => (o, StatusCode::OK),
        Err(e) => match LinkProblem::of(&e) {
            Some(p) => (p.name(), StatusCode::BAD_REQUEST),
            None => return Err(e.into()),
        },
    };
    let page = state.render(ctx, "accounts/verify.html", context! { outcome })?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResendForm {
    email: String,
}

/// Sends a new verification link. Says the same whether or not the address is
/// registered, so the form cannot be used to find out who has an account.
pub async fn resend(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<ResendForm>,
) -> AppResult<Response> {
    let m = MailRequest {
        email: f.email,
        lang: ctx.lang.to_owned(),
        ip: ctx.ip.clone(),
    };
    match app::accounts::resend_verification(&state.app, &ctx.actor(), m).await {
        Ok(_) | Err(CommandError::Invalid(_)) => Ok(redirect(&state, "/register/done", None)),
        Err(CommandError::RateLimited(..)) => {
            Ok(redirect(&state, "/login", Some("flash-rate-limited")))
        }
        Err(e) => Err(e.into()),
    }
}
