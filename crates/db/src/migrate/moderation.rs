//! Version 19: reports of contributions, moderators' decisions on them with
//! the appeal against each, and on comments the marks of a decision (hidden
//! under a rule, or edited by the moderation).

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("moderation_decisions")
                .col(id())
                .col(ColumnDef::new("item_kind").string().not_null())
                .col(ColumnDef::new("item_id").big_integer().not_null())
                // Who may appeal: the item's author when it was decided.
                .col(ColumnDef::new("author_id").big_integer().null())
                .col(ColumnDef::new("moderator_id").big_integer().not_null())
                .col(ColumnDef::new("action").string().not_null())
                .col(ColumnDef::new("rule").string().null())
                .col(ColumnDef::new("statement").text().not_null())
                .col(timestamp("created_at"))
                .col(ColumnDef::new("appeal_text").text().null())
                .col(
                    ColumnDef::new("appealed_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new("appeal_outcome").string().null())
                .col(ColumnDef::new("appeal_moderator_id").big_integer().null())
                .col(
                    ColumnDef::new("appeal_decided_at")
                        .timestamp_with_time_zone()
                        .null(),
                ),
        ),
        b.build(
            Index::create()
                .name("moderation_decisions_by_item")
                .table("moderation_decisions")
                .col("item_kind")
                .col("item_id"),
        ),
        b.build(
            Table::create()
                .table("reports")
                .col(id())
                .col(ColumnDef::new("item_kind").string().not_null())
                .col(ColumnDef::new("item_id").big_integer().not_null())
                // None for anonymous readers, and after the reporter's
                // account was deleted.
                .col(ColumnDef::new("reporter_id").big_integer().null())
                // Where an anonymous reader wants the decision; removed
                // once it is mailed.
                .col(ColumnDef::new("reporter_email").string().null())
                .col(ColumnDef::new("reporter_locale").string().not_null())
                .col(ColumnDef::new("reason").string().not_null())
                .col(ColumnDef::new("note").text().not_null())
                .col(timestamp("created_at"))
                .col(ColumnDef::new("decision_id").big_integer().null()),
        ),
        b.build(
            Index::create()
                .name("reports_once_per_person")
                .table("reports")
                .col("item_kind")
                .col("item_id")
                .col("reporter_id")
                .unique(),
        ),
        b.build(
            Index::create()
                .name("reports_open")
                .table("reports")
                .col("decision_id")
                .col("created_at"),
        ),
        // SQLite adds one column per ALTER TABLE.
        b.build(
            Table::alter()
                .table("comments")
                .add_column(ColumnDef::new("hidden_rule").string().null()),
        ),
        b.build(
            Table::alter().table("comments").add_column(
                ColumnDef::new("moderated_at")
                    .timestamp_with_time_zone()
                    .null(),
            ),
        ),
    ]
}
