//! `/staff/dashboard`: what happened on the platform (administrators), in a
//! department (its staff) or in one process (`?process=`). Every figure is
//! a table; the charts are drawn from the same numbers as SVG, and each
//! table downloads as CSV with exactly its cells
//! (`/staff/dashboard/{figure}.csv`).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use db::dashboard::Scope;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::params::{Path, Query};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff, csv_cells};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/staff/dashboard", get(show))
        .route("/staff/dashboard/{file}", get(csv))
}

/// The figures' names, as in their CSV files' names.
const FIGURES: [&str; 5] = [
    "activity",
    "status",
    "departments",
    "answer-times",
    "most-discussed",
];

/// How long answers took, in upper bounds of days (the last: longer).
const ANSWER_BUCKETS: [i64; 5] = [7, 14, 28, 56, 84];

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScopeParams {
    process: String,
    department: String,
    sep: String,
}

/// The scope asked for, if the reader may see it: administrators anything,
/// staff their department and its processes.
async fn scope(state: &AppState, staff: &Staff, p: &ScopeParams) -> AppResult<(Scope, String)> {
    let admin = staff.0.role.can_administer();
    if !p.process.is_empty() {
        // A process id that does not parse names no process.
        let id: i64 = p.process.parse().map_err(|_| AppError::not_found())?;
        let process = db::processes::get(&state.db, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        if !app::processes::manages(&staff.actor(), &process) {
            return Err(AppError::forbidden());
        }
        return Ok((Scope::Process(id), process.title));
    }
    // Empty ("all departments") or not a number: no department asked for.
    let asked: Option<i64> = p.department.parse().ok();
    let department = match (admin, asked) {
        (true, None) => return Ok((Scope::Platform, String::new())),
        (true, Some(d)) => d,
        (false, Some(d)) if Some(d) != staff.0.department_id => {
            return Err(AppError::forbidden());
        }
        (false, _) => staff.0.department_id.ok_or_else(AppError::forbidden)?,
    };
    let name = db::departments::list(&state.db)
        .await?
        .into_iter()
        .find(|d| d.id == department)
        .map(|d| d.name)
        .ok_or_else(AppError::not_found)?;
    Ok((Scope::Department(department), name))
}

/// A figure's table: translated headings, cells as text (numbers written
/// plainly, so the CSV holds what the page shows).
#[derive(Serialize)]
struct Table {
    name: &'static str,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A horizontal bar of a chart, its geometry worked out here.
#[derive(Serialize)]
struct Bar {
    label: String,
    n: i64,
    label_y: u32,
    bar_y: u32,
    width: String,
    value_x: String,
}

#[derive(Serialize)]
struct Bars {
    height: u32,
    bars: Vec<Bar>,
}

fn bars(items: &[(String, i64)]) -> Bars {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i as u32 * 44;
            let w = 520.0 * (*n as f64) / max;
            Bar {
                label: label.clone(),
                n: *n,
                label_y: y + 16,
                bar_y: y + 22,
                width: format!("{w:.1}"),
                value_x: format!("{:.1}", w + 6.0),
            }
        })
        .collect();
    Bars {
        height: (items.len() as u32 * 44).max(44),
        bars,
    }
}

/// A column of a weekly chart.
#[derive(Serialize)]
struct Column {
    x: String,
    y: String,
    width: String,
    height: String,
    n: i64,
    week: String,
}

#[derive(Serialize)]
struct Series {
    key: &'static str,
    total: i64,
    max: i64,
    first: String,
    last: String,
    columns: Vec<Column>,
}

const SERIES_HEIGHT: f64 = 100.0;

