//! Notifications: what people are told of, how and when. Commands that change
//! something others follow call `notify_in` in their own transaction; it
//! writes a row per recipient (their list, the header count) and queues the
//! job that mails those who want it at once. The worker composes the daily and
//! weekly digests from the rows left for them.
//!
//! Every mail carries a one-click unsubscribe link (RFC 8058) whose token is
//! signed with the installation's secret: a POST to it turns the kind off
//! without a login.

use chrono::Duration;
use db::notifications::{ALL, DELIVERIES, Event, KINDS, Pending};
use domain::{FieldErrors, Tag};
use i18n::FluentValue;

use crate::{Actor, App, CommandError, CommandResult, Outcome, Tx, mails};

pub use db::notifications::{DELIVER_JOB, Notification};

/// How many notifications one transaction of the mailing job takes.
const BATCH: u64 = 500;
/// How many people one transaction of a digest composes for.
const DIGEST_BATCH: usize = 500;
/// How many notifications the list shows.
const LIST_MAX: u64 = 100;

/// Tells everyone `people` selects (SQL whose one column is named `user_id`,
/// with `params`) of an event, in the caller's transaction: a notification
/// row each, delivered as each person set for `kind` (one of
/// `db::notifications::KINDS`). `except` (usually the actor) is not told.
/// `link` is a local path (`/ideas/7`); `detail` a short text (an excerpt, a
/// decision's reason). Moderation decisions call it with kind `moderation`:
///
/// ```ignore
/// app::notifications::notify_in(&mut tx, "moderation", "/ideas/7", &title, &reason,
///     "SELECT id AS user_id FROM users WHERE id = ?", vec![author_id.into()], None).await?;
/// ```
#[allow(clippy::too_many_arguments)]
pub async fn notify_in(
    tx: &mut Tx<'_>,
    kind: &'static str,
    link: &str,
    title: &str,
    detail: &str,
    people: &str,
    params: Vec<db::notifications::SqlValue>,
    except: Option<i64>,
) -> CommandResult<u64> {
    let event = Event {
        kind,
        link,
        title,
        detail,
    };
    let n = db::notifications::notify(&**tx, &event, people, params, except).await?;
    if n > 0 {
        tx.jobs_queued();
    }
    Ok(n)
}

/// Tells one person (`user_id`) of an event: for decisions about their own
/// contributions.
pub async fn notify_person(
    tx: &mut Tx<'_>,
    user_id: i64,
    kind: &'static str,
    link: &str,
    title: &str,
    detail: &str,
) -> CommandResult<u64> {
    notify_in(
        tx,
        kind,
        link,
        title,
        detail,
        "SELECT id AS user_id FROM users WHERE id = ?",
        vec![user_id.into()],
        None,
    )
    .await
}

/// Tells everyone who follows a process (`kind`: `phase`, `survey`,
/// `results`).
pub async fn notify_process_followers(
    tx: &mut Tx<'_>,
    process_id: i64,
    kind: &'static str,
    link: &str,
    title: &str,
    detail: &str,
) -> CommandResult<u64> {
    notify_in(
        tx,
        kind,
        link,
        title,
        detail,
        "SELECT user_id FROM process_follows WHERE process_id = ?",
        vec![process_id.into()],
        None,
    )
    .await
}

/// The detail of an `ideas` notification: the new status and the
/// official answer, one line apart.
pub fn idea_status_detail(status: &str, answer: &str) -> String {
    format!("{status}\n{answer}")
}

/// Tells an idea's authors, co-authors, supporters and followers of its new
/// status and answer.
pub async fn idea_status(
    tx: &mut Tx<'_>,
    idea_id: i64,
    title: &str,
    status: &str,
    answer: &str,
) -> CommandResult<u64> {
    let link = format!("/ideas/{idea_id}");
    notify_in(
        tx,
        "ideas",
        &link,
        title,
        &idea_status_detail(status, answer),
        "SELECT author_id AS user_id FROM ideas WHERE id = ? \
         UNION SELECT user_id FROM idea_coauthors WHERE idea_id = ? AND accepted_at IS NOT NULL \
         UNION SELECT user_id FROM idea_supports WHERE idea_id = ? \
         UNION SELECT user_id FROM idea_follows WHERE idea_id = ?",
        vec![idea_id.into(); 4],
        None,
    )
    .await
}

