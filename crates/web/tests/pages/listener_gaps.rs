//! An instance that missed other instances' changes while its listener was
//! cut off forgets what it keeps when it listens again (PostgreSQL only: on
//! SQLite there is one instance and no listener).

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::StatusCode;
use db::Backend;
use testkit::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const PW: &str = "ein-sicheres-passwort";

fn hit(r: &testkit::Response) -> bool {
    r.headers.get("x-cache").is_some_and(|v| v == "hit")
}

/// A TCP proxy on loopback in front of the database server that can stall:
/// while stalled, nothing passes in either direction (what was sent waits),
/// as in a network failure that heals.
struct Proxy {
    addr: SocketAddr,
    stalled: watch::Sender<bool>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stalled, rx) = watch::channel(false);
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let rx = rx.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::join!(pipe(cr, sw, rx.clone()), pipe(sr, cw, rx));
                });
            }
        });
        Proxy {
            addr,
            stalled,
            accepting,
        }
    }

    fn stall(&self, on: bool) {
        self.stalled.send_replace(on);
    }

    /// `url` with the proxy in place of the server.
    fn url_for(&self, url: &str) -> String {
        let mut u = url::Url::parse(url).unwrap();
        u.set_host(Some(&self.addr.ip().to_string())).unwrap();
        u.set_port(Some(self.addr.port())).unwrap();
        u.to_string()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.stalled.send_replace(false);
    }
}

async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut stalled: watch::Receiver<bool>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = from.read(&mut buf).await.unwrap_or(0);
        // What arrived during a stall is passed on only after it.
        if stalled.wait_for(|s| !*s).await.is_err() {
            return;
        }
        if n == 0 {
            let _ = to.shutdown().await;
            return;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

fn server_of(url: &str) -> SocketAddr {
    let u = url::Url::parse(url).unwrap();
    let host = u.host_str().unwrap();
    let port = u.port().unwrap_or(5432);
    let host = if host == "localhost" {
        "127.0.0.1"
    } else {
        host
    };
    format!("{host}:{port}").parse().unwrap()
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with MITREDEN_TEST_DATABASE_URL and --include-ignored"]
async fn pages_missed_during_a_listener_gap_are_not_served_afterwards() {
    let a = TestApp::new().await;
    if a.backend() != Backend::Postgres {
        eprintln!("skipped: a listener gap needs PostgreSQL (MITREDEN_TEST_DATABASE_URL)");
        return;
    }
    let proxy = Proxy::start(server_of(a.database_url())).await;
    let b = a
        .another_instance_via(&proxy.url_for(a.database_url()))
        .await;
    b.start_background();
    assert!(
        b.until_listening(Duration::from_secs(10)).await,
        "instance B never listened"
    );
    let (staff, dep) = a.staff("team@finanzen.example", PW, "Finanzbehörde").await;
    let p = staff.publish_process(dep, &[("title", "Radwege")]).await;
    let anna = a.citizen("anna@example.org", "Anna", PW).await;
    let path = format!("/processes/{p}");
    // B keeps the page.
    testkit::wait_until(
        Duration::from_secs(10),
        "instance B to keep the page",
        async || hit(&b.client().get(&path).await),
    )
    .await;

    // The network between B and the database fails; meanwhile B's listening
    // connection ends on the server's side and a comment is written on A.
    proxy.stall(true);
    assert_eq!(a.end_listener_connections().await, 1);
    let r = anna
        .post_form(
            &format!("{path}/comments"),
            &[("body", "Während der Lücke")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    proxy.stall(false);

    testkit::wait_until(
        Duration::from_secs(20),
        "instance B to show the comment written during the gap",
        async || {
            let r = b.client().get(&path).await;
            r.status == StatusCode::OK && r.body.contains("Während der Lücke")
        },
    )
    .await;
    // And goes on showing it, from memory again once it listens.
    assert!(b.until_listening(Duration::from_secs(10)).await);
    for _ in 0..3 {
        b.client()
            .get(&path)
            .await
            .assert_contains("Während der Lücke");
    }
    assert!(hit(&b.client().get(&path).await));
}

/// A listener whose connection stalls without being closed (no error, just
/// silence) proves it is alive by a heartbeat; when that goes unanswered the
/// instance stops serving pages from memory.
#[tokio::test]
#[ignore = "needs PostgreSQL: run with MITREDEN_TEST_DATABASE_URL and --include-ignored"]
async fn a_silent_listener_is_found_out_by_its_heartbeat() {
    let a = TestApp::new().await;
    if a.backend() != Backend::Postgres {
        eprintln!("skipped: a listener gap needs PostgreSQL (MITREDEN_TEST_DATABASE_URL)");
        return;
    }
    let proxy = Proxy::start(server_of(a.database_url())).await;
    let b = a
        .another_instance_via(&proxy.url_for(a.database_url()))
        .await;
    b.start_background();
    assert!(b.until_listening(Duration::from_secs(10)).await);
    proxy.stall(true);
    // Heard nothing for 3 s, then 3 s for the heartbeat's answer.
    testkit::wait_until(
        Duration::from_secs(15),
        "a stalled listener to stop counting as listening",
        async || !b.state.hears_other_instances(),
    )
    .await;

    proxy.stall(false);
    assert!(
        b.until_listening(Duration::from_secs(20)).await,
        "the listener did not listen again after the stall"
    );
}
