//! Surveys: question types, how a question's definition may change once answers
//! exist, conditions, and turning submitted form values into stored answers.
//!
//! A submitted page arrives as raw form values (field name to values). Those raw
//! values are what a draft keeps, so that a page shown again holds exactly what
//! was typed, even input that did not validate. Only a complete submission is
//! turned into [`Item`]s, the rows the results are counted from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{FieldError, FieldErrors, required_text};

pub const TITLE_MAX_CHARS: usize = 200;
pub const TEXT_MAX_CHARS: usize = 10_000;
pub const QUESTION_MAX_CHARS: usize = 1_000;
pub const HELP_MAX_CHARS: usize = 2_000;
pub const LABEL_MAX_CHARS: usize = 200;
pub const CHOICES_MAX: usize = 50;
pub const ANSWER_TEXT_MAX_CHARS: usize = 5_000;
pub const OTHER_MAX_CHARS: usize = 500;
pub const PAGES_MAX: i32 = 50;
pub const QUESTIONS_MAX: usize = 200;
/// The code of the "other" choice of single and multiple choice questions.
pub const OTHER: &str = "_other";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multiple,
    Likert,
    Matrix,
    Number,
    Text,
    Ranking,
    Date,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Single,
        Kind::Multiple,
        Kind::Likert,
        Kind::Matrix,
        Kind::Number,
        Kind::Text,
        Kind::Ranking,
        Kind::Date,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Likert => "likert",
            Kind::Matrix => "matrix",
            Kind::Number => "number",
            Kind::Text => "text",
            Kind::Ranking => "ranking",
            Kind::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn has_options(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::Ranking)
    }

    pub fn has_scale(self) -> bool {
        matches!(self, Kind::Likert | Kind::Matrix)
    }

    pub fn has_rows(self) -> bool {
        self == Kind::Matrix
    }

    /// Answers counted per choice (charts, filters, cross-tabulation).
    pub fn is_choice(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::Likert)
    }

    /// Answers that are counted rather than listed.
    pub fn is_counted(self) -> bool {
        !matches!(self, Kind::Text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Anyone, with or without an account.
    Open,
    /// Only logged-in accounts, one answer each.
    Registered,
    /// Only holders of a one-time invitation link; answers are anonymous.
    Invitation,
}

impl Access {
    pub const ALL: [Access; 3] = [Access::Open, Access::Registered, Access::Invitation];
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::Registered => "registered",
            Access::Invitation => "invitation",
        }
    }
    pub fn parse(s: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Published,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        [Status::Draft, Status::Published, Status::Closed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// Whether a survey takes answers on `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    Draft,
    NotYet,
    Open,
    Closed,
}

pub fn availability(
    status: Status,
    opens_on: Option<NaiveDate>,
    closes_on: Option<NaiveDate>,
    day: NaiveDate,
) -> Availability {
    match status {
        Status::Draft => Availability::Draft,
        Status::Closed => Availability::Closed,
        Status::Published if opens_on.is_some_and(|d| day < d) => Availability::NotYet,
        Status::Published if closes_on.is_some_and(|d| day > d) => Availability::Closed,
        Status::Published => Availability::Open,
    }
}

/// One choice, scale point or matrix row: a stable code (what is stored and
/// exported) and the label people see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// Show a question only if an earlier question was answered with `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question_id: i64,
    pub value: String,
}

/// The kind-specific part of a question, stored as JSON beside it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Choice>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_other: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub integer: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: i64,
    pub code: String,
    pub kind: Kind,
    pub page: i32,
    pub position: i32,
    pub text: String,
    pub help: String,
    pub required: bool,
    pub config: Config,
    pub condition: Option<Condition>,
    /// Deleted after answers arrived: hidden from respondents, kept for results.
    pub deleted: bool,
}

impl Question {
    /// The label of a choice code in this question (options or scale).
    pub fn label_of(&self, code: &str) -> Option<&str> {
        if code == OTHER {
            return None;
        }
        self.config
            .options
            .iter()
            .chain(self.config.scale.iter())
            .find(|c| c.code == code)
            .map(|c| c.label.as_str())
    }

