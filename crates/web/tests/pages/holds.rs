//! Held contributions: in a pre-moderated process a citizen's new comment
//! waits for a moderator. Until then only its author (marked "awaiting
//! review") and moderators see it: no thread, count, search or feed shows
//! it; approved, it appears everywhere at once, on other instances too;
//! rejected, its author gets the reason by mail.

use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";
const AUTHOR: &str = "greta.gruen@example.org";
const HELD: &str = "Bitte mehr Bänke am Teich aufstellen";

async fn premoderated_process(app: &TestApp) -> (Client, i64) {
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = staff
        .publish_process(
            dep,
            &[("title", "Teichufer neu gestalten"), ("premoderated", "1")],
        )
        .await;
    (staff, process)
}

async fn write(c: &Client, process: i64, body: &str) -> i64 {
    let r = c
        .post_form(&format!("/processes/{process}/comments"), &[("body", body)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .rsplit("#comment-")
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_held_comment_is_seen_only_by_its_author_and_moderators_until_approved() {
    let app = TestApp::new().await;
    let (staff, process) = premoderated_process(&app).await;
    // The setting is kept in the form.
    let form = staff.get(&format!("/processes/{process}/edit")).await;
    assert!(
        form.body
            .contains(r#"id="premoderated" name="premoderated" value="1" checked"#),
        "{}",
        form.body
    );
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let id = write(&author, process, HELD).await;
    let page = author.get(&format!("/processes/{process}")).await;
    page.assert_contains(HELD);
    page.assert_contains("wartet auf Prüfung");

    let visitor = app.client();
    let other = app.citizen("otto.ort@example.org", "Otto Ort", PW).await;
    for c in [&visitor, &other] {
        let page = c.get(&format!("/processes/{process}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains(HELD), "a held comment shows to others");
        assert_eq!(
            c.get(&format!("/comments/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        let found = c.get("/search?q=B%C3%A4nke").await;
        assert!(!found.body.contains(&format!("/comments/{id}")));
        let list = c.get("/processes").await;
        assert!(!list.body.contains(HELD));
    }
    let feed = visitor
        .get(&format!("/processes/{process}/comments.atom"))
        .await;
    assert!(!feed.body.contains(HELD));
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.comment_count, 0, "a held comment is counted");

    // The moderators' list shows it; approving makes it appear everywhere.
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    let held = moderator.get("/moderation/held").await;
    assert_eq!(held.status, StatusCode::OK);
    held.assert_contains(HELD);
    held.assert_contains("Vorabprüfung");
    let r = moderator
        .post_form(&format!("/moderation/held/comments/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    moderator
        .get("/moderation/held")
        .await
        .assert_contains("Zurzeit wartet kein Beitrag");
    for c in [&visitor, &other] {
        let page = c.get(&format!("/processes/{process}")).await;
        page.assert_contains(HELD);
        assert!(!page.body.contains("wartet auf Prüfung"));
        c.get("/search?q=B%C3%A4nke")
            .await
            .assert_contains(&format!("/comments/{id}"));
    }
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.comment_count, 1);
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(
        actions.contains(&"comment.approve".to_owned()),
        "{actions:?}"
    );

    // Staff and moderators are not held.
    let own = write(&staff, process, "Antwort der Verwaltung").await;
    visitor
        .get(&format!("/comments/{own}"))
        .await
        .assert_contains("Antwort der Verwaltung");
}

#[tokio::test]
async fn a_rejected_comment_stays_hidden_and_its_author_gets_the_reason() {
    let app = TestApp::new().await;
    let (_staff, process) = premoderated_process(&app).await;
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let id = write(&author, process, HELD).await;
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    // A rejection needs a reason; the form says so.
    let r = moderator
        .post_form(
            &format!("/moderation/held/comments/{id}/reject"),
            &[("reason", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte füllen Sie dieses Feld aus");
    let r = moderator
        .post_form(
            &format!("/moderation/held/comments/{id}/reject"),
            &[("reason", "Werbung für ein Geschäft")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.deliver_mail().await;
    let mails = app.mails_to(AUTHOR);
    assert!(
        mails
            .iter()
            .any(|m| m.contains("Werbung f=C3=BCr ein Gesch=C3=A4ft")),
        "{mails:?}"
    );
    let page = author.get(&format!("/processes/{process}")).await;
    assert!(!page.body.contains(HELD));
    assert!(!moderator.get("/moderation/held").await.body.contains(HELD));
    let stored = db::comments::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(stored.held.as_deref(), Some("rejected"));
}

#[tokio::test]
async fn an_approval_reaches_another_instance_at_once() {
    let app = TestApp::new().await;
    let Some(other) = app.another_instance_if_shared().await else {
        return;
    };
    other.start_background();
    assert!(
        other
            .until_listening(std::time::Duration::from_secs(10))
            .await
    );
    let (_staff, process) = premoderated_process(&app).await;
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let id = write(&author, process, HELD).await;
    let reader = app.client().on(&other);
    assert!(
        !reader
            .get(&format!("/processes/{process}"))
            .await
            .body
            .contains(HELD)
    );
    let epoch = other.forget_epoch();
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    let r = moderator
        .post_form(&format!("/moderation/held/comments/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    other
        .until_forgotten(
            domain::Tag::Process(process),
            epoch,
            std::time::Duration::from_secs(5),
        )
        .await;
    reader
        .get(&format!("/processes/{process}"))
        .await
        .assert_contains(HELD);
}

#[tokio::test]
async fn only_moderators_see_and_decide_held_contributions() {
    let app = TestApp::new().await;
    let (staff, process) = premoderated_process(&app).await;
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let id = write(&author, process, HELD).await;
    for c in [&author, &staff] {
        assert_eq!(
            c.get("/moderation/held").await.status,
            StatusCode::FORBIDDEN
        );
        let r = c
            .post_form(&format!("/moderation/held/comments/{id}/approve"), &[])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    assert!(
        !app.client()
            .get(&format!("/processes/{process}"))
            .await
            .body
            .contains(HELD)
    );
}

#[tokio::test]
async fn a_filled_honeypot_is_refused_with_the_text_kept() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = staff.publish_process(dep, &[]).await;
    let c = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let page = c.get(&format!("/processes/{process}")).await;
    page.assert_contains(r#"name="website""#);
    let r = c
        .post_form(
            &format!("/processes/{process}/comments"),
            &[
                ("body", "Billige Uhren hier"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("als automatisch ausgefüllt erkannt");
    r.assert_contains("Billige Uhren hier");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        0
    );
    // Left empty, as people leave it, the comment is written.
    let r = c
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Ein echter Beitrag"), ("website", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Replies carry it too.
    let first = db::testing::count_rows(&app.db, "comments").await.unwrap();
    let page = c.get(&format!("/processes/{process}")).await;
    assert!(page.body.matches(r#"name="website""#).count() >= 2);
    let parent = db::comments::recent(&app.db, db::comments::Subject::process(process), 1)
        .await
        .unwrap()[0]
        .id
        .to_string();
    let r = c
        .post_form(
            &format!("/processes/{process}/comments"),
            &[
                ("body", "Billige Antwort"),
                ("parent_id", parent.as_str()),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Billige Antwort");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        first
    );

    // So does the registration: refused, nothing stored, the entries kept.
    let visitor = app.client();
    visitor
        .get("/register")
        .await
        .assert_contains(r#"name="website""#);
    let users = db::testing::count_rows(&app.db, "users").await.unwrap();
    let r = visitor
        .post_form(
            "/register",
            &[
                ("email", "robot@spam.example"),
                ("display_name", "Robo"),
                ("password", "ein-sicheres-passwort"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("als automatisch ausgefüllt erkannt");
    r.assert_contains("robot@spam.example");
    assert_eq!(
        db::testing::count_rows(&app.db, "users").await.unwrap(),
        users
    );
}

#[tokio::test]
async fn a_blocked_word_or_too_many_links_hold_a_comment_as_suspected_spam() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = staff.publish_process(dep, &[]).await;
    let admin = app.admin("admin@bezirk.example", PW).await;
    // Only administrators set the rules; bad numbers keep the form.
    assert_eq!(staff.get("/admin/spam").await.status, StatusCode::FORBIDDEN);
    let r = admin
        .post_form(
            "/admin/spam",
            &[
                ("blocked_words", "Billige Uhren\ncasino"),
                ("new_account_days", "sieben"),
                ("new_account_links", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("ganze Zahl");
    r.assert_contains("Billige Uhren\ncasino");
    let r = admin
        .post_form(
            "/admin/spam",
            &[
                ("blocked_words", "Billige Uhren\ncasino"),
                ("new_account_days", "7"),
                ("new_account_links", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Kept in lower case, as they are compared.
    admin
        .get("/admin/spam")
        .await
        .assert_contains("billige uhren\ncasino");

    let c = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let spam = write(&c, process, "Heute BILLIGE UHREN im Angebot").await;
    let links = write(&c, process, "Siehe https://a.example und https://b.example").await;
    let fine = write(&c, process, "Ein Link: https://bezirk.example").await;
    let visitor = app.client();
    let page = visitor.get(&format!("/processes/{process}")).await;
    assert!(!page.body.contains("UHREN"));
    assert!(!page.body.contains("b.example"));
    page.assert_contains("https://bezirk.example");
    // Not lost: in the moderators' list, marked as suspected spam.
    let held = admin.get("/moderation/held").await;
    held.assert_contains(&format!("id=\"held-{spam}\""));
    held.assert_contains(&format!("id=\"held-{links}\""));
    assert!(!held.body.contains(&format!("id=\"held-{fine}\"")));
    held.assert_contains("Spamverdacht");
    let stored = db::comments::get(&app.db, spam).await.unwrap().unwrap();
    assert_eq!(stored.held.as_deref(), Some("spam"));
    // Staff are not held.
    write(&staff, process, "Kein Casino, sondern ein Park").await;
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(actions.contains(&"settings.spam".to_owned()), "{actions:?}");
}
