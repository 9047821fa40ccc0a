//! Reports, the moderation queue and decisions with their appeals. An item
//! is named by kind and id (`comment` 7); comments carry the marks of a
//! decision themselves (`hidden_rule`, `moderated_at`) so that every listing
//! shows them without asking here.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use crate::comments::{Subject, event_payload, subject_title};
use crate::{Db, DbError, Id, count, events, now, raw, search};

pub use domain::moderation::ItemKind;

/// A reported item as the queue and the decisions need it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Item {
    pub item_kind: String,
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    /// None for a statement written without an account.
    pub author_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub author_locale: String,
    pub body: String,
    pub hidden_rule: Option<String>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Item {
    pub fn item_kind(&self) -> ItemKind {
        ItemKind::parse(&self.item_kind).unwrap_or(ItemKind::Comment)
    }

    pub fn kind(&self) -> &'static str {
        self.item_kind().as_str()
    }
}

/// The item query of each kind; every kind answers with the columns of
/// `Item`. A statement moderated out of its map counts as hidden, under the
/// rule of the last decision that hid it.
fn item_sql(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Comment => {
            "SELECT 'comment' AS item_kind, c.id, c.subject_kind, c.subject_id, c.author_id, \
             u.display_name AS author_name, u.email AS author_email, u.locale AS author_locale, \
             c.body, c.hidden_rule, c.deleted_at FROM comments c JOIN users u ON u.id = c.author_id \
             WHERE c.id"
        }
        ItemKind::Idea => {
            "SELECT 'idea' AS item_kind, i.id, 'process' AS subject_kind, \
             i.process_id AS subject_id, i.author_id, u.display_name AS author_name, \
             u.email AS author_email, u.locale AS author_locale, i.body_md AS body, i.hidden_rule, \
             i.withdrawn_at AS deleted_at FROM ideas i JOIN users u ON u.id = i.author_id \
             WHERE i.id"
        }
        ItemKind::OpinionStatement => {
            "SELECT 'opinion-statement' AS item_kind, s.id, 'opinion' AS subject_kind, \
             s.map_id AS subject_id, s.author_user_id AS author_id, \
             COALESCE(u.display_name, '') AS author_name, COALESCE(u.email, '') AS author_email, \
             COALESCE(u.locale, '') AS author_locale, s.body, \
             CASE WHEN s.state = 'rejected' THEN COALESCE((SELECT d.rule FROM moderation_decisions d \
             WHERE d.item_kind = 'opinion-statement' AND d.item_id = s.id AND d.action = 'hide' \
             ORDER BY d.id DESC LIMIT 1), '') END AS hidden_rule, \
             NULL AS deleted_at FROM opinion_statements s LEFT JOIN users u ON u.id = s.author_user_id \
             WHERE s.id"
        }
    }
}

/// The items of one kind with the given ids.
async fn items_of<C: ConnectionTrait>(
    conn: &C,
    kind: ItemKind,
    ids: Vec<Value>,
) -> Result<Vec<Item>, DbError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let b = conn.get_database_backend();
    let marks = vec!["?"; ids.len()].join(", ");
    Ok(
        Item::find_by_statement(raw(b, &format!("{} IN ({marks})", item_sql(kind)), ids))
            .all(conn)
            .await?,
    )
}

/// The items named by (kind, id) pairs, one query per kind present.
async fn items_named<C: ConnectionTrait>(
    conn: &C,
    named: &[(&str, i64)],
) -> Result<Vec<Item>, DbError> {
    let mut items = Vec::new();
    for kind in ItemKind::ALL {
        let ids = named
            .iter()
            .filter(|(k, _)| *k == kind.as_str())
            .map(|(_, id)| (*id).into())
            .collect();
        items.extend(items_of(conn, kind, ids).await?);
    }
    Ok(items)
}

