//! The map page of an opinion map with 20,000 participants, served from the
//! stored result through the whole application (router, middleware, page
//! cache, templates) on SQLite: the first view after a computation (decodes
//! the stored state, renders), the views after it (from the page cache), and
//! the personal "where do I stand" page (rendered per view from the decoded
//! state kept in memory). No math runs on a request.
//!
//! Run: `cargo run --release -p bench --bin opinion_map_page` (writes
//! `bench/results/opinion_map_page.json`).

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use db::opinion::Who;
use http_body_util::BodyExt;
use tower::ServiceExt;

const PARTICIPANTS: u64 = 20_000;
const STATEMENTS: usize = 100;
const VOTES_EACH: usize = 30;
const ROUNDS: usize = 300;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("mitreden-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = db::Db::connect(&db::Db::sqlite_url_for_dir(&dir)).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;
    let system = app::Actor::System;
    let (map, ids) = bench::opinion_map(&app, STATEMENTS).await?;
    // One participant through the commands, for the personal page: an
    // anonymous browser, stored by the hash of its cookie's key.
    let key = "bench-reader-session-key";
    let who = Who::Session(web::security::token_hash(key));
    let me: Vec<(Who, i64, i32)> = ids.iter().take(10).map(|&s| (who.clone(), s, 1)).collect();
    app::opinion::import_votes(&app, &system, map, &me).await?;
    let me_id = db::opinion::participant(db.conn(), map, &who)
        .await?
        .ok_or("no participant")?;

    // The stored result of a 20,000-participant conversation, as the job writes it.
    let mut conv = opinion::Conversation::new();
    let mut x: u64 = 0x6d69_7472_6564_656e;
    for p in 0..PARTICIPANTS {
        let pid = if p == 0 { me_id as u64 } else { 1_000_000 + p };
        let camp = (p % 3) as i64;
        for k in 0..VOTES_EACH {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let s = ids[(k * 7 + (x % 3) as usize) % ids.len()];
            let v = if (s + camp) % 3 == 0 {
                1
            } else if x.is_multiple_of(5) {
                0
            } else {
                -1
            };
            conv.push(pid, s as u64, v as i8);
        }
    }
    let t = Instant::now();
    let state = opinion::update(None, &conv);
    let update_ms = t.elapsed().as_secs_f64() * 1000.0;
    let text = serde_json::to_string(&state)?;
    let state_bytes = text.len();
    let tx = db.begin_write().await?;
    db::opinion::store_result(&tx, map, &text, conv.votes.len() as i64, 0).await?;
    tx.commit().await?;

    let mailer = mail::Mailer::outbox(dir.join("outbox"), "bench@bench.example")?;
    let config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    let state = web::AppState::new(db.clone(), mailer, config)?;
    let router = web::app(state);

    let get = |path: String, cookie: Option<String>| {
        let router = router.clone();
        async move {
            let mut req = Request::get(&path).header("host", "127.0.0.1:8080");
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let t = Instant::now();
            let res = router.oneshot(req.body(Body::empty())?).await?;
            let status = res.status();
            let body = res.into_body().collect().await?.to_bytes();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if !status.is_success() {
                return Err(format!("{path}: {status}").into());
            }
            Ok::<(f64, usize), Box<dyn std::error::Error>>((ms, body.len()))
        }
    };
    let public = format!("/opinion/{map}/map");
    let (first_ms, bytes) = get(public.clone(), None).await?;
    let mut cached = vec![];
    for _ in 0..ROUNDS {
        cached.push(get(public.clone(), None).await?.0);
    }
    let you = format!("/opinion/{map}/map/you");
    let cookie = Some(format!("{}={key}", web::opinion::SESSION_COOKIE));
    let mut personal = vec![];
    for _ in 0..ROUNDS / 3 {
        personal.push(get(you.clone(), cookie.clone()).await?.0);
    }
    let out = serde_json::json!({
        "participants": PARTICIPANTS,
        "votes": conv.votes.len(),
        "update_ms": update_ms,
        "stored_state_bytes": state_bytes,
        "page_bytes": bytes,
        "first_view_ms": first_ms,
        "cached_views_ms": bench::summary(cached),
        "personal_views_ms": bench::summary(personal),
        "profile": if cfg!(debug_assertions) { "dev" } else { "release" },
    });
    println!("{out}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/results/opinion_map_page.json");
    std::fs::write(path, serde_json::to_string_pretty(&out)?)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
