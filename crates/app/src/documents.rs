//! Documents: publishing an upload, new versions, withdrawal, attaching, and
//! publishing a PDF already in memory. Files first, rows after: a file is
//! checked by its content and put into the store (`Config::storage`) before
//! its row and search entry are written in one transaction, so a crash leaves
//! at most an unreferenced file (tidied later), never a row without its file.

use std::path::PathBuf;

use db::documents::{Document, NewDocument, NewFile};
use domain::documents::{DocumentText, SubjectKind, check_text, parse_subjects};
use domain::{FieldErrors, Tag};
use files::documents::Analysis;

use crate::processes::{manages_department, parse_date, require_staff};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// A file received into the spool folder (hashed and measured on the way).
/// The caller owns the file and removes it after the command.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: PathBuf,
    /// SHA-256, hex.
    pub hash: String,
    pub size: u64,
    /// The name it was sent with (never trusted).
    pub filename: String,
    /// Its first `files::documents::HEAD_BYTES` bytes.
    pub head: Vec<u8>,
    /// Whether it is all UTF-8 without NUL bytes.
    pub utf8: bool,
}

/// The file field of a form.
#[derive(Debug, Default)]
pub enum FileInput {
    /// No file was chosen.
    #[default]
    Missing,
    /// Refused while it was received (too large, too many): the message key.
    Refused(&'static str),
    Spooled(Upload),
}

/// The staff's upload form as typed.
#[derive(Debug, Default)]
pub struct DocumentForm {
    pub title: String,
    pub description: String,
    pub language: String,
    /// `YYYY-MM-DD` or empty.
    pub doc_date: String,
    pub doc_type: String,
    pub department_id: Option<i64>,
    /// What to attach it to (`process:5, idea:7`).
    pub attach: String,
    pub file: FileInput,
}

/// A stored upload: the new document's id or version, and whether its text
/// and preview were left out (a PDF too large or too slow to read), which
/// the page tells the uploader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved<T> {
    pub value: T,
    pub unread: bool,
}

/// What pages showing these subjects' documents depend on: the library and
/// document pages, the search, and each subject's page.
fn tags(subjects: &[(SubjectKind, i64)]) -> Vec<Tag> {
    let mut t = vec![Tag::Documents, Tag::Search];
    for (kind, id) in subjects {
        t.push(match kind {
            SubjectKind::Process => Tag::Process(*id),
            SubjectKind::Idea => Tag::Idea(*id),
            SubjectKind::Survey => Tag::Survey(*id),
        });
    }
    t
}

/// The document, if `actor` manages it (staff of its department,
/// administrators): `NotFound` if there is none, `Forbidden` otherwise.
pub async fn managed(app: &App, actor: &Actor, id: i64) -> CommandResult<Document> {
    require_staff(actor)?;
    let d = db::documents::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if !manages_department(actor, d.department_id) {
        return Err(CommandError::Forbidden);
    }
    Ok(d)
}

fn sample(u: &Upload) -> files::documents::Sample<'_> {
    files::documents::Sample {
        path: &u.path,
        size: u.size,
        filename: &u.filename,
        head: &u.head,
        utf8: u.utf8,
    }
}

/// The file's check off the async threads, in one of the turns for heavy
/// work and within `Config::read_limit`: what it is, or a message key for
/// the file field. A PDF whose reading takes longer is kept unread (without
/// text and preview); its reading runs on, holding its turn, and is dropped.
async fn analyze(
    app: &App,
    file: &FileInput,
    errors: &mut FieldErrors,
) -> Option<(Upload, Analysis)> {
    let upload = match file {
        FileInput::Missing => {
            errors.add("file", "error-document-file-required");
            return None;
        }
        FileInput::Refused(key) => {
            errors.add("file", key);
            return None;
        }
        FileInput::Spooled(u) => u.clone(),
    };
    let u = upload.clone();
    let read = files::bounded(app.config.read_limit, move || {
        files::documents::analyze(&sample(&u))
    })
    .await;
    let checked = match read {
        Ok(a) => a,
        Err(files::Cut::TooSlow) => {
            tracing::warn!(file = %upload.hash, "reading an upload took too long; kept unread");
            let u = upload.clone();
            tokio::task::spawn_blocking(move || files::documents::analyze_unread(&sample(&u)))
                .await
                .unwrap_or(Err("error-document-unreadable"))
        }
        Err(files::Cut::Failed) => Err("error-document-unreadable"),
    };
    match checked {
        Ok(a) => Some((upload, a)),
        Err(key) => {
            errors.add("file", key);
            None
        }
    }
}

/// A store that fails is a passing outage ("try again shortly"), as the
/// database's would be.
fn store_failed(e: storage::StorageError) -> CommandError {
    tracing::error!(error = %e, "storing an upload failed");
    CommandError::Db(db::DbError::Unavailable(db::DbErr::Custom(e.to_string())))
}

