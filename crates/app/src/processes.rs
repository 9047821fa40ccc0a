//! Processes: who may see one, and the staff's changes to them (create,
//! update with the header picture and the promise about answers, status).

use chrono::NaiveDate;
use db::processes::{ImageChange, NewImage, Process, ProcessInput};
use domain::accountability::Promise;
use domain::processes::{
    DateRange, IMAGE_ALT_MAX_CHARS, PhaseKind, Phases, Status, check_text, may_create, may_manage,
};
use domain::{FieldErrors, Tag};

use crate::tx::Tx;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Whether `actor` may see a process at all: drafts only for the staff who
/// manage it.
pub fn visible(actor: &Actor, p: &Process) -> bool {
    p.status != Status::Draft || manages(actor, p)
}

/// Whether `actor` manages the process (its department's staff, administrators).
pub fn manages(actor: &Actor, p: &Process) -> bool {
    manages_department(actor, p.department_id)
}

/// Whether `actor` may run processes and publish documents for a department.
pub fn manages_department(actor: &Actor, department_id: i64) -> bool {
    match actor {
        Actor::Person(u) => may_manage(u.role, u.department_id, department_id),
        Actor::System => true,
        Actor::Anonymous => false,
    }
}

/// Staff of some department, administrators and the system; `LoginRequired`
/// for visitors, `Forbidden` for everyone else.
pub fn require_staff(actor: &Actor) -> CommandResult<()> {
    match actor {
        Actor::Anonymous => Err(CommandError::LoginRequired),
        Actor::Person(u) if !may_create(u.role) => Err(CommandError::Forbidden),
        _ => Ok(()),
    }
}

/// The process, if `actor` may see it.
pub async fn load_visible(app: &App, actor: &Actor, id: i64) -> CommandResult<Process> {
    match db::processes::get(&app.db, id).await? {
        Some(p) if visible(actor, &p) => Ok(p),
        _ => Err(CommandError::NotFound),
    }
}

/// The process, if `actor` manages it: `NotFound` if there is none,
/// `Forbidden` for staff of another department.
pub async fn managed(app: &App, actor: &Actor, id: i64) -> CommandResult<Process> {
    require_staff(actor)?;
    let p = db::processes::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if !manages(actor, &p) {
        return Err(CommandError::Forbidden);
    }
    Ok(p)
}

/// What a change of a process touches: its page, the lists and the search.
fn tags(id: i64) -> [Tag; 3] {
    [Tag::Process(id), Tag::Lists, Tag::Search]
}

/// A picture sent with the form.
#[derive(Default)]
pub enum Picture {
    #[default]
    None,
    /// Larger than `files::images::MAX_BYTES`; not read to the end.
    TooLarge,
    Upload(Vec<u8>),
}

/// The staff's process form as typed; the command checks all of it.
#[derive(Default)]
pub struct ProcessForm {
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub description: String,
    /// Comma-separated.
    pub tags: String,
    pub department_id: Option<i64>,
    /// Each phase's first and last day as typed (`YYYY-MM-DD` or empty), in
    /// the order of `PhaseKind::ALL`.
    pub dates: [(String, String); 4],
    pub ideas_enabled: bool,
    /// New contributions wait for a moderator.
    pub premoderated: bool,
    /// One per line or comma-separated.
    pub categories: String,
    pub image: Picture,
    pub image_alt: String,
    pub remove_image: bool,
    /// The days or weeks (`answer_unit`) after the end of participation
    /// within which ideas are answered; empty for no promise.
    pub answer_period: String,
    /// `days` or `weeks`.
    pub answer_unit: String,
    /// The supports from which an idea must be answered; empty for 0.
    pub answer_threshold: String,
}

impl ProcessForm {
    /// The typed form of given phases (for callers that have dates, not text).
    pub fn dates_of(phases: &Phases) -> [(String, String); 4] {
        let text = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        PhaseKind::ALL.map(|k| {
            let r = phases.get(k);
            (
                text(r.from).unwrap_or_default(),
                text(r.until).unwrap_or_default(),
            )
        })
    }
}

/// A date as typed in a form: empty is none.
pub(crate) fn parse_date(input: &str) -> Result<Option<NaiveDate>, ()> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

