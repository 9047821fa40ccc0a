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

/// The Monday that begins the week of a date column, as `YYYY-MM-DD`.
fn week_of_date(b: DbBackend, col: &str) -> String {
    match b {
        DbBackend::Postgres => {
            format!("to_char(date_trunc('week', CAST({col} AS timestamp)), 'YYYY-MM-DD')")
        }
        _ => format!("date({col}, '-6 days', 'weekday 1')"),
    }
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
/// Read from the counts the commands keep (`db::activity`), so it costs the
/// same however many comments there are.
pub async fn activity(db: &Db, scope: Scope) -> Result<Vec<Week>, DbError> {
    let b = db.conn().get_database_backend();
    let week = week_of_date(b, "a.day");
    let s = scope.on("p");
    // The platform and a process have their own rows of people; a
    // department's are those of its processes, each person once.
    let people = match scope {
        Scope::Platform => "SELECT week, 'participants' AS kind, COUNT(*) AS n \
             FROM activity_people WHERE scope = 0 GROUP BY week"
            .to_owned(),
        Scope::Process(id) => format!(
            "SELECT week, 'participants' AS kind, COUNT(*) AS n \
             FROM activity_people WHERE scope = {id} GROUP BY week"
        ),
        Scope::Department(_) => format!(
            "SELECT a.week, 'participants' AS kind, COUNT(DISTINCT a.who) AS n \
             FROM activity_people a JOIN processes p ON p.id = a.scope WHERE {s} GROUP BY a.week"
        ),
    };
    let rows = KindCount::find_by_statement(raw(
        b,
        &format!(
            "SELECT {week} AS week, a.kind AS kind, CAST(SUM(a.n) AS BIGINT) AS n \
             FROM activity_counts a JOIN processes p ON p.id = a.process_id WHERE {s} \
             GROUP BY {week}, a.kind HAVING SUM(a.n) <> 0 \
             UNION ALL {people}"
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
