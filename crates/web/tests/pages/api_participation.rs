//! The open data API's survey results and opinion maps: only what the public
//! pages show (no free text, no moderated-out or pending statement, nobody
//! named), and answers served from memory until a command changes them, with
//! 304 for what a client holds.

use app::Actor;
use app::surveys::{Publication, PublishAction};
use axum::http::StatusCode;
use chrono::Local;
use domain::surveys::Access;
use serde_json::Value;
use testkit::TestApp;

use crate::opinion::{setup as map_setup, statements, two_camps};
use crate::survey_results::{PW, STAFF, answers, person, process, survey};

fn json(r: &testkit::Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// A survey of every kind of question with ten responses (see
/// `survey_results::answers`); `chosen` are the indexes of the questions put
/// on the public results page, which is published.
async fn answered_survey(app: &TestApp, access: Access, chosen: &[usize]) -> (i64, [i64; 8]) {
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, q) = survey(app, p, access).await;
    let today = Local::now().date_naive();
    let rows: Vec<_> = answers(&q).into_iter().map(|a| (Some(today), a)).collect();
    app::surveys::answer::import_responses(&app.state.app, &Actor::System, id, &rows)
        .await
        .unwrap();
    publish(
        app,
        id,
        chosen.iter().map(|&i| q.0[i]).collect(),
        PublishAction::Publish,
    )
    .await;
    (id, q.0)
}

async fn publish(app: &TestApp, id: i64, chosen: Vec<i64>, action: PublishAction) {
    let staff = person(app, STAFF).await;
    let publication = Publication {
        chosen,
        intro: "Vielen **Dank**.".into(),
        action,
    };
    app::surveys::publish(&app.state.app, &staff, id, &publication)
        .await
        .unwrap();
}

