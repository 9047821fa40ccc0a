//! The survey builder for staff: settings, questions on pages, conditions,
//! preview, publishing and closing.

use app::surveys::SettingsInput;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use db::surveys::Survey;
use domain::surveys::{
    Access, Kind, OTHER, Question, QuestionInput, Raw, Status, choices_text, default_scale, live,
    pages,
};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::view::{by_page, question_view, survey_view};
use super::{managed, refusal, refused_form};
use crate::accounts::redirect;
use crate::forms::{FormState, PostForm};
use crate::params::{Path, Query};
use crate::{AppError, AppResult, AppState, Ctx, SharedState, Staff};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/processes/{id}/surveys/new", get(new_form))
        .route("/processes/{id}/surveys", post(create))
        .route("/surveys/{id}/edit", get(edit))
        .route("/surveys/{id}/settings", post(update_settings))
        .route("/surveys/{id}/questions/new", get(new_question))
        .route("/surveys/{id}/questions", post(add_question))
        .route(
            "/surveys/{id}/questions/{qid}",
            get(edit_question).post(update_question),
        )
        .route(
            "/surveys/{id}/questions/{qid}/delete",
            get(confirm_delete).post(delete_question),
        )
        .route("/surveys/{id}/questions/{qid}/move", post(move_question))
        .route("/surveys/{id}/preview", get(preview))
        .route("/surveys/{id}/status", post(set_status))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    title: String,
    welcome: String,
    end: String,
    access: String,
    opens_on: String,
    closes_on: String,
}

impl SettingsForm {
    fn state(&self) -> FormState {
        FormState::new()
            .value("title", &self.title)
            .value("welcome", &self.welcome)
            .value("end", &self.end)
            .value("access", &self.access)
            .value("opens_on", &self.opens_on)
            .value("closes_on", &self.closes_on)
    }

    fn of(s: &Survey) -> SettingsForm {
        SettingsForm {
            title: s.title.clone(),
            welcome: s.welcome_md.clone(),
            end: s.end_md.clone(),
            access: s.access.as_str().into(),
            opens_on: s.opens_on.map(|d| d.to_string()).unwrap_or_default(),
            closes_on: s.closes_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn input(&self) -> SettingsInput {
        SettingsInput {
            title: self.title.clone(),
            welcome: self.welcome.clone(),
            end: self.end.clone(),
            access: self.access.clone(),
            opens_on: self.opens_on.clone(),
            closes_on: self.closes_on.clone(),
        }
    }
}

async fn managed_process(
    state: &AppState,
    ctx: &Ctx,
    process_id: i64,
) -> Result<db::processes::Process, Box<Response>> {
    app::surveys::managed_process(&state.app, &ctx.actor(), process_id)
        .await
        .map_err(|e| Box::new(refusal(state, ctx, e)))
}

fn render_new(
    state: &AppState,
    ctx: &Ctx,
    p: &db::processes::Process,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "surveys/new.html",
        context! { process_id => p.id, process_title => p.title.clone(), form => form, accesses => access_names() },
    )?;
    Ok((status, html).into_response())
}

fn access_names() -> Vec<&'static str> {
    Access::ALL.iter().map(|a| a.as_str()).collect()
}

pub async fn new_form(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = or_return!(managed_process(&state, &ctx, id).await);
    let form = FormState::new().value("access", "open");
    render_new(&state, &ctx, &p, form, StatusCode::OK)
}

pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<SettingsForm>,
) -> AppResult<Response> {
    match app::surveys::create(&state.app, &staff.actor(), id, &f.input()).await {
        Ok(out) => Ok(redirect(
            &state,
            &format!("/surveys/{}/edit", out.value),
            Some("flash-survey-created"),
        )),
        Err(e) => {
            let Some(errs) = e.field_errors() else {
                return Ok(refusal(&state, &ctx, e));
            };
            let p = or_return!(managed_process(&state, &ctx, id).await);
            render_new(
                &state,
                &ctx,
                &p,
                f.state().errors(&errs),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// What the builder page shows besides the survey: the settings form, and an
/// add-question form that failed, if any.
struct BuilderForms {
    settings: FormState,
    /// Why a change of status was refused: shown once, beside the status
    /// buttons, not in the settings form's summary.
    status_error: Option<String>,
}

async fn render_builder(
    state: &AppState,
    ctx: &Ctx,
    s: &Survey,
    qs: &[Question],
    forms: BuilderForms,
    status: StatusCode,
) -> AppResult<Response> {
    let by_page = by_page(qs);
    let deleted: Vec<_> = qs
        .iter()
        .filter(|q| q.deleted)
        .map(|q| question_view(q, qs, &Raw::new(), None))
        .collect();
    let counts = if s.access == Access::Invitation {
        Some(db::surveys::invitation_counts(&state.db, s.id).await?)
    } else {
        None
    };
    let html = state.render(
        ctx,
        "surveys/builder.html",
        context! {
            s => Serde(survey_view(ctx.lang, s)),
            pages => Serde(by_page),
            deleted => Serde(deleted),
            settings => forms.settings,
            status_error => forms.status_error,
            accesses => access_names(),
            kinds => Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            locked => s.response_count > 0,
            invited => counts.map(|c| c.total),
            invitations_used => counts.map(|c| c.used),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn edit(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (s, qs) = or_return!(managed(&state, &ctx, id).await);
    let settings = SettingsForm::of(&s).state();
    render_builder(
        &state,
        &ctx,
        &s,
        &qs,
        BuilderForms {
            settings,
            status_error: None,
        },
        StatusCode::OK,
    )
    .await
}

pub async fn update_settings(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<SettingsForm>,
) -> AppResult<Response> {
    match app::surveys::update_settings(&state.app, &staff.actor(), id, &f.input()).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/surveys/{id}/edit"),
            Some("flash-survey-saved"),
        )),
        Err(e) => {
            let (errs, s, qs) = or_return!(refused_form(&state, &ctx, id, e).await);
            let settings = f.state().errors(&errs);
            render_builder(
                &state,
                &ctx,
                &s,
                &qs,
                BuilderForms {
                    settings,
                    status_error: None,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------
// Questions

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuestionForm {
    kind: String,
    text: String,
    help: String,
    required: Option<String>,
    page: String,
    options: String,
    rows: String,
    scale: String,
    allow_other: Option<String>,
    min: String,
    max: String,
    integer: Option<String>,
    condition: String,
}

impl QuestionForm {
    fn input(&self) -> QuestionInput<'_> {
        QuestionInput {
            kind: &self.kind,
            text: &self.text,
            help: &self.help,
            required: self.required.is_some(),
            page: &self.page,
            options: &self.options,
            rows: &self.rows,
            scale: &self.scale,
            allow_other: self.allow_other.is_some(),
            min: &self.min,
            max: &self.max,
            integer: self.integer.is_some(),
            condition: &self.condition,
        }
    }

    fn state(&self) -> FormState {
        let flag = |b: &Option<String>| if b.is_some() { "1" } else { "" };
        FormState::new()
            .value("kind", &self.kind)
            .value("text", &self.text)
            .value("help", &self.help)
            .value("required", flag(&self.required))
            .value("page", &self.page)
            .value("options", &self.options)
            .value("rows", &self.rows)
            .value("scale", &self.scale)
            .value("allow_other", flag(&self.allow_other))
            .value("min", &self.min)
            .value("max", &self.max)
            .value("integer", flag(&self.integer))
            .value("condition", &self.condition)
    }

    fn of(q: &Question) -> QuestionForm {
        let some = |b: bool| b.then(|| "1".to_owned());
        QuestionForm {
            kind: q.kind.as_str().into(),
            text: q.text.clone(),
            help: q.help.clone(),
            required: some(q.required),
            page: q.page.to_string(),
            options: choices_text(&q.config.options),
            rows: choices_text(&q.config.rows),
            scale: choices_text(&q.config.scale),
            allow_other: some(q.config.allow_other),
            min: q
                .config
                .min
                .map(domain::surveys::format_number)
                .unwrap_or_default(),
            max: q
                .config
                .max
                .map(domain::surveys::format_number)
                .unwrap_or_default(),
            integer: some(q.config.integer),
            condition: q
                .condition
                .as_ref()
                .map(|c| format!("{}:{}", c.question_id, c.value))
                .unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
struct ConditionChoice {
    value: String,
    label: String,
}

/// Every "question = answer" a condition can name: choices of other questions.
fn condition_choices(
    state: &AppState,
    ctx: &Ctx,
    qs: &[Question],
    except: Option<i64>,
) -> Vec<ConditionChoice> {
    let other = state.t(ctx, "survey-other");
    live(qs)
        .into_iter()
        .filter(|q| q.kind.is_choice() && Some(q.id) != except)
        .flat_map(|q| {
            let other = other.clone();
            q.choices().into_iter().map(move |c| ConditionChoice {
                value: format!("{}:{}", q.id, c.code),
                label: format!(
                    "{} ({}) = {}",
                    q.code,
                    short(&q.text),
                    if c.code == OTHER {
                        other.clone()
                    } else {
                        c.label
                    }
                ),
            })
        })
        .collect()
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(50).collect();
    if s.chars().count() > 50 {
        t.push('…');
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn render_question_form(
    state: &AppState,
    ctx: &Ctx,
    s: &Survey,
    qs: &[Question],
    question: Option<&Question>,
    kind: Kind,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let html = state.render(
        ctx,
        "surveys/question.html",
        context! {
            s => Serde(survey_view(ctx.lang, s)),
            question_id => question.map(|q| q.id),
            question_code => question.map(|q| q.code.clone()),
            kind => kind.as_str(),
            has_options => kind.has_options(),
            has_scale => kind.has_scale(),
            has_rows => kind.has_rows(),
            is_number => kind == Kind::Number,
            may_other => matches!(kind, Kind::Single | Kind::Multiple),
            conditions => Serde(condition_choices(state, ctx, qs, question.map(|q| q.id))),
            locked => s.response_count > 0 && question.is_some(),
            form => form,
            max_page => pages(qs).last().copied().unwrap_or(1) + 1,
        },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuestionParams {
    kind: String,
    page: String,
}

pub async fn new_question(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<NewQuestionParams>,
) -> AppResult<Response> {
    let (s, qs) = or_return!(managed(&state, &ctx, id).await);
    let Some(kind) = Kind::parse(&params.kind) else {
        return Ok(redirect(&state, &format!("/surveys/{id}/edit"), None));
    };
    let scale = if kind.has_scale() {
        let labels: Vec<String> = (1..=5)
            .map(|n| state.t(&ctx, &format!("survey-scale-default-{n}")))
            .collect();
        choices_text(&default_scale([
            &labels[0], &labels[1], &labels[2], &labels[3], &labels[4],
        ]))
    } else {
        String::new()
    };
    let page = if params.page.is_empty() {
        pages(&qs).last().copied().unwrap_or(1).to_string()
    } else {
        params.page
    };
    let form = FormState::new()
        .value("kind", kind.as_str())
        .value("page", page)
        .value("scale", scale)
        .value("required", "1");
    render_question_form(&state, &ctx, &s, &qs, None, kind, form, StatusCode::OK)
}

pub async fn add_question(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<QuestionForm>,
) -> AppResult<Response> {
    let Some(kind) = Kind::parse(&f.kind) else {
        return Err(AppError::bad_request());
    };
    match app::surveys::add_question(&state.app, &staff.actor(), id, &f.input()).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/surveys/{id}/edit"),
            Some("flash-survey-question-added"),
        )),
        Err(e) => {
            let (errs, s, qs) = or_return!(refused_form(&state, &ctx, id, e).await);
            render_question_form(
                &state,
                &ctx,
                &s,
                &qs,
                None,
                kind,
                f.state().errors(&errs),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

fn find(qs: &[Question], qid: i64) -> AppResult<&Question> {
    Ok(app::surveys::find(qs, qid)?)
}

pub async fn edit_question(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (s, qs) = or_return!(managed(&state, &ctx, id).await);
    let q = find(&qs, qid)?;
    let form = QuestionForm::of(q).state();
    render_question_form(&state, &ctx, &s, &qs, Some(q), q.kind, form, StatusCode::OK)
}

pub async fn update_question(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    PostForm(f): PostForm<QuestionForm>,
) -> AppResult<Response> {
    match app::surveys::update_question(&state.app, &staff.actor(), id, qid, &f.input()).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/surveys/{id}/edit#question-{qid}"),
            Some("flash-survey-saved"),
        )),
        Err(e) => {
            let (errs, s, qs) = or_return!(refused_form(&state, &ctx, id, e).await);
            let q = find(&qs, qid)?;
            render_question_form(
                &state,
                &ctx,
                &s,
                &qs,
                Some(q),
                q.kind,
                f.state().errors(&errs),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

pub async fn confirm_delete(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (s, qs) = or_return!(managed(&state, &ctx, id).await);
    let q = find(&qs, qid)?;
    let dependents: Vec<String> = qs
        .iter()
        .filter(|x| !x.deleted && x.condition.as_ref().is_some_and(|c| c.question_id == qid))
        .map(|x| x.code.clone())
        .collect();
    let html = state.render(
        &ctx,
        "surveys/delete.html",
        context! {
            s => Serde(survey_view(ctx.lang, &s)),
            q => Serde(question_view(q, &qs, &Raw::new(), None)),
            has_answers => s.response_count > 0,
            dependents => dependents,
        },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    confirm: String,
}

pub async fn delete_question(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    PostForm(f): PostForm<ConfirmForm>,
) -> AppResult<Response> {
    if f.confirm != "yes" {
        // Nothing changes; the confirmation page is asked for again.
        let (_, qs) = or_return!(managed(&state, &ctx, id).await);
        find(&qs, qid)?;
        return Ok(redirect(
            &state,
            &format!("/surveys/{id}/questions/{qid}/delete"),
            None,
        ));
    }
    if let Err(e) = app::surveys::delete_question(&state.app, &staff.actor(), id, qid).await {
        return Ok(refusal(&state, &ctx, e));
    }
    Ok(redirect(
        &state,
        &format!("/surveys/{id}/edit"),
        Some("flash-survey-question-deleted"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    direction: String,
}

pub async fn move_question(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path((id, qid)): Path<(i64, i64)>,
    PostForm(f): PostForm<MoveForm>,
) -> AppResult<Response> {
    let up = f.direction == "up";
    if let Err(e) = app::surveys::move_question(&state.app, &staff.actor(), id, qid, up).await {
        return Ok(refusal(&state, &ctx, e));
    }
    Ok(redirect(
        &state,
        &format!("/surveys/{id}/edit#question-{qid}"),
        None,
    ))
}

pub async fn preview(
    State(state): State<SharedState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (s, qs) = or_return!(managed(&state, &ctx, id).await);
    let by_page = by_page(&qs);
    let html = state.render(
        &ctx,
        "surveys/preview.html",
        context! { s => Serde(survey_view(ctx.lang, &s)), pages => Serde(by_page) },
    )?;
    Ok(html.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<SharedState>,
    staff: Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    PostForm(f): PostForm<StatusForm>,
) -> AppResult<Response> {
    let Some(status) = Status::parse(&f.status) else {
        // Only staff learn that the form was malformed.
        or_return!(managed(&state, &ctx, id).await);
        return Err(AppError::bad_request());
    };
    match app::surveys::set_status(&state.app, &staff.actor(), id, status).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/surveys/{id}/edit"),
            Some("flash-survey-status-changed"),
        )),
        Err(e) => {
            let (errs, s, qs) = or_return!(refused_form(&state, &ctx, id, e).await);
            let settings = SettingsForm::of(&s).state();
            let status_error = errs.get("status").map(|k| k.to_string());
            render_builder(
                &state,
                &ctx,
                &s,
                &qs,
                BuilderForms {
                    settings,
                    status_error,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
