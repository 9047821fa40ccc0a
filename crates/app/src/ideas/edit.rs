//! The authors' own changes to an idea: a new version of its text while the
//! department has not answered, and withdrawal with a public reason.

use domain::Tag;
use domain::ideas::{check_reason, check_text};

use super::{is_author, load};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Why an idea can no longer be edited, as a message key; `None` if it can.
pub fn edit_refusal(idea: &db::ideas::Idea) -> Option<&'static str> {
    if idea.withdrawn.is_some() {
        Some("idea-edit-refused-withdrawn")
    } else if idea.status.needs_answer() {
        Some("idea-edit-refused-answered")
    } else {
        None
    }
}

/// May `actor` change this idea (an author or accepted co-author)?
pub async fn may_edit(app: &App, actor: &Actor, idea: &db::ideas::Idea) -> CommandResult<bool> {
    match actor.user_id() {
        Some(uid) => is_author(app, idea, uid).await,
        None => Ok(false),
    }
}

/// The authors' new text: a new public version, by the one who edits it.
/// Refused once the department has answered or the idea is withdrawn (the
/// refusal under `title`, with every problem of the text). The value is
/// the new version number.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    title: &str,
    body: &str,
) -> CommandResult<Outcome<i32>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    if !is_author(app, &idea, user.id).await? {
        return Err(CommandError::Forbidden);
    }
    let (text, mut errors) = match check_text(title, body) {
        Ok(t) => (Some(t), domain::FieldErrors::new()),
        Err(e) => (None, e),
    };
    if let Some(key) = edit_refusal(&idea) {
        errors.add("title", key);
        return Err(CommandError::Refused(errors));
    }
    let Some(text) = text else {
        return Err(CommandError::Invalid(errors));
    };
    if text.title == idea.title && text.body == idea.body_md.trim() {
        return Err(CommandError::field("body", "error-idea-edit-unchanged"));
    }
    let html = text::markdown::to_html(&text.body);
    let mut tx = app.begin(actor).await?;
    // The statement re-checks that no answer came meanwhile.
    if !db::ideas::edit(&tx, id, user.id, &text.title, &text.body, &html).await? {
        errors.add("title", "idea-edit-refused-answered");
        return Err(CommandError::Refused(errors));
    }
    tx.touch_all([Tag::Idea(id), Tag::Process(p.id), Tag::Lists, Tag::Search]);
    let changes = tx.commit().await?;
    tracing::info!(idea = id, "idea edited by its author");
    Ok(Outcome {
        value: idea.version + 1,
        changes,
    })
}

/// Withdraws the idea with a required reason, shown publicly on its page
/// (authors only). It leaves lists, the map and search and takes no more
/// supports. Withdrawing twice is `Refused`.
pub async fn withdraw(
    app: &App,
    actor: &Actor,
    id: i64,
    reason: &str,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    if !is_author(app, &idea, user.id).await? {
        return Err(CommandError::Forbidden);
    }
    if idea.withdrawn.is_some() {
        return Err(CommandError::refused(
            "reason",
            "idea-edit-refused-withdrawn",
        ));
    }
    let reason = check_reason("reason", reason).map_err(|e| CommandError::Invalid(e.into()))?;
    let mut tx = app.begin(actor).await?;
    if !db::ideas::withdraw(&tx, id, &reason).await? {
        return Err(CommandError::refused(
            "reason",
            "idea-edit-refused-withdrawn",
        ));
    }
    tx.touch_all([Tag::Idea(id), Tag::Process(p.id), Tag::Lists, Tag::Search]);
    let changes = tx.commit().await?;
    tracing::info!(idea = id, "idea withdrawn by its author");
    Ok(Outcome { value: (), changes })
}
