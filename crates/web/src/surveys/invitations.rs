//! Invitations to closed surveys: staff upload a list of addresses (CSV or
//! pasted), each address gets a mail with a one-time link; reminders go only to
//! those who have not answered, each with a fresh link (earlier ones stay valid).

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::surveys::{Invite, Survey};
use domain::surveys::Access;
use i18n::FluentValue;
use minijinja::context;
use minijinja::value::Serde;

use super::managed;
use super::view::survey_view;
use crate::accounts::redirect;
use crate::forms::FormState;
use crate::security::{random_token, token_hash};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, i18n, mails};

/// Addresses one upload may hold.
pub const MAX_ADDRESSES: usize = 20_000;
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

/// Every address in a CSV file or a pasted list: any cell with an `@`,
/// normalized; the cells that look like an address but are not valid.
fn addresses(text: &str) -> (Vec<String>, Vec<String>) {
    let mut ok: Vec<String> = vec![];
    let mut bad = vec![];
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if text.contains(';') { b';' } else { b',' })
        .from_reader(text.as_bytes());
    for record in rdr.records() {
        let Ok(record) = record else { continue };
        for cell in record.iter() {
            for part in cell.split_whitespace() {
                if !part.contains('@') {
                    continue;
                }
                let part = part.trim_matches(|c: char| c == '<' || c == '>' || c == '"');
                match domain::accounts::normalize_email("email", part) {
                    Ok(e) if !ok.contains(&e) => ok.push(e),
                    Ok(_) => {}
                    Err(_) => bad.push(part.chars().take(100).collect()),
                }
            }
        }
    }
    (ok, bad)
}

fn invitation_mail(
    state: &AppState,
    s: &Survey,
    to: &str,
    token: &str,
    reminder: bool,
) -> db::jobs::NewJob {
    // Invitees have no account; the survey is announced in the platform's first language.
    let lang = i18n::LANGUAGES[0].0;
    let link = state.config.link(&format!("/surveys/t/{token}"));
    let args = [
        ("title", FluentValue::from(s.title.clone())),
        ("link", FluentValue::from(link)),
        (
            "closes",
            FluentValue::from(
                s.closes_on
                    .map(|d| crate::dates::date(d, lang))
                    .unwrap_or_default(),
            ),
        ),
    ];
    let key = if reminder {
        "mail-survey-reminder"
    } else {
        "mail-survey-invitation"
    };
    let subject = state.i18n.t(lang, &format!("{key}-subject"), &args);
    let text = state.i18n.t(lang, &format!("{key}-body"), &args);
    mails::job(to, subject, text)
}

pub async fn upload(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut mp: Multipart,
) -> AppResult<Response> {
    let (s, _) = or_return!(managed(&state, &ctx, id).await);
    let mut text = String::new();
    let mut pasted = String::new();
    let mut too_large = false;
    let mut not_text = false;
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        match field.name().unwrap_or("") {
            "file" => {
                let mut buf = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                    if buf.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        too_large = true;
                        break;
                    }
                    buf.extend_from_slice(&chunk);
                }
                match String::from_utf8(buf) {
                    Ok(t) => text = t,
                    // Spreadsheets exported in Windows-1252 are common; Latin-1 covers addresses.
                    Err(e) => {
                        let bytes = e.into_bytes();
                        if bytes.contains(&0) {
                            not_text = true;
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
    let keep = FormState::new().value("emails", &pasted);
    if s.access != Access::Invitation {
        return render(
            &state,
            &ctx,
            &s,
            keep.error("file", "survey-error-not-invitation"),
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if too_large {
        return render(
            &state,
            &ctx,
            &s,
            keep.error("file", "survey-error-file-too-large"),
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if not_text {
        return render(
            &state,
            &ctx,
            &s,
            keep.error("file", "survey-error-file-not-csv"),
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let (mut list, mut bad) = addresses(&text);
    let (more, more_bad) = addresses(&pasted);
    for e in more {
        if !list.contains(&e) {
            list.push(e);
        }
    }
    bad.extend(more_bad);
    if list.is_empty() {
        return render(
            &state,
            &ctx,
            &s,
            keep.error("file", "survey-error-no-addresses"),
            &bad,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if list.len() > MAX_ADDRESSES {
        return render(
            &state,
            &ctx,
            &s,
            keep.error("file", "survey-error-too-many-addresses"),
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let known = db::surveys::invited_emails(&state.db, id).await?;
    let mut invites = vec![];
    for email in list.into_iter().filter(|e| !known.contains(e)) {
        let token = random_token().map_err(AppError::internal)?;
        invites.push(Invite {
            invitation_id: None,
            mail: invitation_mail(&state, &s, &email, &token, false),
            email,
            token_hash: token_hash(&token),
        });
    }
    let sent = db::surveys::invite(&state.db, id, invites).await?;
    state.jobs_waiting.notify_one();
    tracing::info!(survey = id, invitations = sent, "survey invitations queued");
    if !bad.is_empty() {
        let form = FormState::new().error("file", "survey-error-some-addresses");
        return render(&state, &ctx, &s, form, &bad, StatusCode::OK).await;
    }
    Ok(redirect(
        &state,
        &format!("/surveys/{id}/invitations"),
        Some("flash-survey-invited"),
    ))
}

pub async fn remind(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (s, _) = or_return!(managed(&state, &ctx, id).await);
    let mut invites = vec![];
    for (inv_id, email) in db::surveys::unused_invitations(&state.db, id).await? {
        let token = random_token().map_err(AppError::internal)?;
        invites.push(Invite {
            invitation_id: Some(inv_id),
            mail: invitation_mail(&state, &s, &email, &token, true),
            email,
            token_hash: token_hash(&token),
        });
    }
    let sent = db::surveys::invite(&state.db, id, invites).await?;
    state.jobs_waiting.notify_one();
    tracing::info!(survey = id, reminders = sent, "survey reminders queued");
    Ok(redirect(
        &state,
        &format!("/surveys/{id}/invitations"),
        Some("flash-survey-reminded"),
    ))
}

#[cfg(test)]
mod tests {
    use super::addresses;

    #[test]
    fn addresses_are_found_in_any_column_once() {
        let (ok, bad) = addresses(
            "Name;E-Mail\nAnna;anna@example.org\nBen;BEN@Example.org\nAnna;anna@example.org\nX;kaputt@\n",
        );
        assert_eq!(ok, ["anna@example.org", "ben@example.org"]);
        assert_eq!(bad, ["kaputt@"]);
        let (ok, _) = addresses("a@example.org, b@example.org\nc@example.org");
        assert_eq!(ok.len(), 3);
    }
}
