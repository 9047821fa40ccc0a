//! The staff's dashboard and its CSV downloads, and the site settings of
//! the platform's look: colours checked for contrast, start-page texts,
//! footer links.

use app::Actor;
use app::comments::Write;
use axum::http::StatusCode;
use db::comments::Subject;
use db::dashboard::Scope;
use domain::ideas::Status;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (web::dates::today() + chrono::Duration::days(offset)).to_string()
}

/// A published process with ideas, open for participation now.
async fn process(staff: &Client, dep: i64, title: &str) -> i64 {
    staff
        .publish_process(
            dep,
            &[
                ("title", title),
                ("participation_from", &day(-1)),
                ("participation_until", &day(5)),
                ("ideas_enabled", "1"),
            ],
        )
        .await
}

async fn person(app: &TestApp, email: &str) -> Actor {
    let u = db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    Actor::Person(std::sync::Arc::new(u))
}

fn idea(title: &str) -> app::ideas::Submission {
    app::ideas::Submission {
        title: title.into(),
        body: "Mehr Schatten auf dem Platz.".into(),
        ..Default::default()
    }
}

/// The Monday of this week, as the dashboard names weeks.
fn this_week() -> String {
    use chrono::Datelike;
    let today = web::dates::today();
    (today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()))).to_string()
}

