'use strict';
// The start page (what is open now, soon, results; cards; in figures), search
// (ranking, marked excerpts, filters by type, paging) and the site's identity
// (an administrator sets the name and logo, shown in the header and titles).
// axe-core (WCAG 2.1 A/AA) on every page state; screenshots at 1280 and 320 px;
// search and its filters without JavaScript too.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, checkA11y, checkReflow, screenshot } = require('../lib/browser');
const { makePng } = require('../lib/images');
const { uniqueEmail, navigate, submit, follow, text, heading, flash, login } = require('../lib/flows');

const ADMIN = { email: uniqueEmail('admin'), password: 'admin-pass-12345', name: 'Admin' };
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 320, height: 640 },
];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...ADMIN, role: 'admin' });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function withPage(options, fn) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

test('the start page shows open processes first, with days left, a phase bar and figures', async () => {
  for (const viewport of VIEWPORTS) {
    await withPage({ viewport }, async (page) => {
      await page.goto('/');
      const sections = await page.locator('main h2').allInnerTexts();
      const open = sections.indexOf('Jetzt mitmachen');
      const soon = sections.indexOf('Demnächst');
      const done = sections.indexOf('Ergebnisse und Auswertung');
      assert.ok(open >= 0 && open < soon && soon < done, `sections in order: ${sections}`);
      const openSection = page.locator('section[aria-labelledby="section-open"]');
      const cards = openSection.locator('.process-card');
      assert.ok((await cards.count()) > 0, 'something is open in the demo');
      // Every open card says how long it runs, in words, beside its bar.
      for (let i = 0; i < (await cards.count()); i++) {
        const card = cards.nth(i);
        assert.match(await text(card.locator('.deadline')), /^(noch \d+ Tage?|letzter Tag) · bis /);
        assert.equal(await card.locator('progress.phase-progress').count(), 1);
        assert.match(await text(card), /Tag \d+ von \d+ der Beteiligungsphase/);
      }
      // Cards in a row are equally high.
      if (viewport.width === 1280 && (await cards.count()) >= 2) {
        const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
        if (Math.abs(a.y - b.y) < 1) assert.ok(Math.abs(a.height - b.height) < 1, 'equal heights');
      }
      const figures = page.locator('.figures-band');
      assert.match(await text(figures), /Beteiligungsverfahren \d/);
      // Numbers of four digits and more carry the German separator.
      for (const dd of await figures.locator('dd').allInnerTexts()) {
        assert.match(dd, /^\d{1,3}(\.\d{3})*$/, dd);
      }
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      await checkA11y(page, `start page at ${viewport.width} px`);
      await checkReflow(page, `start page at ${viewport.width} px`);
      await screenshot(page, `home-${viewport.width}`);
    });
  }
});

test('search ranks the process of that name first, marks the words and filters by type', async () => {
  for (const viewport of VIEWPORTS) {
    await withPage({ viewport }, async (page) => {
      await page.goto('/');
      await page.locator('#home-q').fill('Radverkehrskonzept');
      await navigate(page, () => page.locator('#home-q').press('Enter'));
      assert.equal(await heading(page), 'Suche');
      const first = page.locator('.search-result').first();
      assert.equal(await text(first.locator('.meta')), 'Beteiligungsverfahren');
      assert.match(await text(first.locator('h2')), /Radverkehrskonzept Altona/);
      assert.ok((await page.locator('.search-results mark').count()) > 0, 'words marked');
      const excerpts = await page.locator('.search-excerpt').allInnerTexts();
      assert.ok(excerpts.every((e) => !e.includes('###') && !e.includes('**')), 'no Markdown');
      await checkA11y(page, `search at ${viewport.width} px`);
      await checkReflow(page, `search at ${viewport.width} px`);
      await screenshot(page, `search-${viewport.width}`);

      // Only comments, through the filter link.
      const filter = page.locator('.search-kinds a', { hasText: /^Beiträge \(\d+\)$/ });
      if ((await filter.count()) > 0) {
        await navigate(page, () => filter.click());
        assert.equal(new URL(page.url()).searchParams.get('type'), 'comment');
        const kinds = await page.locator('.search-result .meta').allInnerTexts();
        assert.ok(kinds.every((k) => k === 'Beitrag in der Diskussion'), kinds.join());
        assert.match(await text(page.locator('.search-kinds [aria-current="page"]')), /^Beiträge \(\d+\)$/);
        await checkA11y(page, `search filtered at ${viewport.width} px`);
      }
    });
  }
});

test('search pages and filters work without JavaScript', async () => {
  // axe-core needs JavaScript in the page: this run checks function only
  // (the same pages are checked with JavaScript above and below).
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto('/search?q=Hamburg');
    const status = await text(page.locator('p[role="status"]'));
    assert.match(status, /Treffer für „Hamburg“/);
    const next = page.locator('.pagination a[rel="next"]');
    if ((await next.count()) > 0) {
      await navigate(page, () => next.click());
      const u = new URL(page.url());
      assert.equal(u.searchParams.get('q'), 'Hamburg');
      assert.equal(u.searchParams.get('page'), '2');
    }
    await follow(page, /^Verfahren \(\d+\)$/, page.locator('.search-kinds'));
    const kinds = await page.locator('.search-result .meta').allInnerTexts();
    assert.ok(kinds.length > 0 && kinds.every((k) => k === 'Beteiligungsverfahren'), kinds.join());
  });
  // Page 2 with JavaScript, for axe.
  await withPage({}, async (page) => {
    await page.goto('/search?q=Hamburg&type=&page=2');
    await checkA11y(page, 'search page 2');
  });
});

test('an administrator names the site and uploads a logo, shown in every header', async () => {
  await withPage({ viewport: VIEWPORTS[0] }, async (page) => {
    await login(page, ADMIN);
    await page.goto('/admin');
    await follow(page, 'Einstellungen der Website');
    await checkA11y(page, 'site settings');
    // Too long: the message stands next to the field and the text stays.
    const long = 'Hamburg beteiligt sich an allem, was die Stadt bewegt, jeden Tag';
    await page.locator('#name').fill(long);
    await submit(page, 'Einstellungen speichern');
    assert.equal(await text(page.locator('#name-error')), 'Fehler: Der Name ist zu lang: höchstens 60 Zeichen.');
    assert.equal(await page.locator('#name').inputValue(), long);
    await checkA11y(page, 'site settings with an error');
    // A file that is no picture.
    await page.locator('#name').fill('Hamburg gestaltet');
    await page.locator('#logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('kein Bild') });
    await submit(page, 'Einstellungen speichern');
    assert.ok((await page.locator('#logo-error').count()) === 1);
    await checkA11y(page, 'site settings with a refused logo');
    // Name and logo.
    await page.locator('#logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: makePng(600, 200) });
    await submit(page, 'Einstellungen speichern');
    assert.equal(await flash(page), 'Die Einstellungen wurden gespeichert.');
    await checkA11y(page, 'site settings saved');
  });
  for (const viewport of VIEWPORTS) {
    await withPage({ viewport }, async (page) => {
      await page.goto('/');
      assert.equal(await text(page.locator('header .brand')), 'Hamburg gestaltet');
      const logo = page.locator('header .brand img.brand-logo');
      await logo.waitFor();
      await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
      assert.match(await page.title(), / – Hamburg gestaltet$/);
      await checkA11y(page, `start page with logo at ${viewport.width} px`);
      await checkReflow(page, `start page with logo at ${viewport.width} px`);
      await screenshot(page, `home-logo-${viewport.width}`);
    });
  }
});