fn series(
    key: &'static str,
    weeks: &[db::dashboard::Week],
    pick: fn(&db::dashboard::Week) -> i64,
) -> Series {
    let max = weeks.iter().map(pick).max().unwrap_or(0);
    let step = 640.0 / weeks.len().max(1) as f64;
    let columns = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let n = pick(w);
            let h = SERIES_HEIGHT * n as f64 / max.max(1) as f64;
            Column {
                x: format!("{:.1}", i as f64 * step + step * 0.1),
                y: format!("{:.1}", SERIES_HEIGHT - h),
                width: format!("{:.1}", step * 0.8),
                height: format!("{h:.1}"),
                n,
                week: w.week.clone(),
            }
        })
        .collect();
    Series {
        key,
        total: weeks.iter().map(pick).sum(),
        max,
        first: weeks.first().map(|w| w.week.clone()).unwrap_or_default(),
        last: weeks.last().map(|w| w.week.clone()).unwrap_or_default(),
        columns,
    }
}

/// The median of sorted values, rounded half up; None for none.
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2),
    }
}

struct Figures {
    weeks: Vec<db::dashboard::Week>,
    status: Vec<db::dashboard::Count>,
    departments: Vec<db::dashboard::Count>,
    answer_days: Vec<i64>,
    discussed: Vec<db::dashboard::Discussed>,
}

async fn figures(state: &AppState, scope: Scope) -> AppResult<Figures> {
    Ok(Figures {
        weeks: db::dashboard::activity(&state.db, scope).await?,
        status: db::dashboard::ideas_by_status(&state.db, scope).await?,
        departments: db::dashboard::ideas_by_department(&state.db, scope).await?,
        answer_days: db::dashboard::answer_days(&state.db, scope).await?,
        discussed: db::dashboard::most_discussed(&state.db, scope, 10).await?,
    })
}

fn status_label(state: &AppState, ctx: &Ctx, status: &str) -> String {
    state.t(ctx, &format!("idea-status-{status}"))
}

/// The answer times' distribution: (label, count) per bucket.
fn answer_buckets(state: &AppState, ctx: &Ctx, days: &[i64]) -> Vec<(String, i64)> {
    let mut out = vec![];
    let mut lower = 0;
    for upper in ANSWER_BUCKETS {
        let n = days.iter().filter(|d| **d >= lower && **d < upper).count() as i64;
        let label = state.i18n.t(
            ctx.lang,
            "dashboard-days-range",
            &[("from", lower.into()), ("to", (upper - 1).into())],
        );
        out.push((label, n));
        lower = upper;
    }
    let n = days.iter().filter(|d| **d >= lower).count() as i64;
    out.push((
        state
            .i18n
            .t(ctx.lang, "dashboard-days-more", &[("from", lower.into())]),
        n,
    ));
    out
}

/// Every figure's table, in the page's order.
fn tables(state: &AppState, ctx: &Ctx, f: &Figures) -> Vec<Table> {
    let t = |k: &str| state.t(ctx, k);
    let counts = |name, head: &str, rows: Vec<(String, i64)>| Table {
        name,
        headers: vec![t(head), t("dashboard-count")],
        rows: rows
            .into_iter()
            .map(|(l, n)| vec![l, n.to_string()])
            .collect(),
    };
    vec![
        Table {
            name: "activity",
            headers: [
                "dashboard-week",
                "dashboard-series-participants",
                "dashboard-series-comments",
                "dashboard-series-ideas",
                "dashboard-series-supports",
                "dashboard-series-responses",
                "dashboard-series-votes",
            ]
            .iter()
            .map(|k| t(k))
            .collect(),
            rows: f
                .weeks
                .iter()
                .map(|w| {
                    vec![
                        w.week.clone(),
                        w.participants.to_string(),
                        w.comments.to_string(),
                        w.ideas.to_string(),
                        w.supports.to_string(),
                        w.survey_answers.to_string(),
                        w.votes.to_string(),
                    ]
                })
                .collect(),
        },
        counts(
            "status",
            "dashboard-status",
            f.status
                .iter()
                .map(|c| (status_label(state, ctx, &c.label), c.n))
                .collect(),
        ),
        counts(
            "departments",
            "dashboard-department",
            f.departments
                .iter()
                .map(|c| (c.label.clone(), c.n))
                .collect(),
        ),
        counts(
            "answer-times",
            "dashboard-answer-time",
            answer_buckets(state, ctx, &f.answer_days),
        ),
        Table {
            name: "most-discussed",
            headers: vec![
                t("dashboard-kind"),
                t("dashboard-title-column"),
                t("dashboard-comments"),
            ],
            rows: f
                .discussed
                .iter()
                .map(|d| {
                    vec![
                        t(&format!("dashboard-kind-{}", d.kind)),
                        d.title.clone(),
                        d.comments.to_string(),
                    ]
                })
                .collect(),
        },
    ]
}

