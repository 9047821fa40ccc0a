//! Comments of a discussion: limits, the editing window, and how deep a thread
//! is shown.

use chrono::{DateTime, Duration, Utc};

use crate::validation::FieldError;

pub const BODY_MAX_CHARS: usize = 5_000;
/// Replies deeper than this are shown at this depth (0 is a top-level comment).
pub const MAX_DEPTH: i32 = 2;
pub const EDIT_WINDOW: Duration = Duration::minutes(15);
pub const PAGE_SIZE: u64 = 20;

pub fn check_body(input: &str) -> Result<String, FieldError> {
    // Normalize line endings (also a lone CR, as old Macs send); keep the
    // writer's paragraphs.
    let body = input.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(FieldError {
            field: "body",
            key: "error-required",
        });
    }
    if body.chars().count() > BODY_MAX_CHARS {
        return Err(FieldError {
            field: "body",
            key: "error-comment-too-long",
        });
    }
    Ok(body)
}

/// The depth a reply is stored at: one below its parent, but never deeper than
/// `MAX_DEPTH`, so long chains stay readable.
pub fn reply_depth(parent_depth: i32) -> i32 {
    (parent_depth + 1).min(MAX_DEPTH)
}

pub fn may_edit(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - created_at <= EDIT_WINDOW
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    MostAgreed,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "oldest" => Sort::Oldest,
            "agreed" => Sort::MostAgreed,
            _ => Sort::Newest,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::MostAgreed => "agreed",
        }
    }
}

/// A reaction to a comment; one per person, changeable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Agree,
    Disagree,
}

impl Reaction {
    pub fn value(self) -> i32 {
        match self {
            Reaction::Agree => 1,
            Reaction::Disagree => -1,
        }
    }

    pub fn parse(s: &str) -> Option<Reaction> {
        match s {
            "agree" => Some(Reaction::Agree),
            "disagree" => Some(Reaction::Disagree),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_required_and_limited() {
        assert_eq!(check_body("  \r\n ").unwrap_err().key, "error-required");
        assert_eq!(check_body("a\r\nb").unwrap(), "a\nb");
        // Stored bodies are checked again on edit: the result must not change.
        assert_eq!(check_body("a\r\r\nb").unwrap(), "a\n\nb");
        assert_eq!(check_body("a\rb").unwrap(), "a\nb");
        assert_eq!(
            check_body(&"x".repeat(BODY_MAX_CHARS + 1)).unwrap_err().key,
            "error-comment-too-long"
        );
    }

    #[test]
    fn deep_replies_are_flattened() {
        assert_eq!(reply_depth(0), 1);
        assert_eq!(reply_depth(1), 2);
        assert_eq!(reply_depth(2), 2);
    }

    #[test]
    fn comments_can_be_edited_for_fifteen_minutes() {
        let t = Utc::now();
        assert!(may_edit(t, t + Duration::minutes(15)));
        assert!(!may_edit(t, t + Duration::minutes(16)));
    }
}
