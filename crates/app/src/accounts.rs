//! Accounts: registration and the verification of the address, login and
//! logout, the forgotten password, and a person's own settings (name,
//! address, password). Accounts the platform itself creates (the command
//! line, the demo) go through `create_account`; the benchmarks start their
//! load generators' sessions with `import_sessions`.
//!
//! One-time links from mails are used only by a POST (`verify_email`,
//! `confirm_email_change`, `reset_password`): the link scanners of mail
//! systems open every link they find, and must not spend it. `check_link`
//! tells the page behind the link whether it still works, without using it.
//!
//! Rate-limit counters are written outside a command's transaction on
//! purpose: an attempt counts whether or not it succeeds.

use db::accounts::{self as store, CreateUserError, NewToken, NewUser, TokenError, TokenPurpose};
use domain::accounts::{check_new_password, normalize_display_name, normalize_email};
use domain::limits::{EMAIL_TOKEN_TTL, RESET_TOKEN_TTL, RateLimit, SESSION_TTL};
use domain::{FieldErrors, Role, Tag};

pub use db::accounts::User;

use crate::security::{hash_password, random_token, token_hash, verify_password};
use crate::{Actor, App, Changes, CommandError, CommandResult, Outcome, mails};

/// The field a refused one-time link is reported under; its key is the
/// `LinkProblem`'s name.
const LINK_FIELD: &str = "link";

/// Why a one-time link from a mail does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
    /// The new address of a change belongs to another account by now.
    EmailTaken,
}

impl LinkProblem {
    const ALL: [LinkProblem; 4] = [
        LinkProblem::Unknown,
        LinkProblem::Expired,
        LinkProblem::Used,
        LinkProblem::EmailTaken,
    ];

    /// The name the pages build their message keys from.
    pub fn name(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "unknown",
            LinkProblem::Expired => "expired",
            LinkProblem::Used => "used",
            LinkProblem::EmailTaken => "email-taken",
        }
    }

    /// The link's problem, if that is why a command refused.
    pub fn of(e: &CommandError) -> Option<LinkProblem> {
        let CommandError::Refused(f) = e else {
            return None;
        };
        let name = f.get(LINK_FIELD)?;
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    fn refusal(self) -> CommandError {
        CommandError::refused(LINK_FIELD, self.name())
    }
}

fn link_error(e: TokenError) -> CommandError {
    match e {
        TokenError::Unknown => LinkProblem::Unknown.refusal(),
        TokenError::Expired => LinkProblem::Expired.refusal(),
        TokenError::Used => LinkProblem::Used.refusal(),
        TokenError::EmailTaken => LinkProblem::EmailTaken.refusal(),
        TokenError::Db(e) => e.into(),
    }
}

/// Counts one event against a limit and tells whether it is now exceeded.
pub(crate) async fn exceeds(app: &App, key: &str, limit: RateLimit) -> CommandResult<bool> {
    Ok(db::throttle::hit(&app.db, key, limit.window).await? > u64::from(limit.max))
}

fn ttl(d: std::time::Duration) -> CommandResult<chrono::Duration> {
    chrono::Duration::from_std(d).map_err(CommandError::internal)
}

/// A supported language for mails and the stored preference.
fn language(lang: &str) -> &'static str {
    i18n::supported(lang).unwrap_or(i18n::LANGUAGES[0].0)
}

async fn hash(password: String) -> CommandResult<String> {
    hash_password(password)
        .await
        .map_err(CommandError::internal)
}

/// A command that had nothing to change.
fn nothing() -> Outcome<()> {
    Outcome {
        value: (),
        changes: Changes::default(),
    }
}

/// A fresh one-time token: the secret for the mail, and what is stored.
fn new_token(
    purpose: TokenPurpose,
    new_email: Option<String>,
    valid: std::time::Duration,
) -> CommandResult<(String, NewToken)> {
    let secret = random_token().map_err(CommandError::internal)?;
    let token = NewToken {
        hash: token_hash(&secret),
        purpose,
        new_email,
        ttl: ttl(valid)?,
    };
    Ok((secret, token))
}

