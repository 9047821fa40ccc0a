'use strict';
// The open data API in the browser: the readable API page (axe), and an
// administrator, who is staff too, creating a personal API token in the
// settings, seeing it once, using it, and revoking it (axe on each page).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { submit, heading, flash, login } = require('../lib/flows');

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

test('the API page explains the open data API', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await page.goto('/api');
    assert.equal(await heading(page), 'Offene Daten: die Programmierschnittstelle (API)');
    assert.ok(await page.getByRole('heading', { name: 'GET /api/v1/ideas', exact: true }).isVisible());
    await a11y.check(page, 'api-page');
    await screenshot(page, 'api-page');
    const res = await page.request.get('/api/v1/openapi.json');
    assert.equal(res.status(), 200);
    const doc = await res.json();
    assert.ok(doc.paths['/api/v1/processes']);
    guard.assertClean();
  } finally {
    await context.close();
  }
  a11y.assertClean();
});

test('staff create a token in the settings, see it once, and revoke it', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await login(page, ADMIN);
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Persönliche API-Schlüssel' }).click();
    assert.equal(await heading(page), 'Persönliche API-Schlüssel');
    await a11y.check(page, 'api-tokens');

    // Without a scope: the message at the field.
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Schlüssel erstellen' }) });
    await page.getByLabel('Name', { exact: true }).fill('Fachverfahren');
    await submit(page, 'Schlüssel erstellen', form);
    assert.match(await page.locator('#scopes-error').innerText(), /mindestens eine Berechtigung/);
    await a11y.check(page, 'api-tokens-error');

    await page.getByLabel(/comments:write/).check();
    await submit(page, 'Schlüssel erstellen', form);
    const token = await page.locator('#api-token-value').inputValue();
    assert.match(token, /^mtr_[0-9a-f]{64}$/);
    await a11y.check(page, 'api-token-created');
    await screenshot(page, 'api-token-created');

    // The token writes a comment on a process.
    const list = await (await page.request.get('/api/v1/processes?limit=1')).json();
    const id = list.items[0].id;
    const post = (t) => page.request.post(`/api/v1/processes/${id}/comments`, {
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      data: JSON.stringify({ body: 'Geschrieben über die Schnittstelle', parent_id: null }),
    });
    const first = await post(token);
    assert.ok([200, 400].includes(first.status()), `status ${first.status()}`);

    // Revoked: listed as such, and it opens nothing any more.
    await page.goto('/settings/api-tokens');
    await submit(page, 'Widerrufen Fachverfahren', page.locator('table.api-tokens'));
    assert.equal(await flash(page), 'Der Schlüssel wurde widerrufen.');
    await a11y.check(page, 'api-token-revoked');
    assert.equal((await post(token)).status(), 401);
    guard.assertClean();
  } finally {
    await context.close();
  }
  a11y.assertClean();
});
