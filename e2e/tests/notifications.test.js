'use strict';
// Notifications in the browser: a citizen follows a process (share links on
// its page), changes her notification settings, sees "1 neu" in the header
// after a reply to her comment, reads the list, and turns the mails off with
// the unsubscribe link of the mail, without logging in. axe-core (WCAG 2.1
// A/AA) runs on every page the journey shows.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { uniqueEmail, submit, heading, flash, pathOf, login, text } = require('../lib/flows');

const RUN = Date.now().toString(36);
const DEPARTMENT = `Bezirksamt Nord ${RUN}`;
const STAFF = { email: uniqueEmail('notify-staff'), password: 'staff-pass-456', name: 'Team Nord' };
const alma = { email: uniqueEmail('alma'), password: 'alma-pass-123', name: 'Alma Amsel' };
const bruno = { email: uniqueEmail('bruno'), password: 'bruno-pass-123', name: 'Bruno Buchfink' };
const PROCESS = { id: null, title: `Spielplätze im Norden ${RUN}`, summary: 'Welche Spielplätze brauchen was?' };

let server;
let browser;

function pad(n) {
  return String(n).padStart(2, '0');
}

function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  for (const p of [alma, bruno]) await server.createUser({ ...p, role: 'citizen' });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('a citizen follows, sets, sees and unsubscribes from notifications', async () => {
  const a11y = new A11yLog();
  const staff = await openPage(browser, server);
  const a = await openPage(browser, server);
  const b = await openPage(browser, server);
  try {
    // Staff publish a process open for participation.
    await login(staff.page, STAFF);
    await staff.page.goto('/processes/new');
    await staff.page.locator('#title').fill(PROCESS.title);
    await staff.page.locator('#summary').fill(PROCESS.summary);
    await staff.page.locator('#department_id').selectOption({ label: DEPARTMENT });
    await staff.page.locator('#participation_from').fill(isoDay(-1));
    await staff.page.locator('#participation_until').fill(isoDay(20));
    await submit(staff.page, 'Veröffentlichen');
    const m = pathOf(staff.page).match(/^\/processes\/(\d+)$/);
    assert.ok(m, `publishing redirects to the process page (now ${staff.page.url()})`);
    PROCESS.id = Number(m[1]);

    // Alma follows the process; its page offers share links.
    const page = a.page;
    await login(page, alma);
    await page.goto(`/processes/${PROCESS.id}`);
    const share = page.locator('section.share');
    assert.equal(await share.getByRole('link', { name: 'Mastodon' }).count(), 1);
    assert.match(await share.getByRole('link', { name: 'E-Mail' }).getAttribute('href'), /^mailto:\?subject=/);
    await submit(page, 'Verfahren folgen');
    assert.equal(await flash(page), 'Sie folgen diesem Beteiligungsverfahren.');
    assert.equal(await page.getByRole('button', { name: 'Nicht mehr folgen', exact: true }).count(), 1);
    await a11y.check(page, 'process page, following');
    await screenshot(page, 'notifications-process-follow-share');

    // The Mastodon chooser asks for the server.
    await share.getByRole('link', { name: 'Mastodon' }).click();
    await page.waitForURL(/\/share\/mastodon/);
    assert.equal(await heading(page), 'Auf Mastodon teilen');
    await page.locator('#instance').fill('kein server');
    await submit(page, 'Weiter zu Mastodon');
    assert.match(await text(page.locator('.error-summary')), /Servernamen/);
    await a11y.check(page, 'mastodon chooser with error');

    // Settings: replies weekly, then back to at once.
    await page.goto('/settings/notifications');
    assert.equal(await heading(page), 'Einstellungen für Mitteilungen');
    await a11y.check(page, 'notification settings');
    const replies = page.getByRole('group', { name: 'Antworten auf meine Kommentare' });
    assert.equal(await replies.getByLabel('sofort').isChecked(), true);
    await replies.getByLabel('wöchentlich').check();
    await submit(page, 'Einstellungen speichern');
    assert.equal(await flash(page), 'Ihre Einstellungen für Mitteilungen wurden gespeichert.');
    assert.equal(await page.getByRole('group', { name: 'Antworten auf meine Kommentare' }).getByLabel('wöchentlich').isChecked(), true);
    await page.getByRole('group', { name: 'Antworten auf meine Kommentare' }).getByLabel('sofort').check();
    await submit(page, 'Einstellungen speichern');
    await screenshot(page, 'notifications-settings');

    // Alma comments, Bruno replies.
    await page.goto(`/processes/${PROCESS.id}`);
    await page.locator('#new-comment').fill('Der Spielplatz am Teich braucht eine neue Schaukel.');
    await submit(page, 'Beitrag veröffentlichen');
    const commentId = new URL(page.url()).hash.replace('#comment-', '');
    assert.match(commentId, /^\d+$/);

    const before = server.mailFiles();
    await login(b.page, bruno);
    await b.page.goto(`/processes/${PROCESS.id}`);
    const details = b.page.locator(`#comment-${commentId} details.reply`).first();
    await details.locator('summary').click();
    await b.page.locator(`#reply-${commentId}`).fill('Ja, und eine Rutsche für die Kleinen.');
    await submit(b.page, 'Antwort veröffentlichen', details);

    // The header count, then the list; reading marks them read.
    await page.goto('/');
    const count = page.locator('header .notification-count');
    assert.equal(await text(count), '1 neu');
    await a11y.check(page, 'home with the notification count');
    await screenshot(page, 'notifications-header-count');
    await page.goto('/notifications');
    assert.equal(await heading(page), 'Mitteilungen');
    assert.match(await text(page.locator('.notification-list')), /Rutsche für die Kleinen/);
    await a11y.check(page, 'notification list');
    await screenshot(page, 'notifications-list');
    await submit(page, 'Alle als gelesen markieren');
    assert.equal(await flash(page), 'Alle Mitteilungen sind als gelesen markiert.');
    assert.equal(await text(page.locator('header .notification-count')), '');

    // The mail, with its one-click unsubscribe headers and link.
    const mail = await server.waitForMail(alma.email, { ignore: before, match: /Rutsche/ });
    assert.match(mail.headers['list-unsubscribe'], /^<http:\/\/[^>]+\/unsubscribe\/[^>]+>$/);
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    const link = mail.body.match(/http:\/\/\S+\/unsubscribe\/\S+/)[0];

    // Followed in a browser that is not logged in.
    const anon = await openPage(browser, server);
    try {
      await anon.page.goto(new URL(link).pathname);
      assert.equal(await heading(anon.page), 'E-Mails abbestellen');
      await a11y.check(anon.page, 'unsubscribe page');
      await submit(anon.page, 'Abbestellen');
      assert.match(await text(anon.page.locator('main')), /Erledigt/);
      await a11y.check(anon.page, 'unsubscribed');
      anon.guard.assertClean();
    } finally {
      await anon.context.close();
    }
    await page.goto('/settings/notifications');
    assert.equal(await page.getByRole('group', { name: 'Antworten auf meine Kommentare' }).getByLabel('aus').isChecked(), true);
    for (const p of [staff, a, b]) p.guard.assertClean();
  } finally {
    for (const p of [staff, a, b]) await p.context.close();
  }
  a11y.assertClean();
});
