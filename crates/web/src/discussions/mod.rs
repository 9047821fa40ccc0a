//! Discussions: writing, replying, reacting, editing and deleting comments,
//! and the live stream. Shared by every feature that has a discussion.

pub mod live;
pub mod view;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::comments::{Comment, CommentError, Subject};
use db::processes::Process;
use domain::FieldErrors;
use domain::comments::{Reaction, check_body, may_edit};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::{exceeds, login_redirect, redirect, safe_next};
use crate::cache::{self, tagged};
use crate::forms::{FormState, PostForm};
use crate::processes::show::{FailedComment, PageParams, load_visible, render_page};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates};
use view::{Viewer, comment_view};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes/{id}/comments", post(write))
        .route("/processes/{id}/live", get(live::stream))
        .route("/comments/{id}", get(permalink))
        .route("/comments/{id}/edit", get(edit_form).post(edit))
        .route("/comments/{id}/delete", get(delete_form).post(delete))
        .route("/comments/{id}/react", post(react))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WriteForm {
    body: String,
    parent_id: String,
    return_to: String,
}

/// The page params encoded in a `return_to` path, so a failed form shows the
/// same page of the discussion.
fn params_of(return_to: &str) -> PageParams {
    let query = return_to.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut p = PageParams::default();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "sort" => p.sort = v.into_owned(),
            "page" => p.page = v.parse().unwrap_or(1),
            _ => {}
        }
    }
    p
}

fn open_for_writing(p: &Process) -> bool {
    p.status == domain::processes::Status::Published && p.phases.participation_open(dates::today())
}

