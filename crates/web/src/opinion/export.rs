//! Exports in the format of Pol.is's public exports (comments.csv, votes.csv,
//! participants-votes.csv, as in compdemocracy/openData), so the tools made
//! for those read ours, and the whole result as JSON. Participants are named
//! by their number in the map only; statements waiting for or refused in
//! moderation are left out, as the map does.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use db::opinion::{Moderation, OpinionMap, Statement};
use serde_json::json;

use super::map::group_label;
use super::stored_state;
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, csv_cells};

fn attachment(body: Vec<u8>, content_type: &'static str, name: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Pol.is writes the time as milliseconds and as a date text.
fn polis_time(t: DateTime<Utc>) -> (String, String) {
    (
        t.timestamp_millis().to_string(),
        t.format("%a %b %d %H:%M:%S UTC %Y").to_string(),
    )
}

async fn approved(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(OpinionMap, Vec<Statement>)> {
    let (map, _) = app::opinion::load(&state.app, &ctx.actor(), id).await?;
    let statements =
        db::opinion::statements(state.db.conn(), map.id, Some(Moderation::Approved)).await?;
    Ok((map, statements))
}

fn csv_out(rows: Vec<Vec<String>>, name: String) -> AppResult<Response> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(AppError::internal)?;
    }
    let body = w.into_inner().map_err(AppError::internal)?;
    Ok(attachment(body, "text/csv; charset=utf-8", name))
}

/// Pol.is's columns, as one line (the names are column names, not message keys).
pub const COMMENTS_HEADER: &str =
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body";
const VOTES_HEADER: &str = "timestamp,datetime,comment-id,voter-id,vote";
const PARTICIPANTS_HEADER: &str = "participant,group-id,n-comments,n-votes,n-agree,n-disagree";

fn columns(line: &str) -> Vec<String> {
    line.split(',').map(str::to_owned).collect()
}

pub async fn comments(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (map, statements) = approved(&state, &ctx, id).await?;
    let mut rows = vec![columns(COMMENTS_HEADER)];
    for s in &statements {
        let (ts, dt) = polis_time(s.created_at);
        rows.push(vec![
            ts,
            dt,
            s.id.to_string(),
            s.author_participant_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
            s.agrees.to_string(),
            s.disagrees.to_string(),
            "1".to_owned(),
            csv_cells::text(&s.body),
        ]);
    }
    csv_out(rows, format!("opinion-{}-comments.csv", map.id))
}

pub async fn votes(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (map, statements) = approved(&state, &ctx, id).await?;
    let shown: BTreeSet<i64> = statements.iter().map(|s| s.id).collect();
    let mut all = db::opinion::all_votes(state.db.conn(), map.id).await?;
    all.sort_by_key(|v| (v.updated_at, v.participant_id, v.statement_id));
    let mut rows = vec![columns(VOTES_HEADER)];
    for v in all.iter().filter(|v| shown.contains(&v.statement_id)) {
        let (ts, dt) = polis_time(v.updated_at);
        rows.push(vec![
            ts,
            dt,
            v.statement_id.to_string(),
            v.participant_id.to_string(),
            v.value.to_string(),
        ]);
    }
    csv_out(rows, format!("opinion-{}-votes.csv", map.id))
}

pub async fn participants_votes(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (map, statements) = approved(&state, &ctx, id).await?;
    let cols: Vec<i64> = statements.iter().map(|s| s.id).collect();
    let col_of: BTreeMap<i64, usize> = cols.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut authored: BTreeMap<i64, u32> = BTreeMap::new();
    for s in &statements {
        if let Some(p) = s.author_participant_id {
            *authored.entry(p).or_default() += 1;
        }
    }
    let stored = stored_state(&state, map.id).await?;
    let votes = db::opinion::all_votes(state.db.conn(), map.id).await?;
    let mut by_participant: BTreeMap<i64, Vec<Option<i32>>> = BTreeMap::new();
    for v in &votes {
        if let Some(&c) = col_of.get(&v.statement_id) {
            by_participant
                .entry(v.participant_id)
                .or_insert_with(|| vec![None; cols.len()])[c] = Some(v.value);
        }
    }
    let mut header = columns(PARTICIPANTS_HEADER);
    header.extend(cols.iter().map(|c| c.to_string()));
    let mut rows = vec![header];
    for (p, cells) in by_participant {
        let group = stored
            .as_ref()
            .and_then(|(s, _)| s.group_of(p as u64))
            .map(|g| g.to_string())
            .unwrap_or_default();
        let n_votes = cells.iter().filter(|c| c.is_some()).count();
        let n_agree = cells.iter().filter(|c| **c == Some(1)).count();
        let n_disagree = cells.iter().filter(|c| **c == Some(-1)).count();
        let mut row = vec![
            p.to_string(),
            group,
            authored.get(&p).copied().unwrap_or(0).to_string(),
            n_votes.to_string(),
            n_agree.to_string(),
            n_disagree.to_string(),
        ];
        row.extend(
            cells
                .iter()
                .map(|c| c.map(|v| v.to_string()).unwrap_or_default()),
        );
        rows.push(row);
    }
    csv_out(rows, format!("opinion-{}-participants-votes.csv", map.id))
}

pub async fn json(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (map, statements) = approved(&state, &ctx, id).await?;
    let stored = stored_state(&state, map.id).await?;
    let statements_json: Vec<_> = statements
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "body": s.body,
                "seed": s.seed,
                "agrees": s.agrees,
                "disagrees": s.disagrees,
                "passes": s.passes,
            })
        })
        .collect();
    let result = stored.as_ref().map(|(s, stamp)| {
        json!({
            "computed_at": stamp.computed_at.to_rfc3339(),
            "votes": stamp.vote_count,
            "in_conversation": s.in_conversation.len(),
            "groups": s.groups.iter().map(|g| json!({
                "id": g.id,
                "label": group_label(g.id),
                "size": g.members.len(),
                "representative": g.representative.iter().map(|r| json!({
                    "statement": r.statement,
                    "side": if r.side == opinion::repness::Side::Agree { "agree" } else { "disagree" },
                    "agree": r.counts.agree,
                    "disagree": r.counts.disagree,
                    "seen": r.counts.seen,
                    "agree_share": r.agree_share,
                    "disagree_share": r.disagree_share,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "consensus": {
                "agree": s.consensus_agree.iter().map(|c| json!({"statement": c.statement, "p": c.p})).collect::<Vec<_>>(),
                "disagree": s.consensus_disagree.iter().map(|c| json!({"statement": c.statement, "p": c.p})).collect::<Vec<_>>(),
            },
        })
    });
    let body = json!({
        "map": { "id": map.id, "title": map.title, "description": map.description, "open": map.open },
        "statements": statements_json,
        "result": result,
    });
    let bytes = serde_json::to_vec_pretty(&body).map_err(AppError::internal)?;
    let mut res = bytes.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(res)
}
