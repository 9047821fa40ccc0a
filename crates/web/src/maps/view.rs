//! Drawing maps: the base layers as SVG (projected, simplified and kept per
//! set of layers), the initial view, tiles when a tile server is configured,
//! and markers.

use std::fmt::Write;
use std::sync::{Arc, Mutex};

use domain::maps::{Geometry, LayerKind, MAP_ZOOM, parse_layer, project, simplify};
use minijinja::{Value, context};

use crate::{AppResult, AppState};

/// The base layers drawn once: SVG in map units (Web Mercator pixels at
/// [`MAP_ZOOM`]) relative to `origin`.
pub struct BaseMap {
    /// The layers it was drawn from.
    ids: Vec<i64>,
    /// The top left corner of the layers' extent, in map units.
    pub origin: (f64, f64),
    pub width: f64,
    pub height: f64,
    /// `<path>` elements, one per layer.
    pub svg: String,
    /// The credits the layers' licences ask for, each once.
    pub attributions: Vec<String>,
}

/// The base map drawn last, reused while the set of layers is the same.
/// Layers are never edited, only added and removed, so their ids name it.
#[derive(Default)]
pub struct BaseMapCache(Mutex<Option<Arc<BaseMap>>>);

/// Points closer than this to a simplified line are dropped (map units, about
/// 1.5 m): invisible at any zoom the map offers.
const TOLERANCE: f64 = 1.0;

/// The base map of the current layers, or `None` without layers.
pub async fn base_map(state: &AppState) -> AppResult<Option<Arc<BaseMap>>> {
    let ids = db::maps::layer_ids(&state.db).await?;
    if ids.is_empty() {
        return Ok(None);
    }
    if let Ok(kept) = state.base_map.0.lock()
        && let Some(m) = kept.as_ref()
        && m.ids == ids
    {
        return Ok(Some(m.clone()));
    }
    let layers = db::maps::layer_data(&state.db).await?;
    let ids: Vec<i64> = layers.iter().map(|l| l.id).collect();
    let drawn = tokio::task::spawn_blocking(move || draw(ids, layers))
        .await
        .map_err(crate::AppError::internal)?;
    let Some(m) = drawn else { return Ok(None) };
    let m = Arc::new(m);
    if let Ok(mut kept) = state.base_map.0.lock() {
        *kept = Some(m.clone());
    }
    Ok(Some(m))
}

fn draw(ids: Vec<i64>, layers: Vec<db::maps::LayerData>) -> Option<BaseMap> {
    let mut parsed: Vec<(LayerKind, Vec<domain::maps::Feature>)> = layers
        .iter()
        .filter_map(|l| {
            Some((
                LayerKind::parse(&l.kind)?,
                parse_layer(l.geojson.as_bytes()).ok()?,
            ))
        })
        .collect();
    parsed.sort_by_key(|(k, _)| *k);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut extend = |p: &[f64; 2]| {
        let (x, y) = project(p[1], p[0]);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    };
    for (_, fs) in &parsed {
        for f in fs {
            match &f.geometry {
                Geometry::Point(p) => extend(p),
                Geometry::Lines(ls) => ls.iter().flatten().for_each(&mut extend),
                Geometry::Polygons(ps) => ps.iter().flatten().flatten().for_each(&mut extend),
            }
        }
    }
    if x0 > x1 {
        return None;
    }
    let origin = (x0.floor(), y0.floor());
    let mut attributions: Vec<String> = vec![];
    for l in &layers {
        if !l.attribution.is_empty() && !attributions.contains(&l.attribution) {
            attributions.push(l.attribution.clone());
        }
    }
    let mut svg = String::new();
    for (kind, fs) in &parsed {
        let mut d = String::new();
        let mut points = String::new();
        let ring = |d: &mut String, line: &[[f64; 2]], close: bool| {
            let pts: Vec<(f64, f64)> = line
                .iter()
                .map(|p| {
                    let (x, y) = project(p[1], p[0]);
                    (x - origin.0, y - origin.1)
                })
                .collect();
            let pts = simplify(&pts, TOLERANCE);
            if pts.len() < if close { 3 } else { 2 } {
                return;
            }
            for (i, (x, y)) in pts.iter().enumerate() {
                let _ = write!(d, "{}{:.0} {:.0}", if i == 0 { "M" } else { "L" }, x, y);
            }
            if close {
                d.push('Z');
            }
        };
        for f in fs {
            match &f.geometry {
                Geometry::Point(p) => {
                    let (x, y) = project(p[1], p[0]);
                    let _ = write!(
                        points,
                        "<circle cx=\"{:.0}\" cy=\"{:.0}\" r=\"6\" class=\"layer-point\"/>",
                        x - origin.0,
                        y - origin.1
                    );
                }
                Geometry::Lines(ls) => ls.iter().for_each(|l| ring(&mut d, l, false)),
                Geometry::Polygons(ps) => ps.iter().flatten().for_each(|r| ring(&mut d, r, true)),
            }
        }
        if !d.is_empty() {
            let _ = write!(
                svg,
                "<path class=\"layer layer-{}\" fill-rule=\"evenodd\" vector-effect=\"non-scaling-stroke\" d=\"{d}\"/>",
                kind.as_str()
            );
        }
        svg.push_str(&points);
    }
    Some(BaseMap {
        ids,
        origin,
        width: (x1 - origin.0).ceil(),
        height: (y1 - origin.1).ceil(),
        svg,
        attributions,
    })
}

