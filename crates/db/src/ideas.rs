//! Ideas: submitted in a process, supported, followed, routed to a department,
//! answered in public, developed together in versions.

use chrono::{DateTime, Utc};
use domain::ideas::{Sort, Status};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, Statement, Value};

use crate::jobs::{self, NewJob};
use crate::processes::NewImage;
use crate::{Db, DbError, Id, activity, count, now, raw, search};

#[derive(Debug, Clone)]
pub struct Idea {
    pub id: i64,
    pub process_id: i64,
    pub process_title: String,
    pub department_id: i64,
    pub department_name: String,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub category: Option<String>,
    pub status: Status,
    pub place: Option<(f64, f64)>,
    pub address: Option<String>,
    pub support_count: i32,
    pub comment_count: i32,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Withdrawn by its authors, with their public reason.
    pub withdrawn: Option<(DateTime<Utc>, String)>,
    /// Hidden by the moderation under this rule: pages show the note.
    pub hidden_rule: Option<String>,
    /// Why it waits for a moderator (`holds::REVIEW`, `holds::SPAM`), or
    /// `rejected`; None once public.
    pub held: Option<String>,
    /// The moderation edited personal data out of it: pages show the mark.
    pub moderated: bool,
}

const COLUMNS: &str = "i.id, i.process_id, p.title AS process_title, i.department_id, \
    d.name AS department_name, i.author_id, u.display_name AS author_name, i.title, i.body_md, \
    i.body_html, i.category, i.status, i.lat, i.lon, i.address, i.support_count, i.comment_count, \
    i.version, i.created_at, i.updated_at, i.withdrawn_at, i.withdrawal_reason, i.hidden_rule, i.held, \
    i.moderated_at";

const FROM: &str = "ideas i JOIN processes p ON p.id = i.process_id \
    JOIN departments d ON d.id = i.department_id JOIN users u ON u.id = i.author_id";

/// A row of `COLUMNS`.
#[derive(FromQueryResult)]
struct IdeaRow {
    id: i64,
    process_id: i64,
    process_title: String,
    department_id: i64,
    department_name: String,
    author_id: i64,
    author_name: String,
    title: String,
    body_md: String,
    body_html: String,
    category: Option<String>,
    status: String,
    lat: Option<f64>,
    lon: Option<f64>,
    address: Option<String>,
    support_count: i32,
    comment_count: i32,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
    withdrawal_reason: Option<String>,
    hidden_rule: Option<String>,
    held: Option<String>,
    moderated_at: Option<DateTime<Utc>>,
}

impl TryFrom<IdeaRow> for Idea {
    type Error = DbError;

    fn try_from(r: IdeaRow) -> Result<Idea, DbError> {
        Ok(Idea {
            id: r.id,
            process_id: r.process_id,
            process_title: r.process_title,
            department_id: r.department_id,
            department_name: r.department_name,
            author_id: r.author_id,
            author_name: r.author_name,
            title: r.title,
            body_md: r.body_md,
            body_html: r.body_html,
            category: r.category,
            status: Status::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("idea status {}", r.status)))?,
            place: r.lat.zip(r.lon),
            address: r.address,
            support_count: r.support_count,
            comment_count: r.comment_count,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            withdrawn: r
                .withdrawn_at
                .map(|t| (t, r.withdrawal_reason.unwrap_or_default())),
            hidden_rule: r.hidden_rule,
            held: r.held,
            moderated: r.moderated_at.is_some(),
        })
    }
}

async fn ideas<C: ConnectionTrait>(conn: &C, stmt: Statement) -> Result<Vec<Idea>, DbError> {
    let rows = IdeaRow::find_by_statement(stmt).all(conn).await?;
    rows.into_iter().map(Idea::try_from).collect()
}

pub struct NewIdea {
    pub process_id: i64,
    pub department_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub category: Option<String>,
    pub place: Option<(f64, f64)>,
    pub address: Option<String>,
    pub images: Vec<(NewImage, String)>,
    /// Why it waits for a moderator (`holds::REVIEW`, `holds::SPAM`): then it
    /// is neither counted nor found until `holds::approve_idea`.
    pub held: Option<&'static str>,
}

