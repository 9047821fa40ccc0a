//! Answers to a closed survey of a whole administration: how many invitation
//! answers per second the command path takes with 70,000 invitations, with the
//! anonymity guarantees on (no write to other invitations, no arrival order
//! kept: see `db::surveys::seal`), and what sealing costs at that size.
//!
//! ```text
//! invitation_answers [--database URL] [--invitations 70000] [--answers 2000]
//!                    [--writers 8] [--seal-responses 70000] [--json-out FILE]
//! ```
//! The survey gets `--invitations` invitations without links (brought in as the
//! demo does) plus `--answers` invitations with links, sent through the invite
//! command; `--writers` tasks then answer through the links (`answering` and
//! `submit`, as the answer form calls them) until every link is used. Finally
//! the responses are filled up to `--seal-responses` (imported) and
//! `db::surveys::seal` is timed once. Without `--database` it runs on a fresh
//! SQLite file; on PostgreSQL give a database it may write into.

use std::sync::Arc;
use std::time::Instant;

use app::Actor;
use app::surveys::answer::{PagePost, PageResult, Via, answering};
use bench::Args;
use chrono::Local;
use domain::Role;
use domain::processes::{DateRange, Phases, Status};
use domain::surveys::{Access, Item, QuestionInput, Raw};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let invitations: usize = args.get_or("invitations", 70_000);
    let answers: usize = args.get_or("answers", 2_000);
    let writers: usize = args.get_or("writers", 8);
    let seal_responses: usize = args.get_or("seal-responses", 70_000);
    let scratch = std::env::temp_dir().join(format!("mitreden-invitations-{}", std::process::id()));
    let url = match args.get("database") {
        Some(u) => u,
        None => {
            std::fs::create_dir_all(&scratch)?;
            db::Db::sqlite_url_for_dir(&scratch)
        }
    };
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    let app = bench::commands(&db)?;
    let (survey, questions, staff) = setup(&app).await?;

    let t = Instant::now();
    let past: Vec<(String, bool)> = (0..invitations)
        .map(|i| (format!("person{i}@verwaltung.example"), false))
        .collect();
    app::surveys::invitations::import_invitations(&app, &Actor::System, survey, &past).await?;
    let list = app::surveys::invitations::InviteList {
        addresses: (0..answers)
            .map(|i| format!("antwort{i}@verwaltung.example"))
            .collect(),
        upload_problem: None,
    };
    app::surveys::invitations::invite(&app, &staff, survey, &list).await?;
    let setup_s = t.elapsed().as_secs_f64();
    let tokens: Vec<String> = db::testing::job_payloads(&db, app::mails::JOB_KIND)
        .await?
        .iter()
        .filter_map(|p| {
            let at = p.find("/surveys/t/")? + "/surveys/t/".len();
            p.get(at..at + 64).map(str::to_owned)
        })
        .collect();
    if tokens.len() != answers {
        return Err(format!("found {} links, expected {answers}", tokens.len()).into());
    }

    let tokens = Arc::new(tokens);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let questions = Arc::new(questions);
    let t = Instant::now();
    let mut tasks = vec![];
    for _ in 0..writers {
        let (app, tokens, next, questions) =
            (app.clone(), tokens.clone(), next.clone(), questions.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = vec![];
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(token) = tokens.get(i) else { break };
                let started = Instant::now();
                let who = answering(&app, &Actor::Anonymous, Via::Token(token))
                    .await
                    .map_err(|e| e.to_string())?;
                let Ok(who) = who else {
                    return Err(format!("link {i} cannot answer"));
                };
                let page = domain::surveys::pages(&who.questions)[0];
                let out = app::surveys::answer::submit(
                    &app,
                    &Actor::Anonymous,
                    &who,
                    PagePost {
                        page,
                        raw: raw_answer(&questions, i),
                    },
                    "192.0.2.1",
                )
                .await
                .map_err(|e| e.to_string())?;
                if out.value != PageResult::Submitted {
                    return Err(format!("link {i}: {:?}", out.value));
                }
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            Ok::<_, String>(latencies)
        }));
    }
    let mut latencies = vec![];
    for t in tasks {
        latencies.extend(t.await?.map_err(|e| format!("writer failed: {e}"))?);
    }
    let answer_s = t.elapsed().as_secs_f64();
    let counts = db::surveys::invitation_counts(&db, survey).await?;
    if counts.used != answers as u64 {
        return Err(format!("{} invitations used, expected {answers}", counts.used).into());
    }

    let fill = seal_responses.saturating_sub(answers);
    let imported: Vec<_> = (0..fill)
        .map(|i| (None, item_answers(&questions, i)))
        .collect();
    for chunk in imported.chunks(5_000) {
        app::surveys::answer::import_responses(&app, &Actor::System, survey, chunk).await?;
    }
    let t = Instant::now();
    db::surveys::seal(&db, survey, false).await?;
    let seal_s = t.elapsed().as_secs_f64();

    let out = serde_json::json!({
        "benchmark": "invitation_answers",
        "backend": db.backend().name(),
        "invitations": invitations + answers,
        "answers": answers,
        "writers": writers,
        "setup_seconds": setup_s,
        "answers_per_second": answers as f64 / answer_s,
        "answer_ms": bench::summary(latencies),
        "seal": { "responses": fill + answers, "seconds": seal_s },
        "date": chrono::Utc::now().to_rfc3339(),
    });
    println!("{out}");
    if let Some(p) = args.get("json-out") {
        std::fs::write(p, serde_json::to_string_pretty(&out)?)?;
    }
    db.close().await;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// A respondent's answers, as the form posts them.
