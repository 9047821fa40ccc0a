//! `mitreden backup` while the server runs, and `mitreden restore`: a database
//! with every kind of content comes back the same.

use std::process::Command;

use db::comments::Subject;
use testkit::TestDb;

const BIN: &str = env!("CARGO_BIN_EXE_mitreden");

/// Every table's rows, as text, in a fixed order: what must survive a round trip.
async fn snapshot(db: &db::Db) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let mut out = vec![];
    for (table, order) in [
        ("users", "id"),
        ("departments", "id"),
        ("sessions", "id"),
        ("email_tokens", "token_hash"),
        ("processes", "id"),
        ("process_tags", "process_id, tag"),
        ("images", "id"),
        ("comments", "id"),
        ("comment_reactions", "comment_id, user_id"),
        ("jobs", "id"),
        ("schema_migrations", "version"),
    ] {
        let rows = db
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                db.conn().get_database_backend(),
                format!("SELECT * FROM {table} ORDER BY {order}"),
            ))
            .await
            .unwrap();
        out.push(format!("{table}: {} rows", rows.len()));
        for r in rows {
            out.push(format!("{table}: {r:?}"));
        }
    }
    let hits = db::search::query(db, "Radwege", 10).await.unwrap();
    out.push(format!("search: {}", hits.len()));
    out
}

#[tokio::test]
async fn a_backup_taken_while_running_restores_everything() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let backup_file = test_db.dir().join("backup.db");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .arg("--database")
            .arg(&test_db.url)
            .arg("--data-dir")
            .arg(test_db.dir())
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    if db.backend() == db::Backend::Postgres {
        let out = run(&["backup", backup_file.to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }

    // Content of every kind: accounts, a department, a process with tags and a
    // picture, comments with a reply and a reaction, a queued mail.
    let dep = db::departments::create(&db, "Finanzbehörde").await.unwrap();
    let hash = web::security::hash_password("passwort-1234".into())
        .await
        .unwrap();
    let mut users = vec![];
    for (i, role) in [
        domain::Role::Staff,
        domain::Role::Citizen,
        domain::Role::Citizen,
    ]
    .into_iter()
    .enumerate()
    {
        let u = db::accounts::create(
            &db,
            db::accounts::NewUser {
                email: format!("u{i}@example.org"),
                display_name: format!("Person {i}"),
                password_hash: hash.clone(),
                role,
                department_id: (i == 0).then_some(dep.id),
                verified: true,
            },
        )
        .await
        .unwrap();
        users.push(u.id);
    }
    db::sessions::create(&db, "a".repeat(64), users[1], chrono::Duration::days(1))
        .await
        .unwrap();
    let today = chrono::Local::now().date_naive();
    let txn = db.begin_write().await.unwrap();
    let pid = db::processes::create(
        &txn,
        db::processes::ProcessInput {
            department_id: dep.id,
            title: "Neue Radwege".into(),
            summary: "Kurz".into(),
            description_md: "Lang".into(),
            description_html: "<p>Lang</p>".into(),
            description_text: "Lang".into(),
            tags: vec!["Radverkehr".into()],
            phases: domain::processes::Phases {
                participation: domain::processes::DateRange {
                    from: Some(today),
                    until: Some(today),
                },
                ..Default::default()
            },
            image: db::processes::ImageChange::Replace(db::processes::NewImage {
                content_type: "image/jpeg".into(),
                width: 2,
                height: 1,
                large: vec![1, 2, 3],
                small: vec![4, 5],
            }),
            image_alt: Some("Bild".into()),
            ideas_enabled: false,
            idea_categories: vec![],
        },
        domain::processes::Status::Published,
        users[0],
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let c = db::comments::create(&db, Subject::process(pid), None, users[1], "Mehr Radwege!")
        .await
        .unwrap();
    db::comments::create(&db, Subject::process(pid), Some(c), users[2], "Ja!")
        .await
        .unwrap();
    let tx = db.begin_write().await.unwrap();
    db::comments::react(&tx, c, users[2], Some(domain::comments::Reaction::Agree))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db::jobs::enqueue(
        db.conn(),
        db::jobs::NewJob {
            kind: "mail",
            payload: "{}".into(),
        },
    )
    .await
    .unwrap();
    let before = snapshot(&db).await;

    // The backup runs while this connection (the "server") stays open.
    let out = run(&["backup", backup_file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["backup", backup_file.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "an existing file is never overwritten"
    );

    // Changes after the backup are undone by the restore.
    db::departments::create(&db, "Nach dem Backup")
        .await
        .unwrap();
    db.close().await;
    let out = run(&["restore", backup_file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = test_db.open().await;
    assert_eq!(snapshot(&restored).await, before);
    assert!(
        db::departments::by_name(&restored, "Nach dem Backup")
            .await
            .unwrap()
            .is_none()
    );

    // A file that is not a backup is refused and changes nothing.
    let junk = test_db.dir().join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    restored.close().await;
    let out = run(&["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a mitreden database"));
    let again = test_db.open().await;
    assert_eq!(snapshot(&again).await, before);
}
