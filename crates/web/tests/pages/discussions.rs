//! Discussions: writing and replying while participation is open, reactions,
//! the editing window, deleting, sorting, paging, limits and live updates.

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

/// A published process whose participation runs `from`..=`until` days from today.
async fn process(app: &TestApp, from: i64, until: i64) -> i64 {
    let email = format!(
        "team{}@finanzen.example",
        app.backend().name().len() + from.unsigned_abs() as usize
    );
    let (staff, dep) = app.staff(&email, PW, "Finanzbehörde").await;
    let (f, u, d) = (day(from), day(until), dep.to_string());
    let mut fields = vec![
        ("title", "Radverkehr in Altona"),
        ("summary", "Wie soll der Radverkehr aussehen?"),
        ("department_id", d.as_str()),
        ("action", "publish"),
    ];
    // A process that lies wholly in the past still needs its phase dates in order.
    fields.push(("participation_from", &f));
    fields.push(("participation_until", &u));
    let r = staff.post_multipart("/processes", &fields, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap()
}

async fn comment(c: &Client, process: i64, parent: Option<i64>, body: &str) -> i64 {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    let r = c
        .post_form(
            &format!("/processes/{process}/comments"),
            &[("body", body), ("parent_id", &parent)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.location().unwrap();
    loc.rsplit("#comment-").next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn citizens_discuss_in_threads_while_participation_is_open() {
    let app = TestApp::new().await;
    let p = process(&app, -2, 5).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;

    let a = comment(
        &anna,
        p,
        None,
        "Wir brauchen sichere Radwege.\n\nVor allem an Schulen.",
    )
    .await;
    let b = comment(&ben, p, Some(a), "Einverstanden!").await;
    let c = comment(&anna, p, Some(b), "Danke, Ben.").await;
    let d = comment(&ben, p, Some(c), "Gern, Anna.").await;

    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("<p>Wir brauchen sichere Radwege.</p><p>Vor allem an Schulen.</p>");
    page.assert_contains("4 Beiträge");
    for id in [a, b, c, d] {
        page.assert_contains(&format!("id=\"comment-{id}\""));
    }
    // Three levels are shown; the fourth is flattened with a note whom it answers.
    page.assert_contains("class=\"comment depth-2\"");
    page.assert_contains("Antwort an Anna");
    let stored = db::comments::get(&app.db, d).await.unwrap().unwrap();
    assert_eq!(stored.depth, 2);
    assert_eq!(stored.parent_id, Some(c));
    assert_eq!(stored.root_id, Some(a));
    assert_eq!(
        db::comments::get(&app.db, a)
            .await
            .unwrap()
            .unwrap()
            .reply_count,
        1
    );

    // Anonymous readers read but are asked to log in to write.
    let r = app
        .client()
        .post_form(&format!("/processes/{p}/comments"), &[("body", "anonym")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap().starts_with("/login"));

    // A reply to a comment of another process is refused.
    let other = process(&app, -1, 3).await;
    let r = anna
        .post_form(
            &format!("/processes/{other}/comments"),
            &[("body", "falscher Ort"), ("parent_id", &a.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("gibt es nicht mehr");
    r.assert_contains("falscher Ort");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        4
    );
}

#[tokio::test]
async fn nobody_writes_outside_the_participation_phase() {
    let app = TestApp::new().await;
    let future = process(&app, 3, 10).await;
    let past = process(&app, -10, -3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    for (p, note) in [
        (future, "Die Beteiligungsphase läuft vom"),
        (past, "Die Beteiligungsphase ist beendet."),
    ] {
        let page = anna.get(&format!("/processes/{p}")).await;
        page.assert_contains(note);
        assert!(!page.body.contains("Beitrag veröffentlichen"));
        let r = anna
            .post_form(
                &format!("/processes/{p}/comments"),
                &[("body", "Zu spät oder zu früh")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        r.assert_contains("Die Beteiligungsphase ist nicht geöffnet");
        r.assert_contains("Zu spät oder zu früh");
    }
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        0
    );
}

#[tokio::test]
async fn comments_are_checked_and_limited() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.comments_per_account = domain::limits::RateLimit::per_minutes(3, 5);
    })
    .await;
    let p = process(&app, -1, 3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r = anna
        .post_form(&format!("/processes/{p}/comments"), &[("body", "   ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte füllen Sie dieses Feld aus.");
    let long = "x".repeat(5001);
    let r = anna
        .post_form(&format!("/processes/{p}/comments"), &[("body", &long)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("höchstens 5000 Zeichen");
    r.assert_contains(&long);
    for i in 0..3 {
        comment(&anna, p, None, &format!("Beitrag {i}")).await;
    }
    let r = anna
        .post_form(
            &format!("/processes/{p}/comments"),
            &[("body", "Noch einer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    r.assert_contains("viele Beiträge geschrieben");
    r.assert_contains("Noch einer");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        3
    );
    // HTML in comments is shown as text.
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    comment(&ben, p, None, "<script>alert(1)</script><b>fett</b>").await;
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;fett&lt;/b&gt;");
    assert!(!page.body.contains("<script>alert(1)"));
}

#[tokio::test]
async fn one_reaction_per_person_that_can_change() {
    let app = TestApp::new().await;
    let p = process(&app, -1, 3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let carl = app.citizen("carl@example.org", "Carl", PW).await;
    let a = comment(&anna, p, None, "Mehr Bäume!").await;
    let react = |c: &Client, r: &'static str| {
        let c = c.clone();
        async move {
            let res = c
                .post_form(
                    &format!("/comments/{a}/react"),
                    &[("reaction", r), ("return_to", "/processes/1")],
                )
                .await;
            assert_eq!(res.status, StatusCode::SEE_OTHER);
        }
    };
    react(&ben, "agree").await;
    react(&ben, "agree").await;
    react(&carl, "disagree").await;
    let c = db::comments::get(&app.db, a).await.unwrap().unwrap();
    assert_eq!((c.agree, c.disagree), (1, 1));
    react(&ben, "disagree").await;
    let c = db::comments::get(&app.db, a).await.unwrap().unwrap();
    assert_eq!((c.agree, c.disagree), (0, 2));
    react(&carl, "none").await;
    let c = db::comments::get(&app.db, a).await.unwrap().unwrap();
    assert_eq!((c.agree, c.disagree), (0, 1));
    assert_eq!(
        db::testing::count_rows(&app.db, "comment_reactions")
            .await
            .unwrap(),
        1
    );
    // The page shows Ben his own choice; nobody reacts to their own comment.
    let page = ben.get(&format!("/processes/{p}")).await;
    page.assert_contains("value=\"none\" aria-pressed=\"true\" class=\"reaction disagree\"");
    react(&anna, "agree").await;
    let c = db::comments::get(&app.db, a).await.unwrap().unwrap();
    assert_eq!((c.agree, c.disagree), (0, 1));
    assert!(
        !anna
            .get(&format!("/processes/{p}"))
            .await
            .body
            .contains(&format!("action=\"/comments/{a}/react\""))
    );
    let r = ben
        .post_form(&format!("/comments/{a}/react"), &[("reaction", "love")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn concurrent_reactions_are_all_counted() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.register_per_ip = domain::limits::RateLimit::per_minutes(100, 60)
    })
    .await;
    let p = process(&app, -1, 3).await;
    let author = app.citizen("autor@example.org", "Autor", PW).await;
    let a = comment(&author, p, None, "Zählt mich!").await;
    let mut clients = vec![];
    for i in 0..12 {
        clients.push(
            app.citizen(&format!("p{i}@example.org"), &format!("Person {i}"), PW)
                .await,
        );
    }
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = c.clone();
            let r = if i % 3 == 0 { "disagree" } else { "agree" };
            tokio::spawn(async move {
                c.post_form(&format!("/comments/{a}/react"), &[("reaction", r)])
                    .await
                    .status
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let c = db::comments::get(&app.db, a).await.unwrap().unwrap();
    assert_eq!((c.agree, c.disagree), (8, 4));
}

#[tokio::test]
async fn authors_edit_for_fifteen_minutes_and_delete_with_a_placeholder() {
    let app = TestApp::new().await;
    let p = process(&app, -1, 3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let a = comment(&anna, p, None, "Erste Fassung").await;
    let reply = comment(&ben, p, Some(a), "Antwort darauf").await;

    assert_eq!(
        ben.get(&format!("/comments/{a}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = anna.get(&format!("/comments/{a}/edit")).await;
    r.assert_contains("Erste Fassung");
    let r = anna
        .post_form(&format!("/comments/{a}/edit"), &[("body", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = anna
        .post_form(
            &format!("/comments/{a}/edit"),
            &[("body", "Zweite Fassung")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("Zweite Fassung");
    page.assert_contains("(bearbeitet)");

    db::testing::age_comment(&app.db, a, 16).await.unwrap();
    let r = anna
        .post_form(
            &format!("/comments/{a}/edit"),
            &[("body", "Dritte Fassung")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("nur in den ersten 15 Minuten");
    r.assert_contains("Dritte Fassung");
    assert_eq!(
        db::comments::get(&app.db, a).await.unwrap().unwrap().body,
        "Zweite Fassung"
    );

    // Others cannot delete; the author can; the reply stays readable.
    assert_eq!(
        ben.post_form(&format!("/comments/{a}/delete"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    anna.get(&format!("/comments/{a}/delete"))
        .await
        .assert_contains("wirklich löschen");
    let r = anna.post_form(&format!("/comments/{a}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("Dieser Beitrag wurde gelöscht.");
    assert!(!page.body.contains("Zweite Fassung"));
    page.assert_contains("Antwort darauf");
    page.assert_contains(&format!("id=\"comment-{reply}\""));
    assert!(
        db::search::query(&app.db, "Fassung", 5)
            .await
            .unwrap()
            .is_empty()
    );
    // Nobody replies to a deleted comment.
    let r = ben
        .post_form(
            &format!("/processes/{p}/comments"),
            &[("body", "Hallo?"), ("parent_id", &a.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Moderators delete any comment.
    let hash = web::security::hash_password(PW.into()).await.unwrap();
    db::accounts::create(
        &app.db,
        db::accounts::NewUser {
            email: "mod@example.org".into(),
            display_name: "Moderation".into(),
            password_hash: hash,
            role: domain::Role::Moderator,
            department_id: None,
            verified: true,
        },
    )
    .await
    .unwrap();
    let moderator = app.client();
    moderator.login("mod@example.org", PW).await;
    assert_eq!(
        moderator
            .post_form(&format!("/comments/{reply}/delete"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        db::comments::get(&app.db, reply)
            .await
            .unwrap()
            .unwrap()
            .deleted
    );
}

#[tokio::test]
async fn long_discussions_sort_and_paginate() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.comments_per_account = domain::limits::RateLimit::per_minutes(1000, 5);
    })
    .await;
    let p = process(&app, -1, 3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let mut ids = vec![];
    for i in 0..25 {
        ids.push(comment(&anna, p, None, &format!("Beitrag Nummer {i:02}")).await);
    }
    ben.post_form(
        &format!("/comments/{}/react", ids[3]),
        &[("reaction", "agree")],
    )
    .await;

    let c = app.client();
    let newest = c.get(&format!("/processes/{p}")).await;
    newest.assert_contains("Seite 1 von 2");
    assert!(
        newest.body.find("Beitrag Nummer 24").unwrap()
            < newest.body.find("Beitrag Nummer 23").unwrap()
    );
    assert!(!newest.body.contains("Beitrag Nummer 04"));
    let page2 = c.get(&format!("/processes/{p}?page=2")).await;
    page2.assert_contains("Beitrag Nummer 04");
    page2.assert_contains("Beitrag Nummer 00");
    let oldest = c.get(&format!("/processes/{p}?sort=oldest")).await;
    assert!(
        oldest.body.find("Beitrag Nummer 00").unwrap()
            < oldest.body.find("Beitrag Nummer 01").unwrap()
    );
    let agreed = c.get(&format!("/processes/{p}?sort=agreed")).await;
    let first = agreed.body.find("Beitrag Nummer").unwrap();
    assert_eq!(&agreed.body[first..first + 17], "Beitrag Nummer 03");
    // The permalink shows a comment on its own.
    let r = c.get(&format!("/comments/{}", ids[7])).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Beitrag Nummer 07");
    assert_eq!(
        c.get("/comments/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

/// Reads server-sent events from an open response until one of type `comment`
/// arrives, or the time is up.
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
async fn open_pages_receive_new_comments_live() {
    let app = TestApp::new().await;
    app.start_background();
    let p = process(&app, -1, 3).await;
    let reader = app.client().with_ip("198.51.100.4");
    let mut stream = reader.open_stream(&format!("/processes/{p}/live")).await;
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    // The subscription is in place before anything is written.
    testkit::wait_until(
        StdDuration::from_secs(5),
        "the live page to subscribe",
        async || app.state.live.readers() == 1,
    )
    .await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let started = std::time::Instant::now();
    let id = comment(&anna, p, None, "Live dabei!").await;
    let ev = next_comment_event(&mut stream, StdDuration::from_secs(1))
        .await
        .expect("event within a second");
    println!("live delivery took {:?}", started.elapsed());
    assert_eq!(ev["id"], id);
    assert!(ev["html"].as_str().unwrap().contains("Live dabei!"));
    assert_eq!(ev["announce"], "Neuer Beitrag von Anna");
    let reply = comment(&anna, p, Some(id), "Und eine Antwort").await;
    let ev = next_comment_event(&mut stream, StdDuration::from_secs(1))
        .await
        .expect("reply event");
    assert_eq!(ev["id"], reply);
    assert_eq!(ev["anchor"], id);
    assert_eq!(
        app.client().get("/processes/999/live").await.status,
        StatusCode::NOT_FOUND
    );
}

/// With several instances on PostgreSQL, a comment written on one reaches
/// readers on another through the database (LISTEN/NOTIFY).
#[tokio::test]
#[ignore = "needs PostgreSQL (MITREDEN_TEST_DATABASE_URL); .ci/run runs it with --include-ignored"]
async fn live_updates_cross_instances_on_postgres() {
    let a = TestApp::new().await;
    let b = a
        .another_instance_if_shared()
        .await
        .expect("several instances need PostgreSQL");
    a.start_background();
    b.start_background();
    let p = process(&a, -1, 3).await;
    let reader = b.client();
    let mut stream = reader.open_stream(&format!("/processes/{p}/live")).await;
    // The listener connects in the background and says when it listens.
    assert!(
        b.until_listening(StdDuration::from_secs(10)).await,
        "B listens"
    );
    let anna = a.citizen("anna@example.org", "Anna", PW).await;
    let id = comment(&anna, p, None, "Von Instanz A").await;
    let ev = next_comment_event(&mut stream, StdDuration::from_secs(2))
        .await
        .expect("event on instance B");
    assert_eq!(ev["id"], id);
    assert!(ev["html"].as_str().unwrap().contains("Von Instanz A"));
}

/// Comments written at the same moment are committed together on SQLite;
/// each is answered for itself: a reply to a comment that is gone fails
/// alone, and every comment acknowledged is there with its counter and
/// search entry.
#[tokio::test]
async fn comments_written_at_once_are_each_stored_or_refused() {
    let app = TestApp::new().await;
    let p = process(&app, -1, 3).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let first = comment(&anna, p, None, "Der erste Beitrag").await;
    let author = db::accounts::by_email(&app.db, "anna@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let writes = (0..40).map(|i| {
        let db = app.db.clone();
        tokio::spawn(async move {
            let new = db::comments::NewComment {
                subject: db::comments::Subject::process(p),
                // Every fifth replies to a comment that does not exist.
                parent_id: Some(if i % 5 == 0 { 999_999 } else { first }),
                author_id: author,
                body: format!("Gleichzeitig Nummer {i}"),
                quota: None,
                invalidate: String::new(),
                held: None,
                origin: None,
                remote_author: None,
            };
            db::comments::write(&db, new).await
        })
    });
    let results = futures_util::future::join_all(writes).await;
    let mut ids = vec![];
    for (i, r) in results.into_iter().enumerate() {
        match r.unwrap() {
            Ok(id) => {
                assert_ne!(i % 5, 0, "reply {i} to a missing comment was stored");
                ids.push(id);
            }
            Err(db::comments::CommentError::ParentNotFound) => assert_eq!(i % 5, 0),
            Err(e) => panic!("write {i} failed: {e}"),
        }
    }
    assert_eq!(ids.len(), 32);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 32, "ids given twice");
    assert_eq!(
        db::testing::count_rows(&app.db, "comments").await.unwrap(),
        33
    );
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("33 Beiträge");
    page.assert_contains("Gleichzeitig Nummer 39");
    let found = app.client().get("/search?q=Gleichzeitig+Nummer+17").await;
    found.assert_contains("Gleichzeitig Nummer 17");
}
