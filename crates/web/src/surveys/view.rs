//! View models of surveys and questions for the templates: a question as a
//! respondent sees it, with what they entered so far.

use db::surveys::Survey;
use domain::surveys::{Availability, Kind, OTHER, Question, Raw, availability, field, sub_field};
use serde::Serialize;

use crate::dates;

#[derive(Serialize)]
pub struct SurveyView {
    pub id: i64,
    pub process_id: i64,
    pub process_title: String,
    pub title: String,
    pub welcome_html: String,
    pub end_html: String,
    pub access: &'static str,
    pub status: &'static str,
    pub availability: Availability,
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    pub response_count: i32,
    pub results_published: bool,
}

pub fn survey_view(lang: &str, s: &Survey) -> SurveyView {
    SurveyView {
        id: s.id,
        process_id: s.process_id,
        process_title: s.process_title.clone(),
        title: s.title.clone(),
        welcome_html: s.welcome_html.clone(),
        end_html: s.end_html.clone(),
        access: s.access.as_str(),
        status: s.status.as_str(),
        availability: available(s),
        opens_on: s.opens_on.map(|d| dates::date(d, lang)),
        closes_on: s.closes_on.map(|d| dates::date(d, lang)),
        response_count: s.response_count,
        results_published: s.results_published,
    }
}

pub fn available(s: &Survey) -> Availability {
    availability(s.status, s.opens_on, s.closes_on, dates::today())
}

#[derive(Serialize)]
pub struct ChoiceView {
    pub code: String,
    pub label: String,
    /// The input's id, unique on the page.
    pub id: String,
    pub checked: bool,
}

#[derive(Serialize)]
pub struct RowView {
    pub code: String,
    pub label: String,
    pub field: String,
    pub choices: Vec<ChoiceView>,
}

#[derive(Serialize)]
pub struct RankView {
    pub code: String,
    pub label: String,
    pub field: String,
    pub rank: String,
}

#[derive(Serialize)]
pub struct QuestionView {
    pub id: i64,
    pub code: String,
    pub kind: &'static str,
    pub text: String,
    pub help: String,
    pub required: bool,
    pub field: String,
    pub value: String,
    pub choices: Vec<ChoiceView>,
    pub allow_other: bool,
    pub other_field: String,
    pub other_value: String,
    pub other_checked: bool,
    pub rows: Vec<RowView>,
    pub scale: Vec<String>,
    pub ranks: Vec<RankView>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub integer: bool,
    pub error: Option<&'static str>,
    /// For the builder: the condition as "Q1 = label".
    pub condition: Option<String>,
    pub page: i32,
    pub deleted: bool,
}

fn values<'a>(raw: &'a Raw, name: &str) -> Vec<&'a str> {
    raw.get(name)
        .map(|v| v.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

fn first(raw: &Raw, name: &str) -> String {
    values(raw, name)
        .first()
        .map(|s| (*s).to_owned())
        .unwrap_or_default()
}

pub fn question_view(
    q: &Question,
    all: &[Question],
    raw: &Raw,
    error: Option<&'static str>,
) -> QuestionView {
    let f = field(q);
    let chosen = values(raw, &f);
    let choice = |code: &str, label: &str, id: String, checked: bool| ChoiceView {
        code: code.to_owned(),
        label: label.to_owned(),
        id,
        checked,
    };
    let listed = match q.kind {
        Kind::Single | Kind::Multiple => q.config.options.as_slice(),
        Kind::Likert => q.config.scale.as_slice(),
        _ => &[],
    };
    let choices = listed
        .iter()
        .map(|o| {
            choice(
                &o.code,
                &o.label,
                format!("{f}-{}", o.code),
                chosen.contains(&o.code.as_str()),
            )
        })
        .collect();
    let rows = if q.kind == Kind::Matrix {
        q.config
            .rows
            .iter()
            .map(|r| {
                let rf = sub_field(q, &r.code);
                let sel = first(raw, &rf);
                RowView {
                    code: r.code.clone(),
                    label: r.label.clone(),
                    choices: q
                        .config
                        .scale
                        .iter()
                        .map(|s| {
                            choice(&s.code, &s.label, format!("{rf}-{}", s.code), sel == s.code)
                        })
                        .collect(),
                    field: rf,
                }
            })
            .collect()
    } else {
        vec![]
    };
    let ranks = if q.kind == Kind::Ranking {
        q.config
            .options
            .iter()
            .map(|o| {
                let rf = sub_field(q, &o.code);
                RankView {
                    code: o.code.clone(),
                    label: o.label.clone(),
                    rank: first(raw, &rf),
                    field: rf,
                }
            })
            .collect()
    } else {
        vec![]
    };
    let condition = q.condition.as_ref().and_then(|c| {
        let src = all.iter().find(|x| x.id == c.question_id)?;
        let label = if c.value == OTHER {
            "…".to_owned()
        } else {
            src.label_of(&c.value).unwrap_or(&c.value).to_owned()
        };
        Some(format!("{} = {}", src.code, label))
    });
    let other_field = sub_field(q, OTHER);
    QuestionView {
        id: q.id,
        code: q.code.clone(),
        kind: q.kind.as_str(),
        text: q.text.clone(),
        help: q.help.clone(),
        required: q.required,
        value: first(raw, &f),
        choices,
        allow_other: q.config.allow_other,
        other_value: first(raw, &other_field),
        other_checked: chosen.contains(&OTHER),
        other_field,
        rows,
        scale: q.config.scale.iter().map(|s| s.label.clone()).collect(),
        ranks,
        min: q.config.min.map(domain::surveys::format_number),
        max: q.config.max.map(domain::surveys::format_number),
        integer: q.config.integer,
        error,
        condition,
        page: q.page,
        deleted: q.deleted,
        field: f,
    }
}

/// The questions respondents see, each page with its questions, for the
/// builder and the preview.
pub fn by_page(qs: &[Question]) -> Vec<(i32, Vec<QuestionView>)> {
    let empty = Raw::new();
    let mut pages: Vec<(i32, Vec<QuestionView>)> = vec![];
    for q in domain::surveys::live(qs) {
        let v = question_view(q, qs, &empty, None);
        match pages.last_mut() {
            Some((p, list)) if *p == q.page => list.push(v),
            _ => pages.push((q.page, vec![v])),
        }
    }
    pages
}
