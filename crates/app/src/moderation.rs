//! Notice and action (EU Digital Services Act Art. 16, 17 and 20): people
//! report contributions; moderators keep, hide or edit them with a reason;
//! the author gets a statement of reasons and may appeal once, and another
//! moderator decides the appeal. Reporters learn the decision by mail.

use db::moderation::{Item, ItemKind, NewDecision, NewReport};
use domain::moderation::{Action, REPORTS_PER_HOUR, Reason, Rule, optional_text, required_text};
use domain::{FieldErrors, Tag};
use i18n::FluentValue;

use crate::accounts::exceeds;
use crate::{Actor, App, CommandError, CommandResult, Outcome, Tx};

/// A report of an item.
pub struct Report {
    pub kind: String,
    pub item_id: i64,
    pub reason: String,
    pub note: String,
    /// Where an anonymous reader wants the answer.
    pub email: String,
    /// The reader's language, for the mails.
    pub lang: String,
    pub ip: String,
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    New,
    /// This person had reported the item before; nothing changed.
    Already,
}

/// The item `kind` `id` if `actor` may see it (and so report it).
pub async fn visible_item(app: &App, actor: &Actor, kind: &str, id: i64) -> CommandResult<Item> {
    let item = db::moderation::item(&app.db, kind, id)
        .await?
        .filter(|i| i.deleted_at.is_none())
        .ok_or(CommandError::NotFound)?;
    match item.item_kind() {
        // Whoever cannot see the discussion cannot see the comment.
        ItemKind::Comment => {
            crate::comments::load(app, actor, item.id).await?;
        }
        ItemKind::Idea => {
            crate::ideas::load(app, actor, item.id).await?;
        }
        // Only statements shown on the map can be reported.
        ItemKind::OpinionStatement => {
            crate::opinion::load(app, actor, item.subject_id).await?;
            let shown = db::opinion::statement(app.db.conn(), item.id)
                .await?
                .is_some_and(|s| s.moderation() == db::opinion::Moderation::Approved);
            if !shown {
                return Err(CommandError::NotFound);
            }
        }
    }
    Ok(item)
}

/// The pages that show an item, to forget when a decision changes it: a
/// comment's discussion, a statement's map.
async fn item_tags(app: &App, item: &Item) -> CommandResult<Vec<Tag>> {
    let mut tags = match item.item_kind() {
        ItemKind::Comment => {
            let (_, discussion) = crate::comments::load(app, &Actor::System, item.id).await?;
            discussion.tags()
        }
        ItemKind::Idea => vec![
            Tag::Idea(item.id),
            Tag::Process(item.subject_id),
            Tag::Lists,
            Tag::Search,
        ],
        ItemKind::OpinionStatement => vec![Tag::OpinionMap(item.subject_id)],
    };
    if let Some(a) = item.author_id {
        tags.push(Tag::User(a));
    }
    Ok(tags)
}

/// Marks an item changed by a decision in `tx`.
fn item_changed(tx: &mut Tx<'_>, item: &Item, tags: Vec<Tag>) {
    tx.touch_all(tags);
    match item.item_kind() {
        ItemKind::Comment => tx.comment_written(item.id),
        ItemKind::Idea => {}
        // The map's recomputation was queued with the change.
        ItemKind::OpinionStatement => tx.jobs_queued(),
    }
}

fn lang(l: &str) -> &'static str {
    i18n::supported(l).unwrap_or(i18n::LANGUAGES[0].0)
}

