//! Ideas: submitting, supporting (also in parallel), routing, the status
//! workflow with public answers and mails, the inbox and the exports.

use axum::http::StatusCode;
use chrono::{Duration, Local};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A published process collecting ideas in the categories Radwege and Grün,
/// its participation running `from`..=`until` days from today.
async fn process(staff: &Client, dep: i64, from: i64, until: i64) -> i64 {
    let (f, u, d) = (day(from), day(until), dep.to_string());
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Radverkehr in Altona"),
                ("summary", "Ideen gesucht"),
                ("department_id", &d),
                ("participation_from", &f),
                ("participation_until", &u),
                ("ideas_enabled", "1"),
                ("categories", "Radwege\nGrün"),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap()
}

async fn submit(c: &Client, process: i64, title: &str, category: &str) -> i64 {
    let r = c
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[
                ("title", title),
                ("body", "Eine **gute** Idee für alle."),
                ("category", category),
                ("address", "Max-Brauer-Allee 1"),
                ("lat", "53,5560"),
                ("lon", "9.9370"),
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

fn png() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(600, 400);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn citizens_submit_ideas_that_everyone_can_read() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    anna.get(&format!("/processes/{p}/ideas/new"))
        .await
        .assert_contains("Idee einreichen");

    // Problems are named; the text stays.
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", ""),
                ("body", "Mein Text bleibt"),
                ("category", "Unbekannt"),
                ("lat", "95"),
                ("lon", "9"),
            ],
            Some(("image1", "bild.png", b"kein bild")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Titel: Bitte füllen Sie dieses Feld aus.");
    r.assert_contains("Bitte wählen Sie eine der angebotenen Kategorien.");
    r.assert_contains("Breiten- und Längengrad");
    r.assert_contains("Die Datei ist kein JPEG-, PNG- oder WebP-Bild.");
    r.assert_contains("Mein Text bleibt");
    assert_eq!(db::testing::count_rows(&app.db, "ideas").await.unwrap(), 0);

    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Breitere Radwege"),
                ("body", "Die Radwege sind **zu schmal**."),
                ("category", "Radwege"),
                ("address", "Max-Brauer-Allee 1"),
                ("lat", "53.556"),
                ("lon", "9.937"),
                ("alt1", "Ein schmaler Radweg"),
            ],
            Some(("image1", "radweg.png", &png())),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    let page = app.client().get(&format!("/ideas/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1>Breitere Radwege</h1>");
    page.assert_contains("<strong>zu schmal</strong>");
    page.assert_contains("alt=\"Ein schmaler Radweg\"");
    let img = db::ideas::images(&app.db, id).await.unwrap()[0].image_id;
    let r = app.client().get(&format!("/images/{img}/large.jpg")).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "visitors see the pictures of ideas"
    );
    page.assert_contains("Eingegangen");
    page.assert_contains("zuständig: Bezirksamt Altona");
    page.assert_contains("Max-Brauer-Allee 1");
    let list = app.client().get(&format!("/processes/{p}/ideas")).await;
    list.assert_contains("Breitere Radwege");
    list.assert_contains("Eine Idee.");
    app.client()
        .get(&format!("/processes/{p}/ideas/map"))
        .await
        .assert_contains("<circle");
    app.client()
        .get("/search?q=Radweg")
        .await
        .assert_contains(&format!("/ideas/{id}"));
    // The idea's discussion is the shared discussion component.
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let r = ben
        .post_form(&format!("/ideas/{id}/comments"), &[("body", "Gute Idee!")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location()
            .unwrap()
            .starts_with(&format!("/ideas/{id}#comment-"))
    );
    app.client()
        .get(&format!("/ideas/{id}"))
        .await
        .assert_contains("Gute Idee!");
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .comment_count,
        1
    );
}

