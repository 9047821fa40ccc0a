//! Notifications: who is told of what, delivery by setting (at once, digest,
//! off), the one-click unsubscribe, the header count on shared pages, and the
//! share links.

use super::support::{day, publish_process, submit_idea};
use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein langes Passwort 123";

async fn process(staff: &Client, dep: i64) -> i64 {
    publish_process(staff, dep, &[("participation_until", &day(20))]).await
}

async fn submit(c: &Client, process: i64, title: &str) -> i64 {
    submit_idea(
        c,
        process,
        &[("title", title), ("body", "Eine gute Idee für alle.")],
    )
    .await
}

async fn set_status(staff: &Client, idea: i64, status: &str, answer: &str) {
    let r = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[("status", status), ("answer", answer)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The kinds of the notifications of `email`, oldest first.
async fn kinds_of(app: &TestApp, email: &str) -> Vec<String> {
    let id = user_id(app, email).await;
    let mut v: Vec<String> = db::notifications::list(&app.db, id, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    v.reverse();
    v
}

/// A staff member, a published process with ideas, and an idea of Anna's
/// that Ben supports.
async fn setup(app: &TestApp) -> (Client, i64, Client, Client, i64) {
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let idea = submit(&anna, p, "Fahrradstraße Max-Brauer-Allee").await;
    let r = ben
        .post_form(&format!("/ideas/{idea}/support"), &[("on", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.deliver_mail().await;
    (staff, p, anna, ben, idea)
}

#[tokio::test]
async fn each_event_reaches_the_people_involved_and_only_them() {
    let app = TestApp::new().await;
    let (staff, p, anna, ben, idea) = setup(&app).await;
    let cem = app.citizen("cem@example.org", "Cem", PW).await;
    let _dora = app.citizen("dora@example.org", "Dora", PW).await;

    // Cem follows the process from its page.
    let page = cem.get(&format!("/processes/{p}")).await;
    page.assert_contains("Verfahren folgen");
    let r = cem
        .post_form(&format!("/processes/{p}/follow"), &[("on", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    cem.get(&format!("/processes/{p}"))
        .await
        .assert_contains("Nicht mehr folgen");

    // A status change with an official answer: author and supporter.
    set_status(&staff, idea, "in_review", "Wir prüfen das bis **Mai**.").await;
    for who in ["anna@example.org", "ben@example.org"] {
        assert_eq!(kinds_of(&app, who).await, vec!["ideas"], "{who}");
    }
    for who in ["cem@example.org", "dora@example.org", "team@altona.example"] {
        assert!(kinds_of(&app, who).await.is_empty(), "{who}");
    }
    app.deliver_mail().await;
    let mails = app.mails_to("ben@example.org");
    let mail = mails
        .iter()
        .find(|m| m.contains("In Pr"))
        .expect("status mail");
    assert!(mail.contains("Wir pr"), "{mail}");
    // Exactly one mail per person, not one from the old path as well.
    assert_eq!(
        app.mails_to("anna@example.org")
            .iter()
            .filter(|m| m.contains("Fahrradstra") && m.contains("In Pr"))
            .count(),
        1
    );

    // A reply to Ben's comment tells Ben, not the one who replied.
    let r = ben
        .post_form(
            &format!("/processes/{p}/comments"),
            &[("body", "Gute Sache!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let parent = r
        .location()
        .unwrap()
        .rsplit("#comment-")
        .next()
        .unwrap()
        .to_owned();
    let r = anna
        .post_form(
            &format!("/processes/{p}/comments"),
            &[
                ("body", "Finde ich auch, danke Ben."),
                ("parent_id", &parent),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        kinds_of(&app, "ben@example.org").await,
        vec!["ideas", "reply"]
    );
    assert_eq!(kinds_of(&app, "anna@example.org").await, vec!["ideas"]);
    app.deliver_mail().await;
    assert!(
        app.mails_to("ben@example.org")
            .iter()
            .any(|m| m.contains("danke Ben")),
        "reply mail"
    );

    // A new phase: once, to the process's followers (Cem; Anna wrote an idea
    // there, Ben commented), not to Dora.
    let n = app::notifications::notice_phases(&app.state.app)
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        app::notifications::notice_phases(&app.state.app)
            .await
            .unwrap(),
        0
    );
    assert_eq!(kinds_of(&app, "cem@example.org").await, vec!["phase"]);
    assert!(
        kinds_of(&app, "anna@example.org")
            .await
            .contains(&"phase".to_owned())
    );
    assert!(kinds_of(&app, "dora@example.org").await.is_empty());

    // A new survey in the process: its followers.
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[
                ("title", "Umfrage zum Radverkehr"),
                ("welcome", "Willkommen"),
                ("end", "Danke"),
                ("access", "open"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions"),
            &[
                ("kind", "single"),
                ("text", "Wie oft fahren Sie Rad?"),
                ("required", "1"),
                ("page", "1"),
                ("options", "Täglich\nSelten"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = staff
        .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        kinds_of(&app, "cem@example.org").await,
        vec!["phase", "survey"]
    );
    assert!(kinds_of(&app, "dora@example.org").await.is_empty());
    app.deliver_mail().await;
    assert!(
        app.mails_to("cem@example.org")
            .iter()
            .any(|m| m.contains("Umfrage zum Radverkehr")),
    );
}

#[tokio::test]
async fn settings_decide_between_at_once_digest_and_nothing() {
    let app = TestApp::new().await;
    let (staff, _p, anna, ben, idea) = setup(&app).await;
    let page = anna.get("/settings/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Antworten auf meine Kommentare");
    // An unknown choice is refused at its field.
    let r = anna
        .post_form("/settings/notifications", &[("reply", "hourly")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie eine der angebotenen Möglichkeiten.");
    let r = anna
        .post_form("/settings/notifications", &[("ideas", "daily")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = ben
        .post_form("/settings/notifications", &[("ideas", "off")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    anna.get("/settings/notifications")
        .await
        .assert_contains(r#"name="ideas" value="daily" checked"#);

    let before = (
        app.mails_to("anna@example.org").len(),
        app.mails_to("ben@example.org").len(),
    );
    set_status(&staff, idea, "in_review", "Wir prüfen das.").await;
    set_status(&staff, idea, "accepted", "Wird gebaut.").await;
    app.deliver_mail().await;
    // Nobody is mailed at once; both see them in their list.
    assert_eq!(app.mails_to("anna@example.org").len(), before.0);
    assert_eq!(app.mails_to("ben@example.org").len(), before.1);
    assert_eq!(kinds_of(&app, "anna@example.org").await.len(), 2);
    assert_eq!(kinds_of(&app, "ben@example.org").await.len(), 2);

    // The daily digest: one mail to Anna with both, nothing to Ben.
    let n = app::notifications::compose_digests(&app.state.app, "daily")
        .await
        .unwrap();
    assert_eq!(n, 1);
    app.deliver_mail().await;
    let mails = app.mails_to("anna@example.org");
    assert_eq!(mails.len(), before.0 + 1);
    let digest = mails.last().unwrap();
    assert!(
        digest.contains("In Prüfung") || digest.contains("In Pr"),
        "{digest}"
    );
    assert!(digest.contains("Angenommen"), "{digest}");
    assert!(digest.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert_eq!(app.mails_to("ben@example.org").len(), before.1);
    // Composed once: nothing is left for the next day.
    assert_eq!(
        app::notifications::compose_digests(&app.state.app, "daily")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn one_click_unsubscribe_works_without_login() {
    let app = TestApp::new().await;
    let (staff, _p, _anna, _ben, idea) = setup(&app).await;
    set_status(&staff, idea, "in_review", "Wir prüfen das.").await;
    app.deliver_mail().await;
    let mail = app
        .mails_to("ben@example.org")
        .into_iter()
        .rfind(|m| m.contains("In Pr"))
        .expect("status mail");
    let unfolded = mail.replace("\r\n ", " ").replace("\n ", " ");
    assert!(
        unfolded.contains("List-Unsubscribe: <http://mitreden.test/unsubscribe/"),
        "{mail}"
    );
    assert!(unfolded.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let at = unfolded
        .find("List-Unsubscribe: <http://mitreden.test")
        .unwrap()
        + "List-Unsubscribe: <http://mitreden.test".len();
    let link = unfolded[at..].split('>').next().unwrap().to_owned();
    // The mail's text has the same link.
    assert!(
        mail.contains(&format!("http://mitreden.test{link}\n"))
            || mail.contains(&format!("http://mitreden.test{link}\r\n")),
        "{mail}"
    );
    let ben_id = user_id(&app, "ben@example.org").await;
    let delivery = |settings: Vec<(&'static str, String)>| {
        settings.into_iter().find(|(k, _)| *k == "ideas").unwrap().1
    };

    // A GET shows a button and changes nothing.
    let stranger = app.client();
    let page = stranger.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Abbestellen");
    assert_eq!(
        delivery(db::notifications::settings(&app.db, ben_id).await.unwrap()),
        "instant"
    );
    // A forged token is not found.
    let last = if link.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &link[..link.len() - 1]);
    assert_eq!(
        stranger
            .post_raw(&forged, &[("List-Unsubscribe", "One-Click")], &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The one-click POST of a mail program: no cookie, no form token.
    let r = app
        .client()
        .post_raw(&link, &[("List-Unsubscribe", "One-Click")], &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Erledigt");
    assert_eq!(
        delivery(db::notifications::settings(&app.db, ben_id).await.unwrap()),
        "off"
    );
    // The next status change reaches Ben's list, not his inbox.
    let before = app.mails_to("ben@example.org").len();
    set_status(&staff, idea, "accepted", "Wird gebaut.").await;
    app.deliver_mail().await;
    assert_eq!(app.mails_to("ben@example.org").len(), before);
    assert_eq!(kinds_of(&app, "ben@example.org").await.len(), 2);
}

#[tokio::test]
async fn the_header_count_is_personal_on_shared_pages() {
    let app = TestApp::new().await;
    let (staff, p, anna, _ben, idea) = setup(&app).await;
    let dora = app.citizen("dora@example.org", "Dora", PW).await;
    set_status(&staff, idea, "in_review", "Wir prüfen das.").await;
    // Dora's readings make the page shared and kept.
    let path = "/processes";
    for _ in 0..3 {
        let r = dora.get(path).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains("1 neu"), "{}", r.body);
    }
    // Anna is served the shared page, with her count filled in.
    let r = testkit::wait_for(
        std::time::Duration::from_secs(10),
        "the shared page for Anna",
        async || {
            let r = anna.get(path).await;
            assert_eq!(r.status, StatusCode::OK);
            r.headers
                .get("x-cache")
                .is_some_and(|v| v == "hit")
                .then_some(r)
        },
    )
    .await;
    r.assert_contains(r#"<span class="notification-count">1 neu</span>"#);
    let r = dora.get(path).await;
    r.assert_contains(r#"<span class="notification-count"></span>"#);
    // The list, and reading marks them read.
    let list = anna.get("/notifications").await;
    list.assert_contains("Fahrradstraße Max-Brauer-Allee");
    list.assert_contains("In Prüfung");
    let r = anna.post_form("/notifications/read", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    anna.get(path)
        .await
        .assert_contains(r#"<span class="notification-count"></span>"#);
    let anna_id = user_id(&app, "anna@example.org").await;
    assert_eq!(
        db::notifications::unread(&app.db, anna_id).await.unwrap(),
        0
    );
    let _ = p;
}

#[tokio::test]
async fn share_links_load_nothing_until_clicked() {
    let app = TestApp::new().await;
    let (_staff, p, _anna, _ben, idea) = setup(&app).await;
    for path in [format!("/processes/{p}"), format!("/ideas/{idea}")] {
        let page = app.client().get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains("/share/mastodon?text=");
        page.assert_contains("mailto:?subject=");
        page.assert_contains("https://wa.me/?text=");
        page.assert_contains("https://t.me/share/url?url=");
        page.assert_contains(&format!("http://mitreden.test{path}"));
        // Nothing from another host is loaded by the page itself.
        for tag in ["<img src=\"http", "<script src=\"http", "<iframe"] {
            assert!(!page.body.contains(tag), "{tag} on {path}");
        }
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("form-action 'self';"), "{csp}");
    }
    let c = app.client();
    let chooser = c
        .get("/share/mastodon?text=Radverkehr%20http%3A%2F%2Fx")
        .await;
    assert_eq!(chooser.status, StatusCode::OK);
    chooser.assert_contains("Ihr Mastodon-Server");
    let bad = c
        .get("/share/mastodon?text=Radverkehr&instance=nicht%20gut")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Bitte geben Sie einen Servernamen");
    let go = c
        .get("/share/mastodon?text=Radverkehr%20in%20Altona&instance=%40anna%40Social.Example")
        .await;
    assert_eq!(go.status, StatusCode::SEE_OTHER);
    assert_eq!(
        go.location(),
        Some("https://social.example/share?text=Radverkehr+in+Altona")
    );
}

#[tokio::test]
async fn notifications_are_in_the_data_export_and_go_with_the_account() {
    let app = TestApp::new().await;
    let (staff, p, _anna, ben, idea) = setup(&app).await;
    let r = ben
        .post_form(&format!("/processes/{p}/follow"), &[("on", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    ben.post_form("/settings/notifications", &[("reply", "weekly")])
        .await;
    set_status(&staff, idea, "in_review", "Wir prüfen das.").await;
    let ben_id = user_id(&app, "ben@example.org").await;
    let data = db::data_rights::export(&app.db, ben_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(data.followed_processes.len(), 1);
    assert_eq!(data.notifications.len(), 1);
    assert_eq!(data.notification_settings.len(), 1);
    let tx = app.db.begin_write().await.unwrap();
    assert!(db::data_rights::erase_account(&tx, ben_id).await.unwrap());
    tx.commit().await.unwrap();
    assert!(
        db::notifications::list(&app.db, ben_id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !db::notifications::follows_process(&app.db, p, ben_id)
            .await
            .unwrap()
    );
}
