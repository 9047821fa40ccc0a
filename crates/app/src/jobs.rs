//! What administrators do with queued work that was given up (a mail that no
//! server accepted for days): send it again, or discard it.

use crate::admin::administers;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// The kinds of job an administrator may send again: their effect is the
/// same however often they run, or (mail) recognisable by its Message-ID.
const RETRYABLE: &[&str] = &[
    crate::mails::JOB_KIND,
    db::surveys::SEAL_JOB,
    db::privacy::PRUNE_JOB,
];

/// Queues a given-up job again, with fresh tries and a fresh time to keep.
pub async fn retry(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let mut tx = app.begin(actor).await?;
    let mut found = false;
    for kind in RETRYABLE {
        found |= db::jobs::requeue_failed(&*tx, id, kind).await?;
    }
    if !found {
        return Err(CommandError::NotFound);
    }
    tx.jobs_queued();
    tx.audit("job.retry", &format!("job:{id}"), "").await?;
    let changes = tx.commit().await?;
    tracing::info!(job = id, by = actor.user_id(), "given-up job queued again");
    Ok(Outcome { value: (), changes })
}

/// Removes a given-up job, with the address and text a mail holds.
pub async fn discard(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let tx = app.begin(actor).await?;
    let mut found = false;
    for kind in RETRYABLE {
        found |= db::jobs::discard_failed(&*tx, id, kind).await?;
    }
    if !found {
        return Err(CommandError::NotFound);
    }
    tx.audit("job.discard", &format!("job:{id}"), "").await?;
    let changes = tx.commit().await?;
    tracing::info!(job = id, by = actor.user_id(), "given-up job discarded");
    Ok(Outcome { value: (), changes })
}
