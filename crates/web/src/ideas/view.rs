//! What the templates get of an idea.

use db::ideas::{Idea, IdeaImage};
use serde::Serialize;

use crate::dates;

#[derive(Serialize)]
pub struct IdeaView {
    pub id: i64,
    pub process_id: i64,
    pub process_title: String,
    pub title: String,
    pub summary: String,
    /// The rule's message key when the moderation hid the idea.
    pub hidden: Option<&'static str>,
    /// Waits for a moderator: only its author and moderators see it.
    pub held: bool,
    /// The moderation edited personal data out of it.
    pub moderated: bool,
    pub category: Option<String>,
    pub status: &'static str,
    pub author: String,
    pub department: String,
    pub department_id: i64,
    pub supports: i32,
    pub comments: i32,
    pub created: String,
    pub created_iso: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub image_small: Option<String>,
    pub image_alt: String,
    pub version: i32,
    /// By when it must be answered, or since when that is overdue; set by
    /// pages that show it (`accountability::marks`).
    pub deadline: Option<crate::accountability::DeadlineView>,
}

/// The first words of a Markdown text, for cards.
fn summary(md: &str) -> String {
    let text = crate::markdown::to_text(md);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 40 {
        format!("{} …", words[..40].join(" "))
    } else {
        words.join(" ")
    }
}

pub fn idea_view(i: &Idea, first_image: Option<&IdeaImage>, lang: &str) -> IdeaView {
    let hidden = i
        .hidden_rule
        .as_deref()
        .and_then(domain::moderation::Rule::parse)
        .map(app::moderation::rule_key);
    IdeaView {
        id: i.id,
        process_id: i.process_id,
        process_title: i.process_title.clone(),
        // A hidden idea's text shows nowhere, only the moderation's note.
        title: if hidden.is_some() {
            String::new()
        } else {
            i.title.clone()
        },
        summary: if hidden.is_some() {
            String::new()
        } else {
            summary(&i.body_md)
        },
        hidden,
        held: i.held.is_some(),
        moderated: i.moderated,
        category: i.category.clone(),
        status: i.status.as_str(),
        author: i.author_name.clone(),
        department: i.department_name.clone(),
        department_id: i.department_id,
        supports: i.support_count,
        comments: i.comment_count,
        created: dates::datetime(i.created_at, lang),
        created_iso: i.created_at.to_rfc3339(),
        lat: i.place.map(|p| p.0),
        lon: i.place.map(|p| p.1),
        address: i.address.clone(),
        image_small: first_image
            .filter(|_| hidden.is_none())
            .map(|im| format!("/images/{}/small.jpg", im.image_id)),
        image_alt: first_image.map(|im| im.alt.clone()).unwrap_or_default(),
        version: i.version,
        deadline: None,
    }
}
