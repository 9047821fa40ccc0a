//! Held contributions: in a pre-moderated process, and whatever the spam
//! rules catch, a new comment waits for a moderator. Until then only its
//! author (with the mark "awaiting review") and moderators see it; approved,
//! it appears everywhere at once; rejected, its author gets the reason.

use db::accounts::User;
use domain::{FieldErrors, Tag};
use i18n::FluentValue;

use crate::comments::{Discussion, discussion};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// How long a rejection's reason may be.
pub const REASON_MAX_CHARS: usize = 2000;

fn moderates(actor: &Actor) -> CommandResult<()> {
    match actor {
        Actor::Anonymous => Err(CommandError::LoginRequired),
        _ if actor.moderates() => Ok(()),
        _ => Err(CommandError::Forbidden),
    }
}

/// Whether a new contribution of `author` with `text` in `d` waits for a
/// moderator, and why. Moderators and staff are never held.
pub async fn hold_for(
    app: &App,
    process_id: i64,
    author: &User,
    text: &str,
) -> CommandResult<Option<&'static str>> {
    if author.role != domain::Role::Citizen {
        return Ok(None);
    }
    let rules = SpamRules::of(&db::site::settings(&app.db).await?);
    if rules.suspects(author, text, chrono::Utc::now()) {
        return Ok(Some(db::holds::SPAM));
    }
    if db::holds::premoderated(app.db.conn(), process_id).await? {
        return Ok(Some(db::holds::REVIEW));
    }
    Ok(None)
}

const BLOCKED_WORDS: &str = "spam_blocked_words";
const NEW_ACCOUNT_DAYS: &str = "spam_new_account_days";
const NEW_ACCOUNT_LINKS: &str = "spam_new_account_links";

/// What administrators set against spam (kept in `site_settings`): words
/// that hold a contribution, and how many links an account younger than
/// `new_account_days` may post in one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpamRules {
    /// Lower case, one per entry.
    pub blocked_words: Vec<String>,
    pub new_account_days: u32,
    pub new_account_links: u32,
}

impl SpamRules {
    pub fn of(settings: &std::collections::BTreeMap<String, String>) -> SpamRules {
        let num = |k: &str| {
            settings
                .get(k)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .unwrap_or(0)
        };
        SpamRules {
            blocked_words: settings
                .get(BLOCKED_WORDS)
                .map(|v| parse_words(v))
                .unwrap_or_default(),
            new_account_days: num(NEW_ACCOUNT_DAYS),
            new_account_links: num(NEW_ACCOUNT_LINKS),
        }
    }

    /// Whether `text` by `author` looks like spam: a blocked word in it, or
    /// more links than a new account may post.
    pub fn suspects(&self, author: &User, text: &str, now: chrono::DateTime<chrono::Utc>) -> bool {
        let lower = text.to_lowercase();
        if self
            .blocked_words
            .iter()
            .any(|w| lower.contains(w.as_str()))
        {
            return true;
        }
        let young =
            now - author.created_at < chrono::Duration::days(i64::from(self.new_account_days));
        young && links(&lower) > self.new_account_links as usize
    }
}

