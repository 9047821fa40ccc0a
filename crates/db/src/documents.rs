//! Documents and publications: metadata, versions (each naming its file by
//! content hash), the subjects they are attached to, and the library's lists.
//! The files are in the file store; a row is written only after its file is
//! stored, so no row ever points at nothing.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::documents::{DocType, DocumentText, FileKind, SubjectKind};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};

use crate::{Db, DbError, Id, count, now, raw, search};

#[derive(Debug, Clone)]
pub struct Version {
    pub version: i32,
    pub content_hash: String,
    pub file_kind: FileKind,
    pub size: i64,
    pub page_count: Option<i32>,
    pub has_preview: bool,
    pub filename: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_type: DocType,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The current version's file.
    pub file: Version,
}

/// A stored file about to become a version.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub content_hash: String,
    pub file_kind: FileKind,
    pub size: i64,
    pub page_count: Option<i32>,
    pub has_preview: bool,
    /// The name it was uploaded under (shown to staff, never trusted).
    pub filename: String,
    /// Text extracted from it, for the search index.
    pub text: String,
}

pub struct NewDocument {
    pub department_id: i64,
    pub text: DocumentText,
    pub subjects: Vec<(SubjectKind, i64)>,
    pub file: NewFile,
    pub created_by: Option<i64>,
}

const COLUMNS: &str = "d.id, d.department_id, dep.name AS department_name, d.title, d.description, \
    d.language, d.doc_date, d.doc_type, d.created_at, d.updated_at, d.withdrawn_at, \
    v.version, v.content_hash, v.file_kind, v.size, v.page_count, v.has_preview, v.filename, \
    v.created_at AS version_created_at";

const FROM: &str = "FROM documents d JOIN departments dep ON dep.id = d.department_id \
    JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version";

fn kind_of(s: String) -> Result<FileKind, DbError> {
    FileKind::parse(&s).ok_or_else(|| DbError::Corrupt(format!("file kind {s}")))
}

/// A row of `document_versions`.
#[derive(FromQueryResult)]
struct VersionRow {
    version: i32,
    content_hash: String,
    file_kind: String,
    size: i64,
    page_count: Option<i32>,
    has_preview: bool,
    filename: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<VersionRow> for Version {
    type Error = DbError;

    fn try_from(r: VersionRow) -> Result<Version, DbError> {
        Ok(Version {
            version: r.version,
            content_hash: r.content_hash,
            file_kind: kind_of(r.file_kind)?,
            size: r.size,
            page_count: r.page_count,
            has_preview: r.has_preview,
            filename: r.filename,
            created_at: r.created_at,
        })
    }
}

/// A row of `COLUMNS`: the document with its current version.
#[derive(FromQueryResult)]
struct DocumentRow {
    id: i64,
    department_id: i64,
    department_name: String,
    title: String,
    description: String,
    language: String,
    doc_date: Option<NaiveDate>,
    doc_type: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
    version: i32,
    content_hash: String,
    file_kind: String,
    size: i64,
    page_count: Option<i32>,
    has_preview: bool,
    filename: String,
    version_created_at: DateTime<Utc>,
}

impl TryFrom<DocumentRow> for Document {
    type Error = DbError;