/// Follows a process (its new phases, surveys and results) or stops.
pub async fn follow_process(
    app: &App,
    actor: &Actor,
    process_id: i64,
    on: bool,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    crate::processes::load_visible(app, actor, process_id).await?;
    let mut tx = app.begin(actor).await?;
    db::notifications::set_process_follow(&*tx, process_id, user.id, on).await?;
    tx.touch(Tag::User(user.id));
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Whether the actor follows the process.
pub async fn follows_process(app: &App, actor: &Actor, process_id: i64) -> CommandResult<bool> {
    match actor.user_id() {
        Some(id) => Ok(db::notifications::follows_process(&app.db, process_id, id).await?),
        None => Ok(false),
    }
}

/// The actor's latest notifications, newest first.
pub async fn list(app: &App, actor: &Actor) -> CommandResult<Vec<Notification>> {
    let user = actor.user()?;
    Ok(db::notifications::list(&app.db, user.id, LIST_MAX).await?)
}

/// How many notifications the person has not read.
pub async fn unread(app: &App, user_id: i64) -> CommandResult<i64> {
    Ok(db::notifications::unread(&app.db, user_id).await?)
}

/// Marks all of the actor's notifications read.
pub async fn mark_read(app: &App, actor: &Actor) -> CommandResult<Outcome<u64>> {
    let user = actor.user()?;
    let tx = app.begin(actor).await?;
    let n = db::notifications::mark_read(&tx, user.id).await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: n, changes })
}

/// The actor's delivery for every kind, in the order of `KINDS`.
pub async fn settings(app: &App, actor: &Actor) -> CommandResult<Vec<(&'static str, String)>> {
    let user = actor.user()?;
    Ok(db::notifications::settings(&app.db, user.id).await?)
}

/// Saves the delivery of each kind named in `chosen` (kind, delivery); an
/// unknown delivery is refused at its kind's field.
pub async fn save_settings(
    app: &App,
    actor: &Actor,
    chosen: &[(String, String)],
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let mut errors = FieldErrors::new();
    let mut valid = vec![];
    for kind in KINDS {
        let Some((_, d)) = chosen.iter().find(|(k, _)| k == kind) else {
            continue;
        };
        match DELIVERIES.iter().find(|x| **x == d.as_str()) {
            Some(d) => valid.push((kind, *d)),
            None => errors.add(kind, "notifications-error-delivery"),
        }
    }
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let tx = app.begin(actor).await?;
    for (kind, d) in valid {
        db::notifications::set_setting(&tx, user.id, kind, d).await?;
    }
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// The kind an unsubscribe token turns off (`all` for a digest's), if the
/// token is genuine and its person still there.
pub async fn unsubscribe_target(app: &App, token: &str) -> CommandResult<&'static str> {
    match db::notifications::unsubscribe_target(&app.db, token).await? {
        Some((user_id, kind)) if db::accounts::by_id(&app.db, user_id).await?.is_some() => Ok(kind),
        _ => Err(CommandError::NotFound),
    }
}

/// Turns off what an unsubscribe token names, without a login: the token is
/// the permission. Returns the kind (`all` for every kind).
pub async fn unsubscribe(app: &App, token: &str) -> CommandResult<Outcome<&'static str>> {
    let Some((user_id, kind)) = db::notifications::unsubscribe_target(&app.db, token).await? else {
        return Err(CommandError::NotFound);
    };
    if db::accounts::by_id(&app.db, user_id).await?.is_none() {
        return Err(CommandError::NotFound);
    }
    let mut tx = app.begin(&Actor::Anonymous).await?;
    let kinds: Vec<&str> = if kind == ALL {
        KINDS.to_vec()
    } else {
        vec![kind]
    };
    for k in kinds {
        db::notifications::set_setting(&tx, user_id, k, "off").await?;
    }
    tx.touch(Tag::User(user_id));
    let changes = tx.commit().await?;
    tracing::info!(user = user_id, kind, "notifications turned off by link");
    Ok(Outcome {
        value: kind,
        changes,
    })
}

fn lang_of(locale: &str) -> &'static str {
    i18n::supported(locale).unwrap_or(i18n::LANGUAGES[0].0)
}

