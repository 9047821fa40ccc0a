//! Footprints: what one person has taken part in, found by index alone.
//!
//! A logged-in reader is served a page shared by everyone of the same role
//! unless the page shows something of theirs. Knowing that takes one look at
//! each table a person leaves marks in, by person: these indexes make each
//! look a seek instead of a scan.

use sea_orm::sea_query::Index;
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    [
        ("comments_author", "comments", "author_id"),
        ("ideas_author", "ideas", "author_id"),
        ("idea_supports_user", "idea_supports", "user_id"),
        ("idea_follows_user", "idea_follows", "user_id"),
        ("idea_coauthors_user", "idea_coauthors", "user_id"),
        ("idea_suggestions_author", "idea_suggestions", "author_id"),
    ]
    .into_iter()
    .map(|(name, table, col)| b.build(Index::create().name(name).table(table).col(col)))
    .collect()
}
