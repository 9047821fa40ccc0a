//! A person's rights over their data: everything stored about them, in one
//! document, and the erasure of an account. Contributions stay (a discussion
//! must remain readable) under a tombstone account that holds nothing
//! personal: no address, no name, no password, no sessions, no queued mail.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use serde::Serialize;

use crate::{Db, DbError, Transaction, raw};

/// The address a deleted account keeps: unique, and no address at all.
pub fn tombstone_email(id: i64) -> String {
    format!("deleted:{id}")
}

/// Whether `email` is a deleted account's.
pub fn is_tombstone(email: &str) -> bool {
    email.starts_with("deleted:")
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Profile {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub locale: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Comment {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub parent_id: Option<i64>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Idea {
    pub id: i64,
    pub process_id: i64,
    pub title: String,
    pub body_md: String,
    pub category: Option<String>,
    pub status: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct IdeaMark {
    pub idea_id: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct ProcessMark {
    pub process_id: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct NotificationRow {
    pub kind: String,
    pub link: String,
    pub title: String,
    pub detail: String,
    pub delivery: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub mailed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct NotificationSetting {
    pub kind: String,
    pub delivery: String,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Reaction {
    pub comment_id: i64,
    pub value: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Suggestion {
    pub id: i64,
    pub idea_id: i64,
    pub title: String,
    pub body_md: String,
    pub note: String,
    pub status: String,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Participation {
    pub survey_id: i64,
    pub title: String,
}

#[derive(Debug, Serialize, FromQueryResult)]
pub struct Session {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Everything stored about one person (GDPR Art. 15 and 20).
#[derive(Debug, Serialize)]
pub struct PersonData {
    pub profile: Profile,
    pub comments: Vec<Comment>,
    pub reactions: Vec<Reaction>,
    pub ideas: Vec<Idea>,
    pub coauthored_ideas: Vec<IdeaMark>,
    pub supported_ideas: Vec<IdeaMark>,
    pub followed_ideas: Vec<IdeaMark>,
    pub followed_processes: Vec<ProcessMark>,
    pub notifications: Vec<NotificationRow>,
    pub notification_settings: Vec<NotificationSetting>,
    pub suggestions: Vec<Suggestion>,
    /// Surveys answered with this account. The answers themselves are
    /// stored without any link to a person, so nobody, the person included,
    /// can find which ones are theirs.
    pub surveys_answered: Vec<Participation>,
    pub sessions: Vec<Session>,
    /// Contributions this person reported to the moderation.
    pub reports: Vec<crate::moderation::MyReport>,
    /// Suspensions of the account, with their reasons.
    pub suspensions: Vec<crate::suspensions::Suspension>,
}

async fn all<T: FromQueryResult>(db: &Db, sql: &str, id: i64) -> Result<Vec<T>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(T::find_by_statement(raw(b, sql, vec![id.into()]))
        .all(&db.conn)
        .await?)
}

/// Everything stored about `user_id`; None for no such (or a deleted) account.
pub async fn export(db: &Db, user_id: i64) -> Result<Option<PersonData>, DbError> {
    let b = db.conn.get_database_backend();
    let Some(profile) = Profile::find_by_statement(raw(
        b,
        "SELECT u.id, u.email, u.display_name, u.role, d.name AS department, u.locale, \
         u.email_verified_at, u.created_at FROM users u \
         LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?",
        vec![user_id.into()],
    ))
    .one(&db.conn)
    .await?
    .filter(|p| !is_tombstone(&p.email)) else {
        return Ok(None);
    };
    Ok(Some(PersonData {
        profile,
        comments: all(
            db,
            "SELECT id, subject_kind, subject_id, parent_id, body, created_at FROM comments \
             WHERE author_id = ? ORDER BY id",
            user_id,
        )
        .await?,
        reactions: all(
            db,
            "SELECT comment_id, value, created_at FROM comment_reactions WHERE user_id = ? \
             ORDER BY comment_id",
            user_id,
        )
        .await?,
        ideas: all(
            db,
            "SELECT id, process_id, title, body_md, category, status, address, lat, lon, created_at \
             FROM ideas WHERE author_id = ? ORDER BY id",
            user_id,
        )
        .await?,
        coauthored_ideas: all(
            db,
            "SELECT i.id AS idea_id, i.title, c.invited_at AS created_at FROM idea_coauthors c \
             JOIN ideas i ON i.id = c.idea_id WHERE c.user_id = ? ORDER BY i.id",
            user_id,
        )
        .await?,
        supported_ideas: all(
            db,
            "SELECT i.id AS idea_id, i.title, s.created_at FROM idea_supports s \
             JOIN ideas i ON i.id = s.idea_id WHERE s.user_id = ? ORDER BY i.id",
            user_id,
        )
        .await?,
        followed_ideas: all(
            db,
            "SELECT i.id AS idea_id, i.title, f.created_at FROM idea_follows f \
             JOIN ideas i ON i.id = f.idea_id WHERE f.user_id = ? ORDER BY i.id",
            user_id,
        )
        .await?,
        followed_processes: all(
            db,
            "SELECT p.id AS process_id, p.title, f.created_at FROM process_follows f \
             JOIN processes p ON p.id = f.process_id WHERE f.user_id = ? ORDER BY p.id",
            user_id,
        )
        .await?,
        notifications: all(
            db,
            "SELECT kind, link, title, detail, delivery, created_at, read_at, mailed_at \
             FROM notifications WHERE user_id = ? ORDER BY id",
            user_id,
        )
        .await?,
        notification_settings: all(
            db,
            "SELECT kind, delivery FROM notification_settings WHERE user_id = ? ORDER BY kind",
            user_id,
        )
        .await?,
        suggestions: all(
            db,
            "SELECT id, idea_id, title, body_md, note, status FROM idea_suggestions \
             WHERE author_id = ? ORDER BY id",
            user_id,
        )
        .await?,
        surveys_answered: all(
            db,
            "SELECT s.id AS survey_id, s.title FROM survey_participants p \
             JOIN surveys s ON s.id = p.survey_id WHERE p.user_id = ? ORDER BY s.id",
            user_id,
        )
        .await?,
        sessions: all(
            db,
            "SELECT created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at",
            user_id,
        )
        .await?,
        reports: crate::moderation::reports_by(db, user_id).await?,
        suspensions: crate::suspensions::of_user(&db.conn, user_id).await?,
    }))
}

/// Erases what identifies `user_id` in one transaction: the account becomes
/// a tombstone; sessions, links, follows, survey drafts and queued mail to
/// the address go. Returns false if there was no such live account.
pub async fn erase_account(txn: &Transaction, user_id: i64) -> Result<bool, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        email: String,
    }
    let b = txn.get_database_backend();
    let Some(row) = Row::find_by_statement(raw(
        b,
        "SELECT email FROM users WHERE id = ?",
        vec![user_id.into()],
    ))
    .one(txn)
    .await?
    .filter(|r| !is_tombstone(&r.email)) else {
        return Ok(false);
    };
    txn.execute_raw(raw(
        b,
        "UPDATE users SET email = ?, display_name = '', password_hash = '', role = 'citizen', \
         department_id = NULL, email_verified_at = NULL, locale = '' WHERE id = ?",
        vec![tombstone_email(user_id).into(), user_id.into()],
    ))
    .await?;
    for sql in [
        "DELETE FROM sessions WHERE user_id = ?",
        "DELETE FROM email_tokens WHERE user_id = ?",
        "DELETE FROM idea_follows WHERE user_id = ?",
        "DELETE FROM process_follows WHERE user_id = ?",
        "DELETE FROM notifications WHERE user_id = ?",
        "DELETE FROM notification_settings WHERE user_id = ?",
        "DELETE FROM suspensions WHERE user_id = ?",
    ] {
        txn.execute_raw(raw(b, sql, vec![user_id.into()])).await?;
    }
    crate::moderation::forget_person(txn, user_id).await?;
    // Drafts of account surveys: `u:<survey>:<user>`.
    txn.execute_raw(raw(
        b,
        "DELETE FROM survey_drafts WHERE draft_key LIKE ?",
        vec![format!("u:%:{user_id}").into()],
    ))
    .await?;
    // Mail not yet sent holds the address (and a name) in its payload.
    let needle = serde_json::to_string(&row.email).unwrap_or_default();
    let contains = match b {
        DbBackend::Postgres => "strpos(payload, ?) > 0",
        _ => "instr(payload, ?) > 0",
    };
    txn.execute_raw(raw(
        b,
        &format!("DELETE FROM jobs WHERE kind = 'mail' AND {contains}"),
        vec![needle.into()],
    ))
    .await?;
    Ok(true)
}
