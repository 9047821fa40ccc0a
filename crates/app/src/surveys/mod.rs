//! Surveys: the staff's builder (settings, questions, status), publishing the
//! results, answering (`answer`) and invitations (`invitations`).
//!
//! Every change that alters what a survey's results show touches
//! `Tag::Survey(id)` (the counted results kept in memory depend on it) and
//! `Tag::Process(pid)` (the process page lists the survey).

pub mod answer;
pub mod invitations;

use chrono::NaiveDate;
use db::processes::Process;
use db::surveys::{Settings, Survey};
use domain::surveys::{
    Access, Kind, Question, QuestionInput, Status, TEXT_MAX_CHARS, check_question, check_survey,
    live,
};
use domain::{FieldErrors, Tag};

use crate::{Actor, App, CommandError, CommandResult, Outcome, processes};

/// Whether `actor` manages `s`: staff of its process's department,
/// administrators, the system.
pub fn manages(actor: &Actor, s: &Survey) -> bool {
    match actor {
        Actor::Person(u) => domain::processes::may_manage(u.role, u.department_id, s.department_id),
        Actor::System => true,
        Actor::Anonymous => false,
    }
}

/// A survey and all its questions (deleted ones too), for those who manage it.
pub async fn managed(app: &App, actor: &Actor, id: i64) -> CommandResult<(Survey, Vec<Question>)> {
    if matches!(actor, Actor::Anonymous) {
        return Err(CommandError::LoginRequired);
    }
    let s = db::surveys::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if !manages(actor, &s) {
        return Err(CommandError::Forbidden);
    }
    let qs = db::surveys::questions(&app.db, id).await?;
    Ok((s, qs))
}

/// A process `actor` may add surveys to.
pub async fn managed_process(app: &App, actor: &Actor, process_id: i64) -> CommandResult<Process> {
    if matches!(actor, Actor::Anonymous) {
        return Err(CommandError::LoginRequired);
    }
    let p = processes::load_visible(app, actor, process_id).await?;
    if !processes::manages(actor, &p) {
        return Err(CommandError::Forbidden);
    }
    Ok(p)
}

fn tags(s: &Survey) -> [Tag; 2] {
    [Tag::Survey(s.id), Tag::Process(s.process_id)]
}

// ---------------------------------------------------------------------------
// Settings

/// The settings form as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    pub title: String,
    pub welcome: String,
    pub end: String,
    pub access: String,
    pub opens_on: String,
    pub closes_on: String,
}

/// A form's date field (YYYY-MM-DD, as `<input type="date">` sends it).
fn parse_date(input: &str) -> Result<Option<NaiveDate>, ()> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

/// Checks the settings; the texts' HTML is rendered here once.
pub fn check_settings(i: &SettingsInput) -> Result<Settings, FieldErrors> {
    let mut errs = FieldErrors::new();
    let access = Access::parse(&i.access);
    if access.is_none() {
        errs.add("access", "survey-error-access");
    }
    let opens_on = parse_date(&i.opens_on).unwrap_or_else(|_| {
        errs.add("opens_on", "error-date-invalid");
        None
    });
    let closes_on = parse_date(&i.closes_on).unwrap_or_else(|_| {
        errs.add("closes_on", "error-date-invalid");
        None
    });
    let text = match check_survey(&i.title, &i.welcome, &i.end, opens_on, closes_on) {
        Ok(t) => Some(t),
        Err(e) => {
            // Field order for the summary: title first, dates last.
            let mut all = e;
            all.0.extend(errs.0);
            errs = all;
            None
        }
    };
    match (text, access) {
        (Some(t), Some(access)) if errs.is_empty() => Ok(Settings {
            welcome_html: text::markdown::to_html(&t.welcome),
            end_html: text::markdown::to_html(&t.end),
            title: t.title,
            welcome_md: t.welcome,
            end_md: t.end,
            access,
            opens_on,
            closes_on,
        }),
        _ => Err(errs),
    }
}

/// Creates a draft survey in a process (its staff).
pub async fn create(
    app: &App,
    actor: &Actor,
    process_id: i64,
    input: &SettingsInput,
) -> CommandResult<Outcome<i64>> {
    let p = managed_process(app, actor, process_id).await?;
    persist(app, actor, &p, actor.user_id(), input).await
}

