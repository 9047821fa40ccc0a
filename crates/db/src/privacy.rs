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

/// The job that runs `erase_traces` soon after a deletion of personal
/// data, so that it is gone from the files within seconds, not minutes.
pub const PRUNE_JOB: &str = "privacy_prune";

/// What a deletion removed, and so which traces its job erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Traces {
    /// An account: its address and name.
    Account,
    /// Written content (a comment): its text and its words in the search index.
    Content,
}

impl Traces {
    fn as_str(self) -> &'static str {
        match self {
            Traces::Account => "account",
            Traces::Content => "content",
        }
    }

    /// The traces a job's payload names.
    pub fn parse(s: &str) -> Option<Traces> {
        [Traces::Account, Traces::Content]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

pub fn prune_job(traces: Traces) -> crate::jobs::NewJob {
    crate::jobs::NewJob {
        kind: PRUNE_JOB,
        payload: traces.as_str().to_owned(),
    }
}

/// Tables that held an account's address and name (the account, its links,
/// mail queued to it).
const ACCOUNT_TRACES: &str = "users, email_tokens, jobs, sessions";

/// PostgreSQL keeps a deleted row as long as a transaction that began
/// before the deletion may still see it, vacuum or not: such a
/// transaction (a long report, an analyze) makes the job try again later.
/// Asked before the rewrite, to spare a useless one, and after it, since a
/// transaction of any database may hold the rows back while it runs.
async fn still_seen(db: &Db, deleted_at: chrono::DateTime<chrono::Utc>) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let n = crate::count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() \
             AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL) AND xact_start <= ?",
            // The job is queued inside the deletion's transaction, a moment
            // before its commit: a transaction begun in that moment still
            // sees the rows too.
            vec![(deleted_at + chrono::Duration::seconds(5)).into()],
        ),
    )
    .await?;
    if n > 0 {
        return Err(DbError::Busy(format!(
            "{n} transactions that began before the deletion still run; erasing later"
        )));
    }
    Ok(())
}

/// After a deletion (`deleted_at`: when the job was queued, in the
/// deletion's transaction):
/// - an account: SQLite's log is emptied (deleted rows are zeroed in the
///   file already); PostgreSQL rewrites the tables that held the account,
///   since a plain vacuum frees dead rows without overwriting their bytes.
///   The rewrite locks each table for the moment it takes (a fraction of a
///   second for a city's accounts); deletions of accounts are rare.
/// - content: SQLite's search index is merged into one segment, which drops
///   the words of deleted entries (its older segments kept them), and the log
///   is emptied; PostgreSQL vacuums comments and the search index, so no dead
///   row of them is left.
pub async fn erase_traces(
    db: &Db,
    traces: Traces,
    deleted_at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbError> {
    let postgres = db.conn.get_database_backend() == sea_orm::DbBackend::Postgres;
    if postgres {
        still_seen(db, deleted_at).await?;
    }
    match (traces, postgres) {
        (Traces::Account, true) => {
            db.conn
                .execute_unprepared(&format!("VACUUM FULL {ACCOUNT_TRACES}"))
                .await?;
            still_seen(db, deleted_at).await
        }
        (Traces::Content, true) => {
            db.conn
                .execute_unprepared("VACUUM comments, search_index")
                .await?;
            still_seen(db, deleted_at).await
        }
        (Traces::Account, false) => checkpoint(db).await,
        (Traces::Content, false) => {
            db.conn
                .execute_unprepared("INSERT INTO search_index(search_index) VALUES('optimize')")
                .await?;
            checkpoint(db).await
        }
    }
}
