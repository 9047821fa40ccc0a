'use strict';
// Participation processes and their discussions in the browser: staff create
// a process (with errors, an image upload and a refused fake image), citizens
// discuss it (comment, reply, react, edit, delete, sort), new comments arrive
// live, search, lists, archive, drafts and feeds, the discussion without
// JavaScript, and screenshots. axe-core (WCAG 2.1 A/AA) runs on every page
// state the journeys show.
//
// The tests build on each other: the first creates the process the others
// discuss. People: one staff account (made with `mitreden user create`) and
// three registered citizens (the app allows 10 registrations an hour per IP).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, horizontalOverflow, screenshot } = require('../lib/browser');
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
// A department of its own, so that the filters find exactly this test's processes
// whatever demo data the server brings.
const DEPARTMENT = `Amt für Prüfverfahren ${RUN}`;
const TAG = `Testthema ${RUN}`;
const STAFF = {
  email: uniqueEmail('staff'),
  password: 'staff-pass-123',
  name: 'Team Prüfverfahren',
};
const alma = { email: uniqueEmail('alma'), name: 'Alma Anwohnerin', password: 'alma-wohnt-am-kanal-1' };
const bruno = { email: uniqueEmail('bruno'), name: 'Bruno Radfahrer', password: 'bruno-faehrt-rad-22' };
const carla = { email: uniqueEmail('carla'), name: 'Carla Ohneskript', password: 'carla-ohne-javascript' };

// The process the first test creates and the others discuss.
const PROCESS = {
  id: null,
  title: `Neuer Radweg an der Alster ${RUN}`,
  summary: 'Die Stadt plant einen breiten Radweg am Ostufer. Wie soll er aussehen?',
  description:
    'Der heutige Weg ist **zu schmal** für Rad- und Fußverkehr.\n\n' +
    'Wir möchten wissen:\n\n- wo Sie Engstellen sehen\n- wo Bänke fehlen\n- wie der Weg beleuchtet sein soll',
  tags: ['Radverkehr', TAG],
  imageAlt: 'Luftbild des Ostufers der Alster mit dem heutigen schmalen Weg',
};
// The top-level comment Alma writes in the citizen journey, and Bruno's
// reply to it from the live test.
let almaComment = null;
let brunoLiveReply = null;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  const { context, page, guard } = await openPage(browser, server);
  try {
    await registerAndVerify(page, server, alma);
    await registerAndVerify(page, server, bruno);
    guard.assertClean();
  } finally {
    await context.close();
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop(); // fails if mitreden does not exit cleanly on SIGTERM
});

/** Opens a fresh context + page, runs fn, then checks the request guard and closes. */
async function withPage(options, fn) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

// ---- dates ----

const pad = (n) => String(n).padStart(2, '0');
const MONTHS_DE = [
  'Januar', 'Februar', 'März', 'April', 'Mai', 'Juni',
  'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember',
];

