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
pub(crate) mod results;
mod staff_list;
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
        .merge(staff_list::routes())
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
    app::surveys::managed(&state.app, &ctx.actor(), id)
        .await
        .map_err(|e| Box::new(refusal(state, ctx, e)))
}

/// After a refused command: its field messages and the survey, to show the
/// form again; or the page that replaces the form (login, 403, 404, 500).
pub(crate) async fn refused_form(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    e: app::CommandError,
) -> Result<(domain::FieldErrors, Survey, Vec<Question>), Box<Response>> {
    let Some(errs) = e.field_errors() else {
        return Err(Box::new(refusal(state, ctx, e)));
    };
    let (s, qs) = managed(state, ctx, id).await?;
    Ok((errs, s, qs))
}

/// The page that replaces a refused command's: login, 403, 404, 500.
pub(crate) fn refusal(state: &AppState, ctx: &Ctx, e: app::CommandError) -> Response {
    match e {
        app::CommandError::LoginRequired => login_redirect(state, ctx),
        e => AppError::from(e).into_response(),
    }
}

/// Whether the viewer manages this survey.
pub fn manages(ctx: &Ctx, s: &Survey) -> bool {
    app::surveys::manages(&ctx.actor(), s)
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
