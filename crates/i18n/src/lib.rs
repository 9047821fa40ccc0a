//! Translations with Fluent. The German and English files are built in; a city
//! overrides any message, or adds a language, with `.ftl` files in its theme
//! folder (`<theme>/locales/<lang>/*.ftl`), read at start.

use std::collections::HashMap;
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

pub use fluent_bundle::FluentValue;

/// The languages the interface speaks; the first is the default.
pub const LANGUAGES: &[(&str, &str)] = &[("de", "Deutsch"), ("en", "English")];

/// One file per feature and language, so that features add their texts
/// without touching each other's files.
const BUILT_IN: &[(&str, &str)] = &[
    ("de", include_str!("../locales/de/main.ftl")),
    ("en", include_str!("../locales/en/main.ftl")),
    ("de", include_str!("../locales/de/surveys.ftl")),
    ("en", include_str!("../locales/en/surveys.ftl")),
    ("de", include_str!("../locales/de/survey_results.ftl")),
    ("en", include_str!("../locales/en/survey_results.ftl")),
    ("de", include_str!("../locales/de/documents.ftl")),
    ("en", include_str!("../locales/en/documents.ftl")),
    ("de", include_str!("../locales/de/jobs.ftl")),
    ("en", include_str!("../locales/en/jobs.ftl")),
    ("de", include_str!("../locales/de/trust.ftl")),
    ("en", include_str!("../locales/en/trust.ftl")),
    ("de", include_str!("../locales/de/moderation.ftl")),
    ("en", include_str!("../locales/en/moderation.ftl")),
    ("de", include_str!("../locales/de/moderation_items.ftl")),
    ("en", include_str!("../locales/en/moderation_items.ftl")),
    ("de", include_str!("../locales/de/opinion.ftl")),
    ("en", include_str!("../locales/en/opinion.ftl")),
    ("de", include_str!("../locales/de/platform.ftl")),
    ("en", include_str!("../locales/en/platform.ftl")),
    ("de", include_str!("../locales/de/nav.ftl")),
    ("en", include_str!("../locales/en/nav.ftl")),
    ("de", include_str!("../locales/de/ideas_edit.ftl")),
    ("en", include_str!("../locales/en/ideas_edit.ftl")),
    ("de", include_str!("../locales/de/admin_users.ftl")),
    ("en", include_str!("../locales/en/admin_users.ftl")),
    ("de", include_str!("../locales/de/document_links.ftl")),
    ("en", include_str!("../locales/en/document_links.ftl")),
    ("de", include_str!("../locales/de/survey_once.ftl")),
    ("en", include_str!("../locales/en/survey_once.ftl")),
    ("de", include_str!("../locales/de/api.ftl")),
    ("en", include_str!("../locales/en/api.ftl")),
    ("de", include_str!("../locales/de/home.ftl")),
    ("en", include_str!("../locales/en/home.ftl")),
    ("de", include_str!("../locales/de/dashboard.ftl")),
    ("en", include_str!("../locales/en/dashboard.ftl")),
    ("de", include_str!("../locales/de/accountability.ftl")),
    ("en", include_str!("../locales/en/accountability.ftl")),
    ("de", include_str!("../locales/de/holds.ftl")),
    ("en", include_str!("../locales/en/holds.ftl")),
    ("de", include_str!("../locales/de/maps.ftl")),
    ("en", include_str!("../locales/en/maps.ftl")),
    ("de", include_str!("../locales/de/federation.ftl")),
    ("en", include_str!("../locales/en/federation.ftl")),
    ("de", include_str!("../locales/de/notifications.ftl")),
    ("en", include_str!("../locales/en/notifications.ftl")),
];

pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("translation file {file}: {detail}")]
    Parse { file: String, detail: String },
    #[error("reading {0}: {1}")]
    Io(String, std::io::Error),
}

