use axum::extract::State;
use axum::response::Html;
use minijinja::context;

use crate::{AppError, AppResult, Ctx, SharedState};

pub async fn index(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Html<String>> {
    state.render(&ctx, "home.html", context! {})
}

pub async fn not_found() -> AppError {
    AppError::not_found()
}
