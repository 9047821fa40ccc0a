//! Everything that speaks SQL: the connection to SQLite or PostgreSQL, the
//! migrations and one module of queries per feature. Both databases run the same
//! code; where their dialects differ, the difference is handled here and nowhere else.

pub mod accounts;
pub mod backup;
pub mod comments;
pub mod departments;
pub mod documents;
mod entities;
mod error;
pub mod events;
pub mod footprints;
mod group_commit;
pub mod ideas;
pub mod jobs;
mod migrate;
pub mod processes;
pub mod search;
pub mod sessions;
pub mod surveys;
pub mod testing;
pub mod throttle;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};

pub use error::{DbError, DbResult};
pub use migrate::MIGRATIONS;
/// The transaction a command writes in.
pub use sea_orm::{DatabaseTransaction as Transaction, DbErr};

/// Which kind of database is behind a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A pool of connections to the one database every instance shares.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
    /// SQLite only: the writer that commits concurrent comments together.
    comment_queue: Option<group_commit::CommentQueue>,
}

/// The current time as both databases store it: PostgreSQL keeps microseconds,
/// SQLite would keep nanoseconds, so a value read back would not equal the value
/// written unless it is truncated first.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`). A SQLite file is
    /// created if missing and set to WAL with full sync, so that every write the
    /// server acknowledged survives a crash or power loss.
    pub async fn connect(url: &str) -> DbResult<Db> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::UnsupportedUrl(redact_url(url)));
        };
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(5));
        match backend {
            Backend::Sqlite if url.contains("mode=ro") => {
                // Inspecting a file (a backup): change nothing, not even the journal mode.
                opts.max_connections(1).min_connections(0);
                opts.map_sqlx_sqlite_opts(|o| o.read_only(true).create_if_missing(false));
            }
            Backend::Sqlite => {
                opts.max_connections(8).min_connections(1);
                opts.map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        .pragma("temp_store", "memory")
                });
            }
            Backend::Postgres => {
                opts.max_connections(16).min_connections(1);
                opts.set_application_name("mitreden");
            }
        }
        let read_only = url.contains("mode=ro");
        let conn = sea_orm::Database::connect(opts).await?;
        let comment_queue = (backend == Backend::Sqlite && !read_only)
            .then(|| group_commit::CommentQueue::start(conn.clone()));
        Ok(Db {
            conn,
            backend,
            comment_queue,
        })
    }

    /// The SQLite database under a data directory.
    pub fn sqlite_url_for_dir(dir: &Path) -> String {
        format!("sqlite://{}", dir.join("mitreden.db").display())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Answers whether the database takes queries right now.
    pub async fn ping(&self) -> bool {
        self.conn.execute_unprepared("SELECT 1").await.is_ok()
    }

    pub async fn close(self) {
        let _ = self.conn.close().await;
    }

    /// Applies every migration not yet applied. Safe to call from several
    /// instances starting at once.
    pub async fn migrate(&self) -> DbResult<usize> {
        migrate::run(self).await
    }
}

/// Builds a raw statement written with `?` placeholders for whichever backend
/// runs it (PostgreSQL wants `$1`, `$2`, ...). Only for the few statements the
/// query builder cannot express.
pub(crate) fn raw(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The `n` of a `SELECT COUNT(*) AS n` row.
pub(crate) fn count(row: Option<sea_orm::QueryResult>) -> Result<u64, DbError> {
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}

/// A database URL with any password replaced, fit for logs and messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

impl Db {
    /// Starts a transaction that will write. On SQLite it takes the write lock
    /// at once (BEGIN IMMEDIATE): a deferred transaction that reads first and
    /// writes later fails with "database is locked" under concurrent writers
    /// instead of waiting for its turn.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        begin_write_on(&self.conn).await
    }
}

pub(crate) async fn begin_write_on(
    conn: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let mut opts = TransactionOptions::default();
    if conn.get_database_backend() == DbBackend::Sqlite {
        opts.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    conn.begin_with_options(opts).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let s = raw(DbBackend::Postgres, "a = ? AND b = ?", vec![]);
        assert_eq!(s.sql, "a = $1 AND b = $2");
        let s = raw(DbBackend::Sqlite, "a = ? AND b = ?", vec![]);
        assert_eq!(s.sql, "a = ? AND b = ?");
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
