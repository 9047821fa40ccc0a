//! Fills an empty database (SQLite file or PostgreSQL) with the large dataset
//! the load benchmarks run on: 20,000 citizens, 50 processes in 10
//! departments, 5,000 ideas, about 200,000 comments (one process with 2,000 and
//! one with 500; the rest spread over processes and ideas), and a survey with
//! 100,000 responses and published results. Everything goes through the
//! commands the pages call (`app`, as the system, with the `import*` commands
//! for past data), so counters, search entries and events are what a real
//! platform would hold. Seeded: the same data every run.
//!
//! `dataset --database URL [--scale 1.0] [--writers 8] --out paths.json`
//!
//! `--scale` multiplies every count (0.01 for a quick try). The JSON written to
//! `--out` names the pages the load run requests.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use app::Actor;
use bench::Args;
use db::comments::Subject;
use domain::Role;
use domain::processes::{DateRange, Phases, Status};
use domain::surveys::{Answers, Item, QuestionInput};

/// A small deterministic generator (xorshift64*), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const DEPARTMENTS: &[&str] = &[
    "Behörde für Verkehr und Mobilitätswende",
    "Behörde für Umwelt, Klima und Energie",
    "Behörde für Stadtentwicklung und Wohnen",
    "Behörde für Schule und Berufsbildung",
    "Behörde für Kultur und Medien",
    "Finanzbehörde",
    "Bezirksamt Altona",
    "Bezirksamt Eimsbüttel",
    "Bezirksamt Hamburg-Nord",
    "Bezirksamt Wandsbek",
];

const TOPICS: &[&str] = &[
    "Radwege",
    "Spielplätze",
    "Bäume",
    "Busverbindungen",
    "Parkplätze",
    "Schulwege",
    "Lärmschutz",
    "Grünflächen",
    "Wohnungsbau",
    "Stadtteilkultur",
    "Sportplätze",
    "Beleuchtung",
    "Barrierefreiheit",
];
const PLACES: &[&str] = &[
    "Altona",
    "Ottensen",
    "Eimsbüttel",
    "Barmbek",
    "Winterhude",
    "Wandsbek",
    "Harburg",
    "Bergedorf",
    "St. Pauli",
    "Eppendorf",
    "Billstedt",
    "Lurup",
];
const OPENERS: &[&str] = &[
    "Ich finde, dass",
    "Meiner Erfahrung nach",
    "Als Anwohnerin sehe ich, dass",
    "Wichtig ist mir, dass",
    "Leider ist es so, dass",
    "Gut wäre es, wenn",
    "Aus Sicht der Eltern ist klar, dass",
];
const MIDDLES: &[&str] = &[
    "die {t} in {p} dringend verbessert werden müssen",
    "wir in {p} mehr {t} brauchen",
    "die {t} rund um den Bahnhof {p} zu wenig beachtet werden",
    "bei den {t} in {p} schon viel passiert ist",
    "man die {t} in {p} gemeinsam mit den Nachbarn planen sollte",
];
const CLOSERS: &[&str] = &[
    "Danke für die Gelegenheit, mitzureden.",
    "Vielleicht lässt sich das im nächsten Haushalt berücksichtigen.",
    "Ich bin gespannt auf die Antwort der Behörde.",
    "Das würde vielen Menschen im Alltag helfen.",
    "",
];

fn sentence(rng: &mut Rng) -> String {
    let t = rng.pick(TOPICS);
    let p = rng.pick(PLACES);
    let middle = rng.pick(MIDDLES).replace("{t}", t).replace("{p}", p);
    format!("{} {}. {}", rng.pick(OPENERS), middle, rng.pick(CLOSERS))
        .trim()
        .to_owned()
}

fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale).round() as usize).max(1)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::from_env();
    let url = args.require("database");
    let scale: f64 = args.get_or("scale", 1.0);
    let writers: usize = args.get_or("writers", 8);
    let out = args.require("out");
    let db = db::Db::connect(&url).await?;
    db.migrate().await?;
    if db::processes::count_all(&db).await? > 0 {
        return Err("the database must be empty (it already holds processes)".into());
    }
    let started = Instant::now();
    let mut rng = Rng(0x6d69_7472_6564_656e);
    let today = chrono::Local::now().date_naive();
    let day = |offset: i64| today + chrono::Duration::days(offset);
    let app = bench::commands(&db)?;
    let system = Actor::System;

    let mut departments = vec![];
    for name in DEPARTMENTS {
        departments.push(
            app::admin::create_department(&app, &system, name)
                .await?
                .value
                .id,
        );
    }
    let hash = web::security::hash_password("bench-password-1".into()).await?;
    let staff = app::accounts::create_account(
        &app,
        &system,
        app::accounts::NewAccount {
            email: "staff@bench.example".into(),
            display_name: "Team Verkehr".into(),
            password: app::accounts::Password::Hashed(hash.clone()),
            role: Role::Staff,
            department_id: Some(departments[0]),
        },
    )
    .await?
    .value;

    let n_users = scaled(20_000, scale);
    let users = Arc::new(create_users(&app, &hash, n_users, writers).await?);
    eprintln!(
        "{} users in {:.1} s",
        users.len(),
        started.elapsed().as_secs_f64()
    );

    // 50 processes: 40 open for participation, 10 of them collecting ideas.
    let mut processes = vec![];
    for n in 0..50 {
        let t = TOPICS[n % TOPICS.len()];
        let p = PLACES[n % PLACES.len()];
        let open = n < 40;
        let phases = Phases {
            // Phases follow one another (the command refuses overlaps).
            information: if open {
                DateRange {
                    from: Some(day(-60)),
                    until: Some(day(-31)),
                }
            } else {
                DateRange {
                    from: Some(day(-150)),
                    until: Some(day(-121)),
                }
            },
            participation: if open {
                DateRange {
                    from: Some(day(-30)),
                    until: Some(day(30)),
                }
            } else {
                DateRange {
                    from: Some(day(-120)),
                    until: Some(day(-61)),
                }
            },
            evaluation: DateRange::default(),
            result: DateRange::default(),
        };
        let ideas = n < 10;
        let md = format!(
            "Wir möchten mit Ihnen über **{t}** in {p} sprechen.\n\n{}",
            sentence(&mut rng)
        );
        let form = app::processes::ProcessForm {
            title: format!("{t} in {p}: Ihre Meinung ist gefragt ({})", n + 1),
            summary: format!("Wie sollen sich die {t} in {p} entwickeln?"),
            description: md,
            tags: format!("{t}, {p}"),
            department_id: Some(departments[n % departments.len()]),
            dates: app::processes::ProcessForm::dates_of(&phases),
            ideas_enabled: ideas,
            categories: if ideas {
                "Verkehr\nGrün\nSoziales".into()
            } else {
                String::new()
            },
            // Processes with ideas promise answers, so that the accountability
            // figures count every idea.
            answer_period: if ideas { "6".into() } else { String::new() },
            answer_unit: "weeks".into(),
            ..Default::default()
        };
        let id = app::processes::import(&app, &system, staff.id, form, Status::Published)
            .await?
            .value;
        processes.push(id);
    }

    let n_ideas = scaled(5_000, scale);
    let mut ideas = vec![];
    for i in 0..n_ideas {
        let process_id = processes[i % 10];
        let t = rng.pick(TOPICS);
        let p = rng.pick(PLACES);
        let body = format!("{} {}", sentence(&mut rng), sentence(&mut rng));
        let author = users[rng.below(users.len())];
        let submission = app::ideas::Submission {
            title: format!("Mehr {t} für {p} ({})", i + 1),
            body,
            category: ["Verkehr", "Grün", "Soziales"][i % 3].into(),
            lat: format!("{:.3}", 53.55 + rng.below(100) as f64 / 1000.0),
            lon: format!("{:.3}", 9.95 + rng.below(100) as f64 / 1000.0),
            address: String::new(),
            pictures: vec![],
        };
        let id = app::ideas::import(&app, &system, author, process_id, submission)
            .await?
            .value;
        ideas.push(id);
    }
    eprintln!(
        "{} ideas in {:.1} s",
        ideas.len(),
        started.elapsed().as_secs_f64()
    );

    // Comments: 2,000 on the first process, 500 on the second, 1,000 on each
    // of the other 48, and the rest (about 150,000) on the ideas.
    let mut plan: Vec<(Subject, usize)> = vec![
        (Subject::process(processes[0]), scaled(2_000, scale)),
        (Subject::process(processes[1]), scaled(500, scale)),
    ];
    for p in &processes[2..] {
        plan.push((Subject::process(*p), scaled(1_000, scale)));
    }
    let on_processes: usize = plan.iter().map(|p| p.1).sum();
    let on_ideas = scaled(200_000, scale).saturating_sub(on_processes);
    for (i, idea) in ideas.iter().enumerate() {
        let share = on_ideas / ideas.len() + usize::from(i < on_ideas % ideas.len());
        plan.push((Subject::idea(*idea), share));
    }
    let total: usize = plan.iter().map(|p| p.1).sum();
    write_comments(&app, &users, plan, writers).await?;
    eprintln!(
        "{total} comments in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // In a process of the staff account's department, so that its results page can be measured.
    let survey = survey(
        &app,
        processes[0],
        staff.id,
        scaled(100_000, scale),
        &mut rng,
    )
    .await?;
    eprintln!(
        "survey with responses in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let map = opinion_map(&app, processes[2], scaled(2_000, scale), &mut rng).await?;
    eprintln!(
        "opinion map with its groups in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The administrator whose platform dashboard `api_lists` measures.
    app::accounts::create_account(
        &app,
        &system,
        app::accounts::NewAccount {
            email: "admin@bench.example".into(),
            display_name: "Plattform".into(),
            password: app::accounts::Password::Hashed(hash.clone()),
            role: Role::Admin,
            department_id: None,
        },
    )
    .await?;

    // Logged-in readers for the load run: the sessions of 1,000 citizens spread
    // over all of them, each with a form token, as their browsers carry them.
    let n_sessions = scaled(1_000, scale).min(users.len());
    let readers: Vec<i64> = users
        .iter()
        .step_by((users.len() / n_sessions).max(1))
        .take(n_sessions)
        .copied()
        .collect();
    let tokens =
        app::accounts::import_sessions(&app, &system, &readers, chrono::Duration::days(30))
            .await?
            .value;
    let mut member_cookies = vec![];
    for token in tokens {
        let csrf = web::security::random_token().map_err(|e| e.to_string())?;
        member_cookies.push(format!("mitreden_session={token}; mitreden_csrf={csrf}"));
    }

    let paths = serde_json::json!({
        "users": users.len(),
        "processes": processes.len(),
        "ideas": ideas.len(),
        "comments": total,
        "survey_responses": scaled(100_000, scale),
        "seconds": started.elapsed().as_secs_f64(),
        "staff_email": "staff@bench.example",
        "staff_password": "bench-password-1",
        "pages": {
            "start page": "/",
            "process list": "/processes",
            "process page, 2,000 comments": format!("/processes/{}", processes[0]),
            "process page, 500 comments": format!("/processes/{}", processes[1]),
            "idea list, filtered and sorted": format!("/processes/{}/ideas?category=Verkehr&sort=supported", processes[0]),
            "idea page": format!("/ideas/{}", ideas[0]),
            "search": "/search?q=Radwege",
            "published survey results": format!("/surveys/{survey}/report"),
            "Atom feed of comments": format!("/processes/{}/comments.atom", processes[0]),
            "accountability figures": "/accountability",
            "accountability figures (API)": "/api/v1/accountability",
        },
        // The open data API's reads, for anonymous readers only (it has no sessions).
        "api": {
            "processes": "/api/v1/processes",
            "processes of a department": format!("/api/v1/processes?department={}", departments[0]),
            "comments, first page": format!("/api/v1/processes/{}/comments", processes[0]),
            "comments, 200 a page": format!("/api/v1/processes/{}/comments?limit=200", processes[0]),
            "documents": format!("/api/v1/processes/{}/documents", processes[0]),
            "ideas": "/api/v1/ideas",
            "ideas of a process by status": format!("/api/v1/ideas?process={}&status=received", processes[1]),
            "ideas, 200 a page": "/api/v1/ideas?limit=200",
            "surveys": "/api/v1/surveys",
            "survey results (100,000 responses)": format!("/api/v1/surveys/{survey}/results"),
            "opinion maps": "/api/v1/opinion-maps",
            "opinion statements": format!("/api/v1/opinion-maps/{map}/statements"),
            "opinion groups": format!("/api/v1/opinion-maps/{map}/groups"),
        },
        "admin_email": "admin@bench.example",
        "member_cookies": member_cookies,
        "staff_pages": {
            "survey results (staff)": format!("/surveys/{survey}/results"),
        },
    });
    std::fs::write(&out, serde_json::to_string_pretty(&paths)?)?;
    db.close().await;
    Ok(())
}

/// An opinion map in `process` with 40 statements and `participants`
/// anonymous participants in three camps, each voting on about half of the
/// statements, and its groups computed as the background job does.
async fn opinion_map(
    app: &app::App,
    process: i64,
    participants: usize,
    rng: &mut Rng,
) -> Result<i64, Box<dyn std::error::Error>> {
    let system = Actor::System;
    let seeds: Vec<String> = (0..40)
        .map(|i| format!("{} ({})", rng.pick(TOPICS), i + 1))
        .collect();
    let input = app::opinion::MapInput {
        title: "Wie soll die Stadt 2030 aussehen?".into(),
        description: "Stimmen Sie den Aussagen zu oder nicht.".into(),
        pre_moderated: false,
        anonymous: true,
        seeds: seeds.join("\n"),
    };
    let map = app::opinion::open_map(app, &system, process, &input)
        .await?
        .value;
    let ids: Vec<i64> = db::opinion::statements(app.db.conn(), map, None)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let mut votes = vec![];
    for p in 0..participants {
        let who = db::opinion::Who::Session(format!("bench-participant-{p}"));
        let camp = p % 3;
        for (k, &s) in ids.iter().enumerate() {
            if rng.below(2) == 0 {
                continue;
            }
            let v = match ((k + camp) % 3, rng.below(6)) {
                (_, 0) => 0,
                (0, _) => 1,
                _ => -1,
            };
            votes.push((who.clone(), s, v));
        }
    }
    for chunk in votes.chunks(5_000) {
        app::opinion::import_votes(app, &system, map, chunk).await?;
    }
    app::opinion::recompute(app, map).await?;
    Ok(map)
}

async fn create_users(
    app: &Arc<app::App>,
    hash: &str,
    n: usize,
    writers: usize,
) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    let mut tasks = vec![];
    for w in 0..writers {
        let (app, hash) = (app.clone(), hash.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut ids = vec![];
            for i in (w..n).step_by(writers) {
                let u = app::accounts::create_account(
                    &app,
                    &Actor::System,
                    app::accounts::NewAccount {
                        email: format!("citizen{i}@bench.example"),
                        display_name: format!("Bürgerin {i}"),
                        password: app::accounts::Password::Hashed(hash.clone()),
                        role: Role::Citizen,
                        department_id: None,
                    },
                )
                .await
                .map_err(|e| e.to_string())?
                .value;
                ids.push(u.id);
            }
            Ok::<_, String>(ids)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await??);
    }
    all.sort_unstable();
    Ok(all)
}

/// Writes the planned comments with `writers` concurrent writers; a third of
/// them reply to an earlier comment of the same discussion.
async fn write_comments(
    app: &Arc<app::App>,
    users: &Arc<Vec<i64>>,
    plan: Vec<(Subject, usize)>,
    writers: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let plan = Arc::new(plan);
    let mut tasks = vec![];
    for w in 0..writers {
        let (app, users, plan) = (app.clone(), users.clone(), plan.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x5eed_0000 + w as u64 + 1);
            for (subject, count) in plan.iter().skip(w).step_by(writers) {
                let mut written: Vec<i64> = vec![];
                for _ in 0..*count {
                    let parent = (!written.is_empty() && rng.below(3) == 0)
                        .then(|| written[rng.below(written.len())]);
                    let author = users[rng.below(users.len())];
                    let body = sentence(&mut rng);
                    let id = bench::comment(&app, *subject, parent, author, &body)
                        .await
                        .map_err(|e| e.to_string())?;
                    written.push(id);
                }
            }
            Ok::<_, String>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(())
}

/// The employee survey of the large dataset: twelve questions of every kind,
/// `n` responses in bulk, results published.
async fn survey(
    app: &app::App,
    process_id: i64,
    staff: i64,
    n: usize,
    rng: &mut Rng,
) -> Result<i64, Box<dyn std::error::Error>> {
    let system = Actor::System;
    let settings = app::surveys::SettingsInput {
        title: "Befragung zur Mobilität im Bezirk".into(),
        access: "open".into(),
        ..Default::default()
    };
    let id = app::surveys::import(app, &system, process_id, staff, &settings)
        .await?
        .value;
    let defs: &[(&str, &str, &str, &str)] = &[
        (
            "single",
            "Wie kommen Sie meistens zur Arbeit?",
            "Fahrrad\nBus und Bahn\nAuto\nZu Fuß",
            "",
        ),
        (
            "multiple",
            "Welche Angebote nutzen Sie?",
            "Carsharing\nStadtrad\nLastenrad\nE-Scooter",
            "",
        ),
        (
            "likert",
            "Die Radwege sind sicher.",
            "",
            "1: Gar nicht\n2: Eher nicht\n3: Teils\n4: Eher ja\n5: Voll",
        ),
        (
            "likert",
            "Der Bus kommt pünktlich.",
            "",
            "1: Gar nicht\n2: Eher nicht\n3: Teils\n4: Eher ja\n5: Voll",
        ),
        (
            "matrix",
            "Wie wichtig sind Ihnen …",
            "",
            "1: Unwichtig\n2: Teils\n3: Wichtig",
        ),
        ("number", "Wie alt sind Sie?", "", ""),
        ("number", "Wie viele Kilometer fahren Sie am Tag?", "", ""),
        ("single", "Haben Sie Kinder im Haushalt?", "Ja\nNein", ""),
        (
            "ranking",
            "Was soll zuerst kommen?",
            "Radwege\nBusspuren\nFußwege",
            "",
        ),
        ("date", "Seit wann wohnen Sie hier?", "", ""),
        ("text", "Was möchten Sie uns noch sagen?", "", ""),
        (
            "single",
            "Wie zufrieden sind Sie insgesamt?",
            "Sehr\nEher\nWenig\nGar nicht",
            "",
        ),
    ];
    for (kind, text, options, scale) in defs {
        let input = QuestionInput {
            kind,
            text,
            options,
            scale,
            rows: "Sicherheit\nSchnelligkeit\nKosten",
            min: if *kind == "number" { "0" } else { "" },
            max: if *kind == "number" { "500" } else { "" },
            page: "1",
            ..QuestionInput::default()
        };
        app::surveys::add_question(app, &system, id, &input).await?;
    }
    let qs = db::surveys::questions(&app.db, id).await?;
    let mut left = n;
    while left > 0 {
        let batch = left.min(5_000);
        let mut responses = Vec::with_capacity(batch);
        for _ in 0..batch {
            let mut a: Answers = BTreeMap::new();
            for q in &qs {
                let item = |item: &str, value: String, num: Option<f64>| Item {
                    item: item.to_owned(),
                    value,
                    num,
                };
                let rows: Vec<Item> = match q.kind {
                    domain::surveys::Kind::Single | domain::surveys::Kind::Likert => {
                        let choices = q.choices();
                        let k = rng.below(choices.len());
                        let num =
                            (q.kind == domain::surveys::Kind::Likert).then_some(k as f64 + 1.0);
                        vec![item("", choices[k].code.clone(), num)]
                    }
                    domain::surveys::Kind::Multiple => q
                        .config
                        .options
                        .iter()
                        .filter(|_| rng.below(2) == 0)
                        .map(|o| item("", o.code.clone(), None))
                        .collect(),
                    domain::surveys::Kind::Matrix => q
                        .config
                        .rows
                        .iter()
                        .map(|r| {
                            let k = rng.below(q.config.scale.len());
                            item(
                                &r.code,
                                q.config.scale[k].code.clone(),
                                Some(k as f64 + 1.0),
                            )
                        })
                        .collect(),
                    domain::surveys::Kind::Number => {
                        let v = (18 + rng.below(60)) as f64;
                        vec![item("", domain::surveys::format_number(v), Some(v))]
                    }
                    domain::surveys::Kind::Ranking => q
                        .config
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| item(&o.code, (i + 1).to_string(), Some(i as f64 + 1.0)))
                        .collect(),
                    domain::surveys::Kind::Date => {
                        let d = chrono::NaiveDate::from_ymd_opt(
                            1990 + rng.below(35) as i32,
                            1 + rng.below(12) as u32,
                            1,
                        )
                        .unwrap_or_default();
                        vec![item("", d.to_string(), None)]
                    }
                    domain::surveys::Kind::Text if rng.below(10) == 0 => {
                        vec![item("", sentence(rng), None)]
                    }
                    domain::surveys::Kind::Text => vec![],
                };
                if !rows.is_empty() {
                    a.insert(q.id, rows);
                }
            }
            responses.push((None, a));
        }
        app::surveys::answer::import_responses(app, &system, id, &responses).await?;
        left -= batch;
    }
    app::surveys::set_status(app, &system, id, domain::surveys::Status::Closed).await?;
    let publication = app::surveys::Publication {
        chosen: qs
            .iter()
            .filter(|q| q.kind.is_counted())
            .map(|q| q.id)
            .collect(),
        intro: String::new(),
        action: app::surveys::PublishAction::Publish,
    };
    app::surveys::publish(app, &system, id, &publication).await?;
    Ok(id)
}