/// The composer of a mail that carries a one-time link: (language, to, name,
/// secret).
type LinkMail = fn(&App, &str, &str, &str, &str) -> db::jobs::NewJob;

/// Issues a one-time link to `user` and queues the mail that carries it (to
/// `to`), in one transaction.
async fn send_link(
    app: &App,
    actor: &Actor,
    user: &User,
    to: &str,
    lang: &str,
    (secret, token): (String, NewToken),
    mail: LinkMail,
) -> CommandResult<Outcome<()>> {
    let job = mail(app, language(lang), to, &user.display_name, &secret);
    let mut tx = app.begin(actor).await?;
    store::issue_token(&tx, user.id, token, job).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// What a person fills in to register.
pub struct Registration {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// The language of the page, kept for the mails to come.
    pub lang: String,
    /// Where the request came from, for the rate limit.
    pub ip: String,
}

/// Registers a citizen: the account (unverified), its verification link and
/// the mail that carries it, in one transaction. Anyone may register; one
/// address may register only so many accounts per hour.
///
/// An address that already has an account gets no second one, and the
/// registration answers exactly as for a new address, so that nobody learns
/// who is registered: the value is `None`, and the owner is mailed that
/// someone tried (within the limit of mails per address).
pub async fn register(
    app: &App,
    actor: &Actor,
    r: Registration,
) -> CommandResult<Outcome<Option<User>>> {
    let mut errors = FieldErrors::new();
    let email = errors.check(normalize_email("email", &r.email));
    let name = errors.check(normalize_display_name("display_name", &r.display_name));
    if let Some(n) = &name
        && reserved(app, n).await?
    {
        errors.add("display_name", "error-display-name-reserved");
    }
    errors.check(check_new_password("password", &r.password));
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Err(CommandError::Invalid(errors));
    };
    let limit = app.config.rate_limits.register_per_ip;
    if exceeds(app, &format!("register-ip:{}", r.ip), limit).await? {
        return Err(CommandError::RateLimited("email", "error-rate-limited"));
    }
    let password_hash = hash(r.password).await?;
    let lang = language(&r.lang);
    let (secret, token) = new_token(TokenPurpose::VerifyEmail, None, EMAIL_TOKEN_TTL)?;
    let job = mails::verify_email(app, lang, &email, &name, &secret);
    let address = email.clone();
    let new = NewUser {
        email,
        display_name: name,
        password_hash,
        role: Role::Citizen,
        department_id: None,
        verified: false,
    };
    let mut tx = app.begin(actor).await?;
    let user = match store::register(&tx, new, |_| (token, job)).await {
        Ok(u) => u,
        Err(CreateUserError::DuplicateEmail) => {
            // The failed insert may have spoilt the transaction (PostgreSQL).
            drop(tx);
            return tell_owner_of_attempt(app, actor, &address).await;
        }
        Err(CreateUserError::Db(e)) => return Err(e.into()),
    };
    store::set_locale(&tx, user.id, lang).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "registered");
    Ok(Outcome {
        value: Some(user),
        changes,
    })
}

/// Mails the owner of a taken address that someone tried to register with
/// it; the registration's answer is the same as for a new address.
async fn tell_owner_of_attempt(
    app: &App,
    actor: &Actor,
    email: &str,
) -> CommandResult<Outcome<Option<User>>> {
    let quiet = Outcome {
        value: None,
        changes: Changes::default(),
    };
    let Some(owner) = store::by_email(&app.db, email).await? else {
        return Ok(quiet);
    };
    // Shares the limit of mails per address with resets and verifications,
    // so that registrations cannot flood someone's inbox.
    let limit = app.config.rate_limits.mail_per_account;
    if exceeds(app, &format!("mail:{email}"), limit).await? {
        return Ok(quiet);
    }
    let job = mails::registration_attempt(app, &owner);
    let mut tx = app.begin(actor).await?;
    db::jobs::enqueue(&*tx, job).await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(user = owner.id, "registration with a taken address");
    Ok(Outcome {
        value: None,
        changes,
    })
}

