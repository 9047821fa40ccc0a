//! Small helpers shared by the benchmark binaries: a minimal HTTP/1.1 client
//! over plain tokio TCP (keep-alive, cookies, form posts with the CSRF token),
//! percentiles, and memory figures of a running process from `/proc`.
//!
//! Deliberately tiny: the load tools must not cost more CPU than the server
//! they measure, and they must not pull in a large client crate.

pub mod delivery;

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The password of every demo account (`serve --demo`).
pub const DEMO_PASSWORD: &str = "mitreden-demo";

/// The address of the n-th demo citizen (1-based), e.g. `buerger01@mitreden.example`.
pub fn demo_citizen(n: usize) -> String {
    format!("buerger{n:02}@mitreden.example")
}

/// The value at fraction `p` (0..=1) of an ascending slice (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// p50, p99 and max of unsorted samples, as JSON (NaN becomes null).
pub fn summary(mut v: Vec<f64>) -> serde_json::Value {
    v.sort_by(|a, b| a.total_cmp(b));
    let num = |x: f64| {
        if x.is_finite() {
            serde_json::json!((x * 1000.0).round() / 1000.0)
        } else {
            serde_json::Value::Null
        }
    };
    serde_json::json!({
        "n": v.len(),
        "p50": num(percentile(&v, 0.5)),
        "p99": num(percentile(&v, 0.99)),
        "max": num(v.last().copied().unwrap_or(f64::NAN)),
    })
}

/// Resident memory of a process in KiB: (current VmRSS, peak VmHWM).
pub fn rss_kib(pid: u32) -> Option<(u64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Command-line options of the form `--name value`, looked up by name.
pub struct Args(Vec<String>);

impl Args {
    pub fn from_env() -> Args {
        Args(std::env::args().skip(1).collect())
    }

    pub fn get(&self, name: &str) -> Option<String> {
        let flag = format!("--{name}");
        self.0
            .iter()
            .position(|a| *a == flag)
            .and_then(|i| self.0.get(i + 1).cloned())
    }

    pub fn get_or<T: std::str::FromStr>(&self, name: &str, default: T) -> T {
        match self.get(name) {
            Some(v) => v
                .parse()
                .unwrap_or_else(|_| panic!("--{name}: cannot parse {v:?}")),
            None => default,
        }
    }

    pub fn require(&self, name: &str) -> String {
        self.get(name)
            .unwrap_or_else(|| panic!("missing option --{name}"))
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// (name, value) of every `Set-Cookie`.
    pub fn set_cookies(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next()?.split_once('='))
            .map(|(k, v)| (k.trim(), v.trim()))
    }
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a status line and headers (without the blank line).
pub fn parse_head(head: &[u8]) -> io::Result<(u16, Vec<(String, String)>)> {
    let text = std::str::from_utf8(head).map_err(|_| invalid("header not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok((status, headers))
}

/// Incremental decoder of `Transfer-Encoding: chunked`.
#[derive(Default)]
pub struct Dechunker {
    buf: Vec<u8>,
    /// Bytes still to take of the current chunk, then its CRLF.
    remaining: usize,
    in_chunk: bool,
    pub finished: bool,
}

impl Dechunker {
    /// Feeds raw bytes; returns the payload decoded so far.
    pub fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
        self.buf.extend_from_slice(data);
        let mut pos = 0;
        loop {
            if self.finished {
                break;
            }
            if self.in_chunk {
                let avail = self.buf.len() - pos;
                if self.remaining > 0 {
                    let take = avail.min(self.remaining);
                    out.extend_from_slice(&self.buf[pos..pos + take]);
                    pos += take;
                    self.remaining -= take;
                    if self.remaining > 0 {
                        break;
                    }
                }
                if self.buf.len() - pos < 2 {
                    break;
                }
                pos += 2; // CRLF after the chunk
                self.in_chunk = false;
            } else {
                let Some(end) = find(&self.buf[pos..], b"\r\n") else {
                    break;
                };
                let line = std::str::from_utf8(&self.buf[pos..pos + end])
                    .map_err(|_| invalid("chunk size not UTF-8"))?;
                let size_hex = line.split(';').next().unwrap_or("").trim();
                let size = usize::from_str_radix(size_hex, 16)
                    .map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
                pos += end + 2;
                if size == 0 {
                    self.finished = true;
                    break;
                }
                self.remaining = size;
                self.in_chunk = true;
            }
        }
        self.buf.drain(..pos);
        Ok(())
    }
}

/// One HTTP/1.1 connection with keep-alive; reconnects when the server closed it.
pub struct Conn {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            stream: None,
            buf: Vec::new(),
        }
    }

    /// Sends a complete request and reads its response. A request on a reused
    /// connection that the server had closed is retried once on a new one.
    pub async fn send(&mut self, request: &[u8]) -> io::Result<Response> {
        let reused = self.stream.is_some();
        match self.try_send(request).await {
            Err(e) if reused && self.buf.is_empty() => {
                let _ = e;
                self.stream = None;
                self.try_send(request).await
            }
            other => other,
        }
    }

    async fn try_send(&mut self, request: &[u8]) -> io::Result<Response> {
        if self.stream.is_none() {
            let s = TcpStream::connect(self.addr).await?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
            self.buf.clear();
        }
        let res = self.exchange(request).await;
        if res.is_err() {
            self.stream = None;
            self.buf.clear();
        }
        res
    }

    async fn exchange(&mut self, request: &[u8]) -> io::Result<Response> {
        let stream = self.stream.as_mut().expect("connected");
        stream.write_all(request).await?;
        let mut chunk = [0u8; 16 * 1024];
        // Head.
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i;
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed before the response",
                ));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        };
        let (status, headers) = parse_head(&self.buf[..head_end])?;
        self.buf.drain(..head_end + 4);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let close = get("connection").is_some_and(|v| v.contains("close"));
        let mut body = Vec::new();
        if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            let mut dec = Dechunker::default();
            let pending = std::mem::take(&mut self.buf);
            dec.feed(&pending, &mut body)?;
            while !dec.finished {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(invalid("connection closed inside a chunked body"));
                }
                dec.feed(&chunk[..n], &mut body)?;
            }
            // Trailers are not used by the server; what follows belongs to the next response.
            self.buf = std::mem::take(&mut dec.buf);
            if self.buf.starts_with(b"\r\n") {
                self.buf.drain(..2);
            }
        } else if let Some(len) = get("content-length") {
            let len: usize = len
                .trim()
                .parse()
                .map_err(|_| invalid("bad content-length"))?;
            while self.buf.len() < len {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(invalid("connection closed inside the body"));
                }
                self.buf.extend_from_slice(&chunk[..n]);
            }
            body = self.buf.drain(..len).collect();
        } else if status != 204 && status != 304 {
            // Delimited by the end of the connection.
            body = std::mem::take(&mut self.buf);
            loop {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            self.stream = None;
        }
        if close {
            self.stream = None;
            self.buf.clear();
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// A urlencoded form body with the CSRF token added.
pub fn form_body(fields: &[(&str, &str)], csrf_token: &str) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        ser.append_pair(k, v);
    }
    ser.append_pair("csrf_token", csrf_token);
    ser.finish()
}