fn raw_answer(q: &[i64; 3], i: usize) -> Raw {
    let mut raw = Raw::new();
    raw.insert(
        format!("q{}", q[0]),
        vec![if i.is_multiple_of(3) { "A2" } else { "A1" }.into()],
    );
    raw.insert(format!("q{}", q[1]), vec![format!("{}", i % 5 + 1)]);
    raw.insert(format!("q{}", q[2]), vec![format!("Antwort {i}")]);
    raw
}

/// The same answers as stored rows, for imported responses.
fn item_answers(q: &[i64; 3], i: usize) -> domain::surveys::Answers {
    let item = |value: String, num: Option<f64>| Item {
        item: String::new(),
        value,
        num,
    };
    let mut a = domain::surveys::Answers::new();
    a.insert(
        q[0],
        vec![item(
            if i.is_multiple_of(3) { "A2" } else { "A1" }.into(),
            None,
        )],
    );
    let v = (i % 5 + 1) as f64;
    a.insert(q[1], vec![item(format!("{v}"), Some(v))]);
    a.insert(q[2], vec![item(format!("Antwort {i}"), None)]);
    a
}

async fn setup(app: &app::App) -> Result<(i64, [i64; 3], Actor), Box<dyn std::error::Error>> {
    let system = Actor::System;
    let run = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let dep = app::admin::create_department(app, &system, &format!("Personalamt {run}"))
        .await?
        .value;
    let user = app::accounts::create_account(
        app,
        &system,
        app::accounts::NewAccount {
            email: format!("personal-{run}@bench.example"),
            display_name: "Personalamt".into(),
            password: app::accounts::Password::Hashed("unused".into()),
            role: Role::Staff,
            department_id: Some(dep.id),
        },
    )
    .await?
    .value;
    let staff = Actor::Person(Arc::new(user));
    let today = Local::now().date_naive();
    let phases = Phases {
        participation: DateRange {
            from: Some(today - chrono::Duration::days(1)),
            until: Some(today + chrono::Duration::days(30)),
        },
        ..Default::default()
    };
    let form = app::processes::ProcessForm {
        title: format!("Beschäftigtenbefragung {run}"),
        summary: "Alle Beschäftigten werden gefragt.".into(),
        description: "Eine geschlossene Befragung.".into(),
        tags: "Befragung".into(),
        department_id: Some(dep.id),
        dates: app::processes::ProcessForm::dates_of(&phases),
        ..Default::default()
    };
    let process = app::processes::create(app, &staff, form, Status::Published)
        .await?
        .value;
    let survey = app::surveys::create(
        app,
        &staff,
        process,
        &app::surveys::SettingsInput {
            title: "Beschäftigtenbefragung".into(),
            access: Access::Invitation.as_str().into(),
            ..Default::default()
        },
    )
    .await?
    .value;
    let mut ids = [0i64; 3];
    let inputs = [
        QuestionInput {
            kind: "single",
            text: "Arbeiten Sie mobil?",
            options: "Ja\nNein",
            ..Default::default()
        },
        QuestionInput {
            kind: "likert",
            text: "Ich bin mit meiner Ausstattung zufrieden.",
            scale: "1\n2\n3\n4\n5",
            ..Default::default()
        },
        QuestionInput {
            kind: "text",
            text: "Was sollte sich ändern?",
            ..Default::default()
        },
    ];
    for (i, input) in inputs.iter().enumerate() {
        ids[i] = app::surveys::add_question(app, &staff, survey, input)
            .await?
            .value;
    }
    app::surveys::set_status(app, &staff, survey, domain::surveys::Status::Published).await?;
    Ok((survey, ids, staff))
}
