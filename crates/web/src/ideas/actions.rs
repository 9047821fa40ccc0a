//! What people do with an idea: support, follow; and what staff do: move it
//! through the workflow with a public answer, or forward it.

use app::CommandError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::FieldErrors;
use domain::ideas::Status;
use serde::Deserialize;

use super::show::{load, render_with};
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::processes::show::PageParams;
use crate::{AppError, AppResult, Member, SharedState, Staff};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    on: String,
}

pub async fn support(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ToggleForm>,
) -> AppResult<Response> {
    let on = f.on == "1";
    match app::ideas::support(&state.app, &member.actor(), id, on).await {
        Ok(_) => {}
        // Closed, or one's own idea: said in a flash message.
        Err(CommandError::Refused(e)) => {
            return Ok(redirect(&state, &format!("/ideas/{id}"), e.get("support")));
        }
        Err(e) => return Err(e.into()),
    }
    let flash = if on {
        "flash-supported"
    } else {
        "flash-support-withdrawn"
    };
    Ok(redirect(
        &state,
        &format!("/ideas/{id}#support"),
        Some(flash),
    ))
}

pub async fn follow(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ToggleForm>,
) -> AppResult<Response> {
    let on = f.on == "1";
    app::ideas::follow(&state.app, &member.actor(), id, on).await?;
    let flash = if on {
        "flash-following"
    } else {
        "flash-unfollowed"
    };
    Ok(redirect(&state, &format!("/ideas/{id}"), Some(flash)))
}

/// The idea page again, with a staff form that failed.
async fn failed_staff_form(
    state: &SharedState,
    ctx: &crate::Ctx,
    id: i64,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let (idea, process) = load(state, ctx, id).await?;
    render_with(
        state,
        ctx,
        &idea,
        &process,
        &PageParams::default(),
        None,
        Some(form),
        status,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    answer: String,
}

pub async fn set_status(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatusForm>,
) -> AppResult<Response> {
    let to = Status::parse(&f.status).ok_or_else(AppError::bad_request)?;
    let e = match app::ideas::set_status(&state.app, &staff.actor(), id, to, &f.answer).await {
        Ok(_) => {
            return Ok(redirect(
                &state,
                &format!("/ideas/{id}#answers"),
                Some("flash-idea-status-changed"),
            ));
        }
        Err(e) => e,
    };
    let form = match &e {
        CommandError::Invalid(errors) => FormState::new()
            .value("status", f.status.clone())
            .value("answer", f.answer.clone())
            .errors(errors),
        // Someone else moved the idea meanwhile: the choice of status is
        // gone, the answer stays.
        CommandError::Refused(_) => FormState::new()
            .value("answer", f.answer.clone())
            .errors(&FieldErrors::one("status", "error-status-not-allowed")),
        _ => return Err(e.into()),
    };
    let status = match e {
        CommandError::Refused(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    failed_staff_form(&state, &ctx, id, form, status).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForwardForm {
    department_id: String,
    note: String,
}

pub async fn forward(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ForwardForm>,
) -> AppResult<Response> {
    let to = f.department_id.parse::<i64>().ok();
    match app::ideas::forward(&state.app, &staff.actor(), id, to, &f.note).await {
        Ok(out) => {
            let back = if out.value {
                format!("/ideas/{id}")
            } else {
                "/staff/ideas".to_owned()
            };
            Ok(redirect(&state, &back, Some("flash-idea-forwarded")))
        }
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new()
                .value("department_id", f.department_id.clone())
                .value("note", f.note.clone())
                .errors(&errors);
            failed_staff_form(&state, &ctx, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
