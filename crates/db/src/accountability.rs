//! Accountability for answers: what each process promises (answers within a
//! number of days after the end of its participation phase, to ideas with at
//! least a number of supports), and where every idea that must be answered
//! stands: answered in time or late, pending, overdue. Every figure is one
//! aggregate query over the same definition (`states`), on both databases.
//!
//! An idea must be answered when its process is published or archived and
//! promises a period, the idea is neither withdrawn nor hidden, and its
//! supports reach the threshold. Its deadline is the last day of
//! participation plus the period (a local calendar day, as phases are). It is
//! answered once an official answer exists (the first one counts); the day of
//! that answer is taken in the server's time zone at its current offset.

use chrono::NaiveDate;
pub use domain::accountability::Promise;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

use crate::{Db, DbError, raw};

#[derive(FromQueryResult)]
struct PromiseRow {
    answer_days: Option<i32>,
    answer_threshold: i32,
}

/// The promise of a process (the default if there is no such process).
pub async fn promise<C: ConnectionTrait>(conn: &C, process_id: i64) -> Result<Promise, DbError> {
    let b = conn.get_database_backend();
    Ok(PromiseRow::find_by_statement(raw(
        b,
        "SELECT answer_days, answer_threshold FROM processes WHERE id = ?",
        vec![process_id.into()],
    ))
    .one(conn)
    .await?
    .map(|r| Promise {
        days: r.answer_days,
        threshold: r.answer_threshold,
    })
    .unwrap_or_default())
}

/// Saves the promise of a process; whether it changed.
pub async fn set_promise(
    txn: &crate::Transaction,
    process_id: i64,
    c: Promise,
) -> Result<bool, DbError> {
    let before = promise(txn, process_id).await?;
    if before == c {
        return Ok(false);
    }
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "UPDATE processes SET answer_days = ?, answer_threshold = ? WHERE id = ?",
        vec![c.days.into(), c.threshold.into(), process_id.into()],
    ))
    .await?;
    Ok(true)
}

/// Whose ideas a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Platform,
    /// The ideas a department is responsible for answering.
    Department(i64),
}

/// Where an idea that must be answered stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    AnsweredInTime,
    AnsweredLate,
    Pending,
    Overdue,
}

impl State {
    fn parse(s: &str) -> Option<State> {
        match s {
            "in_time" => Some(State::AnsweredInTime),
            "late" => Some(State::AnsweredLate),
            "pending" => Some(State::Pending),
            "overdue" => Some(State::Overdue),
            _ => None,
        }
    }

    pub fn answered(self) -> bool {
        matches!(self, State::AnsweredInTime | State::AnsweredLate)
    }
}

/// The figures of a department, or of all (`department_id` 0).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    pub department_id: i64,
    pub department: String,
    /// Answered, in time or late.
    pub answered: i64,
    /// Of those answered, after the deadline.
    pub late: i64,
    pub pending: i64,
    pub overdue: i64,
    /// The median of whole days from submission to the first answer.
    pub median_days: Option<f64>,
}

impl Figures {
    /// Every idea that must be answered.
    pub fn total(&self) -> i64 {
        self.answered + self.pending + self.overdue
    }
}

/// The figures per department (those with ideas that must be answered, by
/// name) and for all of them together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub departments: Vec<Figures>,
    pub total: Figures,
}

/// The local day of a timestamp column, at the server's current offset from
/// UTC, as `YYYY-MM-DD`.
fn local_day(b: DbBackend, col: &str) -> String {
    let offset = chrono::Local::now().offset().local_minus_utc();
    match b {
        DbBackend::Postgres => format!(
            "to_char(({col} AT TIME ZONE 'UTC') + INTERVAL '{offset} seconds', 'YYYY-MM-DD')"
        ),
        _ => format!("date({col}, '{offset:+} seconds')"),
    }
}