    /// The choices counted in results: options (with "other" where allowed) or scale points.
    pub fn choices(&self) -> Vec<Choice> {
        let mut out = if self.kind.has_scale() {
            self.config.scale.clone()
        } else {
            self.config.options.clone()
        };
        if self.config.allow_other && matches!(self.kind, Kind::Single | Kind::Multiple) {
            out.push(Choice {
                code: OTHER.into(),
                label: String::new(),
            });
        }
        out
    }
}

/// The usual five-point agreement scale, codes 1 to 5.
pub fn default_scale(labels: [&str; 5]) -> Vec<Choice> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| Choice {
            code: (i + 1).to_string(),
            label: (*l).to_owned(),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Building questions

fn err(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

/// A code has a digit, so that a label such as "Zeit: zu wenig" stays a label.
fn valid_code(c: &str) -> bool {
    !c.is_empty()
        && c.len() <= 12
        && c.chars().any(|ch| ch.is_ascii_digit())
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        && c != OTHER
}

/// Reads a list of choices written one per line, each either `CODE: Label` (a
/// code kept from before) or just `Label` (a new code is given: `prefix` and the
/// next number free in the list and in `reserved`, the codes answers may
/// already refer to).
pub fn parse_choices(
    field: &'static str,
    input: &str,
    prefix: &str,
    reserved: &[Choice],
) -> Result<Vec<Choice>, FieldError> {
    let mut out: Vec<Choice> = vec![];
    let mut pending: Vec<String> = vec![];
    for line in input.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (code, label) = match line.split_once(':') {
            Some((c, l)) if valid_code(c.trim()) && !c.trim().contains(' ') => {
                (Some(c.trim().to_owned()), l.trim())
            }
            _ => (None, line),
        };
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() {
            return Err(err(field, "survey-error-choice-empty"));
        }
        if label.chars().count() > LABEL_MAX_CHARS {
            return Err(err(field, "survey-error-choice-too-long"));
        }
        match code {
            Some(c) => {
                if out.iter().any(|x| x.code == c) {
                    return Err(err(field, "survey-error-choice-code-twice"));
                }
                out.push(Choice { code: c, label });
            }
            None => {
                // Placeholder; numbered after all kept codes are known.
                out.push(Choice {
                    code: String::new(),
                    label: label.clone(),
                });
                pending.push(label);
            }
        }
    }
    let mut n = 1;
    let taken: Vec<String> = out.iter().chain(reserved).map(|c| c.code.clone()).collect();
    for c in out.iter_mut().filter(|c| c.code.is_empty()) {
        while taken.contains(&format!("{prefix}{n}")) {
            n += 1;
        }
        c.code = format!("{prefix}{n}");
        n += 1;
    }
    if out.len() > CHOICES_MAX {
        return Err(err(field, "survey-error-too-many-choices"));
    }
    let mut labels: Vec<String> = out.iter().map(|c| c.label.to_lowercase()).collect();
    labels.sort();
    labels.dedup();
    if labels.len() != out.len() {
        return Err(err(field, "survey-error-choice-twice"));
    }
    Ok(out)
}

/// Writes choices back as the builder's text: `CODE: Label` per line.
pub fn choices_text(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| format!("{}: {}", c.code, c.label))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The builder's input for one question, as typed.
#[derive(Debug, Clone, Default)]
pub struct QuestionInput<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub help: &'a str,
    pub required: bool,
    pub page: &'a str,
    pub options: &'a str,
    pub rows: &'a str,
    pub scale: &'a str,
    pub allow_other: bool,
    pub min: &'a str,
    pub max: &'a str,
    pub integer: bool,
    /// `QUESTION_ID:CODE` or empty.
    pub condition: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionDef {
    pub kind: Kind,
    pub text: String,
    pub help: String,
    pub required: bool,
    pub page: i32,
    pub config: Config,
    pub condition: Option<Condition>,
}

/// The largest number (in absolute value) the platform takes as an answer or
/// a bound, whatever a question's own bounds: beyond it charts, statistics and
/// exports lose precision, and nobody answers a survey in trillions.
pub const NUMBER_LIMIT: f64 = 1e12;

/// Whether `n` is within the platform's range of numbers.
pub fn number_in_range(n: f64) -> bool {
    n.is_finite() && n.abs() <= NUMBER_LIMIT
}

/// Parses a number as people write it: a decimal comma or point.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim().replace(' ', "");
    if t.is_empty() {
        return None;
    }
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Checks a question as staff wrote it. `others` are the survey's other
/// questions (for conditions); `before`, when the question exists and the survey
/// has answers, is its stored definition, which may grow but not lose what
/// answers refer to.
pub fn check_question(
    input: &QuestionInput<'_>,
    others: &[Question],
    before: Option<&Question>,
) -> Result<QuestionDef, FieldErrors> {
    let mut errs = FieldErrors::new();
    let kind = Kind::parse(input.kind);
    if kind.is_none() {
        errs.add("kind", "survey-error-kind");
    }
    let text = errs.check(required_text(
        "text",
        input.text,
        QUESTION_MAX_CHARS,
        "survey-error-question-too-long",
    ));
    let help = input.help.trim().to_owned();
    if help.chars().count() > HELP_MAX_CHARS {
        errs.add("help", "survey-error-help-too-long");
    }
    let page = match input.page.trim() {
        "" => Some(1),
        p => match p.parse::<i32>() {
            Ok(n) if (1..=PAGES_MAX).contains(&n) => Some(n),
            _ => {
                errs.add("page", "survey-error-page");
                None
            }
        },
    };
    let mut config = Config::default();
    if let Some(kind) = kind {
        if kind.has_options() {
            match parse_choices(
                "options",
                input.options,
                "A",
                before.map_or(&[], |b| &b.config.options),
            ) {
                Ok(o) if o.len() < 2 => errs.add("options", "survey-error-two-choices"),
                Ok(o) => config.options = o,
                Err(e) => errs.add(e.field, e.key),
            }
            config.allow_other = input.allow_other && matches!(kind, Kind::Single | Kind::Multiple);
        }
        if kind.has_rows() {
            match parse_choices(
                "rows",
                input.rows,
                "R",
                before.map_or(&[], |b| &b.config.rows),
            ) {
                Ok(o) if o.is_empty() => errs.add("rows", "error-required"),
                Ok(o) => config.rows = o,
                Err(e) => errs.add(e.field, e.key),
            }
        }
        if kind.has_scale() {
            match parse_choices(
                "scale",
                input.scale,
                "",
                before.map_or(&[], |b| &b.config.scale),
            ) {
                Ok(o) if o.len() < 2 => errs.add("scale", "survey-error-two-choices"),
                Ok(o) => config.scale = o,
                Err(e) => errs.add(e.field, e.key),
            }
        }
        if kind == Kind::Number {
            let min = input.min.trim();
            let max = input.max.trim();
            config.min = parse_number(min);
            config.max = parse_number(max);
            if !min.is_empty() && config.min.is_none() {
                errs.add("min", "survey-error-number");
            }
            if !max.is_empty() && config.max.is_none() {
                errs.add("max", "survey-error-number");
            }
            if config.min.is_some_and(|n| !number_in_range(n)) {
                errs.add("min", "survey-error-number-too-large");
            }
            if config.max.is_some_and(|n| !number_in_range(n)) {
                errs.add("max", "survey-error-number-too-large");
            }
            if let (Some(a), Some(b)) = (config.min, config.max)
                && a > b
            {
                errs.add("max", "survey-error-range");
            }
            config.integer = input.integer;
        }
    }
    let mut condition = None;
    let cond = input.condition.trim();
    if !cond.is_empty() {
        let parsed = cond
            .split_once(':')
            .and_then(|(q, v)| Some((q.parse::<i64>().ok()?, v.to_owned())));
        match parsed.and_then(|(qid, v)| Some((others.iter().find(|q| q.id == qid)?, v))) {
            Some((q, v)) if q.kind.is_choice() && q.choices().iter().any(|c| c.code == v) => {
                if page.is_some_and(|p| q.page >= p) {
                    errs.add("condition", "survey-error-condition-page");
                } else {
                    condition = Some(Condition {
                        question_id: q.id,
                        value: v,
                    });
                }
            }
            _ => errs.add("condition", "survey-error-condition"),
        }
    }
    if let (Some(before), Some(kind)) = (before, kind) {
        if before.kind != kind {
            errs.add("kind", "survey-error-kind-locked");
        }
        let kept = |old: &[Choice], new: &[Choice]| {
            old.iter().all(|o| new.iter().any(|n| n.code == o.code))
        };
        if !kept(&before.config.options, &config.options) {
            errs.add("options", "survey-error-choice-locked");
        }
        if !kept(&before.config.rows, &config.rows) {
            errs.add("rows", "survey-error-choice-locked");
        }
        if !kept(&before.config.scale, &config.scale) {
            errs.add("scale", "survey-error-choice-locked");
        }
        if before.config.allow_other && !config.allow_other {
            errs.add("allow_other", "survey-error-choice-locked");
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    match (kind, text, page) {
        (Some(kind), Some(text), Some(page)) => Ok(QuestionDef {
            kind,
            text,
            help,
            required: input.required,
            page,
            config,
            condition,
        }),
        _ => Err(errs),
    }
}

pub struct SurveyText {
    pub title: String,
    pub welcome: String,
    pub end: String,
}

pub fn check_survey(
    title: &str,
    welcome: &str,
    end: &str,
    opens_on: Option<NaiveDate>,
    closes_on: Option<NaiveDate>,
) -> Result<SurveyText, FieldErrors> {
    let mut errs = FieldErrors::new();
    let title = errs.check(required_text(
        "title",
        title,
        TITLE_MAX_CHARS,
        "survey-error-title-too-long",
    ));
    if welcome.chars().count() > TEXT_MAX_CHARS {
        errs.add("welcome", "survey-error-text-too-long");
    }
    if end.chars().count() > TEXT_MAX_CHARS {
        errs.add("end", "survey-error-text-too-long");
    }
    if let (Some(a), Some(b)) = (opens_on, closes_on)
        && b < a
    {
        errs.add("closes_on", "survey-error-dates");
    }
    match title {
        Some(title) if errs.is_empty() => Ok(SurveyText {
            title,
            welcome: welcome.trim().to_owned(),
            end: end.trim().to_owned(),
        }),
        _ => Err(errs),
    }
}

// ---------------------------------------------------------------------------
// Answering

/// Raw form values of the survey's answer fields, by field name.
pub type Raw = BTreeMap<String, Vec<String>>;

/// One stored answer row. Single and multiple choice and Likert: `item` empty,
/// `value` the chosen code (one row per chosen option); an "other" text is a
/// further row with `item` = [`OTHER`]. Matrix: `item` the row code, `value` the
/// scale code. Number: `num`. Text and date: `value`. Ranking: `item` the
/// option code, `num` its rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub item: String,
    pub value: String,
    pub num: Option<f64>,
}

impl Item {
    fn new(item: &str, value: impl Into<String>, num: Option<f64>) -> Item {
        Item {
            item: item.to_owned(),
            value: value.into(),
            num,
        }
    }
}

/// A response's answers: the rows of each question, by question id.
pub type Answers = BTreeMap<i64, Vec<Item>>;

/// The form field (or field prefix) of a question.
pub fn field(q: &Question) -> String {
    format!("q{}", q.id)
}

/// The form field of one part of a question (matrix row, ranking option, other text).
pub fn sub_field(q: &Question, part: &str) -> String {
    format!("q{}_{}", q.id, part)
}

/// Whether a raw form field belongs to a question.
pub fn field_belongs(name: &str, q: &Question) -> bool {
    let f = field(q);
    name == f || name.strip_prefix(&f).is_some_and(|r| r.starts_with('_'))
}

fn first<'a>(raw: &'a Raw, name: &str) -> &'a str {
    raw.get(name)
        .and_then(|v| v.iter().find(|s| !s.trim().is_empty()))
        .map(|s| s.trim())
        .unwrap_or("")
}

