use sea_orm::{DbErr, SqlErr};

#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(DbErr),
    #[error("database error: {0}")]
    Query(DbErr),
    #[error("unsupported database URL {0}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// Work that must wait for others to finish (try again later).
    #[error("database busy: {0}")]
    Busy(String),
    #[error(
        "migration {version} ({name}) was changed after it was applied: the database recorded \
         checksum {recorded}, this build computes {computed}. Restore the migration as it was \
         released, or undo the change and write a new migration for it"
    )]
    MigrationChanged {
        version: i64,
        name: &'static str,
        recorded: String,
        computed: String,
    },
}

pub type DbResult<T> = Result<T, DbError>;

impl From<DbErr> for DbError {
    fn from(e: DbErr) -> Self {
        match &e {
            DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => DbError::Unavailable(e),
            DbErr::Exec(r) | DbErr::Query(r) if is_connection_failure(&r.to_string()) => {
                DbError::Unavailable(e)
            }
            _ => DbError::Query(e),
        }
    }
}

/// A restarted or unreachable server surfaces as an I/O error inside a query;
/// callers answer those with "try again shortly", not with an internal error.
fn is_connection_failure(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    m.contains("connection refused")
        || m.contains("connection reset")
        || m.contains("broken pipe")
        || m.contains("pool timed out")
        || m.contains("terminating connection")
        || m.contains("connection closed")
        || m.contains("unexpected eof")
}

impl DbError {
    pub fn is_unavailable(&self) -> bool {
        matches!(self, DbError::Unavailable(_))
    }
}

pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
