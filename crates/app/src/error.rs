//! Why a command did not change anything.

use domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Only a logged-in person may do this.
    #[error("login required")]
    LoginRequired,
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// What the command is about does not exist, or the actor may not see it.
    #[error("not found")]
    NotFound,
    /// The input is not acceptable; message keys per field.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A rule forbids it now (a phase is closed, a window has passed); the
    /// message key for the field it concerns.
    #[error("refused")]
    Refused(FieldErrors),
    /// Too many of these in too short a time: the field and message key.
    #[error("rate limited")]
    RateLimited(&'static str, &'static str),
    /// The acting person is suspended: they may read, not write.
    #[error("suspended")]
    Suspended,
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("{0}")]
    Internal(String),
}

impl CommandError {
    /// One field's message.
    pub fn field(field: &'static str, key: &'static str) -> CommandError {
        CommandError::Invalid(FieldErrors::one(field, key))
    }

    pub fn refused(field: &'static str, key: &'static str) -> CommandError {
        CommandError::Refused(FieldErrors::one(field, key))
    }

    /// The field messages of a refusal of the input, if it is one.
    pub fn field_errors(&self) -> Option<FieldErrors> {
        match self {
            CommandError::Invalid(e) | CommandError::Refused(e) => Some(e.clone()),
            CommandError::RateLimited(field, key) => Some(FieldErrors::one(field, key)),
            // Forms keep what was typed and say why next to the text.
            CommandError::Suspended => Some(FieldErrors::one("body", "error-suspended")),
            _ => None,
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> CommandError {
        CommandError::Internal(e.to_string())
    }
}

impl From<db::DbErr> for CommandError {
    fn from(e: db::DbErr) -> Self {
        CommandError::Db(db::DbError::from(e))
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
