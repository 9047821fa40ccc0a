//! Representative statements per group: what sets a group apart from everyone else.

use crate::matrix::Counts;

/// 90 % one-sided z threshold.
pub const Z_90: f64 = 1.2816;
/// Statements shown per group.
pub const PER_GROUP: usize = 5;

/// Laplace-smoothed probability of agreeing, (n + 1) / (seen + 2).
pub fn prob(n: u32, seen: u32) -> f64 {
    (f64::from(n) + 1.0) / (f64::from(seen) + 2.0)
}

/// One-proportion test against 0.5 after adding one to both counts.
pub fn prop_test(n: u32, seen: u32) -> f64 {
    let n = f64::from(n) + 1.0;
    let s = f64::from(seen) + 1.0;
    2.0 * s.sqrt() * (n / s - 0.5)
}

/// Two-proportion z-test of the group (in) against the rest (out), one added to all four counts;
/// 0 when the pooled proportion is 1 (no variance).
pub fn two_prop_test(succ_in: u32, succ_out: u32, pop_in: u32, pop_out: u32) -> f64 {
    let (si, so, pi, po) = (
        f64::from(succ_in) + 1.0,
        f64::from(succ_out) + 1.0,
        f64::from(pop_in) + 1.0,
        f64::from(pop_out) + 1.0,
    );
    let pooled = (si + so) / (pi + po);
    if pooled == 1.0 {
        return 0.0;
    }
    (si / pi - so / po) / (pooled * (1.0 - pooled) * (1.0 / pi + 1.0 / po)).sqrt()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Side {
    Agree,
    Disagree,
}

/// The numbers of one statement for one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Repness {
    pub col: usize,
    pub side: Side,
    pub counts: Counts,
    /// Share of the group on the chosen side (smoothed).
    pub p: f64,
    pub p_test: f64,
    pub repness: f64,
    pub repness_test: f64,
}

impl Repness {
    pub fn metric(&self) -> f64 {
        self.repness * self.repness_test * self.p * self.p_test
    }

    pub fn qualifies(&self) -> bool {
        self.repness_test > Z_90 && self.p_test > Z_90
    }
}

/// Both sides' numbers of one statement for one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FullStats {
    pub counts: Counts,
    pub pa: f64,
    pub pd: f64,
    pub pat: f64,
    pub pdt: f64,
    pub ra: f64,
    pub rd: f64,
    pub rat: f64,
    pub rdt: f64,
}

/// The numbers for a group's counts `g` against the rest `o`.
pub fn full_stats(g: Counts, o: Counts) -> FullStats {
    FullStats {
        counts: g,
        pa: prob(g.agree, g.seen),
        pd: prob(g.disagree, g.seen),
        pat: prop_test(g.agree, g.seen),
        pdt: prop_test(g.disagree, g.seen),
        ra: prob(g.agree, g.seen) / prob(o.agree, o.seen),
        rd: prob(g.disagree, g.seen) / prob(o.disagree, o.seen),
        rat: two_prop_test(g.agree, o.agree, g.seen, o.seen),
        rdt: two_prop_test(g.disagree, o.disagree, g.seen, o.seen),
    }
}

impl FullStats {
    fn side(&self, col: usize, side: Side) -> Repness {
        match side {
            Side::Agree => Repness {
                col,
                side,
                counts: self.counts,
                p: self.pa,
                p_test: self.pat,
                repness: self.ra,
                repness_test: self.rat,
            },
            Side::Disagree => Repness {
                col,
                side,
                counts: self.counts,
                p: self.pd,
                p_test: self.pdt,
                repness: self.rd,
                repness_test: self.rdt,
            },
        }
    }

    /// The side with the stronger repness test.
    pub fn finalize(&self, col: usize) -> Repness {
        self.side(
            col,
            if self.rat > self.rdt {
                Side::Agree
            } else {
                Side::Disagree
            },
        )
    }

    /// Representative on either side: both tests of that side above the threshold.
    pub fn passes(&self) -> bool {
        (self.rat > Z_90 && self.pat > Z_90) || (self.rdt > Z_90 && self.pdt > Z_90)
    }

    /// Pol.is's rule for the statement the group agrees on most, shown first: never an unvoted
    /// statement; against a current best with repness above 1 by the full metric, otherwise by
    /// the agree share times its test; the first candidate must look good by either.
    fn beats_best_agree(&self, best: Option<&FullStats>) -> bool {
        if self.counts.agree == 0 && self.counts.disagree == 0 {
            return false;
        }
        match best {
            Some(b) if b.ra > 1.0 => {
                self.ra * self.rat * self.pa * self.pat > b.ra * b.rat * b.pa * b.pat
            }
            Some(b) => self.pa * self.pat > b.pa * b.pat,
            None => self.pat > Z_90 || (self.ra > 1.0 && self.pa > 0.5),
        }
    }
}

