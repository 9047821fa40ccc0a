//! The update API on small synthetic conversations: the in-conversation rule, determinism and
//! warm-start continuity.

use opinion::update::in_conversation;
use opinion::{Conversation, State, VoteMatrix, update};

/// A deterministic generator, so the synthetic conversation is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Two camps of 40 participants over 30 statements; camp A agrees with the even statements and
/// disagrees with the odd ones, camp B the opposite, with 10 % noise and 70 % coverage.
fn two_camps(seed: u64) -> Conversation {
    let mut rng = Lcg(seed);
    let mut conv = Conversation::new();
    for p in 0..80u64 {
        for s in 0..30u64 {
            if rng.next() % 10 < 3 {
                continue;
            }
            let camp = if p.is_multiple_of(2) { 1 } else { -1 };
            let mut v = if s.is_multiple_of(2) { camp } else { -camp };
            if rng.next().is_multiple_of(10) {
                v = -v;
            }
            conv.push(p, s, v);
        }
        // Statement 30: everyone agrees.
        conv.push(p, 30, 1);
    }
    conv
}

#[test]
fn opinion_in_conversation_rule() {
    let mut conv = Conversation::new();
    // 20 statements; participant 0 votes on 7 (passes count), 1 on 6, 2..=5 on 1 to 4.
    for s in 0..20 {
        conv.push(100, s, 1);
    }
    for s in 0..7 {
        conv.push(0, s, 0);
    }
    for s in 0..6 {
        conv.push(1, s, 1);
    }
    for p in 2..6u64 {
        for s in 0..(p - 1) {
            conv.push(p, s, -1);
        }
    }
    let m = VoteMatrix::build(&conv);
    // Fewer than 15 qualify (100 and 0), so everyone is added, most active first.
    let all = in_conversation(&m, None);
    assert_eq!(all.len(), 7);
    // With 15 qualifying voters added, the low-activity ones stay out...
    for p in 200..215u64 {
        for s in 0..7 {
            conv.push(p, s, 1);
        }
    }
    let m = VoteMatrix::build(&conv);
    let set = in_conversation(&m, None);
    assert!(set.contains(&0) && !set.contains(&1) && !set.contains(&5));
    assert_eq!(set.len(), 17);
    // ...unless they were in before: once in, always in.
    let set = in_conversation(&m, Some(&all));
    assert_eq!(set.len(), 22);
    // With 3 statements, 3 votes suffice.
    let mut small = Conversation::new();
    for p in 0..20u64 {
        for s in 0..3 {
            if p < 16 || s == 0 {
                small.push(p, s, 1);
            }
        }
    }
    let set = in_conversation(&VoteMatrix::build(&small), None);
    assert_eq!(set.len(), 16);
}

#[test]
fn opinion_update_finds_two_camps_deterministically() {
    let conv = two_camps(7);
    let a = update(None, &conv);
    let b = update(None, &conv);
    assert_eq!(a, b);
    assert_eq!(a.groups.len(), 2);
    let g0 = a.group_of(0).unwrap();
    for p in 0..80u64 {
        let expected_same = p.is_multiple_of(2);
        assert_eq!(a.group_of(p) == Some(g0), expected_same, "participant {p}");
    }
    // Each group is represented by statements it agrees with, with plausible shares.
    for g in &a.groups {
        assert!(!g.representative.is_empty());
        let r = &g.representative[0];
        assert!(r.agree_share > 0.8, "{r:?}");
    }
    // Statement 30 is shared by both camps: the top agree consensus, pa = 81/82; the split
    // statements come nowhere near.
    assert_eq!(a.consensus_agree[0].statement, 30);
    assert!((a.consensus_agree[0].p - 81.0 / 82.0).abs() < 1e-12);
    assert!(a.consensus_agree[1..].iter().all(|c| c.p < 0.65));
    assert!(a.group_aware_consensus[&30] > 0.9);
    assert!(a.group_aware_consensus[&0] < 0.2);
    assert_eq!(a.priorities.len(), 31);
    // A moderated-out statement gets no priority (never shown), a meta statement the fixed one,
    // and neither moves the groups.
    let mut moderated = conv.clone();
    moderated.moderated_out.insert(30);
    moderated.meta.insert(29);
    let b = update(None, &moderated);
    assert!(!b.priorities.contains_key(&30));
    assert_eq!(b.priorities[&29], 49.0);
    assert_eq!(b.groups.len(), 2);
    assert!(b.consensus_agree.iter().all(|c| c.statement != 30));
    assert_eq!(a.projections.len(), 80);
}

#[test]
fn opinion_warm_start_keeps_labels() {
    let conv = two_camps(11);
    let first = update(None, &conv);
    let mut more = conv.clone();
    let mut rng = Lcg(3);
    // A few more votes in the same pattern, and a new participant.
    for _ in 0..40 {
        let p = rng.next() % 80;
        let s = rng.next() % 30;
        let camp = if p.is_multiple_of(2) { 1 } else { -1 };
        more.push(p, s, if s.is_multiple_of(2) { camp } else { -camp });
    }
    for s in 0..10 {
        more.push(500, s, if s.is_multiple_of(2) { 1 } else { -1 });
    }
    let second = update(Some(&first), &more);
    let before = first.assignment();
    let after = second.assignment();
    for (p, g) in &before {
        assert_eq!(after.get(p), Some(g), "participant {p} changed group");
    }
    assert_eq!(after.get(&500), before.get(&0));
    assert_eq!(second.smoother.last_k_count, 2);
    // Deterministic with a previous state too.
    assert_eq!(second, update(Some(&first), &more));
    let _: &State = &second;
}

#[test]
fn opinion_degenerate_conversations_do_not_panic() {
    let empty = update(None, &Conversation::new());
    assert!(empty.groups.is_empty() && empty.priorities.is_empty());
    let mut one = Conversation::new();
    one.push(1, 1, 1);
    let s = update(None, &one);
    assert_eq!(s.in_conversation.len(), 1);
    assert!(s.groups.is_empty());
    // Everyone voting identically: one distinct point, no two groups to form.
    let mut same = Conversation::new();
    for p in 0..30 {
        for st in 0..8 {
            same.push(p, st, 1);
        }
    }
    let s = update(Some(&s), &same);
    assert!(s.groups.len() <= 1);
    assert!(s.priorities.values().all(|p| p.is_finite()));
}
