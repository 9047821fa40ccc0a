//! An upload streams to storage without being held in memory: a counting
//! allocator measures the most memory this test binary held while a 64 MiB file
//! arrived (itself sent as a stream of small chunks). In a binary of its own so
//! that no other test allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use testkit::TestApp;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const FILE_MB: usize = 64;
/// The memory the upload may add on top of what the app held before it.
const LIMIT_MB: usize = 24;

#[tokio::test]
async fn a_large_upload_is_never_held_in_memory() {
    let app = TestApp::with_config(|c| c.max_upload_bytes = 100 * 1024 * 1024).await;
    let (staff, dep) = app
        .staff(
            "team@finanzen.example",
            "ein-sicheres-passwort",
            "Finanzbehörde",
        )
        .await;
    staff.get("/").await;
    let token = staff.cookie(web::cookies::CSRF).unwrap();

    let head = format!(
        "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nGroße Tabelle\r\n\
         --b\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\nresult\r\n\
         --b\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nde\r\n\
         --b\r\nContent-Disposition: form-data; name=\"department_id\"\r\n\r\n{dep}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gross.csv\"\r\n\r\n"
    );
    // 64 KiB rows of CSV text, made as they are sent.
    let row: Vec<u8> = "Bezirk;Anzahl;Bemerkung\n".repeat(2731).into_bytes()[..65536].to_vec();
    let rows = FILE_MB * 16;
    let chunks = std::iter::once(head.into_bytes())
        .chain(std::iter::repeat_n(row.clone(), rows))
        .chain(std::iter::once(b"\r\n--b--\r\n".to_vec()))
        .map(Ok::<_, std::io::Error>);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/staff/documents?csrf_token={token}"))
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();

    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let r = staff.request(req).await;
    let peak = PEAK.load(Ordering::Relaxed);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let added_mb = peak.saturating_sub(before) / (1024 * 1024);
    eprintln!("a {FILE_MB} MiB upload added at most {added_mb} MiB of memory");
    assert!(
        added_mb < LIMIT_MB,
        "the upload held {added_mb} MiB in memory (limit {LIMIT_MB} MiB for a {FILE_MB} MiB file)"
    );
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/documents/")
        .parse()
        .unwrap();
    let doc = db::documents::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(doc.file.size as usize, rows * row.len());
    assert_eq!(doc.file.file_kind, domain::documents::FileKind::Csv);
}
