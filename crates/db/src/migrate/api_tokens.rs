//! Version 24: personal API tokens of staff. Only a hash of each token is
//! kept; its scopes are a space-separated list; a revoked token stays listed
//! (who had access, and until when) but opens nothing.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("api_tokens")
                .col(id())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("name").string().not_null())
                .col(ColumnDef::new("token_hash").string().not_null())
                .col(ColumnDef::new("scopes").string().not_null())
                .col(timestamp("created_at"))
                .col(
                    ColumnDef::new("revoked_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    "api_tokens",
                    "user_id",
                    "users",
                    ForeignKeyAction::Cascade,
                )),
        ),
        b.build(
            Index::create()
                .name("api_tokens_hash")
                .table("api_tokens")
                .col("token_hash")
                .unique(),
        ),
        b.build(
            Index::create()
                .name("api_tokens_user")
                .table("api_tokens")
                .col("user_id"),
        ),
    ]
}
