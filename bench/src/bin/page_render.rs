//! Renders the page of a process with 500 comments, many times, through the
//! whole application (router, middleware, queries, templates) on SQLite, and
//! reports the time per page. No network: this measures the server's own work.
//!
//! Run: `cargo run --release -p bench --bin page_render` (writes
//! `bench/results/page_render.json`).

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use chrono::{Duration, Local};
use db::comments::Subject;
use domain::Role;
use domain::comments::Reaction;
use domain::processes::{DateRange, Phases, Status};
use http_body_util::BodyExt;
use tower::ServiceExt;

const COMMENTS: usize = 500;
const ROUNDS: usize = 300;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("mitreden-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = db::Db::connect(&db::Db::sqlite_url_for_dir(&dir)).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;

    // The fixture is written through the commands the pages call, as the system.
    let system = app::Actor::System;
    let dep = app::admin::create_department(&app, &system, "Finanzbehörde")
        .await?
        .value;
    let hash = web::security::hash_password("bench-password-1".into()).await?;
    let mut users = vec![];
    for i in 0..40 {
        let u = app::accounts::create_account(
            &app,
            &system,
            app::accounts::NewAccount {
                email: format!("person{i}@bench.example"),
                display_name: format!("Person {i}"),
                password: app::accounts::Password::Hashed(hash.clone()),
                role: if i == 0 { Role::Staff } else { Role::Citizen },
                department_id: (i == 0).then_some(dep.id),
            },
        )
        .await?
        .value;
        users.push(u.id);
    }
    let today = Local::now().date_naive();
    let md = "## Worum es geht\n\nDie Stadt plant **neue Radwege**.\n\n- erstens\n- zweitens\n"
        .repeat(5);
    let phases = Phases {
        participation: DateRange {
            from: Some(today - Duration::days(5)),
            until: Some(today + Duration::days(20)),
        },
        ..Default::default()
    };
    let form = app::processes::ProcessForm {
        title: "Radverkehrskonzept Altona".into(),
        summary: "Wie soll der Radverkehr in Altona aussehen?".into(),
        description: md,
        tags: "Radverkehr, Klima".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&phases),
        ..Default::default()
    };
    let process = app::processes::import(&app, &system, users[0], form, Status::Published)
        .await?
        .value;

    // 200 top-level comments, 300 replies spread over three levels.
    let started = Instant::now();
    let mut ids: Vec<i64> = vec![];
    for i in 0..COMMENTS {
        let author = users[1 + i % (users.len() - 1)];
        let parent = if i < 200 {
            None
        } else {
            Some(ids[(i * 7919) % ids.len()])
        };
        let body = format!(
            "Beitrag {i}: Ich finde, die Radwege sollten breiter werden, vor allem an der Max-Brauer-Allee.\n\nViele Grüße"
        );
        let id = bench::comment(&app, Subject::process(process), parent, author, &body).await?;
        ids.push(id);
    }
    for (n, id) in ids.iter().enumerate().take(300) {
        for k in 0..(n % 4) {
            let voter = users[1 + (n + k * 3) % (users.len() - 1)];
            let r = if k % 3 == 2 {
                Reaction::Disagree
            } else {
                Reaction::Agree
            };
            app::comments::import_reaction(&app, &app::Actor::System, *id, voter, r).await?;
        }
    }
    let fill_secs = started.elapsed().as_secs_f64();

    let mailer = mail::Mailer::outbox(dir.join("outbox"), "bench@bench.example")?;
    let config = web::WebConfig::new(url::Url::parse("http://127.0.0.1:8080")?);
    let state = web::AppState::new(db.clone(), mailer, config)?;
    let app = web::app(state);

    let mut results = serde_json::Map::new();
    for (name, path) in [
        (
            "process page, newest first",
            format!("/processes/{process}"),
        ),
        (
            "process page, most agreed",
            format!("/processes/{process}?sort=agreed"),
        ),
        (
            "process page, page 5",
            format!("/processes/{process}?page=5"),
        ),
        ("start page", "/".to_owned()),
    ] {
        let mut times = Vec::with_capacity(ROUNDS);
        let mut bytes = 0;
        for round in 0..ROUNDS + 20 {
            let req = Request::get(&path)
                .header("host", "127.0.0.1:8080")
                .body(Body::empty())?;
            let t = Instant::now();
            let res = app.clone().oneshot(req).await?;
            let status = res.status();
            let body = res.into_body().collect().await?.to_bytes();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if !status.is_success() {
                return Err(format!("{path} answered {status}").into());
            }
            bytes = body.len();
            if round >= 20 {
                times.push(ms);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let (p50, p99, mean) = (
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times.iter().sum::<f64>() / times.len() as f64,
        );
        println!("{name:32} p50 {p50:6.2} ms  p99 {p99:6.2} ms  mean {mean:6.2} ms  {bytes} bytes");
        results.insert(
            name.to_owned(),
            serde_json::json!({ "path": path, "p50_ms": p50, "p99_ms": p99, "mean_ms": mean, "bytes": bytes, "rounds": ROUNDS }),
        );
    }
    let out = serde_json::json!({
        "benchmark": "page_render",
        "backend": "SQLite",
        "comments": COMMENTS,
        "fill_seconds": fill_secs,
        "date": chrono::Utc::now().to_rfc3339(),
        "results": results,
    });
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results/page_render.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out)?)?;
    println!("written to {}", path.display());
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