/// A CSV download's rows, without the byte-order mark.
fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    let text =
        String::from_utf8_lossy(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)).into_owned();
    text.lines()
        .map(|l| l.split(';').map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_dashboard_counts_what_happened_and_its_csv_equals_its_tables() {
    let app = TestApp::new().await;
    let cmd = &app.state.app;
    let (altona, dep_a) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (umwelt, dep_b) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let p1 = process(&altona, dep_a, "Platz am Bahnhof").await;
    let p2 = process(&umwelt, dep_b, "Stadtbäume").await;
    app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let anna = person(&app, "anna@example.org").await;
    let ben = person(&app, "ben@example.org").await;

    let i1 = app::ideas::submit(cmd, &anna, p1, idea("Schattige Bänke"))
        .await
        .unwrap()
        .value;
    app::ideas::support(cmd, &ben, i1, true).await.unwrap();
    for (who, subject) in [(&ben, Subject::process(p1)), (&anna, Subject::idea(i1))] {
        app::comments::write(
            cmd,
            who,
            Write {
                subject,
                parent_id: None,
                body: "Gute Sache, bitte bald.".into(),
            },
        )
        .await
        .unwrap();
    }
    app::ideas::submit(cmd, &ben, p2, idea("Mehr Linden"))
        .await
        .unwrap();
    let altona_actor = person(&app, "team@altona.example").await;
    app::ideas::set_status(cmd, &altona_actor, i1, Status::InReview, "Wir prüfen das.")
        .await
        .unwrap();

    // The department's figures, as the database holds them.
    let week = this_week();
    let weeks = db::dashboard::activity(&app.db, Scope::Department(dep_a))
        .await
        .unwrap();
    assert_eq!(
        weeks,
        vec![db::dashboard::Week {
            week: week.clone(),
            participants: 2,
            comments: 2,
            ideas: 1,
            supports: 1,
            survey_answers: 0,
            votes: 0,
        }]
    );
    let platform = db::dashboard::activity(&app.db, Scope::Platform)
        .await
        .unwrap();
    assert_eq!(platform[0].ideas, 2);
    assert_eq!(
        db::dashboard::answer_days(&app.db, Scope::Platform)
            .await
            .unwrap(),
        vec![0]
    );

    // Staff see their department's dashboard; the page shows those figures.
    let r = altona.get("/staff/dashboard").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Bezirksamt Altona");
    r.assert_contains(&format!(
        "<tr><th scope=\"row\">{week}</th><td>2</td><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td></tr>"
    ));
    r.assert_contains("<tr><th scope=\"row\">In Prüfung</th><td>1</td></tr>");
    r.assert_contains("Im Median 0 Tage");
    r.assert_contains("<svg");
    r.assert_contains(&format!("href=\"/ideas/{i1}\">Schattige Bänke</a>"));
    assert!(!r.body.contains("Mehr Linden"), "another department's idea");

    // Every table downloads as CSV with the same cells.
    let csv = altona.get("/staff/dashboard/activity.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv_rows(&csv.bytes),
        vec![
            vec![
                "Woche ab",
                "Teilnehmende",
                "Beiträge",
                "Ideen",
                "Unterstützungen",
                "Umfrage-Antworten",
                "Stimmen zu Aussagen"
            ],
            vec![week.as_str(), "2", "2", "1", "1", "0", "0"],
        ]
    );
    let csv = altona.get("/staff/dashboard/status.csv").await;
    assert_eq!(
        csv_rows(&csv.bytes),
        vec![vec!["Stand", "Anzahl"], vec!["In Prüfung", "1"]]
    );
    let csv = altona.get("/staff/dashboard/most-discussed.csv").await;
    let rows = csv_rows(&csv.bytes);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.contains(&vec!["Idee".into(), "Schattige Bänke".into(), "1".into()]));
    assert_eq!(
        altona.get("/staff/dashboard/secrets.csv").await.status,
        StatusCode::NOT_FOUND
    );

    // One process; another department's are not theirs.
    let r = altona.get(&format!("/staff/dashboard?process={p1}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Platz am Bahnhof");
    for path in [
        format!("/staff/dashboard?process={p2}"),
        format!("/staff/dashboard?department={dep_b}"),
        format!("/staff/dashboard/activity.csv?department={dep_b}"),
    ] {
        assert_eq!(
            altona.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let anna_client = app.client();
    anna_client.login("anna@example.org", PW).await;
    assert_eq!(
        anna_client.get("/staff/dashboard").await.status,
        StatusCode::FORBIDDEN
    );

    // Administrators see the whole platform, and any department.
    let admin = app.admin("admin@hamburg.example", PW).await;
    let r = admin.get("/staff/dashboard").await;
    r.assert_contains(&format!(
        "<tr><th scope=\"row\">{week}</th><td>2</td><td>2</td><td>2</td><td>1</td><td>0</td><td>0</td></tr>"
    ));
    r.assert_contains("<tr><th scope=\"row\">Umweltbehörde</th><td>1</td></tr>");
    let r = admin
        .get(&format!("/staff/dashboard?department={dep_b}"))
        .await;
    r.assert_contains("Behörde Umweltbehörde");
    r.assert_contains(&format!(
        "<tr><th scope=\"row\">{week}</th><td>1</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>"
    ));
    let _ = umwelt;
}

#[tokio::test]
async fn staff_start_on_their_dashboard_after_login() {
    let app = TestApp::new().await;
    app.staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    app.citizen("anna@example.org", "Anna", PW).await;
    let staff = app.client();
    staff.get("/login").await;
    let r = staff
        .post_form(
            "/login",
            &[("email", "team@altona.example"), ("password", PW)],
        )
        .await;
    assert_eq!(r.location(), Some("/staff/dashboard"));
    let staff = app.client();
    staff.get("/login").await;
    let r = staff
        .post_form(
            "/login",
            &[
                ("email", "team@altona.example"),
                ("password", PW),
                ("next", "/processes"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/processes"));
    let citizen = app.client();
    citizen.get("/login").await;
    let r = citizen
        .post_form("/login", &[("email", "anna@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.location(), Some("/"));
}

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

/// The week (its Monday) of today in UTC, as the activity counts it.
fn utc_week() -> String {
    db::activity::week_of(chrono::Utc::now().date_naive()).to_string()
}

#[tokio::test]
async fn the_activity_kept_by_the_commands_follows_every_change_and_equals_a_recount() {
    let app = TestApp::new().await;
    let cmd = &app.state.app;
    let (altona, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&altona, dep, "Platz am Bahnhof").await;
    app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let anna = person(&app, "anna@example.org").await;
    let ben = person(&app, "ben@example.org").await;
    let i = app::ideas::submit(cmd, &anna, p, idea("Schattige Bänke"))
        .await
        .unwrap()
        .value;
    app::ideas::support(cmd, &ben, i, true).await.unwrap();
    // A repeated support counts once.
    app::ideas::support(cmd, &ben, i, true).await.unwrap();
    let mut comments = vec![];
    for (who, subject) in [
        (&ben, Subject::process(p)),
        (&ben, Subject::idea(i)),
        (&anna, Subject::idea(i)),
    ] {
        let write = Write {
            subject,
            parent_id: None,
            body: "Gute Sache, bitte bald.".into(),
        };
        comments.push(app::comments::write(cmd, who, write).await.unwrap().value);
    }
    let (survey, map) =
        crate::api_participation::survey_and_map(&app, &altona, "team@altona.example", p).await;
    // A dated answer counts; the invitation-like undated one of the setup does not.
    let today = chrono::Utc::now().date_naive();
    app::surveys::answer::import_responses(
        cmd,
        &Actor::System,
        survey,
        &[(Some(today), Default::default())],
    )
    .await
    .unwrap();
    let statements = crate::opinion::statements(&app, map).await;
    let ben_id = db::accounts::by_email(&app.db, "ben@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    for (who, value) in [
        (db::opinion::Who::User(ben_id), 1),
        (db::opinion::Who::Session("anonym-1".into()), -1),
    ] {
        for s in &statements {
            app::opinion::import_vote(cmd, &Actor::System, s.id, &who, value)
                .await
                .unwrap();
        }
    }
    // A changed vote is no new vote.
    app::opinion::import_vote(
        cmd,
        &Actor::System,
        statements[0].id,
        &db::opinion::Who::User(ben_id),
        -1,
    )
    .await
    .unwrap();
    let votes = 2 * statements.len() as i64;
    let expected = |comments: i64, supports: i64| {
        vec![db::dashboard::Week {
            week: utc_week(),
            // Anna, Ben and the anonymous voter.
            participants: 3,
            comments,
            ideas: 1,
            supports,
            survey_answers: 1,
            votes,
        }]
    };
    for scope in [Scope::Platform, Scope::Department(dep), Scope::Process(p)] {
        assert_eq!(
            db::dashboard::activity(&app.db, scope).await.unwrap(),
            expected(3, 1),
            "{scope:?}"
        );
    }

    // A deleted comment and a withdrawn support leave the counts; who took
    // part that week still did.
    app::comments::delete(cmd, &ben, comments[1]).await.unwrap();
    app::ideas::support(cmd, &ben, i, false).await.unwrap();
    let r = altona.get("/staff/dashboard").await;
    r.assert_contains(&format!(
        "<tr><th scope=\"row\">{}</th><td>3</td><td>2</td><td>1</td><td>0</td><td>1</td><td>{votes}</td></tr>",
        utc_week()
    ));
    let mut kept = vec![];
    for scope in [Scope::Platform, Scope::Department(dep), Scope::Process(p)] {
        let weeks = db::dashboard::activity(&app.db, scope).await.unwrap();
        assert_eq!(weeks, expected(2, 0), "{scope:?}");
        kept.push(weeks);
    }

    // Counted again from the rows themselves, as the migration does for what
    // came before, the figures are the same.
    db::testing::recount_activity(&app.db).await.unwrap();
    for (scope, kept) in [Scope::Platform, Scope::Department(dep), Scope::Process(p)]
        .into_iter()
        .zip(kept)
    {
        assert_eq!(
            db::dashboard::activity(&app.db, scope).await.unwrap(),
            kept,
            "{scope:?}"
        );
    }
}
