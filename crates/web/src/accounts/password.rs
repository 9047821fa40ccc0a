use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use db::accounts::{self, NewToken, TokenError, TokenPurpose};
use domain::FieldErrors;
use domain::Tag;
use domain::accounts::{check_new_password, normalize_email};
use domain::limits::RESET_TOKEN_TTL;
use minijinja::context;
use serde::Deserialize;

use super::{exceeds, minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::security::{hash_password, random_token, token_hash};
use crate::{AppError, AppResult, Ctx, SharedState, mails};

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
    let limits = state.config.rate_limits;
    let email = match normalize_email("email", &f.email) {
        Ok(e) => e,
        Err(e) => {
            let form = FormState::new()
                .value("email", f.email.trim())
                .errors(&e.into());
            let page = state.render(&ctx, "accounts/forgot.html", context! { form })?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    if exceeds(&state, &format!("mail-ip:{}", ctx.ip), limits.mail_per_ip).await?
        || exceeds(&state, &format!("mail:{email}"), limits.mail_per_account).await?
    {
        let form = FormState::new()
            .value("email", email)
            .errors(&FieldErrors::one("email", "error-rate-limited"));
        let minutes = minutes(limits.mail_per_account);
        let page = state.render(&ctx, "accounts/forgot.html", context! { form, minutes })?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    if let Some(user) = accounts::by_email(&state.db, &email).await? {
        let token = random_token()?;
        let ttl = chrono::Duration::from_std(RESET_TOKEN_TTL).map_err(AppError::internal)?;
        let job = mails::reset_password(
            &state.app,
            ctx.lang,
            &user.email,
            &user.display_name,
            &token,
        );
        let t = NewToken {
            hash: token_hash(&token),
            purpose: TokenPurpose::ResetPassword,
            new_email: None,
            ttl,
        };
        accounts::issue_token(&state.db, user.id, t, job).await?;
        state.jobs_waiting.notify_one();
    }
    Ok(redirect(&state, "/password/forgot/done", None))
}

pub async fn forgot_done(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(&ctx, "accounts/forgot_done.html", context! {})
}

fn token_problem(e: &TokenError) -> Option<&'static str> {
    match e {
        TokenError::Expired => Some("expired"),
        TokenError::Used => Some("used"),
        TokenError::Unknown | TokenError::EmailTaken => Some("unknown"),
        TokenError::Db(_) => None,
    }
}

fn token_page(state: &SharedState, ctx: &Ctx, problem: &str) -> AppResult<Response> {
    let page = state.render(ctx, "accounts/reset.html", context! { problem })?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

pub async fn reset_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match accounts::check_token(&state.db, &token_hash(&token), TokenPurpose::ResetPassword).await {
        Ok(()) => Ok(state
            .render(
                &ctx,
                "accounts/reset.html",
                context! { form => FormState::new(), token },
            )?
            .into_response()),
        Err(e) => match token_problem(&e) {
            Some(p) => token_page(&state, &ctx, p),
            None => Err(AppError::internal(e)),
        },
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
    if let Err(e) = check_new_password("password", &f.password) {
        let form = FormState::new().errors(&e.into());
        let page = state.render(&ctx, "accounts/reset.html", context! { form, token })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = hash_password(f.password).await?;
    match accounts::reset_password(&state.db, &token_hash(&token), hash).await {
        Ok(user) => {
            // The reset ended every session of theirs.
            state.changed(&[Tag::User(user.id)]).await;
            tracing::info!(user = user.id, "password reset");
            Ok(redirect(&state, "/login", Some("flash-password-reset")))
        }
        Err(TokenError::Db(e)) => Err(e.into()),
        Err(e) => token_page(&state, &ctx, token_problem(&e).unwrap_or("unknown")),
    }
}