/// The item `kind` `id`, if there is one.
pub async fn item(db: &Db, kind: &str, id: i64) -> Result<Option<Item>, DbError> {
    let Some(kind) = ItemKind::parse(kind) else {
        return Ok(None);
    };
    Ok(items_of(&db.conn, kind, vec![id.into()]).await?.pop())
}

/// A report to store.
pub struct NewReport<'a> {
    pub kind: &'a str,
    pub item_id: i64,
    pub reporter_id: Option<i64>,
    pub reporter_email: Option<&'a str>,
    pub reporter_locale: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
}

/// Stores a report; None when this person had reported the item already.
pub async fn report_in<C: ConnectionTrait>(
    conn: &C,
    r: NewReport<'_>,
) -> Result<Option<i64>, DbError> {
    let b = conn.get_database_backend();
    Ok(Id::find_by_statement(raw(
        b,
        "INSERT INTO reports (item_kind, item_id, reporter_id, reporter_email, reporter_locale, \
         reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (item_kind, item_id, reporter_id) DO NOTHING RETURNING id",
        vec![
            r.kind.into(),
            r.item_id.into(),
            r.reporter_id.into(),
            r.reporter_email.map(str::to_owned).into(),
            r.reporter_locale.into(),
            r.reason.into(),
            r.note.into(),
            now().into(),
        ],
    ))
    .one(conn)
    .await?
    .map(|r| r.id))
}

/// Whether `user_id` has reported the item.
pub async fn has_reported(db: &Db, kind: &str, id: i64, user_id: i64) -> Result<bool, DbError> {
    let b = db.conn.get_database_backend();
    Ok(count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM reports WHERE item_kind = ? AND item_id = ? AND reporter_id = ?",
            vec![kind.into(), id.into(), user_id.into()],
        ),
    )
    .await?
        > 0)
}

/// One open report in the queue.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OpenReport {
    pub item_kind: String,
    pub item_id: i64,
    pub reason: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// Open reports of one item, grouped for the queue.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub item: Item,
    pub reports: Vec<OpenReport>,
}

/// The items with open reports, the longest waiting first, with their
/// reports: three queries however many items wait.
pub async fn queue(db: &Db, limit: u64) -> Result<Vec<QueueEntry>, DbError> {
    #[derive(FromQueryResult)]
    struct Waiting {
        item_kind: String,
        item_id: i64,
    }
    let b = db.conn.get_database_backend();
    let waiting = Waiting::find_by_statement(raw(
        b,
        "SELECT item_kind, item_id FROM reports WHERE decision_id IS NULL \
         GROUP BY item_kind, item_id ORDER BY MIN(created_at), item_id LIMIT ?",
        vec![(limit as i64).into()],
    ))
    .all(&db.conn)
    .await?;
    let named: Vec<(&str, i64)> = waiting
        .iter()
        .map(|w| (w.item_kind.as_str(), w.item_id))
        .collect();
    if named.is_empty() {
        return Ok(vec![]);
    }
    let items = items_named(&db.conn, &named).await?;
    let reports = OpenReport::find_by_statement(raw(
        b,
        "SELECT r.item_kind, r.item_id, r.reason, r.note, r.created_at FROM reports r \
         WHERE r.decision_id IS NULL AND r.item_id IN (SELECT item_id FROM reports w \
         WHERE w.decision_id IS NULL GROUP BY w.item_kind, w.item_id \
         ORDER BY MIN(w.created_at), w.item_id LIMIT ?) ORDER BY r.created_at, r.id",
        vec![(limit as i64).into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(waiting
        .iter()
        .filter_map(|w| {
            let item = items
                .iter()
                .find(|i| i.item_kind == w.item_kind && i.id == w.item_id)?
                .clone();
            let reports = reports
                .iter()
                .filter(|r| r.item_kind == w.item_kind && r.item_id == w.item_id)
                .cloned()
                .collect();
            Some(QueueEntry { item, reports })
        })
        .collect())
}

/// Whoever reported an item and waits for the decision: an account's
/// address, or the address an anonymous reader gave.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Reporter {
    pub email: Option<String>,
    pub locale: String,
}

/// The reporters of an item's open reports.
pub async fn open_reporters<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    id: i64,
) -> Result<Vec<Reporter>, DbError> {
    let b = conn.get_database_backend();
    Ok(Reporter::find_by_statement(raw(
        b,
        "SELECT COALESCE(u.email, r.reporter_email) AS email, \
         COALESCE(u.locale, r.reporter_locale) AS locale FROM reports r \
         LEFT JOIN users u ON u.id = r.reporter_id \
         WHERE r.item_kind = ? AND r.item_id = ? AND r.decision_id IS NULL ORDER BY r.id",
        vec![kind.into(), id.into()],
    ))
    .all(conn)
    .await?)
}

/// A decision to store.
pub struct NewDecision<'a> {
    pub kind: &'a str,
    pub item_id: i64,
    pub author_id: Option<i64>,
    pub moderator_id: i64,
    pub action: &'a str,
    pub rule: Option<&'a str>,
    pub statement: &'a str,
}

