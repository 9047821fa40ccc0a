//! The request context: who is asking (session), in which language, with which
//! CSRF token. The middleware here also refuses forged form posts and turns
//! error markers into full pages.

use domain::Tag;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use db::accounts::User;

use crate::cache::{self, CacheTags, NewPage, Sharing};
use crate::error::{AppError, ErrorPage};
use crate::members::{self, Member};
use crate::security::{constant_time_eq, random_token, token_hash};
use crate::{AppState, SharedState, cookies, i18n};

/// Form posts are small; uploads will take another route with their own limit.
const FORM_BODY_LIMIT: usize = 256 * 1024;
/// Larger pages are served but not kept.
const CACHED_PAGE_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: &'static str,
    pub user: Option<Arc<User>>,
    /// The stored id (hash) of the current session, if logged in.
    pub session: Option<String>,
    pub csrf: String,
    /// Path and query of this request, for "back to where I was" links.
    pub path: String,
    pub flash: Option<String>,
    pub ip: String,
    /// What the header says of the reader's unread notifications ("3 neu"),
    /// or the marker of its slot in a page rendered to be shared.
    pub unread: String,
    /// The reader's suspension in force, shown on every page of theirs.
    pub suspension: Option<db::suspensions::Suspension>,
    /// The signed time this page's forms are shown at (`holds::spam`), or the
    /// marker of its slot in a page rendered to be kept.
    pub stamp: String,
}

impl Ctx {
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_deref().ok_or_else(AppError::forbidden)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::internal("request context missing"))
    }
}

/// Path segments after these prefixes are secrets: the one-time links of
/// mails (verification, password reset, change of address) and survey
/// invitations.
const SECRET_SEGMENT_AFTER: &[&str] = &[
    "/unsubscribe/",
    "/verify/",
    "/password/reset/",
    "/settings/email/confirm/",
    "/surveys/t/",
];

/// Query parameters that carry secrets: the form token of uploads (in the
/// form's action URL) and the draft key of an anonymous respondent.
const SECRET_PARAMS: &[&str] = &["csrf_token", "draft", "token"];

/// A path and query fit for the logs, with every secret in it replaced by
/// `…`: whoever reads the logs must not be able to use a link (reset a
/// password, answer in someone's name) or tie an invitation to a moment of
/// answering. Every log line that names a request's path goes through this.
pub(crate) fn loggable(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    let mut out = match SECRET_SEGMENT_AFTER
        .iter()
        .find_map(|prefix| Some((prefix, path.strip_prefix(prefix)?)))
    {
        Some((prefix, rest)) => match rest.find('/') {
            Some(i) => format!("{prefix}…{}", &rest[i..]),
            None => format!("{prefix}…"),
        },
        None => path.to_owned(),
    };
    if let Some(q) = query {
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| {
                // Named as a browser would encode it, or not.
                let key = url::form_urlencoded::parse(pair.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                if SECRET_PARAMS.contains(&key.as_str()) {
                    format!("{}=…", pair.split('=').next().unwrap_or_default())
                } else {
                    pair.to_owned()
                }
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return ip.to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn language(headers: &HeaderMap) -> &'static str {
    cookies::get(headers, cookies::LANG)
        .and_then(i18n::supported)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(i18n::negotiate)
        })
        .unwrap_or(i18n::LANGUAGES[0].0)
}

fn valid_token_shape(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A browser tells where a form post comes from; a post from another site is
/// refused before its token is even looked at.
fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some("null"), _) => true,
        (Some(o), Some(h)) => url::Url::parse(o)
            .ok()
            .map(|u| match (u.host_str(), u.port()) {
                (Some(oh), Some(p)) => format!("{oh}:{p}") != h,
                (Some(oh), None) => oh != h,
                _ => true,
            })
            .unwrap_or(true),
        _ => false,
    }
}

