//! Requests to other servers: every one has a timeout and a bound on what it
//! reads, follows no redirects, and (unless local addresses are allowed for
//! tests) reaches only public addresses over https, also after DNS lookup.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

/// The most a remote document or response is read.
pub const MAX_REMOTE_BYTES: usize = 256 * 1024;
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `ip` is one a request from the server must never reach: loopback,
/// private, link-local and other non-public ranges.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.octets()[0] == 0
                || (v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves names and drops private addresses, so that a name pointing at
/// the internal network leads nowhere.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
                .await?
                .filter(|a| !is_private(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err("no public address".into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[derive(Clone)]
pub struct Net {
    client: reqwest::Client,
    allow_private: bool,
}

#[derive(Debug)]
pub enum NetError {
    /// The address may not be reached from here.
    Refused(String),
    /// The remote answered with this status.
    Status(u16),
    TooLarge,
    Other(String),
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetError::Refused(u) => write!(f, "address not allowed: {u}"),
            NetError::Status(s) => write!(f, "remote answered {s}"),
            NetError::TooLarge => write!(f, "response too large"),
            NetError::Other(e) => write!(f, "{e}"),
        }
    }
}

impl Net {
    pub fn new(allow_private: bool) -> Net {
        // TLS through the ring provider already in the tree.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut b = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("mitreden/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            b = b.dns_resolver(Arc::new(PublicOnly));
        }
        let client = b.build().unwrap_or_else(|e| {
            tracing::error!(error = %e, "federation client with defaults");
            reqwest::Client::new()
        });
        Net {
            client,
            allow_private,
        }
    }

    /// Whether a request to `url` may be made.
    pub fn allowed(&self, url: &Url) -> bool {
        if self.allow_private {
            return matches!(url.scheme(), "https" | "http");
        }
        if url.scheme() != "https" {
            return false;
        }
        match url.host() {
            Some(url::Host::Domain(d)) => d != "localhost" && !d.ends_with(".localhost"),
            Some(url::Host::Ipv4(ip)) => !is_private(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => !is_private(IpAddr::V6(ip)),
            None => false,
        }
    }

    /// GETs an ActivityPub document.
    pub async fn get_json(&self, url: &str) -> Result<serde_json::Value, NetError> {
        let u = Url::parse(url).map_err(|e| NetError::Other(e.to_string()))?;
        if !self.allowed(&u) {
            return Err(NetError::Refused(url.to_owned()));
        }
        let resp = self
            .client
            .get(u)
            .header("accept", "application/activity+json, application/ld+json")
            .send()
            .await
            .map_err(|e| NetError::Other(e.to_string()))?;
        let body = read_limited(resp).await?;
        serde_json::from_slice(&body).map_err(|e| NetError::Other(e.to_string()))
    }

    /// POSTs a signed body; `headers` are sent as they are.
    pub async fn post(
        &self,
        url: &Url,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Result<(), NetError> {
        if !self.allowed(url) {
            return Err(NetError::Refused(url.to_string()));
        }
        let mut req = self.client.post(url.clone()).body(body);
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| NetError::Other(e.to_string()))?;
        read_limited(resp).await.map(|_| ())
    }
}

async fn read_limited(mut resp: reqwest::Response) -> Result<Vec<u8>, NetError> {
    let status = resp.status();
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_REMOTE_BYTES as u64)
    {
        return Err(NetError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| NetError::Other(e.to_string()))?
    {
        if body.len() + chunk.len() > MAX_REMOTE_BYTES {
            return Err(NetError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    if !status.is_success() {
        return Err(NetError::Status(status.as_u16()));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        let strict = Net::new(false);
        for u in [
            "http://example.org/inbox",
            "https://127.0.0.1/inbox",
            "https://10.1.2.3/inbox",
            "https://192.168.0.1/inbox",
            "https://169.254.169.254/latest",
            "https://[::1]/inbox",
            "https://localhost/inbox",
            "file:///etc/passwd",
        ] {
            assert!(!strict.allowed(&Url::parse(u).unwrap()), "{u}");
        }
        assert!(strict.allowed(&Url::parse("https://mastodon.social/inbox").unwrap()));
        let loose = Net::new(true);
        assert!(loose.allowed(&Url::parse("http://127.0.0.1:3000/inbox").unwrap()));
        assert!(!loose.allowed(&Url::parse("file:///etc/passwd").unwrap()));
    }
}