/// A request for a mail to an address (a new verification link, a reset
/// link): answered the same whether or not the address has an account.
pub struct MailRequest {
    pub email: String,
    pub lang: String,
    pub ip: String,
}

/// Checks a mail request's address and counts it against the limits of the
/// requesting address and of the address asked for.
async fn mail_request(app: &App, m: &MailRequest) -> CommandResult<String> {
    let email = normalize_email("email", &m.email).map_err(|e| CommandError::Invalid(e.into()))?;
    let limits = app.config.rate_limits;
    if exceeds(app, &format!("mail-ip:{}", m.ip), limits.mail_per_ip).await?
        || exceeds(app, &format!("mail:{email}"), limits.mail_per_account).await?
    {
        return Err(CommandError::RateLimited("email", "error-rate-limited"));
    }
    Ok(email)
}

/// Sends a new verification link to an unverified account's address. Does
/// nothing, and says so to nobody, for other addresses.
pub async fn resend_verification(
    app: &App,
    actor: &Actor,
    m: MailRequest,
) -> CommandResult<Outcome<()>> {
    let email = mail_request(app, &m).await?;
    let Some(user) = store::by_email(&app.db, &email).await? else {
        return Ok(nothing());
    };
    if user.email_verified {
        return Ok(nothing());
    }
    let link = new_token(TokenPurpose::VerifyEmail, None, EMAIL_TOKEN_TTL)?;
    let to = user.email.clone();
    send_link(app, actor, &user, &to, &m.lang, link, mails::verify_email).await
}

/// Which one-time link a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Verify,
    Reset,
    ChangeEmail,
}

impl Link {
    fn purpose(self) -> TokenPurpose {
        match self {
            Link::Verify => TokenPurpose::VerifyEmail,
            Link::Reset => TokenPurpose::ResetPassword,
            Link::ChangeEmail => TokenPurpose::ChangeEmail,
        }
    }
}

/// Whether a one-time link still works, without using it: for the page the
/// link opens. A `LinkProblem` refusal if not.
pub async fn check_link(app: &App, link: Link, secret: &str) -> CommandResult<()> {
    store::check_token(&app.db, &token_hash(secret), link.purpose())
        .await
        .map_err(link_error)
}

/// Verifies an address through the link mailed to it. Anyone holding the
/// link may; it works once.
pub async fn verify_email(app: &App, actor: &Actor, secret: &str) -> CommandResult<Outcome<User>> {
    let mut tx = app.begin_exempt(actor).await?;
    let user = store::verify_email(&tx, &token_hash(secret))
        .await
        .map_err(link_error)?;
    // Their kept sessions and pages know them as unverified.
    tx.touch(Tag::User(user.id));
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "address verified");
    Ok(Outcome {
        value: user,
        changes,
    })
}

/// A login attempt.
pub struct Login {
    pub email: String,
    pub password: String,
    pub lang: String,
    pub ip: String,
    /// The stored id of the session the browser had, which the login replaces.
    pub old_session: Option<String>,
}

/// A started session.
pub struct Session {
    pub user: User,
    /// The secret for the cookie; only its hash is stored.
    pub secret: String,
}