/// Checks the CSRF token of a form post and hands the request on with its body
/// intact. Returns the error page to show otherwise.
async fn check_csrf(req: Request, expected: Option<&str>) -> Result<Request, ErrorPage> {
    if cross_site(req.headers()) {
        return Err(ErrorPage::CsrfFailed);
    }
    let Some(expected) = expected else {
        return Err(ErrorPage::CsrfFailed);
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // An upload is streamed to its handler: its forms send the token as the
    // body's first part, which is read here and handed on with the rest of
    // the stream untouched. A token in the query is still taken from
    // scripts that send it there; no page puts it into a URL, where it
    // would stay in the address bar and the history after an error.
    if content_type.starts_with("multipart/form-data") {
        let in_query = req
            .uri()
            .query()
            .and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "csrf_token")
            })
            .map(|(_, v)| v.into_owned());
        if let Some(t) = in_query {
            return match constant_time_eq(t.as_bytes(), expected.as_bytes()) {
                true => Ok(req),
                false => Err(ErrorPage::CsrfFailed),
            };
        }
        let Some(boundary) = multipart_boundary(content_type) else {
            return Err(ErrorPage::CsrfFailed);
        };
        let (parts, mut body) = req.into_parts();
        let mut head: Vec<u8> = Vec::new();
        let sent = loop {
            match first_part_token(&head, &boundary) {
                Peek::Token(t) => break t,
                Peek::NotToken => return Err(ErrorPage::CsrfFailed),
                Peek::NeedMore if head.len() > MULTIPART_TOKEN_PEEK => {
                    return Err(ErrorPage::CsrfFailed);
                }
                Peek::NeedMore => {}
            }
            match http_body_util::BodyExt::frame(&mut body).await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        head.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) if crate::server::is_body_timeout(&e) => {
                    return Err(ErrorPage::Timeout);
                }
                _ => return Err(ErrorPage::CsrfFailed),
            }
        };
        if !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return Err(ErrorPage::CsrfFailed);
        }
        let body = Body::new(Replayed {
            head: Some(Bytes::from(head)),
            rest: body,
        });
        return Ok(Request::from_parts(parts, body));
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(ErrorPage::CsrfFailed);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_BODY_LIMIT)
        .await
        .map_err(|e| {
            if crate::server::is_body_timeout(&e) {
                ErrorPage::Timeout
            } else {
                ErrorPage::TooLarge
            }
        })?;
    let sent = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.into_owned());
    match sent {
        Some(t) if constant_time_eq(t.as_bytes(), expected.as_bytes()) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(ErrorPage::CsrfFailed),
    }
}

/// How much of an upload's body may come before its token is found.
const MULTIPART_TOKEN_PEEK: usize = 8 * 1024;

/// The `boundary` parameter of a multipart content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty() && v.len() <= 70).then(|| v.to_owned())
    })
}

enum Peek {
    Token(String),
    NotToken,
    NeedMore,
}

/// Reads the first part of a multipart body, as far as it has arrived: the
/// value of a `csrf_token` field, or that the first part is something else.
fn first_part_token(buf: &[u8], boundary: &str) -> Peek {
    let opening = format!("--{boundary}\r\n");
    if buf.len() < opening.len() {
        return match opening.as_bytes().starts_with(buf) {
            true => Peek::NeedMore,
            false => Peek::NotToken,
        };
    }
    let Some(rest) = buf.strip_prefix(opening.as_bytes()) else {
        return Peek::NotToken;
    };
    let Some(end_of_headers) = find(rest, b"\r\n\r\n") else {
        return Peek::NeedMore;
    };
    let headers = String::from_utf8_lossy(&rest[..end_of_headers]);
    let is_token = headers.split("\r\n").any(|line| {
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        name.trim().eq_ignore_ascii_case("content-disposition")
            && value.split(';').any(|p| {
                p.trim()
                    .split_once('=')
                    .is_some_and(|(k, v)| k.trim() == "name" && v.trim() == "\"csrf_token\"")
            })
            && !value.contains("filename")
    });
    if !is_token {
        return Peek::NotToken;
    }
    let value = &rest[end_of_headers + 4..];
    let closing = format!("\r\n--{boundary}");
    match find(value, closing.as_bytes()) {
        Some(end) => match std::str::from_utf8(&value[..end]) {
            Ok(t) => Peek::Token(t.to_owned()),
            Err(_) => Peek::NotToken,
        },
        None => Peek::NeedMore,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An upload's body after its first bytes were read for the token: those
/// bytes, then the rest as it arrives (errors and pace unchanged).
struct Replayed {
    head: Option<Bytes>,
    rest: Body,
}

impl http_body::Body for Replayed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        if let Some(head) = self.head.take().filter(|h| !h.is_empty()) {
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(head))));
        }
        std::pin::Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.head.as_ref().is_none_or(|h| h.is_empty()) && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let extra = self.head.as_ref().map_or(0, |h| h.len() as u64);
        let rest = self.rest.size_hint();
        let mut hint = http_body::SizeHint::new();
        hint.set_lower(rest.lower() + extra);
        if let Some(upper) = rest.upper() {
            hint.set_upper(upper + extra);
        }
        hint
    }
}

