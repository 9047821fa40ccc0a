use serde::Serialize;

/// One problem with one form field. `key` names a message in the translation
/// files; the web layer translates it and shows it next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

/// All problems of one submitted form, in the order the fields appear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: &'static str, key: &'static str) -> Self {
        Self(vec![FieldError { field, key }])
    }

    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError { field, key });
    }

    /// Records the error of a field check, if any, and returns the checked value.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.key)
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}
