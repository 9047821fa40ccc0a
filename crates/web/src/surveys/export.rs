//! Every answer of a survey for analysis: one row per response, columns named
//! by question and option codes (`Q3_A2`), as CSV, XLSX (answers and codebook)
//! and JSON (codebook and responses), plus the codebook alone as CSV.
//!
//! Rows follow the responses' random ids and carry a running number, never the
//! id; invitation surveys have no date column. Nothing in a row points to a
//! person.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use db::surveys::Survey;
use db::surveys::results::ExportResponse;
use domain::surveys::{Access, Item, Kind, OTHER, Question, format_number};
pub use exports::Cell;
use exports::Workbook;
use serde_json::{Map, Value as Json, json};

use super::super::managed;
use crate::params::{Path, Query};
use crate::{AppError, AppResult, SharedState, csv_cells, dates};

/// Responses read per query while writing an export.
const PAGE: u64 = 2_000;

/// One column of the answers: what it holds and how it reads a response.
pub struct ExportColumn {
    pub name: String,
    pub question: usize,
    pub part: Part,
    /// The option, row or "other" label the column stands for, if any.
    pub label: String,
}

pub enum Part {
    /// The value as stored (single, Likert, number, text, date).
    Value,
    /// 1 if the option was chosen, 0 if not (multiple choice).
    Chosen(String),
    /// The "other" text.
    Other,
    /// A matrix row's scale code.
    Row(String),
    /// The rank given to an option.
    Rank(String),
}

pub fn columns(questions: &[Question]) -> Vec<ExportColumn> {
    let mut out = vec![];
    for (i, q) in questions.iter().enumerate() {
        let col = |suffix: &str, part: Part, label: &str| ExportColumn {
            name: if suffix.is_empty() {
                q.code.clone()
            } else {
                format!("{}_{suffix}", q.code)
            },
            question: i,
            part,
            label: label.to_owned(),
        };
        match q.kind {
            Kind::Single | Kind::Likert | Kind::Number | Kind::Text | Kind::Date => {
                out.push(col("", Part::Value, ""));
            }
            Kind::Multiple => {
                for o in &q.config.options {
                    out.push(col(&o.code, Part::Chosen(o.code.clone()), &o.label));
                }
            }
            Kind::Matrix => {
                for r in &q.config.rows {
                    out.push(col(&r.code, Part::Row(r.code.clone()), &r.label));
                }
            }
            Kind::Ranking => {
                for o in &q.config.options {
                    out.push(col(&o.code, Part::Rank(o.code.clone()), &o.label));
                }
            }
        }
        if q.config.allow_other && matches!(q.kind, Kind::Single | Kind::Multiple) {
            out.push(col("other", Part::Other, ""));
        }
    }
    out
}

fn cell(c: &ExportColumn, q: &Question, items: Option<&Vec<Item>>) -> Cell {
    let Some(items) = items.filter(|i| !i.is_empty()) else {
        return Cell::Empty;
    };
    let find = |item: &str| items.iter().find(|i| i.item == item);
    match &c.part {
        Part::Value => match find("") {
            Some(i) if q.kind == Kind::Number => i.num.map(Cell::Num).unwrap_or(Cell::Empty),
            Some(i) => Cell::Text(i.value.clone()),
            None => Cell::Empty,
        },
        Part::Chosen(code) => Cell::Num(
            if items.iter().any(|i| i.item.is_empty() && &i.value == code) {
                1.0
            } else {
                0.0
            },
        ),
        Part::Other => find(OTHER)
            .map(|i| Cell::Text(i.value.clone()))
            .unwrap_or(Cell::Empty),
        Part::Row(code) => find(code)
            .map(|i| Cell::Text(i.value.clone()))
            .unwrap_or(Cell::Empty),
        Part::Rank(code) => find(code)
            .and_then(|i| i.num)
            .map(Cell::Num)
            .unwrap_or(Cell::Empty),
    }
}

