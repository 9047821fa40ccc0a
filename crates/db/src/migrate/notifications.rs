//! Version 21: notifications. What a person is told of (a row per person and
//! event, for their list and their mails), how they want each kind delivered,
//! which processes they follow, which phase starts were already announced and
//! when the digests last went out.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    use ForeignKeyAction::Cascade;
    vec![
        b.build(
            Table::create()
                .table("notifications")
                .col(id())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("kind").string().not_null())
                // What it is about, as a path: `/ideas/7`, `/processes/3`.
                .col(ColumnDef::new("link").string().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("detail").text().not_null())
                // `instant`, `daily`, `weekly` or `off`: the person's setting
                // for the kind when it happened.
                .col(ColumnDef::new("delivery").string().not_null())
                .col(timestamp("created_at"))
                .col(ColumnDef::new("read_at").timestamp_with_time_zone().null())
                // Set once it went out by mail, alone or in a digest.
                .col(
                    ColumnDef::new("mailed_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk("notifications", "user_id", "users", Cascade)),
        ),
        b.build(
            Index::create()
                .name("notifications_user")
                .table("notifications")
                .col("user_id")
                .col("id"),
        ),
        b.build(
            Index::create()
                .name("notifications_unmailed")
                .table("notifications")
                .col("delivery")
                .col("mailed_at"),
        ),
        b.build(
            Table::create()
                .table("notification_settings")
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("kind").string().not_null())
                .col(ColumnDef::new("delivery").string().not_null())
                .primary_key(Index::create().col("user_id").col("kind"))
                .foreign_key(&mut fk(
                    "notification_settings",
                    "user_id",
                    "users",
                    Cascade,
                )),
        ),
        b.build(
            Table::create()
                .table("process_follows")
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("process_id").col("user_id"))
                .foreign_key(&mut fk(
                    "process_follows",
                    "process_id",
                    "processes",
                    Cascade,
                ))
                .foreign_key(&mut fk("process_follows", "user_id", "users", Cascade)),
        ),
        b.build(
            Index::create()
                .name("process_follows_user")
                .table("process_follows")
                .col("user_id"),
        ),
        b.build(
            Table::create()
                .table("phase_notices")
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("phase").string().not_null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("process_id").col("phase"))
                .foreign_key(&mut fk("phase_notices", "process_id", "processes", Cascade)),
        ),
        b.build(
            Table::create()
                .table("digest_runs")
                .col(
                    ColumnDef::new("frequency")
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(timestamp("ran_at")),
        ),
    ]
}
