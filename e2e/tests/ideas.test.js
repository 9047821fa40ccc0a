'use strict';
// Ideas in the browser: staff open a process for ideas (with categories), a
// citizen submits an idea with a picture and a place (first with errors),
// another supports it and suggests a change, the author accepts the change
// with a reason (a new version with a word diff), invites a co-author who
// accepts, and staff answer the idea (first without an answer) so that
// everyone who follows it gets a mail. Then the lists with their filters,
// the map, the staff inbox and the exports; supporting and suggesting
// without JavaScript; reflow at 320 px. axe-core (WCAG 2.1 A/AA) runs on
// every page state the journeys show.
//
// The tests build on each other: the first creates the process, the second
// the idea the others work with. People: one staff account (made with
// `mitreden user create`) and three registered citizens (the app allows 10
// registrations an hour per IP).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, horizontalOverflow } = require('../lib/browser');
const { makePng } = require('../lib/images');
const {
  uniqueEmail,
  navigate,
  submit,
  follow,
  text,
  normalize,
  heading,
  flash,
  pathOf,
  registerAndVerify,
  login,
  logout,
} = require('../lib/flows');

const RUN = Date.now().toString(36);
// A department of its own, so that the staff inbox shows exactly this test's
// ideas whatever demo data the server brings.
const DEPARTMENT = `Amt für Ideenprüfung ${RUN}`;
const STAFF = {
  email: uniqueEmail('ideas-staff'),
  password: 'staff-pass-456',
  name: 'Team Ideenprüfung',
};
// The author, the supporter (who also suggests a change) and the co-author.
const alma = { email: uniqueEmail('alma'), name: 'Alma Anwohnerin', password: 'alma-hat-eine-idee-1' };
const bruno = { email: uniqueEmail('bruno'), name: 'Bruno Radfahrer', password: 'bruno-unterstuetzt-22' };
const carla = { email: uniqueEmail('carla'), name: 'Carla Mitautorin', password: 'carla-schreibt-mit-3' };

const CATEGORIES = ['Abstellplätze', 'Radwege', 'Sicherheit'];

const PROCESS = {
  id: null,
  title: `Fahrradstadt Eimsbüttel ${RUN}`,
  summary: 'Wo fehlen Abstellplätze, wo sind Radwege gefährlich? Reichen Sie Ihre Ideen ein.',
};

// The idea Alma submits; Bruno's suggestion changes its title and text.
const IDEA = {
  id: null,
  title: 'Mehr Fahrradbügel am Dammtor',
  body: 'Am Bahnhof Dammtor fehlen Abstellplätze. Wir schlagen 40 neue Fahrradbügel an der Ostseite vor.',
  category: 'Abstellplätze',
  address: 'Dag-Hammarskjöld-Platz, 20355 Hamburg',
  lat: '53,5605', // a German decimal comma; the app takes both
  lon: '9,9893',
  alt: 'Abgestellte Fahrräder an einem Geländer vor dem Bahnhof Dammtor',
  newTitle: 'Mehr überdachte Fahrradbügel am Dammtor',
  newBody:
    'Am Bahnhof Dammtor fehlen Abstellplätze. Wir schlagen 60 neue Fahrradbügel an der Ostseite und an der Westseite vor.',
  note: 'Auf der Westseite parken ebenso viele Räder wild, und im Regen hilft ein Dach.',
  reason: 'Guter Hinweis, die Westseite hatte ich vergessen.',
};
// The second idea (by Carla), for the list filters and sorting.
const IDEA2 = {
  id: null,
  title: `Sichere Kreuzung am Schlump ${RUN}`,
  body: 'Die Kreuzung am Schlump braucht eine eigene Ampelphase für den Radverkehr.',
  category: 'Sicherheit',
};
const ANSWER_REVIEW = 'Wir prüfen gerade, wie viele Bügel auf beide Seiten passen, und melden uns bis Ende des Monats.';
const ANSWER_ACCEPTED = 'Wir stellen im Frühjahr 60 überdachte Bügel auf, je 30 an der Ost- und der Westseite.';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  const { context, page, guard } = await openPage(browser, server);
  try {
    for (const person of [alma, bruno, carla]) await registerAndVerify(page, server, person);
    guard.assertClean();
  } finally {
    await context.close();
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop(); // fails if mitreden does not exit cleanly on SIGTERM
});

// F-7 (see FINDINGS.md): the pictures of ideas answer 404 to everyone but
// staff. The request guard would fail every test that shows the idea to a
// citizen or visitor, so failed loads of exactly these pictures are taken out
// of the guard and collected here; the `todo` test "the pictures of an idea
// load for citizens and visitors" reports them. Every other failed load still
// fails its test.
const IDEA_PICTURES = new Set(); // image ids of the ideas' pictures
const brokenPictures = [];

function setAsideBrokenPictures(guard) {
  guard.failedResources = guard.failedResources.filter((r) => {
    const m = r.match(/\/images\/(\d+)\/(?:small|large)\.jpg: HTTP 404$/);
    if (m && IDEA_PICTURES.has(Number(m[1]))) {
      brokenPictures.push(r);
      return false;
    }
    return true;
  });
}

/** Opens a fresh context + page, runs fn, then checks the request guard and closes. */
async function withPage(options, fn) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    setAsideBrokenPictures(guard);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

// ---- dates ----

const pad = (n) => String(n).padStart(2, '0');
/** Today + `offset` days as YYYY-MM-DD (local time zone; the server runs on the same machine). */
function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// ---- page parts ----

/** The error message next to a form field (`.field` around #id, or the fieldset #id). */
function fieldError(page, id) {
  return page.locator(`.field:has(#${id}) > .error-message, fieldset#${id} > .error-message`);
}

function processPath() {
  assert.ok(PROCESS.id, 'the process of the first test exists (did the staff journey fail?)');
  return `/processes/${PROCESS.id}`;
}

