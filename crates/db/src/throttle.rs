//! Fixed-window counters for rate limits, in the database so that a limit holds
//! across every instance behind a load balancer.
//!
//! A limit's key names a person or a client ("login:ADDRESS:IP"); the table
//! keeps only a keyed hash of it (SHA-256 over the installation's secret and
//! the key), so it holds no address and no IP, and a guess of one cannot be
//! checked without the secret. Counters expire with their window.

use std::time::Duration;

use sea_orm::{ConnectionTrait, FromQueryResult};
use sha2::{Digest, Sha256};

use crate::{Db, DbError, now, raw};

/// What the table stores of `key`.
async fn hashed(db: &Db, key: &str) -> Result<String, DbError> {
    let secret = db.secret().await?;
    let mut h = Sha256::new();
    h.update(secret.as_bytes());
    h.update(b"\0throttle\0");
    h.update(key.as_bytes());
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn window_key(key: &str, window: Duration) -> (String, chrono::DateTime<chrono::Utc>) {
    let secs = window.as_secs().max(1) as i64;
    let t = now();
    let index = t.timestamp().div_euclid(secs);
    let end = chrono::DateTime::from_timestamp((index + 1) * secs, 0).unwrap_or(t);
    (format!("{key}#{index}"), end)
}

/// Counts one event for `key` in the current window and returns the count,
/// this event included. The upsert is atomic on both databases.
pub async fn hit(db: &Db, key: &str, window: Duration) -> Result<u64, DbError> {
    hit_in(&db.conn, &hashed(db, key).await?, window).await
}

/// A limit on events per window, checked inside another write's transaction
/// so that counting costs no commit of its own.
#[derive(Debug, Clone)]
pub struct Quota {
    key: String,
    window: Duration,
    max: u32,
}

impl Quota {
    /// At most `max` events of `key` per `window`.
    pub async fn new(db: &Db, key: &str, window: Duration, max: u32) -> Result<Quota, DbError> {
        Ok(Quota {
            key: hashed(db, key).await?,
            window,
            max,
        })
    }

    /// Counts one event; false if that exceeds the limit.
    pub(crate) async fn take<C: ConnectionTrait>(&self, conn: &C) -> Result<bool, DbError> {
        Ok(hit_in(conn, &self.key, self.window).await? <= u64::from(self.max))
    }
}

async fn hit_in<C: ConnectionTrait>(conn: &C, key: &str, window: Duration) -> Result<u64, DbError> {
    let (k, expires) = window_key(key, window);
    let b = conn.get_database_backend();
    let row = Counter::find_by_statement(raw(
        b,
        "INSERT INTO throttles (key, count, expires_at) VALUES (?, 1, ?) \
             ON CONFLICT (key) DO UPDATE SET count = throttles.count + 1 RETURNING count",
        vec![k.into(), expires.into()],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt("upsert returned no row".into()))?;
    Ok(row.count.max(0) as u64)
}

#[derive(FromQueryResult)]
struct Counter {
    count: i64,
}

/// The count of `key` in the current window, without counting.
pub async fn count(db: &Db, key: &str, window: Duration) -> Result<u64, DbError> {
    let (k, _) = window_key(&hashed(db, key).await?, window);
    let b = db.conn.get_database_backend();
    let row = Counter::find_by_statement(raw(
        b,
        "SELECT count FROM throttles WHERE key = ?",
        vec![k.into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.map_or(0, |r| r.count.max(0) as u64))
}

/// Forgets the current window of `key` (after a successful login, say).
pub async fn clear(db: &Db, key: &str, window: Duration) -> Result<(), DbError> {
    let (k, _) = window_key(&hashed(db, key).await?, window);
    let b = db.conn.get_database_backend();
    db.conn
        .execute_raw(raw(
            b,
            "DELETE FROM throttles WHERE key = ?",
            vec![k.into()],
        ))
        .await?;
    Ok(())
}

pub async fn purge_expired(db: &Db) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    let res = db
        .conn
        .execute_raw(raw(
            b,
            "DELETE FROM throttles WHERE expires_at < ?",
            vec![now().into()],
        ))
        .await?;
    Ok(res.rows_affected())
}
