//! Answering a survey, page by page, without JavaScript: each page posts its
//! answers into a draft (kept for the invitation, the account, or a random key
//! an anonymous respondent holds), so that people can go back, save and
//! continue later, on any device. Only the final submission is stored as a
//! response, with nothing that links it to the respondent.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use db::surveys::{DraftKey, Invitation, Respondent, SubmitError, Survey};
use domain::Tag;
use domain::limits::RateLimit;
use domain::surveys::{
    Access, Availability, PageErrors, Question, Raw, evaluate, live, merge_page, pages, step,
};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::view::{available, question_view, survey_view};
use crate::accounts::{exceeds, login_redirect, redirect};
use crate::cache::shared;
use crate::forms::PostForm;
use crate::security::{random_token, token_hash};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates};

/// Anonymous answers to open surveys from one address.
const ANONYMOUS_PER_IP: RateLimit = RateLimit::per_minutes(30, 60);
/// Anonymous drafts nobody came back to are removed after this many days.
pub const ANONYMOUS_DRAFT_DAYS: i64 = 30;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/surveys/{id}", get(landing))
        .route("/surveys/{id}/answer", get(show_page).post(post_page))
        .route("/surveys/{id}/thanks", get(thanks))
        .route("/surveys/t/{token}", get(token_landing))
        .route(
            "/surveys/t/{token}/answer",
            get(token_page).post(token_post),
        )
}

/// Who is answering, and where their draft lives.
struct Answering {
    survey: Survey,
    questions: Vec<Question>,
    respondent: Respondent,
    draft: DraftKey,
    /// The anonymous respondent's draft key, carried in the form.
    anon_key: Option<String>,
    /// Where the forms post: `/surveys/{id}` or `/surveys/t/{token}`.
    base: String,
}

fn token_page_response(state: &AppState, ctx: &Ctx, problem: &str) -> AppResult<Response> {
    let status = if problem == "used" {
        StatusCode::GONE
    } else {
        StatusCode::NOT_FOUND
    };
    let html = state.render(ctx, "surveys/token.html", context! { problem => problem })?;
    Ok((status, html).into_response())
}

fn landing_response(
    state: &AppState,
    ctx: &Ctx,
    s: &Survey,
    base: &str,
    note: Option<&str>,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "surveys/landing.html",
        context! {
            s => Serde(survey_view(ctx.lang, s)),
            base => base,
            note => note,
            manages => super::manages(ctx, s),
        },
    )?;
    Ok((status, html).into_response())
}

async fn load(state: &AppState, id: i64) -> AppResult<Survey> {
    db::surveys::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The reason, if any, why this person cannot answer now: a page to show instead.
async fn refusal(
    state: &AppState,
    ctx: &Ctx,
    s: &Survey,
    base: &str,
) -> AppResult<Option<Response>> {
    let note = match available(s) {
        Availability::Draft if !super::manages(ctx, s) => return Err(AppError::not_found()),
        Availability::Draft => Some("survey-note-draft"),
        Availability::NotYet => Some("survey-note-not-yet"),
        Availability::Closed => Some("survey-note-closed"),
        Availability::Open => None,
    };
    if let Some(n) = note {
        return landing_response(state, ctx, s, base, Some(n), StatusCode::OK).map(Some);
    }
    Ok(None)
}

async fn by_id(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    anon_key: Option<&str>,
) -> AppResult<Result<Answering, Response>> {
    let s = load(state, id).await?;
    let base = format!("/surveys/{id}");
    if let Some(r) = refusal(state, ctx, &s, &base).await? {
        return Ok(Err(r));
    }
    let (respondent, draft, anon) = match (s.access, ctx.user.as_deref()) {
        (Access::Invitation, _) => {
            let r = landing_response(
                state,
                ctx,
                &s,
                &base,
                Some("survey-note-invitation-only"),
                StatusCode::FORBIDDEN,
            )?;
            return Ok(Err(r));
        }
        (Access::Registered, None) => return Ok(Err(login_redirect(state, ctx))),
        (Access::Registered, Some(u)) => {
            if db::surveys::has_answered(&state.db, s.id, u.id).await? {
                let r = landing_response(
                    state,
                    ctx,
                    &s,
                    &base,
                    Some("survey-note-answered"),
                    StatusCode::OK,
                )?;
                return Ok(Err(r));
            }
            (
                Respondent::Account {
                    user_id: u.id,
                    once: true,
                },
                DraftKey::Account(u.id),
                None,
            )
        }
        (Access::Open, Some(u)) => (
            Respondent::Account {
                user_id: u.id,
                once: false,
            },
            DraftKey::Account(u.id),
            None,
        ),
        (Access::Open, None) => {
            let key = match anon_key
                .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                Some(k) => k.to_owned(),
                None => random_token().map_err(AppError::internal)?,
            };
            (
                Respondent::Anonymous,
                DraftKey::Anonymous(token_hash(&key)),
                Some(key),
            )
        }
    };
    let questions = db::surveys::questions(&state.db, s.id).await?;
    Ok(Ok(Answering {
        survey: s,
        questions,
        respondent,
        draft,
        anon_key: anon,
        base,
    }))
}

