#!/usr/bin/env bash
# The staff's survey results page under load over HTTP (SQLite, 127.0.0.1 only).
#
#   cargo build --release -p mitreden -p bench     # once; this script builds nothing
#   bench/survey_load.sh LABEL                     # writes bench/results/survey-load-LABEL.json
#
# Fills a fresh SQLite database with the survey of bench/src/bin/survey_results.rs (100,000
# responses, 1.74 million answer rows), starts the release server on it, and runs
# wrk -t2 -cCONNECTIONS -dDURATION --latency --timeout 10s as the logged-in staff member against
#   - the results page, the page filtered by one answer, and filtered with a cross-table;
#   - the results page again while another process submits STREAM_RATE responses per second to
#     the same database (the server is not told: it must notice them itself);
# after the stream it checks that the page counts every response. Records the load average
# before each run. wrk's latencies are those of every answer, 200 or not (a request that waits
# longer than 5 s for a database connection gets 503).
#
# Environment: BENCH_BIN (folder of the release binaries; default target/release), DURATION (10),
# CONNECTIONS (64), STREAM_RATE (20), KEEP_WORK=1 keeps the scratch folder, COMMIT (what the
# binaries were built from, if not this checkout's HEAD).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/target/release}
LUA=$ROOT/bench/wrk-report.lua
LABEL=${1:-run}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
STREAM_RATE=${STREAM_RATE:-20}

