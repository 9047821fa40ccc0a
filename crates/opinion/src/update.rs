//! One update of the opinion map: from the votes so far (and the previous state, to warm-start)
//! to groups, representative statements, consensus and routing priorities.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::clusters::{self, BASE_ITERATIONS, BASE_K, GROUP_ITERATIONS, Point};
use crate::consensus::{self, ConsensusStatement};
use crate::matrix::{Conversation, Counts, VoteMatrix, group_counts};
use crate::pca::{self, Pca};
use crate::priority::{META_PRIORITY, priority};
use crate::repness::{self, Side};
use crate::{ParticipantId, StatementId};

/// Votes needed to be clustered, unless there are fewer statements.
pub const MIN_VOTES: usize = 7;
/// Fewer clustered participants than this and the most active voters are added.
pub const GREEDY_N: usize = 15;
/// A new k must win this many updates in a row before the groups switch to it.
pub const K_SMOOTHING: u32 = 4;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BaseCluster {
    pub id: u32,
    pub center: Point,
    pub members: Vec<ParticipantId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Smoother {
    pub last_k: usize,
    pub last_k_count: u32,
    pub smoothed_k: usize,
}

/// A representative statement of a group, with the group's raw shares.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RepStatement {
    pub statement: StatementId,
    pub side: Side,
    pub counts: Counts,
    pub agree_share: f64,
    pub disagree_share: f64,
    pub p: f64,
    pub p_test: f64,
    pub repness: f64,
    pub repness_test: f64,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Group {
    /// 0-based label; stable across warm-started updates while k stays the same.
    pub id: usize,
    pub center: Point,
    pub members: Vec<ParticipantId>,
    pub base_clusters: Vec<u32>,
    pub representative: Vec<RepStatement>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Consensus {
    pub statement: StatementId,
    pub p: f64,
    pub p_test: f64,
}

/// Everything an update computes; pass it back as `previous` to warm-start the next one.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct State {
    pub in_conversation: BTreeSet<ParticipantId>,
    pub components: Vec<(StatementId, [f64; 2])>,
    pub base_clusters: Vec<BaseCluster>,
    pub next_base_id: u32,
    /// Per tried k, the base-cluster ids of each group: the warm start of the next update.
    pub group_clusterings: BTreeMap<usize, Vec<Vec<u32>>>,
    pub smoother: Smoother,
    pub groups: Vec<Group>,
    /// Every participant's 2-D position (in the conversation or not), by id.
    pub projections: BTreeMap<ParticipantId, Point>,
    pub statement_projections: BTreeMap<StatementId, Point>,
    pub consensus_agree: Vec<Consensus>,
    pub consensus_disagree: Vec<Consensus>,
    pub group_aware_consensus: BTreeMap<StatementId, f64>,
    pub priorities: BTreeMap<StatementId, f64>,
    pub silhouettes: BTreeMap<usize, f64>,
}

impl State {
    pub fn group_of(&self, p: ParticipantId) -> Option<usize> {
        self.groups
            .iter()
            .find(|g| g.members.binary_search(&p).is_ok())
            .map(|g| g.id)
    }

    /// Participant -> group label, for everyone clustered.
    pub fn assignment(&self) -> BTreeMap<ParticipantId, usize> {
        let mut out = BTreeMap::new();
        for g in &self.groups {
            for &p in &g.members {
                out.insert(p, g.id);
            }
        }
        out
    }
}

/// The read-outs of a grouping, see [`describe_groups`].
#[derive(Clone, Debug, PartialEq)]
pub struct Description {
    /// Per group, in group order.
    pub representative: Vec<Vec<RepStatement>>,
    pub consensus_agree: Vec<Consensus>,
    pub consensus_disagree: Vec<Consensus>,
    pub group_aware_consensus: BTreeMap<StatementId, f64>,
}

/// Who is clustered: everyone who was before, everyone with min(7, statements) votes, and, while
/// fewer than 15, the most active of the rest (earlier rows first on ties).
pub fn in_conversation(
    m: &VoteMatrix,
    previous: Option<&BTreeSet<ParticipantId>>,
) -> BTreeSet<ParticipantId> {
    let threshold = MIN_VOTES.min(m.n_cols());
    let mut set: BTreeSet<ParticipantId> = previous
        .map(|p| {
            p.iter()
                .copied()
                .filter(|&id| m.participant_row(id).is_some())
                .collect()
        })
        .unwrap_or_default();
    for r in 0..m.n_rows() {
        if m.row_count(r) >= threshold {
            set.insert(m.participants[r]);
        }
    }
    if set.len() < GREEDY_N {
        let mut rest: Vec<usize> = (0..m.n_rows())
            .filter(|&r| !set.contains(&m.participants[r]))
            .collect();
        rest.sort_by_key(|&r| std::cmp::Reverse(m.row_count(r)));
        for r in rest.into_iter().take(GREEDY_N - set.len()) {
            set.insert(m.participants[r]);
        }
    }
    set
}

/// The read-outs that depend only on who is in which group: representative statements,
/// consensus, group-aware consensus. Public so that given groups (e.g. Pol.is's own) can be
/// evaluated with the same code.
pub fn describe_groups(m: &VoteMatrix, members: &[Vec<ParticipantId>]) -> Description {
    let mut group_of_row = vec![None; m.n_rows()];
    for (g, ms) in members.iter().enumerate() {
        for &p in ms {
            if let Some(r) = m.participant_row(p) {
                group_of_row[r] = Some(g);
            }
        }
    }
    let k = members.len();
    let per_group = group_counts(m, &group_of_row, k);
    let mut all = vec![Counts::default(); m.n_cols()];
    for g in &per_group {
        for (a, c) in all.iter_mut().zip(g) {
            a.agree += c.agree;
            a.disagree += c.disagree;
            a.seen += c.seen;
        }
    }
    let eligible: Vec<bool> = m.moderated.iter().map(|&x| !x).collect();
    let reps = per_group
        .iter()
        .map(|g| {
            let rest: Vec<Counts> = g
                .iter()
                .zip(&all)
                .map(|(c, a)| Counts {
                    agree: a.agree - c.agree,
                    disagree: a.disagree - c.disagree,
                    seen: a.seen - c.seen,
                })
                .collect();
            repness::select(g, &rest, &eligible)
                .into_iter()
                .map(|r| {
                    let seen = f64::from(r.counts.seen.max(1));
                    RepStatement {
                        statement: m.statements[r.col],
                        side: r.side,
                        counts: r.counts,
                        agree_share: f64::from(r.counts.agree) / seen,
                        disagree_share: f64::from(r.counts.disagree) / seen,
                        p: r.p,
                        p_test: r.p_test,
                        repness: r.repness,
                        repness_test: r.repness_test,
                    }
                })
                .collect()
        })
        .collect();
    // Consensus is over everyone who voted, clustered or not (Pol.is takes the whole matrix).
    let everyone = group_counts(m, &vec![Some(0); m.n_rows()], 1)
        .pop()
        .unwrap_or_default();
    let (agree, disagree) = consensus::consensus(&everyone, &eligible);
    let to_out = |v: Vec<ConsensusStatement>| {
        v.into_iter()
            .map(|s| Consensus {
                statement: m.statements[s.col],
                p: s.p,
                p_test: s.p_test,
            })
            .collect()
    };
    let mut gac = BTreeMap::new();
    if k > 0 {
        for c in 0..m.n_cols() {
            if eligible[c] {
                let col: Vec<Counts> = per_group.iter().map(|g| g[c]).collect();
                gac.insert(m.statements[c], consensus::group_aware(&col));
            }
        }
    }
    Description {
        representative: reps,
        consensus_agree: to_out(agree),
        consensus_disagree: to_out(disagree),
        group_aware_consensus: gac,
    }
}

/// One update. `previous` warm-starts PCA, base clusters, groups, the in-conversation set and
/// the k smoother; `None` is a cold start from fixed seeds.
pub fn update(previous: Option<&State>, conv: &Conversation) -> State {
    let m = VoteMatrix::build(conv);
    let in_conv = in_conversation(&m, previous.map(|s| &s.in_conversation));
    let rows: Vec<usize> = (0..m.n_rows())
        .filter(|&r| in_conv.contains(&m.participants[r]))
        .collect();

    let warm = previous
        .filter(|s| !s.components.is_empty())
        .map(|s| pca::align_components(&s.components, &m));
    // Pol.is runs the PCA over every participant's row (imputed), not only the clustered ones.
    let all_rows: Vec<usize> = (0..m.n_rows()).collect();
    let p: Pca = pca::pca(&m, &all_rows, warm.as_ref());
    let components: Vec<(StatementId, [f64; 2])> = m
        .statements
        .iter()
        .enumerate()
        .map(|(c, &s)| (s, [p.components[0][c], p.components[1][c]]))
        .collect();
    let projections: BTreeMap<ParticipantId, Point> = (0..m.n_rows())
        .map(|r| (m.participants[r], pca::project_row(&m, &p, r)))
        .collect();
    let statement_projections: BTreeMap<StatementId, Point> = (0..m.n_cols())
        .map(|c| (m.statements[c], pca::project_statement(&m, &p, c)))
        .collect();

    // Base clusters over the clustered participants, in row order.
    let points: Vec<Point> = rows.iter().map(|&r| pca::project_row(&m, &p, r)).collect();
    let point_of: HashMap<ParticipantId, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, &r)| (m.participants[r], i))
        .collect();
    let mut next_base_id = previous.map_or(0, |s| s.next_base_id);
    let (init, init_ids): (Vec<Point>, Vec<u32>) =
        match previous.filter(|s| !s.base_clusters.is_empty()) {
            Some(prev) => {
                let members: Vec<Vec<usize>> = prev
                    .base_clusters
                    .iter()
                    .map(|b| {
                        b.members
                            .iter()
                            .filter_map(|id| point_of.get(id).copied())
                            .collect()
                    })
                    .collect();
                clusters::warm_centers(&points, &vec![1.0; points.len()], &members, BASE_K)
                    .into_iter()
                    .map(|(c, from)| {
                        let id = match from {
                            Some(i) => prev.base_clusters[i].id,
                            None => {
                                next_base_id += 1;
                                next_base_id - 1
                            }
                        };
                        (c, id)
                    })
                    .unzip()
            }
            None => {
                let init = clusters::first_distinct(&points, BASE_K);
                let ids = (0..init.len() as u32).map(|i| next_base_id + i).collect();
                next_base_id += init.len() as u32;
                (init, ids)
            }
        };
    let base = clusters::kmeans(&points, &vec![1.0; points.len()], init, BASE_ITERATIONS);
    let mut base_members: Vec<Vec<ParticipantId>> = vec![Vec::new(); base.centers.len()];
    for (i, &a) in base.assignment.iter().enumerate() {
        base_members[a].push(m.participants[rows[i]]);
    }
    let base_clusters: Vec<BaseCluster> = base
        .centers
        .iter()
        .zip(&base.origin)
        .zip(base_members)
        .map(|((&center, &o), mut members)| {
            members.sort_unstable();
            BaseCluster {
                id: init_ids[o],
                center,
                members,
            }
        })
        .collect();

    // Groups: weighted k-means over the base clusters for each candidate k.
    let bpoints: Vec<Point> = base_clusters.iter().map(|b| b.center).collect();
    let weights: Vec<f64> = base_clusters
        .iter()
        .map(|b| b.members.len() as f64)
        .collect();
    let mut group_clusterings: BTreeMap<usize, Vec<Vec<u32>>> = BTreeMap::new();
    let mut silhouettes = BTreeMap::new();
    let mut clusterings = BTreeMap::new();
    let base_index: HashMap<u32, usize> = base_clusters
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id, i))
        .collect();
    for k in 2..=clusters::max_group_k(bpoints.len()) {
        let init: Vec<Point> = match previous.and_then(|s| s.group_clusterings.get(&k)) {
            Some(prev) => {
                let members: Vec<Vec<usize>> = prev
                    .iter()
                    .map(|ids| {
                        ids.iter()
                            .filter_map(|id| base_index.get(id).copied())
                            .collect()
                    })
                    .collect();
                clusters::warm_centers(&bpoints, &weights, &members, k)
                    .into_iter()
                    .map(|(c, _)| c)
                    .collect()
            }
            None => clusters::first_distinct(&bpoints, k),
        };
        if init.len() < k {
            continue;
        }
        let run = clusters::kmeans(&bpoints, &weights, init, GROUP_ITERATIONS);
        let s = clusters::silhouette(&bpoints, &run.assignment, run.centers.len());
        silhouettes.insert(k, s);
        let mut members = vec![Vec::new(); run.centers.len()];
        for (b, &a) in run.assignment.iter().enumerate() {
            members[a].push(base_clusters[b].id);
        }
        group_clusterings.insert(k, members);
        clusterings.insert(k, run);
    }
    // Highest silhouette; ties go to the smaller k.
    let this_k = silhouettes
        .iter()
        .fold(None, |best: Option<(usize, f64)>, (&k, &s)| match best {
            Some((_, bs)) if bs >= s => best,
            _ => Some((k, s)),
        })
        .map_or(0, |(k, _)| k);
    let prev_sm = previous.map(|s| s.smoother).unwrap_or_default();
    let same = prev_sm.last_k == this_k && prev_sm.last_k_count > 0;
    let count = if same { prev_sm.last_k_count + 1 } else { 1 };
    let smoothed = if count >= K_SMOOTHING || prev_sm.smoothed_k == 0 {
        this_k
    } else {
        prev_sm.smoothed_k
    };
    let smoother = Smoother {
        last_k: this_k,
        last_k_count: count,
        smoothed_k: smoothed,
    };
    let chosen = clusterings
        .get(&smoothed)
        .or_else(|| clusterings.get(&this_k));

    let mut groups: Vec<Group> = Vec::new();
    if let Some(run) = chosen {
        for (g, &center) in run.centers.iter().enumerate() {
            let mut members = Vec::new();
            let mut ids = Vec::new();
            for (b, &a) in run.assignment.iter().enumerate() {
                if a == g {
                    members.extend_from_slice(&base_clusters[b].members);
                    ids.push(base_clusters[b].id);
                }
            }
            members.sort_unstable();
            groups.push(Group {
                id: g,
                center,
                members,
                base_clusters: ids,
                representative: Vec::new(),
            });
        }
    }
    let member_lists: Vec<Vec<ParticipantId>> = groups.iter().map(|g| g.members.clone()).collect();
    let Description {
        representative: reps,
        consensus_agree,
        consensus_disagree,
        group_aware_consensus,
    } = describe_groups(&m, &member_lists);
    for (g, r) in groups.iter_mut().zip(reps) {
        g.representative = r;
    }

    // Routing priority from the clustered participants' votes (Pol.is sums its group votes).
    let mut seen = vec![0u32; m.n_cols()];
    let mut agrees = vec![0u32; m.n_cols()];
    let mut passes = vec![0u32; m.n_cols()];
    for &r in &rows {
        for &(c, v) in m.row(r) {
            seen[c as usize] += 1;
            match v {
                1 => agrees[c as usize] += 1,
                0 => passes[c as usize] += 1,
                _ => {}
            }
        }
    }
    let priorities = (0..m.n_cols())
        .filter(|&c| !conv.moderated_out.contains(&m.statements[c]))
        .map(|c| {
            let s = m.statements[c];
            if conv.meta.contains(&s) {
                return (s, META_PRIORITY);
            }
            let [x, y] = statement_projections[&s];
            (
                s,
                priority(seen[c], agrees[c], passes[c], (x * x + y * y).sqrt()),
            )
        })
        .collect();

    State {
        in_conversation: in_conv,
        components,
        base_clusters,
        next_base_id,
        group_clusterings,
        smoother,
        groups,
        projections,
        statement_projections,
        consensus_agree,
        consensus_disagree,
        group_aware_consensus,
        priorities,
        silhouettes,
    }
}
