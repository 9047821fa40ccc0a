//! Fediverse fan-out: a process with 10,000 followers on 500 servers
//! delivers a post to all of them within a minute.
//!
//! ```text
//! federation_fanout [--database URL] [--servers 500] [--followers 10000]
//!                   [--workers 1] [--json-out FILE]
//! ```
//! Each server is an inbox on its own loopback address (127.0.x.y), which
//! checks the digest and the HTTP signature against the process's public key
//! before it answers 202. Its followers share the server's inbox, as
//! Mastodon's do. The followers are written with the follow command's own
//! statement (`db::federation::follow`) in one transaction; the post is an
//! official answer through `app::ideas::set_status`; `workers` job workers
//! (`web::worker`) fan it out and deliver it. Measured: from the answer
//! until every server has received its signed delivery.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use bench::Args;
use bench::delivery::{citizens, database, load_average, process_with_idea, run_label};

/// The official answer that is posted.
const ANSWER: &str = "Wir richten die Fahrradstraße 2027 ein.";

/// What the inboxes saw.
#[derive(Default)]
struct Inboxes {
    /// The process's public key, which every delivery must be signed with.
    public_pem: String,
    /// When each server got its first good delivery (seconds since the start).
    arrived: Mutex<Vec<Option<f64>>>,
    good: AtomicUsize,
    refused: AtomicUsize,
    start: Mutex<Option<Instant>>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let servers: usize = args.get_or("servers", 500);
    let followers: usize = args.get_or("followers", 10_000);
    let workers: usize = args.get_or("workers", 1);
    let (db, scratch) = database(&args, "fanout").await?;
    let app = bench::commands(&db)?;
    let run = run_label();

    let t = Instant::now();
    let author = citizens(&db, &run, "f", 1).await?[0];
    let (staff, process, idea) = process_with_idea(&app, &run, author).await?;
    let keys = federation::process_keys(&app, process).await?;
    let inboxes = Arc::new(Inboxes {
        public_pem: keys.public_pem.clone(),
        arrived: Mutex::new(vec![None; servers]),
        ..Default::default()
    });
    let mut urls = Vec::with_capacity(servers);
    for i in 0..servers {
        let ip = format!("127.0.{}.{}", 1 + i / 250, 1 + i % 250);
        let listener = tokio::net::TcpListener::bind((ip.as_str(), 0)).await?;
        urls.push(format!("http://{}", listener.local_addr()?));
        let router = axum::Router::new()
            .route("/inbox", axum::routing::post(inbox))
            .with_state((i, inboxes.clone()));
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
    }
    let txn = db.begin_write().await?;
    for n in 0..followers {
        let base = &urls[n % servers];
        db::federation::follow(
            &txn,
            process,
            &format!("{base}/users/u{n}"),
            &format!("{base}/inbox"),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    let setup_s = t.elapsed().as_secs_f64();

    let scratch_outbox =
        std::env::temp_dir().join(format!("mitreden-fanout-outbox-{}", std::process::id()));
    let mailer = mail::Mailer::outbox(&scratch_outbox, "mitreden <noreply@mitreden.example>")?;
    let mut config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    config.federation_allow_private = true;
    let state = web::AppState::new(db.clone(), mailer, config)?;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let load_before = load_average();

    let t = Instant::now();
    if let Ok(mut s) = inboxes.start.lock() {
        *s = Some(t);
    }
    app::ideas::set_status(&app, &staff, idea, domain::ideas::Status::Accepted, ANSWER).await?;
    let answer_s = t.elapsed().as_secs_f64();
    let handles: Vec<_> = (0..workers)
        .map(|_| tokio::spawn(web::worker::run(state.clone(), shutdown.clone())))
        .collect();
    let all_s = loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let got = inboxes
            .arrived
            .lock()
            .map(|a| a.iter().all(Option::is_some))
            .unwrap_or(false);
        if got {
            break t.elapsed().as_secs_f64();
        }
        if t.elapsed() > Duration::from_secs(600) {
            return Err("not every server had the post after 10 minutes".into());
        }
    };
    let _ = stop.send(true);
    for h in handles {
        let _ = h.await;
    }
    let mut arrivals: Vec<f64> = inboxes
        .arrived
        .lock()
        .map(|a| a.iter().flatten().copied().collect())
        .unwrap_or_default();
    arrivals.sort_by(|a, b| a.total_cmp(b));

    let out = serde_json::json!({
        "backend": db.backend().name(),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "servers": servers,
        "followers": followers,
        "workers": workers,
        "batch": web::worker::BATCH,
        "setup_s": setup_s,
        "answer_s": answer_s,
        "all_servers_s": all_s,
        "first_arrival_s": arrivals.first(),
        "median_arrival_s": bench::percentile(&arrivals, 0.5),
        "deliveries_accepted": inboxes.good.load(Ordering::Relaxed),
        "deliveries_refused": inboxes.refused.load(Ordering::Relaxed),
        "load_average_before": load_before,
        "load_average_after": load_average(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    if let Some(f) = args.get("json-out") {
        std::fs::write(f, serde_json::to_string_pretty(&out)?)?;
    }
    let _ = std::fs::remove_dir_all(&scratch_outbox);
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}

/// A remote server's shared inbox: takes a delivery whose digest and
/// signature hold.
async fn inbox(State((i, s)): State<(usize, Arc<Inboxes>)>, req: Request) -> StatusCode {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let mut headers = BTreeMap::new();
    for (k, v) in &parts.headers {
        if let Ok(v) = v.to_str() {
            headers.insert(k.as_str().to_owned(), v.to_owned());
        }
    }
    let digest_ok = headers.get("digest") == Some(&federation::keys::digest(&body));
    let signed = federation::keys::Unverified::read("POST", "/inbox", headers, true)
        .is_some_and(|u| u.verify(&s.public_pem));
    if !(digest_ok && signed) {
        s.refused.fetch_add(1, Ordering::Relaxed);
        return StatusCode::UNAUTHORIZED;
    }
    s.good.fetch_add(1, Ordering::Relaxed);
    // The worker's first look at the calendar announces the running phase
    // too; only the answer is timed.
    if !body.windows(ANSWER.len()).any(|w| w == ANSWER.as_bytes()) {
        return StatusCode::ACCEPTED;
    }
    let at = s
        .start
        .lock()
        .ok()
        .and_then(|t| t.map(|t| t.elapsed().as_secs_f64()));
    if let (Ok(mut a), Some(at)) = (s.arrived.lock(), at)
        && a[i].is_none()
    {
        a[i] = Some(at);
    }
    StatusCode::ACCEPTED
}
