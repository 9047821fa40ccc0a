//! One error type for every handler. It becomes a status code plus a marker;
//! the context middleware turns the marker into a full, translated page, so
//! users never see a bare error and internal details only reach the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    BadRequest,
    Forbidden,
    /// A suspended person tried to write.
    Suspended,
    CsrfFailed,
    NotFound,
    TooLarge,
    Timeout,
    Unavailable,
    Internal,
}

impl ErrorPage {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorPage::BadRequest => StatusCode::BAD_REQUEST,
            ErrorPage::Forbidden | ErrorPage::CsrfFailed | ErrorPage::Suspended => {
                StatusCode::FORBIDDEN
            }
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorPage::Timeout => StatusCode::REQUEST_TIMEOUT,
            ErrorPage::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The translation keys of the page's heading and text.
    pub fn keys(self) -> (&'static str, &'static str) {
        match self {
            ErrorPage::BadRequest => ("error-bad-request-title", "error-bad-request-text"),
            ErrorPage::Forbidden => ("error-forbidden-title", "error-forbidden-text"),
            ErrorPage::CsrfFailed => ("error-csrf-title", "error-csrf-text"),
            ErrorPage::Suspended => ("error-suspended-title", "error-suspended"),
            ErrorPage::NotFound => ("error-not-found-title", "error-not-found-text"),
            ErrorPage::TooLarge => ("error-too-large-title", "error-too-large-text"),
            ErrorPage::Timeout => ("error-timeout-title", "error-timeout-text"),
            ErrorPage::Unavailable => ("error-unavailable-title", "error-unavailable-text"),
            ErrorPage::Internal => ("error-internal-title", "error-internal-text"),
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let mut res = (self.status(), self.keys().0).into_response();
        if self == ErrorPage::Unavailable {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        res.extensions_mut().insert(self);
        res
    }
}

#[derive(Debug)]
pub enum AppError {
    Page(ErrorPage),
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn not_found() -> Self {
        AppError::Page(ErrorPage::NotFound)
    }
    pub fn forbidden() -> Self {
        AppError::Page(ErrorPage::Forbidden)
    }
    pub fn bad_request() -> Self {
        AppError::Page(ErrorPage::BadRequest)
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Page(p) => p.into_response(),
            AppError::Internal(msg) => {
                tracing::error!(error = %msg, "request failed");
                ErrorPage::Internal.into_response()
            }
        }
    }
}

impl From<db::DbError> for AppError {
    fn from(e: db::DbError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable");
            AppError::Page(ErrorPage::Unavailable)
        } else {
            AppError::Internal(e.to_string())
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

impl From<crate::security::HashError> for AppError {
    fn from(e: crate::security::HashError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<getrandom::Error> for AppError {
    fn from(e: getrandom::Error) -> Self {
        AppError::Internal(format!("random source: {e}"))
    }
}

/// A command's refusal as a page. Handlers that show a form again match
/// `CommandError::Invalid` (and the like) themselves before this applies.
impl From<app::CommandError> for AppError {
    fn from(e: app::CommandError) -> Self {
        use app::CommandError as E;
        match e {
            E::LoginRequired | E::Forbidden => AppError::forbidden(),
            E::Suspended => AppError::Page(ErrorPage::Suspended),
            E::NotFound => AppError::not_found(),
            E::Invalid(_) | E::Refused(_) | E::RateLimited(..) => AppError::bad_request(),
            E::Db(e) => e.into(),
            E::Internal(msg) => AppError::Internal(msg),
        }
    }
}
