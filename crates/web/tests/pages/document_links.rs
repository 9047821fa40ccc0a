//! Attaching a document by choosing a process, survey or idea by its title,
//! and the document page naming them by title.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

/// The upload form's multipart body, the CSRF token in the URL.
fn upload(client: &Client, fields: &[(&str, &str)]) -> Request<Body> {
    let token = client.cookie(web::cookies::CSRF).unwrap_or_default();
    let boundary = "linkTestBoundary7f2";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zahlen.csv\"\r\n\
             Content-Type: text/csv\r\n\r\nJahr;Anzahl\r\n2026;12\r\n\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    Request::builder()
        .method(Method::POST)
        .uri(format!("/staff/documents?csrf_token={token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn documents_are_attached_by_title_and_show_titles() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (other, other_dep) = app.staff("team@nord.example", PW, "Bezirksamt Nord").await;
    let p = staff
        .publish_process(
            dep,
            &[("title", "Hitzeschutz in Altona"), ("summary", "Sommer")],
        )
        .await;
    let foreign = other
        .publish_process(
            other_dep,
            &[("title", "Spielplätze im Norden"), ("summary", "Spielen")],
        )
        .await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[("title", "Umfrage zum Hitzeschutz"), ("access", "open")],
        )
        .await;
    let survey: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();

    // The form offers the department's processes and surveys by title,
    // grouped by kind, and not another department's.
    let r = staff.get("/staff/documents/new").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("<optgroup label=\"Beteiligungsverfahren\">");
    r.assert_contains(&format!(
        "<option value=\"process:{p}\">Hitzeschutz in Altona</option>"
    ));
    r.assert_contains(&format!(
        "<option value=\"survey:{survey}\">Umfrage zum Hitzeschutz (Hitzeschutz in Altona)</option>"
    ));
    assert!(!r.body.contains(&format!("process:{foreign}")));
    assert!(!r.body.contains("Spielplätze im Norden"));
    assert!(!r.body.contains("„process:"), "no codes to type");

    staff.get("/").await;
    let r = staff
        .request(upload(
            &staff,
            &[
                ("title", "Messwerte Sommer"),
                ("doc_type", "report"),
                ("language", "de"),
                ("department_id", &dep.to_string()),
                ("attach", &format!("process:{p}")),
            ],
        ))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let doc = r.location().unwrap().to_owned();

    // The page names the process by its title, with a link.
    let r = app.client().get(&doc).await;
    r.assert_contains(&format!(
        "<a href=\"/processes/{p}\">Hitzeschutz in Altona</a>"
    ));
    assert!(!r.body.contains("Nr."));
}
