//! Spam protection at the form: a honeypot, a field that people do not see
//! and form-filling robots fill (`holds/honeypot.html`). One check for
//! every public form that carries it.

/// Whether a form's honeypot was filled: then a robot sent it.
pub fn caught(honeypot: &str) -> bool {
    !honeypot.is_empty()
}