/// Reports an item: anyone with an account for any reason, anonymous
/// readers for illegal content with an address for the answer. A
/// confirmation is mailed.
pub async fn report(app: &App, actor: &Actor, r: Report) -> CommandResult<Outcome<Reported>> {
    let item = visible_item(app, actor, &r.kind, r.item_id).await?;
    let mut errors = FieldErrors::new();
    let reason = Reason::parse(&r.reason);
    let anonymous = actor.user_id().is_none();
    match reason {
        None => errors.add("reason", "error-report-reason"),
        Some(reason) if anonymous && !reason.open_to_anonymous() => {
            errors.add("reason", "error-report-anonymous-reason");
        }
        Some(_) => {}
    }
    let note = optional_text(&mut errors, "note", &r.note);
    let email = if anonymous {
        if r.email.trim().is_empty() {
            errors.add("email", "error-required");
            None
        } else {
            errors.check(domain::accounts::normalize_email("email", r.email.trim()))
        }
    } else {
        None
    };
    let Some(reason) = reason else {
        return Err(CommandError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let key = match actor.user_id() {
        Some(id) => format!("report:{id}"),
        None => format!("report-ip:{}", r.ip),
    };
    if exceeds(app, &key, REPORTS_PER_HOUR).await? {
        return Err(CommandError::RateLimited("reason", "error-rate-limited"));
    }
    let (to, lang) = match actor {
        Actor::Person(u) => (u.email.clone(), lang(&u.locale)),
        _ => (email.clone().unwrap_or_default(), lang(&r.lang)),
    };
    let mut tx = app.begin(actor).await?;
    let stored = db::moderation::report_in(
        &*tx,
        NewReport {
            kind: item.kind(),
            item_id: item.id,
            reporter_id: actor.user_id(),
            reporter_email: email.as_deref(),
            reporter_locale: lang,
            reason: reason.as_str(),
            note: &note,
        },
    )
    .await?;
    if stored.is_none() {
        return Ok(Outcome {
            value: Reported::Already,
            changes: tx.commit().await?,
        });
    }
    let args = [
        (
            "reason",
            FluentValue::from(app.i18n.t(lang, reason_key(reason), &[])),
        ),
        (
            "link",
            FluentValue::from(app.config.link(&item_path(&item))),
        ),
    ];
    let subject = app.i18n.t(lang, "mail-report-received-subject", &args);
    let text = app.i18n.t(lang, "mail-report-received-body", &args);
    db::jobs::enqueue(&*tx, crate::mails::job(app, &to, subject, text)).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(kind = item.kind(), item = item.id, "item reported");
    Ok(Outcome {
        value: Reported::New,
        changes,
    })
}

/// The translation key of a report's reason.
pub fn reason_key(r: Reason) -> &'static str {
    match r {
        Reason::Insult => "report-reason-insult",
        Reason::Spam => "report-reason-spam",
        Reason::OffTopic => "report-reason-off-topic",
        Reason::PersonalData => "report-reason-personal-data",
        Reason::Illegal => "report-reason-illegal",
        Reason::Other => "report-reason-other",
    }
}

/// The translation key of a rule.
pub fn rule_key(r: Rule) -> &'static str {
    match r {
        Rule::NetiquetteInsult => "moderation-rule-netiquette-insult",
        Rule::NetiquetteSpam => "moderation-rule-netiquette-spam",
        Rule::NetiquetteOffTopic => "moderation-rule-netiquette-off-topic",
        Rule::NetiquettePersonalData => "moderation-rule-netiquette-personal-data",
        Rule::TermsAdvertising => "moderation-rule-terms-advertising",
        Rule::LawCriminal => "moderation-rule-law-criminal",
        Rule::LawPersonalRights => "moderation-rule-law-personal-rights",
    }
}

/// Where an item is read.
pub fn item_path(item: &Item) -> String {
    match item.item_kind() {
        ItemKind::Comment => format!("/comments/{}", item.id),
        ItemKind::Idea => format!("/ideas/{}", item.id),
        ItemKind::OpinionStatement => format!("/opinion/{}", item.subject_id),
    }
}

fn moderator(actor: &Actor) -> CommandResult<i64> {
    let user = actor.user()?;
    if !actor.moderates() {
        return Err(CommandError::Forbidden);
    }
    Ok(user.id)
}

/// A moderator's decision on an item's reports.
pub struct Decide {
    pub kind: String,
    pub item_id: i64,
    pub action: String,
    pub rule: String,
    /// The facts, in the moderator's words, for the statement of reasons.
    pub statement: String,
    /// The text with personal data edited out (for `edit`).
    pub body: String,
}