/// A marker on a map.
pub struct Marker {
    pub href: String,
    pub label: String,
    pub status: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// The width in screen pixels a map is drawn for; markers keep this size.
const SCREEN: f64 = 800.0;

/// Everything a map template needs: the view box, the base layers or tiles,
/// and markers, all in map units relative to one origin.
pub fn map_view(
    base: Option<&BaseMap>,
    tiles: Option<&str>,
    markers: &[Marker],
    picked: Option<(f64, f64)>,
) -> Value {
    let projected: Vec<(f64, f64)> = markers
        .iter()
        .map(|m| project(m.lat, m.lon))
        .chain(picked.map(|(la, lo)| project(la, lo)))
        .collect();
    // The origin of the base map, or of the markers without one.
    let (origin, extent) = match base {
        Some(b) if tiles.is_none() => (b.origin, Some((b.width, b.height))),
        _ => {
            let x = projected.iter().map(|p| p.0).fold(f64::MAX, f64::min);
            let y = projected.iter().map(|p| p.1).fold(f64::MAX, f64::min);
            match base {
                Some(b) if projected.is_empty() => (b.origin, Some((b.width, b.height))),
                _ if projected.is_empty() => (project(53.55, 9.99), None),
                _ => (((x - 2000.0).floor(), (y - 2000.0).floor()), None),
            }
        }
    };
    let local: Vec<(f64, f64)> = projected
        .iter()
        .map(|p| (p.0 - origin.0, p.1 - origin.1))
        .collect();
    // The first view: the markers with a margin, or the whole base map.
    let (mut vx, mut vy, mut vw, mut vh) = if local.is_empty() {
        let (w, h) = extent.unwrap_or((4000.0, 2500.0));
        (0.0, 0.0, w, h)
    } else {
        let x0 = local.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let x1 = local.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let y0 = local.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        let y1 = local.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let w = ((x1 - x0) * 1.3).max(1200.0);
        let h = ((y1 - y0) * 1.3).max(750.0);
        ((x0 + x1 - w) / 2.0, (y0 + y1 - h) / 2.0, w, h)
    };
    // 8:5, the shape the map is shown in.
    if vw / vh > 1.6 {
        let h = vw / 1.6;
        vy -= (h - vh) / 2.0;
        vh = h;
    } else {
        let w = vh * 1.6;
        vx -= (w - vw) / 2.0;
        vw = w;
    }
    let scale = vw / SCREEN;
    let mut tile_list = vec![];
    if let Some(template) = tiles {
        // The zoom whose tiles show about as many pixels as the map has.
        let z = (f64::from(MAP_ZOOM) - (vw / SCREEN).log2().round()).clamp(1.0, 19.0) as u32;
        let size = 256.0 * 2f64.powi(MAP_ZOOM as i32 - z as i32);
        let n = 1i64 << z;
        let (ax, ay) = (origin.0 + vx, origin.1 + vy);
        for ty in (ay / size).floor() as i64..=((ay + vh) / size).floor() as i64 {
            for tx in (ax / size).floor() as i64..=((ax + vw) / size).floor() as i64 {
                if ty < 0 || ty >= n {
                    continue;
                }
                let href = template
                    .replace("{z}", &z.to_string())
                    .replace("{x}", &tx.rem_euclid(n).to_string())
                    .replace("{y}", &ty.to_string());
                tile_list.push(context! {
                    href,
                    x => format!("{:.1}", tx as f64 * size - origin.0),
                    y => format!("{:.1}", ty as f64 * size - origin.1),
                    size => format!("{size:.1}"),
                });
            }
        }
    }
    let marker_list: Vec<Value> = markers
        .iter()
        .zip(&local)
        .map(|(m, p)| {
            context! {
                href => m.href.clone(), label => m.label.clone(), status => m.status,
                x => format!("{:.0}", p.0), y => format!("{:.0}", p.1),
            }
        })
        .collect();
    let picked = picked.and_then(|_| local.last()).map(|p| {
        context! { x => format!("{:.0}", p.0), y => format!("{:.0}", p.1) }
    });
    context! {
        view_box => format!("{vx:.0} {vy:.0} {vw:.0} {vh:.0}"),
        origin_x => format!("{:.0}", origin.0),
        origin_y => format!("{:.0}", origin.1),
        zoom => MAP_ZOOM,
        scale => format!("{scale:.3}"),
        base => if tiles.is_none() { base.map(|b| Value::from_safe_string(b.svg.clone())) } else { None },
        attributions => base.map(|b| b.attributions.clone()).unwrap_or_default(),
        base_extent => extent.map(|(w, h)| format!("0 0 {w:.0} {h:.0}")),
        tiles => tile_list,
        markers => marker_list,
        picked,
    }
}
