//! Counted survey results kept in memory between requests, so that the staff's
//! results page of a large survey is counted once and not for every view.
//!
//! One entry per (survey, filter, cross-table): a [`Snapshot`] of every figure
//! the page shows, read in one transaction, with the version of the survey it
//! was read from. An entry is current while
//! - no change of its survey has been announced since its counting began
//!   (`AppState::changed` with the survey's tag, here or, on PostgreSQL, on
//!   another instance: every invalidation advances an epoch, and an entry
//!   remembers the epoch at which its counting began), and
//! - the survey row the request has just read is no newer than the snapshot
//!   (more responses, or a later `updated_at`): a change this instance was not
//!   told about, e.g. while its listener was reconnecting, counts as announced.
//!
//! Counting is single-flight: one computation per entry at a time, in a task of
//! its own, which every request that needs it waits for. When a change makes
//! an entry outdated, the next request starts the recount and waits for it, so a
//! single new response shows at once. During a burst of changes (a change
//! arrives while a recount is running, or the recount takes longer than
//! [`WAIT_FOR_RECOUNT`]), requests get the newest completed result at once,
//! marked as outdated so that the page can say of when it is, while that one
//! recount goes on in the background. The entries are bounded in number and
//! in estimated size; the least recently used go first.

use domain::Tag;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use db::surveys::results::{Filter, Snapshot};
use tokio::sync::watch;

use crate::{AppError, AppResult, SharedState};

/// How long after a recount began requests wait for it rather than show the
/// previous result.
pub const WAIT_FOR_RECOUNT: Duration = Duration::from_secs(2);
/// Free texts listed per question on the results page.
pub const TEXTS_SHOWN: u64 = 5;

const MAX_ENTRIES: usize = 512;
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Which results: a survey, optionally filtered by one answer, optionally with
/// the cross-table of two choice questions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub survey: i64,
    /// (question, choice code)
    pub filter: Option<(i64, String)>,
    /// (rows' question, columns' question)
    pub cross: Option<(i64, i64)>,
}

/// The version of a survey as the request read it from its row.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub responses: u64,
    pub updated_at: DateTime<Utc>,
}

/// One completed counting.
#[derive(Debug)]
pub struct Counted {
    pub snapshot: Snapshot,
    /// When its snapshot was taken: it holds what was committed by then.
    pub as_of: DateTime<Utc>,
    epoch: u64,
    bytes: usize,
}

impl Counted {
    /// Whether the survey row `seen` shows a change this result does not hold.
    fn older_than(&self, seen: Seen) -> bool {
        seen.responses > self.snapshot.responses || seen.updated_at > self.snapshot.updated_at
    }
}

/// What a request gets: a result and whether it is current.
#[derive(Debug, Clone)]
pub struct Shown {
    pub counted: std::sync::Arc<Counted>,
    /// False: the survey has changed since, and a recount is running.
    pub current: bool,
}

/// A counting that failed, for everyone who waited for it.
#[derive(Debug, Clone)]
enum Failed {
    Unavailable,
    NotFound,
    Internal(String),
}

impl From<Failed> for AppError {
    fn from(f: Failed) -> Self {
        match f {
            Failed::Unavailable => AppError::Page(crate::ErrorPage::Unavailable),
            Failed::NotFound => AppError::not_found(),
            Failed::Internal(e) => AppError::internal(e),
        }
    }
}

type Outcome = Option<Result<std::sync::Arc<Counted>, Failed>>;

struct Running {
    id: u64,
    epoch: u64,
    /// Until when requests wait for it rather than show the previous result.
    deadline: tokio::time::Instant,
    /// The survey row as the request that started it read it: its snapshot
    /// is at least that new.
    seen: Seen,
    rx: watch::Receiver<Outcome>,
}

impl Running {
    fn older_than(&self, seen: Seen) -> bool {
        seen.responses > self.seen.responses || seen.updated_at > self.seen.updated_at
    }
}

