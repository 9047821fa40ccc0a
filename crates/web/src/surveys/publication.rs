//! The published results: staff choose the questions and write an
//! introduction; everyone reads the page under the process. Free texts are
//! never published, so only counted questions can be chosen.

use domain::Tag;
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::surveys::Question;
use minijinja::value::Serde;
use minijinja::{Value, context};

use super::super::{managed, manages, refused_form};
use super::{charts, figures, ordered};
use crate::accounts::redirect;
use crate::cache::shared;
use crate::forms::{FormState, PostForm};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff};

use app::surveys::{Publication, PublishAction, choosable};

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    survey: &db::surveys::Survey,
    questions: &[Question],
    chosen: &[i64],
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let items: Vec<Value> = questions
        .iter()
        .filter(|q| choosable(q))
        .map(|q| {
            context! {
                id => q.id, code => q.code.clone(), text => q.text.clone(),
                checked => chosen.contains(&q.id),
            }
        })
        .collect();
    let html = state.render(
        ctx,
        "surveys/publication.html",
        context! {
            survey_id => survey.id,
            title => survey.title.clone(),
            process_id => survey.process_id,
            process_title => survey.process_title.clone(),
            published => survey.results_published,
            items,
            form => Value::from(form),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let chosen = db::surveys::report_questions(&state.db, id).await?;
    let form = FormState::new().value("report_intro", survey.results_intro_md.clone());
    render_form(
        &state,
        &ctx,
        &survey,
        &questions,
        &chosen,
        form,
        StatusCode::OK,
    )
    .await
}

/// Checkboxes arrive as `q<ID>=1`, the introduction as `report_intro`, the button as
/// `action` (publish, save or withdraw).
pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let action = match f.get("action").map(String::as_str).unwrap_or("save") {
        "publish" => PublishAction::Publish,
        "withdraw" => PublishAction::Withdraw,
        "save" => PublishAction::Save,
        _ => {
            // Only staff learn that the form was malformed.
            or_return!(managed(&state, &ctx, id).await);
            return Err(AppError::bad_request());
        }
    };
    let chosen: Vec<i64> = f
        .keys()
        .filter_map(|k| k.strip_prefix('q')?.parse().ok())
        .collect();
    let intro = f.get("report_intro").map(|s| s.trim()).unwrap_or_default();
    let publication = Publication {
        chosen,
        intro: intro.to_owned(),
        action,
    };
    match app::surveys::publish(&state.app, &staff.actor(), id, &publication).await {
        Ok(_) => {
            let flash = match action {
                PublishAction::Publish => "flash-results-published",
                PublishAction::Withdraw => "flash-results-withdrawn",
                PublishAction::Save => "flash-results-saved",
            };
            Ok(redirect(
                &state,
                &format!("/surveys/{id}/publication"),
                Some(flash),
            ))
        }
        Err(e) => {
            let (errs, survey, questions) = or_return!(refused_form(&state, &ctx, id, e).await);
            let chosen: Vec<i64> = questions
                .iter()
                .filter(|q| choosable(q) && publication.chosen.contains(&q.id))
                .map(|q| q.id)
                .collect();
            let form = FormState::new().value("report_intro", intro).errors(&errs);
            render_form(
                &state,
                &ctx,
                &survey,
                &questions,
                &chosen,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// What the public results page shows of a survey, in `lang`: the questions
/// chosen for it that are counted (never free texts, not even "other"
/// answers), in page order, and their figures. The open data API serves the
/// same.
pub(crate) async fn published(
    state: &AppState,
    id: i64,
    lang: &'static str,
) -> AppResult<(db::surveys::results::Tally, Vec<charts::QuestionResult>)> {
    let questions = db::surveys::questions(&state.db, id).await?;
    let chosen = db::surveys::report_questions(&state.db, id).await?;
    let shown: Vec<&Question> = ordered(&questions)
        .into_iter()
        .filter(|q| chosen.contains(&q.id) && choosable(q))
        .collect();
    figures(state, lang, id, &shown).await
}

/// The public results page; until published only staff of the survey see it,
/// as a preview.
pub async fn report(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let Some(survey) = db::surveys::get(&state.db, id).await? else {
        return Err(AppError::not_found());
    };
    let staff = manages(&ctx, &survey);
    if !survey.results_published && !staff {
        return Err(AppError::not_found());
    }
    // A process that is not public hides its survey too.
    crate::processes::show::load_visible(&state, &ctx, survey.process_id).await?;
    let (tally, items) = published(&state, id, ctx.lang).await?;
    let documents =
        db::documents::for_subject(&state.db, domain::documents::SubjectKind::Survey, id).await?;
    let html = state.render(
        &ctx,
        "surveys/report.html",
        context! {
            survey_id => survey.id,
            title => survey.title.clone(),
            process_id => survey.process_id,
            process_title => survey.process_title.clone(),
            intro_html => Value::from_safe_string(survey.results_intro_html.clone()),
            published => survey.results_published,
            staff,
            responses => tally.responses,
            items => Value::from(Serde(items)),
            documents => Value::from(Serde(crate::documents::view::documents(&documents, ctx.lang))),
        },
    )?;
    if survey.results_published {
        Ok(shared(
            html,
            vec![Tag::Survey(id), Tag::Process(survey.process_id)],
            None,
        ))
    } else {
        Ok(html.into_response())
    }
}