#[tokio::test]
async fn a_picture_bomb_is_refused_and_the_form_kept() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.ideas_per_account = domain::limits::RateLimit::per_minutes(2, 60);
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    // About 230 KB that decode to 238 MB (16-bit RGB, 6300 x 6300).
    let bomb = files::testing::png_bomb(6300, 6300);
    assert!(bomb.len() < 400 * 1024, "{}", bomb.len());
    let fields = [
        ("title", "Breitere Radwege"),
        ("body", "Mein Text bleibt"),
        ("category", "Radwege"),
        ("alt1", "Ein Bild"),
    ];
    let started = std::time::Instant::now();
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &fields,
            Some(("image1", "bombe.png", &bomb)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Das Bild ist zu groß");
    r.assert_contains("id=\"image1-error\"");
    r.assert_contains("value=\"Breitere Radwege\"");
    r.assert_contains("Mein Text bleibt");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(db::testing::count_rows(&app.db, "ideas").await.unwrap(), 0);

    // Attempts are limited per person, before any picture is looked at.
    anna.post_multipart(&format!("/processes/{p}/ideas"), &fields, None)
        .await;
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &fields,
            Some(("image1", "bombe.png", &bomb)),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    r.assert_contains("Sie haben in kurzer Zeit viele Ideen eingereicht.");
    r.assert_contains("Mein Text bleibt");
    assert_eq!(db::testing::count_rows(&app.db, "ideas").await.unwrap(), 1);
}

