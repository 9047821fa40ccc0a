//! Opinion maps: who may open one, vote and moderate; pre-moderation; one
//! vote per anonymous browser session; changing a vote; votes kept when the
//! computation fails; the background job updating the map page; the exports.

use app::Actor;
use axum::http::StatusCode;
use db::opinion::Who;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

const SEEDS: &str = "Mehr Bäume in der Innenstadt\nTempo 30 auf allen Wohnstraßen\nEin neues Freibad im Norden\nMehr Parkplätze am Bahnhof\nBusse auch nachts\nBreitere Radwege\nWeniger Autos in der Altstadt\nMehr Bänke im Park\nEin Markt am Sonntag\nLängere Öffnungszeiten der Bücherei";

async fn count(app: &TestApp, table: &str) -> u64 {
    db::testing::count_rows(&app.db, table).await.unwrap()
}

/// A staff member's published process and an opinion map in it.
pub(crate) async fn setup(app: &TestApp, fields: &[(&str, &str)]) -> (Client, i64, i64) {
    let (staff, dep) = app.staff("team@example.org", PW, "Stadtplanung").await;
    let process = staff.publish_process(dep, &[]).await;
    let mut form = vec![
        ("title", "Wie soll die Stadt 2030 aussehen?"),
        ("description", "Stimmen Sie ab."),
        ("seeds", SEEDS),
    ];
    form.extend_from_slice(fields);
    let r = staff
        .post_form(&format!("/processes/{process}/opinion"), &form)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let map: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/opinion/")
        .parse()
        .unwrap();
    (staff, process, map)
}

pub(crate) async fn statements(app: &TestApp, map: i64) -> Vec<db::opinion::Statement> {
    db::opinion::statements(app.db.conn(), map, None)
        .await
        .unwrap()
}

