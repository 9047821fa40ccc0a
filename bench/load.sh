#!/usr/bin/env bash
# Load benchmarks of mitreden over loopback (127.0.0.1 only).
#
#   cargo build --release -p mitreden -p bench     # once; this script builds nothing
#   bench/load.sh                                  # SQLite (about 4 minutes)
#   MITREDEN_BENCH_PG_URL=postgres://root@127.0.0.1:5432/bench bench/load.sh   # then PostgreSQL too
#
# For each backend (SQLite always; PostgreSQL when MITREDEN_BENCH_PG_URL names an EMPTY database,
# e.g. one made with `psql ... -c 'CREATE DATABASE bench'`):
#   - start: ms from process start to /readyz 200 and to the first answered page (fresh database
#     with demo loading, and a second start on the same data); idle RSS
#   - read pages: wrk -t2 -c64 -d10s --latency after a 2 s warm-up: requests/s, p50/p99, peak RSS
#   - the process page's HTML served as a static file by nginx under the same load; ratio
#   - HTTP writes: comments POSTed by 200 accounts with sessions seeded in the database
#     (64 connections), and by 20 demo citizens logged in through the form (the login limit
#     allows no more from one address)
#   - live readers: LIVE_READERS (default 10000) SSE streams, comments posted over HTTP,
#     delivery time and server RSS (a freshly started server)
#   - durable library writes: bench/src/bin/write_load.rs with 1, 4, 16, 64 writers (SQLite: also
#     queued in process for comparison, and one writer on a growing file)
# Writes bench/results/load-sqlite.json (and load-postgres.json) and prints a Markdown table.
#
# Environment: LIVE_READERS (10000), DURATION (10 s per wrk run), CONNECTIONS (64),
# WRITE_SECONDS (5 per write_load level), KEEP_WORK=1 keeps the scratch folder.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$ROOT/target/release
RESULTS=$ROOT/bench/results
LUA=$ROOT/bench/wrk-report.lua
LIVE_READERS=${LIVE_READERS:-10000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
WRITE_SECONDS=${WRITE_SECONDS:-5}
PG_URL=${MITREDEN_BENCH_PG_URL:-}

for b in mitreden first_page http_writes seed_sessions live_readers write_load; do
  if [[ ! -x $BIN/$b ]]; then
    echo "missing $BIN/$b - build first: cargo build --release -p mitreden -p bench" >&2
    exit 1
  fi
done
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  echo "installing wrk and nginx from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
for t in wrk nginx python3 curl; do
  command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }
done

# Every reader is a socket in this script's client and one in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < LIVE_READERS + 200 )); then
  echo "ulimit -n is $(ulimit -n): too low for $LIVE_READERS live readers; using $(( $(ulimit -n) - 200 ))" >&2
  LIVE_READERS=$(( $(ulimit -n) - 200 ))
fi

