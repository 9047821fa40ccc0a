//! Survey results: the figures on the staff page (counts, percentages,
//! filter, cross-table, histogram), the exports read back cell by cell, the
//! published results page, permissions, and that nothing stored or exported
//! links a response to a person.

use std::collections::BTreeMap;
use std::sync::Arc;

use app::Actor;
use app::surveys::SettingsInput;
use axum::http::StatusCode;
use chrono::{Duration, Local};
use db::surveys::{Invite, Respondent};
use domain::surveys::{Access, Item, QuestionInput, Status};
use testkit::{Client, TestApp};

pub(crate) const PW: &str = "ein-sicheres-passwort";
pub(crate) const STAFF: &str = "team@finanzen.example";
/// How long another instance may take to hear of a change (PostgreSQL).
const HEAR_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

pub(crate) async fn process(staff: &Client, dep: i64) -> i64 {
    staff
        .publish_process(dep, &[("title", "Social Media in der Verwaltung")])
        .await
}

/// The question ids, in order Q1..Q8.
pub(crate) struct Qs(pub(crate) [i64; 8]);

/// A survey with a question of every kind.
pub(crate) async fn survey(app: &TestApp, process: i64, access: Access) -> (i64, Qs) {
    let user = db::accounts::by_email(&app.db, STAFF)
        .await
        .unwrap()
        .unwrap();
    let actor = Actor::Person(Arc::new(user));
    let id = app::surveys::create(
        &app.state.app,
        &actor,
        process,
        &SettingsInput {
            title: "Mitarbeitendenbefragung".into(),
            access: access.as_str().into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    let five =
        "stimme gar nicht zu\nstimme eher nicht zu\nteils, teils\nstimme eher zu\nstimme voll zu";
    let inputs = [
        QuestionInput {
            kind: "single",
            text: "Nutzen Sie soziale Medien dienstlich?",
            options: "Ja\nNein",
            allow_other: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "multiple",
            text: "Welche Plattformen nutzen Sie?",
            options: "Facebook\nInstagram\nMastodon",
            allow_other: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "likert",
            text: "Die Guidelines sind verständlich.",
            scale: five,
            ..Default::default()
        },
        QuestionInput {
            kind: "matrix",
            text: "Wie bewerten Sie die Angebote?",
            rows: "Schulungen\nLeitfaden",
            scale: "gut\nmittel\nschlecht",
            ..Default::default()
        },
        QuestionInput {
            kind: "number",
            text: "Dienstjahre",
            integer: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "text",
            text: "Was wünschen Sie sich?",
            ..Default::default()
        },
        QuestionInput {
            kind: "ranking",
            text: "Was ist Ihnen am wichtigsten?",
            options: "Schulung\nTechnik\nZeit",
            ..Default::default()
        },
        QuestionInput {
            kind: "date",
            text: "Wann war Ihre letzte Schulung?",
            ..Default::default()
        },
    ];
    let mut ids = [0i64; 8];
    for (i, input) in inputs.iter().enumerate() {
        ids[i] = app::surveys::add_question(&app.state.app, &actor, id, input)
            .await
            .unwrap()
            .value;
    }
    app::surveys::set_status(&app.state.app, &actor, id, Status::Published)
        .await
        .unwrap();
    (id, Qs(ids))
}

fn item(item: &str, value: &str, num: Option<f64>) -> Item {
    Item {
        item: item.into(),
        value: value.into(),
        num,
    }
}

/// Ten responses with figures easy to check by hand (see each question).
pub(crate) fn answers(q: &Qs) -> Vec<BTreeMap<i64, Vec<Item>>> {
    let [q1, q2, q3, q4, q5, q6, q7, q8] = q.0;
    (0..10)
        .map(|i| {
            let mut a = BTreeMap::new();
            // Q1: Ja 6, Nein 3, Sonstiges 1.
            a.insert(
                q1,
                match i {
                    0..6 => vec![item("", "A1", None)],
                    6..9 => vec![item("", "A2", None)],
                    _ => vec![
                        item("", "_other", None),
                        item("_other", "Weiß nicht genau", None),
                    ],
                },
            );
            // Q2: answered by 7 (all but 3, 8, 9); A1 4, A2 3, A3 1, other 1.
            let mut m = vec![];
            if matches!(i, 0 | 2 | 4 | 6) {
                m.push(item("", "A1", None));
            }
            if i < 3 {
                m.push(item("", "A2", None));
            }
            if i == 7 {
                m.push(item("", "A3", None));
            }
            if i == 5 {
                m.push(item("", "_other", None));
                m.push(item("_other", "XING", None));
            }
            if !m.is_empty() {
                a.insert(q2, m);
            }
            // Q3: every scale point twice.
            let v = (i % 5 + 1) as f64;
            a.insert(q3, vec![item("", &format!("{v}"), Some(v))]);
            // Q4: Schulungen gut 5, mittel 5; Leitfaden schlecht 4.
            let mut m = vec![if i < 5 {
                item("R1", "1", Some(1.0))
            } else {
                item("R1", "2", Some(2.0))
            }];
            if i < 4 {
                m.push(item("R2", "3", Some(3.0)));
            }
            a.insert(q4, m);
            // Q5: 1, 2, 2, 3, 3, 3, 4, 4, 4, 4.
            let n = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4][i] as f64;
            a.insert(q5, vec![item("", &format!("{n}"), Some(n))]);
            if i < 3 {
                a.insert(q6, vec![item("", &format!("Antwort {i}"), None)]);
            }
            // Q7: Schulung and Technik share the first place on average.
            let (s, t) = if i < 5 { (1.0, 2.0) } else { (2.0, 1.0) };
            a.insert(
                q7,
                vec![
                    item("A1", &format!("{s}"), Some(s)),
                    item("A2", &format!("{t}"), Some(t)),
                    item("A3", "3", Some(3.0)),
                ],
            );
            // Q8: March 4, April 6.
            let d = if i < 4 {
                format!("2025-03-1{i}")
            } else {
                "2025-04-02".into()
            };
            a.insert(q8, vec![item("", &d, None)]);
            a
        })
        .collect()
}

async fn setup(app: &TestApp) -> (Client, i64, i64, Qs) {
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, q) = survey(app, p, Access::Open).await;
    let today = Local::now().date_naive();
    let rows: Vec<_> = answers(&q).into_iter().map(|a| (Some(today), a)).collect();
    app::surveys::answer::import_responses(&app.state.app, &Actor::System, id, &rows)
        .await
        .unwrap();
    (staff, p, id, q)
}

