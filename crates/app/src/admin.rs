//! Administration: departments, and the role and department of each person.
//! Only administrators (and the system: the command line, the demo).

use db::departments::{CreateDepartmentError, Department};
use domain::accounts::normalize_department_name;
use domain::{Role, Tag};

use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Administrators and the system.
pub(crate) fn administers(actor: &Actor) -> CommandResult<()> {
    match actor {
        Actor::Anonymous => Err(CommandError::LoginRequired),
        _ if actor.role().is_some_and(Role::can_administer) => Ok(()),
        _ => Err(CommandError::Forbidden),
    }
}

fn department_error(e: CreateDepartmentError) -> CommandError {
    match e {
        CreateDepartmentError::DuplicateName => {
            CommandError::field("name", "error-department-exists")
        }
        CreateDepartmentError::Db(e) => e.into(),
    }
}

/// Creates a department; names are unique.
pub async fn create_department(
    app: &App,
    actor: &Actor,
    name: &str,
) -> CommandResult<Outcome<Department>> {
    administers(actor)?;
    let name =
        normalize_department_name("name", name).map_err(|e| CommandError::Invalid(e.into()))?;
    let mut tx = app.begin(actor).await?;
    let d = db::departments::create_in(&*tx, &name)
        .await
        .map_err(department_error)?;
    // Lists offer departments to choose from.
    tx.touch(Tag::Lists);
    let changes = tx.commit().await?;
    tracing::info!(
        department = d.id,
        by = actor.user_id(),
        "department created"
    );
    Ok(Outcome { value: d, changes })
}

/// Renames a department; names are unique.
pub async fn rename_department(
    app: &App,
    actor: &Actor,
    id: i64,
    name: &str,
) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let name =
        normalize_department_name("name", name).map_err(|e| CommandError::Invalid(e.into()))?;
    let mut tx = app.begin(actor).await?;
    if !db::departments::rename(&tx, id, &name)
        .await
        .map_err(department_error)?
    {
        return Err(CommandError::NotFound);
    }
    // The name shows on the pages of the department's processes and ideas.
    tx.touch(Tag::All);
    let changes = tx.commit().await?;
    tracing::info!(department = id, by = actor.user_id(), "department renamed");
    Ok(Outcome { value: (), changes })
}

/// Gives a person a role, with the department staff need (kept only for
/// staff). The last administrator cannot give up the role. Refusals are
/// reported under the field `role`.
pub async fn set_role(
    app: &App,
    actor: &Actor,
    user_id: i64,
    role: Role,
    department_id: Option<i64>,
) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let target = db::accounts::by_id(&app.db, user_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if role.needs_department() {
        let Some(d) = department_id else {
            return Err(CommandError::field("role", "error-role-needs-department"));
        };
        if db::departments::by_id(&app.db, d).await?.is_none() {
            return Err(CommandError::field("role", "error-department-unknown"));
        }
    }
    // Whatever else they become, they stop administering.
    if actor.user_id() == Some(target.id)
        && role != Role::Admin
        && db::accounts::count_admins(&app.db).await? <= 1
    {
        return Err(CommandError::refused("role", "error-last-admin"));
    }
    let mut tx = app.begin(actor).await?;
    db::accounts::set_role(&tx, user_id, role, department_id).await?;
    // Their pages and rights change at once, on every instance.
    tx.touch(Tag::User(user_id));
    let changes = tx.commit().await?;
    tracing::info!(by = actor.user_id(), user = user_id, role = %role, "role changed");
    Ok(Outcome { value: (), changes })
}
