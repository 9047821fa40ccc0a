//! The authors' own changes: editing the text as a new version while the
//! department has not answered, and withdrawing the idea with a reason.

use app::CommandError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::ideas::Idea;
use minijinja::context;
use serde::Deserialize;

use super::show::load;
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, Member, SharedState};

/// The edit page: the text form (or why it is refused) and the withdrawal.
async fn render(
    state: &AppState,
    ctx: &Ctx,
    idea: &Idea,
    form: FormState,
    withdraw: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let refusal = app::ideas::edit::edit_refusal(idea);
    let status = match (refusal, status) {
        (Some(_), StatusCode::OK) => StatusCode::CONFLICT,
        (_, s) => s,
    };
    let html = state.render(
        ctx,
        "ideas/edit.html",
        context! {
            idea_id => idea.id,
            idea_title => idea.title.clone(),
            version => idea.version,
            refusal,
            withdrawn => idea.withdrawn.is_some(),
            form,
            withdraw,
        },
    )?;
    Ok((status, html).into_response())
}

/// The idea, if the member writes it; others get the 403 page.
async fn own(state: &AppState, ctx: &Ctx, member: &Member, id: i64) -> AppResult<Idea> {
    let (idea, _) = load(state, ctx, id).await?;
    if !app::ideas::edit::may_edit(&state.app, &member.actor(), &idea).await? {
        return Err(AppError::forbidden());
    }
    Ok(idea)
}

pub async fn form(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let idea = own(&state, &ctx, &member, id).await?;
    let form = FormState::new()
        .value("title", idea.title.clone())
        .value("body", idea.body_md.clone());
    render(&state, &ctx, &idea, form, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditForm {
    title: String,
    body: String,
    /// Spam protection (`holds::spam`).
    website: String,
    form_stamp: String,
}

pub async fn save(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<EditForm>,
) -> AppResult<Response> {
    let actor = member.actor();
    let result = match crate::holds::spam::refusal(&state, &f.website, &f.form_stamp).await? {
        Some(key) => Err(app::CommandError::field("title", key)),
        None => app::ideas::edit::edit(&state.app, &actor, id, &f.title, &f.body).await,
    };
    let e = match result {
        Ok(_) => {
            return Ok(redirect(
                &state,
                &format!("/ideas/{id}"),
                Some("flash-idea-edited"),
            ));
        }
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let idea = own(&state, &ctx, &member, id).await?;
    let form = FormState::new()
        .value("title", f.title)
        .value("body", f.body)
        .errors(&errors);
    let status = if matches!(e, CommandError::Refused(_)) {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(&state, &ctx, &idea, form, FormState::new(), status).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    reason: String,
}

pub async fn withdraw(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<WithdrawForm>,
) -> AppResult<Response> {
    let actor = member.actor();
    let e = match app::ideas::edit::withdraw(&state.app, &actor, id, &f.reason).await {
        Ok(_) => {
            return Ok(redirect(
                &state,
                &format!("/ideas/{id}"),
                Some("flash-idea-withdrawn-done"),
            ));
        }
        Err(e) => e,
    };
    let Some(errors) = e.field_errors() else {
        return Err(e.into());
    };
    let idea = own(&state, &ctx, &member, id).await?;
    let form = FormState::new()
        .value("title", idea.title.clone())
        .value("body", idea.body_md.clone());
    let withdraw = FormState::new().value("reason", f.reason).errors(&errors);
    render(
        &state,
        &ctx,
        &idea,
        form,
        withdraw,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
