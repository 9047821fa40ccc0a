//! Suspensions: for a period or for good, with the reason the person is
//! shown. A suspension is active while it is neither lifted nor over.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::{Db, DbError, Id, Transaction, raw};

const COLUMNS: &str = "s.id, s.user_id, s.reason, s.created_at, s.ends_at, s.created_by, \
                       s.lifted_at, s.lifted_by";

#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Suspension {
    pub id: i64,
    pub user_id: i64,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    /// None: for good.
    pub ends_at: Option<DateTime<Utc>>,
    pub created_by: Option<i64>,
    pub lifted_at: Option<DateTime<Utc>>,
    pub lifted_by: Option<i64>,
}

impl Suspension {
    pub fn active_at(&self, at: DateTime<Utc>) -> bool {
        self.lifted_at.is_none() && self.ends_at.is_none_or(|e| e > at)
    }
}

/// A suspension with whom it concerns, for the moderators' list.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Listed {
    pub id: i64,
    pub user_id: i64,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub display_name: String,
    pub email: String,
}

/// The suspension of `user_id` active at `at`, the latest if several are.
/// Read in the command's own transaction, so that a suspension committed
/// before it began is always seen.
pub async fn active<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<Option<Suspension>, DbError> {
    let b = conn.get_database_backend();
    Ok(Suspension::find_by_statement(raw(
        b,
        &format!(
            "SELECT {COLUMNS} FROM suspensions s WHERE s.user_id = ? AND s.lifted_at IS NULL \
             AND (s.ends_at IS NULL OR s.ends_at > ?) ORDER BY s.id DESC LIMIT 1"
        ),
        vec![user_id.into(), at.into()],
    ))
    .one(conn)
    .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Suspension>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Suspension::find_by_statement(raw(
        b,
        &format!("SELECT {COLUMNS} FROM suspensions s WHERE s.id = ?"),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?)
}

/// Every suspension of `user_id`, newest first.
pub async fn of_user<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<Suspension>, DbError> {
    let b = conn.get_database_backend();
    Ok(Suspension::find_by_statement(raw(
        b,
        &format!("SELECT {COLUMNS} FROM suspensions s WHERE s.user_id = ? ORDER BY s.id DESC"),
        vec![user_id.into()],
    ))
    .all(conn)
    .await?)
}

/// The suspensions active at `at`, those ending soonest first, for good last.
pub async fn list_active(db: &Db, at: DateTime<Utc>) -> Result<Vec<Listed>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Listed::find_by_statement(raw(
        b,
        "SELECT s.id, s.user_id, s.reason, s.created_at, s.ends_at, u.display_name, u.email \
         FROM suspensions s JOIN users u ON u.id = s.user_id \
         WHERE s.lifted_at IS NULL AND (s.ends_at IS NULL OR s.ends_at > ?) \
         ORDER BY CASE WHEN s.ends_at IS NULL THEN 1 ELSE 0 END, s.ends_at, s.id",
        vec![at.into()],
    ))
    .all(&db.conn)
    .await?)
}

pub async fn create_in(
    txn: &Transaction,
    user_id: i64,
    reason: &str,
    ends_at: Option<DateTime<Utc>>,
    by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "INSERT INTO suspensions (user_id, reason, created_at, ends_at, created_by) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
        vec![
            user_id.into(),
            reason.into(),
            at.into(),
            ends_at.into(),
            by.into(),
        ],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?;
    Ok(row.id)
}

/// Lifts suspension `id` if it is not lifted yet; whether it was.
pub async fn lift_in(
    txn: &Transaction,
    id: i64,
    by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE suspensions SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL",
            vec![at.into(), by.into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}
