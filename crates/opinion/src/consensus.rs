//! What all participants share, overall and across groups.

use crate::matrix::Counts;
use crate::repness::{Z_90, prob, prop_test};

pub const TOP: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConsensusStatement {
    pub col: usize,
    pub p: f64,
    pub p_test: f64,
}

/// Agree and disagree consensus over everyone clustered: share > 0.5 and the proportion test
/// above the 90 % threshold, ranked by share x test, top 5 each.
pub fn consensus(
    all: &[Counts],
    eligible: &[bool],
) -> (Vec<ConsensusStatement>, Vec<ConsensusStatement>) {
    let pick = |f: fn(&Counts) -> u32| {
        let mut v: Vec<ConsensusStatement> = all
            .iter()
            .enumerate()
            .filter(|(c, _)| eligible[*c])
            .map(|(col, k)| ConsensusStatement {
                col,
                p: prob(f(k), k.seen),
                p_test: prop_test(f(k), k.seen),
            })
            .filter(|s| s.p > 0.5 && s.p_test > Z_90)
            .collect();
        v.sort_by(|a, b| {
            (b.p * b.p_test)
                .total_cmp(&(a.p * a.p_test))
                .then(a.col.cmp(&b.col))
        });
        v.truncate(TOP);
        v
    };
    (pick(|k| k.agree), pick(|k| k.disagree))
}

/// Group-aware consensus of one statement: the product over groups of each group's smoothed
/// agree share, high only if every group agrees.
pub fn group_aware(per_group: &[Counts]) -> f64 {
    per_group.iter().map(|k| prob(k.agree, k.seen)).product()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_consensus_hand_computed() {
        let all = [
            Counts {
                agree: 18,
                disagree: 1,
                seen: 20,
            },
            Counts {
                agree: 2,
                disagree: 17,
                seen: 20,
            },
            Counts {
                agree: 6,
                disagree: 4,
                seen: 10,
            },
        ];
        let (agree, disagree) = consensus(&all, &[true; 3]);
        assert_eq!(agree.len(), 1);
        assert_eq!(agree[0].col, 0);
        assert!((agree[0].p - 19.0 / 22.0).abs() < 1e-12);
        // Column 2: pa = 7/12 > 0.5 but pat = 2 sqrt(11) (7/11 - 0.5) = 0.905 < 1.2816.
        assert_eq!(disagree.iter().map(|s| s.col).collect::<Vec<_>>(), vec![1]);
        let g = group_aware(&[
            Counts {
                agree: 3,
                disagree: 0,
                seen: 3,
            },
            Counts {
                agree: 1,
                disagree: 1,
                seen: 2,
            },
        ]);
        // (4/5) * (2/4)
        assert!((g - 0.4).abs() < 1e-12);
    }
}
