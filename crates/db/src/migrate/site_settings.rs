//! Version 14: the site's own settings (its name, its logo), one row per
//! setting, so that later settings (colours, start-page texts, links) need no
//! new table. A logo is a row of `images`, named by its id.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("site_settings")
                .col(ColumnDef::new("name").string().not_null().primary_key())
                .col(ColumnDef::new("value").text().not_null()),
        ),
    ]
}