/// Creates a survey on behalf of `author_id`: for the demo loader, which
/// brings in a past survey.
pub async fn import(
    app: &App,
    actor: &Actor,
    process_id: i64,
    author_id: i64,
    input: &SettingsInput,
) -> CommandResult<Outcome<i64>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let p = processes::load_visible(app, actor, process_id).await?;
    persist(app, actor, &p, Some(author_id), input).await
}

async fn persist(
    app: &App,
    actor: &Actor,
    p: &Process,
    created_by: Option<i64>,
    input: &SettingsInput,
) -> CommandResult<Outcome<i64>> {
    let settings = check_settings(input).map_err(CommandError::Invalid)?;
    let mut tx = app.begin(actor).await?;
    let id = db::surveys::create(&tx, p.id, created_by, &settings).await?;
    tx.touch_all([Tag::Survey(id), Tag::Process(p.id)]);
    let changes = tx.commit().await?;
    tracing::info!(
        survey = id,
        process = p.id,
        user = created_by,
        "survey created"
    );
    Ok(Outcome { value: id, changes })
}

/// Changes the settings. Who may answer cannot change once there are
/// answers: that would break the promise made to those who answered.
pub async fn update_settings(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &SettingsInput,
) -> CommandResult<Outcome<()>> {
    let (s, _) = managed(app, actor, id).await?;
    let settings = check_settings(input).map_err(CommandError::Invalid)?;
    if s.response_count > 0 && settings.access != s.access {
        return Err(CommandError::refused(
            "access",
            "survey-error-access-locked",
        ));
    }
    let mut tx = app.begin(actor).await?;
    db::surveys::update(&tx, id, &settings).await?;
    tx.touch_all(tags(&s));
    // The open data API lists surveys with published results.
    tx.touch(Tag::Lists);
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Opens, closes or takes a survey back to draft. Publishing needs
/// questions; a survey with answers cannot become a draft again. Refusals
/// name the `status` field.
pub async fn set_status(
    app: &App,
    actor: &Actor,
    id: i64,
    status: Status,
) -> CommandResult<Outcome<()>> {
    let (s, qs) = managed(app, actor, id).await?;
    let problem = match status {
        Status::Published if live(&qs).is_empty() => Some("survey-error-no-questions"),
        Status::Draft if s.response_count > 0 => Some("survey-error-has-answers"),
        _ => None,
    };
    if let Some(key) = problem {
        return Err(CommandError::refused("status", key));
    }
    let mut tx = app.begin(actor).await?;
    db::surveys::set_status(&tx, id, status).await?;
    if status == Status::Published && s.status == Status::Draft {
        crate::notifications::notify_process_followers(
            &mut tx,
            s.process_id,
            "survey",
            &format!("/surveys/{id}"),
            &s.title,
            &s.process_title,
        )
        .await?;
    }
    tx.touch_all(tags(&s));
    // The open data API lists surveys with published results.
    tx.touch(Tag::Lists);
    tx.audit("survey.status", &format!("survey:{id}"), status.as_str())
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        survey = id,
        status = status.as_str(),
        "survey status changed"
    );
    Ok(Outcome { value: (), changes })
}

// ---------------------------------------------------------------------------
// Questions

/// A question that is there (not deleted).
pub fn find(qs: &[Question], qid: i64) -> CommandResult<&Question> {
    qs.iter()
        .find(|q| q.id == qid && !q.deleted)
        .ok_or(CommandError::NotFound)
}

/// Adds a question at the end of its page.
pub async fn add_question(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &QuestionInput<'_>,
) -> CommandResult<Outcome<i64>> {
    let (s, qs) = managed(app, actor, id).await?;
    if Kind::parse(input.kind).is_none() {
        return Err(CommandError::field("kind", "survey-error-kind"));
    }
    if qs.len() >= domain::surveys::QUESTIONS_MAX {
        return Err(CommandError::refused(
            "text",
            "survey-error-too-many-questions",
        ));
    }
    let def = check_question(input, &qs, None).map_err(CommandError::Invalid)?;
    let mut tx = app.begin(actor).await?;
    let qid = db::surveys::add_question(&tx, id, &def).await?;
    tx.touch_all(tags(&s));
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: qid,
        changes,
    })
}

