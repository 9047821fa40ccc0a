//! Comments: writing and replying, editing within the window, deleting,
//! reacting. A discussion belongs to a process or to an idea (`Discussion`).

use db::comments::{Comment, CommentError, Subject};
use db::ideas::Idea;
use db::processes::Process;
use domain::Tag;
use domain::comments::{Reaction, check_body, may_edit};
use domain::processes::Status;

use crate::{Actor, App, Changes, CommandError, CommandResult, Outcome, processes};

/// What a discussion belongs to.
pub struct Discussion {
    pub subject: Subject,
    pub process: Process,
    pub idea: Option<Idea>,
}

impl Discussion {
    /// Writing and reacting are possible while the process's participation
    /// phase is open.
    pub fn open(&self) -> bool {
        self.process.status == Status::Published
            && self.process.phases.participation_open(crate::today())
    }

    /// What a change in this discussion touches.
    pub fn tags(&self) -> Vec<Tag> {
        let mut t = vec![Tag::Process(self.process.id), Tag::Lists, Tag::Search];
        if let Some(i) = &self.idea {
            t.push(Tag::Idea(i.id));
        }
        t
    }
}

/// The discussion of `subject`, if `actor` may see it.
pub async fn discussion(app: &App, actor: &Actor, subject: Subject) -> CommandResult<Discussion> {
    match subject.kind {
        "process" => Ok(Discussion {
            subject,
            process: processes::load_visible(app, actor, subject.id).await?,
            idea: None,
        }),
        "idea" => {
            let idea = db::ideas::get(&app.db, subject.id)
                .await?
                .filter(|i| crate::ideas::visible(actor, i))
                .ok_or(CommandError::NotFound)?;
            Ok(Discussion {
                subject,
                process: processes::load_visible(app, actor, idea.process_id).await?,
                idea: Some(idea),
            })
        }
        _ => Err(CommandError::NotFound),
    }
}

/// A comment and its discussion, if `actor` may see them.
pub async fn load(app: &App, actor: &Actor, id: i64) -> CommandResult<(Comment, Discussion)> {
    let c = db::comments::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    // A held comment is its author's and the moderators' only.
    let own = actor.user_id() == Some(c.author_id);
    match c.held.as_deref() {
        None => {}
        Some("rejected") if !actor.moderates() => return Err(CommandError::NotFound),
        Some(_) if !own && !actor.moderates() => return Err(CommandError::NotFound),
        Some(_) => {}
    }
    let subject = Subject::of(&c.subject_kind, c.subject_id).ok_or(CommandError::NotFound)?;
    let d = discussion(app, actor, subject).await?;
    Ok((c, d))
}

/// Whether `actor` may edit `c` now: their own, not deleted, in the window.
pub fn may_edit_now(actor: &Actor, c: &Comment) -> bool {
    actor.user_id() == Some(c.author_id) && !c.deleted && may_edit(c.created_at, chrono::Utc::now())
}

/// Whether `actor` may delete `c`: their own, or as moderator.
pub fn may_delete(actor: &Actor, c: &Comment) -> bool {
    !c.deleted
        && matches!(actor, Actor::Person(_))
        && (actor.user_id() == Some(c.author_id) || actor.moderates())
}

/// A new comment or reply.
pub struct Write {
    pub subject: Subject,
    pub parent_id: Option<i64>,
    pub body: String,
}

/// Writes a comment: while participation is open, within the rate limit.
/// Refusals name the `body` field.
pub async fn write(app: &App, actor: &Actor, w: Write) -> CommandResult<Outcome<i64>> {
    let user = actor.user()?;
    crate::tx::refuse_suspended(app, None, actor).await?;
    let d = discussion(app, actor, w.subject).await?;
    if !d.open() {
        return Err(CommandError::refused("body", "error-participation-closed"));
    }
    let body = check_body(&w.body).map_err(|e| CommandError::Invalid(e.into()))?;
    let limit = app.config.rate_limits.comments_per_account;
    let quota = db::throttle::Quota::new(
        &app.db,
        &format!("comment:{}", user.id),
        limit.window,
        limit.max,
    )
    .await?;
    // On an idea that waits itself (only its author sees it), a comment waits too.
    let held = match d.idea.as_ref().is_some_and(|i| i.held.is_some()) {
        true => Some(db::holds::REVIEW),
        false => crate::holds::hold_for(app, d.process.id, user, &body).await?,
    };
    persist(
        app,
        &d,
        Author::Local(user.id),
        w.parent_id,
        body,
        Some(quota),
        held,
        None,
    )
    .await
}

