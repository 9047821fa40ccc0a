//! Version 26: ideas hidden by the moderation, behind the public note of the
//! rule they broke (as comments are).

use sea_orm::DbBackend;
use sea_orm::Statement;
use sea_orm::sea_query::{ColumnDef, Table};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::alter()
                .table("ideas")
                .add_column(ColumnDef::new("hidden_rule").string().null()),
        ),
    ]
}
