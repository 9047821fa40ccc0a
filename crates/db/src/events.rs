//! Change events that other instances must hear about (a new comment, for live
//! pages). On PostgreSQL they travel with NOTIFY inside the writing transaction,
//! so they are sent exactly when the change commits; on SQLite there is only
//! one instance and the web layer hands events on in process.

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DbBackend};

use crate::{Backend, Db, DbError, raw};

pub const CHANNEL: &str = "mitreden_events";

/// Queues `payload` for every listening instance; sent on commit.
pub(crate) async fn notify<C: ConnectionTrait>(conn: &C, payload: &str) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    if b == DbBackend::Postgres {
        conn.execute_raw(raw(
            b,
            "SELECT pg_notify(?, ?)",
            vec![CHANNEL.into(), payload.into()],
        ))
        .await?;
    }
    Ok(())
}

/// A subscription to the events of all instances (PostgreSQL only).
pub struct Listener(PgListener);

impl Listener {
    /// None on SQLite, where events never leave the process.
    pub async fn connect(db: &Db) -> Result<Option<Listener>, DbError> {
        if db.backend() != Backend::Postgres {
            return Ok(None);
        }
        let pool = db.conn().get_postgres_connection_pool();
        let mut l = PgListener::connect_with(pool)
            .await
            .map_err(|e| DbError::Unavailable(sea_orm::DbErr::Custom(e.to_string())))?;
        l.listen(CHANNEL)
            .await
            .map_err(|e| DbError::Unavailable(sea_orm::DbErr::Custom(e.to_string())))?;
        Ok(Some(Listener(l)))
    }

    /// The next payload. After a lost connection the listener reconnects by
    /// itself; events sent meanwhile are lost, which live pages tolerate (a
    /// reload shows everything).
    pub async fn recv(&mut self) -> Result<String, DbError> {
        self.0
            .recv()
            .await
            .map(|n| n.payload().to_owned())
            .map_err(|e| DbError::Unavailable(sea_orm::DbErr::Custom(e.to_string())))
    }
}

/// The prefix of an invalidation's payload; the tags follow.
pub const INVALIDATE: &str = "invalidate ";

/// Tells every other instance, when `tx` commits, that what `tags` (their
/// text form) name has changed. On SQLite there are no other instances.
pub async fn invalidate_in(tx: &crate::Transaction, tags: &str) -> Result<(), DbError> {
    notify(tx, &format!("{INVALIDATE}{tags}")).await
}
