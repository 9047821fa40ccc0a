//! Results for staff: charts per question, filters, cross-tables; exports; the
//! published results page.

#[path = "charts.rs"]
pub(crate) mod charts;
#[path = "export.rs"]
mod export;
#[path = "publication.rs"]
pub(crate) mod publication;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use db::surveys::results::{Filter, Tally};
use domain::surveys::{Access, Kind, OTHER, Question};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::managed;
use super::tallies::{self, Tallies};
use crate::params::{Num, PageNumber, Path, Query};
use crate::{AppResult, AppState, Ctx, SharedState, dates};

const TEXTS_PER_PAGE: u64 = 50;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/surveys/{id}/results", get(results))
        .route("/surveys/{id}/results/texts", get(texts))
        .route("/surveys/{id}/answers.csv", get(export::csv))
        .route("/surveys/{id}/answers.xlsx", get(export::xlsx))
        .route("/surveys/{id}/answers.json", get(export::json))
        .route("/surveys/{id}/codebook.csv", get(export::codebook))
        .route(
            "/surveys/{id}/publication",
            get(publication::form).post(publication::save),
        )
        .route("/surveys/{id}/report", get(publication::report))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResultParams {
    filter: String,
    a: String,
    b: String,
}

/// Questions in page order, those deleted after answers came last.
fn ordered(questions: &[Question]) -> Vec<&Question> {
    let mut out: Vec<&Question> = questions.iter().filter(|q| !q.deleted).collect();
    out.extend(questions.iter().filter(|q| q.deleted));
    out
}

fn choice_label(state: &AppState, ctx: &Ctx, q: &Question, code: &str) -> String {
    if code == OTHER {
        state.t(ctx, "results-other")
    } else {
        q.label_of(code).unwrap_or(code).to_owned()
    }
}

/// A filter given as `QUESTION_ID:CODE`, if it names a choice of a choice question.
fn parse_filter(questions: &[Question], s: &str) -> Option<Filter> {
    let (q, code) = s.split_once(':')?;
    let q: i64 = q.parse().ok()?;
    let question = questions.iter().find(|x| x.id == q && x.kind.is_choice())?;
    question
        .choices()
        .iter()
        .any(|c| c.code == code)
        .then(|| Filter {
            question_id: q,
            value: code.to_owned(),
        })
}

#[derive(Serialize)]
struct Cell {
    n: u64,
    pct: String,
}

#[derive(Serialize)]
struct CrossRow {
    label: String,
    cells: Vec<Cell>,
    total: u64,
}

#[derive(Serialize)]
struct CrossTable {
    a_code: String,
    a_text: String,
    b_code: String,
    b_text: String,
    columns: Vec<String>,
    rows: Vec<CrossRow>,
    column_totals: Vec<u64>,
    total: u64,
}

fn cross_table(
    state: &AppState,
    ctx: &Ctx,
    qa: &Question,
    qb: &Question,
    counts: &[(String, String, u64)],
) -> CrossTable {
    let (ca, cb) = (qa.choices(), qb.choices());
    let get = |a: &str, b: &str| {
        counts
            .iter()
            .find(|c| c.0 == a && c.1 == b)
            .map(|c| c.2)
            .unwrap_or(0)
    };
    let rows: Vec<CrossRow> = ca
        .iter()
        .map(|a| {
            let ns: Vec<u64> = cb.iter().map(|b| get(&a.code, &b.code)).collect();
            let total: u64 = ns.iter().sum();
            CrossRow {
                label: choice_label(state, ctx, qa, &a.code),
                cells: ns
                    .iter()
                    .map(|n| Cell {
                        n: *n,
                        pct: charts::percent(ctx.lang, *n, total),
                    })
                    .collect(),
                total,
            }
        })
        .collect();
    let column_totals: Vec<u64> = (0..cb.len())
        .map(|i| rows.iter().map(|r| r.cells[i].n).sum())
        .collect();
    CrossTable {
        a_code: qa.code.clone(),
        a_text: qa.text.clone(),
        b_code: qb.code.clone(),
        b_text: qb.text.clone(),
        columns: cb
            .iter()
            .map(|b| choice_label(state, ctx, qb, &b.code))
            .collect(),
        total: column_totals.iter().sum(),
        rows,
        column_totals,
    }
}

/// The counted results of `questions` without free texts (the published page).
async fn figures(
    state: &AppState,
    lang: &str,
    survey_id: i64,
    questions: &[&Question],
) -> AppResult<(Tally, Vec<charts::QuestionResult>)> {
    let owned: Vec<Question> = questions.iter().map(|q| (*q).clone()).collect();
    let tally = db::surveys::results::tally(&state.db, survey_id, &owned, None).await?;
    let other = state.i18n.t(lang, "results-other", &[]);
    let built = charts::build(questions, &tally, &[], lang, &other, false);
    Ok((tally, built))
}

