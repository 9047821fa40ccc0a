//! A urlencoded form body as the server decodes it, then every field
//! through the checks of the account, process, comment and idea forms. No
//! input may panic, and what a check accepts it accepts again unchanged (the
//! stored form of an input is a fixed point).
#![no_main]

use domain::{accounts, comments, ideas, processes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Some(f) = web::fuzzing::form_fields(body) else {
        return;
    };
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");

    if let Ok(e) = accounts::normalize_email("email", get("email")) {
        assert_eq!(accounts::normalize_email("email", &e), Ok(e.clone()));
    }
    if let Ok(n) = accounts::normalize_display_name("display_name", get("display_name")) {
        assert_eq!(accounts::normalize_display_name("display_name", &n), Ok(n.clone()));
    }
    let _ = accounts::check_new_password("password", get("password"));
    if let Ok(n) = accounts::normalize_department_name("name", get("name")) {
        assert_eq!(accounts::normalize_department_name("name", &n), Ok(n.clone()));
    }

    if let Ok(b) = comments::check_body(get("body")) {
        assert_eq!(comments::check_body(&b), Ok(b.clone()));
        assert!(!b.contains('\r'), "line ends left in {b:?}");
    }

    if let Ok(t) = ideas::check_text(get("title"), get("body")) {
        assert_eq!(ideas::check_text(&t.title, &t.body), Ok(t.clone()));
    }
    if let Ok(Some((lat, lon))) = ideas::check_place(get("lat"), get("lon")) {
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
    }
    if let Ok(c) = ideas::parse_categories(get("categories")) {
        assert_eq!(ideas::parse_categories(&c.join("\n")), Ok(c.clone()));
    }

    match processes::check_text(get("title"), get("summary"), get("description"), get("tags")) {
        Ok(p) => {
            let again =
                processes::check_text(&p.title, &p.summary, &p.description, &p.tags.join(", "));
            assert_eq!(again, Ok(p.clone()));
        }
        Err(e) => assert!(!e.is_empty()),
    }
    let _ = processes::parse_tags(get("tags"));
});
