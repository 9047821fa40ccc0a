//! Who may call a handler, as extractors: a handler that takes `Member` runs
//! only for a logged-in person; anyone else is sent to the login page and
//! back. `Staff`, `Moderator` and `Admin` also need the role (else 403).
//! Finer rules (staff of *this* process's department, the author of *this*
//! comment) are the commands' and the domain's.

use std::sync::Arc;

use app::Actor;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use db::accounts::User;
use domain::Role;

use crate::accounts::login_redirect;
use crate::{AppError, Ctx, SharedState};

impl Ctx {
    /// Who acts in this request, for the commands.
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor::Person(u.clone()),
            None => Actor::Anonymous,
        }
    }
}

/// The logged-in person, or the login page.
async fn signed_in(parts: &mut Parts, state: &SharedState) -> Result<Arc<User>, Response> {
    let ctx = Ctx::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    ctx.user.clone().ok_or_else(|| login_redirect(state, &ctx))
}

/// The logged-in person, or the login page; then the role check.
async fn with_role(
    parts: &mut Parts,
    state: &SharedState,
    allowed: fn(Role) -> bool,
) -> Result<Arc<User>, Response> {
    let user = signed_in(parts, state).await?;
    if allowed(user.role) {
        Ok(user)
    } else {
        Err(AppError::forbidden().into_response())
    }
}

macro_rules! extractor {
    ($(#[$doc:meta])* $name:ident, $allowed:expr) => {
        $(#[$doc])*
        pub struct $name(pub Arc<User>);

        impl $name {
            pub fn actor(&self) -> Actor {
                Actor::Person(self.0.clone())
            }
        }

        impl FromRequestParts<SharedState> for $name {
            type Rejection = Response;
            async fn from_request_parts(
                parts: &mut Parts,
                state: &SharedState,
            ) -> Result<Self, Response> {
                with_role(parts, state, $allowed).await.map($name)
            }
        }
    };
}

extractor!(
    /// Any logged-in person.
    Member,
    |_| true
);
extractor!(
    /// Staff of a department, or an administrator.
    Staff,
    |r| matches!(r, Role::Staff | Role::Admin)
);
extractor!(
    /// A moderator or an administrator.
    Moderator,
    |r| matches!(r, Role::Moderator | Role::Admin)
);
extractor!(
    /// An administrator.
    Admin,
    |r| r == Role::Admin
);