/// The id of the statement the voting page offers.
fn offered(body: &str) -> i64 {
    let at = body
        .find("name=\"statement\" value=\"")
        .expect("a statement to vote on");
    let rest = &body[at + "name=\"statement\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

#[tokio::test]
async fn opinion_only_the_departments_staff_open_a_map() {
    let app = TestApp::new().await;
    let (staff, process, map) = setup(&app, &[]).await;
    // The process page links to it; its seeds are approved at once.
    let page = staff.get(&format!("/processes/{process}")).await;
    page.assert_contains(&format!("href=\"/opinion/{map}\""));
    let seeds = statements(&app, map).await;
    assert_eq!(seeds.len(), 10);
    assert!(seeds.iter().all(|s| s.seed && s.state == "approved"));

    let (other, _) = app.staff("other@example.org", PW, "Kultur").await;
    let r = other
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[("title", "Fremd"), ("seeds", "Eins")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let citizen = app.citizen("anna@example.org", "Anna", PW).await;
    let r = citizen
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[("title", "Bürger"), ("seeds", "Eins")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let anonymous = app.client();
    let r = anonymous
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[("title", "Anonym")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap().starts_with("/login"));
    assert_eq!(count(&app, "opinion_maps").await, 1);

    // A seed that is too long: the message, and nothing typed is lost.
    let long = "x".repeat(141);
    let seeds = format!("Kurz\n{long}");
    let r = staff
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[("title", "Zweite Karte"), ("seeds", &seeds)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("höchstens 140 Zeichen");
    r.assert_contains(&long);
    r.assert_contains("Zweite Karte");
    assert_eq!(count(&app, "opinion_maps").await, 1);
}

#[tokio::test]
async fn opinion_pre_moderated_statements_show_after_approval() {
    let app = TestApp::new().await;
    let (staff, _, map) = setup(&app, &[("pre_moderated", "1")]).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;

    // Too long: a translated message beside the field, the text kept.
    let long = "Ein sehr langer Vorschlag ".repeat(7);
    let r = anna
        .post_form(&format!("/opinion/{map}/statements"), &[("body", &long)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte kürzen Sie die Aussage auf höchstens 140 Zeichen.");
    r.assert_contains(long.trim());

    let r = anna
        .post_form(
            &format!("/opinion/{map}/statements"),
            &[("body", "Ein Trinkbrunnen am Rathaus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    anna.get(&format!("/opinion/{map}"))
        .await
        .assert_contains("nach einer Prüfung sichtbar");
    let added = statements(&app, map)
        .await
        .into_iter()
        .find(|s| s.body == "Ein Trinkbrunnen am Rathaus")
        .unwrap();
    assert_eq!(added.state, "pending");
    // Not offered, not exported, and no vote on it is taken.
    let csv = app
        .client()
        .get(&format!("/opinion/{map}/comments.csv"))
        .await;
    assert!(!csv.body.contains("Trinkbrunnen"));
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &added.id.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(count(&app, "opinion_votes").await, 0);

    // Citizens may not moderate; the staff of the process may.
    assert_eq!(
        anna.get(&format!("/opinion/{map}/moderation")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = anna
        .post_form(
            &format!("/opinion/statements/{}/moderation", added.id),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    staff
        .get(&format!("/opinion/{map}/moderation"))
        .await
        .assert_contains("Ein Trinkbrunnen am Rathaus");
    let r = staff
        .post_form(
            &format!("/opinion/statements/{}/moderation", added.id),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.client()
        .get(&format!("/opinion/{map}/comments.csv"))
        .await
        .assert_contains("Ein Trinkbrunnen am Rathaus");

    // A rejected one stays out.
    anna.post_form(
        &format!("/opinion/{map}/statements"),
        &[("body", "Alles Unsinn hier")],
    )
    .await;
    let bad = statements(&app, map)
        .await
        .into_iter()
        .find(|s| s.body == "Alles Unsinn hier")
        .unwrap();
    staff
        .post_form(
            &format!("/opinion/statements/{}/moderation", bad.id),
            &[("decision", "reject")],
        )
        .await;
    assert_eq!(
        db::opinion::statement(app.db.conn(), bad.id)
            .await
            .unwrap()
            .unwrap()
            .state,
        "rejected"
    );
    let csv = app
        .client()
        .get(&format!("/opinion/{map}/comments.csv"))
        .await;
    assert!(!csv.body.contains("Unsinn"));
}

#[tokio::test]
async fn opinion_without_pre_moderation_statements_show_at_once() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    anna.post_form(
        &format!("/opinion/{map}/statements"),
        &[("body", "Ein Trinkbrunnen am Rathaus")],
    )
    .await;
    app.client()
        .get(&format!("/opinion/{map}/comments.csv"))
        .await
        .assert_contains("Ein Trinkbrunnen am Rathaus");
}

#[tokio::test]
async fn opinion_anonymous_browsers_vote_once_per_statement() {
    let app = TestApp::new().await;
    let (_, _, closed_to_anonymous) = setup(&app, &[]).await;
    let visitor = app.client();
    let page = visitor
        .get(&format!("/opinion/{closed_to_anonymous}"))
        .await;
    page.assert_contains("Melden Sie sich an, um abzustimmen.");
    let first = statements(&app, closed_to_anonymous).await[0].id;
    let r = visitor
        .post_form(
            &format!("/opinion/{closed_to_anonymous}/votes"),
            &[("statement", &first.to_string()), ("vote", "agree")],
        )
        .await;
    assert!(r.location().unwrap().starts_with("/login"));
    assert_eq!(count(&app, "opinion_votes").await, 0);

    // A map that allows anonymous participation.
    let (staff, dep) = (app.client(), 0);
    let _ = (staff, dep);
    let team = app.client();
    team.login("team@example.org", PW).await;
    let process = db::opinion::map(app.db.conn(), closed_to_anonymous)
        .await
        .unwrap()
        .unwrap()
        .process_id;
    let r = team
        .post_form(
            &format!("/processes/{process}/opinion"),
            &[
                ("title", "Offen für alle"),
                ("seeds", SEEDS),
                ("anonymous", "1"),
            ],
        )
        .await;
    let map: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/opinion/")
        .parse()
        .unwrap();
    let page = visitor.get(&format!("/opinion/{map}")).await;
    let s = offered(&page.body);
    let r = visitor
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(visitor.cookie("mitreden_opinion").is_some());
    // The next statement is another one.
    let page = visitor.get(&format!("/opinion/{map}")).await;
    page.assert_contains("Ihre Zustimmung ist gespeichert.");
    assert_ne!(offered(&page.body), s);
    // Voting on the same statement again from this browser changes the vote.
    visitor
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "disagree")],
        )
        .await;
    assert_eq!(count(&app, "opinion_votes").await, 1);
    assert_eq!(count(&app, "opinion_participants").await, 1);
    let st = db::opinion::statement(app.db.conn(), s)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((st.agrees, st.disagrees), (0, 1));
    // Another browser is another participant.
    let other = app.client();
    other
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(count(&app, "opinion_votes").await, 2);
    assert_eq!(count(&app, "opinion_participants").await, 2);
    // The session key is stored only as a hash.
    let key = visitor.cookie("mitreden_opinion").unwrap();
    assert!(
        db::opinion::participant(app.db.conn(), map, &Who::Session(key.clone()))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db::opinion::participant(
            app.db.conn(),
            map,
            &Who::Session(web::security::token_hash(&key))
        )
        .await
        .unwrap()
        .is_some()
    );
}

#[tokio::test]
async fn opinion_a_vote_can_be_changed_from_my_votes() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let page = anna.get(&format!("/opinion/{map}")).await;
    let s = offered(&page.body);
    anna.post_form(
        &format!("/opinion/{map}/votes"),
        &[("statement", &s.to_string()), ("vote", "agree")],
    )
    .await;
    let mine = anna.get(&format!("/opinion/{map}/mine")).await;
    mine.assert_contains("<strong>Zustimmung</strong>");
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[
                ("statement", &s.to_string()),
                ("vote", "pass"),
                ("back", "mine"),
            ],
        )
        .await;
    assert_eq!(
        r.location(),
        Some(format!("/opinion/{map}/mine#s{s}").as_str())
    );
    let mine = anna.get(&format!("/opinion/{map}/mine")).await;
    mine.assert_contains("<strong>Übersprungen</strong>");
    assert_eq!(count(&app, "opinion_votes").await, 1);
    let st = db::opinion::statement(app.db.conn(), s)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((st.agrees, st.disagrees, st.passes), (0, 0, 1));
    // A value that is none of the three changes nothing.
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "maybe")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// Two camps of anonymous participants: the first half agree with the first
/// five statements and disagree with the rest, the others the other way round.
pub(crate) async fn two_camps(app: &TestApp, map: i64, n: usize) {
    let ids: Vec<i64> = statements(app, map).await.iter().map(|s| s.id).collect();
    for p in 0..n {
        for (i, &s) in ids.iter().enumerate() {
            let camp = p % 2 == 0;
            let v = if (i < ids.len() / 2) == camp { 1 } else { -1 };
            // A few passes, so the camps are not identical.
            let v = if (p + i) % 7 == 0 { 0 } else { v };
            app::opinion::import_vote(
                &app.state.app,
                &Actor::System,
                s,
                &Who::Session(format!("participant-{p}")),
                v,
            )
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn opinion_the_job_updates_the_map_page() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    two_camps(&app, map, 24).await;
    let reader = app.client();
    let before = reader.get(&format!("/opinion/{map}/map")).await;
    before.assert_contains("Die Landkarte wird berechnet, sobald Stimmen vorliegen.");
    // The votes queued one computation, however many arrived.
    assert_eq!(count(&app, "jobs").await, 1);
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let stamp = db::opinion::result_stamp(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stamp.vote_count, 240);
    let after = reader.get(&format!("/opinion/{map}/map")).await;
    assert_eq!(after.status, StatusCode::OK);
    after.assert_contains("Berechnet aus 240 Stimmen von 24 Teilnehmenden");
    after.assert_contains("Gruppe A: 12 Teilnehmende");
    after.assert_contains("Gruppe B: 12 Teilnehmende");
    after.assert_contains("<svg viewBox");
    after.assert_contains("% der Gruppe stimmten zu");

    // Someone who voted sees where they stand.
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let ids: Vec<i64> = statements(&app, map).await.iter().map(|s| s.id).collect();
    for (i, s) in ids.iter().enumerate() {
        let v = if i < 5 { "agree" } else { "disagree" };
        anna.post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", v)],
        )
        .await;
    }
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let you = anna.get(&format!("/opinion/{map}/map/you")).await;
    you.assert_contains("Sie gehören zur Meinungsgruppe");
    you.assert_contains("class=\"opinion-you-mark\"");
    // The shared page shows no one's mark.
    let public = anna.get(&format!("/opinion/{map}/map")).await;
    assert!(!public.body.contains("class=\"opinion-you-mark\""));
    public.assert_contains("Berechnet aus 250 Stimmen von 25 Teilnehmenden");
    // The voting page routes by the stored priorities and tells the group.
    anna.get(&format!("/opinion/{map}"))
        .await
        .assert_contains("Sie haben alle Aussagen bewertet.");
}

/// The stored state's group of each of the given anonymous participants.
async fn groups_of(app: &TestApp, map: i64, who: &[&str]) -> Vec<Option<usize>> {
    let stored = db::opinion::result(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    let state = app::opinion::decode_state(&stored.state).unwrap();
    let mut out = vec![];
    for w in who {
        let id = db::opinion::participant(app.db.conn(), map, &Who::Session(w.to_string()))
            .await
            .unwrap()
            .unwrap();
        out.push(state.group_of(id as u64));
    }
    out
}

#[tokio::test]
async fn opinion_a_recomputation_reads_only_what_changed_and_misses_nothing() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    two_camps(&app, map, 24).await;
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let first = groups_of(&app, map, &["participant-0", "participant-1"]).await;
    assert!(first[0].is_some() && first[0] != first[1], "{first:?}");
    // participant-0 changes every vote to the other camp's, and a new
    // participant votes with the first camp.
    let ids: Vec<i64> = statements(&app, map).await.iter().map(|s| s.id).collect();
    for (i, &s) in ids.iter().enumerate() {
        let v = if i < ids.len() / 2 { -1 } else { 1 };
        for (who, v) in [("participant-0", v), ("participant-new", -v)] {
            app::opinion::import_vote(
                &app.state.app,
                &Actor::System,
                s,
                &Who::Session(who.to_string()),
                v,
            )
            .await
            .unwrap();
        }
    }
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let stamp = db::opinion::result_stamp(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    // 250 current votes: the changed ones replaced, not added.
    assert_eq!(stamp.vote_count, 250);
    let moved = groups_of(
        &app,
        map,
        &[
            "participant-0",
            "participant-1",
            "participant-2",
            "participant-new",
        ],
    )
    .await;
    assert_eq!(moved[0], first[1], "the changed votes moved participant-0");
    assert_eq!(moved[0], moved[1]);
    assert_eq!(moved[2], first[0]);
    assert_eq!(moved[3], first[0]);
    let kept = db::opinion::result(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    // Read whole again (as after a restart), the same votes give the same map.
    app.state.app.forget_opinion_maps();
    db::testing::queue_opinion_update(&app.db, map)
        .await
        .unwrap();
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let again = db::opinion::result(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    assert!(again.computed_at > kept.computed_at);
    let a = app::opinion::decode_state(&kept.state).unwrap();
    let b = app::opinion::decode_state(&again.state).unwrap();
    assert_eq!(a.in_conversation, b.in_conversation);
    assert_eq!(a.assignment(), b.assignment());
}

#[tokio::test]
async fn opinion_votes_are_kept_when_the_computation_fails() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    two_camps(&app, map, 10).await;
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let first = db::opinion::result_stamp(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    db::testing::spoil_opinion_result(&app.db, map)
        .await
        .unwrap();
    // As after a restart: the next computation starts from what is stored.
    app.state.app.forget_opinion_maps();
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let page = anna.get(&format!("/opinion/{map}")).await;
    let s = offered(&page.body);
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    // The vote is stored; the job failed and waits to be tried again.
    assert_eq!(count(&app, "opinion_votes").await, 101);
    assert_eq!(db::jobs::pending(&app.db).await.unwrap(), 1);
    let stamp = db::opinion::result_stamp(app.db.conn(), map)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stamp.computed_at, first.computed_at);
    // The pages still answer.
    assert_eq!(
        anna.get(&format!("/opinion/{map}/map")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        anna.get(&format!("/opinion/{map}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn opinion_exports_have_the_columns_of_polis() {
    let app = TestApp::new().await;
    let (_, _, map) = setup(&app, &[]).await;
    two_camps(&app, map, 8).await;
    db::testing::make_jobs_due(&app.db).await.unwrap();
    app.deliver_mail().await;
    let c = app.client();
    let comments = c.get(&format!("/opinion/{map}/comments.csv")).await;
    assert_eq!(
        comments.body.lines().next().unwrap(),
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"
    );
    assert_eq!(comments.body.lines().count(), 11);
    let votes = c.get(&format!("/opinion/{map}/votes.csv")).await;
    assert_eq!(
        votes.body.lines().next().unwrap(),
        "timestamp,datetime,comment-id,voter-id,vote"
    );
    assert_eq!(votes.body.lines().count(), 81);
    let pv = c
        .get(&format!("/opinion/{map}/participants-votes.csv"))
        .await;
    let header = pv.body.lines().next().unwrap().to_owned();
    let ids: Vec<String> = statements(&app, map)
        .await
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(
        header,
        format!(
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,{}",
            ids.join(",")
        )
    );
    assert_eq!(pv.body.lines().count(), 9);
    // The math crate's own reader takes our export.
    let rows = ::opinion::polis_csv::participants_votes(&pv.body).unwrap();
    assert_eq!(rows.len(), 8);
    assert!(rows.iter().all(|r| r.votes.len() == 10));
    let json = c.get(&format!("/opinion/{map}/export.json")).await;
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["statements"].as_array().unwrap().len(), 10);
    assert!(v["result"]["groups"].as_array().is_some());
}

#[tokio::test]
async fn opinion_staff_close_a_map_and_votes_are_refused() {
    let app = TestApp::new().await;
    let (staff, _, map) = setup(&app, &[]).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let s = offered(&anna.get(&format!("/opinion/{map}")).await.body);
    // Only the process's staff close it.
    let r = anna
        .post_form(&format!("/opinion/{map}/status"), &[("open", "0")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = staff
        .post_form(&format!("/opinion/{map}/status"), &[("open", "0")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = anna.get(&format!("/opinion/{map}")).await;
    page.assert_contains("Diese Meinungslandkarte ist geschlossen.");
    assert!(!page.body.contains("name=\"vote\""));
    let r = anna
        .post_form(
            &format!("/opinion/{map}/votes"),
            &[("statement", &s.to_string()), ("vote", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "opinion_votes").await, 0);
    // Open again: the vote counts.
    staff
        .post_form(&format!("/opinion/{map}/status"), &[("open", "1")])
        .await;
    anna.post_form(
        &format!("/opinion/{map}/votes"),
        &[("statement", &s.to_string()), ("vote", "agree")],
    )
    .await;
    assert_eq!(count(&app, "opinion_votes").await, 1);
}