/// Compatibility helper: the finalized numbers of one statement.
pub fn stats(col: usize, g: Counts, o: Counts) -> Repness {
    full_stats(g, o).finalize(col)
}

/// Picks a group's representative statements from its per-column counts and the counts of all
/// other groups together. `eligible[col]` is false for moderated-out statements.
///
/// As Pol.is's `select-rep-comments` (the reference, where the spec is terser): a statement
/// qualifies if either side passes both tests; the qualifying ones are ranked by repness x
/// repness test x share x share test; the best agree statement goes first (shown with its agree
/// numbers, as it was chosen for agreement), then the others up to 5 in all, agrees before
/// disagrees. If none qualifies: the best agree statement, else the statement with the highest
/// repness test.
pub fn select(group: &[Counts], rest: &[Counts], eligible: &[bool]) -> Vec<Repness> {
    let mut sufficient: Vec<Repness> = Vec::new();
    let mut best: Option<(f64, Repness)> = None;
    let mut best_agree: Option<(usize, FullStats)> = None;
    for c in 0..group.len() {
        if !eligible[c] {
            continue;
        }
        let st = full_stats(group[c], rest[c]);
        if st.passes() {
            sufficient.push(st.finalize(c));
        }
        let z = st.rat.max(st.rdt);
        if best.is_none_or(|(bz, _)| z > bz) {
            best = Some((z, st.finalize(c)));
        }
        if st.beats_best_agree(best_agree.as_ref().map(|(_, b)| b)) {
            best_agree = Some((c, st));
        }
    }
    let head = best_agree.map(|(c, st)| st.side(c, Side::Agree));
    if sufficient.is_empty() {
        return head.or(best.map(|(_, r)| r)).into_iter().collect();
    }
    sufficient.retain(|r| Some(r.col) != head.map(|h| h.col));
    // Highest metric first; the column breaks ties so the order is fixed.
    sufficient.sort_by(|a, b| b.metric().total_cmp(&a.metric()).then(a.col.cmp(&b.col)));
    let mut chosen: Vec<Repness> = head.into_iter().chain(sufficient).take(PER_GROUP).collect();
    // Stable: keeps the order within each side.
    chosen.sort_by_key(|r| r.side == Side::Disagree);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(agree: u32, disagree: u32, seen: u32) -> Counts {
        Counts {
            agree,
            disagree,
            seen,
        }
    }

    #[test]
    fn opinion_repness_formulas_hand_computed() {
        // Group: 8 agree, 1 disagree, 10 seen. Rest: 2 agree, 6 disagree, 10 seen.
        assert!((prob(8, 10) - 0.75).abs() < 1e-12);
        // 2 * sqrt(11) * (9/11 - 0.5)
        assert!((prop_test(8, 10) - 2.0 * 11f64.sqrt() * (9.0 / 11.0 - 0.5)).abs() < 1e-12);
        // pi1 = 9/11, pi2 = 3/11, pooled = 12/22
        let z =
            (9.0 / 11.0 - 3.0 / 11.0) / ((12.0 / 22.0) * (10.0 / 22.0) * (2.0 / 11.0f64)).sqrt();
        assert!((two_prop_test(8, 2, 10, 10) - z).abs() < 1e-12);
        assert_eq!(two_prop_test(5, 5, 5, 5), 0.0);
        let r = stats(0, c(8, 1, 10), c(2, 6, 10));
        assert_eq!(r.side, Side::Agree);
        // ra = 0.75 / (3/12)
        assert!((r.repness - 3.0).abs() < 1e-12);
        assert!(r.qualifies());
        let r = stats(0, c(1, 8, 10), c(6, 2, 10));
        assert_eq!(r.side, Side::Disagree);
    }

    #[test]
    fn opinion_repness_selection_order() {
        let group = [c(8, 1, 10), c(1, 9, 10), c(5, 5, 10), c(9, 0, 10)];
        let rest = [c(2, 6, 10), c(7, 2, 10), c(5, 5, 10), c(1, 8, 10)];
        let sel = select(&group, &rest, &[true; 4]);
        let cols: Vec<usize> = sel.iter().map(|r| r.col).collect();
        // Column 3 is the best agree (first candidate 0 is beaten on the full metric since its
        // ra > 1), then 0 (agree), then 1 (disagree); 2 does not qualify.
        assert_eq!(cols, vec![3, 0, 1]);
        let sel = select(&group, &rest, &[true, true, true, false]);
        assert_eq!(sel[0].col, 0);
        // Nothing qualifies and nobody agrees: the statement with the highest repness test.
        let sel = select(
            &[c(0, 1, 2), c(0, 1, 2)],
            &[c(0, 2, 2), c(0, 0, 4)],
            &[true, true],
        );
        assert_eq!(
            sel.iter().map(|r| (r.col, r.side)).collect::<Vec<_>>(),
            vec![(1, Side::Disagree)]
        );
    }
}
