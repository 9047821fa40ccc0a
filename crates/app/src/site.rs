//! The site's own settings: its name, logo, colours, start-page texts and
//! footer links (administrators only). Every page shows them, so a change
//! forgets every kept page.

use db::processes::NewImage;
use domain::colors::{self, Color};
use domain::{FieldErrors, Role, Tag};

use crate::processes::Picture;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// The longest site name, in characters: it stands in the header and in
/// every page title.
pub const NAME_MAX_CHARS: usize = 60;

/// The longest start-page heading and lead, in characters.
pub const HOME_HEADING_MAX_CHARS: usize = 120;
pub const HOME_LEAD_MAX_CHARS: usize = 600;
/// The longest footer link.
pub const LINK_MAX_CHARS: usize = 500;

/// The built-in colours (those of `app.css`), used where none is set.
pub const DEFAULT_PRIMARY: Color = Color {
    r: 0x0b,
    g: 0x4f,
    b: 0x8a,
};
pub const DEFAULT_ACCENT: Color = Color {
    r: 0x08,
    g: 0x3a,
    b: 0x66,
};

/// The settings form as typed. An empty field is the built-in value.
#[derive(Default)]
pub struct SettingsForm {
    pub name: String,
    pub logo: Picture,
    pub remove_logo: bool,
    pub color_primary: String,
    pub color_primary_text: String,
    pub color_accent: String,
    pub color_accent_text: String,
    pub home_heading: String,
    pub home_lead: String,
    pub portal_url: String,
    pub services_url: String,
}

/// One colour field: empty is the default; anything else must be a colour.
fn color_field(
    errors: &mut FieldErrors,
    field: &'static str,
    typed: &str,
) -> Result<Option<Color>, ()> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    match Color::parse(typed) {
        Some(c) => Ok(Some(c)),
        None => {
            errors.add(field, "error-color-invalid");
            Err(())
        }
    }
}

/// Checks a background colour and the text on it: the text must be readable
/// on it, and the colour itself must be readable as text (links, outlined
/// buttons) on the white page. The message stands next to the field that
/// was set (the background's when both or neither were).
fn check_pair(
    errors: &mut FieldErrors,
    (bg_field, bg): (&'static str, Result<Option<Color>, ()>),
    (text_field, text): (&'static str, Result<Option<Color>, ()>),
    default_bg: Color,
) {
    let (Ok(bg), Ok(text)) = (bg, text) else {
        return;
    };
    let b = bg.unwrap_or(default_bg);
    let t = text.unwrap_or(Color::WHITE);
    if !colors::readable(b, Color::WHITE) {
        errors.add(bg_field, "error-color-contrast-page");
    } else if !colors::readable(t, b) {
        let field = if text.is_some() && bg.is_none() {
            text_field
        } else {
            bg_field
        };
        errors.add(field, "error-color-contrast-text");
    }
}

/// A footer link: empty, or an absolute http(s) address.
fn link_field(errors: &mut FieldErrors, field: &'static str, typed: &str) -> Option<String> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    let ok = t.chars().count() <= LINK_MAX_CHARS
        && !t.chars().any(|c| c.is_whitespace() || c.is_control())
        && ["https://", "http://"].iter().any(|p| {
            t.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)) && t.len() > p.len() + 2
        });
    if !ok {
        errors.add(field, "error-site-link-invalid");
    }
    Some(t.to_string())
}

/// A start-page text: trimmed, empty is the built-in one.
fn text_field(
    errors: &mut FieldErrors,
    field: &'static str,
    typed: &str,
    max: usize,
) -> Option<String> {
    let t = typed.trim();
    if t.chars().count() > max {
        errors.add(field, "error-site-text-too-long");
    }
    Some(t.to_string()).filter(|t| !t.is_empty())
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
    let primary = color_field(&mut errors, "color_primary", &form.color_primary);
    let primary_text = color_field(&mut errors, "color_primary_text", &form.color_primary_text);
    let accent = color_field(&mut errors, "color_accent", &form.color_accent);
    let accent_text = color_field(&mut errors, "color_accent_text", &form.color_accent_text);
    check_pair(
        &mut errors,
        ("color_primary", primary),
        ("color_primary_text", primary_text),
        DEFAULT_PRIMARY,
    );
    check_pair(
        &mut errors,
        ("color_accent", accent),
        ("color_accent_text", accent_text),
        DEFAULT_ACCENT,
    );
    let home_heading = text_field(
        &mut errors,
        "home_heading",
        &form.home_heading,
        HOME_HEADING_MAX_CHARS,
    );
    let home_lead = text_field(
        &mut errors,
        "home_lead",
        &form.home_lead,
        HOME_LEAD_MAX_CHARS,
    );
    let portal_url = link_field(&mut errors, "portal_url", &form.portal_url);
    let services_url = link_field(&mut errors, "services_url", &form.services_url);
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let hex = |c: Result<Option<Color>, ()>| c.ok().flatten().map(|c| c.hex());
    let rows = [
        (db::site::PRIMARY, hex(primary)),
        (db::site::PRIMARY_TEXT, hex(primary_text)),
        (db::site::ACCENT, hex(accent)),
        (db::site::ACCENT_TEXT, hex(accent_text)),
        (db::site::HOME_HEADING, home_heading),
        (db::site::HOME_LEAD, home_lead),
        (db::site::PORTAL_URL, portal_url),
        (db::site::SERVICES_URL, services_url),
    ];
    let mut tx = app.begin(actor).await?;
    for (name, value) in &rows {
        db::site::set(&tx, name, value.as_deref()).await?;
    }
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
