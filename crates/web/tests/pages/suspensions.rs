//! Suspensions: a moderator suspends a person with a reason; the person
//! still reads, sees the reason and the end on every page, and every write
//! is refused with a message, until the suspension ends or is lifted. All
//! of it in the audit log, in the person's data export, and gone with them.

use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";
const CITIZEN: &str = "paul.pfeffer@example.org";
const REASON: &str = "Wiederholte Beleidigungen trotz Hinweis";

async fn setup(app: &TestApp) -> (Client, Client, i64, i64) {
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let process = staff
        .publish_process(
            dep,
            &[("ideas_enabled", "1"), ("title", "Spielplatz am Park")],
        )
        .await;
    let moderator = app.admin("moderation@bezirk.example", PW).await;
    let citizen = app.citizen(CITIZEN, "Paul Pfeffer", PW).await;
    let id = db::accounts::by_email(&app.db, CITIZEN)
        .await
        .unwrap()
        .unwrap()
        .id;
    (moderator, citizen, process, id)
}

fn in_days(n: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

async fn suspend(moderator: &Client, user: i64, until: &str) {
    let r = moderator
        .post_form(
            &format!("/moderation/users/{user}/suspend"),
            &[("reason", REASON), ("until", until)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some("/moderation/suspensions"));
}

#[tokio::test]
async fn a_suspended_citizen_reads_but_every_write_is_refused_until_the_end() {
    let app = TestApp::new().await;
    let (moderator, citizen, process, user) = setup(&app).await;

    // The administrators' list of users links to the form.
    let users = moderator.get("/admin/users").await;
    users.assert_contains(&format!("/moderation/users/{user}/suspend"));

    suspend(&moderator, user, &in_days(7)).await;
    let list = moderator.get("/moderation/suspensions").await;
    assert_eq!(list.status, StatusCode::OK);
    list.assert_contains("Paul Pfeffer");
    list.assert_contains(REASON);

    // Reading works, and every page says why and until when.
    let page = citizen.get(&format!("/processes/{process}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Ihr Konto ist gesperrt");
    page.assert_contains(REASON);
    let last_day = web::dates::date(
        chrono::Local::now().date_naive() + chrono::Duration::days(7),
        "de",
    );
    page.assert_contains(&format!("bis einschließlich {last_day}"));
    let home = citizen.get("/").await;
    home.assert_contains(REASON);

    // A comment is refused with the message, the typed text kept.
    let r = citizen
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Mein gesperrter Kommentar")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    r.assert_contains("Sie können lesen, aber nichts schreiben");
    r.assert_contains("Mein gesperrter Kommentar");
    // An idea too.
    let r = citizen
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[
                ("title", "Gesperrte Idee"),
                ("body", "Eine Idee, die nicht kommt."),
            ],
            None,
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.assert_contains("Sie können lesen, aber nichts schreiben");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        0
    );
    assert_eq!(db::testing::count_rows(&app.db, "ideas").await.unwrap(), 0);

    // Other people are not concerned: their pages show no notice.
    let other = app
        .citizen("ida.ingwer@example.org", "Ida Ingwer", PW)
        .await;
    let page = other.get(&format!("/processes/{process}")).await;
    assert!(!page.body.contains(REASON));
    let r = other
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Ein freier Kommentar")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The suspension is in the person's data export.
    let export = citizen.get("/settings/data.json").await;
    assert_eq!(export.status, StatusCode::OK);
    export.assert_contains(REASON);

    // When it ends, writing works again and the notice is gone.
    // (Moved by hand, which a kept session learns within half a minute, or
    // at the next login; the passing of time itself is checked on every
    // request.)
    db::testing::end_suspensions(&app.db, user).await.unwrap();
    citizen.login(CITIZEN, PW).await;
    let again = citizen.get(&format!("/processes/{process}")).await;
    assert!(
        !again.body.contains(REASON),
        "notice still shown after the end"
    );
    let r = citizen
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Wieder dabei")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Suspending is in the audit log.
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(actions.contains(&"user.suspend".to_owned()), "{actions:?}");
    assert!(matches!(
        db::audit::verify(&app.db).await.unwrap(),
        db::audit::Verdict::Intact(_)
    ));
}

#[tokio::test]
async fn a_suspension_for_good_is_lifted_early_and_logged() {
    let app = TestApp::new().await;
    let (moderator, citizen, process, user) = setup(&app).await;
    suspend(&moderator, user, "").await;
    let page = citizen.get(&format!("/processes/{process}")).await;
    page.assert_contains("Die Sperre gilt auf Dauer");
    let r = citizen
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Noch gesperrt")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);

    let s = db::suspensions::active(app.db.conn(), user, db::now())
        .await
        .unwrap()
        .expect("a suspension in force");
    assert_eq!(s.ends_at, None);
    assert_eq!(s.reason, REASON);
    let r = moderator
        .post_form(&format!("/moderation/suspensions/{}/lift", s.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = moderator.get("/moderation/suspensions").await;
    list.assert_contains("Zurzeit ist niemand gesperrt");

    let page = citizen.get(&format!("/processes/{process}")).await;
    assert!(!page.body.contains(REASON));
    let r = citizen
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Wieder frei")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(
        actions.contains(&"user.unsuspend".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn only_moderators_suspend_and_bad_input_keeps_the_form() {
    let app = TestApp::new().await;
    let (moderator, citizen, process, user) = setup(&app).await;
    let other = app
        .citizen("ida.ingwer@example.org", "Ida Ingwer", PW)
        .await;
    let r = other
        .get(&format!("/moderation/users/{user}/suspend"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = other
        .post_form(
            &format!("/moderation/users/{user}/suspend"),
            &[("reason", "x"), ("until", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        other.get("/moderation/suspensions").await.status,
        StatusCode::FORBIDDEN
    );

    // No reason, a day in the past: the form again with the typed values.
    let r = moderator
        .post_form(
            &format!("/moderation/users/{user}/suspend"),
            &[("reason", "  "), ("until", &in_days(-2))],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte füllen Sie dieses Feld aus");
    r.assert_contains("nicht in der Vergangenheit");
    r.assert_contains(&in_days(-2));
    let r = moderator
        .post_form(
            &format!("/moderation/users/{user}/suspend"),
            &[("reason", "Grund"), ("until", "morgen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Grund");
    assert_eq!(
        db::testing::count_rows(&app.db, "suspensions")
            .await
            .unwrap(),
        0
    );
    // Nothing was suspended: the citizen still writes.
    let r = citizen
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Frei")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_suspension_reaches_another_instance_at_once() {
    let app = TestApp::new().await;
    let (moderator, citizen, process, user) = setup(&app).await;
    let Some(other) = app.another_instance_if_shared().await else {
        return;
    };
    other.start_background();
    assert!(
        other
            .until_listening(std::time::Duration::from_secs(10))
            .await
    );
    let there = citizen.on(&other);
    // The session is kept on the other instance before the suspension.
    there.get(&format!("/processes/{process}")).await;
    let epoch = other.forget_epoch();
    suspend(&moderator, user, &in_days(3)).await;
    other
        .until_forgotten(
            domain::Tag::User(user),
            epoch,
            std::time::Duration::from_secs(5),
        )
        .await;
    let page = there.get(&format!("/processes/{process}")).await;
    page.assert_contains(REASON);
    let r = there
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", "Von drüben")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    let _ = app;
}
