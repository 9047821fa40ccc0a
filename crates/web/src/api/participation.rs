//! What people said in surveys and opinion maps, as the public pages show it:
//! published survey results (counted questions only, never a free text, no
//! date that could tell when someone answered) and opinion maps with their
//! approved statements and the groups of the last computation. Nobody is
//! named: statements carry no author.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Tag;
use opinion::repness::Side;

use super::openapi::{Param, Schema, wire};
use super::{
    ApiResult, Endpoints, Problem, id_param, page_params, path_id, read, shared_answer, split_page,
    status_param,
};
use crate::surveys::results::charts::{self, Chart};
use crate::{AppState, SharedState};

/// Labels of "other", months and scales are given in the language of the
/// API's documentation.
const LANG: &str = "en";

const SURVEY_STATUSES: &[&str] = &["published", "closed"];

fn link(state: &AppState, path: &str) -> String {
    format!(
        "{}{path}",
        state.config.public_url.as_str().trim_end_matches('/')
    )
}

wire! {
    /// A survey whose results are published.
    pub struct Survey {
        pub id: i64,
        pub process_id: i64,
        pub department_id: i64,
        pub department: String,
        pub title: String,
        /// open, registered or invitation.
        pub access: String,
        /// published (open for answers) or closed.
        pub status: String,
        pub opens_on: Option<NaiveDate>,
        pub closes_on: Option<NaiveDate>,
        /// The results in this API.
        pub results_url: String,
        /// The public results page.
        pub url: String,
    }
}

impl Survey {
    fn from_row(state: &AppState, r: db::api::SurveyRow) -> Survey {
        Survey {
            results_url: link(state, &format!("/api/v1/surveys/{}/results", r.id)),
            url: link(state, &format!("/surveys/{}/report", r.id)),
            id: r.id,
            process_id: r.process_id,
            department_id: r.department_id,
            department: r.department_name,
            title: r.title,
            access: r.access,
            status: r.status,
            opens_on: r.opens_on,
            closes_on: r.closes_on,
        }
    }
}

