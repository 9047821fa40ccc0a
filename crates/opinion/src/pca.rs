//! Two principal components by power iteration on the centred, mean-imputed vote matrix.
//!
//! Imputed cells equal their column mean, so centred they are 0 and drop out of every product:
//! `X^T X v` is computed from the votes alone. The second component comes from the deflated
//! matrix `X (I - c1 c1^T)`, applied implicitly instead of materialised.

use crate::matrix::VoteMatrix;

/// Up to this many iterations per component (Pol.is's default).
pub const MAX_ITERATIONS: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    /// Column means over the in-conversation rows (the imputation values and the centre).
    pub center: Vec<f64>,
    pub components: [Vec<f64>; 2],
    /// Iterations used per component, for diagnostics.
    pub iterations: [usize; 2],
}

/// A fixed-seed generator for the cold-start vector: Pol.is starts from an unseeded random
/// vector, mitreden must give the same result for the same input.
fn seeded_vector(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `X^T X v` over the given rows, with `X` the centred matrix.
fn xtx(m: &VoteMatrix, rows: &[usize], center: &[f64], v: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; v.len()];
    for &r in rows {
        let row = m.row(r);
        let s: f64 = row
            .iter()
            .map(|&(c, x)| (m.clustering_value(c, x) - center[c as usize]) * v[c as usize])
            .sum();
        if s != 0.0 {
            for &(c, x) in row {
                out[c as usize] += (m.clustering_value(c, x) - center[c as usize]) * s;
            }
        }
    }
    out
}

/// Removes the part of `v` along the unit vector `u`.
fn project_out(v: &mut [f64], u: &[f64]) {
    let d = dot(v, u);
    for (x, y) in v.iter_mut().zip(u) {
        *x -= d * y;
    }
}

fn power_iteration(
    m: &VoteMatrix,
    rows: &[usize],
    center: &[f64],
    start: Vec<f64>,
    deflate: Option<(&[f64], f64)>,
) -> (Vec<f64>, usize, f64) {
    let mut v = start;
    if let Some((u, _)) = deflate {
        project_out(&mut v, u);
    }
    let n0 = norm(&v);
    if n0 == 0.0 {
        return (v, 0, 0.0);
    }
    v.iter_mut().for_each(|x| *x /= n0);
    let mut last = f64::NAN;
    for it in 1..=MAX_ITERATIONS {
        let mut p = xtx(m, rows, center, &v);
        if let Some((u, _)) = deflate {
            project_out(&mut p, u);
        }
        let eig = norm(&p);
        // A deflated eigenvalue at rounding level means the data has one dimension only: what
        // is left of the product is noise along the first component, so keep `v`.
        let floor = deflate.map_or(0.0, |(_, l1)| 1e-10 * l1);
        if eig <= floor {
            return (v, it, eig);
        }
        p.iter_mut().for_each(|x| *x /= eig);
        if let Some((u, _)) = deflate {
            project_out(&mut p, u);
            let n = norm(&p);
            p.iter_mut().for_each(|x| *x /= n);
        }
        v = p;
        // Stop once the eigenvalue estimate no longer moves (relative, so the scale of the
        // conversation does not matter).
        if (eig - last).abs() <= 1e-12 * eig {
            return (v, it, eig);
        }
        last = eig;
    }
    (v, MAX_ITERATIONS, last)
}

/// PCA over `rows`. `warm` holds the previous components already aligned to the current columns
/// (new columns padded with 1, see [`align_components`]).
pub fn pca(m: &VoteMatrix, rows: &[usize], warm: Option<&[Vec<f64>; 2]>) -> Pca {
    let center = m.column_means(rows);
    let n = m.n_cols();
    let (s1, s2) = match warm {
        Some([a, b]) if a.len() == n && b.len() == n => (a.clone(), b.clone()),
        _ => (
            seeded_vector(n, 0x9E37_79B9_7F4A_7C15),
            seeded_vector(n, 0xD1B5_4A32_D192_ED03),
        ),
    };
    let (c1, i1, l1) = power_iteration(m, rows, &center, s1, None);
    let (c2, i2, _) = power_iteration(m, rows, &center, s2, Some((&c1, l1)));
    Pca {
        center,
        components: [c1, c2],
        iterations: [i1, i2],
    }
}

/// Maps previous components (by statement id) onto the current columns; statements new since
/// then start at 1, as Pol.is pads them.
pub fn align_components(
    previous: &[(crate::StatementId, [f64; 2])],
    m: &VoteMatrix,
) -> [Vec<f64>; 2] {
    let mut a = vec![1.0; m.n_cols()];
    let mut b = vec![1.0; m.n_cols()];
    for &(s, [x, y]) in previous {
        if let Some(c) = m.statement_col(s) {
            a[c] = x;
            b[c] = y;
        }
    }
    [a, b]
}

