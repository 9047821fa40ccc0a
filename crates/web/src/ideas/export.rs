//! Every idea of a process, with supports, comments and answers, for the
//! department's evaluation: CSV (ideas) and XLSX (ideas, comments, answers).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use db::comments::Subject;
use exports::{Cell, Workbook};

use crate::params::{Path, Query};
use crate::{AppError, AppResult, AppState, SharedState, Staff, csv_cells, dates};

const HEADERS: &[&str] = &[
    "id",
    "title",
    "text",
    "category",
    "status",
    "author",
    "department",
    "created",
    "supports",
    "comments",
    "latitude",
    "longitude",
    "address",
    "answer",
    "answered",
    "url",
];

/// Columns the platform writes itself (numbers, coordinates, dates, the
/// status code, the link): kept as they are in the CSV. Every other column
/// holds text people typed (titles, texts, names, addresses, categories,
/// answers) and is neutralized against formulas (`csv_cells::text`).
const PLATFORM_COLUMNS: &[&str] = &[
    "id",
    "status",
    "created",
    "supports",
    "comments",
    "latitude",
    "longitude",
    "answered",
    "url",
];

/// The process, if the staff member manages it.
async fn allowed(
    state: &AppState,
    staff: &Staff,
    process_id: i64,
) -> AppResult<db::processes::Process> {
    let process = db::processes::get(&state.db, process_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !app::processes::manages(&staff.actor(), &process) {
        return Err(AppError::forbidden());
    }
    Ok(process)
}

fn rows(
    state: &AppState,
    ideas: &[(db::ideas::Idea, Option<db::ideas::Answer>)],
) -> Vec<Vec<String>> {
    ideas
        .iter()
        .map(|(i, a)| {
            vec![
                i.id.to_string(),
                i.title.clone(),
                i.body_md.clone(),
                i.category.clone().unwrap_or_default(),
                i.status.as_str().to_owned(),
                i.author_name.clone(),
                i.department_name.clone(),
                i.created_at.to_rfc3339(),
                i.support_count.to_string(),
                i.comment_count.to_string(),
                i.place.map(|p| p.0.to_string()).unwrap_or_default(),
                i.place.map(|p| p.1.to_string()).unwrap_or_default(),
                i.address.clone().unwrap_or_default(),
                a.as_ref().map(|a| a.body_html.clone()).unwrap_or_default(),
                a.as_ref()
                    .map(|a| a.created_at.to_rfc3339())
                    .unwrap_or_default(),
                state.config.link(&format!("/ideas/{}", i.id)),
            ]
        })
        .collect()
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

pub async fn csv(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: crate::Ctx,
    Path(id): Path<i64>,
    Query(p): Query<csv_cells::CsvParams>,
) -> AppResult<Response> {
    let process = allowed(&state, &staff, id).await?;
    let ideas = db::ideas::export_rows(&state.db, id).await?;
    let mut w = csv_cells::CsvWriter::new(csv_cells::Separator::choose(&p.sep, ctx.lang));
    w.row(HEADERS)?;
    for r in rows(&state, &ideas) {
        let cells = r.iter().zip(HEADERS).map(|(v, h)| {
            if PLATFORM_COLUMNS.contains(h) {
                v.clone()
            } else {
                csv_cells::text(v)
            }
        });
        w.row(cells)?;
    }
    Ok(attachment(
        w.finish()?,
        "text/csv; charset=utf-8",
        format!("ideen-{}-{}.csv", process.id, dates::today()),
    ))
}

pub async fn xlsx(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = allowed(&state, &staff, id).await?;
    let ideas = db::ideas::export_rows(&state.db, id).await?;
    let mut comments = vec![];
    for (i, _) in &ideas {
        for c in db::comments::recent(&state.db, Subject::idea(i.id), 100_000).await? {
            comments.push((i.id, c));
        }
    }
    let answers = {
        let mut all = vec![];
        for (i, _) in &ideas {
            for a in db::ideas::answers(&state.db, i.id).await? {
                all.push((i.id, a));
            }
        }
        all
    };
    let bytes = build_xlsx(&state, &ideas, &comments, &answers).map_err(AppError::internal)?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("ideen-{}-{}.xlsx", process.id, dates::today()),
    ))
}

fn build_xlsx(
    state: &AppState,
    ideas: &[(db::ideas::Idea, Option<db::ideas::Answer>)],
    comments: &[(i64, db::comments::Comment)],
    answers: &[(i64, db::ideas::Answer)],
) -> Result<Vec<u8>, exports::Error> {
    let mut wb = Workbook::new();
    let mut sheet = wb.sheet("Ideen", HEADERS)?;
    for row in rows(state, ideas) {
        let cells: Vec<Cell> = row
            .into_iter()
            .zip(HEADERS)
            .map(|(v, h)| match (*h, v.parse::<f64>()) {
                ("id" | "supports" | "comments" | "latitude" | "longitude", Ok(n)) => Cell::Num(n),
                _ => Cell::Text(v),
            })
            .collect();
        sheet.row(&cells)?;
    }
    let mut sheet = wb.sheet(
        "Kommentare",
        &[
            "idea_id",
            "comment_id",
            "reply_to",
            "author",
            "created",
            "agree",
            "disagree",
            "text",
        ],
    )?;
    for (idea, c) in comments {
        sheet.row(&[
            Cell::Num(*idea as f64),
            Cell::Num(c.id as f64),
            c.parent_id.map_or(Cell::Empty, |p| Cell::Num(p as f64)),
            Cell::Text(c.author_name.clone()),
            Cell::Text(c.created_at.to_rfc3339()),
            Cell::Num(f64::from(c.agree)),
            Cell::Num(f64::from(c.disagree)),
            Cell::Text(c.body.clone()),
        ])?;
    }
    let mut sheet = wb.sheet(
        "Antworten",
        &[
            "idea_id",
            "status",
            "department",
            "author",
            "created",
            "answer",
        ],
    )?;
    for (idea, a) in answers {
        sheet.row(&[
            Cell::Num(*idea as f64),
            Cell::Text(a.status.as_str().to_owned()),
            Cell::Text(a.department_name.clone()),
            Cell::Text(a.author_name.clone().unwrap_or_default()),
            Cell::Text(a.created_at.to_rfc3339()),
            Cell::Text(crate::markdown::html_to_text(&a.body_html)),
        ])?;
    }
    wb.finish()
}