/// Turns one question's raw values into answer rows, or names what is wrong.
/// An unanswered question gives no rows; whether that is allowed is
/// [`check_page`]'s concern.
pub fn parse_answer(q: &Question, raw: &Raw) -> Result<Vec<Item>, &'static str> {
    let f = field(q);
    let mut out = vec![];
    match q.kind {
        Kind::Single | Kind::Likert => {
            let v = first(raw, &f);
            if v.is_empty() {
                return Ok(out);
            }
            let choices = q.choices();
            let Some(pos) = choices.iter().position(|c| c.code == v) else {
                return Err("survey-error-choice-unknown");
            };
            let num = (q.kind == Kind::Likert).then_some(pos as f64 + 1.0);
            out.push(Item::new("", v, num));
            if v == OTHER {
                out.extend(other_text(q, raw)?);
            }
        }
        Kind::Multiple => {
            let choices = q.choices();
            let mut chosen: Vec<&str> = raw
                .get(&f)
                .map(|v| {
                    v.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            chosen.sort_by_key(|c| choices.iter().position(|x| x.code == *c));
            chosen.dedup();
            for c in &chosen {
                if !choices.iter().any(|x| x.code == *c) {
                    return Err("survey-error-choice-unknown");
                }
                out.push(Item::new("", *c, None));
            }
            if chosen.contains(&OTHER) {
                out.extend(other_text(q, raw)?);
            } else if !first(raw, &sub_field(q, OTHER)).is_empty() && q.config.allow_other {
                return Err("survey-error-other-unchecked");
            }
        }
        Kind::Matrix => {
            let mut answered = 0;
            for row in &q.config.rows {
                let v = first(raw, &sub_field(q, &row.code));
                if v.is_empty() {
                    continue;
                }
                let Some(pos) = q.config.scale.iter().position(|c| c.code == v) else {
                    return Err("survey-error-choice-unknown");
                };
                answered += 1;
                out.push(Item::new(&row.code, v, Some(pos as f64 + 1.0)));
            }
            if q.required && answered > 0 && answered < q.config.rows.len() {
                return Err("survey-error-matrix-incomplete");
            }
        }
        Kind::Number => {
            let v = first(raw, &f);
            if v.is_empty() {
                return Ok(out);
            }
            let Some(n) = parse_number(v) else {
                return Err("survey-error-number");
            };
            if !number_in_range(n) {
                return Err("survey-error-number-too-large");
            }
            if q.config.integer && n.fract() != 0.0 {
                return Err("survey-error-integer");
            }
            if q.config.min.is_some_and(|m| n < m) || q.config.max.is_some_and(|m| n > m) {
                return Err("survey-error-out-of-range");
            }
            out.push(Item::new("", format_number(n), Some(n)));
        }
        Kind::Text => {
            let v = first(raw, &f);
            if v.chars().count() > ANSWER_TEXT_MAX_CHARS {
                return Err("survey-error-answer-too-long");
            }
            if !v.is_empty() {
                out.push(Item::new("", v, None));
            }
        }
        Kind::Date => {
            let v = first(raw, &f);
            if v.is_empty() {
                return Ok(out);
            }
            let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(v, "%d.%m.%Y"))
                .map_err(|_| "survey-error-date")?;
            out.push(Item::new("", d.format("%Y-%m-%d").to_string(), None));
        }
        Kind::Ranking => {
            let n = q.config.options.len();
            let mut ranks: Vec<(usize, &str)> = vec![];
            for o in &q.config.options {
                let v = first(raw, &sub_field(q, &o.code));
                if v.is_empty() {
                    continue;
                }
                match v.parse::<usize>() {
                    Ok(r) if (1..=n).contains(&r) => ranks.push((r, &o.code)),
                    _ => return Err("survey-error-rank"),
                }
            }
            let mut seen: Vec<usize> = ranks.iter().map(|r| r.0).collect();
            seen.sort_unstable();
            // Ranks must be 1, 2, 3 … without gaps or repeats.
            if seen.iter().enumerate().any(|(i, r)| *r != i + 1) {
                return Err("survey-error-rank-order");
            }
            ranks.sort_unstable();
            for (r, code) in ranks {
                out.push(Item::new(code, r.to_string(), Some(r as f64)));
            }
        }
    }
    Ok(out)
}

