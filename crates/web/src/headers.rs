//! Security headers on every response.

use axum::extract::{Request, State};

use crate::SharedState;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Everything the pages load comes from this server (and map tiles from the
/// configured tile server, if any); nothing runs inline.
pub fn content_security_policy(map_tiles_origin: Option<&str>) -> HeaderValue {
    let img = match map_tiles_origin {
        Some(o) => format!("'self' data: {o}"),
        None => "'self' data:".to_owned(),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

pub async fn security_headers(
    State(state): State<SharedState>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    // A page may bring its own policy (the Mastodon chooser lets its form
    // lead to the chosen server); every other page gets the strict one.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    }
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    // Only a site served over https may pin browsers to https; on http the
    // header would be ignored at best and lock out a test setup at worst.
    if state.config.public_url.scheme() == "https" {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages can carry personal data and a CSRF token: never keep them in shared caches.
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}
