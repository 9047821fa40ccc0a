//! Reads of the open data API: public rows only (no drafts, no e-mail
//! addresses), in id order so that a page ends where the next begins
//! (keyset pagination: `id > after`, no OFFSET that shifts under writes).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use crate::{Db, DbError, raw};

/// What every list takes: the last id of the page before and how many rows
/// (one more is read, to know whether a next page exists).
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub after: i64,
    pub limit: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub process: Option<i64>,
    pub department: Option<i64>,
    pub status: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Processes the public sees: published or archived.
const PUBLIC_PROCESS: &str = "p.status IN ('published', 'archived')";

#[derive(Debug, Clone, FromQueryResult)]
pub struct ProcessRow {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub summary: String,
    pub description_md: String,
    pub status: String,
    pub information_from: Option<NaiveDate>,
    pub information_until: Option<NaiveDate>,
    pub participation_from: Option<NaiveDate>,
    pub participation_until: Option<NaiveDate>,
    pub evaluation_from: Option<NaiveDate>,
    pub evaluation_until: Option<NaiveDate>,
    pub result_from: Option<NaiveDate>,
    pub result_until: Option<NaiveDate>,
    pub comment_count: i32,
    pub idea_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

const PROCESS_COLUMNS: &str = "p.id, p.department_id, d.name AS department_name, p.title, \
    p.summary, p.description_md, p.status, p.information_from, p.information_until, \
    p.participation_from, p.participation_until, p.evaluation_from, p.evaluation_until, \
    p.result_from, p.result_until, p.comment_count, p.idea_count, p.created_at, p.updated_at, \
    p.published_at";

pub async fn processes(db: &Db, f: &Filter, w: Window) -> Result<Vec<ProcessRow>, DbError> {
    let mut wh = vec![PUBLIC_PROCESS.to_owned(), "p.id > ?".to_owned()];
    let mut vals: Vec<Value> = vec![w.after.into()];
    if let Some(d) = f.department {
        wh.push("p.department_id = ?".into());
        vals.push(d.into());
    }
    if let Some(s) = &f.status {
        wh.push("p.status = ?".into());
        vals.push(s.clone().into());
    }
    if let Some(t) = f.updated_since {
        wh.push("p.updated_at >= ?".into());
        vals.push(t.into());
    }
    vals.push(((w.limit + 1) as i64).into());
    let b = db.conn().get_database_backend();
    let sql = format!(
        "SELECT {PROCESS_COLUMNS} FROM processes p JOIN departments d ON d.id = p.department_id \
         WHERE {} ORDER BY p.id LIMIT ?",
        wh.join(" AND ")
    );
    Ok(ProcessRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

/// A public process by id.
pub async fn process(db: &Db, id: i64) -> Result<Option<ProcessRow>, DbError> {
    let b = db.conn().get_database_backend();
    let sql = format!(
        "SELECT {PROCESS_COLUMNS} FROM processes p JOIN departments d ON d.id = p.department_id \
         WHERE {PUBLIC_PROCESS} AND p.id = ?"
    );
    Ok(ProcessRow::find_by_statement(raw(b, &sql, vec![id.into()]))
        .one(db.conn())
        .await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct IdeaRow {
    pub id: i64,
    pub process_id: i64,
    pub department_id: i64,
    pub department_name: String,
    /// Empty for a deleted account.
    pub author_name: String,
    pub title: String,
    pub body_md: String,
    pub category: Option<String>,
    pub status: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub support_count: i32,
    pub comment_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

const IDEA_COLUMNS: &str = "i.id, i.process_id, i.department_id, d.name AS department_name, \
    u.display_name AS author_name, i.title, i.body_md, i.category, i.status, i.lat, i.lon, \
    i.address, i.support_count, i.comment_count, i.created_at, i.updated_at, i.withdrawn_at";

const IDEA_FROM: &str = "ideas i JOIN processes p ON p.id = i.process_id \
    JOIN departments d ON d.id = i.department_id JOIN users u ON u.id = i.author_id";

/// A page of ideas. The page's ids are chosen first from the ideas' own
/// indexes (a sort of ids), and only those rows are joined and read: joining
/// every idea of the public processes before the limit took most of the time.
pub async fn ideas(db: &Db, f: &Filter, w: Window) -> Result<Vec<IdeaRow>, DbError> {
    let mut wh = vec![
        "x.process_id IN (SELECT p.id FROM processes p WHERE p.status IN ('published', 'archived'))"
            .to_owned(),
        "x.held IS NULL".to_owned(),
        "x.id > ?".to_owned(),
    ];
    let mut vals: Vec<Value> = vec![w.after.into()];
    if let Some(p) = f.process {
        wh.push("x.process_id = ?".into());
        vals.push(p.into());
    }
    if let Some(d) = f.department {
        wh.push("x.department_id = ?".into());
        vals.push(d.into());
    }
    if let Some(s) = &f.status {
        wh.push("x.status = ?".into());
        vals.push(s.clone().into());
    }
    if let Some(t) = f.updated_since {
        wh.push("x.updated_at >= ?".into());
        vals.push(t.into());
    }
    vals.push(((w.limit + 1) as i64).into());
    let b = db.conn().get_database_backend();
    let sql = format!(
        "SELECT {IDEA_COLUMNS} FROM {IDEA_FROM} WHERE i.id IN \
         (SELECT x.id FROM ideas x WHERE {} ORDER BY x.id LIMIT ?) ORDER BY i.id",
        wh.join(" AND ")
    );
    Ok(IdeaRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

pub async fn idea(db: &Db, id: i64) -> Result<Option<IdeaRow>, DbError> {
    let b = db.conn().get_database_backend();
    let sql = format!(
        "SELECT {IDEA_COLUMNS} FROM {IDEA_FROM} WHERE {PUBLIC_PROCESS} AND i.held IS NULL AND i.id = ?"
    );
    Ok(IdeaRow::find_by_statement(raw(b, &sql, vec![id.into()]))
        .one(db.conn())
        .await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AnswerRow {
    pub idea_id: i64,
    pub status: String,
    pub body_md: String,
    pub department_name: String,
    pub created_at: DateTime<Utc>,
}

/// The official answers of some ideas, oldest first, in one query.
pub async fn answers(db: &Db, idea_ids: &[i64]) -> Result<Vec<AnswerRow>, DbError> {
    if idea_ids.is_empty() {
        return Ok(vec![]);
    }
    let b = db.conn().get_database_backend();
    let marks = vec!["?"; idea_ids.len()].join(", ");
    let sql = format!(
        "SELECT a.idea_id, a.status, a.body_md, d.name AS department_name, a.created_at \
         FROM idea_answers a JOIN departments d ON d.id = a.department_id \
         WHERE a.idea_id IN ({marks}) ORDER BY a.created_at, a.id"
    );
    let vals = idea_ids.iter().map(|&i| i.into()).collect();
    Ok(AnswerRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CommentRow {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub parent_id: Option<i64>,
    /// Empty for a deleted account.
    pub author_name: String,
    pub author_role: String,
    pub author_department: Option<String>,
    pub body: String,
    pub agree_count: i32,
    pub disagree_count: i32,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// The comments of a public process: those on the process itself and those
/// on its ideas. The page's ids come first, from the covering index
/// `comments_subject` alone (a sort of ids); only those rows are read with
/// their authors, not every comment of the process.
pub async fn comments(db: &Db, process_id: i64, w: Window) -> Result<Vec<CommentRow>, DbError> {
    let b = db.conn().get_database_backend();
    let sql = format!(
        "SELECT c.id, c.subject_kind, c.subject_id, c.parent_id, u.display_name AS author_name, \
         u.role AS author_role, ad.name AS author_department, c.body, c.agree_count, \
         c.disagree_count, c.created_at, c.edited_at, c.deleted_at \
         FROM comments c JOIN users u ON u.id = c.author_id \
         LEFT JOIN departments ad ON ad.id = u.department_id \
         WHERE c.id IN (SELECT x.id FROM comments x WHERE x.id > ? \
         AND ((x.subject_kind = 'process' AND x.subject_id = ?) \
         OR (x.subject_kind = 'idea' AND x.subject_id IN (SELECT i.id FROM ideas i WHERE i.process_id = ? AND i.held IS NULL))) \
         ORDER BY x.id LIMIT ?) \
         AND EXISTS (SELECT 1 FROM processes p WHERE p.id = ? AND {PUBLIC_PROCESS}) \
         ORDER BY c.id"
    );
    let vals = vec![
        w.after.into(),
        process_id.into(),
        process_id.into(),
        ((w.limit + 1) as i64).into(),
        process_id.into(),
    ];
    Ok(CommentRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

/// A survey whose results are published, as listed: nothing of its answers
/// but how many there are (the public results page says as much).
#[derive(Debug, Clone, FromQueryResult)]
pub struct SurveyRow {
    pub id: i64,
    pub process_id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub access: String,
    pub status: String,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
}

/// Surveys whose results page is public: published results in a public
/// process. No date of the survey row is exposed, since a submission to an
/// invitation survey changes it and would date that answer.
const PUBLIC_SURVEY: &str = "s.results_published = ? AND p.status IN ('published', 'archived')";

const SURVEY_SELECT: &str = "SELECT s.id, s.process_id, p.department_id, d.name AS department_name, \
    s.title, s.access, s.status, s.opens_on, s.closes_on \
    FROM surveys s JOIN processes p ON p.id = s.process_id \
    JOIN departments d ON d.id = p.department_id";

pub async fn surveys(db: &Db, f: &Filter, w: Window) -> Result<Vec<SurveyRow>, DbError> {
    let mut wh = vec![PUBLIC_SURVEY.to_owned(), "s.id > ?".to_owned()];
    let mut vals: Vec<Value> = vec![true.into(), w.after.into()];
    if let Some(p) = f.process {
        wh.push("s.process_id = ?".into());
        vals.push(p.into());
    }
    if let Some(d) = f.department {
        wh.push("p.department_id = ?".into());
        vals.push(d.into());
    }
    if let Some(s) = &f.status {
        wh.push("s.status = ?".into());
        vals.push(s.clone().into());
    }
    vals.push(((w.limit + 1) as i64).into());
    let b = db.conn().get_database_backend();
    let sql = format!(
        "{SURVEY_SELECT} WHERE {} ORDER BY s.id LIMIT ?",
        wh.join(" AND ")
    );
    Ok(SurveyRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

/// A survey with published results in a public process.
pub async fn survey(db: &Db, id: i64) -> Result<Option<SurveyRow>, DbError> {
    let b = db.conn().get_database_backend();
    let sql = format!("{SURVEY_SELECT} WHERE {PUBLIC_SURVEY} AND s.id = ?");
    Ok(
        SurveyRow::find_by_statement(raw(b, &sql, vec![true.into(), id.into()]))
            .one(db.conn())
            .await?,
    )
}

/// An opinion map of a public process.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OpinionMapRow {
    pub id: i64,
    pub process_id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub description: String,
    pub open: bool,
    pub created_at: DateTime<Utc>,
}

const MAP_SELECT: &str = "SELECT m.id, m.process_id, p.department_id, d.name AS department_name, \
    m.title, m.description, m.open, m.created_at \
    FROM opinion_maps m JOIN processes p ON p.id = m.process_id \
    JOIN departments d ON d.id = p.department_id";

pub async fn opinion_maps(db: &Db, f: &Filter, w: Window) -> Result<Vec<OpinionMapRow>, DbError> {
    let mut wh = vec![PUBLIC_PROCESS.to_owned(), "m.id > ?".to_owned()];
    let mut vals: Vec<Value> = vec![w.after.into()];
    if let Some(p) = f.process {
        wh.push("m.process_id = ?".into());
        vals.push(p.into());
    }
    if let Some(d) = f.department {
        wh.push("p.department_id = ?".into());
        vals.push(d.into());
    }
    vals.push(((w.limit + 1) as i64).into());
    let b = db.conn().get_database_backend();
    let sql = format!(
        "{MAP_SELECT} WHERE {} ORDER BY m.id LIMIT ?",
        wh.join(" AND ")
    );
    Ok(OpinionMapRow::find_by_statement(raw(b, &sql, vals))
        .all(db.conn())
        .await?)
}

pub async fn opinion_map(db: &Db, id: i64) -> Result<Option<OpinionMapRow>, DbError> {
    let b = db.conn().get_database_backend();
    let sql = format!("{MAP_SELECT} WHERE {PUBLIC_PROCESS} AND m.id = ?");
    Ok(
        OpinionMapRow::find_by_statement(raw(b, &sql, vec![id.into()]))
            .one(db.conn())
            .await?,
    )
}

/// A statement of an opinion map as the public sees it: approved only (never
/// pending or moderated out), without who wrote it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatementRow {
    pub id: i64,
    pub body: String,
    pub seed: bool,
    pub agrees: i32,
    pub disagrees: i32,
    pub passes: i32,
    pub created_at: DateTime<Utc>,
}

pub async fn statements(db: &Db, map_id: i64, w: Window) -> Result<Vec<StatementRow>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(StatementRow::find_by_statement(raw(
        b,
        "SELECT id, body, seed, agrees, disagrees, passes, created_at FROM opinion_statements \
         WHERE map_id = ? AND state = 'approved' AND id > ? ORDER BY id LIMIT ?",
        vec![map_id.into(), w.after.into(), ((w.limit + 1) as i64).into()],
    ))
    .all(db.conn())
    .await?)
}

/// Every row of a list, page by page (the open-data export).
pub async fn all<T, F, Fut>(mut page: F) -> Result<Vec<T>, DbError>
where
    F: FnMut(Window) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, DbError>>,
    T: HasId,
{
    let mut out = vec![];
    let mut after = 0;
    loop {
        let rows = page(Window { after, limit: 1000 }).await?;
        let more = rows.len() > 1000;
        out.extend(rows.into_iter().take(1000));
        match (more, out.last()) {
            (true, Some(last)) => after = last.id(),
            _ => return Ok(out),
        }
    }
}

pub trait HasId {
    fn id(&self) -> i64;
}

impl HasId for IdeaRow {
    fn id(&self) -> i64 {
        self.id
    }
}

impl HasId for CommentRow {
    fn id(&self) -> i64 {
        self.id
    }
}

/// A personal API token as listed (never its secret, which is not stored).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Token {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub name: String,
    pub scopes: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const TOKEN_SELECT: &str = "SELECT t.id, t.user_id, u.display_name AS user_name, t.name, t.scopes, \
    t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id";

pub async fn create_token(
    txn: &crate::Transaction,
    user_id: i64,
    name: &str,
    token_hash: &str,
    scopes: &str,
) -> Result<i64, DbError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
        vec![
            user_id.into(),
            name.into(),
            token_hash.into(),
            scopes.into(),
            crate::now().into(),
        ],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("no id for the new token".into()))?;
    Ok(row.id)
}

/// Marks a token revoked; false if it was not live.
pub async fn revoke_token(txn: &crate::Transaction, id: i64) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            vec![crate::now().into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}

pub async fn token(db: &Db, id: i64) -> Result<Option<Token>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Token::find_by_statement(raw(
        b,
        &format!("{TOKEN_SELECT} WHERE t.id = ?"),
        vec![id.into()],
    ))
    .one(db.conn())
    .await?)
}

/// The live token with this hash.
pub async fn token_by_hash(db: &Db, hash: &str) -> Result<Option<Token>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Token::find_by_statement(raw(
        b,
        &format!("{TOKEN_SELECT} WHERE t.token_hash = ? AND t.revoked_at IS NULL"),
        vec![hash.into()],
    ))
    .one(db.conn())
    .await?)
}

/// A person's tokens, or everyone's (`None`), newest first.
pub async fn tokens(db: &Db, user_id: Option<i64>) -> Result<Vec<Token>, DbError> {
    let b = db.conn().get_database_backend();
    let (wh, vals) = match user_id {
        Some(u) => ("WHERE t.user_id = ?", vec![u.into()]),
        None => ("", vec![]),
    };
    Ok(Token::find_by_statement(raw(
        b,
        &format!("{TOKEN_SELECT} {wh} ORDER BY t.id DESC"),
        vals,
    ))
    .all(db.conn())
    .await?)
}
