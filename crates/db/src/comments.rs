//! Discussions: threaded comments on a subject (a process; later an idea),
//! reactions, and the counters kept beside them. A page of a thread loads in a
//! fixed number of queries, however many comments it shows.

use chrono::{DateTime, Utc};
use domain::comments::{Reaction, Sort, reply_depth};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Value};

use crate::throttle::Quota;
use crate::{Db, DbError, Id, activity, count, events, now, raw, search};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: &'static str,
    pub id: i64,
}

impl Subject {
    pub fn process(id: i64) -> Subject {
        Subject {
            kind: "process",
            id,
        }
    }

    pub fn idea(id: i64) -> Subject {
        Subject { kind: "idea", id }
    }

    /// A subject of a kind read back from the database.
    pub fn of(kind: &str, id: i64) -> Option<Subject> {
        match kind {
            "process" => Some(Subject::process(id)),
            "idea" => Some(Subject::idea(id)),
            _ => None,
        }
    }

    /// The table whose row counts this subject's comments.
    fn counter_table(self) -> Option<&'static str> {
        match self.kind {
            "process" => Some("processes"),
            "idea" => Some("ideas"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub parent_id: Option<i64>,
    pub root_id: Option<i64>,
    pub depth: i32,
    pub author_id: i64,
    pub author_name: String,
    /// The author's role and, for staff, department: contributions of the
    /// administration are marked as official.
    pub author_role: String,
    pub author_department: Option<String>,
    pub body: String,
    pub agree: i32,
    pub disagree: i32,
    pub reply_count: i32,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub deleted: bool,
    /// The rule under which the moderation hid it (`domain::moderation::Rule`).
    pub hidden_rule: Option<String>,
    /// Whether the moderation edited personal data out of it.
    pub moderated: bool,
    /// The viewer's own reaction: 1, -1 or 0.
    pub my_reaction: i32,
    /// Why it waits for a moderator (`review`, `spam`), if it does.
    pub held: Option<String>,
}

const COLUMNS: &str = "c.id, c.subject_kind, c.subject_id, c.parent_id, c.root_id, c.depth, c.author_id, \
    u.display_name AS author_name, u.role AS author_role, ad.name AS author_department, c.body, c.agree_count, c.disagree_count, c.reply_count, \
    c.created_at, c.edited_at, c.deleted_at, c.hidden_rule, c.moderated_at, c.held";

/// A row of `COLUMNS`.
#[derive(FromQueryResult)]
struct CommentRow {
    id: i64,
    subject_kind: String,
    subject_id: i64,
    parent_id: Option<i64>,
    root_id: Option<i64>,
    depth: i32,
    author_id: i64,
    author_name: String,
    author_role: String,
    author_department: Option<String>,
    body: String,
    agree_count: i32,
    disagree_count: i32,
    reply_count: i32,
    created_at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
    deleted_at: Option<DateTime<Utc>>,
    hidden_rule: Option<String>,
    moderated_at: Option<DateTime<Utc>>,
    held: Option<String>,
}

impl From<CommentRow> for Comment {
    fn from(r: CommentRow) -> Comment {
        Comment {
            id: r.id,
            subject_kind: r.subject_kind,
            subject_id: r.subject_id,
            parent_id: r.parent_id,
            root_id: r.root_id,
            depth: r.depth,
            author_id: r.author_id,
            author_name: r.author_name,
            author_role: r.author_role,
            author_department: r.author_department,
            body: r.body,
            agree: r.agree_count,
            disagree: r.disagree_count,
            reply_count: r.reply_count,
            created_at: r.created_at,
            edited: r.edited_at.is_some(),
            deleted: r.deleted_at.is_some(),
            hidden_rule: r.hidden_rule,
            moderated: r.moderated_at.is_some(),
            my_reaction: 0,
            held: r.held,
        }
    }
}

async fn comments<C: ConnectionTrait>(
    conn: &C,
    stmt: sea_orm::Statement,
) -> Result<Vec<Comment>, DbError> {
    let rows = CommentRow::find_by_statement(stmt).all(conn).await?;
    Ok(rows.into_iter().map(Comment::from).collect())
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub struct Thread {
    /// Top-level comments of the requested page, in the requested order.
    pub roots: Vec<Comment>,
    /// Every reply below those roots, oldest first.
    pub replies: Vec<Comment>,
    pub total_roots: u64,
}

/// Which held comments a reader sees: moderators all that wait, authors
/// their own, everyone else none. Rejected ones nobody.
fn held_filter(viewer: Option<i64>, sees_held: bool) -> String {
    match (sees_held, viewer) {
        (true, _) => "(c.held IS NULL OR c.held <> 'rejected')".to_owned(),
        (false, Some(v)) => {
            format!("(c.held IS NULL OR (c.held <> 'rejected' AND c.author_id = {v}))")
        }
        (false, None) => "c.held IS NULL".to_owned(),
    }
}

/// One page of a discussion: top-level comments with all their replies, the
/// authors' names and the viewer's reactions, in four queries. Held comments
/// only for their author and, with `sees_held`, for moderators.
pub async fn page(
    db: &Db,
    subject: Subject,
    sort: Sort,
    page: u64,
    per_page: u64,
    viewer: Option<i64>,
    sees_held: bool,
) -> Result<Thread, DbError> {
    let b = db.conn.get_database_backend();
    let held = held_filter(viewer, sees_held);
    let total_roots = count(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT COUNT(*) AS n FROM comments c WHERE c.subject_kind = ? AND c.subject_id = ? \
                 AND c.depth = 0 AND {held}"
            ),
            vec![subject.kind.into(), subject.id.into()],
        ),
    )
    .await?;
    let order = match sort {
        Sort::Newest => "c.created_at DESC, c.id DESC",
        Sort::Oldest => "c.created_at ASC, c.id ASC",
        Sort::MostAgreed => "c.agree_count DESC, c.created_at DESC, c.id DESC",
    };
    let per_page = per_page.max(1) as i64;
    let mut roots = comments(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
                 LEFT JOIN departments ad ON ad.id = u.department_id \
                 WHERE c.subject_kind = ? AND c.subject_id = ? AND c.depth = 0 AND {held} \
                 ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            vec![
                subject.kind.into(),
                subject.id.into(),
                per_page.into(),
                (page as i64 * per_page).into(),
            ],
        ),
    )
    .await?;
    let root_ids: Vec<Value> = roots.iter().map(|c| c.id.into()).collect();
    let mut replies: Vec<Comment> = if root_ids.is_empty() {
        vec![]
    } else {
        comments(
            &db.conn,
            raw(
                b,
                &format!(
                    "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
                 LEFT JOIN departments ad ON ad.id = u.department_id \
                     WHERE c.root_id IN ({}) AND {held} ORDER BY c.created_at ASC, c.id ASC",
                    placeholders(root_ids.len())
                ),
                root_ids,
            ),
        )
        .await?
    };
    if let Some(user) = viewer {
        let ids: Vec<i64> = roots.iter().chain(replies.iter()).map(|c| c.id).collect();
        if !ids.is_empty() {
            let mut vals: Vec<Value> = vec![user.into()];
            vals.extend(ids.iter().map(|i| Value::from(*i)));
            let rows = MyReaction::find_by_statement(raw(
                    b,
                    &format!(
                        "SELECT comment_id, value FROM comment_reactions WHERE user_id = ? AND comment_id IN ({})",
                        placeholders(ids.len())
                    ),
                    vals,
                ))
                .all(&db.conn)
                .await?;
            for r in rows {
                if let Some(c) = roots
                    .iter_mut()
                    .chain(replies.iter_mut())
                    .find(|c| c.id == r.comment_id)
                {
                    c.my_reaction = r.value;
                }
            }
        }
    }
    Ok(Thread {
        roots,
        replies,
        total_roots,
    })
}