/// The entries of a list of blocked words: one per line or comma-separated.
fn parse_words(v: &str) -> Vec<String> {
    v.split(['\n', ','])
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many links a text holds.
fn links(lower: &str) -> usize {
    lower.matches("http://").count()
        + lower.matches("https://").count()
        + lower.matches("www.").count()
        - lower.matches("://www.").count()
}

/// Saves the spam rules; administrators only.
pub async fn save_spam_rules(
    app: &App,
    actor: &Actor,
    words: &str,
    days: &str,
    links: &str,
) -> CommandResult<Outcome<()>> {
    crate::admin::administers(actor)?;
    let mut errors = FieldErrors::new();
    let num = |v: &str, field: &'static str, errors: &mut FieldErrors| match v.trim() {
        "" => Some(0),
        t => match t.parse::<u32>() {
            Ok(n) if n <= 10_000 => Some(n),
            _ => {
                errors.add(field, "holds-error-number");
                None
            }
        },
    };
    let days = num(days, "new_account_days", &mut errors);
    let links = num(links, "new_account_links", &mut errors);
    if words.chars().count() > 20_000 {
        errors.add("blocked_words", "holds-error-words-too-long");
    }
    let (Some(days), Some(links)) = (days, links) else {
        return Err(CommandError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let words = parse_words(words).join("\n");
    let tx = app.begin(actor).await?;
    db::site::set(&tx, BLOCKED_WORDS, Some(&words)).await?;
    db::site::set(&tx, NEW_ACCOUNT_DAYS, Some(&days.to_string())).await?;
    db::site::set(&tx, NEW_ACCOUNT_LINKS, Some(&links.to_string())).await?;
    tx.audit(
        "settings.spam",
        "site",
        &format!("days={days} links={links}"),
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// The spam rules as stored; administrators only.
pub async fn spam_rules(app: &App, actor: &Actor) -> CommandResult<SpamRules> {
    crate::admin::administers(actor)?;
    Ok(SpamRules::of(&db::site::settings(&app.db).await?))
}

/// The comments waiting for a moderator, oldest first.
pub async fn held_comments(app: &App, actor: &Actor) -> CommandResult<Vec<db::holds::HeldComment>> {
    moderates(actor)?;
    Ok(db::holds::held_comments(&app.db).await?)
}

async fn discussion_of(app: &App, id: i64) -> CommandResult<Discussion> {
    let c = db::comments::get(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let subject =
        db::comments::Subject::of(&c.subject_kind, c.subject_id).ok_or(CommandError::NotFound)?;
    discussion(app, &Actor::System, subject).await
}

/// Approves a held comment: it appears in its thread, the counts, the search
/// and on every open live page.
pub async fn approve_comment(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let d = discussion_of(app, id).await?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::approve_comment(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all(d.tags());
    tx.touch(Tag::User(decision.author_id));
    tx.comment_written(id);
    tx.audit("comment.approve", &format!("comment:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Rejects a held comment with a reason, which is mailed to its author.
pub async fn reject_comment(
    app: &App,
    actor: &Actor,
    id: i64,
    reason: &str,
) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let reason = check_reason(reason)?;
    let d = discussion_of(app, id).await?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::reject_comment(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all(d.tags());
    tx.touch(Tag::User(decision.author_id));
    let title = match &d.idea {
        Some(i) => i.title.clone(),
        None => d.process.title.clone(),
    };
    mail_rejection(app, &mut tx, decision.author_id, title, reason).await?;
    tx.audit("comment.reject", &format!("comment:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// A rejection's reason, trimmed, or the message at the field.
fn check_reason(reason: &str) -> CommandResult<&str> {
    let reason = reason.trim();
    let mut errors = FieldErrors::new();
    if reason.is_empty() {
        errors.add("reason", "error-required");
    } else if reason.chars().count() > REASON_MAX_CHARS {
        errors.add("reason", "holds-error-reason-too-long");
    }
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    Ok(reason)
}

/// Queues the mail that tells the author of a rejected contribution (on
/// `title`) why, in the rejection's transaction.
async fn mail_rejection(
    app: &App,
    tx: &mut crate::tx::Tx<'_>,
    author_id: i64,
    title: String,
    reason: &str,
) -> CommandResult<()> {
    let Some(author) = db::accounts::by_id(&app.db, author_id)
        .await?
        .filter(|u| !db::data_rights::is_tombstone(&u.email))
    else {
        return Ok(());
    };
    let lang = i18n::supported(&author.locale).unwrap_or(i18n::LANGUAGES[0].0);
    let args = [
        ("name", FluentValue::from(author.display_name.clone())),
        ("title", FluentValue::from(title)),
        ("reason", FluentValue::from(reason.to_owned())),
    ];
    let subject = app.i18n.t(lang, "mail-held-rejected-subject", &args);
    let text = app.i18n.t(lang, "mail-held-rejected-body", &args);
    db::jobs::enqueue(&**tx, crate::mails::job(app, &author.email, subject, text)).await?;
    tx.jobs_queued();
    Ok(())
}

/// The ideas waiting for a moderator, oldest first.
pub async fn held_ideas(app: &App, actor: &Actor) -> CommandResult<Vec<db::holds::HeldIdea>> {
    moderates(actor)?;
    Ok(db::holds::held_ideas(&app.db).await?)
}

/// Approves a held idea: it appears in the lists, the map, the search and
/// the counts of its process, on every instance at once.
pub async fn approve_idea(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::approve_idea(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all([
        Tag::Idea(id),
        Tag::Process(decision.process_id),
        Tag::Lists,
        Tag::Search,
        Tag::User(decision.author_id),
    ]);
    tx.audit("idea.approve", &format!("idea:{id}"), "").await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Rejects a held idea with a reason, which is mailed to its author.
pub async fn reject_idea(
    app: &App,
    actor: &Actor,
    id: i64,
    reason: &str,
) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let reason = check_reason(reason)?;
    let mut tx = app.begin(actor).await?;
    let Some(decision) = db::holds::reject_idea(&tx, id).await? else {
        return Err(CommandError::NotFound);
    };
    tx.touch_all([Tag::Idea(id), Tag::User(decision.author_id)]);
    mail_rejection(app, &mut tx, decision.author_id, decision.title, reason).await?;
    tx.audit("idea.reject", &format!("idea:{id}"), "").await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}
