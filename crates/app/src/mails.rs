//! The mails the accounts feature sends, in the reader's language. They are
//! queued as jobs in the same transaction as the change they report.

use db::jobs::NewJob;
use i18n::FluentValue;
use mail::Mail;

use crate::App;

pub const JOB_KIND: &str = "mail";

pub fn job(app: &App, to: &str, subject: String, text: String) -> NewJob {
    job_with_headers(app, to, subject, text, vec![])
}

/// A mail with further headers (`List-Unsubscribe`).
pub fn job_with_headers(
    app: &App,
    to: &str,
    subject: String,
    text: String,
    headers: Vec<(String, String)>,
) -> NewJob {
    let domain = app
        .config
        .public_url
        .host_str()
        .unwrap_or("mitreden.invalid");
    let mail = Mail {
        to: to.to_owned(),
        subject,
        text,
        message_id: Some(mail::new_message_id(domain)),
        headers,
    };
    NewJob {
        kind: JOB_KIND,
        // A struct of strings always serializes.
        payload: serde_json::to_string(&mail).unwrap_or_default(),
    }
}

fn compose(state: &App, lang: &str, to: &str, name: &str, key: &str, link: &str) -> NewJob {
    let args = [
        ("name", FluentValue::from(name.to_owned())),
        ("link", FluentValue::from(link.to_owned())),
    ];
    let subject = state.i18n.t(lang, &format!("{key}-subject"), &args);
    let text = state.i18n.t(lang, &format!("{key}-body"), &args);
    job(state, to, subject, text)
}

pub fn verify_email(state: &App, lang: &str, to: &str, name: &str, token: &str) -> NewJob {
    let link = state.config.link(&format!("/verify/{token}"));
    compose(state, lang, to, name, "mail-verify", &link)
}

pub fn reset_password(state: &App, lang: &str, to: &str, name: &str, token: &str) -> NewJob {
    let link = state.config.link(&format!("/password/reset/{token}"));
    compose(state, lang, to, name, "mail-reset", &link)
}

pub fn confirm_new_email(state: &App, lang: &str, to: &str, name: &str, token: &str) -> NewJob {
    let link = state
        .config
        .link(&format!("/settings/email/confirm/{token}"));
    compose(state, lang, to, name, "mail-change-email", &link)
}

/// Tells the owner of an address that someone tried to register with it, in
/// the owner's language, with the ways in if it was them.
pub fn registration_attempt(state: &App, to: &db::accounts::User) -> NewJob {
    let lang = i18n::supported(&to.locale).unwrap_or(i18n::LANGUAGES[0].0);
    let args = [
        ("name", FluentValue::from(to.display_name.clone())),
        ("login", FluentValue::from(state.config.link("/login"))),
        (
            "reset",
            FluentValue::from(state.config.link("/password/forgot")),
        ),
    ];
    let subject = state
        .i18n
        .t(lang, "mail-registration-attempt-subject", &args);
    let text = state.i18n.t(lang, "mail-registration-attempt-body", &args);
    job(state, &to.email, subject, text)
}

/// Tells a follower of an idea that its status changed, with the answer.
pub fn idea_status(
    state: &App,
    to: &db::ideas::Recipient,
    title: &str,
    status: &str,
    answer: &str,
    link: &str,
) -> NewJob {
    let lang = i18n::supported(&to.locale).unwrap_or(i18n::LANGUAGES[0].0);
    let status_name = state.i18n.t(lang, &format!("idea-status-{status}"), &[]);
    let args = [
        ("name", FluentValue::from(to.name.clone())),
        ("title", FluentValue::from(title.to_owned())),
        ("status", FluentValue::from(status_name)),
        ("answer", FluentValue::from(answer.to_owned())),
        ("link", FluentValue::from(link.to_owned())),
    ];
    let subject = state.i18n.t(lang, "mail-idea-status-subject", &args);
    let text = state.i18n.t(lang, "mail-idea-status-body", &args);
    job(state, &to.email, subject, text)
}

/// Invites a registered person to write an idea together.
pub fn coauthor_invitation(
    state: &App,
    to: &db::accounts::User,
    from: &str,
    title: &str,
    link: &str,
) -> NewJob {
    let lang = i18n::supported(&to.locale).unwrap_or(i18n::LANGUAGES[0].0);
    let args = [
        ("name", FluentValue::from(to.display_name.clone())),
        ("from", FluentValue::from(from.to_owned())),
        ("title", FluentValue::from(title.to_owned())),
        ("link", FluentValue::from(link.to_owned())),
    ];
    let subject = state.i18n.t(lang, "mail-coauthor-subject", &args);
    let text = state.i18n.t(lang, "mail-coauthor-body", &args);
    job(state, &to.email, subject, text)
}

/// Reminds one of a department's staff that an idea awaits its official
/// answer by its deadline.
pub fn answer_reminder(state: &App, r: &db::accountability::Reminder, link: &str) -> NewJob {
    let lang = i18n::supported(&r.locale).unwrap_or(i18n::LANGUAGES[0].0);
    let deadline = chrono::NaiveDate::parse_from_str(&r.deadline, "%Y-%m-%d")
        .map(|d| domain::dates::date(d, lang))
        .unwrap_or_else(|_| r.deadline.clone());
    let args = [
        ("name", FluentValue::from(r.name.clone())),
        ("title", FluentValue::from(r.title.clone())),
        ("deadline", FluentValue::from(deadline)),
        ("link", FluentValue::from(link.to_owned())),
    ];
    let subject = state.i18n.t(lang, "mail-answer-reminder-subject", &args);
    let text = state.i18n.t(lang, "mail-answer-reminder-body", &args);
    job(state, &r.email, subject, text)
}