#[derive(FromQueryResult)]
struct MyReaction {
    comment_id: i64,
    value: i32,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Comment>, DbError> {
    let b = db.conn.get_database_backend();
    let row = CommentRow::find_by_statement(raw(
        b,
        &format!(
            "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
                 LEFT JOIN departments ad ON ad.id = u.department_id WHERE c.id = ?"
        ),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.map(Comment::from))
}

/// The newest comments of a subject (for feeds), without deleted or hidden
/// ones.
pub async fn recent(db: &Db, subject: Subject, limit: u64) -> Result<Vec<Comment>, DbError> {
    let b = db.conn.get_database_backend();
    comments(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
                 LEFT JOIN departments ad ON ad.id = u.department_id \
                 WHERE c.subject_kind = ? AND c.subject_id = ? AND c.deleted_at IS NULL \
                 AND c.hidden_rule IS NULL AND c.held IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT ?"
            ),
            vec![
                subject.kind.into(),
                subject.id.into(),
                (limit as i64).into(),
            ],
        ),
    )
    .await
}

#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    #[error("the comment replied to does not exist in this discussion")]
    ParentNotFound,
    #[error("too many comments in a short time")]
    RateLimited,
    #[error("this reply from the fediverse arrived before")]
    AlreadyArrived,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for CommentError {
    fn from(e: sea_orm::DbErr) -> Self {
        CommentError::Db(e.into())
    }
}