async fn insert_image(txn: &DatabaseTransaction, img: &NewImage) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "INSERT INTO images (content_type, width, height, large, small, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        vec![
            img.content_type.clone().into(),
            img.width.into(),
            img.height.into(),
            img.large.clone().into(),
            img.small.clone().into(),
            now().into(),
        ],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("image insert returned no id".into()))?;
    Ok(row.id)
}

/// Stores a new idea with its pictures and first version; its author follows it.
pub async fn create(txn: &crate::Transaction, idea: NewIdea) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let id = Id::find_by_statement(raw(
            b,
            "INSERT INTO ideas (process_id, department_id, author_id, title, body_md, body_html, category, \
             status, lat, lon, address, support_count, comment_count, version, created_at, updated_at, held) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 1, ?, ?, ?) RETURNING id",
            vec![
                idea.process_id.into(),
                idea.department_id.into(),
                idea.author_id.into(),
                idea.title.clone().into(),
                idea.body_md.clone().into(),
                idea.body_html.into(),
                idea.category.into(),
                Status::Received.as_str().into(),
                idea.place.map(|p| p.0).into(),
                idea.place.map(|p| p.1).into(),
                idea.address.into(),
                t.into(),
                t.into(),
                idea.held.into(),
            ],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt("idea insert returned no id".into()))?
        .id;
    for (pos, (img, alt)) in idea.images.iter().enumerate() {
        let image_id = insert_image(txn, img).await?;
        txn.execute_raw(raw(
            b,
            "INSERT INTO idea_images (idea_id, position, image_id, alt) VALUES (?, ?, ?, ?)",
            vec![
                id.into(),
                (pos as i32).into(),
                image_id.into(),
                alt.clone().into(),
            ],
        ))
        .await?;
    }
    txn.execute_raw(raw(
        b,
        "INSERT INTO idea_versions (idea_id, version, title, body_md, author_id, created_at) VALUES (?, 1, ?, ?, ?, ?)",
        vec![id.into(), idea.title.clone().into(), idea.body_md.clone().into(), idea.author_id.into(), t.into()],
    ))
    .await?;
    txn.execute_raw(raw(
        b,
        "INSERT INTO idea_follows (idea_id, user_id, created_at) VALUES (?, ?, ?)",
        vec![id.into(), idea.author_id.into(), t.into()],
    ))
    .await?;
    if idea.held.is_none() {
        let shown = Shown {
            process_id: idea.process_id,
            author_id: idea.author_id,
            created_at: t,
        };
        published(txn, id, &shown, &idea.title, &idea.body_md).await?;
    }
    Ok(id)
}

/// Where an idea appears, by whom and since when.
pub(crate) struct Shown {
    pub process_id: i64,
    pub author_id: i64,
    pub created_at: DateTime<Utc>,
}

/// What makes an idea public: it counts in its process and its dashboard and
/// is found. Written with a new idea, or when a moderator approves a held one.
pub(crate) async fn published(
    txn: &crate::Transaction,
    id: i64,
    shown: &Shown,
    title: &str,
    body_md: &str,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE processes SET idea_count = idea_count + 1 WHERE id = ?",
        vec![shown.process_id.into()],
    ))
    .await?;
    activity::happened(
        txn,
        activity::In::Process(shown.process_id),
        shown.created_at,
        activity::Kind::Ideas,
        activity::Who::Account(shown.author_id),
    )
    .await?;
    search::add(txn, "idea", id, shown.process_id, title, body_md).await
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Idea>, DbError> {
    let b = db.conn().get_database_backend();
    IdeaRow::find_by_statement(raw(
        b,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE i.id = ?"),
        vec![id.into()],
    ))
    .one(db.conn())
    .await?
    .map(Idea::try_from)
    .transpose()
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct IdeaImage {
    pub image_id: i64,
    pub alt: String,
}

pub async fn images(db: &Db, idea_id: i64) -> Result<Vec<IdeaImage>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(IdeaImage::find_by_statement(raw(
        b,
        "SELECT image_id, alt FROM idea_images WHERE idea_id = ? ORDER BY position",
        vec![idea_id.into()],
    ))
    .all(db.conn())
    .await?)
}

/// What one person has to do with an idea.
#[derive(Debug, Clone, Copy, Default)]
pub struct Relation {
    pub supports: bool,
    pub follows: bool,
    pub coauthor: bool,
    pub invited: bool,
}

