//! Every mark a reader leaves is in their footprint: a page shared among
//! logged-in readers, served to someone who has left every kind of mark, is the
//! page rendered for them directly. A feature that shows a new kind of mark on
//! a shared page without adding it to `db::footprints` fails here.

use axum::http::StatusCode;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn hit(r: &testkit::Response) -> bool {
    r.headers.get("x-cache").is_some_and(|v| v == "hit")
}

async fn submit(c: &Client, process: i64, title: &str) -> i64 {
    let r = c
        .post_multipart(
            &format!("/processes/{process}/ideas"),
            &[
                ("title", title),
                ("body", "Eine gute Idee für alle."),
                ("category", "Grün"),
                ("address", "Max-Brauer-Allee 1"),
                ("lat", "53.556"),
                ("lon", "9.937"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .and_then(|l| l.trim_start_matches("/ideas/").parse().ok())
        .expect("the idea's address")
}

/// Posts a form that must succeed (a redirect); returns where it leads.
async fn post(c: &Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.post_form(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    r.location().unwrap_or_default().to_owned()
}

fn comment_id(location: &str) -> i64 {
    location
        .rsplit_once("#comment-")
        .and_then(|(_, id)| id.parse().ok())
        .expect("a comment's address")
}

#[tokio::test]
async fn shared_pages_show_no_mark_the_footprint_does_not_know() {
    let app = TestApp::new().await;
    // The same database, every page rendered for its reader.
    let direct = app.another_instance_with(|c| c.page_cache = false).await;
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let talk = staff
        .publish_process(dep, &[("title", "Radwege am Ring")])
        .await;
    let ideas = staff
        .publish_process(
            dep,
            &[
                ("title", "Grün in Altona"),
                ("ideas_enabled", "1"),
                ("categories", "Radwege\nGrün"),
            ],
        )
        .await;
    let ben = app.citizen("ben@example.org", "Ben", PW).await;
    let mia = app.citizen("mia@example.org", "Mia", PW).await;

    // Ben's ideas and comments, for Mia to leave marks on.
    let supported = submit(&ben, ideas, "Bänke am Wasser").await;
    let followed = submit(&ben, ideas, "Brunnen am Markt").await;
    let coauthored = submit(&ben, ideas, "Bäume an der Elbe").await;
    let suggested = submit(&ben, ideas, "Blumen im Park").await;
    let discussed = submit(&ben, ideas, "Wiese am Bahnhof").await;
    let reacted = submit(&ben, ideas, "Steine am Ufer").await;
    let untouched = submit(&ben, ideas, "Hecken am Weg").await;
    let on_talk = comment_id(
        &post(
            &ben,
            &format!("/processes/{talk}/comments"),
            &[("body", "Breiter bitte")],
        )
        .await,
    );
    let on_idea = comment_id(
        &post(
            &ben,
            &format!("/ideas/{discussed}/comments"),
            &[("body", "Mit Bänken")],
        )
        .await,
    );
    let to_react_to = comment_id(
        &post(
            &ben,
            &format!("/ideas/{reacted}/comments"),
            &[("body", "Große Steine")],
        )
        .await,
    );

    // Mia leaves every kind of mark.
    let own = submit(&mia, ideas, "Teich im Park").await;
    let mine_on_talk = comment_id(
        &post(
            &mia,
            &format!("/processes/{talk}/comments"),
            &[("body", "Und Licht")],
        )
        .await,
    );
    post(
        &mia,
        &format!("/comments/{on_talk}/react"),
        &[
            ("reaction", "agree"),
            ("return_to", &format!("/processes/{talk}")),
        ],
    )
    .await;
    post(&mia, &format!("/ideas/{supported}/support"), &[("on", "1")]).await;
    post(&mia, &format!("/ideas/{followed}/follow"), &[("on", "1")]).await;
    post(
        &ben,
        &format!("/ideas/{coauthored}/coauthors"),
        &[("email", "mia@example.org")],
    )
    .await;
    post(
        &mia,
        &format!("/ideas/{coauthored}/invitation"),
        &[("accept", "1")],
    )
    .await;
    post(
        &mia,
        &format!("/ideas/{suggested}/suggestions"),
        &[
            ("title", "Blumen und Bienen im Park"),
            ("body", "Eine gute Idee für alle, mit Bienen."),
            ("note", "Bienen gehören dazu."),
        ],
    )
    .await;
    let mine_on_idea = comment_id(
        &post(
            &mia,
            &format!("/ideas/{discussed}/comments"),
            &[("body", "Und Schatten")],
        )
        .await,
    );
    post(
        &mia,
        &format!("/comments/{on_idea}/react"),
        &[
            ("reaction", "agree"),
            ("return_to", &format!("/ideas/{discussed}")),
        ],
    )
    .await;
    // A reaction where she wrote nothing.
    post(
        &mia,
        &format!("/comments/{to_react_to}/react"),
        &[
            ("reaction", "agree"),
            ("return_to", &format!("/ideas/{reacted}")),
        ],
    )
    .await;
    // The message after the last post is shown once, on a page never shared.
    mia.get("/settings").await;

    let mut pages = vec![
        "/".to_owned(),
        "/processes".into(),
        "/processes/archive".into(),
        "/processes.atom".into(),
        "/search?q=Park".into(),
        "/search?q=Licht".into(),
        "/documents".into(),
    ];
    for p in [talk, ideas] {
        pages.push(format!("/processes/{p}"));
        pages.push(format!("/processes/{p}/comments.atom"));
    }
    for sort in ["newest", "supported", "discussed"] {
        pages.push(format!("/processes/{ideas}/ideas?sort={sort}"));
    }
    pages.push(format!("/processes/{ideas}/ideas?sort=random&seed=7"));
    pages.push(format!("/processes/{ideas}/ideas/map"));
    for i in [
        own, supported, followed, coauthored, suggested, discussed, reacted, untouched,
    ] {
        pages.push(format!("/ideas/{i}"));
        pages.push(format!("/ideas/{i}/versions"));
    }
    for c in [on_talk, on_idea, to_react_to, mine_on_talk, mine_on_idea] {
        pages.push(format!("/comments/{c}"));
    }

    let on_direct = mia.on(&direct);
    let mut served_from_memory = 0;
    for path in &pages {
        let expected = on_direct.get(path).await;
        assert_eq!(expected.status, StatusCode::OK, "{path}: {}", expected.body);
        // The first rendering is Mia's own; then, for a shared page, a
        // stand-in's, then the kept one.
        for round in 0..3 {
            let served = mia.get(path).await;
            served_from_memory += usize::from(hit(&served));
            assert_eq!(served.status, expected.status, "{path}");
            assert!(
                served.unstamped() == expected.unstamped(),
                "{path} (request {round}, {}) differs from the page rendered for Mia:\n{}",
                if hit(&served) {
                    "from memory"
                } else {
                    "rendered"
                },
                first_difference(&served.body, &expected.body)
            );
        }
    }
    // Shared pages were served, so the comparison meant something.
    assert!(
        served_from_memory >= pages.len() / 2,
        "{served_from_memory}"
    );
}

/// Where two pages part, with some context.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = a.floor_char_boundary(at.saturating_sub(200));
    let to_a = a.ceil_char_boundary((at + 200).min(a.len()));
    let to_b = b.ceil_char_boundary((at + 200).min(b.len()));
    format!(
        "served:   …{}…\nexpected: …{}…",
        &a[from..to_a],
        &b[b.floor_char_boundary(from.min(b.len()))..to_b]
    )
}
