//! Surveys: their definition, drafts, responses and invitations.
//!
//! Anonymity is kept by what is written, not by policy: a response row has a
//! random id and the survey, nothing else; for invitation surveys not even a
//! date. Nothing records the order in which answers came: on SQLite responses
//! and answers live in `WITHOUT ROWID` tables ordered by their random ids; on
//! PostgreSQL, whose heap keeps arrival order in `ctid` and `xmin`, `seal`
//! rewrites a survey's answers in random order under one transaction shortly
//! after they arrive (and prunes the old row versions). Drafts reached by an
//! invitation link are stored encrypted under a key only the link gives (the
//! `app` layer encrypts; this module stores opaque text), keyed by a hash that
//! names no invitation; SQLite overwrites deleted rows (`secure_delete`) and
//! `seal` checkpoints the write-ahead log so deleted bytes do not linger.

pub mod results;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::surveys::{
    Access, Answers, Condition, Config, Item, Kind, Question, QuestionDef, Status,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, FromQueryResult, Value};

use crate::jobs::{self, NewJob};
use crate::{Db, DbError, Id, count, now, raw};

#[derive(Debug, Clone)]
pub struct Survey {
    pub id: i64,
    pub process_id: i64,
    pub process_title: String,
    pub department_id: i64,
    pub title: String,
    pub welcome_md: String,
    pub welcome_html: String,
    pub end_md: String,
    pub end_html: String,
    pub access: Access,
    pub status: Status,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub response_count: i32,
    pub results_published: bool,
    pub results_intro_md: String,
    pub results_intro_html: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Open surveys: answers from browsers that had answered before (a count
    /// kept at submission, never a mark on a response).
    pub repeat_responses: i32,
}

const COLUMNS: &str = "s.id, s.process_id, p.title AS process_title, p.department_id, s.title, \
    s.welcome_md, s.welcome_html, s.end_md, s.end_html, s.access, s.status, s.opens_on, s.closes_on, \
    s.response_count, s.results_published, s.results_intro_md, s.results_intro_html, s.created_at, \
    s.updated_at, s.repeat_responses";

/// A row of `COLUMNS`.
#[derive(FromQueryResult)]
struct SurveyRow {
    id: i64,
    process_id: i64,
    process_title: String,
    department_id: i64,
    title: String,
    welcome_md: String,
    welcome_html: String,
    end_md: String,
    end_html: String,
    access: String,
    status: String,
    opens_on: Option<NaiveDate>,
    closes_on: Option<NaiveDate>,
    response_count: i32,
    results_published: bool,
    results_intro_md: String,
    results_intro_html: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    repeat_responses: i32,
}

impl TryFrom<SurveyRow> for Survey {
    type Error = DbError;

    fn try_from(r: SurveyRow) -> Result<Survey, DbError> {
        Ok(Survey {
            id: r.id,
            process_id: r.process_id,
            process_title: r.process_title,
            department_id: r.department_id,
            title: r.title,
            welcome_md: r.welcome_md,
            welcome_html: r.welcome_html,
            end_md: r.end_md,
            end_html: r.end_html,
            access: Access::parse(&r.access)
                .ok_or_else(|| DbError::Corrupt(format!("survey access {}", r.access)))?,
            status: Status::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("survey status {}", r.status)))?,
            opens_on: r.opens_on,
            closes_on: r.closes_on,
            response_count: r.response_count,
            results_published: r.results_published,
            results_intro_md: r.results_intro_md,
            results_intro_html: r.results_intro_html,
            created_at: r.created_at,
            updated_at: r.updated_at,
            repeat_responses: r.repeat_responses,
        })
    }
}

/// Counts one more answer from a browser that had answered this survey
/// before. Only the count is kept: nothing marks which response it was.
pub async fn count_repeat(txn: &crate::Transaction, survey_id: i64) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE surveys SET repeat_responses = repeat_responses + 1 WHERE id = ?",
        vec![survey_id.into()],
    ))
    .await?;
    Ok(())
}

/// What staff set on a survey besides its questions.
#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    pub welcome_md: String,
    pub welcome_html: String,
    pub end_md: String,
    pub end_html: String,
    pub access: Access,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
}