pub async fn write(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<WriteForm>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let parent_id = f.parent_id.trim().parse::<i64>().ok();
    let params = params_of(&f.return_to);
    let fail = |errors: FieldErrors| FailedComment {
        parent_id,
        form: FormState::new()
            .value("body", f.body.clone())
            .errors(&errors),
    };
    if !open_for_writing(&process) {
        let failed = fail(FieldErrors::one("body", "error-participation-closed"));
        return render_page(
            &state,
            &ctx,
            &process,
            &params,
            Some(failed),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let body = match check_body(&f.body) {
        Ok(b) => b,
        Err(e) => {
            return render_page(
                &state,
                &ctx,
                &process,
                &params,
                Some(fail(e.into())),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let limit = state.config.rate_limits.comments_per_account;
    if exceeds(&state, &format!("comment:{}", user.id), limit).await? {
        let failed = fail(FieldErrors::one("body", "error-comment-rate-limited"));
        return render_page(
            &state,
            &ctx,
            &process,
            &params,
            Some(failed),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    match db::comments::create(&state.db, Subject::process(id), parent_id, user.id, &body).await {
        Ok(cid) => {
            live::comment_written(&state, cid);
            state
                .changed(&[
                    cache::process_tag(id),
                    cache::LISTS.into(),
                    cache::SEARCH.into(),
                ])
                .await;
            let back = safe_back(&f.return_to, id);
            Ok(redirect(
                &state,
                &format!("{back}#comment-{cid}"),
                Some("flash-comment-saved"),
            ))
        }
        Err(CommentError::ParentNotFound) => {
            // The comment replied to is not on this page: show the problem at the top.
            let mut failed = fail(FieldErrors::one("body", "error-reply-target-gone"));
            failed.parent_id = None;
            render_page(
                &state,
                &ctx,
                &process,
                &params,
                Some(failed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CommentError::Db(e)) => Err(e.into()),
    }
}

/// Where to go back to after a comment action: the given page of this process,
/// never anywhere else.
fn safe_back(return_to: &str, process_id: i64) -> String {
    let own = format!("/processes/{process_id}");
    let next = safe_next(Some(return_to));
    if next == own || next.starts_with(&format!("{own}?")) {
        next
    } else {
        own
    }
}

/// The comment and its process, if the viewer may see them.
async fn load(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(Comment, Process)> {
    let c = db::comments::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if c.subject_kind != "process" {
        return Err(AppError::not_found());
    }
    let p = load_visible(state, ctx, c.subject_id).await?;
    Ok((c, p))
}

pub async fn permalink(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    let viewer = Viewer::of(ctx.user.as_deref());
    let view = comment_view(&c, viewer, ctx.lang, None);
    let html = state.render(
        &ctx,
        "discussions/permalink.html",
        context! {
            c => Value::from(Serde(view)),
            process_id => p.id,
            process_title => p.title.clone(),
            parent_id => c.parent_id,
        },
    )?;
    Ok(tagged(html, vec![cache::process_tag(p.id)]))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditForm {
    body: String,
}

fn editable(ctx: &Ctx, c: &Comment) -> bool {
    ctx.user.as_deref().is_some_and(|u| u.id == c.author_id)
        && !c.deleted
        && may_edit(c.created_at, chrono::Utc::now())
}

async fn render_edit(
    state: &AppState,
    ctx: &Ctx,
    c: &Comment,
    p: &Process,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let page = state.render(
        ctx,
        "discussions/edit.html",
        context! { form, comment_id => c.id, process_id => p.id, process_title => p.title.clone() },
    )?;
    Ok((status, page).into_response())
}

pub async fn edit_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !editable(&ctx, &c) {
        return Err(AppError::forbidden());
    }
    render_edit(
        &state,
        &ctx,
        &c,
        &p,
        FormState::new().value("body", c.body.clone()),
        StatusCode::OK,
    )
    .await
}

pub async fn edit(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<EditForm>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !editable(&ctx, &c) {
        let form = FormState::new()
            .value("body", f.body.clone())
            .errors(&FieldErrors::one("body", "error-edit-window-over"));
        return render_edit(&state, &ctx, &c, &p, form, StatusCode::FORBIDDEN).await;
    }
    match check_body(&f.body) {
        Ok(body) => {
            db::comments::edit(&state.db, id, &body).await?;
            state
                .changed(&[cache::process_tag(p.id), cache::SEARCH.into()])
                .await;
            Ok(redirect(
                &state,
                &format!("/processes/{}#comment-{id}", p.id),
                Some("flash-comment-edited"),
            ))
        }
        Err(e) => {
            let form = FormState::new()
                .value("body", f.body.clone())
                .errors(&e.into());
            render_edit(&state, &ctx, &c, &p, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

fn deletable(ctx: &Ctx, c: &Comment) -> bool {
    !c.deleted
        && ctx.user.as_deref().is_some_and(|u| {
            u.id == c.author_id || matches!(u.role, domain::Role::Moderator | domain::Role::Admin)
        })
}

pub async fn delete_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !deletable(&ctx, &c) {
        return Err(AppError::forbidden());
    }
    let view = comment_view(&c, Viewer::of(ctx.user.as_deref()), ctx.lang, None);
    Ok(state
        .render(
            &ctx,
            "discussions/delete.html",
            context! { c => Value::from(Serde(view)), process_id => p.id, process_title => p.title.clone() },
        )?
        .into_response())
}

pub async fn delete(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !deletable(&ctx, &c) {
        return Err(AppError::forbidden());
    }
    db::comments::delete(&state.db, id).await?;
    state
        .changed(&[
            cache::process_tag(p.id),
            cache::LISTS.into(),
            cache::SEARCH.into(),
        ])
        .await;
    tracing::info!(
        comment = id,
        by = ctx.user.as_deref().map(|u| u.id),
        "comment deleted"
    );
    Ok(redirect(
        &state,
        &format!("/processes/{}#comment-{id}", p.id),
        Some("flash-comment-deleted"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReactForm {
    reaction: String,
    return_to: String,
}

pub async fn react(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ReactForm>,
) -> AppResult<Response> {
    let (c, p) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let back = safe_back(&f.return_to, p.id);
    if !open_for_writing(&p) {
        return Ok(redirect(
            &state,
            &format!("{back}#comment-{id}"),
            Some("flash-participation-closed"),
        ));
    }
    if c.deleted || c.author_id == user.id {
        return Ok(redirect(&state, &format!("{back}#comment-{id}"), None));
    }
    let reaction = match f.reaction.as_str() {
        "none" => None,
        other => Some(Reaction::parse(other).ok_or_else(AppError::bad_request)?),
    };
    db::comments::react(&state.db, id, user.id, reaction).await?;
    state.changed(&[cache::process_tag(p.id)]).await;
    Ok(redirect(&state, &format!("{back}#comment-{id}"), None))
}
