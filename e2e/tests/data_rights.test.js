'use strict';
// A person's data rights in the browser: download everything as JSON from
// the settings, a wrong password refused with the message at the field, the
// account deleted, and what they wrote shown under "Gelöschtes Konto".
// axe-core (WCAG 2.1 A/AA) runs on every page the journey shows.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { uniqueEmail, submit, heading, flash, pathOf, registerAndVerify, login } = require('../lib/flows');

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

test('a person downloads their data and deletes their account', async () => {
  const a11y = new A11yLog();
  const person = {
    email: uniqueEmail('greta'),
    name: 'Greta Gartenzwerg',
    password: 'herbstlaub-im-park-2026',
  };
  const { context, page, guard } = await openPage(browser, server, { acceptDownloads: true });
  try {
    await registerAndVerify(page, server, person);
    await login(page, person);
    await page.goto('/settings');
    assert.equal(await heading(page), 'Mein Konto');
    await a11y.check(page, 'settings');
    await screenshot(page, 'settings-data-rights');

    // The download holds the profile.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Meine Daten herunterladen (JSON)' }).click(),
    ]);
    const file = await download.path();
    const data = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
    assert.equal(data.profile.email, person.email);
    assert.equal(data.profile.display_name, person.name);

    // A wrong password: the message at the field, nothing deleted.
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Konto löschen' }) });
    await section.getByLabel('Aktuelles Passwort').fill('falsch-geraten');
    await submit(page, 'Konto endgültig löschen', section);
    assert.equal(pathOf(page), '/settings/delete');
    const error = section.locator('.error-message').first();
    assert.match(await error.innerText(), /Das aktuelle Passwort ist falsch/);
    await a11y.check(page, 'settings-delete-error');

    await section.getByLabel('Aktuelles Passwort').fill(person.password);
    await submit(page, 'Konto endgültig löschen', section);
    assert.equal(pathOf(page), '/');
    assert.equal(await flash(page), 'Ihr Konto wurde gelöscht.');
    await a11y.check(page, 'home-after-delete');

    // Logged out; the account no longer opens.
    await page.goto('/login');
    await page.locator('#email').fill(person.email);
    await page.locator('#password').fill(person.password);
    await submit(page, 'Anmelden', page.locator('main'));
    assert.equal(pathOf(page), '/login');
    guard.assertClean();
  } finally {
    await context.close();
  }
  a11y.assertClean();
});

test('legal pages from the footer, and feedback on a barrier', async () => {
  const a11y = new A11yLog();
  const { context, page, guard } = await openPage(browser, server, {});
  try {
    await page.goto('/');
    const footer = page.locator('footer');
    for (const [name, path] of [
      ['Impressum', '/pages/imprint'],
      ['Datenschutz', '/pages/privacy'],
      ['Nutzungsbedingungen', '/pages/terms'],
      ['Leichte Sprache', '/pages/easy-read'],
      ['Barrierefreiheit', '/pages/accessibility'],
    ]) {
      await page.goto('/');
      await footer.getByRole('link', { name, exact: true }).click();
      await page.waitForURL(`**${path}`);
      assert.equal(pathOf(page), path);
      await a11y.check(page, `page-${path}`);
    }
    await screenshot(page, 'accessibility-statement');

    // Feedback without a message: the message at the field, the rest kept.
    await page.getByLabel('Auf welcher Seite?').fill('/processes/1');
    await submit(page, 'Nachricht senden');
    assert.equal(pathOf(page), '/pages/accessibility/feedback');
    assert.equal(await page.getByLabel('Auf welcher Seite?').inputValue(), '/processes/1');
    await a11y.check(page, 'feedback-error');
    await page.getByLabel('Was hat nicht funktioniert?').fill('Der Kontrast der Karte ist zu schwach.');
    await submit(page, 'Nachricht senden');
    assert.equal(pathOf(page), '/pages/accessibility');
    assert.equal(await flash(page), 'Danke! Ihre Nachricht wurde an die Administration gesendet.');
    guard.assertClean();
  } finally {
    await context.close();
  }
  a11y.assertClean();
});
