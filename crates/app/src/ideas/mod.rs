//! Ideas: submitted within a process, supported and followed, moved through
//! the workflow by the department they are routed to with a public answer,
//! forwarded on the record; developed together in `together`.

pub mod edit;
pub mod together;

use db::ideas::{Idea, NewIdea, StatusError};
use db::processes::{NewImage, Process};
use domain::ideas::{
    ADDRESS_MAX_CHARS, IMAGES_MAX, IdeaText, Status, check_answer, check_place, check_reason,
    check_text, may_handle,
};
use domain::{FieldErrors, Tag};

use crate::{Actor, App, CommandError, CommandResult, Outcome, notifications, processes};

/// The idea and its process, if `actor` may see them.
pub async fn load(app: &App, actor: &Actor, id: i64) -> CommandResult<(Idea, Process)> {
    let idea = db::ideas::get(&app.db, id)
        .await?
        .filter(|i| visible(actor, i))
        .ok_or(CommandError::NotFound)?;
    let process = processes::load_visible(app, actor, idea.process_id).await?;
    Ok((idea, process))
}

/// Whether `actor` may see the idea at all: a held idea is its author's and
/// the moderators' only (a rejected one the moderators' only).
pub fn visible(actor: &Actor, idea: &Idea) -> bool {
    match idea.held.as_deref() {
        None => true,
        Some(_) if actor.moderates() => true,
        Some("rejected") => false,
        Some(_) => actor.user_id() == Some(idea.author_id),
    }
}

/// Whether citizens take part now: supports, suggestions.
pub fn open(p: &Process) -> bool {
    p.status == domain::processes::Status::Published && p.phases.participation_open(crate::today())
}

/// Whether the process collects ideas now.
pub fn open_for_ideas(p: &Process) -> bool {
    p.ideas_enabled && open(p)
}

/// Whether `actor` answers for the idea: staff of the department it is
/// routed to, administrators, the system.
pub fn handles(actor: &Actor, idea: &Idea) -> bool {
    match actor {
        Actor::Person(u) => may_handle(u.role, u.department_id, idea.department_id),
        Actor::System => true,
        Actor::Anonymous => false,
    }
}

/// Whether `user_id` writes the idea: its author or an accepted co-author.
pub async fn is_author(app: &App, idea: &Idea, user_id: i64) -> CommandResult<bool> {
    Ok(idea.author_id == user_id
        || db::ideas::relation(&app.db, idea.id, user_id)
            .await?
            .coauthor)
}

/// What pages show an idea's supports and status.
fn tags(idea: &Idea, p: &Process) -> [Tag; 3] {
    [Tag::Idea(idea.id), Tag::Process(p.id), Tag::Lists]
}

/// A new idea as typed into the form; the command checks every part.
#[derive(Debug, Default)]
pub struct Submission {
    pub title: String,
    pub body: String,
    pub category: String,
    pub lat: String,
    pub lon: String,
    pub address: String,
    pub pictures: Vec<Picture>,
}

/// An uploaded picture in one of the form's slots (1 to `IMAGES_MAX`).
#[derive(Debug)]
pub struct Picture {
    pub slot: usize,
    /// `None`: the file was larger than `files::images::MAX_BYTES` and was
    /// not read to its end.
    pub bytes: Option<Vec<u8>>,
    pub alt: String,
}

const IMAGE_FIELDS: [&str; IMAGES_MAX] = ["image1", "image2", "image3"];
const ALT_FIELDS: [&str; IMAGES_MAX] = ["alt1", "alt2", "alt3"];

struct Checked {
    text: IdeaText,
    category: Option<String>,
    place: Option<(f64, f64)>,
    address: Option<String>,
    pictures: Vec<(NewImage, String)>,
}

/// Checks every field (so that the form names every problem at once) and
/// re-encodes the pictures. `closed` adds the refusal at the title.
async fn check(p: &Process, s: Submission, closed: bool) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let text = match check_text(&s.title, &s.body) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    if closed {
        errors.add("title", "error-ideas-closed");
    }
    let category = Some(s.category.trim().to_owned()).filter(|c| !c.is_empty());
    match &category {
        Some(c) if !p.idea_categories.contains(c) => {
            errors.add("category", "error-category-unknown")
        }
        None if !p.idea_categories.is_empty() => errors.add("category", "error-required"),
        _ => {}
    }
    let place = errors.check(check_place(&s.lat, &s.lon)).flatten();
    let address = s.address.split_whitespace().collect::<Vec<_>>().join(" ");
    if address.chars().count() > ADDRESS_MAX_CHARS {
        errors.add("address", "error-address-too-long");
    }
    let mut pictures = vec![];
    for pic in s.pictures {
        let Some(i) = pic.slot.checked_sub(1).filter(|i| *i < IMAGES_MAX) else {
            continue;
        };
        let alt = pic.alt.trim().to_owned();
        let Some(bytes) = pic.bytes else {
            errors.add(IMAGE_FIELDS[i], files::images::ImageProblem::TooLarge.key());
            continue;
        };
        match files::images::process(bytes).await {
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
            Ok(_) => errors.add(ALT_FIELDS[i], "error-image-alt-required"),
            Err(problem) => errors.add(IMAGE_FIELDS[i], problem.key()),
        }
    }
    match text {
        Some(text) if errors.is_empty() => Ok(Checked {
            text,
            category,
            place,
            address: Some(address).filter(|a| !a.is_empty()),
            pictures,
        }),
        _ => Err(errors),
    }
}

