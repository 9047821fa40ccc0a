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
    /// Too many of these in too short a time.
    #[error("rate limited")]
    RateLimited,
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
