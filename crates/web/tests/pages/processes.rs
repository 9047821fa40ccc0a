//! Participation processes: who may create and edit them, what the public
//! sees, lists and filters, sanitized descriptions, images, feeds and search.

use axum::http::StatusCode;
use chrono::{Duration, Local};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// Form fields of a process whose participation runs from `from` to `until`
/// days relative to today.
fn fields<'a>(
    title: &'a str,
    from: &'a str,
    until: &'a str,
    department: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("summary", "Eine kurze Beschreibung des Verfahrens."),
        (
            "description",
            "## Worum es geht\n\nWir erklären hier **alle Einzelheiten**.",
        ),
        ("tags", "Radverkehr, Klima"),
        ("department_id", department),
        ("participation_from", from),
        ("participation_until", until),
        ("action", "publish"),
    ]
}

async fn create(c: &Client, title: &str, from: i64, until: i64, department: i64) -> i64 {
    let (f, u, d) = (day(from), day(until), department.to_string());
    let r = c
        .post_multipart("/processes", &fields(title, &f, &u, &d), None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "create failed: {}", r.body);
    let loc = r.location().unwrap().to_owned();
    loc.trim_start_matches("/processes/")
        .parse()
        .expect("process id")
}

fn png() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(1200, 800);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn staff_create_a_process_that_everyone_can_read() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let r = staff.get("/processes/new").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Neues Beteiligungsverfahren");

    let (f, u, d) = (day(-5), day(10), dep.to_string());
    let mut form = fields("Radwege in Altona", &f, &u, &d);
    form.push(("image_alt", "Ein Radweg an der Elbe"));
    let r = staff
        .post_multipart("/processes", &form, Some(("image", "bild.png", &png())))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap();

    let anon = app.client();
    let r = anon.get(&format!("/processes/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("<h1>Radwege in Altona</h1>");
    r.assert_contains("<strong>alle Einzelheiten</strong>");
    r.assert_contains("Finanzbehörde");
    r.assert_contains("aria-current=\"step\"");
    r.assert_contains("läuft gerade");
    r.assert_contains("alt=\"Ein Radweg an der Elbe\"");
    r.assert_contains("Melden Sie sich an, um mitzudiskutieren");
    assert!(
        !r.body.contains("Verfahren bearbeiten"),
        "the public sees no staff controls"
    );
    // Open Graph for shared links.
    r.assert_contains("<meta property=\"og:title\" content=\"Radwege in Altona\">");
    r.assert_contains(
        "<meta property=\"og:description\" content=\"Eine kurze Beschreibung des Verfahrens.\">",
    );
    r.assert_contains(&format!(
        "<meta property=\"og:url\" content=\"http://mitreden.test/processes/{id}\">"
    ));
    r.assert_contains("<meta property=\"og:image\" content=\"http://mitreden.test/images/");

    let p = db::processes::get(&app.db, id).await.unwrap().unwrap();
    let img = p.image_id.expect("image stored");
    let r = anon.get(&format!("/images/{img}/large.jpg")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "image/jpeg");
    let r = anon.get(&format!("/images/{img}/small.jpg")).await;
    assert_eq!(r.status, StatusCode::OK);

    let home = anon.get("/").await;
    home.assert_contains("Radwege in Altona");
    home.assert_contains("noch 10 Tage");
}

#[tokio::test]
async fn drafts_stay_with_their_department() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (other, _) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let (f, u, d) = (day(-1), day(10), dep.to_string());
    let mut form = fields("Geheimer Entwurf", &f, &u, &d);
    form.retain(|(k, _)| *k != "action");
    form.push(("action", "draft"));
    let r = staff.post_multipart("/processes", &form, None).await;
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap();

    assert_eq!(
        app.client().get(&format!("/processes/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other.get(&format!("/processes/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = staff.get(&format!("/processes/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Entwurf");
    assert!(
        !app.client()
            .get("/processes")
            .await
            .body
            .contains("Geheimer Entwurf")
    );
    staff
        .get("/processes/drafts")
        .await
        .assert_contains("Geheimer Entwurf");
    assert!(
        !other
            .get("/processes/drafts")
            .await
            .body
            .contains("Geheimer Entwurf")
    );
    assert!(
        db::search::query(&app.db, "Geheimer", 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Another department's staff can neither edit nor publish it.
    assert_eq!(
        other.get(&format!("/processes/{id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = other
        .post_form(
            &format!("/processes/{id}/status"),
            &[("status", "published")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = other
        .post_multipart(
            &format!("/processes/{id}/edit"),
            &fields("Übernommen", &f, &u, &d),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        db::processes::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .title,
        "Geheimer Entwurf"
    );

    // Its own staff publish it; now everyone sees it and search finds it.
    let r = staff
        .post_form(
            &format!("/processes/{id}/status"),
            &[("status", "published")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.client().get(&format!("/processes/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        db::search::query(&app.db, "Geheimer", 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn only_staff_create_and_only_for_their_department() {
    let app = TestApp::new().await;
    let (staff, _) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let other_dep = db::departments::create(&app.db, "Umweltbehörde")
        .await
        .unwrap();
    let citizen = app.citizen("bea@example.org", "Bea", PW).await;
    assert_eq!(
        citizen.get("/processes/new").await.status,
        StatusCode::FORBIDDEN
    );
    let (f, u, d) = (day(0), day(3), other_dep.id.to_string());
    let r = citizen
        .post_multipart("/processes", &fields("X", &f, &u, &d), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.client().get("/processes/new").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let r = staff
        .post_multipart("/processes", &fields("Fremd", &f, &u, &d), None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Sie können nur Verfahren Ihrer eigenen Behörde anlegen.");
    assert_eq!(
        db::testing::count_rows(&app.db, "processes").await.unwrap(),
        0
    );

    // Administrators may create for any department.
    let admin = app.admin("admin@example.org", PW).await;
    create(&admin, "Von der Administration", 0, 3, other_dep.id).await;
}

#[tokio::test]
async fn bad_process_forms_explain_every_problem_and_keep_the_input() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let d = dep.to_string();
    let long_title = "T".repeat(201);
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", &long_title),
                ("summary", ""),
                ("description", "Meine Beschreibung bleibt."),
                ("tags", "a,b,c,d,e,f,g,h,i,j,k"),
                ("department_id", &d),
                ("information_from", "2026-05-01"),
                ("participation_from", "2026-04-10"),
                ("participation_until", "2026-04-01"),
                ("evaluation_from", "kein datum"),
                ("action", "publish"),
            ],
            Some(("image", "foto.jpg", b"%PDF-1.7 this is not a picture")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Der Titel darf höchstens 200 Zeichen lang sein.");
    r.assert_contains("Bitte füllen Sie dieses Feld aus.");
    r.assert_contains("Bitte geben Sie höchstens 10 Themen an.");
    r.assert_contains("Bitte geben Sie Beginn und Ende an – oder keines von beiden.");
    r.assert_contains("Das Ende liegt vor dem Beginn.");
    r.assert_contains("Bitte geben Sie ein gültiges Datum ein.");
    r.assert_contains("Die Datei ist kein JPEG-, PNG- oder WebP-Bild.");
    r.assert_contains("Meine Beschreibung bleibt.");
    r.assert_contains("value=\"2026-04-10\"");
    assert_eq!(
        db::testing::count_rows(&app.db, "processes").await.unwrap(),
        0
    );

    // A picture needs a description.
    let (f, u) = (day(0), day(5));
    let r = staff
        .post_multipart(
            "/processes",
            &fields("Mit Bild", &f, &u, &d),
            Some(("image", "b.png", &png())),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte beschreiben Sie das Bild");
    assert_eq!(db::testing::count_rows(&app.db, "images").await.unwrap(), 0);
}

#[tokio::test]
async fn staff_edit_their_process() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let id = create(&staff, "Alter Titel", -1, 5, dep).await;
    let r = staff.get(&format!("/processes/{id}/edit")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("value=\"Alter Titel\"");
    let (f, u, d) = (day(-1), day(5), dep.to_string());
    let r = staff
        .post_multipart(
            &format!("/processes/{id}/edit"),
            &fields("Neuer Titel", &f, &u, &d),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.client()
        .get(&format!("/processes/{id}"))
        .await
        .assert_contains("<h1>Neuer Titel</h1>");
    assert_eq!(
        db::search::query(&app.db, "Neuer Titel", 5)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        db::search::query(&app.db, "Alter", 5)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn lists_filter_by_department_tag_and_state() {
    let app = TestApp::new().await;
    let (fin, fin_dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (umw, umw_dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    create(&fin, "Laufend Finanzen", -3, 3, fin_dep).await;
    create(&fin, "Demnächst Finanzen", 10, 20, fin_dep).await;
    create(&umw, "Vorbei Umwelt", -30, -20, umw_dep).await;
    let archived = create(&umw, "Archiviert Umwelt", -3, 3, umw_dep).await;
    umw.post_form(
        &format!("/processes/{archived}/status"),
        &[("status", "archived")],
    )
    .await;

    let c = app.client();
    let all = c.get("/processes").await;
    all.assert_contains("3 Verfahren gefunden.");
    assert!(!all.body.contains("Archiviert Umwelt"));
    let r = c.get(&format!("/processes?department={umw_dep}")).await;
    r.assert_contains("Vorbei Umwelt");
    assert!(!r.body.contains("Laufend Finanzen"));
    let r = c.get("/processes?status=current").await;
    r.assert_contains("Laufend Finanzen");
    assert!(!r.body.contains("Demnächst Finanzen") && !r.body.contains("Vorbei Umwelt"));
    let r = c.get("/processes?status=upcoming").await;
    r.assert_contains("Demnächst Finanzen");
    r.assert_contains("Ein Verfahren gefunden.");
    let r = c.get("/processes?tag=Radverkehr&status=finished").await;
    r.assert_contains("Vorbei Umwelt");
    let r = c.get("/processes?tag=Unbekannt").await;
    r.assert_contains("Keine Verfahren gefunden.");
    let archive = c.get("/processes/archive").await;
    archive.assert_contains("Archiviert Umwelt");
    archive.assert_contains("Vorbei Umwelt");
    assert!(!archive.body.contains("Laufend Finanzen"));
    let home = c.get("/").await;
    for s in [
        "Jetzt mitmachen",
        "Demnächst",
        "Ergebnisse und Auswertung",
        "Laufend Finanzen",
        "Demnächst Finanzen",
        "Vorbei Umwelt",
    ] {
        home.assert_contains(s);
    }
    // Bad filter values are ignored, not errors.
    assert_eq!(
        c.get("/processes?department=abc&page=0&status=x")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn long_lists_paginate() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    for i in 0..14 {
        create(&staff, &format!("Verfahren Nummer {i:02}"), -1, 3, dep).await;
    }
    let c = app.client();
    let p1 = c.get("/processes").await;
    p1.assert_contains("14 Verfahren gefunden.");
    p1.assert_contains("Seite 1 von 2");
    let p2 = c.get("/processes?page=2").await;
    p2.assert_contains("Seite 2 von 2");
    let count = |b: &str| b.matches("Verfahren Nummer").count();
    assert_eq!(count(&p1.body) + count(&p2.body), 14);
}

/// Markdown descriptions keep their formatting and lose everything that could
/// run code, restyle the page or load from another host.
#[tokio::test]
async fn descriptions_are_sanitized_against_a_corpus_of_xss_vectors() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let vectors = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<a href=\"javascript:alert(1)\">klick</a>",
        "[klick](javascript:alert(1))",
        "[klick](JaVaScRiPt:alert(1))",
        "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![bild](https://evil.example/tracker.png)",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"position:fixed;top:0\">overlay</p>",
        "<style>body{display:none}</style>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<object data=\"https://evil.example/x.swf\"></object>",
        "<embed src=\"https://evil.example/x.swf\">",
        "<form action=\"https://evil.example\"><input name=pw></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<scr<script>ipt>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
    ];
    let description = vectors.join("\n\n");
    let (f, u, d) = (day(0), day(5), dep.to_string());
    let mut form = fields("XSS-Test", &f, &u, &d);
    form.retain(|(k, _)| *k != "description");
    form.push(("description", &description));
    let r = staff.post_multipart("/processes", &form, None).await;
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap();
    let page = app.client().get(&format!("/processes/{id}")).await;
    let start = page
        .body
        .find("id=\"description-title\"")
        .expect("description");
    let end = page.body.find("id=\"discussion\"").expect("discussion");
    let html = page.body[start..end].to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "onfocus",
        "ontoggle",
        "javascript:",
        "data:text",
        "<iframe",
        "<img",
        "<svg",
        "<style",
        "style=",
        "<link",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<base",
        "<meta",
        "evil.example/x.js",
        "tracker.png\"",
    ] {
        assert!(!html.contains(bad), "{bad:?} survived in:\n{html}");
    }
    assert!(
        html.contains("href=\"https://ok.example\""),
        "harmless links stay"
    );
}

#[tokio::test]
async fn atom_feeds_list_processes_and_new_comments() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let id = create(&staff, "Im Feed", -1, 5, dep).await;
    let citizen = app.citizen("carla@example.org", "Carla", PW).await;
    citizen
        .post_form(
            &format!("/processes/{id}/comments"),
            &[("body", "Ein Beitrag für den Feed")],
        )
        .await;
    let r = app.client().get("/processes.atom").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed: atom_syndication::Feed = r.body.parse().expect("a valid Atom feed");
    assert_eq!(feed.entries().len(), 1);
    assert_eq!(feed.entries()[0].title().as_str(), "Im Feed");
    assert_eq!(
        feed.entries()[0].links()[0].href(),
        format!("http://mitreden.test/processes/{id}")
    );

    let r = app
        .client()
        .get(&format!("/processes/{id}/comments.atom"))
        .await;
    let feed: atom_syndication::Feed = r.body.parse().expect("a valid Atom feed");
    assert_eq!(feed.entries().len(), 1);
    assert!(feed.entries()[0].title().as_str().contains("Carla"));
    assert_eq!(
        feed.entries()[0].content().and_then(|c| c.value()),
        Some("Ein Beitrag für den Feed")
    );
    assert_eq!(
        app.client()
            .get("/processes/999/comments.atom")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn search_understands_german_word_forms() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let id = create(&staff, "Der neue Radweg an der Elbe", -1, 5, dep).await;
    create(&staff, "Parkplätze am Rathaus", -1, 5, dep).await;
    let citizen = app.citizen("dirk@example.org", "Dirk", PW).await;
    citizen
        .post_form(
            &format!("/processes/{id}/comments"),
            &[("body", "Bitte mehr Bäume an den Straßen pflanzen.")],
        )
        .await;
    let c = app.client();
    let r = c.get("/search?q=Radwege").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Der neue <mark>Radweg</mark> an der Elbe");
    assert!(!r.body.contains("Parkplätze am Rathaus"));
    let r = c.get("/search?q=Baum").await;
    r.assert_contains("/comments/");
    r.assert_contains("<mark>Bäume</mark> an den Straßen");
    let r = c.get("/search?q=Straße").await;
    r.assert_contains("Bäume an den <mark>Straßen</mark>");
    let r = c.get("/search?q=Schwimmbad").await;
    r.assert_contains("Keine Treffer");
    // Hostile queries are just words.
    for q in [
        "%22",
        "radweg*",
        "OR%20AND%20NOT",
        "terms:x",
        "%27%3B--",
        "(((",
        "%22%22%22",
        "",
    ] {
        assert_eq!(
            c.get(&format!("/search?q={q}")).await.status,
            StatusCode::OK,
            "{q}"
        );
    }
}

/// A person as the commands see them.
async fn actor(app: &TestApp, email: &str) -> app::Actor {
    let u = db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    app::Actor::Person(std::sync::Arc::new(u))
}

fn form(title: &str, department: i64) -> app::processes::ProcessForm {
    let mut dates: [(String, String); 4] = Default::default();
    dates[1] = (day(0), day(5));
    app::processes::ProcessForm {
        title: title.into(),
        summary: "Kurz erklärt.".into(),
        department_id: Some(department),
        dates,
        ..Default::default()
    }
}

#[tokio::test]
async fn the_process_commands_check_who_acts_and_name_what_changed() {
    use app::CommandError;
    use domain::Tag;
    use domain::processes::Status;
    let app = TestApp::new().await;
    let (_, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (_, other_dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    app.citizen("bea@example.org", "Bea", PW).await;
    let _ = app.admin("admin@example.org", PW).await;
    let a = &app.state.app;
    let staff = actor(&app, "team@finanzen.example").await;
    let other = actor(&app, "team@umwelt.example").await;
    let citizen = actor(&app, "bea@example.org").await;
    let admin = actor(&app, "admin@example.org").await;

    let r = app::processes::create(a, &app::Actor::Anonymous, form("X", dep), Status::Draft).await;
    assert!(matches!(r, Err(CommandError::LoginRequired)));
    let r = app::processes::create(a, &citizen, form("X", dep), Status::Draft).await;
    assert!(matches!(r, Err(CommandError::Forbidden)));
    let r = app::processes::create(a, &other, form("X", dep), Status::Draft).await;
    match r {
        Err(CommandError::Invalid(e)) => {
            assert_eq!(e.get("department_id"), Some("error-department-not-yours"))
        }
        other => panic!("{other:?}"),
    }
    // Bringing in a process under someone else's name is the system's alone.
    let staff_id = staff.user_id().unwrap();
    for person in [&staff, &admin] {
        let r = app::processes::import(a, person, staff_id, form("X", dep), Status::Draft).await;
        assert!(matches!(r, Err(CommandError::Forbidden)));
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "processes").await.unwrap(),
        0
    );

    let out = app::processes::create(a, &staff, form("Eigenes", dep), Status::Draft)
        .await
        .unwrap();
    let id = out.value;
    for t in [
        Tag::Process(id),
        Tag::Lists,
        Tag::Search,
        Tag::User(staff_id),
    ] {
        assert!(out.changes.tags.contains(&t), "{t}");
    }
    let r = app::processes::set_status(a, &other, id, Status::Published).await;
    assert!(matches!(r, Err(CommandError::Forbidden)));
    let r = app::processes::update(a, &other, id, form("Übernommen", other_dep)).await;
    assert!(matches!(r, Err(CommandError::Forbidden)));
    let r = app::processes::set_status(a, &staff, id + 1000, Status::Published).await;
    assert!(matches!(r, Err(CommandError::NotFound)));
    // Administrators manage every department's processes.
    app::processes::set_status(a, &admin, id, Status::Published)
        .await
        .unwrap();
    let out = app::processes::import(
        a,
        &app::Actor::System,
        staff_id,
        form("Aus dem Archiv", other_dep),
        Status::Archived,
    )
    .await
    .unwrap();
    let p = db::processes::get(&app.db, out.value)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.status, Status::Archived);
    assert!(!out.changes.tags.contains(&Tag::User(staff_id)));
}
