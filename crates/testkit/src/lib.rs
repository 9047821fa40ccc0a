//! Test harness: the real application over a real database, driven through its
//! router without a network. SQLite by default; PostgreSQL when
//! `MITREDEN_TEST_DATABASE_URL` points at a server (each test app then gets a
//! fresh database of its own, so tests run in parallel).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use db::scratch::ScratchDb;
use db::{Backend, Db};
use http_body_util::BodyExt;
use tower::ServiceExt;
use web::{SharedState, WebConfig};

pub const PUBLIC_URL: &str = "http://mitreden.test";

/// Waits until `check` gives a value, asking again every few milliseconds,
/// and fails the test saying what it waited for if none came within
/// `within`. For a test that waits for something to happen (a notification
/// to arrive, a subscription to be in place): it goes on as soon as it has,
/// instead of sleeping for a time that is usually enough.
pub async fn wait_for<T>(
    within: std::time::Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited {within:?} in vain for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// Waits until `check` holds (see `wait_for`).
pub async fn wait_until(
    within: std::time::Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> bool,
) {
    wait_for(within, what, async || check().await.then_some(())).await
}

/// A database for one test: `db::scratch::ScratchDb` (a SQLite file in a
/// scratch folder, or a fresh PostgreSQL database), opened the way a server
/// instance opens it. Removed when the last app on it is dropped.
pub struct TestDb {
    pub url: String,
    scratch: ScratchDb,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let scratch = ScratchDb::new().await;
        TestDb {
            url: scratch.url().to_owned(),
            scratch,
        }
    }

    pub fn dir(&self) -> &Path {
        self.scratch.dir()
    }

    /// The name of the PostgreSQL database (None on SQLite).
    pub fn pg_database(&self) -> Option<&str> {
        self.scratch.pg_database()
    }

    /// Opens and migrates the database, as a server instance does at start.
    pub async fn open(&self) -> Db {
        self.open_via(&self.url).await
    }

    /// Opens and migrates the database through `url`, another way to the same
    /// database (a proxy).
    pub async fn open_via(&self, url: &str) -> Db {
        let db = db::scratch::connect(url).await;
        db.migrate().await.expect("migrate");
        db
    }
}

/// A file's bytes, searched for what must (not) be in them.
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    pub fn contains(&self, needle: &[u8]) -> bool {
        self.0.windows(needle.len()).any(|w| w == needle)
    }
}

/// One instance of the application.
pub struct TestApp {
    pub state: SharedState,
    pub router: Router,
    pub db: Db,
    pub outbox: PathBuf,
    test_db: Arc<TestDb>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.state.live.stop();
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(f: impl FnOnce(&mut WebConfig)) -> TestApp {
        let test_db = Arc::new(TestDb::new().await);
        Self::on(test_db, f).await
    }

    /// A second instance sharing this one's database, as behind a load balancer.
    pub async fn another_instance(&self) -> TestApp {
        Self::on(self.test_db.clone(), |_| {}).await
    }

    /// Another instance on this one's database, configured by `f` (e.g. with
    /// the page cache off, to compare pages with).
    pub async fn another_instance_with(&self, f: impl FnOnce(&mut WebConfig)) -> TestApp {
        Self::on(self.test_db.clone(), f).await
    }

    /// Another instance that reaches this one's database through `url` (e.g. a
    /// proxy in front of the PostgreSQL server; see `database_url`).
    pub async fn another_instance_via(&self, url: &str) -> TestApp {
        Self::on_via(self.test_db.clone(), url, |_| {}).await
    }

    /// The address of this test's database.
    pub fn database_url(&self) -> &str {
        &self.test_db.url
    }

    /// SQLite: the bytes of the database file, once its write-ahead log is
    /// checked to be empty (what a deletion left must not hide in either).
    /// None on PostgreSQL.
    pub fn sqlite_file_with_empty_log(&self) -> Option<Bytes> {
        let path = self.test_db.url.strip_prefix("sqlite://")?;
        let wal = std::fs::metadata(format!("{path}-wal")).map_or(0, |m| m.len());
        assert_eq!(wal, 0, "the write-ahead log was not emptied");
        Some(Bytes(std::fs::read(path).expect("read the database file")))
    }

    /// The name of this test's PostgreSQL database (None on SQLite).
    pub fn database_name(&self) -> Option<&str> {
        self.test_db.pg_database()
    }

