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
        .route("/settings/data.json", get(settings::export))
        .route("/settings/delete", post(settings::delete_account))
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
/// another site. Browsers drop tabs and line breaks inside a URL and read a
/// backslash as a slash, so `/\t/evil.example` or `/\\evil.example` would
/// leave the site: anything but visible ASCII, any backslash and a leading
/// `//` fall back to the start page, also when they hide behind percent
/// encoding (decoded a few times over, in case some later hop decodes again).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(n: &str) -> bool {
    if !n.starts_with('/') || !n.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let mut form = n.as_bytes().to_vec();
    for _ in 0..4 {
        let leaves = form.starts_with(b"//")
            || form.contains(&b'\\')
            || form.iter().any(|b| b.is_ascii_control());
        if leaves {
            return false;
        }
        let decoded = percent_decode(&form);
        if decoded == form {
            return true;
        }
        form = decoded;
    }
    // Still encoded after four rounds: nobody writes such a link honestly.
    false
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let pair = (s[i] == b'%')
            .then(|| Some((hex(*s.get(i + 1)?)?, hex(*s.get(i + 2)?)?)))
            .flatten();
        match pair {
            Some((hi, lo)) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            None => {
                out.push(s[i]);
                i += 1;
            }
        }
    }
    out
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

/// A new CSRF cookie for a login: a token that an attacker planted or read
/// before (on a shared computer, through a cookie set from a sibling domain)
/// stops working for the account's forms.
pub fn fresh_csrf_cookie(state: &AppState) -> AppResult<Option<HeaderValue>> {
    let token = crate::security::random_token().map_err(crate::AppError::internal)?;
    Ok(cookies::set(
        cookies::CSRF,
        &token,
        None,
        state.config.secure_cookies(),
    ))
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_the_site() {
        let hostile = [
            "",
            "evil.example",
            "https://evil.example/",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\t\t/evil.example",
            "\t//evil.example",
            "/ /evil.example",
            "/%09/evil.example",
            "/%2509/evil.example",
            "/%252509/evil.example",
            "/%0a/evil.example",
            "/%0D/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%255Cevil.example",
            "/%00",
            "/\u{7f}/evil.example",
            "/\u{0085}/evil.example",
            "/\u{2028}/evil.example",
            "/ü/evil.example",
            "/%25252525252509/evil.example",
        ];
        for n in hostile {
            assert_eq!(safe_next(Some(n)), "/", "{n:?}");
        }
        assert_eq!(safe_next(None), "/");
        let fine = [
            "/",
            "/processes/5",
            "/processes/5?page=2#comment-3",
            "/search?q=Stra%C3%9Fe",
            "/search?q=a%20b&x=%2F",
            "/ideas?q=100%25",
        ];
        for n in fine {
            assert_eq!(safe_next(Some(n)), n, "{n:?}");
        }
    }
}
