//! Logged-in readers share the pages of their role: each sees their own name
//! and form token in it, a page with marks of theirs is rendered for them
//! alone, and a kept session ends the moment it is ended anywhere.

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn hit(r: &testkit::Response) -> bool {
    r.headers.get("x-cache").is_some_and(|v| v == "hit")
}

async fn open_process(app: &TestApp) -> (Client, i64, i64) {
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let p = staff
        .publish_process(dep, &[("title", "Radwege am Ring")])
        .await;
    (staff, dep, p)
}

/// Asks until a page comes from the store (the first readers render it; on
/// PostgreSQL, announcements of earlier changes may still drop it).
async fn until_hit(c: &Client, path: &str) -> testkit::Response {
    testkit::wait_for(
        StdDuration::from_secs(10),
        &format!("{path} to come from the store"),
        async || {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            hit(&r).then_some(r)
        },
    )
    .await
}

fn csrf_inputs(body: &str) -> Vec<&str> {
    body.match_indices("name=\"csrf_token\" value=\"")
        .map(|(i, m)| &body[i + m.len()..i + m.len() + 64])
        .collect()
}

#[tokio::test]
async fn readers_of_one_role_share_a_page_with_their_own_name_and_token() {
    let app = TestApp::new().await;
    let (staff, _, p) = open_process(&app).await;
    let path = format!("/processes/{p}");
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let cem = app.citizen("cem@example.org", "Cem <b>&</b> Co", PW).await;

    let first = anna.get(&path).await;
    assert!(!hit(&first));
    let mine = until_hit(&cem, &path).await;
    mine.assert_contains("Angemeldet als Cem &lt;b&gt;&amp;&lt;/b&gt; Co");
    assert!(!mine.body.contains("Angemeldet als Anna"));
    assert!(!mine.body.contains("mitreden-slot-"), "a marker was left");
    let token = cem.cookie("mitreden_csrf").unwrap();
    let inputs = csrf_inputs(&mine.body);
    // The logout button and the comment form carry the reader's own token.
    assert!(inputs.len() >= 2, "{}", mine.body);
    assert!(inputs.iter().all(|t| *t == token));
    mine.assert_contains("Abmelden");
    mine.assert_contains("Ihr Beitrag");

    // The stored page works: a comment posted with it is saved.
    let r = cem
        .post_form(
            &format!("{path}/comments"),
            &[("body", "Von der geteilten Seite")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        1
    );

    // Staff of the department are served their own page, with its controls.
    let staff_page = until_hit(&staff, &path).await;
    staff_page.assert_contains("Verwaltung dieses Verfahrens");
    let citizen_page = until_hit(&anna, &path).await;
    assert!(!citizen_page.body.contains("Verwaltung dieses Verfahrens"));
    citizen_page.assert_contains("Von der geteilten Seite");
    citizen_page.assert_contains("Angemeldet als Anna");
    // Anonymous readers still get a page without forms.
    let anon = until_hit(&app.client(), &path).await;
    assert!(!anon.body.contains("csrf_token"));
    assert!(!anon.body.contains("Angemeldet als"));
}

#[tokio::test]
async fn a_reader_with_marks_on_a_page_gets_a_page_of_their_own() {
    let app = TestApp::new().await;
    let (_, _, p) = open_process(&app).await;
    let path = format!("/processes/{p}");
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let bea = app.citizen("bea@example.org", "Bea", PW).await;
    let cem = app.citizen("cem@example.org", "Cem", PW).await;
    until_hit(&bea, &path).await;

    let r = anna
        .post_form(&format!("{path}/comments"), &[("body", "Mehr Bügel")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cid: i64 = r
        .location()
        .and_then(|l| l.rsplit_once("#comment-"))
        .and_then(|(_, id)| id.parse().ok())
        .unwrap();
    // Anna's page lets her edit her comment: it is hers alone, kept for her.
    let own = until_hit(&anna, &path).await;
    own.assert_contains("Bearbeiten");
    let token = anna.cookie("mitreden_csrf").unwrap();
    assert!(csrf_inputs(&own.body).iter().all(|t| *t == token));
    // On her phone too, with the phone's own form token.
    let phone = app.client();
    phone.login("anna@example.org", PW).await;
    let on_phone = until_hit(&phone, &path).await;
    on_phone.assert_contains("Bearbeiten");
    let phone_token = phone.cookie("mitreden_csrf").unwrap();
    assert_ne!(phone_token, token);
    assert!(
        csrf_inputs(&on_phone.body)
            .iter()
            .all(|t| *t == phone_token)
    );
    // Everyone else shares one page in which the comment is not theirs.
    let other = until_hit(&bea, &path).await;
    other.assert_contains("Mehr Bügel");
    assert!(!other.body.contains("Bearbeiten"));
    other.assert_contains("aria-pressed=\"false\"");

    // Cem agrees: his page shows it, Bea's shows only the count.
    let r = cem
        .post_form(
            &format!("/comments/{cid}/react"),
            &[("reaction", "agree"), ("return_to", &path)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        db::testing::count_rows(&app.db, "comment_reactions")
            .await
            .unwrap(),
        1
    );
    let his = cem.get(&path).await;
    assert!(!hit(&his));
    his.assert_contains("aria-pressed=\"true\"");
    // A new comment reaches Anna's own page too.
    let r = bea
        .post_form(&format!("{path}/comments"), &[("body", "Und Licht")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let own = anna.get(&path).await;
    assert!(!hit(&own));
    own.assert_contains("Und Licht");
    own.assert_contains("Bearbeiten");
    let hers = until_hit(&bea, &path).await;
    assert!(!hers.body.contains("aria-pressed=\"true\""));
    hers.assert_contains("<span class=\"count\">1</span>");
}

#[tokio::test]
async fn a_kept_session_ends_with_logout_role_change_and_password_reset() {
    let app = TestApp::new().await;
    let (_, dep, _) = open_process(&app).await;
    let admin = app.admin("admin@example.org", PW).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    until_hit(&anna, "/")
        .await
        .assert_contains("Angemeldet als Anna");

    // Logging out ends the session at once, also for a copy of the cookie.
    let copy = anna.clone().with_ip("203.0.113.9");
    let r = anna.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = copy.get("/").await;
    assert!(!after.body.contains("Angemeldet als"));
    after.assert_contains("Anmelden");

    // A new role shows on the next page.
    let bea = app.citizen("bea@example.org", "Bea", PW).await;
    assert!(!until_hit(&bea, "/").await.body.contains("Eingang Ideen"));
    let id = db::accounts::by_email(&app.db, "bea@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let r = admin
        .post_form(
            &format!("/admin/users/{id}/role"),
            &[("role", "staff"), ("department_id", &dep.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    bea.get("/").await.assert_contains("Eingang Ideen");
    assert_eq!(bea.get("/staff/ideas").await.status, StatusCode::OK);

    // A password reset ends every session of the account.
    let cem = app.citizen("cem@example.org", "Cem", PW).await;
    until_hit(&cem, "/")
        .await
        .assert_contains("Angemeldet als Cem");
    let r = app
        .client()
        .post_form("/password/forgot", &[("email", "cem@example.org")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let link = app
        .link_from_mail("cem@example.org", "/password/reset/")
        .await;
    let r = app
        .client()
        .post_form(&link, &[("password", "ein-neues-passwort-1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!cem.get("/").await.body.contains("Angemeldet als"));
}

/// On PostgreSQL, ending a session or changing a role through one instance
/// reaches what another instance keeps within moments.
#[tokio::test]
async fn kept_sessions_follow_changes_made_on_other_instances() {
    let a = TestApp::new().await;
    // One instance only on SQLite: the same-instance tests cover it.
    let Some(b) = a.another_instance_if_shared().await else {
        return;
    };
    b.start_background();
    assert!(b.until_listening(StdDuration::from_secs(10)).await);
    let anna = a.citizen("anna@example.org", "Anna", PW).await;
    let on_b = anna.on(&b);
    until_hit(&on_b, "/")
        .await
        .assert_contains("Angemeldet als Anna");
    let epoch = b.forget_epoch();
    let r = anna.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Once B has heard of the logout, it no longer knows the session.
    let user = db::accounts::by_email(&a.db, "anna@example.org")
        .await
        .unwrap()
        .unwrap();
    b.until_forgotten(
        domain::Tag::User(user.id),
        epoch,
        StdDuration::from_secs(10),
    )
    .await;
    assert!(
        !on_b.get("/").await.body.contains("Angemeldet als"),
        "instance B kept the ended session"
    );
}

/// A crowd arriving after a change waits for one rendering of the page
/// instead of rendering it once each.
#[tokio::test]
async fn a_crowd_after_a_change_waits_for_one_rendering() {
    let app = TestApp::new().await;
    let (_, _, p) = open_process(&app).await;
    let path = format!("/processes/{p}");
    let mut readers = vec![];
    for i in 0..6 {
        readers.push(
            app.citizen(&format!("leser{i}@example.org"), &format!("Leser {i}"), PW)
                .await,
        );
    }
    for r in &readers {
        // The first page after logging in shows its message, and is not shared.
        r.get("/settings").await;
    }
    let writer = app.citizen("anna@example.org", "Anna", PW).await;
    until_hit(&readers[0], &path).await;
    until_hit(&app.client(), &path).await;

    for round in 0..2 {
        let body = format!("Beitrag {round}");
        let r = writer
            .post_form(&format!("{path}/comments"), &[("body", &body)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let anonymous: Vec<Client> = (0..12).map(|_| app.client()).collect();
        let (members, strangers) = tokio::join!(
            futures_util::future::join_all(readers.iter().map(|c| c.get(&path))),
            futures_util::future::join_all(anonymous.iter().map(|c| c.get(&path))),
        );
        for (who, pages) in [("logged-in", &members), ("anonymous", &strangers)] {
            assert!(pages.iter().all(|r| r.body.contains(&body)), "{who}");
            let rendered = pages.iter().filter(|r| !hit(r)).count();
            assert_eq!(
                rendered, 1,
                "{who} readers rendered the page {rendered} times"
            );
        }
        for (i, r) in members.iter().enumerate() {
            r.assert_contains(&format!("Angemeldet als Leser {i}"));
        }
    }
}
