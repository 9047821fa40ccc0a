//! The staff's inbox: the ideas routed to their department, filtered.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use db::ideas::ListQuery;
use domain::Role;
use domain::ideas::{Sort, Status};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Deserialize;

use super::view::idea_view;
use crate::params::{PageNumber, Query};
use crate::{AppError, AppResult, Ctx, SharedState, Staff};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxParams {
    department: String,
    status: String,
    category: String,
    min_supports: String,
    from: String,
    until: String,
    sort: String,
    page: PageNumber,
}

fn day_start(s: &str) -> Option<chrono::DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    Utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single()
}

pub async fn inbox(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ctx: Ctx,
    Query(p): Query<InboxParams>,
) -> AppResult<Response> {
    let departments = db::departments::list(&state.db).await?;
    let department = match user.role {
        Role::Admin => p
            .department
            .parse::<i64>()
            .ok()
            .or_else(|| departments.first().map(|d| d.id)),
        Role::Staff => user.department_id,
        _ => None,
    };
    let Some(department) = department else {
        return Err(AppError::forbidden());
    };
    let q = ListQuery {
        department_id: Some(department),
        status: Status::parse(&p.status),
        category: Some(p.category.trim().to_owned()).filter(|c| !c.is_empty()),
        min_supports: p.min_supports.trim().parse().ok(),
        since: day_start(&p.from),
        until: day_start(&p.until).map(|t| t + chrono::Duration::days(1)),
        sort: Sort::parse(&p.sort, 1),
        page: p.page.index(),
        per_page: 30,
        ..Default::default()
    };
    let list = db::ideas::list(&state.db, &q).await?;
    let mut items: Vec<_> = list
        .items
        .iter()
        .map(|i| idea_view(i, None, ctx.lang))
        .collect();
    crate::accountability::mark_views(&state, &mut items, ctx.lang).await?;
    let query_base: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("department", &department.to_string())
        .append_pair("status", &p.status)
        .append_pair("category", &p.category)
        .append_pair("min_supports", &p.min_supports)
        .append_pair("from", &p.from)
        .append_pair("until", &p.until)
        .append_pair("sort", &p.sort)
        .finish();
    let department_name = departments
        .iter()
        .find(|d| d.id == department)
        .map(|d| d.name.clone());
    let deps: Vec<Value> = if user.role == Role::Admin {
        departments
            .into_iter()
            .map(|d| context! { id => d.id, name => d.name })
            .collect()
    } else {
        vec![]
    };
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    Ok(state
        .render(
            &ctx,
            "ideas/inbox.html",
            context! {
                items => Value::from(Serde(items)),
                total => list.total,
                page => q.page + 1,
                pages => list.pages.max(1),
                department, department_name, departments => deps, statuses,
                status => p.status.clone(), category => p.category.clone(),
                min_supports => p.min_supports.clone(), from => p.from.clone(), until => p.until.clone(),
                sort => q.sort.as_str(), query_base,
            },
        )?
        .into_response())
}
