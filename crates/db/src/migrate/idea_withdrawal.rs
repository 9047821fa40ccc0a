//! Version 15: ideas that their authors withdraw (with the public reason), and
//! the count of survey answers from browsers that had answered before (a
//! counter on the survey, never a mark on a response).

use sea_orm::DbBackend;
use sea_orm::Statement;
use sea_orm::sea_query::{ColumnDef, Table};

use super::counter;

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    // SQLite adds one column per ALTER TABLE.
    vec![
        b.build(
            Table::alter().table("ideas").add_column(
                ColumnDef::new("withdrawn_at")
                    .timestamp_with_time_zone()
                    .null(),
            ),
        ),
        b.build(
            Table::alter()
                .table("ideas")
                .add_column(ColumnDef::new("withdrawal_reason").text().null()),
        ),
        b.build(
            Table::alter()
                .table("surveys")
                .add_column(counter("repeat_responses")),
        ),
    ]
}
