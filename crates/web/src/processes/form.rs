//! Creating and editing a process (multipart form: the header image travels
//! with it), and changing its status.

use std::collections::HashMap;

use app::processes::{Picture, ProcessForm};
use app::{Actor, CommandError};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use db::processes::Process;
use domain::FieldErrors;
use domain::processes::{PhaseKind, Status, may_manage};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::images;
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff};

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
    "premoderated",
    "answer_period",
    "answer_unit",
    "answer_threshold",
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

pub async fn new_form(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> AppResult<Response> {
    let mut form = FormState::new();
    if let Some(d) = user.department_id {
        form = form.value("department_id", d.to_string());
    }
    render_form(&state, &ctx, &user, None, form, StatusCode::OK).await
}

/// The command's input from a submitted form, and whether a picture came
/// (which must then be chosen again if the form is shown again).
fn input(s: &mut Submitted) -> (ProcessForm, bool) {
    let image = if s.image_too_large {
        Picture::TooLarge
    } else {
        s.image.take().map(Picture::Upload).unwrap_or_default()
    };
    let had_image = matches!(image, Picture::Upload(_));
    let dates = PhaseKind::ALL.map(|kind| {
        let field = domain::processes::phase_field(kind);
        (
            s.get(&format!("{field}_from")).to_owned(),
            s.get(&format!("{field}_until")).to_owned(),
        )
    });
    let form = ProcessForm {
        title: s.get("title").to_owned(),
        summary: s.get("summary").to_owned(),
        description: s.get("description").to_owned(),
        tags: s.get("tags").to_owned(),
        department_id: s.get("department_id").parse::<i64>().ok(),
        dates,
        ideas_enabled: s.get("ideas_enabled") == "1",
        premoderated: s.get("premoderated") == "1",
        categories: s.get("categories").to_owned(),
        image,
        image_alt: s.get("image_alt").to_owned(),
        remove_image: s.get("remove_image") == "1",
        answer_period: s.get("answer_period").to_owned(),
        answer_unit: s.get("answer_unit").to_owned(),
        answer_threshold: s.get("answer_threshold").to_owned(),
    };
    (form, had_image)
}

/// The form again with what was typed and a message beside each field.
fn again(s: &Submitted, had_image: bool, mut errors: FieldErrors) -> FormState {
    let mut form = FormState::new();
    for k in TEXT_FIELDS {
        if let Some(v) = s.fields.get(*k) {
            form.values.insert((*k).to_owned(), v.clone());
        }
    }
    if had_image {
        errors.add("image", "error-image-upload-again");
    }
    form.errors(&errors)
}

pub async fn create(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    mp: Multipart,
) -> AppResult<Response> {
    let mut submitted = read(mp).await?;
    let status = if submitted.get("action") == "publish" {
        Status::Published
    } else {
        Status::Draft
    };
    let (form, had_image) = input(&mut submitted);
    let actor = Actor::Person(user.clone());
    match app::processes::create(&state.app, &actor, form, status).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("/processes/{}", out.value),
            Some("flash-process-saved"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = again(&submitted, had_image, errors);
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
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = app::processes::managed(&state.app, &Actor::Person(user.clone()), id).await?;
    let promise = db::accountability::promise(state.db.conn(), id).await?;
    render_form(
        &state,
        &ctx,
        &user,
        Some(&process),
        form_from_process(&process)
            .value(
                "premoderated",
                if db::holds::premoderated(state.db.conn(), id).await? {
                    "1"
                } else {
                    ""
                },
            )
            // A period of whole weeks is shown as typed most likely.
            .value(
                "answer_period",
                match promise.days {
                    Some(d) if d % 7 == 0 => (d / 7).to_string(),
                    Some(d) => d.to_string(),
                    None => String::new(),
                },
            )
            .value(
                "answer_unit",
                if promise.days.is_some_and(|d| d % 7 != 0) {
                    "days"
                } else {
                    "weeks"
                },
            )
            .value(
                "answer_threshold",
                if promise.days.is_some() {
                    promise.threshold.to_string()
                } else {
                    String::new()
                },
            ),
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let actor = Actor::Person(user.clone());
    // Refused before the body is read, as before the picture is processed.
    let process = app::processes::managed(&state.app, &actor, id).await?;
    let mut submitted = read(mp).await?;
    let (form, had_image) = input(&mut submitted);
    match app::processes::update(&state.app, &actor, id, form).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/processes/{id}"),
            Some("flash-process-saved"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = again(&submitted, had_image, errors);
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
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatusForm>,
) -> AppResult<Response> {
    let status = Status::parse(&f.status).ok_or_else(AppError::bad_request)?;
    app::processes::set_status(&state.app, &staff.actor(), id, status).await?;
    Ok(redirect(
        &state,
        &format!("/processes/{id}"),
        Some("flash-process-status-changed"),
    ))
}
