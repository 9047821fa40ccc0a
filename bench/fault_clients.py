#!/usr/bin/env python3
"""Clients and checks for bench/faults.sh (standard library only).

  fault_clients.py verify-ids LABEL ADDR IDS_FILE...  every acknowledged comment answers 200
  fault_clients.py sqlite-check DB_FILE               integrity, foreign keys, counters, search index
  fault_clients.py probe ADDR PROCESS SESSION SECONDS OUT   GETs during a database outage (JSON lines)
  fault_clients.py outage-report PROBES MARKS WRITES_JSON   judges a PostgreSQL restart
  fault_clients.py restart-staleness ADDR_A ADDR_B PROCESS SESSIONS_FILE ROUNDS RESTART_CMD...
                                                      PostgreSQL restarts vs. the pages instance B keeps
  fault_clients.py hostile ADDR [DATA_DIR]            idle connections, slowloris, size limits, timeouts,
                                                      a stalled upload (DATA_DIR: its spool folder and rows)
  fault_clients.py bombs ADDR PID PROCESS             a picture bomb and a PDF bomb uploaded: time and the
                                                      server's peak RSS per upload, four pictures at once

Each check prints "PASS name: detail" or "FAIL name: detail" lines; faults.sh counts them.
"""

import http.client
import json
import re
import struct
import socket
import sqlite3
import sys
import threading
import time
import zlib


