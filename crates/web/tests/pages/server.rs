//! The server over real TCP connections: clients that send too much or never
//! finish are refused or dropped, others are served meanwhile, and a shutdown
//! lets requests in flight finish and ends live streams.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use testkit::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use web::server::Limits;

const PW: &str = "ein-sicheres-passwort";
/// Only bounds a test that would otherwise hang; the limits under test are far shorter.
const HANG_GUARD: Duration = Duration::from_secs(30);
const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct Server {
    addr: SocketAddr,
    stop: Arc<Notify>,
    task: JoinHandle<()>,
    /// Requests that reached the application (their head was read).
    requests: Arc<AtomicUsize>,
}

async fn start(app: &TestApp, limits: Limits) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(Notify::new());
    let shutdown = {
        let (stop, state) = (stop.clone(), app.state.clone());
        async move {
            stop.notified().await;
            state.live.stop();
        }
    };
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = {
        let requests = requests.clone();
        web::app(app.state.clone()).layer(axum::middleware::map_request(
            move |req: axum::extract::Request| {
                requests.fetch_add(1, Ordering::SeqCst);
                std::future::ready(req)
            },
        ))
    };
    let task = tokio::spawn(web::server::serve(listener, counted, limits, shutdown));
    Server {
        addr,
        stop,
        task,
        requests,
    }
}

fn short_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs(1),
        body_read_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

/// Everything the server sends until it closes the connection.
async fn read_to_close(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    match tokio::time::timeout(HANG_GUARD, s.read_to_end(&mut out)).await {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => panic!(
            "the server kept the connection open; got {:?}",
            String::from_utf8_lossy(&out)
        ),
    }
}

/// Reads until `needle` has arrived, returning everything read.
async fn read_until(s: &mut TcpStream, needle: &str) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&out).contains(needle) {
        let n = tokio::time::timeout(HANG_GUARD, s.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} in {:?}", String::from_utf8_lossy(&out)))
            .unwrap();
        assert!(
            n > 0,
            "closed before {needle:?}: {:?}",
            String::from_utf8_lossy(&out)
        );
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn get(addr: SocketAddr, path: &str, extra_headers: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra_headers}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    read_to_close(&mut s).await
}

#[tokio::test]
async fn an_oversized_header_is_refused_with_431_and_others_are_served() {
    let app = TestApp::new().await;
    let server = start(&app, Limits::default()).await;

    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "y".repeat(64 * 1024)
    );
    // The server may close before all of it is written.
    let _ = s.write_all(big.as_bytes()).await;
    let answer = read_to_close(&mut s).await;
    // The unread rest of the header may reset the connection before the 431 arrives.
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );

    // A header of ordinary size (long cookies) still passes, and the server is fine.
    let cookie = format!("Cookie: other={}\r\n", "c".repeat(6 * 1024));
    let answer = get(server.addr, "/", &cookie).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("mitreden"));
    let answer = get(server.addr, "/healthz", "").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn connections_that_never_finish_their_header_are_closed() {
    let app = TestApp::new().await;
    let server = start(&app, short_limits()).await;

    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a")
        .await
        .unwrap();
    // Served meanwhile.
    let answer = get(server.addr, "/healthz", "").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    assert_eq!(read_to_close(&mut slow).await, "");
    assert_eq!(read_to_close(&mut idle).await, "");

    // A keep-alive connection that goes quiet after a request is closed as well.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_form_body_that_stops_arriving_gets_408() {
    let app = TestApp::new().await;
    let server = start(&app, short_limits()).await;

    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Cookie: mitreden_csrf={CSRF}\r\nContent-Length: 1000\r\n\r\nemail=a"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until(&mut s, "</html>").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("Zeitüberschreitung"), "{answer}");
    // The server goes on.
    assert_eq!(
        get(server.addr, "/healthz", "").await.lines().next(),
        Some("HTTP/1.1 200 OK")
    );
}

