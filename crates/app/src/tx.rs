//! A command's transaction and the record of what it changed.

use std::ops::Deref;

use domain::Tag;

use crate::{Actor, App, CommandResult};

/// What a committed command changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// What kept pages and results depend on that changed.
    pub tags: Vec<Tag>,
    /// Comments written, for the live pages (announced by the database's
    /// NOTIFY on PostgreSQL, by the writing instance on SQLite).
    pub comments: Vec<i64>,
    /// Whether jobs (mails) were queued, so the worker looks at once.
    pub jobs: bool,
}

impl Changes {
    pub fn touch(&mut self, tag: Tag) {
        if !self.tags.contains(&tag) {
            self.tags.push(tag);
        }
    }

    pub fn touch_all(&mut self, tags: impl IntoIterator<Item = Tag>) {
        for t in tags {
            self.touch(t);
        }
    }
}

/// Refuses a suspended person's write. `Tx::begin` asks it for every
/// command, inside the transaction; the one write that does not go through
/// a `Tx` (a comment, which SQLite commits in groups) asks it right before.
pub(crate) async fn refuse_suspended(
    app: &App,
    txn: Option<&db::Transaction>,
    actor: &Actor,
) -> CommandResult<()> {
    let Some(id) = actor.user_id() else {
        return Ok(());
    };
    let now = db::now();
    let found = match txn {
        Some(t) => db::suspensions::active(t, id, now).await?,
        None => db::suspensions::active(app.db.conn(), id, now).await?,
    };
    match found {
        Some(_) => Err(crate::CommandError::Suspended),
        None => Ok(()),
    }
}

/// An open write transaction of a command. Derefs to the database
/// transaction for the `db` functions; `commit` announces what changed.
pub struct Tx<'a> {
    app: &'a App,
    inner: db::Transaction,
    changes: Changes,
    /// Who acts, for the audit log (none for the system and visitors).
    actor_id: Option<i64>,
}

impl<'a> Tx<'a> {
    /// Opens the transaction of a command by `actor`. Whatever a person does
    /// may change their marks, their account or their sessions, so what is
    /// kept of them is read afresh after it.
    ///
    /// This is the one place where a suspended person's writes are refused:
    /// every command of a person begins here, and the suspension is read
    /// inside the transaction, so one committed before is always seen.
    pub(crate) async fn begin(app: &'a App, actor: &Actor) -> CommandResult<Tx<'a>> {
        let tx = Tx::begin_exempt(app, actor).await?;
        refuse_suspended(app, Some(&tx.inner), actor).await?;
        Ok(tx)
    }

    /// Opens the transaction of a command that a suspended person may still
    /// carry out: logging out, securing or deleting their own account.
    pub(crate) async fn begin_exempt(app: &'a App, actor: &Actor) -> CommandResult<Tx<'a>> {
        let mut changes = Changes::default();
        if let Some(id) = actor.user_id() {
            changes.touch(Tag::User(id));
        }
        Ok(Tx {
            app,
            inner: app.db.begin_write().await?,
            changes,
            actor_id: actor.user_id(),
        })
    }

    /// Records that what `tag` names changed.
    pub fn touch(&mut self, tag: Tag) {
        self.changes.touch(tag);
    }

    pub fn touch_all(&mut self, tags: impl IntoIterator<Item = Tag>) {
        self.changes.touch_all(tags);
    }

    /// Writes what staff, a moderator or an administrator did into the
    /// audit log, in this transaction: it is recorded exactly when it
    /// happens. `subject` names what it was done to (`idea:7`), `details`
    /// the new state; neither holds names or addresses.
    pub async fn audit(&self, action: &str, subject: &str, details: &str) -> CommandResult<()> {
        db::audit::append_in(&self.inner, self.actor_id, action, subject, details).await?;
        Ok(())
    }

    /// Records a new comment for the live pages.
    pub fn comment_written(&mut self, id: i64) {
        self.changes.comments.push(id);
    }

    /// Records that jobs were queued.
    pub fn jobs_queued(&mut self) {
        self.changes.jobs = true;
    }

    /// Commits. The invalidation travels inside the transaction (PostgreSQL's
    /// NOTIFY is delivered on commit, and only then), so no instance can miss
    /// a committed change by a crash or an outage of this one between commit
    /// and announcement. Then this instance forgets what changed.
    pub async fn commit(self) -> CommandResult<Changes> {
        let Tx {
            app,
            inner,
            changes,
            ..
        } = self;
        if !changes.tags.is_empty() {
            db::events::invalidate_in(&inner, &domain::tags::join(&changes.tags)).await?;
        }
        inner.commit().await?;
        app.committed(&changes);
        Ok(changes)
    }
}

impl Deref for Tx<'_> {
    type Target = db::Transaction;
    fn deref(&self) -> &db::Transaction {
        &self.inner
    }
}
