//! The vote matrix, kept sparse: one row per participant holding only the statements they voted
//! on. Imputation with column means makes every unseen cell equal to its column's mean, so after
//! centring those cells are exactly 0: the centred, imputed matrix has the same sparsity as the
//! votes, and nothing here ever needs a dense participants x statements array.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::{ParticipantId, StatementId, Vote};

/// A multiply-rotate hash for integer ids (the idea of rustc's FxHash): the standard SipHash
/// made building the matrix the slowest step of an update. Only used for lookups, never
/// iterated, so no order leaks from it.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type IdMap = HashMap<u64, u32, BuildHasherDefault<IdHasher>>;

/// Everything the math needs to know about a conversation: the vote events in time order and
/// which statements are moderated out or meta, whose columns count as all-pass for clustering.
#[derive(Clone, Debug, Default)]
pub struct Conversation {
    pub votes: Vec<Vote>,
    /// Not shown and not clustered on; votes on them still count in vote totals.
    pub moderated_out: BTreeSet<StatementId>,
    /// Statements about the conversation itself ("I live in the city centre"): shown, with a
    /// fixed routing priority, but not clustered on.
    pub meta: BTreeSet<StatementId>,
}

impl Conversation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, participant: ParticipantId, statement: StatementId, value: i8) {
        self.votes.push(Vote {
            participant,
            statement,
            value: value.signum(),
        });
    }
}

/// The current vote of every (participant, statement) pair, row-major and sparse.
///
/// Rows and columns are in order of first appearance in the vote stream: that is Pol.is's order
/// (its named matrix appends rows and columns as they arrive) and the order the cold-start
/// k-means takes its first distinct points from.
#[derive(Clone, Debug)]
pub struct VoteMatrix {
    pub participants: Vec<ParticipantId>,
    pub statements: Vec<StatementId>,
    /// `row_start[r]..row_start[r + 1]` indexes `entries` for row `r`, sorted by column.
    pub row_start: Vec<usize>,
    /// (column, vote) with vote in {-1, 0, 1}.
    pub entries: Vec<(u32, i8)>,
    /// Columns whose votes count for totals but not for clustering.
    pub moderated: Vec<bool>,
    participant_index: IdMap,
    statement_index: IdMap,
}

impl VoteMatrix {
    pub fn build(conv: &Conversation) -> Self {
        let mut participant_index = IdMap::default();
        let mut statement_index = IdMap::default();
        let mut participants = Vec::new();
        let mut statements = Vec::new();
        // (row, column, vote) per event, in time order.
        let mut cells: Vec<(u32, u32, i8)> = Vec::with_capacity(conv.votes.len());
        for v in &conv.votes {
            let r = *participant_index.entry(v.participant).or_insert_with(|| {
                participants.push(v.participant);
                (participants.len() - 1) as u32
            });
            let c = *statement_index.entry(v.statement).or_insert_with(|| {
                statements.push(v.statement);
                (statements.len() - 1) as u32
            });
            cells.push((r, c, v.value.signum()));
        }
        // Counting sort by row keeps time order within a row; a stable sort of each (short) row
        // by column then leaves the latest vote of a pair last, which is the one that counts.
        let mut row_start = vec![0usize; participants.len() + 1];
        for &(r, _, _) in &cells {
            row_start[r as usize + 1] += 1;
        }
        for r in 0..participants.len() {
            row_start[r + 1] += row_start[r];
        }
        let mut fill = row_start.clone();
        let mut by_row: Vec<(u32, i8)> = vec![(0, 0); cells.len()];
        for &(r, c, v) in &cells {
            by_row[fill[r as usize]] = (c, v);
            fill[r as usize] += 1;
        }
        drop(cells);
        let mut entries: Vec<(u32, i8)> = Vec::with_capacity(by_row.len());
        let mut kept_start = vec![0usize; participants.len() + 1];
        for r in 0..participants.len() {
            let row = &mut by_row[row_start[r]..row_start[r + 1]];
            row.sort_by_key(|&(c, _)| c);
            for i in 0..row.len() {
                if i + 1 == row.len() || row[i + 1].0 != row[i].0 {
                    entries.push(row[i]);
                }
            }
            kept_start[r + 1] = entries.len();
        }
        let row_start = kept_start;
        let moderated = statements
            .iter()
            .map(|s| conv.moderated_out.contains(s) || conv.meta.contains(s))
            .collect();
        Self {
            participants,
            statements,
            row_start,
            entries,
            moderated,
            participant_index,
            statement_index,
        }
    }