/// Writes a reply that arrived from the fediverse as the local account
/// standing for the remote actor (made in the comment's transaction on its
/// first reply): while participation is open and within the same rate limit
/// as a local person's comments.
pub async fn federated(
    app: &App,
    remote: db::federation::RemoteAuthor,
    w: Write,
    origin: db::comments::Origin,
) -> CommandResult<Outcome<i64>> {
    let d = discussion(app, &Actor::System, w.subject).await?;
    if !d.open() {
        return Err(CommandError::refused("body", "error-participation-closed"));
    }
    let body = check_body(&w.body).map_err(|e| CommandError::Invalid(e.into()))?;
    let limit = app.config.rate_limits.comments_per_account;
    // Counted by the actor, which is known before its local account exists.
    let quota = db::throttle::Quota::new(
        &app.db,
        &format!("comment:fediverse:{}", remote.actor),
        limit.window,
        limit.max,
    )
    .await?;
    // Remote voices pass the same spam rules and pre-moderation as local
    // ones; on its first reply the account is made with the comment, and
    // is as new as an account can be.
    let existing = db::federation::remote_account(&app.db, &remote.actor).await?;
    let author = match existing {
        Some(id) => db::accounts::by_id(&app.db, id)
            .await?
            .ok_or(CommandError::NotFound)?,
        None => db::accounts::User {
            id: 0,
            email: String::new(),
            display_name: remote.handle.clone(),
            password_hash: String::new(),
            role: domain::Role::Citizen,
            department_id: None,
            email_verified: false,
            created_at: chrono::Utc::now(),
            locale: String::new(),
        },
    };
    let held = crate::holds::hold_for(app, d.process.id, &author, &body).await?;
    persist(
        app,
        &d,
        Author::Remote(existing, remote),
        w.parent_id,
        body,
        Some(quota),
        held,
        Some(origin),
    )
    .await
}

/// Who writes a comment: a local account, or a remote actor (with its local
/// account, if it has one yet).
enum Author {
    Local(i64),
    Remote(Option<i64>, db::federation::RemoteAuthor),
}

