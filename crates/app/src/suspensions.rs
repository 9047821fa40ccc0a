//! Suspensions: a moderator or administrator suspends a person until a day
//! or for good, with a reason the person is shown. A suspended person reads
//! but cannot write: `Tx::begin` refuses every command of theirs (except
//! logging out and securing or deleting their own account).

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use db::suspensions::Suspension;
use domain::{FieldErrors, Role, Tag};

use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// How long a reason may be.
pub const REASON_MAX_CHARS: usize = 2000;

/// What a moderator asks for.
#[derive(Debug, Clone)]
pub struct Suspend {
    pub user_id: i64,
    pub reason: String,
    /// The last day of the suspension; None for good.
    pub until: Option<NaiveDate>,
}

fn moderates(actor: &Actor) -> CommandResult<()> {
    match actor {
        Actor::Anonymous => Err(CommandError::LoginRequired),
        _ if actor.moderates() => Ok(()),
        _ => Err(CommandError::Forbidden),
    }
}

/// The moment a suspension whose last day is `until` ends: the start of the
/// next day where the platform is.
pub fn ends_at(until: NaiveDate) -> Option<DateTime<Utc>> {
    let next = until.checked_add_days(Days::new(1))?;
    chrono::Local
        .from_local_datetime(&next.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The last day of a suspension that ends at `ends_at`, as it is shown.
pub fn last_day(ends_at: DateTime<Utc>) -> NaiveDate {
    (ends_at - chrono::Duration::seconds(1))
        .with_timezone(&chrono::Local)
        .date_naive()
}

/// Suspends a person. Moderators may not suspend administrators, nobody
/// suspends themselves.
pub async fn suspend(app: &App, actor: &Actor, s: Suspend) -> CommandResult<Outcome<i64>> {
    moderates(actor)?;
    let mut errors = FieldErrors::new();
    let reason = s.reason.trim();
    if reason.is_empty() {
        errors.add("reason", "error-required");
    } else if reason.chars().count() > REASON_MAX_CHARS {
        errors.add("reason", "holds-error-reason-too-long");
    }
    let ends_at = match s.until {
        None => None,
        Some(d) if d < crate::today() => {
            errors.add("until", "holds-error-until-past");
            None
        }
        Some(d) => ends_at(d),
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let Some(target) = db::accounts::by_id(&app.db, s.user_id)
        .await?
        .filter(|u| !db::data_rights::is_tombstone(&u.email))
    else {
        return Err(CommandError::NotFound);
    };
    if actor.user_id() == Some(target.id) {
        return Err(CommandError::refused("reason", "holds-error-suspend-self"));
    }
    if target.role == Role::Admin && actor.role() != Some(Role::Admin) {
        return Err(CommandError::Forbidden);
    }
    let mut tx = app.begin(actor).await?;
    let id =
        db::suspensions::create_in(&tx, target.id, reason, ends_at, actor.user_id(), db::now())
            .await?;
    // Their kept session and the pages made for them now show the notice.
    tx.touch(Tag::User(target.id));
    let details = match s.until {
        Some(d) => format!("until={d}"),
        None => "for-good".to_owned(),
    };
    tx.audit("user.suspend", &format!("user:{}", target.id), &details)
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(user = target.id, by = actor.user_id(), "suspended");
    Ok(Outcome { value: id, changes })
}

/// Lifts a suspension before its end.
pub async fn lift(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    moderates(actor)?;
    let Some(s) = db::suspensions::get(&app.db, id).await? else {
        return Err(CommandError::NotFound);
    };
    let mut tx = app.begin(actor).await?;
    if !db::suspensions::lift_in(&tx, id, actor.user_id(), db::now()).await? {
        return Err(CommandError::NotFound);
    }
    tx.touch(Tag::User(s.user_id));
    tx.audit(
        "user.unsuspend",
        &format!("user:{}", s.user_id),
        &format!("suspension={id}"),
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// The suspension of `user_id` in force now, if any.
pub async fn active(app: &App, user_id: i64) -> CommandResult<Option<Suspension>> {
    Ok(db::suspensions::active(app.db.conn(), user_id, db::now()).await?)
}

/// The suspensions in force, for moderators.
pub async fn list_active(app: &App, actor: &Actor) -> CommandResult<Vec<db::suspensions::Listed>> {
    moderates(actor)?;
    Ok(db::suspensions::list_active(&app.db, db::now()).await?)
}

/// Every suspension of a person, for moderators.
pub async fn of_user(app: &App, actor: &Actor, user_id: i64) -> CommandResult<Vec<Suspension>> {
    moderates(actor)?;
    Ok(db::suspensions::of_user(app.db.conn(), user_id).await?)
}
