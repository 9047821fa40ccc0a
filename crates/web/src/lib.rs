//! The web application: axum routes, one module per feature, the page shell,
//! translations and built-in assets. Only this crate knows HTTP.

mod accountability;
mod accounts;
mod admin;
mod api;
pub mod assets;
pub mod cache;
mod config;
mod context;
pub mod cookies;
mod csv_cells;
mod dashboard;
pub mod dates;
mod discussions;
pub mod documents;
mod error;
mod forms;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod headers;
mod health;
pub mod holds;
mod home;
mod ideas;
mod images;
mod maps;
mod members;
pub mod metrics;
mod moderation;
mod notifications;
pub mod opinion;
mod params;
mod people;
mod permissions;
mod processes;
mod search;
pub mod server;
mod site;
mod site_pages;
mod surveys;
mod suspensions;
mod templates;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::from_fn_with_state;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use db::Db;
use domain::Tag;
use mail::Mailer;
use minijinja::{Environment, Value, context};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use app::{mails, security};
pub use config::{DEFAULT_MAX_UPLOAD_MB, WebConfig};
pub use context::Ctx;
pub use error::{AppError, AppResult, ErrorPage};
pub use files::documents::READ_TIME_LIMIT;
pub use permissions::{Admin, Member, Moderator, Staff};
pub use surveys::{Tallies, tallies};
pub use text::{diff, markdown};
pub use {i18n, storage};

pub struct AppState {
    /// The commands, over the same database.
    pub app: app::App,
    pub db: Db,
    pub config: WebConfig,
    pub mailer: Mailer,
    pub i18n: Arc<i18n::I18n>,
    pub assets: Arc<assets::Assets>,
    pub metrics: metrics::Metrics,
    templates: Environment<'static>,
    /// Wakes the job worker when a request queued work.
    pub jobs_waiting: tokio::sync::Notify,
    /// Live discussion streams of this instance.
    pub live: discussions::live::Hub,
    /// Rendered pages shared by readers.
    pub cache: cache::PageCache,
    /// Pages rendered for one logged-in reader who has marks on them.
    pub own_pages: cache::PageCache,
    /// The open data API's answers to anonymous reads (`api::cached`).
    pub api_answers: cache::PageCache,
    /// Logged-in readers' sessions, kept while unchanged.
    pub members: members::Members,
    /// Counted survey results for the staff's results pages.
    pub tallies: Tallies,
    /// The Content-Security-Policy of every response.
    pub csp: HeaderValue,
    /// The site's name and logo as the page shell shows them.
    pub site: site::Site,
    /// The map's base layers, drawn once per set of layers.
    pub base_map: maps::view::BaseMapCache,
    /// Decoded opinion map results, while unchanged.
    pub opinion_views: opinion::Views,
    /// Processes as ActivityPub actors.
    pub federation: federation::Federation,
}

impl federation::Host for AppState {
    fn app(&self) -> &app::App {
        &self.app
    }
    fn federation(&self) -> &federation::Federation {
        &self.federation
    }
}

