//! The publications library (filters, search, pages) and a document's page
//! with its versions.

use axum::extract::State;
use axum::response::Response;
use domain::Tag;
use domain::documents::{DocType, LANGUAGES};
use domain::processes::may_manage;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Deserialize;

use super::view;
use crate::cache::shared;
use crate::params::{PageNumber, Path, Query};
use crate::{AppError, AppResult, Ctx, SharedState};

const PER_PAGE: u64 = 20;
const MAX_QUERY_CHARS: usize = 200;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LibraryParams {
    #[serde(rename = "type")]
    doc_type: String,
    department: String,
    year: String,
    language: String,
    q: String,
    page: String,
}

pub async fn library(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(p): Query<LibraryParams>,
) -> AppResult<Response> {
    let q: String = p.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let page = PageNumber::parse(&p.page).get();
    let query = db::documents::ListQuery {
        doc_type: DocType::parse(&p.doc_type),
        department: p.department.parse().ok(),
        year: p.year.parse().ok(),
        language: Some(p.language.clone()).filter(|l| LANGUAGES.contains(&l.as_str())),
        q: Some(q.clone()).filter(|s| !s.is_empty()),
        page: page - 1,
        per_page: PER_PAGE,
    };
    let list = db::documents::list(&state.db, &query).await?;
    let (years, departments) = db::documents::facets(&state.db).await?;
    let departments: Vec<Value> = departments
        .into_iter()
        .map(|(id, name)| context! { id, name })
        .collect();
    // Paging links keep the filters.
    let filters: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            [
                ("type", p.doc_type.as_str()),
                ("department", p.department.as_str()),
                ("year", p.year.as_str()),
                ("language", p.language.as_str()),
                ("q", q.as_str()),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
        )
        .finish();
    let html = state.render(
        &ctx,
        "documents/library.html",
        context! {
            documents => Value::from(Serde(view::documents(&list.items, ctx.lang))),
            total => list.total,
            page,
            pages => list.pages.max(1),
            filters,
            f => context! {
                doc_type => p.doc_type, department => p.department, year => p.year,
                language => p.language, q,
            },
            types => Value::from(Serde(DocType::ALL.map(|t| t.as_str()))),
            doc_languages => Value::from(Serde(LANGUAGES)),
            years,
            departments,
            can_upload => ctx.user.as_deref().is_some_and(|u| domain::processes::may_create(u.role)),
        },
    )?;
    Ok(shared(html, vec![Tag::Documents], None))
}

pub async fn show(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let doc = db::documents::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let can_manage = ctx
        .user
        .as_deref()
        .is_some_and(|u| may_manage(u.role, u.department_id, doc.department_id));
    let versions: Vec<_> = db::documents::versions(&state.db, id)
        .await?
        .iter()
        .map(|v| view::version(id, v, ctx.lang))
        .collect();
    let subjects: Vec<Value> = db::documents::titled_subjects(&state.db, id)
        .await?
        .into_iter()
        .map(|s| {
            let href = match s.kind.as_str() {
                "idea" => format!("/ideas/{}#answers", s.id),
                "survey" => format!("/surveys/{}", s.id),
                _ => format!("/processes/{}", s.id),
            };
            context! { kind => s.kind, href, title => s.title, process => s.process_title }
        })
        .collect();
    let html = state.render(
        &ctx,
        "documents/show.html",
        context! {
            d => Value::from(Serde(view::document(&doc, ctx.lang))),
            versions => Value::from(Serde(versions)),
            subjects,
            can_manage,
            can_download => doc.withdrawn_at.is_none() || can_manage,
        },
    )?;
    // Lists: the titles of the processes, ideas and surveys it belongs to.
    Ok(shared(html, vec![Tag::Documents, Tag::Lists], None))
}
