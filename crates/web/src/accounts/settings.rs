use app::CommandError;
use app::accounts::{EmailChange, Link};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use minijinja::context;
use serde::Deserialize;

use super::register::verify_outcome;
use super::{link_page, login_redirect, minutes, redirect};
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, Member, SharedState};

/// The settings page with one of its three forms possibly showing errors.
fn render(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    failed: Option<(&str, FormState)>,
    minutes: u64,
) -> AppResult<Response> {
    let mut name_form = FormState::new().value("display_name", user.display_name.clone());
    let mut email_form = FormState::new();
    let mut password_form = FormState::new();
    let mut delete_form = FormState::new();
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    match failed {
        Some(("name", f)) => name_form = f,
        Some(("email", f)) => email_form = f,
        Some(("delete", f)) => delete_form = f,
        Some((_, f)) => password_form = f,
        None => {}
    }
    let page = state.render(
        ctx,
        "accounts/settings.html",
        context! {
            email => user.email.clone(),
            name_form, email_form, password_form, delete_form, minutes,
        },
    )?;
    Ok((status, page).into_response())
}

pub async fn page(
    State(state): State<SharedState>,
    Member(user): Member,
    ctx: Ctx,
) -> AppResult<Response> {
    render(&state, &ctx, &user, None, 0)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NameForm {
    display_name: String,
}

pub async fn change_name(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    PostForm(f): PostForm<NameForm>,
) -> AppResult<Response> {
    match app::accounts::change_name(&state.app, &member.actor(), &f.display_name).await {
        Ok(_) => Ok(redirect(&state, "/settings", Some("flash-saved"))),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new()
                .value("display_name", f.display_name.trim())
                .errors(&errors);
            render(&state, &ctx, &member.0, Some(("name", form)), 0)
        }
        Err(e) => Err(e.into()),
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
    member: Member,
    ctx: Ctx,
    PostForm(f): PostForm<EmailForm>,
) -> AppResult<Response> {
    let input = EmailChange {
        email: f.email.clone(),
        current_password: f.current_password.clone(),
        lang: ctx.lang.to_owned(),
    };
    let e = match app::accounts::change_email(&state.app, &member.actor(), input).await {
        Ok(_) => {
            return Ok(redirect(
                &state,
                "/settings",
                Some("flash-email-change-sent"),
            ));
        }
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let minutes = match e {
        CommandError::RateLimited(..) => minutes(state.config.rate_limits.mail_per_account),
        _ => 0,
    };
    let form = FormState::new()
        .value("email", f.email.trim())
        .errors(&errors);
    render(&state, &ctx, &member.0, Some(("email", form)), minutes)
}

/// The page the confirmation link opens: a button that confirms the new
/// address (see `link_page`).
pub async fn confirm_email_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match app::accounts::check_link(&state.app, Link::ChangeEmail, &token).await {
        Ok(()) => link_page(&state, &ctx, "email", StatusCode::OK),
        Err(e) => verify_outcome(&state, &ctx, Err(e)),
    }
}

pub async fn confirm_email(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let res = app::accounts::confirm_email_change(&state.app, &ctx.actor(), &token).await;
    verify_outcome(&state, &ctx, res.map(|_| "email-changed"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    PostForm(f): PostForm<PasswordForm>,
) -> AppResult<Response> {
    let Some(session) = ctx.session.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let actor = member.actor();
    match app::accounts::change_password(
        &state.app,
        &actor,
        f.current_password,
        f.new_password,
        session,
    )
    .await
    {
        Ok(_) => Ok(redirect(
            &state,
            "/settings",
            Some("flash-password-changed"),
        )),
        Err(CommandError::Invalid(errors)) => render(
            &state,
            &ctx,
            &member.0,
            Some(("password", FormState::new().errors(&errors))),
            0,
        ),
        Err(e) => Err(e.into()),
    }
}

/// Everything stored about the person, as a JSON download (GDPR Art. 15
/// and 20). Reading it changes nothing.
pub async fn export(State(state): State<SharedState>, member: Member) -> AppResult<Response> {
    let Some(data) = db::data_rights::export(&state.db, member.0.id).await? else {
        return Err(crate::AppError::not_found());
    };
    let body = serde_json::to_vec_pretty(&data).map_err(crate::AppError::internal)?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"mitreden-meine-daten.json\"",
            ),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    password: String,
}

pub async fn delete_account(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    PostForm(f): PostForm<DeleteForm>,
) -> AppResult<Response> {
    match app::accounts::delete_account(&state.app, &member.actor(), f.password).await {
        Ok(_) => {
            let mut res = redirect(&state, "/", Some("flash-account-deleted"));
            crate::cookies::append(
                res.headers_mut(),
                crate::cookies::set(
                    crate::cookies::SESSION,
                    "",
                    Some(0),
                    state.config.secure_cookies(),
                ),
            );
            Ok(res)
        }
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let form = FormState::new().errors(&errors);
            render(&state, &ctx, &member.0, Some(("delete", form)), 0)
        }
    }
}
