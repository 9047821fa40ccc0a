//! Documents and publications: metadata, versions (each naming its file by
//! content hash), the subjects they are attached to, and the library's lists.
//! The files are in the file store; a row is written only after its file is
//! stored, so no row ever points at nothing.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::documents::{DocType, DocumentText, FileKind, SubjectKind};
use sea_orm::{ConnectionTrait, QueryResult, Value};

use crate::{Db, DbError, count, now, raw, search};

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

fn version_from_row(r: &QueryResult, created: &str) -> Result<Version, DbError> {
    Ok(Version {
        version: r.try_get("", "version")?,
        content_hash: r.try_get("", "content_hash")?,
        file_kind: kind_of(r.try_get("", "file_kind")?)?,
        size: r.try_get("", "size")?,
        page_count: r.try_get("", "page_count")?,
        has_preview: r.try_get("", "has_preview")?,
        filename: r.try_get("", "filename")?,
        created_at: r.try_get("", created)?,
    })
}

fn from_row(r: &QueryResult) -> Result<Document, DbError> {
    let t: String = r.try_get("", "doc_type")?;
    Ok(Document {
        id: r.try_get("", "id")?,
        department_id: r.try_get("", "department_id")?,
        department_name: r.try_get("", "department_name")?,
        title: r.try_get("", "title")?,
        description: r.try_get("", "description")?,
        language: r.try_get("", "language")?,
        doc_date: r.try_get("", "doc_date")?,
        doc_type: DocType::parse(&t)
            .ok_or_else(|| DbError::Corrupt(format!("document type {t}")))?,
        created_at: r.try_get("", "created_at")?,
        updated_at: r.try_get("", "updated_at")?,
        withdrawn_at: r.try_get("", "withdrawn_at")?,
        file: version_from_row(r, "version_created_at")?,
    })
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
    let row = txn
        .query_one_raw(raw(
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
        .await?
        .ok_or_else(|| DbError::Corrupt("document insert returned no id".into()))?;
    let id: i64 = row.try_get("", "id")?;
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
    let Some(row) = txn
        .query_one_raw(raw(
            b,
            "UPDATE documents SET current_version = current_version + 1, updated_at = ? \
             WHERE id = ? RETURNING current_version, title, description",
            vec![now().into(), id.into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let version: i32 = row.try_get("", "current_version")?;
    let title: String = row.try_get("", "title")?;
    let description: String = row.try_get("", "description")?;
    insert_version(txn, id, version, &f, user).await?;
    let withdrawn = txn
        .query_one_raw(raw(
            b,
            "SELECT withdrawn_at FROM documents WHERE id = ?",
            vec![id.into()],
        ))
        .await?
        .map(|r| r.try_get::<Option<DateTime<Utc>>>("", "withdrawn_at"))
        .transpose()?
        .flatten();
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
    db.conn
        .query_one_raw(raw(
            b,
            &format!("SELECT {COLUMNS} {FROM} WHERE d.id = ?"),
            vec![id.into()],
        ))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Every version, newest first.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<Version>, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .query_all_raw(raw(
            b,
            "SELECT version, content_hash, file_kind, size, page_count, has_preview, filename, created_at \
             FROM document_versions WHERE document_id = ? ORDER BY version DESC",
            vec![id.into()],
        ))
        .await?
        .iter()
        .map(|r| version_from_row(r, "created_at"))
        .collect()
}

pub async fn version(db: &Db, id: i64, version: i32) -> Result<Option<Version>, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .query_one_raw(raw(
            b,
            "SELECT version, content_hash, file_kind, size, page_count, has_preview, filename, created_at \
             FROM document_versions WHERE document_id = ? AND version = ?",
            vec![id.into(), version.into()],
        ))
        .await?
        .as_ref()
        .map(|r| version_from_row(r, "created_at"))
        .transpose()
}

async fn subjects_in<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Vec<(SubjectKind, i64)>, DbError> {
    let rows = conn
        .query_all_raw(raw(
            conn.get_database_backend(),
            "SELECT subject_kind, subject_id FROM document_links WHERE document_id = ? \
             ORDER BY subject_kind, subject_id",
            vec![id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let k: String = r.try_get("", "subject_kind")?;
            Ok((
                SubjectKind::parse(&k)
                    .ok_or_else(|| DbError::Corrupt(format!("subject kind {k}")))?,
                r.try_get("", "subject_id")?,
            ))
        })
        .collect()
}

/// What a document is attached to.
pub async fn subjects(db: &Db, id: i64) -> Result<Vec<(SubjectKind, i64)>, DbError> {
    subjects_in(&db.conn, id).await
}

/// The published (not withdrawn) documents attached to a subject, newest first.
pub async fn for_subject(db: &Db, kind: SubjectKind, id: i64) -> Result<Vec<Document>, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .query_all_raw(raw(
            b,
            &format!(
                "SELECT {COLUMNS} {FROM} JOIN document_links l ON l.document_id = d.id \
                 WHERE l.subject_kind = ? AND l.subject_id = ? AND d.withdrawn_at IS NULL \
                 ORDER BY d.doc_date DESC, d.id DESC"
            ),
            vec![kind.as_str().into(), id.into()],
        ))
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Whether an attachment target exists. Surveys are not checked here: they
/// live in their own feature, and any positive id is taken.
pub async fn subject_exists(db: &Db, kind: SubjectKind, id: i64) -> Result<bool, DbError> {
    let table = match kind {
        SubjectKind::Process => "processes",
        SubjectKind::Idea => "ideas",
        SubjectKind::Survey => return Ok(id > 0),
    };
    let b = db.conn.get_database_backend();
    let row = db
        .conn
        .query_one_raw(raw(
            b,
            &format!("SELECT COUNT(*) AS n FROM {table} WHERE id = ?"),
            vec![id.into()],
        ))
        .await?;
    Ok(count(row)? > 0)
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
        db.conn
            .query_one_raw(raw(
                b,
                &format!("SELECT COUNT(*) AS n FROM documents d WHERE {where_sql}"),
                vals.clone(),
            ))
            .await?,
    )?;
    let per_page = q.per_page.max(1);
    let mut page_vals = vals;
    page_vals.push((per_page as i64).into());
    page_vals.push(((q.page * per_page) as i64).into());
    let items = db
        .conn
        .query_all_raw(raw(
            b,
            &format!(
                "SELECT {COLUMNS} {FROM} WHERE {where_sql} \
                 ORDER BY d.doc_date DESC, d.id DESC LIMIT ? OFFSET ?"
            ),
            page_vals,
        ))
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DocumentList {
        items,
        total,
        pages: total.div_ceil(per_page),
    })
}

/// The years and departments the library's documents have, for its filters.
pub async fn facets(db: &Db) -> Result<(Vec<i32>, Vec<(i64, String)>), DbError> {
    let b = db.conn.get_database_backend();
    let dates = db
        .conn
        .query_all_raw(raw(
            b,
            "SELECT doc_date FROM documents WHERE withdrawn_at IS NULL AND doc_date IS NOT NULL",
            vec![],
        ))
        .await?;
    let mut years: Vec<i32> = dates
        .iter()
        .map(|r| r.try_get::<NaiveDate>("", "doc_date").map(|d| d.year()))
        .collect::<Result<HashSet<_>, _>>()?
        .into_iter()
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    let deps = db
        .conn
        .query_all_raw(raw(
            b,
            "SELECT DISTINCT dep.id, dep.name FROM documents d JOIN departments dep ON dep.id = d.department_id \
             WHERE d.withdrawn_at IS NULL ORDER BY dep.name",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?)))
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok((years, deps))
}

/// Every content hash some version names, for tidying up the file store.
pub async fn referenced_hashes(db: &Db) -> Result<HashSet<String>, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .query_all_raw(raw(
            b,
            "SELECT DISTINCT content_hash FROM document_versions",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| Ok(r.try_get("", "content_hash")?))
        .collect()
}

/// The document a title names, for the demo and for features that refer to a
/// known publication.
pub async fn by_title(db: &Db, title: &str) -> Result<Option<i64>, DbError> {
    let b = db.conn.get_database_backend();
    db.conn
        .query_one_raw(raw(
            b,
            "SELECT id FROM documents WHERE title = ? ORDER BY id LIMIT 1",
            vec![title.into()],
        ))
        .await?
        .map(|r| r.try_get("", "id"))
        .transpose()
        .map_err(DbError::from)
}

/// Attaches an existing document to one more subject (nothing if it already is).
pub async fn attach(
    txn: &crate::Transaction,
    id: i64,
    kind: SubjectKind,
    subject_id: i64,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let row = txn
        .query_one_raw(raw(
            b,
            "SELECT COUNT(*) AS n FROM document_links WHERE document_id = ? AND subject_kind = ? AND subject_id = ?",
            vec![id.into(), kind.as_str().into(), subject_id.into()],
        ))
        .await?;
    if count(row)? == 0 {
        txn.execute_raw(raw(
            b,
            "INSERT INTO document_links (document_id, subject_kind, subject_id) VALUES (?, ?, ?)",
            vec![id.into(), kind.as_str().into(), subject_id.into()],
        ))
        .await?;
    }
    Ok(())
}
