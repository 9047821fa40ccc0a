//! What many features' tests do to get going: a published process, an idea,
//! a comment, a date some days from today.

use axum::http::StatusCode;
use testkit::{Client, Response};

/// The date `offset` days from today, as the forms take it.
pub fn day(offset: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// The id at the end of a redirect to `prefix{id}` (after `#` too, as
/// `#comment-{id}`); the test fails when the answer is no such redirect.
pub fn created_id(r: &Response, prefix: &str) -> i64 {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location().unwrap_or_default();
    let id = location.rsplit(prefix).next().and_then(|s| s.parse().ok());
    id.unwrap_or_else(|| panic!("no id after {prefix} in {location}"))
}

/// Publishes a process of department `dep` open for participation from
/// yesterday for ten days, with ideas; `fields` add to or replace those.
pub async fn publish_process(staff: &Client, dep: i64, fields: &[(&str, &str)]) -> i64 {
    let (from, until, dep) = (day(-1), day(10), dep.to_string());
    let mut form: Vec<(&str, &str)> = vec![
        ("title", "Radverkehr in Altona"),
        ("summary", "Ideen gesucht"),
        ("department_id", &dep),
        ("participation_from", &from),
        ("participation_until", &until),
        ("ideas_enabled", "1"),
        ("action", "publish"),
    ];
    for &(k, v) in fields {
        match form.iter_mut().find(|(name, _)| *name == k) {
            Some(entry) => entry.1 = v,
            None => form.push((k, v)),
        }
    }
    let r = staff.post_multipart("/processes", &form, None).await;
    created_id(&r, "/processes/")
}

/// Submits an idea with `fields` (title and body at least) to `process`.
pub async fn submit_idea(c: &Client, process: i64, fields: &[(&str, &str)]) -> i64 {
    let r = c
        .post_multipart(&format!("/processes/{process}/ideas"), fields, None)
        .await;
    created_id(&r, "/ideas/")
}

/// Writes a comment in the discussion of `process`.
pub async fn comment(c: &Client, process: i64, body: &str) -> i64 {
    let r = c
        .post_form(&format!("/processes/{process}/comments"), &[("body", body)])
        .await;
    created_id(&r, "#comment-")
}
