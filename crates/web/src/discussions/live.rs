//! Live pages: a new comment reaches every open page of its discussion within
//! a second, as a server-sent event carrying the comment already rendered.
//!
//! Each instance keeps one broadcast channel. On SQLite the instance that wrote
//! the comment announces it directly; on PostgreSQL the NOTIFY sent with the
//! comment's transaction reaches every instance's listener, which announces it
//! locally. Either way each comment is loaded and rendered once per instance,
//! in every language, not once per reader.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use db::comments::Subject;
use futures_util::stream::{self, Stream, StreamExt};
use minijinja::context;
use tokio::sync::{broadcast, watch};

use super::view::{Viewer, comment_view};
use crate::i18n::LANGUAGES;
use crate::params::Path;
use crate::{AppError, AppResult, Ctx, SharedState};

#[derive(Debug)]
pub struct LiveComment {
    pub subject_kind: String,
    pub subject_id: i64,
    pub comment_id: i64,
    /// JSON for the event, by language.
    pub data: HashMap<&'static str, String>,
}

pub struct Hub {
    tx: broadcast::Sender<Arc<LiveComment>>,
    stopping: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(1024);
        let (stopping, _) = watch::channel(false);
        Hub { tx, stopping }
    }
}

impl Hub {
    /// Ends every live stream, so that a graceful shutdown is not held up by
    /// pages that stay open.
    pub fn stop(&self) {
        let _ = self.stopping.send(true);
    }

    pub fn readers(&self) -> usize {
        self.tx.receiver_count()
    }
}

/// The page of what a discussion is about.
pub fn subject_url(kind: &str, id: i64) -> String {
    match kind {
        "idea" => format!("/ideas/{id}"),
        _ => format!("/processes/{id}"),
    }
}

/// The level-1 comment a reply is listed under, or the root for level 1.
async fn anchor_of(
    state: &SharedState,
    c: &db::comments::Comment,
) -> Result<Option<i64>, db::DbError> {
    match c.depth {
        0 => Ok(None),
        1 => Ok(c.root_id),
        _ => {
            let mut parent = c.parent_id;
            for _ in 0..64 {
                let Some(pid) = parent else { break };
                match db::comments::get(&state.db, pid).await? {
                    Some(p) if p.depth <= 1 => return Ok(Some(p.id)),
                    Some(p) => parent = p.parent_id,
                    None => break,
                }
            }
            Ok(c.root_id)
        }
    }
}

/// Loads, renders and broadcasts one new comment to this instance's readers.
pub async fn announce(state: &SharedState, comment_id: i64) {
    if let Err(e) = try_announce(state, comment_id).await {
        tracing::warn!(comment = comment_id, error = ?e, "could not announce a comment");
    }
}

async fn try_announce(state: &SharedState, comment_id: i64) -> Result<(), AppError> {
    if state.live.readers() == 0 {
        return Ok(());
    }
    let Some(c) = db::comments::get(&state.db, comment_id).await? else {
        return Ok(());
    };
    let anchor = anchor_of(state, &c).await?;
    let reply_to = match c.parent_id {
        Some(p) if c.depth >= domain::comments::MAX_DEPTH => db::comments::get(&state.db, p)
            .await?
            .filter(|p| p.depth >= domain::comments::MAX_DEPTH)
            .map(|p| p.author_name),
        _ => None,
    };
    // The heading's count as it stands now, so open pages show the same figure
    // a reload would; a subject of another kind has no counter and no count.
    let count = match db::comments::Subject::of(&c.subject_kind, c.subject_id) {
        Some(subject) => Some(db::comments::subject_count(&state.db, subject).await?),
        None => None,
    };
    let mut data = HashMap::new();
    for (lang, _) in LANGUAGES {
        let view = comment_view(
            &c,
            Viewer {
                user_id: None,
                role: None,
            },
            lang,
            reply_to.clone(),
        );
        let html = state.render_fragment(
            lang,
            "discussions/live_comment.html",
            context! {
                c => minijinja::Value::from(minijinja::value::Serde(view)),
                subject_url => subject_url(&c.subject_kind, c.subject_id),
                open => true,
            },
        )?;
        let announce = state.i18n.t(
            lang,
            "live-new-comment",
            &[(
                "name",
                crate::people::name(&state.i18n, lang, &c.author_name).into(),
            )],
        );
        let count_text = count.map(|n| {
            state
                .i18n
                .t(lang, "comment-count", &[("count", (n as i64).into())])
        });
        // Open pages that show the comment already replace it when the
        // moderation hid, showed again or edited it.
        let announce_moderation = state.i18n.t(lang, "live-moderated", &[]);
        let json = serde_json::json!({
            "id": c.id,
            "anchor": anchor,
            "html": html,
            "announce": announce,
            "announce_moderation": announce_moderation,
            "count": count,
            "count_text": count_text,
        });
        data.insert(*lang, json.to_string());
    }
    let _ = state.live.tx.send(Arc::new(LiveComment {
        subject_kind: c.subject_kind.clone(),
        subject_id: c.subject_id,
        comment_id,
        data,
    }));
    Ok(())
}

