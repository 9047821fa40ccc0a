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
        "opinion_maps",
        "opinion_participants",
        "opinion_statements",
        "opinion_votes",
        "opinion_results",
        "reports",
        "moderation_decisions",
        "suspensions",
        "answer_reminders",
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

/// A row as the table stores it: its key and, on PostgreSQL, the transaction
/// that wrote it (`xmin`).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Stored {
    pub id: i64,
    pub xmin: Option<String>,
}

/// A survey's responses, invitations or answers (by response id) in the
/// order the table holds them: PostgreSQL's heap order (`ctid`) with each
/// row's `xmin`; SQLite's table order, with no transaction ids.
pub async fn survey_rows_as_stored(
    db: &Db,
    table: &str,
    survey_id: i64,
) -> Result<Vec<Stored>, DbError> {
    let id = match table {
        "survey_responses" | "survey_invitations" => "id",
        "survey_answers" => "response_id",
        other => return Err(DbError::Corrupt(format!("not a survey table: {other}"))),
    };
    let b = db.conn.get_database_backend();
    let sql = if b == sea_orm::DbBackend::Postgres {
        format!(
            "SELECT {id} AS id, xmin::text AS xmin FROM {table} WHERE survey_id = ? ORDER BY ctid"
        )
    } else {
        // NOT INDEXED: the table's own order, not an index's.
        format!("SELECT {id} AS id, NULL AS xmin FROM {table} NOT INDEXED WHERE survey_id = ?")
    };
    Ok(
        Stored::find_by_statement(raw(b, &sql, vec![survey_id.into()]))
            .all(&db.conn)
            .await?,
    )
}

/// Whether a SQLite table keeps a row id (and with it the order rows came in).
pub async fn has_rowid(db: &Db, table: &str) -> bool {
    let b = db.conn.get_database_backend();
    db.conn
        .execute_unprepared(&format!("SELECT rowid FROM {table} LIMIT 1"))
        .await
        .is_ok()
        && b == sea_orm::DbBackend::Sqlite
}

/// The stored text of each survey draft (as the `app` layer wrote it).
pub async fn survey_draft_payloads(db: &Db) -> Result<Vec<(String, String)>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        draft_key: String,
        raw: String,
    }
    let b = db.conn.get_database_backend();
    let rows = Row::find_by_statement(raw(
        b,
        "SELECT draft_key, raw FROM survey_drafts ORDER BY draft_key",
        vec![],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.draft_key, r.raw)).collect())
}

/// The payloads of the queued jobs of one kind (mails, to read their links).
pub async fn job_payloads(db: &Db, kind: &str) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        payload: String,
    }
    let b = db.conn.get_database_backend();
    let rows = Row::find_by_statement(raw(
        b,
        "SELECT payload FROM jobs WHERE kind = ? ORDER BY id",
        vec![kind.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.payload).collect())
}

/// The tries of each queued job of one kind, oldest first.
pub async fn job_attempts(db: &Db, kind: &str) -> Result<Vec<i32>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        attempts: i32,
    }
    let b = db.conn.get_database_backend();
    let rows = Row::find_by_statement(raw(
        b,
        "SELECT attempts FROM jobs WHERE kind = ? ORDER BY id",
        vec![kind.into()],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.attempts).collect())
}

/// PostgreSQL: whether any page of a table's file holds `needle`, live row
/// or not (read with the `pageinspect` extension, which this creates).
pub async fn pg_table_file_contains(db: &Db, table: &str, needle: &[u8]) -> Result<bool, DbError> {
    #[derive(FromQueryResult)]
    struct Found {
        found: bool,
    }
    db.conn
        .execute_unprepared("CREATE EXTENSION IF NOT EXISTS pageinspect")
        .await?;
    let b = db.conn.get_database_backend();
    let found = Found::find_by_statement(raw(
        b,
        &format!(
            "SELECT COALESCE(bool_or(position(?::bytea IN get_raw_page('{table}', blk::int)) > 0), false) \
             AS found FROM generate_series(0, pg_relation_size('{table}') / 8192 - 1) blk"
        ),
        vec![needle.to_vec().into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(found.is_some_and(|f| f.found))
}

/// The keys of the rate-limit counters, as stored.
pub async fn throttle_keys(db: &Db) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        key: String,
    }
    let b = db.conn.get_database_backend();
    let rows = Row::find_by_statement(raw(b, "SELECT key FROM throttles ORDER BY key", vec![]))
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.key).collect())
}

