//! What the database holds of an invitation survey's answers: nothing that
//! links an answer to an invitation or orders it among the others, in the
//! tables, their system columns, the file bytes and the write-ahead log.

use app::Actor;
use app::surveys::answer::{PageAction, PagePost, PageResult, Via, answering};
use db::Backend;
use domain::surveys::{Access, Raw};
use testkit::TestApp;

use crate::survey_results::{PW, STAFF, person, process, survey};

fn text_answer(question: &str, text: &str) -> Raw {
    let mut raw = Raw::new();
    raw.insert(question.to_owned(), vec![text.to_owned()]);
    raw
}

#[tokio::test]
async fn invitation_answers_keep_no_order_and_leave_no_trace() {
    const N: usize = 12;
    let app = TestApp::new().await;
    let (staff, dep) = app.staff(STAFF, PW, "Finanzbehörde").await;
    let p = process(&staff, dep).await;
    let (id, q) = survey(&app, p, Access::Invitation).await;
    let a = &app.state.app;
    let owner = person(&app, STAFF).await;
    let addresses: Vec<String> = (0..N)
        .map(|i| format!("person{i}@behoerde.example"))
        .collect();
    let list = app::surveys::invitations::InviteList {
        addresses: addresses.clone(),
        upload_problem: None,
    };
    app::surveys::invitations::invite(a, &owner, id, &list)
        .await
        .unwrap();
    let mut tokens = vec![];
    for to in &addresses {
        let link = app.link_from_mail(to, "/surveys/t/").await;
        tokens.push(link.trim_start_matches("/surveys/t/").to_owned());
    }
    let text_q = format!("q{}", q.0[5]);

    let mut drafts = vec![];
    for (i, token) in tokens.iter().enumerate() {
        if i == N / 2 {
            let before = db::testing::survey_rows_as_stored(&app.db, "survey_invitations", id)
                .await
                .unwrap();
            let sent = app::surveys::invitations::remind(a, &owner, id)
                .await
                .unwrap()
                .value;
            assert_eq!(sent, N - N / 2, "reminders go to those without an answer");
            // The reminder wrote nothing into the invitations (on PostgreSQL
            // not even a new row version): no row tells who had answered by then.
            let after = db::testing::survey_rows_as_stored(&app.db, "survey_invitations", id)
                .await
                .unwrap();
            assert_eq!(before, after);
        }
        let Ok(who) = answering(a, &Actor::Anonymous, Via::Token(token))
            .await
            .unwrap()
        else {
            panic!("invitation {i} should be able to answer");
        };
        let page = domain::surveys::pages(&who.questions)[0];
        let typed = format!("Entwurf {i} Zwiebelturm");
        let saved = app::surveys::answer::save_page(
            a,
            &Actor::Anonymous,
            &who,
            PageAction::Save,
            PagePost {
                page,
                raw: text_answer(&text_q, &typed),
            },
            "192.0.2.1",
        )
        .await
        .unwrap();
        assert_eq!(saved.value, PageResult::Saved(page));
        // The draft is stored encrypted, under a key that names no invitation;
        // the link opens it again.
        let stored = db::testing::survey_draft_payloads(&app.db).await.unwrap();
        assert_eq!(stored.len(), 1, "{stored:?}");
        let (key, payload) = &stored[0];
        assert!(key.starts_with("l:"), "{key}");
        assert!(!key.contains(token.as_str()) && !payload.contains("Zwiebelturm"));
        let (_, raw) = app::surveys::answer::draft(a, &who)
            .await
            .unwrap()
            .expect("the link opens its draft");
        assert_eq!(raw[&text_q], [typed]);
        drafts.push(payload.clone());

        let out = app::surveys::answer::submit(
            a,
            &Actor::Anonymous,
            &who,
            PagePost {
                page,
                raw: text_answer(&text_q, &format!("Antwort {i} Zwiebelturm")),
            },
            "192.0.2.1",
        )
        .await
        .unwrap();
        assert_eq!(out.value, PageResult::Submitted);
    }
    assert!(
        db::testing::survey_draft_payloads(&app.db)
            .await
            .unwrap()
            .is_empty()
    );

    // The responses in the order they were given.
    let exported = db::surveys::results::export_page(&app.db, id, 0, 100)
        .await
        .unwrap();
    let mut given = vec![0i64; N];
    for r in &exported {
        let text = &r.answers[&q.0[5]][0].value;
        let i: usize = text.split(' ').nth(1).unwrap().parse().unwrap();
        given[i] = r.id;
    }
    assert!(given.iter().all(|id| *id != 0));
    let ids = |rows: &[db::testing::Stored]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let pg = app.db.backend() == Backend::Postgres;
    let mut arrived = vec![];
    if pg {
        // Before sealing, PostgreSQL's heap has them in the order they came.
        let stored = db::testing::survey_rows_as_stored(&app.db, "survey_responses", id)
            .await
            .unwrap();
        assert_eq!(ids(&stored), given);
        arrived = db::testing::survey_rows_as_stored(&app.db, "survey_answers", id)
            .await
            .unwrap();
    }

    db::surveys::seal(&app.db, id, false).await.unwrap();

    let stored = db::testing::survey_rows_as_stored(&app.db, "survey_responses", id)
        .await
        .unwrap();
    let mut sorted = ids(&stored);
    sorted.sort_unstable();
    let mut expected = given.clone();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_ne!(ids(&stored), given, "responses kept the order they came in");
    let answers = db::testing::survey_rows_as_stored(&app.db, "survey_answers", id)
        .await
        .unwrap();
    let mut answer_order: Vec<i64> = ids(&answers);
    answer_order.dedup();
    assert_ne!(answer_order, given, "answers kept the order they came in");
    if pg {
        // One transaction wrote every response and answer: their xmin is one.
        for rows in [&stored, &answers] {
            let mut xmins: Vec<_> = rows.iter().map(|r| r.xmin.clone()).collect();
            xmins.dedup();
            assert_eq!(xmins.len(), 1, "{xmins:?}");
        }
    } else {
        for table in ["survey_responses", "survey_answers", "survey_participants"] {
            assert!(
                !db::testing::has_rowid(&app.db, table).await,
                "{table} keeps a row id"
            );
        }
        // The write-ahead log is empty, and the file holds neither a draft
        // nor its encrypted form.
        let bytes = app.sqlite_file_with_empty_log().unwrap();
        assert!(!bytes.contains(b"Entwurf"));
        for d in &drafts {
            assert!(
                !bytes.contains(&d.as_bytes()[..48]),
                "a deleted draft is in the file"
            );
        }
        assert!(
            bytes.contains(b"Antwort 0 Zwiebelturm"),
            "the answers are where expected"
        );
    }

    if pg {
        // A vacuum may leave old row versions' bytes in the pages' free
        // space, each starting with the transaction that wrote it (its
        // answer's arrival) and the seal's, which deleted it ...
        let xid = |r: &db::testing::Stored| -> u32 { r.xmin.as_deref().unwrap().parse().unwrap() };
        let seal_xid = xid(&answers[0]);
        let header = |writer: u32, deleter: u32| {
            let mut h = writer.to_le_bytes().to_vec();
            h.extend(deleter.to_le_bytes());
            h
        };
        // (the check finds such headers: here a live row's, deleted by none)
        assert!(
            db::testing::pg_table_file_contains(&app.db, "survey_answers", &header(seal_xid, 0))
                .await
                .unwrap()
        );
        // ... so closing the survey rewrites the files of its tables.
        app::surveys::set_status(a, &owner, id, domain::surveys::Status::Closed)
            .await
            .unwrap();
        app.deliver_mail().await;
        for r in &arrived {
            assert!(
                !db::testing::pg_table_file_contains(
                    &app.db,
                    "survey_answers",
                    &header(xid(r), seal_xid)
                )
                .await
                .unwrap(),
                "an answer's arrival is still in the table's file"
            );
        }
        for d in &drafts {
            assert!(
                !db::testing::pg_table_file_contains(&app.db, "survey_drafts", &d.as_bytes()[..48])
                    .await
                    .unwrap(),
                "a deleted draft is in the table's file"
            );
        }
        let answers = db::testing::survey_rows_as_stored(&app.db, "survey_answers", id)
            .await
            .unwrap();
        assert_eq!(answers.len(), N, "one text answer each, nothing more");
    }

    // Invitations keep whether they were used, nothing of when or of reminders.
    use db::surveys::results::audit;
    assert_eq!(
        audit::columns(&app.db, "survey_invitations").await.unwrap(),
        ["id", "survey_id", "email", "used", "created_at"]
    );
    let counts = db::surveys::invitation_counts(&app.db, id).await.unwrap();
    assert_eq!((counts.total, counts.used), (N as u64, N as u64));
}
