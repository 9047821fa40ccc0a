//! The versioned open data API (`/api/v1/...`): public reads as JSON with
//! keyset pagination, filters and ETags, its OpenAPI document, and the
//! readable API page (`/api`). Handlers parse, call one query, and answer;
//! the wire types are separate from the database rows so that nothing
//! personal (e-mail addresses, account ids, survey respondents) can leak by
//! a column being added.

mod cached;
pub mod open_data;
pub mod openapi;
mod participation;
pub mod tokens;
mod wire;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use minijinja::context;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{AppResult, Ctx, SharedState};
use domain::Tag;
use openapi::{Endpoint, Param, Schema};
use wire::*;

pub const VERSION: &str = "1.0.0";
/// The most rows one page holds.
pub const MAX_LIMIT: u64 = 200;
const DEFAULT_LIMIT: u64 = 50;

/// Mounts each handler and records it for the document, from one entry.
struct Endpoints {
    router: Router<SharedState>,
    list: Vec<Endpoint>,
}

impl Endpoints {
    fn get<H, T>(mut self, e: Endpoint, h: H) -> Self
    where
        H: Handler<T, SharedState>,
        T: 'static,
    {
        self.router = self.router.route(e.path, get(h));
        self.list.push(e);
        self
    }

    /// Adds the endpoints another module declares.
    fn with(self, more: impl FnOnce(Self) -> Self) -> Self {
        more(self)
    }

    fn post<H, T>(mut self, e: Endpoint, h: H) -> Self
    where
        H: Handler<T, SharedState>,
        T: 'static,
    {
        self.router = self.router.route(e.path, axum::routing::post(h));
        self.list.push(e);
        self
    }
}

fn write(
    path: &'static str,
    summary_key: &'static str,
    summary: &'static str,
    scope: &'static str,
    request: serde_json::Value,
    response: serde_json::Value,
) -> Endpoint {
    Endpoint {
        method: "POST",
        path,
        summary_key,
        summary,
        params: vec![Param::path("id", "The idea or process.")],
        response,
        scope: Some(scope),
        request: Some(request),
        etag: false,
    }
}

fn read(
    path: &'static str,
    summary_key: &'static str,
    summary: &'static str,
    params: Vec<Param>,
    response: serde_json::Value,
) -> Endpoint {
    Endpoint {
        method: "GET",
        path,
        summary_key,
        summary,
        params,
        response,
        scope: None,
        request: None,
        etag: true,
    }
}

fn page_params(mut extra: Vec<Param>) -> Vec<Param> {
    extra.push(Param::query(
        "cursor",
        json!({ "type": "string", "pattern": "^v1\\.[0-9a-f]{1,15}$" }),
        "Where the page begins: `next_cursor` of the page before.",
    ));
    extra.push(Param::query(
        "limit",
        json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT }),
        "How many items a page holds.",
    ));
    extra
}

fn id_param(name: &'static str, doc: &'static str) -> Param {
    Param::query(name, json!({ "type": "integer", "format": "int64" }), doc)
}

fn since_param() -> Param {
    Param::query(
        "updated_since",
        json!({ "type": "string", "format": "date-time" }),
        "Only items changed at or after this time (RFC 3339).",
    )
}

fn status_param(values: &[&str]) -> Param {
    Param::query(
        "status",
        json!({ "type": "string", "enum": values }),
        "Only items with this status.",
    )
}

const PROCESS_STATUSES: &[&str] = &["published", "archived"];

