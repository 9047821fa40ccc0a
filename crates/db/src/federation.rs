//! ActivityPub federation of processes: their key pairs, their fediverse
//! followers, what they posted, and the remote actors whose replies arrive as
//! comments.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::jobs::{self, NewJob};
use crate::{Db, DbError, Id, count, now, raw};

/// Turns one post into a delivery job per follower inbox.
pub const FANOUT_JOB: &str = "federation.fanout";
/// Sends one signed activity to one inbox.
pub const DELIVER_JOB: &str = "federation.deliver";

#[derive(Debug, Clone, FromQueryResult)]
pub struct Keys {
    pub private_pem: String,
    pub public_pem: String,
}

/// The key pair of `process_id`, if one was made.
pub async fn keys(db: &Db, process_id: i64) -> Result<Option<Keys>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Keys::find_by_statement(raw(
        b,
        "SELECT private_pem, public_pem FROM federation_keys WHERE process_id = ?",
        vec![process_id.into()],
    ))
    .one(&db.conn)
    .await?)
}

/// Keeps a freshly made key pair unless another instance was faster; returns
/// the one that is kept.
pub async fn keep_keys(db: &Db, process_id: i64, k: &Keys) -> Result<Keys, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .execute_raw(raw(
            b,
            "INSERT INTO federation_keys (process_id, private_pem, public_pem, created_at) \
             VALUES (?, ?, ?, ?) ON CONFLICT (process_id) DO NOTHING",
            vec![
                process_id.into(),
                k.private_pem.as_str().into(),
                k.public_pem.as_str().into(),
                now().into(),
            ],
        ))
        .await?;
    keys(db, process_id)
        .await?
        .ok_or_else(|| DbError::Corrupt("federation key vanished".into()))
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Follower {
    pub actor: String,
    pub inbox: String,
}

/// Records that `actor` follows the process (a repeated Follow updates its
/// inbox) and queues `accept` (JSON) to `reply_inbox`, in one transaction.
pub async fn follow(
    txn: &crate::Transaction,
    process_id: i64,
    actor: &str,
    inbox: &str,
    accept: Option<(&str, &str)>,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "INSERT INTO federation_followers (process_id, actor, inbox, created_at) \
         VALUES (?, ?, ?, ?) ON CONFLICT (process_id, actor) DO UPDATE SET inbox = excluded.inbox",
        vec![process_id.into(), actor.into(), inbox.into(), now().into()],
    ))
    .await?;
    if let Some((reply_inbox, accept)) = accept {
        queue_delivery(txn, process_id, reply_inbox, accept).await?;
    }
    Ok(())
}

pub async fn unfollow(
    txn: &crate::Transaction,
    process_id: i64,
    actor: &str,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let r = txn
        .execute_raw(raw(
            b,
            "DELETE FROM federation_followers WHERE process_id = ? AND actor = ?",
            vec![process_id.into(), actor.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// A page of followers, oldest first.
pub async fn followers(
    db: &Db,
    process_id: i64,
    limit: u64,
    offset: u64,
) -> Result<Vec<Follower>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Follower::find_by_statement(raw(
        b,
        "SELECT actor, inbox FROM federation_followers WHERE process_id = ? ORDER BY id LIMIT ? OFFSET ?",
        vec![process_id.into(), (limit as i64).into(), (offset as i64).into()],
    ))
    .all(&db.conn)
    .await?)
}

pub async fn follower_count(db: &Db, process_id: i64) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM federation_followers WHERE process_id = ?",
            vec![process_id.into()],
        ),
    )
    .await
}

#[derive(FromQueryResult)]
struct Inbox {
    inbox: String,
}

/// The distinct inboxes of the followers: one delivery per shared inbox.
pub async fn inboxes(db: &Db, process_id: i64) -> Result<Vec<String>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Inbox::find_by_statement(raw(
        b,
        "SELECT DISTINCT inbox FROM federation_followers WHERE process_id = ? ORDER BY inbox",
        vec![process_id.into()],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(|i| i.inbox)
    .collect())
}

/// Something a process tells its followers.
#[derive(Debug, Clone)]
pub struct NewPost<'a> {
    pub process_id: i64,
    /// `phase`, `answer` or `results`.
    pub kind: &'static str,
    pub title: &'a str,
    pub body: &'a str,
    /// The page on this site it is about.
    pub path: &'a str,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Post {
    pub id: i64,
    pub process_id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub path: String,
    pub created_at: DateTime<Utc>,
}