/// A browser-like client: one keep-alive connection, cookies, form posts that
/// carry the CSRF token (the value of the `mitreden_csrf` cookie).
pub struct Client {
    pub addr: SocketAddr,
    pub conn: Conn,
    pub cookies: BTreeMap<String, String>,
    pub timeout: Duration,
}

pub const CSRF_COOKIE: &str = "mitreden_csrf";
pub const SESSION_COOKIE: &str = "mitreden_session";

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            conn: Conn::new(addr),
            cookies: BTreeMap::new(),
            timeout: Duration::from_secs(30),
        }
    }

    fn cookie_header(&self) -> String {
        if self.cookies.is_empty() {
            return String::new();
        }
        let v: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!("Cookie: {}\r\n", v.join("; "))
    }

    async fn run(&mut self, req: Vec<u8>) -> io::Result<Response> {
        let res = tokio::time::timeout(self.timeout, self.conn.send(&req))
            .await
            .map_err(|_| {
                self.conn = Conn::new(self.addr);
                io::Error::new(io::ErrorKind::TimedOut, "no answer in time")
            })??;
        for (k, v) in res.set_cookies() {
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        Ok(res)
    }

    pub async fn get(&mut self, path: &str) -> io::Result<Response> {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Language: de\r\n{}\r\n",
            self.addr,
            self.cookie_header()
        );
        self.run(req.into_bytes()).await
    }

    /// Posts a urlencoded form; `csrf_token` is added from the cookie (a GET
    /// is made first if the client has none yet).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> io::Result<Response> {
        if !self.cookies.contains_key(CSRF_COOKIE) {
            self.get("/login").await?;
        }
        let token = self.cookies.get(CSRF_COOKIE).cloned().unwrap_or_default();
        let body = form_body(fields, &token);
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nAccept-Language: de\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\n{cookies}\r\n{body}",
            host = self.addr,
            len = body.len(),
            cookies = self.cookie_header(),
        );
        self.run(req.into_bytes()).await
    }

    /// Logs in through the form, as a browser does.
    pub async fn login(&mut self, email: &str, password: &str) -> Result<(), String> {
        self.get("/login").await.map_err(|e| e.to_string())?;
        let res = self
            .post_form("/login", &[("email", email), ("password", password)])
            .await
            .map_err(|e| e.to_string())?;
        if res.status != 303 || !self.cookies.contains_key(SESSION_COOKIE) {
            return Err(format!(
                "login of {email} answered {} without a session",
                res.status
            ));
        }
        // The redirect's flash cookie would only make the next page personal.
        self.cookies.remove("mitreden_flash");
        Ok(())
    }

    /// Writes a top-level comment. Ok(Some(id)) when the server acknowledged it
    /// (303 to `…#comment-ID`), Ok(None) with the status otherwise.
    pub async fn post_comment(
        &mut self,
        process: i64,
        body: &str,
    ) -> io::Result<(u16, Option<i64>)> {
        let back = format!("/processes/{process}");
        let res = self
            .post_form(
                &format!("/processes/{process}/comments"),
                &[("body", body), ("parent_id", ""), ("return_to", &back)],
            )
            .await?;
        self.cookies.remove("mitreden_flash");
        let id = if res.status == 303 {
            res.header("location")
                .and_then(|l| l.rsplit_once("#comment-"))
                .and_then(|(_, id)| id.parse().ok())
        } else {
            None
        };
        Ok((res.status, id))
    }
}

