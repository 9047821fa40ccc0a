//! Rendered pages kept in memory and dropped exactly when what they show
//! changes: for anonymous readers, and for logged-in readers of the same class.
//!
//! A handler that may be cached says what its page depends on by attaching
//! `CacheTags` (`Tag::Process(5)`, `Tag::Lists`, …). A command that changes
//! something reports the tags it touched; this instance forgets them at once
//! and every other instance when it hears of the change through the database
//! (see `ForgetLog`). To be safe against a change that lands while a page is
//! being rendered, every forgetting advances an epoch; a page remembers the
//! epoch at which its rendering began and stays valid only while none of its
//! tags has been forgotten since.
//!
//! A page shared by logged-in readers is rendered for a stand-in of their class
//! who has taken part in nothing, with markers where the reader's form token
//! and name go; serving it fills in the markers (see `members`).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
    /// Also logged-in readers of the same class, except those with marks on
    /// what the page is about (their page shows those marks).
    Members(Option<Involvement>),
}

/// Set by a handler on a response that other readers may share: what the
/// page shows (its tags) and who may share it.
#[derive(Debug, Clone)]
pub struct CacheTags {
    pub tags: Vec<Tag>,
    pub sharing: Sharing,
}

/// What this instance has forgotten, and when: a counter (the epoch) that
/// advances with every forgetting, the epoch at which each tag was last
/// forgotten, and whether anything kept may be used at all. Shared by
/// everything kept in memory that must never outlive what it was made from
/// (shared pages, own pages, sessions).
pub struct ForgetLog {
    epoch: AtomicU64,
    forgotten: Mutex<HashMap<Tag, u64>>,
    /// Nothing is kept (configuration; tests compare with it).
    off: AtomicBool,
    /// This instance is known not to hear other instances' changes (its
    /// listener lost its connection and has not listened again yet): what it
    /// keeps may be stale and is neither served nor added to.
    deaf: AtomicBool,
}

impl Default for ForgetLog {
    fn default() -> Self {
        ForgetLog {
            epoch: AtomicU64::new(1),
            forgotten: Mutex::new(HashMap::new()),
            off: AtomicBool::new(false),
            deaf: AtomicBool::new(false),
        }
    }
}

impl ForgetLog {
    /// The epoch to record before reading what is to be kept.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Whether something read at epoch `since` that shows `tags` may still be
    /// used: nothing it shows was forgotten after `since`, and kept things
    /// may be used at all right now.
    pub fn unchanged_since(&self, tags: &[Tag], since: u64) -> bool {
        if !self.usable() {
            return false;
        }
        let Ok(forgotten) = self.forgotten.lock() else {
            return false;
        };
        let after = |t: &Tag| forgotten.get(t).is_some_and(|e| *e > since);
        !after(&Tag::All) && !tags.iter().any(after)
    }

    /// Forgets what `tags` name: everything read before now that shows one of
    /// them is no longer used.
    pub fn forget(&self, tags: &[Tag]) {
        let epoch = self.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut forgotten) = self.forgotten.lock() {
            for t in tags {
                forgotten.insert(*t, epoch);
            }
            // Tags of long-gone pages need not be remembered for ever.
            if forgotten.len() > 100_000 {
                forgotten.clear();
                forgotten.insert(Tag::All, epoch);
            }
        }
    }

    /// Whether kept things may be served and new ones kept.
    pub fn usable(&self) -> bool {
        !self.off.load(Ordering::SeqCst) && !self.deaf.load(Ordering::SeqCst)
    }

    /// Keeps nothing from now on.
    pub fn turn_off(&self) {
        self.off.store(true, Ordering::SeqCst);
    }

    /// Records whether this instance is known not to hear other instances'
    /// changes. Whoever sets it back to false must have forgotten everything
    /// first (after listening again), since changes may have been missed.
    pub fn set_deaf(&self, deaf: bool) {
        self.deaf.store(deaf, Ordering::SeqCst);
    }

    pub fn deaf(&self) -> bool {
        self.deaf.load(Ordering::SeqCst)
    }
}

/// A map of at most `cap` entries that, when full, drops the entry used least
/// recently to make room.
pub struct Lru<K, V> {
    /// Each value with the tick of its last use.
    entries: HashMap<K, (V, u64)>,
    /// The keys by the tick of their last use, oldest first.
    by_use: BTreeMap<u64, K>,
    tick: u64,
    cap: usize,
}

impl<K: Hash + Eq + Clone, V> Lru<K, V> {
    pub fn new(cap: usize) -> Self {
        Lru {
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
            tick: 0,
            cap: cap.max(1),
        }
    }

