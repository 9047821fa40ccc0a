use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::{self, NewToken, TokenError, TokenPurpose};
use domain::FieldErrors;
use domain::Tag;
use domain::accounts::{check_new_password, normalize_display_name, normalize_email};
use domain::limits::EMAIL_TOKEN_TTL;
use minijinja::{Value, context};
use serde::Deserialize;

use super::{exceeds, login_redirect, minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::security::{hash_password, random_token, token_hash, verify_password};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, mails};

/// The settings page with one of its three forms possibly showing errors.
fn render(
    state: &AppState,
    ctx: &Ctx,
    failed: Option<(&str, FormState)>,
    minutes: u64,
) -> AppResult<Response> {
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(state, ctx));
    };
    let mut name_form = FormState::new().value("display_name", user.display_name.clone());
    let mut email_form = FormState::new();
    let mut password_form = FormState::new();
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    match failed {
        Some(("name", f)) => name_form = f,
        Some(("email", f)) => email_form = f,
        Some((_, f)) => password_form = f,
        None => {}
    }
    let page = state.render(
        ctx,
        "accounts/settings.html",
        context! {
            email => user.email.clone(),
            name_form, email_form, password_form, minutes,
        },
    )?;
    Ok((status, page).into_response())
}

pub async fn page(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    render(&state, &ctx, None, 0)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NameForm {
    display_name: String,
}

pub async fn change_name(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<NameForm>,
) -> AppResult<Response> {
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    match normalize_display_name("display_name", &f.display_name) {
        Ok(name) => {
            accounts::update_display_name(&state.db, user.id, &name).await?;
            // Names appear beside contributions on many pages.
            state.changed(&[Tag::All]).await;
            Ok(redirect(&state, "/settings", Some("flash-saved")))
        }
        Err(e) => {
            let form = FormState::new()
                .value("display_name", f.display_name.trim())
                .errors(&e.into());
            render(&state, &ctx, Some(("name", form)), 0)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    email: String,
    current_password: String,
}

/// A new address takes effect only when its owner follows the link mailed to it.
pub async fn change_email(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<EmailForm>,
) -> AppResult<Response> {
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let limits = state.config.rate_limits;
    let fail = |errors: FieldErrors, minutes: u64| {
        let form = FormState::new()
            .value("email", f.email.trim())
            .errors(&errors);
        render(&state, &ctx, Some(("email", form)), minutes)
    };
    let email = match normalize_email("email", &f.email) {
        Ok(e) => e,
        Err(e) => return fail(e.into(), 0),
    };
    if email == user.email {
        return fail(FieldErrors::one("email", "error-email-unchanged"), 0);
    }
    if !verify_password(f.current_password.clone(), Some(user.password_hash.clone())).await {
        return fail(
            FieldErrors::one("current_password", "error-password-wrong"),
            0,
        );
    }
    if exceeds(
        &state,
        &format!("mail:{}", user.email),
        limits.mail_per_account,
    )
    .await?
    {
        return fail(
            FieldErrors::one("email", "error-rate-limited"),
            minutes(limits.mail_per_account),
        );
    }
    if accounts::by_email(&state.db, &email).await?.is_some() {
        return fail(FieldErrors::one("email", "error-email-taken"), 0);
    }
    let token = random_token()?;
    let ttl = chrono::Duration::from_std(EMAIL_TOKEN_TTL).map_err(AppError::internal)?;
    let job = mails::confirm_new_email(&state.app, ctx.lang, &email, &user.display_name, &token);
    let t = NewToken {
        hash: token_hash(&token),
        purpose: TokenPurpose::ChangeEmail,
        new_email: Some(email),
        ttl,
    };
    accounts::issue_token(&state.db, user.id, t, job).await?;
    state.jobs_waiting.notify_one();
    Ok(redirect(
        &state,
        "/settings",
        Some("flash-email-change-sent"),
    ))
}

pub async fn confirm_email(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let outcome = match accounts::confirm_email_change(&state.db, &token_hash(&token)).await {
        Ok(user) => {
            state.changed(&[Tag::User(user.id)]).await;
            "email-changed"
        }
        Err(TokenError::Expired) => "expired",
        Err(TokenError::Used) => "used",
        Err(TokenError::EmailTaken) => "email-taken",
        Err(TokenError::Unknown) => "unknown",
        Err(TokenError::Db(e)) => return Err(e.into()),
    };
    let status = if outcome == "email-changed" {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = state.render(
        &ctx,
        "accounts/verify.html",
        context! { outcome => Value::from(outcome) },
    )?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<PasswordForm>,
) -> AppResult<Response> {
    let (Some(user), Some(session)) = (ctx.user.as_deref(), ctx.session.as_deref()) else {
        return Ok(login_redirect(&state, &ctx));
    };
    let mut errors = FieldErrors::new();
    if !verify_password(f.current_password.clone(), Some(user.password_hash.clone())).await {
        errors.add("current_password", "error-password-wrong");
    }
    errors.check(check_new_password("new_password", &f.new_password));
    if !errors.is_empty() {
        return render(
            &state,
            &ctx,
            Some(("password", FormState::new().errors(&errors))),
            0,
        );
    }
    let hash = hash_password(f.new_password).await?;
    accounts::update_password(&state.db, user.id, hash, session).await?;
    tracing::info!(user = user.id, "password changed");
    Ok(redirect(
        &state,
        "/settings",
        Some("flash-password-changed"),
    ))
}
