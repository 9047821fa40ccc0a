#!/usr/bin/env bash
# Load run on the large dataset (bench/src/bin/dataset.rs): 20,000 users, 50 processes, 5,000
# ideas, about 200,000 comments, a survey with 100,000 responses, an opinion map of 2,000
# participants. Generates it on SQLite (and on
# PostgreSQL when MITREDEN_BENCH_PG_URL names an EMPTY database), starts the release server on it
# and runs wrk against the start page, the process list, process pages with 2,000 and 500
# comments, a filtered idea list, an idea page, search, the published survey results, an Atom
# feed, each for anonymous readers and for logged-in readers (1,000 sessions taking turns), and
# the staff's survey results page, and the open data API's reads (anonymous only).
#
#   cargo build --release -p mitreden -p bench     # once; this script builds nothing
#   bench/dataset.sh
#   MITREDEN_BENCH_PG_URL=postgres://root@127.0.0.1:5432/bench_large bench/dataset.sh
#
# Environment: SCALE (1.0; e.g. 0.05 for a quick run), DURATION (10 s per page), CONNECTIONS (64),
# ONLY (a regular expression: only the pages whose label matches, e.g. ONLY=^API for the open data API),
# KEEP_WORK=1 keeps the scratch folder, REUSE=that folder measures its dataset again (and the PostgreSQL database it
# was written to) instead of generating one, BENCH_BIN another folder of binaries, TAG a suffix for the result files (so that a
# run of a few pages keeps the full run's files). Writes bench/results/dataset-sqlite.json (and dataset-postgres.json;
# with TAG=api dataset-sqlite-api.json) and prints a Markdown table.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/target/release}
LUA=$ROOT/bench/wrk-report.lua
SCALE=${SCALE:-1.0}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
PG_URL=${MITREDEN_BENCH_PG_URL:-}

