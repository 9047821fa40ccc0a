//! Answering a survey, page by page, without JavaScript: each page posts its
//! answers into a draft (kept for the invitation, the account, or a random key
//! an anonymous respondent holds), so that people can go back, save and
//! continue later, on any device. Only the final submission is stored as a
//! response, with nothing that links it to the respondent.

use app::surveys::answer::{Closed, PageAction, PagePost, PageResult, Via};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use db::surveys::{Respondent, Survey};
use domain::Tag;
use domain::surveys::{Access, Availability, PageErrors, Raw, evaluate, live, pages, step};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use super::view::{available, question_view, survey_view};
use crate::accounts::{login_redirect, redirect};
use crate::cache::tagged;
use crate::cookies;
use crate::forms::PostForm;
use crate::params::{Num, Path, Query};
use crate::{AppError, AppResult, AppState, Ctx, SharedState};

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

/// Who is answering, and where the forms post: `/surveys/{id}` or
/// `/surveys/t/{token}`.
struct Answering {
    a: app::surveys::answer::Answering,
    base: String,
}

impl std::ops::Deref for Answering {
    type Target = app::surveys::answer::Answering;
    fn deref(&self) -> &Self::Target {
        &self.a
    }
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

/// Who answers through `via`, or the page to show instead.
async fn answering(
    state: &AppState,
    ctx: &Ctx,
    via: Via<'_>,
    base: String,
) -> AppResult<Result<Answering, Response>> {
    match app::surveys::answer::answering(&state.app, &ctx.actor(), via).await {
        Ok(Ok(a)) => Ok(Ok(Answering { a, base })),
        Ok(Err(Closed::Note {
            survey,
            note,
            forbidden,
        })) => {
            let status = if forbidden {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::OK
            };
            Ok(Err(landing_response(
                state,
                ctx,
                &survey,
                &base,
                Some(note),
                status,
            )?))
        }
        Ok(Err(Closed::UnknownToken)) => Ok(Err(token_page_response(state, ctx, "unknown")?)),
        Ok(Err(Closed::UsedToken)) => Ok(Err(token_page_response(state, ctx, "used")?)),
        Err(app::CommandError::LoginRequired) => Ok(Err(login_redirect(state, ctx))),
        Err(e) => Err(e.into()),
    }
}

async fn by_id(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    draft_key: Option<&str>,
) -> AppResult<Result<Answering, Response>> {
    let via = Via::Survey { id, draft_key };
    answering(state, ctx, via, format!("/surveys/{id}")).await
}

async fn by_token(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> AppResult<Result<Answering, Response>> {
    answering(state, ctx, Via::Token(token), format!("/surveys/t/{token}")).await
}

/// The survey's page for a browser that answered it before: it says so and
/// offers to answer as another person (a shared device), instead of
/// "Umfrage beginnen".
fn answered_browser_page(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    base: &str,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "surveys/landing.html",
        context! {
            s => Serde(survey_view(ctx.lang, survey)),
            base => base.to_owned(),
            note => "survey-note-answered-browser",
            again_link => format!("{base}/answer?again=1"),
            manages => super::manages(ctx, survey),
        },
    )?;
    Ok(html.into_response())
}

pub async fn landing(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let s = load(&state, id).await?;
    if available(&s) == Availability::Draft && !super::manages(&ctx, &s) {
        return Err(AppError::not_found());
    }
    let mut note = match (available(&s), s.access) {
        (Availability::Draft, _) => Some("survey-note-draft"),
        (Availability::NotYet, _) => Some("survey-note-not-yet"),
        (Availability::Closed, _) => Some("survey-note-closed"),
        (Availability::Open, Access::Invitation) => Some("survey-note-invitation-only"),
        (Availability::Open, _) => None,
    };
    // A person with an account answers once: after that, no start button.
    if let (None, Some(u)) = (note, ctx.user.as_deref())
        && db::surveys::has_answered(&state.db, s.id, u.id).await?
    {
        note = Some("survey-note-answered");
    }
    // A browser that answered is told so at once (the context middleware
    // does not serve it the page shared by other visitors).
    if note.is_none() && ctx.user.is_none() && cookies::answered(&headers).contains(&id) {
        return answered_browser_page(&state, &ctx, &s, &format!("/surveys/{id}"));
    }
    let res = landing_response(
        &state,
        &ctx,
        &s,
        &format!("/surveys/{id}"),
        note,
        StatusCode::OK,
    )?;
    // Shared among anonymous readers only: for a person it depends on
    // whether they answered.
    Ok(tagged(
        res,
        vec![Tag::Survey(id), Tag::Process(s.process_id)],
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
    page: Num<i32>,
    draft: String,
    /// "1": answer again although this browser answered before.
    again: String,
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
    let draft = app::surveys::answer::draft(&state.app, &a.a).await?;
    let (saved_page, raw) = match draft {
        Some((page, raw)) => (Some(page), raw),
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
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    let a = match by_id(&state, &ctx, id, Some(&params.draft)).await? {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    // A browser that answered before is told so when it starts again; it
    // may still answer, and staff see how many such answers came.
    let fresh_start = params.draft.is_empty() && params.page.0.is_none();
    if a.respondent == Respondent::Anonymous
        && fresh_start
        && params.again != "1"
        && cookies::answered(&headers).contains(&id)
    {
        return answered_browser_page(&state, &ctx, &a.survey, &a.base);
    }
    show(&state, &ctx, a, params.page.0).await
}

pub async fn token_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(params): Query<PageParams>,
) -> AppResult<Response> {
    match by_token(&state, &ctx, &token).await? {
        Ok(a) => show(&state, &ctx, a, params.page.0).await,
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

async fn handle_post(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    mut a: Answering,
    p: Posted,
) -> AppResult<Response> {
    let anonymous = a.respondent == Respondent::Anonymous;
    if anonymous {
        a.a.repeated_browser = cookies::answered(headers).contains(&a.survey.id);
    }
    let action = match p.action.as_str() {
        "back" => PageAction::Back,
        "save" => PageAction::Save,
        "next" => PageAction::Next,
        _ => PageAction::Submit,
    };
    let post = PagePost {
        page: p.page,
        raw: p.raw,
    };
    let out =
        match app::surveys::answer::save_page(&state.app, &ctx.actor(), &a, action, post, &ctx.ip)
            .await
        {
            Ok(out) => out.value,
            Err(app::CommandError::Invalid(_)) => return Err(AppError::bad_request()),
            Err(e) => return Err(e.into()),
        };
    match out {
        PageResult::Go(to) => Ok(redirect(state, &page_link(&a, to), None)),
        PageResult::Saved(page) => {
            let html = state.render(
                ctx,
                "surveys/saved.html",
                context! {
                    s => Serde(survey_view(ctx.lang, &a.survey)),
                    continue_link => state.config.link(&page_link(&a, page)),
                    by_token => matches!(a.respondent, Respondent::Invitation(_)),
                    by_account => matches!(a.respondent, Respondent::Account { .. }),
                },
            )?;
            Ok(html.into_response())
        }
        PageResult::Problems {
            page,
            raw,
            errors,
            rate_limited,
        } => {
            let status = if rate_limited {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            render_page(state, ctx, &a, page, &raw, &errors, status).await
        }
        PageResult::AlreadyAnswered => match a.respondent {
            Respondent::Invitation(_) => token_page_response(state, ctx, "used"),
            _ => landing_response(
                state,
                ctx,
                &a.survey,
                &a.base,
                Some("survey-note-answered"),
                StatusCode::CONFLICT,
            ),
        },
        PageResult::Submitted => {
            let mut res = redirect(state, &format!("/surveys/{}/thanks", a.survey.id), None);
            if anonymous {
                cookies::append(
                    res.headers_mut(),
                    cookies::answered_with(headers, a.survey.id, state.config.secure_cookies()),
                );
            }
            Ok(res)
        }
    }
}

pub async fn post_page(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PostForm(pairs): PostForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = posted(pairs);
    match by_id(&state, &ctx, id, Some(&p.draft)).await? {
        Ok(a) => handle_post(&state, &ctx, &headers, a, p).await,
        Err(r) => Ok(r),
    }
}

pub async fn token_post(
    State(state): State<SharedState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    PostForm(pairs): PostForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = posted(pairs);
    match by_token(&state, &ctx, &token).await? {
        Ok(a) => handle_post(&state, &ctx, &headers, a, p).await,
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
