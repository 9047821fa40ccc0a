//! Which statement to show next: statements that split opinion and have been seen little come
//! first, so the map learns fastest.

/// Meta statements are shown with this fixed importance (Pol.is's constant), squared like the rest.
pub const META_PRIORITY: f64 = 49.0;

/// Routing priority from S seen, A agrees, P passes and the statement's extremity E (the length
/// of its projection). The factor 1 + 8 * 2^(-S/5) is the boost for new statements.
pub fn priority(seen: u32, agrees: u32, passes: u32, extremity: f64) -> f64 {
    let s = f64::from(seen);
    let p = (f64::from(passes) + 1.0) / (s + 2.0);
    let a = (f64::from(agrees) + 1.0) / (s + 2.0);
    let importance = (1.0 - p) * (extremity + 1.0) * a;
    (importance * (1.0 + 8.0 * 2f64.powf(-s / 5.0))).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_priority_hand_computed() {
        // Unseen: p = a = 1/2, importance = 0.5 * 1 * 0.5 = 0.25, boost 9 -> (2.25)^2.
        assert!((priority(0, 0, 0, 0.0) - 5.0625).abs() < 1e-12);
        // S = 10, A = 4, P = 2, E = 1: p = 3/12, a = 5/12, importance = 0.75 * 2 * 5/12 = 0.625,
        // boost 1 + 8/4 = 3 -> 1.875^2.
        assert!((priority(10, 4, 2, 1.0) - 3.515625).abs() < 1e-12);
        assert!(priority(0, 0, 0, 0.0) > priority(50, 25, 0, 0.0));
    }
}