/// Sparsity-aware projection of row `r`: sum over voted statements of (vote - centre) x
/// component, scaled by sqrt(statements / votes cast) so that people who voted on few statements
/// are not all pulled into the centre.
pub fn project_row(m: &VoteMatrix, p: &Pca, r: usize) -> [f64; 2] {
    let row = m.row(r);
    let mut x = 0.0;
    let mut y = 0.0;
    let mut own_moderated = 0;
    for &(c, v) in row {
        if m.moderated[c as usize] {
            own_moderated += 1;
        }
        let d = m.clustering_value(c, v) - p.center[c as usize];
        x += d * p.components[0][c as usize];
        y += d * p.components[1][c as usize];
    }
    // Moderated-out columns are set to 0 for everyone (Pol.is's zero-out-columns), so they count
    // as votes cast by every participant.
    let cast = row.len() - own_moderated + m.n_moderated();
    let scale = (m.n_cols() as f64 / cast.max(1) as f64).sqrt();
    [x * scale, y * scale]
}

/// A statement projected as a participant who agreed with it and voted on nothing else.
pub fn project_statement(m: &VoteMatrix, p: &Pca, c: usize) -> [f64; 2] {
    let d = if m.moderated[c] { 0.0 } else { 1.0 } - p.center[c];
    let scale = (m.n_cols() as f64).sqrt();
    [
        d * p.components[0][c] * scale,
        d * p.components[1][c] * scale,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Conversation;

    fn full(rows: &[[i8; 3]]) -> VoteMatrix {
        let mut conv = Conversation::new();
        for (p, row) in rows.iter().enumerate() {
            for (s, &v) in row.iter().enumerate() {
                conv.push(p as u64, s as u64, v);
            }
        }
        VoteMatrix::build(&conv)
    }

    #[test]
    fn opinion_pca_on_a_4x3_example() {
        // Columns 0 and 1 always agree with each other, column 2 is constant.
        // Centred: rows (1,1,0), (1,1,0), (-1,-1,0), (-1,-1,0): the first component is
        // (1,1,0)/sqrt(2) with eigenvalue 8, the second has eigenvalue 0.
        let m = full(&[[1, 1, 1], [1, 1, 1], [-1, -1, 1], [-1, -1, 1]]);
        let p = pca(&m, &[0, 1, 2, 3], None);
        assert_eq!(p.center, vec![0.0, 0.0, 1.0]);
        let c1 = &p.components[0];
        let h = 1.0 / 2f64.sqrt();
        assert!((c1[0].abs() - h).abs() < 1e-9 && (c1[1].abs() - h).abs() < 1e-9);
        assert!(c1[2].abs() < 1e-9);
        assert!(dot(c1, &p.components[1]).abs() < 1e-9);
        // Row 0 projects to +-2 on the first axis: (1*h + 1*h) * sqrt(3/3) = sqrt(2)... times
        // the sparsity scale 1 (voted on all three).
        let [x, _] = project_row(&m, &p, 0);
        assert!((x.abs() - 2f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn opinion_pca_second_component_is_orthogonal() {
        let m = full(&[[1, -1, 0], [1, 1, -1], [-1, 1, 1], [0, -1, 1]]);
        let p = pca(&m, &[0, 1, 2, 3], None);
        assert!((norm(&p.components[0]) - 1.0).abs() < 1e-9);
        assert!((norm(&p.components[1]) - 1.0).abs() < 1e-9);
        assert!(dot(&p.components[0], &p.components[1]).abs() < 1e-9);
        // Warm start from the result converges at once to the same components.
        let w = pca(&m, &[0, 1, 2, 3], Some(&p.components));
        for k in 0..2 {
            assert!(dot(&w.components[k], &p.components[k]).abs() > 1.0 - 1e-6);
        }
    }

    #[test]
    fn opinion_projection_scales_by_sparsity() {
        let mut conv = Conversation::new();
        for (p, s, v) in [(0, 0, 1), (0, 1, 1), (1, 0, -1), (1, 1, -1), (2, 0, 1)] {
            conv.push(p, s, v);
        }
        let m = VoteMatrix::build(&conv);
        let p = Pca {
            center: vec![0.0, 0.0],
            components: [vec![1.0, 0.0], vec![0.0, 1.0]],
            iterations: [0, 0],
        };
        assert_eq!(project_row(&m, &p, 0), [1.0, 1.0]);
        // One vote of two statements: scaled by sqrt(2/1).
        assert_eq!(project_row(&m, &p, 2), [2f64.sqrt(), 0.0]);
    }
}