pub async fn results(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<ResultParams>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let mut status = StatusCode::OK;
    let mut errors: Vec<(&str, &str)> = vec![];
    let filter = if p.filter.is_empty() {
        None
    } else {
        let f = parse_filter(&questions, &p.filter);
        if f.is_none() {
            errors.push(("filter", "results-error-filter"));
        }
        f
    };
    let choice_qs: Vec<&Question> = questions.iter().filter(|q| q.kind.is_choice()).collect();
    let cross = if p.a.is_empty() && p.b.is_empty() {
        None
    } else {
        let find = |s: &str| {
            s.parse::<i64>()
                .ok()
                .and_then(|id| choice_qs.iter().find(|q| q.id == id).copied())
        };
        match (find(&p.a), find(&p.b)) {
            (Some(qa), Some(qb)) => Some((qa, qb)),
            (qa, qb) => {
                if qa.is_none() {
                    errors.push(("a", "results-error-cross"));
                }
                if qb.is_none() {
                    errors.push(("b", "results-error-cross"));
                }
                None
            }
        }
    };
    if !errors.is_empty() {
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    // Counted once for everyone, kept until the survey changes.
    let key = tallies::Key {
        survey: id,
        filter: filter.as_ref().map(|f| (f.question_id, f.value.clone())),
        cross: cross.map(|(qa, qb)| (qa.id, qb.id)),
    };
    let seen = tallies::Seen {
        responses: survey.response_count.max(0) as u64,
        updated_at: survey.updated_at,
    };
    let shown = Tallies::get(&state, key, seen).await?;
    let snap = &shown.counted.snapshot;
    let cross = match (cross, &snap.cross) {
        (Some((qa, qb)), Some(counts)) => Some(cross_table(&state, &ctx, qa, qb, counts)),
        _ => None,
    };
    let list = ordered(&questions);
    let other = state.t(&ctx, "results-other");
    let items = charts::build(&list, &snap.tally, &snap.texts, ctx.lang, &other, true);
    // An outdated result says of when it is and what it does not hold yet.
    let as_of = (!shown.current).then(|| {
        context! {
            time => dates::time_of_day(shown.counted.as_of),
            counted => snap.responses,
            newer => seen.responses.saturating_sub(snap.responses),
        }
    });
    let invitations = if survey.access == Access::Invitation {
        Some(db::surveys::invitation_counts(&state.db, id).await?)
    } else {
        None
    };
    let filter_options: Vec<Value> = choice_qs
        .iter()
        .flat_map(|q| {
            let state = &state;
            let ctx = &ctx;
            q.choices().into_iter().map(move |c| {
                context! {
                    value => format!("{}:{}", q.id, c.code),
                    label => format!("{}: {}", q.code, choice_label(state, ctx, q, &c.code)),
                }
            })
        })
        .collect();
    let filter_label = filter.as_ref().and_then(|f| {
        let q = questions.iter().find(|q| q.id == f.question_id)?;
        Some(format!(
            "{}: {}",
            q.code,
            choice_label(&state, &ctx, q, &f.value)
        ))
    });
    let cross_options: Vec<Value> = choice_qs
        .iter()
        .map(|q| context! { id => q.id.to_string(), label => format!("{}: {}", q.code, q.text) })
        .collect();
    let html = state.render(
        &ctx,
        "surveys/results.html",
        context! {
            survey_id => survey.id,
            title => survey.title.clone(),
            repeats => survey.repeat_responses,
            process_id => survey.process_id,
            process_title => survey.process_title.clone(),
            access => survey.access.as_str(),
            status => survey.status.as_str(),
            published => survey.results_published,
            total => snap.responses,
            counted => snap.tally.responses,
            as_of,
            invited => invitations.map(|i| i.total),
            invitations_used => invitations.map(|i| i.used),
            items => Value::from(Serde(items)),
            filter => p.filter.clone(),
            filter_label,
            filter_options,
            cross_options,
            a => p.a.clone(),
            b => p.b.clone(),
            cross => cross.map(|c| Value::from(Serde(c))),
            errors => errors.iter().map(|(f, k)| (f.to_string(), k.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
        },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TextParams {
    q: Num<i64>,
    other: Num<u8>,
    page: PageNumber,
}

/// Every free text of one question (or its "other" answers), paged.
pub async fn texts(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<TextParams>,
) -> AppResult<Response> {
    let (survey, questions) = or_return!(managed(&state, &ctx, id).await);
    let other = p.other.0 == Some(1);
    let Some(q) = questions
        .iter()
        .find(|q| Some(q.id) == p.q.0 && (q.kind == Kind::Text || (other && q.config.allow_other)))
    else {
        return Err(crate::AppError::not_found());
    };
    let page = p.page.get();
    let (texts, total) =
        db::surveys::results::texts(&state.db, id, q.id, other, page - 1, TEXTS_PER_PAGE).await?;
    let html = state.render(
        &ctx,
        "surveys/results_texts.html",
        context! {
            survey_id => survey.id,
            title => survey.title.clone(),
            code => q.code.clone(),
            question => q.text.clone(),
            question_id => q.id,
            other => u8::from(other),
            texts,
            total,
            page,
            pages => total.div_ceil(TEXTS_PER_PAGE).max(1),
        },
    )?;
    Ok(html.into_response())
}
