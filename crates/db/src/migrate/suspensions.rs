//! Version 20: suspensions of people. A row per suspension, kept after it
//! ended or was lifted, so moderators see the history; `ends_at` is empty
//! for a suspension for good.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("suspensions")
                .col(id())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("reason").text().not_null())
                .col(timestamp("created_at"))
                .col(ColumnDef::new("ends_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(
                    ColumnDef::new("lifted_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new("lifted_by").big_integer().null())
                .foreign_key(&mut fk(
                    "suspensions",
                    "user_id",
                    "users",
                    ForeignKeyAction::Cascade,
                )),
        ),
        b.build(
            Index::create()
                .name("suspensions_by_user")
                .table("suspensions")
                .col("user_id"),
        ),
    ]
}
