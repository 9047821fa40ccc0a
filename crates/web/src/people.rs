//! How people are named where no template does it (feeds, live
//! announcements): a deleted account keeps no name.

use i18n::I18n;

/// `stored`, or the words for a deleted account.
pub fn name(i18n: &I18n, lang: &str, stored: &str) -> String {
    if stored.is_empty() {
        i18n.t(lang, "account-deleted", &[])
    } else {
        stored.to_owned()
    }
}