pub async fn create(
    txn: &crate::Transaction,
    process_id: i64,
    created_by: Option<i64>,
    s: &Settings,
) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let row = Id::find_by_statement(raw(
            b,
            "INSERT INTO surveys (process_id, title, welcome_md, welcome_html, end_md, end_html, access, \
             status, opens_on, closes_on, response_count, question_seq, results_published, \
             results_intro_md, results_intro_html, created_by, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, 0, 0, ?, '', '', ?, ?, ?) RETURNING id",
            vec![
                process_id.into(),
                s.title.clone().into(),
                s.welcome_md.clone().into(),
                s.welcome_html.clone().into(),
                s.end_md.clone().into(),
                s.end_html.clone().into(),
                s.access.as_str().into(),
                s.opens_on.into(),
                s.closes_on.into(),
                false.into(),
                created_by.into(),
                t.into(),
                t.into(),
            ],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt("survey insert returned no id".into()))?;
    Ok(row.id)
}

pub async fn update(txn: &crate::Transaction, id: i64, s: &Settings) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE surveys SET title = ?, welcome_md = ?, welcome_html = ?, end_md = ?, end_html = ?, \
             access = ?, opens_on = ?, closes_on = ?, updated_at = ? WHERE id = ?",
        vec![
            s.title.clone().into(),
            s.welcome_md.clone().into(),
            s.welcome_html.clone().into(),
            s.end_md.clone().into(),
            s.end_html.clone().into(),
            s.access.as_str().into(),
            s.opens_on.into(),
            s.closes_on.into(),
            now().into(),
            id.into(),
        ],
    ))
    .await?;
    reindex(txn, id).await
}

/// Gives every published or closed survey its search entry (for an
/// installation that had surveys before they were searchable).
pub(crate) async fn reindex_published(txn: &crate::Transaction) -> Result<(), DbError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let b = txn.get_database_backend();
    let ids = Id::find_by_statement(raw(
        b,
        "SELECT id FROM surveys WHERE status <> ? ORDER BY id",
        vec![Status::Draft.as_str().into()],
    ))
    .all(txn)
    .await?;
    for Id { id } in ids {
        reindex(txn, id).await?;
    }
    Ok(())
}

