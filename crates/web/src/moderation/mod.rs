//! Reports and the moderation queue: the "report" form beside every
//! comment (`/comments/{id}/report`), the queue of reported items and
//! appeals (`/moderation`, moderators and administrators), and the page of
//! a decision where its author appeals (`/moderation/decisions/{id}`).
//!
//! The queue is a list of sections; each section is one kind of work
//! waiting (reports, appeals), so that more kinds can join it.

use app::CommandError;
use app::moderation::{Decide, Reported, reason_key, rule_key};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::moderation::{ItemKind, Reason, Rule};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppResult, AppState, Ctx, Member, Moderator, SharedState, dates, markdown};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/comments/{id}/report",
            get(report_form::<COMMENT>).post(report::<COMMENT>),
        )
        .route(
            "/ideas/{id}/report",
            get(report_form::<IDEA>).post(report::<IDEA>),
        )
        .route(
            "/opinion/statements/{id}/report",
            get(report_form::<STATEMENT>).post(report::<STATEMENT>),
        )
        .route("/moderation", get(queue))
        .route("/moderation/comment/{id}/decide", post(decide::<COMMENT>))
        .route("/moderation/idea/{id}/decide", post(decide::<IDEA>))
        .route(
            "/moderation/opinion-statement/{id}/decide",
            post(decide::<STATEMENT>),
        )
        .route("/moderation/decisions/{id}", get(decision))
        .route("/moderation/decisions/{id}/appeal", post(appeal))
        .route(
            "/moderation/decisions/{id}/appeal-decision",
            post(decide_appeal),
        )
}

// The item kinds as route parameters of the shared handlers.
const COMMENT: u8 = 0;
const STATEMENT: u8 = 1;
const IDEA: u8 = 2;

fn kind_of(k: u8) -> ItemKind {
    match k {
        IDEA => ItemKind::Idea,
        STATEMENT => ItemKind::OpinionStatement,
        _ => ItemKind::Comment,
    }
}

/// How many items the queue shows at once, per section.
const QUEUE_LENGTH: u64 = 50;

#[derive(Serialize)]
struct ItemView {
    kind: &'static str,
    id: i64,
    author: String,
    body: String,
    body_html: String,
    url: String,
    report_url: String,
    hidden: Option<&'static str>,
}

fn item_view(item: &db::moderation::Item) -> ItemView {
    ItemView {
        kind: item.kind(),
        id: item.id,
        author: item.author_name.clone(),
        body: item.body.clone(),
        body_html: markdown::plain_to_html(&item.body),
        url: app::moderation::item_path(item),
        report_url: match item.item_kind() {
            ItemKind::Comment => format!("/comments/{}/report", item.id),
            ItemKind::Idea => format!("/ideas/{}/report", item.id),
            ItemKind::OpinionStatement => format!("/opinion/statements/{}/report", item.id),
        },
        hidden: item
            .hidden_rule
            .as_deref()
            .and_then(Rule::parse)
            .map(rule_key),
    }
}

#[derive(Serialize)]
struct ReasonView {
    value: &'static str,
    key: &'static str,
}

fn reasons(anonymous: bool) -> Vec<ReasonView> {
    Reason::ALL
        .into_iter()
        .filter(|r| !anonymous || r.open_to_anonymous())
        .map(|r| ReasonView {
            value: r.as_str(),
            key: reason_key(r),
        })
        .collect()
}

fn rules() -> Vec<ReasonView> {
    Rule::ALL
        .into_iter()
        .map(|r| ReasonView {
            value: r.as_str(),
            key: rule_key(r),
        })
        .collect()
}

async fn render_report(
    state: &AppState,
    ctx: &Ctx,
    item: &db::moderation::Item,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let anonymous = ctx.user.is_none();
    let html = state.render(
        ctx,
        "moderation/report.html",
        context! {
            item => Value::from(Serde(item_view(item))),
            reasons => Value::from(Serde(reasons(anonymous))),
            anonymous,
            form,
        },
    )?;
    Ok((status, html).into_response())
}

