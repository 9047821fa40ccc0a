//! Discussions: writing, replying, reacting, editing and deleting comments,
//! and the live stream. One component for everything that is discussed: a
//! process, an idea.

pub mod live;
pub mod view;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::comments::{Comment, CommentError, Subject};
use db::footprints::Involvement;
use db::processes::Process;
use domain::FieldErrors;
use domain::Tag;
use domain::comments::{Reaction, check_body, may_edit};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::{login_redirect, redirect, safe_next};
use crate::cache::shared;
use crate::forms::{FormState, PostForm};
use crate::processes::show::{FailedComment, PageParams, load_visible};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates};
use view::{Viewer, comment_view};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes/{id}/comments", post(write_on_process))
        .route("/processes/{id}/live", get(live::stream_process))
        .route("/ideas/{id}/comments", post(write_on_idea))
        .route("/ideas/{id}/live", get(live::stream_idea))
        .route("/comments/{id}", get(permalink))
        .route("/comments/{id}/edit", get(edit_form).post(edit))
        .route("/comments/{id}/delete", get(delete_form).post(delete))
        .route("/comments/{id}/react", post(react))
}

/// What a discussion belongs to, as far as discussing goes.
pub struct Target {
    pub subject: Subject,
    pub process: Process,
    pub idea: Option<db::ideas::Idea>,
    /// The page of the discussion.
    pub url: String,
    pub title: String,
}

impl Target {
    /// Writing (and reacting) is possible while the process's participation
    /// phase is open.
    pub fn open(&self) -> bool {
        self.process.status == domain::processes::Status::Published
            && self.process.phases.participation_open(dates::today())
    }

    /// Tags of the cached pages a change in this discussion touches.
    pub fn tags(&self) -> Vec<Tag> {
        let mut t = vec![Tag::Process(self.process.id), Tag::Lists, Tag::Search];
        if let Some(i) = &self.idea {
            t.push(Tag::Idea(i.id));
        }
        t
    }
}

/// The target of a subject, if the viewer may see it.
pub async fn target(state: &AppState, ctx: &Ctx, subject: Subject) -> AppResult<Target> {
    match subject.kind {
        "process" => {
            let process = load_visible(state, ctx, subject.id).await?;
            Ok(Target {
                subject,
                url: format!("/processes/{}", process.id),
                title: process.title.clone(),
                process,
                idea: None,
            })
        }
        "idea" => {
            let idea = db::ideas::get(&state.db, subject.id)
                .await?
                .ok_or_else(AppError::not_found)?;
            let process = load_visible(state, ctx, idea.process_id).await?;
            Ok(Target {
                subject,
                url: format!("/ideas/{}", idea.id),
                title: idea.title.clone(),
                process,
                idea: Some(idea),
            })
        }
        _ => Err(AppError::not_found()),
    }
}

