//! Rendered pages kept in memory and dropped exactly when what they show
//! changes: for anonymous readers, and for logged-in readers of the same role.
//!
//! A handler that may be cached says what its page depends on by attaching
//! `CacheTags` (e.g. `process:5`, `lists`). A write invalidates the tags it
//! touches, here and, through the database, on every other instance. To be
//! safe against a write that lands while a page is being rendered, every
//! invalidation advances an epoch; a page remembers the epoch at which its
//! rendering began and stays valid only while none of its tags has been
//! invalidated since.
//!
//! A page shared by logged-in readers is rendered for a stand-in of their role
//! who has taken part in nothing, with markers where the reader's form token
//! and name go; serving it fills in the markers (see `members`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderValue;
use db::footprints::Involvement;
use domain::Tag;

/// Who else may be served a page rendered once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Anonymous readers only: the page holds something personal for anyone
    /// logged in.
    Anonymous,
    /// Also logged-in readers of the same role, except those with marks on
    /// what the page is about (their page shows those marks).
    Members(Option<Involvement>),
}

/// Set by a handler on a response that other readers may share.
#[derive(Debug, Clone)]
pub struct CacheTags {
    pub tags: Vec<Tag>,
    pub sharing: Sharing,
}

/// The record of which tags changed when; shared by everything kept in memory
/// that must never outlive what it was made from.
pub struct Invalidation {
    epoch: AtomicU64,
    invalidated: Mutex<HashMap<Tag, u64>>,
}

impl Default for Invalidation {
    fn default() -> Self {
        Invalidation {
            epoch: AtomicU64::new(1),
            invalidated: Mutex::new(HashMap::new()),
        }
    }
}

impl Invalidation {
    /// The epoch to record before reading what is to be kept.
    pub fn begin(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Whether nothing with one of `tags` changed after epoch `since`.
    pub fn unchanged(&self, tags: &[Tag], since: u64) -> bool {
        let Ok(inv) = self.invalidated.lock() else {
            return false;
        };
        let after = |t: &Tag| inv.get(t).is_some_and(|e| *e > since);
        !after(&Tag::All) && !tags.iter().any(after)
    }

    pub fn invalidate(&self, tags: &[Tag]) {
        let epoch = self.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut inv) = self.invalidated.lock() {
            for t in tags {
                inv.insert(*t, epoch);
            }
            // Tags of long-gone pages need not be remembered for ever.
            if inv.len() > 100_000 {
                inv.clear();
                inv.insert(Tag::All, epoch);
            }
        }
    }
}

/// A place in a shared page where the reader's own value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Csrf,
    Name,
}

/// The markers a shared page is rendered with; random per process, so that
/// nobody can write one into a comment.
#[derive(Debug, Clone)]
pub struct Markers {
    prefix: String,
    pub csrf: String,
    pub name: String,
}

impl Markers {
    pub fn new(random: &str) -> Markers {
        let prefix = format!("mitreden-slot-{random}-");
        Markers {
            csrf: format!("{prefix}c"),
            name: format!("{prefix}n"),
            prefix,
        }
    }

    /// Cuts a rendered page at its markers.
    pub fn cut(&self, body: &Bytes) -> Cut {
        let mut parts = vec![];
        let mut slots = vec![];
        let mut start = 0;
        let text = body.as_ref();
        let p = self.prefix.as_bytes();
        for at in memchr::memmem::find_iter(text, p) {
            // A marker cut short, or one overlapping the last, is left as it is.
            if at < start {
                continue;
            }
            let slot = match text.get(at + p.len()) {
                Some(b'c') => Slot::Csrf,
                Some(b'n') => Slot::Name,
                _ => continue,
            };
            parts.push(body.slice(start..at));
            slots.push(slot);
            start = at + p.len() + 1;
        }
        parts.push(body.slice(start..));
        Cut { parts, slots }
    }
}

/// A rendered page cut at its slots.
pub struct Cut {
    /// The page between its slots: one part more than slots.
    parts: Vec<Bytes>,
    slots: Vec<Slot>,
}

impl Cut {
    /// The page for one reader: their form token and (HTML-escaped) name in
    /// its slots.
    pub fn fill(&self, csrf: &str, name_html: &str) -> Bytes {
        if self.slots.is_empty() {
            return self.parts.first().cloned().unwrap_or_default();
        }
        let len: usize = self.parts.iter().map(|p| p.len()).sum::<usize>()
            + self.slots.len() * csrf.len().max(name_html.len());
        let mut out = Vec::with_capacity(len);
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            match self.slots.get(i) {
                Some(Slot::Csrf) => out.extend_from_slice(csrf.as_bytes()),
                Some(Slot::Name) => out.extend_from_slice(name_html.as_bytes()),
                None => {}
            }
        }
        Bytes::from(out)
    }
}