/// Submits an idea in a process that collects ideas now. A closed collection
/// is `Refused` (with every other problem of the form); faulty input is
/// `Invalid`; too many attempts by one person are `RateLimited`.
pub async fn submit(
    app: &App,
    actor: &Actor,
    process_id: i64,
    s: Submission,
) -> CommandResult<Outcome<i64>> {
    let user = actor.user()?;
    let p = processes::load_visible(app, actor, process_id).await?;
    // Every attempt counts, since each may carry pictures to decode.
    let limit = app.config.rate_limits.ideas_per_account;
    if crate::accounts::exceeds(app, &format!("idea:{}", user.id), limit).await? {
        return Err(CommandError::RateLimited(
            "title",
            "error-idea-rate-limited",
        ));
    }
    let closed = !open_for_ideas(&p);
    let checked = check(&p, s, closed).await.map_err(|e| {
        if closed {
            CommandError::Refused(e)
        } else {
            CommandError::Invalid(e)
        }
    })?;
    let text = format!("{}\n{}", checked.text.title, checked.text.body);
    let held = crate::holds::hold_for(app, p.id, user, &text).await?;
    persist(app, actor, &p, user.id, checked, held).await
}

/// Brings in an idea by `author_id` whatever the phase: for the demo loader,
/// which brings in past participation. The process must take ideas at all.
pub async fn import(
    app: &App,
    actor: &Actor,
    author_id: i64,
    process_id: i64,
    s: Submission,
) -> CommandResult<Outcome<i64>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let p = processes::load_visible(app, actor, process_id).await?;
    let closed = !p.ideas_enabled;
    let checked = check(&p, s, closed).await.map_err(|e| {
        if closed {
            CommandError::Refused(e)
        } else {
            CommandError::Invalid(e)
        }
    })?;
    persist(app, actor, &p, author_id, checked, None).await
}

async fn persist(
    app: &App,
    actor: &Actor,
    p: &Process,
    author_id: i64,
    c: Checked,
    held: Option<&'static str>,
) -> CommandResult<Outcome<i64>> {
    let mut tx = app.begin(actor).await?;
    let id = db::ideas::create(
        &tx,
        NewIdea {
            process_id: p.id,
            department_id: p.department_id,
            author_id,
            body_html: text::markdown::to_html(&c.text.body),
            title: c.text.title,
            body_md: c.text.body,
            category: c.category,
            place: c.place,
            address: c.address,
            images: c.pictures,
            held,
        },
    )
    .await?;
    // Who contributes to a process hears of its next phases and surveys.
    db::notifications::set_process_follow(&*tx, p.id, author_id, true).await?;
    // A held idea changes no page but its author's until it is approved.
    if held.is_none() {
        tx.touch_all([Tag::Process(p.id), Tag::Lists, Tag::Search]);
    }
    // The author now writes and follows it.
    tx.touch(Tag::User(author_id));
    let changes = tx.commit().await?;
    tracing::info!(idea = id, process = p.id, held, "idea submitted");
    Ok(Outcome { value: id, changes })
}

/// Supports an idea or withdraws one's support (`on`): one per person, not
/// one's own, while the participation phase is open. Refusals name the field
/// `support` with a flash message's key. Returns the new count.
pub async fn support(app: &App, actor: &Actor, id: i64, on: bool) -> CommandResult<Outcome<i32>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    if !open(&p) {
        return Err(CommandError::refused(
            "support",
            "flash-participation-closed",
        ));
    }
    if idea.author_id == user.id {
        return Err(CommandError::refused("support", "flash-no-own-support"));
    }
    if on && idea.withdrawn.is_some() {
        return Err(CommandError::refused("support", "flash-idea-withdrawn"));
    }
    write_support(app, actor, &idea, &p, user.id, on).await
}

/// A support by `user_id` whatever the phase: for the demo loader.
pub async fn import_support(
    app: &App,
    actor: &Actor,
    id: i64,
    user_id: i64,
) -> CommandResult<Outcome<i32>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let (idea, p) = load(app, actor, id).await?;
    if idea.author_id == user_id {
        return Err(CommandError::refused("support", "flash-no-own-support"));
    }
    write_support(app, actor, &idea, &p, user_id, true).await
}

async fn write_support(
    app: &App,
    actor: &Actor,
    idea: &Idea,
    p: &Process,
    user_id: i64,
    on: bool,
) -> CommandResult<Outcome<i32>> {
    let mut tx = app.begin(actor).await?;
    let n = db::ideas::set_support(&tx, idea.id, user_id, on).await?;
    tx.touch_all(tags(idea, p));
    tx.touch(Tag::User(user_id));
    let changes = tx.commit().await?;
    Ok(Outcome { value: n, changes })
}

