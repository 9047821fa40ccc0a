//! Surveys: the builder, answering over pages with conditions, drafts and
//! save-and-continue, one answer per account, anonymous invitations with
//! one-time links and reminders, and answers arriving in parallel.

use axum::http::StatusCode;
use chrono::{Duration, Local};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn process(staff: &Client, dep: i64) -> i64 {
    staff
        .publish_process(
            dep,
            &[
                ("title", "Mobilität in Eimsbüttel"),
                ("summary", "Wie bewegen Sie sich?"),
            ],
        )
        .await
}

async fn survey(staff: &Client, process: i64, access: &str) -> i64 {
    let r = staff
        .post_form(
            &format!("/processes/{process}/surveys"),
            &[
                ("title", "Umfrage zur Mobilität"),
                ("welcome", "Willkommen! **Danke** fürs Mitmachen."),
                ("end", "Die Ergebnisse erscheinen im März."),
                ("access", access),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.location().unwrap().to_owned();
    loc.trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap()
}

async fn add(staff: &Client, s: i64, fields: &[(&str, &str)]) {
    let r = staff
        .post_form(&format!("/surveys/{s}/questions"), fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn question_ids(app: &TestApp, s: i64) -> Vec<i64> {
    db::surveys::questions(&app.db, s)
        .await
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect()
}

async fn publish(staff: &Client, s: i64) {
    let r = staff
        .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// A three-page survey: Q1 single choice (page 1), Q2 free text shown only if
/// Q1 = "Fahrrad" (page 2), Q3 number 0..120 (page 3), Q4 multiple choice with
/// "other" (page 3).
async fn three_pages(app: &TestApp, staff: &Client, access: &str) -> (i64, Vec<i64>) {
    let dep = staff_dep(app).await;
    let p = process(staff, dep).await;
    let s = survey(staff, p, access).await;
    add(
        staff,
        s,
        &[
            ("kind", "single"),
            ("text", "Wie kommen Sie zur Arbeit?"),
            ("required", "1"),
            ("page", "1"),
            ("options", "Fahrrad\nBus und Bahn\nAuto"),
        ],
    )
    .await;
    let q1 = question_ids(app, s).await[0];
    add(
        staff,
        s,
        &[
            ("kind", "text"),
            ("text", "Was würde das Radfahren verbessern?"),
            ("required", "1"),
            ("page", "2"),
            ("condition", &format!("{q1}:A1")),
        ],
    )
    .await;
    add(
        staff,
        s,
        &[
            ("kind", "number"),
            ("text", "Wie alt sind Sie?"),
            ("page", "3"),
            ("min", "0"),
            ("max", "120"),
            ("integer", "1"),
        ],
    )
    .await;
    add(
        staff,
        s,
        &[
            ("kind", "multiple"),
            ("text", "Welche Angebote nutzen Sie?"),
            ("page", "3"),
            ("options", "Carsharing\nStadtrad"),
            ("allow_other", "1"),
        ],
    )
    .await;
    publish(staff, s).await;
    (s, question_ids(app, s).await)
}

async fn staff_dep(app: &TestApp) -> i64 {
    db::departments::by_name(&app.db, "Bezirksamt Eimsbüttel")
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The hidden draft key of an anonymous respondent's page.
fn draft_key(body: &str) -> String {
    let i = body.find("name=\"draft\" value=\"").expect("draft key");
    body[i + 20..i + 84].to_owned()
}

#[tokio::test]
async fn staff_build_a_survey_with_every_question_type() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let p = process(&staff, dep).await;

    // Settings are checked; what was typed stays.
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[
                ("title", ""),
                ("welcome", "Mein Begrüßungstext"),
                ("access", "open"),
                ("opens_on", &day(5)),
                ("closes_on", &day(1)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte füllen Sie dieses Feld aus.");
    r.assert_contains("Das Ende darf nicht vor dem Beginn liegen.");
    r.assert_contains("Mein Begrüßungstext");
    assert_eq!(
        db::testing::count_rows(&app.db, "surveys").await.unwrap(),
        0
    );

    let s = survey(&staff, p, "open").await;
    let r = staff
        .get(&format!("/surveys/{s}/questions/new?kind=likert"))
        .await;
    r.assert_contains("Stimme voll zu");

    // A choice question needs two choices; the typed text stays.
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions"),
            &[
                ("kind", "single"),
                ("text", "Meine Frage"),
                ("options", "Nur eine"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("mindestens zwei Möglichkeiten");
    r.assert_contains("Meine Frage");

    let kinds: &[&[(&str, &str)]] = &[
        &[
            ("kind", "single"),
            ("text", "Arbeiten Sie in Teilzeit?"),
            ("options", "Ja\nNein"),
            ("required", "1"),
        ],
        &[
            ("kind", "multiple"),
            ("text", "Welche Kanäle?"),
            ("options", "Instagram\nMastodon"),
            ("allow_other", "1"),
        ],
        &[
            ("kind", "likert"),
            ("text", "Der Leitfaden hilft mir."),
            ("scale", "1: Nein\n2: Eher nein\n3: Eher ja\n4: Ja"),
        ],
        &[
            ("kind", "matrix"),
            ("text", "Wie wichtig ist …"),
            ("rows", "Tempo\nTon"),
            ("scale", "Unwichtig\nWichtig"),
        ],
        &[
            ("kind", "number"),
            ("text", "Dienstjahre"),
            ("min", "0"),
            ("max", "50"),
        ],
        &[("kind", "text"), ("text", "Ihre Anregungen"), ("page", "2")],
        &[
            ("kind", "ranking"),
            ("text", "Was ist am wichtigsten?"),
            ("options", "Schulung\nZeit\nTechnik"),
            ("page", "2"),
        ],
        &[
            ("kind", "date"),
            ("text", "Seit wann nutzen Sie Social Media?"),
            ("page", "2"),
        ],
    ];
    for fields in kinds {
        add(&staff, s, fields).await;
    }
    let qs = db::surveys::questions(&app.db, s).await.unwrap();
    assert_eq!(qs.len(), 8);
    assert_eq!(qs[0].code, "Q1");
    assert_eq!(qs[2].config.scale.len(), 4);
    assert_eq!(qs[3].config.rows[1].label, "Ton");

    // A condition must point to an earlier page.
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions"),
            &[
                ("kind", "text"),
                ("text", "Warum Teilzeit?"),
                ("page", "1"),
                ("condition", &format!("{}:A1", qs[0].id)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("früheren Seite");

    // The preview shows every question, nothing submits.
    let r = staff.get(&format!("/surveys/{s}/preview")).await;
    assert_eq!(r.status, StatusCode::OK);
    for q in &qs {
        r.assert_contains(&q.text);
    }
    r.assert_contains("Seite 2 von 2");

    // Moving within a page.
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions/{}/move", qs[1].id),
            &[("direction", "up")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let moved = db::surveys::questions(&app.db, s).await.unwrap();
    assert_eq!(moved[0].id, qs[1].id);

    // Citizens and other departments cannot build it.
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    assert_eq!(
        anna.get(&format!("/surveys/{s}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let (other, _) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let r = other
        .post_form(
            &format!("/surveys/{s}/questions"),
            &[("kind", "text"), ("text", "X")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(db::surveys::questions(&app.db, s).await.unwrap().len(), 8);

    // Drafts are hidden; published surveys are listed on the process page.
    assert_eq!(
        app.client().get(&format!("/surveys/{s}")).await.status,
        StatusCode::NOT_FOUND
    );
    publish(&staff, s).await;
    let r = app.client().get(&format!("/processes/{p}")).await;
    r.assert_contains("Umfrage zur Mobilität");
    let r = app.client().get(&format!("/surveys/{s}")).await;
    r.assert_contains("<strong>Danke</strong>");
    r.assert_contains("Umfrage beginnen");
}

#[tokio::test]
async fn anonymous_respondents_answer_page_by_page_with_conditions() {
    let app = TestApp::new().await;
    let (staff, _) = app
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let (s, q) = three_pages(&app, &staff, "open").await;
    let c = app.client();
    let r = c.get(&format!("/surveys/{s}/answer")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Seite 1 von 3");
    let key = draft_key(&r.body);
    let f1 = format!("q{}", q[0]);

    // Nothing chosen on a required question: a message next to it.
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[("page", "1"), ("draft", &key), ("action", "next")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte beantworten Sie diese Frage.");
    r.assert_contains(&format!("href=\"#{f1}\""));

    // "Auto" skips the page asked only of cyclists.
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "1"),
                ("draft", &key),
                ("action", "next"),
                (&f1, "A3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location().unwrap().contains("page=3"),
        "{:?}",
        r.location()
    );

    // Bad number and "other" without text: both named, the typed values kept.
    let (f3, f4) = (format!("q{}", q[2]), format!("q{}", q[3]));
    let f4o = format!("q{}__other", q[3]);
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "3"),
                ("draft", &key),
                ("action", "submit"),
                (&f3, "zweiundvierzig"),
                (&f4, "A2"),
                (&f4, "_other"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte geben Sie eine Zahl ein");
    r.assert_contains("Bitte beschreiben Sie „Sonstiges“");
    r.assert_contains("value=\"zweiundvierzig\"");
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        0
    );

    // Back to page 1, choose "Fahrrad": now page 2 is asked.
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "3"),
                ("draft", &key),
                ("action", "back"),
                (&f3, "42"),
            ],
        )
        .await;
    assert!(r.location().unwrap().contains("page=1"));
    let r = c.get(r.location().unwrap()).await;
    r.assert_contains("value=\"A3\" checked");
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "1"),
                ("draft", &key),
                ("action", "next"),
                (&f1, "A1"),
            ],
        )
        .await;
    assert!(r.location().unwrap().contains("page=2"));
    let f2 = format!("q{}", q[1]);
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "2"),
                ("draft", &key),
                ("action", "next"),
                (&f2, "Mehr Abstellplätze"),
            ],
        )
        .await;
    assert!(r.location().unwrap().contains("page=3"));
    let r = c.get(r.location().unwrap()).await;
    r.assert_contains("value=\"42\"");
    let r = c
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "3"),
                ("draft", &key),
                ("action", "submit"),
                (&f3, "42"),
                (&f4, "A2"),
                (&f4, "_other"),
                (&f4o, "Lastenrad"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some(format!("/surveys/{s}/thanks").as_str()));
    c.get(&format!("/surveys/{s}/thanks"))
        .await
        .assert_contains("Die Ergebnisse erscheinen im März.");

    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        1
    );
    // Q1, Q2, Q3, Q4 twice (A2 and other) and the other text.
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_answers")
            .await
            .unwrap(),
        6
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_drafts")
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        db::surveys::get(&app.db, s)
            .await
            .unwrap()
            .unwrap()
            .response_count,
        1
    );

    // Once answers exist, choices can be added but not removed; deleting keeps answers.
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions/{}", q[0]),
            &[
                ("kind", "single"),
                ("text", "Wie kommen Sie zur Arbeit?"),
                ("page", "1"),
                ("options", "A1: Fahrrad\nA2: ÖPNV"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Vorhandene Möglichkeiten können nicht entfernt werden");
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions/{}", q[0]),
            &[
                ("kind", "single"),
                ("text", "Wie kommen Sie zur Arbeit?"),
                ("page", "1"),
                ("options", "A1: Fahrrad\nA2: ÖPNV\nA3: Auto\nZu Fuß"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let qs = db::surveys::questions(&app.db, s).await.unwrap();
    assert_eq!(qs[0].config.options[3].code, "A4");
    staff
        .get(&format!("/surveys/{s}/questions/{}/delete", q[2]))
        .await
        .assert_contains("die gespeicherten Antworten bleiben");
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions/{}/delete", q[2]),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let qs = db::surveys::questions(&app.db, s).await.unwrap();
    assert!(qs.iter().find(|x| x.id == q[2]).unwrap().deleted);
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_answers")
            .await
            .unwrap(),
        6
    );
    let r = app.client().get(&format!("/surveys/{s}/answer")).await;
    assert!(!r.body.contains("Wie alt sind Sie?"));
}

#[tokio::test]
async fn accounts_save_continue_elsewhere_and_answer_once() {
    let app = TestApp::new().await;
    let (staff, _) = app
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let (s, q) = three_pages(&app, &staff, "registered").await;

    // Without an account: to the login.
    let r = app.client().get(&format!("/surveys/{s}/answer")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap().starts_with("/login"));

    let phone = app.citizen("ben@example.org", "Ben", PW).await;
    let f1 = format!("q{}", q[0]);
    let r = phone
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[("page", "1"), ("action", "next"), (&f1, "A1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let f2 = format!("q{}", q[1]);
    let r = phone
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "2"),
                ("action", "save"),
                (&f2, "Sichere Kreuzungen"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Zwischenstand gespeichert");

    // The same account on another device continues where it stopped.
    let desktop = app.client();
    desktop.login("ben@example.org", PW).await;
    let r = desktop.get(&format!("/surveys/{s}/answer")).await;
    r.assert_contains("Seite 2 von 3");
    r.assert_contains("Sichere Kreuzungen");
    let r = desktop
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[
                ("page", "2"),
                ("action", "next"),
                (&f2, "Sichere Kreuzungen"),
            ],
        )
        .await;
    assert!(r.location().unwrap().contains("page=3"));
    let r = desktop
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[("page", "3"), ("action", "submit")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // One answer per account.
    let r = phone.get(&format!("/surveys/{s}/answer")).await;
    r.assert_contains("bereits geantwortet");
    let r = phone
        .post_form(
            &format!("/surveys/{s}/answer"),
            &[("page", "1"), ("action", "next"), (&f1, "A2")],
        )
        .await;
    r.assert_contains("bereits geantwortet");
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_participants")
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn invitations_carry_one_time_links_and_answers_stay_anonymous() {
    let app = TestApp::new().await;
    let (staff, _) = app
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let (s, q) = three_pages(&app, &staff, "invitation").await;

    // Without a link there is no way in.
    let r = app.client().get(&format!("/surveys/{s}/answer")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("nur Eingeladene");

    let csv = "Name;E-Mail\nAnna;anna@verwaltung.example\nBen;BEN@verwaltung.example\nCem;cem@verwaltung.example\nkaputt;kein@\n";
    let r = staff
        .post_multipart(
            &format!("/surveys/{s}/invitations"),
            &[("emails", "dora@verwaltung.example")],
            Some(("file", "adressen.csv", csv.as_bytes())),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("kein@");
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_invitations")
            .await
            .unwrap(),
        4
    );
    // Uploading the same list again invites nobody twice.
    staff
        .post_multipart(
            &format!("/surveys/{s}/invitations"),
            &[],
            Some(("file", "adressen.csv", csv.as_bytes())),
        )
        .await;
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_invitations")
            .await
            .unwrap(),
        4
    );
    app.deliver_mail().await;
    assert_eq!(app.mails_to("ben@verwaltung.example").len(), 1);

    let link = app
        .link_from_mail("anna@verwaltung.example", "/surveys/t/")
        .await;
    let anna = app.client();
    let r = anna.get(&link).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("anonym gespeichert");
    let f1 = format!("q{}", q[0]);
    let r = anna
        .post_form(
            &format!("{link}/answer"),
            &[("page", "1"), ("action", "next"), (&f1, "A2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = anna
        .post_form(
            &format!("{link}/answer"),
            &[("page", "3"), ("action", "submit")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The link works once; a used or unknown link gets a clear page.
    let r = anna.get(&link).await;
    assert_eq!(r.status, StatusCode::GONE);
    r.assert_contains("Dieser Link wurde bereits verwendet");
    let r = anna
        .post_form(
            &format!("{link}/answer"),
            &[("page", "1"), ("action", "submit"), (&f1, "A1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE);
    let r = anna.get(&format!("/surveys/t/{}", "ab".repeat(32))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    r.assert_contains("Dieser Link ist unbekannt");
    let r = anna.get("/surveys/t/kurz").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        1
    );

    // Reminders go only to the three who have not answered.
    staff
        .get(&format!("/surveys/{s}/invitations"))
        .await
        .assert_contains("3 Personen haben noch nicht geantwortet");
    let r = staff
        .post_form(&format!("/surveys/{s}/reminders"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.deliver_mail().await;
    assert_eq!(app.mails_to("anna@verwaltung.example").len(), 1);
    let ben = app.mails_to("ben@verwaltung.example");
    assert_eq!(ben.len(), 2);
    assert!(ben[1].contains("Erinnerung"));
    // Both of Ben's links work until he answers with one of them.
    let second = app
        .link_from_mail("ben@verwaltung.example", "/surveys/t/")
        .await;
    let first = {
        let m = &ben[0];
        let i = m.find("/surveys/t/").unwrap();
        m[i..].split_whitespace().next().unwrap().to_owned()
    };
    assert_ne!(first, second);
    assert_eq!(app.client().get(&first).await.status, StatusCode::OK);
    let r = app
        .client()
        .post_form(
            &format!("{second}/answer"),
            &[("page", "1"), ("action", "submit"), (&f1, "A3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.client().get(&first).await.status, StatusCode::GONE);

    // Nothing in a response names a day, a token, an invitation or a person.
    let counts = db::surveys::invitation_counts(&app.db, s).await.unwrap();
    assert_eq!((counts.total, counts.used), (4, 2));
    let days = db::testing::survey_response_days(&app.db, s).await.unwrap();
    assert_eq!(days, vec![None, None]);
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_drafts")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn answers_arriving_at_once_are_all_counted() {
    let app = TestApp::new().await;
    let (staff, _) = app
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let (s, q) = three_pages(&app, &staff, "open").await;
    const N: usize = 40;
    let mut tasks = vec![];
    for i in 0..N {
        let c = app.client().with_ip(&format!("198.51.100.{}", i + 1));
        let (f1, f3) = (format!("q{}", q[0]), format!("q{}", q[2]));
        tasks.push(tokio::spawn(async move {
            let r = c.get(&format!("/surveys/{s}/answer")).await;
            let key = draft_key(&r.body);
            let r = c
                .post_form(
                    &format!("/surveys/{s}/answer"),
                    &[
                        ("page", "1"),
                        ("draft", &key),
                        ("action", "next"),
                        (&f1, "A2"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            let age = (20 + i).to_string();
            let r = c
                .post_form(
                    &format!("/surveys/{s}/answer"),
                    &[
                        ("page", "3"),
                        ("draft", &key),
                        ("action", "submit"),
                        (&f3, &age),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_responses")
            .await
            .unwrap(),
        N as u64
    );
    assert_eq!(
        db::testing::count_rows(&app.db, "survey_answers")
            .await
            .unwrap(),
        2 * N as u64
    );
    assert_eq!(
        db::surveys::get(&app.db, s)
            .await
            .unwrap()
            .unwrap()
            .response_count,
        N as i32
    );
}
