//! Prometheus metrics: request counts by route, method and status, and a latency
//! histogram per route. Routes are the matched patterns (`/users/{id}`), so the
//! number of series stays bounded whatever paths clients ask for.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::SharedState;

const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    pub fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_owned(), method.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let h = l.entry(route.to_owned()).or_default();
            h.count += 1;
            h.sum += seconds;
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    h.counts[i] += 1;
                }
            }
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP mitreden_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE mitreden_http_requests_total counter\n");
        if let Ok(r) = self.requests.lock() {
            for ((route, method, status), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "mitreden_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                    escape(route),
                    escape(method)
                );
            }
        }
        out.push_str("# HELP mitreden_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE mitreden_http_request_duration_seconds histogram\n");
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                let route = escape(route);
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "mitreden_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "mitreden_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "mitreden_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "mitreden_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub async fn middleware(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    state.metrics.record(
        &route,
        &method,
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    res
}

pub async fn serve(State(state): State<SharedState>) -> Response {
    use std::sync::atomic::Ordering;
    let mut text = state.metrics.render();
    let _ = writeln!(
        text,
        "# HELP mitreden_page_cache_hits_total Pages served from the page cache."
    );
    let _ = writeln!(text, "# TYPE mitreden_page_cache_hits_total counter");
    let _ = writeln!(
        text,
        "mitreden_page_cache_hits_total {}",
        state.cache.hits.load(Ordering::Relaxed)
    );
    let _ = writeln!(
        text,
        "# HELP mitreden_page_cache_misses_total Cacheable requests rendered anew."
    );
    let _ = writeln!(text, "# TYPE mitreden_page_cache_misses_total counter");
    let _ = writeln!(
        text,
        "mitreden_page_cache_misses_total {}",
        state.cache.misses.load(Ordering::Relaxed)
    );
    let _ = writeln!(
        text,
        "# HELP mitreden_page_cache_pages Pages held in the page cache."
    );
    let _ = writeln!(text, "# TYPE mitreden_page_cache_pages gauge");
    let _ = writeln!(text, "mitreden_page_cache_pages {}", state.cache.len());
    for (name, kind, help, value) in [
        (
            "mitreden_survey_tally_computations_total",
            "counter",
            "Survey results counted from the answers (each one shared by every view waiting for it).",
            state.tallies.computations.load(Ordering::Relaxed),
        ),
        (
            "mitreden_survey_tally_outdated_total",
            "counter",
            "Results pages shown with the previous figures while a recount ran.",
            state.tallies.outdated_served.load(Ordering::Relaxed),
        ),
        (
            "mitreden_survey_tally_results",
            "gauge",
            "Counted survey results held in memory.",
            state.tallies.len() as u64,
        ),
    ] {
        let _ = writeln!(text, "# HELP {name} {help}");
        let _ = writeln!(text, "# TYPE {name} {kind}");
        let _ = writeln!(text, "{name} {value}");
    }
    let _ = writeln!(
        text,
        "# HELP mitreden_live_readers Open live discussion streams."
    );
    let _ = writeln!(text, "# TYPE mitreden_live_readers gauge");
    let _ = writeln!(text, "mitreden_live_readers {}", state.live.readers());
    // From the database, so every instance reports the same queue; left out
    // while it cannot be reached rather than reported as zero.
    for (name, help, value) in [
        (
            "mitreden_jobs_waiting",
            "Queued work (mail above all) waiting or running.",
            db::jobs::pending(&state.db).await,
        ),
        (
            "mitreden_jobs_given_up",
            "Queued work given up after its retries (see /admin/jobs).",
            db::jobs::failed_count(&state.db).await,
        ),
    ] {
        if let Ok(value) = value {
            let _ = writeln!(text, "# HELP {name} {help}");
            let _ = writeln!(text, "# TYPE {name} gauge");
            let _ = writeln!(text, "{name} {value}");
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("/login", "GET", 200, 0.002);
        m.record("/login", "GET", 200, 0.2);
        let s = m.render();
        assert!(s.contains(
            "mitreden_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(s.contains(
            "mitreden_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.0025\"} 1"
        ));
        assert!(s.contains(
            "mitreden_http_request_duration_seconds_bucket{route=\"/login\",le=\"0.25\"} 2"
        ));
        assert!(s.contains("mitreden_http_request_duration_seconds_count{route=\"/login\"} 2"));
    }
}
