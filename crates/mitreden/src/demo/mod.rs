//! Demo data for `serve --demo`: departments, accounts for every role, forty
//! demo citizens, and participation processes in every stage (upcoming,
//! running, in evaluation, finished, archived, draft) with their discussions and,
//! in the finished social media process, an employee survey with results,
//! so a newcomer can try every page.
//!
//! Loading twice changes nothing: departments and accounts are created only if
//! missing, processes and their discussions only into a database that has no
//! process yet. Phase dates are counted from the day of loading, so a fresh demo
//! always shows current, upcoming and finished processes. Everything generated
//! comes from a seeded generator: every load yields the same content.

mod content;
mod discussion;
pub mod documents;
mod ideas;
mod maps;
mod opinion;
mod surveys;

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Context;
use app::Actor;
use app::accounts::{NewAccount, Password};
use app::processes::ProcessForm;
use db::comments::Subject;
use domain::Role;
use domain::processes::{DateRange, Phases};

pub const ADMIN_EMAIL: &str = "admin@mitreden.example";
pub const PASSWORD: &str = "mitreden-demo";

/// The domain of every demo address; an account's key is the local part.
const MAIL_DOMAIN: &str = "mitreden.example";

const DEPARTMENTS: &[&str] = &[
    "Finanzbehörde",
    "Behörde für Umwelt, Klima, Energie und Agrarwirtschaft",
    "Behörde für Verkehr und Mobilitätswende",
    "Bezirksamt Altona",
    "Bezirksamt Hamburg-Nord",
    "Behörde für Stadtentwicklung und Wohnen",
];

/// The accounts that run the demo: key (local part of the address), display
/// name, role and department. The demo citizens follow in `discussion::CITIZENS`.
const ACCOUNTS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "Demo-Administration", Role::Admin, None),
    (
        "finanzen",
        "Team Finanzbehörde",
        Role::Staff,
        Some("Finanzbehörde"),
    ),
    ("moderation", "Moderation", Role::Moderator, None),
    ("anna", "Anna aus Altona", Role::Citizen, None),
    (
        "altona",
        "Team Bezirksamt Altona",
        Role::Staff,
        Some("Bezirksamt Altona"),
    ),
    (
        "umwelt",
        "Team Umweltbehörde",
        Role::Staff,
        Some("Behörde für Umwelt, Klima, Energie und Agrarwirtschaft"),
    ),
    (
        "verkehr",
        "Team Verkehrsbehörde",
        Role::Staff,
        Some("Behörde für Verkehr und Mobilitätswende"),
    ),
    (
        "nord",
        "Team Bezirksamt Hamburg-Nord",
        Role::Staff,
        Some("Bezirksamt Hamburg-Nord"),
    ),
    (
        "wohnen",
        "Team Stadtentwicklung",
        Role::Staff,
        Some("Behörde für Stadtentwicklung und Wohnen"),
    ),
];

fn email(key: &str) -> String {
    format!("{key}@{MAIL_DOMAIN}")
}

/// The id of the department named `name`, created if missing.
pub async fn department(app: &app::App, name: &str) -> anyhow::Result<i64> {
    if let Some(d) = db::departments::by_name(&app.db, name).await? {
        return Ok(d.id);
    }
    match app::admin::create_department(app, &Actor::System, name).await {
        Ok(out) => Ok(out.value.id),
        // Created by another instance in the meantime.
        Err(e)
            if e.field_errors()
                .is_some_and(|f| f.get("name") == Some("error-department-exists")) =>
        {
            db::departments::by_name(&app.db, name)
                .await?
                .map(|d| d.id)
                .context("department vanished")
        }
        Err(e) => Err(e).with_context(|| format!("creating the department {name:?}")),
    }
}