pub async fn middleware(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let lang = language(headers);
    let cookie_csrf = cookies::get(headers, cookies::CSRF)
        .filter(|t| valid_token_shape(t))
        .map(str::to_owned);
    let session_cookie = cookies::get(headers, cookies::SESSION)
        .filter(|t| valid_token_shape(t))
        .map(token_hash);
    let flash = cookies::get(headers, cookies::FLASH)
        .filter(|f| f.len() < 64 && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned);
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let ip = client_ip(&req, state.config.trust_proxy);
    let secure = state.config.secure_cookies();

    let (csrf, new_csrf) = match &cookie_csrf {
        Some(t) => (t.clone(), false),
        None => match random_token() {
            Ok(t) => (t, true),
            Err(e) => return AppError::from(e).into_response(),
        },
    };
    let stamp = match crate::holds::spam::stamp(&state.db, chrono::Utc::now()).await {
        Ok(s) => s,
        Err(e) => return AppError::from(e).into_response(),
    };
    let mut ctx = Ctx {
        lang,
        user: None,
        session: None,
        csrf: csrf.clone(),
        path,
        flash,
        ip,
        unread: String::new(),
        suspension: None,
        stamp,
    };

    // Every page's shell shows the site's name; read once after each change.
    state.site.load(&state.db).await;

    // A one-click unsubscribe (RFC 8058) is posted by a mail program without
    // any cookie: the signed token in its path is its permission, and all it
    // can do is turn mails off.
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !crate::notifications::is_unsubscribe_path(req.uri().path());
    let req = if unsafe_method {
        match check_csrf(req, cookie_csrf.as_deref()).await {
            Ok(r) => r,
            Err(page) => {
                tracing::info!(path = %loggable(&ctx.path), "refused form post without a valid CSRF token");
                return finish(&state, &ctx, page.into_response(), new_csrf, secure);
            }
        }
    } else {
        req
    };

    let member = match session_cookie {
        Some(hash) => match state.members.resolve(&state.db, &hash).await {
            Ok(Some(m)) => {
                ctx.user = Some(m.user.clone());
                ctx.session = Some(hash);
                ctx.unread = crate::notifications::unread_of(&state, lang, m.user.id).await;
                ctx.suspension = m.suspended().cloned();
                Some(m)
            }
            Ok(None) => None,
            Err(e) => {
                let res = AppError::from(e).into_response();
                return finish(&state, &ctx, res, new_csrf, secure);
            }
        },
        None => None,
    };

    // Readers share rendered pages; a page with anything of theirs is never
    // shared. While kept pages may be stale (the listener is down), none is
    // served or kept.
    // A suspended reader's pages carry their notice: never shared.
    let shareable = *req.method() == Method::GET
        && ctx.flash.is_none()
        && ctx.suspension.is_none()
        && state.cache.usable()
        && !answered_a_survey_here(&ctx.path, req.headers());
    let res = match member {
        // A post's command forgets what is kept of its person (`app::Tx`).
        _ if !shareable => render(&ctx, req, next).await,
        None => serve_anonymous(&state, &ctx, req, next).await,
        Some(m) => serve_member(&state, &ctx, &m, req, next).await,
    };
    finish(&state, &ctx, res, new_csrf, secure)
}