fn other_text(q: &Question, raw: &Raw) -> Result<Vec<Item>, &'static str> {
    let t = first(raw, &sub_field(q, OTHER));
    if t.is_empty() {
        return Err("survey-error-other-empty");
    }
    if t.chars().count() > OTHER_MAX_CHARS {
        return Err("survey-error-answer-too-long");
    }
    Ok(vec![Item::new(OTHER, t, None)])
}

/// Numbers as stored and exported: no trailing `.0` for whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Whether `q` is shown, given the answers so far.
pub fn visible(q: &Question, answers: &BTreeMap<i64, Vec<Item>>) -> bool {
    match &q.condition {
        None => true,
        Some(c) => answers.get(&c.question_id).is_some_and(|items| {
            items
                .iter()
                .any(|i| i.item.is_empty() && i.value == c.value)
        }),
    }
}

/// Problems of a page, by question id (a message key each).
pub type PageErrors = BTreeMap<i64, &'static str>;

/// The questions respondents see (deleted ones never), in order.
pub fn live(questions: &[Question]) -> Vec<&Question> {
    let mut qs: Vec<&Question> = questions.iter().filter(|q| !q.deleted).collect();
    qs.sort_by_key(|q| (q.page, q.position, q.id));
    qs
}

/// The pages that have questions, in order.
pub fn pages(questions: &[Question]) -> Vec<i32> {
    let mut p: Vec<i32> = live(questions).iter().map(|q| q.page).collect();
    p.dedup();
    p
}

