//! The legal and information pages (`/pages/{slug}`), their editing by
//! administrators (`/admin/pages/{slug}`), and the feedback form of the
//! accessibility statement. A page nobody has written yet shows the built-in
//! text of `content/<lang>/<slug>.md`, which names what the operator fills in.

use app::CommandError;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::site_pages::SitePage;
use minijinja::context;
use serde::Deserialize;

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{Admin, AppResult, AppState, Ctx, SharedState, markdown};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/pages/{slug}", get(show))
        .route("/pages/accessibility/feedback", post(feedback))
        .route("/admin/pages", get(admin_list))
        .route("/admin/pages/{slug}", get(edit).post(save))
}

/// The built-in text of a page.
fn default_text(page: SitePage, lang: &str) -> &'static str {
    macro_rules! pages {
        ($($slug:literal),*) => {
            match (page.slug(), lang) {
                $(
                    ($slug, "en") => include_str!(concat!("../content/en/", $slug, ".md")),
                    ($slug, _) => include_str!(concat!("../content/de/", $slug, ".md")),
                )*
                _ => "",
            }
        };
    }
    pages!("imprint", "privacy", "terms", "accessibility", "easy-read")
}

fn page_of(slug: &str) -> AppResult<SitePage> {
    SitePage::parse(slug).ok_or_else(crate::AppError::not_found)
}

async fn text_of(state: &AppState, page: SitePage, lang: &str) -> AppResult<String> {
    Ok(
        match db::site_pages::get(&state.db, page.slug(), lang).await? {
            Some(text) => text,
            None => default_text(page, lang).to_owned(),
        },
    )
}

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    page: SitePage,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let body_html = markdown::to_html(&text_of(state, page, ctx.lang).await?);
    let html = state.render(
        ctx,
        "pages/show.html",
        context! { slug => page.slug(), body_html, form, path => format!("/pages/{}", page.slug()) },
    )?;
    Ok((status, html).into_response())
}

async fn show(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    ctx: Ctx,
) -> AppResult<Response> {
    render_page(
        &state,
        &ctx,
        page_of(&slug)?,
        FormState::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedbackForm {
    message: String,
    reply_to: String,
    page: String,
    /// Spam protection (`holds::spam`).
    website: String,
    form_stamp: String,
}

async fn feedback(
    State(state): State<SharedState>,
    ctx: Ctx,
    PostForm(f): PostForm<FeedbackForm>,
) -> AppResult<Response> {
    if crate::holds::spam::caught(&f.website) {
        // Answered as a success, so that the robot learns nothing.
        return Ok(redirect(
            &state,
            "/pages/accessibility",
            Some("flash-feedback-sent"),
        ));
    }
    let input = app::site_pages::Feedback {
        message: f.message.clone(),
        reply_to: f.reply_to.clone(),
        page: f.page.clone(),
        ip: ctx.ip.clone(),
    };
    let result = match crate::holds::spam::refusal(&state, "", &f.form_stamp).await? {
        Some(key) => Err(app::CommandError::field("message", key)),
        None => app::site_pages::accessibility_feedback(&state.app, &ctx.actor(), input).await,
    };
    match result {
        Ok(_) => Ok(redirect(
            &state,
            "/pages/accessibility",
            Some("flash-feedback-sent"),
        )),
        Err(e) => {
            let Some(errors) = e.field_errors() else {
                return Err(e.into());
            };
            let form = FormState::new()
                .value("message", f.message)
                .value("reply_to", f.reply_to)
                .value("page", f.page)
                .errors(&errors);
            render_page(
                &state,
                &ctx,
                SitePage::Accessibility,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn admin_list(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    let slugs: Vec<&str> = SitePage::ALL.iter().map(|p| p.slug()).collect();
    Ok(state
        .render(&ctx, "pages/admin_list.html", context! { slugs })?
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditQuery {
    lang: String,
}

/// The language whose text is edited: the one asked for, else the reader's.
fn edited_lang(asked: &str, ctx: &Ctx) -> &'static str {
    i18n::supported(asked).unwrap_or(ctx.lang)
}

async fn render_edit(
    state: &AppState,
    ctx: &Ctx,
    page: SitePage,
    lang: &str,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "pages/edit.html",
        context! { slug => page.slug(), edit_lang => lang, form },
    )?;
    Ok((status, html).into_response())
}

async fn edit(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    _: Admin,
    ctx: Ctx,
    crate::params::Query(q): crate::params::Query<EditQuery>,
) -> AppResult<Response> {
    let page = page_of(&slug)?;
    let lang = edited_lang(&q.lang, &ctx);
    let form = FormState::new().value("body", text_of(&state, page, lang).await?);
    render_edit(&state, &ctx, page, lang, form, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SaveForm {
    lang: String,
    body: String,
}

async fn save(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    admin: Admin,
    ctx: Ctx,
    PostForm(f): PostForm<SaveForm>,
) -> AppResult<Response> {
    let page = page_of(&slug)?;
    let lang = edited_lang(&f.lang, &ctx);
    match app::site_pages::save(&state.app, &admin.actor(), page, lang, &f.body).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/pages/{}", page.slug()),
            Some("flash-saved"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new().value("body", f.body).errors(&errors);
            render_edit(
                &state,
                &ctx,
                page,
                lang,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
