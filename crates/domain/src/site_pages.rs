//! The legal and information pages every public authority's portal has:
//! imprint (Impressum), privacy statement, terms of use with the netiquette,
//! the accessibility statement that BITV 2.0 requires, and the platform
//! explained in easy-read language (Leichte Sprache).

/// The longest text of a page, in characters.
pub const BODY_MAX_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitePage {
    Imprint,
    Privacy,
    Terms,
    Accessibility,
    EasyRead,
}

impl SitePage {
    pub const ALL: [SitePage; 5] = [
        SitePage::Imprint,
        SitePage::Privacy,
        SitePage::Terms,
        SitePage::Accessibility,
        SitePage::EasyRead,
    ];

    /// The page's address part (`/pages/<slug>`) and message key part.
    pub fn slug(self) -> &'static str {
        match self {
            SitePage::Imprint => "imprint",
            SitePage::Privacy => "privacy",
            SitePage::Terms => "terms",
            SitePage::Accessibility => "accessibility",
            SitePage::EasyRead => "easy-read",
        }
    }

    pub fn parse(slug: &str) -> Option<SitePage> {
        SitePage::ALL.into_iter().find(|p| p.slug() == slug)
    }
}
