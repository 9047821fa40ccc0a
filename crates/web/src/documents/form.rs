//! The staff's upload form (multipart, the CSRF token in the action URL), new
//! versions and withdrawal. A file is spooled, checked, put into the store,
//! and only then is its row written, in one transaction: a crash on the way
//! leaves at most an unreferenced file, never a visible document without one.

use domain::Tag;
use std::collections::HashMap;

use axum::extract::{Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use db::documents::{Document, NewDocument, NewFile};
use domain::FieldErrors;
use domain::documents::{
    DocType, LANGUAGES, MAX_FILES_PER_FORM, SubjectKind, check_text, parse_subjects,
};
use domain::processes::{may_create, may_manage};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::upload::{self, Received, SpoolError, Spooled};
use crate::accounts::{login_redirect, redirect};
use crate::forms::{FormState, PostForm};
use crate::{AppError, AppResult, AppState, Ctx, ErrorPage, SharedState, dates};
use files::documents::Analysis;

const TEXT_FIELDS: &[&str] = &[
    "title",
    "description",
    "doc_type",
    "language",
    "doc_date",
    "department_id",
    "attach",
];

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

fn staff(state: &AppState, ctx: &Ctx) -> Result<User, Box<Response>> {
    match ctx.user.as_deref() {
        None => Err(Box::new(login_redirect(state, ctx))),
        Some(u) if may_create(u.role) => Ok(u.clone()),
        Some(_) => Err(Box::new(AppError::forbidden().into_response())),
    }
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
    let page = state.render(
        ctx,
        "documents/form.html",
        context! {
            form,
            departments,
            types => Value::from(Serde(DocType::ALL.map(|t| t.as_str()))),
            doc_languages => Value::from(Serde(LANGUAGES)),
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
    ctx: Ctx,
    axum::extract::Query(p): axum::extract::Query<NewParams>,
) -> AppResult<Response> {
    let user = match staff(&state, &ctx) {
        Ok(u) => u,
        Err(r) => return Ok(*r),
    };
    let mut form = FormState::new()
        .value("language", "de")
        .value("doc_type", "report")
        .value("attach", p.attach);
    if let Some(d) = user.department_id {
        form = form.value("department_id", d.to_string());
    }
    render_form(&state, &ctx, &user, None, form, StatusCode::OK).await
}

/// The file's check: a message key beside the file field, or what it is.
async fn check_file(s: &mut Submitted, errors: &mut FieldErrors) -> Option<(Spooled, Analysis)> {
    if let Some(key) = s.file_error {
        errors.add("file", key);
        return None;
    }
    let Some(file) = s.file.take() else {
        errors.add("file", "error-document-file-required");
        return None;
    };
    let (file, analysis) = tokio::task::spawn_blocking(move || {
        let a = files::documents::analyze(&file.sample());
        (file, a)
    })
    .await
    .ok()?;
    match analysis {
        Ok(a) => Some((file, a)),
        Err(key) => {
            errors.add("file", key);
            None
        }
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

/// Puts a checked file (and its preview) into the store.
async fn store(state: &AppState, file: &Spooled, a: &Analysis) -> AppResult<()> {
    let put = async {
        state
            .config
            .storage
            .put_file(&file.hash, &file.path, file.size)
            .await?;
        if let Some(png) = &a.preview {
            state
                .config
                .storage
                .put_preview(&file.hash, png.clone())
                .await?;
        }
        Ok::<_, crate::storage::StorageError>(())
    };
    put.await.map_err(|e| {
        tracing::error!(error = %e, "storing an upload failed");
        AppError::Page(ErrorPage::Unavailable)
    })
}

fn new_file(file: &Spooled, a: Analysis) -> NewFile {
    NewFile {
        content_hash: file.hash.clone(),
        file_kind: a.kind,
        size: file.size as i64,
        page_count: a.page_count,
        has_preview: a.preview.is_some(),
        filename: file
            .filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect(),
        text: a.text,
    }
}

async fn check_subjects(
    state: &AppState,
    input: &str,
    errors: &mut FieldErrors,
) -> AppResult<Vec<(SubjectKind, i64)>> {
    let Some(subjects) = errors.check(parse_subjects(input)) else {
        return Ok(vec![]);
    };
    for (kind, id) in &subjects {
        if !db::documents::subject_exists(&state.db, *kind, *id).await? {
            errors.add("attach", "error-document-attach-unknown");
            break;
        }
    }
    Ok(subjects)
}

pub async fn create(
    State(state): State<SharedState>,
    ctx: Ctx,
    req: Request,
) -> AppResult<Response> {
    let user = match staff(&state, &ctx) {
        Ok(u) => u,
        Err(r) => return Ok(*r),
    };
    let mut s = read(&state, upload::paced_multipart(req).await?).await?;
    let text = check_text(
        s.get("title"),
        s.get("description"),
        s.get("language"),
        dates::parse(s.get("doc_date")).map_err(|_| ()),
        s.get("doc_type"),
    );
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    let department_id = s.get("department_id").parse::<i64>().ok();
    match department_id {
        None => errors.add("department_id", "error-required"),
        Some(d) if !may_manage(user.role, user.department_id, d) => {
            errors.add("department_id", "error-document-department-not-yours")
        }
        Some(_) => {}
    }
    let subjects = check_subjects(&state, s.get("attach"), &mut errors).await?;
    let checked = check_file(&mut s, &mut errors).await;
    let (Ok(text), Some(department_id), Some((file, analysis)), true) =
        (text, department_id, checked, errors.is_empty())
    else {
        let form = again(&s, &errors);
        return render_form(
            &state,
            &ctx,
            &user,
            None,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    store(&state, &file, &analysis).await?;
    let id = db::documents::create(
        &state.db,
        NewDocument {
            department_id,
            text,
            subjects,
            file: new_file(&file, analysis),
            created_by: Some(user.id),
        },
    )
    .await?;
    state.changed(&[Tag::All]).await;
    tracing::info!(document = id, user = user.id, "document published");
    Ok(redirect(
        &state,
        &format!("/documents/{id}"),
        Some("flash-document-saved"),
    ))
}

/// The document and the user, if the user may manage it.
async fn managed(state: &AppState, ctx: &Ctx, id: i64) -> Result<(User, Document), Box<Response>> {
    let user = staff(state, ctx)?;
    let doc = match db::documents::get(&state.db, id).await {
        Ok(Some(d)) => d,
        Ok(None) => return Err(Box::new(AppError::not_found().into_response())),
        Err(e) => return Err(Box::new(AppError::from(e).into_response())),
    };
    if !may_manage(user.role, user.department_id, doc.department_id) {
        return Err(Box::new(AppError::forbidden().into_response()));
    }
    Ok((user, doc))
}

pub async fn replace_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (user, doc) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
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
    ctx: Ctx,
    Path(id): Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let (user, doc) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
    let mut s = read(&state, upload::paced_multipart(req).await?).await?;
    let mut errors = FieldErrors::new();
    let Some((file, analysis)) = check_file(&mut s, &mut errors).await else {
        let form = again(&s, &errors);
        return render_form(
            &state,
            &ctx,
            &user,
            Some(&doc),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    store(&state, &file, &analysis).await?;
    let version =
        db::documents::add_version(&state.db, id, new_file(&file, analysis), Some(user.id))
            .await?
            .ok_or_else(AppError::not_found)?;
    state.changed(&[Tag::All]).await;
    tracing::info!(document = id, version, user = user.id, "document replaced");
    Ok(redirect(
        &state,
        &format!("/documents/{id}"),
        Some("flash-document-replaced"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {}

pub async fn withdraw(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(_): PostForm<WithdrawForm>,
) -> AppResult<Response> {
    let (user, _) = match managed(&state, &ctx, id).await {
        Ok(x) => x,
        Err(r) => return Ok(*r),
    };
    db::documents::withdraw(&state.db, id).await?;
    state.changed(&[Tag::All]).await;
    tracing::info!(document = id, user = user.id, "document withdrawn");
    Ok(redirect(
        &state,
        &format!("/documents/{id}"),
        Some("flash-document-withdrawn"),
    ))
}
