use std::path::PathBuf;

use domain::limits::RateLimits;
use url::Url;

/// What the web layer needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address citizens reach the site at; links in mails point there, and
    /// an `https` address makes every cookie Secure.
    pub public_url: Url,
    /// A folder whose `templates/`, `locales/` and `static/` override the built-in ones.
    pub theme_dir: Option<PathBuf>,
    pub rate_limits: RateLimits,
    /// Take the client address from the last X-Forwarded-For entry (only behind
    /// a reverse proxy that sets it).
    pub trust_proxy: bool,
    /// A tile server for maps, as `https://host/{z}/{x}/{y}.png`. Without one,
    /// maps are drawn from coordinates alone and no page loads anything from
    /// another host.
    pub map_tiles: Option<String>,
    /// The credit a tile server requires (shown under every map).
    pub map_attribution: Option<String>,
    /// Where uploaded documents are kept.
    pub storage: crate::storage::Storage,
    /// Where uploads are spooled while they arrive and are checked.
    pub upload_dir: PathBuf,
    /// The largest document upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Whether rendered pages and sessions are kept in memory (see
    /// `cache`). Off, every page is rendered for its reader; tests compare the
    /// two.
    pub page_cache: bool,
    /// How long reading an uploaded file may take before it is kept without
    /// its text and preview.
    pub read_limit: std::time::Duration,
    /// When failed jobs (mail above all) are tried again, and for how long
    /// before they are given up and shown to administrators.
    pub job_retry: db::jobs::Retry,
    /// How long a claimed job stays locked without a sign of life from its
    /// worker (see `worker::LEASE`).
    pub job_lease: chrono::Duration,
    /// Whether federation may reach http and private addresses (loopback, the
    /// local network): for tests and development only, off in production
    /// (no requests to internal services on a remote's say-so).
    pub federation_allow_private: bool,
    /// How long a fetched remote actor document is trusted (see
    /// `federation::ACTOR_TTL`).
    pub federation_actor_ttl: std::time::Duration,
    /// The fewest seconds between showing a form that creates a contribution
    /// or an account and its coming back (`holds::spam`); 0 checks nothing.
    /// The binary's default is 3; tests fill forms at machine speed.
    pub form_min_seconds: u32,
}

/// The default for `max_upload_bytes`.
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 50;

impl WebConfig {
    pub fn new(public_url: Url) -> Self {
        WebConfig {
            public_url,
            theme_dir: None,
            rate_limits: RateLimits::default(),
            trust_proxy: false,
            map_tiles: None,
            map_attribution: None,
            // The binary always names a store; in-memory suits tests and previews.
            storage: crate::storage::Storage::memory(),
            upload_dir: std::env::temp_dir(),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
            page_cache: true,
            read_limit: files::documents::READ_TIME_LIMIT,
            job_retry: db::jobs::Retry::default(),
            job_lease: crate::worker::LEASE,
            federation_allow_private: false,
            federation_actor_ttl: federation::ACTOR_TTL,
            form_min_seconds: 0,
        }
    }

    /// The origin (scheme, host, port) of the tile server, for the CSP.
    pub fn map_tiles_origin(&self) -> Option<String> {
        let t = self.map_tiles.as_deref()?;
        let u = url::Url::parse(&t.replace(['{', '}'], "")).ok()?;
        Some(u.origin().ascii_serialization()).filter(|o| o != "null")
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// An absolute link to `path` on this site.
    pub fn link(&self, path: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}
