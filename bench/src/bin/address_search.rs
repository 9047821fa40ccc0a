//! The address search at the size of a city state's register: 300,000
//! addresses (3,000 streets of 100 house numbers), imported through the
//! administrators' command from CSV, then 2,000 searches of what people type
//! ("Lindenallee 4", "linden", "Am Markt", "hauptstr 12") timed one by one,
//! through the same normalisation and query the place picker uses.
//!
//! Run: `cargo run --release -p bench --bin address_search` (SQLite), or with
//! `BENCH_DATABASE_URL=postgres://…` for PostgreSQL (the database is
//! migrated and its address register replaced). Writes
//! `bench/results/address_search_<backend>.json`.

use std::fmt::Write;
use std::time::Instant;

const STREETS: usize = 3_000;
const NUMBERS: usize = 100;
const SEARCHES: usize = 2_000;

const FIRST: &[&str] = &[
    "Linden",
    "Eichen",
    "Birken",
    "Ahorn",
    "Buchen",
    "Kastanien",
    "Rosen",
    "Tulpen",
    "Nelken",
    "Flieder",
    "Holunder",
    "Weiden",
    "Erlen",
    "Pappel",
    "Ulmen",
    "Haupt",
    "Bahnhof",
    "Kirch",
    "Schul",
    "Mühlen",
    "Markt",
    "Garten",
    "Wald",
    "Feld",
    "Wiesen",
    "Berg",
    "Tal",
    "Bach",
    "Brücken",
    "Hafen",
    "Elb",
    "Alster",
    "Post",
    "Park",
    "Sonnen",
    "Mond",
    "Stern",
    "Friedrich",
    "Wilhelm",
    "Luisen",
    "Max-Brauer",
    "Große Berg",
    "Kleine Frei",
    "Neue Burg",
    "Alte Land",
    "Ost",
    "West",
    "Süd",
    "Nord",
    "Grüner",
];
const LAST: &[&str] = &[
    "straße", "weg", "allee", "ring", "damm", "chaussee", "stieg", "kamp", "twiete", "platz",
];

fn street(i: usize) -> String {
    // 50 × 10 names × 6 districts' variants = 3,000 distinct streets.
    let base = format!(
        "{}{}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()]
    );
    match i / (FIRST.len() * LAST.len()) {
        0 => base,
        n => format!(
            "{base} {}",
            ["Nord", "Süd", "Ost", "West", "Mitte"][(n - 1) % 5]
        ),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = match std::env::var("BENCH_DATABASE_URL") {
        Ok(u) => u,
        Err(_) => {
            let dir =
                std::env::temp_dir().join(format!("mitreden-bench-addr-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            db::Db::sqlite_url_for_dir(&dir)
        }
    };
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    let backend = if url.starts_with("postgres") {
        "postgresql"
    } else {
        "sqlite"
    };
    let app = bench::commands(&db)?;

    let mut csv = String::from("street;housenumber;postcode;lat;lon\n");
    for s in 0..STREETS {
        let name = street(s);
        for n in 1..=NUMBERS {
            let lat = 53.40 + (s as f64 / STREETS as f64) * 0.3 + n as f64 * 1e-5;
            let lon = 9.75 + ((s * 7919) % STREETS) as f64 / STREETS as f64 * 0.5;
            let _ = writeln!(csv, "{name};{n};{};{lat:.6};{lon:.6}", 20000 + s % 1000);
        }
    }
    let started = Instant::now();
    let out = app::maps::import_addresses(&app, &app::Actor::System, csv.as_bytes()).await?;
    let import_s = started.elapsed().as_secs_f64();
    assert_eq!(out.value.rows, STREETS * NUMBERS);
    println!(
        "{backend}: imported {} addresses in {import_s:.1} s",
        out.value.rows
    );

    // What people type: whole addresses, a street's start, a street alone,
    // abbreviations, lower case, a few that match nothing.
    let mut queries = vec![];
    for i in 0..SEARCHES {
        let s = street((i * 7_703) % STREETS);
        let n = (i * 31) % NUMBERS + 1;
        queries.push(match i % 6 {
            0 => format!("{s} {n}"),
            1 => s.chars().take(5).collect(),
            2 => s.clone(),
            3 => format!("{} {n}", s.replace("straße", "str.")).to_lowercase(),
            4 => format!("{} {}", s.to_uppercase(), n / 10),
            _ => format!("Nirgendwo {i}"),
        });
    }
    // Warm the caches (the database's pages, the connection pool).
    for q in queries.iter().take(100) {
        db::maps::search(&db, &domain::maps::address_key(q), 8).await?;
    }
    let mut times = Vec::with_capacity(SEARCHES);
    let mut found = 0usize;
    for q in &queries {
        let t = Instant::now();
        let r = db::maps::search(&db, &domain::maps::address_key(q), 8).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(!r.is_empty());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let (p50, p99, max) = (
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1],
    );
    println!(
        "{backend}: {SEARCHES} searches over {} addresses, {found} with results: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        STREETS * NUMBERS
    );
    let result = serde_json::json!({
        "benchmark": "address_search",
        "backend": backend,
        "addresses": STREETS * NUMBERS,
        "searches": SEARCHES,
        "with_results": found,
        "import_seconds": import_s,
        "p50_ms": p50,
        "p99_ms": p99,
        "max_ms": max,
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join(format!("address_search_{backend}.json")),
        serde_json::to_string_pretty(&result)?,
    )?;
    Ok(())
}
