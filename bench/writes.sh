#!/usr/bin/env bash
# The write benchmarks of load.sh on their own (about 2 minutes, SQLite): acknowledged comments
# over HTTP (http_writes, 200 seeded sessions x 10 comments over 64 connections), durable writes
# through the library (write_load, 1/4/16/64 writers on a fresh file each), and one writer on a
# file that keeps growing. For before/after comparisons of the write path.
#
#   cargo build --release -p mitreden -p bench
#   bench/writes.sh LABEL        # writes bench/results/writes-sqlite-LABEL.json
#   BIN=/tmp/old-build bench/writes.sh before
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/target/release}
LABEL=${1:?usage: bench/writes.sh LABEL}
WRITE_SECONDS=${WRITE_SECONDS:-5}
for b in mitreden first_page http_writes seed_sessions write_load; do
  [[ -x $BIN/$b ]] || { echo "missing $BIN/$b - build first: cargo build --release -p mitreden -p bench" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/mitreden-writes.XXXXXX)
SPID=""
cleanup() {
  [[ -n $SPID ]] && { kill -TERM "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADDR=127.0.0.1:$port
t0=$EPOCHREALTIME
MITREDEN_LOG=warn "$BIN/mitreden" serve --demo --data-dir "$WORK/data" --listen "$ADDR" >"$WORK/server.log" 2>&1 &
SPID=$!
"$BIN/first_page" --addr "$ADDR" --since-us "${t0/./}" --timeout-s 60 >/dev/null
pid=$(curl -fsS "http://$ADDR/processes" | python3 -c '
import re, sys
m = re.search(r"href=\"/processes/(\d+)\"[^>]*>\s*Mehr Platz f\u00fcrs Rad", sys.stdin.read())
print(m.group(1) if m else "")')
[[ -n $pid ]] || { log "cannot find the process 'Mehr Platz fürs Rad'"; exit 1; }

log "HTTP writes: 200 seeded sessions x 10 comments over 64 connections"
"$BIN/seed_sessions" --database "sqlite://$WORK/data/mitreden.db" --users 200 --out "$WORK/sessions.txt"
timeout 180 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --sessions "$WORK/sessions.txt" \
  --connections 64 --json-out "$WORK/http.json" >/dev/null
kill -TERM "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=""

log "library writes (write_load)"
timeout 240 "$BIN/write_load" --seconds "$WRITE_SECONDS" --json-out "$WORK/library.json" >/dev/null
log "library writes as the database grows"
timeout 120 "$BIN/write_load" --writers 1,1,1,1,1 --seconds 3 --fresh-per-level false \
  --json-out "$WORK/growth.json" >/dev/null

out=$ROOT/bench/results/writes-sqlite-$LABEL.json
python3 - "$WORK" "$ROOT" "$LABEL" >"$out" <<'PY'
import datetime, json, os, subprocess, sys
work, root, label = sys.argv[1:4]
j = lambda n: json.load(open(os.path.join(work, n)))
git = lambda *a: subprocess.run(["git", "-C", root, *a], capture_output=True, text=True).stdout.strip()
http, lib, growth = j("http.json"), j("library.json"), j("growth.json")
print(json.dumps({
    "benchmark": "writes", "label": label, "backend": "sqlite",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": git("rev-parse", "--short", "HEAD"),
    "worktree_changes_in_build": bool(git("status", "--porcelain", "--", "crates", "Cargo.lock", "Cargo.toml")),
    "load_average_at_end": open("/proc/loadavg").read().split()[:3],
    "http_writes_seeded_sessions": http,
    "library_writes": lib,
    "library_writes_as_database_grows": [{"search_index_rows_before": l["search_index_rows_before"],
        "comments_per_second": round(l["comments_per_second"], 1), "latency_ms": l["latency_ms"]} for l in growth["levels"]],
}, indent=2, ensure_ascii=False))
PY
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
h = r["http_writes_seeded_sessions"]
print(f"HTTP: {h.get('acknowledged_per_second', h.get('comments_per_second'))} acknowledged/s; statuses {h.get('statuses')}")
print("library:", ", ".join(f"{l['writers']} writers {l['comments_per_second']:.0f}/s" for l in r["library_writes"]["levels"]))
print("growth:", ", ".join(f"{g['search_index_rows_before']} rows {g['comments_per_second']}/s" for g in r["library_writes_as_database_grows"]))
PY
