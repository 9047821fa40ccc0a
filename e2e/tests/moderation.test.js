'use strict';
// Reports and the moderation queue in the browser: a citizen reports a
// comment, a moderator hides it from the queue, a reader who keeps the page
// open sees the note replace it at once and another reader sees it after a
// reload, and the author appeals from the link in the statement of reasons.
// axe-core (WCAG 2.1 A/AA) runs on every page the journey shows.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { uniqueEmail, submit, heading, flash, pathOf, login } = require('../lib/flows');

const RUN = Date.now().toString(36);
const DEPARTMENT = `Amt für Grünflächen ${RUN}`;
const STAFF = { email: uniqueEmail('modstaff'), password: 'staff-pass-mod-1', name: 'Team Grün' };
const AUTHOR = { email: uniqueEmail('modauthor'), password: 'author-pass-mod-1', name: 'Arno Autor' };
const REPORTER = { email: uniqueEmail('modreporter'), password: 'reporter-pass-mod-1', name: 'Rosa Ruf' };
const MODERATOR = { email: uniqueEmail('modmia'), password: 'moderator-pass-1', name: 'Mia Moderat' };
const TEXT = `Der Typ von nebenan ist ein Vollidiot ${RUN}`;
const NOTE = 'Ausgeblendet von der Moderation: Netiquette: keine Beleidigungen und persönlichen Angriffe';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  await server.createUser({ ...AUTHOR, role: 'citizen' });
  await server.createUser({ ...REPORTER, role: 'citizen' });
  await server.createUser({ ...MODERATOR, role: 'moderator' });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function as(person, fn) {
  const { context, page, guard } = await openPage(browser, server, {});
  try {
    if (person) await login(page, person);
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

test('a reported comment is hidden by a moderator, live readers see the note, the author appeals', async () => {
  const a11y = new A11yLog();
  let processPath;
  await as(STAFF, async (page) => {
    await page.goto('/processes/new');
    await page.locator('#title').fill(`Neue Bäume im Park ${RUN}`);
    await page.locator('#summary').fill('Wo sollen neue Bäume stehen?');
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(10));
    await submit(page, 'Veröffentlichen');
    processPath = pathOf(page);
    assert.match(processPath, /^\/processes\/\d+$/);
  });
  await as(AUTHOR, async (page) => {
    await page.goto(processPath);
    await page.locator('#new-comment').fill(TEXT);
    await submit(page, 'Beitrag veröffentlichen');
  });

  // The reporter opens the form beside the comment; a missing reason is
  // named at the field and the typed note stays.
  await as(REPORTER, async (page) => {
    await page.goto(processPath);
    const item = page.locator('li.comment', { hasText: TEXT });
    await item.getByRole('link', { name: /Melden/ }).click();
    await page.waitForURL(/\/comments\/\d+\/report$/);
    assert.equal(await heading(page), 'Beitrag melden');
    await a11y.check(page, 'report form');
    await screenshot(page, 'moderation-report-form');
    await page.getByLabel('Ihre Erläuterung').fill('Beleidigt einen Nachbarn');
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
    await submit(page, 'Meldung absenden');
    assert.match(await page.locator('.error-message').first().innerText(), /Bitte wählen Sie einen Grund/);
    assert.equal(await page.getByLabel('Ihre Erläuterung').inputValue(), 'Beleidigt einen Nachbarn');
    await a11y.check(page, 'report form with an error');
    await page.getByLabel('Beleidigung').check();
    await submit(page, 'Meldung absenden');
    assert.equal(await heading(page), 'Danke für Ihre Meldung');
    await a11y.check(page, 'report sent');
  });
  await server.waitForMail(REPORTER.email, { match: /comments\/\d+/ });

  // A reader keeps the discussion open while the moderator decides.
  const reader = await openPage(browser, server, {});
  try {
    const streamOpened = reader.page.waitForResponse((res) => new URL(res.url()).pathname === `${processPath}/live`);
    await reader.page.goto(processPath);
    await streamOpened;
    assert.ok(await reader.page.getByText(TEXT).isVisible());

    await as(MODERATOR, async (page) => {
      await page.goto('/moderation');
      assert.equal(await heading(page), 'Moderation');
      const entry = page.locator('article.queue-entry', { hasText: TEXT });
      assert.match(await entry.innerText(), /Beleidigt einen Nachbarn/);
      await a11y.check(page, 'moderation queue');
      await screenshot(page, 'moderation-queue');
      await entry.getByLabel('Ausblenden').check();
      await entry.getByLabel('Regel', { exact: true }).selectOption('netiquette-insult');
      await entry.getByLabel('Begründung für die Verfasserin oder den Verfasser').fill('Beschimpft einen Nachbarn als Vollidiot.');
      await submit(page, 'Entscheiden', entry);
      assert.equal(pathOf(page), '/moderation');
      assert.equal(await flash(page), 'Die Entscheidung wurde gespeichert.');
      await a11y.check(page, 'moderation queue after the decision');
    });

    await reader.page.getByText(NOTE).waitFor({ timeout: 2000 });
    assert.equal(await reader.page.getByText(TEXT).count(), 0);
    await a11y.check(reader.page, 'live page after the decision');
    reader.guard.assertClean();
  } finally {
    await reader.context.close();
  }
  await as(null, async (page) => {
    await page.goto(processPath);
    assert.ok(await page.getByText(NOTE).isVisible());
    assert.equal(await page.getByText(TEXT).count(), 0);
    await screenshot(page, 'moderation-hidden-note');
  });

  // The author appeals from the statement of reasons.
  const link = await server.waitForLink(AUTHOR.email, /https?:\/\/[^\s]+\/moderation\/decisions\/\d+/);
  await as(AUTHOR, async (page) => {
    await page.goto(new URL(link).pathname);
    assert.equal(await heading(page), 'Entscheidung der Moderation');
    await a11y.check(page, 'decision page');
    await page.getByLabel('Warum halten Sie die Entscheidung für falsch?').fill('Das war nicht so gemeint.');
    await submit(page, 'Widerspruch einlegen');
    assert.equal(await flash(page), 'Ihr Widerspruch ist eingegangen.');
    assert.match(await page.locator('main').innerText(), /Ihr Widerspruch wird geprüft/);
    await a11y.check(page, 'decision page after the appeal');
    await screenshot(page, 'moderation-appeal');
  });
  await as(MODERATOR, async (page) => {
    await page.goto('/moderation');
    const appeal = page.locator('#appeals article.queue-entry');
    assert.match(await appeal.innerText(), /Das war nicht so gemeint/);
    assert.match(await appeal.innerText(), /andere Person aus der Moderation/);
    await a11y.check(page, 'queue with an appeal');
  });
  a11y.assertClean();
});

test('a reported idea is hidden by a moderator and shows the note instead of its text', async () => {
  const a11y = new A11yLog();
  const TITLE = `Nachbar Krause anzeigen ${RUN}`;
  const BODY = `Herr Krause aus Haus 7 parkt immer falsch ${RUN}`;
  let processPath;
  let ideaPath;
  await as(STAFF, async (page) => {
    await page.goto('/processes/new');
    await page.locator('#title').fill(`Parken im Viertel ${RUN}`);
    await page.locator('#summary').fill('Ideen zum Parken');
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(10));
    await page.locator('#ideas_enabled').check();
    await submit(page, 'Veröffentlichen');
    processPath = pathOf(page);
    assert.match(processPath, /^\/processes\/\d+$/);
  });
  await as(AUTHOR, async (page) => {
    await page.goto(`${processPath}/ideas/new`);
    await page.locator('#title').fill(TITLE);
    await page.locator('#body').fill(BODY);
    await submit(page, 'Idee einreichen');
    ideaPath = pathOf(page);
    assert.match(ideaPath, /^\/ideas\/\d+$/);
  });

  await as(REPORTER, async (page) => {
    await page.goto(ideaPath);
    await page.getByRole('link', { name: 'Idee melden' }).click();
    await page.waitForURL(/\/ideas\/\d+\/report$/);
    assert.equal(await heading(page), 'Beitrag melden');
    assert.match(await page.locator('main').innerText(), new RegExp(BODY));
    await a11y.check(page, 'idea report form');
    await screenshot(page, 'moderation-idea-report-form');
    await page.getByLabel('Enthält persönliche Daten').check();
    await page.getByLabel('Ihre Erläuterung').fill('Nennt einen Nachbarn');
    await submit(page, 'Meldung absenden');
    assert.equal(await heading(page), 'Danke für Ihre Meldung');
    await a11y.check(page, 'idea report sent');
  });

  await as(MODERATOR, async (page) => {
    await page.goto('/moderation');
    const entry = page.locator('article.queue-entry', { hasText: BODY });
    assert.match(await entry.innerText(), /Nennt einen Nachbarn/);
    await a11y.check(page, 'moderation queue with an idea');
    await entry.getByLabel('Ausblenden').check();
    await entry.getByLabel('Regel', { exact: true }).selectOption('netiquette-personal-data');
    await entry.getByLabel('Begründung für die Verfasserin oder den Verfasser').fill('Nennt einen Nachbarn mit Namen.');
    await submit(page, 'Entscheiden', entry);
    assert.equal(await flash(page), 'Die Entscheidung wurde gespeichert.');
  });

  await as(null, async (page) => {
    await page.goto(ideaPath);
    assert.match(await page.locator('.moderation-note').innerText(), /Ausgeblendet von der Moderation/);
    assert.equal(await page.getByText(BODY).count(), 0);
    assert.equal(await page.getByText(TITLE).count(), 0);
    await a11y.check(page, 'hidden idea');
    await screenshot(page, 'moderation-hidden-idea');
    await page.goto(`${processPath}/ideas`);
    assert.equal(await page.getByText(TITLE).count(), 0);
    await a11y.check(page, 'idea list with a hidden idea');
  });
  a11y.assertClean();
});
