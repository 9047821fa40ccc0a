//! Counting a survey's answers: per question, filtered by one answer, and
//! cross-tabulated; the rows of the exports.
//!
//! Every figure of a results page comes from a fixed number of queries over the
//! whole survey, whatever its number of questions. Counting per
//! (question, item, value) reads the covering index `survey_answers_by_answer`
//! alone; a filter keeps the answers of the responses that gave one answer,
//! found in the same index.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::surveys::{Item, Kind, OTHER, Question};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use crate::{Db, DbError, count, now, raw};

/// Only the responses that chose `value` in a single, multiple or Likert question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub question_id: i64,
    pub value: String,
}

/// How often each answer was given: `counts[question]` holds (item, value, n).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// The responses counted: all, or those that match the filter.
    pub responses: u64,
    pub counts: BTreeMap<i64, Vec<(String, String, u64)>>,
    /// How many of the counted responses answered each question.
    pub answered: BTreeMap<i64, u64>,
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The FROM and WHERE part shared by every count: the answers `a`, restricted
/// to the filter's responses; the caller adds the questions (all of one
/// survey, whose ids are unique across surveys). Its values come first.
///
/// Everything is read from `survey_answers_by_answer` (question, item, value,
/// response) (migration 9): the answers of the counted questions in group
/// order, and the responses that gave the filter's answer as one range of it,
/// which SQLite keeps in a small in-memory index for the `IN` test and
/// PostgreSQL hashes. Reading in group order needs no sort, which is where a
/// join from the filter's responses to their answers spent most of its time.
fn scope(filter: Option<&Filter>) -> (String, Vec<Value>) {
    match filter {
        None => ("FROM survey_answers a WHERE 1 = 1".into(), vec![]),
        Some(f) => (
            format!("FROM survey_answers a WHERE a.response_id IN ({FILTERED})"),
            vec![f.question_id.into(), f.value.clone().into()],
        ),
    }
}

/// The responses that gave the filter's answer; values: question, value.
const FILTERED: &str = "SELECT f.response_id FROM survey_answers f \
     WHERE f.question_id = ? AND f.item = '' AND f.value = ?";

fn ids_of(questions: &[Question], pred: impl Fn(Kind) -> bool) -> Vec<i64> {
    questions
        .iter()
        .filter(|q| pred(q.kind))
        .map(|q| q.id)
        .collect()
}

/// Counts every answer of the survey's `questions` (free texts only as a number).
/// Three queries, however many questions there are.
pub async fn tally(
    db: &Db,
    survey_id: i64,
    questions: &[Question],
    filter: Option<&Filter>,
) -> Result<Tally, DbError> {
    tally_on(&db.conn, survey_id, questions, filter).await
}

