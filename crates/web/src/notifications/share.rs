//! Share links for processes and ideas that load nothing from other hosts:
//! plain links to the services' share addresses (followed only when clicked),
//! `mailto:`, and for Mastodon, which has no one address, a form asking for
//! the reader's instance that then redirects there.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;

use crate::forms::FormState;
use crate::params::Query;
use crate::{AppResult, Ctx, SharedState};

/// The longest share text passed on.
const TEXT_MAX_CHARS: usize = 1000;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MastodonQuery {
    text: String,
    instance: Option<String>,
}

/// The instance's host from what a person typed: `social.example`,
/// `https://social.example/`, `@anna@social.example`.
pub fn instance_host(input: &str) -> Option<String> {
    let s = input.trim().to_ascii_lowercase();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(&s);
    let s = s.rsplit('@').next().unwrap_or(s);
    let s = s.split('/').next().unwrap_or(s);
    let ok = !s.is_empty()
        && s.len() <= 253
        && s.contains('.')
        && !s.starts_with(['.', '-'])
        && !s.ends_with(['.', '-'])
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    ok.then(|| s.to_owned())
}

pub async fn mastodon(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(q): Query<MastodonQuery>,
) -> AppResult<Response> {
    let text: String = q.text.chars().take(TEXT_MAX_CHARS).collect();
    let mut form = FormState::new().value("text", text.clone());
    let mut status = StatusCode::OK;
    if let Some(typed) = &q.instance {
        match instance_host(typed) {
            Some(host) => {
                let encoded: String =
                    url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
                let to = format!("https://{host}/share?text={encoded}");
                let mut res = StatusCode::SEE_OTHER.into_response();
                if let Ok(v) = HeaderValue::from_str(&to) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
                return Ok(res);
            }
            None => {
                form = form
                    .value("instance", typed.clone())
                    .error("instance", "share-error-instance");
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
        }
    }
    let html = state.render(&ctx, "notifications/mastodon.html", context! { form })?;
    let mut res = (status, html).into_response();
    // The form's answer redirects to the chosen server, which browsers check
    // against `form-action`: this page alone allows https servers there.
    let csp = state
        .csp
        .to_str()
        .unwrap_or_default()
        .replace("form-action 'self'", "form-action 'self' https:");
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::instance_host;

    #[test]
    fn instances_are_read_from_what_people_type() {
        assert_eq!(
            instance_host("social.example").as_deref(),
            Some("social.example")
        );
        assert_eq!(
            instance_host(" https://Social.Example/about ").as_deref(),
            Some("social.example")
        );
        assert_eq!(
            instance_host("@anna@chaos.social").as_deref(),
            Some("chaos.social")
        );
        for bad in [
            "",
            "localhost",
            "evil.example\" onload",
            "a b.example",
            "-x.example",
        ] {
            assert_eq!(instance_host(bad), None, "{bad}");
        }
    }
}