    /// Ends, on the server's side, the connections of every event listener
    /// of this test's PostgreSQL database, as a network failure or an
    /// administrator would; returns how many were ended.
    pub async fn end_listener_connections(&self) -> u64 {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        let Some(name) = self.database_name() else {
            return 0;
        };
        let rows = self
            .db
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
                 WHERE datname = $1 AND application_name = $2",
                [name.into(), db::events::LISTENER_APPLICATION_NAME.into()],
            ))
            .await
            .expect("end the listeners' connections");
        rows.len() as u64
    }

    /// Waits (at most `within`) until this instance hears other instances'
    /// changes, as after `start_background` on PostgreSQL; false if it never
    /// did.
    pub async fn until_listening(&self, within: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + within;
        while !self.state.hears_other_instances() {
            if std::time::Instant::now() > until {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        true
    }

    /// Where this instance's forgetting stands now: for `until_forgotten`.
    pub fn forget_epoch(&self) -> u64 {
        self.state.cache.epoch()
    }

    /// Waits until this instance has forgotten what `tag` names after it
    /// stood at `epoch` (`forget_epoch`): a change committed here or, on
    /// PostgreSQL, announced by another instance has reached it. Fails the
    /// test after `within`.
    pub async fn until_forgotten(&self, tag: domain::Tag, epoch: u64, within: std::time::Duration) {
        wait_until(
            within,
            &format!("this instance to forget {tag:?}"),
            async || !self.state.cache.log.unchanged_since(&[tag], epoch),
        )
        .await;
    }

    /// Another instance where the database carries changes between instances
    /// (PostgreSQL). None on SQLite, which serves one instance: there it checks
    /// that the cross-instance path is not taken.
    pub async fn another_instance_if_shared(&self) -> Option<TestApp> {
        if self.backend() == Backend::Sqlite {
            let listener = db::events::Listener::connect(&self.db)
                .await
                .expect("listener");
            assert!(listener.is_none(), "SQLite has no cross-instance listener");
            return None;
        }
        Some(self.another_instance().await)
    }

    async fn on(test_db: Arc<TestDb>, f: impl FnOnce(&mut WebConfig)) -> TestApp {
        let url = test_db.url.clone();
        Self::on_via(test_db, &url, f).await
    }

    async fn on_via(test_db: Arc<TestDb>, url: &str, f: impl FnOnce(&mut WebConfig)) -> TestApp {
        let db = test_db.open_via(url).await;
        eprintln!("test database: {}", db.backend().name());
        let outbox = test_db.dir().join("outbox");
        let mailer =
            mail::Mailer::outbox(&outbox, "mitreden <noreply@mitreden.test>").expect("mailer");
        let mut config = WebConfig::new(url::Url::parse(PUBLIC_URL).expect("url"));
        // Instances of one test share their files, as they would share a bucket.
        config.storage =
            web::storage::Storage::local(&test_db.dir().join("files")).expect("file storage");
        config.upload_dir = test_db.dir().join("uploads");
        f(&mut config);
        let state = web::AppState::new(db.clone(), mailer, config).expect("app state");
        let router = web::app(state.clone());
        let (stop, _) = tokio::sync::watch::channel(false);
        TestApp {
            state,
            router,
            db,
            outbox,
            test_db,
            stop,
        }
    }

    /// Starts the job worker and the event listener, as the server does.
    pub fn start_background(&self) {
        let _ = web::spawn_background(&self.state, self.stop.subscribe());
    }

    /// Creates a department and a logged-in member of its staff.
    pub async fn staff(&self, email: &str, password: &str, department: &str) -> (Client, i64) {
        let dep = match db::departments::by_name(&self.db, department)
            .await
            .expect("departments")
        {
            Some(d) => d,
            None => db::departments::create(&self.db, department)
                .await
                .expect("create department"),
        };
        let hash = web::security::hash_password(password.into())
            .await
            .expect("hash");
        db::accounts::create(
            &self.db,
            db::accounts::NewUser {
                email: email.into(),
                display_name: format!("Team {department}"),
                password_hash: hash,
                role: domain::Role::Staff,
                department_id: Some(dep.id),
                verified: true,
            },
        )
        .await
        .expect("create staff");
        let c = self.client();
        c.login(email, password).await;
        (c, dep.id)
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: Arc::new(Mutex::new(HashMap::new())),
            ip: "203.0.113.7:40000".parse().expect("addr"),
        }
    }

    /// Delivers every queued mail now (the server's worker does this in the background).
    pub async fn deliver_mail(&self) -> usize {
        web::worker::run_pending(&self.state)
            .await
            .expect("job queue")
    }

    /// Every mail in the outbox addressed to `to`, oldest first, with
    /// quoted-printable soft breaks undone.
    pub fn mails_to(&self, to: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return vec![];
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .map(|m| {
                m.replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=")
            })
            .filter(|m| {
                m.lines().any(|l| {
                    l.to_ascii_lowercase().starts_with("to:")
                        && l.to_ascii_lowercase().contains(&to.to_ascii_lowercase())
                })
            })
            .collect()
    }

    /// The path of the first link to this site in the newest mail to `to` whose
    /// path starts with `prefix`.
    pub async fn link_from_mail(&self, to: &str, prefix: &str) -> String {
        // A background worker may be delivering it right now: wait a little.
        let mut mails = vec![];
        let start = format!("{PUBLIC_URL}{prefix}");
        for _ in 0..100 {
            self.deliver_mail().await;
            mails = self.mails_to(to);
            if mails.iter().any(|m| m.contains(&start)) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        // Other mails (notifications of a running worker) may have come since.
        let mail = mails
            .iter()
            .rev()
            .find(|m| m.contains(&start))
            .or(mails.last())
            .unwrap_or_else(|| panic!("no mail to {to}"));
        let i = mail
            .find(&start)
            .unwrap_or_else(|| panic!("no {prefix} link in mail:\n{mail}"));
        let rest = &mail[i + PUBLIC_URL.len()..];
        rest.split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_owned()
    }

    /// Registers, verifies and returns a logged-in client.
    pub async fn citizen(&self, email: &str, name: &str, password: &str) -> Client {
        let c = self.client();
        let r = c
            .post_form(
                "/register",
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "registration failed: {}",
            r.body
        );
        let link = self.link_from_mail(email, "/verify/").await;
        // The link opens a page; its button verifies.
        assert_eq!(c.get(&link).await.status, StatusCode::OK);
        assert_eq!(c.post_form(&link, &[]).await.status, StatusCode::OK);
        c.login(email, password).await;
        c
    }

    /// Creates an administrator directly and returns a logged-in client.
    pub async fn admin(&self, email: &str, password: &str) -> Client {
        let hash = web::security::hash_password(password.into())
            .await
            .expect("hash");
        db::accounts::create(
            &self.db,
            db::accounts::NewUser {
                email: email.into(),
                display_name: "Admin".into(),
                password_hash: hash,
                role: domain::Role::Admin,
                department_id: None,
                verified: true,
            },
        )
        .await
        .expect("create admin");
        let c = self.client();
        c.login(email, password).await;
        c
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent, for files that are not text.
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// Fails the test unless the body contains `needle`.
    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected {needle:?} in:\n{}",
            self.body
        );
    }

    /// The body with the value of every form's time stamp left out: two
    /// renderings of a page differ in nothing else when they show the same.
    pub fn unstamped(&self) -> String {
        const FIELD: &str = r#"name="form_stamp" value=""#;
        let mut out = String::with_capacity(self.body.len());
        let mut rest = self.body.as_str();
        while let Some(at) = rest.find(FIELD) {
            let value = at + FIELD.len();
            out.push_str(&rest[..value]);
            rest = &rest[value..];
            rest = &rest[rest.find('"').unwrap_or(rest.len())..];
        }
        out.push_str(rest);
        out
    }
}

