//! The opinion map math (Pol.is's method, see `shared/OPINION-MATH.md`), as a pure library:
//! no I/O, no database, no clock, no randomness beyond a fixed seed. The platform stores votes
//! and calls [`update`] in the background with the previous [`State`] to warm-start.
//!
//! Determinism: every map is a `BTreeMap` or a vector in a defined order, so equal input gives
//! identical output.
//!
//! Decisions where `OPINION-MATH.md` is terse and Pol.is's Clojure (`math/src/polismath/math/`)
//! was read as the reference:
//! - The PCA runs over every participant's row (Pol.is's `mat`), clustering over the
//!   in-conversation ones. Power iteration stops when the eigenvalue estimate changes by less
//!   than 1e-12 relative (Pol.is: exact equality) or after 100 iterations; the cold start is a
//!   fixed-seed vector in [0, 1) where Pol.is draws an unseeded one.
//! - Moderated-out and meta columns are zeroed for everyone (`zero-out-columns`), so in the
//!   projection's sqrt(statements / votes cast) they count as cast by every participant. On the
//!   validation data this one detail moves the ARI from about 0.6 to above 0.9.
//! - Warm starts follow `clean-start-clusters` for base clusters and for groups (each k): the
//!   previous clusters recentred on their members' current positions, then split.
//! - Representative statements follow `select-rep-comments`: a statement qualifies if either side
//!   passes both tests; "best agree" is Pol.is's `beats-best-agr?`, shown with its agree numbers.
//! - Consensus is over everyone who voted (Pol.is's whole rating matrix); routing priority counts
//!   the clustered participants' votes (Pol.is sums its group votes); meta statements get
//!   Pol.is's fixed priority 7², moderated-out statements none.

pub mod clusters;
pub mod consensus;
pub mod matrix;
pub mod pca;
pub mod polis_csv;
pub mod priority;
pub mod repness;
pub mod update;
pub mod validation;

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
