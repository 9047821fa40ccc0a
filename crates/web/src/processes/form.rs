//! Creating and editing a process (multipart form: the header image travels
//! with it), and changing its status.

use domain::Tag;
use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use db::processes::{ImageChange, NewImage, Process, ProcessInput};
use domain::FieldErrors;
use domain::processes::{
    DateRange, IMAGE_ALT_MAX_CHARS, PhaseKind, Phases, Status, check_text, may_create, may_manage,
};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::{login_redirect, redirect};
use crate::forms::{FormState, PostForm};
use crate::images::{self, ImageProblem};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates, markdown};

const TEXT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "description",
    "tags",
    "department_id",
    "image_alt",
    "remove_image",
    "action",
    "information_from",
    "information_until",
    "participation_from",
    "participation_until",
    "evaluation_from",
    "evaluation_until",
    "result_from",
    "result_until",
    "ideas_enabled",
    "categories",
];

/// A submitted process form: its text fields and the uploaded picture, if any.
struct Submitted {
    fields: HashMap<String, String>,
    image: Option<Vec<u8>>,
    image_too_large: bool,
}

impl Submitted {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn read(mut mp: Multipart) -> AppResult<Submitted> {
    let mut s = Submitted {
        fields: HashMap::new(),
        image: None,
        image_too_large: false,
    };
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "image" {
            let mut buf: Vec<u8> = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                if buf.len() + chunk.len() > images::MAX_BYTES {
                    s.image_too_large = true;
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            if !buf.is_empty() && !s.image_too_large {
                s.image = Some(buf);
            }
        } else if TEXT_FIELDS.contains(&name.as_str()) {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            s.fields.insert(name, text);
        }
    }
    Ok(s)
}

fn staff(state: &AppState, ctx: &Ctx) -> Result<User, Box<Response>> {
    match ctx.user.as_deref() {
        None => Err(Box::new(login_redirect(state, ctx))),
        Some(u) if may_create(u.role) => Ok(u.clone()),
        Some(_) => Err(Box::new(AppError::forbidden().into_response())),
    }
}

fn phases_from(s: &Submitted, errors: &mut FieldErrors) -> Phases {
    let mut ranges = [DateRange::default(); 4];
    for (i, kind) in PhaseKind::ALL.iter().enumerate() {
        let field = domain::processes::phase_field(*kind);
        let from = dates::parse(s.get(&format!("{field}_from")));
        let until = dates::parse(s.get(&format!("{field}_until")));
        match (from, until) {
            (Ok(f), Ok(u)) => ranges[i] = DateRange { from: f, until: u },
            _ => errors.add(field, "error-date-invalid"),
        }
    }
    let [information, participation, evaluation, result] = ranges;
    Phases {
        information,
        participation,
        evaluation,
        result,
    }
}

/// The departments a person may run processes for.
async fn departments_for(
    state: &AppState,
    user: &User,
) -> AppResult<Vec<db::departments::Department>> {
    let all = db::departments::list(&state.db).await?;
    Ok(all
        .into_iter()
        .filter(|d| may_manage(user.role, user.department_id, d.id))
        .collect())
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    process: Option<&Process>,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let departments: Vec<Value> = departments_for(state, user)
        .await?
        .into_iter()
        .map(|d| context! { id => d.id, name => d.name })
        .collect();
    let existing = process.map(|p| {
        context! {
            id => p.id,
            image_small => p.image_id.map(|i| format!("/images/{i}/small.jpg")),
        }
    });
    let page = state.render(
        ctx,
        "processes/form.html",
        context! { form, departments, existing, phases => Value::from(Serde(PhaseKind::ALL.map(|k| k.as_str()))) },
    )?;
    Ok((status, page).into_response())
}

fn form_from_process(p: &Process) -> FormState {
    let mut f = FormState::new()
        .value("title", p.title.clone())
        .value("summary", p.summary.clone())
        .value("description", p.description_md.clone())
        .value("tags", p.tags.join(", "))
        .value("department_id", p.department_id.to_string())
        .value("image_alt", p.image_alt.clone().unwrap_or_default())
        .value("ideas_enabled", if p.ideas_enabled { "1" } else { "" })
        .value("categories", p.idea_categories.join("\n"));
    for kind in PhaseKind::ALL {
        let r = p.phases.get(kind);
        let field = domain::processes::phase_field(kind);
        for (suffix, v) in [("from", r.from), ("until", r.until)] {
            if let Some(d) = v {
                f.values.insert(
                    format!("{field}_{suffix}"),
                    d.format("%Y-%m-%d").to_string(),
                );
            }
        }
    }
    f
}

pub async fn new_form(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    let user = match staff(&state, &ctx) {
        Ok(u) => u,
        Err(r) => return Ok(*r),
    };
    let mut form = FormState::new();
    if let Some(d) = user.department_id {
        form = form.value("department_id", d.to_string());
    }
    render_form(&state, &ctx, &user, None, form, StatusCode::OK).await
}

/// Checks a submitted form. On success returns the input to store; otherwise
/// the form to show again.
async fn check(
    state: &AppState,
    user: &User,
    s: Submitted,
    has_image: bool,
) -> Result<ProcessInput, FormState> {
    let mut errors = match check_text(
        s.get("title"),
        s.get("summary"),
        s.get("description"),
        s.get("tags"),
    ) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    let department_id = s.get("department_id").parse::<i64>().ok();
    match department_id {
        None => errors.add("department_id", "error-required"),
        Some(d) if !may_manage(user.role, user.department_id, d) => {
            errors.add("department_id", "error-department-not-yours")
        }
        Some(d) => {
            if matches!(db::departments::by_id(&state.db, d).await, Ok(None)) {
                errors.add("department_id", "error-department-unknown");
            }
        }
    }
    let phases = phases_from(&s, &mut errors);
    if errors.get("participation").is_none() {
        for e in phases.validate().0 {
            errors.add(e.field, e.key);
        }
    }
    let categories = errors
        .check(domain::ideas::parse_categories(s.get("categories")))
        .unwrap_or_default();
    let alt = s.get("image_alt").trim().to_owned();
    if alt.chars().count() > IMAGE_ALT_MAX_CHARS {
        errors.add("image_alt", "error-image-alt-too-long");
    }
    let remove = s.get("remove_image") == "1";
    let image = if s.image_too_large {
        errors.add("image", ImageProblem::TooLarge.key());
        ImageChange::Keep
    } else if let Some(bytes) = s.image.clone() {
        match images::process(bytes).await {
            Ok(p) => ImageChange::Replace(NewImage {
                content_type: "image/jpeg".into(),
                width: p.width as i32,
                height: p.height as i32,
                large: p.large,
                small: p.small,
            }),
            Err(problem) => {
                errors.add("image", problem.key());
                ImageChange::Keep
            }
        }
    } else if remove {
        ImageChange::Remove
    } else {
        ImageChange::Keep
    };
    let will_have_image = matches!(image, ImageChange::Replace(_)) || (has_image && !remove);
    if will_have_image && alt.is_empty() {
        errors.add("image_alt", "error-image-alt-required");
    }
    if !errors.is_empty() || department_id.is_none() {
        let mut form = FormState::new();
        for k in TEXT_FIELDS {
            if let Some(v) = s.fields.get(*k) {
                form.values.insert((*k).to_owned(), v.clone());
            }
        }
        if s.image.is_some() {
            errors.add("image", "error-image-upload-again");
        }
        return Err(form.errors(&errors));
    }
    let text = match check_text(
        s.get("title"),
        s.get("summary"),
        s.get("description"),
        s.get("tags"),
    ) {
        Ok(t) => t,
        Err(e) => return Err(FormState::new().errors(&e)),
    };
    Ok(ProcessInput {
        department_id: department_id.unwrap_or_default(),
        description_html: markdown::to_html(&text.description),
        description_text: markdown::to_text(&text.description),
        title: text.title,
        summary: text.summary,
        description_md: text.description,
        tags: text.tags,
        phases,
        image,
        image_alt: Some(alt).filter(|a| !a.is_empty()),
        ideas_enabled: s.get("ideas_enabled") == "1",
        idea_categories: categories,
    })
}

pub async fn create(
    State(state): State<SharedState>,
    ctx: Ctx,
    mp: Multipart,
) -> AppResult<Response> {
    let user = match staff(&state, &ctx) {
        Ok(u) => u,
        Err(r) => return Ok(*r),
    };
    let submitted = read(mp).await?;
    let status = if submitted.get("action") == "publish" {
        Status::Published
    } else {
        Status::Draft
    };
    match check(&state, &user, submitted, false).await {
        Ok(input) => {
            let id = db::processes::create(&state.db, input, status, user.id).await?;
            state
                .changed(&[Tag::Process(id), Tag::Lists, Tag::Search])
                .await;
            tracing::info!(process = id, user = user.id, "process created");
            Ok(redirect(
                &state,
                &format!("/processes/{id}"),
                Some("flash-process-saved"),
            ))
        }
        Err(form) => {
            render_form(
                &state,
                &ctx,
                &user,
                None,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The process and the user, if the user may manage it.
async fn managed(state: &AppState, ctx: &Ctx, id: i64) -> Result<(User, Process), Box<Response>> {
    let user = staff(state, ctx)?;
    let process = match db::processes::get(&state.db, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(Box::new(AppError::not_found().into_response())),
        Err(e) => return Err(Box::new(AppError::from(e).into_response())),
    };
    if !may_manage(user.role, user.department_id, process.department_id) {
        return Err(Box::new(AppError::forbidden().into_response()));
    }
    Ok((user, process))
}

pub async fn edit_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (user, process) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
    render_form(
        &state,
        &ctx,
        &user,
        Some(&process),
        form_from_process(&process),
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let (user, process) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
    let submitted = read(mp).await?;
    match check(&state, &user, submitted, process.image_id.is_some()).await {
        Ok(input) => {
            db::processes::update(&state.db, id, input).await?;
            state
                .changed(&[Tag::Process(id), Tag::Lists, Tag::Search])
                .await;
            tracing::info!(process = id, user = user.id, "process updated");
            Ok(redirect(
                &state,
                &format!("/processes/{id}"),
                Some("flash-process-saved"),
            ))
        }
        Err(form) => {
            render_form(
                &state,
                &ctx,
                &user,
                Some(&process),
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatusForm>,
) -> AppResult<Response> {
    let (user, _) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
    let status = Status::parse(&f.status).ok_or_else(AppError::bad_request)?;
    db::processes::set_status(&state.db, id, status).await?;
    state
        .changed(&[Tag::Process(id), Tag::Lists, Tag::Search])
        .await;
    tracing::info!(
        process = id,
        user = user.id,
        status = status.as_str(),
        "process status changed"
    );
    Ok(redirect(
        &state,
        &format!("/processes/{id}"),
        Some("flash-process-status-changed"),
    ))
}
