//! The figures of the staff's dashboard: activity per week, ideas by status
//! and by department, the time from an idea to its first official answer,
//! and the most discussed items; for the whole platform, a department or
//! one process. Every figure is one aggregate query.

use chrono::{DateTime, Utc};
use sea_orm::{DbBackend, FromQueryResult};

use crate::{Db, DbError, raw};

/// Whose figures: a scope narrows every query by the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Platform,
    Department(i64),
    Process(i64),
}

impl Scope {
    /// The condition on the process `p` (numbers only, typed, so they are
    /// written into the text; drafts never count).
    fn on(self, p: &str) -> String {
        match self {
            Scope::Platform => format!("{p}.status <> 'draft'"),
            Scope::Department(d) => format!("{p}.status <> 'draft' AND {p}.department_id = {d}"),
            Scope::Process(id) => format!("{p}.id = {id}"),
        }
    }
}

/// The Monday that begins the week of a timestamp or a date column, as
/// `YYYY-MM-DD` (UTC).
fn week_of_timestamp(b: DbBackend, col: &str) -> String {
    match b {
        DbBackend::Postgres => {
            format!("to_char(date_trunc('week', {col} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')")
        }
        _ => format!("date({col}, '-6 days', 'weekday 1')"),
    }
}

fn week_of_date(b: DbBackend, col: &str) -> String {
    match b {
        DbBackend::Postgres => {
            format!("to_char(date_trunc('week', CAST({col} AS timestamp)), 'YYYY-MM-DD')")
        }
        _ => format!("date({col}, '-6 days', 'weekday 1')"),
    }
}

/// Every counted action as (week, kind, who), who being a person's id (an
/// anonymous voter of an opinion map counts by the negated participant id;
/// survey responses are anonymous and count no participant).
fn events(b: DbBackend, scope: Scope) -> String {
    let s = scope.on("p");
    let wc = week_of_timestamp(b, "c.created_at");
    let wi = week_of_timestamp(b, "i.created_at");
    let ws = week_of_timestamp(b, "s.created_at");
    let wr = week_of_date(b, "r.submitted_on");
    let wv = week_of_timestamp(b, "v.created_at");
    format!(
        "SELECT {wc} AS week, 'comments' AS kind, c.author_id AS who FROM comments c \
           JOIN processes p ON c.subject_kind = 'process' AND p.id = c.subject_id \
           WHERE c.deleted_at IS NULL AND {s} \
         UNION ALL SELECT {wc}, 'comments', c.author_id FROM comments c \
           JOIN ideas i ON c.subject_kind = 'idea' AND i.id = c.subject_id \
           JOIN processes p ON p.id = i.process_id WHERE c.deleted_at IS NULL AND {s} \
         UNION ALL SELECT {wi}, 'ideas', i.author_id FROM ideas i \
           JOIN processes p ON p.id = i.process_id WHERE i.held IS NULL AND {s} \
         UNION ALL SELECT {ws}, 'supports', s.user_id FROM idea_supports s \
           JOIN ideas i ON i.id = s.idea_id JOIN processes p ON p.id = i.process_id WHERE {s} \
         UNION ALL SELECT {wr}, 'survey_answers', CAST(NULL AS BIGINT) FROM survey_responses r \
           JOIN surveys su ON su.id = r.survey_id JOIN processes p ON p.id = su.process_id \
           WHERE r.submitted_on IS NOT NULL AND {s} \
         UNION ALL SELECT {wv}, 'votes', COALESCE(op.user_id, -op.id) FROM opinion_votes v \
           JOIN opinion_participants op ON op.id = v.participant_id \
           JOIN opinion_maps m ON m.id = v.map_id JOIN processes p ON p.id = m.process_id WHERE {s}"
    )
}

/// One week's activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Week {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    pub participants: i64,
    pub comments: i64,
    pub ideas: i64,
    pub supports: i64,
    pub survey_answers: i64,
    pub votes: i64,
}

#[derive(FromQueryResult)]
struct KindCount {
    week: String,
    kind: String,
    n: i64,
}

