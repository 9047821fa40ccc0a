//! Documents and publications: the library, document pages with versions,
//! safe downloads and previews, and the staff's upload, replace and withdraw.

mod download;
mod form;
mod library;
mod upload;
pub use files::pdf_writer;
pub mod view;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::{AppState, SharedState};

pub fn routes(state: &AppState) -> Router<SharedState> {
    // Room for the form's text fields beside the largest file.
    let limit = usize::try_from(state.config.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    let uploads = Router::new()
        .route("/staff/documents", post(form::create))
        .route(
            "/staff/documents/{id}/replace",
            get(form::replace_form).post(form::replace),
        )
        .layer(DefaultBodyLimit::max(limit));
    Router::new()
        .route("/documents", get(library::library))
        .route("/documents/{id}", get(library::show))
        .route("/documents/{id}/download", get(download::current))
        .route(
            "/documents/{id}/versions/{n}/download",
            get(download::version),
        )
        .route("/documents/{id}/preview.png", get(download::preview))
        .route("/staff/documents/new", get(form::new_form))
        .route("/staff/documents/{id}/withdraw", post(form::withdraw))
        .merge(uploads)
}

/// Removes stored files that no version names and that were written more than
/// `grace` ago (younger ones may belong to an upload still being committed).
/// Returns how many were removed.
pub async fn tidy_files(state: &AppState, grace: chrono::Duration) -> Result<usize, TidyError> {
    let referenced = db::documents::referenced_hashes(&state.db).await?;
    let stored = state
        .config
        .storage
        .hashes_before(chrono::Utc::now() - grace)
        .await?;
    let mut removed = 0;
    for hash in stored.iter().filter(|h| !referenced.contains(*h)) {
        state.config.storage.delete(hash).await?;
        removed += 1;
    }
    Ok(removed)
}

#[derive(Debug, thiserror::Error)]
pub enum TidyError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// A PDF already in memory, to publish without the form (the demo data).
pub struct PdfDocument {
    pub department_id: i64,
    pub text: domain::documents::DocumentText,
    pub subjects: Vec<(domain::documents::SubjectKind, i64)>,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub created_by: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("not a readable PDF: {0}")]
    NotPdf(&'static str),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// Checks, stores and records a PDF, in the same order as an upload: the file
/// first, then its row.
pub async fn publish_pdf(
    db: &db::Db,
    storage: &crate::storage::Storage,
    d: PdfDocument,
) -> Result<i64, PublishError> {
    use sha2::Digest;
    let hash = format!("{:x}", sha2::Sha256::digest(&d.bytes));
    let size = d.bytes.len() as i64;
    let bytes = d.bytes.clone();
    let analysis = tokio::task::spawn_blocking(move || files::documents::pdf(bytes))
        .await
        .map_err(|_| PublishError::NotPdf("error-document-unreadable"))?
        .map_err(PublishError::NotPdf)?;
    storage.put_bytes(&hash, d.bytes).await?;
    if let Some(png) = &analysis.preview {
        storage.put_preview(&hash, png.clone()).await?;
    }
    let id = db::documents::create(
        db,
        db::documents::NewDocument {
            department_id: d.department_id,
            text: d.text,
            subjects: d.subjects,
            file: db::documents::NewFile {
                content_hash: hash,
                file_kind: analysis.kind,
                size,
                page_count: analysis.page_count,
                has_preview: analysis.preview.is_some(),
                filename: d.filename,
                text: analysis.text,
            },
            created_by: d.created_by,
        },
    )
    .await?;
    Ok(id)
}