/// Keeps a post for the outbox and queues its delivery, in the transaction of
/// the change it tells of. Returns the post's id.
pub async fn queue_post<C: ConnectionTrait>(conn: &C, p: NewPost<'_>) -> Result<i64, DbError> {
    let b = conn.get_database_backend();
    let id = Id::find_by_statement(raw(
        b,
        "INSERT INTO federation_posts (process_id, kind, title, body, path, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        vec![
            p.process_id.into(),
            p.kind.into(),
            p.title.into(),
            p.body.into(),
            p.path.into(),
            now().into(),
        ],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?
    .id;
    jobs::enqueue(
        conn,
        NewJob {
            kind: FANOUT_JOB,
            payload: id.to_string(),
        },
    )
    .await?;
    Ok(id)
}

#[derive(FromQueryResult)]
struct ProcessId {
    process_id: i64,
}

/// The processes that have fediverse followers.
pub async fn followed_processes(db: &Db) -> Result<Vec<i64>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(ProcessId::find_by_statement(raw(
        b,
        "SELECT DISTINCT process_id FROM federation_followers ORDER BY process_id",
        vec![],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(|p| p.process_id)
    .collect())
}

/// Queues `p` unless a post of its process, kind and path exists: news that
/// is noticed by looking (a phase that began) rather than made by a command.
/// True if it was queued.
pub async fn queue_post_once(txn: &crate::Transaction, p: NewPost<'_>) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let n = count(
        txn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM federation_posts WHERE process_id = ? AND kind = ? AND path = ?",
            vec![p.process_id.into(), p.kind.into(), p.path.into()],
        ),
    )
    .await?;
    if n > 0 {
        return Ok(false);
    }
    queue_post(txn, p).await?;
    Ok(true)
}

pub async fn post(db: &Db, id: i64) -> Result<Option<Post>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Post::find_by_statement(raw(
        b,
        "SELECT id, process_id, kind, title, body, path, created_at FROM federation_posts WHERE id = ?",
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?)
}

/// The newest posts of a process.
pub async fn posts(db: &Db, process_id: i64, limit: u64) -> Result<Vec<Post>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Post::find_by_statement(raw(
        b,
        "SELECT id, process_id, kind, title, body, path, created_at FROM federation_posts \
         WHERE process_id = ? ORDER BY id DESC LIMIT ?",
        vec![process_id.into(), (limit as i64).into()],
    ))
    .all(&db.conn)
    .await?)
}

pub async fn post_count(db: &Db, process_id: i64) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM federation_posts WHERE process_id = ?",
            vec![process_id.into()],
        ),
    )
    .await
}

/// Queues one signed delivery of `activity` (JSON) from `process_id` to `inbox`.
pub async fn queue_delivery<C: ConnectionTrait>(
    conn: &C,
    process_id: i64,
    inbox: &str,
    activity: &str,
) -> Result<(), DbError> {
    let payload =
        serde_json::json!({ "process": process_id, "inbox": inbox, "activity": activity });
    jobs::enqueue(
        conn,
        NewJob {
            kind: DELIVER_JOB,
            payload: payload.to_string(),
        },
    )
    .await
}

/// A delivery job's payload: (process, inbox, activity).
pub fn parse_delivery(payload: &str) -> Option<(i64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    Some((
        v.get("process")?.as_i64()?,
        v.get("inbox")?.as_str()?.to_owned(),
        v.get("activity")?.as_str()?.to_owned(),
    ))
}

/// A remote actor as the local account that stands for it records it.
#[derive(Debug, Clone)]
pub struct RemoteAuthor {
    /// The actor's id (a URL).
    pub actor: String,
    /// `@name@host`, shown as its name.
    pub handle: String,
    /// Its profile page.
    pub url: String,
}

/// The local account that stands for the remote actor `actor`, if it has one.
pub async fn remote_account(db: &Db, actor: &str) -> Result<Option<i64>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Id::find_by_statement(raw(
        b,
        "SELECT user_id AS id FROM federation_actors WHERE actor = ?",
        vec![actor.into()],
    ))
    .one(&db.conn)
    .await?
    .map(|u| u.id))
}

