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