/// Keeps a survey's search entry: none while it is a draft; its title and
/// welcome text (Markdown) once it is published or closed.
async fn reindex(txn: &crate::Transaction, id: i64) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let row = SearchableSurvey::find_by_statement(raw(
        b,
        "SELECT process_id, title, welcome_md, status FROM surveys WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?;
    match row {
        Some(r) if r.status != Status::Draft.as_str() => {
            crate::search::put(txn, "survey", id, r.process_id, &r.title, &r.welcome_md).await
        }
        _ => crate::search::remove(txn, "survey", id).await,
    }
}

#[derive(FromQueryResult)]
struct SearchableSurvey {
    process_id: i64,
    title: String,
    welcome_md: String,
    status: String,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Survey>, DbError> {
    let b = db.conn.get_database_backend();
    SurveyRow::find_by_statement(raw(
        b,
        &format!(
            "SELECT {COLUMNS} FROM surveys s JOIN processes p ON p.id = s.process_id WHERE s.id = ?"
        ),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?
    .map(Survey::try_from)
    .transpose()
}

/// The surveys of a process, newest first.
pub async fn for_process(db: &Db, process_id: i64) -> Result<Vec<Survey>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = SurveyRow::find_by_statement(raw(
        b,
        &format!(
            "SELECT {COLUMNS} FROM surveys s JOIN processes p ON p.id = s.process_id \
             WHERE s.process_id = ? ORDER BY s.created_at DESC, s.id DESC"
        ),
        vec![process_id.into()],
    ))
    .all(&db.conn)
    .await?;
    rows.into_iter().map(Survey::try_from).collect()
}

/// The surveys of one department's processes (all departments with `None`),
/// for the staff's list: by process, newest first within it; at most `limit`.
pub async fn of_department(
    db: &Db,
    department_id: Option<i64>,
    limit: u64,
) -> Result<Vec<Survey>, DbError> {
    let b = db.conn.get_database_backend();
    let (filter, mut values): (&str, Vec<Value>) = match department_id {
        Some(d) => ("WHERE p.department_id = ?", vec![d.into()]),
        None => ("", vec![]),
    };
    values.push((limit as i64).into());
    let rows = SurveyRow::find_by_statement(raw(
        b,
        &format!(
            "SELECT {COLUMNS} FROM surveys s JOIN processes p ON p.id = s.process_id {filter} \
             ORDER BY p.title, p.id, s.created_at DESC, s.id DESC LIMIT ?"
        ),
        values,
    ))
    .all(&db.conn)
    .await?;
    rows.into_iter().map(Survey::try_from).collect()
}

pub async fn set_status(txn: &crate::Transaction, id: i64, status: Status) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE surveys SET status = ?, updated_at = ? WHERE id = ?",
        vec![status.as_str().into(), now().into(), id.into()],
    ))
    .await?;
    reindex(txn, id).await?;
    if status == Status::Closed && b == sea_orm::DbBackend::Postgres {
        // The last seal also rewrites the tables' files (see `seal`).
        jobs::enqueue_once(
            txn,
            NewJob {
                kind: SEAL_JOB,
                payload: format!("{{\"survey\":{id},\"final\":true}}"),
            },
            chrono::Duration::zero(),
        )
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Questions

/// A row of `survey_questions`, as `questions_on` selects it.
#[derive(FromQueryResult)]
struct QuestionRow {
    id: i64,
    code: String,
    kind: String,
    page: i32,
    position: i32,
    text: String,
    help: String,
    required: bool,
    config: String,
    cond_question_id: Option<i64>,
    cond_value: Option<String>,
    deleted: bool,
}

impl TryFrom<QuestionRow> for Question {
    type Error = DbError;

    fn try_from(r: QuestionRow) -> Result<Question, DbError> {
        Ok(Question {
            id: r.id,
            code: r.code,
            kind: Kind::parse(&r.kind)
                .ok_or_else(|| DbError::Corrupt(format!("question kind {}", r.kind)))?,
            page: r.page,
            position: r.position,
            text: r.text,
            help: r.help,
            required: r.required,
            config: serde_json::from_str::<Config>(&r.config)
                .map_err(|e| DbError::Corrupt(format!("question config: {e}")))?,
            condition: r
                .cond_question_id
                .zip(r.cond_value)
                .map(|(question_id, value)| Condition { question_id, value }),
            deleted: r.deleted,
        })
    }
}

/// Every question of a survey (deleted ones too), in page order.
pub async fn questions(db: &Db, survey_id: i64) -> Result<Vec<Question>, DbError> {
    questions_on(&db.conn, survey_id).await
}

async fn questions_on<C: ConnectionTrait>(
    conn: &C,
    survey_id: i64,
) -> Result<Vec<Question>, DbError> {
    let rows = QuestionRow::find_by_statement(raw(
            conn.get_database_backend(),
            "SELECT id, code, kind, page, position, text, help, required, config, cond_question_id, \
             cond_value, deleted FROM survey_questions WHERE survey_id = ? ORDER BY page, position, id",
            vec![survey_id.into()],
        ))
        .all(conn)
        .await?;
    rows.into_iter().map(Question::try_from).collect()
}

/// The ids of the questions chosen for the published results.
pub async fn report_questions(db: &Db, survey_id: i64) -> Result<Vec<i64>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Id::find_by_statement(raw(
        b,
        "SELECT id FROM survey_questions WHERE survey_id = ? AND in_report = ? ORDER BY page, position, id",
        vec![survey_id.into(), true.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

fn config_json(c: &Config) -> String {
    // A struct of strings, numbers and lists always serializes.
    serde_json::to_string(c).unwrap_or_else(|_| "{}".into())
}

/// Adds a question at the end of its page; it gets the survey's next code (Q1, Q2, …).
pub async fn add_question(
    txn: &crate::Transaction,
    survey_id: i64,
    q: &QuestionDef,
) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let seq = QuestionSeq::find_by_statement(raw(
        b,
        "UPDATE surveys SET question_seq = question_seq + 1, updated_at = ? WHERE id = ? \
         RETURNING question_seq",
        vec![now().into(), survey_id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("no such survey or question".into()))?
    .question_seq;
    let pos = next_position(txn, survey_id, q.page).await? - 1;
    let id = Id::find_by_statement(raw(
            b,
            "INSERT INTO survey_questions (survey_id, code, kind, page, position, text, help, required, \
             config, cond_question_id, cond_value, deleted, in_report, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                survey_id.into(),
                format!("Q{seq}").into(),
                q.kind.as_str().into(),
                q.page.into(),
                (pos + 1).into(),
                q.text.clone().into(),
                q.help.clone().into(),
                q.required.into(),
                config_json(&q.config).into(),
                q.condition.as_ref().map(|c| c.question_id).into(),
                q.condition.as_ref().map(|c| c.value.clone()).into(),
                false.into(),
                q.kind.is_counted().into(),
                now().into(),
            ],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt("question insert returned no id".into()))?
        .id;
    Ok(id)
}

#[derive(FromQueryResult)]
struct QuestionSeq {
    question_seq: i32,
}

#[derive(FromQueryResult)]
struct Placement {
    page: i32,
    position: i32,
    survey_id: i64,
}

pub async fn update_question(
    txn: &crate::Transaction,
    id: i64,
    q: &QuestionDef,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let Placement {
        page: old_page,
        mut position,
        survey_id,
    } = Placement::find_by_statement(raw(
        b,
        "SELECT page, position, survey_id FROM survey_questions WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("no such survey or question".into()))?;
    if old_page != q.page {
        position = next_position(txn, survey_id, q.page).await?;
    }
    txn.execute_raw(raw(
        b,
        "UPDATE survey_questions SET kind = ?, page = ?, position = ?, text = ?, help = ?, required = ?, \
         config = ?, cond_question_id = ?, cond_value = ? WHERE id = ?",
        vec![
            q.kind.as_str().into(),
            q.page.into(),
            position.into(),
            q.text.clone().into(),
            q.help.clone().into(),
            q.required.into(),
            config_json(&q.config).into(),
            q.condition.as_ref().map(|c| c.question_id).into(),
            q.condition.as_ref().map(|c| c.value.clone()).into(),
            id.into(),
        ],
    ))
    .await?;
    touch(txn, survey_id).await?;
    Ok(())
}

/// The position after the last question on a page.
async fn next_position(
    txn: &DatabaseTransaction,
    survey_id: i64,
    page: i32,
) -> Result<i32, DbError> {
    let row = LastPosition::find_by_statement(raw(
        txn.get_database_backend(),
        "SELECT COALESCE(MAX(position), 0) AS n FROM survey_questions WHERE survey_id = ? AND page = ?",
        vec![survey_id.into(), page.into()],
    ))
    .one(txn)
    .await?;
    let last = row.and_then(|r| r.n).unwrap_or(0);
    Ok(last + 1)
}

#[derive(FromQueryResult)]
struct LastPosition {
    n: Option<i32>,
}

async fn touch(txn: &DatabaseTransaction, survey_id: i64) -> Result<(), DbError> {
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "UPDATE surveys SET updated_at = ? WHERE id = ?",
        vec![now().into(), survey_id.into()],
    ))
    .await?;
    Ok(())
}

/// Removes a question. Once the survey has answers the question is only hidden,
/// so that the answers stay in the results and exports; questions shown on its
/// condition are shown to everyone from then on.
pub async fn delete_question(txn: &crate::Transaction, id: i64) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let QuestionOf {
        survey_id,
        response_count: responses,
    } = QuestionOf::find_by_statement(raw(
        b,
        "SELECT q.survey_id, s.response_count FROM survey_questions q \
         JOIN surveys s ON s.id = q.survey_id WHERE q.id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("no such survey or question".into()))?;
    txn.execute_raw(raw(
        b,
        "UPDATE survey_questions SET cond_question_id = NULL, cond_value = NULL WHERE cond_question_id = ?",
        vec![id.into()],
    ))
    .await?;
    if responses > 0 {
        txn.execute_raw(raw(
            b,
            "UPDATE survey_questions SET deleted = ?, in_report = ? WHERE id = ?",
            vec![true.into(), false.into(), id.into()],
        ))
        .await?;
    } else {
        txn.execute_raw(raw(
            b,
            "DELETE FROM survey_questions WHERE id = ?",
            vec![id.into()],
        ))
        .await?;
    }
    touch(txn, survey_id).await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct QuestionOf {
    survey_id: i64,
    response_count: i32,
}

#[derive(FromQueryResult)]
struct Neighbour {
    id: i64,
    position: i32,
}

/// Moves a question one place up or down within its page.
pub async fn move_question(txn: &crate::Transaction, id: i64, up: bool) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let Placement {
        survey_id,
        page,
        position,
    } = Placement::find_by_statement(raw(
        b,
        "SELECT survey_id, page, position FROM survey_questions WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("no such survey or question".into()))?;
    let (cmp, order) = if up { ("<", "DESC") } else { (">", "ASC") };
    let other = Neighbour::find_by_statement(raw(
        b,
        &format!(
            "SELECT id, position FROM survey_questions WHERE survey_id = ? AND page = ? \
             AND deleted = ? AND position {cmp} ? ORDER BY position {order} LIMIT 1"
        ),
        vec![survey_id.into(), page.into(), false.into(), position.into()],
    ))
    .one(txn)
    .await?;
    if let Some(o) = other {
        for (qid, pos) in [(id, o.position), (o.id, position)] {
            txn.execute_raw(raw(
                b,
                "UPDATE survey_questions SET position = ? WHERE id = ?",
                vec![pos.into(), qid.into()],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Chooses the questions shown on the published results page and its introduction.
pub async fn publish_results(
    txn: &crate::Transaction,
    survey_id: i64,
    published: bool,
    intro_md: &str,
    intro_html: &str,
    question_ids: &[i64],
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE survey_questions SET in_report = ? WHERE survey_id = ?",
        vec![false.into(), survey_id.into()],
    ))
    .await?;
    for qid in question_ids {
        txn.execute_raw(raw(
            b,
            "UPDATE survey_questions SET in_report = ? WHERE survey_id = ? AND id = ? AND deleted = ?",
            vec![true.into(), survey_id.into(), (*qid).into(), false.into()],
        ))
        .await?;
    }
    txn.execute_raw(raw(
        b,
        "UPDATE surveys SET results_published = ?, results_intro_md = ?, results_intro_html = ?, \
         updated_at = ? WHERE id = ?",
        vec![
            published.into(),
            intro_md.into(),
            intro_html.into(),
            now().into(),
            survey_id.into(),
        ],
    ))
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Drafts

/// Where a respondent's unfinished answers are kept: an invitation, an account,
/// or a random key handed to an anonymous respondent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftKey {
    /// A hash derived from an invitation link's token: it names no invitation.
    Link(String),
    Account(i64),
    /// The SHA-256 hash of the key the respondent holds.
    Anonymous(String),
}

impl DraftKey {
    fn column(&self, survey_id: i64) -> String {
        match self {
            DraftKey::Link(hash) => format!("l:{hash}"),
            DraftKey::Account(id) => format!("u:{survey_id}:{id}"),
            DraftKey::Anonymous(hash) => format!("a:{hash}"),
        }
    }
}

/// A stored draft: its page and its answers as the `app` layer wrote them
/// (JSON, or for invitation links, encrypted JSON).
pub struct Draft {
    pub page: i32,
    pub payload: String,
}

pub async fn draft(db: &Db, survey_id: i64, key: &DraftKey) -> Result<Option<Draft>, DbError> {
    let b = db.conn.get_database_backend();
    let row = DraftRow::find_by_statement(raw(
        b,
        "SELECT page, raw FROM survey_drafts WHERE draft_key = ? AND survey_id = ?",
        vec![key.column(survey_id).into(), survey_id.into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.map(|r| Draft {
        page: r.page,
        payload: r.raw,
    }))
}

#[derive(FromQueryResult)]
struct DraftRow {
    page: i32,
    raw: String,
}

pub async fn save_draft(
    txn: &crate::Transaction,
    survey_id: i64,
    key: &DraftKey,
    page: i32,
    payload: &str,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
            b,
            "INSERT INTO survey_drafts (draft_key, survey_id, page, raw, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (draft_key) DO UPDATE SET page = excluded.page, raw = excluded.raw, \
             updated_at = excluded.updated_at",
            vec![
                key.column(survey_id).into(),
                survey_id.into(),
                page.into(),
                payload.into(),
                now().into(),
            ],
        ))
        .await?;
    Ok(())
}

/// Removes anonymous drafts untouched for `days` days.
pub async fn tidy_drafts(db: &Db, days: i64) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    let res = db
        .conn
        .execute_raw(raw(
            b,
            "DELETE FROM survey_drafts WHERE draft_key LIKE 'a:%' AND updated_at < ?",
            vec![(now() - chrono::Duration::days(days)).into()],
        ))
        .await?;
    Ok(res.rows_affected())
}

// ---------------------------------------------------------------------------
// Responses

/// Who submits, as far as the survey needs to know it to count each person once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    Anonymous,
    /// An account; `once`: the survey takes one answer per account.
    Account {
        user_id: i64,
        once: bool,
    },
    Invitation(i64),
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("already answered")]
    AlreadyAnswered,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for SubmitError {
    fn from(e: sea_orm::DbErr) -> Self {
        SubmitError::Db(e.into())
    }
}

fn random_id() -> Result<i64, DbError> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| DbError::Corrupt(format!("no randomness: {e}")))?;
    // Positive and never zero.
    Ok((i64::from_le_bytes(b) & i64::MAX).max(1))
}

async fn insert_answers(
    txn: &DatabaseTransaction,
    survey_id: i64,
    response_id: i64,
    answers: &BTreeMap<i64, Vec<Item>>,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let rows: Vec<(i64, i32, &Item)> = answers
        .iter()
        .flat_map(|(q, items)| items.iter().zip(0..).map(move |(i, pos)| (*q, pos, i)))
        .collect();
    // Many rows per statement: one round trip for a typical response.
    for chunk in rows.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO survey_answers (response_id, survey_id, question_id, pos, item, value, num) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 7);
        for (i, (q, pos, item)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?)");
            values.extend([
                response_id.into(),
                survey_id.into(),
                (*q).into(),
                (*pos).into(),
                item.item.clone().into(),
                item.value.clone().into(),
                item.num.into(),
            ]);
        }
        txn.execute_raw(raw(b, &sql, values)).await?;
    }
    Ok(())
}

/// Stores a complete response, marks the respondent as having answered and
/// removes their draft, all in one transaction. Returns the response's id.
pub async fn submit(
    txn: &crate::Transaction,
    survey_id: i64,
    respondent: Respondent,
    draft: Option<&DraftKey>,
    answers: &BTreeMap<i64, Vec<Item>>,
    day: NaiveDate,
) -> Result<i64, SubmitError> {
    let b = txn.get_database_backend();
    let mut submitted_on = Some(day);
    match respondent {
        Respondent::Anonymous | Respondent::Account { once: false, .. } => {}
        Respondent::Account {
            user_id,
            once: true,
        } => {
            let res = txn
                .execute_raw(raw(
                    b,
                    "INSERT INTO survey_participants (survey_id, user_id) VALUES (?, ?) \
                     ON CONFLICT DO NOTHING",
                    vec![survey_id.into(), user_id.into()],
                ))
                .await?;
            if res.rows_affected() == 0 {
                return Err(SubmitError::AlreadyAnswered);
            }
        }
        Respondent::Invitation(invitation_id) => {
            let res = txn
                .execute_raw(raw(
                    b,
                    "UPDATE survey_invitations SET used = ? WHERE id = ? AND survey_id = ? AND used = ?",
                    vec![true.into(), invitation_id.into(), survey_id.into(), false.into()],
                ))
                .await?;
            if res.rows_affected() == 0 {
                return Err(SubmitError::AlreadyAnswered);
            }
            submitted_on = None;
        }
    }
    let response_id = random_id()?;
    txn.execute_raw(raw(
        b,
        "INSERT INTO survey_responses (id, survey_id, submitted_on) VALUES (?, ?, ?)",
        vec![response_id.into(), survey_id.into(), submitted_on.into()],
    ))
    .await?;
    if let Some(day) = submitted_on {
        let place = crate::activity::In::Survey(survey_id);
        crate::activity::add_on(txn, place, day, crate::activity::Kind::SurveyAnswers, 1).await?;
    }
    insert_answers(txn, survey_id, response_id, answers).await?;
    let responses = count(
        txn,
        raw(
            b,
            "UPDATE surveys SET response_count = response_count + 1 WHERE id = ? \
             RETURNING CAST(response_count AS BIGINT) AS n",
            vec![survey_id.into()],
        ),
    )
    .await?;
    if !matches!(
        respondent,
        Respondent::Anonymous | Respondent::Account { once: false, .. }
    ) {
        queue_seal(txn, survey_id, responses).await?;
    }
    if let Some(key) = draft {
        txn.execute_raw(raw(
            b,
            "DELETE FROM survey_drafts WHERE draft_key = ?",
            vec![key.column(survey_id).into()],
        ))
        .await?;
    }
    Ok(response_id)
}

/// The job that seals a survey's answers (`seal`).
pub const SEAL_JOB: &str = "survey_seal";

/// How long answers may keep their arrival order before `seal` takes it
/// away: a burst of answers is sealed once, not once each. A seal rewrites
/// the whole survey, so a large survey waits longer (2 ms per response it
/// holds), which keeps sealing to a fraction of the database's time.
pub fn seal_after(responses: i64) -> chrono::Duration {
    chrono::Duration::seconds(30).max(chrono::Duration::milliseconds(responses.saturating_mul(2)))
}

/// `responses`: how many the survey holds now.
async fn queue_seal(
    txn: &crate::Transaction,
    survey_id: i64,
    responses: u64,
) -> Result<(), DbError> {
    jobs::enqueue_once(
        txn,
        NewJob {
            kind: SEAL_JOB,
            payload: format!("{{\"survey\":{survey_id}}}"),
        },
        seal_after(i64::try_from(responses).unwrap_or(i64::MAX)),
    )
    .await
}

/// What a seal job asks for: the survey, and whether it is the last one
/// (the survey closed).
pub fn seal_job(payload: &str) -> Option<(i64, bool)> {
    let v = serde_json::from_str::<serde_json::Value>(payload).ok()?;
    let survey = v.get("survey")?.as_i64()?;
    let last = v.get("final").and_then(|f| f.as_bool()).unwrap_or(false);
    Some((survey, last))
}

/// Takes away every trace of the order in which a survey's answers arrived
/// and of the rows deleted meanwhile (drafts, used links' state).
///
/// PostgreSQL: the survey's responses, answers and participants are deleted
/// and written again in random order, in one statement each and one
/// transaction, so their `xmin` is that transaction's for all and their
/// `ctid` order is random; then the old row versions are vacuumed away. A
/// vacuum leaves their bytes in the pages' free space until PostgreSQL reuses
/// it, so the `last` seal, when the survey closes, rewrites the three tables'
/// files (`VACUUM FULL`: the old files are deleted). That holds a lock on the
/// tables while it runs, a few seconds per million answers, once per survey.
/// SQLite keeps no arrival order in these tables (`WITHOUT ROWID`, random
/// keys) and overwrites deleted rows; here the write-ahead log, which holds
/// recent pages in the order they were written, is checkpointed and emptied.
/// Fails (to be tried again) if a reader keeps the log from being emptied.
pub async fn seal(db: &Db, survey_id: i64, last: bool) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    if b == sea_orm::DbBackend::Postgres {
        // Each moved row checks its question under a foreign key; old
        // versions of the survey's row (its counter changes with every
        // answer) would make each check walk them.
        db.conn
            .execute_unprepared("VACUUM surveys, survey_questions")
            .await?;
        let txn = db.begin_write().await?;
        for (table, cols) in [
            (
                "survey_answers",
                "response_id, survey_id, question_id, pos, item, value, num",
            ),
            ("survey_responses", "id, survey_id, submitted_on"),
            ("survey_participants", "survey_id, user_id"),
        ] {
            txn.execute_raw(raw(
                b,
                &format!(
                    "WITH moved AS (DELETE FROM {table} WHERE survey_id = ? RETURNING {cols}) \
                     INSERT INTO {table} ({cols}) SELECT {cols} FROM moved ORDER BY random()"
                ),
                vec![survey_id.into()],
            ))
            .await?;
        }
        txn.commit().await?;
        let full = if last { "FULL " } else { "" };
        db.conn
            .execute_unprepared(&format!(
                "VACUUM {full}survey_answers, survey_responses, survey_participants, \
                 survey_invitations, survey_drafts"
            ))
            .await?;
        return Ok(());
    }
    crate::privacy::checkpoint(db).await
}

/// Many responses at once, for demo data and benchmarks: one transaction.
pub async fn insert_responses(
    txn: &crate::Transaction,
    survey_id: i64,
    responses: &[(Option<NaiveDate>, Answers)],
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (day, answers) in responses {
        if let Some(day) = day {
            *per_day.entry(*day).or_default() += 1;
        }
        let id = random_id()?;
        txn.execute_raw(raw(
            b,
            "INSERT INTO survey_responses (id, survey_id, submitted_on) VALUES (?, ?, ?)",
            vec![id.into(), survey_id.into(), (*day).into()],
        ))
        .await?;
        insert_answers(txn, survey_id, id, answers).await?;
    }
    txn.execute_raw(raw(
        b,
        "UPDATE surveys SET response_count = response_count + ? WHERE id = ?",
        vec![(responses.len() as i64).into(), survey_id.into()],
    ))
    .await?;
    for (day, n) in per_day {
        let place = crate::activity::In::Survey(survey_id);
        crate::activity::add_on(txn, place, day, crate::activity::Kind::SurveyAnswers, n).await?;
    }
    Ok(())
}

/// Whether an account has answered a survey that takes one answer per account.
pub async fn has_answered(db: &Db, survey_id: i64, user_id: i64) -> Result<bool, DbError> {
    let b = db.conn.get_database_backend();
    let n = count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM survey_participants WHERE survey_id = ? AND user_id = ?",
            vec![survey_id.into(), user_id.into()],
        ),
    )
    .await?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------
// Invitations

#[derive(Debug, Clone, FromQueryResult)]
pub struct Invitation {
    pub id: i64,
    pub survey_id: i64,
    pub used: bool,
}

/// The invitation behind a link's token (given as its hash).
pub async fn invitation_by_token(db: &Db, token_hash: &str) -> Result<Option<Invitation>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(Invitation::find_by_statement(raw(
        b,
        "SELECT i.id, i.survey_id, i.used FROM survey_tokens t \
         JOIN survey_invitations i ON i.id = t.invitation_id WHERE t.token_hash = ?",
        vec![token_hash.into()],
    ))
    .one(&db.conn)
    .await?)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvitationCounts {
    pub total: u64,
    pub used: u64,
}

pub async fn invitation_counts(db: &Db, survey_id: i64) -> Result<InvitationCounts, DbError> {
    let b = db.conn.get_database_backend();
    let total = count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM survey_invitations WHERE survey_id = ?",
            vec![survey_id.into()],
        ),
    )
    .await?;
    let used = count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM survey_invitations WHERE survey_id = ? AND used = ?",
            vec![survey_id.into(), true.into()],
        ),
    )
    .await?;
    Ok(InvitationCounts { total, used })
}