#[tokio::test]
async fn ideas_only_while_the_collection_is_open() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let closed = process(&staff, dep, -10, -2).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    assert_eq!(
        anna.get(&format!("/processes/{closed}/ideas/new"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = anna
        .post_multipart(
            &format!("/processes/{closed}/ideas"),
            &[("title", "Zu spät"), ("body", "Text"), ("category", "Grün")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("In diesem Verfahren können gerade keine Ideen eingereicht werden.");
    r.assert_contains("Zu spät");
    let r = app
        .client()
        .post_multipart(
            &format!("/processes/{closed}/ideas"),
            &[("title", "Anonym"), ("body", "x")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(db::testing::count_rows(&app.db, "ideas").await.unwrap(), 0);
}

#[tokio::test]
async fn supports_are_one_per_person_and_never_lost_under_parallel_clicks() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.register_per_ip = domain::limits::RateLimit::per_minutes(100, 60)
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let author = app.citizen("autor@example.org", "Autor", PW).await;
    let id = submit(&author, p, "Mehr Bügel", "Radwege").await;
    // Nobody supports their own idea.
    author
        .post_form(&format!("/ideas/{id}/support"), &[("on", "1")])
        .await;
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .support_count,
        0
    );

    let mut people = vec![];
    for i in 0..15 {
        people.push(
            app.citizen(&format!("s{i}@example.org"), &format!("Person {i}"), PW)
                .await,
        );
    }
    // Every person clicks twice at the same moment.
    let mut tasks = vec![];
    for c in people.iter().chain(people.iter()) {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            c.post_form(&format!("/ideas/{id}/support"), &[("on", "1")])
                .await
                .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .support_count,
        15
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "idea_supports")
            .await
            .unwrap(),
        15
    );
    people[0]
        .post_form(&format!("/ideas/{id}/support"), &[("on", "0")])
        .await;
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .support_count,
        14
    );
    people[0]
        .get(&format!("/ideas/{id}"))
        .await
        .assert_contains("Idee unterstützen");
    people[1]
        .get(&format!("/ideas/{id}"))
        .await
        .assert_contains("Unterstützung zurückziehen");
}

#[tokio::test]
async fn staff_answer_in_public_and_everyone_involved_is_told() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (other, _) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let id = submit(&anna, p, "Fahrradstraße", "Radwege").await;
    ben.post_form(&format!("/ideas/{id}/support"), &[("on", "1")])
        .await;
    app.deliver_mail().await;

    // Citizens and other departments cannot change the status.
    for c in [&anna, &ben, &other] {
        let r = c
            .post_form(
                &format!("/ideas/{id}/status"),
                &[("status", "accepted"), ("answer", "Ja")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    // An answer is required after "received".
    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "in_review"), ("answer", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Antwort: Bitte füllen Sie dieses Feld aus.");
    // Not every move is allowed.
    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "implemented"), ("answer", "Fertig")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Dieser Statuswechsel ist nicht möglich.");

    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[
                ("status", "accepted"),
                ("answer", "Wir richten die Fahrradstraße **2027** ein."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.client().get(&format!("/ideas/{id}")).await;
    page.assert_contains("Antwort der Verwaltung");
    page.assert_contains("<strong>2027</strong>");
    page.assert_contains("Angenommen");
    assert_eq!(
        db::ideas::get(&app.db, id).await.unwrap().unwrap().status,
        domain::ideas::Status::Accepted
    );
    app.deliver_mail().await;
    for who in ["anna@example.org", "ben@example.org"] {
        let mails = app.mails_to(who);
        let mail = mails
            .iter()
            .find(|m| m.contains("Fahrradstra"))
            .unwrap_or_else(|| panic!("no status mail to {who}"));
        assert!(mail.contains("Angenommen"), "{mail}");
        assert!(mail.contains("2027"), "{mail}");
        assert!(
            mail.contains(&format!("http://mitreden.test/ideas/{id}")),
            "{mail}"
        );
    }
    assert!(app.mails_to("team@umwelt.example").is_empty());
}

#[tokio::test]
async fn staff_forward_ideas_on_the_record() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (umwelt, umwelt_dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let id = submit(&anna, p, "Mehr Bäume", "Grün").await;
    staff
        .get("/staff/ideas")
        .await
        .assert_contains("Mehr Bäume");
    assert!(!umwelt.get("/staff/ideas").await.body.contains("Mehr Bäume"));
    let r = staff
        .post_form(
            &format!("/ideas/{id}/forward"),
            &[("department_id", &umwelt_dep.to_string()), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = staff
        .post_form(
            &format!("/ideas/{id}/forward"),
            &[
                ("department_id", &umwelt_dep.to_string()),
                ("note", "Bäume sind Sache der Umweltbehörde."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .department_id,
        umwelt_dep
    );
    umwelt
        .get("/staff/ideas")
        .await
        .assert_contains("Mehr Bäume");
    assert!(!staff.get("/staff/ideas").await.body.contains("Mehr Bäume"));
    let page = app.client().get(&format!("/ideas/{id}")).await;
    page.assert_contains("Weitergeleitet von Bezirksamt Altona an Umweltbehörde");
    // Now the old department may no longer answer, the new one may.
    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "in_review"), ("answer", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = umwelt
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "in_review"), ("answer", "Wir prüfen.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(anna.get("/staff/ideas").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn lists_filter_and_sort_and_the_inbox_filters() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.register_per_ip = domain::limits::RateLimit::per_minutes(100, 60)
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let a = submit(&anna, p, "Idee Alpha", "Radwege").await;
    let b = submit(&anna, p, "Idee Beta", "Grün").await;
    submit(&anna, p, "Idee Gamma", "Grün").await;
    for i in 0..2 {
        let c = app.citizen(&format!("f{i}@example.org"), "Fan", PW).await;
        c.post_form(&format!("/ideas/{a}/support"), &[("on", "1")])
            .await;
    }
    staff
        .post_form(
            &format!("/ideas/{b}/status"),
            &[("status", "declined"), ("answer", "Leider nicht.")],
        )
        .await;
    let c = app.client();
    let r = c
        .get(&format!("/processes/{p}/ideas?category=Gr%C3%BCn"))
        .await;
    r.assert_contains("2 Ideen.");
    assert!(!r.body.contains("Idee Alpha"));
    let r = c
        .get(&format!("/processes/{p}/ideas?status=declined"))
        .await;
    r.assert_contains("Idee Beta");
    r.assert_contains("Eine Idee.");
    let r = c.get(&format!("/processes/{p}/ideas?sort=supported")).await;
    assert!(r.body.find("Idee Alpha").unwrap() < r.body.find("Idee Gamma").unwrap());
    let r1 = c
        .get(&format!("/processes/{p}/ideas?sort=random&seed=42"))
        .await;
    let r2 = c
        .get(&format!("/processes/{p}/ideas?sort=random&seed=42"))
        .await;
    let order = |b: &str| ["Alpha", "Beta", "Gamma"].map(|n| b.find(&format!("Idee {n}")).unwrap());
    assert_eq!(
        order(&r1.body),
        order(&r2.body),
        "the same seed gives the same order"
    );
    let r = staff.get("/staff/ideas?min_supports=2").await;
    r.assert_contains("Idee Alpha");
    r.assert_contains("Eine Idee.");
    let r = staff
        .get(&format!("/staff/ideas?status=declined&from={}", day(0)))
        .await;
    r.assert_contains("Idee Beta");
    let r = staff.get(&format!("/staff/ideas?until={}", day(-1))).await;
    r.assert_contains("Keine Ideen.");
}

#[tokio::test]
async fn staff_export_every_idea_as_csv_and_xlsx() {
    use calamine::{Data, Reader};
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let a = submit(&anna, p, "Idee mit \"Anführungszeichen\", Komma", "Radwege").await;
    submit(&anna, p, "Zweite Idee", "Grün").await;
    ben.post_form(&format!("/ideas/{a}/support"), &[("on", "1")])
        .await;
    ben.post_form(
        &format!("/ideas/{a}/comments"),
        &[("body", "Ein Kommentar zur Idee")],
    )
    .await;
    staff
        .post_form(
            &format!("/ideas/{a}/status"),
            &[("status", "in_review"), ("answer", "Wir prüfen das.")],
        )
        .await;

    assert_eq!(
        anna.get(&format!("/processes/{p}/ideas.csv")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = staff.get(&format!("/processes/{p}/ideas.csv")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    // German readers get semicolons.
    let body = r.body.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let headers = rd.headers().unwrap().clone();
    assert_eq!(&headers[1], "title");
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Idee mit \"Anführungszeichen\", Komma");
    assert_eq!(&rows[0][4], "in_review");
    assert_eq!(&rows[0][8], "1");
    assert_eq!(&rows[0][9], "1");
    assert_eq!(&rows[0][13], "Wir prüfen das.");

    // The XLSX is a real workbook: read it back.
    let res = staff
        .request(
            axum::http::Request::get(format!("/processes/{p}/ideas.xlsx"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let bytes = res.bytes;
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let ideas = wb.worksheet_range("Ideen").unwrap();
    assert_eq!(ideas.height(), 3);
    assert_eq!(
        ideas.get((1, 1)),
        Some(&Data::String(
            "Idee mit \"Anführungszeichen\", Komma".into()
        ))
    );
    assert_eq!(ideas.get((1, 8)), Some(&Data::Float(1.0)));
    let comments = wb.worksheet_range("Kommentare").unwrap();
    assert_eq!(
        comments.get((1, 7)),
        Some(&Data::String("Ein Kommentar zur Idee".into()))
    );
    let answers = wb.worksheet_range("Antworten").unwrap();
    assert_eq!(
        answers.get((1, 5)),
        Some(&Data::String("Wir prüfen das.".into()))
    );
}

#[tokio::test]
async fn ideas_are_developed_together_in_versions() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let carl = app.citizen("carl@example.org", "Carl", PW).await;
    let id = submit(&anna, p, "Mehr Bänke", "Grün").await;

    // Co-authors join by invitation only.
    assert_eq!(
        ben.post_form(
            &format!("/ideas/{id}/coauthors"),
            &[("email", "carl@example.org")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let r = anna
        .post_form(
            &format!("/ideas/{id}/coauthors"),
            &[("email", "ben@example.org")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let invite = app
        .link_from_mail("ben@example.org", &format!("/ideas/{id}"))
        .await;
    assert_eq!(invite, format!("/ideas/{id}"));
    ben.get(&format!("/ideas/{id}"))
        .await
        .assert_contains("Sie wurden eingeladen");
    ben.post_form(&format!("/ideas/{id}/invitation"), &[("accept", "1")])
        .await;
    app.client()
        .get(&format!("/ideas/{id}"))
        .await
        .assert_contains("Verfasst von Anna, Ben");

    // Anyone else suggests a change; an author decides with a reason.
    let r = carl
        .post_form(
            &format!("/ideas/{id}/suggestions"),
            &[
                ("title", "Mehr Bänke"),
                ("body", "Eine **gute** Idee für alle."),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Ihr Vorschlag ändert nichts am Text.");
    let r = carl
        .post_form(
            &format!("/ideas/{id}/suggestions"),
            &[
                ("title", "Mehr Bänke und Schatten"),
                ("body", "Eine gute Idee für alle, mit Bäumen."),
                ("note", "Schatten gehört dazu."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = ben.get(&format!("/ideas/{id}")).await;
    page.assert_contains("<ins>und</ins>");
    page.assert_contains("<ins>Schatten</ins>");
    let sid = db::ideas::suggestions(&app.db, id).await.unwrap()[0].id;
    assert_eq!(
        carl.post_form(
            &format!("/suggestions/{sid}/decision"),
            &[("accept", "1"), ("reason", "x")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let r = ben
        .post_form(
            &format!("/suggestions/{sid}/decision"),
            &[("accept", "1"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = ben
        .post_form(
            &format!("/suggestions/{sid}/decision"),
            &[("accept", "1"), ("reason", "Gute Ergänzung.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let idea = db::ideas::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(idea.title, "Mehr Bänke und Schatten");
    assert_eq!(idea.version, 2);
    // Deciding twice changes nothing.
    assert_eq!(
        ben.post_form(
            &format!("/suggestions/{sid}/decision"),
            &[("accept", "0"), ("reason", "doch nicht")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // A declined suggestion keeps the text and shows the reason.
    carl.post_form(
        &format!("/ideas/{id}/suggestions"),
        &[
            ("title", "Weniger Bänke"),
            ("body", "Gar keine Bänke."),
            ("note", "Anders."),
        ],
    )
    .await;
    let sid2 = db::ideas::suggestions(&app.db, id).await.unwrap()[0].id;
    anna.post_form(
        &format!("/suggestions/{sid2}/decision"),
        &[("accept", "0"), ("reason", "Widerspricht der Idee.")],
    )
    .await;
    let page = app.client().get(&format!("/ideas/{id}")).await;
    page.assert_contains("Begründung: Widerspricht der Idee.");
    page.assert_contains("<h1>Mehr Bänke und Schatten</h1>");

    let r = app.client().get(&format!("/ideas/{id}/versions")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Fassung 1");
    r.assert_contains("Fassung 2");
    r.assert_contains("<ins>Schatten</ins>");
    r.assert_contains("<del>**gute**</del>");
    assert_eq!(
        app.client()
            .get(&format!("/ideas/{id}/versions?from=1&to=9"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn invitations_do_not_tell_whether_an_address_has_an_account() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.invitations_per_account = domain::limits::RateLimit::per_minutes(4, 60);
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let id = submit(&anna, p, "Mehr Bänke", "Grün").await;
    let invite = |email: &'static str| {
        let anna = anna.clone();
        async move {
            let r = anna
                .post_form(&format!("/ideas/{id}/coauthors"), &[("email", email)])
                .await;
            let page = anna.get(r.location().unwrap_or("/")).await;
            (r, page)
        }
    };
    let (known, known_page) = invite("ben@example.org").await;
    let (unknown, unknown_page) = invite("niemand@example.org").await;
    assert_eq!(known.status, StatusCode::SEE_OTHER);
    assert_eq!(unknown.status, known.status);
    assert_eq!(unknown.location(), known.location());
    assert_eq!(unknown.body, known.body);
    assert_eq!(unknown_page.status, StatusCode::OK);
    assert_eq!(unknown_page.unstamped(), known_page.unstamped());
    unknown_page
        .assert_contains("Wenn es zu dieser Adresse ein Konto gibt, ist die Einladung unterwegs.");
    // Only the registered person is invited and mailed.
    assert_eq!(db::ideas::coauthors(&app.db, id).await.unwrap().len(), 1);
    app.deliver_mail().await;
    assert_eq!(
        app.mails_to("ben@example.org")
            .iter()
            .filter(|m| m.contains("/ideas/"))
            .count(),
        1
    );
    assert!(app.mails_to("niemand@example.org").is_empty());

    // Invitations, to any address, are limited.
    invite("x1@example.org").await;
    invite("x2@example.org").await;
    let (r, _) = invite("x3@example.org").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    r.assert_contains("Sie haben in kurzer Zeit viele Einladungen verschickt.");
    r.assert_contains("value=\"x3@example.org\"");
}

#[tokio::test]
async fn no_support_after_the_phase_and_no_status_change_by_citizens() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let id = submit(&anna, p, "Späte Idee", "Grün").await;
    // The participation phase ends (staff move it into the past).
    let (f, u, d) = (day(-10), day(-2), dep.to_string());
    let r = staff
        .post_multipart(
            &format!("/processes/{p}/edit"),
            &[
                ("title", "Radverkehr in Altona"),
                ("summary", "Ideen gesucht"),
                ("department_id", &d),
                ("participation_from", &f),
                ("participation_until", &u),
                ("ideas_enabled", "1"),
                ("categories", "Radwege\nGrün"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = ben
        .post_form(&format!("/ideas/{id}/support"), &[("on", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        db::ideas::get(&app.db, id)
            .await
            .unwrap()
            .unwrap()
            .support_count,
        0
    );
    assert!(
        !ben.get(&format!("/ideas/{id}"))
            .await
            .body
            .contains("Idee unterstützen")
    );
    let r = ben
        .post_form(
            &format!("/ideas/{id}/suggestions"),
            &[("title", "Neu"), ("body", "Neuer Text"), ("note", "Warum")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Staff still answer after the phase: the evaluation comes after it.
    let r = staff
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "in_review"), ("answer", "Wir prüfen.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = anna
        .post_form(
            &format!("/ideas/{id}/status"),
            &[("status", "accepted"), ("answer", "Ich nehme an.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        db::ideas::get(&app.db, id).await.unwrap().unwrap().status,
        domain::ideas::Status::InReview
    );
}

#[tokio::test]
async fn maps_use_a_configured_tile_server_and_need_none() {
    let app = TestApp::with_config(|c| {
        c.map_tiles = Some("https://tiles.example.org/{z}/{x}/{y}.png".into());
        c.map_attribution = Some("© Beispielkarten".into());
    })
    .await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    submit(&anna, p, "Am Bahnhof", "Grün").await;
    let r = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    r.assert_contains("<image href=\"https://tiles.example.org/");
    r.assert_contains("<circle");
    r.assert_contains("Kartengrundlage: © Beispielkarten");
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("img-src 'self' data: https://tiles.example.org;"),
        "{csp}"
    );

    // Without a tile server nothing is loaded from elsewhere.
    let plain = TestApp::new().await;
    let (staff, dep) = plain
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep, -1, 5).await;
    let anna = plain.citizen("anna@example.org", "Anna", PW).await;
    submit(&anna, p, "Am Bahnhof", "Grün").await;
    let r = plain
        .client()
        .get(&format!("/processes/{p}/ideas/map"))
        .await;
    assert!(!r.body.contains("<image"));
    r.assert_contains("<circle");
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("img-src 'self' data:;")
    );
}

async fn person(app: &TestApp, email: &str) -> app::Actor {
    let u = db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    app::Actor::Person(std::sync::Arc::new(u))
}

fn idea_input() -> app::ideas::Submission {
    app::ideas::Submission {
        title: "Aus dem Workshop".into(),
        body: "Eine Idee vom Papier.".into(),
        category: "Grün".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn only_the_system_brings_in_past_ideas_supports_and_answers() {
    use app::{Actor, CommandError};
    let app = TestApp::new().await;
    let cmd = &app.state.app;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    // The collection is over.
    let p = process(&staff, dep, -10, -2).await;
    app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let anna = person(&app, "anna@example.org").await;
    let ben = person(&app, "ben@example.org").await;
    let staff_actor = person(&app, "team@altona.example").await;
    let (anna_id, ben_id, staff_id) = (
        anna.user_id().unwrap(),
        ben.user_id().unwrap(),
        staff_actor.user_id().unwrap(),
    );

    match app::ideas::submit(cmd, &anna, p, idea_input()).await {
        Err(CommandError::Refused(e)) => assert_eq!(e.get("title"), Some("error-ideas-closed")),
        other => panic!("{other:?}"),
    }
    for actor in [&anna, &staff_actor, &Actor::Anonymous] {
        assert!(matches!(
            app::ideas::import(cmd, actor, anna_id, p, idea_input()).await,
            Err(CommandError::Forbidden)
        ));
    }
    let out = app::ideas::import(cmd, &Actor::System, anna_id, p, idea_input())
        .await
        .unwrap();
    let id = out.value;
    for tag in [
        domain::Tag::Process(p),
        domain::Tag::Lists,
        domain::Tag::Search,
        domain::Tag::User(anna_id),
    ] {
        assert!(out.changes.tags.contains(&tag), "{tag:?}");
    }

    // Supports: not by a person after the phase, never one's own.
    match app::ideas::support(cmd, &ben, id, true).await {
        Err(CommandError::Refused(e)) => {
            assert_eq!(e.get("support"), Some("flash-participation-closed"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        app::ideas::import_support(cmd, &ben, id, ben_id).await,
        Err(CommandError::Forbidden)
    ));
    assert!(matches!(
        app::ideas::import_support(cmd, &Actor::System, id, anna_id).await,
        Err(CommandError::Refused(_))
    ));
    let out = app::ideas::import_support(cmd, &Actor::System, id, ben_id)
        .await
        .unwrap();
    assert_eq!(out.value, 1);
    assert!(out.changes.tags.contains(&domain::Tag::User(ben_id)));

    // Answers of the past: signed by the staff member, the workflow holds,
    // and nobody is mailed.
    assert!(matches!(
        app::ideas::import_status(
            cmd,
            &staff_actor,
            id,
            staff_id,
            domain::ideas::Status::InReview,
            "x"
        )
        .await,
        Err(CommandError::Forbidden)
    ));
    assert!(matches!(
        app::ideas::import_status(
            cmd,
            &Actor::System,
            id,
            staff_id,
            domain::ideas::Status::Implemented,
            "Fertig."
        )
        .await,
        Err(CommandError::Invalid(_))
    ));
    let out = app::ideas::import_status(
        cmd,
        &Actor::System,
        id,
        staff_id,
        domain::ideas::Status::InReview,
        "Wir prüfen das im Frühjahr.",
    )
    .await
    .unwrap();
    assert!(!out.changes.jobs);
    let page = app.client().get(&format!("/ideas/{id}")).await;
    page.assert_contains("Wir prüfen das im Frühjahr.");
    page.assert_contains("In Prüfung");
}

#[tokio::test]
async fn commands_check_who_acts_and_touch_whom_they_change() {
    use app::{Actor, CommandError};
    use domain::ideas::Status;
    let app = TestApp::new().await;
    let cmd = &app.state.app;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let p = process(&staff, dep, -1, 5).await;
    let anna_client = app.citizen("anna@example.org", "Anna", PW).await;
    app.citizen("ben@example.org", "Ben", PW).await;
    let id = submit(&anna_client, p, "Schattige Bänke", "Grün").await;
    let anna = person(&app, "anna@example.org").await;
    let ben = person(&app, "ben@example.org").await;
    let other_staff = person(&app, "team@umwelt.example").await;

    // Only the idea's department answers; visitors must log in.
    assert!(matches!(
        app::ideas::set_status(cmd, &Actor::Anonymous, id, Status::InReview, "x").await,
        Err(CommandError::LoginRequired)
    ));
    for actor in [&anna, &other_staff] {
        assert!(matches!(
            app::ideas::set_status(cmd, actor, id, Status::InReview, "x").await,
            Err(CommandError::Forbidden)
        ));
        assert!(matches!(
            app::ideas::forward(cmd, actor, id, Some(dep), "x").await,
            Err(CommandError::Forbidden)
        ));
    }
    // A status change with its answer tells everyone involved.
    let staff_actor = person(&app, "team@altona.example").await;
    let out = app::ideas::set_status(cmd, &staff_actor, id, Status::InReview, "Wir prüfen.")
        .await
        .unwrap();
    assert!(out.changes.jobs);
    assert!(out.changes.tags.contains(&domain::Tag::Idea(id)));

    // An invitation marks the invitee's page and queues their mail.
    assert!(matches!(
        app::ideas::together::invite(cmd, &ben, id, "anna@example.org").await,
        Err(CommandError::Forbidden)
    ));
    let out = app::ideas::together::invite(cmd, &anna, id, "Ben@Example.org ")
        .await
        .unwrap();
    let (anna_id, ben_id) = (anna.user_id().unwrap(), ben.user_id().unwrap());
    assert!(out.changes.jobs);
    assert!(out.changes.tags.contains(&domain::Tag::User(ben_id)));
    assert!(out.changes.tags.contains(&domain::Tag::User(anna_id)));
    match app::ideas::together::invite(cmd, &anna, id, "anna@example.org").await {
        Err(CommandError::Invalid(e)) => {
            assert_eq!(e.get("email"), Some("error-coauthor-already"))
        }
        other => panic!("{other:?}"),
    }
    // Only the invited person answers the invitation, once.
    assert!(matches!(
        app::ideas::together::answer_invitation(cmd, &other_staff, id, true).await,
        Err(CommandError::NotFound)
    ));
    app::ideas::together::answer_invitation(cmd, &ben, id, true)
        .await
        .unwrap();
    assert!(matches!(
        app::ideas::together::answer_invitation(cmd, &ben, id, true).await,
        Err(CommandError::NotFound)
    ));
    // Co-authors decide on suggestions; they do not suggest themselves.
    let change = app::ideas::together::Change {
        title: "Schattige Bänke am Wasser".into(),
        body: "Eine gute Idee für alle.".into(),
        note: "Am Wasser ist es schöner.".into(),
    };
    assert!(matches!(
        app::ideas::together::suggest(cmd, &ben, id, &change).await,
        Err(CommandError::Forbidden)
    ));
    let sid = app::ideas::together::suggest(cmd, &other_staff, id, &change)
        .await
        .unwrap()
        .value;
    assert!(matches!(
        app::ideas::together::decide(cmd, &other_staff, sid, true, "Ja").await,
        Err(CommandError::Forbidden)
    ));
    let out = app::ideas::together::decide(cmd, &ben, sid, true, "Passt.")
        .await
        .unwrap();
    assert_eq!(out.value, id);
    assert!(out.changes.tags.contains(&domain::Tag::Search));
    assert_eq!(
        db::ideas::get(&app.db, id).await.unwrap().unwrap().version,
        2
    );
}
