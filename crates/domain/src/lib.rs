//! Types and rules of mitreden without I/O: roles and permissions, account
//! validation and the limits every feature enforces. Nothing here knows HTTP or SQL.

pub mod accountability;
pub mod accounts;
pub mod colors;
pub mod comments;
pub mod dates;
pub mod documents;
pub mod ideas;
pub mod limits;
pub mod maps;
pub mod moderation;
pub mod processes;
pub mod roles;
pub mod site_pages;
pub mod surveys;
pub mod tags;
pub mod validation;

pub use roles::Role;
pub use tags::Tag;
pub use validation::{FieldError, FieldErrors};