/// Decides the open reports of an item: keep, hide under a rule, or edit
/// personal data out. Reporters get the decision, the author of a hidden or
/// edited item a statement of reasons with a link to appeal; pages showing
/// the item forget it and open live pages hear of it.
pub async fn decide(app: &App, actor: &Actor, d: Decide) -> CommandResult<Outcome<i64>> {
    let moderator_id = moderator(actor)?;
    let item = db::moderation::item(&app.db, &d.kind, d.item_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let mut errors = FieldErrors::new();
    let action = Action::parse(&d.action);
    if action.is_none() {
        errors.add("action", "error-moderation-action");
    }
    let rule = match action {
        Some(Action::Hide) => {
            let r = Rule::parse(&d.rule);
            if r.is_none() {
                errors.add("rule", "error-moderation-rule");
            }
            r
        }
        _ => Rule::parse(&d.rule),
    };
    let statement = match action {
        Some(Action::Hide | Action::Edit) => required_text(&mut errors, "statement", &d.statement),
        _ => optional_text(&mut errors, "statement", &d.statement),
    };
    let body = match (action, item.item_kind()) {
        (Some(Action::Edit), ItemKind::Comment) => errors.check(
            domain::comments::check_body(&d.body)
                .map_err(|e| domain::FieldError { field: "body", ..e }),
        ),
        (Some(Action::Edit), ItemKind::Idea) => errors.check(domain::validation::required_text(
            "body",
            &d.body,
            domain::ideas::BODY_MAX_CHARS,
            "error-idea-body-too-long",
        )),
        (Some(Action::Edit), ItemKind::OpinionStatement) => {
            match crate::opinion::check_statement("body", &d.body) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            }
        }
        _ => None,
    };
    let Some(action) = action else {
        return Err(CommandError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let tags = item_tags(app, &item).await?;
    let mut tx = app.begin(actor).await?;
    let reporters = db::moderation::open_reporters(&*tx, item.kind(), item.id).await?;
    if reporters.is_empty() {
        return Err(CommandError::refused(
            "action",
            "error-moderation-no-reports",
        ));
    }
    let decision_id = db::moderation::decide_in(
        &*tx,
        NewDecision {
            kind: item.kind(),
            item_id: item.id,
            author_id: item.author_id,
            moderator_id,
            action: action.as_str(),
            rule: rule.map(Rule::as_str),
            statement: &statement,
        },
    )
    .await?;
    match action {
        Action::Keep => {}
        Action::Hide => {
            db::moderation::set_hidden(&tx, &item, rule.map(Rule::as_str)).await?;
        }
        Action::Edit => {
            let body = body.as_deref().unwrap_or_default();
            let html = match item.item_kind() {
                ItemKind::Idea => text::markdown::to_html(body),
                _ => String::new(),
            };
            db::moderation::edit(&tx, &item, body, &html).await?;
        }
    }
    if action != Action::Keep {
        item_changed(&mut tx, &item, tags);
        statement_of_reasons(app, &tx, &item, decision_id, action, rule, &statement).await?;
    }
    for r in &reporters {
        let Some(to) = &r.email else { continue };
        let lang = lang(&r.locale);
        let args = [
            (
                "decision",
                FluentValue::from(app.i18n.t(lang, action_key(action), &[])),
            ),
            (
                "link",
                FluentValue::from(app.config.link(&item_path(&item))),
            ),
        ];
        let subject = app.i18n.t(lang, "mail-report-decided-subject", &args);
        let text = app.i18n.t(lang, "mail-report-decided-body", &args);
        db::jobs::enqueue(&*tx, crate::mails::job(app, to, subject, text)).await?;
    }
    tx.jobs_queued();
    tx.audit(
        &format!("moderation.{}", action.as_str()),
        &format!("{}:{}", item.kind(), item.id),
        rule.map(Rule::as_str).unwrap_or(""),
    )
    .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        item = item.id,
        action = action.as_str(),
        by = moderator_id,
        "moderation decision"
    );
    Ok(Outcome {
        value: decision_id,
        changes,
    })
}

fn action_key(a: Action) -> &'static str {
    match a {
        Action::Keep => "moderation-decision-keep",
        Action::Hide => "moderation-decision-hide",
        Action::Edit => "moderation-decision-edit",
    }
}

/// The statement of reasons (DSA Art. 17) mailed to the author.
async fn statement_of_reasons(
    app: &App,
    tx: &Tx<'_>,
    item: &Item,
    decision_id: i64,
    action: Action,
    rule: Option<Rule>,
    statement: &str,
) -> CommandResult<()> {
    if item.author_id.is_none() || db::data_rights::is_tombstone(&item.author_email) {
        return Ok(());
    }
    let lang = lang(&item.author_locale);
    let none = app.i18n.t(lang, "moderation-rule-none", &[]);
    let args = [
        ("name", FluentValue::from(item.author_name.clone())),
        (
            "decision",
            FluentValue::from(app.i18n.t(lang, action_key(action), &[])),
        ),
        (
            "rule",
            FluentValue::from(
                rule.map(|r| app.i18n.t(lang, rule_key(r), &[]))
                    .unwrap_or(none),
            ),
        ),
        ("facts", FluentValue::from(statement.to_owned())),
        ("text", FluentValue::from(item.body.clone())),
        ("link", FluentValue::from(app.config.link(&item_path(item)))),
        (
            "appeal",
            FluentValue::from(
                app.config
                    .link(&format!("/moderation/decisions/{decision_id}")),
            ),
        ),
    ];
    let subject = app.i18n.t(lang, "mail-moderation-statement-subject", &args);
    let text = app.i18n.t(lang, "mail-moderation-statement-body", &args);
    db::jobs::enqueue(
        &**tx,
        crate::mails::job(app, &item.author_email, subject, text),
    )
    .await?;
    Ok(())
}