/** Today + `offset` days in the local time zone (the server runs on the same machine). */
function day(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return d;
}
/** YYYY-MM-DD, as <input type="date"> takes it. */
const isoDay = (offset) => {
  const d = day(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
/** "23. November 2026", as the German pages show a date. */
const germanDay = (offset) => {
  const d = day(offset);
  return `${d.getDate()}. ${MONTHS_DE[d.getMonth()]} ${d.getFullYear()}`;
};

// ---- page parts ----

/** The error message next to a form field (`.field` around #id, or the fieldset #id). */
function fieldError(page, id) {
  return page.locator(`.field:has(#${id}) > .error-message, fieldset#${id} > .error-message`);
}

/** The article of one comment (not the ones of its replies). */
function commentArticle(page, id) {
  return page.locator(`li#comment-${id} > article`);
}

/** The comment id in the URL fragment after posting (#comment-123). */
function commentIdFromUrl(page) {
  const m = new URL(page.url()).hash.match(/^#comment-(\d+)$/);
  assert.ok(m, `the page after posting points at the new comment (URL ${page.url()})`);
  return Number(m[1]);
}

function processPath() {
  assert.ok(PROCESS.id, 'the process of the first test exists (did the staff journey fail?)');
  return `/processes/${PROCESS.id}`;
}

/** Fills the process form. Dates: { information: [from, until], participation: [...], ... } as day offsets. */
async function fillProcessForm(page, { title, summary, description = '', tags = [], department, phases }) {
  await page.locator('#title').fill(title);
  await page.locator('#summary').fill(summary);
  await page.locator('#description').fill(description);
  await page.locator('#tags').fill(tags.join(', '));
  if (department) await page.locator('#department_id').selectOption({ label: department });
  for (const [kind, [from, until]] of Object.entries(phases)) {
    await page.locator(`#${kind}_from`).fill(from === null ? '' : isoDay(from));
    await page.locator(`#${kind}_until`).fill(until === null ? '' : isoDay(until));
  }
}

/**
 * On the start page: opens the process card in "Jetzt mitmachen". If
 * the section shows only the first few, goes on through "Alle … anzeigen" and
 * the pages of the list.
 */
async function openFromHome(page, title, onPage = async () => {}) {
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Jetzt mitmachen', level: 2 }) });
  let link = section.getByRole('link', { name: title, exact: true });
  if ((await link.count()) === 0) {
    await navigate(page, () => section.getByRole('link', { name: /^Alle \d+ anzeigen$/ }).click());
    await onPage('list of current processes');
    link = page.locator('main').getByRole('link', { name: title, exact: true });
    while ((await link.count()) === 0) {
      await follow(page, 'Nächste Seite');
    }
  }
  await navigate(page, () => link.click());
  assert.equal(pathOf(page), processPath());
}

// ---- 1. staff ----

test('staff journey: the new process form with errors, publishing with an image, a refused fake image', async (t) => {
  const a11y = new A11yLog();

  await withPage({}, async (page) => {
    await login(page, STAFF);
    // Staff start on their dashboard; the journey begins on the start page.
    await page.goto('/');
    await a11y.check(page, 'home, staff');

    await follow(page, 'Alle Beteiligungsverfahren', page.locator('main'));
    assert.equal(pathOf(page), '/processes');
    assert.equal(await heading(page), 'Beteiligungsverfahren');
    await a11y.check(page, 'process list, staff');

    await follow(page, 'Neues Beteiligungsverfahren', page.locator('main'));
    assert.equal(pathOf(page), '/processes/new');
    assert.equal(await heading(page), 'Neues Beteiligungsverfahren');
    assert.equal(await page.locator('main form').getAttribute('action'), '/processes');
    // The upload's token travels as the body's first part, never in the URL.
    assert.equal(await page.locator('main form input').first().getAttribute('name'), 'csrf_token');
    assert.equal(await page.locator('#department_id option:checked').innerText(), DEPARTMENT);
    await a11y.check(page, 'new process form');

    // Empty form: errors at the top and next to the fields
    const empty = await submit(page, 'Veröffentlichen');
    assert.equal(empty.status(), 422, 'an empty process form is answered with 422');
    assert.equal(pathOf(page), '/processes');
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    const summaryText = await text(summary);
    assert.match(summaryText, /Bitte korrigieren Sie die folgenden Angaben/);
    assert.match(summaryText, /Bitte füllen Sie dieses Feld aus\./);
    assert.match(summaryText, /Bitte geben Sie Beginn und Ende der Beteiligungsphase an\./);
    assert.equal(
      await summary.getByRole('link', { name: 'Bitte geben Sie Beginn und Ende der Beteiligungsphase an.' }).getAttribute('href'),
      '#participation',
    );
    assert.equal(await page.locator('fieldset#participation').count(), 1, 'the summary link has a target');
    const summaryLinks = (await summary.getByRole('link').allInnerTexts()).map(normalize);
    await t.test('each link in the error summary says which field it is about', () => {
      assert.equal(
        new Set(summaryLinks).size,
        summaryLinks.length,
        `links to different fields can be told apart: ${JSON.stringify(summaryLinks)}`,
      );
    });

    for (const id of ['title', 'summary']) {
      assert.equal(await text(fieldError(page, id)), 'Fehler: Bitte füllen Sie dieses Feld aus.', `error next to #${id}`);
      assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true');
      const errorId = await fieldError(page, id).getAttribute('id');
      assert.match(await page.locator(`#${id}`).getAttribute('aria-describedby'), new RegExp(`\\b${errorId}\\b`));
    }
    assert.equal(
      await text(fieldError(page, 'participation')),
      'Fehler: Bitte geben Sie Beginn und Ende der Beteiligungsphase an.',
    );
    assert.equal(await page.locator('#participation_from').getAttribute('aria-invalid'), 'true');
    assert.equal(await fieldError(page, 'description').count(), 0, 'the description is optional');
    assert.equal(await fieldError(page, 'information').count(), 0, 'the information phase is optional');
    assert.equal(await flash(page), null);
    await a11y.check(page, 'new process form with errors');
    await screenshot(page, 'process-form-errors');

    // Filled in, with a PNG image
    await fillProcessForm(page, {
      title: PROCESS.title,
      summary: PROCESS.summary,
      description: PROCESS.description,
      tags: PROCESS.tags,
      department: DEPARTMENT,
      phases: {
        information: [-10, -2],
        participation: [-1, 10],
        evaluation: [11, 20],
        result: [21, null],
      },
    });
    await page.setInputFiles('#image', { name: 'alster.png', mimeType: 'image/png', buffer: makePng(800, 450) });
    await page.locator('#image_alt').fill(PROCESS.imageAlt);
    await submit(page, 'Veröffentlichen');

    const m = pathOf(page).match(/^\/processes\/(\d+)$/);
    assert.ok(m, `publishing redirects to the process page (now ${page.url()})`);
    PROCESS.id = Number(m[1]);
    assert.equal(await flash(page), 'Das Verfahren wurde gespeichert.');
    assert.equal(await heading(page), PROCESS.title);
    assert.equal(await text(page.locator('.process-header .lead')), PROCESS.summary);
    assert.match(await text(page.locator('.process-header .meta')), new RegExp(DEPARTMENT));

    // The image, scaled by the app, with its text alternative
    const img = page.locator('img.process-image');
    assert.equal(await img.getAttribute('alt'), PROCESS.imageAlt);
    assert.match(await img.getAttribute('src'), /^\/images\/\d+\/large\.jpg$/);
    await page.waitForFunction(() => {
      const i = document.querySelector('img.process-image');
      return i && i.complete;
    });
    assert.ok(await img.evaluate((i) => i.naturalWidth > 0), 'the image loads');

    // Tags link to the filtered list
    const tags = page.getByRole('list', { name: 'Themen' }).getByRole('link');
    assert.deepEqual((await tags.allInnerTexts()).map((t) => t.trim()).sort(), [...PROCESS.tags].sort());

    // Timeline: four phases, participation is the current one
    const phases = page.locator('ol.timeline > li');
    assert.equal(await phases.count(), 4);
    const current = page.locator('ol.timeline > li[aria-current="step"]');
    assert.equal(await current.count(), 1, 'exactly one current phase');
    assert.equal(await text(current.locator('.phase-name')), 'Beteiligung');
    assert.equal(await text(current.locator('.phase-state')), 'läuft gerade');
    assert.equal(await text(current.locator('.phase-dates')), `${germanDay(-1)} bis ${germanDay(10)}`);
    assert.equal(await text(phases.nth(0).locator('.phase-state')), 'abgeschlossen');
    assert.equal(await text(phases.nth(3).locator('.phase-dates')), `ab ${germanDay(21)}`);

    // Description from Markdown
    const description = page.locator('section.description');
    assert.equal(await text(description.locator('strong')), 'zu schmal');
    assert.equal(await description.locator('li').count(), 3);

    // Staff panel and discussion form
    const staffPanel = page.locator('section.staff-panel');
    assert.equal(await staffPanel.getByRole('link', { name: 'Verfahren bearbeiten' }).count(), 1);
    assert.equal(await staffPanel.getByRole('button', { name: 'Zurück zum Entwurf' }).count(), 1);
    assert.equal(await staffPanel.getByRole('button', { name: 'Archivieren' }).count(), 1);
    assert.equal(await staffPanel.getByRole('button', { name: 'Veröffentlichen' }).count(), 0, 'already published');
    assert.equal(await page.locator('#discussion #new-comment').count(), 1, 'the discussion is open');
    await a11y.check(page, 'process page, staff');

    // Edit page: a text file named .jpg is refused
    await follow(page, 'Verfahren bearbeiten', staffPanel);
    assert.equal(pathOf(page), `/processes/${PROCESS.id}/edit`);
    assert.equal(await heading(page), 'Verfahren bearbeiten');
    assert.equal(await page.locator('#title').inputValue(), PROCESS.title);
    assert.equal(await page.locator('#participation_from').inputValue(), isoDay(-1));
    assert.equal(await page.locator('#image_alt').inputValue(), PROCESS.imageAlt);
    await a11y.check(page, 'edit process form');

    await page.setInputFiles('#image', {
      name: 'foto.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('Das ist kein Bild, sondern nur Text.\n'),
    });
    const fake = await submit(page, 'Speichern', page.locator('main form'));
    assert.equal(fake.status(), 422, 'a fake image is answered with 422');
    assert.equal(await text(fieldError(page, 'image')), 'Fehler: Die Datei ist kein JPEG-, PNG- oder WebP-Bild.');
    assert.equal(await page.locator('#image').getAttribute('aria-invalid'), 'true');
    assert.match(await text(page.locator('.error-summary')), /Die Datei ist kein JPEG-, PNG- oder WebP-Bild\./);
    assert.equal(await page.locator('#title').inputValue(), PROCESS.title, 'typed values are kept');
    await a11y.check(page, 'edit process form with image error');

    // Nothing was changed: the image is still there.
    await page.goto(processPath());
    assert.equal(await page.locator('img.process-image').getAttribute('alt'), PROCESS.imageAlt);
    assert.equal(await heading(page), PROCESS.title);

    await logout(page);
  });

  a11y.assertClean();
});

// ---- 2. citizens ----

test('citizen journey: comment, reply, react, edit, delete, sort', async (t) => {
  const a11y = new A11yLog();
  const first = 'Am Ostufer ist es abends sehr dunkel. Bitte mehr Laternen!';
  const edited = 'Am Ostufer ist es abends sehr dunkel. Bitte mehr Laternen und eine Bank am Steg!';
  const reply = 'Da stimme ich zu, vor allem im Winter.';
  const second = 'Der Radweg sollte von den Fußwegen deutlich getrennt sein.';

  const b = await openPage(browser, server);
  try {
    await withPage({}, async (page) => {
      // Alma opens the process from its card on the start page
      await login(page, alma);
      const sections = await page.locator('main h2').allInnerTexts();
      for (const s of ['Jetzt mitmachen', 'Demnächst', 'Ergebnisse und Auswertung']) {
        assert.ok(sections.map((x) => x.trim()).includes(s), `start page has the section "${s}"`);
      }
      await a11y.check(page, 'home, citizen');
      await openFromHome(page, PROCESS.title, (label) => a11y.check(page, label));
      assert.equal(await heading(page), PROCESS.title);
      assert.equal(await page.locator('section.staff-panel').count(), 0, 'citizens do not manage processes');
      assert.equal(await page.locator('#comments > li').count(), 0);
      assert.equal(await text(page.locator('#no-comments')), 'Noch keine Beiträge. Schreiben Sie den ersten!');
      await a11y.check(page, 'process page, citizen, no comments yet');

      // Alma writes a comment
      await page.locator('#new-comment').fill(first);
      await submit(page, 'Beitrag veröffentlichen');
      almaComment = commentIdFromUrl(page);
      assert.equal(pathOf(page), processPath());
      assert.equal(await flash(page), 'Ihr Beitrag wurde veröffentlicht.');
      let mine = commentArticle(page, almaComment);
      assert.equal(await text(mine.locator('.comment-author')), alma.name);
      assert.equal(await text(mine.locator('.comment-body')), first);
      assert.match(await mine.locator('time').getAttribute('datetime'), /^\d{4}-\d\d-\d\dT/);
      assert.equal(await mine.locator('button.reaction').count(), 0, 'no reaction buttons on one\'s own comment');
      assert.equal(await mine.getByRole('link', { name: 'Bearbeiten' }).count(), 1);
      assert.equal(await mine.getByRole('link', { name: 'Löschen' }).count(), 1);
      assert.equal(await page.locator('#no-comments').count(), 0);
      await a11y.check(page, 'process page after posting a comment');

      // Bruno replies in his own browser
      await login(b.page, bruno);
      await b.page.goto(processPath());
      const almasForBruno = commentArticle(b.page, almaComment);
      assert.equal(await text(almasForBruno.locator('button.reaction.agree')), 'Zustimmen 0');
      assert.equal(await almasForBruno.getByRole('link', { name: 'Bearbeiten' }).count(), 0, 'no editing of others\' comments');
      const details = almasForBruno.locator('details.reply');
      assert.equal(await details.evaluate((d) => d.open), false, 'the reply form starts closed');
      assert.equal(await b.page.locator(`#reply-${almaComment}`).isVisible(), false);
      await a11y.check(b.page, 'process page, other citizen');
      await details.locator('summary').click();
      assert.equal(await details.evaluate((d) => d.open), true);
      assert.equal(await text(details.locator('summary')), `Antworten Antwort an ${alma.name}`);
      assert.equal(await b.page.locator(`#reply-${almaComment}`).isVisible(), true);
      await a11y.check(b.page, 'process page with the reply form open');

      await b.page.locator(`#reply-${almaComment}`).fill(reply);
      await submit(b.page, 'Antwort veröffentlichen', details);
      const brunoReply = commentIdFromUrl(b.page);
      assert.equal(await flash(b.page), 'Ihr Beitrag wurde veröffentlicht.');
      const replyItem = b.page.locator(`ol#replies-${almaComment} > li#comment-${brunoReply}`);
      assert.equal(await replyItem.count(), 1, 'the reply is listed under the comment');
      assert.equal(await text(replyItem.locator('> article .comment-author')), bruno.name);
      assert.equal(await text(replyItem.locator('> article .comment-body')), reply);
      await a11y.check(b.page, 'process page after replying');

      // Alma agrees with the reply, then withdraws and agrees again
      await page.goto(processPath());
      const brunosForAlma = commentArticle(page, brunoReply);
      let agree = brunosForAlma.locator('button.reaction.agree');
      let disagree = brunosForAlma.locator('button.reaction.disagree');
      assert.equal(await text(agree), 'Zustimmen 0');
      assert.equal(await agree.getAttribute('aria-pressed'), 'false');
      await navigate(page, () => agree.click());
      assert.equal(new URL(page.url()).hash, `#comment-${brunoReply}`);
      assert.equal(await text(agree), 'Zustimmen 1');
      assert.equal(await agree.getAttribute('aria-pressed'), 'true');
      assert.equal(await text(disagree), 'Ablehnen 0');
      assert.equal(await disagree.getAttribute('aria-pressed'), 'false');
      await a11y.check(page, 'process page after agreeing');

      await navigate(page, () => agree.click());
      assert.equal(await text(agree), 'Zustimmen 0', 'clicking the pressed button withdraws the reaction');
      assert.equal(await agree.getAttribute('aria-pressed'), 'false');
      await navigate(page, () => agree.click());
      assert.equal(await text(agree), 'Zustimmen 1');
      assert.equal(await agree.getAttribute('aria-pressed'), 'true');

      // Bruno sees the count, but not as his own reaction (no buttons on his own comment)
      await b.page.reload();
      assert.equal(await commentArticle(b.page, brunoReply).locator('button.reaction').count(), 0);
      const counts = await text(commentArticle(b.page, brunoReply).locator('.reaction-counts'));
      assert.equal(counts, 'eine Zustimmung · 0 Ablehnungen');

      // Alma edits her comment
      mine = commentArticle(page, almaComment);
      await follow(page, 'Bearbeiten', mine);
      assert.equal(pathOf(page), `/comments/${almaComment}/edit`);
      assert.equal(await heading(page), 'Beitrag bearbeiten');
      assert.equal(await page.locator('#body').inputValue(), first);
      await a11y.check(page, 'edit comment');
      await page.locator('#body').fill(edited);
      await submit(page, 'Änderung speichern');
      assert.equal(pathOf(page), processPath());
      assert.equal(await flash(page), 'Ihr Beitrag wurde geändert.');
      mine = commentArticle(page, almaComment);
      assert.equal(await text(mine.locator('.comment-body')), edited);
      assert.equal(await text(mine.locator('.edited')), '(bearbeitet)');
      await a11y.check(page, 'process page after editing');

      // Bruno deletes his reply: a placeholder keeps the thread readable
      await b.page.goto(processPath());
      await follow(b.page, 'Löschen', commentArticle(b.page, brunoReply));
      assert.equal(pathOf(b.page), `/comments/${brunoReply}/delete`);
      assert.equal(await heading(b.page), 'Beitrag löschen');
      assert.equal(await text(b.page.locator('blockquote.quoted-comment')), reply);
      await a11y.check(b.page, 'delete comment confirmation');
      await submit(b.page, 'Ja, löschen');
      assert.equal(pathOf(b.page), processPath());
      assert.equal(await flash(b.page), 'Der Beitrag wurde gelöscht.');
      const gone = commentArticle(b.page, brunoReply);
      assert.equal(await text(gone.locator('.comment-deleted')), 'Dieser Beitrag wurde gelöscht.');
      assert.equal(await text(gone.locator('.comment-author')), 'Gelöschter Beitrag');
      assert.doesNotMatch(await text(gone), new RegExp(reply));
      assert.equal(await b.page.locator(`ol#replies-${almaComment} > li`).count(), 1, 'the placeholder stays in place');
      await a11y.check(b.page, 'process page after deleting a reply');

      // Bruno writes a comment of his own; then the order can be changed
      await b.page.locator('#new-comment').fill(second);
      await submit(b.page, 'Beitrag veröffentlichen');
      const brunoComment = commentIdFromUrl(b.page);
      const order = async (p) =>
        p.locator('#comments > li').evaluateAll((lis) => lis.map((li) => Number(li.id.replace('comment-', ''))));
      assert.deepEqual(await order(b.page), [brunoComment, almaComment], 'newest first by default');
      const sort = b.page.getByRole('navigation', { name: 'Sortierung' });
      assert.equal(await sort.getByRole('link', { name: 'Neueste zuerst' }).getAttribute('aria-current'), 'true');
      await follow(b.page, 'Älteste zuerst', sort);
      assert.equal(new URL(b.page.url()).searchParams.get('sort'), 'oldest');
      assert.equal(await sort.getByRole('link', { name: 'Älteste zuerst' }).getAttribute('aria-current'), 'true');
      assert.equal(await sort.getByRole('link', { name: 'Neueste zuerst' }).getAttribute('aria-current'), null);
      assert.deepEqual(await order(b.page), [almaComment, brunoComment], 'oldest first');
      await a11y.check(b.page, 'process page sorted oldest first');

      // Bruno agrees with Alma's comment: it leads "Meiste Zustimmung".
      await navigate(b.page, () => commentArticle(b.page, almaComment).locator('button.reaction.agree').click());
      assert.equal(new URL(b.page.url()).searchParams.get('sort'), 'oldest', 'the reaction keeps the sort order');
      await follow(b.page, 'Meiste Zustimmung', sort);
      assert.equal(new URL(b.page.url()).searchParams.get('sort'), 'agreed');
      assert.deepEqual(await order(b.page), [almaComment, brunoComment], 'most agreed first');
      await a11y.check(b.page, 'process page sorted by agreement');
      await follow(b.page, 'Neueste zuerst', sort);
      assert.deepEqual(await order(b.page), [brunoComment, almaComment]);

      await logout(page);
    });
    b.guard.assertClean();
  } finally {
    await b.context.close();
  }

  a11y.assertClean();
});

// ---- 3. live ----

test('live: a new comment and a reply appear on an open page without reloading', async () => {
  const a11y = new A11yLog();
  const livePath = `${processPath()}/live`;
  const topText = `Live-Beitrag ${RUN}: Wann beginnen die Bauarbeiten?`;
  const replyText = `Live-Antwort ${RUN}: Gute Frage, das würde mich auch interessieren.`;

  const writer = await openPage(browser, server);
  try {
    await withPage({}, async (reader) => {
      // The reader (not logged in) opens the page and the live stream connects.
      const streamOpened = reader.waitForResponse((res) => new URL(res.url()).pathname === livePath);
      await reader.goto(processPath());
      assert.equal(await reader.locator('script[src^="/static/live."][src$=".js"]').count(), 1, 'the page loads live.js');
      const stream = await streamOpened;
      assert.equal(stream.status(), 200);
      assert.match(stream.headers()['content-type'] || '', /^text\/event-stream/);
      assert.equal(
        await text(reader.getByRole('link', { name: 'Melden Sie sich an, um mitzudiskutieren' })),
        'Melden Sie sich an, um mitzudiskutieren',
      );
      assert.equal(await reader.locator('#new-comment').count(), 0);
      assert.equal(await text(reader.locator('#live-status')), '');
      assert.equal(await reader.locator('#live-status').getAttribute('aria-live'), 'polite');
      await a11y.check(reader, 'process page, anonymous reader');

      // Any navigation of the reader's page would be seen here.
      let navigations = 0;
      const onNav = (frame) => {
        if (frame === reader.mainFrame()) navigations += 1;
      };
      reader.on('framenavigated', onNav);
      await reader.evaluate(() => {
        window.__noReload = true;
      });

      // The writer posts a top-level comment.
      await login(writer.page, bruno);
      await writer.page.goto(processPath());
      await writer.page.locator('#new-comment').fill(topText);
      await submit(writer.page, 'Beitrag veröffentlichen');
      const posted = Date.now();
      const topId = commentIdFromUrl(writer.page);

      const inserted = reader.locator(`#comments > li#comment-${topId}`);
      await inserted.waitFor({ state: 'attached', timeout: 2000 });
      const delay = Date.now() - posted;
      assert.ok(delay <= 2000, `the comment appeared after ${delay} ms`);
      assert.equal(await text(inserted.locator('> article .comment-author')), bruno.name);
      assert.equal(await text(inserted.locator('> article .comment-body')), topText);
      assert.equal(await reader.locator('#comments > li').first().getAttribute('id'), `comment-${topId}`, 'newest first');
      await reader.waitForFunction(
        (expected) => document.getElementById('live-status').textContent.trim() === expected,
        `Neuer Beitrag von ${bruno.name}`,
        { timeout: 2000 },
      );
      // A reader who is not logged in gets no reaction or reply forms.
      assert.equal(await inserted.locator('form, details').count(), 0);
      assert.equal(navigations, 0, 'the reader page did not navigate');
      assert.equal(await reader.evaluate(() => window.__noReload), true, 'the reader page was not reloaded');
      await a11y.check(reader, 'process page, anonymous reader, after a live comment');

      // A reply to Alma's comment appears under it.
      assert.ok(almaComment, 'the citizen journey wrote a comment');
      await writer.page.locator(`li#comment-${almaComment} > article details.reply > summary`).click();
      await writer.page.locator(`#reply-${almaComment}`).fill(replyText);
      await submit(writer.page, 'Antwort veröffentlichen', writer.page.locator(`li#comment-${almaComment} > article details.reply`));
      const replyId = commentIdFromUrl(writer.page);
      brunoLiveReply = replyId;

      const insertedReply = reader.locator(`ol#replies-${almaComment} > li#comment-${replyId}`);
      await insertedReply.waitFor({ state: 'attached', timeout: 2000 });
      assert.equal(await text(insertedReply.locator('> article .comment-body')), replyText);
      assert.equal(await text(reader.locator('#live-status')), `Neuer Beitrag von ${bruno.name}`);
      assert.equal(navigations, 0, 'the reader page did not navigate');
      await a11y.check(reader, 'process page, anonymous reader, after a live reply');

      reader.off('framenavigated', onNav);
    });
    writer.guard.assertClean();
  } finally {
    await writer.context.close();
  }

  a11y.assertClean();
});

// ---- 4. search, lists, drafts, archive, feeds ----

test('search, filtered list, drafts, archive and feeds', async () => {
  const a11y = new A11yLog();
  const draftTitle = `Sitzbänke im Stadtpark ${RUN}`;

  await withPage({}, async (page) => {
    // Search with German stemming: "Radwege" finds "Radweg"
    await page.goto('/search');
    assert.equal(await heading(page), 'Suche');
    await a11y.check(page, 'search, empty');
    await page.locator('#q').fill('Radwege');
    await submit(page, 'Suchen', page.locator('main form[role="search"]'));
    assert.equal(pathOf(page), '/search');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'Radwege');
    // Comments in its discussion are found too; they carry the process title as well.
    const hit = page.locator(`ol.search-results > li:has(a[href="${processPath()}"])`);
    assert.equal(await hit.count(), 1, 'the search for "Radwege" finds the process about a "Radweg"');
    assert.equal(await text(hit.getByRole('link')), PROCESS.title);
    assert.equal(await text(hit.locator('.meta')), 'Beteiligungsverfahren');
    await a11y.check(page, 'search results');

    await page.locator('#q').fill(`xyzzy${RUN}`);
    await submit(page, 'Suchen', page.locator('main form[role="search"]'));
    assert.equal(await page.locator('ol.search-results > li').count(), 0);
    await a11y.check(page, 'search without results');

    // List with filters
    await page.goto('/processes');
    await a11y.check(page, 'process list');
    await page.locator('#f-department').selectOption({ label: DEPARTMENT });
    await page.locator('#f-tag').selectOption({ label: TAG });
    await page.locator('#f-status').selectOption({ label: 'Laufend' });
    await submit(page, 'Filtern');
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('tag'), TAG);
    assert.equal(params.get('status'), 'current');
    assert.equal(await page.locator('#f-department option:checked').innerText(), DEPARTMENT, 'the filter is kept');
    const cards = page.locator('.process-cards > li');
    assert.equal(await cards.count(), 1);
    assert.equal(await text(cards.first().locator('.process-card-title')), PROCESS.title);
    assert.match(await text(cards.first()), /(noch \d+ Tage?|letzter Tag) · bis /);
    await a11y.check(page, 'process list, filtered');

    await page.locator('#f-status').selectOption({ label: 'Demnächst' });
    await submit(page, 'Filtern');
    assert.equal(await page.locator('.process-cards > li').count(), 0);
    await a11y.check(page, 'process list, filtered, no results');

    // Staff: a draft shows up among the drafts, is archived, then shows up in the archive
    await login(page, STAFF);
    await page.goto('/processes/new');
    await fillProcessForm(page, {
      title: draftTitle,
      summary: 'Wo fehlen Bänke im Stadtpark? Noch in Vorbereitung.',
      tags: [TAG],
      department: DEPARTMENT,
      phases: { participation: [30, 40] },
    });
    await submit(page, 'Als Entwurf speichern');
    assert.match(pathOf(page), /^\/processes\/\d+$/);
    const draftPath = pathOf(page);
    assert.equal(await flash(page), 'Das Verfahren wurde gespeichert.');
    assert.match(await text(page.locator('.process-header .meta')), /Entwurf/);
    assert.equal(await page.locator('section.staff-panel').getByRole('button', { name: 'Veröffentlichen' }).count(), 1);
    await a11y.check(page, 'draft process page');

    await page.goto('/processes/drafts');
    assert.equal(await heading(page), 'Entwürfe');
    assert.equal(await page.locator('.process-cards').getByRole('link', { name: draftTitle, exact: true }).count(), 1);
    await a11y.check(page, 'drafts');

    await page.goto(draftPath);
    await submit(page, 'Archivieren', page.locator('section.staff-panel'));
    assert.equal(await flash(page), 'Der Status des Verfahrens wurde geändert.');
    assert.match(await text(page.locator('.process-header .meta')), /Archiv/);
    await a11y.check(page, 'archived process page');

    await page.goto('/processes/archive');
    assert.equal(await heading(page), 'Archiv');
    assert.equal(await page.locator('#f-status').count(), 0, 'no status filter in the archive');
    assert.equal(await page.locator('.process-cards').getByRole('link', { name: draftTitle, exact: true }).count(), 1);
    await a11y.check(page, 'archive');
    await page.goto('/processes/drafts');
    assert.equal(await page.locator('.process-cards').getByRole('link', { name: draftTitle, exact: true }).count(), 0);
    await logout(page);

    // Visitors are asked to log in for the drafts page.
    await page.goto('/processes/drafts');
    assert.equal(pathOf(page), '/login', 'the drafts page is not for visitors');

    // Feeds
    for (const [p, expected] of [
      ['/processes.atom', PROCESS.title],
      [`${processPath()}/comments.atom`, 'Bitte mehr Laternen und eine Bank am Steg!'],
    ]) {
      const res = await page.request.get(p);
      assert.equal(res.status(), 200, `${p} answers 200`);
      assert.match(res.headers()['content-type'] || '', /^application\/atom\+xml\b/, `${p} is an Atom feed`);
      const body = await res.text();
      assert.match(body, /<feed\b[^>]*xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
      assert.ok(body.includes(expected), `${p} contains ${JSON.stringify(expected)}`);
      assert.ok(!body.includes(draftTitle), `${p} does not list the draft`);
    }
  });

  a11y.assertClean();
});

// ---- 5. without JavaScript ----

test('without JavaScript a citizen can still comment and reply', async () => {
  // axe-core needs JavaScript in the page: this run checks function only.
  const topText = 'Ohne JavaScript: Bitte an Lastenräder denken.';
  const replyText = 'Ohne JavaScript geantwortet: mehr Licht wäre gut.';
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await registerAndVerify(page, server, carla);
    await login(page, carla);
    await page.goto(processPath());
    assert.equal(await heading(page), PROCESS.title);

    await page.locator('#new-comment').fill(topText);
    await submit(page, 'Beitrag veröffentlichen');
    const id = commentIdFromUrl(page);
    assert.equal(await flash(page), 'Ihr Beitrag wurde veröffentlicht.');
    assert.equal(await text(commentArticle(page, id).locator('.comment-body')), topText);

    // <details> opens without any script.
    assert.ok(almaComment, 'the citizen journey wrote a comment');
    const details = commentArticle(page, almaComment).locator('details.reply');
    assert.equal(await page.locator(`#reply-${almaComment}`).isVisible(), false);
    await details.locator('summary').click();
    assert.equal(await page.locator(`#reply-${almaComment}`).isVisible(), true);
    await page.locator(`#reply-${almaComment}`).fill(replyText);
    await submit(page, 'Antwort veröffentlichen', details);
    const replyId = commentIdFromUrl(page);
    assert.equal(await flash(page), 'Ihr Beitrag wurde veröffentlicht.');
    const item = page.locator(`ol#replies-${almaComment} > li#comment-${replyId}`);
    assert.equal(await text(item.locator('> article .comment-author')), carla.name);
    assert.equal(await text(item.locator('> article .comment-body')), replyText);

    // A reply to a reply (listed under the first reply).
    assert.ok(brunoLiveReply, 'the live test wrote a reply');
    const deeper = commentArticle(page, brunoLiveReply).locator('details.reply');
    await deeper.locator('summary').click();
    await page.locator(`#reply-${brunoLiveReply}`).fill('Und bitte auch an die Ecke beim Bootsverleih.');
    await submit(page, 'Antwort veröffentlichen', deeper);
    const deepId = commentIdFromUrl(page);
    assert.equal(await page.locator(`ol#replies-${brunoLiveReply} > li#comment-${deepId}`).count(), 1);

    // Reacting works as a plain form, too.
    const agree = commentArticle(page, almaComment).locator('button.reaction.agree');
    await navigate(page, () => agree.click());
    assert.equal(await agree.getAttribute('aria-pressed'), 'true');
    await logout(page);
  });
});