function ideaPath(idea = IDEA) {
  assert.ok(idea.id, `the idea "${idea.title}" exists (did an earlier test fail?)`);
  return `/ideas/${idea.id}`;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The idea id after submitting (the page is /ideas/123). */
function ideaIdFromUrl(page) {
  const m = pathOf(page).match(/^\/ideas\/(\d+)$/);
  assert.ok(m, `submitting the idea leads to its page (now ${page.url()})`);
  return Number(m[1]);
}

/** The "Ideen und Vorschläge" section of a process page. */
function ideasSection(page) {
  return page.locator('section', { has: page.getByRole('heading', { name: 'Ideen und Vorschläge', level: 2 }) });
}

/** The status badge of an idea page. */
function statusBadge(page) {
  return page.locator('article.idea > header .status');
}

const supportCount = (page) => text(page.locator('#support .support-count'));
const supportButton = (page) => page.locator('#support').getByRole('button', { name: /^(Idee unterstützen|Unterstützung zurückziehen)$/ });
const followButton = (page) => page.locator('#support').getByRole('button', { name: /^(Idee folgen|Nicht mehr folgen)$/ });
const together = (page) => page.locator('section#together');

/** Titles of the idea cards on a list page, in order. */
async function cardTitles(page) {
  return (await page.locator('.idea-cards .idea-card-title').allInnerTexts()).map(normalize);
}

/** Fills the idea form on /processes/{id}/ideas/new. Leaves out what is undefined. */
async function fillIdeaForm(page, { title, body, category, address, lat, lon, image, alt }) {
  if (title !== undefined) await page.locator('#title').fill(title);
  if (body !== undefined) await page.locator('#body').fill(body);
  if (category !== undefined) await page.locator('#category').selectOption({ label: category });
  if (address !== undefined) await page.locator('#address').fill(address);
  if (lat !== undefined || lon !== undefined) {
    // Coordinates are an advanced field of the place picker, folded away.
    const details = page.locator('details.coordinates');
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  }
  if (lat !== undefined) await page.locator('#lat').fill(lat);
  if (lon !== undefined) await page.locator('#lon').fill(lon);
  if (image) await page.setInputFiles('#image1', image);
  if (alt !== undefined) await page.locator('#alt1').fill(alt);
}

const PICTURE = () => ({ name: 'dammtor.png', mimeType: 'image/png', buffer: makePng(800, 450) });

// ---- 1. staff open a process for ideas ----

test('staff create a process that collects ideas in categories', async () => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/new');
    assert.equal(await heading(page), 'Neues Beteiligungsverfahren');
    assert.equal(await page.locator('#ideas_enabled').isChecked(), false, 'ideas are off by default');
    await a11y.check(page, 'new process form');

    await page.locator('#title').fill(PROCESS.title);
    await page.locator('#summary').fill(PROCESS.summary);
    await page.locator('#department_id').selectOption({ label: DEPARTMENT });
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(20));
    await page.getByLabel('Bürgerinnen und Bürger können in der Beteiligungsphase Ideen einreichen').check();
    await page.locator('#categories').fill(CATEGORIES.join('\n'));
    await submit(page, 'Veröffentlichen');

    const m = pathOf(page).match(/^\/processes\/(\d+)$/);
    assert.ok(m, `publishing redirects to the process page (now ${page.url()})`);
    PROCESS.id = Number(m[1]);
    assert.equal(await flash(page), 'Das Verfahren wurde gespeichert.');
    const section = ideasSection(page);
    assert.equal(await section.count(), 1, 'the process page has the section "Ideen und Vorschläge"');
    assert.match(await text(section), /Keine Ideen\./);
    assert.equal(await section.getByRole('link', { name: 'Alle Ideen', exact: true }).getAttribute('href'), `${processPath()}/ideas`);
    const newIdea = section.getByRole('link', { name: 'Idee einreichen', exact: true });
    assert.equal(await newIdea.getAttribute('href'), `${processPath()}/ideas/new`);
    assert.match(await newIdea.getAttribute('class'), /\bbutton\b/);
    await a11y.check(page, 'process page with ideas, staff');

    // The categories are kept, one a line.
    await page.goto(`${processPath()}/edit`);
    assert.equal(await page.locator('#ideas_enabled').isChecked(), true);
    assert.equal(await page.locator('#categories').inputValue(), CATEGORIES.join('\n'));
    await a11y.check(page, 'edit process form with ideas');
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 2. a citizen submits an idea ----

test('a citizen submits an idea with a picture and a place (first with errors)', async (t) => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    await login(page, alma);
    await page.goto(processPath());
    await a11y.check(page, 'process page with ideas, citizen');
    await follow(page, 'Idee einreichen', ideasSection(page));
    assert.equal(pathOf(page), `${processPath()}/ideas/new`);
    assert.equal(await heading(page), 'Idee einreichen');
    const form = page.locator('main form');
    assert.equal(await form.getAttribute('action'), `${processPath()}/ideas`);
    assert.equal(await form.getAttribute('enctype'), 'multipart/form-data');
    const options = (await page.locator('#category option').allInnerTexts()).map(normalize);
    assert.deepEqual(options, ['Bitte wählen', ...CATEGORIES]);
    for (const n of [1, 2, 3]) {
      assert.equal(await page.locator(`#image${n}`).getAttribute('type'), 'file');
      assert.equal(await page.locator(`#alt${n}`).count(), 1);
    }
    await a11y.check(page, 'idea form');

    // No title and a latitude beyond 90°: errors at the top and at the fields.
    await fillIdeaForm(page, {
      title: '',
      body: IDEA.body,
      category: IDEA.category,
      address: IDEA.address,
      lat: '95,5',
      lon: IDEA.lon,
      image: PICTURE(),
      alt: IDEA.alt,
    });
    const res = await submit(page, 'Idee einreichen');
    assert.equal(res.status(), 422, 'an idea with errors is answered with 422');
    assert.equal(pathOf(page), `${processPath()}/ideas`);
    assert.equal(await flash(page), null);
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    const items = (await summary.locator('li').allInnerTexts()).map(normalize);
    assert.ok(items.includes('Titel: Bitte füllen Sie dieses Feld aus.'), `summary items: ${JSON.stringify(items)}`);
    const placeItem =
      'Ort: Bitte geben Sie Breiten- und Längengrad als Zahlen an (Breite −90 bis 90, Länge −180 bis 180) – oder keines von beiden.';
    assert.ok(items.includes(placeItem), `summary items: ${JSON.stringify(items)}`);
    // The picture is not kept: the app asks to choose it again.
    assert.ok(
      items.some((i) => /^Bild 1: Bitte wählen Sie das Bild erneut aus/.test(i)),
      `summary asks for the picture again: ${JSON.stringify(items)}`,
    );
    assert.equal(await summary.getByRole('link', { name: 'Titel: Bitte füllen Sie dieses Feld aus.' }).getAttribute('href'), '#title');
    assert.equal(await summary.getByRole('link', { name: placeItem }).getAttribute('href'), '#place');
    assert.equal(await page.locator('fieldset#place').count(), 1, 'the summary link has a target');
    assert.equal(await text(fieldError(page, 'title')), 'Fehler: Bitte füllen Sie dieses Feld aus.');
    assert.equal(await page.locator('#title').getAttribute('aria-invalid'), 'true');
    assert.match(await text(fieldError(page, 'place')), /^Fehler: Bitte geben Sie Breiten- und Längengrad als Zahlen an/);
    for (const id of ['lat', 'lon']) {
      assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', `#${id} is marked invalid`);
      assert.equal(await page.locator(`#${id}`).getAttribute('aria-describedby'), 'place-error');
    }
    assert.equal(await fieldError(page, 'body').count(), 0, 'the text is fine');
    // What was typed is kept.
    assert.equal(await page.locator('#body').inputValue(), IDEA.body);
    assert.equal(await page.locator('#category').inputValue(), IDEA.category);
    assert.equal(await page.locator('#address').inputValue(), IDEA.address);
    assert.equal(await page.locator('#lat').inputValue(), '95,5');
    assert.equal(await page.locator('#alt1').inputValue(), IDEA.alt);
    await a11y.check(page, 'idea form with errors');

    // Corrected, with the picture chosen again.
    await fillIdeaForm(page, { title: IDEA.title, lat: IDEA.lat, image: PICTURE() });
    await submit(page, 'Idee einreichen');
    IDEA.id = ideaIdFromUrl(page);
    assert.equal(
      await flash(page),
      'Ihre Idee wurde eingereicht. Sie folgen ihr und erhalten eine E-Mail, wenn die Behörde antwortet.',
    );
    assert.equal(await heading(page), IDEA.title);
    assert.equal(await text(statusBadge(page)), 'Eingegangen');
    const header = await text(page.locator('article.idea > header'));
    assert.match(header, new RegExp(`Eingegangen · ${IDEA.category}`));
    assert.match(header, new RegExp(`von ${alma.name} · .+ · zuständig: ${escapeRegExp(DEPARTMENT)}`));
    assert.equal(await text(page.locator('.idea-body')), IDEA.body);
    assert.equal(await page.locator('#answers').count(), 0, 'no answer yet');

    // The picture, scaled by the app, with its text alternative
    const img = page.locator('ul.idea-images img');
    assert.equal(await img.count(), 1);
    assert.equal(await img.getAttribute('alt'), IDEA.alt);
    const src = await img.getAttribute('src');
    assert.match(src, /^\/images\/\d+\/large\.jpg$/);
    IDEA_PICTURES.add(Number(src.split('/')[2]));
    await page.waitForFunction(() => {
      const i = document.querySelector('ul.idea-images img');
      return i && i.complete;
    });
    const loaded = await img.evaluate((i) => i.naturalWidth > 0);
    await t.test('the picture loads for its author', () => {
      assert.ok(loaded, `${src} loads for the author`);
    });

    // The place, with a link to the map
    const place = page.locator('p.place');
    assert.match(await text(place), new RegExp(`^Ort: ${escapeRegExp(IDEA.address)} \\(53\\.5605, 9\\.9893\\)`));
    assert.equal(await place.getByRole('link', { name: 'Ideen auf der Karte' }).getAttribute('href'), `${processPath()}/ideas/map`);

    // One's own idea: no support button, but the author follows it.
    assert.equal(await supportCount(page), 'noch keine Unterstützung');
    assert.equal(await page.locator('#support').getByRole('button', { name: 'Idee unterstützen' }).count(), 0);
    assert.equal(await text(followButton(page)), 'Nicht mehr folgen');
    assert.equal(await followButton(page).getAttribute('aria-pressed'), 'true');

    // Together: the author may invite, but not suggest changes to herself.
    assert.equal(await text(together(page).getByRole('heading', { level: 2 })), 'Gemeinsam weiterentwickeln');
    assert.equal(await text(together(page).locator('p').first()), `Verfasst von ${alma.name}`);
    assert.equal(await page.locator('#invite-email').count(), 1);
    assert.equal(await together(page).locator('details.suggest').count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Bearbeitung durch die Behörde' }).count(), 0, 'citizens do not handle ideas');
    assert.equal(await page.locator('#discussion #new-comment').count(), 1, 'the idea can be discussed');
    await a11y.check(page, 'idea page, author');

    // The process page counts it.
    await page.goto(processPath());
    assert.match(await text(ideasSection(page)), /Eine Idee\./);
    await a11y.check(page, 'process page with one idea, citizen');
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 3. another citizen supports it and suggests a change ----

test('a second citizen supports the idea, follows it and suggests a change', async (t) => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    await login(page, bruno);
    await page.goto(processPath());
    await follow(page, 'Alle Ideen', ideasSection(page));
    assert.equal(pathOf(page), `${processPath()}/ideas`);
    assert.equal(await heading(page), `Ideen: ${PROCESS.title}`);
    assert.equal(await text(page.locator('main p[role="status"]')), 'Eine Idee.');
    assert.deepEqual(await cardTitles(page), [IDEA.title]);
    const card = page.locator('.idea-cards > li').first();
    assert.match(await text(card), new RegExp(`Eingegangen · ${IDEA.category}`));
    assert.match(await text(card), /noch keine Unterstützung/);
    assert.equal(await card.locator('img').getAttribute('alt'), '', 'the card picture is decorative (the title says it all)');
    await a11y.check(page, 'idea list, citizen');
    await follow(page, IDEA.title, card);
    assert.equal(pathOf(page), ideaPath());

    // Support
    assert.equal(await supportCount(page), 'noch keine Unterstützung');
    assert.equal(await text(supportButton(page)), 'Idee unterstützen');
    assert.equal(await supportButton(page).getAttribute('aria-pressed'), 'false');
    assert.equal(await text(followButton(page)), 'Idee folgen');
    assert.equal(await followButton(page).getAttribute('aria-pressed'), 'false');
    const details = together(page).locator('details.suggest');
    assert.equal(await details.evaluate((d) => d.open), false, 'the suggestion form starts closed');
    assert.equal(await page.locator('#invite-email').count(), 0, 'only authors invite');
    await a11y.check(page, 'idea page, other citizen');

    await navigate(page, () => supportButton(page).click());
    assert.equal(pathOf(page), ideaPath());
    assert.equal(new URL(page.url()).hash, '#support');
    assert.equal(await flash(page), 'Sie unterstützen diese Idee.');
    assert.equal(await supportCount(page), 'eine Unterstützung');
    assert.equal(await text(supportButton(page)), 'Unterstützung zurückziehen');
    assert.equal(await supportButton(page).getAttribute('aria-pressed'), 'true');
    await a11y.check(page, 'idea page after supporting');

    // Follow, unfollow, follow again
    await navigate(page, () => followButton(page).click());
    assert.equal(await flash(page), 'Sie folgen dieser Idee.');
    assert.equal(await text(followButton(page)), 'Nicht mehr folgen');
    assert.equal(await followButton(page).getAttribute('aria-pressed'), 'true');
    await navigate(page, () => followButton(page).click());
    assert.equal(await flash(page), 'Sie folgen dieser Idee nicht mehr.');
    assert.equal(await followButton(page).getAttribute('aria-pressed'), 'false');
    await navigate(page, () => followButton(page).click());
    assert.equal(await followButton(page).getAttribute('aria-pressed'), 'true');
    await a11y.check(page, 'idea page after following');

    // Suggest a change: the form holds the current text.
    await details.locator('summary').click();
    assert.equal(await details.evaluate((d) => d.open), true);
    assert.equal(await text(details.locator('summary')), 'Änderung vorschlagen');
    assert.equal(await page.locator('#suggest-title').inputValue(), IDEA.title);
    assert.equal(await page.locator('#suggest-body').inputValue(), IDEA.body);
    assert.equal(await page.locator('#suggest-note').inputValue(), '');
    await a11y.check(page, 'idea page with the suggestion form open');

    // Without saying why: an error, and the form stays open with the text.
    await page.locator('#suggest-title').fill(IDEA.newTitle);
    await page.locator('#suggest-body').fill(IDEA.newBody);
    const noNote = await submit(page, 'Vorschlag senden', details);
    assert.equal(noNote.status(), 422);
    const again = together(page).locator('details.suggest');
    assert.equal(await again.evaluate((d) => d.open), true, 'the form is open after an error');
    assert.equal(await text(again.locator('#suggest-note-error')), 'Fehler: Bitte füllen Sie dieses Feld aus.');
    assert.equal(await page.locator('#suggest-note').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#suggest-title').inputValue(), IDEA.newTitle);
    assert.equal(await page.locator('#suggest-body').inputValue(), IDEA.newBody);
    const listReport = await a11y.check(page, 'idea page, suggestion without a note', { knownRules: ['listitem'] });
    await t.test('the error list of the suggestion form is a list (axe: listitem)', () => {
      assert.equal(listReport, null, listReport);
    });

    await page.locator('#suggest-note').fill(IDEA.note);
    await submit(page, 'Vorschlag senden', again);
    assert.equal(pathOf(page), ideaPath());
    assert.equal(await flash(page), 'Ihr Vorschlag wurde an die Verfasser:innen gesendet.');
    assert.equal(await heading(page), IDEA.title, 'a suggestion does not change the idea by itself');
    const suggestion = together(page).locator('li.suggestion');
    assert.equal(await suggestion.count(), 1);
    assert.match(await text(suggestion.locator('.meta')), new RegExp(`^Vorschlag von ${bruno.name} · .+ · offen$`));
    assert.match(await text(suggestion), new RegExp(escapeRegExp(IDEA.note)));
    assert.equal(await suggestion.getByRole('button', { name: 'Übernehmen' }).count(), 0, 'only authors decide');
    await a11y.check(page, 'idea page after suggesting');
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 4. the author accepts the change ----

test('the author sees the suggested change as a word diff and accepts it with a reason', async () => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    await login(page, alma);
    await page.goto(ideaPath());
    assert.equal(await supportCount(page), 'eine Unterstützung');
    const suggestion = together(page).locator('li.suggestion');
    assert.equal(await suggestion.count(), 1);
    const sid = Number((await suggestion.getAttribute('id')).replace('suggestion-', ''));
    const diff = suggestion.locator('.diff');
    const ins = (await diff.locator('ins').allInnerTexts()).map(normalize).join(' | ');
    const del = (await diff.locator('del').allInnerTexts()).map(normalize).join(' | ');
    assert.match(ins, /überdachte/, `inserted words: ${ins}`);
    assert.match(ins, /60/);
    assert.match(ins, /Westseite/);
    assert.match(del, /40/, `deleted words: ${del}`);
    assert.doesNotMatch(del, /Dammtor/, 'words that stay are not marked');
    assert.match(await text(diff.locator('.diff-title')), /Mehr überdachte Fahrradbügel am Dammtor/);
    assert.equal(await page.locator(`#reason-${sid}`).count(), 1);
    assert.equal(await page.getByLabel('Begründung der Entscheidung').count(), 1);
    await a11y.check(page, 'idea page, author with an open suggestion');

    // A decision needs a reason.
    const noReason = await submit(page, 'Übernehmen', suggestion);
    assert.equal(noReason.status(), 422);
    const reasonError = page.locator(`#reason-${sid}-error`);
    assert.equal(await text(reasonError), 'Bitte füllen Sie dieses Feld aus.');
    assert.equal(await page.locator(`#reason-${sid}`).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator(`#reason-${sid}`).getAttribute('aria-describedby'), `reason-${sid}-error`);
    assert.equal(await heading(page), IDEA.title, 'nothing changed');
    await a11y.check(page, 'idea page, decision without a reason');

    await page.locator(`#reason-${sid}`).fill(IDEA.reason);
    await submit(page, 'Übernehmen', together(page).locator(`#suggestion-${sid}`));
    assert.equal(pathOf(page), ideaPath());
    assert.equal(await flash(page), 'Der Vorschlag wurde übernommen; es gibt eine neue Fassung.');
    assert.equal(await heading(page), IDEA.newTitle);
    assert.equal(await text(page.locator('.idea-body')), IDEA.newBody);
    const decided = together(page).locator(`#suggestion-${sid}`);
    assert.match(await text(decided.locator('.meta')), / · übernommen$/);
    assert.match(await text(decided), new RegExp(`Begründung: ${escapeRegExp(IDEA.reason)}`));
    assert.equal(await decided.locator('.diff').count(), 0, 'a decided suggestion shows no diff');
    assert.equal(await decided.locator('form').count(), 0);
    const versionsLink = together(page).getByRole('link', { name: '2 Fassungen', exact: true });
    assert.equal(await versionsLink.getAttribute('href'), `${ideaPath()}/versions`);
    await a11y.check(page, 'idea page after accepting a suggestion');

    // The version history: both versions and the diff between them
    await follow(page, '2 Fassungen', together(page));
    assert.equal(pathOf(page), `${ideaPath()}/versions`);
    assert.equal(await heading(page), `Fassungen von „${IDEA.newTitle}“`);
    const versions = (await page.locator('ol.versions > li').allInnerTexts()).map(normalize);
    assert.equal(versions.length, 2, `two versions: ${JSON.stringify(versions)}`);
    assert.match(versions[0], new RegExp(`^Fassung 1 – ${IDEA.title} \\(${alma.name}, `));
    assert.match(versions[1], new RegExp(`^Fassung 2 – ${IDEA.newTitle} \\(${bruno.name}, `), 'the suggester wrote version 2');
    assert.equal(await text(page.locator('ol.versions > li').nth(1).locator('strong')), 'Fassung 2', 'the shown version is marked');
    assert.equal(await text(page.getByRole('heading', { level: 2 })), 'Unterschiede zwischen Fassung 1 und 2');
    const vdiff = page.locator('main .diff');
    assert.match((await vdiff.locator('ins').allInnerTexts()).join(' '), /überdachte/);
    assert.match((await vdiff.locator('del').allInnerTexts()).join(' '), /40/);
    await a11y.check(page, 'version history');
    await follow(page, IDEA.newTitle, page.locator('.breadcrumb'));
    assert.equal(pathOf(page), ideaPath());
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 5. a co-author ----

test('the author invites a third citizen, who accepts and is listed as co-author', async () => {
  const a11y = new A11yLog();
  const b = await openPage(browser, server);
  try {
    await withPage({}, async (page) => {
      await login(page, alma);
      await page.goto(ideaPath());

      // An address without an account is answered like any other, so that nobody learns who is
      // registered; nothing is sent to it.
      await page.locator('#invite-email').fill(`niemand-${RUN}@example.org`);
      await submit(page, 'Einladen', together(page));
      assert.equal(pathOf(page), ideaPath());
      assert.equal(await flash(page), 'Wenn es zu dieser Adresse ein Konto gibt, ist die Einladung unterwegs.');
      await a11y.check(page, 'idea page, invitation of an unknown address');

      const seen = server.mailFiles();
      await page.locator('#invite-email').fill(carla.email);
      await submit(page, 'Einladen', together(page));
      assert.equal(pathOf(page), ideaPath());
      assert.equal(await flash(page), 'Wenn es zu dieser Adresse ein Konto gibt, ist die Einladung unterwegs.');
      assert.equal(await text(together(page).locator('p').first()), `Verfasst von ${alma.name} · 2 Fassungen`, 'not a co-author yet');
      await a11y.check(page, 'idea page after inviting');

      // Carla gets a mail with the link to the idea.
      const mail = await server.waitForMail(carla.email, { ignore: seen });
      assert.equal(mail.subject, `Einladung: Idee „${IDEA.newTitle}“ gemeinsam verfassen`);
      assert.match(mail.body, new RegExp(`${alma.name} lädt Sie ein`));
      const link = server.url(ideaPath());
      assert.ok(mail.body.includes(link), `the mail links to ${link}:\n${mail.body}`);

      await login(b.page, carla);
      await b.page.goto(link);
      const notice = together(b.page).locator('.notice');
      assert.match(await text(notice), /^Sie wurden eingeladen, diese Idee mitzuverfassen\./);
      assert.equal(await notice.getByRole('button', { name: 'Einladung annehmen' }).count(), 1);
      assert.equal(await notice.getByRole('button', { name: 'Ablehnen' }).count(), 1);
      await a11y.check(b.page, 'idea page, invited citizen');
      await submit(b.page, 'Einladung annehmen', notice);
      assert.equal(pathOf(b.page), ideaPath());
      assert.equal(new URL(b.page.url()).hash, '#together');
      assert.equal(await flash(b.page), 'Sie verfassen diese Idee jetzt mit.');
      assert.equal(
        await text(together(b.page).locator('p').first()),
        `Verfasst von ${alma.name}, ${carla.name} · 2 Fassungen`,
      );
      assert.equal(await together(b.page).locator('.notice').count(), 0, 'the invitation is answered');
      assert.equal(await b.page.locator('#invite-email').count(), 1, 'co-authors may invite, too');
      assert.equal(await together(b.page).locator('details.suggest').count(), 0, 'co-authors change the text themselves');
      await a11y.check(b.page, 'idea page, co-author');

      // The author sees it as well.
      await page.reload();
      assert.equal(await text(together(page).locator('p').first()), `Verfasst von ${alma.name}, ${carla.name} · 2 Fassungen`);
      await logout(page);
      await logout(b.page);
    });
    setAsideBrokenPictures(b.guard);
    b.guard.assertClean();
  } finally {
    await b.context.close();
  }
  a11y.assertClean();
});

// ---- 6. staff answer ----

test('staff answer the idea in public, and supporters get a mail', async () => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    await login(page, STAFF);
    // The staff's entries sit in the header's "Arbeitsbereich" menu.
    await page.locator('header').getByRole('button', { name: 'Arbeitsbereich' }).click();
    await follow(page, 'Eingang Ideen', page.locator('header'));
    assert.equal(pathOf(page), '/staff/ideas');
    assert.equal(await heading(page), 'Eingang der Ideen');
    assert.equal(await text(page.locator('main .lead')), `Ideen, die an ${DEPARTMENT} weitergeleitet wurden`);
    assert.equal(await page.locator('header').getByRole('link', { name: 'Eingang Ideen', includeHidden: true }).getAttribute('aria-current'), 'page');
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle]);
    assert.match(await text(page.locator('.idea-cards > li').first()), new RegExp(`Eingegangen · ${IDEA.category} · ${PROCESS.title}`));
    await a11y.check(page, 'staff inbox');
    await follow(page, IDEA.newTitle, page.locator('.idea-cards'));
    assert.equal(pathOf(page), ideaPath());

    const panel = page.locator('section.staff-panel');
    assert.equal(await text(panel.getByRole('heading', { level: 2 })), 'Bearbeitung durch die Behörde');
    const next = (await page.locator('#staff-status option').allInnerTexts()).map(normalize);
    assert.deepEqual(next, ['In Prüfung', 'Angenommen', 'Abgelehnt']);
    assert.ok((await page.locator('#staff-department_id option').count()) > 0, 'other departments to forward to');
    assert.equal(await panel.getByRole('button', { name: 'Weiterleiten' }).count(), 1);
    await a11y.check(page, 'idea page, staff');
    // Staff see the picture (citizens and visitors do not: F-7).
    await page.waitForFunction(() => {
      const i = document.querySelector('ul.idea-images img');
      return i && i.complete;
    });
    assert.ok(await page.locator('ul.idea-images img').evaluate((i) => i.naturalWidth > 0), 'the picture loads for staff');

    // "In Prüfung" without an answer
    await page.locator('#staff-status').selectOption({ label: 'In Prüfung' });
    const noAnswer = await submit(page, 'Status ändern und Antwort veröffentlichen', panel);
    assert.equal(noAnswer.status(), 422);
    const summary = page.locator('section.staff-panel .error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    const item = summary.getByRole('link', { name: 'Antwort: Bitte füllen Sie dieses Feld aus.', exact: true });
    assert.equal(await item.count(), 1, `summary: ${await text(summary)}`);
    assert.equal(await item.getAttribute('href'), '#staff-answer');
    assert.equal(await page.locator('#staff-answer').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#staff-answer').getAttribute('aria-describedby'), /\bstaff-answer-error\b/);
    assert.equal(await page.locator('#staff-status option:checked').innerText(), 'In Prüfung', 'the chosen status is kept');
    assert.equal(await text(statusBadge(page)), 'Eingegangen', 'nothing changed');
    await a11y.check(page, 'idea page, status change without an answer');

    let seen = server.mailFiles();
    await page.locator('#staff-answer').fill(ANSWER_REVIEW);
    await submit(page, 'Status ändern und Antwort veröffentlichen', page.locator('section.staff-panel'));
    assert.equal(pathOf(page), ideaPath());
    assert.equal(new URL(page.url()).hash, '#answers');
    assert.equal(await flash(page), 'Der Status wurde geändert und die Antwort veröffentlicht.');
    assert.equal(await text(statusBadge(page)), 'In Prüfung');
    const answers = page.locator('section#answers');
    assert.equal(await text(answers.getByRole('heading', { level: 2 })), 'Antwort der Verwaltung');
    assert.equal(await text(answers.locator('.answer-body')), ANSWER_REVIEW);
    assert.match(await text(answers.locator('.meta')), new RegExp(`^${escapeRegExp(DEPARTMENT)} · .+ · In Prüfung$`));
    await a11y.check(page, 'idea page, in review');
    let mail = await server.waitForMail(bruno.email, { ignore: seen });
    assert.equal(mail.subject, `Neuer Stand Ihrer Idee „${IDEA.newTitle}“: In Prüfung`);

    // Accepted
    const nextNow = (await page.locator('#staff-status option').allInnerTexts()).map(normalize);
    assert.deepEqual(nextNow, ['Angenommen', 'Abgelehnt']);
    seen = server.mailFiles();
    await page.locator('#staff-status').selectOption({ label: 'Angenommen' });
    await page.locator('#staff-answer').fill(ANSWER_ACCEPTED);
    await submit(page, 'Status ändern und Antwort veröffentlichen', page.locator('section.staff-panel'));
    assert.equal(await flash(page), 'Der Status wurde geändert und die Antwort veröffentlicht.');
    assert.equal(await text(statusBadge(page)), 'Angenommen');
    assert.equal(await text(page.locator('section#answers .answer-body')), ANSWER_ACCEPTED, 'the newest answer is shown on top');
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Verlauf', level: 2 }) });
    const steps = (await history.locator('ol.history > li').allInnerTexts()).map(normalize);
    assert.equal(steps.length, 2, `two answers in the history: ${JSON.stringify(steps)}`);
    assert.match(steps[0], /^Angenommen – /);
    assert.match(steps[1], /^In Prüfung – /);
    await a11y.check(page, 'idea page, accepted, staff');
    await logout(page);

    // The supporter's mail: status, answer and link
    mail = await server.waitForMail(bruno.email, { ignore: seen });
    assert.equal(mail.subject, `Neuer Stand Ihrer Idee „${IDEA.newTitle}“: Angenommen`);
    assert.match(mail.body, new RegExp(`^Hallo ${bruno.name},`));
    assert.ok(mail.body.includes(`die Idee „${IDEA.newTitle}“ hat einen neuen Stand: Angenommen.`), mail.body);
    assert.ok(normalize(mail.body).includes(ANSWER_ACCEPTED), `the mail has the answer:\n${mail.body}`);
    const link = server.url(ideaPath());
    assert.match(mail.body, new RegExp(`Zur Idee: ${escapeRegExp(link)}(?![0-9/])`));
    // The author and the co-author hear of it, too.
    for (const person of [alma, carla]) {
      const m = await server.waitForMail(person.email, { ignore: seen });
      assert.equal(m.subject, `Neuer Stand Ihrer Idee „${IDEA.newTitle}“: Angenommen`, `mail to ${person.name}`);
    }

    // The supporter follows the link.
    await login(page, bruno);
    await page.goto(link);
    assert.equal(await text(page.locator('section#answers .answer-body')), ANSWER_ACCEPTED);
    assert.equal(await page.getByRole('heading', { name: 'Bearbeitung durch die Behörde' }).count(), 0);
    await a11y.check(page, 'idea page, accepted, supporter');
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 7. lists, map, inbox, exports ----

test('list filters and sorting, the map, the staff inbox filters and the exports', async (t) => {
  const a11y = new A11yLog();
  await withPage({}, async (page) => {
    // A second idea, without a place, and a comment on it
    await login(page, carla);
    await page.goto(`${processPath()}/ideas/new`);
    await fillIdeaForm(page, { title: IDEA2.title, body: IDEA2.body, category: IDEA2.category });
    await submit(page, 'Idee einreichen');
    IDEA2.id = ideaIdFromUrl(page);
    assert.equal(await page.locator('p.place').count(), 0, 'no place');
    assert.equal(await page.locator('ul.idea-images').count(), 0, 'no pictures');
    assert.equal(await text(page.locator('article.idea > header .meta').first()), `Eingegangen · ${IDEA2.category}`);
    await a11y.check(page, 'second idea, no place, no picture');
    await logout(page);

    await login(page, bruno);
    await page.goto(ideaPath(IDEA2));
    await page.locator('#new-comment').fill('Ja, bitte! Dort wird man beim Abbiegen ständig übersehen.');
    await submit(page, 'Beitrag veröffentlichen');
    assert.equal(pathOf(page), ideaPath(IDEA2));
    assert.equal(await flash(page), 'Ihr Beitrag wurde veröffentlicht.');
    assert.match(new URL(page.url()).hash, /^#comment-\d+$/);
    assert.equal(await page.locator('#comments > li').count(), 1);
    assert.equal(await text(page.locator('#discussion-title')), 'Diskussion (ein Beitrag)');
    await a11y.check(page, 'second idea after a comment');
    await logout(page);

    // The list, as a visitor
    await page.goto(`${processPath()}/ideas`);
    assert.equal(await text(page.locator('main p[role="status"]')), '2 Ideen.');
    assert.deepEqual(await cardTitles(page), [IDEA2.title, IDEA.newTitle], 'newest first');
    assert.equal(await page.locator('main .actions').getByRole('link', { name: 'Idee einreichen' }).count(), 1);
    await a11y.check(page, 'idea list, visitor');

    const filter = async (values) => {
      for (const [id, label] of Object.entries(values)) await page.locator(`#${id}`).selectOption({ label });
      await submit(page, 'Filtern');
    };
    await filter({ 'f-category': IDEA.category });
    assert.equal(new URL(page.url()).searchParams.get('category'), IDEA.category);
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle]);
    assert.equal(await text(page.locator('main p[role="status"]')), 'Eine Idee.');
    assert.equal(await page.locator('#f-category option:checked').innerText(), IDEA.category, 'the filter is kept');
    await a11y.check(page, 'idea list, filtered by category');

    await filter({ 'f-category': 'Alle', 'f-status': 'Angenommen' });
    assert.equal(new URL(page.url()).searchParams.get('status'), 'accepted');
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle]);
    await filter({ 'f-status': 'Eingegangen' });
    assert.deepEqual(await cardTitles(page), [IDEA2.title]);
    await filter({ 'f-status': 'Umgesetzt' });
    assert.deepEqual(await cardTitles(page), []);
    assert.equal(await text(page.locator('main p[role="status"]')), 'Keine Ideen.');
    await a11y.check(page, 'idea list, filtered, no results');

    await filter({ 'f-status': 'Alle', 'f-sort': 'Meiste Unterstützung' });
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'supported');
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle, IDEA2.title]);
    await a11y.check(page, 'idea list, most supported first');
    await filter({ 'f-sort': 'Meistdiskutiert' });
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'discussed');
    assert.deepEqual(await cardTitles(page), [IDEA2.title, IDEA.newTitle]);
    await filter({ 'f-sort': 'Zufällig' });
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'random');
    assert.deepEqual((await cardTitles(page)).sort(), [IDEA.newTitle, IDEA2.title].sort());
    await a11y.check(page, 'idea list, random order');

    // A visitor sees the idea but is asked to log in to support it.
    await follow(page, IDEA.newTitle, page.locator('.idea-cards'));
    assert.equal(await supportCount(page), 'eine Unterstützung');
    assert.equal(await page.locator('#support button').count(), 0);
    assert.equal(await page.locator('#support').getByRole('link', { name: 'Melden Sie sich an, um die Idee zu unterstützen' }).count(), 1);
    assert.equal(await together(page).locator('details.suggest, form').count(), 0);
    await a11y.check(page, 'idea page, visitor');

    // The map: a point for the idea with a place, and a table
    await page.goto(`${processPath()}/ideas`);
    await follow(page, 'Ideen auf der Karte', page.locator('main .actions'));
    assert.equal(pathOf(page), `${processPath()}/ideas/map`);
    assert.equal(await heading(page), `Karte der Ideen: ${PROCESS.title}`);
    const svg = page.locator('figure.idea-map svg.map-svg');
    assert.equal(await svg.getAttribute('role'), 'group');
    const markers = svg.locator('a.map-marker');
    assert.equal(await markers.count(), 1, 'one marker: the second idea has no place');
    assert.equal(await markers.first().getAttribute('href'), ideaPath(), 'the marker links to its idea');
    assert.equal(await markers.first().getAttribute('aria-label'), `${IDEA.newTitle} (Angenommen)`);
    assert.match(normalize(await page.locator('#map-desc').textContent()), /^Ein Punkt für eine Idee mit Ort; die Lage folgt den Koordinaten\./);
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 1);
    const cells = (await rows.first().locator('td').allInnerTexts()).map(normalize);
    assert.deepEqual(cells, [IDEA.newTitle, IDEA.address, '53.56050, 9.98930', 'Angenommen']);
    assert.equal(await rows.first().getByRole('link').getAttribute('href'), ideaPath());
    await a11y.check(page, 'idea map');

    // The staff inbox with filters
    await login(page, STAFF);
    await page.goto('/staff/ideas');
    assert.equal(await text(page.locator('main p[role="status"]')), '2 Ideen.');
    assert.equal(await page.locator('#i-department').count(), 0, 'staff see their own department only');
    await page.locator('#i-status').selectOption({ label: 'Angenommen' });
    await submit(page, 'Filtern');
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle]);
    assert.equal(await page.locator('#i-status option:checked').innerText(), 'Angenommen');
    await a11y.check(page, 'staff inbox, filtered by status');
    await page.locator('#i-status').selectOption({ label: 'Alle' });
    await page.locator('#i-min').fill('1');
    await submit(page, 'Filtern');
    assert.deepEqual(await cardTitles(page), [IDEA.newTitle], 'at least one support');
    await page.locator('#i-min').fill('');
    await page.locator('#i-category').fill(IDEA2.category);
    await submit(page, 'Filtern');
    assert.deepEqual(await cardTitles(page), [IDEA2.title]);
    await page.locator('#i-category').fill('');
    await page.locator('#i-sort').selectOption({ label: 'Meistdiskutiert' });
    await submit(page, 'Filtern');
    assert.deepEqual(await cardTitles(page), [IDEA2.title, IDEA.newTitle]);
    // The day after tomorrow: later than today in any time zone.
    await page.locator('#i-from').fill(isoDay(2));
    await submit(page, 'Filtern');
    assert.equal(await text(page.locator('main p[role="status"]')), 'Keine Ideen.', 'nothing came in after today');
    await a11y.check(page, 'staff inbox, no results');

    // Exports (links on the process page for staff)
    await page.goto(processPath());
    const panel = page.locator('section.staff-panel');
    const csvHref = await panel.getByRole('link', { name: 'Ideen als CSV', exact: true }).getAttribute('href');
    const commaHref = await panel.getByRole('link', { name: 'Ideen als CSV (mit Kommas getrennt)' }).getAttribute('href');
    assert.equal(commaHref, `${processPath()}/ideas.csv?sep=comma`);
    const xlsxHref = await panel.getByRole('link', { name: 'Ideen als Excel-Datei' }).getAttribute('href');
    assert.equal(csvHref, `${processPath()}/ideas.csv`);
    assert.equal(xlsxHref, `${processPath()}/ideas.xlsx`);
    await a11y.check(page, 'process page with two ideas, staff');

    const csv = await page.request.get(csvHref);
    assert.equal(csv.status(), 200);
    assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.headers()['content-disposition'] || '', /^attachment; filename="ideen-\d+-\d{4}-\d\d-\d\d\.csv"$/);
    const csvText = (await csv.body()).toString('utf8');
    // German readers get semicolons, as German spreadsheet programs expect.
    assert.ok(csvText.startsWith('\ufeffid;title;text;category;status;'), `CSV header: ${csvText.slice(0, 120)}`);
    assert.equal(csvText.trim().split(/\r?\n/).length, 3, 'a header and two ideas');
    for (const s of [IDEA.newTitle, IDEA2.title, 'accepted', IDEA.address, server.url(ideaPath())]) {
      assert.ok(csvText.includes(s), `the CSV contains ${JSON.stringify(s)}`);
    }

    const xlsx = await page.request.get(xlsxHref);
    assert.equal(xlsx.status(), 200);
    assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(xlsx.headers()['content-disposition'] || '', /^attachment; filename="[^"]+\.xlsx"$/);
    const xlsxBody = await xlsx.body();
    assert.equal(xlsxBody.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an XLSX file is a ZIP archive');
    await logout(page);

    // Citizens may not export.
    await login(page, bruno);
    for (const href of [csvHref, xlsxHref]) {
      const res = await page.request.get(href);
      assert.equal(res.status(), 403, `${href} is for staff only`);
    }
    const inbox = await page.goto('/staff/ideas');
    assert.equal(inbox.status(), 403, 'the inbox is for staff only');
    await a11y.check(page, 'staff inbox, forbidden for citizens');
    await logout(page);
  });
  a11y.assertClean();
});