def report(ok, name, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
    return ok


def host_port(addr):
    h, p = addr.rsplit(":", 1)
    return h, int(p)


# --- kill -9 -------------------------------------------------------------------------------

def verify_ids(label, addr, files):
    ids = []
    for f in files:
        with open(f) as fh:
            ids += [int(l) for l in fh if l.strip()]
    ids = sorted(set(ids))
    h, p = host_port(addr)
    conn = http.client.HTTPConnection(h, p, timeout=10)
    missing, bad = [], {}
    for i in ids:
        for attempt in range(2):
            try:
                conn.request("GET", f"/comments/{i}")
                r = conn.getresponse()
                r.read()
                break
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(h, p, timeout=10)
        else:
            bad[i] = "no answer"
            continue
        if r.status == 404:
            missing.append(i)
        elif r.status != 200:
            bad[i] = r.status
    ok = bool(ids) and not missing and not bad
    detail = f"{len(ids)} acknowledged comments checked after restart, {len(missing)} missing"
    if missing:
        detail += f" (ids {missing[:20]}{'…' if len(missing) > 20 else ''})"
    if bad:
        detail += f", other answers {dict(list(bad.items())[:10])}"
    if not ids:
        detail += " - no write was acknowledged, nothing proven"
    return report(ok, f"acknowledged writes survive {label}", detail)


def sqlite_check(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    res = [r[0] for r in db.execute("PRAGMA integrity_check")]
    all_ok = report(res == ["ok"], "SQLite integrity_check", ", ".join(res[:5]))
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    all_ok &= report(not fk, "SQLite foreign_key_check", f"{len(fk)} violations")
    wrong = db.execute(
        "SELECT p.id, p.comment_count, (SELECT COUNT(*) FROM comments c WHERE c.subject_kind = 'process' "
        "AND c.subject_id = p.id AND c.deleted_at IS NULL) AS n FROM processes p "
        "WHERE p.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.subject_kind = 'process' "
        "AND c.subject_id = p.id AND c.deleted_at IS NULL)").fetchall()
    all_ok &= report(not wrong, "comment counters match the rows",
                     "all processes" if not wrong else f"(process, counter, rows): {wrong[:5]}")
    try:
        unindexed = db.execute(
            "SELECT COUNT(*) FROM comments c WHERE c.deleted_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM search_index s WHERE s.kind = 'comment' AND s.ref_id = c.id)").fetchone()[0]
        total = db.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
        all_ok &= report(unindexed == 0, "every comment is in the search index",
                         f"{total} comments, {unindexed} without search entry")
    except sqlite3.Error as e:  # FTS5 missing in this Python's SQLite
        print(f"NOTE search index not checked: {e}")
    return all_ok


# --- PostgreSQL restart ----------------------------------------------------------------------

def one_request(h, p, method, path, headers, body=None, timeout=10):
    t = time.time()
    try:
        c = http.client.HTTPConnection(h, p, timeout=timeout)
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        r.read()
        c.close()
        return t, r.status, time.time() - t
    except socket.timeout:
        return t, "timeout", time.time() - t
    except (OSError, http.client.HTTPException) as e:
        return t, f"error {type(e).__name__}", time.time() - t


def probe(addr, process, session, seconds, out):
    """Every 100 ms: /readyz, the start page (anonymous, may come from the page cache), the
    process page as a logged-in reader (always reaches the database). One JSON object per line."""
    h, p = host_port(addr)
    csrf = "0123456789abcdef" * 4
    targets = [
        ("readyz", "/readyz", {}),
        ("start page (anonymous)", "/", {}),
        ("process page (logged in)", f"/processes/{process}",
         {"Cookie": f"mitreden_session={session}; mitreden_csrf={csrf}"}),
    ]
    end = time.time() + float(seconds)
    lock = threading.Lock()
    with open(out, "w") as fh:
        def loop(name, path, headers):
            while time.time() < end:
                t, status, dur = one_request(h, p, "GET", path, headers)
                with lock:
                    fh.write(json.dumps({"t": t, "what": name, "status": status, "s": dur}) + "\n")
                    fh.flush()
                time.sleep(max(0.0, 0.1 - dur))
        threads = [threading.Thread(target=loop, args=t) for t in targets]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def outage_report(probes_file, marks_file, writes_json):
    probes = [json.loads(l) for l in open(probes_file) if l.strip()]
    marks = dict(l.split() for l in open(marks_file) if l.strip())
    down, up = float(marks["stopping"]), float(marks["started"])
    all_ok = True
    during = [r for r in probes if down <= r["t"] + r["s"] and r["t"] <= up]
    statuses = {}
    for r in during:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    bad = [r for r in probes if r["status"] not in (200, 503)]
    # The pool waits up to 5 s (acquire timeout) for a connection before the request fails.
    slow = [r for r in probes if r["s"] > 6]
    all_ok &= report(not bad, "no 500, no hang, no dropped connection while PostgreSQL restarts",
                     f"{len(probes)} GETs; answers while it was down: {statuses or 'none in the window'}"
                     + (f"; unexpected: {[(r['what'], r['status'], round(r['s'], 2)) for r in bad[:8]]}" if bad else ""))
    all_ok &= report(not slow, "every GET answered within 6 s (pool acquire timeout 5 s + 1 s)",
                     f"slowest {max((r['s'] for r in probes), default=0):.2f} s"
                     + (f"; over 6 s: {[(r['what'], r['status'], round(r['s'], 1)) for r in slow[:5]]}" if slow else ""))
    db_probes = [r for r in during if r["what"] != "start page (anonymous)"]
    t503 = sorted(r["s"] for r in db_probes if r["status"] == 503)
    waited = [r for r in db_probes if r["status"] == 200]
    all_ok &= report(bool(t503), "the outage is answered with 503",
                     f"{len(t503)} of {len(db_probes)} database-bound GETs in the outage window answered 503"
                     + (f" (after {t503[0]:.2f} to {t503[-1]:.2f} s)" if t503 else "")
                     + f", {len(waited)} waited and got 200 once the database was back")
    # Recovery: from PostgreSQL being up again until every kind of probe answers 200 for good.
    rec = {}
    for what in sorted({r["what"] for r in probes}):
        rs = sorted((r for r in probes if r["what"] == what), key=lambda r: r["t"])
        last_bad = max((r["t"] + r["s"] for r in rs if r["status"] != 200), default=None)
        after = [r for r in rs if r["status"] == 200 and (last_bad is None or r["t"] >= last_bad)]
        rec[what] = round(max(0.0, after[0]["t"] + after[0]["s"] - up), 2) if after else None
    worst = max((v for v in rec.values() if v is not None), default=None)
    ok = all(v is not None for v in rec.values()) and worst is not None and worst <= 5
    all_ok &= report(ok, "recovers by itself within 5 s after PostgreSQL is back",
                     f"seconds until 200 again: {rec} (outage {up - down:.1f} s)")
    w = json.load(open(writes_json))
    st = w.get("statuses", {})
    okw = all(k in ("303", "503") for k in st)
    all_ok &= report(okw, "comment POSTs during the restart answer 303 or 503",
                     f"statuses {st}")
    return all_ok


# --- hostile clients -------------------------------------------------------------------------

def timed_get(h, p, path, timeout=5):
    t, status, dur = one_request(h, p, "GET", path, {}, timeout=timeout)
    return status, dur


DEMO_ADMIN = ("admin@mitreden.example", "mitreden-demo")


def login(h, p, csrf, email, password):
    """The session cookie of an account, logged in through the form."""
    c = http.client.HTTPConnection(h, p, timeout=10)
    body = f"csrf_token={csrf}&email={email.replace('@', '%40')}&password={password}"
    c.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                       "Cookie": f"mitreden_csrf={csrf}"})
    r = c.getresponse(); r.read()
    session = None
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith("mitreden_session="):
            session = v.split(";")[0].split("=", 1)[1]
    c.close()
    return session