// ---- 6. screenshots ----

test('screenshots of the process page with comments (1200 px and 375 px)', async () => {
  const a11y = new A11yLog();
  for (const [name, viewport] of [
    ['process-page-desktop', { width: 1200, height: 900 }],
    ['process-page-mobile', { width: 375, height: 812 }],
  ]) {
    await withPage({ viewport }, async (page) => {
      await login(page, alma);
      await page.goto(processPath());
      assert.ok((await page.locator('#comments > li').count()) >= 2, 'the discussion has comments');
      await page.waitForFunction(() => {
        const i = document.querySelector('img.process-image');
        return i && i.complete;
      });
      // One reply form open, to show it as well.
      await page.locator('#comments details.reply > summary').first().click();
      await a11y.check(page, `process page with comments at ${viewport.width} px`);
      await checkReflow(page, `process page at ${viewport.width} px`);
      await screenshot(page, name);
    });
  }
  a11y.assertClean();
});

/** Fails for every measured page (horizontalOverflow results) that is wider than its viewport. */
function assertFits(measured) {
  const tooWide = Object.entries(measured)
    .filter(([, r]) => r.scrollWidth > r.viewport)
    .map(([label, r]) => `${label} is ${r.scrollWidth}px wide at a ${r.viewport}px viewport: ${r.overflowing.join(', ') || '(unknown)'}`);
  assert.deepEqual(tooWide, [], 'pages scroll sideways (WCAG 1.4.10 Reflow)');
}