fn idea_statuses() -> Vec<&'static str> {
    domain::ideas::Status::ALL
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn build() -> Endpoints {
    let idea_statuses = idea_statuses();
    Endpoints {
        router: Router::new(),
        list: vec![],
    }
    .get(
        read(
            "/api/v1/processes",
            "api-ep-processes",
            "Published and archived processes with their phases",
            page_params(vec![
                id_param("department", "Only processes of this department."),
                status_param(PROCESS_STATUSES),
                since_param(),
            ]),
            ProcessPage::schema(),
        ),
        processes,
    )
    .get(
        read(
            "/api/v1/processes/{id}",
            "api-ep-process",
            "One process with its phases",
            vec![Param::path("id", "The process.")],
            Process::schema(),
        ),
        process,
    )
    .get(
        read(
            "/api/v1/processes/{id}/comments",
            "api-ep-comments",
            "The comments of a process and of its ideas",
            page_params(vec![Param::path("id", "The process.")]),
            CommentPage::schema(),
        ),
        comments,
    )
    .get(
        read(
            "/api/v1/processes/{id}/documents",
            "api-ep-documents",
            "The documents attached to a process",
            vec![Param::path("id", "The process.")],
            Vec::<Document>::schema(),
        ),
        documents,
    )
    .get(
        read(
            "/api/v1/ideas",
            "api-ep-ideas",
            "Ideas with their status and the official answers",
            page_params(vec![
                id_param("process", "Only ideas of this process."),
                id_param(
                    "department",
                    "Only ideas the department is responsible for.",
                ),
                status_param(&idea_statuses),
                since_param(),
            ]),
            IdeaPage::schema(),
        ),
        ideas,
    )
    .get(accountability_endpoint(), accountability)
    .get(
        read(
            "/api/v1/ideas/{id}",
            "api-ep-idea",
            "One idea with its official answers",
            vec![Param::path("id", "The idea.")],
            Idea::schema(),
        ),
        idea,
    )
    .post(
        write(
            "/api/v1/ideas/{id}/status",
            "api-ep-idea-status",
            "Sets an idea's status with an official answer (as on the idea's page)",
            "ideas:answer",
            StatusChange::schema(),
            Idea::schema(),
        ),
        set_status,
    )
    .post(
        write(
            "/api/v1/processes/{id}/comments",
            "api-ep-comment-write",
            "Writes a comment on a process (as on the process's page)",
            "comments:write",
            NewComment::schema(),
            Written::schema(),
        ),
        write_comment,
    )
    .with(participation::endpoints)
}

/// The document, built once from the route table.
fn document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut list = build().list;
        list.push(Endpoint {
            method: "GET",
            path: "/api/v1/openapi.json",
            summary_key: "api-ep-openapi",
            summary: "This document",
            params: vec![],
            response: json!({ "type": "object" }),
            scope: None,
            request: None,
            etag: false,
        });
        openapi::document(&list, VERSION)
    })
}

/// The endpoints as the API page lists them.
pub fn endpoints() -> Vec<Endpoint> {
    build().list
}

pub fn routes(state: &SharedState) -> Router<SharedState> {
    build()
        .router
        .route("/api/v1/openapi.json", get(openapi_json))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cached::serve,
        ))
}

/// The readable page, inside the page shell.
pub fn page_routes() -> Router<SharedState> {
    tokens::routes()
        .route("/api", get(page))
        .route("/processes/{id}/open-data.zip", get(open_data::zip))
}

async fn openapi_json() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document().to_string(),
    )
        .into_response()
}