/// The first columns: a running number and, for open surveys, the day.
fn dated(survey: &Survey) -> bool {
    survey.access != Access::Invitation
}

fn header(survey: &Survey, cols: &[ExportColumn]) -> Vec<String> {
    let mut h = vec!["response".to_owned()];
    if dated(survey) {
        h.push("submitted_on".into());
    }
    h.extend(cols.iter().map(|c| c.name.clone()));
    h
}

fn row(
    survey: &Survey,
    questions: &[Question],
    cols: &[ExportColumn],
    number: u64,
    r: &ExportResponse,
) -> Vec<Cell> {
    let mut out = vec![Cell::Num(number as f64)];
    if dated(survey) {
        out.push(
            r.submitted_on
                .map(|d| Cell::Text(d.format("%Y-%m-%d").to_string()))
                .unwrap_or(Cell::Empty),
        );
    }
    out.extend(cols.iter().map(|c| {
        let q = &questions[c.question];
        cell(c, q, r.answers.get(&q.id))
    }));
    out
}

/// A cell of the answers CSV. Numbers (running numbers, number answers,
/// chosen 0/1, ranks) are written by the platform from parsed values and stay
/// numbers; every text cell (answers, "other" texts, choice codes, dates) is
/// neutralized against formulas. Files separated by semicolons are for
/// spreadsheet programs that write decimals with a comma, so they get one.
fn text(c: &Cell, sep: csv_cells::Separator) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => csv_cells::text(s),
        Cell::Num(n) if sep == csv_cells::Separator::Semicolon => {
            format_number(*n).replace('.', ",")
        }
        Cell::Num(n) => format_number(*n),
    }
}

