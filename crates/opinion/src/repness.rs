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

/// Both sides' numbers for a group's counts `g` against the rest `o`; the side with the stronger
/// repness test wins.
pub fn stats(col: usize, g: Counts, o: Counts) -> Repness {
    let pa = prob(g.agree, g.seen);
    let pd = prob(g.disagree, g.seen);
    let ra = pa / prob(o.agree, o.seen);
    let rd = pd / prob(o.disagree, o.seen);
    let rat = two_prop_test(g.agree, o.agree, g.seen, o.seen);
    let rdt = two_prop_test(g.disagree, o.disagree, g.seen, o.seen);
    if rat > rdt {
        Repness {
            col,
            side: Side::Agree,
            counts: g,
            p: pa,
            p_test: prop_test(g.agree, g.seen),
            repness: ra,
            repness_test: rat,
        }
    } else {
        Repness {
            col,
            side: Side::Disagree,
            counts: g,
            p: pd,
            p_test: prop_test(g.disagree, g.seen),
            repness: rd,
            repness_test: rdt,
        }
    }
}

/// Picks a group's representative statements from its per-column counts and the counts of all
/// other groups together. `eligible[col]` is false for moderated-out statements.
///
/// Decision (recorded): Pol.is's "best agree" rule has several special cases; here it is the
/// agree-side statement with at least one agree and the highest metric, qualifying or not,
/// shown first. Then the qualifying statements by metric, up to 5 in all, agrees before
/// disagrees. If none qualifies, the single best statement by metric.
pub fn select(group: &[Counts], rest: &[Counts], eligible: &[bool]) -> Vec<Repness> {
    let mut all: Vec<Repness> = (0..group.len())
        .filter(|&c| eligible[c] && group[c].seen > 0)
        .map(|c| stats(c, group[c], rest[c]))
        .collect();
    // Highest metric first; the column breaks ties so the order is fixed.
    all.sort_by(|a, b| b.metric().total_cmp(&a.metric()).then(a.col.cmp(&b.col)));
    let best_agree = all
        .iter()
        .find(|r| r.side == Side::Agree && r.counts.agree > 0)
        .copied();
    let mut chosen: Vec<Repness> = Vec::new();
    if let Some(b) = best_agree {
        chosen.push(b);
    }
    let mut rest_q: Vec<Repness> = all
        .iter()
        .filter(|r| r.qualifies() && Some(r.col) != best_agree.map(|b| b.col))
        .take(PER_GROUP.saturating_sub(chosen.len()))
        .copied()
        .collect();
    // Stable sort keeps the metric order within each side.
    rest_q.sort_by_key(|r| r.side == Side::Disagree);
    chosen.extend(rest_q);
    if chosen.is_empty()
        && let Some(first) = all.first()
    {
        chosen.push(*first);
    }
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
        // Column 3 is the strongest agree, then 0 (agree), then 1 (disagree); 2 does not qualify.
        assert_eq!(cols, vec![3, 0, 1]);
        let sel = select(&group, &rest, &[true, true, true, false]);
        assert_eq!(sel[0].col, 0);
    }
}
