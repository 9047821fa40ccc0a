'use strict';
// Pre-moderation and suspensions in the browser: staff switch pre-moderation
// on in the process form; a citizen's comment then shows only to them,
// marked "wartet auf Prüfung"; a moderator approves it in the list of held
// contributions and everyone sees it; an idea waits the same way. A suspended person still reads, sees
// the reason and the end on every page, and cannot write.
// axe-core (WCAG 2.1 A/AA) runs on every page the journeys show.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { uniqueEmail, submit, heading, flash, pathOf, registerAndVerify, login } = require('../lib/flows');

const RUN = Date.now().toString(36);
const DEPARTMENT = `Amt für Vorabprüfung ${RUN}`;
const STAFF = { email: uniqueEmail('staff'), password: 'staff-pass-123', name: 'Team Vorabprüfung' };
const MODERATOR = { email: uniqueEmail('mod'), password: 'moderation-pass-123', name: 'Moderation Mitte' };
const ADMIN = { email: uniqueEmail('admin'), password: 'admin-pass-123456', name: 'Verwaltung Plattform' };
const citizen = { email: uniqueEmail('hanna'), name: 'Hanna Hafen', password: 'hanna-am-hafen-2026' };
const TITLE = `Neue Bänke am Hafen ${RUN}`;
const COMMENT = 'Bitte auch Bänke mit Lehne für ältere Menschen.';

let server;
let browser;

function isoDay(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  await server.createUser({ ...MODERATOR, role: 'moderator' });
  await server.createUser({ ...ADMIN, role: 'admin' });
  const { context, page, guard } = await openPage(browser, server);
  try {
    await registerAndVerify(page, server, citizen);
    guard.assertClean();
  } finally {
    await context.close();
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function withPage(fn) {
  const { context, page, guard } = await openPage(browser, server);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

let processPath = null;

test('a comment in a pre-moderated process waits for review until a moderator approves it', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/new');
    await page.locator('#title').fill(TITLE);
    await page.locator('#summary').fill('Wo sollen neue Bänke stehen?');
    await page.locator('#department_id').selectOption({ label: DEPARTMENT });
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(20));
    await page.getByLabel('Neue Beiträge erst nach Prüfung veröffentlichen').check();
    await a11y.check(page, 'process form with pre-moderation');
    await submit(page, 'Veröffentlichen');
    const m = pathOf(page).match(/^\/processes\/(\d+)$/);
    assert.ok(m, `publishing redirects to the process page (now ${page.url()})`);
    processPath = pathOf(page);
  });

  let commentId = null;
  await withPage(async (page) => {
    await login(page, citizen);
    await page.goto(processPath);
    await page.locator('#new-comment').fill(COMMENT);
    await submit(page, 'Beitrag veröffentlichen');
    assert.equal(await flash(page), 'Danke! Ihr Kommentar wird vor der Veröffentlichung geprüft.');
    const m = new URL(page.url()).hash.match(/^#comment-(\d+)$/);
    assert.ok(m, page.url());
    commentId = Number(m[1]);
    const mine = page.locator(`li#comment-${commentId} > article`);
    assert.match(await mine.locator('.comment-body').innerText(), /Bänke mit Lehne/);
    assert.equal((await mine.locator('.held-mark').innerText()).trim(), 'wartet auf Prüfung');
    await a11y.check(page, 'process page, author of a held comment');
    await screenshot(page, 'held-comment-author');
  });

  // A visitor does not see it.
  await withPage(async (page) => {
    await page.goto(processPath);
    assert.equal(await page.locator(`li#comment-${commentId}`).count(), 0);
  });

  await withPage(async (page) => {
    await login(page, MODERATOR);
    await page.goto('/moderation/held');
    assert.equal(await heading(page), 'Zurückgehaltene Beiträge');
    const card = page.locator(`#held-${commentId}`);
    assert.match(await card.innerText(), /Bänke mit Lehne/);
    await a11y.check(page, 'held list');
    await screenshot(page, 'held-list');
    await submit(page, `Freigeben (Kommentar von ${citizen.name})`, card);
    assert.equal(pathOf(page), '/moderation/held');
    assert.equal(await flash(page), 'Der Beitrag ist freigegeben.');
    await a11y.check(page, 'held list, empty');
  });

  await withPage(async (page) => {
    await page.goto(processPath);
    const c = page.locator(`li#comment-${commentId} > article`);
    assert.match(await c.locator('.comment-body').innerText(), /Bänke mit Lehne/);
    assert.equal(await c.locator('.held-mark').count(), 0);
    await a11y.check(page, 'process page, visitor, approved comment');
  });
  a11y.assertClean();
});