fn row(label: &str, n: u64, pct: &str) -> String {
    format!("<tr><th scope=\"row\">{label}</th><td>{n}</td><td>{pct}</td></tr>")
}

#[tokio::test]
async fn the_results_page_counts_every_kind_of_question_exactly() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let r = staff.get(&format!("/surveys/{id}/results")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("10 Antworten");
    // Single choice: shares of those who answered, "other" with its text.
    r.assert_contains(&row("Ja", 6, "60,0 %"));
    r.assert_contains(&row("Nein", 3, "30,0 %"));
    r.assert_contains(&row("Sonstiges", 1, "10,0 %"));
    r.assert_contains("<li>Weiß nicht genau</li>");
    // Multiple choice: 7 answered, shares add up to more than 100 %.
    r.assert_contains("7 Personen haben diese Frage beantwortet.");
    r.assert_contains(&row("Facebook", 4, "57,1 %"));
    r.assert_contains(&row("Instagram", 3, "42,9 %"));
    r.assert_contains(&row("Mastodon", 1, "14,3 %"));
    r.assert_contains("<li>XING</li>");
    // Likert: one stacked bar, every point 20 %.
    r.assert_contains("<td>2 (20,0 %)</td><td>2 (20,0 %)</td><td>2 (20,0 %)</td><td>2 (20,0 %)</td><td>2 (20,0 %)</td><td>10</td>");
    // Matrix: one bar per row.
    r.assert_contains("<th scope=\"row\">Schulungen</th><td>5 (50,0 %)</td><td>5 (50,0 %)</td><td>0 (0,0 %)</td><td>10</td>");
    r.assert_contains("<th scope=\"row\">Leitfaden</th><td>0 (0,0 %)</td><td>0 (0,0 %)</td><td>4 (100,0 %)</td><td>4</td>");
    // Numbers: one bin per whole number, with n, mean, median, min, max.
    r.assert_contains(&row("1", 1, "10,0 %"));
    r.assert_contains(&row("4", 4, "40,0 %"));
    r.assert_contains("<dt>Mittelwert</dt><dd>3,0</dd>");
    r.assert_contains("<dt>Median</dt><dd>3</dd>");
    r.assert_contains("<dt>Minimum</dt><dd>1</dd>");
    r.assert_contains("<dt>Maximum</dt><dd>4</dd>");
    // Ranking: mean rank per option.
    r.assert_contains("<tr><th scope=\"row\">Zeit</th><td>3,00</td><td>10</td></tr>");
    r.assert_contains("<tr><th scope=\"row\">Schulung</th><td>1,50</td><td>10</td></tr>");
    // Dates per month.
    r.assert_contains(&row("03/2025", 4, "40,0 %"));
    r.assert_contains(&row("04/2025", 6, "60,0 %"));
    // Free texts are listed.
    r.assert_contains("<li>Antwort 0</li>");
    r.assert_contains("<li>Antwort 2</li>");
    // Charts are images with a name and a description, drawn without styles.
    r.assert_contains(&format!(
        "role=\"img\" aria-labelledby=\"chart-{0}-t chart-{0}-d\"",
        q.0[0]
    ));
    r.assert_contains("Ja: 60,0 %; Nein: 30,0 %; Sonstiges: 10,0 %");
    assert!(!r.body.contains("style="));

    // The English page writes numbers the English way.
    staff.set_cookie(web::cookies::LANG, "en");
    let r = staff.get(&format!("/surveys/{id}/results")).await;
    r.assert_contains(&row("Ja", 6, "60.0%"));
}

