//! Comparing groupings: how far mitreden's opinion groups agree with
//! another's (Pol.is's own group ids in an export), for validation.

use std::collections::BTreeMap;

/// Adjusted Rand index between two labelings, over the items both label:
/// 1 for the same partition, about 0 for chance agreement.
pub fn adjusted_rand_index<K: Ord>(a: &BTreeMap<K, usize>, b: &BTreeMap<K, usize>) -> f64 {
    let mut table: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    let mut ra: BTreeMap<usize, u64> = BTreeMap::new();
    let mut rb: BTreeMap<usize, u64> = BTreeMap::new();
    let mut n = 0u64;
    for (p, &x) in a {
        if let Some(&y) = b.get(p) {
            *table.entry((x, y)).or_default() += 1;
            *ra.entry(x).or_default() += 1;
            *rb.entry(y).or_default() += 1;
            n += 1;
        }
    }
    let c2 = |k: u64| (k * k.saturating_sub(1)) as f64 / 2.0;
    let index: f64 = table.values().map(|&k| c2(k)).sum();
    let sa: f64 = ra.values().map(|&k| c2(k)).sum();
    let sb: f64 = rb.values().map(|&k| c2(k)).sum();
    let expected = sa * sb / c2(n);
    let max = (sa + sb) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}
