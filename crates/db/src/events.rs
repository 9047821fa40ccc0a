//! Change events that other instances must hear about (what a change touched,
//! so that they forget what they keep of it; a new comment, for live pages).
//! On PostgreSQL they travel with NOTIFY inside the writing transaction,
//! so they are sent exactly when the change commits; on SQLite there is only
//! one instance and the web layer hands events on in process.

use std::time::Duration;

use sea_orm::sqlx::postgres::{PgListener, PgPoolOptions};
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

/// The application name of the listener's connection, by which an operator
/// (or a test) finds it in `pg_stat_activity`.
pub const LISTENER_APPLICATION_NAME: &str = "mitreden listener";

/// A subscription to the events of all instances (PostgreSQL only), on a
/// connection of its own. After a lost connection, an error or a timed-out
/// heartbeat it is dropped and a new one connected: events sent meanwhile were
/// missed, which the caller must assume changed anything.
pub struct Listener(PgListener);

fn unavailable(e: impl std::fmt::Display) -> DbError {
    DbError::Unavailable(sea_orm::DbErr::Custom(e.to_string()))
}

impl Listener {
    /// Connects and listens; once this returns, every event committed from now
    /// on is heard. None on SQLite, where events never leave the process.
    pub async fn connect(db: &Db) -> Result<Option<Listener>, DbError> {
        if db.backend() != Backend::Postgres {
            return Ok(None);
        }
        let options = (*db.conn().get_postgres_connection_pool().connect_options())
            .clone()
            .application_name(LISTENER_APPLICATION_NAME);
        // A pool of its own: a listener stuck on a dead connection must not
        // hold one of the requests' connections.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(5))
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_lazy_with(options);
        let mut l = PgListener::connect_with(&pool).await.map_err(unavailable)?;
        // A lost connection is reported, not silently replaced.
        l.eager_reconnect(false);
        l.listen(CHANNEL).await.map_err(unavailable)?;
        Ok(Some(Listener(l)))
    }

    /// The next payload; None when the connection was lost.
    pub async fn recv(&mut self) -> Result<Option<String>, DbError> {
        self.0
            .try_recv()
            .await
            .map(|n| n.map(|n| n.payload().to_owned()))
            .map_err(unavailable)
    }

    /// Proves that the connection still carries events: a query through it,
    /// answered `within`.
    pub async fn heartbeat(&mut self, within: Duration) -> Result<(), DbError> {
        let ping = sea_orm::sqlx::query("SELECT 1").execute(&mut self.0);
        match tokio::time::timeout(within, ping).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(unavailable(e)),
            Err(_) => Err(unavailable(format!(
                "no answer through the listener's connection within {within:?}"
            ))),
        }
    }
}

/// The prefix of an invalidation's payload; the tags follow.
pub const INVALIDATE: &str = "invalidate ";

/// Tells every other instance, when `tx` commits, that what `tags` (their
/// text form) name has changed. On SQLite there are no other instances.
pub async fn invalidate_in(tx: &crate::Transaction, tags: &str) -> Result<(), DbError> {
    notify(tx, &format!("{INVALIDATE}{tags}")).await
}
