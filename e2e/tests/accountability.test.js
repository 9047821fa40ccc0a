'use strict';
// Accountability for answers in the browser: staff set by when a process's
// ideas are answered (a bad period refused with the message at the field,
// the typed values kept), the process page states the promise, and the
// public accountability pages show the figures as a table; idea pages carry
// their deadline. axe-core (WCAG 2.1 A/AA) runs on each page.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { submit, follow, heading, flash, pathOf, login, text, uniqueEmail } = require('../lib/flows');

const PROCESS = 'Mehr Platz fürs Rad: Radverkehrskonzept Altona';
const DEPARTMENT = 'Bezirksamt Altona';
const STAFF = { email: uniqueEmail('altona-staff'), password: 'altona-staff-pass-7', name: 'Team Radverkehr' };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Staff of the department that runs the demo's ideas process.
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('staff set the answer period and the public page shows the figures', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await login(page, STAFF);
    await page.goto('/processes');
    await follow(page, PROCESS);
    const processPath = pathOf(page);
    await follow(page, 'Verfahren bearbeiten');
    assert.equal(await heading(page), 'Verfahren bearbeiten');
    // The demo promises six weeks.
    assert.equal(await page.locator('#answer_period').inputValue(), '6');
    assert.equal(await page.locator('#answer_unit').inputValue(), 'weeks');

    await page.locator('#answer_period').fill('vier');
    await page.locator('#answer_threshold').fill('2');
    const refused = await submit(page, 'Speichern', page.locator('main form'));
    assert.equal(refused.status(), 422);
    assert.equal(
      await text(page.locator('#answer_period-error')),
      'Fehler: Bitte die Frist als ganze Zahl angeben, zum Beispiel 6.',
    );
    assert.equal(await page.locator('#answer_period').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#answer_period').inputValue(), 'vier', 'typed values are kept');
    assert.equal(await page.locator('#answer_threshold').inputValue(), '2');
    await a11y.check(page, 'process form, answer period refused');
    await screenshot(page, 'accountability-period-refused');

    await page.locator('#answer_period').fill('4');
    await page.locator('#answer_threshold').fill('0');
    await submit(page, 'Speichern', page.locator('main form'));
    assert.equal(pathOf(page), processPath);
    assert.equal(await flash(page), 'Das Verfahren wurde gespeichert.');
    assert.match(
      await text(page.locator('.answer-promise')),
      /^Die Verwaltung beantwortet jede Idee innerhalb von 28 Tagen nach Ende der Beteiligung, also bis zum .+\. Wie pünktlich antwortet die Behörde\?$/,
    );
    await a11y.check(page, 'process page with its promise');

    // An idea of the process shows by when it is answered.
    await page.goto(`${processPath}/ideas`);
    const due = page.locator('.idea-cards .answer-due');
    assert.ok(await due.count() > 0, 'cards show their deadline');
    assert.match(await text(due.first()), /^Antwort fällig bis /);

    // The public page, read by a visitor.
    const visitor = await openPage(browser, server);
    try {
      const v = visitor.page;
      await v.goto('/');
      await follow(v, 'Rechenschaft: Antworten der Verwaltung');
      assert.equal(pathOf(v), '/accountability');
      assert.equal(await heading(v), 'Antworten der Verwaltung');
      const table = v.locator('table.accountability-table');
      assert.equal(await text(table.locator('caption')), 'Ideen, die beantwortet werden müssen, nach zuständiger Behörde');
      const headers = await table.locator('thead th').allInnerTexts();
      assert.deepEqual(headers.map((h) => h.trim()), [
        'Behörde', 'Zu beantworten', 'Fristgerecht beantwortet', 'Verspätet beantwortet',
        'Offen, Frist läuft', 'Überfällig', 'Median Tage bis zur Antwort',
      ]);
      const row = table.locator('tbody tr', { has: v.getByRole('rowheader', { name: DEPARTMENT }) });
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
      const n = (s) => Number(s.replace(/\./g, ''));
      assert.ok(n(cells[0]) > 0, `ideas to answer: ${cells}`);
      assert.equal(n(cells[0]), n(cells[1]) + n(cells[2]) + n(cells[3]) + n(cells[4]), 'the parts add up');
      assert.equal(n(cells[4]), 0, 'nothing overdue while participation runs');
      await a11y.check(v, 'accountability');
      await screenshot(v, 'accountability');

      await follow(v, DEPARTMENT, table);
      assert.equal(await heading(v), `Antworten der Verwaltung: ${DEPARTMENT}`);
      await a11y.check(v, 'accountability of a department');
      visitor.guard.assertClean();
    } finally {
      await visitor.context.close();
    }
    guard.assertClean();
    a11y.assertClean();
  } finally {
    await context.close();
  }
});
