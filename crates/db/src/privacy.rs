//! Deleted rows that must not linger in the database's files: a sent mail's
//! address and text, an expired session, a survey draft. SQLite overwrites
//! deleted rows with zeros (`secure_delete`, set on every connection), but
//! its write-ahead log keeps the pages written before until it is emptied;
//! PostgreSQL keeps deleted row versions until a vacuum removes them.

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Db, DbError, raw};

/// Tables whose rows are deleted often and hold personal data for a while.
const CHURNING: &str = "jobs, sessions, email_tokens, throttles, survey_drafts";

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
