//! Participation processes: lists, the process page, the staff's forms, feeds.

mod feeds;
mod form;
mod list;
pub mod show;
pub mod view;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::SharedState;

pub use list::home;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes", get(list::list).post(form::create))
        .route("/processes/archive", get(list::archive))
        .route("/processes/drafts", get(list::drafts))
        .route("/processes/new", get(form::new_form))
        .route("/processes.atom", get(feeds::processes))
        .route("/processes/{id}", get(show::show))
        .route(
            "/processes/{id}/edit",
            get(form::edit_form).post(form::update),
        )
        .route("/processes/{id}/status", post(form::set_status))
        .route("/processes/{id}/comments.atom", get(feeds::comments))
        .layer(DefaultBodyLimit::max(
            crate::images::MAX_BYTES + 1024 * 1024,
        ))
}