for b in mitreden survey_results; do
  [[ -x $BIN/$b ]] || { echo "missing $BIN/$b - build first: cargo build --release -p mitreden -p bench" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for t in wrk python3 curl; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK=$(mktemp -d /tmp/mitreden-survey-load.XXXXXX)
SPID=""
cleanup() {
  if [[ -n $SPID ]]; then kill -TERM "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "scratch files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

DATA=$WORK/data
mkdir -p "$DATA"
log "filling the survey (100,000 responses), load average $(loadavg)"
"$BIN/survey_results" --keep "$DATA" >"$WORK/fill.log"
tail -2 "$WORK/fill.log" >&2
info() { python3 -c "import json,sys; d=json.load(open('$DATA/survey.json')); print(eval(sys.argv[1]))" "$1"; }
COOKIE=$(info 'd["cookie"]')

port=$(free_port)
ADDR=127.0.0.1:$port
MITREDEN_LOG=warn "$BIN/mitreden" serve --data-dir "$DATA" --listen "$ADDR" --form-min-seconds 0 >>"$WORK/server.log" 2>&1 &
SPID=$!
for _ in $(seq 300); do curl -fs "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "http://$ADDR/readyz" >/dev/null || { log "server did not start"; tail "$WORK/server.log" >&2; exit 1; }

: >"$WORK/runs.jsonl"
# wrk_run NAME PATH [STREAM]
wrk_run() {
  local name=$1 path=$2 stream=${3:-}
  local url="http://$ADDR$path"
  local t0=$SECONDS
  local status; status=$(curl -s -o "$WORK/first.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$url")
  local first_s=$(( SECONDS - t0 ))
  [[ $status == 200 ]] || { log "$name ($path) answered $status"; tail "$WORK/server.log" >&2; exit 1; }
  local before; before=$(loadavg)
  local spid=""
  if [[ -n $stream ]]; then
    "$BIN/survey_results" --stream "$DATA" --per-second "$STREAM_RATE" --seconds "$DURATION" >"$WORK/stream.json" &
    spid=$!
  fi
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s "$LUA" \
    -H "Cookie: $COOKIE" "$url")
  local streamed="null"
  if [[ -n $spid ]]; then wait "$spid"; streamed=$(cat "$WORK/stream.json"); fi
  local json; json=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')
  python3 -c 'import json,sys
d = json.loads(sys.argv[1])
d.update(name=sys.argv[2], path=sys.argv[3], load_average_before=sys.argv[4], stream=json.loads(sys.argv[5]),
         first_request_seconds=int(sys.argv[6]))
print(json.dumps(d))' "$json" "$name" "$path" "$before" "$streamed" "$first_s" >>"$WORK/runs.jsonl"
  log "$name: $(python3 -c 'import json,sys
d = json.loads(sys.argv[1]); s = d["duration_us"] / 1e6; l = d["latency_us"]; e = d["errors"]
print("%.1f answers/s (%d not 2xx), p50 %.1f ms, p99 %.1f ms, %d timeouts" % (d["requests"] / s, e["status"], l["p50"] / 1000, l["p99"] / 1000, e["timeout"]))' "$json") (load before: $before)"
}

wrk_run "staff results" "$(info 'd["pages"]["staff results"]')"
wrk_run "staff results, filtered" "$(info 'd["pages"]["staff results, filtered"]')"
wrk_run "staff results, filtered, with a cross-table" "$(info 'd["pages"]["staff results, filtered, with a cross-table"]')"
wrk_run "staff results while $STREAM_RATE responses/s arrive" "$(info 'd["pages"]["staff results"]')" stream

# After the stream: the page must count every response in the database, once the
# recomputation it starts has finished.
expected=$(python3 -c "import sqlite3; print(sqlite3.connect('$DATA/mitreden.db').execute('SELECT COUNT(*) FROM survey_responses').fetchone()[0])")
shown=""
for _ in $(seq 60); do
  page=$(curl -s -H "Cookie: $COOKIE" "http://$ADDR$(info 'd["pages"]["staff results"]')")
  shown=$(python3 -c 'import re,sys; m=re.search(r"([0-9][0-9.,]*) Antworten", sys.stdin.read()); print(re.sub(r"[.,]", "", m.group(1)) if m else "")' <<<"$page")
  [[ $shown == "$expected" ]] && ! grep -q 'class="results-as-of' <<<"$page" && break
  sleep 0.5
done
log "after the stream: the database holds $expected responses, the page counts ${shown:-?}"
kill -TERM "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=""

python3 - "$WORK" "$ROOT" "$LABEL" "$expected" "$shown" <<'PY'
import json, os, subprocess, sys, datetime, platform
work, root, label, expected, shown = sys.argv[1:6]
runs = [json.loads(l) for l in open(os.path.join(work, "runs.jsonl"))]
info = json.load(open(os.path.join(work, "data", "survey.json")))
git = lambda *a: subprocess.run(["git", "-C", root, *a], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
out = {"benchmark": "survey_load", "label": label, "backend": "SQLite",
       "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
       "commit": os.environ.get("COMMIT") or git("rev-parse", "--short", "HEAD"),
       "worktree_changes_in_build": bool(git("status", "--porcelain", "--", "crates")) if not os.environ.get("COMMIT") else None,
       "machine": f"{os.cpu_count()} vCPU, {cpu}",
       "load": f"wrk -t2 -c{os.environ.get('CONNECTIONS', '64')} -d{os.environ.get('DURATION', '10')}s --latency --timeout 10s, staff session cookie",
       "responses": info["responses"], "answer_rows": info["answer_rows"],
       "after_stream": {"responses_in_database": int(expected), "responses_counted_on_page": int(shown) if shown else None},
       "runs": []}
print(f"\n{label}: commit {out['commit']}, {out['date']}\n")
print("| page | pages/s (200) | answers not 200 | p50 / p99 ms | wrk timeouts (10 s) | load before |")
print("| --- | --- | --- | --- | --- | --- |")
for r in runs:
    secs = r["duration_us"] / 1e6
    ok = r["requests"] - r["errors"]["status"]
    r["answers_per_s"] = round(r["requests"] / secs, 1) if secs else 0
    r["pages_200_per_s"] = round(ok / secs, 1) if secs else 0
    out["runs"].append(r)
    lat = r["latency_us"]
    print(f"| {r['name']} | {r['pages_200_per_s']:,.1f} | {r['errors']['status']} | {lat['p50']/1000:.1f} / {lat['p99']/1000:.1f} | "
          f"{r['errors']['timeout']} | {r['load_average_before']} |")
print(f"\nafter the stream: {expected} responses in the database, {shown or '?'} counted on the page")
path = os.path.join(root, "bench", "results", f"survey-load-{label}.json")
json.dump(out, open(path, "w"), indent=2)
print("written to", path, file=sys.stderr)
PY
