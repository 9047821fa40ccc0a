//! What the API sends. Each type lists its fields once; the macro derives
//! both its JSON form and its schema. People appear by display name only.

use chrono::{DateTime, NaiveDate, Utc};

use super::openapi::wire;
use crate::AppState;

/// How a person is named: a deleted account keeps no name.
pub const DELETED_ACCOUNT: &str = "deleted account";

fn person(stored: String) -> String {
    if stored.is_empty() {
        DELETED_ACCOUNT.to_owned()
    } else {
        stored
    }
}

fn link(state: &AppState, path: &str) -> String {
    format!(
        "{}{path}",
        state.config.public_url.as_str().trim_end_matches('/')
    )
}

wire! {
    /// A phase of a process: information, participation, evaluation, result.
    pub struct Phase {
        /// information, participation, evaluation or result.
        pub name: String,
        pub from: Option<NaiveDate>,
        pub until: Option<NaiveDate>,
    }
}

wire! {
    pub struct Process {
        pub id: i64,
        pub department_id: i64,
        pub department: String,
        pub title: String,
        pub summary: String,
        /// The description in Markdown.
        pub description_md: String,
        /// published or archived.
        pub status: String,
        pub phases: Vec<Phase>,
        pub comment_count: i32,
        pub idea_count: i32,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        pub published_at: Option<DateTime<Utc>>,
        /// The process's page.
        pub url: String,
    }
}

impl Process {
    pub fn from_row(state: &AppState, r: db::api::ProcessRow) -> Process {
        let phase = |name: &str, from, until| Phase {
            name: name.to_owned(),
            from,
            until,
        };
        Process {
            url: link(state, &format!("/processes/{}", r.id)),
            phases: vec![
                phase("information", r.information_from, r.information_until),
                phase("participation", r.participation_from, r.participation_until),
                phase("evaluation", r.evaluation_from, r.evaluation_until),
                phase("result", r.result_from, r.result_until),
            ],
            id: r.id,
            department_id: r.department_id,
            department: r.department_name,
            title: r.title,
            summary: r.summary,
            description_md: r.description_md,
            status: r.status,
            comment_count: r.comment_count,
            idea_count: r.idea_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
        }
    }
}

