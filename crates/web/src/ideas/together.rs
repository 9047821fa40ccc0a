//! Developing an idea together: co-authors by invitation, suggested changes
//! that the authors accept or decline with a reason, and the versions.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::ideas::Idea;
use domain::FieldErrors;
use domain::Tag;
use domain::ideas::{check_reason, check_text};
use minijinja::context;
use serde::Deserialize;

use super::show::{load, render_with};
use crate::accounts::{login_redirect, redirect};
use crate::forms::{FormState, PostForm};
use crate::processes::show::PageParams;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates, diff, markdown};

/// Whether `user` writes this idea: its author or an accepted co-author.
pub async fn is_author(state: &AppState, idea: &Idea, user: i64) -> AppResult<bool> {
    Ok(idea.author_id == user
        || db::ideas::relation(&state.db, idea.id, user)
            .await?
            .coauthor)
}

async fn failed(state: &AppState, ctx: &Ctx, id: i64, form: FormState) -> AppResult<Response> {
    let (idea, process) = load(state, ctx, id).await?;
    render_with(
        state,
        ctx,
        &idea,
        &process,
        &PageParams::default(),
        None,
        Some(form),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
}

pub async fn invite(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<InviteForm>,
) -> AppResult<Response> {
    let (idea, _) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    if !is_author(&state, &idea, user.id).await? {
        return Err(AppError::forbidden());
    }
    let fail = |key| {
        FormState::new()
            .value("_form", "invite")
            .value("email", f.email.trim())
            .errors(&FieldErrors::one("email", key))
    };
    let email = match domain::accounts::normalize_email("email", &f.email) {
        Ok(e) => e,
        Err(e) => return failed(&state, &ctx, id, fail(e.key)).await,
    };
    let Some(invitee) = db::accounts::by_email(&state.db, &email).await? else {
        return failed(&state, &ctx, id, fail("error-coauthor-unknown")).await;
    };
    if invitee.id == idea.author_id || is_author(&state, &idea, invitee.id).await? {
        return failed(&state, &ctx, id, fail("error-coauthor-already")).await;
    }
    let link = state.config.link(&format!("/ideas/{id}"));
    let mail = crate::mails::coauthor_invitation(
        &state.app,
        &invitee,
        &user.display_name,
        &idea.title,
        &link,
    );
    db::ideas::invite_coauthor(&state.db, id, invitee.id, Some(mail)).await?;
    // The invitation shows on the invitee's page of the idea.
    state.changed(&[Tag::User(invitee.id)]).await;
    state.jobs_waiting.notify_one();
    Ok(redirect(
        &state,
        &format!("/ideas/{id}#together"),
        Some("flash-coauthor-invited"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    accept: String,
}

pub async fn answer_invitation(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<AnswerForm>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let accept = f.accept == "1";
    if !db::ideas::answer_invitation(&state.db, id, user.id, accept).await? {
        return Err(AppError::not_found());
    }
    state
        .changed(&[Tag::Idea(idea.id), Tag::Process(process.id)])
        .await;
    let flash = if accept {
        "flash-coauthor-accepted"
    } else {
        "flash-coauthor-declined"
    };
    Ok(redirect(
        &state,
        &format!("/ideas/{id}#together"),
        Some(flash),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SuggestForm {
    title: String,
    body: String,
    note: String,
}

pub async fn suggest(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<SuggestForm>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    if is_author(&state, &idea, user.id).await? {
        return Err(AppError::forbidden());
    }
    let open = process.status == domain::processes::Status::Published
        && process.phases.participation_open(dates::today());
    let mut errors = match check_text(&f.title, &f.body) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    let note = errors.check(check_reason("note", &f.note));
    if !open {
        errors.add("body", "error-participation-closed");
    }
    if f.title.trim() == idea.title && f.body.trim() == idea.body_md.trim() {
        errors.add("body", "error-suggestion-unchanged");
    }
    let (Ok(text), Some(note), true) = (check_text(&f.title, &f.body), note, errors.is_empty())
    else {
        let form = FormState::new()
            .value("_form", "suggest")
            .value("title", f.title.clone())
            .value("body", f.body.clone())
            .value("note", f.note.clone())
            .errors(&errors);
        return failed(&state, &ctx, id, form).await;
    };
    db::ideas::suggest(&state.db, id, user.id, &text.title, &text.body, &note).await?;
    state.changed(&[Tag::Idea(id)]).await;
    Ok(redirect(
        &state,
        &format!("/ideas/{id}#together"),
        Some("flash-suggestion-saved"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    accept: String,
    reason: String,
}

pub async fn decide(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(sid): Path<i64>,
    PostForm(f): PostForm<DecideForm>,
) -> AppResult<Response> {
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    // Find the suggestion's idea through the ideas the suggestion may belong to.
    let idea_id = sid_idea(&state, sid).await?;
    let (idea, process) = load(&state, &ctx, idea_id).await?;
    if !is_author(&state, &idea, user.id).await? {
        return Err(AppError::forbidden());
    }
    let reason = match check_reason("reason", &f.reason) {
        Ok(r) => r,
        Err(e) => {
            let form = FormState::new()
                .value("_form", format!("decide-{sid}"))
                .value("reason", f.reason.clone())
                .errors(&e.into());
            return failed(&state, &ctx, idea_id, form).await;
        }
    };
    let accept = f.accept == "1";
    if !db::ideas::decide(&state.db, sid, accept, &reason, user.id, markdown::to_html).await? {
        return Err(AppError::not_found());
    }
    state
        .changed(&[
            Tag::Idea(idea_id),
            Tag::Process(process.id),
            Tag::Lists,
            Tag::Search,
        ])
        .await;
    let flash = if accept {
        "flash-suggestion-accepted"
    } else {
        "flash-suggestion-declined"
    };
    Ok(redirect(
        &state,
        &format!("/ideas/{idea_id}#together"),
        Some(flash),
    ))
}

async fn sid_idea(state: &AppState, sid: i64) -> AppResult<i64> {
    db::ideas::suggestion_idea(&state.db, sid)
        .await?
        .ok_or_else(AppError::not_found)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionParams {
    from: i32,
    to: i32,
}

pub async fn versions(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<VersionParams>,
) -> AppResult<Response> {
    let (idea, _) = load(&state, &ctx, id).await?;
    let all = db::ideas::versions(&state.db, id).await?;
    let latest = all.last().map(|v| v.version).unwrap_or(1);
    let to = if p.to == 0 { latest } else { p.to };
    let from = if p.from == 0 { (to - 1).max(1) } else { p.from };
    let pick = |n: i32| all.iter().find(|v| v.version == n);
    let (Some(a), Some(b)) = (pick(from), pick(to)) else {
        return Err(AppError::not_found());
    };
    let list: Vec<_> = all
        .iter()
        .map(|v| {
            context! {
                version => v.version,
                title => v.title.clone(),
                author => v.author_name.clone(),
                created => dates::datetime(v.created_at, ctx.lang),
            }
        })
        .collect();
    let html = state.render(
        &ctx,
        "ideas/versions.html",
        context! {
            idea_id => idea.id,
            idea_title => idea.title.clone(),
            versions => list,
            from, to,
            title_diff => minijinja::Value::from_safe_string(diff::words(&a.title, &b.title)),
            body_diff => minijinja::Value::from_safe_string(diff::words(&a.body_md, &b.body_md)),
        },
    )?;
    Ok(html.into_response())
}