async fn tally_on<C: ConnectionTrait>(
    conn: &C,
    survey_id: i64,
    questions: &[Question],
    filter: Option<&Filter>,
) -> Result<Tally, DbError> {
    let b = conn.get_database_backend();
    let responses =
        match filter {
            None => {
                count(
                    conn,
                    raw(
                        b,
                        "SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = ?",
                        vec![survey_id.into()],
                    ),
                )
                .await?
            }
            Some(f) => count(
                conn,
                raw(
                    b,
                    "SELECT COUNT(*) AS n FROM survey_answers WHERE question_id = ? AND item = '' \
                     AND value = ?",
                    vec![f.question_id.into(), f.value.clone().into()],
                ),
            )
            .await?,
        };
    let mut out = Tally {
        responses,
        ..Tally::default()
    };
    let counted = ids_of(questions, |k| k != Kind::Text);
    if !counted.is_empty() {
        let (from, mut values) = scope(filter);
        values.extend(counted.iter().map(|id| Value::from(*id)));
        values.push(OTHER.into());
        let rows = AnswerCount::find_by_statement(raw(
            b,
            &format!(
                "SELECT a.question_id, a.item, a.value, COUNT(*) AS n {from} \
                 AND a.question_id IN ({}) AND a.item <> ? \
                 GROUP BY a.question_id, a.item, a.value",
                marks(counted.len())
            ),
            values,
        ))
        .all(conn)
        .await?;
        for r in rows {
            out.counts
                .entry(r.question_id)
                .or_default()
                .push((r.item, r.value, r.n.max(0) as u64));
        }
    }

    // Questions with one row per respondent are answered as often as they
    // have rows; a ranking always has a first place. The others need a
    // distinct count.
    for q in questions {
        let rows = out.counts.get(&q.id);
        let n = match q.kind {
            Kind::Single | Kind::Likert | Kind::Number | Kind::Date => rows
                .map(|r| r.iter().filter(|x| x.0.is_empty()).map(|x| x.2).sum())
                .unwrap_or(0),
            Kind::Ranking => rows
                .map(|r| r.iter().filter(|x| x.1 == "1").map(|x| x.2).sum())
                .unwrap_or(0),
            Kind::Multiple | Kind::Matrix | Kind::Text => continue,
        };
        out.answered.insert(q.id, n);
    }
    let distinct = ids_of(questions, |k| {
        matches!(k, Kind::Multiple | Kind::Matrix | Kind::Text)
    });
    if !distinct.is_empty() {
        let (from, mut values) = scope(filter);
        values.extend(distinct.iter().map(|id| Value::from(*id)));
        let rows = Answered::find_by_statement(raw(
            b,
            &format!(
                "SELECT a.question_id, COUNT(DISTINCT a.response_id) AS n {from} \
                 AND a.question_id IN ({}) GROUP BY a.question_id",
                marks(distinct.len())
            ),
            values,
        ))
        .all(conn)
        .await?;
        for r in rows {
            out.answered.insert(r.question_id, r.n.max(0) as u64);
        }
        for id in distinct {
            out.answered.entry(id).or_insert(0);
        }
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct AnswerCount {
    question_id: i64,
    item: String,
    value: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct Answered {
    question_id: i64,
    n: i64,
}

/// One listed free text: the answer of a text question, or the "other" text of
/// a choice question (`other`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub question_id: i64,
    pub other: bool,
    pub text: String,
}

/// The first `per_question` texts of each text question and each choice
/// question's "other" answers, in response order (which is random, so it tells
/// nothing about when or by whom). One query.
pub async fn text_previews(
    db: &Db,
    questions: &[Question],
    per_question: u64,
    filter: Option<&Filter>,
) -> Result<Vec<Text>, DbError> {
    text_previews_on(&db.conn, questions, per_question, filter).await
}

async fn text_previews_on<C: ConnectionTrait>(
    conn: &C,
    questions: &[Question],
    per_question: u64,
    filter: Option<&Filter>,
) -> Result<Vec<Text>, DbError> {
    let texts = ids_of(questions, |k| k == Kind::Text);
    let others: Vec<i64> = questions
        .iter()
        .filter(|q| q.config.allow_other && matches!(q.kind, Kind::Single | Kind::Multiple))
        .map(|q| q.id)
        .collect();
    if texts.is_empty() && others.is_empty() {
        return Ok(vec![]);
    }
    let b = conn.get_database_backend();
    // One branch per kind of text, each an equality on (question, item) that
    // reads only the texts themselves.
    let mut values: Vec<Value> = vec![];
    let mut branches = vec![];
    for (ids, item) in [(&texts, ""), (&others, OTHER)] {
        if ids.is_empty() {
            continue;
        }
        let (from, v) = scope(filter);
        values.extend(v);
        values.extend(ids.iter().map(|id| Value::from(*id)));
        values.push(item.into());
        branches.push(format!(
            "SELECT a.question_id, a.item, a.value, a.response_id {from} \
             AND a.question_id IN ({}) AND a.item = ?",
            marks(ids.len())
        ));
    }
    values.push((per_question as i64).into());
    let rows = TextRow::find_by_statement(raw(
        b,
        &format!(
            "SELECT question_id, item, value FROM (\
             SELECT question_id, item, value, ROW_NUMBER() OVER \
             (PARTITION BY question_id, item ORDER BY response_id) AS rn FROM ({}) x\
             ) t WHERE rn <= ? ORDER BY question_id, item, rn",
            branches.join(" UNION ALL ")
        ),
        values,
    ))
    .all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Text {
            question_id: r.question_id,
            other: r.item == OTHER,
            text: r.value,
        })
        .collect())
}

#[derive(FromQueryResult)]
struct TextRow {
    question_id: i64,
    item: String,
    value: String,
}

#[derive(FromQueryResult)]
struct TextValue {
    value: String,
}

/// A page of one question's free texts (`other`: its "other" answers), and
/// how many there are in all.
pub async fn texts(
    db: &Db,
    survey_id: i64,
    question_id: i64,
    other: bool,
    page: u64,
    per_page: u64,
) -> Result<(Vec<String>, u64), DbError> {
    let b = db.conn.get_database_backend();
    let item = if other { OTHER } else { "" };
    let total = count(
        &db.conn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM survey_answers WHERE survey_id = ? AND question_id = ? AND item = ?",
            vec![survey_id.into(), question_id.into(), item.into()],
        ),
    )
    .await?;
    let rows = TextValue::find_by_statement(raw(
        b,
        "SELECT value FROM survey_answers WHERE survey_id = ? AND question_id = ? AND item = ? \
             ORDER BY response_id LIMIT ? OFFSET ?",
        vec![
            survey_id.into(),
            question_id.into(),
            item.into(),
            (per_page as i64).into(),
            ((page * per_page) as i64).into(),
        ],
    ))
    .all(&db.conn)
    .await?;
    let texts = rows.into_iter().map(|r| r.value).collect();
    Ok((texts, total))
}

