//! Participation processes: status, phases and who may do what with them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::roles::Role;
use crate::validation::{FieldError, FieldErrors, ItemLimits, distinct_items, required_text};

pub const TITLE_MAX_CHARS: usize = 200;
pub const SUMMARY_MAX_CHARS: usize = 500;
pub const DESCRIPTION_MAX_CHARS: usize = 50_000;
pub const TAGS_MAX: usize = 10;
pub const TAG_MAX_CHARS: usize = 40;
pub const IMAGE_ALT_MAX_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Visible only to the department's staff and administrators.
    Draft,
    Published,
    /// Kept for the record; nobody writes any more.
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Draft, Status::Published, Status::Archived]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The four phases every process passes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseKind {
    Information,
    Participation,
    Evaluation,
    Result,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 4] = [
        PhaseKind::Information,
        PhaseKind::Participation,
        PhaseKind::Evaluation,
        PhaseKind::Result,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Information => "information",
            PhaseKind::Participation => "participation",
            PhaseKind::Evaluation => "evaluation",
            PhaseKind::Result => "result",
        }
    }
}

/// A phase's inclusive date range. A phase may be left out (no dates), except
/// participation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DateRange {
    pub fn contains(&self, day: NaiveDate) -> bool {
        matches!((self.from, self.until), (Some(f), Some(u)) if f <= day && day <= u)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Phases {
    pub information: DateRange,
    pub participation: DateRange,
    pub evaluation: DateRange,
    pub result: DateRange,
}

/// Where a process stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    Upcoming,
    Current,
    Finished,
}

impl Timing {
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Upcoming => "upcoming",
            Timing::Current => "current",
            Timing::Finished => "finished",
        }
    }

    pub fn parse(s: &str) -> Option<Timing> {
        [Timing::Upcoming, Timing::Current, Timing::Finished]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

impl Phases {
    pub fn get(&self, kind: PhaseKind) -> DateRange {
        match kind {
            PhaseKind::Information => self.information,
            PhaseKind::Participation => self.participation,
            PhaseKind::Evaluation => self.evaluation,
            PhaseKind::Result => self.result,
        }
    }

    /// The phase running on `day`, if any.
    pub fn current(&self, day: NaiveDate) -> Option<PhaseKind> {
        PhaseKind::ALL
            .into_iter()
            .find(|k| self.get(*k).contains(day))
    }

    pub fn participation_open(&self, day: NaiveDate) -> bool {
        self.participation.contains(day)
    }

    pub fn starts_on(&self) -> Option<NaiveDate> {
        PhaseKind::ALL
            .iter()
            .filter_map(|k| self.get(*k).from)
            .min()
    }

    /// The last day of the last phase. A result phase without end runs forever.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        if self.result.from.is_some() && self.result.until.is_none() {
            return None;
        }
        PhaseKind::ALL
            .iter()
            .filter_map(|k| self.get(*k).until)
            .max()
    }

    pub fn timing(&self, day: NaiveDate) -> Timing {
        match (self.starts_on(), self.ends_on()) {
            (Some(s), _) if day < s => Timing::Upcoming,
            (_, Some(e)) if day > e => Timing::Finished,
            _ => Timing::Current,
        }
    }

    /// Checks each phase (start before end, participation given) and their
    /// order (a phase does not start before the previous one ends).
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let mut previous_end: Option<NaiveDate> = None;
        for kind in PhaseKind::ALL {
            let r = self.get(kind);
            let field = phase_field(kind);
            match (r.from, r.until) {
                (None, None) if kind == PhaseKind::Participation => {
                    errors.add(field, "error-phase-participation-required");
                }
                (None, None) => continue,
                (Some(_), None) if kind == PhaseKind::Result => {}
                (Some(f), Some(u)) if f > u => errors.add(field, "error-phase-end-before-start"),
                (Some(_), Some(_)) => {}
                _ => errors.add(field, "error-phase-incomplete"),
            }
            if let (Some(prev), Some(from)) = (previous_end, r.from)
                && from < prev
            {
                errors.add(field, "error-phase-overlaps");
            }
            if r.until.is_some() {
                previous_end = r.until;
            }
        }
        errors
    }
}

pub fn phase_field(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Information => "information",
        PhaseKind::Participation => "participation",
        PhaseKind::Evaluation => "evaluation",
        PhaseKind::Result => "result",
    }
}

/// The editable text of a process, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessText {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub tags: Vec<String>,
}