/// The id of the account with this address, created (verified, with the demo
/// password) if missing. The password is hashed once, and only when needed:
/// Argon2 is deliberately slow.
async fn account(
    app: &app::App,
    hash: &mut Option<String>,
    email: String,
    display_name: &str,
    role: Role,
    department_id: Option<i64>,
) -> anyhow::Result<i64> {
    if let Some(u) = db::accounts::by_email(&app.db, &email).await? {
        return Ok(u.id);
    }
    let password_hash = match hash {
        Some(h) => h.clone(),
        None => hash
            .insert(web::security::hash_password(PASSWORD.into()).await?)
            .clone(),
    };
    let new = NewAccount {
        email: email.clone(),
        display_name: display_name.into(),
        password: Password::Hashed(password_hash),
        role,
        department_id,
    };
    match app::accounts::create_account(app, &Actor::System, new).await {
        Ok(out) => Ok(out.value.id),
        // Created by another instance in the meantime.
        Err(e)
            if e.field_errors()
                .is_some_and(|f| f.get("email") == Some("error-email-taken")) =>
        {
            db::accounts::by_email(&app.db, &email)
                .await?
                .map(|u| u.id)
                .with_context(|| format!("account {email} vanished"))
        }
        Err(e) => Err(e).with_context(|| format!("creating the demo account {email}")),
    }
}

/// Loads the demo through the commands (`app`), as the system.
pub async fn load(app: &app::App) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = &app.db;
    let mut departments = HashMap::new();
    for name in DEPARTMENTS {
        departments.insert(*name, department(app, name).await?);
    }

    let mut hash = None;
    let mut people: HashMap<String, i64> = HashMap::new();
    for (key, name, role, dep) in ACCOUNTS {
        let department_id = match dep {
            Some(d) => Some(
                *departments
                    .get(d)
                    .with_context(|| format!("unknown department {d}"))?,
            ),
            None => None,
        };
        let id = account(app, &mut hash, email(key), name, *role, department_id).await?;
        people.insert((*key).to_owned(), id);
    }
    for (i, (name, _)) in discussion::CITIZENS.iter().enumerate() {
        let key = discussion::citizen_key(i);
        let id = account(app, &mut hash, email(&key), name, Role::Citizen, None).await?;
        people.insert(key, id);
    }

    maps::load(app).await?;

    // Processes once: an operator may have changed or deleted demo processes,
    // and a second start must not bring them back.
    if db::processes::count_all(db).await? > 0 {
        return Ok(());
    }
    // The city's portals in the footer (once, with the processes: an
    // operator may have changed the settings since).
    app::site::update_settings(
        app,
        &app::Actor::System,
        app::site::SettingsForm {
            portal_url: "https://e-government.hamburg.de".into(),
            services_url: "https://service.hamburg.de".into(),
            ..Default::default()
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo site settings: {e:?}"))?;
    let today = web::dates::today().to_string();
    let (mut comments, mut reactions) = (0, 0);
    for (n, spec) in content::PROCESSES.iter().enumerate() {
        let department_id = *departments
            .get(spec.department)
            .with_context(|| format!("unknown department {}", spec.department))?;
        let form = ProcessForm {
            department_id: Some(department_id),
            title: spec.title.into(),
            summary: spec.summary.into(),
            description: spec.description.into(),
            tags: spec.tags.join(", "),
            dates: ProcessForm::dates_of(&spec.schedule.phases(&today)?),
            ideas_enabled: spec.title == ideas::PROCESS,
            categories: if spec.title == ideas::PROCESS {
                ideas::CATEGORIES.join("\n")
            } else {
                String::new()
            },
            // The ideas process promises answers within six weeks of its end.
            answer_period: if spec.title == ideas::PROCESS {
                "6".into()
            } else {
                String::new()
            },
            answer_unit: "weeks".into(),
            ..ProcessForm::default()
        };
        let author = person(&people, spec.author)?;
        let id = app::processes::import(app, &Actor::System, author, form, spec.status)
            .await
            .with_context(|| format!("creating the demo process {:?}", spec.title))?
            .value;
        if spec.title == documents::PROCESS {
            documents::load(app, id, department_id, author)
                .await
                .context("loading the demo documents")?;
        }
        if spec.title == ideas::PROCESS {
            ideas::load(app, id, department_id, author, &people)
                .await
                .context("loading the demo ideas")?;
            opinion::load(app, id)
                .await
                .context("loading the demo opinion map")?;
        }
        if spec.title == surveys::PROCESS {
            let survey = surveys::load(app, id, author)
                .await
                .context("loading the demo survey")?;
            // The survey's final report belongs on its published results too.
            if let Some(report) = db::documents::by_title(db, documents::FINAL_REPORT).await? {
                app::documents::attach(
                    app,
                    &Actor::System,
                    report,
                    domain::documents::SubjectKind::Survey,
                    survey,
                )
                .await?;
            }
        }
        // "mitreden" in ASCII, varied per process.
        let seed = 0x6d69_7472_6564_656e ^ n as u64;
        let plan = match spec.discussion {
            content::Discussion::None => continue,
            content::Discussion::Written(posts) => discussion::written(posts, seed),
            content::Discussion::Generated => discussion::generated(seed),
        };
        write_discussion(app, id, &plan, &people)
            .await
            .with_context(|| format!("writing the discussion of {:?}", spec.title))?;
        comments += plan.comments.len();
        reactions += plan.reactions.len();
    }
    tracing::info!(
        processes = content::PROCESSES.len(),
        comments,
        reactions,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo content loaded"
    );
    Ok(())
}

fn person(people: &HashMap<String, i64>, key: &str) -> anyhow::Result<i64> {
    people
        .get(key)
        .copied()
        .with_context(|| format!("unknown demo account {key}"))
}

/// Writes a planned discussion: comments in order (a reply after its parent),
/// then the reactions.
async fn write_discussion(
    app: &app::App,
    process_id: i64,
    plan: &discussion::Plan,
    people: &HashMap<String, i64>,
) -> anyhow::Result<()> {
    let subject = Subject::process(process_id);
    let mut ids: Vec<i64> = Vec::with_capacity(plan.comments.len());
    for c in &plan.comments {
        let parent_id = match c.parent {
            Some(p) => Some(*ids.get(p).context("a reply before its parent")?),
            None => None,
        };
        let author = person(people, &c.author)?;
        let w = app::comments::Write {
            subject,
            parent_id,
            body: c.body.clone(),
        };
        ids.push(
            app::comments::import(app, &Actor::System, author, w)
                .await?
                .value,
        );
    }
    for r in &plan.reactions {
        let comment = *ids.get(r.comment).context("a reaction to no comment")?;
        let by = person(people, &r.by)?;
        app::comments::import_reaction(app, &Actor::System, comment, by, r.reaction).await?;
    }
    Ok(())
}

/// A process's phases as day offsets from the day the demo is loaded
/// (negative: in the past), each range inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub information: Option<(i32, i32)>,
    pub participation: (i32, i32),
    pub evaluation: Option<(i32, i32)>,
    /// The result phase may run without end.
    pub result: Option<(i32, Option<i32>)>,
}

