//! Invitations to closed surveys: staff upload a list of addresses (CSV or
//! pasted), each address gets a mail with a one-time link; reminders go only to
//! those who have not answered, each with a fresh link (earlier ones stay valid).

use app::surveys::invitations::{InviteList, MAX_ADDRESSES, addresses};
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::surveys::Survey;
use domain::surveys::Access;
use minijinja::context;
use minijinja::value::Serde;

use super::view::survey_view;
use super::{managed, refusal, refused_form};
use crate::accounts::redirect;
use crate::forms::FormState;
use crate::params::Path;
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff};

const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/surveys/{id}/invitations", get(page).post(upload))
        .route("/surveys/{id}/reminders", post(remind))
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    s: &Survey,
    form: FormState,
    rejected: &[String],
    status: StatusCode,
) -> AppResult<Response> {
    let counts = db::surveys::invitation_counts(&state.db, s.id).await?;
    let html = state.render(
        ctx,
        "surveys/invitations.html",
        context! {
            s => Serde(survey_view(ctx.lang, s)),
            total => counts.total,
            used => counts.used,
            unused => counts.total - counts.used,
            form => form,
            rejected => rejected.to_vec(),
            max => MAX_ADDRESSES,
            is_invitation => s.access == Access::Invitation,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn page(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (s, _) = or_return!(managed(&state, &ctx, id).await);
    render(&state, &ctx, &s, FormState::new(), &[], StatusCode::OK).await
}

pub async fn upload(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut mp: Multipart,
) -> AppResult<Response> {
    let mut text = String::new();
    let mut pasted = String::new();
    let mut upload_problem = None;
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        match field.name().unwrap_or("") {
            "file" => {
                let mut buf = Vec::new();
                let mut too_large = false;
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                    if buf.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        too_large = true;
                        break;
                    }
                    buf.extend_from_slice(&chunk);
                }
                if too_large {
                    upload_problem = Some("survey-error-file-too-large");
                }
                match String::from_utf8(buf) {
                    Ok(t) => text = t,
                    // Spreadsheets exported in Windows-1252 are common; Latin-1 covers addresses.
                    Err(e) => {
                        let bytes = e.into_bytes();
                        if bytes.contains(&0) {
                            upload_problem.get_or_insert("survey-error-file-not-csv");
                        } else {
                            text = bytes.iter().map(|b| *b as char).collect();
                        }
                    }
                }
            }
            "emails" => pasted = field.text().await.map_err(|_| AppError::bad_request())?,
            _ => {}
        }
    }
    let (mut list, mut bad) = addresses(&text);
    let (more, more_bad) = addresses(&pasted);
    for e in more {
        if !list.contains(&e) {
            list.push(e);
        }
    }
    bad.extend(more_bad);
    let input = InviteList {
        addresses: list,
        upload_problem,
    };
    match app::surveys::invitations::invite(&state.app, &staff.actor(), id, &input).await {
        Ok(_) => {
            if !bad.is_empty() {
                let (s, _) = or_return!(managed(&state, &ctx, id).await);
                let form = FormState::new().error("file", "survey-error-some-addresses");
                return render(&state, &ctx, &s, form, &bad, StatusCode::OK).await;
            }
            Ok(redirect(
                &state,
                &format!("/surveys/{id}/invitations"),
                Some("flash-survey-invited"),
            ))
        }
        Err(e) => {
            let (errs, s, _) = or_return!(refused_form(&state, &ctx, id, e).await);
            // The rejected cells explain an empty list.
            let shown: &[String] = if errs.get("file") == Some("survey-error-no-addresses") {
                &bad
            } else {
                &[]
            };
            let form = FormState::new().value("emails", &pasted).errors(&errs);
            render(
                &state,
                &ctx,
                &s,
                form,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn remind(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if let Err(e) = app::surveys::invitations::remind(&state.app, &staff.actor(), id).await {
        return Ok(refusal(&state, &ctx, e));
    }
    Ok(redirect(
        &state,
        &format!("/surveys/{id}/invitations"),
        Some("flash-survey-reminded"),
    ))
}
