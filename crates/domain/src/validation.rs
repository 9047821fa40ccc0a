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

    /// The same messages, those of `from` shown at the field `to`.
    pub fn renamed(&self, from: &str, to: &'static str) -> FieldErrors {
        FieldErrors(
            self.0
                .iter()
                .map(|e| FieldError {
                    field: if e.field == from { to } else { e.field },
                    key: e.key,
                })
                .collect(),
        )
    }
}

/// A required text field, trimmed, at most `max` characters.
pub fn required_text(
    field: &'static str,
    s: &str,
    max: usize,
    too_long: &'static str,
) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError {
            field,
            key: "error-required",
        });
    }
    if t.chars().count() > max {
        return Err(FieldError {
            field,
            key: too_long,
        });
    }
    Ok(t.to_owned())
}

/// Limits of a field that lists distinct short items (tags, categories).
pub struct ItemLimits {
    pub field: &'static str,
    pub max_chars: usize,
    pub too_long: &'static str,
    pub max_items: usize,
    pub too_many: &'static str,
}

/// Splits `input` at any of `separators` into trimmed items with inner
/// whitespace collapsed, dropping empty ones and repeats (ignoring case).
pub fn distinct_items(
    input: &str,
    separators: &[char],
    l: &ItemLimits,
) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = vec![];
    for item in input.split(separators) {
        let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if item.is_empty() {
            continue;
        }
        if item.chars().count() > l.max_chars {
            return Err(FieldError {
                field: l.field,
                key: l.too_long,
            });
        }
        if !out.iter().any(|x| x.to_lowercase() == item.to_lowercase()) {
            out.push(item);
        }
    }
    if out.len() > l.max_items {
        return Err(FieldError {
            field: l.field,
            key: l.too_many,
        });
    }
    Ok(out)
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}
