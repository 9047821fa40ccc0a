//! What every page shares: headers, assets, errors, languages, health and
//! metrics, and several instances on one database.

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let c = app.client();
    for path in ["/", "/login", "/does-not-exist", "/healthz"] {
        let r = c.get(path).await;
        let h = |n: &str| {
            r.headers
                .get(n)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let csp = h("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "same-origin", "{path}");
    }
}

#[tokio::test]
async fn pages_are_accessible_and_self_contained() {
    let app = TestApp::new().await;
    let r = app.client().get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("<html lang=\"de\">");
    r.assert_contains("class=\"skip-link\" href=\"#main\"");
    r.assert_contains("<main id=\"main\"");
    r.assert_contains("<header");
    r.assert_contains("<footer");
    // Nothing is loaded from another host.
    for attr in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "url(http",
    ] {
        assert!(!r.body.contains(attr), "external reference {attr}");
    }
}

#[tokio::test]
async fn assets_have_hashed_names_and_long_cache_lifetimes() {
    let app = TestApp::new().await;
    let c = app.client();
    let page = c.get("/").await;
    let start = page.body.find("/static/app.").expect("stylesheet link");
    let href: String = page.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(
        href.ends_with(".css") && href.len() > "/static/app.css".len(),
        "{href}"
    );
    let r = c.get(&href).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(r.body.contains(":focus-visible"));
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    let r = c.get_with(&href, &[("if-none-match", &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(c.get("/static/app.css").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_pages_get_a_friendly_404() {
    let app = TestApp::new().await;
    let r = app.client().get("/gibt/es/nicht").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    r.assert_contains("Seite nicht gefunden");
    r.assert_contains("href=\"/\"");
    let r = app
        .client()
        .get_with("/nope", &[("accept-language", "en")])
        .await;
    r.assert_contains("Page not found");
}

#[tokio::test]
async fn the_language_follows_the_browser_and_then_the_switch() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c
        .get_with("/login", &[("accept-language", "en-US,en;q=0.8")])
        .await;
    r.assert_contains("<html lang=\"en\">");
    r.assert_contains("<h1>Log in</h1>");
    let r = c.get_with("/login", &[("accept-language", "fr")]).await;
    r.assert_contains("<html lang=\"de\">");

    let r = c.get("/language/en?next=%2Flogin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some("/login"));
    let r = c.get_with("/login", &[("accept-language", "de")]).await;
    r.assert_contains("<html lang=\"en\">");
    r.assert_contains("href=\"/language/de?next=%2Flogin\"");
    let r = c.get("/language/de?next=https://evil.example").await;
    assert_eq!(r.location(), Some("/"));
    c.get("/login").await.assert_contains("<h1>Anmelden</h1>");
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::new().await;
    let c = app.client();
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/readyz").await.status, StatusCode::OK);
    c.get("/login").await;
    c.get("/login").await;
    c.get("/nirgendwo").await;
    let r = c.get("/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    r.assert_contains(
        "mitreden_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"} 2",
    );
    r.assert_contains(
        "mitreden_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
    );
    r.assert_contains(
        "mitreden_http_request_duration_seconds_bucket{route=\"/login\",le=\"+Inf\"} 2",
    );

    // Without its database the instance is alive but not ready, and pages say so.
    app.db.clone().close().await;
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(
        c.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let user = app.client();
    user.set_cookie(web::cookies::SESSION, &"a".repeat(64));
    let r = user.get("/").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    r.assert_contains("Vorübergehend nicht erreichbar");
}

#[tokio::test]
async fn instances_sharing_a_database_share_sessions() {
    let a = TestApp::new().await;
    let b = a.another_instance().await;
    let on_a = a.citizen("lena@example.org", "Lena", PW).await;
    let on_b = on_a.on(&b);
    let r = on_b.get("/settings").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Angemeldet als Lena");
    // Logging out on B ends the session on A as well.
    on_b.post_form("/logout", &[]).await;
    let r = on_a.get("/settings").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn unparseable_and_oversized_forms_get_clear_pages() {
    let app = TestApp::new().await;
    let c = app.client();
    c.get("/").await;
    let token = c.cookie(web::cookies::CSRF).unwrap();
    let big = "x".repeat(300 * 1024);
    let r = c
        .post_raw("/register", &[("csrf_token", &token), ("email", &big)], &[])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    r.assert_contains("Zu viele Daten");
    let r = c
        .post_raw("/admin/users/abc/role", &[("csrf_token", &token)], &[])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 0);
}

#[tokio::test]
async fn the_tests_run_on_the_database_they_were_asked_for() {
    let app = TestApp::new().await;
    let wanted = match std::env::var("MITREDEN_TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => db::Backend::Postgres,
        _ => db::Backend::Sqlite,
    };
    println!("integration tests run on {}", app.backend().name());
    assert_eq!(app.backend(), wanted);
    assert!(app.db.ping().await);
}
