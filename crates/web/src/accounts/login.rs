use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use db::accounts;
use domain::FieldErrors;
use domain::accounts::normalize_email;
use minijinja::context;
use serde::Deserialize;

use super::{exceeds, minutes, redirect, safe_next, start_session};
use crate::forms::{FormState, PostForm};
use crate::security::verify_password;
use crate::{AppResult, AppState, Ctx, SharedState, cookies};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(redirect(&state, &safe_next(q.next.as_deref()), None));
    }
    let form = FormState::new().value("next", safe_next(q.next.as_deref()));
    Ok(state
        .render(&ctx, "accounts/login.html", context! { form })?
        .into_response())
}

fn render_form(
    state: &AppState,
    ctx: &Ctx,
    f: &LoginForm,
    errors: &FieldErrors,
    minutes: u64,
    unverified: bool,
) -> AppResult<Response> {
    let form = FormState::new()
        .value("email", f.email.trim())
        .value("next", safe_next(Some(&f.next)))
        .errors(errors);
    let page: Html<String> = state.render(
        ctx,
        "accounts/login.html",
        context! { form, minutes, unverified },
    )?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn submit(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<LoginForm>,
) -> AppResult<Response> {
    let limits = state.config.rate_limits;
    let mut errors = FieldErrors::new();
    let email = errors.check(normalize_email("email", &f.email));
    if f.password.is_empty() {
        errors.add("password", "error-required");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return render_form(&state, &ctx, &f, &errors, 0, false);
    };
    if exceeds(&state, &format!("login-ip:{}", ctx.ip), limits.login_per_ip).await? {
        let e = FieldErrors::one("email", "error-rate-limited");
        return render_form(&state, &ctx, &f, &e, minutes(limits.login_per_ip), false);
    }
    let account_key = format!("login:{email}");
    let failures =
        db::throttle::count(&state.db, &account_key, limits.login_per_account.window).await?;
    if failures >= u64::from(limits.login_per_account.max) {
        let e = FieldErrors::one("email", "error-rate-limited");
        return render_form(
            &state,
            &ctx,
            &f,
            &e,
            minutes(limits.login_per_account),
            false,
        );
    }
    let user = accounts::by_email(&state.db, &email).await?;
    let ok = verify_password(
        f.password.clone(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let Some(user) = user.filter(|_| ok) else {
        db::throttle::hit(&state.db, &account_key, limits.login_per_account.window).await?;
        tracing::info!(ip = %ctx.ip, "failed login");
        return render_form(
            &state,
            &ctx,
            &f,
            &FieldErrors::one("email", "error-login-failed"),
            0,
            false,
        );
    };
    if !user.email_verified {
        let e = FieldErrors::one("email", "error-email-unverified");
        return render_form(&state, &ctx, &f, &e, 0, true);
    }
    db::throttle::clear(&state.db, &account_key, limits.login_per_account.window).await?;
    // A new session id on every login: an id planted before login is worthless.
    if let Some(old) = &ctx.session {
        db::sessions::delete(&state.db, old).await?;
    }
    accounts::set_locale(&state.db, user.id, ctx.lang).await?;
    let cookie = start_session(&state, &user).await?;
    tracing::info!(user = user.id, "logged in");
    let mut res = redirect(&state, &safe_next(Some(&f.next)), Some("flash-logged-in"));
    cookies::append(res.headers_mut(), cookie);
    Ok(res)
}

pub async fn logout(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    if let Some(s) = &ctx.session {
        db::sessions::delete(&state.db, s).await?;
    }
    let mut res = redirect(&state, "/", Some("flash-logged-out"));
    cookies::append(
        res.headers_mut(),
        cookies::set(cookies::SESSION, "", Some(0), state.config.secure_cookies()),
    );
    res.headers_mut().insert(
        header::HeaderName::from_static("clear-site-data"),
        header::HeaderValue::from_static("\"cache\""),
    );
    Ok(res)
}