async fn page(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    let eps: Vec<_> = endpoints()
        .into_iter()
        .map(|e| {
            context! {
                method => e.method,
                path => e.path,
                key => e.summary_key,
                scope => e.scope,
                params => e.params.iter().map(|p| context! {
                    name => p.name,
                    doc => p.doc,
                    path => matches!(p.at, openapi::In::Path),
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let base = state
        .config
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    Ok(state
        .render(
            &ctx,
            "api/index.html",
            context! { endpoints => eps, base, max_limit => MAX_LIMIT },
        )?
        .into_response())
}

/// An error as `application/problem+json` (RFC 9457).
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    title: &'static str,
    detail: Option<String>,
    errors: BTreeMap<String, String>,
}

impl Problem {
    pub fn new(status: StatusCode, title: &'static str) -> Problem {
        Problem {
            status,
            title,
            detail: None,
            errors: BTreeMap::new(),
        }
    }

    fn not_found() -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "Not found")
    }

    fn internal(e: impl std::fmt::Display) -> Problem {
        tracing::error!(error = %e, "API request failed");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
    }
}

impl From<db::DbError> for Problem {
    fn from(e: db::DbError) -> Problem {
        Problem::internal(e)
    }
}

impl From<crate::AppError> for Problem {
    fn from(e: crate::AppError) -> Problem {
        match e {
            crate::AppError::Page(crate::ErrorPage::NotFound) => Problem::not_found(),
            crate::AppError::Page(p) => Problem::internal(format!("{p:?}")),
            crate::AppError::Internal(msg) => Problem::internal(msg),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
        });
        if let Some(d) = self.detail {
            body["detail"] = d.into();
        }
        if !self.errors.is_empty() {
            body["errors"] = json!(self.errors);
        }
        (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body.to_string(),
        )
            .into_response()
    }
}

type ApiResult = Result<Response, Problem>;

/// The query string, read leniently: every problem becomes a field error.
struct Params {
    pairs: Vec<(String, String)>,
    errors: BTreeMap<String, String>,
}

impl Params {
    fn parse(raw: Option<String>) -> Params {
        let pairs = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params {
            pairs,
            errors: BTreeMap::new(),
        }
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn fail(&mut self, name: &str, msg: &str) {
        self.errors.insert(name.to_owned(), msg.to_owned());
    }

    fn int(&mut self, name: &str) -> Option<i64> {
        let v = self.text(name)?.trim().to_owned();
        match v.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(name, "must be an integer");
                None
            }
        }
    }

    fn one_of(&mut self, name: &str, values: &[&str]) -> Option<String> {
        let v = self.text(name)?.to_owned();
        if values.contains(&v.as_str()) {
            Some(v)
        } else {
            self.fail(name, &format!("must be one of: {}", values.join(", ")));
            None
        }
    }

    fn since(&mut self) -> Option<DateTime<Utc>> {
        let v = self.text("updated_since")?.trim().to_owned();
        match DateTime::parse_from_rfc3339(&v) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(_) => {
                self.fail("updated_since", "must be a date-time (RFC 3339)");
                None
            }
        }
    }

    fn window(&mut self) -> db::api::Window {
        let limit = match self.int("limit") {
            Some(n) if (1..=MAX_LIMIT as i64).contains(&n) => n as u64,
            Some(_) => {
                self.fail("limit", &format!("must be between 1 and {MAX_LIMIT}"));
                DEFAULT_LIMIT
            }
            None => DEFAULT_LIMIT,
        };
        let after = match self.text("cursor").map(decode_cursor) {
            None => 0,
            Some(Some(n)) => n,
            Some(None) => {
                self.fail("cursor", "is not a cursor of this API");
                0
            }
        };
        db::api::Window { after, limit }
    }

    fn done(self) -> Result<(), Problem> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            let mut p = Problem::new(StatusCode::BAD_REQUEST, "Invalid parameters");
            p.errors = self.errors;
            Err(p)
        }
    }
}

/// Opaque to clients; the format may change with the API version.
fn encode_cursor(id: i64) -> String {
    format!("v1.{id:x}")
}

fn decode_cursor(s: &str) -> Option<i64> {
    let hex = s.strip_prefix("v1.")?;
    if hex.is_empty()
        || hex.len() > 15
        || !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    i64::from_str_radix(hex, 16).ok()
}

/// Splits one row more than asked for off the end: its presence means a
/// next page.
fn split_page<T>(
    mut rows: Vec<T>,
    w: db::api::Window,
    id: impl Fn(&T) -> i64,
) -> (Vec<T>, Option<String>) {
    if rows.len() as u64 > w.limit {
        rows.truncate(w.limit as usize);
        let next = rows.last().map(|r| encode_cursor(id(r)));
        (rows, next)
    } else {
        (rows, None)
    }
}

fn path_id(raw: &str) -> Result<i64, Problem> {
    raw.parse::<i64>().map_err(|_| {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, "Invalid parameters");
        p.errors.insert("id".into(), "must be an integer".into());
        p
    })
}

/// How clients and proxies may keep an answer: revalidated each time (the
/// ETag makes that cheap).
fn cache_control() -> HeaderValue {
    HeaderValue::from_static("public, no-cache")
}

