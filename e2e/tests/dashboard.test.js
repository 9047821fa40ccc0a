'use strict';
// The staff's dashboard and the site settings in the browser: an
// administrator lands on the dashboard after login, downloads a figure as
// CSV, and changes the site's colours (a too-light colour refused with the
// message at the field, a dark one applied to every page). axe-core (WCAG 2.1
// A/AA) runs on each page.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { submit, heading, flash, pathOf, login } = require('../lib/flows');

const ADMIN = { email: 'admin@mitreden.example', password: 'mitreden-demo' };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the dashboard is the start page of staff and every figure downloads', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server, { acceptDownloads: true });
  try {
    await login(page, ADMIN);
    assert.equal(pathOf(page), '/staff/dashboard');
    assert.equal(await heading(page), 'Übersicht in Zahlen');
    assert.ok(await page.locator('svg[role="img"]').count() > 0, 'charts drawn');
    await a11y.check(page, 'dashboard');
    await screenshot(page, 'dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Beteiligung je Woche als CSV herunterladen' }).click(),
    ]);
    const csv = require('node:fs').readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\n');
    assert.match(lines[0], /^Woche ab;Teilnehmende;Beiträge;/);
    const rows = await page.locator('section:has(#activity-h) table tbody tr').count();
    assert.equal(lines.length - 1, rows, 'the CSV holds the table');
    guard.assertClean();
    a11y.assertClean();
  } finally {
    await context.close();
  }
});

test('colours too light are refused, good ones colour the site', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await login(page, ADMIN);
    await page.goto('/admin/settings');
    assert.equal(await heading(page), 'Einstellungen der Website');
    await a11y.check(page, 'settings');

    await page.locator('#color_primary').fill('#ffd966');
    await submit(page, 'Einstellungen speichern', page.locator('main'));
    assert.equal(pathOf(page), '/admin/settings');
    const error = page.locator('#color_primary-error');
    assert.match(await error.innerText(), /Zu hell/);
    assert.equal(await page.locator('#color_primary').getAttribute('aria-invalid'), 'true');
    await a11y.check(page, 'settings-colour-refused');
    await screenshot(page, 'settings-colour-refused');

    await page.locator('#color_primary').fill('#7a1f3d');
    await page.locator('#color_accent').fill('#3d0f1f');
    await submit(page, 'Einstellungen speichern', page.locator('main'));
    assert.equal(await flash(page), 'Die Einstellungen wurden gespeichert.');
    await page.goto('/');
    const header = await page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(header, 'rgb(122, 31, 61)');
    await a11y.check(page, 'home-coloured');
    await screenshot(page, 'home-coloured');

    // Back to the built-in colours for the other tests.
    await page.goto('/admin/settings');
    await page.locator('#color_primary').fill('');
    await page.locator('#color_accent').fill('');
    await submit(page, 'Einstellungen speichern', page.locator('main'));
    assert.equal(await flash(page), 'Die Einstellungen wurden gespeichert.');
    guard.assertClean();
    a11y.assertClean();
  } finally {
    await context.close();
  }
});
