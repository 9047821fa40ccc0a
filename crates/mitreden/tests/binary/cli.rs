//! The binary as an operator uses it: help, migrations, accounts from the
//! command line, and a server that starts, answers, reuses its data and stops
//! cleanly on SIGTERM. Runs on PostgreSQL when MITREDEN_TEST_DATABASE_URL is set.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use testkit::TestDb;

const BIN: &str = env!("CARGO_BIN_EXE_mitreden");

fn mitreden(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .arg("--database")
        .arg(&db.url)
        .arg("--data-dir")
        .arg(db.dir())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run mitreden")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn help_documents_every_option_and_its_variable() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let s = text(&out.stdout);
    for needle in [
        "serve",
        "migrate",
        "user",
        "DATABASE_URL",
        "MITREDEN_DATA_DIR",
        "MITREDEN_LOG_FORMAT",
    ] {
        assert!(s.contains(needle), "--help lacks {needle}:\n{s}");
    }
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let s = text(&out.stdout);
    for needle in [
        "--listen",
        "MITREDEN_LISTEN",
        "--demo",
        "MITREDEN_SMTP_URL",
        "MITREDEN_PUBLIC_URL",
        "MITREDEN_THEME_DIR",
        "MITREDEN_MAIL_FROM",
        "MITREDEN_TRUST_PROXY",
    ] {
        assert!(s.contains(needle), "serve --help lacks {needle}:\n{s}");
    }
}

#[tokio::test]
async fn users_are_created_from_the_command_line() {
    let db = TestDb::new().await;
    let out = mitreden(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = mitreden(&db, &["migrate"]);
    assert!(
        out.status.success(),
        "a second migrate must be a no-op: {}",
        text(&out.stderr)
    );

    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "Chefin@Example.org",
            "--password",
            "sehr-geheim-123",
            "--role",
            "admin",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created chefin@example.org (admin)"));

    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "chefin@example.org",
            "--password",
            "sehr-geheim-123",
            "--role",
            "admin",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );

    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "x@example.org",
            "--password",
            "sehr-geheim-123",
            "--role",
            "king",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown role"));

    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "x@example.org",
            "--password",
            "kurz",
            "--role",
            "citizen",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("password refused"));

    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "staff@example.org",
            "--password",
            "sehr-geheim-123",
            "--role",
            "staff",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--department"));
    let out = mitreden(
        &db,
        &[
            "user",
            "create",
            "--email",
            "staff@example.org",
            "--password",
            "sehr-geheim-123",
            "--role",
            "staff",
            "--department",
            "Finanzbehörde",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let conn = db.open().await;
    let admin = db::accounts::by_email(&conn, "chefin@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.role, domain::Role::Admin);
    assert!(admin.email_verified);
    let staff = db::accounts::by_email(&conn, "staff@example.org")
        .await
        .unwrap()
        .unwrap();
    let dep = db::departments::by_name(&conn, "Finanzbehörde")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(staff.department_id, Some(dep.id));
}

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(db: &TestDb) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--demo",
                "--listen",
                "127.0.0.1:0",
                "--database",
                &db.url,
                "--data-dir",
            ])
            .arg(db.dir())
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut addr = None;
        let mut saw_admin = false;
        for line in lines.by_ref() {
            let line = line.expect("line");
            if let Some(rest) = line.strip_prefix("mitreden listens on http://") {
                addr = Some(rest.split('/').next().unwrap().to_owned());
            }
            if line.contains("demo administrator: admin@mitreden.example") {
                saw_admin = true;
            }
            if line.starts_with("mails are written to") {
                break;
            }
        }
        assert!(saw_admin, "the demo login is printed");
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            addr: addr.expect("address printed"),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut buf = String::new();
        s.read_to_string(&mut buf).unwrap();
        let status = buf
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, buf)
    }

    /// SIGTERM, then wait: the server must stop by itself, successfully.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        // std's `Child` has no wait with a time limit: look for its exit
        // every few milliseconds, up to a deadline.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[tokio::test]
async fn the_server_starts_serves_reuses_its_data_and_stops_on_sigterm() {
    let db = TestDb::new().await;
    let server = Server::start(&db);
    let (status, _) = server.get("/readyz");
    assert_eq!(status, 200);
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("Mitreden in Ihrer Stadt"), "{body}");
    let (status, _) = server.get("/nope");
    assert_eq!(status, 404);
    server.stop();
    if db.url.starts_with("sqlite") {
        assert!(db.dir().join("mitreden.db").is_file());
    }

    // The second start finds the same data: the demo is not loaded twice.
    let server = Server::start(&db);
    assert_eq!(server.get("/readyz").0, 200);
    server.stop();
    let conn = db.open().await;
    assert_eq!(db::accounts::count_admins(&conn).await.unwrap(), 1);
    assert!(
        db::accounts::by_email(&conn, "admin@mitreden.example")
            .await
            .unwrap()
            .is_some()
    );
}

/// Runs `args` and waits at most `limit` for it to end.
fn run_briefly(db: &TestDb, args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--database")
        .arg(&db.url)
        .arg("--data-dir")
        .arg(db.dir())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mitreden");
    let started = Instant::now();
    // No wait with a time limit in std: look for the exit until `limit`.
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("mitreden {args:?} still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

#[tokio::test]
async fn a_migration_edited_after_it_was_applied_stops_the_start() {
    use sea_orm::ConnectionTrait;

    let db = TestDb::new().await;
    let out = mitreden(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // What an edit of migration 4 looks like from the database's side: the
    // checksum recorded when it was applied no longer matches.
    let conn = db::Db::connect(&db.url).await.expect("connect");
    conn.conn()
        .execute_unprepared("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 4")
        .await
        .expect("tamper");
    conn.close().await;

    for args in [&["migrate"][..], &["serve", "--listen", "127.0.0.1:0"]] {
        let out = run_briefly(&db, args, Duration::from_secs(30));
        assert!(!out.status.success(), "{args:?} must fail");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(
                "error: migrating the database: migration 4 (surveys) was changed after it was applied"
            ),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("Restore the migration as it was released"),
            "{stderr}"
        );
    }
}

/// The opinion math's command on a Pol.is export: JSON with the groups, and
/// how they compare with the groups Pol.is gave.
#[test]
fn opinion_analyze_reads_a_polis_export() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../opinion/tests/data/vtaiwan.uberx"
    );
    let out = Command::new(BIN)
        .args(["opinion", "analyze", data])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for needle in [
        "\"groups\"",
        "\"representative\"",
        "\"consensus\"",
        "\"agree_share\"",
        "\"ari\"",
    ] {
        assert!(s.contains(needle), "analyze lacks {needle}:\n{s}");
    }
    assert!(s.contains("\"k_matches\": true"), "{s}");
    // Replayed from votes.csv every 5,000 votes.
    let out = Command::new(BIN)
        .args(["opinion", "analyze", data, "--replay", "5000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("\"updates\""), "{s}");
    assert!(!s.contains("\"updates\": 1,"), "{s}");
    // A folder without an export is an error with a message, not a panic.
    let out = Command::new(BIN)
        .args(["opinion", "analyze", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("neither"),
        "{}",
        text(&out.stderr)
    );
}
