//! The staff's dashboard and its CSV downloads, and the site settings of
//! the platform's look: colours checked for contrast, start-page texts,
//! footer links.

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn colours_too_light_are_refused_and_good_ones_colour_every_page() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@hamburg.example", PW).await;
    let r = admin.get("/admin/settings").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Grundfarbe");
    assert!(
        !r.body.contains("/site.css"),
        "no colours set: no stylesheet"
    );

    // White text on a light yellow: refused next to the field, typed values kept.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("name", ""), ("color_primary", "#ffe066")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"color_primary-error\"");
    r.assert_contains("Zu hell");
    r.assert_contains("value=\"#ffe066\"");
    // Dark text on a dark primary colour: refused at the text colour.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("color_primary", ""), ("color_primary_text", "#222222")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"color_primary_text-error\"");
    r.assert_contains("Zu wenig Kontrast");
    // Not a colour.
    let r = admin
        .post_multipart("/admin/settings", &[("color_accent", "blau")], None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"color_accent-error\"");
    let stored = db::site::settings(&app.db).await.unwrap();
    assert!(!stored.contains_key(db::site::PRIMARY), "nothing saved");
    assert!(!stored.contains_key(db::site::ACCENT_TEXT), "nothing saved");

    // A dark red with white text and a black accent with a yellow text.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[
                ("name", "Hamburg"),
                ("color_primary", " #9E1B32 "),
                ("color_primary_text", "#fff"),
                ("color_accent", "#000000"),
                ("color_accent_text", "#ffe066"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = db::site::settings(&app.db).await.unwrap();
    assert_eq!(
        stored.get(db::site::PRIMARY).map(String::as_str),
        Some("#9e1b32")
    );
    assert_eq!(
        stored.get(db::site::PRIMARY_TEXT).map(String::as_str),
        Some("#ffffff")
    );
    assert_eq!(
        stored.get(db::site::ACCENT_TEXT).map(String::as_str),
        Some("#ffe066")
    );
    let visitor = app.client();
    let page = visitor.get("/processes").await;
    let href = page
        .body
        .split("<link rel=\"stylesheet\" href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/site.css?v="))
        .expect("the site's colours on every page")
        .to_owned();
    let css = visitor.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/css"))
    );
    for decl in [
        "--primary: #9e1b32;",
        "--on-primary: #ffffff;",
        "--accent: #000000;",
        "--on-accent: #ffe066;",
    ] {
        assert!(css.body.contains(decl), "{decl} in {}", css.body);
    }
    // The form shows what is stored.
    admin
        .get("/admin/settings")
        .await
        .assert_contains("value=\"#9e1b32\"");

    // A change gives the stylesheet another address, so no browser keeps the old one.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("name", "Hamburg"), ("color_primary", "#005ca9")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = visitor.get("/processes").await;
    page.assert_contains("/site.css?v=");
    assert!(!page.body.contains(&href));
    assert!(visitor.get("/site.css").await.body.contains("#005ca9"));

    // Back to the built-in colours: no stylesheet of the site any more.
    let r = admin
        .post_multipart("/admin/settings", &[("name", "Hamburg")], None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!visitor.get("/").await.body.contains("/site.css"));
}

#[tokio::test]
async fn start_page_texts_and_footer_links_come_from_the_settings() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@hamburg.example", PW).await;
    let visitor = app.client();
    assert!(!visitor.get("/").await.body.contains("E-Government-Portal"));

    let r = admin
        .post_multipart(
            "/admin/settings",
            &[
                ("portal_url", "javascript:alert(1)"),
                ("services_url", "service.hamburg.de"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"portal_url-error\"");
    r.assert_contains("id=\"services_url-error\"");
    r.assert_contains("value=\"service.hamburg.de\"");

    let r = admin
        .post_multipart(
            "/admin/settings",
            &[
                ("home_heading", "Hamburg redet mit"),
                ("home_lead", "Sagen Sie uns, was <b>Ihnen</b> wichtig ist."),
                ("portal_url", "https://e-government.hamburg.de"),
                ("services_url", "https://service.hamburg.de"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = visitor.get("/").await;
    home.assert_contains("<h1>Hamburg redet mit</h1>");
    home.assert_contains("Sagen Sie uns, was &lt;b&gt;Ihnen&lt;/b&gt; wichtig ist.");
    home.assert_contains("<a href=\"https://e-government.hamburg.de\">E-Government-Portal</a>");
    let other = visitor.get("/processes").await;
    other.assert_contains("<a href=\"https://service.hamburg.de\">Online-Dienste</a>");
    // The whole settings form stays in sync with what is stored.
    let form = admin.get("/admin/settings").await;
    form.assert_contains("value=\"https://e-government.hamburg.de\"");
    form.assert_contains("Sagen Sie uns");
}