pub async fn relation(db: &Db, idea_id: i64, user_id: i64) -> Result<Relation, DbError> {
    let b = db.conn().get_database_backend();
    let row = RelationCounts::find_by_statement(raw(
            b,
            "SELECT \
             (SELECT COUNT(*) FROM idea_supports WHERE idea_id = ? AND user_id = ?) AS s, \
             (SELECT COUNT(*) FROM idea_follows WHERE idea_id = ? AND user_id = ?) AS f, \
             (SELECT COUNT(*) FROM idea_coauthors WHERE idea_id = ? AND user_id = ? AND accepted_at IS NOT NULL) AS c, \
             (SELECT COUNT(*) FROM idea_coauthors WHERE idea_id = ? AND user_id = ? AND accepted_at IS NULL) AS i",
            vec![
                idea_id.into(), user_id.into(), idea_id.into(), user_id.into(),
                idea_id.into(), user_id.into(), idea_id.into(), user_id.into(),
            ],
        ))
        .one(db.conn())
        .await?;
    let Some(r) = row else {
        return Ok(Relation::default());
    };
    Ok(Relation {
        supports: r.s > 0,
        follows: r.f > 0,
        coauthor: r.c > 0,
        invited: r.i > 0,
    })
}

#[derive(FromQueryResult)]
struct RelationCounts {
    s: i64,
    f: i64,
    c: i64,
    i: i64,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub process_id: Option<i64>,
    pub department_id: Option<i64>,
    pub category: Option<String>,
    pub status: Option<Status>,
    pub min_supports: Option<i32>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub sort: Sort,
    pub page: u64,
    pub per_page: u64,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            process_id: None,
            department_id: None,
            category: None,
            status: None,
            min_supports: None,
            since: None,
            until: None,
            sort: Sort::Newest,
            page: 0,
            per_page: 20,
        }
    }
}

pub struct IdeaList {
    pub items: Vec<Idea>,
    pub total: u64,
    pub pages: u64,
    /// The picture shown first on each card, by idea id.
    pub first_images: Vec<(i64, IdeaImage)>,
}

/// A page of ideas. Ideas of draft processes are left out here; callers that
/// show them (the staff inbox) filter by department instead.
pub async fn list(db: &Db, q: &ListQuery) -> Result<IdeaList, DbError> {
    let b = db.conn().get_database_backend();
    // Withdrawn ideas leave every list; their own page still explains why.
    // Held ideas only on their own page, for their author and moderators.
    let mut wh: Vec<&str> = vec!["i.withdrawn_at IS NULL", "i.held IS NULL"];
    let mut vals: Vec<Value> = vec![];
    if let Some(p) = q.process_id {
        wh.push("i.process_id = ?");
        vals.push(p.into());
    }
    if let Some(d) = q.department_id {
        wh.push("i.department_id = ?");
        vals.push(d.into());
    } else {
        wh.push("p.status <> 'draft'");
    }
    if let Some(c) = &q.category {
        wh.push("i.category = ?");
        vals.push(c.clone().into());
    }
    if let Some(s) = q.status {
        wh.push("i.status = ?");
        vals.push(s.as_str().into());
    }
    if let Some(m) = q.min_supports {
        wh.push("i.support_count >= ?");
        vals.push(m.into());
    }
    if let Some(t) = q.since {
        wh.push("i.created_at >= ?");
        vals.push(t.into());
    }
    if let Some(t) = q.until {
        wh.push("i.created_at < ?");
        vals.push(t.into());
    }
    let where_sql = if wh.is_empty() {
        "1 = 1".to_owned()
    } else {
        wh.join(" AND ")
    };
    let order = match q.sort {
        Sort::Newest => "i.created_at DESC, i.id DESC".to_owned(),
        Sort::MostSupported => "i.support_count DESC, i.created_at DESC, i.id DESC".to_owned(),
        Sort::MostDiscussed => "i.comment_count DESC, i.created_at DESC, i.id DESC".to_owned(),
        // A multiplicative hash of the id: the same order for the same seed, on both databases.
        Sort::Random(seed) => format!(
            "(i.id * {} + 7919) % 1000003, i.id",
            u64::from(seed) % 1_000_003 + 1
        ),
    };
    let total = count(
        db.conn(),
        raw(
            b,
            &format!("SELECT COUNT(*) AS n FROM {FROM} WHERE {where_sql}"),
            vals.clone(),
        ),
    )
    .await?;
    let per_page = q.per_page.max(1);
    let mut page_vals = vals;
    page_vals.push((per_page as i64).into());
    page_vals.push(((q.page * per_page) as i64).into());
    let items = ideas(
        db.conn(),
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE {where_sql} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            page_vals,
        ),
    )
    .await?;
    let mut first_images = vec![];
    if !items.is_empty() {
        let ids: Vec<Value> = items.iter().map(|i| i.id.into()).collect();
        let rows = FirstImage::find_by_statement(raw(
                b,
                &format!(
                    "SELECT idea_id, image_id, alt FROM idea_images WHERE position = 0 AND idea_id IN ({})",
                    vec!["?"; ids.len()].join(", ")
                ),
                ids,
            ))
            .all(db.conn())
            .await?;
        for r in rows {
            first_images.push((r.idea_id, r.image));
        }
    }
    Ok(IdeaList {
        items,
        total,
        pages: total.div_ceil(per_page),
        first_images,
    })
}