/// The command layer over `db`, as the pages use it: benchmarks write through
/// the same commands (as the system, for the data they bring in).
pub fn commands(db: &db::Db) -> Result<std::sync::Arc<app::App>, Box<dyn std::error::Error>> {
    let i18n = std::sync::Arc::new(web::i18n::I18n::load(None)?);
    let config = app::Config {
        public_url: url::Url::parse("http://127.0.0.1:8080")?,
        rate_limits: Default::default(),
        storage: web::storage::Storage::memory(),
        read_limit: web::READ_TIME_LIMIT,
    };
    Ok(std::sync::Arc::new(app::App::new(db.clone(), config, i18n)))
}

/// Brings a comment in through the command layer, as the system.
pub async fn comment(
    app: &app::App,
    subject: db::comments::Subject,
    parent_id: Option<i64>,
    author: i64,
    body: &str,
) -> Result<i64, app::CommandError> {
    let w = app::comments::Write {
        subject,
        parent_id,
        body: body.to_owned(),
    };
    Ok(app::comments::import(app, &app::Actor::System, author, w)
        .await?
        .value)
}

/// An open process of a new department with an opinion map of `statements`
/// seed statements that anonymous browsers may vote on, made through the
/// commands. Returns the map's id and its statements' ids.
pub async fn opinion_map(
    app: &app::App,
    statements: usize,
) -> Result<(i64, Vec<i64>), Box<dyn std::error::Error>> {
    use chrono::{Duration, Local};
    use domain::processes::{DateRange, Phases, Status};
    let system = app::Actor::System;
    let dep = app::admin::create_department(app, &system, "Stadtplanung")
        .await?
        .value;
    let today = Local::now().date_naive();
    let form = app::processes::ProcessForm {
        title: "Stadtteil 2030".into(),
        summary: "Wie soll der Stadtteil 2030 aussehen?".into(),
        description: "Stimmen Sie ab.".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&Phases {
            participation: DateRange {
                from: Some(today - Duration::days(5)),
                until: Some(today + Duration::days(20)),
            },
            ..Default::default()
        }),
        ..Default::default()
    };
    let hash = web::security::hash_password("bench-password-1".into()).await?;
    let staff = app::accounts::create_account(
        app,
        &system,
        app::accounts::NewAccount {
            email: "staff@bench.example".into(),
            display_name: "Team".into(),
            password: app::accounts::Password::Hashed(hash),
            role: domain::Role::Staff,
            department_id: Some(dep.id),
        },
    )
    .await?
    .value;
    let process = app::processes::import(app, &system, staff.id, form, Status::Published)
        .await?
        .value;
    let seeds: Vec<String> = (0..statements)
        .map(|i| format!("Aussage Nummer {i} über den Stadtteil"))
        .collect();
    let map = app::opinion::open_map(
        app,
        &system,
        process,
        &app::opinion::MapInput {
            title: "Stadtteil 2030".into(),
            description: String::new(),
            pre_moderated: false,
            anonymous: true,
            seeds: seeds.join("\n"),
        },
    )
    .await?
    .value;
    let ids: Vec<i64> = db::opinion::statements(app.db.conn(), map, None)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    Ok((map, ids))
}
