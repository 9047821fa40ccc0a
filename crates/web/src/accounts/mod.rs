//! Accounts: registration, verification, login and logout, password reset,
//! personal settings and the language switch.

mod language;
mod login;
mod password;
mod register;
mod settings;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::accounts::User;
use domain::limits::{RateLimit, SESSION_TTL};

use crate::security::{random_token, token_hash};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, cookies};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/register", get(register::form).post(register::submit))
        .route("/register/done", get(register::done))
        .route("/verify/{token}", get(register::verify))
        .route("/verify/resend", post(register::resend))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/password/forgot",
            get(password::forgot_form).post(password::forgot_submit),
        )
        .route("/password/forgot/done", get(password::forgot_done))
        .route(
            "/password/reset/{token}",
            get(password::reset_form).post(password::reset_submit),
        )
        .route("/settings", get(settings::page))
        .route("/settings/name", post(settings::change_name))
        .route("/settings/email", post(settings::change_email))
        .route(
            "/settings/email/confirm/{token}",
            get(settings::confirm_email),
        )
        .route("/settings/password", post(settings::change_password))
        .route("/language/{code}", get(language::switch))
}

/// A 303 to `to`, optionally with a one-time message for the next page.
pub fn redirect(state: &AppState, to: &str, flash: Option<&str>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    if let Some(f) = flash {
        cookies::append(
            res.headers_mut(),
            cookies::set(cookies::FLASH, f, Some(60), state.config.secure_cookies()),
        );
    }
    res
}

/// Only local paths are followed after login or a language switch, never
/// another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The login page, returning here afterwards.
pub fn login_redirect(state: &AppState, ctx: &Ctx) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect();
    redirect(
        state,
        &format!("/login?next={next}"),
        Some("flash-login-required"),
    )
}

/// Starts a session for `user` and returns the cookie that carries it.
pub async fn start_session(state: &AppState, user: &User) -> AppResult<Option<HeaderValue>> {
    let token = random_token()?;
    let ttl = chrono::Duration::from_std(SESSION_TTL).map_err(AppError::internal)?;
    db::sessions::create(&state.db, token_hash(&token), user.id, ttl).await?;
    Ok(cookies::set(
        cookies::SESSION,
        &token,
        Some(SESSION_TTL.as_secs()),
        state.config.secure_cookies(),
    ))
}

/// Counts one event against a limit and tells whether it is now exceeded.
pub async fn exceeds(state: &AppState, key: &str, limit: RateLimit) -> AppResult<bool> {
    Ok(db::throttle::hit(&state.db, key, limit.window).await? > u64::from(limit.max))
}

/// Minutes until a limit's window ends at the latest, for the message.
pub fn minutes(limit: RateLimit) -> u64 {
    limit.window.as_secs().div_ceil(60)
}