async fn report_form<const K: u8>(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let kind = kind_of(K).as_str();
    let item = app::moderation::visible_item(&state.app, &ctx.actor(), kind, id).await?;
    if let Some(u) = &ctx.user
        && db::moderation::has_reported(&state.db, kind, id, u.id).await?
    {
        return render_done(&state, &ctx, &item, true);
    }
    let mut form = FormState::new();
    if ctx.user.is_none() {
        form = form.value("reason", Reason::Illegal.as_str());
    }
    render_report(&state, &ctx, &item, form, StatusCode::OK).await
}

fn render_done(
    state: &AppState,
    ctx: &Ctx,
    item: &db::moderation::Item,
    already: bool,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "moderation/report_done.html",
        context! { item => Value::from(Serde(item_view(item))), already },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    reason: String,
    note: String,
    email: String,
    /// Spam protection (`holds::spam`).
    website: String,
    form_stamp: String,
}

async fn report<const K: u8>(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<ReportForm>,
) -> AppResult<Response> {
    let kind = kind_of(K).as_str();
    let input = app::moderation::Report {
        kind: kind.into(),
        item_id: id,
        reason: f.reason.clone(),
        note: f.note.clone(),
        email: f.email.clone(),
        lang: ctx.lang.to_owned(),
        ip: ctx.ip.clone(),
    };
    let actor = ctx.actor();
    let result = match crate::holds::spam::refusal(&state, &f.website, &f.form_stamp).await? {
        Some(key) => Err(CommandError::field("reason", key)),
        None => app::moderation::report(&state.app, &actor, input).await,
    };
    match result {
        Ok(out) => {
            let item = app::moderation::visible_item(&state.app, &actor, kind, id).await?;
            render_done(&state, &ctx, &item, out.value == Reported::Already)
        }
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let status = match e {
                CommandError::RateLimited(..) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let item = app::moderation::visible_item(&state.app, &actor, kind, id).await?;
            let form = FormState::new()
                .value("reason", f.reason)
                .value("note", f.note)
                .value("email", f.email)
                .errors(&errors);
            render_report(&state, &ctx, &item, form, status).await
        }
    }
}

#[derive(Serialize)]
struct ReportView {
    reason: &'static str,
    note: String,
    created: String,
}

#[derive(Serialize)]
struct EntryView {
    item: ItemView,
    count: usize,
    reports: Vec<ReportView>,
    first: String,
    /// The form of this entry, when it came back with errors.
    form: Option<FormState>,
}

#[derive(Serialize)]
struct AppealView {
    id: i64,
    item: ItemView,
    action: String,
    rule: Option<&'static str>,
    statement: String,
    appeal: String,
    appealed: String,
    /// The decision was this moderator's: another must decide the appeal.
    mine: bool,
    form: Option<FormState>,
}

