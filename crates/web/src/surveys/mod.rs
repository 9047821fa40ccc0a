//! Surveys: the builder for staff, answering (open, for accounts, or with an
//! anonymous one-time invitation), invitations and reminders, results with
//! charts, exports and the published results page.

/// Unwraps the survey a staff handler needs, or returns the response that
/// replaces the page (login, 403, 404).
macro_rules! or_return {
    ($e:expr) => {
        match $e {
            Ok(x) => x,
            Err(r) => return Ok(*r),
        }
    };
}

mod answer;
mod builder;
mod invitations;
mod results;
pub mod tallies;
mod view;

pub use answer::ANONYMOUS_DRAFT_DAYS;
pub use tallies::Tallies;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use db::surveys::Survey;
use domain::surveys::Question;

use crate::accounts::login_redirect;
use crate::{AppError, AppState, Ctx, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .merge(builder::routes())
        .merge(answer::routes())
        .merge(invitations::routes())
        .merge(results::routes())
        // Address lists are uploaded as files.
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
}

/// A survey with its questions, for staff who may manage it; otherwise the
/// response to give instead (login, 403, 404).
pub async fn managed(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Survey, Vec<Question>), Box<Response>> {
    let Some(user) = ctx.user.as_deref() else {
        return Err(Box::new(login_redirect(state, ctx)));
    };
    let survey = match db::surveys::get(&state.db, id).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(Box::new(AppError::not_found().into_response())),
        Err(e) => return Err(Box::new(AppError::from(e).into_response())),
    };
    if !domain::processes::may_manage(user.role, user.department_id, survey.department_id) {
        return Err(Box::new(AppError::forbidden().into_response()));
    }
    match db::surveys::questions(&state.db, id).await {
        Ok(qs) => Ok((survey, qs)),
        Err(e) => Err(Box::new(AppError::from(e).into_response())),
    }
}

/// Whether the viewer manages this survey.
pub fn manages(ctx: &Ctx, s: &Survey) -> bool {
    ctx.user
        .as_deref()
        .is_some_and(|u| domain::processes::may_manage(u.role, u.department_id, s.department_id))
}

/// The surveys shown on a process page: drafts only to its staff.
pub async fn of_process(
    state: &AppState,
    ctx: &Ctx,
    process_id: i64,
    can_manage: bool,
) -> crate::AppResult<Vec<view::SurveyView>> {
    Ok(db::surveys::for_process(&state.db, process_id)
        .await?
        .iter()
        .filter(|s| can_manage || s.status != domain::surveys::Status::Draft)
        .map(|s| view::survey_view(ctx.lang, s))
        .collect())
}

/// The answer fields of a posted survey page.
#[cfg(feature = "fuzzing")]
pub(crate) fn raw_answers(pairs: Vec<(String, String)>) -> domain::surveys::Raw {
    answer::posted(pairs).raw
}