#[derive(Default)]
struct Slot {
    done: Option<std::sync::Arc<Counted>>,
    running: Option<Running>,
    used: u64,
}

#[derive(Default)]
struct Inner {
    /// The epoch: advanced by every invalidation.
    epoch: u64,
    /// Per survey the epoch of its last invalidation.
    changed: HashMap<i64, u64>,
    /// The epoch of the last invalidation of everything.
    all_changed: u64,
    slots: HashMap<Key, Slot>,
    bytes: usize,
    tick: u64,
    next_id: u64,
}

impl Inner {
    fn changed_at(&self, survey: i64) -> u64 {
        self.changed
            .get(&survey)
            .copied()
            .unwrap_or(0)
            .max(self.all_changed)
    }

    fn mark_changed(&mut self, survey: i64) {
        self.epoch += 1;
        self.changed.insert(survey, self.epoch);
        if self.changed.len() > 100_000 {
            self.changed.clear();
            self.all_changed = self.epoch;
        }
    }

    /// Drops the least recently used results until the bounds hold again,
    /// never one whose recount is running.
    fn evict(&mut self) {
        loop {
            let held = self.slots.values().filter(|s| s.done.is_some()).count();
            if held <= MAX_ENTRIES && self.bytes <= MAX_BYTES {
                return;
            }
            let Some(key) = self
                .slots
                .iter()
                .filter(|(_, s)| s.done.is_some() && s.running.is_none())
                .min_by_key(|(_, s)| s.used)
                .map(|(k, _)| k.clone())
            else {
                return;
            };
            if let Some(slot) = self.slots.remove(&key) {
                self.bytes = self
                    .bytes
                    .saturating_sub(slot.done.map(|d| d.bytes).unwrap_or(0));
            }
        }
    }
}

/// The counted results of this instance.
#[derive(Default)]
pub struct Tallies {
    inner: Mutex<Inner>,
    /// Countings started (for tests and metrics).
    pub computations: AtomicU64,
    /// Requests answered with an outdated result during a recount.
    pub outdated_served: AtomicU64,
    /// Tests only: a pause before each counting, so that views surely overlap it.
    #[doc(hidden)]
    pub count_delay_ms: AtomicU64,
}

enum Step {
    Ready(Shown),
    /// Wait for a running counting; `fallback` is shown if it takes too long.
    Wait {
        rx: watch::Receiver<Outcome>,
        deadline: tokio::time::Instant,
        fallback: Option<std::sync::Arc<Counted>>,
    },
}

