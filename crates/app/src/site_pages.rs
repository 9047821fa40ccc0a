//! The legal and information pages: administrators write them; anyone sends
//! feedback on the platform's accessibility, which reaches the
//! administrators by mail (BITV 2.0 asks for such a way).

use domain::site_pages::{BODY_MAX_CHARS, SitePage};
use domain::{FieldErrors, Tag};
use i18n::FluentValue;

use crate::accounts::exceeds;
use crate::admin::administers;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Replaces the text of `page` in `lang` (Markdown); an empty text brings
/// back the built-in one.
pub async fn save(
    app: &App,
    actor: &Actor,
    page: SitePage,
    lang: &str,
    body_md: &str,
) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let Some(lang) = i18n::supported(lang) else {
        return Err(CommandError::NotFound);
    };
    if body_md.chars().count() > BODY_MAX_CHARS {
        return Err(CommandError::Invalid(FieldErrors::one(
            "body",
            "error-site-page-too-long",
        )));
    }
    let mut tx = app.begin(actor).await?;
    db::site_pages::save_in(&*tx, page.slug(), lang, body_md).await?;
    // The footer links every page; the page itself is shared by everyone.
    tx.touch(Tag::All);
    tx.audit("site_page.save", &format!("page:{}", page.slug()), lang)
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        page = page.slug(),
        lang,
        by = actor.user_id(),
        "site page saved"
    );
    Ok(Outcome { value: (), changes })
}

/// Feedback on a barrier met on the platform.
pub struct Feedback {
    pub message: String,
    /// Where to answer, if the sender wants an answer.
    pub reply_to: String,
    /// The page the barrier was on.
    pub page: String,
    pub ip: String,
}

/// The longest feedback, in characters.
const FEEDBACK_MAX_CHARS: usize = 5_000;

/// Mails the feedback to every administrator, in one transaction.
pub async fn accessibility_feedback(
    app: &App,
    actor: &Actor,
    f: Feedback,
) -> CommandResult<Outcome<()>> {
    let mut errors = FieldErrors::new();
    let message = f.message.trim();
    if message.is_empty() {
        errors.add("message", "error-required");
    } else if message.chars().count() > FEEDBACK_MAX_CHARS {
        errors.add("message", "error-feedback-too-long");
    }
    let reply_to = f.reply_to.trim();
    let reply_to = if reply_to.is_empty() {
        None
    } else {
        errors.check(domain::accounts::normalize_email("reply_to", reply_to))
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let limit = app.config.rate_limits.mail_per_ip;
    if exceeds(app, &format!("feedback-ip:{}", f.ip), limit).await? {
        return Err(CommandError::RateLimited("message", "error-rate-limited"));
    }
    let admins = db::site_pages::administrator_addresses(&app.db).await?;
    let mut tx = app.begin(actor).await?;
    for (email, name, locale) in &admins {
        let lang = i18n::supported(locale).unwrap_or(i18n::LANGUAGES[0].0);
        let none = app.i18n.t(lang, "feedback-no-reply-address", &[]);
        let args = [
            ("name", FluentValue::from(name.clone())),
            ("message", FluentValue::from(message.to_owned())),
            ("reply", FluentValue::from(reply_to.clone().unwrap_or(none))),
            ("page", FluentValue::from(f.page.trim().to_owned())),
        ];
        let subject = app
            .i18n
            .t(lang, "mail-accessibility-feedback-subject", &args);
        let text = app.i18n.t(lang, "mail-accessibility-feedback-body", &args);
        db::jobs::enqueue(&*tx, crate::mails::job(app, email, subject, text)).await?;
    }
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(administrators = admins.len(), "accessibility feedback sent");
    Ok(Outcome { value: (), changes })
}
