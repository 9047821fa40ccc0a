//! The texts of the legal and information pages, as administrators wrote
//! them (`domain::site_pages`).

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{Db, DbError, now, raw};

/// The text of `slug` in `lang`, if an administrator wrote one.
pub async fn get(db: &Db, slug: &str, lang: &str) -> Result<Option<String>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        body_md: String,
    }
    let b = db.conn.get_database_backend();
    Ok(Row::find_by_statement(raw(
        b,
        "SELECT body_md FROM site_pages WHERE slug = ? AND lang = ?",
        vec![slug.into(), lang.into()],
    ))
    .one(&db.conn)
    .await?
    .map(|r| r.body_md))
}

/// Stores the text of `slug` in `lang`; an empty text returns the page to
/// its built-in default.
pub async fn save_in<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
    lang: &str,
    body_md: &str,
) -> Result<(), DbError> {
    let b = conn.get_database_backend();
    if body_md.trim().is_empty() {
        conn.execute_raw(raw(
            b,
            "DELETE FROM site_pages WHERE slug = ? AND lang = ?",
            vec![slug.into(), lang.into()],
        ))
        .await?;
        return Ok(());
    }
    conn.execute_raw(raw(
        b,
        "INSERT INTO site_pages (slug, lang, body_md, updated_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (slug, lang) DO UPDATE SET body_md = excluded.body_md, \
         updated_at = excluded.updated_at",
        vec![slug.into(), lang.into(), body_md.into(), now().into()],
    ))
    .await?;
    Ok(())
}

/// The addresses of every administrator, who receive what is meant for
/// the platform's operators (feedback on accessibility).
pub async fn administrator_addresses(db: &Db) -> Result<Vec<(String, String, String)>, DbError> {
    #[derive(FromQueryResult)]
    struct Row {
        email: String,
        display_name: String,
        locale: String,
    }
    let b = db.conn.get_database_backend();
    Ok(Row::find_by_statement(raw(
        b,
        "SELECT email, display_name, locale FROM users WHERE role = 'admin' ORDER BY id",
        vec![],
    ))
    .all(&db.conn)
    .await?
    .into_iter()
    .map(|r| (r.email, r.display_name, r.locale))
    .collect())
}
