//! Version 28: the dashboard's activity, kept as it happens.
//!
//! `activity_counts` holds per process and day (UTC, `YYYY-MM-DD`) how many
//! comments, ideas, supports, survey answers and statement votes there are,
//! so that a dashboard sums a few hundred rows instead of reading every
//! comment. `activity_people` holds who took part in which week (the Monday,
//! `YYYY-MM-DD`): once per process, and once for the whole platform (scope
//! 0) when the process was not a draft, so that the platform's participants
//! are a count of rows rather than a distinct count over every process.
//!
//! The commands keep both in the transaction of each change (`db::activity`);
//! this migration fills them from what an installation already holds, with
//! the same rules: comments that are neither deleted nor held, ideas not
//! held, survey responses that carry their day (invitation answers carry
//! none, for their anonymity) and every support and statement vote.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::fk;

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    let mut v = vec![
        b.build(
            Table::create()
                .table("activity_counts")
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("day").string_len(10).not_null())
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("n").big_integer().not_null())
                .primary_key(Index::create().col("process_id").col("day").col("kind"))
                .foreign_key(&mut fk(
                    "activity_counts",
                    "process_id",
                    "processes",
                    ForeignKeyAction::Cascade,
                )),
        ),
        b.build(
            Table::create()
                .table("activity_people")
                .col(ColumnDef::new("scope").big_integer().not_null())
                .col(ColumnDef::new("week").string_len(10).not_null())
                .col(ColumnDef::new("who").big_integer().not_null())
                .primary_key(Index::create().col("scope").col("week").col("who")),
        ),
    ];
    v.extend(backfill(b));
    v
}

/// Fills both tables from the rows they count (they must be empty).
pub(crate) fn backfill(b: DbBackend) -> Vec<Statement> {
    let (day_c, day_i, day_s, day_v, day_r) = match b {
        DbBackend::Postgres => (
            "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "to_char(r.submitted_on, 'YYYY-MM-DD')",
        ),
        _ => (
            "date(c.created_at)",
            "date(i.created_at)",
            "date(s.created_at)",
            "date(v.created_at)",
            "date(r.submitted_on)",
        ),
    };
    let week = match b {
        DbBackend::Postgres => {
            "to_char(date_trunc('week', CAST(e.day AS timestamp)), 'YYYY-MM-DD')"
        }
        _ => "date(e.day, '-6 days', 'weekday 1')",
    };
    // (process, day, kind, who) of every counted row; `who` is NULL for
    // survey answers, which name nobody.
    let events = format!(
        "SELECT c.subject_id AS process_id, {day_c} AS day, 'comments' AS kind, c.author_id AS who \
           FROM comments c WHERE c.subject_kind = 'process' AND c.deleted_at IS NULL AND c.held IS NULL \
         UNION ALL SELECT i.process_id, {day_c}, 'comments', c.author_id FROM comments c \
           JOIN ideas i ON i.id = c.subject_id WHERE c.subject_kind = 'idea' \
           AND c.deleted_at IS NULL AND c.held IS NULL \
         UNION ALL SELECT i.process_id, {day_i}, 'ideas', i.author_id FROM ideas i WHERE i.held IS NULL \
         UNION ALL SELECT i.process_id, {day_s}, 'supports', s.user_id FROM idea_supports s \
           JOIN ideas i ON i.id = s.idea_id \
         UNION ALL SELECT su.process_id, {day_r}, 'survey_answers', CAST(NULL AS BIGINT) \
           FROM survey_responses r JOIN surveys su ON su.id = r.survey_id \
           WHERE r.submitted_on IS NOT NULL \
         UNION ALL SELECT m.process_id, {day_v}, 'votes', COALESCE(op.user_id, -op.id) \
           FROM opinion_votes v JOIN opinion_participants op ON op.id = v.participant_id \
           JOIN opinion_maps m ON m.id = v.map_id"
    );
    let stmt = |sql: String| Statement::from_string(b, sql);
    vec![
        stmt(format!(
            "INSERT INTO activity_counts (process_id, day, kind, n) \
             SELECT e.process_id, e.day, e.kind, COUNT(*) FROM ({events}) e \
             GROUP BY e.process_id, e.day, e.kind"
        )),
        stmt(format!(
            "INSERT INTO activity_people (scope, week, who) \
             SELECT DISTINCT e.process_id, {week}, e.who FROM ({events}) e WHERE e.who IS NOT NULL"
        )),
        stmt(format!(
            "INSERT INTO activity_people (scope, week, who) \
             SELECT DISTINCT 0, {week}, e.who FROM ({events}) e \
             JOIN processes p ON p.id = e.process_id WHERE e.who IS NOT NULL AND p.status <> 'draft'"
        )),
    ]
}