/// Every idea that must be answered, restricted by `cond` on the idea `i`,
/// with its deadline (`YYYY-MM-DD`), first answer, whole days to it and its
/// state on `today`: the common table `t`. Only typed values (numbers, a
/// date) are written into the text.
fn states(b: DbBackend, cond: &str, today: NaiveDate) -> String {
    let deadline = match b {
        DbBackend::Postgres => {
            "to_char(p.participation_until + p.answer_days, 'YYYY-MM-DD')".to_owned()
        }
        _ => "date(p.participation_until, '+' || p.answer_days || ' days')".to_owned(),
    };
    let days = match b {
        DbBackend::Postgres => {
            "CAST(FLOOR(EXTRACT(EPOCH FROM (s.answered_at - s.created_at)) / 86400) AS BIGINT)"
                .to_owned()
        }
        _ => "CAST(julianday(s.answered_at) - julianday(s.created_at) AS INTEGER)".to_owned(),
    };
    let answered_day = local_day(b, "s.answered_at");
    let today = today.format("%Y-%m-%d");
    format!(
        "WITH s AS (SELECT i.id AS idea_id, i.title AS title, i.process_id AS process_id, \
           p.title AS process_title, i.department_id AS department_id, i.created_at AS created_at, \
           {deadline} AS deadline, \
           (SELECT MIN(x.created_at) FROM idea_answers x WHERE x.idea_id = i.id) AS answered_at \
         FROM ideas i JOIN processes p ON p.id = i.process_id \
         WHERE p.status <> 'draft' AND p.answer_days IS NOT NULL \
           AND p.participation_until IS NOT NULL AND i.withdrawn_at IS NULL \
           AND i.hidden_rule IS NULL AND i.support_count >= p.answer_threshold AND {cond}), \
         t AS (SELECT s.idea_id, s.title, s.process_id, s.process_title, s.department_id, \
           s.deadline, s.answered_at, {days} AS days, \
           CASE WHEN s.answered_at IS NOT NULL THEN \
             CASE WHEN {answered_day} <= s.deadline THEN 'in_time' ELSE 'late' END \
           WHEN s.deadline < '{today}' THEN 'overdue' ELSE 'pending' END AS state FROM s) "
    )
}

fn scope_cond(scope: Scope) -> String {
    match scope {
        Scope::Platform => "1 = 1".to_owned(),
        Scope::Department(d) => format!("i.department_id = {d}"),
    }
}

#[derive(FromQueryResult)]
struct CountRow {
    department_id: i64,
    department: String,
    answered: i64,
    late: i64,
    pending: i64,
    overdue: i64,
}

#[derive(FromQueryResult)]
struct MedianRow {
    k: i64,
    median: f64,
}

/// The figures of `scope` on `today`: two queries, the counts by
/// department and the medians by department and in all.
pub async fn report(db: &Db, scope: Scope, today: NaiveDate) -> Result<Report, DbError> {
    let b = db.conn().get_database_backend();
    let with = states(b, &scope_cond(scope), today);
    let counts = CountRow::find_by_statement(raw(
        b,
        &format!(
            "{with} SELECT t.department_id AS department_id, d.name AS department, \
             CAST(SUM(CASE WHEN t.state IN ('in_time', 'late') THEN 1 ELSE 0 END) AS BIGINT) AS answered, \
             CAST(SUM(CASE WHEN t.state = 'late' THEN 1 ELSE 0 END) AS BIGINT) AS late, \
             CAST(SUM(CASE WHEN t.state = 'pending' THEN 1 ELSE 0 END) AS BIGINT) AS pending, \
             CAST(SUM(CASE WHEN t.state = 'overdue' THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
             FROM t JOIN departments d ON d.id = t.department_id \
             GROUP BY t.department_id, d.name ORDER BY d.name"
        ),
        vec![],
    ))
    .all(db.conn())
    .await?;
    // The middle one or two of the ordered days, per department and (key 0)
    // for all; window functions exist on both databases.
    let medians = MedianRow::find_by_statement(raw(
        b,
        &format!(
            "{with}, a AS (SELECT t.department_id AS k, t.days AS days FROM t WHERE t.answered_at IS NOT NULL \
               UNION ALL SELECT 0, t.days FROM t WHERE t.answered_at IS NOT NULL), \
             r AS (SELECT k, days, ROW_NUMBER() OVER (PARTITION BY k ORDER BY days) AS rn, \
               COUNT(*) OVER (PARTITION BY k) AS n FROM a) \
             SELECT k, CAST(AVG(days) AS DOUBLE PRECISION) AS median FROM r \
             WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY k"
        ),
        vec![],
    ))
    .all(db.conn())
    .await?;
    let median_of = |k: i64| medians.iter().find(|m| m.k == k).map(|m| m.median);
    let mut total = Figures {
        median_days: median_of(0),
        ..Figures::default()
    };
    let departments = counts
        .into_iter()
        .map(|c| {
            total.answered += c.answered;
            total.late += c.late;
            total.pending += c.pending;
            total.overdue += c.overdue;
            Figures {
                median_days: median_of(c.department_id),
                department_id: c.department_id,
                department: c.department,
                answered: c.answered,
                late: c.late,
                pending: c.pending,
                overdue: c.overdue,
            }
        })
        .collect();
    Ok(Report { departments, total })
}

/// An idea whose deadline passed without an answer.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Overdue {
    pub idea_id: i64,
    pub title: String,
    pub process_id: i64,
    pub process_title: String,
    pub department_id: i64,
    pub department: String,
    /// `YYYY-MM-DD`.
    pub deadline: String,
}

