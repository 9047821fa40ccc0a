//! The staff's upload form (multipart, the CSRF token in the action URL), new
//! versions and withdrawal. A file is spooled, checked, put into the store,
//! and only then is its row written, in one transaction: a crash on the way
//! leaves at most an unreferenced file, never a visible document without one.

use std::collections::HashMap;

use app::documents::{DocumentForm, FileInput};
use app::{Actor, CommandError};
use axum::extract::{Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use db::documents::Document;
use domain::FieldErrors;
use domain::documents::{DocType, LANGUAGES, MAX_FILES_PER_FORM};
use domain::processes::may_manage;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::upload::{self, Received, SpoolError, Spooled};
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, ErrorPage, SharedState, Staff};

const TEXT_FIELDS: &[&str] = &[
    "title",
    "description",
    "doc_type",
    "language",
    "doc_date",
    "department_id",
    "attach",
];

/// How many of each kind the attachment list offers (the newest).
const ATTACHABLE_PER_KIND: u64 = 300;

/// A submitted form: its text fields and the file, if one came.
struct Submitted {
    fields: HashMap<String, String>,
    file: Option<Spooled>,
    /// A message key for the file field found while receiving.
    file_error: Option<&'static str>,
}

impl Submitted {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn read(state: &AppState, mut mp: Multipart) -> AppResult<Submitted> {
    let mut s = Submitted {
        fields: HashMap::new(),
        file: None,
        file_error: None,
    };
    let mut files_seen = 0;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            // The client stopped sending: 408, and nothing is kept (a file
            // already spooled is removed with `s`).
            Err(e) if crate::server::is_body_timeout(&e) => return Err(timed_out()),
            // The body ends early: past the size limit (then say so), or the
            // connection broke (then nothing is kept).
            Err(_) if s.file_error.is_some() => break,
            Err(_) => return Err(AppError::bad_request()),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            files_seen += 1;
            if files_seen > MAX_FILES_PER_FORM {
                s.file_error = Some("error-document-too-many-files");
                continue;
            }
            let max = state.config.max_upload_bytes;
            match upload::spool(&mut field, &state.config.upload_dir, max).await {
                Ok(Received::File(f)) => s.file = Some(f),
                Ok(Received::Empty) => {}
                Ok(Received::TooLarge) => s.file_error = Some("error-document-too-large"),
                Err(SpoolError::Interrupted) => return Err(AppError::bad_request()),
                Err(SpoolError::TimedOut) => return Err(timed_out()),
                Err(SpoolError::Io(e)) => return Err(AppError::internal(e)),
            }
        } else if TEXT_FIELDS.contains(&name.as_str()) {
            let text = field.text().await.map_err(|e| {
                if crate::server::is_body_timeout(&e) {
                    timed_out()
                } else {
                    AppError::bad_request()
                }
            })?;
            s.fields.insert(name, text);
        }
    }
    Ok(s)
}

fn timed_out() -> AppError {
    AppError::Page(ErrorPage::Timeout)
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    replacing: Option<&Document>,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let departments: Vec<Value> = db::departments::list(&state.db)
        .await?
        .into_iter()
        .filter(|d| may_manage(user.role, user.department_id, d.id))
        .map(|d| context! { id => d.id, name => d.name })
        .collect();
    // What the document may be attached to, chosen by title (the command
    // checks again that the actor manages it).
    let scope = match user.role {
        domain::Role::Admin => None,
        _ => Some(user.department_id.unwrap_or(-1)),
    };
    let subjects = db::documents::attachable(&state.db, scope, ATTACHABLE_PER_KIND).await?;
    let group = |kind: &str| -> Vec<Value> {
        subjects
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| {
                context! {
                    value => format!("{}:{}", s.kind, s.id),
                    title => s.title.clone(),
                    process => s.process_title.clone(),
                }
            })
            .collect()
    };
    let attach_groups = vec![
        context! { kind => "process", items => group("process") },
        context! { kind => "survey", items => group("survey") },
        context! { kind => "idea", items => group("idea") },
    ];
    let page = state.render(
        ctx,
        "documents/form.html",
        context! {
            form,
            departments,
            types => Value::from(Serde(DocType::ALL.map(|t| t.as_str()))),
            doc_languages => Value::from(Serde(LANGUAGES)),
            attach_groups,
            replacing => replacing.map(|d| Value::from(Serde(super::view::document(d, ctx.lang)))),
            max_mb => state.config.max_upload_bytes / (1024 * 1024),
        },
    )?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewParams {
    attach: String,
}

