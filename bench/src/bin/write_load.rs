//! Durable comment writes through the library, with K concurrent writers.
//!
//! Each writer is a task calling the command `app::comments::import` in a loop: every call is
//! one transaction (the comment, the process's counter, the search entry, the
//! live event) committed durably before it returns — on SQLite in WAL mode with
//! `synchronous=FULL` (as the server opens it, via `db::Db::connect`), on
//! PostgreSQL with its default `synchronous_commit=on`. All writers write to the
//! same discussion, as when one topic goes viral. No HTTP and no rate limits:
//! this is the database's share of the write path.
//!
//! ```text
//! write_load [--database URL] [--writers 1,4,16,64] [--seconds 5] [--json-out FILE]
//!            [--compare-serialized true]
//! ```
//! `--compare-serialized true` runs every level a second time with the writers queued on one
//! in-process mutex, to show how much of the cost is contention for SQLite's write lock.
//! Without `--database`, each level runs on a fresh SQLite file in a temporary folder, so that
//! every level starts from the same database size (`--fresh-per-level false`: one file for all;
//! `--writers 1,1,1,1` on one file then shows how throughput changes as the database grows).
//! On PostgreSQL, give a database the benchmark may write into (it adds its own
//! department, accounts and process).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bench::{Args, summary};
use chrono::Local;
use db::comments::Subject;
use domain::Role;
use domain::processes::{DateRange, Phases, Status};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let levels: Vec<usize> = args
        .get("writers")
        .unwrap_or_else(|| "1,4,16,64".into())
        .split(',')
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()?;
    let seconds: f64 = args.get_or("seconds", 5.0);
    let json_out = args.get("json-out");
    let compare = args.get_or("compare-serialized", false);
    // On a fresh SQLite file per level (the default without --database), every level starts
    // from the same size of database, so levels compare concurrency and nothing else.
    let given = args.get("database");
    let fresh = given.is_none() && args.get_or("fresh-per-level", true);
    let max_writers = levels.iter().copied().max().unwrap_or(1);
    let mut backend = db::Backend::Sqlite;
    let mut results = vec![];
    let mut serialized = vec![];
    let mut shared: Option<(db::Db, i64, Vec<i64>)> = None;
    let scratch = || {
        let dir = std::env::temp_dir().join(format!(
            "mitreden-write-load-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_micros()
        ));
        std::fs::create_dir_all(&dir).map(|_| dir)
    };
    let mut scratch_dirs = vec![];
    for &k in &levels {
        for queued in [false, true] {
            if queued && !compare {
                continue;
            }
            let (db, process, users) = match (&shared, fresh) {
                (Some((db, p, u)), false) => (db.clone(), *p, u.clone()),
                _ => {
                    let url = match &given {
                        Some(u) => u.clone(),
                        None => {
                            let dir = scratch()?;
                            let url = db::Db::sqlite_url_for_dir(&dir);
                            scratch_dirs.push(dir);
                            url
                        }
                    };
                    let db = db::Db::connect(&url).await?;
                    db.migrate().await?;
                    let (process, users) = setup(&db, max_writers).await?;
                    if !fresh {
                        shared = Some((db.clone(), process, users.clone()));
                    }
                    (db, process, users)
                }
            };
            backend = db.backend();
            let gate = queued.then(|| Arc::new(tokio::sync::Mutex::new(())));
            let r = run_level(&db, process, &users, k, seconds, gate).await?;
            if queued {
                serialized.push(r);
            } else {
                results.push(r);
            }
            if fresh {
                db.close().await;
            }
        }
    }
    let out = serde_json::json!({
        "benchmark": "write_load",
        "path": "library: app::comments::import, the command pages call (one durable transaction per comment: row, counter, search entry, event); no HTTP",
        "backend": backend.name(),
        "durability": match backend {
            db::Backend::Sqlite => "SQLite WAL, synchronous=FULL (db::Db::connect)",
            db::Backend::Postgres => "PostgreSQL, synchronous_commit as configured (default on)",
        },
        "pool_connections": match backend { db::Backend::Sqlite => 8, db::Backend::Postgres => 16 },
        "seconds_per_level": seconds,
        "fresh_database_per_level": fresh,
        "date": chrono::Utc::now().to_rfc3339(),
        "levels": results,
        "levels_serialized_in_process": if compare { serde_json::json!(serialized) } else { serde_json::Value::Null },
        "serialized_note": "levels_serialized_in_process: the same writers, but each create() waits its turn on one tokio Mutex in this process, so SQLite's write lock is never contended (an experiment: what an in-process writer queue in db would give)",
    });
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::to_string_pretty(&out)?)?;
    }
    if let Some((db, _, _)) = shared {
        db.close().await;
    }
    for d in scratch_dirs {
        let _ = std::fs::remove_dir_all(d);
    }
    Ok(())
}

