//! What the fediverse changes here, as commands: its inbox and the worker
//! call these, each one transaction that writes, queues its deliveries and
//! wakes the worker. (Replies become comments through
//! `comments::federated`; official answers and results queue their posts in
//! their own commands.)

use db::federation::NewPost;

use crate::{Actor, App, CommandResult};

/// A remote `actor` follows process `process_id` (a repeated Follow updates
/// its inbox); `accept` (inbox, JSON) is queued with it.
pub async fn accept_follow(
    app: &App,
    process_id: i64,
    actor: &str,
    inbox: &str,
    accept: Option<(&str, &str)>,
) -> CommandResult<()> {
    let mut tx = app.begin(&Actor::System).await?;
    db::federation::follow(&tx, process_id, actor, inbox, accept).await?;
    tx.jobs_queued();
    tx.commit().await?;
    Ok(())
}

/// A remote `actor` stops following; true if it did follow.
pub async fn unfollow(app: &App, process_id: i64, actor: &str) -> CommandResult<bool> {
    let tx = app.begin(&Actor::System).await?;
    let was = db::federation::unfollow(&tx, process_id, actor).await?;
    tx.commit().await?;
    Ok(was)
}

/// Queues `activity` (JSON) from process `process_id` to each of `inboxes`,
/// all or none.
pub async fn deliver(
    app: &App,
    process_id: i64,
    inboxes: &[String],
    activity: &str,
) -> CommandResult<()> {
    let mut tx = app.begin(&Actor::System).await?;
    for inbox in inboxes {
        db::federation::queue_delivery(&*tx, process_id, inbox, activity).await?;
    }
    tx.jobs_queued();
    tx.commit().await?;
    Ok(())
}

/// Queues `post` unless its process has one of its kind and path already
/// (news noticed by looking, such as a phase that began). True if queued.
pub async fn post_once(app: &App, post: NewPost<'_>) -> CommandResult<bool> {
    let mut tx = app.begin(&Actor::System).await?;
    let queued = db::federation::queue_post_once(&tx, post).await?;
    if queued {
        tx.jobs_queued();
    }
    tx.commit().await?;
    Ok(queued)
}

/// Keeps the actor document fetched from `url`, so that the inbox checks the
/// next activities of that actor without fetching it again.
pub async fn remember_actor(app: &App, url: &str, document: &str) -> CommandResult<()> {
    let tx = app.begin(&Actor::System).await?;
    db::federation::keep_actor(&tx, url, document).await?;
    tx.commit().await?;
    Ok(())
}