#[tokio::test]
async fn results_filter_by_one_answer_and_cross_tabulate() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let [q1, q2, q3, ..] = q.0;
    let r = staff
        .get(&format!("/surveys/{id}/results?filter={q1}:A1"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("6 von 10 Antworten");
    r.assert_contains(&row("Ja", 6, "100,0 %"));
    // Of the six, five answered Q2; three of them chose Facebook.
    r.assert_contains("5 Personen haben diese Frage beantwortet.");
    r.assert_contains(&row("Facebook", 3, "60,0 %"));
    // Likert among the six: 1, 2, 3, 4, 5, 1.
    r.assert_contains("<td>2 (33,3 %)</td><td>1 (16,7 %)</td>");
    assert!(!r.body.contains("<li>Weiß nicht genau</li>"));

    let r = staff
        .get(&format!("/surveys/{id}/results?a={q1}&b={q3}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Kreuztabelle Q1 × Q3");
    r.assert_contains("<tr><th scope=\"row\">Ja</th><td>2 <span class=\"muted\">(33,3 %)</span></td><td>1 <span class=\"muted\">(16,7 %)</span></td>");
    r.assert_contains("<tr><th scope=\"row\">Nein</th><td>0 <span class=\"muted\">(0,0 %)</span></td><td>1 <span class=\"muted\">(33,3 %)</span></td>");
    r.assert_contains("<tfoot><tr><th scope=\"row\">Summe</th><td>2</td><td>2</td><td>2</td><td>2</td><td>2</td><td>10</td></tr></tfoot>");

    // Cross-table and filter together: Q2 × Q1 among those who chose Facebook
    // (answers 0, 2, 4 and 6).
    let r = staff
        .get(&format!(
            "/surveys/{id}/results?filter={q2}:A1&a={q2}&b={q1}"
        ))
        .await;
    r.assert_contains("<tr><th scope=\"row\">Facebook</th><td>3 <span class=\"muted\">(75,0 %)</span></td><td>1 <span class=\"muted\">(25,0 %)</span></td>");
    r.assert_contains(
        "<tr><th scope=\"row\">Instagram</th><td>2 <span class=\"muted\">(100,0 %)</span></td>",
    );

    // Nonsense is named next to the field.
    let r = staff
        .get(&format!(
            "/surveys/{id}/results?filter={q1}:ZZ&a=abc&b={q3}"
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie eine der angebotenen Antworten.");
    r.assert_contains("Bitte wählen Sie eine Auswahlfrage.");
}

#[tokio::test]
async fn texts_are_paged() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let r = staff
        .get(&format!("/surveys/{id}/results/texts?q={}", q.0[5]))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("3 Antworten");
    r.assert_contains("<li>Antwort 1</li>");
    let r = staff
        .get(&format!("/surveys/{id}/results/texts?q={}&other=1", q.0[0]))
        .await;
    r.assert_contains("<li>Weiß nicht genau</li>");
}

#[tokio::test]
async fn exports_hold_every_answer_with_a_codebook() {
    use calamine::{Data, Reader};
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    // Commas asked for; German readers get semicolons otherwise.
    let r = staff
        .get(&format!("/surveys/{id}/answers.csv?sep=comma"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.body.trim_start_matches('\u{feff}');
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "response",
            "submitted_on",
            "Q1",
            "Q1_other",
            "Q2_A1",
            "Q2_A2",
            "Q2_A3",
            "Q2_other",
            "Q3",
            "Q4_R1",
            "Q4_R2",
            "Q5",
            "Q6",
            "Q7_A1",
            "Q7_A2",
            "Q7_A3",
            "Q8"
        ]
    );
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 10);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let first = rows.iter().find(|r| r[col("Q6")] == "Antwort 0").unwrap();
    let want = [
        ("Q1", "A1"),
        ("Q1_other", ""),
        ("Q2_A1", "1"),
        ("Q2_A2", "1"),
        ("Q2_A3", "0"),
        ("Q2_other", ""),
        ("Q3", "1"),
        ("Q4_R1", "1"),
        ("Q4_R2", "3"),
        ("Q5", "1"),
        ("Q7_A1", "1"),
        ("Q7_A2", "2"),
        ("Q7_A3", "3"),
        ("Q8", "2025-03-10"),
    ];
    for (c, v) in want {
        assert_eq!(first[col(c)], v, "{c}");
    }
    assert_eq!(first[col("submitted_on")], day(0));
    let other = rows.iter().find(|r| r[col("Q1")] == "_other").unwrap();
    assert_eq!(other[col("Q1_other")], "Weiß nicht genau");
    // Q2 unanswered: empty, not 0.
    assert_eq!(other[col("Q2_A1")], "");
    assert_eq!(rows.iter().filter(|r| r[col("Q1")] == "A1").count(), 6);
    let mut numbers: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    numbers.sort_by_key(|n| n.parse::<u32>().unwrap());
    assert_eq!(numbers, (1..=10).map(|n| n.to_string()).collect::<Vec<_>>());

    let r = staff.get(&format!("/surveys/{id}/codebook.csv")).await;
    let body = r.body.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "column",
            "question_id",
            "question_code",
            "kind",
            "question",
            "label",
            "values",
            "deleted"
        ]
    );
    let book: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let q1 = book.iter().find(|r| r[0] == "Q1").unwrap();
    assert_eq!(q1[1], q.0[0].to_string());
    assert_eq!(q1[3], "single");
    assert_eq!(q1[4], "Nutzen Sie soziale Medien dienstlich?");
    assert_eq!(q1[6], "A1=Ja; A2=Nein; _other=other");
    assert_eq!(q1[7], "0");
    let q2a3 = book.iter().find(|r| r[0] == "Q2_A3").unwrap();
    assert_eq!(
        (q2a3[5].as_str(), q2a3[6].as_str()),
        ("Mastodon", "0=no; 1=yes")
    );
    let q4 = book.iter().find(|r| r[0] == "Q4_R2").unwrap();
    assert_eq!(
        (q4[5].as_str(), q4[6].as_str()),
        ("Leitfaden", "1=gut; 2=mittel; 3=schlecht")
    );

    // XLSX: answers and codebook sheets, numbers as numbers.
    let r = staff.get(&format!("/surveys/{id}/answers.xlsx")).await;
    assert_eq!(r.status, StatusCode::OK);
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(r.bytes)).expect("an XLSX file");
    let sheet = wb.worksheet_range("answers").unwrap();
    assert_eq!(sheet.height(), 11);
    assert_eq!(sheet.get((0, 2)), Some(&Data::String("Q1".into())));
    let xrow = (1..11)
        .find(|r| sheet.get((*r, col("Q6"))) == Some(&Data::String("Antwort 0".into())))
        .unwrap();
    assert_eq!(sheet.get((xrow, col("Q2_A1"))), Some(&Data::Float(1.0)));
    assert_eq!(sheet.get((xrow, col("Q5"))), Some(&Data::Float(1.0)));
    assert_eq!(sheet.get((xrow, col("Q7_A3"))), Some(&Data::Float(3.0)));
    assert_eq!(
        sheet.get((xrow, col("Q3"))),
        Some(&Data::String("1".into()))
    );
    let cb = wb.worksheet_range("codebook").unwrap();
    assert_eq!(cb.get((0, 0)), Some(&Data::String("column".into())));
    assert_eq!(cb.height(), book.len() + 1);

    // JSON: codebook and typed answers.
    let r = staff.get(&format!("/surveys/{id}/answers.json")).await;
    let doc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["survey"]["responses"], 10);
    let resp = doc["responses"].as_array().unwrap();
    let j = resp.iter().find(|r| r["Q6"] == "Antwort 0").unwrap();
    assert_eq!(j["Q1"], "A1");
    assert_eq!(j["Q2_A1"], 1.0);
    assert_eq!(j["Q5"], 1.0);
    assert!(j["Q1_other"].is_null());
    assert!(
        doc["codebook"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["column"] == "Q4_R1" && c["label"] == "Schulungen")
    );
}