/// The text a subject is found by in search results.
pub(crate) async fn subject_title<C: ConnectionTrait>(
    conn: &C,
    subject: Subject,
) -> Result<Option<(i64, String)>, DbError> {
    let sql = match subject.kind {
        "process" => "SELECT id AS process_id, title FROM processes WHERE id = ?",
        // A hidden idea's title is found no more, not even through its comments.
        "idea" => {
            "SELECT i.process_id, CASE WHEN i.hidden_rule IS NULL THEN i.title ELSE p.title END \
             AS title FROM ideas i JOIN processes p ON p.id = i.process_id WHERE i.id = ?"
        }
        _ => return Ok(None),
    };
    let row = SubjectTitle::find_by_statement(raw(
        conn.get_database_backend(),
        sql,
        vec![subject.id.into()],
    ))
    .one(conn)
    .await?;
    Ok(row.map(|r| (r.process_id, r.title)))
}

#[derive(FromQueryResult)]
struct SubjectTitle {
    process_id: i64,
    title: String,
}

pub(crate) fn event_payload(subject: Subject, comment_id: i64) -> String {
    format!("comment {} {} {comment_id}", subject.kind, subject.id)
}

/// Parses an event sent by `create`: (subject kind, subject id, comment id).
pub fn parse_event(payload: &str) -> Option<(String, i64, i64)> {
    let mut it = payload.split(' ');
    if it.next()? != "comment" {
        return None;
    }
    let kind = it.next()?.to_owned();
    let subject = it.next()?.parse().ok()?;
    let comment = it.next()?.parse().ok()?;
    Some((kind, subject, comment))
}

/// A comment or reply to write.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub subject: Subject,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub body: String,
    /// The limit it counts against, counted in the comment's own transaction
    /// so that one commit (one disk sync on SQLite) covers both.
    pub quota: Option<Quota>,
    /// What other instances must forget when it commits (tags' text form),
    /// sent inside its transaction.
    pub invalidate: String,
    /// Why it waits for a moderator, if it does: then it counts nowhere, is
    /// not searchable and reaches no live page until approved.
    pub held: Option<&'static str>,
    /// A reply from the fediverse: its activity's id and its page, recorded
    /// with the comment.
    pub origin: Option<Origin>,
    /// A reply from the fediverse whose remote actor has no local account
    /// yet: the account is made with the comment, in its transaction, and
    /// `author_id` is ignored.
    pub remote_author: Option<crate::federation::RemoteAuthor>,
}

/// Where a comment from the fediverse came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The Note's id: a second delivery of it is refused.
    pub object: String,
    pub url: String,
}

/// Writes a comment or a reply, with its counters, its search entry and the
/// event for live pages, in one transaction.
pub async fn create(
    db: &Db,
    subject: Subject,
    parent_id: Option<i64>,
    author_id: i64,
    body: &str,
) -> Result<i64, CommentError> {
    write(
        db,
        NewComment {
            subject,
            parent_id,
            author_id,
            body: body.to_owned(),
            quota: None,
            invalidate: String::new(),
            held: None,
            origin: None,
            remote_author: None,
        },
    )
    .await
}

