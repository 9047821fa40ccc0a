//! Reminders before the deadline of an answer: the worker's command that
//! mails the staff of the responsible department about every idea still
//! unanswered a few days before its deadline, once per idea.

use db::jobs;
use domain::accountability::REMIND_DAYS_BEFORE;

use crate::{Actor, App, CommandResult, Outcome};

/// Mails the reminders due today, in one transaction: the ideas are
/// recorded as reminded and the mails queued together, so a crash leaves
/// either both or neither, and a second run (on any instance) sends none of
/// them again. Returns how many mails were queued.
pub async fn remind(app: &App) -> CommandResult<Outcome<usize>> {
    let mut tx = app.begin(&Actor::System).await?;
    let due = db::accountability::claim_reminders(&tx, crate::today(), REMIND_DAYS_BEFORE).await?;
    for r in &due {
        let link = app.config.link(&format!("/ideas/{}", r.idea_id));
        jobs::enqueue(&*tx, crate::mails::answer_reminder(app, r, &link)).await?;
    }
    if !due.is_empty() {
        tx.jobs_queued();
    }
    let changes = tx.commit().await?;
    if !due.is_empty() {
        tracing::info!(mails = due.len(), "answer reminders queued");
    }
    Ok(Outcome {
        value: due.len(),
        changes,
    })
}