impl Tallies {
    /// Marks the results of the surveys named by these tags (`Survey`, or
    /// `All` for everything) as changed.
    pub fn invalidate(&self, tags: &[Tag]) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        for tag in tags {
            match tag {
                Tag::All => {
                    inner.epoch += 1;
                    inner.all_changed = inner.epoch;
                }
                Tag::Survey(id) => inner.mark_changed(*id),
                _ => {}
            }
        }
    }

    /// How many results are held.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .map(|i| i.slots.values().filter(|s| s.done.is_some()).count())
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The results for `key`, counted once for everyone who asks at the same
    /// time; `seen` is the survey row as the request read it.
    pub async fn get(state: &SharedState, key: Key, seen: Seen) -> AppResult<Shown> {
        let tallies = &state.tallies;
        let (mut rx, deadline, fallback) = match tallies.step(state, &key, seen)? {
            Step::Ready(shown) => {
                if !shown.current {
                    tallies.outdated_served.fetch_add(1, Ordering::Relaxed);
                }
                return Ok(shown);
            }
            Step::Wait {
                rx,
                deadline,
                fallback,
            } => (rx, deadline, fallback),
        };
        let outcome = match &fallback {
            Some(previous) => {
                match tokio::time::timeout_at(deadline, rx.wait_for(Option::is_some)).await {
                    Ok(r) => r.map(|o| o.clone()),
                    Err(_) => {
                        tallies.outdated_served.fetch_add(1, Ordering::Relaxed);
                        return Ok(Shown {
                            counted: previous.clone(),
                            current: false,
                        });
                    }
                }
            }
            None => rx.wait_for(Option::is_some).await.map(|o| o.clone()),
        };
        match outcome {
            Ok(Some(Ok(counted))) => {
                let current = tallies.is_current(&counted, key.survey, seen);
                if !current {
                    // It began before the latest change: make sure that the
                    // recount the page announces is running.
                    tallies.step(state, &key, seen)?;
                    tallies.outdated_served.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Shown { counted, current })
            }
            Ok(Some(Err(failed))) => Err(failed.into()),
            // The counting task ended without an answer (it panicked).
            Ok(None) | Err(_) => Err(AppError::internal("survey results: counting ended")),
        }
    }

    fn is_current(&self, c: &Counted, survey: i64, seen: Seen) -> bool {
        !c.older_than(seen)
            && self
                .inner
                .lock()
                .is_ok_and(|inner| c.epoch >= inner.changed_at(survey))
    }

    /// Decides under the lock what a request does; starts a counting if none
    /// runs and the entry is missing or outdated.
    fn step(&self, state: &SharedState, key: &Key, seen: Seen) -> AppResult<Step> {
        let mut inner = self
            .inner
            .lock()
            .map_err(|_| AppError::internal("survey results: lock poisoned"))?;
        inner.tick += 1;
        let tick = inner.tick;
        let changed_at = inner.changed_at(key.survey);
        let Some(slot) = inner.slots.get_mut(key) else {
            return Ok(self.start(&mut inner, state, key, seen, tick, None));
        };
        slot.used = tick;
        let done = slot.done.clone();
        if let Some(d) = &done
            && d.epoch >= changed_at
            && !d.older_than(seen)
        {
            return Ok(Step::Ready(Shown {
                counted: d.clone(),
                current: true,
            }));
        }
        // A sender gone without an answer is no counting.
        let running = slot
            .running
            .as_ref()
            .filter(|r| r.rx.has_changed().is_ok())
            .map(|r| {
                (
                    r.epoch >= changed_at && !r.older_than(seen),
                    r.rx.clone(),
                    r.deadline,
                )
            });
        match (running, done) {
            // A counting that began after every change the request knows of.
            (Some((true, rx, deadline)), fallback) => Ok(Step::Wait {
                rx,
                deadline,
                fallback,
            }),
            // A burst: the running recount began before the latest change.
            (Some((false, ..)), Some(d)) => Ok(Step::Ready(Shown {
                counted: d,
                current: false,
            })),
            (Some((false, rx, deadline)), None) => Ok(Step::Wait {
                rx,
                deadline,
                fallback: None,
            }),
            (None, fallback) => Ok(self.start(&mut inner, state, key, seen, tick, fallback)),
        }
    }

    fn start(
        &self,
        inner: &mut Inner,
        state: &SharedState,
        key: &Key,
        seen: Seen,
        tick: u64,
        fallback: Option<std::sync::Arc<Counted>>,
    ) -> Step {
        inner.next_id += 1;
        let id = inner.next_id;
        let epoch = inner.epoch;
        let (tx, rx) = watch::channel(None);
        let deadline = tokio::time::Instant::now() + WAIT_FOR_RECOUNT;
        let slot = inner.slots.entry(key.clone()).or_default();
        slot.used = tick;
        slot.running = Some(Running {
            id,
            epoch,
            deadline,
            seen,
            rx: rx.clone(),
        });
        self.computations.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(count(state.clone(), key.clone(), id, epoch, tx));
        Step::Wait {
            rx,
            deadline,
            fallback,
        }
    }

    /// Keeps a completed counting (unless a newer one is kept already) and
    /// ends its run.
    fn finish(&self, key: &Key, id: u64, result: Option<&std::sync::Arc<Counted>>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let mut freed = 0;
        let mut added = 0;
        let Some(slot) = inner.slots.get_mut(key) else {
            return;
        };
        if slot.running.as_ref().is_some_and(|r| r.id == id) {
            slot.running = None;
        }
        if let Some(c) = result
            && slot.done.as_ref().is_none_or(|d| d.epoch <= c.epoch)
        {
            freed = slot.done.as_ref().map(|d| d.bytes).unwrap_or(0);
            added = c.bytes;
            slot.done = Some(c.clone());
        }
        if slot.done.is_none() && slot.running.is_none() {
            inner.slots.remove(key);
        }
        inner.bytes = inner.bytes.saturating_sub(freed) + added;
        inner.evict();
    }
}

