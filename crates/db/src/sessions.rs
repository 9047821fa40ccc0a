//! Logins, kept in the database so that every instance knows them.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::accounts::User;
use crate::entities::{session, user};
use crate::{Db, DbError, now};

pub async fn create(db: &Db, id_hash: String, user_id: i64, ttl: Duration) -> Result<(), DbError> {
    create_in(&db.conn, id_hash, user_id, ttl).await
}

/// Starts a session inside a command's transaction.
pub async fn create_in<C: ConnectionTrait>(
    conn: &C,
    id_hash: String,
    user_id: i64,
    ttl: Duration,
) -> Result<(), DbError> {
    let t = now();
    session::ActiveModel {
        id: Set(id_hash),
        user_id: Set(user_id),
        created_at: Set(t),
        expires_at: Set(t + ttl),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// A live session: whose it is and until when it holds.
#[derive(Debug, Clone)]
pub struct Signed {
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// The user a live session belongs to. An expired session counts as none.
pub async fn user_of(db: &Db, id_hash: &str) -> Result<Option<Signed>, DbError> {
    let found = session::Entity::find_by_id(id_hash.to_owned())
        .find_also_related(user::Entity)
        .one(&db.conn)
        .await?;
    match found {
        Some((s, Some(u))) if s.expires_at > now() => Ok(Some(Signed {
            user: u.try_into()?,
            expires_at: s.expires_at,
        })),
        _ => Ok(None),
    }
}

pub async fn delete(db: &Db, id_hash: &str) -> Result<(), DbError> {
    delete_in(&db.conn, id_hash).await
}

/// Ends a session inside a command's transaction.
pub async fn delete_in<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<(), DbError> {
    session::Entity::delete_by_id(id_hash.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// Removes expired sessions; run from time to time by the worker.
pub async fn purge_expired(db: &Db) -> Result<u64, DbError> {
    let res = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now()))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected)
}