/// Logs in: within the limits per address (every attempt), per account and
/// address (failed attempts) and per account (failed attempts from anywhere,
/// a high ceiling), with the password checked off the async threads, and
/// only with a verified address. Starts a new session, ending the one the
/// browser had: an id planted before login is worthless.
///
/// Failures are counted per account and address so that someone who guesses
/// from their own address cannot lock the owner out, who logs in from
/// another; the ceiling per account still slows guesses spread over many
/// addresses.
///
/// A rate limit is reported under the field `ip` for the requesting
/// address's limit, `email` for the account's from this address and
/// `account` for the account's ceiling, so the page can say how long to wait.
pub async fn login(app: &App, actor: &Actor, l: Login) -> CommandResult<Outcome<Session>> {
    let limits = app.config.rate_limits;
    let mut errors = FieldErrors::new();
    let email = errors.check(normalize_email("email", &l.email));
    if l.password.is_empty() {
        errors.add("password", "error-required");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(CommandError::Invalid(errors));
    };
    if exceeds(app, &format!("login-ip:{}", l.ip), limits.login_per_ip).await? {
        return Err(CommandError::RateLimited("ip", "error-rate-limited"));
    }
    let pair = (
        format!("login:{email}:{}", l.ip),
        limits.login_per_account_and_ip,
    );
    let ceiling = (format!("login:{email}"), limits.login_per_account);
    for ((key, limit), field) in [(&pair, "email"), (&ceiling, "account")] {
        if db::throttle::count(&app.db, key, limit.window).await? >= u64::from(limit.max) {
            return Err(CommandError::RateLimited(field, "error-rate-limited"));
        }
    }
    let user = store::by_email(&app.db, &email).await?;
    let ok = verify_password(l.password, user.as_ref().map(|u| u.password_hash.clone())).await;
    let Some(user) = user.filter(|_| ok) else {
        for (key, limit) in [&pair, &ceiling] {
            db::throttle::hit(&app.db, key, limit.window).await?;
        }
        tracing::info!(ip = %l.ip, "failed login");
        return Err(CommandError::field("email", "error-login-failed"));
    };
    if !user.email_verified {
        return Err(CommandError::refused("email", "error-email-unverified"));
    }
    // The ceiling stays: the owner's success says nothing about the guesses
    // from elsewhere.
    db::throttle::clear(&app.db, &pair.0, pair.1.window).await?;
    let secret = random_token().map_err(CommandError::internal)?;
    let tx = app.begin_exempt(actor).await?;
    if let Some(old) = &l.old_session {
        db::sessions::delete_in(&*tx, old).await?;
    }
    store::set_locale(&tx, user.id, language(&l.lang)).await?;
    db::sessions::create_in(&*tx, token_hash(&secret), user.id, ttl(SESSION_TTL)?).await?;
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "logged in");
    Ok(Outcome {
        value: Session { user, secret },
        changes,
    })
}

/// Ends the session with the stored id `session` (the browser's own).
pub async fn logout(app: &App, actor: &Actor, session: Option<&str>) -> CommandResult<Outcome<()>> {
    let Some(session) = session else {
        return Ok(nothing());
    };
    let tx = app.begin_exempt(actor).await?;
    db::sessions::delete_in(&*tx, session).await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Mails a reset link if the address has an account; the same answer
/// either way, so that nobody learns who is registered.
pub async fn forgot_password(
    app: &App,
    actor: &Actor,
    m: MailRequest,
) -> CommandResult<Outcome<()>> {
    let email = mail_request(app, &m).await?;
    let Some(user) = store::by_email(&app.db, &email).await? else {
        return Ok(nothing());
    };
    let link = new_token(TokenPurpose::ResetPassword, None, RESET_TOKEN_TTL)?;
    let to = user.email.clone();
    send_link(app, actor, &user, &to, &m.lang, link, mails::reset_password).await
}

/// Sets a new password through a reset link (anyone holding it, once) and
/// ends every session of the account.
pub async fn reset_password(
    app: &App,
    actor: &Actor,
    secret: &str,
    password: String,
) -> CommandResult<Outcome<User>> {
    check_new_password("password", &password).map_err(|e| CommandError::Invalid(e.into()))?;
    let password_hash = hash(password).await?;
    let mut tx = app.begin_exempt(actor).await?;
    let user = store::reset_password(&tx, &token_hash(secret), password_hash)
        .await
        .map_err(link_error)?;
    // The reset ended every session of theirs.
    tx.touch(Tag::User(user.id));
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "password reset");
    Ok(Outcome {
        value: user,
        changes,
    })
}

