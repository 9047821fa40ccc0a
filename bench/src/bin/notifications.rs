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

use std::time::Instant;

use bench::Args;
use bench::delivery::{citizens, database, run_label, supported_idea};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let supporters: usize = args.get_or("supporters", 10_000);
    let digest_people: usize = args.get_or("digest-people", 20_000);
    let (db, scratch) = database(&args, "notify").await?;
    let app = bench::commands(&db)?;
    let run = run_label();

    let t = Instant::now();
    let (staff, process, idea) = supported_idea(&app, &db, &run, "s", supporters).await?;
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
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}

/// `n` citizens who follow `process` and read their news in a daily digest.
async fn people_with_digest(
    db: &db::Db,
    run: &str,
    n: usize,
    process: i64,
) -> Result<usize, Box<dyn std::error::Error>> {
    let ids = citizens(db, run, "d", n).await?;
    let txn = db.begin_write().await?;
    for id in &ids {
        db::notifications::set_process_follow(&txn, process, *id, true).await?;
        db::notifications::set_setting(&txn, *id, "phase", "daily").await?;
    }
    txn.commit().await?;
    Ok(ids.len())
}
