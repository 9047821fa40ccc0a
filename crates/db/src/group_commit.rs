//! Group commit of comments on SQLite. With `synchronous=FULL` every commit
//! waits for a disk sync, and SQLite writes one transaction at a time, so
//! concurrent writers would queue for a sync each. Instead one task takes
//! every comment waiting, writes each in a savepoint of one transaction and
//! commits them together: one sync for the lot. Each writer is answered only
//! after the commit that holds its comment, so an acknowledged comment is on
//! disk as before. A writer alone waits for nobody.

use sea_orm::{DatabaseConnection, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use crate::DbError;
use crate::comments::{CommentError, NewComment, write_comment};

/// Enough to share one sync among everyone who arrives while one is under
/// way, small enough that one transaction stays short.
const MAX_BATCH: usize = 128;

type Job = (NewComment, oneshot::Sender<Result<i64, CommentError>>);

#[derive(Clone, Debug)]
pub(crate) struct CommentQueue(mpsc::Sender<Job>);

impl CommentQueue {
    /// Starts the writer task. It ends when the last queue handle is
    /// dropped, that is with the last clone of its `Db`.
    pub(crate) fn start(conn: DatabaseConnection) -> CommentQueue {
        let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(conn, rx));
        CommentQueue(tx)
    }

    pub(crate) async fn write(&self, c: NewComment) -> Result<i64, CommentError> {
        let (tx, rx) = oneshot::channel();
        self.0.send((c, tx)).await.map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }
}

fn stopped() -> CommentError {
    CommentError::Db(DbError::Unavailable(sea_orm::DbErr::Custom(
        "the comment writer has stopped".into(),
    )))
}

async fn run(conn: DatabaseConnection, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let results = write_batch(&conn, &batch).await;
        for ((_, reply), result) in batch.drain(..).zip(results) {
            // A writer that gave up waiting no longer listens.
            let _ = reply.send(result);
        }
    }
}

/// One result per job, in order; all fail if the commit fails.
async fn write_batch(conn: &DatabaseConnection, batch: &[Job]) -> Vec<Result<i64, CommentError>> {
    let all_fail = |e: DbError| batch.iter().map(|_| Err(e.clone().into())).collect();
    let txn = match crate::begin_write_on(conn).await {
        Ok(t) => t,
        Err(e) => return all_fail(e.into()),
    };
    let mut results = Vec::with_capacity(batch.len());
    for (c, _) in batch {
        results.push(in_savepoint(&txn, c).await);
    }
    match txn.commit().await {
        Ok(()) => results,
        Err(e) => all_fail(e.into()),
    }
}

/// A comment that fails (its parent is gone, say) takes back only its own writes.
async fn in_savepoint(
    txn: &sea_orm::DatabaseTransaction,
    c: &NewComment,
) -> Result<i64, CommentError> {
    let sp = txn.begin().await?;
    match write_comment(&sp, c).await {
        Ok(id) => {
            sp.commit().await?;
            Ok(id)
        }
        Err(CommentError::RateLimited) => {
            // The attempt over the limit still counts.
            sp.commit().await?;
            Err(CommentError::RateLimited)
        }
        Err(e) => {
            sp.rollback().await?;
            Err(e)
        }
    }
}
