use std::net::SocketAddr;

use anyhow::Context;
use tokio::sync::watch;

use crate::cli::{DbArgs, ServeArgs};
use crate::demo;

pub async fn run(db_args: &DbArgs, args: ServeArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = db_args.open().await?;
    let storage = match &args.storage_url {
        Some(url) => web::storage::Storage::open(url, args.storage_endpoint.as_deref()),
        None => web::storage::Storage::local(&db_args.data_dir.join("files")),
    }
    .context("opening the file storage")?;
    tracing::info!(storage = %storage.description, "file storage ready");
    let mailer = match &args.smtp_url {
        Some(url) => mail::Mailer::smtp(url, &args.mail_from)?,
        None => mail::Mailer::outbox(db_args.data_dir.join("outbox"), &args.mail_from)?,
    };
    let public_url = match args.public_url.clone() {
        Some(u) => u,
        None => default_public_url(args.listen)?,
    };
    let mut config = web::WebConfig::new(public_url.clone());
    config.theme_dir = args.theme_dir.clone();
    config.trust_proxy = args.trust_proxy;
    config.federation_allow_private = args.federation_allow_private;
    config.form_min_seconds = args.form_min_seconds;
    config.map_tiles = args.map_tiles.clone();
    config.map_attribution = args.map_attribution.clone();
    config.storage = storage;
    config.upload_dir = db_args.data_dir.join("uploads");
    config.max_upload_bytes = args.max_upload_mb.saturating_mul(1024 * 1024);
    config.job_retry.keep = chrono::Duration::days(i64::from(args.mail_keep_days));
    let state = web::AppState::new(db.clone(), mailer, config)?;
    if args.demo {
        demo::load(&state.app)
            .await
            .context("loading the demo data")?;
    }

    let (stop_tx, stop_rx) = watch::channel(false);
    let background = web::spawn_background(&state, stop_rx);

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, public_url = %public_url, startup_ms = started.elapsed().as_millis() as u64, "mitreden is listening");
    println!("mitreden listens on http://{local}/ (public address {public_url})");
    if args.demo {
        println!(
            "demo administrator: {} / password {}",
            demo::ADMIN_EMAIL,
            demo::PASSWORD
        );
    }
    if let Some(dir) = state.mailer.outbox_dir() {
        println!("mails are written to {}", dir.display());
    }

    web::server::serve(
        listener,
        web::app(state.clone()),
        web::server::Limits::default(),
        {
            let state = state.clone();
            async move {
                shutdown_signal().await;
                // Open live streams would otherwise keep the server waiting.
                state.live.stop();
            }
        },
    )
    .await;

    tracing::info!("requests finished, stopping");
    let _ = stop_tx.send(true);
    for task in background {
        let _ = task.await;
    }
    db.close().await;
    Ok(())
}

fn default_public_url(listen: SocketAddr) -> anyhow::Result<url::Url> {
    let host = if listen.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else if listen.is_ipv6() {
        format!("[{}]", listen.ip())
    } else {
        listen.ip().to_string()
    };
    url::Url::parse(&format!("http://{host}:{}/", listen.port())).context("building the public URL")
}

/// Resolves on SIGTERM or Ctrl-C; the server then stops accepting and lets
/// the requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested");
}
