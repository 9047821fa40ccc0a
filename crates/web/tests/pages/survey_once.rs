//! Open surveys: a person with an account answers once; a browser that
//! answered is told so, and staff see how many answers came from such
//! browsers, without anything that links a browser to its response.

use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

/// A published open survey with one required single-choice question.
async fn open_survey(app: &TestApp, staff: &Client, dep: i64) -> (i64, String) {
    let p = staff
        .publish_process(dep, &[("title", "Mobilität"), ("summary", "Wie?")])
        .await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[
                ("title", "Kurze Umfrage"),
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
                ("text", "Wie kommen Sie zur Arbeit?"),
                ("required", "1"),
                ("page", "1"),
                ("options", "Fahrrad\nBus"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = staff
        .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = db::surveys::questions(&app.db, s).await.unwrap()[0].id;
    (s, format!("q{q}"))
}

fn draft_key(body: &str) -> String {
    let i = body.find("name=\"draft\" value=\"").expect("draft key");
    body[i + 20..i + 84].to_owned()
}

async fn answer(c: &Client, s: i64, field: &str, anonymous: bool) -> testkit::Response {
    let path = format!("/surveys/{s}/answer");
    let key = if anonymous {
        draft_key(&c.get(&format!("{path}?again=1")).await.body)
    } else {
        String::new()
    };
    c.post_form(
        &path,
        &[
            ("page", "1"),
            ("draft", &key),
            ("action", "submit"),
            (field, "A1"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_person_answers_an_open_survey_once() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@example.org", PW, "Bezirksamt Nord").await;
    let (s, f) = open_survey(&app, &staff, dep).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    ben.get(&format!("/surveys/{s}"))
        .await
        .assert_contains("Umfrage beginnen");
    let r = answer(&ben, s, &f, false).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The survey's page now says so and offers no start.
    let r = ben.get(&format!("/surveys/{s}")).await;
    r.assert_contains("Sie haben bereits geantwortet");
    assert!(!r.body.contains("Umfrage beginnen"));
    let r = ben.get(&format!("/surveys/{s}/answer")).await;
    r.assert_contains("Sie haben bereits geantwortet");
    // A second submission is refused and stores nothing.
    let r = answer(&ben, s, &f, false).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    r.assert_contains("Sie haben bereits geantwortet");
    let survey = db::surveys::get(&app.db, s).await.unwrap().unwrap();
    assert_eq!(survey.response_count, 1);
    // Others still start it.
    app.client()
        .get(&format!("/surveys/{s}"))
        .await
        .assert_contains("Umfrage beginnen");
}

#[tokio::test]
async fn a_browser_that_answered_is_told_and_repeats_are_counted() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@example.org", PW, "Bezirksamt Nord").await;
    let (s, f) = open_survey(&app, &staff, dep).await;
    let browser = app.client();
    let r = answer(&browser, s, &f, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The marker holds the survey's id and nothing else.
    assert_eq!(
        browser.cookie(web::cookies::ANSWERED).as_deref(),
        Some(s.to_string().as_str())
    );

    // The survey's page itself says so at once, though other visitors share
    // a kept copy that offers to begin.
    let other = app.client();
    for _ in 0..2 {
        other
            .get(&format!("/surveys/{s}"))
            .await
            .assert_contains("Umfrage beginnen");
    }
    let r = browser.get(&format!("/surveys/{s}")).await;
    r.assert_contains("Aus diesem Browser wurde diese Umfrage bereits beantwortet");
    assert!(!r.body.contains("Umfrage beginnen"), "{}", r.body);
    r.assert_contains(&format!("/surveys/{s}/answer?again=1"));

    // Starting again: told so, with a way to answer as another person.
    let r = browser.get(&format!("/surveys/{s}/answer")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Aus diesem Browser wurde diese Umfrage bereits beantwortet");
    assert!(!r.body.contains("name=\"draft\""));
    r.assert_contains(&format!("/surveys/{s}/answer?again=1"));

    let r = answer(&browser, s, &f, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Another browser's answer is no repeat.
    let r = answer(&app.client(), s, &f, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let survey = db::surveys::get(&app.db, s).await.unwrap().unwrap();
    assert_eq!((survey.response_count, survey.repeat_responses), (3, 1));
    let r = staff.get(&format!("/surveys/{s}/results")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains(
        "1 Antwort kam aus einem Browser, der diese Umfrage schon einmal beantwortet hatte.",
    );
}

#[tokio::test]
async fn surveys_published_before_they_were_searchable_are_indexed_by_the_migration() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@example.org", PW, "Bezirksamt Nord").await;
    let (s, _) = open_survey(&app, &staff, dep).await;
    let visitor = app.client();
    let found = |body: &str| body.contains(&format!("href=\"/surveys/{s}\""));
    assert!(found(
        &visitor
            .get("/search?q=Kurze+Umfrage&type=surveys")
            .await
            .body
    ));
    db::testing::unindex_survey(&app.db, s).await.unwrap();
    app.state.forget_here(&[domain::Tag::All]);
    assert!(!found(
        &visitor
            .get("/search?q=Kurze+Umfrage&type=surveys")
            .await
            .body
    ));
    db::testing::reindex_published_surveys(&app.db)
        .await
        .unwrap();
    app.state.forget_here(&[domain::Tag::All]);
    assert!(found(
        &visitor
            .get("/search?q=Kurze+Umfrage&type=surveys")
            .await
            .body
    ));
}
