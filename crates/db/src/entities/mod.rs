//! SeaORM entities: one per table, plain rows without relations. Queries that
//! combine tables live in the feature modules.

pub mod department;
pub mod email_token;
pub mod session;
pub mod user;
