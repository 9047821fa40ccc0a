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

/// Web Mercator pixel coordinates of a place at zoom `z` (256-pixel tiles).
fn mercator(lat: f64, lon: f64, z: u32) -> (f64, f64) {
    let scale = 256.0 * f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * scale;
    let s = lat.to_radians().sin().clamp(-0.9999, 0.9999);
    let y = (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI)) * scale;
    (x, y)
}

/// The map: ideas with a place. With a configured tile server the points lie
/// on map tiles (Web Mercator); without one they are drawn from their
/// coordinates alone, so the page needs no other server. A table lists the
/// same ideas for everyone who does not use the picture.
pub async fn map(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    const W: f64 = 800.0;
    const H: f64 = 500.0;
    const PAD: f64 = 30.0;
    let process = load_visible(&state, &ctx, id).await?;
    if !has_ideas(&process) {
        return Err(AppError::not_found());
    }
    let ideas = db::ideas::with_places(&state.db, id, 1000).await?;
    let places: Vec<(f64, f64)> = ideas.iter().filter_map(|i| i.place).collect();
    let (min_lat, max_lat) = places
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_lon, max_lon) = places
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let mut tiles = vec![];
    let project: Box<dyn Fn(f64, f64) -> (f64, f64) + Send> =
        match (&state.config.map_tiles, places.is_empty()) {
            (Some(template), false) => {
                // The closest zoom at which every place fits.
                let z = (1..=18u32)
                    .rev()
                    .find(|z| {
                        let (x0, y0) = mercator(max_lat, min_lon, *z);
                        let (x1, y1) = mercator(min_lat, max_lon, *z);
                        x1 - x0 <= W - 2.0 * PAD && y1 - y0 <= H - 2.0 * PAD
                    })
                    .unwrap_or(1);
                let (cx, cy) = mercator((min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0, z);
                let (ox, oy) = (cx - W / 2.0, cy - H / 2.0);
                let n = 1i64 << z;
                for ty in (oy / 256.0).floor() as i64..=((oy + H) / 256.0).floor() as i64 {
                    for tx in (ox / 256.0).floor() as i64..=((ox + W) / 256.0).floor() as i64 {
                        if ty < 0 || ty >= n {
                            continue;
                        }
                        let wrapped = tx.rem_euclid(n);
                        let href = template
                            .replace("{z}", &z.to_string())
                            .replace("{x}", &wrapped.to_string())
                            .replace("{y}", &ty.to_string());
                        tiles.push(context! {
                            href,
                            x => format!("{:.1}", tx as f64 * 256.0 - ox),
                            y => format!("{:.1}", ty as f64 * 256.0 - oy),
                        });
                    }
                }
                Box::new(move |la, lo| {
                    let (x, y) = mercator(la, lo, z);
                    (x - ox, y - oy)
                })
            }
            _ => {
                let span_lat = (max_lat - min_lat).max(0.002);
                let span_lon = (max_lon - min_lon).max(0.002);
                Box::new(move |la, lo| {
                    (
                        PAD + (lo - min_lon) / span_lon * (W - 2.0 * PAD),
                        H - PAD - (la - min_lat) / span_lat * (H - 2.0 * PAD),
                    )
                })
            }
        };
    let points: Vec<_> = ideas
        .iter()
        .filter_map(|i| {
            let (la, lo) = i.place?;
            let (x, y) = project(la, lo);
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
        context! {
            process_id => process.id, process_title => process.title.clone(), points, tiles,
            attribution => state.config.map_attribution.clone(), width => W, height => H,
        },
    )?;
    Ok(shared(html, vec![Tag::Process(id), Tag::Lists], None))
}

/// Whether a process has an ideas page: ideas switched on, or ideas kept from
/// before they were switched off (the process page links to it then too).
pub(crate) fn has_ideas(p: &db::processes::Process) -> bool {
    p.ideas_enabled || p.idea_count > 0
}