/// Stores a decision and closes the item's open reports with it; the
/// addresses anonymous reporters gave go, since the decision mailed to them
/// is queued in the same transaction.
pub async fn decide_in<C: ConnectionTrait>(conn: &C, d: NewDecision<'_>) -> Result<i64, DbError> {
    let b = conn.get_database_backend();
    let id = Id::find_by_statement(raw(
        b,
        "INSERT INTO moderation_decisions (item_kind, item_id, author_id, moderator_id, action, \
         rule, statement, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        vec![
            d.kind.into(),
            d.item_id.into(),
            d.author_id.into(),
            d.moderator_id.into(),
            d.action.into(),
            d.rule.map(str::to_owned).into(),
            d.statement.into(),
            now().into(),
        ],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?
    .id;
    conn.execute_raw(raw(
        b,
        "UPDATE reports SET decision_id = ?, reporter_email = NULL \
         WHERE item_kind = ? AND item_id = ? AND decision_id IS NULL",
        vec![id.into(), d.kind.into(), d.item_id.into()],
    ))
    .await?;
    Ok(id)
}

/// A decision as its author, the appeal page and the queue see it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Decision {
    pub id: i64,
    pub item_kind: String,
    pub item_id: i64,
    pub author_id: Option<i64>,
    pub moderator_id: i64,
    pub action: String,
    pub rule: Option<String>,
    pub statement: String,
    pub created_at: DateTime<Utc>,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<DateTime<Utc>>,
    pub appeal_outcome: Option<String>,
}

const DECISION_COLUMNS: &str = "id, item_kind, item_id, author_id, moderator_id, action, rule, \
    statement, created_at, appeal_text, appealed_at, appeal_outcome";

pub async fn decision(db: &Db, id: i64) -> Result<Option<Decision>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Decision::find_by_statement(raw(
        b,
        &format!("SELECT {DECISION_COLUMNS} FROM moderation_decisions WHERE id = ?"),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?)
}