pub struct CachedPage {
    pub cut: Cut,
    pub content_type: HeaderValue,
    /// Logged-in readers with marks on this are not served the page.
    pub involvement: Option<Involvement>,
    tags: Vec<Tag>,
    rendered_at: u64,
    kept_until: Option<Instant>,
}

impl CachedPage {
    pub fn fill(&self, csrf: &str, name_html: &str) -> Bytes {
        self.cut.fill(csrf, name_html)
    }
}

/// A page to keep: what was rendered, for whom, from which epoch.
pub struct NewPage {
    pub body: Bytes,
    pub content_type: HeaderValue,
    pub tags: Vec<Tag>,
    pub involvement: Option<Involvement>,
    pub rendered_at: u64,
    /// For pages that change with the clock as well (a reader's own comments
    /// may be edited for a while): kept at most this long.
    pub max_age: Option<Duration>,
}

type Key = (String, &'static str);

/// The latest rendering of one page, behind the lock whose holder renders it.
type Flight = Arc<tokio::sync::Mutex<Option<Arc<CachedPage>>>>;

/// A reader's turn at a page being rendered one at a time.
pub struct Turn {
    asked_at: u64,
    last: tokio::sync::OwnedMutexGuard<Option<Arc<CachedPage>>>,
    _flight: Flight,
}

impl Turn {
    /// The page rendered while this reader waited, if it shows all they may
    /// expect.
    pub fn rendered_meanwhile(&self) -> Option<Arc<CachedPage>> {
        self.last
            .as_ref()
            .filter(|p| p.rendered_at >= self.asked_at)
            .cloned()
    }

    /// Hands the page just rendered to those waiting.
    pub fn done(mut self, page: Arc<CachedPage>) {
        *self.last = Some(page);
    }
}

pub struct PageCache {
    pub inv: Arc<Invalidation>,
    pub markers: Markers,
    pages: Mutex<HashMap<Key, Arc<CachedPage>>>,
    /// Paths whose pages may be shared and by whom, as learnt from a first
    /// rendering: only these are rendered for a stand-in or one at a time.
    shareable: Mutex<HashMap<String, Sharing>>,
    /// Pages being rendered now: who asks for one meanwhile waits for it.
    flights: Mutex<HashMap<Key, Flight>>,
    max_pages: usize,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

impl PageCache {
    pub fn new(max_pages: usize, markers: Markers) -> Self {
        PageCache::beside(Arc::new(Invalidation::default()), markers, max_pages)
    }

    /// A cache of its own size that forgets what `inv` says changed.
    pub fn beside(inv: Arc<Invalidation>, markers: Markers, max_pages: usize) -> Self {
        PageCache {
            inv,
            markers,
            pages: Mutex::new(HashMap::new()),
            shareable: Mutex::new(HashMap::new()),
            flights: Mutex::new(HashMap::new()),
            max_pages,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The epoch to record before rendering a page.
    pub fn begin(&self) -> u64 {
        self.inv.begin()
    }

    pub fn get(&self, key: &str, lang: &'static str) -> Option<Arc<CachedPage>> {
        let page = self
            .pages
            .lock()
            .ok()?
            .get(&(key.to_owned(), lang))
            .cloned();
        match page {
            Some(p)
                if self.inv.unchanged(&p.tags, p.rendered_at)
                    && p.kept_until.is_none_or(|t| Instant::now() < t) =>
            {
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
    /// shows changed in the meantime. Returns it cut at its slots.
    pub fn put(&self, key: &str, lang: &'static str, new: NewPage) -> Arc<CachedPage> {
        let page = Arc::new(CachedPage {
            cut: self.markers.cut(&new.body),
            content_type: new.content_type,
            involvement: new.involvement,
            tags: new.tags,
            rendered_at: new.rendered_at,
            kept_until: new.max_age.map(|a| Instant::now() + a),
        });
        if self.inv.unchanged(&page.tags, page.rendered_at)
            && let Ok(mut pages) = self.pages.lock()
        {
            if pages.len() >= self.max_pages {
                // Rare and cheap to refill: start over rather than track recency.
                pages.clear();
            }
            pages.insert((key.to_owned(), lang), page.clone());
        }
        page
    }

    /// Who may share the page at `path`, once a rendering has told.
    pub fn shareable(&self, path: &str) -> Option<Sharing> {
        self.shareable.lock().ok()?.get(path).copied()
    }

    pub fn learn_shareable(&self, path: &str, sharing: Sharing) {
        if let Ok(mut known) = self.shareable.lock() {
            if known.len() >= self.max_pages {
                known.clear();
            }
            known.insert(path.to_owned(), sharing);
        }
    }

    /// The turn to render the page at `key`: one reader at a time renders a
    /// page, and those who asked while it was rendered get that rendering
    /// (when it began after they asked: it shows every write acknowledged
    /// before) instead of rendering it again.
    pub async fn turn(&self, key: &str, lang: &'static str) -> Turn {
        let asked_at = self.begin();
        let flight = match self.flights.lock() {
            Ok(mut f) => {
                if f.len() >= self.max_pages {
                    f.retain(|_, v| Arc::strong_count(v) > 1);
                }
                f.entry((key.to_owned(), lang)).or_default().clone()
            }
            Err(_) => Flight::default(),
        };
        let last = flight.clone().lock_owned().await;
        Turn {
            asked_at,
            last,
            _flight: flight,
        }
    }

    pub fn invalidate(&self, tags: &[Tag]) {
        self.inv.invalidate(tags);
    }

    pub fn len(&self) -> usize {
        self.pages.lock().map(|p| p.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Marks a response as shareable by anonymous readers, depending on `tags`.
pub fn tagged(res: impl axum::response::IntoResponse, tags: Vec<Tag>) -> axum::response::Response {
    with_tags(res, tags, Sharing::Anonymous)
}

/// Marks a response as shareable by anonymous readers and by logged-in
/// readers of the same role without marks on `involvement`.
pub fn shared(
    res: impl axum::response::IntoResponse,
    tags: Vec<Tag>,
    involvement: Option<Involvement>,
) -> axum::response::Response {
    with_tags(res, tags, Sharing::Members(involvement))
}

fn with_tags(
    res: impl axum::response::IntoResponse,
    tags: Vec<Tag>,
    sharing: Sharing,
) -> axum::response::Response {
    let mut res = res.into_response();
    res.extensions_mut().insert(CacheTags { tags, sharing });
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(max: usize) -> PageCache {
        PageCache::new(max, Markers::new("0123abcd"))
    }

    fn page(body: &str, tags: Vec<Tag>, rendered_at: u64) -> NewPage {
        NewPage {
            body: Bytes::from(body.to_owned()),
            content_type: HeaderValue::from_static("text/html"),
            tags,
            involvement: None,
            rendered_at,
            max_age: None,
        }
    }

    #[test]
    fn pages_are_served_until_what_they_show_changes() {
        let c = cache(10);
        let e = c.begin();
        c.put("/processes/1", "de", page("a", vec![Tag::Process(1)], e));
        assert!(c.get("/processes/1", "de").is_some());
        assert!(c.get("/processes/1", "en").is_none());
        c.invalidate(&[Tag::Process(2)]);
        assert!(
            c.get("/processes/1", "de").is_some(),
            "another process changed"
        );
        c.invalidate(&[Tag::Process(1)]);
        assert!(c.get("/processes/1", "de").is_none());
    }

    #[test]
    fn a_write_during_rendering_keeps_the_page_out() {
        let c = cache(10);
        let e = c.begin();
        // The comment lands while the page is being rendered from older data.
        c.invalidate(&[Tag::Process(1)]);
        c.put(
            "/processes/1",
            "de",
            page("stale", vec![Tag::Process(1)], e),
        );
        assert!(c.get("/processes/1", "de").is_none());
        // Rendered afterwards, it is kept.
        let e = c.begin();
        c.put(
            "/processes/1",
            "de",
            page("fresh", vec![Tag::Process(1)], e),
        );
        assert_eq!(c.get("/processes/1", "de").unwrap().fill("", ""), "fresh");
    }

    #[test]
    fn invalidating_all_clears_everything_and_size_is_bounded() {
        let c = cache(2);
        for i in 0..3 {
            let e = c.begin();
            c.put(&format!("/p/{i}"), "de", page("x", vec![], e));
        }
        assert!(c.len() <= 2);
        c.invalidate(&[Tag::All]);
        assert!(c.get("/p/2", "de").is_none());
    }

    #[test]
    fn slots_are_filled_with_each_readers_own_values() {
        let c = cache(10);
        let m = c.markers.clone();
        let body = format!(
            "<input value=\"{}\"><p>{}</p><input value=\"{}\">mitreden-slot-0123abcd-x",
            m.csrf, m.name, m.csrf
        );
        let e = c.begin();
        let p = c.put("/", "de", page(&body, vec![], e));
        assert_eq!(
            p.fill("t0k3n", "Anna &amp; Ben"),
            "<input value=\"t0k3n\"><p>Anna &amp; Ben</p><input value=\"t0k3n\">mitreden-slot-0123abcd-x"
        );
        assert_eq!(
            c.get("/", "de").unwrap().fill("other", "Cem"),
            "<input value=\"other\"><p>Cem</p><input value=\"other\">mitreden-slot-0123abcd-x"
        );
    }
}
