//! Markdown from staff (process descriptions) rendered to HTML and then cleaned
//! with an allow-list: no scripts, no event handlers, no styles, no frames, and
//! no images from other hosts (a page must never load anything from elsewhere).

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, TagEnd, html};

pub fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.rm_tags(["img"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .url_relative(ammonia::UrlRelative::PassThrough);
        b
    })
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Safe HTML for a Markdown text.
pub fn to_html(md: &str) -> String {
    let mut raw = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(md, options()));
    sanitizer().clean(&raw).to_string()
}

/// The words of a Markdown text without markup, for search and feeds.
pub fn to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// A plain comment as HTML: escaped, blank lines make paragraphs, single line
/// breaks stay.
pub fn plain_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (i, line) in para.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            escape_into(&mut out, line);
        }
        out.push_str("</p>");
    }
    out
}

pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The text of sanitized HTML, without tags (for exports).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let h = to_html("# Titel\n\nEin **wichtiger** [Link](https://hamburg.de).\n\n- a\n- b");
        assert!(h.contains("<h1>Titel</h1>"), "{h}");
        assert!(h.contains("<strong>wichtiger</strong>"));
        assert!(h.contains("href=\"https://hamburg.de\""));
        assert!(h.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(h.contains("<li>a</li>"));
    }

    #[test]
    fn comments_are_escaped_with_paragraphs() {
        assert_eq!(
            plain_to_html("a <b>\nzwei\n\ndrei"),
            "<p>a &lt;b&gt;<br>zwei</p><p>drei</p>"
        );
    }

    #[test]
    fn text_keeps_the_words_only() {
        assert_eq!(
            to_text("# Radwege\n\nMehr **Platz**."),
            "Radwege\nMehr Platz."
        );
    }
}
