use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::departments::{self, CreateDepartmentError};
use domain::FieldErrors;
use domain::Tag;
use domain::accounts::normalize_department_name;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::admin;
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::{AppResult, AppState, Ctx, SharedState};

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

pub async fn list(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    if let Err(r) = admin(&state, &ctx) {
        return Ok(*r);
    }
    render(&state, &ctx, FormState::new(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    name: String,
}

pub async fn create(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<CreateForm>,
) -> AppResult<Response> {
    if let Err(r) = admin(&state, &ctx) {
        return Ok(*r);
    }
    let failed = |errors: FieldErrors| {
        FormState::new()
            .value("name", f.name.trim())
            .errors(&errors)
    };
    let name = match normalize_department_name("name", &f.name) {
        Ok(n) => n,
        Err(e) => {
            return render(
                &state,
                &ctx,
                failed(e.into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match departments::create(&state.db, &name).await {
        Ok(d) => {
            tracing::info!(department = d.id, "department created");
            state.changed(&[Tag::Lists]).await;
            Ok(redirect(
                &state,
                "/admin/departments",
                Some("flash-department-created"),
            ))
        }
        Err(CreateDepartmentError::DuplicateName) => {
            let form = failed(FieldErrors::one("name", "error-department-exists"));
            render(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(CreateDepartmentError::Db(e)) => Err(e.into()),
    }
}
