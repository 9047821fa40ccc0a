//! How far the opinion map lags behind votes that keep arriving: a map of
//! 100 statements with 20,000 anonymous participants (30 votes each) that
//! the background job has computed, then 100 votes per second through the
//! vote command for 30 s while the server's job worker recomputes. For each
//! vote: the time until a stored result covers it. Votes never wait for the
//! math (the command's own time is measured too).
//!
//! Run: `cargo run --release -p bench --bin opinion_lag -- [--rate 100] [--seconds 30]`
//! (SQLite; writes `bench/results/opinion_lag.json`).

use std::time::{Duration, Instant};

use db::opinion::Who;

const PARTICIPANTS: u64 = 20_000;
const STATEMENTS: usize = 100;
const VOTES_EACH: usize = 30;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = bench::Args::from_env();
    let rate: u64 = args.get_or("rate", 100);
    let seconds: u64 = args.get_or("seconds", 30);
    let dir = std::env::temp_dir().join(format!("mitreden-bench-lag-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = db::Db::connect(&db::Db::sqlite_url_for_dir(&dir)).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;
    let system = app::Actor::System;
    let (map, ids) = bench::opinion_map(&app, STATEMENTS).await?;

    // The conversation so far, brought in through the system's command.
    let key = |p: u64| format!("bench-voter-{p}");
    let mut x: u64 = 0x6d69_7472_6564_656e;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut votes = Vec::with_capacity((PARTICIPANTS as usize) * VOTES_EACH);
    for p in 0..PARTICIPANTS {
        let who = Who::Session(web::security::token_hash(&key(p)));
        let camp = (p % 3) as i64;
        for k in 0..VOTES_EACH {
            let s = ids[(k * 3 + (next() % 3) as usize) % ids.len()];
            let v = if (s + camp) % 3 == 0 { 1 } else { -1 };
            votes.push((who.clone(), s, v));
        }
    }
    for chunk in votes.chunks(20_000) {
        app::opinion::import_votes(&app, &system, map, chunk).await?;
    }
    let t = Instant::now();
    app::opinion::recompute(&app, map).await?;
    let first_update_ms = t.elapsed().as_secs_f64() * 1000.0;

    // The server: its job worker recomputes as votes arrive.
    let mailer = mail::Mailer::outbox(dir.join("outbox"), "bench@bench.example")?;
    let config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    let state = web::AppState::new(db.clone(), mailer, config)?;
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let workers = web::spawn_background(&state, stop_rx);

    // Every stored result, as it appears: (when seen, votes it covers).
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (db, sampling) = (db.clone(), sampling.clone());
        tokio::spawn(async move {
            let mut stamps: Vec<(Instant, i64)> = vec![];
            let mut seen = 0;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(Some(r)) = db::opinion::result_stamp(db.conn(), map).await
                    && r.votes_cast > seen
                {
                    seen = r.votes_cast;
                    stamps.push((Instant::now(), seen));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            stamps
        })
    };

    let anonymous = app::Actor::Anonymous;
    let mut sent: Vec<(Instant, i64)> = vec![];
    let mut command_ms = vec![];
    let start = Instant::now();
    for i in 0..rate * seconds {
        let due = start + Duration::from_secs_f64(i as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        let voter_key = key(next() % PARTICIPANTS);
        let voter = app::opinion::Voter::new(&anonymous, Some(&voter_key));
        let s = ids[(next() % ids.len() as u64) as usize];
        let v = (next() % 3) as i32 - 1;
        let t = Instant::now();
        app::opinion::vote(&state.app, &voter, s, v).await?;
        command_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let cast = db::opinion::map(db.conn(), map)
            .await?
            .ok_or("no map")?
            .votes_cast;
        sent.push((t, cast));
    }
    let achieved_rate = sent.len() as f64 / start.elapsed().as_secs_f64();
    // Until the last vote is covered, or 60 s.
    let last = sent.last().map(|s| s.1).unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match db::opinion::result_stamp(db.conn(), map).await? {
            Some(r) if r.votes_cast >= last => break,
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let stamps = sampler.await?;
    let _ = stop.send(true);
    for w in workers {
        let _ = w.await;
    }
    // A vote's lag: until the first stored result that covers it.
    let mut lag_ms = vec![];
    let mut uncovered = 0;
    for (at, cast) in &sent {
        match stamps
            .iter()
            .find(|(seen, covers)| covers >= cast && seen >= at)
        {
            Some((seen, _)) => lag_ms.push(seen.duration_since(*at).as_secs_f64() * 1000.0),
            None => uncovered += 1,
        }
    }
    let out = serde_json::json!({
        "participants": PARTICIPANTS,
        "votes_before": votes.len(),
        "rate_per_second": rate,
        "seconds": seconds,
        "first_update_ms": first_update_ms,
        "achieved_rate_per_second": achieved_rate,
        "vote_command_ms": bench::summary(command_ms),
        "lag_until_on_the_map_ms": bench::summary(lag_ms),
        "results_stored": stamps.len(),
        "votes_not_covered": uncovered,
        "profile": if cfg!(debug_assertions) { "dev" } else { "release" },
        "load_average": std::fs::read_to_string("/proc/loadavg").ok(),
    });
    println!("{out}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/results/opinion_lag.json");
    std::fs::write(path, serde_json::to_string_pretty(&out)?)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
