//! Answering a survey page by page. Each page's raw form values go into a
//! draft (kept for the invitation, the account, or a random key an anonymous
//! respondent carries in the form), so going back and continuing later lose
//! nothing typed, even input that does not validate. Only the submission
//! parses every page and writes a response, with nothing that links it to
//! the respondent (see ARCHITECTURE.md, "Surveys and anonymity").

use chrono::NaiveDate;
use db::surveys::{DraftKey, Respondent, SubmitError, Survey};
use domain::Tag;
use domain::limits::RateLimit;
use domain::surveys::{
    Access, Answers, Availability, PageErrors, Question, Raw, availability, evaluate, live,
    merge_page, pages, step,
};

use crate::security::{derived_key, open, random_token, seal, token_hash};
use crate::{Actor, App, CommandError, CommandResult, Outcome, today};

/// Anonymous answers to open surveys from one address.
pub const ANONYMOUS_PER_IP: RateLimit = RateLimit::per_minutes(30, 60);

/// Where a survey is answered from.
#[derive(Debug, Clone, Copy)]
pub enum Via<'a> {
    /// Its own address; `draft_key` is the key an anonymous respondent carries.
    Survey { id: i64, draft_key: Option<&'a str> },
    /// An invitation link's token.
    Token(&'a str),
}

/// Someone who may answer now, and where their draft lives. Only
/// `answering` makes one, so holding one means the checks were made.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Answering {
    pub survey: Survey,
    pub questions: Vec<Question>,
    pub respondent: Respondent,
    pub draft: DraftKey,
    /// The anonymous respondent's draft key, carried in the form.
    pub anon_key: Option<String>,
    /// For an invitation link: the key, derived from the link's token, that
    /// the draft is stored encrypted under. The server keeps no copy.
    draft_lock: Option<[u8; 32]>,
    /// An anonymous respondent whose browser says it answered this survey
    /// before: the submission adds one to the survey's count of repeated
    /// answers, and nothing to the response.
    pub repeated_browser: bool,
}

/// Why nobody answers here now.
#[derive(Debug)]
pub enum Closed {
    /// The survey's page with a note instead of the questions; `forbidden`
    /// when this person may never answer here (an invitation survey).
    Note {
        survey: Box<Survey>,
        note: &'static str,
        forbidden: bool,
    },
    /// The invitation link is unknown.
    UnknownToken,
    /// The invitation was used.
    UsedToken,
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether the survey takes answers today, or the note to show instead.
/// Drafts are seen only by their staff (else `NotFound`).
fn availability_note(actor: &Actor, s: &Survey) -> CommandResult<Option<&'static str>> {
    Ok(match available(s) {
        Availability::Draft if !super::manages(actor, s) => return Err(CommandError::NotFound),
        Availability::Draft => Some("survey-note-draft"),
        Availability::NotYet => Some("survey-note-not-yet"),
        Availability::Closed => Some("survey-note-closed"),
        Availability::Open => None,
    })
}

/// Where a survey stands today.
pub fn available(s: &Survey) -> Availability {
    availability(s.status, s.opens_on, s.closes_on, today())
}

fn note(s: Survey, note: &'static str, forbidden: bool) -> Closed {
    Closed::Note {
        survey: Box::new(s),
        note,
        forbidden,
    }
}

/// Who answers through `via`, if they may now.
pub async fn answering(
    app: &App,
    actor: &Actor,
    via: Via<'_>,
) -> CommandResult<Result<Answering, Closed>> {
    match via {
        Via::Survey { id, draft_key } => by_id(app, actor, id, draft_key).await,
        Via::Token(token) => by_token(app, actor, token).await,
    }
}

async fn by_id(
    app: &App,
    actor: &Actor,
    id: i64,
    draft_key: Option<&str>,
) -> CommandResult<Result<Answering, Closed>> {
    let s = db::surveys::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if let Some(n) = availability_note(actor, &s)? {
        return Ok(Err(note(s, n, false)));
    }
    let (respondent, draft, anon_key) = match (s.access, actor.user_id()) {
        (Access::Invitation, _) => {
            return Ok(Err(note(s, "survey-note-invitation-only", true)));
        }
        (Access::Registered, None) => return Err(CommandError::LoginRequired),
        // A person with an account answers once, whether the survey asks
        // for a login or is open to everyone.
        (Access::Registered | Access::Open, Some(uid)) => {
            if db::surveys::has_answered(&app.db, s.id, uid).await? {
                return Ok(Err(note(s, "survey-note-answered", false)));
            }
            (
                Respondent::Account {
                    user_id: uid,
                    once: true,
                },
                DraftKey::Account(uid),
                None,
            )
        }
        (Access::Open, None) => {
            let key = match draft_key.filter(|k| well_formed(k)) {
                Some(k) => k.to_owned(),
                None => random_token().map_err(CommandError::internal)?,
            };
            (
                Respondent::Anonymous,
                DraftKey::Anonymous(token_hash(&key)),
                Some(key),
            )
        }
    };
    let questions = db::surveys::questions(&app.db, s.id).await?;
    Ok(Ok(Answering {
        survey: s,
        questions,
        respondent,
        draft,
        anon_key,
        draft_lock: None,
        repeated_browser: false,
    }))
}

