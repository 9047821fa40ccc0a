//! The map of opinion groups: an SVG drawn on the server from the stored
//! computation (base clusters as marks sized by their members, each group's
//! hull, a different mark shape per group so colour is never the only cue),
//! with the same result as text: group sizes, each group's representative
//! statements with the shares that agreed and disagreed, and the consensus.
//! The public page is shared through the page cache; `/map/you` marks where
//! the reader stands and is rendered for them.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::Tag;
use minijinja::{Value, context};
use opinion::repness::Side;

use super::pages::participant_of;
use super::{session_key, stored_state};
use crate::cache::shared;
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, SharedState, dates};
use app::opinion::Voter;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 420.0;
const PAD: f64 = 30.0;

/// Group labels as Pol.is shows them.
pub(crate) fn group_label(g: usize) -> String {
    char::from(b'A' + (g % 26) as u8).to_string()
}

fn share(n: u32, of: u32) -> u32 {
    if of == 0 {
        0
    } else {
        ((f64::from(n) * 100.0) / f64::from(of)).round() as u32
    }
}

/// Andrew's monotone chain; the points in counter-clockwise order.
fn hull(mut pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut lower: Vec<(f64, f64)> = vec![];
    for &p in &pts {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<(f64, f64)> = vec![];
    for &p in pts.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// A mark of the given shape around (x, y), as an SVG path.
fn mark(shape: usize, x: f64, y: f64, r: f64) -> String {
    match shape % 5 {
        0 => format!(
            "M{:.1},{y:.1}a{r:.1},{r:.1} 0 1,0 {:.1},0a{r:.1},{r:.1} 0 1,0 {:.1},0Z",
            x - r,
            2.0 * r,
            -2.0 * r
        ),
        1 => format!(
            "M{:.1},{:.1}h{:.1}v{:.1}h{:.1}Z",
            x - r,
            y - r,
            2.0 * r,
            2.0 * r,
            -2.0 * r
        ),
        2 => format!(
            "M{x:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z",
            y - r * 1.15,
            x + r * 1.15,
            y + r * 0.85,
            x - r * 1.15,
            y + r * 0.85
        ),
        3 => format!(
            "M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z",
            y - r * 1.3,
            x + r * 1.3,
            y + r * 1.3,
            x - r * 1.3
        ),
        _ => {
            let a = r * 0.45;
            format!(
                "M{:.1},{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}h{:.1}v{:.1}Z",
                x - a,
                y - r,
                2.0 * a,
                r - a,
                r - a,
                2.0 * a,
                -(r - a),
                r - a,
                -2.0 * a,
                -(r - a),
                -(r - a),
                -2.0 * a
            )
        }
    }
}

async fn render_map(
    state: &AppState,
    ctx: &Ctx,
    map_id: i64,
    me: Option<Option<i64>>,
) -> AppResult<(Vec<Tag>, String)> {
    let actor = ctx.actor();
    let (map, process) = app::opinion::load(&state.app, &actor, map_id).await?;
    let statements = db::opinion::statements(state.db.conn(), map.id, None).await?;
    let texts: HashMap<i64, &db::opinion::Statement> = statements
        .iter()
        .filter(|s| s.moderation() == db::opinion::Moderation::Approved)
        .map(|s| (s.id, s))
        .collect();
    let stored = stored_state(state, map.id).await?;
    let mut groups = vec![];
    let mut marks = vec![];
    let mut hulls = vec![];
    let mut consensus = vec![];
    let mut you = Value::UNDEFINED;
    let mut my_group = None;
    let mut status = Value::UNDEFINED;
    if let Some((s, stamp)) = &stored {
        let group_of_cluster: BTreeMap<u32, usize> = s
            .groups
            .iter()
            .flat_map(|g| g.base_clusters.iter().map(move |&b| (b, g.id)))
            .collect();
        let my_point = match me {
            Some(Some(p)) => s.projections.get(&(p as u64)).copied(),
            _ => None,
        };
        let mut xs: Vec<f64> = s.base_clusters.iter().map(|b| b.center[0]).collect();
        let mut ys: Vec<f64> = s.base_clusters.iter().map(|b| b.center[1]).collect();
        if let Some(p) = my_point {
            xs.push(p[0]);
            ys.push(p[1]);
        }
        let (min_x, max_x) = xs
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        let (min_y, max_y) = ys
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
        let span_x = (max_x - min_x).max(1e-9);
        let span_y = (max_y - min_y).max(1e-9);
        let scale = ((WIDTH - 2.0 * PAD) / span_x).min((HEIGHT - 2.0 * PAD) / span_y);
        let off_x = (WIDTH - scale * span_x) / 2.0;
        let off_y = (HEIGHT - scale * span_y) / 2.0;
        let place = |p: [f64; 2]| -> (f64, f64) {
            if !p[0].is_finite() || !p[1].is_finite() || min_x > max_x {
                return (WIDTH / 2.0, HEIGHT / 2.0);
            }
            (
                off_x + (p[0] - min_x) * scale,
                HEIGHT - (off_y + (p[1] - min_y) * scale),
            )
        };
        let mut by_group: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
        for b in &s.base_clusters {
            let (x, y) = place(b.center);
            let g = group_of_cluster.get(&b.id).copied();
            let r = 3.0 + (b.members.len() as f64).sqrt() * 1.6;
            if let Some(g) = g {
                by_group.entry(g).or_default().push((x, y));
            }
            marks.push(context! {
                d => mark(g.unwrap_or(0), x, y, r.min(18.0)),
                group => g.map(|g| g.to_string()).unwrap_or_else(|| "none".into()),
            });
        }
        for (g, pts) in by_group {
            let h = hull(pts);
            if h.len() >= 3 {
                let points: Vec<String> = h.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                hulls.push(context! { group => g, points => points.join(" ") });
            }
        }
        if let Some(p) = my_point {
            let (x, y) = place(p);
            you = context! { x => format!("{x:.1}"), y => format!("{y:.1}"), label_y => format!("{:.1}", (y - 14.0).max(12.0)) };
        }
        if let Some(Some(p)) = me {
            my_group = s.group_of(p as u64).map(group_label);
        }
        for g in &s.groups {
            let rep: Vec<_> = g
                .representative
                .iter()
                .filter_map(|r| {
                    texts.get(&(r.statement as i64)).map(|st| {
                        context! {
                            id => st.id,
                            body => st.body.clone(),
                            moderated => st.moderated_at.is_some(),
                            side => if r.side == Side::Agree { "agree" } else { "disagree" },
                            agree => share(r.counts.agree, r.counts.seen),
                            disagree => share(r.counts.disagree, r.counts.seen),
                            seen => r.counts.seen,
                        }
                    })
                })
                .collect();
            groups.push(context! {
                id => g.id,
                label => group_label(g.id),
                size => g.members.len(),
                shape => g.id % 5,
                representative => rep,
            });
        }
        for (side, list) in [
            ("agree", &s.consensus_agree),
            ("disagree", &s.consensus_disagree),
        ] {
            for c in list {
                if let Some(st) = texts.get(&(c.statement as i64)) {
                    let seen = (st.agrees + st.disagrees + st.passes).max(0) as u32;
                    consensus.push(context! {
                        body => st.body.clone(),
                        moderated => st.moderated_at.is_some(),
                        side,
                        agree => share(st.agrees.max(0) as u32, seen),
                        disagree => share(st.disagrees.max(0) as u32, seen),
                    });
                }
            }
        }
        status = context! {
            computed => dates::datetime(stamp.computed_at, ctx.lang),
            computed_iso => stamp.computed_at.to_rfc3339(),
            votes => stamp.vote_count,
            participants => s.projections.len(),
            clustered => s.in_conversation.len(),
        };
    }
    let html = state.render(
        ctx,
        "opinion/map.html",
        context! {
            map => context! { id => map.id, title => map.title, description => map.description },
            process => context! { id => process.id, title => process.title },
            computed => stored.is_some(),
            status,
            groups,
            marks,
            hulls,
            consensus,
            you,
            personal => me.is_some(),
            taken_part => matches!(me, Some(Some(_))),
            my_group,
            width => WIDTH,
            height => HEIGHT,
        },
    )?;
    Ok((
        vec![Tag::OpinionMap(map.id), Tag::Process(process.id)],
        html.0,
    ))
}

/// The map everyone sees, shared through the page cache until the next
/// computation is stored.
pub async fn public_map(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (tags, html) = render_map(&state, &ctx, id, None).await?;
    Ok(shared(axum::response::Html(html), tags, None))
}

/// The map with the reader marked: rendered for them, never shared.
pub async fn my_map(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let actor = ctx.actor();
    let (map, _) = app::opinion::load(&state.app, &actor, id).await?;
    let key = session_key(&headers);
    let voter = Voter::new(&actor, key.as_deref());
    let participant = participant_of(&state, &map, voter.known(&map)).await?;
    let (_, html) = render_map(&state, &ctx, id, Some(participant)).await?;
    Ok(axum::response::Html(html).into_response())
}