/// Shows the discussion's page again with a failed comment form.
async fn render_failed(
    state: &AppState,
    ctx: &Ctx,
    t: &Target,
    params: &PageParams,
    failed: FailedComment,
    status: StatusCode,
) -> AppResult<Response> {
    match &t.idea {
        Some(idea) => {
            crate::ideas::show::render_page(
                state,
                ctx,
                idea,
                &t.process,
                params,
                Some(failed),
                status,
            )
            .await
        }
        None => {
            crate::processes::show::render_page(
                state,
                ctx,
                &t.process,
                params,
                Some(failed),
                status,
            )
            .await
        }
    }
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

async fn write_on_process(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: PostForm<WriteForm>,
) -> AppResult<Response> {
    write(state, ctx, Subject::process(id), form).await
}

async fn write_on_idea(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: PostForm<WriteForm>,
) -> AppResult<Response> {
    write(state, ctx, Subject::idea(id), form).await
}

async fn write(
    state: SharedState,
    ctx: Ctx,
    subject: Subject,
    PostForm(f): PostForm<WriteForm>,
) -> AppResult<Response> {
    let t = target(&state, &ctx, subject).await?;
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
    if !t.open() {
        let failed = fail(FieldErrors::one("body", "error-participation-closed"));
        return render_failed(&state, &ctx, &t, &params, failed, StatusCode::FORBIDDEN).await;
    }
    let body = match check_body(&f.body) {
        Ok(b) => b,
        Err(e) => {
            return render_failed(
                &state,
                &ctx,
                &t,
                &params,
                fail(e.into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let limit = state.config.rate_limits.comments_per_account;
    let new = db::comments::NewComment {
        subject,
        parent_id,
        author_id: user.id,
        body,
        quota: Some(db::throttle::Quota {
            key: format!("comment:{}", user.id),
            window: limit.window,
            max: limit.max,
        }),
    };
    match db::comments::write(&state.db, new).await {
        Ok(cid) => {
            live::comment_written(&state, cid);
            state.changed(&t.tags()).await;
            let back = safe_back(&f.return_to, &t.url);
            Ok(redirect(
                &state,
                &format!("{back}#comment-{cid}"),
                Some("flash-comment-saved"),
            ))
        }
        Err(CommentError::RateLimited) => {
            let failed = fail(FieldErrors::one("body", "error-comment-rate-limited"));
            render_failed(
                &state,
                &ctx,
                &t,
                &params,
                failed,
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(CommentError::ParentNotFound) => {
            // The comment replied to is not on this page: show the problem at the top.
            let mut failed = fail(FieldErrors::one("body", "error-reply-target-gone"));
            failed.parent_id = None;
            render_failed(
                &state,
                &ctx,
                &t,
                &params,
                failed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CommentError::Db(e)) => Err(e.into()),
    }
}

/// Where to go back to after a comment action: a page of this discussion,
/// never anywhere else.
fn safe_back(return_to: &str, own: &str) -> String {
    let next = safe_next(Some(return_to));
    if next == own || next.starts_with(&format!("{own}?")) {
        next
    } else {
        own.to_owned()
    }
}

/// The comment and what it belongs to, if the viewer may see them.
async fn load(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(Comment, Target)> {
    let c = db::comments::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let subject = Subject::of(&c.subject_kind, c.subject_id).ok_or_else(AppError::not_found)?;
    let t = target(state, ctx, subject).await?;
    Ok((c, t))
}

pub async fn permalink(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, t) = load(&state, &ctx, id).await?;
    let viewer = Viewer::of(ctx.user.as_deref());
    let view = comment_view(&c, viewer, ctx.lang, None);
    let html = state.render(
        &ctx,
        "discussions/permalink.html",
        context! {
            c => Value::from(Serde(view)),
            back_url => t.url.clone(),
            back_title => t.title.clone(),
            parent_id => c.parent_id,
        },
    )?;
    let mut tags = vec![Tag::Process(t.process.id)];
    let involvement = match &t.idea {
        Some(i) => {
            tags.push(Tag::Idea(i.id));
            Involvement::Idea(i.id)
        }
        None => Involvement::Process(t.process.id),
    };
    Ok(shared(html, tags, Some(involvement)))
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
    t: &Target,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let page = state.render(
        ctx,
        "discussions/edit.html",
        context! { form, comment_id => c.id, back_url => t.url.clone(), back_title => t.title.clone() },
    )?;
    Ok((status, page).into_response())
}

pub async fn edit_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, t) = load(&state, &ctx, id).await?;
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
        &t,
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
    let (c, t) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !editable(&ctx, &c) {
        let form = FormState::new()
            .value("body", f.body.clone())
            .errors(&FieldErrors::one("body", "error-edit-window-over"));
        return render_edit(&state, &ctx, &c, &t, form, StatusCode::FORBIDDEN).await;
    }
    match check_body(&f.body) {
        Ok(body) => {
            db::comments::edit(&state.db, id, &body).await?;
            state.changed(&t.tags()).await;
            Ok(redirect(
                &state,
                &format!("{}#comment-{id}", t.url),
                Some("flash-comment-edited"),
            ))
        }
        Err(e) => {
            let form = FormState::new()
                .value("body", f.body.clone())
                .errors(&e.into());
            render_edit(&state, &ctx, &c, &t, form, StatusCode::UNPROCESSABLE_ENTITY).await
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
    let (c, t) = load(&state, &ctx, id).await?;
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
            context! { c => Value::from(Serde(view)), back_url => t.url.clone(), back_title => t.title.clone() },
        )?
        .into_response())
}

pub async fn delete(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, t) = load(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !deletable(&ctx, &c) {
        return Err(AppError::forbidden());
    }
    db::comments::delete(&state.db, id).await?;
    state.changed(&t.tags()).await;
    tracing::info!(
        comment = id,
        by = ctx.user.as_deref().map(|u| u.id),
        "comment deleted"
    );
    Ok(redirect(
        &state,
        &format!("{}#comment-{id}", t.url),
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
    let (c, t) = load(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let back = safe_back(&f.return_to, &t.url);
    if !t.open() {
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
    state.changed(&t.tags()).await;
    Ok(redirect(&state, &format!("{back}#comment-{id}"), None))
}
