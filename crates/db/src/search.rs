//! Full-text search over processes, comments, ideas and documents, German-aware on both
//! databases: PostgreSQL's `german` text-search configuration, and on SQLite an
//! FTS5 table over words reduced to their stems by the German Snowball stemmer,
//! so that "Radwege" finds "Radweg".

use rust_stemmers::{Algorithm, Stemmer};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

use crate::{Db, DbError, raw};

#[derive(Debug, Clone, FromQueryResult)]
pub struct Hit {
    pub kind: String,
    pub ref_id: i64,
    pub process_id: i64,
    pub title: String,
    pub body: String,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// The stems of every word in `text`, space-separated.
pub fn stems(text: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::German);
    words(text)
        .map(|w| stemmer.stem(&w).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The kinds of search entry and their codes. On SQLite an entry's rowid in
/// the FTS5 table is `ref_id * KIND_SLOTS + code`, so that replacing or
/// removing an entry finds it by rowid instead of scanning the table's
/// unindexed columns. A new kind takes the next free code (6 to 7).
const KINDS: &[(&str, i64)] = &[
    ("process", 1),
    ("comment", 2),
    ("idea", 3),
    ("document", 4),
    ("survey", 5),
];

/// The kinds a search can be narrowed to, in the order their results come:
/// what people take part in (processes, ideas, surveys) before documents,
/// and comments last, as a process's comments carry its title.
pub const ORDER: &[&str] = &["process", "idea", "survey", "document", "comment"];
const KIND_SLOTS: i64 = 8;

fn rowid(kind: &str, ref_id: i64) -> Result<i64, DbError> {
    let code = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, c)| *c)
        .ok_or_else(|| DbError::Corrupt(format!("search entry of unknown kind {kind}")))?;
    ref_id
        .checked_mul(KIND_SLOTS)
        .map(|r| r + code)
        .ok_or_else(|| DbError::Corrupt(format!("search entry id {ref_id} out of range")))
}

/// Sets the search entry of `kind` `ref_id`, replacing any earlier one.
pub(crate) async fn put<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    ref_id: i64,
    process_id: i64,
    title: &str,
    body: &str,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    match b {
        DbBackend::Postgres => {
            conn.execute_raw(raw(
                b,
                "INSERT INTO search_index (kind, ref_id, process_id, title, body, document) \
                 VALUES (?, ?, ?, ?, ?, setweight(to_tsvector('german', ?), 'A') || to_tsvector('german', ?)) \
                 ON CONFLICT (kind, ref_id) DO UPDATE SET process_id = excluded.process_id, \
                 title = excluded.title, body = excluded.body, document = excluded.document",
                vec![
                    kind.into(),
                    ref_id.into(),
                    process_id.into(),
                    title.into(),
                    body.into(),
                    title.into(),
                    body.into(),
                ],
            ))
            .await?;
            Ok(())
        }
        _ => {
            remove(conn, kind, ref_id).await?;
            insert_sqlite(conn, kind, ref_id, process_id, title, body).await
        }
    }
}

/// The search entry of something created in the same transaction, which
/// cannot have one yet.
pub(crate) async fn add<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    ref_id: i64,
    process_id: i64,
    title: &str,
    body: &str,
) -> Result<(), DbError> {
    match conn.get_database_backend() {
        DbBackend::Postgres => put(conn, kind, ref_id, process_id, title, body).await,
        _ => insert_sqlite(conn, kind, ref_id, process_id, title, body).await,
    }
}

async fn insert_sqlite<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    ref_id: i64,
    process_id: i64,
    title: &str,
    body: &str,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    conn.execute_raw(raw(
        b,
        "INSERT INTO search_index (rowid, kind, ref_id, process_id, title, body, terms) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            rowid(kind, ref_id)?.into(),
            kind.into(),
            ref_id.into(),
            process_id.into(),
            title.into(),
            body.into(),
            stems(&format!("{title} {body}")).into(),
        ],
    ))
    .await?;
    Ok(())
}

