'use strict';
// Surveys in the browser: staff build a small survey on three pages (a
// choice question, a question shown only on one answer, a Likert scale, a
// matrix, a number and a ranking), first with errors, look at the preview
// and publish it; they upload a CSV of addresses; an invitee answers with the
// one-time link from the outbox mail (first with errors, saving halfway and
// continuing), and the used link then gets a clear page. axe-core (WCAG 2.1
// A/AA) runs on every page state the journeys show.
//
// The tests build on each other: the first creates the process and the
// survey, the second the invitations, the third answers.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow } = require('../lib/browser');
const { uniqueEmail, navigate, submit, follow, text, heading, flash, pathOf, login } = require('../lib/flows');

const RUN = Date.now().toString(36);
const DEPARTMENT = `Personalamt ${RUN}`;
const STAFF = { email: uniqueEmail('survey-staff'), password: 'staff-pass-789', name: 'Team Personal' };
const INVITEES = [uniqueEmail('mitarbeiterin'), uniqueEmail('mitarbeiter'), uniqueEmail('azubi')];
const LINK = /http:\/\/127\.0\.0\.1:\d+\/surveys\/t\/[0-9a-f]{64}/;

const PROCESS = { id: null, title: `Arbeiten mit sozialen Medien ${RUN}` };
const SURVEY = { id: null, title: `Mitarbeitendenbefragung ${RUN}` };
const REPORT_TITLE = `Abschlussbericht der Befragung ${RUN}`;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
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

/** With MITREDEN_E2E_SHOTS=1, a full-page screenshot into test-results/ to look at. */
async function shot(page, name) {
  if (process.env.MITREDEN_E2E_SHOTS === '1') {
    await page.screenshot({ path: `test-results/survey-${name}.png`, fullPage: true });
  }
}

const pad = (n) => String(n).padStart(2, '0');
function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function surveyPath(rest = '') {
  assert.ok(SURVEY.id, 'the survey of the first test exists');
  return `/surveys/${SURVEY.id}${rest}`;
}

/** Adds a question of `kind` through the two-step builder form. */
async function addQuestion(page, kind, fill) {
  await page.goto(surveyPath('/edit'));
  await page.locator('#kind').selectOption(kind);
  await submit(page, 'Weiter zur Frage');
  await fill(page);
  const res = await submit(page, 'Frage hinzufügen');
  assert.equal(res.status(), 200, `adding the ${kind} question works (now ${page.url()})`);
  assert.equal(await flash(page), 'Die Frage ist hinzugefügt.');
}

