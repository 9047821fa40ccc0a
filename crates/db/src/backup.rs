//! Online backups of the SQLite database. `VACUUM INTO` writes a consistent
//! copy while the server keeps running (readers and the writer go on); the copy
//! is compact and has no WAL of its own. PostgreSQL is backed up with its own
//! tools (pg_dump), which the README describes.

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Backend, Db, DbError, raw};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "backups of PostgreSQL are made with pg_dump and restored with pg_restore (see README)"
    )]
    Postgres,
    #[error("{0} exists already; choose a new file name")]
    TargetExists(PathBuf),
    #[error("{0} is not a mitreden database: {1}")]
    NotABackup(PathBuf, String),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(e: sea_orm::DbErr) -> Self {
        BackupError::Db(e.into())
    }
}

/// Writes a consistent copy of the running database to `target`.
pub async fn backup(db: &Db, target: &Path) -> Result<(), BackupError> {
    if db.backend() != Backend::Sqlite {
        return Err(BackupError::Postgres);
    }
    if target.exists() {
        return Err(BackupError::TargetExists(target.to_owned()));
    }
    let b = db.conn().get_database_backend();
    db.conn()
        .execute_raw(raw(
            b,
            "VACUUM INTO ?",
            vec![target.display().to_string().into()],
        ))
        .await?;
    Ok(())
}

/// Checks that `file` is an intact mitreden database, by opening it read-only.
pub async fn verify(file: &Path) -> Result<i64, BackupError> {
    let not = |why: String| BackupError::NotABackup(file.to_owned(), why);
    if !file.is_file() {
        return Err(not("no such file".into()));
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let db = Db::connect(&url).await.map_err(|e| not(e.to_string()))?;
    let b = db.conn().get_database_backend();
    let check = IntegrityCheck::find_by_statement(raw(b, "PRAGMA integrity_check", vec![]))
        .one(db.conn())
        .await
        .map_err(|e| not(e.to_string()))?
        .map(|r| r.integrity_check)
        .unwrap_or_default();
    if check != "ok" {
        db.close().await;
        return Err(not(format!("integrity check says {check}")));
    }
    let version = LatestMigration::find_by_statement(raw(
        b,
        "SELECT MAX(version) AS v FROM schema_migrations",
        vec![],
    ))
    .one(db.conn())
    .await
    .map_err(|e| not(e.to_string()))?
    .and_then(|r| r.v)
    .ok_or_else(|| not("it has no mitreden schema".into()));
    db.close().await;
    version
}

/// SQLite names the result column after the pragma.
#[derive(FromQueryResult)]
struct IntegrityCheck {
    integrity_check: String,
}

#[derive(FromQueryResult)]
struct LatestMigration {
    v: Option<i64>,
}

/// Replaces the database file `live` with the backup `file`. The server must be
/// stopped. The old file is kept beside it as `.before-restore`.
pub async fn restore(file: &Path, live: &Path) -> Result<(), BackupError> {
    verify(file).await?;
    let dir = live.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(".restore.tmp");
    std::fs::copy(file, &tmp)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    if live.exists() {
        let keep = live.with_extension("db.before-restore");
        std::fs::rename(live, &keep)?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", live.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&tmp, live)?;
    Ok(())
}
