//! Held contributions: in a pre-moderated process, and whatever the spam
//! rules catch, a new comment waits for a moderator. Until then only its
//! author (with the mark "awaiting review") and moderators see it; approved,
//! it appears everywhere at once; rejected, its author gets the reason.

use db::accounts::User;
use domain::{FieldErrors, Tag};
use i18n::FluentValue;

use crate::comments::{Discussion, discussion};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// How long a rejection's reason may be.
pub const REASON_MAX_CHARS: usize = 2000;

fn moderates(actor: &Actor) -> CommandResult<()> {
    match actor {
        Actor::Anonymous => Err(CommandError::LoginRequired),
        _ if actor.moderates() => Ok(()),
        _ => Err(CommandError::Forbidden),
    }
}

/// Whether a new contribution of `author` with `text` in `d` waits for a
/// moderator, and why. Moderators and staff are never held.
pub async fn hold_for(
    app: &App,
    d: &Discussion,
    author: &User,
    _text: &str,
) -> CommandResult<Option<&'static str>> {
    if author.role != domain::Role::Citizen {
        return Ok(None);
    }
    if db::holds::premoderated(app.db.conn(), d.process.id).await? {
        return Ok(Some(db::holds::REVIEW));
    }
    Ok(None)
}

/// The comments waiting for a moderator, oldest first.
pub async fn held_comments(app: &App, actor: &Actor) -> CommandResult<Vec<db::holds::HeldComment>> {
    moderates(actor)?;
    Ok(db::holds::held_comments(&app.db).await?)
}

async fn discussion_of(app: &App, id: i64) -> CommandResult<Discussion> {
    let c = db::comments::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let subject =
        db::comments::Subject::of(&c.subject_kind, c.subject_id).ok_or(CommandError::NotFound)?;
    discussion(app, &Actor::System, subject).await
}

/// Approves a held comment: it appears in its thread, the counts, the search
/// and on every open live page.
pub async fn approve_comment(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let d = discussion_of(app, id).await?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::approve_comment(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all(d.tags());
    tx.touch(Tag::User(decision.author_id));
    tx.comment_written(id);
    tx.audit("comment.approve", &format!("comment:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Rejects a held comment with a reason, which is mailed to its author.
pub async fn reject_comment(
    app: &App,
    actor: &Actor,
    id: i64,
    reason: &str,
) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let reason = reason.trim();
    let mut errors = FieldErrors::new();
    if reason.is_empty() {
        errors.add("reason", "error-required");
    } else if reason.chars().count() > REASON_MAX_CHARS {
        errors.add("reason", "holds-error-reason-too-long");
    }
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let d = discussion_of(app, id).await?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::reject_comment(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all(d.tags());
    tx.touch(Tag::User(decision.author_id));
    if let Some(author) = db::accounts::by_id(&app.db, decision.author_id)
        .await?
        .filter(|u| !db::data_rights::is_tombstone(&u.email))
    {
        let lang = i18n::supported(&author.locale).unwrap_or(i18n::LANGUAGES[0].0);
        let title = match &d.idea {
            Some(i) => i.title.clone(),
            None => d.process.title.clone(),
        };
        let args = [
            ("name", FluentValue::from(author.display_name.clone())),
            ("title", FluentValue::from(title)),
            ("reason", FluentValue::from(reason.to_owned())),
        ];
        let subject = app.i18n.t(lang, "mail-held-rejected-subject", &args);
        let text = app.i18n.t(lang, "mail-held-rejected-body", &args);
        db::jobs::enqueue(&*tx, crate::mails::job(app, &author.email, subject, text)).await?;
        tx.jobs_queued();
    }
    tx.audit("comment.reject", &format!("comment:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}
