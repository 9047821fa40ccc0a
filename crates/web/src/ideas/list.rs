//! The ideas of a process: a filtered, sorted list and a map.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use db::ideas::ListQuery;
use domain::ideas::{Sort, Status};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::view::idea_view;
use crate::cache::{self, tagged};
use crate::processes::show::load_visible;
use crate::{AppResult, Ctx, SharedState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    category: String,
    status: String,
    sort: String,
    seed: u32,
    page: u64,
}

pub async fn list(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    // A random order keeps its seed in the links, so paging shows every idea once.
    let seed = if p.seed == 0 {
        (chrono::Utc::now().timestamp() % 100_000) as u32 + 1
    } else {
        p.seed
    };
    let sort = Sort::parse(&p.sort, seed);
    let q = ListQuery {
        process_id: Some(id),
        category: Some(p.category.clone()).filter(|c| !c.is_empty()),
        status: Status::parse(&p.status),
        sort,
        page: p.page.max(1) - 1,
        per_page: 20,
        ..Default::default()
    };
    let list = db::ideas::list(&state.db, &q).await?;
    let items: Vec<_> = list
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
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("category", &p.category)
        .append_pair("status", &p.status)
        .append_pair("sort", sort.as_str());
    if matches!(sort, Sort::Random(_)) {
        query.append_pair("seed", &seed.to_string());
    }
    let open = process.status == domain::processes::Status::Published
        && process.phases.participation_open(crate::dates::today());
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
    if matches!(sort, Sort::Random(_)) && p.seed == 0 {
        return Ok(axum::response::IntoResponse::into_response(html));
    }
    Ok(tagged(
        html,
        vec![cache::process_tag(id), cache::LISTS.into()],
    ))
}

/// The map: ideas with a place, drawn on a plain grid of their coordinates.
/// It needs no map tiles, so it works without any other server.
pub async fn map(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = load_visible(&state, &ctx, id).await?;
    let ideas = db::ideas::with_places(&state.db, id, 1000).await?;
    const W: f64 = 800.0;
    const H: f64 = 500.0;
    const PAD: f64 = 30.0;
    let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) =
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for i in &ideas {
        if let Some((la, lo)) = i.place {
            min_lat = min_lat.min(la);
            max_lat = max_lat.max(la);
            min_lon = min_lon.min(lo);
            max_lon = max_lon.max(lo);
        }
    }
    let span_lat = (max_lat - min_lat).max(0.002);
    let span_lon = (max_lon - min_lon).max(0.002);
    let points: Vec<_> = ideas
        .iter()
        .filter_map(|i| {
            let (la, lo) = i.place?;
            let x = PAD + (lo - min_lon) / span_lon * (W - 2.0 * PAD);
            let y = H - PAD - (la - min_lat) / span_lat * (H - 2.0 * PAD);
            Some(context! {
                id => i.id, title => i.title.clone(), status => i.status.as_str(),
                x => format!("{x:.1}"), y => format!("{y:.1}"),
                lat => format!("{la:.5}"), lon => format!("{lo:.5}"),
                address => i.address.clone(),
            })
        })
        .collect();
    let html = state.render(
        &ctx,
        "ideas/map.html",
        context! { process_id => process.id, process_title => process.title.clone(), points, width => W, height => H },
    )?;
    Ok(tagged(
        html,
        vec![cache::process_tag(id), cache::LISTS.into()],
    ))
}
