//! The page cache: anonymous readers share rendered pages, every change is
//! visible at once, and nothing personal is ever shared.

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{Duration, Local};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn open_process(app: &TestApp, staff: &Client, dep: i64) -> i64 {
    let (f, u, d) = (day(-1), day(5), dep.to_string());
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Radwege"),
                ("summary", "Kurz"),
                ("department_id", &d),
                ("participation_from", &f),
                ("participation_until", &u),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let _ = app;
    r.location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap()
}

fn hit(r: &testkit::Response) -> bool {
    r.headers.get("x-cache").is_some_and(|v| v == "hit")
}

#[tokio::test]
async fn anonymous_pages_are_shared_and_changes_show_at_once() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let p = open_process(&app, &staff, dep).await;
    let reader = app.client();
    let first = reader.get(&format!("/processes/{p}")).await;
    assert!(!hit(&first));
    let second = app.client().get(&format!("/processes/{p}")).await;
    assert!(
        hit(&second),
        "a second anonymous reader gets the stored page"
    );
    assert_eq!(first.body, second.body);
    // A new reader still receives its own CSRF cookie with a stored page.
    assert!(second.headers.get("set-cookie").is_some());

    // A comment changes the page, the list (its count) and search at once.
    let home = app.client().get("/").await;
    assert!(app.client().get("/").await.headers.contains_key("x-cache"));
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r = anna
        .post_form(
            &format!("/processes/{p}/comments"),
            &[("body", "Frisch geschrieben")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = app.client().get(&format!("/processes/{p}")).await;
    assert!(!hit(&after));
    after.assert_contains("Frisch geschrieben");
    let home_after = app.client().get("/").await;
    assert!(!hit(&home_after));
    assert_ne!(home.body, home_after.body);
    home_after.assert_contains("ein Beitrag");

    // Editing the process shows too.
    assert!(hit(&app.client().get(&format!("/processes/{p}")).await));
    let r = staff
        .post_form(&format!("/processes/{p}/status"), &[("status", "archived")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("Archiviert");
}

#[tokio::test]
async fn personal_pages_are_never_shared() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let p = open_process(&app, &staff, dep).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r1 = anna.get(&format!("/processes/{p}")).await;
    let r2 = anna.get(&format!("/processes/{p}")).await;
    assert!(!hit(&r1) && !hit(&r2));
    r2.assert_contains("Angemeldet als Anna");
    // The anonymous page never contains a logged-in person's name or form token.
    app.client().get(&format!("/processes/{p}")).await;
    let anon = app.client().get(&format!("/processes/{p}")).await;
    assert!(hit(&anon));
    assert!(!anon.body.contains("Angemeldet als"));
    assert!(!anon.body.contains("csrf_token"));
    // Pages in other languages are stored separately.
    let en = app
        .client()
        .get_with(&format!("/processes/{p}"), &[("accept-language", "en")])
        .await;
    assert!(!hit(&en));
    en.assert_contains("<html lang=\"en\">");
    // Name changes reach every stored page.
    let bea = app.citizen("bea@example.org", "Bea", PW).await;
    bea.post_form(&format!("/processes/{p}/comments"), &[("body", "Hallo")])
        .await;
    app.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("Bea");
    bea.post_form("/settings/name", &[("display_name", "Beatrix")])
        .await;
    let r = app.client().get(&format!("/processes/{p}")).await;
    r.assert_contains("Beatrix");
}

/// On PostgreSQL, a change made through one instance reaches the pages stored
/// by another within moments (through NOTIFY).
#[tokio::test]
async fn stored_pages_follow_changes_made_on_other_instances() {
    let a = TestApp::new().await;
    // One instance only on SQLite: the same-instance tests cover it.
    let Some(b) = a.another_instance_if_shared().await else {
        return;
    };
    b.start_background();
    let (staff, dep) = a.staff("team@finanzen.example", PW, "Finanzbehörde").await;
    let p = open_process(&a, &staff, dep).await;
    assert!(b.until_listening(StdDuration::from_secs(10)).await);
    // The announcements of the process's creation may still arrive and drop
    // B's first renderings: ask until B keeps the page.
    testkit::wait_until(
        StdDuration::from_secs(10),
        "instance B to keep the page",
        async || hit(&b.client().get(&format!("/processes/{p}")).await),
    )
    .await;
    let anna = a.citizen("anna@example.org", "Anna", PW).await;
    let epoch = b.forget_epoch();
    anna.post_form(
        &format!("/processes/{p}/comments"),
        &[("body", "Über Instanz A")],
    )
    .await;
    // Once B has heard of the comment, it no longer serves the old page.
    b.until_forgotten(domain::Tag::Process(p), epoch, StdDuration::from_secs(10))
        .await;
    b.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("Über Instanz A");
}
