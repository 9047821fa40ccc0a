//! The dashboard's activity, kept by the commands in the transaction of each
//! change: counts per process, day and kind (`activity_counts`) and who took
//! part per week, per process and for the whole platform
//! (`activity_people`). Migration 28 describes the tables and fills them for
//! what came before.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::ConnectionTrait;

use crate::{DbError, raw};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Comments,
    Ideas,
    Supports,
    SurveyAnswers,
    Votes,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Comments => "comments",
            Kind::Ideas => "ideas",
            Kind::Supports => "supports",
            Kind::SurveyAnswers => "survey_answers",
            Kind::Votes => "votes",
        }
    }
}

/// Where it happened: the process, directly or through what belongs to it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum In {
    Process(i64),
    Idea(i64),
    Survey(i64),
    Map(i64),
}

impl In {
    /// An expression for the process's id, with one parameter.
    fn process(self) -> (&'static str, i64) {
        match self {
            In::Process(id) => ("?", id),
            In::Idea(id) => ("(SELECT process_id FROM ideas WHERE id = ?)", id),
            In::Survey(id) => ("(SELECT process_id FROM surveys WHERE id = ?)", id),
            In::Map(id) => ("(SELECT process_id FROM opinion_maps WHERE id = ?)", id),
        }
    }
}

/// Who took part.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Who {
    Account(i64),
    /// A participant of an opinion map: their account if they have one, else
    /// the negated participant id (anonymous voters count once per map).
    MapParticipant(i64),
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The Monday that begins the week of `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Adds `delta` to a kind's count on the day of `at`.
pub(crate) async fn add<C: ConnectionTrait>(
    conn: &C,
    place: In,
    at: DateTime<Utc>,
    kind: Kind,
    delta: i64,
) -> Result<(), DbError> {
    add_on(conn, place, at.date_naive(), kind, delta).await
}

/// Adds `delta` to a kind's count on a day.
pub(crate) async fn add_on<C: ConnectionTrait>(
    conn: &C,
    place: In,
    day: NaiveDate,
    kind: Kind,
    delta: i64,
) -> Result<(), DbError> {
    let (process, id) = place.process();
    conn.execute_raw(raw(
        conn.get_database_backend(),
        &format!(
            "INSERT INTO activity_counts (process_id, day, kind, n) \
             SELECT p.id, ?, ?, ? FROM processes p WHERE p.id = {process} \
             ON CONFLICT (process_id, day, kind) DO UPDATE SET n = activity_counts.n + excluded.n"
        ),
        vec![
            day_key(day).into(),
            kind.as_str().into(),
            delta.into(),
            id.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Notes that someone took part in the week of `at`: in the process, and on
/// the platform unless the process is a draft.
pub(crate) async fn took_part<C: ConnectionTrait>(
    conn: &C,
    place: In,
    at: DateTime<Utc>,
    who: Who,
) -> Result<(), DbError> {
    let (process, id) = place.process();
    let (person, person_id) = match who {
        Who::Account(id) => ("?", id),
        Who::MapParticipant(id) => (
            "(SELECT COALESCE(user_id, -id) FROM opinion_participants WHERE id = ?)",
            id,
        ),
    };
    let week = day_key(week_of(at.date_naive()));
    conn.execute_raw(raw(
        conn.get_database_backend(),
        &format!(
            "INSERT INTO activity_people (scope, week, who) \
             SELECT s.scope, ?, {person} FROM ( \
               SELECT p.id AS scope FROM processes p WHERE p.id = {process} \
               UNION ALL SELECT 0 FROM processes p WHERE p.id = {process} AND p.status <> 'draft') s \
             WHERE true ON CONFLICT (scope, week, who) DO NOTHING"
        ),
        vec![week.into(), person_id.into(), id.into(), id.into()],
    ))
    .await?;
    Ok(())
}

/// Counts one more of a kind now and notes who took part.
pub(crate) async fn happened<C: ConnectionTrait>(
    conn: &C,
    place: In,
    at: DateTime<Utc>,
    kind: Kind,
    who: Who,
) -> Result<(), DbError> {
    add(conn, place, at, kind, 1).await?;
    took_part(conn, place, at, who).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_begin_on_monday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(week_of(d("2026-12-06")), d("2026-11-30"));
        assert_eq!(week_of(d("2026-11-30")), d("2026-11-30"));
        assert_eq!(week_of(d("2027-01-01")), d("2026-12-28"));
    }
}
