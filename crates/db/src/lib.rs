//! Everything that speaks SQL: the connection to SQLite or PostgreSQL, the
//! migrations and one module of queries per feature. Both databases run the same
//! code; where their dialects differ, the difference is handled here and nowhere else.

pub mod accountability;
pub mod accounts;
pub mod activity;
pub mod api;
pub mod audit;
pub mod backup;
pub mod comments;
pub mod dashboard;
pub mod data_rights;
pub mod departments;
pub mod documents;
mod entities;
mod error;
pub mod events;
pub mod federation;
pub mod footprints;
mod group_commit;
pub mod holds;
pub mod ideas;
pub mod jobs;
pub mod maps;
mod migrate;
pub mod moderation;
pub mod notifications;
pub mod opinion;
pub mod privacy;
pub mod processes;
pub mod scratch;
pub mod search;
pub mod sessions;
pub mod site;
pub mod site_pages;
pub mod surveys;
pub mod suspensions;
pub mod testing;
pub mod throttle;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement,
    Value,
};

pub use error::{DbError, DbResult};
pub use migrate::MIGRATIONS;
/// The transaction a command writes in.
pub use sea_orm::{DatabaseTransaction as Transaction, DbErr};

/// Which kind of database is behind a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A pool of connections to the one database every instance shares.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
    /// SQLite only: the writer that commits concurrent comments together.
    comment_queue: Option<group_commit::CommentQueue>,
    /// The installation's secret (`site_secrets`), read once.
    secret: std::sync::Arc<tokio::sync::OnceCell<String>>,
}

/// The current time as both databases store it: PostgreSQL keeps microseconds,
/// SQLite would keep nanoseconds, so a value read back would not equal the value
/// written unless it is truncated first.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`). A SQLite file is
    /// created if missing and set to WAL with full sync, so that every write the
    /// server acknowledged survives a crash or power loss.
    pub async fn connect(url: &str) -> DbResult<Db> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::UnsupportedUrl(redact_url(url)));
        };
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(5));
        match backend {
            Backend::Sqlite if url.contains("mode=ro") => {
                // Inspecting a file (a backup): change nothing, not even the journal mode.
                opts.max_connections(1).min_connections(0);
                opts.map_sqlx_sqlite_opts(|o| o.read_only(true).create_if_missing(false));
            }
            Backend::Sqlite => {
                opts.max_connections(8).min_connections(1);
                opts.map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        .pragma("temp_store", "memory")
                        // Deleted rows (a draft, an account, a sent mail) are
                        // overwritten with zeros, not left in free space.
                        .pragma("secure_delete", "on")
                });
            }
            Backend::Postgres => {
                opts.max_connections(16).min_connections(1);
                opts.set_application_name("mitreden");
            }
        }
        let read_only = url.contains("mode=ro");
        let conn = sea_orm::Database::connect(opts).await?;
        let comment_queue = (backend == Backend::Sqlite && !read_only)
            .then(|| group_commit::CommentQueue::start(conn.clone()));
        Ok(Db {
            conn,
            backend,
            comment_queue,
            secret: Default::default(),
        })
    }

    /// A keyed hash of `text` for `purpose` (the installation's secret around
    /// the text, twice, so the text cannot be extended), 32 hex digits: what
    /// signed links and form stamps carry, so that nothing is stored.
    pub async fn sign(&self, purpose: &str, text: &str) -> Result<String, DbError> {
        let secret = self.secret().await?;
        Ok(keyed_hash(secret, purpose, text))
    }

    /// `sign` without waiting: None until the secret was read once (by `sign`).
    pub fn sign_now(&self, purpose: &str, text: &str) -> Option<String> {
        let secret = self.secret.get()?;
        Some(keyed_hash(secret, purpose, text))
    }

    /// The installation's secret, made at random by migration 11: what keyed
    /// hashes (rate-limit keys) are keyed with.
    pub(crate) async fn secret(&self) -> Result<&str, DbError> {
        #[derive(FromQueryResult)]
        struct Secret {
            value: String,
        }
        let s = self
            .secret
            .get_or_try_init(|| async {
                let b = self.conn.get_database_backend();
                Secret::find_by_statement(raw(
                    b,
                    "SELECT value FROM site_secrets WHERE name = 'installation'",
                    vec![],
                ))
                .one(&self.conn)
                .await?
                .map(|s| s.value)
                .ok_or_else(|| DbError::Corrupt("the installation has no secret".into()))
            })
            .await?;
        Ok(s.as_str())
    }

    /// The SQLite database under a data directory.
    pub fn sqlite_url_for_dir(dir: &Path) -> String {
        format!("sqlite://{}", dir.join("mitreden.db").display())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Answers whether the database takes queries right now.
    pub async fn ping(&self) -> bool {
        self.conn.execute_unprepared("SELECT 1").await.is_ok()
    }

    pub async fn close(self) {
        let _ = self.conn.close().await;
    }

    /// Applies every migration not yet applied. Safe to call from several
    /// instances starting at once.
    pub async fn migrate(&self) -> DbResult<usize> {
        migrate::run(self).await
    }
}

