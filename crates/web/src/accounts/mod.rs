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
use domain::limits::{RateLimit, SESSION_TTL};

use crate::{AppResult, AppState, Ctx, SharedState, cookies};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/register", get(register::form).post(register::submit))
        .route("/register/done", get(register::done))
        .route(
            "/verify/{token}",
            get(register::verify_page).post(register::verify),
        )
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
            get(settings::confirm_email_page).post(settings::confirm_email),
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

/// The cookie that carries a session's secret.
pub fn session_cookie(state: &AppState, secret: &str) -> Option<HeaderValue> {
    cookies::set(
        cookies::SESSION,
        secret,
        Some(SESSION_TTL.as_secs()),
        state.config.secure_cookies(),
    )
}

/// The page a one-time link from a mail opens while it still works: one
/// button that posts back to the same address. Only that POST uses the link,
/// so the link scanners of mail systems, which open links, leave it be.
/// `kind` names the texts (`verify`, `email`).
pub fn link_page(
    state: &AppState,
    ctx: &Ctx,
    kind: &'static str,
    status: StatusCode,
) -> AppResult<Response> {
    let page = state.render(
        ctx,
        "accounts/confirm_link.html",
        minijinja::context! { kind, action => ctx.path.clone() },
    )?;
    Ok((status, page).into_response())
}

/// Minutes until a limit's window ends at the latest, for the message.
pub fn minutes(limit: RateLimit) -> u64 {
    limit.window.as_secs().div_ceil(60)
}