/// A browser stand-in: keeps cookies, sends form posts with the CSRF token.
#[derive(Clone)]
pub struct Client {
    router: Router,
    cookies: Arc<Mutex<HashMap<String, String>>>,
    pub ip: SocketAddr,
}

impl Client {
    /// Publishes a process through the staff's form, its participation running
    /// from yesterday for a month; `fields` add to or override the defaults.
    /// Returns its id.
    pub async fn publish_process(&self, department_id: i64, fields: &[(&str, &str)]) -> i64 {
        let today = web::dates::today();
        let (from, until) = (
            (today - chrono::Duration::days(1)).to_string(),
            (today + chrono::Duration::days(30)).to_string(),
        );
        let dep = department_id.to_string();
        let mut all: Vec<(&str, &str)> = vec![
            ("title", "Ein Beteiligungsverfahren"),
            ("summary", "Worum es geht"),
            ("department_id", &dep),
            ("participation_from", &from),
            ("participation_until", &until),
            ("action", "publish"),
        ];
        for (k, v) in fields {
            all.retain(|(ek, _)| ek != k);
            all.push((k, v));
        }
        let r = self.post_multipart("/processes", &all, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        r.location()
            .and_then(|l| l.trim_start_matches("/processes/").parse().ok())
            .expect("the new process's address")
    }

    /// The same browser talking to another instance (the cookies come along).
    pub fn on(&self, app: &TestApp) -> Client {
        Client {
            router: app.router.clone(),
            cookies: self.cookies.clone(),
            ip: self.ip,
        }
    }

    pub fn with_ip(mut self, ip: &str) -> Client {
        self.ip = format!("{ip}:40000").parse().expect("ip");
        let copy = self.cookies.lock().expect("cookies").clone();
        self.cookies = Arc::new(Mutex::new(copy));
        self
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().expect("cookies").get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .expect("cookies")
            .insert(name.to_owned(), value.to_owned());
    }

    pub async fn request(&self, req: Request<Body>) -> Response {
        let mut req = req;
        let cookie_header = {
            let jar = self.cookies.lock().expect("cookies");
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !cookie_header.is_empty() && !req.headers().contains_key(header::COOKIE) {
            req.headers_mut().insert(
                header::COOKIE,
                cookie_header.parse().expect("cookie header"),
            );
        }
        req.headers_mut()
            .entry(header::HOST)
            .or_insert("mitreden.test".parse().expect("host"));
        req.extensions_mut().insert(ConnectInfo(self.ip));
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("infallible router");
        let status = res.status();
        let headers = res.headers().clone();
        {
            let mut jar = self.cookies.lock().expect("cookies");
            for v in headers.get_all(header::SET_COOKIE) {
                let s = v.to_str().unwrap_or("");
                let first = s.split(';').next().unwrap_or("");
                if let Some((k, val)) = first.split_once('=') {
                    if s.contains("Max-Age=0") {
                        jar.remove(k);
                    } else {
                        jar.insert(k.to_owned(), val.to_owned());
                    }
                }
            }
        }
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut b = Request::builder().method(Method::GET).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.request(b.body(Body::empty()).expect("request")).await
    }

    /// Posts a form the way the page does: with the CSRF token from the cookie
    /// (fetching a page first if the browser has none yet).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        if self.cookie(web::cookies::CSRF).is_none() {
            self.get("/").await;
        }
        let token = self.cookie(web::cookies::CSRF).unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// Posts exactly these fields and headers, nothing added.
    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.request(b.body(Body::from(body)).expect("request"))
            .await
    }