/// Parses every answer given so far, page by page, deciding visibility as a
/// respondent would see it. Returns the answers of visible questions and the
/// problems, by question id, of the questions on pages up to `until_page`
/// (`None`: all pages).
pub fn evaluate(
    questions: &[Question],
    raw: &Raw,
    until_page: Option<i32>,
) -> (BTreeMap<i64, Vec<Item>>, PageErrors) {
    let mut answers = BTreeMap::new();
    let mut errors = PageErrors::new();
    for q in live(questions) {
        if !visible(q, &answers) {
            continue;
        }
        let checked = until_page.is_none_or(|p| q.page <= p);
        match parse_answer(q, raw) {
            Ok(items) if items.is_empty() => {
                if q.required && checked {
                    errors.insert(q.id, "survey-error-required");
                }
            }
            Ok(items) => {
                answers.insert(q.id, items);
            }
            Err(key) => {
                if checked {
                    errors.insert(q.id, key);
                }
            }
        }
    }
    (answers, errors)
}

/// The next (or previous) page from `page` that shows at least one question.
pub fn step(questions: &[Question], raw: &Raw, page: i32, forward: bool) -> Option<i32> {
    let (answers, _) = evaluate(questions, raw, None);
    let shown: Vec<i32> = {
        let mut p: Vec<i32> = live(questions)
            .into_iter()
            .filter(|q| visible(q, &answers))
            .map(|q| q.page)
            .collect();
        p.dedup();
        p
    };
    if forward {
        shown.into_iter().find(|p| *p > page)
    } else {
        shown.into_iter().rev().find(|p| *p < page)
    }
}