pub(crate) async fn remove<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    ref_id: i64,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    let stmt = match b {
        DbBackend::Postgres => raw(
            b,
            "DELETE FROM search_index WHERE kind = ? AND ref_id = ?",
            vec![kind.into(), ref_id.into()],
        ),
        _ => raw(
            b,
            "DELETE FROM search_index WHERE rowid = ?",
            vec![rowid(kind, ref_id)?.into()],
        ),
    };
    conn.execute_raw(stmt).await?;
    Ok(())
}

fn fts_terms(query: &str) -> Vec<String> {
    stems(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\""))
        .collect()
}

fn fts_match(terms: &[String]) -> String {
    format!("terms : {}", terms.join(" "))
}

/// A subquery selecting the `ref_id`s of entries of `kind` that match every
/// word of `query`, with its one parameter; None when the query has no words.
pub(crate) fn ids_matching(
    b: DbBackend,
    kind: &str,
    query: &str,
) -> Option<(String, sea_orm::Value)> {
    // `kind` is one of this crate's constants, never user input.
    match b {
        DbBackend::Postgres => words(query).next().map(|_| {
            (
                format!(
                    "SELECT ref_id FROM search_index WHERE kind = '{kind}' AND document @@ plainto_tsquery('german', ?)"
                ),
                query.into(),
            )
        }),
        _ => {
            let terms = fts_terms(query);
            (!terms.is_empty()).then(|| {
                (
                    format!(
                        "SELECT CAST(ref_id AS INTEGER) FROM search_index WHERE search_index MATCH ? AND kind = '{kind}'"
                    ),
                    fts_match(&terms).into(),
                )
            })
        }
    }
}

/// One page of a search, and how many entries of each kind match.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// (kind, number of matches), for every kind that has any.
    pub counts: Vec<(String, u64)>,
}

impl Found {
    /// How many entries of `kind` match, or of every kind for None.
    pub fn total(&self, kind: Option<&str>) -> u64 {
        self.counts
            .iter()
            .filter(|(k, _)| kind.is_none_or(|want| want == k))
            .map(|(_, n)| n)
            .sum()
    }
}

#[derive(FromQueryResult)]
struct KindCount {
    kind: String,
    n: i64,
}

/// The position of a kind in `ORDER`, as SQL.
fn kind_order_sql() -> String {
    let arms: String = ORDER
        .iter()
        .enumerate()
        .map(|(i, k)| format!(" WHEN '{k}' THEN {i}"))
        .collect();
    format!("CASE s.kind{arms} ELSE {} END", ORDER.len())
}

