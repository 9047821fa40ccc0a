//! Administration: departments, users and their roles. Only administrators.

mod departments;
mod users;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::accounts::User;
use minijinja::context;

use crate::accounts::login_redirect;
use crate::{AppError, AppResult, AppState, Ctx, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/admin", get(index))
        .route(
            "/admin/departments",
            get(departments::list).post(departments::create),
        )
        .route("/admin/users", get(users::list))
        .route("/admin/users/{id}/role", post(users::set_role))
}

/// The administrator making the request; anyone else is sent to the login or
/// refused.
fn admin<'a>(state: &AppState, ctx: &'a Ctx) -> Result<&'a User, Box<Response>> {
    match ctx.user.as_deref() {
        None => Err(Box::new(login_redirect(state, ctx))),
        Some(u) if u.role.can_administer() => Ok(u),
        Some(_) => Err(Box::new(AppError::forbidden().into_response())),
    }
}

async fn index(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    if let Err(r) = admin(&state, &ctx) {
        return Ok(*r);
    }
    Ok(state
        .render(&ctx, "admin/index.html", context! {})?
        .into_response())
}
