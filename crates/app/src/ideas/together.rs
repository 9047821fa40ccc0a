//! Developing an idea together: co-authors by invitation, suggested changes
//! that the authors accept (a new public version) or decline with a reason.

use domain::Tag;
use domain::ideas::{check_reason, check_text};

use super::{is_author, load, open};
use crate::accounts::exceeds;
use crate::{Actor, App, Changes, CommandError, CommandResult, Outcome, mails};

/// Invites the registered person with this address to write the idea
/// together (its authors only); they are mailed once.
///
/// An address without an account is answered exactly like a registered one,
/// so that the form cannot tell who has an account: nothing is stored and
/// no mail is sent. Every invitation counts against the inviter's limit.
pub async fn invite(app: &App, actor: &Actor, id: i64, email: &str) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let (idea, _) = load(app, actor, id).await?;
    if !is_author(app, &idea, user.id).await? {
        return Err(CommandError::Forbidden);
    }
    let email = domain::accounts::normalize_email("email", email)
        .map_err(|e| CommandError::Invalid(e.into()))?;
    let limit = app.config.rate_limits.invitations_per_account;
    if exceeds(app, &format!("invite:{}", user.id), limit).await? {
        return Err(CommandError::RateLimited(
            "email",
            "error-coauthor-rate-limited",
        ));
    }
    let Some(invitee) = db::accounts::by_email(&app.db, &email).await? else {
        return Ok(Outcome {
            value: (),
            changes: Changes::default(),
        });
    };
    if is_author(app, &idea, invitee.id).await? {
        return Err(CommandError::field("email", "error-coauthor-already"));
    }
    let link = app.config.link(&format!("/ideas/{id}"));
    let mail = mails::coauthor_invitation(app, &invitee, &user.display_name, &idea.title, &link);
    let mut tx = app.begin(actor).await?;
    db::ideas::invite_coauthor(&tx, id, invitee.id, Some(mail)).await?;
    tx.jobs_queued();
    // The invitation shows on the invitee's page of the idea.
    tx.touch(Tag::User(invitee.id));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Accepts or declines one's invitation; `NotFound` if there is none open.
pub async fn answer_invitation(
    app: &App,
    actor: &Actor,
    id: i64,
    accept: bool,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    let mut tx = app.begin(actor).await?;
    if !db::ideas::answer_invitation(&tx, id, user.id, accept).await? {
        return Err(CommandError::NotFound);
    }
    tx.touch_all([Tag::Idea(idea.id), Tag::Process(p.id)]);
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// A change someone suggests: the whole new text and why.
#[derive(Debug, Default)]
pub struct Change {
    pub title: String,
    pub body: String,
    pub note: String,
}

/// Suggests a change (anyone but its authors, while participation is open).
/// After the phase it is `Refused`, with every other problem of the form.
pub async fn suggest(app: &App, actor: &Actor, id: i64, c: &Change) -> CommandResult<Outcome<i64>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    if is_author(app, &idea, user.id).await? {
        return Err(CommandError::Forbidden);
    }
    let open = open(&p);
    let (text, mut errors) = match check_text(&c.title, &c.body) {
        Ok(t) => (Some(t), domain::FieldErrors::new()),
        Err(e) => (None, e),
    };
    let note = errors.check(check_reason("note", &c.note));
    if !open {
        errors.add("body", "error-participation-closed");
    }
    if idea.withdrawn.is_some() {
        errors.add("body", "idea-edit-refused-withdrawn");
    }
    if c.title.trim() == idea.title && c.body.trim() == idea.body_md.trim() {
        errors.add("body", "error-suggestion-unchanged");
    }
    let (Some(text), Some(note), true) = (text, note, errors.is_empty()) else {
        return Err(if open && idea.withdrawn.is_none() {
            CommandError::Invalid(errors)
        } else {
            CommandError::Refused(errors)
        });
    };
    let mut tx = app.begin(actor).await?;
    let sid = db::ideas::suggest(&tx, id, user.id, &text.title, &text.body, &note).await?;
    tx.touch(Tag::Idea(id));
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: sid,
        changes,
    })
}

/// The idea a suggestion belongs to, if `actor` may see it.
pub async fn idea_of(app: &App, actor: &Actor, suggestion_id: i64) -> CommandResult<i64> {
    let id = db::ideas::suggestion_idea(&app.db, suggestion_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    load(app, actor, id).await?;
    Ok(id)
}

/// Accepts (the idea takes the suggested text as its next public version) or
/// declines an open suggestion, with a reason: the idea's authors only.
/// `NotFound` once it is decided. The value is the idea's id.
pub async fn decide(
    app: &App,
    actor: &Actor,
    suggestion_id: i64,
    accept: bool,
    reason: &str,
) -> CommandResult<Outcome<i64>> {
    let user = actor.user()?;
    let id = db::ideas::suggestion_idea(&app.db, suggestion_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let (idea, p) = load(app, actor, id).await?;
    if !is_author(app, &idea, user.id).await? {
        return Err(CommandError::Forbidden);
    }
    let reason = check_reason("reason", reason).map_err(|e| CommandError::Invalid(e.into()))?;
    let mut tx = app.begin(actor).await?;
    if !db::ideas::decide(
        &tx,
        suggestion_id,
        accept,
        &reason,
        user.id,
        text::markdown::to_html,
    )
    .await?
    {
        return Err(CommandError::NotFound);
    }
    tx.touch_all([Tag::Idea(id), Tag::Process(p.id), Tag::Lists, Tag::Search]);
    let changes = tx.commit().await?;
    Ok(Outcome { value: id, changes })
}
