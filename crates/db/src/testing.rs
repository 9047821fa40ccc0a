//! Hooks for tests that need to reach states the application never produces on
//! its own (a token past its expiry, a row count to compare).

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Db, DbError, count, raw};

/// Moves every mail token's expiry into the past.
pub async fn expire_all_tokens(db: &Db) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let past = crate::now() - chrono::Duration::hours(1);
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE email_tokens SET expires_at = ?",
            vec![past.into()],
        ))
        .await?;
    Ok(())
}

/// The number of rows in one of the known tables.
pub async fn count_rows(db: &Db, table: &str) -> Result<u64, DbError> {
    const TABLES: &[&str] = &[
        "users",
        "departments",
        "sessions",
        "email_tokens",
        "jobs",
        "throttles",
        "processes",
        "comments",
        "ideas",
        "idea_supports",
        "idea_answers",
        "comment_reactions",
        "images",
        "search_index",
        "surveys",
        "survey_questions",
        "survey_responses",
        "survey_answers",
        "survey_invitations",
        "survey_tokens",
        "survey_participants",
        "survey_drafts",
        "documents",
        "document_versions",
        "document_links",
    ];
    if !TABLES.contains(&table) {
        return Err(DbError::Corrupt(format!("unknown table {table}")));
    }
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(b, &format!("SELECT COUNT(*) AS n FROM {table}"), vec![]),
    )
    .await
}

/// Moves a comment's creation `minutes` into the past (to test the editing window).
pub async fn age_comment(db: &Db, id: i64, minutes: i64) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let t = crate::now() - chrono::Duration::minutes(minutes);
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE comments SET created_at = ? WHERE id = ?",
            vec![t.into(), id.into()],
        ))
        .await?;
    Ok(())
}

/// The submission day of each response of a survey (none for invitation surveys).
pub async fn survey_response_days(
    db: &Db,
    survey_id: i64,
) -> Result<Vec<Option<chrono::NaiveDate>>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Day::find_by_statement(raw(
        b,
        "SELECT submitted_on FROM survey_responses WHERE survey_id = ? ORDER BY id",
        vec![survey_id.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|d| d.submitted_on).collect())
}

#[derive(FromQueryResult)]
struct Day {
    submitted_on: Option<chrono::NaiveDate>,
}
