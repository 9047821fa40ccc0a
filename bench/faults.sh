#!/usr/bin/env bash
# Fault tests of mitreden against the release binary, on loopback only, bounded in time
# (about 2 minutes; 2 more with PostgreSQL: one outage, then ten restarts). Writes bench/results/faults.json. Exits non-zero
# if any check fails; the last line is "N passed, N failed".
#
#   cargo build --release -p mitreden -p bench     # once; this script builds nothing
#   bench/faults.sh
#   MITREDEN_FAULTS_PG=1 bench/faults.sh           # also restarts the machine's PostgreSQL!
#   FAULTS="kill9 hostile" bench/faults.sh         # a selection (kill9, pg, pgstale, hostile, bombs); KEEP_WORK=1 keeps files
#   FAULTS_JSON=/tmp/faults.json bench/faults.sh     # results elsewhere than bench/results/faults.json (CI)
#
# a. kill -9 during a write load (SQLite), twice: comments are POSTed concurrently by demo
#    citizens logged in through the form and by accounts with sessions seeded in the database;
#    every comment the server acknowledged (303 to …#comment-ID) is recorded at once. After the
#    kill and a restart on the same data, each must answer 200 on /comments/ID; then PRAGMA
#    integrity_check and foreign_key_check pass, every process's comment counter matches its
#    rows, every comment is in the search index, and `mitreden backup` (VACUUM INTO) works.
# b. (MITREDEN_FAULTS_PG=1) PostgreSQL stopped for 8 s (longer than the pool's 5 s acquire
#    timeout) and started again during reads and
#    writes: requests answer 503 during the outage (no 500, no hang), the app answers 200 again
#    within 5 s after PostgreSQL accepts connections again, acknowledged writes survive. Uses a scratch database
#    created through MITREDEN_FAULTS_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/test)
#    and drops it afterwards.
#    Then (also alone: FAULTS=pgstale) ten restarts against two instances on that database: per
#    round instance B keeps the process page in memory, PostgreSQL restarts
#    (`pg_ctlcluster … restart -m fast`), and as soon as it takes connections one comment is written
#    through instance A; for 3 s after A acknowledged it every page B serves must show it. A page
#    without it is stale; the figure is printed and must be 0. (B's listener lost its connection
#    in the restart: it must serve nothing from memory until it listens again, then forget all.)
# c. Slow and hostile clients: 500 idle connections and a slowloris client while a normal client
#    is served; 300 KiB form bodies get 413; a 64 KiB header gets 431 or a closed connection;
#    connections that never finish their header are closed; a body that never arrives gets 408;
#    a document upload (the demo administrator's) that stops mid-file gets 408 and leaves no spooled
#    file and no row.
# d. (FAULTS=bombs, not in the default selection) Upload bombs, made at run time: a 16-bit PNG of
#    6300 x 6300 (about 230 KB, 238 MB decoded) as an idea's picture, alone and four at once, and
#    a PDF of about 150 KB whose page inflates to 50 MB: each answered at once (the picture refused,
#    the PDF stored without text and preview). Then the largest picture and PDF page within the
#    limits, alone and four pictures at once. The server's peak RSS per upload is printed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# FAULTS_BIN picks another build (CI uses the debug build it already has).
BIN=${FAULTS_BIN:-$ROOT/target/release}
PY=(python3 "$ROOT/bench/fault_clients.py")
for b in mitreden http_writes seed_sessions first_page; do
  [[ -x $BIN/$b ]] || { echo "missing $BIN/$b - build first: cargo build --release -p mitreden -p bench" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mitreden-faults.XXXXXX)
