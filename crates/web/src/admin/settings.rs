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

/// The form's text fields and the settings they show.
const TEXT_FIELDS: &[(&str, &str)] = &[
    ("color_primary", db::site::PRIMARY),
    ("color_primary_text", db::site::PRIMARY_TEXT),
    ("color_accent", db::site::ACCENT),
    ("color_accent_text", db::site::ACCENT_TEXT),
    ("home_heading", db::site::HOME_HEADING),
    ("home_lead", db::site::HOME_LEAD),
    ("portal_url", db::site::PORTAL_URL),
    ("services_url", db::site::SERVICES_URL),
];

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
    let stored = db::site::settings(&state.db).await?;
    let mut form = FormState::new().value("name", site.name.clone().unwrap_or_default());
    for (field, setting) in TEXT_FIELDS {
        form = form.value(field, stored.get(*setting).cloned().unwrap_or_default());
    }
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
            name @ ("color_primary" | "color_primary_text" | "color_accent"
            | "color_accent_text" | "home_heading" | "home_lead" | "portal_url"
            | "services_url") => {
                let name = name.to_owned();
                let text = field.text().await.map_err(|_| AppError::bad_request())?;
                let slot = match name.as_str() {
                    "color_primary" => &mut form.color_primary,
                    "color_primary_text" => &mut form.color_primary_text,
                    "color_accent" => &mut form.color_accent,
                    "color_accent_text" => &mut form.color_accent_text,
                    "home_heading" => &mut form.home_heading,
                    "home_lead" => &mut form.home_lead,
                    "portal_url" => &mut form.portal_url,
                    _ => &mut form.services_url,
                };
                *slot = text;
            }
            "remove_logo" => {
                form.remove_logo = field.text().await.map_err(|_| AppError::bad_request())? == "1"
            }
            _ => {}
        }
    }
    let name = form.name.clone();
    let typed: Vec<(&str, String)> = vec![
        ("color_primary", form.color_primary.clone()),
        ("color_primary_text", form.color_primary_text.clone()),
        ("color_accent", form.color_accent.clone()),
        ("color_accent_text", form.color_accent_text.clone()),
        ("home_heading", form.home_heading.clone()),
        ("home_lead", form.home_lead.clone()),
        ("portal_url", form.portal_url.clone()),
        ("services_url", form.services_url.clone()),
    ];
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
            let mut form = FormState::new().value("name", name);
            for (field, value) in typed {
                form = form.value(field, value);
            }
            let form = form.errors(&errors);
            render(&state, &ctx, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