async fn by_token(
    app: &App,
    actor: &Actor,
    token: &str,
) -> CommandResult<Result<Answering, Closed>> {
    let inv = if well_formed(token) {
        db::surveys::invitation_by_token(&app.db, &token_hash(token)).await?
    } else {
        None
    };
    let Some(inv) = inv else {
        return Ok(Err(Closed::UnknownToken));
    };
    if inv.used {
        return Ok(Err(Closed::UsedToken));
    }
    let s = db::surveys::get(&app.db, inv.survey_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if let Some(n) = availability_note(actor, &s)? {
        return Ok(Err(note(s, n, false)));
    }
    let questions = db::surveys::questions(&app.db, s.id).await?;
    Ok(Ok(Answering {
        survey: s,
        questions,
        respondent: Respondent::Invitation(inv.id),
        // Neither the draft's key nor its contents name the invitation.
        draft: DraftKey::Link(token_hash(&format!("draft:{token}"))),
        anon_key: None,
        draft_lock: Some(derived_key("survey draft", token)),
        repeated_browser: false,
    }))
}

/// What the respondent does with a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAction {
    Back,
    /// Save and continue later.
    Save,
    /// The next page; on the last page this submits.
    Next,
    Submit,
}

/// A posted page: its number and its raw answer fields.
#[derive(Debug, Clone, Default)]
pub struct PagePost {
    pub page: i32,
    pub raw: Raw,
}

/// What follows a posted page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageResult {
    /// Show this page next.
    Go(i32),
    /// The draft is kept; the respondent continues later on this page.
    Saved(i32),
    /// Show `page` again with the answers typed and the problems found.
    Problems {
        page: i32,
        raw: Raw,
        errors: PageErrors,
        rate_limited: bool,
    },
    /// The response is stored.
    Submitted,
    /// This invitation or account has answered already.
    AlreadyAnswered,
}

/// The respondent's saved draft: the page they were on and what they typed.
/// A draft that cannot be read (another link's, or damaged) counts as none.
pub async fn draft(app: &App, a: &Answering) -> CommandResult<Option<(i32, Raw)>> {
    let Some(d) = db::surveys::draft(&app.db, a.survey.id, &a.draft).await? else {
        return Ok(None);
    };
    let json = match &a.draft_lock {
        Some(key) => match open(key, &d.payload) {
            Some(bytes) => bytes,
            None => return Ok(None),
        },
        None => d.payload.into_bytes(),
    };
    Ok(serde_json::from_slice(&json).ok().map(|raw| (d.page, raw)))
}

/// The respondent's draft with the posted page merged in.
async fn merged(app: &App, a: &Answering, post: &PagePost) -> CommandResult<Raw> {
    if !pages(&a.questions).contains(&post.page) {
        return Err(CommandError::field("page", "error-bad-request-title"));
    }
    let mut raw = draft(app, a).await?.map(|d| d.1).unwrap_or_default();
    merge_page(&a.questions, &mut raw, post.page, &post.raw);
    Ok(raw)
}

async fn keep(
    app: &App,
    actor: &Actor,
    a: &Answering,
    page: i32,
    raw: &Raw,
) -> CommandResult<crate::Changes> {
    let json = serde_json::to_string(raw).map_err(CommandError::internal)?;
    let payload = match &a.draft_lock {
        Some(key) => seal(key, json.as_bytes()).map_err(CommandError::internal)?,
        None => json,
    };
    let tx = app.begin(actor).await?;
    db::surveys::save_draft(&tx, a.survey.id, &a.draft, page, &payload).await?;
    tx.commit().await
}

fn on_page(qs: &[Question], errs: &PageErrors, page: i32) -> PageErrors {
    errs.iter()
        .filter(|(qid, _)| qs.iter().any(|q| q.id == **qid && q.page == page))
        .map(|(k, v)| (*k, *v))
        .collect()
}