/// Builds a raw statement written with `?` placeholders for whichever backend
/// runs it (PostgreSQL wants `$1`, `$2`, ...). Only for the few statements the
/// query builder cannot express.
///
/// A `?` is a parameter only where SQL could take one: never inside a string
/// literal (`'...'`, `E'...'`, `$tag$...$tag$`), a quoted identifier or a
/// comment, which are copied as they are. `??` stands for a literal question
/// mark outside those, on both backends, so PostgreSQL's jsonb operators are
/// written `??`, `??|` and `??&`.
pub(crate) fn raw(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let (sql, params) = placeholders(sql, backend == DbBackend::Postgres);
    debug_assert_eq!(
        params,
        values.len(),
        "placeholders and values differ in number: {sql}"
    );
    Statement::from_sql_and_values(backend, sql, values)
}

/// Rewrites the parameters of `sql` (numbered `$n` if `numbered`, else left
/// `?`) and returns the new text with the number of parameters.
fn placeholders(sql: &str, numbered: bool) -> (String, usize) {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    // Everything is copied by byte ranges; every boundary below lies on an
    // ASCII byte, so the ranges are whole UTF-8 characters.
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' => {
                let escapes =
                    i > 0 && matches!(b[i - 1], b'E' | b'e') && (i < 2 || !is_ident_byte(b[i - 2]));
                i = quoted_end(b, i, b'\'', escapes);
            }
            b'"' => i = quoted_end(b, i, b'"', false),
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p + 1);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => i = block_comment_end(b, i),
            b'$' if i == 0 || !is_ident_byte(b[i - 1]) => i = dollar_quoted_end(b, i),
            b'?' => {
                out.push_str(&sql[copied..i]);
                if b.get(i + 1) == Some(&b'?') {
                    out.push('?');
                    i += 2;
                } else {
                    n += 1;
                    if numbered {
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push('?');
                    }
                    i += 1;
                }
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied..]);
    (out, n)
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The end of the quoted text opening at `i`: a doubled quote stands for
/// itself, and with `escapes` (PostgreSQL's `E'...'`) so does a backslashed
/// character. An unterminated quote runs to the end.
fn quoted_end(b: &[u8], i: usize, quote: u8, escapes: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if escapes && b[j] == b'\\' {
            j += 2;
        } else if b[j] == quote {
            if b.get(j + 1) == Some(&quote) {
                j += 2;
            } else {
                return j + 1;
            }
        } else {
            j += 1;
        }
    }
    b.len()
}

/// The end of the `/* */` comment opening at `i`; they nest, as on PostgreSQL.
fn block_comment_end(b: &[u8], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    b.len()
}

/// The end of the dollar-quoted string (`$$...$$`, `$tag$...$tag$`) opening
/// at `i`, or `i + 1` if the `$` opens none.
fn dollar_quoted_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if b.get(j).is_some_and(|c| c.is_ascii_digit()) {
        return i + 1;
    }
    while b.get(j).is_some_and(|&c| is_ident_byte(c)) {
        j += 1;
    }
    if b.get(j) != Some(&b'$') {
        return i + 1;
    }
    let tag = &b[i..=j];
    match b[j + 1..].windows(tag.len()).position(|w| w == tag) {
        Some(p) => j + 1 + p + tag.len(),
        None => b.len(),
    }
}

/// The row of a `SELECT COUNT(*) AS n`.
#[derive(FromQueryResult)]
pub(crate) struct Count {
    pub n: i64,
}

/// The number a `SELECT COUNT(*) AS n` statement counts (0 without a row).
pub(crate) async fn count<C: ConnectionTrait>(conn: &C, stmt: Statement) -> Result<u64, DbError> {
    let n = Count::find_by_statement(stmt)
        .one(conn)
        .await?
        .map_or(0, |c| c.n);
    Ok(n.max(0) as u64)
}