async fn render(ctx: &Ctx, mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(ctx.clone());
    next.run(req).await
}

/// Pages change with the calendar (a phase opens at midnight): a new day, new pages.
fn cache_key(class: Option<&str>, path: &str) -> String {
    let today = crate::dates::today();
    match class {
        Some(c) => format!("{today} {c} {path}"),
        None => format!("{today} {path}"),
    }
}

fn hit(content_type: &HeaderValue, body: Bytes) -> Response {
    let mut res = ([(header::CONTENT_TYPE, content_type.clone())], body).into_response();
    res.headers_mut()
        .insert("x-cache", HeaderValue::from_static("hit"));
    res
}

/// Whether this is a survey's page and the browser answered that survey: it
/// is then told so, which the page shared by other visitors does not say.
fn answered_a_survey_here(path: &str, headers: &HeaderMap) -> bool {
    let Some(rest) = path.strip_prefix("/surveys/") else {
        return false;
    };
    let id = rest.split(['/', '?']).next().unwrap_or("");
    id.parse::<i64>()
        .is_ok_and(|id| crate::cookies::answered(headers).contains(&id))
}

/// A rendered page that may be kept, with its body read.
struct Keepable {
    parts: axum::http::response::Parts,
    body: Bytes,
    tags: CacheTags,
    content_type: HeaderValue,
}

/// Reads the body of a page that says it may be shared; hands back any other
/// response untouched.
async fn keepable(res: Response) -> Result<Keepable, Response> {
    if res.status() != StatusCode::OK {
        return Err(res);
    }
    let (Some(tags), Some(content_type)) = (
        res.extensions().get::<CacheTags>().cloned(),
        res.headers().get(header::CONTENT_TYPE).cloned(),
    ) else {
        return Err(res);
    };
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, CACHED_PAGE_LIMIT).await {
        Ok(body) => Ok(Keepable {
            parts,
            body,
            tags,
            content_type,
        }),
        Err(e) => Err(AppError::internal(e).into_response()),
    }
}

async fn serve_anonymous(state: &AppState, ctx: &Ctx, req: Request, next: Next) -> Response {
    let key = cache_key(None, &ctx.path);
    if let Some(page) = state.cache.get(&key, ctx.lang) {
        return hit(&page.content_type, page.fill("", "", "", &ctx.stamp));
    }
    // A page known to be shared is rendered by one reader at a time, so that
    // a crowd arriving after a change waits for one rendering, not for one each.
    let turn = match state.cache.shareable(None, &ctx.path) {
        Some(_) => {
            let turn = state.cache.turn(&key, ctx.lang).await;
            let ready = turn
                .rendered_meanwhile()
                .or_else(|| state.cache.get(&key, ctx.lang));
            if let Some(page) = ready {
                return hit(&page.content_type, page.fill("", "", "", &ctx.stamp));
            }
            Some(turn)
        }
        None => None,
    };
    let epoch = state.cache.epoch();
    match keepable(render(ctx, req, next).await).await {
        Ok(k) => {
            if turn.is_none() {
                state.cache.learn_shareable(None, &ctx.path, k.tags.sharing);
            }
            let page = state.cache.put(
                &key,
                ctx.lang,
                NewPage {
                    body: k.body.clone(),
                    content_type: k.content_type,
                    etag: None,
                    tags: k.tags.tags,
                    involvement: None,
                    rendered_at: epoch,
                    max_age: None,
                },
            );
            if let Some(t) = turn {
                t.done(page);
            }
            Response::from_parts(k.parts, Body::from(k.body))
        }
        Err(res) => res,
    }
}

