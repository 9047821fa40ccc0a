//! Findings of the outside security test: each page test here failed before
//! its fix.

use std::collections::BTreeMap;

use app::Actor;
use axum::http::StatusCode;
use domain::surveys::Item;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn next_never_leads_to_another_site() {
    let app = TestApp::new().await;
    let hostile = [
        "/%09/evil.example",
        "/%0A/evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%2509/evil.example",
        "//evil.example",
        "https://evil.example",
    ];
    let c = app.client();
    for next in hostile {
        let r = c.get(&format!("/language/de?next={next}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.location(), Some("/"), "{next}");
    }
    let r = c.get("/language/de?next=%2Fideas%3Fpage%3D2").await;
    assert_eq!(r.location(), Some("/ideas?page=2"));

    // The same after login: the form keeps only a safe value, and the post
    // follows only a safe one.
    app.citizen("anna@example.org", "Anna", PW).await;
    for next in hostile {
        let c = app.client();
        let r = c.get(&format!("/login?next={next}")).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_contains("name=\"next\" value=\"/\"");
        let decoded: String = url::form_urlencoded::parse(format!("n={next}").as_bytes())
            .map(|(_, v)| v.into_owned())
            .collect();
        let r = c
            .post_form(
                "/login",
                &[
                    ("email", "anna@example.org"),
                    ("password", PW),
                    ("next", &decoded),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.location(), Some("/"), "{next}");
    }
}