impl I18n {
    pub fn load(theme_dir: Option<&Path>) -> Result<I18n, I18nError> {
        let mut bundles = HashMap::new();
        for (code, _) in LANGUAGES {
            let langid: LanguageIdentifier = code.parse().map_err(|_| I18nError::Parse {
                file: (*code).into(),
                detail: "bad language code".into(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks around arguments confuse screen readers
            // less than they confuse copy-and-paste; our arguments are plain.
            bundle.set_use_isolating(false);
            // Whole numbers in messages ("2.150 Antworten") get the
            // language's thousands separator, like `format_number`.
            bundle.set_formatter(Some(if *code == "de" {
                fluent_number_de
            } else {
                fluent_number_other
            }));
            for (c, src) in BUILT_IN.iter().filter(|(c, _)| c == code) {
                let res = parse(&format!("built-in {c}"), src.to_string())?;
                bundle.add_resource_overriding(res);
            }
            if let Some(dir) = theme_dir {
                for (file, src) in read_dir_ftl(&dir.join("locales").join(code))? {
                    bundle.add_resource_overriding(parse(&file, src)?);
                }
            }
            bundles.insert(*code, bundle);
        }
        Ok(I18n { bundles })
    }

    /// The message `key` in `lang`, with `args` filled in. A missing message
    /// shows its key, so a gap is visible instead of silent; built for the
    /// tests (feature `strict`), it fails them instead.
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(bundle) = self
            .bundles
            .get(lang)
            .or_else(|| self.bundles.get(LANGUAGES[0].0))
        else {
            return missing(lang, key);
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return missing(lang, key);
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles
            .get(lang)
            .is_some_and(|b| b.get_message(key).is_some_and(|m| m.value().is_some()))
    }
}

/// The thousands separator of a language: a point in German, a comma in
/// English (and in any language a theme adds, until it says otherwise).
pub fn thousands_separator(lang: &str) -> char {
    if lang == "de" { '.' } else { ',' }
}

/// The decimal mark of a language.
pub fn decimal_mark(lang: &str) -> char {
    if lang == "de" { ',' } else { '.' }
}

/// A number as people of `lang` write it: "2.150" and "1.234,5" in German,
/// "2,150" and "1,234.5" in English. Whole numbers are written without
/// fraction; others with at most two decimals, as the figures shown are
/// counts, shares and averages.
pub fn format_number(lang: &str, n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    let mut digits = format!("{whole:.0}");
    let sep = thousands_separator(lang);
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    let first = digits.len() % 3;
    for (i, c) in digits.drain(..).enumerate() {
        if i > 0 && (i + 3 - first) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let fraction = ((abs - whole) * 100.0).round() as u32;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if fraction > 0 {
        out.push(decimal_mark(lang));
        let f = format!("{fraction:02}");
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// What `FluentBundle::set_formatter` wants: only numbers, and only whole
/// ones of four digits or more (others keep Fluent's own formatting, which
/// honours a message's NUMBER options).
fn fluent_number(lang: &str, v: &FluentValue) -> Option<String> {
    match v {
        FluentValue::Number(n)
            if n.value.fract() == 0.0
                && n.value.abs() >= 1000.0
                && n.options.minimum_fraction_digits.is_none() =>
        {
            Some(format_number(lang, n.value))
        }
        _ => None,
    }
}

fn fluent_number_de<M>(v: &FluentValue, _: &M) -> Option<String> {
    fluent_number("de", v)
}

fn fluent_number_other<M>(v: &FluentValue, _: &M) -> Option<String> {
    fluent_number("en", v)
}

#[cfg(not(feature = "strict"))]
fn missing(_lang: &str, key: &str) -> String {
    key.to_owned()
}

#[cfg(feature = "strict")]
fn missing(lang: &str, key: &str) -> String {
    panic!("missing translation: {key} ({lang})")
}

fn parse(file: &str, src: String) -> Result<FluentResource, I18nError> {
    FluentResource::try_new(src).map_err(|(_, errs)| I18nError::Parse {
        file: file.into(),
        detail: errs
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })
}

fn read_dir_ftl(dir: &Path) -> Result<Vec<(String, String)>, I18nError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(vec![]);
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            std::fs::read_to_string(&p)
                .map(|s| (name.clone(), s))
                .map_err(|e| I18nError::Io(name, e))
        })
        .collect()
}

/// Picks a supported language from an Accept-Language header, by quality.
pub fn negotiate(accept_language: &str) -> Option<&'static str> {
    let mut best: Option<(&'static str, f32)> = None;
    for part in accept_language.split(',') {
        let mut it = part.trim().split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some((code, _)) = LANGUAGES.iter().find(|(c, _)| *c == primary)
            && q > 0.0
            && best.is_none_or(|(_, bq)| q > bq)
        {
            best = Some((code, q));
        }
    }
    best.map(|(c, _)| c)
}

pub fn supported(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().map(|(c, _)| *c).find(|c| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(negotiate("en-US,en;q=0.9,de;q=0.8"), Some("en"));
        assert_eq!(negotiate("fr-FR, de;q=0.5, en;q=0.4"), Some("de"));
        assert_eq!(negotiate("fr"), None);
        assert_eq!(negotiate("en;q=0, de;q=0.1"), Some("de"));
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let i18n = I18n::load(None).expect("built-in translations parse");
        let keys = |src: &str| -> Vec<String> {
            src.lines()
                .filter(|l| {
                    !l.starts_with([' ', '#', '\t', '.', '*', '[', '}']) && l.contains(" =")
                })
                .filter_map(|l| l.split(" =").next())
                .map(|k| k.trim().to_owned())
                .collect()
        };
        for (code, src) in BUILT_IN {
            for key in keys(src) {
                for (other, _) in LANGUAGES {
                    assert!(
                        i18n.has(other, &key),
                        "{key} (from {code}) is missing in {other}"
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_are_grouped_by_language() {
        assert_eq!(format_number("de", 2150.0), "2.150");
        assert_eq!(format_number("en", 2150.0), "2,150");
        assert_eq!(format_number("de", 1234567.0), "1.234.567");
        assert_eq!(format_number("de", 999.0), "999");
        assert_eq!(format_number("de", -12345.5), "-12.345,5");
        assert_eq!(format_number("en", 0.25), "0.25");
        assert_eq!(format_number("de", 0.0), "0");
        let i18n = I18n::load(None).unwrap();
        let s = i18n.t("de", "comment-count", &[("count", 2150.into())]);
        assert!(s.contains("2.150"), "{s}");
        let s = i18n.t("en", "comment-count", &[("count", 2150.into())]);
        assert!(s.contains("2,150"), "{s}");
    }

    #[test]
    fn arguments_are_filled_in() {
        let i18n = I18n::load(None).unwrap();
        let s = i18n.t("de", "hello-user", &[("name", "Anna".into())]);
        assert!(s.contains("Anna"), "{s}");
    }
}