/// Puts a checked file and its preview into the store.
async fn store(app: &App, upload: &Upload, a: &Analysis) -> CommandResult<()> {
    let s = &app.config.storage;
    s.put_file(&upload.hash, &upload.path, upload.size)
        .await
        .map_err(store_failed)?;
    if let Some(png) = &a.preview {
        s.put_preview(&upload.hash, png.clone())
            .await
            .map_err(store_failed)?;
    }
    Ok(())
}

fn new_file(hash: String, size: u64, filename: &str, a: Analysis) -> NewFile {
    NewFile {
        content_hash: hash,
        file_kind: a.kind,
        size: size as i64,
        page_count: a.page_count,
        has_preview: a.preview.is_some(),
        filename: filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect(),
        text: a.text,
    }
}

/// Whether `actor` may attach documents to the subject: staff of the
/// department that runs the process (or the survey's process), or that the
/// idea is routed to; administrators; the system. A subject that does not
/// exist gives the same answer as one of another department, so that a
/// refusal tells nothing about other departments' drafts.
async fn may_attach(app: &App, actor: &Actor, kind: SubjectKind, id: i64) -> CommandResult<bool> {
    Ok(match kind {
        SubjectKind::Process => db::processes::get(&app.db, id)
            .await?
            .is_some_and(|p| crate::processes::manages(actor, &p)),
        SubjectKind::Survey => db::surveys::get(&app.db, id)
            .await?
            .is_some_and(|s| manages_department(actor, s.department_id)),
        SubjectKind::Idea => db::ideas::get(&app.db, id)
            .await?
            .is_some_and(|i| crate::ideas::handles(actor, &i)),
    })
}

/// Adds the message at `attach` unless the actor may attach to every subject.
async fn check_attachable(
    app: &App,
    actor: &Actor,
    subjects: &[(SubjectKind, i64)],
    errors: &mut FieldErrors,
) -> CommandResult<()> {
    for (kind, id) in subjects {
        if !may_attach(app, actor, *kind, *id).await? {
            errors.add("attach", "error-document-attach-unknown");
            break;
        }
    }
    Ok(())
}

async fn check_subjects(
    app: &App,
    actor: &Actor,
    input: &str,
    errors: &mut FieldErrors,
) -> CommandResult<Vec<(SubjectKind, i64)>> {
    let Some(subjects) = errors.check(parse_subjects(input)) else {
        return Ok(vec![]);
    };
    check_attachable(app, actor, &subjects, errors).await?;
    Ok(subjects)
}

fn check_department(actor: &Actor, department_id: Option<i64>, errors: &mut FieldErrors) {
    match department_id {
        None => errors.add("department_id", "error-required"),
        Some(d) if !manages_department(actor, d) => {
            errors.add("department_id", "error-document-department-not-yours")
        }
        Some(_) => {}
    }
}

/// Writes a stored file's document, its attachments and search entry.
async fn record(app: &App, actor: &Actor, d: NewDocument) -> CommandResult<Outcome<i64>> {
    let touched = tags(&d.subjects);
    let mut tx = app.begin(actor).await?;
    let id = db::documents::create(&tx, d).await?;
    tx.touch_all(touched);
    let changes = tx.commit().await?;
    Ok(Outcome { value: id, changes })
}

/// Publishes an uploaded file for a department the actor manages, attached
/// to the subjects named. Every problem of the form at once, as `Invalid`.
pub async fn publish(
    app: &App,
    actor: &Actor,
    form: DocumentForm,
) -> CommandResult<Outcome<Saved<i64>>> {
    require_staff(actor)?;
    let text = check_text(
        &form.title,
        &form.description,
        &form.language,
        parse_date(&form.doc_date),
        &form.doc_type,
    );
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    check_department(actor, form.department_id, &mut errors);
    let subjects = check_subjects(app, actor, &form.attach, &mut errors).await?;
    let checked = analyze(app, &form.file, &mut errors).await;
    let (Ok(text), Some(department_id), Some((upload, analysis)), true) =
        (text, form.department_id, checked, errors.is_empty())
    else {
        return Err(CommandError::Invalid(errors));
    };
    store(app, &upload, &analysis).await?;
    let unread = analysis.unread;
    let out = record(
        app,
        actor,
        NewDocument {
            department_id,
            text,
            subjects,
            file: new_file(upload.hash, upload.size, &upload.filename, analysis),
            created_by: actor.user_id(),
        },
    )
    .await?;
    tracing::info!(
        document = out.value,
        user = actor.user_id(),
        "document published"
    );
    Ok(Outcome {
        value: Saved {
            value: out.value,
            unread,
        },
        changes: out.changes,
    })
}

