//! The site's own settings (name, logo; later colours, start-page texts,
//! links), one row per setting, and the figures of the start page.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::processes::{NewImage, insert_image};
use crate::{Db, DbError, raw};

/// The settings' names. A setting that is not stored has its default.
pub const NAME: &str = "name";
pub const LOGO: &str = "logo";
/// Colours as `#rrggbb`: the primary colour (header, buttons, links), the
/// accent (hover and emphasis), and the text standing on each.
pub const PRIMARY: &str = "color_primary";
pub const PRIMARY_TEXT: &str = "color_primary_text";
pub const ACCENT: &str = "color_accent";
pub const ACCENT_TEXT: &str = "color_accent_text";
/// The start page's heading and lead paragraph (else the translations).
pub const HOME_HEADING: &str = "home_heading";
pub const HOME_LEAD: &str = "home_lead";
/// The footer's links to the city's e-government portal and online services.
pub const PORTAL_URL: &str = "portal_url";
pub const SERVICES_URL: &str = "services_url";

#[derive(FromQueryResult)]
struct Setting {
    name: String,
    value: String,
}

/// Every stored setting by name.
pub async fn settings(db: &Db) -> Result<BTreeMap<String, String>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Setting::find_by_statement(raw(b, "SELECT name, value FROM site_settings", vec![]))
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| (r.name, r.value)).collect())
}

/// Stores a setting, or removes it (back to its default) for None.
pub async fn set(txn: &crate::Transaction, name: &str, value: Option<&str>) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let stmt = match value {
        Some(v) => raw(
            b,
            "INSERT INTO site_settings (name, value) VALUES (?, ?) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            vec![name.into(), v.into()],
        ),
        None => raw(
            b,
            "DELETE FROM site_settings WHERE name = ?",
            vec![name.into()],
        ),
    };
    txn.execute_raw(stmt).await?;
    Ok(())
}

/// Replaces the logo (None: no logo), deleting the picture it replaces.
pub async fn set_logo(txn: &crate::Transaction, logo: Option<NewImage>) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let old = Setting::find_by_statement(raw(
        b,
        "SELECT name, value FROM site_settings WHERE name = ?",
        vec![LOGO.into()],
    ))
    .one(txn)
    .await?
    .and_then(|r| r.value.parse::<i64>().ok());
    let new = match logo {
        Some(img) => Some(insert_image(txn, img).await?),
        None => None,
    };
    set(txn, LOGO, new.map(|id| id.to_string()).as_deref()).await?;
    if let Some(old) = old {
        txn.execute_raw(raw(b, "DELETE FROM images WHERE id = ?", vec![old.into()]))
            .await?;
    }
    Ok(())
}

/// The start page's "in figures": processes the public sees, contributions
/// (comments and ideas in them) and the administration's answers to ideas.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Figures {
    pub processes: i64,
    pub contributions: i64,
    pub answers: i64,
}

pub async fn figures(db: &Db) -> Result<Figures, DbError> {
    let b = db.conn.get_database_backend();
    let row = Figures::find_by_statement(raw(
        b,
        "SELECT \
         (SELECT COUNT(*) FROM processes WHERE status <> 'draft') AS processes, \
         CAST((SELECT COALESCE(SUM(comment_count + idea_count), 0) FROM processes \
          WHERE status <> 'draft') \
         + (SELECT COALESCE(SUM(i.comment_count), 0) FROM ideas i \
            JOIN processes p ON p.id = i.process_id WHERE p.status <> 'draft' AND i.held IS NULL) AS BIGINT) AS contributions, \
         (SELECT COUNT(*) FROM idea_answers a JOIN ideas i ON i.id = a.idea_id \
          JOIN processes p ON p.id = i.process_id WHERE p.status <> 'draft') AS answers",
        vec![],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.unwrap_or_default())
}
