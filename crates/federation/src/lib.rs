//! ActivityPub federation of processes. Each published process is an actor
//! (`Group`) that fediverse accounts follow; it posts official answers, new
//! phases and published results to them through the durable job queue, signed
//! with its own key; replies to those posts become comments in its
//! discussion. The web crate mounts `routes` and runs the jobs through
//! `perform`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::processes::Status;
use serde_json::{Value, json};
use url::Url;

pub mod activities;
pub mod keys;
pub mod net;

pub use net::Net;

/// The media type of ActivityPub documents.
pub const ACTIVITY_JSON: &str = "application/activity+json";
/// The most an inbox reads of a request's body.
pub const MAX_INBOX_BYTES: usize = 256 * 1024;
/// How many posts an outbox shows.
const OUTBOX_LIMIT: u64 = 20;

/// What federation needs beside the commands: the site's address and the
/// client for other servers.
pub struct Federation {
    pub public_url: Url,
    pub net: Net,
    /// The language of posts (the site's default).
    pub lang: &'static str,
    /// How long a fetched actor document (its public key) is trusted before
    /// it is fetched again; a signature its cached key does not verify has
    /// it fetched at once (the key was rotated).
    pub actor_ttl: Duration,
    /// The processes' private keys, read once per instance (they never
    /// change once made).
    signers: Mutex<HashMap<i64, Arc<keys::Signer>>>,
}

/// Mastodon refetches the accounts it knows about once a day.
pub const ACTOR_TTL: Duration = Duration::from_secs(24 * 3600);

impl Federation {
    pub fn new(public_url: Url, allow_private: bool) -> Federation {
        Federation {
            public_url,
            net: Net::new(allow_private),
            lang: "de",
            actor_ttl: ACTOR_TTL,
            signers: Mutex::new(HashMap::new()),
        }
    }

    /// The signer of process `process_id`, its key made on first use.
    async fn signer(&self, app: &app::App, process_id: i64) -> Result<Arc<keys::Signer>, String> {
        if let Some(s) = self
            .signers
            .lock()
            .ok()
            .and_then(|m| m.get(&process_id).cloned())
        {
            return Ok(s);
        }
        let pem = process_keys(app, process_id).await?.private_pem;
        let signer = tokio::task::spawn_blocking(move || keys::Signer::from_pem(&pem))
            .await
            .map_err(|e| e.to_string())??;
        let signer = Arc::new(signer);
        if let Ok(mut m) = self.signers.lock() {
            m.insert(process_id, signer.clone());
        }
        Ok(signer)
    }

    fn base(&self) -> &str {
        self.public_url.as_str().trim_end_matches('/')
    }

    pub fn actor_url(&self, process_id: i64) -> String {
        format!("{}/ap/processes/{process_id}", self.base())
    }

    pub fn post_url(&self, post_id: i64) -> String {
        format!("{}/ap/posts/{post_id}", self.base())
    }

    /// The host part of handles (with the port, when there is one).
    pub fn host(&self) -> String {
        let host = self.public_url.host_str().unwrap_or("localhost");
        match self.public_url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        }
    }

    /// The fediverse handle of a process, `@process-3@host`.
    pub fn handle(&self, process_id: i64) -> String {
        format!("@{}@{}", username(process_id), self.host())
    }

    /// The post id of a URL of ours, if it names one.
    fn our_post(&self, url: &str) -> Option<i64> {
        url.strip_prefix(&format!("{}/ap/posts/", self.base()))?
            .parse()
            .ok()
    }
}

pub fn username(process_id: i64) -> String {
    format!("process-{process_id}")
}

/// The state the routes need; the web crate's state provides it.
pub trait Host: Send + Sync + 'static {
    fn app(&self) -> &app::App;
    fn federation(&self) -> &Federation;
}