/// Whether a citizen's name would pass for the administration's: a word of
/// the platform's own or a department's name.
async fn reserved(app: &App, name: &str) -> CommandResult<bool> {
    let departments: Vec<String> = db::departments::list(&app.db)
        .await?
        .into_iter()
        .map(|d| d.name)
        .collect();
    Ok(domain::accounts::is_reserved_name(name, &departments))
}

/// Changes one's display name.
pub async fn change_name(app: &App, actor: &Actor, name: &str) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let name = normalize_display_name("display_name", name)
        .map_err(|e| CommandError::Invalid(e.into()))?;
    // Staff speak for their department; citizens may not seem to.
    if user.role == Role::Citizen && reserved(app, &name).await? {
        return Err(CommandError::Invalid(FieldErrors::one(
            "display_name",
            "error-display-name-reserved",
        )));
    }
    let mut tx = app.begin(actor).await?;
    store::update_display_name(&tx, user.id, &name).await?;
    // Names appear beside contributions on many pages.
    tx.touch(Tag::All);
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// A request to change one's address.
pub struct EmailChange {
    pub email: String,
    pub current_password: String,
    pub lang: String,
}

/// Mails a confirmation link to a new address; the address changes only
/// when its owner uses the link. Needs the current password, and counts
/// against the account's mail limit.
pub async fn change_email(app: &App, actor: &Actor, c: EmailChange) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let email = normalize_email("email", &c.email).map_err(|e| CommandError::Invalid(e.into()))?;
    if email == user.email {
        return Err(CommandError::field("email", "error-email-unchanged"));
    }
    if !verify_password(c.current_password, Some(user.password_hash.clone())).await {
        return Err(CommandError::field(
            "current_password",
            "error-password-wrong",
        ));
    }
    let limit = app.config.rate_limits.mail_per_account;
    if exceeds(app, &format!("mail:{}", user.email), limit).await? {
        return Err(CommandError::RateLimited("email", "error-rate-limited"));
    }
    if store::by_email(&app.db, &email).await?.is_some() {
        return Err(CommandError::field("email", "error-email-taken"));
    }
    let link = new_token(
        TokenPurpose::ChangeEmail,
        Some(email.clone()),
        EMAIL_TOKEN_TTL,
    )?;
    send_link(
        app,
        actor,
        user,
        &email,
        &c.lang,
        link,
        mails::confirm_new_email,
    )
    .await
}

/// Changes an account's address to the new one, through the link mailed to
/// it (anyone holding it, once).
pub async fn confirm_email_change(
    app: &App,
    actor: &Actor,
    secret: &str,
) -> CommandResult<Outcome<User>> {
    let mut tx = app.begin_exempt(actor).await?;
    let user = store::confirm_email_change(&tx, &token_hash(secret))
        .await
        .map_err(link_error)?;
    tx.touch(Tag::User(user.id));
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "address changed");
    Ok(Outcome {
        value: user,
        changes,
    })
}

/// Changes one's password, given the current one, and ends every other
/// session of the account; `session` (the stored id of the session asking)
/// stays.
pub async fn change_password(
    app: &App,
    actor: &Actor,
    current_password: String,
    new_password: String,
    session: &str,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let mut errors = FieldErrors::new();
    if !verify_password(current_password, Some(user.password_hash.clone())).await {
        errors.add("current_password", "error-password-wrong");
    }
    errors.check(check_new_password("new_password", &new_password));
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let password_hash = hash(new_password).await?;
    let tx = app.begin_exempt(actor).await?;
    store::update_password(&tx, user.id, password_hash, session).await?;
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "password changed");
    Ok(Outcome { value: (), changes })
}

/// The password of an account the platform creates.
pub enum Password {
    /// Checked against the rules and hashed.
    Plain(String),
    /// Hashed already (the demo hashes its one password once).
    Hashed(String),
}

