//! Personal API tokens in the staff's settings (`/settings/api-tokens`) and
//! the administrators' list of every token (`/admin/api-tokens`). A new
//! token's secret is shown once, on the page that answers its creation.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{Admin, AppResult, AppState, Ctx, SharedState, Staff};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/settings/api-tokens", get(list).post(create))
        .route("/settings/api-tokens/{id}/revoke", post(revoke))
        .route("/admin/api-tokens", get(admin_list))
        .route("/admin/api-tokens/{id}/revoke", post(admin_revoke))
}

fn view(t: &db::api::Token, lang: &str) -> minijinja::Value {
    context! {
        id => t.id,
        name => t.name.clone(),
        owner => if t.user_name.is_empty() { None } else { Some(t.user_name.clone()) },
        scopes => t.scopes.split(' ').map(str::to_owned).collect::<Vec<String>>(),
        created => crate::dates::datetime(t.created_at, lang),
        revoked => t.revoked_at.map(|d| crate::dates::datetime(d, lang)),
    }
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    form: FormState,
    secret: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let tokens: Vec<_> = db::api::tokens(&state.db, Some(user_id))
        .await?
        .iter()
        .map(|t| view(t, ctx.lang))
        .collect();
    let html = state.render(
        ctx,
        "api/tokens.html",
        context! { tokens, form, secret, scopes => app::api_tokens::SCOPES.to_vec() },
    )?;
    Ok((status, html).into_response())
}

async fn list(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> AppResult<Response> {
    render_list(
        &state,
        &ctx,
        user.id,
        FormState::new(),
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    name: String,
    /// One field per chosen scope (`scope_ideas_answer=1`), so that the form
    /// needs no repeated keys.
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

async fn create(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    PostForm(f): PostForm<CreateForm>,
) -> AppResult<Response> {
    let scopes: Vec<String> = app::api_tokens::SCOPES
        .iter()
        .filter(|s| f.rest.contains_key(&field_of(s)))
        .map(|s| (*s).to_owned())
        .collect();
    let input = app::api_tokens::NewToken {
        name: f.name.clone(),
        scopes,
    };
    match app::api_tokens::create(&state.app, &ctx.actor(), input).await {
        Ok(o) => {
            let (_, secret) = o.value;
            render_list(
                &state,
                &ctx,
                user.id,
                FormState::new(),
                Some(secret),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let mut form = FormState::new().value("name", f.name).errors(&errors);
            for s in app::api_tokens::SCOPES {
                let k = field_of(s);
                if f.rest.contains_key(&k) {
                    form = form.value(&k, "1");
                }
            }
            render_list(
                &state,
                &ctx,
                user.id,
                form,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The form field of a scope: `ideas:answer` → `scope_ideas_answer`.
pub fn field_of(scope: &str) -> String {
    format!("scope_{}", scope.replace(':', "_"))
}

async fn revoke(
    State(state): State<SharedState>,
    Staff(_): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::api_tokens::revoke(&state.app, &ctx.actor(), id).await?;
    Ok(redirect(
        &state,
        "/settings/api-tokens",
        Some("flash-api-token-revoked"),
    ))
}

async fn admin_list(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    let tokens: Vec<_> = db::api::tokens(&state.db, None)
        .await?
        .iter()
        .map(|t| view(t, ctx.lang))
        .collect();
    Ok(state
        .render(&ctx, "api/admin_tokens.html", context! { tokens })?
        .into_response())
}

async fn admin_revoke(
    State(state): State<SharedState>,
    _: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::api_tokens::revoke(&state.app, &ctx.actor(), id).await?;
    Ok(redirect(
        &state,
        "/admin/api-tokens",
        Some("flash-api-token-revoked"),
    ))
}