/// Writes `c` if its quota allows one more and returns its id once it is
/// durable. On SQLite it joins the comments committed together with it
/// (`group_commit`); on PostgreSQL it is a transaction of its own.
pub async fn write(db: &Db, c: NewComment) -> Result<i64, CommentError> {
    if let Some(queue) = &db.comment_queue {
        return queue.write(c).await;
    }
    let txn = db.begin_write().await?;
    match write_comment(&txn, &c).await {
        Ok(id) => {
            txn.commit().await?;
            Ok(id)
        }
        Err(CommentError::RateLimited) => {
            // The attempt over the limit still counts.
            txn.commit().await?;
            Err(CommentError::RateLimited)
        }
        Err(e) => Err(e),
    }
}

/// How much of a reply its notification quotes.
const REPLY_EXCERPT_CHARS: usize = 200;

/// The statements of one comment, inside a transaction the caller commits.
pub(crate) async fn write_comment<C: ConnectionTrait>(
    conn: &C,
    c: &NewComment,
) -> Result<i64, CommentError> {
    let b = conn.get_database_backend();
    let subject = c.subject;
    if let Some(q) = &c.quota
        && !q.take(conn).await?
    {
        return Err(CommentError::RateLimited);
    }
    let author_id = match &c.remote_author {
        Some(r) => crate::federation::remote_account_in(conn, r).await?,
        None => c.author_id,
    };
    let (depth, root_id) = match c.parent_id {
        None => (0, None),
        Some(pid) => {
            let parent = Parent::find_by_statement(raw(
                b,
                "SELECT depth, root_id FROM comments WHERE id = ? AND subject_kind = ? \
                 AND subject_id = ? AND deleted_at IS NULL",
                vec![pid.into(), subject.kind.into(), subject.id.into()],
            ))
            .one(conn)
            .await?
            .ok_or(CommentError::ParentNotFound)?;
            (
                reply_depth(parent.depth),
                Some(parent.root_id.unwrap_or(pid)),
            )
        }
    };
    let t = now();
    let id = Id::find_by_statement(raw(
            b,
            "INSERT INTO comments (subject_kind, subject_id, parent_id, root_id, depth, author_id, body, \
             agree_count, disagree_count, reply_count, created_at, held) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?) RETURNING id",
            vec![
                subject.kind.into(),
                subject.id.into(),
                c.parent_id.into(),
                root_id.into(),
                depth.into(),
                author_id.into(),
                c.body.as_str().into(),
                t.into(),
                c.held.into(),
            ],
        ))
        .one(conn)
        .await?
        .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?
        .id;
    if let Some(o) = &c.origin {
        let r = conn
            .execute_raw(raw(
                b,
                "INSERT INTO federation_replies (comment_id, object, url) VALUES (?, ?, ?) \
                 ON CONFLICT (object) DO NOTHING",
                vec![id.into(), o.object.as_str().into(), o.url.as_str().into()],
            ))
            .await?;
        if r.rows_affected() == 0 {
            return Err(CommentError::AlreadyArrived);
        }
    }
    if c.held.is_none() {
        let shown = Shown {
            subject,
            parent_id: c.parent_id,
            author_id,
            created_at: t,
        };
        published(conn, &shown, id, &c.body).await?;
    }
    if subject.kind == "process" {
        // Who takes part in a process's discussion hears of its phases.
        crate::notifications::set_process_follow(conn, subject.id, author_id, true).await?;
    }
    if !c.invalidate.is_empty() {
        events::notify(conn, &format!("{}{}", events::INVALIDATE, c.invalidate)).await?;
    }
    Ok(id)
}

/// Where a comment appears, by whom and since when.
pub(crate) struct Shown {
    pub subject: Subject,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub created_at: DateTime<Utc>,
}