pub fn routes<S: Host>() -> Router<Arc<S>> {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger::<S>))
        .route("/ap/processes/{id}", get(actor::<S>))
        .route("/ap/processes/{id}/outbox", get(outbox::<S>))
        .route("/ap/processes/{id}/followers", get(followers::<S>))
        .route("/ap/processes/{id}/inbox", post(inbox::<S>))
        .route("/ap/posts/{id}", get(note::<S>))
}

fn activity_json(v: Value) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(ACTIVITY_JSON),
        )],
        v.to_string(),
    )
        .into_response()
}

/// Whether the client asks for ActivityPub JSON rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("activity+json") || a.contains("ld+json"))
}

/// A process the fediverse may see: published ones only.
async fn public_process<S: Host>(s: &S, id: i64) -> Result<db::processes::Process, StatusCode> {
    match db::processes::get(&s.app().db, id).await {
        Ok(Some(p)) if p.status == Status::Published => Ok(p),
        Ok(_) => Err(StatusCode::NOT_FOUND),
        Err(e) => {
            tracing::error!(error = %e, "federation: loading a process");
            Err(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The key pair of a process, made on first use.
pub async fn process_keys(app: &app::App, process_id: i64) -> Result<db::federation::Keys, String> {
    if let Some(k) = db::federation::keys(&app.db, process_id)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(k);
    }
    let fresh = tokio::task::spawn_blocking(keys::generate)
        .await
        .map_err(|e| e.to_string())??;
    db::federation::keep_keys(&app.db, process_id, &fresh)
        .await
        .map_err(|e| e.to_string())
}

#[derive(serde::Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

async fn webfinger<S: Host>(State(s): State<Arc<S>>, Query(q): Query<WebfingerQuery>) -> Response {
    let f = s.federation();
    let Some(resource) = q.resource else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let acct = resource.strip_prefix("acct:").unwrap_or(&resource);
    let acct = acct.strip_prefix('@').unwrap_or(acct);
    let id = acct
        .rsplit_once('@')
        .filter(|(_, host)| host.eq_ignore_ascii_case(&f.host()))
        .and_then(|(user, _)| user.strip_prefix("process-"))
        .and_then(|n| n.parse::<i64>().ok())
        // The actor's URL names it as well.
        .or_else(|| {
            resource
                .strip_prefix(&format!("{}/ap/processes/", f.base()))
                .and_then(|n| n.parse().ok())
        });
    let Some(id) = id else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(code) = public_process(&*s, id).await {
        return code.into_response();
    }
    let body = json!({
        "subject": format!("acct:{}@{}", username(id), f.host()),
        "aliases": [f.actor_url(id)],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": f.actor_url(id)},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
             "href": format!("{}/processes/{id}", f.base())},
        ],
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/jrd+json"),
        )],
        body.to_string(),
    )
        .into_response()
}