#[tokio::test]
async fn only_staff_of_the_department_see_results_and_exports() {
    let app = TestApp::new().await;
    let (_, _, id, _) = setup(&app).await;
    let (other, _) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    for path in [
        "results",
        "answers.csv",
        "answers.xlsx",
        "answers.json",
        "codebook.csv",
        "publication",
    ] {
        let url = format!("/surveys/{id}/{path}");
        assert_eq!(other.get(&url).await.status, StatusCode::FORBIDDEN, "{url}");
        assert_eq!(anna.get(&url).await.status, StatusCode::FORBIDDEN, "{url}");
        let r = app.client().get(&url).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{url}");
        assert!(r.location().unwrap().starts_with("/login"), "{url}");
    }
    assert_eq!(
        other
            .post_form(
                &format!("/surveys/{id}/publication"),
                &[("action", "publish"), ("q1", "1")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client().get("/surveys/999999/results").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn published_results_show_the_chosen_questions_and_never_free_text() {
    let app = TestApp::new().await;
    let (staff, p, id, q) = setup(&app).await;
    let [q1, q2, q3, _, _, q6, ..] = q.0;
    let anon = app.client();
    let report = format!("/surveys/{id}/report");
    assert_eq!(anon.get(&report).await.status, StatusCode::NOT_FOUND);
    // Staff see a preview.
    let r = staff.get(&report).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Vorschau");

    // The form offers counted questions only.
    let form = staff.get(&format!("/surveys/{id}/publication")).await;
    form.assert_contains(&format!("name=\"q{q1}\""));
    assert!(!form.body.contains(&format!("name=\"q{q6}\"")));

    let url = format!("/surveys/{id}/publication");
    let r = staff
        .post_form(
            &url,
            &[("action", "publish"), ("report_intro", "Erster Versuch")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte wählen Sie mindestens eine Frage.");
    r.assert_contains("Erster Versuch");
    assert_eq!(anon.get(&report).await.status, StatusCode::NOT_FOUND);

    let (k1, k3, k6) = (format!("q{q1}"), format!("q{q3}"), format!("q{q6}"));
    let r = staff
        .post_form(
            &url,
            &[
                ("action", "publish"),
                (&k1, "1"),
                (&k3, "1"),
                (&k6, "1"),
                ("report_intro", "Vielen **Dank** an alle."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        db::surveys::report_questions(&app.db, id).await.unwrap(),
        vec![q1, q3]
    );

    let r = anon.get(&report).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Vielen <strong>Dank</strong> an alle.");
    r.assert_contains("10 Antworten");
    r.assert_contains(&row("Ja", 6, "60,0 %"));
    r.assert_contains(&row("Sonstiges", 1, "10,0 %"));
    r.assert_contains("Die Guidelines sind verständlich.");
    assert!(!r.body.contains("Welche Plattformen"), "Q2 was not chosen");
    assert!(!r.body.contains("Was wünschen Sie sich?"));
    assert!(!r.body.contains("Antwort 0"));
    assert!(
        !r.body.contains("Weiß nicht genau"),
        "other texts stay private"
    );
    assert!(!r.body.contains(&format!("chart-{q2}")));
    // Served again from the cache, and withdrawn at once.
    assert_eq!(anon.get(&report).await.status, StatusCode::OK);
    let r = staff
        .post_form(&url, &[("action", "withdraw"), (&k1, "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(anon.get(&report).await.status, StatusCode::NOT_FOUND);
    let _ = p;
}

#[tokio::test]
async fn nothing_links_a_response_to_an_invitation_token_or_address() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, q) = survey(&app, p, Access::Invitation).await;
    let mut people = vec![];
    for i in 0..8 {
        let email = format!("person{i}@behoerde.example");
        let token = web::security::random_token().unwrap();
        let hash = web::security::token_hash(&token);
        let txn = app.db.begin_write().await.unwrap();
        db::surveys::invite(
            &txn,
            id,
            vec![Invite {
                invitation_id: None,
                email: email.clone(),
                token_hash: hash.clone(),
                mail: db::jobs::NewJob {
                    kind: "survey_invitation",
                    payload: format!("{{\"to\":\"{email}\",\"token\":\"{token}\"}}"),
                },
            }],
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        people.push((email, token, hash));
    }
    let all = answers(&q);
    let mut submitted = vec![];
    for (i, (_, _, hash)) in people.iter().enumerate() {
        let inv = db::surveys::invitation_by_token(&app.db, hash)
            .await
            .unwrap()
            .unwrap();
        let txn = app.db.begin_write().await.unwrap();
        let rid = db::surveys::submit(
            &txn,
            id,
            Respondent::Invitation(inv.id),
            None,
            &all[i],
            Local::now().date_naive(),
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        submitted.push((inv.id, rid));
    }
    app::surveys::set_status(&app.state.app, &Actor::System, id, Status::Closed)
        .await
        .unwrap();

    // Responses hold their id, the survey and no date; answers hold nothing else.
    use db::surveys::results::audit;
    assert_eq!(
        audit::columns(&app.db, "survey_responses").await.unwrap(),
        ["id", "survey_id", "submitted_on"]
    );
    let mut columns = audit::columns(&app.db, "survey_answers").await.unwrap();
    columns.sort();
    assert_eq!(
        columns,
        [
            "item",
            "num",
            "pos",
            "question_id",
            "response_id",
            "survey_id",
            "value"
        ]
    );
    let stored = db::surveys::results::export_page(&app.db, id, 0, 100)
        .await
        .unwrap();
    assert_eq!(stored.len(), 8);
    assert!(stored.iter().all(|r| r.submitted_on.is_none()));
    // Ids are random: not consecutive, not the invitations' ids, not in their order.
    let mut ids: Vec<i64> = submitted.iter().map(|s| s.1).collect();
    assert!(ids.iter().all(|r| !submitted.iter().any(|s| s.0 == *r)));
    ids.sort_unstable();
    assert!(ids.windows(2).all(|w| w[1] - w[0] > 1000));
    // No other column of any table holds a response id.
    for (_, rid) in &submitted {
        let mut at = audit::holding(&app.db, &rid.to_string()).await.unwrap();
        at.sort();
        assert_eq!(
            at,
            [
                ("survey_answers".to_owned(), "response_id".to_owned()),
                ("survey_responses".to_owned(), "id".to_owned())
            ]
        );
    }
    // Every invitation is marked used; none says which response is its own.
    assert_eq!(
        db::surveys::invitation_counts(&app.db, id)
            .await
            .unwrap()
            .used,
        8
    );
    for col in audit::columns(&app.db, "survey_invitations").await.unwrap() {
        assert!(!col.contains("response"), "{col}");
    }

    // The exports name no address and no token.
    let mut exported = String::new();
    for path in ["answers.csv", "answers.json", "codebook.csv"] {
        let r = staff.get(&format!("/surveys/{id}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK);
        exported.push_str(&r.body);
    }
    let r = staff.get(&format!("/surveys/{id}/answers.xlsx")).await;
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(r.bytes)).unwrap();
        for name in ["answers", "codebook"] {
            let sheet = wb.worksheet_range(name).unwrap();
            for c in sheet.cells() {
                exported.push_str(&c.2.to_string());
                exported.push('\n');
            }
        }
    }
    assert!(
        !exported.contains("submitted_on"),
        "no date for invitation surveys"
    );
    for (email, token, hash) in &people {
        assert!(!exported.contains(email.as_str()));
        assert!(!exported.contains(token.as_str()));
        assert!(!exported.contains(hash.as_str()));
    }
    for (inv, rid) in &submitted {
        assert!(!exported.contains(&rid.to_string()));
        let _ = inv;
    }
    let page = staff.get(&format!("/surveys/{id}/results")).await;
    page.assert_contains("8 Einladungen verschickt, 8 davon beantwortet.");
}

/// Answers the survey through its form as an anonymous respondent from `ip`,
/// choosing `choice` in Q1 (everything else unanswered).
async fn respond(app: &TestApp, id: i64, q1: i64, choice: &str, ip: &str) {
    let c = app.client().with_ip(ip);
    let r = c.get(&format!("/surveys/{id}/answer")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let i = r.body.find("name=\"draft\" value=\"").expect("draft key");
    let key = r.body[i + 20..i + 84].to_owned();
    let field = format!("q{q1}");
    let r = c
        .post_form(
            &format!("/surveys/{id}/answer"),
            &[
                ("page", "1"),
                ("draft", &key),
                ("action", "submit"),
                (&field, choice),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().unwrap().ends_with("/thanks"));
}

fn computations(app: &TestApp) -> u64 {
    app.state
        .tallies
        .computations
        .load(std::sync::atomic::Ordering::SeqCst)
}

async fn responses_stored(app: &TestApp, id: i64) -> i32 {
    db::surveys::get(&app.db, id)
        .await
        .unwrap()
        .unwrap()
        .response_count
}

#[tokio::test]
async fn results_are_counted_once_and_a_new_response_shows_at_once() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let q1 = q.0[0];
    let url = format!("/surveys/{id}/results");
    let r = staff.get(&url).await;
    r.assert_contains("10 Antworten");
    r.assert_contains(&row("Nein", 3, "30,0 %"));
    assert_eq!(computations(&app), 1);
    // Viewed again: the same figures, not counted again.
    let r = staff.get(&url).await;
    r.assert_contains(&row("Nein", 3, "30,0 %"));
    assert_eq!(computations(&app), 1);
    assert!(!r.body.contains("results-as-of"));

    // A response through the form: the next view counts it.
    respond(&app, id, q1, "A2", "198.51.100.1").await;
    assert_eq!(responses_stored(&app, id).await, 11);
    let r = staff.get(&url).await;
    r.assert_contains("11 Antworten");
    r.assert_contains(&row("Ja", 6, "54,5 %"));
    r.assert_contains(&row("Nein", 4, "36,4 %"));
    r.assert_contains(&row("Sonstiges", 1, "9,1 %"));
    // Unanswered by the new respondent: still seven of eleven answered Q2.
    r.assert_contains("7 Personen haben diese Frage beantwortet.");
    assert!(!r.body.contains("results-as-of"), "{}", r.body);
    assert_eq!(computations(&app), 2);

    // A filtered view is counted and kept on its own.
    let filtered = format!("/surveys/{id}/results?filter={q1}:A2");
    let r = staff.get(&filtered).await;
    r.assert_contains("4 von 11 Antworten");
    r.assert_contains(&row("Nein", 4, "100,0 %"));
    assert_eq!(computations(&app), 3);
    staff.get(&filtered).await;
    staff.get(&url).await;
    assert_eq!(computations(&app), 3);

    // A change of the questions counts as a change of the results.
    let r = staff
        .post_form(
            &format!("/surveys/{id}/questions/{}/delete", q.0[1]),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = staff.get(&url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(computations(&app), 4);
    r.assert_contains("11 Antworten");
    r.assert_contains("<span class=\"status\">gelöscht</span>");
}

#[tokio::test]
async fn a_response_written_elsewhere_is_noticed_without_being_told() {
    // Another instance wrote it and its notification was lost: the survey row
    // says there are more responses than the kept result holds.
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let url = format!("/surveys/{id}/results");
    staff.get(&url).await.assert_contains("10 Antworten");
    let mut a = BTreeMap::new();
    a.insert(q.0[0], vec![item("", "A2", None)]);
    // Straight into the database: no command, so nobody is told.
    let txn = app.db.begin_write().await.unwrap();
    db::surveys::submit(
        &txn,
        id,
        Respondent::Anonymous,
        None,
        &a,
        Local::now().date_naive(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let r = staff.get(&url).await;
    r.assert_contains("11 Antworten");
    r.assert_contains(&row("Nein", 4, "36,4 %"));
    assert_eq!(computations(&app), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_wait_for_one_counting() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    // Each counting takes a while, so that the views surely overlap it.
    app.state
        .tallies
        .count_delay_ms
        .store(300, std::sync::atomic::Ordering::SeqCst);
    let url = format!("/surveys/{id}/results");
    let views = |expect: &'static str| {
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (c, url) = (staff.clone(), url.clone());
                tokio::spawn(async move { c.get(&url).await })
            })
            .collect();
        async move {
            for t in tasks {
                let r = t.await.unwrap();
                assert_eq!(r.status, StatusCode::OK);
                r.assert_contains(expect);
                assert!(!r.body.contains("results-as-of"), "{}", r.body);
            }
        }
    };
    views("10 Antworten").await;
    assert_eq!(computations(&app), 1);
    respond(&app, id, q.0[0], "A1", "198.51.100.2").await;
    views("11 Antworten").await;
    assert_eq!(computations(&app), 2);
}

#[tokio::test]
async fn during_a_burst_the_newest_result_is_shown_with_its_time() {
    let app = TestApp::new().await;
    let (staff, _, id, q) = setup(&app).await;
    let url = format!("/surveys/{id}/results");
    staff.get(&url).await.assert_contains("10 Antworten");
    // From now on a counting takes longer than a view waits for it.
    app.state.tallies.count_delay_ms.store(
        web::tallies::WAIT_FOR_RECOUNT.as_millis() as u64 + 1_500,
        std::sync::atomic::Ordering::SeqCst,
    );
    respond(&app, id, q.0[0], "A2", "198.51.100.3").await;
    respond(&app, id, q.0[0], "A2", "198.51.100.4").await;
    let started = std::time::Instant::now();
    let r = staff.get(&url).await;
    assert!(started.elapsed() < web::tallies::WAIT_FOR_RECOUNT * 2);
    // The previous figures, saying of when they are and what they lack.
    r.assert_contains("10 Antworten");
    r.assert_contains(&row("Nein", 3, "30,0 %"));
    r.assert_contains("class=\"flash results-as-of\" role=\"status\"");
    r.assert_contains("gezählt sind 10 Antworten. Seitdem sind 2 weitere Antworten eingegangen; die Ergebnisse werden gerade neu gezählt.");
    let time = regex_time(&r.body);
    assert_eq!(time.len(), 8, "{time}");
    // More views meanwhile start no second counting.
    for _ in 0..3 {
        staff
            .get(&url)
            .await
            .assert_contains("Seitdem sind 2 weitere");
    }
    assert_eq!(computations(&app), 2);
    staff.set_cookie(web::cookies::LANG, "en");
    staff
        .get(&url)
        .await
        .assert_contains("10 responses counted. 2 more responses have arrived since; the results are being counted again.");
    staff.set_cookie(web::cookies::LANG, "de");
    // Once the recount is done, the page is current again.
    let r = testkit::wait_for(
        std::time::Duration::from_secs(20),
        "the recount to finish",
        async || {
            let r = staff.get(&url).await;
            (!r.body.contains("results-as-of")).then_some(r)
        },
    )
    .await;
    r.assert_contains("12 Antworten");
    r.assert_contains(&row("Nein", 5, "41,7 %"));
    assert!(!r.body.contains("results-as-of"));
    assert_eq!(computations(&app), 2);
}

/// The HH:MM:SS after "Stand " in the page.
fn regex_time(body: &str) -> String {
    let i = body.find("Stand ").expect("a time") + "Stand ".len();
    body[i..].split(' ').next().unwrap_or("").to_owned()
}

#[tokio::test]
async fn another_instance_recounts_once_told_of_a_change() {
    let a = TestApp::new().await;
    let (staff, _, id, q) = setup(&a).await;
    let b = a.another_instance().await;
    b.start_background();
    assert!(b.until_listening(std::time::Duration::from_secs(10)).await);
    let shared = a.backend() == db::Backend::Postgres;
    let on_b = staff.on(&b);
    let url = format!("/surveys/{id}/results");
    on_b.get(&url).await.assert_contains("10 Antworten");
    on_b.get(&url).await;
    assert_eq!(computations(&b), 1);
    // A response through instance a reaches b's page.
    let epoch = b.forget_epoch();
    respond(&a, id, q.0[0], "A2", "198.51.100.5").await;
    if shared {
        // Its notification first, so that b counts once.
        b.until_forgotten(domain::Tag::Survey(id), epoch, HEAR_WITHIN)
            .await;
    }
    let r = on_b.get(&url).await;
    r.assert_contains("11 Antworten");
    r.assert_contains(&row("Nein", 4, "36,4 %"));
    assert_eq!(computations(&b), 2);
    if shared {
        // A change announced by a (here one that leaves the survey row as it
        // is): b counts again once the notification has arrived.
        let epoch = b.forget_epoch();
        a.state
            .invalidate_everywhere(&[domain::Tag::Survey(id)])
            .await;
        b.until_forgotten(domain::Tag::Survey(id), epoch, HEAR_WITHIN)
            .await;
        on_b.get(&url).await.assert_contains("11 Antworten");
        assert_eq!(computations(&b), 3, "b was told and counted again");
    }
}

pub(crate) async fn person(app: &TestApp, email: &str) -> Actor {
    Actor::Person(Arc::new(
        db::accounts::by_email(&app.db, email)
            .await
            .unwrap()
            .unwrap(),
    ))
}

#[tokio::test]
async fn survey_commands_check_who_acts_and_say_what_changed() {
    use app::CommandError;
    use app::surveys::{Publication, PublishAction};
    use domain::Tag;

    let app = TestApp::new().await;
    let (_, p, id, q) = setup(&app).await;
    let a = &app.state.app;
    let owner = person(&app, STAFF).await;
    app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let other = person(&app, "team@umwelt.example").await;

    // Staff of another department, and nobody logged in, change nothing.
    let r = app::surveys::set_status(a, &other, id, Status::Closed).await;
    assert!(matches!(r, Err(CommandError::Forbidden)), "{r:?}");
    let r = app::surveys::set_status(a, &Actor::Anonymous, id, Status::Closed).await;
    assert!(matches!(r, Err(CommandError::LoginRequired)), "{r:?}");
    let r = app::surveys::invitations::remind(a, &other, id).await;
    assert!(matches!(r, Err(CommandError::Forbidden)), "{r:?}");

    // Bringing in past data is the system's alone.
    let r = app::surveys::answer::import_responses(a, &owner, id, &[]).await;
    assert!(matches!(r, Err(CommandError::Forbidden)), "{r:?}");
    let r = app::surveys::invitations::import_invitations(a, &owner, id, &[]).await;
    assert!(matches!(r, Err(CommandError::Forbidden)), "{r:?}");
    let settings = SettingsInput {
        title: "Nachträglich".into(),
        access: "open".into(),
        ..Default::default()
    };
    let r = app::surveys::import(a, &owner, p, 1, &settings).await;
    assert!(matches!(r, Err(CommandError::Forbidden)), "{r:?}");

    // With answers, choices may grow but not shrink.
    let question = |options: &'static str| QuestionInput {
        kind: "single",
        text: "Nutzen Sie soziale Medien dienstlich?",
        options,
        allow_other: true,
        page: "1",
        ..Default::default()
    };
    let r = app::surveys::update_question(a, &owner, id, q.0[0], &question("A1: Ja")).await;
    assert!(matches!(r, Err(CommandError::Invalid(_))), "{r:?}");
    let grown = question("A1: Ja\nA2: Nein\nA3: Manchmal");
    let out = app::surveys::update_question(a, &owner, id, q.0[0], &grown)
        .await
        .unwrap();
    // The counted results and the process page depend on every such change.
    for tag in [Tag::Survey(id), Tag::Process(p)] {
        assert!(out.changes.tags.contains(&tag), "{:?}", out.changes.tags);
    }
    let publication = Publication {
        chosen: vec![q.0[0], q.0[5]],
        intro: String::new(),
        action: PublishAction::Publish,
    };
    let out = app::surveys::publish(a, &owner, id, &publication)
        .await
        .unwrap();
    for tag in [Tag::Survey(id), Tag::Process(p)] {
        assert!(out.changes.tags.contains(&tag), "{:?}", out.changes.tags);
    }
    // Free text is never published, whatever is asked for.
    assert_eq!(
        db::surveys::report_questions(&app.db, id).await.unwrap(),
        [q.0[0]]
    );
}

#[tokio::test]
async fn an_invitation_answers_once_through_the_commands_and_its_draft_goes() {
    use app::surveys::answer::{Closed, PageAction, PagePost, PageResult, Via, answering};
    use domain::Tag;

    let app = TestApp::new().await;
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, q) = survey(&app, p, Access::Invitation).await;
    let a = &app.state.app;
    let owner = person(&app, STAFF).await;
    let list = app::surveys::invitations::InviteList {
        addresses: vec!["anna@behoerde.example".into()],
        upload_problem: None,
    };
    let out = app::surveys::invitations::invite(a, &owner, id, &list)
        .await
        .unwrap();
    assert_eq!(out.value, 1);
    assert!(out.changes.jobs);
    let link = app
        .link_from_mail("anna@behoerde.example", "/surveys/t/")
        .await;
    let token = link.trim_start_matches("/surveys/t/").to_owned();

    let Ok(who) = answering(a, &Actor::Anonymous, Via::Token(&token))
        .await
        .unwrap()
    else {
        panic!("the invitation should be able to answer");
    };
    let page = domain::surveys::pages(&who.questions)[0];
    let mut raw = domain::surveys::Raw::new();
    raw.insert(format!("q{}", q.0[0]), vec!["A1".into()]);
    let saved = app::surveys::answer::save_page(
        a,
        &Actor::Anonymous,
        &who,
        PageAction::Save,
        PagePost { page, raw },
        "192.0.2.1",
    )
    .await
    .unwrap();
    assert_eq!(saved.value, PageResult::Saved(page));
    // A draft is nobody's business but the respondent's: nothing is told.
    assert!(saved.changes.tags.is_empty(), "{:?}", saved.changes.tags);
    assert!(
        db::surveys::draft(&app.db, id, &who.draft)
            .await
            .unwrap()
            .is_some()
    );

    let out = app::surveys::answer::submit(
        a,
        &Actor::Anonymous,
        &who,
        PagePost {
            page,
            raw: Default::default(),
        },
        "192.0.2.1",
    )
    .await
    .unwrap();
    assert_eq!(out.value, PageResult::Submitted);
    for tag in [Tag::Survey(id), Tag::Process(p)] {
        assert!(out.changes.tags.contains(&tag), "{:?}", out.changes.tags);
    }
    assert!(
        db::surveys::draft(&app.db, id, &who.draft)
            .await
            .unwrap()
            .is_none()
    );
    let counts = db::surveys::invitation_counts(&app.db, id).await.unwrap();
    assert_eq!((counts.total, counts.used), (1, 1));

    // The same link, or a second submission begun before, writes nothing more.
    let again = answering(a, &Actor::Anonymous, Via::Token(&token))
        .await
        .unwrap();
    assert!(matches!(again, Err(Closed::UsedToken)), "{again:?}");
    let out = app::surveys::answer::submit(
        a,
        &Actor::Anonymous,
        &who,
        PagePost {
            page,
            raw: Default::default(),
        },
        "192.0.2.1",
    )
    .await
    .unwrap();
    assert_eq!(out.value, PageResult::AlreadyAnswered);
    let s = db::surveys::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(s.response_count, 1);
}