/// What a comment's appearance changes: its parent's and its subject's
/// counters, the dashboard's activity, the search, the live pages. At
/// writing, or at its approval.
pub(crate) async fn published<C: ConnectionTrait>(
    conn: &C,
    shown: &Shown,
    id: i64,
    body: &str,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    let (subject, parent_id, author_id) = (shown.subject, shown.parent_id, shown.author_id);
    if let Some(pid) = parent_id {
        conn.execute_raw(raw(
            b,
            "UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?",
            vec![pid.into()],
        ))
        .await?;
    }
    if let Some(table) = subject.counter_table() {
        conn.execute_raw(raw(
            b,
            &format!("UPDATE {table} SET comment_count = comment_count + 1 WHERE id = ?"),
            vec![subject.id.into()],
        ))
        .await?;
    }
    let title = subject_title(conn, subject).await?;
    if let Some((process_id, title)) = &title {
        let place = activity::In::Process(*process_id);
        let who = activity::Who::Account(author_id);
        activity::happened(conn, place, shown.created_at, activity::Kind::Comments, who).await?;
        search::add(conn, "comment", id, *process_id, title, body).await?;
    }
    if let Some(pid) = parent_id {
        // The author of the comment answered is told, in this transaction.
        let excerpt: String = body.chars().take(REPLY_EXCERPT_CHARS).collect();
        let link = format!("/{}s/{}#comment-{id}", subject.kind, subject.id);
        let event = crate::notifications::Event {
            kind: "reply",
            link: &link,
            title: title.as_ref().map_or("", |(_, t)| t.as_str()),
            detail: &excerpt,
        };
        crate::notifications::notify(
            conn,
            &event,
            "SELECT author_id AS user_id FROM comments WHERE id = ?",
            vec![pid.into()],
            Some(author_id),
        )
        .await?;
    }
    events::notify(conn, &event_payload(subject, id)).await?;
    Ok(())
}

pub async fn edit(txn: &crate::Transaction, id: i64, body: &str) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE comments SET body = ?, edited_at = ? WHERE id = ? AND deleted_at IS NULL",
        vec![body.into(), now().into(), id.into()],
    ))
    .await?;
    let row = SubjectOf::find_by_statement(raw(
        b,
        "SELECT subject_kind, subject_id FROM comments WHERE id = ? AND held IS NULL",
        vec![id.into()],
    ))
    .one(txn)
    .await?;
    if let Some(r) = row
        && let Some(subject) = Subject::of(&r.subject_kind, r.subject_id)
        && let Some((pid, title)) = subject_title(txn, subject).await?
    {
        search::put(txn, "comment", id, pid, &title, body).await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct Gone {
    subject_kind: String,
    subject_id: i64,
    held: Option<String>,
    created_at: DateTime<Utc>,
}

/// Deletes a comment's text but keeps its place, so replies stay in context.
pub async fn delete(txn: &crate::Transaction, id: i64) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let gone = Gone::find_by_statement(raw(
        b,
        "UPDATE comments SET body = '', deleted_at = ? WHERE id = ? AND deleted_at IS NULL \
         RETURNING subject_kind, subject_id, held, created_at",
        vec![now().into(), id.into()],
    ))
    .one(txn)
    .await?;
    if let Some(gone) = gone {
        // A held comment was never counted.
        if gone.held.is_none() {
            let place = match gone.subject_kind.as_str() {
                "process" => Some(activity::In::Process(gone.subject_id)),
                "idea" => Some(activity::In::Idea(gone.subject_id)),
                _ => None,
            };
            if let Some(place) = place {
                activity::add(txn, place, gone.created_at, activity::Kind::Comments, -1).await?;
            }
        }
        for (kind, table) in [("process", "processes"), ("idea", "ideas")] {
            txn.execute_raw(raw(
                b,
                &format!(
                    "UPDATE {table} SET comment_count = comment_count - 1 WHERE id = \
                     (SELECT subject_id FROM comments WHERE id = ? AND subject_kind = ? \
                     AND held IS NULL)"
                ),
                vec![id.into(), kind.into()],
            ))
            .await?;
        }
        txn.execute_raw(raw(
            b,
            "DELETE FROM comment_reactions WHERE comment_id = ?",
            vec![id.into()],
        ))
        .await?;
        txn.execute_raw(raw(
            b,
            "UPDATE comments SET agree_count = 0, disagree_count = 0 WHERE id = ?",
            vec![id.into()],
        ))
        .await?;
        search::remove(txn, "comment", id).await?;
    }
    Ok(())
}