/// The addresses of a survey already invited, lower-cased.
pub async fn invited_emails(db: &Db, survey_id: i64) -> Result<Vec<String>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Invited::find_by_statement(raw(
        b,
        "SELECT email FROM survey_invitations WHERE survey_id = ?",
        vec![survey_id.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.email).collect())
}

#[derive(FromQueryResult)]
struct Invited {
    email: String,
}

#[derive(FromQueryResult)]
struct Unused {
    id: i64,
    email: String,
}

/// Unused invitations: (id, email), for reminders.
pub async fn unused_invitations(db: &Db, survey_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Unused::find_by_statement(raw(
        b,
        "SELECT id, email FROM survey_invitations WHERE survey_id = ? AND used = ? ORDER BY id",
        vec![survey_id.into(), false.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.email)).collect())
}

/// A new invitation (`invitation_id` None) or a reminder for an existing one:
/// the token hash of the link and the mail that carries it.
pub struct Invite {
    pub invitation_id: Option<i64>,
    pub email: String,
    pub token_hash: String,
    pub mail: NewJob,
}

/// Writes invitations or reminders with their tokens and queues their mails, in
/// one transaction. A reminder for an invitation used meanwhile is skipped.
/// Returns how many mails were queued.
pub async fn invite(
    txn: &crate::Transaction,
    survey_id: i64,
    invites: Vec<Invite>,
) -> Result<usize, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let mut sent = 0;
    for inv in invites {
        let id = match inv.invitation_id {
            // A reminder: nothing is written to the invitation, so that no
            // row tells whether an address was still without an answer when
            // a reminder went out.
            Some(id) => {
                let open = Id::find_by_statement(raw(
                    b,
                    "SELECT id FROM survey_invitations WHERE id = ? AND survey_id = ? AND used = ?",
                    vec![id.into(), survey_id.into(), false.into()],
                ))
                .one(txn)
                .await?;
                if open.is_none() {
                    continue;
                }
                id
            }
            None => {
                let row = Id::find_by_statement(raw(
                    b,
                    "INSERT INTO survey_invitations (survey_id, email, used, created_at) \
                         VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                    vec![
                        survey_id.into(),
                        inv.email.clone().into(),
                        false.into(),
                        t.into(),
                    ],
                ))
                .one(txn)
                .await?;
                match row {
                    Some(r) => r.id,
                    None => continue,
                }
            }
        };
        txn.execute_raw(raw(
            b,
            "INSERT INTO survey_tokens (token_hash, invitation_id) VALUES (?, ?)",
            vec![inv.token_hash.into(), id.into()],
        ))
        .await?;
        jobs::enqueue(txn, inv.mail).await?;
        sent += 1;
    }
    Ok(sent)
}