CHECKS=$WORK/checks.txt
touch "$CHECKS"
SPID=""
BPID=""
PGDB=""
ADMIN_URL=${MITREDEN_FAULTS_PG_ADMIN_URL:-postgres://root@127.0.0.1:5432/test}
cleanup() {
  stop_server
  [[ -n $BPID ]] && { kill -TERM "$BPID" 2>/dev/null; wait "$BPID" 2>/dev/null; }
  [[ -n $PGDB ]] && psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "scratch files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
pass() { echo "PASS $*" | tee -a "$CHECKS"; }
fail() { echo "FAIL $*" | tee -a "$CHECKS"; }
# check CMD...: runs a fault_clients.py check and keeps its PASS/FAIL lines.
check() { "${PY[@]}" "$@" 2>&1 | tee -a "$CHECKS"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server DATADIR [DATABASE_URL] [PORT]: sets SPID and ADDR.
start_server() {
  local dir=$1 url=${2:-} port=${3:-$(free_port)}
  ADDR=127.0.0.1:$port
  mkdir -p "$dir"
  # The load posts forms at machine speed: no minimum time to fill them.
  local args=(serve --demo --data-dir "$dir" --listen "$ADDR" --form-min-seconds 0)
  [[ -n $url ]] && args+=(--database "$url")
  local t0=$EPOCHREALTIME
  "$BIN/mitreden" "${args[@]}" >>"$WORK/server.log" 2>&1 &
  SPID=$!
  if ! "$BIN/first_page" --addr "$ADDR" --since-us "${t0/./}" --timeout-s 60 >/dev/null; then
    log "the server did not start:"; tail -20 "$WORK/server.log" >&2
    return 1
  fi
}

stop_server() {
  [[ -z $SPID ]] && return 0
  kill -TERM "$SPID" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null
  wait "$SPID" 2>/dev/null
  SPID=""
}

process_id() {
  curl -fsS "http://$ADDR/processes" | python3 -c '
import re, sys
m = re.search(r"href=\"/processes/(\d+)\"[^>]*>\s*Mehr Platz f\u00fcrs Rad", sys.stdin.read())
print(m.group(1) if m else "")'
}

lines() { if [[ -f $1 ]]; then grep -c . "$1" || true; else echo 0; fi; }

# ---------------------------------------------------------------------------------------------
fault_kill9() {
  log "a. kill -9 during a write load (SQLite)"
  local dir=$WORK/kill9 port; port=$(free_port)
  start_server "$dir" "" "$port" || { fail "kill -9: server did not start"; return; }
  local pid; pid=$(process_id)
  local round
  for round in 1 2; do
    "$BIN/seed_sessions" --database "sqlite://$dir/mitreden.db" --users 100 --out "$WORK/sess$round.txt" 2>/dev/null
    local ids_seeded=$WORK/ids-seeded-$round.txt ids_login=$WORK/ids-login-$round.txt
    : >"$ids_seeded"; : >"$ids_login"
    local w2=""
    if [[ $round == 1 ]]; then
      # 20 people logged in through the form, a comment every ~100 ms each.
      timeout 60 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --login 20 --first-user 1 --pace-ms 100 \
        --connections 20 --ids-out "$ids_login" --json-out "$WORK/writes-login-$round.json" >/dev/null 2>"$WORK/w2.err" &
      w2=$!
      for _ in $(seq 300); do (( $(lines "$ids_login") > 0 )) && break; sleep 0.02; done
    fi
    timeout 60 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --sessions "$WORK/sess$round.txt" \
      --connections 32 --ids-out "$ids_seeded" --json-out "$WORK/writes-seeded-$round.json" >/dev/null 2>"$WORK/w1.err" &
    local w1=$!
    # Kill mid-way: after 300 of the 1,000 seeded comments were acknowledged.
    for _ in $(seq 1000); do (( $(lines "$ids_seeded") >= 300 )) && break; sleep 0.01; done
    kill -KILL "$SPID"; wait "$SPID" 2>/dev/null; SPID=""
    local killed_at=$(( $(lines "$ids_seeded") + $(lines "$ids_login") ))
    wait "$w1"; [[ -n $w2 ]] && wait "$w2"
    local acked=$(( $(lines "$ids_seeded") + $(lines "$ids_login") ))
    local st; st=$(python3 -c '
import json, sys
tot = {}
for f in sys.argv[1:]:
    for k, v in json.load(open(f)).get("statuses", {}).items():
        tot[k] = tot.get(k, 0) + v
print(json.dumps(tot))' "$WORK"/writes-*-"$round".json)
    log "round $round: killed with $killed_at acknowledged; $acked acknowledged in all; statuses $st"
    if python3 -c 'import json,sys; s=json.loads(sys.argv[1]); sys.exit(0 if set(s) <= {"303","connection error"} and "connection error" in s else 1)' "$st"; then
      pass "kill -9 round $round: writes were in flight when the server died: statuses $st"
    else
      fail "kill -9 round $round: unexpected answers or no write in flight at the kill: statuses $st"
    fi
    start_server "$dir" "" "$port" || { fail "kill -9 round $round: server did not restart"; return; }
    check verify-ids "kill -9 (round $round)" "$ADDR" "$ids_seeded" "$ids_login"
  done
  if "$BIN/mitreden" backup --data-dir "$dir" "$WORK/backup.db" >"$WORK/backup.log" 2>&1; then
    pass "mitreden backup (VACUUM INTO) after the crashes: $(tail -1 "$WORK/backup.log")"
  else
    fail "mitreden backup after the crashes: $(tail -3 "$WORK/backup.log" | tr '\n' ' ')"
  fi
  stop_server
  check sqlite-check "$dir/mitreden.db"
}

# ---------------------------------------------------------------------------------------------
fault_pg_restart() {
  log "b. PostgreSQL restart during load"
  local ver; ver=$(ls /etc/postgresql | sort -V | tail -1)
  PGDB=mitreden_faults_$$
  if ! psql "$ADMIN_URL" -qc "CREATE DATABASE $PGDB" >/dev/null; then
    fail "PostgreSQL restart: cannot create a scratch database through $ADMIN_URL"; PGDB=""; return
  fi
  local url=${ADMIN_URL%/*}/$PGDB
  start_server "$WORK/pg" "$url" || { fail "PostgreSQL restart: server did not start"; return; }
  local pid; pid=$(process_id)
  "$BIN/seed_sessions" --database "$url" --users 61 --out "$WORK/pg-sess.txt" 2>/dev/null
  head -1 "$WORK/pg-sess.txt" >"$WORK/pg-probe-sess.txt"
  tail -n +2 "$WORK/pg-sess.txt" >"$WORK/pg-writer-sess.txt"
  : >"$WORK/pg-ids.txt"
  "${PY[@]}" probe "$ADDR" "$pid" "$(cat "$WORK/pg-probe-sess.txt")" 22 "$WORK/probes.jsonl" &
  local probe=$!
  # 60 writers, a comment every ~1.5 s each, for about 15 s.
  timeout 90 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --sessions "$WORK/pg-writer-sess.txt" \
    --connections 60 --pace-ms 1500 --ids-out "$WORK/pg-ids.txt" --json-out "$WORK/pg-writes.json" >/dev/null 2>&1 &
  local writers=$!
  sleep 2
  # Down for 8 s, longer than the pool's 5 s acquire timeout, so that requests must give up.
  echo "stopping $(date +%s.%N)" >"$WORK/marks"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main stop -m fast
  echo "stopped $(date +%s.%N)" >>"$WORK/marks"
  sleep 8
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start &
  local starting=$!
  for _ in $(seq 600); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.05; done
  echo "started $(date +%s.%N)" >>"$WORK/marks"
  wait "$starting"
  log "PostgreSQL $ver was down for $(python3 -c 'import sys; d=dict(l.split() for l in open(sys.argv[1])); print(round(float(d["started"])-float(d["stopping"]),1))' "$WORK/marks") s"
  wait "$probe"; wait "$writers"
  check outage-report "$WORK/probes.jsonl" "$WORK/marks" "$WORK/pg-writes.json"
  check verify-ids "the PostgreSQL restart" "$ADDR" "$WORK/pg-ids.txt"
  pg_stale_rounds "$url" "$pid" "$ver"
  stop_server
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 && PGDB=""
}

# pg_stale_rounds URL PROCESS VERSION: with instance A running (SPID, ADDR) on URL, starts
# instance B on the same database and runs the ten restarts (see b. above).
pg_stale_rounds() {
  local url=$1 pid=$2 ver=$3
  log "b2. ten PostgreSQL restarts: does instance B serve pages without A's comments?"
  local a_pid=$SPID a_addr=$ADDR
  if ! start_server "$WORK/pg-b" "$url"; then
    fail "PostgreSQL restarts: instance B did not start"; SPID=$a_pid; ADDR=$a_addr; return
  fi
  BPID=$SPID; local b_addr=$ADDR
  SPID=$a_pid; ADDR=$a_addr
  # One writer per round: each account may write 10 comments per 5 minutes.
  "$BIN/seed_sessions" --database "$url" --users 10 --out "$WORK/pg-stale-sess.txt" 2>/dev/null
  check restart-staleness "$ADDR" "$b_addr" "$pid" "$WORK/pg-stale-sess.txt" 10 \
    pg_ctlcluster --skip-systemctl-redirect "$ver" main restart -m fast
  kill -TERM "$BPID" 2>/dev/null; wait "$BPID" 2>/dev/null; BPID=""
}

# ---------------------------------------------------------------------------------------------
fault_pg_stale() {
  local ver; ver=$(ls /etc/postgresql | sort -V | tail -1)
  PGDB=mitreden_faults_$$
  if ! psql "$ADMIN_URL" -qc "CREATE DATABASE $PGDB" >/dev/null; then
    fail "PostgreSQL restarts: cannot create a scratch database through $ADMIN_URL"; PGDB=""; return
  fi
  local url=${ADMIN_URL%/*}/$PGDB
  start_server "$WORK/pg" "$url" || { fail "PostgreSQL restarts: server did not start"; return; }
  pg_stale_rounds "$url" "$(process_id)" "$ver"
  stop_server
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 && PGDB=""
}

# ---------------------------------------------------------------------------------------------
fault_hostile() {
  log "c. slow and hostile clients (about 50 s)"
  start_server "$WORK/hostile" || { fail "hostile clients: server did not start"; return; }
  check hostile "$ADDR" "$WORK/hostile"
  if kill -0 "$SPID" 2>/dev/null; then pass "the server process is still running"; else fail "the server process died"; fi
  stop_server
}

# ---------------------------------------------------------------------------------------------
fault_bombs() {
  log "d. upload bombs: a picture and a PDF"
  start_server "$WORK/bombs" || { fail "upload bombs: server did not start"; return; }
  check bombs "$ADDR" "$SPID" "$(process_id)"
  if kill -0 "$SPID" 2>/dev/null; then pass "the server process is still running"; else fail "the server process died"; fi
  stop_server
}

started=$SECONDS
ONLY=${FAULTS:-kill9 pg hostile}
[[ " $ONLY " == *" kill9 "* ]] && fault_kill9
if [[ " $ONLY " == *" pg "* || " $ONLY " == *" pgstale "* ]]; then
  if [[ ${MITREDEN_FAULTS_PG:-0} != 1 ]]; then
    log "b. PostgreSQL restart skipped (set MITREDEN_FAULTS_PG=1; it restarts the machine's PostgreSQL)"
  elif [[ " $ONLY " == *" pg "* ]]; then
    fault_pg_restart
  else
    fault_pg_stale
  fi
fi
[[ " $ONLY " == *" hostile "* ]] && fault_hostile
[[ " $ONLY " == *" bombs "* ]] && fault_bombs
passed=$(grep -c '^PASS' "$CHECKS")
failed=$(grep -c '^FAIL' "$CHECKS")
log "took $(( SECONDS - started )) s"
OUT_JSON=${FAULTS_JSON:-$ROOT/bench/results/faults.json}
mkdir -p "$(dirname "$OUT_JSON")"
python3 - "$CHECKS" "$ROOT" "$ONLY" "${MITREDEN_FAULTS_PG:-0}" "$(( SECONDS - started ))" >"$OUT_JSON" <<'EOF'
import datetime, json, subprocess, sys
checks, root, only, pg, secs = sys.argv[1:6]
git = lambda *a: subprocess.run(["git", "-C", root, *a], capture_output=True, text=True).stdout.strip()
rows = []
for line in open(checks):
    verdict, _, rest = line.strip().partition(" ")
    name, _, detail = rest.partition(": ")
    rows.append({"check": name, "passed": verdict == "PASS", "detail": detail})
print(json.dumps({
    "benchmark": "faults",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": git("rev-parse", "--short", "HEAD"),
    "worktree_changes_in_build": bool(git("status", "--porcelain", "--", "crates", "Cargo.lock", "Cargo.toml")),
    "selection": only.split(), "postgresql_restart": pg == "1", "seconds": int(secs),
    "passed": sum(r["passed"] for r in rows), "failed": sum(not r["passed"] for r in rows),
    "checks": rows,
}, indent=2, ensure_ascii=False))
EOF
echo "$passed passed, $failed failed"
(( failed == 0 ))