/// Sets, changes or (with None) withdraws one person's reaction and returns the
/// new (agree, disagree) counts. The comment row is locked first, so
/// concurrent reactions are counted one after the other.
pub async fn react(
    txn: &crate::Transaction,
    comment_id: i64,
    user_id: i64,
    reaction: Option<Reaction>,
) -> Result<(i32, i32), DbError> {
    let b = txn.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    txn.query_one_raw(raw(
        b,
        &format!("SELECT id FROM comments WHERE id = ?{lock}"),
        vec![comment_id.into()],
    ))
    .await?;
    match reaction {
        Some(r) => {
            txn.execute_raw(raw(
                b,
                "INSERT INTO comment_reactions (comment_id, user_id, value, created_at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value",
                vec![comment_id.into(), user_id.into(), r.value().into(), now().into()],
            ))
            .await?;
        }
        None => {
            txn.execute_raw(raw(
                b,
                "DELETE FROM comment_reactions WHERE comment_id = ? AND user_id = ?",
                vec![comment_id.into(), user_id.into()],
            ))
            .await?;
        }
    }
    txn.execute_raw(raw(
        b,
        "UPDATE comments SET \
         agree_count = (SELECT COUNT(*) FROM comment_reactions WHERE comment_id = ? AND value = 1), \
         disagree_count = (SELECT COUNT(*) FROM comment_reactions WHERE comment_id = ? AND value = -1) \
         WHERE id = ?",
        vec![comment_id.into(), comment_id.into(), comment_id.into()],
    ))
    .await?;
    let row = Counts::find_by_statement(raw(
        b,
        "SELECT agree_count, disagree_count FROM comments WHERE id = ?",
        vec![comment_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt(format!("comment {comment_id} vanished")))?;
    let counts = (row.agree_count, row.disagree_count);
    Ok(counts)
}

/// The comment count the subject's page shows in its heading, as kept beside
/// the subject's row (live pages update their heading with it).
pub async fn subject_count(db: &Db, subject: Subject) -> Result<u64, DbError> {
    let Some(table) = subject.counter_table() else {
        return Ok(0);
    };
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            &format!("SELECT CAST(comment_count AS BIGINT) AS n FROM {table} WHERE id = ?"),
            vec![subject.id.into()],
        ),
    )
    .await
}

/// Comments written by `author_id` since `since`, for the per-person rate limit.
pub async fn count_since(db: &Db, author_id: i64, since: DateTime<Utc>) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM comments WHERE author_id = ? AND created_at > ?",
            vec![author_id.into(), since.into()],
        ),
    )
    .await
}

#[derive(FromQueryResult)]
struct Parent {
    depth: i32,
    root_id: Option<i64>,
}

#[derive(FromQueryResult)]
struct SubjectOf {
    subject_kind: String,
    subject_id: i64,
}

#[derive(FromQueryResult)]
struct Counts {
    agree_count: i32,
    disagree_count: i32,
}

/// Writes the search entries of the public comments on an idea again, with
/// the title they are found by now (the process's while the idea is hidden).
pub(crate) async fn retitle_search(txn: &crate::Transaction, idea_id: i64) -> Result<(), DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        id: i64,
        body: String,
    }
    let subject = Subject::idea(idea_id);
    let Some((process_id, title)) = subject_title(txn, subject).await? else {
        return Ok(());
    };
    let rows = Row::find_by_statement(raw(
        txn.get_database_backend(),
        "SELECT id, body FROM comments WHERE subject_kind = 'idea' AND subject_id = ? \
         AND held IS NULL AND hidden_rule IS NULL AND deleted_at IS NULL",
        vec![idea_id.into()],
    ))
    .all(txn)
    .await?;
    // One write per comment: the stems of title and text are made here.
    for r in rows {
        search::put(txn, "comment", r.id, process_id, &title, &r.body).await?;
    }
    Ok(())
}
