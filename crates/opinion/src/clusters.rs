//! k-means as Pol.is runs it: 100 base clusters over the projected participants (so the group
//! step works on at most 100 weighted points however large the conversation), then 2..=5 groups
//! over the base clusters, k chosen by silhouette.

pub type Point = [f64; 2];

/// Base clusters per conversation (Pol.is's constant).
pub const BASE_K: usize = 100;
/// A k-means run has converged when no centre moved by this much.
pub const CONVERGENCE: f64 = 0.01;
/// Pol.is's group k-means effectively stops after this many iterations.
pub const GROUP_ITERATIONS: usize = 20;
/// Safety cap for the base k-means (it normally converges long before).
pub const BASE_ITERATIONS: usize = 100;

fn dist2(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

pub fn dist(a: Point, b: Point) -> f64 {
    dist2(a, b).sqrt()
}

fn nearest(centers: &[Point], p: Point) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (i, &c) in centers.iter().enumerate() {
        let d = dist2(c, p);
        // Strictly smaller: ties go to the earlier centre, a fixed rule.
        if d < best_d {
            best_d = d;
            best = i;
        }
    }
    best
}

/// The result of a k-means run: centres (empties dropped, order of the initial centres kept) and
/// the index of each point's centre.
#[derive(Clone, Debug, PartialEq)]
pub struct KMeans {
    pub centers: Vec<Point>,
    /// For each initial centre that survived, its position in the initial list (so callers can
    /// carry stable ids through).
    pub origin: Vec<usize>,
    pub assignment: Vec<usize>,
}

/// Weighted Lloyd iterations from the given centres; clusters that end up empty are dropped.
pub fn kmeans(points: &[Point], weights: &[f64], init: Vec<Point>, max_iter: usize) -> KMeans {
    let mut centers = init;
    let mut origin: Vec<usize> = (0..centers.len()).collect();
    let mut assignment = vec![0usize; points.len()];
    for _ in 0..max_iter.max(1) {
        for (a, &p) in assignment.iter_mut().zip(points) {
            *a = nearest(&centers, p);
        }
        let mut sum = vec![[0.0f64; 2]; centers.len()];
        let mut w = vec![0.0f64; centers.len()];
        for ((&a, &p), &pw) in assignment.iter().zip(points).zip(weights) {
            sum[a][0] += p[0] * pw;
            sum[a][1] += p[1] * pw;
            w[a] += pw;
        }
        let mut new_centers = Vec::with_capacity(centers.len());
        let mut new_origin = Vec::with_capacity(centers.len());
        let mut moved = false;
        let mut remap = vec![usize::MAX; centers.len()];
        for i in 0..centers.len() {
            if w[i] > 0.0 {
                let c = [sum[i][0] / w[i], sum[i][1] / w[i]];
                if dist(c, centers[i]) >= CONVERGENCE {
                    moved = true;
                }
                remap[i] = new_centers.len();
                new_centers.push(c);
                new_origin.push(origin[i]);
            } else {
                moved = true;
            }
        }
        for a in assignment.iter_mut() {
            *a = remap[*a];
        }
        centers = new_centers;
        origin = new_origin;
        if !moved {
            break;
        }
    }
    KMeans {
        centers,
        origin,
        assignment,
    }
}