    fn try_from(r: DocumentRow) -> Result<Document, DbError> {
        Ok(Document {
            id: r.id,
            department_id: r.department_id,
            department_name: r.department_name,
            title: r.title,
            description: r.description,
            language: r.language,
            doc_date: r.doc_date,
            doc_type: DocType::parse(&r.doc_type)
                .ok_or_else(|| DbError::Corrupt(format!("document type {}", r.doc_type)))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            withdrawn_at: r.withdrawn_at,
            file: Version::try_from(VersionRow {
                version: r.version,
                content_hash: r.content_hash,
                file_kind: r.file_kind,
                size: r.size,
                page_count: r.page_count,
                has_preview: r.has_preview,
                filename: r.filename,
                created_at: r.version_created_at,
            })?,
        })
    }
}

async fn documents<C: ConnectionTrait>(
    conn: &C,
    stmt: Statement,
) -> Result<Vec<Document>, DbError> {
    let rows = DocumentRow::find_by_statement(stmt).all(conn).await?;
    rows.into_iter().map(Document::try_from).collect()
}

/// What the search index holds of a document: title, then description and text.
fn index_body(description: &str, text: &str) -> String {
    format!("{description}\n{text}")
}

/// The process a document is found under in search (0: none), so that drafts'
/// documents stay hidden with their process.
fn search_process(subjects: &[(SubjectKind, i64)]) -> i64 {
    subjects
        .iter()
        .find(|(k, _)| *k == SubjectKind::Process)
        .map(|s| s.1)
        .unwrap_or(0)
}

async fn insert_version<C: ConnectionTrait>(
    conn: &C,
    document_id: i64,
    version: i32,
    f: &NewFile,
    user: Option<i64>,
) -> Result<(), DbError> {
    conn.execute_raw(raw(
        conn.get_database_backend(),
        "INSERT INTO document_versions (document_id, version, content_hash, file_kind, size, \
         page_count, has_preview, filename, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        vec![
            document_id.into(),
            version.into(),
            f.content_hash.clone().into(),
            f.file_kind.as_str().into(),
            f.size.into(),
            f.page_count.into(),
            f.has_preview.into(),
            f.filename.clone().into(),
            user.into(),
            now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Stores a document, its first version, its attachments and its search entry
/// in one transaction.
pub async fn create(txn: &crate::Transaction, d: NewDocument) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let id = Id::find_by_statement(raw(
            b,
            "INSERT INTO documents (department_id, title, description, language, doc_date, doc_type, \
             current_version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
            vec![
                d.department_id.into(),
                d.text.title.clone().into(),
                d.text.description.clone().into(),
                d.text.language.clone().into(),
                d.text.doc_date.into(),
                d.text.doc_type.as_str().into(),
                d.created_by.into(),
                t.into(),
                t.into(),
            ],
        ))
        .one(txn)
        .await?
        .ok_or_else(|| DbError::Corrupt("document insert returned no id".into()))?
        .id;
    insert_version(txn, id, 1, &d.file, d.created_by).await?;
    for (kind, sid) in &d.subjects {
        txn.execute_raw(raw(
            b,
            "INSERT INTO document_links (document_id, subject_kind, subject_id) VALUES (?, ?, ?)",
            vec![id.into(), kind.as_str().into(), (*sid).into()],
        ))
        .await?;
    }
    search::put(
        txn,
        "document",
        id,
        search_process(&d.subjects),
        &d.text.title,
        &index_body(&d.text.description, &d.file.text),
    )
    .await?;
    Ok(id)
}

/// Makes `f` the current version of a document; the older ones stay. Returns
/// the new version number, or None if there is no such document.
pub async fn add_version(
    txn: &crate::Transaction,
    id: i64,
    f: NewFile,
    user: Option<i64>,
) -> Result<Option<i32>, DbError> {
    let b = txn.get_database_backend();
    // The increment takes the row lock, so two replacements get two numbers.
    let Some(NextVersion {
        current_version: version,
        title,
        description,
    }) = NextVersion::find_by_statement(raw(
        b,
        "UPDATE documents SET current_version = current_version + 1, updated_at = ? \
         WHERE id = ? RETURNING current_version, title, description",
        vec![now().into(), id.into()],
    ))
    .one(txn)
    .await?
    else {
        return Ok(None);
    };
    insert_version(txn, id, version, &f, user).await?;
    let withdrawn = Withdrawn::find_by_statement(raw(
        b,
        "SELECT withdrawn_at FROM documents WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?
    .and_then(|r| r.withdrawn_at);
    if withdrawn.is_none() {
        let subjects = subjects_in(txn, id).await?;
        search::put(
            txn,
            "document",
            id,
            search_process(&subjects),
            &title,
            &index_body(&description, &f.text),
        )
        .await?;
    }
    Ok(Some(version))
}

#[derive(FromQueryResult)]
struct NextVersion {
    current_version: i32,
    title: String,
    description: String,
}

#[derive(FromQueryResult)]
struct Withdrawn {
    withdrawn_at: Option<DateTime<Utc>>,
}

/// Takes a document out of the library and the search; its files stay, for
/// the record. Returns false if there was no such document.
pub async fn withdraw(txn: &crate::Transaction, id: i64) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE documents SET withdrawn_at = ?, updated_at = ? WHERE id = ? AND withdrawn_at IS NULL",
            vec![t.into(), t.into(), id.into()],
        ))
        .await?;
    search::remove(txn, "document", id).await?;
    Ok(res.rows_affected() > 0)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Document>, DbError> {
    let b = db.conn.get_database_backend();
    DocumentRow::find_by_statement(raw(
        b,
        &format!("SELECT {COLUMNS} {FROM} WHERE d.id = ?"),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?
    .map(Document::try_from)
    .transpose()
}

/// Every version, newest first.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<Version>, DbError> {
    let b = db.conn.get_database_backend();
    VersionRow::find_by_statement(raw(
        b,
        "SELECT version, content_hash, file_kind, size, page_count, has_preview, filename, created_at \
         FROM document_versions WHERE document_id = ? ORDER BY version DESC",
        vec![id.into()],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(Version::try_from)
    .collect()
}

pub async fn version(db: &Db, id: i64, version: i32) -> Result<Option<Version>, DbError> {
    let b = db.conn.get_database_backend();
    VersionRow::find_by_statement(raw(
        b,
        "SELECT version, content_hash, file_kind, size, page_count, has_preview, filename, created_at \
         FROM document_versions WHERE document_id = ? AND version = ?",
        vec![id.into(), version.into()],
    ))
    .one(&db.conn)
    .await?
    .map(Version::try_from)
    .transpose()
}

async fn subjects_in<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Vec<(SubjectKind, i64)>, DbError> {
    let rows = Link::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT subject_kind, subject_id FROM document_links WHERE document_id = ? \
         ORDER BY subject_kind, subject_id",
        vec![id.into()],
    ))
    .all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let kind = SubjectKind::parse(&r.subject_kind)
                .ok_or_else(|| DbError::Corrupt(format!("subject kind {}", r.subject_kind)))?;
            Ok((kind, r.subject_id))
        })
        .collect()
}

#[derive(FromQueryResult)]
struct Link {
    subject_kind: String,
    subject_id: i64,
}

/// What a document is attached to.
pub async fn subjects(db: &Db, id: i64) -> Result<Vec<(SubjectKind, i64)>, DbError> {
    subjects_in(&db.conn, id).await
}

/// The published (not withdrawn) documents attached to a subject, newest first.
pub async fn for_subject(db: &Db, kind: SubjectKind, id: i64) -> Result<Vec<Document>, DbError> {
    let b = db.conn.get_database_backend();
    documents(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} {FROM} JOIN document_links l ON l.document_id = d.id \
                 WHERE l.subject_kind = ? AND l.subject_id = ? AND d.withdrawn_at IS NULL \
                 ORDER BY d.doc_date DESC, d.id DESC"
            ),
            vec![kind.as_str().into(), id.into()],
        ),
    )
    .await
}

