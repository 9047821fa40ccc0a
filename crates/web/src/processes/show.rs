//! The process page: header, phase timeline, description and the discussion.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::comments::Subject;
use db::processes::Process;
use domain::Tag;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::view::process_view;
use crate::cache::shared;
use crate::discussions::view::{ThreadPage, thread_page};
use crate::forms::FormState;
use crate::params::{PageNumber, Path, Query};
use crate::{AppResult, AppState, Ctx, SharedState};
use db::footprints::Involvement;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PageParams {
    pub sort: String,
    pub page: PageNumber,
}

/// A comment form that failed and is shown again: which one, with what.
pub struct FailedComment {
    pub parent_id: Option<i64>,
    pub form: FormState,
}

/// The process, if the viewer may see it (drafts only for its staff).
pub async fn load_visible(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Process> {
    Ok(app::processes::load_visible(&state.app, &ctx.actor(), id).await?)
}

pub async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    process: &Process,
    params: &PageParams,
    failed: Option<FailedComment>,
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
        Subject::process(process.id),
        &params.sort,
        params.page.get(),
    )
    .await?;
    let view = process_view(process, ctx.lang);
    let can_manage = app::processes::manages(&ctx.actor(), process);
    let failed_form_is_empty = failed.is_none();
    let (failed_parent, failed_form) = match failed {
        Some(f) => (f.parent_id, f.form),
        None => (None, FormState::new()),
    };
    let og_image = process
        .image_id
        .map(|i| state.config.link(&format!("/images/{i}/large.jpg")));
    let return_to = format!(
        "/processes/{}?sort={}&page={}",
        process.id,
        sort.as_str(),
        page
    );
    let surveys = crate::surveys::of_process(state, ctx, process.id, can_manage).await?;
    let opinion_maps: Vec<Value> = db::opinion::maps_of_process(state.db.conn(), process.id)
        .await?
        .into_iter()
        .map(|m| context! { id => m.id, title => m.title, open => m.open })
        .collect();
    let documents = db::documents::for_subject(
        &state.db,
        domain::documents::SubjectKind::Process,
        process.id,
    )
    .await?;
    let promise = db::accountability::promise(state.db.conn(), process.id).await?;
    let answer_promise = promise
        .days
        .zip(process.phases.participation.until)
        .map(|(days, until)| {
            context! {
                days,
                threshold => promise.threshold,
                deadline => crate::dates::date(until + chrono::Duration::days(i64::from(days)), ctx.lang),
            }
        });
    let html = state.render(
        ctx,
        "processes/show.html",
        context! {
            p => Value::from(Serde(&view)),
            surveys => Value::from(Serde(surveys)),
            opinion_maps,
            answer_promise,
            description_html => Value::from_safe_string(process.description_html.clone()),
            comments => Value::from(Serde(comments)),
            total_roots,
            sort => sort.as_str(),
            page,
            pages,
            can_manage,
            failed_parent,
            comment_form => failed_form,
            return_to,
            // Built from the configured address and numbers only: nothing to escape.
            canonical => Value::from_safe_string(state.config.link(&format!("/processes/{}", process.id))),
            og_image => og_image.map(Value::from_safe_string),
            logged_in => ctx.user.is_some(),
            follows_process => app::notifications::follows_process(&state.app, &ctx.actor(), process.id).await?,
            documents => Value::from(Serde(crate::documents::view::documents(&documents, ctx.lang))),
            open_data => process.status != domain::processes::Status::Draft
                && crate::api::open_data::is_final(
                    process.status == domain::processes::Status::Archived,
                    process.phases.ends_on(),
                    crate::dates::today(),
                ),
            fediverse_handle => (process.status == domain::processes::Status::Published)
                .then(|| state.federation.handle(process.id)),
        },
    )?;
    if status == StatusCode::OK && failed_form_is_empty {
        Ok(shared(
            (status, html),
            vec![Tag::Process(process.id)],
            Some(Involvement::Process(process.id)),
        ))
    } else {
        Ok((status, html).into_response())
    }
}

pub async fn show(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    render_page(&state, &ctx, &process, &params, None, StatusCode::OK).await
}
