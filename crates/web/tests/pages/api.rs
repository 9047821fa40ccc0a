//! The open data API: what it lists is what the database holds, page by page
//! without gaps or duplicates, with ETags, problem answers for bad input, no
//! personal data, and an OpenAPI document that names every route it serves.

use axum::http::StatusCode;
use serde_json::Value;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn json(r: &testkit::Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

async fn idea_process(staff: &Client, dep: i64) -> i64 {
    staff
        .publish_process(
            dep,
            &[
                ("title", "Radverkehr in Altona"),
                ("ideas_enabled", "1"),
                ("categories", "Radwege\nGrün"),
            ],
        )
        .await
}

async fn submit(c: &Client, process: i64, title: &str) -> i64 {
    let r = c
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[
                ("title", title),
                ("body", "Eine **gute** Idee für alle."),
                ("category", "Radwege"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap()
}

/// Every page of a list, following `next_cursor`: the ids in order.
async fn all_pages(c: &Client, first: &str) -> Vec<i64> {
    let mut ids = vec![];
    let mut url = first.to_owned();
    for _ in 0..100 {
        let r = c.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page = json(&r);
        ids.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("{first}&cursor={c}"),
            None => return ids,
        }
    }
    panic!("the pages never end");
}

#[tokio::test]
async fn the_api_serves_what_the_database_holds_and_nothing_personal() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = idea_process(&staff, dep).await;
    let draft = staff
        .publish_process(dep, &[("title", "Noch geheim"), ("action", "draft")])
        .await;
    let anna = app.citizen("anna@example.org", "Anna Apfel", PW).await;
    let idea = submit(&anna, p, "Fahrradstraße").await;
    let r = anna
        .post_form(
            &format!("/processes/{p}/comments"),
            &[("body", "Mehr Bäume bitte")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[
                ("status", "accepted"),
                ("answer", "Wir richten sie **2027** ein."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let c = app.client();
    let list = json(&c.get("/api/v1/processes").await);
    let items = list["items"].as_array().unwrap();
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![p], "published only, the draft {draft} not");
    assert_eq!(items[0]["title"], "Radverkehr in Altona");
    assert_eq!(items[0]["department"], "Bezirksamt Altona");
    assert_eq!(items[0]["phases"][1]["name"], "participation");
    assert_eq!(
        items[0]["phases"][1]["from"],
        (web::dates::today() - chrono::Duration::days(1)).to_string()
    );
    assert_eq!(items[0]["idea_count"], 1);
    assert_eq!(
        c.get(&format!("/api/v1/processes/{draft}")).await.status,
        StatusCode::NOT_FOUND
    );
    let one = json(&c.get(&format!("/api/v1/processes/{p}")).await);
    assert_eq!(one, items[0]);

    let ideas = json(&c.get(&format!("/api/v1/ideas?process={p}")).await);
    let i = &ideas["items"][0];
    assert_eq!(i["id"], idea);
    assert_eq!(i["title"], "Fahrradstraße");
    assert_eq!(i["author"], "Anna Apfel");
    assert_eq!(i["status"], "accepted");
    assert_eq!(i["answers"][0]["body_md"], "Wir richten sie **2027** ein.");
    assert_eq!(i["answers"][0]["department"], "Bezirksamt Altona");
    assert_eq!(json(&c.get(&format!("/api/v1/ideas/{idea}")).await), *i);
    // Filters.
    let none = json(&c.get("/api/v1/ideas?status=declined").await);
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let none = json(
        &c.get(&format!(
            "/api/v1/ideas?updated_since={}",
            later.replace('+', "%2B")
        ))
        .await,
    );
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let some = json(
        &c.get(&format!("/api/v1/ideas?department={dep}&status=accepted"))
            .await,
    );
    assert_eq!(some["items"].as_array().unwrap().len(), 1);

    let comments = json(&c.get(&format!("/api/v1/processes/{p}/comments")).await);
    let bodies: Vec<&str> = comments["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["body"].as_str())
        .collect();
    assert!(bodies.contains(&"Mehr Bäume bitte"), "{comments}");
    let docs = json(&c.get(&format!("/api/v1/processes/{p}/documents")).await);
    assert_eq!(docs, Value::Array(vec![]));

    // No e-mail address nor account id anywhere.
    for path in [
        "/api/v1/processes".to_owned(),
        format!("/api/v1/ideas?process={p}"),
        format!("/api/v1/processes/{p}/comments"),
        format!("/api/v1/ideas/{idea}"),
    ] {
        let r = c.get(&path).await;
        assert!(!r.body.contains('@'), "{path}: {}", r.body);
        assert!(!r.body.contains("author_id"), "{path}: {}", r.body);
        assert!(!r.body.contains("email"), "{path}: {}", r.body);
    }

    // A deleted account is named as such.
    let r = anna
        .post_form("/settings/delete", &[("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let i = json(&c.get(&format!("/api/v1/ideas/{idea}")).await);
    assert_eq!(i["author"], "deleted account");
    let r = c.get(&format!("/api/v1/processes/{p}/comments")).await;
    assert!(!r.body.contains("Anna"), "{}", r.body);
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_duplicates() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = idea_process(&staff, dep).await;
    let mut written = vec![];
    for (n, who) in ["anna", "ben", "cem"].iter().enumerate() {
        let c = app.citizen(&format!("{who}@example.org"), who, PW).await;
        written.push(submit(&c, p, &format!("Idee {n}")).await);
        for k in 0..2 {
            let r = c
                .post_form(
                    &format!("/processes/{p}/comments"),
                    &[("body", &format!("Kommentar {who} {k}"))],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        // Comments on the process's ideas belong to its list too, in id order.
        let idea = *written.last().unwrap();
        let r = c
            .post_form(
                &format!("/ideas/{idea}/comments"),
                &[("body", &format!("Zur Idee {who}"))],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let c = app.client();
    let ideas = all_pages(&c, &format!("/api/v1/ideas?process={p}&limit=2")).await;
    assert_eq!(ideas, written);
    let comments = all_pages(&c, &format!("/api/v1/processes/{p}/comments?limit=4")).await;
    let count = db::testing::count_rows(&app.db, "comments").await.unwrap();
    assert_eq!(comments.len() as u64, count);
    let mut unique = comments.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique, comments, "in id order, each once");
    // One per page, too.
    let single = all_pages(&c, &format!("/api/v1/processes/{p}/comments?limit=1")).await;
    assert_eq!(single, comments);
}

#[tokio::test]
async fn etags_answer_304_until_something_changes() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = idea_process(&staff, dep).await;
    let c = app.client();
    let r = c.get("/api/v1/processes").await;
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    let again = c
        .get_with("/api/v1/processes", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    staff.publish_process(dep, &[("title", "Noch eins")]).await;
    let changed = c
        .get_with("/api/v1/processes", &[("if-none-match", &etag)])
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.headers["etag"].to_str().unwrap(), etag);
    let _ = p;
}

#[tokio::test]
async fn bad_input_gets_a_problem_answer() {
    let app = TestApp::new().await;
    let c = app.client();
    for (path, field) in [
        ("/api/v1/ideas?limit=0", "limit"),
        ("/api/v1/ideas?limit=201", "limit"),
        ("/api/v1/ideas?limit=zwei", "limit"),
        ("/api/v1/ideas?cursor=abc", "cursor"),
        ("/api/v1/ideas?cursor=", "cursor"),
        ("/api/v1/ideas?status=great", "status"),
        ("/api/v1/processes?updated_since=gestern", "updated_since"),
        ("/api/v1/processes/x", "id"),
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.headers["content-type"], "application/problem+json");
        let p = json(&r);
        assert!(p["errors"][field].is_string(), "{path}: {p}");
    }
    let r = c.get("/api/v1/ideas/999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&r)["status"], 404);
    assert_eq!(
        c.get("/api/v1/processes/999/comments").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_openapi_document_names_every_route_and_the_page_explains_them() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = idea_process(&staff, dep).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let idea = submit(&anna, p, "Fahrradstraße").await;
    let (survey, map) =
        crate::api_participation::survey_and_map(&app, &staff, "team@altona.example", p).await;
    let c = app.client();
    let doc = json(&c.get("/api/v1/openapi.json").await);
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/processes",
        "/api/v1/processes/{id}",
        "/api/v1/processes/{id}/comments",
        "/api/v1/processes/{id}/documents",
        "/api/v1/ideas",
        "/api/v1/ideas/{id}",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    // Every listed read answers, and with the properties its schema requires.
    for (path, item) in paths {
        let Some(get) = item.get("get") else { continue };
        let id = if path.starts_with("/api/v1/ideas/") {
            idea
        } else if path.starts_with("/api/v1/surveys/") {
            survey
        } else if path.starts_with("/api/v1/opinion-maps/") {
            map
        } else {
            p
        };
        let url = path.replace("{id}", &id.to_string());
        let r = c.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        let schema = &get["responses"]["200"]["content"]["application/json"]["schema"];
        let body = json(&r);
        let one = match (&body, schema["type"].as_str()) {
            (Value::Array(a), _) => a.first().cloned(),
            _ => Some(body.clone()),
        };
        if let (Some(one), Some(required)) = (one, schema["required"].as_array()) {
            for k in required {
                assert!(one.get(k.as_str().unwrap()).is_some(), "{url}: {k} missing");
            }
        }
    }
    // The schema of an idea comes from its type: the author's name, no e-mail.
    let idea_schema = &paths["/api/v1/ideas/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert!(idea_schema["properties"]["author"].is_object());
    assert!(!doc.to_string().contains("email"));

    let page = c.get("/api").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("/api/v1/ideas/{id}");
    page.assert_contains("Ideen mit Status und offiziellen Antworten");
    c.get("/language/en?next=%2Fapi").await;
    let en = c.get("/api").await;
    en.assert_contains("Ideas with their status and the official answers");
}

/// Creates a token in the staff member's settings; returns its secret, read
/// from the page that shows it once.
async fn create_token(c: &Client, name: &str, scopes: &[&str]) -> String {
    let fields: Vec<String> = scopes
        .iter()
        .map(|s| format!("scope_{}", s.replace(':', "_")))
        .collect();
    let mut form = vec![("name", name)];
    form.extend(fields.iter().map(|f| (f.as_str(), "1")));
    let r = c.post_form("/settings/api-tokens", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let at = r
        .body
        .find("value=\"mtr_")
        .expect("the new token on the page")
        + 7;
    r.body[at..at + 68].to_owned()
}

async fn api_post(c: &Client, path: &str, token: Option<&str>, body: &str) -> testkit::Response {
    let mut req = axum::http::Request::post(path).header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    c.request(req.body(axum::body::Body::from(body.to_owned())).unwrap())
        .await
}

#[tokio::test]
async fn tokens_write_through_the_pages_commands_and_misuse_is_refused() {
    let app = TestApp::new().await;
    let (altona, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (umwelt, _) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let p = idea_process(&altona, dep).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let idea = submit(&anna, p, "Fahrradstraße").await;
    let status_url = format!("/api/v1/ideas/{idea}/status");
    let accept = r#"{"status":"accepted","answer":"Wir bauen sie **2027**."}"#;

    // Citizens have no tokens.
    assert_eq!(
        anna.get("/settings/api-tokens").await.status,
        StatusCode::FORBIDDEN
    );
    // A token needs a name and a scope.
    let r = altona
        .post_form("/settings/api-tokens", &[("name", " ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie mindestens eine Berechtigung.");

    let answer = create_token(&altona, "Fachverfahren", &["ideas:answer"]).await;
    // Stored hashed: the secret itself is nowhere in the table.
    assert!(
        db::api::token_by_hash(&app.db, &answer)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db::api::token_by_hash(&app.db, &web::security::token_hash(&answer))
            .await
            .unwrap()
            .is_some()
    );

    let c = app.client();
    let r = api_post(&c, &status_url, None, accept).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let r = api_post(&c, &status_url, Some("mtr_falsch"), accept).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The command's own checks, as field errors.
    let r = api_post(
        &c,
        &status_url,
        Some(&answer),
        r#"{"status":"in_review","answer":" "}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(json(&r)["errors"]["answer"].is_string(), "{}", r.body);
    let r = api_post(&c, &status_url, Some(&answer), "kein json").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The wrong scope.
    let r = api_post(
        &c,
        &format!("/api/v1/processes/{p}/comments"),
        Some(&answer),
        r#"{"body":"Hallo","parent_id":null}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another department's idea.
    let other = create_token(&umwelt, "Umwelt", &["ideas:answer", "comments:write"]).await;
    let r = api_post(&c, &status_url, Some(&other), accept).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        db::ideas::get(&app.db, idea).await.unwrap().unwrap().status,
        domain::ideas::Status::Received
    );

    // The right token: the same change as on the idea's page.
    let r = api_post(&c, &status_url, Some(&answer), accept).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&r)["status"], "accepted");
    assert_eq!(
        db::ideas::get(&app.db, idea).await.unwrap().unwrap().status,
        domain::ideas::Status::Accepted
    );
    app.client()
        .get(&format!("/ideas/{idea}"))
        .await
        .assert_contains("2027");
    let actions = db::audit::actions(&app.db).await.unwrap();
    assert!(
        actions.iter().any(|a| a == "api_token.create"),
        "token creation is audited: {actions:?}"
    );

    // A comment through a comments:write token.
    let r = api_post(
        &c,
        &format!("/api/v1/processes/{p}/comments"),
        Some(&other),
        r#"{"body":"Wir prüfen das.","parent_id":null}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let listed = c.get(&format!("/api/v1/processes/{p}/comments")).await;
    listed.assert_contains("Wir prüfen das.");
    assert_eq!(json(&listed)["items"][0]["official"], true);

    // Revoked by its owner: it opens nothing.
    let mine = db::api::tokens(&app.db, None).await.unwrap();
    let own_id = mine.iter().find(|t| t.name == "Fachverfahren").unwrap().id;
    let r = umwelt
        .post_form(&format!("/settings/api-tokens/{own_id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not someone else's");
    let r = altona
        .post_form(&format!("/settings/api-tokens/{own_id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = api_post(
        &c,
        &status_url,
        Some(&answer),
        r#"{"status":"implemented","answer":"Fertig"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // An administrator sees every token and revokes any.
    let admin = app.admin("admin@example.org", PW).await;
    let list = admin.get("/admin/api-tokens").await;
    assert_eq!(list.status, StatusCode::OK);
    list.assert_contains("Umwelt");
    list.assert_contains("Fachverfahren");
    assert_eq!(
        altona.get("/admin/api-tokens").await.status,
        StatusCode::FORBIDDEN
    );
    let other_id = mine.iter().find(|t| t.name == "Umwelt").unwrap().id;
    let r = admin
        .post_form(&format!("/admin/api-tokens/{other_id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = api_post(
        &c,
        &format!("/api/v1/processes/{p}/comments"),
        Some(&other),
        r#"{"body":"Noch einer","parent_id":null}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_is_rate_limited() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.api_per_token = domain::limits::RateLimit::per_minutes(2, 1)
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = idea_process(&staff, dep).await;
    let token = create_token(&staff, "Skript", &["comments:write"]).await;
    let c = app.client();
    let url = format!("/api/v1/processes/{p}/comments");
    let mut statuses = vec![];
    for n in 0..3 {
        let body = format!(r#"{{"body":"Kommentar {n}","parent_id":null}}"#);
        statuses.push(api_post(&c, &url, Some(&token), &body).await.status);
    }
    assert_eq!(
        statuses,
        vec![
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        2
    );
}