test('an idea in a pre-moderated process waits for review until a moderator approves it', async () => {
  const a11y = new A11yLog();
  const IDEA = `Trinkbrunnen am Hafen ${RUN}`;
  let ideasProcess = null;
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/new');
    await page.locator('#title').fill(`Ideen für den Hafen ${RUN}`);
    await page.locator('#summary').fill('Was fehlt am Hafen?');
    await page.locator('#department_id').selectOption({ label: DEPARTMENT });
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(20));
    await page.locator('#ideas_enabled').check();
    await page.getByLabel('Neue Beiträge erst nach Prüfung veröffentlichen').check();
    await submit(page, 'Veröffentlichen');
    assert.match(pathOf(page), /^\/processes\/\d+$/, page.url());
    ideasProcess = pathOf(page);
  });

  let ideaPath = null;
  await withPage(async (page) => {
    await login(page, citizen);
    await page.goto(`${ideasProcess}/ideas/new`);
    await page.locator('#title').fill(IDEA);
    await page.locator('#body').fill('Frisches Trinkwasser für alle, die am Hafen unterwegs sind.');
    await a11y.check(page, 'idea form with honeypot and stamp');
    await submit(page, 'Idee einreichen');
    assert.match(pathOf(page), /^\/ideas\/\d+$/, page.url());
    ideaPath = pathOf(page);
    assert.equal(await flash(page), 'Danke! Ihre Idee wird vor der Veröffentlichung geprüft. Bis dahin sehen nur Sie sie.');
    assert.equal(await heading(page), IDEA);
    assert.equal((await page.locator('#held-mark').innerText()).trim(), 'wartet auf Prüfung');
    await a11y.check(page, 'idea page, author of a held idea');
    await screenshot(page, 'held-idea-author');
  });

  // Another reader finds it nowhere.
  await withPage(async (page) => {
    const res = await page.goto(ideaPath);
    assert.equal(res.status(), 404);
    await a11y.check(page, 'held idea, another reader');
    await page.goto(`${ideasProcess}/ideas`);
    assert.doesNotMatch(await page.locator('main').innerText(), /Trinkbrunnen/);
    await a11y.check(page, 'ideas list without the held idea');
  });

  await withPage(async (page) => {
    await login(page, MODERATOR);
    await page.goto('/moderation/held');
    const id = ideaPath.split('/').pop();
    const card = page.locator(`#held-idea-${id}`);
    assert.match(await card.innerText(), /Trinkbrunnen am Hafen/);
    assert.match(await card.innerText(), new RegExp(`Idee von ${citizen.name}`));
    await a11y.check(page, 'held list with an idea');
    await screenshot(page, 'held-list-idea');
    await submit(page, `Freigeben (Idee von ${citizen.name})`, card);
    assert.equal(pathOf(page), '/moderation/held');
    assert.equal(await flash(page), 'Der Beitrag ist freigegeben.');
  });

  await withPage(async (page) => {
    await page.goto(ideaPath);
    assert.equal(await heading(page), IDEA);
    assert.equal(await page.locator('#held-mark').count(), 0);
    await a11y.check(page, 'idea page, visitor, approved idea');
    await page.goto(`${ideasProcess}/ideas`);
    assert.match(await page.locator('main').innerText(), /Trinkbrunnen am Hafen/);
    await a11y.check(page, 'ideas list with the approved idea');
  });
  a11y.assertClean();
});

test('a suspended person reads, sees the reason and cannot write', async () => {
  assert.ok(processPath, 'the process of the first test exists');
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, ADMIN);
    // From the administrators' list of people to the form.
    await page.goto(`/admin/users?q=${encodeURIComponent(citizen.email)}`);
    await page.getByRole('link', { name: `Sperren (${citizen.name})` }).click();
    await page.waitForLoadState();
    assert.match(pathOf(page), /^\/moderation\/users\/\d+\/suspend$/);
    assert.equal(await heading(page), `${citizen.name} sperren`);
    await a11y.check(page, 'suspend form');
    // No reason: the message at the field, the date kept.
    await page.locator('#until').fill(isoDay(7));
    await page.locator('#reason').evaluate((el) => el.removeAttribute('required'));
    await submit(page, 'Sperren');
    assert.match(await page.locator('.error-message').first().innerText(), /Bitte füllen Sie dieses Feld aus/);
    assert.equal(await page.locator('#until').inputValue(), isoDay(7));
    await a11y.check(page, 'suspend form with error');
    await page.locator('#reason').fill('Wiederholte Beleidigungen');
    await submit(page, 'Sperren');
    assert.equal(pathOf(page), '/moderation/suspensions');
    assert.equal(await flash(page), 'Die Person ist gesperrt.');
    assert.match(await page.locator('main').innerText(), /Wiederholte Beleidigungen/);
    await a11y.check(page, 'suspensions list');
    await screenshot(page, 'suspensions-list');
  });
  await withPage(async (page) => {
    await login(page, citizen);
    await page.goto(processPath);
    const notice = page.locator('.suspension-notice');
    assert.match(await notice.innerText(), /Ihr Konto ist gesperrt/);
    assert.match(await notice.innerText(), /Wiederholte Beleidigungen/);
    assert.match(await notice.innerText(), /bis einschließlich/);
    await a11y.check(page, 'process page, suspended');
    await screenshot(page, 'suspended-notice');
    await page.locator('#new-comment').fill('Ein Kommentar trotz Sperre');
    await submit(page, 'Beitrag veröffentlichen');
    assert.match(await page.locator('main').innerText(), /Sie können lesen, aber nichts schreiben/);
    assert.equal(await page.locator('#new-comment').inputValue(), 'Ein Kommentar trotz Sperre');
    await a11y.check(page, 'comment refused, suspended');
  });
  await withPage(async (page) => {
    await login(page, MODERATOR);
    await page.goto('/moderation/suspensions');
    await submit(page, `Sperre aufheben (${citizen.name})`);
    assert.equal(await flash(page), 'Die Sperre ist aufgehoben.');
    assert.match(await page.locator('main').innerText(), /Zurzeit ist niemand gesperrt/);
    await a11y.check(page, 'suspensions list, empty');
  });
  a11y.assertClean();
});
