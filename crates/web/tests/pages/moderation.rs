//! Reports and the moderation queue: a comment reported, hidden behind a
//! public note on every instance, the statement of reasons mailed, the
//! appeal decided by another moderator; anonymous reports of illegal
//! content; personal data edited out with a visible mark.

use super::support::{comment, publish_process};
use axum::http::StatusCode;
use http_body_util::BodyExt;
use testkit::{Client, TestApp, wait_until};

/// How long another instance may take to hear of a change.
const WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

const PW: &str = "ein-sicheres-passwort";
const AUTHOR: &str = "anton@example.org";
const REPORTER: &str = "rita@example.org";

async fn open_process(app: &TestApp) -> i64 {
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let fields = [
        ("title", "Spielplatz am Park"),
        ("summary", "Was wünschen Sie sich?"),
    ];
    publish_process(&staff, dep, &fields).await
}

/// The next comment event of a live stream, if one comes within `within`.
async fn next_comment_event(
    res: &mut axum::response::Response,
    within: std::time::Duration,
) -> Option<serde_json::Value> {
    let body = res.body_mut();
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = String::new();
    loop {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .ok()??
            .ok()?;
        if let Some(data) = frame.data_ref() {
            buf.push_str(&String::from_utf8_lossy(data));
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                if event.lines().any(|l| l == "event: comment")
                    && let Some(d) = event.lines().find_map(|l| l.strip_prefix("data: "))
                {
                    return serde_json::from_str(d).ok();
                }
            }
        }
    }
}

/// A moderator account, logged in.
async fn moderator(app: &TestApp, email: &str, name: &str) -> Client {
    let hash = web::security::hash_password(PW.into()).await.unwrap();
    db::accounts::create(
        &app.db,
        db::accounts::NewUser {
            email: email.into(),
            display_name: name.into(),
            password_hash: hash,
            role: domain::Role::Moderator,
            department_id: None,
            verified: true,
        },
    )
    .await
    .unwrap();
    let c = app.client();
    c.login(email, PW).await;
    c
}

async fn hidden_rule(app: &TestApp, id: i64) -> Option<String> {
    db::moderation::item(&app.db, "comment", id)
        .await
        .unwrap()
        .unwrap()
        .hidden_rule
}

