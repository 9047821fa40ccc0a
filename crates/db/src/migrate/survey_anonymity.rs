//! Version 10: answers keep no order that could tell who gave them.
//!
//! On SQLite, responses, their answers and the accounts that took part are
//! moved into `WITHOUT ROWID` tables keyed by the random response id (or the
//! account), so no row id records the order in which they arrived; an answer is
//! keyed by (response, question, position) instead of a row id. On
//! PostgreSQL the heap keeps arrival order in `ctid` and `xmin` whatever the
//! key; there `surveys::seal` rewrites a survey's answers in random order
//! under one transaction after they arrive, which needs the answers to stand
//! without a foreign key to their response (both are moved in one statement;
//! an answer goes with its question, and so with its survey, as before).
//! On SQLite the rows are copied in key order, so that not even the new
//! tables' page layout follows arrival order; on PostgreSQL every survey
//! with such answers gets a seal job. Invitations lose `mails_sent` and
//! `last_mailed_at`: how often an address was reminded told whether it had
//! answered before a reminder.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{date, fk};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    if b == DbBackend::Postgres {
        return postgres(b);
    }
    let without_rowid = |mut s: Statement| {
        s.sql.push_str(" WITHOUT ROWID");
        s
    };
    let sql = |s: &str| Statement::from_string(b, s);
    vec![
        without_rowid(
            b.build(
                Table::create()
                    .table("survey_answers_v10")
                    // The key's columns first: SQLite 3.40's integrity_check (the
                    // version of Debian 12's sqlite3 and of Python) reports false
                    // NULLs in a WITHOUT ROWID table whose key columns come later.
                    .col(ColumnDef::new("response_id").big_integer().not_null())
                    .col(ColumnDef::new("question_id").big_integer().not_null())
                    .col(ColumnDef::new("pos").integer().not_null())
                    .col(ColumnDef::new("survey_id").big_integer().not_null())
                    .col(ColumnDef::new("item").string().not_null())
                    .col(ColumnDef::new("value").text().not_null())
                    .col(ColumnDef::new("num").double().null())
                    .primary_key(
                        Index::create()
                            .col("response_id")
                            .col("question_id")
                            .col("pos"),
                    )
                    .foreign_key(&mut fk(
                        "survey_answers_v10",
                        "survey_id",
                        "surveys",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "survey_answers_v10",
                        "question_id",
                        "survey_questions",
                        ForeignKeyAction::Cascade,
                    )),
            ),
        ),
        sql(
            "INSERT INTO survey_answers_v10 (response_id, survey_id, question_id, pos, item, value, num) \
             SELECT response_id, survey_id, question_id, \
             row_number() OVER (PARTITION BY response_id, question_id ORDER BY rowid) - 1, \
             item, value, num FROM survey_answers",
        ),
        without_rowid(
            b.build(
                Table::create()
                    .table("survey_responses_v10")
                    .col(ColumnDef::new("id").big_integer().not_null().primary_key())
                    .col(ColumnDef::new("survey_id").big_integer().not_null())
                    .col(date("submitted_on"))
                    .foreign_key(&mut fk(
                        "survey_responses_v10",
                        "survey_id",
                        "surveys",
                        ForeignKeyAction::Cascade,
                    )),
            ),
        ),
        sql(
            "INSERT INTO survey_responses_v10 (id, survey_id, submitted_on) \
             SELECT id, survey_id, submitted_on FROM survey_responses",
        ),
        without_rowid(
            b.build(
                Table::create()
                    .table("survey_participants_v10")
                    .col(ColumnDef::new("survey_id").big_integer().not_null())
                    .col(ColumnDef::new("user_id").big_integer().not_null())
                    .primary_key(Index::create().col("survey_id").col("user_id"))
                    .foreign_key(&mut fk(
                        "survey_participants_v10",
                        "survey_id",
                        "surveys",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "survey_participants_v10",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    )),
            ),
        ),
        sql("INSERT INTO survey_participants_v10 (survey_id, user_id) \
             SELECT survey_id, user_id FROM survey_participants ORDER BY survey_id, user_id"),
        sql("DROP TABLE survey_answers"),
        sql("DROP TABLE survey_responses"),
        sql("DROP TABLE survey_participants"),
        sql("ALTER TABLE survey_answers_v10 RENAME TO survey_answers"),
        sql("ALTER TABLE survey_responses_v10 RENAME TO survey_responses"),
        sql("ALTER TABLE survey_participants_v10 RENAME TO survey_participants"),
        b.build(
            Index::create()
                .name("survey_responses_survey")
                .table("survey_responses")
                .col("survey_id")
                .col("id"),
        ),
        // The table itself is ordered by response: no second index for that.
        b.build(
            Index::create()
                .name("survey_answers_by_answer")
                .table("survey_answers")
                .col("question_id")
                .col("item")
                .col("value")
                .col("response_id"),
        ),
        sql("ALTER TABLE survey_invitations DROP COLUMN mails_sent"),
        sql("ALTER TABLE survey_invitations DROP COLUMN last_mailed_at"),
    ]
}

fn postgres(b: DbBackend) -> Vec<Statement> {
    [
        "ALTER TABLE survey_answers ADD COLUMN pos integer NOT NULL DEFAULT 0",
        "UPDATE survey_answers a SET pos = n.rn FROM (SELECT ctid, \
         row_number() OVER (PARTITION BY response_id, question_id ORDER BY ctid) - 1 AS rn \
         FROM survey_answers) n WHERE a.ctid = n.ctid",
        "ALTER TABLE survey_answers ALTER COLUMN pos DROP DEFAULT",
        "ALTER TABLE survey_answers ADD PRIMARY KEY (response_id, question_id, pos)",
        "ALTER TABLE survey_answers DROP CONSTRAINT IF EXISTS survey_answers_response_id_fkey",
        "ALTER TABLE survey_invitations DROP COLUMN mails_sent, DROP COLUMN last_mailed_at",
        // The answers given so far lose their order at the next run of the jobs.
        "INSERT INTO jobs (kind, payload, attempts, run_at, created_at) \
         SELECT 'survey_seal', '{\"survey\":' || id || '}', 0, now(), now() FROM surveys \
         WHERE access IN ('invitation', 'registered') AND response_count > 0",
    ]
    .into_iter()
    .map(|s| Statement::from_string(b, s))
    .collect()
}
