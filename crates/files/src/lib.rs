//! Heavy file handling behind small interfaces, in a crate of its own so that a
//! change elsewhere never recompiles it: what an uploaded document is (PDF,
//! office formats), pictures checked and re-encoded, and small PDFs written.

pub mod documents;
pub mod images;
pub mod pdf_writer;
#[doc(hidden)]
pub mod testing;

use std::time::Duration;

use tokio::sync::Semaphore;

/// Heavy work on uploads (decoding a picture, reading a PDF) done at the same
/// time, whatever the number of uploads: each may take a hundred megabytes
/// and seconds of a core.
pub const PARALLEL: usize = 2;
static TURNS: Semaphore = Semaphore::const_new(PARALLEL);

/// Why bounded work gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// It ran longer than allowed; it finishes in the background, still
    /// holding its turn, and its result is dropped.
    TooSlow,
    /// It panicked.
    Failed,
}

/// Runs `f` on a blocking thread, off the async threads, once one of the
/// `PARALLEL` turns is free, and waits for it at most `limit` (the wait for a
/// turn not included). Work that returns, but took longer than `limit` by
/// its own clock, is cut too: the outcome never depends on whether the timer
/// or the thread was scheduled first.
pub async fn bounded<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Cut> {
    // The semaphore is never closed.
    let turn = TURNS.acquire().await.map_err(|_| Cut::Failed)?;
    let work = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let started = std::time::Instant::now();
        let v = f();
        (v, started.elapsed())
    });
    match tokio::time::timeout(limit, work).await {
        Ok(Ok((v, took))) if took <= limit => Ok(v),
        Ok(Ok(_)) => Err(Cut::TooSlow),
        Ok(Err(_)) => Err(Cut::Failed),
        Err(_) => Err(Cut::TooSlow),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn heavy_work_runs_at_most_parallel_at_a_time() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(bounded(Duration::from_secs(10), move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), Ok(()));
        }
        // Other tests may hold a turn meanwhile.
        assert!(most.load(Ordering::SeqCst) <= PARALLEL);
    }

    #[tokio::test]
    async fn work_that_takes_too_long_is_cut_and_keeps_its_turn() {
        let r = bounded(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(400))
        })
        .await;
        assert_eq!(r, Err(Cut::TooSlow));
    }

    #[tokio::test]
    async fn work_that_returns_after_its_limit_is_cut_whoever_wakes_first() {
        // 1 ns is below the timer's resolution: the thread returns before
        // the timer fires, and its own clock still says it was too slow.
        for _ in 0..20 {
            let r = bounded(Duration::from_nanos(1), || {
                std::thread::sleep(Duration::from_micros(50))
            })
            .await;
            assert_eq!(r, Err(Cut::TooSlow));
        }
        let r = bounded(Duration::from_secs(10), || 7).await;
        assert_eq!(r, Ok(7));
    }
}