wire! {
    pub struct SurveyPage {
        pub items: Vec<Survey>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    /// How many gave one answer.
    pub struct ResultCount {
        /// The choice's or option's code, or the month (YYYY-MM) of a date;
        /// null for a range of numbers.
        pub code: Option<String>,
        pub label: String,
        pub count: i64,
        /// Rankings: the mean rank given (1 is first); null otherwise.
        pub mean_rank: Option<f64>,
    }
}

wire! {
    /// A Likert question, or one row of a matrix: how many gave each point of
    /// the scale.
    pub struct ScaleRow {
        pub label: String,
        pub count: i64,
        pub scale: Vec<ResultCount>,
    }
}

wire! {
    /// The answers to a number question.
    pub struct NumberSummary {
        pub count: i64,
        pub mean: f64,
        pub median: f64,
        pub min: f64,
        pub max: f64,
    }
}

wire! {
    pub struct QuestionResults {
        pub id: i64,
        pub code: String,
        /// single, multiple, likert, matrix, number, ranking or date (free
        /// text is never published).
        pub kind: String,
        pub text: String,
        /// How many respondents answered the question.
        pub answered: i64,
        /// Choices, options of a ranking, months of dates, ranges of numbers.
        pub counts: Vec<ResultCount>,
        /// Likert and matrix questions.
        pub rows: Vec<ScaleRow>,
        /// Number questions.
        pub numbers: Option<NumberSummary>,
    }
}

wire! {
    /// A survey's published results: the questions chosen for the public
    /// results page, counted.
    pub struct SurveyResults {
        pub survey: Survey,
        /// How many responses were counted.
        pub responses: i64,
        /// The introduction of the results page, in Markdown.
        pub intro_md: String,
        pub questions: Vec<QuestionResults>,
    }
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn question_results(q: charts::QuestionResult) -> QuestionResults {
    let mut counts = vec![];
    let mut rows = vec![];
    let mut numbers = None;
    match q.chart {
        Chart::Bars { rows: bars, .. } => {
            counts = bars
                .into_iter()
                .map(|b| ResultCount {
                    code: Some(b.code),
                    label: b.label,
                    count: count(b.n),
                    mean_rank: b.mean.parse().ok(),
                })
                .collect();
        }
        Chart::Stacked {
            rows: stacked,
            scale,
            ..
        } => {
            rows = stacked
                .into_iter()
                .map(|r| ScaleRow {
                    label: r.label,
                    count: count(r.n),
                    scale: r
                        .segments
                        .iter()
                        .zip(&scale)
                        .map(|(s, label)| ResultCount {
                            code: None,
                            label: label.clone(),
                            count: count(s.n),
                            mean_rank: None,
                        })
                        .collect(),
                })
                .collect();
        }
        Chart::Columns { columns, stats, .. } => {
            counts = columns
                .into_iter()
                .map(|c| ResultCount {
                    code: None,
                    label: c.label,
                    count: count(c.n),
                    mean_rank: None,
                })
                .collect();
            numbers = stats.and_then(|s| {
                Some(NumberSummary {
                    count: count(s.n),
                    mean: s.mean.parse().ok()?,
                    median: s.median.parse().ok()?,
                    min: s.min.parse().ok()?,
                    max: s.max.parse().ok()?,
                })
            });
        }
        Chart::Texts => {}
    }
    QuestionResults {
        id: q.id,
        code: q.code,
        kind: q.kind.to_owned(),
        text: q.text,
        answered: count(q.answered),
        counts,
        rows,
        numbers,
    }
}

wire! {
    /// An opinion map of a public process.
    pub struct OpinionMap {
        pub id: i64,
        pub process_id: i64,
        pub department_id: i64,
        pub department: String,
        pub title: String,
        pub description: String,
        /// Takes votes and statements now.
        pub open: bool,
        pub created_at: DateTime<Utc>,
        pub statements_url: String,
        pub groups_url: String,
        /// The public map page.
        pub url: String,
    }
}

impl OpinionMap {
    fn from_row(state: &AppState, r: db::api::OpinionMapRow) -> OpinionMap {
        OpinionMap {
            statements_url: link(state, &format!("/api/v1/opinion-maps/{}/statements", r.id)),
            groups_url: link(state, &format!("/api/v1/opinion-maps/{}/groups", r.id)),
            url: link(state, &format!("/opinion/{}/map", r.id)),
            id: r.id,
            process_id: r.process_id,
            department_id: r.department_id,
            department: r.department_name,
            title: r.title,
            description: r.description,
            open: r.open,
            created_at: r.created_at,
        }
    }
}

wire! {
    pub struct OpinionMapPage {
        pub items: Vec<OpinionMap>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    /// An approved statement of an opinion map with its votes.
    pub struct Statement {
        pub id: i64,
        pub body: String,
        /// Written by the staff who opened the map.
        pub seed: bool,
        pub agree: i32,
        pub disagree: i32,
        pub pass: i32,
        pub created_at: DateTime<Utc>,
    }
}

wire! {
    pub struct StatementPage {
        pub items: Vec<Statement>,
        /// The cursor of the next page; null on the last.
        pub next_cursor: Option<String>,
    }
}

wire! {
    /// How a group (or, for consensus, everyone) voted on a statement.
    pub struct GroupStatement {
        pub statement_id: i64,
        pub body: String,
        /// agree or disagree: the side the statement stands for.
        pub side: String,
        /// Percent of those who voted on it that agreed.
        pub agree_percent: i32,
        /// Percent of those who voted on it that disagreed.
        pub disagree_percent: i32,
        /// How many voted on it.
        pub voted: i32,
    }
}

wire! {
    pub struct OpinionGroup {
        pub id: i64,
        /// A, B, C, ... as the map page names the group.
        pub label: String,
        /// How many participants it holds.
        pub size: i64,
        /// The statements that set the group apart, most telling first.
        pub representative: Vec<GroupStatement>,
    }
}

wire! {
    /// The opinion groups of the map's last computation, as its public page
    /// shows them.
    pub struct OpinionGroups {
        pub map_id: i64,
        /// null until the first computation.
        pub computed_at: Option<DateTime<Utc>>,
        /// The votes the computation took into account.
        pub votes: i64,
        /// Participants placed on the map.
        pub participants: i64,
        pub groups: Vec<OpinionGroup>,
        /// Statements most participants agreed or disagreed with.
        pub consensus: Vec<GroupStatement>,
    }
}

fn percent(n: u32, of: u32) -> i32 {
    if of == 0 {
        0
    } else {
        ((f64::from(n) * 100.0) / f64::from(of)).round() as i32
    }
}

fn small(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn side(s: Side) -> String {
    if s == Side::Agree {
        "agree"
    } else {
        "disagree"
    }
    .to_owned()
}

/// Adds this module's reads to the API.
pub(super) fn endpoints(e: Endpoints) -> Endpoints {
    e.get(
        read(
            "/api/v1/surveys",
            "api-ep-surveys",
            "Surveys whose results are published",
            page_params(vec![
                id_param("process", "Only surveys of this process."),
                id_param("department", "Only surveys of this department's processes."),
                status_param(SURVEY_STATUSES),
            ]),
            SurveyPage::schema(),
        ),
        surveys,
    )
    .get(
        read(
            "/api/v1/surveys/{id}/results",
            "api-ep-survey-results",
            "A survey's published results (counted questions only, never free text)",
            vec![Param::path("id", "The survey.")],
            SurveyResults::schema(),
        ),
        survey_results,
    )
    .get(
        read(
            "/api/v1/opinion-maps",
            "api-ep-opinion-maps",
            "Opinion maps of public processes",
            page_params(vec![
                id_param("process", "Only maps of this process."),
                id_param("department", "Only maps of this department's processes."),
            ]),
            OpinionMapPage::schema(),
        ),
        opinion_maps,
    )
    .get(
        read(
            "/api/v1/opinion-maps/{id}/statements",
            "api-ep-opinion-statements",
            "The approved statements of an opinion map with their votes",
            page_params(vec![Param::path("id", "The opinion map.")]),
            StatementPage::schema(),
        ),
        statements,
    )
    .get(
        read(
            "/api/v1/opinion-maps/{id}/groups",
            "api-ep-opinion-groups",
            "The opinion groups of a map's last computation",
            vec![Param::path("id", "The opinion map.")],
            OpinionGroups::schema(),
        ),
        groups,
    )
}

async fn surveys(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let mut p = super::Params::parse(q);
    let filter = db::api::Filter {
        process: p.int("process"),
        department: p.int("department"),
        status: p.one_of("status", SURVEY_STATUSES),
        updated_since: None,
    };
    let w = p.window();
    p.done()?;
    let rows = db::api::surveys(&state.db, &filter, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = rows
        .into_iter()
        .map(|r| Survey::from_row(&state, r))
        .collect();
    shared_answer(
        &headers,
        &SurveyPage { items, next_cursor },
        vec![Tag::Lists],
    )
}

async fn survey_results(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    let row = db::api::survey(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let intro_md = db::surveys::get(&state.db, id)
        .await?
        .map(|s| s.results_intro_md)
        .unwrap_or_default();
    let (tally, questions) =
        crate::surveys::results::publication::published(&state, id, LANG).await?;
    let tags = vec![Tag::Survey(id), Tag::Process(row.process_id)];
    let results = SurveyResults {
        survey: Survey::from_row(&state, row),
        responses: count(tally.responses),
        intro_md,
        questions: questions.into_iter().map(question_results).collect(),
    };
    shared_answer(&headers, &results, tags)
}

async fn opinion_maps(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let mut p = super::Params::parse(q);
    let filter = db::api::Filter {
        process: p.int("process"),
        department: p.int("department"),
        ..Default::default()
    };
    let w = p.window();
    p.done()?;
    let rows = db::api::opinion_maps(&state.db, &filter, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = rows
        .into_iter()
        .map(|r| OpinionMap::from_row(&state, r))
        .collect();
    shared_answer(
        &headers,
        &OpinionMapPage { items, next_cursor },
        vec![Tag::Lists],
    )
}

async fn statements(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut p = super::Params::parse(q);
    let w = p.window();
    p.done()?;
    let map = db::api::opinion_map(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let rows = db::api::statements(&state.db, id, w).await?;
    let (rows, next_cursor) = split_page(rows, w, |r| r.id);
    let items = rows
        .into_iter()
        .map(|r| Statement {
            id: r.id,
            body: r.body,
            seed: r.seed,
            agree: r.agrees,
            disagree: r.disagrees,
            pass: r.passes,
            created_at: r.created_at,
        })
        .collect();
    shared_answer(
        &headers,
        &StatementPage { items, next_cursor },
        vec![
            Tag::OpinionMap(id),
            Tag::OpinionVotes(id),
            Tag::Process(map.process_id),
        ],
    )
}

async fn groups(
    State(state): State<SharedState>,
    headers: HeaderMap,
    crate::params::Path(id): crate::params::Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = db::api::opinion_map(&state.db, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let tags = vec![Tag::OpinionMap(id), Tag::Process(map.process_id)];
    let stored = crate::opinion::stored_state(&state, id).await?;
    let Some((s, stamp)) = stored else {
        let empty = OpinionGroups {
            map_id: id,
            computed_at: None,
            votes: 0,
            participants: 0,
            groups: vec![],
            consensus: vec![],
        };
        return shared_answer(&headers, &empty, tags);
    };
    // Only approved statements are shown: one moderated out since the
    // computation is left out of its results as well.
    let approved =
        db::opinion::statements(state.db.conn(), id, Some(db::opinion::Moderation::Approved))
            .await?;
    let texts: HashMap<i64, &db::opinion::Statement> =
        approved.iter().map(|st| (st.id, st)).collect();
    let groups = s
        .groups
        .iter()
        .map(|g| OpinionGroup {
            id: g.id as i64,
            label: crate::opinion::group_label(g.id),
            size: g.members.len() as i64,
            representative: g
                .representative
                .iter()
                .filter_map(|r| {
                    let st = texts.get(&(r.statement as i64))?;
                    Some(GroupStatement {
                        statement_id: st.id,
                        body: st.body.clone(),
                        side: side(r.side),
                        agree_percent: percent(r.counts.agree, r.counts.seen),
                        disagree_percent: percent(r.counts.disagree, r.counts.seen),
                        voted: small(r.counts.seen),
                    })
                })
                .collect(),
        })
        .collect();
    let mut consensus = vec![];
    for (sd, list) in [
        (Side::Agree, &s.consensus_agree),
        (Side::Disagree, &s.consensus_disagree),
    ] {
        for c in list {
            if let Some(st) = texts.get(&(c.statement as i64)) {
                let voted = (st.agrees + st.disagrees + st.passes).max(0) as u32;
                consensus.push(GroupStatement {
                    statement_id: st.id,
                    body: st.body.clone(),
                    side: side(sd),
                    agree_percent: percent(st.agrees.max(0) as u32, voted),
                    disagree_percent: percent(st.disagrees.max(0) as u32, voted),
                    voted: small(voted),
                });
            }
        }
    }
    let out = OpinionGroups {
        map_id: id,
        computed_at: Some(stamp.computed_at),
        votes: stamp.vote_count,
        participants: s.projections.len() as i64,
        groups,
        consensus,
    };
    shared_answer(&headers, &out, tags)
}
