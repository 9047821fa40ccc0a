//! Documents: upload with content checks and limits, versions, withdrawal,
//! downloads (ranges, ETags, 304), the library and search, permissions, the
//! storage contract on every backend, and what a failure leaves behind.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Local};
use testkit::{Client, TestApp};
use web::documents::pdf_writer::simple_pdf;
use web::storage::Storage;

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn process(staff: &Client, dep: i64) -> i64 {
    let (f, u, d) = (day(-30), day(-10), dep.to_string());
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Social Media in der Verwaltung"),
                ("summary", "Leitfaden und Befragung"),
                ("department_id", &d),
                ("participation_from", &f),
                ("participation_until", &u),
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

fn report_pdf(extra: &str) -> Vec<u8> {
    simple_pdf(
        "Abschlussbericht",
        &[
            (
                "Zusammenfassung",
                "Mehr als 2000 Beschäftigte haben sich beteiligt.",
            ),
            ("Ergebnisse", extra),
        ],
    )
}

/// A multipart body with the CSRF token in the URL, as the form sends it.
fn multipart(
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Request<Body> {
    let token = client.cookie(web::cookies::CSRF).unwrap_or_default();
    let boundary = "docTestBoundary93a1";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, filename, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method(Method::POST)
        .uri(format!("{path}?csrf_token={token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

async fn upload(
    staff: &Client,
    dep: i64,
    attach: &str,
    title: &str,
    file: (&str, &[u8]),
) -> testkit::Response {
    let d = dep.to_string();
    staff.get("/").await;
    let req = multipart(
        staff,
        "/staff/documents",
        &[
            ("title", title),
            ("description", "Die Ergebnisse der Befragung."),
            ("doc_type", "report"),
            ("language", "de"),
            ("doc_date", "2012-03-01"),
            ("department_id", &d),
            ("attach", attach),
        ],
        &[("file", file.0, file.1)],
    );
    staff.request(req).await
}

fn id_from(r: &testkit::Response) -> i64 {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/documents/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn staff_publish_and_citizens_find_and_download() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let p = process(&staff, dep).await;
    let pdf = report_pdf("Persönliche Einstellungen sind wichtiger als Ressourcen.");
    let r = upload(
        &staff,
        dep,
        &format!("process:{p}"),
        "Abschlussbericht der Befragung",
        ("bericht.pdf", &pdf),
    )
    .await;
    let id = id_from(&r);

    let visitor = app.client();
    let page = visitor.get(&format!("/documents/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1>Abschlussbericht der Befragung</h1>");
    page.assert_contains("<dd>PDF, 1,5 KB, 2 Seiten</dd>");
    page.assert_contains(&format!("/documents/{id}/preview.png"));

    // The library, with its filters.
    let lib = visitor.get("/documents").await;
    lib.assert_contains("Abschlussbericht der Befragung");
    lib.assert_contains("(PDF, ");
    lib.assert_contains("2 Seiten)");
    for (q, found) in [
        ("type=report", true),
        ("type=minutes", false),
        ("year=2012", true),
        ("year=2013", false),
        ("language=de", true),
        ("language=en", false),
        (&format!("department={dep}") as &str, true),
        // Words from the description and from inside the PDF.
        ("q=Befragung", true),
        ("q=Einstellungen", true),
        ("q=Fahrradweg", false),
    ] {
        let r = visitor.get(&format!("/documents?{q}")).await;
        assert_eq!(
            r.body.contains("Abschlussbericht der Befragung"),
            found,
            "{q}"
        );
    }
    // The process page lists it; the site search finds the PDF's text.
    visitor
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains(&format!("href=\"/documents/{id}/download\""));
    let s = visitor.get("/search?q=Ressourcen").await;
    s.assert_contains(&format!("href=\"/documents/{id}\""));
    s.assert_contains("Dokument");

    // The download: the bytes, safe headers, the hash as ETag.
    let d = visitor.get(&format!("/documents/{id}/download")).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.bytes, pdf);
    assert_eq!(d.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(d.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(d.headers[header::ACCEPT_RANGES], "bytes");
    assert_eq!(
        d.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"Abschlussbericht der Befragung.pdf\"; \
         filename*=UTF-8''Abschlussbericht%20der%20Befragung.pdf"
    );
    let etag = d.headers[header::ETAG].to_str().unwrap().to_owned();
    let doc = db::documents::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(etag, format!("\"{}\"", doc.file.content_hash));
    let r = visitor
        .get_with(
            &format!("/documents/{id}/download"),
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.bytes.is_empty());

    // Ranges: one part, the end, and one beyond the file.
    let r = visitor
        .get_with(
            &format!("/documents/{id}/download"),
            &[("range", "bytes=0-7")],
        )
        .await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.bytes, &pdf[..8]);
    assert_eq!(
        r.headers[header::CONTENT_RANGE],
        format!("bytes 0-7/{}", pdf.len()).as_str()
    );
    let r = visitor
        .get_with(
            &format!("/documents/{id}/download"),
            &[("range", "bytes=-6")],
        )
        .await;
    assert_eq!(r.bytes, &pdf[pdf.len() - 6..]);
    let r = visitor
        .get_with(
            &format!("/documents/{id}/download"),
            &[("range", &format!("bytes={}-", pdf.len()))],
        )
        .await;
    assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        r.headers[header::CONTENT_RANGE],
        format!("bytes */{}", pdf.len()).as_str()
    );
    // A range for another version than the client has gets the whole file.
    let r = visitor
        .get_with(
            &format!("/documents/{id}/download"),
            &[("range", "bytes=0-7"), ("if-range", "\"old\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.bytes.len(), pdf.len());

    let png = visitor.get(&format!("/documents/{id}/preview.png")).await;
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.headers[header::CONTENT_TYPE], "image/png");
    assert!(png.bytes.starts_with(b"\x89PNG"));
    // for_subject is what the surveys' results page will call.
    let attached = db::documents::for_subject(&app.db, domain::documents::SubjectKind::Process, p)
        .await
        .unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].file.page_count, Some(2));
}

fn zip_with(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for (name, content) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(content.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[tokio::test]
async fn files_are_judged_by_their_content() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;

    // A "PDF" that is not one is refused beside the file field; the typed text stays.
    let r = upload(
        &staff,
        dep,
        "",
        "Mein getippter Titel",
        ("bericht.pdf", b"Dies ist eine Textdatei."),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Diese Datei ist kein PDF");
    r.assert_contains("id=\"file-error\"");
    r.assert_contains("value=\"Mein getippter Titel\"");
    // Starts like a PDF but is none.
    let r = upload(&staff, dep, "", "Kaputt", ("x.pdf", b"%PDF-1.7 garbage")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Diese Datei ist kein PDF");
    // A ZIP that is no office file, and binary data, are refused.
    let r = upload(
        &staff,
        dep,
        "",
        "Zip",
        ("a.zip", &zip_with(&[("a.txt", "x")])),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Diese Dateiart wird nicht angenommen.");
    let r = upload(&staff, dep, "", "Binär", ("daten.csv", b"\x00\x01\x02\xff")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("passt nicht zur Endung");
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        0
    );

    // What is accepted, and as what, whatever the name says.
    let docx = zip_with(&[(
        "[Content_Types].xml",
        "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
    )]);
    let odt = zip_with(&[("mimetype", "application/vnd.oasis.opendocument.text")]);
    for (name, bytes, kind, ctype) in [
        (
            "liste.csv",
            "Bezirk;Anzahl\nAltona;3\nMitte;ä\n".as_bytes(),
            "CSV",
            "text/csv; charset=utf-8",
        ),
        (
            "protokoll.docx",
            &docx,
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "protokoll.odt",
            &odt,
            "ODT",
            "application/vnd.oasis.opendocument.text",
        ),
        ("ohne-endung", b"\x89PNG\r\n\x1a\n0000", "PNG", "image/png"),
    ] {
        let r = upload(&staff, dep, "", &format!("Datei {name}"), (name, bytes)).await;
        let id = id_from(&r);
        app.client()
            .get(&format!("/documents/{id}"))
            .await
            .assert_contains(&format!("<dd>{kind}, "));
        let d = app.client().get(&format!("/documents/{id}/download")).await;
        assert_eq!(d.headers[header::CONTENT_TYPE], ctype, "{name}");
        assert_eq!(d.bytes, bytes, "{name}");
    }
}

#[tokio::test]
async fn limits_are_named_and_leave_nothing_behind() {
    let app = TestApp::with_config(|c| c.max_upload_bytes = 4096).await;
    let (staff, dep) = app
        .staff("team@nord.example", PW, "Bezirksamt Hamburg-Nord")
        .await;
    let big = "a".repeat(5000);
    let r = upload(&staff, dep, "", "Zu groß", ("gross.csv", big.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Die Datei ist größer als erlaubt.");
    r.assert_contains("value=\"Zu groß\"");

    // One file per form.
    let d = dep.to_string();
    let req = multipart(
        &staff,
        "/staff/documents",
        &[
            ("title", "Zwei"),
            ("doc_type", "other"),
            ("language", "de"),
            ("department_id", &d),
        ],
        &[("file", "a.csv", b"a"), ("file", "b.csv", b"b")],
    );
    let r = staff.request(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte laden Sie nur eine Datei auf einmal hoch.");

    // No file, a bad attachment, an unknown process, a foreign department.
    let req = multipart(
        &staff,
        "/staff/documents",
        &[
            ("title", ""),
            ("doc_type", "memo"),
            ("language", "de"),
            ("doc_date", "gestern"),
            ("department_id", "999"),
            ("attach", "process:999"),
        ],
        &[],
    );
    let r = staff.request(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Titel: Bitte füllen Sie dieses Feld aus.",
        "Bitte geben Sie ein gültiges Datum ein.",
        "Sie können nur Dokumente Ihrer eigenen Behörde veröffentlichen.",
        "Ein Verfahren, eine Idee oder eine Umfrage Ihrer Behörde mit dieser Nummer gibt es nicht.",
        "Bitte wählen Sie eine Datei aus.",
    ] {
        r.assert_contains(msg);
    }
    // A survey is named by its id; one that does not exist is refused.
    let r = upload(&staff, dep, "survey:7, idea:x", "Umfrage", ("a.csv", b"a")).await;
    r.assert_contains("Bitte geben Sie Zuordnungen als");
    let r = upload(&staff, dep, "survey:7", "Umfrage", ("a.csv", b"a")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = staff.publish_process(dep, &[]).await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[("title", "Umfrage"), ("access", "open")],
        )
        .await;
    let survey: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let attach = format!("survey:{survey}");
    let id = id_from(&upload(&staff, dep, &attach, "Umfrage", ("a.csv", b"a")).await);
    let attached =
        db::documents::for_subject(&app.db, domain::documents::SubjectKind::Survey, survey)
            .await
            .unwrap();
    assert_eq!(attached.iter().map(|d| d.id).collect::<Vec<_>>(), vec![id]);

    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        1
    );
    let spool = std::fs::read_dir(&app.state.config.upload_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(spool, 0, "no spooled upload outlives its request");
}

#[tokio::test]
async fn a_pdf_bomb_is_kept_without_text_and_preview_and_says_so() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    // About 150 KB that inflate to 50 MB of page content: not even opened.
    let bomb = files::testing::pdf_bomb(50 * 1024 * 1024);
    assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
    let started = std::time::Instant::now();
    let r = upload(&staff, dep, "", "Sprengsatz", ("bombe.pdf", &bomb)).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let id = id_from(&r);
    let page = staff.get(&format!("/documents/{id}")).await;
    page.assert_contains("Text und Vorschau wurden nicht oder nur zum Teil ausgelesen");
    page.assert_contains("<h1>Sprengsatz</h1>");
    assert!(!page.body.contains("preview.png"));
    assert!(!page.body.contains(" Seite</dd>"));
    // Found by its title, not by the text inside.
    let search = app.client().get("/documents?q=Sprengsatz").await;
    search.assert_contains(&format!("href=\"/documents/{id}\""));
    let search = app.client().get("/documents?q=Bombe").await;
    assert!(!search.body.contains(&format!("href=\"/documents/{id}\"")));

    // Within the limit of inflated bytes, but a page too heavy to draw or
    // read: kept with its page count, without text and preview.
    let heavy = files::testing::pdf_bomb(12 * 1024 * 1024);
    let started = std::time::Instant::now();
    let r = upload(&staff, dep, "", "Schwer", ("schwer.pdf", &heavy)).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let id = id_from(&r);
    let page = staff.get(&format!("/documents/{id}")).await;
    page.assert_contains("Text und Vorschau wurden nicht oder nur zum Teil ausgelesen");
    page.assert_contains(" 1 Seite</dd>");
    assert!(!page.body.contains("preview.png"));
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        2
    );
}

#[tokio::test]
async fn a_pdf_that_takes_too_long_to_read_is_kept_unread() {
    // No reading finishes in a nanosecond.
    let app = TestApp::with_config(|c| c.read_limit = std::time::Duration::from_nanos(1)).await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let pdf = report_pdf("Persönliche Einstellungen sind wichtiger als Ressourcen.");
    let r = upload(&staff, dep, "", "Bericht", ("bericht.pdf", &pdf)).await;
    let id = id_from(&r);
    let page = staff.get(&format!("/documents/{id}")).await;
    page.assert_contains("Text und Vorschau wurden nicht oder nur zum Teil ausgelesen");
    assert!(!page.body.contains("preview.png"));
    let search = app.client().get("/documents?q=Ressourcen").await;
    assert!(!search.body.contains(&format!("href=\"/documents/{id}\"")));
    // A file that is no PDF is still refused.
    let r = upload(&staff, dep, "", "Kaputt", ("x.pdf", b"%PDF-1.7 garbage")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        1
    );
}

#[tokio::test]
async fn new_versions_keep_the_old_ones_and_withdrawal_hides() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let v1 = report_pdf("Erste Fassung mit Tippfehler.");
    let id = id_from(&upload(&staff, dep, "", "Leitfaden Social Media", ("l.pdf", &v1)).await);
    let v2 = report_pdf("Zweite Fassung korrigiert Klimaschutz.");
    let req = multipart(
        &staff,
        &format!("/staff/documents/{id}/replace"),
        &[],
        &[("file", "l2.pdf", &v2)],
    );
    let r = staff.request(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let visitor = app.client();
    let page = visitor.get(&format!("/documents/{id}")).await;
    page.assert_contains(&format!("/documents/{id}/versions/1/download"));
    page.assert_contains(&format!("/documents/{id}/versions/2/download"));
    page.assert_contains("2 (aktuell)");
    assert_eq!(
        visitor
            .get(&format!("/documents/{id}/download"))
            .await
            .bytes,
        v2
    );
    let old = visitor
        .get(&format!("/documents/{id}/versions/1/download"))
        .await;
    assert_eq!(old.bytes, v1);
    assert!(
        old.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    // The index follows the current version.
    assert!(
        visitor
            .get("/documents?q=Klimaschutz")
            .await
            .body
            .contains("Leitfaden Social Media")
    );
    assert!(
        !visitor
            .get("/documents?q=Tippfehler")
            .await
            .body
            .contains("Leitfaden Social Media")
    );

    // Another department may not touch it; a citizen may not upload.
    let (other, _) = app
        .staff("team@verkehr.example", PW, "Verkehrsbehörde")
        .await;
    let r = other
        .post_form(&format!("/staff/documents/{id}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        other
            .get(&format!("/staff/documents/{id}/replace"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    assert_eq!(
        anna.get("/staff/documents/new").await.status,
        StatusCode::FORBIDDEN
    );
    let r = anna
        .request(multipart(&anna, "/staff/documents", &[("title", "x")], &[]))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = staff
        .post_form(&format!("/staff/documents/{id}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !visitor
            .get("/documents")
            .await
            .body
            .contains("Leitfaden Social Media")
    );
    assert!(
        !visitor
            .get("/search?q=Klimaschutz")
            .await
            .body
            .contains(&format!("/documents/{id}\""))
    );
    visitor
        .get(&format!("/documents/{id}"))
        .await
        .assert_contains("wurde zurückgezogen");
    for path in ["download", "versions/1/download", "preview.png"] {
        assert_eq!(
            visitor.get(&format!("/documents/{id}/{path}")).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The record stays for those who manage it.
    assert_eq!(
        staff.get(&format!("/documents/{id}/download")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "document_versions")
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn identical_uploads_are_stored_once_and_unreferenced_files_are_tidied() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@wohnen.example", PW, "Stadtentwicklung")
        .await;
    let pdf = report_pdf("Gleicher Inhalt.");
    let a = id_from(&upload(&staff, dep, "", "Erstes", ("a.pdf", &pdf)).await);
    let b = id_from(&upload(&staff, dep, "", "Zweites", ("b.pdf", &pdf)).await);
    let storage = &app.state.config.storage;
    let stored = storage
        .hashes_before(chrono::Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "one file for two identical uploads");
    let (da, db_) = (
        db::documents::get(&app.db, a).await.unwrap().unwrap(),
        db::documents::get(&app.db, b).await.unwrap().unwrap(),
    );
    assert_eq!(da.file.content_hash, db_.file.content_hash);

    // A file whose row never came (a crash before the commit) is removed by
    // the tidy-up; referenced files stay.
    let orphan = "ab".repeat(32);
    storage
        .put_bytes(&orphan, b"orphan".to_vec())
        .await
        .unwrap();
    let removed = web::documents::tidy_files(&app.state, Duration::zero() - Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert!(!storage.exists(&orphan).await.unwrap());
    assert!(storage.exists(&da.file.content_hash).await.unwrap());
}

#[tokio::test]
async fn a_failing_store_or_a_broken_upload_leaves_no_document() {
    let dir = std::env::temp_dir().join(format!("mitreden-broken-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let storage = Storage::local(&dir).unwrap();
    // The store's folder turns into a file: every write fails.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, b"not a folder").unwrap();
    let app = TestApp::with_config(|c| c.storage = storage).await;
    let (staff, dep) = app.staff("team@fin.example", PW, "Finanzbehörde").await;
    let r = upload(&staff, dep, "", "Geht nicht", ("a.pdf", &report_pdf("x"))).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        0
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "document_versions")
            .await
            .unwrap(),
        0
    );
    let _ = std::fs::remove_file(&dir);

    // A body that breaks off in the middle of the file.
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@fin.example", PW, "Finanzbehörde").await;
    staff.get("/").await;
    let token = staff.cookie(web::cookies::CSRF).unwrap();
    let head = format!(
        "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nAbgebrochen\r\n\
         --b\r\nContent-Disposition: form-data; name=\"department_id\"\r\n\r\n{dep}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 halb"
    );
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(head.into_bytes()),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "gone",
        )),
    ];
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/staff/documents?csrf_token={token}"))
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    let r = staff.request(req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        0
    );
    let spool = std::fs::read_dir(&app.state.config.upload_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(spool, 0, "the half-received file is gone");
}

/// What every backend must do, checked the same way on each.
async fn storage_contract(s: &Storage) {
    use sha2::Digest;
    let dir = std::env::temp_dir().join(format!(
        "mitreden-contract-{}-{}",
        std::process::id(),
        s.description.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    // Small (one request) and large (in parts) files.
    for size in [10_000usize, 9 * 1024 * 1024 + 17] {
        let bytes: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
        let hash = format!("{:x}", sha2::Sha256::digest(&bytes));
        let path = dir.join(&hash);
        std::fs::write(&path, &bytes).unwrap();
        assert!(!s.exists(&hash).await.unwrap());
        s.put_file(&hash, &path, size as u64).await.unwrap();
        // Storing again is harmless (identical content, same key).
        s.put_file(&hash, &path, size as u64).await.unwrap();
        assert!(s.exists(&hash).await.unwrap());
        let all = s.get_all(&hash).await.unwrap().unwrap();
        assert_eq!(all.len(), size);
        assert!(all == bytes, "content round-trips");
        let mut part = s.get(&hash, Some(5..105)).await.unwrap().unwrap();
        let mut got = vec![];
        use futures_util::StreamExt;
        while let Some(c) = part.stream.next().await {
            got.extend_from_slice(&c.unwrap());
        }
        assert_eq!(got, &bytes[5..105]);
        assert_eq!(part.size, size as u64);
        s.put_preview(&hash, b"png".to_vec()).await.unwrap();
        assert_eq!(s.preview(&hash).await.unwrap().unwrap().as_ref(), b"png");
        let listed = s
            .hashes_before(chrono::Utc::now() + Duration::minutes(5))
            .await
            .unwrap();
        assert!(listed.contains(&hash));
        s.delete(&hash).await.unwrap();
        s.delete(&hash).await.unwrap();
        assert!(!s.exists(&hash).await.unwrap());
        assert!(s.get(&hash, None).await.unwrap().is_none());
        assert!(s.preview(&hash).await.unwrap().is_none());
    }
    assert!(
        s.put_file("../../etc/passwd", &dir, 1).await.is_err(),
        "keys are hashes only"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_local_store_keeps_the_contract() {
    let dir = std::env::temp_dir().join(format!("mitreden-local-store-{}", std::process::id()));
    let s = Storage::local(&dir).unwrap();
    storage_contract(&s).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_in_memory_store_keeps_the_contract() {
    storage_contract(&Storage::memory()).await;
    let wrapped = Storage::from_store(Arc::new(object_store::memory::InMemory::new()), "memory");
    storage_contract(&wrapped).await;
}

/// The S3 backend against an S3-compatible server on this machine (moto, see
/// `.ci/run`), named by `MITREDEN_TEST_S3_ENDPOINT`.
#[tokio::test]
#[ignore = "needs an S3-compatible server named by MITREDEN_TEST_S3_ENDPOINT; .ci/run starts one and runs it with --include-ignored"]
async fn the_s3_store_keeps_the_contract() {
    let endpoint = std::env::var("MITREDEN_TEST_S3_ENDPOINT")
        .expect("MITREDEN_TEST_S3_ENDPOINT names an S3-compatible server");
    let bucket = format!("mitreden-test-{}", std::process::id());
    // moto creates a bucket on a plain PUT.
    let status = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT"])
        .arg(format!("{endpoint}/{bucket}"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "200");
    // SAFETY: set before the store reads them; no other thread reads these.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
    let s = Storage::open(&format!("s3://{bucket}"), Some(&endpoint)).unwrap();
    storage_contract(&s).await;
}

/// A person as the commands see them.
async fn actor(app: &TestApp, email: &str) -> app::Actor {
    let u = db::accounts::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    app::Actor::Person(Arc::new(u))
}

fn pdf_document(department_id: i64, process: i64, title: &str) -> app::documents::PdfDocument {
    app::documents::PdfDocument {
        department_id,
        text: domain::documents::DocumentText {
            title: title.into(),
            description: "Zum Nachlesen.".into(),
            language: "de".into(),
            doc_date: None,
            doc_type: domain::documents::DocType::Report,
        },
        subjects: vec![(domain::documents::SubjectKind::Process, process)],
        filename: "bericht.pdf".into(),
        bytes: report_pdf(title),
        created_by: None,
    }
}

#[tokio::test]
async fn the_document_commands_check_who_acts_and_name_what_changed() {
    use app::CommandError;
    use domain::Tag;
    let app = TestApp::new().await;
    let (staff_client, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let (_, other_dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    app.citizen("bea@example.org", "Bea", PW).await;
    let p = process(&staff_client, dep).await;
    let a = &app.state.app;
    let staff = actor(&app, "team@finanzen.example").await;
    let other = actor(&app, "team@umwelt.example").await;
    let citizen = actor(&app, "bea@example.org").await;

    let r = app::documents::publish_pdf(a, &app::Actor::Anonymous, pdf_document(dep, p, "Bericht"))
        .await;
    assert!(matches!(r, Err(CommandError::LoginRequired)));
    let r = app::documents::publish_pdf(a, &citizen, pdf_document(dep, p, "Bericht")).await;
    assert!(matches!(r, Err(CommandError::Forbidden)));
    let r = app::documents::publish_pdf(a, &other, pdf_document(dep, p, "Bericht")).await;
    match r {
        Err(CommandError::Invalid(e)) => assert_eq!(
            e.get("department_id"),
            Some("error-document-department-not-yours")
        ),
        other => panic!("{other:?}"),
    }
    let mut not_pdf = pdf_document(dep, p, "Bericht");
    not_pdf.bytes = b"%PDF-1.4 kaputt".to_vec();
    match app::documents::publish_pdf(a, &staff, not_pdf).await {
        Err(CommandError::Invalid(e)) => assert!(e.get("file").is_some()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "documents").await.unwrap(),
        0
    );

    let out = app::documents::publish_pdf(a, &staff, pdf_document(dep, p, "Bericht"))
        .await
        .unwrap();
    let id = out.value;
    for t in [
        Tag::Documents,
        Tag::Search,
        Tag::Process(p),
        Tag::User(staff.user_id().unwrap()),
    ] {
        assert!(out.changes.tags.contains(&t), "{t}");
    }
    assert!(!out.changes.tags.contains(&Tag::All));
    // The file is in the store before its row names it.
    let d = db::documents::get(&app.db, id).await.unwrap().unwrap();
    assert!(
        app.state
            .config
            .storage
            .exists(&d.file.content_hash)
            .await
            .unwrap()
    );

    let r = app::documents::withdraw(a, &other, id).await;
    assert!(matches!(r, Err(CommandError::Forbidden)));
    let r = app::documents::withdraw(a, &staff, id + 1000).await;
    assert!(matches!(r, Err(CommandError::NotFound)));
    let r = app::documents::attach(a, &staff, id, domain::documents::SubjectKind::Idea, 999).await;
    assert!(matches!(r, Err(CommandError::Invalid(_))));
    let out = app::documents::withdraw(a, &staff, id).await.unwrap();
    assert!(out.changes.tags.contains(&Tag::Process(p)));
    // Publishing for another department is the system's (or an administrator's).
    app::documents::publish_pdf(a, &app::Actor::System, pdf_document(other_dep, p, "Anhang"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_process_page_shows_a_new_document_at_once_and_drops_a_withdrawn_one() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@finanzen.example", PW, "Finanzbehörde")
        .await;
    let p = process(&staff, dep).await;
    let visitor = app.client();
    let page = format!("/processes/{p}");
    assert!(!visitor.get(&page).await.body.contains("Abschlussbericht"));
    // Twice, so that the page is served from the shared cache.
    assert!(!visitor.get(&page).await.body.contains("Abschlussbericht"));
    let r = upload(
        &staff,
        dep,
        &format!("process:{p}"),
        "Abschlussbericht der Befragung",
        ("bericht.pdf", &report_pdf("x")),
    )
    .await;
    let id = id_from(&r);
    visitor
        .get(&page)
        .await
        .assert_contains("Abschlussbericht der Befragung");
    visitor
        .get("/documents")
        .await
        .assert_contains("Abschlussbericht der Befragung");
    let r = staff
        .post_form(&format!("/staff/documents/{id}/withdraw"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !visitor
            .get(&page)
            .await
            .body
            .contains("Abschlussbericht der Befragung")
    );
    assert!(
        !visitor
            .get("/documents")
            .await
            .body
            .contains("Abschlussbericht der Befragung")
    );
}
