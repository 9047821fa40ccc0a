//! `mitreden opinion analyze DIR`: runs the opinion map math on a Pol.is
//! export folder and prints groups, representative statements and consensus
//! as JSON. With `--replay N` the votes of votes.csv go through warm-started
//! updates every N votes in time order, as Pol.is computed them live. Where
//! the export carries Pol.is's own group ids, the output compares with them
//! (adjusted Rand index, whether k matches).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use opinion::repness::Side;
use opinion::{Conversation, State, polis_csv, update};
use serde_json::{Value, json};

fn read(dir: &Path, name: &str) -> anyhow::Result<Option<String>> {
    let p = dir.join(name);
    if !p.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(&p)
        .map(Some)
        .with_context(|| format!("reading {}", p.display()))
}

pub fn analyze(dir: &Path, replay: Option<usize>) -> anyhow::Result<Value> {
    let moderation = match read(dir, "comments.csv")? {
        Some(t) => polis_csv::moderation(&t).context("comments.csv")?,
        None => BTreeMap::new(),
    };
    let matrix = match read(dir, "participants-votes.csv")? {
        Some(t) => Some(polis_csv::participants_votes(&t).context("participants-votes.csv")?),
        None => None,
    };
    let votes = match read(dir, "votes.csv")? {
        Some(t) => Some(polis_csv::votes(&t).context("votes.csv")?),
        None => None,
    };
    let moderated_out = moderation
        .iter()
        .filter(|(_, m)| **m == -1)
        .map(|(s, _)| *s)
        .collect();
    let (state, updates, n_votes) = match (replay, &votes, &matrix) {
        (Some(every), Some(events), _) => {
            if every == 0 {
                bail!("--replay needs a number of votes above 0");
            }
            let mut conv = Conversation::new();
            conv.moderated_out = moderated_out;
            let mut state: Option<State> = None;
            let mut n = 0;
            for (i, &(_, p, s, v)) in events.iter().enumerate() {
                conv.push(p, s, v);
                if (i + 1) % every == 0 || i + 1 == events.len() {
                    state = Some(update(state.as_ref(), &conv));
                    n += 1;
                }
            }
            (state.unwrap_or_default(), n, events.len())
        }
        (Some(_), None, _) => bail!("--replay needs votes.csv in {}", dir.display()),
        (None, _, Some(rows)) => {
            let conv = polis_csv::conversation_from_matrix(rows, &moderation);
            (update(None, &conv), 1, conv.votes.len())
        }
        (None, Some(events), None) => {
            let mut conv = Conversation::new();
            conv.moderated_out = moderated_out;
            for &(_, p, s, v) in events {
                conv.push(p, s, v);
            }
            (update(None, &conv), 1, events.len())
        }
        (None, None, None) => bail!(
            "{} holds neither participants-votes.csv nor votes.csv",
            dir.display()
        ),
    };
    let side = |s: Side| {
        if s == Side::Agree {
            "agree"
        } else {
            "disagree"
        }
    };
    let groups: Vec<Value> = state
        .groups
        .iter()
        .map(|g| {
            json!({
                "id": g.id,
                "size": g.members.len(),
                "representative": g.representative.iter().map(|r| json!({
                    "statement": r.statement,
                    "side": side(r.side),
                    "agree": r.counts.agree,
                    "disagree": r.counts.disagree,
                    "seen": r.counts.seen,
                    "agree_share": r.agree_share,
                    "disagree_share": r.disagree_share,
                    "repness": r.repness,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = json!({
        "votes": n_votes,
        "updates": updates,
        "participants": state.projections.len(),
        "in_conversation": state.in_conversation.len(),
        "k": state.groups.len(),
        "groups": groups,
        "consensus": {
            "agree": state.consensus_agree.iter().map(|c| json!({"statement": c.statement, "p": c.p})).collect::<Vec<_>>(),
            "disagree": state.consensus_disagree.iter().map(|c| json!({"statement": c.statement, "p": c.p})).collect::<Vec<_>>(),
        },
    });
    if let Some(rows) = &matrix {
        let polis: BTreeMap<u64, usize> = rows
            .iter()
            .filter_map(|r| r.group.map(|g| (r.participant, g)))
            .collect();
        if !polis.is_empty() {
            let polis_k = polis
                .values()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            out["polis"] = json!({
                "k": polis_k,
                "k_matches": polis_k == state.groups.len(),
                "ari": opinion::validation::adjusted_rand_index(&state.assignment(), &polis),
            });
        }
    }
    Ok(out)
}
