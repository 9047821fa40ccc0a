//! Creates N verified citizen accounts and one live session for each, in the
//! database a server under test uses (SQLite file or PostgreSQL), through the
//! commands as the system, and writes the session cookies, one per line.
//!
//! Why: logging in over HTTP is limited to 30 attempts per 15 minutes per
//! address, and every request of a load test comes from 127.0.0.1; each
//! account may write 10 comments per 5 minutes. Many accounts with ready
//! sessions let the HTTP write benchmark post thousands of comments through the
//! real server path (CSRF check, session lookup, rate limit, durable write)
//! without touching the limits' code.
//!
//! `seed_sessions --database URL --users N --out FILE`

use bench::Args;
use domain::Role;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let url = args.require("database");
    let users: usize = args.get_or("users", 200);
    let out = args.require("out");
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;
    let system = app::Actor::System;
    // Nobody logs in with it; it only has to be a valid hash.
    let hash = web::security::hash_password("bench-password-1".into()).await?;
    let run = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    );
    let mut ids = Vec::with_capacity(users);
    for i in 0..users {
        let u = app::accounts::create_account(
            &app,
            &system,
            app::accounts::NewAccount {
                email: format!("bench{i}-{run}@bench.example"),
                display_name: format!("Lasttest {i}"),
                password: app::accounts::Password::Hashed(hash.clone()),
                role: Role::Citizen,
                department_id: None,
            },
        )
        .await?
        .value;
        ids.push(u.id);
    }
    let secrets = app::accounts::import_sessions(&app, &system, &ids, chrono::Duration::hours(2))
        .await?
        .value;
    let mut lines = String::new();
    for token in secrets {
        lines.push_str(&token);
        lines.push('\n');
    }
    std::fs::write(&out, lines)?;
    db.close().await;
    eprintln!("{users} accounts with sessions written to {out}");
    Ok(())
}