/// A decision `actor` may see: its author or a moderator.
pub async fn decision_for(
    app: &App,
    actor: &Actor,
    id: i64,
) -> CommandResult<(db::moderation::Decision, Item)> {
    let user = actor.user()?;
    let d = db::moderation::decision(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if d.author_id != Some(user.id) && !actor.moderates() {
        return Err(CommandError::NotFound);
    }
    let item = db::moderation::item(&app.db, &d.item_kind, d.item_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    Ok((d, item))
}

/// The author appeals a decision that hid or edited their item, once.
pub async fn appeal(app: &App, actor: &Actor, id: i64, text: &str) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let (d, item) = decision_for(app, actor, id).await?;
    if d.author_id != Some(user.id) || d.action == Action::Keep.as_str() {
        return Err(CommandError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let text = required_text(&mut errors, "appeal", text);
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let tx = app.begin(actor).await?;
    if !db::moderation::appeal_in(&*tx, d.id, &text).await? {
        return Err(CommandError::refused("appeal", "error-appeal-once"));
    }
    let changes = tx.commit().await?;
    tracing::info!(decision = d.id, item = item.id, "decision appealed");
    Ok(Outcome { value: (), changes })
}

/// What a moderator decides on an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealOutcome {
    Upheld,
    Reversed,
}

impl AppealOutcome {
    pub fn parse(s: &str) -> Option<AppealOutcome> {
        match s {
            "upheld" => Some(AppealOutcome::Upheld),
            "reversed" => Some(AppealOutcome::Reversed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AppealOutcome::Upheld => "upheld",
            AppealOutcome::Reversed => "reversed",
        }
    }
}

/// Decides an appeal: by another moderator than the one who decided first.
/// A hidden item that is reversed shows again. The author learns the outcome.
pub async fn decide_appeal(
    app: &App,
    actor: &Actor,
    id: i64,
    outcome: &str,
) -> CommandResult<Outcome<()>> {
    let moderator_id = moderator(actor)?;
    let d = db::moderation::decision(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if d.appealed_at.is_none() {
        return Err(CommandError::NotFound);
    }
    let Some(outcome) = AppealOutcome::parse(outcome) else {
        return Err(CommandError::field("outcome", "error-appeal-outcome"));
    };
    if d.moderator_id == moderator_id {
        return Err(CommandError::refused(
            "outcome",
            "error-appeal-same-moderator",
        ));
    }
    let item = db::moderation::item(&app.db, &d.item_kind, d.item_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let tags = item_tags(app, &item).await?;
    let mut tx = app.begin(actor).await?;
    if !db::moderation::decide_appeal_in(&*tx, d.id, moderator_id, outcome.as_str()).await? {
        return Err(CommandError::refused("outcome", "error-appeal-decided"));
    }
    if outcome == AppealOutcome::Reversed && d.action == Action::Hide.as_str() {
        db::moderation::set_hidden(&tx, &item, None).await?;
        item_changed(&mut tx, &item, tags);
    }
    if item.author_id.is_some() && !db::data_rights::is_tombstone(&item.author_email) {
        let lang = lang(&item.author_locale);
        let key = match outcome {
            AppealOutcome::Upheld => "appeal-outcome-upheld",
            AppealOutcome::Reversed => "appeal-outcome-reversed",
        };
        let args = [
            ("name", FluentValue::from(item.author_name.clone())),
            ("outcome", FluentValue::from(app.i18n.t(lang, key, &[]))),
            (
                "link",
                FluentValue::from(app.config.link(&item_path(&item))),
            ),
        ];
        let subject = app.i18n.t(lang, "mail-appeal-decided-subject", &args);
        let text = app.i18n.t(lang, "mail-appeal-decided-body", &args);
        db::jobs::enqueue(
            &*tx,
            crate::mails::job(app, &item.author_email, subject, text),
        )
        .await?;
        tx.jobs_queued();
    }
    tx.audit(
        &format!("moderation.appeal.{}", outcome.as_str()),
        &format!("{}:{}", item.kind(), item.id),
        &format!("decision:{}", d.id),
    )
    .await?;
    let changes = tx.commit().await?;
    tracing::info!(
        decision = d.id,
        outcome = outcome.as_str(),
        by = moderator_id,
        "appeal decided"
    );
    Ok(Outcome { value: (), changes })
}