/// The overdue ideas of `scope`, longest overdue first (at most `limit`).
pub async fn overdue(
    db: &Db,
    scope: Scope,
    today: NaiveDate,
    limit: u64,
) -> Result<Vec<Overdue>, DbError> {
    let b = db.conn().get_database_backend();
    let with = states(b, &scope_cond(scope), today);
    Ok(Overdue::find_by_statement(raw(
        b,
        &format!(
            "{with} SELECT t.idea_id, t.title, t.process_id, t.process_title, t.department_id, \
             d.name AS department, t.deadline FROM t JOIN departments d ON d.id = t.department_id \
             WHERE t.state = 'overdue' ORDER BY t.deadline, t.idea_id LIMIT ?"
        ),
        vec![(limit as i64).into()],
    ))
    .all(db.conn())
    .await?)
}

/// The deadline and state of an idea that must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub idea_id: i64,
    pub deadline: NaiveDate,
    pub state: State,
}

#[derive(FromQueryResult)]
struct MarkRow {
    idea_id: i64,
    deadline: String,
    state: String,
}

fn ids_cond(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("i.id IN ({})", list.join(", "))
}

/// The marks of those of `ids` that must be answered, in one query.
pub async fn marks(db: &Db, ids: &[i64], today: NaiveDate) -> Result<Vec<Mark>, DbError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let b = db.conn().get_database_backend();
    let with = states(b, &ids_cond(ids), today);
    let rows = MarkRow::find_by_statement(raw(
        b,
        &format!("{with} SELECT t.idea_id, t.deadline, t.state FROM t"),
        vec![],
    ))
    .all(db.conn())
    .await?;
    rows.into_iter()
        .map(|r| {
            let deadline = NaiveDate::parse_from_str(&r.deadline, "%Y-%m-%d")
                .map_err(|_| DbError::Corrupt(format!("deadline {}", r.deadline)))?;
            let state = State::parse(&r.state)
                .ok_or_else(|| DbError::Corrupt(format!("answer state {}", r.state)))?;
            Ok(Mark {
                idea_id: r.idea_id,
                deadline,
                state,
            })
        })
        .collect()
}

/// A reminder to mail: an idea still unanswered, and one of the staff of
/// the department responsible for it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Reminder {
    pub idea_id: i64,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    pub email: String,
    pub name: String,
    pub locale: String,
}

#[derive(FromQueryResult)]
struct Claimed {
    idea_id: i64,
}

/// Takes the ideas whose deadline is at most `days_before` days away and
/// that are still unanswered and not yet reminded of (and whose department
/// has staff to tell, so that staff who join later are still reminded), records them as
/// reminded, and returns the staff to mail about each, in the caller's
/// transaction. A second run, or another instance at the same time, takes
/// none of them again (the insert skips ideas already recorded; on
/// PostgreSQL a concurrent insert of the same idea waits for the first and
/// then skips it).
pub async fn claim_reminders(
    txn: &crate::Transaction,
    today: NaiveDate,
    days_before: i64,
) -> Result<Vec<Reminder>, DbError> {
    let b = txn.get_database_backend();
    let with = states(b, "1 = 1", today);
    let until = (today + chrono::Duration::days(days_before)).format("%Y-%m-%d");
    let claimed = Claimed::find_by_statement(raw(
        b,
        &format!(
            "{with} INSERT INTO answer_reminders (idea_id, sent_at) \
             SELECT t.idea_id, ? FROM t WHERE t.state = 'pending' AND t.deadline <= '{until}' \
             AND NOT EXISTS (SELECT 1 FROM answer_reminders r WHERE r.idea_id = t.idea_id) \
             AND EXISTS (SELECT 1 FROM users u WHERE u.department_id = t.department_id \
               AND u.role = 'staff' AND u.email_verified_at IS NOT NULL) \
             ON CONFLICT (idea_id) DO NOTHING RETURNING idea_id"
        ),
        vec![crate::now().into()],
    ))
    .all(txn)
    .await?;
    if claimed.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i64> = claimed.iter().map(|c| c.idea_id).collect();
    let with = states(b, &ids_cond(&ids), today);
    Ok(Reminder::find_by_statement(raw(
        b,
        &format!(
            "{with} SELECT t.idea_id, t.title, t.deadline, u.email, u.display_name AS name, u.locale \
             FROM t JOIN users u ON u.department_id = t.department_id \
             WHERE u.role = 'staff' AND u.email_verified_at IS NOT NULL ORDER BY t.idea_id, u.id"
        ),
        vec![],
    ))
    .all(txn)
    .await?)
}
