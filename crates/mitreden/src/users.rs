use std::sync::Arc;

use anyhow::{Context, bail};
use app::Actor;
use app::accounts::{NewAccount, Password};
use db::Db;
use domain::Role;
use domain::accounts::normalize_email;

use crate::cli::UserCreateArgs;

/// The command layer for a one-off command on the command line: it sends no
/// mail and keeps no files, so its link base and storage are placeholders.
fn command_app(db: &Db) -> anyhow::Result<app::App> {
    let i18n = web::i18n::I18n::load(None).context("loading the translations")?;
    let config = app::Config {
        public_url: url::Url::parse("http://localhost/").context("the placeholder address")?,
        rate_limits: Default::default(),
        storage: web::storage::Storage::memory(),
        read_limit: web::READ_TIME_LIMIT,
    };
    Ok(app::App::new(db.clone(), config, Arc::new(i18n)))
}

/// `mitreden user create`: an account that is verified at once.
pub async fn create(db: &Db, args: UserCreateArgs) -> anyhow::Result<()> {
    let Some(role) = Role::parse(&args.role) else {
        bail!(
            "unknown role {:?}: use citizen, staff, moderator or admin",
            args.role
        );
    };
    if role.needs_department() && args.department.is_none() {
        bail!("staff need a department: add --department NAME");
    }
    let app = command_app(db)?;
    let default_name = args
        .email
        .trim()
        .split('@')
        .next()
        .unwrap_or("admin")
        .to_owned();
    let department_id = match (&args.department, role.needs_department()) {
        (Some(d), true) => Some(crate::demo::department(&app, d).await?),
        _ => None,
    };
    let new = NewAccount {
        email: args.email.clone(),
        display_name: args.name.clone().unwrap_or(default_name),
        password: Password::Plain(args.password),
        role,
        department_id,
    };
    match app::accounts::create_account(&app, &Actor::System, new).await {
        Ok(out) => {
            let u = out.value;
            println!("created {} ({}) with id {}", u.email, u.role, u.id);
            Ok(())
        }
        Err(e) => match e.field_errors().and_then(|f| f.0.first().cloned()) {
            Some(f) => bail!(refusal(f.field, f.key, &args.email)),
            None => Err(e.into()),
        },
    }
}

/// What the command line says about a refused field.
fn refusal(field: &str, key: &str, email: &str) -> String {
    match (field, key) {
        ("email", "error-email-taken") => format!(
            "an account with {} exists already",
            normalize_email("email", email).unwrap_or_else(|_| email.to_owned())
        ),
        ("email", _) => format!("{email:?} is not a valid email address"),
        ("password", key) => format!(
            "password refused ({key}): use {} to {} characters",
            domain::limits::PASSWORD_MIN_CHARS,
            domain::limits::PASSWORD_MAX_CHARS
        ),
        ("display_name", _) => "the display name needs 2 to 50 characters".to_owned(),
        (field, key) => format!("{field} refused: {key}"),
    }
}
