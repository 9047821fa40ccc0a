use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use db::Db;

use crate::{opinion_cli, serve, users};

/// mitreden – online participation for cities and public authorities.
///
/// Every option can also be given as an environment variable (shown in brackets).
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub db: DbArgs,

    /// Log format: human-readable text or one JSON object per line.
    #[arg(
        long,
        env = "MITREDEN_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Database URL: postgres://user:pass@host/db, or sqlite://PATH. Default: SQLite in the data directory.
    #[arg(long = "database", env = "DATABASE_URL", global = true)]
    pub database: Option<String>,

    /// Folder for the SQLite database, the mail outbox and other local files.
    #[arg(long, env = "MITREDEN_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Write a consistent copy of the SQLite database to FILE while the server runs.
    Backup {
        /// The new backup file (must not exist yet).
        file: PathBuf,
    },
    /// Replace the SQLite database with the backup FILE (stop the server first).
    Restore { file: PathBuf },
    /// Check that the audit log's chain of entries is intact (exit code 1 if it is not).
    AuditVerify,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Opinion maps: analyse a Pol.is export.
    Opinion {
        #[command(subcommand)]
        command: OpinionCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum OpinionCommand {
    /// Read a Pol.is export folder (participants-votes.csv, or votes.csv and
    /// comments.csv) and print groups, representative statements and consensus as JSON.
    Analyze {
        /// The export folder.
        dir: PathBuf,
        /// Feed votes.csv in time order through warm-started updates every N votes.
        #[arg(long, value_name = "N")]
        replay: Option<usize>,
    },
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MITREDEN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The address people reach the site at (used in mail links; https makes cookies Secure).
    /// Default: http:// plus the listen address.
    #[arg(long, env = "MITREDEN_PUBLIC_URL")]
    pub public_url: Option<url::Url>,

    /// Load demo data and a demo administrator (idempotent).
    #[arg(long, env = "MITREDEN_DEMO")]
    pub demo: bool,

    /// SMTP server for outgoing mail, e.g. smtps://user:pass@mail.example.org.
    /// Without it, mails are written to <data-dir>/outbox/ as .eml files.
    #[arg(long, env = "MITREDEN_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "MITREDEN_MAIL_FROM",
        default_value = "mitreden <noreply@mitreden.invalid>"
    )]
    pub mail_from: String,

    /// Theme folder overriding templates/, locales/ and static/.
    #[arg(long, env = "MITREDEN_THEME_DIR")]
    pub theme_dir: Option<PathBuf>,

    /// Tile server for maps, e.g. https://tiles.example.org/{z}/{x}/{y}.png. Without it maps are
    /// drawn from coordinates alone and no page loads anything from another host.
    #[arg(long, env = "MITREDEN_MAP_TILES")]
    pub map_tiles: Option<String>,

    /// The credit the tile server requires, shown under every map.
    #[arg(long, env = "MITREDEN_MAP_ATTRIBUTION")]
    pub map_attribution: Option<String>,

    /// Trust the last X-Forwarded-For entry as the client address (behind a reverse proxy only).
    #[arg(long, env = "MITREDEN_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Let federation reach http addresses and private ones (loopback, the local network): for
    /// development and tests only. Off, a remote server can never make this one call inside.
    #[arg(long, env = "MITREDEN_FEDERATION_ALLOW_PRIVATE")]
    pub federation_allow_private: bool,

    /// The fewest seconds between showing a form that creates a comment, an idea, an account,
    /// a report or feedback and sending it; faster is refused as a robot's. 0 turns it off.
    #[arg(long, env = "MITREDEN_FORM_MIN_SECONDS", default_value_t = 3)]
    pub form_min_seconds: u32,

    /// Where uploaded documents are kept: a folder, or s3://BUCKET (credentials and region from
    /// the usual AWS_* variables) so that several instances share them. Default: <data-dir>/files.
    #[arg(long, env = "MITREDEN_STORAGE_URL")]
    pub storage_url: Option<String>,

    /// The address of an S3-compatible server other than Amazon's, e.g. http://127.0.0.1:9000.
    #[arg(long, env = "MITREDEN_STORAGE_ENDPOINT")]
    pub storage_endpoint: Option<String>,

    /// The largest document upload accepted, in MiB.
    #[arg(long, env = "MITREDEN_MAX_UPLOAD_MB", default_value_t = web::DEFAULT_MAX_UPLOAD_MB)]
    pub max_upload_mb: u64,

    /// How many days a mail that cannot be delivered (the mail server down or refusing for now)
    /// is kept and tried again before it is given up and shown to administrators (/admin/jobs).
    #[arg(long, env = "MITREDEN_MAIL_KEEP_DAYS", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=60))]
    pub mail_keep_days: u16,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a verified account.
    Create(UserCreateArgs),
}