/// Processes, ideas, surveys, documents and comments matching every word of
/// `query` (only of `kind`, when given), one page of `limit` from `offset`,
/// best first: entries whose own title has every word, then by kind (see
/// `ORDER`), then by the database's relevance. Drafts and what belongs to
/// them are never found. `kind` must be one of `ORDER`.
pub async fn page(
    db: &Db,
    query: &str,
    kind: Option<&str>,
    limit: u64,
    offset: u64,
) -> Result<Found, DbError> {
    let b = db.conn().get_database_backend();
    let kind = kind.filter(|k| ORDER.contains(k));
    let kind_order = kind_order_sql();
    let (count_stmt, page_stmt) = match b {
        DbBackend::Postgres => {
            if words(query).next().is_none() {
                return Ok(Found::default());
            }
            // A comment's title is its process's: a comment is found by what
            // it says itself.
            let from = "FROM search_index s LEFT JOIN processes p ON p.id = s.process_id, \
                        plainto_tsquery('german', ?) q \
                        WHERE s.document @@ q AND (p.id IS NULL OR p.status <> 'draft') \
                        AND (s.kind <> 'comment' OR to_tsvector('german', s.body) @@ q)";
            let count = raw(
                b,
                &format!("SELECT s.kind, COUNT(*) AS n {from} GROUP BY s.kind"),
                vec![query.into()],
            );
            let mut vals: Vec<sea_orm::Value> = vec![query.into()];
            let only = match kind {
                Some(k) => {
                    vals.push(k.into());
                    " AND s.kind = ?"
                }
                None => "",
            };
            vals.push((limit as i64).into());
            vals.push((offset as i64).into());
            // A comment's title is its process's, so it never counts as a title match.
            let page = raw(
                b,
                &format!(
                    "SELECT s.kind, s.ref_id, s.process_id, s.title, s.body {from}{only} \
                     ORDER BY CASE WHEN s.kind <> 'comment' AND to_tsvector('german', s.title) @@ q \
                     THEN 0 ELSE 1 END, {kind_order}, ts_rank(s.document, q) DESC, s.ref_id DESC \
                     LIMIT ? OFFSET ?"
                ),
                vals,
            );
            (count, page)
        }
        _ => {
            let terms = fts_terms(query);
            if terms.is_empty() {
                return Ok(Found::default());
            }
            // FTS5 indexes the stems of title and body together. A text has
            // every word when its lower-cased letters, umlauts folded as the
            // German stemmer folds them, contain each word's stem (stems are
            // the words' beginnings, letters and digits only).
            let stems: Vec<String> = stems(query)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(|t| format!("%{t}%"))
                .collect();
            let has_all = |col: &str| -> String {
                let folded = format!(
                    "replace(replace(replace(replace(replace(replace(replace(lower({col}), \
                     'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'Ä', 'a'), 'Ö', 'o'), 'Ü', 'u'), 'ß', 'ss')"
                );
                stems
                    .iter()
                    .map(|_| format!("{folded} LIKE ?"))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            };
            let like = |vals: &mut Vec<sea_orm::Value>| {
                vals.extend(stems.iter().map(|t| sea_orm::Value::from(t.clone())));
            };
            // A comment's title is its process's: a comment is found by what
            // it says itself.
            let from = format!(
                "FROM search_index s LEFT JOIN processes p ON p.id = CAST(s.process_id AS INTEGER) \
                 WHERE search_index MATCH ? AND (p.id IS NULL OR p.status <> 'draft') \
                 AND (s.kind <> 'comment' OR ({}))",
                has_all("s.body")
            );
            let mut count_vals: Vec<sea_orm::Value> = vec![fts_match(&terms).into()];
            like(&mut count_vals);
            let count = raw(
                b,
                &format!("SELECT s.kind, COUNT(*) AS n {from} GROUP BY s.kind"),
                count_vals,
            );
            let mut vals: Vec<sea_orm::Value> = vec![fts_match(&terms).into()];
            like(&mut vals);
            let only = match kind {
                Some(k) => {
                    vals.push(k.into());
                    " AND s.kind = ?"
                }
                None => "",
            };
            like(&mut vals);
            let title_has = has_all("s.title");
            vals.push((limit as i64).into());
            vals.push((offset as i64).into());
            let page = raw(
                b,
                &format!(
                    "SELECT s.kind, CAST(s.ref_id AS INTEGER) AS ref_id, \
                     CAST(s.process_id AS INTEGER) AS process_id, s.title, s.body {from}{only} \
                     ORDER BY CASE WHEN s.kind <> 'comment' AND {title_has} THEN 0 ELSE 1 END, \
                     {kind_order}, rank, s.ref_id DESC LIMIT ? OFFSET ?"
                ),
                vals,
            );
            (count, page)
        }
    };
    let mut counts: Vec<(String, u64)> = KindCount::find_by_statement(count_stmt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| (c.kind, c.n.max(0) as u64))
        .collect();
    counts.sort_by_key(|(k, _)| ORDER.iter().position(|o| o == k));
    let hits = Hit::find_by_statement(page_stmt).all(db.conn()).await?;
    Ok(Found { hits, counts })
}

/// The first `limit` entries matching every word of `query`, best first.
pub async fn query(db: &Db, text: &str, limit: u64) -> Result<Vec<Hit>, DbError> {
    Ok(page(db, text, None, limit, 0).await?.hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_words_share_their_stem() {
        assert_eq!(stems("Radwege"), stems("Radweg"));
        assert_eq!(stems("Straßen"), stems("Straße"));
        assert_eq!(stems("Die Radwege, bitte!"), "die radweg bitt");
    }
}
