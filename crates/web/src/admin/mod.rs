//! Administration: departments, users and their roles, work the queue gave
//! up. Only administrators.

mod audit;
mod departments;
mod jobs;
mod settings;
mod users;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;

use crate::{Admin, AppResult, Ctx, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/admin", get(index))
        .route(
            "/admin/departments",
            get(departments::list).post(departments::create),
        )
        .route("/admin/audit", get(audit::list))
        .route("/admin/jobs", get(jobs::list))
        .route("/admin/jobs/{id}/retry", post(jobs::retry))
        .route("/admin/jobs/{id}/discard", post(jobs::discard))
        .route("/admin/departments/{id}/name", post(departments::rename))
        .route("/admin/departments/{id}/remove", post(departments::remove))
        .route("/admin/users", get(users::list))
        .route("/admin/settings", get(settings::show).post(settings::save))
        .route("/admin/users/{id}/role", post(users::set_role))
}

async fn index(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    Ok(state
        .render(&ctx, "admin/index.html", context! {})?
        .into_response())
}