#[derive(Args, Debug)]
pub struct UserCreateArgs {
    #[arg(long, env = "MITREDEN_USER_EMAIL")]
    pub email: String,
    #[arg(long, env = "MITREDEN_USER_PASSWORD")]
    pub password: String,
    /// citizen, staff, moderator or admin.
    #[arg(long, default_value = "citizen")]
    pub role: String,
    /// Public display name (default: the part of the address before the @).
    #[arg(long)]
    pub name: Option<String>,
    /// Department name, required for staff (created if missing).
    #[arg(long)]
    pub department: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum LogFormat {
    Text,
    Json,
}

pub fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("MITREDEN_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

impl DbArgs {
    pub fn url(&self) -> String {
        self.database
            .clone()
            .unwrap_or_else(|| Db::sqlite_url_for_dir(&self.data_dir))
    }

    /// The SQLite file in use, if the database is SQLite.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let url = self.url();
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        Some(PathBuf::from(path.split('?').next().unwrap_or(path)))
    }

    /// Connects and migrates. The data directory is created first, since the
    /// SQLite file and the outbox live there.
    pub async fn open(&self) -> anyhow::Result<Db> {
        ensure_dir(&self.data_dir)?;
        let url = self.url();
        let db = Db::connect(&url)
            .await
            .with_context(|| format!("connecting to {}", db::redact_url(&url)))?;
        let applied = db.migrate().await.context("migrating the database")?;
        tracing::info!(backend = db.backend().name(), applied, "database ready");
        Ok(db)
    }
}

fn ensure_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(&cli.db, args).await,
        Command::Migrate => {
            let db = cli.db.open().await?;
            println!("database is up to date ({})", db.backend().name());
            db.close().await;
            Ok(())
        }
        Command::Backup { file } => {
            let db = cli.db.open().await?;
            let res = db::backup::backup(&db, &file).await;
            db.close().await;
            res?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let live = cli
                .db
                .sqlite_path()
                .context("restore works on SQLite; PostgreSQL uses pg_restore (see README)")?;
            db::backup::restore(&file, &live).await?;
            println!("restored {} into {}", file.display(), live.display());
            Ok(())
        }
        Command::AuditVerify => {
            let db = cli.db.open().await?;
            let verdict = db::audit::verify(&db).await;
            db.close().await;
            match verdict? {
                db::audit::Verdict::Intact(n) => {
                    println!("the audit log is intact ({n} entries)");
                    Ok(())
                }
                db::audit::Verdict::BrokenAt(id) => anyhow::bail!(
                    "the audit log's chain is broken at entry {id}: it or an entry before it was changed or removed"
                ),
            }
        }
        Command::User {
            command: UserCommand::Create(args),
        } => {
            let db = cli.db.open().await?;
            let res = users::create(&db, args).await;
            db.close().await;
            res
        }
        Command::Opinion {
            command: OpinionCommand::Analyze { dir, replay },
        } => {
            let out = tokio::task::spawn_blocking(move || opinion_cli::analyze(&dir, replay))
                .await
                .context("the analysis stopped")??;
            println!("{}", serde_json::to_string_pretty(&out)?);
            Ok(())
        }
    }
}
