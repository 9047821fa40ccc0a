//! Rendered pages for anonymous readers, kept in memory and dropped exactly
//! when what they show changes.
//!
//! A handler that may be cached says what its page depends on by attaching
//! `CacheTags` (e.g. `process:5`, `lists`). A write invalidates the tags it
//! touches, here and, through the database, on every other instance. To be
//! safe against a write that lands while a page is being rendered, every
//! invalidation advances an epoch; a page remembers the epoch at which its
//! rendering began and stays valid only while none of its tags has been
//! invalidated since.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::http::HeaderValue;

/// Set by a handler on a response that anonymous readers may share.
#[derive(Debug, Clone)]
pub struct CacheTags(pub Vec<String>);

impl CacheTags {
    pub fn new(tags: impl IntoIterator<Item = String>) -> Self {
        CacheTags(tags.into_iter().collect())
    }
}

/// Depended on by every page: invalidating it clears everything.
pub const ALL: &str = "*";
/// Pages listing processes (start page, lists, archive, feeds of processes).
pub const LISTS: &str = "lists";
/// Search results.
pub const SEARCH: &str = "search";

pub fn process_tag(id: i64) -> String {
    format!("process:{id}")
}

pub struct CachedPage {
    pub body: Bytes,
    pub content_type: HeaderValue,
    tags: Vec<String>,
    rendered_at: u64,
}

pub struct PageCache {
    epoch: AtomicU64,
    invalidated: Mutex<HashMap<String, u64>>,
    pages: Mutex<HashMap<(String, &'static str), std::sync::Arc<CachedPage>>>,
    max_pages: usize,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_capacity(5_000)
    }
}

impl PageCache {
    pub fn with_capacity(max_pages: usize) -> Self {
        PageCache {
            epoch: AtomicU64::new(1),
            invalidated: Mutex::new(HashMap::new()),
            pages: Mutex::new(HashMap::new()),
            max_pages,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The epoch to record before rendering a page.
    pub fn begin(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    fn valid(&self, page: &CachedPage) -> bool {
        let Ok(inv) = self.invalidated.lock() else {
            return false;
        };
        let since = |t: &str| inv.get(t).is_some_and(|e| *e > page.rendered_at);
        !since(ALL) && !page.tags.iter().any(|t| since(t))
    }

    pub fn get(&self, path: &str, lang: &'static str) -> Option<std::sync::Arc<CachedPage>> {
        let page = self
            .pages
            .lock()
            .ok()?
            .get(&(path.to_owned(), lang))
            .cloned();
        match page {
            Some(p) if self.valid(&p) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(p)
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps a page rendered from epoch `rendered_at`, unless something it
    /// shows changed in the meantime.
    pub fn put(
        &self,
        path: &str,
        lang: &'static str,
        body: Bytes,
        content_type: HeaderValue,
        tags: Vec<String>,
        rendered_at: u64,
    ) {
        let page = CachedPage {
            body,
            content_type,
            tags,
            rendered_at,
        };
        if !self.valid(&page) {
            return;
        }
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= self.max_pages {
                // Rare and cheap to refill: start over rather than track recency.
                pages.clear();
            }
            pages.insert((path.to_owned(), lang), std::sync::Arc::new(page));
        }
    }

    pub fn invalidate<S: AsRef<str>>(&self, tags: &[S]) {
        let epoch = self.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut inv) = self.invalidated.lock() {
            for t in tags {
                inv.insert(t.as_ref().to_owned(), epoch);
            }
            // Tags of long-gone pages need not be remembered for ever.
            if inv.len() > 100_000 {
                inv.clear();
                inv.insert(ALL.to_owned(), epoch);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.pages.lock().map(|p| p.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Marks a response as shareable by anonymous readers, depending on `tags`.
pub fn tagged(
    res: impl axum::response::IntoResponse,
    tags: Vec<String>,
) -> axum::response::Response {
    let mut res = res.into_response();
    res.extensions_mut().insert(CacheTags(tags));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ct() -> HeaderValue {
        HeaderValue::from_static("text/html")
    }

    #[test]
    fn pages_are_served_until_what_they_show_changes() {
        let c = PageCache::default();
        let e = c.begin();
        c.put(
            "/processes/1",
            "de",
            Bytes::from("a"),
            ct(),
            vec![process_tag(1)],
            e,
        );
        assert!(c.get("/processes/1", "de").is_some());
        assert!(c.get("/processes/1", "en").is_none());
        c.invalidate(&[process_tag(2)]);
        assert!(
            c.get("/processes/1", "de").is_some(),
            "another process changed"
        );
        c.invalidate(&[process_tag(1)]);
        assert!(c.get("/processes/1", "de").is_none());
    }

    #[test]
    fn a_write_during_rendering_keeps_the_page_out() {
        let c = PageCache::default();
        let e = c.begin();
        // The comment lands while the page is being rendered from older data.
        c.invalidate(&[process_tag(1)]);
        c.put(
            "/processes/1",
            "de",
            Bytes::from("stale"),
            ct(),
            vec![process_tag(1)],
            e,
        );
        assert!(c.get("/processes/1", "de").is_none());
        // Rendered afterwards, it is kept.
        let e = c.begin();
        c.put(
            "/processes/1",
            "de",
            Bytes::from("fresh"),
            ct(),
            vec![process_tag(1)],
            e,
        );
        assert_eq!(c.get("/processes/1", "de").unwrap().body, "fresh");
    }

    #[test]
    fn invalidating_all_clears_everything_and_size_is_bounded() {
        let c = PageCache::with_capacity(2);
        for i in 0..3 {
            let e = c.begin();
            c.put(&format!("/p/{i}"), "de", Bytes::from("x"), ct(), vec![], e);
        }
        assert!(c.len() <= 2);
        c.invalidate(&[ALL]);
        assert!(c.get("/p/2", "de").is_none());
    }
}
