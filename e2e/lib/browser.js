'use strict';
// Chromium via playwright-core, axe-core checks and a guard against
// requests to other hosts than the app's.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const RESULTS_DIR = path.resolve(__dirname, '..', 'test-results');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// What a page loads by itself (not documents, not requests a test makes with
// fetch()); the favicon counts as "other".
const SUBRESOURCE_TYPES = new Set(['stylesheet', 'image', 'font', 'script', 'media', 'manifest', 'texttrack', 'other']);

/** Launches headless Chromium (Debian's /usr/bin/chromium unless CHROMIUM_PATH says otherwise). */
async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with "apt-get install -y chromium" ` +
        'or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * Records every request pages of a browser context make. Requests to a host
 * other than the app's are recorded and aborted, so nothing leaves the
 * machine; `assertClean()` fails if there was any. It also records
 * sub-resources (CSS, icons, ...) of the app that failed to load, and
 * console errors (a CSP violation shows up there).
 */
class RequestGuard {
  constructor(appOrigin) {
    this.appOrigin = new URL(appOrigin).origin;
    this.requests = [];
    this.foreign = [];
    this.failedResources = [];
    this.consoleErrors = [];
  }

  async attach(context) {
    context.on('request', (req) => {
      const url = req.url();
      this.requests.push(url);
      if (!this.isLocal(url)) this.foreign.push(`${req.method()} ${url} (${req.resourceType()})`);
    });
    context.on('requestfailed', (req) => {
      if (this.isLocal(req.url()) && SUBRESOURCE_TYPES.has(req.resourceType())) {
        const failure = req.failure();
        const reason = failure ? failure.errorText : 'failed';
        // ERR_ABORTED: the browser cancelled the load because the test moved
        // on to the next page (a late favicon, say); not a fault of the app.
        if (reason === 'net::ERR_ABORTED') return;
        this.failedResources.push(`${req.url()}: ${reason}`);
      }
    });
    context.on('response', (res) => {
      const req = res.request();
      if (SUBRESOURCE_TYPES.has(req.resourceType()) && res.status() >= 400) {
        this.failedResources.push(`${req.url()}: HTTP ${res.status()}`);
      }
    });
    context.on('page', (page) => this.watchPage(page));
    for (const page of context.pages()) this.watchPage(page);
    // Never let a request to another host leave the machine.
    await context.route(
      (url) => !this.isLocal(url.toString()),
      (route) => route.abort('blockedbyclient'),
    );
  }

  watchPage(page) {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium logs every HTTP error status as "Failed to load resource".
      // Error pages (404, 422, ...) are intended; failed sub-resources are
      // recorded from the responses above.
      if (/^Failed to load resource: the server responded with a status of \d+/.test(msg.text())) return;
      this.consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.consoleErrors.push(`${page.url()}: ${err.message}`));
  }

  isLocal(url) {
    if (/^(data|blob|about):/i.test(url)) return true;
    try {
      return new URL(url).origin === this.appOrigin;
    } catch {
      return false;
    }
  }

  problems() {
    const out = [];
    if (this.foreign.length) {
      out.push(`Requests to hosts other than ${this.appOrigin}:\n${this.foreign.map((r) => `  - ${r}`).join('\n')}`);
    }
    if (this.failedResources.length) {
      out.push(`Sub-resources that failed to load:\n${this.failedResources.map((r) => `  - ${r}`).join('\n')}`);
    }
    if (this.consoleErrors.length) {
      out.push(`Console errors:\n${this.consoleErrors.map((r) => `  - ${r}`).join('\n')}`);
    }
    return out;
  }

  assertClean() {
    const problems = this.problems();
    if (problems.length) throw new Error(problems.join('\n'));
  }
}

/**
 * A fresh browser context (own cookies) with a RequestGuard attached, and
 * one page in it. Options go to browser.newContext().
 */
async function openPage(browser, server, options = {}) {
  const context = await browser.newContext({
    locale: 'de-DE',
    extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' },
    ...options,
    baseURL: server.baseURL,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const guard = new RequestGuard(server.origin);
  await guard.attach(context);
  const page = await context.newPage();
  return { context, page, guard };
}

/** Runs axe-core with the WCAG 2.1 A/AA tags and returns its violations. */
async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.passes.length === 0 && results.violations.length === 0) {
    throw new Error(`axe-core checked nothing on ${page.url()} (empty page?)`);
  }
  return results.violations;
}

function formatViolations(violations, label) {
  const lines = [`axe-core: ${violations.length} violation(s) on ${label}`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`    - element ${node.target.join(' ')}`);
      lines.push(`      html: ${node.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (node.failureSummary) {
        for (const l of node.failureSummary.split('\n')) lines.push(`      ${l.trim()}`);
      }
    }
  }
  return lines.join('\n');
}

