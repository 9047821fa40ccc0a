//! Mail delivery rate: the job workers deliver at least 300 mails per second
//! to a local SMTP server.
//!
//! ```text
//! mail_delivery [--database URL] [--mails 5000] [--workers 1] [--json-out FILE]
//! ```
//! An official answer (`app::ideas::set_status`) on an idea with `mails`
//! supporters queues their notifications; `app::notifications::deliver_instant`
//! composes one mail job each; then `workers` job workers (`web::worker`, as
//! many instances would run) send them to an SMTP server on loopback
//! (`bench::delivery::SmtpSink`) that accepts at once. Measured: from the
//! workers' start until the queue is empty, mails accepted per second.
//! Without `--database` it runs on a fresh SQLite file.

use std::time::{Duration, Instant};

use bench::Args;
use bench::delivery::{SmtpSink, database, load_average, run_label, supported_idea};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let mails: usize = args.get_or("mails", 5_000);
    let workers: usize = args.get_or("workers", 1);
    let (db, scratch) = database(&args, "mail").await?;
    let app = bench::commands(&db)?;
    let run = run_label();

    let t = Instant::now();
    let (staff, _process, idea) = supported_idea(&app, &db, &run, "m", mails).await?;
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
    let composed = app::notifications::deliver_instant(&app).await?;
    let queue_s = t.elapsed().as_secs_f64();
    let queued = db::jobs::pending(&db).await?;

    let sink = SmtpSink::start().await?;
    let mailer = mail::Mailer::smtp(
        &format!("smtp://{}", sink.addr),
        "mitreden <noreply@mitreden.example>",
    )?;
    let config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    let state = web::AppState::new(db.clone(), mailer, config)?;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let load_before = load_average();
    let t = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|_| tokio::spawn(web::worker::run(state.clone(), shutdown.clone())))
        .collect();
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if db::jobs::pending(&db).await? == 0 {
            break;
        }
        if t.elapsed() > Duration::from_secs(600) {
            return Err("the queue was not empty after 10 minutes".into());
        }
    }
    let deliver_s = t.elapsed().as_secs_f64();
    let _ = stop.send(true);
    for h in handles {
        let _ = h.await;
    }
    let failed = db::jobs::failed_count(&db).await?;
    let received = sink.received();

    let out = serde_json::json!({
        "backend": db.backend().name(),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "mails_composed": composed,
        "jobs_queued": queued,
        "setup_s": setup_s,
        "answer_and_compose_s": queue_s,
        "workers": workers,
        "batch": web::worker::BATCH,
        "mails_received": received,
        "smtp_connections": sink.connections(),
        "jobs_failed": failed,
        "deliver_s": deliver_s,
        "mails_per_s": (received as f64 / deliver_s).round(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
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
