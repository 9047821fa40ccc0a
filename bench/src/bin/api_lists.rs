//! The open data API's reads and the platform dashboard on the large dataset
//! (`dataset`), through the whole application in process (router, layers,
//! handlers, queries; no sockets): per endpoint the latency of an answer
//! rendered afresh (the store of answers off), of one served from memory, and
//! how many kept answers 64 concurrent readers get per second; then the
//! administrator's `/staff/dashboard` for the whole platform.
//!
//! `api_lists --database URL --paths paths.json [--requests 300] [--out FILE]`
//! (`paths.json` as `dataset --out` writes it; `bench/dataset.sh` with
//! `KEEP_WORK=1` keeps both). Writes `bench/results/api_lists-<backend>.json`
//! unless `--out` names another file.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use bench::{Args, summary};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Concurrent readers for the throughput of kept answers.
const READERS: usize = 64;
const THROUGHPUT_FOR: Duration = Duration::from_secs(3);

async fn get(router: &Router, path: &str, cookie: Option<&str>) -> (StatusCode, usize, bool) {
    let (status, body, hit) = get_body(router, path, cookie).await;
    (status, body.len(), hit)
}

async fn get_body(
    router: &Router,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, axum::body::Bytes, bool) {
    let mut req = Request::get(path);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = match router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap_or_default())
        .await
    {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = res.status();
    let hit = res.headers().contains_key("x-cache");
    let body = res
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (status, body, hit)
}

/// Milliseconds of `n` requests one after another, after a few to warm up.
async fn latencies(router: &Router, path: &str, cookie: Option<&str>, n: usize) -> Vec<f64> {
    for _ in 0..5 {
        get(router, path, cookie).await;
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let (status, _, _) = get(router, path, cookie).await;
        out.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    out
}

/// Answers per second that `READERS` concurrent readers get.
async fn throughput(router: &Router, path: &str) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + THROUGHPUT_FOR;
    let started = Instant::now();
    let mut tasks = vec![];
    for _ in 0..READERS {
        let (router, path, done) = (router.clone(), path.to_owned(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                get(&router, &path, None).await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn state(db: &db::Db, cache: bool) -> Result<web::SharedState, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("mitreden-api-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mailer = mail::Mailer::outbox(dir.join("outbox"), "bench@bench.example")?;
    let mut config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    config.page_cache = cache;
    Ok(web::AppState::new(db.clone(), mailer, config)?)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let url = args.require("database");
    let paths: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(args.require("paths"))?)?;
    let n: usize = args.get_or("requests", 300);
    let db = db::Db::connect(&url).await?;
    let backend = match db.backend() {
        db::Backend::Sqlite => "sqlite",
        db::Backend::Postgres => "postgres",
    };
    let fresh = web::app(state(&db, false)?);
    let kept = web::app(state(&db, true)?);

    let mut api: Vec<(String, String)> = paths["api"]
        .as_object()
        .ok_or("paths.json has no \"api\"")?
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    // Also the comments of the process with the fewest, where a page has to
    // pass over the most comments of others if the query walks them in order.
    let (_, body, _) = get_body(&fresh, "/api/v1/processes?limit=200", None).await;
    let list: serde_json::Value = serde_json::from_slice(&body)?;
    if let Some(small) = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["idea_count"] == 0)
        .min_by_key(|p| p["comment_count"].as_i64().unwrap_or(i64::MAX))
    {
        api.push((
            format!(
                "comments of a process without ideas ({})",
                small["comment_count"]
            ),
            format!("/api/v1/processes/{}/comments", small["id"]),
        ));
    }
    let mut runs = vec![];
    println!("\n{backend}: the open data API ({n} requests each)\n");
    println!("| endpoint | bytes | rendered p50 / p99 ms | kept p50 / p99 ms | kept answers/s |");
    println!("| --- | --- | --- | --- | --- |");
    for (label, path) in &api {
        let path = path.as_str();
        let (_, bytes, _) = get(&fresh, path, None).await;
        let rendered = summary(latencies(&fresh, path, None, n).await);
        let (_, _, hit) = {
            get(&kept, path, None).await;
            get(&kept, path, None).await
        };
        assert!(hit, "{path} is not kept");
        let from_memory = summary(latencies(&kept, path, None, n).await);
        let per_s = throughput(&kept, path).await;
        println!(
            "| {label} | {bytes} | {} / {} | {} / {} | {per_s:.0} |",
            rendered["p50"], rendered["p99"], from_memory["p50"], from_memory["p99"]
        );
        runs.push(serde_json::json!({
            "label": label, "path": path, "bytes": bytes,
            "rendered_ms": rendered, "kept_ms": from_memory, "kept_per_s": per_s.round(),
        }));
    }

    // The platform dashboard, rendered for each view (staff pages are not shared).
    let admin_email = paths["admin_email"].as_str().ok_or("no admin_email")?;
    let admin = db::accounts::by_email(&db, admin_email)
        .await?
        .ok_or("no administrator in the dataset")?;
    let app = bench::commands(&db)?;
    let secret = app::accounts::import_sessions(
        &app,
        &app::Actor::System,
        &[admin.id],
        chrono::Duration::hours(1),
    )
    .await?
    .value
    .pop()
    .ok_or("no session")?;
    let cookie = format!("mitreden_session={secret}");
    let (status, bytes, _) = get(&kept, "/staff/dashboard", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "the dashboard");
    let dashboard = summary(latencies(&kept, "/staff/dashboard", Some(&cookie), 50).await);
    println!(
        "\nplatform dashboard (administrator): {bytes} bytes, p50 {} ms, p99 {} ms",
        dashboard["p50"], dashboard["p99"]
    );

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let out = serde_json::json!({
        "backend": backend,
        "date": chrono::Utc::now().to_rfc3339(),
        "load_average": load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        "requests": n,
        "readers": READERS,
        "api": runs,
        "dashboard_ms": dashboard,
    });
    let file = args.get("out").unwrap_or_else(|| {
        format!(
            "{}/results/api_lists-{backend}.json",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    std::fs::write(&file, serde_json::to_string_pretty(&out)?)?;
    println!("load average {}; written to {file}", out["load_average"]);
    db.close().await;
    Ok(())
}