/// The files left in a folder (none if it does not exist).
fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_upload_body_that_stops_arriving_gets_408_and_leaves_nothing() {
    let app = TestApp::new().await;
    let (staff, _) = app.staff("team@bau.example", PW, "Baubehörde").await;
    let session = staff.cookie(web::cookies::SESSION).unwrap();
    let server = start(&app, short_limits()).await;
    let part = |name: &str, extra: &str| {
        format!("--B\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n")
    };
    let text = |name: &str, value: &str| format!("{}{value}\r\n", part(name, ""));
    let fields =
        text("title", "Haushaltsplan") + &text("doc_type", "report") + &text("language", "de");
    // In the middle of the file; and after a complete file, in a text field.
    let stalled_in_file = format!(
        "{fields}{}%PDF-1.7\n{}",
        part(
            "file",
            "; filename=\"plan.pdf\"\r\nContent-Type: application/pdf"
        ),
        "x".repeat(64 * 1024)
    );
    let stalled_after_file = format!(
        "{fields}{}Jahr;Betrag\n2026;100\n\r\n{}Der Plan f",
        part("file", "; filename=\"plan.csv\"\r\nContent-Type: text/csv"),
        part("description", "")
    );
    for body in [stalled_in_file, stalled_after_file] {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        let head = format!(
            "POST /staff/documents?csrf_token={CSRF} HTTP/1.1\r\nHost: x\r\n\
             Content-Type: multipart/form-data; boundary=B\r\n\
             Cookie: mitreden_csrf={CSRF}; {}={session}\r\nContent-Length: {}\r\n\r\n",
            web::cookies::SESSION,
            body.len() + 100_000
        );
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(body.as_bytes()).await.unwrap();
        let answer = read_until(&mut s, "</html>").await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("Zeitüberschreitung"), "{answer}");
        // No row, no spooled file, nothing in the store.
        assert_eq!(
            db::testing::count_rows(&app.db, "documents").await.unwrap(),
            0
        );
        assert_eq!(
            db::testing::count_rows(&app.db, "document_versions")
                .await
                .unwrap(),
            0
        );
        assert_eq!(files_in(&app.state.config.upload_dir), Vec::<String>::new());
        assert_eq!(
            files_in(&app.state.config.upload_dir.with_file_name("files")),
            Vec::<String>::new()
        );
    }
    // The server goes on.
    assert_eq!(
        get(server.addr, "/healthz", "").await.lines().next(),
        Some("HTTP/1.1 200 OK")
    );
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_ends_live_streams() {
    let app = TestApp::new().await;
    app.start_background();
    let (staff, dep) = app.staff("team@bau.example", PW, "Baubehörde").await;
    let dep = dep.to_string();
    let from = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let until = (chrono::Local::now().date_naive() + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Spielplatz im Park"),
                ("summary", "Was wünschen Sie sich?"),
                ("department_id", &dep),
                ("participation_from", &from),
                ("participation_until", &until),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let process = r.location().unwrap().to_owned();

    let server = start(&app, Limits::default()).await;

    // A live reader over the server gets a new comment.
    let mut live = TcpStream::connect(server.addr).await.unwrap();
    live.write_all(format!("GET {process}/live HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let head = read_until(&mut live, "\r\n\r\n").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    testkit::wait_until(HANG_GUARD, "the live reader to subscribe", async || {
        app.state.live.readers() == 1
    })
    .await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r = anna
        .post_form(
            &format!("{process}/comments"),
            &[("body", "Eine Schaukel, bitte!"), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let events = read_until(&mut live, "Eine Schaukel").await;
    assert!(events.contains("event: comment"), "{events}");

    // A request whose body is still coming when the shutdown starts.
    let before = server.requests.load(Ordering::SeqCst);
    let mut in_flight = TcpStream::connect(server.addr).await.unwrap();
    let body = "email=a%40b.example&password=x";
    in_flight
        .write_all(
            format!(
                "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Cookie: mitreden_csrf={CSRF}\r\nContent-Length: {}\r\n\r\nemail=",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    testkit::wait_until(
        HANG_GUARD,
        "the server to take up the request",
        async || server.requests.load(Ordering::SeqCst) > before,
    )
    .await;
    server.stop.notify_one();
    // The live stream ends: the shutdown has begun.
    read_to_close(&mut live).await;
    in_flight
        .write_all(&body.as_bytes()["email=".len()..])
        .await
        .unwrap();
    let answer = read_to_close(&mut in_flight).await;
    // Answered in full (the form carried no CSRF token), then closed.
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("</html>"), "{answer}");

    // And the server stops.
    tokio::time::timeout(HANG_GUARD, server.task)
        .await
        .expect("the server stops")
        .unwrap();
    assert!(TcpStream::connect(server.addr).await.is_err());
}