/// Splits a comma-separated tag field into distinct, trimmed tags.
pub fn parse_tags(input: &str) -> Result<Vec<String>, FieldError> {
    distinct_items(
        input,
        &[','],
        &ItemLimits {
            field: "tags",
            max_chars: TAG_MAX_CHARS,
            too_long: "error-tag-too-long",
            max_items: TAGS_MAX,
            too_many: "error-too-many-tags",
        },
    )
}

pub fn check_text(
    title: &str,
    summary: &str,
    description: &str,
    tags: &str,
) -> Result<ProcessText, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = e.check(required_text(
        "title",
        title,
        TITLE_MAX_CHARS,
        "error-title-too-long",
    ));
    let summary = e.check(required_text(
        "summary",
        summary,
        SUMMARY_MAX_CHARS,
        "error-summary-too-long",
    ));
    let description = description.trim();
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        e.add("description", "error-description-too-long");
    }
    let tags = e.check(parse_tags(tags));
    match (title, summary, tags) {
        (Some(title), Some(summary), Some(tags)) if e.is_empty() => Ok(ProcessText {
            title,
            summary,
            description: description.to_owned(),
            tags,
        }),
        _ => Err(e),
    }
}

/// What a person's role and department allow with a department's process.
pub fn may_manage(role: Role, user_department: Option<i64>, process_department: i64) -> bool {
    match role {
        Role::Admin => true,
        Role::Staff => user_department == Some(process_department),
        _ => false,
    }
}

/// Who may start a process at all (in some department).
pub fn may_create(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Staff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn phases() -> Phases {
        Phases {
            information: DateRange {
                from: Some(d("2026-01-01")),
                until: Some(d("2026-01-31")),
            },
            participation: DateRange {
                from: Some(d("2026-02-01")),
                until: Some(d("2026-02-28")),
            },
            evaluation: DateRange {
                from: Some(d("2026-03-01")),
                until: Some(d("2026-03-31")),
            },
            result: DateRange {
                from: Some(d("2026-04-01")),
                until: Some(d("2026-12-31")),
            },
        }
    }

    #[test]
    fn the_current_phase_follows_the_calendar() {
        let p = phases();
        assert_eq!(p.current(d("2025-12-31")), None);
        assert_eq!(p.timing(d("2025-12-31")), Timing::Upcoming);
        assert_eq!(p.current(d("2026-01-15")), Some(PhaseKind::Information));
        assert_eq!(p.current(d("2026-02-28")), Some(PhaseKind::Participation));
        assert!(p.participation_open(d("2026-02-01")));
        assert!(!p.participation_open(d("2026-03-01")));
        assert_eq!(p.current(d("2026-03-01")), Some(PhaseKind::Evaluation));
        assert_eq!(p.timing(d("2026-06-01")), Timing::Current);
        assert_eq!(p.timing(d("2027-01-01")), Timing::Finished);
    }

    #[test]
    fn phases_must_be_complete_and_in_order() {
        assert!(phases().validate().is_empty());
        let mut p = phases();
        p.participation = DateRange::default();
        assert_eq!(
            p.validate().get("participation"),
            Some("error-phase-participation-required")
        );
        let mut p = phases();
        p.evaluation.until = Some(d("2026-02-15"));
        assert_eq!(
            p.validate().get("evaluation"),
            Some("error-phase-end-before-start")
        );
        let mut p = phases();
        p.participation.from = Some(d("2026-01-15"));
        assert_eq!(
            p.validate().get("participation"),
            Some("error-phase-overlaps")
        );
        let mut p = phases();
        p.information.until = None;
        assert_eq!(
            p.validate().get("information"),
            Some("error-phase-incomplete")
        );
        // An open-ended result phase is fine and keeps the process current.
        let mut p = phases();
        p.result.until = None;
        assert!(p.validate().is_empty());
        assert_eq!(p.timing(d("2030-01-01")), Timing::Current);
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_limited() {
        assert_eq!(
            parse_tags(" Radverkehr, Klima ,radverkehr,, ").unwrap(),
            vec!["Radverkehr", "Klima"]
        );
        let many = (0..11)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_tags(&many).unwrap_err().key, "error-too-many-tags");
    }

    #[test]
    fn staff_manage_only_their_departments_processes() {
        assert!(may_manage(Role::Admin, None, 1));
        assert!(may_manage(Role::Staff, Some(1), 1));
        assert!(!may_manage(Role::Staff, Some(2), 1));
        assert!(!may_manage(Role::Moderator, None, 1));
        assert!(!may_manage(Role::Citizen, None, 1));
        assert!(may_create(Role::Staff) && !may_create(Role::Citizen));
    }
}
