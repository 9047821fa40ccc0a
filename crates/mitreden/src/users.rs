use anyhow::{Context, bail};
use db::Db;
use db::accounts::{CreateUserError, NewUser};
use domain::Role;
use domain::accounts::{check_new_password, normalize_display_name, normalize_email};

use crate::cli::UserCreateArgs;

/// `mitreden user create`: an account that is verified at once.
pub async fn create(db: &Db, args: UserCreateArgs) -> anyhow::Result<()> {
    let Some(role) = Role::parse(&args.role) else {
        bail!(
            "unknown role {:?}: use citizen, staff, moderator or admin",
            args.role
        );
    };
    let email = normalize_email("email", &args.email)
        .map_err(|_| anyhow::anyhow!("{:?} is not a valid email address", args.email))?;
    check_new_password("password", &args.password).map_err(|e| {
        anyhow::anyhow!(
            "password refused ({}): use {} to {} characters",
            e.key,
            domain::limits::PASSWORD_MIN_CHARS,
            domain::limits::PASSWORD_MAX_CHARS
        )
    })?;
    let default_name = email.split('@').next().unwrap_or("admin").to_owned();
    let name = normalize_display_name("name", args.name.as_deref().unwrap_or(&default_name))
        .map_err(|_| anyhow::anyhow!("the display name needs 2 to 50 characters"))?;
    let department_id = match (&args.department, role.needs_department()) {
        (Some(d), true) => Some(crate::demo::department(db, d).await?),
        (None, true) => bail!("staff need a department: add --department NAME"),
        _ => None,
    };
    let hash = web::security::hash_password(args.password)
        .await
        .context("hashing the password")?;
    let new = NewUser {
        email: email.clone(),
        display_name: name,
        password_hash: hash,
        role,
        department_id,
        verified: true,
    };
    match db::accounts::create(db, new).await {
        Ok(u) => {
            println!("created {} ({}) with id {}", u.email, u.role, u.id);
            Ok(())
        }
        Err(CreateUserError::DuplicateEmail) => bail!("an account with {email} exists already"),
        Err(CreateUserError::Db(e)) => Err(e.into()),
    }
}
