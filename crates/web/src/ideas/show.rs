//! The idea page: text, pictures, place, supports, the official answers, the
//! staff's tools and the discussion.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::comments::Subject;
use db::ideas::Idea;
use db::processes::Process;
use domain::Tag;
use minijinja::value::Serde;
use minijinja::{Value, context};

use super::view::idea_view;
use crate::cache::shared;
use crate::discussions::view::{ThreadPage, thread_page};
use crate::forms::FormState;
use crate::params::{Path, Query};
use crate::processes::show::{FailedComment, PageParams};
use crate::{AppResult, AppState, Ctx, SharedState, dates};
use db::footprints::Involvement;

pub async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    idea: &Idea,
    process: &Process,
    params: &PageParams,
    failed: Option<FailedComment>,
    status: StatusCode,
) -> AppResult<Response> {
    render_with(state, ctx, idea, process, params, failed, None, status).await
}

/// The page, possibly with a failed comment or a failed staff form.
#[allow(clippy::too_many_arguments)]
pub async fn render_with(
    state: &AppState,
    ctx: &Ctx,
    idea: &Idea,
    process: &Process,
    params: &PageParams,
    failed: Option<FailedComment>,
    staff_form: Option<FormState>,
    status: StatusCode,
) -> AppResult<Response> {
    let ThreadPage {
        comments,
        total_roots,
        sort,
        page,
        pages,
    } = thread_page(
        &state.db,
        ctx,
        Subject::idea(idea.id),
        &params.sort,
        params.page.get(),
    )
    .await?;
    let images = db::ideas::images(&state.db, idea.id).await?;
    let answers: Vec<_> = db::ideas::answers(&state.db, idea.id)
        .await?
        .into_iter()
        .map(|a| {
            context! {
                status => a.status.as_str(),
                body_html => Value::from_safe_string(a.body_html),
                department => a.department_name,
                author => a.author_name,
                created => dates::datetime(a.created_at, ctx.lang),
                created_iso => a.created_at.to_rfc3339(),
            }
        })
        .collect();
    let documents =
        db::documents::for_subject(&state.db, domain::documents::SubjectKind::Idea, idea.id)
            .await?;
    let forwards: Vec<_> = db::ideas::forwards(&state.db, idea.id)
        .await?
        .into_iter()
        .map(|f| context! { from => f.from_name, to => f.to_name, note => f.note, created => dates::datetime(f.created_at, ctx.lang) })
        .collect();
    let relation = match ctx.user.as_deref() {
        Some(u) => db::ideas::relation(&state.db, idea.id, u.id).await?,
        None => db::ideas::Relation::default(),
    };
    let user = ctx.user.as_deref();
    let can_handle = app::ideas::handles(&ctx.actor(), idea);
    let open = app::ideas::open(process);
    let departments: Vec<Value> = if can_handle {
        db::departments::list(&state.db)
            .await?
            .into_iter()
            .filter(|d| d.id != idea.department_id)
            .map(|d| context! { id => d.id, name => d.name })
            .collect()
    } else {
        vec![]
    };
    let is_author = user.is_some_and(|u| u.id == idea.author_id) || relation.coauthor;
    let coauthors: Vec<_> = db::ideas::coauthors(&state.db, idea.id)
        .await?
        .into_iter()
        .map(|c| context! { name => c.name, accepted => c.accepted })
        .collect();
    let suggestions: Vec<_> = db::ideas::suggestions(&state.db, idea.id)
        .await?
        .into_iter()
        .map(|s| {
            context! {
                id => s.id,
                author => s.author_name,
                status => s.status.clone(),
                note => s.note,
                reason => s.decision_reason,
                created => dates::datetime(s.created_at, ctx.lang),
                title_diff => Value::from_safe_string(crate::diff::words(&idea.title, &s.title)),
                body_diff => Value::from_safe_string(crate::diff::words(&idea.body_md, &s.body_md)),
                outdated => s.base_version != idea.version,
            }
        })
        .collect();
    // The history of versions: who wrote each, and when; the diff is a link away.
    let versions: Vec<_> = if idea.version > 1 {
        db::ideas::versions(&state.db, idea.id)
            .await?
            .into_iter()
            .map(|v| {
                context! {
                    version => v.version,
                    author => v.author_name,
                    created => dates::datetime(v.created_at, ctx.lang),
                    created_iso => v.created_at.to_rfc3339(),
                }
            })
            .collect()
    } else {
        vec![]
    };
    let withdrawn = idea.withdrawn.as_ref().map(|(at, reason)| {
        context! { reason => reason.clone(), on => dates::datetime(*at, ctx.lang), iso => at.to_rfc3339() }
    });
    let next_statuses: Vec<&str> = idea.status.next().iter().map(|s| s.as_str()).collect();
    let failed_form_is_empty = failed.is_none() && staff_form.is_none();
    let (failed_parent, failed_form) = match failed {
        Some(f) => (f.parent_id, f.form),
        None => (None, FormState::new()),
    };
    let mut view = idea_view(idea, images.first(), ctx.lang);
    crate::accountability::mark_views(state, std::slice::from_mut(&mut view), ctx.lang).await?;
    let images: Vec<_> = images
        .iter()
        .map(|im| context! { large => format!("/images/{}/large.jpg", im.image_id), alt => im.alt.clone() })
        .collect();
    let return_to = format!("/ideas/{}?sort={}&page={}", idea.id, sort.as_str(), page);
    let html = state.render(
        ctx,
        "ideas/show.html",
        context! {
            i => Value::from(Serde(&view)),
            body_html => Value::from_safe_string(idea.body_html.clone()),
            images,
            answers,
            documents => Value::from(Serde(crate::documents::view::documents(&documents, ctx.lang))),
            forwards,
            supports => relation.supports,
            follows => relation.follows,
            own => user.is_some_and(|u| u.id == idea.author_id),
            is_author,
            editable => is_author && app::ideas::edit::edit_refusal(idea).is_none(),
            versions,
            withdrawn,
            invited => relation.invited,
            coauthors,
            suggestions,
            body_md => idea.body_md.clone(),
            can_handle,
            departments,
            next_statuses,
            staff_form => staff_form.unwrap_or_default(),
            open,
            comments => Value::from(Serde(comments)),
            total_roots,
            sort => sort.as_str(),
            page,
            pages,
            failed_parent,
            comment_form => failed_form,
            return_to,
            logged_in => user.is_some(),
            share_url => state.config.link(&format!("/ideas/{}", idea.id)),
        },
    )?;
    // A held idea is for its author and the moderators only: never shared.
    if status == StatusCode::OK && failed_form_is_empty && idea.held.is_none() {
        Ok(shared(
            (status, html),
            vec![Tag::Process(process.id), Tag::Idea(idea.id)],
            Some(Involvement::Idea(idea.id)),
        ))
    } else {
        Ok((status, html).into_response())
    }
}

/// The idea and its process, if the viewer may see them.
pub async fn load(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(Idea, Process)> {
    Ok(app::ideas::load(&state.app, &ctx.actor(), id).await?)
}

pub async fn show(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    let (idea, process) = load(&state, &ctx, id).await?;
    render_page(&state, &ctx, &idea, &process, &params, None, StatusCode::OK).await
}