/// Follows an idea (its status mails) or stops following it.
pub async fn follow(app: &App, actor: &Actor, id: i64, on: bool) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    load(app, actor, id).await?;
    let tx = app.begin(actor).await?;
    db::ideas::set_follow(&tx, id, user.id, on).await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// The answer a move to `to` needs, or the form's problems.
fn check_status(idea: &Idea, to: Status, answer: &str) -> CommandResult<String> {
    let mut errors = FieldErrors::new();
    if !idea.status.may_become(to) {
        errors.add("status", "error-status-not-allowed");
    }
    let answer = if to.needs_answer() {
        errors.check(check_answer(answer))
    } else {
        Some(answer.trim().to_owned())
    };
    match answer {
        Some(a) if errors.is_empty() => Ok(a),
        _ => Err(CommandError::Invalid(errors)),
    }
}

/// Moves an idea to `to` with the public official answer (staff of its
/// department, administrators), and tells its author, co-authors, supporters
/// and followers by mail. A move the workflow does not allow is `Invalid`;
/// one that became impossible meanwhile (another answer came first) is
/// `Refused`.
pub async fn set_status(
    app: &App,
    actor: &Actor,
    id: i64,
    to: Status,
    answer: &str,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let (idea, p) = load(app, actor, id).await?;
    if !handles(actor, &idea) {
        return Err(CommandError::Forbidden);
    }
    let answer = check_status(&idea, to, answer)?;
    write_status(app, actor, &idea, &p, to, answer, user.id, true).await
}

/// A past answer by `staff_id`, for the demo loader: the workflow and the
/// answer are checked, but nobody is mailed about what happened long ago.
pub async fn import_status(
    app: &App,
    actor: &Actor,
    id: i64,
    staff_id: i64,
    to: Status,
    answer: &str,
) -> CommandResult<Outcome<()>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let (idea, p) = load(app, actor, id).await?;
    let answer = check_status(&idea, to, answer)?;
    write_status(app, actor, &idea, &p, to, answer, staff_id, false).await
}

#[allow(clippy::too_many_arguments)]
async fn write_status(
    app: &App,
    actor: &Actor,
    idea: &Idea,
    p: &Process,
    to: Status,
    answer: String,
    author_id: i64,
    tell: bool,
) -> CommandResult<Outcome<()>> {
    let html = text::markdown::to_html(&answer);
    let mut tx = app.begin(actor).await?;
    // Those involved are told through their notifications (and their
    // settings), not by a mail of their own here.
    let res = db::ideas::set_status(&tx, idea.id, to, &answer, &html, author_id, |_| vec![]).await;
    match res {
        Ok(()) => {}
        Err(StatusError::NotAllowed { .. }) => {
            return Err(CommandError::refused("status", "error-status-not-allowed"));
        }
        Err(StatusError::NotFound) => return Err(CommandError::NotFound),
        Err(StatusError::Db(e)) => return Err(e.into()),
    }
    if tell {
        notifications::idea_status(&mut tx, idea.id, &idea.title, to.as_str(), &answer).await?;
    }
    if tell && !answer.is_empty() {
        // Followers in the fediverse hear of official answers too.
        db::federation::queue_post(
            &*tx,
            db::federation::NewPost {
                process_id: p.id,
                kind: "answer",
                title: &idea.title,
                body: &answer,
                path: &format!("/ideas/{}", idea.id),
            },
        )
        .await?;
        tx.jobs_queued();
    }
    tx.touch_all(tags(idea, p));
    tx.audit("idea.status", &format!("idea:{}", idea.id), to.as_str())
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        idea = idea.id,
        status = to.as_str(),
        by = author_id,
        "idea status changed"
    );
    Ok(Outcome { value: (), changes })
}

/// Hands an idea to another department with a note on the record (staff of
/// its department, administrators). The value says whether the actor still
/// answers for it afterwards.
pub async fn forward(
    app: &App,
    actor: &Actor,
    id: i64,
    to_department: Option<i64>,
    note: &str,
) -> CommandResult<Outcome<bool>> {
    let user = actor.user()?;
    let (idea, _) = load(app, actor, id).await?;
    if !handles(actor, &idea) {
        return Err(CommandError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let to = match to_department {
        Some(d)
            if d != idea.department_id && db::departments::by_id(&app.db, d).await?.is_some() =>
        {
            Some(d)
        }
        _ => {
            errors.add("department_id", "error-department-unknown");
            None
        }
    };
    let note = errors.check(check_reason("note", note));
    let (Some(to), Some(note), true) = (to, note, errors.is_empty()) else {
        return Err(CommandError::Invalid(errors));
    };
    let mut tx = app.begin(actor).await?;
    db::ideas::forward(&tx, id, to, user.id, &note).await?;
    tx.touch_all([Tag::Idea(id), Tag::Lists]);
    tx.audit(
        "idea.forward",
        &format!("idea:{}", idea.id),
        &format!("department:{to}"),
    )
    .await?;
    let changes = tx.commit().await?;
    tracing::info!(idea = id, to, by = user.id, "idea forwarded");
    Ok(Outcome {
        value: may_handle(user.role, user.department_id, to),
        changes,
    })
}