    /// Posts a multipart form (with an optional file) the way the page does:
    /// the CSRF token as the body's first part.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Response {
        if self.cookie(web::cookies::CSRF).is_none() {
            self.get("/").await;
        }
        let token = self.cookie(web::cookies::CSRF).unwrap_or_default();
        let boundary = "mitredenTestBoundary7f3a";
        let mut body: Vec<u8> = Vec::new();
        let token_field = [("csrf_token", token.as_str())];
        for (k, v) in token_field.iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, filename, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    /// Opens a streaming GET (server-sent events) and returns the response
    /// with its body still open.
    pub async fn open_stream(&self, path: &str) -> axum::response::Response {
        let cookie_header = {
            let jar = self.cookies.lock().expect("cookies");
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut req = Request::builder()
            .method(Method::GET)
            .uri(path)
            .header(header::HOST, "mitreden.test")
            .body(Body::empty())
            .expect("request");
        if !cookie_header.is_empty() {
            req.headers_mut()
                .insert(header::COOKIE, cookie_header.parse().expect("cookie"));
        }
        req.extensions_mut().insert(ConnectInfo(self.ip));
        self.router
            .clone()
            .oneshot(req)
            .await
            .expect("infallible router")
    }

    pub async fn login(&self, email: &str, password: &str) {
        let r = self
            .post_form("/login", &[("email", email), ("password", password)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login failed: {}", r.body);
        assert!(
            self.cookie(web::cookies::SESSION).is_some(),
            "no session cookie"
        );
    }
}

/// A real SMTP server process on loopback (`smtp_server.py`), steered by the
/// test: refusing, rejecting, slow. Stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    dir: PathBuf,
    child: std::process::Child,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        use std::io::BufRead;
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mitreden-smtp-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("smtp folder");
        let mut child = std::process::Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/src/smtp_server.py"))
            .arg(&dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs the SMTP server");
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("the SMTP server's port");
        let port = line.trim().parse().expect("a port number");
        SmtpServer { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn set(&self, name: &str, value: Option<&str>) {
        let path = self.dir.join(name);
        match value {
            Some(v) => std::fs::write(path, v).expect("steering file"),
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Answers 421 at the greeting (a server down for maintenance) or not.
    pub fn refuse(&self, on: bool) {
        self.set("refuse", on.then_some(""));
    }

    /// Answers 550 to every recipient, or not.
    pub fn reject(&self, on: bool) {
        self.set("reject", on.then_some(""));
    }

    /// Waits this long before accepting each message.
    pub fn slow(&self, ms: u64) {
        self.set("slow_ms", Some(&ms.to_string()));
    }

    /// Refuses every n-th message for now (451).
    pub fn tempfail_every(&self, n: u32) {
        self.set("tempfail_every", Some(&n.to_string()));
    }

    /// The messages accepted so far, in the order they came.
    pub fn mails(&self) -> Vec<String> {
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter_map(|p| {
                        let n = p
                            .file_name()?
                            .to_str()?
                            .strip_prefix("mail-")?
                            .strip_suffix(".eml")?
                            .parse()
                            .ok()?;
                        Some((n, p))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter_map(|(_, p)| std::fs::read_to_string(p).ok())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
