//! The header's navigation (the staff's entries, also on shared pages served
//! from the cache) and smaller defects: ideas pages of a process without
//! ideas, the survey status error, the idea status mail, upload tokens that
//! never reach a URL, the live comment count.

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{Duration, Local};
use http_body_util::BodyExt;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

fn hit(r: &testkit::Response) -> bool {
    r.headers.get("x-cache").is_some_and(|v| v == "hit")
}

/// Asks until a page comes from the store (the first readers render it; on
/// PostgreSQL, announcements of earlier changes may still drop it).
async fn until_hit(c: &Client, path: &str) -> testkit::Response {
    testkit::wait_for(
        StdDuration::from_secs(10),
        &format!("{path} to come from the store"),
        async || {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            hit(&r).then_some(r)
        },
    )
    .await
}

/// A published process open for participation; `extra` adds form fields.
async fn process(staff: &Client, dep: i64, extra: &[(&str, &str)]) -> i64 {
    let (f, u, d) = (day(-1), day(10), dep.to_string());
    let mut fields = vec![
        ("title", "Radverkehr in Altona"),
        ("summary", "Wie soll der Radverkehr aussehen?"),
        ("department_id", d.as_str()),
        ("participation_from", f.as_str()),
        ("participation_until", u.as_str()),
        ("action", "publish"),
    ];
    fields.extend_from_slice(extra);
    let r = staff.post_multipart("/processes", &fields, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap()
}

/// The header of a page, where the menu is.
fn header(body: &str) -> &str {
    let start = body.find("<header").expect("a header");
    let end = body[start..].find("</header>").expect("its end") + start;
    &body[start..end]
}

#[tokio::test]
async fn staff_and_administrators_find_their_entries_in_the_header_also_from_the_cache() {
    let app = TestApp::new().await;
    let (anna, altona) = app
        .staff("anna@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (berta, eimsbuettel) = app
        .staff("berta@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let admin = app.admin("admin@example.org", PW).await;
    let citizen = app.citizen("carla@example.org", "Carla", PW).await;
    let anonymous = app.client();

    // Each start page as rendered for the reader, and as served from the
    // store shared by the reader's class (role, department).
    for round in 0..2 {
        let get = async |c: &Client| {
            if round == 0 {
                c.get("/").await
            } else {
                until_hit(c, "/").await
            }
        };
        let r = get(&anna).await;
        assert_eq!(r.status, StatusCode::OK);
        let h = header(&r.body);
        assert!(h.contains("Arbeitsbereich"), "{h}");
        assert!(h.contains(&format!("href=\"/processes?department={altona}\"")));
        assert!(!h.contains(&format!("/processes?department={eimsbuettel}")));
        for entry in [
            "href=\"/processes/new\">Neues Verfahren",
            "href=\"/staff/ideas\">Eingang Ideen",
            "href=\"/staff/surveys\">Umfragen",
            "href=\"/staff/documents/new\">Dokument veröffentlichen",
            "href=\"/processes/drafts\">Entwürfe",
        ] {
            assert!(h.contains(entry), "staff see {entry}: {h}");
        }
        assert!(!h.contains("href=\"/admin\""), "staff have no admin entry");

        // Another department's staff are another class: their own department.
        let r = get(&berta).await;
        let h = header(&r.body);
        assert!(h.contains(&format!("href=\"/processes?department={eimsbuettel}\"")));
        assert!(!h.contains(&format!("/processes?department={altona}\"")));

        let r = get(&admin).await;
        let h = header(&r.body);
        assert!(h.contains("href=\"/admin\""), "{h}");
        assert!(h.contains("href=\"/admin/users\""));
        assert!(h.contains("href=\"/processes\">Alle Verfahren"));
        assert!(h.contains("href=\"/processes/new\""));

        for (who, c) in [("citizen", &citizen), ("anonymous", &anonymous)] {
            let r = get(c).await;
            let h = header(&r.body);
            for absent in [
                "Arbeitsbereich",
                "/processes/new",
                "/staff/",
                "/admin",
                "department=",
            ] {
                assert!(!h.contains(absent), "a {who} sees no {absent}: {h}");
            }
            // Everyone finds the processes and the menu button.
            assert!(h.contains("href=\"/processes\""), "{h}");
            assert!(h.contains("<summary class=\"menu-toggle\">"));
        }
    }

    // The staff's surveys: their department's only.
    let p = process(&anna, altona, &[]).await;
    let r = anna
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[
                ("title", "Umfrage zum Radverkehr"),
                ("welcome", "Willkommen"),
                ("end", "Danke"),
                ("access", "open"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = anna.get("/staff/surveys").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Umfrage zum Radverkehr");
    r.assert_contains("Umfragen der Verfahren von Bezirksamt Altona");
    let r = berta.get("/staff/surveys").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("Umfrage zum Radverkehr"));
    r.assert_contains("Noch keine Umfragen.");
    admin
        .get("/staff/surveys")
        .await
        .assert_contains("Umfrage zum Radverkehr");
    assert_eq!(
        citizen.get("/staff/surveys").await.status,
        StatusCode::FORBIDDEN
    );
    let r = anonymous.get("/staff/surveys").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap().starts_with("/login"));
}

#[tokio::test]
async fn ideas_pages_of_a_process_without_ideas_are_not_found() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let citizen = app.citizen("carla@example.org", "Carla", PW).await;
    let without = process(&staff, dep, &[]).await;
    let with = process(
        &staff,
        dep,
        &[("ideas_enabled", "1"), ("categories", "Radwege")],
    )
    .await;
    for path in ["ideas", "ideas/map", "ideas/new"] {
        let r = citizen.get(&format!("/processes/{without}/{path}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path} without ideas");
        r.assert_contains("nicht gefunden");
        let r = citizen.get(&format!("/processes/{with}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK, "{path} with ideas");
    }
    for path in ["ideas", "ideas/map"] {
        let r = app
            .client()
            .get(&format!("/processes/{without}/{path}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}, anonymous");
    }
}

#[tokio::test]
async fn publishing_a_survey_without_questions_says_so_once_beside_the_status() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, &[]).await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[
                ("title", "Umfrage"),
                ("welcome", "Willkommen"),
                ("end", "Danke"),
                ("access", "open"),
            ],
        )
        .await;
    let edit = r.location().unwrap().to_owned();
    let s = edit
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit");
    let r = staff
        .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "Fügen Sie vor dem Veröffentlichen mindestens eine Frage hinzu.";
    assert_eq!(r.body.matches(message).count(), 1, "{}", r.body);
    // Beside the status buttons, before the settings' section.
    let at = r.body.find(message).unwrap();
    let status_buttons = r.body.find("/status\"").unwrap();
    let settings = r.body.find("id=\"settings-title\"").unwrap();
    assert!(status_buttons < at && at < settings);
    // Nothing changed.
    let survey = db::surveys::get(&app.db, s.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(survey.status.as_str(), "draft");
}

#[tokio::test]
async fn the_idea_status_mail_says_clearly_how_to_stop_the_messages() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(
        &staff,
        dep,
        &[("ideas_enabled", "1"), ("categories", "Radwege")],
    )
    .await;
    let carla = app.citizen("carla@example.org", "Carla", PW).await;
    let r = carla
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Fahrradstraße"),
                ("body", "Eine Fahrradstraße für alle."),
                ("category", "Radwege"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let idea = r.location().unwrap().to_owned();
    let r = staff
        .post_form(
            &format!("{idea}/status"),
            &[("status", "accepted"), ("answer", "Wir machen das.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.deliver_mail().await;
    let mails = app.mails_to("carla@example.org");
    let mail = mails
        .iter()
        .find(|m| m.contains("neuen Stand"))
        .expect("the status mail");
    let flat = quoted_printable(mail);
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Wenn Sie keine Nachrichten mehr zu dieser Idee erhalten möchten, wählen Sie auf der Seite der Idee „Nicht mehr folgen“."
        ),
        "{mail}"
    );
    assert!(!flat.contains("können Sie ihr nicht mehr folgen"));
}

/// A mail's quoted-printable text as read.
fn quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn upload_tokens_never_appear_in_a_url() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(
        &staff,
        dep,
        &[("ideas_enabled", "1"), ("categories", "Radwege")],
    )
    .await;
    let carla = app.citizen("carla@example.org", "Carla", PW).await;

    // Every form with a file posts to a plain address and carries the token
    // as its first field.
    let forms = [
        (&staff, "/processes/new".to_owned()),
        (&staff, format!("/processes/{p}/edit")),
        (&carla, format!("/processes/{p}/ideas/new")),
        (&staff, "/staff/documents/new".to_owned()),
    ];
    for (who, page) in forms {
        let r = who.get(&page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        assert!(!r.body.contains("?csrf_token"), "{page}: {}", r.body);
        let form = r
            .body
            .find("enctype=\"multipart/form-data\"")
            .unwrap_or_else(|| panic!("{page} has an upload form"));
        let rest = &r.body[form..];
        let first_input = rest.find("<input").unwrap();
        assert!(
            rest[first_input..].starts_with("<input type=\"hidden\" name=\"csrf_token\""),
            "{page}: the token is the first field"
        );
    }

    // An error and a success: no address the browser is sent to names the token.
    let r = carla
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", ""),
                ("body", "Ohne Titel"),
                ("category", "Radwege"),
            ],
            Some(("image1", "bild.jpg", b"not a picture")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Ohne Titel");
    let r = carla
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Mit Titel"),
                ("body", "Mit Text"),
                ("category", "Radwege"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let location = r.location().unwrap();
    assert!(!location.contains("csrf"), "{location}");
    let r = staff
        .post_multipart("/processes", &[("title", "")], None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.location().is_none());

    // A body whose first part is not the token, or a wrong one, is refused
    // before anything is stored.
    let before = db::testing::count_rows(&app.db, "ideas").await.unwrap();
    let token = carla.cookie(web::cookies::CSRF).unwrap();
    for (first_name, first_value) in [("title", "Ohne Token"), ("csrf_token", "falsch")] {
        let boundary = "navTestBoundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{first_name}\"\r\n\r\n{first_value}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nText\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"title2\"\r\n\r\n{token}x\r\n--{boundary}--\r\n"
        );
        let req = axum::http::Request::post(format!("/processes/{p}/ideas"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(axum::body::Body::from(body))
            .unwrap();
        let r = carla.request(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "first part {first_name}");
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "ideas").await.unwrap(),
        before
    );
}

async fn next_comment_event(
    res: &mut axum::response::Response,
    within: StdDuration,
) -> Option<serde_json::Value> {
    let body = res.body_mut();
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = String::new();
    loop {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .ok()??
            .ok()?;
        if let Some(data) = frame.data_ref() {
            buf.push_str(&String::from_utf8_lossy(data));
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                if event.lines().any(|l| l == "event: comment")
                    && let Some(d) = event.lines().find_map(|l| l.strip_prefix("data: "))
                {
                    return serde_json::from_str(d).ok();
                }
            }
        }
    }
}

#[tokio::test]
async fn live_comments_carry_the_headings_count() {
    let app = TestApp::new().await;
    app.start_background();
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, &[]).await;
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("<span class=\"count\">(noch keine Beiträge)</span>");
    let reader = app.client().with_ip("198.51.100.4");
    let mut stream = reader.open_stream(&format!("/processes/{p}/live")).await;
    assert_eq!(stream.status(), StatusCode::OK);
    testkit::wait_until(
        StdDuration::from_secs(5),
        "the live page to subscribe",
        async || app.state.live.readers() == 1,
    )
    .await;
    let carla = app.citizen("carla@example.org", "Carla", PW).await;
    for (n, text) in [(1, "ein Beitrag"), (2, "2 Beiträge")] {
        let r = carla
            .post_form(
                &format!("/processes/{p}/comments"),
                &[("body", &format!("Beitrag Nummer {n}")), ("parent_id", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let ev = next_comment_event(&mut stream, StdDuration::from_secs(5))
            .await
            .expect("a live event");
        assert_eq!(ev["count"], n);
        assert_eq!(ev["count_text"], text);
    }
    // A reload shows the same figure.
    app.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("<span class=\"count\">(2 Beiträge)</span>");
}