/// An account the platform creates: verified at once, with any role.
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password: Password,
    pub role: Role,
    pub department_id: Option<i64>,
}

/// Creates a verified account with a role, for the command line and the
/// demo. Only the system may; people register.
pub async fn create_account(
    app: &App,
    actor: &Actor,
    a: NewAccount,
) -> CommandResult<Outcome<User>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let email = errors.check(normalize_email("email", &a.email));
    if let Password::Plain(p) = &a.password {
        errors.check(check_new_password("password", p));
    }
    let name = errors.check(normalize_display_name("display_name", &a.display_name));
    let department_id = if a.role.needs_department() {
        match a.department_id {
            None => {
                errors.add("department", "error-role-needs-department");
                None
            }
            Some(d) if db::departments::by_id(&app.db, d).await?.is_none() => {
                errors.add("department", "error-department-unknown");
                None
            }
            d => d,
        }
    } else {
        None
    };
    let (Some(email), Some(display_name), true) = (email, name, errors.is_empty()) else {
        return Err(CommandError::Invalid(errors));
    };
    let password_hash = match a.password {
        Password::Plain(p) => hash(p).await?,
        Password::Hashed(h) => h,
    };
    let new = NewUser {
        email,
        display_name,
        password_hash,
        role: a.role,
        department_id,
        verified: true,
    };
    let tx = app.begin(actor).await?;
    let user = match store::create_in(&*tx, new).await {
        Ok(u) => u,
        Err(CreateUserError::DuplicateEmail) => {
            return Err(CommandError::field("email", "error-email-taken"));
        }
        Err(CreateUserError::Db(e)) => return Err(e.into()),
    };
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, role = %user.role, "account created");
    Ok(Outcome {
        value: user,
        changes,
    })
}

/// Starts a session for each of `users` without a login, all in one
/// transaction, valid for `valid_for`; returns each session's secret for the
/// cookie, in the order of `users`. Only the system may: the benchmarks'
/// load generators need thousands of logged-in browsers, which the login's
/// limits per address and its password hashing would not let them have.
pub async fn import_sessions(
    app: &App,
    actor: &Actor,
    users: &[i64],
    valid_for: chrono::Duration,
) -> CommandResult<Outcome<Vec<String>>> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let tx = app.begin(actor).await?;
    let mut secrets = Vec::with_capacity(users.len());
    for &user_id in users {
        let secret = random_token().map_err(CommandError::internal)?;
        db::sessions::create_in(&*tx, token_hash(&secret), user_id, valid_for).await?;
        secrets.push(secret);
    }
    let changes = tx.commit().await?;
    tracing::info!(sessions = users.len(), "sessions imported");
    Ok(Outcome {
        value: secrets,
        changes,
    })
}

/// Deletes one's own account, given the password: what identifies the
/// person goes at once (`db::data_rights::erase_account`); what they wrote
/// stays under "deleted account". A job then removes the old row versions
/// from the database's files.
pub async fn delete_account(
    app: &App,
    actor: &Actor,
    password: String,
) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    if !verify_password(password, Some(user.password_hash.clone())).await {
        return Err(CommandError::refused("password", "error-password-wrong"));
    }
    if user.role == Role::Admin && store::count_admins(&app.db).await? <= 1 {
        return Err(CommandError::refused("password", "error-last-admin-delete"));
    }
    let mut tx = app.begin_exempt(actor).await?;
    if !db::data_rights::erase_account(&tx, user.id).await? {
        return Err(CommandError::NotFound);
    }
    // The name was on every page that shows what the person wrote.
    tx.touch(Tag::All);
    db::jobs::enqueue_once(
        &*tx,
        db::privacy::prune_job(db::privacy::Traces::Account),
        chrono::Duration::zero(),
    )
    .await?;
    tx.jobs_queued();
    let changes = tx.commit().await?;
    tracing::info!(user = user.id, "account deleted");
    Ok(Outcome { value: (), changes })
}
