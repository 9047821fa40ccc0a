//! Notifications: a row per person and event, written in the transaction of
//! the change it reports, with the person's delivery setting for its kind at
//! that moment. Mails are composed from these rows afterwards by jobs: at once
//! for `instant`, in a digest for `daily` and `weekly`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Value};

use crate::{Db, DbError, Transaction, jobs, now, raw};

/// A parameter of the query that selects whom to tell.
pub use sea_orm::Value as SqlValue;

/// The kinds of notification, as stored and as named in settings and links.
pub const KINDS: [&str; 6] = ["reply", "ideas", "phase", "survey", "results", "moderation"];

/// What an unsubscribe link of a digest names: every kind.
pub const ALL: &str = "all";

/// How a kind is delivered; the first is the default.
pub const DELIVERIES: [&str; 4] = ["instant", "daily", "weekly", "off"];

/// The job that mails the notifications set to `instant`.
pub const DELIVER_JOB: &str = "notifications";

/// What happened, as every recipient's row records it.
pub struct Event<'a> {
    pub kind: &'static str,
    /// A local path: `/ideas/7`.
    pub link: &'a str,
    pub title: &'a str,
    pub detail: &'a str,
}

/// Writes `event` for everyone `people` selects (a query whose one column is
/// named `user_id`, with `params`), except `except` and deleted accounts, and
/// queues the job that mails those who want it at once. Returns how many were
/// told.
pub async fn notify<C: ConnectionTrait>(
    conn: &C,
    event: &Event<'_>,
    people: &str,
    params: Vec<Value>,
    except: Option<i64>,
) -> Result<u64, DbError> {
    let b = conn.get_database_backend();
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, link, title, detail, delivery, created_at) \
         SELECT u.id, ?, ?, ?, ?, COALESCE(s.delivery, 'instant'), ? \
         FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = ? \
         WHERE u.id IN (SELECT user_id FROM ({people}) p) AND u.id <> ? \
         AND u.email NOT LIKE 'deleted:%'"
    );
    let mut values: Vec<Value> = vec![
        event.kind.into(),
        event.link.into(),
        event.title.into(),
        event.detail.into(),
        now().into(),
        event.kind.into(),
    ];
    values.extend(params);
    values.push(except.unwrap_or(0).into());
    let n = conn
        .execute_raw(raw(b, &sql, values))
        .await?
        .rows_affected();
    if n > 0 {
        jobs::enqueue_once(
            conn,
            jobs::NewJob {
                kind: DELIVER_JOB,
                payload: String::new(),
            },
            Duration::zero(),
        )
        .await?;
    }
    Ok(n)
}

/// One notification as its list and its mail show it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub link: String,
    pub title: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A notification still to be mailed, with its recipient.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Pending {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub kind: String,
    pub link: String,
    pub title: String,
    pub detail: String,
}

/// The latest notifications of `user_id`, newest first.
pub async fn list(db: &Db, user_id: i64, limit: u64) -> Result<Vec<Notification>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Notification::find_by_statement(raw(
        b,
        "SELECT id, kind, link, title, detail, created_at, read_at FROM notifications \
         WHERE user_id = ? ORDER BY id DESC LIMIT ?",
        vec![user_id.into(), (limit as i64).into()],
    ))
    .all(db.conn())
    .await?)
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// How many notifications `user_id` has not read.
pub async fn unread(db: &Db, user_id: i64) -> Result<i64, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Count::find_by_statement(raw(
        b,
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL",
        vec![user_id.into()],
    ))
    .one(db.conn())
    .await?
    .map_or(0, |c| c.n))
}

/// Marks every notification of `user_id` read; returns how many were unread.
pub async fn mark_read(txn: &Transaction, user_id: i64) -> Result<u64, DbError> {
    let b = txn.get_database_backend();
    Ok(txn
        .execute_raw(raw(
            b,
            "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
            vec![now().into(), user_id.into()],
        ))
        .await?
        .rows_affected())
}

#[derive(FromQueryResult)]
struct Setting {
    kind: String,
    delivery: String,
}