/// A row that carries only an `id`, as `RETURNING id` gives.
#[derive(FromQueryResult)]
pub(crate) struct Id {
    pub id: i64,
}

/// A database URL with any password replaced, fit for logs and messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

impl Db {
    /// Starts a transaction that will write. On SQLite it takes the write lock
    /// at once (BEGIN IMMEDIATE): a deferred transaction that reads first and
    /// writes later fails with "database is locked" under concurrent writers
    /// instead of waiting for its turn.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        begin_write_on(&self.conn).await
    }
}

pub(crate) async fn begin_write_on(
    conn: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let mut opts = TransactionOptions::default();
    if conn.get_database_backend() == DbBackend::Sqlite {
        opts.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    conn.begin_with_options(opts).await
}

fn keyed_hash(secret: &str, purpose: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let inner = Sha256::new()
        .chain_update(secret.as_bytes())
        .chain_update(purpose.as_bytes())
        .chain_update(b"\0")
        .chain_update(text.as_bytes())
        .finalize();
    let outer = Sha256::new()
        .chain_update(secret.as_bytes())
        .chain_update(inner)
        .finalize();
    outer.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let s = raw(
            DbBackend::Postgres,
            "a = ? AND b = ?",
            vec![1.into(), 2.into()],
        );
        assert_eq!(s.sql, "a = $1 AND b = $2");
        let s = raw(
            DbBackend::Sqlite,
            "a = ? AND b = ?",
            vec![1.into(), 2.into()],
        );
        assert_eq!(s.sql, "a = ? AND b = ?");
    }

    fn pg(sql: &str) -> (String, usize) {
        placeholders(sql, true)
    }

    #[test]
    fn string_literals_keep_their_question_marks() {
        assert_eq!(
            pg("SELECT 'why?' AS q, ? AS p"),
            ("SELECT 'why?' AS q, $1 AS p".into(), 1)
        );
        // '' is a quote inside the literal, not its end.
        assert_eq!(
            pg("SELECT 'it''s ?' , ?"),
            ("SELECT 'it''s ?' , $1".into(), 1)
        );
        assert_eq!(pg("SELECT '', ?"), ("SELECT '', $1".into(), 1));
        // In E'...' a backslash escapes the quote.
        assert_eq!(pg(r"SELECT E'a\'?', ?"), (r"SELECT E'a\'?', $1".into(), 1));
        // Outside E'...' a backslash is an ordinary character.
        assert_eq!(
            pg(r"SELECT code||'\', ?"),
            (r"SELECT code||'\', $1".into(), 1)
        );
        assert_eq!(
            pg("SELECT $$what?$$, $t$a ? $$ b$t$, ?"),
            ("SELECT $$what?$$, $t$a ? $$ b$t$, $1".into(), 1)
        );
    }

    #[test]
    fn quoted_identifiers_keep_their_question_marks() {
        assert_eq!(
            pg(r#"SELECT "odd?name", "say ""?""" FROM t WHERE x = ?"#),
            (
                r#"SELECT "odd?name", "say ""?""" FROM t WHERE x = $1"#.into(),
                1
            )
        );
    }

    #[test]
    fn comments_keep_their_question_marks() {
        assert_eq!(
            pg("SELECT ? -- why?\n, ?"),
            ("SELECT $1 -- why?\n, $2".into(), 2)
        );
        assert_eq!(
            pg("SELECT /* a? /* nested? */ still? */ ?"),
            ("SELECT /* a? /* nested? */ still? */ $1".into(), 1)
        );
        // A minus sign alone starts no comment.
        assert_eq!(pg("SELECT 1 - ?"), ("SELECT 1 - $1".into(), 1));
    }

    #[test]
    fn doubled_question_marks_are_operators() {
        assert_eq!(
            pg("SELECT data ?? 'k', data ??| ?, data ??& ? FROM t WHERE id = ?"),
            (
                "SELECT data ? 'k', data ?| $1, data ?& $2 FROM t WHERE id = $3".into(),
                3
            )
        );
        assert_eq!(
            placeholders("SELECT data ?? 'k' WHERE id = ?", false),
            ("SELECT data ? 'k' WHERE id = ?".into(), 1)
        );
    }

    #[test]
    fn text_outside_quotes_is_copied_whole() {
        assert_eq!(
            pg("SELECT 'Grüße ?', x FROM straße WHERE y = ? AND z = ?"),
            (
                "SELECT 'Grüße ?', x FROM straße WHERE y = $1 AND z = $2".into(),
                2
            )
        );
        assert_eq!(
            pg("SELECT x::text, a.$b, ?"),
            ("SELECT x::text, a.$b, $1".into(), 1)
        );
        // Unterminated quotes take the rest: no parameter is invented in them.
        assert_eq!(pg("SELECT ?, 'open ?"), ("SELECT $1, 'open ?".into(), 1));
        assert_eq!(
            pg("SELECT ?, /* open ?"),
            ("SELECT $1, /* open ?".into(), 1)
        );
        assert_eq!(pg(""), (String::new(), 0));
    }

    /// Typed rows read the same on both databases: booleans (integers on
    /// SQLite), counts, timestamps, NULLs; and a `?` in a literal is no parameter.
    #[tokio::test]
    async fn rows_read_alike_on_both_databases() {
        let scratch = scratch::ScratchDb::new().await;
        let db = scratch.connect().await;
        db.migrate().await.expect("migrate");
        let conn = db.conn();
        let b = conn.get_database_backend();
        let t = now();
        let department = Id::find_by_statement(raw(
            b,
            "INSERT INTO departments (name, created_at) VALUES (?, ?) RETURNING id",
            vec!["Bauamt".into(), t.into()],
        ))
        .one(conn)
        .await
        .expect("insert department")
        .expect("an id")
        .id;
        let mut ids = vec![];
        for (title, ideas) in [("why?", true), ("Radweg", false)] {
            let id = Id::find_by_statement(raw(
                b,
                "INSERT INTO processes (department_id, title, summary, description_md, \
                 description_html, status, comment_count, created_at, updated_at, ideas_enabled, \
                 idea_categories, idea_count) \
                 VALUES (?, ?, '', '', '', 'published', 0, ?, ?, ?, 'Verkehr\nGrün', 0) RETURNING id",
                vec![department.into(), title.into(), t.into(), t.into(), ideas.into()],
            ))
            .one(conn)
            .await
            .expect("insert process")
            .expect("an id")
            .id;
            ids.push(id);
        }

        let p = processes::get(&db, ids[0])
            .await
            .expect("read")
            .expect("the process");
        assert!(p.ideas_enabled);
        assert_eq!(p.created_at, t);
        assert_eq!(p.published_at, None);
        assert_eq!(p.department_name, "Bauamt");
        assert_eq!(p.idea_categories, ["Verkehr", "Grün"]);
        let p = processes::get(&db, ids[1]).await.expect("read");
        assert!(!p.expect("the process").ideas_enabled);

        #[derive(FromQueryResult, Debug, PartialEq)]
        struct Flag {
            ideas_enabled: bool,
            n: i64,
        }
        let flags = Flag::find_by_statement(raw(
            b,
            "SELECT ideas_enabled, COUNT(*) AS n FROM processes GROUP BY ideas_enabled \
             ORDER BY ideas_enabled",
            vec![],
        ))
        .all(conn)
        .await
        .expect("typed rows");
        assert_eq!(
            flags,
            [
                Flag {
                    ideas_enabled: false,
                    n: 1
                },
                Flag {
                    ideas_enabled: true,
                    n: 1
                }
            ]
        );

        // Before the scanner, PostgreSQL got `'why$1'` and a `$2` without a value.
        let n = count(
            conn,
            raw(
                b,
                "SELECT COUNT(*) AS n FROM processes WHERE title = 'why?' AND department_id = ?",
                vec![department.into()],
            ),
        )
        .await
        .expect("count");
        assert_eq!(n, 1);

        if b == DbBackend::Postgres {
            #[derive(FromQueryResult)]
            struct Has {
                key: bool,
                any: bool,
            }
            let has = Has::find_by_statement(raw(
                b,
                "SELECT CAST(? AS jsonb) ?? 'a' AS key, CAST(? AS jsonb) ??| ARRAY['x', 'b'] AS any",
                vec![r#"{"a": 1}"#.into(), r#"{"b": 2}"#.into()],
            ))
            .one(conn)
            .await
            .expect("jsonb operators")
            .expect("a row");
            assert!(has.key && has.any);
        }
        db.close().await;
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
