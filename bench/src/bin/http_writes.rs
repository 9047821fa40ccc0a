//! Comments posted over HTTP by many logged-in people at once, against a
//! running server: the whole write path (CSRF check, session lookup, rate
//! limit, durable write, redirect).
//!
//! Sessions come either from logging in demo citizens through the form
//! (`--login N`, at most ~25 per 15 minutes from one address) or from a file of
//! session cookies made by `seed_sessions` (`--sessions FILE`). Each account may
//! write 10 comments per 5 minutes, so a run posts at most 10 per account.
//!
//! Every comment the server acknowledged (303 to `…#comment-ID`) is appended to
//! `--ids-out` at once, so that a test that kills the server knows exactly
//! which writes were promised.
//!
//! ```text
//! http_writes --addr 127.0.0.1:8080 --process 7 (--login 20 | --sessions FILE)
//!             [--first-user 1] [--comments-per-user 10] [--connections 64]
//!             [--pace-ms 0] [--ids-out FILE] [--json-out FILE]
//! ```

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bench::{Args, CSRF_COOKIE, Client, DEMO_PASSWORD, SESSION_COOKIE, demo_citizen, summary};

struct Outcome {
    ms: f64,
    status: Option<u16>,
    id: Option<i64>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let addr: SocketAddr = args.require("addr").parse()?;
    let process: i64 = args.require("process").parse()?;
    let per_user: usize = args.get_or("comments-per-user", 10);
    let pace = Duration::from_millis(args.get_or("pace-ms", 0));
    let ids_out = args.get("ids-out");
    let json_out = args.get("json-out");

    // Cookies of every account that will write.
    let mut accounts: Vec<BTreeMap<String, String>> = vec![];
    let mode;
    let login_started = Instant::now();
    if let Some(file) = args.get("sessions") {
        mode = "sessions seeded in the database (seed_sessions)";
        // Any well-formed token works for the double-submit check.
        let csrf = "0123456789abcdef".repeat(4);
        for line in std::fs::read_to_string(&file)?.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut c = BTreeMap::new();
            c.insert(SESSION_COOKIE.to_owned(), line.to_owned());
            c.insert(CSRF_COOKIE.to_owned(), csrf.clone());
            accounts.push(c);
        }
    } else {
        mode = "demo citizens logged in through the form";
        let n: usize = args.get_or("login", 5);
        let first: usize = args.get_or("first-user", 1);
        for k in first..first + n {
            let mut c = Client::new(addr);
            c.login(&demo_citizen(k), DEMO_PASSWORD).await?;
            accounts.push(c.cookies.clone());
        }
    }
    let login_secs = login_started.elapsed().as_secs_f64();
    let users = accounts.len();
    let connections: usize = args.get_or("connections", users.min(64)).max(1);
    eprintln!(
        "{users} accounts ready ({mode}); posting {per_user} comments each over {connections} connections"
    );

    let queue = Arc::new(Mutex::new(
        accounts.into_iter().enumerate().collect::<VecDeque<_>>(),
    ));
    let ids_file = match &ids_out {
        Some(p) => Some(Arc::new(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)?,
        ))),
        None => None,
    };
    let started = Instant::now();
    let mut tasks = vec![];
    for _ in 0..connections {
        let queue = queue.clone();
        let ids_file = ids_file.clone();
        tasks.push(tokio::spawn(async move {
            let mut out: Vec<Outcome> = vec![];
            let mut client = Client::new(addr);
            client.timeout = Duration::from_secs(10);
            loop {
                let next = queue.lock().unwrap().pop_front();
                let Some((user, cookies)) = next else { break };
                client.cookies = cookies;
                for n in 0..per_user {
                    let body = format!(
                        "Lasttest {user}/{n}: Die Radwege an der Max-Brauer-Allee sollten breiter werden, \
                         und an den Kreuzungen braucht es sichere Aufstellflächen."
                    );
                    let t = Instant::now();
                    let res = client.post_comment(process, &body).await;
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    match res {
                        Ok((status, id)) => {
                            if let (Some(id), Some(f)) = (id, &ids_file) {
                                let mut f = f.lock().unwrap();
                                let _ = writeln!(f, "{id}");
                                let _ = f.flush();
                            }
                            out.push(Outcome {
                                ms,
                                status: Some(status),
                                id,
                            });
                        }
                        Err(_) => out.push(Outcome {
                            ms,
                            status: None,
                            id: None,
                        }),
                    }
                    if !pace.is_zero() {
                        tokio::time::sleep(pace).await;
                    }
                }
            }
            out
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await?);
    }
    let secs = started.elapsed().as_secs_f64();

    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for o in &all {
        let k = o
            .status
            .map_or("connection error".to_owned(), |s| s.to_string());
        *statuses.entry(k).or_default() += 1;
    }
    let acked: Vec<&Outcome> = all.iter().filter(|o| o.id.is_some()).collect();
    let distinct: BTreeSet<i64> = acked.iter().filter_map(|o| o.id).collect();
    let latencies: Vec<f64> = acked.iter().map(|o| o.ms).collect();
    let result = serde_json::json!({
        "path": "HTTP: POST /processes/{id}/comments (CSRF check, session, rate limit, durable write, 303)",
        "accounts": mode,
        "users": users,
        "comments_per_user": per_user,
        "connections": connections,
        "attempted": all.len(),
        "acknowledged": acked.len(),
        "distinct_ids": distinct.len(),
        "statuses": statuses,
        "seconds": secs,
        "acknowledged_per_second": acked.len() as f64 / secs,
        "latency_ms": summary(latencies),
        "login_seconds": login_secs,
    });
    println!("{}", serde_json::to_string_pretty(&result)?);
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::to_string_pretty(&result)?)?;
    }
    Ok(())
}