/// The query that keeps the scope in links (`?process=` / `?department=`).
fn scope_query(scope: Scope) -> String {
    match scope {
        Scope::Platform => String::new(),
        Scope::Department(d) => format!("?department={d}"),
        Scope::Process(p) => format!("?process={p}"),
    }
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Query(p): Query<ScopeParams>,
) -> AppResult<Response> {
    let (scope, scope_name) = scope(&state, &staff, &p).await?;
    let f = figures(&state, scope).await?;
    let tables = tables(&state, &ctx, &f);
    let activity = vec![
        series("participants", &f.weeks, |w| w.participants),
        series("comments", &f.weeks, |w| w.comments),
        series("ideas", &f.weeks, |w| w.ideas),
        series("supports", &f.weeks, |w| w.supports),
        series("responses", &f.weeks, |w| w.survey_answers),
        series("votes", &f.weeks, |w| w.votes),
    ];
    let status_bars = bars(
        &f.status
            .iter()
            .map(|c| (status_label(&state, &ctx, &c.label), c.n))
            .collect::<Vec<_>>(),
    );
    let department_bars = bars(
        &f.departments
            .iter()
            .map(|c| (c.label.clone(), c.n))
            .collect::<Vec<_>>(),
    );
    let answer_bars = bars(&answer_buckets(&state, &ctx, &f.answer_days));
    let departments = if staff.0.role.can_administer() {
        db::departments::list(&state.db).await?
    } else {
        vec![]
    };
    let departments: Vec<_> = departments
        .into_iter()
        .map(|d| context! { id => d.id, name => d.name })
        .collect();
    let (kind, id) = match scope {
        Scope::Platform => ("platform", 0),
        Scope::Department(d) => ("department", d),
        Scope::Process(p) => ("process", p),
    };
    let page = state.render(
        &ctx,
        "dashboard/show.html",
        context! {
            scope => context! { kind, id, name => scope_name },
            query => scope_query(scope),
            departments,
            activity => Value::from(Serde(&activity)),
            status_bars => Value::from(Serde(&status_bars)),
            department_bars => Value::from(Serde(&department_bars)),
            answer_bars => Value::from(Serde(&answer_bars)),
            answered => f.answer_days.len(),
            median_days => median(&f.answer_days),
            discussed => Value::from(Serde(&f.discussed)),
            tables => Value::from(Serde(&tables)),
        },
    )?;
    Ok(page.into_response())
}

pub async fn csv(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(p): Query<ScopeParams>,
) -> AppResult<Response> {
    let name = file
        .strip_suffix(".csv")
        .filter(|n| FIGURES.contains(n))
        .ok_or_else(AppError::not_found)?;
    let (scope, _) = scope(&state, &staff, &p).await?;
    let f = figures(&state, scope).await?;
    let table = tables(&state, &ctx, &f)
        .into_iter()
        .find(|t| t.name == name)
        .ok_or_else(AppError::not_found)?;
    let mut w = csv_cells::CsvWriter::new(csv_cells::Separator::choose(&p.sep, ctx.lang));
    w.text_row(&table.headers)?;
    for row in &table.rows {
        w.text_row(row)?;
    }
    let mut res = w.finish()?.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let scope_part = match scope {
        Scope::Platform => String::new(),
        Scope::Department(d) => format!("-department-{d}"),
        Scope::Process(p) => format!("-process-{p}"),
    };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{name}{scope_part}-{}.csv\"",
        crate::dates::today()
    )) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