/// Calls `each` with every row of the survey, page by page.
async fn each_row(
    state: &crate::AppState,
    survey: &Survey,
    questions: &[Question],
    cols: &[ExportColumn],
    mut each: impl FnMut(Vec<Cell>) -> Result<(), AppError>,
) -> AppResult<()> {
    let mut after = 0;
    let mut number = 0;
    loop {
        let page = db::surveys::results::export_page(&state.db, survey.id, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for r in &page {
            number += 1;
            each(row(survey, questions, cols, number, r))?;
        }
    }
    Ok(())
}

const CODEBOOK: &[&str] = &[
    "column",
    "question_id",
    "question_code",
    "kind",
    "question",
    "label",
    "values",
    "deleted",
];

fn codebook_rows(
    survey: &Survey,
    questions: &[Question],
    cols: &[ExportColumn],
) -> Vec<Vec<String>> {
    let mut out = vec![vec![
        "response".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "0".into(),
    ]];
    if dated(survey) {
        out.push(vec![
            "submitted_on".into(),
            String::new(),
            String::new(),
            "date".into(),
            String::new(),
            String::new(),
            String::new(),
            "0".into(),
        ]);
    }
    for c in cols {
        let q = &questions[c.question];
        let scale = |choices: &[domain::surveys::Choice]| {
            choices
                .iter()
                .map(|x| format!("{}={}", x.code, x.label))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let values = match (&c.part, q.kind) {
            (Part::Chosen(_), _) => "0=no; 1=yes".to_owned(),
            (Part::Other, _) => String::new(),
            (Part::Row(_), _) => scale(&q.config.scale),
            (Part::Rank(_), _) => format!("1-{}", q.config.options.len()),
            (Part::Value, Kind::Single) => {
                let mut v = scale(&q.config.options);
                if q.config.allow_other {
                    v.push_str(&format!("; {OTHER}=other"));
                }
                v
            }
            (Part::Value, Kind::Likert) => scale(&q.config.scale),
            (Part::Value, _) => String::new(),
        };
        out.push(vec![
            c.name.clone(),
            q.id.to_string(),
            q.code.clone(),
            q.kind.as_str().to_owned(),
            q.text.clone(),
            c.label.clone(),
            values,
            if q.deleted { "1" } else { "0" }.to_owned(),
        ]);
    }
    out
}

fn attachment(body: Vec<u8>, content_type: &'static str, name: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn file_name(survey: &Survey, what: &str, ext: &str) -> String {
    format!("umfrage-{}-{what}-{}.{ext}", survey.id, dates::today())
}

/// Every cell of the codebook is text (its questions, labels and codes were
/// typed by staff; its ids are plain numbers, which `csv_cells::text` keeps).
fn csv_bytes(
    sep: csv_cells::Separator,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> AppResult<Vec<u8>> {
    let mut w = csv_cells::CsvWriter::new(sep);
    for r in rows {
        w.text_row(&r)?;
    }
    w.finish()
}

pub async fn csv(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    Query(p): Query<csv_cells::CsvParams>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let cols = columns(&questions);
    let sep = csv_cells::Separator::choose(&p.sep, ctx.lang);
    let mut w = csv_cells::CsvWriter::new(sep);
    // Column names come from codes staff may choose.
    w.text_row(header(&survey, &cols))?;
    each_row(&state, &survey, &questions, &cols, |r| {
        w.row(r.iter().map(|c| text(c, sep)))
    })
    .await?;
    Ok(attachment(
        w.finish()?,
        "text/csv; charset=utf-8",
        file_name(&survey, "antworten", "csv"),
    ))
}

pub async fn codebook(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    Query(p): Query<csv_cells::CsvParams>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let cols = columns(&questions);
    let mut rows = vec![CODEBOOK.iter().map(|s| (*s).to_owned()).collect()];
    rows.extend(codebook_rows(&survey, &questions, &cols));
    Ok(attachment(
        csv_bytes(csv_cells::Separator::choose(&p.sep, ctx.lang), rows)?,
        "text/csv; charset=utf-8",
        file_name(&survey, "codebook", "csv"),
    ))
}

pub async fn xlsx(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let cols = columns(&questions);
    let mut wb = Workbook::new();
    let mut sheet = wb
        .sheet("answers", &header(&survey, &cols))
        .map_err(AppError::internal)?;
    each_row(&state, &survey, &questions, &cols, |cells| {
        sheet.row(&cells).map_err(AppError::internal)
    })
    .await?;
    let mut sheet = wb.sheet("codebook", CODEBOOK).map_err(AppError::internal)?;
    for row in codebook_rows(&survey, &questions, &cols) {
        let cells: Vec<Cell> = row.into_iter().map(Cell::Text).collect();
        sheet.row(&cells).map_err(AppError::internal)?;
    }
    let bytes = wb.finish().map_err(AppError::internal)?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name(&survey, "antworten", "xlsx"),
    ))
}

pub async fn json(
    State(state): State<SharedState>,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let cols = columns(&questions);
    let names = header(&survey, &cols);
    let codebook: Vec<Json> = codebook_rows(&survey, &questions, &cols)
        .into_iter()
        .map(|r| {
            let mut m = Map::new();
            for (k, v) in CODEBOOK.iter().zip(r) {
                m.insert((*k).to_owned(), Json::String(v));
            }
            Json::Object(m)
        })
        .collect();
    let mut responses: Vec<Json> = vec![];
    each_row(&state, &survey, &questions, &cols, |cells| {
        let mut m = Map::new();
        for (k, v) in names.iter().zip(cells) {
            m.insert(
                k.clone(),
                match v {
                    Cell::Empty => Json::Null,
                    Cell::Text(s) => Json::String(s),
                    Cell::Num(n) => json!(n),
                },
            );
        }
        responses.push(Json::Object(m));
        Ok(())
    })
    .await?;
    let doc = json!({
        "survey": { "id": survey.id, "title": survey.title, "responses": responses.len() },
        "codebook": codebook,
        "responses": responses,
    });
    let body = serde_json::to_vec(&doc).map_err(AppError::internal)?;
    Ok(attachment(
        body,
        "application/json",
        file_name(&survey, "antworten", "json"),
    ))
}
