//! The site's own settings: its name and logo (administrators only). Every
//! page shows them, so a change forgets every kept page.

use db::processes::NewImage;
use domain::{FieldErrors, Role, Tag};

use crate::processes::Picture;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// The longest site name, in characters: it stands in the header and in
/// every page title.
pub const NAME_MAX_CHARS: usize = 60;

/// The settings form as typed. An empty name is the built-in one.
#[derive(Default)]
pub struct SettingsForm {
    pub name: String,
    pub logo: Picture,
    pub remove_logo: bool,
}

/// Saves the site's name and logo. Refusals are reported under `name` and
/// `logo`.
pub async fn update_settings(
    app: &App,
    actor: &Actor,
    form: SettingsForm,
) -> CommandResult<Outcome<()>> {
    match actor {
        Actor::Anonymous => return Err(CommandError::LoginRequired),
        _ if !actor.role().is_some_and(Role::can_administer) => {
            return Err(CommandError::Forbidden);
        }
        _ => {}
    }
    let mut errors = FieldErrors::new();
    // One line, without control characters; spaces inside kept as typed.
    let name: String = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > NAME_MAX_CHARS {
        errors.add("name", "error-site-name-too-long");
    }
    let logo = match form.logo {
        Picture::None => None,
        Picture::TooLarge => {
            errors.add("logo", files::images::ImageProblem::TooLarge.key());
            None
        }
        Picture::Upload(bytes) => match files::images::process(bytes).await {
            Ok(p) => Some(NewImage {
                content_type: "image/jpeg".into(),
                width: p.width as i32,
                height: p.height as i32,
                large: p.large,
                small: p.small,
            }),
            Err(problem) => {
                errors.add("logo", problem.key());
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let mut tx = app.begin(actor).await?;
    db::site::set(
        &tx,
        db::site::NAME,
        Some(name.as_str()).filter(|n| !n.is_empty()),
    )
    .await?;
    if logo.is_some() || form.remove_logo {
        db::site::set_logo(&tx, logo).await?;
    }
    // The name and logo stand on every page.
    tx.touch(Tag::All);
    tx.audit("site.settings", "site", "").await?;
    let changes = tx.commit().await?;
    tracing::info!(by = actor.user_id(), "site settings changed");
    Ok(Outcome { value: (), changes })
}