wire! {
    pub struct ProcessPage {
        pub items: Vec<Process>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    /// An official answer of the administration.
    pub struct Answer {
        /// The status the idea was given with this answer.
        pub status: String,
        pub body_md: String,
        pub department: String,
        pub created_at: DateTime<Utc>,
    }
}

impl Answer {
    pub fn from_row(a: &db::api::AnswerRow) -> Answer {
        Answer {
            status: a.status.clone(),
            body_md: a.body_md.clone(),
            department: a.department_name.clone(),
            created_at: a.created_at,
        }
    }
}

wire! {
    pub struct Idea {
        pub id: i64,
        pub process_id: i64,
        /// The department responsible for answering.
        pub department_id: i64,
        pub department: String,
        /// The author's display name ("deleted account" once deleted).
        pub author: String,
        pub title: String,
        pub body_md: String,
        pub category: Option<String>,
        /// received, in_review, accepted, implemented or declined.
        pub status: String,
        pub lat: Option<f64>,
        pub lon: Option<f64>,
        pub address: Option<String>,
        pub support_count: i32,
        pub comment_count: i32,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        /// Withdrawn by its authors.
        pub withdrawn: bool,
        /// The official answers, oldest first.
        pub answers: Vec<Answer>,
        /// The idea's page.
        pub url: String,
    }
}

impl Idea {
    pub fn from_row(state: &AppState, r: db::api::IdeaRow, answers: Vec<Answer>) -> Idea {
        Idea {
            url: link(state, &format!("/ideas/{}", r.id)),
            id: r.id,
            process_id: r.process_id,
            department_id: r.department_id,
            department: r.department_name,
            author: person(r.author_name),
            title: r.title,
            body_md: r.body_md,
            category: r.category,
            status: r.status,
            lat: r.lat,
            lon: r.lon,
            address: r.address,
            support_count: r.support_count,
            comment_count: r.comment_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
            withdrawn: r.withdrawn_at.is_some(),
            answers,
        }
    }
}

wire! {
    pub struct IdeaPage {
        pub items: Vec<Idea>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    pub struct Comment {
        pub id: i64,
        /// process or idea.
        pub subject_kind: String,
        pub subject_id: i64,
        pub parent_id: Option<i64>,
        /// The author's display name ("deleted account" once deleted).
        pub author: String,
        /// Written by the administration.
        pub official: bool,
        /// The department of an official comment.
        pub department: Option<String>,
        /// null once deleted.
        pub body: Option<String>,
        pub agree: i32,
        pub disagree: i32,
        pub created_at: DateTime<Utc>,
        pub edited: bool,
        pub deleted: bool,
    }
}

impl Comment {
    pub fn from_row(r: db::api::CommentRow) -> Comment {
        let official = r.author_role == domain::roles::Role::Staff.as_str();
        let deleted = r.deleted_at.is_some();
        Comment {
            id: r.id,
            subject_kind: r.subject_kind,
            subject_id: r.subject_id,
            parent_id: r.parent_id,
            author: person(r.author_name),
            official,
            department: if official { r.author_department } else { None },
            body: if deleted { None } else { Some(r.body) },
            agree: r.agree_count,
            disagree: r.disagree_count,
            created_at: r.created_at,
            edited: r.edited_at.is_some(),
            deleted,
        }
    }
}

wire! {
    pub struct CommentPage {
        pub items: Vec<Comment>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    pub struct Document {
        pub id: i64,
        pub department: String,
        pub title: String,
        pub description: String,
        pub language: String,
        pub doc_date: Option<NaiveDate>,
        pub doc_type: String,
        /// pdf, image, office, ...
        pub file_kind: String,
        /// Bytes of the current version.
        pub size: i64,
        pub updated_at: DateTime<Utc>,
        /// Where the current version downloads.
        pub download_url: String,
    }
}

impl Document {
    pub fn from_row(state: &AppState, d: db::documents::Document) -> Document {
        Document {
            download_url: link(state, &format!("/documents/{}/download", d.id)),
            id: d.id,
            department: d.department_name,
            title: d.title,
            description: d.description,
            language: d.language,
            doc_date: d.doc_date,
            doc_type: d.doc_type.as_str().to_owned(),
            file_kind: d.file.file_kind.as_str().to_owned(),
            size: d.file.size,
            updated_at: d.updated_at,
        }
    }
}

wire! {
    /// A new status with the official answer (required after "received").
    pub struct StatusChange {
        /// received, in_review, accepted, implemented or declined.
        pub status: String,
        /// Markdown.
        pub answer: String,
    }
}

wire! {
    pub struct NewComment {
        pub body: String,
        /// The comment answered; null for a new thread.
        pub parent_id: Option<i64>,
    }
}

wire! {
    /// What a write created.
    pub struct Written {
        pub id: i64,
        pub url: String,
    }
}

wire! {
    /// How the ideas that must be answered stand (see the accountability page).
    pub struct AccountabilityFigures {
        /// Null for the whole platform.
        pub department_id: Option<i64>,
        pub department: Option<String>,
        /// Ideas that must be answered: answered, pending and overdue.
        pub must_answer: i64,
        /// Answered, in time or late.
        pub answered: i64,
        /// Of those answered, after the deadline.
        pub answered_late: i64,
        /// Unanswered, the deadline not yet passed.
        pub pending: i64,
        /// Unanswered after the deadline.
        pub overdue: i64,
        /// The median of whole days from submission to the first official answer.
        pub median_days_to_answer: Option<f64>,
    }
}

impl AccountabilityFigures {
    pub fn from_figures(f: &db::accountability::Figures, platform: bool) -> AccountabilityFigures {
        AccountabilityFigures {
            department_id: (!platform).then_some(f.department_id),
            department: (!platform).then(|| f.department.clone()),
            must_answer: f.total(),
            answered: f.answered,
            answered_late: f.late,
            pending: f.pending,
            overdue: f.overdue,
            median_days_to_answer: f.median_days,
        }
    }
}

wire! {
    pub struct Accountability {
        /// The day the figures hold for, in the platform's calendar.
        pub date: NaiveDate,
        pub platform: AccountabilityFigures,
        /// Departments responsible for ideas that must be answered, by name.
        pub departments: Vec<AccountabilityFigures>,
        /// The page with these figures and the overdue ideas.
        pub url: String,
    }
}

impl Accountability {
    pub fn from_report(
        state: &AppState,
        date: NaiveDate,
        r: &db::accountability::Report,
    ) -> Accountability {
        Accountability {
            date,
            platform: AccountabilityFigures::from_figures(&r.total, true),
            departments: r
                .departments
                .iter()
                .map(|f| AccountabilityFigures::from_figures(f, false))
                .collect(),
            url: link(state, "/accountability"),
        }
    }
}