/// Makes an uploaded file the new current version of a document; the older
/// ones stay. Returns the version's number.
pub async fn replace(
    app: &App,
    actor: &Actor,
    id: i64,
    file: FileInput,
) -> CommandResult<Outcome<Saved<i32>>> {
    managed(app, actor, id).await?;
    let mut errors = FieldErrors::new();
    let Some((upload, analysis)) = analyze(app, &file, &mut errors).await else {
        return Err(CommandError::Invalid(errors));
    };
    store(app, &upload, &analysis).await?;
    let unread = analysis.unread;
    let subjects = db::documents::subjects(&app.db, id).await?;
    let mut tx = app.begin(actor).await?;
    let version = db::documents::add_version(
        &tx,
        id,
        new_file(upload.hash, upload.size, &upload.filename, analysis),
        actor.user_id(),
    )
    .await?
    .ok_or(CommandError::NotFound)?;
    tx.touch_all(tags(&subjects));
    let changes = tx.commit().await?;
    tracing::info!(
        document = id,
        version,
        user = actor.user_id(),
        "document replaced"
    );
    Ok(Outcome {
        value: Saved {
            value: version,
            unread,
        },
        changes,
    })
}

/// Takes a document out of the library and the search; its files stay.
pub async fn withdraw(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    managed(app, actor, id).await?;
    let subjects = db::documents::subjects(&app.db, id).await?;
    let mut tx = app.begin(actor).await?;
    db::documents::withdraw(&tx, id).await?;
    tx.touch_all(tags(&subjects));
    tx.audit("document.withdraw", &format!("document:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(document = id, user = actor.user_id(), "document withdrawn");
    Ok(Outcome { value: (), changes })
}

/// Attaches a document the actor manages to one more subject they manage
/// (nothing if it already is).
pub async fn attach(
    app: &App,
    actor: &Actor,
    id: i64,
    kind: SubjectKind,
    subject_id: i64,
) -> CommandResult<Outcome<()>> {
    managed(app, actor, id).await?;
    if !may_attach(app, actor, kind, subject_id).await? {
        return Err(CommandError::field(
            "attach",
            "error-document-attach-unknown",
        ));
    }
    let mut tx = app.begin(actor).await?;
    db::documents::attach(&tx, id, kind, subject_id).await?;
    tx.touch_all(tags(&[(kind, subject_id)]));
    tx.audit(
        "document.attach",
        &format!("document:{id}"),
        &format!("{}:{subject_id}", kind.as_str()),
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// A PDF already in memory, to publish without the form (the demo's
/// publications).
pub struct PdfDocument {
    pub department_id: i64,
    pub text: DocumentText,
    pub subjects: Vec<(SubjectKind, i64)>,
    pub filename: String,
    pub bytes: Vec<u8>,
    /// Who is recorded as having published it when the system does (a
    /// person is always recorded as themselves).
    pub created_by: Option<i64>,
}

/// Checks, stores and records a PDF, in the same order as an upload: the file
/// first, then its row. A file that is no readable PDF is `Invalid` at `file`.
pub async fn publish_pdf(app: &App, actor: &Actor, d: PdfDocument) -> CommandResult<Outcome<i64>> {
    use sha2::Digest;
    require_staff(actor)?;
    if !manages_department(actor, d.department_id) {
        return Err(CommandError::field(
            "department_id",
            "error-document-department-not-yours",
        ));
    }
    let mut errors = FieldErrors::new();
    check_attachable(app, actor, &d.subjects, &mut errors).await?;
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let hash = format!("{:x}", sha2::Sha256::digest(&d.bytes));
    let size = d.bytes.len() as u64;
    let bytes = d.bytes.clone();
    let analysis =
        match files::bounded(app.config.read_limit, move || files::documents::pdf(bytes)).await {
            Ok(a) => a.map_err(|key| CommandError::field("file", key))?,
            Err(files::Cut::TooSlow) => Analysis::unread_pdf(),
            Err(files::Cut::Failed) => {
                return Err(CommandError::field("file", "error-document-unreadable"));
            }
        };
    let s = &app.config.storage;
    s.put_bytes(&hash, d.bytes).await.map_err(store_failed)?;
    if let Some(png) = &analysis.preview {
        s.put_preview(&hash, png.clone())
            .await
            .map_err(store_failed)?;
    }
    let created_by = match actor {
        Actor::System => d.created_by,
        _ => actor.user_id(),
    };
    let out = record(
        app,
        actor,
        NewDocument {
            department_id: d.department_id,
            text: d.text,
            subjects: d.subjects,
            file: new_file(hash, size, &d.filename, analysis),
            created_by,
        },
    )
    .await?;
    tracing::info!(document = out.value, "document published");
    Ok(out)
}