function pageLabel(page, label) {
  const url = new URL(page.url());
  const where = `${url.pathname}${url.search}`;
  return label ? `${label} (${where})` : where;
}

/**
 * Writes the raw axe violations of a page to test-results/axe-<label>.json
 * for later reading, or removes a file left from an earlier run if the page
 * is clean now.
 */
function saveViolations(label, violations) {
  const name = `axe-${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80)}.json`;
  const file = path.join(RESULTS_DIR, name);
  if (violations.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(violations, null, 2));
}

/** Fails with a readable list if axe-core finds WCAG 2.1 A/AA violations on the page. */
async function checkA11y(page, label, { save = true } = {}) {
  const violations = await axeViolations(page);
  const where = pageLabel(page, label);
  if (save) saveViolations(where, violations);
  if (violations.length) throw new Error(formatViolations(violations, where));
}

/**
 * Like checkA11y, but collects the violations of many pages so that a long
 * journey goes on to the end and reports all pages at once:
 * call `await a11y.check(page, 'label')` on each page and `a11y.assertClean()`
 * at the end of the test.
 */
class A11yLog {
  constructor() {
    this.reports = [];
    this.checked = [];
  }

  /**
   * Option `knownRules`: ids of axe rules that a known app finding violates
   * on this page (tested as `todo`). Their violations are not logged but
   * returned as a readable report (null if there are none); all other
   * violations are logged as usual.
   */
  async check(page, label, { knownRules = [] } = {}) {
    const where = pageLabel(page, label);
    this.checked.push(where);
    const violations = await axeViolations(page);
    saveViolations(where, violations);
    const known = violations.filter((v) => knownRules.includes(v.id));
    const others = violations.filter((v) => !knownRules.includes(v.id));
    if (others.length) this.reports.push(formatViolations(others, where));
    return known.length ? formatViolations(known, where) : null;
  }

  assertClean() {
    if (this.reports.length) {
      throw new Error(
        `Accessibility violations on ${this.reports.length} of ${this.checked.length} checked page(s):\n\n` +
          this.reports.join('\n\n'),
      );
    }
  }
}

/**
 * For WCAG 1.4.10 (Reflow), which axe cannot check: how far the page is
 * wider than the viewport, and which elements stick out. Use with a
 * 320 px wide viewport.
 */
async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el) =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? `.${[...el.classList].join('.')}` : '');
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right > width + 1) {
        // Report the outermost element only.
        if (!wide.some((w) => w.el.contains(el))) wide.push({ el, right: Math.round(el.getBoundingClientRect().right) });
      }
    }
    // Content that sticks out of a box that is narrow enough itself (a long
    // word in a heading, say): report the innermost such element.
    const spilling = [];
    if (wide.length === 0) {
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 1 && getComputedStyle(el).overflowX === 'visible' && r.left + el.scrollWidth > width + 1) spilling.push({ el, right: Math.round(r.left + el.scrollWidth) });
      }
    }
    const innermost = spilling.filter((s) => !spilling.some((o) => o.el !== s.el && s.el.contains(o.el)));
    return {
      viewport: width,
      scrollWidth: document.documentElement.scrollWidth,
      overflowing: [
        ...wide.map((w) => `${describe(w.el)} (right edge at ${w.right}px)`),
        ...innermost.map((s) => `content of ${describe(s.el)} (to ${s.right}px)`),
      ],
    };
  });
}

/** Fails if the page scrolls horizontally (checked at the current viewport width). */
async function checkReflow(page, label) {
  const r = await horizontalOverflow(page);
  if (r.scrollWidth > r.viewport) {
    throw new Error(
      `${pageLabel(page, label)} is ${r.scrollWidth}px wide at a ${r.viewport}px viewport (WCAG 1.4.10 Reflow). ` +
        `Too wide: ${r.overflowing.join(', ') || '(unknown)'}`,
    );
  }
}

/** Saves a full-page screenshot to test-results/<name>.png and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = {
  AXE_TAGS,
  RESULTS_DIR,
  launchBrowser,
  openPage,
  RequestGuard,
  axeViolations,
  checkA11y,
  A11yLog,
  horizontalOverflow,
  checkReflow,
  screenshot,
};
