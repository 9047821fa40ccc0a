//! Personal API tokens: staff create them with scopes for their own
//! programs; the token acts as its owner, with no more rights than the owner
//! and only for the scopes it carries. Only its hash is stored; it is shown
//! once. Its owner or an administrator revokes it.

use std::sync::Arc;

use domain::{FieldErrors, Role};

use crate::security::{random_token, token_hash};
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// What a token may be used for.
pub const SCOPES: &[&str] = &["ideas:answer", "comments:write"];
pub const NAME_MAX_CHARS: usize = 100;
/// Tokens begin with this, so that a leaked one is recognisable.
pub const PREFIX: &str = "mtr_";

pub struct NewToken {
    pub name: String,
    pub scopes: Vec<String>,
}

fn may_hold_tokens(role: Role) -> bool {
    matches!(role, Role::Staff | Role::Admin)
}

/// Creates a token for the acting staff member; the value is the token's id
/// and its secret, which nobody can see again.
pub async fn create(
    app: &App,
    actor: &Actor,
    t: NewToken,
) -> CommandResult<Outcome<(i64, String)>> {
    let user = actor.user()?;
    if !may_hold_tokens(user.role) {
        return Err(CommandError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let name = t.name.trim();
    if name.is_empty() {
        errors.add("name", "error-required");
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.add("name", "error-api-token-name-long");
    }
    let mut scopes: Vec<&str> = SCOPES
        .iter()
        .copied()
        .filter(|s| t.scopes.iter().any(|x| x == s))
        .collect();
    scopes.dedup();
    if scopes.is_empty() || t.scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        errors.add("scopes", "error-api-token-scopes");
    }
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let secret = format!(
        "{PREFIX}{}",
        random_token().map_err(CommandError::internal)?
    );
    let scopes = scopes.join(" ");
    let tx = app.begin(actor).await?;
    let id = db::api::create_token(&tx, user.id, name, &token_hash(&secret), &scopes).await?;
    tx.audit("api_token.create", &format!("api_token:{id}"), &scopes)
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: (id, secret),
        changes,
    })
}

/// Revokes a token: its owner's own, or any as an administrator.
pub async fn revoke(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    let user = actor.user()?;
    let token = db::api::token(&app.db, id)
        .await?
        .ok_or(CommandError::NotFound)?;
    if token.user_id != user.id && !user.role.can_administer() {
        return Err(CommandError::NotFound);
    }
    let tx = app.begin(actor).await?;
    db::api::revoke_token(&tx, id).await?;
    tx.audit("api_token.revoke", &format!("api_token:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// The person a request's token acts as, if the token is live, carries
/// `scope` and has requests left in its window.
pub async fn authenticate(app: &App, secret: &str, scope: &str) -> CommandResult<Actor> {
    let token = db::api::token_by_hash(&app.db, &token_hash(secret.trim()))
        .await?
        .ok_or(CommandError::LoginRequired)?;
    let user = db::accounts::by_id(&app.db, token.user_id)
        .await?
        .ok_or(CommandError::LoginRequired)?;
    // A person who is no longer staff keeps no access through old tokens.
    if !may_hold_tokens(user.role) || !token.scopes.split(' ').any(|s| s == scope) {
        return Err(CommandError::Forbidden);
    }
    let limit = app.config.rate_limits.api_per_token;
    let used = db::throttle::hit(&app.db, &format!("api-token:{}", token.id), limit.window).await?;
    if used > u64::from(limit.max) {
        return Err(CommandError::RateLimited("token", "error-api-rate-limited"));
    }
    Ok(Actor::person(Arc::new(user)))
}
