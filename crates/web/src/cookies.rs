//! Reading and writing the few cookies the site sets. All are HttpOnly and
//! SameSite=Lax, and Secure when the site runs on HTTPS.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION: &str = "mitreden_session";
pub const CSRF: &str = "mitreden_csrf";
pub const LANG: &str = "mitreden_lang";
pub const FLASH: &str = "mitreden_flash";
/// The open surveys this browser has answered: their ids and nothing else, the
/// same value for every browser that answered them, so it names no response.
pub const ANSWERED: &str = "mitreden_answered";
/// How many answered surveys the cookie remembers (the most recent).
const ANSWERED_MAX: usize = 50;

/// The survey ids in an `ANSWERED` cookie.
pub fn answered(headers: &HeaderMap) -> Vec<i64> {
    get(headers, ANSWERED)
        .unwrap_or("")
        .split('.')
        .filter_map(|s| s.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .take(ANSWERED_MAX)
        .collect()
}

/// The `ANSWERED` cookie's new value with `id` added (a year long).
pub fn answered_with(headers: &HeaderMap, id: i64, secure: bool) -> Option<HeaderValue> {
    let mut ids = answered(headers);
    ids.retain(|x| *x != id);
    ids.insert(0, id);
    ids.truncate(ANSWERED_MAX);
    let value = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(".");
    set(ANSWERED, &value, Some(365 * 24 * 3600), secure)
}

pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A Set-Cookie value. `max_age` None makes a cookie that ends with the browser
/// session; `Some(0)` deletes it.
pub fn set(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> Option<HeaderValue> {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        s.push_str("; Secure");
    }
    HeaderValue::from_str(&s).ok()
}

pub fn append(headers: &mut HeaderMap, value: Option<HeaderValue>) {
    if let Some(v) = value {
        headers.append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; mitreden_lang=en; b=2"),
        );
        assert_eq!(get(&h, LANG), Some("en"));
        assert_eq!(get(&h, "c"), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_on_https() {
        let v = set(SESSION, "x", Some(10), true).unwrap();
        let s = v.to_str().unwrap();
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Lax") && s.contains("Secure"));
        let v = set(SESSION, "x", None, false).unwrap();
        assert!(!v.to_str().unwrap().contains("Secure"));
    }
}
