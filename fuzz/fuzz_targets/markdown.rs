//! Staff Markdown and citizens' plain comments become HTML that can carry
//! no script, no event handler and no picture from elsewhere.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = web::markdown::to_html(text);
    let lower = html.to_ascii_lowercase();
    // Text cannot hold a raw "<" (it is escaped), so every "<" opens a tag;
    // only what stands inside a tag is markup.
    for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        for element in ["script", "img", "iframe", "style"] {
            assert!(!tag.starts_with(element), "<{element} in {html:?} from {text:?}");
        }
        // Attribute names stand outside the quoted values (a value may hold
        // the text ` style=`, escaped and harmless).
        let names: String = tag.split('"').step_by(2).collect();
        for attribute in [" onerror=", " onclick=", " style="] {
            assert!(!names.contains(attribute), "{attribute} in {html:?} from {text:?}");
        }
        assert!(!tag.contains("href=\"javascript:"), "javascript: in {html:?} from {text:?}");
    }
    // What the sanitizer let through, it lets through unchanged.
    assert_eq!(web::fuzzing::sanitize(&html), html, "from {text:?}");
    let _ = web::markdown::to_text(text);

    let plain = web::markdown::plain_to_html(text);
    let tags_removed = plain.replace("<p>", "").replace("</p>", "").replace("<br>", "");
    assert!(!tags_removed.contains('<'), "markup in {plain:?} from {text:?}");
});
