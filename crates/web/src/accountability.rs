//! The public accountability pages: for the whole platform
//! (`/accountability`) and for one department
//! (`/accountability/departments/{id}`), how many ideas that must be
//! answered were answered (in time or late), are pending or overdue, and the
//! median days to an answer, as a table per department, with the overdue
//! ideas linked. The idea marks (deadline, overdue) for idea pages and cards
//! are read here too.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::NaiveDate;
use db::accountability::{Figures, Mark, Scope, State as AnswerState};
use domain::Tag;
use minijinja::{Value, context};

use crate::cache::shared;
use crate::ideas::view::IdeaView;
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, dates};

/// The most overdue ideas a page lists.
const OVERDUE_LISTED: u64 = 200;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/accountability", get(platform))
        .route("/accountability/departments/{id}", get(department))
}

fn figures(f: &Figures) -> Value {
    context! {
        id => f.department_id,
        name => f.department.clone(),
        total => f.total(),
        answered => f.answered,
        in_time => f.answered - f.late,
        late => f.late,
        pending => f.pending,
        overdue => f.overdue,
        // One decimal at most: a median of an even count may be a half.
        median => f.median_days.map(|m| (m * 10.0).round() / 10.0),
    }
}

/// The first day an answer is overdue: the day after its deadline.
fn overdue_since(deadline: NaiveDate) -> NaiveDate {
    deadline + chrono::Duration::days(1)
}

fn overdue_day(s: &str, lang: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| dates::date(overdue_since(d), lang))
        .unwrap_or_else(|_| s.to_owned())
}

async fn render(
    state: &SharedState,
    ctx: &Ctx,
    scope: Scope,
    name: Option<String>,
) -> AppResult<Response> {
    let today = dates::today();
    let report = db::accountability::report(&state.db, scope, today).await?;
    let overdue: Vec<Value> = db::accountability::overdue(&state.db, scope, today, OVERDUE_LISTED)
        .await?
        .into_iter()
        .map(|o| {
            context! {
                id => o.idea_id,
                title => o.title,
                process_id => o.process_id,
                process => o.process_title,
                department => o.department,
                since => overdue_day(&o.deadline, ctx.lang),
                deadline_iso => o.deadline,
            }
        })
        .collect();
    let departments: Vec<Value> = report.departments.iter().map(figures).collect();
    let html = state.render(
        ctx,
        "accountability/show.html",
        context! {
            department => name,
            total => figures(&report.total),
            departments,
            overdue,
            listed_max => OVERDUE_LISTED,
        },
    )?;
    // Shared by every reader until an idea, an answer or a process changes
    // (each such command touches the lists) or the day does (the page
    // store's key holds it).
    Ok(shared(html, vec![Tag::Lists], None))
}

pub async fn platform(State(state): State<SharedState>, ctx: Ctx) -> AppResult<Response> {
    render(&state, &ctx, Scope::Platform, None).await
}

pub async fn department(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let name = db::departments::by_id(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?
        .name;
    render(&state, &ctx, Scope::Department(id), Some(name)).await
}

/// What an idea's page or card shows of its deadline: by when it must be
/// answered, or since when the answer is overdue (`date`: the deadline, or
/// the day after it when overdue).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeadlineView {
    pub overdue: bool,
    pub answered: bool,
    pub date: String,
    pub iso: String,
}

/// The deadline marks of `ids` (those that must be answered), by idea.
pub async fn marks(
    state: &AppState,
    ids: &[i64],
    lang: &str,
) -> AppResult<HashMap<i64, DeadlineView>> {
    let marks = db::accountability::marks(&state.db, ids, dates::today()).await?;
    Ok(marks
        .into_iter()
        .map(|m: Mark| {
            let overdue = m.state == AnswerState::Overdue;
            let shown = if overdue {
                overdue_since(m.deadline)
            } else {
                m.deadline
            };
            (
                m.idea_id,
                DeadlineView {
                    overdue,
                    answered: m.state.answered(),
                    date: dates::date(shown, lang),
                    iso: shown.format("%Y-%m-%d").to_string(),
                },
            )
        })
        .collect())
}

/// Sets the deadline marks of ideas shown as cards or on their page.
pub async fn mark_views(state: &AppState, views: &mut [IdeaView], lang: &str) -> AppResult<()> {
    let ids: Vec<i64> = views.iter().map(|v| v.id).collect();
    let mut marks = marks(state, &ids, lang).await?;
    for v in views {
        v.deadline = marks.remove(&v.id);
    }
    Ok(())
}
