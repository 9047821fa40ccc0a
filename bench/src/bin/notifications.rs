//! Notification fan-out and digests: an official answer to an idea with
//! 10,000 supporters queues its 10,000 notifications in the answer's
//! transaction (goal: under 2 s), the job then composes their mails, and the
//! daily digest for 20,000 people is composed (goal: under 60 s).
//!
//! ```text
//! notifications [--database URL] [--supporters 10000] [--digest-people 20000]
//!               [--json-out FILE]
//! ```
//! People, supports, follows and settings are written directly in one
//! transaction each (their own commands are not what is measured); the
//! answer goes through `app::ideas::set_status`, the mails through
//! `app::notifications::deliver_instant` and the digest through
//! `app::notifications::compose_digests`. Without `--database` it runs on a
//! fresh SQLite file; on PostgreSQL give a database it may write into.

use std::sync::Arc;
use std::time::Instant;

use app::Actor;
use bench::Args;
use chrono::Local;
use domain::Role;
use domain::processes::{DateRange, Phases, Status};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let supporters: usize = args.get_or("supporters", 10_000);
    let digest_people: usize = args.get_or("digest-people", 20_000);
    let scratch = std::env::temp_dir().join(format!("mitreden-notify-{}", std::process::id()));
    let url = match args.get("database") {
        Some(u) => u,
        None => {
            std::fs::create_dir_all(&scratch)?;
            db::Db::sqlite_url_for_dir(&scratch)
        }
    };
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;
    let run = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let system = Actor::System;
    let dep = app::admin::create_department(&app, &system, &format!("Tiefbauamt {run}"))
        .await?
        .value;
    let staff = app::accounts::create_account(
        &app,
        &system,
        app::accounts::NewAccount {
            email: format!("tiefbau-{run}@bench.example"),
            display_name: "Tiefbauamt".into(),
            password: app::accounts::Password::Hashed("unused".into()),
            role: Role::Staff,
            department_id: Some(dep.id),
        },
    )
    .await?
    .value;
    let staff = Actor::Person(Arc::new(staff));
    let today = Local::now().date_naive();
    let phases = Phases {
        participation: DateRange {
            from: Some(today - chrono::Duration::days(1)),
            until: Some(today + chrono::Duration::days(30)),
        },
        ..Default::default()
    };
    let form = app::processes::ProcessForm {
        title: format!("Radverkehr {run}"),
        summary: "Ideen gesucht".into(),
        description: "Ideen für den Radverkehr.".into(),
        tags: "Rad".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&phases),
        ideas_enabled: true,
        ..Default::default()
    };
    let process = app::processes::create(&app, &staff, form, Status::Published)
        .await?
        .value;

    let t = Instant::now();
    let people = people(&db, &run, "s", supporters).await?;
    let author = people[0];
    let idea = app::ideas::import(
        &app,
        &system,
        author,
        process,
        app::ideas::Submission {
            title: "Fahrradstraße".into(),
            body: "Eine Fahrradstraße durch das Viertel.".into(),
            ..Default::default()
        },
    )
    .await?
    .value;
    let txn = db.begin_write().await?;
    for id in &people[1..] {
        db::ideas::set_support(&txn, idea, *id, true).await?;
    }
    txn.commit().await?;
    let setup_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    app::ideas::set_status(
        &app,
        &staff,
        idea,
        domain::ideas::Status::InReview,
        "Wir prüfen die Fahrradstraße bis zum Sommer.",
    )
    .await?;
    let answer_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mailed = app::notifications::deliver_instant(&app).await?;
    let compose_s = t.elapsed().as_secs_f64();

    // The digest: everyone follows a second process, wants a daily digest,
    // and has three news items waiting.
    let t = Instant::now();
    let readers = people_with_digest(&db, &run, digest_people, process).await?;
    for phase in ["information", "participation", "evaluation"] {
        let txn = db.begin_write().await?;
        db::notifications::notify(
            &txn,
            &db::notifications::Event {
                kind: "phase",
                link: &format!("/processes/{process}"),
                title: "Radverkehr",
                detail: phase,
            },
            "SELECT user_id FROM process_follows WHERE process_id = ?",
            vec![process.into()],
            None,
        )
        .await?;
        txn.commit().await?;
    }
    let digest_setup_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let digests = app::notifications::compose_digests(&app, "daily").await?;
    let digest_s = t.elapsed().as_secs_f64();

    let out = serde_json::json!({
        "backend": db.backend().name(),
        "supporters": supporters,
        "setup_s": setup_s,
        "answer_with_notifications_s": answer_s,
        "instant_mails": mailed,
        "instant_mails_composed_s": compose_s,
        "digest_people": readers,
        "digest_setup_s": digest_setup_s,
        "digest_mails": digests,
        "digest_composed_s": digest_s,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    if let Some(f) = args.get("json-out") {
        std::fs::write(f, serde_json::to_string_pretty(&out)?)?;
    }
    if args.get("database").is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    Ok(())
}

/// `n` verified citizens, written in one transaction.
async fn people(
    db: &db::Db,
    run: &str,
    tag: &str,
    n: usize,
) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    let txn = db.begin_write().await?;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let u = db::accounts::create_in(
            &txn,
            db::accounts::NewUser {
                email: format!("{tag}{i}-{run}@bench.example"),
                display_name: format!("Person {i}"),
                password_hash: "unused".into(),
                role: Role::Citizen,
                department_id: None,
                verified: true,
            },
        )
        .await
        .map_err(|e| e.to_string())?;
        ids.push(u.id);
    }
    txn.commit().await?;
    Ok(ids)
}

/// `n` citizens who follow `process` and read their news in a daily digest.
async fn people_with_digest(
    db: &db::Db,
    run: &str,
    n: usize,
    process: i64,
) -> Result<usize, Box<dyn std::error::Error>> {
    let ids = people(db, run, "d", n).await?;
    let txn = db.begin_write().await?;
    for id in &ids {
        db::notifications::set_process_follow(&txn, process, *id, true).await?;
        db::notifications::set_setting(&txn, *id, "phase", "daily").await?;
    }
    txn.commit().await?;
    Ok(ids.len())
}