#[derive(FromQueryResult)]
struct FirstImage {
    idea_id: i64,
    #[sea_orm(nested)]
    image: IdeaImage,
}

/// Ideas with a place, for the map (at most `limit`).
pub async fn with_places(db: &Db, process_id: i64, limit: u64) -> Result<Vec<Idea>, DbError> {
    let b = db.conn().get_database_backend();
    ideas(
        db.conn(),
        raw(
            b,
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE i.process_id = ? AND i.lat IS NOT NULL AND i.withdrawn_at IS NULL AND i.hidden_rule IS NULL AND i.held IS NULL ORDER BY i.id LIMIT ?"),
            vec![process_id.into(), (limit as i64).into()],
        ),
    )
    .await
}

async fn lock_idea(txn: &DatabaseTransaction, id: i64) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    Ok(txn
        .query_one_raw(raw(
            b,
            &format!("SELECT id FROM ideas WHERE id = ?{lock}"),
            vec![id.into()],
        ))
        .await?
        .is_some())
}

/// Adds or withdraws one person's support and returns the new count. The idea
/// row is locked first, so parallel clicks are counted one after the other and
/// a repeated click changes nothing.
pub async fn set_support(
    txn: &crate::Transaction,
    idea_id: i64,
    user_id: i64,
    support: bool,
) -> Result<i32, DbError> {
    let b = txn.get_database_backend();
    if !lock_idea(txn, idea_id).await? {
        return Err(DbError::Corrupt(format!("idea {idea_id} does not exist")));
    }
    let place = activity::In::Idea(idea_id);
    if support {
        let t = now();
        let res = txn
            .execute_raw(raw(
                b,
                "INSERT INTO idea_supports (idea_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                vec![idea_id.into(), user_id.into(), t.into()],
            ))
            .await?;
        if res.rows_affected() == 1 {
            let who = activity::Who::Account(user_id);
            activity::happened(txn, place, t, activity::Kind::Supports, who).await?;
        }
    } else {
        // A withdrawn support leaves the day it was given.
        let gone = Since::find_by_statement(raw(
            b,
            "DELETE FROM idea_supports WHERE idea_id = ? AND user_id = ? RETURNING created_at",
            vec![idea_id.into(), user_id.into()],
        ))
        .one(txn)
        .await?;
        if let Some(g) = gone {
            activity::add(txn, place, g.created_at, activity::Kind::Supports, -1).await?;
        }
    }
    txn.execute_raw(raw(
        b,
        "UPDATE ideas SET support_count = (SELECT COUNT(*) FROM idea_supports WHERE idea_id = ?) WHERE id = ?",
        vec![idea_id.into(), idea_id.into()],
    ))
    .await?;
    let n = SupportCount::find_by_statement(raw(
        b,
        "SELECT support_count FROM ideas WHERE id = ?",
        vec![idea_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("idea vanished".into()))?
    .support_count;
    Ok(n)
}

#[derive(FromQueryResult)]
struct Since {
    created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct SupportCount {
    support_count: i32,
}

pub async fn set_follow(
    txn: &crate::Transaction,
    idea_id: i64,
    user_id: i64,
    follow: bool,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let stmt = if follow {
        raw(
            b,
            "INSERT INTO idea_follows (idea_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            vec![idea_id.into(), user_id.into(), now().into()],
        )
    } else {
        raw(
            b,
            "DELETE FROM idea_follows WHERE idea_id = ? AND user_id = ?",
            vec![idea_id.into(), user_id.into()],
        )
    };
    txn.execute_raw(stmt).await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub id: i64,
    pub status: Status,
    pub body_html: String,
    pub department_name: String,
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Official answers, newest first.
pub async fn answers(db: &Db, idea_id: i64) -> Result<Vec<Answer>, DbError> {
    let b = db.conn().get_database_backend();
    let rows = AnswerRow::find_by_statement(raw(
            b,
            "SELECT a.id, a.status, a.body_html, d.name AS department_name, u.display_name AS author_name, \
             a.created_at FROM idea_answers a JOIN departments d ON d.id = a.department_id \
             LEFT JOIN users u ON u.id = a.author_id WHERE a.idea_id = ? ORDER BY a.created_at DESC, a.id DESC",
            vec![idea_id.into()],
        ))
        .all(db.conn())
        .await?;
    rows.into_iter().map(Answer::try_from).collect()
}

#[derive(FromQueryResult)]
struct AnswerRow {
    id: i64,
    status: String,
    body_html: String,
    department_name: String,
    author_name: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<AnswerRow> for Answer {
    type Error = DbError;

    fn try_from(r: AnswerRow) -> Result<Answer, DbError> {
        Ok(Answer {
            id: r.id,
            status: Status::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("answer status {}", r.status)))?,
            body_html: r.body_html,
            department_name: r.department_name,
            author_name: r.author_name,
            created_at: r.created_at,
        })
    }
}

/// Someone to tell about a change: address, name, language.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Recipient {
    pub email: String,
    #[sea_orm(from_alias = "display_name")]
    pub name: String,
    pub locale: String,
}

async fn recipients(txn: &DatabaseTransaction, idea_id: i64) -> Result<Vec<Recipient>, DbError> {
    let b = txn.get_database_backend();
    Ok(Recipient::find_by_statement(raw(
        b,
        "SELECT DISTINCT u.email, u.display_name, u.locale FROM users u WHERE u.id IN (\
         SELECT author_id FROM ideas WHERE id = ? \
         UNION SELECT user_id FROM idea_coauthors WHERE idea_id = ? AND accepted_at IS NOT NULL \
         UNION SELECT user_id FROM idea_supports WHERE idea_id = ? \
         UNION SELECT user_id FROM idea_follows WHERE idea_id = ?) ORDER BY u.email",
        vec![
            idea_id.into(),
            idea_id.into(),
            idea_id.into(),
            idea_id.into(),
        ],
    ))
    .all(txn)
    .await?)
}

#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    #[error("the idea cannot move from {from:?} to {to:?}")]
    NotAllowed { from: Status, to: Status },
    #[error("no such idea")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for StatusError {
    fn from(e: sea_orm::DbErr) -> Self {
        StatusError::Db(e.into())
    }
}

/// Moves an idea to a new status with its public answer, and queues a mail to
/// everyone who follows it (authors, co-authors, supporters, followers) — all
/// in one transaction.
pub async fn set_status(
    txn: &crate::Transaction,
    idea_id: i64,
    to: Status,
    answer_md: &str,
    answer_html: &str,
    staff_id: i64,
    mails: impl FnOnce(&[Recipient]) -> Vec<NewJob>,
) -> Result<(), StatusError> {
    let b = txn.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let row = Routing::find_by_statement(raw(
        b,
        &format!("SELECT status, department_id FROM ideas WHERE id = ?{lock}"),
        vec![idea_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or(StatusError::NotFound)?;
    let department = row.department_id;
    let from = Status::parse(&row.status)
        .ok_or_else(|| DbError::Corrupt(format!("idea status {}", row.status)))?;
    if !from.may_become(to) {
        return Err(StatusError::NotAllowed { from, to });
    }
    let t = now();
    txn.execute_raw(raw(
        b,
        "INSERT INTO idea_answers (idea_id, status, body_md, body_html, department_id, author_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            idea_id.into(),
            to.as_str().into(),
            answer_md.into(),
            answer_html.into(),
            department.into(),
            staff_id.into(),
            t.into(),
        ],
    ))
    .await?;
    txn.execute_raw(raw(
        b,
        "UPDATE ideas SET status = ?, updated_at = ? WHERE id = ?",
        vec![to.as_str().into(), t.into(), idea_id.into()],
    ))
    .await?;
    let to_tell = recipients(txn, idea_id).await?;
    for job in mails(&to_tell) {
        jobs::enqueue(txn, job).await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct Routing {
    status: String,
    department_id: i64,
}

#[derive(FromQueryResult)]
struct DepartmentOf {
    department_id: i64,
}

/// Hands an idea to another department, on the record.
pub async fn forward(
    txn: &crate::Transaction,
    idea_id: i64,
    to_department: i64,
    user_id: i64,
    note: &str,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let from = DepartmentOf::find_by_statement(raw(
        b,
        "SELECT department_id FROM ideas WHERE id = ?",
        vec![idea_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt(format!("idea {idea_id} does not exist")))?
    .department_id;
    txn.execute_raw(raw(
        b,
        "INSERT INTO idea_forwards (idea_id, from_department, to_department, user_id, note, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
        vec![idea_id.into(), from.into(), to_department.into(), user_id.into(), note.into(), now().into()],
    ))
    .await?;
    txn.execute_raw(raw(
        b,
        "UPDATE ideas SET department_id = ?, updated_at = ? WHERE id = ?",
        vec![to_department.into(), now().into(), idea_id.into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Forward {
    pub from_name: String,
    pub to_name: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

pub async fn forwards(db: &Db, idea_id: i64) -> Result<Vec<Forward>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Forward::find_by_statement(raw(
        b,
        "SELECT f1.name AS from_name, f2.name AS to_name, f.note, f.created_at FROM idea_forwards f \
         JOIN departments f1 ON f1.id = f.from_department JOIN departments f2 ON f2.id = f.to_department \
         WHERE f.idea_id = ? ORDER BY f.created_at, f.id",
        vec![idea_id.into()],
    ))
    .all(db.conn())
    .await?)
}

/// For the export: every idea of a process with its latest answer.
pub async fn export_rows(db: &Db, process_id: i64) -> Result<Vec<(Idea, Option<Answer>)>, DbError> {
    let b = db.conn().get_database_backend();
    let ideas = ideas(
        db.conn(),
        raw(
            b,
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE i.process_id = ? AND i.held IS NULL ORDER BY i.id"),
            vec![process_id.into()],
        ),
    )
    .await?;
    let mut out = Vec::with_capacity(ideas.len());
    let all_answers = ExportAnswer::find_by_statement(raw(
        b,
        "SELECT a.id, a.idea_id, a.status, a.body_html, a.body_md, d.name AS department_name, \
             u.display_name AS author_name, a.created_at FROM idea_answers a \
             JOIN departments d ON d.id = a.department_id LEFT JOIN users u ON u.id = a.author_id \
             JOIN ideas i ON i.id = a.idea_id WHERE i.process_id = ? ORDER BY a.created_at, a.id",
        vec![process_id.into()],
    ))
    .all(db.conn())
    .await?;
    let mut latest: std::collections::HashMap<i64, Answer> = std::collections::HashMap::new();
    for r in all_answers {
        let mut answer = Answer::try_from(r.answer)?;
        // The export carries the text as written, not as HTML.
        answer.body_html = r.body_md;
        latest.insert(r.idea_id, answer);
    }
    for i in ideas {
        let a = latest.remove(&i.id);
        out.push((i, a));
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct ExportAnswer {
    idea_id: i64,
    body_md: String,
    #[sea_orm(nested)]
    answer: AnswerRow,
}

/// People who write an idea together: its author and the co-authors who
/// accepted their invitation.
#[derive(Debug, Clone)]
pub struct Coauthor {
    pub user_id: i64,
    pub name: String,
    pub accepted: bool,
}

pub async fn coauthors(db: &Db, idea_id: i64) -> Result<Vec<Coauthor>, DbError> {
    let b = db.conn().get_database_backend();
    let rows = CoauthorRow::find_by_statement(raw(
            b,
            "SELECT c.user_id, u.display_name, c.accepted_at FROM idea_coauthors c JOIN users u ON u.id = c.user_id \
             WHERE c.idea_id = ? ORDER BY c.invited_at, c.user_id",
            vec![idea_id.into()],
        ))
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Coauthor {
            user_id: r.user_id,
            name: r.display_name,
            accepted: r.accepted_at.is_some(),
        })
        .collect())
}

#[derive(FromQueryResult)]
struct CoauthorRow {
    user_id: i64,
    display_name: String,
    accepted_at: Option<DateTime<Utc>>,
}

/// Invites someone to write the idea together (idempotent).
pub async fn invite_coauthor(
    txn: &crate::Transaction,
    idea_id: i64,
    user_id: i64,
    mail: Option<NewJob>,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let res = txn
        .execute_raw(raw(
            b,
            "INSERT INTO idea_coauthors (idea_id, user_id, invited_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            vec![idea_id.into(), user_id.into(), now().into()],
        ))
        .await?;
    if res.rows_affected() == 1
        && let Some(job) = mail
    {
        jobs::enqueue(txn, job).await?;
    }
    Ok(())
}

/// Accepts or declines an invitation; returns false if there was none.
pub async fn answer_invitation(
    txn: &crate::Transaction,
    idea_id: i64,
    user_id: i64,
    accept: bool,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let stmt = if accept {
        raw(
            b,
            "UPDATE idea_coauthors SET accepted_at = ? WHERE idea_id = ? AND user_id = ? AND accepted_at IS NULL",
            vec![now().into(), idea_id.into(), user_id.into()],
        )
    } else {
        raw(
            b,
            "DELETE FROM idea_coauthors WHERE idea_id = ? AND user_id = ? AND accepted_at IS NULL",
            vec![idea_id.into(), user_id.into()],
        )
    };
    Ok(txn.execute_raw(stmt).await?.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Suggestion {
    pub id: i64,
    pub idea_id: i64,
    pub author_id: i64,
    #[sea_orm(from_alias = "display_name")]
    pub author_name: String,
    pub base_version: i32,
    pub title: String,
    pub body_md: String,
    pub note: String,
    pub status: String,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn suggest(
    txn: &crate::Transaction,
    idea_id: i64,
    author_id: i64,
    title: &str,
    body_md: &str,
    note: &str,
) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
            b,
            "INSERT INTO idea_suggestions (idea_id, author_id, base_version, title, body_md, note, status, created_at) \
             SELECT id, ?, version, ?, ?, ?, 'open', ? FROM ideas WHERE id = ? RETURNING id",
            vec![author_id.into(), title.into(), body_md.into(), note.into(), now().into(), idea_id.into()],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt(format!("idea {idea_id} does not exist")))?;
    Ok(row.id)
}

pub async fn suggestions(db: &Db, idea_id: i64) -> Result<Vec<Suggestion>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Suggestion::find_by_statement(raw(
        b,
        "SELECT s.id, s.idea_id, s.author_id, u.display_name, s.base_version, s.title, s.body_md, s.note, \
         s.status, s.decision_reason, s.created_at FROM idea_suggestions s JOIN users u ON u.id = s.author_id \
         WHERE s.idea_id = ? ORDER BY s.created_at DESC, s.id DESC",
        vec![idea_id.into()],
    ))
    .all(db.conn())
    .await?)
}

/// Accepts (a new version of the idea) or declines an open suggestion, with
/// the authors' reason. Returns false if it was no longer open.
pub async fn decide(
    txn: &crate::Transaction,
    suggestion_id: i64,
    accept: bool,
    reason: &str,
    decided_by: i64,
    body_html: impl FnOnce(&str) -> String,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE idea_suggestions SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ? \
             WHERE id = ? AND status = 'open'",
            vec![
                if accept { "accepted" } else { "declined" }.into(),
                reason.into(),
                decided_by.into(),
                t.into(),
                suggestion_id.into(),
            ],
        ))
        .await?;
    if res.rows_affected() != 1 {
        return Ok(false);
    }
    if accept {
        let Accepted {
            idea_id,
            title,
            body_md: body,
            author_id: author,
            process_id,
        } = Accepted::find_by_statement(raw(
            b,
            "SELECT s.idea_id, s.title, s.body_md, s.author_id, i.process_id FROM idea_suggestions s \
             JOIN ideas i ON i.id = s.idea_id WHERE s.id = ?",
            vec![suggestion_id.into()],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt("suggestion vanished".into()))?;
        txn.execute_raw(raw(
            b,
            "UPDATE ideas SET title = ?, body_md = ?, body_html = ?, version = version + 1, updated_at = ? WHERE id = ?",
            vec![title.clone().into(), body.clone().into(), body_html(&body).into(), t.into(), idea_id.into()],
        ))
        .await?;
        txn.execute_raw(raw(
            b,
            "INSERT INTO idea_versions (idea_id, version, title, body_md, author_id, suggestion_id, created_at) \
             SELECT id, version, title, body_md, ?, ?, ? FROM ideas WHERE id = ?",
            vec![author.into(), suggestion_id.into(), t.into(), idea_id.into()],
        ))
        .await?;
        search::put(txn, "idea", idea_id, process_id, &title, &body).await?;
    }
    Ok(true)
}

#[derive(FromQueryResult)]
struct Accepted {
    idea_id: i64,
    title: String,
    body_md: String,
    author_id: i64,
    process_id: i64,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Version {
    pub version: i32,
    pub title: String,
    pub body_md: String,
    #[sea_orm(from_alias = "display_name")]
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn versions(db: &Db, idea_id: i64) -> Result<Vec<Version>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Version::find_by_statement(raw(
        b,
        "SELECT v.version, v.title, v.body_md, u.display_name, v.created_at FROM idea_versions v \
         LEFT JOIN users u ON u.id = v.author_id WHERE v.idea_id = ? ORDER BY v.version",
        vec![idea_id.into()],
    ))
    .all(db.conn())
    .await?)
}

/// The idea a suggestion belongs to.
pub async fn suggestion_idea(db: &Db, suggestion_id: i64) -> Result<Option<i64>, DbError> {
    let b = db.conn().get_database_backend();
    let row = IdeaOf::find_by_statement(raw(
        b,
        "SELECT idea_id FROM idea_suggestions WHERE id = ?",
        vec![suggestion_id.into()],
    ))
    .one(db.conn())
    .await?;
    Ok(row.map(|r| r.idea_id))
}

#[derive(FromQueryResult)]
struct IdeaOf {
    idea_id: i64,
}

/// The authors' own edit: the idea takes the new text as its next version,
/// by `author_id`. Only while no answer was given and it is not withdrawn
/// (checked in the same statement); false otherwise.
pub async fn edit(
    txn: &crate::Transaction,
    idea_id: i64,
    author_id: i64,
    title: &str,
    body_md: &str,
    body_html: &str,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE ideas SET title = ?, body_md = ?, body_html = ?, version = version + 1, updated_at = ? \
             WHERE id = ? AND status = 'received' AND withdrawn_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM idea_answers a WHERE a.idea_id = ideas.id)",
            vec![
                title.into(),
                body_md.into(),
                body_html.into(),
                t.into(),
                idea_id.into(),
            ],
        ))
        .await?;
    if res.rows_affected() != 1 {
        return Ok(false);
    }
    txn.execute_raw(raw(
        b,
        "INSERT INTO idea_versions (idea_id, version, title, body_md, author_id, created_at) \
         SELECT id, version, title, body_md, ?, ? FROM ideas WHERE id = ?",
        vec![author_id.into(), t.into(), idea_id.into()],
    ))
    .await?;
    let process = IdeaProcess::find_by_statement(raw(
        b,
        "SELECT process_id, held IS NULL AND hidden_rule IS NULL AS public FROM ideas WHERE id = ?",
        vec![idea_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("edited idea vanished".into()))?;
    // A held or hidden idea is found by nobody, edited or not.
    if process.public {
        search::put(txn, "idea", idea_id, process.process_id, title, body_md).await?;
    }
    Ok(true)
}

#[derive(FromQueryResult)]
struct IdeaProcess {
    process_id: i64,
    public: bool,
}

/// Withdraws an idea with its authors' public reason; false if it was
/// withdrawn already. Its supports stay on the record but it takes no more.
pub async fn withdraw(
    txn: &crate::Transaction,
    idea_id: i64,
    reason: &str,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE ideas SET withdrawn_at = ?, withdrawal_reason = ?, updated_at = ? \
             WHERE id = ? AND withdrawn_at IS NULL",
            vec![now().into(), reason.into(), now().into(), idea_id.into()],
        ))
        .await?;
    if res.rows_affected() != 1 {
        return Ok(false);
    }
    // The process's count of ideas and search show what lists show.
    txn.execute_raw(raw(
        b,
        "UPDATE processes SET idea_count = idea_count - 1 \
         WHERE id = (SELECT process_id FROM ideas WHERE id = ? AND held IS NULL) AND idea_count > 0",
        vec![idea_id.into()],
    ))
    .await?;
    search::remove(txn, "idea", idea_id).await?;
    Ok(true)
}