// ---- 8. without JavaScript ----

test('without JavaScript the supporter can still support and suggest a change', async () => {
  // axe-core needs JavaScript in the page: this run checks function only.
  const title = 'Mehr überdachte Fahrradbügel und Reparaturstation am Dammtor';
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await login(page, bruno);
    await page.goto(ideaPath());
    assert.equal(await supportCount(page), 'eine Unterstützung');
    await navigate(page, () => supportButton(page).click());
    assert.equal(await flash(page), 'Ihre Unterstützung wurde zurückgezogen.');
    assert.equal(await supportCount(page), 'noch keine Unterstützung');
    assert.equal(await supportButton(page).getAttribute('aria-pressed'), 'false');
    await navigate(page, () => supportButton(page).click());
    assert.equal(await flash(page), 'Sie unterstützen diese Idee.');
    assert.equal(await supportCount(page), 'eine Unterstützung');
    assert.equal(await supportButton(page).getAttribute('aria-pressed'), 'true');

    // <details> opens without any script.
    const details = together(page).locator('details.suggest');
    assert.equal(await page.locator('#suggest-title').isVisible(), false);
    await details.locator('summary').click();
    assert.equal(await page.locator('#suggest-title').isVisible(), true);
    await page.locator('#suggest-title').fill(title);
    await page.locator('#suggest-note').fill('Eine Luftpumpe und etwas Werkzeug wären praktisch.');
    await submit(page, 'Vorschlag senden', details);
    assert.equal(await flash(page), 'Ihr Vorschlag wurde an die Verfasser:innen gesendet.');
    const open = together(page).locator('li.suggestion', { hasText: 'offen' });
    assert.equal(await open.count(), 1);
    assert.match((await open.locator('.diff-title ins').allInnerTexts()).join(' '), /Reparaturstation/);
    await logout(page);
  });
});

