//! Every message a page or the code asks for exists in every language: the
//! keys are read from the templates and from the sources, so that a key
//! added in code without its translations fails here, not in front of a reader.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use web::i18n::{I18n, LANGUAGES};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `t("key"` and `t('key'` in a template, for whole keys (not those a
/// template puts together with `~`) and for the fixed starts of composed ones.
fn template_keys(src: &str, whole: &mut BTreeSet<String>, starts: &mut BTreeSet<String>) {
    for (i, _) in src.match_indices("t(") {
        if i > 0 {
            let before = src.as_bytes()[i - 1];
            if before.is_ascii_alphanumeric() || before == b'_' || before == b'.' {
                continue;
            }
        }
        let rest = &src[i + 2..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            continue;
        };
        let key = &rest[1..1 + end];
        let after = rest[2 + end..].trim_start();
        if after.starts_with('~') {
            starts.insert(key.to_owned());
        } else {
            whole.insert(key.to_owned());
        }
    }
}

/// String literals in the sources shaped like a message key whose first word
/// is one that message keys start with.
fn code_keys(src: &str, first_words: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    for lit in src.split('"').skip(1).step_by(2) {
        let shaped = lit.contains('-')
            && !lit.starts_with('-')
            && !lit.ends_with('-')
            && !lit.contains("--")
            && lit
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if shaped
            && lit
                .split('-')
                .next()
                .is_some_and(|w| first_words.contains(w))
        {
            out.insert(lit.to_owned());
        }
    }
}

#[test]
fn every_key_used_in_templates_and_code_exists_in_every_language() {
    let i18n = I18n::load(None).expect("built-in translations parse");
    let has_everywhere = |key: &str| LANGUAGES.iter().all(|(l, _)| i18n.has(l, key));

    let mut ftl = vec![];
    files(&crates_dir().join("i18n/locales"), "ftl", &mut ftl);
    let mut defined = BTreeSet::new();
    for f in &ftl {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            if let Some((k, _)) = line.split_once(" =")
                && !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                defined.insert(k.to_owned());
            }
        }
    }
    assert!(defined.len() > 500, "the translation files were not found");
    let first_words: BTreeSet<String> = defined
        .iter()
        .filter_map(|k| k.split('-').next())
        .map(str::to_owned)
        .collect();

    let mut templates = vec![];
    files(&crates_dir().join("web/templates"), "html", &mut templates);
    assert!(templates.len() > 20, "the templates were not found");
    let (mut whole, mut starts) = (BTreeSet::new(), BTreeSet::new());
    for f in &templates {
        template_keys(
            &std::fs::read_to_string(f).unwrap(),
            &mut whole,
            &mut starts,
        );
    }

    let mut sources = vec![];
    for krate in ["web", "app", "domain", "db"] {
        files(&crates_dir().join(krate).join("src"), "rs", &mut sources);
    }
    let mut in_code = BTreeSet::new();
    for f in &sources {
        code_keys(
            &std::fs::read_to_string(f).unwrap(),
            &first_words,
            &mut in_code,
        );
    }

    let mut missing = vec![];
    for key in &whole {
        if !has_everywhere(key) {
            missing.push(format!("template: {key}"));
        }
    }
    for start in &starts {
        if !defined.iter().any(|k| k.starts_with(start.as_str())) {
            missing.push(format!("template (composed): {start}…"));
        }
    }
    for key in &in_code {
        // Mails name a pair of messages: the subject and the body.
        let pair =
            has_everywhere(&format!("{key}-subject")) && has_everywhere(&format!("{key}-body"));
        if !has_everywhere(key) && !pair {
            missing.push(format!("code: {key}"));
        }
    }
    assert!(
        whole.len() > 300,
        "too few keys found in templates: {}",
        whole.len()
    );
    assert!(
        in_code.len() > 50,
        "too few keys found in code: {}",
        in_code.len()
    );
    assert!(
        missing.is_empty(),
        "messages missing in some language: {missing:#?}"
    );
}

#[test]
fn the_scan_finds_keys_and_leaves_other_strings_alone() {
    let (mut whole, mut starts) = (BTreeSet::new(), BTreeSet::new());
    template_keys(
        r#"{{ t("a-b") }} {{ t('c-d', n=1) }} {{ t("e-" ~ x) }} {{ alt("x-y") }}"#,
        &mut whole,
        &mut starts,
    );
    assert_eq!(whole.into_iter().collect::<Vec<_>>(), ["a-b", "c-d"]);
    assert_eq!(starts.into_iter().collect::<Vec<_>>(), ["e-"]);
    let words: BTreeSet<String> = ["error".to_owned()].into();
    let mut out = BTreeSet::new();
    code_keys(
        r#"x("error-gone"); y("text/html"); z("error-"); w("x-cache"); v("Error-big")"#,
        &words,
        &mut out,
    );
    assert_eq!(out.into_iter().collect::<Vec<_>>(), ["error-gone"]);
}