/// A logged-in reader is served the page of their class, rendered once for a
/// stand-in, unless the page is about something they have marks on: then a
/// page rendered for them, kept for them alone. Which paths may be shared by a
/// class is learnt from the first rendering for a reader of it, so that no
/// other page is ever rendered for a stand-in; should the stand-in's rendering
/// still not be a page to share, it is thrown away and the page rendered for
/// the reader.
async fn serve_member(
    state: &AppState,
    ctx: &Ctx,
    m: &Member,
    req: Request,
    next: Next,
) -> Response {
    let key = cache_key(Some(&m.class), &ctx.path);
    let page = state.cache.get(&key, ctx.lang);
    let known = match &page {
        Some(p) => Some(Sharing::Members(p.involvement)),
        None => state.cache.shareable(Some(&m.class), &ctx.path),
    };
    let involvement = match known {
        Some(Sharing::Members(i)) => i,
        Some(Sharing::Anonymous) => return render(ctx, req, next).await,
        None => {
            let res = render(ctx, req, next).await;
            if res.status() == StatusCode::OK
                && let Some(tags) = res.extensions().get::<CacheTags>()
            {
                state
                    .cache
                    .learn_shareable(Some(&m.class), &ctx.path, tags.sharing);
            }
            return res;
        }
    };
    let mut unread_html = String::new();
    crate::markdown::escape_into(&mut unread_html, &ctx.unread);
    let fill = SlotValues {
        csrf: &ctx.csrf,
        name_html: &m.name_html,
        unread_html: &unread_html,
        stamp: &ctx.stamp,
    };
    let markers = &state.cache.markers;
    if m.involved(involvement) {
        let own_key = cache_key(Some(&format!("u{}", m.user.id)), &ctx.path);
        if let Some(own) = state.own_pages.get(&own_key, ctx.lang) {
            return hit(&own.content_type, fill.page(&own.cut));
        }
        let own = Ctx {
            csrf: markers.csrf.clone(),
            unread: markers.unread.clone(),
            stamp: markers.stamp.clone(),
            ..ctx.clone()
        };
        let keep = KeepIn {
            cache: &state.own_pages,
            key: &own_key,
            lang: ctx.lang,
            extra_tag: Some(Tag::User(m.user.id)),
            // Their own comments may be edited for a while: a link to edit one
            // must not outlive that by much.
            max_age: Some(OWN_PAGE_MAX_AGE),
            turn: None,
            stand_in_for: None,
        };
        return render_kept(state, &own, keep, fill, req, next).await;
    }
    if let Some(p) = page {
        return hit(&p.content_type, fill.page(&p.cut));
    }
    let turn = state.cache.turn(&key, ctx.lang).await;
    let ready = turn
        .rendered_meanwhile()
        .or_else(|| state.cache.get(&key, ctx.lang));
    if let Some(p) = ready {
        return hit(&p.content_type, fill.page(&p.cut));
    }
    let stand_in = Ctx {
        user: Some(Arc::new(members::stand_in(&m.user, markers))),
        session: None,
        csrf: markers.csrf.clone(),
        unread: markers.unread.clone(),
        stamp: markers.stamp.clone(),
        ..ctx.clone()
    };
    let keep = KeepIn {
        cache: &state.cache,
        key: &key,
        lang: ctx.lang,
        extra_tag: None,
        max_age: None,
        turn: Some(turn),
        stand_in_for: Some(StandInFor {
            reader: ctx,
            class: &m.class,
        }),
    };
    render_kept(state, &stand_in, keep, fill, req, next).await
}

/// How long a reader's own page is kept at most.
const OWN_PAGE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30);

/// One reader's values for the slots of a page: their form token and their
/// HTML-escaped display name.
#[derive(Clone, Copy)]
struct SlotValues<'a> {
    csrf: &'a str,
    name_html: &'a str,
    unread_html: &'a str,
    stamp: &'a str,
}

impl SlotValues<'_> {
    fn page(&self, cut: &cache::Cut) -> Bytes {
        cut.fill(self.csrf, self.name_html, self.unread_html, self.stamp)
    }
}

/// Where and how a page rendered with markers is kept: the store, its key and
/// language there, a tag added to the handler's, an age limit, the turn of
/// those waiting for it, and for whom it is rendered in a stand-in's name.
struct KeepIn<'a> {
    cache: &'a cache::PageCache,
    key: &'a str,
    lang: &'static str,
    extra_tag: Option<Tag>,
    max_age: Option<std::time::Duration>,
    /// Those waiting for this rendering, if any.
    turn: Option<cache::RenderTurn<'a>>,
    /// Set when the page is rendered for a stand-in of this reader's class.
    stand_in_for: Option<StandInFor<'a>>,
}