/// The headers and link of a mail that `kind` (or `all`) can be turned off by.
async fn unsubscribe_parts(
    app: &App,
    user_id: i64,
    kind: &str,
) -> CommandResult<(String, Vec<(String, String)>)> {
    let token = db::notifications::unsubscribe_token(&app.db, user_id, kind).await?;
    let link = app.config.link(&format!("/unsubscribe/{token}"));
    let headers = vec![
        ("List-Unsubscribe".to_owned(), format!("<{link}>")),
        (
            "List-Unsubscribe-Post".to_owned(),
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ];
    Ok((link, headers))
}

/// One line saying what happened, in `lang`.
pub fn describe(app: &App, lang: &str, kind: &str, title: &str, detail: &str) -> String {
    let (status, text) = if kind == "ideas" {
        let (s, a) = detail.split_once('\n').unwrap_or((detail, ""));
        (app.i18n.t(lang, &format!("idea-status-{s}"), &[]), a)
    } else {
        (String::new(), detail)
    };
    let args = [
        ("title", FluentValue::from(title.to_owned())),
        ("detail", FluentValue::from(text.to_owned())),
        ("status", FluentValue::from(status)),
    ];
    app.i18n
        .t(lang, &format!("notification-text-{kind}"), &args)
}

/// The mail of one notification, in its recipient's language.
async fn instant_mail(app: &App, n: &Pending) -> CommandResult<db::jobs::NewJob> {
    let lang = lang_of(&n.locale);
    let (unsubscribe, headers) = unsubscribe_parts(app, n.user_id, &n.kind).await?;
    let link = app.config.link(&n.link);
    let settings = app.config.link("/settings/notifications");
    let (status_name, answer) = match n.detail.split_once('\n') {
        Some((status, answer)) if n.kind == "ideas" => (
            app.i18n.t(lang, &format!("idea-status-{status}"), &[]),
            answer,
        ),
        _ => (String::new(), ""),
    };
    let args = [
        ("name", FluentValue::from(n.display_name.clone())),
        ("title", FluentValue::from(n.title.clone())),
        (
            "text",
            FluentValue::from(describe(app, lang, &n.kind, &n.title, &n.detail)),
        ),
        ("status", FluentValue::from(status_name)),
        ("answer", FluentValue::from(answer.to_owned())),
        ("link", FluentValue::from(link)),
        ("unsubscribe", FluentValue::from(unsubscribe)),
        ("settings", FluentValue::from(settings)),
    ];
    // A status change keeps the mail it always had, with the answer in full.
    let (subject, body) = if n.kind == "ideas" {
        (
            "mail-idea-status-subject".to_owned(),
            "mail-idea-status-body",
        )
    } else {
        (
            format!("notification-mail-subject-{}", n.kind),
            "notification-mail-body",
        )
    };
    let subject = app.i18n.t(lang, &subject, &args);
    let mut text = app.i18n.t(lang, body, &args);
    text.push_str("\n\n");
    text.push_str(&app.i18n.t(lang, "notification-mail-footer", &args));
    Ok(mails::job_with_headers(
        app, &n.email, subject, text, headers,
    ))
}

/// Mails every notification set to `instant` that has not gone out, in
/// batches of one transaction each; returns how many. The job
/// `DELIVER_JOB` runs it.
pub async fn deliver_instant(app: &App) -> CommandResult<usize> {
    let mut total = 0;
    loop {
        let mut tx = app.begin(&Actor::System).await?;
        let pending = db::notifications::take_instant(&tx, BATCH).await?;
        if pending.is_empty() {
            return Ok(total);
        }
        for n in &pending {
            let job = instant_mail(app, n).await?;
            db::jobs::enqueue(&*tx, job).await?;
        }
        let ids: Vec<i64> = pending.iter().map(|n| n.id).collect();
        db::notifications::mark_mailed(&tx, &ids).await?;
        tx.jobs_queued();
        tx.commit().await?;
        total += pending.len();
    }
}

/// Composes the `frequency` digest (`daily` or `weekly`): one mail per person
/// with notifications waiting for it, listing them. Returns how many mails.
pub async fn compose_digests(app: &App, frequency: &'static str) -> CommandResult<usize> {
    let people = db::notifications::digest_recipients(&app.db, frequency).await?;
    let mut mails_queued = 0;
    for chunk in people.chunks(DIGEST_BATCH) {
        let mut tx = app.begin(&Actor::System).await?;
        let rows = db::notifications::take_digest(&tx, frequency, chunk).await?;
        let mut ids = Vec::with_capacity(rows.len());
        for person in rows.chunk_by(|a, b| a.user_id == b.user_id) {
            let Some(first) = person.first() else {
                continue;
            };
            let job = digest_mail(app, frequency, person, first).await?;
            db::jobs::enqueue(&*tx, job).await?;
            ids.extend(person.iter().map(|n| n.id));
            mails_queued += 1;
        }
        db::notifications::mark_mailed(&tx, &ids).await?;
        tx.jobs_queued();
        tx.commit().await?;
    }
    Ok(mails_queued)
}

async fn digest_mail(
    app: &App,
    frequency: &str,
    items: &[Pending],
    first: &Pending,
) -> CommandResult<db::jobs::NewJob> {
    let lang = lang_of(&first.locale);
    let (unsubscribe, headers) = unsubscribe_parts(app, first.user_id, ALL).await?;
    let mut list = String::new();
    for n in items {
        list.push_str("- ");
        list.push_str(&describe(app, lang, &n.kind, &n.title, &n.detail));
        list.push_str("\n  ");
        list.push_str(&app.config.link(&n.link));
        list.push('\n');
    }
    let args = [
        ("name", FluentValue::from(first.display_name.clone())),
        ("count", FluentValue::from(items.len() as i64)),
        ("list", FluentValue::from(list)),
        ("unsubscribe", FluentValue::from(unsubscribe)),
        (
            "settings",
            FluentValue::from(app.config.link("/settings/notifications")),
        ),
    ];
    let subject = app.i18n.t(
        lang,
        &format!("notification-digest-subject-{frequency}"),
        &args,
    );
    let mut text = app.i18n.t(lang, "notification-digest-body", &args);
    text.push_str("\n\n");
    text.push_str(&app.i18n.t(lang, "notification-digest-footer", &args));
    Ok(mails::job_with_headers(
        app,
        &first.email,
        subject,
        text,
        headers,
    ))
}

/// Composes the digests that are due (daily after a day, weekly after a
/// week since the last); the worker calls it now and then.
pub async fn digests_due(app: &App) -> CommandResult<usize> {
    let mut n = 0;
    for (frequency, every) in [("daily", Duration::days(1)), ("weekly", Duration::days(7))] {
        let tx = app.begin(&Actor::System).await?;
        let due = db::notifications::digest_due(&tx, frequency, every).await?;
        tx.commit().await?;
        if due {
            n += compose_digests(app, frequency).await?;
        }
    }
    Ok(n)
}

/// Phases begun this long ago at most are still announced (a worker that was
/// down for a while catches up; a process published long after its start
/// does not announce old phases).
const PHASE_NEWS_DAYS: i64 = 7;

/// Tells the followers of each published process that a phase began, once
/// per phase: the latest phase begun by today, if it began recently. Returns
/// how many phases were announced.
pub async fn notice_phases(app: &App) -> CommandResult<usize> {
    let today = crate::today();
    let mut announced = 0;
    for p in db::notifications::followed_processes(&app.db).await? {
        let begun = [
            ("information", p.information_from),
            ("participation", p.participation_from),
            ("evaluation", p.evaluation_from),
            ("result", p.result_from),
        ]
        .into_iter()
        .filter_map(|(name, from)| from.filter(|d| *d <= today).map(|d| (name, d)))
        .max_by_key(|(_, d)| *d);
        let Some((phase, from)) = begun else {
            continue;
        };
        let mut tx = app.begin(&Actor::System).await?;
        if db::notifications::note_phase(&tx, p.id, phase).await?
            && (today - from).num_days() <= PHASE_NEWS_DAYS
        {
            notify_process_followers(
                &mut tx,
                p.id,
                "phase",
                &format!("/processes/{}", p.id),
                &p.title,
                phase,
            )
            .await?;
            announced += 1;
        }
        tx.commit().await?;
    }
    Ok(announced)
}
