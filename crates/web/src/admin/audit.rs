//! The audit log for administrators: every action of staff, moderators and
//! administrators, newest first, filtered by action or person, and whether
//! the chain of entries is intact.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::params::{PageNumber, Query};
use crate::{Admin, AppResult, Ctx, SharedState, dates};

const PER_PAGE: u64 = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filter {
    action: String,
    actor: String,
    page: String,
}

#[derive(Serialize)]
struct EntryView {
    id: i64,
    at: String,
    at_iso: String,
    actor_id: Option<i64>,
    action: String,
    subject: String,
    details: String,
}

pub async fn list(
    State(state): State<SharedState>,
    _: Admin,
    ctx: Ctx,
    Query(f): Query<Filter>,
) -> AppResult<Response> {
    let action = Some(f.action.trim()).filter(|a| !a.is_empty());
    let actor = f.actor.trim().parse::<i64>().ok();
    let page = PageNumber::parse(&f.page);
    let (entries, total) =
        db::audit::list(&state.db, action, actor, page.index(), PER_PAGE).await?;
    let entries: Vec<EntryView> = entries
        .into_iter()
        .map(|e| EntryView {
            id: e.id,
            at: dates::datetime(e.at, ctx.lang),
            at_iso: e.at.to_rfc3339(),
            actor_id: e.actor_id,
            action: e.action,
            subject: e.subject,
            details: e.details,
        })
        .collect();
    let verdict = match db::audit::verify(&state.db).await? {
        db::audit::Verdict::Intact(n) => context! { intact => true, count => n },
        db::audit::Verdict::BrokenAt(id) => context! { intact => false, broken_at => id },
    };
    let pages = total.div_ceil(PER_PAGE).max(1);
    Ok(state
        .render(
            &ctx,
            "admin/audit.html",
            context! {
                entries => Serde(entries),
                actions => db::audit::actions(&state.db).await?,
                action => action.unwrap_or(""),
                actor => actor.map(|a| a.to_string()).unwrap_or_default(),
                page => page.get(),
                pages,
                total,
                verdict,
            },
        )?
        .into_response())
}
