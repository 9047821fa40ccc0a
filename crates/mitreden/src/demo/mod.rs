//! Demo data for `serve --demo`: departments and accounts for every role, so a
//! newcomer can try every page. Loading twice changes nothing.

use anyhow::Context;
use db::Db;
use db::accounts::{CreateUserError, NewUser};
use domain::Role;

pub const ADMIN_EMAIL: &str = "admin@mitreden.example";
pub const PASSWORD: &str = "mitreden-demo";

const DEPARTMENTS: &[&str] = &[
    "Finanzbehörde",
    "Behörde für Umwelt, Klima, Energie und Agrarwirtschaft",
    "Behörde für Verkehr und Mobilitätswende",
    "Bezirksamt Altona",
];

/// The id of the department named `name`, created if missing.
pub async fn department(db: &Db, name: &str) -> anyhow::Result<i64> {
    if let Some(d) = db::departments::by_name(db, name).await? {
        return Ok(d.id);
    }
    match db::departments::create(db, name).await {
        Ok(d) => Ok(d.id),
        // Created by another instance in the meantime.
        Err(db::departments::CreateDepartmentError::DuplicateName) => {
            db::departments::by_name(db, name)
                .await?
                .map(|d| d.id)
                .context("department vanished")
        }
        Err(db::departments::CreateDepartmentError::Db(e)) => Err(e.into()),
    }
}

pub async fn load(db: &Db) -> anyhow::Result<()> {
    let mut ids = vec![];
    for name in DEPARTMENTS {
        ids.push(department(db, name).await?);
    }
    let hash = web::security::hash_password(PASSWORD.into()).await?;
    let people = [
        (ADMIN_EMAIL, "Demo-Administration", Role::Admin, None),
        (
            "finanzen@mitreden.example",
            "Team Finanzbehörde",
            Role::Staff,
            ids.first().copied(),
        ),
        (
            "moderation@mitreden.example",
            "Moderation",
            Role::Moderator,
            None,
        ),
        (
            "anna@mitreden.example",
            "Anna aus Altona",
            Role::Citizen,
            None,
        ),
    ];
    for (email, name, role, department_id) in people {
        let new = NewUser {
            email: email.into(),
            display_name: name.into(),
            password_hash: hash.clone(),
            role,
            department_id,
            verified: true,
        };
        match db::accounts::create(db, new).await {
            Ok(_) | Err(CreateUserError::DuplicateEmail) => {}
            Err(CreateUserError::Db(e)) => return Err(e.into()),
        }
    }
    Ok(())
}
