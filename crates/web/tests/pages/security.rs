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

/// A published open survey of `staff`'s department with these questions on
/// page 1; returns the survey's and the questions' ids.
async fn survey_with(
    app: &TestApp,
    staff: &Client,
    dep: i64,
    questions: &[&[(&str, &str)]],
) -> (i64, Vec<i64>) {
    let p = staff.publish_process(dep, &[]).await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[("title", "Zahlen"), ("access", "open")],
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
    for fields in questions {
        let mut all = vec![("page", "1")];
        all.extend_from_slice(fields);
        let r = staff
            .post_form(&format!("/surveys/{s}/questions"), &all)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = staff
        .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ids = db::surveys::questions(&app.db, s)
        .await
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect();
    (s, ids)
}

/// Submits `value` as the answer to question `q` of a fresh anonymous
/// respondent.
async fn answer(app: &TestApp, s: i64, q: i64, value: &str) -> testkit::Response {
    let c = app.client();
    let r = c.get(&format!("/surveys/{s}/answer")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let i = r.body.find("name=\"draft\" value=\"").expect("draft key");
    let key = r.body[i + 20..i + 84].to_owned();
    let field = format!("q{q}");
    c.post_form(
        &format!("/surveys/{s}/answer"),
        &[
            ("page", "1"),
            ("draft", &key),
            ("action", "submit"),
            (&field, value),
        ],
    )
    .await
}

#[tokio::test]
async fn huge_numbers_are_refused_and_never_break_the_results() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let (s, q) = survey_with(
        &app,
        &staff,
        dep,
        &[&[("kind", "number"), ("text", "Wie viele?")]],
    )
    .await;
    let q = q[0];

    let r = answer(&app, s, q, "2").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = answer(&app, s, q, "10000000000000000000").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(
        "Bitte geben Sie eine Zahl zwischen -1.000.000.000.000 und 1.000.000.000.000 ein.",
    );
    r.assert_contains("value=\"10000000000000000000\"");
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        1
    );

    // An answer stored before the limit existed still leaves the results
    // pages working.
    let mut a = BTreeMap::new();
    a.insert(
        q,
        vec![Item {
            item: String::new(),
            value: "10000000000000000000".into(),
            num: Some(1e19),
        }],
    );
    app::surveys::answer::import_responses(&app.state.app, &Actor::System, s, &[(None, a)])
        .await
        .unwrap();
    let r = staff.get(&format!("/surveys/{s}/results")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("2 Antworten");
    let r = staff.get(&format!("/surveys/{s}/report")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// Reads a CSV export (after its byte-order mark) into rows of cells.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(body.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn csv_exports_carry_no_formulas() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;

    // Ideas: a title that is a formula; the coordinates the platform writes
    // (a negative longitude) stay numbers.
    let p = staff
        .publish_process(
            dep,
            &[("ideas_enabled", "1"), ("categories", "Radwege\nGrün")],
        )
        .await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let title = "=HYPERLINK(\"https://evil.example\",\"Klick\")";
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", title),
                ("body", "@SUM(1+1)*cmd|' /C calc'!A0"),
                ("category", "Radwege"),
                ("address", "+49 40 1234"),
                ("lat", "53,5560"),
                ("lon", "-9.9370"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = db::ideas::export_rows(&app.db, p).await.unwrap();
    assert_eq!(stored[0].0.title, title, "stored as typed");
    let r = staff.get(&format!("/processes/{p}/ideas.csv")).await;
    assert_eq!(r.status, StatusCode::OK);
    let rows = csv_rows(&r.body);
    assert_eq!(rows[0][1], "title");
    assert_eq!(rows[1][1], format!("'{title}"));
    assert_eq!(rows[1][2], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(rows[1][12], "'+49 40 1234");
    assert_eq!(rows[1][11], "-9.937");

    // Survey answers: text answers neutralized, numbers kept.
    let (s, q) = survey_with(
        &app,
        &staff,
        dep,
        &[
            &[("kind", "text"), ("text", "Was fehlt?")],
            &[("kind", "number"), ("text", "Wie viele?")],
        ],
    )
    .await;
    for value in ["=1+2", "-3+cmd|' /C calc'!A0", "@A1", "-3"] {
        let r = answer(&app, s, q[0], value).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = answer(&app, s, q[1], "-3").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = staff.get(&format!("/surveys/{s}/answers.csv")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = csv_rows(&r.body);
    // response, submitted_on, the text question, the number question.
    let (texts, numbers) = (2, 3);
    let mut got: Vec<&str> = rows[1..].iter().map(|r| r[texts].as_str()).collect();
    got.sort_unstable();
    assert_eq!(
        got,
        ["", "'-3+cmd|' /C calc'!A0", "'=1+2", "'@A1", "-3"],
        "{}",
        r.body
    );
    assert!(rows[1..].iter().any(|r| r[numbers] == "-3"), "{}", r.body);

    // The codebook: the question texts staff typed are neutralized too.
    let (s2, _) = survey_with(
        &app,
        &staff,
        dep,
        &[&[("kind", "text"), ("text", "=2+3 Wie finden Sie das?")]],
    )
    .await;
    let r = staff.get(&format!("/surveys/{s2}/codebook.csv")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        csv_rows(&r.body)
            .iter()
            .any(|row| row.iter().any(|c| c == "'=2+3 Wie finden Sie das?")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_reset_ends_every_reset_link_of_the_account() {
    let app = TestApp::new().await;
    app.citizen("fritz@example.org", "Fritz", PW).await;
    let c = app.client();
    let forgot = || async {
        let r = c
            .post_form("/password/forgot", &[("email", "fritz@example.org")])
            .await;
        assert_eq!(r.location(), Some("/password/forgot/done"));
        app.link_from_mail("fritz@example.org", "/password/reset/")
            .await
    };
    let older = forgot().await;
    let newer = forgot().await;
    assert_ne!(older, newer);

    let r = c
        .post_form(&newer, &[("password", "ganz-neues-passwort")])
        .await;
    assert_eq!(r.location(), Some("/login"));

    // The older mail's link is spent too: it shows so, and sets nothing.
    let attacker = app.client();
    let r = attacker.get(&older).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link wurde bereits verwendet.");
    let r = attacker
        .post_form(&older, &[("password", "vom-angreifer-gesetzt")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link wurde bereits verwendet.");
    let r = attacker
        .post_form(
            "/login",
            &[
                ("email", "fritz@example.org"),
                ("password", "vom-angreifer-gesetzt"),
            ],
        )
        .await;
    r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");
    let user = db::accounts::by_email(&app.db, "fritz@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(
        web::security::verify_password("ganz-neues-passwort".into(), Some(user.password_hash))
            .await
    );
}

#[tokio::test]
async fn a_new_password_in_the_settings_ends_pending_reset_links() {
    let app = TestApp::new().await;
    let owner = app.citizen("greta@example.org", "Greta", PW).await;
    let r = app
        .client()
        .post_form("/password/forgot", &[("email", "greta@example.org")])
        .await;
    assert_eq!(r.location(), Some("/password/forgot/done"));
    let link = app
        .link_from_mail("greta@example.org", "/password/reset/")
        .await;
    let r = owner
        .post_form(
            "/settings/password",
            &[
                ("current_password", PW),
                ("new_password", "selbst-gewaehlt-1"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/settings"));

    let r = app
        .client()
        .post_form(&link, &[("password", "vom-angreifer-gesetzt")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link wurde bereits verwendet.");
    let user = db::accounts::by_email(&app.db, "greta@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(
        web::security::verify_password("selbst-gewaehlt-1".into(), Some(user.password_hash)).await
    );
}

#[tokio::test]
async fn https_sites_send_hsts_and_http_sites_do_not() {
    let hsts = "strict-transport-security";
    let app = TestApp::with_config(|c| {
        c.public_url = url::Url::parse("https://beteiligung.example").unwrap();
    })
    .await;
    let c = app.client();
    for path in ["/", "/login", "/nirgendwo", "/healthz"] {
        let r = c.get(path).await;
        assert_eq!(
            r.headers.get(hsts).and_then(|v| v.to_str().ok()),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
    let app = TestApp::new().await;
    for path in ["/", "/login"] {
        let r = app.client().get(path).await;
        assert!(r.headers.get(hsts).is_none(), "{path}");
    }
}

#[tokio::test]
async fn login_gives_a_new_csrf_token_and_the_old_one_is_refused() {
    let app = TestApp::new().await;
    app.citizen("anna@example.org", "Anna", PW).await;
    let c = app.client();
    c.get("/login").await;
    let before = c.cookie(web::cookies::CSRF).expect("a token before login");
    c.login("anna@example.org", PW).await;
    let after = c.cookie(web::cookies::CSRF).expect("a token after login");
    assert_ne!(before, after);

    // A form carrying the token from before the login is refused.
    let r = c
        .post_raw(
            "/settings/name",
            &[("csrf_token", &before), ("display_name", "Untergeschoben")],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let name = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            db::accounts::by_email(&db, "anna@example.org")
                .await
                .unwrap()
                .unwrap()
                .display_name
        }
    };
    assert_eq!(name(&app).await, "Anna");
    // The page's own token works.
    let r = c
        .post_form("/settings/name", &[("display_name", "Anna B.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(name(&app).await, "Anna B.");
}

/// The log lines written while it is set, as text.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Log;

    fn make_writer(&'a self) -> Log {
        self.clone()
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn refused_posts_are_logged_without_their_secrets() {
    let log = Log::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(log.clone())
        .finish();
    // The test runs on one thread, and so does the application under it.
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::new().await;
    let secret = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7abcd";
    let c = app.client();
    c.get("/").await;

    // A reset link posted without the form's token.
    let r = c
        .post_raw(
            &format!("/password/reset/{secret}"),
            &[("password", "ganz-neues-passwort")],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An upload whose action URL carries a token that is not the cookie's.
    let r = c
        .request(
            axum::http::Request::post(format!("/staff/documents?csrf_token={secret}"))
                .header("content-type", "multipart/form-data; boundary=x")
                .body(axum::body::Body::from("--x--\r\n"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A respondent's draft key in the address.
    let r = c
        .post_raw(
            &format!("/surveys/1/answer?page=2&draft={secret}"),
            &[],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // And the one-time links of mails and invitations.
    for (path, tail) in [
        ("/verify", ""),
        ("/settings/email/confirm", ""),
        ("/surveys/t", "/answer"),
    ] {
        let r = c
            .post_raw(&format!("{path}/{secret}{tail}"), &[], &[])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }

    let text = log.text();
    assert_eq!(
        text.matches("refused form post without a valid CSRF token")
            .count(),
        6,
        "{text}"
    );
    assert!(!text.contains(secret), "{text}");
    for masked in [
        "/password/reset/…",
        "/staff/documents?csrf_token=…",
        "/surveys/1/answer?page=2&draft=…",
        "/verify/…",
        "/settings/email/confirm/…",
        "/surveys/t/…/answer",
    ] {
        assert!(text.contains(masked), "{masked} in {text}");
    }
}

/// Uploads a small CSV document for department `dep`, attached to `attach`.
async fn upload_document(staff: &Client, dep: i64, attach: &str) -> testkit::Response {
    let d = dep.to_string();
    staff
        .post_multipart(
            "/staff/documents",
            &[
                ("title", "Protokoll"),
                ("description", "Aus der Sitzung."),
                ("doc_type", "report"),
                ("language", "de"),
                ("doc_date", "2025-03-01"),
                ("department_id", &d),
                ("attach", attach),
            ],
            Some(("file", "protokoll.csv", b"a;b\n1;2\n")),
        )
        .await
}

#[tokio::test]
async fn documents_attach_only_to_what_the_uploader_manages() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (other, other_dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    // The other department's draft process and its draft survey.
    let draft = other
        .publish_process(other_dep, &[("action", "save")])
        .await;
    let r = other
        .post_form(
            &format!("/processes/{draft}/surveys"),
            &[("title", "Geheime Umfrage"), ("access", "open")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let survey: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let unknown = draft + survey + 1000;
    // The login's one-time message is shown (and gone) first.
    staff.get("/").await;

    // Another department's draft and a number that exists nowhere get the
    // same answer.
    let answer = |r: testkit::Response, attach: &str| {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{attach}");
        r.assert_contains(
            "Ein Verfahren, eine Idee oder eine Umfrage Ihrer Behörde mit dieser Nummer gibt es nicht.",
        );
        r.body.replace(attach, "ZUORDNUNG")
    };
    for (theirs, nowhere) in [
        (format!("process:{draft}"), format!("process:{unknown}")),
        (format!("survey:{survey}"), format!("survey:{unknown}")),
    ] {
        let a = answer(upload_document(&staff, dep, &theirs).await, &theirs);
        let b = answer(upload_document(&staff, dep, &nowhere).await, &nowhere);
        assert_eq!(a, b, "{theirs} and {nowhere} answer alike");
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        0
    );

    // Their own process takes it; attaching that document to the other
    // department's draft afterwards is refused by the command too.
    let own = staff.publish_process(dep, &[]).await;
    let r = upload_document(&staff, dep, &format!("process:{own}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let doc: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/documents/")
        .parse()
        .unwrap();
    let user = db::accounts::by_email(&app.db, "team@finanzen.example")
        .await
        .unwrap()
        .unwrap();
    let actor = Actor::Person(std::sync::Arc::new(user));
    for (kind, id) in [
        (domain::documents::SubjectKind::Process, draft),
        (domain::documents::SubjectKind::Survey, survey),
        (domain::documents::SubjectKind::Process, unknown),
    ] {
        let r = app::documents::attach(&app.state.app, &actor, doc, kind, id).await;
        assert!(
            matches!(r, Err(app::CommandError::Invalid(_))),
            "{kind:?} {id}"
        );
    }
    for (kind, id) in [
        (domain::documents::SubjectKind::Process, draft),
        (domain::documents::SubjectKind::Survey, survey),
    ] {
        let attached = db::documents::for_subject(&app.db, kind, id).await.unwrap();
        assert!(attached.is_empty(), "{kind:?} {id}");
    }
}

fn png() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(400, 300);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_drafts_picture_is_only_for_those_who_manage_it_and_never_public() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (other, _) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let admin = app.admin("admin@example.org", PW).await;
    let citizen = app.citizen("anna@example.org", "Anna", PW).await;
    let d = dep.to_string();
    let today = web::dates::today();
    let (from, until) = (
        today.to_string(),
        (today + chrono::Duration::days(30)).to_string(),
    );
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Geheimer Entwurf"),
                ("summary", "Noch nicht öffentlich"),
                ("department_id", &d),
                ("participation_from", &from),
                ("participation_until", &until),
                ("image_alt", "Ein Plan"),
                ("action", "draft"),
            ],
            Some(("image", "plan.png", &png())),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap();
    let p = db::processes::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(p.status, domain::processes::Status::Draft);
    let img = p.image_id.expect("image stored");

    for size in ["large.jpg", "small.jpg"] {
        let url = format!("/images/{img}/{size}");
        for (who, c) in [
            ("anonymous", app.client()),
            ("citizen", citizen.clone()),
            ("other department", other.clone()),
        ] {
            let r = c.get(&url).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{who} {url}");
            assert!(!r.headers.contains_key("etag"), "{who}");
        }
        for (who, c) in [("its department", &staff), ("administrator", &admin)] {
            let r = c.get(&url).await;
            assert_eq!(r.status, StatusCode::OK, "{who} {url}");
            assert_eq!(r.headers["content-type"], "image/jpeg");
            let cache = r.headers["cache-control"].to_str().unwrap();
            assert!(
                cache.contains("private") && !cache.contains("public"),
                "{cache}"
            );
        }
    }

    // Published, it is everyone's and may be cached for good.
    let r = staff
        .post_form(
            &format!("/processes/{id}/status"),
            &[("status", "published")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.client().get(&format!("/images/{img}/large.jpg")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

/// Every route of the router (`web::app`) and whether it answers GET, read
/// from the sources that build it: axum cannot list a router's routes, so the
/// sources are the list, and a route added anywhere is walked below without
/// being named here.
fn routes() -> Vec<(String, bool)> {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut sources = vec![];
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut out = vec![];
    for f in sources {
        let src = std::fs::read_to_string(&f).unwrap();
        for (i, _) in src.match_indices(".route(") {
            let call = &src[i + ".route(".len()..];
            let Some(path) = call.trim_start().strip_prefix('"') else {
                continue;
            };
            let path = &path[..path.find('"').unwrap()];
            // The call's arguments: up to its closing parenthesis.
            let mut depth = 1;
            let end = call
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(j, _)| j)
                .unwrap();
            out.push((path.to_owned(), call[..end].contains("get(")));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// No address makes the server fail: every GET route, its path parameters
/// and the numbers of any query replaced by huge, negative and non-numeric
/// values, asked by a visitor and by an administrator, answers with a page
/// (or a redirect), never a 500.
#[tokio::test]
async fn no_address_breaks_a_page() {
    let routes = routes();
    let get: Vec<&str> = routes
        .iter()
        .filter(|r| r.1)
        .map(|r| r.0.as_str())
        .collect();
    // The list is complete enough to trust (the scan found the router).
    for known in [
        "/admin/users",
        "/processes/{id}",
        "/surveys/{id}/results/texts",
        "/documents/{id}/versions/{n}/download",
        "/healthz",
    ] {
        assert!(get.contains(&known), "{known} in {get:?}");
    }
    assert!(get.len() > 50, "{get:?}");

    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let hostile = [
        "18446744073709551615",
        "99999999999999999999",
        "9223372036854775807",
        "-9223372036854775808",
        "-1",
        "0",
        "abc",
        "1e3",
        "%20",
    ];
    let numeric_query = [
        "page",
        "seed",
        "from",
        "to",
        "q",
        "other",
        "year",
        "department",
        "min_supports",
    ];
    for (who, c) in [("visitor", app.client()), ("administrator", admin)] {
        for route in &get {
            for v in hostile {
                let mut path = String::new();
                let mut rest = *route;
                while let Some(i) = rest.find('{') {
                    let j = rest.find('}').unwrap();
                    path.push_str(&rest[..i]);
                    path.push_str(v);
                    rest = &rest[j + 1..];
                }
                path.push_str(rest);
                let query: Vec<String> = numeric_query.iter().map(|k| format!("{k}={v}")).collect();
                let url = format!("{path}?{}", query.join("&"));
                let r = c.get(&url).await;
                assert_ne!(
                    r.status,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "{who} {url}: {}",
                    r.body
                );
                // Assets and the operators' endpoints answer without the page shell.
                let bare = ["/static/", "/healthz", "/readyz", "/metrics"]
                    .iter()
                    .any(|b| route.starts_with(b));
                if !bare && r.status.is_client_error() && r.status != StatusCode::METHOD_NOT_ALLOWED
                {
                    assert!(
                        r.body.contains("<html"),
                        "{who} {url}: {} is no page: {}",
                        r.status,
                        r.body
                    );
                }
            }
        }
    }
    // The finding itself: the users' list at a page beyond the last is an
    // empty page of the list; a page that is no number is the first.
    let admin = app.client();
    admin.login("admin@example.org", PW).await;
    let r = admin.get("/admin/users?page=18446744073709551615").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("admin@example.org"));
    let r = admin.get("/admin/users?page=abc").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("admin@example.org");
}
