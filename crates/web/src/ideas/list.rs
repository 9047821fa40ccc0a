//! The ideas of a process: a filtered, sorted list and a map.

use axum::extract::State;
use axum::response::Response;
use db::ideas::ListQuery;
use domain::Tag;
use domain::ideas::{Sort, Status};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::view::idea_view;
use crate::cache::shared;
use crate::maps::view::{Marker, map_view};
use crate::params::{Num, PageNumber, Path, Query};
use crate::processes::show::load_visible;
use crate::{AppError, AppResult, Ctx, SharedState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    category: String,
    status: String,
    sort: String,
    seed: Num<u32>,
    page: PageNumber,
}

pub async fn list(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    if !has_ideas(&process) {
        return Err(AppError::not_found());
    }
    // A random order keeps its seed in the links, so paging shows every idea once.
    let given_seed = p.seed.0.unwrap_or(0);
    let seed = if given_seed == 0 {
        (chrono::Utc::now().timestamp() % 100_000) as u32 + 1
    } else {
        given_seed
    };
    let sort = Sort::parse(&p.sort, seed);
    let q = ListQuery {
        process_id: Some(id),
        category: Some(p.category.clone()).filter(|c| !c.is_empty()),
        status: Status::parse(&p.status),
        sort,
        page: p.page.index(),
        per_page: 20,
        ..Default::default()
    };
    let list = db::ideas::list(&state.db, &q).await?;
    let mut items: Vec<_> = list
        .items
        .iter()
        .map(|i| {
            let img = list
                .first_images
                .iter()
                .find(|(id, _)| *id == i.id)
                .map(|(_, im)| im);
            idea_view(i, img, ctx.lang)
        })
        .collect();
    crate::accountability::mark_views(&state, &mut items, ctx.lang).await?;
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("category", &p.category)
        .append_pair("status", &p.status)
        .append_pair("sort", sort.as_str());
    if matches!(sort, Sort::Random(_)) {
        query.append_pair("seed", &seed.to_string());
    }
    let open = app::ideas::open(&process);
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let html = state.render(
        &ctx,
        "ideas/list.html",
        context! {
            process_id => process.id,
            process_title => process.title.clone(),
            ideas_enabled => process.ideas_enabled,
            open,
            items => Value::from(Serde(items)),
            total => list.total,
            page => q.page + 1,
            pages => list.pages.max(1),
            categories => process.idea_categories.clone(),
            statuses,
            category => p.category.clone(),
            status => p.status.clone(),
            sort => sort.as_str(),
            query_base => query.finish(),
        },
    )?;
    // A random order differs per visit; everything else may be shared.
    if matches!(sort, Sort::Random(_)) && given_seed == 0 {
        return Ok(axum::response::IntoResponse::into_response(html));
    }
    Ok(shared(html, vec![Tag::Process(id), Tag::Lists], None))
}

/// The map: ideas with a place, as markers that link to them, over the
/// city's base layers drawn as SVG (or, with a configured tile server, its
/// tiles), with a legend; a table lists the same ideas for everyone who does
/// not use the picture.
pub async fn map(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    if !has_ideas(&process) {
        return Err(AppError::not_found());
    }
    let ideas = db::ideas::with_places(&state.db, id, 1000).await?;
    let base = crate::maps::view::base_map(&state).await?;
    let markers: Vec<Marker> = ideas
        .iter()
        .filter_map(|i| {
            let (lat, lon) = i.place?;
            let status = state
                .i18n
                .t(ctx.lang, &format!("idea-status-{}", i.status.as_str()), &[]);
            Some(Marker {
                href: format!("/ideas/{}", i.id),
                label: format!("{} ({status})", i.title),
                status: i.status.as_str(),
                lat,
                lon,
            })
        })
        .collect();
    let map = map_view(
        base.as_deref(),
        state.config.map_tiles.as_deref(),
        &markers,
        None,
    );
    let points: Vec<_> = ideas
        .iter()
        .filter_map(|i| {
            let (la, lo) = i.place?;
            Some(context! {
                id => i.id, title => i.title.clone(), status => i.status.as_str(),
                lat => format!("{la:.5}"), lon => format!("{lo:.5}"),
                address => i.address.clone(),
            })
        })
        .collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let html = state.render(
        &ctx,
        "ideas/map.html",
        context! {
            process_id => process.id, process_title => process.title.clone(), points, view => map,
            statuses, tiles => state.config.map_tiles.is_some(),
            attribution => state.config.map_attribution.clone(),
        },
    )?;
    Ok(shared(html, vec![Tag::Process(id), Tag::Lists], None))
}

/// Whether a process has an ideas page: ideas switched on, or ideas kept from
/// before they were switched off (the process page links to it then too).
pub(crate) fn has_ideas(p: &db::processes::Process) -> bool {
    p.ideas_enabled || p.idea_count > 0
}
