//! The commands: every change of the platform's state is one function here. A
//! command takes who acts (`Actor`) and typed input, checks the permission,
//! writes, queues events and mails, and reports what changed, all in one
//! transaction (`Tx`). Pages, the demo loader and the benchmarks call the same
//! commands; nothing here knows HTTP.
//!
//! After a commit the instance that wrote forgets at once what the change
//! touched (`Effects`); other instances hear of it through the NOTIFY that the
//! transaction itself carries, so a committed change always announces itself.

pub mod accountability;
pub mod accounts;
pub mod actor;
pub mod admin;
pub mod api_tokens;
pub mod comments;
pub mod documents;
pub mod error;
pub mod federation;
pub mod holds;
pub mod ideas;
pub mod jobs;
pub mod mails;
pub mod maps;
pub mod moderation;
pub mod notifications;
pub mod opinion;
pub mod processes;
pub mod security;
pub mod site;
pub mod site_pages;
pub mod surveys;
pub mod suspensions;
mod tx;

use std::sync::{Arc, OnceLock, Weak};

use db::Db;
use domain::limits::RateLimits;
use i18n::I18n;
use storage::Storage;

pub use actor::Actor;
pub use error::{CommandError, CommandResult};
pub use tx::{Changes, Tx};

/// What commands need to know of the deployment.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address citizens reach the site at; links in mails point there.
    pub public_url: url::Url,
    pub rate_limits: RateLimits,
    /// Where uploaded documents are kept.
    pub storage: Storage,
    /// How long reading an uploaded file (a PDF's text and preview) may take
    /// before it is kept without them.
    pub read_limit: std::time::Duration,
}

impl Config {
    /// An absolute link to `path` on this site.
    pub fn link(&self, path: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

/// What this instance does once a change of its own has committed: forget
/// what it keeps of the change, hand live events on, wake its job worker.
pub trait Effects: Send + Sync {
    fn committed(self: Arc<Self>, changes: &Changes);
}

/// The command layer over one database.
pub struct App {
    pub db: Db,
    pub config: Config,
    pub i18n: Arc<I18n>,
    effects: OnceLock<Weak<dyn Effects>>,
    /// The opinion maps' conversations kept between recomputations.
    opinion_memory: opinion::Memory,
}

impl App {
    pub fn new(db: Db, config: Config, i18n: Arc<I18n>) -> App {
        App {
            db,
            config,
            i18n,
            effects: OnceLock::new(),
            opinion_memory: opinion::Memory::default(),
        }
    }

    /// Names who reacts to this instance's commits. Weak, since that is
    /// usually the web state that owns this `App`.
    pub fn set_effects(&self, effects: Weak<dyn Effects>) {
        let _ = self.effects.set(effects);
    }

    /// Starts the transaction of a command by `actor`.
    pub async fn begin(&self, actor: &Actor) -> CommandResult<Tx<'_>> {
        Tx::begin(self, actor).await
    }

    /// Drops the opinion maps' conversations this instance keeps, so that
    /// the next recomputation of each reads its votes and state from the
    /// database (as after a restart).
    pub fn forget_opinion_maps(&self) {
        self.opinion_memory.clear();
    }

    /// Starts the transaction of a command that stays open to a suspended
    /// person (logging out, changing the password, deleting the account).
    pub(crate) async fn begin_exempt(&self, actor: &Actor) -> CommandResult<Tx<'_>> {
        Tx::begin_exempt(self, actor).await
    }

    /// Hands a committed change to this instance's `Effects`.
    pub(crate) fn committed(&self, changes: &Changes) {
        if let Some(e) = self.effects.get().and_then(Weak::upgrade) {
            e.committed(changes);
        }
    }
}

/// Today in the server's time zone: phases are calendar days.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The result of a command: its value and what changed.
#[derive(Debug)]
pub struct Outcome<T> {
    pub value: T,
    pub changes: Changes,
}
