//! Readable differences between two versions of a text: word by word, with
//! removed words struck through and added words marked, as HTML.

use similar::{ChangeTag, TextDiff};

use crate::markdown::escape_into;

/// HTML of `new` compared with `old`: `<del>` for removed, `<ins>` for added
/// words; line breaks kept.
pub fn words(old: &str, new: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    let mut out = String::with_capacity(new.len() * 2);
    for change in diff.iter_all_changes() {
        let mut text = String::new();
        escape_into(&mut text, change.value());
        let text = text.replace('\n', "<br>");
        match change.tag() {
            ChangeTag::Equal => out.push_str(&text),
            ChangeTag::Delete => {
                out.push_str("<del>");
                out.push_str(&text);
                out.push_str("</del>");
            }
            ChangeTag::Insert => {
                out.push_str("<ins>");
                out.push_str(&text);
                out.push_str("</ins>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_and_escaped() {
        let d = words("Mehr Bänke im Park", "Mehr <Bänke> und Bäume im Park");
        assert!(d.contains("<del>Bänke</del>"), "{d}");
        assert!(d.contains("<ins>&lt;Bänke&gt;</ins>"), "{d}");
        assert!(d.contains("<ins>Bäume</ins>"), "{d}");
        assert!(d.starts_with("Mehr "));
    }
}