async fn by_token(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> AppResult<Result<Answering, Response>> {
    let inv: Option<Invitation> =
        if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
            db::surveys::invitation_by_token(&state.db, &token_hash(token)).await?
        } else {
            None
        };
    let Some(inv) = inv else {
        return Ok(Err(token_page_response(state, ctx, "unknown")?));
    };
    if inv.used {
        return Ok(Err(token_page_response(state, ctx, "used")?));
    }
    let s = load(state, inv.survey_id).await?;
    let base = format!("/surveys/t/{token}");
    if let Some(r) = refusal(state, ctx, &s, &base).await? {
        return Ok(Err(r));
    }
    let questions = db::surveys::questions(&state.db, s.id).await?;
    Ok(Ok(Answering {
        survey: s,
        questions,
        respondent: Respondent::Invitation(inv.id),
        draft: DraftKey::Invitation(inv.id),
        anon_key: None,
        base,
    }))
}

pub async fn landing(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = load(&state, id).await?;
    if available(&s) == Availability::Draft && !super::manages(&ctx, &s) {
        return Err(AppError::not_found());
    }
    let note = match (available(&s), s.access) {
        (Availability::Draft, _) => Some("survey-note-draft"),
        (Availability::NotYet, _) => Some("survey-note-not-yet"),
        (Availability::Closed, _) => Some("survey-note-closed"),
        (Availability::Open, Access::Invitation) => Some("survey-note-invitation-only"),
        (Availability::Open, _) => None,
    };
    let res = landing_response(
        &state,
        &ctx,
        &s,
        &format!("/surveys/{id}"),
        note,
        StatusCode::OK,
    )?;
    Ok(shared(
        res,
        vec![Tag::Survey(id), Tag::Process(s.process_id)],
        None,
    ))
}

