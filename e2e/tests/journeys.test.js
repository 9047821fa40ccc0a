'use strict';
// Journeys of issue 13 (points 8, 9, 10, 12): an author edits an idea (a new
// version in the history) and withdraws it with a reason; an open survey
// answered twice (a person once, a browser told it answered); a document
// linked to a process chosen by its title; an administrator's role change
// that keeps the list's search, filter and page. axe-core (WCAG 2.1 A/AA) on
// every page state; screenshots of the admin users page at 1280 and 320 px.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, screenshot } = require('../lib/browser');
const {
  uniqueEmail,
  navigate,
  submit,
  follow,
  text,
  heading,
  flash,
  pathOf,
  registerAndVerify,
  login,
  logout,
} = require('../lib/flows');

const ADMIN = { email: 'admin@mitreden.example', password: 'mitreden-demo' };
const RUN = Date.now().toString(36);
const ida = { email: uniqueEmail('ida'), name: 'Ida Ideenreich', password: 'ida-hat-ideen-2026' };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await registerAndVerify(page, server, ida);
    guard.assertClean();
  } finally {
    await context.close();
  }
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

const pad = (n) => String(n).padStart(2, '0');
function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// A process of the administrator's, open for ideas and surveys.
const PROCESS = { id: null, title: `Stadtplatz Ottensen ${RUN}` };

test('the administrator opens a process for ideas', async () => {
  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto('/processes/new');
    await page.locator('#title').fill(PROCESS.title);
    await page.locator('#summary').fill('Wie soll der Platz aussehen?');
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(20));
    await page.locator('#ideas_enabled').check();
    await submit(page, 'Veröffentlichen');
    PROCESS.id = Number(pathOf(page).match(/^\/processes\/(\d+)$/)[1]);
  });
});

test('an author edits the idea as a new version and withdraws it with a reason', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, ida);
    await page.goto(`/processes/${PROCESS.id}/ideas/new`);
    await page.locator('#title').fill('Bänke im Schatten');
    await page.locator('#body').fill('Unter den Linien sollen Bänke stehen.');
    await submit(page, 'Idee einreichen');
    const ideaPath = pathOf(page);
    assert.match(ideaPath, /^\/ideas\/\d+$/);

    await follow(page, 'Idee bearbeiten oder zurückziehen');
    assert.equal(pathOf(page), `${ideaPath}/edit`);
    await a11y.check(page, 'edit form');
    await screenshot(page, 'idea-edit-1280');
    await page.locator('#title').fill('');
    const bad = await submit(page, 'Neue Version speichern');
    assert.equal(bad.status(), 422);
    assert.equal(await page.locator('#body').inputValue(), 'Unter den Linien sollen Bänke stehen.');
    await a11y.check(page, 'edit form with an error');
    await page.locator('#title').fill('Bänke im Schatten der Linden');
    await page.locator('#body').fill('Unter den Linden sollen Bänke und ein Trinkbrunnen stehen.');
    await submit(page, 'Neue Version speichern');
    assert.equal(pathOf(page), ideaPath);
    assert.equal(await flash(page), 'Ihre Änderung wurde als neue Version gespeichert.');
    assert.equal(await heading(page), 'Bänke im Schatten der Linden');
    assert.match(await text(page.locator('.idea-versions')), /Version 2 von Ida Ideenreich/);
    await a11y.check(page, 'idea with two versions');
    await screenshot(page, 'idea-versions-1280');
    await follow(page, 'Änderungen in Version 2');
    assert.match(await text(page.locator('main')), /Trinkbrunnen/);
    await a11y.check(page, 'the changes of version 2');

    // Withdrawal: the reason is required.
    await page.goto(`${ideaPath}/edit`);
    const noReason = await submit(page, 'Idee zurückziehen');
    assert.equal(noReason.status(), 422);
    assert.equal(await page.locator('#withdraw-reason').getAttribute('aria-invalid'), 'true');
    await a11y.check(page, 'withdrawal without a reason');
    await page.locator('#withdraw-reason').fill('Der Bezirk stellt bereits Bänke auf.');
    await submit(page, 'Idee zurückziehen');
    assert.equal(await flash(page), 'Die Idee wurde zurückgezogen.');
    assert.match(await text(page.locator('#withdrawn')), /Der Bezirk stellt bereits Bänke auf\./);
    await a11y.check(page, 'withdrawn idea');
    await screenshot(page, 'idea-withdrawn-1280');
    await page.setViewportSize({ width: 320, height: 640 });
    await checkReflow(page, 'withdrawn idea at 320 px');
    await screenshot(page, 'idea-withdrawn-320');
    await page.goto(`${ideaPath}/edit`);
    await checkReflow(page, 'edit page of a withdrawn idea at 320 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await logout(page);
    await page.goto(`/processes/${PROCESS.id}/ideas`);
    assert.equal(await page.locator('main', { hasText: 'Bänke im Schatten der Linden' }).count(), 0);
  });
  a11y.assertClean();
});

