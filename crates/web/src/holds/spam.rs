//! Spam protection at the form: a honeypot, a field that people do not see
//! and form-filling robots fill, and a stamp of when the form was shown,
//! signed with the installation's secret, so that a form sent back faster
//! than people fill one is refused without any state on the server. Both
//! travel in `holds/honeypot.html`; `refusal` checks both for every public
//! form that carries it.

use chrono::{DateTime, Utc};

use crate::AppState;

const PURPOSE: &str = "form_stamp";

/// How far a stamp may lie in the future: the clocks of several instances.
const CLOCK_SKEW_MS: i64 = 60_000;

/// Whether a form's honeypot was filled: then a robot sent it.
pub fn caught(honeypot: &str) -> bool {
    !honeypot.is_empty()
}

/// The stamp of a form shown at `at`: the time and its signature.
pub async fn stamp(db: &db::Db, at: DateTime<Utc>) -> Result<String, db::DbError> {
    let ms = at.timestamp_millis().to_string();
    let sig = db.sign(PURPOSE, &ms).await?;
    Ok(format!("{ms}.{sig}"))
}

/// A stamp of now without waiting (for live fragments, rendered after the
/// secret was read for a request); empty if it was not.
pub fn stamp_now(db: &db::Db) -> String {
    let ms = Utc::now().timestamp_millis().to_string();
    db.sign_now(PURPOSE, &ms)
        .map(|sig| format!("{ms}.{sig}"))
        .unwrap_or_default()
}

/// Whether a form came back faster than `min_seconds` after it was shown,
/// or with a stamp that is not ours (missing, altered, from the future).
pub async fn too_fast(
    db: &db::Db,
    stamp: &str,
    min_seconds: u32,
    now: DateTime<Utc>,
) -> Result<bool, db::DbError> {
    if min_seconds == 0 {
        return Ok(false);
    }
    let Some((ms, sig)) = stamp.trim().split_once('.') else {
        return Ok(true);
    };
    let Ok(shown) = ms.parse::<i64>() else {
        return Ok(true);
    };
    let expected = db.sign(PURPOSE, ms).await?;
    let genuine = expected.len() == sig.len()
        && expected
            .bytes()
            .zip(sig.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    let elapsed = now.timestamp_millis().saturating_sub(shown);
    Ok(!genuine || elapsed < -CLOCK_SKEW_MS || elapsed < i64::from(min_seconds) * 1000)
}

/// Why a public form is refused as a robot's, as the message's key: its
/// honeypot filled, or sent back too fast. None for a person's.
pub async fn refusal(
    state: &AppState,
    honeypot: &str,
    stamp: &str,
) -> Result<Option<&'static str>, db::DbError> {
    if caught(honeypot) {
        tracing::info!("form with a filled honeypot refused");
        return Ok(Some("spam-caught"));
    }
    if too_fast(&state.db, stamp, state.config.form_min_seconds, Utc::now()).await? {
        tracing::info!("form sent back too fast refused");
        return Ok(Some("spam-too-fast"));
    }
    Ok(None)
}
