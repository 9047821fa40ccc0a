//! Version 16: the documents of remote fediverse actors (their public keys),
//! kept with the time they were fetched, so that an inbox does not fetch the
//! sender again for every activity.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DbBackend, Statement};

use super::timestamp;

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("federation_remote_actors")
                .col(ColumnDef::new("url").string().not_null().primary_key())
                .col(ColumnDef::new("document").text().not_null())
                .col(timestamp("fetched_at")),
        ),
    ]
}
