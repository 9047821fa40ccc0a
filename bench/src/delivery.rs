//! What the delivery benchmarks (`mail_delivery`, `federation_fanout`)
//! share: a minimal SMTP server that accepts and counts mail, a process with
//! an idea to answer, and many citizens written at once.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::Actor;
use chrono::Local;
use domain::Role;
use domain::processes::{DateRange, Phases, Status};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

type BoxError = Box<dyn std::error::Error>;

/// An SMTP server on loopback that accepts every mail and counts it, as a
/// relay that answers at once would.
pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
}

impl SmtpSink {
    pub async fn start() -> io::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let received = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let (r, c) = (received.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::Relaxed);
                let r = r.clone();
                tokio::spawn(async move {
                    let _ = session(stream, &r).await;
                });
            }
        });
        Ok(SmtpSink {
            addr,
            received,
            connections,
        })
    }

    /// Mails accepted so far.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }

    /// Connections opened so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }
}

async fn session(stream: TcpStream, received: &AtomicUsize) -> io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 sink ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let verb = line
            .get(..4)
            .map(|v| v.to_ascii_uppercase())
            .unwrap_or_default();
        match verb.as_slice() {
            b"EHLO" => {
                w.write_all(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?
            }
            b"HELO" | b"MAIL" | b"RCPT" | b"RSET" | b"NOOP" => w.write_all(b"250 OK\r\n").await?,
            b"DATA" => {
                w.write_all(b"354 end with .\r\n").await?;
                loop {
                    line.clear();
                    if r.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == b".\r\n" {
                        break;
                    }
                }
                received.fetch_add(1, Ordering::Relaxed);
                w.write_all(b"250 queued\r\n").await?;
            }
            b"QUIT" => {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => w.write_all(b"500 unknown\r\n").await?,
        }
    }
}

/// A published process open for ideas, by a staff member of a department
/// of its own, and an idea in it by `author`: (staff, process, idea).
pub async fn process_with_idea(
    app: &app::App,
    run: &str,
    author: i64,
) -> Result<(Actor, i64, i64), BoxError> {
    let system = Actor::System;
    let dep = app::admin::create_department(app, &system, &format!("Tiefbauamt {run}"))
        .await?
        .value;
    let staff = app::accounts::create_account(
        app,
        &system,
        app::accounts::NewAccount {
            email: format!("tiefbau-{run}@bench.example"),
            display_name: "Tiefbauamt".into(),
            password: app::accounts::Password::Hashed("unused".into()),
            role: Role::Staff,
            department_id: Some(dep.id),
        },
    )
    .await?
    .value;
    let staff = Actor::Person(Arc::new(staff));
    let today = Local::now().date_naive();
    let phases = Phases {
        participation: DateRange {
            from: Some(today - chrono::Duration::days(1)),
            until: Some(today + chrono::Duration::days(30)),
        },
        ..Default::default()
    };
    let form = app::processes::ProcessForm {
        title: format!("Radverkehr {run}"),
        summary: "Ideen gesucht".into(),
        description: "Ideen für den Radverkehr.".into(),
        tags: "Rad".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&phases),
        ideas_enabled: true,
        ..Default::default()
    };
    let process = app::processes::create(app, &staff, form, Status::Published)
        .await?
        .value;
    let idea = app::ideas::import(
        app,
        &system,
        author,
        process,
        app::ideas::Submission {
            title: "Fahrradstraße".into(),
            body: "Eine Fahrradstraße durch das Viertel.".into(),
            ..Default::default()
        },
    )
    .await?
    .value;
    Ok((staff, process, idea))
}

/// An idea supported by `n` citizens (its author among them), in a process
/// of its own: (staff, process, idea).
pub async fn supported_idea(
    app: &app::App,
    db: &db::Db,
    run: &str,
    tag: &str,
    n: usize,
) -> Result<(Actor, i64, i64), BoxError> {
    let people = citizens(db, run, tag, n).await?;
    let author = *people.first().ok_or("no citizens")?;
    let (staff, process, idea) = process_with_idea(app, run, author).await?;
    let txn = db.begin_write().await?;
    for id in &people[1..] {
        db::ideas::set_support(&txn, idea, *id, true).await?;
    }
    txn.commit().await?;
    Ok((staff, process, idea))
}

/// `n` verified citizens, written in one transaction.
pub async fn citizens(db: &db::Db, run: &str, tag: &str, n: usize) -> Result<Vec<i64>, BoxError> {
    let txn = db.begin_write().await?;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let u = db::accounts::create_in(
            &txn,
            db::accounts::NewUser {
                email: format!("{tag}{i}-{run}@bench.example"),
                display_name: format!("Person {i}"),
                password_hash: "unused".into(),
                role: Role::Citizen,
                department_id: None,
                verified: true,
            },
        )
        .await
        .map_err(|e| e.to_string())?;
        ids.push(u.id);
    }
    txn.commit().await?;
    Ok(ids)
}

/// A database to run on: `--database URL`, or a fresh SQLite file in a
/// scratch folder (returned, to be removed at the end).
pub async fn database(
    args: &crate::Args,
    name: &str,
) -> Result<(db::Db, Option<std::path::PathBuf>), BoxError> {
    let (url, scratch) = match args.get("database") {
        Some(u) => (u, None),
        None => {
            let dir = std::env::temp_dir().join(format!("mitreden-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            (db::Db::sqlite_url_for_dir(&dir), Some(dir))
        }
    };
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    Ok((db, scratch))
}

/// The machine's load average over the last minute, as `/proc/loadavg` says.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A label for each run's names, so that runs share a database.
pub fn run_label() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    )
}
