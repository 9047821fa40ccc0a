//! Deleted rows that must not linger in the database's files: a sent mail's
//! address and text, an expired session, a survey draft. SQLite overwrites
//! deleted rows with zeros (`secure_delete`, set on every connection), but
//! its write-ahead log keeps the pages written before until it is emptied;
//! PostgreSQL keeps deleted row versions until a vacuum removes them.

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Db, DbError, raw};

/// Tables whose rows are deleted often and hold personal data for a while.
const CHURNING: &str =
    "jobs, sessions, email_tokens, throttles, survey_drafts, users, idea_follows";

#[derive(FromQueryResult)]
struct Checkpoint {
    busy: i64,
}

/// SQLite: copies the write-ahead log into the database file and empties it.
/// Fails (to be tried again) while a reader keeps it from being emptied.
/// Nothing to do on PostgreSQL.
pub async fn checkpoint(db: &Db) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    if b == sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let r = Checkpoint::find_by_statement(raw(b, "PRAGMA wal_checkpoint(TRUNCATE)", vec![]))
        .one(&db.conn)
        .await?;
    match r {
        Some(c) if c.busy != 0 => Err(DbError::Busy(
            "the write-ahead log is in use; checkpoint later".into(),
        )),
        _ => Ok(()),
    }
}

/// Removes what deletions left behind: on SQLite the write-ahead log is
/// emptied, on PostgreSQL the often-deleted tables are vacuumed. The job
/// worker calls this every few minutes, which bounds how long a deleted row
/// stays readable in the files.
pub async fn prune_deleted(db: &Db) -> Result<(), DbError> {
    if db.conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.conn
            .execute_unprepared(&format!("VACUUM {CHURNING}"))
            .await?;
        return Ok(());
    }
    checkpoint(db).await
}

/// The job that runs `erase_traces` soon after an account's deletion, so
/// that its data is gone from the files within seconds, not minutes.
pub const PRUNE_JOB: &str = "privacy_prune";

/// Tables that held an account's address and name (the account, its links,
/// mail queued to it).
const ACCOUNT_TRACES: &str = "users, email_tokens, jobs, sessions";

/// After an account's deletion: SQLite's log is emptied (deleted rows are
/// zeroed in the file already); PostgreSQL rewrites the tables that held the
/// account, since a plain vacuum frees dead rows without overwriting their
/// bytes. The rewrite locks each table for the moment it takes (a fraction
/// of a second for a city's accounts); deletions are rare.
pub async fn erase_traces(db: &Db) -> Result<(), DbError> {
    if db.conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.conn
            .execute_unprepared(&format!("VACUUM FULL {ACCOUNT_TRACES}"))
            .await?;
        return Ok(());
    }
    checkpoint(db).await
}

pub fn prune_job() -> crate::jobs::NewJob {
    crate::jobs::NewJob {
        kind: PRUNE_JOB,
        payload: String::new(),
    }
}
