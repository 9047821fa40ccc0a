//! Submitting an idea (multipart: up to three pictures travel with it).

use domain::Tag;
use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::processes::{NewImage, Process};
use domain::FieldErrors;
use domain::ideas::{ADDRESS_MAX_CHARS, IMAGES_MAX, check_place, check_text};
use minijinja::context;

use crate::accounts::{login_redirect, redirect};
use crate::forms::FormState;
use crate::images::{self, ImageProblem};
use crate::processes::show::load_visible;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates, markdown};

const TEXT_FIELDS: &[&str] = &[
    "title", "body", "category", "lat", "lon", "address", "alt1", "alt2", "alt3",
];

pub(crate) struct Submitted {
    pub(crate) fields: HashMap<String, String>,
    /// Uploaded pictures by slot (1 to 3); `None` for a slot whose file was too large.
    pub(crate) images: Vec<(usize, Option<Vec<u8>>)>,
}

impl Submitted {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

pub(crate) async fn read(mut mp: Multipart) -> AppResult<Submitted> {
    let mut s = Submitted {
        fields: HashMap::new(),
        images: vec![],
    };
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        let name = field.name().unwrap_or("").to_owned();
        if let Some(slot) = name
            .strip_prefix("image")
            .and_then(|n| n.parse::<usize>().ok())
        {
            if !(1..=IMAGES_MAX).contains(&slot) {
                continue;
            }
            let mut buf = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                if buf.len() + chunk.len() > images::MAX_BYTES {
                    too_large = true;
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            if too_large {
                s.images.push((slot, None));
            } else if !buf.is_empty() {
                s.images.push((slot, Some(buf)));
            }
        } else if TEXT_FIELDS.contains(&name.as_str()) {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            s.fields.insert(name, text);
        }
    }
    Ok(s)
}

fn open_for_ideas(p: &Process) -> bool {
    p.ideas_enabled
        && p.status == domain::processes::Status::Published
        && p.phases.participation_open(dates::today())
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    p: &Process,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let page = state.render(
        ctx,
        "ideas/form.html",
        context! {
            form,
            process_id => p.id,
            process_title => p.title.clone(),
            categories => p.idea_categories.clone(),
            slots => vec![1, 2, 3],
        },
    )?;
    Ok((status, page).into_response())
}

pub async fn new_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = load_visible(&state, &ctx, id).await?;
    if ctx.user.is_none() {
        return Ok(login_redirect(&state, &ctx));
    }
    if !open_for_ideas(&p) {
        return Err(AppError::forbidden());
    }
    render_form(&state, &ctx, &p, FormState::new(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let p = load_visible(&state, &ctx, id).await?;
    let Some(user) = ctx.user.as_deref() else {
        return Ok(login_redirect(&state, &ctx));
    };
    let s = read(mp).await?;
    let mut errors = match check_text(s.get("title"), s.get("body")) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    if !open_for_ideas(&p) {
        errors.add("title", "error-ideas-closed");
    }
    let category = Some(s.get("category").trim().to_owned()).filter(|c| !c.is_empty());
    match &category {
        Some(c) if !p.idea_categories.contains(c) => {
            errors.add("category", "error-category-unknown")
        }
        None if !p.idea_categories.is_empty() => errors.add("category", "error-required"),
        _ => {}
    }
    let place = errors
        .check(check_place(s.get("lat"), s.get("lon")))
        .flatten();
    let address = s
        .get("address")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if address.chars().count() > ADDRESS_MAX_CHARS {
        errors.add("address", "error-address-too-long");
    }
    let mut pictures = vec![];
    for (slot, bytes) in &s.images {
        let field: &'static str = match slot {
            1 => "image1",
            2 => "image2",
            _ => "image3",
        };
        let alt_field: &'static str = match slot {
            1 => "alt1",
            2 => "alt2",
            _ => "alt3",
        };
        let alt = s.get(alt_field).trim().to_owned();
        let Some(bytes) = bytes else {
            errors.add(field, ImageProblem::TooLarge.key());
            continue;
        };
        match images::process(bytes.clone()).await {
            Ok(img) if !alt.is_empty() => pictures.push((
                NewImage {
                    content_type: "image/jpeg".into(),
                    width: img.width as i32,
                    height: img.height as i32,
                    large: img.large,
                    small: img.small,
                },
                alt,
            )),
            Ok(_) => errors.add(alt_field, "error-image-alt-required"),
            Err(problem) => errors.add(field, problem.key()),
        }
    }
    let text = match check_text(s.get("title"), s.get("body")) {
        Ok(t) if errors.is_empty() => t,
        _ => {
            if !s.images.is_empty() && !errors.is_empty() {
                errors.add("image1", "error-image-upload-again");
            }
            let mut form = FormState::new();
            for k in TEXT_FIELDS {
                if let Some(v) = s.fields.get(*k) {
                    form.values.insert((*k).to_owned(), v.clone());
                }
            }
            let status = if open_for_ideas(&p) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::FORBIDDEN
            };
            return render_form(&state, &ctx, &p, form.errors(&errors), status).await;
        }
    };
    let idea_id = db::ideas::create(
        &state.db,
        db::ideas::NewIdea {
            process_id: p.id,
            department_id: p.department_id,
            author_id: user.id,
            body_html: markdown::to_html(&text.body),
            title: text.title,
            body_md: text.body,
            category,
            place,
            address: Some(address).filter(|a| !a.is_empty()),
            images: pictures,
        },
    )
    .await?;
    state
        .changed(&[Tag::Process(p.id), Tag::Lists, Tag::Search])
        .await;
    tracing::info!(idea = idea_id, process = p.id, "idea submitted");
    Ok(redirect(
        &state,
        &format!("/ideas/{idea_id}"),
        Some("flash-idea-saved"),
    ))
}
