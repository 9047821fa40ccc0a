//! Developing an idea together: co-authors by invitation, suggested changes
//! that the authors accept or decline with a reason, and the versions.

use app::CommandError;
use app::ideas::together::Change;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;

use super::show::{load, render_with};
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::{Num, Path, Query};
use crate::processes::show::PageParams;
use crate::{AppError, AppResult, AppState, Ctx, Member, SharedState, dates, diff};

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
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<InviteForm>,
) -> AppResult<Response> {
    match app::ideas::together::invite(&state.app, &member.actor(), id, &f.email).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/ideas/{id}#together"),
            Some("flash-coauthor-invited"),
        )),
        Err(e @ (CommandError::Invalid(_) | CommandError::RateLimited(..))) => {
            let errors = e.field_errors().unwrap_or_default();
            let form = FormState::new()
                .value("_form", "invite")
                .value("email", f.email.trim())
                .errors(&errors);
            let mut res = failed(&state, &ctx, id, form).await?;
            if matches!(e, CommandError::RateLimited(..)) {
                *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    accept: String,
}

pub async fn answer_invitation(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
    PostForm(f): PostForm<AnswerForm>,
) -> AppResult<Response> {
    let accept = f.accept == "1";
    app::ideas::together::answer_invitation(&state.app, &member.actor(), id, accept).await?;
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
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<SuggestForm>,
) -> AppResult<Response> {
    let change = Change {
        title: f.title.clone(),
        body: f.body.clone(),
        note: f.note.clone(),
    };
    let e = match app::ideas::together::suggest(&state.app, &member.actor(), id, &change).await {
        Ok(_) => {
            return Ok(redirect(
                &state,
                &format!("/ideas/{id}#together"),
                Some("flash-suggestion-saved"),
            ));
        }
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let form = FormState::new()
        .value("_form", "suggest")
        .value("title", f.title)
        .value("body", f.body)
        .value("note", f.note)
        .errors(&errors);
    failed(&state, &ctx, id, form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    accept: String,
    reason: String,
}

pub async fn decide(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(sid): Path<i64>,
    PostForm(f): PostForm<DecideForm>,
) -> AppResult<Response> {
    let accept = f.accept == "1";
    let actor = member.actor();
    match app::ideas::together::decide(&state.app, &actor, sid, accept, &f.reason).await {
        Ok(out) => {
            let flash = if accept {
                "flash-suggestion-accepted"
            } else {
                "flash-suggestion-declined"
            };
            Ok(redirect(
                &state,
                &format!("/ideas/{}#together", out.value),
                Some(flash),
            ))
        }
        Err(CommandError::Invalid(errors)) => {
            let idea_id = app::ideas::together::idea_of(&state.app, &actor, sid).await?;
            let form = FormState::new()
                .value("_form", format!("decide-{sid}"))
                .value("reason", f.reason.clone())
                .errors(&errors);
            failed(&state, &ctx, idea_id, form).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionParams {
    from: Num<i32>,
    to: Num<i32>,
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
    let to = p.to.0.filter(|n| *n != 0).unwrap_or(latest);
    let from = p
        .from
        .0
        .filter(|n| *n != 0)
        .unwrap_or(to.saturating_sub(1).max(1));
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
