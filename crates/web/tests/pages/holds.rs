//! Held contributions: in a pre-moderated process a citizen's new comment
//! waits for a moderator. Until then only its author (marked "awaiting
//! review") and moderators see it: no thread, count, search or feed shows
//! it; approved, it appears everywhere at once, on other instances too;
//! rejected, its author gets the reason by mail. Ideas and opinion-map
//! statements wait the same way. Forms that create contributions carry a
//! honeypot and a signed stamp of when they were shown.

use super::support::{created_id, publish_process, submit_idea};
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

const IDEA: &str = "Trinkbrunnen am Teichufer";

async fn premoderated_ideas(app: &TestApp) -> i64 {
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    publish_process(
        &staff,
        dep,
        &[("title", "Teichufer neu gestalten"), ("premoderated", "1")],
    )
    .await
}

async fn held_idea(app: &TestApp, process: i64) -> (Client, i64) {
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let r = author
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[("title", IDEA), ("body", "Frisches Wasser im Sommer.")],
            None,
        )
        .await;
    let id = created_id(&r, "/ideas/");
    (author, id)
}

#[tokio::test]
async fn a_held_idea_is_seen_only_by_its_author_and_moderators_until_approved() {
    let app = TestApp::new().await;
    let process = premoderated_ideas(&app).await;
    let (author, id) = held_idea(&app, process).await;
    let idea = format!("/ideas/{id}");
    let page = author.get(&idea).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(IDEA);
    page.assert_contains("wartet auf Prüfung");
    page.assert_contains("Ihre Idee wird vor der Veröffentlichung geprüft");

    let visitor = app.client();
    let other = app.citizen("otto.ort@example.org", "Otto Ort", PW).await;
    for c in [&visitor, &other] {
        assert_eq!(c.get(&idea).await.status, StatusCode::NOT_FOUND);
        for path in [
            format!("/processes/{process}/ideas"),
            format!("/processes/{process}/ideas/map"),
            format!("/processes/{process}"),
            "/ideas".to_owned(),
            "/search?q=Trinkbrunnen".to_owned(),
            "/api/v1/ideas".to_owned(),
            format!("/api/v1/ideas/{id}"),
        ] {
            let r = c.get(&path).await;
            assert!(
                !r.body.contains(IDEA),
                "{path} shows a held idea: {}",
                r.body
            );
        }
    }
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.idea_count, 0, "a held idea is counted");

    // The moderators' list shows it with its kind; approving makes it public.
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    moderator.get(&idea).await.assert_contains(IDEA);
    let held = moderator.get("/moderation/held").await;
    held.assert_contains(&format!("id=\"held-idea-{id}\""));
    held.assert_contains("Idee von Greta Grün");
    held.assert_contains(IDEA);
    let r = moderator
        .post_form(&format!("/moderation/held/ideas/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for c in [&visitor, &other] {
        let page = c.get(&idea).await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains(IDEA);
        assert!(!page.body.contains("wartet auf Prüfung"));
        c.get(&format!("/processes/{process}/ideas"))
            .await
            .assert_contains(IDEA);
        c.get("/search?q=Trinkbrunnen").await.assert_contains(&idea);
    }
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.idea_count, 1);
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(actions.contains(&"idea.approve".to_owned()), "{actions:?}");
    // A second approval finds nothing waiting.
    let r = moderator
        .post_form(&format!("/moderation/held/ideas/{id}/approve"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_rejected_idea_stays_hidden_and_its_author_gets_the_reason() {
    let app = TestApp::new().await;
    let process = premoderated_ideas(&app).await;
    let (author, id) = held_idea(&app, process).await;
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    let reject = format!("/moderation/held/ideas/{id}/reject");
    let r = moderator.post_form(&reject, &[("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte füllen Sie dieses Feld aus");
    r.assert_contains(&format!("id=\"reason-idea-{id}\""));
    let r = moderator
        .post_form(&reject, &[("reason", "Gibt es dort schon")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.deliver_mail().await;
    let mail = app
        .mails_to(AUTHOR)
        .into_iter()
        .find(|m| m.contains("Gibt es dort schon"))
        .expect("the reason is mailed");
    assert!(mail.contains(IDEA), "{mail}");
    assert_eq!(
        author.get(&format!("/ideas/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!moderator.get("/moderation/held").await.body.contains(IDEA));
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.idea_count, 0);
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(actions.contains(&"idea.reject".to_owned()), "{actions:?}");
}

#[tokio::test]
async fn a_statement_in_a_premoderated_process_waits_for_approval() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = publish_process(&staff, dep, &[("premoderated", "1")]).await;
    // The map itself is not pre-moderated; its process is.
    let r = staff
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[
                ("title", "Der Teich"),
                ("description", "Stimmen Sie ab."),
                ("seeds", "Mehr Bänke"),
            ],
        )
        .await;
    let map = created_id(&r, "/opinion/");
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    let r = author
        .post_form(
            &format!("/opinion/{map}/statements"),
            &[("body", "Enten füttern verbieten")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let s = db::opinion::statements(app.db.conn(), map, None)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.body.contains("Enten"))
        .unwrap();
    assert_eq!(s.state, "pending");
    let moderation = staff.get(&format!("/opinion/{map}/moderation")).await;
    moderation.assert_contains("Enten füttern verbieten");
}

#[tokio::test]
async fn the_honeypot_guards_the_idea_forms() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = publish_process(&staff, dep, &[]).await;
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    author
        .get(&format!("/processes/{process}/ideas/new"))
        .await
        .assert_contains(r#"name="website""#);
    let r = author
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[
                ("title", IDEA),
                ("body", "Billige Uhren hier"),
                ("website", "http://spam.example"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("als automatisch ausgefüllt erkannt");
    r.assert_contains(IDEA);
    r.assert_contains("Billige Uhren hier");
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.idea_count, 0);

    let id = submit_idea(&author, process, &[("title", IDEA), ("body", "Frisch.")]).await;
    let edit = format!("/ideas/{id}/edit");
    author.get(&edit).await.assert_contains(r#"name="website""#);
    let r = author
        .post_form(
            &edit,
            &[
                ("title", IDEA),
                ("body", "Billige Uhren hier"),
                ("website", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("Billige Uhren hier");
    let stored = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(stored.body_md, "Frisch.");
}

/// The value of the first `form_stamp` field of a page.
fn stamp_of(page: &str) -> String {
    let at = page
        .find(r#"name="form_stamp" value=""#)
        .unwrap_or_else(|| panic!("no form stamp: {page}"));
    let rest = &page[at + r#"name="form_stamp" value=""#.len()..];
    rest[..rest.find('"').unwrap_or(0)].to_owned()
}

#[tokio::test]
async fn a_form_sent_back_too_fast_is_refused_with_the_text_kept() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = publish_process(&staff, dep, &[]).await;
    let author = app.citizen(AUTHOR, "Greta Grün", PW).await;
    // The same database behind an instance that wants three seconds.
    let strict = app.another_instance_with(|c| c.form_min_seconds = 3).await;
    let author = author.on(&strict);
    let path = format!("/processes/{process}");
    let stamp = stamp_of(&author.get(&path).await.body);
    assert!(stamp.contains('.'), "{stamp}");
    let post = |stamp: String| {
        let author = author.clone();
        let path = format!("{path}/comments");
        async move {
            author
                .post_form(&path, &[("body", HELD), ("form_stamp", &stamp)])
                .await
        }
    };
    // At once: refused, the text kept, nothing stored.
    let r = post(stamp.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.assert_contains("schneller abgeschickt, als Menschen es ausfüllen");
    r.assert_contains(HELD);
    // Without a stamp, or with an altered one: the same.
    let (time, sig) = stamp.split_once('.').unwrap();
    let earlier = (time.parse::<i64>().unwrap() - 60_000).to_string();
    for forged in [
        String::new(),
        format!("{earlier}.{sig}"),
        format!("{time}.0{}", &sig[1..]),
    ] {
        let r = post(forged).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        r.assert_contains(HELD);
    }
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.comment_count, 0, "a refused comment is stored");

    // A form shown ten seconds ago passes.
    let past = chrono::Utc::now() - chrono::Duration::seconds(10);
    let stamp = web::holds::spam::stamp(&app.db, past).await.unwrap();
    let r = post(stamp).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = db::processes::get(&app.db, process).await.unwrap().unwrap();
    assert_eq!(stored.comment_count, 1);
}