/// Counts per (answer to `a`, answer to `b`) over the responses that answered
/// both choice questions (and match the filter). One query: the answers to `a`
/// are one range of `survey_answers_by_answer`, and each seeks its response's
/// answer to `b` by the table's key (SQLite) or `survey_answers_of_response`
/// (PostgreSQL).
pub async fn cross(
    db: &Db,
    a: i64,
    b_question: i64,
    filter: Option<&Filter>,
) -> Result<Vec<(String, String, u64)>, DbError> {
    cross_on(&db.conn, a, b_question, filter).await
}

async fn cross_on<C: ConnectionTrait>(
    conn: &C,
    a: i64,
    b_question: i64,
    filter: Option<&Filter>,
) -> Result<Vec<(String, String, u64)>, DbError> {
    let b = conn.get_database_backend();
    let mut values = vec![Value::from(a), b_question.into()];
    let only = match filter {
        None => String::new(),
        Some(f) => {
            values.extend([Value::from(f.question_id), f.value.clone().into()]);
            format!(" AND x.response_id IN ({FILTERED})")
        }
    };
    let rows = Pair::find_by_statement(raw(
        b,
        &format!(
            "SELECT x.value AS av, y.value AS bv, COUNT(*) AS n FROM survey_answers x \
             JOIN survey_answers y ON y.response_id = x.response_id \
             WHERE x.question_id = ? AND x.item = '' \
             AND y.question_id = ? AND y.item = ''{only} GROUP BY x.value, y.value"
        ),
        values,
    ))
    .all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.av, r.bv, r.n.max(0) as u64))
        .collect())
}

#[derive(FromQueryResult)]
struct Pair {
    av: String,
    bv: String,
    n: i64,
}

/// Everything one results page counts, read in one snapshot of the database,
/// with the version of the survey it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The survey's responses in the snapshot (all of them, whatever the filter).
    pub responses: u64,
    /// The survey's `updated_at` in the snapshot: it moves with every change
    /// of its questions or settings.
    pub updated_at: DateTime<Utc>,
    /// The survey's questions in the snapshot, deleted ones too.
    pub questions: Vec<Question>,
    pub tally: Tally,
    pub texts: Vec<Text>,
    /// The cross-table, if one was asked for: (answer to a, answer to b, n).
    pub cross: Option<Vec<(String, String, u64)>>,
}

/// What a results page shows: the tally of every question (filtered if
/// asked), the first `per_question` free texts, and a cross-table of two
/// choice questions if asked, all read in one read-only transaction, so that
/// its figures belong to one moment (PostgreSQL: repeatable read; SQLite: one
/// read transaction in WAL mode). `None` if there is no such survey.
pub async fn snapshot(
    db: &Db,
    survey_id: i64,
    filter: Option<&Filter>,
    cross: Option<(i64, i64)>,
    per_question: u64,
) -> Result<Option<Snapshot>, DbError> {
    use sea_orm::{AccessMode, IsolationLevel, TransactionOptions, TransactionTrait};
    let mut opts = TransactionOptions::default();
    if db.backend() == crate::Backend::Postgres {
        opts.isolation_level = Some(IsolationLevel::RepeatableRead);
        opts.access_mode = Some(AccessMode::ReadOnly);
    }
    let txn = db.conn.begin_with_options(opts).await?;
    let b = txn.get_database_backend();
    let Some(Version {
        response_count: responses,
        updated_at,
    }) = Version::find_by_statement(raw(
        b,
        "SELECT response_count, updated_at FROM surveys WHERE id = ?",
        vec![survey_id.into()],
    ))
    .one(&txn)
    .await?
    else {
        return Ok(None);
    };
    let questions = super::questions_on(&txn, survey_id).await?;
    let tally = tally_on(&txn, survey_id, &questions, filter).await?;
    let texts = text_previews_on(&txn, &questions, per_question, filter).await?;
    let cross = match cross {
        Some((a, bq)) => Some(cross_on(&txn, a, bq, filter).await?),
        None => None,
    };
    txn.commit().await?;
    Ok(Some(Snapshot {
        responses: responses.max(0) as u64,
        updated_at,
        questions,
        tally,
        texts,
        cross,
    }))
}

#[derive(FromQueryResult)]
struct Version {
    response_count: i32,
    updated_at: DateTime<Utc>,
}

/// One response as exported: its random id, its day (never for invitation
/// surveys) and its answers by question.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ExportResponse {
    pub id: i64,
    pub submitted_on: Option<NaiveDate>,
    /// Filled from the answers' own query.
    #[sea_orm(skip)]
    pub answers: BTreeMap<i64, Vec<Item>>,
}

