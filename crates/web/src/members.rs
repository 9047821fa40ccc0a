//! Logged-in readers: their session, looked up once and then kept in memory
//! while nothing about it changes, with the footprint and the class that decide
//! which shared pages they may be served.
//!
//! A kept session is dropped when its person's tag (`Tag::User`) is forgotten
//! (every form post of theirs, a change of role, a password reset, a
//! verified address; here and on other instances), when everything is forgotten
//! (the listener reconnected), when it expires, and in any
//! case after `FRESH_FOR`, which bounds what a change made outside the server
//! (the command line) can take to show.

use domain::Tag;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use db::accounts::User;
use db::footprints::Involvement;
use db::{Db, DbError};

use crate::cache::{ForgetLog, Lru, Markers};

const FRESH_FOR: Duration = Duration::from_secs(30);
const MAX_KEPT: usize = 100_000;
/// The id of the stand-in a shared page is rendered for: no account has it.
const STAND_IN_ID: i64 = -1;

/// A logged-in reader as far as serving pages goes.
pub struct Member {
    pub user: Arc<User>,
    /// What they have left marks on.
    pub footprint: HashSet<Involvement>,
    /// Their class (see `class`), the key of the pages they share.
    pub class: String,
    /// Their name as it goes into a page's slot.
    pub name_html: String,
    /// Their suspension when they were looked up (a new one or a lift
    /// forgets their tag, so this is reloaded).
    pub suspension: Option<db::suspensions::Suspension>,
    /// Their tag, whose invalidation drops what is kept of them.
    tag: Tag,
    expires_at: DateTime<Utc>,
    loaded: Instant,
    epoch: u64,
}

impl Member {
    /// Their suspension if it is still in force.
    pub fn suspended(&self) -> Option<&db::suspensions::Suspension> {
        self.suspension.as_ref().filter(|s| s.active_at(Utc::now()))
    }

    /// Whether a page about `involvement` shows marks of theirs.
    pub fn involved(&self, involvement: Option<Involvement>) -> bool {
        involvement.is_some_and(|i| self.footprint.contains(&i))
    }
}

/// The sessions this instance keeps, by their stored id (hash), bounded in
/// number (the least recently used go first), and the log that says which of
/// them changed.
pub struct Members {
    log: Arc<ForgetLog>,
    kept: Mutex<Lru<String, Arc<Member>>>,
}

impl Members {
    pub fn new(log: Arc<ForgetLog>) -> Members {
        Members {
            log,
            kept: Mutex::new(Lru::new(MAX_KEPT)),
        }
    }

    /// Drops every kept session (their memory; the log already makes them unused).
    pub fn clear(&self) {
        if let Ok(mut k) = self.kept.lock() {
            k.clear();
        }
    }

    fn fresh(&self, m: &Member) -> bool {
        m.expires_at > Utc::now()
            && m.loaded.elapsed() < FRESH_FOR
            && self.log.unchanged_since(&[m.tag], m.epoch)
    }

    /// The reader behind a session's stored id, if the session is live.
    pub async fn resolve(&self, db: &Db, session: &str) -> Result<Option<Arc<Member>>, DbError> {
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|mut k| k.get(&session.to_owned()).cloned());
        if let Some(m) = kept
            && self.fresh(&m)
        {
            return Ok(Some(m));
        }
        let epoch = self.log.epoch();
        let Some(signed) = db::sessions::user_of(db, session).await? else {
            if let Ok(mut k) = self.kept.lock() {
                k.remove(&session.to_owned());
            }
            return Ok(None);
        };
        let footprint = db::footprints::of_user(db, signed.user.id).await?;
        let suspension = db::suspensions::active(db.conn(), signed.user.id, db::now()).await?;
        let mut name_html = String::new();
        crate::markdown::escape_into(&mut name_html, &signed.user.display_name);
        let m = Arc::new(Member {
            class: class(&signed.user),
            tag: Tag::User(signed.user.id),
            name_html,
            user: Arc::new(signed.user),
            footprint,
            suspension,
            expires_at: signed.expires_at,
            loaded: Instant::now(),
            epoch,
        });
        if self.fresh(&m)
            && let Ok(mut k) = self.kept.lock()
        {
            k.insert(session.to_owned(), m.clone());
        }
        Ok(Some(m))
    }
}

/// Everything about a reader besides who they are that a shared page may
/// depend on (role, department, verified address): readers alike in this are
/// served the same page. A shared page may show nothing else of its reader but
/// their display name, through the name slot.
fn class(u: &User) -> String {
    format!(
        "{}.{}.{}",
        u.role.as_str(),
        u.department_id.unwrap_or(0),
        u.email_verified
    )
}

/// Someone of `u`'s class who has taken part in nothing, named by a marker.
pub fn stand_in(u: &User, markers: &Markers) -> User {
    User {
        id: STAND_IN_ID,
        email: String::new(),
        display_name: markers.name.clone(),
        password_hash: String::new(),
        role: u.role,
        department_id: u.department_id,
        email_verified: u.email_verified,
        created_at: DateTime::<Utc>::UNIX_EPOCH,
        locale: String::new(),
    }
}
