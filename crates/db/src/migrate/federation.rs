//! Version 22: ActivityPub federation of processes. Each process has a key
//! pair it signs its deliveries with; fediverse accounts follow it; what it
//! posts is kept for its outbox and for recognising replies; a remote actor
//! who replies is a local account without address or password, so that its
//! comments are moderated, counted and rate-limited like everyone's.

use sea_orm::sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("federation_keys")
                .col(
                    ColumnDef::new("process_id")
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("private_pem").text().not_null())
                .col(ColumnDef::new("public_pem").text().not_null())
                .col(timestamp("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("federation_keys", "process_id")
                        .to("processes", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Table::create()
                .table("federation_followers")
                .col(id())
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("actor").string().not_null())
                .col(ColumnDef::new("inbox").string().not_null())
                .col(timestamp("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("federation_followers", "process_id")
                        .to("processes", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("federation_followers_actor")
                .table("federation_followers")
                .col("process_id")
                .col("actor")
                .unique(),
        ),
        b.build(
            Table::create()
                .table("federation_posts")
                .col(id())
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("kind").string().not_null())
                .col(ColumnDef::new("title").text().not_null())
                .col(ColumnDef::new("body").text().not_null())
                .col(ColumnDef::new("path").string().not_null())
                .col(timestamp("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("federation_posts", "process_id")
                        .to("processes", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("federation_posts_process")
                .table("federation_posts")
                .col("process_id")
                .col("id"),
        ),
        b.build(
            Table::create()
                .table("federation_actors")
                .col(id())
                .col(ColumnDef::new("actor").string().not_null().unique_key())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("handle").string().not_null())
                .col(ColumnDef::new("url").string().not_null())
                .col(timestamp("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("federation_actors", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Table::create()
                .table("federation_replies")
                .col(
                    ColumnDef::new("comment_id")
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("object").string().not_null().unique_key())
                .col(ColumnDef::new("url").string().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from("federation_replies", "comment_id")
                        .to("comments", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
    ]
}
