//! The staff's list of surveys: those of their department's processes (every
//! department's for administrators), reached from the header's menu.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Role;
use minijinja::context;
use minijinja::value::Serde;

use super::view::survey_view;
use crate::{AppError, AppResult, Ctx, SharedState, Staff};

/// More than a department keeps open at once; the list is a way in, not an archive.
const LIMIT: u64 = 500;

pub fn routes() -> Router<SharedState> {
    Router::new().route("/staff/surveys", get(list))
}

async fn list(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> AppResult<Response> {
    let department = match (user.role, user.department_id) {
        (Role::Admin, _) => None,
        (Role::Staff, Some(d)) => Some(d),
        _ => return Err(AppError::forbidden()),
    };
    let department_name = match department {
        Some(d) => db::departments::list(&state.db)
            .await?
            .into_iter()
            .find(|x| x.id == d)
            .map(|x| x.name),
        None => None,
    };
    let surveys = db::surveys::of_department(&state.db, department, LIMIT).await?;
    let items: Vec<_> = surveys.iter().map(|s| survey_view(ctx.lang, s)).collect();
    let html = state.render(
        &ctx,
        "surveys/staff_list.html",
        context! {
            items => Serde(items),
            department_name,
        },
    )?;
    Ok(html.into_response())
}
