//! The open-data export of a finished process: one ZIP of CSV and JSON files
//! (process, phases, ideas with answers, comments, documents) and a README
//! naming the columns and the licence. Built from the API's queries and wire
//! types, so it holds exactly what the API shows: nothing personal.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::wire::{Comment, Document, Idea, Process};
use crate::csv_cells::{CsvWriter, Separator, text};
use crate::params::Path;
use crate::{AppError, AppResult, AppState, SharedState};

pub const README: &str = include_str!("open_data_readme.md");

/// Whether a process is over, so its data is final: archived, or its last
/// phase ended before today.
pub fn finished(p: &db::api::ProcessRow, today: chrono::NaiveDate) -> bool {
    use domain::processes::{DateRange, Phases};
    let range = |from, until| DateRange { from, until };
    let phases = Phases {
        information: range(p.information_from, p.information_until),
        participation: range(p.participation_from, p.participation_until),
        evaluation: range(p.evaluation_from, p.evaluation_until),
        result: range(p.result_from, p.result_until),
    };
    is_final(p.status == "archived", phases.ends_on(), today)
}

/// The rule for both the export and the process page's link: a process is
/// final once archived or once its last day has passed.
pub fn is_final(
    archived: bool,
    ends_on: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> bool {
    archived || ends_on.is_some_and(|d| d < today)
}

fn json_file<T: Serialize>(name: &str, v: &T) -> AppResult<(String, Vec<u8>)> {
    Ok((
        name.to_owned(),
        serde_json::to_vec_pretty(v).map_err(AppError::internal)?,
    ))
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

pub async fn zip(State(state): State<SharedState>, Path(id): Path<i64>) -> AppResult<Response> {
    let row = db::api::process(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !finished(&row, crate::dates::today()) {
        return Err(AppError::not_found());
    }
    let files = build(&state, row).await?;
    let bytes = exports::zip_archive(&files).map_err(AppError::internal)?;
    let name = format!("attachment; filename=\"process-{id}-open-data.zip\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).map_err(AppError::internal)?,
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn build(state: &AppState, row: db::api::ProcessRow) -> AppResult<Vec<(String, Vec<u8>)>> {
    let id = row.id;
    let process = Process::from_row(state, row);
    let filter = db::api::Filter {
        process: Some(id),
        ..Default::default()
    };
    let idea_rows = db::api::all(|w| db::api::ideas(&state.db, &filter, w)).await?;
    let ideas: Vec<Idea> = super::with_answers(state, idea_rows)
        .await
        .map_err(|_| AppError::internal("the answers of the ideas"))?;
    let comments: Vec<Comment> = db::api::all(|w| db::api::comments(&state.db, id, w))
        .await?
        .into_iter()
        .map(Comment::from_row)
        .collect();
    let documents: Vec<Document> =
        db::documents::for_subject(&state.db, domain::documents::SubjectKind::Process, id)
            .await?
            .into_iter()
            .map(|d| Document::from_row(state, d))
            .collect();

    let mut files = vec![("README.md".to_owned(), README.as_bytes().to_vec())];
    files.push(json_file("process.json", &process)?);
    files.push(json_file("ideas.json", &ideas)?);
    files.push(json_file("comments.json", &comments)?);
    files.push(json_file("documents.json", &documents)?);

    let mut w = CsvWriter::new(Separator::Comma);
    w.row([
        "id",
        "department",
        "title",
        "summary",
        "status",
        "comment_count",
        "idea_count",
        "published_at",
        "url",
    ])?;
    w.row([
        process.id.to_string(),
        text(&process.department),
        text(&process.title),
        text(&process.summary),
        process.status.clone(),
        process.comment_count.to_string(),
        process.idea_count.to_string(),
        opt(&process.published_at.map(|t| t.to_rfc3339())),
        process.url.clone(),
    ])?;
    files.push(("process.csv".into(), w.finish()?));

    let mut w = CsvWriter::new(Separator::Comma);
    w.row(["phase", "from", "until"])?;
    for ph in &process.phases {
        w.row([ph.name.clone(), opt(&ph.from), opt(&ph.until)])?;
    }
    files.push(("phases.csv".into(), w.finish()?));

    let mut w = CsvWriter::new(Separator::Comma);
    w.row([
        "id",
        "title",
        "author",
        "category",
        "status",
        "support_count",
        "comment_count",
        "lat",
        "lon",
        "address",
        "created_at",
        "withdrawn",
        "answer_count",
        "last_answer",
    ])?;
    let mut a = CsvWriter::new(Separator::Comma);
    a.row(["idea_id", "status", "department", "created_at", "answer"])?;
    for i in &ideas {
        w.row([
            i.id.to_string(),
            text(&i.title),
            text(&i.author),
            text(&opt(&i.category)),
            i.status.clone(),
            i.support_count.to_string(),
            i.comment_count.to_string(),
            opt(&i.lat),
            opt(&i.lon),
            text(&opt(&i.address)),
            i.created_at.to_rfc3339(),
            i.withdrawn.to_string(),
            i.answers.len().to_string(),
            text(
                &i.answers
                    .last()
                    .map(|a| a.body_md.clone())
                    .unwrap_or_default(),
            ),
        ])?;
        for ans in &i.answers {
            a.row([
                i.id.to_string(),
                ans.status.clone(),
                text(&ans.department),
                ans.created_at.to_rfc3339(),
                text(&ans.body_md),
            ])?;
        }
    }
    files.push(("ideas.csv".into(), w.finish()?));
    files.push(("answers.csv".into(), a.finish()?));

    let mut w = CsvWriter::new(Separator::Comma);
    w.row([
        "id",
        "subject_kind",
        "subject_id",
        "parent_id",
        "author",
        "official",
        "body",
        "agree",
        "disagree",
        "created_at",
        "deleted",
    ])?;
    for c in &comments {
        w.row([
            c.id.to_string(),
            c.subject_kind.clone(),
            c.subject_id.to_string(),
            opt(&c.parent_id),
            text(&c.author),
            c.official.to_string(),
            text(&opt(&c.body)),
            c.agree.to_string(),
            c.disagree.to_string(),
            c.created_at.to_rfc3339(),
            c.deleted.to_string(),
        ])?;
    }
    files.push(("comments.csv".into(), w.finish()?));

    let mut w = CsvWriter::new(Separator::Comma);
    w.row([
        "id",
        "title",
        "doc_type",
        "language",
        "doc_date",
        "file_kind",
        "size",
        "download_url",
    ])?;
    for d in &documents {
        w.row([
            d.id.to_string(),
            text(&d.title),
            d.doc_type.clone(),
            d.language.clone(),
            opt(&d.doc_date),
            d.file_kind.clone(),
            d.size.to_string(),
            d.download_url.clone(),
        ])?;
    }
    files.push(("documents.csv".into(), w.finish()?));
    Ok(files)
}
