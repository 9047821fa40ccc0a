//! Every idea of a process, with supports, comments and answers, for the
//! department's evaluation: CSV (ideas) and XLSX (ideas, comments, answers).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use db::comments::Subject;
use rust_xlsxwriter::{Format, Workbook};

use crate::{AppError, AppResult, AppState, SharedState, Staff, dates};

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
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = allowed(&state, &staff, id).await?;
    let ideas = db::ideas::export_rows(&state.db, id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADERS).map_err(AppError::internal)?;
    for r in rows(&state, &ideas) {
        w.write_record(&r).map_err(AppError::internal)?;
    }
    let body = w.into_inner().map_err(AppError::internal)?;
    // A byte-order mark makes spreadsheet programs read the file as UTF-8.
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(body);
    Ok(attachment(
        out,
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
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet();
    sheet.set_name("Ideen")?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows(state, ideas).iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match (HEADERS[c as usize], v.parse::<f64>()) {
                ("id" | "supports" | "comments" | "latitude" | "longitude", Ok(n)) => {
                    sheet.write_number(r, c, n)?
                }
                _ => sheet.write_string(r, c, v)?,
            };
        }
    }
    let sheet = wb.add_worksheet();
    sheet.set_name("Kommentare")?;
    for (c, h) in [
        "idea_id",
        "comment_id",
        "reply_to",
        "author",
        "created",
        "agree",
        "disagree",
        "text",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, (idea, c)) in comments.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, *idea as f64)?;
        sheet.write_number(r, 1, c.id as f64)?;
        if let Some(p) = c.parent_id {
            sheet.write_number(r, 2, p as f64)?;
        }
        sheet.write_string(r, 3, &c.author_name)?;
        sheet.write_string(r, 4, c.created_at.to_rfc3339())?;
        sheet.write_number(r, 5, f64::from(c.agree))?;
        sheet.write_number(r, 6, f64::from(c.disagree))?;
        sheet.write_string(r, 7, &c.body)?;
    }
    let sheet = wb.add_worksheet();
    sheet.set_name("Antworten")?;
    for (c, h) in [
        "idea_id",
        "status",
        "department",
        "author",
        "created",
        "answer",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, (idea, a)) in answers.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, *idea as f64)?;
        sheet.write_string(r, 1, a.status.as_str())?;
        sheet.write_string(r, 2, &a.department_name)?;
        sheet.write_string(r, 3, a.author_name.clone().unwrap_or_default())?;
        sheet.write_string(r, 4, a.created_at.to_rfc3339())?;
        sheet.write_string(r, 5, crate::markdown::html_to_text(&a.body_html))?;
    }
    wb.save_to_buffer()
}
