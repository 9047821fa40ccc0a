//! The open-data export of a finished process: a ZIP of CSV and JSON files
//! and a README, linked from the process page once the process is over, with
//! nothing personal in it.

use std::io::Read;

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

fn files(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut out = vec![];
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        out.push((f.name().unwrap().into_owned(), text));
    }
    out
}

#[tokio::test]
async fn a_finished_process_downloads_as_open_data() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = staff
        .publish_process(
            dep,
            &[
                ("title", "Spielplatz am Park"),
                ("ideas_enabled", "1"),
                ("categories", "Spielgeräte"),
            ],
        )
        .await;
    let anna = app.citizen("anna@example.org", "Anna Apfel", PW).await;
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Eine Seilbahn"),
                ("body", "=HYPERLINK(\"http://evil\")"),
                ("category", "Spielgeräte"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let idea: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    anna.post_form(
        &format!("/processes/{p}/comments"),
        &[("body", "Und eine Rutsche!")],
    )
    .await;
    staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[
                ("status", "accepted"),
                ("answer", "Die Seilbahn kommt im Mai."),
            ],
        )
        .await;

    // While it runs there is no export and no link.
    let zip_url = format!("/processes/{p}/open-data.zip");
    let c = app.client();
    assert_eq!(c.get(&zip_url).await.status, StatusCode::NOT_FOUND);
    assert!(
        !c.get(&format!("/processes/{p}"))
            .await
            .body
            .contains("open-data.zip")
    );

    let r = staff
        .post_form(&format!("/processes/{p}/status"), &[("status", "archived")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    c.get(&format!("/processes/{p}"))
        .await
        .assert_contains(&zip_url);

    let r = c.get(&zip_url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/zip");
    let files = files(&r.bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for n in [
        "README.md",
        "process.json",
        "process.csv",
        "phases.csv",
        "ideas.csv",
        "ideas.json",
        "answers.csv",
        "comments.csv",
        "comments.json",
        "documents.csv",
        "documents.json",
    ] {
        assert!(names.contains(&n), "{n} missing in {names:?}");
    }
    let get = |n: &str| files.iter().find(|(f, _)| f == n).unwrap().1.clone();
    assert!(get("README.md").contains("Datenlizenz Deutschland"));
    assert!(get("README.md").contains("support_count"));
    assert!(get("process.csv").contains("Spielplatz am Park"));
    let ideas = get("ideas.csv");
    assert!(
        ideas.contains("Eine Seilbahn") && ideas.contains("Anna Apfel"),
        "{ideas}"
    );
    assert!(ideas.contains("accepted"));
    assert!(get("answers.csv").contains("Die Seilbahn kommt im Mai."));
    assert!(get("comments.csv").contains("Und eine Rutsche!"));
    // A formula typed by someone stays text in the CSV.
    let json: serde_json::Value = serde_json::from_str(&get("ideas.json")).unwrap();
    assert_eq!(json[0]["title"], "Eine Seilbahn");
    assert_eq!(
        json[0]["answers"][0]["body_md"],
        "Die Seilbahn kommt im Mai."
    );
    let process: serde_json::Value = serde_json::from_str(&get("process.json")).unwrap();
    assert_eq!(process["id"], p);
    // Nothing personal: no e-mail address anywhere.
    for (name, text) in &files {
        assert!(!text.contains("@example.org"), "{name}");
        assert!(!text.contains("anna@"), "{name}");
    }
    // Drafts and unknown processes have none.
    assert_eq!(
        c.get("/processes/999/open-data.zip").await.status,
        StatusCode::NOT_FOUND
    );
}