test('an open survey answered twice: a person once, a browser is told', async () => {
  const a11y = new A11yLog();
  let surveyId;
  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto(`/processes/${PROCESS.id}`);
    await navigate(page, () => page.getByRole('link', { name: 'Neue Umfrage', exact: true }).click());
    await page.locator('#title').fill(`Platzumfrage ${RUN}`);
    await page.getByLabel('Offen für alle').check();
    await submit(page, 'Umfrage anlegen');
    surveyId = Number(pathOf(page).match(/^\/surveys\/(\d+)\/edit$/)[1]);
    await page.locator('#kind').selectOption('single');
    await submit(page, 'Weiter zur Frage');
    await page.locator('#text').fill('Wie oft sind Sie auf dem Platz?');
    await page.locator('#options').fill('Täglich\nSelten');
    await page.locator('#page').fill('1');
    await submit(page, 'Frage hinzufügen');
    await page.goto(`/surveys/${surveyId}/edit`);
    await submit(page, 'Veröffentlichen');
    await logout(page);
  });

  const answerOnce = async (page) => {
    await page.goto(`/surveys/${surveyId}`);
    await navigate(page, () => page.getByRole('link', { name: 'Umfrage beginnen', exact: true }).click());
    await page.getByLabel('Täglich').check();
    await submit(page, 'Antworten absenden');
    assert.equal(await heading(page), 'Vielen Dank!');
  };

  // A person with an account.
  await withPage(async (page) => {
    await login(page, ida);
    await answerOnce(page);
    await page.goto(`/surveys/${surveyId}`);
    assert.match(await text(page.locator('main')), /Sie haben bereits geantwortet/);
    assert.equal(await page.getByRole('link', { name: 'Umfrage beginnen', exact: true }).count(), 0);
    await a11y.check(page, 'survey answered by this person');
    await page.goto(`/surveys/${surveyId}/answer`);
    assert.match(await text(page.locator('main')), /Sie haben bereits geantwortet/);
  });

  // An anonymous browser, twice.
  await withPage(async (page) => {
    await answerOnce(page);
    // The survey's page says so at once, without "Umfrage beginnen".
    await page.goto(`/surveys/${surveyId}`);
    assert.match(await text(page.locator('main')), /Aus diesem Browser wurde diese Umfrage bereits beantwortet/);
    assert.equal(await page.getByRole('link', { name: 'Umfrage beginnen', exact: true }).count(), 0);
    await a11y.check(page, 'browser told it answered');
    await follow(page, 'Als andere Person antworten');
    await page.getByLabel('Selten').check();
    await submit(page, 'Antworten absenden');
    assert.equal(await heading(page), 'Vielen Dank!');
  });

  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto(`/surveys/${surveyId}/results`);
    assert.match(await text(page.locator('.results-repeats')), /^1 Antwort kam aus einem Browser/);
    await a11y.check(page, 'results with the repeat count');
  });
  a11y.assertClean();
});

test('a document is linked to a process chosen by its title', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto('/staff/documents/new');
    const option = page.locator('#attach optgroup[label="Beteiligungsverfahren"] option', { hasText: PROCESS.title });
    assert.equal(await option.getAttribute('value'), `process:${PROCESS.id}`);
    assert.equal(await page.locator('#attach optgroup[label="Umfragen"] option', { hasText: 'Platzumfrage' }).count(), 1);
    await a11y.check(page, 'upload form with the list of titles');
    await page.locator('#title').fill(`Lageplan ${RUN}`);
    await page.locator('#attach').selectOption({ label: PROCESS.title });
    await page.locator('#file').setInputFiles({
      name: 'lageplan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Ort;Bänke\nLinden;4\n'),
    });
    await submit(page, 'Veröffentlichen');
    assert.match(pathOf(page), /^\/documents\/\d+$/);
    const belongs = page.locator('section', { has: page.locator('#belongs-title') });
    const link = belongs.getByRole('link', { name: PROCESS.title, exact: true });
    assert.equal(await link.getAttribute('href'), `/processes/${PROCESS.id}`);
    assert.doesNotMatch(await text(belongs), /Nr\./);
    await a11y.check(page, 'document page with the process title');
  });
  a11y.assertClean();
});

test('a role change returns to the same filtered, paged list; 320 px without sideways scrolling', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto('/admin/users');
    await page.locator('#q').fill(ida.email);
    await page.locator('#role-filter').selectOption('citizen');
    await submit(page, 'Suchen', page.getByRole('search'));
    const before = new URL(page.url());
    assert.equal(before.searchParams.get('role'), 'citizen');
    await a11y.check(page, 'users filtered');
    await screenshot(page, 'admin-users-1280');
    const card = page.locator('.user-cards > li', { hasText: ida.email });
    await card.locator('select[name="role"]').selectOption('moderator');
    await submit(page, /^Speichern/, card);
    assert.equal(await flash(page), 'Die Rolle wurde gespeichert.');
    const after = new URL(page.url());
    assert.equal(after.pathname, '/admin/users');
    assert.equal(after.searchParams.get('q'), ida.email);
    assert.equal(after.searchParams.get('role'), 'citizen');
    assert.equal(await page.locator('#role-filter').inputValue(), 'citizen');
    await a11y.check(page, 'users after the change');

    await page.goto('/admin/departments');
    await a11y.check(page, 'departments with rename and remove');
  });
  await withPage(async (page) => {
    await login(page, ADMIN);
    await page.goto('/admin/users');
    await checkReflow(page, 'users at 320 px');
    await screenshot(page, 'admin-users-320');
    await page.goto('/admin/departments');
    await checkReflow(page, 'departments at 320 px');
    await screenshot(page, 'admin-departments-320');
  }, { viewport: { width: 320, height: 640 } });
  a11y.assertClean();
});