/// Saves a posted page into the draft and says where to go: back, later, or
/// on (after checking this page). `Next` on the last page and `Submit`
/// submit (`submit`). `client` is the respondent's address, for the limit on
/// anonymous answers.
pub async fn save_page(
    app: &App,
    actor: &Actor,
    a: &Answering,
    action: PageAction,
    post: PagePost,
    client: &str,
) -> CommandResult<Outcome<PageResult>> {
    let raw = merged(app, a, &post).await?;
    let page = post.page;
    let (value, raw_kept, kept_page) = match action {
        PageAction::Back => {
            let to = step(&a.questions, &raw, page, false).unwrap_or(page);
            (PageResult::Go(to), raw, to)
        }
        PageAction::Save => (PageResult::Saved(page), raw, page),
        PageAction::Next if step(&a.questions, &raw, page, true).is_some() => {
            let (_, errs) = evaluate(&a.questions, &raw, Some(page));
            let errs = on_page(&a.questions, &errs, page);
            if errs.is_empty() {
                let to = step(&a.questions, &raw, page, true).unwrap_or(page);
                (PageResult::Go(to), raw, to)
            } else {
                let changes = keep(app, actor, a, page, &raw).await?;
                return Ok(Outcome {
                    value: PageResult::Problems {
                        page,
                        raw,
                        errors: errs,
                        rate_limited: false,
                    },
                    changes,
                });
            }
        }
        PageAction::Next | PageAction::Submit => {
            return finish(app, actor, a, page, raw, client).await;
        }
    };
    let changes = keep(app, actor, a, kept_page, &raw_kept).await?;
    Ok(Outcome { value, changes })
}

/// Submits: the posted page is merged into the draft and every page is
/// checked (`evaluate`); then, in one transaction, the response is written,
/// the invitation marked used (or the account as having answered) and the
/// draft deleted.
pub async fn submit(
    app: &App,
    actor: &Actor,
    a: &Answering,
    post: PagePost,
    client: &str,
) -> CommandResult<Outcome<PageResult>> {
    let raw = merged(app, a, &post).await?;
    finish(app, actor, a, post.page, raw, client).await
}

async fn finish(
    app: &App,
    actor: &Actor,
    a: &Answering,
    page: i32,
    raw: Raw,
    client: &str,
) -> CommandResult<Outcome<PageResult>> {
    let (answers, errs) = evaluate(&a.questions, &raw, None);
    if let Some((qid, _)) = errs.iter().next() {
        // The first page with a problem, with every problem of that page.
        let first = a
            .questions
            .iter()
            .find(|q| q.id == *qid)
            .map_or(page, |q| q.page);
        let errors = on_page(&a.questions, &errs, first);
        let changes = keep(app, actor, a, first, &raw).await?;
        return Ok(Outcome {
            value: PageResult::Problems {
                page: first,
                raw,
                errors,
                rate_limited: false,
            },
            changes,
        });
    }
    if a.respondent == Respondent::Anonymous {
        let key = format!("survey-answer:{client}");
        let hits = db::throttle::hit(&app.db, &key, ANONYMOUS_PER_IP.window).await?;
        if hits > u64::from(ANONYMOUS_PER_IP.max) {
            let mut errors = PageErrors::new();
            if let Some(q) = live(&a.questions).into_iter().find(|q| q.page == page) {
                errors.insert(q.id, "survey-error-rate-limited");
            }
            let changes = keep(app, actor, a, page, &raw).await?;
            return Ok(Outcome {
                value: PageResult::Problems {
                    page,
                    raw,
                    errors,
                    rate_limited: true,
                },
                changes,
            });
        }
    }
    let mut tx = app.begin(actor).await?;
    match db::surveys::submit(
        &tx,
        a.survey.id,
        a.respondent,
        Some(&a.draft),
        &answers,
        today(),
    )
    .await
    {
        Ok(_) => {}
        // Nothing is written: the transaction is dropped, so rolled back.
        Err(SubmitError::AlreadyAnswered) => {
            return Ok(Outcome {
                value: PageResult::AlreadyAnswered,
                changes: crate::Changes::default(),
            });
        }
        Err(SubmitError::Db(e)) => return Err(e.into()),
    }
    if a.repeated_browser && a.respondent == Respondent::Anonymous {
        db::surveys::count_repeat(&tx, a.survey.id).await?;
    }
    tx.touch_all([Tag::Survey(a.survey.id), Tag::Process(a.survey.process_id)]);
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: PageResult::Submitted,
        changes,
    })
}

/// Brings in past responses (the demo loader, benchmarks): the same rows as
/// a submission writes, many in one transaction, without a respondent.
pub async fn import_responses(
    app: &App,
    actor: &Actor,
    survey_id: i64,
    responses: &[(Option<NaiveDate>, Answers)],
) -> CommandResult<Outcome<()>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let s = db::surveys::get(&app.db, survey_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let mut tx = app.begin(actor).await?;
    db::surveys::insert_responses(&tx, survey_id, responses).await?;
    tx.touch_all([Tag::Survey(s.id), Tag::Process(s.process_id)]);
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}
