//! Work the queue gave up (mail above all): what it was, why it failed, and
//! the buttons to send it again or discard it.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use crate::accounts::redirect;
use crate::params::Path;
use crate::{Admin, AppResult, Ctx, SharedState, dates};

/// The most shown; more would be a mail server that is gone, which the
/// metric and the log say already.
const SHOWN: u64 = 200;

#[derive(Serialize)]
struct FailedView {
    id: i64,
    /// The recipient and subject of a mail; empty for other work.
    to: String,
    subject: String,
    /// The kind as a message key's end (`survey-seal`).
    kind: String,
    attempts: i32,
    queued: String,
    failed: String,
    reason: String,
}

pub async fn list(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    let mut rows = db::jobs::failed(&state.db, crate::mails::JOB_KIND, SHOWN).await?;
    rows.extend(db::jobs::failed(&state.db, db::surveys::SEAL_JOB, SHOWN).await?);
    let failed: Vec<FailedView> = rows
        .into_iter()
        .map(|j| {
            let mail = serde_json::from_str::<mail::Mail>(&j.payload).ok();
            FailedView {
                id: j.id,
                to: mail.as_ref().map(|m| m.to.clone()).unwrap_or_default(),
                subject: mail.map(|m| m.subject).unwrap_or_default(),
                kind: j.kind.replace('_', "-"),
                attempts: j.attempts,
                queued: dates::datetime(j.created_at, ctx.lang),
                failed: dates::datetime(j.failed_at, ctx.lang),
                reason: j.last_error.unwrap_or_default(),
            }
        })
        .collect();
    Ok(state
        .render(
            &ctx,
            "admin/jobs.html",
            context! { failed => Serde(failed), keep_days => state.config.job_retry.keep.num_days() },
        )?
        .into_response())
}

pub async fn retry(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    admin: Admin,
) -> AppResult<Response> {
    app::jobs::retry(&state.app, &admin.actor(), id).await?;
    Ok(redirect(&state, "/admin/jobs", Some("flash-job-requeued")))
}

pub async fn discard(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    admin: Admin,
) -> AppResult<Response> {
    app::jobs::discard(&state.app, &admin.actor(), id).await?;
    Ok(redirect(&state, "/admin/jobs", Some("flash-job-discarded")))
}
