//! The opinion map math (Pol.is's method, see `shared/OPINION-MATH.md`), as a pure library:
//! no I/O, no database, no clock, no randomness beyond a fixed seed. The platform stores votes
//! and calls [`update`] in the background with the previous [`State`] to warm-start.
//!
//! Determinism: every map is a `BTreeMap` or a vector in a defined order, so equal input gives
//! identical output.

pub mod clusters;
pub mod consensus;
pub mod matrix;
pub mod pca;
pub mod polis_csv;
pub mod priority;
pub mod repness;
pub mod update;

pub use matrix::{Conversation, VoteMatrix};
pub use update::{State, update};

/// A participant as the platform numbers them.
pub type ParticipantId = u64;
/// A statement (Pol.is: comment) as the platform numbers them.
pub type StatementId = u64;

/// One vote event; a later event for the same pair replaces an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    pub participant: ParticipantId,
    pub statement: StatementId,
    /// 1 agree, -1 disagree, 0 pass.
    pub value: i8,
}