/// Whether an `If-None-Match` value names `etag` (weak tags compare equal, as
/// RFC 9110 asks for this header).
fn matches_etag(held: &HeaderValue, etag: &str) -> bool {
    held.to_str().is_ok_and(|v| {
        v.split(',')
            .map(|v| v.trim().trim_start_matches("W/"))
            .any(|v| v == etag || v == "*")
    })
}

/// A JSON answer with a strong ETag over its bytes; 304 when the client
/// already holds them.
fn json_answer(headers: &HeaderMap, value: &impl Serialize) -> ApiResult {
    let body = serde_json::to_vec(value).map_err(Problem::internal)?;
    let hash = Sha256::digest(&body);
    let tag: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{tag}\"");
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .any(|v| matches_etag(v, &etag));
    let etag_value = HeaderValue::from_str(&etag).map_err(Problem::internal)?;
    if matches {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag_value),
                (header::CACHE_CONTROL, cache_control()),
            ],
        )
            .into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache_control()),
        ],
        body,
    )
        .into_response())
}

/// A JSON answer that every reader may be served from memory until a change
/// of what `tags` name (see `cached`).
fn shared_answer(headers: &HeaderMap, value: &impl Serialize, tags: Vec<Tag>) -> ApiResult {
    Ok(crate::cache::tagged(json_answer(headers, value)?, tags))
}

async fn processes(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let mut p = Params::parse(q);
    let filter = db::api::Filter {
        department: p.int("department"),
        status: p.one_of("status", PROCESS_STATUSES),
        updated_since: p.since(),
        ..Default::default()
    };
    let w = p.window();
    p.done()?;
    let rows = db::api::processes(&state.db, &filter, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = rows
        .into_iter()
        .map(|r| Process::from_row(&state, r))
        .collect();
    shared_answer(
        &headers,
        &ProcessPage { items, next_cursor },
        vec![Tag::Lists],
    )
}

async fn process(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    let row = db::api::process(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    shared_answer(
        &headers,
        &Process::from_row(&state, row),
        vec![Tag::Process(id)],
    )
}

async fn comments(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut p = Params::parse(q);
    let w = p.window();
    p.done()?;
    if db::api::process(&state.db, id).await?.is_none() {
        return Err(Problem::not_found());
    }
    let rows = db::api::comments(&state.db, id, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = rows.into_iter().map(Comment::from_row).collect();
    shared_answer(
        &headers,
        &CommentPage { items, next_cursor },
        vec![Tag::Process(id)],
    )
}

async fn documents(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    if db::api::process(&state.db, id).await?.is_none() {
        return Err(Problem::not_found());
    }
    let docs =
        db::documents::for_subject(&state.db, domain::documents::SubjectKind::Process, id).await?;
    let items: Vec<Document> = docs
        .into_iter()
        .map(|d| Document::from_row(&state, d))
        .collect();
    shared_answer(&headers, &items, vec![Tag::Process(id), Tag::Documents])
}

async fn ideas(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let mut p = Params::parse(q);
    let statuses = idea_statuses();
    let filter = db::api::Filter {
        process: p.int("process"),
        department: p.int("department"),
        status: p.one_of("status", &statuses),
        updated_since: p.since(),
    };
    let w = p.window();
    p.done()?;
    let rows = db::api::ideas(&state.db, &filter, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = with_answers(&state, rows).await?;
    shared_answer(&headers, &IdeaPage { items, next_cursor }, vec![Tag::Lists])
}

async fn idea(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    let row = db::api::idea(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let mut items = with_answers(&state, vec![row]).await?;
    let idea = items.pop().ok_or_else(Problem::not_found)?;
    shared_answer(&headers, &idea, vec![Tag::Idea(id), Tag::Lists])
}

/// Ideas with their answers, read in one more query for the whole page.
pub(crate) async fn with_answers(
    state: &crate::AppState,
    rows: Vec<db::api::IdeaRow>,
) -> Result<Vec<Idea>, Problem> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let answers = db::api::answers(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = answers
                .iter()
                .filter(|a| a.idea_id == r.id)
                .map(Answer::from_row)
                .collect();
            Idea::from_row(state, r, mine)
        })
        .collect())
}

impl Problem {
    /// A command's refusal, in the API's words (field messages in English,
    /// the language of the API's documentation).
    fn of(state: &crate::AppState, e: app::CommandError) -> Problem {
        use app::CommandError as E;
        match e {
            E::Invalid(errors) | E::Refused(errors) => {
                let mut p = Problem::new(StatusCode::BAD_REQUEST, "Invalid input");
                for fe in errors.0 {
                    p.errors
                        .insert(fe.field.to_owned(), state.i18n.t("en", fe.key, &[]));
                }
                p
            }
            E::RateLimited(_, _) => {
                Problem::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
            }
            E::LoginRequired => Problem::unauthorized(),
            E::Forbidden => Problem::new(StatusCode::FORBIDDEN, "Forbidden"),
            E::Suspended => {
                let mut p = Problem::new(StatusCode::FORBIDDEN, "Account suspended");
                p.detail = Some(state.i18n.t("en", "error-suspended", &[]));
                p
            }
            E::NotFound => Problem::not_found(),
            E::Db(e) => Problem::internal(e),
            E::Internal(e) => Problem::internal(e),
        }
    }

    fn unauthorized() -> Problem {
        let mut p = Problem::new(StatusCode::UNAUTHORIZED, "No valid API token");
        p.detail = Some("Send a personal API token as `Authorization: Bearer <token>`.".into());
        p
    }
}

/// The person the request's token acts as, for `scope`.
async fn token_actor(
    state: &crate::AppState,
    headers: &HeaderMap,
    scope: &str,
) -> Result<app::Actor, Problem> {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(Problem::unauthorized)?;
    app::api_tokens::authenticate(&state.app, secret, scope)
        .await
        .map_err(|e| Problem::of(state, e))
}

/// A JSON request body, or a problem naming what is wrong with it.
fn body_of<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(bytes).map_err(|e| {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, "Invalid JSON body");
        p.detail = Some(e.to_string());
        p
    })
}

