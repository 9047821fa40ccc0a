//! The audit log: an append-only chain of what staff, moderators and
//! administrators did. Each entry's hash covers the previous entry's hash
//! and its own fields, so that changing or removing any entry breaks the
//! chain from there on.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Db, DbError, Transaction, now, raw};

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An arbitrary constant: the advisory lock that orders appends on
/// PostgreSQL, so that two transactions never chain to the same entry.
const APPEND_LOCK: i64 = 0x6175_6469_746c;

#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

fn hash_of(
    prev: &str,
    at: DateTime<Utc>,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    details: &str,
) -> String {
    let mut h = Sha256::new();
    let actor = actor.map(|a| a.to_string()).unwrap_or_default();
    let at = at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    for part in [prev, &at, &actor, action, subject, details] {
        h.update(part.as_bytes());
        // A separator no field can hold unnoticed: lengths are fixed by it.
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an entry in the command's transaction.
pub async fn append_in(
    txn: &Transaction,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    details: &str,
) -> Result<(), DbError> {
    #[derive(FromQueryResult)]
    struct Last {
        hash: String,
    }
    let b = txn.get_database_backend();
    if b == DbBackend::Postgres {
        txn.execute_raw(raw(
            b,
            "SELECT pg_advisory_xact_lock(?)",
            vec![APPEND_LOCK.into()],
        ))
        .await?;
    }
    let prev = Last::find_by_statement(raw(
        b,
        "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
        vec![],
    ))
    .one(txn)
    .await?
    .map(|l| l.hash)
    .unwrap_or_else(|| GENESIS.to_owned());
    let at = now();
    let hash = hash_of(&prev, at, actor_id, action, subject, details);
    txn.execute_raw(raw(
        b,
        "INSERT INTO audit_log (at, actor_id, action, subject, details, prev_hash, hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            at.into(),
            actor_id.into(),
            action.into(),
            subject.into(),
            details.into(),
            prev.into(),
            hash.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// A page of entries, newest first, optionally of one action or one actor.
pub async fn list(
    db: &Db,
    action: Option<&str>,
    actor_id: Option<i64>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Entry>, u64), DbError> {
    let b = db.conn.get_database_backend();
    let mut filter = String::from("WHERE 1 = 1");
    let mut values: Vec<sea_orm::Value> = vec![];
    if let Some(a) = action {
        filter.push_str(" AND action = ?");
        values.push(a.into());
    }
    if let Some(a) = actor_id {
        filter.push_str(" AND actor_id = ?");
        values.push(a.into());
    }
    let total = crate::count(
        &db.conn,
        raw(
            b,
            &format!("SELECT COUNT(*) AS n FROM audit_log {filter}"),
            values.clone(),
        ),
    )
    .await?;
    values.push((per_page as i64).into());
    values.push(((page * per_page) as i64).into());
    let entries = Entry::find_by_statement(raw(
        b,
        &format!("SELECT * FROM audit_log {filter} ORDER BY id DESC LIMIT ? OFFSET ?"),
        values,
    ))
    .all(&db.conn)
    .await?;
    Ok((entries, total))
}

/// The actions that occur in the log, for the filter.
pub async fn actions(db: &Db) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        action: String,
    }
    let b = db.conn.get_database_backend();
    Ok(Row::find_by_statement(raw(
        b,
        "SELECT DISTINCT action FROM audit_log ORDER BY action",
        vec![],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(|r| r.action)
    .collect())
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry follows the one before; how many there are.
    Intact(u64),
    /// The first entry that does not: changed, or following a removed one.
    BrokenAt(i64),
}

/// Recomputes the chain from the first entry, a page at a time.
pub async fn verify(db: &Db) -> Result<Verdict, DbError> {
    const PAGE: i64 = 1000;
    let b = db.conn.get_database_backend();
    let mut prev = GENESIS.to_owned();
    let mut after = 0i64;
    let mut n = 0u64;
    loop {
        let page = Entry::find_by_statement(raw(
            b,
            "SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            vec![after.into(), PAGE.into()],
        ))
        .all(&db.conn)
        .await?;
        if page.is_empty() {
            return Ok(Verdict::Intact(n));
        }
        for e in &page {
            let expected = hash_of(&prev, e.at, e.actor_id, &e.action, &e.subject, &e.details);
            if e.prev_hash != prev || e.hash != expected {
                return Ok(Verdict::BrokenAt(e.id));
            }
            prev = e.hash.clone();
            after = e.id;
            n += 1;
        }
    }
}