/// K writers for `seconds`; with `gate`, each write waits for one shared in-process mutex.
async fn run_level(
    db: &db::Db,
    process: i64,
    users: &[i64],
    k: usize,
    seconds: f64,
    gate: Option<Arc<tokio::sync::Mutex<()>>>,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let before = db::testing::count_rows(db, "comments").await?;
    let index_before = db::testing::count_rows(db, "search_index").await?;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = vec![];
    let app = bench::commands(db)?;
    for w in 0..k {
        let app = app.clone();
        let author = users[1 + w];
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (vec![], 0usize);
            let mut n = 0;
            while Instant::now() < deadline {
                let body = format!(
                    "Beitrag {w}/{n}: Ich finde, die Radwege sollten breiter werden, \
                     vor allem an der Max-Brauer-Allee."
                );
                let t = Instant::now();
                let _turn = match &gate {
                    Some(g) => Some(g.lock().await),
                    None => None,
                };
                match bench::comment(&app, Subject::process(process), None, author, &body).await {
                    Ok(_) => lat.push(t.elapsed().as_secs_f64() * 1000.0),
                    Err(e) => {
                        errors += 1;
                        if errors <= 3 {
                            eprintln!("write failed: {e:?}");
                        }
                    }
                }
                n += 1;
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (vec![], 0);
    for t in tasks {
        let (l, e) = t.await?;
        lat.extend(l);
        errors += e;
    }
    let secs = started.elapsed().as_secs_f64();
    let after = db::testing::count_rows(db, "comments").await?;
    let ok = lat.len();
    let rate = ok as f64 / secs;
    println!(
        "{:10} {k:3} writers{}: {rate:7.0} comments/s  ({ok} in {secs:.1} s, {errors} errors, {} rows added)",
        db.backend().name(),
        if gate.is_some() {
            " (queued in process)"
        } else {
            ""
        },
        after - before
    );
    Ok(serde_json::json!({
        "writers": k,
        "search_index_rows_before": index_before,
        "seconds": secs,
        "acknowledged": ok,
        "rows_added": after - before,
        "errors": errors,
        "comments_per_second": rate,
        "latency_ms": summary(lat),
    }))
}

/// A department, `writers` citizens and one open process to write into,
/// written through the commands the pages call, as the system.
async fn setup(db: &db::Db, writers: usize) -> Result<(i64, Vec<i64>), Box<dyn std::error::Error>> {
    let app = bench::commands(db)?;
    let system = app::Actor::System;
    let run = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let dep = app::admin::create_department(&app, &system, &format!("Lasttest {run}"))
        .await?
        .value;
    let mut users = vec![];
    for i in 0..=writers {
        let u = app::accounts::create_account(
            &app,
            &system,
            app::accounts::NewAccount {
                email: format!("writer{i}-{run}@bench.example"),
                display_name: format!("Schreiberin {i}"),
                // Nobody logs in: the writers are driven from inside.
                password: app::accounts::Password::Hashed("unused".into()),
                role: if i == 0 { Role::Staff } else { Role::Citizen },
                department_id: (i == 0).then_some(dep.id),
            },
        )
        .await?
        .value;
        users.push(u.id);
    }
    let today = Local::now().date_naive();
    let phases = Phases {
        participation: DateRange {
            from: Some(today - chrono::Duration::days(1)),
            until: Some(today + chrono::Duration::days(10)),
        },
        ..Default::default()
    };
    let form = app::processes::ProcessForm {
        title: format!("Schreiblast {run}"),
        summary: "Viele schreiben zugleich.".into(),
        description: "Die Stadt plant **neue Radwege**.".into(),
        tags: "Lasttest".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&phases),
        ..Default::default()
    };
    let process = app::processes::import(&app, &system, users[0], form, Status::Published)
        .await?
        .value;
    Ok((process, users))
}