WORK=$(mktemp -d /tmp/mitreden-load.XXXXXX)
chmod 755 "$WORK"
SPID=""
NGPID=""
POLLPID=""
cleanup() {
  [[ -n $POLLPID ]] && kill "$POLLPID" 2>/dev/null || true
  [[ -n $NGPID ]] && kill "$NGPID" 2>/dev/null || true
  stop_server || true
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "scratch files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server NAME DATADIR [DATABASE_URL]: starts mitreden with demo data on a free port and
# writes the first_page figures to $WORK/NAME-start.json. Sets SPID and ADDR.
start_server() {
  local name=$1 dir=$2 url=${3:-}
  local port; port=$(free_port)
  ADDR=127.0.0.1:$port
  mkdir -p "$dir"
  # The load posts forms at machine speed: no minimum time to fill them.
  local args=(serve --demo --data-dir "$dir" --listen "$ADDR" --form-min-seconds 0)
  [[ -n $url ]] && args+=(--database "$url")
  local t0=$EPOCHREALTIME
  MITREDEN_LOG=warn "$BIN/mitreden" "${args[@]}" >>"$WORK/server.log" 2>&1 &
  SPID=$!
  if ! "$BIN/first_page" --addr "$ADDR" --since-us "${t0/./}" --timeout-s 60 >"$WORK/$name-start.json"; then
    log "server did not start; log:"; tail -20 "$WORK/server.log" >&2; exit 1
  fi
}

stop_server() {
  [[ -z $SPID ]] && return 0
  kill -TERM "$SPID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  SPID=""
}

rss_kib() { # rss_kib PID FIELD -> value in KiB
  local k v _
  while read -r k v _; do [[ $k == "$2:" ]] && { echo "$v"; return; }; done <"/proc/$1/status"
  echo 0
}

# start_rss_poll PID: samples VmRSS every 100 ms into $WORK/rss-peak until stopped.
start_rss_poll() {
  local pid=$1
  echo 0 >"$WORK/rss-peak"
  (
    max=0
    while :; do
      r=$(rss_kib "$pid" VmRSS 2>/dev/null || echo 0)
      (( r > max )) && { max=$r; echo "$max" >"$WORK/rss-peak"; }
      sleep 0.1
    done
  ) &
  POLLPID=$!
}
stop_rss_poll() { kill "$POLLPID" 2>/dev/null || true; wait "$POLLPID" 2>/dev/null || true; POLLPID=""; }

# run_wrk OUT URL PID_FOR_RSS [COOKIE]: warm-up, measured run, figures as one JSON object in OUT.
run_wrk() {
  local out=$1 url=$2 pid=$3 cookie=${4:-}
  local -a hdr=()
  [[ -n $cookie ]] && hdr=(-H "Cookie: $cookie")
  wrk -t2 -c"$CONNECTIONS" -d2s "${hdr[@]}" "$url" >/dev/null 2>&1 || true
  start_rss_poll "$pid"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "${hdr[@]}" "$url" >"$WORK/wrk.txt" 2>&1 || true
  stop_rss_poll
  local json; json=$(grep '^WRKJSON ' "$WORK/wrk.txt" | sed 's/^WRKJSON //' || true)
  [[ -z $json ]] && { log "wrk failed:"; cat "$WORK/wrk.txt" >&2; json='{}'; }
  local hwm; hwm=$(rss_kib "$pid" VmHWM 2>/dev/null || echo 0)
  printf '{"url":"%s","wrk":%s,"peak_rss_kib":%s,"vmhwm_kib":%s}\n' \
    "$url" "$json" "$(cat "$WORK/rss-peak")" "$hwm" >"$out"
}

bench_backend() {
  local backend=$1 url=${2:-}
  local B=$WORK/$backend
  mkdir -p "$B/pages"
  log "== $backend =="

  # Start on an empty database (migrations + demo data), then a second start on the same data.
  start_server fresh "$B/data" "$url"
  cp "$WORK/fresh-start.json" "$B/start-fresh.json"
  sleep 2
  echo "$(rss_kib "$SPID" VmRSS)" >"$B/idle-fresh-rss"
  stop_server
  start_server warm "$B/data" "$url"
  cp "$WORK/warm-start.json" "$B/start-warm.json"
  sleep 2
  echo "$(rss_kib "$SPID" VmRSS)" >"$B/idle-rss"
  log "started in $(cat "$B/start-warm.json"); idle RSS $(cat "$B/idle-rss") KiB"

  local base=http://$ADDR
  local pid
  pid=$(curl -fsS "$base/processes" | python3 -c '
import re, sys
html = sys.stdin.read()
m = re.search(r"href=\"/processes/(\d+)\"[^>]*>\s*Mehr Platz f\u00fcrs Rad", html)
print(m.group(1) if m else "")')
  [[ -z $pid ]] && { log "cannot find the process 'Mehr Platz fürs Rad'"; exit 1; }
  curl -fsS "$base/processes/$pid" >"$B/process.html"
  local cid; cid=$(grep -o 'id="comment-[0-9]*"' "$B/process.html" | head -1 | grep -o '[0-9]*')
  echo "$pid" >"$B/process-id"

  # One logged-in reader's session (seeded in the database): served the page of their role.
  local dburl=${url:-sqlite://$B/data/mitreden.db}
  "$BIN/seed_sessions" --database "$dburl" --users 1 --out "$B/reader-session.txt" 2>/dev/null
  local reader_cookie="mitreden_session=$(head -1 "$B/reader-session.txt")"

  local -a names=(start process_list process_list_filtered process_page search feed_processes feed_comments comment process_page_logged_in)
  local -a paths=("/" "/processes" "/processes?department=1&status=current" "/processes/$pid"
    "/search?q=Radwege" "/processes.atom" "/processes/$pid/comments.atom" "/comments/$cid" "/processes/$pid")
  for i in "${!names[@]}"; do
    local cookie=""
    [[ ${names[$i]} == *logged_in ]] && cookie=$reader_cookie
    log "wrk ${paths[$i]}${cookie:+ (logged in)}"
    local bytes; bytes=$(curl -fsS -o /dev/null -w '%{size_download}' ${cookie:+-H "Cookie: $cookie"} "$base${paths[$i]}" || echo 0)
    run_wrk "$B/pages/$i-${names[$i]}.json" "$base${paths[$i]}" "$SPID" "$cookie"
    python3 - "$B/pages/$i-${names[$i]}.json" "${names[$i]}" "${paths[$i]}" "$bytes" "${cookie:+logged-in reader}" <<'EOF'
import json, sys
p, name, path, size, who = sys.argv[1:6]
d = json.load(open(p)); d.update(name=name, path=path, bytes=int(size), reader=who or "anonymous")
json.dump(d, open(p, "w"))
EOF
  done

  # The same bytes from nginx.
  log "nginx with the process page's bytes"
  mkdir -p "$B/nginx/www" "$B/nginx/tmp"
  cp "$B/process.html" "$B/nginx/www/process.html"
  chmod -R a+rX "$B/nginx"; chmod a+x "$B"
  local nport; nport=$(free_port)
  cat >"$B/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $B/nginx/nginx.pid;
error_log $B/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $B/nginx/tmp/body;
  proxy_temp_path $B/nginx/tmp/proxy;
  fastcgi_temp_path $B/nginx/tmp/fastcgi;
  uwsgi_temp_path $B/nginx/tmp/uwsgi;
  scgi_temp_path $B/nginx/tmp/scgi;
  types { text/html html; }
  default_type text/html;
  server { listen 127.0.0.1:$nport; root $B/nginx/www; }
}
EOF
  nginx -p "$B/nginx" -c "$B/nginx/nginx.conf" -g 'daemon off;' &
  NGPID=$!
  for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$nport/process.html" 2>/dev/null && break; sleep 0.1; done
  run_wrk "$B/nginx.json" "http://127.0.0.1:$nport/process.html" "$NGPID"
  kill "$NGPID" 2>/dev/null || true; wait "$NGPID" 2>/dev/null || true; NGPID=""

  # HTTP writes, the whole server path.
  log "HTTP writes: 200 seeded sessions x 10 comments over $CONNECTIONS connections"
  "$BIN/seed_sessions" --database "$dburl" --users 200 --out "$B/sessions.txt"
  timeout 180 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --sessions "$B/sessions.txt" \
    --connections "$CONNECTIONS" --json-out "$B/http-writes-seeded.json" >/dev/null
  log "HTTP writes: 20 demo citizens logged in through the form x 10 comments"
  timeout 180 "$BIN/http_writes" --addr "$ADDR" --process "$pid" --login 20 --first-user 1 \
    --json-out "$B/http-writes-login.json" >/dev/null

  # Live readers on a freshly started server, so that its memory peak is theirs.
  stop_server
  start_server live "$B/data" "$url"
  sleep 1
  log "live readers: $LIVE_READERS"
  timeout 300 "$BIN/live_readers" --addr "$ADDR" --process "$pid" --readers "$LIVE_READERS" \
    --comments 20 --interval-ms 250 --login 2 --first-user 21 --pid "$SPID" \
    --json-out "$B/live.json" >/dev/null
  stop_server

  # Durable writes through the library (the server is stopped: it would compete for the CPU).
  log "library writes (write_load)"
  if [[ -n $url ]]; then
    timeout 180 "$BIN/write_load" --database "$url" --seconds "$WRITE_SECONDS" --json-out "$B/write-load.json"
  else
    timeout 240 "$BIN/write_load" --seconds "$WRITE_SECONDS" --compare-serialized true --json-out "$B/write-load.json"
    # One writer, 3 s at a time, on one file that keeps growing: the rate as the database grows.
    log "library writes as the database grows"
    timeout 120 "$BIN/write_load" --writers 1,1,1,1,1 --seconds 3 --fresh-per-level false \
      --json-out "$B/write-growth.json" >/dev/null
  fi

  # One JSON file with every figure.
  local out=$RESULTS/load-$backend.json
  python3 - "$B" "$backend" "$out" "$ROOT" "$url" <<'EOF'
import json, os, subprocess, sys, glob, datetime, platform
B, backend, out, root, url = sys.argv[1:6]
def j(p):
    return json.load(open(os.path.join(B, p)))
def git(*a):
    return subprocess.run(["git", "-C", root, *a], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
pages = []
for p in sorted(glob.glob(os.path.join(B, "pages", "*.json")), key=lambda s: int(os.path.basename(s).split("-")[0])):
    d = json.load(open(p)); w = d.get("wrk", {})
    secs = w.get("duration_us", 0) / 1e6 or 1
    pages.append({
        "name": d["name"], "path": d["path"], "reader": d.get("reader", "anonymous"), "bytes": d["bytes"],
        "requests_per_second": round(w.get("requests", 0) / secs, 1),
        "requests": w.get("requests"),
        "latency_ms": {k: round(v / 1000, 3) for k, v in w.get("latency_us", {}).items()},
        "errors": w.get("errors"),
        "server_peak_rss_mib": round(d["peak_rss_kib"] / 1024, 1),
        "server_vmhwm_mib": round(d["vmhwm_kib"] / 1024, 1),
    })
n = j("nginx.json"); w = n["wrk"]; secs = w["duration_us"] / 1e6
nginx = {"path": "/process.html (the process page's HTML, same bytes)",
         "requests_per_second": round(w["requests"] / secs, 1),
         "latency_ms": {k: round(v / 1000, 3) for k, v in w["latency_us"].items()},
         "errors": w["errors"], "config": "worker_processes 2, access_log off, sendfile, keepalive"}
proc = next(p for p in pages if p["name"] == "process_page")
proc_in = next((p for p in pages if p["name"] == "process_page_logged_in"), None)
rss = lambda f: round(int(open(os.path.join(B, f)).read()) / 1024, 1)
dirty = git("status", "--porcelain", "--", "crates", "Cargo.lock", "Cargo.toml")
result = {
    "benchmark": "load",
    "backend": "SQLite" if backend == "sqlite" else "PostgreSQL",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": git("rev-parse", "--short", "HEAD"),
    "worktree_changes_in_build": bool(dirty),
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 1048576, 1),
                "kernel": platform.release(), "load_generator": "wrk (Debian) on the same machine, 127.0.0.1"},
    "load": {"tool": "wrk -t2 -c%s -d%ss --latency, after a 2 s warm-up" % (os.environ.get("CONNECTIONS", "64"), os.environ.get("DURATION", "10")),
             "client": "anonymous reader (no cookies), except process_page_logged_in (a session cookie: never served from the page cache)"},
    "start": {"fresh_database_with_demo_loading": j("start-fresh.json"), "existing_database": j("start-warm.json"),
              "idle_rss_mib": rss("idle-rss"), "idle_rss_after_fresh_start_mib": rss("idle-fresh-rss")},
    "pages": pages,
    "nginx_same_bytes": nginx,
    "ratio_process_page_mitreden_to_nginx": round(proc["requests_per_second"] / nginx["requests_per_second"], 4),
    "ratio_process_page_logged_in_to_nginx": round(proc_in["requests_per_second"] / nginx["requests_per_second"], 4) if proc_in else None,
    "http_writes": {"seeded_sessions": j("http-writes-seeded.json"), "form_login": j("http-writes-login.json")},
    "live_readers": j("live.json"),
    "library_writes": j("write-load.json"),
}
if os.path.exists(os.path.join(B, "write-growth.json")):
    g = j("write-growth.json")
    result["library_writes_as_database_grows"] = {
        "what": "one writer, 3 s per step, on one SQLite file that keeps growing",
        "steps": [{"search_index_rows_before": l["search_index_rows_before"],
                   "comments_per_second": round(l["comments_per_second"], 1),
                   "latency_ms": l["latency_ms"]} for l in g["levels"]],
    }
if backend != "sqlite":
    try:
        sc = subprocess.run(["psql", url, "-Atc", "SHOW synchronous_commit"], capture_output=True, text=True).stdout.strip()
        ver = subprocess.run(["psql", url, "-Atc", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
        result["postgresql"] = {"version": ver, "synchronous_commit": sc}
    except Exception:
        pass
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(result, open(out, "w"), indent=2, ensure_ascii=False)
print("written to", out, file=sys.stderr)
EOF
}

print_table() {
  python3 - "$@" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    r = json.load(open(path))
    print(f"\n### {r['backend']} — commit {r['commit']}{' (+ uncommitted changes)' if r['worktree_changes_in_build'] else ''}, {r['date']}, "
          f"{r['machine']['cores']} cores {r['machine']['cpu']}\n")
    print(f"{r['load']['tool']}; {r['load']['client']}.\n")
    print("| page | bytes | req/s | p50 ms | p99 ms | peak RSS MiB | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for p in r["pages"]:
        e = p["errors"] or {}
        err = ", ".join(f"{k} {v}" for k, v in e.items() if v) or "0"
        who = " (logged in)" if p.get("reader") == "logged-in reader" else ""
        print(f"| `{p['path']}`{who} | {p['bytes']} | {p['requests_per_second']:,.0f} | {p['latency_ms'].get('p50', 0):.2f} | "
              f"{p['latency_ms'].get('p99', 0):.2f} | {p['server_peak_rss_mib']} | {err} |")
    n = r["nginx_same_bytes"]
    print(f"| nginx, same bytes as the process page | | {n['requests_per_second']:,.0f} | {n['latency_ms']['p50']:.2f} | {n['latency_ms']['p99']:.2f} | | |")
    print(f"\nProcess page mitreden/nginx: **{r['ratio_process_page_mitreden_to_nginx']:.3f}** anonymous"
          + (f", {r['ratio_process_page_logged_in_to_nginx']:.3f} logged in" if r.get('ratio_process_page_logged_in_to_nginx') else "") + "\n")
    s = r["start"]
    print("| figure | value |")
    print("| --- | --- |")
    print(f"| start to first page, existing database | {s['existing_database']['first_page_ms']:.0f} ms (/readyz {s['existing_database']['readyz_ms']:.0f} ms) |")
    print(f"| start to first page, empty database incl. migrations and demo loading | {s['fresh_database_with_demo_loading']['first_page_ms']:.0f} ms |")
    print(f"| idle RSS after start | {s['idle_rss_mib']} MiB |")
    for key, label in (("seeded_sessions", "HTTP comment writes, 200 accounts (seeded sessions), 64 connections"),
                       ("form_login", "HTTP comment writes, 20 accounts logged in via the form")):
        w = r["http_writes"][key]
        print(f"| {label} | {w['acknowledged_per_second']:,.0f} acknowledged/s ({w['acknowledged']} of {w['attempted']}), "
              f"p50 {w['latency_ms']['p50']} ms, p99 {w['latency_ms']['p99']} ms |")
    for lv in r["library_writes"]["levels"]:
        print(f"| durable library writes, {lv['writers']} writers | {lv['comments_per_second']:,.0f} comments/s "
              f"(p50 {lv['latency_ms']['p50']} ms, p99 {lv['latency_ms']['p99']} ms, {lv['errors']} errors) |")
    g = r.get("library_writes_as_database_grows")
    if g:
        steps = ", ".join(f"{st['search_index_rows_before']:,} → {st['comments_per_second']:,.0f}/s" for st in g["steps"])
        print(f"| durable library writes, 1 writer, as the database grows (search index rows → rate) | {steps} |")
    l = r["live_readers"]
    print(f"| live readers connected | {l['readers_connected']} of {l['readers_requested']} in {l['connect_seconds']:.1f} s |")
    print(f"| live delivery after the POST's response | p50 {l['delivery_ms_after_ack']['p50']} ms, p99 {l['delivery_ms_after_ack']['p99']} ms, "
          f"max {l['delivery_ms_after_ack']['max']} ms; every reader got every comment: "
          f"{'yes' if l['deliveries'] == l['deliveries_expected'] and l['comments_posted'] > 0 else 'no'} "
          f"({l['deliveries']} of {l['deliveries_expected']}, {l['comments_posted']} comments) |")
    m = l["server_rss_mib"]
    print(f"| server RSS with live readers | {m['readers_connected']} MiB connected, peak {m['peak_vmhwm']} MiB (before {m['before_readers']} MiB) |")
EOF
}

mkdir -p "$RESULTS"
started=$SECONDS
bench_backend sqlite
files=("$RESULTS/load-sqlite.json")
if [[ -n $PG_URL ]]; then
  tables=$(psql "$PG_URL" -Atc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'" 2>&1) || {
    log "cannot reach $PG_URL: $tables"; exit 1; }
  if [[ $tables != 0 ]]; then
    log "MITREDEN_BENCH_PG_URL must name an empty database (it has $tables tables); create a fresh one"
    exit 1
  fi
  bench_backend postgres "$PG_URL"
  files+=("$RESULTS/load-postgres.json")
fi
print_table "${files[@]}"
log "done in $(( SECONDS - started )) s"