/// Activity per week, oldest first; weeks without any action are left out.
pub async fn activity(db: &Db, scope: Scope) -> Result<Vec<Week>, DbError> {
    let b = db.conn().get_database_backend();
    let ev = events(b, scope);
    let rows = KindCount::find_by_statement(raw(
        b,
        &format!(
            "SELECT week, kind, COUNT(*) AS n FROM ({ev}) e GROUP BY week, kind \
             UNION ALL SELECT week, 'participants', COUNT(DISTINCT who) FROM ({ev}) e \
             WHERE who IS NOT NULL GROUP BY week"
        ),
        vec![],
    ))
    .all(db.conn())
    .await?;
    let mut weeks: std::collections::BTreeMap<String, Week> = Default::default();
    for r in rows {
        let w = weeks.entry(r.week.clone()).or_insert_with(|| Week {
            week: r.week.clone(),
            ..Week::default()
        });
        let slot = match r.kind.as_str() {
            "participants" => &mut w.participants,
            "comments" => &mut w.comments,
            "ideas" => &mut w.ideas,
            "supports" => &mut w.supports,
            "survey_answers" => &mut w.survey_answers,
            _ => &mut w.votes,
        };
        *slot += r.n;
    }
    Ok(weeks.into_values().collect())
}

/// A count under a label (a status, a department's name).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult, serde::Serialize)]
pub struct Count {
    pub label: String,
    pub n: i64,
}

/// Ideas by their status, most first.
pub async fn ideas_by_status(db: &Db, scope: Scope) -> Result<Vec<Count>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Count::find_by_statement(raw(
        b,
        &format!(
            "SELECT i.status AS label, COUNT(*) AS n FROM ideas i \
             JOIN processes p ON p.id = i.process_id WHERE i.held IS NULL AND {} \
             GROUP BY i.status ORDER BY n DESC, label",
            scope.on("p")
        ),
        vec![],
    ))
    .all(db.conn())
    .await?)
}

/// Ideas by the department that answers them, most first.
pub async fn ideas_by_department(db: &Db, scope: Scope) -> Result<Vec<Count>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Count::find_by_statement(raw(
        b,
        &format!(
            "SELECT d.name AS label, COUNT(*) AS n FROM ideas i \
             JOIN processes p ON p.id = i.process_id JOIN departments d ON d.id = i.department_id \
             WHERE i.held IS NULL AND {} GROUP BY d.id, d.name ORDER BY n DESC, label",
            scope.on("p")
        ),
        vec![],
    ))
    .all(db.conn())
    .await?)
}

#[derive(FromQueryResult)]
struct Answered {
    submitted: DateTime<Utc>,
    answered: DateTime<Utc>,
}

/// The days from each answered idea's submission to its first official
/// answer, in ascending order.
pub async fn answer_days(db: &Db, scope: Scope) -> Result<Vec<i64>, DbError> {
    let b = db.conn().get_database_backend();
    let rows = Answered::find_by_statement(raw(
        b,
        &format!(
            "SELECT i.created_at AS submitted, MIN(a.created_at) AS answered FROM ideas i \
             JOIN processes p ON p.id = i.process_id JOIN idea_answers a ON a.idea_id = i.id \
             WHERE {} GROUP BY i.id, i.created_at",
            scope.on("p")
        ),
        vec![],
    ))
    .all(db.conn())
    .await?;
    let mut days: Vec<i64> = rows
        .iter()
        .map(|r| (r.answered - r.submitted).num_days().max(0))
        .collect();
    days.sort_unstable();
    Ok(days)
}

/// A much discussed process or idea.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult, serde::Serialize)]
pub struct Discussed {
    /// `process` or `idea`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub comments: i64,
}

/// The processes and ideas with the most comments (at least one).
pub async fn most_discussed(db: &Db, scope: Scope, limit: u64) -> Result<Vec<Discussed>, DbError> {
    let b = db.conn().get_database_backend();
    let s = scope.on("p");
    Ok(Discussed::find_by_statement(raw(
        b,
        &format!(
            "SELECT kind, id, title, comments FROM ( \
             SELECT 'process' AS kind, p.id AS id, p.title AS title, \
               CAST(p.comment_count AS BIGINT) AS comments FROM processes p WHERE {s} \
             UNION ALL SELECT 'idea', i.id, i.title, CAST(i.comment_count AS BIGINT) FROM ideas i \
               JOIN processes p ON p.id = i.process_id WHERE i.held IS NULL AND {s}) t \
             WHERE comments > 0 ORDER BY comments DESC, kind DESC, id LIMIT ?"
        ),
        vec![(limit as i64).into()],
    ))
    .all(db.conn())
    .await?)
}