    /// The value under `key`, which counts as a use.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.tick += 1;
        let tick = self.tick;
        let (_, used) = self.entries.get_mut(key)?;
        self.by_use.remove(used);
        *used = tick;
        self.by_use.insert(tick, key.clone());
        self.entries.get(key).map(|(v, _)| v)
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.tick += 1;
        if let Some((_, used)) = self.entries.insert(key.clone(), (value, self.tick)) {
            self.by_use.remove(&used);
        }
        self.by_use.insert(self.tick, key);
        while self.entries.len() > self.cap {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            self.entries.remove(&oldest);
        }
    }

    pub fn remove(&mut self, key: &K) {
        if let Some((_, used)) = self.entries.remove(key) {
            self.by_use.remove(&used);
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_use.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A place in a shared page where the reader's own value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Csrf,
    Name,
    /// The reader's count of unread notifications in the header.
    Unread,
    /// The signed time the page's forms are shown at (`holds::spam`).
    Stamp,
}

/// The markers a shared page is rendered with; random per process, so that
/// nobody can write one into a comment.
#[derive(Debug, Clone)]
pub struct Markers {
    prefix: String,
    pub csrf: String,
    pub name: String,
    pub unread: String,
    pub stamp: String,
}

impl Markers {
    pub fn new(random: &str) -> Markers {
        let prefix = format!("mitreden-slot-{random}-");
        Markers {
            csrf: format!("{prefix}c"),
            name: format!("{prefix}n"),
            unread: format!("{prefix}u"),
            stamp: format!("{prefix}s"),
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
                Some(b'u') => Slot::Unread,
                Some(b's') => Slot::Stamp,
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

/// A rendered page cut at its slots: the bytes between them, and which
/// reader's value goes into each.
pub struct Cut {
    /// The page between its slots: one part more than slots.
    parts: Vec<Bytes>,
    slots: Vec<Slot>,
}

impl Cut {
    /// The page for one reader: their form token and (HTML-escaped) name in
    /// its slots.
    pub fn fill(&self, csrf: &str, name_html: &str, unread_html: &str, stamp: &str) -> Bytes {
        if self.slots.is_empty() {
            return self.parts.first().cloned().unwrap_or_default();
        }
        let len: usize = self.parts.iter().map(|p| p.len()).sum::<usize>()
            + self.slots.len()
                * csrf
                    .len()
                    .max(name_html.len())
                    .max(unread_html.len())
                    .max(stamp.len());
        let mut out = Vec::with_capacity(len);
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            match self.slots.get(i) {
                Some(Slot::Csrf) => out.extend_from_slice(csrf.as_bytes()),
                Some(Slot::Name) => out.extend_from_slice(name_html.as_bytes()),
                Some(Slot::Unread) => out.extend_from_slice(unread_html.as_bytes()),
                Some(Slot::Stamp) => out.extend_from_slice(stamp.as_bytes()),
                None => {}
            }
        }
        Bytes::from(out)
    }
}

/// A kept page: the rendering cut at its slots, and what decides whether it is
/// still valid (its tags, the epoch its rendering began at, an age limit).
pub struct CachedPage {
    pub cut: Cut,
    pub content_type: HeaderValue,
    /// The response's entity tag, for answers that carry one (the API's).
    pub etag: Option<HeaderValue>,
    /// Logged-in readers with marks on this are not served the page.
    pub involvement: Option<Involvement>,
    tags: Vec<Tag>,
    rendered_at: u64,
    kept_until: Option<Instant>,
}

impl CachedPage {
    pub fn fill(&self, csrf: &str, name_html: &str, unread_html: &str, stamp: &str) -> Bytes {
        self.cut.fill(csrf, name_html, unread_html, stamp)
    }
}

/// A page to keep: what was rendered, for whom, from which epoch.
pub struct NewPage {
    pub body: Bytes,
    pub content_type: HeaderValue,
    pub etag: Option<HeaderValue>,
    pub tags: Vec<Tag>,
    pub involvement: Option<Involvement>,
    pub rendered_at: u64,
    /// For pages that change with the clock as well (a reader's own comments
    /// may be edited for a while): kept at most this long.
    pub max_age: Option<Duration>,
}

/// A page's place in the store: (day, class and path as the caller builds it;
/// language).
type Key = (String, &'static str);

/// Who may share a path: (the readers' class, None for anonymous readers; path
/// and query).
type ShareKey = (Option<String>, String);

/// The latest rendering of one page, behind the lock whose holder renders it.
type Flight = Arc<tokio::sync::Mutex<Option<Arc<CachedPage>>>>;

/// One reader's turn at rendering a page that is rendered one reader at a
/// time: it holds the page's render lock (released when dropped) and the epoch
/// at which the reader asked, to tell whether a rendering finished while they
/// waited shows every change acknowledged before they asked.
pub struct RenderTurn<'a> {
    cache: &'a PageCache,
    key: Key,
    asked_at: u64,
    last: tokio::sync::OwnedMutexGuard<Option<Arc<CachedPage>>>,
}

impl RenderTurn<'_> {
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

impl Drop for RenderTurn<'_> {
    fn drop(&mut self) {
        // The page's lock is dropped with its last user, so that the map of
        // flights holds only pages being rendered or waited for. New users
        // clone it only under the map's lock, so the count cannot grow here.
        if let Ok(mut flights) = self.cache.flights.lock() {
            let flight = tokio::sync::OwnedMutexGuard::mutex(&self.last);
            // The map's reference and this turn's.
            if Arc::strong_count(flight) <= 2 {
                flights.remove(&self.key);
            }
        }
    }
}

/// The shared pages of one instance (or, beside it, the pages of readers with
/// marks on them), bounded in number; when full, the least recently used page
/// goes.
pub struct PageCache {
    pub log: Arc<ForgetLog>,
    pub markers: Markers,
    pages: Mutex<Lru<Key, Arc<CachedPage>>>,
    /// Which paths' pages may be shared and by whom, per class of reader, as
    /// learnt from a reader's own first rendering: only these are rendered
    /// for a stand-in or one at a time.
    shareable: Mutex<Lru<ShareKey, Sharing>>,
    /// Pages being rendered now: who asks for one meanwhile waits for it. Holds
    /// only pages in use (see `RenderTurn`'s drop), so it is bounded by the
    /// requests in flight.
    flights: Mutex<HashMap<Key, Flight>>,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

impl PageCache {
    pub fn new(max_pages: usize, markers: Markers) -> Self {
        PageCache::beside(Arc::new(ForgetLog::default()), markers, max_pages)
    }

    /// A cache of its own size that forgets what `log` says changed.
    pub fn beside(log: Arc<ForgetLog>, markers: Markers, max_pages: usize) -> Self {
        PageCache {
            log,
            markers,
            pages: Mutex::new(Lru::new(max_pages)),
            shareable: Mutex::new(Lru::new(max_pages)),
            flights: Mutex::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The epoch to record before rendering a page.
    pub fn epoch(&self) -> u64 {
        self.log.epoch()
    }

    /// Whether kept pages may be served now (see `ForgetLog::usable`).
    pub fn usable(&self) -> bool {
        self.log.usable()
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
                if self.log.unchanged_since(&p.tags, p.rendered_at)
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
            etag: new.etag,
            involvement: new.involvement,
            tags: new.tags,
            rendered_at: new.rendered_at,
            kept_until: new.max_age.map(|a| Instant::now() + a),
        });
        if self.log.unchanged_since(&page.tags, page.rendered_at)
            && let Ok(mut pages) = self.pages.lock()
        {
            pages.insert((key.to_owned(), lang), page.clone());
        }
        page
    }

    /// Who of `class` (None: anonymous readers) may share the page at `path`,
    /// once a rendering for one of them has told.
    pub fn shareable(&self, class: Option<&str>, path: &str) -> Option<Sharing> {
        self.shareable
            .lock()
            .ok()?
            .get(&(class.map(str::to_owned), path.to_owned()))
            .copied()
    }

    pub fn learn_shareable(&self, class: Option<&str>, path: &str, sharing: Sharing) {
        if let Ok(mut known) = self.shareable.lock() {
            known.insert((class.map(str::to_owned), path.to_owned()), sharing);
        }
    }

    /// Forgets what was learnt about `path` for `class`: the next reader's own
    /// rendering tells again.
    pub fn unlearn_shareable(&self, class: Option<&str>, path: &str) {
        if let Ok(mut known) = self.shareable.lock() {
            known.remove(&(class.map(str::to_owned), path.to_owned()));
        }
    }

    /// The turn to render the page at `key`: one reader at a time renders a
    /// page, and those who asked while it was rendered get that rendering
    /// (when it began after they asked: it shows every write acknowledged
    /// before) instead of rendering it again.
    pub async fn turn(&self, key: &str, lang: &'static str) -> RenderTurn<'_> {
        let asked_at = self.epoch();
        let key = (key.to_owned(), lang);
        let flight = match self.flights.lock() {
            Ok(mut f) => f.entry(key.clone()).or_default().clone(),
            Err(_) => Flight::default(),
        };
        let last = flight.lock_owned().await;
        RenderTurn {
            cache: self,
            key,
            asked_at,
            last,
        }
    }

    /// Forgets what `tags` name here (see `ForgetLog::forget`); forgetting
    /// `Tag::All` also frees the memory of every page of this store.
    pub fn forget(&self, tags: &[Tag]) {
        self.log.forget(tags);
        if tags.contains(&Tag::All) {
            self.clear();
        }
    }

    /// Drops every page of this store (not what was learnt about paths).
    pub fn clear(&self) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.pages.lock().map(|p| p.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many pages are being rendered or waited for now.
    pub fn flights_in_use(&self) -> usize {
        self.flights.lock().map(|f| f.len()).unwrap_or(0)
    }
}

/// Marks a response as shareable by anonymous readers, depending on `tags`.
pub fn tagged(res: impl axum::response::IntoResponse, tags: Vec<Tag>) -> axum::response::Response {
    with_tags(res, tags, Sharing::Anonymous)
}

/// Marks a response as shareable by anonymous readers and by logged-in
/// readers of the same class without marks on `involvement`.
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
            etag: None,
            tags,
            involvement: None,
            rendered_at,
            max_age: None,
        }
    }

    #[test]
    fn pages_are_served_until_what_they_show_changes() {
        let c = cache(10);
        let e = c.epoch();
        c.put("/processes/1", "de", page("a", vec![Tag::Process(1)], e));
        assert!(c.get("/processes/1", "de").is_some());
        assert!(c.get("/processes/1", "en").is_none());
        c.forget(&[Tag::Process(2)]);
        assert!(
            c.get("/processes/1", "de").is_some(),
            "another process changed"
        );
        c.forget(&[Tag::Process(1)]);
        assert!(c.get("/processes/1", "de").is_none());
    }

    #[test]
    fn a_write_during_rendering_keeps_the_page_out() {
        let c = cache(10);
        let e = c.epoch();
        // The comment lands while the page is being rendered from older data.
        c.forget(&[Tag::Process(1)]);
        c.put(
            "/processes/1",
            "de",
            page("stale", vec![Tag::Process(1)], e),
        );
        assert!(c.get("/processes/1", "de").is_none());
        // Rendered afterwards, it is kept.
        let e = c.epoch();
        c.put(
            "/processes/1",
            "de",
            page("fresh", vec![Tag::Process(1)], e),
        );
        assert_eq!(
            c.get("/processes/1", "de").unwrap().fill("", "", "", ""),
            "fresh"
        );
    }

    #[test]
    fn forgetting_all_clears_everything() {
        let c = cache(10);
        for i in 0..3 {
            let e = c.epoch();
            c.put(&format!("/p/{i}"), "de", page("x", vec![], e));
        }
        assert_eq!(c.len(), 3);
        c.forget(&[Tag::All]);
        assert!(c.get("/p/2", "de").is_none());
        assert!(c.is_empty());
    }

    #[test]
    fn a_full_store_drops_the_least_recently_used_page() {
        let c = cache(3);
        for i in 0..3 {
            let e = c.epoch();
            c.put(&format!("/p/{i}"), "de", page("x", vec![], e));
        }
        // /p/0 is read again, so /p/1 is now the one used least recently.
        assert!(c.get("/p/0", "de").is_some());
        let e = c.epoch();
        c.put("/p/3", "de", page("x", vec![], e));
        assert_eq!(c.len(), 3);
        assert!(c.get("/p/1", "de").is_none(), "the oldest went");
        for kept in ["/p/0", "/p/2", "/p/3"] {
            assert!(c.get(kept, "de").is_some(), "{kept} was dropped");
        }
        // Many distinct queries push out old pages, one at a time; the page
        // read all along stays.
        assert!(c.get("/p/0", "de").is_some());
        for q in 0..100 {
            let e = c.epoch();
            c.put(&format!("/search?q={q}"), "de", page("x", vec![], e));
            assert!(c.get("/p/0", "de").is_some(), "cleared at query {q}");
        }
        assert_eq!(c.len(), 3);
        assert!(c.get("/search?q=99", "de").is_some());
        assert!(c.get("/search?q=97", "de").is_none());
    }

    #[test]
    fn lru_replaces_and_removes() {
        let mut l = Lru::new(2);
        l.insert("a", 1);
        l.insert("a", 2);
        assert_eq!(l.len(), 1);
        assert_eq!(l.get(&"a"), Some(&2));
        l.insert("b", 3);
        l.insert("c", 4);
        assert_eq!(l.get(&"a"), None);
        l.remove(&"b");
        assert_eq!(l.len(), 1);
        assert_eq!(l.get(&"c"), Some(&4));
        // The order is kept consistent through replacing and removing.
        l.insert("d", 5);
        l.get(&"c");
        l.insert("e", 6);
        assert_eq!(l.get(&"d"), None);
        assert_eq!(l.get(&"c"), Some(&4));
        assert_eq!(l.by_use.len(), l.entries.len());
    }

    #[test]
    fn what_is_shareable_is_learnt_per_class_and_bounded() {
        let c = cache(3);
        c.learn_shareable(None, "/p", Sharing::Members(None));
        assert_eq!(c.shareable(None, "/p"), Some(Sharing::Members(None)));
        assert_eq!(c.shareable(Some("citizen.0.true"), "/p"), None);
        c.learn_shareable(Some("citizen.0.true"), "/p", Sharing::Anonymous);
        assert_eq!(
            c.shareable(Some("citizen.0.true"), "/p"),
            Some(Sharing::Anonymous)
        );
        assert_eq!(c.shareable(None, "/p"), Some(Sharing::Members(None)));
        c.unlearn_shareable(Some("citizen.0.true"), "/p");
        assert_eq!(c.shareable(Some("citizen.0.true"), "/p"), None);
        // Many paths push out the least recently asked about, not all.
        for q in 0..50 {
            c.learn_shareable(None, &format!("/search?q={q}"), Sharing::Members(None));
            assert!(c.shareable(None, "/p").is_some(), "cleared at {q}");
        }
        assert_eq!(
            c.shareable(None, "/search?q=49"),
            Some(Sharing::Members(None))
        );
        assert_eq!(c.shareable(None, "/search?q=0"), None);
    }

    #[tokio::test]
    async fn flights_are_dropped_when_nobody_renders_or_waits() {
        let c = cache(10);
        for q in 0..20 {
            let turn = c.turn(&format!("/search?q={q}"), "de").await;
            assert_eq!(c.flights_in_use(), 1);
            let e = c.epoch();
            let p = c.put(&format!("/search?q={q}"), "de", page("x", vec![], e));
            turn.done(p);
        }
        assert_eq!(c.flights_in_use(), 0);
        // A flight with someone waiting stays until the last of them is done.
        let first = c.turn("/p", "de").await;
        let c2 = &c;
        let waiting = async move {
            let t = c2.turn("/p", "de").await;
            assert!(t.rendered_meanwhile().is_some());
        };
        let finishing = async {
            tokio::task::yield_now().await;
            let e = c.epoch();
            first.done(c.put("/p", "de", page("x", vec![], e)));
        };
        tokio::join!(waiting, finishing);
        assert_eq!(c.flights_in_use(), 0);
    }

    #[test]
    fn nothing_kept_is_used_while_deaf_or_off() {
        let c = cache(10);
        let e = c.epoch();
        c.put("/", "de", page("x", vec![], e));
        c.log.set_deaf(true);
        assert!(c.get("/", "de").is_none(), "served while deaf");
        let e = c.epoch();
        c.put("/a", "de", page("x", vec![], e));
        c.log.set_deaf(false);
        assert!(c.get("/a", "de").is_none(), "kept while deaf");
        assert!(c.get("/", "de").is_some());
        c.log.turn_off();
        assert!(c.get("/", "de").is_none());
    }

    #[test]
    fn slots_are_filled_with_each_readers_own_values() {
        let c = cache(10);
        let m = c.markers.clone();
        let body = format!(
            "<input value=\"{}\"><p>{}</p><input value=\"{}\">mitreden-slot-0123abcd-x",
            m.csrf, m.name, m.csrf
        );
        let e = c.epoch();
        let p = c.put("/", "de", page(&body, vec![], e));
        assert_eq!(
            p.fill("t0k3n", "Anna &amp; Ben", "", ""),
            "<input value=\"t0k3n\"><p>Anna &amp; Ben</p><input value=\"t0k3n\">mitreden-slot-0123abcd-x"
        );
        assert_eq!(
            c.get("/", "de").unwrap().fill("other", "Cem", "", ""),
            "<input value=\"other\"><p>Cem</p><input value=\"other\">mitreden-slot-0123abcd-x"
        );
    }
}