/// The library's filters.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub doc_type: Option<DocType>,
    pub department: Option<i64>,
    pub year: Option<i32>,
    pub language: Option<String>,
    /// Words to find in titles, descriptions and extracted text.
    pub q: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

pub struct DocumentList {
    pub items: Vec<Document>,
    pub total: u64,
    pub pages: u64,
}

pub async fn list(db: &Db, q: &ListQuery) -> Result<DocumentList, DbError> {
    let b = db.conn.get_database_backend();
    let mut wh: Vec<String> = vec!["d.withdrawn_at IS NULL".into()];
    let mut vals: Vec<Value> = vec![];
    if let Some(t) = q.doc_type {
        wh.push("d.doc_type = ?".into());
        vals.push(t.as_str().into());
    }
    if let Some(d) = q.department {
        wh.push("d.department_id = ?".into());
        vals.push(d.into());
    }
    if let Some(y) = q.year
        && let (Some(from), Some(until)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y + 1, 1, 1),
        )
    {
        wh.push("d.doc_date >= ? AND d.doc_date < ?".into());
        vals.push(from.into());
        vals.push(until.into());
    }
    if let Some(l) = &q.language {
        wh.push("d.language = ?".into());
        vals.push(l.clone().into());
    }
    if let Some(text) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
        match search::ids_matching(b, "document", text) {
            Some((sql, v)) => {
                wh.push(format!("d.id IN ({sql})"));
                vals.push(v);
            }
            None => wh.push("1 = 0".into()),
        }
    }
    let where_sql = wh.join(" AND ");
    let total = count(
        &db.conn,
        raw(
            b,
            &format!("SELECT COUNT(*) AS n FROM documents d WHERE {where_sql}"),
            vals.clone(),
        ),
    )
    .await?;
    let per_page = q.per_page.max(1);
    let mut page_vals = vals;
    page_vals.push((per_page as i64).into());
    page_vals.push(((q.page * per_page) as i64).into());
    let items = documents(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} {FROM} WHERE {where_sql} \
                 ORDER BY d.doc_date DESC, d.id DESC LIMIT ? OFFSET ?"
            ),
            page_vals,
        ),
    )
    .await?;
    Ok(DocumentList {
        items,
        total,
        pages: total.div_ceil(per_page),
    })
}

