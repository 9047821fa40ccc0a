//! Authors edit their idea as new versions until the department answers,
//! and withdraw it with a public reason.

use super::support::{day, publish_process, submit_idea};
use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

async fn process(staff: &Client, dep: i64) -> i64 {
    publish_process(staff, dep, &[("participation_until", &day(5))]).await
}

async fn submit(c: &Client, process: i64, title: &str) -> i64 {
    let fields = [
        ("title", title),
        ("body", "Ein Radweg entlang der Elbe."),
        ("lat", "53.5460"),
        ("lon", "9.9370"),
    ];
    submit_idea(c, process, &fields).await
}

async fn setup() -> (TestApp, Client, i64, Client, Client, i64) {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let id = submit(&anna, p, "Radweg an der Elbe").await;
    (app, staff, p, anna, ben, id)
}

#[tokio::test]
async fn authors_edit_their_idea_in_versions_until_the_department_answers() {
    let (app, staff, _, anna, ben, id) = setup().await;
    let edit = format!("/ideas/{id}/edit");

    // Others may neither open the form nor post a change.
    assert_eq!(ben.get(&edit).await.status, StatusCode::FORBIDDEN);
    let r = ben
        .post_form(&edit, &[("title", "Übernommen"), ("body", "Neu")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client().get(&edit).await.status, StatusCode::SEE_OTHER);
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        (idea.title.as_str(), idea.version),
        ("Radweg an der Elbe", 1)
    );

    // The author's page links to the form, which holds the current text.
    anna.get(&format!("/ideas/{id}"))
        .await
        .assert_contains(&format!("href=\"/ideas/{id}/edit\""));
    let r = anna.get(&edit).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Ein Radweg entlang der Elbe.");

    // An empty title: a message at the field, the typed text kept.
    let r = anna
        .post_form(&edit, &[("title", " "), ("body", "Mein neuer Text")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"title-error\"");
    r.assert_contains("Mein neuer Text");
    // Nothing changed: no new version.
    let r = anna
        .post_form(
            &edit,
            &[
                ("title", "Radweg an der Elbe"),
                ("body", "Ein Radweg entlang der Elbe."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("unverändert");

    let r = anna
        .post_form(
            &edit,
            &[
                ("title", "Radweg an der Elbe bis Övelgönne"),
                ("body", "Ein breiter Radweg entlang der Elbe."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(idea.title, "Radweg an der Elbe bis Övelgönne");
    assert_eq!(idea.version, 2);
    let versions = db::ideas::versions(&app.db, id).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].author_name.as_deref(), Some("Anna"));

    // Everyone sees the history on the idea's page, and what changed.
    let r = app.client().get(&format!("/ideas/{id}")).await;
    r.assert_contains("Radweg an der Elbe bis Övelgönne");
    r.assert_contains("Version 2 von Anna");
    r.assert_contains(&format!("/ideas/{id}/versions?from=1&amp;to=2"));
    let r = app
        .client()
        .get(&format!("/ideas/{id}/versions?from=1&to=2"))
        .await;
    r.assert_contains("<ins");
    r.assert_contains("breiter");

    // After the official answer the form is refused with a clear message.
    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "in_review"), ("answer", "Wir prüfen das.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = anna.get(&edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("bereits geantwortet");
    assert!(!r.body.contains(&format!("action=\"/ideas/{id}/edit\"")));
    let r = anna
        .post_form(
            &edit,
            &[("title", "Zu spät"), ("body", "Noch eine Änderung")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("bereits geantwortet");
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        (idea.title.as_str(), idea.version),
        ("Radweg an der Elbe bis Övelgönne", 2)
    );
}

#[tokio::test]
async fn a_withdrawal_needs_a_reason_and_takes_the_idea_out_of_lists() {
    let (app, _staff, p, anna, ben, id) = setup().await;
    let withdraw = format!("/ideas/{id}/withdraw");
    let list = format!("/processes/{p}/ideas");
    app.client()
        .get(&list)
        .await
        .assert_contains("Radweg an der Elbe");

    // Only its authors withdraw it.
    let r = ben.post_form(&withdraw, &[("reason", "Weg damit")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The reason is required: a message at the field, nothing changed.
    let r = anna.post_form(&withdraw, &[("reason", "   ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"withdraw-reason-error\"");
    assert!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .withdrawn
            .is_none()
    );

    let r = anna
        .post_form(&withdraw, &[("reason", "Die Stadt plant das bereits.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        idea.withdrawn.map(|w| w.1).as_deref(),
        Some("Die Stadt plant das bereits.")
    );

    let process = db::processes::get(&app.db, p).await.unwrap().unwrap();
    assert_eq!(process.idea_count, 0, "the process no longer counts it");

    // The reason shows publicly; lists and the map no longer hold it.
    let r = app.client().get(&format!("/ideas/{id}")).await;
    r.assert_contains("zurückgezogen");
    r.assert_contains("Die Stadt plant das bereits.");
    assert!(
        !app.client()
            .get(&list)
            .await
            .body
            .contains("Radweg an der Elbe")
    );
    assert!(
        !app.client()
            .get(&format!("/processes/{p}/ideas/map"))
            .await
            .body
            .contains("Radweg an der Elbe")
    );

    // No more supports, and no more edits.
    let r = ben.get(&format!("/ideas/{id}")).await;
    assert!(!r.body.contains(&format!("action=\"/ideas/{id}/support\"")));
    ben.post_form(&format!("/ideas/{id}/support"), &[("on", "1")])
        .await;
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(idea.support_count, 0);
    let r = anna.get(&format!("/ideas/{id}/edit")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("zurückgezogen");
    // Nor suggested changes.
    let r = ben
        .post_form(
            &format!("/ideas/{id}/suggestions"),
            &[
                ("title", "Anders"),
                ("body", "Ganz anders"),
                ("note", "Besser so"),
            ],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    r.assert_contains("zurückgezogen");
    assert!(
        db::ideas::suggestions(&app.db, id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn person(app: &TestApp, email: &str) -> app::Actor {
    let u = db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    app::Actor::Person(std::sync::Arc::new(u))
}

#[tokio::test]
async fn the_commands_check_who_acts_and_touch_the_pages_they_change() {
    use app::{Actor, CommandError};
    use domain::Tag;
    let (app, _staff, p, _anna, _ben, id) = setup().await;
    let cmd = &app.state.app;
    let (anna, ben) = (
        person(&app, "anna@example.org").await,
        person(&app, "ben@example.org").await,
    );
    let staff = person(&app, "team@altona.example").await;

    assert!(matches!(
        app::ideas::edit::edit(cmd, &Actor::Anonymous, id, "T", "B").await,
        Err(CommandError::LoginRequired)
    ));
    for actor in [&ben, &staff] {
        assert!(matches!(
            app::ideas::edit::edit(cmd, actor, id, "Neu", "Neuer Text").await,
            Err(CommandError::Forbidden)
        ));
        assert!(matches!(
            app::ideas::edit::withdraw(cmd, actor, id, "Grund").await,
            Err(CommandError::Forbidden)
        ));
    }
    let out = app::ideas::edit::edit(cmd, &anna, id, "Neu", "Neuer Text")
        .await
        .unwrap();
    assert_eq!(out.value, 2);
    for tag in [Tag::Idea(id), Tag::Process(p), Tag::Lists, Tag::Search] {
        assert!(out.changes.tags.contains(&tag), "{tag:?}");
    }
    match app::ideas::edit::withdraw(cmd, &anna, id, "").await {
        Err(CommandError::Invalid(e)) => assert_eq!(e.get("reason"), Some("error-required")),
        other => panic!("{other:?}"),
    }
    let out = app::ideas::edit::withdraw(cmd, &anna, id, "Erledigt")
        .await
        .unwrap();
    for tag in [Tag::Idea(id), Tag::Process(p), Tag::Lists, Tag::Search] {
        assert!(out.changes.tags.contains(&tag), "{tag:?}");
    }
    assert!(matches!(
        app::ideas::edit::withdraw(cmd, &anna, id, "Nochmal").await,
        Err(CommandError::Refused(_))
    ));
    assert!(matches!(
        app::ideas::support(cmd, &ben, id, true).await,
        Err(CommandError::Refused(_))
    ));
}
