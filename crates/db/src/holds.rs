//! Held contributions: comments that wait for a moderator, because their
//! process is pre-moderated or the spam rules caught them. The state lives
//! on the comment row (`held`), which every listing filters on.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::comments::{Subject, published};
use crate::{Db, DbError, Transaction, raw};

/// Waits because its process is pre-moderated.
pub const REVIEW: &str = "review";
/// Waits because the spam rules caught it.
pub const SPAM: &str = "spam";

/// Whether new contributions in `process_id` wait for a moderator.
pub async fn premoderated<C: ConnectionTrait>(conn: &C, process_id: i64) -> Result<bool, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        premoderated: bool,
    }
    let b = conn.get_database_backend();
    Ok(Row::find_by_statement(raw(
        b,
        "SELECT premoderated FROM processes WHERE id = ?",
        vec![process_id.into()],
    ))
    .one(conn)
    .await?
    .is_some_and(|r| r.premoderated))
}

pub async fn set_premoderated(txn: &Transaction, process_id: i64, on: bool) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE processes SET premoderated = ? WHERE id = ?",
        vec![on.into(), process_id.into()],
    ))
    .await?;
    Ok(())
}

/// A comment waiting for a moderator, for their list.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct HeldComment {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub body: String,
    pub held: String,
    pub created_at: DateTime<Utc>,
    pub author_id: i64,
    pub author_name: String,
}

/// Every comment waiting for a moderator, oldest first.
pub async fn held_comments(db: &Db) -> Result<Vec<HeldComment>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(HeldComment::find_by_statement(raw(
        b,
        "SELECT c.id, c.subject_kind, c.subject_id, c.body, c.held, c.created_at, c.author_id, \
         u.display_name AS author_name FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.held IN ('review', 'spam') AND c.deleted_at IS NULL ORDER BY c.id",
        vec![],
    ))
    .all(db.conn())
    .await?)
}

#[derive(FromQueryResult)]
struct Decided {
    subject_kind: String,
    subject_id: i64,
    parent_id: Option<i64>,
    author_id: i64,
    body: String,
    created_at: DateTime<Utc>,
}

/// What a decision was about.
#[derive(Debug, Clone)]
pub struct Decision {
    pub subject: Subject,
    pub author_id: i64,
}

async fn decide(
    txn: &Transaction,
    id: i64,
    to: Option<&str>,
) -> Result<Option<(Decision, Decided)>, DbError> {
    let b = txn.get_database_backend();
    let Some(row) = Decided::find_by_statement(raw(
        b,
        "UPDATE comments SET held = ? WHERE id = ? AND held IN ('review', 'spam') \
         AND deleted_at IS NULL RETURNING subject_kind, subject_id, parent_id, author_id, body, created_at",
        vec![to.into(), id.into()],
    ))
    .one(txn)
    .await?
    else {
        return Ok(None);
    };
    let Some(subject) = Subject::of(&row.subject_kind, row.subject_id) else {
        return Err(DbError::Corrupt(format!("comment {id} has no subject")));
    };
    Ok(Some((
        Decision {
            subject,
            author_id: row.author_id,
        },
        row,
    )))
}

/// Approves a held comment: from now on it counts, is found and reaches the
/// live pages (the event goes out with the transaction). None if it was not
/// waiting.
pub async fn approve_comment(txn: &Transaction, id: i64) -> Result<Option<Decision>, DbError> {
    let Some((d, row)) = decide(txn, id, None).await? else {
        return Ok(None);
    };
    let shown = crate::comments::Shown {
        subject: d.subject,
        parent_id: row.parent_id,
        author_id: d.author_id,
        created_at: row.created_at,
    };
    published(txn, &shown, id, &row.body).await?;
    Ok(Some(d))
}

/// Rejects a held comment: nobody sees it any more (its author finds it in
/// their data export). None if it was not waiting.
pub async fn reject_comment(txn: &Transaction, id: i64) -> Result<Option<Decision>, DbError> {
    Ok(decide(txn, id, Some("rejected")).await?.map(|(d, _)| d))
}

/// An idea waiting for a moderator, for their list.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct HeldIdea {
    pub id: i64,
    pub process_id: i64,
    pub title: String,
    pub body_md: String,
    pub held: String,
    pub created_at: DateTime<Utc>,
    pub author_id: i64,
    pub author_name: String,
}

/// Every idea waiting for a moderator, oldest first.
pub async fn held_ideas(db: &Db) -> Result<Vec<HeldIdea>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(HeldIdea::find_by_statement(raw(
        b,
        "SELECT i.id, i.process_id, i.title, i.body_md, i.held, i.created_at, i.author_id, \
         u.display_name AS author_name FROM ideas i JOIN users u ON u.id = i.author_id \
         WHERE i.held IN ('review', 'spam') AND i.withdrawn_at IS NULL ORDER BY i.id",
        vec![],
    ))
    .all(db.conn())
    .await?)
}

/// What a decision on an idea was about.
#[derive(Debug, Clone, FromQueryResult)]
pub struct IdeaDecision {
    pub process_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body_md: String,
    pub created_at: DateTime<Utc>,
}

async fn decide_idea(
    txn: &Transaction,
    id: i64,
    to: Option<&str>,
) -> Result<Option<IdeaDecision>, DbError> {
    let b = txn.get_database_backend();
    Ok(IdeaDecision::find_by_statement(raw(
        b,
        "UPDATE ideas SET held = ? WHERE id = ? AND held IN ('review', 'spam') \
         AND withdrawn_at IS NULL RETURNING process_id, author_id, title, body_md, created_at",
        vec![to.into(), id.into()],
    ))
    .one(txn)
    .await?)
}

/// Approves a held idea: from now on it is listed, counted and found. None if
/// it was not waiting.
pub async fn approve_idea(txn: &Transaction, id: i64) -> Result<Option<IdeaDecision>, DbError> {
    let Some(d) = decide_idea(txn, id, None).await? else {
        return Ok(None);
    };
    let shown = crate::ideas::Shown {
        process_id: d.process_id,
        author_id: d.author_id,
        created_at: d.created_at,
    };
    crate::ideas::published(txn, id, &shown, &d.title, &d.body_md).await?;
    Ok(Some(d))
}

/// Rejects a held idea: nobody sees it any more (its author finds it in their
/// data export). None if it was not waiting.
pub async fn reject_idea(txn: &Transaction, id: i64) -> Result<Option<IdeaDecision>, DbError> {
    decide_idea(txn, id, Some("rejected")).await
}
