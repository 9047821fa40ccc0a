use app::CommandError;
use app::accounts::{Link, LinkProblem, MailRequest};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::accounts::normalize_email;
use minijinja::context;
use serde::Deserialize;

use super::{minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppResult, Ctx, SharedState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

pub async fn forgot_form(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(
        &ctx,
        "accounts/forgot.html",
        context! { form => FormState::new() },
    )
}

/// Sends a reset link if the address has an account, and answers the same
/// either way so that nobody learns who is registered.
pub async fn forgot_submit(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<ForgotForm>,
) -> AppResult<Response> {
    let m = MailRequest {
        email: f.email.clone(),
        lang: ctx.lang.to_owned(),
        ip: ctx.ip.clone(),
    };
    let e = match app::accounts::forgot_password(&state.app, &ctx.actor(), m).await {
        Ok(_) => return Ok(redirect(&state, "/password/forgot/done", None)),
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let (status, minutes, shown) = match e {
        CommandError::RateLimited(..) => (
            StatusCode::TOO_MANY_REQUESTS,
            minutes(state.config.rate_limits.mail_per_account),
            // The address as understood.
            normalize_email("email", &f.email).unwrap_or_default(),
        ),
        _ => (
            StatusCode::UNPROCESSABLE_ENTITY,
            0,
            f.email.trim().to_owned(),
        ),
    };
    let form = FormState::new().value("email", shown).errors(&errors);
    let page = state.render(&ctx, "accounts/forgot.html", context! { form, minutes })?;
    Ok((status, page).into_response())
}

pub async fn forgot_done(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(&ctx, "accounts/forgot_done.html", context! {})
}

/// The page of a link that does not work, or the command's failure.
fn token_page(state: &SharedState, ctx: &Ctx, e: CommandError) -> AppResult<Response> {
    let Some(problem) = LinkProblem::of(&e) else {
        return Err(e.into());
    };
    // A reset link cannot meet a taken address; it counts as unknown.
    let problem = match problem {
        LinkProblem::EmailTaken => LinkProblem::Unknown,
        p => p,
    };
    let page = state.render(
        ctx,
        "accounts/reset.html",
        context! { problem => problem.name() },
    )?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

pub async fn reset_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match app::accounts::check_link(&state.app, Link::Reset, &token).await {
        Ok(()) => Ok(state
            .render(
                &ctx,
                "accounts/reset.html",
                context! { form => FormState::new(), token },
            )?
            .into_response()),
        Err(e) => token_page(&state, &ctx, e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_submit(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
    PostForm(f): PostForm<ResetForm>,
) -> AppResult<Response> {
    match app::accounts::reset_password(&state.app, &ctx.actor(), &token, f.password).await {
        Ok(_) => Ok(redirect(&state, "/login", Some("flash-password-reset"))),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new().errors(&errors);
            let page = state.render(&ctx, "accounts/reset.html", context! { form, token })?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => token_page(&state, &ctx, e),
    }
}
