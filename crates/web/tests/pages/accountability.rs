//! Accountability for answers: what a process promises (set in the staff's
//! form), the public figures per department and in all, the marks on ideas,
//! the staff's reminder before a deadline, and the figures in the API.

use app::Actor;
use axum::http::StatusCode;
use testkit::{Client, TestApp};

use crate::support::{created_id, day};

const PW: &str = "ein-sicheres-passwort";

/// A date as German pages write it.
fn german(offset: i64) -> String {
    domain::dates::date(web::dates::today() + chrono::Duration::days(offset), "de")
}

/// A published process of `dep` whose participation ran from `from` to
/// `until` (days from today), promising answers within `period` `unit`s to
/// ideas with `threshold` supports.
async fn process(
    staff: &Client,
    dep: i64,
    (from, until): (i64, i64),
    (period, unit, threshold): (&str, &str, &str),
) -> i64 {
    staff
        .publish_process(
            dep,
            &[
                ("participation_from", &day(from)),
                ("participation_until", &day(until)),
                ("ideas_enabled", "1"),
                ("answer_period", period),
                ("answer_unit", unit),
                ("answer_threshold", threshold),
            ],
        )
        .await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An idea brought in as the system (participation may be over), by
/// `author`, with `supports` from the given people.
async fn idea(app: &TestApp, process: i64, author: i64, title: &str, supporters: &[i64]) -> i64 {
    let s = app::ideas::Submission {
        title: title.into(),
        body: "Mehr Bänke und Schatten.".into(),
        ..Default::default()
    };
    let id = app::ideas::import(&app.state.app, &Actor::System, author, process, s)
        .await
        .unwrap()
        .value;
    for u in supporters {
        app::ideas::import_support(&app.state.app, &Actor::System, id, *u)
            .await
            .unwrap();
    }
    id
}

async fn answer(staff: &Client, idea: i64) {
    let r = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[("status", "accepted"), ("answer", "Wird umgesetzt.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// The cells of the table row whose header holds `name`, as text.
fn row(body: &str, name: &str) -> Vec<String> {
    let start = body
        .find(&format!(">{name}<"))
        .unwrap_or_else(|| panic!("no row {name} in {body}"));
    let tr = body[..start].rfind("<tr>").expect("row start");
    let end = start + body[start..].find("</tr>").expect("row end");
    body[tr..end]
        .split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or("").trim().to_owned())
        .collect()
}

#[tokio::test]
async fn staff_set_the_answer_period_with_clear_messages_and_the_process_page_states_it() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (from, until, dep_s) = (day(-1), day(10), dep.to_string());
    let base = [
        ("title", "Spielplätze"),
        ("summary", "Ideen gesucht"),
        ("department_id", dep_s.as_str()),
        ("participation_from", from.as_str()),
        ("participation_until", until.as_str()),
        ("ideas_enabled", "1"),
        ("action", "publish"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, &str)> = base.to_vec();
        f.extend_from_slice(extra);
        f
    };
    let r = staff
        .post_multipart(
            "/processes",
            &with(&[
                ("answer_period", "sechs"),
                ("answer_unit", "weeks"),
                ("answer_threshold", "-3"),
            ]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte die Frist als ganze Zahl angeben");
    r.assert_contains("Bitte die Zahl der Unterstützungen als ganze Zahl");
    // What was typed stays.
    r.assert_contains("value=\"sechs\"");
    r.assert_contains("value=\"-3\"");
    let r = staff
        .post_multipart(
            "/processes",
            &with(&[("answer_period", ""), ("answer_threshold", "5")]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Eine Schwelle gilt nur mit einer Frist");
    let r = staff
        .post_multipart(
            "/processes",
            &with(&[("answer_period", "800"), ("answer_unit", "days")]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("höchstens zwei Jahre");
    assert_eq!(
        db::testing::count_rows(&app.db, "processes").await.unwrap(),
        0
    );

    let r = staff
        .post_multipart(
            "/processes",
            &with(&[
                ("answer_period", "6"),
                ("answer_unit", "weeks"),
                ("answer_threshold", "10"),
            ]),
            None,
        )
        .await;
    let id = created_id(&r, "/processes/");
    let promise = db::accountability::promise(app.db.conn(), id)
        .await
        .unwrap();
    assert_eq!((promise.days, promise.threshold), (Some(42), 10));
    let page = app.client().get(&format!("/processes/{id}")).await;
    page.assert_contains(&format!(
        "Die Verwaltung beantwortet jede Idee mit mindestens 10 Unterstützungen innerhalb von 42 Tagen nach Ende der Beteiligung, also bis zum {}.",
        german(10 + 42)
    ));
    page.assert_contains(&format!("/accountability/departments/{dep}"));
    // The edit form shows the weeks again; saving days changes the promise,
    // with its own audit entry.
    let form = staff.get(&format!("/processes/{id}/edit")).await;
    form.assert_contains("id=\"answer_period\" name=\"answer_period\" size=\"5\" value=\"6\"");
    let r = staff
        .post_multipart(
            &format!("/processes/{id}/edit"),
            &with(&[
                ("answer_period", "30"),
                ("answer_unit", "days"),
                ("answer_threshold", "0"),
                ("action", "save"),
            ]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let promise = db::accountability::promise(app.db.conn(), id)
        .await
        .unwrap();
    assert_eq!((promise.days, promise.threshold), (Some(30), 0));
    let (audit, _) = db::audit::list(&app.db, Some("process.answer_promise"), None, 0, 50)
        .await
        .unwrap();
    let promises: Vec<_> = audit.iter().map(|e| e.details.clone()).collect();
    assert_eq!(promises.len(), 2, "{promises:?}");
    assert!(promises.contains(&"days=30 threshold=0".to_owned()));
    // English.
    let page = app
        .client()
        .get_with(&format!("/processes/{id}"), &[("accept-language", "en")])
        .await;
    page.assert_contains(
        "The administration answers every idea within 30 days after the end of participation",
    );
}

#[tokio::test]
async fn the_accountability_pages_count_answers_in_time_late_pending_and_overdue() {
    let app = TestApp::new().await;
    let (altona, dep_a) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (umwelt, dep_b) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let anna = user_id(&app, "anna@example.org").await;
    let ben = user_id(&app, "ben@example.org").await;
    // Participation ended 30 days ago, answers promised within 14 days: the
    // deadline passed 16 days ago. Every idea must be answered.
    let past = process(&altona, dep_a, (-40, -30), ("14", "days", "0")).await;
    let late = idea(&app, past, anna, "Bänke am Elbufer", &[]).await;
    let overdue = idea(&app, past, anna, "Trinkbrunnen", &[]).await;
    // Participation ends in 5 days, answers within 2 weeks after: ideas
    // with at least one support must be answered.
    let open = process(&umwelt, dep_b, (-5, 5), ("2", "weeks", "1")).await;
    let in_time = idea(&app, open, anna, "Stadtbäume gießen", &[ben]).await;
    let pending = idea(&app, open, anna, "Mehr Hecken", &[ben]).await;
    let unsupported = idea(&app, open, anna, "Blühwiesen", &[]).await;
    // No promise: never counted.
    let free = process(&umwelt, dep_b, (-5, 5), ("", "weeks", "")).await;
    let uncounted = idea(&app, free, anna, "Gründächer", &[]).await;
    db::testing::age_idea(&app.db, late, 40).await.unwrap();
    db::testing::age_idea(&app.db, in_time, 4).await.unwrap();
    answer(&altona, late).await;
    answer(&umwelt, in_time).await;

    let page = app.client().get("/accountability").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(
        "<caption>Ideen, die beantwortet werden müssen, nach zuständiger Behörde</caption>",
    );
    // Must, in time, late, pending, overdue, median days.
    assert_eq!(
        row(&page.body, "Bezirksamt Altona"),
        ["2", "0", "1", "0", "1", "40"]
    );
    assert_eq!(
        row(&page.body, "Umweltbehörde"),
        ["2", "1", "0", "1", "0", "4"]
    );
    assert_eq!(
        row(&page.body, "Alle Behörden"),
        ["4", "1", "1", "1", "1", "22"]
    );
    page.assert_contains(&format!("<a href=\"/ideas/{overdue}\">Trinkbrunnen</a>"));
    page.assert_contains(&format!("Antwort überfällig seit {}", german(-15)));
    for other in [late, in_time, pending, unsupported, uncounted] {
        assert!(
            !page.body.contains(&format!("href=\"/ideas/{other}\"")),
            "{other}"
        );
    }

    // One department's page: its figures and overdue ideas only.
    let page = app
        .client()
        .get(&format!("/accountability/departments/{dep_b}"))
        .await;
    assert_eq!(
        row(&page.body, "Umweltbehörde"),
        ["2", "1", "0", "1", "0", "4"]
    );
    assert!(!page.body.contains("Bezirksamt Altona"));
    page.assert_contains("Keine Idee ist überfällig.");
    let page = app.client().get("/accountability/departments/9999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.client().get("/accountability/departments/abc").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // The marks on the ideas themselves, and on their cards.
    let page = app.client().get(&format!("/ideas/{overdue}")).await;
    page.assert_contains(&format!(
        "<span class=\"overdue-mark\">Antwort überfällig seit {}</span>",
        german(-15)
    ));
    let page = app.client().get(&format!("/ideas/{pending}")).await;
    page.assert_contains(&format!("Antwort fällig bis {}", german(5 + 14)));
    for quiet in [late, in_time, unsupported, uncounted] {
        let page = app.client().get(&format!("/ideas/{quiet}")).await;
        assert!(!page.body.contains("Antwort überfällig"), "{quiet}");
        assert!(!page.body.contains("Antwort fällig"), "{quiet}");
    }
    let cards = app.client().get(&format!("/processes/{past}/ideas")).await;
    assert_eq!(cards.body.matches("Antwort überfällig seit").count(), 1);
    // English.
    let page = app
        .client()
        .get_with("/accountability", &[("accept-language", "en")])
        .await;
    page.assert_contains("Answered late");
    page.assert_contains(&format!(
        "Answer overdue since {}",
        domain::dates::date(web::dates::today() - chrono::Duration::days(15), "en")
    ));

    // The page is shared until an answer changes it: answering the overdue
    // idea takes it off the list; late answers count.
    let kept = app.client().get("/accountability").await;
    assert_eq!(kept.headers["x-cache"], "hit");
    answer(&altona, overdue).await;
    let page = app.client().get("/accountability").await;
    assert!(!page.headers.contains_key("x-cache"));
    assert_eq!(
        row(&page.body, "Bezirksamt Altona"),
        ["2", "0", "2", "0", "0", "20"]
    );
    page.assert_contains("Keine Idee ist überfällig.");
    // The dashboard and the footer lead here.
    altona
        .get("/staff/dashboard")
        .await
        .assert_contains(&format!("href=\"/accountability/departments/{dep_a}\""));
    app.client()
        .get("/")
        .await
        .assert_contains("href=\"/accountability\"");
}

#[tokio::test]
async fn staff_are_reminded_once_per_idea_before_its_deadline() {
    let app = TestApp::new().await;
    let (altona, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    app.staff("zweite@altona.example", PW, "Bezirksamt Altona")
        .await;
    app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    app.citizen("anna@example.org", "Anna", PW).await;
    let anna = user_id(&app, "anna@example.org").await;
    // The deadline is in 2 days: within the reminder's 7.
    let soon = process(&altona, dep, (-5, -1), ("3", "days", "0")).await;
    let due = idea(&app, soon, anna, "Parkbank reparieren", &[]).await;
    let answered = idea(&app, soon, anna, "Laternen", &[]).await;
    answer(&altona, answered).await;
    // The deadline is weeks away: no reminder yet.
    let later = process(&altona, dep, (-5, 20), ("3", "days", "0")).await;
    let _far = idea(&app, later, anna, "Radwege", &[]).await;

    // Two runs at once (on two instances where the database is shared) and
    // one after: each idea is claimed once.
    let other = app.another_instance().await;
    let (a, b) = tokio::join!(
        app::accountability::remind(&app.state.app),
        app::accountability::remind(&other.state.app)
    );
    let queued = a.unwrap().value + b.unwrap().value;
    assert_eq!(queued, 2, "one mail to each of the department's staff");
    assert_eq!(
        app::accountability::remind(&app.state.app)
            .await
            .unwrap()
            .value,
        0
    );
    app.deliver_mail().await;
    other.deliver_mail().await;
    for to in ["team@altona.example", "zweite@altona.example"] {
        let mails: Vec<_> = app
            .mails_to(to)
            .into_iter()
            .filter(|m| m.contains("Parkbank reparieren"))
            .collect();
        assert_eq!(mails.len(), 1, "{to}: {mails:?}");
        assert!(
            mails[0].contains(&format!("{}/ideas/{due}", testkit::PUBLIC_URL)),
            "{}",
            mails[0]
        );
    }
    assert!(
        app.mails_to("team@umwelt.example").is_empty(),
        "another department's staff"
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "answer_reminders")
            .await
            .unwrap(),
        1
    );
    // The worker's tidy-up runs the same command: nothing new.
    assert_eq!(
        app::accountability::remind(&other.state.app)
            .await
            .unwrap()
            .value,
        0
    );

    // A department without staff yet: its idea waits for someone to tell.
    let lonely = db::departments::create(&app.db, "Bezirksamt Wandsbek")
        .await
        .unwrap()
        .id;
    let mut dates: [(String, String); 4] = Default::default();
    dates[1] = (day(-5), day(-1));
    let form = app::processes::ProcessForm {
        title: "Marktplatz".into(),
        summary: "Ideen gesucht".into(),
        department_id: Some(lonely),
        dates,
        ideas_enabled: true,
        answer_period: "3".into(),
        answer_unit: "days".into(),
        ..Default::default()
    };
    let p = app::processes::import(
        &app.state.app,
        &Actor::System,
        anna,
        form,
        domain::processes::Status::Published,
    )
    .await
    .unwrap()
    .value;
    let waiting = idea(&app, p, anna, "Wochenmarkt am Abend", &[]).await;
    assert_eq!(
        app::accountability::remind(&app.state.app)
            .await
            .unwrap()
            .value,
        0
    );
    app.staff("team@wandsbek.example", PW, "Bezirksamt Wandsbek")
        .await;
    assert_eq!(
        app::accountability::remind(&app.state.app)
            .await
            .unwrap()
            .value,
        1
    );
    app.deliver_mail().await;
    let mails = app.mails_to("team@wandsbek.example");
    assert!(
        mails
            .iter()
            .any(|m| m.contains(&format!("/ideas/{waiting}"))),
        "{mails:?}"
    );
}

#[tokio::test]
async fn the_api_serves_the_accountability_figures() {
    let app = TestApp::new().await;
    let (altona, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    app.citizen("anna@example.org", "Anna", PW).await;
    let anna = user_id(&app, "anna@example.org").await;
    let past = process(&altona, dep, (-40, -30), ("14", "days", "0")).await;
    let late = idea(&app, past, anna, "Bänke", &[]).await;
    let brunnen = idea(&app, past, anna, "Brunnen", &[]).await;
    db::testing::age_idea(&app.db, late, 33).await.unwrap();
    answer(&altona, late).await;

    let c = app.client();
    let r = c.get("/api/v1/accountability").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["platform"]["department_id"], serde_json::Value::Null);
    assert_eq!(v["platform"]["must_answer"], 2);
    assert_eq!(v["platform"]["answered"], 1);
    assert_eq!(v["platform"]["answered_late"], 1);
    assert_eq!(v["platform"]["pending"], 0);
    assert_eq!(v["platform"]["overdue"], 1);
    assert_eq!(v["platform"]["median_days_to_answer"], 33.0);
    assert_eq!(v["departments"][0]["department_id"], dep);
    assert_eq!(v["departments"][0]["department"], "Bezirksamt Altona");
    assert_eq!(v["departments"][0]["overdue"], 1);
    assert_eq!(v["url"], format!("{}/accountability", testkit::PUBLIC_URL));
    assert_eq!(v["date"], web::dates::today().to_string());
    // Personal data never appears.
    assert!(!r.body.contains("anna@example.org") && !r.body.contains("team@"));
    // ETags as everywhere in the API.
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    let r = c
        .get_with("/api/v1/accountability", &[("if-none-match", &etag)])
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    // Kept in memory until an answer changes the figures.
    let r = c.get("/api/v1/accountability").await;
    assert_eq!(r.headers["x-cache"], "hit");
    answer(&altona, brunnen).await;
    let r = c.get("/api/v1/accountability").await;
    assert!(!r.headers.contains_key("x-cache"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["platform"]["answered"], 2);
    assert_eq!(v["platform"]["overdue"], 0);
    // The document lists it.
    let doc = c.get("/api/v1/openapi.json").await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    assert!(doc["paths"]["/api/v1/accountability"]["get"].is_object());
}
