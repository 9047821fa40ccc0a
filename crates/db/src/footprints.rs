//! A person's footprint: the discussions and ideas they have taken part in.
//!
//! Pages are shared between logged-in readers of the same role; a page that
//! belongs to something in a reader's footprint may show marks of theirs (their
//! comment, their reaction, their support) and is rendered for them alone.

use std::collections::HashSet;

use sea_orm::FromQueryResult;

use crate::{Db, DbError, raw};

/// Something a page is about, as far as a reader's own marks on it go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Involvement {
    /// The discussion of a process.
    Process(i64),
    /// An idea: its discussion, support, following, authorship, suggestions.
    Idea(i64),
}

impl Involvement {
    fn of(kind: &str, id: i64) -> Option<Involvement> {
        match kind {
            "process" => Some(Involvement::Process(id)),
            "idea" => Some(Involvement::Idea(id)),
            _ => None,
        }
    }
}

/// Everything `user_id` has left a mark on, in one query.
pub async fn of_user(db: &Db, user_id: i64) -> Result<HashSet<Involvement>, DbError> {
    let b = db.conn().get_database_backend();
    let rows = Mark::find_by_statement(raw(
        b,
        "SELECT subject_kind AS k, subject_id AS id FROM comments WHERE author_id = ? \
             UNION SELECT c.subject_kind, c.subject_id FROM comment_reactions r \
               JOIN comments c ON c.id = r.comment_id WHERE r.user_id = ? \
             UNION SELECT 'idea', id FROM ideas WHERE author_id = ? \
             UNION SELECT 'idea', idea_id FROM idea_supports WHERE user_id = ? \
             UNION SELECT 'idea', idea_id FROM idea_follows WHERE user_id = ? \
             UNION SELECT 'idea', idea_id FROM idea_coauthors WHERE user_id = ? \
             UNION SELECT 'idea', idea_id FROM idea_suggestions WHERE author_id = ? \
             UNION SELECT 'process', process_id FROM process_follows WHERE user_id = ?",
        vec![user_id.into(); 8],
    ))
    .all(db.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| Involvement::of(&m.k, m.id))
        .collect())
}

#[derive(FromQueryResult)]
struct Mark {
    k: String,
    id: i64,
}
