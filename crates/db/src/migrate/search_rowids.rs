//! Version 6: on SQLite, every search entry moves to the rowid derived from
//! its kind and id (`ref_id * 8 + code`, see `search::rowid`), so that
//! entries are replaced and removed by rowid. PostgreSQL keys its table by
//! (kind, ref_id) already.

use sea_orm::{DbBackend, Statement};

pub(super) fn search_rowids(b: DbBackend) -> Vec<Statement> {
    if b == DbBackend::Postgres {
        return vec![];
    }
    [
        "CREATE VIRTUAL TABLE search_index_by_rowid USING fts5(kind UNINDEXED, ref_id UNINDEXED, \
         process_id UNINDEXED, title UNINDEXED, body UNINDEXED, terms, \
         tokenize = 'unicode61 remove_diacritics 2')",
        "INSERT INTO search_index_by_rowid (rowid, kind, ref_id, process_id, title, body, terms) \
         SELECT CAST(ref_id AS INTEGER) * 8 + CASE kind WHEN 'process' THEN 1 \
         WHEN 'comment' THEN 2 WHEN 'idea' THEN 3 WHEN 'document' THEN 4 END, \
         kind, ref_id, process_id, title, body, terms FROM search_index",
        "DROP TABLE search_index",
        "ALTER TABLE search_index_by_rowid RENAME TO search_index",
    ]
    .into_iter()
    .map(|sql| Statement::from_string(b, sql))
    .collect()
}