/// Writes a comment as `author_id` without the phase and rate limits: for
/// the demo loader and the benchmarks, which bring past discussions in.
pub async fn import(
    app: &App,
    actor: &Actor,
    author_id: i64,
    w: Write,
) -> CommandResult<Outcome<i64>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let d = discussion(app, actor, w.subject).await?;
    let body = check_body(&w.body).map_err(|e| CommandError::Invalid(e.into()))?;
    persist(
        app,
        &d,
        Author::Local(author_id),
        w.parent_id,
        body,
        None,
        None,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn persist(
    app: &App,
    d: &Discussion,
    author: Author,
    parent_id: Option<i64>,
    body: String,
    quota: Option<db::throttle::Quota>,
    held: Option<&'static str>,
    origin: Option<db::comments::Origin>,
) -> CommandResult<Outcome<i64>> {
    let mut changes = Changes::default();
    changes.touch_all(d.tags());
    // A remote actor's account made with this comment has nothing kept yet.
    let (author_id, remote_author) = match author {
        Author::Local(id) | Author::Remote(Some(id), _) => (id, None),
        Author::Remote(None, r) => (0, Some(r)),
    };
    if author_id != 0 {
        changes.touch(Tag::User(author_id));
    }
    let new = db::comments::NewComment {
        subject: d.subject,
        parent_id,
        author_id,
        body,
        quota,
        invalidate: domain::tags::join(&changes.tags),
        held,
        origin,
        remote_author,
    };
    // On SQLite the comment joins others in one transaction (group commit);
    // the invalidation travels inside whichever transaction writes it.
    let id = match db::comments::write(&app.db, new).await {
        Ok(id) => id,
        Err(CommentError::RateLimited) => {
            return Err(CommandError::RateLimited(
                "body",
                "error-comment-rate-limited",
            ));
        }
        Err(CommentError::ParentNotFound) => {
            return Err(CommandError::field("parent_id", "error-reply-target-gone"));
        }
        Err(CommentError::AlreadyArrived) => {
            return Err(CommandError::refused("body", "federation-reply-known"));
        }
        Err(CommentError::Db(e)) => return Err(e.into()),
    };
    // A held comment reaches the live pages when it is approved.
    if held.is_none() {
        changes.comments.push(id);
    }
    app.committed(&changes);
    Ok(Outcome { value: id, changes })
}

/// Changes the text of one's own comment within the editing window. Reports
/// the discussion it is in.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    body: &str,
) -> CommandResult<Outcome<Subject>> {
    actor.user()?;
    let (c, d) = load(app, actor, id).await?;
    if !may_edit_now(actor, &c) {
        return Err(CommandError::refused("body", "error-edit-window-over"));
    }
    let body = check_body(body).map_err(|e| CommandError::Invalid(e.into()))?;
    let mut tx = app.begin(actor).await?;
    db::comments::edit(&tx, id, &body).await?;
    tx.touch_all(d.tags());
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: d.subject,
        changes,
    })
}

/// Deletes a comment (its author, or a moderator); replies stay. Reports the
/// discussion it was in.
pub async fn delete(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<Subject>> {
    actor.user()?;
    let (c, d) = load(app, actor, id).await?;
    if !may_delete(actor, &c) {
        return Err(CommandError::Forbidden);
    }
    let mut tx = app.begin(actor).await?;
    db::comments::delete(&tx, id).await?;
    // Its words leave the files too, within seconds.
    db::jobs::enqueue_once(
        &*tx,
        db::privacy::prune_job(db::privacy::Traces::Content),
        chrono::Duration::zero(),
    )
    .await?;
    tx.jobs_queued();
    tx.touch_all(d.tags());
    tx.touch(Tag::User(c.author_id));
    let changes = tx.commit().await?;
    tracing::info!(comment = id, by = actor.user_id(), "comment deleted");
    Ok(Outcome {
        value: d.subject,
        changes,
    })
}

/// Agrees, disagrees or takes one's reaction back (`None`). Reactions to
/// one's own or a deleted comment change nothing. Reports the discussion.
pub async fn react(
    app: &App,
    actor: &Actor,
    id: i64,
    reaction: Option<Reaction>,
) -> CommandResult<Outcome<Subject>> {
    let user = actor.user()?;
    let (c, d) = load(app, actor, id).await?;
    if !d.open() {
        return Err(CommandError::refused(
            "reaction",
            "flash-participation-closed",
        ));
    }
    if c.deleted || c.author_id == user.id {
        return Ok(Outcome {
            value: d.subject,
            changes: Changes::default(),
        });
    }
    let mut tx = app.begin(actor).await?;
    db::comments::react(&tx, id, user.id, reaction).await?;
    tx.touch_all(d.tags());
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: d.subject,
        changes,
    })
}

/// A reaction by `user_id`, without the phase rule: for the demo loader and
/// the benchmarks.
pub async fn import_reaction(
    app: &App,
    actor: &Actor,
    id: i64,
    user_id: i64,
    reaction: Reaction,
) -> CommandResult<Outcome<()>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let (_, d) = load(app, actor, id).await?;
    let mut tx = app.begin(actor).await?;
    db::comments::react(&tx, id, user_id, Some(reaction)).await?;
    tx.touch_all(d.tags());
    tx.touch(Tag::User(user_id));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}
