//! The site's identity (name, logo) as every page shows it, kept in memory
//! between changes: a settings change touches `Tag::All`, which forgets it
//! here and, through the NOTIFY, on every other instance.

use std::sync::{Arc, Mutex};

use serde::Serialize;

/// What the page shell shows of the settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteView {
    /// None: the built-in name (the translation `site-name`).
    pub name: Option<String>,
    /// The logo's picture, in the header's size.
    pub logo: Option<String>,
    /// The CSS custom properties of the set colours (`--primary: #rrggbb;`
    /// ...), empty when none is set. Only `#rrggbb` values are stored, so
    /// the text is safe inside a `<style>` element.
    pub colors_css: String,
    /// A digest of `colors_css`, the version in the stylesheet's address,
    /// so that browsers may keep it and fetch a changed one at once.
    pub colors_version: String,
    pub home_heading: Option<String>,
    pub home_lead: Option<String>,
    pub portal_url: Option<String>,
    pub services_url: Option<String>,
}

/// FNV-1a over the text: a short, stable version for a cache key.
fn version(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// `/site.css`: the set colours as custom properties over those of
/// `app.css` (a stylesheet of its own, since the CSP allows no inline
/// style). Its address carries the version, so it may be kept a year.
pub async fn stylesheet(
    axum::extract::State(state): axum::extract::State<crate::SharedState>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let site = state.site.load(&state.db).await;
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        format!(":root {{ {} }}\n", site.colors_css),
    )
        .into_response()
}

/// The custom properties that the stored colours set; a value that is not a
/// colour (changed by hand in the database) is left out.
fn colors_css(settings: &std::collections::BTreeMap<String, String>) -> String {
    let mut css = String::new();
    for (setting, properties) in [
        (db::site::PRIMARY, &["--primary"][..]),
        (db::site::PRIMARY_TEXT, &["--on-primary"][..]),
        (db::site::ACCENT, &["--primary-dark", "--accent"][..]),
        (db::site::ACCENT_TEXT, &["--on-accent"][..]),
    ] {
        if let Some(c) = settings
            .get(setting)
            .and_then(|v| domain::colors::Color::parse(v))
        {
            for p in properties {
                css.push_str(&format!("{p}: {};", c.hex()));
            }
        }
    }
    css
}

/// The settings as last read, and a generation that every forgetting
/// advances, so that a reading that began before a change is not kept.
#[derive(Default)]
pub struct Site {
    inner: Mutex<(u64, Option<Arc<SiteView>>)>,
}

impl Site {
    pub fn forget(&self) {
        if let Ok(mut g) = self.inner.lock() {
            g.0 += 1;
            g.1 = None;
        }
    }

    /// The kept settings, if any.
    pub fn get(&self) -> Option<Arc<SiteView>> {
        self.inner.lock().ok().and_then(|g| g.1.clone())
    }

    /// The settings, read from the database when none are kept. A failed
    /// reading shows the built-in name rather than failing the page.
    pub async fn load(&self, db: &db::Db) -> Arc<SiteView> {
        let generation = match self.inner.lock() {
            Ok(g) => match &g.1 {
                Some(v) => return v.clone(),
                None => g.0,
            },
            Err(_) => return Arc::default(),
        };
        let settings = match db::site::settings(db).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the site settings");
                return Arc::default();
            }
        };
        let view = Arc::new(SiteView {
            name: settings.get(db::site::NAME).cloned(),
            logo: settings
                .get(db::site::LOGO)
                .and_then(|id| id.parse::<i64>().ok())
                .map(|id| format!("/images/{id}/small.jpg")),
            colors_version: version(&colors_css(&settings)),
            colors_css: colors_css(&settings),
            home_heading: settings.get(db::site::HOME_HEADING).cloned(),
            home_lead: settings.get(db::site::HOME_LEAD).cloned(),
            portal_url: settings.get(db::site::PORTAL_URL).cloned(),
            services_url: settings.get(db::site::SERVICES_URL).cloned(),
        });
        let view = Arc::new(SiteView {
            colors_version: version(&view.colors_css),
            ..(*view).clone()
        });
        if let Ok(mut g) = self.inner.lock()
            && g.0 == generation
        {
            g.1 = Some(view.clone());
        }
        view
    }
}
