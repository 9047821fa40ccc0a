//! The HTTP/1.1 server: the router on hyper connections with limits for
//! clients that hold a connection without completing a request (oversized
//! or never-finished headers, bodies that stall), and a graceful shutdown
//! that lets requests in flight finish.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// What a client may take or send before the server gives up on it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From the first poll for a request (also an idle keep-alive
    /// connection) until its header is complete; then the connection closes.
    pub header_read_timeout: Duration,
    /// Request line plus headers; more gets 431 and a closed connection.
    pub max_header_bytes: usize,
    /// Longest pause between two pieces of a request body; a form then gets 408.
    pub body_read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(20),
            // Browsers send a few KiB at most; nginx and Apache refuse lines over 8 KiB.
            max_header_bytes: 16 * 1024,
            body_read_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `app` until `shutdown` resolves, then stops accepting, lets every
/// request in flight finish and closes idle connections. Whoever holds long
/// responses open (live streams) must end them when `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    // Sent once on shutdown; every connection task holds a receiver, so
    // `closed()` on the sender resolves when the last connection is done.
    let (stopping, _) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, remote)) => {
                let stop = stopping.subscribe();
                tokio::spawn(connection(stream, remote, app.clone(), limits, stop));
            }
            Err(e) => accept_failed(e).await,
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    stopping.closed().await;
}

async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    // Small pages and live events should not wait for Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(remote));
        let req = req.map(|b| Body::new(TimeoutBody::new(limits.body_read_timeout, b)));
        app.clone().oneshot(req)
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(limits.max_header_bytes);
    let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
    let result = tokio::select! {
        r = conn.as_mut() => r,
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, peer = %remote, "connection ended with an error");
    }
}

/// Errors of one connection (reset before accept) are skipped; others, such
/// as running out of file descriptors, would repeat at once, so wait a little.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Whether reading a body failed because the client stopped sending it.
pub(crate) fn is_body_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if s.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = s.source();
    }
    false
}