/// The real reader behind a stand-in's rendering, and their class.
struct StandInFor<'a> {
    reader: &'a Ctx,
    class: &'a str,
}

/// Renders a page with markers in its slots, keeps it if it may be shared,
/// and answers with the slots filled.
async fn render_kept(
    state: &AppState,
    render_as: &Ctx,
    keep: KeepIn<'_>,
    fill: SlotValues<'_>,
    req: Request,
    next: Next,
) -> Response {
    let epoch = keep.cache.epoch();
    // A stand-in's rendering that is no page to share is never shown to the
    // reader: the page is rendered again for them, from a copy of the request
    // (a GET, so its head is all of it).
    let copy = match &keep.stand_in_for {
        Some(_) if req.method() == Method::GET => {
            let (parts, body) = req.into_parts();
            let copy = parts.clone();
            (Request::from_parts(parts, body), Some(copy))
        }
        _ => (req, None),
    };
    let (req, copy) = copy;
    let rendered = keepable(render(render_as, req, next.clone()).await).await;
    if let (Some(s), Some(copy)) = (&keep.stand_in_for, copy) {
        let shared = matches!(&rendered, Ok(k) if matches!(k.tags.sharing, Sharing::Members(_)));
        if !shared {
            // What was learnt does not hold for the stand-in: the next
            // reader's own rendering tells again.
            state.cache.unlearn_shareable(Some(s.class), &s.reader.path);
            let reader = s.reader;
            drop(keep);
            return render(reader, Request::from_parts(copy, Body::empty()), next).await;
        }
    }
    let (parts, body) = match rendered {
        Ok(k) => match k.tags.sharing {
            Sharing::Members(involvement) => {
                let mut tags = k.tags.tags;
                tags.extend(keep.extra_tag);
                let page = keep.cache.put(
                    keep.key,
                    keep.lang,
                    NewPage {
                        body: k.body,
                        content_type: k.content_type,
                        etag: None,
                        tags,
                        involvement,
                        rendered_at: epoch,
                        max_age: keep.max_age,
                    },
                );
                let filled = fill.page(&page.cut);
                if let Some(t) = keep.turn {
                    t.done(page);
                }
                (k.parts, filled)
            }
            // Rendered for the reader themselves (their own page), so the
            // markers are theirs to fill.
            Sharing::Anonymous => (k.parts, fill.page(&state.cache.markers.cut(&k.body))),
        },
        // Not a page to share after all (an error page, a redirect) of the
        // reader's own rendering: still rendered with markers, so they are
        // filled in.
        Err(res) => {
            let (parts, body) = res.into_parts();
            match axum::body::to_bytes(body, CACHED_PAGE_LIMIT).await {
                Ok(b) => (parts, fill.page(&state.cache.markers.cut(&b))),
                Err(e) => return AppError::internal(e).into_response(),
            }
        }
    };
    Response::from_parts(without_length(parts), Body::from(body))
}

/// A filled page is not as long as the rendered one.
fn without_length(mut parts: axum::http::response::Parts) -> axum::http::response::Parts {
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
}