pub async fn token_landing(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let a = match by_token(&state, &ctx, &token).await? {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    landing_response(&state, &ctx, &a.survey, &a.base, None, StatusCode::OK)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageParams {
    page: Option<i32>,
    draft: String,
}

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    a: &Answering,
    page: i32,
    raw: &Raw,
    errors: &PageErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let all_pages = pages(&a.questions);
    let (answers, _) = evaluate(&a.questions, raw, None);
    let questions: Vec<_> = live(&a.questions)
        .into_iter()
        .filter(|q| q.page == page && domain::surveys::visible(q, &answers))
        .map(|q| question_view(q, &a.questions, raw, errors.get(&q.id).copied()))
        .collect();
    let prev = step(&a.questions, raw, page, false);
    let next = step(&a.questions, raw, page, true);
    let number = all_pages
        .iter()
        .position(|p| *p == page)
        .map_or(1, |i| i + 1);
    let error_list: Vec<(String, String, &'static str)> = questions
        .iter()
        .filter_map(|q| q.error.map(|e| (q.field.clone(), q.code.clone(), e)))
        .collect();
    let html = state.render(
        ctx,
        "surveys/answer.html",
        context! {
            s => Serde(survey_view(ctx.lang, &a.survey)),
            base => a.base.clone(),
            page => page,
            page_number => number,
            page_count => all_pages.len(),
            questions => Serde(questions),
            has_prev => prev.is_some(),
            has_next => next.is_some(),
            draft_key => a.anon_key.clone(),
            error_list => error_list,
        },
    )?;
    Ok((status, html).into_response())
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    a: Answering,
    wanted: Option<i32>,
) -> AppResult<Response> {
    let draft = db::surveys::draft(&state.db, a.survey.id, &a.draft).await?;
    let (saved_page, raw) = match draft {
        Some(d) => (Some(d.page), d.raw),
        None => (None, Raw::new()),
    };
    let all = pages(&a.questions);
    let Some(first) = all.first().copied() else {
        return landing_response(
            state,
            ctx,
            &a.survey,
            &a.base,
            Some("survey-note-empty"),
            StatusCode::OK,
        );
    };
    let page = wanted
        .or(saved_page)
        .filter(|p| all.contains(p))
        .unwrap_or(first);
    render_page(
        state,
        ctx,
        &a,
        page,
        &raw,
        &PageErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn show_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    match by_id(&state, &ctx, id, Some(&params.draft)).await? {
        Ok(a) => show(&state, &ctx, a, params.page).await,
        Err(r) => Ok(r),
    }
}

pub async fn token_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    match by_token(&state, &ctx, &token).await? {
        Ok(a) => show(&state, &ctx, a, params.page).await,
        Err(r) => Ok(r),
    }
}

/// A posted page: the answer fields and what to do next.
pub(super) struct Posted {
    page: i32,
    action: String,
    draft: String,
    pub(super) raw: Raw,
}

pub(super) fn posted(pairs: Vec<(String, String)>) -> Posted {
    let mut p = Posted {
        page: 1,
        action: String::new(),
        draft: String::new(),
        raw: Raw::new(),
    };
    for (k, v) in pairs {
        match k.as_str() {
            "page" => p.page = v.trim().parse().unwrap_or(1),
            "action" => p.action = v,
            "draft" => p.draft = v,
            "csrf_token" => {}
            _ if k.starts_with('q') => p.raw.entry(k).or_default().push(v),
            _ => {}
        }
    }
    p
}

fn page_link(a: &Answering, page: i32) -> String {
    match &a.anon_key {
        Some(k) => format!("{}/answer?page={page}&draft={k}", a.base),
        None => format!("{}/answer?page={page}", a.base),
    }
}

async fn handle_post(state: &AppState, ctx: &Ctx, a: Answering, p: Posted) -> AppResult<Response> {
    let all = pages(&a.questions);
    if !all.contains(&p.page) {
        return Err(AppError::bad_request());
    }
    let mut raw = db::surveys::draft(&state.db, a.survey.id, &a.draft)
        .await?
        .map(|d| d.raw)
        .unwrap_or_default();
    merge_page(&a.questions, &mut raw, p.page, &p.raw);
    let page_errors = |until: Option<i32>| -> PageErrors {
        let (_, errs) = evaluate(&a.questions, &raw, until);
        errs
    };
    let on_page = |errs: &PageErrors, page: i32| -> PageErrors {
        errs.iter()
            .filter(|(qid, _)| a.questions.iter().any(|q| q.id == **qid && q.page == page))
            .map(|(k, v)| (*k, *v))
            .collect()
    };
    match p.action.as_str() {
        "back" => {
            let to = step(&a.questions, &raw, p.page, false).unwrap_or(p.page);
            db::surveys::save_draft(&state.db, a.survey.id, &a.draft, to, &raw).await?;
            Ok(redirect(state, &page_link(&a, to), None))
        }
        "save" => {
            db::surveys::save_draft(&state.db, a.survey.id, &a.draft, p.page, &raw).await?;
            let html = state.render(
                ctx,
                "surveys/saved.html",
                context! {
                    s => Serde(survey_view(ctx.lang, &a.survey)),
                    continue_link => state.config.link(&page_link(&a, p.page)),
                    by_token => matches!(a.respondent, Respondent::Invitation(_)),
                    by_account => matches!(a.respondent, Respondent::Account { .. }),
                },
            )?;
            Ok(html.into_response())
        }
        "next" if step(&a.questions, &raw, p.page, true).is_some() => {
            let errs = on_page(&page_errors(Some(p.page)), p.page);
            if !errs.is_empty() {
                db::surveys::save_draft(&state.db, a.survey.id, &a.draft, p.page, &raw).await?;
                return render_page(
                    state,
                    ctx,
                    &a,
                    p.page,
                    &raw,
                    &errs,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            let to = step(&a.questions, &raw, p.page, true).unwrap_or(p.page);
            db::surveys::save_draft(&state.db, a.survey.id, &a.draft, to, &raw).await?;
            Ok(redirect(state, &page_link(&a, to), None))
        }
        _ => submit(state, ctx, a, p.page, raw).await,
    }
}

async fn submit(
    state: &AppState,
    ctx: &Ctx,
    a: Answering,
    page: i32,
    raw: Raw,
) -> AppResult<Response> {
    let (answers, errs) = evaluate(&a.questions, &raw, None);
    if let Some((qid, _)) = errs.iter().next() {
        // Show the first page with a problem, with every problem of that page.
        let first = a
            .questions
            .iter()
            .find(|q| q.id == *qid)
            .map_or(page, |q| q.page);
        let errs_there: PageErrors = errs
            .iter()
            .filter(|(id, _)| a.questions.iter().any(|q| q.id == **id && q.page == first))
            .map(|(k, v)| (*k, *v))
            .collect();
        db::surveys::save_draft(&state.db, a.survey.id, &a.draft, first, &raw).await?;
        return render_page(
            state,
            ctx,
            &a,
            first,
            &raw,
            &errs_there,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if a.respondent == Respondent::Anonymous
        && exceeds(
            state,
            &format!("survey-answer:{}", ctx.ip),
            ANONYMOUS_PER_IP,
        )
        .await?
    {
        db::surveys::save_draft(&state.db, a.survey.id, &a.draft, page, &raw).await?;
        let mut errs = PageErrors::new();
        if let Some(q) = live(&a.questions).into_iter().find(|q| q.page == page) {
            errs.insert(q.id, "survey-error-rate-limited");
        }
        return render_page(
            state,
            ctx,
            &a,
            page,
            &raw,
            &errs,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    match db::surveys::submit(
        &state.db,
        a.survey.id,
        a.respondent,
        Some(&a.draft),
        &answers,
        dates::today(),
    )
    .await
    {
        Ok(_) => {}
        Err(SubmitError::AlreadyAnswered) => {
            return match a.respondent {
                Respondent::Invitation(_) => token_page_response(state, ctx, "used"),
                _ => landing_response(
                    state,
                    ctx,
                    &a.survey,
                    &a.base,
                    Some("survey-note-answered"),
                    StatusCode::CONFLICT,
                ),
            };
        }
        Err(SubmitError::Db(e)) => return Err(e.into()),
    }
    // Results pages show counts; the survey's own pages show the number of answers.
    state.changed(&[Tag::Survey(a.survey.id)]).await;
    Ok(redirect(
        state,
        &format!("/surveys/{}/thanks", a.survey.id),
        None,
    ))
}

pub async fn post_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(pairs): PostForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = posted(pairs);
    match by_id(&state, &ctx, id, Some(&p.draft)).await? {
        Ok(a) => handle_post(&state, &ctx, a, p).await,
        Err(r) => Ok(r),
    }
}

pub async fn token_post(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
    PostForm(pairs): PostForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = posted(pairs);
    match by_token(&state, &ctx, &token).await? {
        Ok(a) => handle_post(&state, &ctx, a, p).await,
        Err(r) => Ok(r),
    }
}

pub async fn thanks(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = load(&state, id).await?;
    if s.status == domain::surveys::Status::Draft && !super::manages(&ctx, &s) {
        return Err(AppError::not_found());
    }
    let html = state.render(
        &ctx,
        "surveys/thanks.html",
        context! { s => Serde(survey_view(ctx.lang, &s)) },
    )?;
    Ok(html.into_response())
}
