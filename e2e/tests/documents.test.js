'use strict';
// Documents in the browser: staff publish a PDF for a process (first a file
// that only claims to be a PDF, refused beside the file field with the typed
// text kept), a visitor finds it in the publications library (filters and
// search box) and in the site search, opens its page and downloads it. The
// demo's finished process lists its three publications. axe-core (WCAG 2.1
// A/AA) runs on every page shown; screenshots go to test-results/.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot, checkReflow } = require('../lib/browser');
const { uniqueEmail, navigate, submit, text, heading, flash, pathOf, login } = require('../lib/flows');

const RUN = Date.now().toString(36);
const STAFF = {
  email: uniqueEmail('docs-staff'),
  password: 'docs-staff-pass-9',
  name: 'Team Veröffentlichungen',
};
const TITLE = `Protokoll der Bürgerwerkstatt ${RUN}`;

let server;
let browser;
/** A small real PDF: the demo's guideline, fetched from the server. */
let pdfBytes;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The demo department of the Social Media process, so the staff may attach to it.
  await server.createUser({ ...STAFF, role: 'staff', department: 'Finanzbehörde' });
  const res = await fetch(`${server.origin}/documents/1/download`);
  assert.equal(res.status, 200);
  pdfBytes = Buffer.from(await res.arrayBuffer());
  assert.ok(pdfBytes.subarray(0, 5).toString() === '%PDF-');
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function withPage(fn, options = {}) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

async function socialMediaProcess(page) {
  await page.goto('/search?q=Social+Media+Hamburger+Verwaltung');
  const link = page.locator('.search-results a[href^="/processes/"]').first();
  const href = await link.getAttribute('href');
  return Number(href.match(/\/processes\/(\d+)/)[1]);
}

test('staff publish a document, refused first for a false PDF', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, STAFF);
    const processId = await socialMediaProcess(page);
    await page.goto('/documents');
    await navigate(page, () => page.getByRole('link', { name: 'Dokument veröffentlichen' }).click());
    assert.equal(pathOf(page), '/staff/documents/new');
    await a11y.check(page, 'upload form');

    await page.locator('#title').fill(TITLE);
    await page.locator('#description').fill('Ergebnisse der Bürgerwerkstatt zur Social-Media-Nutzung.');
    await page.locator('#doc_type').selectOption('minutes');
    await page.locator('#doc_date').fill('2012-02-15');
    await page.locator('#attach').selectOption(`process:${processId}`);
    await page.locator('#file').setInputFiles({
      name: 'protokoll.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Nur Text, kein PDF.'),
    });
    const refused = await submit(page, 'Veröffentlichen');
    assert.equal(refused.status(), 422);
    const fileError = page.locator('.field:has(#file) > .error-message');
    assert.match(await text(fileError), /Diese Datei ist kein PDF/);
    assert.equal(await page.locator('#title').inputValue(), TITLE, 'the typed title stays');
    assert.equal(await page.locator('#doc_type').inputValue(), 'minutes');
    await a11y.check(page, 'upload form with error');
    await screenshot(page, 'documents-upload-error');

    await page.locator('#file').setInputFiles({
      name: 'protokoll.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes,
    });
    await submit(page, 'Veröffentlichen');
    assert.match(pathOf(page), /^\/documents\/\d+$/);
    assert.equal(await flash(page), 'Das Dokument ist veröffentlicht.');
    assert.equal(await heading(page), TITLE);
    await a11y.check(page, 'document page (staff)');
    await screenshot(page, 'documents-page-staff');
  });
  a11y.assertClean();
});

test('a visitor finds the document in the library and the search, and downloads it', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await page.goto('/');
    await navigate(page, () => page.locator('header').getByRole('link', { name: 'Veröffentlichungen' }).click());
    assert.equal(await heading(page), 'Veröffentlichungen');
    await a11y.check(page, 'library');
    await screenshot(page, 'documents-library');

    // Filters and the search box.
    await page.locator('#type').selectOption('minutes');
    await page.locator('#q').fill('Bürgerwerkstatt');
    await submit(page, 'Anzeigen');
    const items = page.locator('.document-item');
    assert.equal(await items.count(), 1);
    assert.equal(await text(items.first().locator('.document-title')), TITLE);
    const facts = await text(items.first().locator('.file-facts'));
    assert.match(facts, /^\(PDF, [\d,]+ KB, \d+ Seiten?\)$/);
    await a11y.check(page, 'library filtered');

    // Text inside the PDF is searched too (the demo guideline's wording).
    await page.locator('#type').selectOption('');
    await page.locator('#q').fill('Verlässlichkeit Seriosität');
    await submit(page, 'Anzeigen');
    assert.ok((await page.locator('.document-item').count()) >= 1);

    await page.goto(`/search?q=${encodeURIComponent('Bürgerwerkstatt')}`);
    const hit = page.locator('.search-results li', { hasText: TITLE });
    assert.equal(await text(hit.locator('.meta')), 'Dokument');
    await a11y.check(page, 'site search');
    await navigate(page, () => hit.getByRole('link', { name: TITLE }).click());
    assert.equal(await heading(page), TITLE);
    assert.ok(await page.locator('img.document-preview').isVisible(), 'a first-page preview');
    await a11y.check(page, 'document page');
    await screenshot(page, 'documents-page');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `„${TITLE}“ herunterladen` }).first().click(),
    ]);
    assert.equal(download.suggestedFilename(), `${TITLE}.pdf`);
    const file = await download.path();
    const got = require('node:fs').readFileSync(file);
    assert.ok(got.equals(pdfBytes), 'the downloaded file is the uploaded one');
  });
  a11y.assertClean();
});

test('the finished process lists its publications', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    const id = await socialMediaProcess(page);
    await page.goto(`/processes/${id}`);
    const section = page.locator('section.documents');
    const titles = (await section.locator('.document-title').allInnerTexts()).map((t) => t.trim());
    for (const t of [
      'Leitfaden Social Media in der Hamburgischen Verwaltung',
      'Social-Media-Guidelines für Beschäftigte',
      'Abschlussbericht: Befragung der Beschäftigten zu Social Media',
      TITLE,
    ]) {
      assert.ok(titles.includes(t), `${t} in ${titles.join(' | ')}`);
    }
    await a11y.check(page, 'process page with documents');
    await section.screenshot({ path: require('node:path').join(require('../lib/browser').RESULTS_DIR, 'documents-process.png') });
  });
  a11y.assertClean();
});

test('the library and a document page reflow to 320 CSS pixels', async () => {
  await withPage(
    async (page) => {
      await page.goto('/documents');
      await checkReflow(page, 'library at 320 px');
      await screenshot(page, 'documents-library-320');
      await page.goto('/documents/1');
      await checkReflow(page, 'document page at 320 px');
    },
    { viewport: { width: 320, height: 640 } },
  );
});
