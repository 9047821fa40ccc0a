//! Surveys: questions, anonymous responses, invitations with one-time tokens,
//! drafts for saving and continuing later.
//!
//! Responses carry no link to a person: no user, no token, no invitation and, for
//! invitation surveys, no time. Who took part is recorded apart from what they
//! answered (`survey_invitations.used`, `survey_participants`).

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{counter, date, fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    use ForeignKeyAction::{Cascade, SetNull};
    vec![
        b.build(
            Table::create()
                .table("surveys")
                .col(id())
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("welcome_md").text().not_null())
                .col(ColumnDef::new("welcome_html").text().not_null())
                .col(ColumnDef::new("end_md").text().not_null())
                .col(ColumnDef::new("end_html").text().not_null())
                .col(ColumnDef::new("access").string().not_null())
                .col(ColumnDef::new("status").string().not_null())
                .col(date("opens_on"))
                .col(date("closes_on"))
                .col(counter("response_count"))
                .col(counter("question_seq"))
                .col(
                    ColumnDef::new("results_published")
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new("results_intro_md")
                        .text()
                        .not_null()
                        .default(""),
                )
                .col(
                    ColumnDef::new("results_intro_html")
                        .text()
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .foreign_key(&mut fk("surveys", "process_id", "processes", Cascade))
                .foreign_key(&mut fk("surveys", "created_by", "users", SetNull)),
        ),
        b.build(
            Index::create()
                .name("surveys_process")
                .table("surveys")
                .col("process_id"),
        ),
        b.build(
            Table::create()
                .table("survey_questions")
                .col(id())
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(ColumnDef::new("code").string().not_null())
                .col(ColumnDef::new("kind").string().not_null())
                .col(ColumnDef::new("page").integer().not_null())
                .col(ColumnDef::new("position").integer().not_null())
                .col(ColumnDef::new("text").text().not_null())
                .col(ColumnDef::new("help").text().not_null())
                .col(ColumnDef::new("required").boolean().not_null())
                .col(ColumnDef::new("config").text().not_null())
                .col(ColumnDef::new("cond_question_id").big_integer().null())
                .col(ColumnDef::new("cond_value").string().null())
                .col(
                    ColumnDef::new("deleted")
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new("in_report")
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("survey_questions", "survey_id", "surveys", Cascade))
                .foreign_key(&mut fk(
                    "survey_questions",
                    "cond_question_id",
                    "survey_questions",
                    SetNull,
                )),
        ),
        b.build(
            Index::create()
                .name("survey_questions_survey")
                .table("survey_questions")
                .col("survey_id")
                .col("page")
                .col("position"),
        ),
        // Ids are random, so that their order tells nothing about when an answer came.
        b.build(
            Table::create()
                .table("survey_responses")
                .col(ColumnDef::new("id").big_integer().not_null().primary_key())
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(date("submitted_on"))
                .foreign_key(&mut fk("survey_responses", "survey_id", "surveys", Cascade)),
        ),
        b.build(
            Index::create()
                .name("survey_responses_survey")
                .table("survey_responses")
                .col("survey_id")
                .col("id"),
        ),
        b.build(
            Table::create()
                .table("survey_answers")
                .col(ColumnDef::new("response_id").big_integer().not_null())
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(ColumnDef::new("question_id").big_integer().not_null())
                .col(ColumnDef::new("item").string().not_null())
                .col(ColumnDef::new("value").text().not_null())
                .col(ColumnDef::new("num").double().null())
                .foreign_key(&mut fk(
                    "survey_answers",
                    "response_id",
                    "survey_responses",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "survey_answers",
                    "question_id",
                    "survey_questions",
                    Cascade,
                )),
        ),
        // Counting per choice reads this index alone.
        b.build(
            Index::create()
                .name("survey_answers_count")
                .table("survey_answers")
                .col("survey_id")
                .col("question_id")
                .col("item")
                .col("value"),
        ),
        // Filters and cross-tables: the responses that gave one answer.
        b.build(
            Index::create()
                .name("survey_answers_by_value")
                .table("survey_answers")
                .col("question_id")
                .col("value")
                .col("response_id"),
        ),
        b.build(
            Index::create()
                .name("survey_answers_response")
                .table("survey_answers")
                .col("response_id"),
        ),
        b.build(
            Table::create()
                .table("survey_invitations")
                .col(id())
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(ColumnDef::new("email").string().not_null())
                .col(ColumnDef::new("used").boolean().not_null().default(false))
                .col(counter("mails_sent"))
                .col(
                    ColumnDef::new("last_mailed_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(timestamp("created_at"))
                .foreign_key(&mut fk(
                    "survey_invitations",
                    "survey_id",
                    "surveys",
                    Cascade,
                )),
        ),
        b.build(
            Index::create()
                .name("survey_invitations_email")
                .table("survey_invitations")
                .col("survey_id")
                .col("email")
                .unique(),
        ),
        // A reminder brings a new link; earlier links stay valid until the invitation is used.
        b.build(
            Table::create()
                .table("survey_tokens")
                .col(
                    ColumnDef::new("token_hash")
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("invitation_id").big_integer().not_null())
                .foreign_key(&mut fk(
                    "survey_tokens",
                    "invitation_id",
                    "survey_invitations",
                    Cascade,
                )),
        ),
        b.build(
            Table::create()
                .table("survey_participants")
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .primary_key(Index::create().col("survey_id").col("user_id"))
                .foreign_key(&mut fk(
                    "survey_participants",
                    "survey_id",
                    "surveys",
                    Cascade,
                ))
                .foreign_key(&mut fk("survey_participants", "user_id", "users", Cascade)),
        ),
        b.build(
            Table::create()
                .table("survey_drafts")
                .col(
                    ColumnDef::new("draft_key")
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("survey_id").big_integer().not_null())
                .col(ColumnDef::new("page").integer().not_null())
                .col(ColumnDef::new("raw").text().not_null())
                .col(timestamp("updated_at"))
                .foreign_key(&mut fk("survey_drafts", "survey_id", "surveys", Cascade)),
        ),
    ]
}
