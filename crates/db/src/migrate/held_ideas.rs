//! Version 27: held ideas and the moderation's mark on ideas and statements.
//!
//! An idea waiting for a moderator carries why in `held`, as a comment does
//! (`review`, `spam`, `rejected`); every public listing shows only rows
//! where it is empty. `moderated_at` says when the moderation last edited
//! personal data out of an idea or an opinion statement, for the visible mark.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::alter()
                .table("ideas")
                .add_column(ColumnDef::new("held").string().null()),
        ),
        b.build(
            Index::create()
                .name("ideas_held")
                .table("ideas")
                .col("held"),
        ),
        b.build(
            Table::alter().table("ideas").add_column(
                ColumnDef::new("moderated_at")
                    .timestamp_with_time_zone()
                    .null(),
            ),
        ),
        b.build(
            Table::alter().table("opinion_statements").add_column(
                ColumnDef::new("moderated_at")
                    .timestamp_with_time_zone()
                    .null(),
            ),
        ),
    ]
}
