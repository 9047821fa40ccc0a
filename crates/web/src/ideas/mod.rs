//! Ideas: submitted within a process, supported and discussed, routed to a
//! department that answers in public; lists, a map, the staff inbox, exports.

mod actions;
mod edit;
mod export;
pub(crate) mod form;
mod inbox;
mod list;
pub mod show;
mod together;
pub(crate) mod view;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes/{id}/ideas", get(list::list).post(form::create))
        .route("/processes/{id}/ideas/new", get(form::new_form))
        .route("/processes/{id}/ideas/map", get(list::map))
        .route("/processes/{id}/ideas.csv", get(export::csv))
        .route("/processes/{id}/ideas.xlsx", get(export::xlsx))
        .route("/ideas/{id}", get(show::show))
        .route("/ideas/{id}/edit", get(edit::form).post(edit::save))
        .route("/ideas/{id}/withdraw", post(edit::withdraw))
        .route("/ideas/{id}/support", post(actions::support))
        .route("/ideas/{id}/follow", post(actions::follow))
        .route("/ideas/{id}/status", post(actions::set_status))
        .route("/ideas/{id}/forward", post(actions::forward))
        .route("/ideas/{id}/coauthors", post(together::invite))
        .route("/ideas/{id}/invitation", post(together::answer_invitation))
        .route("/ideas/{id}/suggestions", post(together::suggest))
        .route("/ideas/{id}/versions", get(together::versions))
        .route("/suggestions/{id}/decision", post(together::decide))
        .route("/staff/ideas", get(inbox::inbox))
        .layer(DefaultBodyLimit::max(
            3 * crate::images::MAX_BYTES + 1024 * 1024,
        ))
}