pub type SharedState = Arc<AppState>;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    I18n(#[from] i18n::I18nError),
    #[error(transparent)]
    Templates(#[from] templates::TemplateError),
    #[error("no randomness for the page markers: {0}")]
    Random(String),
}

impl AppState {
    pub fn new(db: Db, mailer: Mailer, config: WebConfig) -> Result<SharedState, StartError> {
        let theme = config.theme_dir.as_deref();
        let i18n = Arc::new(i18n::I18n::load(theme)?);
        let assets = Arc::new(assets::Assets::load(theme));
        let templates = templates::environment(theme, i18n.clone(), assets.clone())?;
        let csp = headers::content_security_policy(config.map_tiles_origin().as_deref());
        let random = security::random_token().map_err(|e| StartError::Random(e.to_string()))?;
        let markers = cache::Markers::new(&random[..24]);
        let cache = cache::PageCache::new(5_000, markers);
        if !config.page_cache {
            cache.log.turn_off();
        }
        // Own pages have a store of their own, so they never push out shared ones.
        let own_pages = cache::PageCache::beside(cache.log.clone(), cache.markers.clone(), 2_000);
        // The API's answers have a store of their own too, forgotten by the same log.
        let api_answers = cache::PageCache::beside(cache.log.clone(), cache.markers.clone(), 5_000);
        let members = members::Members::new(cache.log.clone());
        let app = app::App::new(
            db.clone(),
            app::Config {
                public_url: config.public_url.clone(),
                rate_limits: config.rate_limits,
                storage: config.storage.clone(),
                read_limit: config.read_limit,
            },
            i18n.clone(),
        );
        let mut federation =
            federation::Federation::new(config.public_url.clone(), config.federation_allow_private);
        federation.actor_ttl = config.federation_actor_ttl;
        let state = Arc::new(AppState {
            federation,
            app,
            db,
            config,
            mailer,
            i18n,
            assets,
            metrics: metrics::Metrics::default(),
            templates,
            jobs_waiting: tokio::sync::Notify::new(),
            live: discussions::live::Hub::default(),
            cache,
            own_pages,
            api_answers,
            members,
            tallies: Tallies::default(),
            csp,
            site: site::Site::default(),
            base_map: Default::default(),
            opinion_views: opinion::Views::default(),
        });
        let effects: std::sync::Weak<dyn app::Effects> = Arc::downgrade(&state) as _;
        state.app.set_effects(effects);
        Ok(state)
    }

    /// Invalidates everywhere what a change written outside the commands
    /// touched (a tool, a test): forgets it here, and tells other instances in
    /// a transaction of its own. A command's commit carries its invalidation
    /// inside its own transaction instead.
    pub async fn invalidate_everywhere(&self, tags: &[Tag]) {
        self.forget_here(tags);
        if self.db.backend() == db::Backend::Postgres {
            let line = domain::tags::join(tags);
            let sent = async {
                let tx = self.db.begin_write().await?;
                db::events::invalidate_in(&tx, &line).await?;
                tx.commit().await.map_err(db::DbError::from)
            };
            if let Err(e) = sent.await {
                tracing::warn!(error = %e, "could not tell other instances about a change");
            }
        }
    }

    /// Forgets what this instance keeps of what the tags name: rendered pages
    /// (shared and own), sessions and counted survey results. Called for
    /// changes committed here and for those that other instances announce; it
    /// tells nobody else.
    pub fn forget_here(&self, tags: &[Tag]) {
        self.cache.forget(tags);
        self.tallies.invalidate(tags);
        if tags.contains(&Tag::All) {
            self.site.forget();
            // The log already makes them unused; this frees their memory.
            self.own_pages.clear();
            self.api_answers.clear();
            self.members.clear();
        }
    }

    /// Whether this instance hears of other instances' changes now (always on
    /// SQLite; on PostgreSQL while the listener listens). Pages are neither
    /// served from memory nor kept while it does not.
    pub fn hears_other_instances(&self) -> bool {
        !self.cache.log.deaf()
    }

    pub fn t(&self, ctx: &Ctx, key: &str) -> String {
        self.i18n.t(ctx.lang, key, &[])
    }

    fn base_context(&self, ctx: &Ctx) -> Value {
        let user = ctx.user.as_deref().map(|u| {
            context! {
                id => u.id,
                display_name => u.display_name.clone(),
                role => u.role.as_str(),
                is_admin => u.role.can_administer(),
                // Part of the reader's class, so shared pages may show it
                // (the staff's menu links to their department's processes).
                department_id => u.department_id,
            }
        });
        let site = self.site.get().unwrap_or_default();
        context! {
            lang => ctx.lang,
            site_name => site.name.clone().unwrap_or_else(|| self.i18n.t(ctx.lang, "site-name", &[])),
            site_logo => site.logo.clone(),
            site_colors => (!site.colors_css.is_empty()).then(|| site.colors_version.clone()),
            site_portal_url => site.portal_url.clone(),
            site_services_url => site.services_url.clone(),
            site_home_heading => site.home_heading.clone(),
            site_home_lead => site.home_lead.clone(),
            user => user,
            csrf_token => ctx.csrf.clone(),
            form_stamp => ctx.stamp.clone(),
            current_path => ctx.path.clone(),
            // Percent-encoded, so it needs no HTML escaping.
            next_param => Value::from_safe_string(
                url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect::<String>(),
            ),
            flash => ctx.flash.clone(),
            unread => ctx.unread.clone(),
            suspension => ctx.suspension.as_ref().map(|s| suspensions::notice(s, ctx.lang)),
        }
    }

    /// Renders a page template with the shell's context (language, user, CSRF
    /// token, flash message) merged under the page's own values.
    pub fn render(&self, ctx: &Ctx, name: &str, page: Value) -> AppResult<Html<String>> {
        let tmpl = self.templates.get_template(name)?;
        let base = self.base_context(ctx);
        Ok(Html(tmpl.render(context! { ..page, ..base })?))
    }

    /// Renders a piece of a page outside a request (for live updates): no user,
    /// no CSRF token (the page's script fills it in).
    pub fn render_fragment(&self, lang: &str, name: &str, page: Value) -> AppResult<String> {
        let tmpl = self.templates.get_template(name)?;
        // A reply form in a fragment is shown from now on.
        let form_stamp = holds::spam::stamp_now(&self.db);
        Ok(tmpl.render(
            context! { ..page, ..context! { lang => lang, csrf_token => "", form_stamp } },
        )?)
    }

    pub fn render_error(&self, ctx: &Ctx, page: ErrorPage) -> Response {
        let (title, text) = page.keys();
        match self.render(
            ctx,
            "error.html",
            context! { title_key => title, text_key => text, status => page.status().as_u16() },
        ) {
            Ok(html) => (page.status(), html).into_response(),
            Err(e) => {
                tracing::error!(error = ?e, "cannot render the error page");
                (page.status(), self.i18n.t(ctx.lang, title, &[])).into_response()
            }
        }
    }
}

impl app::Effects for AppState {
    fn committed(self: Arc<Self>, changes: &app::Changes) {
        self.forget_here(&changes.tags);
        for id in &changes.comments {
            discussions::live::comment_written(&self, *id);
        }
        if changes.jobs {
            self.jobs_waiting.notify_one();
        }
    }
}

/// The whole application as one router, for the server and for tests.
pub fn app(state: SharedState) -> Router {
    let pages = Router::new()
        .route("/", get(processes::home))
        .route("/search", get(search::search))
        .route("/images/{id}/{size}", get(images::serve))
        .merge(processes::routes())
        .merge(ideas::routes())
        .merge(surveys::routes())
        .merge(opinion::routes())
        .merge(documents::routes(&state))
        .merge(discussions::routes())
        .merge(accounts::routes())
        .merge(admin::routes())
        .merge(dashboard::routes())
        .merge(accountability::routes())
        .merge(site_pages::routes())
        .merge(moderation::routes())
        .merge(api::page_routes())
        .merge(maps::routes())
        .merge(notifications::routes())
        .merge(suspensions::routes())
        .merge(holds::routes())
        .fallback(home::not_found)
        .layer(from_fn_with_state(state.clone(), context::middleware));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::serve))
        .route("/static/{file}", get(assets::serve))
        .merge(api::routes(&state))
        .merge(federation::routes::<AppState>())
        .route("/site.css", get(site::stylesheet))
        .merge(pages)
        .layer(from_fn_with_state(state.clone(), metrics::middleware))
        .layer(from_fn_with_state(state.clone(), headers::security_headers))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            let mut res = (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                )],
                "Interner Fehler / Internal error",
            )
                .into_response();
            res.extensions_mut().insert(ErrorPage::Internal);
            res
        }))
        .with_state(state)
}

/// Starts what runs beside the request handlers: the job worker and, on
/// PostgreSQL, the listener for other instances' events. Both stop when
/// `shutdown` turns true.
pub fn spawn_background(
    state: &SharedState,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    if state.db.backend() == db::Backend::Postgres {
        // Until the listener listens, changes on other instances go unheard.
        state.cache.log.set_deaf(true);
    }
    vec![
        tokio::spawn(worker::run(state.clone(), shutdown.clone())),
        tokio::spawn(discussions::live::run_listener(state.clone(), shutdown)),
    ]
}
