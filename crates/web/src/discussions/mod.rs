//! Discussions: writing, replying, reacting, editing and deleting comments,
//! and the live stream. One component for everything that is discussed: a
//! process, an idea.

pub mod live;
pub mod view;

use app::Actor;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::comments::{Comment, Subject};
use db::footprints::Involvement;
use db::processes::Process;
use domain::Tag;
use domain::comments::Reaction;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::{login_redirect, redirect, safe_next};
use crate::cache::shared;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::processes::show::{FailedComment, PageParams};
use crate::{AppError, AppResult, AppState, Ctx, Member, SharedState};
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

/// A discussion as its pages need it: what it belongs to, and where it is.
pub struct Target {
    pub subject: Subject,
    pub process: Process,
    pub idea: Option<db::ideas::Idea>,
    /// The page of the discussion.
    pub url: String,
    pub title: String,
}

/// The page of a discussion.
pub fn page_url(subject: Subject) -> String {
    match subject.kind {
        "idea" => format!("/ideas/{}", subject.id),
        _ => format!("/processes/{}", subject.id),
    }
}

impl From<app::comments::Discussion> for Target {
    fn from(d: app::comments::Discussion) -> Target {
        let url = page_url(d.subject);
        let title = match &d.idea {
            Some(i) => i.title.clone(),
            None => d.process.title.clone(),
        };
        Target {
            subject: d.subject,
            process: d.process,
            idea: d.idea,
            url,
            title,
        }
    }
}

/// The target of a subject, if the viewer may see it.
pub async fn target(state: &AppState, ctx: &Ctx, subject: Subject) -> AppResult<Target> {
    Ok(app::comments::discussion(&state.app, &ctx.actor(), subject)
        .await?
        .into())
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
    /// Spam protection (`holds::spam`).
    website: String,
    form_stamp: String,
}

/// The page params encoded in a `return_to` path, so a failed form shows the
/// same page of the discussion.
fn params_of(return_to: &str) -> PageParams {
    let query = return_to.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut p = PageParams::default();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "sort" => p.sort = v.into_owned(),
            "page" => p.page = crate::params::PageNumber::parse(&v),
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
    let actor = ctx.actor();
    let parent_id = f.parent_id.trim().parse::<i64>().ok();
    let result =
        if let Some(key) = crate::holds::spam::refusal(&state, &f.website, &f.form_stamp).await? {
            Err(app::CommandError::field("body", key))
        } else {
            let input = app::comments::Write {
                subject,
                parent_id,
                body: f.body.clone(),
            };
            app::comments::write(&state.app, &actor, input).await
        };
    match result {
        Ok(out) => {
            let back = safe_back(&f.return_to, &page_url(subject));
            // A comment that waits for a moderator goes to no live page.
            let flash = match out.changes.comments.contains(&out.value) {
                true => "flash-comment-saved",
                false => "flash-comment-held",
            };
            Ok(redirect(
                &state,
                &format!("{back}#comment-{}", out.value),
                Some(flash),
            ))
        }
        Err(app::CommandError::LoginRequired) => Ok(login_redirect(&state, &ctx)),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let status = match e {
                app::CommandError::Refused(_) => StatusCode::FORBIDDEN,
                app::CommandError::RateLimited(..) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            // The comment replied to is gone: the problem shows at the top.
            let gone = errors.get("parent_id").is_some();
            let failed = FailedComment {
                parent_id: parent_id.filter(|_| !gone),
                form: FormState::new()
                    .value("body", f.body.clone())
                    .errors(&errors.renamed("parent_id", "body")),
            };
            let t = target(&state, &ctx, subject).await?;
            let params = params_of(&f.return_to);
            render_failed(&state, &ctx, &t, &params, failed, status).await
        }
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
    let (c, d) = app::comments::load(&state.app, &ctx.actor(), id).await?;
    Ok((c, d.into()))
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
    Member(user): Member,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, t) = load(&state, &ctx, id).await?;
    if !app::comments::may_edit_now(&Actor::Person(user), &c) {
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
    Member(user): Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<EditForm>,
) -> AppResult<Response> {
    match app::comments::edit(&state.app, &Actor::Person(user), id, &f.body).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("{}#comment-{id}", page_url(out.value)),
            Some("flash-comment-edited"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let status = match e {
                app::CommandError::Refused(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let (c, t) = load(&state, &ctx, id).await?;
            let form = FormState::new()
                .value("body", f.body.clone())
                .errors(&errors);
            render_edit(&state, &ctx, &c, &t, form, status).await
        }
    }
}

pub async fn delete_form(
    State(state): State<SharedState>,
    Member(user): Member,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (c, t) = load(&state, &ctx, id).await?;
    if !app::comments::may_delete(&Actor::Person(user), &c) {
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
    member: Member,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let out = app::comments::delete(&state.app, &member.actor(), id).await?;
    Ok(redirect(
        &state,
        &format!("{}#comment-{id}", page_url(out.value)),
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
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ReactForm>,
) -> AppResult<Response> {
    let reaction = match f.reaction.as_str() {
        "none" => None,
        other => Some(Reaction::parse(other).ok_or_else(AppError::bad_request)?),
    };
    let (subject, flash) =
        match app::comments::react(&state.app, &member.actor(), id, reaction).await {
            Ok(out) => (out.value, None),
            // Refused only once the comment was found: its discussion is there.
            Err(app::CommandError::Refused(_)) => {
                let (_, t) = load(&state, &ctx, id).await?;
                (t.subject, Some("flash-participation-closed"))
            }
            Err(e) => return Err(e.into()),
        };
    let back = safe_back(&f.return_to, &page_url(subject));
    Ok(redirect(&state, &format!("{back}#comment-{id}"), flash))
}
