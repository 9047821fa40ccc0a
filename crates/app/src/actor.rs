//! Who carries out a command.

use std::sync::Arc;

use db::accounts::User;
use domain::Role;

use crate::CommandError;

#[derive(Debug, Clone)]
pub enum Actor {
    /// Nobody logged in (a visitor, a respondent with an invitation link).
    Anonymous,
    /// A logged-in person.
    Person(Arc<User>),
    /// The platform itself: the demo loader, the command line, the worker.
    System,
}

impl Actor {
    pub fn person(user: Arc<User>) -> Actor {
        Actor::Person(user)
    }

    /// The person acting, or `LoginRequired`.
    pub fn user(&self) -> Result<&User, CommandError> {
        match self {
            Actor::Person(u) => Ok(u),
            _ => Err(CommandError::LoginRequired),
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::Person(u) => Some(u.id),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Person(u) => Some(u.role),
            Actor::System => Some(Role::Admin),
            Actor::Anonymous => None,
        }
    }

    /// Moderators and administrators (and the system) may act on anyone's
    /// contributions.
    pub fn moderates(&self) -> bool {
        matches!(self.role(), Some(Role::Moderator | Role::Admin))
    }
}