#[tokio::test]
async fn a_reported_comment_is_hidden_everywhere_and_the_appeal_goes_to_another_moderator() {
    let app = TestApp::new().await;
    let other = app.another_instance_if_shared().await;
    let p = open_process(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    let id = comment(&anton, p, "Der Nachbar ist ein Trottel").await;
    comment(&rita, p, "Bitte mehr Bänke").await;

    // Every comment but one's own can be reported.
    let page = rita.get(&format!("/processes/{p}")).await;
    page.assert_contains(&format!("/comments/{id}/report"));

    let form = rita.get(&format!("/comments/{id}/report")).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Beleidigung");
    form.assert_contains("Der Nachbar ist ein Trottel");
    // A reason must be chosen; the typed text stays.
    let r = rita
        .post_form(
            &format!("/comments/{id}/report"),
            &[("reason", ""), ("note", "Persönlicher Angriff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie einen Grund.");
    r.assert_contains("Persönlicher Angriff");
    let r = rita
        .post_form(
            &format!("/comments/{id}/report"),
            &[("reason", "insult"), ("note", "Persönlicher Angriff")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Danke für Ihre Meldung");
    // Once per person.
    let r = rita
        .post_form(&format!("/comments/{id}/report"), &[("reason", "spam")])
        .await;
    r.assert_contains("Bereits gemeldet");
    rita.get(&format!("/comments/{id}/report"))
        .await
        .assert_contains("Bereits gemeldet");
    assert_eq!(
        db::testing::count_rows(&app.db, "reports").await.unwrap(),
        1
    );
    app.deliver_mail().await;
    let mails = app.mails_to(REPORTER);
    assert_eq!(mails.len(), 2, "registration and confirmation");
    assert!(
        mails[1].contains(&format!("/comments/{id}")),
        "{}",
        mails[1]
    );
    // The report is in the person's data.
    let data = rita.get("/settings/data.json").await;
    let data: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(data["reports"][0]["item_id"], id);
    assert_eq!(data["reports"][0]["reason"], "insult");

    // Only moderators and administrators see the queue.
    assert_eq!(rita.get("/moderation").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.client().get("/moderation").await.status,
        StatusCode::SEE_OTHER
    );
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let q = mia.get("/moderation").await;
    assert_eq!(q.status, StatusCode::OK);
    q.assert_contains("Der Nachbar ist ein Trottel");
    q.assert_contains("Beleidigung");
    q.assert_contains("Persönlicher Angriff");
    q.assert_contains("Eine Meldung");

    // Hiding needs a rule; the typed statement stays.
    let decide = format!("/moderation/comment/{id}/decide");
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "hide"),
                ("rule", ""),
                ("statement", "Beschimpfung eines Nachbarn"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie die Regel");
    r.assert_contains("Beschimpfung eines Nachbarn");
    assert_eq!(hidden_rule(&app, id).await, None);

    // A reader watches the discussion live, on another instance where
    // there is one.
    app.start_background();
    let live_on = other.as_ref().unwrap_or(&app);
    if let Some(o) = &other {
        o.start_background();
        assert!(
            o.until_listening(WITHIN).await,
            "the other instance listens"
        );
    }
    let mut stream = live_on
        .client()
        .open_stream(&format!("/processes/{p}/live"))
        .await;
    wait_until(WITHIN, "the live page to subscribe", async || {
        live_on.state.live.readers() >= 1
    })
    .await;

    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "hide"),
                ("rule", "netiquette-insult"),
                ("statement", "Beschimpfung eines Nachbarn"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        hidden_rule(&app, id).await.as_deref(),
        Some("netiquette-insult")
    );
    mia.get("/moderation")
        .await
        .assert_contains("Keine offenen Meldungen.");
    let ev = next_comment_event(&mut stream, std::time::Duration::from_secs(1))
        .await
        .expect("the live page hears of the decision within a second");
    assert_eq!(ev["id"], id);
    let html = ev["html"].as_str().unwrap();
    assert!(html.contains("Ausgeblendet von der Moderation"), "{html}");
    assert!(!html.contains("Trottel"));

    // Every reader, on every instance, sees the note in place of the text.
    let note = "Ausgeblendet von der Moderation: Netiquette: keine Beleidigungen";
    let mut readers = vec![app.client()];
    if let Some(o) = &other {
        readers.push(app.client().on(o));
    }
    for reader in &readers {
        // Another instance hears of the change through the database.
        let url = format!("/processes/{p}");
        wait_until(WITHIN, "the note on every instance", async || {
            reader.get(&url).await.body.contains(note)
        })
        .await;
        let page = reader.get(&url).await;
        page.assert_contains(note);
        page.assert_contains("Bitte mehr Bänke");
        assert!(!page.body.contains("Trottel"), "{}", page.body);
        let page = reader.get(&format!("/comments/{id}")).await;
        page.assert_contains(note);
        assert!(!page.body.contains("Trottel"));
    }
    assert!(
        !app.client()
            .get("/search?q=Trottel")
            .await
            .body
            .contains(&format!("/comments/{id}"))
    );

    // The reporter learns the decision; the author gets the statement of
    // reasons with the link to appeal. The background worker may be
    // sending them already, so wait for them rather than expect them at once.
    wait_until(WITHIN, "the decision's mails", async || {
        app.deliver_mail().await;
        app.mails_to(REPORTER)
            .iter()
            .any(|m| m.contains("Entscheidung zu Ihrer Meldung"))
            && app
                .mails_to(AUTHOR)
                .iter()
                .any(|m| m.contains("/moderation/decisions/"))
    })
    .await;
    // Besides these, the running worker tells followers of the process's
    // new phase.
    let decisions = app
        .mails_to(REPORTER)
        .into_iter()
        .filter(|m| m.contains("Entscheidung zu Ihrer Meldung"))
        .count();
    assert_eq!(decisions, 1);
    let statement = app
        .mails_to(AUTHOR)
        .into_iter()
        .find(|m| m.contains("/moderation/decisions/"))
        .unwrap();
    assert!(
        statement.contains("Netiquette: keine Beleidigungen"),
        "{statement}"
    );
    assert!(statement.contains("Beschimpfung eines Nachbarn"));
    let appeal = app.link_from_mail(AUTHOR, "/moderation/decisions/").await;

    // Only the author sees the decision's page and appeals, once.
    assert_eq!(rita.get(&appeal).await.status, StatusCode::NOT_FOUND);
    let page = anton.get(&appeal).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Widerspruch einlegen");
    let r = anton
        .post_form(&format!("{appeal}/appeal"), &[("appeal", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = anton
        .post_form(
            &format!("{appeal}/appeal"),
            &[("appeal", "Das war ironisch gemeint")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = anton
        .post_form(&format!("{appeal}/appeal"), &[("appeal", "Nochmal")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    r.assert_contains("bereits Widerspruch eingelegt");

    // The appeal waits in the queue; the moderator who decided may not
    // decide it.
    let q = mia.get("/moderation").await;
    q.assert_contains("Das war ironisch gemeint");
    let decide_appeal = format!("{appeal}/appeal-decision");
    let r = mia
        .post_form(&decide_appeal, &[("outcome", "reversed")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("andere Person aus der Moderation");
    assert!(hidden_rule(&app, id).await.is_some());

    let max = moderator(&app, "max@example.org", "Max").await;
    let r = max
        .post_form(&decide_appeal, &[("outcome", "reversed")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(hidden_rule(&app, id).await, None);
    for reader in &readers {
        let url = format!("/processes/{p}");
        wait_until(WITHIN, "the comment back on every instance", async || {
            reader
                .get(&url)
                .await
                .body
                .contains("Der Nachbar ist ein Trottel")
        })
        .await;
        let page = reader.get(&url).await;
        page.assert_contains("Der Nachbar ist ein Trottel");
        assert!(!page.body.contains(note));
    }
    wait_until(WITHIN, "the appeal's outcome by mail", async || {
        app.deliver_mail().await;
        app.mails_to(AUTHOR)
            .iter()
            .any(|m| m.contains("Widerspruch wurde entschieden"))
    })
    .await;
    let outcome = app
        .mails_to(AUTHOR)
        .into_iter()
        .find(|m| m.contains("Widerspruch wurde entschieden"))
        .unwrap();
    assert!(outcome.contains(&format!("/comments/{id}")), "{outcome}");
    let again = max
        .post_form(&decide_appeal, &[("outcome", "upheld")])
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);

    // Each decision is in the audit log.
    let (entries, _) = db::audit::list(&app.db, None, None, 0, 50).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"moderation.hide"), "{actions:?}");
    assert!(
        actions.contains(&"moderation.appeal.reversed"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn anonymous_readers_report_illegal_content_with_an_address_that_is_deleted_after_the_answer()
{
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let id = comment(&anton, p, "Ein harmloser Beitrag").await;
    let visitor = app.client();
    let form = visitor.get(&format!("/comments/{id}/report")).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Rechtswidriger Inhalt");
    assert!(!form.body.contains("value=\"insult\""));

    let url = format!("/comments/{id}/report");
    let r = visitor
        .post_form(
            &url,
            &[("reason", "insult"), ("email", "leser@example.org")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("nur rechtswidrige Inhalte");
    let r = visitor
        .post_form(&url, &[("reason", "illegal"), ("note", "Volksverhetzung?")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Volksverhetzung?");
    let r = visitor
        .post_form(
            &url,
            &[
                ("reason", "illegal"),
                ("note", "Volksverhetzung?"),
                ("email", "leser@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Danke für Ihre Meldung");
    app.deliver_mail().await;
    assert_eq!(app.mails_to("leser@example.org").len(), 1);

    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let r = mia
        .post_form(
            &format!("/moderation/comment/{id}/decide"),
            &[("action", "keep"), ("statement", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.deliver_mail().await;
    let mails = app.mails_to("leser@example.org");
    assert_eq!(mails.len(), 2);
    assert!(mails[1].contains(&format!("/comments/{id}")));
    // Kept: no statement to the author, the comment stays, and the reader's
    // address is gone from every table.
    assert_eq!(app.mails_to(AUTHOR).len(), 1, "only the registration");
    app.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("Ein harmloser Beitrag");
    let tables = db::testing::tables_holding(&app.db, "leser@example.org")
        .await
        .unwrap();
    assert!(tables.is_empty(), "{tables:?}");
}

#[tokio::test]
async fn personal_data_is_edited_out_with_a_visible_mark() {
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    let id = comment(&anton, p, "Ruft Frau Meier an: 0170 1234567").await;
    let r = rita
        .post_form(
            &format!("/comments/{id}/report"),
            &[("reason", "personal-data")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let decide = format!("/moderation/comment/{id}/decide");
    // An empty text is refused and the form keeps the statement.
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "edit"),
                ("statement", "Telefonnummer entfernt"),
                ("body", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Telefonnummer entfernt");
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "edit"),
                ("statement", "Telefonnummer entfernt"),
                ("body", "Ruft Frau Meier an: [entfernt]"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("Ruft Frau Meier an: [entfernt]");
    page.assert_contains("Von der Moderation bearbeitet");
    assert!(!page.body.contains("1234567"));
    app.deliver_mail().await;
    let statement = app.mails_to(AUTHOR).pop().unwrap();
    assert!(statement.contains("Telefonnummer entfernt"), "{statement}");
}

#[tokio::test]
async fn a_deleted_account_leaves_nothing_of_the_reporter_in_reports() {
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let rita = app.citizen(REPORTER, "Rita Rapportina", PW).await;
    let id = comment(&anton, p, "Ein Beitrag").await;
    let r = rita
        .post_form(
            &format!("/comments/{id}/report"),
            &[
                ("reason", "other"),
                ("note", "Rita Rapportina meint: falsch"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    app.deliver_mail().await;
    let r = rita
        .post_form("/settings/delete", &[("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for needle in [REPORTER, "Rita Rapportina"] {
        let tables = db::testing::tables_holding(&app.db, needle).await.unwrap();
        assert!(tables.is_empty(), "{needle} is still in {tables:?}");
    }
    // The report itself stays for the moderation to decide.
    assert_eq!(
        db::testing::count_rows(&app.db, "reports").await.unwrap(),
        1
    );
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    mia.get("/moderation").await.assert_contains("Ein Beitrag");
}

#[tokio::test]
async fn the_twenty_first_report_in_an_hour_is_refused_and_the_typed_text_stays() {
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    // Comments are limited per author, so three write the 21 comments.
    let mut ids = Vec::new();
    for (i, email) in ["a1@example.org", "a2@example.org", "a3@example.org"]
        .into_iter()
        .enumerate()
    {
        let author = app.citizen(email, &format!("Autor {i}"), PW).await;
        for n in 0..7 {
            ids.push(comment(&author, p, &format!("Beitrag {i}-{n}")).await);
        }
    }
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    for id in &ids[..20] {
        let r = rita
            .post_form(
                &format!("/comments/{id}/report"),
                &[("reason", "spam"), ("note", "Werbung")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let last = ids[20];
    let r = rita
        .post_form(
            &format!("/comments/{last}/report"),
            &[("reason", "spam"), ("note", "Schon wieder Werbung")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    r.assert_contains("Zu viele Versuche.");
    r.assert_contains("Schon wieder Werbung");
    let waiting = db::moderation::queue(&app.db, 100).await.unwrap();
    assert_eq!(waiting.len(), 20, "the refused report is not stored");
    assert!(waiting.iter().all(|e| e.item.id != last));
    // The limit is this account's: another reader still reports.
    let other = app.citizen("otto@example.org", "Otto", PW).await;
    let r = other
        .post_form(
            &format!("/comments/{last}/report"),
            &[("reason", "spam"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let waiting = db::moderation::queue(&app.db, 100).await.unwrap();
    assert!(waiting.iter().any(|e| e.item.id == last));
}

/// A staff member's published process with an opinion map, without
/// pre-moderation.
async fn open_map(app: &TestApp) -> i64 {
    let (staff, dep) = app.staff("karte@bezirk.example", PW, "Stadtplanung").await;
    let process = staff.publish_process(dep, &[]).await;
    let r = staff
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[
                ("title", "Wie soll der Park aussehen?"),
                ("description", "Stimmen Sie ab."),
                ("seeds", "Mehr Bäume\nMehr Bänke"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/opinion/")
        .parse()
        .unwrap()
}

async fn statement_state(app: &TestApp, id: i64) -> String {
    db::opinion::statement(app.db.conn(), id)
        .await
        .unwrap()
        .unwrap()
        .state
}

#[tokio::test]
async fn a_reported_statement_is_moderated_out_of_the_map_and_back_on_appeal() {
    let app = TestApp::new().await;
    let map = open_map(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let r = anton
        .post_form(
            &format!("/opinion/{map}/statements"),
            &[("body", "Herr Müller aus Nummer 5 ist ein Trottel")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let sid = db::opinion::statements(app.db.conn(), map, None)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.body.contains("Trottel"))
        .unwrap()
        .id;
    assert_eq!(statement_state(&app, sid).await, "approved");

    // The voting page offers a report link beside the statement.
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    rita.get(&format!("/opinion/{map}"))
        .await
        .assert_contains("/opinion/statements/");
    let report = format!("/opinion/statements/{sid}/report");
    let form = rita.get(&report).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Herr Müller aus Nummer 5 ist ein Trottel");
    form.assert_contains(&format!("action=\"{report}\""));
    let r = rita
        .post_form(&report, &[("reason", ""), ("note", "Name eines Nachbarn")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Name eines Nachbarn");
    let r = rita
        .post_form(
            &report,
            &[("reason", "insult"), ("note", "Name eines Nachbarn")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Danke für Ihre Meldung");

    // The statement waits in the queue beside comments; a moderator hides it.
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let q = mia.get("/moderation").await;
    q.assert_contains("Herr Müller aus Nummer 5 ist ein Trottel");
    let decide = format!("/moderation/opinion-statement/{sid}/decide");
    q.assert_contains(&decide);
    let r = mia
        .post_form(
            &decide,
            &[("action", "hide"), ("rule", ""), ("statement", "Beleidigt")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Beleidigt");
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "hide"),
                ("rule", "netiquette-insult"),
                ("statement", "Beleidigt einen Nachbarn"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(statement_state(&app, sid).await, "rejected");
    let item = db::moderation::item(&app.db, "opinion-statement", sid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.hidden_rule.as_deref(), Some("netiquette-insult"));
    mia.get("/moderation")
        .await
        .assert_contains("Keine offenen Meldungen.");
    // Out of the map: not offered to vote on, not in the export, and no
    // longer reportable.
    let reader = app.client();
    for _ in 0..3 {
        let page = reader.get(&format!("/opinion/{map}")).await;
        assert!(!page.body.contains("Trottel"), "{}", page.body);
    }
    let csv = reader.get(&format!("/opinion/{map}/comments.csv")).await;
    assert!(!csv.body.contains("Trottel"), "{}", csv.body);
    assert_eq!(reader.get(&report).await.status, StatusCode::NOT_FOUND);

    // The reporter learns the decision; the author gets the statement of
    // reasons and appeals; another moderator reverses it.
    app.deliver_mail().await;
    assert_eq!(app.mails_to(REPORTER).len(), 3);
    let statement = app.mails_to(AUTHOR).pop().unwrap();
    assert!(
        statement.contains("Beleidigt einen Nachbarn"),
        "{statement}"
    );
    assert!(
        statement.contains(&format!("/opinion/{map}")),
        "{statement}"
    );
    let appeal = app.link_from_mail(AUTHOR, "/moderation/decisions/").await;
    let page = anton.get(&appeal).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("/opinion/{map}"));
    let r = anton
        .post_form(
            &format!("{appeal}/appeal"),
            &[("appeal", "Das ist eine Tatsache")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = mia.get("/moderation").await;
    q.assert_contains("Das ist eine Tatsache");
    let max = moderator(&app, "max@example.org", "Max").await;
    let r = max
        .post_form(
            &format!("{appeal}/appeal-decision"),
            &[("outcome", "reversed")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(statement_state(&app, sid).await, "approved");
    let (entries, _) = db::audit::list(&app.db, None, None, 0, 50).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "moderation.hide"
                && e.subject == format!("opinion-statement:{sid}")),
        "{:?}",
        entries.iter().map(|e| &e.subject).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_hidden_idea_shows_the_note_and_leaves_search_and_map() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("ideen@bezirk.example", PW, "Bezirksamt").await;
    let p = staff.publish_process(dep, &[("ideas_enabled", "1")]).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let r = anton
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Zaunkönig Müller vertreiben"),
                ("body", "Herr Müller aus Nummer 5 stört alle."),
                ("lat", "53.552"),
                ("lon", "9.935"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    let idea = format!("/ideas/{id}");

    // Others see a report link on the idea; its author does not.
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    rita.get(&idea)
        .await
        .assert_contains(&format!("{idea}/report"));
    assert!(
        !anton
            .get(&idea)
            .await
            .body
            .contains(&format!("{idea}/report"))
    );
    let report = format!("{idea}/report");
    let form = rita.get(&report).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Herr Müller aus Nummer 5 stört alle.");
    let r = rita
        .post_form(&report, &[("reason", "personal-data"), ("note", "Name")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Danke für Ihre Meldung");

    // A comment on the idea is found under the idea's title.
    let r = rita
        .post_form(
            &format!("{idea}/comments"),
            &[("body", "Die Schwanenfamilie braucht Ruhe.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let q = mia.get("/moderation").await;
    q.assert_contains("Herr Müller aus Nummer 5 stört alle.");
    let decide = format!("/moderation/idea/{id}/decide");
    q.assert_contains(&decide);
    // Before: in search (the idea, and its title over the comment on it)
    // and on the map.
    app.client()
        .get("/search?q=Zaunkönig")
        .await
        .assert_contains(&idea);
    let found = app.client().get("/search?q=Schwanenfamilie").await;
    found.assert_contains("braucht Ruhe.");
    found.assert_contains("Zaunkönig Müller vertreiben");
    let map = format!("/processes/{p}/ideas/map");
    app.client().get(&map).await.assert_contains(&idea);

    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "hide"),
                ("rule", "netiquette-personal-data"),
                ("statement", "Nennt einen Nachbarn mit Namen"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let item = db::moderation::item(&app.db, "idea", id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        item.hidden_rule.as_deref(),
        Some("netiquette-personal-data")
    );

    // Its page and the list show the note instead of its text; search and
    // map no longer have it.
    let reader = app.client();
    let page = reader.get(&idea).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Ausgeblendet von der Moderation");
    assert!(!page.body.contains("Müller"), "{}", page.body);
    let list = reader.get(&format!("/processes/{p}/ideas")).await;
    list.assert_contains("Ausgeblendet von der Moderation");
    assert!(!list.body.contains("Müller"), "{}", list.body);
    // Nothing is found by a word of its title, and the comment on it is
    // found without it.
    let found = reader.get("/search?q=Zaunkönig").await;
    assert!(!found.body.contains(&idea), "{}", found.body);
    let found = reader.get("/search?q=Schwanenfamilie").await;
    found.assert_contains("braucht Ruhe.");
    assert!(!found.body.contains("Zaunkönig"), "{}", found.body);
    assert!(!reader.get(&map).await.body.contains(&idea));

    // The author gets the statement of reasons; reversed on appeal, the
    // idea returns to the search.
    app.deliver_mail().await;
    let statement = app.mails_to(AUTHOR).pop().unwrap();
    assert!(
        statement.contains("Nennt einen Nachbarn mit Namen"),
        "{statement}"
    );
    let appeal = app.link_from_mail(AUTHOR, "/moderation/decisions/").await;
    let r = anton
        .post_form(&format!("{appeal}/appeal"), &[("appeal", "Stimmt nicht")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let max = moderator(&app, "max@example.org", "Max").await;
    let r = max
        .post_form(
            &format!("{appeal}/appeal-decision"),
            &[("outcome", "reversed")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    reader
        .get(&idea)
        .await
        .assert_contains("Herr Müller aus Nummer 5");
    reader
        .get("/search?q=Zaunkönig")
        .await
        .assert_contains(&idea);
    reader
        .get("/search?q=Schwanenfamilie")
        .await
        .assert_contains("Zaunkönig Müller vertreiben");
}

#[tokio::test]
async fn personal_data_is_edited_out_of_an_idea() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("ideen@bezirk.example", PW, "Bezirksamt").await;
    let p = staff.publish_process(dep, &[("ideas_enabled", "1")]).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let r = anton
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Ruhe am Spielplatz"),
                ("body", "Frau Schmidt, Telefon 0123 456, ist oft laut."),
            ],
            None,
        )
        .await;
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    let r = rita
        .post_form(
            &format!("/ideas/{id}/report"),
            &[("reason", "personal-data"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let decide = format!("/moderation/idea/{id}/decide");
    // The edited text must not be empty; what was typed stays.
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "edit"),
                ("statement", "Telefonnummer entfernt"),
                ("body", " "),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Telefonnummer entfernt");
    let r = mia
        .post_form(
            &decide,
            &[
                ("action", "edit"),
                ("statement", "Telefonnummer entfernt"),
                ("body", "Eine Nachbarin ist oft laut."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.client().get(&format!("/ideas/{id}")).await;
    page.assert_contains("Eine Nachbarin ist oft laut.");
    page.assert_contains("Von der Moderation bearbeitet");
    assert!(!page.body.contains("0123 456"));
    let found = app.client().get("/search?q=Nachbarin").await;
    found.assert_contains(&format!("/ideas/{id}"));
    assert!(
        !app.client()
            .get("/search?q=Schmidt")
            .await
            .body
            .contains(&format!("/ideas/{id}"))
    );
}

#[tokio::test]
async fn personal_data_is_edited_out_of_a_statement_with_a_visible_mark() {
    let app = TestApp::new().await;
    let map = open_map(&app).await;
    let anton = app.citizen(AUTHOR, "Anton", PW).await;
    let r = anton
        .post_form(
            &format!("/opinion/{map}/statements"),
            &[("body", "Frau Schmidt aus Nummer 3 mäht sonntags")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let sid = db::opinion::statements(app.db.conn(), map, None)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.body.contains("Schmidt"))
        .unwrap()
        .id;
    let rita = app.citizen(REPORTER, "Rita", PW).await;
    let r = rita
        .post_form(
            &format!("/opinion/statements/{sid}/report"),
            &[("reason", "personal-data"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mia = moderator(&app, "mia@example.org", "Mia").await;
    let r = mia
        .post_form(
            &format!("/moderation/opinion-statement/{sid}/decide"),
            &[
                ("action", "edit"),
                ("statement", "Name entfernt"),
                ("body", "Eine Nachbarin mäht sonntags"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = db::opinion::statement(app.db.conn(), sid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.body, "Eine Nachbarin mäht sonntags");
    assert!(stored.moderated_at.is_some());
    // Where the statement is offered for a vote, it carries the mark (the
    // seeds come first; Rita passes on them).
    let seeds = db::opinion::statements(app.db.conn(), map, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.id != sid);
    for seed in seeds {
        let r = rita
            .post_form(
                &format!("/opinion/{map}/votes"),
                &[("statement", &seed.id.to_string()), ("vote", "pass")],
            )
            .await;
        assert!(r.status.is_redirection(), "{}", r.body);
    }
    let page = rita.get(&format!("/opinion/{map}")).await;
    let at = page
        .body
        .find(&format!("id=\"statement-{sid}\""))
        .map(|i| &page.body[i..]);
    let shown = at.unwrap_or_else(|| panic!("statement not offered: {}", page.body));
    let end = shown.find("</p>").unwrap_or(shown.len());
    assert!(
        shown[..end].contains("Eine Nachbarin mäht sonntags"),
        "{}",
        &shown[..end]
    );
    assert!(
        shown[..end].contains("Von der Moderation bearbeitet"),
        "{}",
        &shown[..end]
    );
    assert!(!page.body.contains("Schmidt"));
}