/// After a comment was written on this instance: on SQLite announce it here;
/// on PostgreSQL the listener does, on every instance.
pub fn comment_written(state: &SharedState, comment_id: i64) {
    if state.db.backend() == db::Backend::Sqlite {
        let state = state.clone();
        tokio::spawn(async move { announce(&state, comment_id).await });
    }
}

/// How long a listener may hear nothing before it proves it is alive.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(3);
/// How long the proof may take before the connection counts as lost.
const HEARTBEAT_WITHIN: Duration = Duration::from_secs(3);
/// How long connecting and listening may take.
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

/// Listens for what other instances change and the comments they write
/// (PostgreSQL). While it does not listen (not yet connected, connection lost,
/// heartbeat unanswered) the instance serves and keeps no page from memory;
/// each time it listens again it forgets everything it keeps, since changes
/// announced meanwhile went unheard. Stops when `shutdown` turns true.
pub async fn run_listener(state: SharedState, mut shutdown: watch::Receiver<bool>) {
    let mut backoff = Duration::from_millis(200);
    loop {
        if *shutdown.borrow() {
            return;
        }
        let connected = tokio::select! {
            c = tokio::time::timeout(CONNECT_WITHIN, db::events::Listener::connect(&state.db)) => c,
            _ = shutdown.changed() => return,
        };
        match connected {
            Ok(Ok(None)) => return,
            Ok(Ok(Some(mut listener))) => {
                // Only now, with LISTEN active, is nothing missed any more.
                state.forget_here(&[domain::Tag::All]);
                state.cache.log.set_deaf(false);
                tracing::info!("listening to other instances; forgot everything kept");
                backoff = Duration::from_millis(200);
                let lost = hear(&state, &mut listener, &mut shutdown).await;
                state.cache.log.set_deaf(true);
                match lost {
                    Some(why) => tracing::warn!(error = %why, "event listener lost its connection"),
                    None => return,
                }
            }
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot listen for events"),
            Err(_) => tracing::warn!("cannot listen for events: connecting timed out"),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {},
            _ = shutdown.changed() => return,
        }
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

/// Handles events until the connection is lost (returns why) or `shutdown`
/// turns true (returns None).
async fn hear(
    state: &SharedState,
    listener: &mut db::events::Listener,
    shutdown: &mut watch::Receiver<bool>,
) -> Option<String> {
    loop {
        let heard = tokio::select! {
            heard = tokio::time::timeout(HEARTBEAT_EVERY, listener.recv()) => heard,
            _ = shutdown.changed() => return None,
        };
        match heard {
            Ok(Ok(Some(payload))) => on_event(state, &payload),
            Ok(Ok(None)) => return Some("the connection was closed".into()),
            Ok(Err(e)) => return Some(e.to_string()),
            // Silence: a dead connection is silent too.
            Err(_) => {
                if let Err(e) = listener.heartbeat(HEARTBEAT_WITHIN).await {
                    return Some(e.to_string());
                }
            }
        }
    }
}

fn on_event(state: &SharedState, payload: &str) {
    if let Some(tags) = payload.strip_prefix(db::events::INVALIDATE) {
        state.forget_here(&domain::tags::parse_line(tags));
    } else if let Some((kind, subject, id)) = db::comments::parse_event(payload) {
        if kind == "process" {
            state.forget_here(&[
                domain::Tag::Process(subject),
                domain::Tag::Lists,
                domain::Tag::Search,
            ]);
        }
        let state = state.clone();
        tokio::spawn(async move { announce(&state, id).await });
    }
}

/// `GET /processes/{id}/live`: the event stream of a process's discussion.
pub async fn stream_process(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let t = super::target(&state, &ctx, Subject::process(id)).await?;
    Ok(stream(&state, &ctx, t.subject))
}

/// `GET /ideas/{id}/live`: the event stream of an idea's discussion.
pub async fn stream_idea(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let t = super::target(&state, &ctx, Subject::idea(id)).await?;
    Ok(stream(&state, &ctx, t.subject))
}

fn stream(
    state: &SharedState,
    ctx: &Ctx,
    subject: Subject,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let lang = ctx.lang;
    let rx = state.live.tx.subscribe();
    let mut stop = state.live.stopping.subscribe();
    let events = stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(ev) if ev.subject_kind == subject.kind && ev.subject_id == subject.id => {
                    let data = ev.data.get(lang).cloned().unwrap_or_default();
                    let event = Event::default()
                        .event("comment")
                        .id(ev.comment_id.to_string())
                        .data(data);
                    return Some((Ok(event), rx));
                }
                Ok(_) => continue,
                // A slow reader missed some events; a reload shows them.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let until_stop = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    Sse::new(events.take_until(until_stop))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
}