/// The delivery of every kind for `user_id`, in the order of `KINDS`.
pub async fn settings(db: &Db, user_id: i64) -> Result<Vec<(&'static str, String)>, DbError> {
    let b = db.conn().get_database_backend();
    let rows = Setting::find_by_statement(raw(
        b,
        "SELECT kind, delivery FROM notification_settings WHERE user_id = ?",
        vec![user_id.into()],
    ))
    .all(db.conn())
    .await?;
    Ok(KINDS
        .iter()
        .map(|k| {
            let d = rows
                .iter()
                .find(|r| r.kind == *k)
                .map_or(DELIVERIES[0].to_owned(), |r| r.delivery.clone());
            (*k, d)
        })
        .collect())
}

/// Sets how `kind` reaches `user_id`.
pub async fn set_setting(
    txn: &Transaction,
    user_id: i64,
    kind: &str,
    delivery: &str,
) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "INSERT INTO notification_settings (user_id, kind, delivery) VALUES (?, ?, ?) \
         ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery",
        vec![user_id.into(), kind.into(), delivery.into()],
    ))
    .await?;
    Ok(())
}

/// Follows a process (its phases, surveys and results) or stops following it.
pub async fn set_process_follow<C: ConnectionTrait>(
    conn: &C,
    process_id: i64,
    user_id: i64,
    on: bool,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    let stmt = if on {
        raw(
            b,
            "INSERT INTO process_follows (process_id, user_id, created_at) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
            vec![process_id.into(), user_id.into(), now().into()],
        )
    } else {
        raw(
            b,
            "DELETE FROM process_follows WHERE process_id = ? AND user_id = ?",
            vec![process_id.into(), user_id.into()],
        )
    };
    conn.execute_raw(stmt).await?;
    Ok(())
}

/// Whether `user_id` follows the process.
pub async fn follows_process(db: &Db, process_id: i64, user_id: i64) -> Result<bool, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Count::find_by_statement(raw(
        b,
        "SELECT COUNT(*) AS n FROM process_follows WHERE process_id = ? AND user_id = ?",
        vec![process_id.into(), user_id.into()],
    ))
    .one(db.conn())
    .await?
    .is_some_and(|c| c.n > 0))
}

/// The notifications set to `instant` not mailed yet, oldest first, at most
/// `limit`; locked for this transaction on PostgreSQL, so two workers never
/// mail one twice.
pub async fn take_instant(txn: &Transaction, limit: u64) -> Result<Vec<Pending>, DbError> {
    let b = txn.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE OF n"
    } else {
        ""
    };
    Ok(Pending::find_by_statement(raw(
        b,
        &format!(
            "SELECT n.id, n.user_id, u.email, u.display_name, u.locale, n.kind, n.link, n.title, \
             n.detail FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.delivery = 'instant' AND n.mailed_at IS NULL ORDER BY n.id LIMIT ?{lock}"
        ),
        vec![(limit as i64).into()],
    ))
    .all(txn)
    .await?)
}

/// Records that the notifications `ids` went out.
pub async fn mark_mailed(txn: &Transaction, ids: &[i64]) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    for chunk in ids.chunks(500) {
        // Integers only: nothing to escape.
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        txn.execute_raw(raw(
            b,
            &format!(
                "UPDATE notifications SET mailed_at = ? WHERE id IN ({}) AND mailed_at IS NULL",
                list.join(",")
            ),
            vec![now().into()],
        ))
        .await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct UserId {
    user_id: i64,
}

/// Everyone with notifications waiting for the `frequency` digest.
pub async fn digest_recipients(db: &Db, frequency: &str) -> Result<Vec<i64>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(UserId::find_by_statement(raw(
        b,
        "SELECT DISTINCT user_id FROM notifications WHERE delivery = ? AND mailed_at IS NULL \
         ORDER BY user_id",
        vec![frequency.into()],
    ))
    .all(db.conn())
    .await?
    .into_iter()
    .map(|r| r.user_id)
    .collect())
}