/// The local account that stands for the remote actor, made on its first
/// reply inside that reply's transaction (so that a reply refused on the way
/// leaves no account behind). It has no address to mail and no password to
/// log in with.
pub(crate) async fn remote_account_in<C: ConnectionTrait>(
    conn: &C,
    r: &RemoteAuthor,
) -> Result<i64, DbError> {
    let b = conn.get_database_backend();
    if let Some(u) = Id::find_by_statement(raw(
        b,
        "SELECT user_id AS id FROM federation_actors WHERE actor = ?",
        vec![r.actor.as_str().into()],
    ))
    .one(conn)
    .await?
    {
        return Ok(u.id);
    }
    let t = now();
    let user = Id::find_by_statement(raw(
        b,
        "INSERT INTO users (email, display_name, password_hash, role, created_at, updated_at) \
         VALUES (?, ?, '!', 'citizen', ?, ?) RETURNING id",
        vec![
            format!("fediverse:{}", r.actor).into(),
            r.handle.as_str().into(),
            t.into(),
            t.into(),
        ],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?
    .id;
    conn.execute_raw(raw(
        b,
        "INSERT INTO federation_actors (actor, user_id, handle, url, created_at) VALUES (?, ?, ?, ?, ?)",
        vec![
            r.actor.as_str().into(),
            user.into(),
            r.handle.as_str().into(),
            r.url.as_str().into(),
            t.into(),
        ],
    ))
    .await?;
    Ok(user)
}

/// Whether the reply `object` arrived already (servers deliver again).
pub async fn reply_known(db: &Db, object: &str) -> Result<bool, DbError> {
    let b = db.conn.get_database_backend();
    Ok(count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM federation_replies WHERE object = ?",
            vec![object.into()],
        ),
    )
    .await?
        > 0)
}

/// Where a comment came from, when it came from the fediverse.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Origin {
    pub comment_id: i64,
    pub handle: String,
    pub url: String,
}

/// The fediverse origins of those of `comment_ids` that have one.
pub async fn origins(db: &Db, comment_ids: &[i64]) -> Result<Vec<Origin>, DbError> {
    if comment_ids.is_empty() {
        return Ok(vec![]);
    }
    let b = db.conn.get_database_backend();
    let marks = vec!["?"; comment_ids.len()].join(", ");
    Ok(Origin::find_by_statement(raw(
        b,
        &format!(
            "SELECT r.comment_id, a.handle, r.url FROM federation_replies r \
             JOIN comments c ON c.id = r.comment_id \
             JOIN federation_actors a ON a.user_id = c.author_id \
             WHERE r.comment_id IN ({marks})"
        ),
        comment_ids.iter().map(|&i| i.into()).collect(),
    ))
    .all(&db.conn)
    .await?)
}

/// A remote actor's document as it was fetched.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CachedActor {
    pub document: String,
    pub fetched_at: DateTime<Utc>,
}

/// The kept document fetched from `url` (an actor's, named by its key id
/// without the fragment), if there is one.
pub async fn cached_actor(db: &Db, url: &str) -> Result<Option<CachedActor>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(CachedActor::find_by_statement(raw(
        b,
        "SELECT document, fetched_at FROM federation_remote_actors WHERE url = ?",
        vec![url.into()],
    ))
    .one(&db.conn)
    .await?)
}

/// Keeps `document` as fetched from `url` now, replacing an older one.
pub async fn keep_actor(
    txn: &crate::Transaction,
    url: &str,
    document: &str,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "INSERT INTO federation_remote_actors (url, document, fetched_at) VALUES (?, ?, ?) \
         ON CONFLICT (url) DO UPDATE SET document = excluded.document, fetched_at = excluded.fetched_at",
        vec![url.into(), document.into(), now().into()],
    ))
    .await?;
    Ok(())
}

/// Removes actor documents fetched longer than `after` ago: past their time
/// they are fetched again anyway, and an actor that stopped writing leaves
/// nothing behind for long.
pub async fn purge_actors(db: &Db, after: chrono::Duration) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    let r = db
        .conn
        .execute_raw(raw(
            b,
            "DELETE FROM federation_remote_actors WHERE fetched_at < ?",
            vec![(now() - after).into()],
        ))
        .await?;
    Ok(r.rows_affected())
}
