use app::CommandError;
use app::accounts::Login;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use domain::FieldErrors;
use minijinja::context;
use serde::Deserialize;

use super::{fresh_csrf_cookie, minutes, redirect, safe_next, session_cookie};
use crate::forms::{FormState, PostForm};
use crate::params::Query;
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
    let input = Login {
        email: f.email.clone(),
        password: f.password.clone(),
        lang: ctx.lang.to_owned(),
        ip: ctx.ip.clone(),
        old_session: ctx.session.clone(),
    };
    let e = match app::accounts::login(&state.app, &ctx.actor(), input).await {
        Ok(out) => {
            // Staff start on their dashboard unless they were on their way elsewhere.
            let next = match safe_next(Some(&f.next)) {
                n if n == "/"
                    && matches!(
                        out.value.user.role,
                        domain::Role::Staff | domain::Role::Admin
                    ) =>
                {
                    "/staff/dashboard".to_owned()
                }
                n => n,
            };
            let mut res = redirect(&state, &next, Some("flash-logged-in"));
            cookies::append(res.headers_mut(), session_cookie(&state, &out.value.secret));
            cookies::append(res.headers_mut(), fresh_csrf_cookie(&state)?);
            return Ok(res);
        }
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let (minutes, unverified) = match &e {
        // The address's limit or the account's: each says how long to wait.
        CommandError::RateLimited("ip", _) => (minutes(limits.login_per_ip), false),
        CommandError::RateLimited("account", _) => (minutes(limits.login_per_account), false),
        CommandError::RateLimited(..) => (minutes(limits.login_per_account_and_ip), false),
        CommandError::Refused(_) => (0, errors.get("email") == Some("error-email-unverified")),
        _ => (0, false),
    };
    render_form(
        &state,
        &ctx,
        &f,
        &errors.renamed("ip", "email").renamed("account", "email"),
        minutes,
        unverified,
    )
}

pub async fn logout(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    app::accounts::logout(&state.app, &ctx.actor(), ctx.session.as_deref()).await?;
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