async fn set_status(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    let actor = token_actor(&state, &headers, "ideas:answer").await?;
    let id = path_id(&id)?;
    let input: StatusChange = body_of(&body)?;
    let Some(to) = domain::ideas::Status::parse(&input.status) else {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, "Invalid input");
        p.errors.insert(
            "status".into(),
            format!("must be one of: {}", idea_statuses().join(", ")),
        );
        return Err(p);
    };
    app::ideas::set_status(&state.app, &actor, id, to, &input.answer)
        .await
        .map_err(|e| Problem::of(&state, e))?;
    let row = db::api::idea(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let mut items = with_answers(&state, vec![row]).await?;
    let idea = items.pop().ok_or_else(Problem::not_found)?;
    json_answer(&HeaderMap::new(), &idea)
}

async fn write_comment(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    let actor = token_actor(&state, &headers, "comments:write").await?;
    let id = path_id(&id)?;
    let input: NewComment = body_of(&body)?;
    let w = app::comments::Write {
        subject: db::comments::Subject::process(id),
        parent_id: input.parent_id,
        body: input.body,
    };
    let out = app::comments::write(&state.app, &actor, w)
        .await
        .map_err(|e| Problem::of(&state, e))?;
    let written = Written {
        id: out.value,
        url: format!(
            "{}/processes/{id}#comment-{}",
            state.config.public_url.as_str().trim_end_matches('/'),
            out.value
        ),
    };
    json_answer(&HeaderMap::new(), &written)
}

fn accountability_endpoint() -> Endpoint {
    read(
        "/api/v1/accountability",
        "api-ep-accountability",
        "Answered, pending and overdue ideas and the median days to an answer, in total and by department",
        vec![],
        Accountability::schema(),
    )
}

async fn accountability(State(state): State<SharedState>, headers: HeaderMap) -> ApiResult {
    let today = crate::dates::today();
    let report =
        db::accountability::report(&state.db, db::accountability::Scope::Platform, today).await?;
    // Every change of an idea, its answers or its process touches the lists;
    // the day is part of the store's key.
    shared_answer(
        &headers,
        &Accountability::from_report(&state, today, &report),
        vec![Tag::Lists],
    )
}