/// The tables of the schema (SQLite: with the search index's own tables).
async fn table_names(db: &Db) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        name: String,
    }
    let b = db.conn.get_database_backend();
    let sql = match b {
        sea_orm::DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    };
    let rows = Row::find_by_statement(raw(b, sql, vec![]))
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// The tables in which some column of some row holds `needle` as text
/// (every column of every table, the search index included).
pub async fn tables_holding(db: &Db, needle: &str) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Col {
        name: String,
    }
    let b = db.conn.get_database_backend();
    let mut found = vec![];
    for table in table_names(db).await? {
        let (sql, placeholders) = match b {
            sea_orm::DbBackend::Postgres => (
                format!("SELECT COUNT(*) AS n FROM \"{table}\" t WHERE strpos(t::text, ?) > 0"),
                1,
            ),
            _ => {
                let cols = Col::find_by_statement(raw(
                    b,
                    "SELECT name FROM pragma_table_info(?)",
                    vec![table.clone().into()],
                ))
                .all(&db.conn)
                .await?;
                if cols.is_empty() {
                    continue;
                }
                let any = cols
                    .iter()
                    .map(|c| format!("instr(CAST(\"{}\" AS TEXT), ?) > 0", c.name))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                (
                    format!("SELECT COUNT(*) AS n FROM \"{table}\" WHERE {any}"),
                    cols.len(),
                )
            }
        };
        let values = vec![needle.into(); placeholders];
        if crate::count(&db.conn, raw(b, &sql, values)).await? > 0 {
            found.push(table);
        }
    }
    Ok(found)
}

/// PostgreSQL: the relations (tables, their indexes and out-of-line
/// storage) any page of whose files holds `needle`, live row or not.
pub async fn pg_relations_holding(db: &Db, needle: &[u8]) -> Result<Vec<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        name: String,
    }
    let b = db.conn.get_database_backend();
    let rels = Row::find_by_statement(raw(
        b,
        "SELECT c.oid::regclass::text AS name FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE (n.nspname = current_schema() OR (n.nspname = 'pg_toast' AND c.oid IN \
           (SELECT reltoastrelid FROM pg_class WHERE relnamespace = \
              (SELECT oid FROM pg_namespace WHERE nspname = current_schema())))) \
         AND c.relkind IN ('r', 'i', 't') ORDER BY 1",
        vec![],
    ))
    .all(&db.conn)
    .await?;
    let mut found = vec![];
    for r in rels {
        if pg_table_file_contains(db, &r.name, needle).await? {
            found.push(r.name);
        }
    }
    Ok(found)
}

/// Changes an audit entry's details the way someone with the database's
/// owner rights could, around the triggers that refuse it to everyone else.
pub async fn tamper_with_audit_entry(db: &Db, id: i64, details: &str) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let (off, on) = match b {
        sea_orm::DbBackend::Postgres => (
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change",
        ),
        _ => ("DROP TRIGGER audit_log_no_update", ""),
    };
    db.conn.execute_unprepared(off).await?;
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE audit_log SET details = ? WHERE id = ?",
            vec![details.into(), id.into()],
        ))
        .await?;
    if !on.is_empty() {
        db.conn.execute_unprepared(on).await?;
    }
    Ok(())
}

/// Tries to change and to delete an audit entry as the application could.
pub async fn try_to_change_audit_entry(db: &Db, id: i64) -> (bool, bool) {
    let b = db.conn.get_database_backend();
    let updated = db
        .conn
        .execute_raw(raw(
            b,
            "UPDATE audit_log SET details = 'x' WHERE id = ?",
            vec![id.into()],
        ))
        .await
        .is_ok();
    let deleted = db
        .conn
        .execute_raw(raw(
            b,
            "DELETE FROM audit_log WHERE id = ?",
            vec![id.into()],
        ))
        .await
        .is_ok();
    (updated, deleted)
}

