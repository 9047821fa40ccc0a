//! Page templates (minijinja). The built-in templates are compiled into the
//! binary; a city replaces any of them with a file of the same name under
//! `<theme>/templates/`. Every text comes from the translation files through
//! `t("key", name=value)`.

use std::path::Path;
use std::sync::Arc;

use i18n::FluentValue;
use minijinja::value::{Kwargs, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State, Value};

use crate::assets::Assets;
use crate::i18n::{I18n, LANGUAGES};

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

pub const BUILT_IN: &[(&str, &str)] = built_in!(
    "base.html",
    "macros.html",
    "home.html",
    "error.html",
    "accounts/register.html",
    "accounts/register_done.html",
    "accounts/verify.html",
    "accounts/confirm_link.html",
    "accounts/login.html",
    "accounts/forgot.html",
    "accounts/forgot_done.html",
    "accounts/reset.html",
    "accounts/settings.html",
    "admin/index.html",
    "admin/departments.html",
    "admin/jobs.html",
    "admin/audit.html",
    "admin/users.html",
    "suspensions/notice.html",
    "suspensions/list.html",
    "suspensions/form.html",
    "holds/list.html",
    "holds/honeypot.html",
    "holds/spam.html",
    "pages/show.html",
    "pages/edit.html",
    "pages/admin_list.html",
    "moderation/report.html",
    "moderation/report_done.html",
    "moderation/queue.html",
    "moderation/decision.html",
    "api/index.html",
    "api/tokens.html",
    "api/admin_tokens.html",
    "admin/settings.html",
    "notifications/list.html",
    "notifications/settings.html",
    "notifications/unsubscribe.html",
    "notifications/mastodon.html",
    "notifications/share.html",
    "dashboard/show.html",
    "accountability/show.html",
    "processes/list.html",
    "processes/cards.html",
    "processes/show.html",
    "processes/form.html",
    "discussions/macros.html",
    "discussions/live_comment.html",
    "discussions/permalink.html",
    "discussions/edit.html",
    "discussions/delete.html",
    "search.html",
    "ideas/cards.html",
    "ideas/list.html",
    "ideas/map.html",
    "maps/macros.html",
    "maps/admin.html",
    "ideas/form.html",
    "ideas/show.html",
    "ideas/inbox.html",
    "ideas/versions.html",
    "ideas/edit.html",
    "surveys/macros.html",
    "surveys/settings_fields.html",
    "surveys/new.html",
    "surveys/builder.html",
    "surveys/staff_list.html",
    "surveys/question.html",
    "surveys/delete.html",
    "surveys/preview.html",
    "surveys/landing.html",
    "surveys/answer.html",
    "surveys/saved.html",
    "surveys/thanks.html",
    "surveys/token.html",
    "surveys/invitations.html",
    "surveys/charts.html",
    "surveys/results.html",
    "surveys/results_texts.html",
    "surveys/report.html",
    "surveys/publication.html",
    "documents/attached.html",
    "documents/library.html",
    "documents/show.html",
    "documents/form.html",
    "opinion/vote.html",
    "opinion/mine.html",
    "opinion/moderation.html",
    "opinion/new.html",
    "opinion/map.html",
);

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("template {name}: {source}")]
    Syntax { name: String, source: Error },
    #[error("reading theme template {0}: {1}")]
    Io(String, std::io::Error),
}

pub fn environment(
    theme_dir: Option<&Path>,
    i18n: Arc<I18n>,
    assets: Arc<Assets>,
) -> Result<Environment<'static>, TemplateError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // HTML-escape as usual, but leave `/` alone: URLs stay readable in the
    // page source and in tests, and a slash cannot end an attribute.
    env.set_formatter(|out, state, value| {
        let plain = !value.is_safe() && !value.is_undefined() && !value.is_none();
        if plain && matches!(state.auto_escape(), minijinja::AutoEscape::Html) {
            let mut escaped = String::new();
            crate::markdown::escape_into(&mut escaped, &value.to_string());
            out.write_str(&escaped)?;
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    for (name, src) in BUILT_IN {
        let src = match theme_dir.map(|d| d.join("templates").join(name)) {
            Some(p) if p.is_file() => std::fs::read_to_string(&p)
                .map_err(|e| TemplateError::Io(p.display().to_string(), e))?,
            _ => (*src).to_owned(),
        };
        env.add_template_owned(*name, src)
            .map_err(|source| TemplateError::Syntax {
                name: (*name).into(),
                source,
            })?;
    }
    let i18n_has = i18n.clone();
    let i18n_person = i18n.clone();
    // A deleted account keeps no name; what it wrote is shown under this.
    env.add_filter("person", move |state: &State, name: &str| {
        crate::people::name(&i18n_person, &lang_of(state), name)
    });
    env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| {
        let lang = lang_of(state);
        let mut args: Vec<(String, FluentValue<'static>)> = vec![];
        for name in kwargs.args() {
            let v: Value = kwargs.get(name)?;
            let fv = match v.kind() {
                ValueKind::Number => match i64::try_from(v.clone()) {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(f64::try_from(v).unwrap_or(0.0)),
                },
                _ => FluentValue::from(v.to_string()),
            };
            args.push((name.to_owned(), fv));
        }
        let borrowed: Vec<(&str, FluentValue<'_>)> =
            args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        Ok::<_, Error>(i18n.t(&lang, key, &borrowed))
    });
    env.add_function("has_t", move |state: &State, key: &str| {
        let lang = lang_of(state);
        i18n_has.has(&lang, key)
    });
    env.add_function("asset", move |name: &str| {
        assets
            .url(name)
            .map(|u| Value::from_safe_string(u.to_owned()))
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no asset {name}")))
    });
    // `{{ n|num }}`: a number as the reader's language writes it ("2.150").
    env.add_filter("num", |state: &State, v: Value| {
        let lang = state
            .lookup("lang")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| LANGUAGES[0].0.to_owned());
        match v.kind() {
            ValueKind::Number => {
                let n = i64::try_from(v.clone())
                    .map(|n| n as f64)
                    .or_else(|_| f64::try_from(v.clone()))
                    .unwrap_or(0.0);
                i18n::format_number(&lang, n)
            }
            _ => v.to_string(),
        }
    });
    let languages: Vec<Value> = LANGUAGES
        .iter()
        .map(|(code, name)| minijinja::context! { code => *code, name => *name })
        .collect();
    env.add_global("languages", languages);
    Ok(env)
}

/// The language a template is rendered in.
fn lang_of(state: &State) -> String {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| LANGUAGES[0].0.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every message key used in templates and code is checked in
    // tests/pages/translations.rs, over the sources of all crates.

    #[test]
    fn the_num_filter_groups_thousands_by_language() {
        let i18n = Arc::new(I18n::load(None).expect("translations"));
        let assets = Arc::new(Assets::load(None));
        let env = environment(None, i18n, assets).expect("templates compile");
        let out = env
            .render_str(
                "{{ n|num }} {{ f|num }}",
                minijinja::context! { lang => "de", n => 2150, f => 12345.5 },
            )
            .unwrap();
        assert_eq!(out, "2.150 12.345,5");
        let out = env
            .render_str(
                "{{ n|num }}",
                minijinja::context! { lang => "en", n => 2150 },
            )
            .unwrap();
        assert_eq!(out, "2,150");
    }

    #[test]
    fn every_template_compiles() {
        let i18n = Arc::new(I18n::load(None).expect("translations"));
        let assets = Arc::new(Assets::load(None));
        let env = environment(None, i18n, assets).expect("templates compile");
        for (name, _) in BUILT_IN {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }
}