/// Records the author's appeal; false if the decision was appealed before.
pub async fn appeal_in<C: ConnectionTrait>(conn: &C, id: i64, text: &str) -> Result<bool, DbError> {
    let b = conn.get_database_backend();
    let res = conn
        .execute_raw(raw(
            b,
            "UPDATE moderation_decisions SET appeal_text = ?, appealed_at = ? \
             WHERE id = ? AND appealed_at IS NULL",
            vec![text.into(), now().into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Decisions appealed and waiting, the oldest appeal first, with their items.
pub async fn open_appeals(db: &Db, limit: u64) -> Result<Vec<(Decision, Item)>, DbError> {
    let b = db.conn.get_database_backend();
    let decisions = Decision::find_by_statement(raw(
        b,
        &format!(
            "SELECT {DECISION_COLUMNS} FROM moderation_decisions \
             WHERE appealed_at IS NOT NULL AND appeal_outcome IS NULL ORDER BY appealed_at, id LIMIT ?"
        ),
        vec![(limit as i64).into()],
    ))
    .all(&db.conn)
    .await?;
    let named: Vec<(&str, i64)> = decisions
        .iter()
        .map(|d| (d.item_kind.as_str(), d.item_id))
        .collect();
    let items = items_named(&db.conn, &named).await?;
    Ok(decisions
        .into_iter()
        .filter_map(|d| {
            let item = items
                .iter()
                .find(|i| i.item_kind == d.item_kind && i.id == d.item_id)?
                .clone();
            Some((d, item))
        })
        .collect())
}

/// Records the decision on an appeal; false if it was decided already.
pub async fn decide_appeal_in<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    moderator_id: i64,
    outcome: &str,
) -> Result<bool, DbError> {
    let b = conn.get_database_backend();
    let res = conn
        .execute_raw(raw(
            b,
            "UPDATE moderation_decisions SET appeal_outcome = ?, appeal_moderator_id = ?, \
             appeal_decided_at = ? WHERE id = ? AND appealed_at IS NOT NULL AND appeal_outcome IS NULL",
            vec![outcome.into(), moderator_id.into(), now().into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// The subject of a comment, for its search entry and its live event.
async fn comment_subject<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<(Subject, String)>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        subject_kind: String,
        subject_id: i64,
        body: String,
    }
    let b = conn.get_database_backend();
    let row = Row::find_by_statement(raw(
        b,
        "SELECT subject_kind, subject_id, body FROM comments WHERE id = ?",
        vec![id.into()],
    ))
    .one(conn)
    .await?;
    Ok(row.and_then(|r| Subject::of(&r.subject_kind, r.subject_id).map(|s| (s, r.body))))
}

/// Hides a comment behind the public note of `rule` (or, with None, shows
/// it again): it leaves (or returns to) the search, and open pages of its
/// discussion hear of it.
pub async fn set_comment_hidden<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    rule: Option<&str>,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    conn.execute_raw(raw(
        b,
        "UPDATE comments SET hidden_rule = ? WHERE id = ?",
        vec![rule.map(str::to_owned).into(), id.into()],
    ))
    .await?;
    let Some((subject, body)) = comment_subject(conn, id).await? else {
        return Ok(());
    };
    match rule {
        Some(_) => search::remove(conn, "comment", id).await?,
        None => {
            if let Some((pid, title)) = subject_title(conn, subject).await? {
                search::put(conn, "comment", id, pid, &title, &body).await?;
            }
        }
    }
    events::notify(conn, &event_payload(subject, id)).await?;
    Ok(())
}

/// Replaces a comment's text with the moderator's version (personal data
/// edited out) and marks it as edited by the moderation.
pub async fn edit_comment<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    body: &str,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    conn.execute_raw(raw(
        b,
        "UPDATE comments SET body = ?, moderated_at = ? WHERE id = ? AND deleted_at IS NULL",
        vec![body.into(), now().into(), id.into()],
    ))
    .await?;
    if let Some((subject, _)) = comment_subject(conn, id).await? {
        if let Some((pid, title)) = subject_title(conn, subject).await? {
            search::put(conn, "comment", id, pid, &title, body).await?;
        }
        events::notify(conn, &event_payload(subject, id)).await?;
    }
    Ok(())
}

/// Hides an item behind the public note of `rule` (or, with None, shows it
/// again). A statement is moderated out of its map (or back in), and the
/// map is recomputed.
pub async fn set_hidden(
    txn: &crate::Transaction,
    item: &Item,
    rule: Option<&str>,
) -> Result<(), DbError> {
    match item.item_kind() {
        ItemKind::Comment => set_comment_hidden(txn, item.id, rule).await,
        ItemKind::Idea => set_idea_hidden(txn, item.id, rule).await,
        ItemKind::OpinionStatement => {
            let state = match rule {
                Some(_) => crate::opinion::Moderation::Rejected,
                None => crate::opinion::Moderation::Approved,
            };
            crate::opinion::set_moderation(txn, item.id, state).await?;
            crate::opinion::queue_update(txn, item.subject_id).await
        }
    }
}

/// Hides an idea behind the note of `rule` (or shows it again): it leaves
/// (or returns to) the search; its page and cards show the note.
async fn set_idea_hidden(
    txn: &crate::Transaction,
    id: i64,
    rule: Option<&str>,
) -> Result<(), DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        process_id: i64,
        title: String,
        body_md: String,
        withdrawn: bool,
        held: bool,
    }
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE ideas SET hidden_rule = ? WHERE id = ?",
        vec![rule.map(str::to_owned).into(), id.into()],
    ))
    .await?;
    let row = Row::find_by_statement(raw(
        b,
        "SELECT process_id, title, body_md, withdrawn_at IS NOT NULL AS withdrawn, \
         held IS NOT NULL AS held FROM ideas WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?;
    match (rule, row) {
        (Some(_), _) => search::remove(txn, "idea", id).await?,
        (None, Some(r)) if !r.withdrawn && !r.held => {
            search::put(txn, "idea", id, r.process_id, &r.title, &r.body_md).await?;
        }
        _ => {}
    }
    crate::comments::retitle_search(txn, id).await
}

/// Replaces an item's text with the moderator's version. `html` is the
/// rendered text, for items written in Markdown.
pub async fn edit(
    txn: &crate::Transaction,
    item: &Item,
    body: &str,
    html: &str,
) -> Result<(), DbError> {
    match item.item_kind() {
        ItemKind::Comment => edit_comment(txn, item.id, body).await,
        ItemKind::Idea => {
            let b = txn.get_database_backend();
            txn.execute_raw(raw(
                b,
                "UPDATE ideas SET body_md = ?, body_html = ?, updated_at = ?, moderated_at = ? \
                 WHERE id = ?",
                vec![
                    body.into(),
                    html.into(),
                    now().into(),
                    now().into(),
                    item.id.into(),
                ],
            ))
            .await?;
            // The search entry follows the new text (unless hidden).
            set_idea_hidden(txn, item.id, item.hidden_rule.as_deref()).await
        }
        ItemKind::OpinionStatement => {
            let _ = html;
            let b = txn.get_database_backend();
            txn.execute_raw(raw(
                b,
                "UPDATE opinion_statements SET body = ?, moderated_at = ? WHERE id = ?",
                vec![body.into(), now().into(), item.id.into()],
            ))
            .await?;
            Ok(())
        }
    }
}

/// A report as the person who made it downloads it.
#[derive(Debug, serde::Serialize, FromQueryResult)]
pub struct MyReport {
    pub item_kind: String,
    pub item_id: i64,
    pub reason: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// The reports `user_id` made, for their data export.
pub async fn reports_by(db: &Db, user_id: i64) -> Result<Vec<MyReport>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(MyReport::find_by_statement(raw(
        b,
        "SELECT item_kind, item_id, reason, note, created_at FROM reports \
         WHERE reporter_id = ? ORDER BY id",
        vec![user_id.into()],
    ))
    .all(&db.conn)
    .await?)
}

/// Removes what links reports and appeals to a person whose account is
/// deleted: the report stays (the decision on it stands) without them.
pub async fn forget_person<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    conn.execute_raw(raw(
        b,
        "UPDATE reports SET reporter_id = NULL, reporter_email = NULL, note = '' \
         WHERE reporter_id = ?",
        vec![user_id.into()],
    ))
    .await?;
    conn.execute_raw(raw(
        b,
        "UPDATE moderation_decisions SET appeal_text = '' \
         WHERE author_id = ? AND appeal_text IS NOT NULL",
        vec![user_id.into()],
    ))
    .await?;
    Ok(())
}