/// The notifications of `users` waiting for the `frequency` digest, by person
/// and age.
pub async fn take_digest(
    txn: &Transaction,
    frequency: &str,
    users: &[i64],
) -> Result<Vec<Pending>, DbError> {
    let b = txn.get_database_backend();
    if users.is_empty() {
        return Ok(vec![]);
    }
    let list: Vec<String> = users.iter().map(i64::to_string).collect();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE OF n"
    } else {
        ""
    };
    Ok(Pending::find_by_statement(raw(
        b,
        &format!(
            "SELECT n.id, n.user_id, u.email, u.display_name, u.locale, n.kind, n.link, n.title, \
             n.detail FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.user_id IN ({}) AND n.delivery = ? AND n.mailed_at IS NULL \
             ORDER BY n.user_id, n.id{lock}",
            list.join(",")
        ),
        vec![frequency.into()],
    ))
    .all(txn)
    .await?)
}

/// Whether the `frequency` digest is due (last composed more than `every`
/// ago, or never); if so, records that it is composed now, so that one
/// instance of several composes it.
pub async fn digest_due(
    txn: &Transaction,
    frequency: &str,
    every: Duration,
) -> Result<bool, DbError> {
    #[derive(FromQueryResult)]
    struct Ran {
        ran_at: DateTime<Utc>,
    }
    let b = txn.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let t = now();
    let last = Ran::find_by_statement(raw(
        b,
        &format!("SELECT ran_at FROM digest_runs WHERE frequency = ?{lock}"),
        vec![frequency.into()],
    ))
    .one(txn)
    .await?;
    if last.is_some_and(|r| r.ran_at + every > t) {
        return Ok(false);
    }
    txn.execute_raw(raw(
        b,
        "INSERT INTO digest_runs (frequency, ran_at) VALUES (?, ?) \
         ON CONFLICT (frequency) DO UPDATE SET ran_at = excluded.ran_at",
        vec![frequency.into(), t.into()],
    ))
    .await?;
    Ok(true)
}

/// A published process with its phase dates, for noticing phase starts.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ProcessPhases {
    pub id: i64,
    pub title: String,
    pub information_from: Option<NaiveDate>,
    pub participation_from: Option<NaiveDate>,
    pub evaluation_from: Option<NaiveDate>,
    pub result_from: Option<NaiveDate>,
}

/// Every published process with followers, with the days its phases begin.
pub async fn followed_processes(db: &Db) -> Result<Vec<ProcessPhases>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(ProcessPhases::find_by_statement(raw(
        b,
        "SELECT id, title, information_from, participation_from, evaluation_from, result_from \
         FROM processes WHERE status = 'published' \
         AND id IN (SELECT process_id FROM process_follows) ORDER BY id",
        vec![],
    ))
    .all(db.conn())
    .await?)
}

/// Records that `phase` of the process was announced; false if it was before.
pub async fn note_phase(txn: &Transaction, process_id: i64, phase: &str) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    Ok(txn
        .execute_raw(raw(
            b,
            "INSERT INTO phase_notices (process_id, phase, created_at) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
            vec![process_id.into(), phase.into(), now().into()],
        ))
        .await?
        .rows_affected()
        == 1)
}

/// The signature of what an unsubscribe link names.
async fn signature(db: &Db, text: &str) -> Result<String, DbError> {
    db.sign("unsubscribe", text).await
}

/// The token of the link that turns `kind` off for `user_id`: it names both
/// and is signed with the installation's secret, so nothing is stored.
pub async fn unsubscribe_token(db: &Db, user_id: i64, kind: &str) -> Result<String, DbError> {
    let text = format!("{user_id}-{kind}");
    let sig = signature(db, &text).await?;
    Ok(format!("{text}-{sig}"))
}

/// The person and kind an unsubscribe token names, if it is genuine.
pub async fn unsubscribe_target(
    db: &Db,
    token: &str,
) -> Result<Option<(i64, &'static str)>, DbError> {
    let Some((text, sig)) = token.rsplit_once('-') else {
        return Ok(None);
    };
    let Some((user, kind)) = text.split_once('-') else {
        return Ok(None);
    };
    let known = KINDS.iter().chain([&ALL]).find(|k| **k == kind);
    let (Ok(user_id), Some(kind)) = (user.parse::<i64>(), known) else {
        return Ok(None);
    };
    let expected = signature(db, text).await?;
    let same = expected.len() == sig.len()
        && expected
            .bytes()
            .zip(sig.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    Ok(same.then_some((user_id, *kind)))
}