    pub fn n_rows(&self) -> usize {
        self.participants.len()
    }

    pub fn n_cols(&self) -> usize {
        self.statements.len()
    }

    pub fn n_moderated(&self) -> usize {
        self.moderated.iter().filter(|&&m| m).count()
    }

    pub fn row(&self, r: usize) -> &[(u32, i8)] {
        &self.entries[self.row_start[r]..self.row_start[r + 1]]
    }

    /// Votes cast by row `r`, passes and moderated statements included.
    pub fn row_count(&self, r: usize) -> usize {
        self.row_start[r + 1] - self.row_start[r]
    }

    pub fn participant_row(&self, p: ParticipantId) -> Option<usize> {
        self.participant_index.get(&p).map(|&r| r as usize)
    }

    pub fn statement_col(&self, s: StatementId) -> Option<usize> {
        self.statement_index.get(&s).map(|&c| c as usize)
    }

    /// The value clustering sees: moderated-out columns read as pass (0).
    pub fn clustering_value(&self, col: u32, vote: i8) -> f64 {
        if self.moderated[col as usize] {
            0.0
        } else {
            f64::from(vote)
        }
    }

    /// Column means over the given rows (the imputation values); columns nobody voted on among
    /// them get 0.
    pub fn column_means(&self, rows: &[usize]) -> Vec<f64> {
        let mut sum = vec![0.0; self.n_cols()];
        let mut n = vec![0u32; self.n_cols()];
        for &r in rows {
            for &(c, v) in self.row(r) {
                sum[c as usize] += self.clustering_value(c, v);
                n[c as usize] += 1;
            }
        }
        sum.iter()
            .zip(&n)
            .map(|(s, &k)| if k == 0 { 0.0 } else { s / f64::from(k) })
            .collect()
    }
}

/// Agree / disagree / seen counts of one statement within one set of participants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Counts {
    pub agree: u32,
    pub disagree: u32,
    /// Every non-empty vote, passes included.
    pub seen: u32,
}

/// Per-group counts for every column: `result[group][col]`. `group_of_row[r]` is `None` for rows
/// outside every group. Votes on moderated statements count here (they are vote totals).
pub fn group_counts(
    m: &VoteMatrix,
    group_of_row: &[Option<usize>],
    n_groups: usize,
) -> Vec<Vec<Counts>> {
    let mut out = vec![vec![Counts::default(); m.n_cols()]; n_groups];
    for (r, g) in group_of_row.iter().enumerate() {
        let Some(g) = *g else { continue };
        for &(c, v) in m.row(r) {
            let cell = &mut out[g][c as usize];
            cell.seen += 1;
            match v {
                1 => cell.agree += 1,
                -1 => cell.disagree += 1,
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_later_vote_replaces_earlier_and_means_impute() {
        let mut conv = Conversation::new();
        conv.push(10, 1, 1);
        conv.push(11, 1, -1);
        conv.push(10, 2, 1);
        conv.push(10, 1, -1); // changes 10's vote on 1
        conv.push(12, 1, 0);
        let m = VoteMatrix::build(&conv);
        assert_eq!(m.participants, vec![10, 11, 12]);
        assert_eq!(m.statements, vec![1, 2]);
        assert_eq!(m.row(0), &[(0, -1), (1, 1)]);
        assert_eq!(m.entries.len(), 4);
        // Column 1: -1, -1, 0 -> mean -2/3; column 2: only 1 -> 1.
        let means = m.column_means(&[0, 1, 2]);
        assert!((means[0] + 2.0 / 3.0).abs() < 1e-12);
        assert!((means[1] - 1.0).abs() < 1e-12);
        conv.moderated_out.insert(2);
        let m = VoteMatrix::build(&conv);
        assert_eq!(m.column_means(&[0, 1, 2])[1], 0.0);
    }
}