pub async fn new_form(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    crate::params::Query(p): crate::params::Query<NewParams>,
) -> AppResult<Response> {
    let mut form = FormState::new()
        .value("language", "de")
        .value("doc_type", "report")
        .value("attach", p.attach);
    if let Some(d) = user.department_id {
        form = form.value("department_id", d.to_string());
    }
    render_form(&state, &ctx, &user, None, form, StatusCode::OK).await
}

/// The file field as the commands take it; the spooled file stays in `s`
/// (and is removed with it).
fn file_input(s: &Submitted) -> FileInput {
    match (s.file_error, &s.file) {
        (Some(key), _) => FileInput::Refused(key),
        (None, Some(f)) => FileInput::Spooled(f.upload()),
        (None, None) => FileInput::Missing,
    }
}

/// The form again with what was typed; a checked file must be chosen again.
fn again(s: &Submitted, errors: &FieldErrors) -> FormState {
    let mut form = FormState::new();
    for k in TEXT_FIELDS {
        if let Some(v) = s.fields.get(*k) {
            form.values.insert((*k).to_owned(), v.clone());
        }
    }
    let mut errors = errors.clone();
    if errors.get("file").is_none() {
        errors.add("file", "error-document-upload-again");
    }
    form.errors(&errors)
}

pub async fn create(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    req: Request,
) -> AppResult<Response> {
    let s = read(&state, upload::paced_multipart(req).await?).await?;
    let form = DocumentForm {
        title: s.get("title").to_owned(),
        description: s.get("description").to_owned(),
        language: s.get("language").to_owned(),
        doc_date: s.get("doc_date").to_owned(),
        doc_type: s.get("doc_type").to_owned(),
        department_id: s.get("department_id").parse::<i64>().ok(),
        attach: s.get("attach").to_owned(),
        file: file_input(&s),
    };
    match app::documents::publish(&state.app, &Actor::Person(user.clone()), form).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("/documents/{}", out.value.value),
            Some(if out.value.unread {
                "flash-document-saved-unread"
            } else {
                "flash-document-saved"
            }),
        )),
        Err(CommandError::Invalid(errors)) => {
            render_form(
                &state,
                &ctx,
                &user,
                None,
                again(&s, &errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn replace_form(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let doc = app::documents::managed(&state.app, &Actor::Person(user.clone()), id).await?;
    render_form(
        &state,
        &ctx,
        &user,
        Some(&doc),
        FormState::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn replace(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let actor = Actor::Person(user.clone());
    // Refused before the body is read.
    let doc = app::documents::managed(&state.app, &actor, id).await?;
    let s = read(&state, upload::paced_multipart(req).await?).await?;
    match app::documents::replace(&state.app, &actor, id, file_input(&s)).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("/documents/{id}"),
            Some(if out.value.unread {
                "flash-document-replaced-unread"
            } else {
                "flash-document-replaced"
            }),
        )),
        Err(CommandError::Invalid(errors)) => {
            render_form(
                &state,
                &ctx,
                &user,
                Some(&doc),
                again(&s, &errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {}

pub async fn withdraw(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    PostForm(_): PostForm<WithdrawForm>,
) -> AppResult<Response> {
    app::documents::withdraw(&state.app, &staff.actor(), id).await?;
    Ok(redirect(
        &state,
        &format!("/documents/{id}"),
        Some("flash-document-withdrawn"),
    ))
}
