//! What people do with an idea: support, follow; and what staff do: move it
//! through the workflow with a public answer, or forward it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::FieldErrors;
use domain::Tag;
use domain::ideas::{Status, check_answer, check_reason, may_handle};
use serde::Deserialize;

use super::show::{load, render_with};
use crate::accounts::{login_redirect, redirect};
use crate::forms::{FormState, PostForm};
use crate::processes::show::PageParams;
use crate::{AppError, AppResult, SharedState, dates, mails, markdown};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    on: String,
}

pub async fn support(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ToggleForm>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let open = process.status == domain::processes::Status::Published
        && process.phases.participation_open(dates::today());
    if !open {
        return Ok(redirect(
            &state,
            &format!("/ideas/{id}"),
            Some("flash-participation-closed"),
        ));
    }
    if idea.author_id == user.id {
        return Ok(redirect(
            &state,
            &format!("/ideas/{id}"),
            Some("flash-no-own-support"),
        ));
    }
    db::ideas::set_support(&state.db, id, user.id, f.on == "1").await?;
    state
        .changed(&[Tag::Idea(id), Tag::Process(process.id), Tag::Lists])
        .await;
    let flash = if f.on == "1" {
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
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ToggleForm>,
) -> AppResult<Response> {
    load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    db::ideas::set_follow(&state.db, id, user.id, f.on == "1").await?;
    let flash = if f.on == "1" {
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
    idea: &db::ideas::Idea,
    process: &db::processes::Process,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    render_with(
        state,
        ctx,
        idea,
        process,
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
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatusForm>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    if !may_handle(user.role, user.department_id, idea.department_id) {
        return Err(AppError::forbidden());
    }
    let to = Status::parse(&f.status).ok_or_else(AppError::bad_request)?;
    let mut errors = FieldErrors::new();
    if !idea.status.may_become(to) {
        errors.add("status", "error-status-not-allowed");
    }
    let answer = if to.needs_answer() {
        errors.check(check_answer(&f.answer))
    } else {
        Some(f.answer.trim().to_owned())
    };
    let (Some(answer), true) = (answer, errors.is_empty()) else {
        let form = FormState::new()
            .value("status", f.status.clone())
            .value("answer", f.answer.clone())
            .errors(&errors);
        return failed_staff_form(
            &state,
            &ctx,
            &idea,
            &process,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let html = markdown::to_html(&answer);
    let link = state.config.link(&format!("/ideas/{id}"));
    let title = idea.title.clone();
    let res = db::ideas::set_status(&state.db, id, to, &answer, &html, user.id, |people| {
        people
            .iter()
            .map(|r| mails::idea_status(&state.app, r, &title, to.as_str(), &answer, &link))
            .collect()
    })
    .await;
    match res {
        Ok(()) => {}
        Err(db::ideas::StatusError::NotAllowed { .. }) => {
            let form = FormState::new()
                .value("answer", f.answer.clone())
                .errors(&FieldErrors::one("status", "error-status-not-allowed"));
            return failed_staff_form(&state, &ctx, &idea, &process, form, StatusCode::CONFLICT)
                .await;
        }
        Err(db::ideas::StatusError::NotFound) => return Err(AppError::not_found()),
        Err(db::ideas::StatusError::Db(e)) => return Err(e.into()),
    }
    state.jobs_waiting.notify_one();
    state
        .changed(&[Tag::Idea(id), Tag::Process(process.id), Tag::Lists])
        .await;
    tracing::info!(
        idea = id,
        status = to.as_str(),
        by = user.id,
        "idea status changed"
    );
    Ok(redirect(
        &state,
        &format!("/ideas/{id}#answers"),
        Some("flash-idea-status-changed"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForwardForm {
    department_id: String,
    note: String,
}

pub async fn forward(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ForwardForm>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    if !may_handle(user.role, user.department_id, idea.department_id) {
        return Err(AppError::forbidden());
    }
    let mut errors = FieldErrors::new();
    let to = f.department_id.parse::<i64>().ok();
    match to {
        Some(d)
            if d != idea.department_id && db::departments::by_id(&state.db, d).await?.is_some() => {
        }
        _ => errors.add("department_id", "error-department-unknown"),
    }
    let note = errors.check(check_reason("note", &f.note));
    let (Some(to), Some(note), true) = (to, note, errors.is_empty()) else {
        let form = FormState::new()
            .value("department_id", f.department_id.clone())
            .value("note", f.note.clone())
            .errors(&errors);
        return failed_staff_form(
            &state,
            &ctx,
            &idea,
            &process,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    db::ideas::forward(&state.db, id, to, user.id, &note).await?;
    state.changed(&[Tag::Idea(id), Tag::Lists]).await;
    tracing::info!(idea = id, to, by = user.id, "idea forwarded");
    let back = if may_handle(user.role, user.department_id, to) {
        format!("/ideas/{id}")
    } else {
        "/staff/ideas".to_owned()
    };
    Ok(redirect(&state, &back, Some("flash-idea-forwarded")))
}
