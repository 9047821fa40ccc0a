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
