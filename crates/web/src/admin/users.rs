use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::{accounts, departments};
use domain::Role;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::accounts::redirect;
use crate::forms::PostForm;
use crate::params::{PageNumber, Path, Query};
use crate::{Admin, AppError, AppResult, AppState, Ctx, SharedState};

const PER_PAGE: u64 = 20;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    role: String,
    page: PageNumber,
}

impl ListQuery {
    /// The list's address with its search, role filter and page, so that a
    /// change made from it returns to the same place.
    fn link(&self) -> String {
        let mut u = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.trim().is_empty() {
            u.append_pair("q", self.q.trim());
        }
        if let Some(r) = Role::parse(&self.role) {
            u.append_pair("role", r.as_str());
        }
        if self.page.get() > 1 {
            u.append_pair("page", &self.page.get().to_string());
        }
        let query = u.finish();
        if query.is_empty() {
            "/admin/users".to_owned()
        } else {
            format!("/admin/users?{query}")
        }
    }
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
    let page = q.page.get();
    let role_filter = Role::parse(&q.role);
    let result =
        accounts::list(&state.db, Some(&q.q), role_filter, q.page.index(), PER_PAGE).await?;
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
            role_filter => role_filter.map(|r| r.as_str()).unwrap_or(""),
            pages => result.pages.max(1), total => result.total,
            row_error => Value::from(Serde(row_error)),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn list(
    State(state): State<SharedState>,
    _: Admin,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    render(&state, &ctx, &q, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    department_id: String,
    /// The list the form was on: search, role filter, page.
    q: String,
    role_filter: String,
    page: PageNumber,
}

pub async fn set_role(
    State(state): State<SharedState>,
    // Before the permission: an address that names no user is a bad request
    // for anyone.
    Path(id): Path<i64>,
    admin: Admin,
    ctx: Ctx,
    PostForm(f): PostForm<RoleForm>,
) -> AppResult<Response> {
    let Some(role) = Role::parse(&f.role) else {
        return Err(AppError::bad_request());
    };
    let department_id = f.department_id.trim().parse::<i64>().ok();
    let back = ListQuery {
        q: f.q,
        role: f.role_filter,
        page: f.page,
    };
    match app::admin::set_role(&state.app, &admin.actor(), id, role, department_id).await {
        Ok(_) => Ok(redirect(&state, &back.link(), Some("flash-role-changed"))),
        Err(e) => {
            let Some(key) = e.field_errors().and_then(|errors| errors.get("role")) else {
                return Err(e.into());
            };
            let row = RowError { user_id: id, key };
            render(&state, &ctx, &back, Some(row)).await
        }
    }
}
