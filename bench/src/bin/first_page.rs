//! Time from a server's start to its first answered page: polls `/readyz`
//! until it answers 200, then `GET /` until that answers 200, and prints both
//! moments in milliseconds after `--since-us` (microseconds since the Unix
//! epoch, taken by the caller just before it started the server, e.g. bash's
//! `$EPOCHREALTIME`).
//!
//! `first_page --addr 127.0.0.1:8080 --since-us 1764000000123456 [--timeout-s 60]`

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bench::{Args, Conn};

fn ms_since(since_us: u128) -> f64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_micros();
    (now.saturating_sub(since_us)) as f64 / 1000.0
}

async fn poll(addr: SocketAddr, path: &str, deadline: Instant) -> Result<(), String> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    loop {
        let mut c = Conn::new(addr);
        if let Ok(r) = c.send(req.as_bytes()).await
            && r.status == 200
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{path} did not answer 200 in time"));
        }
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = bench::Args::from_env();
    let addr: SocketAddr = args.require("addr").parse()?;
    let since: u128 = args.require("since-us").parse()?;
    let deadline = Instant::now() + Duration::from_secs(Args::get_or(&args, "timeout-s", 60));
    poll(addr, "/readyz", deadline).await?;
    let ready = ms_since(since);
    poll(addr, "/", deadline).await?;
    let page = ms_since(since);
    println!(
        "{}",
        serde_json::json!({ "readyz_ms": ready, "first_page_ms": page })
    );
    Ok(())
}
