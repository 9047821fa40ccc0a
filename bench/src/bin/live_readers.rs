//! Live readers: N concurrent server-sent-event streams on one discussion
//! (`GET /processes/{id}/live`), then comments posted over HTTP by logged-in
//! people. For each comment: how many readers got its `event: comment`, and
//! the time from the POST's response (the acknowledgement) until each reader
//! had it. Also the server's memory while the readers are connected.
//!
//! The readers are plain tokio TCP streams speaking just enough HTTP/1.1
//! (one request, then a chunked event stream); all run in this one process,
//! on the same machine as the server, so the figures include this client's own
//! scheduling delay.
//!
//! ```text
//! live_readers --addr 127.0.0.1:8080 --process 7 [--readers 10000] [--comments 20]
//!              [--interval-ms 250] [--login 2 --first-user 21 | --sessions FILE]
//!              [--pid SERVER_PID] [--json-out FILE]
//! ```
//! Needs a high `ulimit -n` (readers + a few): `ulimit -n 20000`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bench::{
    Args, CSRF_COOKIE, Client, DEMO_PASSWORD, Dechunker, SESSION_COOKIE, demo_citizen, parse_head,
    rss_kib, summary,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, watch};

#[derive(Default)]
struct Counters {
    connected: AtomicUsize,
    failed: AtomicUsize,
    delivered: AtomicUsize,
    closed_early: AtomicUsize,
}