/// What came back with errors, and for which entry.
enum Failed {
    None,
    Decision(&'static str, i64, FormState),
    Appeal(i64, FormState),
}

async fn render_queue(
    state: &AppState,
    ctx: &Ctx,
    moderator_id: i64,
    mut failed: Failed,
    status: StatusCode,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let entries: Vec<EntryView> = db::moderation::queue(&state.db, QUEUE_LENGTH)
        .await?
        .into_iter()
        .map(|e| {
            let form = match &mut failed {
                Failed::Decision(kind, id, f) if *kind == e.item.kind() && *id == e.item.id => {
                    Some(std::mem::take(f))
                }
                _ => None,
            };
            EntryView {
                item: item_view(&e.item),
                count: e.reports.len(),
                first: e
                    .reports
                    .first()
                    .map(|r| dates::datetime(r.created_at, lang))
                    .unwrap_or_default(),
                reports: e
                    .reports
                    .iter()
                    .map(|r| ReportView {
                        reason: Reason::parse(&r.reason).map_or("report-reason-other", reason_key),
                        note: r.note.clone(),
                        created: dates::datetime(r.created_at, lang),
                    })
                    .collect(),
                form,
            }
        })
        .collect();
    let appeals: Vec<AppealView> = db::moderation::open_appeals(&state.db, QUEUE_LENGTH)
        .await?
        .into_iter()
        .map(|(d, item)| {
            let form = match &mut failed {
                Failed::Appeal(id, f) if *id == d.id => Some(std::mem::take(f)),
                _ => None,
            };
            AppealView {
                id: d.id,
                item: item_view(&item),
                action: d.action.clone(),
                rule: d.rule.as_deref().and_then(Rule::parse).map(rule_key),
                statement: d.statement.clone(),
                appeal: d.appeal_text.clone().unwrap_or_default(),
                appealed: d
                    .appealed_at
                    .map(|t| dates::datetime(t, lang))
                    .unwrap_or_default(),
                mine: d.moderator_id == moderator_id,
                form,
            }
        })
        .collect();
    // The sections of the queue, in order; each names its entries' count.
    let sections = vec![
        context! { id => "reports", title => "moderation-section-reports", count => entries.len() },
        context! { id => "appeals", title => "moderation-section-appeals", count => appeals.len() },
    ];
    let html = state.render(
        ctx,
        "moderation/queue.html",
        context! {
            sections,
            entries => Value::from(Serde(&entries)),
            appeals => Value::from(Serde(&appeals)),
            rules => Value::from(Serde(rules())),
        },
    )?;
    Ok((status, html).into_response())
}

async fn queue(State(state): State<SharedState>, m: Moderator, ctx: Ctx) -> AppResult<Response> {
    render_queue(&state, &ctx, m.0.id, Failed::None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    action: String,
    rule: String,
    statement: String,
    body: String,
}

async fn decide<const K: u8>(
    State(state): State<SharedState>,
    m: Moderator,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<DecideForm>,
) -> AppResult<Response> {
    let kind = kind_of(K);
    let input = Decide {
        kind: kind.as_str().into(),
        item_id: id,
        action: f.action.clone(),
        rule: f.rule.clone(),
        statement: f.statement.clone(),
        body: f.body.clone(),
    };
    match app::moderation::decide(&state.app, &m.actor(), input).await {
        Ok(_) => Ok(redirect(
            &state,
            "/moderation",
            Some("flash-moderation-decided"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let form = FormState::new()
                .value("action", f.action)
                .value("rule", f.rule)
                .value("statement", f.statement)
                .value("body", f.body)
                .errors(&errors);
            render_queue(
                &state,
                &ctx,
                m.0.id,
                Failed::Decision(kind.as_str(), id, form),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn render_decision(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let (d, item) = app::moderation::decision_for(&state.app, &ctx.actor(), id).await?;
    let own = ctx.user.as_ref().map(|u| u.id) == d.author_id;
    let html = state.render(
        ctx,
        "moderation/decision.html",
        context! {
            id => d.id,
            item => Value::from(Serde(item_view(&item))),
            action => d.action.clone(),
            rule => d.rule.as_deref().and_then(Rule::parse).map(rule_key),
            statement => d.statement.clone(),
            decided => dates::datetime(d.created_at, ctx.lang),
            appeal => d.appeal_text.clone(),
            outcome => d.appeal_outcome.clone(),
            may_appeal => own && d.appealed_at.is_none() && d.action != "keep",
            form,
        },
    )?;
    Ok((status, html).into_response())
}

async fn decision(
    State(state): State<SharedState>,
    _: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_decision(&state, &ctx, id, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AppealForm {
    appeal: String,
}

async fn appeal(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<AppealForm>,
) -> AppResult<Response> {
    match app::moderation::appeal(&state.app, &member.actor(), id, &f.appeal).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/moderation/decisions/{id}"),
            Some("flash-appeal-sent"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let status = match e {
                CommandError::Refused(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let form = FormState::new().value("appeal", f.appeal).errors(&errors);
            render_decision(&state, &ctx, id, form, status).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AppealDecisionForm {
    outcome: String,
}

async fn decide_appeal(
    State(state): State<SharedState>,
    m: Moderator,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<AppealDecisionForm>,
) -> AppResult<Response> {
    match app::moderation::decide_appeal(&state.app, &m.actor(), id, &f.outcome).await {
        Ok(_) => Ok(redirect(
            &state,
            "/moderation#appeals",
            Some("flash-appeal-decided"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let status = match e {
                CommandError::Refused(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let form = FormState::new().value("outcome", f.outcome).errors(&errors);
            render_queue(&state, &ctx, m.0.id, Failed::Appeal(id, form), status).await
        }
    }
}
