//! Version 25: a map's votes by the time they were cast or changed, so that
//! the recomputation reads only what changed since its last run.

use sea_orm::sea_query::Index;
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Index::create()
                .name("opinion_votes_changed")
                .table("opinion_votes")
                .col("map_id")
                .col("updated_at"),
        ),
    ]
}