/// Ends a counting's run even if its task panics, so that the next request
/// starts another instead of waiting for an answer that never comes.
struct RunGuard {
    state: SharedState,
    key: Key,
    id: u64,
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        self.state.tallies.finish(&self.key, self.id, None);
    }
}

/// A rough size of a result in memory, for the cache's bound.
fn estimate(s: &Snapshot) -> usize {
    let counts: usize = s
        .tally
        .counts
        .values()
        .flatten()
        .map(|(item, value, _)| item.len() + value.len() + 64)
        .sum();
    let texts: usize = s.texts.iter().map(|t| t.text.len() + 48).sum();
    let cross: usize = s
        .cross
        .iter()
        .flatten()
        .map(|(a, b, _)| a.len() + b.len() + 64)
        .sum();
    let questions: usize = s
        .questions
        .iter()
        .map(|q| q.text.len() + q.help.len() + 512)
        .sum();
    counts + texts + cross + questions + 256
}

async fn count(state: SharedState, key: Key, id: u64, epoch: u64, tx: watch::Sender<Outcome>) {
    let guard = RunGuard {
        state: state.clone(),
        key: key.clone(),
        id,
    };
    let delay = state.tallies.count_delay_ms.load(Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let as_of = Utc::now();
    let filter = key.filter.as_ref().map(|(q, v)| Filter {
        question_id: *q,
        value: v.clone(),
    });
    let started = std::time::Instant::now();
    let result = db::surveys::results::snapshot(
        &state.db,
        key.survey,
        filter.as_ref(),
        key.cross,
        TEXTS_SHOWN,
    )
    .await;
    let outcome = match result {
        Ok(Some(snapshot)) => {
            tracing::debug!(
                survey = key.survey,
                ms = started.elapsed().as_millis() as u64,
                "survey results counted"
            );
            let bytes = estimate(&snapshot);
            Ok(std::sync::Arc::new(Counted {
                snapshot,
                as_of,
                epoch,
                bytes,
            }))
        }
        Ok(None) => Err(Failed::NotFound),
        Err(e) if e.is_unavailable() => {
            tracing::warn!(error = %e, "database unavailable");
            Err(Failed::Unavailable)
        }
        Err(e) => Err(Failed::Internal(e.to_string())),
    };
    state.tallies.finish(&key, id, outcome.as_ref().ok());
    drop(guard);
    let _ = tx.send(Some(outcome));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed_at(t: &Tallies, survey: i64) -> u64 {
        t.inner.lock().map(|i| i.changed_at(survey)).unwrap_or(0)
    }

    #[test]
    fn survey_tags_and_everything_mark_surveys_changed() {
        let t = Tallies::default();
        assert_eq!(changed_at(&t, 5), 0);
        t.invalidate(&[Tag::Process(5), Tag::Lists]);
        assert_eq!(changed_at(&t, 5), 0, "not a survey's tag");
        t.invalidate(&[Tag::Survey(5)]);
        let five = changed_at(&t, 5);
        assert!(five > 0);
        assert_eq!(changed_at(&t, 6), 0, "another survey");
        t.invalidate(&[Tag::All]);
        assert!(changed_at(&t, 6) > five);
        assert!(changed_at(&t, 5) > five);
    }
}
