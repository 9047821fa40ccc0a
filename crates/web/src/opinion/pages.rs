//! The voting page, one's votes, adding statements, moderation, and the
//! staff's form that opens a map.

use std::collections::BTreeMap;

use app::CommandError;
use app::opinion::{MapInput, Voter};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use db::opinion::{Moderation, OpinionMap, Who};
use minijinja::context;
use serde::Deserialize;

use super::{SESSION_COOKIE, session_key, stored_state};
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff, cookies};

/// The participant's id in this map, if they have taken part.
pub(crate) async fn participant_of(
    state: &AppState,
    map: &OpinionMap,
    who: Option<Who>,
) -> AppResult<Option<i64>> {
    Ok(match who {
        Some(w) => db::opinion::participant(state.db.conn(), map.id, &w).await?,
        None => None,
    })
}

fn vote_name(v: i32) -> &'static str {
    match v {
        1 => "agree",
        -1 => "disagree",
        _ => "pass",
    }
}

/// The voting page, with a form that failed if any.
async fn render_vote_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    map_id: i64,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let actor = ctx.actor();
    let (map, process) = app::opinion::load(&state.app, &actor, map_id).await?;
    let key = session_key(headers);
    let voter = Voter::new(&actor, key.as_deref());
    let participant = participant_of(state, &map, voter.known(&map)).await?;
    let mine: BTreeMap<i64, i32> = match participant {
        Some(p) => db::opinion::votes_of(state.db.conn(), p)
            .await?
            .into_iter()
            .map(|v| (v.statement_id, v.value))
            .collect(),
        None => BTreeMap::new(),
    };
    let statements =
        db::opinion::statements(state.db.conn(), map.id, Some(Moderation::Approved)).await?;
    let stored = stored_state(state, map.id).await?;
    // The routing priority of the last computation; statements it has not
    // seen yet come first (they need votes most), then the rest in order.
    let priority = |id: i64| -> f64 {
        stored
            .as_ref()
            .and_then(|(s, _)| s.priorities.get(&(id as u64)).copied())
            .unwrap_or(f64::INFINITY)
    };
    let next = statements
        .iter()
        .filter(|s| !mine.contains_key(&s.id))
        .max_by(|a, b| {
            priority(a.id)
                .total_cmp(&priority(b.id))
                .then(b.id.cmp(&a.id))
        });
    let my_group = match (&stored, participant) {
        (Some((s, _)), Some(p)) => s.group_of(p as u64).map(|g| g + 1),
        _ => None,
    };
    let may_take_part = ctx.user.is_some() || map.anonymous;
    let moderates = app::opinion::moderates(&actor, &process);
    let manages = app::processes::manages(&actor, &process);
    let pending = if moderates {
        db::opinion::pending_count(state.db.conn(), map.id).await?
    } else {
        0
    };
    let html = state.render(
        ctx,
        "opinion/vote.html",
        context! {
            map => context! { id => map.id, title => map.title, description => map.description, open => map.open, pre_moderated => map.pre_moderated },
            process => context! { id => process.id, title => process.title },
            next => next.map(|s| context! { id => s.id, body => s.body.clone(), moderated => s.moderated_at.is_some() }),
            voted => mine.len(),
            total => statements.len(),
            my_group,
            may_take_part,
            logged_in => ctx.user.is_some(),
            moderates,
            manages,
            pending,
            max_chars => app::opinion::STATEMENT_MAX_CHARS,
            form,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn vote_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_vote_page(&state, &ctx, &headers, id, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VoteForm {
    statement: String,
    vote: String,
    back: String,
}

/// The anonymous browser's key, made on its first vote or statement; the
/// cookie to set if it is new.
fn key_for(headers: &HeaderMap) -> AppResult<(String, bool)> {
    match session_key(headers) {
        Some(k) => Ok((k, false)),
        None => Ok((
            app::security::random_token().map_err(AppError::internal)?,
            true,
        )),
    }
}

fn with_key_cookie(state: &AppState, mut res: Response, key: &str, new: bool) -> Response {
    if new {
        cookies::append(
            res.headers_mut(),
            cookies::set(
                SESSION_COOKIE,
                key,
                Some(60 * 60 * 24 * 365),
                state.config.secure_cookies(),
            ),
        );
    }
    res
}

fn login_for(state: &AppState, map_id: i64) -> Response {
    redirect(state, &format!("/login?next=/opinion/{map_id}"), None)
}

pub async fn vote(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PostForm(f): PostForm<VoteForm>,
) -> AppResult<Response> {
    let value = match f.vote.as_str() {
        "agree" => 1,
        "disagree" => -1,
        "pass" => 0,
        _ => return Err(AppError::bad_request()),
    };
    let statement: i64 = f.statement.parse().map_err(|_| AppError::bad_request())?;
    let actor = ctx.actor();
    let (key, new) = key_for(&headers)?;
    let voter = Voter::new(&actor, ctx.user.is_none().then_some(key.as_str()));
    let back = if f.back == "mine" {
        format!("/opinion/{id}/mine#s{statement}")
    } else {
        format!("/opinion/{id}")
    };
    match app::opinion::vote(&state.app, &voter, statement, value).await {
        Ok(out) if out.value == id => {}
        Ok(_) => return Err(AppError::bad_request()),
        Err(CommandError::LoginRequired) => return Ok(login_for(&state, id)),
        Err(CommandError::Refused(e)) => {
            return Ok(redirect(&state, &back, e.get("vote")));
        }
        Err(e) => return Err(e.into()),
    }
    let res = redirect(
        &state,
        &back,
        Some(&format!("opinion-flash-{}", vote_name(value))),
    );
    Ok(with_key_cookie(
        &state,
        res,
        &key,
        new && ctx.user.is_none(),
    ))
}

pub async fn mine(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let actor = ctx.actor();
    let (map, process) = app::opinion::load(&state.app, &actor, id).await?;
    let key = session_key(&headers);
    let voter = Voter::new(&actor, key.as_deref());
    let participant = participant_of(&state, &map, voter.known(&map)).await?;
    let mine: BTreeMap<i64, i32> = match participant {
        Some(p) => db::opinion::votes_of(state.db.conn(), p)
            .await?
            .into_iter()
            .map(|v| (v.statement_id, v.value))
            .collect(),
        None => BTreeMap::new(),
    };
    let statements =
        db::opinion::statements(state.db.conn(), map.id, Some(Moderation::Approved)).await?;
    let votes: Vec<_> = statements
        .iter()
        .filter_map(|s| {
            mine.get(&s.id)
                .map(|v| context! { id => s.id, body => s.body.clone(), moderated => s.moderated_at.is_some(), vote => vote_name(*v) })
        })
        .collect();
    let html = state.render(
        &ctx,
        "opinion/mine.html",
        context! {
            map => context! { id => map.id, title => map.title, open => map.open },
            process => context! { id => process.id, title => process.title },
            votes,
        },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatementForm {
    body: String,
}

pub async fn add_statement(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatementForm>,
) -> AppResult<Response> {
    let actor = ctx.actor();
    let (key, new) = key_for(&headers)?;
    let voter = Voter::new(&actor, ctx.user.is_none().then_some(key.as_str()));
    match app::opinion::add_statement(&state.app, &voter, id, &f.body).await {
        Ok(out) => {
            let flash = if out.value.1 {
                "opinion-flash-statement-pending"
            } else {
                "opinion-flash-statement-added"
            };
            let res = redirect(&state, &format!("/opinion/{id}"), Some(flash));
            Ok(with_key_cookie(
                &state,
                res,
                &key,
                new && ctx.user.is_none(),
            ))
        }
        Err(CommandError::LoginRequired) => Ok(login_for(&state, id)),
        Err(e @ (CommandError::Invalid(_) | CommandError::Refused(_))) => {
            let errors = e.field_errors().unwrap_or_default();
            let form = FormState::new()
                .value("body", f.body.clone())
                .errors(&errors);
            render_vote_page(
                &state,
                &ctx,
                &headers,
                id,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn moderation(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let actor = ctx.actor();
    if ctx.user.is_none() {
        return Ok(crate::accounts::login_redirect(&state, &ctx));
    }
    let (map, process) = app::opinion::load(&state.app, &actor, id).await?;
    if !app::opinion::moderates(&actor, &process) {
        return Err(AppError::forbidden());
    }
    let pending: Vec<_> = db::opinion::statements(state.db.conn(), map.id, Some(Moderation::Pending))
        .await?
        .into_iter()
        .map(|s| context! { id => s.id, body => s.body, created => crate::dates::datetime(s.created_at, ctx.lang) })
        .collect();
    let html = state.render(
        &ctx,
        "opinion/moderation.html",
        context! {
            map => context! { id => map.id, title => map.title },
            process => context! { id => process.id, title => process.title },
            pending,
        },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ModerationForm {
    decision: String,
}

pub async fn moderate(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ModerationForm>,
) -> AppResult<Response> {
    let approve = match f.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::bad_request()),
    };
    if ctx.user.is_none() {
        return Ok(crate::accounts::login_redirect(&state, &ctx));
    }
    let out = app::opinion::moderate(&state.app, &ctx.actor(), id, approve).await?;
    let flash = if approve {
        "opinion-flash-approved"
    } else {
        "opinion-flash-rejected"
    };
    Ok(redirect(
        &state,
        &format!("/opinion/{}/moderation", out.value),
        Some(flash),
    ))
}

fn render_new(
    state: &AppState,
    ctx: &Ctx,
    process: &db::processes::Process,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "opinion/new.html",
        context! {
            process => context! { id => process.id, title => process.title.clone() },
            form,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn new_form(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = app::processes::managed(&state.app, &staff.actor(), id).await?;
    let form = FormState::new().value("pre_moderated", "1");
    render_new(&state, &ctx, &process, form, StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MapForm {
    title: String,
    description: String,
    seeds: String,
    pre_moderated: String,
    anonymous: String,
}

pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<MapForm>,
) -> AppResult<Response> {
    let input = MapInput {
        title: f.title.clone(),
        description: f.description.clone(),
        pre_moderated: f.pre_moderated == "1",
        anonymous: f.anonymous == "1",
        seeds: f.seeds.clone(),
    };
    match app::opinion::open_map(&state.app, &staff.actor(), id, &input).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("/opinion/{}", out.value),
            Some("opinion-flash-opened"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let process = app::processes::managed(&state.app, &staff.actor(), id).await?;
            let form = FormState::new()
                .value("title", f.title)
                .value("description", f.description)
                .value("seeds", f.seeds)
                .value("pre_moderated", f.pre_moderated)
                .value("anonymous", f.anonymous)
                .errors(&errors);
            render_new(
                &state,
                &ctx,
                &process,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OpenForm {
    open: String,
}

/// Staff close a map (no more votes or statements; the map stays) or open it again.
pub async fn set_open(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    PostForm(f): PostForm<OpenForm>,
) -> AppResult<Response> {
    let open = f.open == "1";
    app::opinion::set_open(&state.app, &staff.actor(), id, open).await?;
    let flash = if open {
        "opinion-flash-reopened"
    } else {
        "opinion-flash-closed"
    };
    Ok(redirect(&state, &format!("/opinion/{id}"), Some(flash)))
}
