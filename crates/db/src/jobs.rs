//! The durable job queue: work that must happen after a request (sending mail,
//! later federation and recomputations) is written in the same transaction as
//! the change that caused it, and workers in any instance carry it out.

use chrono::Duration;
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Db, DbError, count, now, raw};

pub struct NewJob {
    pub kind: &'static str,
    pub payload: String,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
}

/// After this many failed attempts a job is kept as failed for inspection.
pub const MAX_ATTEMPTS: i32 = 8;

pub async fn enqueue<C: ConnectionTrait>(conn: &C, job: NewJob) -> Result<(), DbError> {
    let t = now();
    conn.execute_raw(raw(
        conn.get_database_backend(),
        "INSERT INTO jobs (kind, payload, attempts, run_at, created_at) VALUES (?, ?, 0, ?, ?)",
        vec![job.kind.into(), job.payload.into(), t.into(), t.into()],
    ))
    .await?;
    Ok(())
}

/// Queues `job` to run after `delay`, unless the same job (kind and payload)
/// waits already: work that a burst of changes needs once, not once each. Two
/// transactions at once may both queue it; such work must bear running twice.
pub async fn enqueue_once<C: ConnectionTrait>(
    conn: &C,
    job: NewJob,
    delay: Duration,
) -> Result<(), DbError> {
    let t = now();
    conn.execute_raw(raw(
        conn.get_database_backend(),
        "INSERT INTO jobs (kind, payload, attempts, run_at, created_at) SELECT ?, ?, 0, ?, ? \
         WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = ? AND payload = ? \
         AND failed_at IS NULL AND locked_until IS NULL)",
        vec![
            job.kind.into(),
            job.payload.clone().into(),
            (t + delay).into(),
            t.into(),
            job.kind.into(),
            job.payload.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Takes the oldest due job and leases it for `lease`. Several instances may
/// call this at once: PostgreSQL skips rows another worker has locked, SQLite
/// has one writer at a time.
pub async fn claim(db: &Db, lease: Duration) -> Result<Option<Job>, DbError> {
    let t = now();
    let b = db.conn.get_database_backend();
    let skip_locked = if b == sea_orm::DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = ?, attempts = attempts + 1 WHERE id = (\
         SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= ? \
         AND (locked_until IS NULL OR locked_until < ?) ORDER BY id LIMIT 1{skip_locked}) \
         RETURNING id, kind, payload, attempts"
    );
    Ok(
        Job::find_by_statement(raw(b, &sql, vec![(t + lease).into(), t.into(), t.into()]))
            .one(&db.conn)
            .await?,
    )
}

pub async fn complete(db: &Db, id: i64) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .execute_raw(raw(b, "DELETE FROM jobs WHERE id = ?", vec![id.into()]))
        .await?;
    Ok(())
}

/// Records a failure: the job runs again later with exponential backoff, or is
/// marked failed after `MAX_ATTEMPTS`.
pub async fn fail(db: &Db, job: &Job, error: &str) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let t = now();
    if job.attempts >= MAX_ATTEMPTS {
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE jobs SET failed_at = ?, locked_until = NULL, last_error = ? WHERE id = ?",
                vec![t.into(), error.into(), job.id.into()],
            ))
            .await?;
    } else {
        let delay = Duration::seconds(5i64 << job.attempts.clamp(0, 12));
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ? WHERE id = ?",
                vec![(t + delay).into(), error.into(), job.id.into()],
            ))
            .await?;
    }
    Ok(())
}

/// Jobs waiting or running (not failed), for health pages and tests.
pub async fn pending(db: &Db) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM jobs WHERE failed_at IS NULL",
            vec![],
        ),
    )
    .await
}