/// Up to `limit` responses after the response id `after` (0: from the start),
/// in the order of their random ids, with their answers. Two queries a page, so
/// an export of any size is written page by page.
pub async fn export_page(
    db: &Db,
    survey_id: i64,
    after: i64,
    limit: u64,
) -> Result<Vec<ExportResponse>, DbError> {
    let b = db.conn.get_database_backend();
    let mut out = ExportResponse::find_by_statement(raw(
        b,
        "SELECT id, submitted_on FROM survey_responses WHERE survey_id = ? AND id > ? ORDER BY id LIMIT ?",
        vec![survey_id.into(), after.into(), (limit as i64).into()],
    ))
    .all(&db.conn)
    .await?;
    let (Some(first), Some(last)) = (out.first().map(|r| r.id), out.last().map(|r| r.id)) else {
        return Ok(out);
    };
    let answers = ExportAnswer::find_by_statement(raw(
        b,
        "SELECT response_id, question_id, item, value, num FROM survey_answers \
         WHERE response_id >= ? AND response_id <= ? AND survey_id = ? \
         ORDER BY response_id, question_id, pos",
        vec![first.into(), last.into(), survey_id.into()],
    ))
    .all(&db.conn)
    .await?;
    let mut at = 0;
    for r in answers {
        let rid = r.response_id;
        while at < out.len() && out[at].id < rid {
            at += 1;
        }
        let Some(resp) = out.get_mut(at).filter(|x| x.id == rid) else {
            continue;
        };
        resp.answers.entry(r.question_id).or_default().push(Item {
            item: r.item,
            value: r.value,
            num: r.num,
        });
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct ExportAnswer {
    response_id: i64,
    question_id: i64,
    item: String,
    value: String,
    num: Option<f64>,
}

/// Writes invitations without tokens or mails, for demo data: (address, used).
/// One transaction, many rows per statement.
pub async fn insert_invitations(
    txn: &crate::Transaction,
    survey_id: i64,
    invitations: &[(String, bool)],
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let t = now();
    for chunk in invitations.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO survey_invitations (survey_id, email, used, created_at) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
        for (i, (email, used)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?)");
            values.extend([
                survey_id.into(),
                email.clone().into(),
                (*used).into(),
                t.into(),
            ]);
        }
        txn.execute_raw(raw(b, &sql, values)).await?;
    }
    Ok(())
}

/// Checks for tests that prove what the database does not hold.
pub mod audit {
    use sea_orm::FromQueryResult;

    use crate::{Db, DbError, count, raw};

    /// The column names of a table, in order.
    pub async fn columns(db: &Db, table: &str) -> Result<Vec<String>, DbError> {
        let b = db.conn.get_database_backend();
        Ok(match db.backend() {
            crate::Backend::Sqlite => Name::find_by_statement(raw(
                b,
                "SELECT name FROM pragma_table_info(?) ORDER BY cid",
                vec![table.into()],
            ))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|r| r.name)
            .collect(),
            crate::Backend::Postgres => ColumnName::find_by_statement(raw(
                b,
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? \
                 AND table_schema = current_schema() ORDER BY ordinal_position",
                vec![table.into()],
            ))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|r| r.column_name)
            .collect(),
        })
    }

    #[derive(FromQueryResult)]
    struct Name {
        name: String,
    }

    #[derive(FromQueryResult)]
    struct ColumnName {
        column_name: String,
    }

    #[derive(FromQueryResult)]
    struct Table {
        t: String,
    }

    /// Every table of the database.
    pub async fn tables(db: &Db) -> Result<Vec<String>, DbError> {
        let b = db.conn.get_database_backend();
        let sql = match db.backend() {
            crate::Backend::Sqlite => {
                "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 ORDER BY name"
            }
            crate::Backend::Postgres => {
                "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() \
                 AND table_type = 'BASE TABLE' ORDER BY table_name"
            }
        };
        let rows = Table::find_by_statement(raw(b, sql, vec![]))
            .all(&db.conn)
            .await?;
        Ok(rows.into_iter().map(|r| r.t).collect())
    }

    /// The (table, column) pairs where some row holds `needle`, compared as text.
    /// Slow, one query per column: for tests on small databases only.
    pub async fn holding(db: &Db, needle: &str) -> Result<Vec<(String, String)>, DbError> {
        let b = db.conn.get_database_backend();
        let mut out = vec![];
        for t in tables(db).await? {
            for c in columns(db, &t).await? {
                let n = count(
                    &db.conn,
                    raw(
                        b,
                        &format!(
                            "SELECT COUNT(*) AS n FROM \"{t}\" WHERE CAST(\"{c}\" AS TEXT) LIKE ?"
                        ),
                        vec![format!("%{needle}%").into()],
                    ),
                )
                .await?;
                if n > 0 {
                    out.push((t.clone(), c));
                }
            }
        }
        Ok(out)
    }
}