async fn actor<S: Host>(
    State(s): State<Arc<S>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let p = match public_process(&*s, id).await {
        Ok(p) => p,
        Err(code) => return code.into_response(),
    };
    if !wants_json(&headers) {
        // Browsers see the process's page.
        return Redirect::to(&format!("/processes/{id}")).into_response();
    }
    let keys = match process_keys(s.app(), id).await {
        Ok(k) => k,
        Err(e) => {
            tracing::error!(error = %e, "federation: no key for a process");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    activity_json(activities::actor(
        s.federation(),
        s.app(),
        &p,
        &keys.public_pem,
    ))
}

async fn outbox<S: Host>(State(s): State<Arc<S>>, Path(id): Path<i64>) -> Response {
    if let Err(code) = public_process(&*s, id).await {
        return code.into_response();
    }
    let db = &s.app().db;
    let (posts, total) = match (
        db::federation::posts(db, id, OUTBOX_LIMIT).await,
        db::federation::post_count(db, id).await,
    ) {
        (Ok(p), Ok(n)) => (p, n),
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let f = s.federation();
    let items: Vec<Value> = posts
        .iter()
        .map(|p| activities::create(f, s.app(), p))
        .collect();
    activity_json(json!({
        "@context": activities::AS_CONTEXT,
        "id": format!("{}/outbox", f.actor_url(id)),
        "type": "OrderedCollection",
        "totalItems": total,
        "orderedItems": items,
    }))
}

async fn followers<S: Host>(State(s): State<Arc<S>>, Path(id): Path<i64>) -> Response {
    if let Err(code) = public_process(&*s, id).await {
        return code.into_response();
    }
    // Only the number: who follows is nobody else's business (as Mastodon
    // hides it by default).
    let Ok(total) = db::federation::follower_count(&s.app().db, id).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let f = s.federation();
    activity_json(json!({
        "@context": activities::AS_CONTEXT,
        "id": format!("{}/followers", f.actor_url(id)),
        "type": "OrderedCollection",
        "totalItems": total,
    }))
}

async fn note<S: Host>(
    State(s): State<Arc<S>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let post = match db::federation::post(&s.app().db, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Err(code) = public_process(&*s, post.process_id).await {
        return code.into_response();
    }
    if !wants_json(&headers) {
        return Redirect::to(&post.path).into_response();
    }
    let mut note = activities::note(s.federation(), s.app(), &post);
    note["@context"] = json!(activities::AS_CONTEXT);
    activity_json(note)
}

/// Why an inbox refused an activity.
fn refuse(code: StatusCode, why: &str) -> Response {
    tracing::info!(
        status = code.as_u16(),
        why,
        "federation: inbox refused an activity"
    );
    code.into_response()
}

async fn inbox<S: Host>(State(s): State<Arc<S>>, Path(id): Path<i64>, req: Request) -> Response {
    let process = match public_process(&*s, id).await {
        Ok(p) => p,
        Err(code) => return code.into_response(),
    };
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(Body::new(body), MAX_INBOX_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    };
    // The digest binds the body to the signature.
    let claimed = parts
        .headers
        .get("digest")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !claimed.split(',').any(|d| d.trim() == keys::digest(&body)) {
        return refuse(StatusCode::UNAUTHORIZED, "digest does not match the body");
    }
    let mut headers = BTreeMap::new();
    for (k, v) in &parts.headers {
        if let Ok(v) = v.to_str() {
            headers.insert(k.as_str().to_owned(), v.to_owned());
        }
    }
    let path = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str());
    let Some(sig) = keys::Unverified::read("POST", path, headers, true) else {
        return refuse(StatusCode::UNAUTHORIZED, "missing or unreadable signature");
    };
    let Ok(activity) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "not JSON");
    };
    let Some(actor_id) = activities::id_of(&activity["actor"]) else {
        return refuse(StatusCode::BAD_REQUEST, "no actor");
    };
    // The key's document is the actor's: Mastodon's key ids are the actor's
    // URL with a fragment.
    let key_doc = sig.key_id().split('#').next().unwrap_or_default();
    let (mut doc, mut from_cache) = match cached_actor(&*s, key_doc).await {
        Some(doc) => (doc, true),
        None => match fetch_actor(&*s, key_doc).await {
            Ok(doc) => (doc, false),
            Err(code) => return code,
        },
    };
    let remote = loop {
        if let Some(remote) = activities::RemoteActor::from_json(&doc)
            && signed_by(&sig, key_doc, &actor_id, &remote)
        {
            break remote;
        }
        if !from_cache {
            return refuse(StatusCode::UNAUTHORIZED, "bad signature");
        }
        // The actor may have a new key since: fetched afresh, the document decides.
        doc = match fetch_actor(&*s, key_doc).await {
            Ok(doc) => doc,
            Err(code) => return code,
        };
        from_cache = false;
    };
    handle(&*s, &process, &remote, &activity).await
}

/// Whether `sig` was made by `actor_id` with the key of `remote`, the
/// document fetched from `key_doc`.
fn signed_by(
    sig: &keys::Unverified,
    key_doc: &str,
    actor_id: &str,
    remote: &activities::RemoteActor,
) -> bool {
    // A document speaks only for actors of the server it came from.
    let same_origin = match (Url::parse(key_doc), Url::parse(&remote.id)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    };
    same_origin
        && remote.id == actor_id
        && remote.key_owner == actor_id
        && sig.verify(&remote.public_key_pem)
}

/// The document kept from `url`, unless it is older than the federation's
/// `actor_ttl`.
async fn cached_actor<S: Host>(s: &S, url: &str) -> Option<Value> {
    let kept = match db::federation::cached_actor(&s.app().db, url).await {
        Ok(kept) => kept?,
        Err(e) => {
            tracing::warn!(error = %e, "federation: reading the actor cache");
            return None;
        }
    };
    let age = (chrono::Utc::now() - kept.fetched_at)
        .to_std()
        .unwrap_or_default();
    if age >= s.federation().actor_ttl {
        return None;
    }
    serde_json::from_str(&kept.document).ok()
}

/// Fetches the actor document at `url` and keeps it; the answer to give if
/// it cannot be had.
async fn fetch_actor<S: Host>(s: &S, url: &str) -> Result<Value, Response> {
    let doc = match s.federation().net.get_json(url).await {
        Ok(v) => v,
        Err(e) => {
            tracing::info!(error = %e, key = url, "federation: cannot fetch a signer's key");
            return Err(refuse(StatusCode::UNAUTHORIZED, "signer's key unavailable"));
        }
    };
    if activities::RemoteActor::from_json(&doc).is_none() {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "signer's document unreadable",
        ));
    }
    // Without the cache the next activity fetches it again: no reason to refuse this one.
    if let Err(e) = app::federation::remember_actor(s.app(), url, &doc.to_string()).await {
        tracing::warn!(error = %e, "federation: keeping an actor document");
    }
    Ok(doc)
}