fn phases_from(dates: &[(String, String); 4], errors: &mut FieldErrors) -> Phases {
    let mut ranges = [DateRange::default(); 4];
    for (i, kind) in PhaseKind::ALL.iter().enumerate() {
        let field = domain::processes::phase_field(*kind);
        match (parse_date(&dates[i].0), parse_date(&dates[i].1)) {
            (Ok(from), Ok(until)) => ranges[i] = DateRange { from, until },
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

/// Checks a form. `has_image`: whether the process has a picture now. All
/// problems at once, as `Invalid`.
async fn check(
    app: &App,
    actor: &Actor,
    form: ProcessForm,
    has_image: bool,
) -> CommandResult<(ProcessInput, Promise)> {
    let text = check_text(&form.title, &form.summary, &form.description, &form.tags);
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    let promise = match domain::accountability::check(
        &form.answer_period,
        &form.answer_unit,
        &form.answer_threshold,
    ) {
        Ok(p) => p,
        Err(e) => {
            for f in e.0 {
                errors.add(f.field, f.key);
            }
            Promise::default()
        }
    };
    match form.department_id {
        None => errors.add("department_id", "error-required"),
        Some(d) if !manages_department(actor, d) => {
            errors.add("department_id", "error-department-not-yours")
        }
        Some(d) => {
            if matches!(db::departments::by_id(&app.db, d).await, Ok(None)) {
                errors.add("department_id", "error-department-unknown");
            }
        }
    }
    let phases = phases_from(&form.dates, &mut errors);
    // A participation phase that did not parse is named once, not again as missing.
    if errors.get("participation").is_none() {
        for e in phases.validate().0 {
            errors.add(e.field, e.key);
        }
    }
    let categories = errors
        .check(domain::ideas::parse_categories(&form.categories))
        .unwrap_or_default();
    let alt = form.image_alt.trim().to_owned();
    if alt.chars().count() > IMAGE_ALT_MAX_CHARS {
        errors.add("image_alt", "error-image-alt-too-long");
    }
    let image = match form.image {
        Picture::TooLarge => {
            errors.add("image", files::images::ImageProblem::TooLarge.key());
            ImageChange::Keep
        }
        Picture::Upload(bytes) => match files::images::process(bytes).await {
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
        },
        Picture::None if form.remove_image => ImageChange::Remove,
        Picture::None => ImageChange::Keep,
    };
    let will_have_image =
        matches!(image, ImageChange::Replace(_)) || (has_image && !form.remove_image);
    if will_have_image && alt.is_empty() {
        errors.add("image_alt", "error-image-alt-required");
    }
    let (Ok(text), Some(department_id), true) = (text, form.department_id, errors.is_empty())
    else {
        return Err(CommandError::Invalid(errors));
    };
    let input = ProcessInput {
        department_id,
        description_html: text::markdown::to_html(&text.description),
        description_text: text::markdown::to_text(&text.description),
        title: text.title,
        summary: text.summary,
        description_md: text.description,
        tags: text.tags,
        phases,
        image,
        image_alt: Some(alt).filter(|a| !a.is_empty()),
        ideas_enabled: form.ideas_enabled,
        idea_categories: categories,
    };
    Ok((input, promise))
}

/// Saves what a process promises about answers, with its own audit entry
/// when it changed (the public accountability pages count by it).
async fn keep_promise(tx: &mut Tx<'_>, id: i64, promise: Promise) -> CommandResult<()> {
    if db::accountability::set_promise(tx, id, promise).await? {
        let details = format!(
            "days={} threshold={}",
            promise.days.map(|d| d.to_string()).unwrap_or_default(),
            promise.threshold
        );
        tx.audit("process.answer_promise", &format!("process:{id}"), &details)
            .await?;
    }
    Ok(())
}

/// Creates a process (a draft, or published at once) for a department the
/// person manages. Returns its id.
pub async fn create(
    app: &App,
    actor: &Actor,
    form: ProcessForm,
    status: Status,
) -> CommandResult<Outcome<i64>> {
    require_staff(actor)?;
    let author = actor.user()?.id;
    persist_new(app, actor, author, form, status).await
}

/// Creates a process as `author_id` (the system has no account of its own):
/// for the demo loader, which brings in processes its staff ran.
pub async fn import(
    app: &App,
    actor: &Actor,
    author_id: i64,
    form: ProcessForm,
    status: Status,
) -> CommandResult<Outcome<i64>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    persist_new(app, actor, author_id, form, status).await
}

async fn persist_new(
    app: &App,
    actor: &Actor,
    author_id: i64,
    form: ProcessForm,
    status: Status,
) -> CommandResult<Outcome<i64>> {
    let premoderated = form.premoderated;
    let (input, promise) = check(app, actor, form, false).await?;
    let mut tx = app.begin(actor).await?;
    let id = db::processes::create(&tx, input, status, author_id).await?;
    db::holds::set_premoderated(&tx, id, premoderated).await?;
    keep_promise(&mut tx, id, promise).await?;
    tx.touch_all(tags(id));
    tx.audit("process.create", &format!("process:{id}"), status.as_str())
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(process = id, user = author_id, "process created");
    Ok(Outcome { value: id, changes })
}

/// Saves new text, phases, tags and picture of a process the actor manages.
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    form: ProcessForm,
) -> CommandResult<Outcome<()>> {
    let p = managed(app, actor, id).await?;
    let premoderated = form.premoderated;
    let (input, promise) = check(app, actor, form, p.image_id.is_some()).await?;
    let mut tx = app.begin(actor).await?;
    if !db::processes::update(&tx, id, input).await? {
        return Err(CommandError::NotFound);
    }
    db::holds::set_premoderated(&tx, id, premoderated).await?;
    keep_promise(&mut tx, id, promise).await?;
    tx.touch_all(tags(id));
    tx.audit("process.update", &format!("process:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(process = id, user = actor.user_id(), "process updated");
    Ok(Outcome { value: (), changes })
}

/// Publishes, archives or takes a process back to draft.
pub async fn set_status(
    app: &App,
    actor: &Actor,
    id: i64,
    status: Status,
) -> CommandResult<Outcome<()>> {
    managed(app, actor, id).await?;
    let mut tx = app.begin(actor).await?;
    if !db::processes::set_status(&tx, id, status).await? {
        return Err(CommandError::NotFound);
    }
    tx.touch_all(tags(id));
    tx.audit("process.status", &format!("process:{id}"), status.as_str())
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        process = id,
        user = actor.user_id(),
        status = status.as_str(),
        "process status changed"
    );
    Ok(Outcome { value: (), changes })
}