impl Schedule {
    /// The phases for a demo loaded on `today` (YYYY-MM-DD, as
    /// `web::dates::today().to_string()` gives it). This crate does not
    /// depend on chrono, so the date type is only ever inferred here.
    pub fn phases(&self, today: &str) -> anyhow::Result<Phases> {
        let today = web::dates::parse(today)
            .ok()
            .flatten()
            .with_context(|| format!("not a date: {today:?}"))?;
        // One day as a duration, taken from the calendar itself.
        let one_day = today - today.pred_opt().context("date out of range")?;
        let day = |offset: i32| today.checked_add_signed(one_day * offset);
        let range = |r: Option<(i32, i32)>| match r {
            Some((from, until)) => DateRange {
                from: day(from),
                until: day(until),
            },
            None => DateRange::default(),
        };
        Ok(Phases {
            information: range(self.information),
            participation: range(Some(self.participation)),
            evaluation: range(self.evaluation),
            result: match self.result {
                Some((from, until)) => DateRange {
                    from: day(from),
                    until: until.and_then(day),
                },
                None => DateRange::default(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use domain::processes::{PhaseKind, Status, Timing};

    use super::content::{Discussion, PROCESSES, ProcessSpec};
    use super::*;

    fn process(title: &str) -> &'static ProcessSpec {
        PROCESSES
            .iter()
            .find(|p| p.title == title)
            .unwrap_or_else(|| panic!("no demo process {title:?}"))
    }

    #[test]
    fn the_demo_addresses_match_the_printed_login() {
        assert_eq!(email("admin"), ADMIN_EMAIL);
        let keys: HashSet<_> = ACCOUNTS.iter().map(|a| a.0).collect();
        assert_eq!(keys.len(), ACCOUNTS.len(), "account keys are distinct");
        for (_, _, role, dep) in ACCOUNTS {
            assert_eq!(*role == Role::Staff, dep.is_some());
            if let Some(d) = dep {
                assert!(DEPARTMENTS.contains(d), "{d}");
            }
        }
    }

    #[test]
    fn all_demo_phases_validate_whatever_the_day() {
        let today = web::dates::today().to_string();
        for day in [
            today.as_str(),
            "2024-02-29",
            "2025-12-31",
            "2026-01-01",
            "2027-03-01",
        ] {
            for p in PROCESSES {
                let phases = p.schedule.phases(day).unwrap();
                let errors = phases.validate();
                assert!(errors.is_empty(), "{} on {day}: {errors:?}", p.title);
            }
        }
        assert!(PROCESSES[0].schedule.phases("5.3.2026").is_err());
    }

    #[test]
    fn offsets_count_calendar_days() {
        let s = Schedule {
            information: Some((-1, 0)),
            participation: (1, 28),
            evaluation: None,
            result: Some((29, None)),
        };
        let p = s.phases("2024-02-28").unwrap();
        let day = |s| web::dates::parse(s).unwrap();
        assert_eq!(p.information.from, day("2024-02-27"));
        assert_eq!(p.participation.from, day("2024-02-29"));
        assert_eq!(p.participation.until, day("2024-03-27"));
        assert_eq!(p.result.from, day("2024-03-28"));
        assert_eq!(p.result.until, None);
        assert_eq!(p.evaluation, DateRange::default());
    }

    #[test]
    fn the_demo_shows_every_stage_today() {
        let today = web::dates::today();
        let phases = |title| process(title).schedule.phases(&today.to_string()).unwrap();

        let open = phases("Mehr Platz fürs Rad: Radverkehrskonzept Altona");
        assert!(open.participation_open(today));
        assert!(matches!(
            process("Mehr Platz fürs Rad: Radverkehrskonzept Altona").discussion,
            Discussion::Generated
        ));

        let social = process("Social Media in der Hamburger Verwaltung");
        assert_eq!(social.department, "Finanzbehörde");
        assert_eq!(social.status, Status::Published);
        let p = social.schedule.phases(&today.to_string()).unwrap();
        assert_eq!(p.timing(today), Timing::Finished);
        match social.discussion {
            Discussion::Written(posts) => assert!(posts.len() >= 12),
            _ => panic!("the Social Media process has a written discussion"),
        }

        let published: Vec<_> = PROCESSES
            .iter()
            .filter(|p| p.status == Status::Published)
            .map(|p| p.schedule.phases(&today.to_string()).unwrap())
            .collect();
        assert!(
            published
                .iter()
                .any(|p| p.timing(today) == Timing::Upcoming)
        );
        assert!(
            published
                .iter()
                .any(|p| p.current(today) == Some(PhaseKind::Evaluation))
        );
        assert!(
            published
                .iter()
                .any(|p| p.current(today) == Some(PhaseKind::Information))
        );
        assert!(
            published
                .iter()
                .filter(|p| p.participation_open(today))
                .count()
                >= 2
        );
        for status in [Status::Archived, Status::Draft] {
            assert!(
                PROCESSES
                    .iter()
                    .any(|p| p.status == status && p.department == "Finanzbehörde"),
                "{status:?}"
            );
        }
    }

    #[test]
    fn the_processes_are_complete_and_plausible() {
        let accounts: HashSet<_> = ACCOUNTS.iter().map(|a| a.0).collect();
        let today = web::dates::today();
        for p in PROCESSES {
            assert!(DEPARTMENTS.contains(&p.department), "{}", p.title);
            assert!(accounts.contains(p.author), "{}", p.title);
            assert!((1..=4).contains(&p.tags.len()), "{}", p.title);
            let text =
                domain::processes::check_text(p.title, p.summary, p.description, &p.tags.join(","));
            assert!(text.is_ok(), "{}: {:?}", p.title, text.err());
            // The page titles the description with an h2; its own headings
            // are h3.
            assert!(p.description.contains("\n### "), "{} has headings", p.title);
            assert!(
                !p.description
                    .lines()
                    .any(|l| l.starts_with("# ") || l.starts_with("## ")),
                "{}",
                p.title
            );
            assert!(!web::markdown::to_html(p.description).contains("<img"));
            // Nobody writes in a discussion before it opens.
            let phases = p.schedule.phases(&today.to_string()).unwrap();
            let not_yet = phases.participation.from.is_some_and(|from| today < from);
            if not_yet || p.status == Status::Draft {
                assert!(matches!(p.discussion, Discussion::None), "{}", p.title);
            }
        }
    }
}