/// A survey with published results (one counted question, one answer) and an
/// opinion map in process `p`, made by the staff member `email`.
pub(crate) async fn survey_and_map(
    app: &TestApp,
    staff: &testkit::Client,
    email: &str,
    p: i64,
) -> (i64, i64) {
    let actor = person(app, email).await;
    let a = &app.state.app;
    let settings = app::surveys::SettingsInput {
        title: "Kurze Umfrage".into(),
        access: Access::Open.as_str().into(),
        ..Default::default()
    };
    let id = app::surveys::create(a, &actor, p, &settings)
        .await
        .unwrap()
        .value;
    let question = domain::surveys::QuestionInput {
        kind: "single",
        text: "Fahren Sie Rad?",
        options: "Ja\nNein",
        ..Default::default()
    };
    let q = app::surveys::add_question(a, &actor, id, &question)
        .await
        .unwrap()
        .value;
    app::surveys::set_status(a, &actor, id, domain::surveys::Status::Published)
        .await
        .unwrap();
    let answer = domain::surveys::Item {
        item: String::new(),
        value: "A1".into(),
        num: None,
    };
    let rows = vec![(None, std::collections::BTreeMap::from([(q, vec![answer])]))];
    app::surveys::answer::import_responses(a, &Actor::System, id, &rows)
        .await
        .unwrap();
    let publication = Publication {
        chosen: vec![q],
        intro: String::new(),
        action: PublishAction::Publish,
    };
    app::surveys::publish(a, &actor, id, &publication)
        .await
        .unwrap();
    let r = staff
        .post_form(
            &format!("/processes/{p}/opinion"),
            &[
                ("title", "Radwege"),
                ("description", "Stimmen Sie ab."),
                ("seeds", "Mehr Radwege\nWeniger Autos"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let map = r
        .location()
        .unwrap()
        .trim_start_matches("/opinion/")
        .parse()
        .unwrap();
    (id, map)
}

fn counts(q: &Value) -> Vec<(String, i64)> {
    q["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn api_survey_results_show_the_published_counts_and_never_free_text() {
    let app = TestApp::new().await;
    // Q1 single with "other", Q3 Likert, Q5 number, Q6 free text, Q7 ranking.
    let (id, q) = answered_survey(&app, Access::Invitation, &[0, 2, 4, 5, 6]).await;
    let c = app.client();

    let list = json(&c.get("/api/v1/surveys").await);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["access"], "invitation");
    let r = c.get(&format!("/api/v1/surveys/{id}/results")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let res = json(&r);
    assert_eq!(res["responses"], 10);
    assert_eq!(res["intro_md"], "Vielen **Dank**.");
    let shown: Vec<i64> = res["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        shown,
        vec![q[0], q[2], q[4], q[6]],
        "the free text is never shown"
    );
    let q1 = &res["questions"][0];
    assert_eq!(q1["answered"], 10);
    assert_eq!(
        counts(q1),
        vec![("Ja".into(), 6), ("Nein".into(), 3), ("Other".into(), 1)]
    );
    let likert = &res["questions"][1]["rows"][0];
    assert_eq!(likert["scale"].as_array().unwrap().len(), 5);
    assert!(
        likert["scale"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["count"] == 2)
    );
    let numbers = &res["questions"][2]["numbers"];
    assert_eq!(numbers["count"], 10);
    assert_eq!(numbers["mean"], 3.0);
    assert_eq!(numbers["max"], 4.0);
    let ranking = &res["questions"][3]["counts"];
    assert_eq!(ranking[0]["mean_rank"], 1.5);
    assert_eq!(ranking[2]["code"], "A3");
    assert_eq!(ranking[2]["mean_rank"], 3.0);
    for secret in [
        "Antwort 0",
        "Weiß nicht genau",
        "XING",
        "Was wünschen Sie sich?",
    ] {
        assert!(!r.body.contains(secret), "{secret} is in {}", r.body);
    }
    // Nothing dates a response of an invitation survey.
    assert!(!r.body.contains("_at\""), "{}", r.body);

    // Withdrawn: gone from the list and the results at once.
    publish(&app, id, vec![q[0]], PublishAction::Withdraw).await;
    let list = json(&c.get("/api/v1/surveys").await);
    assert!(list["items"].as_array().unwrap().is_empty());
    assert_eq!(
        c.get(&format!("/api/v1/surveys/{id}/results")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn api_unpublished_results_are_not_there() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, _) = survey(&app, p, Access::Open).await;
    let c = app.client();
    assert_eq!(
        c.get(&format!("/api/v1/surveys/{id}/results")).await.status,
        StatusCode::NOT_FOUND
    );
    let list = json(&c.get(&format!("/api/v1/surveys?process={p}")).await);
    assert!(list["items"].as_array().unwrap().is_empty());
    let r = c.get("/api/v1/surveys?status=draft").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("status"), "{}", r.body);
}

#[tokio::test]
async fn api_opinion_maps_list_approved_statements_and_the_groups_of_the_map() {
    let app = TestApp::new().await;
    let (_, process, map) = map_setup(&app, &[("pre_moderated", "1")]).await;
    let seeds = statements(&app, map).await;
    two_camps(&app, map, 24).await;
    // A participant's statement waits; a seed is moderated out.
    let anna = app.citizen("anna@example.org", "Anna Apfel", PW).await;
    let r = anna
        .post_form(
            &format!("/opinion/{map}/statements"),
            &[("body", "Ein Trinkbrunnen am Rathaus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let rejected = &seeds[3];
    app::opinion::moderate(&app.state.app, &Actor::System, rejected.id, false)
        .await
        .unwrap();
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;

    let c = app.client();
    let maps = json(
        &c.get(&format!("/api/v1/opinion-maps?process={process}"))
            .await,
    );
    assert_eq!(maps["items"][0]["id"], map);
    assert_eq!(maps["items"][0]["open"], true);

    let r = c
        .get(&format!("/api/v1/opinion-maps/{map}/statements?limit=4"))
        .await;
    let page = json(&r);
    assert_eq!(page["items"].as_array().unwrap().len(), 4);
    let mut ids = vec![];
    let mut url = format!("/api/v1/opinion-maps/{map}/statements?limit=4");
    loop {
        let page = json(&c.get(&url).await);
        for s in page["items"].as_array().unwrap() {
            ids.push(s["id"].as_i64().unwrap());
            assert_eq!(
                s["agree"].as_i64().unwrap()
                    + s["disagree"].as_i64().unwrap()
                    + s["pass"].as_i64().unwrap(),
                24
            );
        }
        match page["next_cursor"].as_str() {
            Some(next) => {
                url = format!("/api/v1/opinion-maps/{map}/statements?limit=4&cursor={next}")
            }
            None => break,
        }
    }
    let expected: Vec<i64> = seeds
        .iter()
        .map(|s| s.id)
        .filter(|&s| s != rejected.id)
        .collect();
    assert_eq!(ids, expected, "approved statements only, each once");

    let r = c.get(&format!("/api/v1/opinion-maps/{map}/groups")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let g = json(&r);
    let sizes: Vec<i64> = g["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["size"].as_i64().unwrap())
        .collect();
    assert_eq!(sizes, vec![12, 12]);
    assert_eq!(g["groups"][0]["label"], "A");
    assert_eq!(g["participants"], 24);
    let rep = &g["groups"][0]["representative"][0];
    assert!(
        rep["agree_percent"].as_i64().unwrap() + rep["disagree_percent"].as_i64().unwrap() > 50
    );
    // The public map page shows the same groups.
    let page = c.get(&format!("/opinion/{map}/map")).await;
    page.assert_contains("Gruppe A: 12 Teilnehmende");
    page.assert_contains(rep["body"].as_str().unwrap());
    for body in [r.body.as_str(), page_body(&c, map).await.as_str()] {
        assert!(!body.contains(&rejected.body), "moderated out: {body}");
        assert!(!body.contains("Trinkbrunnen"), "pending: {body}");
        assert!(!body.contains("Anna"), "nobody is named: {body}");
    }
}

async fn page_body(c: &testkit::Client, map: i64) -> String {
    let mut all = String::new();
    let mut url = format!("/api/v1/opinion-maps/{map}/statements");
    loop {
        let r = c.get(&url).await;
        all.push_str(&r.body);
        match json(&r)["next_cursor"].as_str() {
            Some(next) => url = format!("/api/v1/opinion-maps/{map}/statements?cursor={next}"),
            None => return all,
        }
    }
}

#[tokio::test]
async fn api_answers_come_from_memory_until_a_command_changes_them() {
    let app = TestApp::new().await;
    let (_, _, map) = map_setup(&app, &[]).await;
    let c = app.client();
    let url = format!("/api/v1/opinion-maps/{map}/statements");
    let first = c.get(&url).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.headers.get("x-cache").is_none());
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    let again = c.get(&url).await;
    assert_eq!(again.headers["x-cache"], "hit");
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers["etag"].to_str().unwrap(), etag);
    assert_eq!(again.headers["content-type"], "application/json");
    let held = c.get_with(&url, &[("if-none-match", &etag)]).await;
    assert_eq!(held.status, StatusCode::NOT_MODIFIED);
    assert!(held.body.is_empty());

    // A vote changes the counts: the kept answer is dropped at once.
    let s = statements(&app, map).await[0].id;
    let anna = app.citizen("anna@example.org", "Anna Apfel", PW).await;
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let changed = c.get_with(&url, &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.headers.get("x-cache").is_none());
    assert_eq!(json(&changed)["items"][0]["agree"], 1);
    let new_etag = changed.headers["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    // The client that holds the new answer is told so from memory.
    let held = c.get_with(&url, &[("if-none-match", &new_etag)]).await;
    assert_eq!(held.status, StatusCode::NOT_MODIFIED);

    // Another instance on the same database hears of a change too.
    if let Some(other) = app.another_instance_if_shared().await {
        other.start_background();
        assert!(
            other
                .until_listening(std::time::Duration::from_secs(10))
                .await
        );
        let oc = other.client();
        let before = json(&oc.get(&url).await);
        assert_eq!(before["items"][0]["agree"], 1);
        // Announcements of earlier changes may still drop its first answers.
        testkit::wait_until(
            std::time::Duration::from_secs(10),
            "the other instance to keep the answer",
            || async { oc.get(&url).await.headers.get("x-cache").is_some() },
        )
        .await;
        let r = anna
            .post_form(
                &format!("/opinion/{map}/votes"),
                &[("statement", &s.to_string()), ("vote", "disagree")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        testkit::wait_until(
            std::time::Duration::from_secs(10),
            "the other instance to hear",
            || async { json(&oc.get(&url).await)["items"][0]["disagree"] == 1 },
        )
        .await;
    }
}