/// Replaces the raw values of the questions on `page` with `submitted`,
/// keeping only fields that belong to a question there.
pub fn merge_page(questions: &[Question], draft: &mut Raw, page: i32, submitted: &Raw) {
    let on_page: Vec<&Question> = live(questions)
        .into_iter()
        .filter(|q| q.page == page)
        .collect();
    draft.retain(|k, _| !on_page.iter().any(|q| field_belongs(k, q)));
    for (k, v) in submitted {
        if on_page.iter().any(|q| field_belongs(k, q)) {
            let v: Vec<String> = v
                .iter()
                .map(|s| s.chars().take(ANSWER_TEXT_MAX_CHARS + 1).collect())
                .collect();
            draft.insert(k.clone(), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, kind: Kind, page: i32, config: Config) -> Question {
        Question {
            id,
            code: format!("Q{id}"),
            kind,
            page,
            position: id as i32,
            text: "?".into(),
            help: String::new(),
            required: true,
            config,
            condition: None,
            deleted: false,
        }
    }

    fn choices(codes: &[&str]) -> Vec<Choice> {
        codes
            .iter()
            .map(|c| Choice {
                code: (*c).into(),
                label: format!("L{c}"),
            })
            .collect()
    }

    fn raw(pairs: &[(&str, &str)]) -> Raw {
        let mut r = Raw::new();
        for (k, v) in pairs {
            r.entry((*k).to_owned()).or_default().push((*v).to_owned());
        }
        r
    }

    #[test]
    fn choices_keep_their_codes_and_new_ones_get_free_numbers() {
        let c = parse_choices("options", "A2: Ja\nNein\n\nVielleicht", "A", &[]).unwrap();
        let codes: Vec<&str> = c.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["A2", "A1", "A3"]);
        assert_eq!(c[0].label, "Ja");
        assert_eq!(
            parse_choices("options", "Ja\nja", "A", &[])
                .unwrap_err()
                .key,
            "survey-error-choice-twice"
        );
        // A colon inside a label is not a code.
        let c = parse_choices("options", "Zeit: zu wenig", "A", &[]).unwrap();
        assert_eq!(c[0].label, "Zeit: zu wenig");
    }

    #[test]
    fn a_question_with_answers_may_grow_but_not_lose_choices() {
        let before = q(
            1,
            Kind::Single,
            1,
            Config {
                options: choices(&["A1", "A2"]),
                ..Config::default()
            },
        );
        let mut input = QuestionInput {
            kind: "single",
            text: "Frage",
            options: "A1: Ja\nA2: Nein\nWeiß nicht",
            ..QuestionInput::default()
        };
        assert!(check_question(&input, &[], Some(&before)).is_ok());
        input.options = "A1: Ja\nNeu";
        let e = check_question(&input, &[], Some(&before)).unwrap_err();
        assert_eq!(e.get("options"), Some("survey-error-choice-locked"));
        input.options = "A1: Ja\nA2: Nein";
        input.kind = "multiple";
        let e = check_question(&input, &[], Some(&before)).unwrap_err();
        assert_eq!(e.get("kind"), Some("survey-error-kind-locked"));
    }

    #[test]
    fn conditions_point_to_an_earlier_page() {
        let a = q(
            1,
            Kind::Single,
            1,
            Config {
                options: choices(&["A1", "A2"]),
                ..Config::default()
            },
        );
        let input = QuestionInput {
            kind: "text",
            text: "Warum?",
            page: "2",
            condition: "1:A2",
            ..QuestionInput::default()
        };
        let def = check_question(&input, std::slice::from_ref(&a), None).unwrap();
        assert_eq!(def.condition.unwrap().value, "A2");
        let same_page = QuestionInput {
            page: "1",
            ..input.clone()
        };
        let e = check_question(&same_page, std::slice::from_ref(&a), None).unwrap_err();
        assert_eq!(e.get("condition"), Some("survey-error-condition-page"));
        let unknown = QuestionInput {
            condition: "1:A9",
            ..input
        };
        let e = check_question(&unknown, &[a], None).unwrap_err();
        assert_eq!(e.get("condition"), Some("survey-error-condition"));
    }

    #[test]
    fn every_kind_parses_and_refuses_what_it_should() {
        let single = Question {
            config: Config {
                options: choices(&["A1", "A2"]),
                allow_other: true,
                ..Config::default()
            },
            ..q(1, Kind::Single, 1, Config::default())
        };
        assert_eq!(
            parse_answer(&single, &raw(&[("q1", "A2")])).unwrap(),
            vec![Item::new("", "A2", None)]
        );
        assert_eq!(
            parse_answer(&single, &raw(&[("q1", "_other")])).unwrap_err(),
            "survey-error-other-empty"
        );
        assert_eq!(
            parse_answer(&single, &raw(&[("q1", "_other"), ("q1__other", " Fax ")])).unwrap()[1],
            Item::new(OTHER, "Fax", None)
        );
        assert_eq!(
            parse_answer(&single, &raw(&[("q1", "B7")])).unwrap_err(),
            "survey-error-choice-unknown"
        );

        let multi = Question {
            kind: Kind::Multiple,
            ..single.clone()
        };
        let items =
            parse_answer(&multi, &raw(&[("q1", "A2"), ("q1", "A1"), ("q1", "A2")])).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].value, "A1");

        let number = q(
            2,
            Kind::Number,
            1,
            Config {
                min: Some(0.0),
                max: Some(120.0),
                integer: true,
                ..Config::default()
            },
        );
        assert_eq!(
            parse_answer(&number, &raw(&[("q2", "42")])).unwrap()[0].num,
            Some(42.0)
        );
        assert_eq!(
            parse_answer(&number, &raw(&[("q2", "4,5")])).unwrap_err(),
            "survey-error-integer"
        );
        assert_eq!(
            parse_answer(&number, &raw(&[("q2", "130")])).unwrap_err(),
            "survey-error-out-of-range"
        );
        assert_eq!(
            parse_answer(&number, &raw(&[("q2", "zwölf")])).unwrap_err(),
            "survey-error-number"
        );
        // Beyond the platform's range, whatever the question's own bounds.
        let unbounded = q(2, Kind::Number, 1, Config::default());
        for v in [
            "10000000000000000000",
            "-1000000000001",
            "1e300",
            "1000000000000,5",
        ] {
            assert_eq!(
                parse_answer(&unbounded, &raw(&[("q2", v)])).unwrap_err(),
                "survey-error-number-too-large",
                "{v}"
            );
        }
        for v in ["inf", "NaN", "-infinity"] {
            assert_eq!(
                parse_answer(&unbounded, &raw(&[("q2", v)])).unwrap_err(),
                "survey-error-number",
                "{v}"
            );
        }
        assert_eq!(
            parse_answer(&unbounded, &raw(&[("q2", "-1000000000000")])).unwrap()[0].num,
            Some(-1e12)
        );

        let matrix = q(
            3,
            Kind::Matrix,
            1,
            Config {
                rows: choices(&["R1", "R2"]),
                scale: choices(&["1", "2", "3"]),
                ..Config::default()
            },
        );
        assert_eq!(
            parse_answer(&matrix, &raw(&[("q3_R1", "3")])).unwrap_err(),
            "survey-error-matrix-incomplete"
        );
        let m = parse_answer(&matrix, &raw(&[("q3_R1", "3"), ("q3_R2", "1")])).unwrap();
        assert_eq!(m[0], Item::new("R1", "3", Some(3.0)));

        let ranking = q(
            4,
            Kind::Ranking,
            1,
            Config {
                options: choices(&["A1", "A2", "A3"]),
                ..Config::default()
            },
        );
        assert_eq!(
            parse_answer(&ranking, &raw(&[("q4_A1", "1"), ("q4_A2", "1")])).unwrap_err(),
            "survey-error-rank-order"
        );
        let r = parse_answer(&ranking, &raw(&[("q4_A3", "1"), ("q4_A1", "2")])).unwrap();
        assert_eq!(r[0].item, "A3");

        let date = q(5, Kind::Date, 1, Config::default());
        assert_eq!(
            parse_answer(&date, &raw(&[("q5", "24.12.2026")])).unwrap()[0].value,
            "2026-12-24"
        );
        assert_eq!(
            parse_answer(&date, &raw(&[("q5", "morgen")])).unwrap_err(),
            "survey-error-date"
        );
    }

    #[test]
    fn hidden_questions_are_neither_required_nor_kept() {
        let a = q(
            1,
            Kind::Single,
            1,
            Config {
                options: choices(&["A1", "A2"]),
                ..Config::default()
            },
        );
        let mut b = q(2, Kind::Text, 2, Config::default());
        b.condition = Some(Condition {
            question_id: 1,
            value: "A2".into(),
        });
        let c = q(3, Kind::Text, 3, Config::default());
        let qs = vec![a, b, c];
        let r = raw(&[("q1", "A1"), ("q2", "kept?"), ("q3", "x")]);
        let (answers, errors) = evaluate(&qs, &r, None);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!answers.contains_key(&2));
        // Page 2 shows nothing for this respondent: it is skipped both ways.
        assert_eq!(step(&qs, &r, 1, true), Some(3));
        assert_eq!(step(&qs, &r, 3, false), Some(1));
        let r = raw(&[("q1", "A2")]);
        let (_, errors) = evaluate(&qs, &r, Some(2));
        assert_eq!(errors.get(&2), Some(&"survey-error-required"));
        assert!(!errors.contains_key(&3));
    }

    #[test]
    fn a_page_replaces_only_its_own_fields() {
        let qs = vec![
            q(1, Kind::Text, 1, Config::default()),
            q(2, Kind::Text, 2, Config::default()),
        ];
        let mut draft = raw(&[("q1", "eins"), ("q2", "zwei")]);
        merge_page(
            &qs,
            &mut draft,
            2,
            &raw(&[("q2", "neu"), ("q1", "fremd"), ("x", "y")]),
        );
        assert_eq!(draft.get("q1").unwrap(), &vec!["eins".to_owned()]);
        assert_eq!(draft.get("q2").unwrap(), &vec!["neu".to_owned()]);
        assert!(!draft.contains_key("x"));
    }

    #[test]
    fn availability_follows_status_and_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-06-10");
        assert_eq!(
            availability(Status::Draft, None, None, today),
            Availability::Draft
        );
        assert_eq!(
            availability(Status::Published, Some(d("2026-06-11")), None, today),
            Availability::NotYet
        );
        assert_eq!(
            availability(Status::Published, None, Some(d("2026-06-10")), today),
            Availability::Open
        );
        assert_eq!(
            availability(Status::Published, None, Some(d("2026-06-09")), today),
            Availability::Closed
        );
    }
}
