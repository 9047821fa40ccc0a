use app::CommandError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::departments;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{Admin, AppResult, AppState, Ctx, SharedState};

#[derive(Serialize)]
struct DepartmentView {
    id: i64,
    name: String,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let list: Vec<DepartmentView> = departments::list(&state.db)
        .await?
        .into_iter()
        .map(|d| DepartmentView {
            id: d.id,
            name: d.name,
        })
        .collect();
    let page = state.render(
        ctx,
        "admin/departments.html",
        context! { departments => Value::from(Serde(list)), form },
    )?;
    Ok((status, page).into_response())
}

pub async fn list(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    render(&state, &ctx, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    name: String,
}

pub async fn create(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    PostForm(f): PostForm<CreateForm>,
) -> AppResult<Response> {
    match app::admin::create_department(&state.app, &admin.actor(), &f.name).await {
        Ok(_) => Ok(redirect(
            &state,
            "/admin/departments",
            Some("flash-department-created"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new()
                .value("name", f.name.trim())
                .errors(&errors);
            render(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RenameForm {
    name: String,
}

pub async fn rename(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<RenameForm>,
) -> AppResult<Response> {
    match app::admin::rename_department(&state.app, &admin.actor(), id, &f.name).await {
        Ok(_) => Ok(redirect(
            &state,
            "/admin/departments",
            Some("flash-department-renamed"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new()
                .value("_form", format!("rename-{id}"))
                .value("name", f.name.trim())
                .errors(&errors);
            render(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RemoveForm {
    move_to: String,
}

pub async fn remove(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<RemoveForm>,
) -> AppResult<Response> {
    let move_to = f.move_to.trim().parse::<i64>().ok();
    match app::admin::remove_department(&state.app, &admin.actor(), id, move_to).await {
        Ok(_) => Ok(redirect(
            &state,
            "/admin/departments",
            Some("flash-department-removed"),
        )),
        Err(e @ (CommandError::Invalid(_) | CommandError::Refused(_))) => {
            let errors = e.field_errors().unwrap_or_default();
            // Say what still belongs to it, so the administrator knows what moves.
            let usage = departments::usage(state.db.conn(), id).await?;
            let form = FormState::new()
                .value("_form", format!("remove-{id}"))
                .value("move_to", f.move_to.trim())
                .value("processes", usage.processes.to_string())
                .value("ideas", usage.ideas.to_string())
                .value("staff", usage.staff.to_string())
                .value("documents", usage.documents.to_string())
                .value("records", usage.records.to_string())
                .errors(&errors);
            render(&state, &ctx, form, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