/// The first `k` distinct points in data order: Pol.is's cold start, deterministic.
pub fn first_distinct(points: &[Point], k: usize) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(k);
    for &p in points {
        if out.len() == k {
            break;
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn weighted_center(points: &[Point], weights: &[f64], members: &[usize]) -> Point {
    let w: f64 = members.iter().map(|&m| weights[m]).sum();
    [
        members
            .iter()
            .map(|&m| points[m][0] * weights[m])
            .sum::<f64>()
            / w,
        members
            .iter()
            .map(|&m| points[m][1] * weights[m])
            .sum::<f64>()
            / w,
    ]
}

/// Warm start (Pol.is's clean-start-clusters): the previous clusters recentred on where their
/// members are now, empties dropped, clusters with identical centres merged, then while there
/// are fewer than `k` (and more distinct points), the point farthest from every centre leaves
/// its cluster and starts a new one. Keeping the previous clusters keeps labels stable.
///
/// `previous` holds, per previous cluster, the indices (into `points`) of its members that are
/// still present. Returns the starting centres and, for each, the previous cluster it continues
/// (`None` for a new one).
pub fn warm_centers(
    points: &[Point],
    weights: &[f64],
    previous: &[Vec<usize>],
    k: usize,
) -> Vec<(Point, Option<usize>)> {
    // (members, origin, centre)
    let mut clusters: Vec<(Vec<usize>, Option<usize>, Point)> = Vec::new();
    for (i, members) in previous.iter().enumerate() {
        if members.iter().map(|&m| weights[m]).sum::<f64>() <= 0.0 {
            continue;
        }
        let c = weighted_center(points, weights, members);
        if let Some(same) = clusters.iter_mut().find(|x| x.2 == c) {
            // Merged into the earlier one; the bigger of the two keeps its identity.
            if members.len() > same.0.len() {
                same.1 = Some(i);
            }
            same.0.extend_from_slice(members);
        } else {
            clusters.push((members.clone(), Some(i), c));
        }
    }
    let possible = k.min(first_distinct(points, k).len());
    loop {
        clusters.retain(|c| !c.0.is_empty());
        for c in clusters.iter_mut() {
            c.2 = weighted_center(points, weights, &c.0);
        }
        if clusters.len() >= possible || points.is_empty() {
            break;
        }
        let mut far = None;
        let mut far_d = 0.0;
        for (i, &p) in points.iter().enumerate() {
            let d = clusters
                .iter()
                .map(|c| dist2(c.2, p))
                .fold(f64::INFINITY, f64::min);
            if d > far_d {
                far_d = d;
                far = Some(i);
            }
        }
        let Some(i) = far else { break };
        for c in clusters.iter_mut() {
            c.0.retain(|&m| m != i);
        }
        clusters.push((vec![i], None, points[i]));
    }
    clusters.into_iter().map(|(_, o, c)| (c, o)).collect()
}

/// Mean silhouette over points (the base clusters); a point alone in its cluster scores 0.
pub fn silhouette(points: &[Point], assignment: &[usize], k: usize) -> f64 {
    let n = points.len();
    if n == 0 || k < 2 {
        return 0.0;
    }
    let mut size = vec![0usize; k];
    for &a in assignment {
        size[a] += 1;
    }
    let mut total = 0.0;
    for i in 0..n {
        let own = assignment[i];
        if size[own] <= 1 {
            continue;
        }
        let mut sum = vec![0.0; k];
        for j in 0..n {
            if i != j {
                sum[assignment[j]] += dist(points[i], points[j]);
            }
        }
        let a = sum[own] / (size[own] - 1) as f64;
        let b = (0..k)
            .filter(|&g| g != own && size[g] > 0)
            .map(|g| sum[g] / size[g] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            let m = a.max(b);
            if m > 0.0 {
                total += (b - a) / m;
            }
        }
    }
    total / n as f64
}

/// Largest group count to try: min(5, 2 + floor(base clusters / 12)).
pub fn max_group_k(base_clusters: usize) -> usize {
    5.min(2 + base_clusters / 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_kmeans_two_blobs_and_weights() {
        let pts = vec![[0.0, 0.0], [10.0, 0.0], [0.0, 1.0], [10.0, 1.0]];
        let r = kmeans(&pts, &[1.0; 4], first_distinct(&pts, 2), 20);
        assert_eq!(r.assignment, vec![0, 1, 0, 1]);
        assert_eq!(r.centers, vec![[0.0, 0.5], [10.0, 0.5]]);
        // A weight of 3 pulls the centre to 3/4 of the way.
        let r = kmeans(&pts, &[1.0, 1.0, 3.0, 1.0], first_distinct(&pts, 2), 20);
        assert_eq!(r.centers[0], [0.0, 0.75]);
    }

    #[test]
    fn opinion_silhouette_hand_computed() {
        // Clusters {0,1} at x=0,1 and {2} at x=5: point 0: a=1, b=5 -> 0.8; point 1: a=1,
        // b=4 -> 0.75; point 2 alone -> 0. Mean = 1.55 / 3.
        let pts = vec![[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]];
        let s = silhouette(&pts, &[0, 0, 1], 2);
        assert!((s - 1.55 / 3.0).abs() < 1e-12);
        assert_eq!(max_group_k(100), 5);
        assert_eq!(max_group_k(23), 3);
    }

    #[test]
    fn opinion_warm_base_centers_split_farthest() {
        let pts = vec![[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [9.0, 0.0]];
        let c = warm_centers(&pts, &[1.0; 4], &[vec![0, 1], vec![], vec![0]], 3);
        // Cluster 0 recentred at the origin, cluster 1 empty (dropped), cluster 2 a duplicate
        // (merged), then the farthest point (9,0) and then (1,0) are split off.
        assert_eq!(
            c,
            vec![
                ([0.0, 0.0], Some(0)),
                ([9.0, 0.0], None),
                ([1.0, 0.0], None)
            ]
        );
        // Weighted: members 2 (weight 1) and 3 (weight 3) recentre at 7.
        let c = warm_centers(&pts, &[1.0, 1.0, 1.0, 3.0], &[vec![2, 3]], 1);
        assert_eq!(c, vec![([7.0, 0.0], Some(0))]);
    }
}
