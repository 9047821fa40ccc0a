use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use db::accounts::{self, CreateUserError, NewToken, NewUser, TokenError, TokenPurpose};
use domain::Tag;
use domain::accounts::{check_new_password, normalize_display_name, normalize_email};
use domain::limits::EMAIL_TOKEN_TTL;
use domain::{FieldErrors, Role};
use minijinja::context;
use serde::Deserialize;

use super::{exceeds, minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::security::{hash_password, random_token, token_hash};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, mails};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    email: String,
    display_name: String,
    password: String,
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
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        state.render(ctx, "accounts/register.html", context! { form, minutes })?,
    )
        .into_response())
}

/// A fresh verification token and the mail that carries it.
fn verification(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    name: &str,
) -> AppResult<(NewToken, db::jobs::NewJob)> {
    let token = random_token()?;
    let ttl = chrono::Duration::from_std(EMAIL_TOKEN_TTL).map_err(AppError::internal)?;
    Ok((
        NewToken {
            hash: token_hash(&token),
            purpose: TokenPurpose::VerifyEmail,
            new_email: None,
            ttl,
        },
        mails::verify_email(&state.app, ctx.lang, email, name, &token),
    ))
}

pub async fn submit(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<RegisterForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let email = errors.check(normalize_email("email", &f.email));
    let name = errors.check(normalize_display_name("display_name", &f.display_name));
    errors.check(check_new_password("password", &f.password));
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return render_form(&state, &ctx, &f, &errors);
    };
    let limits = state.config.rate_limits;
    if exceeds(
        &state,
        &format!("register-ip:{}", ctx.ip),
        limits.register_per_ip,
    )
    .await?
    {
        return render_form(
            &state,
            &ctx,
            &f,
            &FieldErrors::one("email", "error-rate-limited"),
        );
    }
    let password_hash = hash_password(f.password.clone()).await?;
    let (token, job) = verification(&state, &ctx, &email, &name)?;
    let new = NewUser {
        email,
        display_name: name,
        password_hash,
        role: Role::Citizen,
        department_id: None,
        verified: false,
    };
    match accounts::register(&state.db, new, |_| (token, job)).await {
        Ok(user) => {
            tracing::info!(user = user.id, "registered");
            accounts::set_locale(&state.db, user.id, ctx.lang).await?;
            state.jobs_waiting.notify_one();
            Ok(redirect(&state, "/register/done", None))
        }
        Err(CreateUserError::DuplicateEmail) => render_form(
            &state,
            &ctx,
            &f,
            &FieldErrors::one("email", "error-email-taken"),
        ),
        Err(CreateUserError::Db(e)) => Err(e.into()),
    }
}

pub async fn done(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(&ctx, "accounts/register_done.html", context! {})
}

pub async fn verify(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let outcome = match accounts::verify_email(&state.db, &token_hash(&token)).await {
        Ok(user) => {
            state.changed(&[Tag::User(user.id)]).await;
            "verified"
        }
        Err(TokenError::Expired) => "expired",
        Err(TokenError::Used) => "used",
        Err(TokenError::Unknown | TokenError::EmailTaken) => "unknown",
        Err(TokenError::Db(e)) => return Err(e.into()),
    };
    let status = if outcome == "verified" {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::BAD_REQUEST
    };
    Ok((
        status,
        state.render(&ctx, "accounts/verify.html", context! { outcome })?,
    )
        .into_response())
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
    let limits = state.config.rate_limits;
    let Ok(email) = normalize_email("email", &f.email) else {
        return Ok(redirect(&state, "/register/done", None));
    };
    if exceeds(&state, &format!("mail-ip:{}", ctx.ip), limits.mail_per_ip).await?
        || exceeds(&state, &format!("mail:{email}"), limits.mail_per_account).await?
    {
        return Ok(redirect(&state, "/login", Some("flash-rate-limited")));
    }
    if let Some(user) = accounts::by_email(&state.db, &email).await?
        && !user.email_verified
    {
        let (token, job) = verification(&state, &ctx, &user.email, &user.display_name)?;
        accounts::issue_token(&state.db, user.id, token, job).await?;
        state.jobs_waiting.notify_one();
    }
    Ok(redirect(&state, "/register/done", None))
}
