//! Version 8: one index for every count of a survey's answers.
//!
//! `survey_answers_by_answer` holds (question, item, value, response id);
//! question ids are unique across surveys, so the survey need not lead it.
//! Counting per answer reads it in group order as `survey_answers_count` did;
//! the responses that gave one answer (a filter) are one contiguous range of
//! it, read without touching the table; a filtered count reads the counted
//! questions' answers in that order and keeps those of the filter's responses,
//! so no temporary B-tree sorts half a million joined rows; a cross-table
//! reads its first question's answers from it; and a distinct count of
//! respondents finds the response ids beside the question. It replaces
//! `survey_answers_count` and `survey_answers_by_value`, whose work it does, so
//! an answer updates two indexes instead of three.

use sea_orm::sea_query::Index;
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Index::create()
                .name("survey_answers_by_answer")
                .table("survey_answers")
                .col("question_id")
                .col("item")
                .col("value")
                .col("response_id"),
        ),
        b.build(
            Index::drop()
                .name("survey_answers_count")
                .table("survey_answers"),
        ),
        b.build(
            Index::drop()
                .name("survey_answers_by_value")
                .table("survey_answers"),
        ),
    ]
}
