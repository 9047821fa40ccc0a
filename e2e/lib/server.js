'use strict';
// Starts the mitreden binary for one test file: a free port on 127.0.0.1,
// a fresh data directory (SQLite database + mail outbox), readiness via
// GET /readyz, and a clean stop with SIGTERM that is checked.
//
// Also reads the mails the app writes into <data-dir>/outbox/ as .eml files.

const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const E2E_DIR = path.resolve(__dirname, '..');
const DEFAULT_BIN = path.resolve(E2E_DIR, '..', 'target', 'debug', 'mitreden');

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const MAIL_TIMEOUT_MS = 10_000;
const MAIL_POLL_MS = 100;

function binaryPath() {
  const fromEnv = process.env.MITREDEN_BIN;
  if (fromEnv) return path.resolve(E2E_DIR, fromEnv);
  return DEFAULT_BIN;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Servers still running when the test process ends (a crash, a forgotten
// stop()) are killed so that no mitreden process outlives the tests.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

class Server {
  constructor({ child, port, dataDir, keepData }) {
    this.child = child;
    this.port = port;
    this.baseURL = `http://127.0.0.1:${port}`;
    this.origin = this.baseURL;
    this.dataDir = dataDir;
    this.outboxDir = path.join(dataDir, 'outbox');
    this.keepData = keepData;
    this.output = '';
    this.exit = null; // { code, signal } once the process has ended
    running.add(child);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const collect = (chunk) => {
      this.output += chunk.toString('utf8');
      // Keep the log bounded; the tail is what matters for diagnostics.
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
  }

  /** Absolute URL for a path on this server. */
  url(p = '/') {
    return new URL(p, this.baseURL + '/').toString();
  }

  /** Polls GET /readyz until it answers 200. */
  async waitReady(timeoutMs = READY_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(
          `mitreden exited before it was ready (code ${this.exit.code}, signal ${this.exit.signal}).\n` +
            `Output:\n${this.output}`,
        );
      }
      try {
        const res = await fetch(this.url('/readyz'), { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        lastError = new Error(`/readyz answered ${res.status}`);
      } catch (err) {
        lastError = err;
      }
      await sleep(100);
    }
    throw new Error(
      `mitreden was not ready within ${timeoutMs} ms (${lastError && lastError.message}).\nOutput:\n${this.output}`,
    );
  }

  /**
   * Sends SIGTERM and waits for the process to end. Throws if it does not
   * end within the timeout (it is then killed) or does not exit cleanly.
   * Returns { code, signal }.
   */
  async stop(timeoutMs = STOP_TIMEOUT_MS) {
    let result = this.exit;
    if (!result) {
      this.child.kill('SIGTERM');
      const timedOut = Symbol('timeout');
      let timer;
      result = await Promise.race([
        this.exited,
        new Promise((r) => {
          timer = setTimeout(() => r(timedOut), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (result === timedOut) {
        this.child.kill('SIGKILL');
        await this.exited;
        this.cleanup();
        throw new Error(`mitreden did not exit within ${timeoutMs} ms after SIGTERM.\nOutput:\n${this.output}`);
      }
    }
    this.cleanup();
    if (result.code !== 0) {
      throw new Error(
        `mitreden did not exit cleanly after SIGTERM (code ${result.code}, signal ${result.signal}).\n` +
          `Output:\n${this.output}`,
      );
    }
    return result;
  }

  cleanup() {
    if (this.keepData) {
      process.stderr.write(`# mitreden data kept in ${this.dataDir}\n`);
      return;
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  // ---- mail outbox ----

  /** Names of all .eml files in the outbox right now (to tell old from new mails). */
  mailFiles() {
    try {
      return fs
        .readdirSync(this.outboxDir)
        .filter((f) => f.endsWith('.eml'))
        .sort();
    } catch (err) {
      if (err.code === 'ENOENT') return [];
      throw err;
    }
  }

  /** All mails in the outbox, oldest first (file names start with a UTC timestamp; mtime breaks ties). */
  readMails() {
    const files = this.mailFiles().map((name) => {
      const file = path.join(this.outboxDir, name);
      return { name, file, mtimeMs: fs.statSync(file).mtimeMs };
    });
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return files.map(({ name, file }) => ({ name, ...parseEml(fs.readFileSync(file)) }));
  }

  /**
   * Waits (polling, ~10 s) for the newest mail to `address` and returns it.
   * Options:
   *   ignore: file names to skip (e.g. the result of mailFiles() taken before the action)
   *   match:  RegExp the decoded body must match
   */
  async waitForMail(address, { ignore = [], match = null, timeoutMs = MAIL_TIMEOUT_MS } = {}) {
    const skip = new Set(ignore);
    const wanted = address.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = this.readMails().filter(
        (m) =>
          !skip.has(m.name) &&
          m.to.some((a) => a.toLowerCase() === wanted) &&
          (!match || match.test(m.body)),
      );
      if (mails.length > 0) return mails[mails.length - 1];
      if (Date.now() > deadline) {
        const seen = this.readMails()
          .map((m) => `  ${m.name} to=${m.to.join(',')} subject=${JSON.stringify(m.subject)}`)
          .join('\n');
        throw new Error(
          `No mail to ${address}${match ? ` matching ${match}` : ''} within ${timeoutMs} ms.\n` +
            `Outbox ${this.outboxDir}:\n${seen || '  (empty)'}`,
        );
      }
      await sleep(MAIL_POLL_MS);
    }
  }

  // ---- command line on the same data directory ----

  /**
   * Runs `mitreden <args> --data-dir <this server's data dir>` (e.g.
   * `['user', 'create', ...]`) while the server runs, with the same cleaned
   * environment. Resolves to its stdout; rejects with its output if it fails.
   */
  cli(args, { timeoutMs = 30_000 } = {}) {
    return new Promise((resolve, reject) => {
      execFile(
        binaryPath(),
        [...args, '--data-dir', this.dataDir],
        { env: serverEnv(this.env), timeout: timeoutMs },
        (err, stdout, stderr) => {
          if (err) {
            reject(new Error(`mitreden ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
          } else {
            resolve(stdout);
          }
        },
      );
    });
  }

  /**
   * Creates a verified account with `mitreden user create`:
   * { email, password, role = 'citizen', name, department }.
   */
  createUser({ email, password, role = 'citizen', name, department }) {
    const args = ['user', 'create', '--email', email, '--password', password, '--role', role];
    if (name) args.push('--name', name);
    if (department) args.push('--department', department);
    return this.cli(args);
  }

  /** Waits for the newest mail to `address` whose body contains `regex` and returns the first match. */
  async waitForLink(address, regex, options = {}) {
    const mail = await this.waitForMail(address, { ...options, match: regex });
    return extractLink(mail, regex);
  }
}

/** The first match of `regex` in the decoded body of `mail` (the whole match). */
function extractLink(mail, regex) {
  const m = mail.body.match(regex);
  if (!m) throw new Error(`No ${regex} in mail ${mail.name}:\n${mail.body}`);
  return m[0];
}

// ---- .eml parsing (just enough for the plain text mails the app writes) ----

function parseEml(buffer) {
  const text = buffer.toString('latin1'); // bytes as chars; decoded below
  const sep = text.search(/\r?\n\r?\n/);
  const rawHeaders = sep === -1 ? text : text.slice(0, sep);
  const rawBody = sep === -1 ? '' : text.slice(sep).replace(/^\r?\n\r?\n/, '');

  const headers = {};
  // Unfold continuation lines, then split "Name: value".
  for (const line of rawHeaders.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = decodeHeader(Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8'));
    headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
  }

  const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  let bodyBytes;
  if (cte === 'quoted-printable') bodyBytes = decodeQuotedPrintable(rawBody);
  else if (cte === 'base64') bodyBytes = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64');
  else bodyBytes = Buffer.from(rawBody, 'latin1');

  return {
    headers,
    to: parseAddresses(headers.to || ''),
    subject: headers.subject || '',
    body: bodyBytes.toString('utf8').replace(/\r\n/g, '\n'),
  };
}

function decodeQuotedPrintable(s) {
  const noSoftBreaks = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < noSoftBreaks.length; i++) {
    const c = noSoftBreaks[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(noSoftBreaks.slice(i + 1, i + 3))) {
      bytes.push(parseInt(noSoftBreaks.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(noSoftBreaks.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (=?utf-8?b?...?= and =?utf-8?q?...?=). */
function decodeHeader(value) {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, data) => {
      const cs = charset.toLowerCase().replace(/\*.*$/, '');
      const buf =
        enc.toLowerCase() === 'b'
          ? Buffer.from(data, 'base64')
          : decodeQuotedPrintable(data.replace(/_/g, ' '));
      try {
        return new TextDecoder(cs).decode(buf);
      } catch {
        return buf.toString('utf8');
      }
    });
}

function parseAddresses(value) {
  const out = [];
  for (const part of value.split(',')) {
    const angle = part.match(/<([^>]+)>/);
    const addr = (angle ? angle[1] : part).trim();
    if (addr) out.push(addr);
  }
  return out;
}

/**
 * The environment for a mitreden process: ours plus `env`, without other
 * MITREDEN_* settings and DATABASE_URL, which must not leak into the test server.
 */
function serverEnv(env = {}) {
  const childEnv = { ...process.env, ...env };
  for (const k of Object.keys(childEnv)) {
    if (k.startsWith('MITREDEN_') && !(k in env)) delete childEnv[k];
  }
  delete childEnv.DATABASE_URL;
  childEnv.NO_COLOR = '1';
  return childEnv;
}

/**
 * Starts mitreden with --demo on a free port and a fresh data directory and
 * waits until /readyz answers. Call `await server.stop()` when done.
 */
async function startServer({ extraArgs = [], env = {} } = {}) {
  const bin = binaryPath();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `mitreden binary not found at ${bin}. Build it with "cargo build -p mitreden" ` +
        'in the repository root or set MITREDEN_BIN.',
    );
  }
  const keepData = process.env.MITREDEN_E2E_KEEP_DATA === '1';
  let lastError;
  // A port found free can be taken by someone else before the app binds it:
  // try a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitreden-e2e-'));
    const childEnv = serverEnv(env);
    const child = spawn(
      bin,
      ['serve', '--demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--form-min-seconds', '0', ...extraArgs],
      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new Server({ child, port, dataDir, keepData });
    server.env = env; // for cli()
    child.on('error', (err) => {
      server.output += `\nspawn error: ${err.message}\n`;
    });
    try {
      await server.waitReady();
      return server;
    } catch (err) {
      lastError = err;
      if (!server.exit) {
        child.kill('SIGKILL');
        await server.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

module.exports = { startServer, extractLink, parseEml, decodeQuotedPrintable, binaryPath };