/// One reader: connects, checks the answer, then records (comment id, arrival)
/// for every `comment` event until told to stop.
async fn reader(
    addr: SocketAddr,
    process: i64,
    permits: Arc<Semaphore>,
    counters: Arc<Counters>,
    mut stop: watch::Receiver<bool>,
) -> Vec<(i64, Instant)> {
    let mut got = vec![];
    let permit = permits.acquire().await;
    let mut stream = None;
    for attempt in 0..5 {
        match tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                stream = Some(s);
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(100 << attempt)).await,
        }
    }
    let Some(mut stream) = stream else {
        counters.failed.fetch_add(1, Ordering::Relaxed);
        return got;
    };
    let req = format!(
        "GET /processes/{process}/live HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\
         Accept-Language: de\r\nCache-Control: no-cache\r\n\r\n"
    );
    let mut buf = vec![0u8; 4096];
    let mut raw: Vec<u8> = vec![];
    let head_ok = async {
        stream.write_all(req.as_bytes()).await?;
        loop {
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let (status, headers) = parse_head(&raw[..i])?;
                raw.drain(..i + 4);
                let chunked = headers
                    .iter()
                    .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
                return Ok::<_, std::io::Error>((status, chunked));
            }
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            raw.extend_from_slice(&buf[..n]);
        }
    };
    let chunked = match tokio::time::timeout(Duration::from_secs(30), head_ok).await {
        Ok(Ok((200, chunked))) => chunked,
        _ => {
            counters.failed.fetch_add(1, Ordering::Relaxed);
            return got;
        }
    };
    counters.connected.fetch_add(1, Ordering::Relaxed);
    drop(permit);

    let mut dechunk = Dechunker::default();
    let mut text: Vec<u8> = vec![];
    let (mut event, mut id): (Option<String>, Option<i64>) = (None, None);
    let mut handle = |bytes: &[u8], text: &mut Vec<u8>, got: &mut Vec<(i64, Instant)>| {
        let now = Instant::now();
        if chunked {
            if dechunk.feed(bytes, text).is_err() {
                return false;
            }
        } else {
            text.extend_from_slice(bytes);
        }
        while let Some(nl) = text.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = text.drain(..=nl).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if event.as_deref() == Some("comment")
                    && let Some(cid) = id
                {
                    got.push((cid, now));
                    counters.delivered.fetch_add(1, Ordering::Relaxed);
                }
                event = None;
                id = None;
            } else if let Some(v) = line.strip_prefix("event:") {
                event = Some(v.trim().to_owned());
            } else if let Some(v) = line.strip_prefix("id:") {
                id = v.trim().parse().ok();
            } else if let Some(v) = line.strip_prefix("data:")
                && id.is_none()
            {
                id = serde_json::from_str::<serde_json::Value>(v.trim())
                    .ok()
                    .and_then(|j| j.get("id")?.as_i64());
            }
        }
        !dechunk.finished
    };
    if !raw.is_empty() && !handle(&raw, &mut text, &mut got) {
        counters.closed_early.fetch_add(1, Ordering::Relaxed);
        return got;
    }
    loop {
        tokio::select! {
            r = stream.read(&mut buf) => match r {
                Ok(0) | Err(_) => {
                    if !*stop.borrow() {
                        counters.closed_early.fetch_add(1, Ordering::Relaxed);
                    }
                    break;
                }
                Ok(n) => {
                    if !handle(&buf[..n], &mut text, &mut got) {
                        counters.closed_early.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                }
            },
            _ = stop.changed() => break,
        }
    }
    got
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let addr: SocketAddr = args.require("addr").parse()?;
    let process: i64 = args.require("process").parse()?;
    let n_readers: usize = args.get_or("readers", 10_000);
    let n_comments: usize = args.get_or("comments", 20);
    let interval = Duration::from_millis(args.get_or("interval-ms", 250));
    let wait = Duration::from_secs(args.get_or("wait-s", 10));
    let pid: Option<u32> = args.get("pid").and_then(|p| p.parse().ok());
    let json_out = args.get("json-out");

    // Writers first, so that a login problem shows before 10,000 connections.
    let mut writers = vec![];
    if let Some(file) = args.get("sessions") {
        for line in std::fs::read_to_string(&file)?
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let mut c = Client::new(addr);
            c.cookies.insert(SESSION_COOKIE.into(), line.trim().into());
            c.cookies
                .insert(CSRF_COOKIE.into(), "0123456789abcdef".repeat(4));
            writers.push(c);
        }
    } else {
        let n: usize = args.get_or("login", n_comments.div_ceil(10));
        let first: usize = args.get_or("first-user", 21);
        for k in first..first + n {
            let mut c = Client::new(addr);
            c.login(&demo_citizen(k), DEMO_PASSWORD).await?;
            writers.push(c);
        }
    }
    if writers.is_empty() {
        return Err("no writer".into());
    }
    if n_comments > writers.len() * 10 {
        eprintln!(
            "warning: {n_comments} comments from {} accounts exceed the limit of 10 per account",
            writers.len()
        );
    }

    let rss_before = pid.and_then(rss_kib);
    // Peak of VmRSS sampled every 100 ms while the test runs.
    let peak = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    if let Some(pid) = pid {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                if let Some((rss, _)) = rss_kib(pid) {
                    peak.fetch_max(rss, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
    }

    let counters = Arc::new(Counters::default());
    let permits = Arc::new(Semaphore::new(256));
    let (stop_tx, stop_rx) = watch::channel(false);
    let connect_started = Instant::now();
    let mut readers = Vec::with_capacity(n_readers);
    for _ in 0..n_readers {
        readers.push(tokio::spawn(reader(
            addr,
            process,
            permits.clone(),
            counters.clone(),
            stop_rx.clone(),
        )));
    }
    let connect_deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let (ok, failed) = (
            counters.connected.load(Ordering::Relaxed),
            counters.failed.load(Ordering::Relaxed),
        );
        if ok + failed >= n_readers || Instant::now() > connect_deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connect_secs = connect_started.elapsed().as_secs_f64();
    let connected = counters.connected.load(Ordering::Relaxed);
    eprintln!(
        "{connected} of {n_readers} readers connected in {connect_secs:.1} s ({} failed)",
        counters.failed.load(Ordering::Relaxed)
    );
    // Let the server settle before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = pid.and_then(rss_kib);

    // Post the comments, one after another, from the writers in turn.
    struct Posted {
        id: i64,
        sent: Instant,
        acked: Instant,
    }
    let mut posted: Vec<Posted> = vec![];
    let mut post_errors: Vec<String> = vec![];
    let nwriters = writers.len();
    for m in 0..n_comments {
        let w = &mut writers[m % nwriters];
        let body = format!("Live-Test {m}: Ein neuer Beitrag erreicht alle offenen Seiten.");
        let sent = Instant::now();
        match w.post_comment(process, &body).await {
            Ok((_, Some(id))) => posted.push(Posted {
                id,
                sent,
                acked: Instant::now(),
            }),
            Ok((status, None)) => post_errors.push(format!("status {status}")),
            Err(e) => post_errors.push(e.to_string()),
        }
        tokio::time::sleep(interval).await;
    }
    let expected = connected * posted.len();
    let deadline = Instant::now() + wait;
    while counters.delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let rss_end = pid.and_then(rss_kib);
    sampling.store(false, Ordering::Relaxed);
    let _ = stop_tx.send(true);
    let mut arrivals: HashMap<i64, Vec<Instant>> = HashMap::new();
    for r in readers {
        for (id, t) in r.await? {
            arrivals.entry(id).or_default().push(t);
        }
    }

    // Figures.
    let ms = |later: Instant, earlier: Instant| {
        if later >= earlier {
            later.duration_since(earlier).as_secs_f64() * 1000.0
        } else {
            -(earlier.duration_since(later).as_secs_f64() * 1000.0)
        }
    };
    let mut from_ack = vec![];
    let mut from_send = vec![];
    let mut last_reader_from_ack = vec![];
    let mut per_comment = vec![];
    let mut min_received = usize::MAX;
    for p in &posted {
        let times = arrivals.get(&p.id).cloned().unwrap_or_default();
        min_received = min_received.min(times.len());
        let mut last = f64::NAN;
        for t in &times {
            let a = ms(*t, p.acked);
            from_ack.push(a);
            from_send.push(ms(*t, p.sent));
            last = if last.is_nan() { a } else { last.max(a) };
        }
        if !times.is_empty() {
            last_reader_from_ack.push(last);
        }
        per_comment.push(serde_json::json!({
            "id": p.id,
            "readers_received": times.len(),
            "post_ms": ms(p.acked, p.sent),
            "last_reader_ms_after_ack": if last.is_finite() { serde_json::json!(last) } else { serde_json::Value::Null },
        }));
    }
    if posted.is_empty() {
        min_received = 0;
    }
    let delivered = counters.delivered.load(Ordering::Relaxed);
    let mib = |k: Option<(u64, u64)>, peak: bool| {
        k.map(|(rss, hwm)| ((if peak { hwm } else { rss }) as f64 / 1024.0 * 10.0).round() / 10.0)
    };
    let peak_sampled = peak.load(Ordering::Relaxed);
    let result = serde_json::json!({
        "readers_requested": n_readers,
        "readers_connected": connected,
        "readers_failed": counters.failed.load(Ordering::Relaxed),
        "readers_closed_early": counters.closed_early.load(Ordering::Relaxed),
        "connect_seconds": connect_secs,
        "comments_posted": posted.len(),
        "post_errors": post_errors,
        "interval_ms": interval.as_millis() as u64,
        "writers": nwriters,
        "deliveries_expected": expected,
        "deliveries": delivered,
        "min_readers_per_comment": min_received,
        "delivery_ms_after_ack": summary(from_ack),
        "delivery_ms_after_send": summary(from_send),
        "last_reader_ms_after_ack": summary(last_reader_from_ack),
        "server_rss_mib": {
            "before_readers": mib(rss_before, false),
            "readers_connected": mib(rss_connected, false),
            "end": mib(rss_end, false),
            "peak_sampled": if pid.is_some() { serde_json::json!((peak_sampled as f64 / 1024.0 * 10.0).round() / 10.0) } else { serde_json::Value::Null },
            "peak_vmhwm": mib(rss_end, true),
        },
        "per_comment": per_comment,
    });
    let mut short = result.clone();
    short.as_object_mut().unwrap().remove("per_comment");
    println!("{}", serde_json::to_string_pretty(&short)?);
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::to_string_pretty(&result)?)?;
    }
    Ok(())
}
