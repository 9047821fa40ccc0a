//! Version 17: the legal and information pages administrators edit (imprint,
//! privacy statement, terms of use, accessibility statement, easy-read), one
//! Markdown text per page and language. A page without a row shows the
//! built-in default.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::timestamp;

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("site_pages")
                .col(ColumnDef::new("slug").string().not_null())
                .col(ColumnDef::new("lang").string().not_null())
                .col(ColumnDef::new("body_md").text().not_null())
                .col(timestamp("updated_at"))
                .primary_key(Index::create().col("slug").col("lang")),
        ),
    ]
}
