//! Invitations to closed surveys: a list of addresses, each with a mail that
//! carries a one-time link; reminders only to those who have not answered,
//! each with a fresh link (earlier ones stay valid until the invitation is
//! used). Tokens are stored only as hashes; mails are queued in the same
//! transaction as the invitations.

use db::surveys::{Invite, Survey};
use domain::dates::date;
use domain::surveys::Access;
use i18n::FluentValue;

use crate::security::{random_token, token_hash};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Addresses one upload may hold.
pub const MAX_ADDRESSES: usize = 20_000;

/// Every address in a CSV file or a pasted list: any cell with an `@`,
/// normalized, once; and the cells that look like an address but are not valid.
pub fn addresses(text: &str) -> (Vec<String>, Vec<String>) {
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

fn mail(app: &App, s: &Survey, to: &str, token: &str, reminder: bool) -> db::jobs::NewJob {
    // Invitees have no account; the survey is announced in the platform's first language.
    let lang = i18n::LANGUAGES[0].0;
    let link = app.config.link(&format!("/surveys/t/{token}"));
    let args = [
        ("title", FluentValue::from(s.title.clone())),
        ("link", FluentValue::from(link)),
        (
            "closes",
            FluentValue::from(s.closes_on.map(|d| date(d, lang)).unwrap_or_default()),
        ),
    ];
    let key = if reminder {
        "mail-survey-reminder"
    } else {
        "mail-survey-invitation"
    };
    let subject = app.i18n.t(lang, &format!("{key}-subject"), &args);
    let text = app.i18n.t(lang, &format!("{key}-body"), &args);
    crate::mails::job(app, to, subject, text)
}

/// An uploaded list of addresses.
#[derive(Debug, Clone, Default)]
pub struct InviteList {
    /// The addresses found (`addresses`), once each.
    pub addresses: Vec<String>,
    /// Why the uploaded file could not be read (a message key), if so.
    pub upload_problem: Option<&'static str>,
}

/// Invites every address of the list not yet invited (the survey's staff;
/// invitation surveys only). Refusals name the `file` field. Returns how
/// many mails were queued.
pub async fn invite(
    app: &App,
    actor: &Actor,
    id: i64,
    list: &InviteList,
) -> CommandResult<Outcome<usize>> {
    let (s, _) = super::managed(app, actor, id).await?;
    if s.access != Access::Invitation {
        return Err(CommandError::refused("file", "survey-error-not-invitation"));
    }
    if let Some(key) = list.upload_problem {
        return Err(CommandError::field("file", key));
    }
    if list.addresses.is_empty() {
        return Err(CommandError::field("file", "survey-error-no-addresses"));
    }
    if list.addresses.len() > MAX_ADDRESSES {
        return Err(CommandError::field(
            "file",
            "survey-error-too-many-addresses",
        ));
    }
    let known = db::surveys::invited_emails(&app.db, id).await?;
    let mut invites = vec![];
    for email in list.addresses.iter().filter(|e| !known.contains(e)) {
        let token = random_token().map_err(CommandError::internal)?;
        invites.push(Invite {
            invitation_id: None,
            mail: mail(app, &s, email, &token, false),
            email: email.clone(),
            token_hash: token_hash(&token),
        });
    }
    let mut tx = app.begin(actor).await?;
    let sent = db::surveys::invite(&tx, id, invites).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(survey = id, invitations = sent, "survey invitations queued");
    Ok(Outcome {
        value: sent,
        changes,
    })
}

/// Reminds everyone invited who has not answered, each with a new link.
pub async fn remind(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<usize>> {
    let (s, _) = super::managed(app, actor, id).await?;
    let mut invites = vec![];
    for (inv_id, email) in db::surveys::unused_invitations(&app.db, id).await? {
        let token = random_token().map_err(CommandError::internal)?;
        invites.push(Invite {
            invitation_id: Some(inv_id),
            mail: mail(app, &s, &email, &token, true),
            email,
            token_hash: token_hash(&token),
        });
    }
    let mut tx = app.begin(actor).await?;
    let sent = db::surveys::invite(&tx, id, invites).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(survey = id, reminders = sent, "survey reminders queued");
    Ok(Outcome {
        value: sent,
        changes,
    })
}

/// Brings in past invitations without links or mails, (address, used): for
/// the demo loader.
pub async fn import_invitations(
    app: &App,
    actor: &Actor,
    id: i64,
    invitations: &[(String, bool)],
) -> CommandResult<Outcome<()>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    db::surveys::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let tx = app.begin(actor).await?;
    db::surveys::results::insert_invitations(&tx, id, invitations).await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
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
