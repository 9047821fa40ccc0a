use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::{accounts, departments};
use domain::Role;
use domain::Tag;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::admin;
use crate::accounts::redirect;
use crate::forms::PostForm;
use crate::{AppError, AppResult, AppState, Ctx, SharedState};

const PER_PAGE: u64 = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: u64,
}

#[derive(Serialize)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: &'static str,
    department_id: Option<i64>,
    verified: bool,
}

#[derive(Serialize)]
struct RowError {
    user_id: i64,
    key: &'static str,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    q: &ListQuery,
    row_error: Option<RowError>,
) -> AppResult<Response> {
    let page = q.page.max(1);
    let result = accounts::list(&state.db, Some(&q.q), page - 1, PER_PAGE).await?;
    let rows: Vec<UserRow> = result
        .users
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role.as_str(),
            department_id: u.department_id,
            verified: u.email_verified,
        })
        .collect();
    let deps: Vec<_> = departments::list(&state.db)
        .await?
        .into_iter()
        .map(|d| context! { id => d.id, name => d.name })
        .collect();
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let status = if row_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = state.render(
        ctx,
        "admin/users.html",
        context! {
            users => Value::from(Serde(rows)), departments => deps, roles, q => q.q.clone(), page,
            pages => result.pages.max(1), total => result.total,
            row_error => Value::from(Serde(row_error)),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn list(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    if let Err(r) = admin(&state, &ctx) {
        return Ok(*r);
    }
    render(&state, &ctx, &q, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    department_id: String,
}

pub async fn set_role(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<RoleForm>,
) -> AppResult<Response> {
    let me = match admin(&state, &ctx) {
        Ok(u) => u.clone(),
        Err(r) => return Ok(*r),
    };
    let Some(target) = accounts::by_id(&state.db, id).await? else {
        return Err(AppError::not_found());
    };
    let Some(role) = Role::parse(&f.role) else {
        return Err(AppError::bad_request());
    };
    let department_id = f.department_id.trim().parse::<i64>().ok();
    let fail = |key| RowError { user_id: id, key };
    let error = if role.needs_department() && department_id.is_none() {
        Some(fail("error-role-needs-department"))
    } else if let Some(d) = department_id.filter(|_| role.needs_department()) {
        match departments::by_id(&state.db, d).await? {
            None => Some(fail("error-department-unknown")),
            Some(_) => None,
        }
    } else if target.id == me.id
        && role != Role::Admin
        && accounts::count_admins(&state.db).await? <= 1
    {
        Some(fail("error-last-admin"))
    } else {
        None
    };
    if let Some(e) = error {
        return render(&state, &ctx, &ListQuery::default(), Some(e)).await;
    }
    accounts::set_role(&state.db, id, role, department_id).await?;
    // Their pages and rights change at once, on every instance.
    state.changed(&[Tag::User(id)]).await;
    tracing::info!(admin = me.id, user = id, role = %role, "role changed");
    Ok(redirect(&state, "/admin/users", Some("flash-role-changed")))
}
