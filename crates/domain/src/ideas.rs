//! Ideas and proposals: their status workflow with official answers, the
//! limits of what citizens submit, and who may do what.

use serde::Serialize;

use crate::roles::Role;
use crate::validation::{FieldError, FieldErrors, ItemLimits, distinct_items, required_text};

pub const TITLE_MAX_CHARS: usize = 150;
pub const BODY_MAX_CHARS: usize = 10_000;
pub const ANSWER_MAX_CHARS: usize = 10_000;
pub const CATEGORY_MAX_CHARS: usize = 60;
pub const CATEGORIES_MAX: usize = 20;
pub const IMAGES_MAX: usize = 3;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const REASON_MAX_CHARS: usize = 1_000;

/// Where an idea stands with the administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InReview,
    Accepted,
    Implemented,
    Declined,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Received,
        Status::InReview,
        Status::Accepted,
        Status::Implemented,
        Status::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::Accepted => "accepted",
            Status::Implemented => "implemented",
            Status::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Every status but the first needs a public official answer.
    pub fn needs_answer(self) -> bool {
        self != Status::Received
    }

    /// The statuses an idea may move to from this one. A decision can be
    /// revised (accepted ideas can still be declined and the other way round);
    /// nothing goes back to "received".
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Received => &[Status::InReview, Status::Accepted, Status::Declined],
            Status::InReview => &[Status::Accepted, Status::Declined],
            Status::Accepted => &[Status::Implemented, Status::Declined, Status::InReview],
            Status::Implemented => &[],
            Status::Declined => &[Status::InReview, Status::Accepted],
        }
    }

    pub fn may_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

/// The ways a list of ideas can be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    MostSupported,
    MostDiscussed,
    /// Shuffled, but the same for one seed, so paging does not repeat ideas.
    Random(u32),
}

impl Sort {
    pub fn parse(s: &str, seed: u32) -> Sort {
        match s {
            "supported" => Sort::MostSupported,
            "discussed" => Sort::MostDiscussed,
            "random" => Sort::Random(seed),
            _ => Sort::Newest,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::MostSupported => "supported",
            Sort::MostDiscussed => "discussed",
            Sort::Random(_) => "random",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IdeaText {
    pub title: String,
    pub body: String,
}

pub fn check_text(title: &str, body: &str) -> Result<IdeaText, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = e.check(required_text(
        "title",
        title,
        TITLE_MAX_CHARS,
        "error-idea-title-too-long",
    ));
    let body = e.check(required_text(
        "body",
        body,
        BODY_MAX_CHARS,
        "error-idea-body-too-long",
    ));
    match (title, body) {
        (Some(title), Some(body)) => Ok(IdeaText { title, body }),
        _ => Err(e),
    }
}

pub fn check_answer(body: &str) -> Result<String, FieldError> {
    required_text("answer", body, ANSWER_MAX_CHARS, "error-answer-too-long")
}

pub fn check_reason(field: &'static str, body: &str) -> Result<String, FieldError> {
    required_text(field, body, REASON_MAX_CHARS, "error-reason-too-long")
}

/// A place: WGS84 degrees, both or neither.
pub fn check_place(lat: &str, lon: &str) -> Result<Option<(f64, f64)>, FieldError> {
    let (lat, lon) = (lat.trim().replace(',', "."), lon.trim().replace(',', "."));
    if lat.is_empty() && lon.is_empty() {
        return Ok(None);
    }
    let parse = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
    match (parse(&lat), parse(&lon)) {
        (Some(a), Some(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o) => {
            Ok(Some((a, o)))
        }
        _ => Err(FieldError {
            field: "place",
            key: "error-place-invalid",
        }),
    }
}

/// Categories as staff type them: one per line or comma, distinct.
pub fn parse_categories(input: &str) -> Result<Vec<String>, FieldError> {
    distinct_items(
        input,
        &[',', '\n'],
        &ItemLimits {
            field: "categories",
            max_chars: CATEGORY_MAX_CHARS,
            too_long: "error-category-too-long",
            max_items: CATEGORIES_MAX,
            too_many: "error-too-many-categories",
        },
    )
}

/// Staff answer for the department an idea is routed to; administrators for any.
pub fn may_handle(role: Role, user_department: Option<i64>, idea_department: i64) -> bool {
    crate::processes::may_manage(role, user_department, idea_department)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_moves_forward_and_decisions_can_be_revised() {
        use Status::*;
        assert!(Received.may_become(InReview));
        assert!(InReview.may_become(Accepted));
        assert!(Accepted.may_become(Implemented));
        assert!(Declined.may_become(InReview));
        assert!(!InReview.may_become(Received));
        assert!(!Implemented.may_become(Declined));
        assert!(!Received.may_become(Implemented));
        assert!(!Received.needs_answer());
        assert!(Status::ALL.iter().skip(1).all(|s| s.needs_answer()));
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn places_are_checked() {
        assert_eq!(check_place("", ""), Ok(None));
        assert_eq!(
            check_place("53,5511", "9.9937"),
            Ok(Some((53.5511, 9.9937)))
        );
        assert!(check_place("53.5", "").is_err());
        assert!(check_place("91", "0").is_err());
        assert!(check_place("NaN", "0").is_err());
    }

    #[test]
    fn categories_are_trimmed_and_distinct() {
        assert_eq!(
            parse_categories("Verkehr\n Grün ,verkehr").unwrap(),
            vec!["Verkehr", "Grün"]
        );
        assert!(parse_categories(&"x,".repeat(25)).is_ok());
        let many = (0..21)
            .map(|i| format!("k{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            parse_categories(&many).unwrap_err().key,
            "error-too-many-categories"
        );
    }

    #[test]
    fn ideas_need_a_title_and_a_text() {
        let e = check_text("", " ").unwrap_err();
        assert_eq!(e.get("title"), Some("error-required"));
        assert_eq!(e.get("body"), Some("error-required"));
        assert!(check_text("Mehr Bänke", "Im Park fehlen Bänke.").is_ok());
    }
}
