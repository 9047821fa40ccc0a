//! One full update of the opinion map math: on bowling-green (Pol.is's
//! public export, 226k votes) and on a generated conversation of 20,000
//! participants x 10,000 statements with 1,000,000 votes; cold (no previous
//! state) and warm (started from the previous state, as the background job
//! runs), with the process's peak memory (VmHWM).
//!
//! Run: `cargo run --release -p bench --bin opinion_update` (writes
//! `bench/results/opinion_update.json`). `ROUNDS=N` sets the runs per case.

use std::time::Instant;

use opinion::{Conversation, polis_csv, update};

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The CPU time this thread has used, in ms (`/proc/thread-self/schedstat`,
/// nanoseconds): on a machine shared with other work the wall time of a
/// computation grows with the load, its CPU time hardly.
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e6)
}

/// A fixed pseudo-random sequence (xorshift64*), so every run measures the same input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 20,000 participants in three camps vote on statements of which a few
/// hundred are popular (as in real conversations most votes fall on the
/// statements shown first): 50 votes each, 1,000,000 in all.
fn generated(participants: u64, statements: u64, per_participant: u64) -> Conversation {
    let mut rng = Rng(0x6d69_7472_6564_656e);
    let mut leaning = vec![[0i8; 3]; statements as usize];
    for l in leaning.iter_mut() {
        for c in l.iter_mut() {
            *c = (rng.below(3) as i8) - 1;
        }
    }
    let mut conv = Conversation::new();
    conv.votes
        .reserve((participants * per_participant) as usize);
    for p in 0..participants {
        let camp = (p % 3) as usize;
        let mut seen = std::collections::HashSet::new();
        while (seen.len() as u64) < per_participant {
            // Half the votes on the 500 most shown statements, half anywhere.
            let s = if rng.below(2) == 0 {
                rng.below(500)
            } else {
                rng.below(statements)
            };
            if !seen.insert(s) {
                continue;
            }
            let noise = rng.below(10);
            let v = match noise {
                0 => 0,
                1 => -leaning[s as usize][camp],
                _ => leaning[s as usize][camp],
            };
            conv.push(p, s, v);
        }
    }
    conv
}

fn time_case(name: &str, conv: &Conversation, rounds: usize) -> serde_json::Value {
    let mut cold = vec![];
    let mut state = None;
    let (mut cold_cpu, mut warm_cpu) = (vec![], vec![]);
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        let s = update(None, conv);
        cold.push(t.elapsed().as_secs_f64() * 1000.0);
        cold_cpu.push(thread_cpu_ms() - c);
        state = Some(s);
    }
    let mut warm = vec![];
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        let s = update(state.as_ref(), conv);
        warm.push(t.elapsed().as_secs_f64() * 1000.0);
        warm_cpu.push(thread_cpu_ms() - c);
        state = Some(s);
    }
    let s = state.unwrap_or_default();
    let out = serde_json::json!({
        "votes": conv.votes.len(),
        "participants": s.projections.len(),
        "in_conversation": s.in_conversation.len(),
        "groups": s.groups.len(),
        "cold_ms": bench::summary(cold),
        "warm_ms": bench::summary(warm),
        "cold_cpu_ms": bench::summary(cold_cpu),
        "warm_cpu_ms": bench::summary(warm_cpu),
        "load_average": std::fs::read_to_string("/proc/loadavg").ok(),
        "vm_hwm_kib": vm_hwm_kib(),
    });
    println!("{name}: {out}");
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/opinion/tests/data/american-assembly.bowling-green"
    );
    let rows = polis_csv::participants_votes(&std::fs::read_to_string(format!(
        "{data}/participants-votes.csv"
    ))?)?;
    let moderation =
        polis_csv::moderation(&std::fs::read_to_string(format!("{data}/comments.csv"))?)?;
    let conv = polis_csv::conversation_from_matrix(&rows, &moderation);
    drop(rows);
    let before = vm_hwm_kib();
    let bowling = time_case("bowling-green", &conv, rounds);
    drop(conv);

    let t = Instant::now();
    let big = generated(20_000, 10_000, 50);
    let generate_ms = t.elapsed().as_secs_f64() * 1000.0;
    let big_case = time_case("generated 20,000 x 10,000, 1M votes", &big, rounds.min(3));
    let out = serde_json::json!({
        "vm_hwm_kib_before": before,
        "bowling_green": bowling,
        "generated": big_case,
        "generate_ms": generate_ms,
        "profile": if cfg!(debug_assertions) { "dev (opinion at opt-level 3)" } else { "release" },
    });
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/results/opinion_update.json");
    std::fs::write(path, serde_json::to_string_pretty(&out)?)?;
    println!("written to {path}");
    Ok(())
}
