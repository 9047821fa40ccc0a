//! `/admin/settings`: the site's name and logo (multipart form: the logo
//! travels with it, the CSRF token in the action's query like every upload).

use app::CommandError;
use app::processes::Picture;
use app::site::SettingsForm;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::FieldErrors;
use minijinja::context;

use crate::accounts::redirect;
use crate::forms::FormState;
use crate::{Admin, AppError, AppResult, AppState, Ctx, SharedState, images};

async fn render(
    state: &AppState,
    ctx: &Ctx,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let site = state.site.load(&state.db).await;
    let page = state.render(
        ctx,
        "admin/settings.html",
        context! {
            form,
            logo => site.logo.clone(),
            name_max => app::site::NAME_MAX_CHARS,
        },
    )?;
    Ok((status, page).into_response())
}

pub async fn show(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    let site = state.site.load(&state.db).await;
    let form = FormState::new().value("name", site.name.clone().unwrap_or_default());
    render(&state, &ctx, form, StatusCode::OK).await
}

pub async fn save(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    mut mp: Multipart,
) -> AppResult<Response> {
    let mut form = SettingsForm::default();
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        match field.name().unwrap_or("") {
            "logo" => {
                let mut buf: Vec<u8> = Vec::new();
                let mut too_large = false;
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                    if buf.len() + chunk.len() > images::MAX_BYTES {
                        too_large = true;
                        break;
                    }
                    buf.extend_from_slice(&chunk);
                }
                form.logo = if too_large {
                    Picture::TooLarge
                } else if buf.is_empty() {
                    Picture::None
                } else {
                    Picture::Upload(buf)
                };
            }
            "name" => form.name = field.text().await.map_err(|_| AppError::bad_request())?,
            "remove_logo" => {
                form.remove_logo = field.text().await.map_err(|_| AppError::bad_request())? == "1"
            }
            _ => {}
        }
    }
    let name = form.name.clone();
    let had_logo = matches!(form.logo, Picture::Upload(_));
    match app::site::update_settings(&state.app, &admin.actor(), form).await {
        Ok(_) => Ok(redirect(
            &state,
            "/admin/settings",
            Some("flash-site-settings-saved"),
        )),
        Err(CommandError::Invalid(mut errors)) => {
            // A file input cannot be filled in again: say so, unless the
            // file itself was refused.
            if had_logo && errors.get("logo").is_none() {
                errors.add("logo", "error-image-upload-again");
            }
            let errors: FieldErrors = errors;
            let form = FormState::new().value("name", name).errors(&errors);
            render(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