// ---- 9. reflow ----

test('idea pages reflow to 320 CSS pixels without horizontal scrolling', async (t) => {
  // WCAG 1.4.10 (Reflow) is not checked by axe-core.
  const viewport = { width: 320, height: 640 };
  await withPage({ viewport }, async (page) => {
    // The author sees the open suggestion (diff and decision form) and the invite form.
    await login(page, alma);
    await page.goto(ideaPath());
    assert.equal(await together(page).locator('.diff').count(), 1, 'an open suggestion with its diff');
    await checkReflow(page, 'idea page, author');
    await page.goto(`${ideaPath()}/versions`);
    await checkReflow(page, 'version history');

    await page.goto(`${processPath()}/ideas/new`);
    await checkReflow(page, 'idea form');
    await fillIdeaForm(page, { lat: '100' });
    await submit(page, 'Idee einreichen');
    assert.ok((await page.locator('.error-summary li').count()) >= 3, 'the form shows its errors');
    await checkReflow(page, 'idea form with errors');
    await logout(page);
  });

  await withPage({ viewport }, async (page) => {
    await login(page, STAFF);
    await page.goto(ideaPath());
    await checkReflow(page, 'idea page, staff');
    await page.goto('/staff/ideas');
    await checkReflow(page, 'staff inbox');
    await page.goto(`${processPath()}/ideas`);
    await checkReflow(page, 'idea list');
    await page.goto(`${processPath()}/ideas/map`);
    const map = await horizontalOverflow(page);
    await t.test('the map page fits 320 px', () => {
      assert.ok(
        map.scrollWidth <= map.viewport,
        `the map page is ${map.scrollWidth}px wide at a ${map.viewport}px viewport: ${map.overflowing.join(', ')}`,
      );
    });
  });
});

// ---- 10. F-7 ----

test('the pictures of an idea load for citizens and visitors', async () => {
  assert.ok(IDEA_PICTURES.size > 0, 'the idea has a picture');
  const answers = [];
  for (const [who, person] of [['visitor', null], ['citizen', bruno]]) {
    await withPage({}, async (page) => {
      if (person) await login(page, person);
      for (const id of IDEA_PICTURES) {
        for (const size of ['small', 'large']) {
          const res = await page.request.get(`/images/${id}/${size}.jpg`);
          answers.push(`${who}: /images/${id}/${size}.jpg HTTP ${res.status()}`);
        }
      }
    });
  }
  const failed = answers.filter((a) => !a.endsWith('HTTP 200'));
  assert.deepEqual(
    [...failed, ...brokenPictures],
    [],
    'pictures of ideas that did not load for citizens or visitors (direct requests, then loads during the tests)',
  );
});