def count_documents(data_dir):
    if not data_dir:
        return None
    try:
        con = sqlite3.connect(f"file:{data_dir}/mitreden.db?mode=ro", uri=True)
        n = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return None


def spooled_files(data_dir):
    import os
    d = os.path.join(data_dir, "uploads") if data_dir else None
    if not d or not os.path.isdir(d):
        return []
    return [f for f in os.listdir(d) if f.startswith("mitreden-upload-")]


def hostile(addr, data_dir=None):
    h, p = host_port(addr)
    all_ok = True
    # A CSRF cookie for the form posts.
    c = http.client.HTTPConnection(h, p, timeout=10)
    c.request("GET", "/login")
    r = c.getresponse(); r.read()
    csrf = None
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith("mitreden_csrf="):
            csrf = v.split(";")[0].split("=", 1)[1]
    c.close()

    # 500 idle connections that never send a byte.
    idle = []
    for _ in range(500):
        s = socket.create_connection((h, p), timeout=10)
        idle.append(s)

    # Slowloris: a request line, then one header byte per second, never finished.
    slow_state = {"closed_after": None, "sent": 0}
    stop = threading.Event()

    def slowloris():
        s = socket.create_connection((h, p), timeout=10)
        started = time.time()
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            s.settimeout(1.0)
            while not stop.is_set():
                try:
                    if s.recv(1024) == b"":
                        slow_state["closed_after"] = time.time() - started
                        return
                except socket.timeout:
                    pass
                s.sendall(b"a")
                slow_state["sent"] += 1
        except OSError:
            slow_state["closed_after"] = time.time() - started
        finally:
            s.close()

    # A body announced but never sent.
    body_state = {"answer": None, "after": None}

    def slow_body():
        s = socket.create_connection((h, p), timeout=60)
        started = time.time()
        try:
            s.sendall((f"POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       f"Cookie: mitreden_csrf={csrf}\r\nContent-Length: 1000\r\n\r\nemail=a").encode())
            data = s.recv(4096)
            body_state["answer"] = data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
        except OSError as e:
            body_state["answer"] = f"error {type(e).__name__}"
        body_state["after"] = time.time() - started
        s.close()

    # A document upload whose body stops in the middle of the file.
    upload_state = {"answer": None, "after": None, "documents_before": count_documents(data_dir)}

    def slow_upload():
        session = login(h, p, csrf, *DEMO_ADMIN)
        if not session:
            upload_state["answer"] = "no session for the demo administrator"
            return
        part = lambda name, extra="": (f"--B\r\nContent-Disposition: form-data; name=\"{name}\"{extra}"
                                       "\r\n\r\n")
        body = (part("title") + "Haushaltsplan\r\n" + part("doc_type") + "report\r\n"
                + part("file", "; filename=\"plan.pdf\"\r\nContent-Type: application/pdf")
                + "%PDF-1.7\n" + "x" * 65536).encode()
        s = socket.create_connection((h, p), timeout=60)
        started = time.time()
        try:
            s.sendall((f"POST /staff/documents?csrf_token={csrf} HTTP/1.1\r\nHost: {addr}\r\n"
                       "Content-Type: multipart/form-data; boundary=B\r\n"
                       f"Cookie: mitreden_csrf={csrf}; mitreden_session={session}\r\n"
                       f"Content-Length: {len(body) + 1000000}\r\n\r\n").encode() + body)
            data = s.recv(4096)
            upload_state["answer"] = data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
        except OSError as e:
            upload_state["answer"] = f"error {type(e).__name__}"
        upload_state["after"] = time.time() - started
        s.close()

    threads = [threading.Thread(target=slowloris), threading.Thread(target=slow_body),
               threading.Thread(target=slow_upload)]
    for t in threads:
        t.start()
    time.sleep(1)

    # A normal client meanwhile.
    times, fails = [], []
    for _ in range(10):
        for path in ("/healthz", "/"):
            status, dur = timed_get(h, p, path)
            times.append(dur)
            if status != 200:
                fails.append((path, status))
        time.sleep(0.3)
    all_ok &= report(not fails and max(times) < 1.0,
                     "others are served beside 500 idle connections and a slowloris client",
                     f"20 GETs of /healthz and /: slowest {max(times) * 1000:.0f} ms, failures {fails}")

    # A form body over the 256 KiB limit, with and without Content-Length.
    big = ("email=a%40b.example&password=x&csrf_token=" + (csrf or "") + "&pad=" + "x" * (300 * 1024)).encode()
    for label, chunked in (("Content-Length", False), ("chunked", True)):
        s = socket.create_connection((h, p), timeout=10)
        head = (f"POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Cookie: mitreden_csrf={csrf}\r\n")
        head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {len(big)}\r\n\r\n"
        answer = None
        try:
            s.sendall(head.encode())
            if chunked:
                for i in range(0, len(big), 16384):
                    part = big[i:i + 16384]
                    s.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                s.sendall(b"0\r\n\r\n")
            else:
                s.sendall(big)
        except OSError:
            pass  # the server may answer and close before the body is sent
        try:
            data = s.recv(4096)
            answer = data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
        except OSError as e:
            answer = f"error {type(e).__name__}"
        s.close()
        all_ok &= report(answer is not None and " 413 " in answer + " ",
                         f"form body of 300 KiB ({label}) is refused with 413", f"answer: {answer}")

    # A 64 KiB header.
    s = socket.create_connection((h, p), timeout=10)
    answer = None
    try:
        s.sendall(f"GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {'y' * 65536}\r\n\r\n".encode())
        data = s.recv(4096)
        answer = data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
    except OSError as e:
        answer = f"closed ({type(e).__name__})"
    s.close()
    status, dur = timed_get(h, p, "/healthz")
    all_ok &= report(answer is not None and (" 431 " in answer + " " or answer.startswith("closed")),
                     "a 64 KiB header is refused (431 or connection closed)", f"answer: {answer}")
    all_ok &= report(status == 200, "the server keeps answering after the oversized requests",
                     f"/healthz {status} in {dur * 1000:.0f} ms")

    # Header and body timeouts: does the server drop what never completes?
    deadline = time.time() + 45
    while time.time() < deadline and (slow_state["closed_after"] is None or body_state["after"] is None
                                      or upload_state["after"] is None):
        time.sleep(0.5)
    stop.set()
    closed_idle = 0
    for s in idle:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed_idle += 1
        except BlockingIOError:
            pass
        except OSError:
            closed_idle += 1
        s.close()
    for t in threads:
        t.join(timeout=15)
    ca = slow_state["closed_after"]
    slow_detail = (f"slowloris closed by the server after {ca:.0f} s" if ca is not None else
                   f"slowloris still open after 45 s ({slow_state['sent']} header bytes sent)")
    all_ok &= report(ca is not None and closed_idle == 500,
                     "connections without a complete request header are closed (header read timeout)",
                     f"{slow_detail}; {closed_idle} of 500 idle connections closed by the server after about 45 s")
    ba = body_state["after"]
    all_ok &= report(ba is not None and ba <= 40 and (body_state["answer"] or "").startswith("HTTP/1.1 408"),
                     "a request body that never arrives times out with 408",
                     f"answer {body_state['answer']!r} after {ba:.0f} s" if ba is not None else "no answer within 45 s")
    ua = upload_state["after"]
    left = spooled_files(data_dir)
    docs_after = count_documents(data_dir)
    all_ok &= report(ua is not None and ua <= 40 and (upload_state["answer"] or "").startswith("HTTP/1.1 408")
                     and not left and docs_after == upload_state["documents_before"],
                     "an upload body that stops mid-file times out with 408 and leaves no file and no row",
                     (f"answer {upload_state['answer']!r} after {ua:.0f} s" if ua is not None
                      else f"no answer within 45 s ({upload_state['answer']})")
                     + f"; spooled files left {left}; documents {upload_state['documents_before']} -> {docs_after}")
    status, dur = timed_get(h, p, "/")
    all_ok &= report(status == 200, "the server answers normally afterwards", f"/ {status} in {dur * 1000:.0f} ms")
    return all_ok


# --- pages kept across PostgreSQL restarts ---------------------------------------------------

def post_comment(h, p, process, session, body, timeout=10):
    csrf = "0123456789abcdef" * 4
    form = f"csrf_token={csrf}&body={body.replace(' ', '+')}"
    headers = {
        "Cookie": f"mitreden_session={session}; mitreden_csrf={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    c = http.client.HTTPConnection(h, p, timeout=timeout)
    c.request("POST", f"/processes/{process}/comments", body=form, headers=headers)
    r = c.getresponse()
    r.read()
    c.close()
    return r.status


def get_page(h, p, path, timeout=10):
    """(status, from memory, body) of an anonymous GET; status is an error text on failure."""
    try:
        c = http.client.HTTPConnection(h, p, timeout=timeout)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read().decode("utf-8", "replace")
        hit = r.getheader("x-cache") == "hit"
        c.close()
        return r.status, hit, body
    except (OSError, http.client.HTTPException) as e:
        return f"error {type(e).__name__}", False, ""


def pg_ready():
    import subprocess
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def restart_staleness(addr_a, addr_b, process, sessions_file, rounds, restart_cmd):
    """Per round: instance B keeps the process page (served from memory); PostgreSQL restarts;
    as soon as it takes connections, one comment is written through instance A; for 3 s after A
    acknowledged it, every page B serves must show it (from memory or not). A page without it is
    stale. Passes with no stale page in all rounds; prints the figures."""
    import subprocess
    ha, pa = host_port(addr_a)
    hb, pb = host_port(addr_b)
    path = f"/processes/{process}"
    sessions = [l.strip() for l in open(sessions_file) if l.strip()]
    rounds = int(rounds)
    stale = served = from_memory = 0
    problems = []
    for i in range(rounds):
        # B keeps the page (it listens again after the previous restart).
        end = time.time() + 30
        kept = False
        while time.time() < end:
            status, hit, _ = get_page(hb, pb, path)
            if status == 200 and hit:
                kept = True
                break
            time.sleep(0.1)
        if not kept:
            problems.append(f"round {i + 1}: instance B never served the page from memory")
        subprocess.run(restart_cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 60
        while not pg_ready() and time.time() < end:
            time.sleep(0.05)
        text = f"Neustart {i + 1} {int(time.time() * 1000)}"
        session = sessions[i % len(sessions)]
        acked = False
        end = time.time() + 30
        while time.time() < end:
            try:
                status = post_comment(ha, pa, process, session, text)
            except (OSError, http.client.HTTPException):
                status = None
            if status == 303:
                acked = True
                break
            time.sleep(0.05)
        if not acked:
            problems.append(f"round {i + 1}: instance A did not acknowledge the comment")
            continue
        end = time.time() + 3
        round_stale = 0
        while time.time() < end:
            status, hit, body = get_page(hb, pb, path)
            if status == 200:
                served += 1
                from_memory += hit
                if text not in body:
                    round_stale += 1
            time.sleep(0.05)
        stale += round_stale
        print(f"round {i + 1}: {round_stale} stale pages", file=sys.stderr, flush=True)
    print(f"stale pages after {rounds} PostgreSQL restarts: {stale}", flush=True)
    ok = report(stale == 0 and not problems, f"{rounds} PostgreSQL restarts, instance B's kept pages",
                f"{stale} stale pages of {served} served by B after A acknowledged a comment "
                f"({from_memory} from memory)" + ("; " + "; ".join(problems) if problems else ""))
    return ok


# --- decompression bombs ----------------------------------------------------------------------

def png_bomb(width, height):
    """A black 16-bit RGB PNG that decodes to width * height * 6 bytes (6300 x 6300: 238 MB)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    z = zlib.compressobj(9)
    row = bytes(1 + width * 6)
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_bomb(inflated):
    """A one-page PDF whose content, one text shown over and over, inflates to about `inflated` bytes."""
    block = b"BT /F1 12 Tf 72 720 Td (Bombe) Tj ET\n" * 1024
    z = zlib.compressobj(9)
    content = b"".join(z.compress(block) for _ in range(inflated // len(block) + 1)) + z.flush()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    out = b"%PDF-1.4\n"
    offsets = []
    for n in sorted(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def pdf_form_bomb(uses):
    """A one-page PDF of a few KB whose page draws a form of 10 KB `uses` times."""
    page = b"q /X Do Q\n" * uses
    form = b"BT /F1 12 Tf 72 720 Td (Bombe) Tj ET\n" * 270
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> >>\nstream\n" % len(form) + form + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssPeak:
    """Samples a process's resident size every 5 ms while in use."""

    def __init__(self, pid):
        self.pid, self.stop, self.peak = pid, threading.Event(), 0

    def __enter__(self):
        self.before = rss_kb(self.pid)
        self.peak = self.before
        def run():
            while not self.stop.is_set():
                self.peak = max(self.peak, rss_kb(self.pid))
                time.sleep(0.005)
        self.thread = threading.Thread(target=run)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.2)
        self.stop.set()
        self.thread.join()


def multipart(fields, file_field, filename, content_type, data):
    b = "mitredenBombBoundary"
    body = b""
    for k, v in fields:
        body += f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    body += (f"--{b}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{filename}\"\r\n"
             f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return body, f"multipart/form-data; boundary={b}"


def post_upload(h, p, path, csrf, session, body, ctype, timeout=120):
    c = http.client.HTTPConnection(h, p, timeout=timeout)
    started = time.time()
    c.request("POST", f"{path}?csrf_token={csrf}", body,
              {"Content-Type": ctype, "Cookie": f"mitreden_csrf={csrf}; mitreden_session={session}"})
    r = c.getresponse()
    page = r.read().decode(errors="replace")
    took = time.time() - started
    c.close()
    return r.status, (r.getheader("Location") or "") + page, took


def bombs(addr, pid, process):
    h, p = host_port(addr)
    c = http.client.HTTPConnection(h, p, timeout=10)
    c.request("GET", "/login")
    r = c.getresponse(); r.read()
    csrf = next((v.split(";")[0].split("=", 1)[1] for k, v in r.getheaders()
                 if k.lower() == "set-cookie" and v.startswith("mitreden_csrf=")), None)
    c.close()
    session = login(h, p, csrf, *DEMO_ADMIN)
    if not session:
        return report(False, "upload bombs", "no session for the demo administrator")
    ok = True
    image = png_bomb(6300, 6300)
    fields = [("title", "Bombe"), ("body", "Ein Bild"), ("category", "Radwege"), ("alt1", "Bild")]
    body, ctype = multipart(fields, "image1", "bombe.png", "image/png", image)
    with RssPeak(pid) as m:
        status, page, took = post_upload(h, p, f"/processes/{process}/ideas", csrf, session, body, ctype)
    grew = (m.peak - m.before) // 1024
    ok &= report(status == 422 and "image1-error" in page and took < 5 and grew < 200,
                 "a picture bomb is refused at once",
                 f"{len(image) // 1024} KB PNG (6300 x 6300, 16 bit): {status} after {took:.2f} s, "
                 f"peak RSS {m.peak // 1024} MB (+{grew} MB)")
    # Four at once, from four people's worth of attempts (the limit counts per account).
    answers = []
    def one():
        answers.append(post_upload(h, p, f"/processes/{process}/ideas", csrf, session, body, ctype))
    with RssPeak(pid) as m:
        threads = [threading.Thread(target=one) for _ in range(4)]
        started = time.time()
        for t in threads: t.start()
        for t in threads: t.join()
        took = time.time() - started
    grew = (m.peak - m.before) // 1024
    ok &= report(all(a[0] in (422, 429) for a in answers) and grew < 400,
                 "four picture bombs at once stay bounded",
                 f"answers {sorted(a[0] for a in answers)} within {took:.2f} s, "
                 f"peak RSS {m.peak // 1024} MB (+{grew} MB)")

    # The worst a picture within the limits costs: 16 bits per channel, 16 megapixels, 96 MB decoded.
    largest = png_bomb(4000, 4000)
    body, ctype = multipart(fields, "image1", "gross.png", "image/png", largest)
    with RssPeak(pid) as m:
        status, page, took = post_upload(h, p, f"/processes/{process}/ideas", csrf, session, body, ctype)
    grew = (m.peak - m.before) // 1024
    ok &= report(status == 303, "the largest picture within the limits is taken",
                 f"{len(largest) // 1024} KB PNG (4000 x 4000, 16 bit, 96 MB decoded): {status} after {took:.2f} s, "
                 f"peak RSS {m.peak // 1024} MB (+{grew} MB)")
    answers = []
    def big():
        answers.append(post_upload(h, p, f"/processes/{process}/ideas", csrf, session, body, ctype))
    with RssPeak(pid) as m:
        threads = [threading.Thread(target=big) for _ in range(4)]
        started = time.time()
        for t in threads: t.start()
        for t in threads: t.join()
        took = time.time() - started
    grew = (m.peak - m.before) // 1024
    ok &= report(all(a[0] == 303 for a in answers), "four of the largest pictures at once take two turns",
                 f"answers {sorted(a[0] for a in answers)} within {took:.2f} s, "
                 f"peak RSS {m.peak // 1024} MB (+{grew} MB)")

    c = http.client.HTTPConnection(h, p, timeout=10)
    c.request("GET", "/staff/documents/new", headers={"Cookie": f"mitreden_csrf={csrf}; mitreden_session={session}"})
    r = c.getresponse(); form = r.read().decode(errors="replace"); c.close()
    dep = re.search(r'<option value="(\d+)"', form)
    pdf = pdf_bomb(50 * 1024 * 1024)
    body, ctype = multipart([("title", "Bombe"), ("description", "Ein PDF"), ("doc_type", "report"),
                             ("language", "de"), ("department_id", dep.group(1) if dep else "1")],
                            "file", "bombe.pdf", "application/pdf", pdf)
    with RssPeak(pid) as m:
        status, page, took = post_upload(h, p, "/staff/documents", csrf, session, body, ctype)
    grew = (m.peak - m.before) // 1024
    ok &= report(status == 303 and page.startswith("/documents/") and took < 5 and grew < 200,
                 "a PDF bomb is stored unread at once",
                 f"{len(pdf) // 1024} KB PDF inflating to 50 MB: {status} {page[:20]} after {took:.2f} s, "
                 f"peak RSS {m.peak // 1024} MB (+{grew} MB)")
    # Within the 16 MB of inflated streams, but 15 MB on one page: kept unread at once.
    # Then the worst a PDF within the limits costs: a page of 900 KB (just under the 1 MiB a page may have), drawn and read.
    for name, size, expect in (("heavy", 15 * 1024 * 1024, "unread at once"),
                               ("forms", 0, "unread at once"),
                               ("largest", 900 * 1024, "read")):
        doc = pdf_bomb(size) if size else pdf_form_bomb(20000)
        body, ctype = multipart([("title", name), ("description", "Ein PDF"), ("doc_type", "report"),
                                 ("language", "de"), ("department_id", dep.group(1) if dep else "1")],
                                "file", f"{name}.pdf", "application/pdf", doc)
        with RssPeak(pid) as m:
            status, page, took = post_upload(h, p, "/staff/documents", csrf, session, body, ctype)
        grew = (m.peak - m.before) // 1024
        ok &= report(status == 303 and page.startswith("/documents/") and took < 15,
                     (f"a PDF with {size // 1024} KB of content on its page is {expect}" if size else
                      f"a PDF whose page draws a form of 10 KB 20,000 times is {expect}"),
                     f"{len(doc) // 1024} KB PDF: {status} {page[:20]} after {took:.2f} s, "
                     f"peak RSS {m.peak // 1024} MB (+{grew} MB)")
    return ok


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "verify-ids":
        ok = verify_ids(args[0], args[1], args[2:])
    elif cmd == "sqlite-check":
        ok = sqlite_check(args[0])
    elif cmd == "probe":
        probe(*args)
        ok = True
    elif cmd == "outage-report":
        ok = outage_report(*args)
    elif cmd == "restart-staleness":
        ok = restart_staleness(args[0], args[1], args[2], args[3], args[4], args[5:])
    elif cmd == "hostile":
        ok = hostile(args[0], args[1] if len(args) > 1 else None)
    elif cmd == "bombs":
        ok = bombs(args[0], args[1], args[2])
    else:
        sys.exit(f"unknown command {cmd}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
