//! The durable job queue: work that must happen after a request (sending mail,
//! later federation and recomputations) is written in the same transaction as
//! the change that caused it, and workers in any instance carry it out.

use chrono::{DateTime, Duration, Utc};
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
    pub created_at: DateTime<Utc>,
}

/// When a job that failed is tried again, and for how long. A mail relay may
/// be down for a maintenance window of hours: a job is kept and retried for
/// `keep` (days, as mail servers keep mail), with waits doubling from `first`
/// up to `cap`, so that the first try after an outage comes within minutes.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub first: Duration,
    pub cap: Duration,
    pub keep: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            first: Duration::seconds(10),
            cap: Duration::minutes(5),
            keep: Duration::days(5),
        }
    }
}

impl Retry {
    /// The wait after the `attempts`-th failed try (1 for the first).
    pub fn wait(&self, attempts: i32) -> Duration {
        let doublings = attempts.saturating_sub(1).clamp(0, 30) as u32;
        let wait = self
            .first
            .checked_mul(1i32 << doublings.min(20))
            .unwrap_or(self.cap);
        wait.min(self.cap)
    }
}

/// What became of a job that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// It runs again at this time.
    Later(DateTime<Utc>),
    /// It was tried for the whole `Retry::keep` and is kept as failed, for an
    /// administrator to see and send again.
    GaveUp,
}

/// A job that was given up, as the administration pages show it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FailedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub failed_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

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
    Ok(claim_batch(db, lease, 1).await?.into_iter().next())
}

/// Takes up to `limit` of the oldest due jobs and leases them for `lease`, in
/// one statement: a worker that runs them together pays one write (one disk
/// sync on SQLite) for the claim of many instead of one each.
pub async fn claim_batch(db: &Db, lease: Duration, limit: u64) -> Result<Vec<Job>, DbError> {
    let t = now();
    let b = db.conn.get_database_backend();
    let skip_locked = if b == sea_orm::DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = ?, attempts = attempts + 1 WHERE id IN (\
         SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= ? \
         AND (locked_until IS NULL OR locked_until < ?) ORDER BY id LIMIT ?{skip_locked}) \
         RETURNING id, kind, payload, attempts, created_at"
    );
    let mut jobs = Job::find_by_statement(raw(
        b,
        &sql,
        vec![
            (t + lease).into(),
            t.into(),
            t.into(),
            (limit.max(1) as i64).into(),
        ],
    ))
    .all(&db.conn)
    .await?;
    jobs.sort_by_key(|j| j.id);
    Ok(jobs)
}

pub async fn complete(db: &Db, id: i64) -> Result<(), DbError> {
    complete_many(db, &[id]).await
}

/// Removes jobs that were done, in one statement.
pub async fn complete_many(db: &Db, ids: &[i64]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let b = db.conn.get_database_backend();
    let marks = vec!["?"; ids.len()].join(", ");
    db.conn
        .execute_raw(raw(
            b,
            &format!("DELETE FROM jobs WHERE id IN ({marks})"),
            ids.iter().map(|&i| i.into()).collect(),
        ))
        .await?;
    Ok(())
}

/// Keeps the lease of running jobs, so that a job that takes long is not
/// taken by another worker while one whose instance died is taken soon.
pub async fn extend(db: &Db, id: i64, lease: Duration) -> Result<(), DbError> {
    extend_many(db, &[id], lease).await
}

pub async fn extend_many(db: &Db, ids: &[i64], lease: Duration) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let b = db.conn.get_database_backend();
    let marks = vec!["?"; ids.len()].join(", ");
    let mut values: Vec<sea_orm::Value> = vec![(now() + lease).into()];
    values.extend(ids.iter().map(|&i| i.into()));
    db.conn
        .execute_raw(raw(
            b,
            &format!(
                "UPDATE jobs SET locked_until = ? WHERE id IN ({marks}) AND failed_at IS NULL"
            ),
            values,
        ))
        .await?;
    Ok(())
}

/// Records a failure: the job runs again after `retry`'s wait, or, once it
/// has been tried for `retry.keep`, is kept as failed.
pub async fn fail(db: &Db, job: &Job, error: &str, retry: &Retry) -> Result<Failure, DbError> {
    let b = db.conn.get_database_backend();
    let t = now();
    if t - job.created_at >= retry.keep {
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE jobs SET failed_at = ?, locked_until = NULL, last_error = ? WHERE id = ?",
                vec![t.into(), error.into(), job.id.into()],
            ))
            .await?;
        Ok(Failure::GaveUp)
    } else {
        let at = t + retry.wait(job.attempts);
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ? WHERE id = ?",
                vec![at.into(), error.into(), job.id.into()],
            ))
            .await?;
        Ok(Failure::Later(at))
    }
}

/// Jobs of `kind` that were given up, newest first.
pub async fn failed(db: &Db, kind: &str, limit: u64) -> Result<Vec<FailedJob>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(FailedJob::find_by_statement(raw(
        b,
        "SELECT id, kind, payload, attempts, created_at, failed_at, last_error FROM jobs \
         WHERE kind = ? AND failed_at IS NOT NULL ORDER BY failed_at DESC, id DESC LIMIT ?",
        vec![kind.into(), (limit as i64).into()],
    ))
    .all(&db.conn)
    .await?)
}

/// Jobs given up, of every kind (for the metrics).
pub async fn failed_count(db: &Db) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM jobs WHERE failed_at IS NOT NULL",
            vec![],
        ),
    )
    .await
}

/// Queues a given-up job of `kind` again, as if it were new: its tries and
/// its time to keep start afresh. False if there is no such failed job.
pub async fn requeue_failed<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    let t = now();
    let r = conn
        .execute_raw(raw(
            conn.get_database_backend(),
            "UPDATE jobs SET failed_at = NULL, locked_until = NULL, attempts = 0, run_at = ?, \
             created_at = ? WHERE id = ? AND kind = ? AND failed_at IS NOT NULL",
            vec![t.into(), t.into(), id.into(), kind.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Removes a given-up job of `kind`. False if there is no such failed job.
pub async fn discard_failed<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    let r = conn
        .execute_raw(raw(
            conn.get_database_backend(),
            "DELETE FROM jobs WHERE id = ? AND kind = ? AND failed_at IS NOT NULL",
            vec![id.into(), kind.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Removes jobs given up longer than `after` ago: a failed mail holds an
/// address and a text, which are kept no longer than needed to look into it.
pub async fn purge_failed(db: &Db, after: Duration) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    let r = db
        .conn
        .execute_raw(raw(
            b,
            "DELETE FROM jobs WHERE failed_at IS NOT NULL AND failed_at < ?",
            vec![(now() - after).into()],
        ))
        .await?;
    Ok(r.rows_affected())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap() {
        let r = Retry::default();
        let secs: Vec<i64> = (1..=8).map(|a| r.wait(a).num_seconds()).collect();
        assert_eq!(secs, vec![10, 20, 40, 80, 160, 300, 300, 300]);
        // Far beyond any count a queue reaches, still the cap, no overflow.
        assert_eq!(r.wait(i32::MAX), r.cap);
        assert_eq!(r.wait(0), r.first);
    }
}