async fn handle<S: Host>(
    s: &S,
    process: &db::processes::Process,
    remote: &activities::RemoteActor,
    activity: &Value,
) -> Response {
    let f = s.federation();
    let app = s.app();
    let us = f.actor_url(process.id);
    match activity["type"].as_str().unwrap_or("") {
        "Follow" => {
            if activities::id_of(&activity["object"]).as_deref() != Some(us.as_str()) {
                return refuse(StatusCode::BAD_REQUEST, "follow of someone else");
            }
            let accept = activities::accept(f, process.id, activity);
            let r = app::federation::accept_follow(
                app,
                process.id,
                &remote.id,
                remote.delivery_inbox(),
                Some((&remote.inbox, &accept.to_string())),
            )
            .await;
            if let Err(e) = r {
                tracing::error!(error = %e, "federation: storing a follower");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            tracing::info!(process = process.id, actor = %remote.id, "federation: new follower");
            StatusCode::ACCEPTED.into_response()
        }
        "Undo" => {
            let inner = &activity["object"];
            if inner["type"] == "Follow" {
                if let Err(e) = app::federation::unfollow(app, process.id, &remote.id).await {
                    tracing::error!(error = %e, "federation: removing a follower");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
                tracing::info!(process = process.id, actor = %remote.id, "federation: follower left");
            }
            StatusCode::ACCEPTED.into_response()
        }
        "Create" => reply(s, remote, &activity["object"]).await,
        // Likes, boosts, deletions of others' posts: nothing to do here.
        _ => StatusCode::ACCEPTED.into_response(),
    }
}

/// The refusal of a reply that arrived before (`app::comments::federated`).
const REPLY_KNOWN: &str = "federation-reply-known";

/// A Note answering one of our posts becomes a comment in that post's
/// process discussion.
async fn reply<S: Host>(s: &S, remote: &activities::RemoteActor, object: &Value) -> Response {
    let f = s.federation();
    let app = s.app();
    if object["type"] != "Note" {
        return StatusCode::ACCEPTED.into_response();
    }
    let Some(post_id) = activities::id_of(&object["inReplyTo"]).and_then(|u| f.our_post(&u)) else {
        return StatusCode::ACCEPTED.into_response();
    };
    let Some(object_id) = activities::id_of(&object["id"]) else {
        return refuse(StatusCode::BAD_REQUEST, "note without id");
    };
    if activities::id_of(&object["attributedTo"]).as_deref() != Some(remote.id.as_str()) {
        return refuse(StatusCode::BAD_REQUEST, "note of someone else");
    }
    let post = match db::federation::post(&app.db, post_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return StatusCode::ACCEPTED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match db::federation::reply_known(&app.db, &object_id).await {
        Ok(true) => return StatusCode::ACCEPTED.into_response(),
        Ok(false) => {}
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let body = activities::plain_text(object["content"].as_str().unwrap_or(""));
    let url = object["url"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| object_id.clone());
    let author = db::federation::RemoteAuthor {
        actor: remote.id.clone(),
        handle: remote.handle(),
        url: remote.url.clone(),
    };
    let w = app::comments::Write {
        subject: db::comments::Subject::process(post.process_id),
        parent_id: None,
        body,
    };
    let origin = db::comments::Origin {
        object: object_id,
        url,
    };
    match app::comments::federated(app, author, w, origin).await {
        Ok(o) => {
            tracing::info!(comment = o.value, actor = %remote.id, "federation: reply became a comment");
            StatusCode::ACCEPTED.into_response()
        }
        // Delivered again while the first delivery was being written.
        Err(app::CommandError::Refused(e)) if e.0.iter().any(|f| f.key == REPLY_KNOWN) => {
            StatusCode::ACCEPTED.into_response()
        }
        Err(app::CommandError::RateLimited(..)) => StatusCode::TOO_MANY_REQUESTS.into_response(),
        Err(app::CommandError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(app::CommandError::Invalid(_)) | Err(app::CommandError::Refused(..)) => {
            StatusCode::UNPROCESSABLE_ENTITY.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "federation: writing a reply");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Has process `process_id` follow the remote actor `target` (a URL): a
/// signed Follow queued to its inbox. For processes that listen to each
/// other across installations, and for the tests that federate two.
pub async fn follow(
    app: &app::App,
    f: &Federation,
    process_id: i64,
    target: &str,
) -> Result<(), String> {
    let doc = f.net.get_json(target).await.map_err(|e| e.to_string())?;
    let remote = activities::RemoteActor::from_json(&doc).ok_or("unreadable actor")?;
    let ours = f.actor_url(process_id);
    let activity = json!({
        "@context": activities::AS_CONTEXT,
        "id": format!("{ours}#follows/{}", activities::sha_hex(&remote.id)),
        "type": "Follow",
        "actor": ours,
        "object": remote.id,
    });
    app::federation::deliver(
        app,
        process_id,
        std::slice::from_ref(&remote.inbox),
        &activity.to_string(),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Tells followers of each process that a phase began (once per phase and
/// start day). Phases begin by the calendar, not by a command: the job
/// worker calls this now and then.
pub async fn announce_phases(app: &app::App) -> Result<usize, app::CommandError> {
    let today = app::today();
    let mut queued = 0;
    for id in db::federation::followed_processes(&app.db).await? {
        let Some(p) = db::processes::get(&app.db, id).await? else {
            continue;
        };
        if p.status != Status::Published {
            continue;
        }
        let Some(kind) = p.phases.current(today) else {
            continue;
        };
        let range = p.phases.get(kind);
        let since = range.from.map(|d| d.to_string()).unwrap_or_default();
        let phase = app.i18n.t("de", &format!("phase-{}", kind.as_str()), &[]);
        let title = format!("{phase} – {}", p.title);
        let path = format!("/processes/{id}#phase-{}-{since}", kind.as_str());
        if app::federation::post_once(
            app,
            db::federation::NewPost {
                process_id: id,
                kind: "phase",
                title: &title,
                body: &p.summary,
                path: &path,
            },
        )
        .await?
        {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Why a federation job did not succeed, and whether another try could.
#[derive(Debug)]
pub struct JobError {
    pub message: String,
    pub permanent: bool,
}

impl JobError {
    fn permanent(message: String) -> JobError {
        JobError {
            message,
            permanent: true,
        }
    }
    fn transient(message: String) -> JobError {
        JobError {
            message,
            permanent: false,
        }
    }
}

/// Carries out a federation job (`db::federation::FANOUT_JOB` or `DELIVER_JOB`).
pub async fn perform(app: &app::App, f: &Federation, job: &db::jobs::Job) -> Result<(), JobError> {
    match job.kind.as_str() {
        db::federation::FANOUT_JOB => {
            let id: i64 = job
                .payload
                .parse()
                .map_err(|_| JobError::permanent(format!("bad payload: {}", job.payload)))?;
            let Some(post) = db::federation::post(&app.db, id)
                .await
                .map_err(|e| JobError::transient(e.to_string()))?
            else {
                return Ok(());
            };
            let inboxes = db::federation::inboxes(&app.db, post.process_id)
                .await
                .map_err(|e| JobError::transient(e.to_string()))?;
            if inboxes.is_empty() {
                return Ok(());
            }
            let mut activity = activities::create(f, app, &post);
            activity["@context"] = json!(activities::AS_CONTEXT);
            let activity = activity.to_string();
            // All deliveries or none: the fan-out job runs again if this fails.
            app::federation::deliver(app, post.process_id, &inboxes, &activity)
                .await
                .map_err(|e| JobError::transient(e.to_string()))?;
            Ok(())
        }
        db::federation::DELIVER_JOB => {
            let (process_id, inbox, activity) = db::federation::parse_delivery(&job.payload)
                .ok_or_else(|| JobError::permanent("bad payload".into()))?;
            deliver(app, f, process_id, &inbox, activity.into_bytes()).await
        }
        other => Err(JobError::transient(format!("unknown job kind {other}"))),
    }
}

/// Sends `body` to `inbox`, signed by the process.
async fn deliver(
    app: &app::App,
    f: &Federation,
    process_id: i64,
    inbox: &str,
    body: Vec<u8>,
) -> Result<(), JobError> {
    let url = Url::parse(inbox).map_err(|e| JobError::permanent(e.to_string()))?;
    let signer = f
        .signer(app, process_id)
        .await
        .map_err(JobError::transient)?;
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => return Err(JobError::permanent(format!("no host in {inbox}"))),
    };
    let mut headers = BTreeMap::new();
    headers.insert("host".to_owned(), host);
    headers.insert(
        "date".to_owned(),
        chrono::Utc::now()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string(),
    );
    headers.insert("digest".to_owned(), keys::digest(&body));
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let key_id = format!("{}#main-key", f.actor_url(process_id));
    // Each inbox has its own signature (it covers host and path); RSA takes
    // milliseconds, kept off the threads that serve requests.
    let signed = headers.clone();
    let signature =
        tokio::task::spawn_blocking(move || signer.sign(&key_id, "POST", &path, signed))
            .await
            .map_err(|e| JobError::transient(e.to_string()))?
            .map_err(JobError::permanent)?;
    let mut sent: Vec<(String, String)> =
        headers.into_iter().filter(|(k, _)| k != "host").collect();
    sent.push(("signature".into(), signature));
    sent.push(("content-type".into(), ACTIVITY_JSON.into()));
    match f.net.post(&url, &sent, body).await {
        Ok(()) => Ok(()),
        // The remote will not take it however often it is sent (gone,
        // refused); 408 and 429 ask for another try later.
        Err(net::NetError::Status(code))
            if (400..500).contains(&code) && code != 408 && code != 429 =>
        {
            Err(JobError::permanent(format!("{inbox} answered {code}")))
        }
        Err(net::NetError::Refused(u)) => Err(JobError::permanent(format!("not allowed: {u}"))),
        Err(e) => Err(JobError::transient(format!("{inbox}: {e}"))),
    }
}