fn finish(
    state: &SharedState,
    ctx: &Ctx,
    mut res: Response,
    new_csrf: bool,
    secure: bool,
) -> Response {
    if let Some(page) = res.extensions().get::<ErrorPage>().copied() {
        let extra = std::mem::take(res.headers_mut());
        res = state.render_error(ctx, page);
        for (k, v) in extra.iter() {
            if k == header::RETRY_AFTER || k == header::SET_COOKIE {
                res.headers_mut().append(k, v.clone());
            }
        }
    }
    if new_csrf {
        cookies::append(
            res.headers_mut(),
            cookies::set(cookies::CSRF, &ctx.csrf, None, secure),
        );
    }
    // A flash message is shown once: on the first page that is not a redirect.
    if ctx.flash.is_some() && !res.status().is_redirection() {
        cookies::append(
            res.headers_mut(),
            cookies::set(cookies::FLASH, "", Some(0), secure),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    #[test]
    fn an_uploads_token_is_read_from_its_first_part_as_it_arrives() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF";
        // Every cut of the body before the token's end asks for more.
        let end = body
            .find("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"")
            .unwrap();
        for cut in 0..end + 7 {
            assert!(
                matches!(
                    first_part_token(&body.as_bytes()[..cut], "XyZ"),
                    Peek::NeedMore
                ),
                "cut at {cut}"
            );
        }
        assert!(
            matches!(first_part_token(body.as_bytes(), "XyZ"), Peek::Token(t) if t == "abc123")
        );
        // Another first part, a file named csrf_token, another boundary: no token.
        let other = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nabc\r\n--XyZ--";
        assert!(matches!(
            first_part_token(other.as_bytes(), "XyZ"),
            Peek::NotToken
        ));
        let file = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"; filename=\"t\"\r\n\r\nabc\r\n--XyZ--";
        assert!(matches!(
            first_part_token(file.as_bytes(), "XyZ"),
            Peek::NotToken
        ));
        assert!(matches!(
            first_part_token(body.as_bytes(), "Other"),
            Peek::NotToken
        ));
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"----WebKitFormBoundaryA1\"")
                .as_deref(),
            Some("----WebKitFormBoundaryA1")
        );
        assert_eq!(multipart_boundary("multipart/form-data"), None);
    }

    /// A page that is shared among citizens, personal for staff, and that a
    /// stand-in gets as `stand_in_gets` (the path's last segment): `404`, or
    /// `anonymous` (a page only anonymous readers may share).
    async fn probe(
        ctx: Ctx,
        axum::Extension(stand_in_renderings): axum::Extension<Arc<AtomicUsize>>,
        axum::extract::Path(stand_in_gets): axum::extract::Path<String>,
    ) -> Response {
        let Some(user) = ctx.user.clone() else {
            return cache::shared("anonymous page", vec![], None);
        };
        let page = format!("page of {} ({})", user.display_name, user.id);
        if user.id < 0 {
            stand_in_renderings.fetch_add(1, Ordering::SeqCst);
            return match stand_in_gets.as_str() {
                "404" => (StatusCode::NOT_FOUND, page).into_response(),
                _ => cache::tagged(page, vec![]),
            };
        }
        if user.role == domain::Role::Staff {
            return page.into_response();
        }
        cache::shared(page, vec![], None)
    }

    struct Probe {
        router: axum::Router,
        /// How often the probe's handler rendered for a stand-in.
        stand_in_renderings: Arc<AtomicUsize>,
        state: SharedState,
        _dir: PathBuf,
    }

    use std::path::PathBuf;

    impl Drop for Probe {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self._dir);
        }
    }

    async fn probe_app() -> Probe {
        let dir = std::env::temp_dir().join(format!(
            "mitreden-context-{}",
            random_token().expect("random")
        ));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let db = db::Db::connect(&db::Db::sqlite_url_for_dir(&dir))
            .await
            .expect("database");
        db.migrate().await.expect("migrate");
        let mailer =
            mail::Mailer::outbox(dir.join("outbox"), "test <t@example.org>").expect("mailer");
        let config = crate::WebConfig::new(url::Url::parse("http://mitreden.test").expect("url"));
        let state = AppState::new(db, mailer, config).expect("state");
        let stand_in_renderings = Arc::new(AtomicUsize::new(0));
        let router = axum::Router::new()
            .route("/probe/{gets}", axum::routing::get(probe))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                middleware,
            ))
            .layer(axum::Extension(stand_in_renderings.clone()))
            .with_state(state.clone());
        Probe {
            router,
            stand_in_renderings,
            state,
            _dir: dir,
        }
    }

    /// A logged-in reader's session cookie.
    async fn reader(p: &Probe, name: &str, role: domain::Role) -> String {
        let u = db::accounts::create(
            &p.state.db,
            db::accounts::NewUser {
                email: format!("{name}@example.org"),
                display_name: name.into(),
                password_hash: String::new(),
                role,
                department_id: None,
                verified: true,
            },
        )
        .await
        .expect("user");
        let token = random_token().expect("token");
        db::sessions::create(
            &p.state.db,
            token_hash(&token),
            u.id,
            chrono::Duration::hours(1),
        )
        .await
        .expect("session");
        token
    }

    async fn get(p: &Probe, path: &str, session: &str) -> (StatusCode, String) {
        let req = Request::builder()
            .uri(path)
            .header(
                header::COOKIE,
                format!(
                    "{}={session}; {}={}",
                    cookies::SESSION,
                    cookies::CSRF,
                    "a".repeat(64)
                ),
            )
            .body(Body::empty())
            .expect("request");
        let res = p.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_stand_ins_rendering_that_is_no_shared_page_is_never_served() {
        let p = probe_app().await;
        let anna = reader(&p, "Anna", domain::Role::Citizen).await;
        for gets in ["404", "anonymous"] {
            let path = format!("/probe/{gets}");
            // The first rendering is Anna's own and tells that the page is shared.
            let (status, body) = get(&p, &path, &anna).await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::OK, "page of Anna (1)")
            );
            let before = p.stand_in_renderings.load(Ordering::SeqCst);
            // The next one is rendered for a stand-in, which gets no page to share:
            // Anna is served a page rendered for her, not the stand-in's.
            let (status, body) = get(&p, &path, &anna).await;
            assert!(p.stand_in_renderings.load(Ordering::SeqCst) > before);
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::OK, "page of Anna (1)"),
                "{gets}"
            );
        }
    }

    #[tokio::test]
    async fn whether_a_page_is_shared_is_learnt_per_class() {
        let p = probe_app().await;
        let anna = reader(&p, "Anna", domain::Role::Citizen).await;
        let sven = reader(&p, "Sven", domain::Role::Staff).await;
        // Citizens share the page; it is learnt for them.
        get(&p, "/probe/200", &anna).await;
        get(&p, "/probe/200", &anna).await;
        let before = p.stand_in_renderings.load(Ordering::SeqCst);
        // For staff it is personal: never rendered for a stand-in of theirs.
        for _ in 0..3 {
            let (status, body) = get(&p, "/probe/200", &sven).await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::OK, "page of Sven (2)")
            );
        }
        assert_eq!(p.stand_in_renderings.load(Ordering::SeqCst), before);
    }

    #[test]
    fn secrets_never_reach_the_logs() {
        let token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        for (path, logged) in [
            ("/surveys/t/TOKEN/answer", "/surveys/t/…/answer"),
            (
                "/surveys/t/TOKEN/answer?page=2",
                "/surveys/t/…/answer?page=2",
            ),
            ("/surveys/t/TOKEN", "/surveys/t/…"),
            ("/verify/TOKEN", "/verify/…"),
            ("/password/reset/TOKEN", "/password/reset/…"),
            ("/settings/email/confirm/TOKEN", "/settings/email/confirm/…"),
            ("/processes?csrf_token=TOKEN", "/processes?csrf_token=…"),
            (
                "/processes/5/edit?a=1&csrf_token=TOKEN&b=2",
                "/processes/5/edit?a=1&csrf_token=…&b=2",
            ),
            (
                "/staff/documents?csrf%5Ftoken=TOKEN",
                "/staff/documents?csrf%5Ftoken=…",
            ),
            (
                "/surveys/3/answer?page=2&draft=TOKEN",
                "/surveys/3/answer?page=2&draft=…",
            ),
            ("/processes/5", "/processes/5"),
            ("/processes/5?page=2", "/processes/5?page=2"),
        ] {
            let got = loggable(&path.replace("TOKEN", token));
            assert_eq!(got, logged, "{path}");
            assert!(!got.contains(token));
        }
    }

    #[test]
    fn posts_from_other_sites_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(!cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(cross_site(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(cross_site(&h));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h));
    }
}