/// Changes a question. Once the survey has answers its kind stays and its
/// choices may grow but not shrink (`check_question`); a question others
/// depend on stays a choice before them.
pub async fn update_question(
    app: &App,
    actor: &Actor,
    id: i64,
    qid: i64,
    input: &QuestionInput<'_>,
) -> CommandResult<Outcome<()>> {
    let (s, qs) = managed(app, actor, id).await?;
    let q = find(&qs, qid)?;
    let before = (s.response_count > 0).then_some(q);
    let others: Vec<Question> = qs.iter().filter(|x| x.id != qid).cloned().collect();
    let def = check_question(input, &others, before).map_err(CommandError::Invalid)?;
    if qs.iter().any(|x| {
        !x.deleted
            && x.condition.as_ref().is_some_and(|c| c.question_id == qid)
            && (x.page <= def.page || !def.kind.is_choice())
    }) {
        return Err(CommandError::field(
            "page",
            "survey-error-condition-depends",
        ));
    }
    let mut tx = app.begin(actor).await?;
    db::surveys::update_question(&tx, qid, &def).await?;
    tx.touch_all(tags(&s));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Deletes a question (only hides it once there are answers).
pub async fn delete_question(
    app: &App,
    actor: &Actor,
    id: i64,
    qid: i64,
) -> CommandResult<Outcome<()>> {
    let (s, qs) = managed(app, actor, id).await?;
    find(&qs, qid)?;
    let mut tx = app.begin(actor).await?;
    db::surveys::delete_question(&tx, qid).await?;
    tx.touch_all(tags(&s));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Moves a question one place up or down within its page.
pub async fn move_question(
    app: &App,
    actor: &Actor,
    id: i64,
    qid: i64,
    up: bool,
) -> CommandResult<Outcome<()>> {
    let (s, qs) = managed(app, actor, id).await?;
    find(&qs, qid)?;
    let mut tx = app.begin(actor).await?;
    db::surveys::move_question(&tx, qid, up).await?;
    tx.touch_all(tags(&s));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

// ---------------------------------------------------------------------------
// Publication

/// Whether a question may be shown on the published page: counted ones
/// only, since free text is never published.
pub fn choosable(q: &Question) -> bool {
    q.kind.is_counted() && !q.deleted
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishAction {
    Publish,
    Withdraw,
    /// Keep the page as it is (published or not).
    Save,
}

/// What the published results show.
#[derive(Debug, Clone)]
pub struct Publication {
    /// The questions chosen; those that cannot be published are left out.
    pub chosen: Vec<i64>,
    pub intro: String,
    pub action: PublishAction,
}

/// Chooses what is published and publishes or withdraws the results page.
pub async fn publish(
    app: &App,
    actor: &Actor,
    id: i64,
    p: &Publication,
) -> CommandResult<Outcome<()>> {
    let (s, qs) = managed(app, actor, id).await?;
    let chosen: Vec<i64> = qs
        .iter()
        .filter(|q| choosable(q) && p.chosen.contains(&q.id))
        .map(|q| q.id)
        .collect();
    let intro = p.intro.trim();
    let published = match p.action {
        PublishAction::Publish => true,
        PublishAction::Withdraw => false,
        PublishAction::Save => s.results_published,
    };
    if intro.chars().count() > TEXT_MAX_CHARS {
        return Err(CommandError::field(
            "report_intro",
            "results-error-intro-too-long",
        ));
    }
    if published && chosen.is_empty() {
        return Err(CommandError::field(
            "report_questions",
            "results-error-no-questions",
        ));
    }
    let mut tx = app.begin(actor).await?;
    db::surveys::publish_results(
        &tx,
        id,
        published,
        intro,
        &text::markdown::to_html(intro),
        &chosen,
    )
    .await?;
    if published && !s.results_published {
        // The first publication is news for the process's fediverse followers.
        db::federation::queue_post(
            &*tx,
            db::federation::NewPost {
                process_id: s.process_id,
                kind: "results",
                title: &s.title,
                body: intro,
                path: &format!("/surveys/{id}/results"),
            },
        )
        .await?;
        tx.jobs_queued();
        crate::notifications::notify_process_followers(
            &mut tx,
            s.process_id,
            "results",
            &format!("/surveys/{id}/report"),
            &s.title,
            &s.process_title,
        )
        .await?;
    }
    tx.touch_all(tags(&s));
    // The open data API lists surveys with published results.
    tx.touch(Tag::Lists);
    tx.audit("survey.publish_results", &format!("survey:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}
