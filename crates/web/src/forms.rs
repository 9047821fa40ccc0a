//! What a form page needs to show again after a failed submit: the values the
//! user typed (never passwords) and one message key per field in error.

use std::collections::BTreeMap;

use axum::extract::{FromRequest, Request};
use domain::FieldErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

#[derive(Debug, Default, Serialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<&'static str, &'static str>,
    /// The fields in error in form order, for the summary at the top.
    pub error_list: Vec<(&'static str, &'static str)>,
}

impl FormState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn value(mut self, field: &str, v: impl Into<String>) -> Self {
        self.values.insert(field.to_owned(), v.into());
        self
    }

    pub fn errors(mut self, errors: &FieldErrors) -> Self {
        for e in &errors.0 {
            if !self.errors.contains_key(e.field) {
                self.errors.insert(e.field, e.key);
                self.error_list.push((e.field, e.key));
            }
        }
        self
    }

    pub fn error(self, field: &'static str, key: &'static str) -> Self {
        let mut errs = FieldErrors::new();
        errs.add(field, key);
        self.errors(&errs)
    }
}

/// A urlencoded form body. Unlike axum's `Form`, a body that does not parse
/// gets the friendly "bad request" page instead of a bare 422.
pub struct PostForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PostForm<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(PostForm(v)),
            Err(e) => {
                tracing::info!(error = %e, "unparseable form");
                Err(AppError::bad_request())
            }
        }
    }
}

impl From<FormState> for minijinja::Value {
    fn from(f: FormState) -> Self {
        minijinja::Value::from(minijinja::value::Serde(f))
    }
}