/// The years and departments the library's documents have, for its filters.
pub async fn facets(db: &Db) -> Result<(Vec<i32>, Vec<(i64, String)>), DbError> {
    let b = db.conn.get_database_backend();
    let dates = DocDate::find_by_statement(raw(
        b,
        "SELECT doc_date FROM documents WHERE withdrawn_at IS NULL AND doc_date IS NOT NULL",
        vec![],
    ))
    .all(&db.conn)
    .await?;
    let mut years: Vec<i32> = dates
        .iter()
        .map(|r| r.doc_date.year())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    let deps = Department::find_by_statement(raw(
        b,
        "SELECT DISTINCT dep.id, dep.name FROM documents d JOIN departments dep ON dep.id = d.department_id \
         WHERE d.withdrawn_at IS NULL ORDER BY dep.name",
        vec![],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect();
    Ok((years, deps))
}

#[derive(FromQueryResult)]
struct DocDate {
    doc_date: NaiveDate,
}

#[derive(FromQueryResult)]
struct Department {
    id: i64,
    name: String,
}

/// Every content hash some version names, for tidying up the file store.
pub async fn referenced_hashes(db: &Db) -> Result<HashSet<String>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Hash::find_by_statement(raw(
        b,
        "SELECT DISTINCT content_hash FROM document_versions",
        vec![],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.content_hash).collect())
}

#[derive(FromQueryResult)]
struct Hash {
    content_hash: String,
}

/// The document a title names, for the demo and for features that refer to a
/// known publication.
pub async fn by_title(db: &Db, title: &str) -> Result<Option<i64>, DbError> {
    let b = db.conn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "SELECT id FROM documents WHERE title = ? ORDER BY id LIMIT 1",
        vec![title.into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.map(|r| r.id))
}

/// Attaches an existing document to one more subject (nothing if it already is).
pub async fn attach(
    txn: &crate::Transaction,
    id: i64,
    kind: SubjectKind,
    subject_id: i64,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let n = count(
        txn,
        raw(
            b,
            "SELECT COUNT(*) AS n FROM document_links WHERE document_id = ? AND subject_kind = ? AND subject_id = ?",
            vec![id.into(), kind.as_str().into(), subject_id.into()],
        ),
    )
    .await?;
    if n == 0 {
        txn.execute_raw(raw(
            b,
            "INSERT INTO document_links (document_id, subject_kind, subject_id) VALUES (?, ?, ?)",
            vec![id.into(), kind.as_str().into(), subject_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// A subject a document is or may be attached to, by its title.
#[derive(Debug, Clone, FromQueryResult)]
pub struct TitledSubject {
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// The process it belongs to (for ideas and surveys; a process names itself).
    pub process_title: String,
}

/// What a document is attached to, with titles, for its public page: only
/// what the public sees (no draft processes or surveys, no withdrawn, hidden or
/// held ideas).
pub async fn titled_subjects(db: &Db, id: i64) -> Result<Vec<TitledSubject>, DbError> {
    let b = db.conn.get_database_backend();
    Ok(TitledSubject::find_by_statement(raw(
        b,
        "SELECT l.subject_kind AS kind, l.subject_id AS id, \
         COALESCE(p.title, i.title, s.title) AS title, \
         COALESCE(p.title, ip.title, sp.title) AS process_title \
         FROM document_links l \
         LEFT JOIN processes p ON l.subject_kind = 'process' AND p.id = l.subject_id AND p.status <> 'draft' \
         LEFT JOIN ideas i ON l.subject_kind = 'idea' AND i.id = l.subject_id AND i.withdrawn_at IS NULL \
           AND i.hidden_rule IS NULL AND i.held IS NULL \
         LEFT JOIN processes ip ON ip.id = i.process_id AND ip.status <> 'draft' \
         LEFT JOIN surveys s ON l.subject_kind = 'survey' AND s.id = l.subject_id AND s.status <> 'draft' \
         LEFT JOIN processes sp ON sp.id = s.process_id AND sp.status <> 'draft' \
         WHERE l.document_id = ? AND COALESCE(p.title, ip.title, sp.title) IS NOT NULL \
         ORDER BY l.subject_kind DESC, title",
        vec![id.into()],
    ))
    .all(&db.conn)
    .await?)
}

/// Processes, surveys and ideas a document may be attached to, by title:
/// those of `department` (every department's for `None`), at most `limit`
/// of each kind, the newest first. Withdrawn ideas are left out.
pub async fn attachable(
    db: &Db,
    department: Option<i64>,
    limit: u64,
) -> Result<Vec<TitledSubject>, DbError> {
    let b = db.conn.get_database_backend();
    let (pd, idd) = match department {
        Some(_) => ("p.department_id = ?", "i.department_id = ?"),
        None => ("1 = 1", "1 = 1"),
    };
    let mut vals: Vec<Value> = vec![];
    for _ in 0..3 {
        if let Some(d) = department {
            vals.push(d.into());
        }
        vals.push((limit as i64).into());
    }
    let sql = format!(
        "SELECT kind, id, title, process_title FROM (\
         SELECT * FROM (SELECT 'process' AS kind, p.id AS id, p.title AS title, p.title AS process_title \
           FROM processes p WHERE {pd} ORDER BY p.id DESC LIMIT ?) a \
         UNION ALL SELECT * FROM (SELECT 'survey' AS kind, s.id AS id, s.title AS title, p.title AS process_title \
           FROM surveys s JOIN processes p ON p.id = s.process_id WHERE {pd} ORDER BY s.id DESC LIMIT ?) b \
         UNION ALL SELECT * FROM (SELECT 'idea' AS kind, i.id AS id, i.title AS title, p.title AS process_title \
           FROM ideas i JOIN processes p ON p.id = i.process_id WHERE {idd} AND i.withdrawn_at IS NULL AND i.held IS NULL \
           ORDER BY i.id DESC LIMIT ?) c\
         ) t ORDER BY kind DESC, process_title, title"
    );
    Ok(TitledSubject::find_by_statement(raw(b, &sql, vals))
        .all(&db.conn)
        .await?)
}
