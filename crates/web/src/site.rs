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
        });
        if let Ok(mut g) = self.inner.lock()
            && g.0 == generation
        {
            g.1 = Some(view.clone());
        }
        view
    }
}