test('process pages reflow to 320 CSS pixels without horizontal scrolling', async (t) => {
  // WCAG 1.4.10 (Reflow) is not checked by axe-core.
  const viewport = { width: 320, height: 640 };
  await withPage({ viewport }, async (page) => {
    for (const p of [processPath(), '/', '/processes', '/processes/archive', '/search?q=Radweg']) {
      await page.goto(p);
      await checkReflow(page);
    }
  });

  await withPage({ viewport }, async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/drafts');
    await checkReflow(page);

    const form = {};
    await page.goto('/processes/new');
    form['/processes/new'] = await horizontalOverflow(page);
    await submit(page, 'Veröffentlichen');
    form['/processes/new with errors'] = await horizontalOverflow(page);
    await page.goto(`${processPath()}/edit`);
    form[`${processPath()}/edit`] = await horizontalOverflow(page);
    await t.test('the process form fits 320 px', () => assertFits(form));

    // Logged in, every comment of others has reaction buttons, also the
    // replies to replies, which are indented twice.
    await page.goto(processPath());
    assert.ok((await page.locator('li.comment.depth-2 form.reactions').count()) > 0, 'a reply to a reply with reaction buttons');
    const discussion = { [`${processPath()}, logged in`]: await horizontalOverflow(page) };
    await t.test('the discussion fits 320 px when reaction buttons are shown', () =>
      assertFits(discussion),
    );
  });
});
