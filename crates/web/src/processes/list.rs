//! The start page's overview, the list with filters, the archive and the
//! staff's drafts.

use axum::extract::State;
use axum::response::Response;
use db::processes::{Drafts, ListQuery, Stage};
use domain::Tag;
use domain::processes::Timing;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::view::process_view;
use crate::cache::shared;
use crate::params::{PageNumber, Query};
use crate::{AppError, AppResult, Ctx, SharedState, Staff, dates};

/// The start page: what is open to take part in now (closing first), what
/// starts soon, then results; and the platform in figures.
pub async fn home(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    let today = dates::today();
    let mut sections = vec![];
    for (stage, name, link) in [
        (Stage::Open, "open", "current"),
        (Stage::Soon, "soon", "upcoming"),
        (Stage::Done, "done", "finished"),
    ] {
        let mut q = ListQuery::new(today);
        q.stage = Some(stage);
        q.per_page = 6;
        let list = db::processes::list(&state.db, &q).await?;
        let items: Vec<_> = list
            .items
            .iter()
            .map(|p| process_view(p, ctx.lang))
            .collect();
        sections.push(context! {
            stage => name,
            link,
            items => Value::from(Serde(items)),
            total => list.total,
        });
    }
    let figures = db::site::figures(&state.db).await?;
    let html = state.render(
        &ctx,
        "home.html",
        context! {
            sections,
            figures => context! {
                processes => figures.processes,
                contributions => figures.contributions,
                answers => figures.answers,
            },
        },
    )?;
    Ok(shared(html, vec![Tag::Lists], None))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    department: String,
    tag: String,
    status: String,
    page: PageNumber,
}

async fn render_list(
    state: &SharedState,
    ctx: &Ctx,
    params: &ListParams,
    mode: &'static str,
) -> AppResult<Response> {
    let mut q = ListQuery::new(dates::today());
    q.department = params.department.parse().ok();
    q.tag = Some(params.tag.trim().to_owned()).filter(|t| !t.is_empty());
    q.page = params.page.index();
    match mode {
        "archive" => q.archive = true,
        "drafts" => {
            // The `Staff` extractor has let only staff and administrators in.
            let user = ctx.user()?;
            q.only_drafts = true;
            q.drafts = match (user.role, user.department_id) {
                (domain::Role::Admin, _) => Drafts::All,
                (domain::Role::Staff, Some(d)) => Drafts::OfDepartment(d),
                _ => return Err(AppError::forbidden()),
            };
        }
        _ => {
            q.timing = Timing::parse(&params.status);
            // The start page's sections link to their whole lists.
            q.stage = match params.status.as_str() {
                "open" => Some(Stage::Open),
                "soon" => Some(Stage::Soon),
                "done" => Some(Stage::Done),
                _ => None,
            };
        }
    }
    let list = db::processes::list(&state.db, &q).await?;
    let items: Vec<_> = list
        .items
        .iter()
        .map(|p| process_view(p, ctx.lang))
        .collect();
    let departments: Vec<Value> = db::departments::list(&state.db)
        .await?
        .into_iter()
        .map(|d| context! { id => d.id, name => d.name })
        .collect();
    let tags = db::processes::tags_in_use(&state.db).await?;
    let query_base: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("department", &params.department)
        .append_pair("tag", &params.tag)
        .append_pair("status", &params.status)
        .finish();
    let can_create = ctx
        .user
        .as_deref()
        .is_some_and(|u| domain::processes::may_create(u.role));
    let html = state.render(
        ctx,
        "processes/list.html",
        context! {
            mode,
            items => Value::from(Serde(items)),
            total => list.total,
            page => q.page + 1,
            pages => list.pages.max(1),
            departments,
            tags,
            department => params.department.clone(),
            tag => params.tag.clone(),
            status => params.status.clone(),
            query_base,
            can_create,
        },
    )?;
    Ok(shared(html, vec![Tag::Lists], None))
}

pub async fn list(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    render_list(&state, &ctx, &p, "list").await
}

pub async fn archive(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    render_list(&state, &ctx, &p, "archive").await
}

/// Drafts, for the staff who may publish them.
pub async fn drafts(
    State(state): State<SharedState>,
    _staff: Staff,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    render_list(&state, &ctx, &p, "drafts").await
}