/// Makes every waiting job due now (jobs queued with a delay, to coalesce).
pub async fn make_jobs_due(db: &Db) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE jobs SET run_at = ? WHERE failed_at IS NULL",
            vec![crate::now().into()],
        ))
        .await?;
    Ok(())
}

/// Spoils the stored result of an opinion map, so that its next computation fails.
pub async fn spoil_opinion_result(db: &Db, map_id: i64) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE opinion_results SET state = 'not a state' WHERE map_id = ?",
            vec![map_id.into()],
        ))
        .await?;
    Ok(())
}

/// Queues a recomputation of an opinion map, as a vote does.
pub async fn queue_opinion_update(db: &Db, map_id: i64) -> Result<(), DbError> {
    let txn = db.begin_write().await?;
    crate::opinion::queue_update(&txn, map_id).await?;
    txn.commit().await?;
    Ok(())
}

/// PostgreSQL: how many row versions of `table`, live or dead but not yet
/// vacuumed away, hold `needle` (read with `pageinspect`).
pub async fn pg_row_versions_holding(db: &Db, table: &str, needle: &[u8]) -> Result<u64, DbError> {
    db.conn
        .execute_unprepared("CREATE EXTENSION IF NOT EXISTS pageinspect")
        .await?;
    let b = db.conn.get_database_backend();
    crate::count(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT COUNT(*) AS n FROM generate_series(0, pg_relation_size('{table}') / 8192 - 1) blk, \
                 heap_page_items(get_raw_page('{table}', blk::int)) i \
                 WHERE i.t_data IS NOT NULL AND position(?::bytea IN i.t_data) > 0"
            ),
            vec![needle.to_vec().into()],
        ),
    )
    .await
}

/// Takes a survey out of the search index.
pub async fn unindex_survey(db: &Db, id: i64) -> Result<(), DbError> {
    use sea_orm::TransactionTrait;
    let txn = db.conn.begin().await?;
    crate::search::remove(&txn, "survey", id).await?;
    txn.commit().await?;
    Ok(())
}

/// What migration 14 runs: every published survey gets its search entry.
pub async fn reindex_published_surveys(db: &Db) -> Result<(), DbError> {
    use sea_orm::TransactionTrait;
    let txn = db.conn.begin().await?;
    crate::surveys::reindex_published(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Lets every suspension of `user_id` end a minute ago (to test its end).
pub async fn end_suspensions(db: &Db, user_id: i64) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let t = crate::now() - chrono::Duration::minutes(1);
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE suspensions SET ends_at = ? WHERE user_id = ?",
            vec![t.into(), user_id.into()],
        ))
        .await?;
    Ok(())
}

/// Moves an idea's submission `days` into the past (to test the time to an answer).
pub async fn age_idea(db: &Db, id: i64, days: i64) -> Result<(), DbError> {
    let b = db.conn.get_database_backend();
    let t = crate::now() - chrono::Duration::days(days);
    db.conn
        .execute_raw(raw(
            b,
            "UPDATE ideas SET created_at = ? WHERE id = ?",
            vec![t.into(), id.into()],
        ))
        .await?;
    Ok(())
}

/// What migration 28 runs: the dashboard's activity counted again from the
/// rows it counts, in place of what the commands kept.
pub async fn recount_activity(db: &Db) -> Result<(), DbError> {
    use sea_orm::TransactionTrait;
    let b = db.conn.get_database_backend();
    let txn = db.conn.begin().await?;
    txn.execute_unprepared("DELETE FROM activity_counts")
        .await?;
    txn.execute_unprepared("DELETE FROM activity_people")
        .await?;
    for stmt in crate::migrate::activity::backfill(b) {
        txn.execute_raw(stmt).await?;
    }
    txn.commit().await?;
    Ok(())
}