test('staff build a survey with pages, a condition and every kind of scale, then publish it', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/new');
    await page.locator('#title').fill(PROCESS.title);
    await page.locator('#summary').fill('Wie nutzen Sie soziale Medien im Dienst?');
    await page.locator('#department_id').selectOption({ label: DEPARTMENT });
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(20));
    await submit(page, 'Veröffentlichen');
    PROCESS.id = Number(pathOf(page).match(/^\/processes\/(\d+)$/)[1]);

    await navigate(page, () => page.getByRole('link', { name: 'Neue Umfrage', exact: true }).click());
    assert.equal(await heading(page), 'Neue Umfrage');
    await a11y.check(page, 'new survey form');

    // Errors first: no title, end before start. The welcome text stays.
    await page.locator('#welcome').fill('Liebe Kolleginnen und Kollegen, **danke** fürs Mitmachen!');
    await page.locator('#opens_on').fill(isoDay(3));
    await page.locator('#closes_on').fill(isoDay(1));
    await page.getByLabel('Nur mit Einladung (anonym)').check();
    const res = await submit(page, 'Umfrage anlegen');
    assert.equal(res.status(), 422);
    assert.match(await text(page.locator('.error-summary')), /Bitte füllen Sie dieses Feld aus\./);
    assert.match(await text(page.locator('.error-summary')), /Das Ende darf nicht vor dem Beginn liegen\./);
    assert.equal(await page.locator('#welcome').inputValue(), 'Liebe Kolleginnen und Kollegen, **danke** fürs Mitmachen!');
    assert.equal(await page.getByLabel('Nur mit Einladung (anonym)').isChecked(), true);
    await a11y.check(page, 'new survey form with errors');

    await page.locator('#title').fill(SURVEY.title);
    await page.locator('#opens_on').fill('');
    await page.locator('#closes_on').fill(isoDay(14));
    await page.locator('#end').fill('Die Ergebnisse veröffentlichen wir im Frühjahr.');
    await submit(page, 'Umfrage anlegen');
    SURVEY.id = Number(pathOf(page).match(/^\/surveys\/(\d+)\/edit$/)[1]);
    assert.equal(await flash(page), 'Die Umfrage ist angelegt. Fügen Sie jetzt Fragen hinzu.');
    await a11y.check(page, 'empty builder');

    // A choice question with only one choice is refused, the text kept.
    await page.locator('#kind').selectOption('single');
    await submit(page, 'Weiter zur Frage');
    await a11y.check(page, 'new single choice question');
    await page.locator('#text').fill('Nutzen Sie soziale Medien für Ihre Arbeit?');
    await page.locator('#options').fill('Ja');
    const bad = await submit(page, 'Frage hinzufügen');
    assert.equal(bad.status(), 422);
    assert.match(await text(page.locator('.field:has(#options) .error-message')), /mindestens zwei Möglichkeiten/);
    assert.equal(await page.locator('#text').inputValue(), 'Nutzen Sie soziale Medien für Ihre Arbeit?');
    await a11y.check(page, 'question form with errors');
    await page.locator('#options').fill('Ja, täglich\nGelegentlich\nNein');
    await page.locator('#page').fill('1');
    await submit(page, 'Frage hinzufügen');
    assert.equal(await flash(page), 'Die Frage ist hinzugefügt.');

    await addQuestion(page, 'multiple', async (p) => {
      await p.locator('#text').fill('Welche Plattformen nutzen Sie?');
      await p.locator('#options').fill('Mastodon\nInstagram\nLinkedIn');
      await p.getByLabel('„Sonstiges“ mit Textfeld anbieten').check();
      await p.locator('#page').fill('2');
      // Shown only to those who use social media.
      await p.locator('#condition').selectOption({ label: 'Q1 (Nutzen Sie soziale Medien für Ihre Arbeit?) = Gelegentlich' });
      await a11y.check(p, 'multiple choice question with a condition');
      await p.locator('#condition').selectOption({ label: 'Q1 (Nutzen Sie soziale Medien für Ihre Arbeit?) = Ja, täglich' });
    });
    await addQuestion(page, 'likert', async (p) => {
      await p.locator('#text').fill('Der Leitfaden gibt mir Sicherheit.');
      assert.match(await p.locator('#scale').inputValue(), /5: Stimme voll zu/);
      await p.locator('#page').fill('2');
    });
    await addQuestion(page, 'matrix', async (p) => {
      await p.locator('#text').fill('Wie wichtig sind Ihnen …');
      await p.locator('#rows').fill('Schulungen\nKlare Zuständigkeiten');
      await p.locator('#scale').fill('Unwichtig\nTeils\nWichtig');
      await p.locator('#page').fill('3');
      await a11y.check(p, 'matrix question form');
      await shot(p, 'question-form');
    });
    await addQuestion(page, 'number', async (p) => {
      await p.locator('#text').fill('Seit wie vielen Jahren arbeiten Sie in der Verwaltung?');
      await p.locator('#min').fill('0');
      await p.locator('#max').fill('50');
      await p.getByLabel('Nur ganze Zahlen').check();
      await p.getByLabel('Pflichtfrage', { exact: true }).uncheck();
      await p.locator('#page').fill('3');
    });
    await addQuestion(page, 'ranking', async (p) => {
      await p.locator('#text').fill('Was brauchen Sie am dringendsten?');
      await p.locator('#options').fill('Zeit\nTechnik\nFortbildung');
      await p.getByLabel('Pflichtfrage', { exact: true }).uncheck();
      await p.locator('#page').fill('3');
    });

    await page.goto(surveyPath('/edit'));
    const items = page.locator('.builder-questions > li');
    assert.equal(await items.count(), 6);
    assert.match(await text(items.nth(1)), /nur wenn Q1 = Ja, täglich/);
    await a11y.check(page, 'builder with six questions on three pages');
    await shot(page, 'builder');

    await navigate(page, () => page.getByRole('link', { name: 'Vorschau', exact: true }).click());
    assert.match(await heading(page), /^Vorschau:/);
    assert.equal(await page.locator('.survey-question').count(), 6);
    assert.equal(await page.locator('.survey-question input:not([disabled]), .survey-question select:not([disabled])').count(), 0);
    await a11y.check(page, 'preview');

    await page.goto(surveyPath('/edit'));
    await submit(page, 'Veröffentlichen');
    assert.equal(await flash(page), 'Der Status der Umfrage ist geändert.');

    // Citizens find it under the process; it takes invitees only.
    await page.goto(`/processes/${PROCESS.id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Umfragen', level: 2 }) });
    assert.match(await text(section), new RegExp(`${SURVEY.title} Läuft`));
    await a11y.check(page, 'process page with the survey');
  });
  a11y.assertClean();
});

test('staff invite a list of addresses from a CSV file', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto(surveyPath('/invitations'));
    await a11y.check(page, 'invitations, none yet');
    const csv = ['Name;E-Mail', ...INVITEES.map((e, i) => `Person ${i};${e}`), 'Fehler;keine-adresse@'].join('\n');
    await page.locator('#file').setInputFiles({ name: 'verteiler.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await submit(page, 'Einladungen senden');
    assert.match(await text(page.locator('.error-summary')), /einige Einträge wurden übergangen/);
    assert.match(await text(page.locator('.notice')), /keine-adresse@/);
    assert.equal(await text(page.locator('#invited-total')), '3');
    assert.equal(await text(page.locator('#invited-used')), '0');
    await a11y.check(page, 'invitations sent, one address skipped');
  });
  for (const address of INVITEES) {
    const mail = await server.waitForMail(address, { match: LINK });
    assert.match(mail.subject, new RegExp(`Einladung zur Umfrage: ${SURVEY.title}`));
  }
  a11y.assertClean();
});

test('an invitee answers with the link from the mail, saves halfway and continues, once', async () => {
  const a11y = new A11yLog();
  const link = await server.waitForLink(INVITEES[0], LINK);
  await withPage(async (page) => {
    // The survey's own address does not let anyone in without a link.
    const closed = await navigate(page, () => page.goto(surveyPath('/answer')));
    assert.equal(closed.status(), 403);
    await a11y.check(page, 'survey without an invitation');

    await page.goto(link);
    assert.equal(await heading(page), SURVEY.title);
    assert.match(await text(page.locator('main')), /anonym gespeichert/);
    await a11y.check(page, 'invitation landing page');
    await navigate(page, () => page.getByRole('link', { name: 'Umfrage beginnen', exact: true }).click());
    assert.equal(await text(page.locator('#progress')), 'Seite 1 von 3');
    await a11y.check(page, 'page 1');

    // A required question left open.
    const res = await submit(page, 'Weiter');
    assert.equal(res.status(), 422);
    assert.match(await text(page.locator('.error-summary')), /Q1: Bitte beantworten Sie diese Frage\./);
    await a11y.check(page, 'page 1 with an error');
    await page.getByLabel('Ja, täglich').check();
    await submit(page, 'Weiter');
    assert.equal(await text(page.locator('#progress')), 'Seite 2 von 3');
    // "Other" ticked without saying what: named, and the choices stay.
    await page.getByLabel('Mastodon').check();
    await page.getByLabel('Sonstiges', { exact: true }).check();
    await page.getByLabel('Stimme eher zu').check();
    const res2 = await submit(page, 'Weiter');
    assert.equal(res2.status(), 422);
    assert.match(await text(page.locator('.error-summary')), /Q2: Bitte beschreiben Sie „Sonstiges“ im Textfeld\./);
    assert.equal(await page.getByLabel('Mastodon').isChecked(), true);
    await a11y.check(page, 'page 2 with an error');
    await shot(page, 'page2-error');
    await page.getByLabel('Sonstiges zu Q2: bitte angeben').fill('Bluesky');

    // Save halfway; the link from the mail continues on another device.
    await submit(page, 'Speichern und später fortsetzen');
    assert.equal(await heading(page), 'Zwischenstand gespeichert');
    await a11y.check(page, 'saved');
  });
  // Later, on a phone.
  await withPage(async (page) => {
    await page.goto(link);
    await navigate(page, () => page.getByRole('link', { name: 'Umfrage beginnen', exact: true }).click());
    assert.equal(await text(page.locator('#progress')), 'Seite 2 von 3');
    assert.equal(await page.getByLabel('Sonstiges zu Q2: bitte angeben').inputValue(), 'Bluesky');
    await checkReflow(page, 'page 2 on a phone');
    await submit(page, 'Weiter');
    assert.equal(await text(page.locator('#progress')), 'Seite 3 von 3');
    await checkReflow(page, 'page 3 on a phone');
    await a11y.check(page, 'page 3 with a matrix and a ranking');
    await page.getByLabel('Schulungen: Wichtig').check();
    await page.getByLabel('Klare Zuständigkeiten: Teils').check();
    await page.getByLabel('Seit wie vielen Jahren arbeiten Sie in der Verwaltung?', { exact: false }).fill('12,5');
    await page.getByLabel('Zeit', { exact: true }).selectOption('1');
    await page.getByLabel('Fortbildung', { exact: true }).selectOption('1');
    const res = await submit(page, 'Antworten absenden');
    assert.equal(res.status(), 422);
    const summary = await text(page.locator('.error-summary'));
    assert.match(summary, /Bitte geben Sie eine ganze Zahl ein\./);
    assert.match(summary, /Jeder Rang darf nur einmal vorkommen/);
    assert.equal(await page.getByLabel('Schulungen: Wichtig').isChecked(), true);
    await a11y.check(page, 'page 3 with errors');
    await shot(page, 'page3-errors');
    await page.getByLabel('Seit wie vielen Jahren arbeiten Sie in der Verwaltung?', { exact: false }).fill('12');
    await page.getByLabel('Fortbildung', { exact: true }).selectOption('2');
    await submit(page, 'Antworten absenden');
    assert.equal(await heading(page), 'Vielen Dank!');
    assert.match(await text(page.locator('main')), /Die Ergebnisse veröffentlichen wir im Frühjahr\./);
    await a11y.check(page, 'thanks');

    // The link works once.
    const again = await navigate(page, () => page.goto(link));
    assert.equal(again.status(), 410);
    assert.equal(await heading(page), 'Dieser Link wurde bereits verwendet');
    await a11y.check(page, 'used link');
    const unknown = await navigate(page, () => page.goto(`/surveys/t/${'0'.repeat(64)}`));
    assert.equal(unknown.status(), 404);
    assert.equal(await heading(page), 'Dieser Link ist unbekannt');
  }, { viewport: { width: 320, height: 640 } }); // the same person, now on a phone
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto(surveyPath('/invitations'));
    assert.equal(await text(page.locator('#invited-used')), '1');
    assert.equal(await text(page.locator('#invited-unused')), '2');
    await page.goto(surveyPath('/edit'));
    assert.match(await text(page.locator('main')), /Eine Antwort/);
  });
  a11y.assertClean();
});

test('staff see the results as charts with tables, filter and cross-tabulate, export, and publish them', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, STAFF);
    await page.goto(surveyPath('/edit'));
    await navigate(page, () => page.getByRole('link', { name: 'Ergebnisse', exact: true }).click());
    assert.match(await heading(page), /^Ergebnisse: /);
    assert.match(await text(page.locator('.results-summary')), /3 Einladungen verschickt, 1 davon beantwortet\./);
    // Every answered choice question has a named chart and a table with the same numbers.
    const charts = page.locator('svg[role="img"]');
    assert.ok((await charts.count()) >= 5, 'charts for the choice, Likert, matrix, number and ranking questions');
    for (const svg of await charts.all()) {
      const name = await svg.evaluate((el) => el.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id).textContent).join(' '));
      assert.match(name, /^Q\d+: .+ 1 Antwort/, `the chart is named and described (${name})`);
    }
    const q1 = page.locator('section.result', { has: page.getByRole('heading', { name: /^Q1 / }) });
    assert.match(await text(q1.locator('table')), /Ja, täglich 1 100/);
    const q2 = page.locator('section.result', { has: page.getByRole('heading', { name: /^Q2 / }) });
    assert.match(await text(q2), /Bluesky/);
    await a11y.check(page, 'results with charts');
    await shot(page, 'results');

    await page.locator('#filter').selectOption({ label: 'Q1: Nein' });
    await submit(page, 'Filter anwenden');
    assert.match(await text(page.locator('.flash')), /Gefiltert nach „Q1: Nein“: 0 von 1 Antworten\./);
    await a11y.check(page, 'results filtered');

    await follow(page, 'Filter aufheben');
    await page.locator('#cross-a').selectOption({ index: 1 });
    await page.locator('#cross-b').selectOption({ index: 2 });
    await submit(page, 'Kreuztabelle zeigen');
    const cross = page.locator('table', { has: page.locator('caption', { hasText: 'Kreuztabelle' }) });
    assert.match(await text(cross.locator('caption')), /^Kreuztabelle Q1 × Q2/);
    // The one respondent: "Ja, täglich" with Mastodon.
    assert.match(await text(cross.locator('tbody tr', { hasText: 'Ja, täglich' })), /^Ja, täglich 1 \(/);
    await a11y.check(page, 'results with a cross-table');

    const csv = await page.request.get(surveyPath('/answers.csv'));
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.match(body.split('\n')[0], /Q1/);
    assert.match(body, /Bluesky/);
    for (const address of INVITEES) assert.ok(!body.includes(address), 'no address in the export');

    await page.goto(surveyPath('/results'));
    await navigate(page, () => page.getByRole('link', { name: 'Ergebnisse veröffentlichen', exact: true }).click());
    await a11y.check(page, 'publication form');
    await page.locator('#report_intro').fill('Vielen Dank an alle, die teilgenommen haben.');
    await submit(page, 'Veröffentlichen');
    await a11y.check(page, 'publication saved');

    // The final report goes onto the results page as a document.
    await page.goto(surveyPath('/report'));
    await navigate(page, () => page.getByRole('link', { name: 'Dokument veröffentlichen', exact: true }).click());
    assert.equal(await page.locator('#attach').inputValue(), `survey:${SURVEY.id}`);
    const pdf = await page.request.get('/documents/1/download');
    assert.equal(pdf.status(), 200);
    await page.locator('#title').fill(REPORT_TITLE);
    await page.locator('#doc_type').selectOption('report');
    await page.locator('#file').setInputFiles({ name: 'abschlussbericht.pdf', mimeType: 'application/pdf', buffer: await pdf.body() });
    await submit(page, 'Veröffentlichen');
    assert.equal(await flash(page), 'Das Dokument ist veröffentlicht.');
  });
  await withPage(async (page) => {
    await page.goto(`/processes/${PROCESS.id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Umfragen', level: 2 }) });
    await navigate(page, () => section.getByRole('link', { name: 'Ergebnisse ansehen', exact: true }).click());
    assert.match(await heading(page), new RegExp(`Ergebnisse der Umfrage „${SURVEY.title}“`));
    assert.match(await text(page.locator('main')), /Vielen Dank an alle, die teilgenommen haben\./);
    assert.ok((await page.locator('svg[role="img"]').count()) >= 1, 'the published results have charts');
    const docs = page.locator('section.documents');
    assert.match(await text(docs), new RegExp(REPORT_TITLE));
    const download = await page.request.get(await docs.getByRole('link', { name: REPORT_TITLE, exact: true }).getAttribute('href'));
    assert.equal(download.status(), 200);
    await a11y.check(page, 'published results');
    await shot(page, 'report');
  });
  a11y.assertClean();
});
