//! Version 20: held contributions and suspensions of people.
//!
//! A comment waiting for a moderator carries why in `held` (`review` in a
//! pre-moderated process, `spam` when the spam rules caught it, `rejected`
//! once refused); every listing shows only rows where it is empty. A
//! process is pre-moderated when `premoderated` is set.
//!
//! A row per suspension, kept after it ended or was lifted, so moderators
//! see the history; `ends_at` is empty for a suspension for good.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::alter().table("processes").add_column(
                ColumnDef::new("premoderated")
                    .boolean()
                    .not_null()
                    .default(false),
            ),
        ),
        b.build(
            Table::alter()
                .table("comments")
                .add_column(ColumnDef::new("held").string().null()),
        ),
        b.build(
            Index::create()
                .name("comments_held")
                .table("comments")
                .col("held"),
        ),
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
