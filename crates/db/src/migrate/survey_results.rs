//! Survey results: the answers of one response, found by index alone.
//!
//! A filter ("only those who chose X") and a cross-table start from the
//! responses that gave one answer and look up their other answers. With the
//! answer's question, item and value in the index beside the response id, each
//! lookup is one index seek and never a read of the table row; it replaces the
//! plain index on the response id, whose work it does too.

use sea_orm::sea_query::Index;
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Index::create()
                .name("survey_answers_of_response")
                .table("survey_answers")
                .col("response_id")
                .col("question_id")
                .col("item")
                .col("value"),
        ),
        b.build(
            Index::drop()
                .name("survey_answers_response")
                .table("survey_answers"),
        ),
    ]
}
