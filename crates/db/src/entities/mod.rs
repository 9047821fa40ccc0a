//! SeaORM entities: one per table, plain rows. Queries that combine tables live
//! in the feature modules.

pub mod department;
pub mod email_token;
pub mod image;
pub mod process;
pub mod session;
pub mod user;