for b in mitreden dataset; do
  [[ -x $BIN/$b ]] || { echo "missing $BIN/$b - build first: cargo build --release -p mitreden -p bench" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for t in wrk python3 curl; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK=$(mktemp -d /tmp/mitreden-dataset.XXXXXX)
SPID=""
cleanup() {
  if [[ -n $SPID ]]; then kill -TERM "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "scratch files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# run NAME DATABASE_URL
run() {
  local name=$1 url=$2
  local dir=$WORK/$name
  mkdir -p "$dir"
  if [[ -n ${REUSE:-} ]]; then
    # A dataset generated before (KEEP_WORK=1): its SQLite file, or the PostgreSQL database it was written to.
    log "$name: reusing the dataset of $REUSE"
    cp "$REUSE/$name/paths.json" "$dir/paths.json"
    [[ $name == sqlite ]] && url="sqlite://$REUSE/sqlite/mitreden.db"
  else
    log "$name: generating the dataset (scale $SCALE)"
    "$BIN/dataset" --database "$url" --scale "$SCALE" --out "$dir/paths.json" 2>"$dir/generate.log"
    tail -1 "$dir/generate.log" >&2
  fi
  local port; port=$(free_port)
  local addr=127.0.0.1:$port
  MITREDEN_LOG=warn "$BIN/mitreden" serve --data-dir "$dir" --database "$url" --listen "$addr" --form-min-seconds 0 >>"$dir/server.log" 2>&1 &
  SPID=$!
  for _ in $(seq 300); do curl -fs "http://$addr/readyz" >/dev/null && break; sleep 0.1; done
  curl -fs "http://$addr/readyz" >/dev/null || { log "server did not start"; tail "$dir/server.log" >&2; exit 1; }

  # The staff's session for the logged-in page, through the login form.
  local jar=$dir/cookies.txt
  curl -fs -c "$jar" -b "$jar" "http://$addr/login" >/dev/null
  local csrf; csrf=$(awk '$6 == "mitreden_csrf" { print $7 }' "$jar")
  local email pw; email=$(python3 -c "import json;print(json.load(open('$dir/paths.json'))['staff_email'])")
  pw=$(python3 -c "import json;print(json.load(open('$dir/paths.json'))['staff_password'])")
  curl -fs -c "$jar" -b "$jar" -o /dev/null -H "Origin: http://$addr" \
    --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" --data-urlencode "password=$pw" \
    "http://$addr/login"
  local cookie; cookie=$(awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s=%s; ", $6, $7 }' "$jar")

  : >"$dir/runs.jsonl"
  python3 - "$dir/paths.json" >"$dir/pages.tsv" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
for label, path in p["pages"].items():
    print(f"{label}\t{path}\tanonymous")
for label, path in p["pages"].items():
    print(f"{label}\t{path}\tmembers")
for label, path in p["staff_pages"].items():
    print(f"{label}\t{path}\tstaff")
for label, path in p.get("api", {}).items():
    print(f"API: {label}\t{path}\tanonymous")
EOF
  python3 -c "import json,sys; print('\\n'.join(json.load(open(sys.argv[1]))['member_cookies']))" "$dir/paths.json" >"$dir/member-cookies.txt"
  while IFS=$'\t' read -r label path who; do
    [[ -n ${ONLY:-} && ! $label =~ $ONLY ]] && continue
    local hdr=() script=(-s "$LUA") args=()
    [[ $who == staff ]] && hdr=(-H "Cookie: $cookie")
    if [[ $who == members ]]; then
      hdr=(-H "Cookie: $(head -1 "$dir/member-cookies.txt")")
      script=(-s "$ROOT/bench/wrk-members.lua")
      args=(-- "$dir/member-cookies.txt")
    fi
    local status; status=$(curl -s -o /dev/null -w '%{http_code}' "${hdr[@]}" "http://$addr$path")
    [[ $status == 200 ]] || { log "$label ($path) answered $status"; tail "$dir/server.log" >&2; exit 1; }
    MITREDEN_WRK_REPORT=$LUA wrk -t2 -c"$CONNECTIONS" -d2s "${script[@]}" "${hdr[@]}" "http://$addr$path" "${args[@]}" >/dev/null 2>&1 || true
    local peak=0
    ( max=0; while :; do r=$(rss_kib "$SPID" VmRSS); (( r > max )) && { max=$r; echo "$max" >"$dir/peak"; }; sleep 0.1; done ) &
    local poll=$!
    local out; out=$(MITREDEN_WRK_REPORT=$LUA wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${script[@]}" "${hdr[@]}" "http://$addr$path" "${args[@]}")
    kill "$poll" 2>/dev/null || true; wait "$poll" 2>/dev/null || true
    peak=$(cat "$dir/peak" 2>/dev/null || echo 0)
    local json; json=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(label=sys.argv[2], path=sys.argv[3], who=sys.argv[4], peak_rss_kib=int(sys.argv[5])); print(json.dumps(d))' \
      "$json" "$label" "$path" "$who" "$peak" >>"$dir/runs.jsonl"
    log "$name: $label done"
  done <"$dir/pages.tsv"
  kill -TERM "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=""

  python3 - "$name" "$dir" "$ROOT" "$SCALE" "${TAG:-}" <<'EOF'
import json, os, subprocess, sys, datetime, platform
name, d, root, scale, tag = sys.argv[1:6]
runs = [json.loads(l) for l in open(os.path.join(d, "runs.jsonl"))]
gen = json.load(open(os.path.join(d, "paths.json")))
commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
out = {"backend": name, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
       "commit": commit, "machine": f"{os.cpu_count()} vCPU, {cpu}", "scale": float(scale),
       "dataset": {k: gen[k] for k in ("users", "processes", "ideas", "comments", "survey_responses", "seconds")},
       "runs": []}
print(f"\n{name}: {gen['users']} users, {gen['processes']} processes, {gen['ideas']} ideas, {gen['comments']} comments, "
      f"{gen['survey_responses']} survey responses (generated in {gen['seconds']:.0f} s)\n")
print("| page | req/s | p50 / p99 ms | errors | peak RSS |")
print("| --- | --- | --- | --- | --- |")
for r in runs:
    secs = r["duration_us"] / 1e6
    rps = r["requests"] / secs if secs else 0
    errs = sum(r["errors"].values())
    r["requests_per_s"] = round(rps)
    out["runs"].append(r)
    lat = r["latency_us"]
    who = ", logged in" if r["who"] == "members" else ""
    print(f"| {r['label']}{who} | {rps:,.0f} | {lat['p50']/1000:.2f} / {lat['p99']/1000:.2f} | {errs} | {r['peak_rss_kib']/1024:.0f} MB |")
os.makedirs(os.path.join(root, "bench", "results"), exist_ok=True)
with open(os.path.join(root, "bench", "results", f"dataset-{name}{'-' + tag if tag else ''}.json"), "w") as f:
    json.dump(out, f, indent=2)
EOF
}

run sqlite "sqlite://$WORK/sqlite/mitreden.db"
if [[ -n $PG_URL ]]; then run postgres "$PG_URL"; fi
