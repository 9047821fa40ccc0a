//! What an instance keeps of its opinion maps between two recomputations: the
//! conversation (every current vote) and the last computed state. The next
//! recomputation then reads only the votes cast or changed since, instead of
//! every vote and the stored state's JSON, which is what made the map lag
//! behind a conversation with many votes.
//!
//! The database stays the truth. Votes are read again from a minute before
//! the previous read (a vote's transaction may commit after a later one's
//! time stamp, or on another instance whose clock differs), applying a vote
//! twice changes nothing, and the whole conversation is read afresh every
//! ten minutes. A state is used only while it is the stored one (its
//! `computed_at`): when another instance computed in between, the stored one
//! is decoded instead.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, Utc};
use db::opinion::CurrentVote;

/// How far back each read reaches before the previous one.
const OVERLAP: chrono::Duration = chrono::Duration::seconds(60);
/// How long a conversation is updated in place before it is read whole again.
const RELOAD_AFTER: std::time::Duration = std::time::Duration::from_secs(600);
/// Maps kept at most; the one computed longest ago is dropped first.
const MAPS_KEPT: usize = 8;

/// One map's conversation and last state.
pub(crate) struct Kept {
    pub conv: opinion::Conversation,
    /// Where each (participant, statement) pair sits in `conv.votes`.
    position: HashMap<(u64, u64), usize>,
    /// Votes changed at or after this time have not all been seen yet.
    read_from: DateTime<Utc>,
    loaded: Instant,
    /// The last state and the `computed_at` it was stored with.
    pub state: Option<(opinion::State, DateTime<Utc>)>,
}

impl Kept {
    /// A conversation read whole, starting at `read_at` (taken before the read).
    pub fn loaded(votes: &[CurrentVote], read_at: DateTime<Utc>) -> Kept {
        let mut k = Kept {
            conv: opinion::Conversation::new(),
            position: HashMap::with_capacity(votes.len()),
            read_from: read_at - OVERLAP,
            loaded: Instant::now(),
            state: None,
        };
        k.conv.votes.reserve(votes.len());
        k.apply(votes);
        k
    }

    /// Whether it is time to read the whole conversation again.
    pub fn stale(&self) -> bool {
        self.loaded.elapsed() >= RELOAD_AFTER
    }

    /// When the next read of changes starts.
    pub fn read_from(&self) -> DateTime<Utc> {
        self.read_from
    }

    /// Applies votes read at `read_at`: a changed vote keeps its place (the
    /// order of first casting), a new one is appended.
    pub fn apply_read(&mut self, votes: &[CurrentVote], read_at: DateTime<Utc>) {
        self.apply(votes);
        self.read_from = read_at - OVERLAP;
    }

    fn apply(&mut self, votes: &[CurrentVote]) {
        for v in votes {
            let key = (v.participant_id as u64, v.statement_id as u64);
            let value = (v.value as i8).signum();
            match self.position.get(&key) {
                Some(&i) => self.conv.votes[i].value = value,
                None => {
                    self.position.insert(key, self.conv.votes.len());
                    self.conv.push(key.0, key.1, value);
                }
            }
        }
    }
}

/// The maps this instance keeps, by id.
#[derive(Default)]
pub(crate) struct Memory {
    maps: Mutex<HashMap<i64, (Kept, Instant)>>,
}

impl Memory {
    /// Takes a map's kept conversation out, so that nothing is held across
    /// the recomputation's awaits; a recomputation that fails keeps nothing.
    pub fn take(&self, map_id: i64) -> Option<Kept> {
        self.maps
            .lock()
            .ok()
            .and_then(|mut m| m.remove(&map_id))
            .map(|(k, _)| k)
    }

    pub fn clear(&self) {
        if let Ok(mut m) = self.maps.lock() {
            m.clear();
        }
    }

    pub fn put(&self, map_id: i64, kept: Kept) {
        let Ok(mut maps) = self.maps.lock() else {
            return;
        };
        maps.insert(map_id, (kept, Instant::now()));
        while maps.len() > MAPS_KEPT {
            let oldest = maps
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(&id, _)| id);
            match oldest {
                Some(id) => maps.remove(&id),
                None => break,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(p: i64, s: i64, value: i32) -> CurrentVote {
        CurrentVote {
            participant_id: p,
            statement_id: s,
            value,
        }
    }

    #[test]
    fn a_changed_vote_keeps_its_place_and_a_repeated_read_changes_nothing() {
        let t = Utc::now();
        let mut k = Kept::loaded(&[v(1, 10, 1), v(2, 10, -1)], t);
        k.apply_read(&[v(1, 10, -1), v(3, 11, 0)], t);
        k.apply_read(&[v(1, 10, -1), v(3, 11, 0)], t);
        let got: Vec<(u64, u64, i8)> = k
            .conv
            .votes
            .iter()
            .map(|x| (x.participant, x.statement, x.value))
            .collect();
        assert_eq!(got, vec![(1, 10, -1), (2, 10, -1), (3, 11, 0)]);
        assert_eq!(k.read_from(), t - OVERLAP);
    }

    #[test]
    fn the_map_computed_longest_ago_is_dropped_first() {
        let m = Memory::default();
        for id in 0..=MAPS_KEPT as i64 {
            m.put(id, Kept::loaded(&[], Utc::now()));
        }
        assert!(m.take(0).is_none());
        assert!(m.take(MAPS_KEPT as i64).is_some());
        assert!(m.take(MAPS_KEPT as i64).is_none());
    }
}
