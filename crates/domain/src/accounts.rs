use crate::limits::*;
use crate::validation::FieldError;

fn err(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

/// Checks an email address and returns it trimmed and lower-cased, the form in
/// which it is stored and compared.
pub fn normalize_email(field: &'static str, input: &str) -> Result<String, FieldError> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(err(field, "error-required"));
    }
    if email.chars().count() > EMAIL_MAX_CHARS {
        return Err(err(field, "error-email-too-long"));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(err(field, "error-email-invalid"));
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    let local_ok = !local.is_empty()
        && !local.contains('@')
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != ',');
    if !domain_ok || !local_ok {
        return Err(err(field, "error-email-invalid"));
    }
    Ok(email)
}

/// The public name shown beside contributions: trimmed, inner runs of
/// whitespace collapsed, no control characters.
pub fn normalize_display_name(field: &'static str, input: &str) -> Result<String, FieldError> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(err(field, "error-required"));
    }
    let len = name.chars().count();
    if len < DISPLAY_NAME_MIN_CHARS {
        return Err(err(field, "error-display-name-too-short"));
    }
    if len > DISPLAY_NAME_MAX_CHARS {
        return Err(err(field, "error-display-name-too-long"));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(err(field, "error-display-name-invalid"));
    }
    Ok(name)
}

/// Words that speak for the administration or the platform: a citizen's
/// name holding one of them as a word could pass for an official voice.
const RESERVED_WORDS: &[&str] = &[
    "verwaltung",
    "stadtverwaltung",
    "moderation",
    "moderator",
    "moderatorin",
    "moderatoren",
    "admin",
    "administrator",
    "administratorin",
    "administration",
    "bezirksamt",
    "behoerde",
    "senat",
    "senatskanzlei",
    "ministerium",
    "rathaus",
    "buergermeister",
    "buergermeisterin",
    "offiziell",
    "official",
    "mitreden",
    "staff",
];

/// Lower case, umlauts and ß spelt out (ae, oe, ue, ss), everything else but letters and
/// digits a space: "Team Bezirksamt-Altona" and "team bezirksamt altona"
/// read alike.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'à' | 'á' | 'â' => out.push('a'),
            'ò' | 'ó' | 'ô' => out.push('o'),
            'ù' | 'ú' | 'û' => out.push('u'),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a citizen's display name would pass for the administration's:
/// it holds a reserved word as a word (or a word ending in "behörde" or
/// "bezirksamt"), or the name of a department.
pub fn is_reserved_name(name: &str, departments: &[String]) -> bool {
    let name = plain(name);
    let words: Vec<&str> = name.split(' ').collect();
    if words
        .iter()
        .any(|w| RESERVED_WORDS.contains(w) || w.ends_with("behoerde") || w.ends_with("bezirksamt"))
    {
        return true;
    }
    let padded = format!(" {name} ");
    departments.iter().any(|d| {
        let d = plain(d);
        !d.is_empty() && padded.contains(&format!(" {d} "))
    })
}

/// A new password: long enough to resist guessing, short enough to hash cheaply.
pub fn check_new_password(field: &'static str, input: &str) -> Result<(), FieldError> {
    if input.is_empty() {
        return Err(err(field, "error-required"));
    }
    let len = input.chars().count();
    if len < PASSWORD_MIN_CHARS {
        return Err(err(field, "error-password-too-short"));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(err(field, "error-password-too-long"));
    }
    Ok(())
}

pub fn normalize_department_name(field: &'static str, input: &str) -> Result<String, FieldError> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(err(field, "error-required"));
    }
    if name.chars().count() > DEPARTMENT_NAME_MAX_CHARS {
        return Err(err(field, "error-department-name-too-long"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {

    #[test]
    fn names_that_pass_for_the_administration_are_reserved() {
        let deps = vec!["Bezirksamt Altona".to_owned(), "Finanzbehörde".to_owned()];
        for name in [
            "Team Bezirksamt Altona",
            "bezirksamt-altona",
            "Die Verwaltung",
            "MODERATION",
            "Umweltbehörde Hamburg",
            "Finanzbehoerde",
            "Bürgermeisterin Schulz",
            "mitreden Team",
            "Ich bin Finanzbehörde",
        ] {
            assert!(is_reserved_name(name, &deps), "{name}");
        }
        for name in [
            "Anna Amtmann",
            "Verwalter Kai",
            "Stadtler",
            "Senatorenfan",
            "Ole aus Altona",
            "Moderna",
        ] {
            assert!(!is_reserved_name(name, &deps), "{name}");
        }
    }

    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("email", "  Anna.Beispiel@Hamburg.DE "),
            Ok("anna.beispiel@hamburg.de".into())
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@hamburg.de",
            "anna@hamburg",
            "a b@c.de",
            "a@b..de",
            "a@.de",
        ] {
            assert!(normalize_email("email", bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            normalize_email("email", "").unwrap_err().key,
            "error-required"
        );
    }

    #[test]
    fn display_names_collapse_whitespace_and_respect_length() {
        assert_eq!(
            normalize_display_name("n", "  Anna   B. "),
            Ok("Anna B.".into())
        );
        assert_eq!(
            normalize_display_name("n", "A").unwrap_err().key,
            "error-display-name-too-short"
        );
        let long = "x".repeat(DISPLAY_NAME_MAX_CHARS + 1);
        assert_eq!(
            normalize_display_name("n", &long).unwrap_err().key,
            "error-display-name-too-long"
        );
    }

    #[test]
    fn passwords_need_a_minimum_length() {
        assert_eq!(
            check_new_password("p", "kurz").unwrap_err().key,
            "error-password-too-short"
        );
        assert!(check_new_password("p", "lang-genug-123").is_ok());
        assert_eq!(
            check_new_password("p", &"x".repeat(300)).unwrap_err().key,
            "error-password-too-long"
        );
    }
}
